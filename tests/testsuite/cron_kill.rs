//! A kill at any instant leaves every output either the previous complete
//! file or the new complete file, and whatever a killed run leaves behind
//! does not break the next run.
//!
//! The test writes a content tree of 3,000 posts, builds it once per content
//! version (A and B differ in the 40 newest posts' titles and bodies, so
//! every feed — the newest 50 posts — and every calendar — all 1,500 events —
//! differs between them) into reference folders, and checks that
//! every reference output parses (feed-rs for RSS and Atom, `ical` for
//! iCalendar). It then runs `feedcal build` over one output folder again and
//! again, alternating the content between A and B, and kills it with SIGKILL
//! at more than 50 moments spread over a whole run's duration. After each
//! kill every output present must be byte for byte the complete A or the
//! complete B version — and so parses, since those were parsed. Staging
//! folders of killed runs may be present; the next run must remove them and
//! must not find the lock taken.

#![cfg(unix)]

use crate::cron_support;

use std::collections::BTreeMap;
use std::fs;
use std::io::BufReader;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const POSTS: usize = 3000;
/// Posts whose text differs between versions A and B.
const CHANGING: usize = 40;
const KILLS: usize = 52;
/// Kills of a first-ever run, into an empty output folder.
const FIRST_RUN_KILLS: usize = 4;

fn post_text(i: usize, version: char) -> String {
    // Post 0 is the newest, so the changing posts are in every feed's newest 50.
    let year = 2024 - i / 336;
    let month = 12 - (i / 28) % 12;
    let day = 28 - i % 28;
    let date = format!("{year}-{month:02}-{day:02}");
    let changing = i < CHANGING;
    if i % 2 == 0 {
        // An event: its body (the calendar's DESCRIPTION) changes between versions,
        // its time, title and location do not, so SEQUENCE stays 0 in both.
        let body = if changing {
            format!("Version {version} of the agenda.")
        } else {
            "The agenda.".to_string()
        };
        format!(
            "---\ntitle: \"Event {i}\"\ndate: {date}T10:00:00+08:00\nevent:\n  start: {date} 14:00\n  end: {date} 16:00\n---\n{body}\n\n- 活动地点：Hall {i}\n"
        )
    } else {
        let title = if changing {
            format!("Post {i} ({version})")
        } else {
            format!("Post {i}")
        };
        format!("---\ntitle: \"{title}\"\ndate: {date}T10:00:00+08:00\n---\nA short post, number {i}.\n")
    }
}

fn rel(i: usize) -> String {
    let section = if i % 2 == 0 { "activities" } else { "blog" };
    format!("zh/{section}/post-{i:05}/index.md")
}

fn write_version(content: &Path, version: char, only_changing: bool) {
    let n = if only_changing { CHANGING } else { POSTS };
    for i in 0..n {
        let p = content.join(rel(i));
        if !only_changing {
            fs::create_dir_all(p.parent().unwrap()).unwrap();
        }
        fs::write(p, post_text(i, version)).unwrap();
    }
}

/// The binary under test, copied into the test's folder: this test runs for
/// most of a minute, and a `cargo build` elsewhere in the meantime must not
/// swap the program between two kills.
fn binary(root: &Path) -> std::path::PathBuf {
    let copy = root.join("feedcal-under-test");
    if !copy.exists() {
        fs::copy(env!("CARGO_BIN_EXE_feedcal"), &copy).unwrap();
    }
    copy
}

fn feedcal(root: &Path, out: &Path) -> Command {
    let mut c = Command::new(binary(root));
    c.current_dir(root)
        .arg("--config")
        .arg(root.join("feedcal.toml"))
        .arg("--out")
        .arg(out)
        .args(["--quiet", "build"])
        .stdout(Stdio::null())
        .stderr(Stdio::piped());
    c
}

fn build_ok(root: &Path, out: &Path) -> Duration {
    let start = Instant::now();
    let o = feedcal(root, out).output().unwrap();
    assert!(
        o.status.success(),
        "build failed: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    start.elapsed()
}

/// Parses one output with a reader we did not write; panics with the reason.
fn assert_parses(name: &str, bytes: &[u8]) {
    if name.ends_with(".ics") {
        let cal = ical::IcalParser::new(BufReader::new(bytes))
            .next()
            .unwrap_or_else(|| panic!("{name}: no calendar"))
            .unwrap_or_else(|e| panic!("{name}: {e}"));
        assert!(!cal.events.is_empty(), "{name}: no events");
    } else {
        let feed = feed_rs::parser::parse(bytes).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert!(!feed.entries.is_empty(), "{name}: no entries");
    }
}

const MANIFEST: &str = ".feedcal-manifest";

fn is_staging(rel: &str) -> bool {
    rel.starts_with(".feedcal-staging-")
}

/// Deterministic, varied order of the kill delays (a small LCG: no `rand` needed).
fn shuffled(n: usize) -> Vec<usize> {
    let mut v: Vec<usize> = (0..n).collect();
    let mut x: u64 = 0x2545_F491_4F6C_DD1D;
    for i in (1..n).rev() {
        x = x
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        v.swap(i, (x >> 33) as usize % (i + 1));
    }
    v
}

#[derive(Default, Debug)]
struct Seen {
    before_any_output: usize,
    all_old: usize,
    mixed: usize,
    all_new: usize,
    staging_left: usize,
}

#[test]
fn kill_9_at_any_moment_leaves_only_complete_files() {
    let started = Instant::now();
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path();
    fs::write(
        root.join("feedcal.toml"),
        "base_url = \"https://kill.example.org/\"\ncontent = \"content\"\nout = \"out\"\n\
         [sections.activities]\nkind = \"events\"\n[sections.blog]\nkind = \"posts\"\n\n[outputs]\njson_feed = false\nlanguages = false\ntags = false\ncategories = false\nevent_files = false\nindex_page = false\n",
    )
    .unwrap();
    let content = root.join("content");
    write_version(&content, 'A', false);

    // The complete versions, each parsed once.
    let mut reference: BTreeMap<char, BTreeMap<String, Vec<u8>>> = BTreeMap::new();
    for v in ['A', 'B'] {
        write_version(&content, v, true);
        let dir = root.join(format!("ref-{v}"));
        build_ok(root, &dir);
        let mut files = cron_support::snapshot(&dir);
        // feedcal's list of what it published: bookkeeping, the same in A and B.
        assert!(files.remove(MANIFEST).is_some(), "no {MANIFEST}");
        assert_eq!(files.len(), 8, "{:?}", files.keys().collect::<Vec<_>>());
        for (name, bytes) in &files {
            assert_parses(name, bytes);
        }
        reference.insert(v, files);
    }
    for (name, a) in &reference[&'A'] {
        assert_ne!(
            Some(a),
            reference[&'B'].get(name),
            "{name} must differ between A and B"
        );
    }

    let out = root.join("out");
    let version_of = |name: &str, bytes: &[u8]| -> Option<char> {
        ['A', 'B']
            .into_iter()
            .find(|v| reference[v].get(name).is_some_and(|r| r == bytes))
    };
    let check = |expected_new: char, seen: &mut Seen, what: &str| {
        let mut versions = Vec::new();
        let mut staging = false;
        for name in cron_support::files_under(&out) {
            if is_staging(&name) {
                staging = true;
                continue;
            }
            if name == MANIFEST {
                continue;
            }
            let bytes = fs::read(out.join(&name)).unwrap();
            let v = version_of(&name, &bytes).unwrap_or_else(|| {
                let diff: Vec<String> = ['A', 'B']
                    .iter()
                    .filter_map(|v| reference[v].get(&name).map(|r| (v, r)))
                    .map(|(v, r)| {
                        let at = r.iter().zip(&bytes).position(|(a, b)| a != b).unwrap_or(r.len().min(bytes.len()));
                        let ctx = |b: &[u8]| String::from_utf8_lossy(&b[at.saturating_sub(60)..(at + 60).min(b.len())]).into_owned();
                        format!("vs {v} ({} bytes): differs at {at}: {:?} / {:?}", r.len(), ctx(r), ctx(&bytes))
                    })
                    .collect();
                panic!(
                    "{what}: {name} ({} bytes) is neither complete version: a broken file was published\n{}",
                    bytes.len(),
                    diff.join("\n")
                )
            });
            versions.push(v);
        }
        if staging {
            seen.staging_left += 1;
        }
        if versions.is_empty() {
            seen.before_any_output += 1;
        } else if versions.iter().all(|v| *v == expected_new) {
            seen.all_new += 1;
        } else if versions.iter().all(|v| *v != expected_new) {
            seen.all_old += 1;
        } else {
            seen.mixed += 1;
        }
    };

    // A full run's duration over this folder, to spread the kills over it.
    write_version(&content, 'B', true);
    let mut run_time = build_ok(root, &out);
    write_version(&content, 'A', true);
    run_time = run_time.max(build_ok(root, &out));
    fs::remove_dir_all(&out).unwrap();

    let mut seen = Seen::default();
    let order = shuffled(KILLS);
    let mut version = 'A';
    for (n, slot) in order.iter().enumerate() {
        // Kills spread evenly over 0 … 1.05 × a run's duration, in shuffled order.
        let delay = run_time.mul_f64(1.05 * (*slot as f64 + 0.5) / KILLS as f64);
        if n < FIRST_RUN_KILLS {
            let _ = fs::remove_dir_all(&out);
        } else if n == FIRST_RUN_KILLS {
            // From here on, a previous complete publication exists.
            build_ok(root, &out);
        }
        if n >= FIRST_RUN_KILLS {
            version = if version == 'A' { 'B' } else { 'A' };
            write_version(&content, version, true);
        }
        let mut child = feedcal(root, &out).stderr(Stdio::null()).spawn().unwrap();
        std::thread::sleep(delay);
        let _ = child.kill();
        let status = child.wait().unwrap();
        if let Some(code) = status.code() {
            assert_eq!(code, 0, "kill {n}: a run that finished before the kill must succeed (75 = a killed run left its lock)");
        }
        check(version, &mut seen, &format!("after kill {n} at {delay:?}"));
    }

    // The next run cleans up whatever the kills left and publishes the current version.
    build_ok(root, &out);
    let mut after = cron_support::snapshot(&out);
    assert!(after.remove(MANIFEST).is_some(), "no {MANIFEST}");
    assert!(
        after.keys().all(|k| !is_staging(k)),
        "staging folders removed: {:?}",
        after.keys()
    );
    assert_eq!(
        after, reference[&version],
        "the run after the kills publishes the complete current version"
    );

    eprintln!(
        "{KILLS} kills over a run of {run_time:?}: {seen:?}; whole test {:?}",
        started.elapsed()
    );
    // The kills must have hit the publishing phase, not only the reading.
    assert!(
        seen.staging_left + seen.mixed + seen.all_new > 0,
        "no kill landed after publishing began: {seen:?}"
    );
    assert!(
        seen.all_old > 0,
        "no kill landed before publishing: {seen:?}"
    );
}
