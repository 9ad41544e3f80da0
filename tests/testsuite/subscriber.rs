//! What subscribers get beyond one feed and one calendar: per-tag, per-category
//! and per-language feeds and calendars, one .ics per event, JSON Feed,
//! RFC 7986 properties, the upcoming-only calendar. Every file is read back
//! with parsers we did not write (`feed-rs` for RSS, Atom and JSON Feed,
//! `ical` for iCalendar) and compared with the model.

use crate::common;

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::io::BufReader;
use std::path::Path;

use feedcal::config::Config;
use feedcal::model::{EventWhen, Post};
use feedcal::names::unique_names;
use feedcal::site::{load, LoadOptions};
use ical::parser::ical::component::{IcalCalendar, IcalEvent};
use ical::property::Property;

/// The run date `common::build_samples` passes (`--today`).
const TODAY: &str = common::TODAY;

struct Built {
    _tmp: tempfile::TempDir,
    out: std::path::PathBuf,
    config: Config,
    posts: Vec<Post>,
}

fn build() -> Built {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    common::build_samples(&out);
    let config = Config::load(&common::sample_config()).unwrap();
    let site = load(&config, &LoadOptions::from_config(&config));
    Built {
        _tmp: tmp,
        out,
        config,
        posts: site.posts,
    }
}

fn calendar(path: &Path) -> IcalCalendar {
    let bytes = fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let mut p = ical::IcalParser::new(BufReader::new(&bytes[..]));
    let cal = p
        .next()
        .expect("a calendar")
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    assert!(p.next().is_none(), "one calendar per file");
    cal
}

fn prop<'a>(props: &'a [Property], name: &str) -> Option<&'a Property> {
    props.iter().find(|p| p.name == name)
}

fn value(props: &[Property], name: &str) -> Option<String> {
    prop(props, name).and_then(|p| p.value.clone())
}

fn param(p: &Property, name: &str) -> Option<String> {
    p.params
        .as_ref()?
        .iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.join(","))
}

fn uids(cal: &IcalCalendar) -> BTreeSet<String> {
    cal.events
        .iter()
        .filter_map(|e| value(&e.properties, "UID"))
        .collect()
}

fn feed_links(path: &Path) -> BTreeSet<String> {
    let bytes = fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let feed =
        feed_rs::parser::parse(&bytes[..]).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    feed.entries
        .iter()
        .map(|e| e.links[0].href.clone())
        .collect()
}

fn has_time(p: &Post) -> bool {
    p.event.as_ref().is_some_and(|e| e.when.is_some())
}

#[test]
fn tag_and_category_feeds_and_calendars_hold_exactly_their_posts() {
    let b = build();
    let dated: Vec<&Post> = b.posts.iter().filter(|p| p.date.is_some()).collect();
    for (taxonomy, terms_of) in [
        (
            "tags",
            (|p: &Post| p.tags.clone()) as fn(&Post) -> Vec<String>,
        ),
        ("categories", |p: &Post| p.categories.clone()),
    ] {
        let all: BTreeSet<String> = dated.iter().flat_map(|p| terms_of(p)).collect();
        assert!(!all.is_empty());
        let names = unique_names(all.iter().map(String::as_str));
        for term in &all {
            let dir = b.out.join(taxonomy).join(&names[term.as_str()]);
            let members: Vec<&&Post> = dated
                .iter()
                .filter(|p| terms_of(p).contains(term))
                .collect();
            let want: BTreeSet<String> = members.iter().map(|p| p.url.clone()).collect();
            for f in ["rss.xml", "atom.xml", "feed.json"] {
                assert_eq!(feed_links(&dir.join(f)), want, "{taxonomy}/{term}/{f}");
            }
            let want_events: BTreeSet<String> = members
                .iter()
                .filter(|p| has_time(p))
                .map(|p| p.event_uid(&b.config.uid_domain, 1))
                .collect();
            let ics = dir.join("events.ics");
            if want_events.is_empty() && !members.iter().any(|p| p.event.is_some()) {
                assert!(
                    !ics.exists(),
                    "{taxonomy}/{term} has no event posts, so no calendar"
                );
            } else {
                assert_eq!(
                    uids(&calendar(&ics)),
                    want_events,
                    "{taxonomy}/{term}/events.ics"
                );
            }
        }
    }
    // Tag names are file-system and URL safe, whatever the tag text.
    for entry in fs::read_dir(b.out.join("tags")).unwrap() {
        let name = entry.unwrap().file_name().into_string().unwrap();
        assert!(
            !name.is_empty() && !name.contains(['/', '\\', ' ', '.']),
            "{name}"
        );
    }
}

#[test]
fn language_feeds_and_json_feed() {
    let b = build();
    for lang in ["zh", "en"] {
        let want: BTreeSet<String> = b
            .posts
            .iter()
            .filter(|p| p.source.lang == lang && p.date.is_some())
            .map(|p| p.url.clone())
            .collect();
        for f in ["rss.xml", "atom.xml", "feed.json"] {
            assert_eq!(feed_links(&b.out.join(lang).join(f)), want, "{lang}/{f}");
        }
    }
    // JSON Feed, field by field, through feed-rs's JSON Feed reader.
    let bytes = fs::read(b.out.join("feed.json")).unwrap();
    let feed = feed_rs::parser::parse(&bytes[..]).unwrap();
    assert_eq!(feed.feed_type, feed_rs::model::FeedType::JSON);
    let by_url: BTreeMap<&str, &Post> = b.posts.iter().map(|p| (p.url.as_str(), p)).collect();
    for e in &feed.entries {
        let post = by_url[e.links[0].href.as_str()];
        assert_eq!(e.title.as_ref().unwrap().content, post.title);
        assert_eq!(e.published, post.date);
        assert_eq!(e.updated, post.updated);
        // feed-rs trims surrounding whitespace from content.
        assert_eq!(
            e.content.as_ref().and_then(|c| c.body.clone()).as_deref(),
            Some(post.html.trim())
        );
    }
    let v: serde_json::Value = serde_json::from_slice(&bytes).unwrap();
    assert_eq!(v["version"], "https://jsonfeed.org/version/1.1");
}

#[test]
fn one_file_per_event_with_the_same_uid_and_time_as_every_calendar() {
    let b = build();
    let site = calendar(&b.out.join("events.ics"));
    let by_uid: BTreeMap<String, &IcalEvent> = site
        .events
        .iter()
        .map(|e| (value(&e.properties, "UID").unwrap(), e))
        .collect();
    let files: Vec<_> = fs::read_dir(b.out.join("events"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    let timed: Vec<&Post> = b.posts.iter().filter(|p| has_time(p)).collect();
    assert_eq!(files.len(), timed.len(), "one file per event with a time");
    for f in files {
        let cal = calendar(&f);
        assert_eq!(cal.events.len(), 1, "{}", f.display());
        let ev = &cal.events[0];
        let uid = value(&ev.properties, "UID").unwrap();
        let in_site = by_uid
            .get(&uid)
            .unwrap_or_else(|| panic!("{uid} of {} not in events.ics", f.display()));
        for name in ["DTSTART", "DTEND", "SUMMARY", "SEQUENCE", "STATUS"] {
            assert_eq!(
                prop(&ev.properties, name).map(|p| (&p.value, &p.params)),
                prop(&in_site.properties, name).map(|p| (&p.value, &p.params)),
                "{name} of {uid}"
            );
        }
        if let Some(tzid) = prop(&ev.properties, "DTSTART").and_then(|p| param(p, "TZID")) {
            assert!(
                cal.timezones
                    .iter()
                    .any(|tz| value(&tz.properties, "TZID") == Some(tzid.clone())),
                "VTIMEZONE in {}",
                f.display()
            );
        }
    }
}

/// The acceptance test: subscribe to one tag's calendar, add one event
/// from its own file, and the calendar app holds the event once, at one time.
#[test]
fn tag_calendar_and_event_file_import_as_one_event() {
    let b = build();
    let post = b
        .posts
        .iter()
        .find(|p| p.source.slug == "meetup-hangzhou-12")
        .unwrap();
    let names = unique_names(
        b.posts
            .iter()
            .flat_map(|p| p.tags.iter().map(String::as_str)),
    );
    let tag_cal = calendar(&b.out.join("tags").join(&names["Meetup"]).join("events.ics"));
    let one = calendar(&b.out.join("events/zh-activities-meetup-hangzhou-12.ics"));
    // UID → (DTSTART, DTEND) of every copy, as a calendar app merges imports.
    type Copies = Vec<(Option<String>, Option<String>)>;
    let mut merged: BTreeMap<String, Copies> = BTreeMap::new();
    for ev in tag_cal.events.iter().chain(&one.events) {
        merged
            .entry(value(&ev.properties, "UID").unwrap())
            .or_default()
            .push((
                value(&ev.properties, "DTSTART"),
                value(&ev.properties, "DTEND"),
            ));
    }
    let uid = post.event_uid(&b.config.uid_domain, 1);
    let copies = &merged[&uid];
    assert_eq!(copies.len(), 2, "the event is in both files");
    assert_eq!(copies[0], copies[1], "with the same time");
    assert_eq!(copies[0].0.as_deref(), Some("20240518T133000"));
    assert_eq!(
        merged.len(),
        tag_cal.events.len(),
        "importing both adds no second event"
    );
}

#[test]
fn rfc7986_properties_status_alarm_and_conference() {
    let b = build();
    let cal = calendar(&b.out.join("events.ics"));
    let name = value(&cal.properties, "NAME").unwrap();
    assert_eq!(name, b.config.calendar_name);
    assert!(value(&cal.properties, "DESCRIPTION").is_some());
    let refresh = prop(&cal.properties, "REFRESH-INTERVAL").unwrap();
    assert_eq!(param(refresh, "VALUE").as_deref(), Some("DURATION"));
    assert_eq!(refresh.value.as_deref(), Some("PT12H"));
    assert_eq!(
        value(&cal.properties, "X-PUBLISHED-TTL").as_deref(),
        Some("PT12H")
    );
    assert_eq!(value(&cal.properties, "COLOR").as_deref(), Some("#0a66c2"));
    assert_eq!(
        value(&cal.properties, "URL").as_deref(),
        Some(b.config.base_url.as_str())
    );
    let source = prop(&cal.properties, "SOURCE").unwrap();
    assert_eq!(param(source, "VALUE").as_deref(), Some("URI"));

    let by_slug = |slug: &str| {
        let post = b.posts.iter().find(|p| p.source.slug == slug).unwrap();
        let uid = post.event_uid(&b.config.uid_domain, 1);
        cal.events
            .iter()
            .find(|e| value(&e.properties, "UID") == Some(uid.clone()))
            .unwrap()
            .clone()
    };
    let cancelled = by_slug("meetup-shenzhen-13");
    assert_eq!(
        value(&cancelled.properties, "STATUS").as_deref(),
        Some("CANCELLED")
    );
    assert!(
        cancelled.alarms.is_empty(),
        "no reminder for a cancelled event"
    );
    let conf = prop(&cancelled.properties, "CONFERENCE").unwrap();
    assert_eq!(
        conf.value.as_deref(),
        Some("https://live.example.org/meetup-13")
    );
    assert_eq!(param(conf, "VALUE").as_deref(), Some("URI"));
    let image = prop(&cancelled.properties, "IMAGE").unwrap();
    assert_eq!(
        image.value.as_deref(),
        Some("https://community.example.org/activities/meetup-shenzhen-13/poster.png")
    );

    let meetup = by_slug("meetup-hangzhou-12");
    assert_eq!(
        value(&meetup.properties, "STATUS").as_deref(),
        Some("CONFIRMED")
    );
    assert_eq!(meetup.alarms.len(), 1);
    assert_eq!(
        value(&meetup.alarms[0].properties, "TRIGGER").as_deref(),
        Some("-PT1H")
    );
    assert_eq!(
        value(&meetup.alarms[0].properties, "ACTION").as_deref(),
        Some("DISPLAY")
    );
    let all_day = by_slug("open-day-2024");
    assert!(
        all_day.alarms.is_empty(),
        "no timed reminder for an all-day event"
    );
}

#[test]
fn upcoming_calendar_keeps_events_from_n_days_ago_on() {
    let b = build();
    let days = i64::from(b.config.outputs.upcoming_days.unwrap());
    let from: chrono::NaiveDate =
        TODAY.parse::<chrono::NaiveDate>().unwrap() - chrono::Duration::days(days);
    let want: BTreeSet<String> = b
        .posts
        .iter()
        .filter(|p| match p.event.as_ref().and_then(|e| e.when.as_ref()) {
            Some(EventWhen::Timed { end, .. }) => end.date() >= from,
            Some(EventWhen::AllDay { last, .. }) => *last >= from,
            None => false,
        })
        .map(|p| p.event_uid(&b.config.uid_domain, 1))
        .collect();
    let got = uids(&calendar(&b.out.join("upcoming.ics")));
    assert_eq!(got, want);
    assert!(!got.is_empty() && got.len() < uids(&calendar(&b.out.join("events.ics"))).len());
}

#[test]
fn feed_reader_niceties() {
    let b = build();
    let rss = fs::read_to_string(b.out.join("zh/activities/rss.xml")).unwrap();
    assert!(rss.contains("<enclosure url=\"https://community.example.org/activities/meetup-hangzhou-12/cover.jpg\" length=\"0\" type=\"image/jpeg\"/>"), "cover as enclosure");
    let atom = fs::read_to_string(b.out.join("zh/activities/atom.xml")).unwrap();
    assert!(atom.contains("xml:base=\"https://community.example.org/activities/\""));
    assert!(atom.contains("rel=\"enclosure\""));
    let feed = feed_rs::parser::parse(atom.as_bytes()).unwrap();
    for e in &feed.entries {
        if let Some(s) = &e.summary {
            assert!(
                !s.content.contains('\u{FFFD}'),
                "excerpts never cut inside a character"
            );
        }
    }
}
