use super::*;

fn key<'a>(method: Method, path: &'a str, id: Option<&'a str>) -> NamingKey<'a> {
    NamingKey {
        method,
        path,
        operation_id: id,
        summary: None,
    }
}

fn names(title: &str, keys: &[NamingKey<'_>]) -> Vec<String> {
    method_names(title, keys)
}

/// HubSpot's orders API, operationIds as HubSpot publishes them (method + path).
#[test]
fn hubspot_objects_api_reads_like_its_sdk() {
    let ops = [
        (Method::Get, "/crm/v3/objects/orders", None),
        (Method::Post, "/crm/v3/objects/orders", None),
        (Method::Get, "/crm/v3/objects/orders/{orderId}", None),
        (Method::Patch, "/crm/v3/objects/orders/{orderId}", None),
        (
            Method::Delete,
            "/crm/v3/objects/orders/{orderId}",
            Some("Archive"),
        ),
        (Method::Post, "/crm/v3/objects/orders/search", None),
        (Method::Post, "/crm/v3/objects/orders/batch/archive", None),
        (Method::Post, "/crm/v3/objects/orders/batch/create", None),
        (Method::Post, "/crm/v3/objects/orders/batch/read", None),
        (Method::Post, "/crm/v3/objects/orders/batch/update", None),
        (Method::Post, "/crm/v3/objects/orders/batch/upsert", None),
    ];
    let ids: Vec<String> = ops
        .iter()
        .map(|(m, p, _)| format!("{}-{p}", m.as_str()))
        .collect();
    let keys: Vec<NamingKey<'_>> = ops
        .iter()
        .zip(&ids)
        .map(|((method, path, summary), id)| NamingKey {
            method: *method,
            path,
            operation_id: Some(id),
            summary: *summary,
        })
        .collect();
    assert_eq!(
        names("Orders", &keys),
        [
            "list",
            "create",
            "get",
            "update",
            "archive",
            "search",
            "batch_archive",
            "batch_create",
            "batch_read",
            "batch_update",
            "batch_upsert"
        ]
    );
    // In an API with another title, the resource is part of every name.
    assert_eq!(
        names("CRM", &keys),
        [
            "list_orders",
            "create_order",
            "get_order",
            "update_order",
            "archive_order",
            "search_orders",
            "batch_archive_orders",
            "batch_create_orders",
            "batch_read_orders",
            "batch_update_orders",
            "batch_upsert_orders"
        ]
    );
}

#[test]
fn adding_operations_never_renames_existing_ones() {
    let seed = [key(
        Method::Post,
        "/crm/v3/objects/orders/batch/update",
        Some("post-/crm/v3/objects/orders/batch/update"),
    )];
    assert_eq!(names("Orders", &seed), ["batch_update"]);
    let grown = [
        key(Method::Get, "/crm/v3/objects/contacts/{contactId}", None),
        seed[0],
        key(Method::Get, "/crm/v3/objects/orders", None),
        key(Method::Get, "/crm/v4/associations/{from}/{to}/labels", None),
    ];
    assert_eq!(
        names("Orders", &grown),
        [
            "get_contact",
            "batch_update",
            "list",
            "list_association_labels"
        ]
    );
}

#[test]
fn rest_conventions_on_paths_without_ids() {
    let keys = [
        key(Method::Get, "/v1/customers", None),
        key(Method::Post, "/v1/customers", None),
        key(Method::Post, "/v1/customers/{customer}", None),
        key(Method::Put, "/users/{id}", None),
        key(Method::Get, "/users/{id}/repos", None),
        key(Method::Get, "/repos/{owner}/{repo}/readme", None),
        key(
            Method::Put,
            "/repos/{owner}/{repo}/pulls/{number}/merge",
            None,
        ),
        key(Method::Get, "/search/issues", None),
        key(Method::Get, "/user", None),
        key(Method::Get, "/api/v2/status", None),
        key(Method::Post, "/login", None),
        key(Method::Get, "/companies", None),
        key(Method::Delete, "/addresses/{id}", None),
    ];
    assert_eq!(
        names("Example", &keys),
        [
            "list_customers",
            "create_customer",
            "update_customer",
            "replace_user",
            "list_user_repos",
            "get_repo_readme",
            "merge_repo_pull",
            "search_issues",
            "get_user",
            "get_status",
            "login",
            "list_companies",
            "delete_address"
        ]
    );
}

#[test]
fn meaningful_operation_ids_win() {
    let keys = [
        key(Method::Get, "/users", Some("listUsers")),
        key(Method::Get, "/repos/{owner}/{repo}", Some("repos/get")),
        // FastAPI's generated id keeps its function name.
        key(
            Method::Get,
            "/items/{item_id}",
            Some("read_item_items__item_id__get"),
        ),
        key(Method::Get, "/orders", Some("get-/orders")),
        key(Method::Get, "/pets", Some("GET /pets")),
    ];
    assert_eq!(
        names("Example", &keys),
        [
            "list_users",
            "repos_get",
            "read_item",
            "list_orders",
            "list_pets"
        ]
    );
}

#[test]
fn collisions_fall_back_to_method_and_path() {
    let keys = [
        key(Method::Get, "/users", Some("doThing")),
        key(Method::Get, "/b", Some("do_thing")),
        key(Method::Get, "/new", Some("new")),
        key(Method::Get, "/a", Some("get_a")),
        key(Method::Get, "/a", None),
    ];
    assert_eq!(
        names("Example", &keys),
        ["get_users", "get_b", "get_new", "get_a", "get_a_2"]
    );
}

/// HubSpot's properties API: `/properties/{objectType}` and `/{objectType}/{propertyName}`
/// both read as "get one property"; the verbs HubSpot puts after its path-like ids (the
/// names of its SDKs' methods) tell them apart.
#[test]
fn colliding_names_take_the_vendors_verb() {
    let keys = [
        key(
            Method::Get,
            "/crm/v3/properties/{objectType}",
            Some("get-/crm/v3/properties/{objectType}_getAll"),
        ),
        key(
            Method::Get,
            "/crm/v3/properties/{objectType}/{propertyName}",
            Some("get-/crm/v3/properties/{objectType}/{propertyName}_getByName"),
        ),
        key(
            Method::Get,
            "/crm/v3/properties/{objectType}/groups",
            Some("get-/crm/v3/properties/{objectType}/groups_getAll"),
        ),
        // No verb, or the same verb twice: method and path, as before.
        key(Method::Delete, "/crm/v3/properties/{objectType}", None),
        key(
            Method::Delete,
            "/crm/v3/properties/{objectType}/{propertyName}",
            Some("delete-/crm/v3/properties/{objectType}/{propertyName}_archive"),
        ),
        key(Method::Patch, "/a/{x}", Some("patch-/a/{x}_update")),
        key(Method::Patch, "/a/{x}/{y}", Some("patch-/a/{x}/{y}_update")),
    ];
    assert_eq!(
        names("Properties", &keys),
        [
            "get_all",
            "get_by_name",
            "list_groups",
            "delete_crm_v3_properties_by_object_type",
            "archive",
            "patch_a_by_x",
            "patch_a_by_x_by_y",
        ]
    );
}

#[test]
fn singulars() {
    for (plural, one) in [
        ("orders", "order"),
        ("companies", "company"),
        ("addresses", "address"),
        ("line_items", "line_item"),
        ("status", "status"),
        ("analysis", "analysis"),
        ("boxes", "box"),
        ("days", "day"),
        ("repos", "repo"),
        ("us", "us"),
    ] {
        assert_eq!(singular(plural), one, "{plural}");
    }
}

#[test]
fn extensions_versions_and_numbers_are_not_resources() {
    let keys = [
        key(
            Method::Get,
            "/2010-04-01/Accounts/{AccountSid}/Calls.json",
            None,
        ),
        key(
            Method::Get,
            "/2010-04-01/Accounts/{AccountSid}/Calls/{Sid}.{MediaType}",
            None,
        ),
        key(Method::Get, "/status/200", None),
        key(Method::Post, "/api/cache/info", None),
        key(Method::Post, "/api/cache/clear", None),
    ];
    assert_eq!(
        names("Example", &keys),
        [
            "list_account_calls",
            "get_account_call",
            "get_status_200",
            "post_api_cache_info",
            "clear_cache"
        ]
    );
}

#[test]
fn a_collection_before_the_resource_owns_it() {
    let keys = [
        key(Method::Get, "/api/users/current", None),
        key(Method::Get, "/api/users/invites", None),
        key(Method::Get, "/crm/v3/objects/contacts", None),
    ];
    assert_eq!(
        names("Example", &keys),
        ["get_user_current", "list_user_invites", "list_contacts"]
    );
}
