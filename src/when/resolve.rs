//! From a [`Reading`] (what the text says) to a value (what the feed says):
//! years, 12-hour clues, missing ends, midnight, zones and DST.

use chrono::{Duration, NaiveDate, NaiveDateTime, NaiveTime, TimeZone};
use chrono_tz::Tz;

use chrono::Datelike;

use super::grammar::{PDate, PTime, Period, Reading, RelDay};
use super::year::{self, YearHint};
use super::zone::{self, Wall, ZoneSpec};
use crate::model::WarningKind;

/// The post-wide facts resolution needs.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Ctx {
    pub post_date: Option<NaiveDate>,
    /// A year folder of the post's path, for a post without a date.
    pub path_year: Option<i32>,
    pub zone: Tz,
    pub default_duration: Duration,
}

/// A decided event time, in wall time of the site zone.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Value {
    Timed {
        start: NaiveDateTime,
        end: NaiveDateTime,
        end_stated: bool,
    },
    AllDay {
        first: NaiveDate,
        last: NaiveDate,
    },
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Resolved {
    /// The event; for several sessions, their span.
    pub value: Value,
    pub year_rule: String,
    pub notes: Vec<(WarningKind, String)>,
    /// The sessions of a daily range or a weekly series, in order; empty
    /// for one meeting.
    pub sessions: Vec<Value>,
    /// The start under the other reading of a zone abbreviation that does
    /// not fit the date (`EST` in July), for [`super::slots`] to check
    /// against the same slot written in another zone.
    pub other_start: Option<NaiveDateTime>,
    /// How that abbreviation was read: an `AmbiguousTime` warning unless the
    /// slot written in another zone confirms it.
    pub zone_note: Option<String>,
}

impl Resolved {
    /// The notes, with the zone note.
    pub(crate) fn all_notes(&self) -> impl Iterator<Item = (WarningKind, String)> + '_ {
        self.notes.iter().cloned().chain(
            self.zone_note
                .iter()
                .map(|n| (WarningKind::AmbiguousTime, n.clone())),
        )
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Failure {
    /// The reading has no date (a time alone).
    NoDate,
    /// No year written and none can be inferred.
    YearUnknown(String),
    /// A date that does not exist (`2023 年 2 月 29 日`).
    Invalid(String),
}

/// Midnight-crossing ranges (`22:00-02:00`) are accepted up to this length.
const MAX_OVERNIGHT_HOURS: i64 = 12;

fn at(date: NaiveDate, hour24: u32, t: &PTime) -> NaiveDateTime {
    // hour24 may be 24 (midnight at the end of the day): adding a duration
    // rolls it over to the next day.
    date.and_time(NaiveTime::MIN)
        + Duration::hours(i64::from(hour24))
        + Duration::minutes(i64::from(t.m))
        + Duration::seconds(i64::from(t.s))
}

fn clock(t: &PTime, as_end: bool) -> String {
    format!("{:02}:{:02}", t.hour24(as_end), t.m)
}

/// Lets a start or end without a clue take the other's: `下午 2 点到 5 点`
/// (the end is 17:00) and `2-4pm`, `2:00 – 6:00 PM` (the start is 14:00). The
/// clue is taken only when it keeps the start before the end.
fn share_clues(start: &mut PTime, end: &mut PTime) {
    if end.period.is_none() && start.period.is_some() && !end.leading_zero && !end.midnight {
        let mut e = end.clone();
        e.period = start.period;
        if e.minutes(true) > start.minutes(false) {
            *end = e;
        } else if matches!(start.period, Some(Period::Am | Period::Morning)) && end.h < 12 {
            // `上午 11 点到 1 点`, `10am-2`: a morning start with a smaller
            // end hour ends in the afternoon.
            let mut e = end.clone();
            e.period = Some(Period::Pm);
            if e.minutes(true) > start.minutes(false) {
                *end = e;
            }
        }
    } else if start.period.is_none()
        && end.period.is_some()
        && !start.leading_zero
        && !start.noon
        && !start.midnight
    {
        let mut s = start.clone();
        s.period = end.period;
        if s.minutes(false) < end.minutes(true) {
            *start = s;
        }
    }
    // `11:00 ~ 12:30 am` after a morning of `09:00 ~ 09:15 am` slots: 12 AM
    // for the noon hour is the common slip (12 comes after 11 on the same
    // morning dial); a morning start is never followed by half past midnight.
    let morning = (6 * 60..12 * 60).contains(&start.minutes(false));
    if end.h == 12 && end.period == Some(Period::Am) && !end.midnight && morning {
        end.period = Some(Period::Pm);
    }
}

/// The days a reading names, once years are decided.
struct Days {
    first: NaiveDate,
    /// The last day of a range, when after `first`.
    last: Option<NaiveDate>,
    rule: String,
}

/// At most this many sessions of a series or a daily range are published;
/// the rest are dropped with a warning (a typo such as `2023-2033` must not
/// fill a calendar).
pub(crate) const MAX_SESSIONS: usize = 100;

/// From what a text says to what the calendar says, in four steps: the
/// days ([`days`]: years, relative dates, ranges), the clock times
/// ([`clocks`]: 12-hour clues shared between start and end), the time of
/// one session ([`session`]: zones, midnight, missing ends, DST), and the
/// sessions of a daily range or a weekly series ([`series`]).
pub(crate) fn resolve(r: &Reading, ctx: &Ctx, hints: &[YearHint]) -> Result<Resolved, Failure> {
    let mut notes: Vec<(WarningKind, String)> = Vec::new();
    let days = days(r, ctx, hints, &mut notes)?;
    let all_day = |notes: Vec<(WarningKind, String)>, rule: String| Resolved {
        value: Value::AllDay {
            first: days.first,
            last: days.last.unwrap_or(days.first),
        },
        year_rule: rule,
        notes,
        sessions: Vec::new(),
        other_start: None,
        zone_note: None,
    };
    let Some(start_t) = r.start.as_ref() else {
        return Ok(all_day(notes, days.rule.clone()));
    };
    let (st, en) = clocks(start_t, r.end.as_ref(), &mut notes);
    if let (Some(last), None) = (days.last, en.as_ref()) {
        notes.push((
            WarningKind::AmbiguousTime,
            format!(
                "a date range with one time ({}) does not say which day it belongs to; \
                 read as whole days {} – {last}",
                clock(&st, false),
                days.first
            ),
        ));
        return Ok(all_day(notes, days.rule.clone()));
    }
    let repeats = r.daily || !r.every.is_empty();
    if repeats && (days.last.is_some() || !r.every.is_empty()) {
        let (value, sessions, one) = series(r, &days, &st, en.as_ref(), ctx, &mut notes);
        return Ok(Resolved {
            value,
            year_rule: days.rule,
            notes,
            sessions,
            other_start: one.other_start,
            zone_note: one.zone_note,
        });
    }
    let one = session(r, days.first, days.last, &st, en.as_ref(), ctx, &mut notes);
    Ok(Resolved {
        value: one.value,
        year_rule: days.rule,
        notes,
        sessions: Vec::new(),
        other_start: one.other_start,
        zone_note: one.zone_note,
    })
}

/// The first (and last) day: the written year, or one inferred from the
/// post date, another line's year or a weekday (see [`year::choose`]); a
/// relative day from the post date.
fn days(
    r: &Reading,
    ctx: &Ctx,
    hints: &[YearHint],
    notes: &mut Vec<(WarningKind, String)>,
) -> Result<Days, Failure> {
    let rel_first;
    let first = match (r.first.as_ref(), r.relative.as_ref()) {
        (Some(f), _) => f,
        (None, Some(rel)) => {
            let post = ctx.post_date.ok_or_else(|| {
                Failure::YearUnknown(format!(
                    "`{}` is relative to the post date, and the post has none; write the date",
                    rel.text
                ))
            })?;
            let day = relative_day(rel.day, post).ok_or_else(|| {
                Failure::Invalid(format!("`{}` from {post} is out of range", rel.text))
            })?;
            let after_note = match rel.day {
                RelDay::After(_) => " (it may mean the week after; write the date to be sure)",
                _ => "",
            };
            notes.push((
                WarningKind::AmbiguousTime,
                format!(
                    "`{}` is read as {day}, counted from the post date {post}{after_note}",
                    rel.text
                ),
            ));
            rel_first = PDate::of(day);
            &rel_first
        }
        (None, None) => return Err(Failure::NoDate),
    };

    // A range like `12 月 28 日 - 2024 年 1 月 3 日` writes its year at the end.
    let end_year = r
        .last
        .as_ref()
        .and_then(|l| l.y)
        .filter(|_| first.y.is_none());
    let choice = match (end_year, r.last.as_ref()) {
        (Some(ly), Some(l)) => {
            let y = if (first.m, first.d) <= (l.m, l.d) {
                ly
            } else {
                ly - 1
            };
            let mut with_year = first.clone();
            with_year.y = Some(y);
            let mut c = year::choose(&with_year, None, &[]).map_err(Failure::YearUnknown)?;
            c.rule = "written (with the range's last date)".to_string();
            c
        }
        _ if r.first.is_none() => {
            let mut c = year::choose(first, None, &[]).map_err(Failure::YearUnknown)?;
            c.rule = "relative to the post date".to_string();
            c
        }
        _ => match (
            year::choose(first, ctx.post_date, hints),
            ctx.post_date,
            ctx.path_year,
        ) {
            // No post date: a year folder of the post's path
            // (`events/2023/kcseu/social.md`) is the year.
            (Err(_), None, Some(y)) => {
                let mut with_year = first.clone();
                with_year.y = Some(y);
                let mut c = year::choose(&with_year, None, &[]).map_err(Failure::YearUnknown)?;
                c.rule = format!("{y}, the year folder of the post's path (the post has no date)");
                c
            }
            (chosen, _, _) => chosen.map_err(Failure::YearUnknown)?,
        },
    };
    notes.extend(choice.notes.iter().cloned());
    let y0 = choice.year;
    // Far outside any real event (a post date near chrono's limits): refuse
    // rather than risk date arithmetic overflowing below.
    if !(1000..=9000).contains(&y0) {
        return Err(Failure::Invalid(format!("the year {y0} is out of range")));
    }
    let d0 = NaiveDate::from_ymd_opt(y0, first.m, first.d).ok_or_else(|| {
        Failure::Invalid(format!("{y0}-{:02}-{:02} is not a date", first.m, first.d))
    })?;

    let d1 = match r.last.as_ref() {
        None => None,
        Some(l) => {
            let y = l.y.unwrap_or(if (l.m, l.d) >= (first.m, first.d) {
                y0
            } else {
                y0 + 1
            });
            let d = NaiveDate::from_ymd_opt(y, l.m, l.d).ok_or_else(|| {
                Failure::Invalid(format!("{y}-{:02}-{:02} is not a date", l.m, l.d))
            })?;
            if let Some(msg) = year::check_weekday(d, l.wd.as_ref()) {
                notes.push((WarningKind::WeekdayMismatch, msg));
            }
            if d < d0 {
                notes.push((
                    WarningKind::EndBeforeStart,
                    format!("the range ends on {d}, before it starts on {d0}; read as {d0} only"),
                ));
                None
            } else if d == d0 {
                None
            } else {
                Some(d)
            }
        }
    };

    if r.open_start {
        notes.push((
            WarningKind::AmbiguousTime,
            format!("the text gives only where the event ends (`至 …`, `until …`); read as {d0}"),
        ));
    }
    Ok(Days {
        first: d0,
        last: d1,
        rule: choice.rule,
    })
}

/// The day a relative name gives, counted from the post date.
pub(crate) fn relative_day(day: RelDay, post: NaiveDate) -> Option<NaiveDate> {
    let monday = post.checked_sub_signed(Duration::days(i64::from(
        post.weekday().num_days_from_monday(),
    )))?;
    let in_week = |start: NaiveDate, wd: chrono::Weekday| {
        start.checked_add_signed(Duration::days(i64::from(wd.num_days_from_monday())))
    };
    let ahead = |wd: chrono::Weekday, strictly: bool| {
        let diff = (i64::from(wd.num_days_from_monday())
            - i64::from(post.weekday().num_days_from_monday()))
        .rem_euclid(7);
        let diff = if diff == 0 && strictly { 7 } else { diff };
        post.checked_add_signed(Duration::days(diff))
    };
    match day {
        RelDay::Offset(n) => post.checked_add_signed(Duration::days(n)),
        RelDay::ThisWeek(wd) => in_week(monday, wd),
        RelDay::NextWeek(wd) => in_week(monday.checked_add_signed(Duration::days(7))?, wd),
        RelDay::After(wd) => ahead(wd, true),
        RelDay::OnOrAfter(wd) => ahead(wd, false),
        RelDay::MonthDay(wd, d) => {
            // A year of months at most: the same weekday and day come back
            // within fourteen.
            let (mut y, mut m) = (post.year(), post.month());
            for _ in 0..14 {
                if let Some(day) = NaiveDate::from_ymd_opt(y, m, d) {
                    if day >= post && day.weekday() == wd {
                        return Some(day);
                    }
                }
                (y, m) = if m == 12 {
                    (y.checked_add(1)?, 1)
                } else {
                    (y, m + 1)
                };
            }
            None
        }
        RelDay::MonthDayBefore(wd, d) => {
            let (mut y, mut m) = (post.year(), post.month());
            for _ in 0..14 {
                if let Some(day) = NaiveDate::from_ymd_opt(y, m, d) {
                    if day <= post && day.weekday() == wd {
                        return Some(day);
                    }
                }
                (y, m) = if m == 1 {
                    (y.checked_sub(1)?, 12)
                } else {
                    (y, m - 1)
                };
            }
            None
        }
    }
}

/// The start and end clocks after sharing 12-hour clues, with a warning for
/// a small hour that could be morning or evening.
fn clocks(
    start: &PTime,
    end: Option<&PTime>,
    notes: &mut Vec<(WarningKind, String)>,
) -> (PTime, Option<PTime>) {
    let mut st = start.clone();
    let mut en = end.cloned();
    if let Some(e) = en.as_mut() {
        share_clues(&mut st, e);
    }
    if st.period_assumed {
        notes.push((
            WarningKind::AmbiguousTime,
            format!(
                "{}:{:02} has no AM/PM; read as {}, the afternoon — write {}am with the zone \
                 if the night is meant",
                st.h,
                st.m,
                clock(&st, false),
                st.h
            ),
        ));
    }
    if st.is_unclear() {
        notes.push((
            WarningKind::AmbiguousTime,
            format!(
                "{} has no 上午/下午/晚上/AM/PM; read as {} — if {:02}:{:02} is meant, write it so",
                clock(&st, false),
                clock(&st, false),
                st.h + 12,
                st.m
            ),
        ));
    }
    (st, en)
}

/// One session's value, and the start it would have if a zone
/// abbreviation were read the other way (see [`zone::convert`]).
struct Session {
    value: Value,
    other_start: Option<NaiveDateTime>,
    zone_note: Option<String>,
}

/// The time of one session from `d0` (to `d1`, an end on a later day):
/// zones converted through the instant, midnight crossings, an end before
/// the start, DST gaps and folds, the default duration.
fn session(
    r: &Reading,
    d0: NaiveDate,
    d1: Option<NaiveDate>,
    st: &PTime,
    en: Option<&PTime>,
    ctx: &Ctx,
    notes: &mut Vec<(WarningKind, String)>,
) -> Session {
    let start_zone = st.zone.clone().or_else(|| r.zone.clone());
    let start_written = at(d0, st.hour24(false), st);
    let (start, start_note, other) = to_site(start_written, start_zone.as_ref(), ctx.zone);
    // The note of an abbreviation read one of two ways is kept apart: the
    // slot written in another zone may settle it.
    let zone_note = other.and(start_note.clone());
    if other.is_none() {
        notes.extend(start_note.clone().map(|n| (WarningKind::AmbiguousTime, n)));
    }

    let mut end: Option<NaiveDateTime> = None;
    if let Some(e) = en {
        let end_zone = e
            .zone
            .clone()
            .or_else(|| r.zone.clone())
            .or_else(|| start_zone.clone());
        let mut end_written = at(d1.unwrap_or(d0), e.hour24(true), e);
        if r.next_day && d1.is_none() {
            end_written += Duration::days(1);
        }
        if end_zone == start_zone && end_written <= start_written {
            let overnight = end_written + Duration::days(1) - start_written;
            if d1.is_none()
                && !r.next_day
                && overnight > Duration::zero()
                && overnight < Duration::hours(MAX_OVERNIGHT_HOURS)
            {
                end_written += Duration::days(1);
            }
        }
        let (end_site, end_note, _) = to_site(end_written, end_zone.as_ref(), ctx.zone);
        if end_site <= start {
            notes.push((
                WarningKind::EndBeforeStart,
                format!(
                    "the end {} is not after the start {}; used the default length instead",
                    clock(e, true),
                    clock(st, false)
                ),
            ));
        } else {
            // An end in the start's zone has the same note: say it once.
            if end_note != start_note {
                notes.extend(end_note.map(|n| (WarningKind::AmbiguousTime, n)));
            }
            end = Some(end_site);
        }
    }

    let (start, gap_note) = settle(start, ctx.zone);
    notes.extend(gap_note.map(|n| (WarningKind::AmbiguousTime, n)));
    let value = match end {
        Some(e) => {
            let (e, note) = settle(e, ctx.zone);
            notes.extend(note.map(|n| (WarningKind::AmbiguousTime, n)));
            Value::Timed {
                start,
                end: e,
                end_stated: true,
            }
        }
        None => Value::Timed {
            start,
            end: add_elapsed(start, ctx.default_duration, ctx.zone),
            end_stated: false,
        },
    };
    Session {
        value,
        other_start: other,
        zone_note,
    }
}

/// A daily range (`10 月 30 - 31 日，每天 9:00 - 17:00`) or a weekly series
/// (`7 月 1 日至 8 月 31 日，每周三、周四 19:00-20:00`): one session per day
/// (per matching weekday), at most [`MAX_SESSIONS`]. The value is the span
/// from the first session's start to the last one's end. A weekly series
/// with no last day is its first session only, with a warning.
fn series(
    r: &Reading,
    days: &Days,
    st: &PTime,
    en: Option<&PTime>,
    ctx: &Ctx,
    notes: &mut Vec<(WarningKind, String)>,
) -> (Value, Vec<Value>, Session) {
    let last = match days.last {
        Some(l) => l,
        None => {
            notes.push((
                WarningKind::AmbiguousTime,
                format!(
                    "a weekly series with no last day: only the session on {} is in the calendar",
                    days.first
                ),
            ));
            days.first
        }
    };
    let mut sessions = Vec::new();
    let mut first_one: Option<Session> = None;
    let mut count = 0usize;
    let mut day = days.first;
    let mut session_notes = Vec::new();
    while day <= last {
        if r.every.is_empty() || r.every.contains(&day.weekday()) {
            count += 1;
            if sessions.len() < MAX_SESSIONS {
                let mut n = Vec::new();
                let s = session(r, day, None, st, en, ctx, &mut n);
                sessions.push(s.value.clone());
                if first_one.is_none() {
                    first_one = Some(s);
                    session_notes = n;
                }
            }
        }
        match day.succ_opt() {
            Some(d) => day = d,
            None => break,
        }
    }
    notes.extend(session_notes);
    if count > MAX_SESSIONS {
        notes.push((
            WarningKind::AmbiguousTime,
            format!(
                "{count} sessions from {} to {last}: only the first {MAX_SESSIONS} are in the \
                 calendar",
                days.first
            ),
        ));
    }
    let Some(one) = first_one else {
        // No day of the range falls on the series' weekdays: the range itself.
        let one = session(r, days.first, None, st, en, ctx, notes);
        return (one.value.clone(), Vec::new(), one);
    };
    let value = span(&sessions);
    if sessions.len() == 1 {
        sessions.clear();
    }
    (value, sessions, one)
}

/// From the first session's start to the last one's end.
pub(crate) fn span(sessions: &[Value]) -> Value {
    let first = sessions.first();
    let last = sessions.last();
    match (first, last) {
        (
            Some(Value::Timed { start, .. }),
            Some(Value::Timed {
                end, end_stated, ..
            }),
        ) => Value::Timed {
            start: *start,
            end: *end,
            end_stated: *end_stated,
        },
        (Some(Value::AllDay { first, .. }), Some(Value::AllDay { last, .. })) => Value::AllDay {
            first: *first,
            last: *last,
        },
        (Some(v), _) => v.clone(),
        (None, _) => Value::AllDay {
            first: NaiveDate::MIN,
            last: NaiveDate::MIN,
        },
    }
}

/// A written wall time in the site zone's wall time, a note when the zone
/// is unclear, and the other reading of an unclear abbreviation.
fn to_site(
    written: NaiveDateTime,
    spec: Option<&ZoneSpec>,
    site: Tz,
) -> (NaiveDateTime, Option<String>, Option<NaiveDateTime>) {
    match spec {
        None => (written, None, None),
        Some(z) => {
            let c = zone::convert(written, z, site);
            (c.wall, c.note, c.other)
        }
    }
}

/// Moves a wall time out of a DST gap, and names a wall time in a fold.
fn settle(wall: NaiveDateTime, zone: Tz) -> (NaiveDateTime, Option<String>) {
    match zone::classify(zone, wall) {
        Wall::Unique => (wall, None),
        Wall::Gap {
            shifted,
            before,
            after,
        } => (
            shifted,
            Some(format!(
                "{wall} does not exist in {} (clocks moved from {} to {}); read as {shifted}, \
                 the way RFC 5545 calendars read it",
                zone.name(),
                zone::offset_text(before),
                zone::offset_text(after)
            )),
        ),
        Wall::Fold { first, second } => (
            wall,
            Some(format!(
                "{wall} happens twice in {} ({}, then {} after clocks went back); calendars \
                 take the first, {}",
                zone.name(),
                zone::offset_text(first),
                zone::offset_text(second),
                zone::offset_text(first)
            )),
        ),
    }
}

/// `start` plus a length the post states, through the instant.
pub(crate) fn add_length(start: NaiveDateTime, d: Duration, zone: Tz) -> NaiveDateTime {
    add_elapsed(start, d, zone)
}

/// `start` plus an elapsed duration, through the instant, so a default end
/// never lands in a DST gap.
pub(crate) fn add_elapsed(start: NaiveDateTime, d: Duration, zone: Tz) -> NaiveDateTime {
    let through_instant = zone
        .from_local_datetime(&start)
        .earliest()
        .and_then(|s| s.checked_add_signed(d))
        .map(|e| e.with_timezone(&zone).naive_local());
    through_instant
        .or_else(|| start.checked_add_signed(d))
        .unwrap_or(start)
}

/// `2020-05-28 20:00–21:00`, `2020-07-22 20:00`, `2026-04-01 – 2026-04-25`.
pub(crate) fn describe(v: &Value) -> String {
    match v {
        Value::Timed {
            start,
            end,
            end_stated,
        } => {
            let s = start.format("%Y-%m-%d %H:%M");
            if !end_stated {
                s.to_string()
            } else if end.date() == start.date() {
                format!("{s}–{}", end.format("%H:%M"))
            } else {
                format!("{s} – {}", end.format("%Y-%m-%d %H:%M"))
            }
        }
        Value::AllDay { first, last } if first == last => format!("{first} (all day)"),
        Value::AllDay { first, last } => format!("{first} – {last}"),
    }
}

/// Whether two values say the same thing, one perhaps less precisely: the same
/// start (a date alone matches any time on it), and the same end when both
/// state one.
pub(crate) fn agree(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (
            Value::Timed {
                start: s1,
                end: e1,
                end_stated: x1,
            },
            Value::Timed {
                start: s2,
                end: e2,
                end_stated: x2,
            },
        ) => s1 == s2 && (!x1 || !x2 || e1 == e2),
        (Value::Timed { start, .. }, Value::AllDay { first, .. })
        | (Value::AllDay { first, .. }, Value::Timed { start, .. }) => start.date() == *first,
        (
            Value::AllDay {
                first: f1,
                last: l1,
            },
            Value::AllDay {
                first: f2,
                last: l2,
            },
        ) => f1 == f2 && (l1 == l2 || f1 == l1 || f2 == l2),
    }
}

/// Takes from `other`, which [`agree`]s with `v`, what `v` lacks: the hours
/// of a day written without them (`2023-11-04` and `2023-11-04 14:00-16:00`),
/// or the end of a start written without one. True when something was taken.
pub(crate) fn complete(v: &mut Value, other: &Value) -> bool {
    match (&*v, other) {
        (Value::AllDay { first, last }, Value::Timed { start, .. })
            if first == last && start.date() == *first =>
        {
            *v = other.clone();
            true
        }
        (
            Value::Timed {
                start,
                end_stated: false,
                ..
            },
            Value::Timed {
                start: s2,
                end: e2,
                end_stated: true,
            },
        ) if start == s2 => {
            let (start, end) = (*start, *e2);
            *v = Value::Timed {
                start,
                end,
                end_stated: true,
            };
            true
        }
        _ => false,
    }
}

/// The first and last day a value touches.
pub(crate) fn day_span(v: &Value) -> (NaiveDate, NaiveDate) {
    match v {
        Value::Timed { start, end, .. } => {
            // An end at midnight closes the day before.
            let last = if end.time() == NaiveTime::MIN && end.date() > start.date() {
                end.date() - Duration::days(1)
            } else {
                end.date()
            };
            (start.date(), last)
        }
        Value::AllDay { first, last } => (*first, *last),
    }
}

/// Whether `wide` holds every day of `narrow` and more, starting or ending
/// with it: front matter that holds only the first day of a two-day event,
/// or only the last day of a four-day conference. Days in the middle are
/// more likely a part (a workshop inside a summit).
pub(crate) fn covers_more(wide: &Value, narrow: &Value) -> bool {
    let (wf, wl) = day_span(wide);
    let (nf, nl) = day_span(narrow);
    (wf == nf && wl > nl) || (wl == nl && wf < nf)
}

#[cfg(test)]
mod tests {
    use super::super::grammar::read;
    use super::super::text::normalize;
    use super::*;

    fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).expect("test date")
    }
    fn dt(y: i32, m: u32, d: u32, h: u32, mi: u32) -> NaiveDateTime {
        ymd(y, m, d).and_hms_opt(h, mi, 0).expect("test time")
    }
    fn ctx(post: Option<NaiveDate>) -> Ctx {
        Ctx {
            post_date: post,
            path_year: None,
            zone: Tz::Asia__Shanghai,
            default_duration: Duration::hours(2),
        }
    }
    fn res(s: &str, post: Option<NaiveDate>) -> Result<Resolved, Failure> {
        resolve(&read(&normalize(s), false), &ctx(post), &[])
    }
    fn ok(s: &str, post: Option<NaiveDate>) -> Resolved {
        res(s, post).expect("resolves")
    }
    fn timed(r: &Resolved) -> (NaiveDateTime, NaiveDateTime, bool) {
        match r.value {
            Value::Timed {
                start,
                end,
                end_stated,
            } => (start, end, end_stated),
            Value::AllDay { .. } => panic!("expected a timed value, got {:?}", r.value),
        }
    }
    fn kinds(r: &Resolved) -> Vec<WarningKind> {
        r.all_notes().map(|n| n.0).collect()
    }

    #[test]
    fn default_duration_when_no_end() {
        let r = ok("5 月 28 日周四晚 8 点", Some(ymd(2020, 5, 20)));
        assert_eq!(
            timed(&r),
            (dt(2020, 5, 28, 20, 0), dt(2020, 5, 28, 22, 0), false)
        );
        assert!(r.notes.is_empty());
        assert_eq!(r.year_rule, "nearest after post date 2020-05-20");
    }

    #[test]
    fn afternoon_thirteen_stays() {
        let r = ok("3 月 24 日周日下午 13 点", Some(ymd(2019, 3, 11)));
        assert_eq!(timed(&r).0, dt(2019, 3, 24, 13, 0));
        assert!(r.notes.is_empty());
    }

    #[test]
    fn crossing_midnight() {
        let r = ok("2023-11-04 22:00-02:00", None);
        assert_eq!(
            timed(&r),
            (dt(2023, 11, 4, 22, 0), dt(2023, 11, 5, 2, 0), true)
        );
        assert!(r.notes.is_empty());
        let r = ok("2023-11-04 14:00-次日 02:00", None);
        assert_eq!(timed(&r).1, dt(2023, 11, 5, 2, 0));
        let r = ok("2023-11-04 晚 8 点-1 点", None);
        assert_eq!(
            timed(&r),
            (dt(2023, 11, 4, 20, 0), dt(2023, 11, 5, 1, 0), true)
        );
        let r = ok("2023-11-04 18:00-05:00", None);
        assert_eq!(timed(&r).1, dt(2023, 11, 5, 5, 0));
        let r = ok("2023-11-04 10 p.m. to midnight", None);
        assert_eq!(timed(&r).1, dt(2023, 11, 5, 0, 0));
    }

    #[test]
    fn end_before_start_is_warned() {
        // 13 hours once moved to the next day: too long to be an overnight event.
        let r = ok("2023-11-04 18:00-07:00", None);
        assert_eq!(
            timed(&r),
            (dt(2023, 11, 4, 18, 0), dt(2023, 11, 4, 20, 0), false)
        );
        assert_eq!(kinds(&r), vec![WarningKind::EndBeforeStart]);
        let r = ok("2023-11-04 14:00-14:00", None);
        assert_eq!(kinds(&r), vec![WarningKind::EndBeforeStart]);
    }

    #[test]
    fn clues_are_shared_between_start_and_end() {
        let r = ok("2023-11-04 下午 2 点到 5 点", None);
        assert_eq!(timed(&r).1, dt(2023, 11, 4, 17, 0));
        let r = ok("Nov 4, 2023 2-4pm", None);
        assert_eq!(timed(&r).0, dt(2023, 11, 4, 14, 0));
        let r = ok("Nov 4, 2023 2:00 – 6:00 PM", None);
        assert_eq!(timed(&r).0, dt(2023, 11, 4, 14, 0));
        let r = ok("Nov 4, 2023 9:00 – 5:00 PM", None);
        assert_eq!(
            timed(&r),
            (dt(2023, 11, 4, 9, 0), dt(2023, 11, 4, 17, 0), true)
        );
        let r = ok("2023-11-04 上午 11 点到 1 点", None);
        assert_eq!(
            timed(&r),
            (dt(2023, 11, 4, 11, 0), dt(2023, 11, 4, 13, 0), true)
        );
        assert!(r.notes.is_empty());
        let r = ok("Nov 4, 2023 11am-2pm", None);
        assert_eq!(timed(&r).0, dt(2023, 11, 4, 11, 0));
    }

    #[test]
    fn unclear_small_hours_are_warned() {
        let r = ok("2023-11-04 3 点", None);
        assert_eq!(timed(&r).0, dt(2023, 11, 4, 3, 0));
        assert_eq!(kinds(&r), vec![WarningKind::AmbiguousTime]);
        let r = ok("2023-11-04 7 点", None);
        assert!(r.notes.is_empty());
        let r = ok("2023-11-04 03:00", None);
        assert!(r.notes.is_empty());
        let r = ok("2023-11-04 凌晨 2 点", None);
        assert!(r.notes.is_empty());
    }

    #[test]
    fn evening_twelve_is_midnight() {
        let r = ok("2023-11-04 晚上 12 点", None);
        assert_eq!(timed(&r).0, dt(2023, 11, 5, 0, 0));
        let r = ok("2023-11-04 凌晨 12 点", None);
        assert_eq!(timed(&r).0, dt(2023, 11, 4, 0, 0));
    }

    #[test]
    fn only_an_end_is_warned() {
        let r = ok("即日起至 2023 年 11 月 30 日", None);
        assert_eq!(kinds(&r), vec![WarningKind::AmbiguousTime]);
    }

    #[test]
    fn all_day_single_and_range() {
        let r = ok("2023-11-04", None);
        assert_eq!(
            r.value,
            Value::AllDay {
                first: ymd(2023, 11, 4),
                last: ymd(2023, 11, 4)
            }
        );
        let r = ok("2026 年 4 月 1 日-2026 年 4 月 25 日", None);
        assert_eq!(
            r.value,
            Value::AllDay {
                first: ymd(2026, 4, 1),
                last: ymd(2026, 4, 25)
            }
        );
        // Across the new year, the end takes the next year.
        let r = ok("12 月 28 日 - 1 月 3 日", Some(ymd(2023, 12, 1)));
        assert_eq!(
            r.value,
            Value::AllDay {
                first: ymd(2023, 12, 28),
                last: ymd(2024, 1, 3)
            }
        );
        // The year written only at the end.
        let r = ok("12 月 28 日 - 2024 年 1 月 3 日", None);
        assert_eq!(
            r.value,
            Value::AllDay {
                first: ymd(2023, 12, 28),
                last: ymd(2024, 1, 3)
            }
        );
        assert_eq!(r.year_rule, "written (with the range's last date)");
    }

    #[test]
    fn multi_day_with_hours() {
        let r = ok("2023 年 11 月 4 日 14:00 - 11 月 5 日 18:00", None);
        assert_eq!(
            timed(&r),
            (dt(2023, 11, 4, 14, 0), dt(2023, 11, 5, 18, 0), true)
        );
        // Daily hours over two days: two sessions, spanning both days.
        let r = ok("2023 年 11 月 4 日-5 日 9:00-17:00", None);
        assert_eq!(
            timed(&r),
            (dt(2023, 11, 4, 9, 0), dt(2023, 11, 5, 17, 0), true)
        );
        assert_eq!(r.sessions.len(), 2);
        let r = ok("2023 年 11 月 4 日-5 日 9:00", None);
        assert!(matches!(r.value, Value::AllDay { .. }));
        assert_eq!(kinds(&r), vec![WarningKind::AmbiguousTime]);
    }

    #[test]
    fn relative_days_count_from_the_post_date() {
        // 2024-05-10 is a Friday.
        let post = Some(ymd(2024, 5, 10));
        let r = ok("下周四晚 8 点", post);
        assert_eq!(timed(&r).0, dt(2024, 5, 16, 20, 0));
        assert_eq!(kinds(&r), vec![WarningKind::AmbiguousTime]);
        assert_eq!(r.year_rule, "relative to the post date");
        let r = ok("本周六 14:00", post);
        assert_eq!(timed(&r).0, dt(2024, 5, 11, 14, 0));
        let r = ok("this coming Monday at 2pm", post);
        assert_eq!(timed(&r).0, dt(2024, 5, 13, 14, 0));
        let r = ok("next Friday 10:00", post);
        assert_eq!(timed(&r).0, dt(2024, 5, 17, 10, 0));
        assert!(r.notes[0].1.contains("week after"));
        let r = ok("明晚 7 点", post);
        assert_eq!(timed(&r).0, dt(2024, 5, 11, 19, 0));
        // A report of the day before.
        let r = ok("昨晚 7 点", post);
        assert_eq!(timed(&r).0, dt(2024, 5, 9, 19, 0));
        let r = ok("yesterday at 3pm", post);
        assert_eq!(timed(&r).0, dt(2024, 5, 9, 15, 0));
        assert!(matches!(
            res("下周四晚 8 点", None),
            Err(Failure::YearUnknown(_))
        ));
    }

    fn sessions_of(r: &Resolved) -> Vec<(NaiveDateTime, NaiveDateTime)> {
        r.sessions
            .iter()
            .map(|v| match v {
                Value::Timed { start, end, .. } => (*start, *end),
                Value::AllDay { .. } => panic!("all-day session"),
            })
            .collect()
    }

    #[test]
    fn a_date_range_with_daily_hours_is_one_session_a_day() {
        let r = ok(
            "10 月 30 - 31 日，每天 9:00 - 17:00",
            Some(ymd(2023, 10, 1)),
        );
        assert_eq!(
            sessions_of(&r),
            vec![
                (dt(2023, 10, 30, 9, 0), dt(2023, 10, 30, 17, 0)),
                (dt(2023, 10, 31, 9, 0), dt(2023, 10, 31, 17, 0)),
            ]
        );
        assert_eq!(
            timed(&r),
            (dt(2023, 10, 30, 9, 0), dt(2023, 10, 31, 17, 0), true)
        );
        // An end on a later date is one span, not sessions.
        let r = ok("2023 年 11 月 4 日 14:00 - 11 月 5 日 18:00", None);
        assert!(r.sessions.is_empty());
    }

    #[test]
    fn a_weekly_series_between_two_dates() {
        // 2021-07-01 is a Thursday; Wednesdays and Thursdays to 07-15.
        let r = ok(
            "2021 年 7 月 1 日至 7 月 15 日，每周三、周四晚上 19:00-20:00",
            None,
        );
        let days: Vec<u32> = sessions_of(&r).iter().map(|(s, _)| s.day()).collect();
        assert_eq!(days, vec![1, 7, 8, 14, 15]);
        assert_eq!(
            sessions_of(&r)[0],
            (dt(2021, 7, 1, 19, 0), dt(2021, 7, 1, 20, 0))
        );
        // Without a last day only the first session is kept, warned.
        let r = ok("2021 年 7 月 7 日起，每周三晚上 19:00-20:00", None);
        assert!(r.sessions.is_empty());
        assert_eq!(timed(&r).0, dt(2021, 7, 7, 19, 0));
        assert_eq!(kinds(&r), vec![WarningKind::AmbiguousTime]);
    }

    #[test]
    fn a_long_series_is_cut_and_warned() {
        let r = ok(
            "2023 年 1 月 1 日至 2024 年 12 月 31 日，每天 9:00-10:00",
            None,
        );
        assert_eq!(r.sessions.len(), MAX_SESSIONS);
        assert!(r
            .notes
            .iter()
            .any(|(_, m)| m.contains("only the first 100")));
    }

    #[test]
    fn zones_convert_through_the_instant() {
        let r = ok("2023-11-04 12:00 UTC", None);
        assert_eq!(timed(&r).0, dt(2023, 11, 4, 20, 0));
        let r = ok("2023-11-04 12:00 GMT", None);
        assert_eq!(timed(&r).0, dt(2023, 11, 4, 20, 0));
        let r = ok("2023-11-04 12:00 UTC+08:00", None);
        assert_eq!(timed(&r).0, dt(2023, 11, 4, 12, 0));
        let r = ok("2023-11-04 09:00-11:00 UTC-5", None);
        assert_eq!(
            timed(&r),
            (dt(2023, 11, 4, 22, 0), dt(2023, 11, 5, 0, 0), true)
        );
        let r = ok("2023-09-01 19:00 PDT", None);
        assert_eq!(timed(&r).0, dt(2023, 9, 2, 10, 0));
        // 2023-11-04 is the last day of US summer time: `PST` and `EST`
        // are read as the region's clock that day (UTC-7, UTC-4), warned.
        let r = ok("2023-11-04 19:00 PST", None);
        assert_eq!(timed(&r).0, dt(2023, 11, 5, 10, 0));
        assert_eq!(kinds(&r), vec![WarningKind::AmbiguousTime]);
        let r = ok("2023-11-04 10:00 EST", None);
        assert_eq!(timed(&r).0, dt(2023, 11, 4, 22, 0));
        let r = ok("2023-12-04 19:00 PST", None);
        assert_eq!(timed(&r).0, dt(2023, 12, 5, 11, 0));
        assert!(r.notes.is_empty());
        let r = ok("2023-07-04 10:00 EDT", None);
        assert_eq!(timed(&r).0, dt(2023, 7, 4, 22, 0));
        let r = ok("2023-11-04 10:00 CET", None);
        assert_eq!(timed(&r).0, dt(2023, 11, 4, 17, 0));
        let r = ok("2023-11-04 10:00 JST", None);
        assert_eq!(timed(&r).0, dt(2023, 11, 4, 9, 0));
        let r = ok("北京时间 2023-11-04 19:00", None);
        assert_eq!(timed(&r).0, dt(2023, 11, 4, 19, 0));
        let r = ok("Saturday, Nov 4, 2023, 2:00 PM – 6:00 PM (GMT+8)", None);
        assert_eq!(
            timed(&r),
            (dt(2023, 11, 4, 14, 0), dt(2023, 11, 4, 18, 0), true)
        );
        assert!(r.notes.is_empty());
    }

    #[test]
    fn utc_plus_eight_in_shanghai_summer_time_is_an_hour_later() {
        // 1988-07-01 in Shanghai is UTC+9: a time written in UTC+8 is one
        // hour later on the local clock.
        let r = ok("1988-07-01 19:00 UTC+8", None);
        assert_eq!(timed(&r).0, dt(1988, 7, 1, 20, 0));
        let r = ok("1992-07-01 19:00 UTC+8", None);
        assert_eq!(timed(&r).0, dt(1992, 7, 1, 19, 0));
        // And 19:00 Shanghai wall time in 1988 is 10:00Z.
        let r = ok("1988-07-01 10:00 UTC", None);
        assert_eq!(timed(&r).0, dt(1988, 7, 1, 19, 0));
    }

    #[test]
    fn other_site_zone() {
        let c = Ctx {
            post_date: None,
            path_year: None,
            zone: Tz::America__New_York,
            default_duration: Duration::hours(1),
        };
        let r = resolve(
            &read(&normalize("2023-11-04 20:00 北京时间"), false),
            &c,
            &[],
        )
        .expect("resolves");
        assert_eq!(timed(&r).0, dt(2023, 11, 4, 8, 0));
    }

    #[test]
    fn no_date_and_no_year() {
        assert_eq!(res("19:00-21:00", None), Err(Failure::NoDate));
        assert!(matches!(
            res("5 月 18 日 14:00", None),
            Err(Failure::YearUnknown(_))
        ));
        assert!(matches!(
            res("2023 年 2 月 29 日", None),
            Err(Failure::Invalid(_))
        ));
    }

    #[test]
    fn agreement() {
        let a = Value::Timed {
            start: dt(2020, 5, 28, 20, 0),
            end: dt(2020, 5, 28, 22, 0),
            end_stated: false,
        };
        let b = Value::Timed {
            start: dt(2020, 5, 28, 20, 0),
            end: dt(2020, 5, 28, 21, 0),
            end_stated: true,
        };
        let c = Value::AllDay {
            first: ymd(2020, 5, 28),
            last: ymd(2020, 5, 28),
        };
        let d = Value::Timed {
            start: dt(2020, 5, 28, 19, 0),
            end: dt(2020, 5, 28, 21, 0),
            end_stated: true,
        };
        assert!(agree(&a, &b));
        assert!(agree(&a, &c));
        assert!(agree(&c, &b));
        assert!(!agree(&b, &d));
        assert_eq!(describe(&b), "2020-05-28 20:00–21:00");
        assert_eq!(describe(&a), "2020-05-28 20:00");
        assert_eq!(describe(&c), "2020-05-28 (all day)");
    }
}
