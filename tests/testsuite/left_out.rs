//! Nothing vanishes silently: a post left out of an output it belongs to is
//! counted by `build`, named with its reason by `check` (text and JSON), and
//! fails `check --deny warnings`.

use crate::cron_support::Site;

/// A blog post with front matter but no date of any kind, and an event post
/// whose time cannot be read, beside good posts.
fn site() -> Site {
    let site = Site::new();
    site.good_posts();
    site.write(
        "zh/blog/undated/index.md",
        "---\ntitle: \"Undated\"\n---\nA post that never says when it was written.\n",
    );
    site.write(
        "zh/activities/someday/index.md",
        "---\ntitle: \"Someday\"\ndate: 2024-05-02T10:00:00+08:00\n---\nWe will meet again, some day.\n",
    );
    site
}

#[test]
fn build_counts_the_posts_left_out_of_feeds() {
    let site = site();
    let out = site.build().assert().success().get_output().stdout.clone();
    let out = String::from_utf8(out).unwrap();
    assert!(
        out.contains("1 post(s) left out of every feed (no date)"),
        "{out}"
    );
    assert!(!site.rss_titles().contains("Undated"));
    assert!(site.rss_titles().contains("Someday"));
    assert!(!site.calendar_summaries().contains("Someday"));
}

#[test]
fn check_names_each_post_left_out_with_its_reason() {
    let site = site();
    let text = site
        .cmd()
        .arg("check")
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let text = String::from_utf8(text).unwrap();
    let block = text
        .split("\n")
        .skip_while(|l| !l.ends_with("zh/blog/undated/index.md"))
        .take(3)
        .collect::<Vec<_>>()
        .join("\n");
    assert!(block.contains("left out of feeds: no date"), "{text}");
    assert!(text.contains("1 left out of feeds"), "{text}");

    let json = site
        .cmd()
        .args(["check", "--format", "json"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let v: serde_json::Value = serde_json::from_slice(&json).unwrap();
    let posts = v["posts"].as_array().unwrap();
    let left_out = |path: &str| {
        posts
            .iter()
            .find(|p| p["path"] == path)
            .map(|p| p["left_out"].clone())
            .unwrap_or_else(|| panic!("{path} not in the report"))
    };
    assert_eq!(left_out("zh/blog/undated/index.md")[0]["from"], "feeds");
    assert_eq!(left_out("zh/blog/undated/index.md")[0]["reason"], "no-date");
    assert_eq!(
        left_out("zh/activities/someday/index.md")[0]["from"],
        "calendars"
    );
    assert_eq!(
        left_out("zh/activities/someday/index.md")[0]["reason"],
        "no-event-time"
    );
    assert!(left_out("zh/activities/good-1/index.md").is_null());
    assert_eq!(v["summary"]["left_out_of_feeds"], 1);
    assert_eq!(v["summary"]["left_out_of_calendars"], 1);
}

#[test]
fn deny_warnings_fails_on_a_post_left_out() {
    let site = Site::new();
    site.good_posts();
    site.write(
        "zh/blog/undated/index.md",
        "---\ntitle: \"Undated\"\n---\nA post that never says when it was written.\n",
    );
    // No warning of any kind: only the post left out fails the check.
    let json = site
        .cmd()
        .args(["check", "--format", "json"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let v: serde_json::Value = serde_json::from_slice(&json).unwrap();
    assert_eq!(v["summary"]["warnings"], 0, "{v}");
    site.cmd()
        .args(["check", "--deny", "warnings"])
        .assert()
        .code(1);
}
