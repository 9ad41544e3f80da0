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
    // `<SOFA:Lab/>` in a post is an autolink by CommonMark's rules (any
    // `scheme:` counts), but no browser opens it and readers blank its href;
    // the author meant the text, so it is kept as text.
    let mut in_text_autolink = false;
    let parser = Parser::new_ext(markdown, opts).map(move |event| match event {
        Event::Start(Tag::Link {
            link_type: LinkType::Autolink,
            ref dest_url,
            ..
        }) if !opens_in_browser(dest_url) => {
            in_text_autolink = true;
            Event::Text(CowStr::Borrowed("<"))
        }
        Event::End(pulldown_cmark::TagEnd::Link) if in_text_autolink => {
            in_text_autolink = false;
            Event::Text(CowStr::Borrowed(">"))
        }
        // `<a@b.c>`: the renderer adds `mailto:` itself; resolving it would mangle it.
        Event::Start(Tag::Link {
            link_type: link_type @ (LinkType::Email | LinkType::WikiLink { .. }),
            dest_url,
            title,
            id,
        }) => Event::Start(Tag::Link {
            link_type,
            dest_url,
            title,
            id,
        }),
        Event::Start(Tag::Link {
            link_type,
            dest_url,
            title,
            id,
        }) => Event::Start(Tag::Link {
            link_type,
            dest_url: absolute(dest_url, base),
            title,
            id,
        }),
        Event::Start(Tag::Image {
            link_type,
            dest_url,
            title,
            id,
        }) => Event::Start(Tag::Image {
            link_type,
            dest_url: absolute(dest_url, base),
            title,
            id,
        }),
        Event::Html(raw) => Event::Html(absolute_in_html(raw, base)),
        Event::InlineHtml(raw) => Event::InlineHtml(absolute_in_html(raw, base)),
        other => other,
    });
    let mut out = String::with_capacity(markdown.len() * 3 / 2);
    html::push_html(&mut out, parser);
    // Footnote references are written by the renderer as `href="#1"`, outside
    // the link events above; a reader would resolve them against the feed.
    if out.contains("href=\"#") {
        out = out.replace(
            "href=\"#",
            &format!("href=\"{}#", base.as_str().split('#').next().unwrap_or("")),
        );
    }
    out
}

/// Schemes a reader can follow; an autolink with any other scheme is text.
fn opens_in_browser(dest: &str) -> bool {
    let scheme = dest.split(':').next().unwrap_or("").to_ascii_lowercase();
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

fn absolute<'a>(dest: CowStr<'a>, base: &Url) -> CowStr<'a> {
    match resolve(&dest, base) {
        Some(abs) => CowStr::from(abs),
        None => dest,
    }
}

/// The absolute form of a possibly relative URL; `None` when it is already
/// absolute or cannot be resolved (left as written).
pub fn resolve(dest: &str, base: &Url) -> Option<String> {
    let d = dest.trim();
    if Url::parse(d).is_ok() {
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
fn absolute_in_html<'a>(raw: CowStr<'a>, base: &Url) -> CowStr<'a> {
    if !HTML_URL_ATTR.is_match(&raw) {
        return raw;
    }
    let replaced = HTML_URL_ATTR.replace_all(&raw, |c: &regex::Captures<'_>| {
        let value = c.get(3).or_else(|| c.get(4)).map_or("", |m| m.as_str());
        match resolve(value, base) {
            Some(abs) => format!("{}=\"{}\"", &c[1], abs.replace('"', "%22")),
            None => c[0].to_string(),
        }
    });
    CowStr::from(replaced.into_owned())
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

static LOCATION_LINE: LazyLock<regex::Regex> = LazyLock::new(|| {
    regex::Regex::new(
        r"(?im)^[\s>*\-+]*(?:\*\*|__)?\s*(?:活动地点|地点|地址|会场|Location|Venue|Where)\s*(?:\*\*|__)?\s*[:：]\s*(?:\*\*|__)?(.+)$",
    )
    .expect("static regex")
});

/// The venue, from a `活动地点：…` / `Location: …` line.
pub fn find_location(markdown: &str) -> Option<String> {
    let caps = LOCATION_LINE.captures(markdown)?;
    let text = caps.get(1)?.as_str();
    let plain = to_plain_text(text);
    let plain = plain.trim_matches(|c: char| c.is_whitespace() || c == '*' || c == '\u{200b}');
    (!plain.is_empty()).then(|| plain.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

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
