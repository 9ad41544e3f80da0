//! Zola's `config.toml`: `base_url`, `title`, `default_language` (default
//! `en`), `languages` (`[languages.fr]` tables), `taxonomies` (a list of
//! `{ name = … }`), `output_dir` (default `public`), `slugify.paths`
//! (`on`, `safe`, `off`). Keys are case-sensitive.

use std::path::{Path, PathBuf};

use super::{SiteConfig, SiteConfigError, SiteLanguage, Sourced, Tree};

pub fn read(dir: &Path) -> Result<SiteConfig, SiteConfigError> {
    let file = dir.join("config.toml");
    let mut tree = Tree::new(false);
    tree.merge_file(&[], &file)?;
    let notes = std::mem::take(&mut tree.notes);
    let mut site = SiteConfig {
        files: vec![file.clone()],
        ..Default::default()
    };
    site.base_url = tree.string(&["base_url"]);
    site.title = tree.string(&["title"]);
    site.default_language = tree.string(&["default_language"]);
    site.publish_dir = tree.string(&["output_dir"]).map(|s| Sourced {
        value: PathBuf::from(s.value),
        from: s.from,
    });
    site.slugify_paths = tree.string(&["slugify", "paths"]);
    let entries = tree.below(&["languages"]);
    if let Some((_, first)) = entries.first() {
        let mut codes: Vec<String> = entries.iter().map(|(rest, _)| rest[0].clone()).collect();
        codes.dedup();
        let langs = codes
            .into_iter()
            .enumerate()
            .map(|(i, code)| SiteLanguage {
                title: tree.string(&["languages", &code, "title"]).map(|s| s.value),
                weight: i as i64 + 1,
                content_dir: None,
                name: None,
                code,
            })
            .collect();
        let mut from = first.source.clone();
        from.key = "languages".into();
        site.languages = Some(Sourced { value: langs, from });
    }
    if let Some(leaf) = tree.get(&["taxonomies"]) {
        if let Some(items) = leaf.value.as_array() {
            let names = items
                .iter()
                .filter_map(|t| t.get("name").and_then(|n| n.as_str()).map(str::to_string))
                .collect();
            site.taxonomies = Some(Sourced {
                value: names,
                from: leaf.source.clone(),
            });
        }
    }
    site.unread.extend(notes);
    Ok(site)
}
