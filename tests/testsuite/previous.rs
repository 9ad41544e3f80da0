//! `--previous DIR|URL`: a build into a clean folder (CI) continues each
//! event's SEQUENCE from the calendars published elsewhere, read from a
//! folder or over HTTP from a server this test starts on 127.0.0.1; when
//! they cannot be read, nothing is published and the run exits 4.

use std::fs;
use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;
use std::path::Path;

use crate::cron_support::{calendar_events, snapshot, Site, DOMAIN};

/// The exit code documented for "the previous calendars could not be read".
const PREVIOUS_UNREADABLE: i32 = 4;

/// A tiny HTTP/1.1 server on 127.0.0.1: `routes` maps a path to (status,
/// body); any other path is a 404. Serves until the test process ends.
fn serve(routes: Vec<(&'static str, u16, Vec<u8>)>) -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1");
    let port = listener.local_addr().expect("addr").port();
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { continue };
            let mut reader = BufReader::new(stream.try_clone().expect("clone"));
            let mut request_line = String::new();
            if reader.read_line(&mut request_line).is_err() {
                continue;
            }
            // The headers, up to the blank line.
            let mut line = String::new();
            while reader.read_line(&mut line).is_ok_and(|n| n > 0) && line != "\r\n" {
                line.clear();
            }
            let path = request_line.split(' ').nth(1).unwrap_or("");
            let (status, body) = routes
                .iter()
                .find(|(p, _, _)| *p == path)
                .map(|(_, s, b)| (*s, b.clone()))
                .unwrap_or((404, b"not found".to_vec()));
            let head = format!(
                "HTTP/1.1 {status} X\r\nContent-Type: text/calendar\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
                body.len()
            );
            let _ = stream.write_all(head.as_bytes());
            let _ = stream.write_all(&body);
        }
    });
    port
}

/// A port nothing listens on: bound, then let go.
fn closed_port() -> u16 {
    let l = TcpListener::bind("127.0.0.1:0").expect("bind");
    l.local_addr().expect("addr").port()
}

const UID_PATH: &str = "zh/activities/meetup";

fn meetup(day: u32) -> String {
    format!(
        "---\ntitle: \"Meetup\"\ndate: 2024-05-01T10:00:00+08:00\nevent:\n  start: 2024-05-{day:02} 14:00\n  end: 2024-05-{day:02} 16:00\n---\nCome.\n"
    )
}

fn sequence_of(out: &Path) -> String {
    let uid = format!("{UID_PATH}@{DOMAIN}");
    calendar_events(&out.join("events.ics"))
        .into_iter()
        .find(|e| e.get("UID") == Some(&uid))
        .unwrap_or_else(|| panic!("{uid} not in events.ics"))["SEQUENCE"]
        .clone()
}

/// Publishes the meetup on the 20th, then moves it to the 21st and empties
/// the output folder, as a CI job starts; returns the published calendar.
fn published_then_moved(site: &Site) -> Vec<u8> {
    site.write(&format!("{UID_PATH}/index.md"), meetup(20));
    site.build().assert().code(0);
    assert_eq!(sequence_of(&site.out()), "0");
    let published = fs::read(site.out().join("events.ics")).expect("events.ics");
    fs::remove_dir_all(site.out()).expect("clean the output folder");
    site.write(&format!("{UID_PATH}/index.md"), meetup(21));
    published
}

#[test]
fn a_moved_event_gets_the_next_sequence_from_a_url() {
    let site = Site::new();
    let published = published_then_moved(&site);
    let port = serve(vec![("/feeds/events.ics", 200, published)]);
    site.build()
        // Without the trailing slash: it names the folder all the same.
        .args(["--previous", &format!("http://127.0.0.1:{port}/feeds")])
        .assert()
        .code(0);
    assert_eq!(sequence_of(&site.out()), "1", "moved: SEQUENCE+1");

    // What --previous prevents: a clean build on its own restarts at 0.
    fs::remove_dir_all(site.out()).expect("clean");
    site.build().assert().code(0);
    assert_eq!(sequence_of(&site.out()), "0");
}

#[test]
fn the_config_key_names_a_url_and_the_flag_wins() {
    let published = {
        let s = Site::new();
        published_then_moved(&s)
    };
    let port = serve(vec![("/feeds/events.ics", 200, published)]);
    let site = Site::with_config(&format!("previous = \"http://127.0.0.1:{port}/feeds/\""));
    site.write(&format!("{UID_PATH}/index.md"), meetup(21));
    site.build().assert().code(0);
    assert_eq!(sequence_of(&site.out()), "1");

    // The flag overrides the key: this folder does not exist, so the run fails.
    let o = site
        .build()
        .args(["--previous", "no-such-folder"])
        .output()
        .expect("run");
    assert_eq!(o.status.code(), Some(PREVIOUS_UNREADABLE));
}

#[test]
fn a_folder_works_too() {
    let site = Site::new();
    let published = published_then_moved(&site);
    let copy = site.root().join("deployed");
    fs::create_dir_all(&copy).expect("mkdir");
    fs::write(copy.join("events.ics"), published).expect("write");
    site.build().arg("--previous").arg(&copy).assert().code(0);
    assert_eq!(sequence_of(&site.out()), "1");

    // Relative to the config file's folder when it is the config key.
    let keyed = Site::with_config("previous = \"deployed\"");
    fs::create_dir_all(keyed.root().join("deployed")).expect("mkdir");
    fs::copy(
        copy.join("events.ics"),
        keyed.root().join("deployed/events.ics"),
    )
    .expect("copy");
    keyed.write(&format!("{UID_PATH}/index.md"), meetup(21));
    keyed.build().assert().code(0);
    assert_eq!(sequence_of(&keyed.out()), "1");
}

/// Runs a build with `--previous url` over an output folder that holds a
/// published run; asserts exit 4, an error naming `url`, and the folder
/// byte for byte as it was. Returns stderr.
fn fails_and_publishes_nothing(url: &str) -> String {
    let site = Site::new();
    site.write(&format!("{UID_PATH}/index.md"), meetup(20));
    site.build().assert().code(0);
    let before = snapshot(&site.out());
    site.write(&format!("{UID_PATH}/index.md"), meetup(21));
    let report = site.root().join("report.json");
    let o = site
        .build()
        .args(["--previous", url])
        .arg("--report")
        .arg(&report)
        .output()
        .expect("run");
    let stderr = String::from_utf8_lossy(&o.stderr).into_owned();
    assert_eq!(o.status.code(), Some(PREVIOUS_UNREADABLE), "{stderr}");
    assert!(stderr.contains("nothing published"), "{stderr}");
    assert!(
        stderr.contains(url.trim_end_matches('/')),
        "names the URL: {stderr}"
    );
    assert_eq!(
        snapshot(&site.out()),
        before,
        "the output folder is untouched"
    );
    let report: serde_json::Value =
        serde_json::from_slice(&fs::read(&report).expect("report")).expect("json");
    assert_eq!(report["exit_code"], PREVIOUS_UNREADABLE);
    assert_eq!(report["status"], "previous-unreadable");
    assert!(report["hint"].as_str().is_some_and(|h| !h.is_empty()));
    stderr
}

#[test]
fn server_down_is_an_error_and_nothing_is_published() {
    let url = format!("http://127.0.0.1:{}/feeds/", closed_port());
    let stderr = fails_and_publishes_nothing(&url);
    assert!(stderr.contains("cannot connect"), "{stderr}");
    assert!(stderr.contains("run again"), "says what to do: {stderr}");
}

#[test]
fn not_found_says_how_to_publish_the_first_time() {
    let port = serve(vec![]);
    let stderr = fails_and_publishes_nothing(&format!("http://127.0.0.1:{port}/feeds/"));
    assert!(stderr.contains("HTTP 404"), "{stderr}");
    assert!(stderr.contains("without --previous"), "{stderr}");
}

#[test]
fn a_page_that_is_not_a_calendar_is_refused() {
    let port = serve(vec![
        (
            "/feeds/events.ics",
            200,
            b"<!doctype html><title>Welcome</title>".to_vec(),
        ),
        ("/broken/events.ics", 503, b"maintenance".to_vec()),
    ]);
    let stderr = fails_and_publishes_nothing(&format!("http://127.0.0.1:{port}/feeds/"));
    assert!(stderr.contains("is not a calendar"), "{stderr}");
    let stderr = fails_and_publishes_nothing(&format!("http://127.0.0.1:{port}/broken/"));
    assert!(stderr.contains("HTTP 503"), "{stderr}");
}

#[test]
fn a_bad_value_is_a_usage_error() {
    let site = Site::new();
    site.write(&format!("{UID_PATH}/index.md"), meetup(20));
    let o = site
        .build()
        .args(["--previous", "ftp://example.org/feeds/"])
        .output()
        .expect("run");
    assert_eq!(o.status.code(), Some(2));
    assert!(!site.out().exists(), "nothing written");
    let keyed = Site::with_config("previous = \"gopher://x/\"");
    let o = keyed.build().output().expect("run");
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("previous"));
}
