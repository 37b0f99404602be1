//! The intermediate representation: plain data that the emitters read. Nothing here knows
//! about `openapiv3` or `syn`, so tests can build it by hand and emitters stay pure.

use serde_json::Value;

pub use super::path::{PathSegment, PathTemplate};

/// Everything needed to emit one crate.
#[derive(Debug, Clone, PartialEq)]
pub struct Api {
    /// `info.title`.
    pub title: String,
    /// `info.version`.
    pub version: String,
    /// `info.description`.
    pub description: Option<String>,
    /// `info.summary` (OpenAPI 3.1): a one-line summary of the API.
    pub summary: Option<String>,
    /// The first server URL, used as the default base URL.
    pub base_url: Option<String>,
    /// Named types, in a deterministic order (component schemas in spec order, then inline
    /// types in the order they were met).
    pub types: Vec<TypeDef>,
    /// Operations in spec order (paths, then methods in a fixed order).
    pub operations: Vec<Operation>,
    /// Authentication schemes the spec declares, in spec order.
    pub auth: Vec<AuthScheme>,
    /// Payloads of the webhooks (OpenAPI 3.1 `webhooks`): requests the API sends to its
    /// users' servers, in spec order (webhooks, then methods in a fixed order).
    pub webhooks: Vec<Webhook>,
    /// The type each schema of the document became, by JSON pointer (used to check the
    /// spec's examples against the types).
    pub schema_types: std::collections::BTreeMap<String, TypeRef>,
}

/// A type to emit into the `types` module.
#[derive(Debug, Clone, PartialEq)]
pub struct TypeDef {
    /// The Rust identifier (unique within the module).
    pub name: String,
    /// Doc text from the spec's title and description.
    pub docs: Option<String>,
    /// What kind of type.
    pub kind: TypeKind,
}

/// The shapes a named type can take.
#[derive(Debug, Clone, PartialEq)]
pub enum TypeKind {
    /// An object with known properties.
    Struct(StructDef),
    /// A closed set of values plus a catch-all that keeps unknown ones.
    Enum(EnumDef),
    /// One of several shapes (`oneOf`/`anyOf`).
    Union(UnionDef),
    /// A name for another type (`type X = …`).
    Alias(TypeRef),
    /// The user's own type, by its Rust path (`x-rust-type`, or a replacement given to the
    /// builder): `type X = path;`, nothing generated for the schema.
    External(String),
}

/// An object schema.
#[derive(Debug, Clone, PartialEq)]
pub struct StructDef {
    /// Fixed properties in spec order.
    pub fields: Vec<Field>,
    /// What to do with properties that are not listed.
    pub additional: Additional,
}

/// Treatment of properties not named in the schema.
#[derive(Debug, Clone, PartialEq)]
pub enum Additional {
    /// Unspecified: accepted on input and dropped (the OpenAPI default, made explicit).
    Ignored,
    /// `additionalProperties: false` (or `unevaluatedProperties: false`): the schema is
    /// closed, but a response that carries more fields still decodes (servers add fields
    /// before specs list them); the unknown ones are dropped.
    Denied,
    /// `additionalProperties: true` or a schema: kept in a flattened map.
    Kept(TypeRef),
}

/// A property of a struct.
#[derive(Debug, Clone, PartialEq)]
pub struct Field {
    /// The Rust identifier (may be raw, e.g. `r#type`).
    pub name: String,
    /// The property name on the wire.
    pub wire_name: String,
    /// The value type, without the `Option` that `required`/`nullable` add.
    pub ty: TypeRef,
    /// Listed in `required`.
    pub required: bool,
    /// `nullable: true` (or an enum that lists `null`).
    pub nullable: bool,
    /// Doc text.
    pub docs: Option<String>,
    /// The schema's `default`, if any.
    pub default: Option<Value>,
    /// Limits the spec puts on the value, checked before a request is sent.
    pub constraints: Constraints,
}

/// Validation keywords of a property (`maxItems`, `pattern`, …).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Constraints {
    /// `minItems`.
    pub min_items: Option<usize>,
    /// `maxItems`.
    pub max_items: Option<usize>,
    /// `minLength` (in characters).
    pub min_length: Option<usize>,
    /// `maxLength` (in characters).
    pub max_length: Option<usize>,
    /// `pattern`, only when the regex crate accepts it.
    pub pattern: Option<String>,
    /// `minimum` (exclusive when `exclusive_minimum`).
    pub minimum: Option<f64>,
    /// `maximum` (exclusive when `exclusive_maximum`).
    pub maximum: Option<f64>,
    /// `exclusiveMinimum: true`.
    pub exclusive_minimum: bool,
    /// `exclusiveMaximum: true`.
    pub exclusive_maximum: bool,
}

impl Constraints {
    /// Whether there is anything to check.
    pub fn is_empty(&self) -> bool {
        self == &Self::default()
    }
}

/// A closed set of values.
#[derive(Debug, Clone, PartialEq)]
pub struct EnumDef {
    /// The documented values, in spec order.
    pub variants: Vec<EnumVariant>,
    /// How the values are written on the wire.
    pub repr: EnumRepr,
    /// The variant named by the schema's `default`, if any (gives `impl Default`).
    pub default: Option<String>,
}

/// The wire type of an enum's values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum EnumRepr {
    /// JSON strings.
    String,
    /// JSON integers.
    Integer,
    /// JSON numbers that are not all integers.
    Number,
}

/// One documented enum value.
#[derive(Debug, Clone, PartialEq)]
pub struct EnumVariant {
    /// The Rust identifier.
    pub name: String,
    /// The value as written in the spec.
    pub value: Value,
}

/// `oneOf`/`anyOf`.
#[derive(Debug, Clone, PartialEq)]
pub struct UnionDef {
    /// The alternatives, in spec order.
    pub variants: Vec<UnionVariant>,
    /// The discriminator property, when the spec gives one (internally tagged), or when
    /// every alternative pins one required property to its own single value.
    pub tag: Option<String>,
    /// The tag was inferred rather than declared: a value that no alternative pins (one
    /// added to the API later) is tried against each alternative in turn, as for an
    /// untagged union, instead of being refused.
    pub inferred_tag: bool,
}

/// One alternative of a union.
#[derive(Debug, Clone, PartialEq)]
pub struct UnionVariant {
    /// The Rust identifier.
    pub name: String,
    /// The payload type.
    pub ty: TypeRef,
    /// With a discriminator: the tag values that select this variant.
    pub tag_values: Vec<String>,
}

/// A use of a type.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum TypeRef {
    /// A type in the `types` module, by its Rust name.
    Named(String),
    /// `String`.
    String,
    /// `bool`.
    Bool,
    /// `i32`.
    I32,
    /// `i64`.
    I64,
    /// `f32`.
    F32,
    /// `f64`.
    F64,
    /// `date-time`: an RFC 3339 timestamp.
    DateTime,
    /// `date`: a calendar date.
    Date,
    /// `uuid`.
    Uuid,
    /// `byte`: base64 text, kept as the text.
    Base64,
    /// `binary`: raw bytes (only as a whole body).
    Binary,
    /// Any JSON value.
    Any,
    /// A free-form JSON object.
    JsonObject,
    /// An array.
    Vec(Box<TypeRef>),
    /// An array of exactly as many elements as there are types, each of its own type
    /// (`prefixItems` with a fixed length): a Rust tuple, which serde reads from and writes
    /// as a JSON array of that length.
    Tuple(Vec<TypeRef>),
    /// An object with arbitrary keys and values of one type.
    Map(Box<TypeRef>),
    /// A value that may be null.
    Option(Box<TypeRef>),
    /// A heap indirection that breaks a recursive type.
    Boxed(Box<TypeRef>),
}

/// An HTTP method.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Method {
    /// GET
    Get,
    /// PUT
    Put,
    /// POST
    Post,
    /// DELETE
    Delete,
    /// OPTIONS
    Options,
    /// HEAD
    Head,
    /// PATCH
    Patch,
    /// TRACE
    Trace,
}

impl Method {
    /// Lower-case name, as in OpenAPI path items.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Get => "get",
            Self::Put => "put",
            Self::Post => "post",
            Self::Delete => "delete",
            Self::Options => "options",
            Self::Head => "head",
            Self::Patch => "patch",
            Self::Trace => "trace",
        }
    }

    /// All methods in the order OpenAPI path items list them.
    pub const ALL: [Method; 8] = [
        Self::Get,
        Self::Put,
        Self::Post,
        Self::Delete,
        Self::Options,
        Self::Head,
        Self::Patch,
        Self::Trace,
    ];
}

/// One API call.
#[derive(Debug, Clone, PartialEq)]
pub struct Operation {
    /// The method name on the client (snake_case, unique).
    pub name: String,
    /// The `operationId`, if any (kept for docs).
    pub operation_id: Option<String>,
    /// HTTP method.
    pub method: Method,
    /// The path template, e.g. `/users/{id}`.
    pub path: PathTemplate,
    /// Summary and description.
    pub docs: Option<String>,
    /// `deprecated: true`.
    pub deprecated: bool,
    /// The operation's tags, as the spec writes them.
    pub tags: Vec<String>,
    /// Parameters in the order the method takes them (path first, then the rest).
    pub params: Vec<Param>,
    /// The request body, if any.
    pub body: Option<Body>,
    /// Success responses (distinct bodies give a response enum).
    pub success: Vec<Response>,
    /// Error responses with a typed body, by status.
    pub errors: Vec<Response>,
    /// Whether the default response is the success type (no 2xx listed).
    pub default_is_success: bool,
    /// Whether credentials are sent (`false` for `security: []`).
    pub authenticated: bool,
    /// How the results continue on later pages, when they do.
    pub pagination: Option<Pagination>,
}

/// Where a parameter goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParamLocation {
    /// In the path template.
    Path,
    /// In the query string.
    Query,
    /// In a request header.
    Header,
    /// In the `Cookie` header.
    Cookie,
}

/// How a path parameter is written (OpenAPI `style`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PathStyle {
    /// `simple`: `a,b`.
    Simple,
    /// `label`: `.a,b` (`.a.b` exploded).
    Label,
    /// `matrix`: `;id=a,b` (`;id=a;id=b` exploded).
    Matrix,
}

/// An operation parameter.
#[derive(Debug, Clone, PartialEq)]
pub struct Param {
    /// The Rust argument name.
    pub name: String,
    /// The name on the wire.
    pub wire_name: String,
    /// Location.
    pub location: ParamLocation,
    /// The value type.
    pub ty: TypeRef,
    /// Whether the caller must give it.
    pub required: bool,
    /// For arrays and objects: one `name=value` per item (`explode: true`) or one joined value.
    pub explode: bool,
    /// `style: deepObject` (`name[key]=value`).
    pub deep_object: bool,
    /// For path parameters: how the value is written into the path.
    pub path_style: PathStyle,
    /// Doc text.
    pub docs: Option<String>,
}

/// How a request body is encoded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BodyEncoding {
    /// `application/json` (and `+json` types).
    Json,
    /// `application/x-www-form-urlencoded`.
    Form,
    /// `multipart/form-data`, sent as text fields.
    Multipart,
    /// Raw bytes (`application/octet-stream` and other binary types).
    Bytes,
    /// `text/*`.
    Text,
}

/// A request body.
#[derive(Debug, Clone, PartialEq)]
pub struct Body {
    /// The content type sent.
    pub content_type: String,
    /// The encoding used.
    pub encoding: BodyEncoding,
    /// The value type the method takes.
    pub ty: TypeRef,
    /// Whether the body is required.
    pub required: bool,
    /// Doc text.
    pub docs: Option<String>,
}

/// The payload of one operation of a webhook: the request the API sends to a user's server.
#[derive(Debug, Clone, PartialEq)]
pub struct Webhook {
    /// The webhook's key in `webhooks`, as the spec writes it (e.g. `newPet`).
    pub name: String,
    /// The Rust name of the payload's type alias in the `webhooks` module (unique there).
    pub alias: String,
    /// The HTTP method the API sends the webhook with.
    pub method: Method,
    /// Summary and description of the webhook operation, and of its request body.
    pub docs: Option<String>,
    /// The request body the API sends (its type, content type and encoding).
    pub payload: Body,
}

/// Which statuses a response covers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum StatusMatch {
    /// One status, e.g. 207.
    Code(u16),
    /// A range such as `2XX` (the hundreds digit).
    Range(u16),
    /// `default`.
    Default,
}

/// How a response body is read.
#[derive(Debug, Clone, PartialEq)]
pub enum ResponseBody {
    /// No body (e.g. 204).
    Empty,
    /// JSON decoded into a type.
    Json(TypeRef),
    /// Text kept as a `String`.
    Text,
    /// Bytes kept as a `Vec<u8>`.
    Bytes,
}

/// One response of an operation.
#[derive(Debug, Clone, PartialEq)]
pub struct Response {
    /// The statuses it covers.
    pub status: StatusMatch,
    /// The body.
    pub body: ResponseBody,
    /// Doc text (the response description).
    pub docs: Option<String>,
}

/// An authentication scheme from `components.securitySchemes`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AuthScheme {
    /// HTTP bearer or OAuth2 / OpenID Connect: `Authorization: Bearer <token>`.
    Bearer {
        /// Scheme names in the spec that map here.
        names: Vec<String>,
    },
    /// HTTP basic.
    Basic {
        /// Scheme name.
        name: String,
    },
    /// An API key in a header, query parameter or cookie.
    ApiKey {
        /// Scheme name.
        name: String,
        /// Header/query/cookie name.
        param: String,
        /// Where it goes.
        location: ParamLocation,
    },
}

/// How an operation's results continue on later pages.
#[derive(Debug, Clone, PartialEq)]
pub struct Pagination {
    /// From the page to its list of items; empty when the page is the list.
    pub items: Vec<FieldStep>,
    /// The type of one item.
    pub item_type: TypeRef,
    /// How the next page is asked for.
    pub next: NextPage,
}

/// One field on the way from a page to a value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldStep {
    /// The Rust field name.
    pub name: String,
    /// The property name on the wire.
    pub wire_name: String,
    /// How the field's Rust type wraps the value.
    pub wrap: Wrap,
}

/// How a generated field wraps its value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Wrap {
    /// `T`: required and not nullable.
    Plain,
    /// `Option<T>`.
    Option,
    /// `Option<Option<T>>`: optional and nullable.
    DoubleOption,
}

/// Where the next page comes from.
#[derive(Debug, Clone, PartialEq)]
pub enum NextPage {
    /// The page holds the next cursor; the request takes it back.
    Cursor {
        /// From the page to the cursor (a string).
        cursor: Vec<FieldStep>,
        /// Where the request takes it.
        target: CursorTarget,
    },
    /// The page says whether there is more; the next request starts after the last item's
    /// id (Stripe).
    AfterLastId {
        /// From the page to the `has_more` flag.
        has_more: Vec<FieldStep>,
        /// The item's id field (a string).
        id: FieldStep,
        /// Where the request takes the id.
        target: CursorTarget,
    },
    /// The page holds the next page's URL.
    NextUrl {
        /// From the page to the URL (a string).
        url: Vec<FieldStep>,
    },
    /// The response's `Link` header has the next page's URL (`rel="next"`).
    LinkHeader,
}

/// The request input a cursor goes into.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CursorTarget {
    /// A query parameter, by its Rust argument name.
    Query {
        /// The argument name.
        name: String,
        /// The name on the wire.
        wire_name: String,
        /// Whether the spec marks it required: then it is a method argument, sent as the
        /// caller gives it on the first page and replaced on the later ones.
        required: bool,
    },
    /// A field of the JSON request body, required or not: the first page sends the
    /// caller's body as it is, the later ones a copy with the cursor set.
    Body(FieldStep),
}
