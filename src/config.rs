//! The configuration of a run, resolved from layers, each value with where it
//! came from:
//!
//! ```text
//! built-in defaults  <  the generator's defaults  <  the site's own config  <  feedcal.toml  <  command-line flags
//! ```
//!
//! A feedcal key always wins over the site's value; the site's config
//! ([`crate::site_config`]) gives what the site already says (base URL,
//! languages, time zone, permalink rules, publish folder, publish rules), so
//! feedcal.toml only needs what is feedcal's: which sections are events, the
//! outputs, the calendar hints. [`Config::provenance`] records, per value,
//! the layer (and for site values the file and key) it came from; `check -v`
//! prints it ([`Config::provenance_lines`]).
//!
//! Unknown keys are errors (a typo such as `time_zome` must not silently fall
//! back to a default); every error names the key and what it accepts. A
//! number too large, a duration that overflows, a control character (a CR
//! pasted from Windows) in any value: an error naming the key, never a panic.
//!
//! The output folder defaults to `feeds/` inside the site's publish folder
//! (Hugo, Hexo, Zola `public/`, Jekyll `_site/`, Docusaurus `build/`,
//! VuePress its `dest`, Pelican `output/`), and `feed_url` to the base URL plus that path, so
//! every self link and subscribe link points where the files are served.
//! When `out` or `feed_url` disagree with the publish folder, a warning names both.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use chrono::{Duration, NaiveDate};
use chrono_tz::Tz;
use serde::Deserialize;

use crate::generator::{Generator, PelicanContent};
use crate::permalink::{FilenameDate, Slugify, UrlRules};
use crate::publish_rules::PublishRules;
use crate::site_config::{self, SiteConfig, SiteSource};

pub use crate::generator::SectionKind;

#[derive(Debug, Clone)]
pub struct Section {
    pub kind: SectionKind,
    /// Added to the start of an event whose post gives no end.
    pub default_duration: Duration,
}

/// The resolved configuration, with defaults applied and values validated.
#[derive(Debug, Clone)]
pub struct Config {
    /// Whose layout and URL rules apply (`generator`, else detected from the
    /// site's config, else Hugo).
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
    /// No layer names the sections: they are found from the content when
    /// the site is read ([`crate::sections`]); `sections` then holds the
    /// generator's defaults, for their durations.
    pub sections_auto: bool,
    /// Front-matter key paths mapped to event roles (`[event_keys]`, and the
    /// deprecated `event_time_keys` list, read as `text`).
    pub event_keys: crate::event_keys::EventKeys,
    /// Hugo lowercases URL paths unless `disablePathToLower` is set; we follow it.
    pub lowercase_urls: bool,
    /// Public URL of the output folder (feeds' `rel="self"` links); defaults
    /// to the base URL plus the output folder's path inside the publish folder.
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
    /// Files and folders never read (`discovery.exclude`, else the site
    /// config's `exclude`, as Jekyll and Hexo skip them).
    pub exclude: Exclude,
    /// The generator's URL rules (permalink patterns, ugly URLs, blogs…).
    pub urls: UrlRules,
    /// Which posts the site publishes (future, expired, drafts).
    pub publish: PublishRules,
    /// Where a Pelican site's articles are and how their categories are
    /// named (Pelican's defaults for the other generators, which ignore it).
    pub pelican: PelicanContent,
    /// The run's date for the publish rules (`--today`, `SOURCE_DATE_EPOCH`);
    /// `None`: no date rule applies.
    pub today: Option<NaiveDate>,
    /// The site's publish folder: where the generator writes the site.
    pub publish_dir: PathBuf,
    /// Taxonomies the site has (Hugo's `taxonomies`; `tags` and `categories` by default).
    pub taxonomies: Vec<String>,
    /// The site's own config, when one was read.
    pub site: Option<SiteConfig>,
    /// Per value: what it is and where it came from, in a fixed order.
    pub provenance: Vec<Provenance>,
    /// Problems that do not stop a run (out or feed_url not where the site
    /// serves them); `build` and `check` print them.
    pub warnings: Vec<String>,
    /// `previous`: where the currently published calendars are, whose
    /// events' SEQUENCE this run continues (a clean CI build has no output
    /// folder to read them from).
    pub previous: Option<Previous>,
}

/// Where a resolved value came from.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[serde(tag = "layer", rename_all = "kebab-case")]
pub enum Origin {
    /// feedcal's built-in default.
    Default,
    /// The generator's documented default (the site's config does not say).
    GeneratorDefault { generator: Generator },
    /// The site's own config file.
    Site(SiteSource),
    /// feedcal.toml.
    File { file: PathBuf },
    /// A command-line flag.
    Flag { flag: &'static str },
    /// Computed from other values.
    Derived { from: &'static str },
}

impl std::fmt::Display for Origin {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Origin::Default => f.write_str("feedcal default"),
            Origin::GeneratorDefault { generator } => write!(f, "{generator} default"),
            Origin::Site(s) => write!(f, "{s}"),
            Origin::File { file } => write!(f, "{}", file.display()),
            Origin::Flag { flag } => write!(f, "{flag}"),
            Origin::Derived { from } => write!(f, "from {from}"),
        }
    }
}

/// One resolved value, shown as text, and its origin.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Provenance {
    pub key: &'static str,
    pub value: String,
    pub origin: Origin,
}

/// What the command line says: the top layer.
#[derive(Debug, Clone, Default)]
pub struct Flags {
    /// `--config PATH`.
    pub config: Option<PathBuf>,
    /// `--site DIR`: read the site generator's own config there.
    pub site: Option<PathBuf>,
    pub content: Option<PathBuf>,
    pub out: Option<PathBuf>,
    /// `--future`, `--expired`, `--drafts`: publish what the site would leave out.
    pub future: bool,
    pub expired: bool,
    pub drafts: bool,
    /// `--today` (or `SOURCE_DATE_EPOCH`): the run's date.
    pub today: Option<NaiveDate>,
    /// Read no config file at all (`init`, which is about to write one).
    pub no_config_file: bool,
}

/// The config file as written. Every field optional; `deny_unknown_fields` turns typos into errors.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    /// The site folder whose generator config is read, relative to this file.
    site: Option<PathBuf>,
    generator: Option<String>,
    title: Option<String>,
    description: Option<String>,
    base_url: Option<String>,
    default_language: Option<String>,
    default_language_in_subdir: Option<bool>,
    languages: Option<Vec<String>>,
    time_zone: Option<String>,
    content: Option<PathBuf>,
    out: Option<PathBuf>,
    calendar_name: Option<String>,
    feed_items: Option<i64>,
    default_duration: Option<String>,
    /// Deprecated: `[event_keys]` with the role `text` says the same.
    event_time_keys: Option<Vec<String>>,
    event_keys: Option<BTreeMap<String, String>>,
    lowercase_urls: Option<bool>,
    uid_domain: Option<String>,
    author: Option<String>,
    feed_url: Option<String>,
    shrink_guard: Option<toml::Value>,
    build_future: Option<bool>,
    build_expired: Option<bool>,
    build_drafts: Option<bool>,
    sections: Option<BTreeMap<String, RawSection>>,
    outputs: Option<RawOutputs>,
    calendar: Option<RawCalendar>,
    discovery: Option<RawDiscovery>,
    /// Where the published calendars are (URL or folder, relative to this file).
    previous: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawDiscovery {
    max_depth: Option<i64>,
    max_entries: Option<i64>,
    max_tags_per_post: Option<i64>,
    exclude: Option<Vec<String>>,
}

/// Files and folders the site never builds (Jekyll's and Hexo's `exclude`,
/// feedcal's `discovery.exclude`): globs relative to the content root; a
/// folder's pattern excludes everything below it. `globset` (ripgrep's glob
/// matcher) reads them: `*` and `**`, `?`, `[abc]`, `{a,b}`.
#[derive(Debug, Clone, Default)]
pub struct Exclude {
    set: Option<globset::GlobSet>,
}

impl Exclude {
    /// `Err` names the pattern that is not a glob.
    pub fn new(patterns: &[String]) -> Result<Exclude, String> {
        if patterns.is_empty() {
            return Ok(Exclude::default());
        }
        let mut b = globset::GlobSetBuilder::new();
        for p in patterns {
            // Jekyll writes folders with or without a trailing `/`, and
            // paths relative to the site with or without `./`.
            let clean = p.trim().trim_start_matches("./").trim_end_matches('/');
            let glob = globset::Glob::new(clean)
                .map_err(|e| format!("{p:?} is not a glob pattern: {e}"))?;
            b.add(glob);
        }
        let set = b.build().map_err(|e| e.to_string())?;
        Ok(Exclude { set: Some(set) })
    }

    /// Whether the path (components relative to the content root) or a
    /// folder above it is excluded.
    pub fn excludes(&self, rel: &[String]) -> bool {
        let Some(set) = &self.set else {
            return false;
        };
        (1..=rel.len()).any(|n| set.is_match(rel[..n].join("/")))
    }
}

/// `outputs.max_files` (besides one calendar per event, which grows with the
/// site, not with an attack): ten times the files of a large real site (a few
/// hundred tags, four files each, per language).
pub const DEFAULT_MAX_FILES: usize = 20_000;

/// Bounds of the walk over the content root: a pull request can add a
/// folder link fan-out or thousands of nested folders, and the nightly run
/// must still end, publish the rest and say where it stopped.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DiscoveryLimits {
    /// Folders nested deeper than this below the content root are not read.
    pub max_depth: usize,
    /// The walk stops after this many files and folders.
    pub max_entries: usize,
    /// A post's tags (and, apart, its categories) past this many are
    /// dropped, with a warning: each term is four files, and a pull request
    /// with thousands of tags would otherwise multiply the output.
    pub max_tags_per_post: usize,
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
            max_tags_per_post: 50,
        }
    }
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawOutputs {
    max_files: Option<i64>,
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
    /// A run that would publish more files than this is refused (exit 3):
    /// the bound on what one pull request can make a run write.
    pub max_files: usize,
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

/// The config file used when `--config` is not given (and no `--site`).
pub const DEFAULT_CONFIG: &str = "feeds/feedcal.toml";
/// The config file looked for in a `--site` folder.
pub const SITE_CONFIG_NAME: &str = "feedcal.toml";

/// Where the currently published calendars are read from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Previous {
    /// The published output folder (a checkout of the deployed site, say).
    Dir(PathBuf),
    /// The URL the output folder is served at (`feed_url`, usually).
    Url(url::Url),
}

impl Previous {
    /// `http://…` and `https://…` are URLs; anything else is a folder,
    /// relative to `root`.
    pub fn parse(s: &str, root: &Path) -> Result<Previous, String> {
        let lower = s.trim().to_ascii_lowercase();
        if lower.starts_with("http://") || lower.starts_with("https://") {
            let mut u = url::Url::parse(s.trim()).map_err(|e| {
                format!("{s:?} is not a URL ({e}); write e.g. \"https://example.org/feeds/\"")
            })?;
            // The calendars are below it: `…/feeds` means the folder `…/feeds/`.
            if !u.path().ends_with('/') {
                let path = format!("{}/", u.path());
                u.set_path(&path);
            }
            return Ok(Previous::Url(u));
        }
        if lower.contains("://") {
            return Err(format!(
                "{s:?}: only http:// and https:// URLs, or a folder, can be read"
            ));
        }
        if s.trim().is_empty() {
            return Err("is empty: write a URL (https://example.org/feeds/) or a folder".into());
        }
        Ok(Previous::Dir(root.join(s)))
    }
}

impl std::fmt::Display for Previous {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Previous::Dir(d) => write!(f, "{}", d.display()),
            Previous::Url(u) => write!(f, "{u}"),
        }
    }
}

impl Default for Config {
    fn default() -> Self {
        // Built from the empty file so that defaults live in one place.
        Config::from_layers(
            RawConfig::default(),
            None,
            Path::new(""),
            None,
            &Flags::default(),
        )
        .expect("the built-in defaults are valid")
    }
}

impl Config {
    /// What the URL rules need of this config.
    pub fn url_site(&self) -> crate::permalink::UrlSite<'_> {
        crate::permalink::UrlSite {
            rules: &self.urls,
            base_url: &self.base_url,
            default_language: &self.default_language,
            lowercase: self.lowercase_urls,
        }
    }

    /// Reads a config file. Relative `content`/`out` paths in it are resolved
    /// against the file's own folder (as mdBook and zola do), so the site works
    /// from whatever directory cron starts in. A `site` key in it reads that
    /// site's own config too.
    pub fn load(path: &Path) -> Result<Config, ConfigError> {
        Config::resolve(&Flags {
            config: Some(path.to_path_buf()),
            ..Flags::default()
        })
    }

    /// Parses config text; `file` is only used in messages.
    pub fn parse(text: &str, file: Option<&Path>) -> Result<Config, ConfigError> {
        Config::parse_in(text, file, Path::new(""))
    }

    /// Parses config text whose relative paths are relative to `root`.
    pub fn parse_in(text: &str, file: Option<&Path>, root: &Path) -> Result<Config, ConfigError> {
        let raw = parse_raw(text, file)?;
        Config::from_layers(raw, file, root, None, &Flags::default())
    }

    /// Resolves every layer for a run: the config file (`--config`, else
    /// `feedcal.toml` in the `--site` folder, else `feeds/feedcal.toml`, each
    /// when it exists), the site's own config (`--site`, else the file's
    /// `site` key), and the flags.
    pub fn resolve(flags: &Flags) -> Result<Config, ConfigError> {
        let file = match (&flags.config, &flags.site) {
            _ if flags.no_config_file => None,
            (Some(p), _) => Some(p.clone()),
            (None, Some(site)) => Some(site.join(SITE_CONFIG_NAME)).filter(|p| p.is_file()),
            (None, None) => Some(PathBuf::from(DEFAULT_CONFIG)).filter(|p| p.is_file()),
        };
        let (raw, root) = match &file {
            Some(path) => {
                let text = std::fs::read_to_string(path).map_err(|e| ConfigError {
                    file: Some(path.to_path_buf()),
                    key: String::new(),
                    message: format!("cannot read the config file: {e}"),
                })?;
                let root = path.parent().unwrap_or(Path::new(".")).to_path_buf();
                (parse_raw(&text, Some(path))?, root)
            }
            None => (RawConfig::default(), flags.site.clone().unwrap_or_default()),
        };
        let site_dir = flags
            .site
            .clone()
            .or_else(|| raw.site.as_ref().map(|s| normalize(&root.join(s))));
        let site = match site_dir {
            None => None,
            Some(dir) => {
                let generator = match raw.generator.as_deref() {
                    Some(name) => Some(parse_generator(name, file.as_deref())?),
                    None => None,
                };
                let read = site_config::read(&dir, generator).map_err(|e| ConfigError {
                    file: Some(e.file.clone()),
                    key: String::new(),
                    message: format!("cannot read the site's config: {}", e.message),
                })?;
                Some(read)
            }
        };
        Config::from_layers(raw, file.as_deref(), &root, site, flags)
    }

    /// Lines for `check -v`: every value with where it came from, then the
    /// site-config values that could not be read.
    pub fn provenance_lines(&self) -> Vec<String> {
        let mut out = Vec::new();
        if let Some(site) = &self.site {
            let files: Vec<String> = site.files.iter().map(|f| f.display().to_string()).collect();
            out.push(format!(
                "site: {} ({}), read {}",
                site.root.display(),
                site.generator,
                files.join(", ")
            ));
        }
        for p in &self.provenance {
            out.push(format!("{} = {}  ({})", p.key, p.value, p.origin));
        }
        if let Some(site) = &self.site {
            for u in &site.unread {
                out.push(format!("not read: {u}"));
            }
        }
        out
    }

    fn from_layers(
        raw: RawConfig,
        file: Option<&Path>,
        root: &Path,
        site: Option<SiteConfig>,
        flags: &Flags,
    ) -> Result<Config, ConfigError> {
        let mut l = Layers {
            file,
            site: site.as_ref(),
            provenance: Vec::new(),
            warnings: Vec::new(),
        };
        let generator = l.generator(&raw)?;
        let base_url = l.base_url(&raw)?;
        let title = l.text(
            "title",
            raw.title.clone(),
            site.as_ref().and_then(|s| s.title.clone()),
            "Events",
        )?;
        let description = match raw.description.clone() {
            Some(d) => l.record("description", d, l.file_origin()),
            None => l.record(
                "description",
                format!("Posts and events of {title}"),
                Origin::Derived { from: "title" },
            ),
        };
        let default_language = l.default_language(&raw, generator)?;
        let languages = l.languages(&raw, &default_language, generator)?;
        let time_zone = l.time_zone(&raw)?;
        let default_duration = match &raw.default_duration {
            Some(s) => parse_duration(s).map_err(|m| l.err("default_duration", m))?,
            None => Duration::minutes(DEFAULT_DURATION_MINUTES),
        };
        let feed_items = l.feed_items(&raw)?;
        let sections_auto = raw.sections.is_none();
        let sections = l.sections(&raw, default_duration, generator)?;
        let (content, publish_dir, publish_known) = l.folders(&raw, root, flags, generator);
        let out = l.out(&raw, root, flags, &publish_dir, &content)?;
        let feed_url = l.feed_url(&raw, &base_url, &out, &publish_dir, publish_known)?;
        let uid_domain = l.uid_domain(&raw, &base_url)?;
        let shrink_guard = l.shrink_guard(&raw)?;
        let outputs = l.outputs(&raw)?;
        let calendar = l.calendar(&raw)?;
        let discovery = l.discovery(&raw)?;
        let exclude = l.exclude(&raw)?;
        let lowercase_urls = l.lowercase_urls(&raw);
        let previous = match &raw.previous {
            Some(p) => Some(Previous::parse(p, root).map_err(|m| l.err("previous", m))?),
            None => None,
        };
        let urls = l.urls(&raw, generator)?;
        let publish = l.publish_rules(&raw, generator, flags);
        let pelican = l.pelican(generator);
        let taxonomies = match site.as_ref().and_then(|s| s.taxonomies.clone()) {
            Some(t) => {
                let shown = format!("{:?}", t.value);
                l.record("taxonomies", shown, Origin::Site(t.from));
                t.value
            }
            None => vec!["tags".to_string(), "categories".to_string()],
        };
        l.language_folders(&content, root);
        let calendar_name = match raw.calendar_name.clone() {
            Some(c) => l.record("calendar_name", c, l.file_origin()),
            None => title.clone(),
        };
        let author = raw.author.clone().unwrap_or_else(|| title.clone());
        let legacy_keys = raw.event_time_keys.clone().unwrap_or_default();
        if !legacy_keys.is_empty() {
            l.warnings.push(
                "`event_time_keys` is deprecated: write `[event_keys]` with `\"<path>\" = \"text\"` \
                 for each path (read as that meanwhile)"
                    .to_string(),
            );
        }
        let event_keys = crate::event_keys::EventKeys::from_config(
            raw.event_keys.clone().unwrap_or_default(),
            &legacy_keys,
        )
        .map_err(|m| l.err("event_keys", m))?;
        for (key, value) in [
            ("calendar_name", &calendar_name),
            ("author", &author),
            ("description", &description),
        ] {
            l.no_control(key, value, None)?;
        }
        let Layers {
            provenance,
            warnings,
            ..
        } = l;
        Ok(Config {
            generator,
            title,
            description,
            base_url,
            default_language,
            languages,
            time_zone,
            content,
            out,
            calendar_name,
            feed_items,
            sections,
            sections_auto,
            event_keys,
            lowercase_urls,
            feed_url,
            uid_domain,
            author,
            shrink_guard,
            outputs,
            calendar,
            discovery,
            exclude,
            urls,
            publish,
            pelican,
            today: flags.today,
            publish_dir,
            taxonomies,
            site,
            provenance,
            warnings,
            previous,
        })
    }

    pub fn section(&self, name: &str) -> Option<&Section> {
        self.sections.get(name)
    }
}

/// Parses the TOML text, turning a control character in any value into an
/// error that names the key (before the typed fields are read).
fn parse_raw(text: &str, file: Option<&Path>) -> Result<RawConfig, ConfigError> {
    let table: toml::Table = text.parse().map_err(|e| toml_error(text, file, &e))?;
    if let Some((key, c)) = control_character(&toml::Value::Table(table), "") {
        return Err(ConfigError {
            file: file.map(Path::to_path_buf),
            key,
            message: format!(
                "the value holds the control character U+{:04X}{}; remove it (and save the file with plain line ends)",
                c as u32,
                if c == '\r' { " (a carriage return)" } else { "" }
            ),
        });
    }
    // Typed once more from the text, so an unknown key or a wrong type keeps its position.
    toml::from_str(text).map_err(|e| toml_error(text, file, &e))
}

/// A TOML error with its line and column, and the key written on that line.
fn toml_error(text: &str, file: Option<&Path>, e: &toml::de::Error) -> ConfigError {
    let (line, col) = e.span().map(|s| line_col(text, s.start)).unwrap_or((0, 0));
    let key = text
        .lines()
        .nth(line.saturating_sub(1))
        .and_then(|l| l.split_once('='))
        .map(|(k, _)| k.trim().trim_matches('"').to_string())
        .filter(|k| !k.is_empty() && !k.contains(char::is_whitespace))
        .unwrap_or_default();
    ConfigError {
        file: file.map(Path::to_path_buf),
        key,
        message: format!(
            "line {line}, column {col}: {}",
            e.message().trim_end().replace('\n', " ")
        ),
    }
}

/// The first string value (or key) holding a control character, with its key path.
fn control_character(v: &toml::Value, path: &str) -> Option<(String, char)> {
    let bad = |s: &str| s.chars().find(|c| c.is_control());
    match v {
        toml::Value::String(s) => bad(s).map(|c| (path.to_string(), c)),
        toml::Value::Array(items) => items.iter().find_map(|i| control_character(i, path)),
        toml::Value::Table(t) => t.iter().find_map(|(k, v)| {
            let p = if path.is_empty() {
                k.clone()
            } else {
                format!("{path}.{k}")
            };
            bad(k)
                .map(|c| (p.clone(), c))
                .or_else(|| control_character(v, &p))
        }),
        _ => None,
    }
}

fn parse_generator(name: &str, file: Option<&Path>) -> Result<Generator, ConfigError> {
    Generator::from_name(name).ok_or_else(|| {
        let names: Vec<&str> = Generator::ALL.iter().map(|g| g.name()).collect();
        ConfigError {
            file: file.map(Path::to_path_buf),
            key: "generator".into(),
            message: format!("{name:?} is not a generator feedcal knows; write one of {names:?}"),
        }
    })
}

/// The layers below the flags, with the provenance being recorded.
struct Layers<'a> {
    file: Option<&'a Path>,
    site: Option<&'a SiteConfig>,
    provenance: Vec<Provenance>,
    warnings: Vec<String>,
}

impl Layers<'_> {
    fn err(&self, key: &str, message: String) -> ConfigError {
        ConfigError {
            file: self.file.map(Path::to_path_buf),
            key: key.to_string(),
            message,
        }
    }

    /// An error about a value, naming the file and key it came from.
    fn err_at(&self, key: &str, origin: &Origin, message: String) -> ConfigError {
        match origin {
            Origin::Site(s) => ConfigError {
                file: Some(s.file.clone()),
                key: s.key.clone(),
                message: format!("{message} (or set `{key}` in feedcal.toml, which wins)"),
            },
            _ => self.err(key, message),
        }
    }

    /// An error about a site-config value that feedcal.toml has no key to
    /// override (the URL rules): only the site's file can be changed.
    fn err_in_site(&self, source: &SiteSource, message: String) -> ConfigError {
        ConfigError {
            file: Some(source.file.clone()),
            key: source.key.clone(),
            message: format!(
                "{message}; feedcal builds each post's link by the site's own rules, so correct the pattern there"
            ),
        }
    }

    fn file_origin(&self) -> Origin {
        match self.file {
            Some(f) => Origin::File {
                file: f.to_path_buf(),
            },
            None => Origin::Default,
        }
    }

    fn record<T: std::fmt::Display>(&mut self, key: &'static str, value: T, origin: Origin) -> T {
        self.provenance.push(Provenance {
            key,
            value: value.to_string(),
            origin,
        });
        value
    }

    /// The file's value, else the site's, else the default; with its origin.
    fn pick<T>(
        &self,
        file: Option<T>,
        site: Option<site_config::Sourced<T>>,
        default: T,
        default_origin: Origin,
    ) -> (T, Origin) {
        match (file, site) {
            (Some(v), _) => (v, self.file_origin()),
            (None, Some(s)) => (s.value, Origin::Site(s.from)),
            (None, None) => (default, default_origin),
        }
    }

    fn no_control(
        &self,
        key: &str,
        value: &str,
        origin: Option<&Origin>,
    ) -> Result<(), ConfigError> {
        match value.chars().find(|c| c.is_control()) {
            None => Ok(()),
            Some(c) => {
                let message = format!(
                    "the value holds the control character U+{:04X}; remove it",
                    c as u32
                );
                Err(match origin {
                    Some(o) => self.err_at(key, o, message),
                    None => self.err(key, message),
                })
            }
        }
    }

    fn text(
        &mut self,
        key: &'static str,
        file: Option<String>,
        site: Option<site_config::Sourced<String>>,
        default: &str,
    ) -> Result<String, ConfigError> {
        let (v, origin) = self.pick(file, site, default.to_string(), Origin::Default);
        self.no_control(key, &v, Some(&origin))?;
        Ok(self.record(key, v, origin))
    }

    fn generator(&mut self, raw: &RawConfig) -> Result<Generator, ConfigError> {
        let (g, origin) = match (&raw.generator, self.site) {
            (Some(name), _) => (parse_generator(name, self.file)?, self.file_origin()),
            (None, Some(site)) => (
                site.generator,
                Origin::Site(SiteSource {
                    file: site
                        .files
                        .first()
                        .cloned()
                        .unwrap_or_else(|| site.root.clone()),
                    key: "(detected from the file's name)".into(),
                }),
            ),
            (None, None) => (Generator::default(), Origin::Default),
        };
        Ok(self.record("generator", g, origin))
    }

    fn base_url(&mut self, raw: &RawConfig) -> Result<url::Url, ConfigError> {
        let site = self.site.and_then(|s| s.base_url.clone());
        let had_site = self.site.is_some();
        let (base, origin) = self.pick(
            raw.base_url.clone(),
            site,
            "https://example.org/".to_string(),
            Origin::Default,
        );
        if had_site && origin == Origin::Default {
            self.warnings.push(
                "the site's config names no address, so links use https://example.org/: set `base_url` in feedcal.toml".into(),
            );
        }
        self.no_control("base_url", &base, Some(&origin))?;
        let mut url = url::Url::parse(&base).map_err(|e| {
            self.err_at(
                "base_url",
                &origin,
                format!("{base:?} is not an absolute URL ({e}); write e.g. \"https://www.example.org/\""),
            )
        })?;
        if !matches!(url.scheme(), "http" | "https") || url.host_str().is_none() {
            return Err(self.err_at(
                "base_url",
                &origin,
                format!("{base:?} must be an http or https URL with a host"),
            ));
        }
        if !url.path().ends_with('/') {
            let p = format!("{}/", url.path());
            url.set_path(&p);
        }
        let shown = url.to_string();
        self.record("base_url", shown, origin);
        Ok(url)
    }

    fn default_language(
        &mut self,
        raw: &RawConfig,
        generator: Generator,
    ) -> Result<String, ConfigError> {
        // A site that names no default language has its generator's: English.
        let (default, default_origin) = match self.site {
            Some(_) => ("en".to_string(), Origin::GeneratorDefault { generator }),
            None => ("zh".to_string(), Origin::Default),
        };
        let site =
            self.site
                .and_then(|s| s.default_language.clone())
                .map(|s| site_config::Sourced {
                    value: language_code(&s.value),
                    from: s.from,
                });
        let (lang, origin) = self.pick(raw.default_language.clone(), site, default, default_origin);
        if !looks_like_language(&lang) {
            return Err(self.err_at(
                "default_language",
                &origin,
                format!("{lang:?} is not a language code; write e.g. \"zh\" or \"en\""),
            ));
        }
        Ok(self.record("default_language", lang, origin))
    }

    fn languages(
        &mut self,
        raw: &RawConfig,
        default_language: &str,
        generator: Generator,
    ) -> Result<Vec<String>, ConfigError> {
        let site = self
            .site
            .and_then(|s| s.languages.clone())
            .map(|s| site_config::Sourced {
                value: s.value.iter().map(|l| language_code(&l.code)).collect(),
                from: s.from,
            });
        // A site whose config names no languages has one: a first folder
        // such as `faq/` is then a section, never a language.
        let (default, default_origin) = match self.site {
            Some(_) => (
                vec![default_language.to_string()],
                Origin::GeneratorDefault { generator },
            ),
            None => (Vec::new(), Origin::Default),
        };
        let (langs, origin) = self.pick(raw.languages.clone(), site, default, default_origin);
        for l in &langs {
            if !looks_like_language(l) {
                return Err(self.err_at(
                    "languages",
                    &origin,
                    format!("{l:?} is not a language code; write e.g. [\"zh\", \"en\"]"),
                ));
            }
        }
        let shown = if langs.is_empty() {
            "any code-like folder".to_string()
        } else {
            format!("{langs:?}")
        };
        self.record("languages", shown, origin);
        Ok(langs)
    }

    fn time_zone(&mut self, raw: &RawConfig) -> Result<Tz, ConfigError> {
        let site = self.site.and_then(|s| s.time_zone.clone());
        let (name, origin) = self.pick(
            raw.time_zone.clone(),
            site,
            DEFAULT_TIME_ZONE.name().to_string(),
            Origin::Default,
        );
        let tz: Tz = name.parse().map_err(|_| {
            self.err_at(
                "time_zone",
                &origin,
                format!("{name:?} is not an IANA time zone name; write e.g. \"Asia/Shanghai\" or \"Europe/Berlin\""),
            )
        })?;
        Ok(self.record("time_zone", tz, origin))
    }

    fn feed_items(&mut self, raw: &RawConfig) -> Result<usize, ConfigError> {
        match raw.feed_items {
            None => Ok(50),
            Some(n) if n < 0 => Err(self.err(
                "feed_items",
                format!("{n} is negative; write a count, or 0 for every post"),
            )),
            Some(n) => usize::try_from(n).map_err(|_| {
                self.err(
                    "feed_items",
                    format!("{n} is more than this machine can count; write 0 for every post"),
                )
            }),
        }
    }

    fn sections(
        &mut self,
        raw: &RawConfig,
        default_duration: Duration,
        generator: Generator,
    ) -> Result<BTreeMap<String, Section>, ConfigError> {
        let mut sections = BTreeMap::new();
        let Some(raw_sections) = &raw.sections else {
            for &(name, kind) in generator.default_sections() {
                sections.insert(
                    name.to_string(),
                    Section {
                        kind,
                        default_duration,
                    },
                );
            }
            return Ok(sections);
        };
        for (name, s) in raw_sections {
            let key = format!("sections.{name}.kind");
            let kind = match s.kind.as_deref() {
                Some("events") => SectionKind::Events,
                Some("posts") | None => SectionKind::Posts,
                Some(other) => {
                    return Err(self.err(
                        &key,
                        format!("{other:?} is not a section kind; write \"events\" (feed + calendar) or \"posts\" (feed only)"),
                    ))
                }
            };
            let default_duration = match &s.default_duration {
                Some(d) => parse_duration(d)
                    .map_err(|m| self.err(&format!("sections.{name}.default_duration"), m))?,
                None => default_duration,
            };
            if name.is_empty() || name.contains(['/', '\\']) || name == "." || name == ".." {
                return Err(self.err("sections", format!("{name:?} is not a section folder name")));
            }
            sections.insert(
                name.clone(),
                Section {
                    kind,
                    default_duration,
                },
            );
        }
        Ok(sections)
    }

    /// The content folder and the site's publish folder (and whether the
    /// publish folder is the site's, or assumed: `public/` beside the config).
    fn folders(
        &mut self,
        raw: &RawConfig,
        root: &Path,
        flags: &Flags,
        generator: Generator,
    ) -> (PathBuf, PathBuf, bool) {
        let (content, origin) = match (&flags.content, &raw.content, self.site) {
            (Some(c), _, _) => (c.clone(), Origin::Flag { flag: "--content" }),
            (None, Some(c), _) => (normalize(&root.join(c)), self.file_origin()),
            (None, None, Some(site)) => match &site.content_dir {
                Some(c) => (
                    normalize(&site.root.join(&c.value)),
                    Origin::Site(c.from.clone()),
                ),
                None => (
                    normalize(&site.root.join(generator.default_content())),
                    Origin::GeneratorDefault { generator },
                ),
            },
            (None, None, None) => (
                normalize(&root.join(generator.default_content())),
                Origin::GeneratorDefault { generator },
            ),
        };
        self.record("content", content.display(), origin);
        let (publish, origin, known) = match self.site {
            Some(site) => match &site.publish_dir {
                Some(p) => (
                    normalize(&site.root.join(&p.value)),
                    Origin::Site(p.from.clone()),
                    true,
                ),
                None => (
                    normalize(&site.root.join(default_publish_dir(generator))),
                    Origin::GeneratorDefault { generator },
                    true,
                ),
            },
            None => (
                normalize(&root.join(default_publish_dir(generator))),
                Origin::GeneratorDefault { generator },
                false,
            ),
        };
        self.record("publish_dir", publish.display(), origin);
        (content, publish, known)
    }

    fn out(
        &mut self,
        raw: &RawConfig,
        root: &Path,
        flags: &Flags,
        publish: &Path,
        content: &Path,
    ) -> Result<PathBuf, ConfigError> {
        let (out, origin) = match (&flags.out, &raw.out) {
            (Some(o), _) => (o.clone(), Origin::Flag { flag: "--out" }),
            (None, Some(o)) => (normalize(&root.join(o)), self.file_origin()),
            (None, None) => (
                normalize(&publish.join("feeds")),
                Origin::Derived {
                    from: "publish_dir + feeds/",
                },
            ),
        };
        let site = self.site.map(|s| s.root.as_path());
        if let Some(why) = unsafe_out(&out, content, publish, root, site) {
            let message = format!(
                "{} is {why}; feedcal writes and removes its files there — choose a folder of its own, such as the site's publish folder plus `feeds/`",
                out.display()
            );
            return Err(match origin {
                Origin::Flag { flag } => ConfigError {
                    file: None,
                    key: flag.to_string(),
                    message,
                },
                _ => self.err("out", message),
            });
        }
        self.record("out", out.display(), origin);
        Ok(out)
    }

    /// `feed_url`: as written, else the base URL plus the output folder's
    /// path inside the publish folder; a warning when the two disagree.
    fn feed_url(
        &mut self,
        raw: &RawConfig,
        base: &url::Url,
        out: &Path,
        publish: &Path,
        publish_known: bool,
    ) -> Result<url::Url, ConfigError> {
        let served = served_path(out, publish).map(|rel| {
            let mut u = base.clone();
            let encoded: Vec<String> = rel
                .iter()
                .map(|s| {
                    percent_encoding::utf8_percent_encode(
                        &s.to_string_lossy(),
                        percent_encoding::NON_ALPHANUMERIC,
                    )
                    .to_string()
                })
                .collect();
            let path = format!(
                "{}{}",
                base.path(),
                encoded.iter().map(|s| format!("{s}/")).collect::<String>()
            );
            u.set_path(&path);
            u
        });
        let url = match &raw.feed_url {
            Some(f) => {
                self.no_control("feed_url", f, None)?;
                let mut u = url::Url::parse(f).map_err(|e| {
                    self.err("feed_url", format!("{f:?} is not an absolute URL ({e}); write e.g. \"https://www.example.org/feeds/\""))
                })?;
                // Readers open the feed's self link and calendar apps its SOURCE.
                if !matches!(u.scheme(), "http" | "https") || u.host_str().is_none() {
                    return Err(self.err(
                        "feed_url",
                        format!("{f:?} must be an http or https URL with a host"),
                    ));
                }
                if !u.path().ends_with('/') {
                    let p = format!("{}/", u.path());
                    u.set_path(&p);
                }
                if let Some(s) = served.as_ref().filter(|s| **s != u) {
                    self.warnings.push(format!(
                        "feed_url {u} is not where the files are served: {} is {s} inside the publish folder {}; links in the feeds point to {u}",
                        out.display(),
                        publish.display()
                    ));
                }
                self.record("feed_url", u.clone(), self.file_origin());
                u
            }
            None => match served {
                Some(u) => self.record(
                    "feed_url",
                    u,
                    Origin::Derived {
                        from: "base_url + out inside publish_dir",
                    },
                ),
                None => {
                    if publish_known {
                        self.warnings.push(format!(
                            "the output folder {} is not inside the site's publish folder {}, so feedcal cannot tell its URL: set `feed_url` (links now point to {base})",
                            out.display(),
                            publish.display()
                        ));
                    }
                    self.record(
                        "feed_url",
                        base.clone(),
                        Origin::Derived { from: "base_url" },
                    )
                }
            },
        };
        Ok(url)
    }

    fn uid_domain(&mut self, raw: &RawConfig, base: &url::Url) -> Result<String, ConfigError> {
        match &raw.uid_domain {
            Some(d) if !d.is_empty() && !d.contains(|c: char| c.is_whitespace() || c == '@') => {
                Ok(self.record("uid_domain", d.clone(), self.file_origin()))
            }
            Some(d) => Err(self.err(
                "uid_domain",
                format!("{d:?} must be a host name without spaces or '@'"),
            )),
            None => Ok(self.record(
                "uid_domain",
                base.host_str().unwrap_or("localhost").to_string(),
                Origin::Derived { from: "base_url" },
            )),
        }
    }

    fn shrink_guard(&mut self, raw: &RawConfig) -> Result<f64, ConfigError> {
        let Some(v) = &raw.shrink_guard else {
            return Ok(DEFAULT_SHRINK_GUARD);
        };
        // TOML tells `1` from `1.0`; both mean the same share here.
        let share = v.as_float().or_else(|| v.as_integer().map(|i| i as f64));
        match share {
            Some(s) if (0.0..=1.0).contains(&s) => Ok(s),
            _ => Err(self.err(
                "shrink_guard",
                format!("{v} is not a share between 0 and 1: the part of a feed's items or a calendar's events one run may drop before publishing is refused (0.5 = half; 1 turns the guard off)"),
            )),
        }
    }

    fn outputs(&mut self, raw: &RawConfig) -> Result<OutputsConfig, ConfigError> {
        let ro = raw.outputs.as_ref();
        let flag = |f: fn(&RawOutputs) -> Option<bool>| ro.and_then(f).unwrap_or(true);
        let upcoming_days = match ro.and_then(|o| o.upcoming_days) {
            None => None,
            Some(n) if (0..=3660).contains(&n) => Some(n as u32),
            Some(n) => {
                return Err(self.err(
                    "outputs.upcoming_days",
                    format!("{n} is not a number of days from 0 to 3660; leave it out to write no upcoming.ics"),
                ))
            }
        };
        let max_files = match ro.and_then(|o| o.max_files) {
            None => DEFAULT_MAX_FILES,
            Some(n) if (1..=100_000_000).contains(&n) => n as usize,
            Some(n) => {
                return Err(self.err(
                    "outputs.max_files",
                    format!("{n} is not a count from 1 to 100000000"),
                ))
            }
        };
        Ok(OutputsConfig {
            max_files,
            json_feed: flag(|o| o.json_feed),
            languages: flag(|o| o.languages),
            sections: flag(|o| o.sections),
            tags: flag(|o| o.tags),
            categories: flag(|o| o.categories),
            event_files: flag(|o| o.event_files),
            index_page: flag(|o| o.index_page),
            upcoming_days,
        })
    }

    fn calendar(&mut self, raw: &RawConfig) -> Result<CalendarConfig, ConfigError> {
        let rc = raw.calendar.as_ref();
        let refresh_interval = match rc.and_then(|c| c.refresh_interval.as_deref()) {
            Some(d) => parse_duration(d).map_err(|m| self.err("calendar.refresh_interval", m))?,
            None => Duration::hours(12),
        };
        let reminder = match rc.and_then(|c| c.reminder.as_deref()) {
            Some(d) => Some(parse_duration(d).map_err(|m| self.err("calendar.reminder", m))?),
            None => None,
        };
        let color = rc.and_then(|c| c.color.clone());
        if let Some(c) = &color {
            let hex = c
                .strip_prefix('#')
                .is_some_and(|h| h.len() == 6 && h.bytes().all(|b| b.is_ascii_hexdigit()));
            let name = !c.is_empty() && c.bytes().all(|b| b.is_ascii_alphabetic());
            if !hex && !name {
                return Err(self.err(
                    "calendar.color",
                    format!(
                        "{c:?} is not a CSS colour; write a name such as \"teal\" or \"#0a66c2\""
                    ),
                ));
            }
        }
        Ok(CalendarConfig {
            refresh_interval,
            color,
            reminder,
        })
    }

    /// feedcal.toml's `discovery.exclude` wins over the site's `exclude`.
    fn exclude(&mut self, raw: &RawConfig) -> Result<Exclude, ConfigError> {
        let file = raw.discovery.as_ref().and_then(|d| d.exclude.clone());
        let site = self.site.and_then(|s| s.exclude.clone());
        if file.is_none() && site.is_none() {
            return Ok(Exclude::default());
        }
        let (patterns, origin) = self.pick(file, site, Vec::new(), Origin::Default);
        let exclude = Exclude::new(&patterns).map_err(|m| self.err("discovery.exclude", m))?;
        self.record("discovery.exclude", format!("{patterns:?}"), origin);
        Ok(exclude)
    }

    fn discovery(&mut self, raw: &RawConfig) -> Result<DiscoveryLimits, ConfigError> {
        let rd = raw.discovery.as_ref();
        let defaults = DiscoveryLimits::default();
        let limit = |key: &str, value: Option<i64>, default: usize, max: i64| match value {
            None => Ok(default),
            Some(n) if (1..=max).contains(&n) => Ok(n as usize),
            Some(n) => Err(self.err(key, format!("{n} is not a count from 1 to {max}"))),
        };
        Ok(DiscoveryLimits {
            max_depth: limit(
                "discovery.max_depth",
                rd.and_then(|d| d.max_depth),
                defaults.max_depth,
                1024,
            )?,
            max_entries: limit(
                "discovery.max_entries",
                rd.and_then(|d| d.max_entries),
                defaults.max_entries,
                1_000_000_000,
            )?,
            max_tags_per_post: limit(
                "discovery.max_tags_per_post",
                rd.and_then(|d| d.max_tags_per_post),
                defaults.max_tags_per_post,
                100_000,
            )?,
        })
    }

    fn lowercase_urls(&mut self, raw: &RawConfig) -> bool {
        let site = self
            .site
            .and_then(|s| s.disable_path_to_lower.clone())
            .map(|s| site_config::Sourced {
                value: !s.value,
                from: s.from,
            });
        let (v, origin) = self.pick(raw.lowercase_urls, site, true, Origin::Default);
        self.record("lowercase_urls", v, origin)
    }

    fn urls(&mut self, raw: &RawConfig, generator: Generator) -> Result<UrlRules, ConfigError> {
        let mut urls = UrlRules::defaults(generator);
        let site_subdir = self.site.and_then(|s| s.default_language_in_subdir.clone());
        let (subdir, origin) = self.pick(
            raw.default_language_in_subdir,
            site_subdir,
            false,
            Origin::Default,
        );
        urls.default_language_in_subdir = self.record("default_language_in_subdir", subdir, origin);
        let Some(site) = self.site else {
            return Ok(urls);
        };
        if let Some(p) = &site.permalinks {
            for (section, pattern) in &p.value {
                crate::permalink::check_pattern(generator, pattern)
                    .map_err(|m| self.err_in_site(&p.from, m))?;
                let key = if section.is_empty() {
                    p.from.key.clone()
                } else {
                    format!(
                        "{}.{section}",
                        p.from.key.split('.').next().unwrap_or("permalinks")
                    )
                };
                self.record(
                    "permalink",
                    format!("{pattern:?}"),
                    Origin::Site(SiteSource {
                        file: p.from.file.clone(),
                        key,
                    }),
                );
            }
            urls.patterns = p.value.clone();
        }
        if let Some(t) = &site.term_permalinks {
            for (taxonomy, pattern) in &t.value {
                self.record(
                    "term_permalink",
                    format!("{taxonomy} = {pattern:?}"),
                    Origin::Site(t.from.clone()),
                );
            }
            urls.term_patterns = t.value.clone();
        }
        if let Some(u) = &site.ugly_urls {
            urls.ugly_urls = self.record("ugly_urls", u.value, Origin::Site(u.from.clone()));
        }
        if let Some(t) = &site.trailing_slash {
            urls.trailing_slash =
                Some(self.record("trailing_slash", t.value, Origin::Site(t.from.clone())));
        }
        if let Some(d) = &site.drop_html_suffix {
            urls.drop_html_suffix =
                self.record("drop_html_suffix", d.value, Origin::Site(d.from.clone()));
        }
        if let Some(b) = &site.blogs {
            urls.blogs = b.value.clone();
            let shown: Vec<String> = b
                .value
                .iter()
                .map(|x| format!("{} -> /{}", x.path, x.route_base_path))
                .collect();
            self.record("blogs", shown.join(", "), Origin::Site(b.from.clone()));
        }
        if let Some(l) = &site.lang_permalink {
            crate::permalink::check_pattern(generator, &l.value)
                .map_err(|m| self.err_in_site(&l.from, m))?;
            self.record(
                "lang_permalink",
                format!("{:?}", l.value),
                Origin::Site(l.from.clone()),
            );
            urls.lang_pattern = Some(l.value.clone());
        }
        if let Some(s) = &site.slugify_paths {
            urls.slugify = match s.value.as_str() {
                "on" => Slugify::On,
                "safe" => Slugify::Safe,
                "off" => Slugify::Off,
                other => {
                    return Err(self.err_at(
                        "slugify",
                        &Origin::Site(s.from.clone()),
                        format!("{other:?} is not one of Zola's \"on\", \"safe\", \"off\""),
                    ))
                }
            };
            self.record("slugify_paths", &s.value, Origin::Site(s.from.clone()));
        }
        if let Some(d) = site.date_sources.get("date") {
            let at = |name: &str| d.value.iter().position(|v| v.eq_ignore_ascii_case(name));
            urls.filename_date = match at(":filename") {
                None => FilenameDate::Never,
                Some(i) if d.value[..i].is_empty() => FilenameDate::First,
                Some(_) => FilenameDate::Fallback,
            };
            self.record(
                "frontmatter.date",
                format!("{:?}", d.value),
                Origin::Site(d.from.clone()),
            );
        }
        Ok(urls)
    }

    fn publish_rules(
        &mut self,
        raw: &RawConfig,
        generator: Generator,
        flags: &Flags,
    ) -> PublishRules {
        let defaults = PublishRules::defaults(generator);
        let site = self.site;
        let mut one = |key: &'static str,
                       flag: bool,
                       flag_name: &'static str,
                       file: Option<bool>,
                       site: Option<site_config::Sourced<bool>>,
                       default: bool| {
            if flag {
                return self.record(key, true, Origin::Flag { flag: flag_name });
            }
            let (v, origin) =
                self.pick(file, site, default, Origin::GeneratorDefault { generator });
            self.record(key, v, origin)
        };
        PublishRules {
            generator,
            future: one(
                "build_future",
                flags.future,
                "--future",
                raw.build_future,
                site.and_then(|s| s.build_future.clone()),
                defaults.future,
            ),
            expired: one(
                "build_expired",
                flags.expired,
                "--expired",
                raw.build_expired,
                site.and_then(|s| s.build_expired.clone()),
                defaults.expired,
            ),
            drafts: one(
                "build_drafts",
                flags.drafts,
                "--drafts",
                raw.build_drafts,
                site.and_then(|s| s.build_drafts.clone()),
                defaults.drafts,
            ),
        }
    }

    /// Pelican's article folders and category rules: the site's values,
    /// else Pelican's defaults (recorded only for a Pelican site).
    fn pelican(&mut self, generator: Generator) -> PelicanContent {
        let mut p = PelicanContent::default();
        if generator != Generator::Pelican {
            return p;
        }
        let site = self.site;
        let origin = |from: Option<&SiteSource>| {
            from.map_or(Origin::GeneratorDefault { generator }, |f| {
                Origin::Site(f.clone())
            })
        };
        if let Some(a) = site.and_then(|s| s.article_paths.as_ref()) {
            p.article_paths = a.value.clone();
        }
        let from = site.and_then(|s| s.article_paths.as_ref()).map(|a| &a.from);
        self.record(
            "article_paths",
            format!("{:?}", p.article_paths),
            origin(from),
        );
        if let Some(a) = site.and_then(|s| s.page_paths.as_ref()) {
            p.page_paths = a.value.clone();
        }
        let from = site.and_then(|s| s.page_paths.as_ref()).map(|a| &a.from);
        self.record("page_paths", format!("{:?}", p.page_paths), origin(from));
        if let Some(u) = site.and_then(|s| s.use_folder_as_category.as_ref()) {
            p.use_folder_as_category = u.value;
        }
        let from = site
            .and_then(|s| s.use_folder_as_category.as_ref())
            .map(|a| &a.from);
        self.record(
            "use_folder_as_category",
            p.use_folder_as_category,
            origin(from),
        );
        if let Some(c) = site.and_then(|s| s.default_category.as_ref()) {
            p.default_category = c.value.clone();
        }
        let from = site
            .and_then(|s| s.default_category.as_ref())
            .map(|a| &a.from);
        self.record(
            "default_category",
            format!("{:?}", p.default_category),
            origin(from),
        );
        p
    }

    /// Hugo's per-language `contentDir`: discovery reads one content folder,
    /// where a language is its first folder, so only `<content>/<code>` fits.
    fn language_folders(&mut self, content: &Path, _root: &Path) {
        let Some(site) = self.site else {
            return;
        };
        let Some(langs) = &site.languages else {
            return;
        };
        for l in &langs.value {
            let Some(dir) = &l.content_dir else {
                continue;
            };
            let expected = normalize(&content.join(&l.code));
            let actual = normalize(&site.root.join(dir));
            if expected != actual {
                self.warnings.push(format!(
                    "language {:?} keeps its posts in {} (contentDir in {}); feedcal reads languages as the first folder of {}, so move them to {} or set `content`",
                    l.code,
                    actual.display(),
                    langs.from.file.display(),
                    content.display(),
                    expected.display()
                ));
            }
        }
    }
}

/// `zh-CN` → `zh-cn`, `en_US` → `en-us`: a site's language written the way
/// feedcal's language codes (and Hugo's) are.
fn language_code(s: &str) -> String {
    s.trim().replace('_', "-").to_lowercase()
}

fn default_publish_dir(g: Generator) -> &'static str {
    match g {
        Generator::Hugo | Generator::Hexo | Generator::Zola => "public",
        Generator::Pelican => "output",
        Generator::Jekyll => "_site",
        Generator::Docusaurus => "build",
        Generator::VuePress => ".vuepress/dist",
    }
}

/// Why `out` is no place for feedcal's files, if it is not: the output
/// folder is written and (for stale outputs) cleaned, so it must not be a
/// folder that holds the sources, the site, or a whole file system.
fn unsafe_out(
    out: &Path,
    content: &Path,
    publish: &Path,
    root: &Path,
    site: Option<&Path>,
) -> Option<String> {
    // Through links where the folder exists, so that a link to the content
    // folder is seen for what it is.
    let real = |p: &Path| {
        std::fs::canonicalize(p)
            .ok()
            .or_else(|| std::path::absolute(p).map(|a| normalize(&a)).ok())
    };
    let out = real(out)?;
    if out.parent().is_none() {
        return Some("the root of the file system".into());
    }
    let home = std::env::var_os("HOME").filter(|h| !h.is_empty());
    if home
        .and_then(|h| real(Path::new(&h)))
        .is_some_and(|h| h == out)
    {
        return Some("the home folder".into());
    }
    let content = real(content)?;
    // Jekyll and Docusaurus keep their content in the site root, and their
    // publish folder (`_site/`, `build/`) inside it, where discovery never looks.
    let published = real(publish).is_some_and(|p| p != content && out.starts_with(&p));
    if out == content || (out.starts_with(&content) && !published) {
        return Some(format!(
            "the content folder {} or inside it",
            content.display()
        ));
    }
    if content.starts_with(&out) {
        return Some(format!(
            "a folder holding the content folder {}",
            content.display()
        ));
    }
    for (folder, what) in [
        (Some(root), "the config's folder"),
        (site, "the site folder"),
    ] {
        if let Some(folder) = folder.and_then(real) {
            if folder.starts_with(&out) {
                return Some(format!(
                    "{what} {}, or a folder holding it",
                    folder.display()
                ));
            }
        }
    }
    None
}

/// The path of `out` inside `publish` (both made absolute first), when it is inside.
fn served_path(out: &Path, publish: &Path) -> Option<PathBuf> {
    let abs = |p: &Path| std::path::absolute(p).map(|a| normalize(&a)).ok();
    let (out, publish) = (abs(out)?, abs(publish)?);
    out.strip_prefix(&publish).ok().map(Path::to_path_buf)
}

/// `zh`, `en`, `pt-br`, `zh-Hans`: what Hugo accepts as a language key.
pub fn looks_like_language(s: &str) -> bool {
    let mut parts = s.split('-');
    let first = parts.next().unwrap_or("");
    (2..=3).contains(&first.len())
        && first.bytes().all(|b| b.is_ascii_lowercase())
        && parts.all(|p| (2..=8).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_alphanumeric()))
}

/// Parses `90m`, `2h`, `1h30m`, `1d`. Every step is checked: a number too
/// large for the arithmetic (`"99999999999999999d"`) is an error, not an overflow.
pub fn parse_duration(s: &str) -> Result<Duration, String> {
    let bad = || format!("{s:?} is not a duration; write e.g. \"2h\", \"90m\" or \"1h30m\"");
    let too_long = || format!("{s:?} must be more than 0 and at most 31 days");
    let mut total = 0i64;
    let mut num = String::new();
    let mut seen_unit = false;
    for c in s.trim().chars() {
        if c.is_ascii_digit() {
            num.push(c);
            continue;
        }
        if num.is_empty() {
            return Err(bad());
        }
        // More digits than an i64 holds is a number, just far too long.
        let n: i64 = num.parse().map_err(|_| too_long())?;
        num.clear();
        let minutes_per = match c {
            'd' => 1440,
            'h' => 60,
            'm' => 1,
            _ => return Err(bad()),
        };
        total = n
            .checked_mul(minutes_per)
            .and_then(|m| total.checked_add(m))
            .ok_or_else(too_long)?;
        seen_unit = true;
    }
    if !num.is_empty() || !seen_unit {
        return Err(bad());
    }
    if total <= 0 || total > 60 * 24 * 31 {
        return Err(too_long());
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

    #[test]
    fn huge_numbers_are_errors_naming_the_key() {
        for (text, key) in [
            (
                "default_duration = \"99999999999999999d\"\n",
                "default_duration",
            ),
            (
                "default_duration = \"999999999999999999999999h\"\n",
                "default_duration",
            ),
            (
                "[calendar]\nreminder = \"9223372036854775807m1m\"\n",
                "calendar.reminder",
            ),
            (
                "[sections.a]\ndefault_duration = \"5000000000000000d\"\n",
                "sections.a.default_duration",
            ),
            ("feed_items = 99999999999999999999999\n", "feed_items"),
            ("feed_items = -1\n", "feed_items"),
        ] {
            let e = Config::parse(text, None).unwrap_err();
            assert_eq!(e.key, key, "{text}: {e}");
        }
        assert!(parse_duration("99999999999999999d")
            .unwrap_err()
            .contains("31 days"));
        assert_eq!(
            Config::parse("feed_items = 9007199254740993\n", None)
                .unwrap()
                .feed_items,
            9007199254740993
        );
    }

    #[test]
    fn control_characters_are_errors_naming_the_key() {
        for (text, key) in [
            ("title = \"Events\\r\"\n", "title"),
            ("[calendar]\ncolor = \"teal\\u0007\"\n", "calendar.color"),
            ("languages = [\"zh\", \"e\\rn\"]\n", "languages"),
            ("title = \"Events\r\"\n", "title"),
        ] {
            let e = Config::parse(text, None).unwrap_err();
            assert_eq!(e.key, key, "{text:?}: {e}");
        }
    }

    fn hugo_site(files: &[(&str, &str)]) -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        for (name, text) in files {
            let p = dir.path().join(name);
            std::fs::create_dir_all(p.parent().unwrap()).unwrap();
            std::fs::write(p, text).unwrap();
        }
        std::fs::create_dir_all(dir.path().join("content")).unwrap();
        dir
    }

    #[test]
    fn layers_site_then_file_then_flags() {
        let site = hugo_site(&[
            (
                "hugo.toml",
                "baseURL = \"https://hugo.example/docs\"\ntitle = \"From Hugo\"\ntimeZone = \"Europe/Berlin\"\ndefaultContentLanguage = \"DE\"\nbuildFuture = true\npublishDir = \"site-out\"\n",
            ),
            ("feedcal.toml", "title = \"From feedcal\"\n"),
        ]);
        let flags = Flags {
            site: Some(site.path().to_path_buf()),
            expired: true,
            ..Flags::default()
        };
        let c = Config::resolve(&flags).unwrap();
        assert_eq!(c.generator, Generator::Hugo);
        assert_eq!(c.title, "From feedcal");
        assert_eq!(c.base_url.as_str(), "https://hugo.example/docs/");
        assert_eq!(c.time_zone, chrono_tz::Europe::Berlin);
        assert_eq!(c.default_language, "de");
        assert!(c.publish.future && c.publish.expired && !c.publish.drafts);
        assert_eq!(c.out, normalize(&site.path().join("site-out/feeds")));
        assert_eq!(c.feed_url.as_str(), "https://hugo.example/docs/feeds/");
        let origin = |key: &str| {
            c.provenance
                .iter()
                .find(|p| p.key == key)
                .unwrap()
                .origin
                .clone()
        };
        assert!(matches!(origin("title"), Origin::File { .. }));
        match origin("base_url") {
            Origin::Site(s) => {
                assert_eq!(s.key, "baseURL");
                assert!(s.file.ends_with("hugo.toml"));
            }
            other => panic!("{other:?}"),
        }
        assert_eq!(origin("build_expired"), Origin::Flag { flag: "--expired" });
        assert!(c
            .provenance_lines()
            .iter()
            .any(|l| l.starts_with("time_zone = Europe/Berlin  (") && l.contains("timeZone")));
    }

    #[test]
    fn a_bad_site_value_names_the_site_file_and_key() {
        let site = hugo_site(&[("hugo.yaml", "baseURL: not a url\n")]);
        let e = Config::resolve(&Flags {
            site: Some(site.path().to_path_buf()),
            ..Flags::default()
        })
        .unwrap_err();
        assert_eq!(e.key, "baseURL");
        assert!(e.file.unwrap().ends_with("hugo.yaml"));
        assert!(e.message.contains("feedcal.toml"), "{}", e.message);
    }

    #[test]
    fn feed_url_that_disagrees_with_out_is_a_warning_naming_both() {
        let site = hugo_site(&[
            ("hugo.toml", "baseURL = \"https://s.example/\"\n"),
            ("feedcal.toml", "feed_url = \"https://s.example/\"\n"),
        ]);
        let c = Config::resolve(&Flags {
            site: Some(site.path().to_path_buf()),
            ..Flags::default()
        })
        .unwrap();
        assert_eq!(c.warnings.len(), 1, "{:?}", c.warnings);
        assert!(
            c.warnings[0].contains("https://s.example/feeds/"),
            "{}",
            c.warnings[0]
        );
        assert!(
            c.warnings[0].contains("https://s.example/ is not where"),
            "{}",
            c.warnings[0]
        );
        let elsewhere = Config::resolve(&Flags {
            site: Some(site.path().to_path_buf()),
            out: Some(std::env::temp_dir().join("feedcal-elsewhere")),
            config: Some(site.path().join("missing-on-purpose.toml")),
            ..Flags::default()
        });
        assert!(
            elsewhere.is_err(),
            "a --config that does not exist is an error"
        );
        std::fs::remove_file(site.path().join("feedcal.toml")).unwrap();
        let c = Config::resolve(&Flags {
            site: Some(site.path().to_path_buf()),
            out: Some(std::env::temp_dir().join("feedcal-elsewhere")),
            ..Flags::default()
        })
        .unwrap();
        assert!(
            c.warnings
                .iter()
                .any(|w| w.contains("not inside the site's publish folder")),
            "{:?}",
            c.warnings
        );
        assert_eq!(c.feed_url.as_str(), "https://s.example/");
    }

    #[test]
    fn without_a_site_the_default_out_is_served_at_feeds() {
        let c = Config::default();
        assert_eq!(c.out, PathBuf::from("public/feeds"));
        assert_eq!(c.feed_url.as_str(), "https://example.org/feeds/");
        assert!(c.warnings.is_empty());
        // An `out` outside the assumed publish folder keeps feed_url at the base URL, silently.
        let c = Config::parse_in("out = \"../public/feeds\"\n", None, Path::new("feeds")).unwrap();
        assert_eq!(c.feed_url.as_str(), "https://example.org/");
        assert!(c.warnings.is_empty());
    }
}
