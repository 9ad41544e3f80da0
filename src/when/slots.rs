//! The time expressions of one statement after the first: the same slot
//! written in another zone (`19-20 CET / 1pm-2pm EST / 10-11am PST`,
//! `14:00 Europe Central (12:00 UTC)`), other sessions (`at 15:00 and 23:00
//! UTC`, `11 March at 14:00 UTC and 12 March 02:00 UTC`), or an aside
//! (`14:00（13:30 签到）`).
//!
//! - An expression that is the same instant restates the slot: it confirms
//!   the zone (an abbreviation that does not fit the date, `EST` in July, is
//!   read the way the other zone agrees with, and not warned), and lends an
//!   end the first one lacks.
//! - Joined by `and`/`or` (`和`, `、`, `&`), a different instant is another
//!   session.
//! - Otherwise, written in another zone, it should have been the same
//!   instant: `zones-disagree`, and the time written in UTC or as an offset
//!   from it wins (it has no summer-time question), else the first. A date
//!   the expression did not write (taken from the one before) may be a day
//!   off in another zone: `8am PT / 16:00 GMT / 01:00 JST` is one instant.
//! - Anything else is an aside and ignored.

use chrono::NaiveDateTime;

use super::candidate::Candidate;
use super::resolve::{self, complete, describe, Ctx, Resolved, Value, MAX_SESSIONS};
use super::year::YearHint;
use super::zone::ZoneSpec;
use crate::model::WarningKind;

/// A statement's event after its further expressions were weighed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Slots {
    pub value: Value,
    /// Two or more sessions, in order; empty for one meeting.
    pub sessions: Vec<Value>,
    pub notes: Vec<(WarningKind, String)>,
    /// Another zone confirmed how the first expression's zone is read: its
    /// zone note is not a warning.
    pub zone_confirmed: bool,
}

fn start_of(v: &Value) -> Option<NaiveDateTime> {
    match v {
        Value::Timed { start, .. } => Some(*start),
        Value::AllDay { .. } => None,
    }
}

fn shifted(v: &Value, by: chrono::Duration) -> Value {
    match v {
        Value::Timed {
            start,
            end,
            end_stated,
        } => Value::Timed {
            start: *start + by,
            end: *end + by,
            end_stated: *end_stated,
        },
        other => other.clone(),
    }
}

fn zone_of(r: &super::grammar::Reading) -> Option<ZoneSpec> {
    r.start
        .as_ref()
        .and_then(|t| t.zone.clone())
        .or_else(|| r.zone.clone())
}

pub(crate) fn slots(c: &Candidate, first: &Resolved, ctx: &Ctx, hints: &[YearHint]) -> Slots {
    let mut value = first.value.clone();
    let mut other = first.other_start;
    let mut confirmed = false;
    let mut notes = Vec::new();
    let mut more_sessions: Vec<Value> = Vec::new();
    let first_zone = zone_of(&c.reading);
    for g in &c.more {
        // `09:30-13:00 on Wednesday 4th February and Thursday 5th February`:
        // a day joined on without hours of its own has the hours before it.
        let conj = g.joiner.is_some_and(|j| j.is_conjunction());
        let lent;
        let reading =
            if conj && g.reading.has_date() && !g.reading.has_time() && c.reading.has_time() {
                let mut with_hours = g.reading.clone();
                with_hours.start.clone_from(&c.reading.start);
                with_hours.end.clone_from(&c.reading.end);
                with_hours.next_day = c.reading.next_day;
                if with_hours.zone.is_none() {
                    with_hours.zone.clone_from(&c.reading.zone);
                }
                lent = with_hours;
                &lent
            } else {
                &g.reading
            };
        let Ok(r) = resolve::resolve(reading, ctx, hints) else {
            continue;
        };
        // `2019 年 8 月 31 日与 9 月 7 日` without hours: two days, each its own
        // all-day session; dropping the second would lose a meeting silently.
        if let (Value::AllDay { .. }, Value::AllDay { .. }) = (&value, &r.value) {
            if g.joiner.is_some_and(|j| j.is_conjunction()) && r.value != value {
                more_sessions.push(r.value.clone());
            }
            continue;
        }
        let (Some(s_first), Some(s_g)) = (start_of(&value), start_of(&r.value)) else {
            continue;
        };
        // A date taken from the expression before may be a day off in
        // another zone (`8am PT / 01:00 JST`, 01:00 being the next day).
        let day = chrono::Duration::days(1);
        let (r, s_g) = if g.date_inherited && s_g != s_first {
            match [s_g + day, s_g - day].into_iter().find(|s| *s == s_first) {
                Some(s) => {
                    let shift = s - s_g;
                    let mut moved = r.clone();
                    moved.value = shifted(&r.value, shift);
                    (moved, s)
                }
                None => (r, s_g),
            }
        } else {
            (r, s_g)
        };
        if s_g == s_first || r.other_start == Some(s_first) {
            complete(&mut value, &r.value);
            confirmed |= r.other_start.is_none() || other.is_none();
            continue;
        }
        if let Some(alt) = other.filter(|a| *a == s_g || r.other_start == Some(*a)) {
            // The other reading of the first zone is the instant the
            // second zone names: use it.
            value = shifted(&value, alt - s_first);
            other = None;
            confirmed = true;
            complete(&mut value, &r.value);
            continue;
        }
        if g.joiner.is_some_and(|j| j.is_conjunction()) {
            if r.sessions.is_empty() {
                more_sessions.push(r.value.clone());
            } else {
                more_sessions.extend(r.sessions.iter().cloned());
            }
            continue;
        }
        let g_zone = zone_of(&g.reading);
        // `09:00 Australian Western (01:00 UTC)`: the first time's zone is
        // not one feedcal knows, the restatement names one; it is the slot.
        if first_zone.is_none() && g_zone.is_some() && !g.joiner.is_some_and(|j| j.is_conjunction())
        {
            value = r.value.clone();
            confirmed = true;
            notes.push((
                WarningKind::AmbiguousTime,
                format!(
                    "{} gives a time without a zone feedcal knows, then {} in {}; using the \
                     second",
                    place_of(c),
                    describe(&r.value),
                    g_zone.as_ref().map_or_else(String::new, ZoneSpec::name)
                ),
            ));
            continue;
        }
        if let (Some(a), Some(b)) = (first_zone.as_ref(), g_zone.as_ref()) {
            if a != b {
                let use_second = b.is_universal() && !a.is_universal();
                notes.push((
                    WarningKind::ZonesDisagree,
                    format!(
                        "{} written as {} is {} here, but written as {} it is {}; using the {} \
                         one",
                        place_of(c),
                        a.name(),
                        describe(&value),
                        b.name(),
                        describe(&r.value),
                        if use_second { b.name() } else { a.name() }
                    ),
                ));
                if use_second {
                    value = r.value.clone();
                    confirmed = true;
                }
            }
        }
    }
    let mut sessions = Vec::new();
    if !more_sessions.is_empty() {
        let mut all = if first.sessions.is_empty() {
            vec![value.clone()]
        } else {
            first.sessions.clone()
        };
        all.extend(more_sessions);
        sessions = ordered(all);
        if sessions.len() > 1 && contiguous_days(&sessions) {
            // `6th and 7th February`: one two-day event, as a calendar
            // shows a weekend conference, not two separate days.
            value = resolve::span(&sessions);
            sessions.clear();
        } else if sessions.len() > 1 {
            value = resolve::span(&sessions);
        } else {
            sessions.clear();
        }
    } else if !first.sessions.is_empty() {
        sessions = first.sessions.clone();
    }
    Slots {
        value,
        sessions,
        notes,
        zone_confirmed: confirmed,
    }
}

/// All-day sessions, each starting the day after the one before ends.
fn contiguous_days(sessions: &[Value]) -> bool {
    sessions.windows(2).all(|w| match (&w[0], &w[1]) {
        (Value::AllDay { last, .. }, Value::AllDay { first, .. }) => {
            last.succ_opt() == Some(*first)
        }
        _ => false,
    })
}

fn place_of(c: &Candidate) -> String {
    c.place()
}

/// Sessions by start, one per start, at most [`MAX_SESSIONS`].
pub(crate) fn ordered(mut all: Vec<Value>) -> Vec<Value> {
    all.sort_by_key(|v| match v {
        Value::Timed { start, .. } => *start,
        Value::AllDay { first, .. } => first.and_time(chrono::NaiveTime::MIN),
    });
    all.dedup_by(|a, b| a == b || (start_of(a).is_some() && start_of(a) == start_of(b)));
    all.truncate(MAX_SESSIONS);
    all
}
