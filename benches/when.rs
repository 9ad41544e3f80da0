//! Throughput of the event-time stage, `feedcal::when::decide`.
//!
//! Three inputs, all written for this benchmark in the forms real event posts
//! use (no corpus text is copied):
//!
//! - `lines`: one labelled time line per post body (`- 活动时间：…`, `Time: …`),
//!   reported in lines per second;
//! - `bodies`: whole event-post bodies (intro, labelled list, agenda table
//!   full of times that are *not* the event time, long prose), in bytes per
//!   second — the stage must stay linear in the body's length;
//! - `front_matter`: `event.start`/`event.end` values beside a body that
//!   repeats them, in posts per second.
//!
//! `cargo bench --bench when`; `cargo test --all-targets` runs each once.

use std::hint::black_box;
use std::time::Duration;

use chrono::NaiveDate;
use chrono_tz::Tz;
use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use feedcal::when::{decide, FrontMatterValue, WhenInput};

/// Labelled lines in the forms event posts write: Chinese and English, with and
/// without a year, weekdays, 上午/下午/晚, ranges with every dash, all-day and
/// multi-day spans, zones, and lines the stage must decline.
const LINES: &[&str] = &[
    "- 活动时间：2023 年 4 月 15 日（周六）13:30-17:30",
    "- 活动时间：11 月 24 日 周四 19:00-20:00",
    "活动时间：2019年12月5日 14:00—18:00",
    "- 活动时间：04 月 15 日 12:00--17:00",
    "- 活动时间：8 月 29 日周四晚 7 点",
    "- 活动时间：3 月 24 日周日下午 13 点",
    "- 活动时间：02 月 25 日，周四晚 19 点",
    "**直播时间：**2020年5月28日（周四）20:00-21:00",
    "直播时间：2022 年 4 月 1 日 上午 9:30",
    "- 活动时间：时间：2019 年 12 月 28 日（周六）13:00-17:30",
    "- 活动时间：2021-06-24 19:00-20:00",
    "- 活动时间：2024/05/18 14:00 ~ 16:30",
    "时间：3月21日（周六）下午 2 点 - 5 点",
    "- 活动时间：2022 年 9 月 20 日 - 9 月 22 日",
    "- 活动时间：2023 年 7 月 1 日 - 8 月 31 日",
    "- 活动时间：10 月 12 日（周六）全天",
    "- 活动时间：12 月 31 日 22:00 - 次日 02:00",
    "Time: Thursday, May 18, 2023, 7:00 PM - 8:30 PM (UTC+8)",
    "**Date**: 2024-05-18 14:00-16:00 CST",
    "Time: June 3, 2:00pm–4:00pm Beijing time",
    "- Date: Sat, Oct 12 2019, 9:30 AM to 5:00 PM",
    "When: 2021-11-04T19:00:00+08:00",
    "- Time: 2020/08/20 19:00 ~ 20:00 GMT+8",
    "- 活动时间：每周四晚 7 点",
    "- 报名时间：5 月 24 日-- 6 月 13 日",
    "- 活动时间：待定",
    "- 活动时间：2019 年 2 月 30 日 14:00",
    "- 活动时间：25:00-26:00",
];

/// The paragraph event posts open with: long, time-free prose.
const PROSE: &str = "本次活动将邀请社区的多位维护者，分享项目在大规模生产环境中的实践经验，\
包括服务注册与发现、配置中心、分布式事务以及可观测性的落地方案。欢迎大家报名参加，\
现场还准备了精美的社区周边。We will also walk through the roadmap for the next release \
and answer questions from the community. ";

fn body(line: &str, agenda_rows: usize, prose_paragraphs: usize) -> String {
    let mut b = String::from("## 活动介绍\n\n");
    for _ in 0..prose_paragraphs {
        b.push_str(PROSE);
        b.push_str("\n\n");
    }
    b.push_str("## 活动信息\n\n- 活动主题：社区开放日第 12 期\n");
    b.push_str(line);
    b.push_str("\n- 活动地点：上海市徐汇区某路 100 号 3 层\n- 报名方式：点击文末“阅读原文”\n\n");
    b.push_str("## 活动议程\n\n| 时间 | 环节 | 嘉宾 |\n| --- | --- | --- |\n");
    for i in 0..agenda_rows {
        let (h, m) = (13 + (i * 25) / 60, (i * 25) % 60);
        let (h2, m2) = (13 + (i * 25 + 25) / 60, (i * 25 + 25) % 60);
        b.push_str(&format!(
            "| {h:02}:{m:02}-{h2:02}:{m2:02} | 分享主题 {i} | 嘉宾 {i} |\n"
        ));
    }
    b.push_str("\n![海报](poster.jpg)\n\n本期直播回放：https://example.org/replay/12 ，报名截止时间为活动前一天 18:00。\n");
    b
}

fn input<'a>(
    body: &'a str,
    front_matter: &'a [FrontMatterValue],
    post_date: NaiveDate,
) -> WhenInput<'a> {
    WhenInput {
        body_first_line: 9,
        post_date: Some(post_date),
        front_matter,
        zone: Tz::Asia__Shanghai,
        default_duration: chrono::Duration::hours(2),
        ..WhenInput::new(body)
    }
}

fn post_date() -> NaiveDate {
    NaiveDate::from_ymd_opt(2023, 3, 10).expect("valid date")
}

fn bench_when(c: &mut Criterion) {
    let date = post_date();
    let mut group = c.benchmark_group("when");

    // One labelled line per body, as the short "announcement" posts are.
    let line_bodies: Vec<String> = LINES.iter().map(|l| format!("{l}\n")).collect();
    group.throughput(Throughput::Elements(line_bodies.len() as u64));
    group.bench_function("lines", |b| {
        b.iter(|| {
            for body in &line_bodies {
                black_box(decide(black_box(&input(body, &[], date))));
            }
        })
    });

    // Whole posts: short (4 agenda rows, 1 paragraph) to long (40 rows, 30 paragraphs).
    let bodies: Vec<String> = LINES
        .iter()
        .enumerate()
        .map(|(i, l)| body(l, 4 + (i % 4) * 12, 1 + (i % 3) * 15))
        .collect();
    let bytes: usize = bodies.iter().map(String::len).sum();
    group.throughput(Throughput::Bytes(bytes as u64));
    group.bench_function("bodies", |b| {
        b.iter(|| {
            for body in &bodies {
                black_box(decide(black_box(&input(body, &[], date))));
            }
        })
    });

    // Front-matter times beside a body that says the same in prose.
    let fm = [
        FrontMatterValue::new("event.start", "2023-04-15T13:30:00+08:00", Some(5)),
        FrontMatterValue::new("event.end", "2023-04-15 17:30", Some(6)),
    ];
    let fm_bodies: Vec<String> = (0..8).map(|i| body(LINES[0], 4 + i, 1 + i)).collect();
    group.throughput(Throughput::Elements(fm_bodies.len() as u64));
    group.bench_function("front_matter", |b| {
        b.iter(|| {
            for body in &fm_bodies {
                black_box(decide(black_box(&input(body, &fm, date))));
            }
        })
    });
    group.finish();
}

fn config() -> Criterion {
    Criterion::default()
        .sample_size(20)
        .warm_up_time(Duration::from_millis(300))
        .measurement_time(Duration::from_secs(2))
}

criterion_group! {
    name = benches;
    config = config();
    targets = bench_when
}
criterion_main!(benches);
