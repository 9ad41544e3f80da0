//! Compares feedcal's event-time decisions on the real SOFAStack corpus with a
//! hand-verified table, `tests/data/corpus_events.toml`.
//!
//! The table was made by reading every activity post (not by running the
//! tool); each entry's comment quotes the time line, the post date and the
//! weekday check, so a reviewer can re-verify it.
//!
//! Corpus: `../shared/corpus/sofastack` relative to the crate root. When it is
//! absent the test prints a notice and passes, unless `CI` is set, in which
//! case it fails.
//!
//! Every mismatch is collected and reported at once: path, expected, got.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::path::{Path, PathBuf};

use chrono::{NaiveDate, NaiveDateTime, Timelike};
use serde::Deserialize;

use feedcal::config::Config;
use feedcal::model::EventWhen;
use feedcal::site::{load, LoadOptions, Site};

/// The table's file, relative to the crate root.
const TABLE: &str = "tests/data/corpus_events.toml";
/// The corpus root, relative to the crate root.
const CORPUS: &str = "../shared/corpus/sofastack";
/// The zone every table time is written in.
const ZONE: &str = "Asia/Shanghai";

/// The warning kinds that are about the event time. Only these are compared;
/// other kinds (encoding, front-matter repairs, ...) are ignored here.
const EVENT_WARNING_KINDS: &[&str] = &[
    "weekday-mismatch",
    "conflicting-times",
    "no-event-time",
    "year-unknown",
    "front-matter-disagrees",
    "end-before-start",
    "ambiguous-time",
];

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Table {
    post: Vec<Entry>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Entry {
    path: String,
    kind: String,
    start: Option<String>,
    end: Option<String>,
    warnings: Vec<String>,
}

/// One side of the comparison, in the table's own vocabulary.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Outcome {
    /// `timed`, `all-day` or `none`.
    kind: String,
    /// `YYYY-MM-DDTHH:MM` (timed) or `YYYY-MM-DD` (all-day).
    start: Option<String>,
    /// Stated end (timed) or inclusive last day (all-day).
    end: Option<String>,
    /// Only for timed events not in Asia/Shanghai, so a wrong zone shows.
    zone: Option<String>,
    /// Event-time warning kinds, sorted, deduplicated.
    warnings: Vec<String>,
}

impl fmt::Display for Outcome {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.kind)?;
        if let Some(start) = &self.start {
            write!(f, " {start}")?;
        }
        match &self.end {
            Some(end) => write!(f, " .. {end}")?,
            None if self.kind == "timed" => write!(f, " (no stated end)")?,
            None => {}
        }
        if let Some(zone) = &self.zone {
            write!(f, " [{zone}]")?;
        }
        write!(f, " warnings={:?}", self.warnings)
    }
}

fn minute(t: &NaiveDateTime) -> String {
    if t.second() == 0 && t.nanosecond() == 0 {
        t.format("%Y-%m-%dT%H:%M").to_string()
    } else {
        // Never expected; show the seconds so the mismatch is visible.
        t.format("%Y-%m-%dT%H:%M:%S%.f").to_string()
    }
}

fn day(d: &NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

fn event_kinds<'a>(kinds: impl Iterator<Item = &'a str>) -> Vec<String> {
    let set: BTreeSet<&str> = kinds.filter(|k| EVENT_WARNING_KINDS.contains(k)).collect();
    set.into_iter().map(str::to_owned).collect()
}

/// Checks the table itself, so that a typo in it is not mistaken for a tool bug.
fn validate_table(table: &Table) -> Vec<String> {
    let mut problems = Vec::new();
    let mut previous: Option<&str> = None;
    for e in &table.post {
        let p = &e.path;
        if let Some(prev) = previous {
            if prev >= p.as_str() {
                problems.push(format!(
                    "{p}: table not sorted by path or duplicate (after {prev})"
                ));
            }
        }
        previous = Some(p);
        if p.contains('\\') || p.starts_with('/') {
            problems.push(format!("{p}: path must be relative with '/' separators"));
        }
        let parse_minute = |s: &str| NaiveDateTime::parse_from_str(s, "%Y-%m-%dT%H:%M").is_ok();
        let parse_day = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").is_ok();
        match e.kind.as_str() {
            "timed" => {
                match &e.start {
                    Some(s) if parse_minute(s) => {}
                    other => problems.push(format!(
                        "{p}: timed needs start YYYY-MM-DDTHH:MM, has {other:?}"
                    )),
                }
                if let Some(end) = &e.end {
                    if !parse_minute(end) {
                        problems.push(format!(
                            "{p}: timed end must be YYYY-MM-DDTHH:MM, has {end:?}"
                        ));
                    } else if e.start.as_deref().is_some_and(|s| s >= end.as_str()) {
                        problems.push(format!("{p}: end {end} not after start"));
                    }
                }
            }
            "all-day" => match (&e.start, &e.end) {
                (Some(s), Some(l)) if parse_day(s) && parse_day(l) && s <= l => {}
                other => problems.push(format!(
                    "{p}: all-day needs start <= end, both YYYY-MM-DD, has {other:?}"
                )),
            },
            "none" => {
                if e.start.is_some() || e.end.is_some() {
                    problems.push(format!("{p}: kind none must have no start/end"));
                }
            }
            other => problems.push(format!("{p}: unknown kind {other:?}")),
        }
        for w in &e.warnings {
            if !EVENT_WARNING_KINDS.contains(&w.as_str()) {
                problems.push(format!("{p}: unknown warning kind {w:?}"));
            }
        }
        let normalized = event_kinds(e.warnings.iter().map(String::as_str));
        if normalized != e.warnings {
            problems.push(format!(
                "{p}: warnings must be sorted and unique: {:?}",
                e.warnings
            ));
        }
    }
    problems
}

fn expected(e: &Entry) -> Outcome {
    Outcome {
        kind: e.kind.clone(),
        start: e.start.clone(),
        end: e.end.clone(),
        zone: None,
        warnings: e.warnings.clone(),
    }
}

fn got(post: &feedcal::model::Post) -> Result<Outcome, String> {
    let decision = post
        .event
        .as_ref()
        .ok_or_else(|| "no event decision (post not treated as an event post)".to_owned())?;
    let warnings = event_kinds(decision.warnings.iter().map(|w| w.kind.as_str()));
    let outcome = match &decision.when {
        Some(EventWhen::Timed {
            start,
            end,
            end_stated,
            zone,
        }) => Outcome {
            kind: "timed".into(),
            start: Some(minute(start)),
            end: end_stated.then(|| minute(end)),
            zone: (zone.name() != ZONE).then(|| zone.name().to_owned()),
            warnings,
        },
        Some(EventWhen::AllDay { first, last }) => Outcome {
            kind: "all-day".into(),
            start: Some(day(first)),
            end: Some(day(last)),
            zone: None,
            warnings,
        },
        None => Outcome {
            kind: "none".into(),
            start: None,
            end: None,
            zone: None,
            warnings,
        },
    };
    Ok(outcome)
}

/// Activity posts on disk: `<lang>/activities/<bundle>/index.md` and
/// `<lang>/activities/<page>.md`, never `_index.md`.
fn activity_files(root: &Path) -> Vec<String> {
    let mut found = Vec::new();
    let Ok(langs) = std::fs::read_dir(root) else {
        return found;
    };
    for lang in langs.flatten() {
        let lang_name = lang.file_name().to_string_lossy().into_owned();
        let section = lang.path().join("activities");
        let Ok(items) = std::fs::read_dir(&section) else {
            continue;
        };
        for item in items.flatten() {
            let name = item.file_name().to_string_lossy().into_owned();
            let path = item.path();
            if path.is_dir() {
                if path.join("index.md").is_file() {
                    found.push(format!("{lang_name}/activities/{name}/index.md"));
                }
            } else if name.ends_with(".md") && name != "_index.md" {
                found.push(format!("{lang_name}/activities/{name}"));
            }
        }
    }
    found.sort();
    found
}

fn is_activity(rel_path: &str) -> bool {
    let mut parts = rel_path.split('/');
    let _lang = parts.next();
    parts.next() == Some("activities") && !rel_path.ends_with("/_index.md")
}

#[test]
fn corpus_event_times_match_hand_verified_table() {
    let crate_root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let corpus_root = crate_root.join(CORPUS);
    if !corpus_root.is_dir() {
        if std::env::var_os("CI").is_some() {
            panic!(
                "corpus is absent at {} and CI is set: the corpus test must run in CI",
                corpus_root.display()
            );
        }
        println!(
            "corpus is absent at {}; corpus_event_times_match_hand_verified_table is skipped",
            corpus_root.display()
        );
        return;
    }

    let table_path = crate_root.join(TABLE);
    let text = std::fs::read_to_string(&table_path)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", table_path.display()));
    let table: Table = toml::from_str(&text)
        .unwrap_or_else(|e| panic!("cannot parse {}: {e}", table_path.display()));
    let table_problems = validate_table(&table);
    assert!(
        table_problems.is_empty(),
        "{} is malformed:\n  {}",
        TABLE,
        table_problems.join("\n  ")
    );

    let mut mismatches: Vec<String> = Vec::new();

    // The table and the corpus on disk must list the same posts.
    let on_disk = activity_files(&corpus_root);
    let in_table: BTreeSet<&str> = table.post.iter().map(|e| e.path.as_str()).collect();
    for e in &table.post {
        if !corpus_root.join(&e.path).is_file() {
            mismatches.push(format!(
                "{}\n      table entry, but no such file in the corpus",
                e.path
            ));
        }
    }
    for path in &on_disk {
        if !in_table.contains(path.as_str()) {
            mismatches.push(format!(
                "{path}\n      activity post on disk that is not in {TABLE} (new corpus file? add it by hand)"
            ));
        }
    }

    // Run the tool.
    let config = Config::default();
    let site: Site = load(
        &config,
        &LoadOptions {
            content: corpus_root.clone(),
            drafts: false,
            list_bundle_contents: false,
        },
    );

    let mut by_path: BTreeMap<&str, &feedcal::model::Post> = BTreeMap::new();
    for post in &site.posts {
        if by_path
            .insert(post.source.rel_path.as_str(), post)
            .is_some()
        {
            mismatches.push(format!(
                "{}\n      the tool produced this post twice",
                post.source.rel_path
            ));
        }
    }
    for (path, _) in by_path.iter().filter(|(p, _)| is_activity(p)) {
        if !in_table.contains(path) {
            mismatches.push(format!(
                "{path}\n      the tool read this activity post, but it is not in {TABLE}"
            ));
        }
    }

    let mut compared = 0;
    for e in &table.post {
        let want = expected(e);
        let Some(post) = by_path.get(e.path.as_str()) else {
            mismatches.push(format!(
                "{}\n      expected: {want}\n      got:      no post (the tool did not load this file)",
                e.path
            ));
            continue;
        };
        compared += 1;
        match got(post) {
            Ok(have) if have == want => {}
            Ok(have) => mismatches.push(format!(
                "{}\n      expected: {want}\n      got:      {have}",
                e.path
            )),
            Err(why) => mismatches.push(format!(
                "{}\n      expected: {want}\n      got:      {why}",
                e.path
            )),
        }
    }

    if !mismatches.is_empty() {
        panic!(
            "{} mismatch(es) between feedcal and {TABLE} ({} table entries, {compared} compared):\n\n  {}\n",
            mismatches.len(),
            table.post.len(),
            mismatches.join("\n  ")
        );
    }
}
