//! `--overlay` on the command line and `Builder::overlay`: the shipped HubSpot overlay fixes
//! the vendor's faults in what is generated and linted, a target that no longer selects
//! anything warns (an error with `--strict`), and a malformed overlay exits 2.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The description HubSpot's page gives the batch response's `errors`, which the shipped
/// overlay replaces.
const VENDOR_TEXT: &str = "An object containing relevant links related to the batch request.";
const FIXED_TEXT: &str = "One error per input that failed.";

fn specgen(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_specgen"))
        .args(args)
        .output()
        .expect("runs specgen")
}

fn repo(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..").join(path)
}

fn text(path: &Path) -> &str {
    path.to_str().expect("utf-8 path")
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// The doc comment of `BatchResponseSimplePublicObject::errors` in a generated `types.rs`.
fn errors_doc(types: &str) -> Option<String> {
    let start = types.find("pub struct BatchResponseSimplePublicObject {")?;
    let body = &types[start..];
    let field = body.find("pub errors:")?;
    let doc = body[..field].rfind("///")?;
    Some(body[doc..field].lines().next()?.trim().to_owned())
}

#[test]
fn generate_with_the_shipped_overlay_fixes_the_vendor_description() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (plain, fixed) = (dir.path().join("plain"), dir.path().join("fixed"));
    let spec = repo("spec/hubspot-orders.yaml");
    let overlay = repo("spec/hubspot-orders.overlay.yaml");
    let plain_run = specgen(&["generate", text(&spec), "--out", text(&plain)]);
    assert_eq!(plain_run.status.code(), Some(0), "{}", stderr(&plain_run));
    let fixed_run = specgen(&[
        "generate",
        text(&spec),
        "--overlay",
        text(&overlay),
        "--out",
        text(&fixed),
    ]);
    assert_eq!(fixed_run.status.code(), Some(0), "{}", stderr(&fixed_run));
    assert!(
        !stderr(&fixed_run).contains("warning"),
        "every action of the shipped overlay applies: {}",
        stderr(&fixed_run)
    );

    let read = |dir: &Path| std::fs::read_to_string(dir.join("src/types.rs")).expect("types.rs");
    let (plain_types, fixed_types) = (read(&plain), read(&fixed));
    assert_eq!(
        errors_doc(&plain_types).as_deref(),
        Some(format!("/// {VENDOR_TEXT}").as_str())
    );
    assert_eq!(
        errors_doc(&fixed_types).as_deref(),
        Some(format!("/// {FIXED_TEXT}").as_str())
    );
    // Only that text changes: the same types, fields and methods either way.
    assert_eq!(
        plain_types.replace(VENDOR_TEXT, FIXED_TEXT),
        fixed_types,
        "the overlay changes nothing but the description"
    );

    // `check` applies the overlay too: the fixed crate is up to date only with it.
    let with = specgen(&[
        "check",
        text(&spec),
        "--overlay",
        text(&overlay),
        "--out",
        text(&fixed),
    ]);
    assert_eq!(with.status.code(), Some(0), "{}", stderr(&with));
    let without = specgen(&["check", text(&spec), "--out", text(&fixed)]);
    assert_eq!(without.status.code(), Some(1), "{}", stderr(&without));
}

#[test]
fn lint_with_the_shipped_overlay_finds_every_example_fitting() {
    let spec = repo("spec/hubspot-orders.yaml");
    let overlay = repo("spec/hubspot-orders.overlay.yaml");
    let plain = specgen(&["lint", text(&spec)]);
    assert_eq!(plain.status.code(), Some(1), "{}", stderr(&plain));
    assert!(
        stderr(&plain).contains("examples/seed/value"),
        "{}",
        stderr(&plain)
    );
    let fixed = specgen(&["lint", text(&spec), "--overlay", text(&overlay)]);
    assert_eq!(fixed.status.code(), Some(0), "{}", stderr(&fixed));
    assert!(
        stderr(&fixed).contains("every example fits its schema"),
        "{}",
        stderr(&fixed)
    );
}

#[test]
fn overlays_apply_in_the_order_given_and_stale_targets_warn() {
    let dir = tempfile::tempdir().expect("tempdir");
    let spec = repo("spec/hubspot-orders.yaml");
    let overlay = repo("spec/hubspot-orders.overlay.yaml");
    // The shipped overlay twice: the second time its string `context` is gone, so the
    // actions that fix it select nothing, as after the vendor fixes its page.
    let twice = specgen(&[
        "lint",
        text(&spec),
        "--overlay",
        text(&overlay),
        "--overlay",
        text(&overlay),
    ]);
    assert_eq!(twice.status.code(), Some(0), "{}", stderr(&twice));
    let err = stderr(&twice);
    assert_eq!(err.matches("selects nothing").count(), 2, "{err}");
    assert!(err.contains("hubspot-orders.overlay.yaml:27:5"), "{err}");
    assert!(
        err.contains("/actions/1/target") && err.contains("/actions/2/target"),
        "{err}"
    );

    let out = dir.path().join("out");
    let strict = specgen(&[
        "generate",
        text(&spec),
        "--overlay",
        text(&overlay),
        "--overlay",
        text(&overlay),
        "--out",
        text(&out),
        "--strict",
    ]);
    assert_eq!(strict.status.code(), Some(2), "{}", stderr(&strict));
    assert!(
        stderr(&strict).contains("error: actions[1]"),
        "{}",
        stderr(&strict)
    );
}

#[test]
fn a_malformed_overlay_exits_2_naming_each_bad_action() {
    let dir = tempfile::tempdir().expect("tempdir");
    let overlay = dir.path().join("bad.overlay.yaml");
    std::fs::write(
        &overlay,
        "overlay: 1.0.0\ninfo: {title: t, version: '1'}\nactions:\n  - target: $.paths[\n    remove: true\n  - target: $.info\n    remove: maybe\n",
    )
    .expect("write");
    let spec = repo("spec/hubspot-orders.yaml");
    let run = specgen(&["lint", text(&spec), "--overlay", text(&overlay)]);
    assert_eq!(run.status.code(), Some(2), "{}", stderr(&run));
    let err = stderr(&run);
    assert!(
        err.contains("bad.overlay.yaml:4:5") && err.contains("/actions/0/target"),
        "{err}"
    );
    assert!(
        err.contains("bad.overlay.yaml:7:5") && err.contains("/actions/1/remove"),
        "{err}"
    );
    assert!(err.contains("(target `$.info`)"), "{err}");

    let missing = specgen(&["lint", text(&spec), "--overlay", "no-such.overlay.yaml"]);
    assert_eq!(missing.status.code(), Some(2));
    assert!(
        stderr(&missing).contains("no-such.overlay.yaml"),
        "{}",
        stderr(&missing)
    );
}

#[test]
fn builder_overlay_is_applied_for_build_scripts() {
    let dir = tempfile::tempdir().expect("tempdir");
    let builder = specgen::Builder::new()
        .spec(repo("spec/hubspot-orders.yaml"))
        .overlay(repo("spec/hubspot-orders.overlay.yaml"))
        .crate_name("hubspot-orders")
        .out_dir(dir.path());
    let written = builder.generate_to_out_dir().expect("generates");
    let code = std::fs::read_to_string(written).expect("the written file");
    assert!(code.contains(FIXED_TEXT) && !code.contains(VENDOR_TEXT));

    let (findings, warnings) = builder.lint().expect("lints");
    assert!(
        findings.is_empty() && warnings.is_empty(),
        "{findings:?} {warnings:?}"
    );

    // Repeated overlays are applied in order; a failing one names its file.
    let broken = dir.path().join("broken.yaml");
    std::fs::write(&broken, "overlay: 1.0.0\nactions: 5\n").expect("write");
    let Err(specgen::Error::Spec(errors)) = builder.clone().overlay(&broken).lint() else {
        panic!("a broken overlay is an error")
    };
    assert_eq!(errors[0].file, broken);
    assert_eq!(errors[0].pointer, "/actions");
}

/// `spec/hubspot-crm.overlay.yaml` selects by shape: on the contacts spec as HubSpot publishes
/// it, every returned object's `properties` values and every `ValueWithTimestamp`'s `value`
/// become nullable, and nothing else (the inputs callers build keep `String` values).
#[test]
fn the_crm_overlay_makes_the_returned_property_values_nullable_by_shape() {
    use specgen::diff::{ChangeKind, Impact};
    let overlay = repo("spec/hubspot-crm.overlay.yaml");
    let changes = |spec: &str| {
        let plain = specgen::Builder::new().spec(repo(spec)).crate_name("crm");
        let overlaid = plain.clone().overlay(&overlay);
        let (diff, warnings) = specgen::diff::between(&plain, &overlaid).expect("diffs");
        let changes: Vec<(String, ChangeKind, String, Impact)> = diff
            .changes()
            .map(|(item, c)| {
                let member = c.member.clone().unwrap_or_default();
                (item.to_owned(), c.kind, member, c.impact)
            })
            .collect();
        (changes, warnings)
    };
    let change = |item: &str, kind, member: &str| {
        (
            format!("types::{item}"),
            kind,
            member.to_owned(),
            Impact::Breaking,
        )
    };

    let (contacts, warnings) = changes("tests/features/crm/contacts.yaml");
    assert!(warnings.is_empty(), "both actions apply: {warnings:?}");
    assert_eq!(
        contacts,
        [
            change(
                "SimplePublicObject",
                ChangeKind::FieldValuesNowNullable,
                "properties"
            ),
            change(
                "SimplePublicObjectWithAssociations",
                ChangeKind::FieldValuesNowNullable,
                "properties"
            ),
            change(
                "SimplePublicUpsertObject",
                ChangeKind::FieldValuesNowNullable,
                "properties"
            ),
            change("ValueWithTimestamp", ChangeKind::FieldNowNullable, "value"),
        ]
    );

    // The orders spec already says `nullable: true` of the objects' values: the first action
    // merges what is there (no change); the second still makes the history values nullable.
    let (orders, warnings) = changes("tests/features/specs/crm_objects.yaml");
    assert!(warnings.is_empty(), "both actions select: {warnings:?}");
    assert_eq!(
        orders,
        [change(
            "ValueWithTimestamp",
            ChangeKind::FieldNowNullable,
            "value"
        )]
    );
}

/// On the shipped batch-update spec the overlay's first action applies and its second (the
/// `ValueWithTimestamp` of `propertiesWithHistory`, which the page does not return) selects
/// nothing. The overlay names no document it `extends` (it is for every CRM object spec), so
/// that is no warning, not even with `--strict`.
#[test]
fn the_crm_overlay_reads_cleanly_where_a_spec_has_no_history() {
    let dir = tempfile::tempdir().expect("tempdir");
    let spec = repo("spec/hubspot-orders.yaml");
    let overlay = repo("spec/hubspot-crm.overlay.yaml");
    let out = dir.path().join("out");
    let run = specgen(&[
        "generate",
        text(&spec),
        "--overlay",
        text(&overlay),
        "--out",
        text(&out),
    ]);
    assert_eq!(run.status.code(), Some(0), "{}", stderr(&run));
    let err = stderr(&run);
    assert_eq!(err.matches("warning").count(), 0, "{err}");
    let types = std::fs::read_to_string(out.join("src/types.rs")).expect("types.rs");
    let field = |ty: &str| {
        let start = types
            .find(&format!("pub struct {ty} {{"))
            .unwrap_or_else(|| panic!("{ty}"));
        let body = &types[start..];
        let end = body.find("\n}").expect("struct end");
        body[..end]
            .lines()
            .find(|l| l.trim_start().starts_with("pub properties:"))
            .expect("a properties field")
            .trim()
            .to_owned()
    };
    assert_eq!(
        field("SimplePublicObject"),
        "pub properties: ::std::collections::BTreeMap<String, Option<String>>,"
    );
    assert_eq!(
        field("SimplePublicObjectBatchInput"),
        "pub properties: ::std::collections::BTreeMap<String, String>,",
        "the input callers build keeps plain strings"
    );

    let strict = specgen(&[
        "check",
        text(&spec),
        "--overlay",
        text(&overlay),
        "--out",
        text(&out),
        "--strict",
    ]);
    assert_eq!(strict.status.code(), Some(0), "{}", stderr(&strict));
}
