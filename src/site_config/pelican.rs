//! Pelican's `pelicanconf.py`, then `publishconf.py` over it: the file
//! `make publish` builds with (`from pelicanconf import *`, then its own
//! assignments), so its `SITEURL` is the address the site is served at.
//!
//! The settings are Python. feedcal does not run them and has no Python
//! parser: the keys it needs are written as `NAME = literal` lines in every
//! `pelican-quickstart` config and every real one seen, and a Python parser
//! crate would be a large dependency for a handful of one-line literals. So
//! [`assignments`] reads only top-level lines `NAME = value` where the value
//! is a string (`'…'`, `"…"`, `u'…'`, `r'…'`), a number, `True`/`False`/
//! `None`, or a one-line list or tuple of strings; anything else (an
//! expression, an import, a value continued on the next line, an indented
//! line) is not read, and a key feedcal needs written so is listed as not read.
//!
//! Keys (case-sensitive, as in Python): `SITEURL`, `SITENAME`, `TIMEZONE`,
//! `DEFAULT_LANG` (a locale such as `zh_CN` is its language, `zh`), `PATH`
//! (not set: `content`, where `pelican-quickstart`'s Makefile points
//! Pelican), `OUTPUT_PATH` (default
//! `output`), `ARTICLE_PATHS`, `PAGE_PATHS`, `ARTICLE_URL`,
//! `ARTICLE_LANG_URL`, `ARTICLE_SAVE_AS`, `WITH_FUTURE_DATES`,
//! `USE_FOLDER_AS_CATEGORY`, `DEFAULT_CATEGORY`.

use std::path::{Path, PathBuf};

use super::{SiteConfig, SiteConfigError, SiteSource, Sourced};

/// A literal value of a settings line.
#[derive(Debug, Clone, PartialEq)]
pub enum PyValue {
    Str(String),
    Number(String),
    Bool(bool),
    None,
    /// A list or tuple of strings.
    Strings(Vec<String>),
}

/// One `NAME = value` line: the name, its value (or, when it is no literal
/// feedcal reads, the text after `=`), and its 1-based line.
#[derive(Debug, Clone, PartialEq)]
pub struct Assignment {
    pub name: String,
    pub value: Result<PyValue, String>,
    pub line: usize,
}

/// The top-level assignments of a settings file, in order (a name assigned
/// twice appears twice; the last one is Python's value).
pub fn assignments(text: &str) -> Vec<Assignment> {
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate() {
        // Indented lines belong to a block or continue a value.
        if line.starts_with([' ', '\t']) {
            continue;
        }
        let Some((name, value)) = line.split_once('=') else {
            continue;
        };
        let name = name.trim();
        let is_name = !name.is_empty()
            && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
            && !name.starts_with(|c: char| c.is_ascii_digit());
        // `==` is a comparison, `+=` and friends are not plain assignments.
        if !is_name || value.starts_with('=') {
            continue;
        }
        let value = value.trim();
        out.push(Assignment {
            name: name.to_string(),
            value: literal(value).ok_or_else(|| value.to_string()),
            line: i + 1,
        });
    }
    out
}

/// `value` (with an optional trailing `# comment`) as a literal.
fn literal(value: &str) -> Option<PyValue> {
    let (v, rest) = if let Some(inner) = value.strip_prefix(['[', '(']) {
        let close = if value.starts_with('[') { ']' } else { ')' };
        let mut items = Vec::new();
        let mut rest = inner.trim_start();
        loop {
            if let Some(after) = rest.strip_prefix(close) {
                break (PyValue::Strings(items), after);
            }
            let (s, after) = string(rest)?;
            items.push(s);
            rest = after.trim_start();
            rest = rest.strip_prefix(',').unwrap_or(rest).trim_start();
        }
    } else if let Some((s, rest)) = string(value) {
        (PyValue::Str(s), rest)
    } else {
        let end = value.find('#').unwrap_or(value.len());
        let word = value[..end].trim();
        let v = match word {
            "True" => PyValue::Bool(true),
            "False" => PyValue::Bool(false),
            "None" => PyValue::None,
            w if !w.is_empty()
                && w.chars()
                    .all(|c| c.is_ascii_digit() || matches!(c, '.' | '-' | '_')) =>
            {
                PyValue::Number(w.to_string())
            }
            _ => return None,
        };
        (v, &value[end..])
    };
    let rest = rest.trim_start();
    (rest.is_empty() || rest.starts_with('#')).then_some(v)
}

/// A string literal at the start of `s` (`u`/`r`/`b` prefixes, single or
/// double quotes, `\` escapes of quotes and backslashes), and what follows.
fn string(s: &str) -> Option<(String, &str)> {
    let prefix = s
        .find(['\'', '"'])
        .filter(|&p| p <= 2 && s[..p].chars().all(|c| "uUrRbB".contains(c)))?;
    let raw = s[..prefix].contains(['r', 'R']);
    let quote = s[prefix..].chars().next()?;
    let body = &s[prefix + 1..];
    // Triple quotes usually span lines: not a one-line literal.
    if body.starts_with([quote]) && body[1..].starts_with([quote]) {
        return None;
    }
    let mut out = String::new();
    let mut chars = body.char_indices();
    while let Some((i, c)) = chars.next() {
        match c {
            '\\' => {
                let (_, next) = chars.next()?;
                if raw {
                    out.push('\\');
                    out.push(next);
                } else {
                    match next {
                        'n' => out.push('\n'),
                        't' => out.push('\t'),
                        other => out.push(other),
                    }
                }
            }
            c if c == quote => return Some((out, &body[i + 1..])),
            c => out.push(c),
        }
    }
    None
}

/// The settings feedcal reads, from each file in turn (a later file's
/// assignment wins), each with its file and key.
#[derive(Default)]
struct Settings {
    values: Vec<(String, Result<PyValue, String>, SiteSource)>,
}

impl Settings {
    fn read(&mut self, file: &Path) -> Result<(), SiteConfigError> {
        let text = std::fs::read_to_string(file).map_err(|e| SiteConfigError {
            file: file.to_path_buf(),
            message: format!("cannot read: {e}"),
        })?;
        for a in assignments(&text) {
            let from = SiteSource {
                file: file.to_path_buf(),
                key: a.name.clone(),
            };
            self.values.retain(|(n, _, _)| *n != a.name);
            self.values.push((a.name, a.value, from));
        }
        Ok(())
    }

    fn get(&self, name: &str) -> Option<(&Result<PyValue, String>, &SiteSource)> {
        self.values
            .iter()
            .find(|(n, _, _)| n == name)
            .map(|(_, v, f)| (v, f))
    }
}

/// The names feedcal reads: one of them written as something else than a
/// literal is listed as not read.
const READ: [&str; 13] = [
    "SITEURL",
    "SITENAME",
    "TIMEZONE",
    "DEFAULT_LANG",
    "PATH",
    "OUTPUT_PATH",
    "ARTICLE_PATHS",
    "PAGE_PATHS",
    "ARTICLE_URL",
    "ARTICLE_LANG_URL",
    "ARTICLE_SAVE_AS",
    "WITH_FUTURE_DATES",
    "USE_FOLDER_AS_CATEGORY",
];

pub fn read(dir: &Path) -> Result<SiteConfig, SiteConfigError> {
    let mut settings = Settings::default();
    let mut site = SiteConfig::default();
    for name in ["pelicanconf.py", "publishconf.py"] {
        let file = dir.join(name);
        if file.is_file() {
            settings.read(&file)?;
            site.files.push(file);
        }
    }
    if site.files.is_empty() {
        return Err(SiteConfigError {
            file: dir.join("pelicanconf.py"),
            message: "no pelicanconf.py in the site folder".into(),
        });
    }
    for name in READ.iter().chain(&["DEFAULT_CATEGORY"]) {
        if let Some((Err(text), from)) = settings.get(name) {
            site.unread
                .push(format!("{from}: not a plain literal ({name} = {text})"));
        }
    }
    let text = |name: &str| match settings.get(name) {
        Some((Ok(PyValue::Str(s)), from)) if !s.trim().is_empty() => Some(Sourced {
            value: s.trim().to_string(),
            from: from.clone(),
        }),
        _ => None,
    };
    let flag = |name: &str| match settings.get(name) {
        Some((Ok(PyValue::Bool(b)), from)) => Some(Sourced {
            value: *b,
            from: from.clone(),
        }),
        _ => None,
    };
    let list = |name: &str| match settings.get(name) {
        Some((Ok(PyValue::Strings(items)), from)) => Some(Sourced {
            value: items.clone(),
            from: from.clone(),
        }),
        // Pelican itself falls back to its default for a string here.
        _ => None,
    };
    let folder = |name: &str| {
        text(name).map(|s| Sourced {
            value: PathBuf::from(s.value),
            from: s.from,
        })
    };
    site.base_url = text("SITEURL");
    if site.base_url.is_none() {
        site.unread.push(format!(
            "{}: SITEURL is empty (Pelican then links relative to each page), so the site's address is unknown; set SITEURL in publishconf.py or `base_url` in feedcal.toml",
            dir.join("pelicanconf.py").display()
        ));
    }
    site.title = text("SITENAME");
    site.time_zone = text("TIMEZONE");
    // A locale (`zh_CN`, `en-US`) names the language first.
    site.default_language = text("DEFAULT_LANG").map(|s| Sourced {
        value: s
            .value
            .split(['_', '-'])
            .next()
            .unwrap_or("")
            .to_ascii_lowercase(),
        from: s.from,
    });
    site.content_dir = folder("PATH");
    site.publish_dir = folder("OUTPUT_PATH");
    site.article_paths = list("ARTICLE_PATHS");
    site.page_paths = list("PAGE_PATHS");
    site.build_future = flag("WITH_FUTURE_DATES");
    site.use_folder_as_category = flag("USE_FOLDER_AS_CATEGORY");
    site.default_category = text("DEFAULT_CATEGORY");
    if let Some(url) = text("ARTICLE_URL") {
        site.permalinks = Some(Sourced {
            value: vec![(String::new(), url.value)],
            from: url.from,
        });
    }
    site.lang_permalink = text("ARTICLE_LANG_URL");
    if let Some(save_as) = text("ARTICLE_SAVE_AS") {
        let url = text("ARTICLE_URL").map_or_else(|| "{slug}.html".to_string(), |u| u.value);
        // `ARTICLE_URL = '{slug}/'` with `ARTICLE_SAVE_AS = '{slug}/index.html'`
        // is the documented pair; links follow ARTICLE_URL, as Pelican's do.
        let served = save_as
            .value
            .strip_suffix("index.html")
            .unwrap_or(&save_as.value);
        if served.trim_start_matches('/') != url.trim_start_matches('/') {
            site.unread.push(format!(
                "{}: ARTICLE_SAVE_AS {:?} is not where ARTICLE_URL {url:?} points; links follow ARTICLE_URL, as Pelican's do",
                save_as.from, save_as.value
            ));
        }
        site.other.push(Sourced {
            value: format!("ARTICLE_SAVE_AS = {:?}", save_as.value),
            from: save_as.from,
        });
    }
    Ok(site)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn value(text: &str, name: &str) -> Option<Result<PyValue, String>> {
        assignments(text)
            .into_iter()
            .rev()
            .find(|a| a.name == name)
            .map(|a| a.value)
    }

    #[test]
    fn literal_lines_are_read() {
        let text = "#!/usr/bin/env python\n# -*- coding: utf-8 -*- #\nfrom __future__ import unicode_literals\n\nAUTHOR = u'gzlug'\nSITENAME = u'广州 GNU/Linux 用户组'\nSITEURL = ''\nPATH = \"content\"  # where the posts are\nDEFAULT_PAGINATION = 10\nRELATIVE_URLS = True\nFEED_ALL_ATOM = None\nPAGE_PATHS = ['pages', \"extra pages\"]\nARTICLE_PATHS = ('posts',)\nFILENAME_METADATA = r'(?P<date>\\d{4})'\nTITLE = 'it\\'s'\n";
        let s = |v: &str| Some(Ok(PyValue::Str(v.to_string())));
        assert_eq!(value(text, "AUTHOR"), s("gzlug"));
        assert_eq!(value(text, "SITENAME"), s("广州 GNU/Linux 用户组"));
        assert_eq!(value(text, "SITEURL"), s(""));
        assert_eq!(value(text, "PATH"), s("content"));
        assert_eq!(
            value(text, "DEFAULT_PAGINATION"),
            Some(Ok(PyValue::Number("10".into())))
        );
        assert_eq!(value(text, "RELATIVE_URLS"), Some(Ok(PyValue::Bool(true))));
        assert_eq!(value(text, "FEED_ALL_ATOM"), Some(Ok(PyValue::None)));
        assert_eq!(
            value(text, "PAGE_PATHS"),
            Some(Ok(PyValue::Strings(vec![
                "pages".into(),
                "extra pages".into()
            ])))
        );
        assert_eq!(
            value(text, "ARTICLE_PATHS"),
            Some(Ok(PyValue::Strings(vec!["posts".into()])))
        );
        assert_eq!(value(text, "FILENAME_METADATA"), s("(?P<date>\\d{4})"));
        assert_eq!(value(text, "TITLE"), s("it's"));
        assert_eq!(value(text, "MISSING"), None);
    }

    #[test]
    fn what_is_no_literal_is_kept_as_written() {
        let text = "import os\nLINKS = (('Site', 'https://a'),\n         ('B', 'https://b'))\nPATH = os.path.join('a', 'b')\nif DEBUG:\n    SITEURL = 'http://localhost'\nX == 1\nN += 1\nDOC = '''multi\nline'''\nY = 'unclosed\n";
        let names: Vec<String> = assignments(text).into_iter().map(|a| a.name).collect();
        // The indented SITEURL, the comparison and `+=` are no assignments.
        assert_eq!(names, ["LINKS", "PATH", "DOC", "Y"]);
        assert_eq!(
            value(text, "PATH"),
            Some(Err("os.path.join('a', 'b')".into()))
        );
        assert!(value(text, "LINKS").unwrap().is_err());
        assert!(value(text, "DOC").unwrap().is_err());
        assert!(value(text, "Y").unwrap().is_err());
    }

    /// Missing keys are left to the defaults; an empty SITEURL and a key
    /// written as an expression are named as not read.
    #[test]
    fn missing_and_unreadable_keys() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join("pelicanconf.py"),
            "import os\nSITEURL = ''\nPATH = os.path.join('a', 'b')\nTIMEZONE = 'Asia/Shanghai' # the group meets in Guangzhou\n",
        )
        .unwrap();
        let site = read(dir.path()).unwrap();
        assert!(site.base_url.is_none() && site.content_dir.is_none());
        assert!(site.title.is_none() && site.default_language.is_none());
        assert!(site.permalinks.is_none() && site.page_paths.is_none());
        assert_eq!(site.time_zone.unwrap().value, "Asia/Shanghai");
        assert_eq!(site.files.len(), 1, "no publishconf.py");
        assert!(
            site.unread
                .iter()
                .any(|u| u.contains("PATH = os.path.join")),
            "{:?}",
            site.unread
        );
        assert!(
            site.unread.iter().any(|u| u.contains("SITEURL is empty")),
            "{:?}",
            site.unread
        );
        // publishconf.py's SITEURL is the address; DEFAULT_LANG a locale.
        std::fs::write(
            dir.path().join("publishconf.py"),
            "from pelicanconf import *\nSITEURL = \"https://www.example.org\"\nDEFAULT_LANG = u'zh_CN'\n",
        )
        .unwrap();
        let site = read(dir.path()).unwrap();
        let base = site.base_url.unwrap();
        assert_eq!(base.value, "https://www.example.org");
        assert_eq!(base.from.key, "SITEURL");
        assert!(base.from.file.ends_with("publishconf.py"));
        assert_eq!(site.default_language.unwrap().value, "zh");
        assert!(!site.unread.iter().any(|u| u.contains("SITEURL")));
    }
}
