//! `specgen diff` through the binary: exit codes 0 (no change), 1 (compatible changes only),
//! 3 (something breaks), 2 (errors), the text and JSON reports, `--overlay` on both specs
//! (`--old-overlay` / `--new-overlay` on one), and `specgen check` printing the same summary
//! on drift.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn specgen(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_specgen"))
        .args(args)
        .output()
        .expect("runs specgen")
}

fn fixture(name: &str) -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/diff")
        .join(name)
        .to_str()
        .expect("utf-8")
        .to_owned()
}

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// The v3 fixture with every path moved under `/crm/objects/2025-09`, nothing else changed.
fn moved_paths(dir: &tempfile::TempDir) -> String {
    let text = std::fs::read_to_string(fixture("orders-v3.yaml"))
        .expect("fixture")
        .replace("/crm/v3/objects/orders/", "/crm/objects/2025-09/orders/");
    let path: PathBuf = dir.path().join("orders-moved.yaml");
    std::fs::write(&path, text).expect("write");
    path.to_str().expect("utf-8").to_owned()
}

#[test]
fn no_change_exits_0() {
    let v3 = fixture("orders-v3.yaml");
    let output = specgen(&["diff", &v3, &v3, "--crate-name", "orders"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(
        stdout(&output),
        "no change to the Rust API; suggested version bump: none\n"
    );
}

#[test]
fn compatible_changes_only_exit_1() {
    let dir = tempfile::tempdir().expect("tempdir");
    let moved = moved_paths(&dir);
    let output = specgen(&["diff", &fixture("orders-v3.yaml"), &moved]);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    let text = stdout(&output);
    assert!(
        text.starts_with("client::Client (struct, read by callers)\n"),
        "{text}"
    );
    assert!(
        text.contains("  compatible  method `batch_update` now calls `POST /crm/objects/2025-09/orders/batch/update` instead of `POST /crm/v3/objects/orders/batch/update`\n"),
        "{text}"
    );
    assert!(!text.contains("breaking  "), "{text}");
    assert!(
        text.ends_with(
            "0 breaking, 4 compatible change(s) to the Rust API; suggested version bump: patch (0.x) from 0.1.0\n"
        ),
        "{text}"
    );
}

#[test]
fn breaking_changes_exit_3_with_each_line_marked() {
    let output = specgen(&[
        "diff",
        &fixture("orders-v3.yaml"),
        &fixture("orders-2025-09.yaml"),
        "--crate-name",
        "orders",
    ]);
    assert_eq!(output.status.code(), Some(3), "{}", stderr(&output));
    let text = stdout(&output);
    for line in [
        "types::SimplePublicObjectBatchInput (struct, built by callers)\n  breaking    field `object_type: String` added (required)\n",
        "  compatible  field `url: Option<String>` added (optional)\n",
        "  breaking    method `batch_archive` removed\n",
        "  compatible  variant `Failed` added\n",
        "responses::BatchUpdateResponse (enum, read by callers)\n  breaking    enum `responses::BatchUpdateResponse` removed\n",
    ] {
        assert!(text.contains(line), "{line:?} not in\n{text}");
    }
    let last = text.lines().last().expect("a summary");
    assert!(
        last.ends_with("suggested version bump: minor (0.x) from 0.1.0"),
        "{last}"
    );
    // Every change line is marked.
    for line in text
        .lines()
        .filter(|l| l.starts_with("  ") && !l.starts_with("    "))
    {
        assert!(
            line.starts_with("  breaking    ") || line.starts_with("  compatible  "),
            "{line}"
        );
    }

    let stable = specgen(&[
        "diff",
        &fixture("orders-v3.yaml"),
        &fixture("orders-2025-09.yaml"),
        "--crate-version",
        "2.4.1",
    ]);
    assert_eq!(stable.status.code(), Some(3));
    assert!(
        stdout(&stable).ends_with("suggested version bump: major from 2.4.1\n"),
        "{}",
        stdout(&stable)
    );
}

#[test]
fn json_has_a_stable_documented_shape_and_order() {
    let args = [
        "diff",
        &fixture("orders-v3.yaml"),
        &fixture("orders-2025-09.yaml"),
        "--format",
        "json",
    ];
    let first = specgen(&args);
    assert_eq!(first.status.code(), Some(3), "{}", stderr(&first));
    assert_eq!(stdout(&first), stdout(&specgen(&args)), "deterministic");
    let json: serde_json::Value = serde_json::from_str(&stdout(&first)).expect("JSON");
    let keys = |v: &serde_json::Value| -> Vec<String> {
        v.as_object().expect("an object").keys().cloned().collect()
    };
    assert_eq!(
        keys(&json),
        [
            "format",
            "old_version",
            "breaking",
            "compatible",
            "bump",
            "bump_text",
            "items"
        ]
    );
    assert_eq!(json["format"], 1);
    assert_eq!(json["old_version"], "0.1.0");
    assert_eq!(json["bump"], "minor");
    assert_eq!(json["bump_text"], "minor (0.x)");
    let items = json["items"].as_array().expect("items");
    let total: usize = items
        .iter()
        .map(|i| i["changes"].as_array().expect("changes").len())
        .sum();
    assert_eq!(
        json["breaking"].as_u64().expect("count") + json["compatible"].as_u64().expect("count"),
        total as u64
    );
    // Ordered by module (client, types, responses, …), then path.
    let names: Vec<&str> = items
        .iter()
        .map(|i| i["item"].as_str().expect("item"))
        .collect();
    let rank = |n: &str| {
        ["client::", "types::", "responses::"]
            .iter()
            .position(|m| n.starts_with(m))
            .unwrap_or(3)
    };
    let mut sorted = names.clone();
    sorted.sort_by_key(|n| (rank(n), *n));
    assert_eq!(names, sorted);

    let input = items
        .iter()
        .find(|i| i["item"] == "types::SimplePublicObjectBatchInput")
        .expect("the request type");
    assert_eq!(keys(input), ["item", "kind", "role", "changes"]);
    assert_eq!(input["kind"], "struct");
    assert_eq!(input["role"], "built");
    let added = &input["changes"][0];
    assert_eq!(
        keys(added),
        [
            "impact", "change", "member", "old", "new", "message", "reason"
        ]
    );
    assert_eq!(added["impact"], "breaking");
    assert_eq!(added["change"], "field_added");
    assert_eq!(added["member"], "object_type");
    assert_eq!(added["old"], serde_json::Value::Null);
    assert_eq!(added["new"], "String");

    let status = items
        .iter()
        .find(|i| i["item"] == "types::BatchStatus")
        .expect("the enum");
    let kinds: Vec<(&str, &str, &str)> = status["changes"]
        .as_array()
        .expect("changes")
        .iter()
        .map(|c| {
            (
                c["change"].as_str().expect("change"),
                c["member"].as_str().expect("member"),
                c["impact"].as_str().expect("impact"),
            )
        })
        .collect();
    assert_eq!(
        kinds,
        [
            ("variant_removed", "Canceled", "breaking"),
            ("variant_added", "Failed", "compatible")
        ]
    );
}

#[test]
fn overlays_apply_to_both_specs() {
    let output = specgen(&[
        "diff",
        &fixture("orders-v3.yaml"),
        &fixture("orders-2025-09.yaml"),
        "--overlay",
        &fixture("archived-at-nullable.overlay.yaml"),
        "--format",
        "json",
    ]);
    assert_eq!(output.status.code(), Some(3), "{}", stderr(&output));
    assert!(
        !stdout(&output).contains("archived_at"),
        "{}",
        stdout(&output)
    );
}

/// `--new-overlay` / `--old-overlay` apply to one side: the shipped spec against itself with
/// the CRM overlay on the new side shows what the overlay changes, and the reverse undoes it.
#[test]
fn an_overlay_on_one_side_shows_what_it_changes() {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let spec = repo.join("spec/hubspot-orders.yaml");
    let overlay = repo.join("spec/hubspot-crm.overlay.yaml");
    let (spec, overlay) = (
        spec.to_str().expect("utf-8"),
        overlay.to_str().expect("utf-8"),
    );
    let output = specgen(&[
        "diff",
        spec,
        spec,
        "--new-overlay",
        overlay,
        "--crate-name",
        "hubspot-orders",
    ]);
    assert_eq!(output.status.code(), Some(3), "{}", stderr(&output));
    assert_eq!(
        stdout(&output),
        "types::SimplePublicObject (struct, read by callers)
  breaking    field `properties`: its map values may now be null, `String` → `Option<String>`
              code that reads its values no longer compiles: each value is `Option<String>` now, not `String`

1 breaking, 0 compatible change(s) to the Rust API; suggested version bump: minor (0.x) from 0.1.0
"
    );
    // The overlay's history action selects nothing in this spec; the overlay is for many
    // specs (no `extends`), so that is no warning.
    assert_eq!(
        stderr(&output).matches("warning").count(),
        0,
        "{}",
        stderr(&output)
    );

    let back = specgen(&["diff", spec, spec, "--old-overlay", overlay]);
    assert_eq!(back.status.code(), Some(3), "{}", stderr(&back));
    assert!(
        stdout(&back).contains(
            "field `properties`: its map values may no longer be null, `Option<String>` → `String`"
        ),
        "{}",
        stdout(&back)
    );
    let both = specgen(&["diff", spec, spec, "--overlay", overlay]);
    assert_eq!(both.status.code(), Some(0), "{}", stdout(&both));
}

#[test]
fn errors_exit_2() {
    let dir = tempfile::tempdir().expect("tempdir");
    let broken = dir.path().join("broken.yaml");
    std::fs::write(
        &broken,
        "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /a:\n    get: 5\n",
    )
    .expect("write");
    let broken = broken.to_str().expect("utf-8");
    let bad_spec = specgen(&["diff", &fixture("orders-v3.yaml"), broken]);
    assert_eq!(bad_spec.status.code(), Some(2));
    assert!(
        stderr(&bad_spec).contains("broken.yaml:5:"),
        "{}",
        stderr(&bad_spec)
    );
    assert!(stdout(&bad_spec).is_empty());

    let missing = specgen(&["diff", "missing.yaml", &fixture("orders-v3.yaml")]);
    assert_eq!(missing.status.code(), Some(2));
    assert!(
        stderr(&missing).contains("missing.yaml"),
        "{}",
        stderr(&missing)
    );

    let v3 = fixture("orders-v3.yaml");
    assert_eq!(specgen(&["diff", &v3]).status.code(), Some(2));
    assert_eq!(
        specgen(&["diff", &v3, &v3, "--format", "yaml"])
            .status
            .code(),
        Some(2)
    );
    let bad_name = specgen(&["diff", &v3, &v3, "--crate-name", "9lives"]);
    assert_eq!(bad_name.status.code(), Some(2));

    // `--strict` as for `generate`: a lenient fix-up (`type: String`) becomes an error.
    let lenient = dir.path().join("lenient.yaml");
    std::fs::write(
        &lenient,
        "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n    A: {type: String}\n",
    )
    .expect("write");
    let lenient = lenient.to_str().expect("utf-8");
    assert_eq!(specgen(&["diff", lenient, lenient]).status.code(), Some(0));
    assert_eq!(
        specgen(&["diff", lenient, lenient, "--strict"])
            .status
            .code(),
        Some(2)
    );
}

#[test]
fn check_on_drift_prints_what_regenerating_would_change() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = dir.path().join("crate");
    let out = out.to_str().expect("utf-8");
    let generate = specgen(&[
        "generate",
        &fixture("orders-v3.yaml"),
        "--out",
        out,
        "--crate-name",
        "orders",
    ]);
    assert_eq!(generate.status.code(), Some(0), "{}", stderr(&generate));

    let drift = specgen(&[
        "check",
        &fixture("orders-2025-09.yaml"),
        "--out",
        out,
        "--crate-name",
        "orders",
    ]);
    assert_eq!(drift.status.code(), Some(1), "check keeps its exit codes");
    let message = stderr(&drift);
    for part in [
        "would change in the Rust API of",
        "  breaking    method `batch_archive` removed\n",
        "  compatible  method `get` added\n",
        "  breaking    field `object_type: String` added (required)\n",
        "suggested version bump: minor (0.x) from 0.1.0\n",
        "differs from what the spec generates; run `specgen generate`",
    ] {
        assert!(message.contains(part), "{part:?} not in\n{message}");
    }

    // A drift that leaves the API alone (a doc comment edited by hand) says so.
    let client = Path::new(out).join("src/client.rs");
    let text = std::fs::read_to_string(&client).expect("client.rs");
    std::fs::write(&client, text.replacen("/// ", "/// Edited. ", 1)).expect("write");
    let docs_only = specgen(&[
        "check",
        &fixture("orders-v3.yaml"),
        "--out",
        out,
        "--crate-name",
        "orders",
    ]);
    assert_eq!(docs_only.status.code(), Some(1));
    assert!(
        stderr(&docs_only).contains("no change to the Rust API; suggested version bump: none"),
        "{}",
        stderr(&docs_only)
    );

    // A file that no longer parses: the drift is still reported, the summary says why it
    // is missing.
    std::fs::write(&client, "pub struct {").expect("write");
    let unparsable = specgen(&[
        "check",
        &fixture("orders-v3.yaml"),
        "--out",
        out,
        "--crate-name",
        "orders",
    ]);
    assert_eq!(unparsable.status.code(), Some(1));
    let message = stderr(&unparsable);
    assert!(
        message.contains(
            "cannot summarise the change to the Rust API: src/client.rs does not parse as Rust"
        ),
        "{message}"
    );
    assert!(message.contains("src/client.rs differs"), "{message}");
}
