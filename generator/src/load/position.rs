//! Finding the line and column of a JSON pointer in YAML or JSON source text.
//!
//! Neither serde_yaml nor serde_json keeps positions for values, so this follows the
//! pointer's tokens through the text: each object key is looked for after the position
//! of its parent, and array indices are skipped (the parent's position is used). It is
//! exact for the usual layouts of spec files and otherwise lands on the nearest parent.

/// The 1-based line and column where the value at `pointer` starts, if it can be found.
pub fn locate(text: &str, pointer: &str) -> Option<(usize, usize)> {
    if pointer.is_empty() {
        return None;
    }
    let mut offset = 0usize;
    let mut found = None;
    for token in pointer.split('/').skip(1) {
        let key = token.replace("~1", "/").replace("~0", "~");
        if key.parse::<usize>().is_ok() && !key.is_empty() {
            // An array index, or a numeric key such as a status code: try it as a key,
            // stay put when it is an index.
            if let Some(at) = find_key(text, offset, &key) {
                offset = at;
                found = Some(at);
            }
            continue;
        }
        let at = find_key(text, offset, &key)?;
        offset = at;
        found = Some(at);
    }
    found.map(|at| line_column(text, at))
}

fn find_key(text: &str, from: usize, key: &str) -> Option<usize> {
    let rest = text.get(from..)?;
    // JSON keys are always quoted: the YAML spellings would never match there, and each
    // miss scans to the end of a (possibly large) file.
    let json = text
        .trim_start_matches('\u{feff}')
        .trim_start()
        .starts_with('{');
    let candidates = [
        format!("\"{key}\":"),
        format!("\"{key}\" :"),
        format!("'{key}':"),
        format!("{key}:"),
    ];
    let usable = if json {
        &candidates[..2]
    } else {
        &candidates[..]
    };
    usable
        .iter()
        .filter_map(|needle| {
            rest.match_indices(needle.as_str())
                .find(|(index, _)| needle.starts_with(['"', '\'']) || is_key_start(rest, *index))
                .map(|(index, _)| from + index)
        })
        .min()
}

/// A bare YAML key must start a line (after indentation or a `- `) or follow `{`/`,`.
fn is_key_start(text: &str, index: usize) -> bool {
    let before = text[..index].trim_end_matches(' ');
    before.is_empty() || before.ends_with(['\n', '{', ',', '-'])
}

fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, column)
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
    fn finds_json_keys() {
        let text = "{\n  \"components\": {\n    \"schemas\": {\n      \"A\": {}\n    }\n  }\n}";
        assert_eq!(locate(text, "/components/schemas/A"), Some((4, 7)));
    }

    #[test]
    fn missing_keys_give_none() {
        assert_eq!(locate("a: 1\n", "/b"), None);
    }
}
