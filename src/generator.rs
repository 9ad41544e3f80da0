//! The static-site generators whose layouts feedcal knows.
//!
//! Each one puts posts in different places and builds URLs by different
//! rules; discovery (`discover`) and permalinks (`permalink`) ask this type
//! which rules apply. The generator comes from the config key `generator`,
//! or is detected from the site's own config file.

use serde::{Deserialize, Serialize};

/// A site generator. `Hugo` is the default: it is what feedcal was first built for.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Deserialize, Serialize,
)]
#[serde(rename_all = "lowercase")]
pub enum Generator {
    #[default]
    Hugo,
    Hexo,
    Jekyll,
    Zola,
    Docusaurus,
    VuePress,
    Pelican,
}

/// The section name of Zola's root section: the pages directly in
/// `content/` (`content/2022-10-04-socratic-seminar-0.md`), which Zola
/// publishes like any section's.
pub const ZOLA_ROOT: &str = "_root";

impl Generator {
    /// Every generator, in the order the README lists them.
    pub const ALL: [Generator; 7] = [
        Generator::Hugo,
        Generator::Hexo,
        Generator::Jekyll,
        Generator::Zola,
        Generator::Docusaurus,
        Generator::VuePress,
        Generator::Pelican,
    ];

    /// The config spelling (`"hugo"`, `"vuepress"`).
    pub fn name(self) -> &'static str {
        match self {
            Generator::Hugo => "hugo",
            Generator::Hexo => "hexo",
            Generator::Jekyll => "jekyll",
            Generator::Zola => "zola",
            Generator::Docusaurus => "docusaurus",
            Generator::VuePress => "vuepress",
            Generator::Pelican => "pelican",
        }
    }

    pub fn from_name(name: &str) -> Option<Generator> {
        Generator::ALL.into_iter().find(|g| g.name() == name)
    }

    /// The content root when the config names none, relative to the config
    /// file's folder: where the generator keeps its Markdown (Jekyll and
    /// Docusaurus keep their post folders, `_posts/` and `blog/`, in the
    /// site's own folder).
    pub fn default_content(self) -> &'static str {
        match self {
            Generator::Hugo | Generator::Zola | Generator::Pelican => "content",
            Generator::Hexo => "source",
            Generator::Jekyll | Generator::Docusaurus => ".",
            Generator::VuePress => "docs",
        }
    }

    /// The folders a run without `[sections]` starts from: the folder each
    /// generator writes its posts into (for Jekyll, Hexo and Docusaurus the
    /// only candidates; see [`crate::sections`], which judges each one's
    /// kind from its posts).
    pub fn default_sections(self) -> &'static [(&'static str, SectionKind)] {
        match self {
            Generator::Hugo => &[
                ("activities", SectionKind::Events),
                ("blog", SectionKind::Posts),
            ],
            Generator::Hexo | Generator::Jekyll => &[("_posts", SectionKind::Posts)],
            Generator::Zola | Generator::Docusaurus | Generator::VuePress => {
                &[("blog", SectionKind::Posts)]
            }
            // Pelican's articles are one collection wherever they sit under
            // PATH (folders are categories, not sections): see [`PelicanContent`].
            Generator::Pelican => &[(PELICAN_ARTICLES, SectionKind::Posts)],
        }
    }
}

impl std::fmt::Display for Generator {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

/// The one section of a Pelican site: every article (not the pages), in
/// whichever folder under PATH it is.
pub const PELICAN_ARTICLES: &str = "articles";

/// Where a Pelican site keeps its articles, and how it names their
/// categories (`pelicanconf.py`; the defaults are Pelican's own).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PelicanContent {
    /// `ARTICLE_PATHS`, relative to PATH; `""` is PATH itself.
    pub article_paths: Vec<String>,
    /// `PAGE_PATHS`: pages, never articles (Pelican adds them to `ARTICLE_EXCLUDES`).
    pub page_paths: Vec<String>,
    /// `USE_FOLDER_AS_CATEGORY`: an article without `Category:` is in its folder's.
    pub use_folder_as_category: bool,
    /// `DEFAULT_CATEGORY`: the category of an article with neither.
    pub default_category: String,
}

impl Default for PelicanContent {
    fn default() -> Self {
        PelicanContent {
            article_paths: vec![String::new()],
            page_paths: vec!["pages".to_string()],
            use_folder_as_category: true,
            default_category: "misc".to_string(),
        }
    }
}

/// Whether a section's posts are events (feed + calendar) or plain posts (feed only).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum SectionKind {
    Events,
    Posts,
}

impl SectionKind {
    /// The name written in `feedcal.toml`.
    pub fn as_str(self) -> &'static str {
        match self {
            SectionKind::Events => "events",
            SectionKind::Posts => "posts",
        }
    }
}
