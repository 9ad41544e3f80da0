//! Bad input never loses good output: for each kind of broken post, a site
//! with five good posts and the bad one is built. The message names the file,
//! the line where it applies and what to do; the exit code is 1 when the post
//! was skipped with an error and 0 when it was only a warning; every good
//! post is still in the feeds and the calendar.

use crate::cron_support;

use std::fs;

use cron_support::{Site, BASE};
use encoding_rs::{GB18030, WINDOWS_1252};
use predicates::prelude::*;

/// Builds, checks the exit code and that every good post is published, and
/// returns stderr for the message checks.
fn build_expect(site: &Site, code: i32) -> String {
    let out = site.build().output().expect("run feedcal");
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    assert_eq!(
        out.status.code(),
        Some(code),
        "exit code\nstdout:\n{stdout}\nstderr:\n{stderr}"
    );
    assert!(!stderr.contains("panicked"), "{stderr}");
    site.assert_good_posts_published();
    stderr
}

fn assert_has(haystack: &str, needles: &[&str]) {
    for n in needles {
        assert!(haystack.contains(n), "missing {n:?} in:\n{haystack}");
    }
}

#[test]
fn malformed_yaml_names_line_and_column() {
    let s = Site::new();
    s.good_posts();
    s.write(
        "zh/activities/bad/index.md",
        "---\ntitle: Bad\ntags: [a, b\ndate: 2024-05-01\n---\nbody\n",
    );
    let err = build_expect(&s, 1);
    assert_has(
        &err,
        &[
            "error:",
            "bad/index.md:",
            "not valid YAML",
            "fix the YAML at this position",
        ],
    );
    // file:line:column, with the line inside the front matter block.
    let re =
        regex::Regex::new(r"bad/index\.md:([2-5]):(\d+): front matter is not valid YAML").unwrap();
    assert!(re.is_match(&err), "{err}");
}

#[test]
fn front_matter_never_closed() {
    let s = Site::new();
    s.good_posts();
    s.write(
        "zh/activities/bad/index.md",
        "---\ntitle: Bad\ndate: 2024-05-01\nbody without the closing line\n",
    );
    let err = build_expect(&s, 1);
    assert_has(
        &err,
        &[
            "bad/index.md:1: front matter opened with `---` is never closed",
            "add a line with only `---`",
        ],
    );
}

#[test]
fn front_matter_that_is_not_a_mapping() {
    let s = Site::new();
    s.good_posts();
    s.write(
        "zh/activities/bad/index.md",
        "---\n- title\n- date\n---\nbody\n",
    );
    let err = build_expect(&s, 1);
    assert_has(
        &err,
        &[
            "bad/index.md:2: front matter is not a mapping",
            "write fields such as",
        ],
    );
}

#[test]
fn fields_of_the_wrong_type_are_warnings_with_their_line() {
    let s = Site::new();
    s.good_posts();
    s.write(
        "zh/activities/typed/index.md",
        "---\ntitle: 2024\ndate: 2024-05-01\ntags: \"a,b\"\nevent:\n  start: 2024-05-20 14:00\n---\nbody\n",
    );
    let err = build_expect(&s, 0);
    assert_has(
        &err,
        &[
            "warning:",
            "typed/index.md:2:",
            "put the value in quotes",
            "typed/index.md:4:",
            "write a list",
        ],
    );
    assert!(
        s.rss_titles().contains("2024"),
        "published with its title read as text"
    );
}

#[test]
fn an_impossible_date_is_refused_on_its_line() {
    let s = Site::new();
    s.good_posts();
    s.write(
        "zh/activities/bad/index.md",
        "---\ntitle: Bad\ndate: 2023-02-30\n---\nbody\n",
    );
    let err = build_expect(&s, 1);
    assert_has(
        &err,
        &[
            "bad/index.md:3: `date: 2023-02-30` is not a valid date",
            "write an existing date",
        ],
    );
    assert!(!s.rss_titles().contains("Bad"));
}

#[test]
fn gb18030_is_decoded_and_warned_not_published_as_garbage() {
    let s = Site::new();
    s.good_posts();
    let text = cron_support::event_text("国产数据库沙龙", 20);
    let (bytes, _, unmappable) = GB18030.encode(&text);
    assert!(!unmappable);
    s.write("zh/activities/gbk/index.md", &bytes[..]);
    let err = build_expect(&s, 0);
    assert_has(
        &err,
        &[
            "warning:",
            "gbk/index.md",
            "GB18030",
            "re-save the file as UTF-8",
        ],
    );
    assert!(
        s.rss_titles().contains("国产数据库沙龙"),
        "{:?}",
        s.rss_titles()
    );
    assert!(s.calendar_summaries().contains("国产数据库沙龙"));
}

#[test]
fn utf16_with_a_bom_both_byte_orders() {
    let s = Site::new();
    s.good_posts();
    let mut le = vec![0xFF, 0xFE];
    for u in cron_support::event_text("十六位小端", 20).encode_utf16() {
        le.extend_from_slice(&u.to_le_bytes());
    }
    s.write("zh/activities/utf16le/index.md", le);
    let mut be = vec![0xFE, 0xFF];
    for u in cron_support::event_text("十六位大端", 21).encode_utf16() {
        be.extend_from_slice(&u.to_be_bytes());
    }
    s.write("zh/activities/utf16be/index.md", be);
    let err = build_expect(&s, 0);
    assert_has(
        &err,
        &[
            "utf16le/index.md: decoded from UTF-16LE; re-save as UTF-8",
            "utf16be/index.md: decoded from UTF-16BE",
        ],
    );
    let titles = s.rss_titles();
    assert!(
        titles.contains("十六位小端") && titles.contains("十六位大端"),
        "{titles:?}"
    );
}

#[test]
fn a_utf8_bom_is_silently_dropped() {
    let s = Site::new();
    s.good_posts();
    let mut bytes = b"\xEF\xBB\xBF".to_vec();
    bytes.extend_from_slice(cron_support::event_text("带签名", 20).as_bytes());
    s.write("zh/activities/bom/index.md", bytes);
    let err = build_expect(&s, 0);
    assert!(
        !err.contains("bom/index.md"),
        "no warning for a UTF-8 BOM: {err}"
    );
    assert!(s.rss_titles().contains("带签名"));
    assert!(!s.read_out("rss.xml").contains('\u{FEFF}'));
}

#[test]
fn crlf_line_ends_keep_line_numbers_and_leave_no_cr() {
    let s = Site::new();
    s.good_posts();
    s.write(
        "zh/activities/crlf/index.md",
        cron_support::event_text("Windows", 20).replace('\n', "\r\n"),
    );
    s.write(
        "zh/activities/crlf-bad/index.md",
        "---\r\ntitle: Bad\r\ndate: 2023-02-30\r\n---\r\n",
    );
    let err = build_expect(&s, 1);
    assert_has(&err, &["crlf-bad/index.md:3: `date: 2023-02-30`"]);
    assert!(s.rss_titles().contains("Windows"));
    assert!(s.calendar_summaries().contains("Windows"));
    assert!(!s.read_out("rss.xml").contains('\r'));
}

#[test]
fn double_encoding_is_repaired_when_lossless_else_skipped() {
    let s = Site::new();
    s.good_posts();
    let original = "---\ntitle: 活动时间测试\ndate: 2024-05-01\n---\n- 活动时间：2024 年 5 月 20 日 14:00-16:00\n";
    let (mojibake, _, _) = WINDOWS_1252.decode(original.as_bytes());
    assert!(
        mojibake.contains("æ´»åŠ¨"),
        "the test input is double-encoded"
    );
    s.write("zh/activities/repaired/index.md", mojibake.as_bytes());
    let (partly, _, _) = WINDOWS_1252.decode("活动时间 活动时间 活动时间".as_bytes());
    s.write(
        "zh/activities/mixed/index.md",
        format!("---\ntitle: Mixed\ndate: 2024-05-01\n---\n{partly} 真的中文\n"),
    );
    let err = build_expect(&s, 1);
    assert_has(
        &err,
        &[
            "warning: ",
            "repaired/index.md: the file was double-encoded",
            "repaired losslessly",
            "mixed/index.md: the text is double-encoded",
            "cannot be repaired losslessly",
            "re-save the file from its original as UTF-8",
        ],
    );
    assert!(s.rss_titles().contains("活动时间测试"));
    assert!(
        !s.read_out("rss.xml").contains("æ´»"),
        "no mojibake published"
    );
}

#[test]
fn an_empty_file_is_skipped() {
    let s = Site::new();
    s.good_posts();
    s.write("zh/activities/empty/index.md", "");
    s.write("zh/activities/blank/index.md", "\n  \n");
    let err = build_expect(&s, 1);
    assert_has(
        &err,
        &[
            "empty/index.md: empty file",
            "blank/index.md: empty file",
            "add front matter and a body, or delete the file",
        ],
    );
}

#[test]
fn a_binary_file_named_md_is_skipped() {
    let s = Site::new();
    s.good_posts();
    s.write(
        "zh/activities/image/index.md",
        b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\x01\0".as_slice(),
    );
    let err = build_expect(&s, 1);
    assert_has(
        &err,
        &[
            "image/index.md: binary file, not text",
            "remove it from the content folder",
        ],
    );
}

#[test]
fn a_50_mb_post_is_refused_without_reading_it_all() {
    let s = Site::new();
    s.good_posts();
    let mut big = cron_support::event_text("Huge", 20).into_bytes();
    let line = b"data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==\n";
    while big.len() < 50 * 1024 * 1024 {
        big.extend_from_slice(line);
    }
    s.write("zh/activities/huge/index.md", big);
    let started = std::time::Instant::now();
    let err = build_expect(&s, 1);
    assert_has(
        &err,
        &[
            "huge/index.md: file is 50 MB, over the 10 MB limit for a post",
            "split the post",
        ],
    );
    assert!(started.elapsed() < std::time::Duration::from_secs(30));
    assert!(!s.rss_titles().contains("Huge"));
}

#[cfg(unix)]
#[test]
fn a_directory_symlink_loop_is_reported_not_walked_forever() {
    let s = Site::new();
    s.good_posts();
    std::os::unix::fs::symlink("..", s.content().join("zh/activities/loop")).unwrap();
    let err = build_expect(&s, 1);
    assert_has(&err, &["loop: a folder link back to", "remove the link"]);
}

#[cfg(unix)]
#[test]
fn an_unreadable_file_is_skipped() {
    use std::os::unix::fs::PermissionsExt;
    let s = Site::new();
    s.good_posts();
    // A link to nowhere cannot be read by anyone, root included.
    std::os::unix::fs::symlink(
        "/nonexistent/feedcal/post.md",
        s.content().join("zh/activities/dangling.md"),
    )
    .unwrap();
    if cron_support::permissions_are_bypassed() {
        eprintln!("SKIP (chmod 000 part): this process reads files whatever their permission bits (root); the dangling-link part still runs");
        let err = build_expect(&s, 1);
        assert_has(&err, &["dangling.md: cannot read", "No such file"]);
        return;
    }
    let p = s.event("locked", "Locked", 20);
    fs::set_permissions(&p, fs::Permissions::from_mode(0o000)).unwrap();
    let err = build_expect(&s, 1);
    assert_has(
        &err,
        &[
            "locked/index.md: cannot read",
            "Permission denied",
            "chmod a+r",
            "dangling.md: cannot read",
        ],
    );
}

#[cfg(unix)]
#[test]
fn a_fifo_named_md_does_not_hang_the_run() {
    let s = Site::new();
    s.good_posts();
    let fifo = s.content().join("zh/activities/pipe.md");
    let made = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .map(|st| st.success())
        .unwrap_or(false);
    if !made {
        eprintln!("SKIP: mkfifo is not available");
        return;
    }
    s.build()
        .timeout(std::time::Duration::from_secs(30))
        .assert()
        .code(0);
    s.assert_good_posts_published();
}

#[test]
fn slug_or_url_that_leave_the_site_are_refused_and_nothing_is_written_outside() {
    let s = Site::new();
    s.good_posts();
    let cases = [
        ("slug-dotdot", "slug: ../../etc/x"),
        ("slug-absolute", "slug: /etc/x"),
        ("url-dotdot", "url: ../../etc/x"),
        ("url-file", "url: file:///etc/x"),
        ("url-windows", "url: 'C:\\Windows\\x'"),
    ];
    for (name, field) in cases {
        s.write(
            &format!("zh/activities/{name}/index.md"),
            format!("---\ntitle: {name}\ndate: 2024-05-01\n{field}\n---\nbody\n"),
        );
    }
    let outside_before = cron_support::files_under(s.root());
    let err = build_expect(&s, 1);
    for (name, _) in cases {
        assert!(
            err.contains(&format!("{name}/index.md:4: `")),
            "{name} refused on its line:\n{err}"
        );
    }
    assert_has(
        &err,
        &["write a path inside the site such as `/events/my-meetup/`"],
    );
    let titles = s.rss_titles();
    for (name, _) in cases {
        assert!(!titles.contains(name), "{name} not published");
    }
    // Only the output folder changed, and no path under it has `..` or came from a slug.
    let after: Vec<String> = cron_support::files_under(s.root())
        .into_iter()
        .filter(|f| !outside_before.contains(f))
        .collect();
    assert!(after.iter().all(|f| f.starts_with("out/")), "{after:?}");
    assert!(after.iter().all(|f| !f.contains("etc")), "{after:?}");
    assert!(!std::path::Path::new("/etc/x").exists());
    // A site-absolute `url:` is a URL path (Hugo's meaning), never a file path.
    s.write(
        "zh/activities/site-absolute/index.md",
        "---\ntitle: Absolute\ndate: 2024-05-01\nurl: /etc/x/\n---\nbody\n",
    );
    build_expect(&s, 1);
    assert!(s.read_out("rss.xml").contains(&format!("{BASE}etc/x/")));
    assert!(!s.out().join("etc").exists() && !std::path::Path::new("/etc/x").exists());
}

#[cfg(unix)]
#[test]
fn a_symlinked_folder_inside_the_output_is_not_followed() {
    let s = Site::new();
    s.good_posts();
    s.build().assert().code(0);
    let before = cron_support::snapshot(&s.out());
    // Someone replaces a section folder with a link to somewhere else.
    let elsewhere = tempfile::tempdir().unwrap();
    fs::remove_dir_all(s.out().join("zh")).unwrap();
    std::os::unix::fs::symlink(elsewhere.path(), s.out().join("zh")).unwrap();
    s.event("good-6", "Good 6", 22);
    s.build()
        .assert()
        .code(3)
        .stderr(predicate::str::contains(
            "out/zh: refused: this is a symlink inside the output folder",
        ))
        .stderr(predicate::str::contains(
            "replace the link by a real folder",
        ))
        .stderr(predicate::str::contains(
            "previously published files are unchanged",
        ));
    assert_eq!(
        fs::read_dir(elsewhere.path()).unwrap().count(),
        0,
        "nothing written through the link"
    );
    for f in ["rss.xml", "atom.xml", "events.ics"] {
        assert_eq!(
            fs::read(s.out().join(f)).unwrap(),
            before[f],
            "{f}: all or nothing"
        );
    }
}

#[cfg(unix)]
#[test]
fn a_symlinked_output_file_is_replaced_never_written_through_or_read() {
    let s = Site::new();
    s.good_posts();
    let elsewhere = tempfile::tempdir().unwrap();
    let victim = elsewhere.path().join("passwd");
    // A calendar-looking victim: it must not feed the SEQUENCE history either.
    let fake = "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:zh/activities/good-1@cron.example.org\r\nSEQUENCE:41\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";
    fs::write(&victim, fake).unwrap();
    fs::create_dir_all(s.out()).unwrap();
    std::os::unix::fs::symlink(&victim, s.out().join("events.ics")).unwrap();
    std::os::unix::fs::symlink(&victim, s.out().join("rss.xml")).unwrap();
    build_expect(&s, 0);
    assert_eq!(fs::read_to_string(&victim).unwrap(), fake);
    assert!(fs::symlink_metadata(s.out().join("rss.xml"))
        .unwrap()
        .file_type()
        .is_file());
    assert!(!s.read_out("events.ics").contains("SEQUENCE:42"));
}

#[test]
fn an_output_folder_that_cannot_be_created_exits_3() {
    let s = Site::new();
    s.good_posts();
    fs::write(s.root().join("a-file"), "x").unwrap();
    s.build()
        .arg("--out")
        .arg(s.root().join("a-file/feeds"))
        .assert()
        .code(3)
        .stderr(predicate::str::contains(
            "a-file/feeds: cannot create the output folder",
        ))
        .stderr(predicate::str::contains("pass `--out DIR`"));
}

#[cfg(unix)]
#[test]
fn a_read_only_output_folder_keeps_the_published_files() {
    use std::os::unix::fs::PermissionsExt;
    let s = Site::new();
    s.good_posts();
    let (out, _mount) = if cron_support::permissions_are_bypassed() {
        // Root writes through permission bits; a read-only mount stops it.
        let Some(m) = cron_support::Tmpfs::mount(4096) else {
            return;
        };
        (m.path.clone(), Some(m))
    } else {
        (s.out(), None)
    };
    s.build().arg("--out").arg(&out).assert().code(0);
    let before = cron_support::snapshot(&out);
    s.event("good-6", "Good 6", 22);
    match &_mount {
        Some(m) => assert!(m.remount_read_only(), "remount read-only"),
        None => fs::set_permissions(&out, fs::Permissions::from_mode(0o555)).unwrap(),
    }
    let o = s.build().arg("--out").arg(&out).output().unwrap();
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(3), "{err}");
    assert!(
        err.contains("nothing published")
            && err.contains("previously published files are unchanged"),
        "{err}"
    );
    assert!(
        err.contains("Read-only file system") || err.contains("Permission denied"),
        "{err}"
    );
    assert_eq!(cron_support::snapshot(&out), before);
    if _mount.is_none() {
        fs::set_permissions(&out, fs::Permissions::from_mode(0o755)).unwrap();
    }
}

#[cfg(unix)]
#[test]
fn a_full_disk_keeps_the_published_files() {
    let s = Site::new();
    s.good_posts();
    let Some(disk) = cron_support::Tmpfs::mount(256) else {
        return;
    };
    s.build().arg("--out").arg(&disk.path).assert().code(0);
    let before = cron_support::snapshot(&disk.path);
    // Long bodies: the new outputs no longer fit in 256 KiB.
    for i in 6..=40 {
        let body = format!(
            "{}\n\n{}",
            cron_support::event_text(&format!("Long {i}"), 20),
            "长文本 ".repeat(2000)
        );
        s.write(&format!("zh/activities/long-{i}/index.md"), body);
    }
    let o = s.build().arg("--out").arg(&disk.path).output().unwrap();
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(3), "{err}");
    assert!(err.contains("No space left on device"), "{err}");
    assert!(err.contains("free space on the disk"), "{err}");
    assert_eq!(
        cron_support::snapshot(&disk.path),
        before,
        "every published file intact, no staging left"
    );
}
