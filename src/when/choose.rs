//! Which statement of a post is its event time, and why.
//!
//! # The order
//!
//! Candidates are ranked by class first, then by score, then by document
//! order (the title, the front-matter summaries, then the body top to
//! bottom):
//!
//! 1. a line with an event-time label (`活动时间`, `Time`, `会议日期/时间`);
//! 2. a line with a broadcast label (`直播时间`, `Live time`);
//! 3. a sentence, the title or a front-matter summary;
//! 4. a time inside a link.
//!
//! Within the first two classes the first line with a date wins (labels say
//! what they are). Within the others the score counts:
//!
//! | cue | points |
//! | --- | --- |
//! | announcement words (`will take place`, `join us`, `将于`, `举办`) | +40 |
//! | an item of a list introduced as the schedule (`at the following times:`) | +20 |
//! | a clock time | +20 |
//! | the title | +15 |
//! | a front-matter summary | +10 |
//! | in the first three paragraphs of the body | +10 |
//! | on or after the post date (minus a day) | +10 |
//! | more than a day before the post date | −25 |
//! | report words (`was held`, `举办了`) | −15 |
//! | a written weekday | +5 |
//! | a link | −10 |
//! | a relative day (`今天`, `next Thursday`) instead of a date | −40 |
//! | a weekday and a day of the month (`Tuesday, the 19th`) | +5 |
//!
//! # What is never the event
//!
//! A statement about another day than the one a title names its event by
//! (`Community Meeting - 2024-01-24`): the title's day stays, with hours a
//! statement gives for it.
//!
//! A title, summary or opening sentence (first paragraphs) that announces
//! more than a week of days, or days with none of the post's hours on the
//! first, is the programme, over the sessions the post lists inside it.
//!
//! A chosen statement whose written weekday is not its date's yields to a
//! statement of the same clock time whose date is on that weekday, within
//! 30 days.
//!
//! When the title looks back on an event (`Highlights from …`, `…回顾`) and
//! nothing else can be the event, the body's first statement, if it opens the
//! body with a day (`6月30日，杭州，…`), is its day. When the title looks back and
//! the best statement is after the post date, the best one that reports a
//! day on or before it is the event; the invitation is to another.
//!
//! A relative day without hours in a sentence needs announcing words
//! (`今天的服务网格已经…` is nowadays, not a day). A statement with a day and
//! no hours needs announcing or reporting words,
//! or to be a dateline (a line of only a date and a part of the day, `2019.3.2
//! 晚上`); a title or summary may instead name an event (`meetup`, `call`, `会议`):
//! `2024 年 7 月 9 日，CNCF 正式接纳…` is news, not an event.
//!
//! A date in a clause about history (`last year`, `上一期`, `回顾`), a
//! deadline (`deadline`, `截止`), a registration period (`报名时间`,
//! `registration opens`) or a campaign (`抽奖活动`, `giveaway`); a date
//! under a heading that says so. A sentence,
//! title or summary whose date has no clock time and no announcement word
//! is not the event either (`* December 18 - groups are matched`): it may
//! lend its year or be completed by a time line, no more. Words that
//! report (`was held`, `举办了`) count as announcing: a report's date is its
//! event's. Without such words, a statement whose score is below zero is
//! not the event.

use super::candidate::{Candidate, Source, Tier};
use super::resolve::{self, Ctx, Failure, Resolved, Value};
use super::year::YearHint;

/// Every candidate resolved and ranked.
pub(crate) struct Judged<'a> {
    pub cands: &'a [Candidate],
    pub resolved: Vec<Result<Resolved, Failure>>,
    pub eligible: Vec<bool>,
    pub score: Vec<i32>,
    pub chosen: Option<usize>,
    /// Labelled candidates ranked above the chosen one that could not be used.
    pub skipped: Vec<usize>,
    /// Why the best-ranked candidate gave way to the chosen one.
    pub adjusted: Option<&'static str>,
    /// The post's title says it looks back on an event.
    pub title_reports: bool,
}

/// A rule that may prefer another candidate over the chosen one `i`.
type Rule = fn(&[Candidate], &[Result<Resolved, Failure>], &[usize], usize) -> Option<usize>;

/// Whether a candidate may be the event, and its score (see the module doc).
fn judge(c: &Candidate, r: &Result<Resolved, Failure>, ctx: &Ctx) -> (bool, i32) {
    let points = match r {
        Ok(r) if !c.is_label() => points(c, r, ctx),
        _ => 0,
    };
    // Words that report the event (`was held`, `举办了`, `拉开序幕`) name it as much as
    // words that announce it: a report's date is its event's. Without such
    // words, a time that scores below nothing is most likely history; a
    // title or summary with a day but no hours may instead name an event
    // (`Meetup -Shanghai 2019.09.20`), since `2024 年 7 月 9 日，CNCF 正式接纳…`
    // is news, not an event.
    // `今天的服务网格…已经…`, `今天成了成员，明天…，后天…`: a relative day
    // without hours in prose that announces nothing and reports no event
    // (`已经` alone is no report) is a manner of speaking (nowadays, one
    // day), not a day of the event. `昨天我们举办了读书会` still is one.
    let loose_relative = c.source == Source::Prose
        && c.reading.first.is_none()
        && c.reading.relative.is_some()
        && !c.reading.has_time()
        && c.cues.event.is_none()
        && (!c.cues.past || super::cues::only_already(&c.text));
    let ok = c.reading.has_date()
        && c.cues.excluded.is_none()
        && !loose_relative
        && (c.is_label()
            || c.cues.event.is_some()
            || c.cues.past
            || c.cues.starts
            || (c.cues.noun && matches!(c.source, Source::Title | Source::Summary))
            // A title dated and about an `活动` (`2026/01/08 吃吃喝喝…聚餐活动 at
            // …`) names its event; in a summary the word is as often news.
            || (c.source == Source::Title && c.text.contains("活动"))
            // `2019.3.2 晚上` alone on its line: when what the post records
            // happened.
            || (c.source == Source::Prose && super::cues::is_dateline(&c.text))
            || (c.reading.has_time() && points >= 0));
    (ok, points)
}

/// Days without hours from a sentence, title or summary (`Join the
/// discussion 21-22 May`), and a statement with hours on one of those days:
/// the one with hours is the more complete reading. More than a week of days
/// is a programme (`14 July - 31 August`), not the days of a few sessions.
fn hours_within_days(
    cands: &[Candidate],
    resolved: &[Result<Resolved, Failure>],
    order: &[usize],
    i: usize,
) -> Option<usize> {
    if cands[i].is_label() {
        return None;
    }
    let Ok(Resolved {
        value: Value::AllDay { first, last },
        ..
    }) = &resolved[i]
    else {
        return None;
    };
    if (*last - *first).num_days() >= 7 {
        return None;
    }
    order.iter().copied().find(|&j| {
        j != i
            && !cands[j].is_label()
            && cands[j].source != Source::Link
            && matches!(&resolved[j], Ok(Resolved { value: Value::Timed { start, .. }, .. })
                if start.date() >= *first && start.date() <= *last)
    })
}

/// Why [`title_day`] moved the choice; [`super::conflicts`] then leaves out
/// the other days the post names.
pub(crate) const TITLE_DAY: &str =
    "the title names the post's event by its day; the best one is about another day";

/// A title that names the post's event by its day (`Community Meeting -
/// 2024-01-24`, `Governance WG Update: Meeting 11 February 2020`) says which
/// event the post is about: a sentence about another day (`WasmCon takes
/// place 16th April`, `the next call will be on Jan 31`) is another event.
/// The title's day stays, with the hours a statement gives for that day.
fn title_day(
    cands: &[Candidate],
    resolved: &[Result<Resolved, Failure>],
    order: &[usize],
    i: usize,
) -> Option<usize> {
    if cands[i].is_label() || cands[i].source == Source::Title {
        return None;
    }
    let t = order.iter().copied().find(|&j| {
        cands[j].source == Source::Title
            && cands[j].cues.noun
            && cands[j].cues.excluded.is_none()
            && matches!(&resolved[j], Ok(Resolved { value: Value::AllDay { first, last }, .. })
                if (*last - *first).num_days() < 7)
    })?;
    let (first, last) = match &resolved[t] {
        Ok(Resolved {
            value: Value::AllDay { first, last },
            ..
        }) => (*first, *last),
        _ => return None,
    };
    // On the title's days in the site zone, or as written: `13 March, 17:00
    // UTC` is the title's 13 March even where the site zone has it on the 14th.
    let on_title_days = |k: usize, v: &Value| {
        let in_zone = first_day(v);
        let written = cands[k].reading.first.as_ref().and_then(|w| {
            let y = w.y.unwrap_or_else(|| chrono::Datelike::year(&in_zone));
            chrono::NaiveDate::from_ymd_opt(y, w.m, w.d)
        });
        [Some(in_zone), written]
            .into_iter()
            .flatten()
            .any(|d| d >= first && d <= last)
    };
    if resolved[i]
        .as_ref()
        .is_ok_and(|r| on_title_days(i, &r.value))
    {
        return None;
    }
    order
        .iter()
        .copied()
        .find(|&j| {
            j != t
                && !cands[j].is_label()
                && cands[j].source != Source::Link
                && matches!(&resolved[j], Ok(r @ Resolved { value: Value::Timed { .. }, .. }) if on_title_days(j, &r.value))
        })
        .or(Some(t))
}

/// A title, summary or opening sentence announcing more than a week of days
/// (`Join Us for CarpentryCon @ Home: 14 July - 31 August`, `The Drive will
/// take place from 8th to 19th May`) is the programme; the sessions
/// the post lists inside it (a day's slack: an opening the evening before,
/// in another zone) are its parts.
fn programme(
    cands: &[Candidate],
    resolved: &[Result<Resolved, Failure>],
    order: &[usize],
    i: usize,
) -> Option<usize> {
    if cands[i].is_label() {
        return None;
    }
    let chosen_day = first_day(&resolved[i].as_ref().ok()?.value);
    let slack = chrono::Duration::days(1);
    let timed_on = |day: chrono::NaiveDate| {
        order.iter().any(|&k| {
            !cands[k].is_label()
                && matches!(&resolved[k], Ok(Resolved { value: Value::Timed { start, .. }, .. })
                    if start.date() == day)
        })
    };
    // The talks inside: one time alone in a conference's days is the post's
    // own session (`Our talk will be on 2 April at 14:30` under `KubeCon
    // takes place on 1-4 April`), not a programme's parts.
    let talks_in = |first: chrono::NaiveDate, last: chrono::NaiveDate| {
        let mut starts: Vec<_> = order
            .iter()
            .filter(|&&k| !cands[k].is_label())
            .filter_map(|&k| match &resolved[k] {
                Ok(Resolved {
                    value: Value::Timed { start, .. },
                    ..
                }) if start.date() >= first && start.date() <= last => Some(*start),
                _ => None,
            })
            .collect();
        starts.sort();
        starts.dedup();
        starts.len()
    };
    order.iter().copied().find(|&j| {
        let covers = match &resolved[j] {
            // Fewer days are a programme too when none of the hours the post
            // gives is on the first day (`July 06-09` over talks on the 7th
            // to the 9th): sittings of the event would start with it.
            Ok(Resolved {
                value: Value::AllDay { first, last },
                ..
            }) => {
                ((*last - *first).num_days() >= 7
                    || (last > first && !timed_on(*first) && talks_in(*first, *last) >= 2))
                    && chosen_day + slack >= *first
                    && chosen_day <= *last + slack
            }
            _ => false,
        };
        // The sentence that opens the post (its first paragraphs, as
        // `points` counts them) says what it announces as a title does.
        let heads_the_post = match cands[j].source {
            Source::Title | Source::Summary => true,
            Source::Prose => cands[j].para <= 2,
            _ => false,
        };
        j != i && heads_the_post && cands[j].cues.event.is_some() && covers
    })
}

fn class(c: &Candidate) -> u8 {
    match c.source {
        Source::Label(Tier::Event) => 3,
        Source::Label(Tier::Live) => 2,
        Source::Prose | Source::Title | Source::Summary => 1,
        Source::Link => 0,
    }
}

/// The first day of a value.
fn first_day(v: &Value) -> chrono::NaiveDate {
    resolve::day_span(v).0
}

impl<'a> Judged<'a> {
    /// `title_reports`: the post's title says it looks back on an event
    /// ([`super::cues::title_reports`]).
    pub(crate) fn new(
        cands: &'a [Candidate],
        ctx: &Ctx,
        hints: &[YearHint],
        title_reports: bool,
    ) -> Judged<'a> {
        let resolved: Vec<_> = cands
            .iter()
            .map(|c| resolve::resolve(&c.reading, ctx, hints))
            .collect();
        let (eligible, score): (Vec<bool>, Vec<i32>) = cands
            .iter()
            .zip(&resolved)
            .map(|(c, r)| judge(c, r, ctx))
            .unzip();
        let mut eligible = eligible;
        // A post whose title looks back on an event (`第一届 Meetup 杭州站回顾`)
        // and that opens its body with a day (`6月30日，杭州，蚂蚁Z空间，一大早就
        // 下起了雨…`): the day of the event it looks back on.
        if title_reports && !eligible.iter().any(|e| *e) {
            if let Some(i) = cands.iter().position(|c| c.source == Source::Prose) {
                let c = &cands[i];
                if c.para <= 2
                    && c.reading.first.is_some()
                    && c.cues.excluded.is_none()
                    && resolved[i].is_ok()
                {
                    eligible[i] = true;
                }
            }
        }
        let mut order: Vec<usize> = (0..cands.len()).filter(|&i| eligible[i]).collect();
        // Stable: document order among equals.
        order.sort_by_key(|&i| {
            (
                std::cmp::Reverse(class(&cands[i])),
                std::cmp::Reverse(score[i]),
            )
        });
        let mut chosen = None;
        let mut skipped = Vec::new();
        for &i in &order {
            if resolved[i].is_ok() {
                chosen = Some(i);
                break;
            }
            if cands[i].is_label() {
                skipped.push(i);
            }
        }
        // No statement could be read, and the best announcing sentence fails only
        // for want of a year (an undated post, `on October 24th`): say that, not
        // that no time was written.
        if chosen.is_none() && skipped.is_empty() {
            if let Some(&i) = order
                .iter()
                .find(|&&i| matches!(resolved[i], Err(Failure::YearUnknown(_))))
            {
                skipped.push(i);
            }
        }
        let mut adjusted = None;
        let rules: [(Rule, &'static str); 4] = [
            (title_day, TITLE_DAY),
            (
                hours_within_days,
                "a statement with hours on one of the days the best one gives",
            ),
            (
                programme,
                "a title, summary or opening sentence announcing the programme the sessions are in",
            ),
            (
                weekday_fix,
                "the best one's weekday is not its date's, but falls on this one's",
            ),
        ];
        for (rule, why) in rules {
            if let Some(i) = chosen {
                if let Some(j) = rule(cands, &resolved, &order, i) {
                    chosen = Some(j);
                    adjusted = Some(why);
                }
            }
        }
        if let (true, Some(i), Some(post)) = (title_reports, chosen, ctx.post_date) {
            if let Some(j) = reported(cands, &resolved, &order, i, post) {
                chosen = Some(j);
                adjusted = Some(REPORTED);
            }
        }
        Judged {
            cands,
            resolved,
            eligible,
            score,
            chosen,
            skipped,
            adjusted,
            title_reports,
        }
    }

    pub(crate) fn chosen(&self) -> Option<(&'a Candidate, &Resolved)> {
        let i = self.chosen?;
        let r = self.resolved[i].as_ref().ok()?;
        Some((&self.cands[i], r))
    }

    /// Why the chosen candidate won, for `check`.
    pub(crate) fn reason(&self) -> Option<String> {
        let i = self.chosen?;
        let c = &self.cands[i];
        let mut why = match c.source {
            Source::Label(Tier::Event) => {
                format!(
                    "labelled `{}`, the first event-time label with a date",
                    c.label
                )
            }
            Source::Label(Tier::Live) => format!(
                "labelled `{}`, a broadcast label, and no event-time label has a date",
                c.label
            ),
            _ => {
                let mut parts = Vec::new();
                if let Some(e) = &c.cues.event {
                    parts.push(format!("says `{e}`"));
                }
                if c.reading.has_time() {
                    parts.push("has a clock time".to_string());
                }
                match c.source {
                    Source::Title => parts.push("is the title".to_string()),
                    Source::Summary => parts.push(format!("is the front matter `{}`", c.label)),
                    Source::Link => parts.push("is a time link".to_string()),
                    _ if c.para <= 2 => parts.push("opens the post".to_string()),
                    _ => {}
                }
                if c.cues.past {
                    parts.push("reports a past event".to_string());
                }
                format!(
                    "{} {} (score {})",
                    match c.source {
                        Source::Title => "the title",
                        Source::Summary => "the summary",
                        Source::Link => "the link",
                        _ => "the sentence",
                    },
                    parts.join(", "),
                    self.score[i]
                )
            }
        };
        if let Some(a) = self.adjusted {
            why.push_str(&format!(" — chosen as {a}"));
        }
        // The runner-up, to show what lost.
        let runner = (0..self.cands.len())
            .filter(|&j| j != i && self.eligible[j] && self.resolved[j].is_ok())
            .filter(|&j| {
                let a = self.resolved[j].as_ref().ok().map(|r| &r.value);
                let b = self.resolved[i].as_ref().ok().map(|r| &r.value);
                matches!((a, b), (Some(a), Some(b)) if !resolve::agree(a, b))
            })
            .max_by_key(|&j| (class(&self.cands[j]), self.score[j], std::cmp::Reverse(j)));
        if let Some(j) = runner {
            why.push_str(&format!(
                "; over {}{}",
                self.cands[j].place(),
                if self.cands[j].is_label() {
                    String::new()
                } else {
                    format!(" (score {})", self.score[j])
                }
            ));
        }
        let excluded = self
            .cands
            .iter()
            .filter(|c| c.cues.excluded.is_some() && c.reading.has_date())
            .count();
        if excluded > 0 {
            why.push_str(&format!(
                "; {excluded} line(s) left out as history, deadline, registration or other events"
            ));
        }
        Some(why)
    }
}

pub(crate) const REPORTED: &str =
    "the title looks back on an event; the best one invites to a later one, this one reports it";

/// A post whose title looks back on an event (`Highlights from the 2023
/// Retreat`, `…活动回顾`) is about that event, whatever it invites to next:
/// when the best statement is a day after the post, the best one that
/// reports (`the retreat was held on April 20-22`, `举办了`) a day on or
/// before the post date is its event.
fn reported(
    cands: &[Candidate],
    resolved: &[Result<Resolved, Failure>],
    order: &[usize],
    i: usize,
    post: chrono::NaiveDate,
) -> Option<usize> {
    if cands[i].is_label() || first_day(&resolved[i].as_ref().ok()?.value) <= post {
        return None;
    }
    order.iter().copied().find(|&j| {
        cands[j].cues.past
            && !cands[j].is_label()
            && cands[j].source != Source::Link
            && resolved[j]
                .as_ref()
                .is_ok_and(|r| first_day(&r.value) <= post)
    })
}

/// A statement whose written weekday does not fall on its date (`6 月 12 日
/// 周四`, a Wednesday) yields to one of the same clock time whose date does
/// fall on that weekday, within 30 days (`6 月 27 日周四晚 7 点`): the weekday
/// says which date was copied by mistake.
fn weekday_fix(
    cands: &[Candidate],
    resolved: &[Result<Resolved, Failure>],
    order: &[usize],
    i: usize,
) -> Option<usize> {
    use chrono::Datelike;
    let wd = cands[i].reading.first.as_ref()?.wd.as_ref()?.wd;
    let r = resolved[i].as_ref().ok()?;
    let day = first_day(&r.value);
    if day.weekday() == wd {
        return None;
    }
    let clock = |v: &Value| match v {
        Value::Timed { start, .. } => Some(start.time()),
        Value::AllDay { .. } => None,
    };
    order.iter().copied().find(|&j| {
        let Ok(o) = &resolved[j] else {
            return false;
        };
        let d = first_day(&o.value);
        j != i
            && cands[j].source != Source::Link
            && d.weekday() == wd
            && (d - day).num_days().abs() <= 30
            && clock(&o.value) == clock(&r.value)
    })
}

/// The score of a candidate that is not a labelled line (see the module doc).
fn points(c: &Candidate, r: &Resolved, ctx: &Ctx) -> i32 {
    let mut s = 0;
    if c.cues.event.is_some() {
        s += 40;
    }
    // The post's own schedule, as its words say (`at the following times:`).
    if c.cues.schedule {
        s += 20;
    }
    if c.reading.has_time() {
        s += 20;
    }
    match c.source {
        Source::Title => s += 15,
        Source::Summary => s += 10,
        Source::Link => s -= 10,
        _ => {}
    }
    if matches!(c.source, Source::Prose | Source::Link) && c.para <= 2 {
        s += 10;
    }
    if let Some(post) = ctx.post_date {
        let day = first_day(&r.value);
        if day.succ_opt().is_some_and(|d| d < post) {
            s -= 25;
        } else {
            s += 10;
        }
    }
    if c.cues.past {
        s -= 15;
    }
    if c.reading.first.as_ref().is_some_and(|d| d.wd.is_some()) {
        s += 5;
    }
    // `今天`, `next Thursday`: a written date says more. `Tuesday, the 19th`
    // writes the day and its weekday: as much as a date without a year.
    match c.reading.relative.as_ref().map(|r| r.day) {
        Some(super::grammar::RelDay::MonthDay(..) | super::grammar::RelDay::MonthDayBefore(..))
            if c.reading.first.is_none() =>
        {
            s += 5
        }
        Some(_) if c.reading.first.is_none() => s -= 40,
        _ => {}
    }
    s
}
