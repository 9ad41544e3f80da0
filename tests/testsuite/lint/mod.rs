//! A byte-level lint of feedcal's outputs: the rules real clients depend on,
//! checked on the bytes, without any iCalendar or feed library (a library
//! would repair or hide exactly what we look for).
//!
//! Used by `lint_outputs.rs` (over the sample and corpus builds, and
//! one negative test per rule) and by `interop/mod.rs` (the XML
//! reader, to compare clients with the raw files).
//!
//! Every problem names a [`Rule`]; each rule has a stable kebab-case name so
//! that failures are greppable and negative tests can assert the rule.
#![allow(dead_code)] // Each test target uses a different part of this module.

pub mod build;
pub mod feed;
pub mod html;
pub mod ics;
pub mod xml;

use std::fmt;
use std::path::{Path, PathBuf};

/// What a problem breaks. Names are stable; see [`Rule::name`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Rule {
    // ---- iCalendar (RFC 5545) ----
    /// Every line ends in CRLF (a bare LF, or a last line without CRLF).
    IcsCrlf,
    /// A physical line is longer than 75 octets.
    IcsLineLength,
    /// A fold splits a UTF-8 sequence (clients that decode before unfolding show `��`).
    IcsFoldSplitsUtf8,
    /// The unfolded content is not UTF-8.
    IcsUtf8,
    /// A CR not followed by LF (it ends the content line in some parsers).
    IcsBareCr,
    /// Other control characters (U+0000–U+001F except TAB, U+007F) in a value.
    IcsControlChar,
    /// A content line that cannot be parsed (no name, no colon, bad parameter).
    IcsSyntax,
    /// BEGIN/END do not nest, or not exactly one VCALENDAR.
    IcsStructure,
    /// A TZID is used but no VTIMEZONE in the calendar defines it
    /// (Thunderbird: floating time; Outlook: error or a one-hour shift).
    IcsTzidWithoutVtimezone,
    /// A VTIMEZONE lacks STANDARD, or lacks DAYLIGHT although the tz database
    /// has summer time in the span of the events that use it; or an observance
    /// is malformed.
    IcsVtimezone,
    /// A local time's offset per the file's VTIMEZONE differs from the tz
    /// database, or the VTIMEZONE does not cover it.
    IcsVtimezoneOffset,
    /// A DATE-TIME without TZID and without `Z`: floating (Google reads it as UTC).
    IcsFloating,
    /// A UTC offset written inside a DATE-TIME (`20240518T133000+0800`).
    IcsUtcOffsetForm,
    /// A date or date-time value that is not RFC 5545 syntax (or not a real date).
    IcsDateTimeForm,
    /// DTSTAMP (and CREATED, LAST-MODIFIED, COMPLETED) not in UTC (`Z`).
    IcsUtcRequired,
    /// UID not exactly once in a VEVENT.
    IcsUidCount,
    /// DTSTAMP not exactly once in a VEVENT.
    IcsDtstampCount,
    /// Two VEVENTs with the same UID (and no RECURRENCE-ID): clients merge or duplicate them.
    IcsUidDuplicate,
    /// DTEND of another value type than DTSTART, or not after it.
    IcsEventSpan,
    /// REFRESH-INTERVAL without `;VALUE=DURATION` or with a value that is not a duration.
    IcsRefreshInterval,
    /// TEXT escaping: `\` `;` `,` newline must be escaped; nothing else may be
    /// (no `\:`, no escaped full-width punctuation).
    IcsTextEscaping,
    // ---- feeds ----
    /// Not well-formed XML.
    Xml,
    /// RSS 2.0 structure: `rss version="2.0"`, one channel, required channel
    /// elements, an item with neither title nor description.
    RssStructure,
    /// An item without exactly one non-empty guid; duplicate guids; a
    /// permalink guid that is not an absolute URL.
    RssGuid,
    /// A date that is not RFC 822 with a numeric zone (`Mon, 25 Nov 2024 16:00:00 +0800`).
    RssDate,
    /// Atom structure: root `feed` in the Atom namespace.
    AtomStructure,
    /// A feed or entry without exactly one id, title and updated.
    AtomRequired,
    /// An id that is not an absolute IRI, or a duplicate entry id.
    AtomId,
    /// A date that is not RFC 3339.
    AtomDate,
    /// Neither the feed nor every entry has an author (RFC 4287 §4.1.1).
    AtomAuthor,
    /// Feed-level date (RSS lastBuildDate/pubDate, Atom feed updated) is not
    /// the newest item/entry date.
    FeedDate,
    /// A relative URL (`href`, `src`, …) in item HTML or a link: readers have
    /// no base URL, images and links break.
    FeedRelativeUrl,
    /// A URL that is absolute but broken in a known way (`mailto:https://…`).
    FeedBadUrl,
}

impl Rule {
    pub fn name(self) -> &'static str {
        use Rule::*;
        match self {
            IcsCrlf => "ics-crlf",
            IcsLineLength => "ics-line-length",
            IcsFoldSplitsUtf8 => "ics-fold-splits-utf8",
            IcsUtf8 => "ics-utf8",
            IcsBareCr => "ics-bare-cr",
            IcsControlChar => "ics-control-char",
            IcsSyntax => "ics-syntax",
            IcsStructure => "ics-structure",
            IcsTzidWithoutVtimezone => "ics-tzid-without-vtimezone",
            IcsVtimezone => "ics-vtimezone",
            IcsVtimezoneOffset => "ics-vtimezone-offset",
            IcsFloating => "ics-floating",
            IcsUtcOffsetForm => "ics-utc-offset-form",
            IcsDateTimeForm => "ics-date-time-form",
            IcsUtcRequired => "ics-utc-required",
            IcsUidCount => "ics-uid-count",
            IcsDtstampCount => "ics-dtstamp-count",
            IcsUidDuplicate => "ics-uid-duplicate",
            IcsEventSpan => "ics-event-span",
            IcsRefreshInterval => "ics-refresh-interval",
            IcsTextEscaping => "ics-text-escaping",
            Xml => "xml",
            RssStructure => "rss-structure",
            RssGuid => "rss-guid",
            RssDate => "rss-date",
            AtomStructure => "atom-structure",
            AtomRequired => "atom-required",
            AtomId => "atom-id",
            AtomDate => "atom-date",
            AtomAuthor => "atom-author",
            FeedDate => "feed-date",
            FeedRelativeUrl => "feed-relative-url",
            FeedBadUrl => "feed-bad-url",
        }
    }
}

impl fmt::Display for Rule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// One broken rule, where (1-based physical line of the file), and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub rule: Rule,
    pub line: usize,
    pub message: String,
}

impl Problem {
    pub fn new(rule: Rule, line: usize, message: impl Into<String>) -> Self {
        Problem {
            rule,
            line,
            message: message.into(),
        }
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "line {}: [{}] {}", self.line, self.rule, self.message)
    }
}

/// Which lint a file gets, by its name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Ics,
    Rss,
    Atom,
}

pub fn kind_of(path: &Path) -> Option<Kind> {
    let name = path.file_name()?.to_str()?;
    if name.ends_with(".ics") {
        Some(Kind::Ics)
    } else if name == "rss.xml" {
        Some(Kind::Rss)
    } else if name == "atom.xml" {
        Some(Kind::Atom)
    } else {
        None
    }
}

pub fn lint_bytes(kind: Kind, bytes: &[u8]) -> Vec<Problem> {
    match kind {
        Kind::Ics => ics::lint(bytes),
        Kind::Rss => feed::lint_rss(bytes),
        Kind::Atom => feed::lint_atom(bytes),
    }
}

/// The result of linting an output folder.
#[derive(Debug, Default)]
pub struct TreeReport {
    /// Files linted, by kind, relative to the folder.
    pub linted: Vec<(PathBuf, Kind)>,
    /// Files this lint has no rules for (new output kinds): listed, not failed.
    pub unknown: Vec<PathBuf>,
    pub problems: Vec<(PathBuf, Problem)>,
}

impl TreeReport {
    pub fn count(&self, kind: Kind) -> usize {
        self.linted.iter().filter(|(_, k)| *k == kind).count()
    }

    /// Every problem, one per line, grouped by file; at most `max` per rule and file.
    pub fn render(&self, max: usize) -> String {
        let mut out = String::new();
        let mut seen: std::collections::BTreeMap<(&Path, Rule), usize> = Default::default();
        for (path, p) in &self.problems {
            let n = seen.entry((path.as_path(), p.rule)).or_default();
            *n += 1;
            if *n <= max {
                out.push_str(&format!("{}: {p}\n", path.display()));
            } else if *n == max + 1 {
                out.push_str(&format!(
                    "{}: [{}] … more of this rule\n",
                    path.display(),
                    p.rule
                ));
            }
        }
        out
    }
}

/// The outputs under `dir` (relative paths, sorted) this lint knows, and the others.
pub fn list_outputs(dir: &Path) -> (Vec<(PathBuf, Kind)>, Vec<PathBuf>) {
    let mut files = Vec::new();
    collect_files(dir, &mut files);
    files.sort();
    let (mut known, mut unknown) = (Vec::new(), Vec::new());
    for path in files {
        let rel = path.strip_prefix(dir).unwrap_or(&path).to_path_buf();
        match kind_of(&path) {
            Some(kind) => known.push((rel, kind)),
            None => unknown.push(rel),
        }
    }
    (known, unknown)
}

/// Lints every output under `dir`.
pub fn lint_tree(dir: &Path) -> TreeReport {
    let (known, unknown) = list_outputs(dir);
    let mut report = TreeReport {
        unknown,
        ..Default::default()
    };
    for (rel, kind) in known {
        let path = dir.join(&rel);
        let bytes =
            std::fs::read(&path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
        for p in lint_bytes(kind, &bytes) {
            report.problems.push((rel.clone(), p));
        }
        report.linted.push((rel, kind));
    }
    report
}

fn collect_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let entries =
        std::fs::read_dir(dir).unwrap_or_else(|e| panic!("cannot list {}: {e}", dir.display()));
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            collect_files(&path, out);
        } else {
            out.push(path);
        }
    }
}

/// Failures whose cause in feedcal is known and reported. A failure matching
/// one still fails; the message says where the fix goes.
pub struct KnownBug {
    /// Any of these substrings of a failure line.
    pub patterns: &'static [&'static str],
    pub cause: &'static str,
}

pub const KNOWN_BUGS: &[KnownBug] = &[
    KnownBug {
        patterns: &["relative URL \"#", "<a href='#"],
        cause: "footnote links (`href=\"#1\"`) are written by pulldown-cmark's HTML writer, not through \
                the Link events that src/body.rs::to_html makes absolute, so they stay relative: a reader \
                resolves them against the feed URL. Fix: make fragment-only hrefs absolute against the post \
                URL after rendering (or emit footnote references as Link events)",
    },
    KnownBug {
        patterns: &["relative URL \"\"", "<a href=''>"],
        cause: "src/body.rs::resolve leaves an empty link destination (`[text]()` in a post) as `href=\"\"`, \
                which a reader resolves to the feed itself. Fix: resolve \"\" like any relative link (to the \
                post URL), or drop the href",
    },
    KnownBug {
        patterns: &["mailto:https://", "mailto:http://"],
        cause: "src/body.rs::to_html resolves the dest_url of email autolinks (`<a@b.c>`, LinkType::Email) \
                against the post URL, and pulldown-cmark's HTML writer then prefixes `mailto:`, giving \
                `mailto:https://site/post/a@b.c`. Fix: leave LinkType::Email (and Autolink) links untouched",
    },
    KnownBug {
        patterns: &["RSS <description> is HTML"],
        cause: "src/render/rss.rs puts the post summary (plain text) into <description>, which RSS readers \
                render as HTML: `<SOFA:Lab/>` vanishes, `&` and `<` break. Fix: HTML-escape the summary \
                (`&` `<` `>`) before writing it as <description>",
    },
    KnownBug {
        patterns: &["[atom-author]"],
        cause: "src/render/atom.rs writes no feed-level <author>, and entries of posts without `author:` have \
                none (RFC 4287 §4.1.1). Fix: give the feed an <author> (the site title, or a config key)",
    },
];

/// The known causes of any of `failures`, one per line; empty when none match.
pub fn known_causes<'a>(failures: impl IntoIterator<Item = &'a str>) -> String {
    let failures: Vec<&str> = failures.into_iter().collect();
    let mut out = String::new();
    for bug in KNOWN_BUGS {
        if failures
            .iter()
            .any(|f| bug.patterns.iter().any(|p| f.contains(p)))
        {
            out.push_str(&format!("  KNOWN FEEDCAL BUG: {}\n", bug.cause));
        }
    }
    out
}
