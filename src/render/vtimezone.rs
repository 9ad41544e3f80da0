//! VTIMEZONE components derived from the tz database (via chrono-tz), not a
//! hard-coded block: every offset change in the years the events span is
//! found by probing the zone and written as its own observance.
//!
//! Why by hand: neither `icalendar` nor `chrono-tz` produces VTIMEZONE
//! (chrono-tz does not expose its transition table), and a TZID without a
//! VTIMEZONE is read as floating time by Thunderbird and shifted by Outlook.
//! Explicit observances (no RRULE) are exact for past years such as
//! Shanghai's 1986–1991 summer time, where rules changed from year to year.

use chrono::{DateTime, Duration, NaiveDate, Offset, TimeZone, Utc};
use chrono_tz::{OffsetComponents, OffsetName, Tz};

/// One offset change: the instant it happens and the offsets around it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Transition {
    pub at: DateTime<Utc>,
    pub from_seconds: i32,
    pub to_seconds: i32,
    pub name: String,
    pub dst: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
struct OffsetState {
    seconds: i32,
    name: String,
    dst: bool,
}

fn state_at(zone: Tz, t: DateTime<Utc>) -> OffsetState {
    let off = zone.offset_from_utc_datetime(&t.naive_utc());
    OffsetState {
        seconds: off.fix().local_minus_utc(),
        name: off.abbreviation().unwrap_or("").to_string(),
        dst: off.dst_offset() != Duration::zero(),
    }
}

/// Offset changes of `zone` in `[start, end)`, found by daily probes and
/// bisection to the second. Zones change offset at most a few times a year,
/// so a daily probe cannot step over two changes.
pub fn transitions(zone: Tz, start: DateTime<Utc>, end: DateTime<Utc>) -> Vec<Transition> {
    let mut out = Vec::new();
    let mut t = start;
    let mut state = state_at(zone, t);
    while t < end {
        let next = t + Duration::days(1);
        let next_state = state_at(zone, next);
        if next_state != state {
            let (mut lo, mut hi) = (t, next);
            while hi - lo > Duration::seconds(1) {
                let mid = lo + (hi - lo) / 2;
                if state_at(zone, mid) == state {
                    lo = mid;
                } else {
                    hi = mid;
                }
            }
            out.push(Transition {
                at: hi,
                from_seconds: state.seconds,
                to_seconds: next_state.seconds,
                name: next_state.name.clone(),
                dst: next_state.dst,
            });
            state = next_state;
        }
        t = next;
    }
    out
}

/// Content lines (unfolded, no line ends) of a VTIMEZONE for `zone` valid
/// for every local time from Jan 1 of `first_year` to Dec 31 of `last_year`.
pub fn lines(zone: Tz, first_year: i32, last_year: i32) -> Vec<(String, String)> {
    let start_local = NaiveDate::from_ymd_opt(first_year, 1, 1)
        .unwrap_or(NaiveDate::MIN)
        .and_hms_opt(0, 0, 0)
        .unwrap_or_default();
    // Start a day early so that the first observance begins before any event
    // of the first year whatever the zone's offset.
    let start = Utc.from_utc_datetime(&start_local) - Duration::days(1);
    let end = NaiveDate::from_ymd_opt(last_year.saturating_add(1), 1, 1)
        .map(|d| {
            Utc.from_utc_datetime(&d.and_hms_opt(0, 0, 0).unwrap_or_default()) + Duration::days(1)
        })
        .unwrap_or(start + Duration::days(366));
    let initial = state_at(zone, start);
    let mut props: Vec<(String, String)> = vec![
        ("BEGIN".into(), "VTIMEZONE".into()),
        ("TZID".into(), zone.name().into()),
        ("X-LIC-LOCATION".into(), zone.name().into()),
    ];
    let mut observance = |dst: bool, local: String, from: i32, to: i32, name: &str| {
        let kind = if dst { "DAYLIGHT" } else { "STANDARD" };
        props.push(("BEGIN".into(), kind.into()));
        props.push(("TZOFFSETFROM".into(), utc_offset(from)));
        props.push(("TZOFFSETTO".into(), utc_offset(to)));
        if !name.is_empty() {
            props.push(("TZNAME".into(), name.into()));
        }
        props.push(("DTSTART".into(), local));
        props.push(("END".into(), kind.into()));
    };
    let initial_local = (start + Duration::seconds(initial.seconds.into())).naive_utc();
    observance(
        initial.dst,
        initial_local.format("%Y%m%dT%H%M%S").to_string(),
        initial.seconds,
        initial.seconds,
        &initial.name,
    );
    for tr in transitions(zone, start, end) {
        // DTSTART of an observance is the local time *before* the change.
        let local = (tr.at + Duration::seconds(tr.from_seconds.into())).naive_utc();
        observance(
            tr.dst,
            local.format("%Y%m%dT%H%M%S").to_string(),
            tr.from_seconds,
            tr.to_seconds,
            &tr.name,
        );
    }
    props.push(("END".into(), "VTIMEZONE".into()));
    props
}

/// RFC 5545 UTC-OFFSET: `+0800`, or `+054321` when seconds are not zero.
fn utc_offset(seconds: i32) -> String {
    let sign = if seconds < 0 { '-' } else { '+' };
    let s = seconds.unsigned_abs();
    let (h, m, sec) = (s / 3600, s / 60 % 60, s % 60);
    if sec == 0 {
        format!("{sign}{h:02}{m:02}")
    } else {
        format!("{sign}{h:02}{m:02}{sec:02}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono_tz::Asia::Shanghai;

    #[test]
    fn shanghai_2019_has_one_standard_observance() {
        let l = lines(Shanghai, 2019, 2019);
        let begins: Vec<_> = l
            .iter()
            .filter(|(k, _)| k == "BEGIN")
            .map(|(_, v)| v.as_str())
            .collect();
        assert_eq!(begins, ["VTIMEZONE", "STANDARD"]);
        assert!(l.contains(&("TZOFFSETTO".into(), "+0800".into())));
        assert!(l.contains(&("TZNAME".into(), "CST".into())));
    }

    #[test]
    fn shanghai_summer_time_1986_to_1991() {
        let start = Utc.with_ymd_and_hms(1986, 1, 1, 0, 0, 0).unwrap();
        let end = Utc.with_ymd_and_hms(1992, 1, 1, 0, 0, 0).unwrap();
        let t = transitions(Shanghai, start, end);
        assert_eq!(t.len(), 12, "{t:?}");
        assert!(t
            .iter()
            .step_by(2)
            .all(|x| x.dst && x.to_seconds == 9 * 3600));
        // 1988: summer time began 1988-04-17 02:00 local (18:00Z the day before).
        let y88 = &t[4];
        assert_eq!(y88.at, Utc.with_ymd_and_hms(1988, 4, 16, 18, 0, 0).unwrap());
        let l = lines(Shanghai, 1988, 1988);
        assert!(
            l.contains(&("DTSTART".into(), "19880417T020000".into())),
            "{l:?}"
        );
        assert!(l.contains(&("BEGIN".into(), "DAYLIGHT".into())));
    }

    #[test]
    fn offsets_with_seconds_and_negative() {
        assert_eq!(utc_offset(8 * 3600), "+0800");
        assert_eq!(utc_offset(-5 * 3600), "-0500");
        assert_eq!(utc_offset(29143), "+080543");
    }
}
