//! The measured JSON bodies, built deterministically (no randomness, no files), compact as an
//! API sends them, with field order as HubSpot's documentation shows it.

use std::fmt::Write as _;

/// Results in the batch response, and inputs in the batch request.
pub const OBJECTS: usize = 100;
/// Properties of each result and of each input.
pub const PROPERTIES: usize = 20;

/// HubSpot order property names (the first [`PROPERTIES`] are used).
const NAMES: [&str; PROPERTIES] = [
    "hs_object_id",
    "hs_order_name",
    "hs_currency_code",
    "hs_total_price",
    "hs_subtotal_price",
    "hs_tax",
    "hs_shipping_cost",
    "hs_order_discount",
    "hs_fulfillment_status",
    "hs_pipeline",
    "hs_pipeline_stage",
    "hs_external_order_id",
    "hs_source_store",
    "hs_shipping_address_city",
    "hs_shipping_address_country",
    "hs_shipping_address_postal_code",
    "hs_billing_address_email",
    "hs_createdate",
    "hs_lastmodifieddate",
    "hs_order_note",
];

/// The value of property `p` of object `i`: numbers, codes, dates and free text, as
/// HubSpot sends every property value, as a string.
fn value(i: usize, p: usize) -> String {
    match p {
        0 => format!("{}", 9_000_000_000u64 + i as u64),
        1 => format!("Order #{:05} for customer {}", 10_000 + i, i % 37),
        2 => ["EUR", "USD", "GBP"][i % 3].to_owned(),
        3 => format!("{}.{:02}", 100 + i * 7, i % 100),
        4 => format!("{}.{:02}", 90 + i * 7, (i * 3) % 100),
        5 => format!("{}.{:02}", 10 + i % 9, (i * 11) % 100),
        6 => format!("{}.00", 5 + i % 4),
        7 => format!("{}", i % 15),
        8 => ["fulfilled", "unfulfilled", "partially_fulfilled"][i % 3].to_owned(),
        9 => "14a2e10e-5471-408a-906e-c51f3b04369e".to_owned(),
        10 => format!("{}", 4_000_000 + i % 6),
        11 => format!("ext-{:08x}", 0x5eed_0000 + i * 7919),
        12 => "shop.example.com".to_owned(),
        13 => ["Dublin", "Berlin", "Lisbon", "Boston"][i % 4].to_owned(),
        14 => ["IE", "DE", "PT", "US"][i % 4].to_owned(),
        15 => format!("{:05}", 10_000 + i * 13),
        16 => format!("buyer{i}@example.com"),
        17 => format!("2024-05-{:02}T09:{:02}:23.512Z", 1 + i % 28, i % 60),
        18 => format!("2024-06-{:02}T17:{:02}:05.004Z", 1 + i % 28, (i * 7) % 60),
        _ => format!("Leave at the door; ring twice. Gift wrap: {}", i % 2 == 0),
    }
}

/// A `date-time` with milliseconds, never `.000` (chrono writes whole seconds without a
/// fraction, and the shape check in the serde bench compares re-encoded JSON).
fn timestamp(day: usize, second: usize) -> String {
    format!(
        "2024-07-{:02}T{:02}:{:02}:{:02}.{:03}Z",
        1 + day % 28,
        second % 24,
        (second * 7) % 60,
        second % 60,
        1 + (second * 37) % 999
    )
}

fn properties(out: &mut String, i: usize) {
    out.push('{');
    for (p, name) in NAMES.iter().enumerate() {
        if p > 0 {
            out.push(',');
        }
        write!(out, "\"{name}\":\"{}\"", value(i, p)).expect("writing to a String");
    }
    out.push('}');
}

/// `BatchResponseSimplePublicObject` with `results` results of [`PROPERTIES`] properties.
pub fn batch_response_with(results: usize) -> Vec<u8> {
    let mut out = String::from("{\"status\":\"COMPLETE\",\"results\":[");
    for i in 0..results {
        if i > 0 {
            out.push(',');
        }
        write!(
            out,
            "{{\"id\":\"{}\",\"properties\":",
            9_000_000_000u64 + i as u64
        )
        .expect("writing to a String");
        properties(&mut out, i);
        write!(
            out,
            ",\"createdAt\":\"{}\",\"updatedAt\":\"{}\",\"archived\":false}}",
            timestamp(i, i),
            timestamp(i + 3, i + 11)
        )
        .expect("writing to a String");
    }
    write!(
        out,
        "],\"requestedAt\":\"{}\",\"startedAt\":\"{}\",\"completedAt\":\"{}\",\
         \"links\":{{\"self\":\"https://api.hubapi.com/crm/v3/objects/orders/batch/update\"}}}}",
        timestamp(5, 1),
        timestamp(5, 2),
        timestamp(5, 3)
    )
    .expect("writing to a String");
    out.into_bytes()
}

/// The batch-update request: `inputs` inputs, each an `id` and [`PROPERTIES`] properties.
pub fn batch_request_with(inputs: usize) -> Vec<u8> {
    let mut out = String::from("{\"inputs\":[");
    for i in 0..inputs {
        if i > 0 {
            out.push(',');
        }
        write!(
            out,
            "{{\"id\":\"{}\",\"properties\":",
            9_000_000_000u64 + i as u64
        )
        .expect("writing to a String");
        properties(&mut out, i);
        out.push('}');
    }
    out.push_str("]}");
    out.into_bytes()
}

/// The measured response: [`OBJECTS`] results.
pub fn batch_response() -> Vec<u8> {
    batch_response_with(OBJECTS)
}

/// The measured request: [`OBJECTS`] inputs.
pub fn batch_request() -> Vec<u8> {
    batch_request_with(OBJECTS)
}
