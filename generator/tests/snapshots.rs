//! The crate generated from every feature spec (`tests/features/specs/`) and from the crate
//! description of several specs (`tests/features/crm/specgen.toml`, as `hubspot_crm`),
//! committed under `generator/tests/snapshots/<name>/`, so that every change to generated
//! code shows up in review. A difference fails the test; `EXPECTORATE=overwrite cargo test -p specgen --test
//! snapshots` rewrites the snapshots after a deliberate change (then review the diff).
//! The runtime's own files are not snapshotted: they are `runtime/src/` verbatim.

use std::path::{Path, PathBuf};

fn specs() -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/features/specs");
    let mut specs: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .filter_map(Result::ok)
        .map(|entry| entry.path())
        .filter(|path| path.extension().is_some_and(|e| e == "yaml"))
        .collect();
    specs.sort();
    specs
}

#[test]
fn generated_code_matches_the_committed_snapshots() {
    let snapshots = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/snapshots");
    let specs = specs();
    assert!(specs.len() >= 5, "feature specs found: {specs:?}");
    let mut cases: Vec<(String, specgen::Builder)> = specs
        .iter()
        .map(|spec| {
            let stem = spec
                .file_stem()
                .and_then(|s| s.to_str())
                .expect("spec names are text")
                .to_owned();
            let builder = specgen::Builder::new()
                .spec(spec)
                .crate_name(format!("feature-{stem}"));
            (stem, builder)
        })
        .collect();
    let crm = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/features/crm/specgen.toml");
    let crm = specgen::Builder::new()
        .config(&crm)
        .unwrap_or_else(|e| panic!("{e}"));
    cases.push(("hubspot_crm".to_owned(), crm));
    let mut expected_dirs = Vec::new();
    for (stem, builder) in cases {
        let output = builder
            .generate_crate()
            .unwrap_or_else(|e| panic!("{stem}: {e}"));
        // The runtime's files are copies of `runtime/src/`; `src/runtime/mod.rs` shows which
        // parts the crate carries.
        let files: Vec<&(String, String)> = output
            .files
            .iter()
            .filter(|(relative, _)| {
                !relative.starts_with("src/runtime/") || relative == "src/runtime/mod.rs"
            })
            .collect();
        for (relative, contents) in files.iter().copied() {
            let path = snapshots.join(&stem).join(relative);
            if std::env::var_os("EXPECTORATE").is_some()
                && let Some(parent) = path.parent()
            {
                std::fs::create_dir_all(parent).expect("snapshot folder");
            }
            expectorate::assert_contents(&path, contents);
        }
        // A file the generator no longer writes must not linger as a snapshot.
        let mut written: Vec<PathBuf> = files
            .iter()
            .map(|(relative, _)| snapshots.join(&stem).join(relative))
            .collect();
        written.sort();
        let mut present = files_under(&snapshots.join(&stem));
        present.sort();
        assert_eq!(present, written, "{stem}: stale snapshot files");
        expected_dirs.push(snapshots.join(&stem));
    }
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(&snapshots)
        .expect("snapshots folder")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.is_dir())
        .collect();
    dirs.sort();
    expected_dirs.sort();
    assert_eq!(
        dirs, expected_dirs,
        "snapshots of specs that no longer exist"
    );
}

fn files_under(dir: &Path) -> Vec<PathBuf> {
    let mut found = Vec::new();
    let mut stack = vec![dir.to_owned()];
    while let Some(current) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&current) else {
            continue;
        };
        for entry in entries.filter_map(Result::ok) {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else {
                found.push(path);
            }
        }
    }
    found
}
