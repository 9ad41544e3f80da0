//! Golden files: the sample site's outputs, byte for byte.
//!
//! Regenerate on purpose with `FEEDCAL_UPDATE_GOLDEN=1 cargo test --test golden`,
//! then read the diff before committing it.

use crate::common;

use std::fs;

#[test]
fn sample_outputs_match_golden_files() {
    let tmp = tempfile::tempdir().unwrap();
    common::build_samples(tmp.path());
    let golden = common::root().join("tests/golden/build");
    let produced = common::files_under(tmp.path());
    if std::env::var_os("FEEDCAL_UPDATE_GOLDEN").is_some() {
        let _ = fs::remove_dir_all(&golden);
        for f in &produced {
            let dest = golden.join(f);
            fs::create_dir_all(dest.parent().unwrap()).unwrap();
            fs::copy(tmp.path().join(f), dest).unwrap();
        }
        eprintln!("golden files regenerated in {}", golden.display());
        return;
    }
    assert_eq!(
        produced,
        common::files_under(&golden),
        "the set of output files changed; regenerate with FEEDCAL_UPDATE_GOLDEN=1 if intended"
    );
    let mut diffs = Vec::new();
    for f in &produced {
        let got = fs::read(tmp.path().join(f)).unwrap();
        let want = fs::read(golden.join(f)).unwrap();
        if got != want {
            let first = got
                .iter()
                .zip(&want)
                .position(|(a, b)| a != b)
                .unwrap_or(got.len().min(want.len()));
            let ctx = |b: &[u8]| {
                String::from_utf8_lossy(&b[first.saturating_sub(80)..(first + 80).min(b.len())])
                    .into_owned()
            };
            diffs.push(format!(
                "{f}: differs at byte {first}\n--- golden\n{}\n+++ produced\n{}",
                ctx(&want),
                ctx(&got)
            ));
        }
    }
    assert!(
        diffs.is_empty(),
        "outputs differ from golden files (FEEDCAL_UPDATE_GOLDEN=1 to regenerate):\n{}",
        diffs.join("\n\n")
    );
}

#[test]
fn check_report_matches_golden_file() {
    // A relative config path (the command runs from the crate root) keeps
    // machine-specific absolute paths out of the report.
    let out = common::feedcal()
        .args(["--config", "feeds/feedcal.toml", "check"])
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    let golden = common::root().join("tests/golden/check.txt");
    if std::env::var_os("FEEDCAL_UPDATE_GOLDEN").is_some() {
        fs::create_dir_all(golden.parent().unwrap()).unwrap();
        fs::write(&golden, &text).unwrap();
        return;
    }
    let want = fs::read_to_string(&golden).unwrap();
    assert_eq!(
        text, want,
        "`feedcal check` output changed; FEEDCAL_UPDATE_GOLDEN=1 to regenerate"
    );
}

#[test]
fn two_runs_are_byte_identical() {
    let a = tempfile::tempdir().unwrap();
    let b = tempfile::tempdir().unwrap();
    common::build_samples(a.path());
    common::build_samples(b.path());
    let files = common::files_under(a.path());
    assert_eq!(files, common::files_under(b.path()));
    assert!(!files.is_empty());
    for f in files {
        assert_eq!(
            fs::read(a.path().join(&f)).unwrap(),
            fs::read(b.path().join(&f)).unwrap(),
            "{f}"
        );
    }
}
