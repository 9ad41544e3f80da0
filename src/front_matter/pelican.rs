//! Pelican's Markdown metadata: `Key: value` lines at the very top of the
//! file (Python-Markdown's `meta` extension, which Pelican's Markdown reader
//! uses), without delimiters:
//!
//! ```text
//! Title: GZLUG 5 月月度线下聚会
//! Date:  2013-5-22
//! Tags: Party, Linux
//!
//! Hi all，…
//! ```
//!
//! As the `meta` extension reads them: a key is ASCII letters, digits, `_`
//! and `-` (at most three blanks before it), case-insensitive; a line
//! indented four blanks or more continues the value above; a blank line
//! ends the header and is not body; any other line ends it too and is the
//! body's first line. A file without such a first line has no metadata.
//! (A file that starts with `---` is read as YAML front matter by
//! [`super::split`], as Pelican's `yaml_metadata` plugin reads it.)
//!
//! Values as Pelican's reader turns them: `Tags` and `Authors` are lists
//! split on `;` when there is one, else on `,`; `Date` and `Modified`
//! accept unpadded and spaced forms (`2013-5-31`, `2012-10-20 14:30`), read
//! as the padded ones without a warning, since Pelican reads them so;
//! `Category` is the article's one category; `Status` is `published`,
//! `draft`, `hidden` (built, listed nowhere) or `skip` (not built); `Lang`
//! is its language.

use super::{Extractor, Format, FrontMatter, Split, Value};

/// The text cut into its metadata header and body.
pub(super) fn split(text: &str) -> Split<'_> {
    let plain = Split {
        format: None,
        front: "",
        front_first_line: 1,
        body: text,
        body_first_line: 1,
    };
    let mut offset = 0;
    let mut line = 1;
    let mut any_key = false;
    for l in text.split_inclusive('\n') {
        let content = l.trim_end_matches(['\n', '\r']);
        if content.trim().is_empty() {
            // The blank line ends the header and belongs to neither part.
            return header(text, offset, offset + l.len(), line + 1, any_key).unwrap_or(plain);
        }
        if key_of(content).is_some() {
            any_key = true;
        } else if !(any_key && is_continuation(content)) {
            return header(text, offset, offset, line, any_key).unwrap_or(plain);
        }
        offset += l.len();
        line += 1;
    }
    header(text, offset, offset, line, any_key).unwrap_or(plain)
}

fn header(
    text: &str,
    front_end: usize,
    body_start: usize,
    body_first_line: usize,
    any_key: bool,
) -> Option<Split<'_>> {
    any_key.then(|| Split {
        format: Some(Format::Pelican),
        front: &text[..front_end],
        front_first_line: 1,
        body: &text[body_start..],
        body_first_line,
    })
}

/// The key of a metadata line and its value (`Title: x` → (`Title`, `x`)).
pub(super) fn key_of(line: &str) -> Option<(&str, &str)> {
    let t = line.trim_start_matches(' ');
    if line.len() - t.len() > 3 {
        return None;
    }
    let (key, value) = t.split_once(':')?;
    let ok = !key.is_empty()
        && key
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
    ok.then_some((key, value.trim()))
}

fn is_continuation(line: &str) -> bool {
    line.starts_with("    ") || line.starts_with('\t')
}

/// The header as a map of keys (as written) to values, converted as
/// Pelican's reader converts them. A key written twice keeps its first value.
pub(super) fn parse(front: &str) -> Value {
    let mut entries: Vec<(String, Vec<String>)> = Vec::new();
    for line in crate::decode::lines(front) {
        match key_of(line) {
            Some((key, value)) => {
                if entries.iter().any(|(k, _)| k.eq_ignore_ascii_case(key)) {
                    // A later line for the same key is not read.
                    entries.push((String::new(), Vec::new()));
                } else {
                    entries.push((key.to_string(), vec![value.to_string()]));
                }
            }
            None => {
                if let Some((_, parts)) = entries.last_mut() {
                    parts.push(line.trim().to_string());
                }
            }
        }
    }
    Value::Map(
        entries
            .into_iter()
            .filter(|(k, _)| !k.is_empty())
            .map(|(key, parts)| {
                let value = convert(&key.to_ascii_lowercase(), &parts);
                (key, value)
            })
            .collect(),
    )
}

fn convert(lower: &str, parts: &[String]) -> Value {
    match lower {
        "tags" | "authors" => {
            let joined = parts.join(",");
            let sep = if joined.contains(';') { ';' } else { ',' };
            Value::List(
                joined
                    .split(sep)
                    .map(str::trim)
                    .filter(|t| !t.is_empty())
                    .map(|t| Value::Text(t.to_string()))
                    .collect(),
            )
        }
        "date" | "modified" => {
            // Pelican reads `Date: 2012-10-20_14:30` as a space.
            let text = parts.join(" ").replace('_', " ");
            let text = text.trim();
            Value::Text(super::repair_date(text).unwrap_or_else(|| text.to_string()))
        }
        _ => Value::Text(parts.join(" ")),
    }
}

/// What Pelican reads from the metadata besides the common fields:
/// `Category` (one), `Status`, `Lang`.
pub(super) fn apply(entries: &[(String, Value)], fm: &mut FrontMatter, ex: &mut Extractor<'_, '_>) {
    for (key, value) in entries {
        match key.to_ascii_lowercase().as_str() {
            "category" if fm.categories.is_empty() => fm.categories = ex.terms(key, value),
            "status" => {
                let status = ex.text(key, value).unwrap_or_default().to_ascii_lowercase();
                match status.as_str() {
                    "draft" => fm.draft = true,
                    "hidden" => fm.site_fields.unlisted = true,
                    // Not built at all: as unpublished as Jekyll's `published: false`.
                    "skip" => fm.site_fields.published = Some(false),
                    _ => {}
                }
            }
            "lang" => fm.site_fields.lang = ex.text(key, value),
            _ => {}
        }
    }
}

/// Every metadata line's key and file line, for the event-time stage.
pub(super) fn place_keys(front: &str, first_line: usize) -> Vec<(String, usize, Option<String>)> {
    crate::decode::lines(front)
        .enumerate()
        .filter_map(|(i, l)| key_of(l).map(|(k, _)| (k.to_string(), first_line + i, None)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::super::{parse as parse_front, Format};
    use super::*;
    use chrono_tz::Asia::Shanghai;

    #[test]
    fn the_header_ends_at_the_blank_line_and_the_body_keeps_its_lines() {
        let text = "Title: 2011年3月广州GZLUG第一期作业\nSlug: 2011-Party-In-Mar\nDate:  2011-03-26\nCategory: Announcement\nTags: Party\nAuthor: yinhm\n\n3月，春寒料峭。\n";
        let s = split(text);
        assert_eq!(s.format, Some(Format::Pelican));
        assert_eq!(s.body, "3月，春寒料峭。\n");
        assert_eq!(s.body_first_line, 8);
        assert_eq!(s.front.lines().count(), 6);
    }

    #[test]
    fn a_line_that_is_no_metadata_ends_the_header_and_is_body() {
        let s = split("Title: x\n时间：5 月 25 号\nmore\n");
        assert_eq!(s.body, "时间：5 月 25 号\nmore\n");
        assert_eq!(s.body_first_line, 2);
        // No metadata at all: the whole text is body.
        let s = split("# A heading\n\nTitle: not metadata\n");
        assert_eq!(s.format, None);
        assert_eq!(s.body_first_line, 1);
        // A header with no body after it.
        let s = split("Title: x\nDate: 2014-5-14");
        assert_eq!(s.body, "");
    }

    #[test]
    fn values_are_read_as_pelican_reads_them() {
        let text = "title: Hack Day\nDATE: 2013-5-31\nModified: 2012-10-20 14:30\nTags: Party; Linux, GNU\nAuthors: a, b\nSummary: one\n    two\nCategory: Announcement\nStatus: hidden\nLang: zh_CN\nTitle: second title is not read\n\nbody\n";
        let s = split(text);
        let p = parse_front(&s, Shanghai).unwrap();
        let f = p.fields;
        assert_eq!(f.title.as_deref(), Some("Hack Day"));
        assert_eq!(
            f.date.map(|d| (d.at.to_rfc3339(), d.key)),
            Some(("2013-05-30T16:00:00+00:00".to_string(), "DATE".to_string()))
        );
        assert_eq!(
            f.lastmod.map(|d| d.at.to_rfc3339()),
            Some("2012-10-20T06:30:00+00:00".to_string())
        );
        assert_eq!(f.tags, ["Party", "Linux, GNU"]);
        assert_eq!(f.authors, ["a", "b"]);
        assert_eq!(f.summary.as_deref(), Some("one two"));
        assert_eq!(f.categories, ["Announcement"]);
        assert!(f.site_fields.unlisted && !f.draft);
        assert_eq!(f.site_fields.lang.as_deref(), Some("zh_CN"));
        // Unpadded dates are Pelican's own form: no warning.
        assert!(p.warnings.is_empty(), "{:?}", p.warnings);
    }

    #[test]
    fn drafts_and_missing_keys() {
        let s = split("Title: x\nStatus: Draft\n\nbody\n");
        let f = parse_front(&s, Shanghai).unwrap().fields;
        assert!(f.draft);
        assert!(f.date.is_none() && f.slug.is_none() && f.categories.is_empty());
    }

    #[test]
    fn an_impossible_date_names_its_line() {
        let s = split("Title: x\nDate: 2013-2-30\n\nbody\n");
        let e = parse_front(&s, Shanghai).unwrap_err();
        assert_eq!(e.line, Some(2));
    }
}
