//! Discovery: which files under the content root are posts, and each post's
//! language, section, slug and the date its path carries, by the layout
//! rules of the site's generator (`config.generator`).
//!
//! # Every generator
//!
//! - A post is a Markdown file: `.md` or `.markdown` (and `.mdx` for
//!   Docusaurus). Names starting with `.` (`.git`, `.vuepress`), editor
//!   leftovers (`#…#`, `…~`) and `node_modules` are never read.
//! - Only configured sections are read (`[sections.<name>]`). A post's
//!   section is the first folder under the content root (after a language
//!   folder where the generator has those), except for VuePress (below).
//!   Folders of other names are not walked at all (a Jekyll or Docusaurus
//!   root also holds the theme, `_site/`, `build/`…).
//! - A date the path carries is kept as [`SourceFile::name_date`], the feed
//!   date of a post whose front matter gives none: a file or folder name that
//!   starts with `YYYY-M-D` (`2019-06-30-slug.md`, `2026-02-5-…`,
//!   `2021-04-22/index.md`) or is or starts with `YYYYMMDD` (`20240521.md`),
//!   followed by `-`, `_` or nothing; else three folders `YYYY/MM/DD/` right
//!   above the post. Years outside 1970–2200 are not dates.
//!
//! # Hugo (`content/`)
//!
//! - A first folder that is a language (`zh/`, `en/`: one of `languages`,
//!   or, when none are configured, any folder that looks like a language code
//!   and is not a section) is the language; otherwise the default language.
//!   A file-name suffix (`foo.es.md`, `index.es.md`) is the language too
//!   (Hugo's translation by file name), and wins over the folder.
//! - A folder holding `index.md` (or `index.<lang>.md`) is a leaf bundle:
//!   that file is the post, named by the folder; nothing else inside it,
//!   `.md` files and subfolders included, is a post (`-v` lists them).
//! - `_index.md` is a list page; its folder is a nested section, whose pages
//!   belong to the top-level section. A nested section's `_index.md` is read
//!   like a bundle named by its folder, and kept only when its front matter
//!   states an event (a summit's page); the section's own is never a post.
//! - Every other Markdown file at any depth of a section is a single page
//!   named by its file (`blog/2023/foo.md`, `events/beijing/2019/x/index.md`).
//! - `<section>/index.md` is read as the section's list page, not a post.
//!
//! # Zola (`content/`)
//!
//! As Hugo, without language folders (Zola translates by file name only), and
//! with Zola's date rule: a file or bundle folder named `2021-06-23-slug` (or
//! `…_slug`) is dated by its name, and its slug is the rest (`slug`).
//!
//! # Hexo (`source/`)
//!
//! Every Markdown file at any depth of `_posts/` (folders are often
//! categories) is a post, named by its file (Hexo's default `new_post_name`
//! is `:title.md`: the slug keeps a date written in the name, which still
//! dates the post). Other configured folders are read the same way. Names
//! starting with `_` inside a section (`_drafts/` is not a section) are not
//! read, as Hexo skips them.
//!
//! # Jekyll (the site's folder)
//!
//! - `_posts/**/YYYY-M-D-slug.md` (nested `_posts/cn/…`, unpadded
//!   `2018-8-20-…`): a post dated and named by its file (Jekyll's rule; a file
//!   in `_posts/` without a date in its name is not a post, as in Jekyll).
//! - A collection `_<name>/` (configured as section `_<name>`): every
//!   Markdown file at any depth is a post, dated by its name when it has a
//!   date (the slug is then the rest).
//! - The first folder under the section that is a language (`_posts/cn/`) is
//!   the language.
//!
//! # Docusaurus (the site's folder)
//!
//! A section is a blog or docs plugin folder (`blog/`, or a second instance
//! such as `mentors/`, or a docs folder). Every Markdown file at any depth
//! is a post, except names starting with `_` (Docusaurus's own exclusion):
//! `blog/2021-08-26-slug.md`, `blog/2021-08-26-slug/index.md` and
//! `blog/2021/08/26/slug.md` are dated by their path, and the slug is the
//! part after the date. `index.md(x)` and `README.md(x)` are named by their
//! folder; directly in the section they are its index page, not a post.
//!
//! # VuePress (`docs/`)
//!
//! A first folder that is a language (`zh/`) is the language. The section is
//! the first folder along the path that is a configured section
//! (`zh/community/events/20240521.md` is in section `events` when `events` is
//! configured). `README.md` and `index.md` are a folder's index page, never
//! a post; every other Markdown file is a post named by its file.
//!
//! # Pelican (`PATH`, default `content/`)
//!
//! Every Markdown file (`.md`, `.markdown`, `.mkd`, `.mdown`) or
//! reStructuredText file (`.rst`) at any depth of
//! an `ARTICLE_PATHS` folder (default: all of PATH) is an article, except
//! under a `PAGE_PATHS` folder (default `pages/`: Pelican's pages, which it
//! excludes from articles). All articles are one section, `articles`
//! ([`crate::generator::PELICAN_ARTICLES`]): Pelican's folders are
//! categories, not sections. The slug here is the file name (the URL rule
//! takes `Slug:` or the title), and a name starting with `YYYY-MM-DD` dates
//! the article (Pelican's default `FILENAME_METADATA`, padded digits only).
//! reStructuredText articles (`.rst`) are read too, as the Markdown post
//! they say (`decode::rst`).
//!
//! # Links, limits and order
//!
//! Symlinks are followed only while they stay inside the content root: a link
//! (to a file or a folder) that leaves it is never read, and is an error
//! naming the link. A link back to a folder above it (a loop), and a second
//! link to a folder already reached through a link (a fan-out), are errors and
//! not followed. The walk is iterative: folders deeper than
//! `discovery.max_depth` below the root are not read, and the walk stops
//! after `discovery.max_entries` files and folders; each is one error, and
//! every post found is still published. The result is sorted by path, so
//! nothing downstream depends on the order the file system lists entries in.

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::LazyLock;

use chrono::NaiveDate;

use crate::config::{looks_like_language, Config};
use crate::generator::Generator;
use crate::model::{PostError, SourceFile};

/// What discovery found: posts in path order, and what it could not read.
#[derive(Debug, Default)]
pub struct Discovered {
    pub files: Vec<SourceFile>,
    pub errors: Vec<PostError>,
    /// Files and folders skipped on purpose (unconfigured sections, bundle
    /// resources), for `-v`.
    pub skipped: Vec<(PathBuf, &'static str)>,
    /// Sections' own list pages (Hugo, Zola `_index.md`), read only for
    /// their URL.
    pub section_pages: Vec<SourceFile>,
}

/// What to look for besides posts.
#[derive(Debug, Clone, Copy, Default)]
pub struct Looking {
    /// List what leaf bundles hold besides their index file (`.md` files and
    /// folders, at any depth) into [`Discovered::skipped`], for `--verbose`.
    pub inside_bundles: bool,
}

pub fn discover(root: &Path, config: &Config, looking: Looking) -> Discovered {
    let walked = walk(root, config);
    let mut out = Discovered {
        errors: walked.errors,
        skipped: walked.skipped,
        files: Vec::new(),
        section_pages: Vec::new(),
    };
    let layout = Layout {
        config,
        bundles: &walked.bundles,
    };
    for entry in &walked.entries {
        if entry.is_dir {
            let inside = entry.rel.len() >= 2 && layout.in_bundle(&entry.rel, entry.rel.len() - 2);
            if looking.inside_bundles && inside {
                out.skipped.push((
                    entry.path.clone(),
                    "folder inside a page bundle (its files are the bundle's resources)",
                ));
            }
            continue;
        }
        match layout.classify(&entry.rel) {
            Ok(page) => out.files.push(SourceFile {
                path: entry.path.clone(),
                rel_path: entry.rel.join("/"),
                lang: page.lang,
                section: page.section,
                slug: page.slug,
                bundle: page.bundle,
                name_date: page.name_date,
                list_page: matches!(config.generator, Generator::Hugo | Generator::Zola)
                    && entry
                        .rel
                        .last()
                        .is_some_and(|n| n.split('.').next() == Some("_index")),
            }),
            Err(Skip::Bundle) if !looking.inside_bundles => {}
            Err(Skip::SectionPage { lang, section }) => {
                out.skipped.push((entry.path.clone(), "section list page"));
                out.section_pages.push(SourceFile {
                    path: entry.path.clone(),
                    rel_path: entry.rel.join("/"),
                    lang,
                    section,
                    slug: String::new(),
                    bundle: true,
                    name_date: None,
                    list_page: true,
                });
            }
            Err(why) => out.skipped.push((entry.path.clone(), why.reason())),
        }
    }
    out.files.sort_by(|a, b| a.rel_path.cmp(&b.rel_path));
    out.errors.sort_by(|a, b| a.path.cmp(&b.path));
    out.skipped.sort();
    out
}

/// A Markdown file or a walked folder, relative to the content root.
#[derive(Debug)]
struct Entry {
    path: PathBuf,
    rel: Vec<String>,
    is_dir: bool,
}

#[derive(Debug, Default)]
struct Walked {
    entries: Vec<Entry>,
    /// Folders (relative, `/`-joined) holding an `index.md`: leaf bundles
    /// for the generators that have them.
    bundles: HashSet<String>,
    errors: Vec<PostError>,
    skipped: Vec<(PathBuf, &'static str)>,
}

/// Walks the content root with walkdir: one folder at a time, on the heap
/// (no recursion), entries sorted by name. Folders that cannot hold a post
/// are not entered.
fn walk(root: &Path, config: &Config) -> Walked {
    let mut out = Walked::default();
    let limits = config.discovery;
    let real_root = match std::fs::canonicalize(root) {
        Ok(r) => r,
        Err(e) => {
            out.errors.push(unreadable(root, &e));
            return out;
        }
    };
    // Folders already reached through a link, by their real path.
    let mut linked: HashSet<PathBuf> = HashSet::new();
    let mut seen = 0usize;
    let mut it = walkdir::WalkDir::new(root)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter();
    while let Some(next) = it.next() {
        let entry = match next {
            Ok(entry) => entry,
            Err(e) => {
                if let Some(error) = walk_error(&e, &real_root) {
                    out.errors.push(error);
                }
                continue;
            }
        };
        if entry.depth() == 0 {
            continue;
        }
        seen += 1;
        if seen > limits.max_entries {
            out.errors.push(too_many(entry.path(), limits.max_entries));
            break;
        }
        let is_dir = entry.file_type().is_dir();
        let markdown = || {
            entry.file_type().is_file()
                && is_markdown(config.generator, &entry.file_name().to_string_lossy())
        };
        // Images and other files are never looked at again.
        if !is_dir && !markdown() {
            continue;
        }
        let Ok(rel_path) = entry.path().strip_prefix(root) else {
            continue;
        };
        let rel: Vec<String> = rel_path
            .components()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect();
        if config.exclude.excludes(&rel) {
            out.skipped.push((
                entry.path().to_path_buf(),
                "excluded (`exclude` of the site config or `discovery.exclude`)",
            ));
            if is_dir {
                it.skip_current_dir();
            }
            continue;
        }
        if is_dir {
            if let Err(why) = may_hold_posts(config, &rel) {
                if why != NOT_CONTENT {
                    out.skipped.push((entry.path().to_path_buf(), why));
                }
                it.skip_current_dir();
                continue;
            }
        }
        let refused = if entry.path_is_symlink() {
            refused_link(&entry, &real_root, &mut linked)
        } else {
            None
        };
        let refused = refused.or_else(|| {
            (is_dir && entry.depth() > limits.max_depth)
                .then(|| too_deep(entry.path(), limits.max_depth))
        });
        if let Some(error) = refused {
            out.errors.push(error);
            if is_dir {
                it.skip_current_dir();
            }
            continue;
        }
        let name = rel.last().map_or("", String::as_str);
        if !is_dir && is_index(name, config) {
            out.bundles.insert(rel[..rel.len() - 1].join("/"));
        }
        out.entries.push(Entry {
            path: entry.path().to_path_buf(),
            rel,
            is_dir,
        });
    }
    if !root.is_dir() {
        // The folder went away during the walk (a checkout in progress):
        // one message says it, not one per folder that could not be listed.
        out.errors = vec![vanished(root)];
        out.entries.clear();
    }
    out
}

/// Why a link is not followed: it leaves the content root, it cannot be
/// resolved, or it is a second link to a folder already reached through one
/// (each folder is walked once through links, so links to links cannot
/// multiply the walk). `None`: follow it.
fn refused_link(
    entry: &walkdir::DirEntry,
    real_root: &Path,
    linked: &mut HashSet<PathBuf>,
) -> Option<PostError> {
    let target = match std::fs::canonicalize(entry.path()) {
        Ok(t) => t,
        Err(e) => return Some(unreadable(entry.path(), &e)),
    };
    if !target.starts_with(real_root) {
        return Some(outside_root(entry.path(), &target));
    }
    if entry.file_type().is_dir() && !linked.insert(target.clone()) {
        return Some(PostError {
            path: entry.path().to_path_buf(),
            line: None,
            column: None,
            message: format!(
                "a second link to {}, which was already read through another link; it is not followed",
                target.display()
            ),
            hint: "keep one link to a folder (links to links multiply what is read)".into(),
        });
    }
    None
}

fn too_many(path: &Path, max: usize) -> PostError {
    PostError {
        path: path.to_path_buf(),
        line: None,
        column: None,
        message: format!(
            "the content root holds more than {max} files and folders; the walk stopped here, and posts after this path are not read"
        ),
        hint: "remove what is not content (a copied folder, a link fan-out), or raise `discovery.max_entries` in the config".into(),
    }
}

fn too_deep(path: &Path, max: usize) -> PostError {
    PostError {
        path: path.to_path_buf(),
        line: None,
        column: None,
        message: format!(
            "folders nested more than {max} deep below the content root; nothing below this one is read"
        ),
        hint: "flatten the folders, or raise `discovery.max_depth` in the config".into(),
    }
}

/// The error for a content root that disappeared while it was read.
pub fn vanished(root: &Path) -> PostError {
    PostError {
        path: root.to_path_buf(),
        line: None,
        column: None,
        message: "the content folder disappeared while it was read; nothing from it is published"
            .into(),
        hint: "run again once the folder is back (a checkout or sync may have been in progress)"
            .into(),
    }
}

/// The error for a link that leaves the content root.
fn outside_root(link: &Path, target: &Path) -> PostError {
    PostError {
        path: link.to_path_buf(),
        line: None,
        column: None,
        message: format!(
            "a link to {}, outside the content root; it is not read",
            target.display()
        ),
        hint: "replace the link with the file itself, or point it inside the content folder".into(),
    }
}

/// What a walk error means for the run: a loop or an unreadable folder is
/// reported; a dangling link is reported only where a post would be (a
/// dangling image link in a bundle is not this tool's business).
fn walk_error(e: &walkdir::Error, real_root: &Path) -> Option<PostError> {
    let path = e.path().map(Path::to_path_buf).unwrap_or_default();
    if let Some(ancestor) = e.loop_ancestor() {
        // A link to `/` (or to any folder above the root) is a loop too,
        // but what matters is that it leaves the root.
        let real = std::fs::canonicalize(ancestor).unwrap_or_else(|_| ancestor.to_path_buf());
        if !real.starts_with(real_root) {
            return Some(outside_root(&path, &real));
        }
        return Some(PostError {
            path,
            line: None,
            column: None,
            message: format!(
                "a folder link back to {}, which holds it (a loop); it is not followed",
                ancestor.display()
            ),
            hint: "remove the link".into(),
        });
    }
    let io = e.io_error()?;
    let markdown = path
        .extension()
        .and_then(|x| x.to_str())
        .is_some_and(|x| matches!(x, "md" | "markdown" | "mdx"));
    let dangling = io.kind() == std::io::ErrorKind::NotFound;
    (markdown || !dangling).then(|| unreadable(&path, io))
}

fn unreadable(path: &Path, e: &std::io::Error) -> PostError {
    PostError {
        path: path.to_path_buf(),
        line: None,
        column: None,
        message: format!("cannot read: {e}"),
        hint: "check the permissions of this path (or remove a link that points nowhere)".into(),
    }
}

/// Folders skipped without a note: they are never content.
const NOT_CONTENT: &str = "not content";

/// Whether the folder at `rel` can hold posts; else why it is not walked.
fn may_hold_posts(config: &Config, rel: &[String]) -> Result<(), &'static str> {
    let name = rel.last().map_or("", String::as_str);
    if is_ignored(name) {
        return Err(NOT_CONTENT);
    }
    let generator = config.generator;
    if generator == Generator::VuePress {
        // Its sections may sit at any depth.
        return Ok(());
    }
    if generator == Generator::Pelican {
        return pelican_folder(config, rel, true);
    }
    let depth = rel.len() - 1;
    let lang = generator == Generator::Hugo && is_language(&rel[0], config);
    let section_depth = usize::from(lang);
    if depth == 0 && lang {
        return Ok(());
    }
    if depth == section_depth && config.section(name).is_none() {
        return Err("section not in the config");
    }
    if depth > section_depth && underscore_is_hidden(generator) && name.starts_with('_') {
        return Err(HIDDEN);
    }
    Ok(())
}

/// Whether a Pelican folder may hold articles: inside (or, to be walked, on
/// the way to) an `ARTICLE_PATHS` folder and not inside a `PAGE_PATHS` one.
fn pelican_folder(config: &Config, rel: &[String], walked: bool) -> Result<(), &'static str> {
    if config.section(crate::generator::PELICAN_ARTICLES).is_none() {
        return Err("section not in the config");
    }
    let joined = rel.join("/");
    let p = &config.pelican;
    if p.page_paths.iter().any(|page| under(&joined, page)) {
        return Err("a Pelican PAGE_PATHS folder: pages are not articles");
    }
    let toward_or_inside = p.article_paths.iter().any(|a| {
        let a = a.trim_matches('/');
        a.is_empty() || under(&joined, a) || (walked && under(a, &joined))
    });
    if toward_or_inside {
        Ok(())
    } else {
        Err("not in Pelican's ARTICLE_PATHS")
    }
}

/// `path` is `folder` or below it (both relative, `/`-joined).
fn under(path: &str, folder: &str) -> bool {
    let folder = folder.trim_matches('/');
    !folder.is_empty() && (path == folder || path.starts_with(&format!("{folder}/")))
}

/// Why a `_name` inside a Hexo or Docusaurus section is not read.
const HIDDEN: &str = "its name starts with `_`, which the generator does not read";

/// Hexo and Docusaurus skip files and folders whose names start with `_`
/// inside their content folders.
fn underscore_is_hidden(generator: Generator) -> bool {
    matches!(generator, Generator::Hexo | Generator::Docusaurus)
}

/// Names no generator reads.
fn is_ignored(name: &str) -> bool {
    name.starts_with('.') || name.starts_with('#') || name.ends_with('~') || name == "node_modules"
}

fn is_markdown(generator: Generator, name: &str) -> bool {
    if is_ignored(name) {
        return false;
    }
    match name.rsplit_once('.') {
        Some((stem, ext)) if !stem.is_empty() => {
            matches!(ext, "md" | "markdown")
                || (ext == "mdx" && generator == Generator::Docusaurus)
                || (matches!(ext, "mkd" | "mdown" | "rst") && generator == Generator::Pelican)
        }
        _ => false,
    }
}

/// `index.md`, `index.es.md`: a folder's index file (in any of the site's languages).
fn is_index(name: &str, config: &Config) -> bool {
    let stem = name.rsplit_once('.').map_or(name, |(s, _)| s);
    stem == "index"
        || stem
            .strip_prefix("index.")
            .is_some_and(|lang| is_language(lang, config))
}

/// A file name split into its parts: `foo.es.md` is stem `foo`, language `es`.
struct FileName<'a> {
    stem: &'a str,
    lang: Option<&'a str>,
}

/// Why a Markdown file is not a post.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Skip {
    /// Inside a leaf bundle: one of its resources.
    Bundle,
    /// A section's own list page (`blog/_index.md`): not a post, but where
    /// its `url:` moves the section's page, the section's feeds link.
    SectionPage {
        lang: String,
        section: String,
    },
    Other(&'static str),
}

impl Skip {
    fn reason(self) -> &'static str {
        match self {
            Skip::Bundle => "bundle resource or nested page",
            Skip::SectionPage { .. } => "section list page",
            Skip::Other(why) => why,
        }
    }
}

/// What a post's path says about it.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Page {
    lang: String,
    section: String,
    slug: String,
    bundle: bool,
    name_date: Option<NaiveDate>,
}

/// The layout rules of one site: its generator, its config, and the folders
/// the walk found holding an index file.
struct Layout<'a> {
    config: &'a Config,
    bundles: &'a HashSet<String>,
}

impl Layout<'_> {
    /// Whether the folder `rel[..=at]` or one above it, below the section,
    /// is a leaf bundle (a generator without bundles has none).
    fn in_bundle(&self, rel: &[String], at: usize) -> bool {
        if !matches!(self.config.generator, Generator::Hugo | Generator::Zola) {
            return false;
        }
        let first = if self.lang_folder(rel).is_some() {
            2
        } else {
            1
        };
        (first..=at).any(|end| self.bundles.contains(&rel[..=end].join("/")))
    }

    fn lang_folder<'r>(&self, rel: &'r [String]) -> Option<&'r str> {
        let lang_folders = matches!(self.config.generator, Generator::Hugo | Generator::VuePress);
        match rel {
            [first, _, ..] if lang_folders && is_language(first, self.config) => Some(first),
            _ => None,
        }
    }

    fn classify(&self, rel: &[String]) -> Result<Page, Skip> {
        match self.config.generator {
            Generator::Hugo | Generator::Zola => self.hugo_or_zola(rel),
            Generator::Hexo => self.hexo(rel),
            Generator::Jekyll => self.jekyll(rel),
            Generator::Docusaurus => self.docusaurus(rel),
            Generator::VuePress => self.vuepress(rel),
            Generator::Pelican => self.pelican(rel),
        }
    }

    /// The language folder (if any), the section and what lies below it,
    /// for generators whose section is the first folder.
    fn split_section<'r>(
        &self,
        rel: &'r [String],
    ) -> Result<(Option<&'r str>, &'r str, &'r [String]), Skip> {
        let lang = self.lang_folder(rel);
        let rest = if lang.is_some() { &rel[1..] } else { rel };
        match rest {
            [section, below @ ..] if !below.is_empty() => {
                if self.config.section(section).is_none() {
                    return Err(Skip::Other("section not in the config"));
                }
                Ok((lang, section, below))
            }
            // Zola's root section: its pages sit in `content/` itself.
            [_] if self.config.generator == Generator::Zola
                && self.config.section(crate::generator::ZOLA_ROOT).is_some() =>
            {
                Ok((lang, crate::generator::ZOLA_ROOT, rest))
            }
            _ => Err(Skip::Other("not in a section")),
        }
    }

    fn file_name<'n>(&self, name: &'n str) -> FileName<'n> {
        let stem = name.rsplit_once('.').map_or(name, |(s, _)| s);
        let translated = matches!(self.config.generator, Generator::Hugo | Generator::Zola);
        match stem.rsplit_once('.') {
            Some((base, lang))
                if translated && !base.is_empty() && is_language(lang, self.config) =>
            {
                FileName {
                    stem: base,
                    lang: Some(lang),
                }
            }
            _ => FileName { stem, lang: None },
        }
    }

    fn hugo_or_zola(&self, rel: &[String]) -> Result<Page, Skip> {
        let (lang_folder, section, below) = self.split_section(rel)?;
        let (folders, name) = below.split_at(below.len() - 1);
        let file = self.file_name(&name[0]);
        // A nested section's list page (`events/2022/kcsna/_index.md`) is a page of
        // its own on the site, and summit and conference sites put the event in
        // its front matter: it is read, and kept only when its front matter
        // states an event (see `site::read_discovered`). The section's own list
        // page is the section.
        let list_page = file.stem == "_index";
        if list_page && folders.is_empty() {
            return Err(Skip::SectionPage {
                lang: self.lang(file.lang.or(lang_folder)),
                section: section.to_string(),
            });
        }
        let bundle = file.stem == "index" || list_page;
        if bundle && folders.is_empty() {
            return Err(Skip::Other("a section's index.md, read as its list page"));
        }
        // The leaf bundles that hold the file: its own folder (unless the
        // file is that folder's index) and any folder above it.
        // (None for a page of Zola's root section: no folder holds it.)
        let own = rel.len().checked_sub(2);
        let last_container = if bundle {
            own.and_then(|o| o.checked_sub(1))
        } else {
            own
        };
        if last_container.is_some_and(|at| self.in_bundle(rel, at)) {
            return Err(Skip::Bundle);
        }
        let (name, above) = if bundle {
            folders
                .split_last()
                .map_or(("", folders), |(n, a)| (n.as_str(), a))
        } else {
            (file.stem, folders)
        };
        let dated = date_in_name(name);
        let slug = match (self.config.generator, dated) {
            // Zola's rule: the date leaves the slug.
            (Generator::Zola, Some((_, rest))) if !rest.is_empty() => rest,
            _ => name,
        };
        Ok(Page {
            lang: self.lang(file.lang.or(lang_folder)),
            section: section.to_string(),
            slug: slug.to_string(),
            bundle,
            name_date: dated.map(|(d, _)| d).or_else(|| date_in_folders(above)),
        })
    }

    fn hexo(&self, rel: &[String]) -> Result<Page, Skip> {
        let (_, section, below) = self.split_section(rel)?;
        let (folders, name) = below.split_at(below.len() - 1);
        if name[0].starts_with('_') {
            return Err(Skip::Other(HIDDEN));
        }
        let stem = self.file_name(&name[0]).stem;
        Ok(Page {
            lang: self.lang(None),
            section: section.to_string(),
            slug: stem.to_string(),
            bundle: false,
            name_date: date_in_name(stem)
                .map(|(d, _)| d)
                .or_else(|| date_in_folders(folders)),
        })
    }

    fn jekyll(&self, rel: &[String]) -> Result<Page, Skip> {
        let (_, section, below) = self.split_section(rel)?;
        let (folders, name) = below.split_at(below.len() - 1);
        let stem = self.file_name(&name[0]).stem;
        let lang = folders
            .first()
            .filter(|f| is_language(f, self.config))
            .map(String::as_str);
        let dated = date_in_name(stem);
        if section == "_posts" && dated.is_none_or(|(_, rest)| rest.is_empty()) {
            return Err(Skip::Other(
                "a Jekyll post's file name starts with its date (YYYY-MM-DD-title.md)",
            ));
        }
        let (slug, name_date) = dated_slug(stem, dated, folders);
        Ok(Page {
            lang: self.lang(lang),
            section: section.to_string(),
            slug: slug.to_string(),
            bundle: false,
            name_date,
        })
    }

    fn docusaurus(&self, rel: &[String]) -> Result<Page, Skip> {
        let (_, section, below) = self.split_section(rel)?;
        let (folders, name) = below.split_at(below.len() - 1);
        if name[0].starts_with('_') {
            return Err(Skip::Other(HIDDEN));
        }
        let stem = self.file_name(&name[0]).stem;
        let bundle = matches!(stem, "index" | "README");
        let (name, above) = match (bundle, folders.split_last()) {
            (false, _) => (stem, folders),
            (true, Some((folder, above))) => (folder.as_str(), above),
            (true, None) => return Err(Skip::Other("the section's index page")),
        };
        let (slug, name_date) = dated_slug(name, date_in_name(name), above);
        Ok(Page {
            lang: self.lang(None),
            section: section.to_string(),
            slug: slug.to_string(),
            bundle,
            name_date,
        })
    }

    fn vuepress(&self, rel: &[String]) -> Result<Page, Skip> {
        let lang = self.lang_folder(rel);
        let rest = if lang.is_some() { &rel[1..] } else { rel };
        let (folders, name) = rest.split_at(rest.len() - 1);
        let Some(at) = folders
            .iter()
            .position(|f| self.config.section(f).is_some())
        else {
            return Err(Skip::Other("section not in the config"));
        };
        let stem = self.file_name(&name[0]).stem;
        if matches!(stem, "README" | "index") {
            return Err(Skip::Other("a folder's index page (README.md)"));
        }
        Ok(Page {
            lang: self.lang(lang),
            section: folders[at].clone(),
            slug: stem.to_string(),
            bundle: false,
            name_date: date_in_name(stem)
                .map(|(d, _)| d)
                .or_else(|| date_in_folders(&folders[at + 1..])),
        })
    }

    fn pelican(&self, rel: &[String]) -> Result<Page, Skip> {
        let (folders, name) = rel.split_at(rel.len() - 1);
        // A file directly in PATH (no folder) is an article only when PATH
        // itself is an article path.
        pelican_folder(self.config, folders, false).map_err(Skip::Other)?;
        let stem = self.file_name(&name[0]).stem;
        Ok(Page {
            lang: self.lang(None),
            section: crate::generator::PELICAN_ARTICLES.to_string(),
            slug: stem.to_string(),
            bundle: false,
            name_date: pelican_name_date(stem),
        })
    }

    fn lang(&self, found: Option<&str>) -> String {
        found.map_or_else(|| self.config.default_language.clone(), str::to_string)
    }
}

/// The slug and date of a name that may start with a date, for generators
/// that take the date out of the slug: `2019-06-30-slug` is `slug` of
/// 2019-06-30; a name that is only a date keeps it as its slug. Without a
/// date in the name, `YYYY/MM/DD/` folders above it date it.
fn dated_slug<'n>(
    name: &'n str,
    dated: Option<(NaiveDate, &'n str)>,
    above: &[String],
) -> (&'n str, Option<NaiveDate>) {
    match dated {
        Some((date, rest)) if !rest.is_empty() => (rest, Some(date)),
        Some((date, _)) => (name, Some(date)),
        None => (name, date_in_folders(above)),
    }
}

fn is_language(segment: &str, config: &Config) -> bool {
    if !config.languages.is_empty() {
        return config.languages.iter().any(|l| l == segment);
    }
    looks_like_language(segment) && config.section(segment).is_none()
}

/// The date a name starts with, and the rest of the name after it and its
/// separator: `2019-06-30-slug` → (2019-06-30, `slug`), `20240521` →
/// (2024-05-21, ``).
fn date_in_name(name: &str) -> Option<(NaiveDate, &str)> {
    static DATED: LazyLock<regex::Regex> = LazyLock::new(|| {
        regex::Regex::new(r"^(?:(\d{4})-(\d{1,2})-(\d{1,2})|(\d{4})(\d{2})(\d{2}))(?:[-_](.*))?$")
            .expect("static regex")
    });
    let caps = DATED.captures(name)?;
    let number = |a: usize, b: usize| {
        caps.get(a)
            .or_else(|| caps.get(b))
            .and_then(|m| m.as_str().parse::<u32>().ok())
    };
    let date = plausible_date(number(1, 4)?, number(2, 5)?, number(3, 6)?)?;
    Some((date, caps.get(7).map_or("", |m| m.as_str())))
}

/// Pelican's default `FILENAME_METADATA`, `(?P<date>\d{4}-\d{2}-\d{2}).*`:
/// a name that starts with a padded date, whatever follows it
/// (`2016-12-18how-to` too).
fn pelican_name_date(stem: &str) -> Option<NaiveDate> {
    let head = stem.get(..10)?;
    let b = head.as_bytes();
    let digits = |r: std::ops::Range<usize>| b[r].iter().all(u8::is_ascii_digit);
    if !(digits(0..4) && b[4] == b'-' && digits(5..7) && b[7] == b'-' && digits(8..10)) {
        return None;
    }
    plausible_date(
        head[..4].parse().ok()?,
        head[5..7].parse().ok()?,
        head[8..].parse().ok()?,
    )
}

/// A date written as three folders `YYYY/MM/DD` right above a post.
fn date_in_folders(folders: &[String]) -> Option<NaiveDate> {
    let [.., y, m, d] = folders else {
        return None;
    };
    let digits = |s: &str, len: std::ops::RangeInclusive<usize>| {
        len.contains(&s.len()) && s.bytes().all(|b| b.is_ascii_digit())
    };
    if !(digits(y, 4..=4) && digits(m, 1..=2) && digits(d, 1..=2)) {
        return None;
    }
    plausible_date(y.parse().ok()?, m.parse().ok()?, d.parse().ok()?)
}

/// A calendar date in years a post can have: an eight-digit number in a
/// name is often an id, not a date.
fn plausible_date(year: u32, month: u32, day: u32) -> Option<NaiveDate> {
    if !(1970..=2200).contains(&year) {
        return None;
    }
    NaiveDate::from_ymd_opt(year as i32, month, day)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_in_names() {
        let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day).unwrap();
        assert_eq!(
            date_in_name("2019-06-30-slug"),
            Some((d(2019, 6, 30), "slug"))
        );
        assert_eq!(
            date_in_name("2026-02-5-clinica"),
            Some((d(2026, 2, 5), "clinica"))
        );
        assert_eq!(date_in_name("2018-8-20-x_y"), Some((d(2018, 8, 20), "x_y")));
        assert_eq!(date_in_name("20240521"), Some((d(2024, 5, 21), "")));
        assert_eq!(
            date_in_name("2021-06-23_slug"),
            Some((d(2021, 6, 23), "slug"))
        );
        assert_eq!(date_in_name("2021-04-22"), Some((d(2021, 4, 22), "")));
        for not_a_date in [
            "2023-02-30-x",
            "12345678",
            "sofa-weekly-20190719",
            "2019-06-30slug",
            "202211223",
            "hello",
        ] {
            assert_eq!(date_in_name(not_a_date), None, "{not_a_date}");
        }
        let f = |p: &str| -> Vec<String> { p.split('/').map(String::from).collect() };
        assert_eq!(date_in_folders(&f("2021/08/26")), Some(d(2021, 8, 26)));
        assert_eq!(date_in_folders(&f("x/2021/8/6")), Some(d(2021, 8, 6)));
        assert_eq!(date_in_folders(&f("2021/08")), None);
        assert_eq!(date_in_folders(&f("2021/13/01")), None);
    }

    /// Pelican reads articles below `ARTICLE_PATHS` and never below
    /// `PAGE_PATHS` (which it adds to `ARTICLE_EXCLUDES`); the date of a file
    /// name is its default `FILENAME_METADATA`, padded digits only.
    #[test]
    fn pelican_article_and_page_paths() {
        let mut c = Config::parse("generator = \"pelican\"\n", None).unwrap();
        let f = |p: &str| -> Vec<String> { p.split('/').map(String::from).collect() };
        let layout = |c: &Config, rel: &str| {
            let bundles = HashSet::new();
            Layout {
                config: c,
                bundles: &bundles,
            }
            .classify(&f(rel))
            .map(|p| p.name_date)
        };
        let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day);
        assert_eq!(layout(&c, "2016-12-18-donate.md"), Ok(d(2016, 12, 18)));
        assert_eq!(layout(&c, "2013-5-party.md"), Ok(None));
        assert_eq!(layout(&c, "news/2016-12-18x.md"), Ok(d(2016, 12, 18)));
        assert!(may_hold_posts(&c, &f("pages")).is_err());
        assert!(may_hold_posts(&c, &f("news")).is_ok());
        c.pelican.article_paths = vec!["posts/2024".into()];
        c.pelican.page_paths = vec!["posts/2024/about".into()];
        assert!(
            may_hold_posts(&c, &f("posts")).is_ok(),
            "on the way to an article path"
        );
        assert!(may_hold_posts(&c, &f("posts/2024/x")).is_ok());
        assert!(may_hold_posts(&c, &f("posts/2024/about")).is_err());
        assert!(may_hold_posts(&c, &f("drafts")).is_err());
        assert!(
            layout(&c, "top.md").is_err(),
            "PATH itself is no article path"
        );
        assert!(layout(&c, "posts/other.md").is_err());
        assert!(layout(&c, "posts/2024/a.md").is_ok());
    }

    #[test]
    fn index_files() {
        let c = Config::default();
        assert!(is_index("index.md", &c));
        assert!(is_index("index.es.md", &c));
        assert!(is_index("index.mdx", &c));
        assert!(!is_index("_index.md", &c));
        assert!(!is_index("index1.md", &c));
        assert!(!is_index("reindex.md", &c));
        let c = Config::parse("languages = [\"en\"]\n", None).unwrap();
        assert!(!is_index("index.es.md", &c));
    }
}
