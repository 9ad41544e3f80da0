//! Jekyll's and Hexo's `_config.yml`. Keys are case-sensitive in both.
//!
//! - Jekyll: `url` + `baseurl` (the base URL), `title`, `permalink` (a style
//!   name or a pattern; default `date`), `timezone`, `lang` (else `locale`),
//!   `source` (default `.`) and `collections_dir` below it (where posts and
//!   collections are), `destination` (default `_site`), `future`
//!   (default `false`), `collections` (each one's `permalink`).
//! - Hexo: `url` (which includes the subfolder) and `root`, `title`,
//!   `permalink` (default `:year/:month/:day/:title/`), `timezone`,
//!   `language` (a list: the first is the default), `source_dir` (default
//!   `source`), `public_dir` (default `public`), `new_post_name`, `future`
//!   (default `true`), `pretty_urls.trailing_index`/`trailing_html`.

use std::path::{Path, PathBuf};

use super::{SiteConfig, SiteConfigError, SiteLanguage, SiteSource, Sourced, Tree};

/// Hexo's `_config.yml` has keys Jekyll's never has; a Hexo site keeps its
/// posts in `source/_posts/` and depends on the `hexo` package.
pub fn looks_like_hexo(dir: &Path, config: &Path) -> bool {
    let keys = [
        "new_post_name",
        "source_dir",
        "public_dir",
        "permalink_defaults",
    ];
    let has_key = super::parse_file(config)
        .ok()
        .and_then(|(v, _)| v.as_object().cloned())
        .is_some_and(|m| keys.iter().any(|k| m.contains_key(*k)));
    let package = std::fs::read_to_string(dir.join("package.json"))
        .ok()
        .and_then(|t| serde_json::from_str::<serde_json::Value>(&t).ok())
        .is_some_and(|v| {
            ["dependencies", "devDependencies"]
                .iter()
                .any(|d| v.get(d).and_then(|m| m.get("hexo")).is_some())
        });
    has_key || package || dir.join("source").join("_posts").is_dir()
}

fn load(dir: &Path) -> Result<(Tree, PathBuf), SiteConfigError> {
    let file = ["_config.yml", "_config.yaml"]
        .iter()
        .map(|n| dir.join(n))
        .find(|p| p.is_file())
        .ok_or_else(|| SiteConfigError {
            file: dir.join("_config.yml"),
            message: "no _config.yml in the site folder".into(),
        })?;
    let mut tree = Tree::new(false);
    tree.merge_file(&[], &file)?;
    Ok((tree, file))
}

fn path_of(tree: &Tree, key: &str) -> Option<Sourced<PathBuf>> {
    tree.string(&[key]).map(|s| Sourced {
        value: PathBuf::from(s.value),
        from: s.from,
    })
}

/// `url` and a path below it, joined with one `/`.
fn join_url(url: Sourced<String>, path: Option<Sourced<String>>) -> Sourced<String> {
    match path {
        Some(p) if !p.value.trim_matches('/').is_empty() => Sourced {
            value: format!(
                "{}/{}/",
                url.value.trim_end_matches('/'),
                p.value.trim_matches('/')
            ),
            from: SiteSource {
                file: url.from.file,
                key: format!("{} + {}", url.from.key, p.from.key),
            },
        },
        _ => url,
    }
}

pub fn read_jekyll(dir: &Path) -> Result<SiteConfig, SiteConfigError> {
    let (mut tree, file) = load(dir)?;
    let mut site = SiteConfig {
        files: vec![file.clone()],
        ..Default::default()
    };
    site.base_url = tree
        .string(&["url"])
        .map(|u| join_url(u, tree.string(&["baseurl"])));
    if site.base_url.is_none() {
        site.unread.push(format!(
            "{}: `url` is empty, so the site's address is unknown; set `url` there or `base_url` in feedcal.toml",
            file.display()
        ));
    }
    site.title = tree.string(&["title"]);
    site.default_language = tree.string(&["lang"]).or_else(|| tree.string(&["locale"]));
    site.time_zone = tree.string(&["timezone"]);
    // Jekyll keeps `_posts`, `_drafts` and every collection in `collections_dir`
    // (below `source`) when one is set.
    site.content_dir = match (path_of(&tree, "source"), path_of(&tree, "collections_dir")) {
        (source, Some(collections)) => Some(Sourced {
            value: source
                .map_or_else(|| PathBuf::from("."), |s| s.value)
                .join(collections.value),
            from: collections.from,
        }),
        (source, None) => source,
    };
    site.publish_dir = path_of(&tree, "destination");
    site.exclude = tree.strings(&["exclude"]);
    site.build_future = tree.boolean(&["future"]);
    let mut rules = Vec::new();
    let mut from = None;
    if let Some(p) = tree.string(&["permalink"]) {
        rules.push((String::new(), p.value));
        from = Some(p.from);
    }
    for (rest, leaf) in tree.below(&["collections"]) {
        if let ([name, key], Some(pattern)) = (rest.as_slice(), leaf.value.as_str()) {
            if key == "permalink" {
                rules.push((name.clone(), pattern.to_string()));
                from.get_or_insert_with(|| leaf.source.clone());
            }
        }
    }
    if let Some(from) = from {
        site.permalinks = Some(Sourced { value: rules, from });
    }
    site.unread.append(&mut tree.notes);
    Ok(site)
}

pub fn read_hexo(dir: &Path) -> Result<SiteConfig, SiteConfigError> {
    let (mut tree, file) = load(dir)?;
    let mut site = SiteConfig {
        files: vec![file.clone()],
        ..Default::default()
    };
    // Hexo's `url` already holds the subfolder; `root` repeats it as a path.
    site.base_url = tree.string(&["url"]);
    if let (Some(url), Some(root)) = (&site.base_url, tree.string(&["root"])) {
        let root_path = root.value.trim_matches('/');
        let url_path = url::Url::parse(&url.value)
            .map(|u| u.path().trim_matches('/').to_string())
            .unwrap_or_default();
        if !root_path.is_empty() && url_path.is_empty() {
            site.base_url = Some(join_url(url.clone(), Some(root)));
        }
    }
    site.title = tree.string(&["title"]);
    site.time_zone = tree.string(&["timezone"]);
    if let Some(langs) = tree.strings(&["language"]) {
        let list: Vec<SiteLanguage> = langs
            .value
            .iter()
            .filter(|l| l.as_str() != "default")
            .enumerate()
            .map(|(i, code)| SiteLanguage {
                code: code.clone(),
                weight: i as i64 + 1,
                content_dir: None,
                name: None,
                title: None,
            })
            .collect();
        if let Some(first) = list.first() {
            site.default_language = Some(Sourced {
                value: first.code.clone(),
                from: langs.from.clone(),
            });
        }
        if list.len() > 1 {
            site.languages = Some(Sourced {
                value: list,
                from: langs.from,
            });
        }
    }
    site.content_dir = path_of(&tree, "source_dir");
    site.publish_dir = path_of(&tree, "public_dir");
    // Hexo's `exclude` (globs below `source_dir`) is skipped like Jekyll's.
    site.exclude = tree.strings(&["exclude"]);
    site.build_future = tree.boolean(&["future"]);
    if let Some(p) = tree.string(&["permalink"]) {
        site.permalinks = Some(Sourced {
            value: vec![(String::new(), p.value)],
            from: p.from,
        });
    }
    // `trailing_html: false` drops `.html` from URLs; `trailing_index`
    // concerns `index.html`, which a post URL never ends with.
    site.drop_html_suffix = tree
        .boolean(&["pretty_urls", "trailing_html"])
        .map(|b| Sourced {
            value: !b.value,
            from: b.from,
        });
    if let Some(n) = tree.string(&["new_post_name"]) {
        site.other.push(Sourced {
            value: format!("new_post_name = {:?}", n.value),
            from: n.from,
        });
    }
    site.unread.append(&mut tree.notes);
    Ok(site)
}
