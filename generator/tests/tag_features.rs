//! Cargo features per tag (`Builder::tag_features`, `--tag-features`, `tag_features = true`):
//! on a small spec (`tests/tag_features/tags.yaml`: several tags, an operation with two
//! tags, an untagged one, a tag named `default`, a type two tags share, types one tag
//! reaches, a type a webhook payload reaches, an unused one), the features and the `cfg`s,
//! a snapshot of the crate (`tests/tag_features/snapshot/`, rewritten with
//! `EXPECTORATE=overwrite`), and every feature compiling alone, with none and with all
//! (warnings denied), as a crate and as the single file a crate includes.

use std::path::{Path, PathBuf};
use std::process::Command;

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn spec() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/tag_features/tags.yaml")
}

const FEATURES: [&str; 5] = ["admin-users", "default-2", "pets", "store", "untagged"];

fn generated() -> Vec<(String, String)> {
    specgen::Builder::new()
        .spec(spec())
        .crate_name("tags")
        .tag_features(true)
        .generate_crate()
        .expect("generates")
        .files
}

fn file<'a>(files: &'a [(String, String)], name: &str) -> &'a str {
    files
        .iter()
        .find(|(path, _)| path == name)
        .map(|(_, text)| text.as_str())
        .unwrap_or_else(|| panic!("no {name}"))
}

/// The `#[cfg(...)]` among the docs and attributes right above the line that starts with
/// `item` (trimmed), on one line (prettyplease breaks long ones); `None` when there is none.
fn cfg_of(text: &str, item: &str) -> Option<String> {
    let lines: Vec<&str> = text.lines().collect();
    let at = lines
        .iter()
        .position(|l| l.trim_start().starts_with(item))
        .unwrap_or_else(|| panic!("no `{item}` in\n{text}"));
    let mut attrs = Vec::new();
    for line in lines[..at].iter().rev() {
        let line = line.trim();
        // Items are apart by a blank line, the first of a block follows its `{`.
        if line.is_empty() || line.ends_with('{') {
            break;
        }
        attrs.push(line);
    }
    attrs.reverse();
    let joined = attrs.join(" ");
    let start = joined.find("#[cfg(")?;
    let end = start + joined[start..].find(")]")? + 2;
    Some(
        joined[start..end]
            .replace("( ", "(")
            .replace(" )", ")")
            .replace(",)", ")"),
    )
}

#[test]
fn one_feature_per_tag_and_the_cfgs_follow_the_type_graph() {
    let files = generated();
    let cargo = file(&files, "Cargo.toml");
    assert!(
        cargo.contains(
            "[features]\n# One feature per tag of the spec's operations (specgen --tag-features); each compiles\n# its operations and the types they reach.\ndefault = [\"admin-users\", \"default-2\", \"pets\", \"store\", \"untagged\"]\n"
        ),
        "{cargo}"
    );
    for feature in FEATURES {
        assert!(
            cargo.contains(&format!("\n{feature} = []\n")),
            "{feature}: {cargo}"
        );
    }
    assert!(cargo.contains("# Tag `Admin Users`.\nadmin-users = []\n"));
    assert!(cargo.contains("# The operations without a tag.\nuntagged = []\n"));

    let types = file(&files, "src/types.rs");
    let one = |f: &str| format!("#[cfg(feature = \"{f}\")]");
    let pets_or_store = "#[cfg(any(feature = \"pets\", feature = \"store\"))]".to_owned();
    // Shared by two tags; reached by one; reached through a shared one.
    assert_eq!(
        cfg_of(types, "pub struct Pet {"),
        Some(pets_or_store.clone())
    );
    assert_eq!(
        cfg_of(types, "pub enum PetStatus {"),
        Some(pets_or_store.clone())
    );
    assert_eq!(
        cfg_of(types, "impl PetStatus {"),
        Some(pets_or_store.clone())
    );
    assert_eq!(cfg_of(types, "pub struct NewPet {"), Some(one("pets")));
    assert_eq!(cfg_of(types, "pub type Inventory ="), Some(one("store")));
    assert_eq!(cfg_of(types, "pub struct User {"), Some(one("admin-users")));
    assert_eq!(
        cfg_of(types, "pub struct PetPagePagingNext {"),
        Some(one("pets"))
    );
    // A webhook payload reaches it, and nothing reaches the other: always compiled.
    assert_eq!(cfg_of(types, "pub struct Category {"), None);
    assert_eq!(cfg_of(types, "pub struct AdoptionEvent {"), None);
    assert_eq!(cfg_of(types, "pub struct Unused {"), None);
    // The checks of a body compile with its type.
    assert_eq!(
        cfg_of(
            types,
            "impl super::runtime::validate::Validate for NewPet {"
        ),
        Some(one("pets"))
    );

    let client = file(&files, "src/client.rs");
    assert_eq!(
        cfg_of(client, "pub fn place_order("),
        Some(pets_or_store.clone())
    );
    assert_eq!(cfg_of(client, "pub fn get_inventory("), Some(one("store")));
    assert_eq!(cfg_of(client, "pub fn health("), Some(one("untagged")));
    assert_eq!(cfg_of(client, "pub fn reset("), Some(one("default-2")));
    assert_eq!(
        cfg_of(client, "pub fn list_admins("),
        Some(one("admin-users"))
    );
    // The request value (with its pages), the batch helper and its setting.
    assert_eq!(
        cfg_of(client, "pub struct ListPetsRequest<'a> {"),
        Some(one("pets"))
    );
    assert_eq!(
        cfg_of(client, "impl<'a> ListPetsRequest<'a> {"),
        Some(one("pets"))
    );
    assert_eq!(
        cfg_of(
            client,
            "impl<'a> ::std::future::IntoFuture for ListPetsRequest<'a> {"
        ),
        Some(one("pets"))
    );
    assert_eq!(
        cfg_of(client, "pub async fn batch_create_pets_chunked("),
        Some(one("pets"))
    );
    assert_eq!(
        cfg_of(client, "impl Chunked<types::PetBatchResult> {"),
        Some(one("pets"))
    );
    assert_eq!(cfg_of(client, "pub fn max_batch_size("), Some(one("pets")));
    // The error-body parser of the 503 only `get_inventory` declares.
    assert!(
        client.contains("/// Decodes an error body: HTTP 503 as [`ErrorBody::StoreError`].\n#[cfg(feature = \"store\")]\nfn parse_error_body_"),
        "{client}"
    );
    assert!(client.contains("#[allow(unused_imports)]\nuse super::types;"));

    let responses = file(&files, "src/responses.rs");
    assert_eq!(
        cfg_of(responses, "pub enum PlaceOrderResponse {"),
        Some(pets_or_store.clone())
    );

    let error = file(&files, "src/error.rs");
    assert!(
        error.contains("#[cfg(feature = \"store\")]\n    StoreError(types::StoreError),"),
        "{error}"
    );
    assert!(
        error.contains("#[cfg(feature = \"store\")]\n            Self::StoreError(body) => Some(&body.message),"),
        "{error}"
    );
    let lib = file(&files, "src/lib.rs");
    assert!(lib.contains("//! # Features\n"), "{lib}");
    assert!(
        lib.contains("//! - `untagged`: the operations without a tag"),
        "{lib}"
    );

    // The crate, runtime files aside (they are `runtime/src/` verbatim).
    let snapshot = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/tag_features/snapshot");
    for (relative, contents) in &files {
        if relative.starts_with("src/runtime/") && relative != "src/runtime/mod.rs" {
            continue;
        }
        let path = snapshot.join(relative);
        if std::env::var_os("EXPECTORATE").is_some()
            && let Some(parent) = path.parent()
        {
            std::fs::create_dir_all(parent).expect("snapshot folder");
        }
        expectorate::assert_contents(&path, contents);
    }
}

#[test]
fn without_the_option_there_are_no_features() {
    let output = specgen::Builder::new()
        .spec(spec())
        .crate_name("tags")
        .generate_crate()
        .expect("generates");
    for (path, text) in &output.files {
        assert!(!text.contains("[features]"), "{path}");
        assert!(!text.contains("cfg(feature"), "{path}");
        assert!(!text.contains("cfg(any(feature"), "{path}");
    }
    let single = specgen::Builder::new()
        .spec(spec())
        .crate_name("tags")
        .generate_single_file()
        .expect("generates");
    assert!(!single.files[0].1.contains("feature"));
}

fn cargo(dir: &Path, args: &[&str]) {
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| repo().join("target"));
    let output = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned()))
        .args(["check", "--quiet", "--offline"])
        .args(args)
        .current_dir(dir)
        .env("CARGO_TARGET_DIR", target)
        .output()
        .expect("cargo runs");
    assert!(
        output.status.success(),
        "cargo check {args:?}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
}

#[test]
fn every_feature_compiles_alone_in_the_crate_and_the_single_file() {
    let dir = tempfile::tempdir().expect("tempdir");
    let root = dir.path();
    // The switch in the description file.
    let config = root.join("specgen.toml");
    std::fs::write(
        &config,
        format!(
            "[crate]\nname = \"tags\"\n\n[[spec]]\npath = {:?}\ntag_features = true\n",
            spec().to_str().expect("utf-8")
        ),
    )
    .expect("config");
    let status = Command::new(env!("CARGO_BIN_EXE_specgen"))
        .args(["generate", "--config"])
        .arg(&config)
        .arg("--out")
        .arg(root.join("tags"))
        .status()
        .expect("specgen runs");
    assert!(status.success());
    // And the flag: `check` sees the same crate.
    let status = Command::new(env!("CARGO_BIN_EXE_specgen"))
        .arg("check")
        .arg(spec())
        .args(["--crate-name", "tags", "--tag-features", "--out"])
        .arg(root.join("tags"))
        .status()
        .expect("specgen runs");
    assert!(status.success(), "check --tag-features");

    // Warnings are errors: an import a feature leaves unused fails the check.
    let manifest = root.join("tags/Cargo.toml");
    let mut text = std::fs::read_to_string(&manifest).expect("Cargo.toml");
    let features = text[text.find("[features]").expect("features")..].to_owned();
    let dependencies = text
        [text.find("[dependencies]").expect("deps")..text.find("[features]").expect("features")]
        .to_owned();
    text.push_str("\n[lints.rust]\nwarnings = \"deny\"\n");
    std::fs::write(&manifest, text).expect("Cargo.toml");

    // A crate that includes the single file, defining the features.
    let single = specgen::Builder::new()
        .spec(spec())
        .crate_name("tags")
        .tag_features(true)
        .generate_single_file()
        .expect("generates");
    let (_, source) = &single.files[0];
    // The `@generated` line stays first (specgen owns the file by it), the features follow.
    assert!(source.starts_with("// @generated by specgen"), "{source}");
    assert!(
        source.contains("\n\n// Generated with one cargo feature per tag: the crate that includes this file defines\n"),
        "{source}"
    );
    assert!(source.contains(
        "\n// default = [\"admin-users\", \"default-2\", \"pets\", \"store\", \"untagged\"]\n"
    ));
    std::fs::create_dir_all(root.join("includer/src")).expect("includer");
    std::fs::write(root.join("includer/src/tags.rs"), source).expect("single file");
    std::fs::write(
        root.join("includer/src/lib.rs"),
        "//! Includes the generated client.\n\n/// The API.\npub mod tags {\n    include!(\"tags.rs\");\n}\n",
    )
    .expect("lib.rs");
    std::fs::write(
        root.join("includer/Cargo.toml"),
        format!(
            "[package]\nname = \"includer\"\nversion = \"0.1.0\"\nedition = \"2024\"\n\n{dependencies}{features}\n[lints.rust]\nwarnings = \"deny\"\n"
        ),
    )
    .expect("manifest");
    std::fs::write(
        root.join("Cargo.toml"),
        "[workspace]\nmembers = [\"tags\", \"includer\"]\nresolver = \"3\"\n",
    )
    .expect("workspace");
    std::fs::copy(repo().join("Cargo.lock"), root.join("Cargo.lock")).expect("lock file");

    cargo(root, &["--workspace"]);
    cargo(root, &["--workspace", "--no-default-features"]);
    for feature in FEATURES {
        cargo(
            root,
            &["-p", "tags", "--no-default-features", "--features", feature],
        );
    }
    cargo(
        root,
        &[
            "-p",
            "includer",
            "--no-default-features",
            "--features",
            "store",
        ],
    );
}
