//! Post HTML written into a feed document after the feed crate has written
//! everything else.
//!
//! Why: the feed crates take each item's content as an owned `String` and
//! write it through their XML writer, so a full-content feed copied every
//! post's HTML once into the item and once more through the writer, and
//! atom_syndication escapes it one byte at a time. The crates write a short
//! marker instead, and [`write_spliced`] puts the HTML in its place as CDATA,
//! which every XML reader gives back as the same text (RFC 4287 §3.1.1.2,
//! and RSS's `content:encoded`). When a post's other text holds the marker,
//! the document is written the crate's own way instead.

use crate::model::Post;

/// Stands for a post's HTML while the crate writes the item: private-use
/// characters, which no XML writer escapes and no real post contains.
pub(super) const CONTENT_MARK: &str = "\u{E000}feedcal-content\u{E000}";

/// How the crate wrote the marker.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Marker {
    /// As escaped text (atom_syndication): the HTML needs its own CDATA section.
    Bare,
    /// Inside a CDATA section (rss's `content:encoded`): the HTML goes in as
    /// that section's text.
    InCdata,
}

/// Writes `doc` (written with [`CONTENT_MARK`] as every post's content) with
/// the marks replaced by the posts' HTML. Returns `Ok(false)`, having written
/// nothing, when the marker is not found exactly once per post.
pub(super) fn write_spliced<W: std::io::Write>(
    doc: &[u8],
    posts: &[&Post],
    marker: Marker,
    w: &mut W,
) -> std::io::Result<bool> {
    let marks: Vec<usize> = memchr::memmem::find_iter(doc, CONTENT_MARK.as_bytes()).collect();
    if marks.len() != posts.len() {
        return Ok(false);
    }
    let mut from = 0;
    for (pos, post) in marks.iter().zip(posts) {
        w.write_all(&doc[from..*pos])?;
        if !post.html.is_empty() {
            if marker == Marker::Bare {
                w.write_all(b"<![CDATA[")?;
            }
            // A `]]>` inside ends one section after its `]]` and starts the
            // next with its `>` (what quick-xml's own CDATA writer does).
            let mut rest = post.html.as_bytes();
            while let Some(end) = memchr::memmem::find(rest, b"]]>") {
                w.write_all(&rest[..end + 2])?;
                w.write_all(b"]]><![CDATA[")?;
                rest = &rest[end + 2..];
            }
            w.write_all(rest)?;
            if marker == Marker::Bare {
                w.write_all(b"]]>")?;
            }
        }
        from = pos + CONTENT_MARK.len();
    }
    w.write_all(&doc[from..])?;
    Ok(true)
}

thread_local! {
    /// A document with markers, reused chunk after chunk on each thread.
    static DOC: std::cell::RefCell<Vec<u8>> = const { std::cell::RefCell::new(Vec::new()) };
}

/// Runs `f` with this thread's empty document buffer.
pub(super) fn with_doc<T>(f: impl FnOnce(&mut Vec<u8>) -> T) -> T {
    let mut doc = DOC.with(|d| d.take());
    doc.clear();
    let out = f(&mut doc);
    DOC.with(|d| d.replace(doc));
    out
}
