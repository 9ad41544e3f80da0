//! Helpers shared by the integration tests.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::Command;

pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

pub fn sample_config() -> PathBuf {
    root().join("feeds/feedcal.toml")
}

/// The `feedcal` binary, run from the crate root.
pub fn feedcal() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_feedcal"));
    c.current_dir(root());
    c
}

/// The run date of sample builds: `index.html` and `upcoming.ics` split
/// events by it, so golden files need a fixed one.
pub const TODAY: &str = "2024-11-25";

/// Builds the sample site into `out` (run date [`TODAY`]); panics with the tool's output on failure.
pub fn build_samples(out: &Path) {
    let o = feedcal()
        .args(["--config"])
        .arg(sample_config())
        .arg("--out")
        .arg(out)
        // A fixed run date: index.html and upcoming.ics split events by it.
        .args(["--quiet", "build", "--today", TODAY])
        .output()
        .expect("run feedcal");
    assert!(
        o.status.success(),
        "feedcal build failed: {}\n{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    );
}

/// The real corpus, when this clone has it beside it. Absent: `None` after
/// saying so — unless `CI` is set, where it must be present.
pub fn corpus() -> Option<PathBuf> {
    let p = root().join("../shared/corpus/sofastack");
    if p.is_dir() {
        return Some(p);
    }
    if std::env::var_os("CI").is_some() {
        panic!(
            "the real corpus is missing at {} and CI is set: it must be present in CI",
            p.display()
        );
    }
    eprintln!("SKIP: the real corpus ../shared/corpus/sofastack is absent (a newcomer's clone); this test needs it");
    None
}

/// Every file under `dir`, relative, `/`-separated, sorted.
pub fn files_under(dir: &Path) -> Vec<String> {
    let mut out = Vec::new();
    fn walk(base: &Path, dir: &Path, out: &mut Vec<String>) {
        for e in std::fs::read_dir(dir).expect("read dir") {
            let e = e.expect("dir entry");
            let p = e.path();
            if p.is_dir() {
                walk(base, &p, out);
            } else {
                let rel = p.strip_prefix(base).expect("under base");
                out.push(rel.to_string_lossy().replace('\\', "/"));
            }
        }
    }
    walk(dir, dir, &mut out);
    out.sort();
    out
}
