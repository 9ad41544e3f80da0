//! `index.html` opened from disk in a real browser (headless Chromium): the
//! DOM it builds lists every event with its local time and working links,
//! and a phone-sized screenshot is saved to `target/artifacts/`.
//!
//! Needs Debian's `chromium` (installed by `.ci/run`); without it the test
//! says so and skips, unless `CI` is set.

use crate::common;

use std::path::{Path, PathBuf};
use std::process::Command;

use feedcal::config::Config;
use feedcal::model::EventWhen;
use feedcal::site::{load, LoadOptions};
use scraper::{Html, Selector};

const TODAY: &str = common::TODAY;

fn chromium() -> Option<PathBuf> {
    for name in ["chromium", "chromium-browser", "google-chrome"] {
        if let Ok(out) = Command::new("which").arg(name).output() {
            if out.status.success() {
                return Some(PathBuf::from(String::from_utf8_lossy(&out.stdout).trim()));
            }
        }
    }
    if std::env::var_os("CI").is_some() {
        panic!("chromium is not installed and CI is set: .ci/run must install it");
    }
    eprintln!(
        "SKIP: chromium is not installed (apt-get install chromium); the browser test needs it"
    );
    None
}

/// Headless Chromium with no network side channels (the page must need none).
fn browser(bin: &Path, profile: &Path) -> Command {
    let mut c = Command::new(bin);
    c.args([
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-quic",
        "--no-first-run",
        "--hide-scrollbars",
    ])
    .arg(format!("--user-data-dir={}", profile.display()));
    c
}

fn text(el: scraper::ElementRef<'_>) -> String {
    el.text().collect::<String>()
}

#[test]
fn index_page_in_a_real_browser() {
    let Some(bin) = chromium() else { return };
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    common::build_samples(&out);
    let page = out.join("index.html");
    let source = std::fs::read_to_string(&page).unwrap();
    for fetch in [
        "<script",
        "<img",
        "<link rel=\"stylesheet\"",
        "@import",
        "url(",
        "<iframe",
    ] {
        assert!(
            !source.contains(fetch),
            "the page must be self-contained, found {fetch}"
        );
    }

    let url = format!("file://{}", page.display());
    let dom = browser(&bin, &tmp.path().join("profile"))
        .arg("--dump-dom")
        .arg(&url)
        .output()
        .unwrap();
    assert!(
        dom.status.success(),
        "{}",
        String::from_utf8_lossy(&dom.stderr)
    );
    let doc = Html::parse_document(&String::from_utf8_lossy(&dom.stdout));

    // Every event post with a time is on the page, upcoming or past by TODAY.
    let config = Config::load(&common::sample_config()).unwrap();
    let site = load(&config, &LoadOptions::from_config(&config));
    let today: chrono::NaiveDate = TODAY.parse().unwrap();
    let sel = |s: &str| Selector::parse(s).unwrap();
    let upcoming: Vec<_> = doc.select(&sel("#upcoming li.event")).collect();
    let past: Vec<_> = doc.select(&sel("#past li.event")).collect();
    let mut expected_upcoming = 0;
    let mut expected_past = 0;
    for post in &site.posts {
        let Some(when) = post.event.as_ref().and_then(|e| e.when.as_ref()) else {
            continue;
        };
        let end = match when {
            EventWhen::Timed { end, .. } => end.date(),
            EventWhen::AllDay { last, .. } => *last,
        };
        let list = if end >= today {
            expected_upcoming += 1;
            &upcoming
        } else {
            expected_past += 1;
            &past
        };
        let li = list
            .iter()
            .find(|li| li.value().attr("data-uid") == Some(post.key.as_str()))
            .unwrap_or_else(|| panic!("{} is not in its list on the page", post.key));
        let title = li.select(&sel("a.title")).next().unwrap();
        assert_eq!(text(title), post.title);
        assert_eq!(title.value().attr("href"), Some(post.url.as_str()));
        let time = text(li.select(&sel("time")).next().unwrap());
        match when {
            EventWhen::Timed { start, end, .. } => {
                assert!(
                    time.contains(&start.format("%Y-%m-%d").to_string()),
                    "{time}"
                );
                assert!(time.contains(&start.format("%H:%M").to_string()), "{time}");
                assert!(time.contains(&end.format("%H:%M").to_string()), "{time}");
            }
            EventWhen::AllDay { first, .. } => {
                assert!(
                    time.contains(&first.format("%Y-%m-%d").to_string()),
                    "{time}"
                );
            }
        }
        // Labelled by offset: `CST` reads as US Central to English readers.
        assert!(!time.contains("CST"), "{time}");
        if matches!(when, EventWhen::Timed { .. }) {
            assert!(time.contains("北京时间") || time.contains("UTC+"), "{time}");
        }
        // A cancelled event says so, and offers nothing to add.
        if post.cancelled {
            assert!(
                li.select(&sel(".cancelled")).next().is_some(),
                "{}",
                post.key
            );
            assert!(
                li.select(&sel("a.ics, a.google")).next().is_none(),
                "{}",
                post.key
            );
            continue;
        }
        // The download link is a file the run wrote, holding this event's UID.
        let ics = li
            .select(&sel("a.ics"))
            .next()
            .unwrap()
            .value()
            .attr("href")
            .unwrap();
        let rel = ics
            .strip_prefix(config.feed_url.as_str())
            .expect("an output URL");
        let body = std::fs::read_to_string(out.join(rel)).unwrap();
        assert!(body.contains(&format!("UID:{}", post.event_uid(&config.uid_domain, 1))));
        // Google Calendar gets the wall time and the zone.
        let google = li
            .select(&sel("a.google"))
            .next()
            .unwrap()
            .value()
            .attr("href")
            .unwrap();
        assert!(google.starts_with("https://calendar.google.com/calendar/render?action=TEMPLATE"));
        if let EventWhen::Timed { start, .. } = when {
            assert!(
                google.contains(&start.format("%Y%m%dT%H%M%S").to_string()),
                "{google}"
            );
            assert!(google.contains("ctz=Asia%2FShanghai"), "{google}");
        }
    }
    assert_eq!(upcoming.len(), expected_upcoming, "upcoming events");
    assert_eq!(past.len(), expected_past, "past events");
    assert!(expected_upcoming > 0 && expected_past > 0);

    // Subscribe links: webcal:// for every calendar, each pointing at a file that exists.
    let webcals: Vec<_> = doc.select(&sel("a.webcal")).collect();
    assert!(
        webcals.len() >= 3,
        "site, upcoming and per-language calendars"
    );
    for a in webcals {
        let href = a.value().attr("href").unwrap();
        assert!(href.starts_with("webcal://"), "{href}");
        let https = href.replacen("webcal://", "https://", 1);
        let rel = https
            .strip_prefix(config.feed_url.as_str())
            .expect("an output URL");
        assert!(out.join(rel).is_file(), "{rel}");
    }
    // Beside each: Google Calendar and Outlook.com subscriptions and the URL
    // to copy (webcal does nothing on Android), all naming that same file.
    let items: Vec<_> = doc.select(&sel("#subscribe li")).collect();
    let mut calendars = 0;
    for li in items {
        let Some(webcal) = li.select(&sel("a.webcal")).next() else {
            continue;
        };
        calendars += 1;
        let webcal = webcal.value().attr("href").unwrap();
        let https = webcal.replacen("webcal://", "https://", 1);
        let query = |class: &str, key: &str| {
            let a = li
                .select(&sel(&format!("a.{class}")))
                .next()
                .unwrap_or_else(|| panic!("no {class} link beside {webcal}"));
            let href = url::Url::parse(a.value().attr("href").unwrap()).unwrap();
            let value = href
                .query_pairs()
                .find(|(k, _)| k == key)
                .map(|(_, v)| v.into_owned());
            (href, value)
        };
        let (google, cid) = query("google-subscribe", "cid");
        assert_eq!(google.host_str(), Some("calendar.google.com"));
        assert_eq!(google.path(), "/calendar/r");
        assert_eq!(
            cid.as_deref(),
            Some(webcal),
            "Google subscribes to this calendar"
        );
        let (outlook, added) = query("outlook-subscribe", "url");
        assert_eq!(outlook.host_str(), Some("outlook.live.com"));
        assert_eq!(outlook.path(), "/calendar/0/addfromweb");
        assert_eq!(added.as_deref(), Some(https.as_str()));
        let copy = li
            .select(&sel("input[readonly]"))
            .next()
            .expect("a URL to copy");
        assert_eq!(copy.value().attr("value"), Some(https.as_str()));
        let rel = https.strip_prefix(config.feed_url.as_str()).unwrap();
        assert!(out.join(rel).is_file(), "{rel}");
    }
    assert!(calendars >= 3);
    let refresh = doc
        .select(&sel("#subscribe .refresh"))
        .next()
        .expect("the refresh note");
    assert!(text(refresh).contains("Google"), "{}", text(refresh));
    let body = text(doc.select(&sel("body")).next().unwrap());
    assert!(
        !body.contains("CST"),
        "no ambiguous zone abbreviation on the page"
    );
    // A page per language, in that language, with that language's events,
    // its subscribe links naming files that exist.
    for (lang, heading) in [("en", "Subscribe to the calendar"), ("zh", "订阅日历")] {
        let page = out.join(lang).join("index.html");
        let dom = browser(&bin, &tmp.path().join(format!("profile-{lang}")))
            .arg("--dump-dom")
            .arg(format!("file://{}", page.display()))
            .output()
            .unwrap();
        assert!(dom.status.success());
        let d = Html::parse_document(&String::from_utf8_lossy(&dom.stdout));
        let html = d.select(&sel("html")).next().unwrap();
        assert_eq!(html.value().attr("lang"), Some(lang));
        assert_eq!(
            text(d.select(&sel("#subscribe h2")).next().unwrap()),
            heading
        );
        let events: Vec<_> = d.select(&sel("li.event")).collect();
        let theirs = site
            .posts
            .iter()
            .filter(|p| p.source.lang == lang && p.when().is_some())
            .count();
        assert_eq!(events.len(), theirs, "{lang}: its own events");
        for li in events {
            let uid = li.value().attr("data-uid").unwrap();
            assert!(uid.starts_with(&format!("{lang}/")), "{lang}: {uid}");
        }
        for a in d.select(&sel("a.webcal")) {
            let https = a
                .value()
                .attr("href")
                .unwrap()
                .replacen("webcal://", "https://", 1);
            let rel = https.strip_prefix(config.feed_url.as_str()).unwrap();
            assert!(out.join(rel).is_file(), "{lang}: {rel}");
        }
        let mine = format!("{}{lang}/events.ics", config.feed_url);
        assert!(
            d.select(&sel("input[readonly]"))
                .any(|i| i.value().attr("value") == Some(mine.as_str())),
            "{lang}: its own calendar is offered"
        );
    }
    // Feed discovery tags.
    let alternates: Vec<_> = doc.select(&sel("link[rel=alternate]")).collect();
    for mime in [
        "application/rss+xml",
        "application/atom+xml",
        "application/feed+json",
    ] {
        assert!(
            alternates
                .iter()
                .any(|l| l.value().attr("type") == Some(mime)),
            "{mime}"
        );
    }
    assert!(
        doc.select(&sel("meta[name=viewport]")).next().is_some(),
        "readable on a phone"
    );

    // A phone-sized screenshot, kept as an artifact.
    let artifacts = common::root().join("target/artifacts");
    std::fs::create_dir_all(&artifacts).unwrap();
    let shot = artifacts.join("index-phone.png");
    let _ = std::fs::remove_file(&shot);
    let st = browser(&bin, &tmp.path().join("profile2"))
        .arg("--window-size=390,2200")
        .arg(format!("--screenshot={}", shot.display()))
        .arg(&url)
        .output()
        .unwrap();
    assert!(
        st.status.success(),
        "{}",
        String::from_utf8_lossy(&st.stderr)
    );
    let png = std::fs::read(&shot).unwrap();
    assert!(
        png.starts_with(b"\x89PNG") && png.len() > 10_000,
        "a real screenshot"
    );
}
