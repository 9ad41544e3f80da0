//! The site generator's own configuration, read so that a maintainer does not
//! tell feedcal again what the site already says: the base URL, the
//! languages, the time zone, the permalink rules, the publish folder, whether
//! future and expired posts are published.
//!
//! [`read`] finds the generator ([`detect`]) and reads its config into a
//! [`SiteConfig`]: every value with the file and key it came from
//! ([`Sourced`]), so `check -v` can say where each one was taken from. A
//! value the reader could not take with certainty (a JavaScript expression, a
//! form feedcal does not know) is not guessed: it is listed in
//! [`SiteConfig::unread`].
//!
//! Detection, first match wins (the README gives the same list):
//! 1. `hugo.toml|yaml|yml|json`, or a `config/_default/` folder: Hugo;
//! 2. `docusaurus.config.{js,ts,mjs,cjs}`: Docusaurus;
//! 3. `.vuepress/config.{js,ts,mjs,cjs}` in the folder, or in `docs/` or
//!    `src/` below it: VuePress;
//! 4. `pelicanconf.py`: Pelican (before `_config.yml`, which a Pelican site
//!    published on GitHub Pages may hold for Jekyll's sake);
//! 5. `_config.yml` (or `.yaml`): Hexo when the file has one of Hexo's own
//!    keys (`new_post_name`, `source_dir`, `public_dir`, `permalink_defaults`)
//!    or a `source/_posts/` folder exists, else Jekyll;
//! 6. `config.toml`: Zola when it has a top-level `base_url` (which Zola
//!    requires and Hugo does not know), else Hugo;
//! 7. `config.yaml|yml|json`: Hugo.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::generator::Generator;

mod hugo;
mod js;
mod jsgen;
pub mod pelican;
mod yamlgen;
mod zola;

/// Where a site value was read: the file and the key as written there.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct SiteSource {
    pub file: PathBuf,
    /// Dotted key path, spelled as in the file (`baseURL`, `languages.zh.weight`).
    pub key: String,
}

impl std::fmt::Display for SiteSource {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.file.display(), self.key)
    }
}

/// A value and where it came from.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Sourced<T> {
    pub value: T,
    pub from: SiteSource,
}

/// One of the site's languages.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct SiteLanguage {
    /// The code as the generator uses it in URLs (Hugo lowercases it).
    pub code: String,
    pub weight: i64,
    /// Hugo's per-language `contentDir`, relative to the site folder.
    pub content_dir: Option<PathBuf>,
    /// `languageName` / `label`.
    pub name: Option<String>,
    pub title: Option<String>,
}

/// A blog of a Docusaurus site (the preset's, or a blog plugin instance).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct BlogInstance {
    /// Folder of its posts, relative to the site folder (`blog`).
    pub path: String,
    /// URL path under the base URL (`blog`).
    pub route_base_path: String,
}

/// What a site's own config says, per value with its source. `None`: the
/// config does not say (the generator's default then applies, which
/// [`crate::config`] fills in and labels as such).
#[derive(Debug, Clone, Default, serde::Serialize)]
pub struct SiteConfig {
    pub generator: Generator,
    /// The site folder (relative paths below are relative to it).
    pub root: PathBuf,
    /// The config files read, in the order they were merged.
    pub files: Vec<PathBuf>,
    pub base_url: Option<Sourced<String>>,
    pub title: Option<Sourced<String>>,
    pub default_language: Option<Sourced<String>>,
    pub default_language_in_subdir: Option<Sourced<bool>>,
    /// In the generator's order (Hugo: by weight).
    pub languages: Option<Sourced<Vec<SiteLanguage>>>,
    pub time_zone: Option<Sourced<String>>,
    /// Taxonomy names (Hugo's plurals: `tags`, `categories`).
    pub taxonomies: Option<Sourced<Vec<String>>>,
    /// Permalink patterns: (section or collection, pattern); Jekyll's and
    /// Hexo's site-wide pattern has the key `""`.
    pub permalinks: Option<Sourced<Vec<(String, String)>>>,
    pub build_future: Option<Sourced<bool>>,
    pub build_expired: Option<Sourced<bool>>,
    pub build_drafts: Option<Sourced<bool>>,
    /// Content folder, relative to the site folder.
    pub content_dir: Option<Sourced<PathBuf>>,
    /// Where the generator writes the site, relative to the site folder.
    pub publish_dir: Option<Sourced<PathBuf>>,
    pub disable_path_to_lower: Option<Sourced<bool>>,
    pub ugly_urls: Option<Sourced<bool>>,
    /// Hugo's `frontmatter.date` etc.: which fields (or `:filename`) give a date.
    pub date_sources: BTreeMap<String, Sourced<Vec<String>>>,
    /// Docusaurus blogs.
    pub blogs: Option<Sourced<Vec<BlogInstance>>>,
    /// Docusaurus `trailingSlash`.
    pub trailing_slash: Option<Sourced<bool>>,
    /// Hexo `pretty_urls.trailing_html: false`: `.html` is dropped from URLs.
    pub drop_html_suffix: Option<Sourced<bool>>,
    /// Zola `slugify.paths` (`on`, `safe`, `off`).
    pub slugify_paths: Option<Sourced<String>>,
    /// Hugo `permalinks.term.<taxonomy>`: (taxonomy, pattern) of term pages.
    pub term_permalinks: Option<Sourced<Vec<(String, String)>>>,
    /// Jekyll's and Hexo's `exclude`: files and folders (globs) the site
    /// never builds, relative to its source folder.
    pub exclude: Option<Sourced<Vec<String>>>,
    /// Pelican `ARTICLE_PATHS` (below the content folder; `""` is all of it).
    pub article_paths: Option<Sourced<Vec<String>>>,
    /// Pelican `PAGE_PATHS`: pages, which are not articles.
    pub page_paths: Option<Sourced<Vec<String>>>,
    /// Pelican `USE_FOLDER_AS_CATEGORY`.
    pub use_folder_as_category: Option<Sourced<bool>>,
    /// Pelican `DEFAULT_CATEGORY`.
    pub default_category: Option<Sourced<String>>,
    /// Pelican `ARTICLE_LANG_URL`: the URL of an article in another language
    /// than the site's.
    pub lang_permalink: Option<Sourced<String>>,
    /// Hexo `new_post_name`, Jekyll collections…: values read for `init` and
    /// `check -v`, which no URL rule needs.
    pub other: Vec<Sourced<String>>,
    /// Values seen but not read, each with why (`url: not a plain literal`).
    pub unread: Vec<String>,
}

/// The site's config could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SiteConfigError {
    pub file: PathBuf,
    pub message: String,
}

impl std::fmt::Display for SiteConfigError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.file.display(), self.message)
    }
}

impl std::error::Error for SiteConfigError {}

/// Which generator's config lives in `dir`, and its main file (or folder).
pub fn detect(dir: &Path) -> Option<(Generator, PathBuf)> {
    let exists = |p: &PathBuf| p.exists();
    for ext in ["toml", "yaml", "yml", "json"] {
        let p = dir.join(format!("hugo.{ext}"));
        if exists(&p) {
            return Some((Generator::Hugo, p));
        }
    }
    let config_dir = dir.join("config").join("_default");
    if config_dir.is_dir() {
        return Some((Generator::Hugo, config_dir));
    }
    for ext in ["js", "ts", "mjs", "cjs"] {
        let p = dir.join(format!("docusaurus.config.{ext}"));
        if exists(&p) {
            return Some((Generator::Docusaurus, p));
        }
    }
    if let Some(p) = jsgen::vuepress_config(dir) {
        return Some((Generator::VuePress, p));
    }
    let p = dir.join("pelicanconf.py");
    if exists(&p) {
        return Some((Generator::Pelican, p));
    }
    for name in ["_config.yml", "_config.yaml"] {
        let p = dir.join(name);
        if exists(&p) {
            let g = if yamlgen::looks_like_hexo(dir, &p) {
                Generator::Hexo
            } else {
                Generator::Jekyll
            };
            return Some((g, p));
        }
    }
    let p = dir.join("config.toml");
    if exists(&p) {
        let zola = std::fs::read_to_string(&p)
            .ok()
            .and_then(|t| t.parse::<toml::Table>().ok())
            .is_some_and(|t| t.contains_key("base_url"));
        return Some((
            if zola {
                Generator::Zola
            } else {
                Generator::Hugo
            },
            p,
        ));
    }
    for ext in ["yaml", "yml", "json"] {
        let p = dir.join(format!("config.{ext}"));
        if exists(&p) {
            return Some((Generator::Hugo, p));
        }
    }
    None
}

/// Reads the site config in `dir`: of `generator` when given (a feedcal
/// `generator` key), else of the detected one.
pub fn read(dir: &Path, generator: Option<Generator>) -> Result<SiteConfig, SiteConfigError> {
    let detected = detect(dir);
    let generator = match (generator, &detected) {
        (Some(g), _) => g,
        (None, Some((g, _))) => *g,
        (None, None) => {
            return Err(SiteConfigError {
                file: dir.to_path_buf(),
                message: "no site config found: feedcal looks for hugo.toml|yaml|json, config/_default/, config.toml (Hugo or Zola), _config.yml (Jekyll or Hexo), docusaurus.config.js, .vuepress/config.js|ts and pelicanconf.py".to_string(),
            })
        }
    };
    let mut site = match generator {
        Generator::Hugo => hugo::read(dir)?,
        Generator::Jekyll => yamlgen::read_jekyll(dir)?,
        Generator::Hexo => yamlgen::read_hexo(dir)?,
        Generator::Zola => zola::read(dir)?,
        Generator::Docusaurus => jsgen::read_docusaurus(dir)?,
        Generator::VuePress => jsgen::read_vuepress(dir)?,
        Generator::Pelican => pelican::read(dir)?,
    };
    site.generator = generator;
    site.root = dir.to_path_buf();
    Ok(site)
}

impl SiteConfig {
    /// One line per value taken from the site's config, with its file and
    /// key, then one per value that could not be read: what `check -v` prints.
    pub fn lines(&self) -> Vec<String> {
        let mut out = Vec::new();
        let mut push = |name: &str, value: String, from: &SiteSource| {
            out.push(format!("{name} = {value}  ({from})"));
        };
        macro_rules! show {
            ($field:ident, $fmt:expr) => {
                if let Some(s) = &self.$field {
                    push(stringify!($field), $fmt(&s.value), &s.from);
                }
            };
        }
        show!(base_url, |v: &String| format!("{v:?}"));
        show!(title, |v: &String| format!("{v:?}"));
        show!(default_language, |v: &String| format!("{v:?}"));
        show!(default_language_in_subdir, |v: &bool| v.to_string());
        show!(languages, |v: &Vec<SiteLanguage>| {
            let codes: Vec<&str> = v.iter().map(|l| l.code.as_str()).collect();
            format!("{codes:?}")
        });
        show!(time_zone, |v: &String| format!("{v:?}"));
        show!(taxonomies, |v: &Vec<String>| format!("{v:?}"));
        show!(permalinks, |v: &Vec<(String, String)>| {
            let parts: Vec<String> = v
                .iter()
                .map(|(k, p)| {
                    if k.is_empty() {
                        format!("{p:?}")
                    } else {
                        format!("{k} = {p:?}")
                    }
                })
                .collect();
            parts.join(", ")
        });
        show!(build_future, |v: &bool| v.to_string());
        show!(build_expired, |v: &bool| v.to_string());
        show!(build_drafts, |v: &bool| v.to_string());
        show!(content_dir, |v: &PathBuf| format!(
            "{:?}",
            v.display().to_string()
        ));
        show!(publish_dir, |v: &PathBuf| format!(
            "{:?}",
            v.display().to_string()
        ));
        show!(disable_path_to_lower, |v: &bool| v.to_string());
        show!(ugly_urls, |v: &bool| v.to_string());
        show!(trailing_slash, |v: &bool| v.to_string());
        show!(drop_html_suffix, |v: &bool| v.to_string());
        show!(slugify_paths, |v: &String| format!("{v:?}"));
        show!(exclude, |v: &Vec<String>| format!("{v:?}"));
        show!(term_permalinks, |v: &Vec<(String, String)>| {
            let parts: Vec<String> = v.iter().map(|(k, p)| format!("{k} = {p:?}")).collect();
            parts.join(", ")
        });
        show!(lang_permalink, |v: &String| format!("{v:?}"));
        show!(article_paths, |v: &Vec<String>| format!("{v:?}"));
        show!(page_paths, |v: &Vec<String>| format!("{v:?}"));
        show!(use_folder_as_category, |v: &bool| v.to_string());
        show!(default_category, |v: &String| format!("{v:?}"));
        show!(blogs, |v: &Vec<BlogInstance>| {
            let parts: Vec<String> = v
                .iter()
                .map(|b| format!("{} -> /{}", b.path, b.route_base_path))
                .collect();
            parts.join(", ")
        });
        for (name, s) in &self.date_sources {
            push(
                &format!("frontmatter.{name}"),
                format!("{:?}", s.value),
                &s.from,
            );
        }
        for s in &self.other {
            push("read", s.value.clone(), &s.from);
        }
        for u in &self.unread {
            out.push(format!("not read: {u}"));
        }
        out
    }
}

/// A config file's values flattened to key paths, merged as Hugo merges:
/// a later file overwrites a key of the same name, maps recursively.
///
/// Paths are looked up in lower case when the generator's keys are
/// case-insensitive (Hugo); each leaf keeps the key as written and its file.
#[derive(Debug, Default)]
pub(crate) struct Tree {
    leaves: BTreeMap<Vec<String>, Leaf>,
    fold_case: bool,
    /// What reading the files repaired, for [`SiteConfig::unread`].
    pub notes: Vec<String>,
}

#[derive(Debug, Clone)]
pub(crate) struct Leaf {
    pub value: serde_json::Value,
    pub source: SiteSource,
}

impl Tree {
    pub fn new(fold_case: bool) -> Tree {
        Tree {
            leaves: BTreeMap::new(),
            fold_case,
            notes: Vec::new(),
        }
    }

    fn norm(&self, k: &str) -> String {
        if self.fold_case {
            k.to_lowercase()
        } else {
            k.to_string()
        }
    }

    /// Merges `value` in at `path` (`written` is the same path as spelled in `file`).
    pub fn set(
        &mut self,
        path: &[String],
        written: &[String],
        value: serde_json::Value,
        file: &Path,
    ) {
        match value {
            serde_json::Value::Object(map) => {
                // A scalar where a map now goes is replaced by the map.
                let here: Vec<String> = path.iter().map(|k| self.norm(k)).collect();
                self.leaves.remove(&here);
                for (k, v) in map {
                    let mut p = path.to_vec();
                    p.push(k.clone());
                    let mut w = written.to_vec();
                    w.push(k);
                    self.set(&p, &w, v, file);
                }
            }
            leaf => {
                let key: Vec<String> = path.iter().map(|k| self.norm(k)).collect();
                // A leaf replaces whatever map was there, and any leaf above it.
                let below: Vec<Vec<String>> = self
                    .leaves
                    .range(key.clone()..)
                    .take_while(|(k, _)| k.starts_with(&key))
                    .map(|(k, _)| k.clone())
                    .collect();
                for k in below {
                    self.leaves.remove(&k);
                }
                for i in 1..key.len() {
                    self.leaves.remove(&key[..i]);
                }
                self.leaves.insert(
                    key,
                    Leaf {
                        value: leaf,
                        source: SiteSource {
                            file: file.to_path_buf(),
                            key: written.join("."),
                        },
                    },
                );
            }
        }
    }

    pub fn get(&self, path: &[&str]) -> Option<&Leaf> {
        let key: Vec<String> = path.iter().map(|k| self.norm(k)).collect();
        self.leaves.get(&key)
    }

    /// Every leaf below `prefix`, with the rest of its path.
    pub fn below<'t>(&'t self, prefix: &[&str]) -> Vec<(Vec<String>, &'t Leaf)> {
        let key: Vec<String> = prefix.iter().map(|k| self.norm(k)).collect();
        self.leaves
            .range(key.clone()..)
            .take_while(|(k, _)| k.starts_with(&key))
            .filter(|(k, _)| k.len() > key.len())
            .map(|(k, v)| (k[key.len()..].to_vec(), v))
            .collect()
    }

    pub fn string(&self, path: &[&str]) -> Option<Sourced<String>> {
        let leaf = self.get(path)?;
        let value = match &leaf.value {
            serde_json::Value::String(s) if !s.trim().is_empty() => s.trim().to_string(),
            serde_json::Value::Number(n) => n.to_string(),
            _ => return None,
        };
        Some(Sourced {
            value,
            from: leaf.source.clone(),
        })
    }

    pub fn boolean(&self, path: &[&str]) -> Option<Sourced<bool>> {
        let leaf = self.get(path)?;
        let value = match &leaf.value {
            serde_json::Value::Bool(b) => *b,
            serde_json::Value::String(s) => match s.trim().to_ascii_lowercase().as_str() {
                "true" => true,
                "false" => false,
                _ => return None,
            },
            _ => return None,
        };
        Some(Sourced {
            value,
            from: leaf.source.clone(),
        })
    }

    pub fn int(&self, path: &[&str]) -> Option<i64> {
        match &self.get(path)?.value {
            serde_json::Value::Number(n) => n.as_i64(),
            serde_json::Value::String(s) => s.trim().parse().ok(),
            _ => None,
        }
    }

    pub fn strings(&self, path: &[&str]) -> Option<Sourced<Vec<String>>> {
        let leaf = self.get(path)?;
        let value = match &leaf.value {
            serde_json::Value::Array(items) => items
                .iter()
                .filter_map(|i| i.as_str().map(str::to_string))
                .collect(),
            serde_json::Value::String(s) => vec![s.clone()],
            _ => return None,
        };
        Some(Sourced {
            value,
            from: leaf.source.clone(),
        })
    }

    /// Merges a whole file in at `prefix`.
    pub fn merge_file(&mut self, prefix: &[String], file: &Path) -> Result<(), SiteConfigError> {
        let (value, note) = parse_file(file)?;
        self.notes.extend(note);
        self.set(prefix, prefix, value, file);
        Ok(())
    }
}

/// A TOML, YAML or JSON file as one JSON value (dates as their text), and
/// what had to be repaired to read it.
///
/// One repair: a YAML alias (`*name`) whose anchor is missing (written in a
/// comment, as a commented-out template suggests) is read as empty, so the
/// rest of the file still counts; the note says which.
pub(crate) fn parse_file(
    file: &Path,
) -> Result<(serde_json::Value, Option<String>), SiteConfigError> {
    let err = |message: String| SiteConfigError {
        file: file.to_path_buf(),
        message,
    };
    let text = std::fs::read_to_string(file).map_err(|e| err(format!("cannot read: {e}")))?;
    let ext = file
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or("")
        .to_ascii_lowercase();
    match ext.as_str() {
        "toml" => text
            .parse::<toml::Table>()
            .map(|t| (from_toml(toml::Value::Table(t)), None))
            .map_err(|e| err(format!("not valid TOML: {}", e.message().trim_end()))),
        "json" => serde_json::from_str(&text)
            .map(|v| (v, None))
            .map_err(|e| err(format!("not valid JSON: {e}"))),
        _ => {
            if text.trim().is_empty() {
                return Ok((serde_json::Value::Object(Default::default()), None));
            }
            match serde_yaml::from_str::<serde_yaml::Value>(&text) {
                Ok(v) => Ok((from_yaml(v), None)),
                Err(e) if e.to_string().contains("unknown anchor") => {
                    let alias =
                        regex::Regex::new(r"(:[ \t]*)\*[A-Za-z0-9_-]+").expect("valid regex");
                    let repaired = alias.replace_all(&text, "${1}null");
                    let v = serde_yaml::from_str::<serde_yaml::Value>(&repaired)
                        .map_err(|e| err(format!("not valid YAML: {e}")))?;
                    Ok((
                        from_yaml(v),
                        Some(format!(
                            "{}: a YAML alias has no anchor ({}); its value was read as empty",
                            file.display(),
                            e.to_string().split(" at line").next().unwrap_or("")
                        )),
                    ))
                }
                // A key written twice: Jekyll's and Hexo's YAML readers keep the last
                // one, so feedcal does too (serde_json's map keeps the last insert),
                // and says so.
                Err(e) if e.to_string().contains("duplicate entry") => {
                    let v = serde_yaml::from_str::<serde_json::Value>(&text)
                        .map_err(|e2| err(format!("not valid YAML: {e2}")))?;
                    Ok((
                        v,
                        Some(format!(
                            "{}: {}; the last one was read, as the site generator does",
                            file.display(),
                            e.to_string().split(" at line").next().unwrap_or("")
                        )),
                    ))
                }
                Err(e) => Err(err(format!("not valid YAML: {e}"))),
            }
        }
    }
}

fn from_toml(v: toml::Value) -> serde_json::Value {
    use serde_json::Value as J;
    match v {
        toml::Value::String(s) => J::String(s),
        toml::Value::Integer(i) => J::from(i),
        toml::Value::Float(f) => serde_json::Number::from_f64(f).map_or(J::Null, J::Number),
        toml::Value::Boolean(b) => J::Bool(b),
        toml::Value::Datetime(d) => J::String(d.to_string()),
        toml::Value::Array(a) => J::Array(a.into_iter().map(from_toml).collect()),
        toml::Value::Table(t) => J::Object(t.into_iter().map(|(k, v)| (k, from_toml(v))).collect()),
    }
}

fn from_yaml(v: serde_yaml::Value) -> serde_json::Value {
    use serde_json::Value as J;
    use serde_yaml::Value as Y;
    match v {
        Y::Null => J::Null,
        Y::Bool(b) => J::Bool(b),
        Y::Number(n) => {
            if let Some(i) = n.as_i64() {
                J::from(i)
            } else {
                n.as_f64()
                    .and_then(serde_json::Number::from_f64)
                    .map_or(J::Null, J::Number)
            }
        }
        Y::String(s) => J::String(s),
        Y::Sequence(items) => J::Array(items.into_iter().map(from_yaml).collect()),
        Y::Mapping(m) => J::Object(
            m.into_iter()
                .filter_map(|(k, v)| {
                    let key = match k {
                        Y::String(s) => s,
                        Y::Number(n) => n.to_string(),
                        Y::Bool(b) => b.to_string(),
                        _ => return None,
                    };
                    Some((key, from_yaml(v)))
                })
                .collect(),
        ),
        Y::Tagged(t) => from_yaml(t.value),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn later_files_overwrite_keys_recursively() {
        let mut t = Tree::new(true);
        let a = Path::new("a.toml");
        let b = Path::new("b.toml");
        t.set(
            &[],
            &[],
            json!({"baseURL": "https://a/", "params": {"x": 1, "y": 2}}),
            a,
        );
        t.set(
            &[],
            &[],
            json!({"BaseUrl": "https://b/", "params": {"x": 3}}),
            b,
        );
        let base = t.string(&["baseurl"]).unwrap();
        assert_eq!(base.value, "https://b/");
        assert_eq!(base.from.key, "BaseUrl");
        assert_eq!(base.from.file, b);
        assert_eq!(t.int(&["params", "x"]), Some(3));
        assert_eq!(t.int(&["params", "y"]), Some(2));
        // A map replaces a scalar, and a scalar a map.
        t.set(&[], &[], json!({"params": "none"}), a);
        assert!(t.get(&["params", "y"]).is_none());
        t.set(&[], &[], json!({"params": {"z": true}}), a);
        assert!(t.get(&["params"]).is_none());
        assert!(t.boolean(&["params", "z"]).unwrap().value);
    }

    #[test]
    fn case_is_kept_where_the_generator_keeps_it() {
        let mut t = Tree::new(false);
        t.set(
            &[],
            &[],
            json!({"base_url": "https://z/"}),
            Path::new("config.toml"),
        );
        assert!(t.get(&["BASE_URL"]).is_none());
        assert!(t.get(&["base_url"]).is_some());
    }
}
