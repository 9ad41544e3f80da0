//! iCalendar (RFC 5545) with one VTIMEZONE per zone used.
//!
//! An event's SEQUENCE and LAST-MODIFIED come from the calendar published
//! before (see [`render_with`]): clients only take an update when SEQUENCE
//! goes up, and the wall clock is never read, so the same posts and the same
//! published calendar give the same bytes.
//!
//! Events are built with the `icalendar` crate, which folds lines at 75
//! octets on character boundaries and escapes TEXT. The calendar frame and the
//! VTIMEZONE are assembled here from the crate's `Property` lines because the
//! crate adds a wall-clock DTSTAMP and a random UID to any component that lacks
//! them — which would make a VTIMEZONE invalid and the output
//! non-deterministic.

use std::collections::BTreeMap;

use chrono::{DateTime, Datelike, Duration, NaiveDateTime, Utc};
use chrono_tz::Tz;
use icalendar::{Component, Event, EventLike, Property};
use percent_encoding::{utf8_percent_encode, AsciiSet, CONTROLS};

use super::{vtimezone, Feed};
use crate::config::Config;
use crate::front_matter::resolve_local;
use crate::model::{EventWhen, Post};
use crate::readback::{self, EventHistory};

/// Characters kept out of UIDs: some clients choke on spaces and quotes.
const UID_UNSAFE: &AsciiSet = &CONTROLS
    .add(b' ')
    .add(b'"')
    .add(b'<')
    .add(b'>')
    .add(b'\\')
    .add(b'`');

/// The UID of a post's event: `<stable key>@<uid_domain>`.
pub fn uid(post: &Post, config: &Config) -> String {
    format!(
        "{}@{}",
        utf8_percent_encode(&post.key, UID_UNSAFE),
        config.uid_domain
    )
}

/// A calendar as if nothing had been published before (SEQUENCE 0 everywhere).
pub fn render(feed: &Feed<'_>, config: &Config) -> Vec<u8> {
    render_with(feed, config, &EventHistory::default())
}

/// A calendar whose events continue `history`, the calendars published before.
pub fn render_with(feed: &Feed<'_>, config: &Config, history: &EventHistory) -> Vec<u8> {
    let mut out = String::with_capacity(4096 + feed.posts.len() * 1024);
    let mut line = |key: &str, value: &str| push_property(&mut out, Property::new(key, value));
    line("BEGIN", "VCALENDAR");
    line("VERSION", "2.0");
    line(
        "PRODID",
        &format!("-//feedcal//feedcal {}//EN", env!("CARGO_PKG_VERSION")),
    );
    line("CALSCALE", "GREGORIAN");
    line("METHOD", "PUBLISH");
    line("X-WR-CALNAME", &feed.title);
    line("X-WR-CALDESC", &feed.description);
    line("X-WR-TIMEZONE", config.time_zone.name());
    // RFC 7986 calendar properties; X-PUBLISHED-TTL is the older name that
    // Outlook and Apple Calendar still read.
    // The crate escapes only the TEXT properties it knows; NAME is newer.
    line("NAME", &escape_list_item(&clean(&feed.title)));
    line("DESCRIPTION", &feed.description);
    line("URL", &feed.link);
    push_property(&mut out, uri_prop("SOURCE", &feed.self_url));
    let refresh = iso_duration(config.calendar.refresh_interval);
    let mut p = Property::new("REFRESH-INTERVAL", &refresh);
    p.add_parameter("VALUE", "DURATION");
    push_property(&mut out, p);
    push_property(&mut out, Property::new("X-PUBLISHED-TTL", &refresh));
    if let Some(color) = &config.calendar.color {
        push_property(&mut out, Property::new("COLOR", color));
    }

    // Every zone used, with the span of years its events cover.
    let mut zones: BTreeMap<&str, (Tz, i32, i32)> = BTreeMap::new();
    for post in &feed.posts {
        if let Some(EventWhen::Timed {
            start, end, zone, ..
        }) = post.event.as_ref().and_then(|e| e.when.as_ref())
        {
            let entry = zones
                .entry(zone.name())
                .or_insert((*zone, start.year(), end.year()));
            entry.1 = entry.1.min(start.year());
            entry.2 = entry.2.max(end.year());
        }
    }
    for (zone, first, last) in zones.values() {
        for (k, v) in vtimezone::lines(*zone, *first, *last) {
            push_property(&mut out, Property::new(&k, &v));
        }
    }
    for post in &feed.posts {
        if let Some(ev) = event(post, config, history) {
            super::fold::refold_into(&ev, &mut out);
        }
    }
    push_property(&mut out, Property::new("END", "VCALENDAR"));
    out.into_bytes()
}

/// Appends a property, folded. Every piece is folded as it is added: pieces
/// end with CRLF, so this is the folding of the whole calendar without a
/// second copy of it.
fn push_property(out: &mut String, p: Property) {
    let s: String = p.try_into().unwrap_or_default();
    super::fold::refold_into(&s, out);
}

fn event(post: &Post, config: &Config, history: &EventHistory) -> Option<String> {
    let when = post.event.as_ref()?.when.as_ref()?;
    let mut ev = Event::new();
    let uid = uid(post, config);
    ev.uid(&uid);
    let stamp = post
        .updated
        .or(post.date)
        .or_else(|| start_instant(when))
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
            let end = *last + Duration::days(1);
            ev.append_property(date_prop("DTSTART", first.format("%Y%m%d").to_string()));
            ev.append_property(date_prop("DTEND", end.format("%Y%m%d").to_string()));
            ev.append_property(Property::new("TRANSP", "TRANSPARENT"));
        }
    }
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
    // The fields compared with the published version are read back from the
    // text about to be written, with the reader that reads the published
    // calendar: both sides are canonicalised by the same code, so an
    // unchanged event can never look changed (which would raise SEQUENCE on
    // every run).
    // An event never published before starts at SEQUENCE 0 whatever its
    // fields: they are only read back for comparison.
    let published = history.get(&uid);
    let fields = published.map_or_else(readback::EventFields::default, |_| {
        readback::parse_events(&ev.to_string())
            .into_iter()
            .next()
            .map(|e| e.fields)
            .unwrap_or_default()
    });
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
        text = with_alarm(text, before, &post.title);
    }
    Some(text)
}

/// Adds a VALARM. Spliced in as text: the crate gives any child component a
/// wall-clock DTSTAMP and a random UID, which would break determinism.
fn with_alarm(mut event: String, before: Duration, title: &str) -> String {
    let Some(end) = event.rfind("END:VEVENT") else {
        return event;
    };
    let mut alarm = String::new();
    for p in [
        Property::new("BEGIN", "VALARM"),
        Property::new("ACTION", "DISPLAY"),
        Property::new("DESCRIPTION", clean(title)),
        Property::new("TRIGGER", format!("-{}", iso_duration(before))),
        Property::new("END", "VALARM"),
    ] {
        push_property(&mut alarm, p);
    }
    event.insert_str(end, &alarm);
    event
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
    published: Option<&readback::CalendarEvent>,
    fields: &readback::EventFields,
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
        (
            prev.sequence.saturating_add(1),
            prev_modified + Duration::seconds(1),
        )
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

/// The instant an event starts (for DTSTAMP when a post has no date).
fn start_instant(when: &EventWhen) -> Option<DateTime<Utc>> {
    match when {
        EventWhen::Timed { start, zone, .. } => {
            resolve_local(*start, *zone).map(|d| d.with_timezone(&Utc))
        }
        EventWhen::AllDay { first, .. } => first.and_hms_opt(0, 0, 0).map(|d| d.and_utc()),
    }
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
