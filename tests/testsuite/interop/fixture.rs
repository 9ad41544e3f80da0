//! A small content tree written by the tests: one post whose text must
//! survive every client byte for byte, and one post edited between two
//! builds whose identity must not change.

use std::path::Path;

/// Long (well past 75 octets), Chinese, emoji (one a ZWJ sequence),
/// full-width `，；：`, and the TEXT specials: comma, semicolon, backslash,
/// a newline, and a literal backslash-n that is *not* a newline.
pub const TITLE: &str = "社区技术沙龙第十二期：云原生、服务网格与可观测性的落地实践，以及大规模集群下的稳定性保障 🚀🎉；欢迎参加：现场提问，\n第二行, with commas; semicolons; a back\\slash and a literal \\n that is not a newline";

/// Also `<`, `&` and a tag-like `<SOFA:Lab/>` (from a real post): text, not markup.
pub const DESCRIPTION: &str = "本次沙龙邀请了来自社区的多位维护者，分享他们在生产环境中的经验；内容包括：服务网格的演进、eBPF 无侵入观测、日志到追踪的全链路打通。🎯 名额有限，先到先得！👩‍💻 全角标点，；：不应被转义。源码实验室 <SOFA:Lab/> & a < b。";

pub const CONTENT_POST: &str = "zh/activities/content-survives/index.md";
/// A folder name with TEXT specials: its UID has `\,` and `\;` escapes that
/// every client must undo alike.
pub const SPECIAL_POST: &str = "zh/activities/北京 Meetup, 第一站; 报名!/index.md";
pub const IDENTITY_POST: &str = "zh/activities/identity-check/index.md";

/// One version of the identity post.
pub struct Version {
    pub title: &'static str,
    pub lastmod: &'static str,
    /// Local Asia/Shanghai times, `YYYY-MM-DD HH:MM`.
    pub start: &'static str,
    pub end: &'static str,
    pub body: &'static str,
}

pub const FIRST: Version = Version {
    title: "身份测试：第一版",
    lastmod: "2024-10-01T10:00:00+08:00",
    start: "2024-12-20 19:00",
    end: "2024-12-20 21:00",
    body: "第一版正文。",
};

pub const SECOND: Version = Version {
    title: "身份测试：第二版（已改期）",
    lastmod: "2024-10-05T09:00:00+08:00",
    start: "2024-12-21 14:00",
    end: "2024-12-21 16:30",
    body: "第二版正文：时间改了，标题改了，正文也改了。",
};

/// A YAML double-quoted scalar (JSON strings are valid YAML).
fn yaml(s: &str) -> String {
    serde_json::to_string(s).expect("string to JSON")
}

fn write(root: &Path, rel: &str, text: &str) {
    let path = root.join(rel);
    std::fs::create_dir_all(path.parent().expect("post has a folder")).expect("create post folder");
    std::fs::write(&path, text).unwrap_or_else(|e| panic!("write {}: {e}", path.display()));
}

/// `(date, time)` of `YYYY-MM-DD HH:MM` as the body line writes them.
fn prose(t: &str) -> (String, String) {
    let (d, h) = t.split_once(' ').expect("YYYY-MM-DD HH:MM");
    let mut parts = d.split('-').map(|p| p.trim_start_matches('0'));
    let (y, m, day) = (
        parts.next().unwrap_or(""),
        parts.next().unwrap_or(""),
        parts.next().unwrap_or(""),
    );
    (format!("{y} 年 {m} 月 {day} 日"), h.to_string())
}

/// Writes the content tree: the content post and `version` of the identity post.
pub fn write_tree(root: &Path, version: &Version) {
    write(
        root,
        CONTENT_POST,
        &format!(
            "---\ntitle: {}\ndescription: {}\nauthor: \"测试组\"\ndate: 2024-11-01T10:00:00+08:00\n\
             event:\n  start: 2024-12-14 14:00\n  end: 2024-12-14 17:00\n---\n\n\
             - 活动时间：2024 年 12 月 14 日（周六）14:00-17:00\n- 活动地点：杭州市西湖区文三路 90 号\n\n正文。\n",
            yaml(TITLE),
            yaml(DESCRIPTION)
        ),
    );
    write(
        root,
        SPECIAL_POST,
        "---\ntitle: \"北京 Meetup，第一站\"\nauthor: \"测试组\"\ndate: 2024-11-02T10:00:00+08:00\n\
         event:\n  start: 2024-12-15 14:00\n  end: 2024-12-15 17:00\n---\n\n\
         - 活动时间：2024 年 12 月 15 日 14:00-17:00\n",
    );
    let (day, from) = prose(version.start);
    let (_, to) = prose(version.end);
    write(
        root,
        IDENTITY_POST,
        &format!(
            "---\ntitle: {}\nauthor: \"测试组\"\ndate: 2024-10-01T10:00:00+08:00\nlastmod: {}\n\
             event:\n  start: {}\n  end: {}\n---\n\n- 活动时间：{day} {from}-{to}\n\n{}\n",
            yaml(version.title),
            version.lastmod,
            version.start,
            version.end,
            version.body
        ),
    );
}

/// The event times of the tree's posts, for the library-rendered build.
pub fn injections(version: &Version) -> Vec<(&'static str, feedcal::model::EventWhen)> {
    let t =
        |s: &str| chrono::NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M").expect("fixture time");
    let timed = |start: &str, end: &str| feedcal::model::EventWhen::Timed {
        start: t(start),
        end: t(end),
        end_stated: true,
        zone: chrono_tz::Asia::Shanghai,
    };
    vec![
        (CONTENT_POST, timed("2024-12-14 14:00", "2024-12-14 17:00")),
        (SPECIAL_POST, timed("2024-12-15 14:00", "2024-12-15 17:00")),
        (IDENTITY_POST, timed(version.start, version.end)),
    ]
}
