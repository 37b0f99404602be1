//! Errors and warnings about a spec: where (file, JSON pointer, line and column when the
//! format gives one) and what. The generator collects them instead of stopping at the first.

use std::fmt;
use std::path::{Path, PathBuf};

/// How bad a [`Diagnostic`] is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    /// The spec was read, with a fix-up or a fallback the user should know about.
    Warning,
    /// The spec cannot be turned into code.
    Error,
}

/// One problem found in a spec.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// Error or warning.
    pub severity: Severity,
    /// The spec file (or the name given for an in-memory spec).
    pub file: PathBuf,
    /// JSON pointer (RFC 6901) of the offending value, `""` for the whole document.
    pub pointer: String,
    /// 1-based line and column, where known.
    pub position: Option<(usize, usize)>,
    /// What is wrong, in words.
    pub message: String,
}

impl Diagnostic {
    /// An error at `pointer`.
    pub fn error(file: &Path, pointer: impl Into<String>, message: impl Into<String>) -> Self {
        Self::new(Severity::Error, file, pointer, message)
    }

    /// A warning at `pointer`.
    pub fn warning(file: &Path, pointer: impl Into<String>, message: impl Into<String>) -> Self {
        Self::new(Severity::Warning, file, pointer, message)
    }

    fn new(
        severity: Severity,
        file: &Path,
        pointer: impl Into<String>,
        message: impl Into<String>,
    ) -> Self {
        Self {
            severity,
            file: file.to_owned(),
            pointer: pointer.into(),
            position: None,
            message: message.into(),
        }
    }

    /// The same diagnostic with a source position.
    pub fn at(mut self, line: usize, column: usize) -> Self {
        self.position = Some((line, column));
        self
    }
}

impl Diagnostic {
    /// The diagnostic with the offending line of `source` under it, rustc style:
    ///
    /// ```text
    /// error: not a valid OpenAPI 3.0 document: invalid type: integer `5`, expected struct Responses
    ///   --> spec.yaml:6:7
    ///    |
    ///  6 |       responses: 5
    ///    |       ^ /paths/~1a/get/responses
    /// ```
    pub fn render(&self, source: Option<&str>) -> String {
        let line = self
            .position
            .and_then(|(line, _)| source?.lines().nth(line.saturating_sub(1)));
        self.render_with_line(line)
    }

    /// [`Diagnostic::render`] given the offending line itself (the one at `position`), for
    /// callers that print many diagnostics of one file and index its lines once.
    pub fn render_with_line(&self, line_text: Option<&str>) -> String {
        let label = match self.severity {
            Severity::Warning => "warning",
            Severity::Error => "error",
        };
        let pointer = if self.pointer.is_empty() {
            "(document root)"
        } else {
            &self.pointer
        };
        let Some((line, column)) = self.position else {
            return format!(
                "{label}: {}\n  --> {}\n   = at {pointer}",
                self.message,
                self.file.display()
            );
        };
        let mut out = format!("{label}: {}\n", self.message);
        let number = line.to_string();
        let gutter = " ".repeat(number.len());
        out.push_str(&format!(
            "{gutter}--> {}:{line}:{column}\n",
            self.file.display()
        ));
        match line_text {
            Some(text) => {
                // Long lines (minified JSON) are cut around the column.
                let chars: Vec<char> = text.chars().collect();
                let start = column.saturating_sub(1).saturating_sub(60);
                let end = (start + 120).min(chars.len());
                let shown: String = chars
                    .get(start..end)
                    .map(|c| c.iter().collect())
                    .unwrap_or_default();
                let shown = safe_line(&shown);
                let caret = " ".repeat(column.saturating_sub(1).saturating_sub(start));
                out.push_str(&format!(
                    "{gutter} |\n{number} | {shown}\n{gutter} | {caret}^ {pointer}"
                ));
            }
            None => out.push_str(&format!("{gutter} = at {pointer}")),
        }
        out
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let label = match self.severity {
            Severity::Warning => "warning",
            Severity::Error => "error",
        };
        write!(f, "{label}: {}", self.file.display())?;
        if let Some((line, column)) = self.position {
            write!(f, ":{line}:{column}")?;
        }
        let pointer = if self.pointer.is_empty() {
            "(document root)"
        } else {
            &self.pointer
        };
        write!(f, ": at {pointer}: {}", self.message)
    }
}

/// A source line fit for a terminal: control characters (and escape sequences a hostile
/// spec could carry) shown as `\u{..}`, tabs as a space.
fn safe_line(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            '\t' => " ".to_owned(),
            c if c.is_control() => format!("\\u{{{:x}}}", u32::from(c)),
            c => c.to_string(),
        })
        .collect()
}

/// Appends one JSON pointer token, escaped as RFC 6901 requires.
pub fn push_pointer(pointer: &str, token: &str) -> String {
    let escaped = token.replace('~', "~0").replace('/', "~1");
    format!("{pointer}/{escaped}")
}

/// Why generation failed.
#[derive(Debug)]
#[non_exhaustive]
pub enum Error {
    /// A file could not be read or written.
    Io {
        /// The file.
        path: PathBuf,
        /// The cause.
        source: std::io::Error,
    },
    /// The spec has problems; every error found is listed (warnings too).
    Spec(Vec<Diagnostic>),
    /// The builder was used wrongly (e.g. no spec given): the caller's fault.
    Usage(String),
    /// A bug in specgen (e.g. generated code that does not parse): please report it with
    /// the spec.
    Internal(String),
    /// Files in the output folder that generation would overwrite or remove, although
    /// specgen did not write them or they were edited since: one per file. Nothing was
    /// written; [`crate::Builder::force`] overrides.
    Ownership(Vec<crate::conflict::Conflict>),
}

impl Error {
    /// A spec error with a single diagnostic.
    pub fn spec(diagnostic: Diagnostic) -> Self {
        Self::Spec(vec![diagnostic])
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Io { path, source } => write!(f, "{}: {source}", path.display()),
            Self::Spec(diagnostics) => {
                let errors = diagnostics
                    .iter()
                    .filter(|d| d.severity == Severity::Error)
                    .count();
                writeln!(f, "the spec has {errors} error(s):")?;
                for (index, diagnostic) in diagnostics.iter().enumerate() {
                    if index > 0 {
                        writeln!(f)?;
                    }
                    write!(f, "{diagnostic}")?;
                }
                Ok(())
            }
            Self::Usage(message) => f.write_str(message),
            Self::Internal(message) => write!(f, "internal error: {message}"),
            Self::Ownership(conflicts) => {
                for conflict in conflicts {
                    writeln!(f, "{conflict}")?;
                }
                write!(
                    f,
                    "{} file(s) in the way; nothing was written (move them away, or force to replace them)",
                    conflicts.len()
                )
            }
        }
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Self::Io { source, .. } => Some(source),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pointer_tokens_are_escaped() {
        assert_eq!(
            push_pointer("/paths", "/crm/v3/{id}"),
            "/paths/~1crm~1v3~1{id}"
        );
        assert_eq!(push_pointer("", "a~b"), "/a~0b");
    }

    #[test]
    fn render_shows_the_line_and_a_caret() {
        let d = Diagnostic::error(Path::new("spec.yaml"), "/a/b", "bad value").at(2, 5);
        assert_eq!(
            d.render(Some("a:\n  b: \u{1b}[31mred\n")),
            "error: bad value\n --> spec.yaml:2:5\n  |\n2 |   b: \\u{1b}[31mred\n  |     ^ /a/b"
        );
        let nowhere = Diagnostic::warning(Path::new("s.json"), "", "odd");
        assert_eq!(
            nowhere.render(None),
            "warning: odd\n  --> s.json\n   = at (document root)"
        );
    }

    #[test]
    fn display_names_file_position_and_pointer() {
        let d = Diagnostic::error(Path::new("spec.yaml"), "/components/schemas/A", "bad").at(3, 5);
        assert_eq!(
            d.to_string(),
            "error: spec.yaml:3:5: at /components/schemas/A: bad"
        );
    }
}
