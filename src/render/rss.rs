//! RSS 2.0 with the `content`, `dc` and `atom` namespaces.
//!
//! Authors go in `dc:creator`: RSS's own `<author>` must be an e-mail address,
//! and posts name people, not addresses.

use std::io::{self, Write};

use quick_xml::events::{BytesDecl, BytesEnd, BytesStart, Event};
use quick_xml::Writer;

use super::xml::{cdata_element, count_items, empty, text, text_element, Items};
use super::{in_zone, newest, Context, Format};
use crate::config::Config;
use crate::model::{Document, Post};

/// RSS 2.0, written element by element (see `render/xml.rs` for why by hand).
pub struct Rss;

impl Format for Rss {
    fn render(&self, doc: &Document<'_>, ctx: &Context<'_>) -> Result<Vec<u8>, String> {
        let mut w = Writer::new_with_indent(Vec::with_capacity(super::size_hint(doc)), b' ', 2);
        write_feed(&mut w, doc, ctx.config).map_err(|e| format!("cannot write RSS: {e}"))?;
        let mut bytes = w.into_inner();
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

/// The namespaces every feed declares, in name order.
const NAMESPACES: [(&str, &str); 3] = [
    ("xmlns:atom", "http://www.w3.org/2005/Atom"),
    ("xmlns:content", "http://purl.org/rss/1.0/modules/content/"),
    ("xmlns:dc", "http://purl.org/dc/elements/1.1/"),
];

fn write_feed<W: Write>(w: &mut Writer<W>, feed: &Document<'_>, config: &Config) -> io::Result<()> {
    w.write_event(Event::Decl(BytesDecl::new("1.0", Some("utf-8"), None)))?;
    let mut rss = BytesStart::new("rss");
    rss.push_attribute(("version", "2.0"));
    for ns in NAMESPACES {
        rss.push_attribute(ns);
    }
    w.write_event(Event::Start(rss))?;
    w.write_event(Event::Start(BytesStart::new("channel")))?;
    text_element(w, "title", &feed.title)?;
    text_element(w, "link", &feed.link)?;
    text_element(w, "description", &feed.description)?;
    if let Some(language) = &feed.language {
        text_element(w, "language", language)?;
    }
    // The newest post's date, never the wall clock.
    if let Some(built) = newest(&feed.posts, Post::sort_date) {
        text_element(
            w,
            "lastBuildDate",
            &in_zone(built, config.time_zone).to_rfc2822(),
        )?;
    }
    let generator = format!("feedcal {}", env!("CARGO_PKG_VERSION"));
    text_element(w, "generator", &generator)?;
    empty(
        w,
        "atom:link",
        &[
            ("href", &feed.self_url),
            ("rel", "self"),
            ("type", "application/rss+xml"),
        ],
    )?;
    for post in &feed.posts {
        write_item(w, post, config)?;
    }
    w.write_event(Event::End(BytesEnd::new("channel")))?;
    w.write_event(Event::End(BytesEnd::new("rss")))
}

fn write_item<W: Write>(w: &mut Writer<W>, post: &Post, config: &Config) -> io::Result<()> {
    w.write_event(Event::Start(BytesStart::new("item")))?;
    text_element(w, "title", &post.title)?;
    text_element(w, "link", &post.url)?;
    if let Some(summary) = &post.summary {
        // RSS readers render <description> as HTML: plain text must be escaped.
        cdata_element(w, "description", &super::page::esc(summary))?;
    }
    let terms = post.categories.iter().map(|c| ("category", c));
    for (domain, name) in terms.chain(post.tags.iter().map(|t| ("tag", t))) {
        let mut category = BytesStart::new("category");
        category.push_attribute(("domain", domain));
        w.write_event(Event::Start(category))?;
        text(w, name)?;
        w.write_event(Event::End(BytesEnd::new("category")))?;
    }
    // The cover image, which readers show as the item's picture. Its size is
    // not known without fetching it; RSS allows `length="0"` then.
    if let Some((url, mime)) = post
        .cover
        .as_deref()
        .and_then(|c| Some((c, image_type(c)?)))
    {
        empty(
            w,
            "enclosure",
            &[("url", url), ("length", "0"), ("type", mime)],
        )?;
    }
    // The post's identity as RSS spells it (see `Post::guid`).
    let (guid, permalink) = post.guid();
    let mut element = BytesStart::new("guid");
    if !permalink {
        element.push_attribute(("isPermaLink", "false"));
    }
    w.write_event(Event::Start(element))?;
    text(w, guid)?;
    w.write_event(Event::End(BytesEnd::new("guid")))?;
    if let Some(date) = post.sort_date() {
        text_element(w, "pubDate", &in_zone(date, config.time_zone).to_rfc2822())?;
    }
    cdata_element(w, "content:encoded", &post.html)?;
    for author in &post.authors {
        text_element(w, "dc:creator", author)?;
    }
    w.write_event(Event::End(BytesEnd::new("item")))
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

#[cfg(test)]
mod tests {
    use super::*;

    /// A reader gets every post's HTML back exactly, `]]>` included, an
    /// empty body as empty content, and a pinned `uid:` as a guid that is
    /// not a link.
    #[test]
    fn content_round_trips_through_a_reader() {
        let (config, mut posts) = crate::render::test_posts(3);
        posts[1].html = crate::render::TRICKY_HTML.to_string();
        posts[2].html = String::new();
        posts[2].key = "meetups/2024-hangzhou".into();
        posts[2].key_pinned = true;
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
        let guid = |i: usize| parsed.items[i].guid.clone().unwrap();
        assert_eq!(guid(0).value, posts[0].url);
        assert!(guid(0).permalink);
        assert_eq!(guid(2).value, "meetups/2024-hangzhou");
        assert!(!guid(2).permalink);
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
