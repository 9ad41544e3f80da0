//! Event times written the way people write them: in sentences, headings,
//! titles and summaries, in other zones and 12-hour clocks, as several
//! sessions, chosen among history, deadlines and registration periods.
//! Through the public `feedcal::when::decide`, in posts written for these
//! tests (our own words, names and dates).

use chrono::{Duration, NaiveDate, NaiveDateTime};
use chrono_tz::Tz;
use feedcal::model::{EventDecision, EventWhen, WarningKind};
use feedcal::when::{decide, FrontMatterValue, WhenInput};

fn dt(y: i32, m: u32, d: u32, h: u32, mi: u32) -> NaiveDateTime {
    NaiveDate::from_ymd_opt(y, m, d)
        .and_then(|x| x.and_hms_opt(h, mi, 0))
        .expect("test time")
}

fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("test date")
}

/// A post: body, post date, title, front matter, site zone.
struct P<'a> {
    body: &'a str,
    post: Option<NaiveDate>,
    title: &'a str,
    fm: Vec<FrontMatterValue>,
    zone: Tz,
}

fn post(body: &str) -> P<'_> {
    P {
        body,
        post: None,
        title: "",
        fm: Vec::new(),
        zone: Tz::Asia__Shanghai,
    }
}

impl<'a> P<'a> {
    fn on(mut self, y: i32, m: u32, d: u32) -> Self {
        self.post = Some(ymd(y, m, d));
        self
    }
    fn titled(mut self, t: &'a str) -> Self {
        self.title = t;
        self
    }
    fn fm(mut self, key: &str, text: &str) -> Self {
        let line = self.fm.len() + 2;
        self.fm.push(FrontMatterValue::new(key, text, Some(line)));
        self
    }
    fn zone(mut self, z: Tz) -> Self {
        self.zone = z;
        self
    }
    fn decide(&self) -> EventDecision {
        decide(&WhenInput {
            body_first_line: 10,
            post_date: self.post,
            title: self.title,
            front_matter: &self.fm,
            zone: self.zone,
            default_duration: Duration::hours(2),
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
        other => panic!("expected a timed event, got {other:?} ({:?})", d.warnings),
    }
}

fn start(d: &EventDecision) -> NaiveDateTime {
    timed(d).0
}

fn kinds(d: &EventDecision) -> Vec<WarningKind> {
    let mut k: Vec<WarningKind> = d.warnings.iter().map(|w| w.kind).collect();
    k.sort();
    k.dedup();
    k
}

fn session_starts(d: &EventDecision) -> Vec<NaiveDateTime> {
    d.sessions
        .iter()
        .map(|s| match s {
            EventWhen::Timed { start, .. } => *start,
            EventWhen::AllDay { first, .. } => first.and_hms_opt(0, 0, 0).unwrap_or_default(),
        })
        .collect()
}

// ---------------------------------------------------------------- sentences

#[test]
fn a_chinese_sentence_that_announces() {
    let d = post("大家好！\n\n本次分享将于 2022 年 3 月 10 日晚 8:00-9:00 在线进行，欢迎收看。\n")
        .on(2022, 3, 1)
        .decide();
    assert_eq!(
        timed(&d),
        (dt(2022, 3, 10, 20, 0), dt(2022, 3, 10, 21, 0), true)
    );
    assert!(d.warnings.is_empty(), "{:?}", d.warnings);
    assert!(
        d.reason.as_deref().is_some_and(|r| r.contains("将于")),
        "{:?}",
        d.reason
    );
    assert_eq!(d.evidence.and_then(|e| e.line), Some(12));
}

#[test]
fn an_english_sentence_with_a_day_only_is_all_day() {
    let d = post("Hello all.\n\nThe following meeting will take place on 27 February.\n")
        .on(2023, 2, 1)
        .decide();
    assert_eq!(
        d.when,
        Some(EventWhen::AllDay {
            first: ymd(2023, 2, 27),
            last: ymd(2023, 2, 27)
        })
    );
}

#[test]
fn hours_in_another_sentence_complete_the_day() {
    // 2pm GMT in winter is 22:00 in Shanghai.
    let d = post(
        "Our reading group meets again on Thursday, 9 November.\n\nThe meeting will run from 2pm to 3pm GMT.\n",
    )
    .on(2023, 10, 30)
    .decide();
    assert_eq!(
        timed(&d),
        (dt(2023, 11, 9, 22, 0), dt(2023, 11, 9, 23, 0), true)
    );
}

#[test]
fn hours_beside_another_day_are_that_days() {
    // The title dates the notes of a call (no hours); a later paragraph
    // names a conference on another day and the hour of a talk there: that
    // hour is the conference's, not the call's.
    let d = post(
        "## Notes\n\nWe looked at the new release.\n\n## Where we'll be\n\n**June 20th:** Ana will be at a regional conference in Lyon. Her talk takes place at 3pm in room 2.\n",
    )
    .titled("Weekly Call - 2024-06-05")
    .zone(Tz::America__New_York)
    .on(2024, 6, 5)
    .decide();
    assert_eq!(
        d.when,
        Some(EventWhen::AllDay {
            first: ymd(2024, 6, 5),
            last: ymd(2024, 6, 5)
        }),
        "{:?}",
        d.evidence
    );
    // Hours in a paragraph of their own still complete the day.
    let d = post("## Notes\n\nWe looked at the new release.\n\nThe call takes place at 3pm.\n")
        .titled("Weekly Call - 2024-06-05")
        .zone(Tz::America__New_York)
        .on(2024, 6, 5)
        .decide();
    assert_eq!(start(&d), dt(2024, 6, 5, 15, 0));
}

#[test]
fn dotted_twelve_hour_times() {
    let d = post(
        "The meetup will take place at the library on **Thursday 14th of March, from 6.30pm to 8.30pm**.\n",
    )
    .zone(Tz::America__New_York)
    .on(2024, 3, 1)
    .decide();
    assert_eq!(
        timed(&d),
        (dt(2024, 3, 14, 18, 30), dt(2024, 3, 14, 20, 30), true)
    );
    let d = post("- 2025-02-06, 1.00pm - 5.00pm Testing workshop (in person)\n")
        .zone(Tz::Europe__London)
        .on(2025, 1, 10)
        .decide();
    assert_eq!(
        timed(&d),
        (dt(2025, 2, 6, 13, 0), dt(2025, 2, 6, 17, 0), true)
    );
}

#[test]
fn weekday_before_the_day_and_month() {
    let d = post("On Friday, 25 June, we will open the new lab to visitors from 10:00 to 12:00.\n")
        .on(2021, 6, 1)
        .decide();
    assert_eq!(
        timed(&d),
        (dt(2021, 6, 25, 10, 0), dt(2021, 6, 25, 12, 0), true)
    );
    assert!(d.warnings.is_empty(), "{:?}", d.warnings);
}

#[test]
fn join_us_at_an_eastern_time() {
    // May 22nd, 12:30pm in New York (EDT, UTC-4) is 00:30 on May 23 in
    // Shanghai: across midnight.
    let d = post("Join us for a chat about lesson design on May 22nd at 12:30pm Eastern.\n")
        .on(2024, 5, 2)
        .decide();
    assert_eq!(start(&d), dt(2024, 5, 23, 0, 30));
}

#[test]
fn a_heading_with_the_time_below() {
    let d = post("## 直播时间\n\n2023 年 8 月 9 日（周三）19:00-20:30\n").decide();
    assert_eq!(
        timed(&d),
        (dt(2023, 8, 9, 19, 0), dt(2023, 8, 9, 20, 30), true)
    );
    let d = post("### When\n\nSaturday, 4 March 2023, 14:00 to 16:00\n").decide();
    assert_eq!(
        timed(&d),
        (dt(2023, 3, 4, 14, 0), dt(2023, 3, 4, 16, 0), true)
    );
}

#[test]
fn a_date_line_then_a_time_line() {
    let d = post("## 分享介绍\n\n2023 年 8 月 9 日（周三）\n\n19：00 - 20：00\n").decide();
    assert_eq!(
        timed(&d),
        (dt(2023, 8, 9, 19, 0), dt(2023, 8, 9, 20, 0), true)
    );
    let d = post("🗓 **Wednesday, 5 November 2025**\n🕒 **15:00 UTC**\n").decide();
    assert_eq!(start(&d), dt(2025, 11, 5, 23, 0));
}

#[test]
fn the_title_gives_the_time() {
    let d = post("Curious about mentoring? Come along.\n")
        .titled("Mentoring Showcase: Oct 15 at 19:00 UTC")
        .on(2019, 9, 10)
        .decide();
    // 19:00 UTC is 03:00 the next day in Shanghai.
    assert_eq!(start(&d), dt(2019, 10, 16, 3, 0));
    assert!(d.reason.as_deref().is_some_and(|r| r.contains("title")));
}

/// A title naming the call's day, and a sentence giving its hours in UTC:
/// the same day as written, though the site zone has it on the next.
#[test]
fn a_title_day_is_matched_as_written_not_in_the_site_zone() {
    let d = post("Join us on Wednesday, 13 March 2024, 17:00-18:00 UTC, to plan the release.\n")
        .titled("Community Call - 2024-03-13")
        .on(2024, 3, 13)
        .decide();
    assert_eq!(
        timed(&d),
        (dt(2024, 3, 14, 1, 0), dt(2024, 3, 14, 2, 0), true)
    );
    let d = post("本次社区例会于 2024 年 3 月 13 日 17:00-18:00 (UTC) 线上举行。\n")
        .titled("社区例会 2024-03-13")
        .on(2024, 3, 13)
        .decide();
    assert_eq!(
        timed(&d),
        (dt(2024, 3, 14, 1, 0), dt(2024, 3, 14, 2, 0), true)
    );
}

#[test]
fn the_summary_gives_the_end() {
    let d = post("- 活动时间：06 月 09 日，周四晚 19 点\n")
        .fm(
            "description",
            "2022 年 6 月 09 日 19：00 - 20：00，线上直播第 8 期。",
        )
        .on(2022, 6, 9)
        .decide();
    assert_eq!(
        timed(&d),
        (dt(2022, 6, 9, 19, 0), dt(2022, 6, 9, 20, 0), true)
    );
    assert!(d.warnings.is_empty(), "{:?}", d.warnings);
    assert!(d.evidence.is_some_and(|e| e.text.contains("end from")));
}

// ---------------------------------------------------------------- agenda, lengths, links

#[test]
fn an_agenda_bounds_a_day_without_hours() {
    let body = "- 日期：2023 年 6 月 3 日（周六）\n- 地点：某市图书馆\n\n## 议程\n\n| 时间 | 内容 |\n| --- | --- |\n| 13:30-14:00 | 签到 |\n| 14:00-15:30 | 分享 |\n| 15:40-17:00 | 讨论 |\n";
    let d = post(body).decide();
    assert_eq!(
        timed(&d),
        (dt(2023, 6, 3, 13, 30), dt(2023, 6, 3, 17, 0), true)
    );
    // A table about another day is another event's agenda.
    let body = "- 日期：2023 年 6 月 3 日\n\n| 上一期 时间：2023-05-06 | |\n| --- | --- |\n| 13:30-14:00 | 签到 |\n";
    let d = post(body).decide();
    assert!(
        matches!(d.when, Some(EventWhen::AllDay { .. })),
        "{:?}",
        d.when
    );
}

#[test]
fn an_agenda_ends_a_start_written_without_an_end() {
    let body = "- 活动时间：11 月 10 日，周三晚 19 点\n\n## 议程\n\n### 18:50-19:00 开场\n\n### 19:00-19:40 分享\n";
    let d = post(body).on(2021, 11, 1).decide();
    assert_eq!(
        timed(&d),
        (dt(2021, 11, 10, 19, 0), dt(2021, 11, 10, 19, 40), true)
    );
    // An agenda item is never the event's own time.
    let body =
        "- 活动时间：11 月 10 日，周三晚 19 点\n\n### 19:00-19:05 开场\n\n### 21:00-22:00 答疑\n";
    let d = post(body).on(2021, 11, 1).decide();
    assert_eq!(
        timed(&d),
        (dt(2021, 11, 10, 19, 0), dt(2021, 11, 10, 22, 0), true)
    );
}

#[test]
fn an_opening_agenda_of_starts_is_the_event_on_the_post_date() {
    // No line writes the day: the post (dated by its file name) opens with
    // its own agenda of start times. The first starts the event; no end.
    let body = "### Programme\n\n6:30pm Doors and snacks\n7:00pm Lightning talks\n8:15pm Drinks nearby\n\n### Venue\n\nThe back room of a cafe.\n";
    let d = post(body)
        .zone(Tz::America__Chicago)
        .on(2025, 3, 4)
        .decide();
    let (s, _, stated) = timed(&d);
    assert_eq!((s, stated), (dt(2025, 3, 4, 18, 30), false));
    assert!(d.warnings.is_empty(), "{:?}", d.warnings);
    assert!(
        d.year_rule
            .as_deref()
            .is_some_and(|r| r.contains("post's date")),
        "{:?}",
        d.year_rule
    );
    // A date written before the agenda may be the event's: the post date is
    // not taken.
    let body = "On 9 April the whole network will celebrate its tenth birthday.\n\n### Programme\n\n6:30pm Doors\n7:00pm Talks\n";
    let d = post(body)
        .zone(Tz::America__Chicago)
        .on(2025, 3, 4)
        .decide();
    assert!(
        !matches!(d.when, Some(EventWhen::Timed { start, .. }) if start.date() == ymd(2025, 3, 4)),
        "{:?}",
        d.when
    );
    // A lone time is no agenda.
    let d = post("6:30pm Doors open.\n")
        .zone(Tz::America__Chicago)
        .on(2025, 3, 4)
        .decide();
    assert!(d.when.is_none(), "{:?}", d.when);
    // Starts only, under a day written without hours.
    let d = post("The meetup will take place on 12 March.\n\n6:30pm Doors\n7:00pm Talks\n")
        .zone(Tz::America__Chicago)
        .on(2025, 3, 4)
        .decide();
    let (s, _, stated) = timed(&d);
    assert_eq!((s, stated), (dt(2025, 3, 12, 18, 30), false));
}

#[test]
fn a_list_of_links_to_other_events_is_not_the_post_s_event() {
    let body = "### Programme\n\n6:30pm Doors\n7:00pm Talks\n\n**Around town**\n\n- [Intro evening, Thu Mar 6 @ 5pm](https://meetups.example.org/events/101)\n- [Repair cafe, Sat Mar 8 @ 10am](https://meetups.example.org/events/102)\n- [Mon Mar 10, 6:00p: Book club](https://other.example.net/e/7)\n- [Regional summit, Mar 15 [join the waitlist]](https://summit.example.com/)\n";
    let d = post(body)
        .zone(Tz::America__Chicago)
        .on(2025, 3, 4)
        .decide();
    assert_eq!(start(&d), dt(2025, 3, 4, 18, 30));
    assert!(d.sessions.is_empty(), "{:?}", d.sessions);
    // The sessions of one event, each with its time-converter link, stay
    // sessions.
    let body = "We will hold two open calls:\n\n- Tuesday, 4 March, 15:00 UTC ([your time](https://www.timeanddate.com/worldclock/fixedtime.html?iso=20250304T15&p1=1440))\n- Thursday, 6 March, 23:00 UTC ([your time](https://www.timeanddate.com/worldclock/fixedtime.html?iso=20250306T23&p1=1440))\n";
    let d = post(body).zone(Tz::UTC).on(2025, 2, 20).decide();
    assert_eq!(
        session_starts(&d),
        vec![dt(2025, 3, 4, 15, 0), dt(2025, 3, 6, 23, 0)]
    );
}

#[test]
fn a_year_folder_dates_a_post_without_a_date() {
    // No publication date; the page sits under `events/2023/…`.
    let body = "Join us at the harbour hall from 6pm to 9pm for an evening after the summit on April 18th!\n\n### Location\n\nKade 5, 1000 AB<br>\nAmsterdam, Netherlands<br>\n";
    let input = WhenInput {
        path_year: Some(2023),
        zone: Tz::America__Los_Angeles,
        ..WhenInput::new(body)
    };
    let d = decide(&input);
    // 18:00 in Amsterdam (CEST, the city under `### Location`) is 09:00 in
    // Los Angeles (PDT).
    assert_eq!(
        timed(&d),
        (dt(2023, 4, 18, 9, 0), dt(2023, 4, 18, 12, 0), true)
    );
    assert!(
        d.year_rule
            .as_deref()
            .is_some_and(|r| r.contains("year folder")),
        "{:?}",
        d.year_rule
    );
    assert_eq!(kinds(&d), vec![WarningKind::AmbiguousTime]);
    // A post date still decides the year when there is one.
    let input = WhenInput {
        path_year: Some(2023),
        post_date: Some(ymd(2024, 3, 1)),
        zone: Tz::Europe__Amsterdam,
        ..WhenInput::new(body)
    };
    assert_eq!(start(&decide(&input)), dt(2024, 4, 18, 18, 0));
}

#[test]
fn a_recordings_chapter_marks_and_length_are_not_the_event_time() {
    // The notes of a weekly call, dated by the title, with the recording's
    // chapters (`[5:37 — …](…?t=337)`), its length in seconds and `1h 0m`.
    let body = "*Weekly call · 1h 0m*\n\n## Chapters\n\n- [0:00 — Welcome](https://youtu.be/abc?t=0)\n- [5:37 — Release demo](https://youtu.be/abc?t=337)\n- [12:49 — Q&A](https://youtu.be/abc?t=769)\n\nThe demo starts at [5:37](https://youtu.be/abc?t=337).\n";
    let d = post(body)
        .titled("Weekly Call - 2025-12-17")
        .fm("chapters.0.seconds", "0")
        .fm("duration", "965")
        .zone(Tz::America__New_York)
        .on(2025, 12, 17)
        .decide();
    assert_eq!(
        d.when,
        Some(EventWhen::AllDay {
            first: ymd(2025, 12, 17),
            last: ymd(2025, 12, 17)
        }),
        "{:?}",
        d.evidence
    );
    // A clock time linked to the meeting itself is still read, and a bare
    // `duration:` without a recording is minutes.
    let d = post(
        "The call will take place on 17 December at [1:00 PM ET](https://example.org/join).\n",
    )
    .fm("duration", "45")
    .zone(Tz::America__New_York)
    .on(2025, 12, 1)
    .decide();
    assert_eq!(
        timed(&d),
        (dt(2025, 12, 17, 13, 0), dt(2025, 12, 17, 13, 45), true)
    );
}

#[test]
fn a_report_of_yesterday_afternoon() {
    // Written the morning after: the party was the day before the post.
    let d = post("发布会昨天下午在图书馆报告厅举行，来了六十多位同学。\n\n感谢各位志愿者。\n")
        .on(2022, 4, 24)
        .decide();
    assert_eq!(
        d.when,
        Some(EventWhen::AllDay {
            first: ymd(2022, 4, 23),
            last: ymd(2022, 4, 23)
        }),
        "{:?}",
        d.warnings
    );
    assert!(kinds(&d).contains(&WarningKind::AmbiguousTime));
}

#[test]
fn that_day_and_the_start_in_the_next_sentence() {
    // The date sentence says nothing happened; the next one, pointing back at
    // the day (`当日`), reports the event; a time whose next sentence says the
    // event began gives the start, in the afternoon the report names.
    let body = "2021 年 5 月 8 日是开放日。当日下午，协会在图书馆举办了开放日活动。\n\n下午 2:30，报告厅已经坐满。在主持人的组织下，活动正式开始。\n";
    let d = post(body).on(2021, 5, 10).decide();
    let (s, _, stated) = timed(&d);
    assert_eq!((s, stated), (dt(2021, 5, 8, 14, 30), false));
    // Without the pointer back, the date sentence announces nothing.
    let body = "2021 年 5 月 8 日是开放日。协会今年的活动很多。\n";
    assert!(post(body).on(2021, 5, 10).decide().when.is_none());
}

#[test]
fn an_update_title_names_the_meeting_it_reports() {
    let d = post("Hello everyone!\n\n## Next meeting\n\nOur next meeting will be 27 February 2020 via chat, 19-20 CET.\n")
        .titled("Reading Group Update: Meeting 11 February 2020")
        .zone(Tz::UTC)
        .on(2020, 2, 11)
        .decide();
    assert_eq!(
        d.when,
        Some(EventWhen::AllDay {
            first: ymd(2020, 2, 11),
            last: ymd(2020, 2, 11)
        }),
        "{:?}",
        d.reason
    );
}

#[test]
fn a_stated_length_ends_the_event() {
    let d = post("- 活动时间：03 月 17 日，周四晚 19 点\n\n本次分享将用 50 分钟带你读懂调度器。\n")
        .on(2022, 3, 10)
        .decide();
    assert_eq!(
        timed(&d),
        (dt(2022, 3, 17, 19, 0), dt(2022, 3, 17, 19, 50), true)
    );
    let d = post("The call will take place on 4 April at 09:00 UTC.\n\nIn this 1-hour call we review the roadmap.\n")
        .on(2024, 3, 20)
        .decide();
    assert_eq!(
        timed(&d),
        (dt(2024, 4, 4, 17, 0), dt(2024, 4, 4, 18, 0), true)
    );
    // A length that is not this event's is not read.
    let d = post("The call will take place on 4 April at 09:00 UTC.\n\nThe course consists of 10 weekly 1-hour meetings.\n")
        .on(2024, 3, 20)
        .decide();
    assert!(!timed(&d).2);
}

#[test]
fn a_time_link_is_evidence() {
    let body = "We will meet at [the usual time](https://www.timeanddate.com/worldclock/fixedtime.html?msg=Sync&iso=20240312T0930&p1=1440) on the forum.\n";
    let d = post(body).decide();
    assert_eq!(start(&d), dt(2024, 3, 12, 17, 30));
    // The link's digits are not prose: `2020-03-02` in the path is not a date here.
    let body = "Join us on 9 March at 10:00 UTC ([see your zone](https://example.org/UTC/2020-03-02/17:00/call)).\n";
    let d = post(body).on(2021, 3, 1).decide();
    assert_eq!(start(&d), dt(2021, 3, 9, 18, 0));
    // A time-only sentence takes the date of the link on its line.
    let body = "Check the [3:00 pm UTC call](https://www.timeanddate.com/worldclock/fixedtime.html?iso=20230314T15&p1=1440) and the [9:00 pm UTC call](https://www.timeanddate.com/worldclock/fixedtime.html?iso=20230314T21&p1=1440).\n";
    let d = post(body).decide();
    assert_eq!(
        session_starts(&d),
        vec![dt(2023, 3, 14, 23, 0), dt(2023, 3, 15, 5, 0)]
    );
}

// ---------------------------------------------------------------- relative days

#[test]
fn relative_days_count_from_the_post_date_with_a_warning() {
    // 2024-05-10 is a Friday.
    let d = post("Our next sync is this coming Monday at 9am UTC.\n")
        .on(2024, 5, 10)
        .decide();
    assert_eq!(start(&d), dt(2024, 5, 13, 17, 0));
    assert!(kinds(&d).contains(&WarningKind::AmbiguousTime));
    let d = post("我们下周四晚 8 点直播，欢迎来看。\n")
        .on(2024, 5, 10)
        .decide();
    assert_eq!(start(&d), dt(2024, 5, 16, 20, 0));
    assert!(kinds(&d).contains(&WarningKind::AmbiguousTime));
    let d = post("本周六下午 2 点，读书会不见不散。\n")
        .on(2024, 5, 10)
        .decide();
    assert_eq!(start(&d), dt(2024, 5, 11, 14, 0));
}

// ---------------------------------------------------------------- which date

#[test]
fn history_deadlines_and_registration_never_win() {
    let body = "Last year we met on 4 May at 10:00 UTC.\n\nThe deadline to submit a talk is 20 May at 23:59 UTC.\n\nRegistration opens on 1 May at 08:00 UTC.\n\nThis year the meetup will take place on 7 June at 14:00 UTC.\n";
    let d = post(body).on(2024, 4, 20).decide();
    assert_eq!(start(&d), dt(2024, 6, 7, 22, 0));
    assert!(
        d.reason.as_deref().is_some_and(|r| r.contains("left out")),
        "{:?}",
        d.reason
    );
    let body = "上一期分享在 4 月 2 日晚 8 点。\n\n报名截止：5 月 20 日 18:00。\n\n报名时间：5 月 1 日 10:00 至 5 月 10 日。\n\n本期分享将于 5 月 25 日晚 8 点举办。\n";
    let d = post(body).on(2024, 4, 20).decide();
    assert_eq!(start(&d), dt(2024, 5, 25, 20, 0));
    // Nothing left: no event, and the message says why.
    let d = post("Last time we met on 3 May at 10:00 UTC, and it was fun.\n")
        .on(2024, 5, 10)
        .decide();
    assert!(d.when.is_none());
    assert_eq!(kinds(&d), vec![WarningKind::NoEventTime]);
    assert!(d.warnings[0].message.contains("history"));
}

#[test]
fn a_later_date_announced_beats_an_earlier_one_mentioned() {
    // Posted after the first date: that one is in the past.
    let body = "We started the series on 2 March at 14:00 UTC.\n\nThe second workshop will be held on 6 April at 14:00 UTC.\n";
    let d = post(body).on(2024, 3, 20).decide();
    assert_eq!(start(&d), dt(2024, 4, 6, 22, 0));
}

#[test]
fn a_report_gives_its_events_day() {
    let d = post("On 23 December 2018 the joint release ceremony was held in the city library.\n")
        .on(2019, 1, 7)
        .decide();
    assert_eq!(
        d.when,
        Some(EventWhen::AllDay {
            first: ymd(2018, 12, 23),
            last: ymd(2018, 12, 23)
        })
    );
}

#[test]
fn a_weekday_typo_yields_to_the_line_it_agrees_with() {
    // 6 月 12 日 2019 is a Wednesday; 6 月 27 日 is the Thursday.
    let body =
        "- 活动时间：6 月 12 日周四晚 7 点\n\n本期将在 6 月 27 日周四晚 7 点开讲，敬请期待。\n";
    let d = post(body).on(2019, 6, 12).decide();
    assert_eq!(start(&d), dt(2019, 6, 27, 19, 0));
    assert!(kinds(&d).contains(&WarningKind::ConflictingTimes));
}

// ---------------------------------------------------------------- zones

#[test]
fn one_slot_in_three_zones() {
    // January: CET, EST and PST are the clocks in use; all say 18:00 UTC.
    let d = post("The sync will take place on Tuesday, 16 January 2024, 19-20 CET / 1pm-2pm EST / 10-11am PST.\n").decide();
    assert_eq!(
        timed(&d),
        (dt(2024, 1, 17, 2, 0), dt(2024, 1, 17, 3, 0), true)
    );
    assert!(d.warnings.is_empty(), "{:?}", d.warnings);
    // June: the same words are the regions' summer clocks (17:00 UTC), warned.
    let d = post("The sync will take place on Tuesday, 11 June 2024, 19-20 CET / 1pm-2pm EST / 10-11am PST.\n").decide();
    assert_eq!(start(&d), dt(2024, 6, 12, 1, 0));
    assert_eq!(kinds(&d), vec![WarningKind::AmbiguousTime]);
    // Zones that disagree: warned, and the UTC one is used.
    let d = post("Join us Thursday, May 27th, 9 PM Pacific / 16:00 UTC for the label-a-thon.\n")
        .on(2021, 5, 1)
        .decide();
    assert_eq!(start(&d), dt(2021, 5, 28, 0, 0));
    assert!(kinds(&d).contains(&WarningKind::ZonesDisagree));
}

#[test]
fn a_restatement_confirms_how_an_abbreviation_is_read() {
    // 9 AM PDT = 16:00 UTC; `5 PM GMT` read literally would be 17:00 UTC, but
    // as British summer time it is 16:00 UTC: the slot settles it, no warning.
    let d =
        post("The call will be on Wednesday, June 12, 2024, 9-10 AM PDT / 5-6 PM GMT.\n").decide();
    assert_eq!(start(&d), dt(2024, 6, 13, 0, 0));
    assert!(d.warnings.is_empty(), "{:?}", d.warnings);
}

#[test]
fn gmt_in_june_and_est_in_july() {
    let d = post("The webinar will run on 12 June 2024 from 2pm to 3pm GMT.\n").decide();
    // Literal GMT: 14:00 UTC = 22:00 Shanghai, warned (BST would be 21:00).
    assert_eq!(start(&d), dt(2024, 6, 12, 22, 0));
    assert!(d
        .warnings
        .iter()
        .any(|w| w.message.contains("hour earlier")));
    let d = post("The webinar will run on 10 July 2024 from 1pm to 2pm EST.\n").decide();
    // New York's clock that day (EDT): 17:00 UTC = 01:00 Shanghai the next day.
    assert_eq!(start(&d), dt(2024, 7, 11, 1, 0));
    assert!(kinds(&d).contains(&WarningKind::AmbiguousTime));
}

#[test]
fn zones_by_name_city_and_offset() {
    let cases = [
        // noon in Boston (EDT) = 16:00 UTC = 00:00 the next day in Shanghai.
        (
            "We will meet on 3 October 2023 at noon Boston time.",
            dt(2023, 10, 4, 0, 0),
        ),
        (
            "The office hours will be on 3 October 2023, 14:00 Europe Central (12:00 UTC).",
            dt(2023, 10, 3, 20, 0),
        ),
        (
            "The talk will be on 3 October 2023 at 10:00 (GMT+8).",
            dt(2023, 10, 3, 10, 0),
        ),
        (
            "La charla será el martes 3 de octubre de 2023, 13:00 UTC-3.",
            dt(2023, 10, 4, 0, 0),
        ),
        (
            "分享将于 2023 年 10 月 3 日 19:00（北京时间）开始。",
            dt(2023, 10, 3, 19, 0),
        ),
        (
            "分享将于 2023 年 10 月 3 日美东时间上午 9 点开始。",
            dt(2023, 10, 3, 21, 0),
        ),
        (
            "The sprint will start on March 2nd, 2023 at 17:00 UTC.",
            dt(2023, 3, 3, 1, 0),
        ),
        (
            "The sprint will start on 2 March 2023 at 17:00 UTC.",
            dt(2023, 3, 3, 1, 0),
        ),
    ];
    for (text, want) in cases {
        let body = format!("{text}\n");
        let d = post(&body).decide();
        assert_eq!(start(&d), want, "{text}");
    }
}

#[test]
fn times_from_other_zones_cross_midnight_into_the_site_zone() {
    // 23:00 EDT on June 3 is 11:00 on June 4 in Shanghai; 20:00 UTC is 04:00.
    let d = post(
        "The hack night will be held on Monday, June 3, 2024 from 11 PM to midnight Eastern.\n",
    )
    .decide();
    assert_eq!(
        timed(&d),
        (dt(2024, 6, 4, 11, 0), dt(2024, 6, 4, 12, 0), true)
    );
    let d = post("The hack night will be held on 2024-06-03 from 20:00 to 22:00 UTC.\n").decide();
    assert_eq!(
        timed(&d),
        (dt(2024, 6, 4, 4, 0), dt(2024, 6, 4, 6, 0), true)
    );
}

#[test]
fn a_weekday_that_disagrees_is_warned() {
    // 2024-03-07 is a Thursday.
    let d = post("The meeting will take place on Friday, 7 March 2024 at 15:00 UTC.\n").decide();
    assert_eq!(start(&d), dt(2024, 3, 7, 23, 0));
    assert_eq!(kinds(&d), vec![WarningKind::WeekdayMismatch]);
}

#[test]
fn a_location_names_the_zone() {
    let body = "**Event Date/Time**: Thursday, October 11, 2018, 15:15 – 18:30\n\n**Event Location**: Hall 3, Convention Centre, Bangalore, India\n";
    let d = post(body).decide();
    // 15:15 IST (UTC+05:30) is 17:45 in Shanghai.
    assert_eq!(
        timed(&d),
        (dt(2018, 10, 11, 17, 45), dt(2018, 10, 11, 21, 0), true)
    );
    assert_eq!(kinds(&d), vec![WarningKind::AmbiguousTime]);
    // A location in the site's own zone changes nothing.
    let body = "- 活动时间：2018 年 10 月 11 日 15:15-18:30\n- 活动地点：北京某会议中心\n";
    let d = post(body).decide();
    assert_eq!(start(&d), dt(2018, 10, 11, 15, 15));
    assert!(d.warnings.is_empty());
}

#[test]
fn shanghai_summer_time_in_prose() {
    // 1988-07-01 in Shanghai was UTC+9: 11:00 UTC is 20:00 local.
    let d = post("The archive talk was held on 1 July 1988 at 11:00 UTC.\n").decide();
    assert_eq!(start(&d), dt(1988, 7, 1, 20, 0));
    let d = post("The archive talk was held on 1 July 1992 at 11:00 UTC.\n").decide();
    assert_eq!(start(&d), dt(1992, 7, 1, 19, 0));
}

#[test]
fn dst_gap_and_fold_on_a_site_in_new_york() {
    // 2024-03-10 02:30 does not exist in New York; 2024-11-03 01:30 happens twice.
    let d = post("The maintenance window will start on 2024-03-10 at 02:30.\n")
        .zone(Tz::America__New_York)
        .decide();
    assert_eq!(start(&d), dt(2024, 3, 10, 3, 30));
    assert!(d
        .warnings
        .iter()
        .any(|w| w.message.contains("does not exist")));
    let d = post("The maintenance window will start on 2024-11-03 at 01:30.\n")
        .zone(Tz::America__New_York)
        .decide();
    assert_eq!(start(&d), dt(2024, 11, 3, 1, 30));
    assert!(d
        .warnings
        .iter()
        .any(|w| w.message.contains("happens twice")));
    // Noon UTC on the spring-forward day is 08:00 EDT.
    let d = post("The maintenance window will start on 2024-03-10 at 12:00 UTC.\n")
        .zone(Tz::America__New_York)
        .decide();
    assert_eq!(start(&d), dt(2024, 3, 10, 8, 0));
}

// ---------------------------------------------------------------- sessions

#[test]
fn daily_hours_over_two_days_are_two_sessions() {
    let d = post("- 活动时间：2023 年 10 月 30 - 31 日，每天 9:00 - 17:00\n").decide();
    assert_eq!(
        session_starts(&d),
        vec![dt(2023, 10, 30, 9, 0), dt(2023, 10, 31, 9, 0)]
    );
    assert_eq!(
        timed(&d),
        (dt(2023, 10, 30, 9, 0), dt(2023, 10, 31, 17, 0), true)
    );
    // 8:00 am EDT is 20:00 in Shanghai.
    let d = post("* Python for analysts | 22-23 April 2026 | 8:00 am - 12:00 pm Eastern Time (UTC -4)\n\nThe workshop will run on both days.\n").decide();
    assert_eq!(
        session_starts(&d),
        vec![dt(2026, 4, 22, 20, 0), dt(2026, 4, 23, 20, 0)]
    );
}

#[test]
fn a_weekly_series_between_two_dates() {
    // 2021-07-07 is a Wednesday.
    let d =
        post("- 活动时间：2021 年 7 月 7 日至 7 月 16 日，每周三、周四晚上 19:00-20:00\n").decide();
    assert_eq!(
        session_starts(&d),
        vec![
            dt(2021, 7, 7, 19, 0),
            dt(2021, 7, 8, 19, 0),
            dt(2021, 7, 14, 19, 0),
            dt(2021, 7, 15, 19, 0)
        ]
    );
    // More than 100 sessions: the first 100, warned.
    let d = post("- 活动时间：2021 年 1 月 1 日至 2022 年 12 月 31 日，每天 8:00-9:00\n").decide();
    assert_eq!(d.sessions.len(), 100);
    assert!(kinds(&d).contains(&WarningKind::AmbiguousTime));
}

#[test]
fn two_times_on_one_day_for_two_regions() {
    let d =
        post("The council will meet on 22 September 2021 at 10:00 UTC and 19:00 UTC.\n").decide();
    assert_eq!(
        session_starts(&d),
        vec![dt(2021, 9, 22, 18, 0), dt(2021, 9, 23, 3, 0)]
    );
    // The zone written once, after the last time, holds for both.
    let d = post("The council will meet on 22 September 2021 at 10:00 and 19:00 UTC.\n").decide();
    assert_eq!(
        session_starts(&d),
        vec![dt(2021, 9, 22, 18, 0), dt(2021, 9, 23, 3, 0)]
    );
}

#[test]
fn sessions_one_per_list_item_or_parallel_heading() {
    let body = "We will be hosting two info calls:\n\n* Tuesday, 22 June 2021, 11AM UTC\n* Tuesday, 22 June 2021, 8PM UTC\n\nWe will start reviewing applications on July 1.\n";
    let d = post(body).on(2021, 6, 9).decide();
    assert_eq!(
        session_starts(&d),
        vec![dt(2021, 6, 22, 19, 0), dt(2021, 6, 23, 4, 0)]
    );
    let body = "Please join the sessions.\n\n**Session 1**\n\n* Tuesday, 12 August 2025\n* 11:00 UTC\n\n**Session 2**\n\n* Tuesday, 12 August 2025\n* 19:00 UTC\n";
    let d = post(body).on(2025, 8, 5).decide();
    assert_eq!(
        session_starts(&d),
        vec![dt(2025, 8, 12, 19, 0), dt(2025, 8, 13, 3, 0)]
    );
    let body = "## Talks\n\n### Opening talk\n\n**Date:** 1 August 2022, 7:30 UTC\n\n### Closing talk\n\n**Date:** 8 August 2022, 14:00 UTC\n";
    let d = post(body).decide();
    assert_eq!(
        session_starts(&d),
        vec![dt(2022, 8, 1, 15, 30), dt(2022, 8, 8, 22, 0)]
    );
    assert!(!kinds(&d).contains(&WarningKind::ConflictingTimes));
}

#[test]
fn a_restatement_list_is_one_session() {
    let body = "- **UTC: Tuesday 30 November 2021 at 12:00 AM**\nAmerica/New_York:  Monday 29 November 2021 7:00 PM\nSydney: Tuesday 30 November 2021 at 11:00 AM\n";
    let d = post(body).decide();
    assert!(d.sessions.is_empty(), "{:?}", d.sessions);
    assert_eq!(start(&d), dt(2021, 11, 30, 8, 0));
    assert!(d.warnings.is_empty(), "{:?}", d.warnings);
}

#[test]
fn front_matter_day_one_of_two_yields_to_the_prose() {
    let d = post("- 活动时间：2023 年 11 月 4 日-5 日，每天 9:00-17:00\n")
        .fm("event_date", "2023-11-04")
        .decide();
    assert_eq!(d.sessions.len(), 2);
    assert_eq!(kinds(&d), vec![WarningKind::FrontMatterDisagrees]);
}

#[test]
fn a_title_or_summary_with_a_day_must_name_an_event() {
    let d = post("Slides are online.\n")
        .titled("Community Meetup, Shanghai 2019.09.20 Report")
        .decide();
    assert_eq!(
        d.when,
        Some(EventWhen::AllDay {
            first: ymd(2019, 9, 20),
            last: ymd(2019, 9, 20)
        })
    );
    // News with a date is not an event.
    let d = post("详情见正文。\n")
        .fm(
            "abstract",
            "2024 年 7 月 9 日，某基金会正式接纳了我们的项目",
        )
        .decide();
    assert!(d.when.is_none(), "{:?}", d.when);
}

#[test]
fn month_day_forms_of_chinese_and_english_prose() {
    let d = post("采访就到这里，12.18号的线下专场还有更多惊喜等待着大家。\n")
        .on(2021, 11, 26)
        .decide();
    assert_eq!(
        d.when,
        Some(EventWhen::AllDay {
            first: ymd(2021, 12, 18),
            last: ymd(2021, 12, 18)
        })
    );
    let d = post("The conference will be held in Lisbon from August 21 to 23, 2024.\n").decide();
    assert_eq!(
        d.when,
        Some(EventWhen::AllDay {
            first: ymd(2024, 8, 21),
            last: ymd(2024, 8, 23)
        })
    );
}

#[test]
fn a_programme_of_weeks_covers_its_sessions() {
    let body = "Save the date for these highlights:\n\n- Opening talk, 13 July 2020 - 14:00 UTC\n- Closing panel, 28 August 2020 - 15:00 UTC\n";
    let d = post(body)
        .titled("Join Us for the Summer School: 14 July - 31 August")
        .on(2020, 7, 1)
        .decide();
    assert_eq!(
        d.when,
        Some(EventWhen::AllDay {
            first: ymd(2020, 7, 14),
            last: ymd(2020, 8, 31)
        })
    );
    assert!(d.warnings.is_empty(), "{:?}", d.warnings);
}

#[test]
fn a_talk_inside_the_front_matter_span_is_no_disagreement() {
    let d = post("Don't miss the lightning talk on Tuesday, Aug 13 at 1:00 PM PDT.\n")
        .fm("dateStart", "2024-08-12T09:00:00+08:00")
        .fm("dateEnd", "2024-08-15T18:00:00+08:00")
        .decide();
    assert_eq!(timed(&d).0, dt(2024, 8, 12, 9, 0));
    assert!(d.warnings.is_empty(), "{:?}", d.warnings);
}

#[test]
fn a_report_without_a_year_is_about_a_day_before_the_post() {
    // Posted on 2023-09-25 about a launch on 1 September: that September.
    // (A gathering: a selection campaign would be no event at all.)
    let d = post("社区已于 9 月 1 日启动了年度黑客松，现已结束。\n")
        .on(2023, 9, 25)
        .decide();
    assert_eq!(
        d.when,
        Some(EventWhen::AllDay {
            first: ymd(2023, 9, 1),
            last: ymd(2023, 9, 1)
        })
    );
    assert!(d
        .year_rule
        .as_deref()
        .is_some_and(|r| r.contains("reports the event")));
}

#[test]
fn a_written_date_beats_a_relative_day() {
    let body =
        "2018年10月13日下午，团队邀请三位专家来上海交流。\n\n我们今天邀请到了远道而来的嘉宾。\n";
    let d = post(body).on(2018, 11, 5).decide();
    assert_eq!(
        d.when,
        Some(EventWhen::AllDay {
            first: ymd(2018, 10, 13),
            last: ymd(2018, 10, 13)
        })
    );
}

#[test]
fn registration_that_opens_is_not_the_event() {
    let d = post("活动学生报名将于 4 月 30 日正式开启，欢迎关注。\n")
        .on(2024, 4, 20)
        .decide();
    assert!(d.when.is_none(), "{:?}", d.when);
}

#[test]
fn a_label_and_an_announcing_sentence_of_the_same_day_that_disagree() {
    let body = "**本次开放日将于6月27日（星期三）上午11点至下午17点30分举办。**\n\n**会议日期/时间**：2018 年 6 月 27 日，星期三，9:30 – 17:30\n";
    let d = post(body).on(2018, 6, 14).decide();
    // The label wins, and the disagreement is named.
    assert_eq!(start(&d), dt(2018, 6, 27, 9, 30));
    assert_eq!(kinds(&d), vec![WarningKind::ConflictingTimes]);
    // A sentence about another day is another event: no warning.
    let body = "Last month's call drew a crowd; the next one will be on 3 July at 10:00.\n\n- Time: 2018-06-27 09:30-11:00\n";
    let d = post(body).on(2018, 6, 14).decide();
    assert_eq!(start(&d), dt(2018, 6, 27, 9, 30));
    assert!(d.warnings.is_empty(), "{:?}", d.warnings);
}

#[test]
fn a_tilde_before_a_date_is_a_tone_mark_not_an_open_range() {
    // Chatty Chinese ends a clause with `~`; the date after it is a day,
    // not the end of a range whose start is missing.
    let body = "感谢嘉宾的分享~  6.22号上海站，我们会在现场等待着大家~\n";
    let d = post(body).on(2024, 6, 3).decide();
    assert_eq!(
        d.when,
        Some(EventWhen::AllDay {
            first: ymd(2024, 6, 22),
            last: ymd(2024, 6, 22)
        })
    );
    assert!(d.warnings.is_empty(), "{:?}", d.warnings);
    // `until` still says only where the event ends.
    let d = post("The exhibition will run until 30 June.\n")
        .on(2024, 6, 3)
        .zone(Tz::UTC)
        .decide();
    assert_eq!(kinds(&d), vec![WarningKind::AmbiguousTime]);
    // After `起` (from) a tilde is the range's `until`: `即日起~12月31日` is
    // from now until the 31st, not that one day.
    let d = post("展览将于即日起~2024年6月30日在图书馆举办。\n")
        .on(2024, 6, 3)
        .decide();
    assert_eq!(kinds(&d), vec![WarningKind::AmbiguousTime]);
}

#[test]
fn a_report_is_about_the_event_it_looks_back_on() {
    // The title says the post looks back; its invitation to the next one
    // is another event, not a disagreement.
    let body = "The spring planning retreat was held on March 4-5 in Lisbon.\n\nWe discussed the roadmap.\n\nJoin us at the next community call on 18 April 2024 at 15:00 UTC.\n";
    let d = post(body)
        .on(2024, 3, 20)
        .titled("Highlights from the spring planning retreat")
        .zone(Tz::UTC)
        .decide();
    assert_eq!(
        d.when,
        Some(EventWhen::AllDay {
            first: ymd(2024, 3, 4),
            last: ymd(2024, 3, 5)
        })
    );
    assert!(d.warnings.is_empty(), "{:?}", d.warnings);
    // Without a title that looks back, the invitation is the post's event.
    let d = post(body)
        .on(2024, 3, 20)
        .titled("Spring planning retreat")
        .zone(Tz::UTC)
        .decide();
    assert_eq!(start(&d), dt(2024, 4, 18, 15, 0));

    let body = "3 月 9 日，我们在深圳举办了第五期技术沙龙。\n\n现场交流热烈。\n\n下一期沙龙将于 4 月 13 日 14:00 举行，欢迎报名。\n";
    let d = post(body)
        .on(2024, 3, 15)
        .titled("第五期技术沙龙回顾")
        .decide();
    assert_eq!(
        d.when,
        Some(EventWhen::AllDay {
            first: ymd(2024, 3, 9),
            last: ymd(2024, 3, 9)
        })
    );
    assert!(d.warnings.is_empty(), "{:?}", d.warnings);
    let d = post(body).on(2024, 3, 15).titled("第五期技术沙龙").decide();
    assert_eq!(start(&d), dt(2024, 4, 13, 14, 0));
    // A title that looks back and announces: the invitation is the event.
    let d = post(body)
        .on(2024, 3, 15)
        .titled("第五期技术沙龙回顾与下期预告")
        .decide();
    assert_eq!(start(&d), dt(2024, 4, 13, 14, 0));
}

#[test]
fn an_agenda_that_starts_at_the_sentences_time_overrules_the_label() {
    let body = "**开发者日将于5月18日（星期六）上午10点至下午17点在市图书馆举办。**\n\n**活动时间**：2024 年 5 月 18 日，星期六，9:00 – 17:00\n\n**议程**\n\n**时间：**10:00-11:00\n\n**主题：**开场\n\n**时间：**16:00-17:00\n\n**主题：**闭幕\n";
    let d = post(body).on(2024, 5, 2).decide();
    assert_eq!(
        timed(&d),
        (dt(2024, 5, 18, 10, 0), dt(2024, 5, 18, 17, 0), true)
    );
    // The label that says otherwise is still named.
    assert_eq!(kinds(&d), vec![WarningKind::ConflictingTimes]);

    let body = "The workshop will take place on 8 June 2024 from 13:00 to 17:00.\n\n- Time: 8 June 2024, 12:30-17:00\n\n## Agenda\n\n| Time | Talk |\n|---|---|\n| 13:00-14:00 | Welcome |\n| 16:00-17:00 | Wrap-up |\n";
    let d = post(body).on(2024, 5, 20).zone(Tz::UTC).decide();
    assert_eq!(start(&d), dt(2024, 6, 8, 13, 0));
    assert_eq!(kinds(&d), vec![WarningKind::ConflictingTimes]);

    // An agenda that starts with the label keeps the label.
    let body = "The workshop will take place on 8 June 2024 from 13:00 to 17:00.\n\n- Time: 8 June 2024, 12:30-17:00\n\n## Agenda\n\n| Time | Talk |\n|---|---|\n| 12:30-14:00 | Welcome |\n| 16:00-17:00 | Wrap-up |\n";
    let d = post(body).on(2024, 5, 20).zone(Tz::UTC).decide();
    assert_eq!(start(&d), dt(2024, 6, 8, 12, 30));
}

#[test]
fn an_opening_sentence_that_announces_two_weeks_is_the_programme_over_its_sessions() {
    let body = "The spring docs sprint will take place from 6th to 17th May.\nDuring these two weeks, everyone can help.\n\n## Coworking\n\nThe following coworking sessions are scheduled:\n\n1. 7th May 2024, 10:00 UTC, hosted by Ana\n2. 14th May 2024, 16:00 UTC, hosted by Bo\n";
    let d = post(body).on(2024, 5, 1).zone(Tz::UTC).decide();
    assert_eq!(
        d.when,
        Some(EventWhen::AllDay {
            first: ymd(2024, 5, 6),
            last: ymd(2024, 5, 17)
        })
    );
    // Further down the post, such a sentence is not what the post announces.
    let body = "The following coworking sessions are scheduled:\n\n1. 7th May 2024, 10:00 UTC, hosted by Ana\n2. 14th May 2024, 16:00 UTC, hosted by Bo\n\nBring questions.\n\nAsk anything.\n\nThe wider sprint will take place from 6th to 17th May.\n";
    let d = post(body).on(2024, 5, 1).zone(Tz::UTC).decide();
    assert_eq!(start(&d), dt(2024, 5, 7, 10, 0));

    let body = "春季文档冲刺将于 5 月 6 日至 5 月 17 日举行，欢迎参与。\n\n## 线上协作\n\n- 5 月 7 日 10:00 线上协作\n- 5 月 14 日 16:00 线上协作\n";
    let d = post(body).on(2024, 5, 1).decide();
    assert_eq!(
        d.when,
        Some(EventWhen::AllDay {
            first: ymd(2024, 5, 6),
            last: ymd(2024, 5, 17)
        })
    );
}

#[test]
fn days_with_hours_only_after_the_first_are_a_conference_with_talks_inside() {
    let body = "June 10-12, 2024 [PyData Ria! 2024](https://example.org) will take place in Riga.\n\n* Ana will present her talk on Jun 11, 2024, 1:20 PM.\n* Bo will present his poster on Jun 12, 2024, 10:00 AM.\n";
    let d = post(body).on(2024, 5, 20).zone(Tz::UTC).decide();
    assert_eq!(
        d.when,
        Some(EventWhen::AllDay {
            first: ymd(2024, 6, 10),
            last: ymd(2024, 6, 12)
        })
    );
    // Hours on the first day make the days sittings of one event.
    let body = "Join the discussion 10-11 June 2024.\n\n- Monday, 10 June 15:00 UTC\n- Tuesday, 11 June 01:00 UTC\n";
    let d = post(body).on(2024, 5, 20).zone(Tz::UTC).decide();
    assert_eq!(
        session_starts(&d),
        vec![dt(2024, 6, 10, 15, 0), dt(2024, 6, 11, 1, 0)]
    );

    // One talk alone is the post's own session, not a part of a programme.
    let body = "KubeCon EU takes place in London on 1-4 April 2025.\n\nOur maintainer talk will be on Wednesday 2 April 2025 at 14:30 UTC in room S1.\n";
    let d = post(body)
        .on(2025, 3, 20)
        .titled("Join our talk at KubeCon EU")
        .zone(Tz::UTC)
        .decide();
    assert_eq!(start(&d), dt(2025, 4, 2, 14, 30));

    let body = "6 月 10 日至 12 日，开源年会将在杭州举行。\n\n- 小安将于 6 月 11 日 13:20 分享。\n- 小波将于 6 月 12 日 10:00 分享。\n";
    let d = post(body).on(2024, 5, 20).decide();
    assert_eq!(
        d.when,
        Some(EventWhen::AllDay {
            first: ymd(2024, 6, 10),
            last: ymd(2024, 6, 12)
        })
    );
}

#[test]
fn a_list_lead_in_that_names_another_day_is_a_conflict() {
    // The sentence right above the sessions says 14 June; the sessions, with
    // weekday and year, say 14 May.
    let body = "Apply now.\n\nOur mentors will be at the Newcomer Sessions on 14 June -- a good place to ask questions.\n\n- **(UTC) Tuesday 14 May 2024 10:00**\n- **(UTC) Tuesday 14 May 2024 18:00**\n";
    let d = post(body).on(2024, 5, 2).zone(Tz::UTC).decide();
    assert_eq!(
        session_starts(&d),
        vec![dt(2024, 5, 14, 10, 0), dt(2024, 5, 14, 18, 0)]
    );
    assert_eq!(kinds(&d), vec![WarningKind::ConflictingTimes]);
    // A lead-in that names the sessions' own day agrees.
    let body = "Apply now.\n\nOur mentors will be at the Newcomer Sessions on 14 May -- a good place to ask questions.\n\n- **(UTC) Tuesday 14 May 2024 10:00**\n- **(UTC) Tuesday 14 May 2024 18:00**\n";
    let d = post(body).on(2024, 5, 2).zone(Tz::UTC).decide();
    assert!(d.warnings.is_empty(), "{:?}", d.warnings);

    let body = "欢迎报名。\n\n导师们会参加 6 月 14 日的新人交流会，欢迎提问：\n\n- 2024 年 5 月 14 日（周二）10:00\n- 2024 年 5 月 14 日（周二）18:00\n";
    let d = post(body).on(2024, 5, 2).decide();
    assert_eq!(
        session_starts(&d),
        vec![dt(2024, 5, 14, 10, 0), dt(2024, 5, 14, 18, 0)]
    );
    assert_eq!(kinds(&d), vec![WarningKind::ConflictingTimes]);
}

#[test]
fn a_list_introduced_as_the_schedule_is_the_posts_own_event() {
    // The opening names the host conference; the post's own event is the
    // chats it lists "at the following times".
    let body = "DataConf, a conference, will take place on Thursday, 14 March 2024, kicking off at 16:00 UTC.\n\nOur team will host a table there.\n\nPlease come by.\n\nWe will be holding chats at the following times:\n\n- 17:00 - 18:00 UTC on 14 March 2024;\n- 09:00 - 10:00 UTC on 15 March 2024\n";
    let d = post(body).on(2024, 3, 1).zone(Tz::UTC).decide();
    assert_eq!(
        session_starts(&d),
        vec![dt(2024, 3, 14, 17, 0), dt(2024, 3, 15, 9, 0)]
    );

    let body = "开源大会将于 3 月 14 日 9:00 开幕。\n\n我们会在现场设展台。\n\n欢迎来交流。\n\n我们将在展台举办两场答疑，时间如下：\n\n- 3 月 14 日 14:00-15:00\n- 3 月 15 日 10:00-11:00\n";
    let d = post(body).on(2024, 3, 1).decide();
    assert_eq!(
        session_starts(&d),
        vec![dt(2024, 3, 14, 14, 0), dt(2024, 3, 15, 10, 0)]
    );
}

#[test]
fn a_campaign_is_not_a_gathering() {
    // A prize draw's window under a heading that names it.
    let body = "社区成立两周年，感谢大家。\n\n## 文末福利放送\n\n为感谢大家的支持，我们准备了抽奖，送出社区周边。\n\n活动时间：5 月 20 日-5 月 24 日\n";
    let d = post(body).on(2024, 5, 20).decide();
    assert!(d.when.is_none(), "{:?}", d.when);
    // A selection that was launched on a day.
    let d = post("社区已于 5 月 1 日启动了年度贡献者评选活动，现评审已结束。\n")
        .on(2024, 5, 20)
        .decide();
    assert!(d.when.is_none(), "{:?}", d.when);
    let body = "Thanks for two great years!\n\n## Giveaway\n\nWe are giving away stickers to celebrate.\n\n- Date: 20-24 May 2024\n";
    let d = post(body).on(2024, 5, 20).zone(Tz::UTC).decide();
    assert!(d.when.is_none(), "{:?}", d.when);
    // The meetup itself under an ordinary heading is still the event.
    let body =
        "社区成立两周年。\n\n## 线下聚会\n\n活动时间：5 月 25 日 14:00-17:00\n\n现场有抽奖。\n";
    let d = post(body).on(2024, 5, 20).decide();
    assert_eq!(start(&d), dt(2024, 5, 25, 14, 0));
}

#[test]
fn a_gathering_with_a_prize_draw_in_its_sentence_is_still_the_event() {
    // The raffle or 抽奖活动 is part of the meetup the sentence announces,
    // not a campaign window of its own.
    let d = post("本次 Meetup 将于 2025 年 5 月 6 日 14:00 在上海举办，现场还有抽奖活动。\n")
        .on(2025, 4, 20)
        .decide();
    assert_eq!(start(&d), dt(2025, 5, 6, 14, 0));
    let d = post("Join us on May 6, 2025 at 6pm for two talks, pizza and a raffle!\n")
        .on(2025, 4, 20)
        .zone(Tz::UTC)
        .decide();
    assert_eq!(start(&d), dt(2025, 5, 6, 18, 0));
    // A draw alone is still no event.
    let d = post("抽奖活动时间为 2025 年 5 月 6 日至 5 月 10 日。\n")
        .on(2025, 4, 20)
        .decide();
    assert!(d.when.is_none(), "{:?}", d.when);
}

fn all_day_of(d: &EventDecision) -> (NaiveDate, NaiveDate) {
    match &d.when {
        Some(EventWhen::AllDay { first, last }) => (*first, *last),
        other => panic!("expected all-day, got {other:?} ({:?})", d.warnings),
    }
}

#[test]
fn what_we_will_have_or_organise_is_announced() {
    let d = post("We will have the second PyData workshop at the library from 6-9 November. There will be talks and a tutorial.\n")
        .on(2023, 6, 8)
        .zone(Tz::UTC)
        .decide();
    assert_eq!(all_day_of(&d), (ymd(2023, 11, 6), ymd(2023, 11, 9)));
    let d =
        post("We'll have our **Rust** sprint from the 28th of July until the 31st of July 2025.\n")
            .on(2025, 2, 10)
            .zone(Tz::UTC)
            .decide();
    assert_eq!(all_day_of(&d), (ymd(2025, 7, 28), ymd(2025, 7, 31)));
    // Having something that is no gathering announces nothing.
    let d = post("You will have the slides by 6 November.\n")
        .on(2023, 6, 8)
        .zone(Tz::UTC)
        .decide();
    assert!(d.when.is_none(), "{:?}", d.when);
    let d =
        post("为了帮助大家上手，社区决定 6 月 22 日组织一场线下工作坊，手把手带大家写流水线。\n")
            .on(2019, 6, 10)
            .decide();
    assert_eq!(all_day_of(&d), (ymd(2019, 6, 22), ymd(2019, 6, 22)));
    let d = post("第二次持续交付工作坊在召唤每一位想学习的同学，就在 2019年7月27日（周六）。\n")
        .on(2019, 7, 14)
        .decide();
    assert_eq!(all_day_of(&d), (ymd(2019, 7, 27), ymd(2019, 7, 27)));
    // `组织了` reports: the day is history, not a coming event, and a post
    // written after it does not make it an announcement.
    let d = post("去年 6 月 22 日社区组织了一次工作坊。\n")
        .on(2019, 7, 14)
        .decide();
    assert!(d.when.is_none(), "{:?}", d.when);
}

#[test]
fn a_label_without_a_colon_under_a_time_and_place_heading() {
    let body = "## 时间地点\n\n* 日期 2019.8.24\n* 地点 北京\n\n| 时间 | 流程 |\n| --- | --- |\n| 13:00 - 13:30 | 签到 |\n| 13:30 - 17:00 | 分享 |\n";
    let d = post(body).on(2019, 7, 30).decide();
    assert_eq!(
        timed(&d),
        (dt(2019, 8, 24, 13, 0), dt(2019, 8, 24, 17, 0), true)
    );
}

#[test]
fn a_report_dated_a_few_days_early_is_that_years() {
    let body = "冬季学期12月23日下午六点，社区在计算机楼511举行了本学期的第二次活动。\n";
    let d = post(body).on(2017, 12, 19).decide();
    assert_eq!(start(&d), dt(2017, 12, 23, 18, 0));
    assert!(
        kinds(&d).contains(&WarningKind::AmbiguousTime),
        "{:?}",
        d.warnings
    );
    let d = post("The meetup was held on December 23 at 6pm in room 511.\n")
        .on(2017, 12, 19)
        .zone(Tz::UTC)
        .decide();
    assert_eq!(start(&d), dt(2017, 12, 23, 18, 0));
    // Weeks ahead of its date, a report is still about last year's day.
    let d = post(body).on(2017, 11, 1).decide();
    assert_eq!(start(&d), dt(2016, 12, 23, 18, 0));
}

#[test]
fn the_doors_time_is_not_the_start() {
    let d = post("本次沙龙将于 5 月 18 日在上海举办，8:00 签到，9:00 正式开始。\n")
        .on(2024, 5, 1)
        .decide();
    assert_eq!(start(&d), dt(2024, 5, 18, 9, 0));
    let d = post("Our meetup will be held on May 18: doors open at 6pm, talks start at 7pm.\n")
        .on(2024, 5, 1)
        .zone(Tz::UTC)
        .decide();
    assert_eq!(start(&d), dt(2024, 5, 18, 19, 0));
    // A second time that is no start keeps the first.
    let d = post("The meetup will be held on May 18 at 6pm, and the pub at 9pm.\n")
        .on(2024, 5, 1)
        .zone(Tz::UTC)
        .decide();
    assert_eq!(start(&d), dt(2024, 5, 18, 18, 0));
}
