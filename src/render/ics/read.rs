//! Reading calendars back: the structural check of a calendar before it is
//! published, and the events of the published calendars that decide each
//! event's SEQUENCE ([`EventHistory`]).
//!
//! Hand-written, because the `icalendar` crate's parser is an optional
//! feature with its own dependencies and we need only line syntax, nesting
//! and references: CRLF line ends, 75-octet lines, BEGIN/END balance, a
//! VTIMEZONE for every TZID, the required properties of every VEVENT and
//! unique UIDs. The writer's own output is canonicalised by this same reader
//! before it is compared with a published event, so an unchanged event can
//! never look changed.

use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet};

use chrono::{DateTime, NaiveDateTime, Utc};

/// The properties of a published VEVENT that decide whether it changed.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct EventFields {
    /// `DTSTART` with its parameters, as `TZID=Asia/Shanghai:20240518T133000`.
    pub start: String,
    pub end: String,
    /// Unescaped text.
    pub summary: String,
    pub location: String,
    /// `CANCELLED`, `CONFIRMED`: a cancellation must reach subscribers too.
    pub status: String,
}

/// One VEVENT as read back.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CalendarEvent {
    pub uid: String,
    pub sequence: u32,
    pub fields: EventFields,
    pub last_modified: Option<DateTime<Utc>>,
}

/// What the published calendars say about each UID: the version with the
/// highest SEQUENCE (the newest one any subscriber may have seen).
#[derive(Debug, Clone, Default)]
pub struct EventHistory {
    pub events: BTreeMap<String, CalendarEvent>,
}

impl EventHistory {
    pub fn get(&self, uid: &str) -> Option<&CalendarEvent> {
        self.events.get(uid)
    }

    /// Adds what `other` knows; as in [`Self::add_calendar`], the higher
    /// SEQUENCE wins and a tie keeps what `self` had.
    pub fn merge(&mut self, other: &EventHistory) {
        for (uid, ev) in &other.events {
            match self.events.get(uid) {
                Some(known) if known.sequence >= ev.sequence => {}
                _ => {
                    self.events.insert(uid.clone(), ev.clone());
                }
            }
        }
    }

    /// Adds the events of one calendar; for a UID already known, the higher
    /// SEQUENCE wins and a tie keeps the first (callers add in path order).
    pub fn add_calendar(&mut self, text: &str) {
        for ev in parse_events(text) {
            match self.events.get(&ev.uid) {
                Some(known) if known.sequence >= ev.sequence => {}
                _ => {
                    self.events.insert(ev.uid.clone(), ev);
                }
            }
        }
    }
}

/// One content line, unfolded: name, parameters, value, borrowed from the
/// line (a calendar has hundreds of thousands of them).
#[derive(Debug, Clone, PartialEq, Eq)]
struct ContentLine<'a> {
    /// Upper case.
    name: Cow<'a, str>,
    /// Upper-case name, value without its quotes.
    params: Vec<(Cow<'a, str>, &'a str)>,
    value: &'a str,
}

/// Unfolds (RFC 5545 §3.1: CRLF followed by a space or tab continues the line).
/// Bare LF is accepted here so that history survives a hand-edited file.
fn unfold(text: &str) -> Unfold<'_> {
    Unfold {
        raw: text.split('\n').peekable(),
    }
}

/// The content lines of a calendar, unfolded one at a time (a calendar can
/// be tens of MB; a line is only copied when it was folded). Blank lines are
/// skipped.
struct Unfold<'a> {
    raw: std::iter::Peekable<std::str::Split<'a, char>>,
}

impl<'a> Iterator for Unfold<'a> {
    type Item = std::borrow::Cow<'a, str>;

    fn next(&mut self) -> Option<Self::Item> {
        let strip = |r: &'a str| r.strip_suffix('\r').unwrap_or(r);
        let mut line = loop {
            let r = strip(self.raw.next()?);
            if !r.is_empty() {
                break std::borrow::Cow::Borrowed(r);
            }
        };
        while let Some(next) = self.raw.peek().map(|r| strip(r)) {
            match next.as_bytes().first() {
                Some(b' ' | b'\t') => line.to_mut().push_str(&next[1..]),
                None => {}
                Some(_) => break,
            }
            self.raw.next();
        }
        Some(line)
    }
}

/// Splits `NAME;P=V;Q="a:b":value`; `None` when there is no `:` outside quotes.
fn parse_line(line: &str) -> Option<ContentLine<'_>> {
    // `;` and `:` count only outside double quotes.
    let mut in_quotes = false;
    let mut parts: Vec<&str> = Vec::new();
    let mut start = 0;
    let mut colon = None;
    for (i, b) in line.bytes().enumerate() {
        match b {
            b'"' => in_quotes = !in_quotes,
            b';' if !in_quotes => {
                parts.push(&line[start..i]);
                start = i + 1;
            }
            b':' if !in_quotes => {
                parts.push(&line[start..i]);
                colon = Some(i);
                break;
            }
            _ => {}
        }
    }
    let colon = colon?;
    let name = upper(parts.first()?.trim());
    if name.is_empty() {
        return None;
    }
    let params = parts[1..]
        .iter()
        .filter_map(|p| {
            let (k, v) = p.split_once('=')?;
            Some((upper(k.trim()), v.trim_matches('"')))
        })
        .collect();
    Some(ContentLine {
        name,
        params,
        value: &line[colon + 1..],
    })
}

/// `s` in ASCII upper case, copied only when it has lower case.
fn upper(s: &str) -> Cow<'_, str> {
    if s.bytes().any(|b| b.is_ascii_lowercase()) {
        Cow::Owned(s.to_ascii_uppercase())
    } else {
        Cow::Borrowed(s)
    }
}

/// RFC 5545 TEXT unescaping.
fn unescape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('n' | 'N') => out.push('\n'),
            Some(other) => out.push(other),
            None => out.push('\\'),
        }
    }
    out
}

/// A date-time value with its parameters, in one canonical text.
fn with_params(l: &ContentLine<'_>) -> String {
    let mut params = l.params.clone();
    params.sort();
    let p: Vec<String> = params.iter().map(|(k, v)| format!("{k}={v}")).collect();
    format!("{}:{}", p.join(";"), l.value)
}

/// The VEVENTs of a calendar (lenient: anything unreadable is skipped).
pub fn parse_events(text: &str) -> Vec<CalendarEvent> {
    let mut events = Vec::new();
    let mut depth_in_event: Option<usize> = None;
    let mut depth = 0usize;
    // The event being read; an event without a UID is dropped at its END.
    let mut cur: Option<CalendarEvent> = None;
    for line in unfold(text) {
        let Some(l) = parse_line(&line) else { continue };
        match &*l.name {
            "BEGIN" => {
                depth += 1;
                if l.value.eq_ignore_ascii_case("VEVENT") && depth_in_event.is_none() {
                    depth_in_event = Some(depth);
                    cur = Some(CalendarEvent {
                        uid: String::new(),
                        sequence: 0,
                        fields: EventFields::default(),
                        last_modified: None,
                    });
                }
            }
            "END" => {
                if depth_in_event == Some(depth) {
                    if let Some(ev) = cur.take().filter(|ev| !ev.uid.is_empty()) {
                        events.push(ev);
                    }
                    depth_in_event = None;
                }
                depth = depth.saturating_sub(1);
            }
            // Properties of nested components (VALARM) are not the event's.
            _ if depth_in_event != Some(depth) => {}
            name => {
                let Some(ev) = cur.as_mut() else { continue };
                match name {
                    "UID" => ev.uid = l.value.to_string(),
                    "SEQUENCE" => ev.sequence = l.value.trim().parse().unwrap_or(0),
                    "DTSTART" => ev.fields.start = with_params(&l),
                    "DTEND" => ev.fields.end = with_params(&l),
                    "SUMMARY" => ev.fields.summary = unescape(l.value),
                    "LOCATION" => ev.fields.location = unescape(l.value),
                    "STATUS" => ev.fields.status = l.value.trim().to_ascii_uppercase(),
                    "LAST-MODIFIED" => {
                        ev.last_modified =
                            NaiveDateTime::parse_from_str(l.value.trim(), "%Y%m%dT%H%M%SZ")
                                .ok()
                                .map(|d| d.and_utc())
                    }
                    _ => {}
                }
            }
        }
    }
    events
}

/// The properties RFC 5545 requires in every VEVENT of a published calendar.
const REQUIRED_IN_EVENT: [&str; 3] = ["UID", "DTSTAMP", "DTSTART"];

/// The structural check of a calendar; returns its events.
pub fn check_calendar(bytes: &[u8]) -> Result<Vec<CalendarEvent>, String> {
    let text = std::str::from_utf8(bytes).map_err(|e| format!("not UTF-8: {e}"))?;
    if !text.ends_with("\r\n") {
        return Err("does not end with CRLF (truncated?)".into());
    }
    for (i, raw) in text.split_inclusive('\n').enumerate() {
        let Some(body) = raw.strip_suffix("\r\n") else {
            return Err(format!("line {}: ends with a bare LF, not CRLF", i + 1));
        };
        if body.contains('\r') {
            return Err(format!("line {}: has a bare CR", i + 1));
        }
        if let Some(b) = body.bytes().find(|b| super::forbidden_in_calendar(*b)) {
            return Err(format!(
                "line {}: holds the control character U+{b:04X}, which RFC 5545 forbids",
                i + 1
            ));
        }
        if body.len() > 75 {
            return Err(format!(
                "line {}: is {} octets long, over the 75 allowed",
                i + 1,
                body.len()
            ));
        }
    }
    let mut stack: Vec<String> = Vec::new();
    let mut tzids_used: BTreeSet<String> = BTreeSet::new();
    let mut tzids_defined: BTreeSet<String> = BTreeSet::new();
    // Which of REQUIRED_IN_EVENT the open VEVENT has.
    let mut event_props: Option<[bool; 3]> = None;
    let mut closed = false;
    // Components directly inside the VCALENDAR (VEVENT, VTIMEZONE, …).
    let mut components = 0usize;
    for (i, line) in unfold(text).enumerate() {
        let n = i + 1;
        if closed {
            return Err(format!("content line {n}: text after END:VCALENDAR"));
        }
        let l = parse_line(&line).ok_or_else(|| format!("content line {n}: no `:` in {line:?}"))?;
        match &*l.name {
            "BEGIN" => {
                if stack.is_empty() && l.value != "VCALENDAR" {
                    return Err(format!(
                        "content line {n}: the calendar starts with BEGIN:{}",
                        l.value
                    ));
                }
                if l.value == "VEVENT" {
                    event_props = Some([false; 3]);
                }
                if stack.len() == 1 {
                    components += 1;
                }
                stack.push(l.value.to_string());
            }
            "END" => {
                let open = stack
                    .pop()
                    .ok_or_else(|| format!("content line {n}: END:{} without BEGIN", l.value))?;
                if open != l.value {
                    return Err(format!(
                        "content line {n}: END:{} closes BEGIN:{open}",
                        l.value
                    ));
                }
                if open == "VEVENT" {
                    let seen = event_props.take().unwrap_or_default();
                    if let Some(i) = seen.iter().position(|s| !s) {
                        let missing = REQUIRED_IN_EVENT[i];
                        return Err(format!("content line {n}: a VEVENT has no {missing}"));
                    }
                }
                closed = stack.is_empty();
            }
            name => {
                if stack.is_empty() {
                    return Err(format!("content line {n}: {name} outside BEGIN:VCALENDAR"));
                }
                if name == "TZID" && stack.last().is_some_and(|s| s == "VTIMEZONE") {
                    tzids_defined.insert(l.value.to_string());
                }
                for (k, v) in &l.params {
                    if k == "TZID" && !tzids_used.contains(*v) {
                        tzids_used.insert(v.to_string());
                    }
                }
                if stack.last().is_some_and(|s| s == "VEVENT") {
                    if let (Some(seen), Some(i)) = (
                        event_props.as_mut(),
                        REQUIRED_IN_EVENT.iter().position(|r| *r == name),
                    ) {
                        seen[i] = true;
                    }
                }
            }
        }
    }
    if !closed {
        return Err(format!(
            "BEGIN:{} is never closed (truncated?)",
            stack.last().map_or("VCALENDAR", String::as_str)
        ));
    }
    if components == 0 {
        return Err(
            "the calendar has no component (RFC 5545 §3.6 requires at least one)".to_string(),
        );
    }
    if let Some(missing) = tzids_used.difference(&tzids_defined).next() {
        return Err(format!(
            "TZID={missing} is used but the calendar has no VTIMEZONE for it"
        ));
    }
    let events = parse_events(text);
    let mut uids = BTreeSet::new();
    for e in &events {
        if !uids.insert(e.uid.as_str()) {
            return Err(format!("UID {} is used by two events", e.uid));
        }
    }
    Ok(events)
}

#[cfg(test)]
mod tests {
    use super::*;

    const CAL: &str = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VTIMEZONE\r\nTZID:Asia/Shanghai\r\nBEGIN:STANDARD\r\nDTSTART:19700101T000000\r\nTZOFFSETFROM:+0800\r\nTZOFFSETTO:+0800\r\nEND:STANDARD\r\nEND:VTIMEZONE\r\nBEGIN:VEVENT\r\nDTSTAMP:20240101T000000Z\r\nDTSTART;TZID=Asia/Shanghai:20240518T133000\r\nDTEND;TZID=Asia/Shanghai:20240518T153000\r\nLAST-MODIFIED:20240102T030405Z\r\nLOCATION:Hall 1\\, Floor 2\r\nSEQUENCE:3\r\nSUMMARY:A long title that is folded over two lines because it is lon\r\n g\\; really\r\nUID:zh/activities/m1@example.org\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";

    #[test]
    fn lines_are_unfolded_one_at_a_time() {
        let lines: Vec<String> = unfold(" lead\r\nA:1\r\n 2\r\n\r\n\t3\r\nB:x\nC:y\r\n")
            .map(|l| l.into_owned())
            .collect();
        assert_eq!(lines, [" lead", "A:123", "B:x", "C:y"]);
        assert!(matches!(
            unfold("A:1\r\n").next(),
            Some(std::borrow::Cow::Borrowed("A:1"))
        ));
    }

    #[test]
    fn a_calendar_is_checked_and_its_events_read() {
        let events = check_calendar(CAL.as_bytes()).unwrap();
        assert_eq!(events.len(), 1);
        let e = &events[0];
        assert_eq!(e.uid, "zh/activities/m1@example.org");
        assert_eq!(e.sequence, 3);
        assert_eq!(e.fields.start, "TZID=Asia/Shanghai:20240518T133000");
        assert_eq!(
            e.fields.summary,
            "A long title that is folded over two lines because it is long; really"
        );
        assert_eq!(e.fields.location, "Hall 1, Floor 2");
        assert_eq!(
            e.last_modified.map(|d| d.to_rfc3339()).as_deref(),
            Some("2024-01-02T03:04:05+00:00")
        );
    }

    #[test]
    fn every_cut_of_a_calendar_is_refused() {
        for cut in 1..CAL.len() {
            if !CAL.is_char_boundary(cut) {
                continue;
            }
            assert!(
                check_calendar(&CAL.as_bytes()[..cut]).is_err(),
                "cut at {cut} accepted"
            );
        }
    }

    #[test]
    fn structural_faults_are_named() {
        let lf = CAL.replace("\r\n", "\n");
        assert!(check_calendar(lf.as_bytes()).unwrap_err().contains("LF"));
        let no_tz = CAL.replace("TZID:Asia/Shanghai\r\n", "TZID:Europe/Berlin\r\n");
        assert!(check_calendar(no_tz.as_bytes())
            .unwrap_err()
            .contains("Asia/Shanghai"));
        let unbalanced = CAL.replace("END:STANDARD\r\n", "END:DAYLIGHT\r\n");
        assert!(check_calendar(unbalanced.as_bytes())
            .unwrap_err()
            .contains("closes"));
        let control = CAL.replace("VERSION:2.0", "X-C:a\u{1}b");
        assert!(check_calendar(control.as_bytes())
            .unwrap_err()
            .contains("U+0001"));
        let long = CAL.replace("VERSION:2.0", &format!("X-LONG:{}", "x".repeat(80)));
        assert!(check_calendar(long.as_bytes()).unwrap_err().contains("75"));
        let no_uid = CAL.replace("UID:zh/activities/m1@example.org\r\n", "");
        assert!(check_calendar(no_uid.as_bytes())
            .unwrap_err()
            .contains("UID"));
    }

    #[test]
    fn history_keeps_the_highest_sequence() {
        let mut h = EventHistory::default();
        h.add_calendar(CAL);
        h.add_calendar(
            &CAL.replace("SEQUENCE:3", "SEQUENCE:1")
                .replace("Hall 1", "Hall 9"),
        );
        assert_eq!(h.get("zh/activities/m1@example.org").unwrap().sequence, 3);
        assert_eq!(
            h.get("zh/activities/m1@example.org")
                .unwrap()
                .fields
                .location,
            "Hall 1, Floor 2"
        );
    }
}
