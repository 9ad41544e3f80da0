//! Hostile content on the output side: what a pull request to the content
//! folder (or a careless config) can make feedcal write. Each test performs
//! the attack through the real binary on a throw-away site and checks that
//! every published file stays valid for the strictest reader, and that
//! nothing is written where it must not be.

use std::fs;
use std::time::Duration;

use crate::cron_support::{self, Site};

/// A site with every output on (tag feeds, per-event files, JSON Feed).
fn full_site(extra: &str) -> Site {
    let s = Site::with_config(extra);
    let config = fs::read_to_string(s.config()).unwrap();
    let config = ["json_feed", "tags", "event_files"]
        .iter()
        .fold(config, |c, k| {
            c.replace(&format!("{k} = false"), &format!("{k} = true"))
        });
    fs::write(s.config(), config).unwrap();
    s
}

/// Runs `build`, checks its exit code and that nothing panicked; returns stderr.
fn run(site: &Site, code: i32) -> String {
    let out = site
        .build()
        .timeout(Duration::from_secs(120))
        .output()
        .expect("run feedcal");
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert_eq!(
        out.status.code(),
        Some(code),
        "exit code\nstdout:\n{}\nstderr:\n{stderr}",
        String::from_utf8_lossy(&out.stdout)
    );
    assert!(!stderr.contains("panicked"), "{stderr}");
    stderr
}

/// XML 1.0 §2.2: the characters a document may hold.
fn xml_char(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..)
}

/// Every string in a JSON value.
fn strings(v: &serde_json::Value) -> Box<dyn Iterator<Item = &str> + '_> {
    use serde_json::Value;
    match v {
        Value::String(s) => Box::new(std::iter::once(s.as_str())),
        Value::Array(a) => Box::new(a.iter().flat_map(strings)),
        Value::Object(o) => Box::new(o.values().flat_map(strings)),
        _ => Box::new(std::iter::empty()),
    }
}

#[test]
fn characters_xml_forbids_reach_no_output() {
    let s = full_site("");
    s.good_posts();
    // Every way a forbidden character can enter a post: YAML escapes in the
    // text fields and tags, numeric entities and a raw U+FFFE in the body.
    s.write(
        "zh/activities/evil/index.md",
        "---\ntitle: \"Evil \\u0001 \\uFFFE one\"\ndate: 2024-05-01T10:00:00+08:00\n\
         description: \"desc \\u0002 \\uFFFF\"\nauthor: \"Mal \\u0003 lory\"\n\
         location: \"Hall \\u0004 9\"\ntags: [\"bad\\u0005tag\", \"ok\"]\n\
         event:\n  start: 2024-05-20 14:00\n---\n\
         Body &#1; and &#xFFFE; and &#x1F; and \u{FFFE} raw, ]]&#1;> too.\n\n- 活动地点：Hall &#2; 9\n",
    );
    run(&s, 0);
    s.assert_good_posts_published();
    assert!(s.rss_titles().iter().any(|t| t.starts_with("Evil")));
    let files = cron_support::files_under(&s.out());
    let (mut xml, mut ics, mut json) = (0, 0, 0);
    for rel in &files {
        let bytes = fs::read(s.out().join(rel)).unwrap();
        let text = String::from_utf8(bytes.clone()).unwrap_or_else(|e| panic!("{rel}: {e}"));
        if rel.ends_with(".xml") {
            xml += 1;
            if let Some(c) = text.chars().find(|c| !xml_char(*c)) {
                panic!("{rel} holds U+{:04X}", c as u32);
            }
            crate::lint::xml::parse(&bytes).unwrap_or_else(|e| panic!("{rel}: {e:?}"));
            feed_rs::parser::parse(&bytes[..]).unwrap_or_else(|e| panic!("{rel}: {e}"));
        } else if rel.ends_with(".ics") {
            ics += 1;
            // RFC 5545 §3.1: no control character but HTAB in a value.
            for line in text.split("\r\n") {
                assert!(
                    !line.chars().any(|c| c.is_control() && c != '\t'),
                    "{rel}: {line:?}"
                );
            }
            cron_support::parse_calendar(&bytes).unwrap_or_else(|e| panic!("{rel}: {e}"));
        } else if rel.ends_with(".json") {
            json += 1;
            let v: serde_json::Value = serde_json::from_slice(&bytes).unwrap();
            assert!(strings(&v).all(|s| s.chars().all(xml_char)), "{rel}");
        }
    }
    // The tag feeds are among the checked files.
    assert!(files.iter().any(|f| f.starts_with("tags/ok/")), "{files:?}");
    assert!(xml >= 8 && ics >= 4 && json >= 4, "{files:?}");
}

#[test]
fn a_control_character_in_a_config_value_is_exit_2_naming_key_and_file() {
    for (key, line) in [
        ("title", "title = \"a\\rb\""),
        ("base_url", "base_url = \"https://cron.example.org/\\r\""),
        (
            "feed_url",
            "feed_url = \"https://cron.example.org/\\u0001feeds/\"",
        ),
    ] {
        let s = Site::new();
        s.good_posts();
        let config = fs::read_to_string(s.config()).unwrap();
        let config = if key == "feed_url" {
            config.replacen("feed_items = 0\n", &format!("feed_items = 0\n{line}\n"), 1)
        } else {
            let old = config
                .lines()
                .find(|l| l.starts_with(&format!("{key} =")))
                .unwrap()
                .to_string();
            config.replacen(&old, line, 1)
        };
        fs::write(s.config(), config).unwrap();
        let out = s.build().output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{key}: {stderr}");
        assert!(
            stderr.contains("feedcal.toml")
                && stderr.contains(key)
                && stderr.contains("control character"),
            "{key}: {stderr}"
        );
        assert!(!s.out().exists(), "{key}: something was written");
    }
}

/// `--out` (or `out =`) where feedcal's writing and cleaning would hit the
/// sources, the site or a whole file system is refused before anything is
/// written; a folder inside the site's publish folder is the normal case.
#[test]
fn an_output_folder_over_the_sources_or_the_system_is_refused() {
    let s = Site::new();
    s.good_posts();
    let home = s.root().join("home");
    fs::create_dir_all(&home).unwrap();
    let site = s.root().join("site");
    fs::create_dir_all(site.join("content")).unwrap();
    fs::write(
        site.join("hugo.toml"),
        "baseURL = \"https://cron.example.org/\"\n",
    )
    .unwrap();
    let before = cron_support::snapshot(s.root());
    let refused = |args: &[&std::ffi::OsStr], why: &str| {
        let out = s.build().env("HOME", &home).args(args).output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {stderr}");
        assert!(
            stderr.contains("`--out`") && stderr.contains(why),
            "{args:?}: {stderr}"
        );
        assert_eq!(cron_support::snapshot(s.root()), before, "{args:?} wrote");
    };
    let content = s.content();
    let flag = std::ffi::OsStr::new("--out");
    refused(&[flag, content.as_os_str()], "the content folder");
    refused(
        &[flag, content.join("zh").as_os_str()],
        "the content folder",
    );
    refused(&[flag, "/".as_ref()], "the root of the file system");
    refused(&[flag, home.as_os_str()], "the home folder");
    refused(&[flag, s.root().as_os_str()], "holding the content folder");
    refused(&[flag, ".".as_ref()], "holding the content folder");
    let site_flag = std::ffi::OsStr::new("--site");
    refused(
        &[site_flag, site.as_os_str(), flag, site.as_os_str()],
        "the site folder",
    );

    // The same in the config file names the key and the file.
    let config = fs::read_to_string(s.config()).unwrap();
    fs::write(
        s.config(),
        config.replace("out = \"out\"", "out = \"content\""),
    )
    .unwrap();
    let out = s.build().output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("feedcal.toml") && stderr.contains("`out`"),
        "{stderr}"
    );
    fs::write(s.config(), config).unwrap();

    // Inside the site's publish folder: allowed.
    let feeds = site.join("public/feeds");
    s.build()
        .args([site_flag, site.as_os_str(), flag, feeds.as_os_str()])
        .assert()
        .code(0);
    assert!(feeds.join("rss.xml").is_file());
}

/// Whether `link` opens script or inline data rather than a web page.
fn scripted(link: &str) -> bool {
    let l = link.trim().to_ascii_lowercase();
    ["javascript:", "vbscript:", "data:"]
        .iter()
        .any(|s| l.starts_with(s))
}

/// `javascript:`, `vbscript:` and `data:` links in every front matter field
/// that becomes a link (and in the body's live-link lines) reach no link of
/// any output: not a calendar's URL, IMAGE or CONFERENCE, not JSON Feed's
/// url, external_url or image, not an RSS or Atom link, not the page.
#[test]
fn script_links_from_a_post_reach_no_link_in_any_output() {
    let s = full_site("");
    let config = fs::read_to_string(s.config()).unwrap();
    fs::write(
        s.config(),
        config.replace("index_page = false", "index_page = true"),
    )
    .unwrap();
    s.good_posts();
    s.write(
        "zh/activities/evil/index.md",
        "---\ntitle: \"Evil\"\ndate: 2024-05-01T10:00:00+08:00\n\
         url: \"javascript:alert(1)\"\nimage: \"javascript:alert(2)\"\ncover: \"data:text/html,<script>x</script>\"\n\
         live: \"vbscript:msgbox(3)\"\nregistration: \"javascript:alert(4)\"\nlink: \"JavaScript:alert(5)\"\n\
         external_url: \"javascript:alert(11)\"\n\
         event:\n  start: 2024-05-20 14:00\n---\n\
         Body [click](javascript:alert(8)).\n\n- 直播链接：javascript:alert(6)\n- 报名链接：data:text/html,x\n",
    );
    let stderr = run(&s, 0);
    s.assert_good_posts_published();
    assert!(stderr.contains("is not an http or https link"), "{stderr}");
    let files = cron_support::files_under(&s.out());
    let mut links = 0;
    for rel in &files {
        let text = fs::read_to_string(s.out().join(rel)).unwrap();
        let found: Vec<String> = if rel.ends_with(".ics") {
            cron_support::calendar_events(&s.out().join(rel))
                .into_iter()
                .flat_map(|e| e.into_iter())
                .filter(|(k, _)| {
                    ["URL", "IMAGE", "CONFERENCE", "ATTACH", "SOURCE"].contains(&k.as_str())
                })
                .map(|(_, v)| v)
                .collect()
        } else if rel.ends_with(".json") {
            let v: serde_json::Value = serde_json::from_str(&text).unwrap();
            let mut out = Vec::new();
            for item in v["items"].as_array().unwrap() {
                for k in ["url", "external_url", "image", "banner_image", "id"] {
                    if let Some(u) = item[k].as_str() {
                        out.push(u.to_string());
                    }
                }
            }
            out
        } else {
            // XML and HTML: every attribute that holds a link, and <link>/<guid> text.
            let mut out = Vec::new();
            for attr in [
                "href=\"",
                "src=\"",
                "url=\"",
                "<link>",
                "<guid>",
                "<guid isPermaLink=\"false\">",
                "<id>",
            ] {
                let mut rest = text.as_str();
                while let Some(i) = rest.find(attr) {
                    rest = &rest[i + attr.len()..];
                    let end = rest.find(['"', '<']).unwrap_or(rest.len());
                    out.push(rest[..end].to_string());
                }
            }
            out
        };
        links += found.len();
        for link in found {
            assert!(!scripted(&link), "{rel}: {link}");
        }
    }
    assert!(links > 50, "too few links checked: {links}");
    assert!(files.iter().any(|f| f == "index.html"), "{files:?}");
}

/// A script link in the config's URLs is an error naming the key.
#[test]
fn script_links_in_the_config_are_exit_2_naming_the_key() {
    for (key, line) in [
        ("base_url", "base_url = \"javascript:alert(1)//x/\""),
        ("feed_url", "feed_url = \"javascript:alert(1)//x/\""),
        ("feed_url", "feed_url = \"data:text/html,x\""),
    ] {
        let s = Site::new();
        s.good_posts();
        let config = fs::read_to_string(s.config()).unwrap();
        let config = if key == "base_url" {
            config.replacen(&format!("base_url = \"{}\"", cron_support::BASE), line, 1)
        } else {
            config.replacen("feed_items = 0\n", &format!("feed_items = 0\n{line}\n"), 1)
        };
        fs::write(s.config(), config).unwrap();
        let out = s.build().output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{line}: {stderr}");
        assert!(
            stderr.contains(&format!("`{key}`")) && stderr.contains("http or https"),
            "{line}: {stderr}"
        );
        assert!(!s.out().exists(), "{line}: something was written");
    }
}

/// A pull request adds a post with the `uid:` of a published event, to take
/// it over: neither post is published, each error names the other path, and
/// every other post is still published. The real event leaves the calendar
/// (an honest gap beats a forged event under the real UID) and the error
/// says so.
#[test]
fn a_forged_uid_takes_over_no_published_event() {
    let s = Site::new();
    s.good_posts();
    let real = "---\ntitle: \"Real meetup\"\nuid: spring-meetup\ndate: 2024-05-01T10:00:00+08:00\n\
                event:\n  start: 2024-05-20 14:00\n---\nThe real one.\n\n- 活动地点：Hall R\n";
    s.write("zh/activities/spring/index.md", real);
    run(&s, 0);
    let uid = format!("spring-meetup@{}", cron_support::DOMAIN);
    let uids = |s: &Site| -> Vec<String> {
        cron_support::calendar_events(&s.out().join("events.ics"))
            .into_iter()
            .filter_map(|e| e.get("UID").cloned())
            .collect()
    };
    assert!(uids(&s).contains(&uid), "{:?}", uids(&s));

    // The forgery sorts first ("a-…" before "spring") and copies the uid.
    let forged = "---\ntitle: \"Forged meetup\"\nuid: spring-meetup\ndate: 2024-05-02T10:00:00+08:00\n\
                  event:\n  start: 2024-05-20 09:00\n---\nCome to the wrong place.\n\n- 活动地点：Elsewhere\n";
    s.write("zh/activities/a-forged/index.md", forged);
    let stderr = run(&s, 1);
    s.assert_good_posts_published();
    for (this, other) in [("a-forged", "spring"), ("spring", "a-forged")] {
        let line = stderr
            .lines()
            .find(|l| l.contains(&format!("{this}/index.md:")) && l.contains("identity"))
            .unwrap_or_else(|| panic!("no error for {this}: {stderr}"));
        assert!(line.contains(&format!("{other}/index.md")), "{line}");
        assert!(line.contains("neither is published"), "{line}");
    }
    nowhere(&s, "Forged meetup");
    nowhere(&s, "Elsewhere");
    nowhere(&s, "Real meetup");
    assert!(!uids(&s).contains(&uid));
}

/// No published file holds `needle`.
fn nowhere(site: &Site, needle: &str) {
    for rel in cron_support::files_under(&site.out()) {
        let text = String::from_utf8_lossy(&fs::read(site.out().join(&rel)).unwrap()).into_owned();
        assert!(!text.contains(needle), "{needle:?} is in {rel}");
    }
}

/// A post with `n` tags `t0` … and two good events.
fn tag_bomb(s: &Site, n: usize) {
    let tags: Vec<String> = (0..n).map(|i| format!("\"t{i}\"")).collect();
    s.write(
        "zh/blog/bomb/index.md",
        format!(
            "---\ntitle: \"Bomb\"\ndate: 2024-05-01T10:00:00+08:00\ntags: [{}]\n---\nMany tags.\n",
            tags.join(", ")
        ),
    );
}

/// One post with 4,000 tags used to make 16,017 files; the tags past
/// `discovery.max_tags_per_post` (50) are dropped with a warning naming the
/// file and the count, in written order, and the output stays bounded.
#[test]
fn thousands_of_tags_in_one_post_make_a_bounded_number_of_files() {
    let s = full_site("");
    s.good_posts();
    tag_bomb(&s, 4000);
    let stderr = run(&s, 0);
    s.assert_good_posts_published();
    let line = stderr
        .lines()
        .find(|l| l.contains("bomb/index.md") && l.contains("tags"))
        .unwrap_or_else(|| panic!("no warning: {stderr}"));
    assert!(
        line.contains("4000 tags") && line.contains("3950 dropped"),
        "{line}"
    );
    let files = cron_support::files_under(&s.out());
    let tag_dirs: std::collections::BTreeSet<&str> = files
        .iter()
        .filter_map(|f| f.strip_prefix("tags/")?.split('/').next())
        .collect();
    assert_eq!(tag_dirs.len(), 50, "{tag_dirs:?}");
    // The first 50 as written, not 50 of them in sorted order.
    assert!(tag_dirs.contains("t0") && tag_dirs.contains("t49") && !tag_dirs.contains("t50"));
    assert!(files.len() < 300, "{} files", files.len());

    // The bound is the config's. A fresh output folder: dropping 45 of the 50 tag feeds would
    // (rightly) trip the shrink guard.
    fs::remove_dir_all(s.out()).unwrap();
    let config = fs::read_to_string(s.config()).unwrap();
    fs::write(
        s.config(),
        format!("{config}\n[discovery]\nmax_tags_per_post = 5\n"),
    )
    .unwrap();
    let stderr = run(&s, 0);
    assert!(stderr.contains("3995 dropped"), "{stderr}");
}

/// A run that would write more than `outputs.max_files` files is refused
/// (exit 3) before anything is written; the published files stay.
#[test]
fn a_run_over_max_files_is_refused_and_publishes_nothing() {
    let s = full_site("");
    s.good_posts();
    run(&s, 0);
    let before = cron_support::snapshot(&s.out());
    tag_bomb(&s, 40);
    let config = fs::read_to_string(s.config()).unwrap();
    fs::write(
        s.config(),
        config.replace("[outputs]\n", "[outputs]\nmax_files = 100\n"),
    )
    .unwrap();
    let stderr = run(&s, 3);
    assert!(
        stderr.contains("outputs.max_files") && stderr.contains("over the 100 allowed"),
        "{stderr}"
    );
    // The one calendar per event is not what the guard counts.
    assert!(stderr.contains("besides the"), "{stderr}");
    assert_eq!(cron_support::snapshot(&s.out()), before);
}

/// Many events are no attack: their single-event calendars do not count
/// against `outputs.max_files`.
#[test]
fn single_event_calendars_do_not_count_against_max_files() {
    let s = full_site("");
    s.good_posts();
    for i in 0..30 {
        s.write(
            &format!("zh/activities/meetup-{i}/index.md"),
            format!(
                "---\ntitle: \"Meetup {i}\"\ndate: 2024-05-01T10:00:00+08:00\n---\n\n- 活动时间：2024 年 6 月 {} 日 14:00-16:00\n",
                i % 28 + 1
            ),
        );
    }
    run(&s, 0);
    let files = cron_support::files_under(&s.out());
    let events = files.iter().filter(|f| f.starts_with("events/")).count();
    assert!(events >= 30, "{events} single-event files");
    // A limit the run is over only with its single-event calendars counted
    // (the manifest is no output the plan counts).
    let others = files.len() - events - 1;
    assert!(files.len() > others);
    let config = fs::read_to_string(s.config()).unwrap();
    fs::write(
        s.config(),
        config.replace("[outputs]\n", &format!("[outputs]\nmax_files = {others}\n")),
    )
    .unwrap();
    run(&s, 0);
}

/// Outputs nothing produces any more (a deleted post's tag feeds and its
/// event file) are removed at publish; files a person put in the output
/// folder stay; an unchanged rerun removes nothing.
#[test]
fn outputs_of_a_deleted_post_are_removed_and_nothing_else() {
    let s = full_site("");
    s.good_posts();
    let gone = s.write(
        "zh/activities/gone/index.md",
        "---\ntitle: \"Gone\"\ndate: 2024-05-01T10:00:00+08:00\ntags: [\"only-here\"]\n\
         event:\n  start: 2024-05-22 14:00\n---\nSoon removed.\n",
    );
    run(&s, 0);
    let files = cron_support::files_under(&s.out());
    let tag_files: Vec<&String> = files
        .iter()
        .filter(|f| f.starts_with("tags/only-here/"))
        .collect();
    let event_files: Vec<&String> = files
        .iter()
        .filter(|f| f.starts_with("events/") && f.contains("gone"))
        .collect();
    assert!(
        !tag_files.is_empty() && !event_files.is_empty(),
        "{files:?}"
    );
    // A person's files, one of them beside feedcal's tag files.
    fs::write(s.out().join("robots.txt"), "keep me").unwrap();
    fs::create_dir_all(s.out().join("tags/mine")).unwrap();
    fs::write(s.out().join("tags/mine/notes.txt"), "mine").unwrap();
    fs::write(s.out().join("tags/only-here/README"), "mine too").unwrap();

    fs::remove_file(gone).unwrap();
    run(&s, 0);
    s.assert_good_posts_published();
    let after = cron_support::files_under(&s.out());
    for f in tag_files.iter().chain(&event_files) {
        assert!(!after.contains(f), "{f} is still published: {after:?}");
    }
    for mine in ["robots.txt", "tags/mine/notes.txt", "tags/only-here/README"] {
        assert!(after.iter().any(|f| f == mine), "{mine} was removed");
    }
    // Everything else is still there.
    let expected: Vec<&String> = files
        .iter()
        .filter(|f| !tag_files.contains(f) && !event_files.contains(f))
        .collect();
    for f in expected {
        assert!(after.contains(f), "{f} was removed");
    }

    // An unchanged rerun removes and rewrites nothing.
    let before = cron_support::snapshot(&s.out());
    run(&s, 0);
    assert_eq!(cron_support::snapshot(&s.out()), before);
}

/// Removing more of the published files than the shrink guard allows (an
/// empty checkout) refuses the run; --allow-shrink removes them.
#[test]
fn removing_most_published_files_is_refused_by_the_shrink_guard() {
    let s = full_site("");
    s.good_posts();
    for i in 0..10 {
        s.write(
            &format!("zh/blog/p{i}/index.md"),
            format!("---\ntitle: \"P{i}\"\ndate: 2024-05-01T10:00:00+08:00\ntags: [\"tag{i}\"]\n---\nx\n"),
        );
    }
    run(&s, 0);
    let before = cron_support::snapshot(&s.out());
    // Every post keeps its place in the feeds; only the tags go, and with
    // them most of the published files.
    for i in 0..10 {
        s.write(
            &format!("zh/blog/p{i}/index.md"),
            format!("---\ntitle: \"P{i}\"\ndate: 2024-05-01T10:00:00+08:00\n---\nx\n"),
        );
    }
    let stderr = run(&s, 3);
    assert!(
        stderr.contains("would be removed") && stderr.contains("--allow-shrink"),
        "{stderr}"
    );
    assert_eq!(
        cron_support::snapshot(&s.out()),
        before,
        "something changed"
    );
    let out = s.build().arg("--allow-shrink").output().unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(!s.out().join("tags/tag0").exists());
}
