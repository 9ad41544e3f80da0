//! Renderers: a [`Document`] in, bytes out. Pure: no renderer reads a file,
//! the clock or another stage; what a run knows beyond the posts (the
//! published calendars' history, the run's date) comes in [`Context`].
//!
//! Every format is one [`Format`] in one file, listed once in [`format()`]:
//! adding a format is a file here, a line there, and its [`OutputKind`].
//! Each also reads its own bytes back ([`Format::count`]), which is what the
//! publisher checks every new file with before publishing it, and counts the
//! published file with for the shrink guard.

pub mod atom;
pub mod fold;
pub mod ics;
pub mod jsonfeed;
pub mod page;
pub mod rss;
pub mod vtimezone;
mod xml;

use chrono::{DateTime, FixedOffset, NaiveDate, Utc};
use chrono_tz::Tz;

use crate::config::Config;
use crate::model::{Document, OutputKind, Post};

/// What a run knows beyond the posts.
#[derive(Debug, Clone, Copy)]
pub struct Context<'a> {
    pub config: &'a Config,
    /// The calendars published before: their SEQUENCE and LAST-MODIFIED continue.
    pub history: &'a ics::EventHistory,
    /// The run's date in the site zone: splits upcoming from past events.
    pub today: NaiveDate,
}

/// A file format.
pub trait Format: Sync {
    /// The bytes of `doc` in this format, or why it cannot be written.
    fn render(&self, doc: &Document<'_>, ctx: &Context<'_>) -> Result<Vec<u8>, String>;

    /// How many items (feeds) or events (calendars, the page) `doc` puts in
    /// the file: what [`Format::count`] must find in it.
    fn items(&self, doc: &Document<'_>) -> usize;

    /// Reads `bytes` back as this format: the items or events found, or what
    /// is wrong with them; `Ok(None)` when the format is only checked to be
    /// non-empty text.
    fn count(&self, bytes: &[u8]) -> Result<Option<usize>, String>;
}

/// The format of each kind of output: the one table of renderers.
pub fn format(kind: OutputKind) -> &'static dyn Format {
    match kind {
        OutputKind::Rss => &rss::Rss,
        OutputKind::Atom => &atom::Atom,
        OutputKind::JsonFeed => &jsonfeed::JsonFeed,
        OutputKind::Ics => &ics::Ics,
        OutputKind::Html => &page::Page,
    }
}

/// About how many bytes a feed of `doc` takes: its posts' HTML and a little
/// for each item's metadata. A full-content feed is hundreds of megabytes;
/// growing the buffer by doubling would copy it several times over.
fn size_hint(doc: &Document<'_>) -> usize {
    doc.posts
        .iter()
        .map(|p| p.html.len() + p.title.len() + 1024)
        .fold(4096, usize::saturating_add)
}

/// An instant shown in the site zone with its numeric offset (`+08:00`), as
/// feeds write dates.
pub fn in_zone(t: DateTime<Utc>, zone: Tz) -> DateTime<FixedOffset> {
    t.with_timezone(&zone).fixed_offset()
}

/// The newest publication instant of the posts: the feed-level date, so that
/// the same input always gives the same bytes (never the wall clock).
pub fn newest(
    posts: &[&Post],
    pick: impl Fn(&Post) -> Option<DateTime<Utc>>,
) -> Option<DateTime<Utc>> {
    posts.iter().filter_map(|p| pick(p)).max()
}

/// The sample site's config and posts, for renderer and planner tests.
#[cfg(test)]
pub(crate) fn sample() -> (Config, Vec<Post>) {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let config = Config::load(&root.join("feeds/feedcal.toml")).expect("sample config");
    let site = crate::site::load(&config, &crate::site::LoadOptions::from_config(&config));
    (config, site.posts)
}

/// `n` posts (the sample site's, repeated) and its config.
#[cfg(test)]
pub(crate) fn test_posts(n: usize) -> (Config, Vec<Post>) {
    let (config, posts) = sample();
    let posts = posts.iter().cycle().take(n).cloned().collect();
    (config, posts)
}

/// HTML that a feed must carry intact: `]]>` (which must be split across
/// CDATA sections), entities, CJK and emoji.
#[cfg(test)]
pub(crate) const TRICKY_HTML: &str = "<p>a ]]> b &amp; <b>c</b> ]]]]> 中文 😀</p>]]>";

/// A feed of `posts` with placeholder metadata.
#[cfg(test)]
pub(crate) fn test_feed<'a>(config: &Config, posts: Vec<&'a Post>) -> Document<'a> {
    Document {
        title: "t".into(),
        description: "d".into(),
        link: config.base_url.to_string(),
        self_url: config.base_url.to_string(),
        posts,
        ..Document::default()
    }
}

/// A context with no published history, dated 2024-11-25 (the sample's `--today`).
#[cfg(test)]
pub(crate) fn test_context<'a>(config: &'a Config, history: &'a ics::EventHistory) -> Context<'a> {
    Context {
        config,
        history,
        today: NaiveDate::from_ymd_opt(2024, 11, 25).expect("a date"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every format reads back what it writes, with the count it promises.
    #[test]
    fn every_format_reads_back_its_own_output() {
        let (config, posts) = sample();
        let history = ics::EventHistory::default();
        let ctx = test_context(&config, &history);
        let plan = crate::plan::plan(&posts, &Default::default(), &config, ctx.today);
        for kind in [
            OutputKind::Rss,
            OutputKind::Atom,
            OutputKind::JsonFeed,
            OutputKind::Ics,
            OutputKind::Html,
        ] {
            let planned = plan.files.iter().find(|f| f.kind == kind).expect("planned");
            let f = format(kind);
            let bytes = f.render(&planned.doc, &ctx).unwrap();
            let counted = f.count(&bytes).unwrap();
            assert!(
                counted.is_none_or(|n| n == f.items(&planned.doc)),
                "{kind:?}: {counted:?}"
            );
            assert!(f.count(&bytes[..bytes.len() / 2]).is_err(), "{kind:?} cut");
        }
    }
}
