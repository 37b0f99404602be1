//! Hostile sizes and shapes end with an error or a result, quickly and without exhausting
//! the stack: deep nesting, alias bombs, huge enums, self-referencing `$ref`s, long chains.

use std::path::Path;
use std::time::{Duration, Instant};

use crate::{Error, Severity};

fn generate(text: String, name: &str) -> Result<Vec<(String, String)>, Error> {
    let spec = crate::load::load_str(Path::new(name), text)?;
    let (api, _) = crate::ir::lower(&spec)?;
    crate::emit::emit_crate(&api, &crate::CrateOptions::new("limits", "0.1.0"))
}

/// Generous bound, only to turn a hang into a failure; the figures that matter are in the
/// benchmarks, not here.
fn within_a_minute<T>(f: impl FnOnce() -> T) -> T {
    let started = Instant::now();
    let result = f();
    assert!(
        started.elapsed() < Duration::from_secs(60),
        "took {:?}",
        started.elapsed()
    );
    result
}

fn header() -> &'static str {
    "openapi: 3.0.0\ninfo: {title: t, version: '1'}\npaths: {}\n"
}

fn error_message(result: Result<Vec<(String, String)>, Error>) -> String {
    match result {
        Err(Error::Spec(diagnostics)) => {
            assert!(diagnostics.iter().any(|d| d.severity == Severity::Error));
            diagnostics[0].message.clone()
        }
        other => panic!(
            "expected a spec error, got {:?}",
            other.map(|files| files.len())
        ),
    }
}

#[test]
fn ten_thousand_levels_of_json_nesting_are_an_error() {
    let depth = 10_000;
    let text = format!(
        r#"{{"openapi":"3.0.0","info":{{"title":"t","version":"1"}},"paths":{{}},"components":{{"schemas":{{"A":{}{{"type":"string"}}{}}}}}}}"#,
        r#"{"type":"array","items":"#.repeat(depth),
        "}".repeat(depth)
    );
    let message = error_message(within_a_minute(|| generate(text, "deep.json")));
    assert!(message.contains("recursion limit"), "{message}");
}

#[test]
fn ten_thousand_levels_of_yaml_nesting_are_an_error() {
    let depth = 10_000;
    let text = format!(
        "{}components:\n  schemas:\n    A: {}{{type: string}}{}\n",
        header(),
        "{type: array, items: ".repeat(depth),
        "}".repeat(depth)
    );
    let message = error_message(within_a_minute(|| generate(text, "deep.yaml")));
    assert!(message.contains("nested 10001 levels"), "{message}");
}

#[test]
fn deep_block_style_nesting_is_an_error() {
    let mut text = format!("{}components:\n  schemas:\n    A:\n", header());
    for level in 0..300 {
        let indent = " ".repeat(6 + level * 2);
        text.push_str(&format!("{indent}items:\n"));
    }
    let message = error_message(within_a_minute(|| generate(text, "block.yaml")));
    assert!(
        message.contains("recursion limit") || message.contains("nested"),
        "{message}"
    );
}

#[test]
fn a_billion_laughs_alias_bomb_is_an_error() {
    let mut text = format!(
        "{}x-a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n",
        header()
    );
    let mut previous = 'a';
    for letter in 'b'..='j' {
        let refs = vec![format!("*{previous}"); 9].join(", ");
        text.push_str(&format!("x-{letter}: &{letter} [{refs}]\n"));
        previous = letter;
    }
    let message = error_message(within_a_minute(|| generate(text, "lol.yaml")));
    assert!(message.contains("repetition limit"), "{message}");
}

#[test]
fn a_huge_enum_is_read_as_its_plain_type_with_a_warning() {
    let values: String = (0..50_000).map(|i| format!("        - v{i}\n")).collect();
    let text = format!(
        "{}components:\n  schemas:\n    E:\n      type: string\n      enum:\n{values}",
        header()
    );
    let spec = crate::load::load_str(Path::new("enum.yaml"), text).expect("loads");
    let (api, warnings) = within_a_minute(|| crate::ir::lower(&spec)).expect("lowers");
    assert_eq!(
        api.types[0].kind,
        crate::ir::TypeKind::Alias(crate::ir::TypeRef::String)
    );
    assert!(
        warnings.iter().any(|w| w.message.contains("50000 values")),
        "{warnings:?}"
    );
}

#[test]
fn refs_that_point_only_at_themselves_end() {
    let text = format!(
        "{}components:\n  schemas:\n    A: {{$ref: '#/components/schemas/A'}}\n    B: {{$ref: '#/components/schemas/C'}}\n    C: {{$ref: '#/components/schemas/B'}}\n    D: {{allOf: [{{$ref: '#/components/schemas/D'}}, {{properties: {{x: {{type: string}}}}}}]}}\n    E:\n      type: object\n      properties:\n        inline: {{$ref: '#/components/schemas/E/properties/inline'}}\n",
        header()
    );
    let files = within_a_minute(|| generate(text, "cycles.yaml")).expect("generates");
    let types = &files
        .iter()
        .find(|(path, _)| path == "src/types.rs")
        .expect("types.rs")
        .1;
    assert!(types.contains("pub type A = serde_json::Value;"), "{types}");
    assert!(types.contains("pub struct D"), "{types}");
}

#[test]
fn a_long_chain_of_references_is_linear() {
    let chain = |length: usize| {
        let schemas: String = (0..length)
            .map(|i| format!("    S{i}:\n      type: object\n      properties:\n        next: {{$ref: '#/components/schemas/S{}'}}\n", i + 1))
            .collect();
        format!(
            "{}components:\n  schemas:\n{schemas}    S{length}: {{type: string}}\n",
            header()
        )
    };
    // The fastest of a few runs at two sizes: a chain four times as long may take about four
    // times as long, never the sixteen a quadratic walk would.
    let fastest = |length: usize| {
        (0..3)
            .map(|_| {
                let started = Instant::now();
                let files = generate(chain(length), "chain.yaml").expect("generates");
                let last = format!("pub struct S{}", length - 1);
                assert!(
                    files
                        .iter()
                        .any(|(path, text)| path == "src/types.rs" && text.contains(&last))
                );
                started.elapsed()
            })
            .min()
            .unwrap_or_default()
    };
    let short = fastest(750);
    let long = fastest(3000);
    let ratio = long.as_secs_f64() / short.as_secs_f64().max(1e-9);
    assert!(
        ratio < 10.0,
        "750 references: {short:?}, 3000: {long:?} ({ratio:.1}x for 4x the length)"
    );
}
