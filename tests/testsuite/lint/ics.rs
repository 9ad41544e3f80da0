//! iCalendar (RFC 5545) lint, from the bytes up: line ends, folding, then
//! content lines, components and values.

use std::collections::{BTreeMap, BTreeSet};

use chrono::{Datelike, Duration, NaiveDate, NaiveDateTime, Offset, TimeZone};
use chrono_tz::{OffsetComponents, Tz};

use super::{Problem, Rule};

/// One unfolded content line, parsed.
#[derive(Debug, Clone)]
pub struct Prop {
    /// Upper-cased name.
    pub name: String,
    /// Parameters: upper-cased name, values (quotes removed).
    pub params: Vec<(String, Vec<String>)>,
    /// The raw value (still escaped).
    pub value: String,
    /// Physical line where the content line starts.
    pub line: usize,
}

impl Prop {
    pub fn param(&self, name: &str) -> Option<&str> {
        self.params
            .iter()
            .find(|(n, _)| n == name)
            .and_then(|(_, v)| v.first())
            .map(String::as_str)
    }
}

#[derive(Debug, Clone, Default)]
pub struct Comp {
    pub name: String,
    pub props: Vec<Prop>,
    pub children: Vec<Comp>,
    pub line: usize,
}

impl Comp {
    pub fn props_named<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a Prop> + 'a {
        self.props.iter().filter(move |p| p.name == name)
    }

    pub fn prop(&self, name: &str) -> Option<&Prop> {
        self.props.iter().find(|p| p.name == name)
    }

    /// Every component below this one, depth first.
    pub fn walk(&self) -> Vec<&Comp> {
        let mut out = Vec::new();
        for c in &self.children {
            out.push(c);
            out.extend(c.walk());
        }
        out
    }
}

/// Lints an iCalendar file.
pub fn lint(bytes: &[u8]) -> Vec<Problem> {
    let mut problems = Vec::new();
    let physical = physical_lines(bytes, &mut problems);
    let logical = unfold(&physical, &mut problems);
    let mut props = Vec::new();
    for (line, text) in &logical {
        match parse_content_line(text, *line) {
            Ok(p) => props.push(p),
            Err(why) => problems.push(Problem::new(
                Rule::IcsSyntax,
                *line,
                format!("{why}: {text:?}"),
            )),
        }
    }
    for p in &props {
        check_controls(p, &mut problems);
    }
    let Some(cal) = build_tree(props, &mut problems) else {
        return problems;
    };
    check_calendar(&cal, &mut problems);
    problems.sort_by_key(|p| p.line);
    problems
}

/// Parses an iCalendar file into its VCALENDAR (for tests that read values);
/// `None` when the structure is broken.
pub fn parse(bytes: &[u8]) -> Option<Comp> {
    let mut ignored = Vec::new();
    let physical = physical_lines(bytes, &mut ignored);
    let logical = unfold(&physical, &mut ignored);
    let props = logical
        .iter()
        .filter_map(|(line, text)| parse_content_line(text, *line).ok())
        .collect();
    build_tree(props, &mut ignored)
}

/// Reverses TEXT escaping (`\\`, `\;`, `\,`, `\n`, `\N`).
pub fn unescape_text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('n') | Some('N') => out.push('\n'),
            Some(other) => out.push(other),
            None => out.push('\\'),
        }
    }
    out
}

// ---------------------------------------------------------------- bytes

/// Splits on LF; reports LF without CR, bare CR, long lines, folds that split
/// UTF-8. Returns the physical lines without their CRLF, with line numbers.
fn physical_lines<'a>(bytes: &'a [u8], problems: &mut Vec<Problem>) -> Vec<(usize, &'a [u8])> {
    let mut lines = Vec::new();
    let mut rest = bytes;
    let mut n = 0;
    while !rest.is_empty() {
        n += 1;
        let (line, had_lf) = match rest.iter().position(|&b| b == b'\n') {
            Some(i) => {
                let l = &rest[..i];
                rest = &rest[i + 1..];
                (l, true)
            }
            None => {
                let l = rest;
                rest = &[];
                (l, false)
            }
        };
        let line = match line.strip_suffix(b"\r") {
            Some(l) if had_lf => l,
            _ => {
                let why = if had_lf {
                    "line ends in LF without CR"
                } else {
                    "last line does not end in CRLF"
                };
                problems.push(Problem::new(Rule::IcsCrlf, n, why));
                line.strip_suffix(b"\r").unwrap_or(line)
            }
        };
        if let Some(i) = line.iter().position(|&b| b == b'\r') {
            problems.push(Problem::new(
                Rule::IcsBareCr,
                n,
                format!("CR not followed by LF at octet {}", i + 1),
            ));
        }
        if line.len() > 75 {
            problems.push(Problem::new(
                Rule::IcsLineLength,
                n,
                format!("{} octets (at most 75 without the CRLF)", line.len()),
            ));
        }
        lines.push((n, line));
    }
    for w in lines.windows(2) {
        let ((_, prev), (n, cur)) = (w[0], w[1]);
        if !matches!(cur.first(), Some(b' ') | Some(b'\t')) {
            continue;
        }
        let cont = &cur[1..];
        let prev_cut = matches!(std::str::from_utf8(prev), Err(e) if e.error_len().is_none());
        let cont_cut = matches!(cont.first(), Some(b) if (0x80..0xC0).contains(b));
        if prev_cut || cont_cut {
            problems.push(Problem::new(
                Rule::IcsFoldSplitsUtf8,
                n,
                "the fold before this line splits a UTF-8 sequence (fold between characters)",
            ));
        }
    }
    lines
}

/// Joins folded lines (at the byte level, so split sequences reunite) and
/// decodes them.
fn unfold(physical: &[(usize, &[u8])], problems: &mut Vec<Problem>) -> Vec<(usize, String)> {
    let mut logical: Vec<(usize, Vec<u8>)> = Vec::new();
    for &(n, line) in physical {
        match (line.first(), logical.last_mut()) {
            (Some(b' ') | Some(b'\t'), Some((_, last))) => last.extend_from_slice(&line[1..]),
            _ => logical.push((n, line.to_vec())),
        }
    }
    logical
        .into_iter()
        .map(|(n, bytes)| match String::from_utf8(bytes) {
            Ok(s) => (n, s),
            Err(e) => {
                problems.push(Problem::new(
                    Rule::IcsUtf8,
                    n,
                    format!("not UTF-8: {}", e.utf8_error()),
                ));
                (n, String::from_utf8_lossy(e.as_bytes()).into_owned())
            }
        })
        .collect()
}

fn parse_content_line(text: &str, line: usize) -> Result<Prop, String> {
    let name_end = text.find([';', ':']).ok_or("no `:` in content line")?;
    let name = &text[..name_end];
    if name.is_empty() || !name.chars().all(|c| c.is_ascii_alphanumeric() || c == '-') {
        return Err(format!("bad property name {name:?}"));
    }
    let mut rest = &text[name_end..];
    let mut params = Vec::new();
    while let Some(r) = rest.strip_prefix(';') {
        let eq = r.find('=').ok_or("parameter without `=`")?;
        let pname = &r[..eq];
        if pname.is_empty() || !pname.chars().all(|c| c.is_ascii_alphanumeric() || c == '-') {
            return Err(format!("bad parameter name {pname:?}"));
        }
        let mut r = &r[eq + 1..];
        let mut values = Vec::new();
        loop {
            if let Some(q) = r.strip_prefix('"') {
                let close = q.find('"').ok_or("unclosed quoted parameter value")?;
                values.push(q[..close].to_string());
                r = &q[close + 1..];
            } else {
                let end = r
                    .find([',', ';', ':'])
                    .ok_or("parameter value without `:` after it")?;
                let v = &r[..end];
                if v.contains('"') {
                    return Err("`\"` inside an unquoted parameter value".into());
                }
                values.push(v.to_string());
                r = &r[end..];
            }
            match r.strip_prefix(',') {
                Some(more) => r = more,
                None => break,
            }
        }
        params.push((pname.to_ascii_uppercase(), values));
        rest = r;
    }
    let value = rest
        .strip_prefix(':')
        .ok_or("no `:` after the parameters")?;
    Ok(Prop {
        name: name.to_ascii_uppercase(),
        params,
        value: value.to_string(),
        line,
    })
}

fn check_controls(p: &Prop, problems: &mut Vec<Problem>) {
    let bad: Vec<char> = p
        .value
        .chars()
        .chain(
            p.params
                .iter()
                .flat_map(|(_, v)| v.iter().flat_map(|s| s.chars())),
        )
        .filter(|&c| (c < ' ' && c != '\t' && c != '\r') || c == '\u{7f}')
        .collect();
    if let Some(c) = bad.first() {
        problems.push(Problem::new(
            Rule::IcsControlChar,
            p.line,
            format!(
                "{}: control character U+{:04X} in the value",
                p.name, *c as u32
            ),
        ));
    }
}

fn build_tree(props: Vec<Prop>, problems: &mut Vec<Problem>) -> Option<Comp> {
    let mut stack: Vec<Comp> = Vec::new();
    let mut tops: Vec<Comp> = Vec::new();
    let mut broken = false;
    for p in props {
        match p.name.as_str() {
            "BEGIN" => stack.push(Comp {
                name: p.value.to_ascii_uppercase(),
                line: p.line,
                ..Default::default()
            }),
            "END" => {
                let name = p.value.to_ascii_uppercase();
                match stack.pop() {
                    Some(c) if c.name == name => match stack.last_mut() {
                        Some(parent) => parent.children.push(c),
                        None => tops.push(c),
                    },
                    Some(c) => {
                        problems.push(Problem::new(
                            Rule::IcsStructure,
                            p.line,
                            format!("END:{name} closes BEGIN:{} of line {}", c.name, c.line),
                        ));
                        broken = true;
                    }
                    None => {
                        problems.push(Problem::new(
                            Rule::IcsStructure,
                            p.line,
                            format!("END:{name} without BEGIN"),
                        ));
                        broken = true;
                    }
                }
            }
            _ => match stack.last_mut() {
                Some(c) => c.props.push(p),
                None => {
                    problems.push(Problem::new(
                        Rule::IcsStructure,
                        p.line,
                        format!("{} outside any component", p.name),
                    ));
                    broken = true;
                }
            },
        }
    }
    for c in &stack {
        problems.push(Problem::new(
            Rule::IcsStructure,
            c.line,
            format!("BEGIN:{} never ended", c.name),
        ));
        broken = true;
    }
    if tops.len() != 1 || tops[0].name != "VCALENDAR" {
        let names: Vec<_> = tops.iter().map(|c| c.name.as_str()).collect();
        problems.push(Problem::new(
            Rule::IcsStructure,
            1,
            format!("expected exactly one VCALENDAR, found {names:?}"),
        ));
        return None;
    }
    if broken {
        return None;
    }
    tops.pop()
}

// ---------------------------------------------------------------- values

/// Properties whose value is a DATE or DATE-TIME (list), outside VTIMEZONE.
const DATE_PROPS: &[&str] = &[
    "DTSTART",
    "DTEND",
    "DUE",
    "RECURRENCE-ID",
    "EXDATE",
    "RDATE",
    "DTSTAMP",
    "CREATED",
    "LAST-MODIFIED",
    "COMPLETED",
];
/// Date-times that RFC 5545 requires in UTC.
const UTC_PROPS: &[&str] = &["DTSTAMP", "CREATED", "LAST-MODIFIED", "COMPLETED"];
/// Single-valued TEXT properties.
const TEXT_PROPS: &[&str] = &[
    "SUMMARY",
    "DESCRIPTION",
    "LOCATION",
    "COMMENT",
    "CONTACT",
    "UID",
    "TZNAME",
    "PRODID",
    "NAME",
    "X-WR-CALNAME",
    "X-WR-CALDESC",
    "X-WR-RELCALID",
];
/// Comma-separated lists of TEXT.
const TEXT_LIST_PROPS: &[&str] = &["CATEGORIES", "RESOURCES"];

/// What a date or date-time value is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum When {
    Date(NaiveDate),
    Utc(NaiveDateTime),
    Local(NaiveDateTime),
}

fn check_calendar(cal: &Comp, problems: &mut Vec<Problem>) {
    // VTIMEZONEs: only at the calendar level.
    let mut zones: BTreeMap<String, &Comp> = BTreeMap::new();
    for c in cal.children.iter().filter(|c| c.name == "VTIMEZONE") {
        match c.prop("TZID") {
            Some(tzid) => {
                if zones.insert(tzid.value.clone(), c).is_some() {
                    problems.push(Problem::new(
                        Rule::IcsVtimezone,
                        c.line,
                        format!("VTIMEZONE {} defined twice", tzid.value),
                    ));
                }
            }
            None => problems.push(Problem::new(
                Rule::IcsVtimezone,
                c.line,
                "VTIMEZONE without TZID",
            )),
        }
    }
    for p in &cal.props {
        check_text(p, problems);
        check_refresh(p, problems);
    }
    // Local times used per TZID, for the span and offset checks.
    let mut used: BTreeMap<String, Vec<(usize, NaiveDateTime)>> = BTreeMap::new();
    let mut uids: BTreeMap<String, usize> = BTreeMap::new();
    for comp in cal.walk() {
        for p in &comp.props {
            check_text(p, problems);
        }
        if comp.name == "VTIMEZONE" || is_observance(comp) {
            continue; // Their DTSTARTs are local by definition; checked in check_vtimezone.
        }
        for p in &comp.props {
            check_refresh(p, problems);
            if let Some(tzid) = p.param("TZID") {
                if !zones.contains_key(tzid) {
                    problems.push(Problem::new(
                        Rule::IcsTzidWithoutVtimezone,
                        p.line,
                        format!(
                            "{};TZID={tzid} but no VTIMEZONE with TZID:{tzid} in the calendar",
                            p.name
                        ),
                    ));
                }
            }
            if DATE_PROPS.contains(&p.name.as_str()) {
                for w in date_values(p, problems) {
                    if let (When::Local(t), Some(tzid)) = (w, p.param("TZID")) {
                        used.entry(tzid.to_string()).or_default().push((p.line, t));
                    }
                }
            }
        }
        if matches!(comp.name.as_str(), "VEVENT" | "VTODO" | "VJOURNAL") {
            for (name, rule) in [
                ("UID", Rule::IcsUidCount),
                ("DTSTAMP", Rule::IcsDtstampCount),
            ] {
                let n = comp.props_named(name).count();
                if n != 1 {
                    problems.push(Problem::new(
                        rule,
                        comp.line,
                        format!("{} has {name} {n} times (exactly once)", comp.name),
                    ));
                }
            }
            if let Some(uid) = comp.prop("UID") {
                if comp.prop("RECURRENCE-ID").is_none() {
                    if let Some(first) = uids.insert(uid.value.clone(), uid.line) {
                        problems.push(Problem::new(
                            Rule::IcsUidDuplicate,
                            uid.line,
                            format!("UID {} already used on line {first}", uid.value),
                        ));
                    }
                }
            }
            check_span(comp, problems);
        }
    }
    for (tzid, comp) in &zones {
        check_vtimezone(
            tzid,
            comp,
            used.get(tzid).map(Vec::as_slice).unwrap_or(&[]),
            problems,
        );
    }
}

fn is_observance(c: &Comp) -> bool {
    c.name == "STANDARD" || c.name == "DAYLIGHT"
}

/// Checks and classifies each value of a date property.
fn date_values(p: &Prop, problems: &mut Vec<Problem>) -> Vec<When> {
    let value_type = p.param("VALUE").map(str::to_ascii_uppercase);
    if value_type.as_deref() == Some("PERIOD") {
        return Vec::new();
    }
    let mut out = Vec::new();
    for v in p.value.split(',') {
        let form = |why: String| {
            Problem::new(
                Rule::IcsDateTimeForm,
                p.line,
                format!("{}:{}: {why}", p.name, p.value),
            )
        };
        if value_type.as_deref() == Some("DATE") {
            match parse_date(v) {
                Some(d) if p.param("TZID").is_none() => out.push(When::Date(d)),
                Some(_) => problems.push(form("TZID on a DATE value".into())),
                None => problems.push(form(format!("{v:?} is not a DATE (YYYYMMDD)"))),
            }
            continue;
        }
        if let Some(t) = v.strip_suffix('Z').and_then(parse_date_time) {
            if p.param("TZID").is_some() {
                problems.push(form("TZID on a UTC (`Z`) time".into()));
            }
            out.push(When::Utc(t));
        } else if let Some(t) = parse_date_time(v) {
            if p.param("TZID").is_none() {
                problems.push(Problem::new(
                    Rule::IcsFloating,
                    p.line,
                    format!("{}:{v} is floating (no TZID, no Z); Google reads it as UTC, others as local time", p.name),
                ));
            }
            out.push(When::Local(t));
        } else if v.len() > 15
            && parse_date_time(&v[..15]).is_some()
            && v[15..].starts_with(['+', '-'])
        {
            problems.push(Problem::new(
                Rule::IcsUtcOffsetForm,
                p.line,
                format!(
                    "{}:{v}: a UTC offset is not allowed in a DATE-TIME; write TZID= or UTC with Z",
                    p.name
                ),
            ));
        } else if parse_date(v).is_some() {
            problems.push(form("a DATE value needs ;VALUE=DATE".into()));
        } else {
            problems.push(form(format!(
                "{v:?} is not a DATE-TIME (YYYYMMDDTHHMMSS[Z])"
            )));
        }
        if UTC_PROPS.contains(&p.name.as_str()) && !v.ends_with('Z') {
            problems.push(Problem::new(
                Rule::IcsUtcRequired,
                p.line,
                format!("{}:{v} must be UTC (end in Z)", p.name),
            ));
        }
    }
    out
}

fn parse_date(v: &str) -> Option<NaiveDate> {
    (v.len() == 8 && v.bytes().all(|b| b.is_ascii_digit()))
        .then(|| NaiveDate::parse_from_str(v, "%Y%m%d").ok())
        .flatten()
}

fn parse_date_time(v: &str) -> Option<NaiveDateTime> {
    let ok = v.len() == 15
        && v.as_bytes()[8] == b'T'
        && v.bytes()
            .enumerate()
            .all(|(i, b)| i == 8 || b.is_ascii_digit());
    ok.then(|| NaiveDateTime::parse_from_str(v, "%Y%m%dT%H%M%S").ok())
        .flatten()
}

fn check_span(comp: &Comp, problems: &mut Vec<Problem>) {
    let (Some(start), Some(end)) = (comp.prop("DTSTART"), comp.prop("DTEND")) else {
        return;
    };
    let mut ignored = Vec::new();
    let (s, e) = (
        date_values(start, &mut ignored),
        date_values(end, &mut ignored),
    );
    let (Some(s), Some(e)) = (s.first(), e.first()) else {
        return;
    };
    let order = match (s, e) {
        (When::Date(a), When::Date(b)) => Some(a < b),
        (When::Utc(a), When::Utc(b)) => Some(a < b),
        (When::Local(a), When::Local(b)) if start.param("TZID") == end.param("TZID") => Some(a < b),
        (When::Local(_) | When::Utc(_), When::Local(_) | When::Utc(_)) => None,
        _ => {
            problems.push(Problem::new(
                Rule::IcsEventSpan,
                end.line,
                "DTEND and DTSTART must both be DATE or both DATE-TIME",
            ));
            None
        }
    };
    if order == Some(false) {
        problems.push(Problem::new(
            Rule::IcsEventSpan,
            end.line,
            format!("DTEND {} is not after DTSTART {}", end.value, start.value),
        ));
    }
}

fn check_refresh(p: &Prop, problems: &mut Vec<Problem>) {
    if p.name != "REFRESH-INTERVAL" {
        return;
    }
    if !p
        .param("VALUE")
        .is_some_and(|v| v.eq_ignore_ascii_case("DURATION"))
    {
        problems.push(Problem::new(
            Rule::IcsRefreshInterval,
            p.line,
            "REFRESH-INTERVAL needs ;VALUE=DURATION (RFC 7986)",
        ));
    }
    if !is_duration(&p.value) {
        problems.push(Problem::new(
            Rule::IcsRefreshInterval,
            p.line,
            format!("{:?} is not a DURATION", p.value),
        ));
    }
}

fn is_duration(v: &str) -> bool {
    let re = regex::Regex::new(r"^[+-]?P(\d+W|(\d+D)?(T(\d+H)?(\d+M)?(\d+S)?)?)$")
        .expect("static regex");
    re.is_match(v) && !v.ends_with('P') && !v.ends_with('T')
}

fn check_text(p: &Prop, problems: &mut Vec<Problem>) {
    let list = TEXT_LIST_PROPS.contains(&p.name.as_str());
    if !list && !TEXT_PROPS.contains(&p.name.as_str()) {
        return;
    }
    let mut chars = p.value.chars().peekable();
    let mut col = 0;
    while let Some(c) = chars.next() {
        col += 1;
        let why = match c {
            '\\' => match chars.next() {
                Some('\\' | ';' | ',' | 'n' | 'N') => None,
                Some(other) => Some(format!(
                    "`\\{other}` is not a TEXT escape (only \\\\ \\; \\, \\n)"
                )),
                None => Some("trailing backslash".to_string()),
            },
            ';' => Some("unescaped `;` (write `\\;`)".to_string()),
            ',' if !list => Some("unescaped `,` (write `\\,`)".to_string()),
            _ => None,
        };
        if let Some(why) = why {
            problems.push(Problem::new(
                Rule::IcsTextEscaping,
                p.line,
                format!("{} at character {col}: {why}", p.name),
            ));
            return;
        }
    }
}

// ---------------------------------------------------------------- VTIMEZONE

/// One observance without recurrence: from `onset` (UTC) the offset is `to`.
#[derive(Debug, Clone, Copy)]
struct Observance {
    onset: NaiveDateTime,
    from: i32,
    to: i32,
}

fn parse_offset(v: &str) -> Option<i32> {
    let sign = match v.as_bytes().first()? {
        b'+' => 1,
        b'-' => -1,
        _ => return None,
    };
    let digits = &v[1..];
    if !(digits.len() == 4 || digits.len() == 6) || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let h: i32 = digits[0..2].parse().ok()?;
    let m: i32 = digits[2..4].parse().ok()?;
    let s: i32 = if digits.len() == 6 {
        digits[4..6].parse().ok()?
    } else {
        0
    };
    (m < 60 && s < 60).then_some(sign * (h * 3600 + m * 60 + s))
}

fn check_vtimezone(
    tzid: &str,
    comp: &Comp,
    used: &[(usize, NaiveDateTime)],
    problems: &mut Vec<Problem>,
) {
    let kinds: BTreeSet<&str> = comp.children.iter().map(|c| c.name.as_str()).collect();
    if !kinds.contains("STANDARD") {
        problems.push(Problem::new(
            Rule::IcsVtimezone,
            comp.line,
            format!("VTIMEZONE {tzid} has no STANDARD observance"),
        ));
    }
    let mut observances = Vec::new();
    let mut recurring = false;
    for o in &comp.children {
        if !is_observance(o) {
            problems.push(Problem::new(
                Rule::IcsVtimezone,
                o.line,
                format!("{} inside VTIMEZONE", o.name),
            ));
            continue;
        }
        recurring |= o.prop("RRULE").is_some() || o.prop("RDATE").is_some();
        let onset = o.prop("DTSTART").and_then(|p| parse_date_time(&p.value));
        let from = o.prop("TZOFFSETFROM").and_then(|p| parse_offset(&p.value));
        let to = o.prop("TZOFFSETTO").and_then(|p| parse_offset(&p.value));
        match (onset, from, to) {
            (Some(onset), Some(from), Some(to)) => observances.push(Observance {
                onset: onset - Duration::seconds(from.into()),
                from,
                to,
            }),
            _ => problems.push(Problem::new(
                Rule::IcsVtimezone,
                o.line,
                format!("{} of {tzid} needs DTSTART (local YYYYMMDDTHHMMSS), TZOFFSETFROM and TZOFFSETTO (±HHMM)", o.name),
            )),
        }
    }
    let Ok(tz) = tzid.parse::<Tz>() else {
        return; // Not a tz database name: nothing to compare with.
    };
    if used.is_empty() {
        return;
    }
    let first = used.iter().map(|(_, t)| t.year()).min().unwrap_or(1970);
    let last = used.iter().map(|(_, t)| t.year()).max().unwrap_or(1970);
    if !kinds.contains("DAYLIGHT") {
        if let Some(day) = summer_time_in(tz, first, last) {
            problems.push(Problem::new(
                Rule::IcsVtimezone,
                comp.line,
                format!("VTIMEZONE {tzid} has no DAYLIGHT, but the tz database has summer time on {day} (events span {first}–{last})"),
            ));
        }
    }
    if recurring {
        return; // Observances with RRULE/RDATE are not evaluated here.
    }
    observances.sort_by_key(|o| o.onset);
    for (line, t) in used {
        let Some(file_utc) = vtimezone_to_utc(&observances, *t) else {
            problems.push(Problem::new(
                Rule::IcsVtimezoneOffset,
                *line,
                format!("{t} ({tzid}) is before every observance of the VTIMEZONE: clients guess its offset"),
            ));
            continue;
        };
        let tzdb_utc = tzdb_to_utc(tz, *t);
        if file_utc != tzdb_utc {
            problems.push(Problem::new(
                Rule::IcsVtimezoneOffset,
                *line,
                format!("{t} {tzid} is {tzdb_utc} UTC in the tz database but {file_utc} UTC by the file's VTIMEZONE"),
            ));
        }
    }
}

/// A day in `[first, last]` on which `tz` observes summer time, if any.
fn summer_time_in(tz: Tz, first: i32, last: i32) -> Option<NaiveDate> {
    let mut day = NaiveDate::from_ymd_opt(first, 1, 1)?;
    let end = NaiveDate::from_ymd_opt(last, 12, 31)?;
    while day <= end {
        let noon = day.and_hms_opt(12, 0, 0)?;
        if tz.offset_from_utc_datetime(&noon).dst_offset() != chrono::Duration::zero() {
            return Some(day);
        }
        day += Duration::days(1);
    }
    None
}

/// RFC 5545 §3.3.5: a time in a fold is the first occurrence; a time in a gap
/// is read with the offset before the gap.
pub fn tzdb_to_utc(tz: Tz, t: NaiveDateTime) -> NaiveDateTime {
    match tz.from_local_datetime(&t) {
        chrono::LocalResult::Single(d) => d.naive_utc(),
        chrono::LocalResult::Ambiguous(a, b) => a.naive_utc().min(b.naive_utc()),
        chrono::LocalResult::None => {
            let before = tz
                .offset_from_utc_datetime(&(t - Duration::days(1)))
                .fix()
                .local_minus_utc();
            t - Duration::seconds(before.into())
        }
    }
}

/// The same reading with the file's observances; `None` before the first onset.
fn vtimezone_to_utc(obs: &[Observance], t: NaiveDateTime) -> Option<NaiveDateTime> {
    let valid = |i: usize, off: i32| {
        let utc = t - Duration::seconds(off.into());
        let next = obs.get(i + 1).map(|o| o.onset);
        (utc >= obs[i].onset && next.is_none_or(|n| utc < n)).then_some(utc)
    };
    let candidates: Vec<NaiveDateTime> =
        (0..obs.len()).filter_map(|i| valid(i, obs[i].to)).collect();
    if let Some(first) = candidates.iter().min() {
        return Some(*first);
    }
    // In a gap: the onset of observance i falls between t read with `from` and `to`.
    (0..obs.len()).find_map(|i| {
        let utc = t - Duration::seconds(obs[i].from.into());
        let jump = i64::from(obs[i].to - obs[i].from);
        (jump > 0 && utc >= obs[i].onset && utc < obs[i].onset + Duration::seconds(jump))
            .then_some(utc)
    })
}
