//! Decoding of response bodies.

use serde::de::DeserializeOwned;

use super::error::{DecodeError, Error};

/// Decodes a JSON body, naming the path of the first value that does not fit.
pub fn decode_json<T: DeserializeOwned, B>(status: u16, body: &[u8]) -> Result<T, Error<B>> {
    let failure = |path: String, source: serde_json::Error| {
        Error::Decode(Box::new(DecodeError {
            status,
            path,
            body: String::from_utf8_lossy(body).into_owned(),
            source,
        }))
    };
    // The fast path decodes without tracking where it is; only a body that fails is
    // decoded again to name the path of the failure.
    let error = match serde_json::from_slice(body) {
        Ok(value) => return Ok(value),
        Err(error) => error,
    };
    let mut deserializer = serde_json::Deserializer::from_slice(body);
    match serde_path_to_error::deserialize::<_, T>(&mut deserializer) {
        Err(e) => {
            let path = e.path().to_string();
            Err(failure(path, e.into_inner()))
        }
        // Trailing characters after a valid value.
        Ok(_) => Err(failure(".".to_owned(), error)),
    }
}

/// A text body; invalid UTF-8 is replaced rather than refused.
pub fn decode_text(body: &[u8]) -> String {
    String::from_utf8_lossy(body).into_owned()
}
