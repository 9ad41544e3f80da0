//! Hugo's configuration, merged as Hugo merges it:
//!
//! 1. the first of `hugo.toml`, `hugo.yaml`, `hugo.yml`, `hugo.json`,
//!    `config.toml`, `config.yaml`, `config.yml`, `config.json` in the site folder;
//! 2. then `config/_default/` and `config/production/` (the environment a
//!    `hugo` build uses), each file over the ones before, in path order. A
//!    file is named after the top-level key it holds (`params.yaml` holds
//!    `params`, `permalinks.toml` holds `permalinks`), except `hugo.*` and
//!    `config.*`, which hold top-level keys; a language in the name puts it
//!    under that language (`menus.en.toml` is `languages.en.menus`,
//!    `params.zh.yaml` is `languages.zh.params`).
//!
//! A later value overwrites an earlier one of the same key, maps merged key
//! by key. Keys are case-insensitive (`baseURL`, `baseurl`, `BaseURL`), as in
//! Hugo; each value keeps its key as written for `check -v`.

use std::path::{Path, PathBuf};

use super::{SiteConfig, SiteConfigError, SiteLanguage, SiteSource, Sourced, Tree};

const EXTENSIONS: [&str; 4] = ["toml", "yaml", "yml", "json"];

pub fn read(dir: &Path) -> Result<SiteConfig, SiteConfigError> {
    let mut tree = Tree::new(true);
    let mut files = Vec::new();
    'names: for name in ["hugo", "config"] {
        for ext in EXTENSIONS {
            let p = dir.join(format!("{name}.{ext}"));
            if p.is_file() {
                tree.merge_file(&[], &p)?;
                files.push(p);
                break 'names;
            }
        }
    }
    let config_dir = match tree.string(&["configdir"]) {
        Some(c) => dir.join(c.value),
        None => dir.join("config"),
    };
    for env in ["_default", "production"] {
        let env_dir = config_dir.join(env);
        for file in config_files(&env_dir) {
            let prefix = key_path(&file);
            tree.merge_file(&prefix, &file)?;
            files.push(file);
        }
    }
    if files.is_empty() {
        return Err(SiteConfigError {
            file: dir.to_path_buf(),
            message: "no Hugo config: expected hugo.toml|yaml|json, config.toml|yaml|json or config/_default/".into(),
        });
    }
    let mut site = SiteConfig {
        files,
        ..Default::default()
    };
    extract(&tree, &mut site);
    site.unread.append(&mut tree.notes);
    Ok(site)
}

/// Config files under `dir`, recursively, in path order (as Hugo walks them).
fn config_files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let Ok(entries) = std::fs::read_dir(dir) else {
        return out;
    };
    let mut paths: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    paths.sort();
    for p in paths {
        if p.is_dir() {
            out.extend(config_files(&p));
        } else if p
            .extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| EXTENSIONS.contains(&e.to_ascii_lowercase().as_str()))
        {
            out.push(p);
        }
    }
    out
}

/// Where a file of the config folder goes: `params.yaml` → `params`,
/// `menus.en.toml` → `languages.en.menus`, `hugo.toml` → the top.
fn key_path(file: &Path) -> Vec<String> {
    let stem = file
        .file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or("")
        .to_string();
    if stem == "hugo" || stem == "config" {
        return Vec::new();
    }
    match stem.rsplit_once('.') {
        Some((name, lang)) if !lang.is_empty() => {
            let mut p = vec!["languages".to_string(), lang.to_string()];
            match name {
                "menu" | "menus" => p.push("menus".into()),
                "params" => p.push("params".into()),
                _ => {}
            }
            p
        }
        _ => vec![stem],
    }
}

fn extract(tree: &Tree, site: &mut SiteConfig) {
    site.base_url = tree.string(&["baseurl"]);
    site.title = tree.string(&["title"]);
    site.default_language = tree.string(&["defaultcontentlanguage"]).map(|s| Sourced {
        value: s.value.to_lowercase(),
        from: s.from,
    });
    site.default_language_in_subdir = tree.boolean(&["defaultcontentlanguageinsubdir"]);
    site.time_zone = tree.string(&["timezone"]);
    site.build_future = tree.boolean(&["buildfuture"]);
    site.build_expired = tree.boolean(&["buildexpired"]);
    site.build_drafts = tree.boolean(&["builddrafts"]);
    site.content_dir = path_value(tree, "contentdir");
    site.publish_dir = path_value(tree, "publishdir");
    site.disable_path_to_lower = tree.boolean(&["disablepathtolower"]);
    site.ugly_urls = tree.boolean(&["uglyurls"]);
    if site.ugly_urls.is_none() && !tree.below(&["uglyurls"]).is_empty() {
        site.unread.push(
            "uglyURLs per section (a map): feedcal reads only a true/false for the whole site"
                .into(),
        );
    }
    languages(tree, site);
    taxonomies(tree, site);
    permalinks(tree, site);
    for (field, key) in [
        ("date", "date"),
        ("publishDate", "publishdate"),
        ("expiryDate", "expirydate"),
        ("lastmod", "lastmod"),
    ] {
        if let Some(list) = tree.strings(&["frontmatter", key]) {
            site.date_sources.insert(field.to_string(), list);
        }
    }
}

fn path_value(tree: &Tree, key: &str) -> Option<Sourced<PathBuf>> {
    tree.string(&[key]).map(|s| Sourced {
        value: PathBuf::from(s.value),
        from: s.from,
    })
}

fn languages(tree: &Tree, site: &mut SiteConfig) {
    let entries = tree.below(&["languages"]);
    if entries.is_empty() {
        return;
    }
    let disabled: Vec<String> = tree
        .strings(&["disablelanguages"])
        .map(|s| s.value.iter().map(|l| l.to_lowercase()).collect())
        .unwrap_or_default();
    let mut codes: Vec<String> = entries.iter().map(|(rest, _)| rest[0].clone()).collect();
    codes.dedup();
    let mut langs = Vec::new();
    for code in codes {
        let get = |k: &str| tree.string(&["languages", &code, k]).map(|s| s.value);
        let off = tree
            .boolean(&["languages", &code, "disabled"])
            .is_some_and(|b| b.value);
        if off || disabled.contains(&code) {
            continue;
        }
        langs.push(SiteLanguage {
            weight: tree.int(&["languages", &code, "weight"]).unwrap_or(0),
            content_dir: get("contentdir").map(PathBuf::from),
            name: get("languagename").or_else(|| get("label")),
            title: get("title"),
            code,
        });
    }
    // Hugo orders languages by weight; an unset weight (0) goes last.
    langs.sort_by(|a, b| {
        let w = |l: &SiteLanguage| if l.weight == 0 { i64::MAX } else { l.weight };
        w(a).cmp(&w(b)).then_with(|| a.code.cmp(&b.code))
    });
    let from = entries[0].1.source.clone();
    let from = SiteSource {
        file: from.file,
        key: from
            .key
            .split('.')
            .next()
            .unwrap_or("languages")
            .to_string(),
    };
    site.languages = Some(Sourced { value: langs, from });
}

fn taxonomies(tree: &Tree, site: &mut SiteConfig) {
    let entries = tree.below(&["taxonomies"]);
    if entries.is_empty() {
        return;
    }
    let mut plurals: Vec<String> = entries
        .iter()
        .filter(|(rest, _)| rest.len() == 1)
        .filter_map(|(_, leaf)| leaf.value.as_str().map(str::to_string))
        .collect();
    plurals.sort();
    let from = entries[0].1.source.clone();
    let key = from
        .key
        .split('.')
        .next()
        .unwrap_or("taxonomies")
        .to_string();
    site.taxonomies = Some(Sourced {
        value: plurals,
        from: SiteSource {
            file: from.file,
            key,
        },
    });
}

/// `permalinks.<section> = pattern` (Hugo's first form, which applies to the
/// section's pages) and `permalinks.page.<section> = pattern` (the newer
/// one). Patterns for section, taxonomy and term pages give no post URL and
/// are not kept.
fn permalinks(tree: &Tree, site: &mut SiteConfig) {
    if let Some(leaf) = tree.get(&["permalinks"]) {
        if leaf.value.is_array() {
            site.unread.push(format!(
                "{}: permalinks written as a list of target/pattern rules are not read; write `permalinks.page.<section>`",
                leaf.source
            ));
        }
        return;
    }
    let mut rules = Vec::new();
    let mut from = None;
    let mut terms = Vec::new();
    let mut terms_from = None;
    for (rest, leaf) in tree.below(&["permalinks"]) {
        let Some(pattern) = leaf.value.as_str() else {
            continue;
        };
        let section = match rest.as_slice() {
            [section] => section.clone(),
            [kind, section] if kind == "page" => section.clone(),
            // `permalinks.term.tags = "/blog/tag/:slug/"`: where a term's page is.
            [kind, taxonomy] if kind == "term" => {
                terms_from.get_or_insert_with(|| leaf.source.clone());
                terms.push((taxonomy.clone(), pattern.to_string()));
                continue;
            }
            _ => continue,
        };
        from.get_or_insert_with(|| leaf.source.clone());
        rules.push((section.trim_matches('/').to_string(), pattern.to_string()));
    }
    if let Some(from) = from {
        site.permalinks = Some(Sourced { value: rules, from });
    }
    if let Some(from) = terms_from {
        site.term_permalinks = Some(Sourced { value: terms, from });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn config_folder_files_are_named_after_their_key() {
        assert!(key_path(Path::new("config/_default/hugo.toml")).is_empty());
        assert_eq!(key_path(Path::new("x/params.yaml")), ["params"]);
        assert_eq!(
            key_path(Path::new("x/menus.en.toml")),
            ["languages", "en", "menus"]
        );
        assert_eq!(
            key_path(Path::new("x/params.zh.yaml")),
            ["languages", "zh", "params"]
        );
        assert_eq!(key_path(Path::new("x/languages.toml")), ["languages"]);
    }
}
