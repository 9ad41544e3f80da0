//! Renderers: the model to bytes. Every format reads the same [`Feed`]
//! selection, so adding a format means adding one file here.

pub mod atom;
pub mod fold;
pub mod ics;
pub mod jsonfeed;
pub mod page;
pub mod rss;
mod splice;
pub mod vtimezone;

use chrono::{DateTime, FixedOffset, Utc};
use chrono_tz::Tz;

use crate::config::Config;
use crate::model::Post;
use crate::outputs::OutputKind;

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

/// An RSS or Atom feed in memory.
pub fn xml_feed(kind: OutputKind, feed: &Feed<'_>, config: &Config) -> Vec<u8> {
    xml_chunked(kind, feed, config, Vec::with_capacity(4096), None)
        .map(|(w, _)| w)
        .expect("writing XML to memory cannot fail")
}

/// An RSS or Atom feed into any writer (a file), with bounded memory, every
/// chunk checked as it is rendered (see [`chunked`]): the checked item count,
/// or what is wrong.
pub fn xml_feed_checked_to<W: std::io::Write + Send>(
    kind: OutputKind,
    feed: &Feed<'_>,
    config: &Config,
    w: W,
) -> std::io::Result<(W, Result<usize, String>)> {
    let check = move |doc: &[u8]| crate::readback::count_xml_items_in(kind, doc);
    xml_chunked(kind, feed, config, w, Some(&check))
}

fn xml_chunked<W: std::io::Write + Send>(
    kind: OutputKind,
    feed: &Feed<'_>,
    config: &Config,
    w: W,
    check: Option<&CheckDoc>,
) -> std::io::Result<(W, Result<usize, String>)> {
    match kind {
        OutputKind::Rss => rss::chunked(feed, config, w, check),
        _ => atom::chunked(feed, config, w, check),
    }
}

/// Counts the items of one whole feed document, checking it (see
/// [`crate::readback::count_xml_items_in`]).
pub(crate) type CheckDoc = dyn Fn(&[u8]) -> Result<usize, String> + Sync;

/// A rendered chunk document and its checked item count.
type CheckedChunk = (Vec<u8>, Result<usize, String>);

/// Renders a feed CHUNK posts at a time into `w`, with bounded memory: the
/// feed crates' document types own their text and write a whole document at
/// once, so one document of 50,000 posts would be built, and held, in
/// memory. Each chunk is rendered as a whole document by `render_chunk`
/// and its run of items cut out by position: the header holds only escaped
/// text, so the first `first_item` tag starts the run, and `footer` is the
/// last closing tag. The bytes are the same as one document of every post.
///
/// BATCH chunks are rendered at once on every core and written in order, so
/// a large feed keeps every core busy even when it is the last output left
/// (memory: BATCH rendered chunks, a few tens of MB of full-content posts).
///
/// With `check`, every chunk document is parsed where it was rendered (on
/// its core, from memory) and its header and footer compared with the first
/// chunk's: well-formed documents that share header and footer join into a
/// well-formed document holding all their items. The result is the checked
/// item count, or what is wrong.
pub(crate) fn chunked<W: std::io::Write + Send>(
    feed: &Feed<'_>,
    mut w: W,
    first_item: &[u8],
    footer: &[u8],
    render_chunk: impl Fn(&Feed<'_>, Vec<u8>) -> std::io::Result<Vec<u8>> + Sync,
    check: Option<&CheckDoc>,
) -> std::io::Result<(W, Result<usize, String>)> {
    use rayon::prelude::*;
    const CHUNK: usize = 256;
    const BATCH: usize = 8;
    let unchecked = || Err("not checked".to_string());
    if feed.posts.len() <= CHUNK {
        let doc = render_chunk(feed, Vec::with_capacity(4096))?;
        let counted = check.map_or_else(unchecked, |c| c(&doc));
        w.write_all(&doc)?;
        return Ok((w, counted));
    }
    let chunks: Vec<&[&Post]> = feed.posts.chunks(CHUNK).collect();
    let last = chunks.len() - 1;
    // Buffers are handed back after writing and reused: a fresh multi-MB
    // buffer per chunk costs the kernel a page fault and a zeroed page for
    // every 4 KB of output.
    let mut spare: Vec<Vec<u8>> = Vec::new();
    // The first chunk's header and footer, and the count so far.
    let mut frame: Option<(Vec<u8>, Vec<u8>)> = None;
    let mut counted: Result<usize, String> = Ok(0);
    let batches: Vec<&[&[&Post]]> = chunks.chunks(BATCH).collect();
    // Batch b is written while batch b + 1 renders: written alone, one core
    // copied each batch into the file while the others waited.
    let mut written_batch: Option<(usize, Vec<std::io::Result<CheckedChunk>>)> = None;
    for b in 0..=batches.len() {
        let wanted = batches.get(b).map_or(0, |batch| batch.len());
        let bufs: Vec<Vec<u8>> = (0..wanted)
            .map(|_| spare.pop().unwrap_or_else(|| Vec::with_capacity(1 << 20)))
            .collect();
        let to_write = written_batch.take();
        let (wrote, rendered) = rayon::join(
            || -> std::io::Result<Vec<Vec<u8>>> {
                let mut freed = Vec::new();
                let Some((wb, rendered)) = to_write else {
                    return Ok(freed);
                };
                for (j, r) in rendered.into_iter().enumerate() {
                    let (buf, n) = r?;
                    let i = wb * BATCH + j;
                    let start = find(&buf, first_item).unwrap_or(0);
                    let end = rfind(&buf, footer).unwrap_or(buf.len());
                    if check.is_some() {
                        let (head, tail) = (&buf[..start], &buf[end..]);
                        let frame = frame.get_or_insert_with(|| (head.to_vec(), tail.to_vec()));
                        counted = match (std::mem::replace(&mut counted, Ok(0)), n) {
                            (Ok(_), _) if (head, tail) != (&frame.0[..], &frame.1[..]) => {
                                Err(format!(
                                    "chunk {i} does not join the others: its header or footer differs"
                                ))
                            }
                            (Ok(total), Ok(n)) => Ok(total + n),
                            (Ok(_), Err(why)) => Err(format!("chunk {i}: {why}")),
                            (Err(e), _) => Err(e),
                        };
                    }
                    let from = if i == 0 { 0 } else { start };
                    let to = if i == last { buf.len() } else { end };
                    w.write_all(&buf[from..to])?;
                    let mut buf = buf;
                    buf.clear();
                    freed.push(buf);
                }
                Ok(freed)
            },
            || {
                batches.get(b).map(|batch| {
                    batch
                        .par_iter()
                        .zip(bufs)
                        .map(|(chunk, buf)| {
                            let part = Feed {
                                posts: chunk.to_vec(),
                                ..feed.clone()
                            };
                            let doc = render_chunk(&part, buf)?;
                            let n = check.map_or_else(unchecked, |c| c(&doc));
                            Ok((doc, n))
                        })
                        .collect::<Vec<_>>()
                })
            },
        );
        spare.extend(wrote?);
        written_batch = rendered.map(|r| (b, r));
    }
    Ok((w, check.map_or_else(unchecked, |_| counted)))
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    memchr::memmem::find(hay, needle)
}

fn rfind(hay: &[u8], needle: &[u8]) -> Option<usize> {
    memchr::memmem::rfind(hay, needle)
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

/// HTML that tests the content splicing: `]]>` (which must be split across
/// CDATA sections), entities, CJK and emoji.
#[cfg(test)]
pub(crate) const TRICKY_HTML: &str = "<p>a ]]> b &amp; <b>c</b> ]]]]> 中文 😀</p>]]>";

/// Three posts for the content-splicing tests, in two variants: the second
/// post's HTML is [`TRICKY_HTML`], the third's is empty, and with
/// `marker_in_title` the first post's title holds the content marker (the
/// renderer must then fall back to the crate's own escaping).
#[cfg(test)]
pub(crate) fn splice_test_posts() -> (crate::config::Config, [Vec<Post>; 2]) {
    let (config, mut posts) = test_posts(3);
    posts[1].html = TRICKY_HTML.to_string();
    posts[2].html = String::new();
    let mut marked = posts.clone();
    marked[0].title = format!("x{}y", splice::CONTENT_MARK);
    (config, [posts, marked])
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

#[cfg(test)]
mod tests {
    use super::*;

    /// A chunk renderer of a tiny feed format: `<f><i/>…</f>`, one `<i/>`
    /// per post, broken (`<i>` left open) for chunks holding `broken`.
    fn render_tiny(
        broken: usize,
    ) -> impl Fn(&Feed<'_>, Vec<u8>) -> std::io::Result<Vec<u8>> + Sync {
        move |part: &Feed<'_>, mut buf: Vec<u8>| {
            buf.extend_from_slice(b"<f>");
            for (i, p) in part.posts.iter().enumerate() {
                let open = p.title == format!("{broken}") && i == 0;
                buf.extend_from_slice(if open { b"\n<i>" } else { b"\n<i/>" });
            }
            buf.extend_from_slice(b"\n</f>");
            Ok(buf)
        }
    }

    fn tiny_posts(n: usize) -> Vec<Post> {
        let (_, mut posts) = test_posts(n);
        for (i, p) in posts.iter_mut().enumerate() {
            p.title = i.to_string();
        }
        posts
    }

    fn count_tiny(doc: &[u8]) -> Result<usize, String> {
        let mut reader = quick_xml::Reader::from_reader(doc);
        reader.config_mut().check_end_names = true;
        let mut n = 0;
        loop {
            match reader.read_event() {
                Ok(quick_xml::events::Event::Empty(_)) => n += 1,
                Ok(quick_xml::events::Event::Eof) => return Ok(n),
                Ok(_) => {}
                Err(e) => return Err(e.to_string()),
            }
        }
    }

    #[test]
    fn chunks_are_checked_and_counted_where_they_are_rendered() {
        let (config, _) = test_posts(1);
        let posts = tiny_posts(1000);
        let feed = test_feed(&config, posts.iter().collect());
        let (bytes, count) = chunked(
            &feed,
            Vec::new(),
            b"\n<i",
            b"\n</f>",
            render_tiny(usize::MAX),
            Some(&count_tiny),
        )
        .unwrap();
        assert_eq!(count, Ok(1000));
        assert_eq!(count_tiny(&bytes), Ok(1000));
        // A chunk that is not well-formed (the one starting at post 512) is found.
        let (_, count) = chunked(
            &feed,
            Vec::new(),
            b"\n<i",
            b"\n</f>",
            render_tiny(512),
            Some(&count_tiny),
        )
        .unwrap();
        let why = count.unwrap_err();
        assert!(why.starts_with("chunk 2: "), "{why}");
        // Without a check nothing is claimed.
        let (_, count) = chunked(
            &feed,
            Vec::new(),
            b"\n<i",
            b"\n</f>",
            render_tiny(usize::MAX),
            None,
        )
        .unwrap();
        assert!(count.is_err());
    }

    #[test]
    fn chunks_that_do_not_join_are_found() {
        let (config, _) = test_posts(1);
        let posts = tiny_posts(600);
        let feed = test_feed(&config, posts.iter().collect());
        // Each chunk's header names its first post: well-formed, but the
        // chunks would not join into one document.
        let render = |part: &Feed<'_>, mut buf: Vec<u8>| {
            buf.extend_from_slice(format!("<f n=\"{}\">", part.posts[0].title).as_bytes());
            for _ in &part.posts {
                buf.extend_from_slice(b"\n<i/>");
            }
            buf.extend_from_slice(b"\n</f>");
            Ok(buf)
        };
        let (_, count) = chunked(
            &feed,
            Vec::new(),
            b"\n<i",
            b"\n</f>",
            render,
            Some(&count_tiny),
        )
        .unwrap();
        let why = count.unwrap_err();
        assert!(why.contains("does not join"), "{why}");
    }
}
