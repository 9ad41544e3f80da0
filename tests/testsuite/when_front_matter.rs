//! Front matter that holds the event, read end to end: the post's text is
//! split and parsed by `feedcal::front_matter` (YAML through serde_yaml, TOML
//! through toml), and every scalar goes to `feedcal::when::decide`, in posts
//! written for these tests.

use chrono::{NaiveDate, NaiveDateTime};
use chrono_tz::Tz;
use feedcal::config::Config;
use feedcal::front_matter::{parse, split};
use feedcal::model::{EventDecision, EventWhen, WarningKind};
use feedcal::when::{decide, WhenInput};

fn dt(y: i32, m: u32, d: u32, h: u32, mi: u32) -> NaiveDateTime {
    NaiveDate::from_ymd_opt(y, m, d)
        .and_then(|x| x.and_hms_opt(h, mi, 0))
        .expect("test time")
}

fn decide_post(text: &str, config: &Config) -> EventDecision {
    let s = split(text).expect("front matter splits");
    let p = parse(&s, config.time_zone).expect("front matter parses");
    let post_date = p
        .fields
        .date
        .map(|d| d.at.with_timezone(&config.time_zone).date_naive());
    decide(&WhenInput {
        body: s.body,
        body_first_line: s.body_first_line,
        post_date,
        title: p.fields.title.as_deref().unwrap_or(""),
        front_matter: &p.fields.event_fields,
        event_keys: &config.event_keys,
        zone: config.time_zone,
        ..WhenInput::new(s.body)
    })
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

#[test]
fn utc_comment_on_start_and_end() {
    let post = "---\ntitle: Package clinic\ndateStart: 2025-03-11T09:00:00 # UTC!!\ndateEnd: 2025-03-11T10:30:00 # UTC!!\ndate: 2025-03-11T10:30:00 # UTC!! same as dateEnd\n---\n\nCome and bring your questions.\n";
    let d = decide_post(post, &Config::default());
    assert_eq!(
        timed(&d),
        (dt(2025, 3, 11, 17, 0), dt(2025, 3, 11, 18, 30), true)
    );
    let e = d.evidence.expect("evidence");
    assert_eq!(e.line, Some(3));
    assert_eq!(e.text, "front matter: dateStart, dateEnd");
}

#[test]
fn hexo_fields_and_a_toml_extra_block() {
    let hexo = "---\ntitle: 春季读书会\ndate: 2019-05-10 10:00:00\nstart: 2019-5-25 9:00\nend: 2019-5-25 11:30\n---\n介绍。\n";
    let d = decide_post(hexo, &Config::default());
    assert_eq!(
        timed(&d),
        (dt(2019, 5, 25, 9, 0), dt(2019, 5, 25, 11, 30), true)
    );
    let zola = "+++\ntitle = \"Rust evening\"\ndate = 2021-06-01\n[extra]\nevent_date = \"2021-06-23 19:00\"\ntimezone = \"Europe/Berlin\"\n+++\nTalks and pizza.\n";
    let d = decide_post(zola, &Config::default());
    // 19:00 CEST is 01:00 the next day in Shanghai.
    assert_eq!(timed(&d).0, dt(2021, 6, 24, 1, 0));
}

#[test]
fn an_event_block_in_flow_style() {
    let post = "---\ntitle: Meetup\nevent: {date: 2023-11-04, time: \"14:00-17:30\", location: Room 2}\n---\n";
    let d = decide_post(post, &Config::default());
    assert_eq!(
        timed(&d),
        (dt(2023, 11, 4, 14, 0), dt(2023, 11, 4, 17, 30), true)
    );
    assert_eq!(d.evidence.and_then(|e| e.line), Some(3));
}

#[test]
fn hugo_publication_time_is_not_the_event() {
    let post =
        "---\ntitle: A note\ndate: 2019-09-10\ntime: \"12:00:00\"\n---\n\nNothing scheduled.\n";
    let d = decide_post(post, &Config::default());
    assert!(d.when.is_none());
    assert!(d
        .warnings
        .iter()
        .any(|w| w.kind == WarningKind::NoEventTime));
}

#[test]
fn config_maps_keys_to_roles() {
    let config = Config::parse(
        "[event_keys]\n\"fecha\" = \"date\"\n\"hora\" = \"time\"\n\"date\" = \"ignore\"\n",
        None,
    )
    .expect("config");
    let post = "---\ntitle: Taller\nfecha: 2024-02-05\nhora: \"13:00 - 15:00\"\n---\n";
    let d = decide_post(post, &config);
    assert_eq!(
        timed(&d),
        (dt(2024, 2, 5, 13, 0), dt(2024, 2, 5, 15, 0), true)
    );
    let legacy = Config::parse("event_time_keys = [\"section1.time\"]\n", None).expect("config");
    let post = "---\ntitle: x\nsection9:\n  when: 2022-06-25 14:00-17:00\n---\n";
    // `section9.when` is a nested free-text key, read by its name anyway.
    let d = decide_post(post, &legacy);
    assert_eq!(timed(&d).0, dt(2022, 6, 25, 14, 0));
    let err = Config::parse("[event_keys]\n\"x\" = \"begin\"\n", None).expect_err("bad role");
    assert!(err.to_string().contains("not a role"), "{err}");
    assert_eq!(Config::default().time_zone, Tz::Asia__Shanghai);
}

#[test]
fn an_event_day_and_hours_with_a_dotted_end() {
    // `8.00pm` (the British dot) ends the slot; EDT is UTC-4, 18:00 in New
    // York is 06:00 the next day in Shanghai.
    let post = "---\ntitle: Design meetup\ndate: 2023-05-11\neventDate: Thu, 11 May 2023\ntime: 6:00pm - 8.00pm (EDT)\n---\n\nTalks and snacks.\n";
    let d = decide_post(post, &Config::default());
    assert_eq!(
        timed(&d),
        (dt(2023, 5, 12, 6, 0), dt(2023, 5, 12, 8, 0), true)
    );
}

#[test]
fn a_value_declared_the_ends_copy_ends_an_event_whose_end_copies_the_start() {
    // The end key was left a copy of the start; the value the template
    // declares to be the end's copy says when it really ends.
    let post = "---\ntitle: Taller de paquetes\ndateStart: '2025-04-08T09:00:00'\ndateEnd: '2025-04-08T09:00:00'\ndate: 2025-04-08T12:00:00 # UTC!! same as dateEnd\nlocation: online\n---\n\nTraé tu paquete.\n";
    let d = decide_post(post, &Config::default());
    assert_eq!(
        timed(&d),
        (dt(2025, 4, 8, 17, 0), dt(2025, 4, 8, 20, 0), true)
    );
    let kinds: Vec<WarningKind> = d.warnings.iter().map(|w| w.kind).collect();
    assert_eq!(
        kinds,
        vec![WarningKind::ConflictingTimes],
        "{:?}",
        d.warnings
    );
    assert_eq!(d.warnings[0].line, Some(5));

    // The same value that is only the start's instant in UTC (a wall time of
    // the place the location names): still no end, but the copy is not one.
    let post = "---\ntitle: Lightning talk\ndateStart: '2025-04-08T09:00:00'\ndateEnd: '2025-04-08T09:00:00'\ndate: 2025-04-08T12:00:00 # UTC!! same as dateEnd\nlocation: 'Centro Cultural, Buenos Aires, Argentina'\n---\n\nA short talk.\n";
    let d = decide_post(post, &Config::default());
    let (start, _, end_stated) = timed(&d);
    assert_eq!(start, dt(2025, 4, 8, 20, 0));
    assert!(!end_stated);
    assert!(d
        .warnings
        .iter()
        .any(|w| w.kind == WarningKind::ConflictingTimes));

    // A real end beside a `date` that copied the start instead: the end key
    // wins and nothing is said (a template's common slip, not a conflict).
    let post = "---\ntitle: Office hours\ndateStart: '2025-04-08T09:00:00'\ndateEnd: '2025-04-08T10:00:00'\ndate: 2025-04-08T09:00:00 # UTC!! same as dateEnd\n---\n\nDrop in.\n";
    let d = decide_post(post, &Config::default());
    assert_eq!(
        timed(&d),
        (dt(2025, 4, 8, 17, 0), dt(2025, 4, 8, 18, 0), true)
    );
    assert!(d.warnings.is_empty(), "{:?}", d.warnings);
}

/// A front-matter day that is only the post's own date (a template filled from
/// `date`) yields to a labelled line that writes the event in full on another
/// day; a label without its year or weekday does not outweigh it.
#[test]
fn the_post_date_copied_into_the_event_yields_to_a_full_label() {
    let config = Config {
        time_zone: Tz::America__Los_Angeles,
        ..Config::default()
    };
    let post = "---\ntitle: 'Workshop at the Harbor Conference'\ndate: '2024-07-13'\nevent:\n  start_date: '2024-07-13'\n  location: Online\n---\n\n* **What:** a hands-on packaging workshop\n* **When:** Tuesday, July 9th, 2024, from 13:30--17:30 Pacific\n";
    let d = decide_post(post, &config);
    assert_eq!(
        timed(&d),
        (dt(2024, 7, 9, 13, 30), dt(2024, 7, 9, 17, 30), true)
    );
    assert!(
        d.warnings
            .iter()
            .any(|w| w.kind == WarningKind::FrontMatterDisagrees && w.message.contains("own date")),
        "{:?}",
        d.warnings
    );
    let post = "---\ntitle: 港口大会工作坊\ndate: '2024-07-13'\nevent:\n  start_date: '2024-07-13'\n---\n\n- 活动时间：2024 年 7 月 9 日（周二）13:30-17:30\n";
    let d = decide_post(post, &Config::default());
    assert_eq!(
        timed(&d),
        (dt(2024, 7, 9, 13, 30), dt(2024, 7, 9, 17, 30), true)
    );
    // No weekday: the front matter's day stays, and the label is warned.
    let post = "---\ntitle: 'Workshop'\ndate: '2024-07-13'\nevent:\n  start_date: '2024-07-13'\n---\n\n* **When:** July 9, 2024, 13:30-17:30\n";
    let d = decide_post(post, &config);
    assert!(
        matches!(d.when, Some(EventWhen::AllDay { first, .. }) if first == NaiveDate::from_ymd_opt(2024, 7, 13).expect("date")),
        "{:?}",
        d.when
    );
    // A front-matter day other than the post's date is the author's own: it stays.
    let post = "---\ntitle: 'Workshop'\ndate: '2024-06-20'\nevent:\n  start_date: '2024-07-13'\n---\n\n* **When:** Tuesday, July 9th, 2024, from 13:30--17:30 Pacific\n";
    let d = decide_post(post, &config);
    assert!(
        matches!(d.when, Some(EventWhen::AllDay { .. })),
        "{:?}",
        d.when
    );
}

#[test]
fn a_campaigns_front_matter_date_is_not_an_appointment() {
    // A call for user stories whose theme fills `eventDate`: nothing to attend.
    let post = "---\ntitle: '开源故事有奖征集活动'\nabstract: '讲讲你和社区的故事，优秀投稿有礼品'\neventDate: '2025-03-01 09:00:00'\n---\n\n![海报](/images/poster.png)\n";
    let d = decide_post(post, &Config::default());
    assert_eq!(d.when, None, "{:?}", d.warnings);
    let w = d
        .warnings
        .iter()
        .find(|w| w.kind == WarningKind::NoEventTime)
        .expect("the campaign is said, not dropped");
    assert_eq!(w.line, Some(4));
    assert!(w.message.contains("有奖征集"), "{}", w.message);
    let post = "---\ntitle: 'Sticker design giveaway'\neventDate: '2025-03-01 09:00:00'\n---\n\nSend us your designs.\n";
    assert_eq!(decide_post(post, &Config::default()).when, None);
    // A call whose deadline the front matter dates (`until:`).
    let post = "---\ntitle: Season of Docs call for projects and mentors by March 25\nuntil: 2021-03-25\n---\n\n[The call](/activities/docs.html)\n";
    assert_eq!(decide_post(post, &Config::default()).when, None);
    let post = "---\ntitle: 'Call for Participation: design devroom at FOSDEM'\neventDate: 2021-02-06\n---\n\nThe devroom has talks all day.\n";
    assert!(decide_post(post, &Config::default()).when.is_some());
    // A campaign that holds a gathering keeps its date.
    let post = "---\ntitle: '开源故事征集活动颁奖分享会'\neventDate: '2025-03-01 09:00:00'\n---\n\n欢迎来现场。\n";
    assert_eq!(
        timed(&decide_post(post, &Config::default())).0,
        dt(2025, 3, 1, 9, 0)
    );
    let post = "---\ntitle: 'Logo contest giveaway'\neventDate: '2025-03-01 18:00:00'\n---\n\nWinners are announced at our monthly meetup.\n";
    assert_eq!(
        timed(&decide_post(post, &Config::default())).0,
        dt(2025, 3, 1, 18, 0)
    );
}

#[test]
fn a_start_key_on_the_first_of_the_prose_days_is_quiet() {
    let day = |m, d| NaiveDate::from_ymd_opt(2024, m, d).expect("date");
    // The days decided, and whether front matter and prose were warned.
    let read = |post: &str| {
        let d = decide_post(post, &Config::default());
        let warned = d
            .warnings
            .iter()
            .any(|w| w.kind == WarningKind::FrontMatterDisagrees);
        match d.when {
            Some(EventWhen::AllDay { first, last }) => (first, last, warned),
            other => panic!("expected all-day, got {other:?}"),
        }
    };
    let fair = "今年招新时间为 3 月 7 日 - 8 日，欢迎来摊位玩！";
    // A start key, one day: where the two-day fair starts.
    let post = format!("---\ntitle: 社团招新\nstart_date: 2024-03-07\n---\n\n{fair}\n");
    assert_eq!(read(&post), (day(3, 7), day(3, 8), false));
    let post = "---\ntitle: Developers workshop\nstartdate: 2024-10-27\n---\n\nThe workshop will take place from 27-30 October 2024 in Paris.\n";
    assert_eq!(read(post), (day(10, 27), day(10, 30), false));
    // A bare day claims the event is on it: the prose's days win, warned.
    let post = format!("---\ntitle: 社团招新\neventDate: 2024-03-07\n---\n\n{fair}\n");
    assert_eq!(read(&post), (day(3, 7), day(3, 8), true));
    // The second day only is not where it starts: the prose wins, warned.
    let post =
        format!("---\ntitle: 社团招新\ndate: 2024-03-01\neventDate: 2024-03-08\n---\n\n{fair}\n");
    assert_eq!(read(&post), (day(3, 7), day(3, 8), true));
}
