//! Times written in sentences rather than on labelled lines: every body
//! line that is not a labelled line, code or a table, the title, and the
//! front-matter summaries are cut into sentences, and every time expression
//! of a sentence is read. A sentence gives one [`Candidate`] (its further
//! expressions are restatements or other sessions, see [`super::slots`]);
//! an expression whose own clause names history, a deadline or a
//! registration period (see [`super::cues`]) is dropped, or marks the
//! candidate excluded when it was the only one.
//!
//! A line holding only a date followed (within two lines) by a line holding
//! only a time (`🗓 **Wednesday, 5 November 2025**` / `🕒 **15:00 UTC**`) is
//! one candidate. Times inside links of known shapes are candidates of
//! their own ([`super::links`]).

use std::sync::LazyLock;

use regex::Regex;

use super::candidate::{Candidate, Source};
use super::cues::{self, Cues};
use super::grammar::{read, read_groups, Group, Joiner, Reading};
use super::links;
use super::scan::{Body, Layout};
use super::text::normalize;
use crate::model::Line;

/// A line worth reading: it has a digit, or names a day without one
/// (`tomorrow`, `下周四`), or a clock without digits (`noon`).
static HINT: LazyLock<Option<Regex>> = LazyLock::new(|| {
    Regex::new(concat!(
        r"[0-9\x{FF10}-\x{FF19}]|今天|今日|今晚|明天|明日|明晚|后天|昨天|昨日|昨晚|本周|本週|这周|这个周|下周|下週|",
        r"下个周|下星期|本星期|这星期|",
        // A clock in Chinese numerals (`七点整`, `下午两点半`, `八点十五分`);
        // not a bare `两点` (`两点建议` is two points).
        r"[一二两三四五六七八九十]{1,3}点(?:整|半|钟|[一二三四五六七八九十]{1,3}分|[一三]刻)|",
        r"(?:上午|下午|晚上|早上|中午|傍晚|凌晨)[一二两三四五六七八九十]{1,3}点|",
        r"(?i-u:\b(?:today|tonight|tomorrow|yesterday|next|coming|upcoming|this|noon|midday|midnight)\b)"
    ))
    .ok()
});

/// Whether `s` can hold a day or a clock, by [`HINT`]. Most lines that can
/// hold one have an ASCII digit, found before the regex runs.
fn may_hold_time(s: &str) -> bool {
    s.bytes().any(|b| b.is_ascii_digit()) || HINT.as_ref().is_none_or(|re| re.is_match(s))
}

/// `5.14 Ubuntu 11.04 Release Party圆满结束`, a title `5.14 Ubuntu 11.04 活动总结`:
/// a month and day written with a dot, opening the statement, before a space,
/// in a statement that names an event (`活动`, `Party`, `沙龙`) and announces
/// or reports it. Elsewhere `5.14` is a number or a version (`Ubuntu 11.04`,
/// `etcd 3.3.10`), so only this place reads it as a day: the text with the
/// day written as `5月14日`.
fn leading_month_day(text: &str) -> Option<String> {
    let b = text.as_bytes();
    let m = b.iter().take_while(|c| c.is_ascii_digit()).count();
    if !(1..=2).contains(&m) || b.get(m) != Some(&b'.') {
        return None;
    }
    let d = b[m + 1..].iter().take_while(|c| c.is_ascii_digit()).count();
    if !(1..=2).contains(&d) || b.get(m + 1 + d).is_none_or(|c| *c != b' ') {
        return None;
    }
    let (month, day): (u32, u32) = (
        text[..m].parse().ok()?,
        text[m + 1..m + 1 + d].parse().ok()?,
    );
    if !(1..=12).contains(&month) || !(1..=31).contains(&day) {
        return None;
    }
    let lower = text.to_lowercase();
    let c = cues::cues(&lower);
    let names_event = c.noun
        || ["活动", "party", "派对", "沙龙", "聚会"]
            .iter()
            .any(|w| lower.contains(w));
    let says = c.event.is_some() || c.past || cues::title_reports(text);
    (names_event && says).then(|| format!("{month}月{day}日{}", &text[m + 1 + d..]))
}

/// Sentences longer than this (characters) are cut: the cut bounds the work
/// on a pathological line, and no time expression is that far into a sentence.
const MAX_SENTENCE_CHARS: usize = 600;
/// At most this many sentences of one line are read.
const MAX_SENTENCES: usize = 64;
/// Only this many bytes of a line are read as prose: a paragraph that long
/// is an essay, and the cut bounds the work on a pathological line.
const MAX_LINE_BYTES: usize = 16 * 1024;
/// A time-only line this close below a date-only line completes it.
const TIME_LINE_DISTANCE: usize = 2;

/// Words that end with `.` without ending a sentence.
const ABBREVIATIONS: [&str; 36] = [
    "a", "p", "m", "am", "pm", "a.m", "p.m", "jan", "feb", "mar", "apr", "jun", "jul", "aug",
    "sep", "sept", "oct", "nov", "dec", "mon", "tue", "tues", "wed", "thu", "thur", "thurs", "fri",
    "sat", "sun", "dr", "mr", "ms", "st", "e.g", "i.e", "vs",
];

/// Cuts normalized text into sentences: after `。！？!?`, and after `.`
/// followed by a blank, unless the word before it is an abbreviation
/// (`Nov.`, `p.m.`). `;` does not end a sentence: it often joins one slot's
/// zones (`2-3PM PDT; 9-10PM GMT`).
pub(crate) fn sentences(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    let b = text.as_bytes();
    // Inside a link's text (`[useR! 2026](…)`) `!` and `?` are part of a
    // name; a `.` still ends a sentence, so an unclosed `[` costs little.
    let mut in_link_text = false;
    for (i, c) in text.char_indices() {
        let end = i + c.len_utf8();
        let cut = match c {
            '[' => {
                in_link_text = true;
                false
            }
            ']' => {
                in_link_text = false;
                false
            }
            '。' | '\n' => true,
            '！' | '？' | '!' | '?' => !in_link_text,
            '.' => {
                let next_blank = b.get(end).is_none_or(|x| x.is_ascii_whitespace());
                let word: String = text[start..i]
                    .chars()
                    .rev()
                    .take_while(|c| c.is_ascii_alphabetic() || *c == '.')
                    .collect::<Vec<_>>()
                    .into_iter()
                    .rev()
                    .collect::<String>()
                    .to_ascii_lowercase();
                next_blank && !ABBREVIATIONS.contains(&word.as_str())
            }
            _ => false,
        };
        if cut {
            if !text[start..end].trim().is_empty() {
                out.push(&text[start..end]);
            }
            start = end;
            if out.len() >= MAX_SENTENCES {
                return out;
            }
        }
    }
    if !text[start..].trim().is_empty() {
        out.push(&text[start..]);
    }
    out
}

/// At most the first `n` bytes of `s`, cut at a character boundary.
fn head(s: &str, n: usize) -> &str {
    let mut cut = s.len().min(n);
    while !s.is_char_boundary(cut) {
        cut -= 1;
    }
    &s[..cut]
}

fn truncate_chars(s: &str, n: usize) -> &str {
    match s.char_indices().nth(n) {
        Some((p, _)) => &s[..p],
        None => s,
    }
}

/// The first clause of `text` (split at `,` `;` `，` `；` `。`) that writes
/// a date, lowercased for the cue sets. Read clause by clause because a
/// group's span may reach over marks (`…干货，相信12.18号…` is one group).
fn date_clause(text: &str) -> Option<String> {
    text.split([',', ';', '，', '；', '。'])
        .find(|c| read_groups(c, false).iter().any(|g| g.reading.has_date()))
        .map(str::to_lowercase)
}

/// The clause of `text` around a group: from the end of the group before
/// to the first `,`/`;` after the group (or the next group's start).
fn clause(text: &str, groups: &[Group], k: usize) -> String {
    let from = if k == 0 { 0 } else { groups[k - 1].span.1 };
    let next = groups.get(k + 1).map_or(text.len(), |g| g.span.0);
    let tail_end = text[groups[k].span.1.min(text.len())..]
        .find([',', ';', '，', '；'])
        .map_or(next, |p| (groups[k].span.1 + p).min(next));
    text.get(from.min(tail_end)..tail_end.max(from))
        .unwrap_or("")
        .to_lowercase()
}

/// Words after a time that say people arrive then, not that the event begins.
const ARRIVAL: [&str; 9] = [
    "签到",
    "入场",
    "检票",
    "报到",
    "开放入场",
    "registration",
    "doors",
    "check-in",
    "arrive",
];
/// Words after a time that say the event begins then.
const BEGINS: [&str; 8] = [
    "开始",
    "开幕",
    "开讲",
    "start",
    "begin",
    "kick off",
    "kicks off",
    "get started",
];

/// `8:00 签到，9:00 正式开始`, `doors open at 6pm, talks start at 7pm`: the
/// first time is when people arrive, the next one (no date of its own) when
/// the event begins; the event starts at the second, on the first's day.
fn doors_before_start(text: &str, mut groups: Vec<Group>) -> Vec<Group> {
    if groups.len() < 2 {
        return groups;
    }
    let (a, b) = (&groups[0], &groups[1]);
    let near = |from: usize, to: usize| {
        text.get(from.min(text.len())..to.min(text.len()))
            .unwrap_or("")
            .to_lowercase()
    };
    // The words right before or after each time (within its clause).
    let around = |g: &Group, next: usize| {
        let before = text[..g.span.0.min(text.len())]
            .rfind([',', ';', '，', '；', '。', ':', '：'])
            .map_or(0, |p| {
                p + text[p..].chars().next().map_or(1, char::len_utf8)
            });
        let after = text[g.span.1.min(text.len())..]
            .find([',', ';', '，', '；', '。'])
            .map_or(next, |p| (g.span.1 + p).min(next));
        near(before, after)
    };
    let first = around(a, b.span.0);
    let second = around(b, text.len());
    let arrival = ARRIVAL.iter().any(|w| first.contains(w));
    let begins =
        BEGINS.iter().any(|w| second.contains(w)) && !ARRIVAL.iter().any(|w| second.contains(w));
    let conj = b.joiner.is_some_and(Joiner::is_conjunction);
    if arrival
        && begins
        && !conj
        && a.reading.start.is_some()
        && a.reading.end.is_none()
        && b.reading.start.is_some()
        && !b.reading.has_date()
    {
        let b = groups.remove(1);
        groups[0].reading.start = b.reading.start;
        groups[0].reading.end = b.reading.end;
        if b.reading.zone.is_some() {
            groups[0].reading.zone = b.reading.zone;
        }
    }
    groups
}

/// The groups of a sentence, once a date-only group and a time-only group
/// next to each other (not joined by `and`/`or`) are one (`Tuesday 28
/// January, 12:00 UTC`), and a zone written only on the last of several
/// `and`-joined times applies to all of them (`at 15:00 and 23:00 UTC`).
/// Later groups without a date take the date of the group before.
pub(crate) fn settle_groups(mut groups: Vec<Group>) -> Vec<Group> {
    let mut out: Vec<Group> = Vec::with_capacity(groups.len());
    for g in groups.drain(..) {
        if let Some(prev) = out.last_mut() {
            let conj = g.joiner.is_some_and(Joiner::is_conjunction);
            let p = &prev.reading;
            let r = &g.reading;
            let date_then_time = p.has_date() && !p.has_time() && r.has_time() && !r.has_date();
            let time_then_date = p.has_time() && !p.has_date() && r.has_date() && !r.has_time();
            if !conj && (date_then_time || time_then_date) {
                let mut merged = prev.reading.clone();
                if date_then_time {
                    merged.start = g.reading.start.clone();
                    merged.end = g.reading.end.clone();
                    merged.next_day = g.reading.next_day;
                } else {
                    merged.first = g.reading.first.clone();
                    merged.last = g.reading.last.clone();
                    merged.relative = g.reading.relative.clone();
                    merged.daily |= g.reading.daily;
                }
                if merged.zone.is_none() {
                    merged.zone = g.reading.zone.clone();
                }
                prev.reading = merged;
                prev.span.1 = g.span.1;
                continue;
            }
        }
        out.push(g);
    }
    // `15:00 and 23:00 UTC`: the zone written last holds for the times
    // before it that name none.
    for k in (1..out.len()).rev() {
        let conj = out[k].joiner.is_some_and(Joiner::is_conjunction);
        if conj
            && out[k - 1].reading.zone.is_none()
            && out[k - 1]
                .reading
                .start
                .as_ref()
                .is_some_and(|t| t.zone.is_none())
        {
            out[k - 1].reading.zone = out[k].reading.zone.clone();
        }
    }
    // `27&28 July (12:00-16:00 UTC)`: hours written on the last of several
    // `and`-joined days hold for the days before it that have none.
    for k in (1..out.len()).rev() {
        let conj = out[k].joiner.is_some_and(Joiner::is_conjunction);
        let earlier = &out[k - 1].reading;
        if conj && earlier.has_date() && !earlier.has_time() && out[k].reading.has_time() {
            let later = out[k].reading.clone();
            let r = &mut out[k - 1].reading;
            r.start = later.start;
            r.end = later.end;
            r.next_day = later.next_day;
            if r.zone.is_none() {
                r.zone = later.zone;
            }
        }
    }
    // Later groups without a date are on the date before.
    for k in 1..out.len() {
        if !out[k].reading.has_date() && out[k].reading.has_time() {
            let (first, last, rel) = {
                let p = &out[k - 1].reading;
                (p.first.clone(), p.last.clone(), p.relative.clone())
            };
            let r = &mut out[k].reading;
            r.first = first;
            r.last = last;
            r.relative = rel;
            out[k].date_inherited = true;
        }
    }
    out
}

/// One candidate from the groups of a text; `None` when it has none.
#[allow(clippy::too_many_arguments)]
fn candidate(
    text: &str,
    evidence: &str,
    line: Option<Line>,
    source: Source,
    label: &str,
    para: usize,
    run: Option<usize>,
    context_exclusion: Option<cues::Exclusion>,
    section: Option<super::scan::Section>,
) -> Option<Candidate> {
    let dotted = leading_month_day(text);
    let text = dotted.as_deref().unwrap_or(text);
    let groups = read_groups(text, false);
    if groups.is_empty() {
        return None;
    }
    let lower = text.to_lowercase();
    let mut sentence_cues: Cues = cues::cues(&lower);
    let anywhere = sentence_cues.excluded.take();
    // Each expression is judged by its own clause: `Last year we met on
    // 4 May; this year we meet on 7 June` keeps 7 June.
    let mut kept = Vec::new();
    let mut first_exclusion = context_exclusion;
    for (k, g) in groups.iter().enumerate() {
        let ex = context_exclusion.or_else(|| {
            anywhere?;
            let own = if groups.len() == 1 {
                lower.clone()
            } else {
                clause(text, &groups, k)
            };
            // History words next to words that announce (`will be hosting …
            // as a follow-up to our last call`) do not make the date history;
            // a deadline or a registration period is never the event.
            match cues::exclusion(&own) {
                Some(cues::Exclusion::History) if cues::cues(&own).event.is_some() => None,
                other => other,
            }
        });
        match ex {
            Some(e) => {
                first_exclusion.get_or_insert(e);
            }
            None => kept.push(g.clone()),
        }
    }
    let (groups, excluded) = if kept.is_empty() {
        (groups, first_exclusion)
    } else {
        (kept, None)
    };
    let groups = doors_before_start(text, groups);
    let mut groups = settle_groups(groups).into_iter();
    let first = groups.next()?;
    sentence_cues.excluded = excluded;
    // A report word elsewhere in a long sentence does not make the date's
    // own clause a report: `…已经提前感受到了干货，相信12.18号专场还会有更多
    // 的惊喜等待着大家` announces 12.18. The clause the date stands in decides
    // when it announces and reports nothing.
    // Only words that put the date ahead (`还会`, `will`) overrule; a neutral
    // `活动时间为 4 月 20 日` in a report stays a report.
    if let Some(clause) = sentence_cues.past.then(|| date_clause(text)).flatten() {
        let own = cues::cues(&clause);
        if !own.past && own.event.is_some() && cues::says_future(&clause) {
            sentence_cues.past = false;
            sentence_cues.event = own.event;
        }
    }
    Some(Candidate {
        line,
        source,
        label: label.to_string(),
        text: evidence.trim().to_string(),
        reading: first.reading,
        more: groups.collect(),
        cues: sentence_cues,
        para,
        run,
        section,
        place_note: None,
        year_rule: None,
        year_note: None,
    })
}

/// True when a line holds nothing but a time expression (`19：00 - 20：00`,
/// `🕒 **15:00 UTC**`, `* [11:00 UTC](…)`), not an agenda item (`14:00 签到`).
fn is_time_line(norm: &str) -> Option<Reading> {
    let bare = norm
        .trim()
        .trim_start_matches(|c: char| !c.is_alphanumeric() && c != '(')
        .trim();
    if bare.chars().count() > 40 {
        return None;
    }
    let letters_ok = bare
        .split(|c: char| !c.is_ascii_alphabetic())
        .filter(|w| !w.is_empty())
        .all(|w| {
            matches!(
                w.to_ascii_lowercase().as_str(),
                "am" | "pm" | "a" | "p" | "m" | "to" | "noon" | "midnight" | "utc" | "gmt" | "h"
            ) || (w.len() <= 5 && w.chars().all(|c| c.is_ascii_uppercase()))
        });
    let chars_ok = bare.chars().all(|c| {
        c.is_whitespace()
            || c.is_ascii_digit()
            || c.is_ascii_punctuation()
            || c.is_ascii_alphabetic()
            || "点时時分半刻整钟至到次日上下午中晚早晨清傍夜间里深凌今北京".contains(c)
    });
    if !(letters_ok && chars_ok) {
        return None;
    }
    let r = read(bare, false);
    (r.has_time() && !r.has_date()).then_some(r)
}

/// The heading or short label line just above line `i` (within two lines),
/// when it names an exclusion (`**报名时间**`, `### Deadlines`).
fn heading_exclusion(body: &Body<'_>, i: usize) -> Option<cues::Exclusion> {
    let j = (i.saturating_sub(TIME_LINE_DISTANCE + 1)..i)
        .rev()
        .find(|&j| body.layout[j] != Layout::Blank)?;
    let t = body.lines[j].trim();
    let short = t.chars().count() <= 24 && !t.chars().any(|c| c.is_ascii_digit());
    (short && (matches!(body.layout[j], Layout::Heading(_)) || t.ends_with([':', '：', '*'])))
        .then(|| cues::exclusion(&normalize(t).to_lowercase()))
        .flatten()
}

/// Lines read together: a paragraph's lines (Markdown joins soft-wrapped
/// lines), a list item with its continuation lines, or a heading.
struct Block {
    /// 0-based body lines, in order.
    lines: Vec<usize>,
    list_item: bool,
}

/// The body's blocks, skipping labelled lines, code, tables and raw HTML
/// (embedded widgets: their dates are the widget's, not the event's).
fn blocks(body: &Body<'_>, consumed: &[bool]) -> Vec<Block> {
    let mut out: Vec<Block> = Vec::new();
    let mut open = false;
    for (i, raw) in body.lines.iter().enumerate() {
        let t = raw.trim_start();
        let kind = body.layout[i];
        // Inline HTML inside an open paragraph (`Join us at` / `<a href=…>The
        // Venue</a>` / `from 6pm to 9pm on October 24th!`) continues it, as in
        // CommonMark, where only block-level HTML can interrupt a paragraph.
        let inline_html = open
            && kind == Layout::Text
            && starts_inline_html(t)
            && out
                .last()
                .is_some_and(|b| !b.list_item && body.para[b.lines[0]] == body.para[i]);
        let skip = consumed[i]
            || matches!(kind, Layout::Hidden | Layout::Table | Layout::Blank)
            || (t.starts_with('<') && !inline_html);
        if skip {
            open = false;
            continue;
        }
        let item_start = kind == Layout::ListItem && super::scan::starts_list_item(t);
        let continues = open
            && match (kind, out.last()) {
                (Layout::Text, Some(b)) => !b.list_item && body.para[b.lines[0]] == body.para[i],
                (Layout::ListItem, Some(b)) => b.list_item && !item_start,
                _ => false,
            };
        if continues {
            if let Some(b) = out.last_mut() {
                b.lines.push(i);
            }
        } else {
            out.push(Block {
                lines: vec![i],
                list_item: kind == Layout::ListItem,
            });
        }
        open = !matches!(kind, Layout::Heading(_));
    }
    out
}

/// Whether a line opens with an inline HTML element (`<a href=…>`, `<span>`,
/// `<strong>`), which a paragraph reads through, not a block (`<div>`,
/// `<iframe>`, `<script>`, a comment), which ends it.
fn starts_inline_html(line: &str) -> bool {
    const INLINE: [&str; 16] = [
        "a", "span", "b", "strong", "em", "i", "u", "code", "img", "br", "abbr", "time", "mark",
        "small", "sup", "sub",
    ];
    let Some(rest) = line.strip_prefix('<') else {
        return false;
    };
    let name: String = rest
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric())
        .collect::<String>()
        .to_ascii_lowercase();
    let after = rest[name.len()..].chars().next();
    INLINE.contains(&name.as_str()) && matches!(after, Some(' ' | '>' | '/' | '\t') | None)
}

/// The line holding byte `at` of a block's joined text.
fn line_at(starts: &[(usize, usize)], at: usize) -> usize {
    let k = starts.partition_point(|(s, _)| *s <= at);
    starts[k.saturating_sub(1)].1
}

/// The time links of line `i` (in a block of paragraph `para`, list `run`).
fn link_candidates(body: &Body<'_>, i: usize, raw: &str, with_cues: bool) -> Vec<Candidate> {
    let found = links::time_links(raw);
    if found.is_empty() {
        return Vec::new();
    }
    let cues = if with_cues {
        cues::cues(&raw.to_lowercase())
    } else {
        Cues::default()
    };
    found
        .into_iter()
        .map(|l| Candidate {
            line: Some(body.first_line + i),
            source: Source::Link,
            label: l.site,
            text: raw.trim().to_string(),
            reading: l.reading,
            more: Vec::new(),
            cues: cues.clone(),
            para: body.para[i],
            run: body.run[i],
            section: body.section[i].clone(),
            place_note: None,
            year_note: None,
            year_rule: None,
        })
        .collect()
}

/// The sentence candidates of one block, whose lines' links are `links`.
fn sentence_candidates(
    body: &Body<'_>,
    block: &Block,
    raws: &[&str],
    links: &[Candidate],
) -> (Vec<Candidate>, String) {
    let first = block.lines[0];
    let mut text = String::new();
    let mut starts: Vec<(usize, usize)> = Vec::with_capacity(block.lines.len());
    let mut hard_break = false;
    let mut date_only = false;
    for (&i, raw) in block.lines.iter().zip(raws) {
        // A line that ends with a hard break (two spaces, `\\`, `<br>`) ends
        // its sentence: one time per line (`2:30~约3:30，各人自报家门。  ` over
        // `3:30~4:30，…`) is an agenda, not one sentence running on. A date
        // line over a line of hours (`**Wednesday, 5 November 2025**  ` over
        // `**15:00 UTC**`) stays one statement.
        let norm = normalize(raw);
        let cut = hard_break && {
            let here = read(&norm, false);
            !(date_only && here.has_time() && !here.has_date())
        };
        if !text.is_empty() {
            text.push(if cut { '\n' } else { ' ' });
        }
        let r = raw.trim_end_matches(['\r', '\n']);
        let tail = r.trim_end().to_ascii_lowercase();
        hard_break = r.ends_with("  ")
            || r.ends_with('\\')
            || ["<br>", "<br/>", "<br />"]
                .iter()
                .any(|b| tail.ends_with(b));
        date_only = hard_break && {
            let here = read(&norm, false);
            here.has_date() && !here.has_time()
        };
        starts.push((text.len(), i));
        text.push_str(&norm);
    }
    let above = heading_exclusion(body, first);
    let mut out = Vec::new();
    let all = sentences(&text);
    for (k, &s) in all.iter().enumerate() {
        // A paragraph with one date in it is read sentence by sentence, and
        // only the sentences that can hold a day or a clock go to the grammar.
        if !may_hold_time(s) {
            continue;
        }
        let offset = s.as_ptr() as usize - text.as_ptr() as usize;
        let lead = s.len() - s.trim_start().len();
        let line_index = line_at(&starts, offset + lead);
        let s = truncate_chars(s, MAX_SENTENCE_CHARS);
        let evidence = if block.lines.len() == 1 { raws[0] } else { s };
        let line = Some(body.first_line + line_index);
        let Some(mut c) = candidate(
            s,
            evidence,
            line,
            Source::Prose,
            "sentence",
            body.para[first],
            body.run[first],
            above,
            body.section[line_index].clone(),
        ) else {
            continue;
        };
        // `check the [3:00 pm UTC call](…iso=20230314T15…) and the [9:00 pm
        // UTC call](…)`: the sentence gives the hours, the line's time link
        // its date.
        if !c.reading.has_date() && c.reading.has_time() {
            if let Some(d) = links
                .iter()
                .filter(|l| l.line == line)
                .find_map(|l| l.reading.first.clone())
            {
                c.reading.first = Some(d.clone());
                for g in &mut c.more {
                    if !g.reading.has_date() {
                        g.reading.first = Some(d.clone());
                    }
                }
            }
        }
        if let Some(next) = all.get(k + 1) {
            if c.reading.has_date() && c.cues.event.is_none() && !c.cues.past {
                that_day(&mut c, next, block.lines.len() > 1);
            } else if !c.reading.has_date() && c.reading.has_time() && !c.cues.starts {
                began_then(&mut c, next);
            }
        }
        out.push(c);
    }
    (out, text)
}

/// `2015 年 9 月 19 日是第 12 个软件自由日。当日下午，协会举办了庆祝活动。`: a
/// sentence that opens by pointing back at the day (`当日`, `当天`, `On that
/// day`) says what happened on the date of the sentence before it, which
/// takes its announcing or report words (and, through its text, the part of
/// the day it names).
fn that_day(c: &mut Candidate, next: &str, append: bool) {
    const BACK: [&str; 7] = [
        "当日",
        "当天",
        "当晚",
        "这一天",
        "那一天",
        "同日",
        "that day",
    ];
    let t = next.trim_start();
    let lower = t.get(..24.min(t.len())).unwrap_or(t).to_ascii_lowercase();
    let lower = lower.strip_prefix("on ").unwrap_or(&lower);
    if !BACK
        .iter()
        .any(|b| t.starts_with(b) || lower.starts_with(b))
    {
        return;
    }
    let theirs = cues::cues(&t.to_lowercase());
    if theirs.excluded.is_some() || (theirs.event.is_none() && !theirs.past) {
        return;
    }
    c.cues.event = theirs.event;
    c.cues.past = theirs.past;
    c.cues.noun |= theirs.noun;
    // The evidence of a one-line block is the whole line already.
    if append {
        c.text = format!("{} {}", c.text, truncate_chars(t, MAX_SENTENCE_CHARS));
    }
}

/// `下午 2:30，学术报告厅已经几乎坐满。在主持人的组织下，活动正式开始。`: a time
/// whose next sentence says the event began, without a time of its own, is
/// when it began (see `Cues::starts`).
fn began_then(c: &mut Candidate, next: &str) {
    let theirs = cues::cues(&next.to_lowercase());
    if theirs.starts && theirs.excluded.is_none() && !read(next, false).has_time() {
        c.cues.starts = true;
    }
}

/// A date-only statement completed by the time-only line of the block
/// after it (`🗓 **Wednesday, 5 November 2025**` / `🕒 **15:00 UTC**`); the
/// time line's links are returned to be read still.
fn time_line_below(
    body: &Body<'_>,
    block: &Block,
    next: Option<&Block>,
    c: &mut Candidate,
) -> Option<Vec<Candidate>> {
    if !(c.reading.has_date() && !c.reading.has_time() && c.more.is_empty()) {
        return None;
    }
    let next = next?;
    let j = next.lines[0];
    let last_line = block.lines[block.lines.len() - 1];
    if next.lines.len() != 1 || j - last_line > TIME_LINE_DISTANCE + 1 {
        return None;
    }
    let t = is_time_line(&normalize(body.lines[j]))?;
    c.reading.start = t.start;
    c.reading.end = t.end;
    c.reading.next_day = t.next_day;
    if c.reading.zone.is_none() {
        c.reading.zone = t.zone;
    }
    c.text = format!("{} / {}", c.text, body.lines[j].trim());
    Some(link_candidates(body, j, body.lines[j], false))
}

/// The candidates of the body's paragraphs, list items and headings that
/// are not labelled lines. A list right under a paragraph that announces it
/// (`will be leading two calls:` then `* Tuesday, June 22, 11AM UTC`) takes
/// its words.
pub(crate) fn body_candidates(body: &Body<'_>, consumed: &[bool]) -> Vec<Candidate> {
    let mut out: Vec<Candidate> = Vec::new();
    let all = blocks(body, consumed);
    // The announcing words of the paragraph just before a list, its last
    // line, and whether it introduces the list as the schedule.
    let mut lead_in: Option<(usize, String, bool)> = None;
    let mut skip_block = usize::MAX;
    for (bi, block) in all.iter().enumerate() {
        if bi == skip_block {
            continue;
        }
        let first = block.lines[0];
        let last_line = block.lines[block.lines.len() - 1];
        if !block.list_item {
            lead_in = None;
        }
        let raws: Vec<&str> = block
            .lines
            .iter()
            .map(|&i| head(body.lines[i], MAX_LINE_BYTES))
            .collect();
        let interesting = raws.iter().any(|r| may_hold_time(r));
        if !interesting {
            // Its words matter only if a list follows right under it.
            let list_next = all
                .get(bi + 1)
                .is_some_and(|n| n.list_item && n.lines[0] <= last_line + TIME_LINE_DISTANCE + 1);
            if !block.list_item && list_next {
                let lower = normalize(&raws.join(" ")).to_lowercase();
                let c = cues::cues(&lower);
                lead_in = c
                    .event
                    .map(|e| (last_line, e, cues::introduces_schedule(&lower)));
            }
            continue;
        }
        let links: Vec<Candidate> = block
            .lines
            .iter()
            .zip(&raws)
            .flat_map(|(&i, raw)| link_candidates(body, i, raw, true))
            .collect();
        let (mut found, text) = sentence_candidates(body, block, &raws, &links);
        out.extend(links);
        if !block.list_item {
            // Kept only for a list right after (any other block resets it).
            let list_after = all.get(bi + 1).is_some_and(|n| n.list_item);
            lead_in = list_after
                .then(|| {
                    let lower = text.to_lowercase();
                    cues::cues(&lower)
                        .event
                        .map(|e| (last_line, e, cues::introduces_schedule(&lower)))
                })
                .flatten();
        } else if let Some((at, cue, schedule)) = &lead_in {
            let list_start = body.run[first].unwrap_or(first);
            if list_start > *at && list_start - *at <= TIME_LINE_DISTANCE + 1 {
                for c in &mut found {
                    if c.cues.event.is_none() {
                        c.cues.event = Some(format!("{cue} (above the list)"));
                    }
                    c.cues.schedule |= *schedule;
                }
            }
        }
        let below = found
            .last_mut()
            .and_then(|c| time_line_below(body, block, all.get(bi + 1), c));
        out.extend(found);
        if let Some(more) = below {
            out.extend(more);
            skip_block = bi + 1;
        }
    }
    out.extend(schedule_tables(body));
    out
}

/// A table right under a paragraph that introduces it as the schedule
/// (`举办了系列迎新活动，…，时间安排如下：`, `We will meet at the following
/// times:`): each row that writes a date is one session, with the
/// paragraph's words. Other tables are read only as agendas.
fn schedule_tables(body: &Body<'_>) -> Vec<Candidate> {
    let mut out = Vec::new();
    let n = body.lines.len();
    let mut i = 0;
    while i < n {
        if body.layout[i] != Layout::Table || (i > 0 && body.layout[i - 1] == Layout::Table) {
            i += 1;
            continue;
        }
        let table = i;
        let end = (table..n)
            .find(|&j| body.layout[j] != Layout::Table)
            .unwrap_or(n);
        i = end;
        let lead = (table.saturating_sub(TIME_LINE_DISTANCE + 1)..table)
            .rev()
            .find(|&j| body.layout[j] != Layout::Blank);
        let Some(lead) = lead.filter(|&j| body.layout[j] == Layout::Text) else {
            continue;
        };
        let lower = normalize(head(body.lines[lead], MAX_LINE_BYTES)).to_lowercase();
        let said = cues::cues(&lower);
        if !cues::introduces_schedule(&lower)
            || !(said.event.is_some() || said.past)
            || said.excluded.is_some()
        {
            continue;
        }
        for j in table..end {
            let raw = head(body.lines[j], MAX_LINE_BYTES);
            let text = normalize(&raw.replace('|', " ; "));
            let Some(mut c) = candidate(
                text.trim(),
                raw,
                Some(body.first_line + j),
                Source::Prose,
                "sentence",
                body.para[j],
                Some(table),
                None,
                body.section[j].clone(),
            ) else {
                continue;
            };
            if !c.reading.has_date() || !c.reading.has_time() || c.cues.excluded.is_some() {
                continue;
            }
            if c.cues.event.is_none() {
                c.cues.event = said
                    .event
                    .as_ref()
                    .map(|e| format!("{e} (above the table)"));
            }
            c.cues.past |= said.past;
            c.cues.schedule = true;
            out.push(c);
        }
    }
    out
}

/// The title and the front-matter summaries, read as prose.
pub(crate) fn front_candidates(
    title: &str,
    title_line: Option<Line>,
    summaries: &[(String, String, Option<Line>)],
) -> Vec<Candidate> {
    let mut out = Vec::new();
    let norm = normalize(title);
    if let Some(c) = candidate(
        truncate_chars(&norm, MAX_SENTENCE_CHARS),
        title,
        title_line,
        Source::Title,
        "title",
        0,
        None,
        None,
        None,
    ) {
        out.push(c);
    }
    for (key, text, line) in summaries {
        let norm = normalize(text);
        for s in sentences(&norm) {
            let s = truncate_chars(s, MAX_SENTENCE_CHARS);
            if let Some(c) = candidate(s, text, *line, Source::Summary, key, 0, None, None, None) {
                out.push(c);
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn body_cands(text: &str) -> Vec<Candidate> {
        let body = Body::new(text, 1);
        let consumed = vec![false; body.lines.len()];
        body_candidates(&body, &consumed)
    }

    /// Lines and sentences without a hint are never read: every day or
    /// clock the grammar reads without a digit must be a hint.
    #[test]
    fn every_digit_free_day_or_clock_is_a_hint() {
        for text in [
            "今天",
            "今日",
            "今晚",
            "明天",
            "明日",
            "明晚",
            "后天",
            "本周六",
            "本週六",
            "这周日",
            "这个周六",
            "下周四",
            "下个周六",
            "下週六",
            "下星期二",
            "本星期三",
            "七点整",
            "下午两点半",
            "晚上八点",
            "八点十五分",
            "这星期五",
            "today",
            "Tonight",
            "tomorrow",
            "next Friday",
            "upcoming Friday",
            "this coming Monday",
            "this Sunday",
            "at noon",
            "at midday",
            "until midnight",
        ] {
            let norm = normalize(text);
            assert!(
                !read_groups(&norm, false).is_empty(),
                "{text:?} is no longer read"
            );
            assert!(may_hold_time(&norm), "{text:?} is not a hint");
        }
        assert!(!may_hold_time("一起来交流吧"));
    }

    #[test]
    fn sentences_end_where_people_end_them() {
        assert_eq!(
            sentences("We met last year. This year we meet on Nov. 4 at 9 a.m. here!"),
            vec![
                "We met last year.",
                " This year we meet on Nov. 4 at 9 a.m. here!"
            ]
        );
        assert_eq!(
            sentences("时间待定。活动将于 5 月 6 日举办。"),
            vec!["时间待定。", "活动将于 5 月 6 日举办。"]
        );
        assert_eq!(sentences("Version 2.5 is out"), vec!["Version 2.5 is out"]);
        assert_eq!(
            sentences("2:30~3:30，自我介绍\n3:30~4:30，分享"),
            vec!["2:30~3:30，自我介绍\n", "3:30~4:30，分享"]
        );
        // A name with `!` inside a link's text does not end the sentence.
        assert_eq!(
            sentences("On 6 May [Hack! Night](…) will take place. Come!"),
            vec!["On 6 May [Hack! Night](…) will take place.", " Come!"]
        );
        assert_eq!(
            sentences("5 月 6 日【[开源吧！](…)】将于图书馆举办。"),
            vec!["5 月 6 日【[开源吧！](…)】将于图书馆举办。"]
        );
    }

    #[test]
    fn a_sentence_is_one_candidate_with_its_slots() {
        let c = body_cands(
            "The council meetings will be held on 22 September at 15:00 and 23:00 UTC.\n",
        );
        assert_eq!(c.len(), 1);
        assert!(c[0].cues.event.is_some());
        assert_eq!(c[0].more.len(), 1);
        // The zone written last holds for the first time too.
        assert!(c[0].reading.zone.is_some());
        assert_eq!(c[0].more[0].reading.first.as_ref().map(|d| d.d), Some(22));
    }

    #[test]
    fn excluded_clauses_are_dropped() {
        let c = body_cands(
            "Last year we met on 4 May; this year the meetup will take place on 7 June at 14:00.\n",
        );
        assert_eq!(c.len(), 1);
        assert_eq!(c[0].reading.first.as_ref().map(|d| d.d), Some(7));
        assert!(c[0].cues.excluded.is_none());
        let c = body_cands("报名截止：5 月 20 日 18:00\n");
        assert_eq!(c[0].cues.excluded, Some(cues::Exclusion::Deadline));
        let c =
            body_cands("**报名时间**\n\n2025 年 05 月 09 日 10:00 - 2025 年 06 月 09 日 18:00\n");
        assert_eq!(c[0].cues.excluded, Some(cues::Exclusion::Registration));
    }

    #[test]
    fn a_date_line_then_a_time_line() {
        let c = body_cands("🗓 **Wednesday, 5 November 2025**  \n🕒 **15:00 UTC**  \n");
        assert_eq!(c.len(), 1);
        assert!(c[0].reading.has_time() && c[0].reading.zone.is_some());
        assert_eq!(c[0].line, Some(1));
        // Not an agenda item.
        let c = body_cands("2025 年 11 月 5 日\n\n14:00 签到\n");
        assert!(!c[0].reading.has_time());
    }

    #[test]
    fn links_are_candidates_of_their_own() {
        let c = body_cands("Join us on [May 22nd at 12:30pm Eastern](https://www.timeanddate.com/worldclock/fixedtime.html?iso=20190522T1630&p1=1440).\n");
        assert_eq!(c.len(), 2);
        assert_eq!(c[0].source, Source::Link);
        assert_eq!(c[1].source, Source::Prose);
        // The link's digits are not prose.
        assert_eq!(c[1].reading.first.as_ref().map(|d| d.d), Some(22));
        assert!(c[1].more.is_empty());
    }

    #[test]
    fn title_and_summaries() {
        let c = front_candidates(
            "Mentoring Showcase: Oct 15 at 19:00 UTC",
            Some(3),
            &[(
                "abstract".into(),
                "2024年1月15日 晚 19:00，社区例会，敬请关注！".into(),
                Some(4),
            )],
        );
        assert_eq!(c.len(), 2);
        assert_eq!(c[0].source, Source::Title);
        assert_eq!(c[1].source, Source::Summary);
        assert!(c[1].cues.event.is_some());
    }
}
