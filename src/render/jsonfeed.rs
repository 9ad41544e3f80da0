//! JSON Feed 1.1 (<https://www.jsonfeed.org/version/1.1/>), beside RSS and Atom.
//!
//! Written with serde rather than a feed crate: the format is a small, fully
//! specified JSON object, and no maintained Rust crate writes 1.1.

use serde::Serialize;

use super::{in_zone, Feed};
use crate::config::Config;
use crate::model::{EventWhen, Post};

#[derive(Serialize)]
struct JsonFeed<'a> {
    version: &'static str,
    title: &'a str,
    home_page_url: &'a str,
    feed_url: &'a str,
    description: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    language: Option<&'a str>,
    items: Vec<Item<'a>>,
}

#[derive(Serialize)]
struct Item<'a> {
    id: &'a str,
    url: &'a str,
    title: &'a str,
    content_html: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    summary: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    image: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    date_published: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    date_modified: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    authors: Vec<Author<'a>>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    tags: Vec<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    language: Option<&'a str>,
    /// JSON Feed extension (`_` prefix per the spec): the event's local times.
    #[serde(rename = "_event", skip_serializing_if = "Option::is_none")]
    event: Option<EventExt>,
}

#[derive(Serialize)]
struct Author<'a> {
    name: &'a str,
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
}

pub fn render(feed: &Feed<'_>, config: &Config) -> Vec<u8> {
    let zone = config.time_zone;
    let items = feed
        .posts
        .iter()
        .map(|p| Item {
            id: &p.url,
            url: &p.url,
            title: &p.title,
            content_html: &p.html,
            summary: p.summary.as_deref(),
            image: p.cover.as_deref(),
            date_published: p.date.map(|d| in_zone(d, zone).to_rfc3339()),
            date_modified: p.updated.map(|d| in_zone(d, zone).to_rfc3339()),
            authors: p.authors.iter().map(|a| Author { name: a }).collect(),
            tags: p
                .categories
                .iter()
                .chain(&p.tags)
                .map(String::as_str)
                .collect(),
            language: Some(p.source.lang.as_str()),
            event: event_ext(p),
        })
        .collect();
    let jf = JsonFeed {
        version: "https://jsonfeed.org/version/1.1",
        title: &feed.title,
        home_page_url: &feed.link,
        feed_url: &feed.self_url,
        description: &feed.description,
        language: feed.language.as_deref(),
        items,
    };
    let mut out = serde_json::to_vec_pretty(&jf).unwrap_or_default();
    out.push(b'\n');
    out
}

fn event_ext(p: &Post) -> Option<EventExt> {
    Some(match p.event.as_ref()?.when.as_ref()? {
        EventWhen::Timed {
            start, end, zone, ..
        } => EventExt {
            start: crate::front_matter::resolve_local(*start, *zone).map(|d| d.to_rfc3339()),
            end: crate::front_matter::resolve_local(*end, *zone).map(|d| d.to_rfc3339()),
            all_day: None,
            time_zone: Some(zone.name().to_string()),
        },
        EventWhen::AllDay { first, last } => EventExt {
            start: Some(first.to_string()),
            end: Some(last.to_string()),
            all_day: Some(true),
            time_zone: None,
        },
    })
}
