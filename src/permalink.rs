//! Post URLs, built by the rules of the site's generator, so that every link
//! feedcal publishes is a page the generator wrote.
//!
//! Everything a rule needs comes from the post's path below the content root
//! ([`SourceFile::rel_path`]: folders, file name, a date at the start of the
//! file name), its language, and a few front-matter fields ([`Page`]).
//!
//! - **Hugo** (<https://gohugo.io/content-management/urls/>): base URL +
//!   language prefix (none for the default language unless
//!   `defaultContentLanguageInSubdir`) + the page's folders + the file name
//!   (a bundle: its folder), `slug:` replacing the last segment, `url:`
//!   replacing the whole path as written; or the section's `permalinks`
//!   pattern (`:year :month :monthname :day :weekday :weekdayname :yearday
//!   :section :sections :sections[1:] :title :slug :slugorfilename :filename
//!   :contentbasename :slugorcontentbasename`, and Go date layouts such as
//!   `:2006`). Paths are sanitized as Hugo sanitizes them (letters, digits,
//!   `. _ ~ + #` kept; spaces and runs of `-` become one `-`; everything else
//!   is dropped) and lowercased unless `disablePathToLower`; `uglyURLs` gives
//!   `…/name.html`. Dates in patterns are the date as written (in its own offset).
//! - **Jekyll** (<https://jekyllrb.com/docs/permalinks/>): the `permalink`
//!   style (`date` = `/:categories/:year/:month/:day/:title:output_ext`,
//!   `pretty`, `ordinal`, `weekdate`, `none`) or pattern, a post's own
//!   `permalink:`; categories are the folders above `_posts/` and the
//!   front-matter `categories`/`category`, lowercased; `:title` is the file
//!   name after its date (or `slug:`), case kept. Collections default to
//!   `/:collection/:path:output_ext`.
//! - **Hexo** (<https://hexo.io/docs/permalinks>): `permalink` (default
//!   `:year/:month/:day/:title/`), where `:title` is the path below
//!   `_posts/` without extension, or the post's own `permalink:`; `root` is in
//!   the base URL; `pretty_urls.trailing_html: false` drops `.html`.
//! - **Zola** (<https://www.getzola.org/documentation/content/page/>): the
//!   section path + the file name (or bundle folder) with a leading
//!   `YYYY-MM-DD-`/`_` date removed, `slug` replacing it, `path` replacing the
//!   whole path; each segment slugified as `slugify.paths` says (`on`:
//!   lowercase ASCII with `-`, `safe`, `off`); other languages under `/<lang>/`.
//! - **Docusaurus** (<https://docusaurus.io/docs/blog>): the blog's
//!   `routeBasePath` + `YYYY/MM/DD/<name>` for a file or folder named
//!   `YYYY-MM-DD-name`, else its path; `slug:` replaces the part after the
//!   route; no trailing `/` unless `trailingSlash: true`.
//! - **VuePress** (<https://v2.vuepress.vuejs.org/guide/page.html>): the path
//!   with `.md` → `.html`; `README.md`/`index.md` is its folder's URL;
//!   `permalink:` replaces it.
//! - **Pelican**: `ARTICLE_URL` (default `{slug}.html`) with the `Slug:` or
//!   the slugified title; see [`pelican`].
//!
//! A post with no date in a pattern with date tokens: Hugo formats its zero
//! date (year 1, `/1/01/01/slug/`), which is where it writes the page; Jekyll
//! (a collection document: the build time) and Hexo (the file's creation
//! time) take a date feedcal cannot know, so the link leaves the date out.
//! Either way [`PostUrl::warning`] says so.
//!
//! Whatever the generator, a front-matter path that would leave the site
//! (`..`, another host, a file path) is refused, and every segment is
//! percent-encoded outside RFC 3986's unreserved characters.

use chrono::{Datelike, NaiveDate, NaiveDateTime};
use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};
use url::Url;

use crate::generator::Generator;
use crate::model::SourceFile;
use crate::site_config::BlogInstance;

/// Everything but ALPHA / DIGIT / "-" / "." / "_" / "~".
const SEGMENT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// A URL rule that cannot give a URL: a front-matter path that would leave
/// the site, or a pattern token the generator does not have.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PermalinkError {
    /// The front-matter key (or `permalinks` for the site's pattern).
    pub key: &'static str,
    pub message: String,
}

/// Zola's `slugify.paths`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize)]
pub enum Slugify {
    /// Lowercase ASCII words joined by `-` (Zola's default).
    #[default]
    On,
    /// Only characters unsafe in a path are removed; case is kept.
    Safe,
    Off,
}

/// When Hugo takes a post's date from its file name (`frontmatter.date`
/// lists `:filename`); a date taken from the file name also gives the slug
/// (the rest of the name), unless `slug:` is set.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize)]
pub enum FilenameDate {
    #[default]
    Never,
    /// Before the front-matter fields.
    First,
    /// When no front-matter field gives a date.
    Fallback,
}

/// The site's URL rules besides the base URL, language and case (which
/// [`UrlSite`] adds).
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct UrlRules {
    pub generator: Generator,
    /// (section or collection, pattern); `""` is Jekyll's and Hexo's site-wide pattern.
    pub patterns: Vec<(String, String)>,
    /// Hugo `uglyURLs`.
    pub ugly_urls: bool,
    /// Hugo `defaultContentLanguageInSubdir`.
    pub default_language_in_subdir: bool,
    /// Docusaurus `trailingSlash` (`None`: no trailing slash, Docusaurus's default links).
    pub trailing_slash: Option<bool>,
    /// Hexo `pretty_urls.trailing_html: false`.
    pub drop_html_suffix: bool,
    /// Docusaurus blogs (folder → route).
    pub blogs: Vec<BlogInstance>,
    pub slugify: Slugify,
    pub filename_date: FilenameDate,
    /// Pelican `ARTICLE_LANG_URL` (`None`: Pelican's `{slug}-{lang}.html`).
    pub lang_pattern: Option<String>,
    /// Hugo `permalinks.term.<taxonomy>`: (taxonomy, pattern) of term pages.
    pub term_patterns: Vec<(String, String)>,
}

impl UrlRules {
    pub fn defaults(generator: Generator) -> UrlRules {
        UrlRules {
            generator,
            patterns: Vec::new(),
            ugly_urls: false,
            default_language_in_subdir: false,
            trailing_slash: None,
            drop_html_suffix: false,
            blogs: vec![BlogInstance {
                path: "blog".into(),
                route_base_path: "blog".into(),
            }],
            slugify: Slugify::On,
            filename_date: FilenameDate::Never,
            lang_pattern: None,
            term_patterns: Vec::new(),
        }
    }
}

/// What a URL rule needs of the site: its rules, base URL, default language
/// and case. A view of the config (`Config::url_site`), so that URL rules sit
/// below the config that checks them.
#[derive(Debug, Clone, Copy)]
pub struct UrlSite<'a> {
    pub rules: &'a UrlRules,
    pub base_url: &'a Url,
    pub default_language: &'a str,
    /// Paths are lowercased (Hugo, unless `disablePathToLower`).
    pub lowercase: bool,
}

/// A post as its URL rule sees it.
#[derive(Debug, Clone, Copy)]
pub struct Page<'a> {
    pub source: &'a SourceFile,
    pub title: Option<&'a str>,
    /// `slug:`.
    pub slug: Option<&'a str>,
    /// Hugo's `url:`.
    pub url: Option<&'a str>,
    /// Jekyll's, Hexo's and VuePress's `permalink:`.
    pub permalink: Option<&'a str>,
    /// Zola's `path`.
    pub path: Option<&'a str>,
    /// The front-matter dates of [`URL_DATE_KEYS`] by lowercased key, as
    /// written (wall time in its own offset).
    pub dates: &'a [(String, NaiveDateTime)],
    pub categories: &'a [String],
    /// Pelican's `Lang:` as written (`None`: the site's language).
    pub lang: Option<&'a str>,
    /// A draft (published only with `--drafts`): Pelican writes it elsewhere.
    pub draft: bool,
    /// The front matter's top-level scalars (key, value as written), for
    /// Hexo's permalinks, which may name any of them (`:abbrlink`).
    pub fields: &'a [(&'a str, &'a str)],
}

/// The front-matter keys whose date a URL rule may read: Hugo's
/// `frontmatter.date` default (`:default`), in its order (checked with Hugo
/// 0.111: `updated`, `last_modified_at` and `expiryDate` are not among
/// them). Jekyll and Hexo read only `date`; Zola puts no date in a URL.
pub const URL_DATE_KEYS: [&str; 6] = [
    "date",
    "publishdate",
    "pubdate",
    "published",
    "lastmod",
    "modified",
];

/// The post's URL, and when that URL may not be the page the generator
/// writes, why (a warning for the post).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PostUrl {
    pub url: Url,
    /// Why the link may not be the site's page, with its warning's kind.
    pub warning: Option<(crate::model::WarningKind, String)>,
}

impl<'a> Page<'a> {
    /// A page with nothing but its file.
    pub fn of(source: &'a SourceFile) -> Page<'a> {
        Page {
            source,
            title: None,
            slug: None,
            url: None,
            permalink: None,
            path: None,
            dates: &[],
            categories: &[],
            lang: None,
            draft: false,
            fields: &[],
        }
    }

    /// The date written under `key` (lowercase).
    fn written(&self, key: &str) -> Option<NaiveDateTime> {
        self.dates.iter().find(|(k, _)| k == key).map(|(_, d)| *d)
    }
}

/// The post's URL by the site generator's rules.
pub fn permalink(page: &Page<'_>, site: &UrlSite<'_>) -> Result<PostUrl, PermalinkError> {
    let (path, undated) = match site.rules.generator {
        Generator::Hugo => hugo(page, site)?,
        Generator::Jekyll => jekyll(page, site)?,
        Generator::Hexo => hexo(page, site)?,
        Generator::Zola => (zola(page, site)?, None),
        Generator::Docusaurus => (docusaurus(page, site)?, None),
        Generator::VuePress => (vuepress(page)?, None),
        Generator::Pelican => (pelican::url(page, site)?, None),
    };
    let relative = path.trim_start_matches('/');
    let url = site.base_url.join(relative).map_err(|e| PermalinkError {
        key: "url",
        message: format!("cannot build a URL from {path:?}: {e}"),
    })?;
    let warning = undated.map(|u| (u.kind(), u.warning(&url)));
    Ok(PostUrl { url, warning })
}

/// Why a post's link may not be the page the site has: a date placeholder
/// with no date to fill it, or a Hexo placeholder the post gives no value.
#[derive(Debug)]
enum UrlCaveat {
    /// Hugo formats its zero date: the link is right, the URL rarely what
    /// the author meant.
    HugoYearOne,
    /// The generator dates the post by something feedcal cannot know: the
    /// link leaves the date out ([`expand_dated`]).
    Unknowable {
        missing: &'static str,
        dated_by: &'static str,
        pattern: String,
    },
    /// A Hexo placeholder naming a front-matter key (`:abbrlink`) the post
    /// leaves empty or does not write.
    NoValue { token: String, pattern: String },
}

impl UrlCaveat {
    fn kind(&self) -> crate::model::WarningKind {
        match self {
            UrlCaveat::NoValue { .. } => crate::model::WarningKind::UrlFieldMissing,
            _ => crate::model::WarningKind::UndatedUrl,
        }
    }

    fn warning(&self, url: &Url) -> String {
        match self {
            UrlCaveat::HugoYearOne => format!(
                "no front-matter date (`date`, `publishDate`, `lastmod`…): Hugo dates the page 0001-01-01, so the permalink pattern puts it at {url}, as linked here; add `date: YYYY-MM-DD` to give it a URL with its real date"
            ),
            UrlCaveat::Unknowable {
                missing,
                dated_by,
                pattern,
            } => format!(
                "{missing}: {dated_by}, and the permalink {pattern:?} puts that date in the URL; the link here, {url}, leaves the date out, so it is not the page the site has — add `date: YYYY-MM-DD` to the front matter, or take the date placeholders out of the permalink"
            ),
            UrlCaveat::NoValue { token, pattern } => format!(
                "the permalink {pattern:?} takes `:{token}` from the front matter, and this post gives none (a plugin such as hexo-abbrlink fills it when Hexo builds): the link here, {url}, uses the file name instead, so it may not be the page the site has — write `{token}: …` in the front matter"
            ),
        }
    }
}

/// Go's zero time, 0001-01-01 00:00: the date Hugo gives a page no
/// front-matter field dates, which its date tokens then format (`/1/01/01/`).
fn hugo_zero_date() -> NaiveDateTime {
    NaiveDate::from_ymd_opt(1, 1, 1)
        .and_then(|d| d.and_hms_opt(0, 0, 0))
        .unwrap_or_default()
}

/// The parts of a post's path its URL is made of.
#[derive(Debug, Clone)]
struct PathFacts {
    /// Folders from the content root to the file (a bundle's own folder included).
    dirs: Vec<String>,
    /// The file name without extension and language (`index` for a bundle).
    stem: String,
    /// `index.md` / `README.md`: the folder is the page.
    bundle: bool,
}

impl PathFacts {
    /// The bundle folder's name or the file's stem.
    fn base(&self) -> &str {
        if self.bundle {
            self.dirs.last().map_or(self.stem.as_str(), String::as_str)
        } else {
            &self.stem
        }
    }

    /// Folders that hold the page (without a bundle's own folder).
    fn parents(&self) -> &[String] {
        if self.bundle && !self.dirs.is_empty() {
            &self.dirs[..self.dirs.len() - 1]
        } else {
            &self.dirs
        }
    }
}

const MARKDOWN_EXTENSIONS: [&str; 7] = ["md", "markdown", "mdx", "mdown", "mkd", "mkdn", "html"];

fn facts(source: &SourceFile, strip_lang_folder: bool, bundle_names: &[&str]) -> PathFacts {
    let mut dirs: Vec<String> = source.rel_path.split('/').map(str::to_string).collect();
    let file = dirs.pop().unwrap_or_default();
    if strip_lang_folder && dirs.first().is_some_and(|d| *d == source.lang) {
        dirs.remove(0);
    }
    let mut stem = file.clone();
    if let Some((s, ext)) = stem.rsplit_once('.') {
        if MARKDOWN_EXTENSIONS.contains(&ext.to_ascii_lowercase().as_str()) {
            stem = s.to_string();
        }
    }
    // `index.es.md`, `post.fr.md`: a translation's language is not part of its name.
    if let Some((s, lang)) = stem.rsplit_once('.') {
        if lang == source.lang {
            stem = s.to_string();
        }
    }
    let bundle = bundle_names.contains(&stem.as_str());
    PathFacts { dirs, stem, bundle }
}

/// `2024-05-18-meetup` → (2024-05-18, `meetup`); the month and day may be unpadded.
fn dated_name(name: &str) -> Option<(NaiveDate, &str)> {
    let mut parts = name.splitn(4, ['-', '_']);
    let y: i32 = parts.next()?.parse().ok()?;
    let m: u32 = parts.next()?.parse().ok()?;
    let d: u32 = parts.next()?.parse().ok()?;
    let rest = parts.next()?;
    if y < 1000 || rest.is_empty() {
        return None;
    }
    Some((NaiveDate::from_ymd_opt(y, m, d)?, rest))
}

/// A front-matter path that must stay inside the site.
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

/// The path below the base URL (and the language prefix) of the site's page
/// of one term of a taxonomy (`tags`/`Service Mesh`), where a term feed's and
/// calendar's link points; `None` when the site has no such page (a Hugo site
/// without that taxonomy, Jekyll, which writes no term pages). Each segment
/// is percent-encoded.
///
/// - Hugo: `/<taxonomy>/<term>/`, the term sanitized as Hugo's `urlize`
///   does (`Service Mesh` → `service-mesh`), or `permalinks.term.<taxonomy>`
///   with `:slug` (also `:title`); only for the site's `taxonomies`.
/// - Hexo: `/tags/<term>/`, `/categories/<term>/`; Zola: `/<taxonomy>/<slug>/`
///   for its configured taxonomies; Pelican: `tag/<slug>.html`,
///   `category/<slug>.html`.
pub fn term_path(
    rules: &UrlRules,
    taxonomies: &[String],
    taxonomy: &str,
    term: &str,
    lowercase: bool,
) -> Option<String> {
    let known = taxonomies.iter().any(|t| t == taxonomy);
    let path = match rules.generator {
        Generator::Hugo if known => {
            let slug = hugo_sanitize(term, lowercase);
            match rules.term_patterns.iter().find(|(t, _)| t == taxonomy) {
                Some((_, pattern)) => pattern.replace(":slug", &slug).replace(":title", &slug),
                None => format!("{taxonomy}/{slug}/"),
            }
        }
        Generator::Hexo => format!("{taxonomy}/{}/", hugo_sanitize(term, false)),
        Generator::Zola if known => format!("{taxonomy}/{}/", zola_slug(term, rules.slugify)),
        Generator::Pelican => match taxonomy {
            "tags" => format!("tag/{}.html", slug::slugify(term)),
            "categories" => format!("category/{}.html", slug::slugify(term)),
            _ => String::new(),
        },
        _ => String::new(),
    };
    let path = collapse_slashes(&path);
    let path = path.trim_start_matches('/');
    (!path.is_empty()).then(|| encode_path(path))
}

/// Percent-encodes each segment of `path`; keeps its slashes.
fn encode_path(path: &str) -> String {
    path.split('/')
        .map(|s| utf8_percent_encode(s, SEGMENT).to_string())
        .collect::<Vec<_>>()
        .join("/")
}

/// A front-matter path (`url:`, `permalink:`, `path`) as the URL path: its
/// segments as written, a trailing `/` unless it names a file.
fn override_path(key: &'static str, value: &str) -> Result<String, PermalinkError> {
    let segments = checked_segments(key, value)?;
    let mut path: String = segments
        .iter()
        .map(|s| format!("/{}", utf8_percent_encode(s, SEGMENT)))
        .collect();
    let names_file =
        !value.trim_end().ends_with('/') && segments.last().is_some_and(|s| s.contains('.'));
    if !names_file {
        path.push('/');
    }
    Ok(path)
}

/// Hugo's path sanitizing (its `paths.Sanitize`, then lowercase unless
/// `disablePathToLower`): letters, digits, marks and `. / \ _ # + ~` stay;
/// a space or `-` becomes one `-` before the next kept character (so runs
/// collapse and none is left at the ends); everything else is dropped.
pub fn hugo_sanitize(s: &str, lowercase: bool) -> String {
    let chars: Vec<char> = s.chars().collect();
    let mut out = String::with_capacity(s.len());
    let mut hyphen = false;
    for (i, &c) in chars.iter().enumerate() {
        let pct = c == '%'
            && chars.get(i + 1).is_some_and(char::is_ascii_hexdigit)
            && chars.get(i + 2).is_some_and(char::is_ascii_hexdigit);
        let kept = c != ' '
            && (c.is_alphanumeric()
                || matches!(c, '.' | '/' | '\\' | '_' | '#' | '+' | '~')
                || is_mark(c)
                || pct);
        if kept {
            if hyphen {
                out.push('-');
                hyphen = false;
            }
            out.push(c);
        } else if !out.is_empty() && (c == '-' || c.is_whitespace()) {
            hyphen = true;
        }
    }
    if lowercase {
        out.to_lowercase()
    } else {
        out
    }
}

/// Combining marks (Unicode category M) in the blocks text in posts uses.
fn is_mark(c: char) -> bool {
    matches!(c as u32, 0x0300..=0x036F | 0x1AB0..=0x1AFF | 0x1DC0..=0x1DFF | 0x20D0..=0x20FF | 0xFE20..=0xFE2F | 0x3099..=0x309A)
}

fn language_prefix(source: &SourceFile, site: &UrlSite<'_>) -> Option<String> {
    (source.lang != site.default_language || site.rules.default_language_in_subdir)
        .then(|| source.lang.clone())
}

fn hugo(
    page: &Page<'_>,
    site: &UrlSite<'_>,
) -> Result<(String, Option<UrlCaveat>), PermalinkError> {
    if let Some(u) = page.url {
        return Ok((override_path("url", u)?, None));
    }
    let lower = site.lowercase;
    // A nested section's `_index.md` is published at its folder's path: Hugo's
    // `[permalinks]` and `slug` are for pages, not sections.
    let list_page = page.source.list_page;
    let f = facts(page.source, true, &["index", "_index"]);
    let mut slug = match page.slug.filter(|_| !list_page) {
        Some(s) => {
            let checked = checked_segments("slug", s)?;
            if checked.len() != 1 {
                return Err(PermalinkError {
                    key: "slug",
                    message: format!("`slug: {s}` must be a single path segment without `/`"),
                });
            }
            Some(checked[0].clone())
        }
        None => None,
    };
    let front_date = URL_DATE_KEYS.iter().find_map(|k| page.written(k));
    let mut date = front_date;
    let file_date = dated_name(f.base()).map(|(d, rest)| (d, rest.to_string()));
    let use_file_date = match site.rules.filename_date {
        FilenameDate::Never => false,
        FilenameDate::First => file_date.is_some(),
        FilenameDate::Fallback => front_date.is_none() && file_date.is_some(),
    };
    if use_file_date {
        if let Some((d, rest)) = &file_date {
            date = d.and_hms_opt(0, 0, 0);
            slug.get_or_insert_with(|| rest.clone());
        }
    }
    let rel = f.parents().join("/");
    let pattern = site
        .rules
        .patterns
        .iter()
        .filter(|(section, _)| {
            let s = section.trim_matches('/');
            if s.is_empty() {
                f.parents().is_empty()
            } else {
                rel == s || rel.starts_with(&format!("{s}/"))
            }
        })
        .max_by_key(|(section, _)| section.len())
        .map(|(_, p)| p.as_str())
        .filter(|_| !list_page);
    let mut zero_dated = false;
    let mut path = match pattern {
        Some(p) => {
            let d = date.unwrap_or_else(hugo_zero_date);
            let (expanded, used_date) = expand_hugo(p, page, &f, slug.as_deref(), d, site)?;
            zero_dated = used_date && date.is_none();
            hugo_sanitize(&expanded, lower)
        }
        None => {
            let mut segments: Vec<String> = f.parents().to_vec();
            segments.push(slug.clone().unwrap_or_else(|| f.base().to_string()));
            let joined: Vec<String> = segments.iter().map(|s| hugo_sanitize(s, lower)).collect();
            format!("/{}/", joined.join("/"))
        }
    };
    if !path.starts_with('/') {
        path.insert(0, '/');
    }
    let names_file = path
        .rsplit('/')
        .next()
        .is_some_and(|last| last.contains('.'));
    if !names_file && !path.ends_with('/') {
        path.push('/');
    }
    if site.rules.ugly_urls && path.len() > 1 && path.ends_with('/') {
        path.pop();
        path.push_str(".html");
    }
    if let Some(lang) = language_prefix(page.source, site) {
        path = format!("/{}{path}", hugo_sanitize(&lang, lower));
    }
    let undated = zero_dated.then_some(UrlCaveat::HugoYearOne);
    Ok((encode_path(&path), undated))
}

/// Hugo's `:tokens` in a permalink pattern, dated `d`; and whether a token
/// used the date.
fn expand_hugo(
    pattern: &str,
    page: &Page<'_>,
    f: &PathFacts,
    slug: Option<&str>,
    d: NaiveDateTime,
    site: &UrlSite<'_>,
) -> Result<(String, bool), PermalinkError> {
    let lower = site.lowercase;
    let urlize = |s: &str| hugo_sanitize(s, lower);
    let title = page.title.unwrap_or("");
    let filename = f.base().to_string();
    let sections = hugo_sections(page.source, f);
    let mut used_date = false;
    let expanded = expand_tokens(pattern, |token, slice| {
        used_date |= matches!(
            token,
            "year" | "month" | "monthname" | "day" | "weekday" | "weekdayname" | "yearday"
        );
        Some(match token {
            "year" => d.year().to_string(),
            "month" => format!("{:02}", d.month()),
            "monthname" => month_name(d.month()).to_string(),
            "day" => format!("{:02}", d.day()),
            "weekday" => d.weekday().num_days_from_sunday().to_string(),
            "weekdayname" => weekday_name(d.weekday()).to_string(),
            "yearday" => d.ordinal().to_string(),
            "section" => sections.first().cloned().unwrap_or_default(),
            "sections" => slice_sections(&sections, slice).join("/"),
            "title" => urlize(title),
            "slug" => urlize(slug.unwrap_or(title)),
            "slugorfilename" | "slugorcontentbasename" => urlize(slug.unwrap_or(&filename)),
            "filename" | "contentbasename" => urlize(&filename),
            other => {
                let formatted = go_date(other, d)?;
                used_date = true;
                formatted
            }
        })
    })
    .map_err(|token| PermalinkError {
        key: "permalinks",
        message: format!(
            "`:{token}` in the permalink pattern {pattern:?} is not a Hugo permalink token"
        ),
    })?;
    Ok((expanded, used_date))
}

/// The page's sections: its first folder, and each folder below that holds
/// an `_index.md` (Hugo's nested sections).
fn hugo_sections(source: &SourceFile, f: &PathFacts) -> Vec<String> {
    let parents = f.parents();
    let Some(first) = parents.first() else {
        return Vec::new();
    };
    let mut out = vec![first.clone()];
    // The folder of the first section on disk: the post's path minus what follows it.
    let depth_below = parents.len() - 1 + usize::from(f.bundle);
    let mut folder = source.path.parent().map(std::path::Path::to_path_buf);
    for _ in 0..depth_below {
        folder = folder.and_then(|p| p.parent().map(std::path::Path::to_path_buf));
    }
    if let Some(mut folder) = folder {
        for name in &parents[1..] {
            folder.push(name);
            if folder.join("_index.md").is_file() {
                out.push(name.clone());
            } else {
                break;
            }
        }
    }
    out
}

fn slice_sections(sections: &[String], slice: Option<&str>) -> Vec<String> {
    let Some(spec) = slice else {
        return sections.to_vec();
    };
    let len = sections.len();
    let index = |s: &str, default: usize| -> usize {
        match s.trim() {
            "" => default,
            "last" => len.saturating_sub(1),
            n => n.parse::<usize>().unwrap_or(0).min(len),
        }
    };
    match spec.split_once(':') {
        None => {
            let i = index(spec, 0);
            sections.get(i).cloned().into_iter().collect()
        }
        Some((lo, hi)) => {
            let (lo, hi) = (index(lo, 0), index(hi, len));
            sections
                .get(lo..hi.max(lo))
                .map(<[String]>::to_vec)
                .unwrap_or_default()
        }
    }
}

/// Replaces every `:token` (and `:token[slice]`) of `pattern` with `value`'s
/// answer; `Err(token)` for the first token it has none for. `\:` is a literal colon.
fn expand_tokens(
    pattern: &str,
    mut value: impl FnMut(&str, Option<&str>) -> Option<String>,
) -> Result<String, String> {
    let chars: Vec<char> = pattern.chars().collect();
    let mut out = String::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c == '\\' && chars.get(i + 1) == Some(&':') {
            out.push(':');
            i += 2;
            continue;
        }
        if c != ':' {
            out.push(c);
            i += 1;
            continue;
        }
        let start = i + 1;
        let mut end = start;
        while end < chars.len() && (chars[end].is_alphanumeric() || chars[end] == '_') {
            end += 1;
        }
        if end == start {
            out.push(c);
            i += 1;
            continue;
        }
        let token: String = chars[start..end].iter().collect();
        let mut slice = None;
        let mut next = end;
        if chars.get(end) == Some(&'[') {
            if let Some(close) = chars[end..].iter().position(|c| *c == ']') {
                slice = Some(chars[end + 1..end + close].iter().collect::<String>());
                next = end + close + 1;
            }
        }
        match value(&token, slice.as_deref()) {
            Some(v) => out.push_str(&v),
            None => return Err(token),
        }
        i = next;
    }
    Ok(out)
}

fn month_name(m: u32) -> &'static str {
    [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ][(m.clamp(1, 12) - 1) as usize]
}

fn weekday_name(w: chrono::Weekday) -> &'static str {
    [
        "Monday",
        "Tuesday",
        "Wednesday",
        "Thursday",
        "Friday",
        "Saturday",
        "Sunday",
    ][w.num_days_from_monday() as usize]
}

/// A Go date layout as a token (`:2006`, `:01`, `:Jan`): Hugo formats the
/// date with it. Only the layout elements dates in URLs use.
fn go_date(layout: &str, d: NaiveDateTime) -> Option<String> {
    let elements: [(&str, String); 10] = [
        ("January", month_name(d.month()).to_string()),
        ("Monday", weekday_name(d.weekday()).to_string()),
        ("2006", format!("{:04}", d.year())),
        ("Jan", month_name(d.month())[..3].to_string()),
        ("Mon", weekday_name(d.weekday())[..3].to_string()),
        ("002", format!("{:03}", d.ordinal())),
        ("06", format!("{:02}", d.year() % 100)),
        ("01", format!("{:02}", d.month())),
        ("02", format!("{:02}", d.day())),
        ("_2", format!("{:>2}", d.day())),
    ];
    let mut rest = layout;
    let mut out = String::new();
    while !rest.is_empty() {
        let hit = elements.iter().find(|(e, _)| rest.starts_with(e));
        match hit {
            Some((e, v)) => {
                out.push_str(v);
                rest = &rest[e.len()..];
            }
            None => {
                let c = rest.chars().next()?;
                // A letter or digit that is no layout element: not a date layout.
                if c.is_alphanumeric() {
                    return None;
                }
                out.push(c);
                rest = &rest[c.len_utf8()..];
            }
        }
    }
    Some(out)
}

/// Jekyll's permalink styles.
fn jekyll_style(name: &str) -> Option<&'static str> {
    Some(match name {
        "date" => "/:categories/:year/:month/:day/:title:output_ext",
        "pretty" => "/:categories/:year/:month/:day/:title/",
        "ordinal" => "/:categories/:year/:y_day/:title:output_ext",
        "weekdate" => "/:categories/:year/W:week/:short_day/:title:output_ext",
        "none" => "/:categories/:title:output_ext",
        _ => return None,
    })
}

fn jekyll(
    page: &Page<'_>,
    site: &UrlSite<'_>,
) -> Result<(String, Option<UrlCaveat>), PermalinkError> {
    let f = facts(page.source, false, &[]);
    let posts_at = f.dirs.iter().position(|d| d == "_posts");
    let collection = match posts_at {
        Some(_) => None,
        None => f
            .dirs
            .first()
            .and_then(|d| d.strip_prefix('_'))
            .map(str::to_string),
    };
    let (file_date, name) = match dated_name(&f.stem) {
        Some((d, rest)) => (Some(d), rest.to_string()),
        None => (None, f.stem.clone()),
    };
    let date = page
        .written("date")
        .or_else(|| file_date.and_then(|d| d.and_hms_opt(0, 0, 0)));
    let mut categories: Vec<String> = Vec::new();
    if let Some(at) = posts_at {
        categories.extend(f.dirs[..at].iter().map(|c| c.to_lowercase()));
    }
    for c in page.categories {
        for part in c.split_whitespace() {
            let part = part.to_lowercase();
            if !categories.contains(&part) {
                categories.push(part);
            }
        }
    }
    let site_pattern = |key: &str| {
        site.rules
            .patterns
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, p)| p.clone())
    };
    let pattern = match (page.permalink, &collection) {
        (Some(p), _) => {
            checked_segments("permalink", p)?;
            p.to_string()
        }
        (None, Some(c)) => {
            site_pattern(c).unwrap_or_else(|| "/:collection/:path:output_ext".into())
        }
        (None, None) => site_pattern("").unwrap_or_else(|| "date".into()),
    };
    let pattern = jekyll_style(&pattern).map_or(pattern.clone(), str::to_string);
    let title = page.slug.map_or(name.clone(), str::to_string);
    let path_in_collection = {
        let mut p = f.dirs.iter().skip(1).cloned().collect::<Vec<_>>();
        p.push(f.stem.clone());
        p.join("/")
    };
    let (expanded, undated) = expand_dated(&pattern, date, jekyll_date_token, |token| {
        Some(match token {
            "title" => title.clone(),
            "slug" => slug::slugify(&title),
            "name" => slug::slugify(&f.stem),
            "categories" => categories.join("/"),
            "output_ext" => ".html".to_string(),
            "collection" => collection.clone().unwrap_or_else(|| "posts".into()),
            "path" => path_in_collection.clone(),
            _ => return None,
        })
    })
    .map_err(|token| PermalinkError {
        key: "permalink",
        message: format!("`:{token}` in the permalink {pattern:?} is not a Jekyll placeholder"),
    })?;
    let path = encode_path(&collapse_slashes(&expanded));
    let undated = undated.then(|| UrlCaveat::Unknowable {
        missing: "no `date:` and no date in the file name",
        dated_by: "Jekyll dates the document by the time of the build",
        pattern: pattern.clone(),
    });
    Ok((path, undated))
}

/// Jekyll's date placeholders, formatted for `d`; `None` for any other token.
fn jekyll_date_token(token: &str, d: NaiveDateTime) -> Option<String> {
    Some(match token {
        "year" => d.year().to_string(),
        "short_year" => format!("{:02}", d.year() % 100),
        "month" => format!("{:02}", d.month()),
        "i_month" => d.month().to_string(),
        "short_month" => month_name(d.month())[..3].to_string(),
        "long_month" => month_name(d.month()).to_string(),
        "day" => format!("{:02}", d.day()),
        "i_day" => d.day().to_string(),
        "y_day" => format!("{:03}", d.ordinal()),
        "week" => format!("{:02}", d.iso_week().week()),
        "short_day" => weekday_name(d.weekday())[..3].to_string(),
        "long_day" => weekday_name(d.weekday()).to_string(),
        "hour" => format!("{:02}", d.hour_of_day()),
        "minute" => format!("{:02}", d.minute_of_hour()),
        "second" => format!("{:02}", d.second_of_minute()),
        _ => return None,
    })
}

/// Hexo's date placeholders, formatted for `d`; `None` for any other token.
fn hexo_date_token(token: &str, d: NaiveDateTime) -> Option<String> {
    Some(match token {
        "year" => d.year().to_string(),
        "month" => format!("{:02}", d.month()),
        "i_month" => d.month().to_string(),
        "day" => format!("{:02}", d.day()),
        "i_day" => d.day().to_string(),
        "hour" => format!("{:02}", d.hour_of_day()),
        "minute" => format!("{:02}", d.minute_of_hour()),
        "second" => format!("{:02}", d.second_of_minute()),
        "timestamp" => d.and_utc().timestamp().to_string(),
        _ => return None,
    })
}

/// A Jekyll or Hexo pattern expanded: date placeholders by `date_token`,
/// the others by `other`; and whether it had date placeholders but no date.
///
/// Without a date the generator takes one feedcal cannot know (Jekyll the
/// time of the build, Hexo the file's creation time), so the link carries
/// none rather than an invented one: a part between slashes made of date
/// placeholders and text only (`:year`, `W:week`) is left out, and in a part
/// that holds more each date placeholder is empty.
fn expand_dated(
    pattern: &str,
    date: Option<NaiveDateTime>,
    date_token: fn(&str, NaiveDateTime) -> Option<String>,
    mut other: impl FnMut(&str) -> Option<String>,
) -> Result<(String, bool), String> {
    if let Some(d) = date {
        let expanded = expand_tokens(pattern, |token, _| {
            date_token(token, d).or_else(|| other(token))
        })?;
        return Ok((expanded, false));
    }
    // Any date tells a date placeholder from the others.
    let is_date = |token: &str| date_token(token, NaiveDateTime::default()).is_some();
    let mut undated = false;
    let mut parts = Vec::new();
    for part in pattern.split('/') {
        let (mut dated, mut rest) = (false, false);
        let expanded = expand_tokens(part, |token, _| {
            if is_date(token) {
                dated = true;
                Some(String::new())
            } else {
                rest = true;
                other(token)
            }
        })?;
        undated |= dated;
        match (dated, rest) {
            (true, false) => {}
            (true, true) => parts.push(expanded.trim_matches(['-', '_']).to_string()),
            (false, _) => parts.push(expanded),
        }
    }
    Ok((parts.join("/"), undated))
}

/// `//` → `/`, with a leading `/` (Jekyll and Hexo drop empty placeholders so).
fn collapse_slashes(path: &str) -> String {
    let mut out = String::from("/");
    for c in path.chars() {
        if c == '/' && out.ends_with('/') {
            continue;
        }
        out.push(c);
    }
    out
}

trait TimeParts {
    fn hour_of_day(&self) -> u32;
    fn minute_of_hour(&self) -> u32;
    fn second_of_minute(&self) -> u32;
}

impl TimeParts for NaiveDateTime {
    fn hour_of_day(&self) -> u32 {
        chrono::Timelike::hour(self)
    }
    fn minute_of_hour(&self) -> u32 {
        chrono::Timelike::minute(self)
    }
    fn second_of_minute(&self) -> u32 {
        chrono::Timelike::second(self)
    }
}

fn hexo(
    page: &Page<'_>,
    site: &UrlSite<'_>,
) -> Result<(String, Option<UrlCaveat>), PermalinkError> {
    let f = facts(page.source, false, &[]);
    let below_posts: Vec<String> = match f.dirs.iter().position(|d| d == "_posts") {
        Some(at) => f.dirs[at + 1..].to_vec(),
        None => f.dirs.clone(),
    };
    let mut title_path = below_posts.clone();
    title_path.push(f.stem.clone());
    let pattern = match page.permalink {
        Some(p) => {
            checked_segments("permalink", p)?;
            p.to_string()
        }
        None => site
            .rules
            .patterns
            .iter()
            .find(|(k, _)| k.is_empty())
            .map_or_else(
                || ":year/:month/:day/:title/".to_string(),
                |(_, p)| p.clone(),
            ),
    };
    let category = if page.categories.is_empty() {
        "uncategorized".to_string()
    } else {
        page.categories
            .iter()
            .map(|c| c.trim().replace(char::is_whitespace, "-"))
            .collect::<Vec<_>>()
            .join("/")
    };
    let date = page.written("date");
    let mut no_value: Option<String> = None;
    let (expanded, undated) = expand_dated(&pattern, date, hexo_date_token, |token| {
        Some(match token {
            "title" => title_path.join("/"),
            "name" => f.stem.clone(),
            "post_title" => page.title.unwrap_or("").to_string(),
            "category" => category.clone(),
            "lang" => page.source.lang.clone(),
            // Hexo takes any other placeholder from the post's front matter
            // (<https://hexo.io/docs/permalinks>), except `:path` and
            // `:permalink`; a plugin (hexo-abbrlink) may fill it at build
            // time, which feedcal cannot: the file name stands in, said.
            "path" | "permalink" => return None,
            _ => match page.fields.iter().find(|(k, _)| *k == token) {
                Some((_, v)) if !v.trim().is_empty() => v.trim().to_string(),
                _ => {
                    no_value.get_or_insert_with(|| token.to_string());
                    title_path.join("/")
                }
            },
        })
    })
    .map_err(|token| PermalinkError {
        key: "permalink",
        message: format!(
            "`:{token}` in the permalink {pattern:?} is a Hexo placeholder feedcal cannot compute (or none); set `permalink:` in the post"
        ),
    })?;
    let mut path = collapse_slashes(&expanded);
    if site.rules.drop_html_suffix {
        if let Some(p) = path.strip_suffix(".html") {
            path = p.to_string();
        }
    }
    let path = encode_path(&path);
    // feedcal does not read `new_post_name`, whose date placeholders would
    // date the post by its file name.
    let caveat = match no_value {
        Some(token) => Some(UrlCaveat::NoValue {
            token,
            pattern: pattern.clone(),
        }),
        None => undated.then(|| UrlCaveat::Unknowable {
            missing: "no `date:`",
            dated_by: "Hexo dates the post by the file's creation time (or by a date in the file name that `new_post_name` places)",
            pattern: pattern.clone(),
        }),
    };
    Ok((path, caveat))
}

fn zola_slug(s: &str, how: Slugify) -> String {
    match how {
        Slugify::On => slug::slugify(s),
        Slugify::Safe => s
            .chars()
            .filter(|c| {
                !matches!(
                    c,
                    '<' | '>' | ':' | '"' | '/' | '\\' | '|' | '?' | '*' | '#' | '%'
                )
            })
            .collect::<String>()
            .trim()
            .replace(char::is_whitespace, "_"),
        Slugify::Off => s.to_string(),
    }
}

fn zola(page: &Page<'_>, site: &UrlSite<'_>) -> Result<String, PermalinkError> {
    let prefix = language_prefix(page.source, site)
        .map(|l| format!("/{l}"))
        .unwrap_or_default();
    if let Some(p) = page.path {
        return Ok(format!("{prefix}{}", override_path("path", p)?));
    }
    let how = site.rules.slugify;
    let f = facts(page.source, false, &["index", "_index"]);
    let base = f.base();
    let name = match page.slug {
        Some(s) => s.to_string(),
        None => dated_name(base).map_or(base, |(_, rest)| rest).to_string(),
    };
    let mut segments: Vec<String> = f.parents().iter().map(|s| zola_slug(s, how)).collect();
    segments.push(zola_slug(&name, how));
    Ok(encode_path(&format!("{prefix}/{}/", segments.join("/"))))
}

fn docusaurus(page: &Page<'_>, site: &UrlSite<'_>) -> Result<String, PermalinkError> {
    let rel = page.source.rel_path.as_str();
    let blog = site
        .rules
        .blogs
        .iter()
        .filter(|b| rel.starts_with(&format!("{}/", b.path)))
        .max_by_key(|b| b.path.len());
    let (route, inside) = match blog {
        Some(b) => (b.route_base_path.as_str(), &rel[b.path.len() + 1..]),
        None => ("", rel),
    };
    let without_ext = {
        let mut s = inside.to_string();
        for ext in [".mdx", ".md"] {
            if let Some(t) = s.strip_suffix(ext) {
                s = t.to_string();
                break;
            }
        }
        s.strip_suffix("/index").map_or(s.clone(), str::to_string)
    };
    let slug = match page.slug {
        Some(s) => {
            checked_segments("slug", s)?;
            s.trim_matches('/').to_string()
        }
        None => docusaurus_slug(&without_ext),
    };
    let mut path = String::new();
    if let Some(lang) = language_prefix(page.source, site) {
        path.push('/');
        path.push_str(&lang);
    }
    for part in [route, slug.as_str()] {
        if !part.trim_matches('/').is_empty() {
            path.push('/');
            path.push_str(part.trim_matches('/'));
        }
    }
    if site.rules.trailing_slash == Some(true) || path.is_empty() {
        path.push('/');
    }
    Ok(encode_path(&path))
}

/// Docusaurus's blog slug of a path without extension: a date
/// `YYYY-MM-DD` (or `YYYY/MM/DD`) in it moves to the front as `YYYY/MM/DD/`,
/// what came before the date follows it.
fn docusaurus_slug(path: &str) -> String {
    let bytes: Vec<char> = path.chars().collect();
    for start in 0..bytes.len() {
        if start > 0 && bytes[start - 1] != '/' && bytes[start - 1] != '-' {
            continue;
        }
        let rest: String = bytes[start..].iter().collect();
        let mut it = rest.splitn(4, ['-', '/']);
        let (Some(y), Some(m), Some(d)) = (it.next(), it.next(), it.next()) else {
            continue;
        };
        let ok = y.len() == 4
            && y.bytes().all(|b| b.is_ascii_digit())
            && (1..=2).contains(&m.len())
            && m.bytes().all(|b| b.is_ascii_digit())
            && (1..=2).contains(&d.len())
            && d.bytes().all(|b| b.is_ascii_digit());
        if !ok {
            continue;
        }
        let text = it.next().unwrap_or("");
        let folder: String = bytes[..start].iter().collect();
        return format!("{y}/{m}/{d}/{folder}{text}")
            .trim_end_matches('/')
            .to_string();
    }
    path.to_string()
}

fn vuepress(page: &Page<'_>) -> Result<String, PermalinkError> {
    if let Some(p) = page.permalink {
        return override_path("permalink", p);
    }
    let f = facts(page.source, false, &["README", "readme", "index"]);
    let mut path = String::new();
    for d in &f.dirs {
        path.push('/');
        path.push_str(d);
    }
    if f.bundle {
        path.push('/');
    } else {
        path.push('/');
        path.push_str(&f.stem);
        path.push_str(".html");
    }
    Ok(encode_path(&path))
}

/// Checks a site's permalink pattern once, when the config is read: a token
/// the generator does not have is a config error naming the pattern, not a
/// failure of every post.
pub fn check_pattern(generator: Generator, pattern: &str) -> Result<(), String> {
    let known: &[&str] = match generator {
        Generator::Hugo => &[
            "year",
            "month",
            "monthname",
            "day",
            "weekday",
            "weekdayname",
            "yearday",
            "section",
            "sections",
            "title",
            "slug",
            "slugorfilename",
            "filename",
            "contentbasename",
            "slugorcontentbasename",
        ],
        Generator::Jekyll => {
            if jekyll_style(pattern).is_some() {
                return Ok(());
            }
            &[
                "year",
                "short_year",
                "month",
                "i_month",
                "short_month",
                "long_month",
                "day",
                "i_day",
                "y_day",
                "week",
                "short_day",
                "long_day",
                "hour",
                "minute",
                "second",
                "title",
                "slug",
                "name",
                "categories",
                "output_ext",
                "collection",
                "path",
            ]
        }
        Generator::Hexo => &[
            "year",
            "month",
            "i_month",
            "day",
            "i_day",
            "hour",
            "minute",
            "second",
            "timestamp",
            "title",
            "name",
            "post_title",
            "category",
            "lang",
        ],
        Generator::Pelican => {
            return pelican::check_pattern(pattern);
        }
        _ => return Ok(()),
    };
    let sample = NaiveDate::from_ymd_opt(2019, 11, 9)
        .and_then(|d| d.and_hms_opt(23, 1, 42))
        .unwrap_or_default();
    expand_tokens(pattern, |token, _| {
        let date = generator == Generator::Hugo && go_date(token, sample).is_some();
        // Hexo fills any other placeholder from the post's front matter.
        let field = generator == Generator::Hexo && !matches!(token, "path" | "permalink");
        (known.contains(&token) || date || field).then(String::new)
    })
    .map(|_| ())
    .map_err(|token| {
        format!(
            "`:{token}` in the permalink pattern {pattern:?} is not a {generator} permalink token"
        )
    })
}

/// The wall time a front-matter date was written with, in its own offset
/// (`2024-03-05T23:30:00-05:00` is 2024-03-05 23:30), or as written when it
/// has none: what Hugo's, Jekyll's and Hexo's date tokens format.
pub fn written_date(text: &str) -> Option<NaiveDateTime> {
    let s = text.trim();
    if let Ok(d) = chrono::DateTime::parse_from_rfc3339(s) {
        return Some(d.naive_local());
    }
    for f in [
        "%Y-%m-%dT%H:%M:%S%.f%:z",
        "%Y-%m-%d %H:%M:%S%.f%:z",
        "%Y-%m-%d %H:%M:%S%.f %:z",
        "%Y-%m-%d %H:%M:%S%.f %z",
        "%Y-%m-%dT%H:%M%:z",
        "%Y-%m-%d %H:%M %:z",
    ] {
        if let Ok(d) = chrono::DateTime::parse_from_str(s, f) {
            return Some(d.naive_local());
        }
    }
    let s = s.trim_end_matches(" UTC").trim_end_matches('Z');
    for f in [
        "%Y-%m-%dT%H:%M:%S%.f",
        "%Y-%m-%d %H:%M:%S%.f",
        "%Y-%m-%dT%H:%M",
        "%Y-%m-%d %H:%M",
    ] {
        if let Ok(d) = NaiveDateTime::parse_from_str(s, f) {
            return Some(d);
        }
    }
    NaiveDate::parse_from_str(s, "%Y-%m-%d")
        .ok()
        .and_then(|d| d.and_hms_opt(0, 0, 0))
}

mod pelican;

#[cfg(test)]
mod tests;
