//! Finding the line and column of a JSON pointer in YAML or JSON source text.
//!
//! Neither serde_yaml nor serde_json keeps positions for values. JSON text is walked
//! structurally, so the position is exact. YAML is searched: each object key is looked for
//! after the position of its parent and array indices are skipped (the parent's position is
//! used), which is exact for the usual layouts of spec files. Where a token cannot be
//! found, the nearest parent that was found is given.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock};

/// The 1-based line and column where the value at `pointer` starts, if it can be found.
/// For many lookups in one text, keep a [`Positions`].
#[cfg(test)]
pub fn locate(text: &str, pointer: &str) -> Option<(usize, usize)> {
    Positions::default().locate(text, pointer)
}

/// Remembers what earlier lookups in one text learnt, so that placing every warning of a
/// large spec costs about one pass over the text rather than one pass per warning: the
/// start of each line, and the members of each JSON object walked through.
#[derive(Debug, Default)]
pub struct Positions {
    line_starts: OnceLock<Vec<usize>>,
    /// By the offset of an object's `{`: each member's key offset and value offset.
    members: Mutex<HashMap<usize, Arc<Members>>>,
}

type Members = HashMap<String, (usize, usize)>;

impl Clone for Positions {
    /// A clone starts empty: what it remembers is only a cache.
    fn clone(&self) -> Self {
        Self::default()
    }
}

impl Positions {
    /// The 1-based line and column where the value at `pointer` starts in `text` (always
    /// the same text for one `Positions`), if it can be found.
    pub fn locate(&self, text: &str, pointer: &str) -> Option<(usize, usize)> {
        if pointer.is_empty() {
            return None;
        }
        let tokens: Vec<String> = pointer
            .split('/')
            .skip(1)
            .map(|token| token.replace("~1", "/").replace("~0", "~"))
            .collect();
        let body = text.trim_start_matches('\u{feff}');
        let skipped = text.len() - body.len();
        let offset = if body.trim_start().starts_with('{') {
            self.json_offset(body.as_bytes(), &tokens)
                .map(|at| at + skipped)
        } else {
            yaml_offset(text, &tokens)
        }?;
        Some(self.line_column(text, offset))
    }

    fn line_column(&self, text: &str, offset: usize) -> (usize, usize) {
        let starts = self.line_starts.get_or_init(|| {
            std::iter::once(0)
                .chain(text.match_indices('\n').map(|(at, _)| at + 1))
                .collect()
        });
        let line = starts.partition_point(|&start| start <= offset);
        let line_start = starts.get(line.wrapping_sub(1)).copied().unwrap_or(0);
        let column = text
            .get(line_start..offset)
            .map_or(0, |before| before.chars().count());
        (line, column + 1)
    }

    /// The offset of the deepest token found: a member's key, or an array element's value.
    fn json_offset(&self, bytes: &[u8], tokens: &[String]) -> Option<usize> {
        let mut at = 0;
        let mut found = None;
        for token in tokens {
            let mut scanner = JsonScanner { bytes, at };
            scanner.skip_whitespace();
            let next = match scanner.peek() {
                Some(b'{') => {
                    let members = self.members_at(bytes, scanner.at);
                    members.get(token.as_str()).copied()
                }
                Some(b'[') => token
                    .parse::<usize>()
                    .ok()
                    .and_then(|index| scanner.element(index))
                    .map(|element| (element, element)),
                _ => None,
            };
            match next {
                Some((key, value)) => {
                    found = Some(key);
                    at = value;
                }
                None => break,
            }
        }
        found
    }

    fn members_at(&self, bytes: &[u8], object: usize) -> Arc<Members> {
        let cached = self
            .members
            .lock()
            .ok()
            .and_then(|cache| cache.get(&object).cloned());
        if let Some(members) = cached {
            return members;
        }
        let members = Arc::new(JsonScanner { bytes, at: object }.members());
        if let Ok(mut cache) = self.members.lock() {
            cache.insert(object, Arc::clone(&members));
        }
        members
    }
}

/// A cursor over JSON text that skips values without building them. Malformed text (which
/// the loader has already refused) ends the walk rather than panicking.
struct JsonScanner<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl JsonScanner<'_> {
    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.at).copied()
    }

    fn skip_whitespace(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            self.at += 1;
        }
    }

    /// Expects `byte` (after whitespace) and steps over it.
    fn eat(&mut self, byte: u8) -> Option<()> {
        self.skip_whitespace();
        (self.peek()? == byte).then(|| self.at += 1)
    }

    /// Steps over the string starting at the cursor (at its `"`).
    fn skip_string(&mut self) -> Option<()> {
        self.at += 1;
        loop {
            match self.peek()? {
                b'"' => {
                    self.at += 1;
                    return Some(());
                }
                b'\\' => self.at += 2,
                _ => self.at += 1,
            }
        }
    }

    fn skip_value(&mut self) -> Option<()> {
        self.skip_whitespace();
        match self.peek()? {
            b'"' => self.skip_string(),
            b'{' | b'[' => {
                let mut depth = 0usize;
                loop {
                    match self.peek()? {
                        b'"' => {
                            self.skip_string()?;
                            continue;
                        }
                        b'{' | b'[' => depth += 1,
                        b'}' | b']' => {
                            depth -= 1;
                            if depth == 0 {
                                self.at += 1;
                                return Some(());
                            }
                        }
                        _ => {}
                    }
                    self.at += 1;
                }
            }
            _ => {
                while !matches!(
                    self.peek(),
                    None | Some(b',' | b'}' | b']' | b' ' | b'\t' | b'\n' | b'\r')
                ) {
                    self.at += 1;
                }
                Some(())
            }
        }
    }

    /// The members of the object at the cursor (its `{`), by key: the offsets of the key
    /// and of the value. A malformed object gives the members before the fault; of repeated
    /// keys the first is kept.
    fn members(&mut self) -> Members {
        let mut members = Members::new();
        self.at += 1;
        loop {
            self.skip_whitespace();
            if self.peek() != Some(b'"') {
                return members;
            }
            let key_start = self.at;
            if self.skip_string().is_none() {
                return members;
            }
            let raw = &self.bytes[key_start..self.at];
            let key = if raw.contains(&b'\\') {
                serde_json::from_slice::<String>(raw).ok()
            } else {
                std::str::from_utf8(&raw[1..raw.len() - 1])
                    .ok()
                    .map(str::to_owned)
            };
            if self.eat(b':').is_none() {
                return members;
            }
            self.skip_whitespace();
            if let Some(key) = key {
                members.entry(key).or_insert((key_start, self.at));
            }
            if self.skip_value().is_none() || self.eat(b',').is_none() {
                return members;
            }
        }
    }

    /// In the array at the cursor, finds element `index`: leaves the cursor on it and
    /// returns its offset.
    fn element(&mut self, index: usize) -> Option<usize> {
        self.at += 1;
        for _ in 0..index {
            self.skip_whitespace();
            if self.peek()? == b']' {
                return None;
            }
            self.skip_value()?;
            self.eat(b',')?;
        }
        self.skip_whitespace();
        (self.peek()? != b']').then_some(self.at)
    }
}

fn yaml_offset(text: &str, tokens: &[String]) -> Option<usize> {
    let mut offset = 0usize;
    let mut found = None;
    for key in tokens {
        let item = key
            .parse::<usize>()
            .ok()
            .zip(found)
            .and_then(|(index, parent)| block_sequence_item(text, parent, index));
        match item.or_else(|| find_yaml_key(text, offset, key)) {
            Some(at) => {
                offset = at;
                found = Some(at);
            }
            // An index into a flow sequence (or a numeric key spelt another way): stay on the
            // parent.
            None if key.parse::<usize>().is_ok() => {}
            None => break,
        }
    }
    found
}

/// Where the `index`-th item of a block sequence starts (after its `- `), when the value of
/// the key at `key` is one: its items are the lines that start with `-` at the indentation of
/// the first line below the key, which is no less than the key's own.
fn block_sequence_item(text: &str, key: usize, index: usize) -> Option<usize> {
    let line_start = text.get(..key)?.rfind('\n').map_or(0, |at| at + 1);
    let key_indent = key - line_start;
    let mut at = key + text.get(key..)?.find('\n')? + 1;
    let mut item_indent = None;
    let mut count = 0;
    while at < text.len() {
        let end = text[at..]
            .find('\n')
            .map_or(text.len(), |length| at + length);
        let line = &text[at..end];
        let content = line.trim_start_matches(' ');
        let indent = line.len() - content.len();
        let next = end + 1;
        if content.trim_end().is_empty() || content.starts_with('#') {
            at = next;
            continue;
        }
        let is_item = content
            .strip_prefix('-')
            .is_some_and(|rest| rest.trim_end().is_empty() || rest.starts_with(' '));
        match item_indent {
            None if is_item && indent >= key_indent => item_indent = Some(indent),
            None => return None,
            Some(items) if indent > items => {
                at = next;
                continue;
            }
            Some(items) if indent < items || !is_item => return None,
            Some(_) => {}
        }
        if count == index {
            let after_dash = &content[1..];
            let inner = after_dash.trim_start_matches(' ');
            return Some(at + indent + 1 + (after_dash.len() - inner.len()));
        }
        count += 1;
        at = next;
    }
    None
}

/// The first place after `from` where `key` is written as a mapping key: `"key":`,
/// `'key':` or a bare `key:`. One pass over the text that stops at the first match.
fn find_yaml_key(text: &str, from: usize, key: &str) -> Option<usize> {
    let rest = text.get(from..)?;
    rest.match_indices(key).find_map(|(index, _)| {
        let before = &rest[..index];
        let after = &rest[index + key.len()..];
        let quoted_by = |quote: char| {
            before.ends_with(quote)
                && after
                    .strip_prefix(quote)
                    .is_some_and(|tail| tail.trim_start_matches(' ').starts_with(':'))
        };
        if quoted_by('"') || quoted_by('\'') {
            Some(from + index - 1)
        } else if after.starts_with(':') && is_key_start(rest, index) {
            Some(from + index)
        } else {
            None
        }
    })
}

/// A bare YAML key must start a line (after indentation or a `- `) or follow `{`/`,`.
fn is_key_start(text: &str, index: usize) -> bool {
    let before = text[..index].trim_end_matches(' ');
    before.is_empty() || before.ends_with(['\n', '{', ',', '-'])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_nested_yaml_keys() {
        let text =
            "paths:\n  /a:\n    get:\n      responses:\n        '200':\n          description: x\n";
        assert_eq!(locate(text, "/paths/~1a/get/responses/200"), Some((5, 9)));
        assert_eq!(locate(text, "/paths/~1a/get"), Some((3, 5)));
    }

    #[test]
    fn yaml_block_sequence_items_are_counted() {
        let text = "actions:\n  - target: a\n    update: {}\n\n  # a comment\n  - target: b\n    list:\n    - x\n    -\n      y: 1\nafter:\n- target: c\n";
        assert_eq!(locate(text, "/actions/0/target"), Some((2, 5)));
        assert_eq!(locate(text, "/actions/1/target"), Some((6, 5)));
        assert_eq!(locate(text, "/actions/1/list/1/y"), Some((10, 7)));
        assert_eq!(locate(text, "/after/0/target"), Some((12, 3)));
        // Past the end, or a flow sequence: the parent.
        assert_eq!(locate(text, "/actions/2"), Some((1, 1)));
        assert_eq!(locate("a: [1, 2]\n", "/a/1"), Some((1, 1)));
        // A numeric mapping key is still found as a key.
        assert_eq!(locate("r:\n  '200':\n    d: x\n", "/r/200/d"), Some((3, 5)));
    }

    #[test]
    fn yaml_keys_inside_words_or_values_are_not_keys() {
        let text = "info:\n  title: type: no\n  subtype: x\nitems:\n  type: string\n";
        assert_eq!(locate(text, "/items/type"), Some((5, 3)));
    }

    #[test]
    fn finds_json_keys() {
        let text = "{\n  \"components\": {\n    \"schemas\": {\n      \"A\": {}\n    }\n  }\n}";
        assert_eq!(locate(text, "/components/schemas/A"), Some((4, 7)));
    }

    #[test]
    fn json_walk_follows_structure_not_spelling() {
        // The first `"b"` is inside a string and the second is a member of another object:
        // only the third is `/x/b`.
        let text =
            "{\"a\": \"\\\"b\\\": 1\", \"y\": {\"b\": 1},\n \"x\": {\"b\": [10, {\"c\": 2}]}}";
        assert_eq!(locate(text, "/x/b"), Some((2, 8)));
        assert_eq!(locate(text, "/x/b/1/c"), Some((2, 19)));
        assert_eq!(locate(text, "/x/b/1"), Some((2, 18)));
    }

    #[test]
    fn json_keys_with_escapes_and_pointer_escapes() {
        let text = "{\"paths\": {\"/a~b\": {\"g\\u0065t\": {}}}}";
        assert_eq!(locate(text, "/paths/~1a~0b/get"), Some((1, 21)));
    }

    #[test]
    fn missing_tokens_give_the_nearest_parent() {
        assert_eq!(locate("a: 1\n", "/b"), None);
        assert_eq!(locate("{\"a\": {\"b\": 1}}", "/a/zz/y"), Some((1, 2)));
        assert_eq!(locate("{\"a\": [1]}", "/a/5"), Some((1, 2)));
    }

    #[test]
    fn malformed_json_ends_the_walk_without_panicking() {
        for text in [
            "{\"a\": {\"b\"",
            "{\"a\": [1, ",
            "{\"a\": \"\\",
            "{]",
            "{\"a\": }}}}",
        ] {
            let _ = locate(text, "/a/b/c");
        }
    }
}
