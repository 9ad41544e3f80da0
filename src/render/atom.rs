//! Atom 1.0 (RFC 4287).
//!
//! Entry ids are `urn:uuid:` UUIDv5s of the post's identity
//! ([`Post::atom_id`]), so they survive title, body, time and (with `uid:`)
//! URL changes, and are valid IRIs whatever characters the folder name has.
//!
//! The HTML content is a CDATA section (what every Atom reader gives back as
//! the same text, RFC 4287 §3.1.1.2; smaller and readable than escaped
//! text), written straight from the post (see `render/xml.rs` for why by
//! hand).

use std::io::{self, Write};

use chrono::{DateTime, FixedOffset};
use quick_xml::events::{BytesDecl, BytesEnd, BytesStart, BytesText, Event};
use quick_xml::Writer;

use super::xml::{attribute, cdata, count_items, empty, text_element, Items};
use super::{in_zone, newest, Context, Format};
use crate::config::Config;
use crate::model::{Document, Post};

const ATOM_NS: &str = "http://www.w3.org/2005/Atom";

/// Atom 1.0.
pub struct Atom;

impl Format for Atom {
    fn render(&self, doc: &Document<'_>, ctx: &Context<'_>) -> Result<Vec<u8>, String> {
        let mut w = Writer::new_with_indent(Vec::with_capacity(super::size_hint(doc)), b' ', 2);
        write_feed(&mut w, doc, ctx.config).map_err(|e| format!("cannot write Atom: {e}"))?;
        let mut bytes = w.into_inner();
        bytes.push(b'\n');
        Ok(bytes)
    }

    fn items(&self, doc: &Document<'_>) -> usize {
        doc.posts.len()
    }

    fn count(&self, bytes: &[u8]) -> Result<Option<usize>, String> {
        const ENTRIES: Items = Items {
            root: b"feed",
            depth: 1,
            item: b"entry",
            what: "Atom",
        };
        count_items(bytes, &ENTRIES).map(Some)
    }
}

/// The newest post's update: the feed's `<updated>`.
fn feed_updated(feed: &Document<'_>, config: &Config) -> DateTime<FixedOffset> {
    let zone = config.time_zone;
    newest(&feed.posts, |p| p.updated.or(p.date))
        .map(|d| in_zone(d, zone))
        .unwrap_or_else(|| in_zone(chrono::DateTime::UNIX_EPOCH, zone))
}

fn write_feed<W: Write>(w: &mut Writer<W>, feed: &Document<'_>, config: &Config) -> io::Result<()> {
    w.write_event(Event::Decl(BytesDecl::new("1.0", None, None)))?;
    w.write_event(Event::Text(BytesText::from_escaped("\n")))?;
    let mut root = BytesStart::new("feed");
    root.push_attribute(("xmlns", ATOM_NS));
    // Links in content are absolute already; xml:base covers readers that
    // resolve anything else against the feed instead of the site.
    attribute(&mut root, "xml:base", &feed.link);
    if let Some(lang) = &feed.language {
        attribute(&mut root, "xml:lang", lang);
    }
    w.write_event(Event::Start(root))?;
    text_element(w, "title", &feed.title)?;
    text_element(w, "id", &feed.self_url)?;
    text_element(w, "updated", &feed_updated(feed, config).to_rfc3339())?;
    // RFC 4287 §4.1.1: entries without an author inherit the feed's.
    person(w, &config.author, Some(config.base_url.as_str()))?;
    let mut generator = BytesStart::new("generator");
    generator.push_attribute(("version", env!("CARGO_PKG_VERSION")));
    w.write_event(Event::Start(generator))?;
    w.write_event(Event::Text(BytesText::new("feedcal")))?;
    w.write_event(Event::End(BytesEnd::new("generator")))?;
    link(w, &feed.self_url, "self", "application/atom+xml")?;
    link(w, &feed.link, "alternate", "text/html")?;
    text_element(w, "subtitle", &feed.description)?;
    for post in &feed.posts {
        write_entry(w, post, config)?;
    }
    w.write_event(Event::End(BytesEnd::new("feed")))
}

fn write_entry<W: Write>(w: &mut Writer<W>, post: &Post, config: &Config) -> io::Result<()> {
    let zone = config.time_zone;
    let updated = post.updated.or(post.date).unwrap_or(DateTime::UNIX_EPOCH);
    w.write_event(Event::Start(BytesStart::new("entry")))?;
    text_element(w, "title", &post.title)?;
    text_element(w, "id", &post.atom_id(&config.uid_domain))?;
    text_element(w, "updated", &in_zone(updated, zone).to_rfc3339())?;
    for author in &post.authors {
        person(w, author, None)?;
    }
    for term in post.terms() {
        empty(w, "category", &[("term", term)])?;
    }
    link(w, &post.url, "alternate", "text/html")?;
    if let Some(cover) = &post.cover {
        if let Some(mime) = super::rss::image_type(cover) {
            link(w, cover, "enclosure", mime)?;
        }
    }
    if let Some(published) = post.date {
        text_element(w, "published", &in_zone(published, zone).to_rfc3339())?;
    }
    if let Some(summary) = &post.summary {
        text_element(w, "summary", summary)?;
    }
    let mut content = BytesStart::new("content");
    content.push_attribute(("type", "html"));
    w.write_event(Event::Start(content))?;
    if post.html.is_empty() {
        // No CDATA section; an empty text keeps `</content>` on the same line.
        w.write_event(Event::Text(BytesText::new("")))?;
    } else {
        cdata(w, &post.html)?;
    }
    w.write_event(Event::End(BytesEnd::new("content")))?;
    w.write_event(Event::End(BytesEnd::new("entry")))
}

/// An `<author>` with its name and, for the feed, its URI.
fn person<W: Write>(w: &mut Writer<W>, name: &str, uri: Option<&str>) -> io::Result<()> {
    w.write_event(Event::Start(BytesStart::new("author")))?;
    text_element(w, "name", name)?;
    if let Some(uri) = uri {
        text_element(w, "uri", uri)?;
    }
    w.write_event(Event::End(BytesEnd::new("author")))
}

fn link<W: Write>(w: &mut Writer<W>, href: &str, rel: &str, mime: &str) -> io::Result<()> {
    empty(w, "link", &[("href", href), ("rel", rel), ("type", mime)])
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The HTML goes in as CDATA; a reader gets it back exactly, `]]>`
    /// included, and an empty body as no content.
    #[test]
    fn content_round_trips_through_a_reader() {
        let (config, mut posts) = crate::render::test_posts(3);
        posts[1].html = crate::render::TRICKY_HTML.to_string();
        posts[2].html = String::new();
        let feed = crate::render::test_feed(&config, posts.iter().collect());
        let history = crate::render::ics::EventHistory::default();
        let ctx = crate::render::test_context(&config, &history);
        let bytes = Atom.render(&feed, &ctx).unwrap();
        assert_eq!(Atom.count(&bytes), Ok(Some(3)));
        assert!(Atom.count(&bytes[..bytes.len() - 10]).is_err());
        let text = String::from_utf8(bytes.clone()).unwrap();
        assert!(text.contains("<content type=\"html\"></content>"), "{text}");
        let parsed = feed_rs::parser::parse(&bytes[..]).unwrap();
        assert_eq!(parsed.entries.len(), 3);
        let body = |i: usize| {
            parsed.entries[i]
                .content
                .as_ref()
                .and_then(|c| c.body.clone())
        };
        assert_eq!(body(1).as_deref(), Some(crate::render::TRICKY_HTML));
        // feed-rs trims the text it returns.
        assert_eq!(body(0).as_deref(), Some(posts[0].html.trim_end()));
        assert_eq!(body(2).unwrap_or_default(), "");
    }
}
