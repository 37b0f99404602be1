//! A hostile spec (`specs/hostile.yaml`): spec text full of quotes, comment markers,
//! attribute syntax, NULs and CRLFs becomes code that compiles (this crate does), contains no
//! item or attribute it should not, and keeps every wire name and all doc text.

use serde_json::{Value, json};
use specgen_feature_tests::hostile::{client, types};
use syn::visit::Visit;

const GENERATED: &str = include_str!(concat!(env!("OUT_DIR"), "/hostile.rs"));

/// Every attribute path and function name in the generated file.
#[derive(Default)]
struct Inventory {
    attributes: Vec<String>,
    functions: Vec<String>,
    docs: String,
}

impl<'ast> Visit<'ast> for Inventory {
    fn visit_attribute(&mut self, attribute: &'ast syn::Attribute) {
        let path = attribute
            .path()
            .segments
            .iter()
            .map(|s| s.ident.to_string())
            .collect::<Vec<_>>()
            .join("::");
        if path == "doc"
            && let syn::Meta::NameValue(nv) = &attribute.meta
            && let syn::Expr::Lit(syn::ExprLit {
                lit: syn::Lit::Str(text),
                ..
            }) = &nv.value
        {
            self.docs.push_str(&text.value());
            self.docs.push('\n');
        }
        self.attributes.push(path);
        syn::visit::visit_attribute(self, attribute);
    }

    fn visit_signature(&mut self, signature: &'ast syn::Signature) {
        self.functions.push(signature.ident.to_string());
        syn::visit::visit_signature(self, signature);
    }
}

fn inventory() -> Inventory {
    let file = syn::parse_file(GENERATED).expect("the generated file parses");
    let mut inventory = Inventory::default();
    inventory.visit_file(&file);
    inventory
}

#[test]
fn no_attribute_or_item_comes_from_spec_text() {
    let inventory = inventory();
    let allowed = [
        "doc",
        "derive",
        "serde",
        "allow",
        "non_exhaustive",
        "must_use",
        "deprecated",
        "rustfmt::skip",
        "error",
        "source",
    ];
    for attribute in &inventory.attributes {
        assert!(
            allowed.contains(&attribute.as_str()),
            "unexpected attribute #[{attribute}]"
        );
    }
    for injected in ["evil", "injected", "main", "drop"] {
        assert!(
            !inventory.functions.iter().any(|f| f == injected),
            "a function `{injected}` was generated"
        );
    }
    assert!(
        !GENERATED.contains('\0') && !GENERATED.contains('\r'),
        "raw control characters in the source"
    );
}

#[test]
fn doc_text_is_kept_with_control_characters_visible() {
    let docs = inventory().docs;
    for expected in [
        "Struct docs */ /* \" #[derive(Drop)] } `x`\\u{0}",
        "second line",
        "Op docs */ /* \" #[allow(warnings)] } ``` fn injected() {} ```\\u{0}",
        "field */ docs \" #[",
        "fn main() { panic!() }",
    ] {
        assert!(docs.contains(expected), "missing doc text {expected:?}");
    }
    assert!(
        docs.contains(&"very long ".repeat(2000).trim_end().to_owned()),
        "the long description is complete"
    );
}

#[test]
fn hostile_property_names_keep_their_wire_names() {
    let wire = json!({
        "quote\"d": "1", "with space": "2", "a::b": "3", "r#type": "4", "ünïcödé": "5", "": "6", "}": "7", "#[": "8",
        "mode": "*/"
    });
    let typed: types::Hostile = serde_json::from_value(wire.clone()).expect("fits");
    assert_eq!(typed.quote_d.as_deref(), Some("1"));
    assert_eq!(typed.field.as_deref(), Some("6"));
    assert_eq!(typed.mode, Some(types::HostileMode::StarSlash));
    assert_eq!(serde_json::to_value(&typed).expect("serialises"), wire);
}

#[test]
fn hostile_enum_values_round_trip() {
    for value in ["\"", "*/", "#[x]", "}", "", "a\r\nb", "\0", "::", "r#", "ü"] {
        let typed: types::HostileMode = serde_json::from_value(Value::from(value)).expect("fits");
        assert!(
            !matches!(typed, types::HostileMode::Unknown(_)),
            "{value:?} is a documented value"
        );
        assert_eq!(typed.as_str(), value);
        assert_eq!(
            serde_json::to_value(&typed).expect("serialises"),
            Value::from(value)
        );
    }
}

#[test]
fn server_urls_and_paths_keep_their_text() {
    assert_eq!(
        client::DEFAULT_BASE_URL,
        "https://example.com/\"quoted\"/t\"}{"
    );
}

#[tokio::test]
async fn hostile_paths_and_parameter_names_reach_the_wire_intact() {
    let server = wiremock::MockServer::start().await;
    wiremock::Mock::given(wiremock::matchers::method("GET"))
        .respond_with(wiremock::ResponseTemplate::new(200).set_body_json(json!({})))
        .mount(&server)
        .await;
    let client = specgen_feature_tests::hostile::Client::builder()
        .base_url(server.uri())
        .build()
        .expect("builds");
    let refused = client
        .get_thing_r_x("a/b", "c d")
        .x_weird_header("h")
        .await
        .expect_err("invalid header name");
    assert!(
        matches!(&refused, specgen_feature_tests::hostile::Error::InvalidRequest(m) if m.contains("X-Weird::Header")),
        "{refused:?}"
    );
    client
        .get_thing_r_x("a/b", "c d")
        .q_uote("v\"1")
        .param("empty-name")
        .await
        .expect("200");
    let request = &server.received_requests().await.expect("recorded")[0];
    assert_eq!(request.url.path(), "/things/a%2Fb/%22q%22/c%20d");
    let query: Vec<(String, String)> = request
        .url
        .query_pairs()
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect();
    assert_eq!(
        query,
        [
            ("q\"uote".to_owned(), "v\"1".to_owned()),
            (String::new(), "empty-name".to_owned())
        ]
    );
}
