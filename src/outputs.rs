//! Which files a run writes, and their bytes.
//!
//! Layout under the output folder (each group's set is `rss.xml`,
//! `atom.xml`, `feed.json`, and `events.ics` when the group holds events):
//! ```text
//! index.html                       the page: upcoming and past events, subscribe links
//! rss.xml atom.xml feed.json events.ics     the whole site
//! upcoming.ics                     events from `outputs.upcoming_days` ago on
//! <lang>/…                         one language
//! <lang>/<section>/…               one language and section
//! tags/<tag>/…                     one tag (names from `names::unique_names`)
//! categories/<category>/…          one category
//! events/<lang>-<section>-<slug>.ics   one event, same UID as in every calendar
//! ```
//! Which of these are written is set in the config's `[outputs]` table.
//! Everything is derived from the posts alone, except the split between
//! upcoming and past events, which depends on the run's date (`--today`).

use std::collections::{BTreeMap, BTreeSet};

use chrono::{NaiveDate, NaiveDateTime};
use rayon::prelude::*;

use crate::config::{Config, SectionKind};
use crate::model::{EventWhen, Post};
use crate::names::unique_names;
use crate::readback::{self, EventHistory};
use crate::render::page::{Link, PageEvent, PageInput};
use crate::render::{self, Feed};
use crate::site::{newest_first, Site};

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum OutputKind {
    Rss,
    Atom,
    #[serde(rename = "json-feed")]
    JsonFeed,
    Ics,
    Html,
}

/// One rendered file.
#[derive(Debug, Clone)]
pub struct Output {
    /// Relative to the output folder, `/`-separated.
    pub path: String,
    pub kind: OutputKind,
    pub bytes: Vec<u8>,
    /// Items (feeds) or events (calendars, page) it holds.
    pub count: usize,
    /// Whether the shrink guard watches it: the site-wide, language and
    /// section outputs. Tag, category and single-event files come and go
    /// with the posts' tags, so a shrinking one is no sign of a broken checkout.
    pub guarded: bool,
    /// For `bytes`: the items found by parsing them, or what is wrong with
    /// them ([`readback::count_items`]), when they were parsed where they
    /// were rendered; `None` leaves the parsing to the publisher.
    pub checked: Option<Result<Option<usize>, String>>,
}

/// What a run knows beyond the posts.
#[derive(Debug, Clone)]
pub struct RenderOptions<'h> {
    /// The calendars published before: their SEQUENCE and LAST-MODIFIED continue.
    pub history: &'h EventHistory,
    /// The run's date in the site zone: splits upcoming from past events.
    pub today: NaiveDate,
}

/// A set of posts that gets its own feeds (and calendar).
struct Group<'a> {
    dir: String,
    title: String,
    calendar_title: String,
    link: String,
    language: Option<String>,
    posts: Vec<&'a Post>,
    has_events: bool,
    guarded: bool,
}

/// The run's date: `SOURCE_DATE_EPOCH` (the reproducible-builds convention)
/// when set, else the wall clock, as a date in `config.time_zone`.
pub fn today(config: &Config) -> NaiveDate {
    let now = std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|s| s.trim().parse::<i64>().ok())
        .and_then(|secs| chrono::DateTime::from_timestamp(secs, 0))
        .unwrap_or_else(chrono::Utc::now);
    now.with_timezone(&config.time_zone).date_naive()
}

/// Renders every output, with no published history and today's date.
pub fn render_all(site: &Site, config: &Config) -> Vec<Output> {
    let history = EventHistory::default();
    render_all_with(
        site,
        config,
        &RenderOptions {
            history: &history,
            today: today(config),
        },
    )
}

/// The groups that get feeds, over the dated posts.
fn build_groups<'a>(site: &'a Site, config: &Config) -> (Vec<&'a Post>, Vec<Group<'a>>) {
    let o = &config.outputs;
    // Feeds need a date to order and stamp items; undated posts are reported by `check`.
    let dated: Vec<&Post> = site
        .posts
        .iter()
        .filter(|p| p.sort_date().is_some())
        .collect();
    let is_event = |p: &Post| {
        config
            .section(&p.source.section)
            .is_some_and(|s| s.kind == SectionKind::Events)
    };
    let mut groups = vec![Group {
        dir: String::new(),
        title: config.title.clone(),
        calendar_title: config.calendar_name.clone(),
        link: config.base_url.to_string(),
        language: None,
        posts: dated.clone(),
        has_events: config
            .sections
            .values()
            .any(|s| s.kind == SectionKind::Events),
        guarded: true,
    }];
    let langs: BTreeSet<&str> = dated.iter().map(|p| p.source.lang.as_str()).collect();
    if o.languages {
        for lang in &langs {
            let posts: Vec<&Post> = dated
                .iter()
                .copied()
                .filter(|p| p.source.lang == *lang)
                .collect();
            groups.push(Group {
                dir: format!("{lang}/"),
                title: format!("{} ({lang})", config.title),
                calendar_title: format!("{} ({lang})", config.calendar_name),
                link: page_url(config, lang, ""),
                language: Some(lang.to_string()),
                has_events: posts.iter().any(|p| is_event(p)),
                posts,
                guarded: true,
            });
        }
    }
    if o.sections {
        let pairs: BTreeSet<(&str, &str)> = dated
            .iter()
            .map(|p| (p.source.lang.as_str(), p.source.section.as_str()))
            .collect();
        for (lang, section) in pairs {
            let posts: Vec<&Post> = dated
                .iter()
                .copied()
                .filter(|p| p.source.lang == lang && p.source.section == section)
                .collect();
            groups.push(Group {
                dir: format!("{lang}/{section}/"),
                title: format!("{} — {section} ({lang})", config.title),
                calendar_title: format!("{} — {section} ({lang})", config.calendar_name),
                link: page_url(config, lang, &format!("{section}/")),
                language: Some(lang.to_string()),
                has_events: config
                    .section(section)
                    .is_some_and(|s| s.kind == SectionKind::Events),
                posts,
                guarded: true,
            });
        }
    }
    let taxonomies: [(bool, &str, TermsOf); 2] = [
        (o.tags, "tags", |p| &p.tags),
        (o.categories, "categories", |p| &p.categories),
    ];
    for (enabled, taxonomy, terms_of) in taxonomies {
        if !enabled {
            continue;
        }
        let mut members: BTreeMap<&str, Vec<&Post>> = BTreeMap::new();
        for p in &dated {
            // A post listing a tag twice is in its feed once.
            let terms: BTreeSet<&str> = terms_of(p).iter().map(String::as_str).collect();
            for t in terms {
                members.entry(t).or_default().push(p);
            }
        }
        let names = unique_names(members.keys().copied());
        for (term, posts) in members {
            let name = &names[term];
            groups.push(Group {
                dir: format!("{taxonomy}/{name}/"),
                title: format!("{} — {term}", config.title),
                calendar_title: format!("{} — {term}", config.calendar_name),
                link: config
                    .base_url
                    .join(&format!("{taxonomy}/{}/", url_segment(name)))
                    .map(String::from)
                    .unwrap_or_else(|_| config.base_url.to_string()),
                language: None,
                has_events: posts.iter().any(|p| is_event(p)),
                posts,
                guarded: false,
            });
        }
    }

    (dated, groups)
}

/// Renders every output. The order is fixed: the page, the site, languages,
/// sections, tags, categories, upcoming, single events.
pub fn render_all_with(site: &Site, config: &Config, opts: &RenderOptions<'_>) -> Vec<Output> {
    let o = &config.outputs;
    let (dated, groups) = build_groups(site, config);
    let mut jobs: Vec<Job<'_, '_>> = Vec::new();
    for g in &groups {
        jobs.push(Job::Feed(g, OutputKind::Rss));
        jobs.push(Job::Feed(g, OutputKind::Atom));
        if o.json_feed {
            jobs.push(Job::Feed(g, OutputKind::JsonFeed));
        }
        if g.has_events {
            jobs.push(Job::Feed(g, OutputKind::Ics));
        }
    }
    let timed: Vec<&Post> = sorted_events(&dated);
    if let Some(days) = o.upcoming_days {
        jobs.push(Job::Upcoming(days));
    }
    let event_files: BTreeMap<&str, String> = if o.event_files {
        unique_names(timed.iter().map(|p| p.key.as_str()))
            .into_iter()
            .map(|(k, v)| (k, format!("events/{v}.ics")))
            .collect()
    } else {
        BTreeMap::new()
    };
    for p in &timed {
        if let Some(path) = event_files.get(p.key.as_str()) {
            jobs.push(Job::Event(p, path));
        }
    }
    let mut outputs: Vec<Output> = jobs
        .into_par_iter()
        .map(|job| {
            let mut output = match job {
                Job::Feed(g, kind) => render_group(g, kind, config, opts),
                Job::Upcoming(days) => render_upcoming(&timed, days, config, opts),
                Job::Event(p, path) => render_event(p, path, config, opts),
            };
            // Parsed here, beside the other renders, rather than by the
            // publisher after them all: the calendar of every event took a
            // tenth of a second on one core at the end of a 50,000-post run.
            output.checked = Some(readback::count_items(output.kind, &output.bytes));
            output
        })
        .collect();
    if o.index_page {
        outputs.insert(0, render_page(&groups, &timed, &event_files, config, opts));
    }
    outputs
}

/// A taxonomy's terms of a post (its tags, or its categories).
type TermsOf = fn(&Post) -> &[String];

enum Job<'g, 'p> {
    Feed(&'g Group<'p>, OutputKind),
    Upcoming(u32),
    Event(&'p Post, &'g str),
}

/// The site URL of a language's page or section (no prefix for the default language).
fn page_url(config: &Config, lang: &str, rest: &str) -> String {
    let prefix = if lang == config.default_language {
        String::new()
    } else {
        format!("{lang}/")
    };
    config
        .base_url
        .join(&format!("{prefix}{rest}"))
        .map(String::from)
        .unwrap_or_else(|_| config.base_url.to_string())
}

fn url_segment(name: &str) -> String {
    percent_encoding::utf8_percent_encode(name, percent_encoding::NON_ALPHANUMERIC).to_string()
}

/// The absolute URL of an output file.
fn output_url(config: &Config, path: &str) -> String {
    let encoded: Vec<String> = path
        .split('/')
        .map(|s| percent_encoding::utf8_percent_encode(s, &PATH_SEGMENT).to_string())
        .collect();
    config
        .feed_url
        .join(&encoded.join("/"))
        .map(String::from)
        .unwrap_or_else(|_| path.to_string())
}

const PATH_SEGMENT: percent_encoding::AsciiSet = percent_encoding::NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// Event posts with a time, by start then key: the order of every calendar.
fn sorted_events<'a>(posts: &[&'a Post]) -> Vec<&'a Post> {
    let mut events: Vec<&Post> = posts
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

fn file_name(kind: OutputKind) -> &'static str {
    match kind {
        OutputKind::Rss => "rss.xml",
        OutputKind::Atom => "atom.xml",
        OutputKind::JsonFeed => "feed.json",
        OutputKind::Ics => "events.ics",
        OutputKind::Html => "index.html",
    }
}

fn render_feed(
    kind: OutputKind,
    feed: &Feed<'_>,
    config: &Config,
    opts: &RenderOptions<'_>,
) -> Vec<u8> {
    match kind {
        OutputKind::Rss => render::rss::render(feed, config),
        OutputKind::Atom => render::atom::render(feed, config),
        OutputKind::JsonFeed => render::jsonfeed::render(feed, config),
        OutputKind::Ics => render::ics::render_with(feed, config, opts.history),
        OutputKind::Html => Vec::new(),
    }
}

fn render_group(
    g: &Group<'_>,
    kind: OutputKind,
    config: &Config,
    opts: &RenderOptions<'_>,
) -> Output {
    let path = format!("{}{}", g.dir, file_name(kind));
    let posts: Vec<&Post> = match kind {
        OutputKind::Ics => sorted_events(&g.posts),
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
        title: if kind == OutputKind::Ics {
            g.calendar_title.clone()
        } else {
            g.title.clone()
        },
        description: config.description.clone(),
        link: g.link.clone(),
        self_url: output_url(config, &path),
        language: g.language.clone(),
        posts,
    };
    Output {
        bytes: render_feed(kind, &feed, config, opts),
        count: feed.posts.len(),
        path,
        kind,
        guarded: g.guarded,
        checked: None,
    }
}

fn render_upcoming(
    timed: &[&Post],
    days: u32,
    config: &Config,
    opts: &RenderOptions<'_>,
) -> Output {
    let from = opts.today - chrono::Duration::days(i64::from(days));
    let posts: Vec<&Post> = timed
        .iter()
        .copied()
        .filter(|p| event_end_date(p).is_some_and(|d| d >= from))
        .collect();
    let path = "upcoming.ics".to_string();
    let feed = Feed {
        title: format!("{} — upcoming", config.calendar_name),
        description: config.description.clone(),
        link: config.base_url.to_string(),
        self_url: output_url(config, &path),
        language: None,
        posts,
    };
    Output {
        bytes: render::ics::render_with(&feed, config, opts.history),
        count: feed.posts.len(),
        path,
        kind: OutputKind::Ics,
        // It shrinks every time an event passes: not a sign of a broken checkout.
        guarded: false,
        checked: None,
    }
}

fn render_event(post: &Post, path: &str, config: &Config, opts: &RenderOptions<'_>) -> Output {
    let feed = Feed {
        title: post.title.clone(),
        description: post.summary.clone().unwrap_or_default(),
        link: post.url.clone(),
        self_url: output_url(config, path),
        language: Some(post.source.lang.clone()),
        posts: vec![post],
    };
    Output {
        bytes: render::ics::render_with(&feed, config, opts.history),
        count: 1,
        path: path.to_string(),
        kind: OutputKind::Ics,
        guarded: false,
        checked: None,
    }
}

fn render_page(
    groups: &[Group<'_>],
    timed: &[&Post],
    event_files: &BTreeMap<&str, String>,
    config: &Config,
    opts: &RenderOptions<'_>,
) -> Output {
    let mut calendars = Vec::new();
    let mut feeds = Vec::new();
    // The page offers the site, each language and each category; tags are
    // too many to list and are reached from their posts.
    for g in groups.iter().filter(|g| {
        g.dir.starts_with("categories/")
            || (!g.dir.starts_with("tags/") && g.dir.matches('/').count() <= 1)
    }) {
        if g.has_events {
            calendars.push(Link {
                title: g.calendar_title.clone(),
                url: output_url(config, &format!("{}events.ics", g.dir)),
                mime: None,
            });
        }
        if g.dir.is_empty() || !g.dir.starts_with("categories/") {
            for (kind, label, mime) in [
                (OutputKind::Rss, "RSS", "application/rss+xml"),
                (OutputKind::Atom, "Atom", "application/atom+xml"),
                (OutputKind::JsonFeed, "JSON Feed", "application/feed+json"),
            ] {
                if kind == OutputKind::JsonFeed && !config.outputs.json_feed {
                    continue;
                }
                feeds.push(Link {
                    title: format!("{} ({label})", g.title),
                    url: output_url(config, &format!("{}{}", g.dir, file_name(kind))),
                    mime: Some(mime),
                });
            }
        }
    }
    if config.outputs.upcoming_days.is_some() {
        calendars.insert(
            1.min(calendars.len()),
            Link {
                title: format!("{} — upcoming", config.calendar_name),
                url: output_url(config, "upcoming.ics"),
                mime: None,
            },
        );
    }
    let site_calendar = output_url(config, "events.ics");
    let events: Vec<PageEvent<'_>> = timed
        .iter()
        .map(|p| PageEvent {
            post: p,
            ics_url: event_files
                .get(p.key.as_str())
                .map_or_else(|| site_calendar.clone(), |path| output_url(config, path)),
        })
        .collect();
    let input = PageInput {
        calendars,
        feeds,
        count: events.len(),
        events,
        today: opts.today,
    };
    Output {
        bytes: render::page::render(&input, config),
        count: input.count,
        path: "index.html".to_string(),
        kind: OutputKind::Html,
        guarded: false,
        checked: None,
    }
}

fn event_start(p: &Post) -> Option<NaiveDateTime> {
    match p.event.as_ref()?.when.as_ref()? {
        EventWhen::Timed { start, .. } => Some(*start),
        EventWhen::AllDay { first, .. } => first.and_hms_opt(0, 0, 0),
    }
}

fn event_end_date(p: &Post) -> Option<NaiveDate> {
    match p.event.as_ref()?.when.as_ref()? {
        EventWhen::Timed { end, .. } => Some(end.date()),
        EventWhen::AllDay { last, .. } => Some(*last),
    }
}
