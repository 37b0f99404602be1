//! Closed response schemas (`specs/closed.yaml`): a field the server adds never fails a
//! call, and a union of closed branches picks the branch by the fields it knows.

use serde_json::json;
use specgen_feature_tests::closed::{
    Client,
    types::{
        PublicUser, TeamInput, TeamList, UsersGetAuthenticatedResponse, UsersGetByUsernameResponse,
    },
};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

fn public_user() -> serde_json::Value {
    // As GitHub answers today: `user_view_type` is newer than the description.
    json!({"login": "octocat", "id": 1, "type": "User", "site_admin": false, "name": null,
        "user_view_type": "public"})
}

fn private_user() -> serde_json::Value {
    json!({"login": "octocat", "id": 1, "type": "User", "site_admin": false, "name": "The Octocat",
        "private_gists": 81, "total_private_repos": 100, "two_factor_authentication": true,
        "plan": {"name": "pro", "space": 976562499, "collaborators": 0},
        "user_view_type": "private", "notification_email": "octocat@github.com"})
}

async fn serve(server: &MockServer, at: &str, body: serde_json::Value) {
    Mock::given(method("GET"))
        .and(path(at))
        .respond_with(ResponseTemplate::new(200).set_body_json(body))
        .mount(server)
        .await;
}

fn client(server: &MockServer) -> Client {
    Client::builder()
        .base_url(server.uri())
        .build()
        .expect("client")
}

/// GitHub lists `private-user` first: a private answer with added fields is the private
/// branch, a public one (which lacks the private branch's required fields) the public.
#[tokio::test]
async fn the_branch_that_fits_wins_whatever_the_server_added() {
    let server = MockServer::start().await;
    serve(&server, "/user", private_user()).await;
    serve(&server, "/users/octocat", public_user()).await;
    let client = client(&server);
    let UsersGetAuthenticatedResponse::PrivateUser(me) = client
        .users_get_authenticated()
        .await
        .expect("private user")
    else {
        panic!("the private branch expected");
    };
    assert_eq!(me.total_private_repos, 100);
    assert_eq!(me.plan.as_ref().map(|p| p.space), Some(976562499));
    let UsersGetByUsernameResponse::PublicUser(other) = client
        .users_get_by_username("octocat")
        .await
        .expect("public user")
    else {
        panic!("the public branch expected");
    };
    assert_eq!(other.login, "octocat");
    assert_eq!(other.name, Some(None), "`null` is kept apart from absent");
}

/// With the public branch listed first, a private answer still decodes as the private
/// branch: it knows more of the answer's fields (the most specific wins), although the
/// public branch would decode too.
#[test]
fn the_most_specific_branch_wins_in_either_order() {
    let by_username: UsersGetByUsernameResponse =
        serde_json::from_value(private_user()).expect("decodes");
    assert!(
        matches!(&by_username, UsersGetByUsernameResponse::PrivateUser(u) if u.private_gists == 81),
        "{by_username:?}"
    );
    let authenticated: UsersGetAuthenticatedResponse =
        serde_json::from_value(private_user()).expect("decodes");
    assert!(matches!(
        authenticated,
        UsersGetAuthenticatedResponse::PrivateUser(_)
    ));
    // The public shape with only fields both branches know: the public branch, either way.
    let public: UsersGetByUsernameResponse =
        serde_json::from_value(public_user()).expect("decodes");
    assert!(matches!(public, UsersGetByUsernameResponse::PublicUser(_)));
    let public: UsersGetAuthenticatedResponse =
        serde_json::from_value(public_user()).expect("decodes");
    assert!(matches!(
        public,
        UsersGetAuthenticatedResponse::PublicUser(_)
    ));
}

/// Unknown fields are dropped: what the spec lists round-trips, the rest is not kept.
#[test]
fn unknown_fields_are_dropped_and_known_ones_round_trip() {
    let user: PublicUser = serde_json::from_value(public_user()).expect("decodes");
    let encoded = serde_json::to_value(&user).expect("encodes");
    assert_eq!(
        encoded,
        json!({"login": "octocat", "id": 1, "type": "User", "site_admin": false, "name": null})
    );
    let again: PublicUser = serde_json::from_value(encoded).expect("decodes again");
    assert_eq!(again, user);
}

/// Closed schemas inside an array and a map, each with a field the server added.
#[tokio::test]
async fn nested_closed_schemas_decode_with_added_fields() {
    let server = MockServer::start().await;
    let team = |id: i64| json!({"id": id, "name": format!("team-{id}"), "members_count": 3});
    serve(
        &server,
        "/teams",
        json!({"teams": [team(1), team(2)], "by_slug": {"core": team(3)}, "total": 3}),
    )
    .await;
    let list: TeamList = client(&server).teams_list().await.expect("teams");
    assert_eq!(list.teams.iter().map(|t| t.id).collect::<Vec<_>>(), [1, 2]);
    assert_eq!(list.by_slug["core"].name, "team-3");
}

/// A closed request body: the caller's type has no room for unknown fields, and what it
/// sends is exactly the listed ones.
#[test]
fn a_closed_request_body_sends_only_its_fields() {
    let input: TeamInput =
        serde_json::from_value(json!({"name": "core", "privacy": "closed"})).expect("decodes");
    assert_eq!(
        serde_json::to_value(&input).expect("encodes"),
        json!({"name": "core", "privacy": "closed"})
    );
}
