//! Atomic writes and locking: a `generate` killed at any point leaves every file old or new
//! (never partial), and a folder `check` accepts for one of the two specs or that the next
//! run (with either spec) finishes; concurrent runs end with one run's consistent crate.
//!
//! `SPECGEN_TEST_WRITE_DELAY_MS` makes the binary sleep before each step that changes the
//! folder, so that kills and competing runs land between steps of the write, not only
//! during generation.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

fn repo(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..").join(path)
}

/// The two versions written over each other: the shipped spec as it is, and with its
/// overlay applied plus `--example-tests`, which changes some files, keeps others and adds
/// `tests/examples.rs`.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Version {
    Old,
    New,
}

fn args(version: Version, subcommand: &str, out: &Path) -> Vec<String> {
    let mut args: Vec<String> = vec![
        subcommand.into(),
        repo("spec/hubspot-orders.yaml").display().to_string(),
        "--out".into(),
        out.display().to_string(),
        "--crate-name".into(),
        "hubspot-orders".into(),
    ];
    if version == Version::New {
        args.push("--overlay".into());
        args.push(
            repo("spec/hubspot-orders.overlay.yaml")
                .display()
                .to_string(),
        );
        args.push("--example-tests".into());
    }
    args
}

fn command(version: Version, subcommand: &str, out: &Path, delay_ms: u64) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_specgen"));
    command
        .args(args(version, subcommand, out))
        .stdout(Stdio::null())
        .stderr(Stdio::piped());
    if delay_ms > 0 {
        command.env("SPECGEN_TEST_WRITE_DELAY_MS", delay_ms.to_string());
    }
    command
}

fn run(version: Version, subcommand: &str, out: &Path) -> Output {
    command(version, subcommand, out, 0)
        .output()
        .expect("runs specgen")
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

fn is_temp(path: &Path) -> bool {
    path.file_name()
        .and_then(|n| n.to_str())
        .is_some_and(|n| n.starts_with(".specgen-") && n.ends_with(".tmp"))
}

/// Every file below `dir` with its contents.
fn files(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut found = BTreeMap::new();
    let mut stack = vec![dir.to_owned()];
    while let Some(current) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&current) else {
            continue;
        };
        for entry in entries {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                stack.push(path);
            } else {
                let relative = path.strip_prefix(dir).expect("below").to_owned();
                found.insert(relative, std::fs::read(&path).expect("read"));
            }
        }
    }
    found
}

/// The crates the two versions generate, manifest included.
fn reference(dir: &Path, version: Version) -> BTreeMap<PathBuf, Vec<u8>> {
    let out = dir.join(format!("{version:?}"));
    let output = run(version, "generate", &out);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    files(&out)
}

/// Every file of `out` is the old or the new version of itself (the pending manifest is the
/// new manifest), temporary files aside; a file that both versions have is never missing.
/// Returns whether a pending manifest is there (the kill landed in the commit).
fn assert_old_or_new(
    out: &Path,
    old: &BTreeMap<PathBuf, Vec<u8>>,
    new: &BTreeMap<PathBuf, Vec<u8>>,
) -> bool {
    let now = files(out);
    let pending = PathBuf::from(".specgen-manifest.pending");
    for (path, contents) in &now {
        if is_temp(path) {
            continue;
        }
        let lookup = if *path == pending {
            PathBuf::from(".specgen-manifest")
        } else {
            path.clone()
        };
        let ok = old.get(&lookup) == Some(contents) || new.get(&lookup) == Some(contents);
        assert!(
            ok,
            "{} is neither the old nor the new version ({} bytes)",
            path.display(),
            contents.len()
        );
    }
    for path in old.keys().filter(|p| new.contains_key(*p)) {
        assert!(now.contains_key(path), "{} went missing", path.display());
    }
    now.contains_key(&pending)
}

fn check_passes(version: Version, out: &Path) -> bool {
    run(version, "check", out).status.code() == Some(0)
}

#[test]
fn a_killed_generate_leaves_every_file_old_or_new() {
    let dir = tempfile::tempdir().expect("tempdir");
    let old = reference(dir.path(), Version::Old);
    let new = reference(dir.path(), Version::New);
    assert_ne!(old, new);
    let out = dir.path().join("crate");
    const DELAY_MS: u64 = 8;

    // How long an uninterrupted run takes without and with the pauses: the kills spread
    // from half-way through generation to the end, most of them landing in the write.
    let timed = |delay_ms| {
        let fresh = run(Version::Old, "generate", &out);
        assert_eq!(fresh.status.code(), Some(0), "{}", stderr(&fresh));
        let start = Instant::now();
        let full = command(Version::New, "generate", &out, delay_ms)
            .output()
            .expect("runs");
        assert_eq!(full.status.code(), Some(0), "{}", stderr(&full));
        start.elapsed()
    };
    let first = timed(0) / 2;
    let span = timed(DELAY_MS).saturating_sub(first);

    // A cheap pseudo-random jitter: kills land anywhere in each slice of the run.
    let mut seed = u64::from(std::process::id()) ^ 0x9E37_79B9_7F4A_7C15;
    let mut jitter = move || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        (seed % 1000) as f64 / 1000.0
    };
    const KILLS: u32 = 10;
    let (mut before_commit, mut in_commit, mut finished) = (0, 0, 0);
    for round in 0..KILLS {
        // Back to the old crate: after a kill this is also the recovery, with the other spec.
        let reset = run(Version::Old, "generate", &out);
        assert_eq!(
            reset.status.code(),
            Some(0),
            "round {round}: {}",
            stderr(&reset)
        );
        assert!(check_passes(Version::Old, &out));

        let mut child: Child = command(Version::New, "generate", &out, DELAY_MS)
            .spawn()
            .expect("spawns");
        let at = first + span.mul_f64((f64::from(round) + jitter()) / f64::from(KILLS));
        std::thread::sleep(at);
        child.kill().expect("kill");
        child.wait().expect("wait");

        let pending = assert_old_or_new(&out, &old, &new);
        if pending {
            // Killed between the first rename and the commit: a mix, which `check` calls
            // drift for either spec until a run finishes.
            in_commit += 1;
            assert!(!check_passes(Version::Old, &out) && !check_passes(Version::New, &out));
        } else if check_passes(Version::New, &out) {
            finished += 1;
        } else {
            assert!(
                check_passes(Version::Old, &out),
                "round {round} (kill after {at:?}): without a pending manifest the crate is the old or the new one"
            );
            before_commit += 1;
        }
    }
    eprintln!(
        "{KILLS} kills from {first:?} over {span:?}: {before_commit} before the commit, {in_commit} during it, {finished} after it"
    );
    // Whatever the last kill left, a run with the new spec completes it.
    let last = run(Version::New, "generate", &out);
    assert_eq!(last.status.code(), Some(0), "{}", stderr(&last));
    assert!(check_passes(Version::New, &out));
    assert!(
        files(&out).keys().all(|p| !is_temp(p)),
        "temporary files are cleaned up"
    );
}

#[test]
fn concurrent_runs_end_with_one_consistent_crate() {
    let dir = tempfile::tempdir().expect("tempdir");
    for prepopulated in [false, true] {
        let out = dir.path().join(format!("crate-{prepopulated}"));
        if prepopulated {
            let first = run(Version::New, "generate", &out);
            assert_eq!(first.status.code(), Some(0), "{}", stderr(&first));
        }
        // Four runs at once, two per version, each slowed down so that without the lock
        // their steps would interleave.
        let children: Vec<(Version, Child)> = (0..4)
            .map(|i| {
                let version = if i % 2 == 0 {
                    Version::Old
                } else {
                    Version::New
                };
                let child = command(version, "generate", &out, 3)
                    .spawn()
                    .expect("spawns");
                (version, child)
            })
            .collect();
        let deadline = Instant::now() + Duration::from_secs(60);
        for (version, child) in children {
            let output = child.wait_with_output().expect("waits");
            assert_eq!(
                output.status.code(),
                Some(0),
                "{version:?}: {}",
                stderr(&output)
            );
            assert!(Instant::now() < deadline);
        }
        let old_ok = check_passes(Version::Old, &out);
        let new_ok = check_passes(Version::New, &out);
        assert!(
            old_ok != new_ok,
            "the folder is exactly one version's crate (old {old_ok}, new {new_ok})"
        );
        let names = files(&out);
        assert!(
            names
                .keys()
                .all(|p| !is_temp(p) && !p.ends_with(".specgen-manifest.pending")),
            "{:?}",
            names.keys().collect::<Vec<_>>()
        );
    }
}
