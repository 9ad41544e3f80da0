//! A reader for the shape nearly all Hugo front matter has: one `key: value`
//! per line, values quoted or plain text, lists written `[a, "b"]` or as
//! `- item` lines under their key.
//!
//! Why by hand: serde_yaml (libyaml underneath) spends about 18 µs on a
//! seven-line block, a tenth of a full-content build's CPU at 50,000 posts;
//! this reader takes well under a microsecond. It is not a YAML parser: it
//! answers `None` for anything outside that shape, and for any plain value
//! YAML might read as something other than text (a number, a boolean, null),
//! and serde_yaml then reads the block as before. So it never changes what a
//! post means, only how fast the common case is read; the tests hold it to
//! serde_yaml's answer on tricky values, on generated blocks and on the real
//! corpus.

use super::Value;

/// More top-level keys than this and serde_yaml reads the block.
const MAX_KEYS: usize = 64;

/// A longer key and serde_yaml reads the block.
const MAX_KEY_LEN: usize = 128;

/// The front matter as a mapping, or `None` when serde_yaml must read it.
pub(super) fn read(front: &str) -> Option<Value> {
    if !plain_characters(front) {
        return None;
    }
    let mut entries: Vec<(String, Value)> = Vec::new();
    // The key whose value is still open to `- item` lines, and their indent.
    let mut open_list: Option<Option<usize>> = None;
    for line in front.split('\n') {
        let content = line.trim_start_matches(' ');
        if content.is_empty() || content.starts_with('#') {
            continue;
        }
        let indent = line.len() - content.len();
        if let Some(item) = content.strip_prefix("- ") {
            let list_indent = open_list.as_mut()?;
            if *list_indent.get_or_insert(indent) != indent {
                return None;
            }
            let value = scalar(item.trim_start_matches(' '), Context::Block)?;
            match entries.last_mut() {
                Some((_, Value::List(items))) => items.push(value),
                Some((_, slot @ Value::Null)) => *slot = Value::List(vec![value]),
                _ => return None,
            }
            continue;
        }
        if indent > 0 {
            // A continued value, or a nested mapping: serde_yaml's work.
            return None;
        }
        let (key, rest) = key_and_rest(content)?;
        // The duplicate check below is quadratic: a block of more keys than
        // any real post has is left to serde_yaml.
        if entries.len() == MAX_KEYS || entries.iter().any(|(k, _)| k == key) {
            // serde_yaml refuses duplicate keys; let it say so.
            return None;
        }
        let rest = rest.trim_start_matches(' ');
        let value = if rest.is_empty() {
            open_list = Some(None);
            Value::Null
        } else {
            open_list = None;
            value(rest)?
        };
        entries.push((key.to_string(), value));
    }
    // An empty block is null to serde_yaml, which the caller reports.
    (!entries.is_empty()).then_some(Value::Map(entries))
}

/// No byte that YAML treats specially in ways this reader does not follow:
/// tabs and carriage returns, control characters (libyaml refuses them),
/// Unicode line breaks (NEL, LS, PS) and byte-order marks.
fn plain_characters(front: &str) -> bool {
    let b = front.as_bytes();
    !b.iter().enumerate().any(|(i, &c)| match c {
        b'\n' => false,
        0..=0x1F | 0x7F => true,
        // U+0080…U+009F (C1 controls and NEL).
        0xC2 => matches!(b.get(i + 1), Some(0x80..=0x9F)),
        // U+2028, U+2029.
        0xE2 => b.get(i + 1) == Some(&0x80) && matches!(b.get(i + 2), Some(0xA8 | 0xA9)),
        // U+FEFF, U+FFFE, U+FFFF.
        0xEF => matches!(
            (b.get(i + 1), b.get(i + 2)),
            (Some(0xBB), Some(0xBF)) | (Some(0xBF), Some(0xBE | 0xBF))
        ),
        _ => false,
    })
}

/// `key: rest` or `key:` at the end of the line, for a key made of letters,
/// digits, `_` and `-` that starts with a letter or `_` and is not a word
/// YAML reads as a boolean or null.
fn key_and_rest(content: &str) -> Option<(&str, &str)> {
    let colon = content.find(':')?;
    let (key, rest) = (&content[..colon], &content[colon + 1..]);
    let first = *key.as_bytes().first()?;
    // libyaml refuses a simple key over 1,024 characters; no field is that long.
    let key_ok = key.len() <= MAX_KEY_LEN
        && (first.is_ascii_alphabetic() || first == b'_')
        && key
            .bytes()
            .all(|c| c.is_ascii_alphanumeric() || c == b'_' || c == b'-')
        && !is_special_word(key);
    (key_ok && (rest.is_empty() || rest.starts_with(' '))).then_some((key, rest))
}

#[derive(Clone, Copy, PartialEq)]
enum Context {
    /// A value on its own: `,`, `[` and `]` are text.
    Block,
    /// An item of `[…]`: `,` and `]` end it.
    Flow,
}

/// A value after `key: `: a flow list or a scalar.
fn value(rest: &str) -> Option<Value> {
    match rest.strip_prefix('[') {
        Some(inner) => flow_list(inner),
        None => scalar(rest, Context::Block),
    }
}

/// The items of a one-line `[…]` list (after its `[`).
fn flow_list(mut s: &str) -> Option<Value> {
    let mut items = Vec::new();
    s = s.trim_start_matches(' ');
    if let Some(after) = s.strip_prefix(']') {
        return only_comment(after).then_some(Value::List(items));
    }
    loop {
        let (item, after) = split_flow_item(s)?;
        items.push(scalar(item, Context::Flow)?);
        let after = after.trim_start_matches(' ');
        if let Some(after) = after.strip_prefix(']') {
            return only_comment(after).then_some(Value::List(items));
        }
        s = after.strip_prefix(',')?.trim_start_matches(' ');
        if s.is_empty() || s.starts_with(']') || s.starts_with(',') {
            // `[a, ]`, `[a,,b]`, or a list continued on the next line.
            return None;
        }
    }
}

/// One item of a flow list and what follows it (`,`, `]` or the end).
fn split_flow_item(s: &str) -> Option<(&str, &str)> {
    let end = match s.as_bytes().first()? {
        b'"' => closing_double_quote(s)? + 1,
        b'\'' => closing_single_quote(s)? + 1,
        _ => s.find([',', ']']).unwrap_or(s.len()),
    };
    Some((&s[..end], &s[end..]))
}

/// A quoted or plain scalar, the whole of `s` (a trailing comment is allowed
/// after a quoted one).
fn scalar(s: &str, context: Context) -> Option<Value> {
    let s = s.trim_end_matches(' ');
    match s.as_bytes().first()? {
        b'"' => {
            let close = closing_double_quote(s)?;
            if !only_comment(&s[close + 1..]) {
                return None;
            }
            Some(Value::Text(s[1..close].to_string()))
        }
        b'\'' => {
            let close = closing_single_quote(s)?;
            if !only_comment(&s[close + 1..]) {
                return None;
            }
            Some(Value::Text(s[1..close].replace("''", "'")))
        }
        _ => plain_text(s, context).map(|t| Value::Text(t.to_string())),
    }
}

/// The index of the `"` closing a double-quoted scalar that starts at 0.
/// Escapes (`\`) are serde_yaml's to read.
fn closing_double_quote(s: &str) -> Option<usize> {
    let close = s[1..].find(['"', '\\'])? + 1;
    (s.as_bytes()[close] == b'"').then_some(close)
}

/// The index of the `'` closing a single-quoted scalar that starts at 0
/// (`''` inside is one quote).
fn closing_single_quote(s: &str) -> Option<usize> {
    let b = s.as_bytes();
    let mut i = 1;
    loop {
        i += s[i..].find('\'')?;
        if b.get(i + 1) == Some(&b'\'') {
            i += 2;
        } else {
            return Some(i);
        }
    }
}

/// Nothing but blanks, or blanks then a `#` comment.
fn only_comment(s: &str) -> bool {
    let t = s.trim_start_matches(' ');
    t.is_empty() || (t.starts_with('#') && t.len() < s.len())
}

/// A plain (unquoted) scalar that YAML certainly reads as this text, or
/// `None`.
fn plain_text(s: &str, context: Context) -> Option<&str> {
    let first = *s.as_bytes().first()?;
    // An indicator first means a sequence, mapping, anchor, alias, tag,
    // block scalar, directive or reserved character (`-x`, `?x` and `:x` are
    // text to YAML, but rare enough to leave to serde_yaml).
    if b"-?:,[]{}#&*!|>'\"%@`".contains(&first) {
        return None;
    }
    // In a flow list libyaml also refuses a `:` before `,?[]{}` (`[a:?]`):
    // any `:` in a plain item is left to it.
    let ends_value =
        |c: char| context == Context::Flow && matches!(c, ',' | '[' | ']' | '{' | '}' | ':');
    if s.contains(": ") || s.ends_with(':') || s.contains(" #") || s.contains(ends_value) {
        return None;
    }
    if is_special_word(s) || maybe_number(s) {
        return None;
    }
    Some(s)
}

/// Words YAML 1.1 or 1.2 reads as null or a boolean (`~`, `null`, `true`,
/// `yes`, `off`, …), in any case. serde_yaml reads only some of them so; the
/// rest are left to it as well.
fn is_special_word(s: &str) -> bool {
    const WORDS: [&str; 11] = [
        "~", "null", "true", "false", "yes", "no", "on", "off", "y", "n", "<<",
    ];
    s.len() <= 5 && WORDS.iter().any(|w| s.eq_ignore_ascii_case(w))
}

/// Could YAML read `s` as a number? Anything Rust reads as an integer or a
/// float (which covers `1e3`, `.5`, `+1`, `inf`, `NaN`), `0x`/`0o`/`0b`
/// integers, `.inf`/`.nan`, and digits with `_` or `:` (YAML 1.1's `1_000`
/// and base-60 `1:30`). Dates (`2024-05-18`) and date-times are not.
fn maybe_number(s: &str) -> bool {
    let unsigned = s.strip_prefix(['+', '-']).unwrap_or(s);
    let Some(&first) = unsigned.as_bytes().first() else {
        return false;
    };
    if !(first.is_ascii_digit() || first == b'.') {
        return false;
    }
    let lower = unsigned.to_ascii_lowercase();
    s.parse::<f64>().is_ok()
        || s.parse::<i128>().is_ok()
        || lower.starts_with("0x")
        || lower.starts_with("0o")
        || lower.starts_with("0b")
        || lower.starts_with(".inf")
        || lower.starts_with(".nan")
        || (unsigned
            .bytes()
            .all(|c| c.is_ascii_digit() || matches!(c, b'_' | b':' | b'.'))
            && !unsigned.contains("::"))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The slow path's answer, for comparison.
    fn by_serde_yaml(front: &str) -> Option<Value> {
        serde_yaml::from_str::<serde_yaml::Value>(front)
            .ok()
            .map(super::super::from_yaml)
    }

    /// `read` either declines or agrees with serde_yaml.
    fn agrees(front: &str) -> bool {
        match read(front) {
            None => true,
            Some(v) => Some(&v) == by_serde_yaml(front).as_ref(),
        }
    }

    #[test]
    fn reads_the_usual_shape() {
        let front = "title: \"KubeCon China 2019 | SOFA\"\nauthor: 'O''Brien'\n\
                     date: 2019-06-04T10:20:00.000Z\ntags: [\"KubeCon\", Workshop,\"Cloud Native\"]\n\
                     categories:\n  - 活动\n  - \"Meetup\"\ncover: /cover.jpg\n\
                     # a comment\n\nsummary: 这是一个 a:b 'x' \"y\" 摘要\nempty:\n";
        let v = read(front).expect("the usual shape is read");
        assert_eq!(Some(&v), by_serde_yaml(front).as_ref());
        let Value::Map(m) = v else {
            panic!("a mapping")
        };
        assert_eq!(m.len(), 8);
        assert!(matches!(&m[1].1, Value::Text(t) if t == "O'Brien"));
        assert!(matches!(&m[4].1, Value::List(l) if l.len() == 2));
        assert!(matches!(&m[7].1, Value::Null));
    }

    #[test]
    fn declines_what_yaml_may_read_otherwise() {
        for front in [
            "draft: true",
            "draft: False",
            "weight: 10",
            "weight: -1.5",
            "weight: 0x1F",
            "weight: .inf",
            "weight: 1_000",
            "weight: 1:30",
            "weight: 1e3",
            "version: 1.2.3",
            "title: -foo",
            "title: -",
            "title: [not a list",
            "title: 'quoted' then text",
            "x: ~",
            "x: null",
            "x: yes",
            "title: \"with \\\" escape\"",
            "title: a: b",
            "title: a # comment",
            "title: |\n  block",
            "title: >\n  folded",
            "title: &a x",
            "title: *a",
            "title: !tag x",
            "title: {a: b}",
            "title: [a, [b]]",
            "title: [a, ]",
            "title: [a,\n  b]",
            "title: \"open\n  continued\"",
            "title: plain\n  continued",
            "event:\n  start: 2024-05-18 14:00",
            "title: a\ntitle: b",
            "title:\tx",
            "title: x\r",
            "1: x",
            "true: x",
            "\"title\": x",
            "- a\n- b",
            "tags:\n  - a\n    - b",
            "tags:\n  - [a]",
            "tags:\n  -",
            "title: \u{2028}x",
            "title: \u{85}x",
            "",
            "# only a comment",
        ] {
            assert!(read(front).is_none(), "must decline {front:?}");
        }
        // libyaml refuses these; any `:` in a plain flow item is left to it.
        for front in ["title: [a:?]", "title: [x, a:?b]"] {
            assert!(read(front).is_none(), "must decline {front:?}");
            assert!(by_serde_yaml(front).is_none(), "libyaml refuses {front:?}");
        }
        assert!(read("title: [12:30]").is_none());
        let long_key = |n: usize| format!("{}: x", "k".repeat(n));
        assert!(read(&long_key(MAX_KEY_LEN)).is_some());
        assert!(read(&long_key(MAX_KEY_LEN + 1)).is_none());
        assert!(
            by_serde_yaml(&long_key(1025)).is_none(),
            "libyaml's own limit"
        );
        let keys = |n: usize| (0..n).map(|i| format!("k{i}: v\n")).collect::<String>();
        assert!(read(&keys(MAX_KEYS)).is_some());
        assert!(read(&keys(MAX_KEYS + 1)).is_none());
    }

    #[test]
    fn agrees_with_serde_yaml_on_tricky_text() {
        for value in [
            "2023-02-25",
            "2023-02-25 14:00",
            "2019-06-04T10:20:00.000Z",
            "2025-06-03T15:00:00+08:00",
            "v1.0",
            "10:00-12:00",
            "http://example.org/a?b=c#d",
            "a#b",
            "a:b",
            "x]",
            "Yes please",
            "nullable",
            "0123abc",
            "12 月 5 日",
            "SOFAStack 8 周年",
            "\"a\" # c",
            "'a' # c",
            "[a, 'b', \"c\"] # c",
            "[]",
            "[ ]",
            "['it''s', \"a, b\"]",
            "\"\"",
            "''",
            "\"emoji 🦐 and 　 full-width space\"",
        ] {
            let front = format!("title: {value}");
            assert!(read(&front).is_some(), "should read {front:?}");
            assert!(agrees(&front), "disagrees on {front:?}");
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(2000))]
        /// Blocks built from pieces that sit near every edge of the shape:
        /// whenever `read` answers, serde_yaml gives the same answer.
        #[test]
        fn never_disagrees_with_serde_yaml(
            lines in proptest::collection::vec(
                (
                    proptest::sample::select(vec!["title", "tags", "date", "a-b", "_x", "on", "t1"]),
                    proptest::sample::select(vec![":", ": ", ":  ", " :"]),
                    proptest::collection::vec(
                        proptest::sample::select(vec![
                            "a", "1", "-", ".", "e", "x", " ", "#", ":", ",", "[", "]", "'", "\"",
                            "\\", "0x", "~", "true", "2024-05-18", "年", "\n", "\n  - ", "\n- ",
                            "\n  ", "\t", "inf", "_", "{", "}", "&", "*", "!", "|", ">", "%",
                            "?", ":?", "a:b",
                        ]),
                        0..12,
                    ),
                ),
                1..6,
            )
        ) {
            let front: String = lines
                .iter()
                .map(|(k, sep, parts)| format!("{k}{sep}{}\n", parts.concat()))
                .collect();
            proptest::prop_assert!(agrees(&front), "disagrees on {:?}", front);
        }
    }
}
