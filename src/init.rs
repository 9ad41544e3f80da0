//! `feedcal init`: a commented `feedcal.toml` for a site, from what feedcal
//! finds there, so that a maintainer starts from a config that already works.
//!
//! What it writes:
//! - `site = "…"`: the site folder, whose generator config (found by the
//!   rule in [`crate::site_config`]) is then read on every run; its values are
//!   listed as comments, with the file and key each comes from;
//! - one `[sections.<name>]` per content folder, with the kind a run
//!   without `[sections]` gives it ([`crate::sections`]: `"events"` when its
//!   name says so or at least a third of its posts have a timed event, else
//!   `"posts"`), each with the count it was decided on;
//! - the output folder inside the publish folder and the `feed_url` that
//!   follows from it, as comments (they are the defaults);
//! - the outputs and calendar hints, commented, at their defaults.
//!
//! An existing file is never overwritten: [`write_new`] refuses it.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use crate::config::{Config, Flags};

pub use crate::sections::{SectionFinding, EVENT_SHARE};

/// The file `init` would write, and what it found.
#[derive(Debug, Clone)]
pub struct Plan {
    pub path: PathBuf,
    pub text: String,
    pub sections: Vec<SectionFinding>,
    /// The config the plan was made from (its warnings, provenance).
    pub config: Config,
}

/// Why `init` wrote nothing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InitError {
    pub path: PathBuf,
    pub message: String,
}

impl std::fmt::Display for InitError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.path.display(), self.message)
    }
}

impl std::error::Error for InitError {}

/// Plans the config for the site in `site_dir`, to be written at `target`
/// (default `site_dir/feedcal.toml`). `today` is the run's date (publish rules).
pub fn plan(
    site_dir: &Path,
    target: Option<&Path>,
    today: Option<chrono::NaiveDate>,
) -> Result<Plan, InitError> {
    let path = target
        .map(Path::to_path_buf)
        .unwrap_or_else(|| site_dir.join(crate::config::SITE_CONFIG_NAME));
    if path.exists() {
        return Err(exists(&path));
    }
    let has_site = crate::site_config::detect(site_dir).is_some();
    let flags = Flags {
        // The file does not exist yet: no config file layer.
        no_config_file: true,
        site: has_site.then(|| site_dir.to_path_buf()),
        content: (!has_site).then(|| site_dir.join("content")),
        today,
        ..Flags::default()
    };
    let mut config = Config::resolve(&flags).map_err(|e| InitError {
        path: path.clone(),
        message: e.to_string(),
    })?;
    let sections = find_sections(&mut config);
    let text = render(&config, &sections, site_dir, &path, has_site);
    Ok(Plan {
        path,
        text,
        sections,
        config,
    })
}

/// Writes the plan's file; refuses when one exists (checked again, atomically).
pub fn write_new(plan: &Plan) -> Result<(), InitError> {
    use std::io::Write;
    let mut f = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&plan.path)
        .map_err(|e| match e.kind() {
            std::io::ErrorKind::AlreadyExists => exists(&plan.path),
            _ => InitError {
                path: plan.path.clone(),
                message: format!("cannot create: {e}"),
            },
        })?;
    f.write_all(plan.text.as_bytes())
        .and_then(|_| f.sync_all())
        .map_err(|e| InitError {
            path: plan.path.clone(),
            message: format!("cannot write: {e}"),
        })
}

fn exists(path: &Path) -> InitError {
    InitError {
        path: path.to_path_buf(),
        message: "exists already; feedcal init never overwrites a config: edit it, or move it away and run init again".into(),
    }
}

/// The sections a run without `[sections]` would find
/// ([`crate::sections`]), so that the file written builds the same.
fn find_sections(config: &mut Config) -> Vec<SectionFinding> {
    let mut auto = config.clone();
    auto.sections_auto = true;
    let opts = crate::site::LoadOptions::from_config(&auto);
    let loaded = crate::sections::load(&auto, &opts);
    config.sections = loaded.config.sections.clone();
    config.sections_auto = false;
    loaded.found
}

/// A TOML string, quoted and escaped.
fn quoted(s: &str) -> String {
    toml::Value::String(s.to_string()).to_string()
}

fn render(
    config: &Config,
    sections: &[SectionFinding],
    site_dir: &Path,
    path: &Path,
    has_site: bool,
) -> String {
    let mut t = String::new();
    let _ = writeln!(t, "# feedcal configuration, written by `feedcal init`.");
    let _ = writeln!(
        t,
        "# Relative paths are relative to this file's folder. `feedcal check -v` shows"
    );
    let _ = writeln!(t, "# every value in use and where it comes from.\n");
    let here = path.parent().unwrap_or(Path::new("."));
    let site_rel = relative(site_dir, here);
    match &config.site {
        Some(site) if has_site => {
            let files: Vec<String> = site
                .files
                .iter()
                .map(|f| relative(f, here).display().to_string())
                .collect();
            let _ = writeln!(
                t,
                "# The site is built with {}; its config ({}) is read on every run.",
                site.generator,
                files.join(", ")
            );
            let _ = writeln!(
                t,
                "# A key set in this file wins over the site's value; these come from it now:"
            );
            for line in site.lines() {
                let _ = writeln!(t, "#   {line}");
            }
            let _ = writeln!(t, "site = {}\n", quoted(&site_rel.display().to_string()));
        }
        _ => {
            let _ = writeln!(
                t,
                "# No site generator config was found in {}; these are feedcal's defaults.",
                site_dir.display()
            );
            let content = relative(&config.content, here);
            let _ = writeln!(t, "content = {}\n", quoted(&content.display().to_string()));
        }
    }
    let default_base = config.base_url.as_str() == "https://example.org/";
    if default_base {
        let _ = writeln!(
            t,
            "# The site's address is not known: write it here, or links point to example.org."
        );
        let _ = writeln!(t, "base_url = \"https://www.example.org/\"\n");
    } else {
        let _ = writeln!(t, "# base_url = {}", quoted(config.base_url.as_str()));
    }
    let _ = writeln!(t, "# title = {}", quoted(&config.title));
    let _ = writeln!(t, "# time_zone = {}", quoted(config.time_zone.name()));
    let _ = writeln!(
        t,
        "# The outputs go inside the site's publish folder ({}), served at feed_url:",
        relative(&config.publish_dir, here).display()
    );
    let _ = writeln!(
        t,
        "# out = {}",
        quoted(&relative(&config.out, here).display().to_string())
    );
    let _ = writeln!(t, "# feed_url = {}", quoted(config.feed_url.as_str()));
    let _ = writeln!(
        t,
        "# default_duration = \"2h\"   # an event with no end written lasts this long\n"
    );
    let _ = writeln!(
        t,
        "# Sections: each content folder. \"events\" (feeds and calendars) where its name"
    );
    let _ = writeln!(
        t,
        "# says events or at least a third of its posts have an event time, else \"posts\""
    );
    let _ = writeln!(
        t,
        "# (feeds only), as a run without [sections] finds them; change a kind to override."
    );
    if sections.is_empty() {
        let _ = writeln!(
            t,
            "# No posts were found under {}; name the sections to read, e.g.:",
            relative(&config.content, here).display()
        );
        let _ = writeln!(t, "# [sections.events]\n# kind = \"events\"");
    }
    for s in sections {
        let _ = writeln!(t, "[sections.{}]", crate::sections::toml_key(&s.name));
        let _ = writeln!(
            t,
            "kind = \"{}\"   # {} of {} posts have an event time: {}\n",
            s.kind.as_str(),
            s.timed,
            s.posts,
            s.why
        );
    }
    let _ = writeln!(
        t,
        "# Which files a run writes (all on, except upcoming.ics)."
    );
    let _ = writeln!(t, "# [outputs]");
    for line in [
        "# json_feed = true      # feed.json beside every rss.xml",
        "# languages = true      # <lang>/… per language",
        "# sections = true       # <lang>/<section>/…",
        "# tags = true           # tags/<tag>/…",
        "# categories = true     # categories/<category>/…",
        "# event_files = true    # events/…ics, one event each",
        "# index_page = true     # index.html",
        "# upcoming_days = 7     # upcoming.ics: events from 7 days ago on",
        "",
        "# Hints for calendar apps.",
        "# [calendar]",
        "# refresh_interval = \"12h\"",
        "# color = \"#0a66c2\"",
        "# reminder = \"1h\"",
    ] {
        let _ = writeln!(t, "{line}");
    }
    t
}

/// `target` relative to `from` when one is inside the other or they share a
/// parent, else `target` as given.
fn relative(target: &Path, from: &Path) -> PathBuf {
    let abs = |p: &Path| std::path::absolute(p).ok();
    let (Some(t), Some(f)) = (abs(target), abs(from)) else {
        return target.to_path_buf();
    };
    let t: Vec<_> = t.components().collect();
    let f: Vec<_> = f.components().collect();
    let common = t.iter().zip(&f).take_while(|(a, b)| a == b).count();
    if common == 0 {
        return target.to_path_buf();
    }
    let mut out = PathBuf::new();
    for _ in common..f.len() {
        out.push("..");
    }
    for c in &t[common..] {
        out.push(c);
    }
    if out.as_os_str().is_empty() {
        out.push(".");
    }
    out
}
