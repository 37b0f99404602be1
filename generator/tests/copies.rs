//! The copies the packages carry are their sources, byte for byte. `cargo package` takes only
//! files inside a package's folder, so the `specgen` package carries the runtime files it
//! embeds as `generator/runtime-src/` (the one source stays `runtime/src/`), and each package
//! its licence files. `scripts/sync-copies.sh` refreshes them.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

const RESYNC: &str = "run scripts/sync-copies.sh (runtime/src is the source; generator/runtime-src is the copy the specgen package carries)";

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("..")
        .canonicalize()
        .expect("repo root")
}

/// The `.rs` files of a folder, by name.
fn rust_files(dir: &Path) -> BTreeSet<String> {
    std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|entry| {
            entry
                .expect("entry")
                .file_name()
                .to_string_lossy()
                .into_owned()
        })
        .filter(|name| name.ends_with(".rs"))
        .collect()
}

fn read(path: &Path) -> Vec<u8> {
    std::fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

#[test]
fn the_embedded_runtime_files_are_the_runtime_crates() {
    let source = repo().join("runtime/src");
    let copy = repo().join("generator/runtime-src");
    // The crate root and its unit tests are the runtime crate's own; a generated crate gets
    // a `mod.rs` of its parts instead.
    let expected: BTreeSet<String> = rust_files(&source)
        .into_iter()
        .filter(|name| name != "lib.rs" && name != "tests.rs")
        .collect();
    let copied = rust_files(&copy);
    assert_eq!(
        copied, expected,
        "generator/runtime-src/ holds other files than runtime/src/: {RESYNC}"
    );
    let differing: Vec<&String> = expected
        .iter()
        .filter(|name| read(&source.join(name)) != read(&copy.join(name)))
        .collect();
    assert!(
        differing.is_empty(),
        "generator/runtime-src/ differs from runtime/src/ in {differing:?}: {RESYNC}"
    );
}

#[test]
fn each_package_carries_the_licence_files() {
    for package in ["generator", "runtime"] {
        for licence in ["LICENSE-MIT", "LICENSE-APACHE"] {
            assert!(
                read(&repo().join(package).join(licence)) == read(&repo().join(licence)),
                "{package}/{licence} differs from {licence}: run scripts/sync-copies.sh"
            );
        }
    }
}
