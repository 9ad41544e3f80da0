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

use std::borrow::Cow;
use std::io::{self, Write};

use quick_xml::events::{BytesCData, BytesEnd, BytesStart, BytesText, Event};
use quick_xml::Writer;

/// Whether XML 1.0 (§2.2 `Char`) forbids `c` anywhere in a document, even
/// escaped: the C0 controls but tab, LF and CR, and U+FFFE/U+FFFF. (Lone
/// surrogates cannot occur in a Rust string.)
pub(crate) fn forbidden_in_xml(c: char) -> bool {
    matches!(c, '\u{0}'..='\u{8}' | '\u{B}' | '\u{C}' | '\u{E}'..='\u{1F}' | '\u{FFFE}' | '\u{FFFF}')
}

/// `s` without the characters XML forbids. Posts are cleaned when read, but
/// text reaches a feed from many places (a body's `&#1;` entity, a config
/// value, a file name): cleaning at the writer is the one place they all
/// pass. Cleaning happens before escaping, so it cannot join a `]]` and a
/// `>` inside CDATA.
pub(super) fn clean(s: &str) -> Cow<'_, str> {
    if first_forbidden(s.as_bytes()).is_some() {
        Cow::Owned(s.chars().filter(|c| !forbidden_in_xml(*c)).collect())
    } else {
        Cow::Borrowed(s)
    }
}

/// Escaped text, cleaned of what XML forbids.
pub(super) fn text<W: Write>(w: &mut Writer<W>, text: &str) -> io::Result<()> {
    w.write_event(Event::Text(BytesText::new(&clean(text))))
}

/// An attribute, its value cleaned of what XML forbids.
pub(super) fn attribute(e: &mut BytesStart<'_>, key: &str, value: &str) {
    e.push_attribute((key, clean(value).as_ref()));
}

/// `<name>text</name>`, the text escaped.
pub(super) fn text_element<W: Write>(w: &mut Writer<W>, name: &str, text: &str) -> io::Result<()> {
    w.write_event(Event::Start(BytesStart::new(name)))?;
    self::text(w, text)?;
    w.write_event(Event::End(BytesEnd::new(name)))
}

/// The text as CDATA: a `]]>` in it ends one section after its `]]` and
/// starts the next with its `>`.
pub(super) fn cdata<W: Write>(w: &mut Writer<W>, text: &str) -> io::Result<()> {
    for section in BytesCData::escaped(&clean(text)) {
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
    for (k, v) in attrs {
        attribute(&mut e, k, v);
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

/// The first character XML forbids in `doc`, with its line. quick-xml does
/// not check characters, and a strict parser (libxml2, every browser)
/// refuses the whole feed for one of them. (feedcal's writer escapes `&`, so
/// it writes no character references; a `&#1;` inside CDATA is HTML text.)
pub(crate) fn forbidden_character(doc: &[u8]) -> Option<(usize, char)> {
    let (at, c) = first_forbidden(doc)?;
    Some((memchr::memchr_iter(b'\n', &doc[..at]).count() + 1, c))
}

/// Where the first character XML forbids starts in UTF-8 `bytes`, and which
/// it is. Read as bytes, not characters, because it runs over every feed's
/// full content twice (writing and reading back): in UTF-8 a byte below
/// 0x20 is always that control character, and U+FFFE/U+FFFF are always the
/// three bytes `EF BF BE`/`EF BF BF`, so no decoding is needed to find them.
fn first_forbidden(bytes: &[u8]) -> Option<(usize, char)> {
    let control = first_control(bytes).map(|i| (i, char::from(bytes[i])));
    let noncharacter =
        memchr::memmem::find_iter(bytes, b"\xEF\xBF").find_map(|i| match bytes.get(i + 2) {
            Some(0xBE) => Some((i, '\u{FFFE}')),
            Some(0xBF) => Some((i, '\u{FFFF}')),
            _ => None,
        });
    match (control, noncharacter) {
        (Some(a), Some(b)) => Some(if a.0 < b.0 { a } else { b }),
        (a, b) => a.or(b),
    }
}

/// The first C0 control but tab, LF and CR. Blocks are tested without an
/// early exit (which the compiler turns into wide compares); only a block
/// that holds one is searched byte by byte.
fn first_control(bytes: &[u8]) -> Option<usize> {
    let forbidden = |b: u8| b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r');
    let mut base = 0;
    for block in bytes.chunks(64) {
        if block.iter().fold(false, |seen, &b| seen | forbidden(b)) {
            return block.iter().position(|&b| forbidden(b)).map(|k| base + k);
        }
        base += block.len();
    }
    None
}

/// The items of `doc`, after checking that it is well-formed XML (nesting,
/// end names, nothing cut off, no character XML forbids) with the right
/// root element.
pub(super) fn count_items(doc: &[u8], items: &Items) -> Result<usize, String> {
    let bad = |why: &str| format!("not a valid {} document: {why}", items.what);
    if let Some((line, c)) = forbidden_character(doc) {
        return Err(bad(&format!(
            "line {line} holds U+{:04X}, a character XML forbids",
            c as u32
        )));
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    const RSS: Items = Items {
        root: b"rss",
        depth: 2,
        item: b"item",
        what: "RSS",
    };

    fn doc(title: &str) -> String {
        format!("<?xml version=\"1.0\"?>\n<rss><channel>\n<item><title>{title}</title></item></channel></rss>")
    }

    #[test]
    fn the_byte_scan_finds_what_the_character_rule_forbids() {
        // Every character near the edges of the rule, alone and among
        // multi-byte neighbours (U+FFFD is EF BF BD, U+EFFF starts with EE).
        let probes = [
            '\u{0}', '\u{8}', '\t', '\n', '\u{B}', '\u{C}', '\r', '\u{E}', '\u{1F}', ' ', '\u{7F}',
            '\u{FFFD}', '\u{FFFE}', '\u{FFFF}', '\u{F000}', '\u{EFFF}', '中', '😀',
        ];
        for a in probes {
            for b in probes {
                let s = format!("x{a}{b}y");
                let want = s.char_indices().find(|(_, c)| forbidden_in_xml(*c));
                assert_eq!(first_forbidden(s.as_bytes()), want, "{s:?}");
                assert!(!clean(&s).chars().any(forbidden_in_xml), "{s:?}");
            }
        }
    }

    #[test]
    fn characters_xml_forbids_are_refused_on_reading_back() {
        assert_eq!(count_items(doc("fine\ttab").as_bytes(), &RSS), Ok(1));
        for bad in ["a\u{FFFE}b", "a\u{1}b", "a\u{FFFF}"] {
            let err = count_items(doc(bad).as_bytes(), &RSS).unwrap_err();
            assert!(
                err.contains("line 3") && err.contains("forbids"),
                "{bad:?}: {err}"
            );
        }
    }

    #[test]
    fn the_writer_drops_what_xml_forbids_and_keeps_cdata_intact() {
        let mut w = Writer::new(Vec::new());
        text_element(&mut w, "t", "a\u{1}b\u{FFFE}c\td").unwrap();
        cdata_element(&mut w, "c", "]]\u{1}>x").unwrap();
        empty(&mut w, "e", &[("k", "v\u{FFFF}\u{2}")]).unwrap();
        let out = String::from_utf8(w.into_inner()).unwrap();
        assert_eq!(
            out,
            "<t>abc\td</t><c><![CDATA[]]]]><![CDATA[>x]]></c><e k=\"v\"/>"
        );
        assert_eq!(forbidden_character(out.as_bytes()), None);
    }
}
