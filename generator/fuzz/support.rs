// Shared by the fuzz targets (included, so each target stays one binary).

/// Runs the whole pipeline on `text`; panics only on what is a bug: an internal error.
pub fn run(name: &str, text: String) {
    generate(specgen::load::load_str(std::path::Path::new(name), text));
}

/// Lowers and emits a loaded spec; panics only on an internal error.
pub fn generate(loaded: Result<specgen::load::Spec, specgen::Error>) {
    let spec = match loaded {
        Ok(spec) => spec,
        Err(error) => return check(&error),
    };
    let api = match specgen::ir::lower(&spec) {
        Ok((api, _)) => api,
        Err(error) => return check(&error),
    };
    let options = specgen::CrateOptions::new("fuzzed", "0.1.0");
    if let Err(error) = specgen::emit::emit_crate(&api, &options) {
        check(&error);
    }
}

/// Panics on an internal error: every other error is a fine outcome for any input.
pub fn check(error: &specgen::Error) {
    if let specgen::Error::Usage(message) = error {
        assert!(!message.contains("internal error"), "{message}");
    }
}
