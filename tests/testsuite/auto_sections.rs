//! Sections found from the content (`src/sections.rs`): a site run with no
//! `[sections]` in any config still gets its events in the calendars, a
//! folder of plain posts that holds a few timed ones is warned about, an
//! explicit `[sections]` turns the finding off, and `feedcal init` writes
//! exactly what was found.
//!
//! Every site here is written by the test into a temporary folder and run
//! as a user runs it: `feedcal --site <folder> …` with no feedcal.toml.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::io::BufReader;
use std::path::{Path, PathBuf};
use std::process::Output;

use assert_cmd::Command;

use crate::common;
use crate::cron_support::{feed_titles, snapshot};

const HUGO_TOML: &str = "baseURL = \"https://kaiyuan.example.cn/\"\n\
     title = \"开源社区\"\n\
     languageCode = \"zh-cn\"\n\
     timeZone = \"Asia/Shanghai\"\n";

const JEKYLL_CONFIG: &str = "title: 开源读书会\n\
     url: \"https://dushu.example.cn\"\n\
     timezone: Asia/Shanghai\n";

/// A site folder written by a test.
struct Site {
    dir: tempfile::TempDir,
    /// The output folder a run without feedcal.toml writes into:
    /// `feeds/` in the generator's publish folder.
    out: &'static str,
}

impl Site {
    fn hugo() -> Site {
        let site = Site {
            dir: tempfile::tempdir().expect("tempdir"),
            out: "public/feeds",
        };
        site.write_file("hugo.toml", HUGO_TOML);
        site
    }

    fn jekyll() -> Site {
        let site = Site {
            dir: tempfile::tempdir().expect("tempdir"),
            out: "_site/feeds",
        };
        site.write_file("_config.yml", JEKYLL_CONFIG);
        site
    }

    fn root(&self) -> &Path {
        self.dir.path()
    }

    fn out(&self) -> PathBuf {
        self.root().join(self.out)
    }

    fn write_file(&self, rel: &str, text: &str) {
        let p = self.root().join(rel);
        fs::create_dir_all(p.parent().expect("parent")).expect("mkdir");
        fs::write(&p, text).expect("write");
    }

    /// A Hugo post at `content/<rel>`.
    fn post(&self, rel: &str, text: &str) {
        self.write_file(&format!("content/{rel}"), text);
    }

    /// `feedcal --site <root> <args…>`, run from the site folder.
    fn run(&self, args: &[&str]) -> Output {
        Command::cargo_bin("feedcal")
            .expect("binary")
            .current_dir(self.root())
            .arg("--site")
            .arg(self.root())
            .args(args)
            .output()
            .expect("run feedcal")
    }

    /// `build` at the suite's fixed run date; panics on failure.
    fn build(&self) -> Output {
        let o = self.run(&["build", "--today", common::TODAY]);
        assert!(o.status.success(), "build failed:\n{}", text(&o.stderr));
        o
    }

    /// The `config: sections.…` lines of `check -v`, in order.
    fn found_lines(&self) -> Vec<String> {
        let o = self.run(&["-v", "check"]);
        text(&o.stdout)
            .lines()
            .filter(|l| l.starts_with("config: sections."))
            .map(str::to_string)
            .collect()
    }

    /// Every post `check --format json` read, by path.
    fn checked(&self) -> BTreeMap<String, serde_json::Value> {
        let o = self.run(&["check", "--format", "json"]);
        let report: serde_json::Value = serde_json::from_slice(&o.stdout)
            .unwrap_or_else(|e| panic!("check output is not JSON ({e}): {}", text(&o.stderr)));
        report["posts"]
            .as_array()
            .expect("posts")
            .iter()
            .map(|p| (p["path"].as_str().expect("path").to_string(), p.clone()))
            .collect()
    }

    /// The section of every post `check` read, by path.
    fn checked_sections(&self) -> BTreeMap<String, String> {
        self.checked()
            .into_iter()
            .map(|(path, p)| (path, p["section"].as_str().expect("section").to_string()))
            .collect()
    }

    /// The events of `<out>/<rel>` (a calendar), as SUMMARY → (DTSTART, DTEND)
    /// with their parameters: `TZID=Asia/Shanghai:20240518T140000`.
    fn calendar(&self, rel: &str) -> BTreeMap<String, (String, String)> {
        let path = self.out().join(rel);
        let bytes = fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let mut parser = ical::IcalParser::new(BufReader::new(&bytes[..]));
        let cal = parser
            .next()
            .expect("a calendar")
            .unwrap_or_else(|e| panic!("{rel} does not parse: {e}"));
        let mut out = BTreeMap::new();
        for e in &cal.events {
            let prop = |name: &str| {
                e.properties
                    .iter()
                    .find(|p| p.name == name)
                    .unwrap_or_else(|| panic!("{rel}: an event without {name}"))
            };
            let written = |name: &str| -> String {
                let p = prop(name);
                let params: Vec<String> = p
                    .params
                    .iter()
                    .flatten()
                    .map(|(k, v)| format!("{k}={}", v.join(",")))
                    .collect();
                format!(
                    "{}:{}",
                    params.join(";"),
                    p.value.clone().unwrap_or_default()
                )
            };
            let summary = prop("SUMMARY").value.clone().unwrap_or_default();
            out.insert(summary, (written("DTSTART"), written("DTEND")));
        }
        out
    }

    /// Every SUMMARY of every calendar the run wrote.
    fn every_calendar_summary(&self) -> BTreeSet<String> {
        common::files_under(&self.out())
            .into_iter()
            .filter(|f| f.ends_with(".ics"))
            .flat_map(|f| self.calendar(&f).into_keys())
            .collect()
    }

    fn rss_titles(&self) -> BTreeSet<String> {
        feed_titles(&self.out().join("rss.xml"))
    }
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

fn timed(title: &str, date: &str, when: &str) -> String {
    format!(
        "---\ntitle: \"{title}\"\ndate: {date}T10:00:00+08:00\n---\n本期聊聊分布式事务与可观测性。\n\n- 活动时间：{when}\n- 活动地点：上海市徐汇区某会议中心\n"
    )
}

fn untimed(title: &str, date: &str) -> String {
    format!("---\ntitle: \"{title}\"\ndate: {date}T10:00:00+08:00\n---\n这是一篇普通的文章，写于社区日常。\n")
}

fn zone(local: &str) -> String {
    format!("TZID=Asia/Shanghai:{local}")
}

fn owned(a: &str, b: &str, c: &str) -> (String, (String, String)) {
    (a.to_string(), (zone(b), zone(c)))
}

/// A Hugo site whose `posts/` folder is mostly event announcements (times
/// in prose) and whose `docs/` is documentation.
fn posts_and_docs_site() -> Site {
    let site = Site::hugo();
    site.post(
        "posts/salon-1.md",
        &timed(
            "第一期技术沙龙",
            "2024-05-06",
            "2024 年 5 月 18 日 14:00-17:00",
        ),
    );
    site.post(
        "posts/salon-2/index.md",
        &timed(
            "第二期技术沙龙",
            "2024-06-10",
            "2024 年 6 月 22 日 19:30-21:00",
        ),
    );
    // No end written: the default two hours.
    site.post(
        "posts/salon-3.md",
        &timed("第三期技术沙龙", "2024-07-01", "2024 年 7 月 13 日 9:30"),
    );
    site.post("posts/2024-recap.md", &untimed("上半年回顾", "2024-07-20"));
    site.post("docs/install.md", &untimed("安装指南", "2024-03-01"));
    site.post("docs/faq.md", &untimed("常见问题", "2024-03-02"));
    site
}

#[test]
fn hugo_posts_folder_of_timed_prose_fills_the_calendar() {
    let site = posts_and_docs_site();
    assert_eq!(
        site.found_lines(),
        [
            "config: sections.docs.kind = posts  (found: 0 of 2 posts have an event time; fewer than a third of its posts have an event time)",
            "config: sections.posts.kind = events  (found: 3 of 4 posts have an event time; at least a third of its posts have an event time)",
        ]
    );
    let o = site.build();
    assert!(
        !text(&o.stderr).contains("section `"),
        "no section warning when no posts folder holds a timed post:\n{}",
        text(&o.stderr)
    );
    let want: BTreeMap<String, (String, String)> = [
        owned("第一期技术沙龙", "20240518T140000", "20240518T170000"),
        owned("第二期技术沙龙", "20240622T193000", "20240622T210000"),
        owned("第三期技术沙龙", "20240713T093000", "20240713T113000"),
    ]
    .into_iter()
    .collect();
    assert_eq!(site.calendar("events.ics"), want);
    assert_eq!(site.calendar("en/posts/events.ics"), want);
    // The docs are in the feeds and in no calendar.
    let titles = site.rss_titles();
    for t in ["安装指南", "常见问题", "上半年回顾", "第一期技术沙龙"] {
        assert!(titles.contains(t), "{t} missing from rss.xml: {titles:?}");
    }
    let summaries = site.every_calendar_summary();
    assert!(
        !summaries.contains("安装指南") && !summaries.contains("常见问题"),
        "{summaries:?}"
    );
    assert!(!site.out().join("en/docs/events.ics").exists());
}

#[test]
fn a_folder_named_for_events_is_events_before_any_time_is_written() {
    let site = Site::hugo();
    site.post(
        "events/next-meetup.md",
        &untimed("下一期预告", "2024-08-01"),
    );
    site.post(
        "events/call-for-talks.md",
        &untimed("征集讲师", "2024-08-02"),
    );
    site.post(
        "meetups/shanghai-1.md",
        &untimed("上海站报名开启", "2024-08-03"),
    );
    site.post("news/release.md", &untimed("2.0 发布", "2024-08-04"));
    assert_eq!(
        site.found_lines(),
        [
            "config: sections.events.kind = events  (found: 0 of 2 posts have an event time; its name says events)",
            "config: sections.meetups.kind = events  (found: 0 of 1 posts have an event time; its name says events)",
            "config: sections.news.kind = posts  (found: 0 of 1 posts have an event time; fewer than a third of its posts have an event time)",
        ]
    );
    // Read as events, their missing times are warned about, not silent;
    // the news post is read with no event at all.
    let posts = site.checked();
    for path in ["events/next-meetup.md", "meetups/shanghai-1.md"] {
        let p = posts
            .get(path)
            .unwrap_or_else(|| panic!("{path} not read: {posts:?}"));
        assert_eq!(p["event"]["when"], serde_json::Value::Null, "{p}");
        assert_eq!(p["event"]["warnings"][0]["kind"], "no-event-time", "{p}");
    }
    let news = &posts["news/release.md"];
    assert!(news.get("event").is_none(), "{news}");
    assert_eq!(news["warnings"], serde_json::json!([]), "{news}");
}

/// A site whose only warning can be the section one: every event post is
/// timed, and `blog/` has 1 timed post of 5.
fn blog_site() -> Site {
    let site = Site::hugo();
    site.post(
        "activities/hackday.md",
        &timed("黑客松", "2024-04-01", "2024 年 4 月 20 日 9:00-18:00"),
    );
    site.post(
        "blog/2024-05-talk.md",
        &timed(
            "一次线下分享",
            "2024-05-02",
            "2024 年 5 月 25 日 19:00-21:00",
        ),
    );
    for i in 1..=4 {
        site.post(
            &format!("blog/note-{i}.md"),
            &untimed(&format!("随笔 {i}"), &format!("2024-05-1{i}")),
        );
    }
    site
}

const BLOG_WARNING: &str = "warning: section `blog` is read as plain posts (feeds only): 1 of its 5 posts have an event time, fewer than a third; to put them in the calendars, set [sections.blog] kind = \"events\" in feedcal.toml (`feedcal init` writes one)";

#[test]
fn a_blog_with_one_timed_post_in_five_is_posts_with_a_warning() {
    let site = blog_site();
    assert_eq!(
        site.found_lines(),
        [
            "config: sections.activities.kind = events  (found: 1 of 1 posts have an event time; its name says events)",
            "config: sections.blog.kind = posts  (found: 1 of 5 posts have an event time; fewer than a third of its posts have an event time)",
        ]
    );
    let o = site.run(&["check"]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    assert!(
        text(&o.stderr).contains(BLOG_WARNING),
        "{}",
        text(&o.stderr)
    );
    let o = site.run(&["check", "--deny", "warnings"]);
    assert_eq!(o.status.code(), Some(1), "{}", text(&o.stderr));
    let o = site.run(&["-q", "check"]);
    assert!(o.stderr.is_empty(), "{}", text(&o.stderr));

    let o = site.build();
    assert!(
        text(&o.stderr).contains(BLOG_WARNING),
        "{}",
        text(&o.stderr)
    );
    // The timed blog post is a feed item, not an event.
    assert!(site.rss_titles().contains("一次线下分享"));
    assert_eq!(
        site.every_calendar_summary(),
        BTreeSet::from(["黑客松".to_string()])
    );

    // Without the timed post the same site passes --deny: the exit 1 was
    // the section warning's.
    site.post(
        "blog/2024-05-talk.md",
        &untimed("一次线下分享", "2024-05-02"),
    );
    let o = site.run(&["check", "--deny", "warnings"]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    assert!(
        !text(&o.stderr).contains("section `"),
        "{}",
        text(&o.stderr)
    );
}

#[test]
fn explicit_sections_turn_the_finding_off() {
    let site = blog_site();
    site.post("docs/install.md", &untimed("安装指南", "2024-03-01"));
    site.post(
        "posts/salon.md",
        &timed("技术沙龙", "2024-05-06", "2024 年 5 月 18 日 14:00-17:00"),
    );
    site.write_file(
        "feedcal.toml",
        "site = \".\"\n\n[sections.activities]\nkind = \"events\"\n\n[sections.blog]\nkind = \"posts\"\n",
    );
    let lines = site.found_lines();
    assert!(
        lines.iter().all(|l| !l.contains("(found:")),
        "nothing is found when the config names the sections: {lines:?}"
    );
    let sections: BTreeSet<String> = site.checked_sections().into_values().collect();
    assert_eq!(
        sections,
        BTreeSet::from(["activities".to_string(), "blog".to_string()])
    );
    // `blog` is posts by choice: its timed post is no warning.
    let o = site.run(&["check", "--deny", "warnings"]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    assert!(
        !text(&o.stderr).contains("section `"),
        "{}",
        text(&o.stderr)
    );
    let o = site.build();
    assert!(
        !text(&o.stderr).contains("section `"),
        "{}",
        text(&o.stderr)
    );
    let titles = site.rss_titles();
    assert!(
        !titles.contains("安装指南") && !titles.contains("技术沙龙"),
        "unconfigured folders are not read: {titles:?}"
    );
    assert_eq!(
        site.every_calendar_summary(),
        BTreeSet::from(["黑客松".to_string()])
    );
}

#[test]
fn init_writes_the_kinds_check_finds_and_builds_the_same_bytes() {
    let site = posts_and_docs_site();
    site.post("events/next.md", &untimed("下一期预告", "2024-08-01"));
    site.post(
        "blog/talk.md",
        &timed(
            "一次线下分享",
            "2024-05-02",
            "2024 年 5 月 25 日 19:00-21:00",
        ),
    );
    // Dated only by its event: read as a plain post, it has no date.
    site.post(
        "blog/undated-talk.md",
        "---\ntitle: \"没有日期的分享\"\n---\n- 活动时间：2024 年 8 月 3 日 15:00-16:00\n",
    );
    for i in 1..=5 {
        site.post(
            &format!("blog/note-{i}.md"),
            &untimed(&format!("随笔 {i}"), &format!("2024-05-1{i}")),
        );
    }
    let found: BTreeMap<String, String> = site
        .found_lines()
        .iter()
        .map(|l| {
            let rest = l.strip_prefix("config: sections.").expect("prefix");
            let (name, rest) = rest.split_once(".kind = ").expect("kind");
            let kind = rest.split_once("  (found:").expect("found").0;
            (name.to_string(), kind.to_string())
        })
        .collect();
    let want: BTreeMap<String, String> = [
        ("blog", "posts"),
        ("docs", "posts"),
        ("events", "events"),
        ("posts", "events"),
    ]
    .iter()
    .map(|(n, k)| (n.to_string(), k.to_string()))
    .collect();
    assert_eq!(found, want);

    site.build();
    let without = snapshot(&site.out());
    assert!(without.contains_key("events.ics"));
    fs::remove_dir_all(site.root().join("public")).expect("clear the output");

    let o = site.run(&["init"]);
    assert!(o.status.success(), "{}", text(&o.stderr));
    let written = site.root().join("feedcal.toml");
    let toml_text = fs::read_to_string(&written).expect("feedcal.toml written");
    let config =
        feedcal::config::Config::load(&written).unwrap_or_else(|e| panic!("{e}\n{toml_text}"));
    assert!(!config.sections_auto, "{toml_text}");
    let kinds: BTreeMap<String, String> = config
        .sections
        .iter()
        .map(|(n, s)| (n.clone(), s.kind.as_str().to_string()))
        .collect();
    assert_eq!(kinds, want, "{toml_text}");
    // The written sections are the config's now: nothing left to find.
    assert!(site.found_lines().iter().all(|l| !l.contains("(found:")));

    site.build();
    let with = snapshot(&site.out());
    assert_eq!(
        with.keys().collect::<Vec<_>>(),
        without.keys().collect::<Vec<_>>()
    );
    for (name, bytes) in &without {
        assert!(
            with[name] == *bytes,
            "{name} differs between the run without feedcal.toml and with init's"
        );
    }
    assert!(
        !site.rss_titles().contains("没有日期的分享"),
        "a post of a posts section dated only by its event has no date"
    );
}

#[test]
fn jekyll_post_folder_with_timed_posts_is_events() {
    let site = Site::jekyll();
    site.write_file(
        "_posts/2024-05-01-meetup.md",
        &timed("五月读书会", "2024-05-01", "2024 年 5 月 18 日 14:00-16:30"),
    );
    site.write_file(
        "_posts/2024-06-01-meetup.md",
        &timed("六月读书会", "2024-06-01", "2024 年 6 月 15 日 19:00-21:00"),
    );
    site.write_file(
        "_posts/2024-06-20-books.md",
        &untimed("上半年书单", "2024-06-20"),
    );
    // Outside the post folder: never a section, whatever it holds.
    site.write_file(
        "notes/2024-07-01-plan.md",
        &timed("内部计划", "2024-07-01", "2024 年 7 月 6 日 10:00-11:00"),
    );
    assert_eq!(
        site.found_lines(),
        ["config: sections._posts.kind = events  (found: 2 of 3 posts have an event time; at least a third of its posts have an event time)"]
    );
    let sections: BTreeSet<String> = site.checked_sections().into_values().collect();
    assert_eq!(sections, BTreeSet::from(["_posts".to_string()]));
    site.build();
    let want: BTreeMap<String, (String, String)> = [
        owned("五月读书会", "20240518T140000", "20240518T163000"),
        owned("六月读书会", "20240615T190000", "20240615T210000"),
    ]
    .into_iter()
    .collect();
    assert_eq!(site.calendar("events.ics"), want);
    let titles = site.rss_titles();
    assert!(titles.contains("上半年书单") && !titles.contains("内部计划"));
}

#[test]
fn underscore_dot_and_node_modules_folders_are_never_sections() {
    let site = Site::hugo();
    site.post(
        "posts/salon.md",
        &timed("技术沙龙", "2024-05-06", "2024 年 5 月 18 日 14:00-17:00"),
    );
    // Each holds timed posts, and `_events` even has an event word in its name.
    for dir in ["_events", "_shared", ".obsidian", "node_modules/some-pkg"] {
        site.post(
            &format!("{dir}/talk.md"),
            &timed(
                &format!("不该发布 {dir}"),
                "2024-05-07",
                "2024 年 5 月 19 日 14:00-17:00",
            ),
        );
    }
    assert_eq!(
        site.found_lines(),
        ["config: sections.posts.kind = events  (found: 1 of 1 posts have an event time; at least a third of its posts have an event time)"]
    );
    let read = site.checked_sections();
    assert_eq!(
        read.keys().collect::<Vec<_>>(),
        ["posts/salon.md"],
        "{read:?}"
    );
    site.build();
    assert_eq!(
        site.every_calendar_summary(),
        BTreeSet::from(["技术沙龙".to_string()])
    );
    assert_eq!(site.rss_titles(), BTreeSet::from(["技术沙龙".to_string()]));
}

#[test]
fn hugo_language_folders_are_looked_into_not_sections() {
    let site = Site::hugo();
    site.write_file(
        "hugo.toml",
        &format!("{HUGO_TOML}defaultContentLanguage = \"zh\"\n[languages.zh]\nweight = 1\n[languages.en]\nweight = 2\n"),
    );
    site.post(
        "zh/posts/salon.md",
        &timed("技术沙龙", "2024-05-06", "2024 年 5 月 18 日 14:00-17:00"),
    );
    site.post(
        "en/posts/salon.md",
        "---\ntitle: \"Tech salon\"\ndate: 2024-05-06T10:00:00+08:00\n---\nTime: 2024-05-18 14:00-17:00\n",
    );
    site.post("en/posts/notes.md", &untimed("Notes", "2024-05-07"));
    site.post("en/docs/install.md", &untimed("Install", "2024-05-08"));
    // `zh` and `en` are languages, not sections; a section counts its posts
    // in every language (2 of 3).
    assert_eq!(
        site.found_lines(),
        [
            "config: sections.docs.kind = posts  (found: 0 of 1 posts have an event time; fewer than a third of its posts have an event time)",
            "config: sections.posts.kind = events  (found: 2 of 3 posts have an event time; at least a third of its posts have an event time)",
        ]
    );
    site.build();
    let start_end = (zone("20240518T140000"), zone("20240518T170000"));
    assert_eq!(
        site.calendar("zh/events.ics"),
        BTreeMap::from([("技术沙龙".to_string(), start_end.clone())])
    );
    assert_eq!(
        site.calendar("en/posts/events.ics"),
        BTreeMap::from([("Tech salon".to_string(), start_end)])
    );
}
