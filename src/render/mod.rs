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

/// HTML that a feed must carry intact: `]]>` (which must be split across
/// CDATA sections), entities, CJK and emoji.
#[cfg(test)]
pub(crate) const TRICKY_HTML: &str = "<p>a ]]> b &amp; <b>c</b> ]]]]> 中文 😀</p>]]>";

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
