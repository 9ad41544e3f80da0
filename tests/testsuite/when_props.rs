//! Property tests of `feedcal::when::decide`: rendered times read back
//! exactly, arbitrary text never panics, adversarial bodies stay fast.

use std::time::{Duration as StdDuration, Instant};

use chrono::{Datelike, Duration, NaiveDate, NaiveDateTime, Weekday};
use chrono_tz::Tz;
use feedcal::model::{EventDecision, EventWhen, WarningKind};
use feedcal::when::{decide, FrontMatterValue, WhenInput};
use proptest::prelude::*;

fn run(body: &str, post: Option<NaiveDate>, fm: &[FrontMatterValue]) -> EventDecision {
    decide(&WhenInput {
        body_first_line: 5,
        post_date: post,
        front_matter: fm,
        zone: Tz::Asia__Shanghai,
        default_duration: Duration::hours(2),
        ..WhenInput::new(body)
    })
}

fn zh_weekday(w: Weekday, style: usize) -> String {
    let n = ["一", "二", "三", "四", "五", "六", "日"][w.num_days_from_monday() as usize];
    match style % 3 {
        0 => format!("周{n}"),
        1 => format!("星期{n}"),
        _ => format!("礼拜{}", if n == "日" { "天" } else { n }),
    }
}

fn en_weekday(w: Weekday) -> &'static str {
    [
        "Monday",
        "Tuesday",
        "Wednesday",
        "Thursday",
        "Friday",
        "Saturday",
        "Sunday",
    ][w.num_days_from_monday() as usize]
}

fn en_month(m: u32, short: bool) -> &'static str {
    const LONG: [&str; 12] = [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ];
    const SHORT: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let i = (m - 1) as usize;
    if short {
        SHORT[i]
    } else {
        LONG[i]
    }
}

fn h12(h: u32) -> (u32, &'static str) {
    match h {
        0 => (12, "AM"),
        1..=11 => (h, "AM"),
        12 => (12, "PM"),
        _ => (h - 12, "PM"),
    }
}

/// What a generated post should read back as.
#[derive(Debug, Clone)]
struct Expect {
    start: NaiveDateTime,
    end: NaiveDateTime,
    stated: bool,
}

#[derive(Debug, Clone)]
struct Gen {
    date: NaiveDate,
    start_min: u32,
    len_min: u32,
    weekday: bool,
    style: usize,
    label: usize,
    bullet: usize,
    pad: bool,
    post_back: i64,
}

fn gen() -> impl Strategy<Value = Gen> {
    (
        (1995i32..2035, 1u32..=12, 1u32..=28),
        // Starts from 07:00 to 21:45 in quarter hours; lengths up to 2 h 45.
        (28u32..88, 1u32..12),
        any::<bool>(),
        0usize..6,
        0usize..6,
        0usize..4,
        any::<bool>(),
        0i64..60,
    )
        .prop_map(
            |((y, m, d), (q, l), weekday, style, label, bullet, pad, post_back)| Gen {
                date: NaiveDate::from_ymd_opt(y, m, d).unwrap_or_default(),
                start_min: q * 15,
                len_min: l * 15,
                weekday,
                style,
                label,
                bullet,
                pad,
                post_back,
            },
        )
}

/// Renders the generated time in one of the grammar's styles; returns the
/// body, the post date to give, and the expected result.
fn render(g: &Gen) -> (String, Option<NaiveDate>, Expect) {
    let date = g.date;
    let (y, m, d) = (date.year(), date.month(), date.day());
    let (sh, sm) = (g.start_min / 60, g.start_min % 60);
    // The end may pass midnight (21:45 + 2 h 45 = 00:30 the next day): it is
    // written as a clock time, and read back as crossing midnight.
    let end_min = g.start_min + g.len_min;
    let (eh, em) = ((end_min / 60) % 24, end_min % 60);
    let at = |mins: u32| {
        date.and_hms_opt(0, 0, 0).unwrap_or_default() + Duration::minutes(i64::from(mins))
    };
    let wd = date.weekday();
    let zh_wd = if g.weekday {
        format!("（{}）", zh_weekday(wd, g.style))
    } else {
        String::new()
    };
    let md = |v: u32| {
        if g.pad {
            format!("{v:02}")
        } else {
            v.to_string()
        }
    };
    let zh_labels = [
        "活动时间",
        "时间",
        "**时间**",
        "**活动时间：**",
        "【时间】",
        "会议时间",
    ];
    let label = zh_labels[g.label % zh_labels.len()];
    let colon = if label.ends_with("：**") || label.ends_with('】') {
        ""
    } else {
        "："
    };
    let bullet = ["- ", "* ", "", "+ "][g.bullet % 4];
    let full = Expect {
        start: at(g.start_min),
        end: at(end_min),
        stated: true,
    };
    let mut post = Some(date - Duration::days(g.post_back));
    let (value, expect) = match g.style {
        // `YYYY 年 M 月 D 日（周X）HH:MM-HH:MM`
        0 => (
            format!(
                "{y} 年 {} 月 {} 日{zh_wd}{sh:02}:{sm:02}-{eh:02}:{em:02}",
                md(m),
                md(d)
            ),
            full.clone(),
        ),
        // `M 月 D 日周X晚 H 点` (year from the post date, evening clue, no end)
        1 => {
            // Evening hours 13..=23, on the hour or half past.
            let h = 13 + (g.start_min / 60) % 11;
            let half = sm >= 30;
            let mins = h * 60 + if half { 30 } else { 0 };
            let wd_text = if g.weekday {
                zh_weekday(wd, g.style + g.label)
            } else {
                String::new()
            };
            (
                format!(
                    "{} 月 {} 日{wd_text}晚 {} 点{}",
                    md(m),
                    md(d),
                    h - 12,
                    if half { "半" } else { "" }
                ),
                Expect {
                    start: at(mins),
                    end: at(mins + 120),
                    stated: false,
                },
            )
        }
        // ISO
        2 => {
            post = None;
            (
                format!("{y}-{m:02}-{d:02} {sh:02}:{sm:02}-{eh:02}:{em:02}"),
                full.clone(),
            )
        }
        // Chinese with full-width colons and a 至 separator
        3 => (
            format!("{y}年{m}月{d}日{zh_wd} {sh}：{sm:02} 至 {eh}：{em:02}"),
            full.clone(),
        ),
        // English: `Saturday, Nov 4, 2023, 2:00 PM – 6:00 PM`
        4 => {
            let (h1, p1) = h12(sh);
            let (h2, p2) = h12(eh);
            let wd_text = if g.weekday {
                format!("{}, ", en_weekday(wd))
            } else {
                String::new()
            };
            let body = format!(
                "{bullet}Time: {wd_text}{} {d}, {y}, {h1}:{sm:02} {p1} – {h2}:{em:02} {p2}",
                en_month(m, g.pad)
            );
            return (body, None, full);
        }
        // English date line + time line
        _ => {
            let wd_text = if g.weekday {
                format!("{}, ", en_weekday(wd))
            } else {
                String::new()
            };
            let body = format!(
                "{bullet}Date: {wd_text}{d} {}, {y}\n{bullet}Time: {sh}:{sm:02} – {eh}:{em:02}",
                en_month(m, g.pad)
            );
            return (body, None, full);
        }
    };
    (format!("{bullet}{label}{colon}{value}"), post, expect)
}

fn timed(d: &EventDecision) -> Option<(NaiveDateTime, NaiveDateTime, bool)> {
    match &d.when {
        Some(EventWhen::Timed {
            start,
            end,
            end_stated,
            ..
        }) => Some((*start, *end, *end_stated)),
        _ => None,
    }
}

/// Pieces of the grammar and of Markdown, to be shuffled together.
const PIECES: &[&str] = &[
    "0",
    "1",
    "2",
    "7",
    "9",
    "12",
    "19",
    "24",
    "30",
    "59",
    "2023",
    "99999",
    "年",
    "月",
    "日",
    "号",
    "点",
    "时",
    "分",
    "半",
    "刻",
    "整",
    "：",
    ":",
    "-",
    "--",
    "~",
    "～",
    "至",
    "到",
    "次日",
    "周四",
    "星期日",
    "晚",
    "上午",
    "下午",
    "凌晨",
    "中午",
    "+",
    "/",
    ".",
    ",",
    "（",
    "）",
    " ",
    "\n",
    "活动时间：",
    "时间：",
    "直播时间：",
    "日期：",
    "Time: ",
    "Date: ",
    "UTC",
    "GMT",
    "PDT",
    "CST",
    "北京时间",
    "pm",
    "am",
    "Nov",
    "Monday",
    "十",
    "二",
    "两",
    "三",
    "**",
    "```",
    "|",
    "<td>",
    "~~",
    "<!--",
    "-->",
    "\u{200B}",
    "T",
    "Z",
    "Asia/",
    "【",
    "】",
    "#",
];

fn soup() -> impl Strategy<Value = String> {
    proptest::collection::vec(proptest::sample::select(PIECES), 0..120).prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(600))]

    #[test]
    fn rendered_times_read_back_exactly(g in gen()) {
        let (line, post, want) = render(&g);
        let body = format!("## 概要\n\n- 活动主题：第 12 期分享\n{line}\n- 活动地点：线上直播\n\n正文，第 3 段。\n");
        let d = run(&body, post, &[]);
        prop_assert_eq!(
            timed(&d),
            Some((want.start, want.end, want.stated)),
            "body: {}", body
        );
        prop_assert!(
            d.warnings.iter().all(|w| w.kind != WarningKind::WeekdayMismatch
                && w.kind != WarningKind::ConflictingTimes
                && w.kind != WarningKind::EndBeforeStart),
            "{:?} for {}", d.warnings, body
        );
        prop_assert_eq!(d.evidence.and_then(|e| e.line), Some(8));
    }

    #[test]
    fn arbitrary_text_never_panics(s in "\\PC{0,300}", post in proptest::option::of(0i64..40000)) {
        let post = post.map(|n| NaiveDate::from_ymd_opt(1970, 1, 1).unwrap_or_default() + Duration::days(n));
        let fm = [FrontMatterValue::new("event.start", s.clone(), Some(2))];
        let _ = run(&s, post, &[]);
        let _ = run("", post, &fm);
    }

    #[test]
    fn time_like_soup_never_panics(
        s in soup(),
        post in proptest::option::of(0i64..60000),
    ) {
        let post = post.map(|n| NaiveDate::from_ymd_opt(1900, 1, 1).unwrap_or_default() + Duration::days(n));
        let fm = [
            FrontMatterValue::new("event.start", s.clone(), None),
            FrontMatterValue::new("event.end", s.chars().rev().collect::<String>(), None),
        ];
        let d = run(&s, post, &[]);
        // Whatever is decided is a real interval.
        if let Some((start, end, _)) = timed(&d) {
            prop_assert!(end > start, "{start} .. {end} from {s:?}");
        }
        if let Some(EventWhen::AllDay { first, last }) = d.when {
            prop_assert!(last >= first);
        }
        let _ = run(&s, post, &fm);
    }
}

#[test]
fn extreme_dates_and_durations_never_panic() {
    let bodies = [
        "- 活动时间：12 月 31 日 23:00",
        "- 活动时间：1 月 1 日 00:30",
        "- 活动时间：2 月 29 日周四晚 8 点",
        "- 活动时间：2199 年 12 月 31 日 23:00-次日 01:00",
        "- 活动时间：1900 年 1 月 1 日 00:00 UTC+14",
    ];
    let posts = [
        Some(NaiveDate::MIN),
        Some(NaiveDate::MAX),
        NaiveDate::from_ymd_opt(1, 1, 1),
        None,
    ];
    let fm = [FrontMatterValue::new("event.start", "12-31 23:59", None)];
    for body in bodies {
        for post in posts {
            for dur in [
                Duration::zero(),
                Duration::days(1_000_000),
                Duration::MAX,
                Duration::MIN,
            ] {
                for fm in [&fm[..], &[]] {
                    let d = decide(&WhenInput {
                        body_first_line: 1,
                        post_date: post,
                        front_matter: fm,
                        zone: Tz::Asia__Shanghai,
                        default_duration: dur,
                        ..WhenInput::new(body)
                    });
                    let _ = d.when;
                }
            }
        }
    }
}

fn assert_fast(name: &str, body: &str) {
    let t = Instant::now();
    let d = run(body, NaiveDate::from_ymd_opt(2023, 1, 1), &[]);
    let el = t.elapsed();
    assert!(
        el < StdDuration::from_secs(2),
        "{name}: {} bytes took {el:?}",
        body.len()
    );
    // The decision itself must still be coherent.
    if let Some((start, end, _)) = timed(&d) {
        assert!(end > start, "{name}");
    }
}

#[test]
fn adversarial_bodies_finish_quickly() {
    let target = 200 * 1024;
    let fill = |unit: &str| unit.repeat(target / unit.len() + 1);
    assert_fast("one long labelled line", &fill("活动时间：1 月 1 日"));
    assert_fast("many labelled lines", &fill("活动时间：1 月 1 日\n"));
    assert_fast("many conflicting lines", &{
        let mut s = String::new();
        let mut k = 0u32;
        while s.len() < target {
            s.push_str(&format!(
                "时间：2023-{:02}-{:02} 14:00\n",
                k % 12 + 1,
                k % 28 + 1
            ));
            k += 1;
        }
        s
    });
    assert_fast("many time-only lines", &fill("时间：19:00-21:00\n"));
    assert_fast(
        "date and time lines",
        &fill("日期：2023-11-04\n时间：19:00\n"),
    );
    assert_fast("digit run", &format!("活动时间：{}", "9".repeat(target)));
    assert_fast("digit lines", &fill(&format!("{}\n", "1".repeat(1000))));
    assert_fast("dash chain", &format!("时间：{}", "1-".repeat(target / 2)));
    assert_fast("colon chain", &format!("时间：{}", "1:".repeat(target / 2)));
    assert_fast("strike openers", &fill("~~<del><s>"));
    assert_fast("tag openers", &fill("<a"));
    assert_fast("urls", &fill("https://"));
    assert_fast(
        "numerals",
        &format!("时间：{}点", "十二".repeat(target / 6)),
    );
    assert_fast("weekdays", &fill("周四晚"));
    assert_fast("fences", &fill("```\n"));
    assert_fast("label-only lines", &fill("**活动时间**\n"));
    assert_fast(
        "no newline soup",
        &fill("2023年11月4日14:00-次日02:00 UTC+8 "),
    );
    assert_fast(
        "announcing sentences",
        &fill("The meetup will take place on 5 June at 14:00 UTC and 20:00 UTC. "),
    );
    assert_fast(
        "prose paragraphs",
        &fill("Join us on Monday, 5 June 2023, 9 PM Pacific / 16:00 UTC.\n\n"),
    );
    assert_fast(
        "a long list of sessions",
        &fill("* Tuesday, 6 June 2023, 11AM UTC\n"),
    );
    assert_fast(
        "history and deadlines",
        &fill("Last year we met on 4 May; the deadline is 20 May at 18:00 UTC.\n"),
    );
    assert_fast(
        "time links",
        &fill("[19:00 UTC](https://www.timeanddate.com/worldclock/fixedtime.html?iso=20191015T19&p1=1440)\n"),
    );
    assert_fast("agenda rows", &fill("| 13:30-14:00 | 签到 |\n"));
    assert_fast(
        "relative days",
        &fill("下周四晚 8 点，this coming Monday at 2pm; "),
    );
}
