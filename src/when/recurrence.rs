//! A recurrence the front matter writes in iCalendar's own words (Jekyll
//! event themes: `rrule:` holding `DTSTART;TZID=America/New_York:20220714T120000`
//! and `RRULE:UNTIL=20261211T120000;FREQ=MONTHLY;INTERVAL=2;BYDAY=+2TH`),
//! expanded into the event's sessions.
//!
//! Expanded with the `rrule` crate (RFC 5545 recurrence rules: `BYDAY` with
//! ordinals, `INTERVAL`, `UNTIL`/`COUNT`, `RDATE`/`EXDATE`, in the rule's
//! zone): written by hand, ordinals and summer time are where expanders go
//! wrong. Each occurrence keeps the wall time of `DTSTART` in its zone (the
//! call is at 12:00 New York time in July and in November) and is shown in
//! the site zone; every session lasts as long as the event the post states.

use chrono::{Duration, NaiveDateTime, NaiveTime, TimeZone};
use chrono_tz::Tz;

use super::resolve::MAX_SESSIONS;
use super::FrontMatterValue;
use crate::model::{EventDecision, EventWhen, Line, Warning, WarningKind};

/// The front-matter keys that hold recurrence lines, and the property a bare
/// value of each is.
const KEYS: [(&str, &str); 4] = [
    ("rrule", "RRULE"),
    ("recurrence", "RRULE"),
    ("rdate", "RDATE"),
    ("exdate", "EXDATE"),
];

/// The iCalendar lines of the front matter's recurrence, and the line of the
/// first; `None` without one.
fn lines(fields: &[FrontMatterValue]) -> Option<(Vec<String>, Option<Line>)> {
    let mut out = Vec::new();
    let mut first_line = None;
    for f in fields {
        let top = f.key.split('.').next().unwrap_or("").to_ascii_lowercase();
        let Some((_, property)) = KEYS.iter().find(|(k, _)| *k == top) else {
            continue;
        };
        let text = f.text.trim().trim_matches(['"', '\'']).trim();
        if text.is_empty() {
            continue;
        }
        let upper = text.to_ascii_uppercase();
        let named = ["DTSTART", "RRULE", "RDATE", "EXDATE", "EXRULE"]
            .iter()
            .any(|p| upper.starts_with(p) && upper[p.len()..].starts_with([':', ';']));
        out.push(if named {
            text.to_string()
        } else {
            format!("{property}:{text}")
        });
        first_line = first_line.or(f.line);
    }
    out.iter()
        .any(|l| {
            l.to_ascii_uppercase().starts_with("RRULE")
                || l.to_ascii_uppercase().starts_with("RDATE")
        })
        .then_some((out, first_line))
}

/// RFC 5545 wants `UNTIL` in UTC when `DTSTART` names a zone; sites write
/// the wall time of that zone (`UNTIL=20261211T120000`, or a day), which the
/// `rrule` crate refuses. Read as that zone's wall time (a day: its end) and
/// written in UTC.
fn utc_until(rule: Vec<String>) -> Vec<String> {
    use std::sync::LazyLock;
    static TZID: LazyLock<Option<regex::Regex>> =
        LazyLock::new(|| regex::Regex::new(r"(?i)^DTSTART;TZID=([^:;]+):").ok());
    static UNTIL: LazyLock<Option<regex::Regex>> =
        LazyLock::new(|| regex::Regex::new(r"(?i)UNTIL=(\d{8})(?:T(\d{6}))?(Z?)").ok());
    let zone: Option<Tz> = rule.iter().find_map(|l| {
        let caps = TZID.as_ref()?.captures(l)?;
        caps.get(1)?.as_str().parse().ok()
    });
    let (Some(zone), Some(until)) = (zone, UNTIL.as_ref()) else {
        return rule;
    };
    rule.into_iter()
        .map(|l| {
            if !l.to_ascii_uppercase().starts_with("RRULE") {
                return l;
            }
            until
                .replace(&l, |c: &regex::Captures<'_>| {
                    let whole = c.get(0).map_or("", |m| m.as_str()).to_string();
                    if !c.get(3).is_none_or(|z| z.as_str().is_empty()) {
                        return whole;
                    }
                    let day = c.get(1).map_or("", |m| m.as_str());
                    let time = c.get(2).map_or("235959", |m| m.as_str());
                    NaiveDateTime::parse_from_str(&format!("{day}{time}"), "%Y%m%d%H%M%S")
                        .ok()
                        .and_then(|local| zone.from_local_datetime(&local).earliest())
                        .map_or(whole, |d| {
                            format!("UNTIL={}", d.naive_utc().format("%Y%m%dT%H%M%SZ"))
                        })
                })
                .into_owned()
        })
        .collect()
}

/// Expands the front matter's recurrence into `d`'s sessions. The event the
/// post states gives the length (and, without a `DTSTART`, the start);
/// a rule that cannot be read is warned and changes nothing.
pub(crate) fn apply(
    d: &mut EventDecision,
    fields: &[FrontMatterValue],
    zone: Tz,
    default_duration: Duration,
    post_date: Option<chrono::NaiveDate>,
) {
    let Some((mut rule, line)) = lines(fields) else {
        return;
    };
    let stated = match &d.when {
        Some(EventWhen::Timed {
            start,
            end,
            end_stated,
            zone: z,
        }) => Some((*start, *end - *start, *end_stated, *z)),
        _ => None,
    };
    // An all-day event (`all_day: true`) repeats its days, not a clock time.
    let all_day = match &d.when {
        Some(EventWhen::AllDay { first, last }) => Some((*first, *last - *first)),
        _ => None,
    };
    let has_start = rule
        .iter()
        .any(|l| l.to_ascii_uppercase().starts_with("DTSTART"));
    if let (false, Some((first, _))) = (has_start, all_day) {
        rule.insert(
            0,
            format!(
                "DTSTART;TZID={}:{}T000000",
                zone.name(),
                first.format("%Y%m%d")
            ),
        );
    } else if !has_start {
        let Some((start, _, _, z)) = stated else {
            d.warnings.push(Warning::new(
                WarningKind::FrontMatterField,
                line,
                "the front matter's recurrence rule has no DTSTART and the post states no \
                 start time to repeat; add `DTSTART;TZID=<zone>:<YYYYMMDDTHHMMSS>`"
                    .to_string(),
            ));
            return;
        };
        // In the zone the front matter names, if any: the stated start is
        // the site zone's wall time of that instant.
        let (rz, wall) = match named_zone(fields) {
            Some(own) if own != z => {
                let instant = crate::model::resolve_local(start, z);
                match instant {
                    Some(i) => (own, i.with_timezone(&own).naive_local()),
                    None => (z, start),
                }
            }
            _ => (z, start),
        };
        rule.insert(
            0,
            format!(
                "DTSTART;TZID={}:{}",
                rz.name(),
                wall.format("%Y%m%dT%H%M%S")
            ),
        );
    }
    let time = match (&all_day, &stated) {
        (None, Some((start, ..))) => start.time(),
        _ => NaiveTime::MIN,
    };
    let rule = utc_until(zoned(rule, zone, time));
    let set: rrule::RRuleSet = match rule.join("\n").parse() {
        Ok(s) => s,
        Err(e) => {
            d.warnings.push(Warning::new(
                WarningKind::FrontMatterField,
                line,
                format!("the front matter's recurrence rule cannot be read ({e}); its sessions are not in the calendar"),
            ));
            return;
        }
    };
    let limit = u16::try_from(MAX_SESSIONS + 1).unwrap_or(u16::MAX);
    let mut found = set.clone().all(limit).dates;
    // An endless rule started years before the post: its sessions from the
    // post date on, not the first hundred of long ago.
    if found.len() > MAX_SESSIONS {
        let from = post_date
            .and_then(|p| p.and_hms_opt(0, 0, 0))
            .and_then(|p| crate::model::resolve_local(p, zone))
            .map(|p| p.with_timezone(&rrule::Tz::Tz(zone)));
        if let Some(from) = from {
            found = set.after(from).all(limit).dates;
        }
    }
    // `RDATE` repeating `DTSTART` (usual in themes) is one meeting.
    found.dedup();
    if found.is_empty() {
        return;
    }
    if let Some((_, days)) = all_day {
        let sessions: Vec<EventWhen> = found
            .iter()
            .take(MAX_SESSIONS)
            .map(|occ| {
                let first = occ.date_naive();
                EventWhen::AllDay {
                    first,
                    last: first + days,
                }
            })
            .collect();
        finish(d, sessions, found.len(), line);
        return;
    }
    let (length, end_stated) = match stated {
        Some((_, length, end_stated, _)) if length > Duration::zero() => (length, end_stated),
        _ => (default_duration, false),
    };
    let wall = |utc: NaiveDateTime| zone.from_utc_datetime(&utc).naive_local();
    let sessions: Vec<EventWhen> = found
        .iter()
        .take(MAX_SESSIONS)
        .map(|occ| {
            let utc = occ.naive_utc();
            EventWhen::Timed {
                start: wall(utc),
                end: wall(utc + length),
                end_stated,
                zone,
            }
        })
        .collect();
    finish(d, sessions, found.len(), line);
}

/// `d` takes `sessions` (from `found` occurrences) and their span.
fn finish(d: &mut EventDecision, sessions: Vec<EventWhen>, found: usize, line: Option<Line>) {
    if found > MAX_SESSIONS {
        d.warnings.push(Warning::new(
            WarningKind::AmbiguousTime,
            line,
            format!("the front matter's recurrence rule repeats more than {MAX_SESSIONS} times: only the first {MAX_SESSIONS} are in the calendar"),
        ));
    }
    let (Some(first), Some(last)) = (sessions.first(), sessions.last()) else {
        return;
    };
    let span = match (first, last) {
        (
            EventWhen::Timed {
                start,
                end_stated,
                zone,
                ..
            },
            EventWhen::Timed { end, .. },
        ) => EventWhen::Timed {
            start: *start,
            end: *end,
            end_stated: *end_stated,
            zone: *zone,
        },
        (EventWhen::AllDay { first, .. }, EventWhen::AllDay { last, .. }) => EventWhen::AllDay {
            first: *first,
            last: *last,
        },
        _ => return,
    };
    if d.when.is_none() {
        // The rule's DTSTART is the post's only statement of a time.
        d.warnings.retain(|w| w.kind != WarningKind::NoEventTime);
        d.evidence = Some(crate::model::Evidence {
            line,
            text: format!("{}rrule", crate::model::FRONT_MATTER_EVIDENCE),
        });
    }
    d.when = Some(span);
    let n = sessions.len();
    d.sessions = if n > 1 { sessions } else { Vec::new() };
    if let Some(e) = d.evidence.as_mut() {
        e.text.push_str(&format!(
            "; {n} sessions from the front matter's recurrence rule"
        ));
    }
}

/// Every `DTSTART`, `RDATE` and `EXDATE` without a `TZID` and not in UTC
/// (`DTSTART:20240306T190000`, `DTSTART;VALUE=DATE:20240306`) gets `zone`'s
/// TZID: the `rrule` crate would read it in the machine's zone, which
/// differs from machine to machine. A date without a time takes `time` (the
/// stated start's time of day; midnight for an all-day event).
fn zoned(rule: Vec<String>, zone: Tz, time: NaiveTime) -> Vec<String> {
    rule.into_iter()
        .map(|l| {
            let Some((head, values)) = l.split_once(':') else {
                return l;
            };
            let mut parts = head.split(';');
            let name = parts.next().unwrap_or("").to_ascii_uppercase();
            let params: Vec<&str> = parts.collect();
            let has_zone = params
                .iter()
                .any(|p| p.to_ascii_uppercase().starts_with("TZID="));
            let utc = values.split(',').all(|v| v.trim().ends_with(['Z', 'z']));
            if !matches!(name.as_str(), "DTSTART" | "RDATE" | "EXDATE") || has_zone || utc {
                return l;
            }
            let values: Vec<String> = values
                .split(',')
                .map(|v| {
                    let v = v.trim();
                    if v.len() == 8 {
                        format!("{v}T{}", time.format("%H%M%S"))
                    } else {
                        v.to_string()
                    }
                })
                .collect();
            format!("{name};TZID={}:{}", zone.name(), values.join(","))
        })
        .collect()
}

/// A zone the front matter names for its times (`timezone: America/New_York`),
/// in which a rule written without `DTSTART` repeats: weekly at noon New
/// York time, whatever the site zone's clock says across summer time.
fn named_zone(fields: &[FrontMatterValue]) -> Option<Tz> {
    fields.iter().find_map(|f| {
        let last = f
            .key
            .rsplit('.')
            .next()
            .unwrap_or(&f.key)
            .to_ascii_lowercase();
        matches!(last.as_str(), "timezone" | "tz" | "time_zone")
            .then(|| f.text.trim().trim_matches(['"', '\'']).parse::<Tz>().ok())
            .flatten()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fv(key: &str, text: &str) -> FrontMatterValue {
        FrontMatterValue::new(key, text, Some(5))
    }

    fn timed(start: NaiveDateTime, end: NaiveDateTime, zone: Tz) -> EventDecision {
        EventDecision {
            when: Some(EventWhen::Timed {
                start,
                end,
                end_stated: true,
                zone,
            }),
            ..EventDecision::default()
        }
    }

    fn at(s: &str) -> NaiveDateTime {
        NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M").expect("test time")
    }

    #[test]
    fn second_thursday_of_every_other_month_keeps_new_york_noon() {
        let ny = chrono_tz::America::New_York;
        let mut d = timed(at("2022-07-14 12:00"), at("2022-07-14 13:00"), ny);
        let fields = [
            fv("rrule.0", "DTSTART;TZID=America/New_York:20220714T120000"),
            fv(
                "rrule.1",
                "RRULE:UNTIL=20230312T120000;FREQ=MONTHLY;INTERVAL=2;BYDAY=+2TH",
            ),
        ];
        apply(&mut d, &fields, ny, Duration::hours(2), None);
        let starts: Vec<String> = d
            .sessions
            .iter()
            .map(|s| s.start().format("%Y-%m-%d %H:%M").to_string())
            .collect();
        assert!(d.warnings.is_empty(), "{:?}", d.warnings);
        // 2022-11-10 is after New York left summer time: still noon there.
        assert_eq!(
            starts,
            [
                "2022-07-14 12:00",
                "2022-09-08 12:00",
                "2022-11-10 12:00",
                "2023-01-12 12:00",
                "2023-03-09 12:00"
            ]
        );
        assert!(
            matches!(d.sessions[2], EventWhen::Timed { end, .. } if end == at("2022-11-10 13:00"))
        );
        assert!(d.warnings.is_empty(), "{:?}", d.warnings);
    }

    #[test]
    fn in_the_site_zone_and_without_dtstart() {
        // A bare rule repeats the stated start; shown in Shanghai's wall time.
        let sh = chrono_tz::Asia::Shanghai;
        let mut d = timed(at("2024-03-06 19:00"), at("2024-03-06 20:00"), sh);
        apply(
            &mut d,
            &[fv("recurrence", "FREQ=WEEKLY;COUNT=3")],
            sh,
            Duration::hours(2),
            None,
        );
        assert_eq!(d.sessions.len(), 3);
        assert_eq!(d.sessions[2].start(), at("2024-03-20 19:00"));
        assert!(
            matches!(d.when, Some(EventWhen::Timed { end, .. }) if end == at("2024-03-20 20:00"))
        );
    }

    #[test]
    fn an_all_day_event_repeats_its_days() {
        // `all_day: true` with a yearly rule whose DTSTART names a clock time
        // (a theme's template): the second Thursday of October, each year.
        let ny = chrono_tz::America::New_York;
        let day = |s: &str| chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("day");
        let mut d = EventDecision {
            when: Some(EventWhen::AllDay {
                first: day("2021-10-14"),
                last: day("2021-10-14"),
            }),
            ..EventDecision::default()
        };
        let fields = [
            fv("rrule.0", "DTSTART;TZID=America/New_York:20211014T110000"),
            fv(
                "rrule.1",
                "RRULE:UNTIL=20231031T000000;FREQ=YEARLY;BYDAY=+2TH;BYMONTH=10",
            ),
            fv("rrule.2", "RDATE;TZID=America/New_York:20211014T110000"),
        ];
        apply(&mut d, &fields, ny, Duration::hours(2), None);
        let days: Vec<chrono::NaiveDate> = d
            .sessions
            .iter()
            .map(|s| match s {
                EventWhen::AllDay { first, last } if first == last => *first,
                other => panic!("expected one-day sessions, got {other:?}"),
            })
            .collect();
        assert_eq!(
            days,
            [day("2021-10-14"), day("2022-10-13"), day("2023-10-12")]
        );
    }

    #[test]
    fn a_floating_dtstart_is_the_site_zone_not_the_machine_zone() {
        let sh = chrono_tz::Asia::Shanghai;
        let mut d = timed(at("2024-03-06 19:00"), at("2024-03-06 20:00"), sh);
        apply(
            &mut d,
            &[
                fv("rrule.0", "DTSTART:20240306T190000"),
                fv("rrule.1", "RRULE:FREQ=WEEKLY;COUNT=2"),
            ],
            sh,
            Duration::hours(2),
            None,
        );
        assert_eq!(d.sessions[1].start(), at("2024-03-13 19:00"));
    }

    #[test]
    fn a_rule_without_dtstart_repeats_in_the_zone_the_front_matter_names() {
        // Noon in New York (01:00 in Shanghai in winter); New York moves to
        // summer time on 2024-03-10, so the next noon is 00:00 in Shanghai.
        let sh = chrono_tz::Asia::Shanghai;
        let mut d = timed(at("2024-03-06 01:00"), at("2024-03-06 02:00"), sh);
        let fields = [
            fv("timezone", "America/New_York"),
            fv("rrule", "FREQ=WEEKLY;COUNT=2"),
        ];
        apply(&mut d, &fields, sh, Duration::hours(2), None);
        assert_eq!(d.sessions[1].start(), at("2024-03-13 00:00"));
    }

    #[test]
    fn date_only_lines_never_take_the_machine_zone() {
        // `VALUE=DATE` lines take the stated time of day, in the site zone.
        let sh = chrono_tz::Asia::Shanghai;
        let mut d = timed(at("2024-03-06 19:00"), at("2024-03-06 20:00"), sh);
        let fields = [
            fv("rrule.0", "DTSTART;VALUE=DATE:20240306"),
            fv("rrule.1", "RRULE:FREQ=WEEKLY;COUNT=3"),
            fv("rrule.2", "EXDATE;VALUE=DATE:20240313"),
        ];
        apply(&mut d, &fields, sh, Duration::hours(2), None);
        let starts: Vec<NaiveDateTime> = d.sessions.iter().map(EventWhen::start).collect();
        assert_eq!(starts, [at("2024-03-06 19:00"), at("2024-03-20 19:00")]);
    }

    #[test]
    fn an_endless_rule_of_long_ago_starts_at_the_post_date() {
        let sh = chrono_tz::Asia::Shanghai;
        let mut d = timed(at("2024-05-01 19:00"), at("2024-05-01 20:00"), sh);
        let fields = [
            fv("rrule.0", "DTSTART;TZID=Asia/Shanghai:20200101T190000"),
            fv("rrule.1", "RRULE:FREQ=WEEKLY"),
        ];
        let post = chrono::NaiveDate::from_ymd_opt(2024, 4, 28);
        apply(&mut d, &fields, sh, Duration::hours(2), post);
        assert_eq!(d.sessions[0].start(), at("2024-05-01 19:00"));
        assert_eq!(d.sessions.len(), MAX_SESSIONS);
    }

    #[test]
    fn an_unreadable_rule_is_warned_and_changes_nothing() {
        let sh = chrono_tz::Asia::Shanghai;
        let mut d = timed(at("2024-03-06 19:00"), at("2024-03-06 20:00"), sh);
        let before = d.when.clone();
        apply(
            &mut d,
            &[fv("rrule", "FREQ=SOMETIMES")],
            sh,
            Duration::hours(2),
            None,
        );
        assert_eq!(d.when, before);
        assert!(d.sessions.is_empty());
        assert_eq!(d.warnings[0].kind, WarningKind::FrontMatterField);
    }

    #[test]
    fn an_endless_rule_stops_at_the_session_cap() {
        let sh = chrono_tz::Asia::Shanghai;
        let mut d = timed(at("2024-03-06 19:00"), at("2024-03-06 20:00"), sh);
        apply(
            &mut d,
            &[fv("rrule", "FREQ=DAILY")],
            sh,
            Duration::hours(2),
            None,
        );
        assert_eq!(d.sessions.len(), MAX_SESSIONS);
        assert_eq!(d.warnings[0].kind, WarningKind::AmbiguousTime);
    }
}
