//! Event times from front matter. Every scalar of the front matter arrives
//! here ([`FrontMatterValue`]); this module decides which keys hold the
//! event, by the config's `[event_keys]` mapping first, then by common names
//! (see [`default_role`]), and reads their values with the prose grammar.
//!
//! Keys are grouped by the block they sit in (the top level, `event:`,
//! `section1:`, one list item): within a block a start and an end combine,
//! and a date and a time combine (`hostDate: 2020-04-22` + `time: 21:00`).
//! The top-level `date` is the publication date on every generator and is
//! never an event date, so a top-level `time` next to it (Hugo themes write
//! `date: 2019-09-10` + `time: "12:00:00"` for the publication) is never
//! paired with it. A zone comes from a `timezone:` key of the block or the
//! top level, or from a comment on the value's own line (`dateStart:
//! 2026-09-01T12:00:00 # UTC!!`); a zone written in the value wins.

use chrono::NaiveDate;

use super::grammar::{read, PDate, Reading};
use super::text::normalize;
use super::zone::ZoneSpec;
use super::{EventKeys, FrontMatterValue, KeyRole};
use crate::model::{Line, Warning, WarningKind};

/// The front matter's reading of the event and where it came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct FmReading {
    pub reading: Reading,
    /// Keys used, in order (`event.start`, `event.end`).
    pub keys: Vec<String>,
    pub line: Option<Line>,
    /// Decisions to warn about (`AmbiguousTime`): a zone taken from the location.
    pub notes: Vec<String>,
    /// Values that contradict each other (`ConflictingTimes`), at their lines.
    pub conflicts: Vec<Warning>,
    /// A time key that writes one day of the day key's days in full (`time:
    /// Sunday 1 February 2026 13.00 - 17.00` under `eventDate: 31 January & 1
    /// February 2026`): the post's slot inside days it names itself.
    pub slot_of_days: bool,
}

/// Everything the front matter says about the event.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct FmFacts {
    /// The event, from the first block that gives a date.
    pub event: Option<FmReading>,
    /// Dated list items (`sessions: [{start: …}, …]`) after the first: the
    /// event meets more than once.
    pub sessions: Vec<FmReading>,
    /// Time-only list items (`agenda: [{time: 13:30-14:00}, …]`), in order:
    /// they bound an event whose day is known but whose hours are not.
    pub agenda: Vec<FmReading>,
    /// Front-matter texts read as prose: (key, text, line).
    pub prose: Vec<(String, String, Option<Line>)>,
    /// A city the location names, when its zone is not the site's:
    /// (zone, city as matched, the location's text).
    pub place: Option<(chrono_tz::Tz, String, String)>,
    /// `all_day: true` (`allDay`, `all-day`, `is_all_day`), at the top level
    /// or in an event block: the event takes whole days whatever hours are
    /// written beside it (a theme's start time is then only a placeholder).
    pub all_day: bool,
}

/// Whether a front-matter value says the event takes whole days.
fn says_all_day(f: &FrontMatterValue) -> bool {
    let mut parts: Vec<&str> = f.key.split('.').collect();
    let Some(last) = parts.pop() else {
        return false;
    };
    let in_place = parts.is_empty()
        || parts.iter().all(|p| {
            let p = squash(p);
            EVENT_BLOCKS.contains(&p.as_str()) || CUSTOM_BLOCKS.contains(&p.as_str())
        });
    in_place
        && matches!(squash(last).as_str(), "allday" | "isallday" | "wholeday")
        && matches!(
            f.text.trim().to_ascii_lowercase().as_str(),
            "true" | "yes" | "1"
        )
}

/// Top-level keys whose text is a summary of the post, read as prose
/// (`abstract: '2024年1月15日 晚 19:00，社区例会'`).
pub(crate) const PROSE_KEYS: [&str; 6] = [
    "description",
    "summary",
    "abstract",
    "teaser",
    "excerpt",
    "subtitle",
];

/// Block names that hold an event (`event: {start, end, date, time}`).
const EVENT_BLOCKS: [&str; 9] = [
    "event",
    "events",
    "meeting",
    "meetup",
    "session",
    "webinar",
    "livestream",
    "live",
    "activity",
];

const START_NAMES: [&str; 16] = [
    "start",
    "starts",
    "startdate",
    "datestart",
    "starttime",
    "timestart",
    "startat",
    "startsat",
    "startdatetime",
    "eventstart",
    "eventstartdate",
    "eventstarttime",
    "begin",
    "begins",
    "beginat",
    "begindate",
];

const END_NAMES: [&str; 14] = [
    "end",
    "ends",
    "enddate",
    "dateend",
    "endtime",
    "timeend",
    "endat",
    "endsat",
    "enddatetime",
    "eventend",
    "eventenddate",
    "eventendtime",
    "finish",
    "finishes",
];

/// Names of a key holding the event's day (and maybe its hours) anywhere.
const DATE_NAMES: [&str; 9] = [
    "eventdate",
    "eventday",
    "eventdatetime",
    "hostdate",
    "meetingdate",
    "meetupdate",
    "sessiondate",
    "livedate",
    "webinardate",
];

/// Names of a key holding the event's hours anywhere.
const TIME_NAMES: [&str; 6] = [
    "eventtime",
    "hosttime",
    "meetingtime",
    "meetuptime",
    "sessiontime",
    "livetime",
];

/// Blocks whose dates are never the event's: the comments a WordPress import
/// leaves in the front matter (`comments: [{author, date, content}]`), a
/// page's change history, its releases.
const NOT_EVENT_BLOCKS: [&str; 12] = [
    "comments",
    "comment",
    "replies",
    "reply",
    "reviews",
    "changelog",
    "changes",
    "history",
    "revisions",
    "versions",
    "releases",
    "updates",
];

/// Blocks of a site's own fields (Zola `[extra]`, Hugo `params:`).
const CUSTOM_BLOCKS: [&str; 2] = ["extra", "params"];

const ZONE_NAMES: [&str; 4] = ["timezone", "tz", "zone", "eventtimezone"];

/// A key name compared without case, `_` or `-` (`date_start`, `dateStart`).
fn squash(s: &str) -> String {
    s.chars()
        .filter(|c| *c != '_' && *c != '-')
        .flat_map(char::to_lowercase)
        .collect()
}

fn is_index(segment: &str) -> bool {
    !segment.is_empty() && segment.bytes().all(|b| b.is_ascii_digit())
}

/// The role a key plays without configuration.
///
/// - Anywhere: `start`/`startDate`/`dateStart`/`start_time`/`begin`… start
///   the event, `end`/`endDate`/`dateEnd`/`finish`… end it,
///   `eventDate`/`event_date`/`hostDate`… give its day (and maybe hours),
///   `eventTime`/`hostTime`… its hours, `timezone`/`tz` its zone; a
///   top-level `event: "…"` is free text.
/// - Inside an event block (`event`, `meeting`, `meetup`, `session`,
///   `webinar`, …): also `date`/`day`/`datetime`/`when` (day), `time`
///   (hours), `from`/`until`/`to`.
/// - Inside any other block or list item: `date`/`time`/`datetime`/`when`
///   are free text (`section1: {time: "2022-06-25 14:00-17:00"}`).
/// - At the top level, `time` gives hours only next to a day key of the top
///   level; the top-level `date` is the publication date, never the event's.
/// - Zola's `[extra]` and Hugo's `params:` count as the top level, except
///   that a `date` there is the event's day.
pub(crate) fn default_role(path: &str) -> Option<KeyRole> {
    let mut parts: Vec<&str> = path.split('.').collect();
    // Zola's `[extra]` and Hugo's `params:` hold a site's own fields: what
    // is in them is read as if written at the top level, except that a
    // `date` there is not the publication date.
    if parts.len() > 1 && CUSTOM_BLOCKS.contains(&squash(parts[0]).as_str()) {
        parts.remove(0);
        if parts.len() == 1 && squash(parts[0]) == "date" {
            return Some(KeyRole::Date);
        }
    }
    let last = squash(parts.last()?);
    let named: Vec<&&str> = parts.iter().filter(|p| !is_index(p)).collect();
    if named[..named.len().saturating_sub(1)]
        .iter()
        .any(|p| NOT_EVENT_BLOCKS.contains(&squash(p).as_str()))
    {
        return None;
    }
    let depth = named.len();
    let parent = parts
        .len()
        .checked_sub(2)
        .map(|i| parts[i])
        .filter(|p| !is_index(p))
        .map(squash);
    let in_event_block = parent.as_deref().is_some_and(|p| EVENT_BLOCKS.contains(&p));
    let l = last.as_str();
    if START_NAMES.contains(&l) {
        return Some(KeyRole::Start);
    }
    if END_NAMES.contains(&l) {
        return Some(KeyRole::End);
    }
    if DATE_NAMES.contains(&l) {
        return Some(KeyRole::Date);
    }
    if TIME_NAMES.contains(&l) {
        return Some(KeyRole::Time);
    }
    if ZONE_NAMES.contains(&l) && (depth == 1 || in_event_block) {
        return Some(KeyRole::Zone);
    }
    if depth == 1 {
        return match l {
            "event" => Some(KeyRole::Text),
            "time" => Some(KeyRole::Time),
            _ => None,
        };
    }
    if in_event_block {
        return match l {
            "date" | "day" | "datetime" | "when" => Some(KeyRole::Date),
            "time" | "hours" => Some(KeyRole::Time),
            "from" => Some(KeyRole::Start),
            "until" | "to" => Some(KeyRole::End),
            _ => None,
        };
    }
    match l {
        "date" | "time" | "datetime" | "when" => Some(KeyRole::Text),
        _ => None,
    }
}

struct Item<'a> {
    fm: &'a FrontMatterValue,
    role: KeyRole,
    /// The block: every path segment but the last.
    block: &'a str,
    reading: Reading,
}

fn block_of(key: &str) -> &str {
    key.rfind('.').map_or("", |p| &key[..p])
}

/// A zone named in a comment (`# UTC!!`, `# Beijing time`).
fn comment_zone(comment: &str) -> Option<ZoneSpec> {
    let r = read(&normalize(comment), false);
    r.zone
}

fn zone_value(text: &str) -> Option<ZoneSpec> {
    if let Ok(tz) = text.trim().parse::<chrono_tz::Tz>() {
        return Some(ZoneSpec::Named(tz));
    }
    comment_zone(text)
}

/// Keys naming where the event is (`location: 'Seattle, WA, USA'`).
const PLACE_NAMES: [&str; 6] = ["location", "place", "city", "venue", "address", "where"];

/// The zone of a city a location names (`Seattle, WA, USA`, `CSV,Conf,v7,
/// Buenos Aires, Argentina`, `上海 · 线下`), from the table of common cities.
pub(crate) fn location_zone(text: &str) -> Option<(chrono_tz::Tz, String)> {
    for (name, tz) in super::zone::ZH_ZONES {
        if text.contains(name) {
            return Some((tz, name.to_string()));
        }
    }
    let words: Vec<String> = text
        .split(|c: char| !c.is_alphabetic())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect();
    for k in 0..words.len() {
        if let Some(pair) = words.get(k + 1).map(|w| format!("{} {w}", words[k])) {
            if let Some(tz) = super::zone::city(&pair) {
                return Some((tz, pair));
            }
        }
        if let Some(tz) = super::zone::city(&words[k]) {
            return Some((tz, words[k].clone()));
        }
    }
    None
}

/// Reads the front matter: which keys hold the event, and what they say.
/// Unreadable values of event keys are reported as `FrontMatterField`
/// warnings and ignored. A time that names no zone, in a post whose
/// location names a city of another zone than the site's, is read in the
/// city's zone, with a note.
pub(crate) fn read_front_matter(
    fields: &[FrontMatterValue],
    keys: &EventKeys,
    site_zone: chrono_tz::Tz,
    warnings: &mut Vec<Warning>,
) -> FmFacts {
    let mut facts = FmFacts::default();
    let mut items: Vec<Item<'_>> = Vec::new();
    let mut zones: Vec<(&str, ZoneSpec)> = Vec::new();
    facts.place = place(fields, site_zone);
    let place_zone = facts.place.as_ref().map(|(tz, _, _)| *tz);
    for f in fields {
        if says_all_day(f) {
            facts.all_day = true;
        }
        if !f.key.contains('.') && PROSE_KEYS.iter().any(|k| f.key.eq_ignore_ascii_case(k)) {
            facts.prose.push((f.key.clone(), f.text.clone(), f.line));
        }
        match read_field(f, fields, keys, place_zone, warnings) {
            Some(Field::Item(it)) => items.push(*it),
            Some(Field::Zone(block, z)) => zones.push((block, z)),
            None => {}
        }
    }
    // A block's zone, else the top level's, for values that name none.
    for it in &mut items {
        let zone = zones
            .iter()
            .find(|(b, _)| *b == it.block)
            .or_else(|| zones.iter().find(|(b, _)| b.is_empty()))
            .map(|(_, z)| z.clone());
        if let Some(z) = zone {
            if it.reading.zone.is_none()
                && it.reading.start.as_ref().is_none_or(|t| t.zone.is_none())
            {
                it.reading.zone = Some(z);
            }
        }
    }
    choose_blocks(&items, keys, &mut facts);
    if let Some(ev) = facts.event.as_mut() {
        end_from_declared_copy(ev, &items, fields, place_zone);
    }
    facts
}

/// A template that copies the end into another key says so in a comment
/// (`date: 2025-09-18T14:00:00 # UTC!! same as dateEnd`). When the end key
/// was then left a copy of the start (no end, see [`combine`]) but the value
/// declared to be the end's copy is another time, the front matter
/// contradicts itself: that value is the end the author meant, and the
/// contradiction is said. Unless it is the start's own instant written in
/// UTC (`dateStart: 14:35` in Buenos Aires beside `date: 17:35 # UTC!!`):
/// then there is still no end.
fn end_from_declared_copy(
    ev: &mut FmReading,
    items: &[Item<'_>],
    fields: &[FrontMatterValue],
    place_zone: Option<chrono_tz::Tz>,
) {
    if ev.reading.end.is_some() || ev.keys.len() != 1 {
        return;
    }
    let Some(start) = items
        .iter()
        .find(|i| i.role == KeyRole::Start && i.fm.key == ev.keys[0])
    else {
        return;
    };
    let Some(end) = items.iter().find(|i| {
        i.role == KeyRole::End && i.block == start.block && i.fm.text.trim() == start.fm.text.trim()
    }) else {
        return;
    };
    let bare = |t: &str| t.trim().trim_matches(['\'', '"']).to_string();
    let declared = format!("same as {}", end.fm.key.to_ascii_lowercase());
    let Some(copy) = fields.iter().find(|o| {
        o.key != end.fm.key
            && o.comment
                .as_deref()
                .is_some_and(|c| c.to_ascii_lowercase().contains(&declared))
            && bare(&o.text) != bare(&end.fm.text)
    }) else {
        return;
    };
    let mut reading = read(&normalize(&copy.text), true);
    let Some(mut t) = reading.start.take() else {
        return;
    };
    ev.conflicts.push(Warning::new(
        WarningKind::ConflictingTimes,
        copy.line,
        format!(
            "`{}: {}` says it is the same as `{}`, but `{}` is `{}`, a copy of `{}`; \
             correct the one that is wrong",
            copy.key, copy.text, end.fm.key, end.fm.key, end.fm.text, start.fm.key
        ),
    ));
    if place_explains(&start.fm.text, copy, place_zone) {
        return;
    }
    let r = &mut ev.reading;
    if t.zone.is_none() {
        t.zone = copy.comment.as_deref().and_then(comment_zone);
    }
    if let Some(d) = reading.first.filter(|d| r.first.as_ref() != Some(d)) {
        r.last = Some(d);
    }
    r.end = Some(t);
    r.next_day = false;
    ev.keys.push(copy.key.clone());
}

/// What one front-matter value is for the event.
enum Field<'a> {
    Item(Box<Item<'a>>),
    /// A zone for the times of a block (`timezone: America/Los_Angeles`).
    Zone(&'a str, ZoneSpec),
}

/// A value's role and reading; unreadable values of event keys are warned.
fn read_field<'a>(
    f: &'a FrontMatterValue,
    fields: &[FrontMatterValue],
    keys: &EventKeys,
    place_zone: Option<chrono_tz::Tz>,
    warnings: &mut Vec<Warning>,
) -> Option<Field<'a>> {
    let configured = keys.role(&f.key);
    let role = configured.or_else(|| default_role(&f.key))?;
    let block = block_of(&f.key);
    match role {
        KeyRole::Ignore => return None,
        KeyRole::Zone => {
            if let Some(z) = zone_value(&f.text) {
                return Some(Field::Zone(block, z));
            }
            if configured.is_some() {
                warnings.push(Warning::new(
                    WarningKind::FrontMatterField,
                    f.line,
                    format!(
                        "`{}: {}` is not a time zone feedcal knows; ignored (write an IANA \
                         name such as Asia/Shanghai, or UTC+8)",
                        f.key, f.text
                    ),
                ));
            }
            return None;
        }
        _ => {}
    }
    let mut reading = read(&normalize(&f.text), true);
    let top_level_time = role == KeyRole::Time && block.is_empty() && configured.is_none();
    let explicit = configured.is_some()
        || block
            .rsplit('.')
            .next()
            .is_some_and(|b| EVENT_BLOCKS.contains(&squash(b).as_str()));
    // `time: / 20 中午及傍晚`: the rest of the days of the date beside it (see
    // `combine`), kept though it holds no clock.
    let continues_date = role == KeyRole::Time && continued_day(&f.text).is_some();
    if reading.is_empty() && !continues_date {
        if explicit || (!top_level_time && role != KeyRole::Text) {
            warnings.push(Warning::new(
                WarningKind::FrontMatterField,
                f.line,
                format!(
                    "`{}: {}` has no date or time feedcal can read; ignored (write e.g. \
                     2024-05-18T14:00:00+08:00)",
                    f.key, f.text
                ),
            ));
        }
        return None;
    }
    // A zone in the comment on this value's line; else on another line whose
    // value is written exactly the same (`date: 2023-09-21T19:30:00 # UTC!!
    // same as dateEnd` beside `dateEnd: '2023-09-21T19:30:00'`).
    // Else on another line holding a time of the same day (`date:
    // '2025-06-24T14:45:00' # UTC!!` beside `dateStart: '2025-06-24T12:00:00'`):
    // a template's note on how all its times are written. Either beats a
    // zone guessed from a `location`, which is often a placeholder.
    // Not when this value read in the location's zone is exactly that other
    // line's instant (`dateEnd: '…14:35:00'`, `date: …17:35:00 # UTC!!`, in
    // Buenos Aires): then this one is the place's wall time, the other its
    // UTC copy.
    let same_day = |o: &FrontMatterValue| {
        let day = |t: &str| {
            t.trim()
                .trim_matches(['\'', '"'])
                .get(..10)
                .map(str::to_string)
        };
        let (a, b) = (day(&o.text), day(&f.text));
        let same = a.is_some()
            && a == b
            && a.as_deref()
                .is_some_and(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").is_ok());
        // Only the times of the event or the page's `date`: a `lastmod: … #
        // UTC` says when the file changed, not how the event is written.
        let about_the_event = o.key.eq_ignore_ascii_case("date")
            || keys.role(&o.key).or_else(|| default_role(&o.key)).is_some();
        same && about_the_event && !place_explains(&f.text, o, place_zone)
    };
    let comment = f.comment.as_deref().and_then(comment_zone).or_else(|| {
        fields
            .iter()
            .filter(|o| o.key != f.key && o.text.trim() == f.text.trim())
            .chain(fields.iter().filter(|o| o.key != f.key && same_day(o)))
            .find_map(|o| o.comment.as_deref().and_then(comment_zone))
    });
    if let Some(z) = comment {
        if let Some(t) = reading.start.as_mut().filter(|t| t.zone.is_none()) {
            t.zone = Some(z.clone());
        }
        if reading.zone.is_none() {
            reading.zone = Some(z);
        }
    }
    Some(Field::Item(Box::new(Item {
        fm: f,
        role,
        block,
        reading,
    })))
}

/// Whether `text`, a wall time of the place `zone`, is the instant `other`
/// writes in UTC (`other` carrying a UTC comment).
fn place_explains(text: &str, other: &FrontMatterValue, zone: Option<chrono_tz::Tz>) -> bool {
    use chrono::TimeZone;
    let naive = |t: &str| {
        chrono::NaiveDateTime::parse_from_str(
            t.trim().trim_matches(['\'', '"']),
            "%Y-%m-%dT%H:%M:%S",
        )
        .ok()
    };
    let utc_comment = other
        .comment
        .as_deref()
        .and_then(comment_zone)
        .is_some_and(|z| z.is_universal());
    match (zone, naive(text), naive(&other.text)) {
        (Some(tz), Some(local), Some(utc)) if utc_comment => tz
            .from_local_datetime(&local)
            .single()
            .is_some_and(|d| d.naive_utc() == utc),
        _ => false,
    }
}

/// A city the front matter's location names, when its zone is not the site's.
fn place(
    fields: &[FrontMatterValue],
    site_zone: chrono_tz::Tz,
) -> Option<(chrono_tz::Tz, String, String)> {
    fields
        .iter()
        .filter(|f| {
            let last = squash(f.key.rsplit('.').next().unwrap_or(&f.key));
            PLACE_NAMES.contains(&last.as_str()) && f.key.split('.').count() <= 2
        })
        .find_map(|f| location_zone(&f.text).map(|(tz, name)| (tz, name, f.text.clone())))
        .filter(|(tz, _, _)| *tz != site_zone)
}

/// The event from the first block that gives a date, tried in order:
/// configured keys, event blocks, the top level (and `[extra]`/`params:`),
/// other blocks; then list items, dated ones as sessions and time-only ones
/// as the agenda.
fn choose_blocks(items: &[Item<'_>], keys: &EventKeys, facts: &mut FmFacts) {
    let mut blocks: Vec<&str> = Vec::new();
    for it in items {
        if !blocks.contains(&it.block) {
            blocks.push(it.block);
        }
    }
    let rank = |b: &str| -> u8 {
        let configured = items
            .iter()
            .any(|i| i.block == b && keys.role(&i.fm.key).is_some());
        let last = b.rsplit('.').next().map(squash).unwrap_or_default();
        if configured {
            0
        } else if EVENT_BLOCKS.contains(&last.as_str()) {
            1
        } else if b.is_empty() || CUSTOM_BLOCKS.contains(&last.as_str()) {
            2
        } else {
            3
        }
    };
    let of_block = |b: &str| -> Vec<&Item<'_>> { items.iter().filter(|i| i.block == b).collect() };
    let (listed, mut plain): (Vec<&str>, Vec<&str>) =
        blocks.into_iter().partition(|b| b.split('.').any(is_index));
    plain.sort_by_key(|b| rank(b));
    for b in plain {
        let Some(mut r) = combine(&of_block(b)) else {
            continue;
        };
        if !r.reading.has_date() {
            continue;
        }
        let zoneless =
            r.reading.zone.is_none() && r.reading.start.as_ref().is_some_and(|t| t.zone.is_none());
        if let (true, Some((tz, name, text))) = (zoneless, facts.place.as_ref()) {
            r.reading.zone = Some(ZoneSpec::Named(*tz));
            r.notes.push(format!(
                "{} names no zone; read in {}, the zone of `{name}` in the location `{text}`",
                r.keys.join(", "),
                tz.name()
            ));
        }
        facts.event = Some(r);
        break;
    }
    for b in listed {
        let Some(r) = combine(&of_block(b)) else {
            continue;
        };
        if r.reading.has_date() {
            if facts.event.is_none() {
                facts.event = Some(r);
            } else {
                facts.sessions.push(r);
            }
        } else if r.reading.has_time() {
            facts.agenda.push(r);
        }
    }
}

/// The day of a time value that continues a date (`/ 20 中午及傍晚`, `- 21`,
/// `至 20 日`): a separator, then a day of the month, then no clock.
fn continued_day(text: &str) -> Option<u32> {
    let t = text.trim();
    let rest = ["/", "-", "–", "~", "～", "至", "到"]
        .iter()
        .find_map(|sep| t.strip_prefix(sep))?
        .trim_start();
    let n = rest.bytes().take_while(u8::is_ascii_digit).count();
    if !(1..=2).contains(&n) || rest[n..].trim_start().starts_with([':', '：', '.']) {
        return None;
    }
    let d: u32 = rest[..n].parse().ok()?;
    (1..=31).contains(&d).then_some(d)
}

/// One block's reading: start (+ end), else a day (+ hours), else free text.
fn combine(items: &[&Item<'_>]) -> Option<FmReading> {
    let start = items.iter().find(|i| i.role == KeyRole::Start);
    let end = items.iter().find(|i| i.role == KeyRole::End);
    let mut out = match start {
        Some(s) => {
            let mut r = s.reading.clone();
            let mut keys = vec![s.fm.key.clone()];
            // An end written the same as the start (`dateEnd` copied from
            // `dateStart`) states no end.
            let end = end.filter(|e| e.fm.text.trim() != s.fm.text.trim());
            if let Some(e) = end {
                keys.push(e.fm.key.clone());
                // An explicit end key wins over a range inside the start value.
                if let Some(d) = e.reading.first.clone() {
                    r.last = Some(d);
                }
                if let Some(mut t) = e.reading.start.clone() {
                    // An end without a zone of its own takes its comment's,
                    // else the start's (see `resolve`).
                    if t.zone.is_none() {
                        t.zone = e.reading.zone.clone();
                    }
                    // And a start without one takes the end's.
                    let start_zoneless =
                        r.zone.is_none() && r.start.as_ref().is_some_and(|s| s.zone.is_none());
                    if start_zoneless {
                        r.zone = t.zone.clone();
                    }
                    r.end = Some(t);
                    r.next_day = false;
                }
            }
            FmReading {
                reading: r,
                keys,
                line: s.fm.line,
                notes: Vec::new(),
                conflicts: Vec::new(),
                slot_of_days: false,
            }
        }
        None => {
            let day = items
                .iter()
                .filter(|i| matches!(i.role, KeyRole::Date | KeyRole::Text))
                .find(|i| i.reading.has_date())
                .or_else(|| {
                    items.iter().find(|i| {
                        matches!(i.role, KeyRole::Date | KeyRole::Text | KeyRole::Time)
                            && !i.reading.is_empty()
                    })
                })?;
            let mut r = day.reading.clone();
            let mut keys = vec![day.fm.key.clone()];
            // `eventDate: 2024-11-11T09:00` with `eventEnd: 2024-11-11T17:00`: a day key
            // with hours takes an end key's time, as a start key does.
            if let (Some(e), true, true) = (end, r.has_time(), r.end.is_none()) {
                if e.fm.text.trim() != day.fm.text.trim() {
                    if let Some(t) = e.reading.start.clone() {
                        if let Some(d) = e.reading.first.clone() {
                            r.last = Some(d);
                        }
                        r.end = Some(t);
                        r.next_day = false;
                        keys.push(e.fm.key.clone());
                    }
                }
            }
            FmReading {
                reading: r,
                keys,
                line: day.fm.line,
                notes: Vec::new(),
                conflicts: Vec::new(),
                slot_of_days: false,
            }
        }
    };
    let mut days_apart = false;
    // `event.date: 2023-11-04` with `event.time: 14:00-18:00`; a top-level
    // `time` only joins a day key of the top level (never the publication `date`).
    // `eventDate: 31 January & 1 February 2026` with `time: Sunday 1 February
    // 2026 13.00 - 17.00`: the time key writes one of those days in full, with
    // hours. The post's part of the conference is that slot.
    if out.reading.has_date() && !out.reading.has_time() {
        let days = |r: &Reading| {
            let f = r.first.as_ref()?;
            let l = r.last.as_ref().unwrap_or(f);
            Some(((f.y, f.m, f.d), (l.y.or(f.y), l.m, l.d)))
        };
        // The days key's every date (`31 January & 1 February 2026` is two).
        let day_text = items
            .iter()
            .find(|i| out.keys.first() == Some(&i.fm.key))
            .map(|i| super::text::normalize(&i.fm.text));
        let named = |m: u32, d: u32| {
            day_text.as_ref().is_some_and(|t| {
                super::grammar::read_groups(t, false)
                    .iter()
                    .filter_map(|g| g.reading.first.as_ref())
                    .any(|f| (f.m, f.d) == (m, d))
            })
        };
        let inside = items.iter().find(|i| {
            !out.keys.contains(&i.fm.key)
                && i.role == KeyRole::Time
                && i.reading.has_time()
                && i.reading.last.is_none()
                && match (days(&out.reading), days(&i.reading)) {
                    (Some((a, b)), Some((c, _))) => {
                        let key = |(y, m, d): (Option<i32>, u32, u32)| (y.unwrap_or(0), m, d);
                        c.0.is_some() && ((key(a) <= key(c) && key(c) <= key(b)) || named(c.1, c.2))
                    }
                    _ => false,
                }
        });
        if let Some(o) = inside {
            let mut keys = out.keys.clone();
            keys.push(o.fm.key.clone());
            out = FmReading {
                reading: o.reading.clone(),
                keys,
                line: o.fm.line,
                notes: Vec::new(),
                conflicts: Vec::new(),
                slot_of_days: true,
            };
        }
    }
    if out.reading.has_date() && !out.reading.has_time() {
        let other = items.iter().find(|i| {
            !out.keys.contains(&i.fm.key)
                && matches!(i.role, KeyRole::Time | KeyRole::Text)
                && i.reading.has_time()
                && !i.reading.has_date()
        });
        if let Some(o) = other {
            let r = &mut out.reading;
            r.start = o.reading.start.clone();
            r.end = o.reading.end.clone();
            r.next_day = o.reading.next_day;
            if r.zone.is_none() {
                r.zone = o.reading.zone.clone();
            }
            out.keys.push(o.fm.key.clone());
        }
    } else if !out.reading.has_date() && out.reading.has_time() {
        let other = items.iter().find(|i| {
            !out.keys.contains(&i.fm.key)
                && matches!(i.role, KeyRole::Date | KeyRole::Text)
                && i.reading.has_date()
                && !i.reading.has_time()
        });
        if let Some(o) = other {
            out.reading.first = o.reading.first.clone();
            // An end key's last day (`end-date: 2024-02-06`) stays.
            if o.reading.last.is_some() {
                out.reading.last = o.reading.last.clone();
            }
            out.keys.push(o.fm.key.clone());
            days_apart = true;
        }
    }
    // `date: 2024-09-19` with `time: / 20 中午及傍晚`: a layout that prints
    // the two side by side (`2024-09-19 / 20 中午及傍晚`), the time key holding
    // the rest of the days, a separator and the last day of the month.
    if out.reading.last.is_none() && !out.reading.has_time() {
        let more = items.iter().find_map(|i| {
            (!out.keys.contains(&i.fm.key) && i.role == KeyRole::Time)
                .then(|| continued_day(&i.fm.text))
                .flatten()
                .map(|d| (i.fm.key.clone(), d))
        });
        if let (Some((key, d)), Some(first)) = (more, out.reading.first.clone()) {
            let real = NaiveDate::from_ymd_opt(first.y.unwrap_or(2000), first.m, d).is_some();
            if d > first.d && real {
                out.reading.last = Some(PDate {
                    d,
                    wd: None,
                    ..first
                });
                out.keys.push(key);
            }
        }
    }
    // Two end keys, one a day and one a time (`end-date`, `to`): the time
    // ends the hours, the day ends the range.
    if out.reading.has_time() && out.reading.end.is_none() {
        let end_time = items.iter().find(|i| {
            i.role == KeyRole::End
                && !out.keys.contains(&i.fm.key)
                && !i.reading.has_date()
                && i.reading.start.is_some()
        });
        if let Some(e) = end_time {
            out.reading.end = e.reading.start.clone();
            out.reading.next_day = false;
            out.keys.push(e.fm.key.clone());
        }
    }
    // `date` + `end-date` with `from: "09:30"` / `to: "13:00"`: days and hours
    // in keys of their own are hours of each day (the layouts print "5
    // February to 6 February - 09:30-13:00"). Not `from: 18:00` / `to: 12:00`
    // over a weekend: a hackathon that runs through the nights, one span.
    let overnight = matches!(
        (out.reading.start.as_ref(), out.reading.end.as_ref()),
        (Some(s), Some(e)) if (e.h, e.m) <= (s.h, s.m)
    );
    if days_apart && out.reading.last.is_some() && !overnight {
        out.reading.daily = true;
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ft(key: &str, text: &str) -> FrontMatterValue {
        FrontMatterValue::new(key, text, Some(3))
    }

    fn facts(fields: &[FrontMatterValue]) -> (FmFacts, Vec<Warning>) {
        let mut w = Vec::new();
        let f = read_front_matter(fields, &EventKeys::default(), chrono_tz::Tz::UTC, &mut w);
        (f, w)
    }

    #[test]
    fn start_and_end() {
        let (f, w) = facts(&[
            ft("event.start", "2023-11-04T14:00:00+08:00"),
            ft("event.end", "2023-11-04T18:00:00+08:00"),
        ]);
        assert!(w.is_empty());
        let r = f.event.expect("reading");
        assert_eq!(r.keys, vec!["event.start", "event.end"]);
        assert!(r.reading.end.as_ref().is_some_and(|t| t.h == 18));
    }

    #[test]
    fn a_time_key_that_continues_the_date() {
        assert_eq!(continued_day("/ 20 中午及傍晚"), Some(20));
        assert_eq!(continued_day("- 21"), Some(21));
        assert_eq!(continued_day("至 20 日"), Some(20));
        assert_eq!(continued_day("19:00-21:00"), None);
        assert_eq!(continued_day("- 9:30"), None);
        assert_eq!(continued_day("/ noon"), None);
    }

    #[test]
    fn days_and_hours_in_keys_of_their_own() {
        // Jekyll course pages: `date`/`end-date` and `from`/`to`, mapped by
        // the config to date, end, start, end.
        let keys = EventKeys::from_config(
            [
                ("date", "date"),
                ("end-date", "end"),
                ("from", "start"),
                ("to", "end"),
            ]
            .into_iter()
            .map(|(k, r)| (k.to_string(), r.to_string())),
            &[],
        )
        .expect("keys");
        let mut w = Vec::new();
        let fields = [
            ft("date", "2024-02-05"),
            ft("end-date", "2024-02-06"),
            ft("from", "09:30"),
            ft("to", "13:00"),
        ];
        let f = read_front_matter(&fields, &keys, chrono_tz::Tz::UTC, &mut w);
        let r = f.event.expect("reading").reading;
        assert_eq!(
            (r.first.as_ref().map(|d| d.d), r.last.as_ref().map(|d| d.d)),
            (Some(5), Some(6))
        );
        assert_eq!(r.start.as_ref().map(|t| (t.h, t.m)), Some((9, 30)));
        assert_eq!(r.end.as_ref().map(|t| (t.h, t.m)), Some((13, 0)));
        assert!(r.daily, "the hours hold on each day");
        // A hackathon from 18:00 on the first day to 12:00 on the last runs
        // through the nights: one span.
        let fields = [
            ft("date", "2024-02-09"),
            ft("end-date", "2024-02-11"),
            ft("from", "18:00"),
            ft("to", "12:00"),
        ];
        let f = read_front_matter(&fields, &keys, chrono_tz::Tz::UTC, &mut w);
        assert!(!f.event.expect("reading").reading.daily);
    }

    #[test]
    fn free_text_and_split_date_time() {
        let (f, _) = facts(&[ft("section1.time", "2023-11-04 14:00-18:00")]);
        assert!(f.event.expect("reading").reading.end.is_some());
        let (f, _) = facts(&[
            ft("event.date", "2023-11-04"),
            ft("event.time", "14:00-18:00"),
        ]);
        let r = f.event.expect("reading");
        assert!(r.reading.has_date() && r.reading.end.is_some());
        assert_eq!(r.keys, vec!["event.date", "event.time"]);
    }

    #[test]
    fn roles_by_name() {
        for (key, role) in [
            ("start", Some(KeyRole::Start)),
            ("startDate", Some(KeyRole::Start)),
            ("dateStart", Some(KeyRole::Start)),
            ("date_start", Some(KeyRole::Start)),
            ("endDate", Some(KeyRole::End)),
            ("dateEnd", Some(KeyRole::End)),
            ("event_date", Some(KeyRole::Date)),
            ("eventDate", Some(KeyRole::Date)),
            ("hostDate", Some(KeyRole::Date)),
            ("event.date", Some(KeyRole::Date)),
            ("event.time", Some(KeyRole::Time)),
            ("meetup.from", Some(KeyRole::Start)),
            ("time", Some(KeyRole::Time)),
            ("timezone", Some(KeyRole::Zone)),
            ("section1.time", Some(KeyRole::Text)),
            ("agenda.0.time", Some(KeyRole::Text)),
            ("date", None),
            ("title", None),
            ("from", None),
            ("resources.0.title", None),
            ("extra.event_date", Some(KeyRole::Date)),
            ("extra.date", Some(KeyRole::Date)),
            ("params.timezone", Some(KeyRole::Zone)),
            ("comments.0.date", None),
            ("comments.3.replies.0.date", None),
            ("history.0.start", None),
        ] {
            assert_eq!(default_role(key), role, "{key}");
        }
    }

    #[test]
    fn publication_date_and_time_are_not_the_event() {
        // Hugo themes write the publication as `date` + `time`.
        let (f, w) = facts(&[ft("date", "2019-09-10"), ft("time", "12:00:00")]);
        assert!(f.event.is_none(), "{f:?}");
        assert!(w.is_empty());
        // A day key of the top level takes the top-level time.
        let (f, _) = facts(&[
            ft("date", "2020-04-01"),
            ft("hostDate", "2020-04-22"),
            ft("time", "21:00"),
        ]);
        let r = f.event.expect("reading");
        assert_eq!(r.keys, vec!["hostDate", "time"]);
        assert_eq!(r.reading.start.as_ref().map(|t| t.h), Some(21));
    }

    #[test]
    fn zone_from_comment_and_timezone_key() {
        let mut start = ft("dateStart", "2026-09-01T12:00:00");
        start.comment = Some("UTC!!".into());
        let (f, _) = facts(&[start]);
        let r = f.event.expect("reading");
        assert!(r.reading.start.as_ref().is_some_and(|t| t.zone.is_some()));
        let (f, _) = facts(&[
            ft("dateStart", "2019-03-27T14:00:00"),
            ft("timezone", "America/Los_Angeles"),
        ]);
        assert_eq!(
            f.event.expect("reading").reading.zone,
            Some(ZoneSpec::Named(chrono_tz::Tz::America__Los_Angeles))
        );
    }

    #[test]
    fn lists_are_sessions_or_agenda() {
        let (f, _) = facts(&[
            ft("agenda.0.time", "13:30-14:00"),
            ft("agenda.0.topic", "Open"),
            ft("agenda.1.time", "16:00-17:00"),
        ]);
        assert!(f.event.is_none());
        assert_eq!(f.agenda.len(), 2);
        let (f, _) = facts(&[
            ft("sessions.0.start", "2024-05-01 10:00"),
            ft("sessions.1.start", "2024-05-02 10:00"),
        ]);
        assert!(f.event.is_some());
        assert_eq!(f.sessions.len(), 1);
    }

    #[test]
    fn configured_roles_win() {
        let keys = EventKeys::from_config([("when_it_is".to_string(), "text".to_string())], &[])
            .expect("keys");
        let mut w = Vec::new();
        let f = read_front_matter(
            &[ft("when_it_is", "2023-11-04 14:00")],
            &keys,
            chrono_tz::Tz::UTC,
            &mut w,
        );
        assert!(f.event.is_some());
        let keys = EventKeys::from_config([("start".to_string(), "ignore".to_string())], &[])
            .expect("keys");
        let f = read_front_matter(
            &[ft("start", "2023-11-04 14:00")],
            &keys,
            chrono_tz::Tz::UTC,
            &mut w,
        );
        assert!(f.event.is_none());
    }

    #[test]
    fn unreadable_values_are_warned() {
        let (f, w) = facts(&[ft("event.start", "soon")]);
        assert!(f.event.is_none());
        assert_eq!(w.len(), 1);
        assert_eq!(w[0].kind, WarningKind::FrontMatterField);
        assert_eq!(w[0].line, Some(3));
        // A free-text key that is not about time is not warned.
        let (_, w) = facts(&[ft("section1.time", "afternoon")]);
        assert!(w.is_empty());
    }

    #[test]
    fn a_location_names_the_zone_of_times_without_one() {
        let (f, _) = facts(&[
            ft("dateStart", "2019-05-22T18:00:00"),
            ft("location", "Seattle, WA, USA"),
        ]);
        let r = f.event.expect("reading");
        assert_eq!(
            r.reading.zone,
            Some(ZoneSpec::Named(chrono_tz::Tz::America__Los_Angeles))
        );
        assert_eq!(r.notes.len(), 1);
        // A zone written in the value, or a location with no known city, wins.
        let (f, _) = facts(&[
            ft("dateStart", "2019-05-22T18:00:00Z"),
            ft("location", "Seattle, WA, USA"),
        ]);
        assert!(f.event.expect("reading").notes.is_empty());
        let (f, _) = facts(&[
            ft("dateStart", "2019-05-22T18:00:00"),
            ft("location", "online"),
        ]);
        assert!(f.event.expect("reading").reading.zone.is_none());
    }

    #[test]
    fn a_comment_on_a_copy_of_the_value_names_its_zone() {
        let mut date = ft("date", "2023-09-21T19:30:00");
        date.comment = Some("UTC!! same as dateEnd".into());
        let (f, _) = facts(&[
            ft("dateStart", "2023-09-16T16:10:00"),
            ft("dateEnd", "2023-09-21T19:30:00"),
            date,
            ft("location", "Chicago"),
        ]);
        let r = f.event.expect("reading");
        // The end is UTC; the start takes the end's zone; the location is
        // not needed.
        assert!(r.reading.end.as_ref().is_some_and(|t| t.zone.is_some()));
        assert!(r.notes.is_empty(), "{:?}", r.notes);
    }

    #[test]
    fn a_zone_comment_on_another_time_of_the_same_day_beats_a_location() {
        // The template's `# UTC!!` sits on `date`, 45 minutes after the end;
        // `location: Paris` is a placeholder of an online event.
        let mut date = ft("date", "'2025-06-24T14:45:00'");
        date.comment = Some("UTC!! same as dateEnd".into());
        let (f, _) = facts(&[
            ft("dateStart", "2025-06-24T12:00:00"),
            ft("dateEnd", "2025-06-24T14:00:00"),
            date,
            ft("location", "Paris, France"),
        ]);
        let r = f.event.expect("reading");
        assert!(matches!(
            r.reading.start.as_ref().and_then(|t| t.zone.as_ref()),
            Some(z) if z.is_universal()
        ));
        assert!(r.notes.is_empty(), "{:?}", r.notes);
        // But when this value, read in the location's zone, is exactly the
        // commented instant, it is the place's wall time and that its UTC copy.
        let mut date = ft("date", "2023-04-20T17:35:00");
        date.comment = Some("UTC!! same as dateEnd".into());
        let (f, _) = facts(&[
            ft("dateStart", "'2023-04-20T14:35:00'"),
            date,
            ft("location", "CSV,Conf,v7, Buenos Aires, Argentina"),
        ]);
        let r = f.event.expect("reading");
        assert!(r.reading.start.as_ref().is_some_and(|t| t.zone.is_none()));
        // Nor does a comment on when the file changed.
        let mut stamp = ft("lastmod", "2025-06-24T23:10:00");
        stamp.comment = Some("UTC".into());
        let (f, _) = facts(&[ft("eventDate", "2025-06-24T19:00:00"), stamp]);
        let r = f.event.expect("reading");
        assert!(r.reading.start.as_ref().is_some_and(|t| t.zone.is_none()));
        // A comment on a time of another day says nothing about this one.
        let mut other = ft("lastmod", "2025-07-01T08:00:00");
        other.comment = Some("UTC".into());
        let (f, _) = facts(&[ft("dateStart", "2025-06-24T12:00:00"), other]);
        let r = f.event.expect("reading");
        assert!(r.reading.start.as_ref().is_some_and(|t| t.zone.is_none()));
    }

    #[test]
    fn an_end_equal_to_the_start_is_no_end() {
        let (f, _) = facts(&[
            ft("dateStart", "2025-12-02T08:00:00"),
            ft("dateEnd", "2025-12-02T08:00:00"),
        ]);
        let r = f.event.expect("reading");
        assert!(r.reading.end.is_none());
        assert_eq!(r.keys, vec!["dateStart"]);
    }

    #[test]
    fn prose_keys_are_collected() {
        let (f, _) = facts(&[
            ft("abstract", "2024年1月15日 晚 19:00，社区例会"),
            ft("title", "x"),
        ]);
        assert_eq!(f.prose.len(), 1);
        assert_eq!(f.prose[0].0, "abstract");
    }
}
