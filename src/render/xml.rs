//! Reading RSS and Atom back, as the publisher checks them: a real XML
//! parser (quick-xml) walks the document as a stream of events, so a
//! truncated or malformed file does not pass, and the items are counted
//! without building the document (the text is borrowed, never copied).

use quick_xml::events::Event;

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
