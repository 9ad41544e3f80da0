//! What feedcal says (the `check --format json` report, converted to UTC
//! here with chrono-tz) against what each client read.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use chrono::{Duration, NaiveDate, NaiveDateTime};
use chrono_tz::Tz;
use serde_json::Value;

use super::runner::{Client, FileResult};
use crate::lint::{feed, ics, xml};

/// One post's event as feedcal decided it, in the forms clients report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Expected {
    pub path: String,
    pub lang: String,
    pub section: String,
    /// `YYYY-MM-DDTHH:MM:SSZ` (timed) or `YYYY-MM-DD` (all-day).
    pub start: String,
    /// Timed: the end instant; all-day: the day after the last (DTEND is exclusive).
    pub end: String,
}

fn utc(local: &str, zone: &str) -> String {
    let t = NaiveDateTime::parse_from_str(local, "%Y-%m-%dT%H:%M:%S")
        .or_else(|_| NaiveDateTime::parse_from_str(local, "%Y-%m-%dT%H:%M"))
        .unwrap_or_else(|e| panic!("check JSON: {local:?} is not a local date-time: {e}"));
    let tz: Tz = zone
        .parse()
        .unwrap_or_else(|e| panic!("check JSON: zone {zone:?}: {e}"));
    ics::tzdb_to_utc(tz, t)
        .format("%Y-%m-%dT%H:%M:%SZ")
        .to_string()
}

fn date(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d")
        .unwrap_or_else(|e| panic!("check JSON: {s:?} is not a date: {e}"))
}

/// Every post with an event time, by URL.
pub fn expected(report: &Value) -> BTreeMap<String, Expected> {
    let mut out = BTreeMap::new();
    let posts = report["posts"].as_array().expect("check JSON has posts[]");
    for p in posts {
        let when = &p["event"]["when"];
        if when.is_null() {
            continue;
        }
        let s = |v: &Value| {
            v.as_str()
                .unwrap_or_else(|| panic!("check JSON: {v} is not a string in {p}"))
                .to_string()
        };
        let (start, end) = match when["kind"].as_str() {
            Some("timed") => (
                utc(&s(&when["start"]), &s(&when["zone"])),
                utc(&s(&when["end"]), &s(&when["zone"])),
            ),
            Some("all-day") => (
                date(&s(&when["first"])).to_string(),
                (date(&s(&when["last"])) + Duration::days(1)).to_string(),
            ),
            other => panic!("check JSON: unknown event kind {other:?} in {p}"),
        };
        let e = Expected {
            path: s(&p["path"]),
            lang: s(&p["lang"]),
            section: s(&p["section"]),
            start,
            end,
        };
        if let Some(prev) = out.insert(s(&p["url"]), e) {
            panic!(
                "check JSON: two event posts with the URL {}: {} and {}",
                s(&p["url"]),
                prev.path,
                s(&p["path"])
            );
        }
    }
    out
}

/// Whether the calendar at `rel` must hold the post's event: `Some` for the
/// site-wide, language and section calendars, whose membership follows from
/// the post's path; `None` for the tag, category, upcoming and single-event
/// calendars, whose membership `tests/subscriber.rs` checks (here every
/// VEVENT in them must still be a post with that event time).
fn belongs(rel: &str, e: &Expected) -> Option<bool> {
    let parts: Vec<&str> = rel.split('/').collect();
    match parts.as_slice() {
        ["events.ics"] => Some(true),
        [first, ..] if matches!(*first, "tags" | "categories" | "events") => None,
        [lang, "events.ics"] => Some(*lang == e.lang),
        [lang, section, "events.ics"] => Some(*lang == e.lang && *section == e.section),
        _ => None,
    }
}

/// feedcal's own consistency, before any client: each calendar holds exactly
/// the dated event posts it should, every VEVENT has a URL of a post with an
/// event time. (Undated posts are left out of every output by design.)
pub fn calendar_contents(
    rel: &str,
    cal: &ics::Comp,
    expected: &BTreeMap<String, Expected>,
    dated: &BTreeSet<String>,
    failures: &mut Vec<String>,
) {
    // An event that meets more than once has a VEVENT per session, each
    // with the post's URL and a UID of its own.
    let mut urls = BTreeSet::new();
    let mut uids = BTreeSet::new();
    for ev in cal.children.iter().filter(|c| c.name == "VEVENT") {
        match ev.prop("URL") {
            Some(u) => {
                urls.insert(u.value.clone());
            }
            None => failures.push(format!("{rel}: VEVENT of line {} has no URL", ev.line)),
        }
        if let Some(uid) = ev.prop("UID") {
            if !uids.insert(uid.value.clone()) {
                failures.push(format!("{rel}: two VEVENTs with the UID {}", uid.value));
            }
        }
    }
    let subset = expected
        .values()
        .next()
        .is_some_and(|e| belongs(rel, e).is_none());
    let want: BTreeSet<String> = expected
        .iter()
        .filter(|(url, e)| {
            dated.contains(*url) && belongs(rel, e).unwrap_or_else(|| urls.contains(*url))
        })
        .map(|(url, _)| url.clone())
        .collect();
    for missing in want.difference(&urls).filter(|_| !subset) {
        failures.push(format!(
            "{rel}: no VEVENT for {missing} ({}), which `check` gives an event time",
            expected[missing].path
        ));
    }
    for extra in urls.difference(&want) {
        failures.push(format!(
            "{rel}: VEVENT for {extra}, which `check` gives no event time (or belongs elsewhere)"
        ));
    }
}

fn errors_of(client: &Client, rel: &str, r: &FileResult, failures: &mut Vec<String>) {
    for e in r.errors.iter().take(10) {
        failures.push(format!("{} {}: {rel}: {e}", client.name, client.version));
    }
    if r.errors.len() > 10 {
        failures.push(format!(
            "{}: {rel}: … {} more errors",
            client.name,
            r.errors.len() - 10
        ));
    }
}

/// A client's reading of one calendar against feedcal's: no errors, every
/// VEVENT read, every start and end the instant (or date) feedcal says.
/// Returns how many events were compared.
pub fn calendar(
    client: &Client,
    rel: &str,
    r: &FileResult,
    cal: &ics::Comp,
    expected: &BTreeMap<String, Expected>,
    failures: &mut Vec<String>,
) -> usize {
    errors_of(client, rel, r, failures);
    let raw = cal.children.iter().filter(|c| c.name == "VEVENT").count();
    if r.events.len() != raw {
        failures.push(format!(
            "{}: {rel}: read {} events, the file has {raw} VEVENTs",
            client.name,
            r.events.len()
        ));
    }
    let mut compared = 0;
    for ev in &r.events {
        let who = ev.uid.as_deref().unwrap_or("?");
        let Some(e) = ev.url.as_deref().and_then(|u| expected.get(u)) else {
            failures.push(format!(
                "{}: {rel}: event {who} has URL {:?}, no post with an event time has it",
                client.name, ev.url
            ));
            continue;
        };
        compared += 1;
        for (what, got, want) in [
            ("start", &ev.start, &e.start),
            ("end", &ev.end, &e.end),
            ("start (file's VTIMEZONE)", &ev.start_vtz, &e.start),
            ("end (file's VTIMEZONE)", &ev.end_vtz, &e.end),
        ] {
            let optional = what.contains("VTIMEZONE");
            match got {
                Some(g) if g == want => {}
                None if optional => {}
                got => failures.push(format!(
                    "{}: {rel}: {} ({who}): {what} is {got:?}, feedcal says {want:?}",
                    client.name, e.path
                )),
            }
        }
    }
    compared
}

fn rfc822_utc(s: &str) -> Option<String> {
    feed::parse_rfc822(s.trim())
        .ok()
        .map(|t| t.to_utc().format("%Y-%m-%dT%H:%M:%SZ").to_string())
}

fn rfc3339_utc(s: &str) -> Option<String> {
    feed::parse_rfc3339(s.trim())
        .ok()
        .map(|t| t.to_utc().format("%Y-%m-%dT%H:%M:%SZ").to_string())
}

/// One item as the file says it: (id, link, date in UTC).
type RawEntry = (Option<String>, Option<String>, Option<String>);

/// The raw items of an RSS or Atom file, and its feed-level date in UTC.
pub fn raw_feed(root: &xml::Element) -> (Vec<RawEntry>, Option<String>) {
    if root.name == "rss" {
        let Some(channel) = root.child("channel") else {
            return (Vec::new(), None);
        };
        let items = channel
            .children_named("item")
            .map(|i| {
                (
                    i.child("guid").map(|g| g.text().trim().to_string()),
                    i.child("link").map(|l| l.text().trim().to_string()),
                    i.child("pubDate").and_then(|d| rfc822_utc(&d.text())),
                )
            })
            .collect();
        (
            items,
            channel
                .child("lastBuildDate")
                .and_then(|d| rfc822_utc(&d.text())),
        )
    } else {
        let alternate = |e: &xml::Element| {
            e.children_named("link")
                .find(|l| l.attr("rel").is_none_or(|r| r == "alternate"))
                .and_then(|l| l.attr("href"))
                .map(str::to_string)
        };
        let entries = root
            .children_named("entry")
            .map(|e| {
                (
                    e.child("id").map(|i| i.text().trim().to_string()),
                    alternate(e),
                    e.child("updated").and_then(|d| rfc3339_utc(&d.text())),
                )
            })
            .collect();
        (
            entries,
            root.child("updated").and_then(|d| rfc3339_utc(&d.text())),
        )
    }
}

/// A client's reading of one feed against the file: no errors (bozo,
/// relative URLs), every item read with the id, link and date the file has.
pub fn feed(
    client: &Client,
    rel: &str,
    r: &FileResult,
    root: &xml::Element,
    failures: &mut Vec<String>,
) -> usize {
    errors_of(client, rel, r, failures);
    let (raw, updated) = raw_feed(root);
    if r.entries.len() != raw.len() {
        failures.push(format!(
            "{}: {rel}: read {} entries, the file has {}",
            client.name,
            r.entries.len(),
            raw.len()
        ));
    }
    for (i, (got, (id, link, date))) in r.entries.iter().zip(&raw).enumerate() {
        for (what, g, w) in [
            ("id", &got.id, id),
            ("link", &got.link, link),
            ("date (UTC)", &got.date, date),
        ] {
            if g != w {
                failures.push(format!(
                    "{}: {rel}: entry {}: {what} read as {g:?}, the file says {w:?}",
                    client.name,
                    i + 1
                ));
            }
        }
    }
    if updated.is_some() && r.updated != updated {
        failures.push(format!(
            "{}: {rel}: feed date read as {:?}, the file says {updated:?}",
            client.name, r.updated
        ));
    }
    r.entries.len()
}

/// The same post's summary is in the RSS `<description>` (HTML, by the RSS
/// spec and every reader) and the Atom `<summary>` (text): a reader must show
/// the same text for both. Compares them per folder, by link.
pub fn summaries_agree(
    client: &Client,
    feeds: &[String],
    results: &[FileResult],
    failures: &mut Vec<String>,
) {
    let by_rel: BTreeMap<&str, &FileResult> =
        feeds.iter().map(String::as_str).zip(results).collect();
    for (rel, rss) in &by_rel {
        let Some(dir) = rel.strip_suffix("rss.xml") else {
            continue;
        };
        let Some(atom) = by_rel.get(format!("{dir}atom.xml").as_str()) else {
            continue;
        };
        let atom_summaries: BTreeMap<&str, Option<&str>> = atom
            .entries
            .iter()
            .filter_map(|e| Some((e.link.as_deref()?, e.summary.as_deref())))
            .collect();
        for e in &rss.entries {
            let (Some(link), Some(rss_summary)) = (e.link.as_deref(), e.summary.as_deref()) else {
                continue;
            };
            if let Some(Some(atom_summary)) = atom_summaries.get(link) {
                if rss_summary != *atom_summary {
                    failures.push(format!(
                        "{}: {rel}: {link}: the RSS <description> reads as {rss_summary:?}, the Atom <summary> as \
                         {atom_summary:?} (RSS <description> is HTML: plain text must be escaped)",
                        client.name
                    ));
                }
            }
        }
    }
}

/// Output files under `dir` that clients read, relative, sorted: calendars, feeds.
pub fn outputs(dir: &Path) -> (Vec<String>, Vec<String>) {
    let mut cals = Vec::new();
    let mut feeds = Vec::new();
    for (p, kind) in crate::lint::list_outputs(dir).0 {
        let rel = p.to_string_lossy().replace('\\', "/");
        match kind {
            crate::lint::Kind::Ics => cals.push(rel),
            _ => feeds.push(rel),
        }
    }
    (cals, feeds)
}
