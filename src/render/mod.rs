//! Renderers: the model to bytes. Every format reads the same [`Feed`]
//! selection, so adding a format means adding one file here.

pub mod atom;
pub mod fold;
pub mod ics;
pub mod jsonfeed;
pub mod page;
pub mod rss;
pub mod vtimezone;

use chrono::{DateTime, FixedOffset, Utc};
use chrono_tz::Tz;

use crate::model::Post;

/// One output's metadata and the posts it holds (already selected and ordered).
#[derive(Debug, Clone)]
pub struct Feed<'a> {
    pub title: String,
    pub description: String,
    /// The HTML page this feed mirrors (the section or the site).
    pub link: String,
    /// The feed's own absolute URL (`rel="self"`).
    pub self_url: String,
    /// `None` for feeds that mix languages.
    pub language: Option<String>,
    pub posts: Vec<&'a Post>,
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

/// Renders a feed CHUNK posts at a time into `w`, with bounded memory: the
/// feed crates' document types own their text, so each post's HTML is cloned
/// into them. Each chunk is rendered as a whole document by `render_chunk`
/// and its run of items cut out by position: the header holds only escaped
/// text, so the first `first_item` tag starts the run, and `footer` is the
/// last closing tag. The bytes are the same as one document of every post.
pub(crate) fn chunked<W: std::io::Write>(
    feed: &Feed<'_>,
    mut w: W,
    first_item: &[u8],
    footer: &[u8],
    mut render_chunk: impl FnMut(&Feed<'_>, Vec<u8>) -> std::io::Result<Vec<u8>>,
) -> std::io::Result<W> {
    const CHUNK: usize = 256;
    if feed.posts.len() <= CHUNK {
        w.write_all(&render_chunk(feed, Vec::with_capacity(4096))?)?;
        return Ok(w);
    }
    let chunks: Vec<&[&Post]> = feed.posts.chunks(CHUNK).collect();
    let mut buf = Vec::with_capacity(1 << 20);
    for (i, chunk) in chunks.iter().enumerate() {
        let part = Feed {
            posts: chunk.to_vec(),
            ..feed.clone()
        };
        buf.clear();
        buf = render_chunk(&part, buf)?;
        let start = if i == 0 {
            0
        } else {
            find(&buf, first_item).unwrap_or(0)
        };
        let end = if i + 1 == chunks.len() {
            buf.len()
        } else {
            rfind(&buf, footer).unwrap_or(buf.len())
        };
        w.write_all(&buf[start..end])?;
    }
    Ok(w)
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

fn rfind(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).rposition(|w| w == needle)
}

/// `n` posts (the sample site's, repeated) and its config, for renderer tests.
#[cfg(test)]
pub(crate) fn test_posts(n: usize) -> (crate::config::Config, Vec<Post>) {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let config =
        crate::config::Config::load(&root.join("feeds/feedcal.toml")).expect("sample config");
    let site = crate::site::load(&config, &crate::site::LoadOptions::from_config(&config));
    let posts = site.posts.iter().cycle().take(n).cloned().collect();
    (config, posts)
}

/// A feed of `posts` with placeholder metadata, for renderer tests.
#[cfg(test)]
pub(crate) fn test_feed<'a>(config: &crate::config::Config, posts: Vec<&'a Post>) -> Feed<'a> {
    Feed {
        title: "t".into(),
        description: "d".into(),
        link: config.base_url.to_string(),
        self_url: config.base_url.to_string(),
        language: None,
        posts,
    }
}
