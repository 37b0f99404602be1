//! Behaviour of the types generated from `specs/openapi31_shapes.yaml`: tuples from
//! `prefixItems` (exact length on the wire, both ways) and the webhook payload aliases.

use serde_json::{Value, json};
use specgen_feature_tests::openapi31_shapes::{Client, Error, types::*, webhooks};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

/// Decodes `value` as `T` and checks that it encodes back to the same JSON.
fn round_trip<T: serde::Serialize + serde::de::DeserializeOwned>(value: Value) -> T {
    let typed: T = serde_json::from_value(value.clone()).unwrap_or_else(|e| panic!("{value}: {e}"));
    assert_eq!(
        serde_json::to_value(&typed).expect("serialises"),
        value,
        "round trip"
    );
    typed
}

/// Decoding `value` as `T` fails (from a `Value` and from text alike).
fn refused<T: serde::de::DeserializeOwned + std::fmt::Debug>(value: Value) {
    let from_value = serde_json::from_value::<T>(value.clone());
    assert!(from_value.is_err(), "{value} decoded: {from_value:?}");
    let from_text = serde_json::from_str::<T>(&value.to_string());
    assert!(
        from_text.is_err(),
        "{value} decoded from text: {from_text:?}"
    );
}

#[test]
fn a_fixed_length_prefix_is_a_tuple_of_exactly_that_length() {
    let pair: Pair = round_trip(json!(["a", 1]));
    assert_eq!(pair, ("a".to_owned(), 1));
    refused::<Pair>(json!(["a"]));
    refused::<Pair>(json!(["a", 1, 2]));
    refused::<Pair>(json!([1, "a"]));
    refused::<Pair>(json!({"0": "a", "1": 1}));
    let single: Single = round_trip(json!([true]));
    assert_eq!(single, (true,));
    refused::<Single>(json!([]));
}

#[test]
fn a_tuple_holds_a_referenced_struct() {
    let (pet, flag): Tagged = round_trip(json!([{"name": "Rex", "tag": "dog"}, false]));
    assert_eq!(pet.name, "Rex");
    assert_eq!(pet.tag.as_deref(), Some("dog"));
    assert!(!flag);
    refused::<Tagged>(json!([{"tag": "no name"}, false]));
}

#[test]
fn open_ended_prefixes_are_vecs() {
    // Every element an integer: a list of integers, of any length.
    let scores: Scores = round_trip(json!([1, 2, 3, 4]));
    assert_eq!(scores, vec![1, 2, 3, 4]);
    let _: Scores = round_trip(json!([]));
    // Mixed element types: any JSON values.
    let mixed: Mixed = round_trip(json!(["a", 1, true, false]));
    assert_eq!(mixed.len(), 4);
}

#[test]
fn tuples_as_fields_and_in_unions() {
    let holder: Holder = round_trip(json!({
        "pair": ["x", 2],
        "point": [1.5, -2.0],
        "owner": [{"id": "ab"}, 7],
    }));
    assert_eq!(holder.pair, ("x".to_owned(), 2));
    assert_eq!(holder.point, Some((1.5, -2.0)));
    let owner = holder.owner.expect("owner");
    assert_eq!((owner.0.id.as_str(), owner.1), ("ab", 7));
    refused::<Holder>(json!({"pair": ["x", 2, 3]}));
    refused::<Holder>(json!({"pair": ["x", 2], "point": [1.5]}));

    let tree: Tree = round_trip(json!({
        "label": "root",
        "branches": [{"label": "l"}, {"branches": [{}, {}]}],
    }));
    let (left, right) = tree.branches.expect("branches");
    assert_eq!(left.label.as_deref(), Some("l"));
    assert!(right.branches.is_some());

    assert_eq!(
        round_trip::<NameOrPair>(json!(["n", 3])),
        NameOrPair::StringIntegerTuple(("n".to_owned(), 3))
    );
    assert_eq!(
        round_trip::<NameOrPair>(json!("n")),
        NameOrPair::String("n".to_owned())
    );
    refused::<NameOrPair>(json!(["n", 3, 4]));
}

#[tokio::test]
async fn a_tuple_is_a_response_body() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/pair"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!(["a", 1])))
        .mount(&server)
        .await;
    let client = Client::builder()
        .base_url(server.uri())
        .build()
        .expect("client builds");
    let pair: (String, i64) = client.get_pair().await.expect("decodes");
    assert_eq!(pair, ("a".to_owned(), 1));
}

#[tokio::test]
async fn a_too_long_answer_is_a_decode_error() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/pair"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!(["a", 1, 2])))
        .mount(&server)
        .await;
    let client = Client::builder()
        .base_url(server.uri())
        .build()
        .expect("client builds");
    let error = client.get_pair().await.expect_err("three elements");
    assert!(matches!(error, Error::Decode(_)), "{error:?}");
}

#[tokio::test]
async fn limits_inside_tuple_elements_are_checked_before_sending() {
    let server = MockServer::start().await;
    let client = Client::builder()
        .base_url(server.uri())
        .build()
        .expect("client builds");
    let body = Holder {
        pair: ("x".to_owned(), 1),
        point: None,
        owner: Some((
            HolderOwnerItem0 {
                id: "too long".to_owned(),
            },
            1,
        )),
    };
    let Err(Error::Validation(problems)) = client.put_holder(&body).await else {
        panic!("expected a validation error");
    };
    assert_eq!(problems, ["owner[0].id: 8 characters, at most 4"]);
    let sent = server.received_requests().await.unwrap_or_default();
    assert!(sent.is_empty(), "nothing is sent");
}

#[test]
fn webhook_payloads_are_named_in_the_webhooks_module() {
    let new_pet: webhooks::NewPet = round_trip(json!({"name": "Rex"}));
    let _: Pet = new_pet;
    let sold: webhooks::PetSold = round_trip(json!({"petId": 7, "price": [9.5, "EUR"]}));
    let _: &PetSoldPayload = &sold;
    assert_eq!((sold.pet_id, sold.price), (7, (9.5, "EUR".to_owned())));
    refused::<webhooks::PetSold>(json!({"petId": 7, "price": [9.5]}));
    // A webhook with bodies for two methods: one alias per method.
    let _: webhooks::PetUpdatedPut = round_trip(json!({"name": "Rex", "tag": "t"}));
    let text: webhooks::PetUpdatedPatch = "renamed".to_owned();
    assert_eq!(text, "renamed");
}
