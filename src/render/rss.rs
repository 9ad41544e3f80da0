//! RSS 2.0 with the `content`, `dc` and `atom` namespaces.
//!
//! Authors go in `dc:creator`: RSS's own `<author>` must be an e-mail address,
//! and posts name people, not addresses.

use std::collections::BTreeMap;

use rss::extension::atom::{AtomExtension, Link};
use rss::extension::dublincore::DublinCoreExtension;
use rss::{Category, Channel, Guid, Item};

use super::xml::{count_items, Items};
use super::{in_zone, newest, Context, Format};
use crate::config::Config;
use crate::model::{Document, Post};

/// RSS 2.0, written by the `rss` crate.
pub struct Rss;

impl Format for Rss {
    fn render(&self, doc: &Document<'_>, ctx: &Context<'_>) -> Result<Vec<u8>, String> {
        // The crate writes the XML declaration itself, and `content:encoded`
        // as CDATA (a `]]>` in the HTML split across two sections).
        let mut bytes = channel(doc, ctx.config)
            .pretty_write_to(Vec::with_capacity(4096), b' ', 2)
            .map_err(|e| format!("cannot write RSS: {e}"))?;
        bytes.push(b'\n');
        Ok(bytes)
    }

    fn items(&self, doc: &Document<'_>) -> usize {
        doc.posts.len()
    }

    fn count(&self, bytes: &[u8]) -> Result<Option<usize>, String> {
        const ITEMS: Items = Items {
            root: b"rss",
            depth: 2,
            item: b"item",
            what: "RSS",
        };
        count_items(bytes, &ITEMS).map(Some)
    }
}

/// The newest post's date: the channel's `lastBuildDate`.
fn last_build_date(feed: &Document<'_>, config: &Config) -> Option<String> {
    newest(&feed.posts, Post::sort_date).map(|d| in_zone(d, config.time_zone).to_rfc2822())
}

/// The channel of `feed`'s posts.
fn channel(feed: &Document<'_>, config: &Config) -> Channel {
    let mut namespaces = BTreeMap::new();
    namespaces.insert(
        "atom".to_string(),
        "http://www.w3.org/2005/Atom".to_string(),
    );
    namespaces.insert(
        "content".to_string(),
        "http://purl.org/rss/1.0/modules/content/".to_string(),
    );
    namespaces.insert(
        "dc".to_string(),
        "http://purl.org/dc/elements/1.1/".to_string(),
    );
    let items: Vec<Item> = feed.posts.iter().map(|p| item(p, config)).collect();
    Channel {
        title: feed.title.clone(),
        link: feed.link.clone(),
        description: feed.description.clone(),
        language: feed.language.clone(),
        generator: Some(format!("feedcal {}", env!("CARGO_PKG_VERSION"))),
        last_build_date: last_build_date(feed, config),
        atom_ext: Some(AtomExtension {
            links: vec![Link {
                href: feed.self_url.clone(),
                rel: "self".into(),
                mime_type: Some("application/rss+xml".into()),
                ..Default::default()
            }],
        }),
        namespaces,
        items,
        ..Default::default()
    }
}

fn item(post: &Post, config: &Config) -> Item {
    let mut categories: Vec<Category> = post
        .categories
        .iter()
        .map(|c| Category {
            name: c.clone(),
            domain: Some("category".into()),
        })
        .collect();
    categories.extend(post.tags.iter().map(|t| Category {
        name: t.clone(),
        domain: Some("tag".into()),
    }));
    let dc = (!post.authors.is_empty()).then(|| DublinCoreExtension {
        creators: post.authors.clone(),
        ..Default::default()
    });
    Item {
        title: Some(post.title.clone()),
        link: Some(post.url.clone()),
        // RSS readers render <description> as HTML: plain text must be escaped.
        description: post.summary.as_deref().map(super::page::esc),
        content: Some(post.html.clone()),
        categories,
        guid: Some(guid(post)),
        pub_date: post
            .sort_date()
            .map(|d| super::in_zone(d, config.time_zone).to_rfc2822()),
        dublin_core_ext: dc,
        enclosure: post.cover.as_deref().and_then(enclosure),
        ..Default::default()
    }
}

/// The cover image as an enclosure, which readers show as the item's picture.
/// Its size is not known without fetching it; RSS allows `length="0"` then.
fn enclosure(url: &str) -> Option<rss::Enclosure> {
    Some(rss::Enclosure {
        url: url.to_string(),
        length: "0".into(),
        mime_type: image_type(url)?.into(),
    })
}

/// MIME type of an image URL by its extension; `None` when it is not an image we know.
pub fn image_type(url: &str) -> Option<&'static str> {
    let path = url
        .split(['?', '#'])
        .next()
        .unwrap_or(url)
        .to_ascii_lowercase();
    let ext = path.rsplit('.').next()?;
    Some(match ext {
        "jpg" | "jpeg" => "image/jpeg",
        "png" => "image/png",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "svg" => "image/svg+xml",
        "avif" => "image/avif",
        _ => return None,
    })
}

/// The post's identity as RSS spells it (see [`Post::guid`]).
fn guid(post: &Post) -> Guid {
    let (value, permalink) = post.guid();
    Guid {
        value: value.to_string(),
        permalink,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A reader gets every post's HTML back exactly, `]]>` included, and
    /// an empty body as empty content.
    #[test]
    fn content_round_trips_through_a_reader() {
        let (config, mut posts) = crate::render::test_posts(3);
        posts[1].html = crate::render::TRICKY_HTML.to_string();
        posts[2].html = String::new();
        let feed = crate::render::test_feed(&config, posts.iter().collect());
        let history = crate::render::ics::EventHistory::default();
        let ctx = crate::render::test_context(&config, &history);
        let bytes = Rss.render(&feed, &ctx).unwrap();
        let parsed = rss::Channel::read_from(&bytes[..]).unwrap();
        assert_eq!(parsed.items.len(), 3);
        assert_eq!(Rss.count(&bytes), Ok(Some(3)));
        assert_eq!(
            parsed.items[1].content.as_deref(),
            Some(crate::render::TRICKY_HTML)
        );
        // The crate's reader trims the text it returns.
        assert_eq!(
            parsed.items[0].content.as_deref(),
            Some(posts[0].html.trim_end())
        );
        assert_eq!(parsed.items[2].content.as_deref().unwrap_or_default(), "");
    }
}

#[cfg(test)]
mod count_tests {
    use super::*;

    #[test]
    fn a_feed_that_is_cut_does_not_count() {
        let rss = b"<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>t</title><link>l</link><description>d</description><item><title>a</title></item></channel></rss>";
        assert_eq!(Rss.count(rss), Ok(Some(1)));
        assert!(Rss.count(&rss[..rss.len() - 20]).is_err());
        assert!(Rss.count(b"<feed></feed>").is_err(), "another root");
    }
}
