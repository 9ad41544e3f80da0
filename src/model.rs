//! The model every renderer reads: one [`Post`] per source file, with its event
//! decision when it lives in an event section.
//!
//! Event times are kept as **local wall time plus zone** ([`EventWhen::Timed`]);
//! conversion to an instant happens only at the edges (the iCalendar renderer
//! writes `TZID` + a `VTIMEZONE`, tests convert to UTC to compare). Publication
//! dates (`date`, `lastmod`) are instants, because Hugo front matter gives them
//! as instants (or as local times that we resolve once, in the site zone).
//!
//! It also holds the vocabulary the later stages share, so that none of them
//! imports another for it: a post's [identity](Post::guid) in every format,
//! the [`Occurrence`]s a calendar publishes, the [`Document`] the planner
//! hands a renderer, the rendered [`Output`] the publisher writes, and the
//! posts [`LeftOut`] of an output.

use chrono::{DateTime, NaiveDate, NaiveDateTime, TimeZone, Utc};
use chrono_tz::Tz;
use percent_encoding::{utf8_percent_encode, AsciiSet, CONTROLS};
use serde::Serialize;

/// Where a post came from, and the parts of its path that the generator's
/// layout rules give (see `discover`).
#[derive(Debug, Clone, Serialize)]
pub struct SourceFile {
    /// Absolute or as-given path, for messages.
    pub path: std::path::PathBuf,
    /// Path relative to the content root, with `/` separators (stable across machines).
    pub rel_path: String,
    /// Language code (`zh`, `en`): a language folder, a file-name suffix
    /// (`foo.es.md`), or the site default.
    pub lang: String,
    /// Section name: the configured folder the post is in (`activities`, `_posts`).
    pub section: String,
    /// The bundle folder name or the file stem (without a language suffix,
    /// and without the date where the generator strips it): the last URL
    /// segment unless `slug:` overrides it.
    pub slug: String,
    /// The post is its folder's index file (`<slug>/index.md`,
    /// `<slug>/index.es.md`): the folder, not the file, names it.
    pub bundle: bool,
    /// A date the path carries: in the file or folder name
    /// (`2019-06-30-slug.md`, `20240521.md`) or as `YYYY/MM/DD/` folders.
    pub name_date: Option<NaiveDate>,
    /// A nested section's list page (Hugo/Zola `_index.md`): a post only when
    /// its front matter states an event.
    pub list_page: bool,
}

/// A 1-based line number in the source file.
pub type Line = usize;

/// A post after every stage has run.
#[derive(Debug, Clone, Serialize)]
pub struct Post {
    pub source: SourceFile,
    /// Identity that never changes when title, body or time change:
    /// `uid:` from front matter, else `<lang>/<section>/<slug-path>`.
    pub key: String,
    /// True when `key` comes from a `uid:` front-matter field (it then
    /// survives renames and URL changes).
    pub key_pinned: bool,
    pub title: String,
    /// Absolute permalink, percent-encoded.
    pub url: String,
    /// Publication instant, from the first source of [`DateSource`]'s chain
    /// that gives one.
    pub date: Option<DateTime<Utc>>,
    /// Where `date` came from; `None` when no source gave one.
    pub date_source: Option<DateSource>,
    /// Last modification instant (`lastmod`, else `date`).
    pub updated: Option<DateTime<Utc>>,
    pub summary: Option<String>,
    pub tags: Vec<String>,
    pub categories: Vec<String>,
    pub authors: Vec<String>,
    /// Absolute cover image URL.
    pub cover: Option<String>,
    /// Body rendered to HTML, links made absolute.
    pub html: String,
    /// `活动地点` / `Location` line, when the post has one.
    pub location: Option<String>,
    /// A live-stream or meeting link (`直播间` line or `live:`), for CONFERENCE.
    pub live_url: Option<String>,
    /// Marked cancelled (front matter, or `已取消`/`Cancelled` in the title or
    /// at the start of a body line): STATUS:CANCELLED in calendars.
    pub cancelled: bool,
    pub draft: bool,
    /// Left out by the site's publish rules (future, expired, `build`
    /// options), with why: such a post is in no output.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hidden: Option<Hidden>,
    /// Set for posts of event sections.
    pub event: Option<EventDecision>,
    /// Problems that did not stop the post from being published.
    pub warnings: Vec<Warning>,
}

impl Post {
    /// The date feeds sort and stamp by: `updated` for Atom, `date` for RSS.
    pub fn sort_date(&self) -> Option<DateTime<Utc>> {
        self.date.or(self.updated)
    }

    /// Categories then tags, each text once (a post often repeats its
    /// category as a tag): what Atom, JSON Feed and iCalendar list.
    pub fn terms(&self) -> impl Iterator<Item = &str> {
        let mut seen = std::collections::BTreeSet::new();
        self.categories
            .iter()
            .chain(&self.tags)
            .map(String::as_str)
            .filter(move |t| seen.insert(*t))
    }

    /// Every warning of the post, its own and its event decision's.
    pub fn all_warnings(&self) -> impl Iterator<Item = &Warning> {
        self.warnings
            .iter()
            .chain(self.event.iter().flat_map(|e| e.warnings.iter()))
    }

    /// The event time decided for the post, when it has one.
    pub fn when(&self) -> Option<&EventWhen> {
        self.event.as_ref()?.when.as_ref()
    }

    /// The meetings calendars publish for this post: one per session of an
    /// event that meets more than once, else the one event; none without an
    /// event time.
    pub fn occurrences(&self) -> Vec<Occurrence<'_>> {
        let Some(decision) = &self.event else {
            return Vec::new();
        };
        if decision.sessions.is_empty() {
            return decision
                .when
                .iter()
                .map(|when| Occurrence {
                    post: self,
                    session: 1,
                    when,
                })
                .collect();
        }
        decision
            .sessions
            .iter()
            .enumerate()
            .map(|(i, when)| Occurrence {
                post: self,
                session: i + 1,
                when,
            })
            .collect()
    }
}

/// # Identity
///
/// One rule names a post in every output: its identity is [`Post::key`], the
/// `uid:` it pins or else its folder path (`<lang>/<section>/<slug>`), so it
/// survives title, body and time changes, and a pinned one survives a move.
/// Each format spells it its own way:
///
/// | format | spelling |
/// | --- | --- |
/// | RSS `guid`, JSON Feed `id` | the permalink while the identity is the folder path (readers expect a link, and the two change together); the pinned `uid:` otherwise (`isPermaLink="false"`) |
/// | Atom `id` | `urn:uuid:` + UUIDv5 (URL namespace) of `<key>@<uid_domain>` |
/// | iCalendar `UID` | `<key>@<uid_domain>`, characters clients choke on percent-encoded; a later session `n` of the same post `<key>#<n>@<uid_domain>` |
///
/// A `slug:` or `url:` override moves the permalink without moving the
/// folder: Atom ids and UIDs stay, guids follow the link. Pin `uid:` to keep
/// every one of them.
impl Post {
    /// The RSS guid and JSON Feed id, and whether it is the permalink.
    pub fn guid(&self) -> (&str, bool) {
        if self.key_pinned {
            (&self.key, false)
        } else {
            (&self.url, true)
        }
    }

    /// The Atom entry id.
    pub fn atom_id(&self, uid_domain: &str) -> String {
        let name = format!("{}@{uid_domain}", self.key);
        format!(
            "urn:uuid:{}",
            uuid::Uuid::new_v5(&uuid::Uuid::NAMESPACE_URL, name.as_bytes())
        )
    }

    /// The iCalendar UID of the post's `session` (1-based). The first session
    /// has the post's own UID, so that a one-day event that gains a second
    /// day keeps its identity in every calendar that holds it.
    pub fn event_uid(&self, uid_domain: &str, session: usize) -> String {
        let key = utf8_percent_encode(&self.key, UID_UNSAFE);
        if session <= 1 {
            format!("{key}@{uid_domain}")
        } else {
            format!("{key}#{session}@{uid_domain}")
        }
    }
}

/// Characters kept out of UIDs: some clients choke on spaces and quotes. `#`
/// is encoded too, so a key holding one never looks like a session's UID.
const UID_UNSAFE: &AsciiSet = &CONTROLS
    .add(b' ')
    .add(b'"')
    .add(b'#')
    .add(b'<')
    .add(b'>')
    .add(b'\\')
    .add(b'`');

/// One meeting of an event post, as calendars publish it (one VEVENT each).
#[derive(Debug, Clone, Copy)]
pub struct Occurrence<'a> {
    pub post: &'a Post,
    /// 1 for the first (or only) session, then 2, 3, …
    pub session: usize,
    pub when: &'a EventWhen,
}

impl Occurrence<'_> {
    /// Its UID (see [`Post::event_uid`]).
    pub fn uid(&self, uid_domain: &str) -> String {
        self.post.event_uid(uid_domain, self.session)
    }
}

/// Where a post's feed date was read. They are tried in order: front-matter
/// `date`, then `publishDate` (and its aliases); for Hugo then `lastmod` and
/// then the date in the file or folder name (Hugo's own `date` fallback reads
/// `lastmod`, never the name); for the other generators the date in the name
/// (their file names are the publication date), Zola's `path`, then
/// `lastmod`; and last the event's own start (see `site::publication_date`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DateSource {
    /// A front-matter key, as written (`date`, `pubDate`, `last_modified_at`).
    FrontMatter(String),
    /// The file or folder name, or `YYYY/MM/DD/` folders (`SourceFile::name_date`).
    FileName,
    /// A `…/YYYY/MM/DD/…` front-matter `path` (Zola).
    PathKey,
    /// The start of the post's event: the post has no date of its own.
    EventStart,
}

impl std::fmt::Display for DateSource {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            DateSource::FrontMatter(key) => write!(f, "front matter `{key}`"),
            DateSource::FileName => f.write_str("the file or folder name"),
            DateSource::PathKey => f.write_str("front matter `path`"),
            DateSource::EventStart => f.write_str("the event's start"),
        }
    }
}

/// As text, for `check --format json`: `front-matter:<key>`, `file-name`,
/// `path`, `event-start`.
impl Serialize for DateSource {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            DateSource::FrontMatter(key) => s.serialize_str(&format!("front-matter:{key}")),
            DateSource::FileName => s.serialize_str("file-name"),
            DateSource::PathKey => s.serialize_str("path"),
            DateSource::EventStart => s.serialize_str("event-start"),
        }
    }
}

/// When an event happens, as the post says it, in local wall time.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum EventWhen {
    /// A timed event. `end` is after `start`; it may fall on a later day
    /// (`14:00-次日 02:00`).
    Timed {
        start: NaiveDateTime,
        end: NaiveDateTime,
        /// False when the post gave no end and the section's default duration was added.
        end_stated: bool,
        #[serde(serialize_with = "ser_tz")]
        zone: Tz,
    },
    /// One or several whole days; `last` is inclusive (the iCalendar renderer
    /// writes the exclusive `DTEND` = `last + 1 day`).
    AllDay { first: NaiveDate, last: NaiveDate },
}

impl EventWhen {
    /// Where it starts on the wall clock; midnight of the first day for an
    /// all-day event. Calendars and the page are ordered by it.
    pub fn start(&self) -> NaiveDateTime {
        match self {
            EventWhen::Timed { start, .. } => *start,
            EventWhen::AllDay { first, .. } => first.and_time(chrono::NaiveTime::MIN),
        }
    }

    /// The last day it touches (inclusive): an event is upcoming until it has passed.
    pub fn last_day(&self) -> NaiveDate {
        match self {
            EventWhen::Timed { end, .. } => end.date(),
            EventWhen::AllDay { last, .. } => *last,
        }
    }

    /// The instant it starts: a timed event's wall time in its zone, an
    /// all-day event's first midnight in UTC (it has no zone).
    pub fn start_instant(&self) -> Option<DateTime<Utc>> {
        match self {
            EventWhen::Timed { start, zone, .. } => {
                resolve_local(*start, *zone).map(|d| d.with_timezone(&Utc))
            }
            EventWhen::AllDay { first, .. } => {
                Some(first.and_time(chrono::NaiveTime::MIN).and_utc())
            }
        }
    }
}

/// A wall time in `zone` as an instant: the earlier of two in a fold, the
/// first valid minute after a gap (no gap in the tz database is longer than
/// three hours). The one place an event's local time becomes an instant.
pub fn resolve_local(local: NaiveDateTime, zone: Tz) -> Option<DateTime<Tz>> {
    use chrono::LocalResult;
    match zone.from_local_datetime(&local) {
        LocalResult::Single(d) => Some(d),
        LocalResult::Ambiguous(a, _) => Some(a),
        LocalResult::None => (1..=180).find_map(|m| {
            let later = local.checked_add_signed(chrono::Duration::minutes(m))?;
            zone.from_local_datetime(&later).earliest()
        }),
    }
}

fn ser_tz<S: serde::Serializer>(tz: &Tz, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(tz.name())
}

/// The event-time stage's answer for one post, with its evidence.
#[derive(Debug, Clone, Default, Serialize)]
pub struct EventDecision {
    /// The whole event: for several sessions, from the first session's start
    /// to the last one's end.
    pub when: Option<EventWhen>,
    /// The sessions of an event that meets more than once (`10 月 30 - 31 日，
    /// 每天 9:00 - 17:00` is two sessions, a weekly series is one per week),
    /// in order; calendars publish one event per session. Empty for an
    /// event that meets once (then `when` is that meeting).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub sessions: Vec<EventWhen>,
    /// Where the time was read: line number and the line's text (or a front-matter key).
    pub evidence: Option<Evidence>,
    /// How the year was decided (`written`, `nearest after post date`, …).
    pub year_rule: Option<String>,
    /// Why this evidence won over the post's other dates (its label or the
    /// cues of its sentence, its place), for `check`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    pub warnings: Vec<Warning>,
}

/// How the event-time stage begins an [`Evidence`] text that names front-matter
/// keys (`front matter: event.start, event.end`); one constant for the writer and
/// for [`EventDecision::from_front_matter`].
pub const FRONT_MATTER_EVIDENCE: &str = "front matter: ";

impl EventDecision {
    /// Whether the event was read from front-matter keys, not from prose.
    pub fn from_front_matter(&self) -> bool {
        self.when.is_some()
            && self
                .evidence
                .as_ref()
                .is_some_and(|e| e.text.starts_with(FRONT_MATTER_EVIDENCE))
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Evidence {
    /// 1-based line in the source file; `None` for front-matter fields without line info.
    pub line: Option<Line>,
    /// The text the time was read from (trimmed line, or `front matter: event.start`).
    pub text: String,
}

/// Something the tool is not sure about, or repaired, named so that a site
/// maintainer can find and fix it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Warning {
    pub kind: WarningKind,
    pub line: Option<Line>,
    pub message: String,
}

impl Warning {
    pub fn new(kind: WarningKind, line: Option<Line>, message: impl Into<String>) -> Self {
        Warning {
            kind,
            line,
            message: message.into(),
        }
    }
}

/// Warning kinds: stable names used by `check --format json`, `--deny` and tests.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum WarningKind {
    /// The written weekday does not fall on the written date.
    WeekdayMismatch,
    /// Two labelled lines give different times; the event-time line won.
    ConflictingTimes,
    /// An event post where no time could be read.
    NoEventTime,
    /// No year written and no post date to infer it from.
    YearUnknown,
    /// Front matter and prose both give a time, and they disagree.
    FrontMatterDisagrees,
    /// The end is before the start and no rule explains it.
    EndBeforeStart,
    /// A time that could be morning or evening, or is otherwise unclear.
    AmbiguousTime,
    /// The post's front matter was not strict YAML/TOML and was repaired to read it.
    FrontMatterRepaired,
    /// The file was not UTF-8 and was decoded from another encoding.
    Encoding,
    /// A front-matter field had an unexpected type or value and was ignored.
    FrontMatterField,
    /// One slot written in several zones (`19:00 CET / 1pm EST`) whose
    /// times are not the same instant.
    ZonesDisagree,
    /// Two posts get one URL (folders that differ only in case, once URLs
    /// are lowercased).
    UrlConflict,
    /// The post has no date but its permalink has date placeholders: the
    /// generator's URL holds a date feedcal cannot know, or Hugo's year 1.
    UndatedUrl,
    /// The site's permalink pattern takes a front-matter key (Hexo's
    /// `:abbrlink`) the post leaves empty: the link uses the file name.
    UrlFieldMissing,
}

impl WarningKind {
    pub fn as_str(self) -> &'static str {
        match self {
            WarningKind::WeekdayMismatch => "weekday-mismatch",
            WarningKind::ConflictingTimes => "conflicting-times",
            WarningKind::NoEventTime => "no-event-time",
            WarningKind::YearUnknown => "year-unknown",
            WarningKind::FrontMatterDisagrees => "front-matter-disagrees",
            WarningKind::EndBeforeStart => "end-before-start",
            WarningKind::AmbiguousTime => "ambiguous-time",
            WarningKind::FrontMatterRepaired => "front-matter-repaired",
            WarningKind::Encoding => "encoding",
            WarningKind::FrontMatterField => "front-matter-field",
            WarningKind::ZonesDisagree => "zones-disagree",
            WarningKind::UrlConflict => "url-conflict",
            WarningKind::UndatedUrl => "undated-url",
            WarningKind::UrlFieldMissing => "url-field-missing",
        }
    }
}

impl std::fmt::Display for WarningKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A post that could not be read at all. The run goes on without it.
#[derive(Debug, Clone, Serialize)]
pub struct PostError {
    pub path: std::path::PathBuf,
    pub line: Option<Line>,
    pub column: Option<usize>,
    pub message: String,
    /// What the maintainer can do about it.
    pub hint: String,
}

impl std::fmt::Display for PostError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.path.display())?;
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
            if let Some(col) = self.column {
                write!(f, ":{col}")?;
            }
        }
        write!(f, ": {}", self.message)?;
        if !self.hint.is_empty() {
            write!(f, " ({})", self.hint)?;
        }
        Ok(())
    }
}

/// The formats a run writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum OutputKind {
    Rss,
    Atom,
    #[serde(rename = "json-feed")]
    JsonFeed,
    Ics,
    Html,
}

impl OutputKind {
    /// Its file name in a group's folder.
    pub fn file_name(self) -> &'static str {
        match self {
            OutputKind::Rss => "rss.xml",
            OutputKind::Atom => "atom.xml",
            OutputKind::JsonFeed => "feed.json",
            OutputKind::Ics => "events.ics",
            OutputKind::Html => "index.html",
        }
    }

    /// What its count counts: the items of a feed, or the events of a
    /// calendar (VEVENTs) or of the page.
    pub fn counts(self) -> &'static str {
        match self {
            OutputKind::Ics | OutputKind::Html => "events",
            OutputKind::Rss | OutputKind::Atom | OutputKind::JsonFeed => "items",
        }
    }
}

/// A feed or calendar another file links to (the page's subscribe lists).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Link {
    pub title: String,
    /// Absolute URL.
    pub url: String,
    /// MIME type for `<link rel="alternate">` (feeds only).
    pub mime: Option<&'static str>,
}

/// What one output file holds: everything its renderer reads besides the
/// config. The planner fills it; which fields a format reads is the format's
/// business (feeds read `posts`, calendars `events`, the page all three).
#[derive(Debug, Clone, Default)]
pub struct Document<'a> {
    pub title: String,
    pub description: String,
    /// The HTML page it mirrors (the site, a language, a section, a post).
    pub link: String,
    /// Its own absolute URL (`rel="self"`, `SOURCE`).
    pub self_url: String,
    /// `None` when it mixes languages.
    pub language: Option<String>,
    /// Feeds: newest first, at most `feed_items`. The page: every event post
    /// with a time, by start.
    pub posts: Vec<&'a Post>,
    /// Calendars: every session, by start, then identity.
    pub events: Vec<Occurrence<'a>>,
    /// The page only: what it offers to subscribe to.
    pub page: Option<PageLinks>,
}

/// The links of the page.
#[derive(Debug, Clone, Default)]
pub struct PageLinks {
    pub calendars: Vec<Link>,
    pub feeds: Vec<Link>,
    /// The calendar file to download for each of the document's `posts`, in order.
    pub event_calendars: Vec<String>,
}

/// One rendered file, ready to publish.
#[derive(Debug, Clone)]
pub struct Output {
    /// Relative to the output folder, `/`-separated.
    pub path: String,
    pub kind: OutputKind,
    pub bytes: Vec<u8>,
    /// Items (feeds) or events (calendars, the page) it holds.
    pub count: usize,
    /// Whether the shrink guard watches it: the site-wide, language and
    /// section outputs. Tag, category, upcoming and single-event files come
    /// and go with the posts, so a shrinking one is no sign of a broken checkout.
    pub guarded: bool,
}

/// Which outputs a post was left out of.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum LeftOutOf {
    /// Every RSS, Atom and JSON feed it would be in.
    Feeds,
    /// Every calendar it would be in.
    Calendars,
}

/// Why a post was left out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum LeftOutReason {
    /// No date: feeds order and stamp their items by it.
    NoDate,
    /// An event post whose event time could not be decided (its warning says why).
    NoEventTime,
}

impl LeftOutReason {
    /// What happened and what to do, for `check`.
    pub fn message(self) -> &'static str {
        match self {
            LeftOutReason::NoDate => {
                "no date: no `date:` in the front matter, none in the file or folder name, and no event time, and feeds order and stamp items by it; add `date: 2024-05-18`"
            }
            LeftOutReason::NoEventTime => {
                "no event time could be read (its warning says why); write one, e.g. `- 活动时间：2024 年 5 月 18 日 14:00-17:00`"
            }
        }
    }
}

/// A post left out of outputs it would belong to, so that nothing vanishes
/// silently: `build` counts these, `check` names them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct LeftOut {
    /// Index of the post in the site's posts.
    pub post: usize,
    pub from: LeftOutOf,
    pub reason: LeftOutReason,
}

/// Why a post is left out of every output.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum HiddenReason {
    Draft,
    Future,
    Expired,
    Unpublished,
    Unlisted,
    NotRendered,
}

impl HiddenReason {
    pub fn as_str(self) -> &'static str {
        match self {
            HiddenReason::Draft => "draft",
            HiddenReason::Future => "future",
            HiddenReason::Expired => "expired",
            HiddenReason::Unpublished => "unpublished",
            HiddenReason::Unlisted => "unlisted",
            HiddenReason::NotRendered => "not-rendered",
        }
    }
}

impl std::fmt::Display for HiddenReason {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A post the site does not publish: the kind of reason and a sentence for `check`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Hidden {
    pub reason: HiddenReason,
    pub message: String,
}
