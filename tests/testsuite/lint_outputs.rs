//! The byte-level lint (tests/lint) over real outputs — the sample site, the
//! sample site with event times, the real corpus — and, for every rule, a
//! small hand-made broken input that the rule must reject (so a rule that
//! silently stopped working fails here).
//!
//! Corpus: `../shared/corpus/sofastack`; skipped with a notice when absent,
//! a failure when absent and `CI` is set.

use crate::lint;

use lint::{build, ics, Kind, Problem, Rule};

// ------------------------------------------------------------ real outputs

fn assert_clean(what: &str, dir: &std::path::Path, expect_events: bool) {
    let report = lint::lint_tree(dir);
    assert_clean_report(what, dir, expect_events, &report);
}

fn assert_clean_report(
    what: &str,
    dir: &std::path::Path,
    expect_events: bool,
    report: &lint::TreeReport,
) {
    assert!(
        report.count(Kind::Rss) > 0 && report.count(Kind::Atom) > 0,
        "{what}: no feeds in {}",
        dir.display()
    );
    assert!(
        report.count(Kind::Ics) > 0,
        "{what}: no calendar in {}",
        dir.display()
    );
    if !report.unknown.is_empty() {
        eprintln!(
            "{what}: not linted (no rules for these outputs yet): {:?}",
            report.unknown
        );
    }
    let events: usize = report
        .linted
        .iter()
        .filter(|(_, k)| *k == Kind::Ics)
        .map(|(p, _)| count_events(&dir.join(p)))
        .sum();
    eprintln!(
        "{what}: linted {} calendars ({events} events), {} RSS, {} Atom in {}",
        report.count(Kind::Ics),
        report.count(Kind::Rss),
        report.count(Kind::Atom),
        dir.display()
    );
    if expect_events {
        assert!(
            events > 0,
            "{what}: expected events in the calendars, found none"
        );
    }
    if report.problems.is_empty() {
        return;
    }
    let lines: Vec<String> = report.problems.iter().map(|(_, p)| p.to_string()).collect();
    let known = lint::known_causes(lines.iter().map(String::as_str));
    panic!(
        "{what}: {} lint problems in {}:\n{}{}",
        report.problems.len(),
        dir.display(),
        report.render(5),
        if known.is_empty() {
            String::new()
        } else {
            format!("\nCauses:\n{known}")
        }
    );
}

fn count_events(path: &std::path::Path) -> usize {
    let bytes = std::fs::read(path).unwrap_or_default();
    bytes
        .split(|&b| b == b'\n')
        .filter(|l| l.starts_with(b"BEGIN:VEVENT"))
        .count()
}

#[test]
fn sample_build_passes_lint() {
    let out = build::scratch("lint/sample");
    build::build(&build::sample_config(), None, &out);
    assert_clean("sample build", &out, false);
}

/// The sample site with every event post given a time by the test (whatever
/// the event-time parser says), rendered by feedcal's library: VEVENTs,
/// VTIMEZONEs for Asia/Shanghai (1988 summer time) and America/New_York.
/// Only the calendars: the feeds are those of the sample build.
#[test]
fn sample_with_event_times_passes_lint() {
    let out = build::scratch("lint/sample-events");
    let content = build::root().join("feeds/content");
    build::build_injected(
        &build::sample_config(),
        &content,
        &out,
        &build::sample_injections(),
    );
    let mut report = lint::lint_tree(&out);
    report
        .problems
        .retain(|(p, _)| lint::kind_of(p) == Some(Kind::Ics));
    let text = std::fs::read_to_string(out.join("events.ics")).unwrap();
    for tzid in ["Asia/Shanghai", "America/New_York"] {
        assert!(
            text.contains(&format!("TZID:{tzid}\r\n")),
            "no VTIMEZONE {tzid} in {}",
            out.display()
        );
    }
    assert_clean_report("sample with event times (calendars)", &out, true, &report);
}

#[test]
fn corpus_build_passes_lint() {
    let Some(corpus) = build::corpus("corpus_build_passes_lint") else {
        return;
    };
    let out = build::scratch("lint/corpus");
    build::build(&build::sample_config(), Some(&corpus), &out);
    assert_clean("corpus build", &out, false);
}

// ------------------------------------------------------------ iCalendar rules

/// Folds a content line at character boundaries, 75 octets at most per line.
fn fold(line: &str) -> String {
    let mut out = String::new();
    let mut len = 0;
    for c in line.chars() {
        let limit = if out.is_empty() || !out.contains("\r\n") {
            75
        } else {
            74
        };
        if len + c.len_utf8() > limit {
            out.push_str("\r\n ");
            len = 0;
        }
        out.push(c);
        len += c.len_utf8();
    }
    out
}

fn ics_from(lines: &[String]) -> Vec<u8> {
    lines
        .iter()
        .map(|l| fold(l) + "\r\n")
        .collect::<String>()
        .into_bytes()
}

/// A valid calendar: a VTIMEZONE for 1988 Shanghai (with its summer time), a
/// timed event in it with every TEXT escape, an all-day event.
fn base_lines() -> Vec<String> {
    let summary =
        "档案：1988 年夏季技术交流会，逗号\\, 分号\\; 反斜杠\\\\ 换行\\n全角，；：🎉 冒号: 不转义";
    let description = "社区前身的第一次技术交流会（档案整理）。当年上海实行夏令时；会场：上海市科学会堂，\
                       欢迎参加！🎉🎉🎉\\n\\nhttps://community.example.org/activities/archive-1988/";
    [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//feedcal tests//lint//EN",
        "CALSCALE:GREGORIAN",
        "X-WR-CALNAME:Lint base\\, with a comma",
        "REFRESH-INTERVAL;VALUE=DURATION:PT12H",
        "BEGIN:VTIMEZONE",
        "TZID:Asia/Shanghai",
        "BEGIN:STANDARD",
        "TZOFFSETFROM:+0800",
        "TZOFFSETTO:+0800",
        "TZNAME:CST",
        "DTSTART:19871231T080000",
        "END:STANDARD",
        "BEGIN:DAYLIGHT",
        "TZOFFSETFROM:+0800",
        "TZOFFSETTO:+0900",
        "TZNAME:CDT",
        "DTSTART:19880417T020000",
        "END:DAYLIGHT",
        "BEGIN:STANDARD",
        "TZOFFSETFROM:+0900",
        "TZOFFSETTO:+0800",
        "TZNAME:CST",
        "DTSTART:19880911T020000",
        "END:STANDARD",
        "END:VTIMEZONE",
        "BEGIN:VEVENT",
        "UID:zh/activities/archive-1988@community.example.org",
        "DTSTAMP:19880620T000000Z",
        "DTSTART;TZID=Asia/Shanghai:19880701T190000",
        "DTEND;TZID=Asia/Shanghai:19880701T210000",
        &format!("SUMMARY:{summary}"),
        &format!("DESCRIPTION:{description}"),
        "CATEGORIES:档案,a\\,b",
        "URL:https://community.example.org/activities/archive-1988/",
        "END:VEVENT",
        "BEGIN:VEVENT",
        "UID:zh/activities/pr-challenge-2024@community.example.org",
        "DTSTAMP:20240920T040000Z",
        "DTSTART;VALUE=DATE:20241001",
        "DTEND;VALUE=DATE:20241021",
        "SUMMARY:国庆 PR 挑战赛",
        "TRANSP:TRANSPARENT",
        "END:VEVENT",
        "END:VCALENDAR",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect()
}

/// The base with `old` (a whole unfolded line) replaced by `new` (any number of lines).
fn replaced(old: &str, new: &[&str]) -> Vec<String> {
    let mut lines = base_lines();
    let i = lines
        .iter()
        .position(|l| l == old)
        .unwrap_or_else(|| panic!("{old:?} not in the base calendar"));
    lines.splice(i..=i, new.iter().map(|s| s.to_string()));
    lines
}

fn has(problems: &[Problem], rule: Rule) -> bool {
    problems.iter().any(|p| p.rule == rule)
}

#[track_caller]
fn assert_ics_rejects(bytes: &[u8], rule: Rule) {
    let problems = ics::lint(bytes);
    assert!(
        has(&problems, rule),
        "[{rule}] should reject this calendar; got {problems:#?}\n{}",
        String::from_utf8_lossy(bytes)
    );
}

#[test]
fn ics_base_passes() {
    let bytes = ics_from(&base_lines());
    let problems = ics::lint(&bytes);
    assert!(problems.is_empty(), "{problems:#?}");
    // The base really exercises folding of multi-byte text.
    let text = String::from_utf8(bytes).unwrap();
    assert!(text.contains("\r\n "), "base calendar has no folded line");
    let cal = ics::parse(text.as_bytes()).expect("parse base");
    let ev = cal.children.iter().find(|c| c.name == "VEVENT").unwrap();
    assert_eq!(
        ics::unescape_text(&ev.prop("SUMMARY").unwrap().value),
        "档案：1988 年夏季技术交流会，逗号, 分号; 反斜杠\\ 换行\n全角，；：🎉 冒号: 不转义"
    );
}

#[test]
fn ics_crlf() {
    let lf = String::from_utf8(ics_from(&base_lines()))
        .unwrap()
        .replace("\r\n", "\n");
    assert_ics_rejects(lf.as_bytes(), Rule::IcsCrlf);
    let mut no_final = ics_from(&base_lines());
    no_final.truncate(no_final.len() - 2);
    assert_ics_rejects(&no_final, Rule::IcsCrlf);
}

#[test]
fn ics_line_length() {
    let mut bytes = ics_from(&base_lines());
    let long = format!("COMMENT:{}\r\n", "x".repeat(80));
    let at = bytes.len() - "END:VCALENDAR\r\n".len();
    bytes.splice(at..at, long.into_bytes());
    assert_ics_rejects(&bytes, Rule::IcsLineLength);
    // 75 octets of multi-byte text on one line is fine; 76 is not.
    let ok = format!("COMMENT:{}x\r\n", "测".repeat(22)); // 8 + 66 + 1 = 75
    let mut fine = ics_from(&base_lines());
    fine.splice(at..at, ok.into_bytes());
    assert!(!has(&ics::lint(&fine), Rule::IcsLineLength));
}

#[test]
fn ics_fold_splits_utf8() {
    // Fold at exactly 75 octets, whatever is there: splits a 3-byte character.
    let line = format!("SUMMARY:{}", "活动时间".repeat(10));
    let bytes = line.as_bytes();
    assert!(!line.is_char_boundary(75));
    let mut cut = bytes[..75].to_vec();
    cut.extend_from_slice(b"\r\n ");
    cut.extend_from_slice(&bytes[75..]);
    cut.extend_from_slice(b"\r\n");
    let mut cal = ics_from(&base_lines());
    let at = cal.len() - "END:VCALENDAR\r\n".len() - "END:VEVENT\r\n".len();
    cal.splice(at..at, cut);
    let problems = ics::lint(&cal);
    assert!(has(&problems, Rule::IcsFoldSplitsUtf8), "{problems:#?}");
    // Byte-level unfolding reunites the character: the value itself is fine.
    assert!(!has(&problems, Rule::IcsUtf8), "{problems:#?}");
}

#[test]
fn ics_utf8() {
    let mut lines = ics_from(&base_lines());
    let at = lines.len() - "END:VCALENDAR\r\n".len();
    lines.splice(at..at, b"COMMENT:caf\xe9\r\n".iter().copied());
    assert_ics_rejects(&lines, Rule::IcsUtf8);
}

#[test]
fn ics_bare_cr() {
    let lines = replaced("SUMMARY:国庆 PR 挑战赛", &["SUMMARY:国庆\rPR 挑战赛"]);
    assert_ics_rejects(&ics_from(&lines), Rule::IcsBareCr);
}

#[test]
fn ics_control_char() {
    let lines = replaced("SUMMARY:国庆 PR 挑战赛", &["SUMMARY:国庆\u{7}PR 挑战赛"]);
    assert_ics_rejects(&ics_from(&lines), Rule::IcsControlChar);
}

#[test]
fn ics_syntax() {
    let lines = replaced("TRANSP:TRANSPARENT", &["TRANSP TRANSPARENT"]);
    assert_ics_rejects(&ics_from(&lines), Rule::IcsSyntax);
    let lines = replaced("TRANSP:TRANSPARENT", &["X-A;P=\"open:x"]);
    assert_ics_rejects(&ics_from(&lines), Rule::IcsSyntax);
}

#[test]
fn ics_structure() {
    let mut lines = base_lines();
    let i = lines.iter().rposition(|l| l == "END:VEVENT").unwrap();
    lines.remove(i);
    assert_ics_rejects(&ics_from(&lines), Rule::IcsStructure);
    let lines = replaced(
        "END:VCALENDAR",
        &["END:VCALENDAR", "BEGIN:VCALENDAR", "END:VCALENDAR"],
    );
    assert_ics_rejects(&ics_from(&lines), Rule::IcsStructure);
}

#[test]
fn ics_tzid_without_vtimezone() {
    let mut lines = base_lines();
    let (b, e) = (
        lines.iter().position(|l| l == "BEGIN:VTIMEZONE").unwrap(),
        lines.iter().position(|l| l == "END:VTIMEZONE").unwrap(),
    );
    lines.drain(b..=e);
    assert_ics_rejects(&ics_from(&lines), Rule::IcsTzidWithoutVtimezone);
    // A VTIMEZONE for another TZID does not count.
    let lines = replaced("TZID:Asia/Shanghai", &["TZID:Asia/Chongqing"]);
    assert_ics_rejects(&ics_from(&lines), Rule::IcsTzidWithoutVtimezone);
}

#[test]
fn ics_vtimezone_needs_standard_and_daylight() {
    // No DAYLIGHT although Shanghai had summer time in 1988, the year of the event.
    let mut lines = base_lines();
    let b = lines.iter().position(|l| l == "BEGIN:DAYLIGHT").unwrap();
    let e = lines.iter().position(|l| l == "END:DAYLIGHT").unwrap();
    lines.drain(b..=e);
    assert_ics_rejects(&ics_from(&lines), Rule::IcsVtimezone);
    // No STANDARD at all.
    let only_daylight: Vec<String> = base_lines()
        .into_iter()
        .map(|l| l.replace("STANDARD", "DAYLIGHT"))
        .collect();
    let p = ics::lint(&ics_from(&only_daylight));
    assert!(
        p.iter()
            .any(|p| p.rule == Rule::IcsVtimezone && p.message.contains("no STANDARD")),
        "{p:#?}"
    );
    // An observance without its offsets.
    let lines = replaced("TZOFFSETTO:+0900", &[]);
    assert_ics_rejects(&ics_from(&lines), Rule::IcsVtimezone);
}

#[test]
fn ics_vtimezone_offset() {
    // The summer observance says +10:00; the tz database says +09:00.
    let lines = replaced("TZOFFSETTO:+0900", &["TZOFFSETTO:+1000"]);
    assert_ics_rejects(&ics_from(&lines), Rule::IcsVtimezoneOffset);
    // An event before the VTIMEZONE's first observance: clients extrapolate.
    let mut lines = replaced(
        "DTSTART;TZID=Asia/Shanghai:19880701T190000",
        &["DTSTART;TZID=Asia/Shanghai:19870101T190000"],
    );
    let i = lines
        .iter()
        .position(|l| l == "DTEND;TZID=Asia/Shanghai:19880701T210000")
        .unwrap();
    lines[i] = "DTEND;TZID=Asia/Shanghai:19870101T210000".into();
    let p = ics::lint(&ics_from(&lines));
    assert!(
        p.iter()
            .any(|p| p.rule == Rule::IcsVtimezoneOffset
                && p.message.contains("before every observance")),
        "{p:#?}"
    );
}

#[test]
fn ics_floating() {
    let lines = replaced(
        "DTSTART;TZID=Asia/Shanghai:19880701T190000",
        &["DTSTART:19880701T190000"],
    );
    assert_ics_rejects(&ics_from(&lines), Rule::IcsFloating);
}

#[test]
fn ics_utc_offset_form() {
    let lines = replaced(
        "DTSTART;TZID=Asia/Shanghai:19880701T190000",
        &["DTSTART:19880701T190000+0800"],
    );
    assert_ics_rejects(&ics_from(&lines), Rule::IcsUtcOffsetForm);
}

#[test]
fn ics_date_time_form() {
    for bad in [
        "DTSTART;TZID=Asia/Shanghai:1988-07-01T19:00:00",
        "DTSTART;TZID=Asia/Shanghai:19880231T190000",
        "DTSTART;TZID=Asia/Shanghai:19880701T190000Z",
        "DTSTART:19880701",
        "DTSTART;VALUE=DATE:19880701T190000",
    ] {
        let lines = replaced("DTSTART;TZID=Asia/Shanghai:19880701T190000", &[bad]);
        assert_ics_rejects(&ics_from(&lines), Rule::IcsDateTimeForm);
    }
}

#[test]
fn ics_utc_required() {
    let lines = replaced(
        "DTSTAMP:19880620T000000Z",
        &["DTSTAMP;TZID=Asia/Shanghai:19880620T080000"],
    );
    assert_ics_rejects(&ics_from(&lines), Rule::IcsUtcRequired);
    let lines = replaced("DTSTAMP:19880620T000000Z", &["DTSTAMP:19880620T000000"]);
    assert_ics_rejects(&ics_from(&lines), Rule::IcsUtcRequired);
}

#[test]
fn ics_uid_and_dtstamp_exactly_once() {
    let uid = "UID:zh/activities/archive-1988@community.example.org";
    assert_ics_rejects(&ics_from(&replaced(uid, &[])), Rule::IcsUidCount);
    assert_ics_rejects(
        &ics_from(&replaced(uid, &[uid, "UID:other@x"])),
        Rule::IcsUidCount,
    );
    let stamp = "DTSTAMP:19880620T000000Z";
    assert_ics_rejects(&ics_from(&replaced(stamp, &[])), Rule::IcsDtstampCount);
    assert_ics_rejects(
        &ics_from(&replaced(stamp, &[stamp, "DTSTAMP:20240101T000000Z"])),
        Rule::IcsDtstampCount,
    );
}

#[test]
fn ics_uid_duplicate() {
    let lines = replaced(
        "UID:zh/activities/pr-challenge-2024@community.example.org",
        &["UID:zh/activities/archive-1988@community.example.org"],
    );
    assert_ics_rejects(&ics_from(&lines), Rule::IcsUidDuplicate);
}

#[test]
fn ics_event_span() {
    let lines = replaced(
        "DTEND;TZID=Asia/Shanghai:19880701T210000",
        &["DTEND;TZID=Asia/Shanghai:19880701T180000"],
    );
    assert_ics_rejects(&ics_from(&lines), Rule::IcsEventSpan);
    let lines = replaced(
        "DTEND;VALUE=DATE:20241021",
        &["DTEND;TZID=Asia/Shanghai:20241021T000000"],
    );
    assert_ics_rejects(&ics_from(&lines), Rule::IcsEventSpan);
}

#[test]
fn ics_refresh_interval() {
    let lines = replaced(
        "REFRESH-INTERVAL;VALUE=DURATION:PT12H",
        &["REFRESH-INTERVAL:PT12H"],
    );
    assert_ics_rejects(&ics_from(&lines), Rule::IcsRefreshInterval);
    let lines = replaced(
        "REFRESH-INTERVAL;VALUE=DURATION:PT12H",
        &["REFRESH-INTERVAL;VALUE=DURATION:12h"],
    );
    assert_ics_rejects(&ics_from(&lines), Rule::IcsRefreshInterval);
}

#[test]
fn ics_text_escaping() {
    for bad in [
        "SUMMARY:国庆, PR 挑战赛",   // unescaped comma
        "SUMMARY:国庆; PR 挑战赛",   // unescaped semicolon
        "SUMMARY:国庆\\: PR 挑战赛", // escaped colon
        "SUMMARY:国庆\\，PR 挑战赛", // escaped full-width comma
        "SUMMARY:国庆\\t",           // not an escape
        "SUMMARY:国庆 PR 挑战赛\\",  // trailing backslash
    ] {
        let lines = replaced("SUMMARY:国庆 PR 挑战赛", &[bad]);
        assert_ics_rejects(&ics_from(&lines), Rule::IcsTextEscaping);
    }
    let lines = replaced("CATEGORIES:档案,a\\,b", &["CATEGORIES:档案;a"]);
    assert_ics_rejects(&ics_from(&lines), Rule::IcsTextEscaping);
}

// ------------------------------------------------------------ feed rules

const RSS: &str = r#"<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom" xmlns:content="http://purl.org/rss/1.0/modules/content/">
  <channel>
    <title>Example</title>
    <link>https://community.example.org/</link>
    <description>Meetups &amp; more</description>
    <lastBuildDate>Mon, 25 Nov 2024 16:00:00 +0800</lastBuildDate>
    <atom:link href="https://community.example.org/rss.xml" rel="self" type="application/rss+xml"/>
    <item>
      <title>Office hours</title>
      <link>https://community.example.org/en/activities/office-hours/</link>
      <description><![CDATA[<p>Ask <a href="https://community.example.org/docs/">anything</a></p>]]></description>
      <guid>https://community.example.org/en/activities/office-hours/</guid>
      <pubDate>Mon, 25 Nov 2024 16:00:00 +0800</pubDate>
      <content:encoded><![CDATA[<p><img src="https://community.example.org/a/b.png" alt="b"></p><p><a href="mailto:team@example.org">mail</a></p>]]></content:encoded>
    </item>
    <item>
      <title>Release</title>
      <link>https://community.example.org/blog/release/</link>
      <description>&lt;p&gt;See &lt;a href="https://community.example.org/docs/upgrade/"&gt;docs&lt;/a&gt;&lt;/p&gt;</description>
      <guid isPermaLink="false">zh-release-3-0</guid>
      <pubDate>Wed, 20 Nov 2024 10:00:00 +0800</pubDate>
    </item>
  </channel>
</rss>
"#;

fn rss_with(old: &str, new: &str) -> Vec<u8> {
    assert!(RSS.contains(old), "{old:?} not in the base RSS");
    RSS.replacen(old, new, 1).into_bytes()
}

#[track_caller]
fn assert_rss_rejects(bytes: &[u8], rule: Rule) {
    let problems = lint::feed::lint_rss(bytes);
    assert!(
        has(&problems, rule),
        "[{rule}] should reject this RSS; got {problems:#?}\n{}",
        String::from_utf8_lossy(bytes)
    );
}

#[test]
fn rss_base_passes() {
    let problems = lint::feed::lint_rss(RSS.as_bytes());
    assert!(problems.is_empty(), "{problems:#?}");
}

#[test]
fn rss_xml_well_formed() {
    assert_rss_rejects(&rss_with("</title>", "</titel>"), Rule::Xml);
    assert_rss_rejects(&rss_with("Meetups &amp; more", "Meetups & more"), Rule::Xml);
}

#[test]
fn rss_structure() {
    assert_rss_rejects(
        &rss_with("version=\"2.0\"", "version=\"0.91\""),
        Rule::RssStructure,
    );
    assert_rss_rejects(&rss_with("<title>Example</title>", ""), Rule::RssStructure);
}

#[test]
fn rss_guid() {
    assert_rss_rejects(
        &rss_with(
            "<guid>https://community.example.org/en/activities/office-hours/</guid>",
            "",
        ),
        Rule::RssGuid,
    );
    assert_rss_rejects(
        &rss_with(
            "zh-release-3-0",
            "https://community.example.org/en/activities/office-hours/",
        ),
        Rule::RssGuid,
    );
    assert_rss_rejects(
        &rss_with("<guid isPermaLink=\"false\">", "<guid>"),
        Rule::RssGuid,
    );
}

#[test]
fn rss_date() {
    for bad in [
        "<pubDate>2024-11-25T16:00:00+08:00</pubDate>",
        "<pubDate>Mon, 25 Nov 2024 08:00:00 GMT</pubDate>",
        "<pubDate>Tue, 25 Nov 2024 16:00:00 +0800</pubDate>",
        "<pubDate>Mon, 25 Nov 2024 16:00:00 +08:00</pubDate>",
    ] {
        assert_rss_rejects(
            &rss_with("<pubDate>Mon, 25 Nov 2024 16:00:00 +0800</pubDate>", bad),
            Rule::RssDate,
        );
    }
}

#[test]
fn rss_feed_date_is_newest_item() {
    // A wall-clock lastBuildDate: not the newest item.
    let bad = rss_with(
        "<lastBuildDate>Mon, 25 Nov 2024 16:00:00 +0800",
        "<lastBuildDate>Tue, 26 Nov 2024 09:13:27 +0800",
    );
    assert_rss_rejects(&bad, Rule::FeedDate);
    // The same instant written in another zone is the same date.
    let same = rss_with(
        "<lastBuildDate>Mon, 25 Nov 2024 16:00:00 +0800",
        "<lastBuildDate>Mon, 25 Nov 2024 08:00:00 +0000",
    );
    assert!(!has(&lint::feed::lint_rss(&same), Rule::FeedDate));
}

#[test]
fn rss_relative_urls() {
    for bad in [
        "<img src=\"/images/b.png\" alt=\"b\">",
        "<img src='b.png'>",
        "<img src=b.png>",
        "<img srcset=\"https://community.example.org/a.png 1x, a@2x.png 2x\">",
        "<a href=\"#fn1\">1</a>",
        "<a href=\"//cdn.example.org/x\">x</a>",
        "<a href=\"\">here</a>",
    ] {
        assert_rss_rejects(
            &rss_with(
                "<img src=\"https://community.example.org/a/b.png\" alt=\"b\">",
                bad,
            ),
            Rule::FeedRelativeUrl,
        );
    }
    // Entity-escaped HTML (no CDATA) is read too.
    assert_rss_rejects(
        &rss_with(
            "href=\"https://community.example.org/docs/upgrade/\"",
            "href=\"../docs/upgrade/\"",
        ),
        Rule::FeedRelativeUrl,
    );
    // Links of the channel and items.
    assert_rss_rejects(
        &rss_with(
            "<link>https://community.example.org/blog/release/</link>",
            "<link>/blog/release/</link>",
        ),
        Rule::FeedRelativeUrl,
    );
    // An escaped tag in text is text, not a link.
    let text = rss_with("<p>Ask ", "<p>&lt;a href=\"x\"&gt; Ask ");
    assert!(!has(&lint::feed::lint_rss(&text), Rule::FeedRelativeUrl));
}

#[test]
fn rss_bad_urls() {
    assert_rss_rejects(
        &rss_with(
            "mailto:team@example.org",
            "mailto:https://community.example.org/activities/x/team@example.org",
        ),
        Rule::FeedBadUrl,
    );
}

const ATOM: &str = r#"<?xml version="1.0"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <title>Example</title>
  <id>https://community.example.org/atom.xml</id>
  <updated>2024-11-25T16:00:00+08:00</updated>
  <author>
    <name>Example Community</name>
  </author>
  <link href="https://community.example.org/atom.xml" rel="self" type="application/atom+xml"/>
  <entry>
    <title>Office hours</title>
    <id>urn:uuid:c4eead45-6179-5ed8-bfeb-843e2f2be2ef</id>
    <updated>2024-11-25T16:00:00+08:00</updated>
    <published>2024-11-25T16:00:00+08:00</published>
    <link href="https://community.example.org/en/activities/office-hours/" rel="alternate" type="text/html"/>
    <summary>Ask anything</summary>
    <content type="html">&lt;p&gt;&lt;img src=&quot;https://community.example.org/a/b.png&quot;&gt;&lt;/p&gt;</content>
  </entry>
  <entry>
    <title>Release</title>
    <id>urn:uuid:a91e6814-382a-5e3b-9a80-37bcce34de91</id>
    <updated>2024-11-20T02:00:00Z</updated>
    <link href="https://community.example.org/blog/release/" rel="alternate" type="text/html"/>
    <content type="html">&lt;p&gt;See &lt;a href="https://community.example.org/docs/"&gt;docs&lt;/a&gt;&lt;/p&gt;</content>
  </entry>
</feed>
"#;

fn atom_with(old: &str, new: &str) -> Vec<u8> {
    assert!(ATOM.contains(old), "{old:?} not in the base Atom");
    ATOM.replacen(old, new, 1).into_bytes()
}

#[track_caller]
fn assert_atom_rejects(bytes: &[u8], rule: Rule) {
    let problems = lint::feed::lint_atom(bytes);
    assert!(
        has(&problems, rule),
        "[{rule}] should reject this Atom; got {problems:#?}\n{}",
        String::from_utf8_lossy(bytes)
    );
}

#[test]
fn atom_base_passes() {
    let problems = lint::feed::lint_atom(ATOM.as_bytes());
    assert!(problems.is_empty(), "{problems:#?}");
}

#[test]
fn atom_structure() {
    assert_atom_rejects(
        &atom_with(" xmlns=\"http://www.w3.org/2005/Atom\"", ""),
        Rule::AtomStructure,
    );
    assert_atom_rejects(&atom_with("</feed>", "</fed>"), Rule::Xml);
}

#[test]
fn atom_required_elements() {
    // Entry without id; entry with two titles; feed without updated.
    assert_atom_rejects(
        &atom_with("<id>urn:uuid:c4eead45-6179-5ed8-bfeb-843e2f2be2ef</id>", ""),
        Rule::AtomRequired,
    );
    assert_atom_rejects(
        &atom_with(
            "<title>Release</title>",
            "<title>Release</title><title>Again</title>",
        ),
        Rule::AtomRequired,
    );
    assert_atom_rejects(
        &atom_with(
            "<updated>2024-11-25T16:00:00+08:00</updated>\n  <author>",
            "<author>",
        ),
        Rule::AtomRequired,
    );
}

#[test]
fn atom_ids() {
    assert_atom_rejects(
        &atom_with(
            "urn:uuid:a91e6814-382a-5e3b-9a80-37bcce34de91",
            "urn:uuid:c4eead45-6179-5ed8-bfeb-843e2f2be2ef",
        ),
        Rule::AtomId,
    );
    assert_atom_rejects(
        &atom_with(
            "urn:uuid:a91e6814-382a-5e3b-9a80-37bcce34de91",
            "zh/blog/release",
        ),
        Rule::AtomId,
    );
}

#[test]
fn atom_dates() {
    for bad in [
        "2024-11-20 02:00:00Z",
        "2024-11-20T02:00Z",
        "Wed, 20 Nov 2024 02:00:00 +0000",
        "2024-11-20T02:00:00+0800",
    ] {
        assert_atom_rejects(&atom_with("2024-11-20T02:00:00Z", bad), Rule::AtomDate);
    }
    assert_atom_rejects(
        &atom_with(
            "<published>2024-11-25T16:00:00+08:00",
            "<published>2024-11-25",
        ),
        Rule::AtomDate,
    );
}

#[test]
fn atom_author() {
    let no_author = atom_with(
        "<author>\n    <name>Example Community</name>\n  </author>\n",
        "",
    );
    assert_atom_rejects(&no_author, Rule::AtomAuthor);
}

#[test]
fn atom_feed_updated_is_newest_entry() {
    assert_atom_rejects(
        &atom_with(
            "<updated>2024-11-25T16:00:00+08:00</updated>\n  <author>",
            "<updated>2024-11-26T09:13:27+08:00</updated>\n  <author>",
        ),
        Rule::FeedDate,
    );
    // The same instant in UTC is fine.
    let same = atom_with(
        "<updated>2024-11-25T16:00:00+08:00</updated>\n  <author>",
        "<updated>2024-11-25T08:00:00Z</updated>\n  <author>",
    );
    assert!(!has(&lint::feed::lint_atom(&same), Rule::FeedDate));
}

#[test]
fn atom_relative_urls() {
    assert_atom_rejects(
        &atom_with("https://community.example.org/a/b.png", "../b.png"),
        Rule::FeedRelativeUrl,
    );
    assert_atom_rejects(
        &atom_with(
            "href=\"https://community.example.org/docs/\"",
            "href=\"/docs/\"",
        ),
        Rule::FeedRelativeUrl,
    );
    assert_atom_rejects(
        &atom_with(
            "<link href=\"https://community.example.org/blog/release/\"",
            "<link href=\"blog/release/\"",
        ),
        Rule::FeedRelativeUrl,
    );
}
