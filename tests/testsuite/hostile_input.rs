//! Hostile content on the input side: what a pull request to the content
//! folder can add. Each test performs the attack on a throw-away site and
//! checks that nothing outside the content root is read, the walk ends
//! soon, the one post is reported or cleaned, and every good post is still
//! published.

use std::fs;
use std::path::Path;
use std::time::{Duration, Instant};

use crate::cron_support::{self, Site};

/// Runs `build`, checks its exit code, that every good post is published
/// and that nothing panicked; returns stderr.
fn build(site: &Site, code: i32) -> String {
    let out = site
        .build()
        .timeout(Duration::from_secs(120))
        .output()
        .expect("run feedcal");
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert_eq!(
        out.status.code(),
        Some(code),
        "exit code\nstdout:\n{}\nstderr:\n{stderr}",
        String::from_utf8_lossy(&out.stdout)
    );
    assert!(!stderr.contains("panicked"), "{stderr}");
    site.assert_good_posts_published();
    stderr
}

/// No published file holds `needle`.
fn nowhere_in_outputs(site: &Site, needle: &str) {
    for rel in cron_support::files_under(&site.out()) {
        let bytes = fs::read(site.out().join(&rel)).unwrap();
        assert!(
            !String::from_utf8_lossy(&bytes).contains(needle),
            "{needle:?} was published in {rel}"
        );
    }
}

/// A post outside the content root, with a title and date, as a secret
/// file an attacker would link to looks.
fn secret(dir: &Path) -> std::path::PathBuf {
    let p = dir.join("secret.md");
    fs::write(
        &p,
        "---\ntitle: \"TOP SECRET\"\ndate: 2024-05-01\n---\nThe password is hunter2.\n",
    )
    .unwrap();
    p
}

#[cfg(unix)]
#[test]
fn a_linked_post_file_outside_the_content_root_is_never_read() {
    let s = Site::new();
    s.good_posts();
    let secret = secret(s.root());
    let link = s.content().join("zh/activities/leak.md");
    std::os::unix::fs::symlink(&secret, &link).unwrap();
    let err = build(&s, 1);
    assert!(
        err.contains("leak.md") && err.contains("outside the content root"),
        "{err}"
    );
    nowhere_in_outputs(&s, "TOP SECRET");
    nowhere_in_outputs(&s, "hunter2");
}

#[cfg(unix)]
#[test]
fn a_linked_post_folder_outside_the_content_root_is_never_read() {
    let s = Site::new();
    s.good_posts();
    let outside = s.root().join("private/bundle");
    fs::create_dir_all(&outside).unwrap();
    fs::rename(secret(s.root()), outside.join("index.md")).unwrap();
    std::os::unix::fs::symlink(&outside, s.content().join("zh/activities/leak")).unwrap();
    let err = build(&s, 1);
    assert!(
        err.contains("zh/activities/leak") && err.contains("outside the content root"),
        "{err}"
    );
    nowhere_in_outputs(&s, "TOP SECRET");
}

#[cfg(unix)]
#[test]
fn a_folder_link_to_the_file_system_root_is_refused_at_once() {
    let s = Site::new();
    s.good_posts();
    std::os::unix::fs::symlink("/", s.content().join("zh/activities/everything")).unwrap();
    let started = Instant::now();
    let err = build(&s, 1);
    assert!(
        started.elapsed() < Duration::from_secs(30),
        "{:?}",
        started.elapsed()
    );
    assert!(
        err.contains("everything") && err.contains("outside the content root"),
        "{err}"
    );
}

/// Folder `f<i>` holds two links to `f<i+1>`: walked through every link,
/// the tree would hold 2^24 paths to the last folder's post.
#[cfg(unix)]
#[test]
fn a_folder_link_fan_out_is_walked_once() {
    let s = Site::new();
    s.good_posts();
    let fan = s.content().join("zh/activities/fan");
    const LEVELS: usize = 24;
    for i in 0..=LEVELS {
        fs::create_dir_all(fan.join(format!("f{i}"))).unwrap();
    }
    for i in 0..LEVELS {
        for name in ["a", "b"] {
            std::os::unix::fs::symlink(format!("../f{}", i + 1), fan.join(format!("f{i}/{name}")))
                .unwrap();
        }
    }
    fs::write(
        fan.join(format!("f{LEVELS}/bottom.md")),
        cron_support::event_text("Bottom", 20),
    )
    .unwrap();
    let started = Instant::now();
    let err = build(&s, 1);
    assert!(
        started.elapsed() < Duration::from_secs(30),
        "{:?}",
        started.elapsed()
    );
    assert!(err.contains("a second link to"), "{err}");
    // The post at the bottom is read once directly and once through the
    // first chain of links, not 2^24 times.
    let copies = cron_support::calendar_events(&s.out().join("events.ics"))
        .iter()
        .filter(|e| e.get("SUMMARY").is_some_and(|t| t == "Bottom"))
        .count();
    assert!((1..=LEVELS + 1).contains(&copies), "{copies} copies");
}

#[test]
fn two_thousand_nested_folders_end_the_walk_there_not_the_run() {
    let s = Site::new();
    s.good_posts();
    let mut deep = s.content().join("zh/activities/deep");
    for _ in 0..2_000 {
        deep.push("d");
    }
    fs::create_dir_all(&deep).unwrap();
    fs::write(deep.join("index.md"), cron_support::event_text("Deep", 21)).unwrap();
    let err = build(&s, 1);
    assert!(err.contains("nested more than 32 deep"), "{err}");
    assert_eq!(
        err.matches("nested more than").count(),
        1,
        "one message for one chain: {err}"
    );
}

#[test]
fn the_walk_stops_at_max_entries_and_says_so() {
    let s = Site::with_config("[discovery]\nmax_entries = 40\n");
    s.good_posts();
    for i in 0..50 {
        s.write(&format!("zh/blog/filler-{i:02}.md"), "---\ntitle: f\n---\n");
    }
    let out = s.build().output().unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(err.contains("more than 40 files and folders"), "{err}");
    assert!(err.contains("discovery.max_entries"), "{err}");
}

/// `"\r"` (and other control characters) in a title, a tag, a description
/// and a live link, as YAML escapes and as raw bytes in the body: the post is
/// cleaned, with warnings; every output stays valid.
#[test]
fn control_characters_in_one_post_are_cleaned_and_every_post_is_published() {
    let s = Site::new();
    s.good_posts();
    s.write(
        "zh/activities/crlf/index.md",
        "---\ntitle: \"Bad\\rTitle\"\ntags: [\"a\\rb\", \"bell\\u0007\"]\ndescription: \"one\\rtwo\\u0001\"\nlive: \"https://live.example.org/x\\ry\"\ndate: 2024-05-01T10:00:00+08:00\nevent:\n  start: 2024-05-22 14:00\n---\nBody with a bell \u{7} and a form feed \u{c}.\n\n- 直播间：https://live.example.org/room\n",
    );
    let out = s
        .build()
        .arg("--report")
        .arg(s.root().join("report.json"))
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{err}");
    s.assert_good_posts_published();
    assert!(
        s.rss_titles().contains("Bad\nTitle"),
        "{:?}",
        s.rss_titles()
    );
    for rel in cron_support::files_under(&s.out()) {
        let bytes = fs::read(s.out().join(&rel)).unwrap();
        let bad = bytes
            .iter()
            .position(|&b| b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r'));
        assert_eq!(bad, None, "{rel} holds a control character");
    }
    let report: serde_json::Value =
        serde_json::from_slice(&fs::read(s.root().join("report.json")).unwrap()).unwrap();
    let repaired = report["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|w| w["kind"] == "front-matter-repaired")
        .count();
    assert!(repaired >= 4, "{report}");
    // The front-matter link held a line break: dropped; the body's link serves.
    let events = cron_support::calendar_events(&s.out().join("events.ics"));
    let ev = events
        .iter()
        .find(|e| e.get("SUMMARY").is_some_and(|t| t.starts_with("Bad")))
        .expect("the cleaned post is in the calendar");
    assert_eq!(
        ev.get("CONFERENCE").map(String::as_str),
        Some("https://live.example.org/room")
    );
}

#[test]
fn folders_that_differ_only_in_case_share_a_url_and_both_are_named() {
    let s = Site::new();
    s.good_posts();
    s.event("Meetup-9", "Upper", 23);
    s.event("meetup-9", "Lower", 24);
    let out = s
        .cmd()
        .args(["check", "--format", "json"])
        .output()
        .unwrap();
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let warned: Vec<String> = report["posts"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|p| {
            let w = p["warnings"]
                .as_array()?
                .iter()
                .find(|w| w["kind"] == "url-conflict")?;
            Some(format!("{} | {}", p["path"], w["message"]))
        })
        .collect();
    assert_eq!(warned.len(), 2, "{warned:?}");
    assert!(
        warned[0].contains("Meetup-9") && warned[0].contains("meetup-9/index.md"),
        "{warned:?}"
    );
    assert!(warned[1].contains("Meetup-9/index.md"), "{warned:?}");
    build(&s, 0);
}

#[test]
fn nfc_and_nfd_twin_tags_are_one_tag() {
    let s = Site::new();
    // The default outputs: one folder per tag.
    fs::write(
        s.config(),
        format!(
            "base_url = \"{}\"\ncontent = \"content\"\nout = \"out\"\n[sections.activities]\nkind = \"events\"\n",
            cron_support::BASE
        ),
    )
    .unwrap();
    s.good_posts();
    for (slug, tag) in [("nfc", "Caf\u{e9}"), ("nfd", "Cafe\u{301}")] {
        s.write(
            &format!("zh/activities/{slug}/index.md"),
            format!("---\ntitle: \"{slug}\"\ndate: 2024-05-01\ntags: [\"{tag}\"]\n---\n"),
        );
    }
    build(&s, 0);
    let tags: Vec<String> = fs::read_dir(s.out().join("tags"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(tags, ["caf\u{e9}"], "one tag folder, in NFC");
    let titles = cron_support::feed_titles(&s.out().join("tags/caf\u{e9}/rss.xml"));
    assert!(
        titles.contains("nfc") && titles.contains("nfd"),
        "{titles:?}"
    );
}

/// The content folder goes away after discovery and before the posts are
/// read (a checkout in progress): one error, not one per post.
#[test]
fn a_vanished_content_folder_is_one_error() {
    use feedcal::config::Config;
    use feedcal::discover::{discover, Looking};
    use feedcal::site::{read_discovered, LoadOptions};
    let s = Site::new();
    s.good_posts();
    for i in 0..200 {
        s.event(&format!("more-{i}"), &format!("More {i}"), 10);
    }
    let config = Config::load(&s.config()).unwrap();
    let opts = LoadOptions::from_config(&config);
    let found = discover(&config.content, &config, Looking::default());
    assert_eq!(found.files.len(), 205);
    fs::remove_dir_all(s.content()).unwrap();
    let site = read_discovered(found, &config, &opts);
    assert!(site.posts.is_empty());
    assert_eq!(site.errors.len(), 1, "{:?}", site.errors);
    assert!(
        site.errors[0].message.contains("disappeared"),
        "{:?}",
        site.errors
    );
}
