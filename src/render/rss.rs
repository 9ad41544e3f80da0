//! RSS 2.0 with the `content`, `dc` and `atom` namespaces.
//!
//! Authors go in `dc:creator`: RSS's own `<author>` must be an e-mail address,
//! and posts name people, not addresses.

use std::collections::BTreeMap;

use rss::extension::atom::{AtomExtension, Link};
use rss::extension::dublincore::DublinCoreExtension;
use rss::{Category, Channel, Guid, Item};

use super::splice::{write_spliced, Marker, CONTENT_MARK};
use super::{in_zone, newest, Feed};
use crate::config::Config;
use crate::model::Post;
use crate::outputs::OutputKind;

pub fn render(feed: &Feed<'_>, config: &Config) -> Vec<u8> {
    super::xml_feed(OutputKind::Rss, feed, config)
}

/// This format's part of [`super::chunked`]: its item tags, and its
/// feed-level date computed once.
pub(super) fn chunked<W: std::io::Write + Send>(
    feed: &Feed<'_>,
    config: &Config,
    w: W,
    check: Option<&super::CheckDoc>,
) -> std::io::Result<(W, Result<usize, String>)> {
    // Once for the feed: every chunk carries the whole feed's date.
    let built = last_build_date(feed, config);
    let render = |part: &Feed<'_>, w| render_chunk(part, built.as_deref(), config, w);
    super::chunked(feed, w, b"\n    <item>", b"\n  </channel>", render, check)
}

/// The newest post's date: the channel's `lastBuildDate`.
fn last_build_date(feed: &Feed<'_>, config: &Config) -> Option<String> {
    newest(&feed.posts, Post::sort_date).map(|d| in_zone(d, config.time_zone).to_rfc2822())
}

/// One document of `feed`'s posts, dated `built`.
fn render_chunk<W: std::io::Write>(
    feed: &Feed<'_>,
    built: Option<&str>,
    config: &Config,
    w: W,
) -> std::io::Result<W> {
    let mut channel = channel(feed, built, config, |_| CONTENT_MARK.to_string());
    // The crate writes the XML declaration itself.
    super::splice::with_doc(|doc| {
        channel
            .pretty_write_to(&mut *doc, b' ', 2)
            .map_err(std::io::Error::other)?;
        let mut w = w;
        if !write_spliced(doc, &feed.posts, Marker::InCdata, &mut w)? {
            // A marker in some other text of a post: the crate's own way.
            for (it, p) in channel.items.iter_mut().zip(&feed.posts) {
                it.content = Some(p.html.clone());
            }
            w = channel
                .pretty_write_to(w, b' ', 2)
                .map_err(std::io::Error::other)?;
        }
        w.write_all(b"\n")?;
        Ok(w)
    })
}

/// The channel of `feed`'s posts, dated `built`, each item's content given
/// by `content`.
fn channel(
    feed: &Feed<'_>,
    built: Option<&str>,
    config: &Config,
    content: impl Fn(&Post) -> String,
) -> Channel {
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
    let items: Vec<Item> = feed
        .posts
        .iter()
        .map(|p| item(p, config, content(p)))
        .collect();
    Channel {
        title: feed.title.clone(),
        link: feed.link.clone(),
        description: feed.description.clone(),
        language: feed.language.clone(),
        generator: Some(format!("feedcal {}", env!("CARGO_PKG_VERSION"))),
        last_build_date: built.map(str::to_string),
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

fn item(post: &Post, config: &Config, content: String) -> Item {
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
        content: Some(content),
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

/// The permalink, unless the post pins its identity with `uid:` (then the
/// uid, not a permalink, so a later URL change keeps the guid).
pub fn guid(post: &Post) -> Guid {
    if !post.key_pinned {
        Guid {
            value: post.url.clone(),
            permalink: true,
        }
    } else {
        Guid {
            value: post.key.clone(),
            permalink: false,
        }
    }
}

#[cfg(test)]
mod chunk_tests {
    use super::*;

    /// The HTML spliced into the crate's CDATA section gives the bytes the
    /// crate writes itself (`]]>` split the same way, empty content too),
    /// and a title holding the marker falls back to the crate's way.
    #[test]
    fn spliced_content_equals_the_crates_own() {
        let (config, variants) = crate::render::splice_test_posts();
        let html = crate::render::TRICKY_HTML;
        for posts in &variants {
            let feed = crate::render::test_feed(&config, posts.iter().collect());
            let built = last_build_date(&feed, &config);
            let mut own = channel(&feed, built.as_deref(), &config, |p| p.html.clone())
                .pretty_write_to(Vec::new(), b' ', 2)
                .unwrap();
            own.push(b'\n');
            let bytes = render(&feed, &config);
            assert_eq!(
                String::from_utf8(bytes.clone()).unwrap(),
                String::from_utf8(own).unwrap()
            );
            let parsed = rss::Channel::read_from(&bytes[..]).unwrap();
            assert_eq!(parsed.items[1].content.as_deref(), Some(html));
            // The crate's reader trims the text it returns.
            assert_eq!(
                parsed.items[0].content.as_deref(),
                Some(posts[0].html.trim_end())
            );
        }
    }

    /// Over 256 posts the feed is rendered in chunks; the bytes must equal
    /// one document of every post.
    #[test]
    fn chunked_rendering_equals_one_document() {
        let (config, posts) = crate::render::test_posts(600);
        let feed = crate::render::test_feed(&config, posts.iter().collect());
        let built = last_build_date(&feed, &config);
        let whole = render_chunk(&feed, built.as_deref(), &config, Vec::new()).unwrap();
        assert_eq!(render(&feed, &config), whole);
        // Checked as rendered: the same bytes, and every item counted.
        let (checked, count) =
            crate::render::xml_feed_checked_to(OutputKind::Rss, &feed, &config, Vec::new())
                .unwrap();
        assert_eq!(checked, whole);
        assert_eq!(count, Ok(600));
        let (_, small) = crate::render::xml_feed_checked_to(
            OutputKind::Rss,
            &crate::render::test_feed(&config, posts.iter().take(3).collect()),
            &config,
            Vec::new(),
        )
        .unwrap();
        assert_eq!(small, Ok(3));
    }
}
