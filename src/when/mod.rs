//! Event time: reads when an event happens from a post's front matter,
//! title, summaries and prose, and says how sure it is.
//!
//! The rule behind every choice below: a silently wrong start time is the
//! worst outcome, so when the text leaves something open the decision is
//! written down (in [`EventDecision::year_rule`], [`EventDecision::reason`]
//! or a [`Warning`]) rather than guessed quietly. Times are local wall
//! times in [`WhenInput::zone`]; conversion to instants is left to the
//! renderers.
//!
//! # Where the time is read
//!
//! 1. **Front matter** (module `frontmatter`). Every scalar arrives as a
//!    [`FrontMatterValue`]; the config's `[event_keys]` ([`EventKeys`]) maps
//!    key paths to a [`KeyRole`], other keys are read by their common names:
//!    `start`/`startDate`/`dateStart`/`start_date`/`begin` (start),
//!    `end`/`endDate`/`dateEnd`/`finish` (end), `eventDate`/`event_date`/
//!    `hostDate` (day, maybe hours), `eventTime`/`hostTime` (hours),
//!    `timezone`/`tz` (zone); inside `event:`/`meeting:`/`meetup:`/
//!    `session:`/`webinar:` also `date`, `time`, `from`, `until`; in any other
//!    block (`section1: {time: …}`) `date`/`time`/`when` as free text; Zola
//!    `[extra]` and Hugo `params:` count as the top level. A time key that
//!    continues the date (`date: 2024-09-19`, `time: / 20 中午及傍晚`, a layout
//!    that prints them side by side) gives the last day. The top-level
//!    `date` is the publication date and never pairs with a top-level `time`.
//!    Dated list items are further sessions, time-only ones an agenda; a day
//!    without hours beside timed list items (`event_date: "July 16, 2019"`
//!    over `time: [[{start: …Z, end: …Z}]]`) only labels them (warned when
//!    on none of their days), and the same days written twice are one event.
//!    `all_day: true` (`allDay`, `is_all_day`) keeps the days, drops the hours. A zone
//!    comes from the value itself, a `timezone:` key, a comment on the key's
//!    line (`dateStart: 2026-09-01T12:00:00 # UTC!!`), a comment on another
//!    line whose value is written the same, or — with `ambiguous-time` — a
//!    `location` naming a city of another zone than the site's. An end
//!    written the same as the start states no end; then a value whose comment
//!    declares it the end's copy (`date: … # same as dateEnd`) but writes
//!    another time is the end, with `conflicting-times` (no end when it is
//!    only the start's instant in UTC).
//! 2. **Labelled body lines** (module `scan`): a label, then `：`/`:` (or
//!    `【时间】…`), bold or not, after a list marker, quote or emoji. A label is
//!    a time word (`时间`, `日期`, `日期/时间`, `Time`, `Date`, `When`,
//!    `Date & Time`, …) alone or after an event noun (`活动时间`, `会议日期/时间`,
//!    `Meeting Date/time`, `Meetup time`); after a broadcast noun (`直播时间`,
//!    `Live time`, `Livestream`) it is trusted less. A label alone on its line
//!    (`## 直播时间`, `### When`, `**活动时间**`) takes the next line; a date-only
//!    value takes a time-only line below it; a time-only value the dates of a
//!    table just below that writes one per column (`| 9月 | 10月 |` over
//!    `| 25日 | 30日 |`); a `日期` line and a `时间` line at
//!    most 3 lines apart combine. Other labels (`报名时间`, `截止时间`,
//!    `Deadline`) are not event times.
//! 3. **Sentences** (module `prose`): every paragraph (soft-wrapped lines
//!    joined), list item (with its continuation lines) and heading that is
//!    not a labelled line, code, a table or raw HTML, cut into sentences (a
//!    hard line break, two spaces or `<br>` at a line's end, ends one); a
//!    date-only line followed by a time-only line is one statement. In a
//!    report, a sentence that says the event began at a time (`2:30 分，活动
//!    正式开始`, `kicked off at 7pm`; or how long it went on, `活动从下午 2:30
//!    一直持续到下午 6:00`, `the party ran from 2 to 5pm`; `Cues::starts`) gives the hours
//!    of a day written without them, in the part of the day that day names;
//!    a report told paragraph by paragraph, each opening with a time (three
//!    or more, in order: `下午 14:00，…` … `下午 17:30 左右，…都完成了`), is a
//!    timeline from its first time to its last;
//!    then a sentence that says it ended (`在 10 点时，…自由软件日圆满结束`,
//!    `the meetup wrapped up at 9pm`; `Cues::ends`; not `约…左右`) its end.
//!    Whether a date is reported or announced is judged in its own clause. A
//!    sentence that opens by pointing back at the day (`当日下午，…举办了…`,
//!    `On that day`) lends its words to the dated sentence before it; a time
//!    whose next sentence says the event began (`下午 2:30，…。…活动正式开始。`)
//!    is when it began.
//! 4. **The title and the front-matter summaries** (`description`,
//!    `summary`, `abstract`, `teaser`, `excerpt`, `subtitle`), read as
//!    sentences.
//! 5. **Time links** (module `links`): timeanddate.com fixed-time links
//!    (`iso=20191015T19&p1=1440`), Google Calendar templates (`dates=…`),
//!    `/Zone/YYYY-MM-DD/HH:MM` paths. Link targets are never read as prose,
//!    and a link to a position in a recording whose text starts with that
//!    position (`[5:37 — Demo](https://youtu.be/…?t=337)`) is a chapter mark,
//!    not a clock time; nor is a length (`1h 0m`, `1h30m`).
//! 6. **Agendas**: table rows and lines that start with a time, labelled
//!    time-only lines (`**时间：**14:15-14:45`), the front matter's agenda list.
//!
//! # Forms read (module `grammar`)
//!
//! | Part | Forms |
//! |------|-------|
//! | Date | `2019 年 11 月 24 日`, `04 月 15 日`, `6 月 24 号`, `十一月二十四日`, `12.18号`, `5.14` opening a statement that names and announces or reports an event (`5.14 Ubuntu 11.04 Release Party圆满结束`), `2023-11-04`, `2023/11/04`, `2023.11.04`, `Nov 4, 2023`, `November 4th 2023`, `March 2nd`, `24 June, 2019`, `4 Nov 2023`, `5 de febrero de 2026` |
//! | Date range | `2026 年 4 月 1 日-2026 年 4 月 25 日`, `4 月 1 日-25 日`, `11 月 4-5 日`, `Nov 4-5, 2023`, `August 21 to 23, 2024`, `22-23 April`, `from 8th to 19th May`, `14 July - 31 August`, `12 月 28 日 - 2024 年 1 月 3 日` |
//! | Days | `27&28 July`, `27 and 28 July` (two sessions), `3月19日与20日` (the day takes the month before), `8 月 31 日与 9 月 7 日` (all-day sessions; consecutive days are one span) |
//! | Relative day | `today`, `tonight`, `tomorrow`, `yesterday`, `this Saturday`, `this coming Monday`, `next Thursday`, `今天`, `今晚`, `明天`, `明晚`, `后天`, `昨天`, `昨晚`, `本周六`, `这周日`, `下周四`, `下星期二` |
//! | Weekday | `周四`, `星期日`, `礼拜天`, `（周六）`, `Monday`, `Thu.`, `jueves` — before or after the date |
//! | Time | `19:30`, `9:30:00`, `13：00`, `16h00`, `6.30pm` (a dot only with AM/PM, or before a range end that has it), `1500 UTC`, `16 UTC`, `19 点`, `19点30分`, `9时30分`, `8 点半`, `十点一刻`, `12点整`, `7 点钟`, `2pm`, `2:00 PM`, `11 a.m.`, `noon`, `12noon`, `midday`, `midnight`; an hour glued to a US zone (`12ET/11CT/10MT/9PT`, `12PMET`; `2ET` is 2 pm, warned) |
//! | Clue | 上午, 早上, 早晨, 清晨, 早, 中午, 下午, 午后, 傍晚, 晚, 晚上, 晚间, 今晚, 夜里, 夜间, 深夜, 凌晨, `AM`, `PM` |
//! | Range | `-`, `--`, `–`, `—`, `~`, `～`, `至`, `到`, `to`, `until`, `through`, `between … and …`; `次日`/`翌日`/`第二天`/`next day` before the end; `19-20 CET`, `5 to 6 pm` |
//! | Zone | `UTC`, `GMT`, `GMT+8`, `UTC+08:00`, `UTC -4`, `GMT+0800`, `+08:00`/`Z` glued to a time; abbreviations in capitals (`PST` … `NZDT`, `JST`, `IST`, `SGT`, `CET`, `BST`, …); `PT`/`ET`/`CT`/`MT`; regions after a time or with `time`/a qualifier (`Eastern`, `Pacific Time`, `US Central`, `North American Pacific`, `Europe Central`, `Central European Summer Time`, `Australian Western`); a city with `time` (`noon Boston time`, `Ukrainian time`) or before `-`/`:` at the start of a line (`Sydney: …`); IANA names (`Asia/Tokyo`, `America/Los Angeles`); `北京时间`, `美东时间`, `东京时间`, … |
//! | Series | `每天`, `每日`, `daily`, `every day`; `每周三、周四`, `every Tuesday and Thursday`, `Tuesdays` |
//!
//! Full-width digits and punctuation, Chinese numerals next to a unit
//! (`下午两点半`), struck-out text (dropped), zero-width characters and any
//! mix of spaces are accepted. A text may hold several expressions; what
//! joins them (`/`, `(`, `;`, `,`, `and`, `or`, `和`, `、`) is kept.
//!
//! # Which statement is the event
//!
//! See module `choose`: event-time labels first (the first one with a date),
//! then broadcast labels, then sentences, titles and summaries by a
//! documented score (announcing words, a clock time, the title, the first
//! paragraphs, future rather than past), then time links. History (`last
//! year`, `上一期`, `回顾`), deadlines (`deadline`, `apply by`, `截止`, `anywhere
//! on earth`), registration periods (`报名时间`, `registration opens`),
//! campaigns (`抽奖活动`, `评选活动`, `征集活动`, `giveaway`; for a labelled
//! line also its heading) and what `will be followed by` another statement
//! are never the event, nor is a notice's last line of only its own
//! front-matter date and time (its signature), nor are the items of a list of links to other
//! pages, each on its own day, mostly without announcing words (a
//! newsletter's calendar of other events). Registration that opens for an
//! event named by its day (`2011年3月20日GNU/Linux专场报名开始啦`) announces
//! that day. A
//! statement with a day and no hours needs announcing or reporting words
//! (`was held`, `举办了`), or for a title or summary a word that names an
//! event. A day without hours gives way to a statement with hours on it; a
//! title, summary or opening sentence announcing more than a week, or days
//! with none of the post's hours on the first (`July 06-09` over talks on the
//! 7th to the 9th), is the programme over the sessions inside it; a statement whose written weekday is not its date's
//! yields to one of the same clock time whose date is on that weekday; a
//! labelled line yields to an announcing sentence that starts the same day
//! at another time when the post's agenda starts at the sentence's time
//! (the label is warned as conflicting); a title that looks back on an event
//! (`Highlights from …`, `…回顾`) keeps the reported day over a later one.
//!
//! # Completing the chosen statement
//!
//! - Its other expressions (module `slots`): a restatement in another zone
//!   confirms the zone or lends an end; `and`/`or` joins sessions; a
//!   different instant in another zone is `zones-disagree`, and the UTC or
//!   offset reading wins.
//! - Another statement that agrees lends the hours of a day or a stated end
//!   for the same start; a labelled line or a summary with the same clock
//!   start on another day lends its end.
//! - A day without hours takes the hours of a time-only labelled line, or of
//!   a summary, title or announcing sentence that gives only hours (not one
//!   in a paragraph that names another day: those hours are that day's).
//! - An agenda bounds a day without hours (first start, last end; an agenda
//!   of starts only gives its first start and no end) and ends a start that
//!   is one of its slots; a table that names another day is not this
//!   event's agenda. A post that states no day but opens with an agenda of
//!   two slots or more (no dated line, title or summary before it) is that
//!   agenda on the post's date, and the year rule says so.
//! - A length the post states (`In this 1-hour call`, `in the ninety-minute
//!   sessions`, `Join us for 1.5 hours`, `本次分享将用 50 分钟`, 10 min – 12 h)
//!   ends a start written without an end; so does a front-matter `duration:
//!   60` (minutes), except beside a recording's keys (`chapters`, `video`,
//!   `youtube`, `….seconds`), where a bare number is the video's seconds.
//!
//! # Sessions
//!
//! [`EventDecision::sessions`] lists the meetings of an event that meets
//! more than once; `when` is then their span. Sessions come from a date
//! range with daily hours (`10 月 30 - 31 日，每天 9:00 - 17:00`, `22-23 April
//! | 8:00 am - 12:00 pm Eastern`; hours written before the days too), a
//! weekly series between two dates (`7 月 1 日至 8 月 31 日，每周三、周四
//! 19:00-20:00`), `and`-joined times or days (`10:00 UTC and 19:00 UTC`,
//! `27&28 July`), the items of one list, the dated rows of a table right
//! under a sentence that introduces it as the schedule (`时间安排如下：`, `at
//! the following times:`), statements under parallel headings
//! (`**Session 1**`/`**Session 2**`), the same label under headings of one
//! level (a `Date:` line per keynote), and dated front-matter list items (one
//! on another's day whose written weekday is not its date's is on the nearest
//! day with that weekday: `2020/5/6（周四）` under `2020/5/6（周三）` is 5/7). At
//! most 100 sessions are kept (`resolve::MAX_SESSIONS`, warned beyond); a
//! weekly series with no last day is its first session, warned.
//!
//! # Decisions
//!
//! - **Missing year.** Taken from the same month/day written with a year on
//!   another line or in the front matter, if within 366 days of the post
//!   date; else the year that puts the date nearest on or after the post date
//!   (post 2019-12-31, `1 月 9 日` → 2020-01-09); a statement that reports the
//!   event (`was held`, `已于 9 月 1 日…`) takes the nearest on or before the
//!   post date instead. A written weekday that
//!   disagrees with that year may pick the neighbouring year when it agrees,
//!   lies within 366 days of the post date and is closer to it; else the
//!   nearest-after year is kept and `weekday-mismatch` is raised. An inferred
//!   date 270 days or more after the post date raises `ambiguous-time`. No
//!   year and no post date: the last year folder of the post's path
//!   (`events/2023/kcseu/social.md`, [`WhenInput::path_year`]), else
//!   `year-unknown`, and no time. The rule used is recorded in `year_rule`.
//! - **Relative days** count from the post date (`下周四` is Thursday of the
//!   next week, `this coming Monday` and `next Thursday` the first such day
//!   after the post date, `本周六` the Saturday of the post's week), always
//!   with `ambiguous-time`; without a post date, `year-unknown`. A written
//!   date outranks a relative day.
//! - **Wrong weekday with a written year.** The written date is kept;
//!   `weekday-mismatch` names the nearest date on that weekday.
//! - **12-hour clues.** 下午/晚/晚上/傍晚/PM add 12 to hours 1–11 (`下午 13 点`
//!   stays 13:00); 中午 adds 12 to hours 1–5; 晚上/夜里 `12 点` is midnight at
//!   the end of the day; 凌晨 `12 点` and `12 AM` are 00:00. A start without a
//!   clue takes the end's (`2-4pm`), an end the start's (`下午 2 点到 5 点`),
//!   only when that keeps the start first. Hours 1–6 written without a clue
//!   or leading zero raise `ambiguous-time`. A report that says its event
//!   began at 1–7 `点`, or 1–5 however written, with no part of the day
//!   written (`七点整，全员大会正式开始`, nor on the date's sentence) began in
//!   the afternoon or evening:
//!   `点` is the 12-hour clock, and gatherings do not begin then in the
//!   morning; `ambiguous-time` says so.
//! - **No end.** `end = start + default_duration` (through the instant),
//!   `end_stated = false`, unless one of the completions above states one.
//! - **End before start.** With `次日` the end is on the next day; an end less
//!   than 12 hours after the start once moved to the next day crosses
//!   midnight (`22:00-02:00`); otherwise `end-before-start` and the default
//!   duration. A date range ending before it starts keeps its first day.
//! - **Only an end.** A separator right before the date (`即日起至 11 月 30
//!   日`) gives a one-day event with `ambiguous-time`.
//! - **Days without hours.** All-day (`AllDay { first, last }`); a date range
//!   with one time stays all-day with `ambiguous-time`.
//! - **No time.** `when: None` with `no-event-time`, whose message points at
//!   a labelled line that could not be read, a time without a date, a date
//!   that reads as history, a deadline or registration, or a date nothing
//!   announces.
//! - **Other zones.** A time written in another zone is converted through
//!   the instant to wall time in the site zone, possibly on another date
//!   (`12:00 UTC` on an Asia/Shanghai site is 20:00; `23:00 EDT` is 11:00 the
//!   next day). Abbreviations of a region that changes clocks (`EST`/`EDT`,
//!   `PST`, `CET`/`CEST`, `GMT`/`BST`, `AEST`, …) fit or do not fit the date:
//!   written on a date the region is on its other clock (`EST` in July, `CET`
//!   in July, `PST` on 2023-11-04), they are read as the region's clock that
//!   day (New York time), because people keep writing a region's usual
//!   abbreviation all year; `GMT` in British summer is read literally as
//!   UTC, because it is far more often another name of UTC than London's
//!   clock. Either way `ambiguous-time` says so, unless the slot written in
//!   another zone confirms one reading (`9-10 AM PDT / 5-6 PM GMT` in June is
//!   British summer time, silently). `CST` is the site zone on a site at UTC+8
//!   or on Central time, US Central on any other site in the Americas, else
//!   −06:00 with `ambiguous-time`; an offset in parentheses after it
//!   (`1:30pm CST (UTC-6)`) decides which CST. `北京时间` on a
//!   Shanghai site changes nothing. A written `UTC+8` during Shanghai's
//!   1986–1991 summer time is one hour later on the local clock.
//! - **A place's zone.** Times written without a zone, in a post whose
//!   front-matter location or labelled location line (`活动地点`, `Event
//!   Location`), else the address under a location heading (`### Location`,
//!   `**Venue**`), else every city the prose names after `in` (`this year
//!   in San Francisco`, when all are of one zone; not a country), else the
//!   city the folder's list page puts its events in (`_index.md`:
//!   `description: … hosted in Amsterdam`), names a city of another zone,
//!   are that city's wall times, with `ambiguous-time`.
//! - **Each meeting.** Hours without a day for each of the meetings
//!   (`Each meeting will run from 2pm to 3pm GMT`, `The two meetings in
//!   March …`, `每次会议时间为…`) hold on every day the post announces after
//!   its date (in that month): those are the sessions.
//! - **A day over its agenda.** A line that is only a day (`Tuesday,
//!   September 26th`) right above agenda slots is their day, when nothing
//!   else is the event; the slots are read in the place's zone as the
//!   post's other times are. `11:00 ~ 12:30 am` after a morning start ends
//!   at half past noon.
//! - **Listed elsewhere.** A post that opens with its own agenda (times
//!   without a day, before any dated line) is on the post's date; dated list
//!   items below it that link to a page (`- [Workshop, Thurs Sept 11 @5pm](…)`)
//!   point at other events.
//! - **A slot of the front matter's own days.** A time key that writes one
//!   of the day key's days in full with hours (`eventDate: 31 January & 1
//!   February 2026`, `time: Sunday 1 February 2026 13.00 - 17.00`) is the
//!   event; prose naming those days covers nothing more.
//! - **Last year's entry.** A front-matter day whose written weekday is not
//!   its date's (`eventDate: Sun, 2 Feb 2019`, a Saturday) lends no year; a
//!   prose line with the same day and weekday, which fit in the post's year
//!   (`Sunday, February 2nd` in 2020), wins, `front-matter-disagrees`.
//! - **A hand-converted copy.** A front-matter instant in UTC (or with an
//!   offset) exactly an hour off the prose's time on that day, written in a
//!   zone that changes clocks (`1-3pm ET`), is the slip of a conversion by
//!   hand (the other season's offset): the prose wins,
//!   `front-matter-disagrees`.
//! - **DST.** A wall time skipped by a spring-forward jump moves forward by
//!   the jump (RFC 5545), a wall time that happens twice is kept (calendars
//!   take the first), both with `ambiguous-time`.
//! - **Front matter and prose.** The front matter wins; a day without hours
//!   takes the prose's hours on that day, a start without an end the prose's
//!   end for that start (also a sentence that gives only hours, `take place
//!   on the second Thursday of the month, 12:00-1:00pm ET`), quietly. Prose that covers more days than the front
//!   matter, starting or ending with them (day 1 of a two-day event, the last
//!   day of a conference), wins, with `front-matter-disagrees`; when those
//!   are a few days without hours starting on the front matter's one timed
//!   day (`start: 2019-11-16 09:00`, `end: 2019-11-16 18:00` and `时间：2019
//!   年 11 月 16~17 日`), the front matter's hours hold on each of them.
//!   Otherwise a labelled line, or a statement on the same day, that says
//!   something else is `front-matter-disagrees` (a talk inside the front
//!   matter's multi-day span is not); a summary disagreeing with the body is
//!   `front-matter-disagrees` too. Other labelled lines, and announcing
//!   sentences with a time (about the same day, when a labelled line won),
//!   that disagree are `conflicting-times`, at most five; so is the sentence
//!   right above a list of sessions when it names a day none of them is on.
//!
//! # Cost
//!
//! Linear in the body length: each line is read once (prose lines only
//! when they hold a digit or a day word, at most 16 KB of a line and 600
//! characters of a sentence, at most 24 expressions per text), the grammar
//! is a hand-written tokenizer and parsers with bounded look-ahead, the cue
//! words are one `regex::RegexSet` pass, and statements are compared with the
//! chosen one only. A 200 KB adversarial body takes well under a second in
//! a debug build (see `tests/testsuite/when_props.rs`).

mod candidate;
mod choose;
mod cues;
mod frontmatter;
mod grammar;
mod links;
mod prose;
mod recurrence;
mod resolve;
mod scan;
mod slots;
mod text;
mod year;
mod zone;

use std::collections::HashMap;

use chrono::{Duration, NaiveDate, NaiveDateTime};
use chrono_tz::Tz;

pub use crate::event_keys::{EventKeys, KeyRole};
use crate::model::{
    EventDecision, EventWhen, Evidence, Line, Warning, WarningKind, FRONT_MATTER_EVIDENCE,
};

use candidate::{Candidate, Source, Tier};
/// Top-level front-matter keys that summarize the post (`description`,
/// `teaser`, …), read like its title.
pub(crate) use frontmatter::PROSE_KEYS as SUMMARY_KEYS;
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
    /// A year folder of the post's path (`events/2023/kcseu/social.md`): the
    /// year of a date written without one when the post has no date.
    pub path_year: Option<i32>,
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
    /// The front matter of the list page of the post's folder (Hugo's
    /// `_index.md`: `description: Contributor events at KubeCon, hosted in
    /// Amsterdam, Netherlands.`), as text; empty without one. A city it puts
    /// the events in gives zoneless times their clock when the post names
    /// no place of its own.
    pub section_front_matter: &'a str,
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
            path_year: None,
            title: "",
            front_matter: &[],
            event_keys: &NO_KEYS,
            zone: Tz::Asia__Shanghai,
            default_duration: Duration::hours(2),
            section_front_matter: "",
        }
    }
}

/// At most this many `ConflictingTimes` warnings per post; the last one
/// counts the rest.
const MAX_CONFLICTS: usize = 5;

/// The line a warning suggests writing, in the post's own script: a Chinese
/// example to a post in English helps nobody.
struct Example {
    full: &'static str,
    date: &'static str,
}

const EXAMPLE_ZH: Example = Example {
    full: "`- 活动时间：2024 年 5 月 18 日 14:00-17:00`",
    date: "`- 日期：2024 年 5 月 18 日`",
};

const EXAMPLE_EN: Example = Example {
    full: "`- Time: 18 May 2024, 14:00-17:00`",
    date: "`- Date: 18 May 2024`",
};

fn example_for(body: &str) -> &'static Example {
    let cjk = body
        .chars()
        .any(|c| ('\u{4E00}'..='\u{9FFF}').contains(&c) || ('\u{3040}'..='\u{30FF}').contains(&c));
    if cjk {
        &EXAMPLE_ZH
    } else {
        &EXAMPLE_EN
    }
}

/// Decide the event time of one post. Never panics, runs in linear time.
pub fn decide(input: &WhenInput<'_>) -> EventDecision {
    let mut d = decide_once(input);
    recurrence::apply(
        &mut d,
        input.front_matter,
        input.zone,
        input.default_duration,
        input.post_date,
    );
    d
}

/// The event as the post states it once; [`decide`] then repeats it by the
/// front matter's recurrence rule, if any.
fn decide_once(input: &WhenInput<'_>) -> EventDecision {
    let ctx = Ctx {
        post_date: input.post_date,
        path_year: input.path_year,
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
    let place = place_zones(
        &mut cands,
        &facts,
        &body,
        input.section_front_matter,
        input.zone,
    );
    reported_years(&mut cands, input.post_date);
    let agenda = Agenda {
        place,
        slots: std::cell::OnceCell::new(),
        body: &body,
        found: &found,
        cands: &cands,
        facts: &facts,
    };
    let mut hints = year_hints(&cands);
    // A year the front matter writes for a month/day lends it too
    // (`eventDate: '2023-11-15 16:30:00'` and `直播时间：11 月 15 日 16:30-18:00`).
    // Not a year its own written weekday does not fit (`eventDate: Sun, 2 Feb
    // 2019`, a Saturday): that is last year's entry half updated.
    let weekday_fits = |d: &grammar::PDate| {
        d.wd.as_ref().is_none_or(|w| {
            d.y.and_then(|y| NaiveDate::from_ymd_opt(y, d.m, d.d))
                .is_some_and(|day| chrono::Datelike::weekday(&day) == w.wd)
        })
    };
    for r in facts.event.iter().chain(&facts.sessions) {
        if let Some(d) = r.reading.first.as_ref().filter(|d| weekday_fits(d)) {
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
    let mut judged = choose::Judged::new(&cands, &ctx, &hints, cues::title_reports(input.title));
    agenda_settles_the_start(&mut judged, &agenda, &ctx, &hints);
    let length = stated_length(input, &body, &facts);
    let prose = judged
        .chosen()
        .map(|(c, r)| settle(&judged, c, r, &ctx, &hints, &agenda, length.as_ref()));

    // A post that opens with its own agenda (`5:00pm Meet and greet` /
    // `6:00pm Talks`, no day: the post's date) and further down lists other
    // events as links to their pages (`- [Park 102: Workshop, Thurs Sept 11
    // @5pm](https://…/events/…)`, `- Nov 13 @ 5pm: [Park 101](…)`): those
    // items point at events of their own; the post's is its agenda's.
    if facts.event.is_none() && prose.as_ref().is_some_and(|d| links_elsewhere(d.cand)) {
        if let Some((res, evidence)) =
            agenda_on_post_date(input.post_date, &agenda, &cands, &ctx, &hints)
        {
            let below = prose
                .as_ref()
                .and_then(|d| d.cand.line)
                .zip(evidence.line)
                .is_some_and(|(item, first)| item > first);
            if below {
                let reason = "the post opens its own agenda, on the post's date; the dated \
                              items below link to other events' pages"
                    .to_string();
                return finish(res, evidence, Some(reason), input.zone, warnings);
            }
        }
    }

    let prose = prose.map(|mut d| {
        each_meeting(&judged, &mut d, &ctx, &hints);
        d
    });

    // A campaign's own date (a call for user cases with `eventDate:`) is
    // when the campaign opens or closes, not something to attend: the
    // calendar would show an appointment nobody holds. Said, not dropped.
    let campaign = facts
        .event
        .as_ref()
        .and_then(|fm| campaign_front_matter(input, &facts, fm));
    if let Some(w) = campaign {
        warnings.push(w);
    } else if let Some(fm) = &facts.event {
        match from_front_matter(
            fm,
            &facts,
            &judged,
            prose.as_ref(),
            &ctx,
            &hints,
            &agenda,
            length.as_ref(),
        ) {
            Ok(FmOutcome::FrontMatter(mut res, evidence, mut w)) => {
                warnings.append(&mut w);
                whole_days(&mut res, &facts);
                return finish(
                    res,
                    evidence,
                    Some("front matter keys, which win over prose".to_string()),
                    input.zone,
                    warnings,
                );
            }
            Ok(FmOutcome::Prose(w)) => warnings.extend(w),
            Err(w) => warnings.push(w),
        }
    }

    warnings.extend(skipped_warnings(&judged));
    match prose {
        Some(mut d) => {
            warnings.extend(d.warnings);
            whole_days(&mut d.res, &facts);
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
            if let Some((res, evidence)) = day_over_agenda(&judged, &agenda, &ctx, &hints) {
                let reason = "a line that is only a day heads the post's agenda".to_string();
                return finish(res, evidence, Some(reason), input.zone, warnings);
            }
            if let Some((res, evidence)) =
                agenda_on_post_date(input.post_date, &agenda, &cands, &ctx, &hints)
            {
                let reason = "no line states the event's day; the post opens its own agenda, on the post's date".to_string();
                return finish(res, evidence, Some(reason), input.zone, warnings);
            }
            if !warnings
                .iter()
                .any(|w| matches!(w.kind, WarningKind::YearUnknown | WarningKind::NoEventTime))
            {
                warnings.push(no_event_time(&found, &judged, example_for(input.body)));
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

/// The warning that a front-matter event time is a campaign's date, when the
/// title names a campaign (`社区用户案例征集活动`, `Logo contest giveaway`), a
/// call or a deadline (`call for projects and mentors by March 25`) and
/// neither the title, the summaries nor the body name a gathering
/// (`分享会`, `meetup`): a campaign that also holds a meetup keeps its date.
fn campaign_front_matter(
    input: &WhenInput<'_>,
    facts: &frontmatter::FmFacts,
    fm: &frontmatter::FmReading,
) -> Option<Warning> {
    // A call (`… call for projects and mentors by March 25`) or a deadline
    // in the title dates the call, as a campaign's title does.
    let words = cues::campaign_words(input.title).or_else(|| {
        matches!(
            cues::exclusion(input.title),
            Some(cues::Exclusion::Registration | cues::Exclusion::Deadline)
        )
        .then(|| input.title.to_string())
    })?;
    let gathering = cues::names_gathering_besides_a_call(input.title)
        || facts.prose.iter().any(|(_, t, _)| cues::names_gathering(t))
        || names_gathering_outside_deadlines(input.body);
    if gathering {
        return None;
    }
    Some(Warning::new(
        WarningKind::NoEventTime,
        fm.line,
        format!(
            "front matter ({}) dates a campaign or a call, not a gathering: the title says `{words}` and \
             the post names no meetup, talk or session, so it is left out of the calendar; \
             name the gathering in the title (e.g. `分享会`, `meetup`) to publish it",
            fm.keys.join(", ")
        ),
    ))
}

/// Whether a statement of `body` names a gathering other than as what a
/// deadline or a registration is for (`Submit your talk for our June
/// conference by March 25` dates the call, not the conference).
fn names_gathering_outside_deadlines(body: &str) -> bool {
    body.split(['\n', '.', '!', '?', '。', '！', '？', '；', ';'])
        .any(|s| {
            cues::names_gathering_besides_a_call(s)
                && !matches!(
                    cues::exclusion(&s.to_lowercase()),
                    Some(cues::Exclusion::Registration | cues::Exclusion::Deadline)
                )
        })
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
    listed_elsewhere(&mut in_body, body);
    signature_stamp(&mut in_body, body, input.front_matter);
    cands.extend(in_body);
    // A transcript (`…-文字版`, `Transcript: …`) says `今天` as its speaker
    // did, on a day the post does not give: its relative days are not
    // counted from the post date.
    if cues::title_is_transcript(input.title) {
        cands.retain(|c| c.reading.first.is_some() || c.reading.relative.is_none());
    }
    cands
}

/// A notice signed off with its own date and time on its last line (`2020-05-26
/// 23:00:00` under a post whose `date` is `2020-05-26 23:00:00 +0800`): when
/// it was written, not an event. Only the body's last line, only a line of
/// nothing but that date and time.
fn signature_stamp(cands: &mut Vec<Candidate>, body: &scan::Body<'_>, fm: &[FrontMatterValue]) {
    let Some(last) = body.lines.iter().rposition(|l| !l.trim().is_empty()) else {
        return;
    };
    let Some(date) = fm.iter().find(|f| f.key.eq_ignore_ascii_case("date")) else {
        return;
    };
    let posted = grammar::read(&text::normalize(&date.text), false);
    let (Some(day), Some(time)) = (&posted.first, &posted.start) else {
        return;
    };
    let line = body.first_line + last;
    cands.retain(|c| {
        let bare = c
            .text
            .chars()
            .all(|ch| ch.is_ascii_digit() || " -/.:*_T年月日".contains(ch));
        let same = c.reading.first.as_ref() == Some(day)
            && c.reading
                .start
                .as_ref()
                .is_some_and(|t| (t.h, t.m) == (time.h, time.m))
            && c.reading.end.is_none();
        !(c.line == Some(line) && bare && same)
    });
}

/// A list whose dated items each link to a page of their own, on two days
/// or more, most of them without words that announce (`- [Park 101, Thu Jan 15 @ 5pm](…/1)`,
/// `- [Music Night, Wed Aug 15 @5pm](…/2)`): a calendar of other pages'
/// events, never this post's. Items that mostly link to the same page (the
/// sessions of one series and its one sign-up link) or to a time converter
/// (`([find your time](…timeanddate.com…))`) are not such a list.
fn listed_elsewhere(cands: &mut [Candidate], body: &scan::Body<'_>) {
    // A time link (`timeanddate.com/…?iso=20230313T19`) converts this
    // event's time; it is no other page's event.
    let time_links: Vec<Line> = cands
        .iter()
        .filter(|c| c.source == Source::Link)
        .filter_map(|c| c.line)
        .collect();
    let target = |c: &Candidate| -> Option<&str> {
        if c.line.is_some_and(|l| time_links.contains(&l)) {
            return None;
        }
        let raw = body.lines.get(c.line?.checked_sub(body.first_line)?)?;
        let item = raw.trim_start();
        if !(item.starts_with("- ") || item.starts_with("* ") || item.starts_with("+ ")) {
            return None;
        }
        let at = item.find("](")? + 2;
        let rest = &item[at..];
        let url = &rest[..rest.find(')')?];
        url.contains("://").then_some(url)
    };
    let mut lists: HashMap<usize, Vec<usize>> = HashMap::new();
    for (j, c) in cands.iter().enumerate() {
        if let (Some(run), Source::Prose, true) = (c.run, c.source, c.reading.has_date()) {
            lists.entry(run).or_default().push(j);
        }
    }
    for items in lists.values().filter(|items| items.len() >= 2) {
        // Announcing words in a minority of items (`[Summit, Sept 17 [JOIN
        // THE WAITLIST]](…)`) do not make the list this post's sessions.
        let announcing = items
            .iter()
            .filter(|&&j| cands[j].cues.event.is_some())
            .count();
        if announcing * 2 >= items.len() {
            continue;
        }
        let Some(mut urls) = items
            .iter()
            .map(|&j| target(&cands[j]))
            .collect::<Option<Vec<&str>>>()
        else {
            continue;
        };
        urls.sort_unstable();
        urls.dedup();
        let mut days: Vec<(u32, u32)> = items
            .iter()
            .filter_map(|&j| cands[j].reading.first.as_ref().map(|d| (d.m, d.d)))
            .collect();
        days.sort_unstable();
        days.dedup();
        // Mostly distinct pages (a link pasted twice by mistake is still
        // a calendar of others).
        if urls.len() >= 2 && urls.len() * 2 > items.len() && days.len() >= 2 {
            for &j in items {
                cands[j]
                    .cues
                    .excluded
                    .get_or_insert(cues::Exclusion::Elsewhere);
            }
        }
    }
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
    section: &str,
    site: Tz,
) -> Option<Tz> {
    let zoneless = |r: &grammar::Reading| {
        r.zone.is_none() && r.start.as_ref().is_some_and(|t| t.zone.is_none())
    };
    // The place is looked for only when a time needs a zone: a statement's,
    // or an agenda's (a line that starts with a digit).
    let agenda_like = || {
        body.lines.iter().any(|l| {
            l.trim_start_matches(['-', '*', '|', ' '])
                .starts_with(|c: char| c.is_ascii_digit())
        })
    };
    if !cands
        .iter()
        .any(|c| c.source != Source::Link && zoneless(&c.reading))
        && !agenda_like()
    {
        return None;
    }
    // Else the city the prose puts the event in (`at AGU 2019 this year in
    // San Francisco`): a post about an event elsewhere writes that place's
    // clock, as a location line would say it.
    let place = facts.place.clone().or_else(|| {
        let line = scan::location_line(body)
            .and_then(|text| frontmatter::location_zone(&text).map(|(tz, name)| (tz, name, text)));
        line.or_else(|| scan::prose_place(body))
            .or_else(|| {
                // The section's list page: `hosted in Amsterdam, Netherlands`.
                let (tz, name) = scan::in_cities(section)?;
                Some((tz, name, "the section's list page".to_string()))
            })
            .filter(|(tz, _, _)| *tz != site)
    });
    let (tz, name, text) = place?;
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
    Some(tz)
}

/// A statement that reports the event (`已于 9 月 1 日启动了…`, `was held
/// on 23 December`) without a year is about a day on or before the post
/// date, not the next one: its year is the post's, or the one before.
/// How many days after the post date a reported day may be and still be
/// that year's: a post dated in bulk or written before the event it reports.
const REPORT_AHEAD_DAYS: i64 = 14;

fn reported_years(cands: &mut [Candidate], post: Option<NaiveDate>) {
    use chrono::Datelike;
    let Some(post) = post else {
        return;
    };
    for c in cands
        .iter_mut()
        .filter(|c| c.cues.past && c.cues.event.is_none() && !c.is_label())
    {
        // `On Tuesday, the 19th, we met`: the report's day is the last one
        // with that day and weekday, not the next.
        for r in std::iter::once(&mut c.reading).chain(c.more.iter_mut().map(|g| &mut g.reading)) {
            if let Some(rel) = r.relative.as_mut() {
                if let grammar::RelDay::MonthDay(wd, d) = rel.day {
                    rel.day = grammar::RelDay::MonthDayBefore(wd, d);
                }
            }
        }
        let Some(first) = c.reading.first.clone().filter(|d| d.y.is_none()) else {
            continue;
        };
        let this_year = NaiveDate::from_ymd_opt(post.year(), first.m, first.d);
        // A report dated a few days before the day it reports (`12月23日…举行了`
        // in a post whose front matter says 2017-12-19: written ahead, or
        // dated in bulk) is about that day, not the same day a year earlier.
        let late = this_year.filter(|d| *d > post && (*d - post).num_days() <= REPORT_AHEAD_DAYS);
        let y = match this_year {
            Some(d) if d <= post || late.is_some() => post.year(),
            _ => post.year() - 1,
        };
        if let Some(d) = late {
            c.year_note = Some(format!(
                "no year written: the post reports {d}, {} days after its own date {post}; read \
                 as that day, not a year earlier; write the year to be sure",
                (d - post).num_days()
            ));
        }
        let fill = |d: &mut grammar::PDate| {
            if d.y.is_none() && (d.m, d.d) == (first.m, first.d) {
                d.y = Some(y);
            }
        };
        if let Some(d) = c.reading.first.as_mut() {
            fill(d);
        }
        for g in &mut c.more {
            if let Some(d) = g.reading.first.as_mut() {
                fill(d);
            }
        }
        c.year_rule = Some(if late.is_some() {
            format!("the post's year: the reported day is a few days after post date {post}")
        } else {
            format!("nearest on or before post date {post} (the text reports the event)")
        });
    }
}

/// An agenda slot: a time range without a date, in document order.
struct Slot {
    reading: grammar::Reading,
    /// Dates written in the slot's table (`SOFAChannel#2 … 时间：2019-02-21`):
    /// a table about another day is another event's agenda.
    table_dates: Vec<grammar::PDate>,
    line: Option<Line>,
}

/// The agenda: table rows and list lines that start with a time, labelled
/// time-only lines (`**时间：**14:15-14:45`), and the front matter's agenda.
/// The agenda, read the first time an event needs its hours from it: most
/// posts state their hours, and reading every line for slots is not free.
struct Agenda<'x, 'b> {
    /// The zone of the place the post puts its event in (see
    /// [`place_zones`]): an agenda's zoneless slots are its wall times too.
    place: Option<Tz>,
    slots: std::cell::OnceCell<Vec<Slot>>,
    body: &'x scan::Body<'b>,
    found: &'x scan::Scan,
    cands: &'x [Candidate],
    facts: &'x frontmatter::FmFacts,
}

impl Agenda<'_, '_> {
    fn slots(&self) -> &[Slot] {
        self.slots
            .get_or_init(|| agenda(self.body, self.found, self.cands, self.facts))
    }
}

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
            line: a.line,
        })
        .collect();
    out.extend(by_line.into_iter().map(|(l, reading, table_dates)| Slot {
        reading,
        table_dates,
        line: Some(l),
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
    agenda: &Agenda<'_, '_>,
    length: Option<&(Duration, String)>,
) -> Decided<'a> {
    let mut res = r.clone();
    if let Some(rule) = &c.year_rule {
        res.year_rule.clone_from(rule);
    }
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
            .chain(&c.year_note)
            .map(|n| (WarningKind::AmbiguousTime, n.clone())),
    );
    let mut sessions_from: Vec<usize> = Vec::new();
    let mut extra_notes: Vec<Warning> = Vec::new();
    if let Some(found) = sibling_sessions(judged, c, &res, ctx, hints) {
        res.value = resolve::span(&found.sessions);
        res.sessions = found.sessions;
        lent.push(format!(
            "sessions from lines {}",
            found
                .from
                .iter()
                .filter_map(|&j| judged.cands[j].line)
                .map(|l| l.to_string())
                .collect::<Vec<_>>()
                .join(", ")
        ));
        sessions_from = found.from;
        extra_notes = found.warnings;
    }

    if res.sessions.is_empty() {
        complete_from_others(judged, c, &mut res.value, &mut lent);
        let mut reported = c.cues.past || c.cues.starts;
        if let Some((v, from)) = (reported || judged.title_reports)
            .then(|| report_timeline(judged, c, &res.value, day_part(&c.text)))
            .flatten()
        {
            res.value = v;
            lent.push(format!("hours from the report's timeline, lines {from}"));
        } else if let Some(h) = hours_from_time_lines(judged, &res.value, &c.text, ctx, hints) {
            res.value = h.value;
            res.sessions = h.sessions;
            lent.push(format!("hours from {}", h.from));
            notes.extend(h.note.map(|n| (WarningKind::AmbiguousTime, n)));
            reported |= h.began;
        }
        if let Some((value, from)) = end_from_report(judged, &res.value).filter(|_| reported) {
            res.value = value;
            lent.push(format!("end from {from}"));
        }
        if let Some(v) = agenda_bounds(agenda, &res.value, day_part(&c.text), ctx, hints) {
            let open_end = matches!(
                v,
                Value::Timed {
                    end_stated: false,
                    ..
                }
            );
            res.value = v;
            lent.push(if open_end {
                "hours from the agenda (first start; its last slot has no end)".to_string()
            } else {
                "hours from the agenda (first start, last end)".to_string()
            });
        }
    }
    apply_length(&mut res, length, ctx, &mut lent);

    let line = c.line;
    let mut warnings: Vec<Warning> = notes
        .into_iter()
        .map(|(k, m)| Warning::new(k, line, m))
        .collect();
    warnings.extend(extra_notes);
    warnings.extend(conflicts(judged, c, &res.value, &sessions_from));
    Decided {
        cand: c,
        res,
        lent,
        warnings,
    }
}

/// Sessions found on other lines, where from, and their weekday and zone
/// typos (worth fixing too).
struct Siblings {
    sessions: Vec<Value>,
    from: Vec<usize>,
    warnings: Vec<Warning>,
}

/// Sessions written one per list item, or under parallel headings (see
/// [`Candidate::parallel`]), with the chosen statement's own.
fn sibling_sessions(
    judged: &choose::Judged<'_>,
    c: &Candidate,
    res: &Resolved,
    ctx: &Ctx,
    hints: &[YearHint],
) -> Option<Siblings> {
    // Days without hours count too when the chosen one has none, in one list
    // (`* On Nov 1, we will discuss …` / `* On Nov 8, …` / `* On Nov 15, we
    // will do …`): the items of a list of meetings, each a day.
    // Not a timeline of a process, whose items include a deadline (`31
    // October – deadline for becoming a candidate`, `16 November – voting`).
    let days_only = !c.reading.has_time()
        && c.run.is_some_and(|r| r < usize::MAX - 16)
        && !judged
            .cands
            .iter()
            .any(|o| o.run == c.run && o.cues.excluded.is_some());
    let from: Vec<usize> = (0..judged.cands.len())
        .filter(|&j| {
            let o = &judged.cands[j];
            let day_item = days_only
                && o.run == c.run
                && o.reading.has_date()
                && o.cues.excluded.is_none()
                && !o.cues.past
                && matches!(&judged.resolved[j], Ok(Resolved { value: Value::AllDay { first, last }, .. })
                    if first == last && ctx.post_date.is_none_or(|p| *first > p));
            !std::ptr::eq(o, c)
                && (judged.eligible[j] || day_item)
                && o.source != Source::Link
                && (o.reading.has_time() || day_item)
                && c.parallel(o)
        })
        .collect();
    if from.is_empty() {
        return None;
    }
    let written = |c: &Candidate| {
        c.reading
            .first
            .as_ref()
            .and_then(|d| d.wd.as_ref())
            .map(|w| w.wd)
    };
    let mut all = if res.sessions.is_empty() {
        vec![res.value.clone()]
    } else {
        res.sessions.clone()
    };
    // Only a weekday that resolving found at odds with its date.
    let mismatched = |r: &Resolved| {
        r.notes
            .iter()
            .any(|(k, _)| *k == WarningKind::WeekdayMismatch)
    };
    let mut weekdays = vec![None; all.len()];
    if res.sessions.is_empty() && mismatched(res) {
        weekdays[0] = written(c);
    }
    let mut warnings = Vec::new();
    for &j in &from {
        let Ok(o) = &judged.resolved[j] else {
            continue;
        };
        let os = slots::slots(&judged.cands[j], o, ctx, hints);
        if os.sessions.is_empty() {
            all.push(os.value);
            weekdays.push(written(&judged.cands[j]).filter(|_| mismatched(o)));
        } else {
            weekdays.extend(std::iter::repeat_n(None, os.sessions.len()));
            all.extend(os.sessions);
        }
        let line = judged.cands[j].line;
        warnings.extend(
            o.notes
                .iter()
                .chain(&os.notes)
                .filter(|(k, _)| {
                    matches!(k, WarningKind::WeekdayMismatch | WarningKind::ZonesDisagree)
                })
                .map(|(k, m)| Warning::new(*k, line, m.clone())),
        );
    }
    by_written_weekday(&mut all, &weekdays);
    let sessions = slots::ordered(all);
    (sessions.len() > 1).then_some(Siblings {
        sessions,
        from,
        warnings,
    })
}

/// Sessions one per heading, one of them on the same day as another and
/// with a weekday that is not its date's (`2020/5/6（周三）` then
/// `2020/5/6（周四）`, a date copied from the session above): the weekday was
/// written for this session, the date copied, so it is on the nearest day
/// with that weekday (the mismatch is still warned), unless a session is
/// already there.
fn by_written_weekday(all: &mut [Value], weekdays: &[Option<chrono::Weekday>]) {
    use chrono::Datelike;
    let start = |v: &Value| match v {
        Value::Timed { start, .. } => *start,
        Value::AllDay { first, .. } => first.and_time(chrono::NaiveTime::MIN),
    };
    for i in 0..all.len() {
        let Some(w) = weekdays.get(i).copied().flatten() else {
            continue;
        };
        let at = start(&all[i]);
        let wd = at.date().weekday();
        let copied = all
            .iter()
            .enumerate()
            .any(|(k, v)| k != i && start(v) == at);
        if wd == w || !copied {
            continue;
        }
        let ahead = i64::from((7 + w.num_days_from_monday() - wd.num_days_from_monday()) % 7);
        let delta = if ahead <= 3 { ahead } else { ahead - 7 };
        let by = Duration::days(delta);
        let Some(moved) = at.checked_add_signed(by) else {
            continue;
        };
        if all.iter().any(|v| start(v).date() == moved.date()) {
            continue;
        }
        let shifted = match &all[i] {
            Value::Timed {
                start: s,
                end: e,
                end_stated,
            } => s
                .checked_add_signed(by)
                .zip(e.checked_add_signed(by))
                .map(|(s, e)| Value::Timed {
                    start: s,
                    end: e,
                    end_stated: *end_stated,
                }),
            Value::AllDay { first, last } => first
                .checked_add_signed(by)
                .zip(last.checked_add_signed(by))
                .map(|(first, last)| Value::AllDay { first, last }),
        };
        if let Some(v) = shifted {
            all[i] = v;
        }
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

/// Hours one line lends to the chosen statement's day.
struct LentHours {
    value: Value,
    sessions: Vec<Value>,
    /// The line, for the evidence.
    from: String,
    /// An `ambiguous-time` note on how the hours were read.
    note: Option<String>,
    /// The line is a report's that says the event began then.
    began: bool,
}

/// A day without hours, and a line that gives only hours: a labelled
/// time-only line, or a sentence, title or summary with announcement words
/// (`The meeting will run from 2pm to 3pm GMT`). Also the end of a start
/// written without one, from a time-only line with the same start
/// (`19：00 - 20：00` in the summary).
///
/// In a report, a sentence that says the event began at a time (`2:30 分，活动
/// 正式开始`) gives the start, in the part of the day the date's statement
/// names (`9 月 15 日下午` makes that 2:30 the afternoon's).
fn hours_from_time_lines(
    judged: &choose::Judged<'_>,
    value: &Value,
    date_text: &str,
    ctx: &Ctx,
    hints: &[YearHint],
) -> Option<LentHours> {
    let day_part = day_part(date_text);
    let morning = ["上午", "早上", "早晨", "清晨", "morning"]
        .iter()
        .any(|w| date_text.to_lowercase().contains(w));
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
            ) || (o.source == Source::Prose && (o.cues.event.is_some() || o.cues.starts)))
    };
    // Hours in a paragraph that names another day are that day's (`**May
    // 14th:** Taylor will be at SWCon. His talk takes place at 2pm.`).
    let other_day = |o: &Candidate| {
        o.source == Source::Prose
            && judged.cands.iter().any(|d| {
                d.para == o.para
                    && d.source == Source::Prose
                    && d.reading.has_date()
                    && resolve::resolve(&d.reading, ctx, hints).is_ok_and(|r| {
                        let (first, last) = resolve::day_span(&r.value);
                        !(first..=last).contains(&day)
                    })
            })
    };
    for o in judged.cands.iter().filter(|o| usable(o) && !other_day(o)) {
        let mut on_day = o.clone();
        in_day_part(&mut on_day.reading, day_part);
        let note = if day_part.is_none() && !morning && o.cues.starts {
            colloquial_afternoon(&mut on_day.reading, &o.text)
        } else {
            None
        };
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
            (None, _) => {
                return Some(LentHours {
                    value: s.value,
                    sessions: s.sessions,
                    from: o.place(),
                    note,
                    began: o.cues.starts,
                })
            }
            (
                Some(st),
                Value::Timed {
                    start: s2,
                    end_stated: true,
                    ..
                },
            ) if *s2 == st && s.sessions.is_empty() => {
                return Some(LentHours {
                    value: s.value,
                    sessions: Vec::new(),
                    from: o.place(),
                    note,
                    began: o.cues.starts,
                });
            }
            _ => {}
        }
    }
    None
}

/// A report that tells its day paragraph by paragraph, each opening with the
/// time (`下午 14:00，…介绍` / `下午 15:00 左右，安装聚会开始` / `下午 16:30 左右，…`
/// / `下午 17:30 左右，基本所有的同学都完成了安装`; `At 2pm, …`): a timeline,
/// three times or more in order after the dated statement. The first is the
/// start and the last the end, approximate or not: it is where the writer
/// ends the day.
fn report_timeline(
    judged: &choose::Judged<'_>,
    c: &Candidate,
    value: &Value,
    part: Option<grammar::Period>,
) -> Option<(Value, String)> {
    let day = match value {
        Value::AllDay { first, last } if first == last => *first,
        Value::Timed {
            start,
            end_stated: false,
            ..
        } => start.date(),
        _ => return None,
    };
    let opens_with_time = |t: &str| {
        let t = t.trim_start_matches(['*', '_', ' ']);
        let t = [
            "上午", "下午", "晚上", "中午", "傍晚", "约", "大约", "At ", "at ", "Around ",
            "around ",
        ]
        .iter()
        .fold(t, |t, w| t.strip_prefix(w).unwrap_or(t).trim_start());
        t.starts_with(|ch: char| ch.is_ascii_digit())
    };
    let mut marks: Vec<(NaiveDateTime, Line)> = Vec::new();
    let mut paras = Vec::new();
    for o in judged.cands.iter() {
        if o.source != Source::Prose
            || o.para <= c.para
            || paras.contains(&o.para)
            || o.reading.has_date()
            || o.reading.zone.is_some()
            || o.cues.excluded.is_some()
            || !opens_with_time(&o.text)
        {
            continue;
        }
        let (Some(t), Some(line)) = (&o.reading.start, o.line) else {
            continue;
        };
        let mut t = t.clone();
        if t.period.is_none() && !t.leading_zero {
            if let Some(p) = part.filter(|_| (1..=11).contains(&t.h)) {
                t.period = Some(p);
            }
        }
        let h = t.hour24(false);
        let Some(at) = (h < 24).then(|| day.and_hms_opt(h, t.m, 0)).flatten() else {
            continue;
        };
        paras.push(o.para);
        marks.push((at, line));
    }
    if marks.len() < 3 || marks.windows(2).any(|w| w[1].0 <= w[0].0) {
        return None;
    }
    let (first, last) = (marks.first()?, marks.last()?);
    if let Value::Timed { start, .. } = value {
        if *start != first.0 {
            return None;
        }
    }
    let lines: Vec<String> = marks.iter().map(|(_, l)| l.to_string()).collect();
    Some((
        Value::Timed {
            start: first.0,
            end: last.0,
            end_stated: true,
        },
        lines.join(", "),
    ))
}

/// A start without an end, from a report (its statement reports the event,
/// or the start was lent by a sentence that says it began), and a sentence
/// that gives only a time and says the event ended then (`在 10 点时，大家的
/// 演讲全部结束，自由软件日圆满结束`, `The meetup wrapped up at 9pm`): that time
/// ends it, on the same day. An approximate time (`约下午 6 点钟`, `around
/// 6pm`) is not a stated end, nor is an agenda's last line beside an
/// announcement. An hour written without AM/PM after an afternoon or evening start is
/// in the same half of the day (`七点整` read as 19:00, then `10 点` is 22:00).
fn end_from_report(judged: &choose::Judged<'_>, value: &Value) -> Option<(Value, String)> {
    use chrono::Timelike;
    let Value::Timed {
        start,
        end_stated: false,
        ..
    } = value
    else {
        return None;
    };
    judged.cands.iter().find_map(|o| {
        // `约下午 6 点钟，…活动顺利结束`: when it wound down, not a stated end.
        let lower = o.text.to_lowercase();
        let approximate = [
            "约",
            "左右",
            "大概",
            "大约",
            "about",
            "around",
            "approximately",
        ]
        .iter()
        .any(|w| lower.contains(w));
        if o.source != Source::Prose
            || !o.cues.ends
            || approximate
            || o.cues.excluded.is_some()
            || o.reading.has_date()
            || o.reading.end.is_some()
            || o.reading.zone.is_some()
            || o.reading.relative.is_some()
        {
            return None;
        }
        let t = o.reading.start.as_ref().filter(|t| t.zone.is_none())?;
        let mut h = t.hour24(true);
        let clear = t.period.is_some() || t.leading_zero || t.midnight || t.noon;
        if !clear && h < 12 && start.hour() >= 12 && h + 12 > start.hour() {
            h += 12;
        }
        let end = if h == 24 {
            start.date().succ_opt()?.and_hms_opt(0, t.m, 0)?
        } else {
            start.date().and_hms_opt(h, t.m, 0)?
        };
        (end > *start && end - *start <= Duration::hours(12)).then(|| {
            (
                Value::Timed {
                    start: *start,
                    end,
                    end_stated: true,
                },
                o.place(),
            )
        })
    })
}

/// A report that says its event began at 1 to 7 o'clock written with `点`,
/// or at 1 to 5 however written (`在1:30正式开始`), and no part of the day
/// (`七点整，全员大会正式开始`, the date's sentence naming none either): the
/// afternoon or evening. `点` is how people write
/// the 12-hour clock (the 24-hour one is `19:00` or `19 点`), they leave out
/// `下午`/`晚上` when the hour of a club's gathering is obvious to them, and
/// gatherings do not begin between one and seven in the morning. The end
/// takes the same half of the day when it is written the same way. Unsure,
/// so the note returned is an `ambiguous-time` warning.
fn colloquial_afternoon(r: &mut grammar::Reading, text: &str) -> Option<String> {
    use grammar::Period;
    let start = r.start.as_mut()?;
    let bare = |t: &grammar::PTime| t.period.is_none() && !t.leading_zero && !t.midnight;
    let written_with_dian = (1..=7).contains(&start.h) && text.contains('点');
    if !bare(start) || !(written_with_dian || (1..=5).contains(&start.h)) {
        return None;
    }
    let (h, m) = (start.h, start.m);
    start.period = Some(Period::Pm);
    if let Some(end) = r.end.as_mut() {
        if bare(end) && (h..=11).contains(&end.h) {
            end.period = Some(Period::Pm);
        }
    }
    Some(format!(
        "{h}:{m:02} is written without 上午/下午 in a report that says the event began then: read as {:02}:{m:02}, the afternoon or evening",
        h + 12
    ))
}

/// Hours written without AM/PM (`2:30~约3:30`) in the part of the day the
/// date's statement named (`2011.4.16日下午`): 14:30–15:30. Only hours that
/// part of the day can hold move (the afternoon 1–6, the evening 5–11); a
/// `09:30` or `08:00` is left as written.
fn in_day_part(r: &mut grammar::Reading, part: Option<grammar::Period>) {
    use grammar::Period;
    let Some(p) = part else {
        return;
    };
    let fits = |h: u32| match p {
        Period::Afternoon => (1..=6).contains(&h),
        Period::Evening => (5..=11).contains(&h),
        _ => false,
    };
    for t in [r.start.as_mut(), r.end.as_mut()].into_iter().flatten() {
        if t.period.is_none() && !t.leading_zero && fits(t.h) {
            t.period = Some(p);
        }
    }
}

/// The one part of the day a statement names without a clock (`9 月 15 日
/// 下午`, `on the evening of 3 May`), for hours written in a later sentence.
fn day_part(text: &str) -> Option<grammar::Period> {
    use grammar::Period;
    let lower = text.to_lowercase();
    let found: Vec<Period> = [
        (Period::Afternoon, ["下午", "午后", "afternoon"]),
        (Period::Evening, ["晚上", "傍晚", "evening"]),
    ]
    .into_iter()
    .filter(|(_, words)| words.iter().any(|w| lower.contains(w)))
    .map(|(p, _)| p)
    .collect();
    match found.as_slice() {
        [one] => Some(*one),
        _ => None,
    }
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
        let announcing = c.source != Source::Link
            && c.cues.event.is_some()
            && c.reading.has_time()
            && (c.run.is_none() || c.run != chosen.run);
        // The sentence a list of sessions hangs from (`…Welcome Sessions on 22
        // March --` right above `- Wednesday 22 February 2023 12:00 PM`): a
        // day of its own there tells the same sessions twice, one of them wrong.
        let leads_the_list = !sessions_from.is_empty()
            && chosen.run.is_some()
            && c.source == Source::Prose
            && c.run.is_none()
            && !c.reading.has_time()
            && matches!((c.line, chosen.line), (Some(a), Some(b)) if a < b && b - a <= 3);
        let comparable =
            c.is_label() || c.source == Source::Summary || announcing || leads_the_list;
        if !comparable {
            continue;
        }
        let Ok(other) = &judged.resolved[j] else {
            continue;
        };
        if leads_the_list && !announcing && days_overlap(value, &other.value) {
            continue;
        }
        // Against a labelled line, a sentence counts only about the same day
        // (`将于 6 月 27 日上午 11 点` beside `会议时间：6 月 27 日 9:30`); one about
        // another day is most likely another event.
        // So too against the title's day (`Community Meeting - 2024-02-21`,
        // see `choose`): the other days the post names are other events; and
        // in a report whose title looks back, the next one it invites to.
        let by_title = judged
            .adjusted
            .is_some_and(|a| a.starts_with("the title names") || a == choose::REPORTED);
        if (chosen.is_label() || by_title)
            && !c.is_label()
            && c.source != Source::Summary
            && !days_overlap(value, &other.value)
        {
            continue;
        }
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
    /// The prose is the event, with these warnings (none when the front
    /// matter only wrote where the prose's days start).
    Prose(Vec<Warning>),
}

/// Why the prose is the event rather than the front matter.
enum ProseWins {
    /// It covers more of the event than the front matter: warned.
    CoversMore(Warning),
    /// The front matter's start key writes only the first day of the
    /// prose's days (`startdate: 2025-10-27` over `27-30 October`): the
    /// start of the same event, not another reading of it.
    FirstDayOnly,
}

#[allow(clippy::too_many_arguments)]
fn from_front_matter(
    fm: &frontmatter::FmReading,
    facts: &frontmatter::FmFacts,
    judged: &choose::Judged<'_>,
    prose: Option<&Decided<'_>>,
    ctx: &Ctx,
    hints: &[YearHint],
    agenda: &Agenda<'_, '_>,
    length: Option<&(Duration, String)>,
) -> Result<FmOutcome, Warning> {
    let (mut res, used) = resolve_front_matter(fm, facts, ctx, hints)?;
    let fm_line = used.line;
    let mut evidence = Evidence {
        line: fm_line,
        text: format!("{FRONT_MATTER_EVIDENCE}{}", used.keys.join(", ")),
    };
    let mut warnings: Vec<Warning> = res
        .all_notes()
        .map(|(k, m)| Warning::new(k, fm_line, m))
        .collect();
    if let Some(p) = prose {
        if let Some(day) = stale_year(used, p) {
            // The front matter's weekday mismatch stays said: it is the slip.
            let mut said: Vec<Warning> = warnings
                .iter()
                .filter(|w| w.kind == WarningKind::WeekdayMismatch)
                .cloned()
                .collect();
            said.push(Warning::new(
                WarningKind::FrontMatterDisagrees,
                fm_line,
                format!(
                    "front matter ({}) writes a weekday its date is not on, and {} writes the \
                     same day and weekday in {}, when they agree: the front matter's year is \
                     left from an earlier event; using {}",
                    used.keys.join(", "),
                    p.cand.place(),
                    chrono::Datelike::year(&day),
                    p.cand
                        .line
                        .map_or_else(|| p.cand.place(), |l| format!("line {l}"))
                ),
            ));
            return Ok(FmOutcome::Prose(said));
        }
        if other_clock_copy(used, &res.value, p, ctx) {
            return Ok(FmOutcome::Prose(vec![Warning::new(
                WarningKind::FrontMatterDisagrees,
                fm_line,
                format!(
                    "front matter ({}) says {}, an hour off {} at {}, which writes the time \
                     in a zone that changes clocks: the slip of a conversion to UTC by hand; \
                     using {}",
                    used.keys.join(", "),
                    describe(&res.value),
                    describe(&p.res.value),
                    p.cand.place(),
                    p.cand
                        .line
                        .map_or_else(|| p.cand.place(), |l| format!("line {l}"))
                ),
            )]));
        }
        if let Some(prose_wins) = against_prose(fm, &mut res, p, ctx, &mut evidence, &mut warnings)
        {
            return Ok(FmOutcome::Prose(match prose_wins {
                ProseWins::CoversMore(w) => vec![w],
                ProseWins::FirstDayOnly => Vec::new(),
            }));
        }
    }
    if let Some(bound) = agenda_bounds(agenda, &res.value, None, ctx, hints) {
        res.value = bound;
        evidence.text.push_str("; hours from the agenda");
    }
    // A start without an end (`start: 2022-07-14 12:00 EDT`) and a sentence
    // that gives the hours of that start without a day (`take place on the
    // second Thursday of the month, 12:00-1:00pm ET`): the sentence's end.
    if matches!(
        res.value,
        Value::Timed {
            end_stated: false,
            ..
        }
    ) {
        if let Some(h) = hours_from_time_lines(judged, &res.value, "", ctx, hints) {
            if h.sessions.is_empty() && res.sessions.is_empty() {
                res.value = h.value;
                evidence.text.push_str(&format!("; end from {}", h.from));
                if let Some(n) = h.note {
                    warnings.push(Warning::new(WarningKind::AmbiguousTime, fm_line, n));
                }
            }
        }
    }
    let mut lent = Vec::new();
    apply_length(&mut res, length, ctx, &mut lent);
    for l in lent {
        evidence.text.push_str(&format!("; {l}"));
    }
    warnings.extend(
        fm.notes
            .iter()
            .map(|n| Warning::new(WarningKind::AmbiguousTime, fm_line, n)),
    );
    warnings.extend(fm.conflicts.iter().cloned());
    Ok(FmOutcome::FrontMatter(res, evidence, warnings))
}

/// `eventDate: Sun, 2 Feb 2019` (2 Feb 2019 was a Saturday) and the prose's
/// `on **Sunday, February 2nd**`, which is a Sunday in the post's 2020: the
/// front matter is last year's entry with the day and weekday updated but
/// not the year. The prose's day, when its own weekday fits it.
fn stale_year(used: &frontmatter::FmReading, p: &Decided<'_>) -> Option<NaiveDate> {
    use chrono::Datelike;
    let f = used.reading.first.as_ref()?;
    let (fy, fwd) = (f.y?, f.wd.as_ref()?);
    let written = NaiveDate::from_ymd_opt(fy, f.m, f.d)?;
    if written.weekday() == fwd.wd {
        return None;
    }
    let c = p.cand.reading.first.as_ref()?;
    let cwd = c.wd.as_ref()?;
    let (day, _) = resolve::day_span(&p.res.value);
    (c.m == f.m
        && c.d == f.d
        && cwd.wd == fwd.wd
        && day.weekday() == cwd.wd
        && (day.month(), day.day()) == (f.m, f.d)
        && day.year() != fy)
        .then_some(day)
}

/// A front-matter instant written in UTC or with an offset
/// (`start: 2021-06-10T15:00:00Z`) an hour off the prose's time on the same
/// day, written in a zone that changes clocks (`June 10th at 12ET`, `from
/// 1-3pm ET` in December): whoever turned the wall time into UTC by hand
/// took the offset of the wrong season (EDT in December) or of a
/// neighbouring clock. An hour exactly is that slip's signature; the prose
/// is what the author wrote and what readers read, the copy is off.
fn other_clock_copy(
    used: &frontmatter::FmReading,
    fm_value: &Value,
    p: &Decided<'_>,
    ctx: &Ctx,
) -> bool {
    use chrono::{Offset, TimeZone};
    let (Value::Timed { start: fs, .. }, Value::Timed { start: ps, .. }) = (fm_value, &p.res.value)
    else {
        return false;
    };
    let fixed = |z: Option<&zone::ZoneSpec>| matches!(z, Some(zone::ZoneSpec::Fixed { .. }));
    let r = &used.reading;
    if !(fixed(r.zone.as_ref()) || fixed(r.start.as_ref().and_then(|t| t.zone.as_ref()))) {
        return false;
    }
    let c = &p.cand.reading;
    let region = match c
        .start
        .as_ref()
        .and_then(|t| t.zone.as_ref())
        .or(c.zone.as_ref())
    {
        Some(zone::ZoneSpec::Named(tz)) => *tz,
        Some(zone::ZoneSpec::Clock { region, .. }) => *region,
        _ => return false,
    };
    let to_utc = |t: &NaiveDateTime| {
        ctx.zone
            .from_local_datetime(t)
            .earliest()
            .map(|d| d.naive_utc())
    };
    let (Some(f), Some(p_utc)) = (to_utc(fs), to_utc(ps)) else {
        return false;
    };
    let offset =
        |t: NaiveDateTime| i64::from(region.offset_from_utc_datetime(&t).fix().local_minus_utc());
    let (Some(before), Some(after)) = (
        p_utc.checked_sub_signed(Duration::days(182)),
        p_utc.checked_add_signed(Duration::days(182)),
    ) else {
        return false;
    };
    let now = offset(p_utc);
    let changes_clocks = offset(before) != now || offset(after) != now;
    // `12pm GMT` in June, `12pm EST` in July: an abbreviation of the
    // region's other clock, which the region's own wall time reads an hour
    // off. A copy that matches that wall time (11:00Z for noon in London)
    // settled what the prose leaves open; it is no slip.
    let region_wall = match c
        .start
        .as_ref()
        .and_then(|t| t.zone.as_ref())
        .or(c.zone.as_ref())
    {
        Some(zone::ZoneSpec::Clock { secs, .. }) => p_utc
            .checked_add_signed(Duration::seconds(i64::from(*secs)))
            .and_then(|wall| region.from_local_datetime(&wall).earliest())
            .map(|d| d.naive_utc()),
        _ => None,
    };
    changes_clocks && (f - p_utc).num_seconds().abs() == 3600 && region_wall != Some(f)
}

/// The front matter's event, with its dated list items as further sessions,
/// and the reading whose keys and line are the evidence (the first timed list
/// item when the event's own keys only label its day).
fn resolve_front_matter<'f>(
    fm: &'f frontmatter::FmReading,
    facts: &'f frontmatter::FmFacts,
    ctx: &Ctx,
    hints: &[YearHint],
) -> Result<(Resolved, &'f frontmatter::FmReading), Warning> {
    let mut used = fm;
    let keys = fm.keys.join(", ");
    let mut res = match resolve::resolve(&fm.reading, ctx, hints) {
        Ok(r) => r,
        Err(Failure::YearUnknown(msg)) => {
            return Err(Warning::new(WarningKind::YearUnknown, fm.line, msg))
        }
        Err(Failure::NoDate) => {
            return Err(Warning::new(
                WarningKind::FrontMatterField,
                fm.line,
                format!("front matter ({keys}) gives a time but no date; ignored"),
            ))
        }
        Err(Failure::Invalid(msg)) => {
            return Err(Warning::new(
                WarningKind::FrontMatterField,
                fm.line,
                format!("front matter ({keys}): {msg}; ignored"),
            ))
        }
    };
    if res.sessions.is_empty() && !facts.sessions.is_empty() {
        let listed: Vec<(&frontmatter::FmReading, Resolved)> = facts
            .sessions
            .iter()
            .filter_map(|s| {
                resolve::resolve(&s.reading, ctx, hints)
                    .ok()
                    .map(|r| (s, r))
            })
            .collect();
        let timed: Vec<&(&frontmatter::FmReading, Resolved)> = listed
            .iter()
            .filter(|(_, r)| matches!(r.value, Value::Timed { .. }))
            .collect();
        let mut all = if matches!(res.value, Value::AllDay { .. }) && !timed.is_empty() {
            // A day without hours beside a list of timed items (`event_date: "July 16,
            // 2019"` over `time: [[{start: 2019-07-19T18:00:00Z, end: …}]]`, as Jekyll
            // event themes write it) is a label of those times, not one more all-day
            // meeting. The times are the more precise statement; a label on no day of
            // theirs is a typo somewhere, and said.
            let label = describe(&res.value);
            let on_its_day = timed
                .iter()
                .any(|(_, r)| days_overlap(&res.value, &r.value));
            let (first_fm, first) = timed[0];
            let mut base = first.clone();
            if !on_its_day {
                base.notes.push((
                    WarningKind::FrontMatterDisagrees,
                    format!(
                        "front matter {keys} says {label}, but {} says {}; using the times \
                         (correct the one that is wrong)",
                        first_fm.keys.join(", "),
                        describe(&first.value)
                    ),
                ));
            }
            res = base;
            used = first_fm;
            timed.iter().map(|(_, r)| r.value.clone()).collect()
        } else {
            let mut all = vec![res.value.clone()];
            all.extend(listed.iter().map(|(_, r)| r.value.clone()));
            all
        };
        all = slots::ordered(all);
        // The same meeting written twice (`event_date: "October 16th - 18th, 2023"` and
        // `time: [[{start: 2023-10-16, end: 2023-10-18}]]`) is one meeting.
        all.dedup();
        if all.len() > 1 {
            res.value = resolve::span(&all);
            res.sessions = all;
        }
    }
    Ok((res, used))
}

/// The front matter against the prose's decision: the prose wins (this
/// warning is returned) when it covers more of the event; an agreeing prose
/// lends hours; a disagreeing labelled line, or prose about the same day,
/// is warned (a talk inside the front matter's span is not). The prose's
/// zones-disagree warnings are kept.
fn against_prose(
    fm: &frontmatter::FmReading,
    res: &mut Resolved,
    p: &Decided<'_>,
    ctx: &Ctx,
    evidence: &mut Evidence,
    warnings: &mut Vec<Warning>,
) -> Option<ProseWins> {
    let c = p.cand;
    let keys = fm.keys.join(", ");
    // A front-matter day without hours that is the post's own date
    // (`date: '2024-07-13'` and `event: {start_date: '2024-07-13'}`, a
    // template filled from the publication date) says less than a labelled
    // line that writes the whole event on another day: year, weekday (which
    // agrees) and hours (`When: Tuesday, July 9th, 2024, from 13:30--17:30
    // Pacific`). The label is the event; the front matter is warned.
    let stamp_copy = matches!(res.value, Value::AllDay { first, last }
        if first == last && Some(first) == ctx.post_date);
    let whole_label = c.is_label()
        && matches!(p.res.value, Value::Timed { .. })
        && c.reading
            .first
            .as_ref()
            .is_some_and(|d| d.y.is_some() && d.wd.is_some())
        && !p
            .warnings
            .iter()
            .any(|w| w.kind == WarningKind::WeekdayMismatch);
    if stamp_copy && whole_label && !days_overlap(&res.value, &p.res.value) {
        return Some(ProseWins::CoversMore(Warning::new(
            WarningKind::FrontMatterDisagrees,
            fm.line,
            format!(
                "front matter ({keys}) says {}, the post's own date, but {} writes the event \
                 in full as {}; using {}",
                describe(&res.value),
                c.place(),
                describe(&p.res.value),
                c.line.map_or_else(|| c.place(), |l| format!("line {l}"))
            ),
        )));
    }
    // `start: 2019-11-16 09:00`, `end: 2019-11-17 18:00` and the body's
    // `11 月 16 ~ 17 日 09:00 ~ 18:00`: the same event, whose prose says it
    // meets each day. Its sessions, not one overnight span.
    // Also when the front matter's days (`date`..`end-date` with daily hours)
    // hold the prose's sessions and more: `28th October and 4th November`
    // are the two meetings, not every day between.
    let fewer_of_the_same = !res.sessions.is_empty()
        && p.res.sessions.len() < res.sessions.len()
        && p.res.sessions.iter().all(|s| res.sessions.contains(s));
    if (res.sessions.is_empty() || fewer_of_the_same)
        && p.res.sessions.len() > 1
        && p.res.value == res.value
    {
        res.sessions.clone_from(&p.res.sessions);
        evidence
            .text
            .push_str(&format!("; sessions from {}", c.place()));
        return None;
    }
    // `start: 2019-11-16 09:00`, `end: 2019-11-16 18:00` and the body's
    // `时间：2019 年 11 月 16~17 日`: the front matter was filled in for the
    // first day; the prose's days, a few without hours, are the event, and
    // the front matter's hours hold on each of them.
    if let (
        Value::Timed {
            start,
            end,
            end_stated: true,
        },
        Value::AllDay { first, last },
    ) = (&res.value, &p.res.value)
    {
        let days = (*last - *first).num_days();
        if res.sessions.is_empty()
            && p.res.sessions.is_empty()
            && (1..7).contains(&days)
            && start.date() == *first
            && end.date() == *first
        {
            let sessions: Vec<Value> = first
                .iter_days()
                .take_while(|d| d <= last)
                .map(|d| Value::Timed {
                    start: d.and_time(start.time()),
                    end: d.and_time(end.time()),
                    end_stated: true,
                })
                .collect();
            let was = describe(&res.value);
            res.value = resolve::span(&sessions);
            res.sessions = sessions;
            evidence.text.push_str(&format!(
                "; days from {}, each at the front matter's hours",
                c.place()
            ));
            warnings.push(Warning::new(
                WarningKind::FrontMatterDisagrees,
                fm.line,
                format!(
                    "front matter ({keys}) says {was}, but {} says {}; using its days at the \
                     front matter's hours",
                    c.place(),
                    describe(&p.res.value)
                ),
            ));
            return None;
        }
    }
    // The front matter's own day key names those days and its time key the
    // post's slot in them: the prose's days say nothing the front matter
    // did not.
    let covers_more = !fm.slot_of_days && resolve::covers_more(&p.res.value, &res.value)
        || (res.sessions.is_empty()
            && p.res.sessions.len() > 1
            && agree(&res.value, &p.res.sessions[0]));
    // One start key holding one day (`startdate: 2025-10-27`), on which the
    // prose's days begin: the front matter wrote where the event starts,
    // nothing that disagrees. A bare day (`date: 2023-11-04` over `11 月 4
    // 日-5 日`) claims the event is on that day, and is warned below.
    let first_day_only = fm.keys.len() == 1
        && names_a_start(&fm.keys[0])
        && matches!(res.value, Value::AllDay { first, last }
            if first == last && resolve::day_span(&p.res.value).0 == first)
        && resolve::day_span(&p.res.value).1 > resolve::day_span(&res.value).1;
    if first_day_only {
        return Some(ProseWins::FirstDayOnly);
    }
    if covers_more {
        return Some(ProseWins::CoversMore(Warning::new(
            WarningKind::FrontMatterDisagrees,
            fm.line,
            format!(
                "front matter ({keys}) says {}, but {} says {}, which covers more of the \
                 event; using {}",
                describe(&res.value),
                c.place(),
                describe(&p.res.value),
                c.line.map_or_else(|| c.place(), |l| format!("line {l}"))
            ),
        )));
    }
    if agree(&res.value, &p.res.value) {
        if resolve::complete(&mut res.value, &p.res.value) {
            evidence
                .text
                .push_str(&format!("; hours from {}", c.place()));
        }
    } else if (c.is_label() || days_overlap(&res.value, &p.res.value))
        && !within(&p.res.value, &res.value)
        && !(fm.slot_of_days && within(&res.value, &p.res.value))
    {
        // A sentence about another day is most likely another event (`the
        // follow-up co-working on April 29`); a labelled line, or other hours
        // on the same day, is this event told twice.
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
    warnings.extend(
        p.warnings
            .iter()
            .filter(|w| w.kind == WarningKind::ZonesDisagree)
            .cloned(),
    );
    None
}

/// Whether a front-matter key names where the event starts (`startdate`,
/// `event.start_date`, `dateStart`, `from`), not the day it is on.
fn names_a_start(key: &str) -> bool {
    let last = key.rsplit('.').next().unwrap_or(key).to_ascii_lowercase();
    last.contains("start") || last.contains("begin") || last == "from"
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
const AGENDA_START: &str =
    "the post's agenda starts when this one says, not when the labelled line does";

/// A labelled line and an announcing sentence that give the same day
/// different starts (`会议日期/时间：6 月 27 日 9:30 – 17:30` beside `将于6月27日
/// 上午11点00分至下午17点30分举办`): the agenda, when it starts at the
/// sentence's time, says the label is the one that is off (the doors' time,
/// or copied from another event). The label is then a conflicting statement.
/// Looked at only when a label won and a sentence disagrees with it, so the
/// agenda is rarely read for this.
fn agenda_settles_the_start(
    judged: &mut choose::Judged<'_>,
    agenda: &Agenda<'_, '_>,
    ctx: &Ctx,
    hints: &[YearHint],
) {
    let start_of = |r: &Result<Resolved, Failure>| match r {
        Ok(Resolved {
            value: Value::Timed { start, .. },
            ..
        }) => Some(*start),
        _ => None,
    };
    let Some(i) = judged.chosen.filter(|&i| judged.cands[i].is_label()) else {
        return;
    };
    let Some(label_start) = start_of(&judged.resolved[i]) else {
        return;
    };
    let day = label_start.date();
    let Some((j, start)) = (0..judged.cands.len()).find_map(|j| {
        let c = &judged.cands[j];
        let start = start_of(&judged.resolved[j])?;
        (judged.eligible[j]
            && !c.is_label()
            && c.source != Source::Link
            && c.cues.event.is_some()
            && start.date() == day
            && start != label_start)
            .then_some((j, start))
    }) else {
        return;
    };
    let whole_day = Value::AllDay {
        first: day,
        last: day,
    };
    if let Some(Value::Timed { start: first, .. }) =
        agenda_bounds(agenda, &whole_day, None, ctx, hints)
    {
        if first == start {
            judged.chosen = Some(j);
            judged.adjusted = Some(AGENDA_START);
        }
    }
}

fn days_overlap(a: &Value, b: &Value) -> bool {
    let (a0, a1) = resolve::day_span(a);
    let (b0, b1) = resolve::day_span(b);
    a0 <= b1 && b0 <= a1
}

/// `all_day: true` in the front matter: the event's days, without the hours
/// written beside them. An end at midnight ends the day before.
fn whole_days(res: &mut Resolved, facts: &frontmatter::FmFacts) {
    if !facts.all_day {
        return;
    }
    res.value = days_of(&res.value);
    let mut sessions: Vec<Value> = res.sessions.iter().map(days_of).collect();
    sessions.dedup();
    res.sessions = if sessions.len() > 1 {
        sessions
    } else {
        Vec::new()
    };
    res.other_start = None;
}

/// The whole days a value covers.
fn days_of(v: &Value) -> Value {
    match *v {
        Value::Timed {
            start,
            end,
            end_stated,
        } => {
            let mut last = if end_stated { end.date() } else { start.date() };
            if end_stated && end.time() == chrono::NaiveTime::MIN && last > start.date() {
                last = last.pred_opt().unwrap_or(last);
            }
            Value::AllDay {
                first: start.date(),
                last,
            }
        }
        ref all_day => all_day.clone(),
    }
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

/// A post that states no day for its event but opens with an agenda (two
/// slots or more, no date of their own, before any dated line, title or
/// summary): the agenda is the post's own event, on the post's date
/// (`content/2025-01-28-seminar.md` opening with `### Agenda` / `5:00pm Meet
/// and greet` / `6:00pm Talks`). A date written before the agenda (`On 14th
/// October the community will celebrate…`) may be the event's day, and a
/// deadline or sign-up date above it says the post is no day's own: the
/// post date is not taken then. The year rule says where the day came from.
fn agenda_on_post_date(
    post: Option<NaiveDate>,
    agenda: &Agenda<'_, '_>,
    cands: &[Candidate],
    ctx: &Ctx,
    hints: &[YearHint],
) -> Option<(Resolved, Evidence)> {
    let day = post?;
    // Cheap first: two slots at least possible (front-matter items, labelled
    // time-only lines, lines that could start with a time) before the
    // agenda is read; most posts without an event have none.
    // `5:00pm`, `14：00`, `9点`, `9.30am`, `7pm`, `１３:００` (not `1. First`).
    let led_by_time = |(l, layout): &(&&str, &scan::Layout)| {
        if matches!(layout, scan::Layout::Hidden | scan::Layout::Blank) {
            return false;
        }
        let t = l.trim_start_matches(|c: char| c.is_whitespace() || "|-*+#>".contains(c));
        let digits = t
            .chars()
            .take_while(|c| c.is_ascii_digit() || ('０'..='９').contains(c))
            .count();
        let mut rest = t.chars().skip(digits);
        (1..=2).contains(&digits)
            && match rest.next() {
                Some(':' | '：' | '点' | '时' | '時' | 'a' | 'p' | 'A' | 'P') => true,
                Some('.') => rest.next().is_some_and(|c| c.is_ascii_digit()),
                _ => false,
            }
    };
    let labelled = cands
        .iter()
        .filter(|c| c.is_label() && c.reading.has_time() && !c.reading.has_date())
        .count();
    let possible = agenda.facts.agenda.len()
        + labelled
        + agenda
            .body
            .lines
            .iter()
            .zip(&agenda.body.layout)
            .filter(led_by_time)
            .take(2)
            .count();
    if agenda.slots.get().is_none() && possible < 2 {
        return None;
    }
    let first = match agenda.slots() {
        [first, _, ..] => first.line?,
        _ => return None,
    };
    let dated_before = cands.iter().any(|c| {
        c.reading.has_date()
            && (matches!(c.source, Source::Title | Source::Summary)
                || c.line.is_none_or(|l| l < first))
    });
    if dated_before {
        return None;
    }
    let value = agenda_bounds(
        agenda,
        &Value::AllDay {
            first: day,
            last: day,
        },
        None,
        ctx,
        hints,
    )?;
    let res = Resolved {
        value,
        year_rule: format!("the post's date {day} (no line writes the event's day)"),
        notes: Vec::new(),
        sessions: Vec::new(),
        other_start: None,
        zone_note: None,
    };
    let evidence = Evidence {
        line: Some(first),
        text: format!("the post's date {day}; hours from the agenda"),
    };
    Some((res, evidence))
}

/// `Each meeting will run from 2pm to 3pm GMT`, `The two meetings in March
/// will run from 2pm to 3pm`: hours without a day that hold for every
/// meeting the post announces (`On Friday, 10 June, we will …`, `On Friday,
/// 17 June, …`), limited to the month the sentence names. Those days at
/// those hours are the sessions, with the chosen statement when it gives
/// its own hours on another day (`The meeting on April 1st … will run from
/// 4pm to 5pm`). Days up to the post date (`On Friday, June 3rd, the team
/// had a planning meeting`, the post's own occasion) and reported days are
/// not announced.
fn each_meeting(judged: &choose::Judged<'_>, d: &mut Decided<'_>, ctx: &Ctx, hints: &[YearHint]) {
    use std::sync::LazyLock;
    static EACH: LazyLock<Option<regex::Regex>> = LazyLock::new(|| {
        regex::Regex::new(concat!(
            r"(?i)\b(?:each|every|all(?:\s+of)?(?:\s+the)?|the\s+(?:two|three|four|five|\d)|both(?:\s+of)?(?:\s+the)?)",
            r"\s+(?:meetings?|sessions?|calls?)(?:\s+in\s+([a-z]+))?\b",
            r"|每(?:次|场|期)(?:会议|例会|活动|分享)"
        ))
        .ok()
    });
    let Some(re) = EACH.as_ref() else {
        return;
    };
    if !d.res.sessions.is_empty() {
        return;
    }
    let cands = judged.cands;
    let Some((hours, month)) = cands.iter().find_map(|o| {
        if o.source != Source::Prose
            || !o.reading.has_time()
            || o.reading.has_date()
            || o.cues.excluded.is_some()
        {
            return None;
        }
        let caps = re.captures(&o.text)?;
        let month = caps.get(1).map(|m| grammar::month_of(m.as_str()));
        match month {
            // `in Zulip`: a place, not a month; the sentence holds for all.
            Some(None) | None => Some((o, None)),
            Some(m) => Some((o, m)),
        }
    }) else {
        return;
    };
    let mut days: Vec<NaiveDate> = cands
        .iter()
        .zip(&judged.resolved)
        .filter(|(c, _)| {
            c.source == Source::Prose
                && c.reading.has_date()
                && !c.reading.has_time()
                && c.cues.excluded.is_none()
                && !c.cues.past
        })
        .filter_map(|(_, r)| match r {
            Ok(Resolved {
                value: Value::AllDay { first, last },
                ..
            }) if first == last => Some(*first),
            _ => None,
        })
        .filter(|day| ctx.post_date.is_none_or(|p| *day > p))
        .filter(|day| month.is_none_or(|m| chrono::Datelike::month(day) == m))
        .collect();
    days.sort();
    days.dedup();
    if days.len() < 2 || days.len() > resolve::MAX_SESSIONS {
        return;
    }
    let (chosen_first, _) = resolve::day_span(&d.res.value);
    let chosen_timed_elsewhere = matches!(
        d.res.value,
        Value::Timed {
            end_stated: true,
            ..
        }
    ) && !days.contains(&chosen_first);
    if !days.contains(&chosen_first) && !chosen_timed_elsewhere {
        return;
    }
    let mut sessions = Vec::new();
    for day in &days {
        let mut on_day = hours.reading.clone();
        on_day.first = Some(grammar::PDate::of(*day));
        on_day.last = None;
        let Ok(r) = resolve::resolve(&on_day, ctx, hints) else {
            return;
        };
        if !matches!(r.value, Value::Timed { .. }) {
            return;
        }
        sessions.push(r.value);
    }
    if chosen_timed_elsewhere {
        sessions.push(d.res.value.clone());
    }
    let sessions = slots::ordered(sessions);
    d.res.value = resolve::span(&sessions);
    d.res.sessions = sessions;
    d.lent.push(format!(
        "sessions on each announced day at the hours of {}",
        hours.place()
    ));
}

/// `Tuesday, September 26th` on a line of its own, right above `- 09:00 ~
/// 09:15 am - Welcome` / `- 09:15 ~ 09:45 am - …`: the day the agenda
/// under it is on, though no word announces it. Only when nothing else in
/// the post is the event.
fn day_over_agenda(
    judged: &choose::Judged<'_>,
    agenda: &Agenda<'_, '_>,
    ctx: &Ctx,
    hints: &[YearHint],
) -> Option<(Resolved, Evidence)> {
    let body = agenda.body;
    for (k, c) in judged.cands.iter().enumerate() {
        let bare = c.text.trim().trim_matches(|ch: char| "*#_ ".contains(ch));
        if c.source != Source::Prose
            || c.reading.has_time()
            || !c.reading.has_date()
            || c.cues.excluded.is_some()
            || c.cues.past
            || bare.chars().count() > 40
        {
            continue;
        }
        let Some(i) = c.line.and_then(|l| l.checked_sub(body.first_line)) else {
            continue;
        };
        let next = (i + 1..body.lines.len()).find(|&j| {
            body.layout
                .get(j)
                .is_some_and(|l| *l != scan::Layout::Blank)
        });
        if next.and_then(|j| scan::agenda_slot(body, j)).is_none() {
            continue;
        }
        let Ok(r) = &judged.resolved[k] else {
            continue;
        };
        if !matches!(r.value, Value::AllDay { first, last } if first == last) {
            continue;
        }
        let value = agenda_bounds(agenda, &r.value, None, ctx, hints)?;
        let mut res = r.clone();
        res.value = value;
        let evidence = Evidence {
            line: c.line,
            text: format!("{}; hours from the agenda under it", c.text),
        };
        return Some((res, evidence));
    }
    None
}

/// A list item that holds a link to a page (`- [Open House, Fri. Oct. 17 @
/// 2:00 PM](https://…)`): a listing that points at an event's own page.
fn links_elsewhere(c: &Candidate) -> bool {
    let t = c.text.trim_start();
    c.source == Source::Prose
        && (t.starts_with("- ") || t.starts_with("* ") || t.starts_with("+ "))
        && (t.contains("](http://") || t.contains("](https://"))
}

/// `5:00pm Meet and greet` / `6:00pm Talks` / `7:30pm Hangout`: an agenda
/// of starts only, each after the one before, on one day (a lone `13:00
/// 签到` is no agenda). The event starts with the first; no end is stated.
fn starts_only(slots: &[Value], starts: &[NaiveDateTime]) -> bool {
    starts.len() == slots.len()
        && starts.windows(2).all(|w| w[1] > w[0])
        && slots.iter().all(|v| {
            matches!(
                v,
                Value::Timed {
                    end_stated: false,
                    ..
                }
            )
        })
}

/// An event known by its day only, whose post lists an agenda: the first
/// slot's start and the last slot's end bound it (slots in order, all on
/// that day).
fn agenda_bounds(
    agenda: &Agenda<'_, '_>,
    v: &Value,
    part: Option<grammar::Period>,
    ctx: &Ctx,
    hints: &[YearHint],
) -> Option<Value> {
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
    let place = agenda.place;
    let agenda: Vec<&Slot> = agenda
        .slots()
        .iter()
        .filter(|a| a.table_dates.iter().all(on_this_day))
        .collect();
    if agenda.is_empty() {
        return None;
    }
    let on_day = |r: &grammar::Reading| {
        let mut r = r.clone();
        if r.zone.is_none() && r.start.as_ref().is_some_and(|t| t.zone.is_none()) {
            r.zone = place.map(zone::ZoneSpec::Named);
        }
        r.first = Some(grammar::PDate::of(day));
        r.last = None;
        in_day_part(&mut r, part);
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
    // The day as written; in a place's zone its site-zone date may be the
    // one before or after (`09:00` in Shanghai is the evening before in Los
    // Angeles): the agenda's own start's date then.
    let on_the_day =
        |t: NaiveDateTime| t.date() == day || (place.is_some() && t.date() == start.date());
    match slots.last()? {
        Value::Timed {
            end,
            end_stated: true,
            ..
        } if *end > start && on_the_day(*end) => Some(Value::Timed {
            start,
            end: *end,
            end_stated: true,
        }),
        // `11:40 - ??:?? | Networking` after slots with ends: the agenda
        // gives the start, and the event runs at least into its last slot;
        // the end is not stated (`check` says so). A lone `13:00 签到` is no
        // agenda to bound a day by.
        Value::Timed {
            start: last_start,
            end_stated: false,
            ..
        } if known_start.is_none()
            && *last_start >= start
            && on_the_day(*last_start)
            && slots.len() >= 2
            && (slots[..slots.len() - 1].iter().all(|v| {
                matches!(
                    v,
                    Value::Timed {
                        end_stated: true,
                        ..
                    }
                )
            }) || starts_only(&slots, &starts)) =>
        {
            Some(Value::Timed {
                start,
                end: resolve::add_elapsed(start, ctx.default_duration, ctx.zone).max(*last_start),
                end_stated: false,
            })
        }
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
    // A post about a recording (`chapters: [{seconds: 280, …}]`, `video:`,
    // `youtube:`) gives the video's length in seconds as a bare `duration:
    // 965`; that is no event length.
    const RECORDING: [&str; 8] = [
        "chapters",
        "video",
        "videoid",
        "video_id",
        "youtube",
        "youtubeid",
        "recording",
        "vimeo",
    ];
    let recording = input.front_matter.iter().any(|f| {
        let first = f.key.split('.').next().unwrap_or("");
        let last = f.key.rsplit('.').next().unwrap_or("");
        RECORDING.iter().any(|k| first.eq_ignore_ascii_case(k))
            || (first.len() < f.key.len() && last.eq_ignore_ascii_case("seconds"))
    });
    if let Some(found) = input
        .front_matter
        .iter()
        .find_map(|f| front_matter_length(f, recording))
    {
        return Some(found);
    }
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
            // Only lines that can hold a length are normalized and searched
            // (every line of every post passes here: one pass, no copy).
            let b = t.as_bytes();
            let at = |k: usize, word: &[u8]| text::starts_with_ci(&b[k..], word);
            t.contains("分钟")
                || t.contains("小时")
                || (0..b.len()).any(|k| match b[k] | 0x20 {
                    b'h' => at(k, b"hour") || at(k, b"hr"),
                    b'm' => at(k, b"min"),
                    _ => false,
                })
        })
        .find_map(|t| cues::stated_length(&text::normalize(t)))
}

/// A length in the front matter (`duration: 60`, as Jekyll event themes write
/// it, `length: 1h30m`, `duration: PT90M`), at the top level or in an event
/// block. A bare number is minutes, taken only from 5 minutes to a day: a
/// conference's `duration: 4320` spans days and says nothing about an end hour.
/// Beside a `recording`'s keys a bare number is the video's seconds: not taken.
fn front_matter_length(f: &FrontMatterValue, recording: bool) -> Option<(Duration, String)> {
    let mut parts = f.key.split('.');
    let (first, second) = (parts.next()?, parts.next());
    let name = second
        .unwrap_or(first)
        .to_ascii_lowercase()
        .replace(['_', '-'], "");
    let in_place =
        second.is_none() || (parts.next().is_none() && first.eq_ignore_ascii_case("event"));
    if !in_place || !matches!(name.as_str(), "duration" | "length" | "eventduration") {
        return None;
    }
    let text = f.text.trim();
    let minutes = if let Ok(n) = text.parse::<i64>() {
        if recording {
            return None;
        }
        n
    } else {
        // `PT1H30M`, `1h30m`, `90m`, `2h`, `90 min`.
        let t = text.to_ascii_lowercase();
        let t = t.strip_prefix("pt").unwrap_or(&t).replace(' ', "");
        let (hours, rest) = match t.split_once('h') {
            Some((h, rest)) => (h.parse::<i64>().ok()?, rest),
            None => (0, t.as_str()),
        };
        let rest = rest
            .trim_end_matches("ins")
            .trim_end_matches("in")
            .trim_end_matches('m');
        let mins = if rest.is_empty() {
            0
        } else {
            rest.parse::<i64>().ok()?
        };
        hours.checked_mul(60)?.checked_add(mins)?
    };
    (5..=24 * 60).contains(&minutes).then(|| {
        (
            Duration::minutes(minutes),
            format!("front matter `{}: {}`", f.key, f.text),
        )
    })
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

fn no_event_time(found: &scan::Scan, judged: &choose::Judged<'_>, ex: &Example) -> Warning {
    let cands = judged.cands;
    if let Some(c) = cands
        .iter()
        .find(|c| c.is_label() && c.reading.has_time() && !c.reading.has_date())
    {
        return Warning::new(
            WarningKind::NoEventTime,
            c.line,
            format!(
                "{} gives a time but no line gives its date; add one, e.g. {}, or write {}",
                c.place(),
                ex.date,
                ex.full
            ),
        );
    }
    if let Some(u) = found.unreadable.first() {
        return Warning::new(
            WarningKind::NoEventTime,
            Some(u.line),
            format!(
                "line {} is labelled {} but no date or time could be read from `{}`; write it \
                 like {}",
                u.line, u.label, u.text, ex.full
            ),
        );
    }
    let base = format!(
        "no line labelled 活动时间/时间/Time/Date… and no sentence that announces a date \
         found; add one, e.g. {}",
        ex.full
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
