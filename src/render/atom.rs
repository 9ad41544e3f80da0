//! Atom 1.0 (RFC 4287).
//!
//! Entry ids are `urn:uuid:` UUIDv5s of the post's stable key, so they survive
//! title, body, time and (with `uid:`) URL changes, and are valid IRIs whatever
//! characters the folder name has.

use atom_syndication::{Category, Content, Entry, Feed as AtomFeed, Link, Person, Text};
use chrono::{DateTime, FixedOffset};

use super::splice::{write_spliced, Marker, CONTENT_MARK};
use super::{in_zone, newest, Feed};
use crate::config::Config;
use crate::model::Post;
use crate::outputs::OutputKind;

pub fn render(feed: &Feed<'_>, config: &Config) -> Vec<u8> {
    super::xml_feed(OutputKind::Atom, feed, config)
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
    let updated = feed_updated(feed, config);
    let render = |part: &Feed<'_>, w| render_chunk(part, updated, config, w);
    super::chunked(feed, w, b"\n  <entry>", b"\n</feed>", render, check)
}

/// The newest post's update: the feed's `<updated>`.
fn feed_updated(feed: &Feed<'_>, config: &Config) -> DateTime<FixedOffset> {
    let zone = config.time_zone;
    newest(&feed.posts, |p| p.updated.or(p.date))
        .map(|d| in_zone(d, zone))
        .unwrap_or_else(|| in_zone(chrono::DateTime::UNIX_EPOCH, zone))
}

/// One document of `feed`'s posts, updated at `updated`.
fn render_chunk<W: std::io::Write>(
    feed: &Feed<'_>,
    updated: DateTime<FixedOffset>,
    config: &Config,
    w: W,
) -> std::io::Result<W> {
    let atom = AtomFeed {
        title: Text::plain(feed.title.clone()),
        id: feed.self_url.clone(),
        // Links in content are absolute already; xml:base covers readers that
        // resolve anything else against the feed instead of the site.
        base: Some(feed.link.clone()),
        updated,
        subtitle: Some(Text::plain(feed.description.clone())),
        // RFC 4287 §4.1.1: entries without an author inherit the feed's.
        authors: vec![Person {
            name: config.author.clone(),
            uri: Some(config.base_url.to_string()),
            ..Default::default()
        }],
        lang: feed.language.clone(),
        links: vec![
            Link {
                href: feed.self_url.clone(),
                rel: "self".into(),
                mime_type: Some("application/atom+xml".into()),
                ..Default::default()
            },
            Link {
                href: feed.link.clone(),
                rel: "alternate".into(),
                mime_type: Some("text/html".into()),
                ..Default::default()
            },
        ],
        generator: Some(atom_syndication::Generator {
            value: "feedcal".into(),
            version: Some(env!("CARGO_PKG_VERSION").into()),
            ..Default::default()
        }),
        entries: feed
            .posts
            .iter()
            .map(|p| entry(p, config, CONTENT_MARK.to_string()))
            .collect(),
        ..Default::default()
    };
    let cfg = atom_syndication::WriteConfig {
        write_document_declaration: true,
        indent_size: Some(2),
    };
    super::splice::with_doc(|doc| {
        atom.write_with_config(&mut *doc, cfg)
            .map_err(std::io::Error::other)?;
        let mut w = w;
        if !write_spliced(doc, &feed.posts, Marker::Bare, &mut w)? {
            // A marker in some other text of a post: the crate's own
            // escaped content instead.
            let mut atom = atom;
            for (e, p) in atom.entries.iter_mut().zip(&feed.posts) {
                *e = entry(p, config, p.html.clone());
            }
            w = atom
                .write_with_config(w, cfg)
                .map_err(std::io::Error::other)?;
        }
        w.write_all(b"\n")?;
        Ok(w)
    })
}

/// The Atom id of a post (also used by tests to check stability).
pub fn entry_id(post: &Post, config: &Config) -> String {
    let name = format!("{}@{}", post.key, config.uid_domain);
    format!(
        "urn:uuid:{}",
        uuid::Uuid::new_v5(&uuid::Uuid::NAMESPACE_URL, name.as_bytes())
    )
}

fn entry(post: &Post, config: &Config, content: String) -> Entry {
    let zone = config.time_zone;
    let epoch = chrono::DateTime::UNIX_EPOCH;
    let updated = post.updated.or(post.date).unwrap_or(epoch);
    let categories: Vec<Category> = post
        .terms()
        .map(|t| Category {
            term: t.to_string(),
            scheme: None,
            label: None,
        })
        .collect();
    Entry {
        title: Text::plain(post.title.clone()),
        id: entry_id(post, config),
        updated: in_zone(updated, zone),
        published: post.date.map(|d| in_zone(d, zone)),
        authors: post
            .authors
            .iter()
            .map(|a| Person {
                name: a.clone(),
                ..Default::default()
            })
            .collect(),
        links: std::iter::once(Link {
            href: post.url.clone(),
            rel: "alternate".into(),
            mime_type: Some("text/html".into()),
            ..Default::default()
        })
        .chain(post.cover.as_deref().and_then(|c| {
            Some(Link {
                href: c.to_string(),
                rel: "enclosure".into(),
                mime_type: Some(super::rss::image_type(c)?.into()),
                ..Default::default()
            })
        }))
        .collect(),
        summary: post.summary.clone().map(Text::plain),
        content: Some(Content {
            value: Some(content),
            content_type: Some("html".into()),
            ..Default::default()
        }),
        categories,
        ..Default::default()
    }
}

#[cfg(test)]
mod chunk_tests {
    use super::*;

    /// The HTML goes in as CDATA; a reader gets it back exactly, `]]>`
    /// included, and a title holding the marker falls back to escaping.
    #[test]
    fn content_round_trips_through_a_reader() {
        let (config, variants) = crate::render::splice_test_posts();
        let html = crate::render::TRICKY_HTML;
        for (posts, marker_in_title) in variants.iter().zip([false, true]) {
            let feed = crate::render::test_feed(&config, posts.iter().collect());
            let bytes = render(&feed, &config);
            let text = String::from_utf8(bytes.clone()).unwrap();
            assert_eq!(text.contains("<![CDATA["), !marker_in_title);
            let parsed = feed_rs::parser::parse(&bytes[..]).unwrap();
            let body = |i: usize| {
                parsed.entries[i]
                    .content
                    .as_ref()
                    .and_then(|c| c.body.clone())
            };
            assert_eq!(body(1).as_deref(), Some(html));
            // feed-rs trims the text it returns.
            assert_eq!(body(0).as_deref(), Some(posts[0].html.trim_end()));
            assert_eq!(body(2).unwrap_or_default(), "");
            assert_eq!(
                crate::readback::count_xml_items_in(crate::outputs::OutputKind::Atom, &bytes),
                Ok(3)
            );
        }
    }

    /// Over 256 posts the feed is rendered in chunks; the bytes must equal
    /// one document of every post.
    #[test]
    fn chunked_rendering_equals_one_document() {
        let (config, posts) = crate::render::test_posts(600);
        let feed = crate::render::test_feed(&config, posts.iter().collect());
        let whole = render_chunk(&feed, feed_updated(&feed, &config), &config, Vec::new()).unwrap();
        assert_eq!(render(&feed, &config), whole);
        // Checked as rendered: the same bytes, and every item counted.
        let (checked, count) =
            crate::render::xml_feed_checked_to(OutputKind::Atom, &feed, &config, Vec::new())
                .unwrap();
        assert_eq!(checked, whole);
        assert_eq!(count, Ok(600));
        let (_, small) = crate::render::xml_feed_checked_to(
            OutputKind::Atom,
            &crate::render::test_feed(&config, posts.iter().take(3).collect()),
            &config,
            Vec::new(),
        )
        .unwrap();
        assert_eq!(small, Ok(3));
    }
}
