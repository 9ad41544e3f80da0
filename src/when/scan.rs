//! The layout of a body (code blocks, tables, headings, lists, paragraphs)
//! and its labelled lines: `- 活动时间：…`, `**Time**: …`, `【时间】…`, a
//! label alone on its line with the value below, outside code blocks, HTML
//! comments and tables.

use std::sync::LazyLock;

use regex::Regex;

use super::candidate::{Candidate, Source, Tier};
use super::grammar::{read, read_groups, Reading};
use super::text::normalize;
use crate::model::Line;

/// A labelled line whose value had nothing readable.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Unreadable {
    pub line: Line,
    pub label: String,
    pub text: String,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Scan {
    /// In document order.
    pub candidates: Vec<Candidate>,
    pub unreadable: Vec<Unreadable>,
    /// Body lines (0-based) a labelled candidate was read from: prose
    /// reading skips them.
    pub consumed: Vec<bool>,
}

/// Values longer than this (in characters) are cut: a time fits in far less,
/// and the cut bounds the work on pathological lines.
const MAX_VALUE_CHARS: usize = 256;
/// How far (in lines) a value may sit below its label, or a bare time line
/// below a date-only labelled line.
const CONTINUATION_LINES: usize = 2;
/// A 日期 line and a 时间 line are combined when this close.
const COMBINE_DISTANCE: usize = 3;

/// What a time label ends with (compared without whitespace, lowercase).
const TIME_WORDS: [&str; 20] = [
    "时间",
    "時間",
    "日期",
    "日期时间",
    "时间日期",
    "日期/时间",
    "时间/日期",
    "日期和时间",
    "日期与时间",
    "时间与日期",
    "time",
    "date",
    "when",
    "datetime",
    "date/time",
    "time/date",
    "date&time",
    "dateandtime",
    "time&date",
    "timeanddate",
];

/// What may come before a time word in a label of the event's own time
/// (`活动时间`, `会议日期/时间`, `Meeting Date/time`, `Event time`); the
/// empty word is the time word alone (`时间`, `Date`).
const EVENT_NOUNS: [&str; 31] = [
    "",
    "活动",
    "活動",
    "会议",
    "會議",
    "举办",
    "舉辦",
    "举行",
    "大会",
    "峰会",
    "沙龙",
    "讲座",
    "分享",
    "培训",
    "论坛",
    "研讨会",
    "聚会",
    "见面会",
    "开幕",
    "比赛",
    "meetup",
    "meeting",
    "event",
    "session",
    "workshop",
    "conference",
    "talk",
    "call",
    "training",
    "class",
    "community",
];

/// What comes before a time word (or stands alone) in a label of a
/// broadcast's time (`直播时间`, `Live time`, `Livestream`).
const LIVE_NOUNS: [&str; 8] = [
    "直播",
    "線上直播",
    "线上直播",
    "开播",
    "live",
    "livestream",
    "stream",
    "webinar",
];

/// The tier of a label: a time word after an event noun (or alone) is the
/// event's own time; after a broadcast noun, a broadcast's. Other labels
/// (`报名时间`, `截止时间`, `Deadline`) are not event times.
fn tier_of(label: &str) -> Option<Tier> {
    let key: String = label
        .chars()
        .filter(|c| !c.is_whitespace())
        .flat_map(char::to_lowercase)
        .collect();
    let after = |nouns: &[&str], alone: bool| {
        nouns.iter().any(|n| {
            key.strip_prefix(n).is_some_and(|rest| {
                TIME_WORDS.contains(&rest) || (alone && rest.is_empty() && !n.is_empty())
            })
        })
    };
    if after(&EVENT_NOUNS, false) {
        Some(Tier::Event)
    } else if after(&LIVE_NOUNS, true) {
        Some(Tier::Live)
    } else {
        None
    }
}

/// Strips list markers, quote and heading marks, emoji and other symbols in
/// front of a label.
fn strip_prefix(s: &str) -> &str {
    let mut s = s.trim_start();
    loop {
        let before = s.len();
        let mut chars = s.char_indices();
        if let Some((_, c)) = chars.next() {
            if !c.is_alphanumeric() && c != '【' && c != '[' {
                s = s[c.len_utf8()..].trim_start();
            } else if c.is_ascii_digit() {
                // `1. ` / `2、` / `3)` ordered list markers (not `2023.11.04`).
                let digits = s.bytes().take_while(u8::is_ascii_digit).count();
                let rest = &s[digits..];
                let marker = rest
                    .chars()
                    .next()
                    .filter(|m| matches!(m, '.' | ')' | '、'))
                    .map(char::len_utf8);
                if let Some(ml) = marker.filter(|_| digits <= 2) {
                    let after = &rest[ml..];
                    if !after.starts_with(|x: char| x.is_ascii_digit()) {
                        s = after.trim_start();
                    }
                }
            }
        }
        if s.len() == before {
            return s;
        }
    }
}

/// A line's label and value. `colon` is false for a label alone on its line.
struct Field<'a> {
    label: &'a str,
    value: String,
    colon: bool,
}

fn split_field(s: &str) -> Option<Field<'_>> {
    if let Some(rest) = s.strip_prefix('【').or_else(|| s.strip_prefix('[')) {
        let close = rest
            .char_indices()
            .take(16)
            .find(|(_, c)| *c == '】' || *c == ']')?;
        let label = rest[..close.0].trim();
        let value = rest[close.0 + close.1.len_utf8()..].trim_start();
        let value = value.strip_prefix(':').unwrap_or(value);
        return Some(Field {
            label,
            value: value.to_string(),
            colon: true,
        });
    }
    // `* 日期 2019.8.24`, `Time 19:00-21:00`: a label word, a space and the
    // value, as lists under a `## 时间地点` heading write them (the colon in
    // `19:00` is the value's).
    if let Some(f) = spaced_label(s) {
        return Some(f);
    }
    match s.char_indices().take(28).find(|(_, c)| *c == ':') {
        Some((p, _)) => {
            let label = s[..p].trim();
            let value = &s[p + 1..];
            // `Time (GMT+8): 14:00` / `时间（北京时间）：19:00`: the parenthesis
            // belongs to the value.
            if let Some(open) = label.find('(') {
                let (base, paren) = label.split_at(open);
                return Some(Field {
                    label: base.trim(),
                    value: format!("{paren} {value}"),
                    colon: true,
                });
            }
            Some(Field {
                label,
                value: value.to_string(),
                colon: true,
            })
        }
        None if s.chars().count() <= 16 => Some(Field {
            label: s.trim(),
            value: String::new(),
            colon: false,
        }),
        None => None,
    }
}

/// A short label of the event's time followed by blanks and a value that
/// starts with a digit (`日期 2019.8.24`), with no colon between them.
fn spaced_label(s: &str) -> Option<Field<'_>> {
    let (label, value) = s.split_once(char::is_whitespace)?;
    let value = value.trim_start();
    (label.chars().count() <= 8
        && value.starts_with(|c: char| c.is_ascii_digit())
        && tier_of(label).is_some())
    .then(|| Field {
        label,
        value: value.to_string(),
        colon: true,
    })
}

/// Any `Label: value` line (地点：…, Location: …): such a line is never the
/// continuation of another label.
fn is_field_line(norm: &str) -> bool {
    let s = strip_prefix(norm);
    match split_field(s) {
        Some(f) => {
            f.colon
                && !f.label.is_empty()
                && f.label.chars().count() <= 12
                && !f.label.chars().any(|c| c.is_ascii_digit())
        }
        None => false,
    }
}

/// True when a line holds nothing but a time expression (`19：00 - 20：00`,
/// `下午 2 点至 5 点（北京时间）`), not an agenda item (`14:00 签到`).
fn is_time_only(s: &str) -> bool {
    const VOCAB: &str = "点时時分半刻整钟至到次日翌第二天上下午中晚早晨清傍夜间里深凌今北京周星期礼拜一三四五六七两十〇零";
    let words_ok = s
        .split(|c: char| !c.is_ascii_alphabetic())
        .filter(|w| !w.is_empty())
        .all(|w| {
            matches!(
                w.to_ascii_lowercase().as_str(),
                "am" | "pm" | "a" | "p" | "m" | "to" | "noon" | "midnight" | "utc" | "gmt"
            ) || (w.len() <= 4 && w.chars().all(|c| c.is_ascii_uppercase()))
        });
    words_ok
        && s.chars().all(|c| {
            c.is_whitespace()
                || c.is_ascii_digit()
                || c.is_ascii_punctuation()
                || c.is_ascii_alphabetic()
                || VOCAB.contains(c)
        })
}

/// Which lines are inside fenced code blocks or multi-line HTML comments.
fn hidden_lines(text: &str, lines: &[&str]) -> Vec<bool> {
    let mut hidden = vec![false; lines.len()];
    // A fence holds ``` or ~~~ and a comment <!--: most bodies have neither.
    let finder = |needle: &str| memchr::memmem::find(text.as_bytes(), needle.as_bytes()).is_some();
    if !finder("```") && !finder("~~~") && !finder("<!--") {
        return hidden;
    }
    let mut fence: Option<(char, usize)> = None;
    let mut comment = false;
    for (i, l) in lines.iter().enumerate() {
        let t = l.trim_start();
        if let Some((fc, n)) = fence {
            hidden[i] = true;
            let run = t.chars().take_while(|c| *c == fc).count();
            if run >= n && t[run * fc.len_utf8()..].trim().is_empty() {
                fence = None;
            }
            continue;
        }
        if comment {
            hidden[i] = true;
            if l.contains("-->") {
                comment = false;
            }
            continue;
        }
        let first = t.chars().next();
        if let Some(fc @ ('`' | '~')) = first {
            let run = t.chars().take_while(|c| *c == fc).count();
            if run >= 3 {
                hidden[i] = true;
                fence = Some((fc, run));
                continue;
            }
        }
        // memchr first: most lines have no `<`, and `str::find` sets up a
        // substring searcher on every call.
        if memchr::memchr(b'<', l.as_bytes()).is_some() {
            if let Some(p) = l.find("<!--") {
                if !l[p..].contains("-->") {
                    comment = true;
                }
            }
        }
    }
    hidden
}

fn is_table(line: &str) -> bool {
    line.trim_start().starts_with('|')
}

/// How a body line is laid out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Layout {
    /// Inside a fenced code block or a multi-line HTML comment.
    Hidden,
    /// A table row (`| 13:00 | 签到 |`).
    Table,
    Blank,
    /// `#`…`######`, with its level.
    Heading(u8),
    /// A list item (`-`, `*`, `+`, `1.`), or a line continuing one.
    ListItem,
    Text,
}

/// A body split into lines once, with each line's layout, paragraph and
/// list (or heading level) run.
pub(crate) struct Body<'a> {
    pub(crate) lines: Vec<&'a str>,
    pub(crate) layout: Vec<Layout>,
    /// 0-based paragraph of each line: blank lines and headings start one.
    pub(crate) para: Vec<usize>,
    /// Lines of one list share a run (the list's first line); headings of
    /// one level share the run `usize::MAX - level`.
    pub(crate) run: Vec<Option<usize>>,
    /// The heading (or bold line standing alone, `**Session 1**`) each
    /// line is under.
    pub(crate) section: Vec<Option<Section>>,
    pub(crate) first_line: Line,
}

/// A heading a line is under: where, how deep (a bold line alone is the
/// deepest, 7), and its words without digits (`session`), so that parallel
/// sections (`**Session 1**`, `**Session 2**`) can be recognised.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Section {
    pub at: usize,
    pub level: u8,
    pub shape: String,
}

/// A bold line standing alone (`**Session 1**`), used as a heading.
fn bold_heading(t: &str) -> bool {
    let t = t.trim();
    let inner = t
        .strip_prefix("**")
        .and_then(|x| x.strip_suffix("**"))
        .or_else(|| t.strip_prefix("__").and_then(|x| x.strip_suffix("__")));
    inner.is_some_and(|x| !x.is_empty() && !x.contains("**") && x.chars().count() <= 60)
}

fn shape_of(t: &str) -> String {
    t.chars()
        .filter(|c| c.is_alphabetic() || c.is_whitespace())
        .flat_map(char::to_lowercase)
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

impl<'a> Body<'a> {
    pub(crate) fn new(text: &'a str, first_line: Line) -> Body<'a> {
        let lines = lines_of(text);
        let hidden = hidden_lines(text, &lines);
        let mut layout = Vec::with_capacity(lines.len());
        let mut para = Vec::with_capacity(lines.len());
        let mut run = Vec::with_capacity(lines.len());
        let mut p = 0usize;
        let mut list: Option<usize> = None;
        let mut prev_blank = true;
        let mut section: Vec<Option<Section>> = Vec::with_capacity(lines.len());
        let mut current: Option<Section> = None;
        for (i, l) in lines.iter().enumerate() {
            let t = l.trim_start();
            let kind = if hidden[i] {
                Layout::Hidden
            } else if t.is_empty() {
                Layout::Blank
            } else if is_table(l) {
                Layout::Table
            } else if let Some(level) = heading_level(t) {
                Layout::Heading(level)
            } else if is_list_item(t)
                || (list.is_some() && (l.starts_with([' ', '\t']) || !prev_blank))
            {
                // A line right under an item, indented or not (Markdown's
                // lazy continuation), continues it.
                Layout::ListItem
            } else {
                Layout::Text
            };
            match kind {
                Layout::Blank => {}
                Layout::Heading(_) => p += 1,
                _ if prev_blank => p += 1,
                _ => {}
            }
            // A heading ends a block: what follows starts a paragraph.
            prev_blank = matches!(kind, Layout::Blank | Layout::Heading(_));
            list = match kind {
                Layout::ListItem => Some(list.unwrap_or(i)),
                // A blank line may sit between the items of one list.
                Layout::Blank | Layout::Hidden => list,
                _ => None,
            };
            run.push(match kind {
                Layout::ListItem => list,
                Layout::Heading(level) => Some(usize::MAX - usize::from(level)),
                _ => None,
            });
            match kind {
                Layout::Heading(level) => {
                    current = Some(Section {
                        at: i,
                        level,
                        shape: shape_of(t),
                    });
                }
                Layout::Text if bold_heading(t) => {
                    current = Some(Section {
                        at: i,
                        level: 7,
                        shape: shape_of(t),
                    });
                }
                _ => {}
            }
            section.push(current.clone());
            layout.push(kind);
            para.push(p);
        }
        Body {
            lines,
            layout,
            para,
            run,
            section,
            first_line,
        }
    }

    fn hidden(&self, i: usize) -> bool {
        self.layout[i] == Layout::Hidden
    }
}

fn heading_level(t: &str) -> Option<u8> {
    let n = t.bytes().take_while(|&b| b == b'#').count();
    ((1..=6).contains(&n) && t[n..].starts_with([' ', '\t'])).then_some(n as u8)
}

/// Whether a (trimmed) line starts a list item, not continues one.
pub(crate) fn starts_list_item(t: &str) -> bool {
    is_list_item(t)
}

fn is_list_item(t: &str) -> bool {
    if let Some(rest) = t.strip_prefix(['-', '*', '+']) {
        return rest.starts_with([' ', '\t']);
    }
    let digits = t.bytes().take_while(u8::is_ascii_digit).count();
    (1..=3).contains(&digits)
        && t[digits..].starts_with(['.', ')'])
        && t[digits + 1..].starts_with([' ', '\t'])
}

/// The lines of `text`, as [`str::lines`] splits them ([`crate::decode::lines`]).
fn lines_of(text: &str) -> Vec<&str> {
    let mut lines = Vec::with_capacity(text.len() / 32 + 1);
    lines.extend(crate::decode::lines(text));
    lines
}

/// A word every label [`tier_of`] knows holds, in any case, or a full-width
/// Latin letter (`ＴＩＭＥ`, which [`normalize`] turns into ASCII). Matched
/// on the raw head of a line, before any normalization: whitespace,
/// emphasis and zero-width characters that `normalize` removes sit
/// *between* a label's words (`活动 **时间**`, `时　间`), never inside these.
static LABEL_HINT: LazyLock<Option<Regex>> =
    // ASCII case folding: Unicode folding (`K` for the Kelvin sign) adds
    // nothing a label writes and keeps the regex off its fastest search.
    LazyLock::new(|| {
        Regex::new(r"间|間|期|(?i-u:time|date|when|stream)|[\x{FF21}-\x{FF5A}]").ok()
    });

/// Could this line carry a label? A label is short and comes first, followed
/// by a separator, or stands alone on a short line; only the head of the
/// line is searched.
fn may_be_labelled(line: &str) -> bool {
    let head = head(line, 160);
    LABEL_HINT.as_ref().is_none_or(|re| re.is_match(head)) && has_separator(line)
}

/// At most the first `n` bytes of `line`, cut at a character boundary.
fn head(line: &str, n: usize) -> &str {
    let mut cut = line.len().min(n);
    while !line.is_char_boundary(cut) {
        cut -= 1;
    }
    &line[..cut]
}

/// A short line, or a separator (`:`, `：`, `]`, `】`) near the start.
fn has_separator(line: &str) -> bool {
    line.len() <= 64 || head(line, 96).contains([':', '：', ']', '】'])
}

fn truncate_chars(s: &str, n: usize) -> &str {
    match s.char_indices().nth(n) {
        Some((p, _)) => &s[..p],
        None => s,
    }
}

/// The next non-blank visible line within `CONTINUATION_LINES`, if it is
/// not a table row.
fn next_line(body: &Body<'_>, i: usize) -> Option<usize> {
    (i + 1..body.lines.len())
        .take(CONTINUATION_LINES + 1)
        .find(|&j| body.layout[j] != Layout::Blank)
        .filter(|&j| !matches!(body.layout[j], Layout::Hidden | Layout::Table))
}

/// How far below a time-only label its table of dates may start.
const TABLE_DISTANCE: usize = 6;

/// The dates of a table a few lines below line `at`, in the same section,
/// that writes one date per column: a head row of months (`9月`, `2025年1月`,
/// `Sep`) over a row of days (`25日`, `18日（错开圣诞节）`, `25`), as schedules
/// laid out for a phone screen do. The table's first line, and each date as
/// an `、`-joined group.
fn column_dates(body: &Body<'_>, at: usize) -> Option<(usize, Vec<super::grammar::Group>)> {
    let top = (at + 1..body.lines.len())
        .take(TABLE_DISTANCE)
        .take_while(|&j| !matches!(body.layout[j], Layout::Heading(_)))
        .find(|&j| body.layout[j] == Layout::Table)?;
    let cells = |j: usize| -> Vec<String> {
        body.lines[j]
            .trim()
            .trim_matches('|')
            .split('|')
            .map(|c| normalize(c).trim().to_string())
            .collect()
    };
    let rows: Vec<usize> = (top..body.lines.len())
        .take_while(|&j| body.layout[j] == Layout::Table)
        .filter(|&j| {
            !cells(j)
                .iter()
                .all(|c| c.chars().all(|ch| matches!(ch, '-' | ':')))
        })
        .take(2)
        .collect();
    let [head, days] = rows[..] else {
        return None;
    };
    let (head, days) = (cells(head), cells(days));
    if head.len() < 2 || head.len() != days.len() {
        return None;
    }
    let mut text = String::new();
    for (h, d) in head.iter().zip(&days) {
        let one = if h.ends_with('月') {
            format!("{h}{d}")
        } else {
            format!("{d} {h}")
        };
        let r = read(&one, false);
        if r.has_time() || r.last.is_some() {
            return None;
        }
        let date = r.first?;
        if !text.is_empty() {
            text.push('、');
        }
        if let Some(y) = date.y {
            text.push_str(&format!("{y}年"));
        }
        text.push_str(&format!("{}月{}日", date.m, date.d));
    }
    let groups = read_groups(&text, false);
    (groups.len() == head.len()).then_some((top, groups))
}

/// [`scan_body`] of a text.
#[cfg(test)]
pub(crate) fn scan(body: &str, first_line: Line) -> Scan {
    scan_body(&Body::new(body, first_line))
}

/// The labelled lines of a body, as candidates (`Source::Label`).
pub(crate) fn scan_body(body: &Body<'_>) -> Scan {
    let (lines, first_line) = (&body.lines, body.first_line);
    let mut out = Scan {
        consumed: vec![false; lines.len()],
        ..Scan::default()
    };
    let mut i = 0;
    while i < lines.len() {
        let raw = lines[i];
        let here = i;
        i += 1;
        if body.hidden(here) || body.layout[here] == Layout::Table || !may_be_labelled(raw) {
            continue;
        }
        let norm = normalize(raw);
        let s = strip_prefix(&norm);
        let Some(field) = split_field(s) else {
            continue;
        };
        let Some(tier) = tier_of(field.label) else {
            continue;
        };
        let label = field.label.to_string();
        let mut value = field.value;
        // `活动时间：时间：2019 年…`: a label repeated inside the value.
        for _ in 0..3 {
            let inner = strip_prefix(&value);
            match split_field(inner) {
                Some(f) if f.colon && tier_of(f.label).is_some() => value = f.value,
                _ => break,
            }
        }
        let mut at = here;
        let mut text = raw.trim().to_string();
        if value.trim().is_empty() {
            // The label stands alone; its value is on the next line.
            let Some(j) = next_line(body, here) else {
                continue;
            };
            let next_norm = normalize(lines[j]);
            if is_field_line(&next_norm) {
                continue;
            }
            value = strip_prefix(&next_norm).to_string();
            at = j;
            text = lines[j].trim().to_string();
            i = j + 1;
        } else if !field.colon {
            continue;
        }
        let value = truncate_chars(&value, MAX_VALUE_CHARS);
        let mut groups = super::prose::settle_groups(read_groups(value, false)).into_iter();
        let Some(first) = groups.next() else {
            out.unreadable.push(Unreadable {
                line: first_line + at,
                label,
                text,
            });
            continue;
        };
        let mut reading = first.reading;
        let mut more: Vec<_> = groups.collect();
        out.consumed[here] = true;
        out.consumed[at] = true;
        if reading.has_time() && !reading.has_date() && more.is_empty() {
            // `**会议时间**` / `- 每月最后一周的周三 晚上 19:00` over a table that
            // writes the dates in columns (`| 9月 | 10月 |` / `| 25日 | 30日 |`):
            // the hours of each of those days.
            if let Some((table, mut days)) = column_dates(body, at) {
                text = format!(
                    "{text} / the dates of the table at line {}",
                    first_line + table
                );
                let mut dated = days.remove(0);
                let time = |r: &mut Reading| {
                    r.start.clone_from(&reading.start);
                    r.end.clone_from(&reading.end);
                    r.next_day = reading.next_day;
                    r.zone.clone_from(&reading.zone);
                };
                time(&mut dated.reading);
                for g in &mut days {
                    time(&mut g.reading);
                }
                reading = dated.reading;
                more = days;
            }
        }
        if reading.has_date() && !reading.has_time() && more.is_empty() {
            // `活动时间：2023 年 8 月 9 日（周三）` with `19:00 - 20:00` on the
            // next line, unlabelled.
            if let Some(j) = next_line(body, at) {
                let next_norm = normalize(lines[j]);
                let bare = strip_prefix(&next_norm);
                if !is_field_line(&next_norm) && bare.chars().count() <= 40 && is_time_only(bare) {
                    let more = read(bare, false);
                    if more.has_time() && !more.has_date() {
                        reading.start = more.start;
                        reading.end = more.end;
                        reading.next_day = more.next_day;
                        if reading.zone.is_none() {
                            reading.zone = more.zone;
                        }
                        text = format!("{text} / {}", lines[j].trim());
                        out.consumed[j] = true;
                        i = i.max(j + 1);
                    }
                }
            }
        }
        out.candidates.push(Candidate {
            line: Some(first_line + at),
            source: Source::Label(tier),
            label,
            // A label says what the line is; only an exclusion
            // (`时间：上一期 5 月 6 日`) can overrule it, or a heading that
            // puts it under a campaign (`## 下方有福利放送` over `活动时间：…`,
            // the window of a prize draw).
            cues: super::cues::Cues {
                excluded: super::cues::exclusion(value).or_else(|| {
                    body.section[at]
                        .as_ref()
                        .filter(|sec| super::cues::names_campaign(body.lines[sec.at]))
                        .map(|_| super::cues::Exclusion::Campaign)
                }),
                ..super::cues::Cues::default()
            },
            text,
            reading,
            more,
            para: body.para[at],
            run: body.run[at],
            section: body.section[at].clone(),
            place_note: None,
            year_note: None,
            year_rule: None,
        });
    }
    combine_date_and_time(&mut out.candidates);
    out
}

/// `日期：2019年6月24日` + `时间：9:00 – 16:00` (or `Date:` + `Time:`) on
/// nearby lines become one candidate. Candidates are in line order, so a
/// partner is searched among the few neighbours only.
fn combine_date_and_time(cands: &mut Vec<Candidate>) {
    let n = cands.len();
    let mut gone = vec![false; n];
    let line = |c: &Candidate| c.line.unwrap_or(0);
    for k in 0..n {
        let time_only = cands[k].reading.has_time() && !cands[k].reading.has_date();
        if !time_only || gone[k] {
            continue;
        }
        let here = line(&cands[k]);
        let source = cands[k].source;
        let lo = k.saturating_sub(COMBINE_DISTANCE);
        let hi = (k + COMBINE_DISTANCE + 1).min(n);
        let partner = (lo..hi)
            .filter(|&j| {
                let c = &cands[j];
                j != k
                    && !gone[j]
                    && c.source == source
                    && c.reading.has_date()
                    && !c.reading.has_time()
                    && c.reading.last.is_none()
                    && line(c).abs_diff(here) <= COMBINE_DISTANCE
            })
            .min_by_key(|&j| line(&cands[j]).abs_diff(here));
        let Some(p) = partner else {
            continue;
        };
        gone[k] = true;
        let t = cands[k].clone();
        let d = &mut cands[p];
        d.reading.start = t.reading.start;
        d.reading.end = t.reading.end;
        d.reading.next_day = t.reading.next_day;
        if d.reading.zone.is_none() {
            d.reading.zone = t.reading.zone;
        }
        if d.more.is_empty() {
            d.more = t.more.clone();
        }
        if t.line.unwrap_or(0) < d.line.unwrap_or(0) {
            d.text = format!("{} / {}", t.text, d.text);
            d.line = t.line;
            d.label = t.label;
        } else {
            d.text = format!("{} / {}", d.text, t.text);
        }
    }
    let mut k = 0;
    cands.retain(|_| {
        k += 1;
        !gone[k - 1]
    });
}

/// What a location label ends with (`活动地点`, `会议地址`, `Event Location`,
/// `Venue`), compared without whitespace, lowercase.
const PLACE_WORDS: [&str; 8] = [
    "地点", "地址", "场地", "location", "venue", "address", "place", "where",
];

/// The value of the first labelled location line (`**Event Location**:
/// Nimhans Convention Center, Bangalore, India`), else the lines under a
/// location heading (see [`location_heading`]).
pub(crate) fn location_line(body: &Body<'_>) -> Option<String> {
    labelled_location(body).or_else(|| location_heading(body))
}

/// `### Location` (or `**Venue**` alone, `## Location And Transportation`)
/// and the address under it, up to the next heading (at most 6 lines):
/// `Europaplein 22, 1078 GZ<br>` / `Amsterdam, Netherlands<br>`.
fn location_heading(body: &Body<'_>) -> Option<String> {
    let at = (0..body.lines.len()).find(|&i| {
        let heading = matches!(body.layout[i], Layout::Heading(_)) || bold_heading(body.lines[i]);
        heading && {
            let key: String = normalize(head(body.lines[i], 120))
                .chars()
                .filter(|c| c.is_alphabetic())
                .flat_map(char::to_lowercase)
                .collect();
            key.chars().count() <= 32
                && PLACE_WORDS
                    .iter()
                    .any(|w| key.starts_with(w) || key.ends_with(w))
        }
    })?;
    let lines: Vec<String> = (at + 1..body.lines.len())
        .take_while(|&i| !matches!(body.layout[i], Layout::Heading(_)))
        .filter(|&i| !body.hidden(i) && body.layout[i] != Layout::Blank)
        .take(6)
        .map(|i| normalize(head(body.lines[i], 400)).trim().to_string())
        .collect();
    (!lines.is_empty()).then(|| lines.join(" / "))
}

/// Names of the city table that are a country or a people, not a place
/// one meets in (`contributors in India`, `in the UK`), or a city that is
/// also a state (`in Washington`).
const NOT_A_VENUE: [&str; 8] = [
    "uk",
    "british",
    "india",
    "china",
    "brazil",
    "argentina",
    "ukrainian",
    "washington",
];

/// The cities the prose puts the event in (`AGU 2019 this year in San
/// Francisco`, `a cafe and bar by the beach in Valencia`), when every city
/// named after `in` is of one zone: that zone, the city, and the line.
/// Lines with a URL only in link text count as prose too; tables, code and
/// headings do not (a heading over a list of cities is not the venue).
pub(crate) fn prose_place(body: &Body<'_>) -> Option<(chrono_tz::Tz, String, String)> {
    let mut found: Option<(chrono_tz::Tz, String, String)> = None;
    for (i, raw) in body.lines.iter().enumerate() {
        if !matches!(body.layout[i], Layout::Text | Layout::ListItem) {
            continue;
        }
        let t = head(raw, 2000);
        for (tz, name) in cities_after_in(t) {
            match &found {
                Some((z, _, _)) if *z != tz => return None,
                Some(_) => {}
                None => found = Some((tz, name, normalize(t).trim().to_string())),
            }
        }
    }
    found
}

/// The one zone of every city `text` names after `in`, and the first city.
pub(crate) fn in_cities(text: &str) -> Option<(chrono_tz::Tz, String)> {
    let mut found: Option<(chrono_tz::Tz, String)> = None;
    for line in text.lines() {
        for (tz, name) in cities_after_in(head(line, 2000)) {
            match &found {
                Some((z, _)) if *z != tz => return None,
                Some(_) => {}
                None => found = Some((tz, name)),
            }
        }
    }
    found
}

/// Whether the words before an `in` put its city in another time than the
/// event's (`last year in London`, `founded in London in 2015`) or make it
/// where someone lives or works (`a designer based in Berlin`, `who lives in
/// Tokyo`, `our members in Paris`): the city is not the venue, and the
/// post's times are not its clock.
fn elsewhere_in(before: &[String]) -> bool {
    const AWAY: [&str; 20] = [
        "based",
        "lives",
        "live",
        "living",
        "born",
        "raised",
        "works",
        "working",
        "moved",
        "headquartered",
        "studied",
        "studies",
        "founded",
        "formed",
        "established",
        "members",
        "contributors",
        "colleagues",
        "folks",
        "friends",
    ];
    let n = before.len();
    let last = |i: usize| {
        n.checked_sub(i)
            .and_then(|j| before.get(j))
            .map(String::as_str)
    };
    last(1).is_some_and(|w| AWAY.contains(&w))
        || (matches!(
            last(1),
            Some(
                "year"
                    | "month"
                    | "week"
                    | "time"
                    | "summer"
                    | "spring"
                    | "autumn"
                    | "fall"
                    | "winter"
            )
        ) && matches!(last(2), Some("last" | "previous" | "past")))
}

/// `… this year in San Francisco`, `hosted in Amsterdam`: the cities of the
/// table named right after `in` (not a country or a people).
fn cities_after_in(t: &str) -> Vec<(chrono_tz::Tz, String)> {
    if !t.contains("in ") && !t.contains("In ") {
        return Vec::new();
    }
    let words: Vec<String> = t
        .split(|c: char| !c.is_alphabetic())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect();
    let mut out = Vec::new();
    for k in 0..words.len() {
        if words[k] != "in" || elsewhere_in(&words[..k]) {
            continue;
        }
        let pair = match (words.get(k + 1), words.get(k + 2)) {
            (Some(a), Some(b)) => Some(format!("{a} {b}")),
            _ => None,
        };
        let hit = pair
            .and_then(|p| super::zone::city(&p).map(|tz| (tz, p)))
            .or_else(|| {
                let w = words.get(k + 1)?;
                super::zone::city(w).map(|tz| (tz, w.clone()))
            });
        if let Some((tz, name)) = hit.filter(|(_, n)| !NOT_A_VENUE.contains(&n.as_str())) {
            out.push((tz, name));
        }
    }
    out
}

fn labelled_location(body: &Body<'_>) -> Option<String> {
    body.lines.iter().enumerate().find_map(|(i, raw)| {
        if body.hidden(i) || body.layout[i] == Layout::Table || !has_separator(raw) {
            return None;
        }
        let norm = normalize(head(raw, 400));
        let field = split_field(strip_prefix(&norm))?;
        let key: String = field
            .label
            .chars()
            .filter(|c| !c.is_whitespace())
            .flat_map(char::to_lowercase)
            .collect();
        (field.colon && key.chars().count() <= 16 && PLACE_WORDS.iter().any(|w| key.ends_with(w)))
            .then(|| field.value.trim().to_string())
            .filter(|v| !v.is_empty())
    })
}

/// A time-only line's start and end (`13:30-14:00 签到`, `| 13:00 | 签到 |`):
/// an agenda slot. Only a line that starts with its time counts.
pub(crate) fn agenda_slot(body: &Body<'_>, i: usize) -> Option<Reading> {
    let raw = body.lines[i];
    match body.layout[i] {
        Layout::Table => {
            let norm = normalize(raw);
            let cell = norm
                .trim()
                .trim_start_matches('|')
                .split('|')
                .map(str::trim)
                .find(|c| !c.is_empty())?;
            let r = read(cell, false);
            (r.has_time() && !r.has_date() && cell.starts_with(|c: char| c.is_ascii_digit()))
                .then_some(r)
        }
        Layout::ListItem | Layout::Text | Layout::Heading(_) => {
            let norm = normalize(raw);
            let bare = strip_prefix(&norm);
            if !bare.starts_with(|c: char| c.is_ascii_digit()) {
                return None;
            }
            let r = read(truncate_chars(bare, 40), false);
            (r.has_time() && !r.has_date()).then_some(r)
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_split_as_str_lines_does() {
        for text in [
            "",
            "\n",
            "\n\n",
            "a",
            "a\n",
            "a\r\n",
            "a\r",
            "a\rb\r\n\r\nc",
            "\r\n",
            "时间：5 月\r\n\r\n地点\n\r",
        ] {
            assert_eq!(lines_of(text), text.lines().collect::<Vec<_>>(), "{text:?}");
        }
    }

    proptest::proptest! {
        #[test]
        fn lines_split_as_str_lines_does_for_any_text(text in "[a\r\n时 ]{0,40}") {
            proptest::prop_assert_eq!(lines_of(&text), text.lines().collect::<Vec<_>>());
        }
    }

    fn labels(body: &str) -> Vec<(Line, Tier, String)> {
        scan(body, 10)
            .candidates
            .into_iter()
            .filter_map(|c| match c.source {
                Source::Label(t) => Some((c.line.unwrap_or(0), t, c.label)),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn labels_with_and_without_markup() {
        let cases = [
            (
                "- 活动时间：2023 年 5 月 6 日 14:00",
                Tier::Event,
                "活动时间",
            ),
            ("活动时间：5 月 6 日", Tier::Event, "活动时间"),
            ("* **时间**：2023 年 5 月 6 日", Tier::Event, "时间"),
            ("- 时间: 2023 年 5 月 6 日", Tier::Event, "时间"),
            (
                "**直播时间：**2023年5月6日（周六）20:00-21:00",
                Tier::Live,
                "直播时间",
            ),
            (
                "* \u{200B}**活动时间**\u{200B}：2026 年 4 月 1 日-2026 年 4 月 25 日",
                Tier::Event,
                "活动时间",
            ),
            ("- Time: 2023-11-04 9:00 – 16:00", Tier::Event, "Time"),
            ("> 📅 When: Nov 4, 2023", Tier::Event, "When"),
            ("1. 日期：2023-11-04", Tier::Event, "日期"),
            // No colon: a label word, a space, a value starting with a digit.
            ("* 日期 2019.8.24", Tier::Event, "日期"),
            ("- Time 19:00-21:00", Tier::Event, "Time"),
            ("【时间】2023-11-04 14:00", Tier::Event, "时间"),
            ("Event time: 2023-11-04 14:00", Tier::Event, "Event time"),
            ("会议时间：2023-11-04", Tier::Event, "会议时间"),
            ("举办时间：2023-11-04", Tier::Event, "举办时间"),
            ("   + 活动时间 ： 2023-11-04", Tier::Event, "活动时间"),
            (
                "**会议日期/时间**：2018 年 6 月 27 日，星期三，9:30 – 17:30",
                Tier::Event,
                "会议日期/时间",
            ),
            (
                "**Meeting Date/time:** Friday, October 12, 2018, 13:30-16:50 PM",
                Tier::Event,
                "Meeting Date/time",
            ),
            ("Meetup time: 2023-11-04 19:00", Tier::Event, "Meetup time"),
            ("* **ＴＩＭＥ**：2023-11-04", Tier::Event, "TIME"),
            ("* **时　间**：2023-11-04", Tier::Event, "时 间"),
            ("Livestream: 2023-11-04 20:00", Tier::Live, "Livestream"),
        ];
        for (line, tier, label) in cases {
            assert_eq!(labels(line), vec![(10, tier, label.to_string())], "{line}");
        }
    }

    #[test]
    fn other_labels_tables_and_code_are_not_event_times() {
        let body = "\
申请时间：5 月 24 日-- 6 月 13 日
报名时间：2023-11-01
截止时间：2023-11-02 18:00
提交时间：2023-11-03
| 时间 | 环节 |
| 13:00 | 签到 |
<td>19:00-20:00</td>
```
活动时间：2020-01-01 10:00
```
<!--
活动时间：2020-01-02 10:00
-->
~~~text
时间：2020-01-03
~~~
";
        let s = scan(body, 1);
        assert!(s.candidates.is_empty(), "{:?}", s.candidates);
    }

    #[test]
    fn doubled_label() {
        let s = scan(
            "- 活动时间：时间：2019 年 12 月 28 日（周六）13:00-17:30",
            1,
        );
        assert_eq!(s.candidates.len(), 1);
        let r = &s.candidates[0].reading;
        assert_eq!(r.first.as_ref().map(|d| d.d), Some(28));
        assert_eq!(s.candidates[0].label, "活动时间");
    }

    #[test]
    fn date_and_time_lines_combine() {
        let s = scan(
            "- 日期：2019年6月24日，星期一\n- 时间：9:00 – 16:00\n- 地点：A",
            5,
        );
        assert_eq!(s.candidates.len(), 1);
        let c = &s.candidates[0];
        assert_eq!(c.line, Some(5));
        assert!(c.reading.has_time() && c.reading.has_date());
        assert_eq!(
            c.text,
            "- 日期：2019年6月24日，星期一 / - 时间：9:00 – 16:00"
        );
        let s = scan("- Date: Monday, 24 June, 2019\n- Time: 9:00 – 16:00", 1);
        assert_eq!(s.candidates.len(), 1);
        assert!(s.candidates[0].reading.has_time());
    }

    #[test]
    fn value_on_the_next_line() {
        let s = scan("**活动时间**\n\n2023 年 8 月 9 日（周三）\n", 1);
        assert_eq!(s.candidates.len(), 1);
        assert_eq!(s.candidates[0].line, Some(3));
        // A date-only value followed by an unlabelled time line.
        let s = scan(
            "- 活动时间：2023 年 8 月 9 日（周三）\n\n19：00 - 20：00\n",
            1,
        );
        assert_eq!(s.candidates.len(), 1);
        assert!(s.candidates[0].reading.end.is_some());
        // Nor an agenda item.
        let s = scan("- 活动时间：2023 年 11 月 4 日\n  - 14:00-14:30 签到\n", 1);
        assert!(s.candidates[0].reading.start.is_none());
        // But not another field.
        let s = scan("**活动时间**\n地点：上海 2 号楼\n", 1);
        assert!(s.candidates.is_empty());
    }

    #[test]
    fn label_parenthesis_goes_to_the_value() {
        let s = scan("Time (GMT+8): 14:00-16:00\n", 1);
        assert_eq!(s.candidates.len(), 1);
        assert!(s.candidates[0].reading.zone.is_some());
        assert_eq!(s.candidates[0].label, "Time");
    }

    #[test]
    fn unreadable_labelled_line_is_remembered() {
        let s = scan("- 活动时间：待定\n", 1);
        assert!(s.candidates.is_empty());
        assert_eq!(s.unreadable.len(), 1);
    }

    #[test]
    fn case_insensitive_english_labels() {
        let s = scan("TIME: 2023-11-04 14:00\ndate : 2023-11-04\n", 1);
        assert_eq!(s.candidates.len(), 2);
    }

    #[test]
    fn other_time_labels_are_not_event_labels() {
        for label in [
            "报名时间",
            "截止时间",
            "申请时间",
            "发布日期",
            "Deadline",
            "更新时间",
        ] {
            assert_eq!(tier_of(label), None, "{label}");
        }
    }

    #[test]
    fn layout_of_a_body() {
        let body = Body::new(
            "intro\n\n## Sessions\n- one\n\n- two\n  more\nafter\n| a | b |\n```\ncode\n```\n",
            1,
        );
        assert_eq!(
            body.layout,
            vec![
                Layout::Text,
                Layout::Blank,
                Layout::Heading(2),
                Layout::ListItem,
                Layout::Blank,
                Layout::ListItem,
                Layout::ListItem,
                // Markdown's lazy continuation: still the item.
                Layout::ListItem,
                Layout::Table,
                Layout::Hidden,
                Layout::Hidden,
                Layout::Hidden,
            ]
        );
        // One list across the blank line; a paragraph per block.
        assert_eq!(body.run[3], body.run[5]);
        assert_eq!(body.run[3], Some(3));
        assert_eq!(body.para[0], 1);
        assert_eq!(body.para[2], 2);
        assert_eq!(body.para[3], 3);
        assert_eq!(body.para[5], 4);
        assert_eq!(body.para[7], 4);
    }

    #[test]
    fn agenda_slots_start_with_their_time() {
        let body = Body::new(
            "| 13:30-14:00 | 签到 |\n- 14:00-15:00 主题分享\n参加 14:00 的分享\n",
            1,
        );
        assert!(agenda_slot(&body, 0).is_some_and(|r| r.end.is_some()));
        assert!(agenda_slot(&body, 1).is_some());
        assert!(agenda_slot(&body, 2).is_none());
    }
}
