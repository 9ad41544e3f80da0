//! File names made from text that authors write (tags, categories, slugs):
//! safe on every file system and web server, readable, and stable between
//! runs.
//!
//! Letters and digits of any script are kept (a tag `服务网格` gives
//! `服务网格/`), lowercased; every other character becomes `-`, runs of `-`
//! collapse. When two different texts give the same name (`C++` and `C#`
//! both give `c`), or the text has no letter or digit at all, the name gets a
//! short hash of the original text, so no two texts share one. A name
//! changes only when a new text arrives that clashes with it.

use std::collections::{BTreeMap, BTreeSet};

/// The readable part of a name: lowercase letters and digits, `-` between words.
pub fn slugify(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if c.is_alphanumeric() {
            out.extend(c.to_lowercase());
        } else if !out.ends_with('-') {
            out.push('-');
        }
    }
    let trimmed = out.trim_matches('-');
    // Long names are cut (on a character boundary) to keep paths well under
    // file-system limits; the hash below keeps cut names apart.
    trimmed
        .chars()
        .take(60)
        .collect::<String>()
        .trim_end_matches('-')
        .to_string()
}

/// FNV-1a, 32 bits: a stable, dependency-free hash (the std hasher is
/// randomly seeded per process, which would rename files between runs).
fn fnv1a(text: &str) -> u32 {
    let mut h: u32 = 0x811c_9dc5;
    for b in text.bytes() {
        h ^= u32::from(b);
        h = h.wrapping_mul(0x0100_0193);
    }
    h
}

/// Names for a set of texts: `slugify`, plus `-<hash>` where needed to keep
/// them apart. Deterministic for a given set (a `BTreeMap` in text order).
pub fn unique_names<'a>(texts: impl IntoIterator<Item = &'a str>) -> BTreeMap<&'a str, String> {
    let texts: BTreeSet<&str> = texts.into_iter().collect();
    let mut by_slug: BTreeMap<String, Vec<&str>> = BTreeMap::new();
    for t in &texts {
        by_slug.entry(slugify(t)).or_default().push(t);
    }
    let mut out = BTreeMap::new();
    for (slug, owners) in by_slug {
        let clash = owners.len() > 1 || slug.is_empty();
        for t in owners {
            let name = if clash || slugify(t).chars().count() >= 60 {
                let sep = if slug.is_empty() { "" } else { "-" };
                format!("{slug}{sep}{:08x}", fnv1a(t))
            } else {
                slug.clone()
            };
            out.insert(t, name);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn readable_names_for_any_script() {
        assert_eq!(slugify("Cloud Native"), "cloud-native");
        assert_eq!(slugify("服务网格"), "服务网格");
        assert_eq!(slugify("剖析 | SOFABoot 框架"), "剖析-sofaboot-框架");
        assert_eq!(slugify("a/b\\\\c..d"), "a-b-c-d");
        assert_eq!(slugify("../../etc"), "etc");
    }

    #[test]
    fn clashes_and_empty_names_get_a_stable_hash() {
        let names = unique_names(["C++", "C#", "Go", "!!!"]);
        assert_eq!(names["Go"], "go");
        assert!(names["C++"].starts_with("c-") && names["C#"].starts_with("c-"));
        assert_ne!(names["C++"], names["C#"]);
        assert_eq!(names["!!!"].len(), 8);
        // Same text, same name, whatever else is in the set.
        let again = unique_names(["C#", "C++"]);
        assert_eq!(again["C#"], names["C#"]);
    }
}
