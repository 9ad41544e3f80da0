//! Front matter: the YAML (`---`) or TOML (`+++`) block at the top of a post,
//! read as leniently as Hugo reads it and turned into typed fields; on a
//! Pelican site, a post without one has Pelican's `Key: value` metadata
//! header instead ([`split_for`], [`pelican`]).
//!
//! Accepted date forms (Hugo's): RFC 3339 with an offset, with `Z`, with
//! fractional seconds (`2019-01-17T10:20:00.000Z`); without an offset (a wall
//! time in the site zone); with a space instead of `T`; a date alone
//! (midnight in the site zone); TOML date-times.
//!
//! Date keys, each with the aliases other generators write (the first one
//! written, in this order, wins): `date`; `publishDate`, `pubDate`,
//! `published`; `lastmod`, `modified`, `updated`, `last_modified_at`.
//! A date that only an odd separator or a stray character keeps from
//! parsing (`2019.09.23T17:18:43+08:00`, `2019-04-11T:12:30+08:00`,
//! `2019-5-25`) is read with a `front-matter-repaired` warning; a date that
//! does not exist (`2023-02-30`) stops the post with an error.
//!
//! Leniency, each with a warning so the maintainer can fix the source:
//! a tab where YAML forbids one (a real post has one after a quoted title)
//! is read as a space; a scalar where a list is expected (`categories:
//! "Meetup"`) is a one-element list; a number or boolean where text is expected
//! is its text; control characters in a text field (a `"\r"` in a title, a
//! tag or a link) are replaced by spaces (a line break too, except in
//! `description`/`summary`). A delimiter is a line that is exactly
//! `---`/`+++` (trailing blanks allowed), so a title containing `---` never
//! ends the block; blank lines after the opening delimiter are fine.
//!
//! Tags and categories are compared in Unicode NFC: the same word typed on
//! two systems (`é` as one character or as `e` + accent) is one tag.
//!
//! YAML is read by serde_yaml alone: front matter is a few lines per post,
//! and its time is small beside Markdown rendering.

use std::sync::LazyLock;

use chrono::{DateTime, FixedOffset, NaiveDate, NaiveDateTime, NaiveTime, TimeZone, Utc};
use chrono_tz::Tz;
use unicode_normalization::UnicodeNormalization;

use crate::model::{Line, Warning, WarningKind};
use crate::when::FrontMatterValue;

mod event_fields;
mod pelican;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Yaml,
    Toml,
    /// Pelican's `Key: value` header, without delimiters ([`pelican`]).
    Pelican,
}

/// A post's text cut into front matter and body, with the line numbers that
/// messages need.
#[derive(Debug, Clone, Copy)]
pub struct Split<'a> {
    pub format: Option<Format>,
    pub front: &'a str,
    /// File line of the front matter's first line (after the opening delimiter).
    pub front_first_line: Line,
    pub body: &'a str,
    /// File line of the body's first line.
    pub body_first_line: Line,
}

/// A front-matter problem that stops the post from being read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FrontMatterError {
    pub line: Option<Line>,
    pub column: Option<usize>,
    pub message: String,
    pub hint: String,
}

impl FrontMatterError {
    fn at(line: Option<Line>, message: impl Into<String>, hint: impl Into<String>) -> Self {
        FrontMatterError {
            line,
            column: None,
            message: message.into(),
            hint: hint.into(),
        }
    }
}

/// Splits text into front matter and body as the site's generator reads
/// it: a Pelican post without `---` front matter has a metadata header.
pub fn split_for(
    text: &str,
    generator: crate::generator::Generator,
) -> Result<Split<'_>, FrontMatterError> {
    let s = split(text)?;
    if s.format.is_none() && generator == crate::generator::Generator::Pelican {
        return Ok(pelican::split(text));
    }
    Ok(s)
}

/// Splits text into front matter and body.
pub fn split(text: &str) -> Result<Split<'_>, FrontMatterError> {
    let first_line_end = text.find('\n').unwrap_or(text.len());
    let first = text[..first_line_end].trim_end();
    let (format, delim) = match first {
        "---" => (Format::Yaml, "---"),
        "+++" => (Format::Toml, "+++"),
        _ => {
            return Ok(Split {
                format: None,
                front: "",
                front_first_line: 1,
                body: text,
                body_first_line: 1,
            })
        }
    };
    let rest_start = (first_line_end + 1).min(text.len());
    let mut offset = rest_start;
    for (i, l) in text[rest_start..].split_inclusive('\n').enumerate() {
        // File line of `l`: the opening delimiter is line 1.
        let line = i + 2;
        let content = l.trim_end();
        if content == delim || (format == Format::Yaml && content == "...") {
            let body_start = offset + l.len();
            return Ok(Split {
                format: Some(format),
                front: &text[rest_start..offset],
                front_first_line: 2,
                body: &text[body_start.min(text.len())..],
                body_first_line: line + 1,
            });
        }
        offset += l.len();
    }
    Err(FrontMatterError::at(
        Some(1),
        format!("front matter opened with `{delim}` is never closed"),
        format!("add a line with only `{delim}` after the last field"),
    ))
}

/// A date read from front matter, and the key it was written under.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Dated {
    pub at: DateTime<Utc>,
    /// The key as written (`date`, `pubDate`, `last_modified_at`).
    pub key: String,
    /// Rank of the key among its aliases: 0 is the field's own name.
    rank: usize,
}

/// The fields feedcal uses. Dates are instants: a date written without an
/// offset is a wall time in the site zone.
#[derive(Debug, Clone, Default)]
pub struct FrontMatter {
    pub title: Option<String>,
    pub date: Option<Dated>,
    pub lastmod: Option<Dated>,
    pub publish_date: Option<Dated>,
    pub description: Option<String>,
    pub summary: Option<String>,
    pub tags: Vec<String>,
    pub categories: Vec<String>,
    pub authors: Vec<String>,
    pub cover: Option<String>,
    pub slug: Option<String>,
    pub url: Option<String>,
    pub uid: Option<String>,
    pub draft: bool,
    pub location: Option<String>,
    /// `cancelled: true`, or `status: cancelled`.
    pub cancelled: bool,
    /// `live:` / `live_url:` / `conference:`: a live-stream or meeting link.
    pub live_url: Option<String>,
    /// Every scalar, by dotted key path, with its line and comment: the
    /// event-time stage decides which of them hold the event.
    pub event_fields: Vec<FrontMatterValue>,
    /// Fields only some generators read: publish rules and URL overrides.
    pub site_fields: SiteFields,
}

/// Front-matter fields of the generators' publish rules and URL rules
/// (`crate::publish_rules`, `crate::permalink`).
#[derive(Debug, Clone, Default)]
pub struct SiteFields {
    /// Hugo `expiryDate` (or `unpublishdate`).
    pub expiry_date: Option<DateTime<Utc>>,
    /// Hugo `build` / `_build`.
    pub build: crate::publish_rules::BuildOptions,
    /// Jekyll's and Hexo's `published`.
    pub published: Option<bool>,
    /// Docusaurus `unlisted`.
    pub unlisted: bool,
    /// Jekyll's, Hexo's and VuePress's `permalink`.
    pub permalink: Option<String>,
    /// Zola `path`.
    pub path: Option<String>,
    /// Pelican `Lang`, as written.
    pub lang: Option<String>,
    /// The date fields a URL rule may read ([`crate::permalink::URL_DATE_KEYS`]),
    /// by lowercased key, each as written: the wall time in its own offset
    /// (URL date tokens use it).
    pub dates_written: Vec<(String, NaiveDateTime)>,
}

/// Parsed front matter and the warnings reading it produced.
#[derive(Debug)]
pub struct Parsed {
    pub fields: FrontMatter,
    pub warnings: Vec<Warning>,
}

/// A generic value tree both formats are turned into, so that one extractor serves both.
#[derive(Debug, Clone, PartialEq)]
enum Value {
    Null,
    Text(String),
    /// A number or boolean, in its canonical text (`1.10` is `1.1`): fine
    /// where a number or a flag is meant, a warning where text is.
    Scalar(String),
    List(Vec<Value>),
    Map(Vec<(String, Value)>),
}

pub fn parse(split: &Split<'_>, zone: Tz) -> Result<Parsed, FrontMatterError> {
    let mut warnings = Vec::new();
    let root = match split.format {
        None => Value::Map(Vec::new()),
        Some(Format::Toml) => parse_toml(split)?,
        Some(Format::Yaml) => parse_yaml(split, &mut warnings)?,
        Some(Format::Pelican) => pelican::parse(split.front),
    };
    let Value::Map(entries) = root else {
        return Err(FrontMatterError::at(
            Some(split.front_first_line),
            "front matter is not a mapping of `key: value` lines",
            "write fields such as `title: \"…\"` and `date: 2024-05-18` between the delimiters",
        ));
    };
    let mut ex = Extractor {
        split,
        zone,
        warnings: &mut warnings,
    };
    let mut fm = common_fields(&entries, &mut ex)?;
    fm.site_fields = site_fields(&entries, &mut ex)?;
    if split.format == Some(Format::Pelican) {
        pelican::apply(&entries, &mut fm, &mut ex);
    }
    if let Some(Value::Map(event)) = lookup(&entries, "event") {
        if fm.location.is_none() {
            if let Some(v) = lookup(event, "location") {
                fm.location = ex.text("event.location", v);
            }
        }
    }
    fm.event_fields = event_fields::collect(&entries, split);
    Ok(Parsed {
        fields: fm,
        warnings,
    })
}

/// The fields of [`SiteFields`], read with the same leniency as the others.
fn site_fields(
    entries: &[(String, Value)],
    ex: &mut Extractor<'_, '_>,
) -> Result<SiteFields, FrontMatterError> {
    let mut f = SiteFields::default();
    for (key, value) in entries {
        let k = key.as_str();
        match k.to_ascii_lowercase().as_str() {
            "expirydate" | "unpublishdate" => f.expiry_date = ex.date(k, value)?,
            // `published: false` (Jekyll, Hexo) is a flag; a date there is
            // a publication date, read with the other dates.
            "published" if is_flag(value) => f.published = Some(ex.boolean(k, value)),
            "unlisted" => f.unlisted = ex.boolean(k, value),
            "permalink" => f.permalink = ex.text_field(k, value),
            "path" => f.path = ex.text_field(k, value),
            // Read without a second warning: the dates are checked (and
            // warned about) where the feed dates are read.
            lower if crate::permalink::URL_DATE_KEYS.contains(&lower) => {
                if let Some(at) = written_of(value) {
                    f.dates_written.push((lower.to_string(), at));
                }
            }
            "build" | "_build" => {
                if let Value::Map(options) = value {
                    for (option, v) in options {
                        let name = format!("{k}.{option}");
                        match option.to_ascii_lowercase().as_str() {
                            "list" => f.build.list = ex.text(&name, v),
                            "render" => f.build.render = ex.text(&name, v),
                            "publishresources" => {
                                f.build.publish_resources = Some(ex.boolean(&name, v))
                            }
                            _ => {}
                        }
                    }
                }
            }
            _ => {}
        }
    }
    Ok(f)
}

/// A date value's wall time as written, in its own offset; a form Hugo does
/// not read is repaired as the feed date is, so that link and feed agree on the day.
fn written_of(value: &Value) -> Option<NaiveDateTime> {
    let text = match value {
        Value::Text(s) | Value::Scalar(s) => s.trim(),
        Value::List(items) => return items.first().and_then(written_of),
        Value::Null | Value::Map(_) => return None,
    };
    crate::permalink::written_date(text)
        .or_else(|| repair_date(text).and_then(|r| crate::permalink::written_date(&r)))
        .or_else(|| {
            DateTime::parse_from_rfc2822(text)
                .ok()
                .map(|d| d.naive_local())
        })
}

/// Every field but the event times, by key (case-insensitive).
fn common_fields(
    entries: &[(String, Value)],
    ex: &mut Extractor<'_, '_>,
) -> Result<FrontMatter, FrontMatterError> {
    let mut fm = FrontMatter::default();
    for (key, value) in entries {
        let k = key.as_str();
        let lower = k.to_ascii_lowercase();
        if let Some((field, rank)) = date_key(&lower).filter(|_| !is_flag(value)) {
            let slot = match field {
                DateField::Date => &mut fm.date,
                DateField::Publish => &mut fm.publish_date,
                DateField::Lastmod => &mut fm.lastmod,
            };
            if slot.as_ref().is_none_or(|d| d.rank > rank) {
                if let Some(at) = ex.date(k, value)? {
                    *slot = Some(Dated {
                        at,
                        key: k.to_string(),
                        rank,
                    });
                }
            }
            continue;
        }
        match lower.as_str() {
            "title" => fm.title = ex.text_field(k, value),
            "description" => fm.description = ex.text_field(k, value),
            "summary" => fm.summary = ex.text_field(k, value),
            "tags" => fm.tags = ex.terms(k, value),
            "categories" => fm.categories = ex.terms(k, value),
            "author" | "authors" => fm.authors.extend(ex.list(k, value)),
            "cover" | "image" => fm.cover = fm.cover.take().or_else(|| ex.text_field(k, value)),
            "slug" => fm.slug = ex.text_field(k, value),
            "url" => fm.url = ex.text_field(k, value),
            "uid" => fm.uid = ex.text_field(k, value),
            "location" => fm.location = ex.text_field(k, value),
            "draft" => fm.draft = ex.boolean(k, value),
            "cancelled" | "canceled" => fm.cancelled = ex.boolean(k, value),
            "status" => {
                fm.cancelled |= ex.text_field(k, value).is_some_and(|s| {
                    s.eq_ignore_ascii_case("cancelled") || s.eq_ignore_ascii_case("canceled")
                })
            }
            "live" | "live_url" | "livestream" | "conference" => {
                fm.live_url = ex.text_field(k, value)
            }
            _ => {}
        }
    }
    Ok(fm)
}

/// `true` or `false`: `published: false` is Jekyll's and Hexo's flag, not a date.
fn is_flag(v: &Value) -> bool {
    matches!(v, Value::Scalar(s) if s == "true" || s == "false")
}

/// The three dates front matter gives.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum DateField {
    Date,
    Publish,
    Lastmod,
}

/// Which date a (lowercased) key holds, and its rank among that date's
/// aliases. Hugo's own aliases come first, then Jekyll's, Hexo's, Zola's and
/// VuePress themes' names.
fn date_key(lower: &str) -> Option<(DateField, usize)> {
    const ALIASES: [(DateField, &[&str]); 3] = [
        (DateField::Date, &["date"]),
        (DateField::Publish, &["publishdate", "pubdate", "published"]),
        (
            DateField::Lastmod,
            &["lastmod", "modified", "updated", "last_modified_at"],
        ),
    ];
    ALIASES.iter().find_map(|(field, names)| {
        names
            .iter()
            .position(|n| *n == lower)
            .map(|rank| (*field, rank))
    })
}

/// `s` without the control characters no output may hold (XML 1.0 and
/// iCalendar refuse them, and no feed reader shows them): a carriage return
/// is a line break (`\r\n` one break), and every other control character but
/// a line break and a tab is a space. `None` when `s` has none.
fn without_controls(s: &str) -> Option<String> {
    let unwanted = |c: char| {
        (c.is_control() && !matches!(c, '\n' | '\t')) || matches!(c, '\u{FFFE}' | '\u{FFFF}')
    };
    if !s.contains(unwanted) {
        return None;
    }
    let clean: String = s
        .replace("\r\n", "\n")
        .chars()
        .map(|c| match c {
            '\r' => '\n',
            c if unwanted(c) => ' ',
            c => c,
        })
        .collect();
    Some(clean.trim().to_string())
}

fn lookup<'v>(map: &'v [(String, Value)], key: &str) -> Option<&'v Value> {
    map.iter()
        .find(|(k, _)| k.eq_ignore_ascii_case(key))
        .map(|(_, v)| v)
}

struct Extractor<'s, 'w> {
    split: &'s Split<'s>,
    zone: Tz,
    warnings: &'w mut Vec<Warning>,
}

impl Extractor<'_, '_> {
    fn line_of(&self, key: &str) -> Option<Line> {
        key_line(self.split, key)
    }

    fn warn(&mut self, key: &str, message: String) {
        let line = self.line_of(key);
        self.warnings
            .push(Warning::new(WarningKind::FrontMatterField, line, message));
    }

    fn text(&mut self, key: &str, v: &Value) -> Option<String> {
        match v {
            Value::Null => None,
            Value::Text(s) | Value::Scalar(s) if s.trim().is_empty() => None,
            Value::Text(s) | Value::Scalar(s) => Some(self.cleaned(key, s.trim())),
            Value::List(items) => {
                self.warn(
                    key,
                    format!("`{key}` is a list; its first item is used — write a single value"),
                );
                items.first().and_then(|i| self.text(key, i))
            }
            Value::Map(_) => {
                self.warn(
                    key,
                    format!("`{key}` is a mapping, not text; it is ignored"),
                );
                None
            }
        }
    }

    /// `s` without control characters, with a warning when it had some.
    fn cleaned(&mut self, key: &str, s: &str) -> String {
        match without_controls(s) {
            None => s.to_string(),
            Some(clean) => {
                let line = self.line_of(key);
                self.warnings.push(Warning::new(
                    WarningKind::FrontMatterRepaired,
                    line,
                    format!("`{key}` holds a control character (such as a carriage return); read as {clean:?} — remove it from the source"),
                ));
                clean
            }
        }
    }

    /// Tags or categories: a list in NFC, each text once, in written order.
    fn terms(&mut self, key: &str, v: &Value) -> Vec<String> {
        let mut seen = std::collections::HashSet::new();
        self.list(key, v)
            .into_iter()
            .map(|t| t.nfc().collect::<String>())
            .filter(|t| seen.insert(t.clone()))
            .collect()
    }

    /// A field that is meant as text (a title, a slug): a number or a boolean
    /// there is read as its text with a warning, because YAML has already
    /// changed how it was written (`1.10` → `1.1`, `0x1F` → `31`).
    fn text_field(&mut self, key: &str, v: &Value) -> Option<String> {
        if let Value::Scalar(s) = v {
            self.warn(
                key,
                format!("`{key}` is written as a number or true/false, not as text, and is read as \"{s}\"; put the value in quotes to keep it exactly as written: {key}: \"…\""),
            );
        }
        self.text(key, v)
    }

    fn list(&mut self, key: &str, v: &Value) -> Vec<String> {
        match v {
            Value::Null => Vec::new(),
            Value::Text(s) | Value::Scalar(s) => {
                if s.contains(',') && key == "tags" {
                    self.warn(
                        key,
                        format!("`{key}` is one text with commas; it is read as one tag — write a list: {key}: [\"a\", \"b\"]"),
                    );
                }
                let s = self.cleaned(key, s.trim());
                vec![s].into_iter().filter(|s| !s.is_empty()).collect()
            }
            Value::List(items) => items
                .iter()
                .filter_map(|i| match i {
                    Value::Text(s) | Value::Scalar(s) if !s.trim().is_empty() => {
                        Some(self.cleaned(key, s.trim()))
                    }
                    _ => None,
                })
                .filter(|s| !s.is_empty())
                .collect(),
            Value::Map(_) => {
                self.warn(
                    key,
                    format!("`{key}` is a mapping, not a list; it is ignored"),
                );
                Vec::new()
            }
        }
    }

    fn boolean(&mut self, key: &str, v: &Value) -> bool {
        match v {
            Value::Text(s) | Value::Scalar(s) => match s.trim().to_ascii_lowercase().as_str() {
                "true" | "yes" | "on" => true,
                "false" | "no" | "off" | "" => false,
                other => {
                    self.warn(
                        key,
                        format!("`{key}: {other}` is not true or false; read as false"),
                    );
                    false
                }
            },
            _ => false,
        }
    }

    fn date(&mut self, key: &str, v: &Value) -> Result<Option<DateTime<Utc>>, FrontMatterError> {
        let Some(text) = self.text(key, v) else {
            return Ok(None);
        };
        if let Some(d) = parse_hugo_date(&text, self.zone) {
            return Ok(Some(d));
        }
        let repaired = repair_date(&text);
        match repaired
            .as_deref()
            .and_then(|r| parse_hugo_date(r, self.zone))
        {
            Some(d) => {
                let line = self.line_of(key);
                self.warnings.push(Warning::new(
                    WarningKind::FrontMatterRepaired,
                    line,
                    format!(
                        "`{key}: {text}` is not a date form Hugo reads; read as {} — write it so",
                        repaired.unwrap_or_default()
                    ),
                ));
                Ok(Some(d))
            }
            None => Err(FrontMatterError::at(
                self.line_of(key),
                format!("`{key}: {text}` is not a valid date"),
                "write an existing date such as 2024-05-18 or 2024-05-18T14:00:00+08:00",
            )),
        }
    }
}

/// The file line where a top-level (or nested) key is written, found by text:
/// neither serde_yaml nor toml report positions of successfully parsed keys.
fn key_line(split: &Split<'_>, key: &str) -> Option<Line> {
    let sep = match split.format? {
        Format::Yaml | Format::Pelican => ':',
        Format::Toml => '=',
    };
    split.front.lines().enumerate().find_map(|(i, l)| {
        let t = l.trim_start();
        let rest = t.strip_prefix(key).or_else(|| {
            t.strip_prefix('"')
                .and_then(|t| t.strip_prefix(key))
                .and_then(|t| t.strip_prefix('"'))
        })?;
        rest.trim_start()
            .starts_with(sep)
            .then_some(split.front_first_line + i)
    })
}

/// Deeper `[`/`{` nesting than this is refused before YAML parsing: serde_yaml
/// stops at 128 levels anyway, but libyaml's scanner first takes time
/// quadratic in the depth (a 100,000-deep `[[[…` runs for minutes), and a
/// nightly run must not hang on one post.
const MAX_FLOW_DEPTH: usize = 128;

/// Where the bracket nesting of `front` first gets deeper than
/// [`MAX_FLOW_DEPTH`]: (0-based line, 1-based column). Brackets inside quotes
/// count too; no real post nests even a few levels, so this never refuses one.
fn too_deep(front: &str) -> Option<(usize, usize)> {
    let mut depth = 0usize;
    for (i, line) in front.lines().enumerate() {
        for (col, c) in line.chars().enumerate() {
            match c {
                '[' | '{' => {
                    depth += 1;
                    if depth > MAX_FLOW_DEPTH {
                        return Some((i, col + 1));
                    }
                }
                ']' | '}' => depth = depth.saturating_sub(1),
                _ => {}
            }
        }
    }
    None
}

fn parse_yaml(split: &Split<'_>, warnings: &mut Vec<Warning>) -> Result<Value, FrontMatterError> {
    if let Some((line, column)) = too_deep(split.front) {
        return Err(FrontMatterError {
            line: Some(split.front_first_line + line),
            column: Some(column),
            message: format!(
                "front matter nests `[` or `{{` more than {MAX_FLOW_DEPTH} levels deep"
            ),
            hint:
                "close the brackets (or quote the value): front matter needs a few levels at most"
                    .into(),
        });
    }
    match serde_yaml::from_str::<serde_yaml::Value>(split.front) {
        Ok(v) => Ok(from_yaml(v)),
        Err(first_err) => {
            // Hugo's YAML reader accepts a tab after a value; strict YAML does not.
            if split.front.contains('\t') {
                let repaired = split.front.replace('\t', " ");
                if let Ok(v) = serde_yaml::from_str::<serde_yaml::Value>(&repaired) {
                    let line = split
                        .front
                        .lines()
                        .position(|l| l.contains('\t'))
                        .map(|i| split.front_first_line + i);
                    warnings.push(Warning::new(
                        WarningKind::FrontMatterRepaired,
                        line,
                        "front matter has a tab, which YAML does not allow there; read as a space — replace the tab with spaces",
                    ));
                    return Ok(from_yaml(v));
                }
            }
            let loc = first_err.location();
            let message = first_err.to_string();
            // serde_yaml appends " at line L column C"; we give our own file position.
            let message = message
                .split(" at line ")
                .next()
                .unwrap_or(&message)
                .to_string();
            Err(FrontMatterError {
                line: loc
                    .as_ref()
                    .map(|l| split.front_first_line + l.line().saturating_sub(1)),
                column: loc.as_ref().map(|l| l.column()),
                message: format!("front matter is not valid YAML: {message}"),
                hint: "fix the YAML at this position (quote values that contain `: ` or start with a special character)".into(),
            })
        }
    }
}

fn from_yaml(v: serde_yaml::Value) -> Value {
    use serde_yaml::Value as Y;
    match v {
        Y::Null => Value::Null,
        Y::Bool(b) => Value::Scalar(b.to_string()),
        Y::Number(n) => Value::Scalar(n.to_string()),
        Y::String(s) => Value::Text(s),
        Y::Sequence(items) => Value::List(items.into_iter().map(from_yaml).collect()),
        Y::Mapping(m) => Value::Map(
            m.into_iter()
                .filter_map(|(k, v)| {
                    let key = match k {
                        Y::String(s) => s,
                        Y::Number(n) => n.to_string(),
                        Y::Bool(b) => b.to_string(),
                        _ => return None,
                    };
                    Some((key, from_yaml(v)))
                })
                .collect(),
        ),
        Y::Tagged(t) => from_yaml(t.value),
    }
}

fn parse_toml(split: &Split<'_>) -> Result<Value, FrontMatterError> {
    match split.front.parse::<toml::Table>() {
        Ok(t) => Ok(from_toml(toml::Value::Table(t))),
        Err(e) => {
            let (line, column) = match e.span() {
                Some(s) => {
                    let before = &split.front[..s.start.min(split.front.len())];
                    let line = before.matches('\n').count();
                    let col = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
                    (Some(split.front_first_line + line), Some(col))
                }
                None => (None, None),
            };
            Err(FrontMatterError {
                line,
                column,
                message: format!(
                    "front matter is not valid TOML: {}",
                    e.message().trim_end().replace('\n', " ")
                ),
                hint: "fix the TOML at this position (text values need quotes)".into(),
            })
        }
    }
}

fn from_toml(v: toml::Value) -> Value {
    match v {
        toml::Value::String(s) => Value::Text(s),
        toml::Value::Integer(i) => Value::Scalar(i.to_string()),
        toml::Value::Float(f) => Value::Scalar(f.to_string()),
        toml::Value::Boolean(b) => Value::Scalar(b.to_string()),
        toml::Value::Datetime(d) => Value::Text(d.to_string()),
        toml::Value::Array(a) => Value::List(a.into_iter().map(from_toml).collect()),
        toml::Value::Table(t) => {
            Value::Map(t.into_iter().map(|(k, v)| (k, from_toml(v))).collect())
        }
    }
}

/// A date written with odd separators or a stray character, in the form
/// [`parse_hugo_date`] reads: `2019.09.23T17:18:43+08:00` →
/// `2019-09-23T17:18:43+08:00`, `2019-04-11T:12:30+08:00` →
/// `2019-04-11T12:30:00+08:00`, `2019/5/25 9:00` → `2019-05-25T09:00:00`.
/// `None` when there is nothing to repair (the date itself is wrong).
fn repair_date(s: &str) -> Option<String> {
    static LOOSE: LazyLock<regex::Regex> = LazyLock::new(|| {
        regex::Regex::new(
            r"^(\d{4})[-./](\d{1,2})[-./](\d{1,2})(?:(?:\s*T\s*|\s+):?(\d{1,2}):(\d{2})(?::(\d{2})(\.\d+)?)?\s*(Z|[+-]\d{2}:?\d{2})?)?$",
        )
        .expect("static regex")
    });
    let s = s.trim();
    let c = LOOSE.captures(s)?;
    let n = |i: usize| {
        c.get(i)
            .map_or(0, |m| m.as_str().parse::<u32>().unwrap_or(0))
    };
    let mut fixed = format!("{:04}-{:02}-{:02}", n(1), n(2), n(3));
    if c.get(4).is_some() {
        fixed += &format!("T{:02}:{:02}:{:02}", n(4), n(5), n(6));
        fixed += c.get(7).map_or("", |m| m.as_str());
        if let Some(offset) = c.get(8).map(|m| m.as_str()) {
            match offset.len() {
                // `+0800` → `+08:00`.
                5 => fixed += &format!("{}:{}", &offset[..3], &offset[3..]),
                _ => fixed += offset,
            }
        }
    }
    (fixed != s).then_some(fixed)
}

/// Parses every date form Hugo's front matter accepts. A value without an
/// offset is a wall time in `zone`; a wall time that falls in a DST gap is
/// moved forward, and one in a fold takes the earlier instant (as Hugo's Go
/// `time` package does).
pub fn parse_hugo_date(s: &str, zone: Tz) -> Option<DateTime<Utc>> {
    let s = s.trim();
    if let Ok(d) = DateTime::parse_from_rfc3339(s) {
        return Some(d.with_timezone(&Utc));
    }
    let with_offset = [
        "%Y-%m-%dT%H:%M:%S%.f%:z",
        "%Y-%m-%d %H:%M:%S%.f%:z",
        "%Y-%m-%d %H:%M:%S%.f %:z",
        "%Y-%m-%d %H:%M:%S%.f %z",
        "%Y-%m-%dT%H:%M%:z",
        "%Y-%m-%d %H:%M %:z",
    ];
    for f in with_offset {
        if let Ok(d) = DateTime::<FixedOffset>::parse_from_str(s, f) {
            return Some(d.with_timezone(&Utc));
        }
    }
    if let Ok(d) = DateTime::parse_from_rfc2822(s) {
        return Some(d.with_timezone(&Utc));
    }
    if let Some(d) = with_utc_or_gmt_suffix(s) {
        return Some(d);
    }
    let local = parse_naive(s)?;
    resolve_local(local, zone).map(|d| d.with_timezone(&Utc))
}

/// `2016-05-23 10:26:51 UTC`, `… UTC+01:00`, `… GMT`, `… +0000 UTC`: how
/// Ruby's `Time#to_s` and Go's `time.String` print a time, which Jekyll and
/// Hugo users paste into front matter. The offset after `UTC`/`GMT` is the
/// zone's (`UTC+01:00` is one hour ahead of UTC).
fn with_utc_or_gmt_suffix(s: &str) -> Option<DateTime<Utc>> {
    static SUFFIX: LazyLock<regex::Regex> = LazyLock::new(|| {
        regex::Regex::new(
            r"^(?P<time>.+?)\s+(?:(?P<go>[+-]\d{4})\s+)?(?:UTC|GMT)(?:\s*(?P<sign>[+-])(?:(?P<h>\d{1,2})(?::(?P<m>\d{2}))?|(?P<hh>\d{2})(?P<mm>\d{2})))?$",
        )
        .expect("static regex")
    });
    let c = SUFFIX.captures(s)?;
    let local = parse_naive(c.name("time")?.as_str())?;
    // Offsets on Earth run from -12:00 to +14:00; `UTC+123` or `+05:99` is
    // no offset, and the date is refused rather than misread.
    let minutes = |h: &str, m: &str| -> Option<i32> {
        let h: i32 = h.parse().ok()?;
        let m: i32 = if m.is_empty() { 0 } else { m.parse().ok()? };
        (h <= 14 && m < 60).then_some(h * 60 + m)
    };
    let offset = match (c.name("sign"), c.name("go")) {
        (Some(sign), _) => {
            let (h, m) = match (c.name("h"), c.name("hh"), c.name("mm")) {
                (Some(h), _, _) => (h.as_str(), c.name("m").map_or("", |m| m.as_str())),
                (None, Some(h), Some(m)) => (h.as_str(), m.as_str()),
                _ => return None,
            };
            let m = minutes(h, m)?;
            if sign.as_str() == "-" {
                -m
            } else {
                m
            }
        }
        (None, Some(go)) => {
            let g = go.as_str();
            let m = minutes(&g[1..3], &g[3..5])?;
            if g.starts_with('-') {
                -m
            } else {
                m
            }
        }
        (None, None) => 0,
    };
    let zone = FixedOffset::east_opt(offset.checked_mul(60)?)?;
    zone.from_local_datetime(&local)
        .single()
        .map(|d| d.with_timezone(&Utc))
}

fn parse_naive(s: &str) -> Option<NaiveDateTime> {
    for f in [
        "%Y-%m-%dT%H:%M:%S%.f",
        "%Y-%m-%d %H:%M:%S%.f",
        "%Y-%m-%dT%H:%M",
        "%Y-%m-%d %H:%M",
    ] {
        if let Ok(d) = NaiveDateTime::parse_from_str(s, f) {
            return Some(d);
        }
    }
    NaiveDate::parse_from_str(s, "%Y-%m-%d")
        .ok()
        .map(|d| d.and_time(NaiveTime::MIN))
}

/// A wall time in `zone` as an instant: the earlier of two in a fold, the
/// first valid minute after a gap.
pub fn resolve_local(local: NaiveDateTime, zone: Tz) -> Option<DateTime<Tz>> {
    use chrono::LocalResult;
    match zone.from_local_datetime(&local) {
        LocalResult::Single(d) => Some(d),
        LocalResult::Ambiguous(a, _) => Some(a),
        LocalResult::None => (1..=180).find_map(|m| {
            zone.from_local_datetime(&(local + chrono::Duration::minutes(m)))
                .earliest()
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono_tz::Asia::Shanghai;

    fn utc(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
    }

    #[test]
    fn every_hugo_date_form() {
        let z = Shanghai;
        for (input, want) in [
            ("2019-03-11T12:10:00+08:00", "2019-03-11T04:10:00Z"),
            ("2019-01-17T10:20:00.000Z", "2019-01-17T10:20:00Z"),
            ("2019-01-17T10:20:00Z", "2019-01-17T10:20:00Z"),
            ("2019-03-11T12:10:00", "2019-03-11T04:10:00Z"),
            ("2019-03-11 12:10:00", "2019-03-11T04:10:00Z"),
            ("2019-03-11 12:10:00 +08:00", "2019-03-11T04:10:00Z"),
            ("2019-03-11 12:10", "2019-03-11T04:10:00Z"),
            ("2019-03-11", "2019-03-10T16:00:00Z"),
            // Summer time: a date-only post in July 1988 is midnight UTC+9.
            ("1988-07-01", "1988-06-30T15:00:00Z"),
        ] {
            assert_eq!(parse_hugo_date(input, z), Some(utc(want)), "{input}");
        }
        assert_eq!(parse_hugo_date("2023-02-30", z), None);
        assert_eq!(parse_hugo_date("yesterday", z), None);
    }

    #[test]
    fn ruby_and_go_printed_times() {
        let z = Shanghai;
        for (input, want) in [
            ("2016-05-23 10:26:51 UTC", "2016-05-23T10:26:51Z"),
            ("2016-05-23 10:26:51 UTC+01:00", "2016-05-23T09:26:51Z"),
            ("2016-05-23 10:26:51 UTC-05:00", "2016-05-23T15:26:51Z"),
            ("2016-05-23 10:26:51 GMT", "2016-05-23T10:26:51Z"),
            ("2016-05-23 10:26:51 GMT+8", "2016-05-23T02:26:51Z"),
            ("2016-05-23 10:26:51 +0000 UTC", "2016-05-23T10:26:51Z"),
            ("2016-05-23 10:26:51 +0800 UTC", "2016-05-23T02:26:51Z"),
        ] {
            assert_eq!(parse_hugo_date(input, z), Some(utc(want)), "{input}");
        }
        assert_eq!(parse_hugo_date("2016-05-23 10:26:51 UTC+99:00", z), None);
        assert_eq!(parse_hugo_date("2016-05-23 10:26:51 UTC+05:99", z), None);
        assert_eq!(parse_hugo_date("2016-05-23 10:26:51 UTC+123", z), None);
        assert_eq!(parse_hugo_date("soon UTC", z), None);
    }

    #[test]
    fn split_yaml_toml_and_plain() {
        let s = split("---\ntitle: a\n---\nbody\n").unwrap();
        assert_eq!(s.format, Some(Format::Yaml));
        assert_eq!(s.front, "title: a\n");
        assert_eq!(s.body, "body\n");
        assert_eq!(s.body_first_line, 4);
        let s = split("+++\ntitle = \"a\"\n+++\n").unwrap();
        assert_eq!(s.format, Some(Format::Toml));
        let s = split("# no front matter\n").unwrap();
        assert_eq!(s.format, None);
        assert_eq!(s.body_first_line, 1);
    }

    #[test]
    fn dashes_inside_a_title_do_not_close() {
        let s = split("---\ntitle: \"A---B\"\n---\nbody").unwrap();
        let p = parse(&s, Shanghai).unwrap();
        assert_eq!(p.fields.title.as_deref(), Some("A---B"));
    }

    #[test]
    fn never_closed_is_an_error_on_line_1() {
        let e = split("---\ntitle: a\nbody\n").unwrap_err();
        assert_eq!(e.line, Some(1));
        assert!(e.message.contains("never closed"));
    }

    #[test]
    fn tab_after_quoted_title_is_read() {
        let s = split("---\ndate: 2019-06-04\ntitle: \"Workshop\"\t\n---\n").unwrap();
        let p = parse(&s, Shanghai).unwrap();
        assert_eq!(p.fields.title.as_deref(), Some("Workshop"));
    }

    #[test]
    fn tab_indentation_is_repaired_with_a_warning() {
        let s = split("---\ntitle: T\ntags:\n\t- a\n---\n").unwrap();
        let p = parse(&s, Shanghai).unwrap();
        assert_eq!(p.fields.tags, vec!["a"]);
        assert_eq!(p.warnings[0].kind, WarningKind::FrontMatterRepaired);
        assert_eq!(p.warnings[0].line, Some(4));
    }

    #[test]
    fn malformed_yaml_has_file_line_and_column() {
        let s = split("---\ntitle: a\ntags: [a, b\n---\n").unwrap();
        let e = parse(&s, Shanghai).unwrap_err();
        assert!(e.line.unwrap() >= 3, "{e:?}");
        assert!(e.column.is_some());
    }

    #[test]
    fn deep_flow_nesting_is_refused_quickly() {
        let text = format!("---\ntitle: x\ntags: {}\n---\n", "[".repeat(100_000));
        let s = split(&text).unwrap();
        let started = std::time::Instant::now();
        let e = parse(&s, Shanghai).unwrap_err();
        assert!(started.elapsed() < std::time::Duration::from_secs(1));
        assert_eq!((e.line, e.column), (Some(3), Some(7 + MAX_FLOW_DEPTH)));
        let ok = split("---\ntags: [[a], {b: [c]}]\n---\n").unwrap();
        assert!(parse(&ok, Shanghai).is_ok());
    }

    #[test]
    fn not_a_mapping() {
        let s = split("---\n- a\n- b\n---\n").unwrap();
        let e = parse(&s, Shanghai).unwrap_err();
        assert!(e.message.contains("not a mapping"));
    }

    #[test]
    fn lenient_types() {
        let s = split("---\ntitle: 2024\ncategories: \"Meetup\"\ntags: \"a,b\"\n---\n").unwrap();
        let p = parse(&s, Shanghai).unwrap();
        assert_eq!(p.fields.title.as_deref(), Some("2024"));
        assert_eq!(p.fields.categories, vec!["Meetup"]);
        assert_eq!(p.fields.tags, vec!["a,b"]);
        let lines: Vec<_> = p.warnings.iter().map(|w| w.line).collect();
        assert_eq!(
            lines,
            [Some(2), Some(4)],
            "the number title and the comma tags: {:?}",
            p.warnings
        );
        assert!(p.warnings[0].message.contains("quotes"));
    }

    #[test]
    fn impossible_date_names_the_line() {
        let s = split("---\ntitle: x\ndate: 2023-02-30\n---\n").unwrap();
        let e = parse(&s, Shanghai).unwrap_err();
        assert_eq!(e.line, Some(3));
        assert!(e.message.contains("2023-02-30"));
    }

    #[test]
    fn toml_front_matter_and_dates() {
        let s = split("+++\ntitle = \"T\"\ndate = 2024-05-18T14:00:00+08:00\ntags = [\"a\"]\ndraft = true\n+++\n").unwrap();
        let p = parse(&s, Shanghai).unwrap();
        assert_eq!(
            p.fields.date.map(|d| d.at),
            Some(utc("2024-05-18T06:00:00Z"))
        );
        assert!(p.fields.draft);
        assert_eq!(p.fields.tags, vec!["a"]);
    }

    #[test]
    fn blank_lines_after_the_opening_delimiter() {
        let s = split("---\n\nslug:  my-talk\n\ntitle: 数据库的现在与将来\n\ntags: [社区, 北京站]\n\n---\n# 标题\n").unwrap();
        let p = parse(&s, Shanghai).unwrap();
        assert_eq!(p.fields.slug.as_deref(), Some("my-talk"));
        assert_eq!(p.fields.title.as_deref(), Some("数据库的现在与将来"));
        assert_eq!(p.fields.tags, ["社区", "北京站"]);
        assert!(p.warnings.is_empty(), "{:?}", p.warnings);
    }

    #[test]
    fn date_aliases_of_other_generators() {
        let fields = |front: &str| {
            let text = format!("---\n{front}---\n");
            parse(&split(&text).unwrap(), Shanghai).unwrap().fields
        };
        let f = fields(
            "title: x\npubDate: '2024-06-13'\nlast_modified_at: 2024-06-20T10:00:00+08:00\n",
        );
        assert_eq!(f.date, None);
        let publish = f.publish_date.unwrap();
        assert_eq!(
            (publish.at, publish.key.as_str()),
            (utc("2024-06-12T16:00:00Z"), "pubDate")
        );
        assert_eq!(f.lastmod.unwrap().key, "last_modified_at");
        // Hugo's own name wins over an alias, wherever it is written.
        let f = fields("updated: 2024-01-02\nlastmod: 2024-01-03\nmodified: 2024-01-04\n");
        assert_eq!(f.lastmod.unwrap().key, "lastmod");
        let f = fields("updated: 2024-01-02\n");
        assert_eq!(f.lastmod.unwrap().at, utc("2024-01-01T16:00:00Z"));
    }

    /// The dates a URL rule may read, each as written (in its own offset),
    /// by lowercased key; `updated` is no URL date, `published: false` a flag.
    #[test]
    fn url_dates_are_kept_as_written() {
        let text = "---\ntitle: x\npublishDate: 2024-03-05T23:30:00-05:00\nLastmod: 2019/05/25 9:00\nupdated: 2024-01-02\npublished: false\n---\n";
        let p = parse(&split(text).unwrap(), Shanghai).unwrap();
        let at = |s: &str| NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M").unwrap();
        assert_eq!(
            p.fields.site_fields.dates_written,
            [
                ("publishdate".to_string(), at("2024-03-05 23:30")),
                ("lastmod".to_string(), at("2019-05-25 09:00")),
            ]
        );
        // The repaired date is warned of once, by the feed-date reader.
        assert_eq!(p.warnings.len(), 1, "{:?}", p.warnings);
    }

    #[test]
    fn odd_dates_are_repaired_with_a_warning() {
        for (written, want) in [
            ("2019-04-11T:12:30+08:00", "2019-04-11T04:30:00Z"),
            ("2019.09.23T17:18:43+08:00", "2019-09-23T09:18:43Z"),
            ("2019/05/25 9:00", "2019-05-25T01:00:00Z"),
        ] {
            let text = format!("---\ntitle: x\nlast_modified_at: {written}\n---\n");
            let p = parse(&split(&text).unwrap(), Shanghai).unwrap();
            assert_eq!(p.fields.lastmod.map(|d| d.at), Some(utc(want)), "{written}");
            assert_eq!(p.warnings.len(), 1, "{written}: {:?}", p.warnings);
            assert_eq!(p.warnings[0].kind, WarningKind::FrontMatterRepaired);
            assert_eq!(p.warnings[0].line, Some(3));
        }
        assert_eq!(repair_date("2023-02-30"), None);
        let e = parse(&split("---\ndate: 2023.02.30\n---\n").unwrap(), Shanghai).unwrap_err();
        assert!(e.message.contains("not a valid date"), "{e:?}");
    }

    #[test]
    fn control_characters_in_text_fields_are_replaced() {
        let text = "---\ntitle: \"Meetup\\r#3\"\ntags: [\"a\\rb\", \"ok\"]\ndescription: \"line one\\nline two\\u0007\"\nlive: \"https://live.example.org/a\\rb\"\n---\n";
        let p = parse(&split(text).unwrap(), Shanghai).unwrap();
        assert_eq!(p.fields.title.as_deref(), Some("Meetup\n#3"));
        assert_eq!(p.fields.tags, ["a\nb", "ok"]);
        assert_eq!(p.fields.description.as_deref(), Some("line one\nline two"));
        // A link with a line break in it is then dropped by `site` (not a link).
        assert_eq!(
            p.fields.live_url.as_deref(),
            Some("https://live.example.org/a\nb")
        );
        let lines: Vec<_> = p.warnings.iter().map(|w| (w.kind, w.line)).collect();
        let repaired = WarningKind::FrontMatterRepaired;
        assert_eq!(
            lines,
            [
                (repaired, Some(2)),
                (repaired, Some(3)),
                (repaired, Some(4)),
                (repaired, Some(5))
            ]
        );
    }

    #[test]
    fn nfc_and_nfd_tags_are_one_tag() {
        let nfd = "Cafe\u{301}";
        let text =
            format!("---\ntags: [\"Caf\u{e9}\", \"{nfd}\", x]\ncategories: [\"{nfd}\"]\n---\n");
        let p = parse(&split(&text).unwrap(), Shanghai).unwrap();
        assert_eq!(p.fields.tags, ["Caf\u{e9}", "x"]);
        assert_eq!(p.fields.categories, ["Caf\u{e9}"]);
    }

    #[test]
    fn every_scalar_reaches_the_event_stage() {
        let s = split("---\nevent:\n  start: 2023-11-04 14:00\n  end: 2023-11-04 18:00\nsection1:\n  time: \"2023-11-04 14:00-18:00\"\n---\n").unwrap();
        let p = parse(&s, Shanghai).unwrap();
        let keys: Vec<_> = p
            .fields
            .event_fields
            .iter()
            .map(|t| t.key.as_str())
            .collect();
        assert_eq!(keys, ["event.start", "event.end", "section1.time"]);
        assert_eq!(p.fields.event_fields[0].line, Some(3));
    }
}
