//! The post body: Markdown to HTML for feeds (links made absolute, since feed
//! readers have no base URL), plain-text excerpts, and the location line.

use pulldown_cmark::{html, CowStr, Event, LinkType, Options, Parser, Tag};
use std::sync::LazyLock;
use url::Url;

/// Renders Markdown to HTML with tables, strikethrough and footnotes, resolving
/// every relative link and image (Markdown and raw HTML) against `base`.
pub fn to_html(markdown: &str, base: &Url) -> String {
    let mut opts = Options::empty();
    opts.insert(Options::ENABLE_TABLES);
    opts.insert(Options::ENABLE_STRIKETHROUGH);
    opts.insert(Options::ENABLE_FOOTNOTES);
    let mut rewrite = Rewrite {
        base,
        unlinked: None,
        footnotes: false,
    };
    // Events are changed in place, and only the few kinds that need it
    // leave the fast path: rebuilding every event in one large `match` cost
    // a tenth of the rendering.
    let parser = Parser::new_ext(markdown, opts).map(|mut event| {
        if matches!(
            event,
            Event::Start(Tag::Link { .. } | Tag::Image { .. })
                | Event::End(pulldown_cmark::TagEnd::Link)
                | Event::Html(_)
                | Event::InlineHtml(_)
                | Event::FootnoteReference(_)
        ) {
            rewrite.event(&mut event);
        }
        event
    });
    let mut out = String::with_capacity(markdown.len() * 3 / 2);
    html::push_html(&mut out, parser);
    // Footnote references are written by the renderer as `href="#1"`, outside
    // the link events above; a reader would resolve them against the feed.
    if rewrite.footnotes && out.contains("href=\"#") {
        out = out.replace(
            "href=\"#",
            &format!("href=\"{}#", base.as_str().split('#').next().unwrap_or("")),
        );
    }
    // Every post's HTML is held until the feeds are written: the slack of
    // the estimate above was a sixth of peak memory at 50,000 posts.
    out.shrink_to_fit();
    out
}

/// What [`to_html`] changes in the parser's events.
struct Rewrite<'u> {
    base: &'u Url,
    /// A link whose scheme no browser opens (`<SOFA:Lab/>` is an autolink by
    /// CommonMark's rules, `[x](sofa:lab/)` an explicit one) is dead in every
    /// reader, and feed readers blank its href, which then points at the feed
    /// itself. The author meant the text, so the text is kept and the link
    /// dropped; this remembers what to close it with.
    unlinked: Option<&'static str>,
    /// A footnote reference was written (see [`to_html`]).
    footnotes: bool,
}

impl Rewrite<'_> {
    #[inline(never)]
    fn event(&mut self, event: &mut Event<'_>) {
        match event {
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                ..
            }) => {
                if has_foreign_scheme(dest_url) {
                    let autolink = *link_type == LinkType::Autolink;
                    self.unlinked = Some(if autolink { ">" } else { "" });
                    *event = Event::Text(CowStr::Borrowed(if autolink { "<" } else { "" }));
                } else if !matches!(link_type, LinkType::Email | LinkType::WikiLink { .. }) {
                    // `<a@b.c>`: the renderer adds `mailto:` itself; resolving it would mangle it.
                    absolute_in_place(dest_url, self.base);
                }
            }
            Event::End(pulldown_cmark::TagEnd::Link) => {
                if let Some(close) = self.unlinked.take() {
                    *event = Event::Text(CowStr::Borrowed(close));
                }
            }
            Event::Start(Tag::Image { dest_url, .. }) => absolute_in_place(dest_url, self.base),
            Event::Html(raw) | Event::InlineHtml(raw) => absolute_in_html(raw, self.base),
            Event::FootnoteReference(_) => self.footnotes = true,
            _ => {}
        }
    }
}

/// An absolute URL whose scheme readers do not follow (relative links and
/// `#fragments` are not foreign: they are made absolute).
fn has_foreign_scheme(dest: &str) -> bool {
    if is_web_url(dest.trim()) {
        return false;
    }
    match Url::parse(dest.trim()) {
        Ok(u) => !opens_in_browser(u.scheme()),
        Err(_) => false,
    }
}

/// `http://…` or `https://…`, in any case.
fn is_web_url(d: &str) -> bool {
    let b = d.as_bytes();
    let starts = |p: &[u8]| b.len() >= p.len() && b[..p.len()].eq_ignore_ascii_case(p);
    starts(b"http://") || starts(b"https://")
}

/// Schemes a reader can follow.
fn opens_in_browser(scheme: &str) -> bool {
    let scheme = scheme.to_ascii_lowercase();
    matches!(
        scheme.as_str(),
        "http"
            | "https"
            | "mailto"
            | "ftp"
            | "ftps"
            | "tel"
            | "webcal"
            | "irc"
            | "ircs"
            | "xmpp"
            | "magnet"
            | "git"
            | "ssh"
            | "sms"
            | "geo"
    )
}

fn absolute_in_place(dest: &mut CowStr<'_>, base: &Url) {
    if let Some(abs) = resolve(dest, base) {
        *dest = CowStr::from(abs);
    }
}

/// The absolute form of a possibly relative URL; `None` when it is already
/// absolute or cannot be resolved (left as written).
pub fn resolve(dest: &str, base: &Url) -> Option<String> {
    let d = dest.trim();
    // Most links are web URLs: already absolute (or, when malformed, not
    // resolvable either), without a full parse.
    if is_web_url(d) || Url::parse(d).is_ok() {
        return None;
    }
    // `[text]()` links to the page itself; left empty, a reader would resolve
    // it against the feed's URL.
    base.join(d).ok().map(String::from)
}

static HTML_URL_ATTR: LazyLock<regex::Regex> = LazyLock::new(|| {
    regex::Regex::new(r#"(?i)\b(src|href|poster)\s*=\s*("([^"]*)"|'([^']*)')"#)
        .expect("static regex")
});

/// Rewrites `src`/`href` attributes of raw HTML in a post. A regex, not an
/// HTML parser: posts embed small fragments (`<img src=…>`), and the rewrite
/// must leave every other byte of the fragment as written.
fn absolute_in_html(raw: &mut CowStr<'_>, base: &Url) {
    if !HTML_URL_ATTR.is_match(raw) {
        return;
    }
    let replaced = HTML_URL_ATTR.replace_all(raw, |c: &regex::Captures<'_>| {
        let value = c.get(3).or_else(|| c.get(4)).map_or("", |m| m.as_str());
        match resolve(value, base) {
            Some(abs) => format!("{}=\"{}\"", &c[1], abs.replace('"', "%22")),
            None => c[0].to_string(),
        }
    });
    if let std::borrow::Cow::Owned(changed) = replaced {
        *raw = CowStr::from(changed);
    }
}

/// Plain text of Markdown (for excerpts and iCalendar descriptions).
pub fn to_plain_text(markdown: &str) -> String {
    let mut out = String::new();
    for event in Parser::new_ext(
        markdown,
        Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH,
    ) {
        match event {
            Event::Text(t) | Event::Code(t) => out.push_str(&t),
            Event::SoftBreak | Event::HardBreak => out.push(' '),
            Event::End(_) if !out.ends_with('\n') && !out.is_empty() => out.push('\n'),
            _ => {}
        }
    }
    out.trim().to_string()
}

/// The text of the first level-1 heading (`# Title`, or `Title` underlined
/// with `===`): the title VuePress and Docusaurus give a page whose front
/// matter has none. Headings inside code blocks do not count.
pub fn first_heading(markdown: &str) -> Option<String> {
    use pulldown_cmark::{HeadingLevel, TagEnd};
    let mut text: Option<String> = None;
    for event in Parser::new(markdown) {
        match event {
            Event::Start(Tag::Heading {
                level: HeadingLevel::H1,
                ..
            }) => text = Some(String::new()),
            Event::Text(t) | Event::Code(t) => {
                if let Some(text) = text.as_mut() {
                    text.push_str(&t);
                }
            }
            Event::End(TagEnd::Heading(HeadingLevel::H1)) => {
                let heading = text.take().unwrap_or_default();
                let heading = heading.split_whitespace().collect::<Vec<_>>().join(" ");
                if !heading.is_empty() {
                    return Some(heading);
                }
            }
            _ => {}
        }
    }
    None
}

/// An excerpt of at most `max_chars` characters that ends at a sentence end
/// when one is near, and never inside a character.
pub fn excerpt(text: &str, max_chars: usize) -> String {
    let flat: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if flat.chars().count() <= max_chars {
        return flat;
    }
    let cut: String = flat.chars().take(max_chars).collect();
    let sentence_end = cut
        .char_indices()
        .filter(|(_, c)| matches!(c, '。' | '！' | '？' | '.' | '!' | '?'))
        .map(|(i, c)| i + c.len_utf8())
        .rfind(|&i| i >= cut.len() / 2);
    match sentence_end {
        Some(end) => cut[..end].to_string(),
        None => format!("{}…", cut.trim_end()),
    }
}

/// The labels of a venue line (`活动地点：…`, `**Location**: …`).
const LOCATION_LABELS: [&str; 7] = [
    "活动地点",
    "地点",
    "地址",
    "会场",
    "Location",
    "Venue",
    "Where",
];

static LOCATION_LINE: LazyLock<regex::Regex> = LazyLock::new(|| {
    regex::Regex::new(&format!(
        r"(?i)^[\s>*\-+]*(?:\*\*|__)?\s*(?:{})\s*(?:\*\*|__)?\s*[:：]\s*(?:\*\*|__)?(.+)$",
        LOCATION_LABELS.join("|")
    ))
    .expect("static regex")
});

/// Which of [`LineFacts`] to look for (each is skipped when the front matter
/// already says it).
#[derive(Debug, Clone, Copy)]
pub struct Wanted {
    pub location: bool,
    pub cancelled: bool,
}

/// What the lines of a body say that starts its line.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct LineFacts {
    /// The venue, from the first `活动地点：…` / `Location: …` line.
    pub location: Option<String>,
    /// Whether a line starts by saying the event is off (`**本次活动已取消**`,
    /// `> Cancelled: …`).
    pub cancelled: bool,
}

/// What [`Wanted`] asks, in one pass over the lines.
///
/// Both patterns match only where their label starts the line, after the
/// markup they allow (`- `, `> `, `**`, `#`, `【`). Run over a whole body,
/// the regex crate would step an automaton through every byte (the patterns
/// start with that markup, so it has no literal to search for); instead a
/// line runs a pattern only when, past any markup, it starts with one of the
/// words the pattern's matches start with ([`LOCATION_LABELS`],
/// [`CANCELLED_STARTS`]), which few lines do.
pub fn line_facts(markdown: &str, wanted: Wanted) -> LineFacts {
    let mut facts = LineFacts::default();
    let (mut location, mut cancelled) = (wanted.location, wanted.cancelled);
    // Whether the line before ends a block or a sentence: a blank line, a
    // heading, a list item or a line ending in `.`/`:`/`!`/`**`.
    let mut prev_ends = true;
    for line in crate::decode::lines(markdown) {
        if !(location || cancelled) {
            break;
        }
        let rest = after_markup(line);
        // An English line that continues a paragraph (`Bookings can be` /
        // `cancelled using …`) is the middle of a sentence, not a notice: an
        // English notice starts a block or carries markup (`> Cancelled:`).
        let starts_block = prev_ends || rest.len() != line.len();
        let t = line.trim();
        // `**If you sign up…** Bookings can be` is bold text, not a list
        // item: a list marker is followed by a space.
        let list_item = ["- ", "* ", "+ ", "> "].iter().any(|m| t.starts_with(m));
        prev_ends = t.is_empty()
            || t.starts_with('#')
            || list_item
            || t.ends_with(['.', ':', '!', '?', '*', '。', '：', '！', '？']);
        let english = rest.starts_with(|c: char| c.is_ascii_alphabetic());
        if location && starts_with_any(rest, &LOCATION_LABELS) {
            if let Some(caps) = LOCATION_LINE.captures(line) {
                // The first `Location:` line decides, even when it is empty.
                location = false;
                facts.location = caps.get(1).and_then(|text| {
                    let plain = to_plain_text(text.as_str());
                    let plain = plain
                        .trim_matches(|c: char| c.is_whitespace() || c == '*' || c == '\u{200b}');
                    (!plain.is_empty()).then(|| plain.to_string())
                });
            }
        }
        if cancelled
            && (starts_block || !english)
            && starts_with_any(rest, &CANCELLED_STARTS)
            && CANCELLED_LINE.is_match(line)
        {
            cancelled = false;
            facts.cancelled = true;
        }
    }
    facts
}

/// A line without the markup either line pattern allows before its label
/// (the union of both patterns' leading character classes).
fn after_markup(line: &str) -> &str {
    line.trim_start_matches(|c: char| {
        c.is_whitespace()
            || matches!(
                c,
                '*' | '_' | '-' | '>' | '+' | '#' | '[' | '【' | '（' | '('
            )
    })
}

/// Whether `text` starts with one of `words`, ASCII letters in any case.
fn starts_with_any(text: &str, words: &[&str]) -> bool {
    words.iter().any(|w| {
        text.as_bytes()
            .get(..w.len())
            .is_some_and(|head| head.eq_ignore_ascii_case(w.as_bytes()))
    })
}

/// The labels of a live-stream or meeting link line (a regex alternation).
const LIVE_LABELS: &str = "直播间|直播地址|直播链接|观看地址|观看链接|会议链接|会议地址|live[ -]?stream|watch live|meeting link|join link";

static LIVE_LINE: LazyLock<regex::Regex> = LazyLock::new(|| {
    regex::Regex::new(&format!(
        r"(?i)^.*(?:{LIVE_LABELS}).*?(https?://[^\s)\]>\x22'<，。；]+)"
    ))
    .expect("static regex")
});

/// A live-stream or meeting link: the first URL on a line that names one
/// (`- [直播间链接](https://…)`, `Livestream: https://…`).
pub fn find_live_url(markdown: &str) -> Option<String> {
    // LIVE_LINE starts with `^.*`, which leaves the regex crate no literal to
    // look for. Its matches hold `://` and a label: the lines with `://` are
    // found with memchr's substring search, and LIVE_LINE runs only on those
    // that hold a label (a plain alternation, which the regex crate searches
    // for by its literals).
    static LABEL: LazyLock<regex::Regex> =
        LazyLock::new(|| regex::Regex::new(&format!("(?i){LIVE_LABELS}")).expect("static regex"));
    let bytes = markdown.as_bytes();
    let mut searched_to = 0;
    memchr::memmem::find_iter(bytes, b"://").find_map(|at| {
        if at < searched_to {
            return None;
        }
        let start = memchr::memrchr(b'\n', &bytes[..at]).map_or(0, |i| i + 1);
        let end = memchr::memchr(b'\n', &bytes[at..]).map_or(bytes.len(), |i| at + i);
        searched_to = end;
        let line = &markdown[start..end];
        if !LABEL.is_match(line) {
            return None;
        }
        Some(LIVE_LINE.captures(line)?.get(1)?.as_str().to_string())
    })
}

/// The words a match of CANCELLED_LINE starts with, after its markup
/// (`thi`, not `this`: under `(?i)` the long s `ſ` matches `s`).
const CANCELLED_STARTS: [&str; 8] = [
    "本次",
    "本期",
    "活动",
    "直播",
    "会议",
    "已取消",
    "thi",
    "cancel",
];

static CANCELLED_LINE: LazyLock<regex::Regex> = LazyLock::new(|| {
    regex::Regex::new(
        r"(?i)^[\s>*_\-#\[【（(]*(?:本次|本期)?(?:活动|直播|会议)?已?取消|^[\s>*_\-#\[(]*(?:this (?:event|meetup|talk|session) (?:has been|is) )?cancell?ed\b",
    )
    .expect("static regex")
});

/// Whether a post's title says its event is cancelled (`【已取消】`,
/// `(Cancelled)`, `2020/01/23 将不举行H4活动的通知`, `活动取消`).
pub fn title_says_cancelled(title: &str) -> bool {
    static TITLE: LazyLock<regex::Regex> = LazyLock::new(|| {
        regex::Regex::new(r"(?i)已取消|活动取消|不举行|停办|暂停|\bcancell?ed\b")
            .expect("static regex")
    });
    TITLE.is_match(title)
}

/// Whether a title or a front-matter summary says the event is put off
/// (`Trainer Training Postponed`, `本期活动延期`). Put off with a new time, the
/// post is that time's event; the caller marks it cancelled only when the
/// post gives none.
pub fn says_postponed(text: &str) -> bool {
    static POSTPONED: LazyLock<regex::Regex> = LazyLock::new(|| {
        regex::Regex::new(r"(?i)\bpostponed\b|延期|推迟|改期").expect("static regex")
    });
    // What is put off may be a deadline or a registration (`报名延期至 5 月
    // 30 日`, `CFP deadline postponed`): the event itself is still on.
    static NOT_THE_EVENT: LazyLock<regex::Regex> = LazyLock::new(|| {
        regex::Regex::new(
            r"(?i)报名|截止|投稿|征集|\b(?:deadlines?|registrations?|submissions?|cfps?|call\s+for)\b",
        )
        .expect("static regex")
    });
    POSTPONED.is_match(text) && !NOT_THE_EVENT.is_match(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The venue, from a `活动地点：…` / `Location: …` line.
    fn find_location(markdown: &str) -> Option<String> {
        let wanted = Wanted {
            location: true,
            cancelled: false,
        };
        line_facts(markdown, wanted).location
    }

    /// Whether a post marks its event cancelled, in its title or a body line.
    fn is_cancelled(title: &str, markdown: &str) -> bool {
        let wanted = Wanted {
            location: false,
            cancelled: true,
        };
        title_says_cancelled(title) || line_facts(markdown, wanted).cancelled
    }

    fn base() -> Url {
        Url::parse("https://example.org/zh/activities/meetup-1/").unwrap()
    }

    #[test]
    fn relative_links_and_images_become_absolute() {
        let html = to_html(
            "![cover](cover.jpg) [prev](../meetup-0/) [top](/about/) [ext](https://x.org/a) [a](#agenda)\n\n<img src=\"pic.png\" alt=x>\n",
            &base(),
        );
        assert!(
            html.contains("src=\"https://example.org/zh/activities/meetup-1/cover.jpg\""),
            "{html}"
        );
        assert!(html.contains("href=\"https://example.org/zh/activities/meetup-0/\""));
        assert!(html.contains("href=\"https://example.org/about/\""));
        assert!(html.contains("href=\"https://x.org/a\""));
        assert!(html.contains("href=\"https://example.org/zh/activities/meetup-1/#agenda\""));
        assert!(
            html.contains("<img src=\"https://example.org/zh/activities/meetup-1/pic.png\" alt=x>")
        );
    }

    #[test]
    fn footnotes_email_and_empty_links() {
        let html = to_html("x[^1] <a@b.org> [self]()\n\n[^1]: note\n", &base());
        assert!(!html.contains("href=\"#"), "{html}");
        assert!(
            html.contains("href=\"https://example.org/zh/activities/meetup-1/#1\""),
            "{html}"
        );
        assert!(html.contains("href=\"mailto:a@b.org\""), "{html}");
        assert!(
            html.contains("href=\"https://example.org/zh/activities/meetup-1/\""),
            "{html}"
        );
    }

    #[test]
    fn text_that_looks_like_an_autolink_stays_text() {
        let html = to_html("加入 <SOFA:BootLab/> 吧 <https://x.org/>\n", &base());
        assert!(html.contains("加入 &lt;SOFA:BootLab/&gt; 吧"), "{html}");
        assert!(html.contains("<a href=\"https://x.org/\">"), "{html}");
        let html = to_html(
            "代号：[SOFA:TracerLab/](sofa:tracerlab/) [ok](mailto:a@b.org)\n",
            &base(),
        );
        assert!(
            html.contains("代号：SOFA:TracerLab/ <a href=\"mailto:a@b.org\">ok</a>"),
            "{html}"
        );
    }

    #[test]
    fn tables_strikethrough_footnotes() {
        let html = to_html(
            "| a | b |\n|---|---|\n| 1 | 2 |\n\n~~x~~ y[^1]\n\n[^1]: note\n",
            &base(),
        );
        assert!(html.contains("<table>"));
        assert!(html.contains("<del>x</del>"));
        assert!(html.contains("footnote"));
    }

    #[test]
    fn excerpt_cuts_at_sentence_or_char() {
        assert_eq!(excerpt("短句。", 10), "短句。");
        let long = "第一句话在这里。第二句话也在这里。第三句话很长很长很长很长很长很长";
        assert_eq!(excerpt(long, 20), "第一句话在这里。第二句话也在这里。");
        let e = excerpt(&"字".repeat(50), 10);
        assert_eq!(e, format!("{}…", "字".repeat(10)));
    }

    #[test]
    fn live_links_and_cancellation() {
        assert_eq!(
            find_live_url("- 活动形式：线上直播\n- [直播间链接](https://live.example.org/c40)\n")
                .as_deref(),
            Some("https://live.example.org/c40")
        );
        assert_eq!(
            find_live_url("Livestream: https://youtu.be/x?t=1 (free)\n").as_deref(),
            Some("https://youtu.be/x?t=1")
        );
        assert_eq!(find_live_url("- [回顾](https://x.org/replay)\n"), None);
        assert!(is_cancelled("【已取消】Meetup", ""));
        assert!(is_cancelled("Meetup (Cancelled)", ""));
        assert!(is_cancelled("2020/01/23 将不举行H4活动的通知", ""));
        assert!(is_cancelled(
            "2026/01/01 暂停本周Hacking Thursday Night活动",
            ""
        ));
        assert!(is_cancelled("H4 聚会", "本期活动取消，下周见。\n"));
        assert!(is_cancelled(
            "Meetup",
            "intro\n**本次活动已取消**，改期另行通知。\n"
        ));
        assert!(is_cancelled("Meetup", "> Cancelled: venue closed\n"));
        assert!(is_cancelled(
            "Meetup",
            "Intro.\n\nCancelled due to the storm.\n"
        ));
        // Under a heading, a bold label, or after a finished sentence.
        assert!(is_cancelled(
            "Meetup",
            "## Update\nCancelled due to the storm.\n"
        ));
        assert!(is_cancelled(
            "Meetup",
            "**Update:**\nCancelled due to the storm.\n"
        ));
        assert!(is_cancelled(
            "Meetup",
            "We meet at 19:00.\nCancelled: the venue is closed.\n"
        ));
        // A wrapped sentence whose second line happens to start with the word.
        assert!(!is_cancelled(
            "Workshop",
            "**Please attend or cancel.** Bookings can be\ncancelled using the booking system.\n"
        ));
        assert!(!is_cancelled(
            "Workshop",
            "Bookings can be\ncancelled using the booking system.\n"
        ));
        assert!(!is_cancelled(
            "Meetup",
            "如果活动取消，我们会提前通知。\nNothing was cancelled.\n"
        ));
    }

    /// The word prefilter never changes an answer: on every body, the
    /// patterns run over the whole text (multi-line) say the same.
    #[test]
    fn word_prefilters_agree_with_the_whole_body_patterns() {
        let whole = |re: &regex::Regex| regex::Regex::new(&format!("(?m){}", re.as_str())).unwrap();
        let (location, cancelled, live) = (
            whole(&LOCATION_LINE),
            whole(&CANCELLED_LINE),
            whole(&LIVE_LINE),
        );
        let bodies = [
            "- 活动地点：北京\n",
            "> **LOCATION**: Expo hall\n",
            "where: online\nvenue: later\n",
            "地点在后面说明\n会场：三楼\n",
            "**本次活动已取消**\n",
            "The talk was CANCELED.\n",
            "# Cancelled: bad weather\n",
            "we might cancel\nnot cancelled here\n",
            "this meetup has been cancelled\n",
            "Watch live: https://live.example.org/x now\n",
            "[直播间](https://live.example.org/y) http://other.example.org/\n",
            "https://plain.example.org/ only\n",
            "",
        ];
        for body in bodies {
            let facts = line_facts(
                body,
                Wanted {
                    location: true,
                    cancelled: true,
                },
            );
            let want_location = location.captures(body).map(|c| c[1].trim().to_string());
            assert_eq!(
                facts.location.is_some(),
                want_location.is_some(),
                "{body:?}"
            );
            assert_eq!(facts.cancelled, cancelled.is_match(body), "{body:?}");
            let want_live = live.captures(body).map(|c| c[1].to_string());
            assert_eq!(find_live_url(body), want_live, "{body:?}");
        }
    }

    #[test]
    fn location_lines() {
        assert_eq!(
            find_location("- 活动时间：x\n- 活动地点：北京中关村 氪空间\n").as_deref(),
            Some("北京中关村 氪空间")
        );
        assert_eq!(
            find_location("**Location**: Shanghai Expo\n").as_deref(),
            Some("Shanghai Expo")
        );
        assert_eq!(find_location("no venue here\n"), None);
    }
}
