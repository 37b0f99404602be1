//! Code generated from `specs/` at build time; compiling this crate is the first test of
//! every mapping rule, the tests in `tests/` check behaviour.

/// From `specs/schemas.yaml`: unions, allOf, nullable, recursion, maps, enums, formats.
pub mod schemas {
    include!(concat!(env!("OUT_DIR"), "/schemas.rs"));
}

/// From `specs/names.yaml`: keywords, odd characters, collisions, prelude names.
pub mod names {
    include!(concat!(env!("OUT_DIR"), "/names.rs"));
}

/// From `specs/operations.yaml`: parameters, bodies, responses, names of operations.
pub mod operations {
    include!(concat!(env!("OUT_DIR"), "/operations.rs"));
}

/// From `specs/auth.yaml`: every kind of security scheme, and an operation without auth.
pub mod auth {
    include!(concat!(env!("OUT_DIR"), "/auth.rs"));
}

/// From `specs/hostile.yaml`: quotes, comment markers, attributes, NULs and CRLFs in every
/// place spec text reaches generated code.
pub mod hostile {
    include!(concat!(env!("OUT_DIR"), "/hostile.rs"));
}

/// From `specs/openapi31.yaml`: the JSON Schema 2020-12 keywords of OpenAPI 3.1.
pub mod openapi31 {
    include!(concat!(env!("OUT_DIR"), "/openapi31.rs"));
}

/// From `specs/faults.yaml`: faults of real 3.0 documents, read with warnings.
pub mod faults {
    include!(concat!(env!("OUT_DIR"), "/faults.rs"));
}

/// From `specs/openapi31_shapes.yaml`: tuples from `prefixItems`, and webhook payloads.
pub mod openapi31_shapes {
    include!(concat!(env!("OUT_DIR"), "/openapi31_shapes.rs"));
}

/// From `specs/crm_objects.yaml`: HubSpot's whole CRM objects API for orders (list paged by
/// `after`, read, create, update, archive, search, batch calls), with HubSpot's own
/// method-and-path operationIds.
pub mod crm_objects {
    include!(concat!(env!("OUT_DIR"), "/crm_objects.rs"));
}

/// From `specs/closed.yaml`: closed response schemas (`additionalProperties: false`) that
/// servers add fields to, and unions of closed branches (GitHub's user shapes).
pub mod closed {
    include!(concat!(env!("OUT_DIR"), "/closed.rs"));
}

/// From `specs/search_required_cursor.yaml`: HubSpot's published search shape, `after`
/// required in the body and `Paging` with `next` and `prev`, paged forward by `after`.
pub mod search_required_cursor {
    include!(concat!(env!("OUT_DIR"), "/search_required_cursor.rs"));
}

/// From `crm/specgen.toml`: six HubSpot CRM specs (orders, contacts, associations,
/// properties, and deals and the 2025-09 generic objects as HubSpot publishes them) as one
/// crate with one client and shared types.
pub mod hubspot_crm {
    include!(concat!(env!("OUT_DIR"), "/hubspot_crm.rs"));
}
