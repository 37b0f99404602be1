//! Inputs the fuzzers (scripts/fuzz.sh) found, or that were written to probe the same
//! weak spots: each must end with files or a spec error, never a panic or an internal error.
//! A file's first byte picks the format (even: YAML, odd: JSON), as in the `spec_bytes` target.

use std::path::Path;

fn run(name: &str, text: String) -> Result<(), String> {
    let result = specgen::load::load_str(Path::new(name), text).and_then(|spec| {
        let (api, _) = specgen::ir::lower(&spec)?;
        specgen::emit::emit_crate(&api, &specgen::CrateOptions::new("fuzzed", "0.1.0"))
    });
    match result {
        Err(specgen::Error::Usage(message)) if message.contains("internal error") => Err(message),
        _ => Ok(()),
    }
}

#[test]
fn every_recorded_input_ends_cleanly() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fuzz-regressions");
    let mut entries: Vec<_> = std::fs::read_dir(&dir)
        .expect("the regressions folder")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .collect();
    entries.sort();
    assert!(!entries.is_empty());
    for path in entries {
        let bytes = std::fs::read(&path).expect("readable");
        let Some((&format, rest)) = bytes.split_first() else {
            continue;
        };
        let name = if format % 2 == 0 {
            "input.yaml"
        } else {
            "input.json"
        };
        let outcome =
            std::panic::catch_unwind(|| run(name, String::from_utf8_lossy(rest).into_owned()));
        match outcome {
            Ok(Ok(())) => {}
            Ok(Err(message)) => panic!("{}: {message}", path.display()),
            Err(_) => panic!("{}: the generator panicked", path.display()),
        }
    }
}
