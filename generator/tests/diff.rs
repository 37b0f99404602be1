//! `specgen::diff`: the change in the generated Rust API between two versions of a spec, on
//! HubSpot-style pairs (v3 paths → date-versioned paths, response statuses dropped, fields
//! turned nullable, enum values added and removed). Each change kind is checked alone, on the
//! v3 fixture with one edit, for exactly the changes it reports and how it classifies them.

use std::path::{Path, PathBuf};

use specgen::Builder;
use specgen::diff::{ApiDiff, Bump, ChangeKind, DiffError, Impact};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/diff")
        .join(name)
}

fn builder(spec: &Path) -> Builder {
    Builder::new().spec(spec).crate_name("orders")
}

fn diff(old: &Path, new: &Path) -> ApiDiff {
    let (diff, warnings) = specgen::diff::between(&builder(old), &builder(new)).expect("diffs");
    assert!(warnings.is_empty(), "{warnings:?}");
    diff
}

/// The v3 fixture with each `(from, to)` replacement made (each must match exactly once),
/// written into `dir`.
fn edited(dir: &tempfile::TempDir, name: &str, edits: &[(&str, &str)]) -> PathBuf {
    let mut text = std::fs::read_to_string(fixture("orders-v3.yaml")).expect("fixture");
    for (from, to) in edits {
        assert_eq!(text.matches(from).count(), 1, "edit target {from:?}");
        text = text.replacen(from, to, 1);
    }
    let path = dir.path().join(name);
    std::fs::write(&path, text).expect("write");
    path
}

/// The diff of v3 against v3 with `edits`.
fn diff_of(edits: &[(&str, &str)]) -> ApiDiff {
    let dir = tempfile::tempdir().expect("tempdir");
    let new = edited(&dir, "orders-v3-edited.yaml", edits);
    diff(&fixture("orders-v3.yaml"), &new)
}

/// `(item, change, member, impact)` of every change, in report order.
fn changes(diff: &ApiDiff) -> Vec<(String, ChangeKind, Option<String>, Impact)> {
    diff.changes()
        .map(|(item, c)| (item.to_owned(), c.kind, c.member.clone(), c.impact))
        .collect()
}

fn change(
    item: &str,
    kind: ChangeKind,
    member: &str,
    impact: Impact,
) -> (String, ChangeKind, Option<String>, Impact) {
    let member = (!member.is_empty()).then(|| member.to_owned());
    (item.to_owned(), kind, member, impact)
}

const BATCH_INPUT: &str = "    SimplePublicObjectBatchInput:
      type: object
      required: [id, properties]
      properties:
";
const UPSERT_207: &str = "        '207':
          description: Some inputs failed.
          content:
            application/json:
              schema:
                $ref: '#/components/schemas/BatchResponseSimplePublicObjectWithErrors'
        default:
          $ref: '#/components/responses/Error'
  /crm/v3/objects/orders/batch/archive:";
const UPDATE_207: &str = "        '207':
          description: Some inputs failed.
          content:
            application/json:
              schema:
                $ref: '#/components/schemas/BatchResponseSimplePublicObjectWithErrors'
        default:
          $ref: '#/components/responses/Error'
  /crm/v3/objects/orders/batch/upsert:";
const UPDATED_AT: &str = "        updatedAt:
          type: string
          format: date-time
    SimplePublicUpsertObject:";

#[test]
fn the_date_versioned_release_lists_every_change_and_is_breaking() {
    let diff = diff(&fixture("orders-v3.yaml"), &fixture("orders-2025-09.yaml"));
    let found = changes(&diff);
    let expected = [
        // Every path moved together: the shared prefix is dropped as before, so the
        // methods keep their names and only call the new paths.
        change(
            "client::Client",
            ChangeKind::EndpointChanged,
            "batch_update",
            Impact::Compatible,
        ),
        change(
            "client::Client",
            ChangeKind::EndpointChanged,
            "batch_upsert",
            Impact::Compatible,
        ),
        change(
            "client::Client",
            ChangeKind::EndpointChanged,
            "search",
            Impact::Compatible,
        ),
        // The 207 of batch/update is gone: one success body left, so no response enum.
        change(
            "client::Client",
            ChangeKind::MethodSignatureChanged,
            "batch_update",
            Impact::Breaking,
        ),
        change(
            "responses::BatchUpdateResponse",
            ChangeKind::Removed,
            "",
            Impact::Breaking,
        ),
        // The 207 of batch/upsert is gone: the enum keeps `Ok` and `Created`.
        change(
            "responses::BatchUpsertResponse",
            ChangeKind::VariantRemoved,
            "MultiStatus",
            Impact::Breaking,
        ),
        change(
            "client::Client",
            ChangeKind::MethodRemoved,
            "batch_archive",
            Impact::Breaking,
        ),
        change(
            "client::Client",
            ChangeKind::MethodAdded,
            "get",
            Impact::Compatible,
        ),
        change(
            "types::SimplePublicObjectBatchInput",
            ChangeKind::FieldAdded,
            "object_type",
            Impact::Breaking,
        ),
        change(
            "types::SimplePublicObject",
            ChangeKind::FieldAdded,
            "url",
            Impact::Compatible,
        ),
        change(
            "types::SimplePublicObject",
            ChangeKind::FieldNowNullable,
            "archived_at",
            Impact::Breaking,
        ),
        change(
            "types::BatchStatus",
            ChangeKind::VariantAdded,
            "Failed",
            Impact::Compatible,
        ),
        change(
            "types::BatchStatus",
            ChangeKind::VariantRemoved,
            "Canceled",
            Impact::Breaking,
        ),
    ];
    for wanted in &expected {
        assert!(found.contains(wanted), "{wanted:?} not in {found:#?}");
    }
    assert!(diff.is_breaking());
    assert_eq!(diff.bump, Bump::Minor);
    assert_eq!(diff.bump_text, "minor (0.x)");
    assert_eq!(diff.old_version.as_deref(), Some("0.1.0"));
    assert_eq!(
        diff.breaking + diff.compatible,
        found.len(),
        "the counts add up"
    );
    let text = diff.render_text();
    assert!(
        text.ends_with("suggested version bump: minor (0.x) from 0.1.0\n"),
        "{text}"
    );
    let update = diff
        .changes()
        .find(|(_, c)| {
            c.kind == ChangeKind::MethodSignatureChanged
                && c.member.as_deref() == Some("batch_update")
        })
        .map(|(_, c)| c.clone())
        .expect("batch_update changed");
    assert_eq!(
        update.new.as_deref(),
        Some(
            "fn batch_update(&self, body: &types::BatchInputSimplePublicObjectBatchInput) -> ResponseFuture<'_, types::BatchResponseSimplePublicObject>"
        )
    );

    let stable = specgen::diff::between(
        &builder(&fixture("orders-v3.yaml")).crate_version("1.2.0"),
        &builder(&fixture("orders-2025-09.yaml")),
    )
    .expect("diffs")
    .0;
    assert_eq!(
        (stable.bump, stable.bump_text.as_str()),
        (Bump::Major, "major")
    );
}

#[test]
fn the_same_spec_changes_nothing() {
    let diff = diff(&fixture("orders-v3.yaml"), &fixture("orders-v3.yaml"));
    assert!(diff.is_empty() && !diff.is_breaking());
    assert_eq!(diff.bump, Bump::None);
    assert_eq!(
        diff.render_text(),
        "no change to the Rust API; suggested version bump: none\n"
    );
}

#[test]
fn paths_moved_together_keep_the_method_names() {
    let dir = tempfile::tempdir().expect("tempdir");
    let text = std::fs::read_to_string(fixture("orders-v3.yaml"))
        .expect("fixture")
        .replace("/crm/v3/objects/orders/", "/crm/objects/2025-09/orders/");
    let moved = dir.path().join("moved.yaml");
    std::fs::write(&moved, text).expect("write");
    let diff = diff(&fixture("orders-v3.yaml"), &moved);
    assert_eq!(
        changes(&diff),
        ["batch_archive", "batch_update", "batch_upsert", "search"].map(|m| change(
            "client::Client",
            ChangeKind::EndpointChanged,
            m,
            Impact::Compatible
        ))
    );
    let archive = diff.changes().next().expect("a change").1;
    assert_eq!(
        (archive.old.as_deref(), archive.new.as_deref()),
        (
            Some("POST /crm/v3/objects/orders/batch/archive"),
            Some("POST /crm/objects/2025-09/orders/batch/archive")
        )
    );
    assert_eq!(
        (diff.bump, diff.bump_text.as_str()),
        (Bump::Patch, "patch (0.x)")
    );
}

#[test]
fn moving_one_path_renames_nothing() {
    // HubSpot moves APIs one at a time. Method names come from each operation's own path,
    // so one path under /crm/objects/2025-09 changes that method's endpoint only.
    let diff = diff_of(&[
        (
            "/crm/v3/objects/orders/search:",
            "/crm/objects/2025-09/orders/search:",
        ),
        (
            "operationId: post-/crm/v3/objects/orders/search\n",
            "operationId: post-/crm/objects/2025-09/orders/search\n",
        ),
    ]);
    assert_eq!(
        changes(&diff),
        [change(
            "client::Client",
            ChangeKind::EndpointChanged,
            "search",
            Impact::Compatible
        )]
    );
}

#[test]
fn a_new_operation_id_renames_the_method() {
    let diff = diff_of(&[(
        "operationId: post-/crm/v3/objects/orders/batch/archive\n",
        "operationId: archiveOrders\n",
    )]);
    let found = changes(&diff);
    assert!(
        found.contains(&change(
            "client::Client",
            ChangeKind::MethodRenamed,
            "batch_archive",
            Impact::Breaking,
        )),
        "{found:#?}"
    );
    let renamed = diff
        .changes()
        .find(|(_, c)| c.member.as_deref() == Some("batch_archive"))
        .expect("renamed")
        .1;
    assert!(
        renamed.message.contains(
            "renamed to `archive_orders`, same endpoint `POST /crm/v3/objects/orders/batch/archive`"
        ),
        "{}",
        renamed.message
    );
}

#[test]
fn a_required_request_field_breaks_struct_literals() {
    let diff = diff_of(&[(
        BATCH_INPUT,
        "    SimplePublicObjectBatchInput:
      type: object
      required: [id, properties, objectType]
      properties:
        objectType:
          type: string
",
    )]);
    assert_eq!(
        changes(&diff),
        [change(
            "types::SimplePublicObjectBatchInput",
            ChangeKind::FieldAdded,
            "object_type",
            Impact::Breaking
        )]
    );
    let added = diff.changes().next().expect("a change").1;
    assert_eq!(added.new.as_deref(), Some("String"));
    assert!(added.reason.contains("struct literals"), "{}", added.reason);
    assert_eq!(diff.items[0].role, Some(specgen::diff::Role::Built));
}

#[test]
fn an_optional_request_field_breaks_literals_too_unless_they_use_default() {
    let diff = diff_of(&[(
        "        query:
          type: string
",
        "        query:
          type: string
        properties:
          type: array
          items:
            type: string
",
    )]);
    assert_eq!(
        changes(&diff),
        [change(
            "types::PublicObjectSearchRequest",
            ChangeKind::FieldAdded,
            "properties",
            Impact::Breaking
        )]
    );
    let reason = &diff.changes().next().expect("a change").1.reason;
    assert!(reason.contains("..Default::default()"), "{reason}");
}

#[test]
fn an_optional_response_field_is_compatible() {
    let diff = diff_of(&[(
        UPDATED_AT,
        "        updatedAt:
          type: string
          format: date-time
        url:
          type: string
    SimplePublicUpsertObject:",
    )]);
    assert_eq!(
        changes(&diff),
        [change(
            "types::SimplePublicObject",
            ChangeKind::FieldAdded,
            "url",
            Impact::Compatible
        )]
    );
    assert_eq!(diff.items[0].role, Some(specgen::diff::Role::Read));
    assert_eq!(
        (diff.bump, diff.bump_text.as_str()),
        (Bump::Patch, "patch (0.x)")
    );
}

#[test]
fn a_field_turned_nullable_is_breaking() {
    let diff = diff_of(&[(
        "        archivedAt:
          type: string
          format: date-time
",
        "        archivedAt:
          type: string
          format: date-time
          nullable: true
",
    )]);
    assert_eq!(
        changes(&diff),
        [change(
            "types::SimplePublicObject",
            ChangeKind::FieldNowNullable,
            "archived_at",
            Impact::Breaking
        )]
    );
    let retyped = diff.changes().next().expect("a change").1;
    assert_eq!(
        (retyped.old.as_deref(), retyped.new.as_deref()),
        (
            Some("Option<chrono::DateTime<chrono::Utc>>"),
            Some("Option<Option<chrono::DateTime<chrono::Utc>>>")
        )
    );
}

#[test]
fn required_and_optional_swaps_are_breaking_and_default_follows() {
    // `id` no longer required: `String` → `Option<String>`, and with every field optional
    // or a collection the struct now derives `Default`.
    let optional = diff_of(&[(
        BATCH_INPUT,
        "    SimplePublicObjectBatchInput:
      type: object
      required: [properties]
      properties:
",
    )]);
    assert_eq!(
        changes(&optional),
        [
            change(
                "types::SimplePublicObjectBatchInput",
                ChangeKind::TraitAdded,
                "Default",
                Impact::Compatible
            ),
            change(
                "types::SimplePublicObjectBatchInput",
                ChangeKind::FieldNowOptional,
                "id",
                Impact::Breaking
            ),
        ]
    );
    // `limit` now required: `Option<i32>` → `i32`, and `Default` is gone.
    let required = diff_of(&[(
        "    PublicObjectSearchRequest:
      type: object
",
        "    PublicObjectSearchRequest:
      type: object
      required: [limit]
",
    )]);
    assert_eq!(
        changes(&required),
        [
            change(
                "types::PublicObjectSearchRequest",
                ChangeKind::TraitRemoved,
                "Default",
                Impact::Breaking
            ),
            change(
                "types::PublicObjectSearchRequest",
                ChangeKind::FieldNowRequired,
                "limit",
                Impact::Breaking
            ),
        ]
    );
}

#[test]
fn enum_values_added_are_compatible_and_removed_ones_breaking() {
    let added = diff_of(&[(
        "enum: [CANCELED, COMPLETE, PENDING, PROCESSING]",
        "enum: [CANCELED, COMPLETE, FAILED, PENDING, PROCESSING]",
    )]);
    assert_eq!(
        changes(&added),
        [change(
            "types::BatchStatus",
            ChangeKind::VariantAdded,
            "Failed",
            Impact::Compatible
        )]
    );
    assert!(
        added
            .changes()
            .all(|(_, c)| c.reason.contains("#[non_exhaustive]"))
    );

    // On the wire a removed value still decodes (as `Unknown`), but code naming the
    // variant stops compiling, so this is breaking.
    let removed = diff_of(&[(
        "enum: [CANCELED, COMPLETE, PENDING, PROCESSING]",
        "enum: [COMPLETE, PENDING, PROCESSING]",
    )]);
    assert_eq!(
        changes(&removed),
        [change(
            "types::BatchStatus",
            ChangeKind::VariantRemoved,
            "Canceled",
            Impact::Breaking
        )]
    );
    let reason = &removed.changes().next().expect("a change").1.reason;
    assert!(reason.contains("Unknown"), "{reason}");
}

#[test]
fn a_removed_207_drops_a_response_variant_or_the_whole_enum() {
    let upsert = diff_of(&[(
        UPSERT_207,
        "        default:
          $ref: '#/components/responses/Error'
  /crm/v3/objects/orders/batch/archive:",
    )]);
    let found = changes(&upsert);
    assert!(found.contains(&change(
        "responses::BatchUpsertResponse",
        ChangeKind::VariantRemoved,
        "MultiStatus",
        Impact::Breaking
    )));
    // The accessor only a 207 body had goes with it; the method itself is unchanged.
    assert!(found.contains(&change(
        "responses::BatchUpsertResponse",
        ChangeKind::MethodRemoved,
        "errors",
        Impact::Breaking
    )));
    assert!(
        !found
            .iter()
            .any(|(item, _, member, _)| item == "client::Client"
                && member.as_deref() == Some("batch_upsert"))
    );

    let update = diff_of(&[(
        UPDATE_207,
        "        default:
          $ref: '#/components/responses/Error'
  /crm/v3/objects/orders/batch/upsert:",
    )]);
    let found = changes(&update);
    for wanted in [
        change(
            "client::Client",
            ChangeKind::MethodSignatureChanged,
            "batch_update",
            Impact::Breaking,
        ),
        change(
            "client::Client",
            ChangeKind::MethodSignatureChanged,
            "batch_update_chunked",
            Impact::Breaking,
        ),
        change(
            "responses::BatchUpdateResponse",
            ChangeKind::Removed,
            "",
            Impact::Breaking,
        ),
    ] {
        assert!(found.contains(&wanted), "{wanted:?} not in {found:#?}");
    }
}

#[test]
fn a_new_success_status_breaks_exhaustive_matches() {
    let with_202 = format!(
        "        '202':
          description: Accepted for processing later.
          content:
            application/json:
              schema:
                $ref: '#/components/schemas/SimplePublicObjectId'
{UPSERT_207}"
    );
    let diff = diff_of(&[(UPSERT_207, &with_202)]);
    let found = changes(&diff);
    let wanted = change(
        "responses::BatchUpsertResponse",
        ChangeKind::VariantAdded,
        "Accepted",
        Impact::Breaking,
    );
    assert!(found.contains(&wanted), "{found:#?}");
    let reason = &diff
        .changes()
        .find(|(_, c)| c.kind == ChangeKind::VariantAdded)
        .expect("added")
        .1
        .reason;
    assert!(reason.contains("exhaustive"), "{reason}");
}

#[test]
fn methods_removed_are_breaking_and_added_are_compatible() {
    let diff = diff_of(&[(
        "  /crm/v3/objects/orders/batch/archive:
    post:
      operationId: post-/crm/v3/objects/orders/batch/archive
      summary: Archive a batch of orders by ID
",
        "  /crm/v3/objects/orders/batch/read:
    post:
      operationId: post-/crm/v3/objects/orders/batch/read
      summary: Read a batch of orders by ID
",
    )]);
    assert_eq!(
        changes(&diff),
        [
            change(
                "client::Client",
                ChangeKind::MethodRemoved,
                "batch_archive",
                Impact::Breaking
            ),
            change(
                "client::Client",
                ChangeKind::MethodAdded,
                "batch_read",
                Impact::Compatible
            ),
        ]
    );
}

/// The spec with a new query parameter before `archived`; `required` says whether it is.
fn with_new_parameter(dir: &tempfile::TempDir, required: bool) -> PathBuf {
    let text = std::fs::read_to_string(fixture("orders-2025-09.yaml")).expect("fixture");
    let marker = "        - name: archived\n";
    assert_eq!(text.matches(marker).count(), 1);
    let with_param = text.replace(
        marker,
        &format!(
            "        - name: properties
          in: query
          required: {required}
          schema:
            type: array
            items:
              type: string
        - name: archived
"
        ),
    );
    let new = dir.path().join(format!("more-arguments-{required}.yaml"));
    std::fs::write(&new, with_param).expect("write");
    new
}

#[test]
fn a_new_optional_parameter_is_a_new_setter() {
    let dir = tempfile::tempdir().expect("tempdir");
    let new = with_new_parameter(&dir, false);
    let diff = diff(&fixture("orders-2025-09.yaml"), &new);
    assert_eq!(
        changes(&diff),
        [change(
            "client::GetRequest",
            ChangeKind::MethodAdded,
            "properties",
            Impact::Compatible
        )]
    );
}

#[test]
fn a_new_required_parameter_changes_the_signature() {
    let dir = tempfile::tempdir().expect("tempdir");
    let new = with_new_parameter(&dir, true);
    let diff = diff(&fixture("orders-2025-09.yaml"), &new);
    let found = changes(&diff);
    assert!(
        found.contains(&change(
            "client::Client",
            ChangeKind::MethodSignatureChanged,
            "get",
            Impact::Breaking
        )),
        "{found:#?}"
    );
    let message = &diff
        .changes()
        .find(|(_, c)| c.kind == ChangeKind::MethodSignatureChanged)
        .expect("a signature change")
        .1
        .message;
    assert!(message.contains("argument `properties: "), "{message}");
    assert!(message.contains("added"), "{message}");
}

#[test]
fn a_new_error_body_is_compatible_as_error_bodies_are_non_exhaustive() {
    let diff = diff_of(&[(
        UPDATE_207,
        "        '207':
          description: Some inputs failed.
          content:
            application/json:
              schema:
                $ref: '#/components/schemas/BatchResponseSimplePublicObjectWithErrors'
        '429':
          description: Too many requests.
          content:
            application/json:
              schema:
                $ref: '#/components/schemas/StandardError'
        default:
          $ref: '#/components/responses/Error'
  /crm/v3/objects/orders/batch/upsert:",
    )]);
    assert_eq!(
        changes(&diff),
        [change(
            "error::ErrorBody",
            ChangeKind::VariantAdded,
            "StandardError",
            Impact::Compatible
        )]
    );
}

#[test]
fn overlays_apply_to_both_versions() {
    let overlay = fixture("archived-at-nullable.overlay.yaml");
    let (diff, _) = specgen::diff::between(
        &builder(&fixture("orders-v3.yaml")).overlay(&overlay),
        &builder(&fixture("orders-2025-09.yaml")).overlay(&overlay),
    )
    .expect("diffs");
    assert!(diff.is_breaking());
    assert!(
        !diff
            .changes()
            .any(|(_, c)| c.member.as_deref() == Some("archived_at")),
        "archivedAt is nullable on both sides"
    );
}

#[test]
fn a_bad_spec_is_an_error_naming_its_side() {
    let dir = tempfile::tempdir().expect("tempdir");
    let broken = dir.path().join("broken.yaml");
    std::fs::write(
        &broken,
        "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /a: 5\n",
    )
    .expect("write");
    let error = specgen::diff::between(&builder(&fixture("orders-v3.yaml")), &builder(&broken))
        .expect_err("the new spec is broken");
    assert!(matches!(error, DiffError::New(_)), "{error}");
    let error = specgen::diff::between(&builder(&broken), &builder(&fixture("orders-v3.yaml")))
        .expect_err("the old spec is broken");
    assert!(matches!(error, DiffError::Old(_)), "{error}");
}

/// A response schema that becomes closed changes nothing in the Rust API (unknown fields are
/// dropped either way); one that becomes open to any field gains its map of them.
#[test]
fn closing_or_opening_a_schema_is_judged_by_its_effect() {
    let closed = UPDATED_AT.replace(
        "    SimplePublicUpsertObject:",
        "      additionalProperties: false\n    SimplePublicUpsertObject:",
    );
    let diff = diff_of(&[(UPDATED_AT, closed.as_str())]);
    assert!(diff.is_empty(), "{}", diff.render_text());
    assert_eq!(diff.bump, Bump::None);
    let open = UPDATED_AT.replace(
        "    SimplePublicUpsertObject:",
        "      additionalProperties: true\n    SimplePublicUpsertObject:",
    );
    let diff = diff_of(&[(UPDATED_AT, open.as_str())]);
    assert_eq!(
        changes(&diff),
        [change(
            "types::SimplePublicObject",
            ChangeKind::FieldAdded,
            "additional_properties",
            Impact::Compatible
        )]
    );
}

fn repo(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..").join(path)
}

/// HubSpot sends `null` for a property without a value; `spec/hubspot-crm.overlay.yaml`
/// makes the values of the returned objects' `properties` maps nullable. The diff of the
/// shipped spec without and with it names that change exactly: the map's values, `String` →
/// `Option<String>`, breaking for the code that reads them (callers only read the type).
#[test]
fn map_values_turned_nullable_are_reported_as_such() {
    let plain = Builder::new()
        .spec(repo("spec/hubspot-orders.yaml"))
        .crate_name("hubspot-orders");
    let overlaid = plain.clone().overlay(repo("spec/hubspot-crm.overlay.yaml"));
    let (diff, _) = specgen::diff::between(&plain, &overlaid).expect("diffs");
    assert_eq!(
        changes(&diff),
        [change(
            "types::SimplePublicObject",
            ChangeKind::FieldValuesNowNullable,
            "properties",
            Impact::Breaking
        )]
    );
    let nullable = diff.changes().next().expect("a change").1;
    assert_eq!(
        (nullable.old.as_deref(), nullable.new.as_deref()),
        (
            Some("::std::collections::BTreeMap<String, String>"),
            Some("::std::collections::BTreeMap<String, Option<String>>")
        )
    );
    assert_eq!(
        diff.render_text(),
        "types::SimplePublicObject (struct, read by callers)
  breaking    field `properties`: its map values may now be null, `String` → `Option<String>`
              code that reads its values no longer compiles: each value is `Option<String>` now, not `String`

1 breaking, 0 compatible change(s) to the Rust API; suggested version bump: minor (0.x) from 0.1.0
"
    );
    let json: serde_json::Value =
        serde_json::from_str(&diff.to_json().expect("json")).expect("parses");
    assert_eq!(
        json["items"][0]["changes"][0]["change"],
        "field_values_now_nullable"
    );

    // And back: the values may no longer be null.
    let (back, _) = specgen::diff::between(&overlaid, &plain).expect("diffs");
    let change_back = back.changes().map(|(_, c)| c.clone()).collect::<Vec<_>>();
    assert_eq!(change_back.len(), 1, "{change_back:?}");
    assert_eq!(change_back[0].kind, ChangeKind::FieldValuesNoLongerNullable);
    assert_eq!(
        change_back[0].message,
        "field `properties`: its map values may no longer be null, `Option<String>` → `String`"
    );
    assert_eq!(
        change_back[0].reason,
        "code that reads its values no longer compiles: each value is `String` now, not `Option<String>`"
    );
}

/// The items of a list field callers build turned nullable: their struct literals break.
#[test]
fn list_items_turned_nullable_break_the_literals_that_set_them() {
    let diff = diff_of(&[(
        "        sorts:
          type: array
          items:
            type: string
",
        "        sorts:
          type: array
          items:
            type: string
            nullable: true
",
    )]);
    assert_eq!(
        changes(&diff),
        [change(
            "types::PublicObjectSearchRequest",
            ChangeKind::FieldValuesNowNullable,
            "sorts",
            Impact::Breaking
        )]
    );
    let nullable = diff.changes().next().expect("a change").1;
    assert_eq!(
        nullable.message,
        "field `sorts`: its list items may now be null, `String` → `Option<String>`"
    );
    assert_eq!(
        nullable.reason,
        "a struct literal that sets it no longer compiles: each item is `Option<String>` now, not `String`"
    );
    assert_eq!(
        (nullable.old.as_deref(), nullable.new.as_deref()),
        (
            Some("Option<Vec<String>>"),
            Some("Option<Vec<Option<String>>>")
        )
    );
}
