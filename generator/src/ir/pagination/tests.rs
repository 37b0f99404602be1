use std::path::Path;

use super::*;

/// The pagination of every operation of a spec, by method name.
fn detected(yaml: &str) -> Vec<(String, Option<Pagination>)> {
    let spec = crate::load::load_str(Path::new("t.yaml"), yaml.to_owned()).expect("loads");
    let (api, _) = crate::ir::lower(&spec).expect("lowers");
    api.operations
        .into_iter()
        .map(|op| (op.name, op.pagination))
        .collect()
}

fn wire(path: &[FieldStep]) -> String {
    path.iter()
        .map(|s| s.wire_name.as_str())
        .collect::<Vec<_>>()
        .join(".")
}

#[test]
fn hubspot_paging_next_after_with_the_after_query_parameter_and_body_field() {
    let text = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/features/specs/crm_objects.yaml"),
    )
    .expect("feature spec");
    let found = detected(&text);
    let paged: Vec<&str> = found
        .iter()
        .filter(|(_, p)| p.is_some())
        .map(|(name, _)| name.as_str())
        .collect();
    // `get` and the batch calls return no list that continues; `search` pages by `after`
    // in its body.
    assert_eq!(paged, ["list", "search"]);
    let list = found[0].1.as_ref().expect("list is paged");
    assert_eq!(wire(&list.items), "results");
    assert_eq!(
        list.item_type,
        TypeRef::Named("SimplePublicObjectWithAssociations".into())
    );
    let NextPage::Cursor { cursor, target } = &list.next else {
        panic!("a cursor: {:?}", list.next)
    };
    assert_eq!(wire(cursor), "paging.next.after");
    assert_eq!(
        cursor.iter().map(|s| s.wrap).collect::<Vec<_>>(),
        [Wrap::Option, Wrap::Option, Wrap::Plain]
    );
    assert_eq!(
        target,
        &CursorTarget::Query {
            name: "after".into(),
            wire_name: "after".into(),
            required: false,
        }
    );
    let search = found
        .iter()
        .find(|(name, _)| name == "search")
        .and_then(|(_, p)| p.as_ref())
        .expect("search is paged");
    assert!(
        matches!(&search.next, NextPage::Cursor { target: CursorTarget::Body(field), .. } if field.wire_name == "after"),
        "{search:?}"
    );
}

const SHAPES: &str = r#"
openapi: 3.0.3
info: {title: Shapes, version: "1"}
paths:
  /v1/customers:
    get:
      operationId: listCustomers
      parameters:
        - {name: starting_after, in: query, schema: {type: string}}
        - {name: limit, in: query, schema: {type: integer}}
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema:
                type: object
                required: [data, has_more]
                properties:
                  data: {type: array, items: {$ref: '#/components/schemas/Customer'}}
                  has_more: {type: boolean}
  /files:
    get:
      operationId: listFiles
      parameters:
        - {name: pageToken, in: query, schema: {type: string}}
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema:
                type: object
                properties:
                  files: {type: array, items: {type: string}}
                  nextPageToken: {type: string}
  /channels:
    get:
      operationId: listChannels
      parameters:
        - {name: cursor, in: query, schema: {type: string}}
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema:
                type: object
                properties:
                  channels: {type: array, items: {type: string}}
                  response_metadata:
                    type: object
                    properties:
                      next_cursor: {type: string}
  /events:
    get:
      operationId: listEvents
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema:
                type: object
                properties:
                  items: {type: array, items: {type: string}}
                  links:
                    type: object
                    properties:
                      next: {type: string, nullable: true}
  /repos:
    get:
      operationId: listRepos
      parameters:
        - {name: page, in: query, schema: {type: integer}}
      responses:
        '200':
          description: ok
          headers:
            Link: {schema: {type: string}}
          content:
            application/json:
              schema: {type: array, items: {type: string}}
  /tags:
    get:
      operationId: listTags
      parameters:
        - {name: after, in: query, schema: {type: string}}
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema:
                type: object
                properties:
                  tags: {type: array, items: {type: string}}
  /things:
    get:
      operationId: listThings
      x-specgen-pagination: {items: body.rows, next: body.continue, param: from}
      parameters:
        - {name: from, in: query, schema: {type: string}}
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema:
                type: object
                properties:
                  body:
                    type: object
                    properties:
                      rows: {type: array, items: {type: integer}}
                      continue: {type: string}
  /search:
    post:
      operationId: searchOptional
      requestBody:
        content:
          application/json:
            schema:
              type: object
              properties:
                after: {type: string}
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema:
                type: object
                properties:
                  results: {type: array, items: {type: string}}
                  paging:
                    type: object
                    properties:
                      next:
                        type: object
                        properties:
                          after: {type: string}
  /off:
    get:
      operationId: notPaged
      x-specgen-pagination: false
      parameters:
        - {name: after, in: query, schema: {type: string}}
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema:
                type: object
                properties:
                  results: {type: array, items: {type: string}}
                  after: {type: string}
components:
  schemas:
    Customer:
      type: object
      required: [id]
      properties:
        id: {type: string}
"#;

#[test]
fn the_forms_real_apis_use() {
    let found = detected(SHAPES);
    let by_name = |name: &str| {
        found
            .iter()
            .find(|(n, _)| n == name)
            .and_then(|(_, p)| p.clone())
    };
    let customers = by_name("list_customers").expect("stripe");
    assert!(
        matches!(&customers.next, NextPage::AfterLastId { id, .. } if id.wire_name == "id"),
        "{customers:?}"
    );
    let files = by_name("list_files").expect("page token");
    assert!(
        matches!(&files.next, NextPage::Cursor { cursor, target: CursorTarget::Query { wire_name, .. } } if wire(cursor) == "nextPageToken" && wire_name == "pageToken"),
        "{files:?}"
    );
    let channels = by_name("list_channels").expect("slack");
    assert!(
        matches!(&channels.next, NextPage::Cursor { cursor, .. } if wire(cursor) == "response_metadata.next_cursor"),
        "{channels:?}"
    );
    let events = by_name("list_events").expect("next url");
    assert!(
        matches!(&events.next, NextPage::NextUrl { url } if wire(url) == "links.next" && url[1].wrap == Wrap::DoubleOption),
        "{events:?}"
    );
    let repos = by_name("list_repos").expect("link header");
    assert_eq!(repos.next, NextPage::LinkHeader);
    assert!(repos.items.is_empty(), "the page is the list");
    let things = by_name("list_things").expect("configured");
    assert_eq!(wire(&things.items), "body.rows");
    assert_eq!(things.item_type, TypeRef::I64);
    // A cursor parameter without a cursor in the page is not pagination; nor is a
    // spec's `false`.
    assert_eq!(by_name("list_tags"), None);
    // A cursor in a body the caller may leave out has nowhere to go on later pages.
    assert_eq!(by_name("search_optional"), None);
    assert_eq!(by_name("not_paged"), None);
}

/// HubSpot's published object specs list `after` under `required` of the search request,
/// and their `Paging` has `prev.before` beside `next.after`.
#[test]
fn hubspot_published_search_with_a_required_after_and_paging_with_next_and_prev() {
    let text = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../tests/features/specs/search_required_cursor.yaml"),
    )
    .expect("feature spec");
    let found = detected(&text);
    assert_eq!(found.len(), 1, "{found:?}");
    let (name, search) = &found[0];
    assert_eq!(name, "search");
    let search = search.as_ref().expect("search is paged");
    assert_eq!(wire(&search.items), "results");
    assert_eq!(search.items[0].wrap, Wrap::Plain);
    assert_eq!(
        search.item_type,
        TypeRef::Named("SimplePublicObject".into())
    );
    let NextPage::Cursor { cursor, target } = &search.next else {
        panic!("a cursor: {:?}", search.next)
    };
    assert_eq!(wire(cursor), "paging.next.after");
    assert_eq!(
        cursor.iter().map(|s| s.wrap).collect::<Vec<_>>(),
        [Wrap::Option, Wrap::Option, Wrap::Plain]
    );
    assert_eq!(
        target,
        &CursorTarget::Body(FieldStep {
            name: "after".into(),
            wire_name: "after".into(),
            wrap: Wrap::Plain,
        })
    );
}

/// The published search shape without `paging.next`: `prev.before` (and `prev.link`) lead
/// backward and are never read as the next page.
#[test]
fn paging_prev_is_never_the_next_page() {
    let text = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../tests/features/specs/search_required_cursor.yaml"),
    )
    .expect("feature spec");
    let backward = text.replace(
        "        next: {$ref: '#/components/schemas/NextPage'}\n",
        "",
    );
    assert_ne!(backward, text, "the spec has `paging.next`");
    assert_eq!(detected(&backward), [("search".to_owned(), None)]);
}

const REQUIRED: &str = r#"
openapi: 3.0.3
info: {title: Required, version: "1"}
paths:
  /channels:
    get:
      operationId: listChannels
      parameters:
        - {name: cursor, in: query, required: true, schema: {type: string}}
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema:
                type: object
                properties:
                  channels: {type: array, items: {type: string}}
                  next_cursor: {type: string}
  /hits:
    post:
      operationId: searchHits
      x-specgen-pagination: {items: hits, next: page.token, param: after}
      requestBody:
        required: true
        content:
          application/json:
            schema:
              type: object
              required: [after]
              properties:
                after: {type: string}
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema:
                type: object
                required: [hits]
                properties:
                  hits: {type: array, items: {type: integer}}
                  page:
                    type: object
                    properties:
                      token: {type: string}
  /nullable:
    post:
      operationId: searchNullable
      requestBody:
        required: true
        content:
          application/json:
            schema:
              type: object
              required: [after]
              properties:
                after: {type: string, nullable: true}
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema:
                type: object
                properties:
                  results: {type: array, items: {type: string}}
                  paging:
                    type: object
                    properties:
                      next:
                        type: object
                        required: [after]
                        properties:
                          after: {type: string}
"#;

#[test]
fn a_cursor_the_spec_marks_required() {
    let found = detected(REQUIRED);
    let by_name = |name: &str| {
        found
            .iter()
            .find(|(n, _)| n == name)
            .and_then(|(_, p)| p.clone())
            .unwrap_or_else(|| panic!("{name} is paged: {found:?}"))
    };
    // A required query parameter: the method's argument on the first page, the page's
    // cursor after it.
    let channels = by_name("list_channels");
    assert_eq!(
        channels.next,
        NextPage::Cursor {
            cursor: vec![FieldStep {
                name: "next_cursor".into(),
                wire_name: "next_cursor".into(),
                wrap: Wrap::Option,
            }],
            target: CursorTarget::Query {
                name: "cursor".into(),
                wire_name: "cursor".into(),
                required: true,
            },
        }
    );
    // The extension may name a required body field.
    let hits = by_name("search_hits");
    assert_eq!(wire(&hits.items), "hits");
    assert!(
        matches!(&hits.next, NextPage::Cursor { cursor, target: CursorTarget::Body(field) }
            if wire(cursor) == "page.token" && field.wire_name == "after" && field.wrap == Wrap::Plain),
        "{hits:?}"
    );
    // Required and nullable: an `Option` the later pages fill.
    let nullable = by_name("search_nullable");
    assert!(
        matches!(&nullable.next, NextPage::Cursor { target: CursorTarget::Body(field), .. }
            if field.wrap == Wrap::Option),
        "{nullable:?}"
    );
}
