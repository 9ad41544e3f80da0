//! Reading outputs back: the self-check of a staged file before it is
//! published, the item counts the shrink guard compares, and the events of
//! the published calendars that decide each event's SEQUENCE.
//!
//! RSS and Atom are read with the same crates that write them, through a real
//! XML parser (quick-xml): a truncated or malformed file does not parse. The
//! iCalendar check is structural and hand-written, because the `icalendar`
//! crate's parser is an optional feature with its own dependencies and we need
//! only line syntax, nesting and references: CRLF line ends, 75-octet lines,
//! BEGIN/END balance, a VTIMEZONE for every TZID, the required properties of
//! every VEVENT and unique UIDs.

use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::Path;

use chrono::{DateTime, NaiveDateTime, Utc};

use crate::outputs::OutputKind;

/// Checks that `bytes` is a well-formed output of `kind` holding `expected`
/// items or events. Returns why not.
pub fn verify(kind: OutputKind, bytes: &[u8], expected: usize) -> Result<(), String> {
    match count_items(kind, bytes)? {
        Some(found) if found != expected => Err(format!(
            "holds {found} items where {expected} were rendered"
        )),
        _ => Ok(()),
    }
}

/// Items (RSS), entries (Atom) or events (iCalendar) in a file, after checking
/// that it parses; `None` for a format without a reader here, which is only
/// checked to be non-empty UTF-8.
pub fn count_items(kind: OutputKind, bytes: &[u8]) -> Result<Option<usize>, String> {
    if kind == OutputKind::Rss || kind == OutputKind::Atom {
        count_xml_items_in(kind, bytes).map(Some)
    } else if kind == OutputKind::Ics {
        check_calendar(bytes).map(|events| Some(events.len()))
    } else if kind == OutputKind::JsonFeed {
        let v: serde_json::Value =
            serde_json::from_slice(bytes).map_err(|e| format!("not valid JSON: {e}"))?;
        v.get("items")
            .and_then(|i| i.as_array())
            .map(|i| Some(i.len()))
            .ok_or_else(|| "a JSON Feed without an `items` array".to_string())
    } else {
        match std::str::from_utf8(bytes) {
            Err(e) => Err(format!("not UTF-8: {e}")),
            Ok(s) if s.trim().is_empty() => Err("empty".to_string()),
            Ok(_) => Ok(None),
        }
    }
}

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

    /// Reads every published calendar under `out_dir` (`events.ics` and
    /// `<lang>/<section>/events.ics`), so that an event keeps one SEQUENCE in
    /// the site-wide and the section calendar. Symlinks are not followed and
    /// unreadable files are skipped: history only ever raises SEQUENCE.
    pub fn from_dir(out_dir: &Path) -> EventHistory {
        let mut history = EventHistory::default();
        let mut paths = vec![out_dir.join("events.ics")];
        for lang in sorted_dirs(out_dir) {
            for section in sorted_dirs(&lang) {
                paths.push(section.join("events.ics"));
            }
        }
        for p in paths {
            if !is_plain_file(&p) {
                continue;
            }
            if let Ok(bytes) = fs::read(&p) {
                history.add_calendar(&String::from_utf8_lossy(&bytes));
            }
        }
        history
    }
}

fn sorted_dirs(dir: &Path) -> Vec<std::path::PathBuf> {
    let Ok(entries) = fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut dirs: Vec<_> = entries
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_ok_and(|t| t.is_dir()))
        .filter(|e| !e.file_name().to_string_lossy().starts_with('.'))
        .map(|e| e.path())
        .collect();
    dirs.sort();
    dirs
}

/// A regular file, not a symlink to one: the output folder's links are never followed.
pub fn is_plain_file(p: &Path) -> bool {
    fs::symlink_metadata(p).is_ok_and(|m| m.file_type().is_file())
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

/// Items of an RSS or Atom document, read as a stream of XML events: checks
/// that it is well-formed (nesting, end names, nothing cut off) with the right
/// root element, and counts `rss/channel/item` or `feed/entry` — without
/// building the document, so memory stays flat whatever the feed's size.
pub fn count_xml_items<R: std::io::BufRead>(kind: OutputKind, input: R) -> Result<usize, String> {
    let mut reader = quick_xml::Reader::from_reader(input);
    reader.config_mut().check_end_names = true;
    let mut counter = ItemCounter::new(kind);
    let mut buf = Vec::with_capacity(64 * 1024);
    loop {
        let event = reader.read_event_into(&mut buf);
        if !counter.next(event)? {
            return counter.finish();
        }
        buf.clear();
    }
}

/// [`count_xml_items`] of a document in memory: its text is borrowed, never
/// copied, which makes this several times faster than reading a stream.
pub fn count_xml_items_in(kind: OutputKind, doc: &[u8]) -> Result<usize, String> {
    let mut reader = quick_xml::Reader::from_reader(doc);
    reader.config_mut().check_end_names = true;
    let mut counter = ItemCounter::new(kind);
    while counter.next(reader.read_event())? {}
    counter.finish()
}

/// The state of [`count_xml_items`] between events.
struct ItemCounter {
    root: &'static [u8],
    item_depth: usize,
    item: &'static [u8],
    what: &'static str,
    depth: usize,
    count: usize,
    seen_root: bool,
}

impl ItemCounter {
    fn new(kind: OutputKind) -> ItemCounter {
        let (root, item_depth, item, what) = match kind {
            OutputKind::Rss => (&b"rss"[..], 2, &b"item"[..], "RSS"),
            _ => (&b"feed"[..], 1, &b"entry"[..], "Atom"),
        };
        ItemCounter {
            root,
            item_depth,
            item,
            what,
            depth: 0,
            count: 0,
            seen_root: false,
        }
    }

    fn bad(&self, why: &str) -> String {
        format!("not a valid {} document: {why}", self.what)
    }

    /// Takes one event; `Ok(false)` at the end of the document.
    fn next(
        &mut self,
        event: quick_xml::Result<quick_xml::events::Event<'_>>,
    ) -> Result<bool, String> {
        use quick_xml::events::Event;
        match event {
            Ok(Event::Start(e)) => {
                if self.depth == 0 {
                    if self.seen_root || e.local_name().as_ref() != self.root {
                        return Err(self.bad("unexpected root element"));
                    }
                    self.seen_root = true;
                } else if self.depth == self.item_depth && e.local_name().as_ref() == self.item {
                    self.count += 1;
                }
                self.depth += 1;
            }
            Ok(Event::Empty(e)) => {
                if self.depth == 0 {
                    return Err(self.bad("empty root element"));
                }
                if self.depth == self.item_depth && e.local_name().as_ref() == self.item {
                    self.count += 1;
                }
            }
            Ok(Event::End(_)) => self.depth = self.depth.saturating_sub(1),
            Ok(Event::Eof) => return Ok(false),
            Ok(_) => {}
            Err(e) => return Err(self.bad(&e.to_string())),
        }
        Ok(true)
    }

    fn finish(&self) -> Result<usize, String> {
        if !self.seen_root || self.depth != 0 {
            return Err(self.bad("cut short"));
        }
        Ok(self.count)
    }
}

/// [`count_items`] over a file: RSS and Atom streamed through a 1 MB buffer,
/// other formats read whole.
pub fn count_file_items(kind: OutputKind, path: &Path) -> Result<Option<usize>, String> {
    use std::io::Read;
    let file = fs::File::open(path).map_err(|e| e.to_string())?;
    let mut input = std::io::BufReader::with_capacity(1 << 20, file);
    match kind {
        OutputKind::Rss | OutputKind::Atom => count_xml_items(kind, input).map(Some),
        _ => {
            let mut bytes = Vec::new();
            input.read_to_end(&mut bytes).map_err(|e| e.to_string())?;
            count_items(kind, &bytes)
        }
    }
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
        let long = CAL.replace("VERSION:2.0", &format!("X-LONG:{}", "x".repeat(80)));
        assert!(check_calendar(long.as_bytes()).unwrap_err().contains("75"));
        let no_uid = CAL.replace("UID:zh/activities/m1@example.org\r\n", "");
        assert!(check_calendar(no_uid.as_bytes())
            .unwrap_err()
            .contains("UID"));
    }

    #[test]
    fn feeds_that_are_cut_do_not_count() {
        let rss = b"<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>t</title><link>l</link><description>d</description><item><title>a</title></item></channel></rss>";
        assert_eq!(count_items(OutputKind::Rss, rss).unwrap(), Some(1));
        verify(OutputKind::Rss, rss, 1).unwrap();
        assert!(verify(OutputKind::Rss, rss, 2).is_err());
        assert!(count_items(OutputKind::Rss, &rss[..rss.len() - 20]).is_err());
        let atom = b"<?xml version=\"1.0\"?><feed xmlns=\"http://www.w3.org/2005/Atom\"><title>t</title><id>i</id><updated>2024-01-01T00:00:00Z</updated><entry><title>a</title><id>x</id><updated>2024-01-01T00:00:00Z</updated></entry></feed>";
        assert_eq!(count_items(OutputKind::Atom, atom).unwrap(), Some(1));
        assert!(count_items(OutputKind::Atom, &atom[..atom.len() - 10]).is_err());
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
