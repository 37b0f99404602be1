//! Doc comments from spec text. The text goes into `#[doc = "…"]` string literals, so no
//! description can end a comment or inject an item; what is adjusted here is only how
//! rustdoc reads it (it is Markdown written for a web page, not for rustdoc).

use proc_macro2::TokenStream;
use quote::quote;

/// `#[doc]` attributes for `text`, one per line.
pub fn doc_attrs(text: Option<&str>) -> TokenStream {
    let Some(text) = text else {
        return TokenStream::new();
    };
    let lines = doc_lines(text);
    if lines.iter().all(String::is_empty) {
        return TokenStream::new();
    }
    quote! { #( #[doc = #lines] )* }
}

/// Inner `#![doc]` attributes, for a module or crate.
pub fn inner_doc_attrs(text: &str) -> TokenStream {
    let lines = doc_lines(text);
    quote! { #( #![doc = #lines] )* }
}

/// Control characters other than line breaks and tabs, written as visible `\u{..}` escapes:
/// the text stays complete, and the source file stays free of raw NULs and the like.
pub fn visible(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if c.is_control() && c != '\n' && c != '\t' {
            out.push_str(&format!("\\u{{{:x}}}", u32::from(c)));
        } else {
            out.push(c);
        }
    }
    out
}

/// The lines of a doc comment: line ends normalised (CRLF and CR end lines), other control
/// characters made visible, common indentation removed, and code fences without a language
/// marked `text` so rustdoc does not run them as tests.
pub fn doc_lines(text: &str) -> Vec<String> {
    let cleaned = visible(&text.replace("\r\n", "\n").replace('\r', "\n"));
    let lines: Vec<&str> = cleaned.trim_matches('\n').lines().collect();
    let indent = lines
        .iter()
        .filter(|l| !l.trim().is_empty())
        .map(|l| l.len() - l.trim_start().len())
        .min()
        .unwrap_or(0);
    let mut in_fence = false;
    lines
        .iter()
        .map(|line| {
            let line = line
                .get(indent..)
                .unwrap_or_else(|| line.trim_start())
                .trim_end();
            let trimmed = line.trim_start();
            let fence = trimmed.starts_with("```") || trimmed.starts_with("~~~");
            let out = if fence && !in_fence {
                in_fence = true;
                let marker = &trimmed[..3];
                let lang = trimmed[3..].trim();
                if lang.is_empty() || lang == "rust" {
                    format!("{marker}text")
                } else {
                    line.to_owned()
                }
            } else {
                if fence {
                    in_fence = false;
                }
                // Four spaces would start an indented code block, which rustdoc runs as a
                // doctest; two keep the look without that meaning.
                if !in_fence && line.starts_with("    ") {
                    format!("  {}", line.trim_start())
                } else {
                    line.to_owned()
                }
            };
            if out.is_empty() {
                String::new()
            } else {
                format!(" {out}")
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fences_without_language_become_text() {
        let lines = doc_lines("Example:\n```\nlet x = 1;\n```\n```json\n{}\n```");
        assert_eq!(
            lines,
            [
                " Example:",
                " ```text",
                " let x = 1;",
                " ```",
                " ```json",
                " {}",
                " ```"
            ]
        );
    }

    #[test]
    fn control_characters_and_crlf_are_normalised() {
        assert_eq!(doc_lines("a\r\nb\u{0}c\rd"), [" a", " b\\u{0}c", " d"]);
    }

    #[test]
    fn indented_blocks_are_not_code() {
        assert_eq!(
            doc_lines("text\n\n    indented"),
            [" text", "", "   indented"]
        );
    }
}
