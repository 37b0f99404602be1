//! Arbitrary bytes as a spec: the generator must end with files or a spec error, never a
//! panic and never an internal error (generated code that does not parse).
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((&format, rest)) = data.split_first() else { return };
    let name = if format % 2 == 0 { "fuzz.yaml" } else { "fuzz.json" };
    specgen_fuzz_support::run(name, String::from_utf8_lossy(rest).into_owned());
});

mod specgen_fuzz_support {
    include!("../support.rs");
}
