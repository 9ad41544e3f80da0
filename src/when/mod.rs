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

mod frontmatter;
mod grammar;
mod resolve;
mod scan;
mod text;
mod year;
mod zone;

use std::collections::HashMap;

use chrono::{Duration, NaiveDate};
use chrono_tz::Tz;

use crate::model::{EventDecision, EventWhen, Evidence, Line, Warning, WarningKind};

use resolve::{agree, describe, Ctx, Failure, Resolved, Value};
use scan::{Candidate, Tier};
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
    let facts = frontmatter::read_front_matter(input.front_matter, input.event_keys, &mut warnings);
    let fm = facts.event;
    let body = scan::Body::new(input.body, input.body_first_line);
    let found = scan::scan_body(&body);
    let hints = year_hints(&found.candidates);
    let prose = Prose::decide(&found.candidates, &ctx, &hints);

    if let Some(fm) = fm {
        let fm_line = fm.line;
        match resolve::resolve(&fm.reading, &ctx, &hints) {
            Ok(res) => {
                let mut res = res;
                let mut evidence = Evidence {
                    line: fm_line,
                    text: format!("front matter: {}", fm.keys.join(", ")),
                };
                if let Some((c, p)) = prose.chosen() {
                    if resolve::covers_more(&p.value, &res.value) {
                        warnings.push(Warning::new(
                            WarningKind::FrontMatterDisagrees,
                            fm_line,
                            format!(
                                "front matter ({}) says {}, but line {} ({}) says {}, which \
                                 covers more of the event; using line {}",
                                fm.keys.join(", "),
                                describe(&res.value),
                                c.line,
                                c.label,
                                describe(&p.value),
                                c.line
                            ),
                        ));
                        let mut res = p.clone();
                        warnings.extend(
                            res.notes
                                .iter()
                                .map(|(k, m)| Warning::new(*k, Some(c.line), m)),
                        );
                        warnings.extend(prose.conflicts(&mut res));
                        let evidence = Evidence {
                            line: Some(c.line),
                            text: c.text.clone(),
                        };
                        return finish(res, evidence, input.zone, warnings);
                    } else if agree(&res.value, &p.value) {
                        if resolve::complete(&mut res.value, &p.value) {
                            evidence
                                .text
                                .push_str(&format!("; hours from line {} ({})", c.line, c.label));
                        }
                    } else {
                        warnings.push(Warning::new(
                            WarningKind::FrontMatterDisagrees,
                            Some(c.line),
                            format!(
                                "front matter ({}) says {}, but line {} ({}) says {}; using the \
                                 front matter",
                                fm.keys.join(", "),
                                describe(&res.value),
                                c.line,
                                c.label,
                                describe(&p.value)
                            ),
                        ));
                    }
                }
                warnings.extend(res.notes.iter().map(|(k, m)| Warning::new(*k, fm_line, m)));
                if let Some(bound) = agenda_bounds(&facts.agenda, &res.value, &ctx, &hints) {
                    res.value = bound;
                    evidence.text.push_str("; hours from the agenda");
                }
                return finish(res, evidence, input.zone, warnings);
            }
            Err(Failure::YearUnknown(msg)) => {
                warnings.push(Warning::new(WarningKind::YearUnknown, fm_line, msg));
            }
            Err(Failure::NoDate) => warnings.push(Warning::new(
                WarningKind::FrontMatterField,
                fm_line,
                format!(
                    "front matter ({}) gives a time but no date; ignored",
                    fm.keys.join(", ")
                ),
            )),
            Err(Failure::Invalid(msg)) => warnings.push(Warning::new(
                WarningKind::FrontMatterField,
                fm_line,
                format!("front matter ({}): {msg}; ignored", fm.keys.join(", ")),
            )),
        }
    }

    warnings.extend(prose.skipped_warnings());
    match prose.chosen() {
        Some((c, res)) => {
            let mut res = res.clone();
            warnings.extend(
                res.notes
                    .iter()
                    .map(|(k, m)| Warning::new(*k, Some(c.line), m)),
            );
            warnings.extend(prose.conflicts(&mut res));
            let evidence = Evidence {
                line: Some(c.line),
                text: c.text.clone(),
            };
            finish(res, evidence, input.zone, warnings)
        }
        None => {
            if !warnings
                .iter()
                .any(|w| matches!(w.kind, WarningKind::YearUnknown | WarningKind::NoEventTime))
            {
                warnings.push(no_event_time(&body, &found, &prose));
            }
            EventDecision {
                when: None,
                evidence: None,
                year_rule: None,
                sessions: Vec::new(),
                warnings,
            }
        }
    }
}

fn finish(res: Resolved, evidence: Evidence, zone: Tz, warnings: Vec<Warning>) -> EventDecision {
    let when = match res.value {
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
        when: Some(when),
        evidence: Some(evidence),
        year_rule: Some(res.year_rule),
        sessions: Vec::new(),
        warnings,
    }
}

/// An event known by its day only, whose post lists an agenda: the first
/// slot's start and the last slot's end bound it (slots in order, all on
/// that day).
fn agenda_bounds(
    agenda: &[frontmatter::FmReading],
    v: &Value,
    ctx: &Ctx,
    hints: &[YearHint],
) -> Option<Value> {
    let Value::AllDay { first, last } = v else {
        return None;
    };
    if first != last || agenda.is_empty() {
        return None;
    }
    let on_day = |r: &grammar::Reading| {
        let mut r = r.clone();
        r.first = Some(grammar::PDate::of(*first));
        r.last = None;
        resolve::resolve(&r, ctx, hints).ok()
    };
    let open = on_day(&agenda.first()?.reading)?;
    let close = on_day(&agenda.last()?.reading)?;
    match (open.value, close.value) {
        (
            Value::Timed { start, .. },
            Value::Timed {
                end,
                end_stated: true,
                ..
            },
        ) if end > start && end.date() == *first => Some(Value::Timed {
            start,
            end,
            end_stated: true,
        }),
        _ => None,
    }
}

/// Years written on labelled lines, by month/day (first one wins).
fn year_hints(cands: &[Candidate]) -> Vec<YearHint> {
    let mut seen: HashMap<(u32, u32), YearHint> = HashMap::new();
    let mut order = Vec::new();
    for c in cands {
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
                        line: Some(c.line),
                    }
                });
            }
        }
    }
    order.into_iter().filter_map(|k| seen.remove(&k)).collect()
}

/// The body's candidates, resolved, and which one is used.
struct Prose<'a> {
    cands: &'a [Candidate],
    resolved: Vec<Result<Resolved, Failure>>,
    chosen: Option<usize>,
    /// Dated candidates preferred over the chosen one that could not be used.
    skipped: Vec<usize>,
}

impl<'a> Prose<'a> {
    fn decide(cands: &'a [Candidate], ctx: &Ctx, hints: &[YearHint]) -> Prose<'a> {
        let resolved: Vec<_> = cands
            .iter()
            .map(|c| resolve::resolve(&c.reading, ctx, hints))
            .collect();
        let mut order: Vec<usize> = (0..cands.len())
            .filter(|&i| cands[i].reading.has_date())
            .collect();
        // Stable: document order within a tier.
        order.sort_by_key(|&i| cands[i].tier);
        let mut skipped = Vec::new();
        let mut chosen = None;
        for i in order {
            if resolved[i].is_ok() {
                chosen = Some(i);
                break;
            }
            skipped.push(i);
        }
        Prose {
            cands,
            resolved,
            chosen,
            skipped,
        }
    }

    fn chosen(&self) -> Option<(&'a Candidate, &Resolved)> {
        let i = self.chosen?;
        let r = self.resolved[i].as_ref().ok()?;
        Some((&self.cands[i], r))
    }

    /// Why preferred lines were passed over (`YearUnknown`, impossible dates).
    fn skipped_warnings(&self) -> Vec<Warning> {
        self.skipped
            .iter()
            .filter_map(|&i| {
                let c = &self.cands[i];
                match &self.resolved[i] {
                    Err(Failure::YearUnknown(m)) => Some(Warning::new(
                        WarningKind::YearUnknown,
                        Some(c.line),
                        m.clone(),
                    )),
                    Err(Failure::Invalid(m)) => Some(Warning::new(
                        WarningKind::NoEventTime,
                        Some(c.line),
                        format!("line {} ({}): {m}", c.line, c.label),
                    )),
                    _ => None,
                }
            })
            .collect()
    }

    /// `ConflictingTimes` for every other dated line that says something
    /// else; an end stated only on an agreeing line is taken over.
    fn conflicts(&self, res: &mut Resolved) -> Vec<Warning> {
        let Some(ci) = self.chosen else {
            return Vec::new();
        };
        let chosen = &self.cands[ci];
        let mut out = Vec::new();
        let mut extra = 0;
        for (i, c) in self.cands.iter().enumerate() {
            if i == ci || !c.reading.has_date() {
                continue;
            }
            let Ok(other) = &self.resolved[i] else {
                continue;
            };
            if agree(&res.value, &other.value) {
                if let (
                    Value::Timed {
                        start,
                        end,
                        end_stated,
                    },
                    Value::Timed {
                        start: s2,
                        end: e2,
                        end_stated: true,
                    },
                ) = (&mut res.value, &other.value)
                {
                    if !*end_stated && start == s2 {
                        *end = *e2;
                        *end_stated = true;
                    }
                }
                continue;
            }
            if out.len() >= MAX_CONFLICTS {
                extra += 1;
                continue;
            }
            let tier_note = match (chosen.tier, c.tier) {
                (Tier::Event, Tier::Live) => " (the event line wins over the broadcast line)",
                _ => "",
            };
            out.push(Warning::new(
                WarningKind::ConflictingTimes,
                Some(c.line),
                format!(
                    "line {} ({}) says {}, but line {} ({}) says {}; using line {}{tier_note}",
                    c.line,
                    c.label,
                    describe(&other.value),
                    chosen.line,
                    chosen.label,
                    describe(&res.value),
                    chosen.line
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
}

fn no_event_time(body: &scan::Body<'_>, found: &scan::Scan, prose: &Prose<'_>) -> Warning {
    if let Some(i) = prose
        .cands
        .iter()
        .position(|c| c.reading.has_time() && !c.reading.has_date())
    {
        let c = &prose.cands[i];
        return Warning::new(
            WarningKind::NoEventTime,
            Some(c.line),
            format!(
                "line {} ({}) gives a time but no line gives its date; add one, e.g. \
                 `- 日期：2024 年 5 月 18 日`, or write {EXAMPLE}",
                c.line, c.label
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
    let base = format!("no line labelled 活动时间/时间/Time/Date… found; add one, e.g. {EXAMPLE}");
    match scan::unlabelled_date_in(body) {
        Some((line, text)) => Warning::new(
            WarningKind::NoEventTime,
            Some(line),
            format!("{base} (line {line} has a date without a label: `{text}`)"),
        ),
        None => Warning::new(WarningKind::NoEventTime, None, base),
    }
}

#[cfg(test)]
mod tests;
