//! Running from cron: one run at a time (exit 75, `--wait`), the shrink guard
//! (exit 3, `--allow-shrink`, `shrink_guard`), `--quiet`, `--report`, and the
//! exit codes as `--help` documents them.

use crate::cron_support;

use std::fs;
use std::time::{Duration, Instant};

use cron_support::Site;
use predicates::prelude::*;

#[test]
fn help_documents_exit_codes_and_cron_flags() {
    let site = Site::new();
    site.cmd()
        .arg("--help")
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "75  another feedcal run holds the output folder's lock",
        ))
        .stdout(predicate::str::contains(
            "3   refused to publish (shrink guard, self-check",
        ))
        .stdout(predicate::str::contains(
            "2   bad usage or configuration, nothing written",
        ))
        .stdout(predicate::str::contains(
            "1   published (or checked), but some posts were skipped",
        ));
    site.cmd()
        .args(["build", "--help"])
        .assert()
        .success()
        .stdout(predicate::str::contains("--wait <SECONDS>"))
        .stdout(predicate::str::contains("--allow-shrink"))
        .stdout(predicate::str::contains("--report <FILE>"));
}

#[test]
fn a_second_run_exits_75_while_the_first_holds_the_lock() {
    let site = Site::new();
    site.good_posts();
    // The test plays the first run: it holds the lock the way `build` does.
    let held = feedcal::lock::acquire(&site.out(), None, || {}).unwrap();
    let report = site.root().join("report.json");
    let started = Instant::now();
    site.build()
        .arg("--report")
        .arg(&report)
        .assert()
        .code(75)
        .stdout("")
        .stderr(predicate::str::contains(
            "another feedcal run is publishing to",
        ))
        .stderr(predicate::str::contains("--wait SECONDS"));
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "without --wait it does not wait"
    );
    assert!(!site.out().join("rss.xml").exists(), "nothing written");
    assert!(
        !report.exists(),
        "the run holding the lock writes the report, not this one"
    );

    // --wait gives up after its time, still with 75 and saying so.
    site.build()
        .args(["--wait", "1"])
        .assert()
        .code(75)
        .stderr(predicate::str::contains("waiting up to 1 s"))
        .stderr(predicate::str::contains("after waiting 1 s"));

    // --wait takes over as soon as the lock is released.
    let releaser = std::thread::spawn(move || {
        std::thread::sleep(Duration::from_millis(700));
        drop(held);
    });
    site.build().args(["--wait", "30"]).assert().code(0);
    releaser.join().unwrap();
    site.assert_good_posts_published();
}

#[test]
fn quiet_prints_nothing_on_success_and_only_errors_otherwise() {
    let site = Site::new();
    site.good_posts();
    // A warning alone is still success: nothing printed.
    site.write(
        "zh/activities/gbk/index.md",
        encoding_rs::GB18030
            .encode(&cron_support::event_text("国标", 20))
            .0
            .as_ref(),
    );
    site.cmd()
        .args(["--quiet", "build"])
        .assert()
        .code(0)
        .stdout("")
        .stderr("");
    site.write(
        "zh/activities/bad/index.md",
        "---\ntitle: Bad\ndate: 2023-02-30\n---\n",
    );
    let o = site.cmd().args(["--quiet", "build"]).output().unwrap();
    assert_eq!(o.status.code(), Some(1));
    assert!(o.stdout.is_empty());
    let err = String::from_utf8(o.stderr).unwrap();
    assert!(!err.is_empty());
    assert!(
        err.lines().all(|l| l.starts_with("error: ")),
        "only errors:\n{err}"
    );
    assert!(err.contains("bad/index.md:3:"));
}

fn remove_posts(site: &Site, range: std::ops::RangeInclusive<u32>) {
    for i in range {
        fs::remove_dir_all(site.content().join(format!("zh/activities/good-{i}"))).unwrap();
    }
}

#[test]
fn shrink_guard_refuses_to_publish_a_calendar_that_lost_most_events() {
    let site = Site::new();
    site.good_posts();
    site.event("good-6", "Good 6", 22);
    site.build().assert().code(0);
    let before = cron_support::snapshot(&site.out());
    // 6 → 2 events: two thirds lost, more than the default half.
    remove_posts(&site, 1..=4);
    let report = site.root().join("last-run.json");
    let o = site.build().arg("--report").arg(&report).output().unwrap();
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(3), "{err}");
    for needle in [
        "nothing published: refused to publish",
        "more than 50% of their items (shrink_guard = 0.5)",
        "out/events.ics: 6 events published, 2 in this run",
        "out/rss.xml: 6 items published, 2 in this run",
        "out/zh/activities/atom.xml: 6 items published, 2 in this run",
        "run again with --allow-shrink",
        "`shrink_guard`",
        "check the content folder",
    ] {
        assert!(err.contains(needle), "missing {needle:?} in\n{err}");
    }
    assert_eq!(
        cron_support::snapshot(&site.out()),
        before,
        "old files kept"
    );
    let r: serde_json::Value = serde_json::from_slice(&fs::read(&report).unwrap()).unwrap();
    assert_eq!(r["exit_code"], 3);
    assert_eq!(r["status"], "not-published");
    assert!(r["message"]
        .as_str()
        .unwrap()
        .contains("refused to publish"));
    let shrunk = r["shrunk"].as_array().unwrap();
    assert!(
        shrunk
            .iter()
            .any(|s| s["kind"] == "ics" && s["published"] == 6 && s["new"] == 2),
        "{shrunk:?}"
    );

    // On purpose: --allow-shrink publishes.
    site.build().arg("--allow-shrink").assert().code(0);
    assert_eq!(site.calendar_summaries().len(), 2);
}

#[test]
fn shrink_guard_share_comes_from_the_config() {
    let site = Site::with_config("shrink_guard = 0.8");
    site.good_posts();
    site.event("good-6", "Good 6", 22);
    site.build().assert().code(0);
    remove_posts(&site, 1..=4);
    site.build().assert().code(0);
    // Everything gone (a failed checkout): still refused at 0.8.
    remove_posts(&site, 5..=6);
    site.build()
        .assert()
        .code(3)
        .stderr(predicate::str::contains(
            "2 events published, 0 in this run",
        ));
    fs::write(
        site.config(),
        fs::read_to_string(site.config())
            .unwrap()
            .replace("shrink_guard = 0.8", "shrink_guard = 2"),
    )
    .unwrap();
    site.build()
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "`shrink_guard`: 2 is not a share between 0 and 1",
        ));
}

#[test]
fn report_summarises_the_run_for_monitoring() {
    let site = Site::new();
    site.good_posts();
    site.write(
        "zh/activities/bad/index.md",
        "---\ntitle: Bad\ndate: 2023-02-30\n---\n",
    );
    site.write(
        "zh/activities/typed/index.md",
        "---\ntitle: 7\ndate: 2024-05-01\n---\nbody\n",
    );
    let report = site.root().join("monitor/last-run.json");
    fs::create_dir_all(report.parent().unwrap()).unwrap();
    site.build().arg("--report").arg(&report).assert().code(1);
    let r: serde_json::Value = serde_json::from_slice(&fs::read(&report).unwrap()).unwrap();
    assert_eq!(r["format"], 1);
    assert_eq!(r["exit_code"], 1);
    assert_eq!(r["status"], "published-with-errors");
    assert_eq!(r["counts"]["posts"], 6);
    assert_eq!(r["counts"]["errors"], 1);
    let errors = r["errors"].as_array().unwrap();
    assert!(errors[0]["path"]
        .as_str()
        .unwrap()
        .ends_with("bad/index.md"));
    assert_eq!(errors[0]["line"], 3);
    assert!(errors[0]["hint"]
        .as_str()
        .unwrap()
        .contains("write an existing date"));
    let warnings = r["warnings"].as_array().unwrap();
    assert!(warnings
        .iter()
        .any(|w| w["kind"] == "front-matter-field" && w["line"] == 2));
    let files = r["files"].as_array().unwrap();
    assert!(files.iter().all(|f| f["status"] == "written"));
    assert!(files.iter().any(|f| f["kind"] == "ics" && f["items"] == 5));

    site.build().arg("--report").arg(&report).assert().code(1);
    let r: serde_json::Value = serde_json::from_slice(&fs::read(&report).unwrap()).unwrap();
    assert!(r["files"]
        .as_array()
        .unwrap()
        .iter()
        .all(|f| f["status"] == "unchanged"));
    // Written atomically: nothing but the report in its folder.
    assert_eq!(fs::read_dir(report.parent().unwrap()).unwrap().count(), 1);

    // A bad config is reported too (exit 2, nothing written).
    fs::write(site.config(), "time_zone = \"Mars/Olympus\"\n").unwrap();
    site.build().arg("--report").arg(&report).assert().code(2);
    let r: serde_json::Value = serde_json::from_slice(&fs::read(&report).unwrap()).unwrap();
    assert_eq!(r["status"], "usage-error");
    assert!(r["message"].as_str().unwrap().contains("time_zone"));
}

#[test]
fn bad_usage_writes_nothing() {
    let site = Site::new();
    site.good_posts();
    site.build()
        .args(["--content", "does-not-exist"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "does-not-exist: the content folder does not exist",
        ));
    assert!(!site.out().exists(), "not even the output folder");
}

#[test]
fn stale_staging_folders_of_killed_runs_are_removed() {
    let site = Site::new();
    site.good_posts();
    let stale = site.out().join(".feedcal-staging-4242");
    fs::create_dir_all(&stale).unwrap();
    fs::write(stale.join("0-rss.xml"), "<rss><chan").unwrap();
    site.build().assert().code(0);
    assert!(!stale.exists());
    let names = cron_support::files_under(&site.out());
    assert!(
        names
            .iter()
            .all(|n| !n.contains("staging") && !n.contains("tmp")),
        "{names:?}"
    );
}
