//! Finds the lines of a body that say when the event is: labelled lines
//! (`- 活动时间：…`, `**Time**: …`, `【时间】…`), outside code blocks, HTML
//! comments and tables.

use super::grammar::{read, weekday_named, weekday_of_char, year_ok, Reading};
use super::text::normalize;
use crate::model::Line;
use std::sync::LazyLock;

/// How much a label is trusted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Tier {
    /// 活动时间, 时间, 日期, Time, Date, When, …: the event's own time.
    Event,
    /// 直播时间 and the like: the time of a broadcast of the event.
    Live,
}

/// A labelled line whose value could be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Candidate {
    /// File line of the evidence (the first line when two were combined).
    pub line: Line,
    pub tier: Tier,
    /// The label as written (`活动时间`, `Time`).
    pub label: String,
    /// The trimmed source line(s), ` / `-joined when combined.
    pub text: String,
    pub reading: Reading,
}

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
}

/// Values longer than this (in characters) are cut: a time fits in far less,
/// and the cut bounds the work on pathological lines.
const MAX_VALUE_CHARS: usize = 256;
/// How far (in lines) a value may sit below its label, or a bare time line
/// below a date-only labelled line.
const CONTINUATION_LINES: usize = 2;
/// A 日期 line and a 时间 line are combined when this close.
const COMBINE_DISTANCE: usize = 3;

/// Labels of the event's own time, as [`tier_of`] compares them (no
/// whitespace, lowercase).
const EVENT_LABELS: [&str; 28] = [
    "活动时间",
    "活動時間",
    "活动日期",
    "时间",
    "時間",
    "日期",
    "会议时间",
    "會議時間",
    "会议日期",
    "举办时间",
    "舉辦時間",
    "举办日期",
    "日期时间",
    "时间日期",
    "日期与时间",
    "时间与日期",
    "time",
    "date",
    "when",
    "eventtime",
    "eventdate",
    "date&time",
    "dateandtime",
    "date/time",
    "time&date",
    "timeanddate",
    "time/date",
    "datetime",
];
/// Labels of a broadcast's time.
const LIVE_LABELS: [&str; 10] = [
    "直播时间",
    "直播時間",
    "直播日期",
    "线上直播时间",
    "开播时间",
    "livetime",
    "livestream",
    "livestreamtime",
    "streamtime",
    "webinartime",
];

fn tier_of(label: &str) -> Option<Tier> {
    let key: String = label
        .chars()
        .filter(|c| !c.is_whitespace())
        .flat_map(char::to_lowercase)
        .collect();
    if EVENT_LABELS.contains(&key.as_str()) {
        Some(Tier::Event)
    } else if LIVE_LABELS.contains(&key.as_str()) {
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

/// A body split into lines once, for [`scan_body`] and [`unlabelled_date_in`].
pub(crate) struct Body<'a> {
    text: &'a str,
    lines: Vec<&'a str>,
    hidden: Vec<bool>,
    first_line: Line,
    /// Where the words of [`LABEL_WORDS`] are, as (start, end) byte offsets
    /// in `text`, in order; `None` when no searcher could be built.
    label_words: Option<Vec<(usize, usize)>>,
    /// Whether `text` has any full-width Latin letter (`ＴＩＭＥ`).
    full_width_letters: bool,
}

impl<'a> Body<'a> {
    pub(crate) fn new(text: &'a str, first_line: Line) -> Body<'a> {
        let lines = lines_of(text);
        let hidden = hidden_lines(text, &lines);
        Body {
            text,
            lines,
            hidden,
            first_line,
            label_words: label_words_in(text),
            full_width_letters: has_full_width_letter(text),
        }
    }

    /// [`may_be_labelled`] of line `i`, answered from the label words found
    /// in the whole body at once.
    fn may_be_labelled(&self, i: usize) -> bool {
        let line = self.lines[i];
        let Some(words) = &self.label_words else {
            return may_be_labelled(line);
        };
        // `line` is a slice of `text`: its offset is the distance between them.
        let start = line.as_ptr() as usize - self.text.as_ptr() as usize;
        let head = head(line, 160);
        let end = start + head.len();
        let first = words.partition_point(|&(s, _)| s < start);
        let word_in_head = words[first..]
            .iter()
            .take_while(|&&(s, _)| s < end)
            .any(|&(_, e)| e <= end);
        // The same tests as `may_be_labelled`, cheapest first: most lines
        // have no label word, and few bodies any full-width letter.
        if word_in_head {
            has_separator(line)
        } else {
            self.full_width_letters
                && has_full_width_letter(head)
                && has_separator(line)
                && LABEL_WORDS.in_text(&normalize(head))
        }
    }
}

/// Every occurrence of a [`LABEL_WORDS`] word in `text` (ASCII in any
/// case), found with one SIMD multi-pattern search (aho-corasick's Teddy)
/// instead of a byte loop over each line's head: the loop was the costliest
/// function of the event-time stage. Teddy looks for the words' first three
/// bytes (every ASCII case of them: it has no case-insensitive mode); each
/// hit is then checked against the whole word.
fn label_words_in(text: &str) -> Option<Vec<(usize, usize)>> {
    use aho_corasick::packed::{Config, MatchKind, Searcher};
    static SEARCHER: LazyLock<Option<(Searcher, Vec<&'static str>)>> = LazyLock::new(|| {
        let mut builder = Config::new().match_kind(MatchKind::LeftmostFirst).builder();
        // Pattern i is a prefix of word `of[i]`.
        let mut of = Vec::new();
        for &word in LABEL_WORDS.words {
            let prefix = &word.as_bytes()[..word.len().min(3)];
            for case in 0..8u8 {
                let variant: Vec<u8> = prefix
                    .iter()
                    .enumerate()
                    .map(|(k, b)| {
                        if case >> k & 1 == 1 {
                            b.to_ascii_uppercase()
                        } else {
                            *b
                        }
                    })
                    .collect();
                // Words written in CJK have one spelling; ASCII ones up to eight.
                if case == 0 || variant.as_slice() != prefix {
                    builder.add(&variant);
                    of.push(word);
                }
            }
        }
        builder.build().map(|s| (s, of))
    });
    let (searcher, of) = SEARCHER.as_ref()?;
    let bytes = text.as_bytes();
    let mut found = Vec::new();
    let mut at = 0;
    while let Some(m) = searcher.find_in(bytes, aho_corasick::Span::from(at..bytes.len())) {
        let word = of[m.pattern().as_usize()].as_bytes();
        let end = m.start() + word.len();
        if bytes
            .get(m.start()..end)
            .is_some_and(|here| here.eq_ignore_ascii_case(word))
        {
            found.push((m.start(), end));
        }
        // Words can overlap a failed candidate (`datime`): go on one byte later.
        at = m.start() + 1;
    }
    Some(found)
}

/// The lines of `text`, as [`str::lines`] splits them ([`crate::decode::lines`]).
fn lines_of(text: &str) -> Vec<&str> {
    let mut lines = Vec::with_capacity(text.len() / 32 + 1);
    lines.extend(crate::decode::lines(text));
    lines
}

/// Words every label [`tier_of`] knows contains one of. They are searched
/// in the raw line, before any normalization: whitespace, emphasis and
/// zero-width characters that [`normalize`] removes sit *between* a label's
/// words (`活动 **时间**`, `时　间`), never inside these. Full-width Latin
/// letters are the one spelling `normalize` changes inside a word
/// (`ＴＩＭＥ`); such a line is normalized first.
const LABEL_WORDS: Words = Words::new(&["间", "間", "期", "time", "date", "when", "stream"]);

/// What a date [`unlabelled_date_in`] reports has besides digits: `年`
/// (after Chinese numerals) or a weekday (`周二`, `星期二`, `礼拜二`, `Tue`).
const DATE_MARKS: Words = Words::new(&[
    "年", "周", "週", "期", "拜", "mon", "tue", "wed", "thu", "fri", "sat", "sun",
]);

/// A few words to find in short lines (ASCII in any case). A byte loop
/// rather than a multi-pattern searcher: on a line of a few dozen characters
/// the searcher's set-up costs more than the search. Most positions are
/// ruled out by one bit lookup on the two bytes there: a first-byte table
/// alone lets through every CJK character that shares a lead byte with
/// `间` or `期`, and every `t`, `d`, `s` and `w` in English.
struct Words {
    words: &'static [&'static str],
    /// Bit `a << 8 | b` is set when a word starts with the bytes `a b`, in
    /// any ASCII case.
    pairs: [u64; 1024],
}

impl Words {
    const fn new(words: &'static [&'static str]) -> Words {
        let mut pairs = [0u64; 1024];
        let mut i = 0;
        while i < words.len() {
            let w = words[i].as_bytes();
            assert!(w.len() >= 2, "a word of at least two bytes");
            let cases = [
                (w[0].to_ascii_lowercase(), w[1].to_ascii_lowercase()),
                (w[0].to_ascii_lowercase(), w[1].to_ascii_uppercase()),
                (w[0].to_ascii_uppercase(), w[1].to_ascii_lowercase()),
                (w[0].to_ascii_uppercase(), w[1].to_ascii_uppercase()),
            ];
            let mut c = 0;
            while c < cases.len() {
                let k = (cases[c].0 as usize) << 8 | cases[c].1 as usize;
                pairs[k >> 6] |= 1 << (k & 63);
                c += 1;
            }
            i += 1;
        }
        Words { words, pairs }
    }

    fn in_text(&self, hay: &str) -> bool {
        let b = hay.as_bytes();
        b.windows(2).enumerate().any(|(i, pair)| {
            let k = (pair[0] as usize) << 8 | pair[1] as usize;
            self.pairs[k >> 6] & (1 << (k & 63)) != 0
                && self.words.iter().any(|w| {
                    b.get(i..i + w.len())
                        .is_some_and(|here| here.eq_ignore_ascii_case(w.as_bytes()))
                })
        })
    }
}

/// U+FF21…U+FF3A or U+FF41…U+FF5A, found by their UTF-8 bytes.
fn has_full_width_letter(s: &str) -> bool {
    let b = s.as_bytes();
    memchr::memchr_iter(0xEF, b).any(|i| {
        matches!(
            (b.get(i + 1), b.get(i + 2)),
            (Some(0xBC), Some(0xA1..=0xBA)) | (Some(0xBD), Some(0x81..=0x9A))
        )
    })
}

fn has_label_word(head: &str) -> bool {
    LABEL_WORDS.in_text(head)
        || (has_full_width_letter(head) && LABEL_WORDS.in_text(&normalize(head)))
}

/// Could this line carry a label? A label is short and comes before its
/// separator, so only the head of the line is searched for a label word.
fn may_be_labelled(line: &str) -> bool {
    has_separator(line) && has_label_word(head(line, 160))
}

/// Could this line be a full date for [`unlabelled_date_in`]?
fn may_hold_full_date(line: &str) -> bool {
    has_year_digits(line) || DATE_MARKS.in_text(line)
}

/// At most the first `n` bytes of `line`, cut at a character boundary.
fn head(line: &str, n: usize) -> &str {
    let mut cut = line.len().min(n);
    while !line.is_char_boundary(cut) {
        cut -= 1;
    }
    &line[..cut]
}

/// A run of four digits (a year), in ASCII or full width, across the
/// emphasis and zero-width characters `normalize` removes.
fn has_year_digits(line: &str) -> bool {
    let b = line.as_bytes();
    let (mut i, mut run) = (0, 0);
    while i < b.len() {
        let (digit, skip, width) = match b[i] {
            b'0'..=b'9' => (true, false, 1),
            b'*' | b'`' => (false, true, 1),
            0xEF if matches!(
                (b.get(i + 1), b.get(i + 2)),
                (Some(0xBC), Some(0x90..=0x99))
            ) =>
            {
                (true, false, 3)
            }
            0xE2 | 0xEF if is_invisible(&b[i..]) => (false, true, 3),
            _ => (false, false, 1),
        };
        if digit {
            run += 1;
            if run >= 4 {
                return true;
            }
        } else if !skip {
            run = 0;
        }
        i += width;
    }
    false
}

/// Zero-width characters and U+FE0F at the start of `b` (all three bytes long).
fn is_invisible(b: &[u8]) -> bool {
    matches!(
        b,
        [0xE2, 0x80, 0x8B..=0x8D, ..]
            | [0xE2, 0x81, 0xA0, ..]
            | [0xEF, 0xBB, 0xBF, ..]
            | [0xEF, 0xB8, 0x8F, ..]
    )
}

/// A label is short and comes first, followed by a separator, or stands
/// alone on a short line.
fn has_separator(line: &str) -> bool {
    // A label is short and comes first: the separator is near the start
    // (markup, an emoji and a 16-character label fit in 96 bytes). One pass
    // over those bytes for `:`, `]`, `：` (EF BC 9A) and `】` (E3 80 91).
    if line.len() <= 64 {
        return true;
    }
    let head = head(line, 96).as_bytes();
    head.iter().enumerate().any(|(i, &c)| match c {
        b':' | b']' => true,
        0xEF => head.get(i + 1..i + 3) == Some(&[0xBC, 0x9A]),
        0xE3 => head.get(i + 1..i + 3) == Some(&[0x80, 0x91]),
        _ => false,
    })
}

fn truncate_chars(s: &str, n: usize) -> &str {
    match s.char_indices().nth(n) {
        Some((p, _)) => &s[..p],
        None => s,
    }
}

/// The next non-blank visible line within `CONTINUATION_LINES`, if it is
/// not a table row.
fn next_line(lines: &[&str], hidden: &[bool], i: usize) -> Option<usize> {
    (i + 1..lines.len())
        .take(CONTINUATION_LINES + 1)
        .find(|&j| !lines[j].trim().is_empty())
        .filter(|&j| !hidden[j] && !is_table(lines[j]))
}

/// [`scan_body`] of a text.
#[cfg(test)]
pub(crate) fn scan(body: &str, first_line: Line) -> Scan {
    scan_body(&Body::new(body, first_line))
}

pub(crate) fn scan_body(body: &Body<'_>) -> Scan {
    let (lines, hidden, first_line) = (&body.lines, &body.hidden, body.first_line);
    let mut out = Scan::default();
    let mut i = 0;
    while i < lines.len() {
        let raw = lines[i];
        let here = i;
        i += 1;
        if hidden[here] || is_table(raw) || !body.may_be_labelled(here) {
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
        let mut line_no = first_line + here;
        let mut text = raw.trim().to_string();
        if value.trim().is_empty() {
            // The label stands alone; its value is on the next line.
            let Some(j) = next_line(lines, hidden, here) else {
                continue;
            };
            let next_norm = normalize(lines[j]);
            if is_field_line(&next_norm) {
                continue;
            }
            value = strip_prefix(&next_norm).to_string();
            line_no = first_line + j;
            text = lines[j].trim().to_string();
            i = j + 1;
        } else if !field.colon {
            continue;
        }
        let mut reading = read(truncate_chars(&value, MAX_VALUE_CHARS), false);
        if reading.is_empty() {
            out.unreadable.push(Unreadable {
                line: line_no,
                label,
                text,
            });
            continue;
        }
        if reading.has_date() && !reading.has_time() {
            // `活动时间：2023 年 8 月 9 日（周三）` with `19:00 - 20:00` on the
            // next line, unlabelled.
            let at = line_no - first_line;
            if let Some(j) = next_line(lines, hidden, at) {
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
                        i = i.max(j + 1);
                    }
                }
            }
        }
        out.candidates.push(Candidate {
            line: line_no,
            tier,
            label,
            text,
            reading,
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
    for k in 0..n {
        let time_only = cands[k].reading.has_time() && !cands[k].reading.has_date();
        if !time_only || gone[k] {
            continue;
        }
        let line = cands[k].line;
        let tier = cands[k].tier;
        let lo = k.saturating_sub(COMBINE_DISTANCE);
        let hi = (k + COMBINE_DISTANCE + 1).min(n);
        let partner = (lo..hi)
            .filter(|&j| {
                let c = &cands[j];
                j != k
                    && !gone[j]
                    && c.tier == tier
                    && c.reading.has_date()
                    && !c.reading.has_time()
                    && c.reading.last.is_none()
                    && c.line.abs_diff(line) <= COMBINE_DISTANCE
            })
            .min_by_key(|&j| cands[j].line.abs_diff(line));
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
        if t.line < d.line {
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

/// The first unlabelled short line that reads as a full date, for the
/// "no event time" message (never used as the time itself).
/// [`unlabelled_date_in`] of a text.
#[cfg(test)]
pub(crate) fn unlabelled_date(body: &str, first_line: Line) -> Option<(Line, String)> {
    unlabelled_date_in(&Body::new(body, first_line))
}

pub(crate) fn unlabelled_date_in(body: &Body<'_>) -> Option<(Line, String)> {
    let (lines, hidden, first_line) = (&body.lines, &body.hidden, body.first_line);
    lines.iter().enumerate().find_map(|(i, raw)| {
        if raw.len() > 160
            || hidden[i]
            || !raw.bytes().any(|b| b.is_ascii_digit())
            || is_table(raw)
            || !may_hold_full_date(raw)
        {
            return None;
        }
        let norm = normalize(raw);
        let bare = strip_prefix(&norm);
        if bare.chars().count() > 40 || is_field_line(&norm) {
            return None;
        }
        if !may_give_year_or_weekday(bare) {
            return None;
        }
        let r = read(bare, false);
        let d = r.first.as_ref()?;
        // Checked last: it normalizes the line above, for every candidate line.
        (d.y.is_some() || d.wd.is_some())
            .then(|| !under_other_label(lines, i))
            .filter(|ok| *ok)
            .map(|_| (first_line + i, raw.trim().to_string()))
    })
}

/// Whether [`read`] could find a year or a weekday in normalized text: a
/// year is a run of exactly four ASCII digits from 1900 to 2199, a weekday
/// `周`/`週`/`期`/`拜` (`星期`, `礼拜`) then `一`…`日` (whitespace between
/// allowed), or an ASCII word that names a day. A superset of what the
/// grammar reads, checked with one pass instead of a full reading: most
/// short lines with digits in a post without an event time hold neither.
fn may_give_year_or_weekday(normalized: &str) -> bool {
    // The grammar's own rules (`year_ok`, `weekday_named`,
    // `weekday_of_char`), applied to the lexer's runs of digits and letters.
    let b = normalized.as_bytes();
    let run = |from: usize, part_of: fn(u8) -> bool| {
        from + b[from..].iter().take_while(|&&c| part_of(c)).count()
    };
    let mut i = 0;
    while i < b.len() {
        if b[i].is_ascii_digit() {
            let end = run(i, |c| c.is_ascii_digit());
            let value = normalized[i..end].parse::<u32>().unwrap_or(u32::MAX);
            if end - i == 4 && year_ok(value, 4).is_some() {
                return true;
            }
            i = end;
        } else if b[i].is_ascii_alphabetic() || b[i] == b'_' {
            let end = run(i, |c| c.is_ascii_alphabetic() || c == b'_');
            if weekday_named(&normalized[i..end]).is_some() {
                return true;
            }
            i = end;
        } else {
            // Multi-byte characters start on a char boundary here: only
            // ASCII runs were skipped.
            let c = normalized[i..].chars().next().unwrap_or(' ');
            if matches!(c, '周' | '週' | '期' | '拜')
                && normalized[i + c.len_utf8()..]
                    .trim_start()
                    .chars()
                    .next()
                    .and_then(weekday_of_char)
                    .is_some()
            {
                return true;
            }
            i += c.len_utf8();
        }
    }
    false
}

/// True when the line sits under a label alone on its line that is not an
/// event label (`**报名时间**` then the dates on the next line).
fn under_other_label(lines: &[&str], i: usize) -> bool {
    let Some(prev) = lines[..i]
        .iter()
        .rev()
        .take(3)
        .find(|l| !l.trim().is_empty())
    else {
        return false;
    };
    let norm = normalize(prev);
    let p = strip_prefix(&norm).trim_end().trim_end_matches(':');
    p.chars().count() <= 16
        && tier_of(p).is_none()
        && ["时间", "時間", "日期", "time", "date"]
            .iter()
            .any(|k| p.to_lowercase().ends_with(k))
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

    /// The whole-body answer equals the line-by-line one.
    fn assert_labelled_lines_agree(text: &str) {
        let body = Body::new(text, 1);
        assert!(body.label_words.is_some());
        for (i, line) in body.lines.iter().enumerate() {
            assert_eq!(
                body.may_be_labelled(i),
                may_be_labelled(line),
                "{line:?} in {text:?}"
            );
        }
    }

    #[test]
    fn label_words_found_in_the_whole_body_as_in_each_line() {
        let long = "。".repeat(60);
        for text in [
            "- 活动时间：2023 年 5 月 6 日\n普通的文字\nTime: 9:00\n".to_string(),
            "DaTiMe: x\ndatime: x\nSTREAM: y\nwhen: z\nwhe\ntim".to_string(),
            format!("前言：{long}时间\n时间：x{long}\n"),
            format!("{}- Date: x\n", "a".repeat(150)),
            "* **时　间**：5 月\n【ＴＩＭＥ】x\n期:\n間:\nstreams: a\r\nWhen\n".to_string(),
            "a: time\n".repeat(20),
        ] {
            assert_labelled_lines_agree(&text);
        }
    }

    /// The quick test never rules out a line the grammar reads a year or a
    /// weekday from.
    fn assert_year_or_weekday_not_missed(line: &str) {
        let norm = normalize(line);
        let r = read(&norm, false);
        if r.first
            .as_ref()
            .is_some_and(|d| d.y.is_some() || d.wd.is_some())
        {
            assert!(may_give_year_or_weekday(&norm), "{line:?}");
        }
    }

    #[test]
    fn year_or_weekday_test_misses_nothing_the_grammar_reads() {
        for line in [
            "2023 年 8 月 9 日",
            "２０２３-11-04",
            "20**23**-11-04",
            "二〇二三年 3 月 5 日",
            "3 月 5 日 周 二",
            "3 月 5 日（星期六）",
            "礼拜天 3/5",
            "Sat, March 4",
            "SATURDAY 3/4 14:00",
            "Tues. 3/4",
            "June 24, 2019",
            "2199/1/1",
            "1900.1.1",
            "2200/1/1",
            "1899-01-01",
            "12019-01-01",
            "monitor 3/4",
            "3 月 5 日 周末",
        ] {
            assert_year_or_weekday_not_missed(line);
        }
        assert!(!may_give_year_or_weekday("monitor 3/4 port 8080"));
    }

    proptest::proptest! {
        #[test]
        fn year_or_weekday_test_misses_nothing_for_any_line(
            line in "[0-9１２*`年月日号点周週星期礼拜一二三六日天 /:\\-,.adefhimnorstuwyADMST]{0,24}"
        ) {
            assert_year_or_weekday_not_missed(&line);
        }

        #[test]
        fn label_words_found_as_in_each_line_for_any_text(
            text in "([tTiImMeEdDaAwWhHnNsSrR:：间期時間]{0,12}[ \n]){0,12}"
        ) {
            assert_labelled_lines_agree(&text);
        }

        #[test]
        fn lines_split_as_str_lines_does_for_any_text(text in "[a\r\n时 ]{0,40}") {
            proptest::prop_assert_eq!(lines_of(&text), text.lines().collect::<Vec<_>>());
        }
    }

    fn labels(body: &str) -> Vec<(Line, Tier, String)> {
        scan(body, 10)
            .candidates
            .into_iter()
            .map(|c| (c.line, c.tier, c.label))
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
            ("【时间】2023-11-04 14:00", Tier::Event, "时间"),
            ("Event time: 2023-11-04 14:00", Tier::Event, "Event time"),
            ("会议时间：2023-11-04", Tier::Event, "会议时间"),
            ("举办时间：2023-11-04", Tier::Event, "举办时间"),
            ("   + 活动时间 ： 2023-11-04", Tier::Event, "活动时间"),
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
        assert_eq!(c.line, 5);
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
        assert_eq!(s.candidates[0].line, 3);
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
    fn the_prefilters_pass_every_label_and_full_date() {
        for label in EVENT_LABELS.iter().chain(&LIVE_LABELS) {
            // `时　间：` is aligned typography; `T i m e` is not written.
            let spaced: String = if label.is_ascii() {
                label.to_string()
            } else {
                label.chars().flat_map(|c| [c, '\u{3000}']).collect()
            };
            let upper = label.to_uppercase();
            let wide: String = upper
                .chars()
                .map(|c| match c {
                    '!'..='~' => char::from_u32(c as u32 - 0x21 + 0xFF01).unwrap_or(c),
                    c => c,
                })
                .collect();
            for form in [label.to_string(), spaced, upper, wide] {
                for line in [
                    format!("- **{form}**：2023-11-04"),
                    format!("【{form}】2023-11-04"),
                    form.clone(),
                    format!("* \u{200B}`{form}`\u{200B}: x"),
                ] {
                    assert!(may_be_labelled(&line), "{line}");
                }
            }
        }
        for line in ["这是一段：普通的文字", "[链接](https://example.org/a)"] {
            assert!(
                !may_be_labelled(&format!("{line}{}", "。".repeat(30))),
                "{line}"
            );
        }
        for line in [
            "2023 年 8 月 9 日",
            "２０２３-11-04",
            "20**23**-11-04",
            "二〇二三年 3 月 5 日",
            "3 月 5 日（周二）",
            "3 月 5 日星期二",
            "3 月 5 日礼拜二",
            "TUE, Mar 5",
        ] {
            assert!(may_hold_full_date(line), "{line}");
        }
        for line in ["3 月 5 日 14:00", "v1.2.3", "共 128 人"] {
            assert!(!may_hold_full_date(line), "{line}");
        }
    }

    #[test]
    fn dates_under_other_labels_are_no_hint() {
        let body = "🕤**报名时间**\n\n**2025 年 05 月 09 日 - 2025 年 06 月 09 日**\n";
        assert_eq!(unlabelled_date(body, 1), None);
    }

    #[test]
    fn unlabelled_date_hint() {
        let body = "## 直播介绍\n\n2023 年 8 月 9 日（周三）\n\n19：00 - 20：00\n";
        assert_eq!(
            unlabelled_date(body, 20),
            Some((22, "2023 年 8 月 9 日（周三）".to_string()))
        );
    }
}
