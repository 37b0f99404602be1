// Shared by the fuzz targets (included, so each target stays one binary).

/// Runs the whole pipeline on `text`; panics only on what is a bug: an internal error.
pub fn run(name: &str, text: String) {
    generate(name, text, &[]);
}

/// Applies `overlays` to the spec, lowers and emits it; panics only on an internal error.
pub fn generate(name: &str, text: String, overlays: &[(&str, String)]) {
    if let Err(error) = specgen::__fuzz::generate(name, text, overlays) {
        check(&error);
    }
}

/// Panics on an internal error: every other error is a fine outcome for any input.
pub fn check(error: &specgen::Error) {
    assert!(!matches!(error, specgen::Error::Internal(_)), "{error}");
}
