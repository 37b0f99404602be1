//! `generate` overwrites or removes only files it wrote: everything else in the way stops the
//! run (exit 2, one diagnostic per file) before anything is written, `--force` replaces and
//! says so, and the report line counts what happened.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use specgen::{Builder, ConflictKind, Drift, Error};

fn specgen_in(dir: Option<&Path>, args: &[&str]) -> Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_specgen"));
    command.args(args);
    if let Some(dir) = dir {
        command.current_dir(dir);
    }
    command.output().expect("runs specgen")
}

fn specgen(args: &[&str]) -> Output {
    specgen_in(None, args)
}

fn repo(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..").join(path)
}

/// How many files generation writes for the shipped spec (the runtime's parts included).
fn file_count() -> usize {
    Builder::new()
        .spec(repo("spec/hubspot-orders.yaml"))
        .generate_crate()
        .expect("generates")
        .files
        .len()
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

fn text(path: &Path) -> &str {
    path.to_str().expect("utf-8 path")
}

/// `generate <shipped spec> --out OUT --crate-name hubspot-orders <extra…>`.
fn generate(out: &Path, extra: &[&str]) -> Output {
    let spec = repo("spec/hubspot-orders.yaml");
    let mut args = vec![
        "generate",
        text(&spec),
        "--out",
        text(out),
        "--crate-name",
        "hubspot-orders",
    ];
    args.extend_from_slice(extra);
    specgen(&args)
}

fn check(out: &Path) -> Output {
    let spec = repo("spec/hubspot-orders.yaml");
    specgen(&[
        "check",
        text(&spec),
        "--out",
        text(out),
        "--crate-name",
        "hubspot-orders",
    ])
}

/// Every file below `dir` (hidden ones too) with its contents, and every folder.
fn snapshot(dir: &Path) -> BTreeMap<PathBuf, Option<Vec<u8>>> {
    let mut found = BTreeMap::new();
    let mut stack = vec![dir.to_owned()];
    while let Some(current) = stack.pop() {
        for entry in std::fs::read_dir(&current).expect("read_dir") {
            let path = entry.expect("entry").path();
            let relative = path.strip_prefix(dir).expect("below").to_owned();
            if path.is_dir() {
                found.insert(relative, None);
                stack.push(path);
            } else {
                found.insert(relative, Some(std::fs::read(&path).expect("read")));
            }
        }
    }
    found
}

/// The `error:` lines of a run, one per diagnostic.
fn errors(output: &Output) -> Vec<String> {
    stderr(output)
        .lines()
        .filter(|l| l.starts_with("error:"))
        .map(str::to_owned)
        .collect()
}

fn hand_written_crate(dir: &Path) {
    std::fs::create_dir_all(dir.join("src")).expect("mkdir");
    std::fs::write(
        dir.join("Cargo.toml"),
        "[package]\nname = \"mine\"\nversion = \"1.0.0\"\nedition = \"2024\"\n",
    )
    .expect("write");
    std::fs::write(dir.join("src/lib.rs"), "pub fn mine() {}\n").expect("write");
}

#[test]
fn hand_written_cargo_toml_and_lib_rs_are_refused_and_nothing_is_written() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = dir.path().join("crate");
    hand_written_crate(&out);
    let before = snapshot(&out);
    let run = generate(&out, &[]);
    assert_eq!(run.status.code(), Some(2), "{}", stderr(&run));
    let errors = errors(&run);
    assert_eq!(errors.len(), 2, "one diagnostic per file: {}", stderr(&run));
    for file in ["Cargo.toml", "src/lib.rs"] {
        assert!(
            errors
                .iter()
                .any(|e| e.contains(&format!("`{file}` is in the way: not written by specgen"))),
            "{file}: {}",
            stderr(&run)
        );
    }
    assert!(stderr(&run).contains("--force"), "{}", stderr(&run));
    assert_eq!(snapshot(&out), before, "nothing is written");
}

#[test]
fn out_dot_inside_a_hand_written_crate_is_refused_and_changes_nothing() {
    let dir = tempfile::tempdir().expect("tempdir");
    hand_written_crate(dir.path());
    std::fs::write(dir.path().join("src/main.rs"), "fn main() {}\n").expect("write");
    std::fs::write(dir.path().join("README.md"), "# mine\n").expect("write");
    let before = snapshot(dir.path());
    let spec = repo("spec/hubspot-orders.yaml");
    let run = specgen_in(Some(dir.path()), &["generate", text(&spec), "--out", "."]);
    assert_eq!(run.status.code(), Some(2), "{}", stderr(&run));
    let errors = errors(&run);
    // Cargo.toml and src/lib.rs would be overwritten, src/main.rs removed; README.md is
    // outside what generation touches.
    assert_eq!(errors.len(), 3, "{}", stderr(&run));
    assert!(
        errors
            .iter()
            .any(|e| e.contains("`src/main.rs`") && e.contains("remove"))
    );
    assert!(!stderr(&run).contains("README.md"));
    assert_eq!(snapshot(dir.path()), before, "the crate is untouched");
}

#[test]
fn a_stray_file_in_src_is_refused_not_deleted_until_forced() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = dir.path().join("crate");
    assert_eq!(generate(&out, &[]).status.code(), Some(0));
    std::fs::write(out.join("src/notes.rs"), "// my notes\n").expect("write");
    let before = snapshot(&out);
    let run = generate(&out, &[]);
    assert_eq!(run.status.code(), Some(2), "{}", stderr(&run));
    assert_eq!(errors(&run).len(), 1, "{}", stderr(&run));
    assert!(
        errors(&run)[0].contains("`src/notes.rs` is in the way: not written by specgen"),
        "{}",
        stderr(&run)
    );
    assert_eq!(
        snapshot(&out),
        before,
        "the stray file is kept, nothing written"
    );

    let forced = generate(&out, &["--force"]);
    assert_eq!(forced.status.code(), Some(0), "{}", stderr(&forced));
    assert!(
        stderr(&forced).contains("removed src/notes.rs (not written by specgen)"),
        "{}",
        stderr(&forced)
    );
    assert!(
        stderr(&forced).contains(&format!(": {} unchanged, 1 removed", file_count())),
        "{}",
        stderr(&forced)
    );
    assert!(!out.join("src/notes.rs").exists());
    assert_eq!(check(&out).status.code(), Some(0));
}

#[test]
fn an_edited_generated_file_is_reported_as_edited_and_force_replaces_it() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = dir.path().join("crate");
    assert_eq!(generate(&out, &[]).status.code(), Some(0));
    let types = out.join("src/types.rs");
    let generated = std::fs::read_to_string(&types).expect("types.rs");
    std::fs::write(&types, format!("{generated}\n// my fix\n")).expect("write");
    let before = snapshot(&out);

    let run = generate(&out, &[]);
    assert_eq!(run.status.code(), Some(2), "{}", stderr(&run));
    assert_eq!(errors(&run).len(), 1, "{}", stderr(&run));
    assert!(
        errors(&run)[0].contains("`src/types.rs` was edited since specgen generated it"),
        "{}",
        stderr(&run)
    );
    assert_eq!(snapshot(&out), before, "the edit is kept");
    assert_eq!(check(&out).status.code(), Some(1), "an edit is drift");

    let forced = generate(&out, &["--force"]);
    assert_eq!(forced.status.code(), Some(0), "{}", stderr(&forced));
    let message = stderr(&forced);
    assert!(
        message.contains("replaced src/types.rs (edited since generation)"),
        "{message}"
    );
    assert!(
        message.contains(&format!(": 1 updated, {} unchanged", file_count() - 1)),
        "{message}"
    );
    assert_eq!(
        std::fs::read_to_string(&types).expect("types.rs"),
        generated
    );
}

#[test]
fn regenerating_over_its_own_output_touches_nothing() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = dir.path().join("crate");
    let first = generate(&out, &[]);
    assert!(
        stderr(&first).contains(&format!(": {} created", file_count())),
        "{}",
        stderr(&first)
    );
    let before = snapshot(&out);
    let modified = |p: &str| {
        std::fs::metadata(out.join(p))
            .and_then(|m| m.modified())
            .ok()
    };
    let times: Vec<_> = ["Cargo.toml", "src/lib.rs", ".specgen-manifest"]
        .iter()
        .map(|p| modified(p))
        .collect();
    let again = generate(&out, &["-v"]);
    assert_eq!(again.status.code(), Some(0));
    let message = stderr(&again);
    assert!(
        message.ends_with(&format!("{}: {} unchanged\n", out.display(), file_count())),
        "{message}"
    );
    assert!(
        message.contains("unchanged src/types.rs"),
        "-v lists the files: {message}"
    );
    assert_eq!(snapshot(&out), before);
    let times_after: Vec<_> = ["Cargo.toml", "src/lib.rs", ".specgen-manifest"]
        .iter()
        .map(|p| modified(p))
        .collect();
    assert_eq!(times, times_after, "unchanged files are not rewritten");
}

/// An OpenAPI 3.1 spec with one schema property and, optionally, a webhook (which adds
/// `src/webhooks.rs`).
fn small_spec(property: &str, webhook: bool) -> String {
    let webhooks = if webhook {
        "webhooks:\n  ping:\n    post:\n      requestBody:\n        content:\n          application/json:\n            schema: {$ref: '#/components/schemas/Pet'}\n      responses: {'200': {description: ok}}\n"
    } else {
        ""
    };
    format!(
        "openapi: 3.1.0\ninfo: {{title: Pets, version: '1'}}\npaths:\n  /pets:\n    get:\n      operationId: listPets\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema: {{$ref: '#/components/schemas/Pet'}}\n{webhooks}components:\n  schemas:\n    Pet:\n      type: object\n      properties:\n        {property}: {{type: string}}\n"
    )
}

#[test]
fn a_spec_change_is_counted_created_updated_unchanged_removed() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (old, new) = (dir.path().join("old.yaml"), dir.path().join("new.yaml"));
    std::fs::write(&old, small_spec("name", true)).expect("write");
    std::fs::write(&new, small_spec("nickname", false)).expect("write");
    let out = dir.path().join("crate");
    let builder = |spec: &Path| Builder::new().spec(spec).crate_name("pets");
    let first = builder(&old).write_crate(&out).expect("writes");
    assert!(first.report.created.contains(&"src/webhooks.rs".to_owned()));
    assert_eq!(first.report.created.len(), first.output.files.len());

    // What should happen, from the two file sets in memory.
    let files = |spec: &Path| -> BTreeMap<String, String> {
        builder(spec)
            .generate_crate()
            .expect("generates")
            .files
            .into_iter()
            .collect()
    };
    let (before, after) = (files(&old), files(&new));
    let updated: Vec<String> = after
        .iter()
        .filter(|(p, t)| before.get(*p).is_some_and(|b| b != *t))
        .map(|(p, _)| p.clone())
        .collect();
    let unchanged = after
        .iter()
        .filter(|(p, t)| before.get(*p) == Some(t))
        .count();
    let removed: Vec<String> = before
        .keys()
        .filter(|p| !after.contains_key(*p))
        .cloned()
        .collect();
    assert_eq!(removed, ["src/webhooks.rs"]);
    assert!(updated.contains(&"src/types.rs".to_owned()) && unchanged > 0);

    let run = specgen(&[
        "generate",
        text(&new),
        "--out",
        text(&out),
        "--crate-name",
        "pets",
        "-v",
    ]);
    assert_eq!(run.status.code(), Some(0), "{}", stderr(&run));
    let expected = format!(
        "{} updated, {unchanged} unchanged, 1 removed",
        updated.len()
    );
    assert!(
        stderr(&run).contains(&expected),
        "{expected}: {}",
        stderr(&run)
    );
    for file in &updated {
        assert!(
            stderr(&run).contains(&format!("updated   {file}")),
            "{}",
            stderr(&run)
        );
    }
    assert!(
        stderr(&run).contains("removed   src/webhooks.rs"),
        "{}",
        stderr(&run)
    );
    assert!(!out.join("src/webhooks.rs").exists());

    // And back, through the library: the webhooks module is created again.
    let back = builder(&old).write_crate(&out).expect("writes");
    assert_eq!(back.report.created, ["src/webhooks.rs"]);
    assert_eq!(back.report.updated, updated);
    assert!(back.report.removed.is_empty() && back.report.forced.is_empty());
    assert_eq!(
        back.report.to_string(),
        format!(
            "1 created, {} updated, {unchanged} unchanged",
            updated.len()
        )
    );
}

#[test]
fn a_crate_from_before_manifests_is_adopted_by_its_header() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = dir.path().join("crate");
    assert_eq!(generate(&out, &["--example-tests"]).status.code(), Some(0));
    // As an older specgen left it: no manifest, a file generated differently (with the
    // header), and tests/examples.rs from a run with --example-tests.
    std::fs::remove_file(out.join(".specgen-manifest")).expect("remove");
    let client = out.join("src/client.rs");
    let old = std::fs::read_to_string(&client).expect("client.rs");
    std::fs::write(
        &client,
        old.replace("pub struct Client", "pub struct Client2"),
    )
    .expect("write");
    let stale = check(&out);
    assert_eq!(stale.status.code(), Some(1));

    let run = generate(&out, &["-v"]);
    assert_eq!(run.status.code(), Some(0), "{}", stderr(&run));
    let message = stderr(&run);
    assert!(
        message.contains(&format!(
            ": 1 updated, {} unchanged, 1 removed",
            file_count() - 1
        )),
        "{message}"
    );
    assert!(message.contains("adopted"), "{message}");
    assert!(
        !out.join("tests/examples.rs").exists(),
        "the generated test is stale"
    );
    assert_eq!(check(&out).status.code(), Some(0));

    // Without a manifest, a file without the header is not specgen's, even in src/.
    std::fs::remove_file(out.join(".specgen-manifest")).expect("remove");
    std::fs::write(&client, "// my client\n").expect("write");
    std::fs::create_dir_all(out.join("tests")).expect("mkdir");
    std::fs::write(out.join("tests/examples.rs"), "// my own test\n").expect("write");
    let before = snapshot(&out);
    let refused = generate(&out, &[]);
    assert_eq!(refused.status.code(), Some(2), "{}", stderr(&refused));
    assert_eq!(
        errors(&refused).len(),
        1,
        "only src/client.rs: {}",
        stderr(&refused)
    );
    assert!(stderr(&refused).contains("has no `@generated by specgen` header"));
    assert_eq!(snapshot(&out), before);
}

#[test]
fn a_manifest_that_is_not_one_is_in_the_way() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = dir.path().join("crate");
    assert_eq!(generate(&out, &[]).status.code(), Some(0));
    let manifest = out.join(".specgen-manifest");
    let text_of = std::fs::read_to_string(&manifest).expect("manifest");
    // A manifest naming a file outside the folder is not followed.
    let line = text_of.lines().nth(3).expect("an entry");
    let hash = line.split("  ").next().expect("hash");
    std::fs::write(&manifest, format!("{text_of}{hash}  ../outside.rs\n")).expect("write");
    let before = snapshot(&out);
    let run = generate(&out, &[]);
    assert_eq!(run.status.code(), Some(2), "{}", stderr(&run));
    assert!(
        stderr(&run).contains("not a manifest specgen can read"),
        "{}",
        stderr(&run)
    );
    assert!(stderr(&run).contains("../outside.rs"), "{}", stderr(&run));
    assert_eq!(snapshot(&out), before);
    assert_eq!(check(&out).status.code(), Some(1));
    assert_eq!(generate(&out, &["--force"]).status.code(), Some(0));
    assert_eq!(check(&out).status.code(), Some(0));
}

#[test]
fn check_counts_the_manifest_and_ignores_leftover_temporary_files() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = dir.path().join("crate");
    let builder = Builder::new()
        .spec(repo("spec/hubspot-orders.yaml"))
        .crate_name("hubspot-orders");
    builder.write_crate(&out).expect("writes");
    let drift = |b: &Builder| b.check_crate(&out).expect("checks").0;
    assert_eq!(drift(&builder), Drift::None);

    // A temporary file of a killed run: not part of the crate, removed by the next run.
    let temp = out.join("src/.specgen-AbC123.tmp");
    std::fs::write(&temp, "half a fi").expect("write");
    assert_eq!(drift(&builder), Drift::None);
    let report = builder.write_crate(&out).expect("writes").report;
    assert!(!report.changed() && !temp.exists(), "{report:?}");

    // The pending manifest of an interrupted run is drift until a run finishes the job.
    let pending = out.join(".specgen-manifest.pending");
    std::fs::copy(out.join(".specgen-manifest"), &pending).expect("copy");
    assert_eq!(
        drift(&builder),
        Drift::Extra(".specgen-manifest.pending".into())
    );
    builder.write_crate(&out).expect("writes");
    assert!(!pending.exists());
    assert_eq!(drift(&builder), Drift::None);

    std::fs::remove_file(out.join(".specgen-manifest")).expect("remove");
    assert_eq!(drift(&builder), Drift::Missing(".specgen-manifest".into()));
    std::fs::write(
        out.join(".specgen-manifest"),
        "# @generated by specgen 0.0.0\n",
    )
    .expect("write");
    assert_eq!(drift(&builder), Drift::Differs(".specgen-manifest".into()));
}

#[test]
fn library_refusals_are_typed_and_force_is_reported() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = dir.path().join("crate");
    hand_written_crate(&out);
    let builder = Builder::new()
        .spec(repo("spec/hubspot-orders.yaml"))
        .crate_name("hubspot-orders");
    let Err(Error::Ownership(conflicts)) = builder.write_crate(&out) else {
        panic!("a hand-written crate is in the way")
    };
    let files: Vec<&str> = conflicts.iter().map(|c| c.file.as_str()).collect();
    assert_eq!(files, ["Cargo.toml", "src/lib.rs"]);
    assert!(
        conflicts
            .iter()
            .all(|c| c.kind == ConflictKind::NotWritten { manifest: false } && !c.removal)
    );
    assert_eq!(conflicts[0].path, out.join("Cargo.toml"));

    let written = builder.force(true).write_crate(&out).expect("forced");
    let forced: Vec<&str> = written
        .report
        .forced
        .iter()
        .map(|c| c.file.as_str())
        .collect();
    assert_eq!(forced, ["Cargo.toml", "src/lib.rs"]);
    assert_eq!(written.report.updated, ["Cargo.toml", "src/lib.rs"]);
    // Everything but the two files forced over.
    assert_eq!(written.report.created.len(), file_count() - 2);
}

#[test]
fn build_script_mode_owns_only_its_own_file_in_out_dir() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = dir.path();
    let builder = |name: &str| {
        Builder::new()
            .spec(repo("spec/hubspot-orders.yaml"))
            .crate_name("hubspot-orders")
            .file_name(name)
            .out_dir(out)
    };
    // Someone else's file of the same name in OUT_DIR is not overwritten.
    std::fs::write(out.join("theirs.rs"), "// another build step's output\n").expect("write");
    let Err(Error::Ownership(conflicts)) = builder("theirs.rs").write_to_out_dir() else {
        panic!("another tool's file is in the way")
    };
    assert_eq!(conflicts.len(), 1);
    assert_eq!(
        std::fs::read_to_string(out.join("theirs.rs")).expect("read"),
        "// another build step's output\n"
    );

    // Two builders sharing OUT_DIR (one file and one manifest each) leave each other alone.
    let a = builder("a.rs").write_to_out_dir().expect("writes a.rs");
    assert_eq!(a.report.created, ["a.rs"]);
    let b = builder("b.rs").generate_to_out_dir().expect("writes b.rs");
    assert_eq!(b, out.join("b.rs"));
    let again = builder("a.rs").write_to_out_dir().expect("writes a.rs");
    assert_eq!(again.report.unchanged, ["a.rs"]);
    let names: BTreeSet<String> = std::fs::read_dir(out)
        .expect("read_dir")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .filter(|name| name != ".specgen-lock") // the lock where folders cannot be locked
        .collect();
    let expected = [
        "a.rs",
        "a.rs.specgen-manifest",
        "b.rs",
        "b.rs.specgen-manifest",
        "theirs.rs",
    ];
    assert_eq!(names, expected.iter().map(|s| s.to_string()).collect());

    // A file from before manifests (with the header) is adopted; an edited one refused.
    std::fs::remove_file(out.join("a.rs.specgen-manifest")).expect("remove");
    let adopted = builder("a.rs").write_to_out_dir().expect("adopts");
    assert_eq!(adopted.report.adopted, ["a.rs"]);
    std::fs::write(out.join("a.rs"), "// edited\n").expect("write");
    let Err(Error::Ownership(edited)) = builder("a.rs").write_to_out_dir() else {
        panic!("an edited file is in the way")
    };
    assert_eq!(edited[0].kind, ConflictKind::Edited);
    assert!(builder("a.rs").force(true).write_to_out_dir().is_ok());
}
