//! Post URLs by Hugo's rules: base URL + language prefix (none for the default
//! language) + section + slug path, with `slug:` replacing the last segment
//! and `url:` replacing the whole path.
//!
//! Hugo turns a path into a URL by replacing spaces with `-` and, unless
//! `disablePathToLower` is set, lowercasing it; we do the same
//! (`lowercase_urls`). Everything outside RFC 3986's unreserved set is then
//! percent-encoded, so folder names with brackets, commas, `!` or Chinese
//! characters give URLs that every reader parses the same way.

use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};
use url::Url;

use crate::config::Config;
use crate::model::SourceFile;

/// Everything but ALPHA / DIGIT / "-" / "." / "_" / "~".
const SEGMENT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// A `slug:` or `url:` that would leave the site (`..`, an absolute file path,
/// another host) is refused: nothing derived from a post may point outside.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PermalinkError {
    pub key: &'static str,
    pub message: String,
}

pub fn permalink(
    source: &SourceFile,
    slug: Option<&str>,
    url_override: Option<&str>,
    config: &Config,
) -> Result<Url, PermalinkError> {
    if let Some(u) = url_override {
        let segments = checked_segments("url", u)?;
        let mut path: String = segments
            .iter()
            .map(|s| format!("{}/", encode(s, config)))
            .collect();
        if !u.trim_end().ends_with('/')
            && path.ends_with('/')
            && segments.last().is_some_and(|s| s.contains('.'))
        {
            path.pop();
        }
        return join(config, &path, "url");
    }
    let mut segments: Vec<String> = Vec::new();
    if source.lang != config.default_language {
        segments.push(source.lang.clone());
    }
    segments.push(source.section.clone());
    // The folders between the section and the file (nested bundles keep their path).
    let rel: Vec<&str> = source.rel_path.split('/').collect();
    let start = rel
        .iter()
        .position(|s| *s == source.section)
        .map_or(0, |i| i + 1);
    let mut tail: Vec<String> = rel[start..rel.len().saturating_sub(1)]
        .iter()
        .map(|s| s.to_string())
        .collect();
    if tail.is_empty() || !source.bundle {
        tail.push(source.slug.clone());
    }
    if let Some(s) = slug {
        let checked = checked_segments("slug", s)?;
        if checked.len() != 1 {
            return Err(PermalinkError {
                key: "slug",
                message: format!("`slug: {s}` must be a single path segment without `/`"),
            });
        }
        if let Some(last) = tail.last_mut() {
            *last = checked[0].clone();
        }
    }
    segments.extend(tail);
    let path: String = segments
        .iter()
        .map(|s| format!("{}/", encode(s, config)))
        .collect();
    join(config, &path, "slug")
}

fn checked_segments(key: &'static str, value: &str) -> Result<Vec<String>, PermalinkError> {
    let v = value.trim();
    let refuse = |why: &str| PermalinkError {
        key,
        message: format!(
            "`{key}: {value}` {why}; write a path inside the site such as `/events/my-meetup/`"
        ),
    };
    if v.contains("://") || v.starts_with("//") {
        return Err(refuse("points to another site"));
    }
    if v.contains('\\') || v.contains('\0') || v.chars().nth(1) == Some(':') {
        return Err(refuse("looks like a file path"));
    }
    let segments: Vec<String> = v
        .split('/')
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect();
    if segments.iter().any(|s| s == ".." || s == ".") {
        return Err(refuse("tries to leave the site with `..`"));
    }
    if segments.is_empty() && key == "slug" {
        return Err(refuse("is empty"));
    }
    Ok(segments)
}

fn encode(segment: &str, config: &Config) -> String {
    let mut s = segment.trim().replace(' ', "-");
    if config.lowercase_urls {
        s = s.to_lowercase();
    }
    utf8_percent_encode(&s, SEGMENT).to_string()
}

fn join(config: &Config, path: &str, key: &'static str) -> Result<Url, PermalinkError> {
    config.base_url.join(path).map_err(|e| PermalinkError {
        key,
        message: format!("cannot build a URL from {path:?}: {e}"),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn src(rel: &str, lang: &str, section: &str, slug: &str) -> SourceFile {
        SourceFile {
            path: rel.into(),
            rel_path: rel.into(),
            lang: lang.into(),
            section: section.into(),
            slug: slug.into(),
            bundle: rel.ends_with("/index.md"),
            name_date: None,
        }
    }

    fn cfg() -> Config {
        Config::parse(
            "base_url = \"https://www.example.org/\"\ndefault_language = \"zh\"\n",
            None,
        )
        .unwrap()
    }

    #[test]
    fn default_language_has_no_prefix() {
        let u = permalink(
            &src(
                "zh/activities/meetup-1/index.md",
                "zh",
                "activities",
                "meetup-1",
            ),
            None,
            None,
            &cfg(),
        )
        .unwrap();
        assert_eq!(u.as_str(), "https://www.example.org/activities/meetup-1/");
        let u = permalink(
            &src("en/blog/hello.md", "en", "blog", "hello"),
            None,
            None,
            &cfg(),
        )
        .unwrap();
        assert_eq!(u.as_str(), "https://www.example.org/en/blog/hello/");
    }

    #[test]
    fn odd_folder_names_are_percent_encoded() {
        let s = src(
            "zh/activities/[Summer-2023]welcome,all!/index.md",
            "zh",
            "activities",
            "[Summer-2023]welcome,all!",
        );
        let u = permalink(&s, None, None, &cfg()).unwrap();
        assert_eq!(
            u.as_str(),
            "https://www.example.org/activities/%5Bsummer-2023%5Dwelcome%2Call%21/"
        );
        let s = src(
            "zh/activities/Summer 2021 of OSPP/index.md",
            "zh",
            "activities",
            "Summer 2021 of OSPP",
        );
        let u = permalink(&s, None, None, &cfg()).unwrap();
        assert_eq!(
            u.as_str(),
            "https://www.example.org/activities/summer-2021-of-ospp/"
        );
        let s = src(
            "zh/activities/开源之夏/index.md",
            "zh",
            "activities",
            "开源之夏",
        );
        let u = permalink(&s, None, None, &cfg()).unwrap();
        assert_eq!(
            u.as_str(),
            "https://www.example.org/activities/%E5%BC%80%E6%BA%90%E4%B9%8B%E5%A4%8F/"
        );
    }

    #[test]
    fn slug_and_url_overrides() {
        let s = src(
            "zh/activities/meetup-1/index.md",
            "zh",
            "activities",
            "meetup-1",
        );
        let u = permalink(&s, Some("beijing"), None, &cfg()).unwrap();
        assert_eq!(u.as_str(), "https://www.example.org/activities/beijing/");
        let u = permalink(&s, None, Some("/events/2024/beijing/"), &cfg()).unwrap();
        assert_eq!(u.as_str(), "https://www.example.org/events/2024/beijing/");
    }

    #[test]
    fn escaping_overrides_are_refused() {
        let s = src("zh/activities/m/index.md", "zh", "activities", "m");
        for bad in ["../../etc/x", "a/b"] {
            assert!(permalink(&s, Some(bad), None, &cfg()).is_err(), "{bad}");
        }
        for bad in [
            "../../etc/x",
            "https://evil.example/x",
            "//evil.example/",
            "C:\\x",
            "/a/../../b",
        ] {
            assert!(permalink(&s, None, Some(bad), &cfg()).is_err(), "{bad}");
        }
    }
}
