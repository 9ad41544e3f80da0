//! The pipeline up to the model: discover → decode → front matter → event
//! time → [`Post`]. Files are read and parsed in parallel; the result keeps
//! discovery's path order, so output never depends on thread timing.

use std::path::{Path, PathBuf};

use chrono::DateTime;
use rayon::prelude::*;

use crate::config::{Config, SectionKind};
use crate::decode::decode;
use crate::discover::discover;
use crate::front_matter;
use crate::model::{Post, PostError, SourceFile, Warning, WarningKind};
use crate::permalink::permalink;
use crate::{body, when};

/// What to read.
#[derive(Debug, Clone)]
pub struct LoadOptions {
    /// The content root (Hugo's `content/`).
    pub content: PathBuf,
    /// Keep `draft: true` posts.
    pub drafts: bool,
    /// Also list what page bundles hold besides their post into
    /// [`Site::skipped`] (for `--verbose`): a folder listing per bundle.
    pub list_bundle_contents: bool,
}

impl LoadOptions {
    pub fn from_config(config: &Config) -> Self {
        LoadOptions {
            content: config.content.clone(),
            drafts: false,
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
    /// Files left out on purpose (unconfigured sections, bundle resources)
    /// and why, for `--verbose`.
    pub skipped: Vec<(PathBuf, &'static str)>,
}

/// Files larger than this are refused: no real post comes near it (a long
/// post is tens of KB), a runaway file (a pasted base64 image, a log saved as
/// `.md`) must not take the nightly run's memory, and its body would be copied
/// into every feed that lists it.
pub const MAX_POST_BYTES: u64 = 10 * 1024 * 1024;

pub fn load(config: &Config, opts: &LoadOptions) -> Site {
    let mut site = Site::default();
    if !opts.content.is_dir() {
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
    let found = discover(&opts.content, config, looking);
    site.errors.extend(found.errors);
    site.skipped = found.skipped;
    let results: Vec<Result<Post, PostError>> = found
        .files
        .into_par_iter()
        .map(|f| read_post(f, config))
        .collect();
    let published_before = taken_keys(&results, opts.drafts);
    // Collected in place (a result and a post have one size): the posts of
    // a large site are not held twice.
    site.posts = results
        .into_iter()
        .zip(published_before)
        .filter_map(|(r, first)| match r {
            Ok(p) if p.draft && !opts.drafts => {
                site.drafts_skipped += 1;
                None
            }
            Ok(p) => match first {
                Some(first) => {
                    site.errors.push(error(
                        &p.source.path,
                        None,
                        None,
                        format!("its identity `{}` is also the identity of {}, which is published instead", p.key, first.display()),
                        "give one of the two posts its own `uid:` in the front matter (or rename its folder)",
                    ));
                    None
                }
                None => Some(p),
            },
            Err(e) => {
                site.errors.push(e);
                None
            }
        })
        .collect();
    site.errors.sort_by(|a, b| a.path.cmp(&b.path));
    site
}

/// For each result, the path of an earlier post with the same identity,
/// which keeps it.
///
/// Identity must be unique: two posts with one key would share a UID, guid
/// and Atom id, and readers would merge them. The first in path order keeps
/// it, so which one is published never depends on thread timing. Found by
/// sorting (key, position) pairs, on every core, without copying a key.
fn taken_keys(results: &[Result<Post, PostError>], drafts: bool) -> Vec<Option<PathBuf>> {
    let mut keyed: Vec<(&str, usize)> = results
        .iter()
        .enumerate()
        .filter_map(|(i, r)| match r {
            Ok(p) if drafts || !p.draft => Some((p.key.as_str(), i)),
            _ => None,
        })
        .collect();
    // Equal keys end up side by side, in path order.
    keyed.par_sort_unstable();
    let mut taken: Vec<Option<PathBuf>> = vec![None; results.len()];
    let mut first = None;
    for pair in keyed.windows(2) {
        let ((key, i), (next, j)) = (pair[0], pair[1]);
        if key != next {
            first = None;
            continue;
        }
        let keeper = *first.get_or_insert(i);
        if let Ok(p) = &results[keeper] {
            taken[j] = Some(p.source.path.clone());
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
    source: SourceFile,
    bytes: &[u8],
    config: &Config,
) -> Result<Post, PostError> {
    let path = source.path.clone();
    let decoded = decode(bytes).map_err(|e| error(&path, None, None, e.message, e.hint))?;
    let text = decoded.text;
    let mut warnings = decoded.warnings;
    let split = front_matter::split(&text)
        .map_err(|e| error(&path, e.line, e.column, e.message, e.hint))?;
    let parsed = front_matter::parse(&split, config.time_zone, &config.event_time_keys)
        .map_err(|e| error(&path, e.line, e.column, e.message, e.hint))?;
    warnings.extend(parsed.warnings);
    let fm = parsed.fields;
    if split.format.is_none() {
        warnings.push(Warning::new(
            WarningKind::FrontMatterField,
            Some(1),
            "no front matter: the title is the file name and the post has no date, so it is left out of feeds; add `---` front matter with `title:` and `date:`",
        ));
    }

    let url = permalink(&source, fm.slug.as_deref(), fm.url.as_deref(), config).map_err(|e| {
        let line = key_line_hint(&split, e.key);
        error(
            &path,
            line,
            None,
            e.message,
            "nothing is written for this post",
        )
    })?;
    let html = body::to_html(split.body, &url);
    let live_url = fm
        .live_url
        .clone()
        .or_else(|| body::find_live_url(split.body));
    let title_cancelled = body::title_says_cancelled(fm.title.as_deref().unwrap_or(""));
    let facts = body::line_facts(
        split.body,
        body::Wanted {
            location: fm.location.is_none(),
            cancelled: !fm.cancelled && !title_cancelled,
        },
    );
    let cancelled = fm.cancelled || title_cancelled || facts.cancelled;
    let location = fm.location.clone().or(facts.location);
    let title = fm.title.clone().unwrap_or_else(|| source.slug.clone());
    let date = fm.date.or(fm.publish_date).or(fm.lastmod);
    let updated = fm.lastmod.or(date);
    let summary = fm
        .description
        .clone()
        .or_else(|| fm.summary.clone())
        .or_else(|| {
            let text = body::to_plain_text(split.body);
            (!text.is_empty()).then(|| body::excerpt(&text, 160))
        });
    let cover = fm
        .cover
        .as_deref()
        .map(|c| body::resolve(c, &url).unwrap_or_else(|| c.to_string()));
    let key = match &fm.uid {
        Some(uid) => uid.clone(),
        None => stable_key(&source),
    };

    let section = config.section(&source.section);
    let event = match section {
        Some(s) if s.kind == SectionKind::Events => {
            let post_date = date.map(|d| d.with_timezone(&config.time_zone).date_naive());
            let input = when::WhenInput {
                body: split.body,
                body_first_line: split.body_first_line,
                post_date,
                front_matter: &fm.event_times,
                zone: config.time_zone,
                default_duration: s.default_duration,
            };
            Some(when::decide(&input))
        }
        _ => None,
    };
    Ok(Post {
        key_pinned: fm.uid.is_some(),
        key,
        title,
        url: url.to_string(),
        date,
        updated,
        summary,
        tags: fm.tags,
        categories: fm.categories,
        authors: fm.authors,
        cover,
        html,
        location,
        live_url,
        cancelled,
        draft: fm.draft,
        event,
        warnings,
        source,
    })
}

fn key_line_hint(split: &front_matter::Split<'_>, key: &str) -> Option<usize> {
    split
        .front
        .lines()
        .position(|l| l.trim_start().starts_with(key))
        .map(|i| split.front_first_line + i)
}

/// `<lang>/<section>/<bundle path>`: the post's identity across title, body
/// and time changes (the folder, not the title, names a post).
fn stable_key(source: &SourceFile) -> String {
    let rel = source
        .rel_path
        .strip_suffix("/index.md")
        .or_else(|| source.rel_path.strip_suffix(".md"))
        .unwrap_or(&source.rel_path);
    if rel.starts_with(&format!("{}/", source.lang)) {
        rel.to_string()
    } else {
        format!("{}/{}", source.lang, rel)
    }
}

/// Newest first, then by key: the order of every feed.
pub fn newest_first(a: &Post, b: &Post) -> std::cmp::Ordering {
    b.sort_date()
        .unwrap_or(DateTime::UNIX_EPOCH)
        .cmp(&a.sort_date().unwrap_or(DateTime::UNIX_EPOCH))
        .then_with(|| a.key.cmp(&b.key))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_first_post_in_path_order_keeps_an_identity() {
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
        let taken = |drafts| -> Vec<Option<String>> {
            taken_keys(&results, drafts)
                .into_iter()
                .map(|p| p.map(|p| p.display().to_string()))
                .collect()
        };
        let s = |p: &str| Some(p.to_string());
        // A draft left out keeps no identity from the posts after it.
        assert_eq!(
            taken(false),
            [None, None, None, None, s("0"), s("2"), s("0"), None]
        );
        assert_eq!(
            taken(true),
            [None, None, s("1"), None, s("0"), s("1"), s("0"), None]
        );
    }
}
