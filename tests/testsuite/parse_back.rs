//! Every output of the sample site read back with parsers we did not write
//! (`feed-rs` for RSS and Atom, `ical` for iCalendar) and compared, field by
//! field, with the model the library built.

use crate::common;

use std::collections::BTreeMap;
use std::fs;
use std::io::BufReader;

use chrono::{NaiveDateTime, TimeZone};
use feedcal::config::Config;
use feedcal::model::{EventWhen, Post};
use feedcal::site::{load, LoadOptions};

fn model() -> (Config, Vec<Post>) {
    let config = Config::load(&common::sample_config()).unwrap();
    let site = load(&config, &LoadOptions::from_config(&config));
    assert!(site.errors.is_empty(), "{:?}", site.errors);
    (config, site.posts)
}

fn by_url(posts: &[Post]) -> BTreeMap<String, &Post> {
    posts.iter().map(|p| (p.url.clone(), p)).collect()
}

#[test]
fn rss_and_atom_read_back_field_by_field() {
    let tmp = tempfile::tempdir().unwrap();
    common::build_samples(tmp.path());
    let (_config, posts) = model();
    let posts_by_url = by_url(&posts);
    for name in [
        "rss.xml",
        "atom.xml",
        "zh/activities/rss.xml",
        "en/activities/atom.xml",
        "zh/blog/rss.xml",
        "en/blog/atom.xml",
    ] {
        let bytes = fs::read(tmp.path().join(name)).unwrap();
        let feed = feed_rs::parser::parse(&bytes[..]).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert!(!feed.entries.is_empty(), "{name} has entries");
        let mut prev: Option<chrono::DateTime<chrono::Utc>> = None;
        for entry in &feed.entries {
            let link = &entry
                .links
                .first()
                .unwrap_or_else(|| panic!("{name}: entry without link"))
                .href;
            let post = posts_by_url
                .get(link)
                .unwrap_or_else(|| panic!("{name}: {link} is not a post"));
            assert_eq!(
                entry.title.as_ref().unwrap().content,
                post.title,
                "{name} title"
            );
            let published = entry.published.or(entry.updated).unwrap();
            if name.ends_with("rss.xml") {
                assert_eq!(entry.published, post.date, "{name} pubDate of {link}");
                assert_eq!(entry.id, post.url, "{name} guid is the permalink");
            } else {
                assert_eq!(entry.updated, post.updated, "{name} updated of {link}");
                assert!(entry.id.starts_with("urn:uuid:"), "{name} id");
            }
            let mut cats: Vec<String> = entry.categories.iter().map(|c| c.term.clone()).collect();
            cats.sort();
            // RSS lists categories and tags apart (by domain); Atom lists each term once.
            let mut want: Vec<String> = if name.ends_with("rss.xml") {
                post.categories.iter().chain(&post.tags).cloned().collect()
            } else {
                post.terms().map(String::from).collect()
            };
            want.sort();
            assert_eq!(cats, want, "{name} categories of {link}");
            let content = entry
                .content
                .as_ref()
                .and_then(|c| c.body.clone())
                .unwrap_or_default();
            assert!(!content.is_empty(), "{name}: {link} has content");
            assert!(
                !content.contains("src=\"startup.png\"") && !content.contains("href=\"/docs"),
                "{name}: relative URL left in {link}"
            );
            // Newest first.
            if let Some(p) = prev {
                assert!(published <= p, "{name} is ordered newest first");
            }
            prev = Some(published);
        }
    }
}

fn prop<'a>(
    props: &'a [ical::property::Property],
    name: &str,
) -> Option<&'a ical::property::Property> {
    props.iter().find(|p| p.name == name)
}

fn param(p: &ical::property::Property, name: &str) -> Option<String> {
    p.params
        .as_ref()?
        .iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.join(","))
}

/// RFC 5545 TEXT unescaping, for comparing SUMMARY with the model.
fn unescape(s: &str) -> String {
    let mut out = String::new();
    let mut chars = s.chars();
    while let Some(c) = chars.next() {
        if c == '\\' {
            match chars.next() {
                Some('n') | Some('N') => out.push('\n'),
                Some(o) => out.push(o),
                None => {}
            }
        } else {
            out.push(c);
        }
    }
    out
}

#[test]
fn calendar_reads_back_with_the_right_instants() {
    let tmp = tempfile::tempdir().unwrap();
    common::build_samples(tmp.path());
    let (config, posts) = model();
    let with_time: Vec<&Post> = posts
        .iter()
        .filter(|p| p.event.as_ref().is_some_and(|e| e.when.is_some()))
        .collect();
    let bytes = fs::read(tmp.path().join("events.ics")).unwrap();
    let mut parser = ical::IcalParser::new(BufReader::new(&bytes[..]));
    let cal = parser.next().expect("one calendar").expect("parses");
    assert!(parser.next().is_none());
    assert_eq!(
        cal.events.len(),
        with_time.len(),
        "every timed or all-day event post is in the calendar"
    );
    let tzids: Vec<String> = cal
        .timezones
        .iter()
        .filter_map(|tz| prop(&tz.properties, "TZID").and_then(|p| p.value.clone()))
        .collect();
    for ev in &cal.events {
        let url = prop(&ev.properties, "URL")
            .and_then(|p| p.value.clone())
            .expect("URL");
        let post = with_time
            .iter()
            .find(|p| p.url == url)
            .unwrap_or_else(|| panic!("{url} not a post"));
        let summary = prop(&ev.properties, "SUMMARY")
            .and_then(|p| p.value.clone())
            .unwrap();
        assert_eq!(unescape(&summary), post.title);
        let uid = prop(&ev.properties, "UID")
            .and_then(|p| p.value.clone())
            .unwrap();
        assert_eq!(uid, post.event_uid(&config.uid_domain, 1));
        let stamp = prop(&ev.properties, "DTSTAMP")
            .and_then(|p| p.value.clone())
            .unwrap();
        assert!(stamp.ends_with('Z'), "DTSTAMP in UTC");
        let start = prop(&ev.properties, "DTSTART").unwrap();
        let end = prop(&ev.properties, "DTEND").unwrap();
        match post.event.as_ref().unwrap().when.as_ref().unwrap() {
            EventWhen::Timed {
                start: s,
                end: e,
                zone,
                ..
            } => {
                let tzid = param(start, "TZID").expect("TZID on DTSTART");
                assert!(tzids.contains(&tzid), "VTIMEZONE for {tzid}");
                let tz: chrono_tz::Tz = tzid.parse().unwrap();
                assert_eq!(tz, *zone);
                let parse = |v: &str| NaiveDateTime::parse_from_str(v, "%Y%m%dT%H%M%S").unwrap();
                let got_start = tz
                    .from_local_datetime(&parse(start.value.as_ref().unwrap()))
                    .unwrap();
                let want_start = zone.from_local_datetime(s).unwrap();
                assert_eq!(got_start, want_start, "{url} start");
                let got_end = tz
                    .from_local_datetime(&parse(end.value.as_ref().unwrap()))
                    .unwrap();
                assert_eq!(got_end, zone.from_local_datetime(e).unwrap(), "{url} end");
            }
            EventWhen::AllDay { first, last } => {
                assert_eq!(param(start, "VALUE").as_deref(), Some("DATE"));
                assert_eq!(
                    start.value.as_deref(),
                    Some(first.format("%Y%m%d").to_string().as_str())
                );
                let excl = *last + chrono::Duration::days(1);
                assert_eq!(
                    end.value.as_deref(),
                    Some(excl.format("%Y%m%d").to_string().as_str()),
                    "exclusive DTEND"
                );
            }
        }
    }
}

/// 1988-07-01 19:00 in Shanghai was UTC+9 (summer time 1986–1991): the
/// calendar must carry a DAYLIGHT observance that says so.
#[test]
fn summer_time_event_has_daylight_observance() {
    let tmp = tempfile::tempdir().unwrap();
    common::build_samples(tmp.path());
    let text = fs::read_to_string(tmp.path().join("zh/activities/events.ics")).unwrap();
    if !text.contains("DTSTART;TZID=Asia/Shanghai:19880701T190000") {
        panic!("the 1988 sample event is not in the calendar:\n{text}");
    }
    let daylight = text
        .split("BEGIN:DAYLIGHT")
        .nth(1)
        .expect("a DAYLIGHT observance");
    assert!(daylight.contains("TZOFFSETTO:+0900"));
    assert!(daylight.contains("DTSTART:19880417T020000"));
}
