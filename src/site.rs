//! The pipeline up to the model: discover → decode → front matter → event
//! time → [`Post`]. Files are read and parsed in parallel; the result keeps
//! discovery's path order, so output never depends on thread timing.
//!
//! Every post gets a feed date when anything in it gives one (see
//! [`DateSource`] and `publication_date`), and one broken post never stops
//! the others: it becomes a [`PostError`] with its file and line.

use std::path::{Path, PathBuf};
use std::sync::LazyLock;

use chrono::{DateTime, NaiveDate, NaiveTime, Utc};
use rayon::prelude::*;

use crate::config::{Config, SectionKind};
use crate::decode::decode;
use crate::discover::{discover, Discovered};
use crate::front_matter;
use crate::generator::Generator;
use crate::model::{
    DateSource, EventDecision, EventWhen, Post, PostError, SourceFile, Warning, WarningKind,
};
use crate::permalink::{permalink, Page, PostUrl};
use crate::publish_rules::{self, Hidden, PostFacts, PublishRules};
use crate::{body, when};

/// What to read.
#[derive(Debug, Clone)]
pub struct LoadOptions {
    /// The content root (Hugo's `content/`).
    pub content: PathBuf,
    /// Keep `draft: true` posts.
    pub drafts: bool,
    /// Also list what page bundles hold besides their post into
    /// [`Site::skipped`] (for `--verbose`).
    pub list_bundle_contents: bool,
}

impl LoadOptions {
    pub fn from_config(config: &Config) -> Self {
        LoadOptions {
            content: config.content.clone(),
            drafts: config.publish.drafts,
            list_bundle_contents: false,
        }
    }
}

/// Every post that could be read, in path order, and every file that could not.
#[derive(Debug, Default)]
pub struct Site {
    pub posts: Vec<Post>,
    pub errors: Vec<PostError>,
    /// Drafts left out (without `--drafts`).
    pub drafts_skipped: usize,
    /// Posts the site's publish rules leave out (future, expired, `build`
    /// options…), each with why, for `check`.
    pub left_out: Vec<(PathBuf, Hidden)>,
    /// Files left out on purpose (unconfigured sections, bundle resources)
    /// and why, for `--verbose`.
    pub skipped: Vec<(PathBuf, &'static str)>,
    /// Where each (language, section)'s own page is, when its list page
    /// says (`content/posts/_index.md` with `url: /blog`): the section's
    /// feeds link there.
    pub section_urls: std::collections::BTreeMap<(String, String), String>,
}

/// Files larger than this are refused: no real post comes near it (a long
/// post is tens of KB), a runaway file (a pasted base64 image, a log saved as
/// `.md`) must not take the nightly run's memory, and its body would be copied
/// into every feed that lists it.
pub const MAX_POST_BYTES: u64 = 10 * 1024 * 1024;

pub fn load(config: &Config, opts: &LoadOptions) -> Site {
    if !opts.content.is_dir() {
        let mut site = Site::default();
        site.errors.push(PostError {
            path: opts.content.clone(),
            line: None,
            column: None,
            message: "the content folder does not exist or is not a folder".into(),
            hint: "pass --content DIR or set `content` in the config".into(),
        });
        return site;
    }
    let looking = crate::discover::Looking {
        inside_bundles: opts.list_bundle_contents,
    };
    read_discovered(discover(&opts.content, config, looking), config, opts)
}

/// Reads every file discovery found, in parallel, and keeps the posts that
/// may be published (not drafts, identity not taken by an earlier post).
pub fn read_discovered(found: Discovered, config: &Config, opts: &LoadOptions) -> Site {
    let mut site = Site {
        errors: found.errors,
        skipped: found.skipped,
        ..Site::default()
    };
    // A section page that cannot be read only loses its `url:`: the
    // section's default address stays, and the page is no post to report.
    for page in found.section_pages {
        let key = (page.lang.clone(), page.section.clone());
        if let Ok(p) = read_post(page, config) {
            site.section_urls.insert(key, p.url);
        }
    }
    let results: Vec<Result<Post, PostError>> = found
        .files
        .into_par_iter()
        .map(|f| read_post(f, config))
        .collect();
    if !opts.content.is_dir() {
        // Every read failed or raced a checkout: one line says why, instead
        // of a "cannot read" per post into cron mail.
        site.errors = vec![crate::discover::vanished(&opts.content)];
        return site;
    }
    let shared = taken_keys(&results, opts.drafts);
    let listings = listing_folders(&results);
    // Collected in place (a result and a post have one size): the posts of
    // a large site are not held twice.
    site.posts = results
        .into_iter()
        .zip(shared)
        .filter_map(|(r, others)| match r {
            Ok(p)
                if p.source.list_page
                    && !p.event.as_ref().is_some_and(EventDecision::from_front_matter) =>
            {
                // A section's list of pages, not a post: no event of its own.
                site.skipped.push((
                    p.source.path,
                    "section list page whose front matter states no event",
                ));
                None
            }
            Ok(p) if p.source.list_page && listings.contains(&folder_of(&p.source.rel_path)) => {
                // `events/2020/_index.md` (`eventDate: 2020-01-01`, a menu sort
                // key) over `events/2020/kcc/_index.md`: a listing of events.
                site.skipped.push((
                    p.source.path,
                    "section list page over sections that are events: a listing of them, not an event",
                ));
                None
            }
            Ok(p) if p.draft && !opts.drafts => {
                site.drafts_skipped += 1;
                None
            }
            Ok(Post {
                hidden: Some(why),
                source,
                ..
            }) => {
                site.left_out.push((source.path, why));
                None
            }
            Ok(p) if !others.is_empty() => {
                let others: Vec<String> = others.iter().map(|o| o.display().to_string()).collect();
                site.errors.push(error(
                    &p.source.path,
                    None,
                    None,
                    format!(
                        "its identity `{}` is also the identity of {}; neither is published (either could be a copy taking over the other's event), so the event leaves the calendars and feeds until one is renamed",
                        p.key,
                        others.join(" and ")
                    ),
                    "give one of the posts its own `uid:` in the front matter (or rename its folder)",
                ));
                None
            }
            Ok(mut p) => {
                bound_terms(&mut p, config.discovery.max_tags_per_post);
                Some(p)
            }
            Err(e) => {
                site.errors.push(e);
                None
            }
        })
        .collect();
    warn_shared_urls(&mut site.posts);
    site.errors.sort_by(|a, b| a.path.cmp(&b.path));
    site
}

/// The folder of a post's relative path (`events/2020/_index.md` →
/// `events/2020`).
fn folder_of(rel: &str) -> String {
    rel.rsplit_once('/').map_or("", |(dir, _)| dir).to_string()
}

/// Folders of sections that hold only other sections, no page of their
/// own (`events/2020/` holding `kcc/`, `kcsna/`): their list page is a menu
/// of those events (its `eventDate: 2020-01-01` a sort key), not an event.
/// A summit's section with its own pages (`kcc/schedule.md`) stays one.
fn listing_folders(results: &[Result<Post, PostError>]) -> std::collections::BTreeSet<String> {
    use std::collections::BTreeSet;
    let posts = || results.iter().flatten();
    let parent = |f: &str| folder_of(f);
    let subsections: BTreeSet<String> = posts()
        .filter(|p| p.source.list_page)
        .map(|p| parent(&folder_of(&p.source.rel_path)))
        .collect();
    let with_pages: BTreeSet<String> = posts()
        .filter(|p| !p.source.list_page)
        .map(|p| {
            let folder = folder_of(&p.source.rel_path);
            if p.source.bundle {
                parent(&folder)
            } else {
                folder
            }
        })
        .collect();
    subsections.difference(&with_pages).cloned().collect()
}

/// Keeps the first `max` tags and the first `max` categories of `post`, in
/// written order, with a warning naming how many were dropped: every term
/// is four files, so one post with 4,000 tags would make 16,000.
fn bound_terms(post: &mut Post, max: usize) {
    for (what, terms) in [
        ("tags", &mut post.tags),
        ("categories", &mut post.categories),
    ] {
        if terms.len() > max {
            let dropped = terms.len() - max;
            terms.truncate(max);
            post.warnings.push(Warning::new(
                WarningKind::FrontMatterField,
                None,
                format!("{} {what}, over the {max} a post may have (`discovery.max_tags_per_post`): the first {max} are kept, {dropped} dropped", max + dropped),
            ));
        }
    }
}

/// Two posts with one URL (`Meetup/` and `meetup/` once URLs are
/// lowercased): both are published, since their identities differ, but a
/// reader following one link finds the other post; each gets a warning
/// naming the other.
fn warn_shared_urls(posts: &mut [Post]) {
    let mut by_url: Vec<(&str, usize)> = posts
        .iter()
        .enumerate()
        .map(|(i, p)| (p.url.as_str(), i))
        .collect();
    by_url.par_sort_unstable();
    let mut pairs: Vec<(usize, usize)> = Vec::new();
    for w in by_url.windows(2) {
        if w[0].0 == w[1].0 {
            pairs.push((w[0].1, w[1].1));
        }
    }
    for (a, b) in pairs {
        let url = posts[a].url.clone();
        for (this, other) in [(a, b), (b, a)] {
            let other = posts[other].source.path.display().to_string();
            posts[this].warnings.push(Warning::new(
                WarningKind::UrlConflict,
                None,
                format!("its URL {url} is also the URL of {other} (URLs are lowercased, as Hugo does); rename one of the two folders, or give one a `slug:`"),
            ));
        }
    }
}

/// For each result, the paths of the other posts with the same identity.
///
/// Identity must be unique: two posts with one key would share a UID, guid
/// and Atom id, and readers would merge them. Neither keeps it: were the
/// first in path order to win, a new post in a folder that sorts first (or
/// with a copied `uid:`) would take over a published event, with a higher
/// SEQUENCE, and subscribers would see the forgery. Found by sorting (key,
/// position) pairs, on every core, without copying a key.
fn taken_keys(results: &[Result<Post, PostError>], drafts: bool) -> Vec<Vec<PathBuf>> {
    let mut keyed: Vec<(&str, usize)> = results
        .iter()
        .enumerate()
        .filter_map(|(i, r)| match r {
            Ok(p) if (drafts || !p.draft) && p.hidden.is_none() => Some((p.key.as_str(), i)),
            _ => None,
        })
        .collect();
    // Equal keys end up side by side, in path order.
    keyed.par_sort_unstable();
    let mut taken: Vec<Vec<PathBuf>> = vec![Vec::new(); results.len()];
    let path = |i: usize| match &results[i] {
        Ok(p) => p.source.path.clone(),
        Err(e) => e.path.clone(),
    };
    for group in keyed.chunk_by(|a, b| a.0 == b.0).filter(|g| g.len() > 1) {
        for &(_, i) in group {
            taken[i] = group
                .iter()
                .filter(|(_, j)| *j != i)
                .map(|&(_, j)| path(j))
                .collect();
        }
    }
    taken
}

fn error(
    path: &Path,
    line: Option<usize>,
    column: Option<usize>,
    message: String,
    hint: impl Into<String>,
) -> PostError {
    PostError {
        path: path.to_path_buf(),
        line,
        column,
        message,
        hint: hint.into(),
    }
}

/// Reads one file through every stage up to the model.
pub fn read_post(source: SourceFile, config: &Config) -> Result<Post, PostError> {
    use std::io::Read;
    let path = source.path.clone();
    let cannot_read = |e: std::io::Error| {
        error(
            &path,
            None,
            None,
            format!("cannot read: {e}"),
            "make the file readable by the user feedcal runs as (e.g. `chmod a+r`), or remove it",
        )
    };
    let too_big = |len: u64| {
        error(
            &path,
            None,
            None,
            format!(
                "file is {} MB, over the {} MB limit for a post",
                len >> 20,
                MAX_POST_BYTES >> 20
            ),
            "split the post or move large data (images, logs) out of the content folder",
        )
    };
    let file = std::fs::File::open(&path).map_err(cannot_read)?;
    // Each thread reads into one buffer, reused from post to post: no
    // allocation and no `stat` for the size per post. The limit is enforced
    // by reading at most one byte more than it allows.
    READ_BUFFER.with(|buffer| {
        let mut bytes = buffer.take();
        bytes.clear();
        let read = (&file).take(MAX_POST_BYTES + 1).read_to_end(&mut bytes);
        let post = match read {
            Err(e) => Err(cannot_read(e)),
            Ok(_) if bytes.len() as u64 > MAX_POST_BYTES => {
                let len = file.metadata().map_or(bytes.len() as u64, |m| m.len());
                Err(too_big(len))
            }
            Ok(_) => post_from_bytes(source, &bytes, config),
        };
        // One unusually large post does not keep its buffer for the rest of the run.
        if bytes.capacity() <= READ_BUFFER_KEPT {
            buffer.set(bytes);
        }
        post
    })
}

/// The largest read buffer a thread keeps between posts.
const READ_BUFFER_KEPT: usize = 1 << 20;

thread_local! {
    static READ_BUFFER: std::cell::Cell<Vec<u8>> = const { std::cell::Cell::new(Vec::new()) };
}

/// The stages after reading, for a file already in memory (tests call this).
pub fn post_from_bytes(
    mut source: SourceFile,
    bytes: &[u8],
    config: &Config,
) -> Result<Post, PostError> {
    let path = source.path.clone();
    let fail = |line, column, message, hint: String| error(&path, line, column, message, hint);
    let decoded = decode(bytes).map_err(|e| fail(None, None, e.message, e.hint.into()))?;
    let mut warnings = decoded.warnings;
    // A reST article is read as the Markdown post it says; its lines are
    // mapped back to the `.rst` file's own at the end.
    let rst = crate::decode::rst::is_rst(&path).then(|| crate::decode::rst::convert(&decoded.text));
    let text = match &rst {
        Some(r) => std::borrow::Cow::Borrowed(r.text.as_str()),
        None => std::borrow::Cow::Borrowed(decoded.text.as_ref()),
    };
    let line_of = |n: crate::model::Line| rst.as_ref().map_or(n, |r| r.original_line(n));
    let fail = |line: Option<crate::model::Line>, column, message, hint: String| {
        fail(line.map(line_of), column, message, hint)
    };
    let split = front_matter::split_for(&text, config.generator)
        .map_err(|e| fail(e.line, e.column, e.message, e.hint))?;
    let parsed = front_matter::parse(&split, config.time_zone)
        .map_err(|e| fail(e.line, e.column, e.message, e.hint))?;
    warnings.extend(parsed.warnings);
    let mut fm = parsed.fields;
    if config.generator == Generator::Pelican {
        pelican_category_and_language(&mut fm, &mut source, &config.pelican);
    }
    // Hexo's permalinks may name any top-level front-matter key (`:abbrlink`).
    let fields: Vec<(&str, &str)> = if config.generator == Generator::Hexo {
        fm.event_fields
            .iter()
            .filter(|f| !f.key.contains('.'))
            .map(|f| (f.key.as_str(), f.text.as_str()))
            .collect()
    } else {
        Vec::new()
    };
    let page = Page {
        source: &source,
        title: fm.title.as_deref(),
        slug: fm.slug.as_deref(),
        url: fm.url.as_deref(),
        permalink: fm.site_fields.permalink.as_deref(),
        path: fm.site_fields.path.as_deref(),
        dates: &fm.site_fields.dates_written,
        categories: &fm.categories,
        lang: fm.site_fields.lang.as_deref(),
        draft: fm.draft,
        fields: &fields,
    };
    let PostUrl { url, warning } = permalink(&page, &config.url_site()).map_err(|e| {
        let line = key_line_hint(&split, e.key);
        fail(
            line,
            None,
            e.message,
            "nothing is written for this post".into(),
        )
    })?;
    if let Some((kind, message)) = warning {
        // No line holds the missing value: the front matter's first line.
        warnings.push(Warning::new(kind, Some(1), message));
    }
    let visibility = visibility(&fm, &source, config);
    let body = BodyFacts::read(&split, &fm, &url, &visibility, &mut warnings);
    let published = publication_date(&source, &fm, config);
    let mut event = event_decision(&source, &split, &fm, published.as_ref(), config);
    let (date, date_source) = match published {
        Some((at, from)) => (Some(at), Some(from)),
        None => match event.as_ref().and_then(|e| e.when.as_ref()) {
            Some(when) => (event_start(when, config), Some(DateSource::EventStart)),
            None => (None, None),
        },
    };
    // Put off (in the title or a summary) and no time given: no new date yet,
    // so the calendar must not keep the old one as if it were on.
    let put_off = event.as_ref().is_some_and(|e| e.when.is_none())
        && (body::says_postponed(fm.title.as_deref().unwrap_or(""))
            || fm.event_fields.iter().any(|f| {
                when::SUMMARY_KEYS
                    .iter()
                    .any(|k| f.key.eq_ignore_ascii_case(k))
                    && body::says_postponed(&f.text)
            }));
    // A post without any date is not warned of here: the planner leaves it
    // out of the feeds and says so (`LeftOutReason::NoDate`), once.
    let title = match fm.title.clone().or(body.heading) {
        Some(title) => title,
        None => {
            warnings.push(Warning::new(
                WarningKind::FrontMatterField,
                Some(1),
                format!("no `title:` in the front matter and no `# heading`: the title is the file name `{}`; add `title: …`", source.slug),
            ));
            source.slug.clone()
        }
    };
    if rst.is_some() {
        let map = |l: &mut Option<crate::model::Line>| *l = l.map(line_of);
        warnings.iter_mut().for_each(|w| map(&mut w.line));
        if let Some(e) = event.as_mut() {
            e.warnings.iter_mut().for_each(|w| map(&mut w.line));
            if let Some(ev) = e.evidence.as_mut() {
                map(&mut ev.line);
            }
        }
    }
    Ok(Post {
        key_pinned: fm.uid.is_some(),
        key: fm.uid.clone().unwrap_or_else(|| stable_key(&source)),
        title,
        url: url.to_string(),
        date,
        date_source,
        updated: fm.lastmod.as_ref().map(|d| d.at).or(date),
        summary: body.summary,
        tags: fm.tags,
        categories: fm.categories,
        authors: fm.authors,
        cover: body.cover,
        html: body.html,
        location: body.location,
        live_url: body.live_url,
        cancelled: body.cancelled || put_off,
        draft: fm.draft,
        hidden: visibility.hidden().cloned(),
        event,
        warnings,
        source,
    })
}

/// The site's publish rules for one post (drafts stay with [`load`], which
/// counts them and knows `--drafts`).
fn visibility(
    fm: &front_matter::FrontMatter,
    source: &SourceFile,
    config: &Config,
) -> publish_rules::Visibility {
    let facts = PostFacts {
        untitled: fm.title.is_none(),
        undated: fm.date.is_none() && source.name_date.is_none(),
        draft: fm.draft,
        date: fm.date.as_ref().map(|d| d.at),
        publish_date: fm.publish_date.as_ref().map(|d| d.at),
        expiry_date: fm.site_fields.expiry_date,
        published: fm.site_fields.published,
        unlisted: fm.site_fields.unlisted,
        build: fm.site_fields.build.clone(),
    };
    let rules = PublishRules {
        drafts: true,
        ..config.publish
    };
    publish_rules::decide(&facts, &rules, config.today, config.time_zone)
}

/// Pelican's category and language of an article whose metadata names none
/// (<https://docs.getpelican.com/en/latest/settings.html>): the folder it is
/// in when `USE_FOLDER_AS_CATEGORY` (the default), else `DEFAULT_CATEGORY`;
/// `Lang:` is its language (`zh_CN` is `zh`, as the site's is read).
fn pelican_category_and_language(
    fm: &mut front_matter::FrontMatter,
    source: &mut SourceFile,
    pelican: &crate::generator::PelicanContent,
) {
    if fm.categories.is_empty() {
        let folder = source
            .rel_path
            .rsplit('/')
            .nth(1)
            .filter(|_| pelican.use_folder_as_category);
        fm.categories = vec![folder.unwrap_or(&pelican.default_category).to_string()];
    }
    if let Some(lang) = &fm.site_fields.lang {
        let code = lang.split(['_', '-']).next().unwrap_or("").to_lowercase();
        if !code.is_empty() {
            source.lang = code;
        }
    }
}

/// What the body (with the front matter that overrides it) says besides
/// the event time.
struct BodyFacts {
    html: String,
    summary: Option<String>,
    /// The first `# heading`: the title of a page whose front matter has none.
    heading: Option<String>,
    cover: Option<String>,
    location: Option<String>,
    live_url: Option<String>,
    cancelled: bool,
}

impl BodyFacts {
    fn read(
        split: &front_matter::Split<'_>,
        fm: &front_matter::FrontMatter,
        url: &url::Url,
        visibility: &publish_rules::Visibility,
        warnings: &mut Vec<Warning>,
    ) -> BodyFacts {
        let html = body::to_html(split.body, url);
        let live_url = web_link("live", fm.live_url.clone(), warnings)
            .or_else(|| body::find_live_url(split.body));
        let title_cancelled = body::title_says_cancelled(fm.title.as_deref().unwrap_or(""));
        let facts = body::line_facts(
            split.body,
            body::Wanted {
                location: fm.location.is_none(),
                cancelled: !fm.cancelled && !title_cancelled,
            },
        );
        let summary = fm
            .description
            .clone()
            .or_else(|| fm.summary.clone())
            .or_else(|| {
                let text = body::to_plain_text(split.body);
                (!text.is_empty()).then(|| body::excerpt(&text, 160))
            });
        // `publishResources: false`: the bundle's files are not on the site.
        let bundle_files_published = !matches!(
            visibility,
            publish_rules::Visibility::Shown {
                without_resources: true,
                ..
            }
        );
        let cover = fm
            .cover
            .as_deref()
            .filter(|c| bundle_files_published || c.contains("://") || c.starts_with('/'))
            .map(|c| body::resolve(c, url).unwrap_or_else(|| c.to_string()));
        BodyFacts {
            html,
            summary,
            heading: fm
                .title
                .is_none()
                .then(|| body::first_heading(split.body))
                .flatten(),
            cover: web_link("cover", cover, warnings),
            location: fm.location.clone().or(facts.location),
            live_url,
            cancelled: fm.cancelled || title_cancelled || facts.cancelled,
        }
    }
}

/// `link` when it is an `http`/`https` URL: a calendar app or feed reader
/// opens an IMAGE, CONFERENCE or enclosure link without asking, so a
/// `javascript:` or `file:` link from a post is dropped, with a warning.
fn web_link(key: &str, link: Option<String>, warnings: &mut Vec<Warning>) -> Option<String> {
    let link = link?;
    match url::Url::parse(&link) {
        Ok(u) if matches!(u.scheme(), "http" | "https") && !link.contains(char::is_whitespace) => {
            Some(link)
        }
        _ => {
            warnings.push(Warning::new(
                WarningKind::FrontMatterField,
                None,
                format!("`{key}: {link}` is not an http or https link; it is ignored"),
            ));
            None
        }
    }
}

/// The post's feed date and where it came from, before the event's start
/// is known: front-matter `date`, then `publishDate` (and aliases); then,
/// for Hugo, `lastmod` (and aliases) before the date in the file name, as
/// Hugo's own `date` fallback does; for the other generators the file name
/// first, since their file names are the publication date (Jekyll, Zola,
/// Docusaurus), then Zola's `path`, then `lastmod`. A date from the file name
/// or `path` is midnight in the site zone.
fn publication_date(
    source: &SourceFile,
    fm: &front_matter::FrontMatter,
    config: &Config,
) -> Option<(DateTime<Utc>, DateSource)> {
    let written = |d: &Option<front_matter::Dated>| {
        d.as_ref()
            .map(|d| (d.at, DateSource::FrontMatter(d.key.clone())))
    };
    let midnight = |day: NaiveDate| {
        front_matter::resolve_local(day.and_time(NaiveTime::MIN), config.time_zone)
            .map(|d| d.with_timezone(&Utc))
    };
    let named = || {
        source
            .name_date
            .and_then(midnight)
            .map(|d| (d, DateSource::FileName))
    };
    let in_path = || {
        (config.generator == Generator::Zola)
            .then(|| fm.site_fields.path.as_deref().and_then(date_in_path))
            .flatten()
            .and_then(midnight)
            .map(|d| (d, DateSource::PathKey))
    };
    let first = written(&fm.date).or_else(|| written(&fm.publish_date));
    match config.generator {
        Generator::Hugo => first.or_else(|| written(&fm.lastmod)).or_else(named),
        _ => first
            .or_else(named)
            .or_else(in_path)
            .or_else(|| written(&fm.lastmod)),
    }
}

/// The date in a URL path such as `/blog/2021/06/23/slug/`.
fn date_in_path(path: &str) -> Option<NaiveDate> {
    static DATED: LazyLock<regex::Regex> = LazyLock::new(|| {
        regex::Regex::new(r"(?:^|/)(\d{4})/(\d{1,2})/(\d{1,2})(?:/|$)").expect("static regex")
    });
    let c = DATED.captures(path)?;
    let n = |i: usize| c[i].parse::<u32>().ok();
    NaiveDate::from_ymd_opt(c[1].parse().ok()?, n(2)?, n(3)?)
}

/// The first instant of an event, for a post that has no date of its own.
fn event_start(when: &EventWhen, config: &Config) -> Option<DateTime<Utc>> {
    let (start, zone) = match when {
        EventWhen::Timed { start, zone, .. } => (*start, *zone),
        EventWhen::AllDay { first, .. } => (first.and_time(NaiveTime::MIN), config.time_zone),
    };
    front_matter::resolve_local(start, zone).map(|d| d.with_timezone(&Utc))
}

/// The last folder of `rel_path` named as a year (`events/2023/kcseu/social.md`
/// → 2023), for dates written without a year in a post that has no date.
fn path_year(rel_path: &str) -> Option<i32> {
    let (folders, _) = rel_path.rsplit_once('/')?;
    folders
        .rsplit('/')
        .find(|f| f.len() == 4 && f.bytes().all(|b| b.is_ascii_digit()))
        .and_then(|f| f.parse().ok())
        .filter(|y| (1970..=2100).contains(y))
}

/// The event-time stage, for a post of an event section. The year of a date
/// written without one is inferred from the publication date, never from the
/// event itself.
fn event_decision(
    source: &SourceFile,
    split: &front_matter::Split<'_>,
    fm: &front_matter::FrontMatter,
    published: Option<&(DateTime<Utc>, DateSource)>,
    config: &Config,
) -> Option<EventDecision> {
    let section = config.section(&source.section)?;
    if section.kind != SectionKind::Events {
        return None;
    }
    let post_date = published.map(|(d, _)| d.with_timezone(&config.time_zone).date_naive());
    let section_front_matter = if source.list_page {
        String::new()
    } else {
        folder_list_page_front_matter(&source.path)
    };
    let input = when::WhenInput {
        body: split.body,
        body_first_line: split.body_first_line,
        post_date,
        path_year: path_year(&source.rel_path),
        title: fm.title.as_deref().unwrap_or(""),
        front_matter: &fm.event_fields,
        event_keys: &config.event_keys,
        zone: config.time_zone,
        default_duration: section.default_duration,
        section_front_matter: &section_front_matter,
    };
    Some(when::decide(&input))
}

/// The front matter of the list page (`_index.md`) beside a post, as text:
/// where a Hugo section says what its pages are about (`description:
/// Contributor events at KubeCon, hosted in Amsterdam, Netherlands.`).
/// Empty when there is none, it cannot be read, or it has no front matter.
/// At most 16 KB are read: a list page's front matter is a few lines.
fn folder_list_page_front_matter(post: &std::path::Path) -> String {
    use std::io::Read;
    let Some(dir) = post.parent() else {
        return String::new();
    };
    let mut text = String::new();
    let read = std::fs::File::open(dir.join("_index.md"))
        .and_then(|f| f.take(16 * 1024).read_to_string(&mut text));
    if read.is_err() {
        return String::new();
    }
    let mut lines = text.lines();
    let fence = match lines.next().map(str::trim) {
        Some(f @ ("---" | "+++")) => f,
        _ => return String::new(),
    };
    lines
        .take_while(|l| l.trim() != fence)
        .collect::<Vec<_>>()
        .join("\n")
}

fn key_line_hint(split: &front_matter::Split<'_>, key: &str) -> Option<usize> {
    split
        .front
        .lines()
        .position(|l| l.trim_start().starts_with(key))
        .map(|i| split.front_first_line + i)
}

/// `<lang>/<section>/<page path>`: the post's identity across title, body
/// and time changes (the folder or file, not the title, names a post). A
/// bundle is its folder; a single page is its path without the extension
/// (a translation `foo.es.md` keeps `.es`, and its language prefix).
fn stable_key(source: &SourceFile) -> String {
    let rel = &source.rel_path;
    let page = if source.bundle {
        rel.rsplit_once('/').map_or(rel.as_str(), |(dir, _)| dir)
    } else {
        rel.rsplit_once('.').map_or(rel.as_str(), |(path, _)| path)
    };
    if page.starts_with(&format!("{}/", source.lang)) {
        page.to_string()
    } else {
        format!("{}/{}", source.lang, page)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_year_folder_of_the_path() {
        assert_eq!(path_year("events/2023/kcseu/social.md"), Some(2023));
        assert_eq!(path_year("2019/2020/talks/x.md"), Some(2020));
        assert_eq!(path_year("2023.md"), None);
        assert_eq!(path_year("events/0042/x.md"), None);
        assert_eq!(path_year("events/summit/x.md"), None);
    }

    #[test]
    fn the_list_page_beside_a_post_lends_its_front_matter() {
        let dir = tempfile::tempdir().expect("temp dir");
        let post = dir.path().join("meet-and-greet.md");
        assert_eq!(folder_list_page_front_matter(&post), "");
        std::fs::write(
            dir.path().join("_index.md"),
            "---\ntitle: Events at the summit\ndescription: >\n  Events hosted in Amsterdam.\n---\n\nIn Paris last year.\n",
        )
        .expect("write");
        let fm = folder_list_page_front_matter(&post);
        assert!(fm.contains("hosted in Amsterdam"), "{fm}");
        // The body is not the section's statement.
        assert!(!fm.contains("Paris"), "{fm}");
    }

    #[test]
    fn no_post_keeps_a_shared_identity() {
        let (_, sample) = crate::render::test_posts(1);
        let post = |key: &str, path: &str, draft: bool| {
            let mut p = sample[0].clone();
            p.key = key.to_string();
            p.source.path = PathBuf::from(path);
            p.draft = draft;
            Ok(p)
        };
        let failed = Err(error(Path::new("f"), None, None, String::new(), ""));
        let results = vec![
            post("b", "0", false),
            post("a", "1", true),
            post("a", "2", false),
            failed,
            post("b", "4", false),
            post("a", "5", false),
            post("b", "6", false),
            post("c", "7", false),
        ];
        let taken = |drafts| -> Vec<String> {
            taken_keys(&results, drafts)
                .into_iter()
                .map(|p| {
                    p.iter()
                        .map(|p| p.display().to_string())
                        .collect::<Vec<_>>()
                        .join(",")
                })
                .collect()
        };
        // A draft left out shares no identity with the posts after it; each
        // post of a group names all the others.
        assert_eq!(taken(false), ["4,6", "", "5", "", "0,6", "2", "0,4", ""]);
        assert_eq!(
            taken(true),
            ["4,6", "2,5", "1,5", "", "0,6", "1,2", "0,4", ""]
        );
    }
}
