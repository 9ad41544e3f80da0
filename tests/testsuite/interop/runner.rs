//! The real clients: where each lives, whether it is installed, and running
//! its adapter script (tests/interop/clients/) over files.
//!
//! A client that is not installed is skipped with a printed notice; with `CI`
//! set it is a failure. Install them all with `tests/interop/setup.sh`.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

use serde::Deserialize;

use crate::lint::build;

/// What a client reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reads {
    Ics,
    Feeds,
}

#[derive(Debug, Clone)]
pub struct Client {
    pub name: &'static str,
    pub reads: Reads,
    pub version: String,
    program: PathBuf,
    script: PathBuf,
}

/// One file as a client read it (the JSON protocol of clients/common.py).
#[derive(Debug, Clone, Deserialize)]
pub struct FileResult {
    pub path: String,
    pub errors: Vec<String>,
    #[serde(default)]
    pub events: Vec<Event>,
    #[serde(default)]
    pub entries: Vec<Entry>,
    /// Feeds: the feed-level date, UTC.
    #[serde(default)]
    pub updated: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct Event {
    pub uid: Option<String>,
    pub url: Option<String>,
    pub summary: Option<String>,
    pub description: Option<String>,
    /// `YYYY-MM-DDTHH:MM:SSZ` or `YYYY-MM-DD`, as the client converted it.
    pub start: Option<String>,
    pub end: Option<String>,
    /// The same, through the file's own VTIMEZONE (python icalendar only).
    #[serde(default)]
    pub start_vtz: Option<String>,
    #[serde(default)]
    pub end_vtz: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct Entry {
    pub id: Option<String>,
    pub link: Option<String>,
    pub title: Option<String>,
    pub summary: Option<String>,
    /// The entry's date in UTC (RSS pubDate, Atom updated).
    pub date: Option<String>,
}

#[derive(Debug, Deserialize)]
struct Output {
    client: String,
    version: String,
    files: Vec<FileResult>,
}

pub fn interop_dir() -> PathBuf {
    build::root().join("tests/interop")
}

struct Spec {
    name: &'static str,
    reads: Reads,
    program: PathBuf,
    script: &'static str,
}

fn specs() -> Vec<Spec> {
    let venv = interop_dir().join(".venv/bin/python");
    let spec = |name, reads, program: &Path, script| Spec {
        name,
        reads,
        program: program.to_path_buf(),
        script,
    };
    vec![
        spec("icalendar", Reads::Ics, &venv, "ics_icalendar.py"),
        spec("vobject", Reads::Ics, &venv, "ics_vobject.py"),
        spec(
            "recurring-ical-events",
            Reads::Ics,
            &venv,
            "ics_recurring.py",
        ),
        spec("ical.js", Reads::Ics, Path::new("node"), "ics_icaljs.mjs"),
        // Debian's python, which has the GObject binding (python3-gi).
        spec(
            "libical",
            Reads::Ics,
            Path::new("/usr/bin/python3"),
            "ics_libical.py",
        ),
        spec("feedparser", Reads::Feeds, &venv, "feed_feedparser.py"),
    ]
}

/// Every client that is installed. Prints the missing ones once; panics when
/// any is missing and `CI` is set.
pub fn installed() -> &'static [Client] {
    static CLIENTS: OnceLock<Vec<Client>> = OnceLock::new();
    CLIENTS.get_or_init(|| {
        let mut ok = Vec::new();
        let mut missing = Vec::new();
        for s in specs() {
            let script = interop_dir().join("clients").join(s.script);
            match probe(&s.program, &script) {
                Ok(version) => ok.push(Client {
                    name: s.name,
                    reads: s.reads,
                    version,
                    program: s.program,
                    script,
                }),
                Err(why) => missing.push(format!("{}: {why}", s.name)),
            }
        }
        if !missing.is_empty() {
            let msg = format!(
                "interop clients not installed — run tests/interop/setup.sh:\n  {}",
                missing.join("\n  ")
            );
            assert!(
                std::env::var_os("CI").is_none(),
                "{msg}\nCI is set: every client must be installed"
            );
            eprintln!("SKIPPING {msg}");
        }
        for c in &ok {
            eprintln!("interop client: {} {}", c.name, c.version);
        }
        ok
    })
}

pub fn installed_reading(reads: Reads) -> impl Iterator<Item = &'static Client> {
    installed().iter().filter(move |c| c.reads == reads)
}

fn probe(program: &Path, script: &Path) -> Result<String, String> {
    let out = Command::new(program)
        .env("PYTHONDONTWRITEBYTECODE", "1")
        .arg(script)
        .arg("--probe")
        .output()
        .map_err(|e| format!("cannot run {}: {e}", program.display()))?;
    if !out.status.success() {
        let err = String::from_utf8_lossy(&out.stderr);
        let last = err.lines().last().unwrap_or("").to_string();
        return Err(format!(
            "{} {} --probe: {last}",
            program.display(),
            script.display()
        ));
    }
    let o: Output =
        serde_json::from_slice(&out.stdout).map_err(|e| format!("probe output: {e}"))?;
    Ok(o.version)
}

impl Client {
    /// Runs the adapter over `files`; one result per file, in order.
    pub fn read(&self, files: &[PathBuf]) -> Vec<FileResult> {
        if files.is_empty() {
            return Vec::new();
        }
        let out = Command::new(&self.program)
            .env("PYTHONDONTWRITEBYTECODE", "1") // no __pycache__ in the source tree
            .arg(&self.script)
            .args(files)
            .output()
            .unwrap_or_else(|e| {
                panic!("{}: cannot run {}: {e}", self.name, self.program.display())
            });
        assert!(
            out.status.success(),
            "{}: adapter {} failed ({}):\n{}",
            self.name,
            self.script.display(),
            out.status,
            String::from_utf8_lossy(&out.stderr)
        );
        let o: Output = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
            panic!(
                "{}: adapter output is not the JSON protocol: {e}\n{}",
                self.name,
                String::from_utf8_lossy(&out.stdout)
            )
        });
        assert_eq!(o.client, self.name);
        assert_eq!(
            o.files.len(),
            files.len(),
            "{}: one result per file",
            self.name
        );
        o.files
    }
}
