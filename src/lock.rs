//! One run at a time per output folder.
//!
//! Cron starts a new run whether or not the last one finished (a slow disk, a
//! huge content tree); two runs publishing into one folder would each read
//! the other's half-finished state. A run therefore holds an advisory lock on
//! the output folder from before it reads the content until it has published.
//!
//! On Unix the lock is `flock(2)` on the folder itself, so no lock file
//! appears among the published files; elsewhere it is a `.feedcal.lock` file
//! in the folder. Either way the kernel drops the lock when the process dies,
//! so a run killed with `kill -9` never leaves a stale lock behind.

use std::fs::File;
use std::io;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// A held lock; dropping it releases the lock.
#[derive(Debug)]
pub struct OutputLock {
    // Kept open: closing the descriptor is what releases the lock.
    _file: File,
    pub path: PathBuf,
}

#[derive(Debug)]
pub enum LockError {
    /// Another run holds the lock (after waiting `waited`, if asked to wait).
    Busy { dir: PathBuf, waited: Duration },
    /// The folder could not be created, opened or locked at all.
    Io { dir: PathBuf, message: String },
}

impl std::fmt::Display for LockError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            LockError::Busy { dir, waited } if waited.is_zero() => write!(
                f,
                "another feedcal run is publishing to {}; this run did nothing. \
                 Pass `--wait SECONDS` to wait for it, or space the cron runs further apart",
                dir.display()
            ),
            LockError::Busy { dir, waited } => write!(
                f,
                "another feedcal run was still publishing to {} after waiting {} s; this run did nothing. \
                 Raise `--wait`, or look for a run that hangs",
                dir.display(),
                waited.as_secs()
            ),
            LockError::Io { dir, message } => write!(f, "{}: {message}", dir.display()),
        }
    }
}

impl std::error::Error for LockError {}

/// How often a waiting run tries again. Short enough that a queued cron run
/// starts soon after the previous one ends, long enough to cost nothing.
const RETRY: Duration = Duration::from_millis(100);

/// Creates `dir` if needed and locks it. Without `wait`, a held lock is an
/// immediate [`LockError::Busy`]; with it, the lock is tried until the time is up.
/// `on_wait` is called once, before the first wait, so the caller can say why
/// nothing seems to happen.
pub fn acquire(
    dir: &Path,
    wait: Option<Duration>,
    on_wait: impl FnOnce(),
) -> Result<OutputLock, LockError> {
    std::fs::create_dir_all(dir).map_err(|e| LockError::Io {
        dir: dir.to_path_buf(),
        message: format!(
            "cannot create the output folder: {e} (pass `--out DIR` or set `out` in the config to a folder this user can write)"
        ),
    })?;
    let (file, path) = open_lock_target(dir).map_err(|e| LockError::Io {
        dir: dir.to_path_buf(),
        message: format!("cannot open the output folder to lock it: {e}"),
    })?;
    let start = Instant::now();
    let mut on_wait = Some(on_wait);
    loop {
        match fs4::FileExt::try_lock(&file) {
            Ok(()) => return Ok(OutputLock { _file: file, path }),
            Err(fs4::TryLockError::WouldBlock) => {}
            Err(fs4::TryLockError::Error(e)) => {
                return Err(LockError::Io {
                    dir: dir.to_path_buf(),
                    message: format!(
                        "cannot lock the output folder: {e} (a network file system without locks?)"
                    ),
                })
            }
        }
        let waited = start.elapsed();
        match wait {
            Some(limit) if waited < limit => {
                if let Some(f) = on_wait.take() {
                    f();
                }
                std::thread::sleep(RETRY.min(limit - waited));
            }
            _ => {
                return Err(LockError::Busy {
                    dir: dir.to_path_buf(),
                    waited: if wait.is_some() {
                        waited
                    } else {
                        Duration::ZERO
                    },
                })
            }
        }
    }
}

#[cfg(unix)]
fn open_lock_target(dir: &Path) -> io::Result<(File, PathBuf)> {
    Ok((File::open(dir)?, dir.to_path_buf()))
}

#[cfg(not(unix))]
fn open_lock_target(dir: &Path) -> io::Result<(File, PathBuf)> {
    let path = dir.join(".feedcal.lock");
    let file = std::fs::OpenOptions::new()
        .read(true)
        .write(true)
        .create(true)
        .truncate(false)
        .open(&path)?;
    Ok((file, path))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn second_lock_is_busy_until_the_first_is_dropped() {
        let dir = tempfile::tempdir().unwrap();
        let first = acquire(dir.path(), None, || {}).unwrap();
        let e = acquire(dir.path(), None, || {}).unwrap_err();
        assert!(matches!(e, LockError::Busy { .. }), "{e}");
        assert!(e.to_string().contains("--wait"));
        let mut told = false;
        let e = acquire(dir.path(), Some(Duration::from_millis(250)), || told = true).unwrap_err();
        assert!(told, "a waiting run says so");
        assert!(e.to_string().contains("after waiting"), "{e}");
        drop(first);
        acquire(dir.path(), None, || {}).unwrap();
    }

    #[test]
    fn waiting_run_gets_the_lock_when_it_is_released() {
        let dir = tempfile::tempdir().unwrap();
        let first = acquire(dir.path(), None, || {}).unwrap();
        let releaser = std::thread::spawn(move || {
            std::thread::sleep(Duration::from_millis(200));
            drop(first);
        });
        acquire(dir.path(), Some(Duration::from_secs(10)), || {}).unwrap();
        releaser.join().unwrap();
    }

    #[test]
    fn no_file_is_added_to_the_folder() {
        let dir = tempfile::tempdir().unwrap();
        let _l = acquire(dir.path(), None, || {}).unwrap();
        if cfg!(unix) {
            assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
        }
    }
}
