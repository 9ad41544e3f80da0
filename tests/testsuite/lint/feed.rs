//! RSS 2.0 and Atom 1.0 lint.

use std::collections::BTreeMap;

use chrono::{DateTime, FixedOffset};

use super::html::{is_absolute, known_bad, url_attrs};
use super::xml::{self, Element};
use super::{Problem, Rule};

pub const ATOM_NS: &str = "http://www.w3.org/2005/Atom";

fn parse(bytes: &[u8], problems: &mut Vec<Problem>) -> Option<Element> {
    match xml::parse(bytes) {
        Ok(root) => Some(root),
        Err(e) => {
            problems.push(Problem::new(Rule::Xml, e.line, e.message));
            None
        }
    }
}

/// RFC 822 (RFC 2822) date with a numeric zone, as RSS 2.0 wants it:
/// `Mon, 25 Nov 2024 16:00:00 +0800`. Checks the weekday too.
pub fn parse_rfc822(s: &str) -> Result<DateTime<FixedOffset>, String> {
    let re = regex::Regex::new(
        r"^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{1,2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4} \d{2}:\d{2}(:\d{2})? [+-]\d{4}$",
    )
    .expect("static regex");
    if !re.is_match(s) {
        return Err(format!("{s:?} is not `Day, DD Mon YYYY HH:MM:SS +HHMM`"));
    }
    DateTime::parse_from_rfc2822(s).map_err(|e| format!("{s:?}: {e}"))
}

/// RFC 3339 date-time (Atom §3.3): `2024-11-25T16:00:00+08:00` or `…Z`.
pub fn parse_rfc3339(s: &str) -> Result<DateTime<FixedOffset>, String> {
    let re = regex::Regex::new(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$")
        .expect("static regex");
    if !re.is_match(s) {
        return Err(format!(
            "{s:?} is not RFC 3339 (`YYYY-MM-DDTHH:MM:SS+HH:MM` or `Z`)"
        ));
    }
    DateTime::parse_from_rfc3339(s).map_err(|e| format!("{s:?}: {e}"))
}

/// Reports relative and known-bad URLs in an HTML fragment.
fn check_html(html: &str, where_: &str, line: usize, problems: &mut Vec<Problem>) {
    for (tag, attr, url) in url_attrs(html) {
        check_url(&url, &format!("{where_}: <{tag} {attr}>"), line, problems);
    }
}

fn check_url(url: &str, where_: &str, line: usize, problems: &mut Vec<Problem>) {
    if !is_absolute(url) {
        problems.push(Problem::new(
            Rule::FeedRelativeUrl,
            line,
            format!("{where_}: relative URL {url:?} (readers have no base URL)"),
        ));
    } else if let Some(why) = known_bad(url) {
        problems.push(Problem::new(
            Rule::FeedBadUrl,
            line,
            format!("{where_}: {url:?}: {why}"),
        ));
    }
}

/// Exactly one child `name`; returns it.
fn exactly_one<'a>(
    el: &'a Element,
    name: &str,
    rule: Rule,
    problems: &mut Vec<Problem>,
) -> Option<&'a Element> {
    let found: Vec<&Element> = el.elements().filter(|e| e.name == name).collect();
    if found.len() != 1 {
        problems.push(Problem::new(
            rule,
            el.line,
            format!("<{}> has {} <{name}> (exactly one)", el.name, found.len()),
        ));
    }
    found.first().copied()
}

pub fn lint_rss(bytes: &[u8]) -> Vec<Problem> {
    let mut problems = Vec::new();
    let Some(root) = parse(bytes, &mut problems) else {
        return problems;
    };
    if root.name != "rss" || root.attr("version") != Some("2.0") {
        problems.push(Problem::new(
            Rule::RssStructure,
            root.line,
            "root must be <rss version=\"2.0\">",
        ));
        return problems;
    }
    let Some(channel) = exactly_one(&root, "channel", Rule::RssStructure, &mut problems) else {
        return problems;
    };
    for name in ["title", "link", "description"] {
        exactly_one(channel, name, Rule::RssStructure, &mut problems);
    }
    if let Some(link) = channel.child("link") {
        check_url(&link.text(), "channel <link>", link.line, &mut problems);
    }
    for l in channel.children_named("atom:link") {
        check_url(
            l.attr("href").unwrap_or(""),
            "<atom:link href>",
            l.line,
            &mut problems,
        );
    }
    let mut guids: BTreeMap<String, usize> = BTreeMap::new();
    let mut newest: Option<DateTime<FixedOffset>> = None;
    for item in channel.children_named("item") {
        if item.child("title").is_none() && item.child("description").is_none() {
            problems.push(Problem::new(
                Rule::RssStructure,
                item.line,
                "item with neither title nor description",
            ));
        }
        let guid_els: Vec<&Element> = item.children_named("guid").collect();
        match guid_els.as_slice() {
            [g] => {
                let value = g.text().trim().to_string();
                let permalink = g.attr("isPermaLink").is_none_or(|v| v == "true");
                if value.is_empty() {
                    problems.push(Problem::new(Rule::RssGuid, g.line, "empty <guid>"));
                } else if permalink && !is_absolute(&value) {
                    problems.push(Problem::new(
                        Rule::RssGuid,
                        g.line,
                        format!("guid {value:?} is a permalink (isPermaLink defaults to true) but not an absolute URL"),
                    ));
                }
                if let Some(first) = guids.insert(value.clone(), g.line) {
                    problems.push(Problem::new(
                        Rule::RssGuid,
                        g.line,
                        format!("guid {value:?} already used on line {first}"),
                    ));
                }
            }
            other => problems.push(Problem::new(
                Rule::RssGuid,
                item.line,
                format!(
                    "item has {} <guid> (exactly one; readers key items by it)",
                    other.len()
                ),
            )),
        }
        if let Some(link) = item.child("link") {
            check_url(&link.text(), "item <link>", link.line, &mut problems);
        }
        for name in ["description", "content:encoded"] {
            for el in item.children_named(name) {
                check_html(
                    &el.text(),
                    &format!("item <{name}>"),
                    el.line,
                    &mut problems,
                );
            }
        }
        for d in item.children_named("pubDate") {
            match parse_rfc822(d.text().trim()) {
                Ok(t) => newest = newest.max(Some(t)),
                Err(e) => problems.push(Problem::new(
                    Rule::RssDate,
                    d.line,
                    format!("item <pubDate> {e}"),
                )),
            }
        }
    }
    for name in ["lastBuildDate", "pubDate"] {
        for d in channel.children_named(name) {
            match parse_rfc822(d.text().trim()) {
                Ok(t) => {
                    if let Some(n) = newest {
                        if t != n {
                            problems.push(Problem::new(
                                Rule::FeedDate,
                                d.line,
                                format!("channel <{name}> {t} is not the newest item pubDate {n}"),
                            ));
                        }
                    }
                }
                Err(e) => problems.push(Problem::new(
                    Rule::RssDate,
                    d.line,
                    format!("channel <{name}> {e}"),
                )),
            }
        }
    }
    problems
}

pub fn lint_atom(bytes: &[u8]) -> Vec<Problem> {
    let mut problems = Vec::new();
    let Some(root) = parse(bytes, &mut problems) else {
        return problems;
    };
    if root.name != "feed" || root.attr("xmlns") != Some(ATOM_NS) {
        problems.push(Problem::new(
            Rule::AtomStructure,
            root.line,
            format!("root must be <feed xmlns=\"{ATOM_NS}\">"),
        ));
        return problems;
    }
    let feed_updated = check_atom_common(&root, &mut problems);
    let mut ids: BTreeMap<String, usize> = BTreeMap::new();
    let mut newest: Option<DateTime<FixedOffset>> = None;
    let mut entries_without_author = 0;
    for entry in root.children_named("entry") {
        let updated = check_atom_common(entry, &mut problems);
        newest = newest.max(updated);
        if let Some(id) = entry.child("id") {
            let v = id.text().trim().to_string();
            if let Some(first) = ids.insert(v.clone(), id.line) {
                problems.push(Problem::new(
                    Rule::AtomId,
                    id.line,
                    format!("entry id {v:?} already used on line {first}"),
                ));
            }
        }
        if entry.child("author").is_none() {
            entries_without_author += 1;
        }
        for name in ["content", "summary"] {
            for el in entry.children_named(name) {
                if el.attr("type") == Some("html") {
                    check_html(
                        &el.text(),
                        &format!("entry <{name} type=\"html\">"),
                        el.line,
                        &mut problems,
                    );
                }
                if let Some(src) = el.attr("src") {
                    check_url(src, &format!("entry <{name} src>"), el.line, &mut problems);
                }
            }
        }
    }
    if root.child("author").is_none() && entries_without_author > 0 {
        problems.push(Problem::new(
            Rule::AtomAuthor,
            root.line,
            format!(
                "the feed has no <author> and {entries_without_author} entries have none either (RFC 4287 §4.1.1: one of them must)"
            ),
        ));
    }
    if let (Some(f), Some(n)) = (feed_updated, newest) {
        if f != n {
            problems.push(Problem::new(
                Rule::FeedDate,
                root.child("updated").map_or(root.line, |u| u.line),
                format!("feed <updated> {f} is not the newest entry <updated> {n}"),
            ));
        }
    }
    problems
}

/// id, title, updated exactly once; dates; links. Returns `updated`.
fn check_atom_common(el: &Element, problems: &mut Vec<Problem>) -> Option<DateTime<FixedOffset>> {
    if let Some(id) = exactly_one(el, "id", Rule::AtomRequired, problems) {
        let v = id.text();
        if !is_absolute(v.trim()) {
            problems.push(Problem::new(
                Rule::AtomId,
                id.line,
                format!("id {v:?} is not an absolute IRI"),
            ));
        }
    }
    exactly_one(el, "title", Rule::AtomRequired, problems);
    let updated = exactly_one(el, "updated", Rule::AtomRequired, problems).and_then(|u| {
        parse_rfc3339(u.text().trim())
            .map_err(|e| {
                problems.push(Problem::new(
                    Rule::AtomDate,
                    u.line,
                    format!("<updated> {e}"),
                ))
            })
            .ok()
    });
    for p in el.children_named("published") {
        if let Err(e) = parse_rfc3339(p.text().trim()) {
            problems.push(Problem::new(
                Rule::AtomDate,
                p.line,
                format!("<published> {e}"),
            ));
        }
    }
    for l in el.children_named("link") {
        check_url(
            l.attr("href").unwrap_or(""),
            &format!("<{}> <link href>", el.name),
            l.line,
            problems,
        );
    }
    updated
}
