//! The year of a date written without one, and written weekdays that
//! confirm or contradict a date.

use chrono::{Datelike, Duration, NaiveDate, Weekday};

use super::grammar::{PDate, WrittenWeekday};
use crate::model::{Line, WarningKind};

/// A year written for a month/day on another line of the same post
/// (`直播时间：2020年5月28日` lends 2020 to `活动时间：5 月 28 日`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct YearHint {
    pub m: u32,
    pub d: u32,
    pub y: i32,
    pub line: Option<Line>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct YearChoice {
    pub year: i32,
    /// How the year was decided, for `EventDecision::year_rule`.
    pub rule: String,
    pub notes: Vec<(WarningKind, String)>,
}

/// An inferred date this many days or more after the post date is reported:
/// the post is more likely about a past event whose year was left out.
const FAR_AFTER_POST_DAYS: i64 = 270;
/// A date without a year this few days before the post date is taken as
/// that recent day when the next one is [`FAR_AFTER_POST_DAYS`] away.
const RECENT_BEFORE_POST_DAYS: i64 = 60;
/// A weekday may move the date to another year only within this distance of
/// the post date (and only to a date closer to it than the nearest after it).
const WEEKDAY_WINDOW_DAYS: i64 = 366;

pub(crate) fn english(wd: Weekday) -> &'static str {
    match wd {
        Weekday::Mon => "Monday",
        Weekday::Tue => "Tuesday",
        Weekday::Wed => "Wednesday",
        Weekday::Thu => "Thursday",
        Weekday::Fri => "Friday",
        Weekday::Sat => "Saturday",
        Weekday::Sun => "Sunday",
    }
}

/// `周四 does not match 2023-02-25, a Saturday; the nearest Thursday is 2023-02-23`.
pub(crate) fn mismatch(w: &WrittenWeekday, date: NaiveDate) -> String {
    let actual = date.weekday();
    let forward = (i64::from(w.wd.num_days_from_monday())
        - i64::from(actual.num_days_from_monday()))
    .rem_euclid(7);
    let shift = if forward > 3 { forward - 7 } else { forward };
    let nearest = date
        .checked_add_signed(Duration::days(shift))
        .unwrap_or(date);
    format!(
        "{} does not match {date}, a {}; the nearest {} is {nearest}",
        w.text,
        english(actual),
        english(w.wd)
    )
}

/// The note for a written weekday that does not fall on `date`, if any.
pub(crate) fn check_weekday(date: NaiveDate, wd: Option<&WrittenWeekday>) -> Option<String> {
    let w = wd?;
    (w.wd != date.weekday()).then(|| mismatch(w, date))
}

/// The first `m`/`d` on or after `from` (Feb 29 waits for a leap year).
fn on_or_after(m: u32, d: u32, from: NaiveDate) -> Option<NaiveDate> {
    (from.year()..from.year() + 9)
        .filter_map(|y| NaiveDate::from_ymd_opt(y, m, d))
        .find(|x| *x >= from)
}

/// The last `m`/`d` before `from`.
fn before(m: u32, d: u32, from: NaiveDate) -> Option<NaiveDate> {
    (from.year() - 8..=from.year())
        .rev()
        .filter_map(|y| NaiveDate::from_ymd_opt(y, m, d))
        .find(|x| *x < from)
}

/// Decides the year of `date`. `Err` carries the `YearUnknown` message.
pub(crate) fn choose(
    date: &PDate,
    post: Option<NaiveDate>,
    hints: &[YearHint],
) -> Result<YearChoice, String> {
    let (m, d) = (date.m, date.d);
    let wd = date.wd.as_ref();
    if let Some(y) = date.y {
        return Ok(written(y, m, d, wd, "written".to_string()));
    }
    // A year from another line is trusted only near the post date, so a
    // stale line copied from last year's post cannot move the event.
    let near_post = |y: i32| match (post, NaiveDate::from_ymd_opt(y, m, d)) {
        (Some(p), Some(x)) => (x - p).num_days().abs() <= WEEKDAY_WINDOW_DAYS,
        _ => true,
    };
    if let Some(h) = hints
        .iter()
        .find(|h| h.m == m && h.d == d && near_post(h.y))
    {
        let rule = match h.line {
            Some(l) => format!("year {} written for the same date on line {l}", h.y),
            None => format!("year {} written for the same date", h.y),
        };
        return Ok(written(h.y, m, d, wd, rule));
    }
    let Some(post) = post else {
        return Err(format!(
            "{m:02}-{d:02} has no year and the post has no date to infer it from; \
             write the year, e.g. `2024 年 {m} 月 {d} 日`"
        ));
    };
    let Some(nearest) = on_or_after(m, d, post) else {
        return Err(format!(
            "{m:02}-{d:02} is not a date in any year near {post}"
        ));
    };
    let base_rule = format!("nearest after post date {post}");
    let far_note = |x: NaiveDate| {
        let days = (x - post).num_days();
        (days >= FAR_AFTER_POST_DAYS).then(|| {
            (
                WarningKind::AmbiguousTime,
                format!(
                    "no year written: {x} is the first {m:02}-{d:02} on or after the post date \
                     {post}, {days} days later; if the post is about a past event, write the year"
                ),
            )
        })
    };
    let Some(w) = wd else {
        // `12 月 28 日` in a post of 2019-12-30 is two days ago, not 363 days
        // ahead: nobody announces a date that far ahead without its year, but
        // reports and late posts leave it out all the time. Taken with a
        // warning, as every inferred year far from "next" is.
        if let Some(recent) =
            before(m, d, post).filter(|x| (post - *x).num_days() <= RECENT_BEFORE_POST_DAYS)
        {
            if (nearest - post).num_days() >= FAR_AFTER_POST_DAYS {
                return Ok(YearChoice {
                    year: recent.year(),
                    rule: format!("nearest to post date {post} ({recent} is the last {m:02}-{d:02} before it)"),
                    notes: vec![(
                        WarningKind::AmbiguousTime,
                        format!(
                            "no year written: read as {recent}, {} days before the post date {post}, \
                             not {nearest}, {} days after it; write the year to be sure",
                            (post - recent).num_days(),
                            (nearest - post).num_days()
                        ),
                    )],
                });
            }
        }
        return Ok(YearChoice {
            year: nearest.year(),
            rule: base_rule,
            notes: far_note(nearest).into_iter().collect(),
        });
    };
    if nearest.weekday() == w.wd {
        return Ok(YearChoice {
            year: nearest.year(),
            rule: base_rule,
            notes: Vec::new(),
        });
    }
    // The other year must also be closer to the post date than the nearest
    // date after it: an announcement posted on the event day with a wrong
    // weekday must not move the event a year back.
    let gap = (nearest - post).num_days();
    let within = |x: &NaiveDate| {
        let away = (*x - post).num_days().abs();
        away <= WEEKDAY_WINDOW_DAYS && away < gap
    };
    let alternative = [
        before(m, d, post),
        nearest.succ_opt().and_then(|next| on_or_after(m, d, next)),
    ]
    .into_iter()
    .flatten()
    .filter(|x| x.weekday() == w.wd && within(x))
    .min_by_key(|x| (*x - post).num_days().abs());
    match alternative {
        Some(alt) => Ok(YearChoice {
            year: alt.year(),
            rule: format!(
                "weekday {} agrees with {}, not {}",
                w.text,
                alt.year(),
                nearest.year()
            ),
            notes: Vec::new(),
        }),
        None => Ok(YearChoice {
            year: nearest.year(),
            rule: base_rule.clone(),
            notes: vec![(
                WarningKind::WeekdayMismatch,
                format!(
                    "{} (no year was written; {} is the {base_rule}, and no year closer to \
                     the post date puts {m:02}-{d:02} on a {})",
                    mismatch(w, nearest),
                    nearest.year(),
                    english(w.wd)
                ),
            )],
        }),
    }
}

fn written(y: i32, m: u32, d: u32, wd: Option<&WrittenWeekday>, rule: String) -> YearChoice {
    let notes = NaiveDate::from_ymd_opt(y, m, d)
        .and_then(|date| check_weekday(date, wd))
        .map(|msg| (WarningKind::WeekdayMismatch, msg))
        .into_iter()
        .collect();
    YearChoice {
        year: y,
        rule,
        notes,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).expect("test date")
    }

    fn pd(m: u32, d: u32, wd: Option<(Weekday, &str)>) -> PDate {
        PDate {
            y: None,
            m,
            d,
            wd: wd.map(|(wd, t)| WrittenWeekday { wd, text: t.into() }),
        }
    }

    #[test]
    fn across_new_year() {
        let c = choose(
            &pd(1, 9, Some((Weekday::Thu, "周四"))),
            Some(ymd(2019, 12, 31)),
            &[],
        )
        .expect("year");
        assert_eq!(c.year, 2020);
        assert_eq!(c.rule, "nearest after post date 2019-12-31");
        assert!(c.notes.is_empty());
    }

    #[test]
    fn same_day_counts_as_after() {
        let c = choose(&pd(4, 15, None), Some(ymd(2023, 4, 15)), &[]).expect("year");
        assert_eq!(c.year, 2023);
    }

    #[test]
    fn weekday_prefers_the_previous_year() {
        // Post written the day after a Thursday event: the weekday pulls the
        // date back instead of a year forward.
        let c = choose(
            &pd(5, 26, Some((Weekday::Thu, "周四"))),
            Some(ymd(2022, 5, 27)),
            &[],
        )
        .expect("year");
        assert_eq!(c.year, 2022);
        assert_eq!(c.rule, "weekday 周四 agrees with 2022, not 2023");
        let c = choose(
            &pd(1, 9, Some((Weekday::Thu, "周四"))),
            Some(ymd(2020, 1, 10)),
            &[],
        )
        .expect("year");
        assert_eq!(c.rule, "weekday 周四 agrees with 2020, not 2021");
    }

    #[test]
    fn weekday_prefers_the_next_year_only_within_a_year() {
        // 2020-07-22 is a Wednesday, 2021-07-22 a Thursday, 373 days after the
        // post: too far, so the typo'd weekday is reported instead.
        let c = choose(
            &pd(7, 22, Some((Weekday::Thu, "周四"))),
            Some(ymd(2020, 7, 14)),
            &[],
        )
        .expect("year");
        assert_eq!(c.year, 2020);
        assert_eq!(c.notes.len(), 1);
        assert_eq!(c.notes[0].0, WarningKind::WeekdayMismatch);
        assert!(c.notes[0].1.starts_with(
            "周四 does not match 2020-07-22, a Wednesday; the nearest Thursday is 2020-07-23"
        ));
        // Posted on the day itself (a Wednesday): next year's Thursday is 365
        // days away, farther than the written day, so it is not taken.
        let c = choose(
            &pd(3, 2, Some((Weekday::Thu, "周四"))),
            Some(ymd(2022, 3, 2)),
            &[],
        )
        .expect("year");
        assert_eq!(c.year, 2022);
        assert_eq!(c.notes[0].0, WarningKind::WeekdayMismatch);
    }

    #[test]
    fn weekday_never_moves_an_announcement_a_year_back() {
        // Posted on Thursday 2021-12-09 saying `12 月 09 日，周三`: 2020-12-09
        // was a Wednesday, but a year before the post; the typo is reported.
        let c = choose(
            &pd(12, 9, Some((Weekday::Wed, "周三"))),
            Some(ymd(2021, 12, 9)),
            &[],
        )
        .expect("year");
        assert_eq!(c.year, 2021);
        assert_eq!(c.notes[0].0, WarningKind::WeekdayMismatch);
        // But a recap posted months later is pulled back to the closer year.
        let c = choose(
            &pd(12, 5, Some((Weekday::Thu, "周四"))),
            Some(ymd(2020, 3, 1)),
            &[],
        )
        .expect("year");
        assert_eq!(c.year, 2019);
    }

    #[test]
    fn no_year_agrees_keeps_nearest_and_warns() {
        let c = choose(
            &pd(2, 25, Some((Weekday::Thu, "周四"))),
            Some(ymd(2023, 2, 16)),
            &[],
        )
        .expect("year");
        assert_eq!(c.year, 2023);
        assert!(c.notes[0].1.starts_with(
            "周四 does not match 2023-02-25, a Saturday; the nearest Thursday is 2023-02-23"
        ));
    }

    #[test]
    fn written_year_is_kept_and_weekday_mismatch_named() {
        let mut d = pd(2, 25, Some((Weekday::Thu, "周四")));
        d.y = Some(2023);
        let c = choose(&d, None, &[]).expect("year");
        assert_eq!(c.year, 2023);
        assert_eq!(c.rule, "written");
        assert_eq!(
            c.notes,
            vec![(
                WarningKind::WeekdayMismatch,
                "周四 does not match 2023-02-25, a Saturday; the nearest Thursday is 2023-02-23"
                    .to_string()
            )]
        );
    }

    #[test]
    fn nearest_weekday_can_be_after() {
        let w = WrittenWeekday {
            wd: Weekday::Mon,
            text: "Monday".into(),
        };
        // 2019-06-22 is a Saturday; the nearest Monday is two days later.
        assert_eq!(
            mismatch(&w, ymd(2019, 6, 22)),
            "Monday does not match 2019-06-22, a Saturday; the nearest Monday is 2019-06-24"
        );
    }

    #[test]
    fn no_post_date_no_year() {
        let e = choose(&pd(5, 18, None), None, &[]).expect_err("unknown");
        assert!(e.contains("no year"));
    }

    #[test]
    fn hint_from_another_line() {
        let hints = [YearHint {
            m: 5,
            d: 28,
            y: 2020,
            line: Some(41),
        }];
        let c = choose(&pd(5, 28, None), Some(ymd(2021, 1, 1)), &hints).expect("year");
        assert_eq!(c.year, 2020);
        assert_eq!(c.rule, "year 2020 written for the same date on line 41");
    }

    #[test]
    fn stale_hint_far_from_the_post_is_ignored() {
        let hints = [YearHint {
            m: 5,
            d: 28,
            y: 2018,
            line: Some(41),
        }];
        let c = choose(&pd(5, 28, None), Some(ymd(2020, 5, 20)), &hints).expect("year");
        assert_eq!(c.year, 2020);
        assert_eq!(c.rule, "nearest after post date 2020-05-20");
    }

    #[test]
    fn far_after_post_is_reported() {
        // 2024-01-10 is 304 days after the post, and the last one 65 days
        // before it: too long ago to be "just happened", so the next one, warned.
        let c = choose(&pd(1, 10, None), Some(ymd(2024, 3, 15)), &[]).expect("year");
        assert_eq!(c.year, 2025);
        assert_eq!(c.notes[0].0, WarningKind::AmbiguousTime);
        let c = choose(&pd(6, 20, None), Some(ymd(2024, 4, 21)), &[]).expect("year");
        assert!(c.notes.is_empty());
    }

    #[test]
    fn a_day_just_before_the_post_is_that_day_not_next_year() {
        // A report posted 2019-12-30 about `12 月 28 日`: two days ago.
        let c = choose(&pd(12, 28, None), Some(ymd(2019, 12, 30)), &[]).expect("year");
        assert_eq!(c.year, 2019);
        assert_eq!(c.notes[0].0, WarningKind::AmbiguousTime);
        assert!(c.notes[0]
            .1
            .contains("2 days before the post date 2019-12-30"));
        // Across the new year: `December 20` in a post of 2024-01-05.
        let c = choose(&pd(12, 20, None), Some(ymd(2024, 1, 5)), &[]).expect("year");
        assert_eq!(c.year, 2023);
        // The day after the post stays the next one, quietly.
        let c = choose(&pd(12, 31, None), Some(ymd(2019, 12, 30)), &[]).expect("year");
        assert_eq!(c.year, 2019);
        assert!(c.notes.is_empty());
    }

    #[test]
    fn leap_day_waits_for_a_leap_year() {
        let c = choose(&pd(2, 29, None), Some(ymd(2023, 3, 1)), &[]).expect("year");
        assert_eq!(c.year, 2024);
    }
}
