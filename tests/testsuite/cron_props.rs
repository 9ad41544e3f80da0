//! Robustness of the reading stages a nightly run depends on: the decoder,
//! the front-matter splitter and the YAML/TOML reader never panic and never
//! hang, whatever the bytes. Properties run on arbitrary bytes and on inputs
//! assembled from the fragments that break parsers (delimiters, BOMs, CR,
//! tabs, mojibake, brackets, quotes, NUL); every case has a time limit, which
//! proptest enforces in a child process, so a hang fails instead of stalling CI.
//! The event-time parser has its own property tests.

use std::time::{Duration, Instant};

use chrono_tz::Asia::Shanghai;
use feedcal::decode::decode;
use feedcal::front_matter::{parse, split, Format};
use proptest::prelude::*;

fn config(cases: u32) -> ProptestConfig {
    ProptestConfig {
        cases,
        // Milliseconds per case: generous for a debug build on a loaded machine,
        // far below what a hang or a quadratic blow-up takes.
        timeout: 20_000,
        ..ProptestConfig::default()
    }
}

const FRAGMENTS: &[&str] = &[
    "---",
    "+++",
    "...",
    "\n",
    "\r\n",
    "\r",
    "\t",
    " ",
    "title: ",
    "date: ",
    "tags: ",
    "event:\n  start: ",
    "slug: ",
    "url: ",
    "uid: ",
    "draft: ",
    "title = ",
    "date = ",
    "[event]\n",
    "[[x]]\n",
    "2024-05-18",
    "2023-02-30",
    "14:00",
    "T10:00:00+08:00",
    "\"",
    "'",
    "[",
    "]",
    "{",
    "}",
    ":",
    ": ",
    "- ",
    "&a ",
    "*a",
    "!!binary ",
    "? ",
    "|\n",
    ">\n",
    "#",
    "\\",
    "\u{FEFF}",
    "\0",
    "æ´»åŠ¨æ—¶é—´",
    "活动时间",
    "Ã©",
    "é",
    "\u{200B}",
    "１２：００",
    "../",
    "/etc/x",
    "0x1F",
    "1.10",
    "~",
    "null",
    "yes",
    ",",
];

/// Text assembled from parser-breaking fragments.
fn fragments() -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(FRAGMENTS), 0..60).prop_map(|v| v.concat())
}

/// Bytes as an editor might save them: fragment text, optionally with a BOM,
/// as UTF-16, as GB18030, double-encoded, or with random bytes spliced in.
fn post_bytes() -> impl Strategy<Value = Vec<u8>> {
    (
        fragments(),
        0u8..6,
        prop::collection::vec(any::<u8>(), 0..16),
        any::<prop::sample::Index>(),
    )
        .prop_map(|(text, how, noise, at)| match how {
            0 => text.into_bytes(),
            1 => [b"\xEF\xBB\xBF".as_slice(), text.as_bytes()].concat(),
            2 => {
                let mut b = vec![0xFF, 0xFE];
                for u in text.encode_utf16() {
                    b.extend_from_slice(&u.to_le_bytes());
                }
                b
            }
            3 => encoding_rs::GB18030.encode(&text).0.into_owned(),
            4 => encoding_rs::WINDOWS_1252
                .decode(text.as_bytes())
                .0
                .into_owned()
                .into_bytes(),
            _ => {
                let mut b = text.into_bytes();
                let i = at.index(b.len() + 1);
                b.splice(i..i, noise);
                b
            }
        })
}

/// Runs every reading stage; panics only on a broken invariant.
fn read_all(bytes: &[u8]) {
    let Ok(decoded) = decode(bytes) else { return };
    let text = &decoded.text;
    assert!(!text.contains('\r'), "line ends are normalised");
    assert!(!text.contains('\0'), "binary is refused");
    let lines = text.matches('\n').count() + 1;
    match split(text) {
        Ok(s) => {
            assert!(text.ends_with(s.body), "the body is the end of the text");
            if s.format.is_some() {
                assert_eq!(s.front_first_line, 2);
                assert!(text.contains(s.front));
                if !s.body.is_empty() {
                    let before = &text[..text.len() - s.body.len()];
                    assert_eq!(
                        s.body_first_line,
                        before.matches('\n').count() + 1,
                        "body line number"
                    );
                }
            } else {
                assert_eq!(s.body, &**text);
            }
            {
                match parse(&s, Shanghai) {
                    Ok(p) => {
                        for w in &p.warnings {
                            if let Some(l) = w.line {
                                assert!((1..=lines).contains(&l), "warning line {l} of {lines}");
                            }
                        }
                        for t in &p.fields.event_fields {
                            if let Some(l) = t.line {
                                assert!(
                                    (1..=lines).contains(&l),
                                    "front-matter field line {l} of {lines}"
                                );
                            }
                        }
                    }
                    Err(e) => {
                        if let Some(l) = e.line {
                            assert!(
                                (1..=lines + 1).contains(&l),
                                "error line {l} of {lines}: {e:?}"
                            );
                        }
                        assert!(!e.message.is_empty() && !e.hint.is_empty());
                    }
                }
            }
        }
        Err(e) => {
            assert_eq!(e.line, Some(1));
            assert!(!e.hint.is_empty());
        }
    }
}

proptest! {
    #![proptest_config(config(512))]

    #[test]
    fn arbitrary_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..4096)) {
        read_all(&bytes);
    }

    #[test]
    fn editor_shaped_bytes_never_panic(bytes in post_bytes()) {
        read_all(&bytes);
    }

    #[test]
    fn front_matter_shaped_text_never_panics(body in fragments(), toml in any::<bool>()) {
        let delim = if toml { "+++" } else { "---" };
        let text = format!("{delim}\n{body}\n{delim}\nbody\n");
        read_all(text.as_bytes());
        if let Ok(s) = split(&text) {
            prop_assert_eq!(s.format, Some(if toml { Format::Toml } else { Format::Yaml }));
        }
    }

    #[test]
    fn arbitrary_unicode_never_panics(text in "\\PC{0,300}") {
        read_all(text.as_bytes());
        read_all(format!("---\n{text}\n---\n").as_bytes());
        read_all(format!("+++\n{text}\n+++\n").as_bytes());
    }
}

/// Inputs built to be slow or deep: each must be read (or refused) quickly
/// and without overflowing the stack.
#[test]
fn adversarial_inputs_finish_quickly() {
    let mut cases: Vec<(&str, String)> = Vec::new();
    // YAML alias expansion ("billion laughs").
    let mut laughs = String::from(
        "---\na: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n",
    );
    for (i, prev) in ["a", "b", "c", "d", "e", "f", "g", "h"].iter().enumerate() {
        let name = ["b", "c", "d", "e", "f", "g", "h", "i"][i];
        laughs.push_str(&format!("{name}: &{name} [*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev}]\n"));
    }
    laughs.push_str("title: *i\n---\n");
    cases.push(("yaml alias bomb", laughs));
    cases.push((
        "deep yaml flow",
        format!(
            "---\ntitle: {}{}\n---\n",
            "[".repeat(100_000),
            "]".repeat(100_000)
        ),
    ));
    cases.push((
        "deep yaml block",
        format!(
            "---\n{}\n---\n",
            (0..2000)
                .map(|i| format!("{}k:\n", " ".repeat(i)))
                .collect::<String>()
        ),
    ));
    cases.push((
        "deep toml",
        format!(
            "+++\ntitle = {}{}\n+++\n",
            "[".repeat(100_000),
            "]".repeat(100_000)
        ),
    ));
    cases.push((
        "deep toml tables",
        format!("+++\n{} = 1\n+++\n", vec!["a"; 10_000].join(".")),
    ));
    cases.push((
        "many keys",
        format!(
            "---\n{}---\n",
            (0..100_000)
                .map(|i| format!("k{i}: v\n"))
                .collect::<String>()
        ),
    ));
    cases.push((
        "never closed, many lines",
        format!("---\n{}", "title: x\n".repeat(200_000)),
    ));
    cases.push(("delimiters only", "---\n".repeat(200_000)));
    cases.push((
        "one long line",
        format!("---\ntitle: {}\n---\n", "x".repeat(5_000_000)),
    ));
    cases.push(("mojibake everywhere", "æ´»åŠ¨æ—¶é—´".repeat(200_000)));
    cases.push((
        "tabs everywhere",
        format!("---\n{}---\n", "\tk:\t[\t\n".repeat(50_000)),
    ));
    for (name, text) in cases {
        let start = Instant::now();
        read_all(text.as_bytes());
        let took = start.elapsed();
        eprintln!("{name}: {took:?}");
        assert!(took < Duration::from_secs(20), "{name}: took {took:?}");
    }
}
