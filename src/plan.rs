//! Which files a run writes and what each holds: posts and config in,
//! [`Document`]s out. Pure: it reads no file and no clock (the run's date is
//! given), so the same posts always give the same plan.
//!
//! Layout under the output folder (each group's set is `rss.xml`,
//! `atom.xml`, `feed.json`, and `events.ics` when the group holds events):
//! ```text
//! index.html                       the page: upcoming and past events, subscribe links
//! <lang>/index.html                one language's page (sites with several languages)
//! rss.xml atom.xml feed.json events.ics     the whole site
//! upcoming.ics                     events from `outputs.upcoming_days` ago on
//! <lang>/…                         one language
//! <lang>/<section>/…               one language and section
//! tags/<tag>/…                     one tag (names from `names::unique_names`)
//! categories/<category>/…          one category
//! events/<lang>-<section>-<slug>.ics   one event, same UIDs as in every calendar
//! ```
//! Which of these are written is set in the config's `[outputs]` table.
//!
//! Feeds hold the newest `feed_items` posts that have a date; calendars hold
//! every session of every dated event post with a time. A post that cannot be
//! in an output it belongs to is [`LeftOut`], with the reason.

use std::collections::{BTreeMap, BTreeSet};

use chrono::{DateTime, NaiveDate};
use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};

use crate::config::{Config, SectionKind};
use crate::model::{
    Document, LeftOut, LeftOutOf, LeftOutReason, Link, Occurrence, OutputKind, PageLinks, Post,
};
use crate::names::unique_names;

/// Every file of a run, and the posts that could not be in all of theirs.
#[derive(Debug)]
pub struct Plan<'a> {
    /// In the order they are reported: the page, the site, languages,
    /// sections, tags, categories, upcoming, single events.
    pub files: Vec<Planned<'a>>,
    pub left_out: Vec<LeftOut>,
}

/// One file to render.
#[derive(Debug)]
pub struct Planned<'a> {
    /// Relative to the output folder, `/`-separated.
    pub path: String,
    pub kind: OutputKind,
    /// Watched by the shrink guard (see [`crate::model::Output::guarded`]).
    pub guarded: bool,
    pub doc: Document<'a>,
}

/// Plans every output of `posts` for a run on `today` (the site zone's
/// date, which splits upcoming from past events).
pub fn plan<'a>(
    posts: &'a [Post],
    section_urls: &BTreeMap<(String, String), String>,
    config: &Config,
    today: NaiveDate,
) -> Plan<'a> {
    let o = &config.outputs;
    let groups = groups(posts, section_urls, config);
    let mut files = Vec::new();
    for g in &groups {
        files.extend(group_files(g, config));
    }
    let timed = events_by_start(groups[0].posts.iter().copied());
    if let Some(days) = o.upcoming_days {
        files.push(upcoming(&timed, days, config, today));
    }
    let event_files: BTreeMap<&str, String> = if o.event_files {
        unique_names(timed.iter().map(|p| p.key.as_str()))
            .into_iter()
            .map(|(key, name)| (key, format!("events/{name}.ics")))
            .collect()
    } else {
        BTreeMap::new()
    };
    for p in &timed {
        if let Some(path) = event_files.get(p.key.as_str()) {
            files.push(event_file(p, path, config));
        }
    }
    if o.index_page {
        // A page per language too, in that language, when the site has several.
        let languages: Vec<&str> = groups
            .iter()
            .filter(|g| g.on_page)
            .filter_map(|g| g.language.as_deref())
            .collect();
        if languages.len() > 1 {
            for (i, lang) in languages.iter().enumerate() {
                let theirs: Vec<&Post> = timed
                    .iter()
                    .copied()
                    .filter(|p| p.source.lang == *lang)
                    .collect();
                files.insert(i, page(&groups, &theirs, &event_files, config, Some(lang)));
            }
        }
        files.insert(0, page(&groups, &timed, &event_files, config, None));
    }
    Plan {
        files,
        left_out: left_out(posts, config),
    }
}

/// The posts left out of outputs they belong to, in post order: posts
/// without a date (feeds and calendars need one to order and stamp them),
/// and event posts without an event time (calendars).
pub fn left_out(posts: &[Post], config: &Config) -> Vec<LeftOut> {
    let mut out = Vec::new();
    for (i, p) in posts.iter().enumerate() {
        let event_post = is_event_post(p, config);
        if p.sort_date().is_none() {
            out.push(LeftOut {
                post: i,
                from: LeftOutOf::Feeds,
                reason: LeftOutReason::NoDate,
            });
            if event_post && p.when().is_some() {
                out.push(LeftOut {
                    post: i,
                    from: LeftOutOf::Calendars,
                    reason: LeftOutReason::NoDate,
                });
            }
        }
        if event_post && p.when().is_none() {
            out.push(LeftOut {
                post: i,
                from: LeftOutOf::Calendars,
                reason: LeftOutReason::NoEventTime,
            });
        }
    }
    out
}

/// Newest first, then by identity: the order of every feed.
pub fn newest_first(a: &Post, b: &Post) -> std::cmp::Ordering {
    let date = |p: &Post| p.sort_date().unwrap_or(DateTime::UNIX_EPOCH);
    date(b).cmp(&date(a)).then_with(|| a.key.cmp(&b.key))
}

/// A set of posts that gets its own feeds (and calendar).
#[derive(Debug)]
struct Group<'a> {
    /// Its folder under the output folder: empty, or ending with `/`.
    dir: String,
    title: String,
    calendar_title: String,
    link: String,
    language: Option<String>,
    /// Its posts that have a date, in post order.
    posts: Vec<&'a Post>,
    has_events: bool,
    guarded: bool,
    /// Listed on the page (the site, languages and categories; tags are too
    /// many and are reached from their posts).
    on_page: bool,
}

fn is_event_post(p: &Post, config: &Config) -> bool {
    config
        .section(&p.source.section)
        .is_some_and(|s| s.kind == SectionKind::Events)
}

/// The site, then every language, section, tag and category the config
/// asks for, over the posts that have a date.
fn groups<'a>(
    posts: &'a [Post],
    section_urls: &BTreeMap<(String, String), String>,
    config: &Config,
) -> Vec<Group<'a>> {
    let dated: Vec<&Post> = posts.iter().filter(|p| p.sort_date().is_some()).collect();
    let o = &config.outputs;
    let mut groups = vec![Group {
        dir: String::new(),
        title: config.title.clone(),
        calendar_title: config.calendar_name.clone(),
        link: config.base_url.to_string(),
        language: None,
        // A site with an events section always has a calendar, empty or not.
        has_events: config
            .sections
            .values()
            .any(|s| s.kind == SectionKind::Events),
        posts: dated.clone(),
        guarded: true,
        on_page: true,
    }];
    if o.languages {
        groups.extend(language_groups(&dated, config));
    }
    if o.sections {
        groups.extend(section_groups(&dated, section_urls, config));
    }
    if o.tags {
        groups.extend(taxonomy_groups(&dated, config, "tags", |p| &p.tags));
    }
    if o.categories {
        groups.extend(taxonomy_groups(&dated, config, "categories", |p| {
            &p.categories
        }));
    }
    groups
}

fn language_groups<'a>(dated: &[&'a Post], config: &Config) -> Vec<Group<'a>> {
    let langs: BTreeSet<&str> = dated.iter().map(|p| p.source.lang.as_str()).collect();
    langs
        .into_iter()
        .map(|lang| {
            let posts: Vec<&Post> = dated
                .iter()
                .copied()
                .filter(|p| p.source.lang == lang)
                .collect();
            Group {
                dir: format!("{lang}/"),
                title: format!("{} ({lang})", config.title),
                calendar_title: format!("{} ({lang})", config.calendar_name),
                link: page_url(config, lang, ""),
                language: Some(lang.to_string()),
                has_events: posts.iter().any(|p| is_event_post(p, config)),
                posts,
                guarded: true,
                on_page: true,
            }
        })
        .collect()
}

fn section_groups<'a>(
    dated: &[&'a Post],
    section_urls: &BTreeMap<(String, String), String>,
    config: &Config,
) -> Vec<Group<'a>> {
    let pairs: BTreeSet<(&str, &str)> = dated
        .iter()
        .map(|p| (p.source.lang.as_str(), p.source.section.as_str()))
        .collect();
    pairs
        .into_iter()
        .map(|(lang, section)| Group {
            dir: format!("{lang}/{section}/"),
            title: format!("{} — {section} ({lang})", config.title),
            calendar_title: format!("{} — {section} ({lang})", config.calendar_name),
            link: section_urls
                .get(&(lang.to_string(), section.to_string()))
                .cloned()
                .unwrap_or_else(|| page_url(config, lang, &format!("{section}/"))),
            language: Some(lang.to_string()),
            has_events: config
                .section(section)
                .is_some_and(|s| s.kind == SectionKind::Events),
            posts: dated
                .iter()
                .copied()
                .filter(|p| p.source.lang == lang && p.source.section == section)
                .collect(),
            guarded: true,
            on_page: false,
        })
        .collect()
}

/// One group per term of a taxonomy (`tags`, `categories`), in term order.
fn taxonomy_groups<'a>(
    dated: &[&'a Post],
    config: &Config,
    taxonomy: &str,
    terms_of: fn(&Post) -> &[String],
) -> Vec<Group<'a>> {
    let mut members: BTreeMap<&str, Vec<&Post>> = BTreeMap::new();
    for p in dated {
        // A post listing a term twice is in its feed once.
        let terms: BTreeSet<&str> = terms_of(p).iter().map(String::as_str).collect();
        for t in terms {
            members.entry(t).or_default().push(p);
        }
    }
    let names = unique_names(members.keys().copied());
    members
        .into_iter()
        .map(|(term, posts)| {
            let name = &names[term];
            // A term of Spanish posts only has its page under `/es/`.
            let langs: BTreeSet<&str> = posts.iter().map(|p| p.source.lang.as_str()).collect();
            let lang = if langs.contains(config.default_language.as_str()) {
                config.default_language.as_str()
            } else {
                langs
                    .first()
                    .copied()
                    .unwrap_or(config.default_language.as_str())
            };
            Group {
                dir: format!("{taxonomy}/{name}/"),
                title: format!("{} — {term}", config.title),
                calendar_title: format!("{} — {term}", config.calendar_name),
                // The site's own page of the term (not feedcal's folder name,
                // which may carry a suffix that keeps two spellings apart).
                link: crate::permalink::term_path(
                    &config.urls,
                    &config.taxonomies,
                    taxonomy,
                    term,
                    config.lowercase_urls,
                )
                .map_or_else(
                    || config.base_url.to_string(),
                    |p| page_url(config, lang, &p),
                ),
                language: None,
                has_events: posts.iter().any(|p| is_event_post(p, config)),
                posts,
                guarded: false,
                on_page: taxonomy == "categories",
            }
        })
        .collect()
}

/// A group's feeds, and its calendar when it holds events.
fn group_files<'a>(g: &Group<'a>, config: &Config) -> Vec<Planned<'a>> {
    let mut kinds = vec![OutputKind::Rss, OutputKind::Atom];
    if config.outputs.json_feed {
        kinds.push(OutputKind::JsonFeed);
    }
    if g.has_events {
        kinds.push(OutputKind::Ics);
    }
    kinds
        .into_iter()
        .map(|kind| {
            let path = format!("{}{}", g.dir, kind.file_name());
            let mut doc = Document {
                title: g.title.clone(),
                description: config.description.clone(),
                link: g.link.clone(),
                self_url: output_url(config, &path),
                language: g.language.clone(),
                ..Document::default()
            };
            if kind == OutputKind::Ics {
                doc.title = g.calendar_title.clone();
                doc.events = occurrences(g.posts.iter().copied());
            } else {
                doc.posts = newest(&g.posts, config.feed_items);
            }
            Planned {
                path,
                kind,
                guarded: g.guarded,
                doc,
            }
        })
        .collect()
}

/// The `limit` newest posts (all of them for 0), newest first.
fn newest<'a>(posts: &[&'a Post], limit: usize) -> Vec<&'a Post> {
    let mut items = posts.to_vec();
    items.sort_by(|a, b| newest_first(a, b));
    if limit > 0 {
        items.truncate(limit);
    }
    items
}

/// Event posts with a time, by start, then identity: the order of the page.
fn events_by_start<'a>(posts: impl Iterator<Item = &'a Post>) -> Vec<&'a Post> {
    let mut events: Vec<&Post> = posts.filter(|p| p.when().is_some()).collect();
    events.sort_by(|a, b| {
        let start = |p: &Post| p.when().map(|w| w.start());
        start(a).cmp(&start(b)).then_with(|| a.key.cmp(&b.key))
    });
    events
}

/// Every session of the posts, by start, then identity and session: the
/// order of every calendar.
fn occurrences<'a>(posts: impl Iterator<Item = &'a Post>) -> Vec<Occurrence<'a>> {
    let mut events: Vec<Occurrence<'a>> = posts.flat_map(Post::occurrences).collect();
    events.sort_by(|a, b| {
        (a.when.start(), &a.post.key, a.session).cmp(&(b.when.start(), &b.post.key, b.session))
    });
    events
}

/// `upcoming.ics`: the sessions that end at most `days` before `today`, and later ones.
fn upcoming<'a>(timed: &[&'a Post], days: u32, config: &Config, today: NaiveDate) -> Planned<'a> {
    // A `days` beyond the calendar's range keeps every event.
    let from = today
        .checked_sub_days(chrono::Days::new(u64::from(days)))
        .unwrap_or(NaiveDate::MIN);
    let path = "upcoming.ics".to_string();
    Planned {
        doc: Document {
            title: format!("{} — upcoming", config.calendar_name),
            description: config.description.clone(),
            link: config.base_url.to_string(),
            self_url: output_url(config, &path),
            events: occurrences(timed.iter().copied())
                .into_iter()
                .filter(|e| e.when.last_day() >= from)
                .collect(),
            ..Document::default()
        },
        path,
        kind: OutputKind::Ics,
        // It shrinks every time an event passes: not a sign of a broken checkout.
        guarded: false,
    }
}

/// The calendar of one event post: the file behind "add to calendar".
fn event_file<'a>(post: &'a Post, path: &str, config: &Config) -> Planned<'a> {
    Planned {
        path: path.to_string(),
        kind: OutputKind::Ics,
        guarded: false,
        doc: Document {
            title: post.title.clone(),
            description: post.summary.clone().unwrap_or_default(),
            link: post.url.clone(),
            self_url: output_url(config, path),
            language: Some(post.source.lang.clone()),
            events: post.occurrences(),
            ..Document::default()
        },
    }
}

/// `index.html`: subscribe links for the site, upcoming, language and
/// category calendars and for the site and language feeds, then every event.
/// With `lang`, `<lang>/index.html`: the site's and that language's
/// calendars and feeds, and that language's events, in that language.
fn page<'a>(
    groups: &[Group<'a>],
    timed: &[&'a Post],
    event_files: &BTreeMap<&str, String>,
    config: &Config,
    lang: Option<&str>,
) -> Planned<'a> {
    let mut calendars = Vec::new();
    let mut feeds = Vec::new();
    let listed = |g: &&Group<'_>| {
        g.on_page
            && match lang {
                None => true,
                Some(l) => g.dir.is_empty() || g.language.as_deref() == Some(l),
            }
    };
    for g in groups.iter().filter(listed) {
        if g.has_events {
            calendars.push(Link {
                title: g.calendar_title.clone(),
                url: output_url(config, &format!("{}events.ics", g.dir)),
                mime: None,
            });
        }
        if g.dir.starts_with("categories/") {
            continue;
        }
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
                url: output_url(config, &format!("{}{}", g.dir, kind.file_name())),
                mime: Some(mime),
            });
        }
    }
    if config.outputs.upcoming_days.is_some() {
        // Right after the site's own calendar.
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
    let event_calendars = timed
        .iter()
        .map(|p| {
            event_files
                .get(p.key.as_str())
                .map_or_else(|| site_calendar.clone(), |path| output_url(config, path))
        })
        .collect();
    let path = lang.map_or_else(|| "index.html".to_string(), |l| format!("{l}/index.html"));
    Planned {
        kind: OutputKind::Html,
        guarded: false,
        doc: Document {
            title: config.title.clone(),
            description: config.description.clone(),
            link: config.base_url.to_string(),
            self_url: output_url(config, &path),
            language: lang.map(str::to_string),
            posts: timed.to_vec(),
            page: Some(PageLinks {
                calendars,
                feeds,
                event_calendars,
            }),
            ..Document::default()
        },
        path,
    }
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

/// Everything but RFC 3986's unreserved characters.
const PATH_SEGMENT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// The absolute URL of an output file.
fn output_url(config: &Config, path: &str) -> String {
    let encoded: Vec<String> = path
        .split('/')
        .map(|s| utf8_percent_encode(s, PATH_SEGMENT).to_string())
        .collect();
    config
        .feed_url
        .join(&encoded.join("/"))
        .map(String::from)
        .unwrap_or_else(|_| path.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{EventDecision, EventWhen};

    fn sample() -> (Config, Vec<Post>) {
        crate::render::sample()
    }

    fn when(day: u32) -> EventWhen {
        let d = NaiveDate::from_ymd_opt(2024, 10, day).unwrap();
        EventWhen::Timed {
            start: d.and_hms_opt(9, 0, 0).unwrap(),
            end: d.and_hms_opt(17, 0, 0).unwrap(),
            end_stated: true,
            zone: chrono_tz::Asia::Shanghai,
        }
    }

    #[test]
    fn every_session_is_a_calendar_event_and_the_page_lists_the_post_once() {
        let (config, mut posts) = sample();
        let i = posts
            .iter()
            .position(|p| p.when().is_some())
            .expect("an event post in the sample");
        posts[i].event = Some(EventDecision {
            when: Some(EventWhen::Timed {
                start: when(30).start(),
                end: NaiveDate::from_ymd_opt(2024, 10, 31)
                    .unwrap()
                    .and_hms_opt(17, 0, 0)
                    .unwrap(),
                end_stated: true,
                zone: chrono_tz::Asia::Shanghai,
            }),
            sessions: vec![when(30), when(31)],
            ..EventDecision::default()
        });
        let key = posts[i].key.clone();
        let today = NaiveDate::from_ymd_opt(2024, 10, 31).unwrap();
        let plan = plan(&posts, &BTreeMap::new(), &config, today);
        let site = plan.files.iter().find(|f| f.path == "events.ics").unwrap();
        let sessions: Vec<usize> = site
            .doc
            .events
            .iter()
            .filter(|e| e.post.key == key)
            .map(|e| e.session)
            .collect();
        assert_eq!(sessions, [1, 2]);
        let page = plan.files.iter().find(|f| f.path == "index.html").unwrap();
        assert_eq!(page.doc.posts.iter().filter(|p| p.key == key).count(), 1);
    }

    #[test]
    fn posts_without_a_date_or_an_event_time_are_left_out_with_the_reason() {
        let (config, mut posts) = sample();
        let timed = posts.iter().position(|p| p.when().is_some()).unwrap();
        posts[timed].date = None;
        posts[timed].updated = None;
        let plan = plan(&posts, &BTreeMap::new(), &config, NaiveDate::MIN);
        let of = |i: usize| -> Vec<(LeftOutOf, LeftOutReason)> {
            plan.left_out
                .iter()
                .filter(|l| l.post == i)
                .map(|l| (l.from, l.reason))
                .collect()
        };
        assert_eq!(
            of(timed),
            [
                (LeftOutOf::Feeds, LeftOutReason::NoDate),
                (LeftOutOf::Calendars, LeftOutReason::NoDate)
            ]
        );
        let untimed = posts
            .iter()
            .position(|p| p.event.is_some() && p.when().is_none())
            .expect("the sample's event post without a time");
        assert_eq!(
            of(untimed),
            [(LeftOutOf::Calendars, LeftOutReason::NoEventTime)]
        );
        let in_feeds = |key: &str| {
            plan.files
                .iter()
                .filter(|f| f.kind == OutputKind::Rss)
                .any(|f| f.doc.posts.iter().any(|p| p.key == key))
        };
        assert!(!in_feeds(&posts[timed].key));
        assert!(in_feeds(&posts[untimed].key));
    }

    #[test]
    fn an_upcoming_window_beyond_the_calendar_keeps_every_event() {
        let (mut config, posts) = sample();
        config.outputs.upcoming_days = Some(u32::MAX);
        let plan = plan(&posts, &BTreeMap::new(), &config, NaiveDate::MIN);
        let upcoming = plan
            .files
            .iter()
            .find(|f| f.path == "upcoming.ics")
            .unwrap();
        let site = plan.files.iter().find(|f| f.path == "events.ics").unwrap();
        assert_eq!(upcoming.doc.events.len(), site.doc.events.len());
    }
}
