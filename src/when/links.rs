//! Times inside links of known meeting-time shapes. Their digits never count
//! as prose (URLs are removed before a line is read), but a link made by a
//! time converter or a calendar says exactly which instant the author meant:
//!
//! - timeanddate.com's fixed-time page, `…/worldclock/fixedtime.html?iso=
//!   20191015T19&p1=1440`: `iso` is the wall time at the location `p1`;
//!   without `p1`, with `p1=:` or `p1=1440` it is UTC, `p1=224` is San
//!   Francisco; other locations are not known and the link is not read.
//!   (Its `ah`/`am` duration is not read as an end: the page's form fills one
//!   hour in by default.)
//! - a zone, a date and a time as path segments, `…/UTC/2020-03-02/17:00/…`
//!   or `…/America/New_York/2020-03-02/17:00` (meeting-time pages).
//! - Google Calendar's event template, `…/calendar/render?action=TEMPLATE&
//!   dates=20230724T190000Z/20230724T200000Z` (an end too; `ctz` names the
//!   zone of times without `Z`).
//!
//! URLs are parsed with the `url` crate.

use std::sync::LazyLock;

use chrono::{NaiveDate, NaiveTime};
use chrono_tz::Tz;
use regex::Regex;

use super::grammar::{PDate, PTime, Reading};
use super::zone::ZoneSpec;

/// A time read from a link, and where the link sits in the raw line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct LinkTime {
    pub reading: Reading,
    /// Byte range of the URL in the line.
    pub span: (usize, usize),
    /// `timeanddate.com`, `calendar.google.com`, … for messages.
    pub site: String,
}

// An ASCII word boundary: a Unicode one costs a slower regex engine on
// every line with a link, and would miss a link glued to CJK text
// (`见https://…`), whose characters are Unicode word characters.
static URL: LazyLock<Option<Regex>> =
    LazyLock::new(|| Regex::new(r#"(?i-u:\b)(?i)https?://[^\s)\]>"'<]+"#).ok());

/// Every link of `line` that gives a time.
pub(crate) fn time_links(line: &str) -> Vec<LinkTime> {
    let Some(re) = URL.as_ref() else {
        return Vec::new();
    };
    if !line.contains("://") {
        return Vec::new();
    }
    re.find_iter(line)
        .filter(|m| may_give_time(m.as_str()))
        .filter_map(|m| {
            let url = url::Url::parse(m.as_str()).ok()?;
            let reading = timeanddate(&url)
                .or_else(|| google_calendar(&url))
                .or_else(|| path_time(&url))?;
            Some(LinkTime {
                reading,
                span: (m.start(), m.end()),
                site: url.host_str().unwrap_or("").to_string(),
            })
        })
        .collect()
}

/// Whether `url` can be one of the shapes read here: on one of the two
/// hosts, or with a `/YYYY-…` path segment. Most links of a post are images
/// and pages, and parsing each one costs more than this look.
fn may_give_time(url: &str) -> bool {
    let lower = url.to_ascii_lowercase();
    lower.contains("timeanddate.com")
        || lower.contains("calendar.google.com")
        || url
            .as_bytes()
            .windows(6)
            .any(|w| w[0] == b'/' && w[1..5].iter().all(u8::is_ascii_digit) && w[5] == b'-')
}

fn utc() -> ZoneSpec {
    ZoneSpec::Fixed {
        secs: 0,
        name: "UTC".into(),
    }
}

fn ptime(h: u32, m: u32, zone: ZoneSpec) -> PTime {
    let mut t = PTime::at(h, m);
    // A machine-written clock is a 24-hour clock.
    t.leading_zero = true;
    t.zone = Some(zone);
    t
}

fn reading(date: NaiveDate, start: PTime, end: Option<(NaiveDate, PTime)>) -> Reading {
    let mut r = Reading {
        first: Some(PDate::of(date)),
        start: Some(start),
        ..Reading::default()
    };
    if let Some((d, t)) = end {
        if d != date {
            r.last = Some(PDate::of(d));
        }
        r.end = Some(t);
    }
    r
}

/// `20191015T19`, `20191015T1930`, `20191015T193000`, optionally `Z`.
fn compact(s: &str) -> Option<(NaiveDate, NaiveTime, bool)> {
    let (date, rest) = s.split_once(['T', 't'])?;
    let d = NaiveDate::parse_from_str(date, "%Y%m%d").ok()?;
    let z = rest.ends_with(['Z', 'z']);
    let digits = rest.trim_end_matches(['Z', 'z']);
    if !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let num = |r: std::ops::Range<usize>| digits.get(r).and_then(|x| x.parse::<u32>().ok());
    let (h, m) = match digits.len() {
        2 => (num(0..2)?, 0),
        4 | 6 => (num(0..2)?, num(2..4)?),
        _ => return None,
    };
    Some((d, NaiveTime::from_hms_opt(h, m, 0)?, z))
}

fn timeanddate(url: &url::Url) -> Option<Reading> {
    let host = url.host_str()?;
    if !host.ends_with("timeanddate.com") || !url.path().contains("fixedtime") {
        return None;
    }
    let mut iso = None;
    let mut place = None;
    for (k, v) in url.query_pairs() {
        match k.as_ref() {
            "iso" => iso = Some(v.into_owned()),
            "p1" => place = Some(v.into_owned()),
            _ => {}
        }
    }
    let zone = match place.as_deref().map(str::trim) {
        None | Some("" | ":" | "1440") => utc(),
        Some("224") => ZoneSpec::Named(Tz::America__Los_Angeles),
        Some(_) => return None,
    };
    let (d, t, _) = compact(&iso?)?;
    use chrono::Timelike;
    Some(reading(d, ptime(t.hour(), t.minute(), zone), None))
}

fn google_calendar(url: &url::Url) -> Option<Reading> {
    let host = url.host_str()?;
    if !host.ends_with("calendar.google.com") {
        return None;
    }
    let mut dates = None;
    let mut ctz = None;
    for (k, v) in url.query_pairs() {
        match k.as_ref() {
            "dates" => dates = Some(v.into_owned()),
            "ctz" => ctz = v.parse::<Tz>().ok(),
            _ => {}
        }
    }
    let dates = dates?;
    let (a, b) = dates.split_once('/')?;
    let (d0, t0, z0) = compact(a)?;
    let (d1, t1, z1) = compact(b)?;
    let zone_of = |z: bool| {
        if z {
            Some(utc())
        } else {
            ctz.map(ZoneSpec::Named)
        }
    };
    use chrono::Timelike;
    let start = ptime(t0.hour(), t0.minute(), zone_of(z0)?);
    let end = ptime(t1.hour(), t1.minute(), zone_of(z1)?);
    Some(reading(d0, start, Some((d1, end))))
}

/// `…/UTC/2020-03-02/17:00/…`, `…/Europe/Berlin/2020-03-02/17:00`.
fn path_time(url: &url::Url) -> Option<Reading> {
    let segs: Vec<&str> = url.path_segments()?.collect();
    // Most links have no date segment: the first-byte test spares them the
    // date parser.
    let date = |s: &str| {
        s.starts_with(|c: char| c.is_ascii_digit())
            .then(|| NaiveDate::parse_from_str(s, "%Y-%m-%d").ok())
            .flatten()
    };
    let (at, d) = segs
        .iter()
        .enumerate()
        .find_map(|(k, s)| Some((k, date(s)?)))?;
    let time = segs.get(at + 1)?.replace("%3A", ":").replace("%3a", ":");
    let t = NaiveTime::parse_from_str(&time, "%H:%M").ok()?;
    let zone = if at >= 1 && matches!(segs[at - 1].to_ascii_uppercase().as_str(), "UTC" | "GMT") {
        utc()
    } else {
        let two = (at >= 2).then(|| format!("{}/{}", segs[at - 2], segs[at - 1]));
        let three =
            (at >= 3).then(|| format!("{}/{}/{}", segs[at - 3], segs[at - 2], segs[at - 1]));
        let tz = three
            .and_then(|n| n.parse::<Tz>().ok())
            .or_else(|| two.and_then(|n| n.parse::<Tz>().ok()))?;
        ZoneSpec::Named(tz)
    };
    use chrono::Timelike;
    Some(reading(d, ptime(t.hour(), t.minute(), zone), None))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn start(l: &LinkTime) -> (i32, u32, u32, u32, u32) {
        let d = l.reading.first.as_ref().expect("date");
        let t = l.reading.start.as_ref().expect("time");
        (d.y.unwrap_or(0), d.m, d.d, t.h, t.m)
    }

    #[test]
    fn timeanddate_links() {
        let l = time_links("at [19:00 UTC](https://www.timeanddate.com/worldclock/fixedtime.html?msg=Show&iso=20191015T19&p1=1440&ah=1).");
        assert_eq!(l.len(), 1);
        assert_eq!(start(&l[0]), (2019, 10, 15, 19, 0));
        assert!(l[0].reading.end.is_none());
        let l = time_links(
            "(https://www.timeanddate.com/worldclock/fixedtime.html?p1=224&iso=20210830T17)",
        );
        assert_eq!(
            l[0].reading.start.as_ref().and_then(|t| t.zone.clone()),
            Some(ZoneSpec::Named(Tz::America__Los_Angeles))
        );
        let l =
            time_links("https://www.timeanddate.com/worldclock/fixedtime.html?iso=20240131T1300");
        assert_eq!(start(&l[0]), (2024, 1, 31, 13, 0));
        // A link glued to Chinese text is still a link.
        let l = time_links(
            "时间见https://www.timeanddate.com/worldclock/fixedtime.html?iso=20240131T1300",
        );
        assert_eq!(start(&l[0]), (2024, 1, 31, 13, 0));
        // A location that is not known: not read.
        assert!(time_links(
            "https://www.timeanddate.com/worldclock/fixedtime.html?iso=20240131T1300&p1=37"
        )
        .is_empty());
    }

    #[test]
    fn path_and_calendar_links() {
        let l = time_links("see https://example.org/UTC/2020-03-02/17:00/Team-call here");
        assert_eq!(start(&l[0]), (2020, 3, 2, 17, 0));
        let l = time_links("https://example.org/America/New_York/2020-03-02/09%3A30");
        assert_eq!(
            l[0].reading.start.as_ref().and_then(|t| t.zone.clone()),
            Some(ZoneSpec::Named(Tz::America__New_York))
        );
        let l = time_links("[add](https://calendar.google.com/calendar/render?action=TEMPLATE&dates=20230724T190000Z/20230724T200000Z&text=x)");
        assert_eq!(start(&l[0]), (2023, 7, 24, 19, 0));
        assert_eq!(l[0].reading.end.as_ref().map(|t| t.h), Some(20));
        assert!(time_links("https://example.org/blog/2020/03/02/post").is_empty());
        assert!(time_links("no links here 2020-03-02 17:00").is_empty());
    }
}
