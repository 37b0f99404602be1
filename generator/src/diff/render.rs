//! The diff for people (grouped by item, each change marked, a closing summary with the
//! suggested bump) and for CI (JSON).

use std::fmt::Write as _;

use super::model::ApiDiff;
use super::roles::Role;

impl ApiDiff {
    /// The text report: one block per item, one line per change marked `breaking` or
    /// `compatible` with the reason on the line below, and a summary line:
    ///
    /// ```text
    /// types::SimplePublicObjectBatchInput (struct, built by callers)
    ///   breaking    field `associations: Vec<String>` added (required)
    ///               callers build this type with struct literals, which must name every field
    ///
    /// 1 breaking, 0 compatible change(s) to the Rust API; suggested version bump: minor (0.x) from 0.1.0
    /// ```
    pub fn render_text(&self) -> String {
        let mut out = String::new();
        for item in &self.items {
            let role = match item.role {
                Some(Role::Built) => ", built by callers",
                Some(Role::Read) => ", read by callers",
                Some(Role::Both) => ", built and read by callers",
                None => "",
            };
            let _ = writeln!(out, "{} ({}{role})", item.item, item.kind);
            for change in &item.changes {
                let _ = writeln!(out, "  {:<10}  {}", change.impact.word(), change.message);
                let _ = writeln!(out, "  {:<10}  {}", "", change.reason);
            }
            out.push('\n');
        }
        out.push_str(&self.summary());
        out.push('\n');
        out
    }

    /// The closing line: counts and the suggested bump.
    pub fn summary(&self) -> String {
        if self.is_empty() {
            return "no change to the Rust API; suggested version bump: none".to_owned();
        }
        let from = self
            .old_version
            .as_deref()
            .map(|v| format!(" from {v}"))
            .unwrap_or_default();
        format!(
            "{} breaking, {} compatible change(s) to the Rust API; suggested version bump: {}{from}",
            self.breaking, self.compatible, self.bump_text
        )
    }

    /// The JSON report (shape documented on [`ApiDiff`]), pretty-printed.
    pub fn to_json(&self) -> serde_json::Result<String> {
        serde_json::to_string_pretty(self)
    }
}
