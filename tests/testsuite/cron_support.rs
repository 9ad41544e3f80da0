//! A throw-away site for the cron tests: a config, a content tree written by
//! the test, an output folder, and readers for what `feedcal build` published.
#![allow(dead_code)]

use std::collections::BTreeSet;
use std::fs;
use std::io::BufReader;
use std::path::{Path, PathBuf};

use assert_cmd::Command;

pub const BASE: &str = "https://cron.example.org/";
pub const DOMAIN: &str = "cron.example.org";

pub struct Site {
    pub dir: tempfile::TempDir,
}

impl Site {
    /// An empty site with `activities` (events) and `blog` (posts) sections
    /// and every post in the feeds (`feed_items = 0`).
    pub fn new() -> Site {
        Site::with_config("")
    }

    /// As [`Site::new`], with `extra` appended to the config's top-level keys.
    pub fn with_config(extra: &str) -> Site {
        let dir = tempfile::tempdir().expect("tempdir");
        let config = format!(
            "title = \"Cron\"\nbase_url = \"{BASE}\"\ndefault_language = \"zh\"\nlanguages = [\"zh\", \"en\"]\n\
             time_zone = \"Asia/Shanghai\"\ncontent = \"content\"\nout = \"out\"\nfeed_items = 0\n{extra}\n\
             [sections.activities]\nkind = \"events\"\n\n[sections.blog]\nkind = \"posts\"\n\
             # These tests are about publishing; the per-tag and per-event files\n\
             # (tested in tests/subscriber.rs) would only multiply the file counts.\n[outputs]\njson_feed = false\nlanguages = false\ntags = false\ncategories = false\nevent_files = false\nindex_page = false\n"
        );
        fs::write(dir.path().join("feedcal.toml"), config).expect("write config");
        fs::create_dir_all(dir.path().join("content")).expect("content");
        Site { dir }
    }

    pub fn root(&self) -> &Path {
        self.dir.path()
    }

    pub fn content(&self) -> PathBuf {
        self.root().join("content")
    }

    pub fn out(&self) -> PathBuf {
        self.root().join("out")
    }

    pub fn config(&self) -> PathBuf {
        self.root().join("feedcal.toml")
    }

    /// Writes `bytes` at `content/<rel>`, creating folders.
    pub fn write(&self, rel: &str, bytes: impl AsRef<[u8]>) -> PathBuf {
        let p = self.content().join(rel);
        fs::create_dir_all(p.parent().expect("parent")).expect("mkdir");
        fs::write(&p, bytes).expect("write post");
        p
    }

    /// A well-formed event post `zh/activities/<slug>/index.md` on day `day` of May 2024.
    pub fn event(&self, slug: &str, title: &str, day: u32) -> PathBuf {
        self.write(
            &format!("zh/activities/{slug}/index.md"),
            event_text(title, day),
        )
    }

    /// Five good event posts, `good-1` … `good-5`, titled `Good 1` … `Good 5`.
    pub fn good_posts(&self) {
        for i in 1..=5 {
            self.event(&format!("good-{i}"), &format!("Good {i}"), i + 10);
        }
    }

    /// `feedcal --config <site>/feedcal.toml <args…>`, run from the site folder.
    pub fn cmd(&self) -> Command {
        let mut c = Command::cargo_bin("feedcal").expect("binary");
        c.current_dir(self.root())
            .arg("--config")
            .arg(self.config());
        c
    }

    pub fn build(&self) -> Command {
        let mut c = self.cmd();
        c.arg("build");
        c
    }

    pub fn read_out(&self, rel: &str) -> String {
        fs::read_to_string(self.out().join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
    }

    /// Titles of the site-wide RSS feed, read with feed-rs.
    pub fn rss_titles(&self) -> BTreeSet<String> {
        feed_titles(&self.out().join("rss.xml"))
    }

    /// SUMMARYs of the site-wide calendar, read with the `ical` crate.
    pub fn calendar_summaries(&self) -> BTreeSet<String> {
        calendar_events(&self.out().join("events.ics"))
            .into_iter()
            .filter_map(|e| e.get("SUMMARY").cloned())
            .collect()
    }

    /// Every good post (`Good 1` … `Good 5`) is in the feeds and the calendar.
    pub fn assert_good_posts_published(&self) {
        let titles = self.rss_titles();
        let atom = feed_titles(&self.out().join("atom.xml"));
        let events = self.calendar_summaries();
        for i in 1..=5 {
            let t = format!("Good {i}");
            assert!(titles.contains(&t), "{t} missing from rss.xml: {titles:?}");
            assert!(atom.contains(&t), "{t} missing from atom.xml");
            assert!(
                events.contains(&t),
                "{t} missing from events.ics: {events:?}"
            );
        }
    }
}

pub fn event_text(title: &str, day: u32) -> String {
    format!(
        "---\ntitle: \"{title}\"\ndate: 2024-05-01T10:00:00+08:00\nevent:\n  start: 2024-05-{day:02} 14:00\n  end: 2024-05-{day:02} 16:00\n---\n\
         Come to {title}.\n\n- 活动地点：Hall {day}\n"
    )
}

pub fn feed_titles(path: &Path) -> BTreeSet<String> {
    let bytes = fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let feed =
        feed_rs::parser::parse(&bytes[..]).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    feed.entries
        .into_iter()
        .filter_map(|e| e.title.map(|t| t.content))
        .collect()
}

/// Each VEVENT as property name → value (values as the `ical` crate gives them, still escaped).
pub fn calendar_events(path: &Path) -> Vec<std::collections::BTreeMap<String, String>> {
    let bytes = fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    parse_calendar(&bytes).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

pub fn parse_calendar(
    bytes: &[u8],
) -> Result<Vec<std::collections::BTreeMap<String, String>>, String> {
    let mut parser = ical::IcalParser::new(BufReader::new(bytes));
    let cal = parser
        .next()
        .ok_or("no calendar")?
        .map_err(|e| e.to_string())?;
    if parser.next().is_some() {
        return Err("more than one calendar".into());
    }
    Ok(cal
        .events
        .iter()
        .map(|e| {
            e.properties
                .iter()
                .map(|p| (p.name.clone(), p.value.clone().unwrap_or_default()))
                .collect()
        })
        .collect())
}

/// Every file under `dir`, relative, sorted (dot files included).
pub fn files_under(dir: &Path) -> Vec<String> {
    let mut out = Vec::new();
    fn walk(base: &Path, dir: &Path, out: &mut Vec<String>) {
        let Ok(entries) = fs::read_dir(dir) else {
            return;
        };
        for e in entries.flatten() {
            let p = e.path();
            if e.file_type().map(|t| t.is_dir()).unwrap_or(false) {
                walk(base, &p, out);
            } else if let Ok(rel) = p.strip_prefix(base) {
                out.push(rel.to_string_lossy().into_owned());
            }
        }
    }
    walk(dir, dir, &mut out);
    out.sort();
    out
}

/// The bytes of every file under `dir`, keyed by relative path.
pub fn snapshot(dir: &Path) -> std::collections::BTreeMap<String, Vec<u8>> {
    files_under(dir)
        .into_iter()
        .map(|f| {
            let b = fs::read(dir.join(&f)).unwrap_or_default();
            (f, b)
        })
        .collect()
}

/// True when this process can read a file whose permission bits forbid it
/// (root, or CAP_DAC_OVERRIDE): permission tests must then be skipped.
#[cfg(unix)]
pub fn permissions_are_bypassed() -> bool {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().expect("tempdir");
    let p = dir.path().join("probe");
    fs::write(&p, "x").expect("probe");
    fs::set_permissions(&p, fs::Permissions::from_mode(0o000)).expect("chmod");
    fs::read(&p).is_ok()
}

/// A tmpfs of `kib` KiB mounted at a fresh folder, unmounted on drop; `None`
/// (after saying why) where mounting is not allowed.
pub struct Tmpfs {
    pub path: PathBuf,
    _dir: tempfile::TempDir,
}

impl Tmpfs {
    pub fn mount(kib: usize) -> Option<Tmpfs> {
        let dir = tempfile::tempdir().ok()?;
        let path = dir.path().join("mnt");
        fs::create_dir(&path).ok()?;
        let ok = std::process::Command::new("mount")
            .args(["-t", "tmpfs", "-o", &format!("size={kib}k"), "tmpfs"])
            .arg(&path)
            .output()
            .map(|o| o.status.success())
            .unwrap_or(false);
        if !ok {
            eprintln!("SKIP: cannot mount a tmpfs here (needs root); this case is covered by the unit test publish::tests::a_full_disk_keeps_every_published_file");
            return None;
        }
        Some(Tmpfs { path, _dir: dir })
    }

    pub fn remount_read_only(&self) -> bool {
        std::process::Command::new("mount")
            .args(["-o", "remount,ro"])
            .arg(&self.path)
            .output()
            .map(|o| o.status.success())
            .unwrap_or(false)
    }
}

impl Drop for Tmpfs {
    fn drop(&mut self) {
        let _ = std::process::Command::new("umount")
            .arg(&self.path)
            .output();
    }
}
