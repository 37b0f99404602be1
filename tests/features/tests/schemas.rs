//! Behaviour of the types generated from `specs/schemas.yaml`.

use serde_json::{Value, json};
use specgen_feature_tests::schemas::types::*;

fn round_trip<T: serde::Serialize + serde::de::DeserializeOwned>(value: Value) -> T {
    let typed: T = serde_json::from_value(value.clone()).unwrap_or_else(|e| panic!("{value}: {e}"));
    assert_eq!(
        serde_json::to_value(&typed).expect("serialises"),
        value,
        "round trip"
    );
    typed
}

#[test]
fn discriminator_selects_the_variant_and_keeps_the_tag() {
    let cat: Pet = round_trip(json!({"petType": "cat", "name": "Tom", "lives": 9}));
    assert!(matches!(&cat, Pet::Cat(c) if c.lives == Some(9) && c.pet_type == "cat"));
    let dog: Pet = round_trip(json!({"petType": "dog", "name": "Rex", "goodBoy": true}));
    assert!(matches!(dog, Pet::Dog(d) if d.good_boy == Some(true)));
    // A dog-shaped body tagged as a cat is read as a cat: the tag decides, not the shape.
    let tagged: Pet =
        serde_json::from_value(json!({"petType": "cat", "name": "Odd", "goodBoy": true}))
            .expect("fits Cat");
    assert!(matches!(tagged, Pet::Cat(_)));
    let unknown = serde_json::from_value::<Pet>(json!({"petType": "bird", "name": "Tweety"}))
        .expect_err("unknown tag");
    assert!(unknown.to_string().contains("bird"), "{unknown}");
    let missing = serde_json::from_value::<Pet>(json!({"name": "Tom"})).expect_err("no tag");
    assert!(missing.to_string().contains("petType"), "{missing}");
}

#[test]
fn a_property_every_alternative_pins_selects_the_variant() {
    // Both alternatives have the same fields: read untagged, a square would be taken for a
    // circle (with an unknown `kind`). The pinned `kind` decides instead.
    let square: Shape = round_trip(json!({"kind": "square", "size": 2}));
    assert!(
        matches!(&square, Shape::ShapeVariant1(s) if s.kind == ShapeVariant1Kind::Square && s.size == 2),
        "{square:?}"
    );
    let circle: Shape = round_trip(json!({"kind": "circle", "size": 1}));
    assert!(matches!(&circle, Shape::ShapeVariant0(_)), "{circle:?}");
    // A kind added to the API later is not refused: it is tried against each alternative
    // and kept as it came.
    let later: Shape = round_trip(json!({"kind": "hexagon", "size": 6}));
    assert!(
        matches!(&later, Shape::ShapeVariant0(s) if s.kind.as_str() == "hexagon"),
        "{later:?}"
    );
    let neither = serde_json::from_value::<Shape>(json!({"kind": "square"}))
        .expect_err("no size: fits no alternative");
    assert!(neither.to_string().contains("size"), "{neither}");
}

#[test]
fn untagged_unions_try_variants_in_order() {
    assert_eq!(
        round_trip::<StringOrNumber>(json!("x")),
        StringOrNumber::String("x".into())
    );
    assert_eq!(
        round_trip::<StringOrNumber>(json!(1.5)),
        StringOrNumber::Number(1.5)
    );
    assert!(
        matches!(round_trip::<NamedOrList>(json!(["a", "b"])), NamedOrList::StringList(l) if l.len() == 2)
    );
    assert!(matches!(
        round_trip::<NamedOrList>(json!({"petType": "cat", "name": "Tom"})),
        NamedOrList::Cat(_)
    ));
}

#[test]
fn all_of_merges_properties_and_required() {
    let id = "6f1c9a52-6b5b-4d0e-9a43-3b8f7f0c2e11";
    let extended: Extended =
        round_trip(json!({"id": id, "label": "L", "created": "2024-01-02T03:04:05Z"}));
    assert_eq!(extended.id.to_string(), id);
    let error = serde_json::from_value::<Extended>(json!({"id": id}))
        .expect_err("label is required by the second part");
    assert!(error.to_string().contains("label"), "{error}");
}

#[test]
fn nullable_rules_keep_null_and_absent_apart() {
    // Required + nullable: `None` is written as `null`, never dropped.
    let holder: Holder = round_trip(json!({"must_be_null_or_text": null}));
    assert_eq!(holder.must_be_null_or_text, None);
    assert_eq!(
        serde_json::to_value(&holder).expect("serialises"),
        json!({"must_be_null_or_text": null})
    );
    // Optional + nullable: absent is `None`, null is `Some(None)`, and each is written back as read.
    let absent: Holder = round_trip(json!({"must_be_null_or_text": "t"}));
    assert_eq!(absent.choice, None);
    let null: Holder = round_trip(json!({"must_be_null_or_text": "t", "choice": null}));
    assert_eq!(null.choice, Some(None));
    let set: Holder = round_trip(json!({"must_be_null_or_text": "t", "choice": "b"}));
    assert_eq!(set.choice, Some(Some(HolderChoice::B)));
}

#[test]
fn formats_and_nested_inline_types() {
    let holder: Holder = round_trip(json!({
        "must_be_null_or_text": "t",
        "day": "2024-02-29",
        "raw": "aGVsbG8=",
        "ratio": 0.25,
        "big": 9_007_199_254_740_993_i64,
        "anything": [1, "two", {"three": null}],
        "grid": [[1, 2], [3]],
        "inline": {"deep": "y"},
        "base": {"id": "6f1c9a52-6b5b-4d0e-9a43-3b8f7f0c2e11"}
    }));
    assert_eq!(
        holder.day.map(|d| d.to_string()).as_deref(),
        Some("2024-02-29")
    );
    assert_eq!(holder.big, Some(9_007_199_254_740_993));
    assert_eq!(holder.grid, Some(vec![vec![1, 2], vec![3]]));
    assert_eq!(
        holder.inline.and_then(|i| i.deep),
        Some(HolderInlineDeep::Y)
    );
    assert!(
        serde_json::from_value::<Holder>(json!({"must_be_null_or_text": "t", "day": "2024-02-30"}))
            .is_err()
    );
}

#[test]
fn recursive_types_nest() {
    let tree: Tree = round_trip(
        json!({"value": "root", "left": {"value": "l", "left": {"value": "ll"}}, "children": [{"value": "c"}]}),
    );
    assert_eq!(
        tree.left
            .as_ref()
            .and_then(|l| l.left.as_ref())
            .map(|l| l.value.as_str()),
        Some("ll")
    );
    let ping: Ping = round_trip(json!({"pong": {"ping": {"pong": {}}}}));
    assert!(ping.pong.is_some());
}

#[test]
fn additional_properties_are_kept_or_dropped() {
    let open: Open = round_trip(json!({"fixed": "f", "a": 1, "b": 2}));
    assert_eq!(open.additional_properties.get("b"), Some(&2));
    assert!(serde_json::from_value::<Open>(json!({"fixed": "f", "a": "not an integer"})).is_err());
    // `additionalProperties: false`: a field the schema does not list is dropped, not refused.
    let closed = serde_json::from_value::<Closed>(json!({"only": "x", "other": 1}))
        .expect("a closed schema decodes an added field");
    assert_eq!(closed.only.as_deref(), Some("x"));
    assert_eq!(
        serde_json::to_value(&closed).ok(),
        Some(json!({"only": "x"}))
    );
    let free: FreeForm = round_trip(json!({"any": {"thing": [1]}}));
    assert_eq!(free.len(), 1);
}

#[test]
fn integer_number_and_odd_string_enums() {
    assert_eq!(round_trip::<Priority>(json!(2)), Priority::V2);
    assert_eq!(round_trip::<Priority>(json!(7)), Priority::Unknown(7));
    assert_eq!(round_trip::<Weight>(json!(0.5)), Weight::V05);
    assert_eq!(round_trip::<Weight>(json!(2.5)), Weight::Unknown(2.5));
    let cases = [
        ("", Odd::Empty),
        (">", Odd::Greater),
        ("-efg", Odd::Efg),
        ("*", Odd::Star),
        ("new\nline", Odd::NewLine),
        ("x", Odd::X),
        ("X", Odd::X2),
    ];
    for (wire, variant) in cases {
        assert_eq!(round_trip::<Odd>(json!(wire)), variant, "{wire:?}");
        assert_eq!(variant.as_str(), wire);
    }
    assert_eq!(round_trip::<Odd>(json!("?")), Odd::Unknown("?".into()));
}

#[test]
fn read_only_and_write_only_fields_are_optional_and_defaults_apply() {
    // `id` is readOnly and `secret` writeOnly, both listed as required: a request leaves
    // out `id`, a response leaves out `secret`, and both read.
    let response: Settings = round_trip(json!({"id": "s1", "mode": "manual"}));
    assert_eq!(response.secret, None);
    let request = Settings {
        secret: Some("pw".into()),
        ..Settings::default()
    };
    assert_eq!(request.mode, SettingsMode::Auto, "the enum's spec default");
    assert_eq!(
        serde_json::to_value(&request).expect("serialises"),
        json!({"secret": "pw", "mode": "auto"})
    );
}

/// `x-rust-type` replaces a schema by the user's own type.
#[test]
fn a_schema_with_x_rust_type_is_the_users_type() {
    let labels: std::collections::BTreeMap<String, String> =
        [("tier".to_owned(), "gold".to_owned())].into();
    // `Labels` is the user's type itself, so a BTreeMap is one.
    let labelled = Labelled {
        labels: labels.clone(),
    };
    let wire = json!({"labels": {"tier": "gold"}});
    assert_eq!(serde_json::to_value(&labelled).expect("encodes"), wire);
    let back: Labelled = serde_json::from_value(wire).expect("decodes");
    assert_eq!(back.labels, labels);
}
