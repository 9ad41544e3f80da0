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
use crate::direct_file::DirectFile;
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
    /// Set when the output was rendered straight to a file (`bytes` is then
    /// empty): a feed of every post's full text can be hundreds of MB.
    pub spool: Option<Spooled>,
    /// For `bytes`: the items found by parsing them, or what is wrong with
    /// them ([`readback::count_items`]), when they were parsed where they
    /// were rendered; `None` leaves the parsing to the publisher.
    pub checked: Option<Result<Option<usize>, String>>,
}

/// A file an output was rendered into, fsynced, with its length and digest.
#[derive(Debug, Clone)]
pub struct Spooled {
    pub file: std::path::PathBuf,
    pub len: u64,
    /// The digest of the rendered bytes, as they were handed to the file.
    pub digest: u64,
    /// What the file holds after its fsync. Read here rather than at
    /// publication so that one feed is read back while the others still
    /// render; renaming the file into the staging folder does not touch
    /// its bytes.
    pub read_back: ReadBack,
    /// The items found by parsing what was rendered, chunk by chunk, or what
    /// is wrong with it. The publisher proves the file holds those bytes.
    pub checked_items: Result<usize, String>,
}

/// A spooled file as found after its fsync.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReadBack {
    /// Its digest, read back from the page cache's copy.
    Digest(u64),
    /// Written around the page cache (see [`crate::direct_file`]): the
    /// digest of the blocks the disk was given, taken as they were written,
    /// and the file's length on disk after the fsync.
    Blocks { digest: u64, len: u64 },
}

impl Spooled {
    /// Whether the file holds what was written, as far as [`ReadBack`] tells.
    pub fn holds_what_was_written(&self) -> bool {
        match self.read_back {
            ReadBack::Digest(d) => d == self.digest,
            ReadBack::Blocks { digest, len } => digest == self.digest && len == self.len,
        }
    }
}

impl Output {
    /// Its size in bytes, in memory or spooled.
    pub fn byte_len(&self) -> usize {
        self.spool
            .as_ref()
            .map_or(self.bytes.len(), |s| s.len as usize)
    }
}

/// A fast non-cryptographic digest (64-bit words, multiply-rotate): checks a
/// staged file read back against what was written without keeping the bytes.
///
/// Four independent lanes, each taking every fourth word: one lane is a
/// chain of multiplications the CPU cannot overlap (about 5 GB/s), and a
/// full-content build digests its 1 GB of feeds twice.
#[derive(Debug, Clone, Copy)]
pub struct Digest {
    lanes: [u64; 4],
    /// Bytes of an unfinished 32-byte block.
    tail: [u8; 32],
    n: usize,
    len: u64,
}

impl Default for Digest {
    fn default() -> Self {
        Digest {
            lanes: [
                0xcbf2_9ce4_8422_2325,
                0x9e37_79b9_7f4a_7c15,
                0xc2b2_ae3d_27d4_eb4f,
                0x1656_67b1_9e37_79f9,
            ],
            tail: [0; 32],
            n: 0,
            len: 0,
        }
    }
}

impl Digest {
    fn mix(h: u64, w: u64) -> u64 {
        (h.rotate_left(5) ^ w).wrapping_mul(0x517c_c1b7_2722_0a95)
    }

    fn block(&mut self, block: &[u8]) {
        for (lane, word) in self.lanes.iter_mut().zip(block.chunks_exact(8)) {
            let mut w = [0u8; 8];
            w.copy_from_slice(word);
            *lane = Self::mix(*lane, u64::from_le_bytes(w));
        }
    }

    pub fn update(&mut self, mut b: &[u8]) {
        self.len += b.len() as u64;
        if self.n > 0 {
            let take = (32 - self.n).min(b.len());
            self.tail[self.n..self.n + take].copy_from_slice(&b[..take]);
            self.n += take;
            b = &b[take..];
            if self.n < 32 {
                return;
            }
            let tail = self.tail;
            self.block(&tail);
            self.n = 0;
        }
        let mut blocks = b.chunks_exact(32);
        for block in &mut blocks {
            self.block(block);
        }
        let rest = blocks.remainder();
        self.tail[..rest.len()].copy_from_slice(rest);
        self.n = rest.len();
    }

    pub fn finish(mut self) -> u64 {
        if self.n > 0 {
            let mut last = [0u8; 32];
            last[..self.n].copy_from_slice(&self.tail[..self.n]);
            self.block(&last);
        }
        let h = self
            .lanes
            .iter()
            .fold(self.len, |h, &lane| Self::mix(h, lane));
        Self::mix(h, self.len)
    }
}

/// A [`Digest`] of a long file, taken segment by segment: the digest of the
/// length and of every [`SEGMENT`]'s digest in order. The segments of a file
/// read back can then be digested on every core at once
/// ([`crate::publish::file_digest`]): read back on one core, the last feed
/// of a full-content build kept one core busy for a tenth of a second
/// after everything else was done.
#[derive(Debug, Clone, Copy, Default)]
pub struct SegmentedDigest {
    segment: Digest,
    in_segment: u64,
    segments: Digest,
    len: u64,
}

/// The segment length of a [`SegmentedDigest`]; small in unit tests, so
/// that they cross segment boundaries without digesting 100 MB unoptimized.
pub const SEGMENT: u64 = if cfg!(test) { 4096 } else { 32 << 20 };

impl SegmentedDigest {
    pub fn update(&mut self, mut b: &[u8]) {
        self.len += b.len() as u64;
        while !b.is_empty() {
            let take = (SEGMENT - self.in_segment).min(b.len() as u64) as usize;
            self.segment.update(&b[..take]);
            self.in_segment += take as u64;
            b = &b[take..];
            if self.in_segment == SEGMENT {
                let full = std::mem::take(&mut self.segment);
                self.segments.update(&full.finish().to_le_bytes());
                self.in_segment = 0;
            }
        }
    }

    /// Bytes digested so far.
    pub fn bytes(&self) -> u64 {
        self.len
    }

    pub fn finish(mut self) -> u64 {
        if self.in_segment > 0 || self.len == 0 {
            self.segments.update(&self.segment.finish().to_le_bytes());
        }
        self.segments.update(&self.len.to_le_bytes());
        self.segments.finish()
    }

    /// The digest of a stream cut into segments whose digests are `parts`.
    pub fn of_segments(parts: &[u64], len: u64) -> u64 {
        let mut segments = Digest::default();
        for part in parts {
            segments.update(&part.to_le_bytes());
        }
        segments.update(&len.to_le_bytes());
        segments.finish()
    }
}

#[cfg(test)]
mod digest_tests {
    use super::{Digest, SegmentedDigest, SEGMENT};

    #[test]
    fn a_spooled_file_holds_what_was_written_only_when_both_sides_agree() {
        use super::{ReadBack, Spooled};
        let spooled = |read_back| Spooled {
            file: std::path::PathBuf::from("x"),
            len: 10,
            digest: 7,
            read_back,
            checked_items: Ok(1),
        };
        assert!(spooled(ReadBack::Digest(7)).holds_what_was_written());
        assert!(!spooled(ReadBack::Digest(8)).holds_what_was_written());
        let blocks = |digest, len| spooled(ReadBack::Blocks { digest, len });
        assert!(blocks(7, 10).holds_what_was_written());
        assert!(
            !blocks(8, 10).holds_what_was_written(),
            "blocks lost or reordered"
        );
        assert!(!blocks(7, 9).holds_what_was_written(), "file cut short");
    }

    /// Digesting the segments apart gives the streamed digest, for lengths
    /// around a segment boundary and for an empty stream.
    #[test]
    fn segments_digested_apart_give_the_streamed_digest() {
        let seg = SEGMENT as usize;
        for len in [0, 1, seg - 1, seg, seg + 1, 2 * seg + 5] {
            let bytes: Vec<u8> = (0..len).map(|i| (i % 251) as u8).collect();
            let mut streamed = SegmentedDigest::default();
            for piece in bytes.chunks(1_000_003) {
                streamed.update(piece);
            }
            let parts: Vec<u64> = if len == 0 {
                vec![Digest::default().finish()]
            } else {
                bytes
                    .chunks(seg)
                    .map(|c| {
                        let mut d = Digest::default();
                        d.update(c);
                        d.finish()
                    })
                    .collect()
            };
            assert_eq!(streamed.bytes(), len as u64);
            assert_eq!(
                streamed.finish(),
                SegmentedDigest::of_segments(&parts, len as u64),
                "{len}"
            );
        }
    }

    fn digest(parts: &[&[u8]]) -> u64 {
        let mut d = Digest::default();
        for p in parts {
            d.update(p);
        }
        d.finish()
    }

    /// The digest does not depend on how the bytes were cut into writes,
    /// and tells apart a changed byte, a truncation and trailing zeros.
    #[test]
    fn same_bytes_same_digest_whatever_the_writes() {
        let bytes: Vec<u8> = (0..1000u32).map(|i| (i * 7 + i / 13) as u8).collect();
        let whole = digest(&[&bytes]);
        for cut in [0, 1, 7, 8, 31, 32, 33, 500, 999, 1000] {
            let (a, b) = bytes.split_at(cut);
            assert_eq!(digest(&[a, b]), whole, "cut at {cut}");
            let (b1, b2) = b.split_at(b.len() / 3);
            assert_eq!(digest(&[a, b1, &[], b2]), whole, "cut at {cut} and after");
        }
        let mut changed = bytes.clone();
        changed[517] ^= 1;
        assert_ne!(digest(&[&changed]), whole);
        assert_ne!(digest(&[&bytes[..999]]), whole);
        let mut longer = bytes.clone();
        longer.push(0);
        assert_ne!(digest(&[&longer]), whole);
        assert_ne!(digest(&[b"\0"]), digest(&[b""]));
    }
}

struct DigestWriter<W> {
    inner: W,
    digest: SegmentedDigest,
}

impl<W: std::io::Write> std::io::Write for DigestWriter<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let n = self.inner.write(buf)?;
        self.digest.update(&buf[..n]);
        Ok(n)
    }
    fn flush(&mut self) -> std::io::Result<()> {
        self.inner.flush()
    }
}

/// Renders an RSS or Atom feed into a new file in `dir` (large ones around
/// the page cache, see [`crate::direct_file`]), fsynced.
fn spool_feed(
    dir: &std::path::Path,
    kind: OutputKind,
    feed: &Feed<'_>,
    config: &Config,
) -> std::io::Result<Spooled> {
    static NEXT: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    let n = NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let path = dir.join(format!("{n}-{}", file_name(kind)));
    let file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&path)?;
    let w = DigestWriter {
        inner: DirectFile::new(file),
        digest: SegmentedDigest::default(),
    };
    let (w, checked_items) = render::xml_feed_checked_to(kind, feed, config, w)?;
    let digest = w.digest;
    let written = w.inner.finish()?;
    written.file.sync_all()?;
    let on_disk = written.file.metadata()?.len();
    drop(written.file);
    // Written around the page cache, the file has no copy in memory to read
    // back: reading it would read the whole file from the disk again. What
    // went to the disk is the writer's blocks, digested as they were written.
    let read_back = if written.went_direct {
        ReadBack::Blocks {
            digest: written.digest,
            len: on_disk,
        }
    } else {
        ReadBack::Digest(crate::publish::file_digest(&path)?)
    };
    Ok(Spooled {
        read_back,
        file: path,
        len: digest.bytes(),
        digest: digest.finish(),
        checked_items,
    })
}

/// What a run knows beyond the posts.
#[derive(Debug, Clone)]
pub struct RenderOptions<'h> {
    /// The calendars published before: their SEQUENCE and LAST-MODIFIED continue.
    pub history: &'h EventHistory,
    /// The run's date in the site zone: splits upcoming from past events.
    pub today: NaiveDate,
    /// When set, RSS and Atom feeds are rendered straight into new files in
    /// this folder instead of memory.
    pub spool: Option<&'h std::path::Path>,
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
            spool: None,
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

/// Which posts (by index in `site.posts`) some RSS, Atom or JSON feed holds:
/// the `feed_items` newest of every group. Only these need their HTML.
pub fn posts_in_feeds(site: &Site, config: &Config) -> Vec<bool> {
    let (_, groups) = build_groups(site, config);
    let base = site.posts.as_ptr();
    let mut wanted = vec![false; site.posts.len()];
    for g in &groups {
        let mut items = g.posts.clone();
        items.sort_by(|a, b| newest_first(a, b));
        if config.feed_items > 0 {
            items.truncate(config.feed_items);
        }
        for p in items {
            // SAFETY-free index: `p` points into `site.posts`.
            let i = (p as *const Post as usize - base as usize) / std::mem::size_of::<Post>();
            wanted[i] = true;
        }
    }
    wanted
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
    // RSS and Atom feeds render their chunks in parallel themselves; every
    // other job is one task. Handed out first, those tasks run beside the
    // feeds' chunks: handed out last, a full calendar of 50,000 events
    // rendered on one core after both feeds, with the other core idle. The
    // outputs keep the jobs' order.
    let mut jobs: Vec<(usize, Job<'_, '_>)> = jobs.into_iter().enumerate().collect();
    jobs.sort_by_key(|(_, job)| matches!(job, Job::Feed(_, OutputKind::Rss | OutputKind::Atom)));
    let mut rendered: Vec<(usize, Output)> = jobs
        .into_par_iter()
        .map(|(n, job)| {
            let mut output = match job {
                Job::Feed(g, kind) => render_group(g, kind, config, opts),
                Job::Upcoming(days) => render_upcoming(&timed, days, config, opts),
                Job::Event(p, path) => render_event(p, path, config, opts),
            };
            // Parsed here, beside the other renders, rather than by the
            // publisher after them all: the calendar of every event took a
            // tenth of a second on one core at the end of a 50,000-post run.
            if output.spool.is_none() {
                output.checked = Some(readback::count_items(output.kind, &output.bytes));
            }
            (n, output)
        })
        .collect();
    rendered.sort_by_key(|(n, _)| *n);
    let mut outputs: Vec<Output> = rendered.into_iter().map(|(_, o)| o).collect();
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
    if let (Some(dir), OutputKind::Rss | OutputKind::Atom) = (opts.spool, kind) {
        // An error here leaves `spool` unset: the output is rendered in memory instead.
        if let Ok(s) = spool_feed(dir, kind, &feed, config) {
            return Output {
                bytes: Vec::new(),
                count: feed.posts.len(),
                path,
                kind,
                guarded: g.guarded,
                spool: Some(s),
                checked: None,
            };
        }
    }
    Output {
        bytes: render_feed(kind, &feed, config, opts),
        count: feed.posts.len(),
        path,
        kind,
        guarded: g.guarded,
        spool: None,
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
        spool: None,
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
        spool: None,
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
        spool: None,
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
