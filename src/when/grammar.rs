//! The time-expression grammar: normalized text → tokens → atoms (a date, a
//! time, a weekday, a 上午/PM clue, a range separator, a zone, 次日) → one
//! [`Reading`] of what the text says, before any year or zone is decided.
//!
//! Every parser looks at a bounded number of tokens, and the scan moves past
//! each token once, so reading a text is linear in its length.

use chrono::Weekday;

use super::text::{lex, Tok, Token};
use super::zone::{self, abbreviation, ZoneSpec};

/// A weekday as written (`周四`, `星期日`, `Thursday`), kept for messages.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct WrittenWeekday {
    pub wd: Weekday,
    pub text: String,
}

/// A date as written; `y` is `None` when the text gives no year.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct PDate {
    pub y: Option<i32>,
    pub m: u32,
    pub d: u32,
    pub wd: Option<WrittenWeekday>,
}

impl PDate {
    /// A date with its year, as if written in full.
    pub(crate) fn of(d: chrono::NaiveDate) -> PDate {
        use chrono::Datelike;
        PDate {
            y: Some(d.year()),
            m: d.month(),
            d: d.day(),
            wd: None,
        }
    }
}

/// A clue that tells morning from evening.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Period {
    /// `AM`.
    Am,
    /// `PM`.
    Pm,
    /// 上午, 早上, 早晨, 清晨, 早.
    Morning,
    /// 中午.
    Noon,
    /// 下午, 午后.
    Afternoon,
    /// 晚, 晚上, 晚间, 今晚, 傍晚.
    Evening,
    /// 夜里, 夜间, 深夜, 半夜.
    Night,
    /// 凌晨.
    EarlyMorning,
}

/// A time as written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct PTime {
    pub h: u32,
    pub m: u32,
    pub s: u32,
    pub period: Option<Period>,
    /// Written with a leading zero (`08:00`, `02:00`): a 24-hour clock.
    pub leading_zero: bool,
    /// `midnight`: 00:00 as a start, 24:00 as an end.
    pub midnight: bool,
    /// `noon`.
    pub noon: bool,
    /// A bare hour before a range separator (`2-4pm`): may take the end's clue.
    pub bare: bool,
    /// An offset attached to the time itself (`14:00:00+08:00`, `…Z`).
    pub zone: Option<ZoneSpec>,
    /// The afternoon was assumed for an hour written without AM/PM (`2ET`): a
    /// warning says so.
    pub period_assumed: bool,
}

impl PTime {
    /// A clock time with nothing else known about it.
    pub(crate) fn at(h: u32, m: u32) -> PTime {
        PTime::new(h, m)
    }

    fn new(h: u32, m: u32) -> PTime {
        PTime {
            h,
            m,
            s: 0,
            period: None,
            leading_zero: false,
            midnight: false,
            noon: false,
            bare: false,
            zone: None,
            period_assumed: false,
        }
    }

    /// The hour on a 24-hour clock, 0..=24 (24 is midnight at the end of the day).
    pub(crate) fn hour24(&self, as_end: bool) -> u32 {
        if self.midnight {
            return if as_end { 24 } else { 0 };
        }
        let h = self.h;
        match self.period {
            None | Some(Period::Morning) => h,
            Some(Period::Am) | Some(Period::EarlyMorning) => {
                if h == 12 {
                    0
                } else {
                    h
                }
            }
            Some(Period::Pm) | Some(Period::Afternoon) => {
                if (1..12).contains(&h) {
                    h + 12
                } else {
                    h
                }
            }
            Some(Period::Noon) => {
                if (1..=5).contains(&h) {
                    h + 12
                } else {
                    h
                }
            }
            Some(Period::Evening) => match h {
                1..=11 => h + 12,
                12 => 24,
                _ => h,
            },
            Some(Period::Night) => match h {
                6..=11 => h + 12,
                12 => 24,
                _ => h,
            },
        }
    }

    /// Minutes after the day's start, for ordering (`24:00` is 1440).
    pub(crate) fn minutes(&self, as_end: bool) -> u32 {
        self.hour24(as_end) * 60 + self.m
    }

    /// True when nothing says whether a small hour is morning or evening.
    pub(crate) fn is_unclear(&self) -> bool {
        self.period.is_none()
            && !self.leading_zero
            && !self.midnight
            && !self.noon
            && (1..=6).contains(&self.h)
    }
}

/// What one text says, before year inference and zone conversion.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Reading {
    /// The (first) date.
    pub first: Option<PDate>,
    /// The last day of a date range, or the date of the end time
    /// (`11 月 4 日 14:00 - 11 月 5 日 18:00`).
    pub last: Option<PDate>,
    pub start: Option<PTime>,
    pub end: Option<PTime>,
    /// `次日`/`翌日`/`第二天`/`next day` before the end time.
    pub next_day: bool,
    /// A zone written anywhere in the expression (`(GMT+8)`, `北京时间`).
    pub zone: Option<ZoneSpec>,
    /// A range separator came before any date or time (`即日起至 11 月 30 日`).
    pub open_start: bool,
    /// A day named relative to the post date (`next Thursday`, `下周四`),
    /// when no date is written.
    pub relative: Option<Relative>,
    /// The hours hold on every day of the date range (`10 月 30 - 31 日，
    /// 每天 9:00 - 17:00`, `22-23 April | 8:00 am - 12:00 pm`): the range was
    /// complete before the hours were written.
    pub daily: bool,
    /// Weekdays of a weekly series (`每周三、周四`, `every Tuesday`).
    pub every: Vec<Weekday>,
}

/// A day named relative to the post date.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum RelDay {
    /// Days after the post date: `today` 0, `tomorrow`/`明天` 1, `后天` 2,
    /// `yesterday`/`昨天` -1.
    Offset(i64),
    /// That weekday of the post's week, Monday to Sunday (`本周六`).
    ThisWeek(Weekday),
    /// That weekday of the week after the post's (`下周四`).
    NextWeek(Weekday),
    /// The first such weekday after the post date (`next Thursday`,
    /// `this coming Monday`).
    After(Weekday),
    /// The first such weekday on or after the post date (`this Saturday`).
    OnOrAfter(Weekday),
    /// The first day on or after the post date that is this day of its month
    /// and this weekday (`Tuesday, the 19th`).
    MonthDay(Weekday, u32),
    /// The last day on or before the post date that is this day of its month
    /// and this weekday: `Tuesday, the 19th` in a report.
    MonthDayBefore(Weekday, u32),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Relative {
    pub day: RelDay,
    /// As written, for messages.
    pub text: String,
}

impl Relative {
    /// The weekday it names (`本周日`, `next Thursday`), as a written weekday
    /// to check a date against.
    pub(crate) fn written_weekday(&self) -> Option<WrittenWeekday> {
        let wd = match self.day {
            RelDay::ThisWeek(w)
            | RelDay::NextWeek(w)
            | RelDay::After(w)
            | RelDay::OnOrAfter(w)
            | RelDay::MonthDay(w, _)
            | RelDay::MonthDayBefore(w, _) => w,
            RelDay::Offset(_) => return None,
        };
        Some(WrittenWeekday {
            wd,
            text: self.text.clone(),
        })
    }
}

/// What stands between two time expressions of one text: whether the
/// second restates the first in another zone (`19:00 CET / 1pm EST`,
/// `14:00 (12:00 UTC)`) or is another session (`15:00 and 23:00 UTC`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Joiner {
    /// `/`, `|`, `=`.
    Slash,
    /// `(`.
    Paren,
    /// `,`.
    Comma,
    /// `;`.
    Semicolon,
    /// `and`, `&`, `和`, `及`, `与`, `、`.
    And,
    /// `or`, `或`.
    Or,
}

impl Joiner {
    /// `and`/`or`: the texts name several sessions.
    pub(crate) fn is_conjunction(self) -> bool {
        matches!(self, Joiner::And | Joiner::Or)
    }
}

/// One time expression of a text, with what joined it to the one before.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Group {
    pub reading: Reading,
    pub joiner: Option<Joiner>,
    /// Byte range of the expression in the text read.
    pub span: (usize, usize),
    /// The date is the expression before's, not written here: in another
    /// zone the local date may be the next or previous day (`8am PT / 01:00
    /// JST`).
    pub date_inherited: bool,
}

impl Reading {
    pub(crate) fn is_empty(&self) -> bool {
        self.first.is_none() && self.start.is_none() && self.relative.is_none()
    }
    pub(crate) fn has_date(&self) -> bool {
        self.first.is_some() || self.relative.is_some()
    }
    pub(crate) fn has_time(&self) -> bool {
        self.start.is_some()
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Atom {
    Date(PDate),
    /// `25 日` right after a range separator: a day of the previous date's month.
    DayOnly(u32),
    Time(PTime),
    Weekday(WrittenWeekday),
    Period(Period),
    Sep,
    NextDay,
    Zone(ZoneSpec),
    Join(Joiner),
    Relative(Relative),
    Daily,
    Every(Vec<Weekday>),
}

/// An atom and the tokens it was read from (`from..to`).
#[derive(Debug, Clone, PartialEq, Eq)]
struct Spanned {
    atom: Atom,
    from: usize,
    to: usize,
}

/// At most this many time expressions are read from one text.
const MAX_GROUPS: usize = 24;

/// Reads a normalized text (see [`super::text::normalize`]): its first time
/// expression. `strict` (front matter) also accepts YAML's space-separated
/// offsets (`14:00:00 +8`).
pub(crate) fn read(normalized: &str, strict: bool) -> Reading {
    let toks = lex(normalized);
    let atoms = atoms(&toks, strict);
    // A text with a zone and nothing else (`# UTC!!`) still names the zone.
    assemble(&atoms, &toks).0
}

/// Reads every time expression of a normalized text, in order.
pub(crate) fn read_groups(normalized: &str, strict: bool) -> Vec<Group> {
    let toks = lex(normalized);
    let atoms = atoms(&toks, strict);
    let mut groups = Vec::new();
    let mut i = 0;
    let mut joiner = None;
    while i < atoms.len() && groups.len() < MAX_GROUPS {
        let (r, used, next_joiner) = assemble(&atoms[i..], &toks);
        let used = used.max(1);
        if !r.is_empty() {
            let first_tok = atoms[i].from;
            let last_tok = atoms[i + used - 1].to.max(first_tok + 1) - 1;
            let span = (
                toks.get(first_tok).map_or(0, |t| t.at),
                toks.get(last_tok).map_or(normalized.len(), |t| t.end),
            );
            groups.push(Group {
                reading: r,
                joiner,
                span,
                date_inherited: false,
            });
        }
        joiner = next_joiner;
        i += used;
    }
    groups
}

// ---------------------------------------------------------------- token helpers

fn num(toks: &[Token], i: usize) -> Option<(u32, u8)> {
    match toks.get(i).map(|t| &t.t) {
        Some(Tok::Num { v, len }) => Some((*v, *len)),
        _ => None,
    }
}

fn is_ch(toks: &[Token], i: usize, c: char) -> bool {
    matches!(toks.get(i).map(|t| &t.t), Some(Tok::Ch(x)) if *x == c)
}

fn ch(toks: &[Token], i: usize) -> Option<char> {
    match toks.get(i).map(|t| &t.t) {
        Some(Tok::Ch(c)) => Some(*c),
        _ => None,
    }
}

fn word(toks: &[Token], i: usize) -> Option<&str> {
    match toks.get(i).map(|t| &t.t) {
        Some(Tok::Word(w)) => Some(w.as_str()),
        _ => None,
    }
}

fn word_ci(toks: &[Token], i: usize, w: &str) -> bool {
    word(toks, i).is_some_and(|x| x.eq_ignore_ascii_case(w))
}

fn spaced(toks: &[Token], i: usize) -> bool {
    toks.get(i).is_some_and(|t| t.sp)
}

/// Matches a sequence of CJK characters starting at `i`; returns the index after it.
fn chars_at(toks: &[Token], i: usize, s: &str) -> Option<usize> {
    let mut j = i;
    for c in s.chars() {
        if !is_ch(toks, j, c) {
            return None;
        }
        j += 1;
    }
    Some(j)
}

fn valid_md(m: u32, d: u32) -> bool {
    let max = match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 => 29,
        _ => return false,
    };
    (1..=max).contains(&d)
}

pub(crate) fn year_ok(v: u32, len: u8) -> Option<i32> {
    (len == 4 && (1900..=2199).contains(&v)).then_some(v as i32)
}

// ---------------------------------------------------------------- atom parsers

fn atoms(toks: &[Token], strict: bool) -> Vec<Spanned> {
    let mut out: Vec<Spanned> = Vec::new();
    let mut i = 0;
    // Where the atoms after a `between` begin: `between 11:00 AM and 4:45 PM` is one
    // range, not two meetings joined by `and`.
    let mut between: Option<usize> = None;
    while i < toks.len() {
        if word_ci(toks, i, "between") {
            between = Some(out.len());
            i += 1;
            continue;
        }
        let last = out.last().map(|s| &s.atom);
        let after_sep = matches!(last, Some(Atom::Sep));
        let after_time = matches!(last, Some(Atom::Time(_)));
        // `3月19日与20日`: a day joined to a date takes its month and year.
        let and_date = match (last, out.len().checked_sub(2).map(|k| &out[k].atom)) {
            (Some(Atom::Join(Joiner::And)), Some(Atom::Date(d))) => Some(d.clone()),
            _ => None,
        };
        let parsed = zone_at(toks, i, after_time)
            .or_else(|| next_day_at(toks, i))
            .or_else(|| relative_at(toks, i))
            .or_else(|| every_at(toks, i))
            .or_else(|| zh_date_at(toks, i))
            .or_else(|| iso_date_at(toks, i, strict))
            .or_else(|| md_hao_at(toks, i))
            .or_else(|| en_date_at(toks, i))
            .or_else(|| and_date.as_ref().and_then(|d| day_joined_at(toks, i, d)))
            .or_else(|| {
                after_sep
                    .then(|| out.len().checked_sub(2).map(|k| &out[k].atom))
                    .flatten()
                    .filter(|a| matches!(a, Atom::Time(_)))
                    .and_then(|_| dotted_range_end(toks, i))
            })
            .or_else(|| day_only_at(toks, i, after_sep))
            .or_else(|| time_at(toks, i, strict))
            .or_else(|| weekday_at(toks, i))
            .or_else(|| period_at(toks, i))
            .or_else(|| sep_at(toks, i))
            .or_else(|| join_at(toks, i));
        let parsed = parsed.map(|(mut a, j)| {
            let ends_between = a
                .iter()
                .any(|x| matches!(x, Atom::Join(_) | Atom::Date(_) | Atom::Sep));
            let from = if ends_between { between.take() } else { None };
            if let (Some(from), [Atom::Join(Joiner::And)]) = (from, a.as_slice()) {
                let since = &out[from..];
                let times = since
                    .iter()
                    .filter(|s| matches!(s.atom, Atom::Time(_)))
                    .count();
                let only_one_time = since
                    .iter()
                    .all(|s| matches!(s.atom, Atom::Time(_) | Atom::Period(_) | Atom::Zone(_)));
                if times == 1 && only_one_time {
                    a = vec![Atom::Sep];
                }
            }
            (a, j)
        });
        match parsed {
            Some((a, j)) if j > i => {
                out.extend(a.into_iter().map(|atom| Spanned {
                    atom,
                    from: i,
                    to: j,
                }));
                i = j;
            }
            _ => i += 1,
        }
    }
    out
}

/// `/`, `(`, `;`, `,`, `|`, `and`, `or`, `&`, `和`, `及`, `与`, `以及`, `、`, `或`.
fn join_at(toks: &[Token], i: usize) -> Parsed {
    let j = match ch(toks, i) {
        Some('/' | '|' | '=') => Joiner::Slash,
        // `( )`: what is left of a Markdown link once its URL is removed.
        Some('(') if is_ch(toks, i + 1, ')') => return Some((Vec::new(), i + 2)),
        Some('(') => Joiner::Paren,
        Some(',') => Joiner::Comma,
        Some(';') => Joiner::Semicolon,
        Some('&' | '和' | '及' | '与' | '、') => Joiner::And,
        Some('或') => Joiner::Or,
        Some('以') if is_ch(toks, i + 1, '及') => return one(Atom::Join(Joiner::And), i + 2),
        _ => match word(toks, i).map(str::to_ascii_lowercase).as_deref() {
            Some("and") => Joiner::And,
            Some("or") => Joiner::Or,
            _ => return None,
        },
    };
    one(Atom::Join(j), i + 1)
}

/// `today`, `tomorrow`, `tonight`, `this coming Monday`, `next Thursday`,
/// `今天`, `明天`, `明晚`, `后天`, `本周六`, `这周日`, `下周四`, `下星期二`.
fn relative_at(toks: &[Token], i: usize) -> Parsed {
    if let Some(c) = ch(toks, i) {
        if !matches!(c, '今' | '明' | '后' | '本' | '这' | '下' | '昨') {
            return None;
        }
    } else if !word(toks, i).is_some_and(|w| {
        [
            "today",
            "tonight",
            "tomorrow",
            "yesterday",
            "this",
            "coming",
            "upcoming",
            "next",
        ]
        .iter()
        .any(|x| w.eq_ignore_ascii_case(x))
    }) {
        return None;
    }
    let rel = |day: RelDay, text: &str, j: usize, evening: bool| -> Parsed {
        let mut v = vec![Atom::Relative(Relative {
            day,
            text: text.to_string(),
        })];
        if evening {
            v.push(Atom::Period(Period::Evening));
        }
        Some((v, j))
    };
    for (s, off, evening) in [
        ("今天", 0, false),
        ("今日", 0, false),
        ("今晚", 0, true),
        ("明天", 1, false),
        ("明日", 1, false),
        ("明晚", 1, true),
        ("后天", 2, false),
        // A report written the day after (`昨天下午在中大南校区举行`).
        ("昨天", -1, false),
        ("昨日", -1, false),
        ("昨晚", -1, true),
    ] {
        if let Some(j) = chars_at(toks, i, s) {
            // `在浏览器更新较快的今天` (nowadays), `到今天为止` (until now):
            // the present, not a day.
            let nowadays = off == 0
                && (i.checked_sub(1).is_some_and(|k| is_ch(toks, k, '的'))
                    || chars_at(toks, j, "为止").is_some());
            if nowadays {
                return None;
            }
            return rel(RelDay::Offset(off), s, j, evening);
        }
    }
    for (prefix, next) in [
        ("本周", false),
        ("这周", false),
        ("这个周", false),
        ("本星期", false),
        ("这星期", false),
        ("本週", false),
        ("下周", true),
        ("下个周", true),
        ("下星期", true),
        ("下週", true),
    ] {
        if let Some(j) = chars_at(toks, i, prefix) {
            let wd = weekday_of_char(ch(toks, j)?)?;
            let text: String = prefix.chars().chain(ch(toks, j)).collect();
            let day = if next {
                RelDay::NextWeek(wd)
            } else {
                RelDay::ThisWeek(wd)
            };
            return rel(day, &text, j + 1, false);
        }
    }
    let w = word(toks, i)?.to_ascii_lowercase();
    match w.as_str() {
        "today" => return rel(RelDay::Offset(0), "today", i + 1, false),
        "tonight" => return rel(RelDay::Offset(0), "tonight", i + 1, true),
        "tomorrow" => return rel(RelDay::Offset(1), "tomorrow", i + 1, false),
        "yesterday" => return rel(RelDay::Offset(-1), "yesterday", i + 1, false),
        _ => {}
    }
    let (day_at, kind): (usize, fn(Weekday) -> RelDay) = match w.as_str() {
        "this" if word_ci(toks, i + 1, "coming") => (i + 2, RelDay::After),
        "coming" | "upcoming" => (i + 1, RelDay::After),
        "next" => (i + 1, RelDay::After),
        "this" => (i + 1, RelDay::OnOrAfter),
        _ => return None,
    };
    let name = word(toks, day_at)?;
    let wd = weekday_named(name)?;
    let text = format!(
        "{} {name}",
        (i..day_at)
            .filter_map(|k| word(toks, k))
            .collect::<Vec<_>>()
            .join(" ")
    );
    rel(kind(wd), &text, day_at + 1, false)
}

/// `每天`, `每日`, `daily`, `every day`; `每周三、周四`, `每星期六`,
/// `every Tuesday and Thursday`, `Tuesdays`.
fn every_at(toks: &[Token], i: usize) -> Parsed {
    if chars_at(toks, i, "每天")
        .or_else(|| chars_at(toks, i, "每日"))
        .is_some()
    {
        return one(Atom::Daily, i + 2);
    }
    for prefix in ["每周", "每星期", "每个星期", "每週", "每个周"] {
        let Some(mut j) = chars_at(toks, i, prefix) else {
            continue;
        };
        let mut days = Vec::new();
        while let Some(wd) = ch(toks, j).and_then(weekday_of_char) {
            if !days.contains(&wd) {
                days.push(wd);
            }
            j += 1;
            // `、周四`, `和周四`, `/四`
            let k = if matches!(ch(toks, j), Some('、' | '和' | ',' | '/' | '及')) {
                j + 1
            } else {
                j
            };
            let k = chars_at(toks, k, "星期")
                .or_else(|| chars_at(toks, k, "周"))
                .or_else(|| chars_at(toks, k, "週"))
                .unwrap_or(k);
            if k == j || ch(toks, k).and_then(weekday_of_char).is_none() {
                break;
            }
            j = k;
        }
        if days.is_empty() {
            return None;
        }
        return one(Atom::Every(days), j);
    }
    let w = word(toks, i)?.to_ascii_lowercase();
    if w == "daily" {
        return one(Atom::Daily, i + 1);
    }
    if (w == "every" || w == "each") && word_ci(toks, i + 1, "day") {
        return one(Atom::Daily, i + 2);
    }
    let plural = |x: &str| {
        x.strip_suffix('s')
            .filter(|stem| stem.len() > 2)
            .and_then(weekday_named)
    };
    let (mut j, mut days) = if w == "every" || w == "each" {
        let wd = weekday_named(word(toks, i + 1)?)?;
        (i + 2, vec![wd])
    } else {
        (i + 1, vec![plural(&w)?])
    };
    // `and Thursday(s)`
    while word_ci(toks, j, "and") || is_ch(toks, j, ',') || is_ch(toks, j, '&') {
        let Some(wd) = word(toks, j + 1).and_then(|x| weekday_named(x).or_else(|| plural(x)))
        else {
            break;
        };
        if !days.contains(&wd) {
            days.push(wd);
        }
        j += 2;
    }
    one(Atom::Every(days), j)
}

type Parsed = Option<(Vec<Atom>, usize)>;

fn one(a: Atom, j: usize) -> Parsed {
    Some((vec![a], j))
}

/// `UTC`, `GMT+8`, `UTC+08:00`, `UTC-5`, `GMT+0800`, `PDT`, `北京时间`,
/// `美东时间`, `Asia/Tokyo`, `Boston time`, `Eastern Time`, `Europe Central`;
/// a bare region name (`Pacific`, `Eastern`) only right after a time.
fn zone_at(toks: &[Token], i: usize, after_time: bool) -> Parsed {
    if let Some(c) = ch(toks, i) {
        // Cheap first: most characters start no zone name (this runs for
        // every CJK character of every text read, so a sorted table of the
        // names' first characters, not a scan of the names).
        static FIRST: std::sync::LazyLock<Vec<char>> = std::sync::LazyLock::new(|| {
            let mut v: Vec<char> = zone::ZH_ZONES
                .iter()
                .filter_map(|(n, _)| n.chars().next())
                .collect();
            v.sort_unstable();
            v.dedup();
            v
        });
        if FIRST.binary_search(&c).is_err() {
            return None;
        }
        for (name, tz) in zone::ZH_ZONES {
            if let Some(j) = chars_at(toks, i, name) {
                if let Some(k) = chars_at(toks, j, "时间").or_else(|| chars_at(toks, j, "時間"))
                {
                    return one(Atom::Zone(ZoneSpec::Named(tz)), k);
                }
            }
        }
        return None;
    }
    let w = word(toks, i)?;
    if w.eq_ignore_ascii_case("utc") || w.eq_ignore_ascii_case("gmt") {
        let name = w.to_ascii_uppercase();
        if let Some((secs, j)) = signed_offset(toks, i + 1, true) {
            let text = offset_name(&name, secs);
            return one(Atom::Zone(ZoneSpec::Fixed { secs, name: text }), j);
        }
        // `(UTC)` or `GMT` alone: GMT is also London's winter clock.
        let spec = abbreviation(&name).unwrap_or(ZoneSpec::Fixed { secs: 0, name });
        return one(Atom::Zone(spec), i + 1);
    }
    if let Some(parsed) = named_zone_at(toks, i, after_time) {
        return Some(parsed);
    }
    if is_ch(toks, i + 1, '/') && !spaced(toks, i + 1) {
        const REGIONS: [&str; 10] = [
            "Africa",
            "America",
            "Antarctica",
            "Asia",
            "Atlantic",
            "Australia",
            "Europe",
            "Indian",
            "Pacific",
            "Etc",
        ];
        if REGIONS.contains(&w) {
            let two = word(toks, i + 2).map(|b| format!("{w}/{b}"));
            let three = (is_ch(toks, i + 3, '/'))
                .then(|| word(toks, i + 4))
                .flatten()
                .zip(two.clone())
                .map(|(c, ab)| format!("{ab}/{c}"));
            if let Some(tz) = three
                .as_deref()
                .and_then(|n| n.parse::<chrono_tz::Tz>().ok())
            {
                return one(Atom::Zone(ZoneSpec::Named(tz)), i + 5);
            }
            if let Some(tz) = two.as_deref().and_then(|n| n.parse::<chrono_tz::Tz>().ok()) {
                return one(Atom::Zone(ZoneSpec::Named(tz)), i + 3);
            }
            // `America/Los Angeles`, `America/New York`: the city's space
            // written for its underscore.
            let spaced_city = two
                .zip(word(toks, i + 3).filter(|_| spaced(toks, i + 3)))
                .map(|(ab, c)| format!("{ab}_{c}"));
            if let Some(tz) = spaced_city.and_then(|n| n.parse::<chrono_tz::Tz>().ok()) {
                return one(Atom::Zone(ZoneSpec::Named(tz)), i + 4);
            }
        }
    }
    if w.chars().all(|c| c.is_ascii_uppercase()) {
        if let Some(z) = abbreviation(w) {
            return one(Atom::Zone(z), i + 1);
        }
    }
    None
}

/// `Eastern`, `Eastern Time`, `US Pacific`, `North American Pacific`,
/// `American Pacific time`, `Europe Central`, `Central European Summer
/// Time`, `Boston time`, `New York local time`, `Ukrainian time`.
fn named_zone_at(toks: &[Token], i: usize, after_time: bool) -> Parsed {
    use zone::Continent;
    if !zone::may_start_name(word(toks, i)?) {
        return None;
    }
    let lower = |k: usize| word(toks, k).map(str::to_ascii_lowercase);
    let mut j = i;
    let mut continent = Continent::America;
    let mut qualified = false;
    // Qualifiers: `North American`, `US`, `U.S.`, `Americas`, `Europe`,
    // `European`, `Australian`.
    for _ in 0..2 {
        match lower(j).as_deref() {
            Some("north" | "american" | "americas" | "america" | "us") => {
                qualified = true;
                j += 1;
            }
            Some("u") if is_ch(toks, j + 1, '.') && word_ci(toks, j + 2, "s") => {
                qualified = true;
                j += if is_ch(toks, j + 3, '.') { 4 } else { 3 };
            }
            Some("europe" | "european") => {
                continent = Continent::Europe;
                qualified = true;
                j += 1;
            }
            Some("australia" | "australian") => {
                continent = Continent::Australia;
                qualified = true;
                j += 1;
            }
            _ => break,
        }
    }
    if let Some(name) = lower(j) {
        if let Some(mut tz) = zone::region(&name, continent) {
            let mut k = j + 1;
            // `Central European (Summer|Standard) Time`
            match lower(k).as_deref() {
                Some("european" | "europe") => {
                    qualified = true;
                    tz = zone::region(&name, Continent::Europe).unwrap_or(tz);
                    k += 1;
                }
                Some("australian" | "australia") => {
                    qualified = true;
                    tz = zone::region(&name, Continent::Australia).unwrap_or(tz);
                    k += 1;
                }
                _ => {}
            }
            if matches!(
                lower(k).as_deref(),
                Some("standard" | "daylight" | "summer")
            ) {
                k += 1;
            }
            let timed = word_ci(toks, k, "time");
            if timed {
                k += 1;
            }
            if after_time || timed || qualified {
                return one(Atom::Zone(ZoneSpec::Named(tz)), k);
            }
            return None;
        }
    }
    // `<city> time`, `<city> local time`: one or two words; at the start of
    // the text, a city before `:` or `-` (`Los Angeles - Tuesday 4 October -
    // 5 pm`, `Sydney: Thursday 3 December at 3:00 AM`).
    for len in [2, 1] {
        let words: Option<Vec<String>> = (i..i + len).map(lower).collect();
        let Some(words) = words else {
            continue;
        };
        let Some(tz) = zone::city(&words.join(" ")) else {
            continue;
        };
        let mut k = i + len;
        if word_ci(toks, k, "local") {
            k += 1;
        }
        if word_ci(toks, k, "time") {
            return one(Atom::Zone(ZoneSpec::Named(tz)), k + 1);
        }
        let at_start = i == 0 || (i == 1 && ch(toks, 0).is_some());
        if at_start && matches!(ch(toks, i + len), Some(':' | '-')) {
            return one(Atom::Zone(ZoneSpec::Named(tz)), i + len);
        }
    }
    None
}

fn offset_name(base: &str, secs: i32) -> String {
    let sign = if secs < 0 { '-' } else { '+' };
    let a = secs.unsigned_abs();
    let (h, m) = (a / 3600, a % 3600 / 60);
    if m == 0 {
        format!("{base}{sign}{h}")
    } else {
        format!("{base}{sign}{h}:{m:02}")
    }
}

/// `+8`, `-05:00`, `+0800` at `i`. With `allow_space`, a space may precede the sign.
fn signed_offset(toks: &[Token], i: usize, allow_space: bool) -> Option<(i32, usize)> {
    let sign = match ch(toks, i)? {
        '+' => 1,
        '-' => -1,
        _ => return None,
    };
    if spaced(toks, i) && !allow_space {
        return None;
    }
    if spaced(toks, i + 1) {
        return None;
    }
    let (v, len) = num(toks, i + 1)?;
    let (h, m, j) = if len == 4 {
        (v / 100, v % 100, i + 2)
    } else if len <= 2 {
        match (ch(toks, i + 2), num(toks, i + 3)) {
            (Some(':'), Some((mm, 2))) => (v, mm, i + 4),
            _ => (v, 0, i + 2),
        }
    } else {
        return None;
    };
    if h > 14 || m > 59 {
        return None;
    }
    Some((sign * (h as i32 * 3600 + m as i32 * 60), j))
}

fn next_day_at(toks: &[Token], i: usize) -> Parsed {
    for s in ["次日", "翌日", "第二天", "隔天", "次晨"] {
        if let Some(j) = chars_at(toks, i, s) {
            let mut v = vec![Atom::NextDay];
            if s == "次晨" {
                v.push(Atom::Period(Period::Morning));
            }
            return Some((v, j));
        }
    }
    if word_ci(toks, i, "next") && word_ci(toks, i + 1, "day") {
        return one(Atom::NextDay, i + 2);
    }
    None
}

/// `2019 年 11 月 24 日`, `11 月 24 日`, `11月24号`, `6 月 24` (日 optional).
fn zh_date_at(toks: &[Token], i: usize) -> Parsed {
    let (a, alen) = num(toks, i)?;
    let (y, mi) = if is_ch(toks, i + 1, '年') {
        (Some(year_ok(a, alen)?), i + 2)
    } else {
        (None, i)
    };
    let (m, _) = num(toks, mi)?;
    if !is_ch(toks, mi + 1, '月') {
        return None;
    }
    let (d, _) = num(toks, mi + 2)?;
    if !valid_md(m, d) {
        return None;
    }
    let mut j = mi + 3;
    if matches!(ch(toks, j), Some('日' | '号' | '號')) {
        j += 1;
    }
    one(Atom::Date(PDate { y, m, d, wd: None }), j)
}

/// `12.18号`, `6.24 日`, `3/5号`: month and day joined by a dot or a slash,
/// marked as a date by 号 or 日 after them.
fn md_hao_at(toks: &[Token], i: usize) -> Parsed {
    let (m, ml) = num(toks, i)?;
    if ml > 2 || !matches!(ch(toks, i + 1), Some('.' | '/')) || spaced(toks, i + 1) {
        return None;
    }
    let (d, dl) = num(toks, i + 2)?;
    if dl > 2 || spaced(toks, i + 2) || !valid_md(m, d) {
        return None;
    }
    if !matches!(ch(toks, i + 3), Some('号' | '日' | '號')) {
        return None;
    }
    one(
        Atom::Date(PDate {
            y: None,
            m,
            d,
            wd: None,
        }),
        i + 4,
    )
}

/// `2023-11-04`, `2023/11/04`, `2023.11.04`, optionally followed by `T` (RFC 3339).
fn iso_date_at(toks: &[Token], i: usize, strict: bool) -> Parsed {
    let (yv, ylen) = num(toks, i)?;
    let y = year_ok(yv, ylen)?;
    let sep = ch(toks, i + 1)?;
    if !matches!(sep, '-' | '/' | '.') {
        return None;
    }
    let (m, mlen) = num(toks, i + 2)?;
    if !is_ch(toks, i + 3, sep) {
        return None;
    }
    let (d, dlen) = num(toks, i + 4)?;
    if mlen > 2 || dlen > 2 || !valid_md(m, d) || spaced(toks, i + 1) || spaced(toks, i + 3) {
        return None;
    }
    let mut j = i + 5;
    if word(toks, j).is_some_and(|w| w == "T" || (strict && w == "t")) && !spaced(toks, j) {
        j += 1;
    }
    one(
        Atom::Date(PDate {
            y: Some(y),
            m,
            d,
            wd: None,
        }),
        j,
    )
}

pub(crate) fn month_of(w: &str) -> Option<u32> {
    let w = w.to_ascii_lowercase();
    Some(match w.as_str() {
        "january" | "jan" => 1,
        "february" | "feb" => 2,
        "march" | "mar" => 3,
        "april" | "apr" => 4,
        "may" => 5,
        "june" | "jun" => 6,
        "july" | "jul" => 7,
        "august" | "aug" => 8,
        "september" | "sep" | "sept" => 9,
        "october" | "oct" => 10,
        "november" | "nov" => 11,
        "december" | "dec" => 12,
        "enero" => 1,
        "febrero" => 2,
        "marzo" => 3,
        "abril" => 4,
        "mayo" => 5,
        "junio" => 6,
        "julio" => 7,
        "agosto" => 8,
        "septiembre" | "setiembre" => 9,
        "octubre" => 10,
        "noviembre" => 11,
        "diciembre" => 12,
        _ => return None,
    })
}

fn skip_ordinal(toks: &[Token], j: usize) -> usize {
    match word(toks, j) {
        Some(w)
            if !spaced(toks, j)
                && ["st", "nd", "rd", "th"].contains(&w.to_ascii_lowercase().as_str()) =>
        {
            j + 1
        }
        _ => j,
    }
}

/// `, 2023` or ` 2023` after an English date.
fn en_year(toks: &[Token], j: usize) -> (Option<i32>, usize) {
    let k = if is_ch(toks, j, ',') { j + 1 } else { j };
    match num(toks, k).and_then(|(v, len)| year_ok(v, len)) {
        // A year directly followed by `:` is an hour (`Nov 4, 2023` is fine,
        // `Nov 4 20:00` is not a year).
        Some(y) if !is_ch(toks, k + 1, ':') => (Some(y), k + 1),
        _ => (None, j),
    }
}

/// `Nov 4, 2023`, `November 4th 2023`, `24 June, 2019`, `4 Nov 2023`,
/// `Nov 4-5, 2023`, `4-5 Nov 2023`.
fn en_date_at(toks: &[Token], i: usize) -> Parsed {
    let dates = |m: u32, d1: u32, d2: Option<u32>, y: Option<i32>, j: usize| -> Parsed {
        if !valid_md(m, d1) || d2.is_some_and(|d| !valid_md(m, d)) {
            return None;
        }
        let mut v = vec![Atom::Date(PDate {
            y,
            m,
            d: d1,
            wd: None,
        })];
        if let Some(d2) = d2 {
            v.push(Atom::Sep);
            v.push(Atom::Date(PDate {
                y,
                m,
                d: d2,
                wd: None,
            }));
        }
        Some((v, j))
    };
    // Month first.
    if let Some(m) = word(toks, i).and_then(month_of) {
        let mut j = i + 1;
        if is_ch(toks, j, '.') {
            j += 1;
        }
        let (d1, l1) = num(toks, j)?;
        // `Nov 4:30` is no date, but `May 18: doors open at 6pm` is.
        let clock = is_ch(toks, j + 1, ':') && num(toks, j + 2).is_some() && !spaced(toks, j + 2);
        if l1 > 2 || clock {
            return None;
        }
        j = skip_ordinal(toks, j + 1);
        let mut d2 = None;
        // `Nov 4-5`, `August 21 to 23, 2024`, `June 3 through 5`.
        let range_sep = matches!(ch(toks, j), Some('-' | '~'))
            || ["to", "through", "thru", "until"]
                .iter()
                .any(|w| word_ci(toks, j, w));
        if range_sep {
            if let Some((v, l)) = num(toks, j + 1) {
                let is_clock = is_ch(toks, j + 2, ':')
                    || word(toks, j + 2).is_some_and(is_ampm)
                    || word(toks, j + 2).is_some_and(|w| w.eq_ignore_ascii_case("h"));
                if l <= 2 && !is_clock && v > d1 {
                    d2 = Some(v);
                    j = skip_ordinal(toks, j + 2);
                }
            }
        }
        let (y, j) = en_year(toks, j);
        return dates(m, d1, d2, y, j);
    }
    // Day first.
    let (d1, l1) = num(toks, i)?;
    if l1 > 2 {
        return None;
    }
    // `15/July/2017`, `3-Aug-2017`, `3-Aug`: day, month name and year joined
    // by one separator, without blanks, as Indian and British forms write it.
    if let Some(sep @ ('/' | '-')) = ch(toks, i + 1) {
        if let Some(m) = word(toks, i + 2)
            .filter(|_| !spaced(toks, i + 1) && !spaced(toks, i + 2))
            .and_then(month_of)
        {
            let year = num(toks, i + 4)
                .filter(|_| is_ch(toks, i + 3, sep) && !spaced(toks, i + 3) && !spaced(toks, i + 4))
                .and_then(|(v, len)| year_ok(v, len));
            let j = if year.is_some() { i + 5 } else { i + 3 };
            return dates(m, d1, None, year, j);
        }
    }
    let mut j = skip_ordinal(toks, i + 1);
    let mut d2 = None;
    let mut listed = false;
    if matches!(ch(toks, j), Some('-' | '~')) {
        if let Some((v, l)) = num(toks, j + 1) {
            if l <= 2 {
                d2 = Some(v);
                j = skip_ordinal(toks, j + 2);
            }
        }
    } else if ["to", "through", "thru", "until"]
        .iter()
        .any(|w| word_ci(toks, j, w))
    {
        // `from 8th to 19th May`: in words, only when a month follows the
        // second day (`8 to 10 pm` is a clock).
        if let Some((v, l)) = num(toks, j + 1) {
            let k = skip_ordinal(toks, j + 2);
            let k = if word_ci(toks, k, "of") { k + 1 } else { k };
            if l <= 2 && v > d1 && word(toks, k).and_then(month_of).is_some() {
                d2 = Some(v);
                j = skip_ordinal(toks, j + 2);
            }
        }
    } else if is_ch(toks, j, '&') || word_ci(toks, j, "and") {
        // `27&28 July`, `27 and 28 July`: two days, two sessions.
        if let Some((v, l)) = num(toks, j + 1) {
            if l <= 2
                && word(toks, skip_ordinal(toks, j + 2))
                    .and_then(month_of)
                    .is_some()
            {
                d2 = Some(v);
                listed = true;
                j = skip_ordinal(toks, j + 2);
            }
        }
    }
    // `4th of July`, `5 de febrero`
    if word_ci(toks, j, "of") || word_ci(toks, j, "de") {
        j += 1;
    }
    let m = word(toks, j).and_then(month_of)?;
    j += 1;
    if is_ch(toks, j, '.') {
        j += 1;
    }
    // `5 de febrero de 2026`
    if word_ci(toks, j, "de") && num(toks, j + 1).is_some_and(|(v, l)| year_ok(v, l).is_some()) {
        j += 1;
    }
    let (y, j) = en_year(toks, j);
    if listed {
        let (v, j) = dates(m, d1, d2, y, j)?;
        // The range separator between the two days becomes `and`.
        let v = v
            .into_iter()
            .map(|a| {
                if a == Atom::Sep {
                    Atom::Join(Joiner::And)
                } else {
                    a
                }
            })
            .collect();
        return Some((v, j));
    }
    dates(m, d1, d2, y, j)
}

fn day_only_at(toks: &[Token], i: usize, after_sep: bool) -> Parsed {
    if !after_sep {
        return None;
    }
    let (d, len) = num(toks, i)?;
    if len > 2 || !(1..=31).contains(&d) || !matches!(ch(toks, i + 1), Some('日' | '号' | '號'))
    {
        return None;
    }
    one(Atom::DayOnly(d), i + 2)
}

/// `20日` right after `3月19日与`: 3 月 20 日, the date before's month and
/// year; a day not after it (`3 月 31 日与 1 日`) is the next month's.
fn day_joined_at(toks: &[Token], i: usize, before: &PDate) -> Parsed {
    let (d, len) = num(toks, i)?;
    if len > 2 || !matches!(ch(toks, i + 1), Some('日' | '号' | '號')) {
        return None;
    }
    let (y, m) = if d > before.d {
        (before.y, before.m)
    } else if before.m == 12 {
        (before.y.map(|y| y + 1), 1)
    } else {
        (before.y, before.m + 1)
    };
    if !valid_md(m, d) {
        return None;
    }
    one(Atom::Date(PDate { y, m, d, wd: None }), i + 2)
}

/// Whether only `，即`, `(`, `, i.e.`, `that is` stand between a relative
/// day and a date (`本周日，即 3 月 24 号`): the date restates it. Other words
/// (`明天报名截止，3 月 30 日…`) make it another day.
fn restates(toks: &[Token], from: usize, to: usize) -> bool {
    toks.get(from..to).is_some_and(|between| {
        between.iter().all(|t| match &t.t {
            // Also the part of the day said with the relative one (`本周日下午，即…`).
            Tok::Ch(c) => matches!(
                c,
                ',' | '('
                    | ':'
                    | '即'
                    | '也'
                    | '就'
                    | '是'
                    | '.'
                    | '-'
                    | '上'
                    | '下'
                    | '中'
                    | '午'
                    | '晚'
                    | '早'
            ),
            Tok::Word(w) => matches!(
                w.to_ascii_lowercase().as_str(),
                "i" | "e" | "ie" | "namely" | "that" | "is" | "on"
            ),
            Tok::Num { .. } => false,
        })
    })
}

fn is_ampm(w: &str) -> bool {
    matches!(w.to_ascii_lowercase().as_str(), "am" | "pm" | "a" | "p")
}

/// `PM`, `pm`, `p.m.`, `P.M` after a time.
fn ampm_at(toks: &[Token], j: usize) -> Option<(Period, usize)> {
    let w = word(toks, j)?.to_ascii_lowercase();
    match w.as_str() {
        "am" => Some((Period::Am, j + 1)),
        "pm" => Some((Period::Pm, j + 1)),
        "a" | "p" if is_ch(toks, j + 1, '.') && word_ci(toks, j + 2, "m") => {
            let p = if w == "a" { Period::Am } else { Period::Pm };
            let end = if is_ch(toks, j + 3, '.') {
                j + 4
            } else {
                j + 3
            };
            Some((p, end))
        }
        _ => None,
    }
}

fn time_at(toks: &[Token], i: usize, strict: bool) -> Parsed {
    if word_ci(toks, i, "noon") || word_ci(toks, i, "midday") {
        let mut t = PTime::new(12, 0);
        t.noon = true;
        return one(Atom::Time(t), i + 1);
    }
    // `12noon`, `12 noon`, `12 midnight`
    if num(toks, i) == Some((12, 2)) {
        if word_ci(toks, i + 1, "noon") {
            let mut t = PTime::new(12, 0);
            t.noon = true;
            return one(Atom::Time(t), i + 2);
        }
        if word_ci(toks, i + 1, "midnight") {
            let mut t = PTime::new(0, 0);
            t.midnight = true;
            return one(Atom::Time(t), i + 2);
        }
    }
    if word_ci(toks, i, "midnight") {
        let mut t = PTime::new(0, 0);
        t.midnight = true;
        return one(Atom::Time(t), i + 1);
    }
    let (h, hlen) = num(toks, i)?;
    if hlen == 4 {
        return hhmm_zoned(toks, i, h);
    }
    if hlen > 2 || h > 24 {
        return None;
    }
    colon_time(toks, i, h, hlen, strict)
        .or_else(|| dot_time(toks, i, h))
        .or_else(|| dotted_clock(toks, i, h, hlen, strict, true))
        .or_else(|| h_time(toks, i, h, hlen))
        .or_else(|| en_hour(toks, i, h))
        .or_else(|| bare_range_hour(toks, i, h, strict))
        .or_else(|| zoned_hour(toks, i, h, hlen))
        .or_else(|| glued_zone_hour(toks, i, h))
}

/// `12ET/11CT/10MT/9PT`, `2ET`, `12PMET`, `2pmET`: an hour with a zone name (and
/// maybe AM/PM) glued to it, as US announcements write it. Such times are on a
/// 12-hour clock when the zone is a US one: without AM/PM, 12 is noon and 1
/// to 6 are in the afternoon (a meeting at 2 a.m. is not announced as `2ET`),
/// which is warned; `3UTC` is read as written.
fn glued_zone_hour(toks: &[Token], i: usize, h: u32) -> Parsed {
    if !(1..=12).contains(&h) || spaced(toks, i + 1) {
        return None;
    }
    let w = word(toks, i + 1)?;
    let (period, zone_name) = match w.get(..2).map(str::to_ascii_lowercase).as_deref() {
        Some("am") if w.len() > 2 => (Some(Period::Am), &w[2..]),
        Some("pm") if w.len() > 2 => (Some(Period::Pm), &w[2..]),
        _ => (None, w),
    };
    if zone_name.len() < 2 || !zone_name.bytes().all(|b| b.is_ascii_uppercase()) {
        return None;
    }
    let zone = abbreviation(zone_name)?;
    // The 12-hour reading is the US habit; `3UTC` is a 24-hour 03:00.
    let us = matches!(
        zone_name,
        "ET" | "CT" | "MT" | "PT" | "EST" | "EDT" | "CST" | "CDT" | "MST" | "MDT" | "PST" | "PDT"
    );
    let mut t = PTime::new(h, 0);
    match period {
        Some(p) => t.period = Some(p),
        None if !us => {}
        None if h == 12 => t.noon = true,
        None if h <= 6 => {
            t.period = Some(Period::Pm);
            t.period_assumed = true;
        }
        None => {}
    }
    Some((vec![Atom::Time(t), Atom::Zone(zone)], i + 2))
}

/// `1500 UTC`, `0100 GMT`: four digits written right before a zone.
fn hhmm_zoned(toks: &[Token], i: usize, v: u32) -> Parsed {
    let (h, m) = (v / 100, v % 100);
    if h > 23 || m > 59 || !spaced(toks, i + 1) || word(toks, i + 1).is_none_or(|w| w.len() < 3) {
        return None;
    }
    zone_at(toks, i + 1, true)?;
    let mut t = PTime::new(h, m);
    t.leading_zero = true;
    one(Atom::Time(t), i + 1)
}

/// `16h00`, `21h30`, `16h` (a European way to write a clock time).
fn h_time(toks: &[Token], i: usize, h: u32, hlen: u8) -> Parsed {
    if !word(toks, i + 1).is_some_and(|w| w.eq_ignore_ascii_case("h")) || spaced(toks, i + 1) {
        return None;
    }
    // `1h 0m`, `1h30m`, `2h 15min`: a length, not a clock time.
    let minutes_unit = |k: usize| {
        num(toks, k).is_some()
            && !spaced(toks, k + 1)
            && word(toks, k + 1)
                .is_some_and(|w| matches!(w.to_ascii_lowercase().as_str(), "m" | "min" | "mins"))
    };
    if minutes_unit(i + 2) {
        return None;
    }
    let (m, j) = match num(toks, i + 2) {
        Some((m, 2)) if m < 60 && !spaced(toks, i + 2) => (m, i + 3),
        _ => (0, i + 2),
    };
    let mut t = PTime::new(h, m);
    t.leading_zero = hlen == 2 && h < 10;
    one(Atom::Time(t), j)
}

/// `16 UTC`, `9 CET`: a bare hour written right before a zone.
fn zoned_hour(toks: &[Token], i: usize, h: u32, hlen: u8) -> Parsed {
    // Two-letter names (`PT`, `ET`) are too often other words after a number.
    if h > 23 || !spaced(toks, i + 1) || word(toks, i + 1).is_none_or(|w| w.len() < 3) {
        return None;
    }
    zone_at(toks, i + 1, true)?;
    let mut t = PTime::new(h, 0);
    t.leading_zero = hlen == 2 && h < 10;
    one(Atom::Time(t), i + 1)
}

/// `19:30`, `9:30:00`, `14:00:00.000+08:00`, `2:00 PM`, `19:30 分`.
fn colon_time(toks: &[Token], i: usize, h: u32, hlen: u8, strict: bool) -> Parsed {
    if !is_ch(toks, i + 1, ':') {
        return None;
    }
    let (m, mlen) = num(toks, i + 2)?;
    if mlen != 2 || m > 59 || (h == 24 && m != 0) {
        return None;
    }
    let mut t = PTime::new(h, m);
    t.leading_zero = hlen == 2 && h < 10;
    let mut j = i + 3;
    let mut seconds = false;
    if is_ch(toks, j, ':') {
        if let Some((s, 2)) = num(toks, j + 1) {
            if s <= 60 {
                t.s = s.min(59);
                seconds = true;
                j += 2;
                if is_ch(toks, j, '.') && num(toks, j + 1).is_some() {
                    j += 2;
                }
            }
        }
    }
    // An offset glued to the time (RFC 3339). A `-` only counts after seconds,
    // since `14:00-18:00` is a range.
    if word(toks, j) == Some("Z") && !spaced(toks, j) {
        t.zone = Some(ZoneSpec::Fixed {
            secs: 0,
            name: "UTC".into(),
        });
        j += 1;
    } else if is_ch(toks, j, '+') || (seconds && is_ch(toks, j, '-')) {
        // Without seconds only a full `+08:00`/`+0800` counts: `02:00+1` is
        // "next day" shorthand, not UTC+1.
        let full =
            seconds || num(toks, j + 1).is_some_and(|(_, len)| len == 4) || is_ch(toks, j + 2, ':');
        if let Some((secs, k)) = signed_offset(toks, j, strict).filter(|_| full) {
            t.zone = Some(ZoneSpec::Fixed {
                secs,
                name: offset_name("UTC", secs),
            });
            j = k;
        }
    } else if strict && seconds && spaced(toks, j) {
        // YAML timestamps may put the offset after a space (`14:00:00 +8`).
        if let Some((secs, k)) = signed_offset(toks, j, true) {
            t.zone = Some(ZoneSpec::Fixed {
                secs,
                name: offset_name("UTC", secs),
            });
            j = k;
        }
    }
    if let Some((p, k)) = ampm_at(toks, j) {
        t.period = Some(p);
        j = k;
    }
    if is_ch(toks, j, '分') {
        j += 1;
    }
    one(Atom::Time(t), j)
}

/// `19 点`, `8点半`, `10点1刻`, `8 点 15 分`, `12点整`, `9时30分`, `7 点钟`.
fn dot_time(toks: &[Token], i: usize, h: u32) -> Parsed {
    if !matches!(ch(toks, i + 1), Some('点' | '时' | '時')) {
        return None;
    }
    let mut j = i + 2;
    if is_ch(toks, j, '钟') {
        j += 1;
    }
    let mut m = 0;
    if is_ch(toks, j, '半') {
        m = 30;
        j += 1;
    } else if is_ch(toks, j, '整') {
        j += 1;
    } else if let Some((v, len)) = num(toks, j) {
        if is_ch(toks, j + 1, '刻') && (1..=3).contains(&v) {
            m = v * 15;
            j += 2;
        } else if len <= 2 && v < 60 && !matches!(ch(toks, j + 1), Some('点' | '时' | ':' | '月'))
        {
            m = v;
            j += 1;
            if is_ch(toks, j, '分') {
                j += 1;
            }
        }
    }
    if h == 24 && m != 0 {
        return None;
    }
    one(Atom::Time(PTime::new(h, m)), j)
}

/// `6.30pm`, `8.00 p.m.`: the British dot between hours and minutes. Only
/// with AM/PM (a bare `1.30` is a number, a version or a date), or as the
/// start of a range whose end has it (`5.30-7.30 pm`, `12.00 - 12.30pm`),
/// when `range_start`. An hour past 12 with PM is read as written
/// (`17.30pm`), as `20:00 PM` is.
fn dotted_clock(
    toks: &[Token],
    i: usize,
    h: u32,
    hlen: u8,
    strict: bool,
    range_start: bool,
) -> Parsed {
    if !is_ch(toks, i + 1, '.') || spaced(toks, i + 1) || spaced(toks, i + 2) {
        return None;
    }
    let (m, 2) = num(toks, i + 2)? else {
        return None;
    };
    if m > 59 || h > 23 || is_ch(toks, i + 3, '.') && num(toks, i + 4).is_some() {
        return None;
    }
    let mut t = PTime::new(h, m);
    t.leading_zero = hlen == 2 && h < 10;
    if let Some((p, j)) = ampm_at(toks, i + 3) {
        if p == Period::Am && h > 12 {
            return None;
        }
        t.period = Some(p);
        return one(Atom::Time(t), j);
    }
    if !range_start {
        return None;
    }
    let (_, after_sep) = sep_at(toks, i + 3)?;
    // `13.00 - 17.00`: a 24-hour range with dots, whose end is later and one
    // of whose hours is past noon (not `1.30 - 2.00`, a version or a price).
    let later_end = dotted_range_end(toks, after_sep)
        .is_some_and(|(a, _)| matches!(a.first(), Some(Atom::Time(e)) if (e.h, e.m) > (h, m)));
    if later_end {
        return one(Atom::Time(t), i + 3);
    }
    let (next, _) = time_at_no_bare(toks, after_sep, strict)?;
    match next.first() {
        Some(Atom::Time(end)) if end.period.is_some() => one(Atom::Time(t), i + 3),
        _ => None,
    }
}

/// The end of a dotted 24-hour range (`13.00 - 17.00`), after its start was
/// read by [`dotted_clock`]: `HH.MM` right after a range separator.
fn dotted_range_end(toks: &[Token], i: usize) -> Parsed {
    let (h, _) = num(toks, i)?;
    if !is_ch(toks, i + 1, '.') || spaced(toks, i + 1) || spaced(toks, i + 2) {
        return None;
    }
    let (m, 2) = num(toks, i + 2)? else {
        return None;
    };
    if h > 23 || m > 59 || h < 13 || (is_ch(toks, i + 3, '.') && num(toks, i + 4).is_some()) {
        return None;
    }
    one(Atom::Time(PTime::new(h, m)), i + 3)
}

/// `2pm`, `2 PM`, `11 a.m.`.
fn en_hour(toks: &[Token], i: usize, h: u32) -> Parsed {
    if !(1..=12).contains(&h) {
        return None;
    }
    let (p, j) = ampm_at(toks, i + 1)?;
    let mut t = PTime::new(h, 0);
    t.period = Some(p);
    one(Atom::Time(t), j)
}

/// The `2` of `2-4pm` or `9-16 点`: a bare hour is a time only when a range
/// separator and a real time follow it.
fn bare_range_hour(toks: &[Token], i: usize, h: u32, strict: bool) -> Parsed {
    let (_, after_sep) = sep_at(toks, i + 1)?;
    let next = time_at_no_bare(toks, after_sep, strict).or_else(|| {
        // `19-20 CET`: both hours bare, the zone after them.
        let (h2, l2) = num(toks, after_sep)?;
        (l2 <= 2 && h2 <= 24 && h < 24)
            .then(|| zoned_hour(toks, after_sep, h2, l2))
            .flatten()
    });
    let (next, _) = next?;
    if !matches!(next.first(), Some(Atom::Time(_))) {
        return None;
    }
    let mut t = PTime::new(h, 0);
    t.bare = true;
    one(Atom::Time(t), i + 1)
}

fn time_at_no_bare(toks: &[Token], i: usize, strict: bool) -> Parsed {
    let (h, hlen) = num(toks, i)?;
    if hlen > 2 || h > 24 {
        return None;
    }
    colon_time(toks, i, h, hlen, strict)
        .or_else(|| dot_time(toks, i, h))
        .or_else(|| dotted_clock(toks, i, h, hlen, strict, false))
        .or_else(|| h_time(toks, i, h, hlen))
        .or_else(|| en_hour(toks, i, h))
}

/// The day after `周`, `星期` or `礼拜` (`二` in `周二`).
pub(crate) fn weekday_of_char(c: char) -> Option<Weekday> {
    Some(match c {
        '一' => Weekday::Mon,
        '二' => Weekday::Tue,
        '三' => Weekday::Wed,
        '四' => Weekday::Thu,
        '五' => Weekday::Fri,
        '六' => Weekday::Sat,
        '日' | '天' | '七' => Weekday::Sun,
        _ => return None,
    })
}

/// An English day name or abbreviation, in any case.
pub(crate) fn weekday_named(word: &str) -> Option<Weekday> {
    const NAMES: [(&str, Weekday); 24] = [
        ("monday", Weekday::Mon),
        ("mon", Weekday::Mon),
        ("tuesday", Weekday::Tue),
        ("tue", Weekday::Tue),
        ("tues", Weekday::Tue),
        ("wednesday", Weekday::Wed),
        ("wed", Weekday::Wed),
        ("thursday", Weekday::Thu),
        ("thu", Weekday::Thu),
        ("thur", Weekday::Thu),
        ("thurs", Weekday::Thu),
        ("friday", Weekday::Fri),
        ("fri", Weekday::Fri),
        ("saturday", Weekday::Sat),
        ("sat", Weekday::Sat),
        ("sunday", Weekday::Sun),
        ("sun", Weekday::Sun),
        ("lunes", Weekday::Mon),
        ("martes", Weekday::Tue),
        ("miercoles", Weekday::Wed),
        ("jueves", Weekday::Thu),
        ("viernes", Weekday::Fri),
        ("sabado", Weekday::Sat),
        ("domingo", Weekday::Sun),
    ];
    // Compared in place: called for every ASCII word of a candidate line.
    NAMES
        .iter()
        .find(|(name, _)| word.eq_ignore_ascii_case(name))
        .map(|&(_, day)| day)
}

fn weekday_at(toks: &[Token], i: usize) -> Parsed {
    for prefix in ["星期", "礼拜", "禮拜", "周", "週"] {
        if let Some(j) = chars_at(toks, i, prefix) {
            let wd = weekday_of_char(ch(toks, j)?)?;
            let text: String = prefix.chars().chain(ch(toks, j)).collect();
            return one(Atom::Weekday(WrittenWeekday { wd, text }), j + 1);
        }
    }
    let w = word(toks, i)?;
    let wd = weekday_named(w)?;
    let j = if is_ch(toks, i + 1, '.') {
        i + 2
    } else {
        i + 1
    };
    // `on Tuesday, the 19th at 4:00 PM`: a weekday and a day of the month,
    // whose month is the next one after the post date that has that day on
    // that weekday. An ordinal is required (`Tuesday, the 19 speakers`) and
    // no month may follow (`Tuesday, the 19th of May` is a date).
    let k = if is_ch(toks, j, ',') { j + 1 } else { j };
    // `Wednesday 4/22`, `Thursday, 23/4`: a day and month behind a weekday,
    // read only when one of the two numbers cannot be a month.
    if let (Some((a, al)), true, Some((b, bl))) =
        (num(toks, k), is_ch(toks, k + 1, '/'), num(toks, k + 2))
    {
        let tail_free = !is_ch(toks, k + 3, '/') && !spaced(toks, k + 1) && !spaced(toks, k + 2);
        let md = match (a > 12, b > 12) {
            (false, true) => Some((a, b)),
            (true, false) => Some((b, a)),
            _ => None,
        };
        if let (Some((m, d)), true, true) = (md, al <= 2 && bl <= 2, tail_free) {
            if valid_md(m, d) {
                return Some((
                    vec![Atom::Date(PDate {
                        y: None,
                        m,
                        d,
                        wd: Some(WrittenWeekday {
                            wd,
                            text: w.to_string(),
                        }),
                    })],
                    k + 3,
                ));
            }
        }
    }
    if word_ci(toks, k, "the") {
        if let Some((d, len)) = num(toks, k + 1) {
            let after = skip_ordinal(toks, k + 2);
            let month_follows = word(toks, after).and_then(month_of).is_some()
                || (word_ci(toks, after, "of")
                    && word(toks, after + 1).and_then(month_of).is_some());
            if len <= 2 && after > k + 2 && (1..=31).contains(&d) && !month_follows {
                return one(
                    Atom::Relative(Relative {
                        day: RelDay::MonthDay(wd, d),
                        text: format!("{w}, the {d}{}", word(toks, k + 2).unwrap_or("")),
                    }),
                    after,
                );
            }
        }
    }
    one(
        Atom::Weekday(WrittenWeekday {
            wd,
            text: w.to_string(),
        }),
        j,
    )
}

fn period_at(toks: &[Token], i: usize) -> Parsed {
    const WORDS: [(&str, Period); 19] = [
        ("上午", Period::Morning),
        ("早上", Period::Morning),
        ("早晨", Period::Morning),
        ("清晨", Period::Morning),
        ("中午", Period::Noon),
        ("下午", Period::Afternoon),
        ("午后", Period::Afternoon),
        ("傍晚", Period::Evening),
        ("晚上", Period::Evening),
        ("晚间", Period::Evening),
        ("今晚", Period::Evening),
        ("夜里", Period::Night),
        ("夜间", Period::Night),
        ("深夜", Period::Night),
        ("半夜", Period::Night),
        ("凌晨", Period::EarlyMorning),
        ("早", Period::Morning),
        ("晚", Period::Evening),
        ("夜", Period::Night),
    ];
    // Every token of every text is tried: most are not a word's first
    // character, which one `match` tells before the 19 comparisons.
    if !matches!(
        ch(toks, i),
        Some(
            '上' | '早'
                | '清'
                | '中'
                | '下'
                | '午'
                | '傍'
                | '晚'
                | '今'
                | '夜'
                | '深'
                | '半'
                | '凌'
        )
    ) {
        return None;
    }
    for (s, p) in WORDS {
        if let Some(j) = chars_at(toks, i, s) {
            return one(Atom::Period(p), j);
        }
    }
    None
}

fn sep_at(toks: &[Token], i: usize) -> Option<(Vec<Atom>, usize)> {
    match ch(toks, i) {
        Some('-' | '~') => {
            let mut j = i + 1;
            while matches!(ch(toks, j), Some('-' | '~')) {
                j += 1;
            }
            one(Atom::Sep, j)
        }
        // `8:00 签到，9:00 开始`, `报到`, `收到`, `甚至`: the character ends a word
        // that is not "until", so the times beside it are no range.
        Some(c @ ('至' | '到')) if i > 0 && !spaced(toks, i) && ends_word(ch(toks, i - 1), c) => {
            None
        }
        // `持续到了五点半`: a report's `到了` is still the range's end.
        Some('至' | '到') if ch(toks, i + 1) == Some('了') => one(Atom::Sep, i + 2),
        Some('至' | '到') => one(Atom::Sep, i + 1),
        _ => {
            let w = word(toks, i)?.to_ascii_lowercase();
            matches!(w.as_str(), "to" | "until" | "till" | "through" | "thru")
                .then(|| (vec![Atom::Sep], i + 1))
        }
    }
}

/// Whether `至`/`到` after `before` closes a word of its own (`签到` sign in,
/// `报到` check in, `迟到`, `收到`, `看到`, `甚至` even, `以至`) rather than
/// meaning "until" (`直到`, `一直到`, `9 点到 11 点` stay ranges).
fn ends_word(before: Option<char>, c: char) -> bool {
    let Some(b) = before else {
        return false;
    };
    match c {
        '到' => "签报迟收看听想得找来达遇做感学提回送拿接等赶办".contains(b),
        '至' => "甚以乃".contains(b),
        _ => false,
    }
}

// ---------------------------------------------------------------- assembly

/// Puts the atoms of one time expression together: the first date (and a
/// range end after a separator), the first time (and an end after a
/// separator), weekdays on the date they stand next to, a 上午/PM clue on the
/// time after it, the first zone, and the series markers (`每天`, `每周三`).
///
/// Reading stops at a second, unrelated date or time (`14:00 UTC (22:00
/// 北京时间)`), which starts the next expression; so does a date after a
/// time that follows `;`, `and` or `or` (`2-3PM PDT; March 28th 8-9AM AEDT`).
/// A weekday, clue or zone written after a joiner and before the next
/// expression's date or time belongs to that expression.
///
/// Returns the reading, how many atoms it used, and the joiner between it
/// and the next expression.
/// Whether the token before `at` is `起` (`即日起~…`, `今天起 ~ …`): a range's
/// start said in words.
fn since_before(toks: &[Token], at: usize) -> bool {
    at.checked_sub(1)
        .and_then(|k| toks.get(k))
        .is_some_and(|t| t.t == Tok::Ch('起'))
}

fn assemble(atoms: &[Spanned], toks: &[Token]) -> (Reading, usize, Option<Joiner>) {
    #[derive(PartialEq, Clone, Copy)]
    enum Last {
        Nothing,
        Date,
        Time,
    }
    let mut r = Reading::default();
    let mut pending_wd: Option<WrittenWeekday> = None;
    let mut pending_period: Option<Period> = None;
    let mut pending_zone: Option<ZoneSpec> = None;
    // Where the atoms waiting for the next date or time began, once this
    // expression has content: the next expression starts there.
    let mut pending_since: Option<usize> = None;
    let mut join: Option<Joiner> = None;
    let mut sep = false;
    let mut next_day = false;
    let mut last = Last::Nothing;
    let mut stop = atoms.len();
    // A separator before any date (`即日起至 11 月 30 日`): the text gives only
    // the end, when the date follows the separator directly. The token after
    // the separator.
    let mut open_sep: Option<usize> = None;
    // Atoms already read by a look-ahead.
    let mut skip = 0usize;
    // Where the relative day (`本周日`) ended, in tokens.
    let mut relative_to: Option<usize> = None;
    for (k, sa) in atoms.iter().enumerate() {
        if skip > 0 {
            skip -= 1;
            continue;
        }
        let has_content = r.first.is_some() || r.start.is_some() || r.relative.is_some();
        let hold = |since: &mut Option<usize>| {
            if has_content && since.is_none() {
                *since = Some(k);
            }
        };
        match &sa.atom {
            Atom::Join(j) => {
                // Between two expressions, `and`/`or` says more than the
                // punctuation around it (`and Thursday, 27 August`).
                if has_content && !join.is_some_and(Joiner::is_conjunction) {
                    join = Some(*j);
                }
            }
            Atom::Zone(z) => {
                let has_zone =
                    r.zone.is_some() || r.start.as_ref().is_some_and(|t| t.zone.is_some());
                // `1:30pm CST (UTC-6)`: an offset in parentheses right after CST says
                // which CST is meant (China's or US Central's), so it wins. After the
                // abbreviation of one region's clock (`15:00 CET (UTC +1:00)` on the
                // morning Berlin moved to CEST) the offset is most often a template's
                // stale copy: the region's clock of the day is read, and warned when it
                // is not the one named (see `zone::convert`).
                let glossed = k >= 2
                    && matches!(atoms[k - 1].atom, Atom::Join(Joiner::Paren))
                    && matches!(atoms[k - 2].atom, Atom::Zone(_))
                    && z.is_universal()
                    && r.zone
                        .as_ref()
                        .is_some_and(|own| matches!(own, ZoneSpec::Cst));
                if glossed {
                    r.zone = Some(z.clone());
                    join = None;
                } else if r.start.is_some() && (join.is_some() || has_zone) {
                    // `14:00 (北京时间 22:00)`, `12:00 AM America/New_York:
                    // Monday 29 November 7:00 PM`: perhaps the next
                    // expression's.
                    hold(&mut pending_since);
                    pending_zone.get_or_insert_with(|| z.clone());
                } else if r.zone.is_none() {
                    r.zone = Some(z.clone());
                }
            }
            Atom::Daily => r.daily = true,
            Atom::Every(days) => {
                for d in days {
                    if !r.every.contains(d) {
                        r.every.push(*d);
                    }
                }
            }
            Atom::Weekday(w) => {
                // Two weekdays after a range of days (`3 月 7 日 - 8 日（星期四和
                // 星期五）`, `22-23 May (Thu-Fri)`) are its first and last day's.
                let second = match (atoms.get(k + 1).map(|a| &a.atom), atoms.get(k + 2)) {
                    (Some(Atom::Join(Joiner::And) | Atom::Sep), Some(a)) => match &a.atom {
                        Atom::Weekday(w2) => Some(w2),
                        _ => None,
                    },
                    _ => None,
                };
                if let (Some(w2), Some(first), Some(l)) =
                    (second, r.first.as_mut(), r.last.as_mut())
                {
                    if first.wd.is_none() && l.wd.is_none() && last == Last::Date {
                        first.wd = Some(w.clone());
                        l.wd = Some(w2.clone());
                        skip = 2;
                        continue;
                    }
                }
                // A weekday belongs to the date it follows (`11 月 4 日（周六）`,
                // even after a time: `11 月 4 日 20:00（周六）`); after a range
                // separator it waits for the next date.
                if (last == Last::Date || !sep) && join.is_none_or(|j| !j.is_conjunction()) {
                    let latest = if r.last.is_some() {
                        r.last.as_mut()
                    } else {
                        r.first.as_mut()
                    };
                    if let Some(d) = latest.filter(|d| d.wd.is_none()) {
                        d.wd = Some(w.clone());
                        continue;
                    }
                }
                hold(&mut pending_since);
                // `周四周五（3月19日与20日）`: the first weekday is the first
                // date's; the second, without a date of its own, is not checked.
                if pending_wd.is_none() {
                    pending_wd = Some(w.clone());
                }
            }
            Atom::Period(p) => {
                hold(&mut pending_since);
                pending_period = Some(*p);
            }
            Atom::Sep => {
                if last != Last::Nothing {
                    sep = true;
                } else if match toks.get(sa.from).map(|t| &t.t) {
                    Some(Tok::Ch('-')) => false,
                    Some(Tok::Ch('~')) => since_before(toks, sa.from),
                    _ => true,
                } {
                    // `即日起至 11 月 30 日`, `until 30 November`: only the end is
                    // given, in words. A dash before any date is a title's
                    // separator (`Community Meeting - 2024-01-24`), and a tilde
                    // the playful tone mark of chatty Chinese (`可以有~ 12.18号`),
                    // not a range, unless a `起` (from) comes right before it
                    // (`即日起~12月31日`).
                    open_sep = Some(sa.to);
                }
            }
            Atom::NextDay => {
                if sep {
                    next_day = true;
                }
            }
            Atom::Relative(rel) => {
                if r.first.is_some() || r.relative.is_some() || (r.start.is_some() && breaks(join))
                {
                    stop = pending_since.unwrap_or(k);
                    break;
                }
                r.relative = Some(rel.clone());
                relative_to = Some(sa.to);
                pending_wd = None;
                pending_since = None;
                last = Last::Date;
            }
            Atom::Date(_) | Atom::DayOnly(_) => {
                let mut d = match &sa.atom {
                    Atom::Date(d) => d.clone(),
                    Atom::DayOnly(day) => match r.first.as_ref() {
                        Some(f) if valid_md(f.m, *day) => PDate {
                            y: f.y,
                            m: f.m,
                            d: *day,
                            wd: None,
                        },
                        _ => continue,
                    },
                    _ => continue,
                };
                if r.first.is_none() && r.relative.is_none() && !(r.start.is_some() && breaks(join))
                {
                    if d.wd.is_none() {
                        d.wd = pending_wd.take();
                    }
                    // Right after it: no word between (`-Shanghai 2019.09.20` is
                    // a dash before a word, not `至 11 月 30 日`).
                    if r.start.is_none() && open_sep == Some(sa.from) {
                        r.open_start = true;
                    }
                    r.first = Some(d);
                } else if r.first.is_none()
                    && r.start.is_none()
                    && !join.is_some_and(Joiner::is_conjunction)
                    && r.relative.is_some()
                    && relative_to.is_some_and(|to| restates(toks, to, sa.from))
                {
                    // `本周日，即 3 月 24 号`, `next Thursday (5 March)`: the date
                    // says which day the relative one is; its weekday is
                    // still checked against it.
                    if d.wd.is_none() {
                        d.wd = r.relative.as_ref().and_then(Relative::written_weekday);
                    }
                    r.first = Some(d);
                    r.relative = None;
                } else if sep
                    && r.first.is_some()
                    && r.last.is_none()
                    && (r.end.is_none() || last == Last::Date)
                {
                    if d.wd.is_none() {
                        d.wd = pending_wd.take();
                    }
                    // `12:00-16:00 UTC 13-16 June`: hours written before the
                    // days hold on each day.
                    if r.end.is_some() {
                        r.daily = true;
                    }
                    r.last = Some(d);
                    // Before any time the range is complete; after a start
                    // time the separator still leads to the end time.
                    if r.start.is_none() || r.end.is_some() {
                        sep = false;
                    }
                } else {
                    stop = pending_since.unwrap_or(k);
                    break;
                }
                pending_since = None;
                join = None;
                last = Last::Date;
            }
            Atom::Time(t) => {
                let mut t = t.clone();
                if r.start.is_none() {
                    if let Some(p) = pending_period.take() {
                        if t.period.is_none() {
                            t.period = Some(p);
                        }
                    }
                    // A date range written before the hours: the hours hold
                    // on each day.
                    if r.last.is_some() {
                        r.daily = true;
                    }
                    r.start = Some(t);
                    sep = false;
                } else if sep && r.end.is_none() {
                    if let Some(p) = pending_period.take() {
                        if t.period.is_none() {
                            t.period = Some(p);
                        }
                    }
                    r.end = Some(t);
                    r.next_day = next_day;
                    sep = false;
                } else {
                    stop = pending_since.unwrap_or(k);
                    break;
                }
                if let Some(z) = pending_zone.take() {
                    if r.zone.is_none() {
                        r.zone = Some(z);
                    }
                }
                pending_since = None;
                join = None;
                last = Last::Time;
            }
        }
    }
    if stop == atoms.len() {
        // The expression ran to the end of the text: what waited is its own.
        if let Some(z) = pending_zone {
            if r.zone.is_none() {
                r.zone = Some(z);
            }
        }
        return (r, stop, None);
    }
    (r, stop, join)
}

/// Whether a date after a time starts a new expression: after `;`, `and`, `or`.
fn breaks(join: Option<Joiner>) -> bool {
    matches!(join, Some(Joiner::Semicolon | Joiner::And | Joiner::Or))
}

#[cfg(test)]
mod tests {
    use super::super::text::normalize;
    use super::*;

    fn rd(s: &str) -> Reading {
        read(&normalize(s), false)
    }

    fn date(r: &Reading) -> (Option<i32>, u32, u32) {
        let d = r.first.as_ref().expect("a date");
        (d.y, d.m, d.d)
    }

    fn hm(t: &Option<PTime>, as_end: bool) -> (u32, u32) {
        let t = t.as_ref().expect("a time");
        (t.hour24(as_end), t.m)
    }

    fn wd(r: &Reading) -> Weekday {
        r.first
            .as_ref()
            .and_then(|d| d.wd.as_ref())
            .expect("a weekday")
            .wd
    }

    #[test]
    fn a_colon_after_a_date_is_no_clock() {
        assert_eq!(date(&rd("on May 18: doors open at 6pm")), (None, 5, 18));
        assert!(rd("Nov 4:30").first.is_none());
    }

    #[test]
    fn a_word_ending_in_dao_is_no_range() {
        let r = rd("5 月 18 日 8:00 签到，9:00 正式开始");
        assert_eq!(hm(&r.start, false), (8, 0));
        assert!(r.end.is_none());
        let r = rd("5 月 18 日 9 点到 11 点");
        assert_eq!(hm(&r.end, true), (11, 0));
        let r = rd("活动从下午 2:30 一直到下午 6:00");
        assert_eq!(hm(&r.end, true), (18, 0));
    }

    #[test]
    fn day_month_name_year_joined_by_slashes_or_dashes() {
        assert_eq!(date(&rd("on 15/July/2017")), (Some(2017), 7, 15));
        assert_eq!(date(&rd("3-Aug-2017, 10:00")), (Some(2017), 8, 3));
        let r = rd("3-Aug 18:30");
        assert_eq!(date(&r), (None, 8, 3));
        assert_eq!(hm(&r.start, false), (18, 30));
        // Not a day and month: a number range before a word.
        assert!(rd("slides 3-10 of the deck").first.is_none());
    }

    #[test]
    fn zh_month_day_range_with_double_dash() {
        let r = rd("04 月 15 日 12:00--17:00");
        assert_eq!(date(&r), (None, 4, 15));
        assert_eq!(hm(&r.start, false), (12, 0));
        assert_eq!(hm(&r.end, true), (17, 0));
    }

    #[test]
    fn zh_full_date_weekday_in_parens() {
        let r = rd("2019 年 11 月 24 日（星期日）9:30-16:30");
        assert_eq!(date(&r), (Some(2019), 11, 24));
        assert_eq!(wd(&r), Weekday::Sun);
        assert_eq!(hm(&r.start, false), (9, 30));
        assert_eq!(hm(&r.end, true), (16, 30));
    }

    #[test]
    fn evening_clue_and_chinese_hour() {
        let r = rd("5 月 28 日周四晚 8 点");
        assert_eq!(date(&r), (None, 5, 28));
        assert_eq!(wd(&r), Weekday::Thu);
        assert_eq!(hm(&r.start, false), (20, 0));
        assert!(r.end.is_none());
        let r = rd("3 月 24 日周日下午 13 点");
        assert_eq!(hm(&r.start, false), (13, 0));
        assert_eq!(wd(&r), Weekday::Sun);
        let r = rd("08月18日,周三晚19点");
        assert_eq!((date(&r), wd(&r)), ((None, 8, 18), Weekday::Wed));
        assert_eq!(hm(&r.start, false), (19, 0));
        let r = rd("12 月 09 日，周三晚 19 点");
        assert_eq!(date(&r), (None, 12, 9));
        assert_eq!(hm(&r.start, false), (19, 0));
    }

    #[test]
    fn full_width_colons_and_spaced_range() {
        let r = rd("2021年6 月 19 日（周六）13：00 -17：30");
        assert_eq!(date(&r), (Some(2021), 6, 19));
        assert_eq!(hm(&r.start, false), (13, 0));
        assert_eq!(hm(&r.end, true), (17, 30));
        let r = rd("2022 年 04 月 16 日 （14:00-17:40）");
        assert_eq!(hm(&r.start, false), (14, 0));
        assert_eq!(hm(&r.end, true), (17, 40));
    }

    #[test]
    fn date_range_without_hours() {
        let r = rd("2026 年 4 月 1 日-2026 年 4 月 25 日");
        assert_eq!(date(&r), (Some(2026), 4, 1));
        let l = r.last.as_ref().expect("range end");
        assert_eq!((l.y, l.m, l.d), (Some(2026), 4, 25));
        assert!(r.start.is_none());
        let r = rd("4 月 1 日-25 日");
        assert_eq!(r.last.as_ref().map(|l| (l.m, l.d)), Some((4, 25)));
        let r = rd("11 月 4-5 日");
        assert_eq!(date(&r), (None, 11, 4));
        assert_eq!(r.last.as_ref().map(|l| (l.m, l.d)), Some((11, 5)));
    }

    #[test]
    fn morning_clue_and_date_with_comma_weekday() {
        let r = rd("2022 年 4 月 1 日 上午 9:30");
        assert_eq!(hm(&r.start, false), (9, 30));
        assert_eq!(
            r.start.as_ref().and_then(|t| t.period),
            Some(Period::Morning)
        );
        let r = rd("2019年6月24日，星期一");
        assert_eq!(wd(&r), Weekday::Mon);
        assert!(r.start.is_none());
    }

    #[test]
    fn english_dates() {
        let r = rd("Monday, 24 June, 2019");
        assert_eq!(date(&r), (Some(2019), 6, 24));
        assert_eq!(wd(&r), Weekday::Mon);
        let r = rd("Saturday, Nov 4, 2023, 2:00 PM – 6:00 PM (GMT+8)");
        assert_eq!(date(&r), (Some(2023), 11, 4));
        assert_eq!(wd(&r), Weekday::Sat);
        assert_eq!(hm(&r.start, false), (14, 0));
        assert_eq!(hm(&r.end, true), (18, 0));
        assert_eq!(
            r.zone,
            Some(ZoneSpec::Fixed {
                secs: 8 * 3600,
                name: "GMT+8".into()
            })
        );
        let r = rd("November 4, 2023 2pm-4pm");
        assert_eq!(date(&r), (Some(2023), 11, 4));
        assert_eq!(hm(&r.start, false), (14, 0));
        assert_eq!(hm(&r.end, true), (16, 0));
        let r = rd("4 Nov 2023");
        assert_eq!(date(&r), (Some(2023), 11, 4));
        let r = rd("Nov 4th");
        assert_eq!(date(&r), (None, 11, 4));
        let r = rd("Nov 4-5, 2023");
        assert_eq!(r.last.as_ref().map(|l| (l.y, l.d)), Some((Some(2023), 5)));
    }

    #[test]
    fn english_times() {
        let r = rd("2pm-4pm");
        assert_eq!(hm(&r.start, false), (14, 0));
        assert_eq!(hm(&r.end, true), (16, 0));
        let r = rd("noon");
        assert_eq!(hm(&r.start, false), (12, 0));
        let r = rd("10 p.m. to midnight");
        assert_eq!(hm(&r.start, false), (22, 0));
        assert_eq!(hm(&r.end, true), (24, 0));
        let r = rd("12 AM");
        assert_eq!(hm(&r.start, false), (0, 0));
        // `2-4pm`: the start is bare and takes its clue later (resolution).
        let r = rd("2-4pm");
        assert!(r.start.as_ref().is_some_and(|t| t.bare && t.h == 2));
        assert_eq!(hm(&r.end, true), (16, 0));
    }

    #[test]
    fn iso_like_dates() {
        let r = rd("2023-11-04 14:00-18:00");
        assert_eq!(date(&r), (Some(2023), 11, 4));
        assert_eq!(hm(&r.start, false), (14, 0));
        assert_eq!(hm(&r.end, true), (18, 0));
        let r = rd("2023/11/04 14:00");
        assert_eq!(date(&r), (Some(2023), 11, 4));
        assert!(r.end.is_none());
        let r = rd("2023.11.04");
        assert_eq!(date(&r), (Some(2023), 11, 4));
        assert!(r.start.is_none());
        let r = read(&normalize("2023-11-04T14:00:00+08:00"), true);
        assert_eq!(hm(&r.start, false), (14, 0));
        assert_eq!(
            r.start.as_ref().and_then(|t| t.zone.clone()),
            Some(ZoneSpec::Fixed {
                secs: 8 * 3600,
                name: "UTC+8".into()
            })
        );
        let r = read(&normalize("2023-11-04T06:00:00Z"), true);
        assert!(r.start.as_ref().is_some_and(|t| t.zone.is_some()));
        let r = read(&normalize("2023-11-04 14:00:00 -5"), true);
        assert!(r.start.as_ref().is_some_and(|t| t.zone
            == Some(ZoneSpec::Fixed {
                secs: -5 * 3600,
                name: "UTC-5".into()
            })));
    }

    #[test]
    fn separators() {
        for s in [
            "19:30~21:00",
            "19:30～21:00",
            "19:30 至 21:00",
            "19:30 到 21:00",
            "19:30 一直持续到了 21:00",
            "19:30 — 21:00",
            "19:30 to 21:00",
        ] {
            let r = rd(s);
            assert_eq!(hm(&r.start, false), (19, 30), "{s}");
            assert_eq!(hm(&r.end, true), (21, 0), "{s}");
        }
    }

    #[test]
    fn next_day_marker() {
        let r = rd("14:00-次日 02:00");
        assert!(r.next_day);
        assert_eq!(hm(&r.end, true), (2, 0));
        let r = rd("22:00-02:00");
        assert!(!r.next_day);
    }

    #[test]
    fn chinese_numeral_times() {
        let cases = [
            ("晚上八点", (20, 0)),
            ("下午两点半", (14, 30)),
            ("十点一刻", (10, 15)),
            ("三点三刻", (3, 45)),
            ("八点十五分", (8, 15)),
            ("12点整", (12, 0)),
            ("中午 12 点", (12, 0)),
            ("中午 1 点", (13, 0)),
            ("凌晨 2 点", (2, 0)),
            ("凌晨 12 点", (0, 0)),
            ("早上 7 点", (7, 0)),
            ("上午 10 点", (10, 0)),
            ("傍晚 6 点", (18, 0)),
            ("夜里 11 点", (23, 0)),
            ("9时30分", (9, 30)),
            ("7 点钟", (7, 0)),
        ];
        for (s, want) in cases {
            assert_eq!(hm(&rd(s).start, false), want, "{s}");
        }
        // The tail of a larger number is no hour: `一百零八点` is not 8:00.
        assert!(rd("一百零八点半，活动正式开始").start.is_none());
        assert!(rd("三百二十点积分").start.is_none());
    }

    #[test]
    fn zones() {
        let z = |s: &str| rd(s).zone;
        assert_eq!(
            z("12:00 UTC"),
            Some(ZoneSpec::Fixed {
                secs: 0,
                name: "UTC".into()
            })
        );
        assert_eq!(
            z("12:00 UTC+08:00"),
            Some(ZoneSpec::Fixed {
                secs: 8 * 3600,
                name: "UTC+8".into()
            })
        );
        assert_eq!(
            z("9:00 UTC-5"),
            Some(ZoneSpec::Fixed {
                secs: -5 * 3600,
                name: "UTC-5".into()
            })
        );
        assert_eq!(
            z("9:00 PDT"),
            Some(ZoneSpec::Clock {
                secs: -7 * 3600,
                name: "PDT".into(),
                region: chrono_tz::Tz::America__Los_Angeles
            })
        );
        assert_eq!(
            z("9:00 JST"),
            Some(ZoneSpec::Fixed {
                secs: 9 * 3600,
                name: "JST".into()
            })
        );
        assert_eq!(
            z("北京时间 19:00"),
            Some(ZoneSpec::Named(chrono_tz::Tz::Asia__Shanghai))
        );
        assert_eq!(
            z("19:00 (Asia/Tokyo)"),
            Some(ZoneSpec::Named(chrono_tz::Tz::Asia__Tokyo))
        );
        assert_eq!(
            z("9:00 America/Argentina/Buenos_Aires"),
            Some(ZoneSpec::Named(
                chrono_tz::Tz::America__Argentina__Buenos_Aires
            ))
        );
        // Lower-case abbreviations are words, not zones.
        assert_eq!(z("9:00 est"), None);
        // UTC-5 is an offset, not a range.
        let r = rd("9:00 UTC-5");
        assert!(r.end.is_none());
    }

    #[test]
    fn a_second_group_is_ignored() {
        let r = rd("14:00 UTC (22:00 北京时间)");
        assert_eq!(hm(&r.start, false), (14, 0));
        assert!(r.end.is_none());
        assert_eq!(
            r.zone,
            Some(ZoneSpec::Fixed {
                secs: 0,
                name: "UTC".into()
            })
        );
    }

    #[test]
    fn end_on_a_later_date() {
        let r = rd("2023 年 11 月 4 日 14:00 - 11 月 5 日 18:00");
        assert_eq!(date(&r), (Some(2023), 11, 4));
        assert_eq!(r.last.as_ref().map(|l| l.d), Some(5));
        assert_eq!(hm(&r.end, true), (18, 0));
    }

    fn groups(s: &str) -> Vec<Group> {
        read_groups(&normalize(s), false)
    }

    #[test]
    fn several_expressions_and_their_joiners() {
        let g = groups("on 22 September at 15:00 UTC and 23:00 UTC");
        assert_eq!(g.len(), 2);
        assert_eq!(hm(&g[0].reading.start, false), (15, 0));
        assert!(g[0].reading.zone.is_some() && g[1].reading.zone.is_some());
        assert_eq!(g[1].joiner, Some(Joiner::And));
        assert!(g[1].reading.first.is_none());
        let g = groups("9 PM Pacific / 16:00 UTC");
        assert_eq!(g.len(), 2);
        assert_eq!(
            g[0].reading.zone,
            Some(ZoneSpec::Named(chrono_tz::Tz::America__Los_Angeles))
        );
        assert_eq!(g[1].joiner, Some(Joiner::Slash));
        let g = groups("14:00 UTC（北京时间 22:00）");
        assert_eq!(g.len(), 2);
        assert_eq!(g[1].joiner, Some(Joiner::Paren));
        assert_eq!(
            g[1].reading.zone,
            Some(ZoneSpec::Named(chrono_tz::Tz::Asia__Shanghai))
        );
        let g = groups(
            "Wednesday, 26 August 2020 at 21h00 UTC and Thursday, 27 August 2020 at 15h00 UTC",
        );
        assert_eq!(g.len(), 2);
        assert_eq!(wd(&g[1].reading), Weekday::Thu);
        assert_eq!(hm(&g[1].reading.start, false), (15, 0));
        let g = groups(
            "Wednesday, March 27th, 2-3PM PDT; 9-10PM GMT; March 28th in Australia, 8-9AM AEDT",
        );
        assert_eq!(g.len(), 3);
        assert_eq!(date(&g[2].reading), (None, 3, 28));
        assert_eq!(hm(&g[2].reading.start, false), (8, 0));
        // A date after the hours with a comma is the same expression.
        let g = groups("from 5 to 6 pm UTC on Monday, 1 June");
        assert_eq!(g.len(), 1);
        assert_eq!(date(&g[0].reading), (None, 6, 1));
        // The bare 5 takes `pm` from its end when resolved.
        assert!(g[0]
            .reading
            .start
            .as_ref()
            .is_some_and(|t| t.bare && t.h == 5));
        assert_eq!(hm(&g[0].reading.end, true), (18, 0));
        assert_eq!(wd(&g[0].reading), Weekday::Mon);
    }

    #[test]
    fn more_date_forms() {
        let r = rd("from August 21 to 23, 2024");
        assert_eq!(date(&r), (Some(2024), 8, 21));
        assert_eq!(r.last.as_ref().map(|d| d.d), Some(23));
        // `to` before a clock is the end of the hours, not of the days.
        let r = rd("June 3 to 5 pm");
        assert!(r.last.is_none());
        let r = rd("相信12.18号的专场还会有更多惊喜");
        assert_eq!(date(&r), (None, 12, 18));
        assert!(rd("版本 2.18 发布").first.is_none());
    }

    #[test]
    fn hours_before_days_and_lists_of_days() {
        let g = groups("12:00-16:00 UTC 13-16 June 2022 and 27&28 July 2022 (12:00-16:00 UTC)");
        assert!(g[0].reading.daily);
        assert_eq!(g[0].reading.last.as_ref().map(|d| d.d), Some(16));
        assert_eq!(g.len(), 3);
        assert_eq!(g[1].reading.first.as_ref().map(|d| d.d), Some(27));
        assert_eq!(g[2].joiner, Some(Joiner::And));
        assert!(g[2].reading.start.is_some());
    }

    #[test]
    fn zones_written_before_a_restatement() {
        let g = groups(
            "UTC: Tuesday 30 November at 12:00 AM America/New_York:  Monday 29 November 7:00 PM",
        );
        assert_eq!(g.len(), 2);
        assert_eq!(
            g[1].reading.zone,
            Some(ZoneSpec::Named(chrono_tz::Tz::America__New_York))
        );
        let g = groups("N. America/Los Angeles: Wednesday 22 February 2023 04:00 AM");
        assert_eq!(
            g[0].reading.zone,
            Some(ZoneSpec::Named(chrono_tz::Tz::America__Los_Angeles))
        );
        let g = groups("Los Angeles - Tuesday 4 October - 5 pm");
        assert_eq!(
            g[0].reading.zone,
            Some(ZoneSpec::Named(chrono_tz::Tz::America__Los_Angeles))
        );
    }

    #[test]
    fn relative_days() {
        let r = rd("下周四晚 8 点");
        assert_eq!(
            r.relative.as_ref().map(|x| x.day),
            Some(RelDay::NextWeek(Weekday::Thu))
        );
        assert_eq!(hm(&r.start, false), (20, 0));
        assert!(r.has_date());
        let r = rd("本周六 14:00");
        assert_eq!(
            r.relative.map(|x| x.day),
            Some(RelDay::ThisWeek(Weekday::Sat))
        );
        let r = rd("this coming Monday at 2pm");
        assert_eq!(r.relative.map(|x| x.day), Some(RelDay::After(Weekday::Mon)));
        let r = rd("next Thursday, 10:00 UTC");
        assert_eq!(r.relative.map(|x| x.day), Some(RelDay::After(Weekday::Thu)));
        let r = rd("明晚 7 点");
        assert_eq!(r.relative.map(|x| x.day), Some(RelDay::Offset(1)));
        assert_eq!(hm(&r.start, false), (19, 0));
        assert!(rd("the next step").relative.is_none());
        // A weekday and a day of the month, no month.
        let r = rd("in our weekly meeting on Tuesday, the 19th at 4:00 PM EST");
        assert_eq!(
            r.relative.as_ref().map(|x| x.day),
            Some(RelDay::MonthDay(Weekday::Tue, 19))
        );
        assert_eq!(hm(&r.start, false), (16, 0));
        // With a month it is a date; without an ordinal no day at all.
        let r = rd("Tuesday, the 19th of May");
        assert!(r.relative.is_none());
        assert_eq!(r.first.map(|d| (d.m, d.d)), Some((5, 19)));
        assert!(rd("on Tuesday, the 19 speakers met").relative.is_none());
    }

    #[test]
    fn a_weekday_before_a_numeric_day_and_month() {
        let r = rd("with discussion (Wednesday 4/22, 12:00-1:30 PM EDT)");
        let d = r.first.expect("a date");
        assert_eq!((d.m, d.d, d.y), (4, 22, None));
        assert_eq!(d.wd.map(|w| w.wd), Some(Weekday::Wed));
        assert_eq!(hm(&r.start, false), (12, 0));
        let r = rd("Thursday, 23/4 at 10:00");
        assert_eq!(r.first.map(|d| (d.m, d.d)), Some((4, 23)));
        // Both numbers could be a month: not read.
        assert!(rd("Wednesday 4/5 at 10:00").first.is_none());
        // A score or a fraction without a weekday is no date.
        assert!(rd("we won 4/22 at 10:00").first.is_none());
    }

    #[test]
    fn daily_hours_and_weekly_series() {
        let r = rd("10 月 30 - 31 日，每天 9:00 - 17:00");
        assert!(r.daily);
        assert_eq!(r.last.as_ref().map(|d| d.d), Some(31));
        let r = rd("22-23 April | 8:00 am - 12:00 pm Eastern Time (UTC -4)");
        assert!(r.daily);
        assert_eq!(
            r.zone,
            Some(ZoneSpec::Named(chrono_tz::Tz::America__New_York))
        );
        let r = rd("2023 年 11 月 4 日 14:00 - 11 月 5 日 18:00");
        assert!(!r.daily);
        let r = rd("7 月 1 日至 8 月 31 日，每周三、周四晚上 19:00-20:00");
        assert_eq!(r.every, vec![Weekday::Wed, Weekday::Thu]);
        assert_eq!(hm(&r.start, false), (19, 0));
        assert_eq!(hm(&r.end, true), (20, 0));
        let r = rd("every Tuesday and Thursday, 18:00 UTC");
        assert_eq!(r.every, vec![Weekday::Tue, Weekday::Thu]);
    }

    #[test]
    fn more_clock_forms() {
        assert_eq!(hm(&rd("12noon UTC").start, false), (12, 0));
        assert_eq!(hm(&rd("at 16h00 UTC").start, false), (16, 0));
        assert_eq!(hm(&rd("21h30").start, false), (21, 30));
        assert_eq!(hm(&rd("July 27th at 16 UTC").start, false), (16, 0));
        let r = rd("19-20 CET");
        assert_eq!(hm(&r.start, false), (19, 0));
        assert_eq!(hm(&r.end, true), (20, 0));
        assert_eq!(hm(&rd("20:00 PM").start, false), (20, 0));
        assert!(rd("Chapter 3 PT").start.is_none());
        // A length, not a clock time.
        for s in ["1h 0m", "1h30m", "2h 15min"] {
            assert!(rd(s).start.is_none(), "{s}");
        }
    }

    #[test]
    fn dotted_clock_times_need_am_or_pm() {
        let r = rd("6:00pm - 8.00pm (EDT)");
        assert_eq!(hm(&r.start, false), (18, 0));
        assert_eq!(hm(&r.end, true), (20, 0));
        let r = rd("from 6.30pm to 8.30 p.m.");
        assert_eq!(hm(&r.start, false), (18, 30));
        assert_eq!(hm(&r.end, true), (20, 30));
        // The start of a range, whose PM comes from the end (resolution).
        let r = rd("Thursday 3rd Oct. 5.30- 7.30 pm");
        assert!(r.start.as_ref().is_some_and(|t| (t.h, t.m) == (5, 30)));
        assert_eq!(hm(&r.end, true), (19, 30));
        assert_eq!(hm(&rd("11.00am").start, false), (11, 0));
        // Numbers, versions and dotted dates are not clock times.
        for s in ["version 1.30", "v0.81.0", "1.30-2.45"] {
            assert!(rd(s).start.is_none(), "{s}");
        }
        // A 24-hour range with dots, past noon: European writing.
        let r = rd("Sunday 1 February 2026 13.00 - 17.00");
        assert_eq!(hm(&r.start, false), (13, 0));
        assert_eq!(hm(&r.end, true), (17, 0));
        // Not a range that ends earlier, nor versions.
        for s in ["17.00 - 13.00", "9.00 - 11.00", "1.10 - 1.12.0"] {
            assert!(rd(s).start.is_none(), "{s}");
        }
    }

    #[test]
    fn zones_by_region_and_city() {
        let z = |s: &str| rd(s).zone;
        use chrono_tz::Tz;
        assert_eq!(
            z("12:30pm Eastern"),
            Some(ZoneSpec::Named(Tz::America__New_York))
        );
        assert_eq!(
            z("noon Boston time"),
            Some(ZoneSpec::Named(Tz::America__New_York))
        );
        assert_eq!(
            z("14:00 Europe Central"),
            Some(ZoneSpec::Named(Tz::Europe__Berlin))
        );
        assert_eq!(
            z("14:00 European Central"),
            Some(ZoneSpec::Named(Tz::Europe__Berlin))
        );
        assert_eq!(
            z("09:00 Americas Pacific"),
            Some(ZoneSpec::Named(Tz::America__Los_Angeles))
        );
        assert_eq!(
            z("9 AM North American Pacific"),
            Some(ZoneSpec::Named(Tz::America__Los_Angeles))
        );
        assert_eq!(
            z("16:00 Ukrainian time"),
            Some(ZoneSpec::Named(Tz::Europe__Kyiv))
        );
        assert_eq!(
            z("10:00 美东时间"),
            Some(ZoneSpec::Named(Tz::America__New_York))
        );
        assert_eq!(
            z("11am Central"),
            Some(ZoneSpec::Named(Tz::America__Chicago))
        );
        // A region word away from a time is prose.
        assert_eq!(z("the Asia Pacific community meets"), None);
        assert_eq!(z("our Eastern chapter"), None);
    }

    #[test]
    fn spanish_dates() {
        let r = rd("el jueves, 5 de febrero, 13:00 UTC-3");
        assert_eq!(date(&r), (None, 2, 5));
        assert_eq!(wd(&r), Weekday::Thu);
        assert_eq!(hm(&r.start, false), (13, 0));
    }

    #[test]
    fn non_times_are_not_read() {
        for s in [
            "1 小时",
            "第 3 期",
            "300 万行",
            "SOFAChannel#32",
            "8 周年",
            "2025",
        ] {
            assert!(rd(s).is_empty(), "{s}");
        }
        assert!(rd("2023 年 13 月 40 日").first.is_none());
        assert!(rd("25:00").start.is_none());
    }
}
