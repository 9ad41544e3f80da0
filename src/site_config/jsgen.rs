//! Docusaurus's `docusaurus.config.js` and VuePress's `.vuepress/config.ts`:
//! JavaScript, read for plain literal values only ([`super::js`]); every
//! value that is there but is not a literal is listed as not read.
//!
//! - Docusaurus: `url` + `baseUrl`, `title`, `trailingSlash`,
//!   `i18n.defaultLocale` and `i18n.locales`, and each blog: the classic
//!   preset's `blog` options and every `plugin-content-blog` instance, with
//!   `path` and `routeBasePath` (both `blog` by default). The site is built
//!   into `build/`.
//! - VuePress: `base`, `title`, `locales` (`'/zh/': { lang: 'zh-CN' }`), `dest`
//!   (default `<docs>/.vuepress/dist`). VuePress's config names no site
//!   address: `base_url` must come from feedcal.toml.

use std::path::{Path, PathBuf};

use super::js::{objects_with, JsValue};
use super::{BlogInstance, SiteConfig, SiteConfigError, SiteLanguage, SiteSource, Sourced};

const EXTENSIONS: [&str; 4] = ["js", "ts", "mjs", "cjs"];

/// `.vuepress/config.*` in `dir`, `dir/docs` or `dir/src`.
pub fn vuepress_config(dir: &Path) -> Option<PathBuf> {
    for sub in ["", "docs", "src"] {
        for ext in EXTENSIONS {
            let p = dir
                .join(sub)
                .join(".vuepress")
                .join(format!("config.{ext}"));
            if p.is_file() {
                return Some(p);
            }
        }
    }
    None
}

fn read_text(file: &Path) -> Result<String, SiteConfigError> {
    std::fs::read_to_string(file).map_err(|e| SiteConfigError {
        file: file.to_path_buf(),
        message: format!("cannot read: {e}"),
    })
}

struct Reader<'a> {
    file: &'a Path,
    unread: Vec<String>,
}

impl Reader<'_> {
    fn source(&self, key: &str) -> SiteSource {
        SiteSource {
            file: self.file.to_path_buf(),
            key: key.to_string(),
        }
    }

    /// A string at `key` of `obj`; an unreadable value is noted.
    fn string(&mut self, obj: &JsValue, path: &str) -> Option<Sourced<String>> {
        let mut v = obj;
        for part in path.split('.') {
            v = v.get(part)?;
        }
        match v {
            JsValue::Str(s) => Some(Sourced {
                value: s.clone(),
                from: self.source(path),
            }),
            JsValue::Unknown(text) => {
                self.note(path, text);
                None
            }
            _ => None,
        }
    }

    fn note(&mut self, path: &str, text: &str) {
        self.unread.push(format!(
            "{}: `{path}` is not a plain literal (`{text}`); set the value in feedcal.toml if it matters",
            self.file.display()
        ));
    }
}

pub fn read_docusaurus(dir: &Path) -> Result<SiteConfig, SiteConfigError> {
    let file = EXTENSIONS
        .iter()
        .map(|e| dir.join(format!("docusaurus.config.{e}")))
        .find(|p| p.is_file())
        .ok_or_else(|| SiteConfigError {
            file: dir.join("docusaurus.config.js"),
            message: "no docusaurus.config.js in the site folder".into(),
        })?;
    let text = read_text(&file)?;
    let objects = objects_with(&text, &["url", "baseUrl"]);
    let mut site = SiteConfig {
        files: vec![file.clone()],
        ..Default::default()
    };
    let mut r = Reader {
        file: &file,
        unread: Vec::new(),
    };
    let Some(config) = objects.first() else {
        site.unread.push(format!(
            "{}: no object literal with `url` or `baseUrl` found; nothing was read from it",
            file.display()
        ));
        return Ok(site);
    };
    let url = r.string(config, "url");
    let base = r.string(config, "baseUrl");
    site.base_url = url.map(|u| match base {
        Some(b) if !b.value.trim_matches('/').is_empty() => Sourced {
            value: format!(
                "{}/{}/",
                u.value.trim_end_matches('/'),
                b.value.trim_matches('/')
            ),
            from: r.source("url + baseUrl"),
        },
        _ => u,
    });
    site.title = r.string(config, "title");
    match config.get("trailingSlash") {
        Some(JsValue::Bool(b)) => {
            site.trailing_slash = Some(Sourced {
                value: *b,
                from: r.source("trailingSlash"),
            })
        }
        Some(JsValue::Unknown(t)) => r.note("trailingSlash", &t.clone()),
        _ => {}
    }
    site.default_language = r.string(config, "i18n.defaultLocale");
    if let Some(JsValue::Array(items)) = config.get("i18n").and_then(|i| i.get("locales")) {
        let langs: Vec<SiteLanguage> = items
            .iter()
            .filter_map(JsValue::as_str)
            .enumerate()
            .map(|(i, code)| SiteLanguage {
                code: code.to_string(),
                weight: i as i64 + 1,
                content_dir: None,
                name: None,
                title: None,
            })
            .collect();
        site.languages = Some(Sourced {
            value: langs,
            from: r.source("i18n.locales"),
        });
    }
    site.blogs = Some(Sourced {
        value: blogs(config, &mut r),
        from: r.source("presets / plugins"),
    });
    site.publish_dir = Some(Sourced {
        value: PathBuf::from("build"),
        from: r.source("(Docusaurus always builds into build/)"),
    });
    site.unread = r.unread;
    Ok(site)
}

/// The classic preset's blog (unless `blog: false`) and every blog plugin instance.
fn blogs(config: &JsValue, r: &mut Reader<'_>) -> Vec<BlogInstance> {
    let mut out = Vec::new();
    let entries = |key: &str| match config.get(key) {
        Some(JsValue::Array(items)) => items.clone(),
        _ => Vec::new(),
    };
    let name_and_options = |item: &JsValue| -> Option<(String, Option<JsValue>)> {
        match item {
            JsValue::Str(name) => Some((name.clone(), None)),
            JsValue::Array(parts) => {
                let name = parts.first()?.as_str()?.to_string();
                Some((name, parts.get(1).cloned()))
            }
            _ => None,
        }
    };
    let instance = |options: Option<&JsValue>, key: &str, r: &mut Reader<'_>| {
        let field = |name: &str, r: &mut Reader<'_>| match options.and_then(|o| o.get(name)) {
            // `./community` is the folder `community` of the site.
            Some(JsValue::Str(s)) => {
                let s = s.trim_start_matches("./");
                Some(s.trim_matches('/').to_string())
            }
            Some(JsValue::Unknown(t)) => {
                r.note(&format!("{key}.{name}"), &t.clone());
                None
            }
            _ => None,
        };
        let path = field("path", r).unwrap_or_else(|| "blog".into());
        let route = field("routeBasePath", r).unwrap_or_else(|| "blog".into());
        BlogInstance {
            path,
            route_base_path: route,
        }
    };
    for item in entries("presets") {
        let Some((name, options)) = name_and_options(&item) else {
            continue;
        };
        if !name.contains("classic") {
            continue;
        }
        match options.as_ref().and_then(|o| o.get("blog")) {
            Some(JsValue::Bool(false)) => {}
            Some(blog @ JsValue::Object(_)) => out.push(instance(Some(blog), "presets.blog", r)),
            _ => out.push(instance(None, "presets.blog", r)),
        }
    }
    for item in entries("plugins") {
        let Some((name, options)) = name_and_options(&item) else {
            continue;
        };
        if name.contains("plugin-content-blog") {
            out.push(instance(options.as_ref(), "plugins.blog", r));
        }
    }
    out
}

pub fn read_vuepress(dir: &Path) -> Result<SiteConfig, SiteConfigError> {
    let file = vuepress_config(dir).ok_or_else(|| SiteConfigError {
        file: dir.join(".vuepress/config.js"),
        message: "no .vuepress/config.js|ts in the site folder, docs/ or src/".into(),
    })?;
    let text = read_text(&file)?;
    // The folder holding `.vuepress/` is VuePress's source folder.
    let source_dir = file
        .parent()
        .and_then(Path::parent)
        .and_then(|p| p.strip_prefix(dir).ok())
        .map(Path::to_path_buf)
        .unwrap_or_default();
    let mut site = SiteConfig {
        files: vec![file.clone()],
        ..Default::default()
    };
    let mut r = Reader {
        file: &file,
        unread: Vec::new(),
    };
    site.content_dir = Some(Sourced {
        value: if source_dir.as_os_str().is_empty() {
            PathBuf::from(".")
        } else {
            source_dir.clone()
        },
        from: r.source("(the folder holding .vuepress/)"),
    });
    let objects = objects_with(&text, &["base", "locales", "dest", "title"]);
    let config = objects
        .first()
        .cloned()
        .unwrap_or(JsValue::Object(Vec::new()));
    let base = r.string(&config, "base");
    site.title = r.string(&config, "title");
    site.publish_dir = match r.string(&config, "dest") {
        Some(d) => Some(Sourced {
            value: PathBuf::from(d.value),
            from: d.from,
        }),
        None => Some(Sourced {
            value: source_dir.join(".vuepress").join("dist"),
            from: r.source("(VuePress's default dest)"),
        }),
    };
    if let Some(JsValue::Object(locales)) = config.get("locales") {
        let mut langs = Vec::new();
        for (i, (path, options)) in locales.iter().enumerate() {
            let code = path.trim_matches('/').to_string();
            if code.is_empty() {
                if let Some(lang) = options.get("lang").and_then(JsValue::as_str) {
                    let primary = lang.split('-').next().unwrap_or(lang).to_lowercase();
                    site.default_language = Some(Sourced {
                        value: primary,
                        from: r.source("locales./.lang"),
                    });
                }
                continue;
            }
            langs.push(SiteLanguage {
                code,
                weight: i as i64 + 1,
                content_dir: None,
                name: None,
                title: options
                    .get("title")
                    .and_then(JsValue::as_str)
                    .map(str::to_string),
            });
        }
        site.languages = Some(Sourced {
            value: langs,
            from: r.source("locales"),
        });
    }
    r.unread.push(format!(
        "{}: VuePress's config names no site address (only `base`{}); set `base_url` in feedcal.toml",
        file.display(),
        base.as_ref()
            .map(|b| format!(" = {:?}", b.value))
            .unwrap_or_default()
    ));
    if let Some(b) = base {
        site.other.push(Sourced {
            value: format!("base = {:?}", b.value),
            from: b.from,
        });
    }
    site.unread = r.unread;
    Ok(site)
}
