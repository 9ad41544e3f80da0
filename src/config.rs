//! The TOML configuration: what the site is, which sections are events, where
//! the outputs go. Every key has a default, so feedcal runs without a file.
//!
//! Unknown keys are errors (a typo such as `time_zome` must not silently fall
//! back to a default); every error names the key and what it accepts.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use chrono::Duration;
use chrono_tz::Tz;
use serde::Deserialize;

use crate::generator::Generator;

/// Whether a section's posts are events (feed + calendar) or plain posts (feed only).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum SectionKind {
    Events,
    Posts,
}

#[derive(Debug, Clone)]
pub struct Section {
    pub kind: SectionKind,
    /// Added to the start of an event whose post gives no end.
    pub default_duration: Duration,
}

/// The resolved configuration, with defaults applied and values validated.
#[derive(Debug, Clone)]
pub struct Config {
    /// Whose layout and URL rules apply (`generator`, default Hugo).
    pub generator: Generator,
    pub title: String,
    pub description: String,
    /// Always ends with `/`.
    pub base_url: url::Url,
    pub default_language: String,
    /// Language codes recognised as the first path segment. Empty: any
    /// segment that looks like a language code (`zh`, `en`, `pt-br`).
    pub languages: Vec<String>,
    pub time_zone: Tz,
    pub content: PathBuf,
    pub out: PathBuf,
    pub calendar_name: String,
    /// How many items a feed holds (newest first); 0 means all.
    pub feed_items: usize,
    pub sections: BTreeMap<String, Section>,
    /// Front-matter key paths that hold an event time as text (`section1.time`).
    pub event_time_keys: Vec<String>,
    /// Hugo lowercases URL paths unless `disablePathToLower` is set; we follow it.
    pub lowercase_urls: bool,
    /// Public URL of the output folder (feeds' `rel="self"` links); defaults to `base_url`.
    pub feed_url: url::Url,
    /// Host part of event UIDs (`<key>@<uid_domain>`); defaults to the base URL's host.
    pub uid_domain: String,
    /// Feed-level author (Atom requires one for entries that name none); defaults to `title`.
    pub author: String,
    /// Share of a published feed's items or calendar's events a run may drop
    /// before `build` refuses to publish (0.5: more than half); 1 turns it off.
    pub shrink_guard: f64,
    pub outputs: OutputsConfig,
    pub calendar: CalendarConfig,
    /// How far discovery walks (`[discovery]`).
    pub discovery: DiscoveryLimits,
}

/// The config file as written. Every field optional; `deny_unknown_fields` turns typos into errors.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    generator: Option<String>,
    title: Option<String>,
    description: Option<String>,
    base_url: Option<String>,
    default_language: Option<String>,
    languages: Option<Vec<String>>,
    time_zone: Option<String>,
    content: Option<PathBuf>,
    out: Option<PathBuf>,
    calendar_name: Option<String>,
    feed_items: Option<i64>,
    default_duration: Option<String>,
    event_time_keys: Option<Vec<String>>,
    lowercase_urls: Option<bool>,
    uid_domain: Option<String>,
    author: Option<String>,
    feed_url: Option<String>,
    shrink_guard: Option<toml::Value>,
    sections: Option<BTreeMap<String, RawSection>>,
    outputs: Option<RawOutputs>,
    calendar: Option<RawCalendar>,
    discovery: Option<RawDiscovery>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawDiscovery {
    max_depth: Option<i64>,
    max_entries: Option<i64>,
}

/// Bounds of the walk over the content root: a pull request can add a
/// folder link fan-out or thousands of nested folders, and the nightly run
/// must still end, publish the rest and say where it stopped.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DiscoveryLimits {
    /// Folders nested deeper than this below the content root are not read.
    pub max_depth: usize,
    /// The walk stops after this many files and folders.
    pub max_entries: usize,
}

impl Default for DiscoveryLimits {
    fn default() -> Self {
        // A real site nests a post six or seven folders deep
        // (`zh/blog/2023/05/17/slug/index.md`) and holds a few hundred
        // thousand files with its images; both defaults leave room for ten
        // times that, and are walked in seconds.
        DiscoveryLimits {
            max_depth: 32,
            max_entries: 1_000_000,
        }
    }
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawOutputs {
    json_feed: Option<bool>,
    languages: Option<bool>,
    sections: Option<bool>,
    tags: Option<bool>,
    categories: Option<bool>,
    event_files: Option<bool>,
    index_page: Option<bool>,
    upcoming_days: Option<i64>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCalendar {
    refresh_interval: Option<String>,
    color: Option<String>,
    reminder: Option<String>,
}

/// Which files a run writes besides the site-wide RSS, Atom and calendar.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutputsConfig {
    /// `feed.json` (JSON Feed 1.1) beside every `rss.xml`.
    pub json_feed: bool,
    /// `<lang>/rss.xml` … for every language.
    pub languages: bool,
    /// `<lang>/<section>/rss.xml` … for every language and section.
    pub sections: bool,
    /// `tags/<tag>/rss.xml` … for every tag.
    pub tags: bool,
    /// `categories/<category>/rss.xml` … for every category.
    pub categories: bool,
    /// `events/<lang>/<section>/<slug>.ics`: one event per file ("add to calendar").
    pub event_files: bool,
    /// `index.html`: the page listing events with subscribe links.
    pub index_page: bool,
    /// `upcoming.ics`: only events that end at most this many days before the
    /// run's date. `None`: not written.
    pub upcoming_days: Option<u32>,
}

/// RFC 7986 and client hints for every calendar.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CalendarConfig {
    /// `REFRESH-INTERVAL` and `X-PUBLISHED-TTL`: how often subscribers re-fetch.
    pub refresh_interval: Duration,
    /// `COLOR`: a CSS3 colour name or `#rrggbb`.
    pub color: Option<String>,
    /// A `VALARM` this long before every timed event.
    pub reminder: Option<Duration>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSection {
    kind: Option<String>,
    default_duration: Option<String>,
}

/// A configuration problem: which key, what is wrong, what is allowed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigError {
    pub file: Option<PathBuf>,
    pub key: String,
    pub message: String,
}

impl std::fmt::Display for ConfigError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.file {
            Some(file) => write!(f, "{}: ", file.display())?,
            None => write!(f, "config: ")?,
        }
        if self.key.is_empty() {
            write!(f, "{}", self.message)
        } else {
            write!(f, "`{}`: {}", self.key, self.message)
        }
    }
}

impl std::error::Error for ConfigError {}

pub const DEFAULT_TIME_ZONE: Tz = chrono_tz::Asia::Shanghai;
/// A nightly run that would drop more than half of a feed is far more likely
/// a broken checkout than an editorial decision.
pub const DEFAULT_SHRINK_GUARD: f64 = 0.5;
const DEFAULT_DURATION_MINUTES: i64 = 120;

impl Default for Config {
    fn default() -> Self {
        // Built from the empty file so that defaults live in one place.
        Config::from_raw(RawConfig::default(), None, Path::new(""))
            .expect("the built-in defaults are valid")
    }
}

impl Config {
    /// Reads a config file. Relative `content`/`out` paths in it are resolved
    /// against the file's own folder (as mdBook and zola do), so the site works
    /// from whatever directory cron starts in.
    pub fn load(path: &Path) -> Result<Config, ConfigError> {
        let text = std::fs::read_to_string(path).map_err(|e| ConfigError {
            file: Some(path.to_path_buf()),
            key: String::new(),
            message: format!("cannot read the config file: {e}"),
        })?;
        let root = path.parent().unwrap_or(Path::new("."));
        Config::parse_in(&text, Some(path), root)
    }

    /// Parses config text; `file` is only used in messages.
    pub fn parse(text: &str, file: Option<&Path>) -> Result<Config, ConfigError> {
        Config::parse_in(text, file, Path::new(""))
    }

    /// Parses config text whose relative paths are relative to `root`.
    pub fn parse_in(text: &str, file: Option<&Path>, root: &Path) -> Result<Config, ConfigError> {
        let raw: RawConfig = toml::from_str(text).map_err(|e| {
            let (line, col) = e.span().map(|s| line_col(text, s.start)).unwrap_or((0, 0));
            ConfigError {
                file: file.map(Path::to_path_buf),
                key: String::new(),
                message: format!(
                    "line {line}, column {col}: {}",
                    e.message().trim_end().replace('\n', " ")
                ),
            }
        })?;
        Config::from_raw(raw, file, root)
    }

    fn from_raw(raw: RawConfig, file: Option<&Path>, root: &Path) -> Result<Config, ConfigError> {
        let err = |key: &str, message: String| ConfigError {
            file: file.map(Path::to_path_buf),
            key: key.to_string(),
            message,
        };
        let generator = match raw.generator.as_deref() {
            None => Generator::default(),
            Some(name) => Generator::from_name(name).ok_or_else(|| {
                let names: Vec<&str> = Generator::ALL.iter().map(|g| g.name()).collect();
                err(
                    "generator",
                    format!("{name:?} is not a generator feedcal knows; write one of {names:?}"),
                )
            })?,
        };
        let base = raw
            .base_url
            .unwrap_or_else(|| "https://example.org/".to_string());
        let mut base_url = url::Url::parse(&base).map_err(|e| {
            err(
                "base_url",
                format!("{base:?} is not an absolute URL ({e}); write e.g. \"https://www.example.org/\""),
            )
        })?;
        if !matches!(base_url.scheme(), "http" | "https") || base_url.host_str().is_none() {
            return Err(err(
                "base_url",
                format!("{base:?} must be an http or https URL with a host"),
            ));
        }
        if !base_url.path().ends_with('/') {
            let p = format!("{}/", base_url.path());
            base_url.set_path(&p);
        }
        let tz_name = raw
            .time_zone
            .unwrap_or_else(|| DEFAULT_TIME_ZONE.name().to_string());
        let time_zone: Tz = tz_name.parse().map_err(|_| {
            err(
                "time_zone",
                format!("{tz_name:?} is not an IANA time zone name; write e.g. \"Asia/Shanghai\" or \"Europe/Berlin\""),
            )
        })?;
        let default_duration = match &raw.default_duration {
            Some(s) => parse_duration(s).map_err(|m| err("default_duration", m))?,
            None => Duration::minutes(DEFAULT_DURATION_MINUTES),
        };
        let feed_items = match raw.feed_items {
            None => 50,
            Some(n) if n >= 0 => n as usize,
            Some(n) => {
                return Err(err(
                    "feed_items",
                    format!("{n} is negative; write a count, or 0 for every post"),
                ))
            }
        };
        let mut sections = BTreeMap::new();
        match raw.sections {
            None => {
                for (name, kind) in generator.default_sections() {
                    sections.insert(
                        name.to_string(),
                        Section {
                            kind: *kind,
                            default_duration,
                        },
                    );
                }
            }
            Some(raw_sections) => {
                for (name, s) in raw_sections {
                    let key = format!("sections.{name}.kind");
                    let kind = match s.kind.as_deref() {
                        Some("events") => SectionKind::Events,
                        Some("posts") | None => SectionKind::Posts,
                        Some(other) => {
                            return Err(err(
                                &key,
                                format!("{other:?} is not a section kind; write \"events\" (feed + calendar) or \"posts\" (feed only)"),
                            ))
                        }
                    };
                    let default_duration = match &s.default_duration {
                        Some(d) => parse_duration(d)
                            .map_err(|m| err(&format!("sections.{name}.default_duration"), m))?,
                        None => default_duration,
                    };
                    if name.is_empty() || name.contains(['/', '\\']) || name == "." || name == ".."
                    {
                        return Err(err(
                            "sections",
                            format!("{name:?} is not a section folder name"),
                        ));
                    }
                    sections.insert(
                        name,
                        Section {
                            kind,
                            default_duration,
                        },
                    );
                }
            }
        }
        let default_language = raw.default_language.unwrap_or_else(|| "zh".to_string());
        if !looks_like_language(&default_language) {
            return Err(err(
                "default_language",
                format!("{default_language:?} is not a language code; write e.g. \"zh\" or \"en\""),
            ));
        }
        let languages = raw.languages.unwrap_or_default();
        for l in &languages {
            if !looks_like_language(l) {
                return Err(err(
                    "languages",
                    format!("{l:?} is not a language code; write e.g. [\"zh\", \"en\"]"),
                ));
            }
        }
        let uid_domain = match raw.uid_domain {
            Some(d) if !d.is_empty() && !d.contains(|c: char| c.is_whitespace() || c == '@') => d,
            Some(d) => {
                return Err(err(
                    "uid_domain",
                    format!("{d:?} must be a host name without spaces or '@'"),
                ))
            }
            None => base_url.host_str().unwrap_or("localhost").to_string(),
        };
        let feed_url = match raw.feed_url {
            None => base_url.clone(),
            Some(f) => {
                let mut u = url::Url::parse(&f).map_err(|e| {
                    err("feed_url", format!("{f:?} is not an absolute URL ({e}); write e.g. \"https://www.example.org/feeds/\""))
                })?;
                if !u.path().ends_with('/') {
                    let p = format!("{}/", u.path());
                    u.set_path(&p);
                }
                u
            }
        };
        let shrink_guard = match &raw.shrink_guard {
            None => DEFAULT_SHRINK_GUARD,
            Some(v) => {
                // TOML tells `1` from `1.0`; both mean the same share here.
                let share = v.as_float().or_else(|| v.as_integer().map(|i| i as f64));
                match share {
                    Some(s) if (0.0..=1.0).contains(&s) => s,
                    _ => {
                        return Err(err(
                            "shrink_guard",
                            format!("{v} is not a share between 0 and 1: the part of a feed's items or a calendar's events one run may drop before publishing is refused (0.5 = half; 1 turns the guard off)"),
                        ))
                    }
                }
            }
        };
        let ro = raw.outputs.unwrap_or_default();
        let upcoming_days = match ro.upcoming_days {
            None => None,
            Some(n) if (0..=3660).contains(&n) => Some(n as u32),
            Some(n) => {
                return Err(err(
                    "outputs.upcoming_days",
                    format!("{n} is not a number of days from 0 to 3660; leave it out to write no upcoming.ics"),
                ))
            }
        };
        let outputs = OutputsConfig {
            json_feed: ro.json_feed.unwrap_or(true),
            languages: ro.languages.unwrap_or(true),
            sections: ro.sections.unwrap_or(true),
            tags: ro.tags.unwrap_or(true),
            categories: ro.categories.unwrap_or(true),
            event_files: ro.event_files.unwrap_or(true),
            index_page: ro.index_page.unwrap_or(true),
            upcoming_days,
        };
        let rc = raw.calendar.unwrap_or_default();
        let refresh_interval = match &rc.refresh_interval {
            Some(d) => parse_duration(d).map_err(|m| err("calendar.refresh_interval", m))?,
            None => Duration::hours(12),
        };
        let reminder = match &rc.reminder {
            Some(d) => Some(parse_duration(d).map_err(|m| err("calendar.reminder", m))?),
            None => None,
        };
        if let Some(c) = &rc.color {
            let hex = c
                .strip_prefix('#')
                .is_some_and(|h| h.len() == 6 && h.bytes().all(|b| b.is_ascii_hexdigit()));
            let name = !c.is_empty() && c.bytes().all(|b| b.is_ascii_alphabetic());
            if !hex && !name {
                return Err(err(
                    "calendar.color",
                    format!(
                        "{c:?} is not a CSS colour; write a name such as \"teal\" or \"#0a66c2\""
                    ),
                ));
            }
        }
        let calendar = CalendarConfig {
            refresh_interval,
            color: rc.color,
            reminder,
        };
        let rd = raw.discovery.unwrap_or_default();
        let limit = |key: &str, value: Option<i64>, default: usize, max: i64| match value {
            None => Ok(default),
            Some(n) if (1..=max).contains(&n) => Ok(n as usize),
            Some(n) => Err(err(key, format!("{n} is not a count from 1 to {max}"))),
        };
        let discovery = DiscoveryLimits {
            max_depth: limit(
                "discovery.max_depth",
                rd.max_depth,
                DiscoveryLimits::default().max_depth,
                1024,
            )?,
            max_entries: limit(
                "discovery.max_entries",
                rd.max_entries,
                DiscoveryLimits::default().max_entries,
                1_000_000_000,
            )?,
        };
        let title = raw.title.unwrap_or_else(|| "Events".to_string());
        let author = raw.author.unwrap_or_else(|| title.clone());
        Ok(Config {
            generator,
            calendar_name: raw.calendar_name.unwrap_or_else(|| title.clone()),
            description: raw
                .description
                .unwrap_or_else(|| format!("Posts and events of {title}")),
            title,
            base_url,
            default_language,
            languages,
            time_zone,
            content: normalize(
                &root.join(
                    raw.content
                        .unwrap_or_else(|| PathBuf::from(generator.default_content())),
                ),
            ),
            out: normalize(&root.join(raw.out.unwrap_or_else(|| PathBuf::from("public/feeds")))),
            feed_items,
            sections,
            event_time_keys: raw.event_time_keys.unwrap_or_default(),
            lowercase_urls: raw.lowercase_urls.unwrap_or(true),
            uid_domain,
            author,
            feed_url,
            shrink_guard,
            outputs,
            calendar,
            discovery,
        })
    }

    pub fn section(&self, name: &str) -> Option<&Section> {
        self.sections.get(name)
    }
}

/// `zh`, `en`, `pt-br`, `zh-Hans`: what Hugo accepts as a language key.
pub fn looks_like_language(s: &str) -> bool {
    let mut parts = s.split('-');
    let first = parts.next().unwrap_or("");
    (2..=3).contains(&first.len())
        && first.bytes().all(|b| b.is_ascii_lowercase())
        && parts.all(|p| (2..=8).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_alphanumeric()))
}

/// Parses `90m`, `2h`, `1h30m`, `1d`.
pub fn parse_duration(s: &str) -> Result<Duration, String> {
    let bad = || format!("{s:?} is not a duration; write e.g. \"2h\", \"90m\" or \"1h30m\"");
    let mut total = 0i64;
    let mut num = String::new();
    let mut seen_unit = false;
    for c in s.trim().chars() {
        if c.is_ascii_digit() {
            num.push(c);
            continue;
        }
        let n: i64 = num.parse().map_err(|_| bad())?;
        num.clear();
        total += match c {
            'd' => n * 1440,
            'h' => n * 60,
            'm' => n,
            _ => return Err(bad()),
        };
        seen_unit = true;
    }
    if !num.is_empty() || !seen_unit {
        return Err(bad());
    }
    if total <= 0 || total > 60 * 24 * 31 {
        return Err(format!("{s:?} must be more than 0 and at most 31 days"));
    }
    Ok(Duration::minutes(total))
}

/// `feeds/../public` → `public`, lexically, so messages show the path a
/// person would type (no file-system access: the folder may not exist yet).
fn normalize(path: &Path) -> PathBuf {
    use std::path::Component;
    let mut out = PathBuf::new();
    for c in path.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir
                if matches!(out.components().next_back(), Some(Component::Normal(_))) =>
            {
                out.pop();
            }
            other => out.push(other),
        }
    }
    if out.as_os_str().is_empty() {
        out.push(".");
    }
    out
}

fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let before = &text[..offset.min(text.len())];
    let line = before.matches('\n').count() + 1;
    let col = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, col)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_without_a_file() {
        let c = Config::default();
        assert_eq!(c.time_zone, chrono_tz::Asia::Shanghai);
        assert_eq!(c.sections["activities"].kind, SectionKind::Events);
        assert_eq!(c.sections["blog"].kind, SectionKind::Posts);
        assert_eq!(
            c.sections["activities"].default_duration,
            Duration::hours(2)
        );
    }

    #[test]
    fn unknown_key_is_named() {
        let e = Config::parse("time_zome = \"UTC\"\n", None).unwrap_err();
        assert!(e.message.contains("time_zome"), "{e}");
        assert!(e.message.contains("line 1"), "{e}");
    }

    #[test]
    fn bad_zone_names_key_and_example() {
        let e = Config::parse("time_zone = \"Mars/Olympus\"\n", None).unwrap_err();
        assert_eq!(e.key, "time_zone");
        assert!(e.to_string().contains("Asia/Shanghai"));
    }

    #[test]
    fn bad_section_kind_lists_allowed() {
        let e = Config::parse("[sections.news]\nkind = \"feed\"\n", None).unwrap_err();
        assert_eq!(e.key, "sections.news.kind");
        assert!(e.message.contains("\"events\""));
    }

    #[test]
    fn durations() {
        assert_eq!(parse_duration("90m").unwrap(), Duration::minutes(90));
        assert_eq!(parse_duration("1h30m").unwrap(), Duration::minutes(90));
        assert_eq!(parse_duration("1d").unwrap(), Duration::days(1));
        assert!(parse_duration("2 hours").is_err());
        assert!(parse_duration("0h").is_err());
        assert!(parse_duration("").is_err());
    }

    #[test]
    fn outputs_and_calendar_tables() {
        let c = Config::default();
        assert!(c.outputs.tags && c.outputs.json_feed && c.outputs.index_page);
        assert_eq!(c.outputs.upcoming_days, None);
        assert_eq!(c.calendar.refresh_interval, Duration::hours(12));
        let c = Config::parse(
            "[outputs]\ntags = false\nupcoming_days = 7\n[calendar]\nreminder = \"30m\"\ncolor = \"#0a66c2\"\n",
            None,
        )
        .unwrap();
        assert!(!c.outputs.tags);
        assert_eq!(c.outputs.upcoming_days, Some(7));
        assert_eq!(c.calendar.reminder, Some(Duration::minutes(30)));
        let e = Config::parse("[calendar]\ncolor = \"#12\"\n", None).unwrap_err();
        assert_eq!(e.key, "calendar.color");
        let e = Config::parse("[outputs]\ntag = true\n", None).unwrap_err();
        assert!(e.message.contains("tag"), "{e}");
    }

    #[test]
    fn shrink_guard_is_a_share() {
        assert_eq!(Config::default().shrink_guard, 0.5);
        assert_eq!(
            Config::parse("shrink_guard = 0.25\n", None)
                .unwrap()
                .shrink_guard,
            0.25
        );
        assert_eq!(
            Config::parse("shrink_guard = 1\n", None)
                .unwrap()
                .shrink_guard,
            1.0
        );
        for bad in ["1.5", "-0.1", "\"half\"", "nan"] {
            let e = Config::parse(&format!("shrink_guard = {bad}\n"), None).unwrap_err();
            assert_eq!(e.key, "shrink_guard", "{bad}");
            assert!(e.message.contains("between 0 and 1"), "{e}");
        }
    }

    #[test]
    fn section_names_cannot_leave_the_output_folder() {
        for bad in ["..", ".", "a/b"] {
            let e = Config::parse(&format!("[sections.\"{bad}\"]\nkind = \"events\"\n"), None)
                .unwrap_err();
            assert_eq!(e.key, "sections", "{bad}");
        }
    }

    #[test]
    fn discovery_limits() {
        assert_eq!(Config::default().discovery, DiscoveryLimits::default());
        let c = Config::parse("[discovery]\nmax_depth = 8\nmax_entries = 500\n", None).unwrap();
        assert_eq!((c.discovery.max_depth, c.discovery.max_entries), (8, 500));
        for bad in ["max_depth = 0", "max_entries = -1", "max_depth = 5000"] {
            let e = Config::parse(&format!("[discovery]\n{bad}\n"), None).unwrap_err();
            assert!(e.key.starts_with("discovery."), "{bad}: {e}");
        }
        let e = Config::parse("[discovery]\ndepth = 3\n", None).unwrap_err();
        assert!(e.message.contains("depth"), "{e}");
    }

    #[test]
    fn base_url_gets_trailing_slash() {
        let c = Config::parse("base_url = \"https://x.org/sub\"\n", None).unwrap();
        assert_eq!(c.base_url.as_str(), "https://x.org/sub/");
        assert_eq!(c.uid_domain, "x.org");
        assert!(Config::parse("base_url = \"/relative\"\n", None).is_err());
    }
}
