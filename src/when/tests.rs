//! Rules of [`decide`] that need the whole stage: which line wins, conflicts,
//! front matter against prose, messages and line numbers, DST.

use super::*;
use chrono::NaiveDateTime;

fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("test date")
}

fn dt(y: i32, m: u32, d: u32, h: u32, mi: u32) -> NaiveDateTime {
    ymd(y, m, d).and_hms_opt(h, mi, 0).expect("test time")
}

struct Post<'a> {
    body: &'a str,
    post: Option<NaiveDate>,
    fm: Vec<FrontMatterValue>,
    zone: Tz,
}

impl<'a> Post<'a> {
    fn new(body: &'a str) -> Self {
        Post {
            body,
            post: None,
            fm: Vec::new(),
            zone: Tz::Asia__Shanghai,
        }
    }
    fn posted(mut self, y: i32, m: u32, d: u32) -> Self {
        self.post = Some(ymd(y, m, d));
        self
    }
    fn fm(mut self, key: &str, text: &str, line: usize) -> Self {
        self.fm.push(FrontMatterValue::new(key, text, Some(line)));
        self
    }
    fn decide(&self) -> EventDecision {
        decide(&WhenInput {
            body_first_line: 10,
            post_date: self.post,
            front_matter: &self.fm,
            zone: self.zone,
            ..WhenInput::new(self.body)
        })
    }
}

fn timed(d: &EventDecision) -> (NaiveDateTime, NaiveDateTime, bool) {
    match &d.when {
        Some(EventWhen::Timed {
            start,
            end,
            end_stated,
            ..
        }) => (*start, *end, *end_stated),
        other => panic!("expected a timed event, got {other:?}"),
    }
}

fn all_day(d: &EventDecision) -> (NaiveDate, NaiveDate) {
    match &d.when {
        Some(EventWhen::AllDay { first, last }) => (*first, *last),
        other => panic!("expected an all-day event, got {other:?}"),
    }
}

fn kinds(d: &EventDecision) -> Vec<WarningKind> {
    d.warnings.iter().map(|w| w.kind).collect()
}

#[test]
fn evidence_has_the_file_line() {
    let d = Post::new(
        "## 概要\n\n- 活动主题：X\n\n- 活动时间：2019 年 11 月 24 日（星期日）9:30-16:30\n",
    )
    .posted(2019, 11, 13)
    .decide();
    assert_eq!(
        timed(&d),
        (dt(2019, 11, 24, 9, 30), dt(2019, 11, 24, 16, 30), true)
    );
    let e = d.evidence.expect("evidence");
    assert_eq!(e.line, Some(14));
    assert_eq!(
        e.text,
        "- 活动时间：2019 年 11 月 24 日（星期日）9:30-16:30"
    );
    assert_eq!(d.year_rule.as_deref(), Some("written"));
    assert!(d.warnings.is_empty());
}

#[test]
fn event_line_wins_over_a_disagreeing_broadcast_line() {
    let body = "- 活动时间：7 月 22 日周三晚 8 点\n\n正文\n\n**直播时间：**2020年5月28日（周四）20:00-21:00\n";
    let d = Post::new(body).posted(2020, 7, 14).decide();
    assert_eq!(timed(&d).0, dt(2020, 7, 22, 20, 0));
    assert_eq!(kinds(&d), vec![WarningKind::ConflictingTimes]);
    let w = &d.warnings[0];
    assert_eq!(w.line, Some(14));
    assert!(w
        .message
        .contains("line 14 (直播时间) says 2020-05-28 20:00–21:00"));
    assert!(w
        .message
        .contains("line 10 (活动时间) says 2020-07-22 20:00"));
}

#[test]
fn agreeing_lines_raise_nothing_and_lend_their_end() {
    let body =
        "- 活动时间：5 月 28 日周四晚 8 点\n\n**直播时间：**2020年5月28日（周四）20:00-21:00\n";
    let d = Post::new(body).posted(2020, 5, 20).decide();
    assert_eq!(
        timed(&d),
        (dt(2020, 5, 28, 20, 0), dt(2020, 5, 28, 21, 0), true)
    );
    assert!(d.warnings.is_empty(), "{:?}", d.warnings);
    assert_eq!(d.evidence.and_then(|e| e.line), Some(10));
}

#[test]
fn a_less_precise_line_agrees() {
    let body = "- 活动时间：2022 年 04 月 01 日（周五）09:30-12:00\n\n直播时间：2022 年 4 月 1 日 上午 9:30\n";
    let d = Post::new(body).posted(2022, 4, 1).decide();
    assert_eq!(
        timed(&d),
        (dt(2022, 4, 1, 9, 30), dt(2022, 4, 1, 12, 0), true)
    );
    assert!(d.warnings.is_empty());
}

#[test]
fn broadcast_line_is_used_when_alone() {
    let d = Post::new("直播时间：2022 年 4 月 1 日 上午 9:30\n").decide();
    assert_eq!(
        timed(&d),
        (dt(2022, 4, 1, 9, 30), dt(2022, 4, 1, 11, 30), false)
    );
}

#[test]
fn a_year_written_on_another_line_is_borrowed() {
    // Without the broadcast line's year the post date (after the event) would
    // push the date a year ahead.
    let body = "- 活动时间：5 月 26 日晚 7 点\n直播时间：2022 年 5 月 26 日 19:00-20:00\n";
    let d = Post::new(body).posted(2022, 5, 27).decide();
    assert_eq!(
        timed(&d),
        (dt(2022, 5, 26, 19, 0), dt(2022, 5, 26, 20, 0), true)
    );
    assert_eq!(
        d.year_rule.as_deref(),
        Some("year 2022 written for the same date on line 11")
    );
    assert!(d.warnings.is_empty());
}

#[test]
fn year_across_new_year_and_weekday_preference() {
    let d = Post::new("- 活动时间：1 月 9 日周四晚 7 点")
        .posted(2019, 12, 31)
        .decide();
    assert_eq!(timed(&d).0, dt(2020, 1, 9, 19, 0));
    assert_eq!(
        d.year_rule.as_deref(),
        Some("nearest after post date 2019-12-31")
    );
    let d = Post::new("- 活动时间：05 月 26 日，周四晚 19 点")
        .posted(2022, 5, 27)
        .decide();
    assert_eq!(timed(&d).0, dt(2022, 5, 26, 19, 0));
    assert_eq!(
        d.year_rule.as_deref(),
        Some("weekday 周四 agrees with 2022, not 2023")
    );
}

#[test]
fn weekday_mismatch_without_year() {
    let d = Post::new("- 活动时间：02 月 25 日，周四晚 19 点")
        .posted(2023, 2, 16)
        .decide();
    assert_eq!(timed(&d).0, dt(2023, 2, 25, 19, 0));
    assert_eq!(kinds(&d), vec![WarningKind::WeekdayMismatch]);
    assert!(d.warnings[0].message.starts_with(
        "周四 does not match 2023-02-25, a Saturday; the nearest Thursday is 2023-02-23"
    ));
    assert_eq!(d.warnings[0].line, Some(10));
}

#[test]
fn weekday_mismatch_with_year_keeps_the_date() {
    let d = Post::new("时间：2023 年 2 月 25 日（周四）19:00").decide();
    assert_eq!(timed(&d).0, dt(2023, 2, 25, 19, 0));
    assert_eq!(
        d.warnings,
        vec![Warning::new(
            WarningKind::WeekdayMismatch,
            Some(10),
            "周四 does not match 2023-02-25, a Saturday; the nearest Thursday is 2023-02-23"
        )]
    );
}

#[test]
fn year_unknown_gives_no_time() {
    let d = Post::new("- 活动时间：5 月 18 日 14:00").decide();
    assert!(d.when.is_none());
    assert_eq!(kinds(&d), vec![WarningKind::YearUnknown]);
    assert_eq!(d.warnings[0].line, Some(10));
}

#[test]
fn no_event_time_messages() {
    let d = Post::new("# 标题\n\n一段正文。\n").decide();
    assert!(d.when.is_none());
    assert_eq!(kinds(&d), vec![WarningKind::NoEventTime]);
    assert!(d.warnings[0].message.starts_with(
        "no line labelled 活动时间/时间/Time/Date… and no sentence that announces a date found; \
         add one, e.g. `- 活动时间：2024 年 5 月 18 日 14:00-17:00`"
    ));
    assert_eq!(d.warnings[0].line, None);
    // A post in English is shown an example in English.
    let d = Post::new("# Title\n\nSome text.\n").decide();
    assert!(
        d.warnings[0]
            .message
            .ends_with("add one, e.g. `- Time: 18 May 2024, 14:00-17:00`"),
        "{}",
        d.warnings[0].message
    );

    // The examples given are read as they say.
    let d = Post::new("- Time: 18 May 2024, 14:00-17:00\n")
        .posted(2024, 5, 1)
        .decide();
    assert_eq!(
        timed(&d),
        (dt(2024, 5, 18, 14, 0), dt(2024, 5, 18, 17, 0), true)
    );
    let d = Post::new("- 活动时间：2024 年 5 月 18 日 14:00-17:00\n").decide();
    assert_eq!(
        timed(&d),
        (dt(2024, 5, 18, 14, 0), dt(2024, 5, 18, 17, 0), true)
    );

    // A date alone in a paragraph, with nothing that announces it.
    let d = Post::new("## 直播介绍\n\n2023 年 8 月 9 日（周三）我们发布了新版本\n").decide();
    assert!(d.when.is_none());
    assert_eq!(d.warnings[0].line, Some(12));
    assert!(d.warnings[0].message.contains("has a date without a label"));
    // A date that is a deadline.
    let d = Post::new("投稿截止：2023 年 8 月 9 日 18:00\n").decide();
    assert!(d.when.is_none());
    assert!(
        d.warnings[0].message.contains("a deadline"),
        "{:?}",
        d.warnings
    );

    let d = Post::new("- 活动时间：待定\n").decide();
    assert_eq!(d.warnings[0].line, Some(10));
    assert!(d.warnings[0].message.contains("labelled 活动时间"));

    let d = Post::new("- 时间：19:00-21:00\n").decide();
    assert_eq!(d.warnings[0].kind, WarningKind::NoEventTime);
    assert!(d.warnings[0]
        .message
        .contains("gives a time but no line gives its date"));
}

#[test]
fn only_non_event_labels() {
    let d = Post::new("申请时间：5 月 24 日-- 6 月 13 日\n**报名时间**\n**2025 年 05 月 09 日 - 2025 年 06 月 09 日**\n")
        .posted(2021, 5, 24)
        .decide();
    assert!(d.when.is_none());
    assert_eq!(kinds(&d), vec![WarningKind::NoEventTime]);
}

#[test]
fn all_day_range_and_single_day() {
    let d = Post::new("* \u{200B}**活动时间**\u{200B}：2026 年 4 月 1 日-2026 年 4 月 25 日\n* \u{200B}**周年庆 Peak 日**\u{200B}：4 月 19 日\n")
        .posted(2026, 4, 1)
        .decide();
    assert_eq!(
        d.when,
        Some(EventWhen::AllDay {
            first: ymd(2026, 4, 1),
            last: ymd(2026, 4, 25)
        })
    );
    assert!(d.warnings.is_empty());
    let d = Post::new("日期：2023-11-04").decide();
    assert_eq!(
        d.when,
        Some(EventWhen::AllDay {
            first: ymd(2023, 11, 4),
            last: ymd(2023, 11, 4)
        })
    );
}

#[test]
fn date_line_and_time_line_combine() {
    let d = Post::new("- 日期：2019年6月24日，星期一\n- 时间：9:00 – 16:00\n- 地点：某中心\n")
        .posted(2019, 6, 4)
        .decide();
    assert_eq!(
        timed(&d),
        (dt(2019, 6, 24, 9, 0), dt(2019, 6, 24, 16, 0), true)
    );
    assert!(d.warnings.is_empty());
    let e = d.evidence.expect("evidence");
    assert_eq!(e.line, Some(10));
    assert!(e.text.contains(" / "));
}

#[test]
fn front_matter_wins_and_disagreement_is_warned() {
    let d = Post::new("- 活动时间：2023 年 11 月 5 日 14:00-18:00\n")
        .fm("event.start", "2023-11-04T14:00:00+08:00", 3)
        .fm("event.end", "2023-11-04T18:00:00+08:00", 4)
        .decide();
    assert_eq!(
        timed(&d),
        (dt(2023, 11, 4, 14, 0), dt(2023, 11, 4, 18, 0), true)
    );
    assert_eq!(kinds(&d), vec![WarningKind::FrontMatterDisagrees]);
    assert_eq!(d.warnings[0].line, Some(10));
    let e = d.evidence.expect("evidence");
    assert_eq!(e.line, Some(3));
    assert_eq!(e.text, "front matter: event.start, event.end");
    assert_eq!(d.year_rule.as_deref(), Some("written"));
}

#[test]
fn front_matter_agreeing_with_prose_is_quiet() {
    // The prose states the end the front matter leaves out: it is used
    // rather than the default duration.
    let d = Post::new("- 活动时间：2023 年 11 月 4 日 14:00-18:00\n")
        .fm("event.start", "2023-11-04 14:00", 3)
        .decide();
    assert_eq!(
        timed(&d),
        (dt(2023, 11, 4, 14, 0), dt(2023, 11, 4, 18, 0), true)
    );
    assert!(d.warnings.is_empty());
}

#[test]
fn front_matter_forms() {
    let d = Post::new("")
        .fm("event.start", "2023-11-04T06:00:00Z", 3)
        .decide();
    assert_eq!(timed(&d).0, dt(2023, 11, 4, 14, 0));
    let d = Post::new("")
        .fm("section1.time", "2023-11-04 14:00-18:00", 5)
        .decide();
    assert_eq!(
        timed(&d),
        (dt(2023, 11, 4, 14, 0), dt(2023, 11, 4, 18, 0), true)
    );
    let d = Post::new("")
        .fm("event.start", "2023-11-04", 3)
        .fm("event.end", "2023-11-06", 4)
        .decide();
    assert_eq!(
        d.when,
        Some(EventWhen::AllDay {
            first: ymd(2023, 11, 4),
            last: ymd(2023, 11, 6)
        })
    );
    let d = Post::new("")
        .fm("event.start", "2023-11-04 14:00:00 +8", 3)
        .fm("event.end", "2023-11-04T11:00:00Z", 4)
        .decide();
    assert_eq!(
        timed(&d),
        (dt(2023, 11, 4, 14, 0), dt(2023, 11, 4, 19, 0), true)
    );
}

#[test]
fn unreadable_front_matter_falls_back_to_prose() {
    let d = Post::new("- 活动时间：2023 年 11 月 4 日 14:00\n")
        .fm("event.start", "TBD", 3)
        .decide();
    assert_eq!(timed(&d).0, dt(2023, 11, 4, 14, 0));
    assert_eq!(kinds(&d), vec![WarningKind::FrontMatterField]);
    assert_eq!(d.warnings[0].line, Some(3));
}

#[test]
fn code_blocks_and_tables_are_skipped() {
    let body = "```\n活动时间：2020-01-01 10:00\n```\n| 时间 | 环节 |\n| 13:00 | 签到 |\n- 活动时间：2023-11-04 14:00\n";
    let d = Post::new(body).decide();
    assert_eq!(timed(&d).0, dt(2023, 11, 4, 14, 0));
    assert_eq!(d.evidence.and_then(|e| e.line), Some(15));
}

#[test]
fn conflicts_are_capped() {
    let mut body = String::from("活动时间：2023-11-04 14:00\n");
    for d in 1..=9 {
        body.push_str(&format!("时间：2023-12-0{d} 14:00\n"));
    }
    let d = Post::new(&body).decide();
    assert_eq!(d.warnings.len(), MAX_CONFLICTS);
    assert!(d.warnings[MAX_CONFLICTS - 1]
        .message
        .contains("4 more lines disagree too"));
}

#[test]
fn dst_gap_moves_forward_and_warns() {
    // Asia/Shanghai jumped from 02:00 to 03:00 on 1988-04-17 (tzdata).
    let d = Post::new("活动时间：1988 年 4 月 17 日 02:30-05:00").decide();
    assert_eq!(
        timed(&d),
        (dt(1988, 4, 17, 3, 30), dt(1988, 4, 17, 5, 0), true)
    );
    assert_eq!(kinds(&d), vec![WarningKind::AmbiguousTime]);
    assert!(d.warnings[0]
        .message
        .contains("does not exist in Asia/Shanghai"));
    // 1988-04-10 was an ordinary day in tzdata (the rule is "Sunday >= 11").
    let d = Post::new("活动时间：1988 年 4 月 10 日 02:30").decide();
    assert!(d.warnings.is_empty());
    // 1986 started on May 4.
    let d = Post::new("活动时间：1986 年 5 月 4 日 02:10").decide();
    assert_eq!(timed(&d).0, dt(1986, 5, 4, 3, 10));
}

#[test]
fn dst_fold_is_kept_and_warned() {
    let d = Post::new("活动时间：1988 年 9 月 11 日 01:30").decide();
    assert_eq!(timed(&d).0, dt(1988, 9, 11, 1, 30));
    assert_eq!(kinds(&d), vec![WarningKind::AmbiguousTime]);
    assert!(d.warnings[0].message.contains("happens twice"));
    assert!(d.warnings[0].message.contains("UTC+09:00"));
}

#[test]
fn default_end_is_added_through_the_instant() {
    // 01:30 + 2 h on the spring-forward night is 04:30 on the wall clock.
    let d = Post::new("活动时间：1988 年 4 月 17 日 01:30").decide();
    assert_eq!(
        timed(&d),
        (dt(1988, 4, 17, 1, 30), dt(1988, 4, 17, 4, 30), false)
    );
}

#[test]
fn summer_time_years_convert_correctly() {
    for y in 1986..=1991 {
        let body = format!("活动时间：{y} 年 7 月 1 日 11:00 UTC");
        let d = Post::new(&body).decide();
        assert_eq!(timed(&d).0, dt(y, 7, 1, 20, 0), "{y}");
    }
    let d = Post::new("活动时间：1992 年 7 月 1 日 11:00 UTC").decide();
    assert_eq!(timed(&d).0, dt(1992, 7, 1, 19, 0));
    let d = Post::new("活动时间：1985 年 7 月 1 日 11:00 UTC").decide();
    assert_eq!(timed(&d).0, dt(1985, 7, 1, 19, 0));
}

#[test]
fn another_site_zone_keeps_wall_time() {
    let mut p = Post::new("Time: Nov 4, 2023 2pm-4pm");
    p.zone = Tz::America__Los_Angeles;
    let d = p.decide();
    match d.when {
        Some(EventWhen::Timed { start, zone, .. }) => {
            assert_eq!(start, dt(2023, 11, 4, 14, 0));
            assert_eq!(zone, Tz::America__Los_Angeles);
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn struck_out_time_is_ignored() {
    let d = Post::new("- 活动时间：~~2023 年 11 月 4 日~~ 2023 年 11 月 11 日 14:00").decide();
    assert_eq!(timed(&d).0, dt(2023, 11, 11, 14, 0));
}

// ---------------------------------------------------------------- front matter shapes

fn with_comment<'a>(mut d: Post<'a>, comment: &str) -> Post<'a> {
    if let Some(last) = d.fm.last_mut() {
        last.comment = Some(comment.to_string());
    }
    d
}

#[test]
fn hexo_start_and_end_unpadded() {
    let d = Post::new("")
        .fm("start", "2019-5-25 9:00", 3)
        .fm("end", "2019-5-25 17:00", 4)
        .decide();
    assert_eq!(
        timed(&d),
        (dt(2019, 5, 25, 9, 0), dt(2019, 5, 25, 17, 0), true)
    );
    assert!(d.warnings.is_empty(), "{:?}", d.warnings);
    let d = Post::new("")
        .fm("start", "2019-05-25 09:00:00", 3)
        .fm("end", "2019-05-26 17:30:00", 4)
        .decide();
    assert_eq!(
        timed(&d),
        (dt(2019, 5, 25, 9, 0), dt(2019, 5, 26, 17, 30), true)
    );
}

#[test]
fn start_date_and_end_date_names() {
    for (s, e) in [
        ("startDate", "endDate"),
        ("dateStart", "dateEnd"),
        ("start_date", "end_date"),
    ] {
        let d = Post::new("")
            .fm(s, "2024-03-02", 3)
            .fm(e, "2024-03-03", 4)
            .decide();
        assert_eq!(
            d.when,
            Some(EventWhen::AllDay {
                first: ymd(2024, 3, 2),
                last: ymd(2024, 3, 3)
            }),
            "{s}/{e}"
        );
    }
}

#[test]
fn event_date_with_an_end_in_the_prose() {
    // `eventDate` gives the start; the labelled line states the end too.
    let d = Post::new("**会议时间**：2024/05/21 14:15-16:15 (GMT+08:00)\n")
        .fm("eventDate", "2024-05-21 14:15:00", 3)
        .decide();
    assert_eq!(
        timed(&d),
        (dt(2024, 5, 21, 14, 15), dt(2024, 5, 21, 16, 15), true)
    );
    assert!(d.warnings.is_empty(), "{:?}", d.warnings);
    let d = Post::new("")
        .fm("event_date", "2024-05-21 14:15:00", 3)
        .decide();
    assert_eq!(timed(&d).0, dt(2024, 5, 21, 14, 15));
}

#[test]
fn event_block_and_day_plus_hours() {
    let d = Post::new("")
        .fm("event.date", "2023-11-04", 3)
        .fm("event.time", "14:00-18:00", 4)
        .decide();
    assert_eq!(
        timed(&d),
        (dt(2023, 11, 4, 14, 0), dt(2023, 11, 4, 18, 0), true)
    );
    assert_eq!(
        d.evidence.map(|e| e.text),
        Some("front matter: event.date, event.time".to_string())
    );
    let d = Post::new("")
        .fm("date", "2020-04-10", 2)
        .fm("hostDate", "2020-04-22", 3)
        .fm("time", "21:00", 4)
        .decide();
    assert_eq!(timed(&d).0, dt(2020, 4, 22, 21, 0));
}

#[test]
fn publication_date_and_time_are_never_the_event() {
    let d = Post::new("正文，没有时间。\n")
        .fm("date", "2019-09-10", 2)
        .fm("time", "12:00:00", 3)
        .decide();
    assert!(d.when.is_none(), "{:?}", d.when);
    assert_eq!(kinds(&d), vec![WarningKind::NoEventTime]);
}

#[test]
fn nested_block_holds_the_event() {
    let d = Post::new("")
        .fm("section1.time", "2022-06-25 14:00-17:00", 5)
        .decide();
    assert_eq!(
        timed(&d),
        (dt(2022, 6, 25, 14, 0), dt(2022, 6, 25, 17, 0), true)
    );
    assert_eq!(d.evidence.and_then(|e| e.line), Some(5));
}

#[test]
fn agenda_list_bounds_a_day_without_hours() {
    let d = Post::new("")
        .fm("event_date", "2022-06-25", 3)
        .fm("agenda.0.time", "13:30-14:00", 5)
        .fm("agenda.0.topic", "签到", 6)
        .fm("agenda.1.time", "14:00-15:30", 7)
        .fm("agenda.2.time", "15:40-17:00", 9)
        .decide();
    assert_eq!(
        timed(&d),
        (dt(2022, 6, 25, 13, 30), dt(2022, 6, 25, 17, 0), true)
    );
    // The agenda is not an event of its own.
    let d = Post::new("").fm("agenda.0.time", "13:30-14:00", 5).decide();
    assert!(d.when.is_none());
}

#[test]
fn zone_comment_on_the_key_line() {
    let d = with_comment(
        Post::new("").fm("dateStart", "2026-09-01T12:00:00", 3),
        "UTC!!",
    );
    let d = with_comment(d.fm("dateEnd", "2026-09-01T14:00:00", 4), "UTC!!").decide();
    assert_eq!(
        timed(&d),
        (dt(2026, 9, 1, 20, 0), dt(2026, 9, 1, 22, 0), true)
    );
    // Without the comment the value is a wall time in the site zone.
    let d = Post::new("")
        .fm("dateStart", "2026-09-01T12:00:00", 3)
        .decide();
    assert_eq!(timed(&d).0, dt(2026, 9, 1, 12, 0));
}

#[test]
fn timezone_key_names_the_zone() {
    let d = Post::new("")
        .fm("dateStart", "2019-03-27T14:00:00", 3)
        .fm("dateEnd", "2019-03-27T15:00:00", 4)
        .fm("timezone", "America/Los_Angeles", 5)
        .decide();
    // 14:00 PDT (UTC-7) is 05:00 the next day in Shanghai.
    assert_eq!(
        timed(&d),
        (dt(2019, 3, 28, 5, 0), dt(2019, 3, 28, 6, 0), true)
    );
}

#[test]
fn front_matter_day_and_prose_hours_combine() {
    let d = Post::new("- 时间：2023 年 11 月 4 日 14:00-17:00\n")
        .fm("event.date", "2023-11-04", 3)
        .decide();
    assert_eq!(
        timed(&d),
        (dt(2023, 11, 4, 14, 0), dt(2023, 11, 4, 17, 0), true)
    );
    assert!(d.warnings.is_empty(), "{:?}", d.warnings);
    assert!(d
        .evidence
        .is_some_and(|e| e.text.contains("hours from line 10")));
}

#[test]
fn front_matter_hours_of_the_first_day_hold_on_the_prose_days() {
    for body in [
        "> - 时间：2019 年 11 月 16~17 日\n",
        "- **Date:** November 16-17, 2019\n",
    ] {
        let d = Post::new(body)
            .fm("start", "2019-11-16 09:00:00", 3)
            .fm("end", "2019-11-16 18:00:00", 4)
            .decide();
        assert_eq!(
            timed(&d),
            (dt(2019, 11, 16, 9, 0), dt(2019, 11, 17, 18, 0), true),
            "{body}"
        );
        assert_eq!(d.sessions.len(), 2, "{body}");
        assert_eq!(kinds(&d), vec![WarningKind::FrontMatterDisagrees], "{body}");
    }
}

#[test]
fn a_time_key_that_continues_the_date_holds_its_last_day() {
    for (time, body) in [
        (
            "/ 20 中午及傍晚",
            "本次百团时间为 9 月 19 日 - 20 日，欢迎一起来玩！\n",
        ),
        (
            "- 20",
            "The club fair runs September 19-20, come and say hi!\n",
        ),
    ] {
        let d = Post::new(body)
            .fm("event.date", "2024-09-19", 3)
            .fm("event.time", time, 4)
            .decide();
        assert_eq!(all_day(&d), (ymd(2024, 9, 19), ymd(2024, 9, 20)), "{time}");
        assert!(d.warnings.is_empty(), "{time}: {:?}", d.warnings);
    }
}

#[test]
fn prose_that_covers_more_days_wins_over_front_matter() {
    let d = Post::new("- 活动时间：2023 年 11 月 4 日-5 日\n")
        .fm("event.date", "2023-11-04", 3)
        .decide();
    assert_eq!(
        d.when,
        Some(EventWhen::AllDay {
            first: ymd(2023, 11, 4),
            last: ymd(2023, 11, 5)
        })
    );
    assert_eq!(kinds(&d), vec![WarningKind::FrontMatterDisagrees]);
    assert!(d.warnings[0].message.contains("covers more of the event"));
    // Front matter that holds only the last day of the days the post gives.
    let d = Post::new("- 活动时间：2023 年 11 月 4 日-6 日\n")
        .fm("event.date", "2023-11-06", 3)
        .decide();
    assert_eq!(
        d.when,
        Some(EventWhen::AllDay {
            first: ymd(2023, 11, 4),
            last: ymd(2023, 11, 6)
        })
    );
    assert_eq!(kinds(&d), vec![WarningKind::FrontMatterDisagrees]);
    // A day in the middle is a part of them: the front matter stays.
    let d = Post::new("- 活动时间：2023 年 11 月 4 日-6 日\n")
        .fm("event.date", "2023-11-05", 3)
        .decide();
    assert_eq!(
        d.when,
        Some(EventWhen::AllDay {
            first: ymd(2023, 11, 5),
            last: ymd(2023, 11, 5)
        })
    );
}

#[test]
fn configured_key_roles() {
    let keys = EventKeys::from_config(
        [
            ("fecha".to_string(), "date".to_string()),
            ("hora".to_string(), "time".to_string()),
        ],
        &["legacy.when".to_string()],
    )
    .expect("keys");
    let fm = [
        FrontMatterValue::new("fecha", "2024-02-05", Some(3)),
        FrontMatterValue::new("hora", "13:00-15:00 UTC-3", Some(4)),
    ];
    let d = decide(&WhenInput {
        front_matter: &fm,
        event_keys: &keys,
        ..WhenInput::new("")
    });
    // 13:00 UTC-3 is 16:00 UTC, midnight in Shanghai.
    assert_eq!(
        timed(&d),
        (dt(2024, 2, 6, 0, 0), dt(2024, 2, 6, 2, 0), true)
    );
    let fm = [FrontMatterValue::new(
        "legacy.when",
        "2024-02-05 10:00",
        Some(3),
    )];
    let d = decide(&WhenInput {
        front_matter: &fm,
        event_keys: &keys,
        ..WhenInput::new("")
    });
    assert_eq!(timed(&d).0, dt(2024, 2, 5, 10, 0));
    assert!(EventKeys::from_config([("x".to_string(), "begin".to_string())], &[]).is_err());
}

// ---- rules found on a Jekyll event collection (held-out site): written for them ----

fn new_york(body: &str) -> Post<'_> {
    let mut p = Post::new(body);
    p.zone = Tz::America__New_York;
    p
}

#[test]
fn a_day_label_over_a_timed_list_is_the_listed_time() {
    // `event_date` names the day; the `time:` list holds the instants.
    let d = new_york("The summer call is on July 19 at 2pm ET.\n")
        .fm("event_date", "July 19, 2024", 3)
        .fm("time.0.0.start", "2024-07-19T18:00:00Z", 5)
        .fm("time.0.0.end", "2024-07-19T19:00:00Z", 6)
        .decide();
    assert_eq!(
        timed(&d),
        (dt(2024, 7, 19, 14, 0), dt(2024, 7, 19, 15, 0), true)
    );
    assert!(d.sessions.is_empty(), "{:?}", d.sessions);
    assert!(d.warnings.is_empty(), "{:?}", d.warnings);
    let e = d.evidence.expect("evidence");
    assert_eq!(e.line, Some(5));
    assert!(e.text.contains("time.0.0.start"), "{}", e.text);

    // A label on another day than the times: the times, and a warning.
    let d = new_york("Join the summer call.\n")
        .fm("event_date", "July 16, 2024", 3)
        .fm("time.0.0.start", "2024-07-19T18:00:00Z", 5)
        .fm("time.0.0.end", "2024-07-19T19:00:00Z", 6)
        .decide();
    assert_eq!(timed(&d).0, dt(2024, 7, 19, 14, 0));
    assert_eq!(kinds(&d), vec![WarningKind::FrontMatterDisagrees]);
    assert!(
        d.warnings[0].message.contains("2024-07-16"),
        "{:?}",
        d.warnings
    );
}

#[test]
fn the_same_days_written_twice_are_one_event() {
    let d = new_york("Our conference.\n")
        .fm("event_date", "October 14th - 16th, 2024", 3)
        .fm("time.0.0.start", "2024-10-14", 5)
        .fm("time.0.0.end", "2024-10-16", 6)
        .decide();
    assert_eq!(
        d.when,
        Some(EventWhen::AllDay {
            first: ymd(2024, 10, 14),
            last: ymd(2024, 10, 16)
        })
    );
    assert!(d.sessions.is_empty(), "{:?}", d.sessions);
}

#[test]
fn hours_glued_to_us_zone_names() {
    // Noon Eastern, written for four zones: one meeting.
    let d = new_york("The next call is on June 12th at 12ET/11CT/10MT/9PT.\n")
        .posted(2025, 6, 1)
        .decide();
    assert_eq!(timed(&d).0, dt(2025, 6, 12, 12, 0));
    assert!(d.sessions.is_empty(), "{:?}", d.sessions);
    assert!(
        !kinds(&d).contains(&WarningKind::AmbiguousTime),
        "{:?}",
        d.warnings
    );
    // `2ET` is 2 pm, said in a warning; `12PMET` is noon.
    let d = new_york("The first call is on July 18 2ET!\n")
        .posted(2025, 7, 1)
        .decide();
    assert_eq!(timed(&d).0, dt(2025, 7, 18, 14, 0));
    assert!(
        kinds(&d).contains(&WarningKind::AmbiguousTime),
        "{:?}",
        d.warnings
    );
    let d = new_york("Office hours on August 8 at 12PMET.\n")
        .posted(2025, 8, 1)
        .decide();
    assert_eq!(timed(&d).0, dt(2025, 8, 8, 12, 0));
    // Written in Central time, published on the New York site's clock.
    let d = new_york("Meet us on March 5 at 11CT.\n")
        .posted(2025, 3, 1)
        .decide();
    assert_eq!(timed(&d).0, dt(2025, 3, 5, 12, 0));
}

#[test]
fn between_two_times_is_one_range() {
    let d = new_york(
        "On October 9th between 11:00 AM and 4:45 PM Eastern time we will be hosting talks.\n",
    )
    .posted(2025, 10, 1)
    .decide();
    assert_eq!(
        timed(&d),
        (dt(2025, 10, 9, 11, 0), dt(2025, 10, 9, 16, 45), true)
    );
    assert!(d.sessions.is_empty(), "{:?}", d.sessions);
}

#[test]
fn cst_is_us_central_on_a_site_in_the_americas_and_an_offset_after_it_decides() {
    // New York in November is UTC-5, the offset of Central *summer* time: CST
    // is still Central, one hour behind New York.
    let d =
        new_york("A half-day workshop, 1:30pm-5:00pm CST, Sunday, November 9, 2025.\n").decide();
    assert_eq!(
        timed(&d),
        (dt(2025, 11, 9, 14, 30), dt(2025, 11, 9, 18, 0), true)
    );
    // The offset in parentheses says which CST, on any site.
    let d =
        Post::new("A half-day workshop, 1:30pm-5:00pm CST (UTC-6), Sunday, November 9, 2025.\n")
            .decide();
    assert_eq!(
        timed(&d),
        (dt(2025, 11, 10, 3, 30), dt(2025, 11, 10, 7, 0), true)
    );
    assert!(
        !kinds(&d).contains(&WarningKind::AmbiguousTime),
        "{:?}",
        d.warnings
    );
    // On a Chinese site CST without an offset is China's own clock.
    let d = Post::new("分享时间：2025 年 11 月 9 日 14:00-16:00 CST\n").decide();
    assert_eq!(timed(&d).0, dt(2025, 11, 9, 14, 0));
}

#[test]
fn all_day_in_the_front_matter_drops_the_hours() {
    let d = new_york("International day of our community.\n")
        .fm("event_date", "October 9, 2025", 3)
        .fm("all_day", "true", 4)
        .fm("time.0.0.start", "2025-10-09 11:00 EDT", 6)
        .decide();
    assert_eq!(
        d.when,
        Some(EventWhen::AllDay {
            first: ymd(2025, 10, 9),
            last: ymd(2025, 10, 9)
        })
    );
    // `allDay: false` changes nothing.
    let d = new_york("Talk.\n")
        .fm("allDay", "false", 4)
        .fm("start", "2025-10-09T11:00:00-04:00", 5)
        .decide();
    assert_eq!(timed(&d).0, dt(2025, 10, 9, 11, 0));
}

#[test]
fn a_location_in_st_louis_reads_plain_hours_in_central_time() {
    let d = new_york("When: Friday, January 23, 2026\n\nTime: 5-7 p.m.\n")
        .fm("location", "St. Louis, MO", 3)
        .decide();
    assert_eq!(
        timed(&d),
        (dt(2026, 1, 23, 18, 0), dt(2026, 1, 23, 20, 0), true)
    );
}

#[test]
fn a_notice_s_update_stamps_are_not_an_event() {
    let d = Post::new(
        "**2024-06-05 10:27 Update 2**\n\n镜像站网络已恢复。\n\n**2024-05-30 16:15 Update 1**\n\n我们正在排查网络问题。\n\n---\n\n近期部分服务中断，我们正在修复。\n",
    )
    .posted(2024, 5, 26)
    .decide();
    assert!(d.when.is_none(), "{:?}", d.when);
    assert!(d.sessions.is_empty(), "{:?}", d.sessions);
    let d = Post::new("Updated: 2024-05-02 09:00\n\nThe mirror moved to a new host.\n")
        .posted(2024, 5, 1)
        .decide();
    assert!(d.when.is_none(), "{:?}", d.when);
    // An update is still an event when announced as one.
    let d = Post::new("The project update call will take place on May 8, 2024 at 15:00 UTC.\n")
        .posted(2024, 5, 1)
        .decide();
    assert!(d.when.is_some(), "{:?}", d.warnings);
}

#[test]
fn a_length_in_the_front_matter_ends_a_start_without_an_end() {
    let d = new_york("The next call is on June 12th at 12ET.\n")
        .posted(2025, 6, 1)
        .fm("duration", "60", 4)
        .decide();
    assert_eq!(
        timed(&d),
        (dt(2025, 6, 12, 12, 0), dt(2025, 6, 12, 13, 0), true)
    );
    for (text, minutes) in [("PT1H30M", 90), ("1h30m", 90), ("45m", 45), ("2h", 120)] {
        let d = new_york("Talk.\n")
            .fm("start", "2025-10-09T11:00:00-04:00", 5)
            .fm("length", text, 6)
            .decide();
        assert_eq!(
            timed(&d).1,
            dt(2025, 10, 9, 11, 0) + chrono::Duration::minutes(minutes),
            "{text}"
        );
    }
    // A conference's days in minutes, or a list item's duration, end nothing.
    for (key, text) in [("duration", "4320"), ("talks.0.duration", "30")] {
        let d = new_york("Talk.\n")
            .fm("start", "2025-10-09T11:00:00-04:00", 5)
            .fm(key, text, 6)
            .decide();
        assert_eq!(timed(&d).1, dt(2025, 10, 9, 13, 0), "{key}: default 2 h");
    }
}

#[test]
fn an_hour_glued_to_utc_is_a_24_hour_clock() {
    let d = Post::new("The sync is on March 5, 2025 at 3UTC.\n").decide();
    // 03:00 UTC is 11:00 in Shanghai; the small hour without AM/PM is warned.
    assert_eq!(timed(&d).0, dt(2025, 3, 5, 11, 0));
}

#[test]
fn inline_html_inside_a_paragraph_continues_it() {
    let d = Post::new(
        "Join us at\n<a href=\"https://venue.example.org/\">The Venue</a>\nfrom 6pm to 9pm for an evening celebration on October 24th, 2025!\n",
    )
    .decide();
    assert_eq!(
        timed(&d),
        (dt(2025, 10, 24, 18, 0), dt(2025, 10, 24, 21, 0), true)
    );
    // A block of HTML (an embedded widget) still ends the paragraph: its dates are not read.
    let d = Post::new(
        "Our calendar:\n<iframe src=\"https://cal.example.org/?d=2025-10-24\"></iframe>\n",
    )
    .decide();
    assert!(d.when.is_none(), "{:?}", d.when);
}

#[test]
fn a_date_without_a_year_in_an_undated_post_says_so() {
    let d =
        Post::new("Join us from 6pm to 9pm for an evening celebration on October 24th!\n").decide();
    assert!(d.when.is_none(), "{:?}", d.when);
    assert_eq!(
        kinds(&d),
        vec![WarningKind::YearUnknown],
        "{:?}",
        d.warnings
    );
}

#[test]
fn the_clause_of_the_date_decides_report_or_announcement() {
    // `已经` reports the interview, not the meetup: the clause that holds
    // 12.18 announces it, so it is the coming 12-18, not last year's.
    let body = "\
采访中小编已经提前感受到了很多干货，相信12.18号深圳专场还会有更多惊喜等待着大家。
";
    let d = Post::new(body).posted(2021, 11, 26).decide();
    assert_eq!(all_day(&d).0, ymd(2021, 12, 18));
    // A report in the date's own clause still reads the date as past.
    let body = "The sprint was held on November 3, and we had a great time.\n";
    let d = Post::new(body).posted(2021, 11, 26).decide();
    assert_eq!(all_day(&d).0, ymd(2021, 11, 3));
}

#[test]
fn a_report_posted_days_after_its_day_keeps_that_year() {
    // No tense word the cue sets know (`举行` both announces and reports), no
    // year: the 12-28 two days before the post, not 363 days after, warned.
    let body = "第九届 Meetup 杭州站，12 月 28 日在杭州举行，现场 150+ 人参与。\n";
    let d = Post::new(body).posted(2019, 12, 30).decide();
    assert_eq!(all_day(&d).0, ymd(2019, 12, 28));
    assert!(kinds(&d).contains(&WarningKind::AmbiguousTime));
}

#[test]
fn days_joined_by_and_without_hours_are_all_day_sessions() {
    for body in [
        "新生课程将于 2019 年 8 月 31 日与 9 月 7 日在 3A110 教室举行。\n",
        "The sprints will take place on 31 August 2019 and 7 September 2019.\n",
    ] {
        let d = Post::new(body).posted(2019, 8, 26).decide();
        let days: Vec<NaiveDate> = d
            .sessions
            .iter()
            .map(|s| match s {
                EventWhen::AllDay { first, last } => {
                    assert_eq!(first, last, "{body}");
                    *first
                }
                other => panic!("expected all-day sessions, got {other:?}"),
            })
            .collect();
        assert_eq!(days, [ymd(2019, 8, 31), ymd(2019, 9, 7)], "{body}");
        assert_eq!(all_day(&d), (ymd(2019, 8, 31), ymd(2019, 9, 7)));
    }
}

#[test]
fn consecutive_days_joined_by_and_are_one_span() {
    let d =
        Post::new("The devroom will take place over the weekend of 6th and 7th February 2021.\n")
            .posted(2020, 12, 1)
            .decide();
    assert!(d.sessions.is_empty());
    assert_eq!(all_day(&d), (ymd(2021, 2, 6), ymd(2021, 2, 7)));
}

#[test]
fn a_report_lends_the_hour_it_says_the_event_began() {
    // The date names only the afternoon; a later sentence says when it
    // began, in that afternoon. `还未开始` (not yet begun) gives no start.
    let body = "\
2016 年 9 月 15 日下午，软件自由日科大站活动在学术报告厅成功举办。

下午 2 时许，活动还未开始，同学们就已经陆续进入会场。

2:30 分，活动正式开始，首先登场的是加密软件的介绍。
";
    let d = Post::new(body).posted(2016, 9, 27).decide();
    assert_eq!(timed(&d).0, dt(2016, 9, 15, 14, 30));
    assert!(!timed(&d).2, "no end is written");
    let body = "\
Our autumn meetup was held on 12 October 2023 in the library.

At 7pm the meetup kicked off with a round of introductions.
";
    let d = Post::new(body).posted(2023, 10, 20).decide();
    assert_eq!(timed(&d).0, dt(2023, 10, 12, 19, 0));
    // A date sentence whose only word is that the event began still names it.
    let d = Post::new(
        "9 月 20 日下午，自由软件日科大站活动正式拉开序幕。\n\n下午 2 时，活动在报告厅准时召开。\n",
    )
    .posted(2014, 9, 23)
    .decide();
    assert_eq!(timed(&d).0, dt(2014, 9, 20, 14, 0));
}

#[test]
fn a_report_lends_the_hours_it_says_the_event_lasted() {
    // The date is in the opening sentence, the hours in a later paragraph
    // that says how long the event went on: start and end.
    let body = "\
2015 年 10 月 17 日在图书馆报告厅，我们组织了主题为“开放与分享”的读书活动。

之后进行了抽奖环节。活动从下午 2:30 一直持续到下午 6:00. 会后大家一起聚餐。
";
    let d = Post::new(body).posted(2015, 10, 20).decide();
    assert_eq!(
        timed(&d),
        (dt(2015, 10, 17, 14, 30), dt(2015, 10, 17, 18, 0), true)
    );
    let d = Post::new("本次沙龙于 2015 年 10 月 17 日在 3124 教室成功举办。\n\n活动从下午两点半持续到了五点半。\n")
        .posted(2015, 10, 20)
        .decide();
    assert_eq!(
        timed(&d),
        (dt(2015, 10, 17, 14, 30), dt(2015, 10, 17, 17, 30), true)
    );
    let body = "Our autumn meetup was held on 12 October 2023 in the library.\n\nThe meetup ran from 2pm to 5pm, with pizza at the end.\n";
    let d = Post::new(body).posted(2023, 10, 20).decide();
    assert_eq!(
        timed(&d),
        (dt(2023, 10, 12, 14, 0), dt(2023, 10, 12, 17, 0), true)
    );
}

#[test]
fn a_report_that_began_at_seven_oclock_began_in_the_evening() {
    // `点` without 上午/下午 in a report that says the event began then: the
    // evening, warned.
    let body = "\
在 2021 年 3 月 13 日星期六，我们在教学楼召开了社团全员大会。

不到 7 点，同学们便陆续来到教室。

七点整，全员大会正式开始。
";
    let d = Post::new(body).posted(2021, 3, 14).decide();
    assert_eq!(timed(&d).0, dt(2021, 3, 13, 19, 0));
    assert!(!timed(&d).2, "no end is written");
    // A sentence that says the event ended gives the end, in the same half
    // of the day as the start.
    let ended = format!("{body}\n在 10 点时，大家的分享全部结束，全员大会圆满结束。\n");
    let d = Post::new(&ended).posted(2021, 3, 14).decide();
    assert_eq!(
        timed(&d),
        (dt(2021, 3, 13, 19, 0), dt(2021, 3, 13, 22, 0), true)
    );
    let d = Post::new(
        "Our autumn meetup was held on 12 October 2023.\n\nAt 7pm the meetup kicked off with introductions.\n\nThe meetup wrapped up at 9:30pm.\n",
    )
    .posted(2023, 10, 20)
    .decide();
    assert_eq!(
        timed(&d),
        (dt(2023, 10, 12, 19, 0), dt(2023, 10, 12, 21, 30), true)
    );
    // An approximate end is when it wound down.
    let about = format!("{body}\n约 10 点钟，全员大会顺利结束。\n");
    let d = Post::new(&about).posted(2021, 3, 14).decide();
    assert!(!timed(&d).2, "no end is written");
    let d = Post::new(body).posted(2021, 3, 14).decide();
    assert!(
        d.warnings
            .iter()
            .any(|w| w.kind == WarningKind::AmbiguousTime),
        "{:?}",
        d.warnings
    );
    // A date's sentence that names the morning keeps it; a colon or a
    // leading zero is a 24-hour clock.
    for (body, h) in [
        (
            "2021 年 3 月 13 日上午，我们举办了晨跑活动。\n\n七点整，活动正式开始。\n",
            7,
        ),
        (
            "2021 年 3 月 13 日，我们举办了读书会。\n\n7:00，活动正式开始。\n",
            7,
        ),
        (
            "2021 年 3 月 13 日，我们举办了读书会。\n\n09 点整，活动正式开始。\n",
            9,
        ),
    ] {
        let d = Post::new(body).posted(2021, 3, 14).decide();
        assert_eq!(timed(&d).0, dt(2021, 3, 13, h, 0), "{body}");
    }
}

#[test]
fn an_event_said_to_be_on_a_day_or_at_a_place() {
    // `就在本周日`: the Sunday of the post's week, a relative day (warned).
    let d = Post::new("Linux 安装聚会又来了！\n\n安装聚会，就在本周日下午 2:00，3112 教室。\n")
        .posted(2024, 3, 1)
        .decide();
    assert_eq!(timed(&d).0, dt(2024, 3, 3, 14, 0));
    assert!(d
        .warnings
        .iter()
        .any(|w| w.kind == WarningKind::AmbiguousTime));
    // `<event> 在 <place> 进行`: the event takes place there on that day.
    let d = Post::new("十一月份的活动来了 :)\n\n11 月 1 号下午，Release Party 在图书馆进行，本次活动有丰富的礼品。\n")
        .posted(2024, 10, 25)
        .decide();
    assert_eq!(all_day(&d), (ymd(2024, 11, 1), ymd(2024, 11, 1)));
    // Work done somewhere is no event.
    let d = Post::new("2024 年 3 月 1 日，迁移工作在 GitHub 上进行。\n")
        .posted(2024, 3, 5)
        .decide();
    assert!(d.when.is_none(), "{:?}", d.when);
}

#[test]
fn a_dateline_is_the_day_of_what_the_post_records() {
    let body =
        "*源码阅读*\n\n版本：3.3.10\n\n2019.3.2 晚上\n\n### 总结\n\n这个模块只实现了共识算法。\n";
    let d = Post::new(body).posted(2019, 3, 2).decide();
    assert_eq!(all_day(&d), (ymd(2019, 3, 2), ymd(2019, 3, 2)));
    // A date alone is a stamp.
    let body = "*源码阅读*\n\n2019.3.2\n\n### 总结\n\n这个模块只实现了共识算法。\n";
    let d = Post::new(body).posted(2019, 3, 2).decide();
    assert!(d.when.is_none(), "{:?}", d.when);
}

#[test]
fn a_relative_day_that_announces_nothing_is_a_manner_of_speaking() {
    for body in [
        "今天的服务网格处于有点尴尬的状态：市场营销已经超过了技术本身。\n",
        "今天成了社区成员，明天简历上就是核心成员，后天就是维护者了，这种风气已经很普遍。\n",
        "Today's service meshes have already outgrown their marketing.\n",
    ] {
        let d = Post::new(body).posted(2020, 2, 2).decide();
        assert!(d.when.is_none(), "{body}: {:?}", d.when);
    }
    // Announcing or reporting words keep it.
    for body in [
        "今天我们将在图书馆举办读书会，欢迎参加。\n",
        "昨天我们在图书馆举办了读书会，来了三十人。\n",
        "Yesterday we held our reading group in the library.\n",
    ] {
        let d = Post::new(body).posted(2020, 2, 3).decide();
        assert!(d.when.is_some(), "{body}");
    }
}

#[test]
fn a_transcript_says_today_on_its_speakers_day() {
    let body =
        "## 概览（00:00~01:11）\n\n欢迎收看今天的分享，我是主讲人，今天跟大家分享共识算法。\n";
    for title in [
        "第 104 期共识算法实战-文字版",
        "Transcript: consensus in practice",
    ] {
        let d = decide(&WhenInput {
            body_first_line: 10,
            post_date: Some(ymd(2020, 9, 13)),
            title,
            ..WhenInput::new(body)
        });
        assert!(d.when.is_none(), "{title}: {:?}", d.when);
    }
    let d = Post::new(body).posted(2020, 9, 13).decide();
    assert_eq!(all_day(&d), (ymd(2020, 9, 13), ymd(2020, 9, 13)));
}

#[test]
fn a_hard_line_break_ends_a_sentence() {
    // One time per line, each line ending in a hard break: an agenda, whose
    // first start and last end bound the day; the words of one line (`带来`)
    // do not lend that line's neighbour's hours.
    let body = concat!(
        "2023.4.16日下午，新手沙龙在图书馆举行，约30人参加。先给没到场的朋友勾勒一个轮廓：  \n",
        "2:30前，志愿者们布置场地。（感谢赞助，给我们带来轻松的气氛）  \n",
        "2:30~约3:30，各人自报家门。  \n",
        "3:30~4:30，老成员分享社团历史。  \n",
        "4：30～6:00，自由交流。  \n",
    );
    let d = Post::new(body).posted(2023, 4, 22).decide();
    assert_eq!(
        timed(&d),
        (dt(2023, 4, 16, 14, 30), dt(2023, 4, 16, 18, 0), true)
    );
    let body = "\
Our spring meetup was held on 16 April 2023 in the library.<br>
Before 2:30pm volunteers set up the room, which brought a relaxed mood.<br>
2:30pm-3:30pm introductions.<br>
3:30pm-6:00pm open discussion.
";
    let d = Post::new(body).posted(2023, 4, 22).decide();
    assert_eq!(
        timed(&d),
        (dt(2023, 4, 16, 14, 30), dt(2023, 4, 16, 18, 0), true)
    );
}

#[test]
fn a_notice_signed_with_its_own_date_is_no_event() {
    let body = "近期部分服务出现中断，我们正在尝试修复。\n\n2020-05-26 23:00:00\n";
    let d = Post::new(body)
        .posted(2020, 5, 26)
        .fm("date", "2020-05-26 23:00:00 +0800", 4)
        .decide();
    assert!(d.when.is_none(), "{:?}", d.when);
    let body = "Some services are down; we are working on it.\n\n2020-05-26 23:00\n";
    let d = Post::new(body)
        .posted(2020, 5, 26)
        .fm("date", "2020-05-26T23:00:00+08:00", 4)
        .decide();
    assert!(d.when.is_none(), "{:?}", d.when);
    // Another time on the last line is read as before.
    let body = "本周读书会。\n\n2020-05-30 19:00\n";
    let d = Post::new(body)
        .posted(2020, 5, 26)
        .fm("date", "2020-05-26 23:00:00 +0800", 4)
        .decide();
    assert_eq!(timed(&d).0, dt(2020, 5, 30, 19, 0));
}

#[test]
fn a_session_with_a_copied_date_is_on_its_written_weekday() {
    let body = "\
### 第一场

- **时间：**2020/5/6（周三） 19:00-20:00

### 第二场

- **时间：**2020/5/6（周四） 19:00-20:00

### 第三场

- **时间：**2020/5/13（周三） 19:00-20:00
";
    let d = Post::new(body).posted(2020, 5, 1).decide();
    let starts: Vec<NaiveDateTime> = d
        .sessions
        .iter()
        .map(|s| match s {
            EventWhen::Timed { start, .. } => *start,
            other => panic!("{other:?}"),
        })
        .collect();
    assert_eq!(
        starts,
        vec![
            dt(2020, 5, 6, 19, 0),
            dt(2020, 5, 7, 19, 0),
            dt(2020, 5, 13, 19, 0)
        ]
    );
    assert!(d
        .warnings
        .iter()
        .any(|w| w.kind == WarningKind::WeekdayMismatch));
    let body = "\
### Session 1

- **Date:** Wednesday, May 6, 2020, 7pm-8pm

### Session 2

- **Date:** Thursday, May 6, 2020, 7pm-8pm
";
    let d = Post::new(body).posted(2020, 5, 1).decide();
    assert_eq!(d.sessions.len(), 2, "{:?}", d.sessions);
}

#[test]
fn registration_opens_for_an_event_named_by_its_day() {
    for body in [
        "2024年3月20日GNU/Linux专场报名开始啦！\n\n本期沙龙主题有：\n\n- 《DBus》\n",
        "Registration for the March 20 workshop is now open!\n",
    ] {
        let d = Post::new(body).posted(2024, 3, 8).decide();
        assert_eq!(all_day(&d), (ymd(2024, 3, 20), ymd(2024, 3, 20)), "{body}");
    }
    // The registration's own day stays a registration period.
    let d = Post::new("3 月 1 日起报名开始，名额有限。\n")
        .posted(2024, 2, 20)
        .decide();
    assert!(d.when.is_none(), "{:?}", d.when);
}

#[test]
fn a_table_introduced_as_the_schedule_lists_the_sessions() {
    let body = "\
社团在秋季学期举办了系列迎新活动，包括新生课堂和游园会，时间安排如下：

| 活动名称 | 时间                            | 地点          |
| -------- | ------------------------------- | ------------- |
| 新生课堂 | 2023 年 9 月 5 日 19:00 - 20:00 | 东区 2105 教室 |
| 游园会   | 2023 年 9 月 9 日 10:00 - 13:00 | 中区 #61      |

9 月 9 日的游园会上，同学们领取了贴纸。
";
    let d = Post::new(body).posted(2023, 9, 10).decide();
    assert_eq!(d.sessions.len(), 2, "{:?}", d.sessions);
    assert_eq!(
        timed(&d),
        (dt(2023, 9, 5, 19, 0), dt(2023, 9, 9, 13, 0), true)
    );
    let body = "\
We will meet at the following times:

| Session | When |
| ------- | ---- |
| Intro   | September 5, 2023 7pm-8pm |
| Hands-on | September 12, 2023 7pm-9pm |
";
    let d = Post::new(body).posted(2023, 9, 1).decide();
    assert_eq!(d.sessions.len(), 2, "{:?}", d.sessions);
    // A table no sentence introduces is not read this way.
    let body = "| 日期 | 主题 |\n| --- | --- |\n| 2023 年 9 月 5 日 19:00 | 入门 |\n";
    let d = Post::new(body).posted(2023, 9, 1).decide();
    assert!(d.sessions.is_empty(), "{:?}", d.sessions);
}

#[test]
fn a_report_told_paragraph_by_paragraph_is_a_timeline() {
    let body = "\
2023 年 3 月 12 日下午，社团的安装聚会在图书馆举办了。

下午 14:00，会长简单地介绍了社团。

下午 15:00 左右，安装聚会开始。

下午 16:30 左右，大部分同学已经装好了系统。

下午 17:30 左右，基本所有的同学都完成了安装。
";
    let d = Post::new(body).posted(2023, 3, 14).decide();
    assert_eq!(
        timed(&d),
        (dt(2023, 3, 12, 14, 0), dt(2023, 3, 12, 17, 30), true)
    );
    let body = "\
Our install party was held on 12 March 2023 in the library.

At 2pm, the chair introduced the club.

Around 3pm, the install party began.

At 5:30pm, almost everyone had a working system.
";
    let d = Post::new(body).posted(2023, 3, 14).decide();
    assert_eq!(
        timed(&d),
        (dt(2023, 3, 12, 14, 0), dt(2023, 3, 12, 17, 30), true)
    );
    // Two times are no timeline: the start the report names stays.
    let body = "2023 年 3 月 12 日下午，社团的安装聚会在图书馆举办了。\n\n下午 14:00，会长简单地介绍了社团。\n\n下午 15:00 左右，安装聚会开始。\n";
    let d = Post::new(body).posted(2023, 3, 14).decide();
    assert_eq!(timed(&d).0, dt(2023, 3, 12, 15, 0));
}

#[test]
fn a_look_back_opens_with_the_day_it_looks_back_on() {
    let body = "\
6月30日，杭州，图书馆三楼，一大早就下起了雨，我还担心很多人不来了。

![](photo.jpg)

因为天气原因很多人来迟了，我们推迟了半个小时在1:30正式开始。
";
    let d = decide(&WhenInput {
        body_first_line: 10,
        post_date: Some(ymd(2018, 7, 3)),
        title: "第一届技术沙龙杭州站回顾",
        ..WhenInput::new(body)
    });
    assert_eq!(timed(&d).0, dt(2018, 6, 30, 13, 30));
    assert!(d
        .warnings
        .iter()
        .any(|w| w.kind == WarningKind::AmbiguousTime));
    let d = decide(&WhenInput {
        body_first_line: 10,
        post_date: Some(ymd(2018, 7, 3)),
        title: "Recap: our first hack night",
        ..WhenInput::new(
            "June 30, Hangzhou: it rained all morning, and we worried nobody would come.\n",
        )
    });
    assert_eq!(all_day(&d), (ymd(2018, 6, 30), ymd(2018, 6, 30)));
    // Without a title that looks back, such an opening is no event.
    let d = Post::new(body).posted(2018, 7, 3).decide();
    assert!(d.when.is_none(), "{:?}", d.when);
}

#[test]
fn a_dotted_day_opening_an_event_statement() {
    let d = decide(&WhenInput {
        body_first_line: 10,
        post_date: Some(ymd(2011, 5, 18)),
        title: "5.14 Ubuntu 11.04 活动总结",
        ..WhenInput::new("5.14 Ubuntu 11.04 Release Party圆满结束。活动的各位组织人员辛苦了。\n")
    });
    assert_eq!(all_day(&d), (ymd(2011, 5, 14), ymd(2011, 5, 14)));
    let d = Post::new("5.14 Release Party was held in the library.\n")
        .posted(2011, 5, 18)
        .decide();
    assert_eq!(all_day(&d), (ymd(2011, 5, 14), ymd(2011, 5, 14)));
    // A version is no day.
    for body in [
        "3.3 版本圆满发布。\n",
        "1.20 release is out.\n",
        "etcd 版本：3.3.10\n",
    ] {
        let d = Post::new(body).posted(2011, 5, 18).decide();
        assert!(d.when.is_none(), "{body}: {:?}", d.when);
    }
}

#[test]
fn two_weekdays_name_the_first_and_last_day_of_a_range() {
    for (body, mismatch) in [
        (
            "百团大战将于 3 月 7 日 - 8 日（校历第二周星期四和星期五）举行。\n",
            false,
        ),
        (
            "The sprint will take place on 7-8 March 2024 (Thu-Fri).\n",
            false,
        ),
        (
            "百团大战将于 3 月 7 日 - 8 日（星期四和星期六）举行。\n",
            true,
        ),
    ] {
        let d = Post::new(body).posted(2024, 3, 1).decide();
        match &d.when {
            Some(EventWhen::AllDay { first, last }) => {
                assert_eq!(
                    (*first, *last),
                    (ymd(2024, 3, 7), ymd(2024, 3, 8)),
                    "{body}"
                )
            }
            other => panic!("expected an all-day range, got {other:?}"),
        }
        assert_eq!(
            kinds(&d).contains(&WarningKind::WeekdayMismatch),
            mismatch,
            "{body}: {:?}",
            d.warnings
        );
    }
}

#[test]
fn a_day_joined_to_a_date_takes_its_month() {
    // `3月19日与20日`: the 20th of March, not a lost day; consecutive, so one span.
    let d = Post::new("招新将于周四周五（3月19日与20日）在大礼堂举行。\n")
        .posted(2026, 3, 1)
        .decide();
    assert_eq!(all_day(&d), (ymd(2026, 3, 19), ymd(2026, 3, 20)));
    assert!(d.warnings.is_empty(), "{:?}", d.warnings);
    // With hours, two sessions a week apart.
    let d = Post::new("例会将于 3 月 5 日和 12 日 19:00-20:30 举行。\n")
        .posted(2026, 3, 1)
        .decide();
    assert_eq!(d.sessions.len(), 2);
    assert_eq!(d.sessions[1].start(), dt(2026, 3, 12, 19, 0));
}

#[test]
fn hours_before_days_joined_by_and_hold_on_each_day() {
    for body in [
        "This workshop will run over 2 half days from 09:30-13:00 on Wednesday 4th February and Thursday 5th February 2026.\n",
        "The course runs 09:30-13:00 on 4 and 5 February 2026.\n",
    ] {
        let d = Post::new(body).posted(2026, 1, 10).decide();
        let got: Vec<(NaiveDateTime, NaiveDateTime)> = d
            .sessions
            .iter()
            .map(|s| match s {
                EventWhen::Timed { start, end, .. } => (*start, *end),
                other => panic!("expected timed sessions, got {other:?}"),
            })
            .collect();
        assert_eq!(
            got,
            [
                (dt(2026, 2, 4, 9, 30), dt(2026, 2, 4, 13, 0)),
                (dt(2026, 2, 5, 9, 30), dt(2026, 2, 5, 13, 0))
            ],
            "{body}"
        );
    }
}

#[test]
fn a_relative_day_restated_as_a_date_is_that_date() {
    // `本周日，即 3 月 24 号`: the date decides; no relative-date warning, and
    // the weekday the relative day names is still checked.
    let d = Post::new("- 时间：本周日，即 3 月 24 号，下午 2:00 - 5:00；\n")
        .posted(2013, 3, 22)
        .decide();
    assert_eq!(
        timed(&d),
        (dt(2013, 3, 24, 14, 0), dt(2013, 3, 24, 17, 0), true)
    );
    assert!(d.warnings.is_empty(), "{:?}", d.warnings);
    let d = Post::new("The next meetup will be next Thursday (5 March 2026) at 7pm.\n")
        .posted(2026, 2, 27)
        .decide();
    assert_eq!(timed(&d).0, dt(2026, 3, 5, 19, 0));
    assert!(d.warnings.is_empty(), "{:?}", d.warnings);
    let d = Post::new("- 时间：本周六，即 3 月 24 号，下午 2:00 - 5:00；\n")
        .posted(2013, 3, 22)
        .decide();
    assert!(
        kinds(&d).contains(&WarningKind::WeekdayMismatch),
        "{:?}",
        d.warnings
    );
}

#[test]
fn an_agenda_whose_last_slot_has_no_end_gives_the_start() {
    let body = "\
## Agenda

| Time | Subject |
| --- | --- |
| 09:00 - 09:15 | hello & coffee |
| 09:15 - 10:30 | talks |
| 11:40 - ??:?? | Networking moment |
";
    let d = decide(&WhenInput {
        body_first_line: 10,
        post_date: Some(ymd(2021, 1, 26)),
        title: "February 11, 2021, Meetup",
        zone: Tz::Europe__Amsterdam,
        ..WhenInput::new(body)
    });
    let (start, end, stated) = timed(&d);
    assert_eq!(start, dt(2021, 2, 11, 9, 0));
    assert!(!stated);
    assert_eq!(end, dt(2021, 2, 11, 11, 40), "at least into the last slot");
}

#[test]
fn nowadays_is_no_day() {
    for body in [
        "在浏览器更新较快的今天，我们终于可以欢迎 SVG 带来的福利。\n",
        "到今天为止，我已经基本完成了新家庭实验室的安装，欢迎参观。\n",
    ] {
        let d = Post::new(body).posted(2019, 12, 1).decide();
        assert!(d.when.is_none(), "{body}: {:?}", d.when);
    }
    // `今天` as a day still is one.
    let d = Post::new("今天晚上 8 点，我们将在 B 站直播。\n")
        .posted(2019, 12, 1)
        .decide();
    assert_eq!(timed(&d).0, dt(2019, 12, 1, 20, 0));
}

#[test]
fn second_review_counter_examples() {
    // Something that "started" is no event unless the event is what began.
    for body in [
        "This project started on March 3, 2019 as a weekend hobby.\n",
        "这个项目于 2019 年 3 月 3 日正式开始，至今已有五年。\n",
        "本文写作时间为 2024 年 3 月 2 日，内容可能过时。\n",
    ] {
        let d = Post::new(body).posted(2024, 9, 20).decide();
        assert!(d.when.is_none(), "{body}: {:?}", d.when);
    }
    // Registration and arrivals are not the start; the day stays all-day.
    for body in [
        "Our autumn meetup was held on September 15 in the library.\n\nRegistration started at 9:00 and the first talk was at 10:30.\n",
        "9 月 15 日下午，我们在图书馆举办了读书会。\n\n1:30，活动开始前，同学们陆续签到领取资料。\n",
    ] {
        let d = Post::new(body).posted(2024, 9, 20).decide();
        assert!(
            matches!(d.when, Some(EventWhen::AllDay { .. })),
            "{body}: {:?}",
            d.when
        );
        assert!(d.sessions.is_empty(), "{body}");
    }
    // A neutral `活动时间为` in a report does not make it next year's.
    let d = Post::new("我们在春天举办了 Meetup，活动时间为 4 月 20 日下午，现场非常热闹。\n")
        .posted(2024, 8, 10)
        .decide();
    assert_eq!(all_day(&d).0, ymd(2024, 4, 20));
    // A day not after the date it is joined to is the next month's.
    let d = Post::new("- 活动时间：3 月 31 日与 1 日\n")
        .posted(2024, 3, 1)
        .decide();
    assert_eq!(all_day(&d), (ymd(2024, 3, 31), ymd(2024, 4, 1)));
    // A relative day and a date with other words between are two days.
    let d = Post::new("明天报名截止，3 月 30 日下午 2 点我们将举办读书会。\n")
        .posted(2024, 3, 1)
        .decide();
    assert_eq!(timed(&d).0, dt(2024, 3, 30, 14, 0));
}

#[test]
fn the_title_names_the_posts_event_by_its_day() {
    // A weekly call's notes list other events; the call is the title's day.
    let body = "\
Notes of this week's call.

## Events

WasmCon takes place 16th April, 12:15pm - 12:55pm PT, join us there.
";
    let d = decide(&WhenInput {
        body_first_line: 10,
        post_date: Some(ymd(2024, 2, 21)),
        title: "Community Meeting - 2024-02-21",
        zone: Tz::America__Los_Angeles,
        ..WhenInput::new(body)
    });
    assert_eq!(all_day(&d), (ymd(2024, 2, 21), ymd(2024, 2, 21)));
    assert!(d.warnings.is_empty(), "{:?}", d.warnings);
    // With hours for that day in the body, those hours.
    let body = "The call is at 9am PT on Zoom.\n\nWasmCon will take place 16th April.\n";
    let d = decide(&WhenInput {
        body_first_line: 10,
        post_date: Some(ymd(2024, 2, 21)),
        title: "Community Meeting - 2024-02-21",
        zone: Tz::America__Los_Angeles,
        ..WhenInput::new(body)
    });
    assert_eq!(timed(&d).0, dt(2024, 2, 21, 9, 0));
}

#[test]
fn a_utc_copy_an_hour_off_the_prose_zone_is_a_hand_conversion_slip() {
    // 1-3pm EST is 18:00-20:00Z; the UTC copy took EDT's offset in December.
    let post = |start: &'static str, end: &'static str, zone: Tz, body: &'static str| {
        let mut p = Post::new(body)
            .fm("time.0.0.start", start, 11)
            .fm("time.0.0.end", end, 12);
        p.zone = zone;
        p.decide()
    };
    let body = "The annual meeting will take place on Friday December 4, 2020 from 1-3pm ET.\n";
    let d = post(
        "2020-12-04T17:00:00Z",
        "2020-12-04T18:00:00Z",
        Tz::America__New_York,
        body,
    );
    assert_eq!(
        timed(&d),
        (dt(2020, 12, 4, 13, 0), dt(2020, 12, 4, 15, 0), true)
    );
    assert_eq!(kinds(&d), vec![WarningKind::FrontMatterDisagrees]);
    // The same slip the other way in summer, on a site in another zone.
    let body = "Our next community call is on June 10th, 2021 at 12pm ET.\n";
    let d = post(
        "2021-06-10T15:00:00Z",
        "2021-06-10T16:00:00Z",
        Tz::America__Los_Angeles,
        body,
    );
    assert_eq!(timed(&d).0, dt(2021, 6, 10, 9, 0));
    assert_eq!(kinds(&d), vec![WarningKind::FrontMatterDisagrees]);
    // The copy right: the front matter stays, quietly.
    let d = post(
        "2021-06-10T16:00:00Z",
        "2021-06-10T17:00:00Z",
        Tz::America__New_York,
        body,
    );
    assert_eq!(
        timed(&d),
        (dt(2021, 6, 10, 12, 0), dt(2021, 6, 10, 13, 0), true)
    );
    assert!(d.warnings.is_empty(), "{:?}", d.warnings);
    // Prose without a zone is a wall time of the site, not a conversion: the
    // front matter's instant stays.
    let body = "Our next community call is on June 10th, 2021 at 12pm.\n";
    let d = post(
        "2021-06-10T15:00:00Z",
        "2021-06-10T16:00:00Z",
        Tz::America__New_York,
        body,
    );
    assert_eq!(timed(&d).0, dt(2021, 6, 10, 11, 0));
    // A zone without summer time (`北京时间`) has no season to slip on.
    let body = "本次会议将于 2021 年 6 月 10 日（北京时间）20:00 举行。\n";
    let d = post(
        "2021-06-10T13:00:00Z",
        "2021-06-10T14:00:00Z",
        Tz::Asia__Shanghai,
        body,
    );
    assert_eq!(timed(&d).0, dt(2021, 6, 10, 21, 0));
}

#[test]
fn the_city_the_prose_puts_the_event_in_gives_zoneless_times_their_clock() {
    let post = |body: &'static str| {
        decide(&WhenInput {
            body_first_line: 10,
            post_date: Some(ymd(2019, 12, 3)),
            zone: Tz::America__Denver,
            ..WhenInput::new(body)
        })
    };
    // 8am in San Francisco is 9am on the site's Mountain clock.
    let body = "\
Several events will be held at the fall meeting this year in San Francisco.

## Our talk: Tuesday Dec 10, 2019 8am in Moscone West
";
    let d = post(body);
    assert_eq!(timed(&d).0, dt(2019, 12, 10, 9, 0));
    assert_eq!(kinds(&d), vec![WarningKind::AmbiguousTime]);
    // Cities of two zones: no place is the event's; the site's clock.
    let body = "\
Several events will be held this year in San Francisco and in Chicago.

## Our talk: Tuesday Dec 10, 2019 8am in Moscone West
";
    assert_eq!(timed(&post(body)).0, dt(2019, 12, 10, 8, 0));
    // A country names where people are, not where they meet.
    let body = "\
Our contributors in India will join the call on Tuesday Dec 10, 2019 at 8am.
";
    assert_eq!(timed(&post(body)).0, dt(2019, 12, 10, 8, 0));
    // A zone written beside the time wins over the place.
    let body = "\
The sprint will take place in Berlin on Tuesday Dec 10, 2019 at 8am MST.
";
    let d = post(body);
    assert_eq!(timed(&d).0, dt(2019, 12, 10, 8, 0));
    assert!(d.warnings.is_empty(), "{:?}", d.warnings);
}

#[test]
fn dated_links_below_the_posts_own_agenda_are_other_events() {
    let post = |body: &'static str, zone: Tz| {
        decide(&WhenInput {
            body_first_line: 10,
            post_date: Some(ymd(2025, 11, 11)),
            zone,
            ..WhenInput::new(body)
        })
    };
    let body = "\
### Agenda

5:00pm Meet and greet and pizza
6:00pm Seminar discussion
7:30pm Further hangout TBD

#### Events

- Nov 13 @ 5pm: [Park 101: intro to bitcoin](https://www.meetup.com/park/events/1/)
- [Park 102: Workshop, Thurs Nov 20 @5pm [JOIN THE WAITLIST]](https://www.meetup.com/park/events/2/)
";
    let d = post(body, Tz::America__Chicago);
    assert_eq!(timed(&d).0, dt(2025, 11, 11, 17, 0));
    let body = "\
## 议程

19:00 签到
19:30 源码分享
21:00 自由交流

## 近期活动

- [11 月 20 日 19:00 Go 夜读第 2 期](https://example.org/events/2/)
";
    let d = post(body, Tz::Asia__Shanghai);
    assert_eq!(timed(&d).0, dt(2025, 11, 11, 19, 0));
    // Without an agenda of its own, the linked item is the post's event.
    let body = "\
Join us at the next meetup:

- [Park 101: intro to bitcoin, Thurs Nov 13 @5pm](https://www.meetup.com/park/events/1/)
";
    let d = post(body, Tz::America__Chicago);
    assert_eq!(timed(&d).0, dt(2025, 11, 13, 17, 0));
}

#[test]
fn a_front_matter_start_takes_the_end_of_a_sentence_with_its_hours() {
    // The series' rule writes the start; the prose the hours of each call.
    let body = "The calls of each odd month take place on the second Thursday of the month, \
12:00-1:00pm ET on Zoom.\n";
    let mut p = Post::new(body).fm("time.0.0.start", "2022-07-14 12:00 EDT", 10);
    p.zone = Tz::America__New_York;
    let d = p.decide();
    assert_eq!(
        timed(&d),
        (dt(2022, 7, 14, 12, 0), dt(2022, 7, 14, 13, 0), true)
    );
    assert!(d.warnings.is_empty(), "{:?}", d.warnings);
    let body = "例会每月第二个周四举行，时间为 19:30-21:00。\n";
    let d = Post::new(body)
        .fm("event.start", "2022-07-14 19:30", 10)
        .decide();
    assert_eq!(
        timed(&d),
        (dt(2022, 7, 14, 19, 30), dt(2022, 7, 14, 21, 0), true)
    );
    // Hours that start at another time are another part of the day.
    let body = "The calls take place on the second Thursday of the month, 2:00-3:00pm ET.\n";
    let mut p = Post::new(body).fm("time.0.0.start", "2022-07-14 12:00 EDT", 10);
    p.zone = Tz::America__New_York;
    assert!(!timed(&p.decide()).2);
}

#[test]
fn hours_of_each_meeting_make_every_announced_day_a_session() {
    let post = |body: &'static str| {
        decide(&WhenInput {
            body_first_line: 10,
            post_date: Some(ymd(2022, 6, 3)),
            zone: Tz::UTC,
            ..WhenInput::new(body)
        })
    };
    let body = "\
On Friday, June 3rd, the team had a planning meeting for the cycle.

On Friday, 10 June, we will review the open issues.

On Friday, 17 June, we will hold our planning meeting for the next cycle.

Each meeting will run from 2pm to 3pm UTC, on the meetings stream.
";
    let d = post(body);
    assert_eq!(
        d.sessions
            .iter()
            .map(|s| match s {
                EventWhen::Timed { start, .. } => *start,
                other => panic!("{other:?}"),
            })
            .collect::<Vec<_>>(),
        vec![dt(2022, 6, 10, 14, 0), dt(2022, 6, 17, 14, 0)]
    );
    // The meetings of a named month take its hours; another day keeps its own.
    let body = "\
On Friday, 10 June, we will review the open issues.

On Friday, 17 June, we will discuss the backlog.

On Friday, 1 July, we will plan the next cycle.

The two meetings in June will run from 2pm to 3pm UTC.

The meeting on July 1st has a different time; it will run from 4pm to 5pm UTC.
";
    let d = post(body);
    assert_eq!(d.sessions.len(), 3);
    assert_eq!(timed(&d).1, dt(2022, 7, 1, 17, 0));
    let body = "\
我们将于 6 月 10 日（周五）讨论议题一。

我们将于 6 月 17 日（周五）讨论议题二。

每次会议时间为 14:00-15:00。
";
    let d = decide(&WhenInput {
        body_first_line: 10,
        post_date: Some(ymd(2022, 6, 3)),
        ..WhenInput::new(body)
    });
    assert_eq!(d.sessions.len(), 2, "{d:?}");
    assert_eq!(timed(&d).0, dt(2022, 6, 10, 14, 0));
    // Without a sentence for each meeting, one meeting.
    let body = "\
On Friday, 10 June, we will review the open issues.

On Friday, 17 June, we will hold our planning meeting, from 2pm to 3pm UTC.
";
    assert!(post(body).sessions.is_empty());
}

#[test]
fn a_front_matter_day_whose_weekday_fits_another_year_is_last_years_entry() {
    let body = "The devroom will take place on **Sunday, February 2nd**, in Brussels.\n";
    let d = Post::new(body)
        .posted(2019, 11, 20)
        .fm("eventDate", "Sun, 2 Feb 2019", 6)
        .decide();
    assert_eq!(all_day(&d), (ymd(2020, 2, 2), ymd(2020, 2, 2)));
    assert_eq!(
        kinds(&d),
        vec![
            WarningKind::WeekdayMismatch,
            WarningKind::FrontMatterDisagrees
        ]
    );
    let body = "本次沙龙将于 2 月 2 日（周日）举办。\n";
    let d = Post::new(body)
        .posted(2019, 11, 20)
        .fm("eventDate", "2019 年 2 月 2 日 周日", 6)
        .decide();
    assert_eq!(all_day(&d), (ymd(2020, 2, 2), ymd(2020, 2, 2)));
    // A weekday that fits its year: the front matter is the event.
    let body = "The devroom will take place on **Saturday, February 2nd**, in Brussels.\n";
    let d = Post::new(body)
        .posted(2018, 11, 20)
        .fm("eventDate", "Sat, 2 Feb 2019", 6)
        .decide();
    assert_eq!(all_day(&d), (ymd(2019, 2, 2), ymd(2019, 2, 2)));
}

#[test]
fn a_weekday_and_a_day_of_the_month_are_the_next_such_day() {
    let post = |y, m, d| {
        decide(&WhenInput {
            body_first_line: 10,
            post_date: Some(ymd(y, m, d)),
            zone: Tz::America__New_York,
            ..WhenInput::new(
                "We had our last meeting on April 7th.\n\nWe will do our planning in our \
                 weekly meeting on Tuesday, the 19th at 4:00 PM ET.\n",
            )
        })
    };
    assert_eq!(timed(&post(2020, 5, 18)).0, dt(2020, 5, 19, 16, 0));
    // The 19th of the post's June is a Friday: the next Tuesday the 19th.
    assert_eq!(timed(&post(2020, 6, 2)).0, dt(2021, 1, 19, 16, 0));
}

#[test]
fn numbered_items_with_a_weekday_and_a_numeric_day_are_sessions() {
    let body = "\
The association will host a virtual workshop on April 22 and 23, 2020!

This workshop will be held in three online sessions:

1. **The Landscape** - Reports, with discussion (Wednesday 4/22, 12:00-1:30 PM EDT)
    - Welcome (5 min)
1. **Technical Talks** - Short talks (Wednesday 4/22, 3:00-4:30 PM EDT)
    - Introduction (2 min)
1. **Community** - Breakouts (Thursday 4/23, 12:00-1:30 PM EDT)
";
    let d = decide(&WhenInput {
        body_first_line: 10,
        post_date: Some(ymd(2020, 4, 1)),
        zone: Tz::America__New_York,
        ..WhenInput::new(body)
    });
    assert_eq!(d.sessions.len(), 3, "{d:?}");
    assert_eq!(
        timed(&d),
        (dt(2020, 4, 22, 12, 0), dt(2020, 4, 23, 13, 30), true)
    );
}

#[test]
fn a_time_key_with_one_of_the_day_keys_days_is_the_posts_slot() {
    let body = "FOSDEM takes place at the university on 31 January & 1 February 2026.\n";
    let mut p = Post::new(body)
        .posted(2025, 10, 1)
        .fm("eventDate", "31 January & 1 February 2026", 6)
        .fm("time", "Sunday 1 February 2026 13.00 - 17.00", 8);
    p.zone = Tz::Europe__Brussels;
    let d = p.decide();
    assert_eq!(
        timed(&d),
        (dt(2026, 2, 1, 13, 0), dt(2026, 2, 1, 17, 0), true)
    );
    assert!(d.warnings.is_empty(), "{:?}", d.warnings);
    let body = "本届大会将于 2026 年 1 月 31 日至 2 月 1 日举办。\n";
    let d = Post::new(body)
        .posted(2025, 10, 1)
        .fm("eventDate", "2026 年 1 月 31 日至 2 月 1 日", 6)
        .fm("time", "2026 年 2 月 1 日 13:00-17:00", 8)
        .decide();
    assert_eq!(timed(&d).0, dt(2026, 2, 1, 13, 0));
    // A time key on a day outside them is not read as the slot.
    let d = Post::new("")
        .posted(2025, 10, 1)
        .fm("eventDate", "31 January & 1 February 2026", 6)
        .fm("time", "Sunday 8 February 2026 13.00 - 17.00", 8)
        .decide();
    assert!(matches!(d.when, Some(EventWhen::AllDay { .. })), "{d:?}");
}

#[test]
fn a_list_of_meeting_days_without_hours_is_its_sessions() {
    let post = |body: &'static str| {
        decide(&WhenInput {
            body_first_line: 10,
            post_date: Some(ymd(2019, 10, 25)),
            zone: Tz::UTC,
            ..WhenInput::new(body)
        })
    };
    let body = "\
In our planning meeting today, the team has scheduled the next design meetings:

* On Nov 1, we will discuss the storage of the dependency graph.
* On Nov 8, we will discuss a framework for dataflow analysis.
* On Nov 15, we will do a review of the working groups.
";
    let d = post(body);
    assert_eq!(all_day(&d), (ymd(2019, 11, 1), ymd(2019, 11, 15)));
    assert_eq!(d.sessions.len(), 3, "{d:?}");
    let body = "\
团队排定了接下来的设计会议：

* 我们将于 11 月 1 日讨论依赖图的存储。
* 我们将于 11 月 8 日讨论数据流分析框架。
";
    let d = decide(&WhenInput {
        body_first_line: 10,
        post_date: Some(ymd(2019, 10, 25)),
        ..WhenInput::new(body)
    });
    assert_eq!(d.sessions.len(), 2, "{d:?}");
    // A timeline with a deadline is the steps of a process, not meetings.
    let body = "\
## Important dates

 - 31 October 2019 – deadline for becoming a candidate
 - 16 November 2019 – voting will take place via an electronic system
 - 1st December 2019 – results will be announced
";
    assert!(post(body).sessions.is_empty());
}

#[test]
fn the_section_list_page_puts_zoneless_times_in_its_city() {
    let body =
        "The meet and greet will take place on Wednesday, March 25, 2026, from noon to 3pm.\n";
    let input = |section: &'static str| WhenInput {
        body_first_line: 10,
        zone: Tz::America__Los_Angeles,
        section_front_matter: section,
        ..WhenInput::new(body)
    };
    let d = decide(&input(
        "title: Contributor Events\ndescription: >\n  Contributor events at KubeCon, hosted in Amsterdam, Netherlands.",
    ));
    // Noon in Amsterdam (CET) is 04:00 in Los Angeles (PDT).
    assert_eq!(timed(&d).0, dt(2026, 3, 25, 4, 0));
    assert_eq!(kinds(&d), vec![WarningKind::AmbiguousTime]);
    // Nothing said: the site's clock.
    assert_eq!(timed(&decide(&input(""))).0, dt(2026, 3, 25, 12, 0));
    // The post's own place wins over the section's.
    let body = "The social will take place in Paris on Wednesday, March 25, 2026, from 6pm.\n";
    let d = decide(&WhenInput {
        body_first_line: 10,
        zone: Tz::America__Los_Angeles,
        section_front_matter: "description: hosted in Tokyo",
        ..WhenInput::new(body)
    });
    assert_eq!(timed(&d).0, dt(2026, 3, 25, 10, 0));
}

#[test]
fn a_day_line_over_an_agenda_is_its_day_in_the_sections_city() {
    let body = "\
## Schedule

Tuesday, September 26th

- 09:00 ~ 09:15 am - Welcome
- 09:15 ~ 09:45 am - Talk
- 11:00 ~ 12:30 am - Unconference
";
    let input = |section: &'static str| WhenInput {
        body_first_line: 10,
        path_year: Some(2023),
        zone: Tz::America__Los_Angeles,
        section_front_matter: section,
        ..WhenInput::new(body)
    };
    // 09:00-12:30 in Shanghai (`12:30 am` after a morning is half past
    // noon) is 18:00-21:30 the evening before in Los Angeles.
    let d = decide(&input(
        "description: Contributor Summit, hosted in Shanghai.",
    ));
    assert_eq!(
        timed(&d),
        (dt(2023, 9, 25, 18, 0), dt(2023, 9, 25, 21, 30), true)
    );
    let d = decide(&input(""));
    assert_eq!(
        timed(&d),
        (dt(2023, 9, 26, 9, 0), dt(2023, 9, 26, 12, 30), true)
    );
    // A day line over prose is no agenda's day.
    let d = decide(&WhenInput {
        body_first_line: 10,
        path_year: Some(2023),
        ..WhenInput::new("Tuesday, September 26th\n\nWe had a lovely time.\n")
    });
    assert!(d.when.is_none(), "{d:?}");
}

#[test]
fn a_city_of_another_time_or_of_someone_s_home_is_not_the_venue() {
    let post = |body: &'static str| {
        decide(&WhenInput {
            body_first_line: 10,
            post_date: Some(ymd(2024, 4, 1)),
            zone: Tz::America__New_York,
            ..WhenInput::new(body)
        })
    };
    // Last year's edition was in London; this one is at home, on New York's clock.
    let d = post("Last year in London we had 50 people at our spring meetup. This year's meetup will take place on April 18 at 6:30pm at our office.\n");
    assert_eq!(timed(&d).0, dt(2024, 4, 18, 18, 30));
    assert!(d.warnings.is_empty(), "{:?}", d.warnings);
    let d = post("Our meetup will take place on April 18 at 6:30pm. Our speaker is a designer based in Berlin.\n");
    assert_eq!(timed(&d).0, dt(2024, 4, 18, 18, 30));
    let d = post("Our speaker, who lives in Tokyo, will join the meetup on April 18 at 6:30pm.\n");
    assert_eq!(timed(&d).0, dt(2024, 4, 18, 18, 30));
    // A list page that tells where the group began is not where it meets.
    let d = decide(&WhenInput {
        body_first_line: 10,
        post_date: Some(ymd(2024, 4, 1)),
        zone: Tz::UTC,
        section_front_matter:
            "description: Our group was founded in London in 2015 and now meets online.",
        ..WhenInput::new("Our online call will take place on April 18 at 14:00.\n")
    });
    assert_eq!(timed(&d).0, dt(2024, 4, 18, 14, 0));
    assert!(d.warnings.is_empty(), "{:?}", d.warnings);
    // This year's city is still the venue.
    let d = post("The sprint will be held this year in Berlin on April 18 at 9am.\n");
    assert_eq!(timed(&d).0, dt(2024, 4, 18, 3, 0));
    assert_eq!(kinds(&d), vec![WarningKind::AmbiguousTime]);
}

#[test]
fn a_day_something_is_done_by_is_not_the_event() {
    let post = |body: &'static str, zone: Tz, on: NaiveDate| {
        decide(&WhenInput {
            body_first_line: 10,
            post_date: Some(on),
            zone,
            ..WhenInput::new(body)
        })
    };
    let d = post(
        "Voting closes on November 6. We will have the results by November 8, and the new board meets on November 14 at 2pm.\n",
        Tz::America__New_York,
        ymd(2024, 10, 20),
    );
    assert_eq!(timed(&d).0, dt(2024, 11, 14, 14, 0));
    assert!(d.sessions.is_empty(), "{:?}", d.sessions);
    let d = post(
        "We will have the slides by 6 November. The meetup will take place on 14 November at 18:00.\n",
        Tz::Europe__Amsterdam,
        ymd(2024, 10, 20),
    );
    assert_eq!(timed(&d).0, dt(2024, 11, 14, 18, 0));
    // 日前公布: published before the day; the meeting is the event.
    let d = post(
        "我们将在 6 月 30 日前公布年度报告，年会定于 7 月 6 日下午 2 点举行。\n",
        Tz::Asia__Shanghai,
        ymd(2024, 5, 1),
    );
    assert_eq!(timed(&d).0, dt(2024, 7, 6, 14, 0));
    // A meetup on a day, with no deadline: still the event.
    let d = post(
        "Stop by on November 14 at 6pm for our meetup.\n",
        Tz::America__New_York,
        ymd(2024, 10, 20),
    );
    assert_eq!(timed(&d).0, dt(2024, 11, 14, 18, 0));
}

#[test]
fn a_weekday_and_day_in_a_report_is_the_last_such_day_before_the_post() {
    let post = |body: &'static str| {
        decide(&WhenInput {
            body_first_line: 10,
            post_date: Some(ymd(2024, 3, 25)),
            zone: Tz::America__New_York,
            ..WhenInput::new(body)
        })
    };
    // 19 March 2024 was a Tuesday; the next Tuesday the 19th is in November.
    let d = post("On Tuesday, the 19th, we met at the library for our March meetup. Thanks to everyone who came!\n");
    assert_eq!(all_day(&d), (ymd(2024, 3, 19), ymd(2024, 3, 19)));
    // An announcement still counts forward.
    let d = post("We will meet on Tuesday, the 19th at 6pm for our next meetup.\n");
    assert_eq!(timed(&d).0, dt(2024, 11, 19, 18, 0));
}

#[test]
fn a_call_s_front_matter_date_is_not_rescued_by_the_event_its_deadline_is_for() {
    let fm = [FrontMatterValue::new("eventDate", "2024-03-25", Some(4))];
    let d = decide(&WhenInput {
        body_first_line: 6,
        post_date: Some(ymd(2024, 3, 1)),
        title: "Call for papers closes March 25",
        front_matter: &fm,
        zone: Tz::America__New_York,
        ..WhenInput::new("Submit your talk for our June conference by March 25.\n")
    });
    assert!(d.when.is_none(), "{:?}", d.when);
    assert_eq!(kinds(&d), vec![WarningKind::NoEventTime]);
    // A call that also holds a meetup keeps its date.
    let fm = [FrontMatterValue::new("eventDate", "2024-03-25", Some(4))];
    let d = decide(&WhenInput {
        body_first_line: 6,
        post_date: Some(ymd(2024, 3, 1)),
        title: "Call for papers closes March 25",
        front_matter: &fm,
        zone: Tz::America__New_York,
        ..WhenInput::new(
            "Submit your talk by March 20. On March 25 we hold a meetup to review them together.\n",
        )
    });
    assert_eq!(all_day(&d), (ymd(2024, 3, 25), ymd(2024, 3, 25)));
}

#[test]
fn a_utc_copy_that_reads_a_summer_gmt_as_the_uk_clock_is_no_slip() {
    // The call in New York with its front-matter UTC copy `copy`.
    let call = |copy: &str| {
        let fm = [FrontMatterValue::new("start", copy, Some(4))];
        decide(&WhenInput {
            body_first_line: 6,
            post_date: Some(ymd(2024, 6, 1)),
            title: "Community call",
            front_matter: &fm,
            zone: Tz::America__New_York,
            ..WhenInput::new("The community call will take place on June 13 at 12pm GMT.\n")
        })
    };
    // `12pm GMT` in June: noon on the UK's clock is 11:00 UTC, as the copy
    // says; the copy settles what the prose leaves open.
    let d = call("2024-06-13T11:00:00Z");
    assert_eq!(timed(&d).0, dt(2024, 6, 13, 7, 0));
    // The two still differ as written: said, but the copy is not the slip.
    assert!(
        d.warnings.iter().all(|w| !w.message.contains("slip")),
        "{:?}",
        d.warnings
    );
    // A copy an hour off the other way is still the slip: the prose wins.
    let d = call("2024-06-13T13:00:00Z");
    assert_eq!(timed(&d).0, dt(2024, 6, 13, 8, 0));
    assert!(kinds(&d).contains(&WarningKind::FrontMatterDisagrees));
}
