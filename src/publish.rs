//! Writing outputs: the one place every file goes through, so that safety is
//! decided here.
//!
//! A run first writes every changed output to a temp file beside its target
//! and fsyncs it; only when all of them are written does it rename them into
//! place and fsync their folders. A crash or kill therefore leaves each output
//! either the previous complete file or the new complete file, never a
//! truncated one. Outputs whose bytes did not change are not touched (mtime and
//! inode stay), so HTTP caches and rsync see no change.
//!
//! Nothing is written outside the output folder: output paths are checked for
//! `..` and absolute parts, and a symlinked folder inside the output folder
//! is refused rather than followed.

use std::fs::{self, File, OpenOptions};
use std::io::Write;
use std::path::{Component, Path, PathBuf};

use crate::outputs::Output;

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum WriteStatus {
    Written,
    Unchanged,
}

#[derive(Debug, Clone, serde::Serialize)]
pub struct Written {
    pub path: PathBuf,
    pub status: WriteStatus,
    pub bytes: usize,
}

#[derive(Debug)]
pub struct PublishError {
    pub path: PathBuf,
    pub message: String,
}

impl std::fmt::Display for PublishError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.path.display(), self.message)
    }
}

impl std::error::Error for PublishError {}

fn fail(path: &Path, what: &str, e: impl std::fmt::Display) -> PublishError {
    PublishError {
        path: path.to_path_buf(),
        message: format!("{what}: {e}"),
    }
}

/// Publishes every output under `out_dir`, all or nothing.
pub fn publish(out_dir: &Path, outputs: &[Output]) -> Result<Vec<Written>, PublishError> {
    fs::create_dir_all(out_dir).map_err(|e| fail(out_dir, "cannot create the output folder", e))?;
    let mut staged: Vec<(PathBuf, PathBuf)> = Vec::new();
    let mut results = Vec::with_capacity(outputs.len());
    let result = (|| {
        for o in outputs {
            let target = safe_target(out_dir, &o.path)?;
            let unchanged = match fs::symlink_metadata(&target) {
                Ok(m) if m.file_type().is_file() => fs::read(&target).map(|b| b == o.bytes).unwrap_or(false),
                _ => false,
            };
            if unchanged {
                results.push(Written {
                    path: target,
                    status: WriteStatus::Unchanged,
                    bytes: o.bytes.len(),
                });
                continue;
            }
            let tmp = temp_path(&target);
            write_synced(&tmp, &o.bytes)?;
            staged.push((tmp, target.clone()));
            results.push(Written {
                path: target,
                status: WriteStatus::Written,
                bytes: o.bytes.len(),
            });
        }
        Ok(())
    })();
    if let Err(e) = result {
        for (tmp, _) in &staged {
            let _ = fs::remove_file(tmp);
        }
        return Err(e);
    }
    let mut dirs: Vec<PathBuf> = Vec::new();
    for (tmp, target) in &staged {
        // rename(2) replaces a symlink at `target` with the file; it never writes through it.
        fs::rename(tmp, target).map_err(|e| fail(target, "cannot move the new file into place", e))?;
        if let Some(parent) = target.parent() {
            if !dirs.iter().any(|d| d == parent) {
                dirs.push(parent.to_path_buf());
            }
        }
    }
    for d in dirs {
        sync_dir(&d)?;
    }
    Ok(results)
}

/// `out_dir/rel`, after making sure it stays inside `out_dir` and that no
/// folder on the way is a symlink (which could point anywhere).
fn safe_target(out_dir: &Path, rel: &str) -> Result<PathBuf, PublishError> {
    let rel_path = Path::new(rel);
    if rel_path
        .components()
        .any(|c| !matches!(c, Component::Normal(_)))
    {
        return Err(fail(rel_path, "refused", "output path leaves the output folder"));
    }
    let mut dir = out_dir.to_path_buf();
    let parts: Vec<_> = rel_path.components().collect();
    for c in &parts[..parts.len().saturating_sub(1)] {
        dir.push(c);
        match fs::symlink_metadata(&dir) {
            Ok(m) if m.file_type().is_symlink() => {
                return Err(fail(&dir, "refused", "a symlink inside the output folder is not followed; remove it"));
            }
            Ok(m) if m.is_dir() => {}
            Ok(_) => return Err(fail(&dir, "refused", "exists and is not a folder")),
            Err(_) => fs::create_dir(&dir).map_err(|e| fail(&dir, "cannot create folder", e))?,
        }
    }
    Ok(out_dir.join(rel_path))
}

fn temp_path(target: &Path) -> PathBuf {
    let name = target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    target.with_file_name(format!(".{name}.feedcal-tmp"))
}

fn write_synced(path: &Path, bytes: &[u8]) -> Result<(), PublishError> {
    // A temp file left by a killed run is ours to replace.
    let _ = fs::remove_file(path);
    let mut f: File = OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)
        .map_err(|e| fail(path, "cannot create temp file", e))?;
    let written = f.write_all(bytes).and_then(|_| f.sync_all());
    if let Err(e) = written {
        drop(f);
        let _ = fs::remove_file(path);
        return Err(fail(path, "cannot write", e));
    }
    Ok(())
}

fn sync_dir(dir: &Path) -> Result<(), PublishError> {
    File::open(dir)
        .and_then(|d| d.sync_all())
        .map_err(|e| fail(dir, "cannot sync folder", e))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::outputs::OutputKind;

    fn out(path: &str, bytes: &[u8]) -> Output {
        Output {
            path: path.into(),
            kind: OutputKind::Rss,
            bytes: bytes.to_vec(),
            count: 0,
        }
    }

    #[test]
    fn writes_then_keeps_unchanged_files() {
        let dir = tempfile::tempdir().unwrap();
        let r = publish(dir.path(), &[out("zh/activities/rss.xml", b"one")]).unwrap();
        assert_eq!(r[0].status, WriteStatus::Written);
        let target = dir.path().join("zh/activities/rss.xml");
        let before = fs::metadata(&target).unwrap().modified().unwrap();
        std::thread::sleep(std::time::Duration::from_millis(20));
        let r = publish(dir.path(), &[out("zh/activities/rss.xml", b"one")]).unwrap();
        assert_eq!(r[0].status, WriteStatus::Unchanged);
        assert_eq!(fs::metadata(&target).unwrap().modified().unwrap(), before);
        let r = publish(dir.path(), &[out("zh/activities/rss.xml", b"two")]).unwrap();
        assert_eq!(r[0].status, WriteStatus::Written);
        assert_eq!(fs::read(&target).unwrap(), b"two");
        let leftovers: Vec<_> = fs::read_dir(target.parent().unwrap()).unwrap().collect();
        assert_eq!(leftovers.len(), 1, "no temp file left behind");
    }

    #[test]
    fn refuses_paths_that_leave_the_folder() {
        let dir = tempfile::tempdir().unwrap();
        assert!(publish(dir.path(), &[out("../x.xml", b"x")]).is_err());
        assert!(publish(dir.path(), &[out("/etc/x.xml", b"x")]).is_err());
    }

    #[cfg(unix)]
    #[test]
    fn does_not_follow_a_symlinked_folder() {
        let dir = tempfile::tempdir().unwrap();
        let elsewhere = tempfile::tempdir().unwrap();
        std::os::unix::fs::symlink(elsewhere.path(), dir.path().join("zh")).unwrap();
        assert!(publish(dir.path(), &[out("zh/activities/rss.xml", b"x")]).is_err());
        assert_eq!(fs::read_dir(elsewhere.path()).unwrap().count(), 0);
    }
}
