//! Every time form the event-time stage reads, through the public
//! `feedcal::when::decide`, in small posts written for these tests.

use chrono::{Duration, NaiveDate, NaiveDateTime};
use chrono_tz::Tz;
use feedcal::model::{EventDecision, EventWhen, WarningKind};
use feedcal::when::{decide, FrontMatterValue, WhenInput};

fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("test date")
}

fn dt(y: i32, m: u32, d: u32, h: u32, mi: u32) -> NaiveDateTime {
    ymd(y, m, d).and_hms_opt(h, mi, 0).expect("test time")
}

fn run(body: &str, post: Option<NaiveDate>) -> EventDecision {
    run_fm(body, post, &[])
}

fn run_fm(body: &str, post: Option<NaiveDate>, fm: &[FrontMatterValue]) -> EventDecision {
    decide(&WhenInput {
        body_first_line: 8,
        post_date: post,
        front_matter: fm,
        zone: Tz::Asia__Shanghai,
        default_duration: Duration::hours(2),
        ..WhenInput::new(body)
    })
}

fn timed(d: &EventDecision) -> (NaiveDateTime, NaiveDateTime, bool) {
    match &d.when {
        Some(EventWhen::Timed {
            start,
            end,
            end_stated,
            zone,
        }) => {
            assert_eq!(*zone, Tz::Asia__Shanghai);
            (*start, *end, *end_stated)
        }
        other => panic!("expected a timed event, got {other:?}"),
    }
}

fn kinds(d: &EventDecision) -> Vec<WarningKind> {
    d.warnings.iter().map(|w| w.kind).collect()
}

/// A post around one labelled line: intro, the line, a location, a table.
fn post(line: &str) -> String {
    format!(
        "## 概要\n\n- 活动主题：测试活动第 3 期\n{line}\n- 活动地点：某市某区 2 号楼 3 层\n\n## 议程\n\n| 时间 | 环节 |\n| --- | --- |\n| 13:00 | 签到 |\n"
    )
}

struct Case {
    line: &'static str,
    post: Option<(i32, u32, u32)>,
    start: NaiveDateTime,
    end: NaiveDateTime,
    stated: bool,
}

fn check(cases: &[Case]) {
    for c in cases {
        let d = run(&post(c.line), c.post.map(|(y, m, d)| ymd(y, m, d)));
        assert_eq!(timed(&d), (c.start, c.end, c.stated), "{}", c.line);
        assert!(d.warnings.is_empty(), "{}: {:?}", c.line, d.warnings);
        assert_eq!(
            d.evidence.as_ref().and_then(|e| e.line),
            Some(11),
            "{}",
            c.line
        );
    }
}

#[test]
fn corpus_style_forms() {
    check(&[
        Case {
            line: "- 活动时间：04 月 15 日 12:00--17:00",
            post: Some((2023, 4, 10)),
            start: dt(2023, 4, 15, 12, 0),
            end: dt(2023, 4, 15, 17, 0),
            stated: true,
        },
        Case {
            line: "- 活动时间：2019 年 11 月 24 日（星期日）9:30-16:30",
            post: None,
            start: dt(2019, 11, 24, 9, 30),
            end: dt(2019, 11, 24, 16, 30),
            stated: true,
        },
        Case {
            line: "- 活动时间：时间：2019 年 12 月 28 日（周六）13:00-17:30",
            post: None,
            start: dt(2019, 12, 28, 13, 0),
            end: dt(2019, 12, 28, 17, 30),
            stated: true,
        },
        Case {
            line: "- 活动时间：5 月 28 日周四晚 8 点",
            post: Some((2020, 5, 20)),
            start: dt(2020, 5, 28, 20, 0),
            end: dt(2020, 5, 28, 22, 0),
            stated: false,
        },
        Case {
            line: "- 活动时间：3 月 24 日周日下午 13 点",
            post: Some((2019, 3, 11)),
            start: dt(2019, 3, 24, 13, 0),
            end: dt(2019, 3, 24, 15, 0),
            stated: false,
        },
        Case {
            line: "- 活动时间：08月18日,周三晚19点",
            post: Some((2021, 8, 18)),
            start: dt(2021, 8, 18, 19, 0),
            end: dt(2021, 8, 18, 21, 0),
            stated: false,
        },
        Case {
            line: "- 活动时间：12 月 08 日，周三晚 19 点",
            post: Some((2021, 12, 1)),
            start: dt(2021, 12, 8, 19, 0),
            end: dt(2021, 12, 8, 21, 0),
            stated: false,
        },
        Case {
            line: "**时间**：2021年6 月 19 日（周六）13：00 -17：30",
            post: None,
            start: dt(2021, 6, 19, 13, 0),
            end: dt(2021, 6, 19, 17, 30),
            stated: true,
        },
        Case {
            line: "- 活动时间： 2022 年 04 月 16 日 （14:00-17:40）",
            post: None,
            start: dt(2022, 4, 16, 14, 0),
            end: dt(2022, 4, 16, 17, 40),
            stated: true,
        },
        Case {
            line: "直播时间：2022 年 4 月 1 日 上午 9:30 ",
            post: None,
            start: dt(2022, 4, 1, 9, 30),
            end: dt(2022, 4, 1, 11, 30),
            stated: false,
        },
        Case {
            line: "**直播时间：**2020年5月28日（周四）20:00-21:00",
            post: None,
            start: dt(2020, 5, 28, 20, 0),
            end: dt(2020, 5, 28, 21, 0),
            stated: true,
        },
        Case {
            line: "活动时间：5 月 16 日周四晚 7 点",
            post: Some((2019, 5, 8)),
            start: dt(2019, 5, 16, 19, 0),
            end: dt(2019, 5, 16, 21, 0),
            stated: false,
        },
        Case {
            line: "* \u{200B}**活动时间**\u{200B}：2023 年 4 月 1 日 10:00",
            post: None,
            start: dt(2023, 4, 1, 10, 0),
            end: dt(2023, 4, 1, 12, 0),
            stated: false,
        },
    ]);
}

#[test]
fn several_days_without_hours_are_all_day() {
    let d = run(
        &post("* \u{200B}**活动时间**\u{200B}：2026 年 4 月 1 日-2026 年 4 月 25 日"),
        Some(ymd(2026, 4, 1)),
    );
    assert_eq!(
        d.when,
        Some(EventWhen::AllDay {
            first: ymd(2026, 4, 1),
            last: ymd(2026, 4, 25)
        })
    );
    let d = run(&post("- 日期：2023 年 11 月 4 日（周六）"), None);
    assert_eq!(
        d.when,
        Some(EventWhen::AllDay {
            first: ymd(2023, 11, 4),
            last: ymd(2023, 11, 4)
        })
    );
}

#[test]
fn date_line_and_time_line() {
    let body = "### 工作坊\n- 日期：2019年6月24日，星期一\n- 时间：9:00 – 16:00\n- 地点：会展中心 616 房间\n";
    let d = run(body, Some(ymd(2019, 6, 4)));
    assert_eq!(
        timed(&d),
        (dt(2019, 6, 24, 9, 0), dt(2019, 6, 24, 16, 0), true)
    );
    assert!(d.warnings.is_empty());
    let body = "### Workshop\n- Date: Monday, 24 June, 2019\n- Time: 9:00 – 16:00\n- Location: Expo Centre Room 616\n";
    let d = run(body, Some(ymd(2019, 6, 4)));
    assert_eq!(
        timed(&d),
        (dt(2019, 6, 24, 9, 0), dt(2019, 6, 24, 16, 0), true)
    );
    assert_eq!(d.evidence.and_then(|e| e.line), Some(9));
}

#[test]
fn iso_like_and_separators() {
    let cases = [
        (
            "时间：2023-11-04 14:00-18:00",
            (14, 0),
            (2023, 11, 4, 18, 0),
            true,
        ),
        (
            "时间：2023/11/04 14:00",
            (14, 0),
            (2023, 11, 4, 16, 0),
            false,
        ),
        (
            "时间：2023.11.04 19:30~21:00",
            (19, 30),
            (2023, 11, 4, 21, 0),
            true,
        ),
        (
            "时间：2023.11.04 19:30～21:00",
            (19, 30),
            (2023, 11, 4, 21, 0),
            true,
        ),
        (
            "时间：2023-11-04 14:00 至 17:00",
            (14, 0),
            (2023, 11, 4, 17, 0),
            true,
        ),
        (
            "时间：2023-11-04 14:00 到 17:00",
            (14, 0),
            (2023, 11, 4, 17, 0),
            true,
        ),
        (
            "时间：2023-11-04 14:00-次日 02:00",
            (14, 0),
            (2023, 11, 5, 2, 0),
            true,
        ),
        (
            "时间：2023-11-04 22:00-02:00",
            (22, 0),
            (2023, 11, 5, 2, 0),
            true,
        ),
    ];
    for (line, (sh, sm), (ey, em, ed, eh, emi), stated) in cases {
        let d = run(&post(line), None);
        assert_eq!(
            timed(&d),
            (dt(2023, 11, 4, sh, sm), dt(ey, em, ed, eh, emi), stated),
            "{line}"
        );
        assert!(d.warnings.is_empty(), "{line}: {:?}", d.warnings);
    }
    let d = run(&post("时间：2023.11.04"), None);
    assert_eq!(
        d.when,
        Some(EventWhen::AllDay {
            first: ymd(2023, 11, 4),
            last: ymd(2023, 11, 4)
        })
    );
}

#[test]
fn chinese_numerals_and_clues() {
    let cases = [
        ("晚上八点", (20, 0)),
        ("下午两点半", (14, 30)),
        ("十点一刻", (10, 15)),
        ("八点十五分", (8, 15)),
        ("12点整", (12, 0)),
        ("中午 12 点", (12, 0)),
        ("中午 1 点", (13, 0)),
        ("凌晨 2 点", (2, 0)),
        ("早上 8 点", (8, 0)),
        ("上午 10 点半", (10, 30)),
        ("傍晚 6 点", (18, 0)),
        ("夜里 11 点", (23, 0)),
    ];
    for (t, (h, m)) in cases {
        let line = format!("- 活动时间：2023 年 11 月 4 日 {t}");
        let d = run(&post(&line), None);
        assert_eq!(timed(&d).0, dt(2023, 11, 4, h, m), "{t}");
        assert!(d.warnings.is_empty(), "{t}: {:?}", d.warnings);
    }
    // 三点三刻 has no clue and a small hour: read as written, and said so.
    let d = run(&post("- 活动时间：2023 年 11 月 4 日 三点三刻"), None);
    assert_eq!(timed(&d).0, dt(2023, 11, 4, 3, 45));
    assert_eq!(kinds(&d), vec![WarningKind::AmbiguousTime]);
    // A bare 7 点 is 07:00, without a warning.
    let d = run(&post("- 活动时间：2023 年 11 月 4 日 7 点"), None);
    assert_eq!(timed(&d).0, dt(2023, 11, 4, 7, 0));
    assert!(d.warnings.is_empty());
}

#[test]
fn english_forms() {
    let cases = [
        (
            "- When: Saturday, Nov 4, 2023, 2:00 PM – 6:00 PM (GMT+8)",
            dt(2023, 11, 4, 14, 0),
            dt(2023, 11, 4, 18, 0),
            true,
        ),
        (
            "- Time: November 4, 2023 2pm-4pm",
            dt(2023, 11, 4, 14, 0),
            dt(2023, 11, 4, 16, 0),
            true,
        ),
        (
            "- Date: 4 Nov 2023",
            dt(2023, 11, 4, 0, 0),
            dt(2023, 11, 4, 0, 0),
            false,
        ),
        (
            "Event time: Nov 4, 2023, noon",
            dt(2023, 11, 4, 12, 0),
            dt(2023, 11, 4, 14, 0),
            false,
        ),
    ];
    for (line, start, end, stated) in cases {
        let d = run(&post(line), None);
        if line.contains("4 Nov 2023") {
            assert_eq!(
                d.when,
                Some(EventWhen::AllDay {
                    first: ymd(2023, 11, 4),
                    last: ymd(2023, 11, 4)
                })
            );
            continue;
        }
        assert_eq!(timed(&d), (start, end, stated), "{line}");
        assert!(d.warnings.is_empty(), "{line}: {:?}", d.warnings);
    }
    let body = "- Date: Nov 4, 2023\n- Time: 2pm-4pm\n";
    let d = run(body, None);
    assert_eq!(
        timed(&d),
        (dt(2023, 11, 4, 14, 0), dt(2023, 11, 4, 16, 0), true)
    );
}

#[test]
fn other_zones_convert_to_site_wall_time() {
    let cases = [
        ("12:00 UTC", dt(2023, 11, 4, 20, 0)),
        ("12:00 GMT", dt(2023, 11, 4, 20, 0)),
        ("20:00 GMT+8", dt(2023, 11, 4, 20, 0)),
        ("20:00 UTC+08:00", dt(2023, 11, 4, 20, 0)),
        ("07:00 UTC-5", dt(2023, 11, 4, 20, 0)),
        ("05:00 PDT", dt(2023, 11, 4, 20, 0)),
        ("08:00 EDT", dt(2023, 11, 4, 20, 0)),
        ("13:00 CET", dt(2023, 11, 4, 20, 0)),
        ("21:00 JST", dt(2023, 11, 4, 20, 0)),
        ("北京时间 20:00", dt(2023, 11, 4, 20, 0)),
        ("20:00（北京时间）", dt(2023, 11, 4, 20, 0)),
        ("23:00 UTC", dt(2023, 11, 5, 7, 0)),
    ];
    for (t, want) in cases {
        let line = format!("- 活动时间：2023 年 11 月 4 日 {t}");
        let d = run(&post(&line), None);
        assert_eq!(timed(&d).0, want, "{t}");
        assert!(d.warnings.is_empty(), "{t}: {:?}", d.warnings);
    }
    // Winter abbreviations in winter (US clocks went back on 2023-11-05).
    for (t, want) in [
        ("04:00 PST", dt(2023, 12, 4, 20, 0)),
        ("07:00 EST", dt(2023, 12, 4, 20, 0)),
    ] {
        let line = format!("- 活动时间：2023 年 12 月 4 日 {t}");
        let d = run(&post(&line), None);
        assert_eq!(timed(&d).0, want, "{t}");
        assert!(d.warnings.is_empty(), "{t}: {:?}", d.warnings);
    }
}

#[test]
fn a_winter_abbreviation_in_summer_is_the_region_clock_with_a_warning() {
    // 2023-11-04 is still US summer time: `EST` is read as New York's clock
    // that day (UTC-4), and the reading is warned.
    let d = run(&post("- 活动时间：2023 年 11 月 4 日 07:00 EST"), None);
    assert_eq!(timed(&d).0, dt(2023, 11, 4, 19, 0));
    assert_eq!(kinds(&d), vec![WarningKind::AmbiguousTime]);
    assert!(d.warnings[0].message.contains("America/New_York"));
    // `GMT` during British summer time is read as UTC, warned.
    let d = run(&post("- 活动时间：2023 年 6 月 14 日 12:00 GMT"), None);
    assert_eq!(timed(&d).0, dt(2023, 6, 14, 20, 0));
    assert_eq!(kinds(&d), vec![WarningKind::AmbiguousTime]);
    assert!(d.warnings[0].message.contains("hour earlier"));
}

#[test]
fn shanghai_summer_time() {
    // 1988-07-01 19:00 in Shanghai was UTC+9, i.e. 10:00Z; in 1992 it was UTC+8.
    let d = run(&post("- 活动时间：1988 年 7 月 1 日 10:00 UTC"), None);
    assert_eq!(timed(&d).0, dt(1988, 7, 1, 19, 0));
    let d = run(&post("- 活动时间：1992 年 7 月 1 日 11:00 UTC"), None);
    assert_eq!(timed(&d).0, dt(1992, 7, 1, 19, 0));
    // A wall time inside the 1988 spring-forward gap.
    let d = run(&post("- 活动时间：1988 年 4 月 17 日 02:30"), None);
    assert_eq!(timed(&d).0, dt(1988, 4, 17, 3, 30));
    assert_eq!(kinds(&d), vec![WarningKind::AmbiguousTime]);
    // A wall time inside the 1990 fall-back fold.
    let d = run(&post("- 活动时间：1990 年 9 月 16 日 01:30"), None);
    assert_eq!(timed(&d).0, dt(1990, 9, 16, 1, 30));
    assert_eq!(kinds(&d), vec![WarningKind::AmbiguousTime]);
}

#[test]
fn year_rules() {
    let d = run(
        &post("- 活动时间：1 月 9 日周四晚 7 点"),
        Some(ymd(2019, 12, 31)),
    );
    assert_eq!(timed(&d).0, dt(2020, 1, 9, 19, 0));
    assert_eq!(
        d.year_rule.as_deref(),
        Some("nearest after post date 2019-12-31")
    );
    let d = run(
        &post("- 活动时间：1 月 9 日周四晚 7 点"),
        Some(ymd(2020, 1, 10)),
    );
    assert_eq!(timed(&d).0, dt(2020, 1, 9, 19, 0));
    assert_eq!(
        d.year_rule.as_deref(),
        Some("weekday 周四 agrees with 2020, not 2021")
    );
    let d = run(&post("- 活动时间：1 月 9 日周四晚 7 点"), None);
    assert!(d.when.is_none());
    assert_eq!(kinds(&d), vec![WarningKind::YearUnknown]);
}

#[test]
fn weekday_mismatch_message() {
    let d = run(&post("- 活动时间：2023 年 02 月 25 日，周四晚 19 点"), None);
    assert_eq!(timed(&d).0, dt(2023, 2, 25, 19, 0));
    assert_eq!(d.warnings.len(), 1);
    assert_eq!(d.warnings[0].kind, WarningKind::WeekdayMismatch);
    assert_eq!(
        d.warnings[0].message,
        "周四 does not match 2023-02-25, a Saturday; the nearest Thursday is 2023-02-23"
    );
    assert_eq!(d.warnings[0].line, Some(11));
}

#[test]
fn conflicting_lines() {
    let body = "- 活动时间：7 月 22 日周三晚 8 点\n\n介绍\n\n**直播时间：**2020年5月28日（周四）20:00-21:00\n";
    let d = run(body, Some(ymd(2020, 7, 14)));
    assert_eq!(timed(&d).0, dt(2020, 7, 22, 20, 0));
    assert_eq!(kinds(&d), vec![WarningKind::ConflictingTimes]);
    assert_eq!(d.warnings[0].line, Some(12));
    assert!(d.warnings[0].message.contains("line 12"));
}

#[test]
fn front_matter_over_prose() {
    let fm = [FrontMatterValue::new(
        "event.start",
        "2023-11-04T14:00:00+08:00",
        Some(4),
    )];
    let d = run_fm(&post("- 活动时间：2023 年 11 月 4 日 15:00"), None, &fm);
    assert_eq!(timed(&d).0, dt(2023, 11, 4, 14, 0));
    assert_eq!(kinds(&d), vec![WarningKind::FrontMatterDisagrees]);
    let d = run_fm(&post("- 活动时间：2023 年 11 月 4 日 14:00"), None, &fm);
    assert!(d.warnings.is_empty());
    let fm = [FrontMatterValue::new(
        "event.time",
        "2023-11-04 14:00-18:00",
        Some(4),
    )];
    let d = run_fm("", None, &fm);
    assert_eq!(
        timed(&d),
        (dt(2023, 11, 4, 14, 0), dt(2023, 11, 4, 18, 0), true)
    );
}

#[test]
fn not_event_times() {
    let body = "申请时间：5 月 24 日-- 6 月 13 日\n报名时间：2023-11-01\n截止时间：2023-11-02 18:00\n| 时间 | 环节 |\n| 19:00 | 开场 |\n<td>19:00-20:00</td>\n```\n活动时间：2020-01-01 10:00\n```\n";
    let d = run(body, Some(ymd(2023, 10, 1)));
    assert!(d.when.is_none());
    assert_eq!(kinds(&d), vec![WarningKind::NoEventTime]);
    assert!(d.warnings[0].message.contains("活动时间："));
}

#[test]
fn end_before_start() {
    let d = run(&post("- 活动时间：2023 年 11 月 4 日 18:00-07:00"), None);
    assert_eq!(
        timed(&d),
        (dt(2023, 11, 4, 18, 0), dt(2023, 11, 4, 20, 0), false)
    );
    assert_eq!(kinds(&d), vec![WarningKind::EndBeforeStart]);
}

#[test]
fn a_day_range_in_words_before_the_month() {
    for text in [
        "from 8th to 19th May 2023",
        "from 8 to 19 May 2023",
        "8 through 19 May 2023",
    ] {
        let d = run(&format!("- Date: {text}\n"), Some(ymd(2023, 5, 1)));
        assert_eq!(
            d.when,
            Some(EventWhen::AllDay {
                first: ymd(2023, 5, 8),
                last: ymd(2023, 5, 19)
            }),
            "{text}"
        );
        assert!(d.warnings.is_empty(), "{text}: {:?}", d.warnings);
    }
    // Before a clock, `to` joins hours, not days.
    let d = run("- Date: 3 May 2023, 8 to 10 pm\n", Some(ymd(2023, 5, 1)));
    assert_eq!(
        timed(&d),
        (dt(2023, 5, 3, 20, 0), dt(2023, 5, 3, 22, 0), true)
    );
}

fn session_starts(d: &EventDecision) -> Vec<NaiveDateTime> {
    d.sessions
        .iter()
        .map(|s| match s {
            EventWhen::Timed { start, .. } => *start,
            other => panic!("expected timed sessions, got {other:?}"),
        })
        .collect()
}

#[test]
fn a_time_only_label_over_a_table_of_dates_in_columns() {
    let body = "**会议时间**\n\n- 每月第二个周四 晚上 20:00 开始\n\n- 具体日期（2024年-2025年）\n\n  | 11月 | 12月 | 2025年1月 |\n  | ---- | ---- | --------- |\n  | 14日 | 12日 | 16日（避开元旦后首周） |\n";
    let d = run(body, Some(ymd(2024, 11, 1)));
    assert_eq!(
        session_starts(&d),
        vec![
            dt(2024, 11, 14, 20, 0),
            dt(2024, 12, 12, 20, 0),
            dt(2025, 1, 16, 20, 0)
        ]
    );
    assert!(d.warnings.is_empty(), "{:?}", d.warnings);

    let body = "**Meeting time**\n\n- Second Thursday of the month, 20:00\n\n| Nov | Dec |\n|---|---|\n| 14 | 12 |\n";
    let d = run(body, Some(ymd(2024, 11, 1)));
    assert_eq!(
        session_starts(&d),
        vec![dt(2024, 11, 14, 20, 0), dt(2024, 12, 12, 20, 0)]
    );

    // A table of something else (an agenda) gives no dates.
    let body =
        "**会议时间**\n\n- 晚上 20:00 开始\n\n| 时间 | 环节 |\n| --- | --- |\n| 20:00 | 开场 |\n";
    let d = run(body, Some(ymd(2024, 11, 1)));
    assert!(d.when.is_none(), "{:?}", d.when);
}
