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

/// Two operations that read alike take the verbs their vendor put after path-like
/// operationIds (the names of its SDKs' methods) when each has one and they differ.
#[test]
fn colliding_names_take_the_vendors_verb() {
    let keys = [
        key(
            Method::Get,
            "/crm/v3/schemas/{schemaId}",
            Some("get-/crm/v3/schemas/{schemaId}_getById"),
        ),
        key(
            Method::Get,
            "/crm/v3/schemas/{schemaId}/{propertyName}",
            Some("get-/crm/v3/schemas/{schemaId}/{propertyName}_getByName"),
        ),
        // No verb, or the same verb twice: method and path, as before.
        key(Method::Delete, "/crm/v3/schemas/{schemaId}", None),
        key(
            Method::Delete,
            "/crm/v3/schemas/{schemaId}/{propertyName}",
            Some("delete-/crm/v3/schemas/{schemaId}/{propertyName}_archive"),
        ),
        key(Method::Patch, "/a/{x}", Some("patch-/a/{x}_update")),
        key(Method::Patch, "/a/{x}/{y}", Some("patch-/a/{x}/{y}_update")),
    ];
    assert_eq!(
        names("Schemas", &keys),
        [
            "get_by_id",
            "get_by_name",
            "delete_crm_v3_schemas_by_schema_id",
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

/// Keys with HubSpot's path-like operationIds: `<method>-<path>_<verb>`.
fn hubspot_keys<'a>(
    ops: &'a [(Method, &'a str, &'a str)],
    ids: &'a mut Vec<String>,
) -> Vec<NamingKey<'a>> {
    *ids = ops
        .iter()
        .map(|(m, p, verb)| match verb.is_empty() {
            true => format!("{}-{p}_{p}", m.as_str().to_lowercase()),
            false => format!("{}-{p}_{verb}", m.as_str().to_lowercase()),
        })
        .collect();
    ops.iter()
        .zip(ids.iter())
        .map(|((method, path, _), id)| NamingKey {
            method: *method,
            path,
            operation_id: Some(id),
            summary: (*method == Method::Delete).then_some("Archive"),
        })
        .collect()
}

/// HubSpot's published deals spec names its paths by object type id (`0-3`), not `deals`.
#[test]
fn an_object_type_id_is_the_titles_resource() {
    let ops = [
        (Method::Get, "/crm/v3/objects/0-3", "getPage"),
        (Method::Post, "/crm/v3/objects/0-3", "create"),
        (Method::Get, "/crm/v3/objects/0-3/{dealId}", "getById"),
        (Method::Patch, "/crm/v3/objects/0-3/{dealId}", "update"),
        (Method::Delete, "/crm/v3/objects/0-3/{dealId}", "archive"),
        (Method::Post, "/crm/v3/objects/0-3/search", "doSearch"),
        (Method::Post, "/crm/v3/objects/0-3/batch/update", "update"),
        (Method::Post, "/crm/v3/objects/0-3/batch/read", "read"),
        (Method::Post, "/crm/v3/objects/0-3/merge", "merge"),
        (Method::Post, "/crm/v3/objects/2-12345/gdpr-delete", "purge"),
    ];
    let mut ids = Vec::new();
    let keys = hubspot_keys(&ops, &mut ids);
    assert_eq!(
        names("Deals", &keys),
        [
            "list",
            "create",
            "get",
            "update",
            "archive",
            "search",
            "batch_update",
            "batch_read",
            "merge",
            "gdpr_delete"
        ]
    );
    // The title does not matter: the id stands for the module's own objects.
    assert_eq!(names("CRM", &keys)[..3], ["list", "create", "get"]);
}

/// The date-versioned generic objects API: the object type is an argument, the version is
/// no word of a name, and the operationIds (`get-<path>_<path>`) have no verb.
#[test]
fn a_generic_object_type_gets_the_rest_names() {
    let ops = [
        (Method::Get, "/crm/objects/2025-09/{objectType}", ""),
        (Method::Post, "/crm/objects/2025-09/{objectType}", ""),
        (
            Method::Get,
            "/crm/objects/2025-09/{objectType}/{objectId}",
            "",
        ),
        (
            Method::Patch,
            "/crm/objects/2025-09/{objectType}/{objectId}",
            "",
        ),
        (
            Method::Delete,
            "/crm/objects/2025-09/{objectType}/{objectId}",
            "",
        ),
        (Method::Post, "/crm/objects/2025-09/{objectType}/search", ""),
        (
            Method::Post,
            "/crm/objects/2025-09/{objectType}/batch/read",
            "",
        ),
        (
            Method::Post,
            "/crm/objects/2025-09/{objectType}/batch/upsert",
            "",
        ),
        (
            Method::Get,
            "/crm/objects/2025-09/{objectType}/{objectId}/associations/{toObjectType}",
            "",
        ),
    ];
    let mut ids = Vec::new();
    let keys = hubspot_keys(&ops, &mut ids);
    assert_eq!(
        names("Objects", &keys),
        [
            "list",
            "create",
            "get",
            "update",
            "archive",
            "search",
            "batch_read",
            "batch_upsert",
            "list_associations"
        ]
    );
}

/// Associations v4: generic object types on both sides; the vendor's verb where the path
/// reads as no REST name (`batch/associate/default`).
#[test]
fn associations_v4_read_like_the_sdk() {
    let ops = [
        (
            Method::Post,
            "/crm/v4/associations/{fromObjectType}/{toObjectType}/batch/associate/default",
            "createDefault",
        ),
        (
            Method::Get,
            "/crm/v4/objects/{objectType}/{objectId}/associations/{toObjectType}",
            "getPage",
        ),
        (
            Method::Put,
            "/crm/v4/objects/{objectType}/{objectId}/associations/{toObjectType}/{toObjectId}",
            "create",
        ),
        (
            Method::Delete,
            "/crm/v4/objects/{objectType}/{objectId}/associations/{toObjectType}/{toObjectId}",
            "archive",
        ),
        (
            Method::Post,
            "/crm/v4/associations/{fromObjectType}/{toObjectType}/batch/labels/archive",
            "archiveLabels",
        ),
        (
            Method::Post,
            "/crm/v4/associations/{fromObjectType}/{toObjectType}/batch/read",
            "getPage",
        ),
        (
            Method::Get,
            "/crm/v4/associations/{fromObjectType}/{toObjectType}/labels",
            "getAll",
        ),
        (
            Method::Delete,
            "/crm/v4/associations/{fromObjectType}/{toObjectType}/labels/{associationTypeId}",
            "archive",
        ),
    ];
    let mut ids = Vec::new();
    let keys = hubspot_keys(&ops, &mut ids);
    assert_eq!(
        names("CRM Associations", &keys),
        [
            "create_default",
            "list",
            "replace",
            "archive",
            "batch_archive_labels",
            "batch_read",
            "list_labels",
            "archive_label"
        ]
    );
}

/// Properties v3: the object type narrows `properties`, the property name is the item.
#[test]
fn properties_by_object_type() {
    let ops = [
        (Method::Get, "/crm/v3/properties/{objectType}", "getAll"),
        (Method::Post, "/crm/v3/properties/{objectType}", "create"),
        (
            Method::Get,
            "/crm/v3/properties/{objectType}/{propertyName}",
            "getByName",
        ),
        (
            Method::Patch,
            "/crm/v3/properties/{objectType}/{propertyName}",
            "update",
        ),
        (
            Method::Delete,
            "/crm/v3/properties/{objectType}/{propertyName}",
            "archive",
        ),
        (
            Method::Post,
            "/crm/v3/properties/{objectType}/batch/read",
            "read",
        ),
        (
            Method::Get,
            "/crm/v3/properties/{objectType}/groups",
            "getAll",
        ),
        (
            Method::Patch,
            "/crm/v3/properties/{objectType}/groups/{groupName}",
            "update",
        ),
    ];
    let mut ids = Vec::new();
    let keys = hubspot_keys(&ops, &mut ids);
    assert_eq!(
        names("Properties", &keys),
        [
            "list",
            "create",
            "get",
            "update",
            "archive",
            "batch_read",
            "list_groups",
            "update_group"
        ]
    );
    // In a spec of another title, `properties` is named.
    assert_eq!(
        names("CRM", &keys)[..4],
        [
            "list_properties",
            "create_property",
            "get_property",
            "update_property"
        ]
    );
}

#[test]
fn versions_and_type_ids_are_never_words_and_names_start_with_a_letter() {
    let keys = [
        key(Method::Get, "/api/v1beta1/widgets", None),
        key(Method::Get, "/2010-04-01/Accounts", None),
        key(Method::Post, "/2fa/enable", Some("2faEnable")),
        key(Method::Get, "/v2.1/reports/{id}", None),
    ];
    let got = names("Example", &keys);
    assert_eq!(
        got,
        [
            "list_widgets",
            "list_accounts",
            "post_2fa_enable",
            "get_report"
        ]
    );
    for name in &got {
        assert!(name.starts_with(|c: char| c.is_ascii_lowercase()), "{name}");
    }
}

#[test]
fn what_reads_as_a_version_or_a_type_id() {
    for version in [
        "v1",
        "V3",
        "v1beta1",
        "v2.1",
        "v3alpha",
        "2025-09",
        "2010-04-01",
    ] {
        assert!(is_version(version), "{version}");
    }
    for other in ["v", "vision", "v2ray", "2025-13", "0-3", "videos"] {
        assert!(!is_version(other), "{other}");
    }
    for id in ["0-3", "2-12345", "0-123"] {
        assert!(is_object_type_id(id), "{id}");
    }
    for other in ["2025-09", "a-3", "0-", "-3", "12"] {
        assert!(!is_object_type_id(other), "{other}");
    }
}
