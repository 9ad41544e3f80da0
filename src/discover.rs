//! Discovery: which files under the content root are posts, and their
//! language, section and slug, following Hugo's content layout.
//!
//! - `<section>/<slug>/index.md`: a page bundle (a leaf: everything else
//!   inside it, `.md` files and folders too, is its resources, not posts);
//! - `<section>/<slug>.md`: a single page;
//! - `_index.md`: a section's list page, never a post;
//! - a first path segment that is a language code (`zh/`, `en/`) is the
//!   language; otherwise the post is in the site's default language.
//!
//! Only sections named in the config are read. Directory symlinks are followed
//! (a loop is reported, not walked forever). The result is sorted by path,
//! so nothing downstream depends on the order the file system lists entries in.

use std::ffi::{CStr, CString, OsStr};
use std::os::fd::{BorrowedFd, OwnedFd};
use std::os::unix::ffi::OsStrExt;
use std::path::{Path, PathBuf};

use rustix::fs::{AtFlags, Dir, FileType, Mode, OFlags};

use crate::config::{looks_like_language, Config};
use crate::model::{PostError, SourceFile};

/// What discovery found: posts in path order, and what it could not read.
#[derive(Debug, Default)]
pub struct Discovered {
    pub files: Vec<SourceFile>,
    pub errors: Vec<PostError>,
    /// Files skipped on purpose (unconfigured sections, bundle resources), for `-v`.
    pub skipped: Vec<(PathBuf, &'static str)>,
}

/// What to look for besides posts.
#[derive(Debug, Clone, Copy, Default)]
pub struct Looking {
    /// List what page bundles hold besides their `index.md` into
    /// [`Discovered::skipped`] (for `--verbose`). Off, a bundle's folder is
    /// never listed: its `index.md` is all discovery needs.
    pub inside_bundles: bool,
}

pub fn discover(root: &Path, config: &Config, looking: Looking) -> Discovered {
    let walker = Walker {
        root,
        config,
        looking,
    };
    let mut out = walker.walk(root, open_folder(root), &[]);
    out.files.sort_by(|a, b| a.rel_path.cmp(&b.rel_path));
    out.errors.sort_by(|a, b| a.path.cmp(&b.path));
    out.skipped.sort();
    out
}

/// Discovery's settings, shared by every folder.
struct Walker<'c> {
    root: &'c Path,
    config: &'c Config,
    looking: Looking,
}

impl Walker<'_> {
    /// One folder and, in parallel, its subfolders. Written here rather than
    /// with walkdir: walkdir walks on one thread and, following links, stats
    /// every entry; here a stat is only needed for symlinks (the folder listing
    /// says what everything else is), and a 50,000-post tree is listed on every
    /// core. `ancestors` are the folders above, for symlink loops: they are
    /// stat'ed only when a link to a folder is met, not once per folder (a
    /// 50,000-bundle tree has 50,000 folders and usually no link).
    ///
    /// Folders are listed with rustix rather than `std::fs::read_dir`: a
    /// subfolder is opened by its name relative to its parent's descriptor
    /// (not by a path the kernel walks again from the root), and listing it
    /// costs no `fstat` (glibc's `opendir` makes one per folder). Discovery
    /// was a tenth of a 50,000-post build.
    ///
    /// A subfolder holding an `index.md` that is a post is a leaf bundle: that
    /// file is taken without listing the folder (one `stat` instead of an
    /// open, two listing calls and a close per post; nothing below a leaf
    /// bundle is a post, as in Hugo).
    fn walk<'a>(
        &self,
        dir: &'a Path,
        opened: std::io::Result<OwnedFd>,
        ancestors: &[&'a Path],
    ) -> Discovered {
        use rayon::prelude::*;
        let (root, config) = (self.root, self.config);

        let mut out = Discovered::default();
        let mut listing = match opened.and_then(|fd| Ok(Dir::new(fd)?)) {
            Ok(listing) => listing,
            Err(e) => {
                out.errors.push(unreadable(dir, &e));
                return out;
            }
        };
        let mut here = ancestors.to_vec();
        here.push(dir);
        let mut subdirs: Vec<(PathBuf, CString)> = Vec::new();
        while let Some(entry) = listing.read() {
            let entry = match entry {
                Ok(e) => e,
                Err(e) => {
                    out.errors.push(unreadable(dir, &e.into()));
                    break;
                }
            };
            let name = entry.file_name();
            if matches!(name.to_bytes(), b"." | b"..") {
                continue;
            }
            let path = dir.join(OsStr::from_bytes(name.to_bytes()));
            let is_md = path.extension().and_then(|e| e.to_str()) == Some("md");
            let kind = match entry.file_type() {
                FileType::Directory => Kind::Folder,
                FileType::RegularFile => Kind::File,
                FileType::Symlink | FileType::Unknown => {
                    // Followed. `Unknown`: a file system whose listing gives no type.
                    match std::fs::metadata(&path) {
                        Ok(m) if m.is_dir() && is_one_of(&m, &here) => {
                            out.errors.push(PostError {
                                path,
                                line: None,
                                column: None,
                                message: "directory symlink loop".to_string(),
                                hint: "remove the link or point it outside the content tree"
                                    .to_string(),
                            });
                            continue;
                        }
                        Ok(m) if m.is_dir() => Kind::Folder,
                        Ok(m) if m.is_file() => Kind::File,
                        Ok(_) => Kind::Other,
                        // A dangling link where a post would be is worth a message;
                        // a dangling image link in a bundle is not this tool's business.
                        Err(e) if is_md => {
                            out.errors.push(unreadable(&path, &e));
                            continue;
                        }
                        Err(_) => continue,
                    }
                }
                _ => Kind::Other,
            };
            match kind {
                Kind::Folder => subdirs.push((path, name.to_owned())),
                Kind::File if is_md => add_file(root, path, config, &mut out),
                _ => {}
            }
        }
        let parent = listing.fd();
        let below: Vec<Discovered> = subdirs
            .par_iter()
            .map(|(d, name)| {
                self.leaf_bundle(parent, d, name)
                    .unwrap_or_else(|| self.walk(d, open_in(parent, name), &here))
            })
            .collect();
        for d in below {
            out.files.extend(d.files);
            out.errors.extend(d.errors);
            out.skipped.extend(d.skipped);
        }
        out
    }

    /// The leaf bundle `folder` (named `name` in `parent`) is, when it holds an
    /// `index.md` file that is a post; `None` to walk the folder instead.
    fn leaf_bundle(
        &self,
        parent: rustix::io::Result<BorrowedFd<'_>>,
        folder: &Path,
        name: &CStr,
    ) -> Option<Discovered> {
        let mut index = name.to_bytes().to_vec();
        index.extend_from_slice(b"/index.md");
        let index = CString::new(index).ok()?;
        let stat = rustix::fs::statat(parent.ok()?, index.as_c_str(), AtFlags::empty()).ok()?;
        if FileType::from_raw_mode(stat.st_mode) != FileType::RegularFile {
            return None;
        }
        let mut out = Discovered::default();
        add_file(self.root, folder.join("index.md"), self.config, &mut out);
        if out.files.is_empty() {
            // Not a post (a page outside the configured sections): walked
            // like any folder, for the same reports as before.
            return None;
        }
        if self.looking.inside_bundles {
            bundle_contents(folder, &mut out.skipped);
        }
        Some(out)
    }
}

/// What a leaf bundle holds besides its `index.md`, one level deep: `.md`
/// files and folders, which Hugo never makes pages.
fn bundle_contents(folder: &Path, skipped: &mut Vec<(PathBuf, &'static str)>) {
    let Ok(entries) = std::fs::read_dir(folder) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            skipped.push((
                path,
                "folder inside a page bundle (its files are the bundle's resources)",
            ));
        } else if path.extension().is_some_and(|e| e == "md") && entry.file_name() != "index.md" {
            skipped.push((path, "bundle resource or nested page"));
        }
    }
}

/// What an entry is, once symlinks are followed.
enum Kind {
    Folder,
    File,
    Other,
}

/// Opens a folder for listing: by name in its parent, or by path at the root.
fn open_folder(path: &Path) -> std::io::Result<OwnedFd> {
    Ok(rustix::fs::open(path, folder_flags(), Mode::empty())?)
}

fn open_in(parent: rustix::io::Result<BorrowedFd<'_>>, name: &CStr) -> std::io::Result<OwnedFd> {
    Ok(parent.and_then(|fd| rustix::fs::openat(fd, name, folder_flags(), Mode::empty()))?)
}

/// Symlinks are followed (a loop is caught by `is_one_of`).
fn folder_flags() -> OFlags {
    OFlags::RDONLY | OFlags::DIRECTORY | OFlags::CLOEXEC
}

/// Whether `target` is one of `folders` (the same device and inode).
fn is_one_of(target: &std::fs::Metadata, folders: &[&Path]) -> bool {
    use std::os::unix::fs::MetadataExt;
    folders.iter().any(|f| {
        std::fs::metadata(f).is_ok_and(|m| m.dev() == target.dev() && m.ino() == target.ino())
    })
}

fn add_file(root: &Path, path: PathBuf, config: &Config, out: &mut Discovered) {
    let Ok(rel) = path.strip_prefix(root) else {
        return;
    };
    let segments: Vec<String> = rel
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    match classify(&segments, config) {
        Ok((lang, section, slug)) => out.files.push(SourceFile {
            rel_path: segments.join("/"),
            path,
            lang,
            section,
            slug,
        }),
        Err(reason) => out.skipped.push((path, reason)),
    }
}

fn unreadable(path: &Path, e: &std::io::Error) -> PostError {
    PostError {
        path: path.to_path_buf(),
        line: None,
        column: None,
        message: format!("cannot read: {e}"),
        hint: "check the permissions of this path".to_string(),
    }
}

/// Splits a relative path into (language, section, slug), or says why it is not a post.
fn classify(
    segments: &[String],
    config: &Config,
) -> Result<(String, String, String), &'static str> {
    let (lang, rest) = match segments.split_first() {
        Some((first, rest)) if is_language(first, config) && !rest.is_empty() => {
            (first.clone(), rest)
        }
        _ => (config.default_language.clone(), segments),
    };
    let [section, tail @ ..] = rest else {
        return Err("not in a section");
    };
    let Some(file) = tail.last() else {
        return Err("not in a section");
    };
    if config.section(section).is_none() {
        return Err("section not in the config");
    }
    if file == "_index.md" {
        return Err("section list page");
    }
    let slug = if file == "index.md" {
        match tail.len() {
            // `<section>/index.md` is not a bundle of its own.
            1 => return Err("not in a bundle"),
            n => tail[n - 2].clone(),
        }
    } else {
        // A `.md` file next to an `index.md` is a bundle resource; discovery
        // cannot see siblings here cheaply, so single pages are only those
        // directly in the section (or a subsection folder without index.md,
        // which the caller filters).
        if tail.len() != 1 {
            return Err("bundle resource or nested page");
        }
        file.trim_end_matches(".md").to_string()
    };
    Ok((lang, section.clone(), slug))
}

fn is_language(segment: &str, config: &Config) -> bool {
    if !config.languages.is_empty() {
        return config.languages.iter().any(|l| l == segment);
    }
    looks_like_language(segment) && config.section(segment).is_none()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn seg(p: &str) -> Vec<String> {
        p.split('/').map(String::from).collect()
    }

    #[test]
    fn bundles_singles_and_list_pages() {
        let c = Config::default();
        assert_eq!(
            classify(&seg("zh/activities/meetup-1/index.md"), &c),
            Ok(("zh".into(), "activities".into(), "meetup-1".into()))
        );
        assert_eq!(
            classify(&seg("en/blog/hello.md"), &c),
            Ok(("en".into(), "blog".into(), "hello".into()))
        );
        assert_eq!(
            classify(&seg("blog/hello.md"), &c),
            Ok(("zh".into(), "blog".into(), "hello".into()))
        );
        assert!(classify(&seg("zh/activities/_index.md"), &c).is_err());
        assert!(classify(&seg("zh/about/index.md"), &c).is_err());
        assert!(classify(&seg("zh/activities/meetup-1/notes.md"), &c).is_err());
    }

    #[test]
    fn odd_folder_names_are_slugs() {
        let c = Config::default();
        let (_, _, slug) =
            classify(&seg("zh/activities/[Summer-2023]welcome,all!/index.md"), &c).unwrap();
        assert_eq!(slug, "[Summer-2023]welcome,all!");
    }
    #[test]
    fn nothing_inside_a_leaf_bundle_is_a_post() {
        let dir = tempfile::tempdir().unwrap();
        let write = |rel: &str| {
            let p = dir.path().join(rel);
            std::fs::create_dir_all(p.parent().unwrap()).unwrap();
            std::fs::write(p, "---\ntitle: x\n---\n").unwrap();
        };
        for rel in [
            "zh/activities/_index.md",
            "zh/activities/a/index.md",
            "zh/activities/a/notes.md",
            "zh/activities/a/sub/index.md",
            "zh/activities/2023/b/index.md",
            "zh/activities/c.md",
        ] {
            write(rel);
        }
        let config = Config::default();
        let rels = |d: &Discovered| -> Vec<String> {
            d.files.iter().map(|f| f.rel_path.clone()).collect()
        };
        let quiet = discover(dir.path(), &config, Looking::default());
        assert_eq!(
            rels(&quiet),
            [
                "zh/activities/2023/b/index.md",
                "zh/activities/a/index.md",
                "zh/activities/c.md"
            ]
        );
        assert!(quiet
            .skipped
            .iter()
            .all(|(p, _)| !p.starts_with(dir.path().join("zh/activities/a"))));
        let listed = discover(
            dir.path(),
            &config,
            Looking {
                inside_bundles: true,
            },
        );
        assert_eq!(rels(&listed), rels(&quiet));
        let skipped: Vec<String> = listed
            .skipped
            .iter()
            .filter_map(|(p, _)| p.strip_prefix(dir.path()).ok())
            .map(|p| p.display().to_string())
            .collect();
        assert!(
            skipped.contains(&"zh/activities/a/notes.md".to_string()),
            "{skipped:?}"
        );
        assert!(
            skipped.contains(&"zh/activities/a/sub".to_string()),
            "{skipped:?}"
        );
    }
}
