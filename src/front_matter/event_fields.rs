//! Every scalar of a post's front matter, flattened to dotted key paths with
//! the file line and the comment written on that line, for the event-time
//! stage ([`crate::when`]), which decides which keys hold the event.
//!
//! Neither serde_yaml nor toml report where a key was written or keep
//! comments, so lines and comments are found in the raw text by a small
//! indentation walk (YAML block style, TOML tables). A key the walk cannot
//! place (inside a flow mapping `{…}`) gets the line of its nearest placed
//! ancestor.

use super::{Format, Split, Value};
use crate::when::FrontMatterValue;

/// Deeper paths than this are not event fields (and bound the walk).
const MAX_DEPTH: usize = 5;
/// A post with more scalars than this keeps the first ones only.
const MAX_FIELDS: usize = 400;
/// Values are cut to this many characters: a time fits in far less.
const MAX_TEXT_CHARS: usize = 1000;

/// The scalars of `root`, in the parser's order (document order for YAML,
/// key order within a TOML table). List items are numbered from 0
/// (`agenda.1.time`).
pub(super) fn collect(root: &[(String, Value)], split: &Split<'_>) -> Vec<FrontMatterValue> {
    let placed = place_keys(split);
    let mut out = Vec::new();
    let mut path = Vec::new();
    for (key, value) in root {
        path.push(key.clone());
        walk(value, &mut path, &placed, &mut out);
        path.pop();
    }
    out
}

fn walk(
    value: &Value,
    path: &mut Vec<String>,
    placed: &[(String, usize, Option<String>)],
    out: &mut Vec<FrontMatterValue>,
) {
    if out.len() >= MAX_FIELDS || path.len() > MAX_DEPTH {
        return;
    }
    match value {
        Value::Null => {}
        Value::Text(s) | Value::Scalar(s) => {
            let text = s.trim();
            if text.is_empty() {
                return;
            }
            let key = path.join(".");
            let (line, comment) = lookup(placed, &key);
            out.push(FrontMatterValue {
                key,
                text: cut(text).to_string(),
                line,
                comment,
            });
        }
        Value::List(items) => {
            for (i, item) in items.iter().enumerate() {
                path.push(i.to_string());
                walk(item, path, placed, out);
                path.pop();
            }
        }
        Value::Map(entries) => {
            for (k, v) in entries {
                path.push(k.clone());
                walk(v, path, placed, out);
                path.pop();
            }
        }
    }
}

fn cut(s: &str) -> &str {
    match s.char_indices().nth(MAX_TEXT_CHARS) {
        Some((p, _)) => &s[..p],
        None => s,
    }
}

/// The line (and comment) of `key`, or of its nearest placed ancestor.
fn lookup(
    placed: &[(String, usize, Option<String>)],
    key: &str,
) -> (Option<usize>, Option<String>) {
    let mut k = key;
    loop {
        if let Some((_, line, comment)) = placed.iter().find(|(p, _, _)| p.eq_ignore_ascii_case(k))
        {
            // A comment belongs to the key on its line only, not to the
            // children of a flow mapping placed there.
            let comment = if k.len() == key.len() {
                comment.clone()
            } else {
                None
            };
            return (Some(*line), comment);
        }
        match k.rfind('.') {
            Some(p) => k = &k[..p],
            None => return (None, None),
        }
    }
}

/// Every key the raw text writes on a line of its own: (dotted path, file
/// line, comment on that line).
fn place_keys(split: &Split<'_>) -> Vec<(String, usize, Option<String>)> {
    match split.format {
        Some(Format::Yaml) => place_yaml(split.front, split.front_first_line),
        Some(Format::Toml) => place_toml(split.front, split.front_first_line),
        Some(Format::Pelican) => super::pelican::place_keys(split.front, split.front_first_line),
        None => Vec::new(),
    }
}

/// `text` without a trailing `# comment` (a `#` after a blank, outside
/// quotes), and the comment.
fn split_comment(text: &str) -> (&str, Option<String>) {
    let mut quote: Option<char> = None;
    let mut prev_blank = true;
    for (i, c) in text.char_indices() {
        match quote {
            Some(q) if c == q => quote = None,
            Some(_) => {}
            None if c == '"' || c == '\'' => quote = Some(c),
            None if c == '#' && prev_blank => {
                let comment = text[i + 1..].trim();
                return (
                    &text[..i],
                    (!comment.is_empty()).then(|| comment.to_string()),
                );
            }
            None => {}
        }
        prev_blank = c.is_whitespace();
    }
    (text, None)
}

/// The key of a `key: value` line (quotes removed), and where the value starts.
fn yaml_key(t: &str) -> Option<(&str, usize)> {
    let (key, after) = if let Some(rest) = t.strip_prefix('"') {
        let end = rest.find('"')?;
        (&rest[..end], end + 2)
    } else if let Some(rest) = t.strip_prefix('\'') {
        let end = rest.find('\'')?;
        (&rest[..end], end + 2)
    } else {
        let colon = t
            .find(": ")
            .or_else(|| t.strip_suffix(':').map(|k| k.len()))?;
        (&t[..colon], colon)
    };
    let rest = &t[after..];
    (rest.starts_with(':') && (rest.len() == 1 || rest[1..].starts_with(' ')))
        .then_some((key.trim(), after + 1))
}

fn place_yaml(front: &str, first_line: usize) -> Vec<(String, usize, Option<String>)> {
    // (indent of the key, path segment, is a list item)
    let mut stack: Vec<(usize, String, bool)> = Vec::new();
    // Next item number of each list, by the list's path.
    let mut counters: Vec<(String, usize)> = Vec::new();
    let mut out = Vec::new();
    // Inside a block scalar (`key: |`), lines more indented than the key are text.
    let mut block_indent: Option<usize> = None;
    for (i, raw) in crate::decode::lines(front).enumerate() {
        let indent = raw.len() - raw.trim_start_matches(' ').len();
        if let Some(b) = block_indent {
            if raw.trim().is_empty() || indent > b {
                continue;
            }
            block_indent = None;
        }
        let (content, comment) = split_comment(raw);
        let t = content.trim();
        if t.is_empty() {
            continue;
        }
        let mut at = indent;
        let mut rest = t;
        // `- ` items, possibly several on one line (`- - a`).
        while let Some(after) = rest
            .strip_prefix("- ")
            .or_else(|| (rest == "-").then_some(""))
        {
            while stack
                .last()
                .is_some_and(|(n, _, item)| *n > at || (*n == at && *item))
            {
                stack.pop();
            }
            let parent = path_of(&stack);
            let n = match counters.iter_mut().find(|(p, _)| *p == parent) {
                Some((_, n)) => {
                    *n += 1;
                    *n - 1
                }
                None => {
                    counters.push((parent.clone(), 1));
                    0
                }
            };
            stack.push((at, n.to_string(), true));
            at += 2 + (after.len() - after.trim_start().len());
            rest = after.trim_start();
        }
        let Some((key, value_at)) = yaml_key(rest) else {
            continue;
        };
        while stack.last().is_some_and(|(n, _, _)| *n >= at) {
            stack.pop();
        }
        stack.push((at, key.to_string(), false));
        let value = rest[value_at..].trim();
        if value.starts_with('|') || value.starts_with('>') {
            block_indent = Some(at);
        }
        out.push((path_of(&stack), first_line + i, comment));
    }
    out
}

fn path_of(stack: &[(usize, String, bool)]) -> String {
    let parts: Vec<&str> = stack.iter().map(|(_, s, _)| s.as_str()).collect();
    parts.join(".")
}

fn place_toml(front: &str, first_line: usize) -> Vec<(String, usize, Option<String>)> {
    let mut prefix = String::new();
    let mut counters: Vec<(String, usize)> = Vec::new();
    let mut out = Vec::new();
    for (i, raw) in crate::decode::lines(front).enumerate() {
        let (content, comment) = split_comment(raw);
        let t = content.trim();
        if let Some(name) = t.strip_prefix("[[").and_then(|r| r.strip_suffix("]]")) {
            let name = name.trim().trim_matches('"').to_string();
            let n = match counters.iter_mut().find(|(p, _)| *p == name) {
                Some((_, n)) => {
                    *n += 1;
                    *n - 1
                }
                None => {
                    counters.push((name.clone(), 1));
                    0
                }
            };
            prefix = format!("{name}.{n}");
            out.push((prefix.clone(), first_line + i, comment));
        } else if let Some(name) = t.strip_prefix('[').and_then(|r| r.strip_suffix(']')) {
            prefix = name.trim().trim_matches('"').to_string();
            out.push((prefix.clone(), first_line + i, comment));
        } else if let Some(eq) = t.find('=') {
            let key = t[..eq].trim().trim_matches('"');
            if key.is_empty() {
                continue;
            }
            let path = if prefix.is_empty() {
                key.to_string()
            } else {
                format!("{prefix}.{key}")
            };
            out.push((path, first_line + i, comment));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::super::{parse, split};
    use chrono_tz::Tz;

    fn fields(text: &str) -> Vec<(String, String, Option<usize>, Option<String>)> {
        let s = split(text).expect("split");
        let p = parse(&s, Tz::Asia__Shanghai).expect("parse");
        p.fields
            .event_fields
            .into_iter()
            .map(|f| (f.key, f.text, f.line, f.comment))
            .collect()
    }

    #[test]
    fn nested_keys_lists_lines_and_comments() {
        let f = fields(
            "---\ntitle: A\ndateStart: 2026-09-01T12:00:00 # UTC!!\nevent:\n  start: 2019-5-25 9:00\n  where: \"x # y\"\nagenda:\n  - time: 13:30-14:00\n    topic: Open\n  - time: 14:00-15:00\ndeets: |\n  Meeting: 1\nsection1: {time: \"2022-06-25 14:00-17:00\"}\n---\nbody\n",
        );
        let want = [
            ("title", "A", Some(2), None),
            ("dateStart", "2026-09-01T12:00:00", Some(3), Some("UTC!!")),
            ("event.start", "2019-5-25 9:00", Some(5), None),
            ("event.where", "x # y", Some(6), None),
            ("agenda.0.time", "13:30-14:00", Some(8), None),
            ("agenda.0.topic", "Open", Some(9), None),
            ("agenda.1.time", "14:00-15:00", Some(10), None),
            ("deets", "Meeting: 1", Some(11), None),
            ("section1.time", "2022-06-25 14:00-17:00", Some(13), None),
        ];
        let got = f;
        assert_eq!(got.len(), want.len(), "{got:?}");
        for (g, w) in got.iter().zip(want) {
            assert_eq!(
                (g.0.as_str(), g.1.as_str(), g.2, g.3.as_deref()),
                w,
                "{got:?}"
            );
        }
    }

    #[test]
    fn toml_tables_and_arrays() {
        let f = fields(
            "+++\ntitle = \"A\"\n[extra]\nstart = \"2021-06-23 19:00\" # CET\n[[extra.sessions]]\nstart = \"2021-06-24 10:00\"\n+++\n",
        );
        // The toml crate orders a table's keys by name, not as written.
        let get = |k: &str| f.iter().find(|x| x.0 == k).expect(k);
        assert_eq!(get("extra.start").2, Some(4));
        assert_eq!(get("extra.start").3.as_deref(), Some("CET"));
        assert_eq!(get("extra.sessions.0.start").2, Some(6));
        assert_eq!(get("title").2, Some(2));
    }
}
