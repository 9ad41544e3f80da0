//! Identity across nightly runs: UIDs, Atom ids and RSS guids never change
//! when a post's title, body or time changes; SEQUENCE goes up by one when an
//! event's time, title or location changes, with LAST-MODIFIED from the post
//! (never the wall clock); the same input and the same published files give
//! the same bytes; unchanged files are not rewritten (mtime and inode stay).

#![cfg(unix)]

use crate::cron_support;

use std::collections::BTreeMap;
use std::fs;
use std::os::unix::fs::MetadataExt;

use cron_support::{calendar_events, Site, DOMAIN};

type Event = BTreeMap<String, String>;

fn event_of(site: &Site, calendar: &str, uid: &str) -> Event {
    calendar_events(&site.out().join(calendar))
        .into_iter()
        .find(|e| e.get("UID").map(String::as_str) == Some(uid))
        .unwrap_or_else(|| panic!("{uid} not in {calendar}"))
}

/// (RSS guid, Atom id) of the entry whose link is `link`, read with feed-rs.
fn feed_ids(site: &Site, title: &str) -> (String, String) {
    let find = |f: &str| {
        let bytes = fs::read(site.out().join(f)).unwrap();
        let feed = feed_rs::parser::parse(&bytes[..]).unwrap();
        feed.entries
            .into_iter()
            .find(|e| e.title.as_ref().is_some_and(|t| t.content == title))
            .unwrap_or_else(|| panic!("{title} not in {f}"))
            .id
    };
    (find("rss.xml"), find("atom.xml"))
}

fn post(title: &str, start: &str, location: &str, lastmod: Option<&str>, body: &str) -> String {
    let lastmod = lastmod
        .map(|l| format!("lastmod: {l}\n"))
        .unwrap_or_default();
    format!(
        "---\ntitle: \"{title}\"\ndate: 2024-05-01T10:00:00+08:00\n{lastmod}location: \"{location}\"\nevent:\n  start: {start}\n---\n{body}\n"
    )
}

#[test]
fn ids_stay_and_sequence_follows_changes() {
    let site = Site::new();
    site.good_posts();
    let rel = "zh/activities/meetup/index.md";
    let uid = format!("zh/activities/meetup@{DOMAIN}");
    site.write(
        rel,
        post("Meetup", "2024-05-20 14:00", "Hall A", None, "First body."),
    );
    site.build().assert().code(0);
    let first = event_of(&site, "events.ics", &uid);
    assert_eq!(first["SEQUENCE"], "0");
    assert_eq!(
        first["LAST-MODIFIED"], "20240501T020000Z",
        "from the post's date, not the clock"
    );
    let (guid, atom_id) = feed_ids(&site, "Meetup");

    // Only the body changes: ids stay, SEQUENCE stays.
    site.write(
        rel,
        post(
            "Meetup",
            "2024-05-20 14:00",
            "Hall A",
            None,
            "Second body, longer.",
        ),
    );
    site.build().assert().code(0);
    assert_eq!(event_of(&site, "events.ics", &uid)["SEQUENCE"], "0");
    assert_eq!(feed_ids(&site, "Meetup"), (guid.clone(), atom_id.clone()));

    // Time changes, lastmod too: SEQUENCE 1, LAST-MODIFIED = lastmod.
    site.write(
        rel,
        post(
            "Meetup",
            "2024-05-20 15:00",
            "Hall A",
            Some("2024-05-10T09:00:00+08:00"),
            "Second body, longer.",
        ),
    );
    site.build().assert().code(0);
    let e = event_of(&site, "events.ics", &uid);
    assert_eq!(
        (e["SEQUENCE"].as_str(), e["LAST-MODIFIED"].as_str()),
        ("1", "20240510T010000Z")
    );
    assert_eq!(e["DTSTAMP"], e["LAST-MODIFIED"]);
    assert_eq!(feed_ids(&site, "Meetup"), (guid.clone(), atom_id.clone()));

    // Title changes without a new lastmod: SEQUENCE 2 and LAST-MODIFIED still moves forward.
    site.write(
        rel,
        post(
            "Meetup (moved)",
            "2024-05-20 15:00",
            "Hall A",
            Some("2024-05-10T09:00:00+08:00"),
            "x",
        ),
    );
    site.build().assert().code(0);
    let e = event_of(&site, "events.ics", &uid);
    assert_eq!(
        (e["SEQUENCE"].as_str(), e["LAST-MODIFIED"].as_str()),
        ("2", "20240510T010001Z")
    );
    assert_eq!(
        feed_ids(&site, "Meetup (moved)"),
        (guid.clone(), atom_id.clone())
    );

    // Location changes: SEQUENCE 3. The section calendar agrees with the site-wide one.
    site.write(
        rel,
        post(
            "Meetup (moved)",
            "2024-05-20 15:00",
            "Hall B",
            Some("2024-05-12T09:00:00+08:00"),
            "x",
        ),
    );
    site.build().assert().code(0);
    assert_eq!(event_of(&site, "events.ics", &uid)["SEQUENCE"], "3");
    assert_eq!(
        event_of(&site, "zh/activities/events.ics", &uid)["SEQUENCE"],
        "3"
    );

    // Nothing changes: no file is rewritten, SEQUENCE stays.
    let meta = |f: &str| fs::metadata(site.out().join(f)).unwrap();
    let before: Vec<_> = [
        "events.ics",
        "rss.xml",
        "atom.xml",
        "zh/activities/events.ics",
    ]
    .iter()
    .map(|f| (meta(f).ino(), meta(f).mtime_nsec(), meta(f).mtime()))
    .collect();
    std::thread::sleep(std::time::Duration::from_millis(50));
    site.build()
        .assert()
        .code(0)
        .stdout(predicates::str::contains("written").not());
    let after: Vec<_> = [
        "events.ics",
        "rss.xml",
        "atom.xml",
        "zh/activities/events.ics",
    ]
    .iter()
    .map(|f| (meta(f).ino(), meta(f).mtime_nsec(), meta(f).mtime()))
    .collect();
    assert_eq!(before, after, "inode and mtime of unchanged files stay");
    assert_eq!(event_of(&site, "events.ics", &uid)["SEQUENCE"], "3");

    // A section calendar deleted by hand comes back with the site-wide SEQUENCE.
    fs::remove_file(site.out().join("zh/activities/events.ics")).unwrap();
    site.build().assert().code(0);
    assert_eq!(
        event_of(&site, "zh/activities/events.ics", &uid)["SEQUENCE"],
        "3"
    );

    // A changed file gets a new inode (renamed into place, never written in place).
    let ino = meta("rss.xml").ino();
    site.write(
        rel,
        post("Meetup (final)", "2024-05-20 15:00", "Hall B", None, "x"),
    );
    site.build().assert().code(0);
    assert_ne!(meta("rss.xml").ino(), ino);
}

use predicates::prelude::PredicateBooleanExt;

#[test]
fn a_uid_override_survives_moving_the_folder() {
    let site = Site::new();
    site.good_posts();
    let text = |title: &str| {
        format!("---\ntitle: {title}\nuid: spring-meetup-2024\ndate: 2024-05-01\nevent:\n  start: 2024-05-20 14:00\n---\nbody\n")
    };
    site.write("zh/activities/spring/index.md", text("Spring"));
    site.build().assert().code(0);
    let uid = format!("spring-meetup-2024@{DOMAIN}");
    assert_eq!(event_of(&site, "events.ics", &uid)["SUMMARY"], "Spring");
    let ids = feed_ids(&site, "Spring");
    assert_eq!(
        ids.0, "spring-meetup-2024",
        "RSS guid is the uid, not the permalink"
    );

    fs::remove_dir_all(site.content().join("zh/activities/spring")).unwrap();
    site.write(
        "zh/activities/2024-spring-renamed/index.md",
        text("Spring, renamed"),
    );
    site.build().assert().code(0);
    let e = event_of(&site, "events.ics", &uid);
    assert_eq!(e["SUMMARY"], "Spring\\, renamed");
    assert_eq!(e["SEQUENCE"], "1", "the title changed");
    assert_eq!(feed_ids(&site, "Spring, renamed"), ids);
}

#[test]
fn two_posts_with_one_uid_publish_neither_and_name_each_other() {
    let site = Site::new();
    site.good_posts();
    site.write(
        "zh/activities/a/index.md",
        "---\ntitle: A\nuid: same\ndate: 2024-05-01\nevent:\n  start: 2024-05-20 14:00\n---\n",
    );
    site.write(
        "zh/activities/b/index.md",
        "---\ntitle: B\nuid: same\ndate: 2024-05-01\nevent:\n  start: 2024-05-21 14:00\n---\n",
    );
    site.build()
        .assert()
        .code(1)
        .stderr(predicates::str::contains(
            "b/index.md: its identity `same` is also the identity of",
        ))
        .stderr(predicates::str::contains(
            "a/index.md: its identity `same` is also the identity of",
        ))
        .stderr(predicates::str::contains(
            "give one of the posts its own `uid:`",
        ));
    site.assert_good_posts_published();
    let events = site.calendar_summaries();
    assert!(!events.contains("A") && !events.contains("B"), "{events:?}");
}

#[test]
fn same_input_and_same_previous_output_give_the_same_bytes() {
    let site = Site::new();
    site.good_posts();
    site.build().assert().code(0);
    site.event("good-2", "Good 2 (moved)", 25);
    // Two copies of the published state, built with the same new input.
    let copies: Vec<tempfile::TempDir> = (0..2).map(|_| tempfile::tempdir().unwrap()).collect();
    for c in &copies {
        for (f, bytes) in cron_support::snapshot(&site.out()) {
            let p = c.path().join(&f);
            fs::create_dir_all(p.parent().unwrap()).unwrap();
            fs::write(p, bytes).unwrap();
        }
        site.build().arg("--out").arg(c.path()).assert().code(0);
    }
    let a = cron_support::snapshot(copies[0].path());
    assert_eq!(a, cron_support::snapshot(copies[1].path()));
    assert!(String::from_utf8_lossy(&a["events.ics"]).contains("SEQUENCE:1"));
    // And a third run over the result changes nothing: SEQUENCE does not creep up.
    site.build()
        .arg("--out")
        .arg(copies[0].path())
        .assert()
        .code(0);
    assert_eq!(a, cron_support::snapshot(copies[0].path()));
}
