//! Event time: reads when an event happens from a post's front matter and
//! prose, and says how sure it is.
//!
//! The rule behind every choice below: a silently wrong start time is the
//! worst outcome, so when the text leaves something open the decision is
//! written down (in [`EventDecision::year_rule`] or a [`Warning`]) rather
//! than guessed quietly. Times are local wall times in [`WhenInput::zone`];
//! conversion to instants is left to the renderers.
//!
//! # Where the time is read
//!
//! 1. **Front matter** (`event.start` / `event.end`, or any other key given
//!    in [`WhenInput::front_matter`], e.g. `event.time: 2023-11-04 14:00-18:00`).
//!    Keys ending in `start`/`begin`/`from` are the start, `end`/`until`/`to`
//!    the end, anything else is free text; `event.date` + `event.time`
//!    combine. Values use the same grammar as prose, plus RFC 3339
//!    (`2023-11-04T14:00:00+08:00`, `…Z`) and YAML timestamps
//!    (`2023-11-04 14:00:00 +8`). **Front matter wins over prose.** When both
//!    give a time and they disagree, the front matter is used and
//!    `FrontMatterDisagrees` names the prose line. A value with nothing
//!    readable is reported as `FrontMatterField` and ignored.
//! 2. **Labelled body lines**: a label, then `：` or `:` (or `【时间】…`).
//!    Event labels: 活动时间, 时间, 日期, 会议时间, 举办时间, 活动日期,
//!    `Time`, `Date`, `When`, `Event time`, `Date & Time` (English ones in any
//!    case). Broadcast labels, trusted less: 直播时间, 直播日期, `Live time`.
//!    The label may be bold (`**时间**：`, `**直播时间：**…`), after a list
//!    marker (`-`, `*`, `+`, `1.`), a quote `>` or an emoji, with zero-width
//!    spaces around the markup. A doubled label (`活动时间：时间：…`) counts once.
//!    `Time (GMT+8): …` passes the parenthesis to the value.
//!    - A label alone on its line (`**活动时间**`) takes its value from the
//!      next non-blank line, unless that line is another `Label: value`.
//!    - A date-only value followed (within two lines) by an unlabelled line
//!      holding only a time (`19：00 - 20：00`) gets that time; a line with
//!      other words (`14:00 签到`) is an agenda item and does not count.
//!    - A 日期/Date line and a 时间/Time line at most 3 lines apart combine.
//!
//!    Not event times: other labels (申请时间, 报名时间, 截止时间, 提交时间, …),
//!    tables (`| 13:00 | 签到 |`, a `| 时间 |` header), HTML cells
//!    (`<td>19:00-20:00</td>`), fenced code blocks, multi-line HTML comments,
//!    struck-out text (`~~3 月 1 日~~`, `<del>`), and unlabelled prose. Links
//!    and URLs are removed before reading, so digits in them never count.
//!
//! Among body lines, the first event-labelled line with a date is used;
//! broadcast lines only when there is none. Every other labelled line is
//! compared with it: a different time raises `ConflictingTimes` on that other
//! line. Lines that agree (same date and start; one may lack the time or the
//! end) raise nothing, and an end stated only on an agreeing line (`直播时间：
//! …20:00-21:00` under `活动时间：…晚 8 点`) is used.
//!
//! # Forms read
//!
//! | Part | Forms |
//! |------|-------|
//! | Date | `2019 年 11 月 24 日`, `04 月 15 日`, `08月18日`, `6 月 24 号`, `十一月二十四日`, `2023-11-04`, `2023/11/04`, `2023.11.04`, `Nov 4, 2023`, `November 4th 2023`, `24 June, 2019`, `4 Nov 2023` |
//! | Date range | `2026 年 4 月 1 日-2026 年 4 月 25 日`, `4 月 1 日-25 日`, `11 月 4-5 日`, `Nov 4-5, 2023`, `12 月 28 日 - 2024 年 1 月 3 日` |
//! | Weekday | `周四`, `星期日`, `礼拜天`, `（周六）`, `Monday`, `Thu.` — before or after the date |
//! | Time | `19:30`, `9:30:00`, `13：00` (full-width), `19 点`, `19点30分`, `9时30分`, `8 点半`, `十点一刻`, `三点三刻`, `八点十五分`, `12点整`, `7 点钟`, `2pm`, `2:00 PM`, `11 a.m.`, `noon`, `midnight` |
//! | Clue | 上午, 早上, 早晨, 清晨, 早, 中午, 下午, 午后, 傍晚, 晚, 晚上, 晚间, 今晚, 夜里, 夜间, 深夜, 凌晨, `AM`, `PM` |
//! | Range | `-`, `--`, `–`, `—`, `~`, `～`, `至`, `到`, `to`, `until`; `次日`/`翌日`/`第二天`/`next day` before the end |
//! | Zone | `UTC`, `GMT`, `GMT+8`, `UTC+08:00`, `UTC-5`, `GMT+0800`, `+08:00`/`Z` glued to a time, `PST` `PDT` `MST` `MDT` `CDT` `EST` `EDT` `CET` `CEST` `BST` `EET` `IST` `SGT` `HKT` `JST` `KST` `AEST` `AEDT` `NZST` … (capitals only), `PT`/`ET`/`CT`/`MT` (DST-aware US zones), `北京时间`/`Beijing Time` (Asia/Shanghai), IANA names (`Asia/Tokyo`) |
//!
//! Full-width digits and punctuation, Chinese numerals next to a unit
//! (`下午两点半`), and any mix of spaces are accepted. Reading stops at a
//! second, unrelated date or time on the same line, so
//! `14:00 UTC（北京时间 22:00）` is read as 14:00 UTC.
//!
//! # Decisions
//!
//! - **Missing year.** Taken from the same month/day written with a year on
//!   another labelled line, if that year is within 366 days of the post date
//!   (a stale line copied from an old post cannot move the event); else the
//!   year that puts the date nearest on or after the post date (post
//!   2019-12-31, `1 月 9 日` → 2020-01-09). If a written weekday disagrees
//!   with that year and the previous or next year's date falls on it, lies
//!   within 366 days of the post date *and* is closer to the post date than
//!   the nearest-after date, that year is used (post 2022-05-27,
//!   `05 月 26 日周四` → 2022-05-26, the day before the post). The "closer"
//!   condition keeps an announcement posted on the event day with a wrong
//!   weekday (post 2021-12-09, `12 月 09 日，周三`) in its year instead of
//!   moving it a year back; in practice the next year never wins. If no year
//!   qualifies, the nearest-after year is kept and `WeekdayMismatch` is
//!   raised. An inferred date 270 days or more after the post date raises
//!   `AmbiguousTime` (the post may report a past event). No year and no post
//!   date: `YearUnknown`, and no time at all. The rule used is recorded in
//!   `year_rule` (`written`, `nearest after post date 2019-12-31`,
//!   `weekday 周四 agrees with 2020, not 2021`,
//!   `year 2020 written for the same date on line 41`, …).
//! - **Wrong weekday with a written year.** The written date is kept, never
//!   moved; `WeekdayMismatch` says e.g. `周四 does not match 2023-02-25, a
//!   Saturday; the nearest Thursday is 2023-02-23`.
//! - **12-hour clues.** 下午/晚/晚上/傍晚/PM add 12 to hours 1–11 (`晚 8 点` =
//!   20:00, `下午 13 点` stays 13:00); 中午 adds 12 to hours 1–5 (`中午 12 点`
//!   = 12:00, `中午 1 点` = 13:00); 晚上/夜里 `12 点` is midnight at the end of
//!   the day; 凌晨 `12 点` and `12 AM` are 00:00; 夜里 adds 12 to 6–11 only.
//!   A start without a clue takes the end's (`2-4pm`, `2:00 – 6:00 PM`), and
//!   an end the start's (`下午 2 点到 5 点`), only when that keeps the start
//!   before the end; an end without a clue that is smaller than a morning
//!   start is in the afternoon (`上午 11 点到 1 点` ends 13:00). A bare hour
//!   with no clue is taken as written. Hours 1–6 written without a leading
//!   zero (`3 点`, `2:00`) also raise `AmbiguousTime`, because they more often
//!   mean the afternoon or evening; `7 点` to `12 点` are taken as written
//!   without a warning, and `02:00` (leading zero) as a 24-hour clock.
//! - **No end.** `end = start + default_duration` (added through the instant,
//!   so it never lands in a DST gap), `end_stated = false`.
//! - **End before start.** With `次日`, the end is on the next day. Without
//!   it, an end that is less than 12 hours after the start once moved to the
//!   next day crosses midnight (`22:00-02:00` ends 02:00 the next day); any
//!   other end not after the start raises `EndBeforeStart` and the default
//!   duration is used. A date range ending before it starts raises
//!   `EndBeforeStart` and keeps the first day only.
//! - **Only an end.** A separator before any date (`即日起至 11 月 30 日`) leaves
//!   the start unknown: the date is used as a one-day event with
//!   `AmbiguousTime`.
//! - **Days without hours.** A date range is `AllDay { first, last }` (`last`
//!   inclusive); a single date on an event line is a one-day `AllDay`. A date
//!   range with both times runs from the first day's start to the last day's
//!   end (daily hours are not repeated); with only a start time it stays
//!   all-day and raises `AmbiguousTime`.
//! - **No time.** `when: None` with `NoEventTime`, whose message points at a
//!   labelled line that could not be read, a time line without a date, or an
//!   unlabelled date line, and shows how to write one.
//! - **Other zones.** A time written in another zone is converted through the
//!   instant to wall time in the site zone (`12:00 UTC` on an Asia/Shanghai
//!   site is 20:00, possibly on another date). Abbreviations are fixed offsets
//!   (`PDT` is always −07:00); `CST` is read as the site zone when the site is
//!   at UTC+8 or US Central time, else as −06:00 with `AmbiguousTime`.
//!   `北京时间` on a Shanghai site changes nothing. A written `UTC+8` during
//!   Shanghai's 1986–1991 summer time is one hour later on the local clock
//!   (1988-07-01 19:00 UTC+8 is 20:00 Asia/Shanghai, which was UTC+9).
//! - **DST.** Wall times are kept as written; chrono-tz decides offsets at the
//!   edges. A wall time that does not exist (skipped by a spring-forward jump,
//!   e.g. Asia/Shanghai 1988-04-17 02:30) is moved forward by the jump
//!   (03:30), as RFC 5545 calendars read it, with `AmbiguousTime`. A wall time
//!   that happens twice (the fold, e.g. 1988-09-11 01:30) is kept and
//!   `AmbiguousTime` notes that calendars take the first (summer) occurrence.
//!
//! # Cost
//!
//! Linear in the body length: lines without `:`/`：`/`】`/`]` (and not short
//! label-only lines) are skipped before any work, values are cut at 256
//! characters, the grammar is a hand-written tokenizer and parsers with
//! bounded look-ahead (no regex, nothing compiled per call), and neighbouring
//! lines are combined by looking at a bounded window only. A 200 KB
//! adversarial body takes milliseconds (see `tests/testsuite/when_props.rs`).

mod candidate;
mod choose;
mod cues;
mod frontmatter;
mod grammar;
mod links;
mod prose;
mod resolve;
mod scan;
mod slots;
mod text;
mod year;
mod zone;

use std::collections::HashMap;

use chrono::{Duration, NaiveDate, NaiveDateTime};
use chrono_tz::Tz;

use crate::model::{EventDecision, EventWhen, Evidence, Line, Warning, WarningKind};

use candidate::{Candidate, Source, Tier};
use resolve::{agree, describe, Ctx, Failure, Resolved, Value};
use year::YearHint;

/// One scalar of a post's front matter: every one reaches the event-time
/// stage, which decides which keys hold the event (see [`EventKeys`] and
/// the module `frontmatter`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FrontMatterValue {
    /// Dotted key path, list items numbered from 0: `event.start`, `agenda.1.time`.
    pub key: String,
    /// The value as text (YAML timestamps and TOML datetimes are given as written).
    pub text: String,
    /// 1-based line in the source file, when known.
    pub line: Option<Line>,
    /// A comment written on the key's line (`# UTC!!`): a zone named there
    /// is the value's zone.
    pub comment: Option<String>,
}

impl FrontMatterValue {
    pub fn new(key: impl Into<String>, text: impl Into<String>, line: Option<Line>) -> Self {
        FrontMatterValue {
            key: key.into(),
            text: text.into(),
            line,
            comment: None,
        }
    }
}

/// What a front-matter key holds, for the config's `[event_keys]` mapping.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyRole {
    /// The event's start (a date and time, or a date).
    Start,
    /// The event's end.
    End,
    /// The event's day, perhaps with hours (`hostDate`, `eventDate`).
    Date,
    /// The event's hours, joined with a day key of the same block (`time: 21:00`).
    Time,
    /// Free text read like a prose line (`section1.time: "2022-06-25 14:00-17:00"`).
    Text,
    /// The zone of the block's times (`timezone: America/Los_Angeles`).
    Zone,
    /// Not an event key, even if its name says so.
    Ignore,
}

impl KeyRole {
    pub const NAMES: [&'static str; 7] = ["start", "end", "date", "time", "text", "zone", "ignore"];

    pub fn from_name(name: &str) -> Option<KeyRole> {
        Some(match name.to_ascii_lowercase().as_str() {
            "start" => KeyRole::Start,
            "end" => KeyRole::End,
            "date" => KeyRole::Date,
            "time" => KeyRole::Time,
            "text" => KeyRole::Text,
            "zone" => KeyRole::Zone,
            "ignore" => KeyRole::Ignore,
            _ => return None,
        })
    }
}

/// The config's mapping of front-matter key paths to [`KeyRole`]s
/// (`[event_keys]`: `"dateStart" = "start"`, `"section1.time" = "text"`).
/// Keys it does not name are read by their common names.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct EventKeys {
    keys: Vec<(String, KeyRole)>,
}

impl EventKeys {
    /// No mapping: every key is read by its common name.
    pub const fn none() -> EventKeys {
        EventKeys { keys: Vec::new() }
    }

    /// From the config's `[event_keys]` table and the deprecated
    /// `event_time_keys` list (each of its paths is `text`). An unknown role
    /// is an error naming the key.
    pub fn from_config(
        map: impl IntoIterator<Item = (String, String)>,
        legacy_text_keys: &[String],
    ) -> Result<EventKeys, String> {
        let mut keys = Vec::new();
        for (path, role) in map {
            let r = KeyRole::from_name(&role).ok_or_else(|| {
                format!(
                    "`{path}` = {role:?} is not a role; write one of {:?}",
                    KeyRole::NAMES
                )
            })?;
            keys.push((path, r));
        }
        for path in legacy_text_keys {
            if !keys.iter().any(|(p, _)| p.eq_ignore_ascii_case(path)) {
                keys.push((path.clone(), KeyRole::Text));
            }
        }
        Ok(EventKeys { keys })
    }

    /// The configured role of a key path (compared without case).
    pub fn role(&self, path: &str) -> Option<KeyRole> {
        self.keys
            .iter()
            .find(|(p, _)| p.eq_ignore_ascii_case(path))
            .map(|(_, r)| *r)
    }
}

static NO_KEYS: EventKeys = EventKeys::none();

/// Everything the event-time stage may look at for one post.
#[derive(Debug, Clone)]
pub struct WhenInput<'a> {
    /// The Markdown body (after the front matter).
    pub body: &'a str,
    /// Line number, in the source file, of the body's first line.
    pub body_first_line: Line,
    /// The post's publication date, as a local date in `zone`; the year of a
    /// date written without one, and relative dates (`next Thursday`), are
    /// inferred from it.
    pub post_date: Option<NaiveDate>,
    /// The post's title, read like a prose line (`…: Oct 15 at 19:00 UTC`).
    pub title: &'a str,
    /// Every front-matter scalar, in document order.
    pub front_matter: &'a [FrontMatterValue],
    /// The config's mapping of front-matter keys to event roles.
    pub event_keys: &'a EventKeys,
    /// The site's (or section's) zone: wall times are in it unless the text names another.
    pub zone: Tz,
    /// Added to a start when the post gives no end.
    pub default_duration: Duration,
}

impl<'a> WhenInput<'a> {
    /// A body alone, on an Asia/Shanghai site with a two-hour default
    /// duration, no post date, title or front matter: set the other fields
    /// as needed.
    pub fn new(body: &'a str) -> WhenInput<'a> {
        WhenInput {
            body,
            body_first_line: 1,
            post_date: None,
            title: "",
            front_matter: &[],
            event_keys: &NO_KEYS,
            zone: Tz::Asia__Shanghai,
            default_duration: Duration::hours(2),
        }
    }
}

/// At most this many `ConflictingTimes` warnings per post; the last one
/// counts the rest.
const MAX_CONFLICTS: usize = 5;

const EXAMPLE: &str = "`- 活动时间：2024 年 5 月 18 日 14:00-17:00`";

/// Decide the event time of one post. Never panics, runs in linear time.
pub fn decide(input: &WhenInput<'_>) -> EventDecision {
    let ctx = Ctx {
        post_date: input.post_date,
        zone: input.zone,
        default_duration: input.default_duration,
    };
    let mut warnings = Vec::new();
    let facts = frontmatter::read_front_matter(
        input.front_matter,
        input.event_keys,
        input.zone,
        &mut warnings,
    );
    let body = scan::Body::new(input.body, input.body_first_line);
    let found = scan::scan_body(&body);
    let mut cands = gather(input, &facts, &body, &found);
    place_zones(&mut cands, &facts, &body, input.zone);
    let agenda = agenda(&body, &found, &cands, &facts);
    let mut hints = year_hints(&cands);
    // A year the front matter writes for a month/day lends it too
    // (`eventDate: '2023-11-15 16:30:00'` and `直播时间：11 月 15 日 16:30-18:00`).
    for r in facts.event.iter().chain(&facts.sessions) {
        if let Some(d) = r.reading.first.as_ref() {
            if let (Some(y), false) = (d.y, hints.iter().any(|h| (h.m, h.d) == (d.m, d.d))) {
                hints.push(YearHint {
                    m: d.m,
                    d: d.d,
                    y,
                    line: r.line,
                });
            }
        }
    }
    let judged = choose::Judged::new(&cands, &ctx, &hints);
    let length = stated_length(input, &body, &facts);
    let prose = judged
        .chosen()
        .map(|(c, r)| settle(&judged, c, r, &ctx, &hints, &agenda, length.as_ref()));

    if let Some(fm) = &facts.event {
        match from_front_matter(
            fm,
            &facts,
            prose.as_ref(),
            &ctx,
            &hints,
            &agenda,
            length.as_ref(),
        ) {
            Ok(FmOutcome::FrontMatter(res, evidence, mut w)) => {
                warnings.append(&mut w);
                return finish(
                    res,
                    evidence,
                    Some("front matter keys, which win over prose".to_string()),
                    input.zone,
                    warnings,
                );
            }
            Ok(FmOutcome::Prose(w)) => warnings.push(w),
            Err(w) => warnings.push(w),
        }
    }

    warnings.extend(skipped_warnings(&judged));
    match prose {
        Some(d) => {
            warnings.extend(d.warnings);
            let mut text = d.cand.text.clone();
            for extra in &d.lent {
                text.push_str(&format!("; {extra}"));
            }
            let evidence = Evidence {
                line: d.cand.line,
                text,
            };
            finish(d.res, evidence, judged.reason(), input.zone, warnings)
        }
        None => {
            if !warnings
                .iter()
                .any(|w| matches!(w.kind, WarningKind::YearUnknown | WarningKind::NoEventTime))
            {
                warnings.push(no_event_time(&found, &judged));
            }
            EventDecision {
                when: None,
                evidence: None,
                year_rule: None,
                sessions: Vec::new(),
                reason: None,
                warnings,
            }
        }
    }
}

/// Every statement of a time: the title and summaries first, then the
/// body's labelled lines and sentences in line order.
fn gather(
    input: &WhenInput<'_>,
    facts: &frontmatter::FmFacts,
    body: &scan::Body<'_>,
    found: &scan::Scan,
) -> Vec<Candidate> {
    let title_line = input
        .front_matter
        .iter()
        .find(|f| f.key.eq_ignore_ascii_case("title"))
        .and_then(|f| f.line);
    let mut cands = prose::front_candidates(input.title, title_line, &facts.prose);
    let mut in_body = found.candidates.clone();
    in_body.extend(prose::body_candidates(body, &found.consumed));
    // Stable: on one line the labelled candidate comes first.
    in_body.sort_by_key(|c| c.line);
    cands.extend(in_body);
    cands
}

/// Times written without a zone, in a post whose location names a city of
/// another zone than the site's (`location: 'Seattle, WA, USA'`, `**Event
/// Location**: …, Bangalore, India`), are that city's wall times: an event
/// is announced in the time of the place it happens. Each such candidate
/// notes it, for an `AmbiguousTime` warning if it is chosen.
fn place_zones(
    cands: &mut [Candidate],
    facts: &frontmatter::FmFacts,
    body: &scan::Body<'_>,
    site: Tz,
) {
    let place = facts.place.clone().or_else(|| {
        let text = scan::location_line(body)?;
        let (tz, name) = frontmatter::location_zone(&text)?;
        (tz != site).then_some((tz, name, text))
    });
    let Some((tz, name, text)) = place else {
        return;
    };
    let zoneless = |r: &grammar::Reading| {
        r.zone.is_none() && r.start.as_ref().is_some_and(|t| t.zone.is_none())
    };
    for c in cands.iter_mut().filter(|c| c.source != Source::Link) {
        if zoneless(&c.reading)
            && c.more
                .iter()
                .all(|g| zoneless(&g.reading) || !g.reading.has_time())
        {
            c.reading.zone = Some(zone::ZoneSpec::Named(tz));
            for g in &mut c.more {
                if g.reading.zone.is_none() {
                    g.reading.zone = Some(zone::ZoneSpec::Named(tz));
                }
            }
            c.place_note = Some(format!(
                "{} names no zone; read in {}, the zone of `{name}` in the location `{text}`",
                c.place(),
                tz.name()
            ));
        }
    }
}

/// An agenda slot: a time range without a date, in document order.
struct Slot {
    reading: grammar::Reading,
    /// Dates written in the slot's table (`SOFAChannel#2 … 时间：2019-02-21`):
    /// a table about another day is another event's agenda.
    table_dates: Vec<grammar::PDate>,
}

/// The agenda: table rows and list lines that start with a time, labelled
/// time-only lines (`**时间：**14:15-14:45`), and the front matter's agenda.
fn agenda(
    body: &scan::Body<'_>,
    found: &scan::Scan,
    cands: &[Candidate],
    facts: &frontmatter::FmFacts,
) -> Vec<Slot> {
    let mut by_line: Vec<(usize, grammar::Reading, Vec<grammar::PDate>)> = Vec::new();
    let mut table_dates: Vec<grammar::PDate> = Vec::new();
    let mut table_rows: Vec<(usize, grammar::Reading)> = Vec::new();
    for i in 0..=body.lines.len() {
        let in_table = i < body.lines.len() && body.layout[i] == scan::Layout::Table;
        if in_table {
            if let Some(d) = grammar::read(&text::normalize(body.lines[i]), false).first {
                table_dates.push(d);
            }
            if let Some(r) = scan::agenda_slot(body, i) {
                table_rows.push((i + body.first_line, r));
            }
            continue;
        }
        by_line.extend(
            table_rows
                .drain(..)
                .map(|(l, r)| (l, r, table_dates.clone())),
        );
        table_dates.clear();
        if i == body.lines.len() || found.consumed[i] {
            continue;
        }
        if let Some(r) = scan::agenda_slot(body, i) {
            by_line.push((i + body.first_line, r, Vec::new()));
        }
    }
    for c in cands {
        if c.is_label() && c.reading.has_time() && !c.reading.has_date() {
            if let Some(l) = c.line {
                by_line.push((l, c.reading.clone(), Vec::new()));
            }
        }
    }
    by_line.sort_by_key(|(l, _, _)| *l);
    let mut out: Vec<Slot> = facts
        .agenda
        .iter()
        .map(|a| Slot {
            reading: a.reading.clone(),
            table_dates: Vec::new(),
        })
        .collect();
    out.extend(by_line.into_iter().map(|(_, reading, table_dates)| Slot {
        reading,
        table_dates,
    }));
    out
}

/// The chosen statement after its other expressions, the post's other
/// statements and the agenda have completed it.
struct Decided<'a> {
    cand: &'a Candidate,
    res: Resolved,
    /// What was taken from elsewhere (`end from line 14 (直播时间)`).
    lent: Vec<String>,
    warnings: Vec<Warning>,
}

#[allow(clippy::too_many_arguments)]
fn settle<'a>(
    judged: &choose::Judged<'a>,
    c: &'a Candidate,
    r: &Resolved,
    ctx: &Ctx,
    hints: &[YearHint],
    agenda: &[Slot],
    length: Option<&(Duration, String)>,
) -> Decided<'a> {
    let mut res = r.clone();
    let mut lent = Vec::new();
    let s = slots::slots(c, r, ctx, hints);
    res.value = s.value;
    res.sessions = s.sessions;
    if s.zone_confirmed {
        res.zone_note = None;
    }
    let mut notes: Vec<(WarningKind, String)> = res.all_notes().collect();
    notes.extend(s.notes);
    notes.extend(
        c.place_note
            .iter()
            .map(|n| (WarningKind::AmbiguousTime, n.clone())),
    );
    let mut sessions_from: Vec<usize> = Vec::new();
    let mut extra_notes: Vec<(WarningKind, String, Option<Line>)> = Vec::new();

    // Sessions written one per list item, or under parallel headings.
    let siblings: Vec<usize> = (0..judged.cands.len())
        .filter(|&j| {
            let o = &judged.cands[j];
            !std::ptr::eq(o, c)
                && judged.eligible[j]
                && o.source != Source::Link
                && o.reading.has_time()
                && c.parallel(o)
        })
        .collect();
    if !siblings.is_empty() {
        let mut all = if res.sessions.is_empty() {
            vec![res.value.clone()]
        } else {
            res.sessions.clone()
        };
        let mut sibling_notes = Vec::new();
        for &j in &siblings {
            if let Ok(o) = &judged.resolved[j] {
                let os = slots::slots(&judged.cands[j], o, ctx, hints);
                if os.sessions.is_empty() {
                    all.push(os.value);
                } else {
                    all.extend(os.sessions);
                }
                // A typo in another session is worth fixing too.
                let line = judged.cands[j].line;
                sibling_notes.extend(
                    o.notes
                        .iter()
                        .chain(&os.notes)
                        .filter(|(k, _)| {
                            matches!(k, WarningKind::WeekdayMismatch | WarningKind::ZonesDisagree)
                        })
                        .map(|(k, m)| (*k, m.clone(), line)),
                );
            }
        }
        let all = slots::ordered(all);
        if all.len() > 1 {
            res.value = resolve::span(&all);
            res.sessions = all;
            lent.push(format!(
                "sessions from lines {}",
                siblings
                    .iter()
                    .filter_map(|&j| judged.cands[j].line)
                    .map(|l| l.to_string())
                    .collect::<Vec<_>>()
                    .join(", ")
            ));
            sessions_from = siblings.clone();
            extra_notes = sibling_notes;
        }
    }

    if res.sessions.is_empty() {
        complete_from_others(judged, c, &mut res.value, &mut lent);
        if let Some((value, sessions, from)) = hours_from_time_lines(judged, &res.value, ctx, hints)
        {
            res.value = value;
            res.sessions = sessions;
            lent.push(format!("hours from {from}"));
        }
        if let Some(v) = agenda_bounds(agenda, &res.value, ctx, hints) {
            res.value = v;
            lent.push("hours from the agenda (first start, last end)".to_string());
        }
    }
    apply_length(&mut res, length, ctx, &mut lent);

    let line = c.line;
    let mut warnings: Vec<Warning> = notes
        .into_iter()
        .map(|(k, m)| Warning::new(k, line, m))
        .collect();
    warnings.extend(
        extra_notes
            .into_iter()
            .map(|(k, m, l)| Warning::new(k, l, m)),
    );
    warnings.extend(conflicts(judged, c, &res.value, &sessions_from));
    Decided {
        cand: c,
        res,
        lent,
        warnings,
    }
}

/// Another statement that agrees with the chosen one lends what it lacks:
/// the hours of a day, or a stated end for the same start. A labelled line
/// or a summary that gives the same clock start on another day (a date
/// copied from an earlier post with the slot: `直播时间：2020年5月28日
/// 20:00-21:00` under `活动时间：7 月 22 日晚 8 点`) still lends its end.
fn complete_from_others(
    judged: &choose::Judged<'_>,
    c: &Candidate,
    value: &mut Value,
    lent: &mut Vec<String>,
) {
    for pass in [false, true] {
        for (j, o) in judged.cands.iter().enumerate() {
            if std::ptr::eq(o, c) || o.cues.excluded.is_some() || !o.reading.has_date() {
                continue;
            }
            let Ok(other) = &judged.resolved[j] else {
                continue;
            };
            if !other.sessions.is_empty() {
                continue;
            }
            if !pass {
                if agree(value, &other.value) {
                    let was_all_day = matches!(value, Value::AllDay { .. });
                    if resolve::complete(value, &other.value) {
                        let what = if was_all_day { "hours" } else { "end" };
                        lent.push(format!("{what} from {}", o.place()));
                    }
                }
                continue;
            }
            let same_slot_source = matches!(o.source, Source::Label(_) | Source::Summary);
            if let (
                true,
                Value::Timed {
                    start,
                    end_stated: false,
                    ..
                },
                Value::Timed {
                    start: s2,
                    end: e2,
                    end_stated: true,
                },
            ) = (same_slot_source, &*value, &other.value)
            {
                if start.time() == s2.time() && e2.date() == s2.date() {
                    let end = start.date().and_time(e2.time());
                    if end > *start {
                        *value = Value::Timed {
                            start: *start,
                            end,
                            end_stated: true,
                        };
                        lent.push(format!(
                            "end from {} (the same slot on another day)",
                            o.place()
                        ));
                    }
                }
            }
        }
    }
}

/// A day without hours, and a line that gives only hours: a labelled
/// time-only line, or a sentence, title or summary with announcement words
/// (`The meeting will run from 2pm to 3pm GMT`). Also the end of a start
/// written without one, from a time-only line with the same start
/// (`19：00 - 20：00` in the summary).
fn hours_from_time_lines(
    judged: &choose::Judged<'_>,
    value: &Value,
    ctx: &Ctx,
    hints: &[YearHint],
) -> Option<(Value, Vec<Value>, String)> {
    let (day, start) = match value {
        Value::AllDay { first, last } if first == last => (*first, None),
        Value::Timed {
            start,
            end_stated: false,
            ..
        } => (start.date(), Some(*start)),
        _ => return None,
    };
    // Not an agenda item (`### 19:00-19:05 主持人开场`): a labelled line, a
    // summary or title, or words that announce the event.
    let usable = |o: &Candidate| {
        o.reading.has_time()
            && !o.reading.has_date()
            && o.cues.excluded.is_none()
            && (matches!(
                o.source,
                Source::Label(Tier::Event) | Source::Summary | Source::Title
            ) || (o.source == Source::Prose && o.cues.event.is_some()))
    };
    for o in judged.cands.iter().filter(|o| usable(o)) {
        let mut on_day = o.clone();
        on_day.reading.first = Some(grammar::PDate::of(day));
        on_day.reading.last = None;
        for g in &mut on_day.more {
            if g.reading.first.is_none() {
                g.reading.first = Some(grammar::PDate::of(day));
            }
        }
        let Ok(r) = resolve::resolve(&on_day.reading, ctx, hints) else {
            continue;
        };
        let s = slots::slots(&on_day, &r, ctx, hints);
        match (start, &s.value) {
            (None, _) => return Some((s.value, s.sessions, o.place())),
            (
                Some(st),
                Value::Timed {
                    start: s2,
                    end_stated: true,
                    ..
                },
            ) if *s2 == st && s.sessions.is_empty() => {
                return Some((s.value, Vec::new(), o.place()));
            }
            _ => {}
        }
    }
    None
}

/// `ConflictingTimes` for statements of the same standing that say
/// something else: other labelled lines when a labelled line won; other
/// sentences with announcement words and a time when a sentence won.
fn conflicts(
    judged: &choose::Judged<'_>,
    chosen: &Candidate,
    value: &Value,
    sessions_from: &[usize],
) -> Vec<Warning> {
    let mut out = Vec::new();
    let mut extra = 0;
    for (j, c) in judged.cands.iter().enumerate() {
        if std::ptr::eq(c, chosen)
            || !c.reading.has_date()
            || c.cues.excluded.is_some()
            || sessions_from.contains(&j)
        {
            continue;
        }
        // Labelled lines and front-matter summaries always count; sentences
        // only with words that announce and a time, when a sentence won.
        let comparable = c.is_label()
            || c.source == Source::Summary
            || (!chosen.is_label()
                && c.source != Source::Link
                && c.cues.event.is_some()
                && c.reading.has_time()
                && (c.run.is_none() || c.run != chosen.run));
        if !comparable {
            continue;
        }
        let Ok(other) = &judged.resolved[j] else {
            continue;
        };
        // A part of a longer event (a talk inside a conference's days) is
        // no disagreement.
        if agree(value, &other.value)
            || other.sessions.iter().any(|s| agree(value, s))
            || within(&other.value, value)
        {
            continue;
        }
        if out.len() >= MAX_CONFLICTS {
            extra += 1;
            continue;
        }
        let tier_note = match (chosen.source, c.source) {
            (Source::Label(Tier::Event), Source::Label(Tier::Live)) => {
                " (the event line wins over the broadcast line)"
            }
            _ => "",
        };
        // A summary is front matter: that disagreement has its own kind.
        let kind = if c.source == Source::Summary || chosen.source == Source::Summary {
            WarningKind::FrontMatterDisagrees
        } else {
            WarningKind::ConflictingTimes
        };
        out.push(Warning::new(
            kind,
            c.line,
            format!(
                "{} says {}, but {} says {}; using {}{tier_note}",
                c.place(),
                describe(&other.value),
                chosen.place(),
                describe(value),
                chosen
                    .line
                    .map_or_else(|| chosen.place(), |l| format!("line {l}"))
            ),
        ));
    }
    if extra > 0 {
        if let Some(last) = out.last_mut() {
            last.message
                .push_str(&format!(" ({extra} more lines disagree too)"));
        }
    }
    out
}

/// Why labelled lines ranked above the chosen one could not be used.
fn skipped_warnings(judged: &choose::Judged<'_>) -> Vec<Warning> {
    judged
        .skipped
        .iter()
        .filter_map(|&i| {
            let c = &judged.cands[i];
            match &judged.resolved[i] {
                Err(Failure::YearUnknown(m)) => {
                    Some(Warning::new(WarningKind::YearUnknown, c.line, m.clone()))
                }
                Err(Failure::Invalid(m)) => Some(Warning::new(
                    WarningKind::NoEventTime,
                    c.line,
                    format!("{}: {m}", c.place()),
                )),
                _ => None,
            }
        })
        .collect()
}

enum FmOutcome {
    /// The front matter is the event (with its warnings).
    FrontMatter(Resolved, Evidence, Vec<Warning>),
    /// The prose covers more of the event than the front matter: this
    /// warning, then the prose's decision.
    Prose(Warning),
}

fn from_front_matter(
    fm: &frontmatter::FmReading,
    facts: &frontmatter::FmFacts,
    prose: Option<&Decided<'_>>,
    ctx: &Ctx,
    hints: &[YearHint],
    agenda: &[Slot],
    length: Option<&(Duration, String)>,
) -> Result<FmOutcome, Warning> {
    let fm_line = fm.line;
    let keys = fm.keys.join(", ");
    let mut res = match resolve::resolve(&fm.reading, ctx, hints) {
        Ok(r) => r,
        Err(Failure::YearUnknown(msg)) => {
            return Err(Warning::new(WarningKind::YearUnknown, fm_line, msg))
        }
        Err(Failure::NoDate) => {
            return Err(Warning::new(
                WarningKind::FrontMatterField,
                fm_line,
                format!("front matter ({keys}) gives a time but no date; ignored"),
            ))
        }
        Err(Failure::Invalid(msg)) => {
            return Err(Warning::new(
                WarningKind::FrontMatterField,
                fm_line,
                format!("front matter ({keys}): {msg}; ignored"),
            ))
        }
    };
    // Dated list items after the first: sessions.
    if res.sessions.is_empty() && !facts.sessions.is_empty() {
        let mut all = vec![res.value.clone()];
        for s in &facts.sessions {
            if let Ok(r) = resolve::resolve(&s.reading, ctx, hints) {
                all.push(r.value);
            }
        }
        let all = slots::ordered(all);
        if all.len() > 1 {
            res.value = resolve::span(&all);
            res.sessions = all;
        }
    }
    let mut evidence = Evidence {
        line: fm_line,
        text: format!("front matter: {keys}"),
    };
    let mut warnings = Vec::new();
    if let Some(p) = prose {
        let c = p.cand;
        if resolve::covers_more(&p.res.value, &res.value)
            || (res.sessions.is_empty()
                && p.res.sessions.len() > 1
                && agree(&res.value, &p.res.sessions[0]))
        {
            return Ok(FmOutcome::Prose(Warning::new(
                WarningKind::FrontMatterDisagrees,
                fm_line,
                format!(
                    "front matter ({keys}) says {}, but {} says {}, which covers more of the \
                     event; using {}",
                    describe(&res.value),
                    c.place(),
                    describe(&p.res.value),
                    c.line.map_or_else(|| c.place(), |l| format!("line {l}"))
                ),
            )));
        } else if agree(&res.value, &p.res.value) {
            if resolve::complete(&mut res.value, &p.res.value) {
                evidence
                    .text
                    .push_str(&format!("; hours from {}", c.place()));
            }
        } else if (c.is_label() || days_overlap(&res.value, &p.res.value))
            && !within(&p.res.value, &res.value)
        {
            // A sentence about another day is most likely another event
            // (`the follow-up co-working on April 29`); a labelled line, or
            // other hours on the same day, is this event told twice.
            warnings.push(Warning::new(
                WarningKind::FrontMatterDisagrees,
                c.line,
                format!(
                    "front matter ({keys}) says {}, but {} says {}; using the front matter",
                    describe(&res.value),
                    c.place(),
                    describe(&p.res.value)
                ),
            ));
        }
        // The prose's own inconsistencies stay worth fixing.
        warnings.extend(
            p.warnings
                .iter()
                .filter(|w| w.kind == WarningKind::ZonesDisagree)
                .cloned(),
        );
    }
    let mut notes: Vec<Warning> = res
        .all_notes()
        .map(|(k, m)| Warning::new(k, fm_line, m))
        .collect();
    notes.append(&mut warnings);
    if let Some(bound) = agenda_bounds(agenda, &res.value, ctx, hints) {
        res.value = bound;
        evidence.text.push_str("; hours from the agenda");
    }
    let mut lent = Vec::new();
    apply_length(&mut res, length, ctx, &mut lent);
    for l in lent {
        evidence.text.push_str(&format!("; {l}"));
    }
    notes.extend(
        fm.notes
            .iter()
            .map(|n| Warning::new(WarningKind::AmbiguousTime, fm_line, n)),
    );
    Ok(FmOutcome::FrontMatter(res, evidence, notes))
}

/// Whether `inner` lies inside `outer` (a talk inside a conference's span).
fn within(inner: &Value, outer: &Value) -> bool {
    match (inner, outer) {
        (
            Value::Timed { start, end, .. },
            Value::Timed {
                start: s2, end: e2, ..
            },
        ) => start >= s2 && end <= e2 && (s2.date() != e2.date()),
        _ => {
            // Days of a programme: a day's slack for an opening the evening
            // before in another zone.
            let (a0, a1) = resolve::day_span(inner);
            let (b0, b1) = resolve::day_span(outer);
            let slack = Duration::days(1);
            b0 < b1 && a0 + slack >= b0 && a1 <= b1 + slack
        }
    }
}

/// Whether two values share a day.
fn days_overlap(a: &Value, b: &Value) -> bool {
    let (a0, a1) = resolve::day_span(a);
    let (b0, b1) = resolve::day_span(b);
    a0 <= b1 && b0 <= a1
}

fn finish(
    res: Resolved,
    evidence: Evidence,
    reason: Option<String>,
    zone: Tz,
    warnings: Vec<Warning>,
) -> EventDecision {
    let when_of = |v: &Value| match *v {
        Value::Timed {
            start,
            end,
            end_stated,
        } => EventWhen::Timed {
            start,
            end,
            end_stated,
            zone,
        },
        Value::AllDay { first, last } => EventWhen::AllDay { first, last },
    };
    EventDecision {
        when: Some(when_of(&res.value)),
        evidence: Some(evidence),
        year_rule: Some(res.year_rule),
        sessions: res.sessions.iter().map(when_of).collect(),
        reason,
        warnings,
    }
}

/// An event known by its day only, whose post lists an agenda: the first
/// slot's start and the last slot's end bound it (slots in order, all on
/// that day).
fn agenda_bounds(agenda: &[Slot], v: &Value, ctx: &Ctx, hints: &[YearHint]) -> Option<Value> {
    // A day without hours: the first slot's start to the last slot's end.
    // A start without an end that is one of the slots' starts (`19:00` and
    // `18:50-19:00 主持人开场`, `19:00-19:30 …`): the last slot's end.
    let (day, known_start) = match v {
        Value::AllDay { first, last } if first == last => (*first, None),
        Value::Timed {
            start,
            end_stated: false,
            ..
        } => (start.date(), Some(*start)),
        _ => return None,
    };
    use chrono::Datelike;
    let on_this_day = |d: &grammar::PDate| {
        (d.m, d.d) == (day.month(), day.day()) && d.y.is_none_or(|y| y == day.year())
    };
    let agenda: Vec<&Slot> = agenda
        .iter()
        .filter(|a| a.table_dates.iter().all(on_this_day))
        .collect();
    if agenda.is_empty() {
        return None;
    }
    let on_day = |r: &grammar::Reading| {
        let mut r = r.clone();
        r.first = Some(grammar::PDate::of(day));
        r.last = None;
        resolve::resolve(&r, ctx, hints).ok().map(|x| x.value)
    };
    let slots: Vec<Value> = agenda.iter().filter_map(|a| on_day(&a.reading)).collect();
    let starts: Vec<NaiveDateTime> = slots
        .iter()
        .filter_map(|v| match v {
            Value::Timed { start, .. } => Some(*start),
            Value::AllDay { .. } => None,
        })
        .collect();
    // In order, or it is not one agenda.
    if starts.windows(2).any(|w| w[1] < w[0]) {
        return None;
    }
    let start = match known_start {
        Some(s) if starts.contains(&s) => s,
        Some(_) => return None,
        None => *starts.first()?,
    };
    match slots.last()? {
        Value::Timed {
            end,
            end_stated: true,
            ..
        } if *end > start && end.date() == day => Some(Value::Timed {
            start,
            end: *end,
            end_stated: true,
        }),
        _ => None,
    }
}

/// The length the post states for its event (`In this 1-hour community
/// call`, `本次分享将用 50 分钟`): the summaries first, then the body.
fn stated_length(
    input: &WhenInput<'_>,
    body: &scan::Body<'_>,
    facts: &frontmatter::FmFacts,
) -> Option<(Duration, String)> {
    facts
        .prose
        .iter()
        .map(|(_, t, _)| t.as_str())
        .chain(std::iter::once(input.title))
        .chain(
            body.lines
                .iter()
                .zip(&body.layout)
                .filter(|(_, l)| !matches!(l, scan::Layout::Hidden | scan::Layout::Table))
                .map(|(line, _)| *line),
        )
        .filter(|t| {
            // Only lines that can hold a length are normalized and searched.
            let lower = t.to_ascii_lowercase();
            t.contains("分钟")
                || t.contains("小时")
                || lower.contains("hour")
                || lower.contains("min")
                || lower.contains("hr")
        })
        .find_map(|t| cues::stated_length(&text::normalize(t)))
}

/// A start without an end, and a length the post states: the end.
fn apply_length(
    res: &mut Resolved,
    length: Option<&(Duration, String)>,
    ctx: &Ctx,
    lent: &mut Vec<String>,
) {
    let Some((d, words)) = length else {
        return;
    };
    let mut used = false;
    let mut set = |v: &mut Value| {
        if let Value::Timed {
            start,
            end,
            end_stated,
        } = v
        {
            if !*end_stated {
                *end = resolve::add_length(*start, *d, ctx.zone);
                *end_stated = true;
                used = true;
            }
        }
    };
    set(&mut res.value);
    for s in &mut res.sessions {
        set(s);
    }
    if !res.sessions.is_empty() {
        res.value = resolve::span(&res.sessions);
    }
    if used {
        lent.push(format!("length from `{words}`"));
    }
}

/// Years written with a month/day, by month/day (first one wins).
fn year_hints(cands: &[Candidate]) -> Vec<YearHint> {
    let mut seen: HashMap<(u32, u32), YearHint> = HashMap::new();
    let mut order = Vec::new();
    for c in cands {
        if c.cues.excluded.is_some() {
            continue;
        }
        for d in [c.reading.first.as_ref(), c.reading.last.as_ref()]
            .into_iter()
            .flatten()
        {
            if let Some(y) = d.y {
                seen.entry((d.m, d.d)).or_insert_with(|| {
                    order.push((d.m, d.d));
                    YearHint {
                        m: d.m,
                        d: d.d,
                        y,
                        line: c.line,
                    }
                });
            }
        }
    }
    order.into_iter().filter_map(|k| seen.remove(&k)).collect()
}

fn no_event_time(found: &scan::Scan, judged: &choose::Judged<'_>) -> Warning {
    let cands = judged.cands;
    if let Some(c) = cands
        .iter()
        .find(|c| c.is_label() && c.reading.has_time() && !c.reading.has_date())
    {
        return Warning::new(
            WarningKind::NoEventTime,
            c.line,
            format!(
                "{} gives a time but no line gives its date; add one, e.g. \
                 `- 日期：2024 年 5 月 18 日`, or write {EXAMPLE}",
                c.place()
            ),
        );
    }
    if let Some(u) = found.unreadable.first() {
        return Warning::new(
            WarningKind::NoEventTime,
            Some(u.line),
            format!(
                "line {} is labelled {} but no date or time could be read from `{}`; write it \
                 like {EXAMPLE}",
                u.line, u.label, u.text
            ),
        );
    }
    let base = format!(
        "no line labelled 活动时间/时间/Time/Date… and no sentence that announces a date \
         found; add one, e.g. {EXAMPLE}"
    );
    if let Some(c) = cands
        .iter()
        .find(|c| c.reading.has_date() && c.cues.excluded.is_some())
    {
        let why = c.cues.excluded.map_or("", |e| e.describe());
        return Warning::new(
            WarningKind::NoEventTime,
            c.line,
            format!(
                "{base} ({} has a date, but it reads as {why}: `{}`)",
                c.place(),
                c.text
            ),
        );
    }
    match cands
        .iter()
        .find(|c| c.reading.has_date() && matches!(c.source, Source::Prose))
    {
        Some(c) => Warning::new(
            WarningKind::NoEventTime,
            c.line,
            format!(
                "{base} ({} has a date without a label, a time or words that announce it: `{}`)",
                c.place(),
                c.text
            ),
        ),
        None => Warning::new(WarningKind::NoEventTime, None, base),
    }
}

#[cfg(test)]
mod tests;
