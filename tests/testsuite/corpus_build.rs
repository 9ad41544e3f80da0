//! The real corpus (`../shared/corpus/sofastack`): the build succeeds, every
//! event post whose text states a time is in the calendar, nothing panics.
//! Skips with a message when the corpus is absent; fails in CI.

use crate::common;

use std::collections::BTreeSet;
use std::fs;
use std::io::BufReader;

use feedcal::config::Config;
use feedcal::site::{load, LoadOptions};

#[test]
fn corpus_builds_and_every_timed_post_is_in_the_calendar() {
    let Some(corpus) = common::corpus() else {
        return;
    };
    let tmp = tempfile::tempdir().unwrap();
    let o = common::feedcal()
        .arg("--content")
        .arg(&corpus)
        .arg("--out")
        .arg(tmp.path())
        .arg("build")
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert!(!String::from_utf8_lossy(&o.stderr).contains("panicked"));

    // The binary ran from the crate root, so it read feeds/feedcal.toml; use the same config.
    let config = Config::load(&common::sample_config()).unwrap();
    let site = load(
        &config,
        &LoadOptions {
            content: corpus.clone(),
            drafts: false,
            list_bundle_contents: false,
        },
    );
    assert!(site.posts.len() >= 580, "{} posts read", site.posts.len());
    let with_time: BTreeSet<String> = site
        .posts
        .iter()
        .filter(|p| p.event.as_ref().is_some_and(|e| e.when.is_some()))
        .map(|p| p.event_uid(&config.uid_domain, 1))
        .collect();

    let bytes = fs::read(tmp.path().join("events.ics")).unwrap();
    let cal = ical::IcalParser::new(BufReader::new(&bytes[..]))
        .next()
        .unwrap()
        .unwrap();
    let uids: BTreeSet<String> = cal
        .events
        .iter()
        .filter_map(|e| {
            e.properties
                .iter()
                .find(|p| p.name == "UID")
                .and_then(|p| p.value.clone())
        })
        .collect();
    assert_eq!(
        uids, with_time,
        "the calendar holds exactly the posts with a time"
    );

    // Every activity post whose text has a labelled event-time line got a time.
    let label = regex::Regex::new(
        r"(?m)^[-*\s]*(\*\*)?\s*[\u{200b}]*(活动时间|Time)\s*(\*\*)?[\u{200b}]*\s*[:：]",
    )
    .unwrap();
    for p in &site.posts {
        let Some(ev) = &p.event else { continue };
        let text = fs::read_to_string(&p.source.path).unwrap();
        if label.is_match(&text) {
            assert!(
                ev.when.is_some(),
                "{} states a time but has none: {:?}",
                p.source.rel_path,
                ev.warnings
            );
        }
    }
}
