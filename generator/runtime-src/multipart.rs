//! Multipart request bodies (reqwest's `multipart` feature).

use serde::Serialize;
use serde_json::Value;

use super::encode::param_text;
use super::error::BuildError;

/// A multipart form with one text part per top-level property (one per item for arrays).
pub fn multipart_form<T: Serialize + ?Sized>(
    body: &T,
) -> Result<reqwest::multipart::Form, BuildError> {
    let value = serde_json::to_value(body)
        .map_err(|e| BuildError::Invalid(format!("cannot encode the body: {e}")))?;
    let mut form = reqwest::multipart::Form::new();
    if let Value::Object(map) = value {
        for (key, item) in map {
            for text in param_text(&item)? {
                form = form.text(key.clone(), text);
            }
        }
    }
    Ok(form)
}
