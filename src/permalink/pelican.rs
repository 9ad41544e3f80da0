//! Pelican's article URLs (<https://docs.getpelican.com/en/latest/settings.html#url-settings>):
//! `ARTICLE_URL` (default `{slug}.html`), or `ARTICLE_LANG_URL` (default
//! `{slug}-{lang}.html`) for an article whose `Lang:` is not the site's;
//! a `URL:` in the metadata replaces both. A draft (`Status: draft`, linked
//! only with `--drafts`) is at Pelican's `DRAFT_URL`, `drafts/{slug}.html`
//! (`drafts/{slug}-{lang}.html`; the `DRAFT_*` settings are not read). The patterns are Python format
//! strings: `{slug}`, `{lang}`, `{category}` (slugified), `{date:%Y}` (any
//! strftime format) are filled in; another field is an error that names it.
//!
//! The slug is `Slug:` as written (Pelican only trims it, so `Party In May`
//! is served as `Party In May.html`), else the title slugified as Pelican's
//! `slugify` does with its defaults (`SLUGIFY_SOURCE = 'title'`,
//! `SLUGIFY_USE_UNICODE = False`): NFKC, transliterated to ASCII, then
//! characters other than letters, digits, `_`, `-` and blanks dropped,
//! blanks and `-` runs made one `-`, lowercased (`湖畔聚会` → `hu-pan-ju-hui`).
//! A title with nothing left gives the file name.
//!
//! Pelican transliterates with Python's `unidecode`, feedcal with the
//! `deunicode` crate (`unidecode`'s tables are GPL and are not copied here).
//! Over the CJK Unified Ideographs block (U+4E00–U+9FFF) the two agree on
//! 20,637 of 20,992 characters, spacing included; where they differ (`什`
//! `Shi`/`Shen`, `么`, `价`, `术`) the slug is not Pelican's, so a site with
//! such titles should write `Slug:` (the real Chinese site read in the tests
//! writes it in 38 of its 39 articles).

use chrono::NaiveDateTime;
use unicode_normalization::UnicodeNormalization;

use super::{encode_path, override_path, Page, PermalinkError, UrlSite};

pub(super) fn url(page: &Page<'_>, site: &UrlSite<'_>) -> Result<String, PermalinkError> {
    if let Some(u) = page.url {
        return override_path("url", u);
    }
    let slug = slug_of(page);
    let other_language = page
        .lang
        .filter(|l| language(l) != site.default_language.to_ascii_lowercase());
    let pattern = match other_language {
        Some(_) if page.draft => "drafts/{slug}-{lang}.html".to_string(),
        None if page.draft => "drafts/{slug}.html".to_string(),
        Some(_) => site
            .rules
            .lang_pattern
            .clone()
            .unwrap_or_else(|| "{slug}-{lang}.html".to_string()),
        None => site
            .rules
            .patterns
            .iter()
            .find(|(k, _)| k.is_empty())
            .map_or_else(|| "{slug}.html".to_string(), |(_, p)| p.clone()),
    };
    let lang = other_language.unwrap_or(site.default_language);
    let category = page
        .categories
        .first()
        .map_or(String::new(), |c| slugify(c));
    // A date at the start of the file name is Pelican's `Date:` when none is written.
    let date = page
        .written("date")
        .or_else(|| page.source.name_date.and_then(|d| d.and_hms_opt(0, 0, 0)));
    let path = expand(&pattern, |field, format| match (field, format) {
        ("slug", None) => Some(slug.clone()),
        ("lang", None) => Some(lang.to_string()),
        ("category", None) => Some(category.clone()),
        ("date", Some(f)) => date.and_then(|d| strftime(d, f)),
        _ => None,
    })
    .map_err(|field| PermalinkError {
        key: "permalinks",
        message: format!(
            "`{{{field}}}` in the Pelican URL pattern {pattern:?} is a field feedcal cannot fill in for this article (it knows slug, lang, category and date, and date only when `Date:` is written); write `URL:` in the article"
        ),
    })?;
    Ok(format!("/{}", encode_path(path.trim_start_matches('/'))))
}

/// A site's pattern checked once, when the config is read: a field that is
/// none of the ones feedcal fills in is a config error naming it.
pub(super) fn check_pattern(pattern: &str) -> Result<(), String> {
    let sample = NaiveDateTime::default();
    expand(pattern, |field, format| match (field, format) {
        ("slug" | "lang" | "category", None) => Some(String::new()),
        ("date", Some(f)) => strftime(sample, f),
        _ => None,
    })
    .map(|_| ())
    .map_err(|field| {
        format!("`{{{field}}}` in the Pelican URL pattern {pattern:?} is not a field feedcal fills in (slug, lang, category, date:FORMAT)")
    })
}

/// `Slug:` (trimmed), else the slugified title, else the file name.
fn slug_of(page: &Page<'_>) -> String {
    if let Some(s) = page.slug.map(str::trim).filter(|s| !s.is_empty()) {
        return s.to_string();
    }
    page.title
        .map(slugify)
        .filter(|s| !s.is_empty())
        .unwrap_or_else(|| page.source.slug.clone())
}

/// `zh_CN` → `zh`: the language of a locale, as the site's default is read.
fn language(code: &str) -> String {
    code.split(['_', '-'])
        .next()
        .unwrap_or("")
        .to_ascii_lowercase()
}

/// Pelican's `slugify` with its default settings (see the module comment).
pub fn slugify(text: &str) -> String {
    let without_tags = strip_tags(text);
    let nfkc: String = without_tags.nfkc().collect();
    let ascii = deunicode::deunicode(&nfkc);
    // SLUG_REGEX_SUBSTITUTIONS: drop `[^\w\s-]`, strip blanks, `[-\s]+` → `-`.
    let kept: String = ascii
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '_' || *c == '-' || c.is_whitespace())
        .collect();
    let mut out = String::new();
    let mut run = false;
    for c in kept.trim().chars() {
        if c == '-' || c.is_whitespace() {
            run = true;
        } else {
            if run {
                out.push('-');
                run = false;
            }
            out.push(c.to_ascii_lowercase());
        }
    }
    if run {
        out.push('-');
    }
    out
}

/// Text without `<…>` tags (Pelican slugifies `Markup(title).striptags()`).
fn strip_tags(text: &str) -> String {
    let mut out = String::new();
    let mut in_tag = false;
    for c in text.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => in_tag = false,
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    out
}

/// A Python format string with each `{field}` or `{field:format}` replaced;
/// `{{` and `}}` are braces. `Err(field)` for the first field with no value.
fn expand(
    pattern: &str,
    value: impl Fn(&str, Option<&str>) -> Option<String>,
) -> Result<String, String> {
    let mut out = String::new();
    let mut rest = pattern;
    while let Some(at) = rest.find(['{', '}']) {
        out.push_str(&rest[..at]);
        let tail = &rest[at..];
        if tail.starts_with("{{") || tail.starts_with("}}") {
            out.push_str(&tail[..1]);
            rest = &tail[2..];
            continue;
        }
        let Some(end) = tail.find('}').filter(|_| tail.starts_with('{')) else {
            return Err(tail.to_string());
        };
        let inner = &tail[1..end];
        let (field, format) = match inner.split_once(':') {
            Some((f, spec)) => (f, Some(spec)),
            None => (inner, None),
        };
        out.push_str(&value(field, format).ok_or_else(|| inner.to_string())?);
        rest = &tail[end + 1..];
    }
    out.push_str(rest);
    Ok(out)
}

/// `d` formatted with a strftime format, `None` when the format is not one
/// chrono knows.
fn strftime(d: NaiveDateTime, format: &str) -> Option<String> {
    use std::fmt::Write;
    let items: Vec<_> = chrono::format::StrftimeItems::new(format).collect();
    if items.contains(&chrono::format::Item::Error) {
        return None;
    }
    let mut s = String::new();
    write!(s, "{}", d.format_with_items(items.into_iter())).ok()?;
    Some(s)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles_are_slugified_as_pelican_does() {
        assert_eq!(slugify("Party In May"), "party-in-may");
        assert_eq!(slugify("  Ubuntu 12.04 -- LTS!  "), "ubuntu-1204-lts");
        assert_eq!(slugify("snake_case <b>bold</b>"), "snake_case-bold");
        // As Python's unidecode gives them (`广` is `Yan` in both tables).
        assert_eq!(slugify("广州聚会"), "yan-zhou-ju-hui");
        assert_eq!(slugify("湖畔聚会"), "hu-pan-ju-hui");
        assert_eq!(slugify("Café"), "cafe");
        assert_eq!(slugify("？！"), "");
        assert_eq!(slugify("-a - b-"), "-a-b-");
    }

    #[test]
    fn format_fields() {
        let d = NaiveDateTime::parse_from_str("2013-05-25 14:00", "%Y-%m-%d %H:%M").unwrap();
        let v = |f: &str, spec: Option<&str>| match (f, spec) {
            ("slug", None) => Some("s".to_string()),
            ("date", Some(spec)) => strftime(d, spec),
            _ => None,
        };
        assert_eq!(
            expand("{date:%Y}/{date:%m}/{slug}/", v).unwrap(),
            "2013/05/s/"
        );
        assert_eq!(expand("{{x}}{slug}.html", v).unwrap(), "{x}s.html");
        assert_eq!(expand("{author}/{slug}", v), Err("author".to_string()));
    }
}
