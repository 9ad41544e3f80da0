//! What RSS and Atom share: writing elements with quick-xml's writer, and
//! reading a document back as the publisher checks it — a real XML parser
//! walks it as a stream of events, so a truncated or malformed file does not
//! pass, and the items are counted without building the document (the text
//! is borrowed, never copied).
//!
//! Both feeds are written element by element rather than with the `rss` and
//! `atom_syndication` crates: those crates need an owned copy of every
//! post's HTML in their document (a full-content feed of 50,000 posts is
//! 600 MB copied, and held beside the posts and the feed), and
//! `atom_syndication` writes HTML only as escaped text, where feedcal
//! publishes CDATA. The elements, their order and indentation are the ones
//! those crates write.

use std::io::{self, Write};

use quick_xml::events::{BytesCData, BytesEnd, BytesStart, BytesText, Event};
use quick_xml::Writer;

/// `<name>text</name>`, the text escaped.
pub(super) fn text_element<W: Write>(w: &mut Writer<W>, name: &str, text: &str) -> io::Result<()> {
    w.write_event(Event::Start(BytesStart::new(name)))?;
    w.write_event(Event::Text(BytesText::new(text)))?;
    w.write_event(Event::End(BytesEnd::new(name)))
}

/// The text as CDATA: a `]]>` in it ends one section after its `]]` and
/// starts the next with its `>`.
pub(super) fn cdata<W: Write>(w: &mut Writer<W>, text: &str) -> io::Result<()> {
    for section in BytesCData::escaped(text) {
        w.write_event(Event::CData(section))?;
    }
    Ok(())
}

/// `<name>` with the text as CDATA.
pub(super) fn cdata_element<W: Write>(w: &mut Writer<W>, name: &str, text: &str) -> io::Result<()> {
    w.write_event(Event::Start(BytesStart::new(name)))?;
    cdata(w, text)?;
    w.write_event(Event::End(BytesEnd::new(name)))
}

/// An empty element with its attributes, in order.
pub(super) fn empty<W: Write>(
    w: &mut Writer<W>,
    name: &str,
    attrs: &[(&str, &str)],
) -> io::Result<()> {
    let mut e = BytesStart::new(name);
    for a in attrs {
        e.push_attribute(*a);
    }
    w.write_event(Event::Empty(e))
}

/// Where a format keeps its items.
pub(super) struct Items {
    /// The root element (`rss`, `feed`).
    pub root: &'static [u8],
    /// How deep the items sit: 2 for `rss/channel/item`, 1 for `feed/entry`.
    pub depth: usize,
    pub item: &'static [u8],
    /// The format's name, for messages.
    pub what: &'static str,
}

/// The items of `doc`, after checking that it is well-formed XML (nesting,
/// end names, nothing cut off) with the right root element.
pub(super) fn count_items(doc: &[u8], items: &Items) -> Result<usize, String> {
    let bad = |why: &str| format!("not a valid {} document: {why}", items.what);
    let mut reader = quick_xml::Reader::from_reader(doc);
    reader.config_mut().check_end_names = true;
    let (mut depth, mut count, mut seen_root) = (0usize, 0usize, false);
    loop {
        let event = reader.read_event().map_err(|e| bad(&e.to_string()))?;
        let (element, opens) = match &event {
            Event::Start(e) => (e, true),
            Event::Empty(e) => (e, false),
            Event::End(_) => {
                depth = depth.saturating_sub(1);
                continue;
            }
            Event::Eof => break,
            _ => continue,
        };
        let local = element.local_name();
        let name = local.as_ref();
        if depth == 0 {
            if seen_root || name != items.root || !opens {
                return Err(bad("unexpected root element"));
            }
            seen_root = true;
        } else if depth == items.depth && name == items.item {
            count += 1;
        }
        if opens {
            depth += 1;
        }
    }
    if !seen_root || depth != 0 {
        return Err(bad("cut short"));
    }
    Ok(count)
}
