//! The command line as a user runs it: flags, messages, exit codes.

use crate::common;

use assert_cmd::Command;
use predicates::prelude::*;
use std::fs;

fn feedcal() -> Command {
    let mut c = Command::cargo_bin("feedcal").unwrap();
    c.current_dir(common::root());
    c
}

#[test]
fn help_explains_commands_flags_and_exit_codes() {
    feedcal()
        .arg("--help")
        .assert()
        .success()
        .stdout(predicate::str::contains("build"))
        .stdout(predicate::str::contains("check"))
        .stdout(predicate::str::contains("--config"))
        .stdout(predicate::str::contains("--content"))
        .stdout(predicate::str::contains("--out"))
        .stdout(predicate::str::contains("--quiet"))
        .stdout(predicate::str::contains("Exit codes"))
        .stdout(predicate::str::contains("Examples"));
    feedcal()
        .arg("--version")
        .assert()
        .success()
        .stdout(predicate::str::contains(env!("CARGO_PKG_VERSION")));
}

#[test]
fn default_run_builds_the_samples_and_summarises() {
    let tmp = tempfile::tempdir().unwrap();
    feedcal()
        .args(["build", "--out"])
        .arg(tmp.path())
        .assert()
        .success()
        .stdout(predicate::str::contains("read 12 posts"))
        .stdout(predicate::str::contains("events.ics"))
        .stdout(predicate::str::contains("rss.xml"));
    for f in [
        "rss.xml",
        "atom.xml",
        "events.ics",
        "zh/activities/events.ics",
        "en/blog/atom.xml",
    ] {
        assert!(tmp.path().join(f).is_file(), "{f}");
    }
}

#[test]
fn quiet_prints_nothing_on_success() {
    let tmp = tempfile::tempdir().unwrap();
    feedcal()
        .args(["build", "--quiet", "--out"])
        .arg(tmp.path())
        .assert()
        .success()
        .stdout("")
        .stderr("");
}

#[test]
fn drafts_only_with_the_flag() {
    let tmp = tempfile::tempdir().unwrap();
    feedcal()
        .args(["build", "--out"])
        .arg(tmp.path())
        .assert()
        .success();
    let rss = fs::read_to_string(tmp.path().join("zh/activities/rss.xml")).unwrap();
    assert!(!rss.contains("草稿"));
    feedcal()
        .args(["build", "--drafts", "--out"])
        .arg(tmp.path())
        .assert()
        .success();
    let rss = fs::read_to_string(tmp.path().join("zh/activities/rss.xml")).unwrap();
    assert!(rss.contains("草稿"));
}

#[test]
fn check_writes_nothing_and_reports_per_post() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("never");
    feedcal()
        .args(["check", "--out"])
        .arg(&out)
        .assert()
        .stdout(predicate::str::contains(
            "feeds/content/zh/activities/meetup-hangzhou-12/index.md",
        ))
        .stdout(predicate::str::contains("event posts"));
    assert!(!out.exists(), "check wrote nothing");
}

#[test]
fn check_json_is_machine_readable() {
    let out = feedcal()
        .args(["check", "--format", "json"])
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("valid JSON");
    assert_eq!(v["summary"]["posts"], 12);
    let posts = v["posts"].as_array().unwrap();
    let meetup = posts
        .iter()
        .find(|p| p["path"] == "zh/activities/meetup-hangzhou-12/index.md")
        .unwrap();
    assert_eq!(meetup["event"]["when"]["kind"], "timed");
    assert_eq!(meetup["event"]["when"]["start"], "2024-05-18T13:30:00");
    assert_eq!(meetup["event"]["when"]["zone"], "Asia/Shanghai");
}

#[test]
fn deny_warnings_fails_when_a_post_warns() {
    // The sample site has an honest weekday warning (webinar-5) and a post without a time.
    feedcal()
        .args(["check", "--quiet", "--deny", "warnings"])
        .assert()
        .code(1);
    feedcal().args(["check", "--quiet"]).assert().code(0);
}

#[test]
fn bad_config_names_the_key_and_exits_2() {
    let tmp = tempfile::tempdir().unwrap();
    let cfg = tmp.path().join("feedcal.toml");
    fs::write(&cfg, "time_zone = \"Asia/Shanghia\"\n").unwrap();
    feedcal()
        .arg("--config")
        .arg(&cfg)
        .arg("build")
        .assert()
        .code(2)
        .stderr(predicate::str::contains("time_zone"))
        .stderr(predicate::str::contains("Asia/Shanghai"));
    fs::write(&cfg, "[sections.news]\nkind = \"feed\"\n").unwrap();
    feedcal()
        .arg("--config")
        .arg(&cfg)
        .arg("check")
        .assert()
        .code(2)
        .stderr(predicate::str::contains("sections.news.kind"));
    feedcal()
        .args(["--config", "/nonexistent/feedcal.toml", "build"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("cannot read the config file"));
}

#[test]
fn missing_content_folder_is_a_usage_error() {
    let tmp = tempfile::tempdir().unwrap();
    feedcal()
        .args(["build", "--content", "/nonexistent/content", "--out"])
        .arg(tmp.path())
        .assert()
        .code(2)
        .stderr(predicate::str::contains("content folder"));
}

#[test]
fn works_without_a_config_file() {
    let tmp = tempfile::tempdir().unwrap();
    let content = tmp.path().join("content/activities/m1");
    fs::create_dir_all(&content).unwrap();
    fs::write(
        content.join("index.md"),
        "---\ntitle: M1\ndate: 2024-01-02\n---\n- 活动时间：2024 年 1 月 20 日 14:00-16:00\n",
    )
    .unwrap();
    let out = tmp.path().join("out");
    Command::cargo_bin("feedcal")
        .unwrap()
        .current_dir(tmp.path())
        .args(["build", "--content", "content", "--out", "out"])
        .assert()
        .success();
    assert!(out.join("events.ics").is_file());
}

#[test]
fn bad_post_is_reported_with_file_and_line_and_others_still_published() {
    let tmp = tempfile::tempdir().unwrap();
    let act = tmp.path().join("content/zh/activities");
    fs::create_dir_all(act.join("good")).unwrap();
    fs::create_dir_all(act.join("bad")).unwrap();
    fs::write(
        act.join("good/index.md"),
        "---\ntitle: Good\ndate: 2024-01-02\n---\nbody\n",
    )
    .unwrap();
    fs::write(
        act.join("bad/index.md"),
        "---\ntitle: Bad\ntags: [a, b\n---\nbody\n",
    )
    .unwrap();
    let out = tmp.path().join("out");
    feedcal()
        .arg("build")
        .arg("--content")
        .arg(tmp.path().join("content"))
        .arg("--out")
        .arg(&out)
        .assert()
        .code(1)
        .stderr(predicate::str::contains("bad/index.md:4:1"))
        .stderr(predicate::str::contains("YAML"));
    let rss = fs::read_to_string(out.join("rss.xml")).unwrap();
    assert!(rss.contains("<title>Good</title>"));
}

#[test]
fn verbose_names_the_files_left_out_and_why() {
    let content = tempfile::tempdir().unwrap();
    let write = |rel: &str, text: &str| {
        let p = content.path().join(rel);
        fs::create_dir_all(p.parent().unwrap()).unwrap();
        fs::write(p, text).unwrap();
    };
    let post = "---\ntitle: \"Meetup\"\ndate: 2024-05-18T10:00:00+08:00\n---\n- 活动时间：2024 年 5 月 18 日 14:00-17:00\n";
    write("zh/activities/meetup/index.md", post);
    write("zh/activities/meetup/notes.md", "notes of the bundle\n");
    write("zh/elsewhere/page/index.md", post);
    let out = tempfile::tempdir().unwrap();
    let assert = feedcal()
        .args(["build", "-v", "--content"])
        .arg(content.path())
        .arg("--out")
        .arg(out.path())
        .assert()
        .success();
    let stderr = String::from_utf8_lossy(&assert.get_output().stderr).into_owned();
    assert!(
        stderr.contains("notes.md: bundle resource or nested page"),
        "{stderr}"
    );
    assert!(
        stderr.contains("zh/elsewhere: section not in the config"),
        "{stderr}"
    );
}

/// A malformed `SOURCE_DATE_EPOCH` is an error (the convention asks for
/// one), not a silent fall back to the clock; `--today` overrides it.
#[test]
fn a_malformed_source_date_epoch_is_a_usage_error() {
    let tmp = tempfile::tempdir().unwrap();
    feedcal()
        .env("SOURCE_DATE_EPOCH", "yesterday")
        .args(["build", "--out"])
        .arg(tmp.path())
        .assert()
        .code(2)
        .stderr(predicate::str::contains("SOURCE_DATE_EPOCH"));
    assert!(!tmp.path().join("rss.xml").exists(), "nothing written");
    feedcal()
        .env("SOURCE_DATE_EPOCH", "yesterday")
        .args(["--quiet", "build", "--today", "2024-11-25", "--out"])
        .arg(tmp.path())
        .assert()
        .success();
}

/// Completions come from the same clap definitions as `--help`: every
/// command and the new flags are in them; an unknown shell is a usage error.
#[test]
fn completions_for_each_shell() {
    let bash = feedcal().args(["completions", "bash"]).output().unwrap();
    assert!(bash.status.success());
    let bash = String::from_utf8(bash.stdout).unwrap();
    for word in ["build", "check", "init", "--previous", "--site", "--report"] {
        assert!(bash.contains(word), "bash completion lacks {word}");
    }
    assert!(bash.contains("complete -F"), "a bash completion script");
    for (shell, marker) in [
        ("zsh", "#compdef feedcal"),
        ("fish", "complete -c feedcal"),
        ("elvish", "feedcal"),
        ("powershell", "feedcal"),
    ] {
        feedcal()
            .args(["completions", shell])
            .assert()
            .success()
            .stdout(predicate::str::contains(marker));
    }
    feedcal()
        .args(["completions", "tcsh"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("bash"));
}

/// The man page is roff with a title line, every command, and the exit codes.
#[test]
fn man_page_is_roff_with_the_commands_and_exit_codes() {
    let o = feedcal().arg("man").output().unwrap();
    assert!(o.status.success());
    let man = String::from_utf8(o.stdout).unwrap();
    assert!(man.lines().any(|l| l.starts_with(".TH feedcal 1")), "{man}");
    assert!(man.contains(".SH NAME") && man.contains(".SH SYNOPSIS"));
    for word in ["build", "check", "init", "completions", "Exit codes", "75"] {
        assert!(man.contains(word), "man page lacks {word}");
    }
}
