//! The time-expression grammar: normalized text → tokens → atoms (a date, a
//! time, a weekday, a 上午/PM clue, a range separator, a zone, 次日) → one
//! [`Reading`] of what the text says, before any year or zone is decided.
//!
//! Every parser looks at a bounded number of tokens, and the scan moves past
//! each token once, so reading a text is linear in its length.

use chrono::Weekday;

use super::text::{lex, Tok, Token};
use super::zone::{abbreviation, ZoneSpec};

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
}

impl PTime {
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
}

impl Reading {
    pub(crate) fn is_empty(&self) -> bool {
        self.first.is_none() && self.start.is_none()
    }
    pub(crate) fn has_date(&self) -> bool {
        self.first.is_some()
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
}

/// Reads a normalized text (see [`super::text::normalize`]). `strict`
/// (front matter) also accepts YAML's space-separated offsets (`14:00:00 +8`).
pub(crate) fn read(normalized: &str, strict: bool) -> Reading {
    let toks = lex(normalized);
    let atoms = atoms(&toks, strict);
    assemble(&atoms)
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

fn atoms(toks: &[Token], strict: bool) -> Vec<Atom> {
    let mut out: Vec<Atom> = Vec::new();
    let mut i = 0;
    while i < toks.len() {
        let after_sep = matches!(out.last(), Some(Atom::Sep));
        let parsed = zone_at(toks, i)
            .or_else(|| next_day_at(toks, i))
            .or_else(|| zh_date_at(toks, i))
            .or_else(|| iso_date_at(toks, i, strict))
            .or_else(|| en_date_at(toks, i))
            .or_else(|| day_only_at(toks, i, after_sep))
            .or_else(|| time_at(toks, i, strict))
            .or_else(|| weekday_at(toks, i))
            .or_else(|| period_at(toks, i))
            .or_else(|| sep_at(toks, i));
        match parsed {
            Some((mut a, j)) if j > i => {
                out.append(&mut a);
                i = j;
            }
            _ => i += 1,
        }
    }
    out
}

type Parsed = Option<(Vec<Atom>, usize)>;

fn one(a: Atom, j: usize) -> Parsed {
    Some((vec![a], j))
}

/// `UTC`, `GMT+8`, `UTC+08:00`, `UTC-5`, `GMT+0800`, `PDT`, `北京时间`, `Asia/Tokyo`.
fn zone_at(toks: &[Token], i: usize) -> Parsed {
    if let Some(j) = chars_at(toks, i, "北京时间")
        .or_else(|| chars_at(toks, i, "北京時間"))
        .or_else(|| chars_at(toks, i, "中国标准时间"))
    {
        return one(
            Atom::Zone(ZoneSpec::Named(chrono_tz::Tz::Asia__Shanghai)),
            j,
        );
    }
    let w = word(toks, i)?;
    if w.eq_ignore_ascii_case("beijing") && word_ci(toks, i + 1, "time") {
        return one(
            Atom::Zone(ZoneSpec::Named(chrono_tz::Tz::Asia__Shanghai)),
            i + 2,
        );
    }
    if w.eq_ignore_ascii_case("utc") || w.eq_ignore_ascii_case("gmt") {
        let name = w.to_ascii_uppercase();
        if let Some((secs, j)) = signed_offset(toks, i + 1, true) {
            let text = offset_name(&name, secs);
            return one(Atom::Zone(ZoneSpec::Fixed { secs, name: text }), j);
        }
        return one(Atom::Zone(ZoneSpec::Fixed { secs: 0, name }), i + 1);
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
        }
    }
    if w.chars().all(|c| c.is_ascii_uppercase()) {
        if let Some(z) = abbreviation(w) {
            return one(Atom::Zone(z), i + 1);
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

fn month_of(w: &str) -> Option<u32> {
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
        if l1 > 2 || is_ch(toks, j + 1, ':') {
            return None;
        }
        j = skip_ordinal(toks, j + 1);
        let mut d2 = None;
        if matches!(ch(toks, j), Some('-' | '~')) {
            if let Some((v, l)) = num(toks, j + 1) {
                if l <= 2 && !is_ch(toks, j + 2, ':') && !word(toks, j + 2).is_some_and(is_ampm) {
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
    let mut j = skip_ordinal(toks, i + 1);
    let mut d2 = None;
    if matches!(ch(toks, j), Some('-' | '~')) {
        if let Some((v, l)) = num(toks, j + 1) {
            if l <= 2 {
                d2 = Some(v);
                j = skip_ordinal(toks, j + 2);
            }
        }
    }
    if word_ci(toks, j, "of") {
        j += 1;
    }
    let m = word(toks, j).and_then(month_of)?;
    j += 1;
    if is_ch(toks, j, '.') {
        j += 1;
    }
    let (y, j) = en_year(toks, j);
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
    if word_ci(toks, i, "noon") {
        let mut t = PTime::new(12, 0);
        t.noon = true;
        return one(Atom::Time(t), i + 1);
    }
    if word_ci(toks, i, "midnight") {
        let mut t = PTime::new(0, 0);
        t.midnight = true;
        return one(Atom::Time(t), i + 1);
    }
    let (h, hlen) = num(toks, i)?;
    if hlen > 2 || h > 24 {
        return None;
    }
    colon_time(toks, i, h, hlen, strict)
        .or_else(|| dot_time(toks, i, h))
        .or_else(|| en_hour(toks, i, h))
        .or_else(|| bare_range_hour(toks, i, h, strict))
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
    let (next, _) = time_at_no_bare(toks, after_sep, strict)?;
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
    const NAMES: [(&str, Weekday); 17] = [
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
        Some('至' | '到') => one(Atom::Sep, i + 1),
        _ => {
            let w = word(toks, i)?.to_ascii_lowercase();
            matches!(w.as_str(), "to" | "until" | "till" | "through" | "thru")
                .then(|| (vec![Atom::Sep], i + 1))
        }
    }
}

// ---------------------------------------------------------------- assembly

/// Puts atoms together: the first date (and a range end after a separator),
/// the first time (and an end after a separator), weekdays on the date they
/// stand next to, a 上午/PM clue on the time after it, and the first zone.
/// Reading stops at a second, unrelated date or time (`14:00 UTC (22:00 北京时间)`
/// keeps the first).
fn assemble(atoms: &[Atom]) -> Reading {
    #[derive(PartialEq, Clone, Copy)]
    enum Last {
        Nothing,
        Date,
        Time,
    }
    let mut r = Reading::default();
    let mut pending_wd: Option<WrittenWeekday> = None;
    let mut pending_period: Option<Period> = None;
    let mut sep = false;
    let mut next_day = false;
    let mut last = Last::Nothing;
    for a in atoms {
        match a {
            Atom::Zone(z) => {
                if r.zone.is_none() {
                    r.zone = Some(z.clone());
                }
            }
            Atom::Weekday(w) => {
                // A weekday belongs to the date it follows (`11 月 4 日（周六）`,
                // even after a time: `11 月 4 日 20:00（周六）`); after a range
                // separator it waits for the next date.
                if last == Last::Date || !sep {
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
                pending_wd = Some(w.clone());
            }
            Atom::Period(p) => pending_period = Some(*p),
            Atom::Sep => {
                if last != Last::Nothing {
                    sep = true;
                } else {
                    r.open_start = true;
                }
            }
            Atom::NextDay => {
                if sep {
                    next_day = true;
                }
            }
            Atom::Date(_) | Atom::DayOnly(_) => {
                let mut d = match a {
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
                if d.wd.is_none() {
                    d.wd = pending_wd.take();
                }
                if r.first.is_none() {
                    r.first = Some(d);
                } else if sep && r.last.is_none() && r.end.is_none() {
                    r.last = Some(d);
                    // Before any time the range is complete; after a start
                    // time the separator still leads to the end time.
                    if r.start.is_none() {
                        sep = false;
                    }
                } else {
                    break;
                }
                last = Last::Date;
            }
            Atom::Time(t) => {
                let mut t = t.clone();
                if let Some(p) = pending_period.take() {
                    if t.period.is_none() {
                        t.period = Some(p);
                    }
                }
                if r.start.is_none() {
                    r.start = Some(t);
                    sep = false;
                } else if sep && r.end.is_none() {
                    r.end = Some(t);
                    r.next_day = next_day;
                    sep = false;
                } else {
                    break;
                }
                last = Last::Time;
            }
        }
    }
    r
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
            Some(ZoneSpec::Fixed {
                secs: -7 * 3600,
                name: "PDT".into()
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
