//! Which files a run writes, and their bytes: site-wide feeds and calendar,
//! then one set per language and section.
//!
//! Layout under the output folder:
//! ```text
//! rss.xml  atom.xml  events.ics                  every language and section
//! <lang>/<section>/rss.xml  atom.xml             one language, one section
//! <lang>/<section>/events.ics                    event sections only
//! ```

use std::collections::BTreeSet;

use rayon::prelude::*;

use crate::config::{Config, SectionKind};
use crate::model::{EventWhen, Post};
use crate::readback::EventHistory;
use crate::render::{self, Feed};
use crate::site::{newest_first, Site};

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum OutputKind {
    Rss,
    Atom,
    Ics,
}

/// One rendered file.
#[derive(Debug, Clone)]
pub struct Output {
    /// Relative to the output folder, `/`-separated.
    pub path: String,
    pub kind: OutputKind,
    pub bytes: Vec<u8>,
    /// Items (feeds) or events (calendars) it holds.
    pub count: usize,
}

struct Group<'a> {
    dir: String,
    title: String,
    link: String,
    language: Option<String>,
    posts: Vec<&'a Post>,
    has_events: bool,
}

/// Renders every output of the site. Order is fixed: site-wide first, then
/// groups by language and section name.
pub fn render_all(site: &Site, config: &Config) -> Vec<Output> {
    render_all_with(site, config, &EventHistory::default())
}

/// [`render_all`], with calendars continuing the published ones in `history`
/// (event SEQUENCE and LAST-MODIFIED).
pub fn render_all_with(site: &Site, config: &Config, history: &EventHistory) -> Vec<Output> {
    // Feeds need a date to order and stamp items; undated posts are reported by `check`.
    let dated: Vec<&Post> = site
        .posts
        .iter()
        .filter(|p| p.sort_date().is_some())
        .collect();
    let mut groups = vec![Group {
        dir: String::new(),
        title: config.title.clone(),
        link: config.base_url.to_string(),
        language: None,
        posts: dated.clone(),
        has_events: config
            .sections
            .values()
            .any(|s| s.kind == SectionKind::Events),
    }];
    let pairs: BTreeSet<(&str, &str)> = dated
        .iter()
        .map(|p| (p.source.lang.as_str(), p.source.section.as_str()))
        .collect();
    for (lang, section) in pairs {
        let prefix = if lang == config.default_language {
            String::new()
        } else {
            format!("{lang}/")
        };
        groups.push(Group {
            dir: format!("{lang}/{section}/"),
            title: format!("{} — {section} ({lang})", config.title),
            link: config
                .base_url
                .join(&format!("{prefix}{section}/"))
                .map(String::from)
                .unwrap_or_else(|_| config.base_url.to_string()),
            language: Some(lang.to_string()),
            posts: dated
                .iter()
                .copied()
                .filter(|p| p.source.lang == lang && p.source.section == section)
                .collect(),
            has_events: config
                .section(section)
                .is_some_and(|s| s.kind == SectionKind::Events),
        });
    }
    let jobs: Vec<(&Group<'_>, OutputKind)> = groups
        .iter()
        .flat_map(|g| {
            let mut kinds = vec![(g, OutputKind::Rss), (g, OutputKind::Atom)];
            if g.has_events {
                kinds.push((g, OutputKind::Ics));
            }
            kinds
        })
        .collect();
    jobs.into_par_iter()
        .map(|(g, kind)| render_one(g, kind, config, history))
        .collect()
}

fn render_one(g: &Group<'_>, kind: OutputKind, config: &Config, history: &EventHistory) -> Output {
    let name = match kind {
        OutputKind::Rss => "rss.xml",
        OutputKind::Atom => "atom.xml",
        OutputKind::Ics => "events.ics",
    };
    let path = format!("{}{name}", g.dir);
    let self_url = config
        .feed_url
        .join(&path)
        .map(String::from)
        .unwrap_or_else(|_| path.clone());
    let posts: Vec<&Post> = match kind {
        OutputKind::Ics => {
            let mut events: Vec<&Post> = g
                .posts
                .iter()
                .copied()
                .filter(|p| p.event.as_ref().is_some_and(|e| e.when.is_some()))
                .collect();
            events.sort_by(|a, b| {
                event_start(a)
                    .cmp(&event_start(b))
                    .then_with(|| a.key.cmp(&b.key))
            });
            events
        }
        _ => {
            let mut items = g.posts.clone();
            items.sort_by(|a, b| newest_first(a, b));
            if config.feed_items > 0 {
                items.truncate(config.feed_items);
            }
            items
        }
    };
    let feed = Feed {
        title: match kind {
            OutputKind::Ics if g.dir.is_empty() => config.calendar_name.clone(),
            _ => g.title.clone(),
        },
        description: config.description.clone(),
        link: g.link.clone(),
        self_url,
        language: g.language.clone(),
        posts,
    };
    let bytes = match kind {
        OutputKind::Rss => render::rss::render(&feed, config),
        OutputKind::Atom => render::atom::render(&feed, config),
        OutputKind::Ics => render::ics::render_with(&feed, config, history),
    };
    Output {
        path,
        kind,
        bytes,
        count: feed.posts.len(),
    }
}

fn event_start(p: &Post) -> Option<chrono::NaiveDateTime> {
    match p.event.as_ref()?.when.as_ref()? {
        EventWhen::Timed { start, .. } => Some(*start),
        EventWhen::AllDay { first, .. } => first.and_hms_opt(0, 0, 0),
    }
}
