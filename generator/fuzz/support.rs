// Shared by the fuzz targets (included, so each target stays one binary).

/// Runs the whole pipeline on `text`; panics only on what is a bug: an internal error.
pub fn run(name: &str, text: String) {
    let spec = match specgen::load::load_str(std::path::Path::new(name), text) {
        Ok(spec) => spec,
        Err(error) => return check(&error),
    };
    let api = match specgen::ir::lower(&spec) {
        Ok((api, _)) => api,
        Err(error) => return check(&error),
    };
    let options = specgen::CrateOptions { name: "fuzzed".into(), version: "0.1.0".into() };
    if let Err(error) = specgen::emit::emit_crate(&api, &options) {
        check(&error);
    }
}

fn check(error: &specgen::Error) {
    if let specgen::Error::Usage(message) = error {
        assert!(!message.contains("internal error"), "{message}");
    }
}
