//! The committed `generated/` crate is exactly what `specgen generate` writes now (the
//! README's command: the spec with `spec/hubspot-crm.overlay.yaml`), and the build step's
//! output (`OUT_DIR`) holds the same items.

use std::path::{Path, PathBuf};

use specgen::{Builder, Drift};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn overlay() -> PathBuf {
    root().join("spec/hubspot-crm.overlay.yaml")
}

fn builder() -> Builder {
    Builder::new()
        .spec(root().join("spec/hubspot-orders.yaml"))
        .overlay(overlay())
        .crate_name("hubspot-orders")
}

#[test]
fn generated_crate_is_current() {
    let (drift, warnings) = builder()
        .check_crate(&root().join("generated"))
        .expect("the spec generates");
    assert_eq!(
        drift,
        Drift::None,
        "generated/ is stale: run the README's generate command"
    );
    // The overlay's `ValueWithTimestamp` action has nothing to do in the batch update's spec,
    // which is no warning for an overlay written for many specs (no `extends`).
    assert!(
        warnings.is_empty(),
        "the shipped spec and overlay should read cleanly: {warnings:?}"
    );
}

#[test]
fn generation_is_deterministic_and_independent_of_the_spec_path() {
    let first = builder().generate_crate().expect("generates").files;
    let second = builder().generate_crate().expect("generates").files;
    assert_eq!(first, second);
    let dir = tempfile::tempdir().expect("tempdir");
    let copy = dir.path().join("elsewhere.yaml");
    std::fs::copy(root().join("spec/hubspot-orders.yaml"), &copy).expect("copy");
    let moved = Builder::new()
        .spec(&copy)
        .overlay(overlay())
        .crate_name("hubspot-orders")
        .generate_crate()
        .expect("generates")
        .files;
    assert_eq!(first, moved);
}

/// Items printed the same way whatever their nesting, so that only content can differ.
fn normalised(items: &[syn::Item]) -> String {
    let mut file: syn::File = syn::parse_str("").expect("an empty file parses");
    file.items = items.to_vec();
    prettyplease::unparse(&file)
}

#[test]
fn build_step_output_agrees_with_generated_crate() {
    let build_step: syn::File =
        syn::parse_str(include_str!(concat!(env!("OUT_DIR"), "/hubspot_orders.rs")))
            .expect("parses");
    let mut modules = 0;
    for item in &build_step.items {
        let syn::Item::Mod(module) = item else {
            continue;
        };
        let name = module.ident.to_string();
        let Some((_, inline_items)) = &module.content else {
            panic!("module {name} is not inline")
        };
        // The runtime is a folder of files, one per inline module.
        let pairs: Vec<(String, &[syn::Item])> = if name == "runtime" {
            inline_items
                .iter()
                .filter_map(|item| match item {
                    syn::Item::Mod(part) => Some((
                        format!("runtime/{}", part.ident),
                        part.content
                            .as_ref()
                            .map_or(&[][..], |(_, items)| &items[..]),
                    )),
                    _ => None,
                })
                .collect()
        } else {
            vec![(name.clone(), &inline_items[..])]
        };
        for (file, items) in pairs {
            let path = root().join("generated/src").join(format!("{file}.rs"));
            let committed: syn::File =
                syn::parse_str(&std::fs::read_to_string(&path).expect("module file"))
                    .expect("parses");
            assert_eq!(
                normalised(items),
                normalised(&committed.items),
                "module {file} differs between build step and generated/"
            );
        }
        modules += 1;
    }
    assert_eq!(
        modules,
        std::fs::read_dir(root().join("generated/src"))
            .expect("dir")
            .count()
            - 1,
        "one inline module per module file"
    );
}

#[test]
fn check_reports_missing_changed_and_extra_files() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = dir.path();
    builder().write_crate(out).expect("writes");
    assert_eq!(builder().check_crate(out).expect("checks").0, Drift::None);

    let types = out.join("src/types.rs");
    let original = std::fs::read_to_string(&types).expect("types.rs");
    std::fs::write(&types, original.replace("pub struct", "pub(crate) struct")).expect("write");
    assert_eq!(
        builder().check_crate(out).expect("checks").0,
        Drift::Differs("src/types.rs".into())
    );

    std::fs::remove_file(&types).expect("remove");
    assert_eq!(
        builder().check_crate(out).expect("checks").0,
        Drift::Missing("src/types.rs".into())
    );

    builder().write_crate(out).expect("rewrites");
    std::fs::write(out.join("src/stale.rs"), "// left over").expect("write");
    assert_eq!(
        builder().check_crate(out).expect("checks").0,
        Drift::Extra("src/stale.rs".into())
    );
    // A file specgen did not write is not removed: the run stops, until forced.
    assert!(matches!(
        builder().write_crate(out),
        Err(specgen::Error::Ownership(_))
    ));
    assert!(Path::new(&out.join("src/stale.rs")).exists());
    builder().force(true).write_crate(out).expect("rewrites");
    assert!(
        !Path::new(&out.join("src/stale.rs")).exists(),
        "a forced generate removes what is in the way"
    );
    assert_eq!(builder().check_crate(out).expect("checks").0, Drift::None);

    // A file specgen wrote and no longer generates is removed.
    builder()
        .example_tests(true)
        .write_crate(out)
        .expect("rewrites");
    assert_eq!(
        builder().check_crate(out).expect("checks").0,
        Drift::Extra("tests/examples.rs".into())
    );
    let report = builder().write_crate(out).expect("rewrites").report;
    assert_eq!(report.removed, ["tests/examples.rs"]);
    assert!(!out.join("tests/examples.rs").exists());
    assert_eq!(builder().check_crate(out).expect("checks").0, Drift::None);
}
