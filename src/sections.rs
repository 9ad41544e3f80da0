//! Which content folders are read, and which of them are events, when no
//! config names the sections.
//!
//! A maintainer who points feedcal at a site without writing `[sections]`
//! must still get the site's events in the calendar: a generator default
//! such as Hugo's `activities` would find nothing on most sites (their
//! folders are `posts`, `events`, `commcalls`, `blog`, …) and publish empty
//! calendars without a word. So the sections are found from the content:
//!
//! - **candidates**: for Hugo, Zola and VuePress, whose content root holds
//!   only content, every folder below it (and below each language folder),
//!   except `_`- or `.`-prefixed ones and `node_modules`; for Jekyll, Hexo
//!   and Docusaurus, whose content root is (or holds) the whole site with
//!   its layouts, assets and packages, only the generator's post folder
//!   (`_posts`, `blog`); for Pelican, `articles`: all its articles, which
//!   are one section wherever they sit under PATH;
//! - **kind**: `events` when the folder's name says so (`events`,
//!   `activities`, `meetups`, `meetings`, `webinars`, `workshops`,
//!   `calls`), or when **at least a third of its posts have a timed event** as
//!   the event-time stage reads them; else `posts`. A `posts` folder in
//!   which some posts do have a time is named with a warning, so that no
//!   event is left out of the calendars without a word.
//!
//! `feedcal init` writes exactly these findings into `feedcal.toml`, so the
//! file it writes builds what a run without it builds. A `[sections]` table
//! in any layer (the config file, a flag) replaces all of this.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::path::Path;

use crate::config::{Config, Section, SectionKind};
use crate::generator::Generator;
use crate::model::{DateSource, EventWhen};
use crate::site::{self, LoadOptions, Site};

/// The share of a folder's posts that must carry a timed event for it to
/// be an events section: one in three.
pub const EVENT_SHARE: (usize, usize) = (1, 3);

/// Folder names that mean events whatever their posts hold (a folder of
/// announcements whose times are not written yet is still events: its
/// posts then get "no event time" warnings instead of silence).
const EVENT_WORDS: &[&str] = &[
    "activities",
    "activity",
    "events",
    "event",
    "meetups",
    "meetup",
    "meetings",
    "meeting",
    "webinars",
    "webinar",
    "workshops",
    "workshop",
    "calls",
    "call",
    "community-calls",
    "community-call",
    "commcalls",
    "livestreams",
    "livestream",
    "conferences",
    "conference",
    "活动",
];

/// What was found in one content folder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SectionFinding {
    pub name: String,
    pub posts: usize,
    /// Posts with a timed event.
    pub timed: usize,
    pub kind: SectionKind,
    /// Why it got its kind, for `check -v`, `init` and warnings.
    pub why: &'static str,
}

/// A site read with its sections decided.
#[derive(Debug)]
pub struct Loaded<'c> {
    /// The config with its sections filled in (borrowed when the config
    /// named them).
    pub config: Cow<'c, Config>,
    pub site: Site,
    /// Empty when the config named the sections.
    pub found: Vec<SectionFinding>,
    /// One line per `posts` folder in which some posts have an event time.
    pub warnings: Vec<String>,
}

/// Reads the site; when `config.sections_auto`, finds the sections first
/// (one read of every candidate folder: the posts of folders judged
/// `posts` lose their event, so nothing is read twice).
pub fn load<'c>(config: &'c Config, opts: &LoadOptions) -> Loaded<'c> {
    if !config.sections_auto {
        return Loaded {
            config: Cow::Borrowed(config),
            site: site::load(config, opts),
            found: Vec::new(),
            warnings: Vec::new(),
        };
    }
    let names = candidates(config);
    let duration = config
        .sections
        .values()
        .next()
        .map_or(chrono::Duration::hours(2), |s| s.default_duration);
    let mut probe = config.clone();
    probe.sections = names
        .iter()
        .map(|n| {
            let section = Section {
                kind: SectionKind::Events,
                default_duration: duration,
            };
            (n.clone(), section)
        })
        .collect();
    let mut site = site::load(&probe, opts);
    let found = judge(&names, &site);
    let kinds: BTreeMap<&str, SectionKind> =
        found.iter().map(|f| (f.name.as_str(), f.kind)).collect();
    for post in &mut site.posts {
        if kinds.get(post.source.section.as_str()) != Some(&SectionKind::Events) {
            post.event = None;
            // A `posts` section never reads an event, so a post dated only
            // by its event has no date there: undo it, or the run without
            // `[sections]` would publish what `init`'s file leaves out.
            if post.date_source == Some(DateSource::EventStart) {
                if post.updated == post.date {
                    post.updated = None;
                }
                post.date = None;
                post.date_source = None;
            }
        }
    }
    probe.sections = found
        .iter()
        .map(|f| {
            let section = Section {
                kind: f.kind,
                default_duration: duration,
            };
            (f.name.clone(), section)
        })
        .collect();
    let warnings = found
        .iter()
        .filter(|f| f.kind == SectionKind::Posts && f.timed > 0)
        .map(|f| {
            format!(
                "section `{}` is read as plain posts (feeds only): {} of its {} posts have an event time, fewer than a third; to put them in the calendars, set [sections.{}] kind = \"events\" in feedcal.toml (`feedcal init` writes one)",
                f.name, f.timed, f.posts, toml_key(&f.name)
            )
        })
        .collect();
    Loaded {
        config: Cow::Owned(probe),
        site,
        found,
        warnings,
    }
}

/// Each candidate folder's kind, from its name and its posts.
fn judge(names: &[String], site: &Site) -> Vec<SectionFinding> {
    let mut counts: BTreeMap<&str, (usize, usize)> =
        names.iter().map(|n| (n.as_str(), (0, 0))).collect();
    for p in &site.posts {
        if let Some(c) = counts.get_mut(p.source.section.as_str()) {
            c.0 += 1;
            if matches!(
                p.event.as_ref().and_then(|e| e.when.as_ref()),
                Some(EventWhen::Timed { .. })
            ) {
                c.1 += 1;
            }
        }
    }
    counts
        .into_iter()
        .filter(|(_, (posts, _))| *posts > 0)
        .map(|(name, (posts, timed))| {
            let (kind, why) = if EVENT_WORDS.contains(&name.to_ascii_lowercase().as_str()) {
                (SectionKind::Events, "its name says events")
            } else if timed > 0 && timed * EVENT_SHARE.1 >= posts * EVENT_SHARE.0 {
                (
                    SectionKind::Events,
                    "at least a third of its posts have an event time",
                )
            } else {
                (
                    SectionKind::Posts,
                    "fewer than a third of its posts have an event time",
                )
            };
            SectionFinding {
                name: name.to_string(),
                posts,
                timed,
                kind,
                why,
            }
        })
        .collect()
}

/// The folders that may be sections (see the module docs), sorted.
pub fn candidates(config: &Config) -> Vec<String> {
    let every_folder = matches!(
        config.generator,
        Generator::Hugo | Generator::Zola | Generator::VuePress
    );
    // Pelican's articles are one section wherever they are under PATH.
    if config.generator == Generator::Pelican {
        return config
            .content
            .is_dir()
            .then(|| crate::generator::PELICAN_ARTICLES.to_string())
            .into_iter()
            .collect();
    }
    // A Docusaurus site names its blogs' folders (a second blog such as
    // `community/` beside `blog/`) in its config.
    if config.generator == Generator::Docusaurus && !config.urls.blogs.is_empty() {
        let mut names: Vec<String> = config
            .urls
            .blogs
            .iter()
            .map(|b| b.path.clone())
            .filter(|n| {
                !n.is_empty() && !n.contains(['/', '\\']) && config.content.join(n).is_dir()
            })
            .collect();
        names.sort();
        names.dedup();
        return names;
    }
    if !every_folder {
        return config
            .generator
            .default_sections()
            .iter()
            .map(|(n, _)| n.to_string())
            .filter(|n| config.content.join(n).is_dir())
            .collect();
    }
    let mut names = Vec::new();
    for name in folders(&config.content) {
        let is_language = if config.languages.is_empty() {
            crate::config::looks_like_language(&name)
        } else {
            config.languages.contains(&name)
        };
        if is_language {
            names.extend(folders(&config.content.join(&name)));
        } else {
            names.push(name);
        }
    }
    // Zola publishes the pages in `content/` itself as its root section.
    let root_pages = config.generator == Generator::Zola
        && std::fs::read_dir(&config.content).is_ok_and(|d| {
            d.flatten().any(|e| {
                let n = e.file_name().to_string_lossy().into_owned();
                n.ends_with(".md") && !n.starts_with("_index")
            })
        });
    if root_pages {
        names.push(crate::generator::ZOLA_ROOT.to_string());
    }
    names.sort();
    names.dedup();
    names
}

/// The sub-folders of `dir` that can hold content, sorted.
fn folders(dir: &Path) -> Vec<String> {
    let mut out: Vec<String> = std::fs::read_dir(dir)
        .map(|rd| {
            rd.filter_map(|e| e.ok())
                .filter(|e| e.path().is_dir())
                .filter_map(|e| e.file_name().to_str().map(str::to_string))
                .filter(|n| !n.starts_with(['.', '_']) && n != "node_modules")
                .collect()
        })
        .unwrap_or_default();
    out.sort();
    out
}

/// A section name as a TOML key.
pub fn toml_key(name: &str) -> String {
    if !name.is_empty()
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
    {
        name.to_string()
    } else {
        toml::Value::String(name.to_string()).to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A site whose folder `name` holds `posts` posts, the first `timed` of
    /// them with a timed event (the sample site's posts, re-foldered).
    fn site_of(folders: &[(&str, usize, usize)]) -> Site {
        let (_, sample) = crate::render::test_posts(12);
        let timed = sample
            .iter()
            .find(|p| matches!(p.when(), Some(EventWhen::Timed { .. })))
            .expect("a timed sample post");
        let plain = sample
            .iter()
            .find(|p| p.event.is_none())
            .expect("a sample post without event");
        let mut posts = Vec::new();
        for &(name, n, t) in folders {
            for i in 0..n {
                let mut p = if i < t { timed.clone() } else { plain.clone() };
                p.source.section = name.to_string();
                posts.push(p);
            }
        }
        Site {
            posts,
            ..Site::default()
        }
    }

    #[test]
    fn sections_are_events_from_a_third_of_timed_posts_or_by_name() {
        let site = site_of(&[
            ("third", 3, 1),
            ("quarter", 4, 1),
            ("Webinars", 2, 0),
            ("community-calls", 1, 0),
            ("notes", 2, 0),
        ]);
        let names: Vec<String> = [
            "community-calls",
            "empty",
            "notes",
            "quarter",
            "third",
            "Webinars",
        ]
        .map(String::from)
        .to_vec();
        let got: Vec<(String, SectionKind, usize, usize)> = judge(&names, &site)
            .into_iter()
            .map(|f| (f.name, f.kind, f.posts, f.timed))
            .collect();
        let want = [
            ("Webinars", SectionKind::Events, 2, 0),
            ("community-calls", SectionKind::Events, 1, 0),
            ("notes", SectionKind::Posts, 2, 0),
            ("quarter", SectionKind::Posts, 4, 1),
            ("third", SectionKind::Events, 3, 1),
        ]
        .map(|(n, k, p, t)| (n.to_string(), k, p, t));
        // `empty` has no post: not a section at all.
        assert_eq!(got, want);
    }

    #[test]
    fn section_keys_are_quoted_only_when_toml_needs_it() {
        assert_eq!(toml_key("_posts"), "_posts");
        assert_eq!(toml_key("community-calls"), "community-calls");
        assert_eq!(toml_key("活动"), "\"活动\"");
        assert_eq!(toml_key("a.b"), "\"a.b\"");
    }
}
