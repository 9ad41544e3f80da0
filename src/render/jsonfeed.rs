//! JSON Feed 1.1 (<https://www.jsonfeed.org/version/1.1/>), beside RSS and Atom.
//!
//! Written with serde rather than a feed crate: the format is a small, fully
//! specified JSON object, and no maintained Rust crate writes 1.1.

use std::borrow::Cow;

use serde::Serialize;

use super::xml::clean as c;
use super::{in_zone, Context, Format};
use crate::model::{resolve_local, Document, EventWhen, Post};

/// JSON Feed 1.1, written with serde.
pub struct JsonFeed;

impl Format for JsonFeed {
    fn render(&self, doc: &Document<'_>, ctx: &Context<'_>) -> Result<Vec<u8>, String> {
        let zone = ctx.config.time_zone;
        let object = FeedObject {
            version: "https://jsonfeed.org/version/1.1",
            title: c(&doc.title),
            home_page_url: c(&doc.link),
            feed_url: c(&doc.self_url),
            description: c(&doc.description),
            language: doc.language.as_deref(),
            items: doc.posts.iter().map(|p| item(p, zone)).collect(),
        };
        let mut out = serde_json::to_vec_pretty(&object)
            .map_err(|e| format!("cannot write JSON Feed: {e}"))?;
        out.push(b'\n');
        Ok(out)
    }

    fn items(&self, doc: &Document<'_>) -> usize {
        doc.posts.len()
    }

    fn count(&self, bytes: &[u8]) -> Result<Option<usize>, String> {
        let v: serde_json::Value =
            serde_json::from_slice(bytes).map_err(|e| format!("not valid JSON: {e}"))?;
        // Valid JSON may escape any character, but a reader that puts the
        // text in XML or HTML chokes on those XML forbids.
        if let Some(at) = forbidden_string(&v) {
            return Err(format!("a string at {at} holds a character XML forbids"));
        }
        v.get("items")
            .and_then(|i| i.as_array())
            .map(|i| Some(i.len()))
            .ok_or_else(|| "a JSON Feed without an `items` array".to_string())
    }
}

/// Where in `v` a string holds a character XML forbids, as a JSON pointer.
fn forbidden_string(v: &serde_json::Value) -> Option<String> {
    use serde_json::Value;
    match v {
        Value::String(s) => s
            .chars()
            .any(super::xml::forbidden_in_xml)
            .then(String::new),
        Value::Array(a) => a
            .iter()
            .enumerate()
            .find_map(|(i, v)| forbidden_string(v).map(|p| format!("/{i}{p}"))),
        Value::Object(o) => o
            .iter()
            .find_map(|(k, v)| forbidden_string(v).map(|p| format!("/{k}{p}"))),
        _ => None,
    }
}

#[derive(Serialize)]
struct FeedObject<'a> {
    version: &'static str,
    title: Cow<'a, str>,
    home_page_url: Cow<'a, str>,
    feed_url: Cow<'a, str>,
    description: Cow<'a, str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    language: Option<&'a str>,
    items: Vec<Item<'a>>,
}

#[derive(Serialize)]
struct Item<'a> {
    id: Cow<'a, str>,
    url: Cow<'a, str>,
    title: Cow<'a, str>,
    content_html: Cow<'a, str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    summary: Option<Cow<'a, str>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    image: Option<Cow<'a, str>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    date_published: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    date_modified: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    authors: Vec<Author<'a>>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    tags: Vec<Cow<'a, str>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    language: Option<&'a str>,
    /// JSON Feed extension (`_` prefix per the spec): the event's local times.
    #[serde(rename = "_event", skip_serializing_if = "Option::is_none")]
    event: Option<EventExt>,
}

#[derive(Serialize)]
struct Author<'a> {
    name: Cow<'a, str>,
}

#[derive(Serialize)]
struct EventExt {
    #[serde(skip_serializing_if = "Option::is_none")]
    start: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    end: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    all_day: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    time_zone: Option<String>,
    /// For an event that meets more than once, each meeting; the fields
    /// above then span from the first meeting's start to the last one's end.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    sessions: Vec<EventExt>,
}

fn item(p: &Post, zone: chrono_tz::Tz) -> Item<'_> {
    Item {
        // The identity RSS gives the post too (see `Post::guid`).
        id: c(p.guid().0),
        url: c(&p.url),
        title: c(&p.title),
        content_html: c(&p.html),
        summary: p.summary.as_deref().map(c),
        image: p.cover.as_deref().map(c),
        date_published: p.date.map(|d| in_zone(d, zone).to_rfc3339()),
        date_modified: p.updated.map(|d| in_zone(d, zone).to_rfc3339()),
        authors: p.authors.iter().map(|a| Author { name: c(a) }).collect(),
        tags: p.categories.iter().chain(&p.tags).map(|t| c(t)).collect(),
        language: Some(p.source.lang.as_str()),
        event: event_ext(p),
    }
}

fn event_ext(p: &Post) -> Option<EventExt> {
    let decision = p.event.as_ref()?;
    let mut ext = span(decision.when.as_ref()?);
    ext.sessions = decision.sessions.iter().map(span).collect();
    Some(ext)
}

/// One span of time: instants with their offset for a timed event, dates for an all-day one.
fn span(when: &EventWhen) -> EventExt {
    match when {
        EventWhen::Timed {
            start, end, zone, ..
        } => EventExt {
            start: resolve_local(*start, *zone).map(|d| d.to_rfc3339()),
            end: resolve_local(*end, *zone).map(|d| d.to_rfc3339()),
            all_day: None,
            time_zone: Some(zone.name().to_string()),
            sessions: Vec::new(),
        },
        EventWhen::AllDay { first, last } => EventExt {
            start: Some(first.to_string()),
            end: Some(last.to_string()),
            all_day: Some(true),
            time_zone: None,
            sessions: Vec::new(),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::EventDecision;

    fn timed(day: u32, from: u32, to: u32) -> EventWhen {
        let d = chrono::NaiveDate::from_ymd_opt(2024, 10, day).unwrap();
        EventWhen::Timed {
            start: d.and_hms_opt(from, 0, 0).unwrap(),
            end: d.and_hms_opt(to, 0, 0).unwrap(),
            end_stated: true,
            zone: chrono_tz::Asia::Shanghai,
        }
    }

    /// A pinned `uid:` is the item's id, as it is RSS's guid: it survives a
    /// URL change. An event that meets twice lists both meetings.
    #[test]
    fn ids_follow_the_identity_rule_and_sessions_are_listed() {
        let (config, mut posts) = crate::render::test_posts(2);
        posts[0].key = "meetups/2024-hangzhou".into();
        posts[0].key_pinned = true;
        posts[1].event = Some(EventDecision {
            when: Some(EventWhen::Timed {
                start: timed(30, 9, 17).start(),
                end: timed(31, 9, 17).start() + chrono::Duration::hours(8),
                end_stated: true,
                zone: chrono_tz::Asia::Shanghai,
            }),
            sessions: vec![timed(30, 9, 17), timed(31, 9, 17)],
            ..EventDecision::default()
        });
        let feed = crate::render::test_feed(&config, posts.iter().collect());
        let history = crate::render::ics::EventHistory::default();
        let ctx = crate::render::test_context(&config, &history);
        let bytes = JsonFeed.render(&feed, &ctx).unwrap();
        assert_eq!(JsonFeed.count(&bytes), Ok(Some(2)));
        let v: serde_json::Value = serde_json::from_slice(&bytes).unwrap();
        assert_eq!(v["items"][0]["id"], "meetups/2024-hangzhou");
        assert_eq!(v["items"][1]["id"], posts[1].url.as_str());
        let sessions = v["items"][1]["_event"]["sessions"].as_array().unwrap();
        assert_eq!(sessions.len(), 2);
        assert_eq!(sessions[1]["start"], "2024-10-31T09:00:00+08:00");
        assert_eq!(v["items"][1]["_event"]["end"], "2024-10-31T17:00:00+08:00");
    }
}
