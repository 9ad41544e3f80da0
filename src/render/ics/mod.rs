//! iCalendar (RFC 5545) with one VTIMEZONE per zone used, and one VEVENT per
//! [`Occurrence`]: an event that meets more than once publishes each session
//! as an event of its own (its UID is [`crate::model::Post::event_uid`]), which every
//! calendar app shows as it should, where an RRULE would fit only regular
//! series.
//!
//! An event's SEQUENCE and LAST-MODIFIED continue the calendars published
//! before ([`EventHistory`], read back by [`read`]): clients only take an
//! update when SEQUENCE goes up, and the wall clock is never read, so the
//! same posts and the same published calendars give the same bytes.
//!
//! Events are built with the `icalendar` crate, which folds lines at 75
//! octets on character boundaries and escapes TEXT. The calendar frame and the
//! VTIMEZONE are assembled here from the crate's `Property` lines because the
//! crate adds a wall-clock DTSTAMP and a random UID to any component that lacks
//! them — which would make a VTIMEZONE invalid and the output
//! non-deterministic.

pub mod read;

use std::collections::BTreeMap;

use chrono::{DateTime, Datelike, Duration, NaiveDateTime, Utc};
use chrono_tz::Tz;
use icalendar::{Component, Event, EventLike, Property};

use super::{vtimezone, Context, Format};
use crate::config::Config;
use crate::model::{Document, EventWhen, Occurrence};
pub use read::EventHistory;
use read::{CalendarEvent, EventFields};

/// iCalendar.
pub struct Ics;

impl Format for Ics {
    fn render(&self, doc: &Document<'_>, ctx: &Context<'_>) -> Result<Vec<u8>, String> {
        calendar(doc, ctx.config, ctx.history, ctx.today).map(String::into_bytes)
    }

    fn items(&self, doc: &Document<'_>) -> usize {
        doc.events.len()
    }

    fn count(&self, bytes: &[u8]) -> Result<Option<usize>, String> {
        read::check_calendar(bytes).map(|events| Some(events.len()))
    }
}

/// A calendar whose events continue `history`, the calendars published before.
fn calendar(
    doc: &Document<'_>,
    config: &Config,
    history: &EventHistory,
    today: chrono::NaiveDate,
) -> Result<String, String> {
    let mut out = String::with_capacity(4096 + doc.events.len() * 1024);
    let mut line = |key: &str, value: &str| push_property(&mut out, Property::new(key, value));
    line("BEGIN", "VCALENDAR")?;
    line("VERSION", "2.0")?;
    line(
        "PRODID",
        &format!("-//feedcal//feedcal {}//EN", env!("CARGO_PKG_VERSION")),
    )?;
    line("CALSCALE", "GREGORIAN")?;
    line("METHOD", "PUBLISH")?;
    line("X-WR-CALNAME", &doc.title)?;
    line("X-WR-CALDESC", &doc.description)?;
    line("X-WR-TIMEZONE", config.time_zone.name())?;
    // RFC 7986 calendar properties; X-PUBLISHED-TTL is the older name that
    // Outlook and Apple Calendar still read.
    // The crate escapes only the TEXT properties it knows; NAME is newer.
    line("NAME", &escape_list_item(&clean(&doc.title)))?;
    line("DESCRIPTION", &doc.description)?;
    line("URL", &doc.link)?;
    push_property(&mut out, uri_prop("SOURCE", &doc.self_url))?;
    let refresh = iso_duration(config.calendar.refresh_interval);
    let mut p = Property::new("REFRESH-INTERVAL", &refresh);
    p.add_parameter("VALUE", "DURATION");
    push_property(&mut out, p)?;
    push_property(&mut out, Property::new("X-PUBLISHED-TTL", &refresh))?;
    if let Some(color) = &config.calendar.color {
        push_property(&mut out, Property::new("COLOR", color))?;
    }

    // Every zone used, with the span of years its events cover.
    let mut zones: BTreeMap<&str, (Tz, i32, i32)> = BTreeMap::new();
    for occurrence in &doc.events {
        if let EventWhen::Timed {
            start, end, zone, ..
        } = occurrence.when
        {
            let entry = zones
                .entry(zone.name())
                .or_insert((*zone, start.year(), end.year()));
            entry.1 = entry.1.min(start.year());
            entry.2 = entry.2.max(end.year());
        }
    }
    // RFC 5545 §3.4/§3.6: a calendar holds at least one component, and a
    // VTIMEZONE is one. A calendar with no event today (`upcoming.ics` after
    // the last event, a section whose events were all removed) is still
    // written, so that subscriptions keep working and pick up the next
    // event, and it carries the site zone's VTIMEZONE (for the run's year)
    // rather than a VEVENT that is not an event.
    if doc.events.is_empty() {
        let year = today.year();
        zones.insert(config.time_zone.name(), (config.time_zone, year, year));
    }
    for (zone, first, last) in zones.values() {
        for (k, v) in vtimezone::lines(*zone, *first, *last) {
            push_property(&mut out, Property::new(&k, &v))?;
        }
    }
    for occurrence in &doc.events {
        let ev = event(occurrence, config, history)?;
        super::fold::refold_into(&ev, &mut out);
    }
    push_property(&mut out, Property::new("END", "VCALENDAR"))?;
    // RFC 5545 §3.1 allows no control character but HTAB in a value. Text
    // reaches a calendar from many places (a body's `&#1;`, a file name), so
    // the whole calendar is cleaned once here; lines only get shorter, so
    // the folding still holds, and CRLF (the structure) is kept.
    if out.bytes().any(forbidden_in_calendar) {
        out.retain(|c| !c.is_ascii() || !forbidden_in_calendar(c as u8));
    }
    Ok(out)
}

/// A control character RFC 5545 allows nowhere (CR and LF are line ends).
pub(crate) fn forbidden_in_calendar(b: u8) -> bool {
    (b < 0x20 && !matches!(b, b'\t' | b'\r' | b'\n')) || b == 0x7F
}

/// Appends a property, folded. Every piece is folded as it is added: pieces
/// end with CRLF, so this is the folding of the whole calendar without a
/// second copy of it.
fn push_property(out: &mut String, p: Property) -> Result<(), String> {
    let s: String = p
        .try_into()
        .map_err(|e| format!("cannot write a calendar property: {e}"))?;
    super::fold::refold_into(&s, out);
    Ok(())
}

/// One VEVENT, its lines not yet folded.
fn event(
    occurrence: &Occurrence<'_>,
    config: &Config,
    history: &EventHistory,
) -> Result<String, String> {
    let (post, when) = (occurrence.post, occurrence.when);
    let mut ev = Event::new();
    let uid = occurrence.uid(&config.uid_domain);
    ev.uid(&uid);
    let stamp = post
        .updated
        .or(post.date)
        .or_else(|| when.start_instant())
        .unwrap_or(DateTime::UNIX_EPOCH);
    ev.append_property(utc_prop("DTSTAMP", stamp));
    match when {
        EventWhen::Timed {
            start, end, zone, ..
        } => {
            ev.append_property(local_prop("DTSTART", start, *zone));
            ev.append_property(local_prop("DTEND", end, *zone));
        }
        EventWhen::AllDay { first, last } => {
            // DTEND of an all-day event is exclusive: the day after the last.
            let end = last
                .succ_opt()
                .ok_or_else(|| format!("{}: the event ends on the last date there is", post.url))?;
            ev.append_property(date_prop("DTSTART", first.format("%Y%m%d").to_string()));
            ev.append_property(date_prop("DTEND", end.format("%Y%m%d").to_string()));
            ev.append_property(Property::new("TRANSP", "TRANSPARENT"));
        }
    }
    describe(&mut ev, post);
    // The fields compared with the published version are read back from the
    // text about to be written, with the reader that reads the published
    // calendar: both sides are canonicalised by the same code, so an
    // unchanged event can never look changed (which would raise SEQUENCE on
    // every run).
    // An event never published before starts at SEQUENCE 0 whatever its
    // fields: they are only read back for comparison.
    let published = history.get(&uid);
    let fields = match published {
        Some(_) => read::parse_events(&ev.to_string())
            .into_iter()
            .next()
            .map(|e| e.fields)
            .ok_or_else(|| format!("{uid}: the event does not read back"))?,
        None => EventFields::default(),
    };
    let (sequence, modified) = revision(published, &fields, stamp);
    ev.append_property(Property::new("SEQUENCE", sequence.to_string()));
    ev.append_property(utc_prop("LAST-MODIFIED", modified));
    // DTSTAMP follows LAST-MODIFIED: with METHOD:PUBLISH some clients compare
    // DTSTAMP, not SEQUENCE alone, to decide whether to take an update.
    ev.append_property(utc_prop("DTSTAMP", modified));
    let mut text = ev.to_string();
    if let (Some(before), EventWhen::Timed { .. }, false) =
        (config.calendar.reminder, when, post.cancelled)
    {
        text = with_alarm(text, before, &post.title)?;
    }
    Ok(text)
}

/// What the post says about its event: title, description, link, place,
/// categories, status, picture and live stream.
fn describe(ev: &mut Event, post: &crate::model::Post) {
    ev.summary(&clean(&post.title));
    let mut description = String::new();
    if let Some(s) = &post.summary {
        description.push_str(&clean(s));
        description.push_str("\n\n");
    }
    description.push_str(&post.url);
    ev.description(&description);
    ev.append_property(Property::new("URL", &post.url));
    if let Some(loc) = &post.location {
        ev.location(&clean(loc));
    }
    let cats: Vec<String> = post.terms().map(|c| escape_list_item(&clean(c))).collect();
    if !cats.is_empty() {
        ev.append_property(Property::new("CATEGORIES", cats.join(",")));
    }
    ev.append_property(Property::new(
        "STATUS",
        if post.cancelled {
            "CANCELLED"
        } else {
            "CONFIRMED"
        },
    ));
    if let Some(cover) = &post.cover {
        let mut p = uri_prop("IMAGE", cover);
        p.add_parameter("DISPLAY", "BADGE");
        ev.append_property(p);
    }
    if let Some(live) = &post.live_url {
        let mut p = uri_prop("CONFERENCE", live);
        p.add_parameter("FEATURE", "VIDEO");
        p.add_parameter(
            "LABEL",
            if post.source.lang.starts_with("zh") {
                "直播间"
            } else {
                "Live stream"
            },
        );
        ev.append_property(p);
    }
}

/// Adds a VALARM. Spliced in as text: the crate gives any child component a
/// wall-clock DTSTAMP and a random UID, which would break determinism.
fn with_alarm(mut event: String, before: Duration, title: &str) -> Result<String, String> {
    let Some(end) = event.rfind("END:VEVENT") else {
        return Err("a VEVENT without END:VEVENT".to_string());
    };
    let mut alarm = String::new();
    for p in [
        Property::new("BEGIN", "VALARM"),
        Property::new("ACTION", "DISPLAY"),
        Property::new("DESCRIPTION", clean(title)),
        Property::new("TRIGGER", format!("-{}", iso_duration(before))),
        Property::new("END", "VALARM"),
    ] {
        push_property(&mut alarm, p)?;
    }
    event.insert_str(end, &alarm);
    Ok(event)
}

/// A property whose value is a URI (RFC 7986 wants `VALUE=URI` on IMAGE,
/// CONFERENCE and SOURCE).
fn uri_prop(key: &str, uri: &str) -> Property {
    let mut p = Property::new(key, uri);
    p.add_parameter("VALUE", "URI");
    p
}

/// RFC 5545 DURATION: `PT12H`, `P1D`, `PT1H30M`.
pub fn iso_duration(d: Duration) -> String {
    let total = d.num_minutes().max(0);
    let (days, hours, minutes) = (total / 1440, total / 60 % 24, total % 60);
    let mut s = String::from("P");
    if days > 0 {
        s.push_str(&format!("{days}D"));
    }
    if hours > 0 || minutes > 0 || days == 0 {
        s.push('T');
        if hours > 0 {
            s.push_str(&format!("{hours}H"));
        }
        if minutes > 0 || hours == 0 {
            s.push_str(&format!("{minutes}M"));
        }
    }
    s
}

/// SEQUENCE and LAST-MODIFIED of an event, given its published version.
///
/// Unchanged: the published SEQUENCE, and LAST-MODIFIED never moves back.
/// Changed time, title or location: SEQUENCE + 1, and LAST-MODIFIED the
/// post's `lastmod` — or one second after the published one when the author
/// changed the event without touching `lastmod`, so that it still moves
/// forward with the SEQUENCE.
pub fn revision(
    published: Option<&CalendarEvent>,
    fields: &EventFields,
    stamp: DateTime<Utc>,
) -> (u32, DateTime<Utc>) {
    let Some(prev) = published else {
        return (0, stamp);
    };
    let prev_modified = prev.last_modified.unwrap_or(DateTime::UNIX_EPOCH);
    if prev.fields == *fields {
        (prev.sequence, stamp.max(prev_modified))
    } else if stamp > prev_modified {
        (prev.sequence.saturating_add(1), stamp)
    } else {
        let later = prev_modified
            .checked_add_signed(Duration::seconds(1))
            .unwrap_or(prev_modified);
        (prev.sequence.saturating_add(1), later)
    }
}

fn utc_prop(key: &str, t: DateTime<Utc>) -> Property {
    Property::new(key, t.format("%Y%m%dT%H%M%SZ").to_string())
}

fn local_prop(key: &str, t: &NaiveDateTime, zone: Tz) -> Property {
    let mut p = Property::new(key, t.format("%Y%m%dT%H%M%S").to_string());
    p.add_parameter("TZID", zone.name());
    p
}

fn date_prop(key: &str, value: String) -> Property {
    let mut p = Property::new(key, value);
    p.add_parameter("VALUE", "DATE");
    p
}

/// Post text normalised before escaping: CR removed (a CRLF inside a value
/// would end the content line), control characters dropped.
fn clean(s: &str) -> String {
    s.replace("\r\n", "\n")
        .chars()
        .filter(|c| *c == '\n' || !c.is_control())
        .collect()
}

/// CATEGORIES is a list: the crate does not escape it, so each item is
/// escaped here and the items joined with unescaped commas.
fn escape_list_item(s: &str) -> String {
    s.replace('\\', "\\\\")
        .replace(';', "\\;")
        .replace(',', "\\,")
        .replace('\n', "\\n")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{EventDecision, Post};

    fn day(d: u32, h: u32) -> NaiveDateTime {
        chrono::NaiveDate::from_ymd_opt(2024, 10, d)
            .unwrap()
            .and_hms_opt(h, 0, 0)
            .unwrap()
    }

    fn timed(d: u32) -> EventWhen {
        EventWhen::Timed {
            start: day(d, 9),
            end: day(d, 17),
            end_stated: true,
            zone: chrono_tz::Asia::Shanghai,
        }
    }

    fn with_sessions(post: &mut Post, days: &[u32]) {
        let whole = EventWhen::Timed {
            start: day(days[0], 9),
            end: day(*days.last().unwrap(), 17),
            end_stated: true,
            zone: chrono_tz::Asia::Shanghai,
        };
        let sessions = if days.len() > 1 {
            days.iter().map(|d| timed(*d)).collect()
        } else {
            Vec::new()
        };
        post.event = Some(EventDecision {
            when: Some(whole),
            sessions,
            ..EventDecision::default()
        });
    }

    fn render(posts: &[Post], history: &EventHistory) -> String {
        let (config, _) = crate::render::test_posts(0);
        let doc = Document {
            events: posts.iter().flat_map(Post::occurrences).collect(),
            ..crate::render::test_feed(&config, Vec::new())
        };
        let ctx = crate::render::test_context(&config, history);
        let bytes = Ics.render(&doc, &ctx).unwrap();
        assert_eq!(Ics.count(&bytes), Ok(Some(doc.events.len())));
        String::from_utf8(bytes).unwrap()
    }

    /// RFC 5545 §3.6: `component = 1*(eventc / … / timezonec / …)`. A
    /// calendar with no event today is still published (subscriptions keep
    /// working) with the site zone's VTIMEZONE as its one component, and the
    /// self-check refuses a calendar with none.
    #[test]
    fn a_calendar_without_events_still_has_a_component() {
        let empty = render(&[], &EventHistory::default());
        assert_eq!(empty.matches("BEGIN:VEVENT").count(), 0);
        assert_eq!(empty.matches("BEGIN:VTIMEZONE").count(), 1, "{empty}");
        assert!(empty.contains("TZID:Asia/Shanghai\r\n"), "{empty}");
        assert_eq!(read::check_calendar(empty.as_bytes()), Ok(Vec::new()));

        let bare = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//x//x//EN\r\nEND:VCALENDAR\r\n";
        let e = read::check_calendar(bare.as_bytes()).unwrap_err();
        assert!(e.contains("no component"), "{e}");
    }

    /// Each session is a VEVENT; the first keeps the post's UID, so a
    /// one-day event that gains a second day keeps its identity (and its
    /// SEQUENCE goes up, since its end moved); the second is new.
    #[test]
    fn one_event_per_session_and_the_first_keeps_the_post_uid() {
        let (config, mut posts) = crate::render::test_posts(1);
        posts[0].key = "zh/activities/workshop".into();
        with_sessions(&mut posts[0], &[30]);
        let one_day = render(&posts, &EventHistory::default());
        let base = format!("UID:zh/activities/workshop@{}", config.uid_domain);
        assert_eq!(one_day.matches("BEGIN:VEVENT").count(), 1);
        assert!(one_day.contains(&format!("{base}\r\n")), "{one_day}");

        with_sessions(&mut posts[0], &[30, 31]);
        let mut history = EventHistory::default();
        history.add_calendar(&one_day);
        let two_days = render(&posts, &history);
        let events = read::parse_events(&two_days);
        let uids: Vec<&str> = events.iter().map(|e| e.uid.as_str()).collect();
        let domain = &config.uid_domain;
        assert_eq!(
            uids,
            [
                format!("zh/activities/workshop@{domain}"),
                format!("zh/activities/workshop#2@{domain}")
            ]
        );
        assert_eq!(events[0].fields.start, "TZID=Asia/Shanghai:20241030T090000");
        assert_eq!(events[1].fields.start, "TZID=Asia/Shanghai:20241031T090000");
        assert_eq!(
            (events[0].sequence, events[1].sequence),
            (0, 0),
            "the first session's time is the one-day event's: unchanged"
        );
    }

    /// A key holding `#` cannot take the UID of another post's session.
    #[test]
    fn a_key_with_a_hash_never_looks_like_a_session() {
        let (config, posts) = crate::render::test_posts(1);
        let mut post = posts[0].clone();
        post.key = "zh/a#2".into();
        assert_eq!(
            post.event_uid(&config.uid_domain, 1),
            format!("zh/a%232@{}", config.uid_domain)
        );
        post.key = "zh/a".into();
        assert_eq!(
            post.event_uid(&config.uid_domain, 2),
            format!("zh/a#2@{}", config.uid_domain)
        );
    }
}
