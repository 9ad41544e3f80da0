//! Site shapes first met on sites feedcal had never seen (held-out tables):
//! a summit's page that is a Hugo nested section (`_index.md` with the event
//! in its front matter), Jekyll's `collections_dir`, a `_config.yml` that
//! writes a key twice, and comments imported into the front matter whose
//! dates are not the event. Every site is written here, in their style.

use std::fs;
use std::path::Path;
use std::process::Output;

use assert_cmd::Command;

fn write(root: &Path, rel: &str, text: &str) {
    let p = root.join(rel);
    fs::create_dir_all(p.parent().expect("parent")).expect("mkdir");
    fs::write(&p, text).expect("write");
}

fn feedcal(root: &Path, args: &[&str]) -> Output {
    Command::cargo_bin("feedcal")
        .expect("binary")
        .current_dir(root)
        .arg("--site")
        .arg(root)
        .args(args)
        .env("SOURCE_DATE_EPOCH", "1735689600")
        .output()
        .expect("run feedcal")
}

fn text(o: &Output) -> (String, String) {
    (
        String::from_utf8_lossy(&o.stdout).into_owned(),
        String::from_utf8_lossy(&o.stderr).into_owned(),
    )
}

/// The events' DTSTART lines of a calendar, in order (not the VTIMEZONE's).
fn dtstarts(ics: &str) -> Vec<String> {
    let mut in_event = false;
    let mut out = Vec::new();
    for l in ics.lines() {
        match l {
            "BEGIN:VEVENT" => in_event = true,
            "END:VEVENT" => in_event = false,
            _ if in_event && l.starts_with("DTSTART") => out.push(l.to_string()),
            _ => {}
        }
    }
    out
}

#[test]
fn a_nested_section_page_with_an_event_in_its_front_matter_is_an_event() {
    let dir = tempfile::tempdir().expect("tempdir");
    let root = dir.path();
    write(
        root,
        "hugo.toml",
        "baseURL = \"https://contrib.example.org/\"\ntitle = \"Contributors\"\ntimeZone = \"America/Los_Angeles\"\n",
    );
    write(
        root,
        "feedcal.toml",
        "[sections.events]\nkind = \"events\"\n",
    );
    // The section's own list page: never a post.
    write(
        root,
        "content/events/_index.md",
        "---\ntitle: Events\neventDate: 2024-01-01\n---\nAll our summits.\n",
    );
    // A summit: a nested section whose list page holds the event.
    write(
        root,
        "content/events/2024/summit-na/_index.md",
        "---\ntitle: Contributor Summit North America 2024\neventDate: 2024-11-11T09:00:00-08:00\neventEnd: 2024-11-11T17:00:00-08:00\n---\nA day of talks before the conference.\n",
    );
    // A year folder's list page, with no event: not a post.
    write(
        root,
        "content/events/2023/_index.md",
        "---\ntitle: 2023\n---\nThe summits of 2023.\n",
    );
    // A year folder's list page whose `eventDate` only sorts the menu: it
    // holds sections that are events and no page of its own, so it lists
    // them and is no event itself.
    write(
        root,
        "content/events/2024/_index.md",
        "---\ntitle: 2024\neventDate: 2024-01-01\n---\nThe summits of 2024.\n",
    );
    // A page of the summit, dated in its own front matter.
    write(
        root,
        "content/events/2024/summit-na/social.md",
        "---\ntitle: Summit social\nstart: 2024-11-11T18:00:00-08:00\nend: 2024-11-11T21:00:00-08:00\n---\nJoin us after the talks.\n",
    );
    let o = feedcal(root, &["check", "-v"]);
    let (out, err) = text(&o);
    assert_eq!(o.status.code(), Some(0), "{out}\n{err}");
    assert!(out.contains("events/2024/summit-na/_index.md"), "{out}");
    assert!(
        out.contains("event: 2024-11-11 09:00 (Mon) – 17:00 America/Los_Angeles\n"),
        "{out}"
    );
    assert!(!out.contains("content/events/2024/_index.md"), "{out}");
    let o = feedcal(root, &["build", "-v"]);
    let (out, err) = text(&o);
    assert_eq!(o.status.code(), Some(0), "{out}\n{err}");
    assert!(
        err.contains("2023/_index.md: section list page whose front matter states no event"),
        "{err}"
    );
    assert!(
        err.contains(
            "2024/_index.md: section list page over sections that are events: a listing of them, not an event"
        ),
        "{err}"
    );
    let ics = fs::read_to_string(root.join("public/feeds/events.ics")).expect("events.ics");
    assert_eq!(
        dtstarts(&ics),
        [
            "DTSTART;TZID=America/Los_Angeles:20241111T090000",
            "DTSTART;TZID=America/Los_Angeles:20241111T180000"
        ],
        "{ics}"
    );
    // The summit's page is where Hugo publishes its section: named by its folder.
    let rss = fs::read_to_string(root.join("public/feeds/rss.xml")).expect("rss.xml");
    assert!(
        rss.contains("<link>https://contrib.example.org/events/2024/summit-na/</link>"),
        "{rss}"
    );
    assert!(!rss.contains("<title>2024</title>") && !rss.contains("<title>Events</title>"));
}

#[test]
fn jekyll_collections_dir_and_a_key_written_twice() {
    let dir = tempfile::tempdir().expect("tempdir");
    let root = dir.path();
    write(
        root,
        "_config.yml",
        "title: 学生 Linux 用户协会\nurl: \"https://lug.example.edu.cn\"\ntimezone: Asia/Shanghai\n\
         relative_links:\n  enabled: true\ncollections_dir: pages\ncollections:\n  news:\n    output: true\n\
         relative_links:\n  enabled: false\n",
    );
    write(
        root,
        "feedcal.toml",
        "[sections._news]\nkind = \"events\"\n",
    );
    write(
        root,
        "pages/_news/2024/2024-09-10-install-party.md",
        "---\ntitle: 新生 Linux 安装活动\n---\n\n本次活动将于 2024 年 9 月 21 日（周六）14:00-17:00 在东区活动室举行。\n",
    );
    let o = feedcal(root, &["check", "-v"]);
    let (out, err) = text(&o);
    assert_eq!(o.status.code(), Some(0), "{out}\n{err}");
    assert!(
        (out.clone() + &err).contains("relative_links"),
        "the repeated key is named: {out}\n{err}"
    );
    assert!(out.contains("2024-09-21 14:00 (Sat) – 17:00"), "{out}");
}

#[test]
fn comments_imported_into_the_front_matter_are_not_the_event() {
    let dir = tempfile::tempdir().expect("tempdir");
    let root = dir.path();
    write(
        root,
        "_config.yml",
        "title: LUG\nurl: \"https://lug.example.edu.cn\"\ntimezone: Asia/Shanghai\n",
    );
    write(
        root,
        "feedcal.toml",
        "[sections._posts]\nkind = \"events\"\n",
    );
    write(
        root,
        "_posts/2014-09-10-sfd.md",
        "---\ntitle: 软件自由日\ncomments:\n  - author: 小明\n    date: 2014-10-21 01:01:00\n    content: 好活动！\n  - author: 小红\n    date: 2014-10-22 09:30:00\n    content: 下次还来\n---\n\n软件自由日活动将于 2014 年 9 月 20 日下午 14:00 在图书馆报告厅举行。\n",
    );
    let o = feedcal(root, &["check", "-v"]);
    let (out, err) = text(&o);
    assert_eq!(o.status.code(), Some(0), "{out}\n{err}");
    assert!(out.contains("event: 2014-09-20 14:00 (Sat)"), "{out}");
    assert!(!out.contains("session"), "{out}");
}

#[test]
fn zola_pages_in_the_content_root_are_its_root_section() {
    let dir = tempfile::tempdir().expect("tempdir");
    let root = dir.path();
    write(
        root,
        "config.toml",
        "base_url = \"https://devs.example.org\"\ntitle = \"Devs\"\n",
    );
    write(root, "content/_index.md", "+++\ntitle = \"Home\"\n+++\n");
    write(
        root,
        "content/2025-01-28-seminar-27.md",
        "+++\ntitle = \"Seminar #27\"\n+++\n\n- Time: Tuesday, January 28, 2025, 17:00-19:00\n",
    );
    let o = feedcal(root, &["check", "-v"]);
    let (out, err) = text(&o);
    assert!(o.status.success(), "{out}\n{err}");
    assert!(out.contains("content/2025-01-28-seminar-27.md"), "{out}");
    assert!(
        out.contains("event: 2025-01-28 17:00 (Tue) – 19:00"),
        "{out}"
    );
}

#[test]
fn a_postponement_without_a_new_time_is_cancelled_one_with_a_time_is_that_event() {
    let dir = tempfile::tempdir().expect("tempdir");
    let root = dir.path();
    write(
        root,
        "_config.yml",
        "title: Club\nurl: \"https://club.example.org\"\ntimezone: Asia/Shanghai\n",
    );
    write(
        root,
        "feedcal.toml",
        "[sections._posts]\nkind = \"events\"\n",
    );
    // Said only in the summary, and no new date yet.
    write(
        root,
        "_posts/2024-03-01-sprint.md",
        "---\ntitle: \"About our spring sprint\"\nteaser: \"Spring sprint postponed\"\n---\n\nWe will not run the sprint this spring as planned; a new date will follow.\n",
    );
    write(
        root,
        "_posts/2024-03-02-salon.md",
        "---\ntitle: 春季沙龙延期通知\n---\n\n因场地原因，本期沙龙延期举行，具体时间另行通知。\n",
    );
    // Put off to a time the post gives: that time is the event, still on.
    write(
        root,
        "_posts/2024-03-03-talk.md",
        "---\ntitle: 技术分享会延期通知\n---\n\n本次分享会改期至 2024 年 3 月 23 日 14:00 举行，欢迎参加。\n",
    );
    // A deadline or registration put off is not the event put off: the
    // contest is still on, its time not yet given.
    write(
        root,
        "_posts/2024-03-04-contest.md",
        "---\ntitle: 开源大赛报名延期至 3 月 30 日\n---\n\n报名截止时间延期至 2024 年 3 月 30 日，决赛时间另行通知。\n",
    );
    write(
        root,
        "_posts/2024-03-05-cfp.md",
        "---\ntitle: \"Summit CFP deadline postponed\"\n---\n\nYou can now send talks until 30 March 2024; the summit dates follow soon.\n",
    );
    let o = feedcal(root, &["check", "-v"]);
    let (out, err) = text(&o);
    let block = |slug: &str| -> String {
        out.split("\n/")
            .find(|b| b.contains(slug))
            .unwrap_or_else(|| panic!("{slug} not in {out}\n{err}"))
            .to_string()
    };
    assert!(!block("contest.md").contains("status: cancelled"), "{out}");
    assert!(!block("cfp.md").contains("status: cancelled"), "{out}");
    assert!(block("sprint.md").contains("status: cancelled"), "{out}");
    assert!(block("salon.md").contains("status: cancelled"), "{out}");
    let talk = block("talk.md");
    assert!(talk.contains("event: 2024-03-23 14:00"), "{talk}");
    assert!(!talk.contains("status: cancelled"), "{talk}");
}
