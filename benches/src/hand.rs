//! Hand-written serde types for the batch-update bodies: what a careful person writes for
//! this API without a generator, the baseline for the generated types in `benches/serde.rs`.
//!
//! Choices (listed in BENCHMARKS.md): `chrono::DateTime<Utc>` for every `date-time`,
//! `std::collections::HashMap<String, String>` for the string maps (`properties` of the
//! inputs, `links`), `HashMap<String, Option<String>>` for the returned objects' `properties`
//! (HubSpot sends `null` for a property without a value, as the generated types now decode
//! with `spec/hubspot-crm.overlay.yaml`), `HashMap<String, Vec<String>>` for `context`, `Option<_>` with
//! `skip_serializing_if = "Option::is_none"` for optional fields, `i32` for `numErrors`, a
//! closed enum for `status`, `serde_json::Value` for the free-form `subCategory` object, and
//! `#[serde(rename_all = "camelCase")]` for the wire names. No validation, no unknown-value
//! handling: plain derives.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// The 200 body of `POST /crm/v3/objects/orders/batch/update`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct BatchResponse {
    pub status: BatchStatus,
    pub results: Vec<SimplePublicObject>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub requested_at: Option<DateTime<Utc>>,
    pub started_at: DateTime<Utc>,
    pub completed_at: DateTime<Utc>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub links: Option<HashMap<String, String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub num_errors: Option<i32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub errors: Option<Vec<StandardError>>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum BatchStatus {
    Pending,
    Processing,
    Canceled,
    Complete,
}

/// One CRM object.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SimplePublicObject {
    pub id: String,
    pub properties: HashMap<String, Option<String>>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub archived: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub archived_at: Option<DateTime<Utc>>,
}

/// An error about one input.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct StandardError {
    pub status: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    pub category: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sub_category: Option<serde_json::Value>,
    pub message: String,
    pub errors: Vec<ErrorDetail>,
    pub context: HashMap<String, Vec<String>>,
    pub links: HashMap<String, String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ErrorDetail {
    pub message: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub code: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none", rename = "in")]
    pub in_: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sub_category: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub context: Option<HashMap<String, Vec<String>>>,
}

/// The request body.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BatchInput {
    pub inputs: Vec<BatchInputItem>,
}

/// One order to update.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct BatchInputItem {
    pub id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id_property: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub object_write_trace_id: Option<String>,
    pub properties: HashMap<String, String>,
}
