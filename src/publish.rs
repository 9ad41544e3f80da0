//! Publishing: the only code that writes into the output folder, so that
//! safety is decided here. It also reads the output folder: the published
//! calendars a run continues ([`read_history`]), and each published file it
//! compares an output with.
//!
//! A run is all or nothing, and a kill at any instant leaves every output
//! either the previous complete file or the new complete file. A
//! [`Transaction`] takes each rendered output as soon as it is ready
//! ([`Transaction::stage`], from any thread), then [`Transaction::commit`]s:
//!
//! 1. an output whose bytes equal the published file's is left alone: no
//!    write, no sync (mtime and inode stay, so HTTP caches and rsync see no
//!    change; an unchanged run makes no write and no fsync at all);
//! 2. for a changed output, the shrink guard counts the published file and
//!    refuses the whole run when a site, language or section output would
//!    lose too many items (an empty or partial checkout must not wipe feeds);
//! 3. it is written into this run's staging folder, `.feedcal-staging-<pid>/`
//!    inside the output folder (the same file system, so `rename` is
//!    atomic), its write-out to disk started (Linux), and, while the disk
//!    writes, its bytes are parsed back by its own format
//!    ([`crate::render::Format::count`]): they must hold the items it was
//!    rendered with. Then its memory is freed;
//! 4. at commit, with every output staged and nothing refused, the staged
//!    files are made durable with one `syncfs(2)` of the staging folder's
//!    file system on Linux (elsewhere, and where `syncfs` fails, one fsync
//!    per file), and their lengths checked;
//! 5. the previous files are hard-linked into the staging folder, so that a
//!    failed rename can put back the ones already replaced; every staged
//!    file is renamed into place;
//! 6. the renames and any new folders are made durable with one more
//!    `syncfs` (elsewhere one fsync per folder), and the staging folder is
//!    removed. A staging folder left by a killed run is removed by the next.
//!
//! So a run that changes N files makes two syncs on Linux whatever N is. A
//! `syncfs` also waits for other programs' unwritten data on that file
//! system; on a disk shared with a busy writer, that is the price of not
//! paying one disk flush per file.
//!
//! The caller holds the output folder's lock ([`crate::lock`]) for the whole run.
//!
//! Nothing is written outside the output folder: output paths are checked for
//! `..` and absolute parts, a symlinked folder inside the output folder is
//! refused rather than followed, and a symlink where an output goes is
//! replaced by the file (never written through) and never read.

use std::fs::{self, File, OpenOptions};
use std::io::{self, Write};
use std::path::{Component, Path, PathBuf};
use std::sync::Mutex;

use crate::model::{Output, OutputKind};
use crate::render::{self, ics::EventHistory};

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

/// What a successful run did, and what it could not do but did not need to.
#[derive(Debug, Clone, Default)]
pub struct Published {
    /// One per output, in the order given.
    pub files: Vec<Written>,
    /// Problems that did not stop publishing (a published file that could not
    /// be read back for the shrink guard, a staging folder left behind).
    pub warnings: Vec<String>,
    /// Files an earlier run published that no output produces any more
    /// (a deleted post's tag feeds and event file), removed.
    pub removed: Vec<PathBuf>,
}

/// How careful to be.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PublishOptions {
    /// Refuse when an output would lose more than this share of the items the
    /// published file has (0.5: more than half). `None` turns the guard off.
    pub shrink_guard: Option<f64>,
}

impl Default for PublishOptions {
    fn default() -> Self {
        PublishOptions {
            shrink_guard: Some(crate::config::DEFAULT_SHRINK_GUARD),
        }
    }
}

/// Why nothing was published.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Fault {
    /// Outputs would lose more items than the shrink guard allows.
    Shrink,
    /// A staged file did not read back or parse as written.
    SelfCheck,
    /// An output path leaves the output folder or meets a symlink or a folder.
    Refused,
    /// An output could not be rendered.
    Render,
    /// The file system said no (permissions, full disk, read-only).
    Io,
}

/// One output the shrink guard stopped.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Shrink {
    pub path: PathBuf,
    pub kind: OutputKind,
    pub published: usize,
    pub new: usize,
}

#[derive(Debug, Clone)]
pub struct PublishError {
    pub fault: Fault,
    pub path: PathBuf,
    pub message: String,
    /// What to do about it.
    pub hint: String,
    /// For [`Fault::Shrink`]: every output that would shrink too much.
    pub shrunk: Vec<Shrink>,
}

impl std::fmt::Display for PublishError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.path.display(), self.message)?;
        if !self.hint.is_empty() {
            write!(f, " — {}", self.hint)?;
        }
        Ok(())
    }
}

impl std::error::Error for PublishError {}

fn fail(
    fault: Fault,
    path: &Path,
    message: impl Into<String>,
    hint: impl Into<String>,
) -> PublishError {
    PublishError {
        fault,
        path: path.to_path_buf(),
        message: message.into(),
        hint: hint.into(),
        shrunk: Vec::new(),
    }
}

const KEPT: &str = "the previously published files are unchanged";

fn io_fail(path: &Path, what: &str, e: &io::Error) -> PublishError {
    let hint = match e.kind() {
        io::ErrorKind::PermissionDenied => {
            format!("let this user write to the output folder, or pass --out DIR; {KEPT}")
        }
        io::ErrorKind::StorageFull => {
            format!("free space on the disk that holds the output folder; {KEPT}")
        }
        io::ErrorKind::ReadOnlyFilesystem => {
            format!("the output folder is on a read-only file system; pass --out DIR; {KEPT}")
        }
        _ => KEPT.to_string(),
    };
    fail(Fault::Io, path, format!("{what}: {e}"), hint)
}

/// Where staged bytes go. The real one is the file system; tests inject one
/// that fails like a full disk.
pub trait StageWriter: Sync {
    /// Creates `path`, which does not exist, and writes `bytes` into it. The
    /// publisher makes it durable afterwards, with every other staged file.
    fn write_new(&self, path: &Path, bytes: &[u8]) -> io::Result<()>;
}

/// Writes with `create_new` (never through a symlink or over another file).
#[derive(Debug, Clone, Copy, Default)]
pub struct FsWriter;

impl StageWriter for FsWriter {
    fn write_new(&self, path: &Path, bytes: &[u8]) -> io::Result<()> {
        let mut f: File = OpenOptions::new().write(true).create_new(true).open(path)?;
        write_all(&mut f, bytes)?;
        start_writeback(&f);
        Ok(())
    }
}

/// Asks the kernel to start writing `f` to disk now, without waiting, so
/// that the one sync at commit finds most of it written while the other
/// outputs were being checked (the first half of git's "batch" fsync
/// method: write-out per file, then one flush). Linux only
/// (`sync_file_range`); elsewhere the sync at commit writes everything.
fn start_writeback(f: &File) {
    #[cfg(target_os = "linux")]
    {
        use std::os::fd::AsRawFd;
        // SAFETY: `f` is an open file for the whole call, and
        // sync_file_range reads no memory of ours. A failure only means the
        // sync at commit has more to write.
        unsafe {
            libc::sync_file_range(f.as_raw_fd(), 0, 0, libc::SYNC_FILE_RANGE_WRITE);
        }
    }
    #[cfg(not(target_os = "linux"))]
    let _ = f;
}

/// `write_all` then `flush`; generic so that a failing writer can stand in for
/// a full disk in tests.
pub fn write_all<W: Write>(w: &mut W, bytes: &[u8]) -> io::Result<()> {
    w.write_all(bytes)?;
    w.flush()
}

/// Prefix of the staging folders; anything starting with it in the output
/// folder belongs to feedcal and is removed by the next run.
pub const STAGING_PREFIX: &str = ".feedcal-staging-";

/// The list of the files the last run published, in the output folder: what
/// a later run may remove when nothing produces them any more.
pub const MANIFEST: &str = ".feedcal-manifest";

/// Writes the manifest of `outputs` (relative paths), when it changed.
fn write_manifest(out_dir: &Path, outputs: &[String], warnings: &mut Vec<String>) {
    let mut sorted: Vec<&str> = outputs.iter().map(String::as_str).collect();
    sorted.sort_unstable();
    let mut text = String::from("# Files feedcal published here; it removes those no output produces any more. Do not edit.\n");
    for rel in sorted {
        text.push_str(rel);
        text.push('\n');
    }
    let path = out_dir.join(MANIFEST);
    if same_bytes(&path, text.as_bytes()).unwrap_or(false) {
        return;
    }
    if let Err(e) = write_file_atomically(&path, text.as_bytes()) {
        warnings.push(format!(
            "{}: cannot write the list of published files ({e}); outputs that go away are not removed until it can",
            path.display()
        ));
    }
}

/// Removes the folders above `target` that its removal left empty, up to
/// (not including) `out_dir`.
fn remove_empty_parents(out_dir: &Path, target: &Path) {
    let mut dir = target.parent();
    while let Some(d) = dir {
        // remove_dir fails on a folder that is not empty, which ends the climb.
        if d == out_dir || !d.starts_with(out_dir) || fs::remove_dir(d).is_err() {
            break;
        }
        dir = d.parent();
    }
}

/// The events of the published calendars (`events.ics` and
/// `<lang>/<section>/events.ics`), so that an event keeps one SEQUENCE in the
/// site-wide and the section calendar, and what could not be read. Symlinks
/// are not followed; a calendar that cannot be read is skipped with a
/// warning (its events start again at the SEQUENCE the others give them, so
/// subscribers may keep an old version of a changed event).
pub fn read_history(out_dir: &Path) -> (EventHistory, Vec<String>) {
    let mut history = EventHistory::default();
    let mut warnings = Vec::new();
    let mut paths = vec![out_dir.join(OutputKind::Ics.file_name())];
    for lang in sorted_dirs(out_dir) {
        for section in sorted_dirs(&lang) {
            paths.push(section.join(OutputKind::Ics.file_name()));
        }
    }
    for p in paths.iter().filter(|p| is_plain_file(p)) {
        match fs::read(p) {
            Ok(bytes) => history.add_calendar(&String::from_utf8_lossy(&bytes)),
            Err(e) => warnings.push(format!(
                "{}: cannot read the published calendar to continue its events' SEQUENCE ({e})",
                p.display()
            )),
        }
    }
    (history, warnings)
}

fn sorted_dirs(dir: &Path) -> Vec<PathBuf> {
    let Ok(entries) = fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut dirs: Vec<_> = entries
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_ok_and(|t| t.is_dir()))
        .filter(|e| !e.file_name().to_string_lossy().starts_with('.'))
        .map(|e| e.path())
        .collect();
    dirs.sort();
    dirs
}

/// A regular file, not a symlink to one: the output folder's links are never followed.
fn is_plain_file(p: &Path) -> bool {
    fs::symlink_metadata(p).is_ok_and(|m| m.file_type().is_file())
}

/// One run's publication, from the first staged output to the commit.
/// Dropped without a commit, it removes its staging folder and publishes
/// nothing.
pub struct Transaction<'w> {
    out_dir: PathBuf,
    staging: PathBuf,
    opts: PublishOptions,
    writer: &'w dyn StageWriter,
    state: Mutex<State>,
}

#[derive(Default)]
struct State {
    staging_created: bool,
    /// By slot: what became of each output.
    files: Vec<Option<Staged>>,
    shrunk: Vec<Shrink>,
    warnings: Vec<String>,
}

struct Staged {
    target: PathBuf,
    bytes: usize,
    /// Its file in the staging folder, for a changed output.
    file: Option<PathBuf>,
}

impl<'w> Transaction<'w> {
    /// Starts publishing into `out_dir`, creating it, and removes the staging
    /// folders of killed runs. `slots` outputs are expected.
    pub fn begin(
        out_dir: &Path,
        slots: usize,
        opts: PublishOptions,
        writer: &'w dyn StageWriter,
    ) -> Result<Transaction<'w>, PublishError> {
        fs::create_dir_all(out_dir)
            .map_err(|e| io_fail(out_dir, "cannot create the output folder", &e))?;
        let mut state = State::default();
        remove_stale_staging(out_dir, &mut state.warnings);
        state.files.resize_with(slots, || None);
        Ok(Transaction {
            staging: out_dir.join(format!("{STAGING_PREFIX}{}", std::process::id())),
            out_dir: out_dir.to_path_buf(),
            opts,
            writer,
            state: Mutex::new(state),
        })
    }

    fn state(&self) -> std::sync::MutexGuard<'_, State> {
        // A panic while holding the lock leaves nothing half-done in the
        // state that a later reader could misread.
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Compares, checks and (when it changed) stages output `slot`; its
    /// bytes are freed when this returns. Callable from several threads.
    pub fn stage(&self, slot: usize, output: Output) -> Result<(), PublishError> {
        let target = check_target(&self.out_dir, &output.path)?;
        let published = is_plain_file(&target);
        let same = published
            && same_bytes(&target, &output.bytes)
                .map_err(|e| io_fail(&target, "cannot read the published file", &e))?;
        let mut staged = Staged {
            bytes: output.bytes.len(),
            target,
            file: None,
        };
        if !same {
            if published && output.guarded && self.shrinks(&output, &staged.target) {
                // The run is refused at commit: nothing to stage.
                self.put(slot, staged);
                return Ok(());
            }
            let file = self
                .staging
                .join(format!("{slot}-{}", file_name(&staged.target)));
            self.ensure_staging()?;
            self.writer
                .write_new(&file, &output.bytes)
                .map_err(|e| io_fail(&staged.target, "cannot write the new version", &e))?;
            staged.file = Some(file);
            // Checked while the disk writes it: a failure publishes nothing
            // (the staging folder goes with the transaction).
            self_check(&output, &staged.target)?;
        }
        self.put(slot, staged);
        Ok(())
    }

    fn put(&self, slot: usize, staged: Staged) {
        let mut state = self.state();
        if slot >= state.files.len() {
            state.files.resize_with(slot + 1, || None);
        }
        state.files[slot] = Some(staged);
    }

    fn ensure_staging(&self) -> Result<(), PublishError> {
        let mut state = self.state();
        if !state.staging_created {
            // A folder of the same name can only be a leftover of a killed
            // run whose pid this run now has.
            let _ = fs::remove_dir_all(&self.staging);
            fs::create_dir(&self.staging)
                .map_err(|e| io_fail(&self.staging, "cannot create the staging folder", &e))?;
            state.staging_created = true;
        }
        Ok(())
    }

    /// Whether the shrink guard stops `output` (recorded for the refusal);
    /// a published file that cannot be counted is replaced, with a warning.
    fn shrinks(&self, output: &Output, target: &Path) -> bool {
        let Some(share) = self.opts.shrink_guard else {
            return false;
        };
        let counted = fs::read(target)
            .map_err(|e| e.to_string())
            .and_then(|bytes| render::format(output.kind).count(&bytes));
        match counted {
            Ok(Some(before)) if loses_too_much(before, output.count, share) => {
                self.state().shrunk.push(Shrink {
                    path: target.to_path_buf(),
                    kind: output.kind,
                    published: before,
                    new: output.count,
                });
                true
            }
            Ok(_) => false,
            Err(why) => {
                self.state().warnings.push(format!(
                    "{}: the published file could not be read back to count its items ({why}); it is replaced without the shrink guard",
                    target.display()
                ));
                false
            }
        }
    }

    /// Publishes every staged output, or none.
    pub fn commit(self) -> Result<Published, PublishError> {
        let mut state = std::mem::take(&mut *self.state());
        if !state.shrunk.is_empty() {
            state.shrunk.sort_by(|a, b| a.path.cmp(&b.path));
            return Err(shrink_refusal(&self.out_dir, &self.opts, state.shrunk));
        }
        let outputs: Vec<String> = state
            .files
            .iter()
            .flatten()
            .filter_map(|f| f.target.strip_prefix(&self.out_dir).ok())
            .map(|rel| rel.to_string_lossy().into_owned())
            .collect();
        let stale = self.stale(&outputs)?;
        let mut published = Published {
            warnings: std::mem::take(&mut state.warnings),
            ..Published::default()
        };
        let mut changed: Vec<(PathBuf, PathBuf, usize)> = Vec::new();
        for staged in state.files.into_iter().flatten() {
            published.files.push(Written {
                status: if staged.file.is_some() {
                    WriteStatus::Written
                } else {
                    WriteStatus::Unchanged
                },
                path: staged.target.clone(),
                bytes: staged.bytes,
            });
            if let Some(file) = staged.file {
                changed.push((file, staged.target, staged.bytes));
            }
        }
        if !changed.is_empty() {
            make_durable(&self.staging, &changed)?;
            swap_in(
                &self.out_dir,
                &self.staging,
                &changed,
                &mut published.warnings,
            )?;
            if let Err(e) = fs::remove_dir_all(&self.staging) {
                published.warnings.push(format!(
                    "{}: could not remove the staging folder ({e}); the next run removes it",
                    self.staging.display()
                ));
            }
        }
        // Removed only once the new outputs are in place, and before the
        // manifest forgets them: a kill in between leaves the old manifest,
        // and the next run removes what is left.
        for target in stale {
            match fs::remove_file(&target) {
                Ok(()) => {
                    remove_empty_parents(&self.out_dir, &target);
                    published.removed.push(target);
                }
                Err(e) if e.kind() == io::ErrorKind::NotFound => {}
                Err(e) => published.warnings.push(format!(
                    "{}: no output produces it any more, but it cannot be removed ({e})",
                    target.display()
                )),
            }
        }
        write_manifest(&self.out_dir, &outputs, &mut published.warnings);
        Ok(published)
    }

    /// The files the previous run's manifest lists that no output of this
    /// run produces: only files feedcal wrote (never one a person put in
    /// the output folder), each checked to stay inside the output folder.
    /// Removing more than the shrink guard allows refuses the run, as an
    /// empty or partial checkout would otherwise delete most feeds.
    fn stale(&self, outputs: &[String]) -> Result<Vec<PathBuf>, PublishError> {
        let Ok(text) = fs::read_to_string(self.out_dir.join(MANIFEST)) else {
            return Ok(Vec::new());
        };
        let current: std::collections::BTreeSet<&str> =
            outputs.iter().map(String::as_str).collect();
        let before: Vec<&str> = text
            .lines()
            .filter(|l| !l.is_empty() && !l.starts_with('#'))
            .collect();
        let stale: Vec<PathBuf> = before
            .iter()
            .filter(|rel| !current.contains(**rel) && **rel != MANIFEST)
            .filter_map(|rel| check_target(&self.out_dir, rel).ok())
            .filter(|target| is_plain_file(target))
            .collect();
        if let Some(share) = self.opts.shrink_guard {
            if loses_too_much(before.len(), before.len() - stale.len(), share) {
                return Err(fail(
                    Fault::Shrink,
                    &self.out_dir,
                    format!(
                        "refused to publish: {} of the {} files the last run published would be removed, as no output produces them any more (more than {:.0}%, shrink_guard = {share})",
                        stale.len(),
                        before.len(),
                        share * 100.0
                    ),
                    format!("{KEPT}. If posts were removed on purpose, run again with --allow-shrink (or raise `shrink_guard` in the config); otherwise check the content folder: an empty or partial checkout looks like this"),
                ));
            }
        }
        Ok(stale)
    }
}

impl Drop for Transaction<'_> {
    fn drop(&mut self) {
        // A refused or failed run: whatever it staged goes (the next run
        // removes what cannot be removed now).
        let _ = fs::remove_dir_all(&self.staging);
    }
}

fn shrink_refusal(out_dir: &Path, opts: &PublishOptions, shrunk: Vec<Shrink>) -> PublishError {
    let share = opts.shrink_guard.unwrap_or(1.0);
    let mut e = fail(
        Fault::Shrink,
        out_dir,
        format!(
            "refused to publish: {} output(s) would lose more than {:.0}% of their items (shrink_guard = {share})",
            shrunk.len(),
            share * 100.0
        ),
        format!("{KEPT}. If posts were removed on purpose, run again with --allow-shrink (or raise `shrink_guard` in the config); otherwise check the content folder: an empty or partial checkout looks like this"),
    );
    e.shrunk = shrunk;
    e
}

/// Publishes `outputs` under `out_dir`, all or nothing, one after the other.
pub fn publish(
    out_dir: &Path,
    outputs: &[Output],
    opts: &PublishOptions,
) -> Result<Published, PublishError> {
    publish_with(out_dir, outputs, opts, &FsWriter)
}

/// [`publish`] with the staged files written by `writer`.
pub fn publish_with(
    out_dir: &Path,
    outputs: &[Output],
    opts: &PublishOptions,
    writer: &dyn StageWriter,
) -> Result<Published, PublishError> {
    let txn = Transaction::begin(out_dir, outputs.len(), *opts, writer)?;
    for (slot, o) in outputs.iter().enumerate() {
        txn.stage(slot, o.clone())?;
    }
    txn.commit()
}

/// Checks a rendered output before anything of it is written: its bytes,
/// parsed back by its own format, must hold the items it was rendered with.
fn self_check(o: &Output, target: &Path) -> Result<(), PublishError> {
    let found = render::format(o.kind)
        .count(&o.bytes)
        .and_then(|found| match found {
            Some(found) if found != o.count => Err(format!(
                "holds {found} items where {} were rendered",
                o.count
            )),
            _ => Ok(()),
        });
    found.map_err(|why| {
        fail(
            Fault::SelfCheck,
            target,
            format!("self-check failed: the new version {why}"),
            format!(
                "this is a bug in feedcal: please report it with the post that causes it; {KEPT}"
            ),
        )
    })
}

/// Makes the staged files durable, then checks that each holds as many
/// bytes as were written (what a file system that lost a write would show).
fn make_durable(staging: &Path, changed: &[(PathBuf, PathBuf, usize)]) -> Result<(), PublishError> {
    let synced = sync_file_system(staging).or_else(|_| {
        changed
            .iter()
            .try_for_each(|(file, _, _)| File::open(file).and_then(|f| f.sync_all()))
    });
    synced.map_err(|e| io_fail(staging, "cannot make the new versions durable", &e))?;
    for (file, target, bytes) in changed {
        let len = fs::metadata(file)
            .map_err(|e| io_fail(target, "cannot read the staged file back", &e))?
            .len();
        if len != *bytes as u64 {
            return Err(fail(
                Fault::SelfCheck,
                target,
                format!("the staged file holds {len} bytes where {bytes} were written"),
                format!("check the disk that holds the output folder; {KEPT}"),
            ));
        }
    }
    Ok(())
}

/// `syncfs(2)`: every unwritten byte and folder entry of the file system
/// that holds `dir`, made durable in one call.
#[cfg(target_os = "linux")]
fn sync_file_system(dir: &Path) -> io::Result<()> {
    rustix::fs::syncfs(File::open(dir)?).map_err(io::Error::from)
}

/// Elsewhere there is no `syncfs`: callers fsync each file or folder instead.
#[cfg(not(target_os = "linux"))]
fn sync_file_system(_dir: &Path) -> io::Result<()> {
    Err(io::Error::from(io::ErrorKind::Unsupported))
}

/// Replaces the published files with the staged ones, putting the previous
/// ones back if a rename fails, then makes the folders durable.
fn swap_in(
    out_dir: &Path,
    staging: &Path,
    changed: &[(PathBuf, PathBuf, usize)],
    warnings: &mut Vec<String>,
) -> Result<(), PublishError> {
    let mut backups: Vec<Option<PathBuf>> = Vec::with_capacity(changed.len());
    for (n, (_, target, _)) in changed.iter().enumerate() {
        ensure_parent(out_dir, target)?;
        let backup = staging.join(format!("{n}-previous"));
        backups.push(
            (is_plain_file(target) && fs::hard_link(target, &backup).is_ok()).then_some(backup),
        );
    }
    let mut dirs: Vec<PathBuf> = Vec::new();
    for (n, (file, target, _)) in changed.iter().enumerate() {
        // rename(2) replaces a symlink at `target` with the file; it never writes through it.
        if let Err(e) = fs::rename(file, target) {
            let restored = roll_back(&changed[..n], &backups);
            let mut err = io_fail(target, "cannot move the new version into place", &e);
            if !restored {
                err.hint = "some outputs of this run were already replaced and could not all be put back; run again to finish".into();
            }
            return Err(err);
        }
        // Every folder from the target's up to the output folder: a folder
        // created by this run is only durable once its parent is synced too.
        let mut dir = target.parent();
        while let Some(d) = dir {
            if !dirs.iter().any(|known| known == d) {
                dirs.push(d.to_path_buf());
            }
            if d == out_dir {
                break;
            }
            dir = d.parent();
        }
    }
    // The renames are done; a failed folder sync no longer changes what was published.
    if sync_file_system(out_dir).is_err() {
        for d in dirs {
            if let Err(e) = File::open(&d).and_then(|f| f.sync_all()) {
                warnings.push(format!("{}: cannot sync the folder ({e})", d.display()));
            }
        }
    }
    Ok(())
}

/// Puts the previous versions back after a failed rename; true when all could be.
fn roll_back(done: &[(PathBuf, PathBuf, usize)], backups: &[Option<PathBuf>]) -> bool {
    let mut ok = true;
    for (n, (_, target, _)) in done.iter().enumerate() {
        let restored = match backups.get(n).and_then(Option::as_ref) {
            Some(backup) => fs::rename(backup, target),
            // There was no previous file: remove the new one.
            None => fs::remove_file(target),
        };
        ok &= restored.is_ok();
    }
    ok
}

/// Replaces `path` with `bytes` so that a reader (a monitoring check, a kill)
/// sees the old or the new file, never a part: a uniquely named temp file
/// beside it, fsynced, renamed over it, and the folder fsynced.
pub fn write_file_atomically(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let tmp = dir.join(format!(
        ".{}.{}.feedcal-tmp",
        file_name(path),
        std::process::id()
    ));
    let _ = fs::remove_file(&tmp);
    let written = FsWriter
        .write_new(&tmp, bytes)
        .and_then(|()| File::open(&tmp)?.sync_all())
        .and_then(|()| fs::rename(&tmp, path));
    if written.is_err() {
        let _ = fs::remove_file(&tmp);
    }
    written?;
    File::open(&dir).and_then(|d| d.sync_all())
}

/// Loses more than `share` of `before` items when going to `after`.
pub fn loses_too_much(before: usize, after: usize, share: f64) -> bool {
    after < before && (before - after) as f64 > share * before as f64
}

fn file_name(p: &Path) -> String {
    p.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// Removes staging folders of runs that were killed. Only called under the lock,
/// so none of them belongs to a live run.
fn remove_stale_staging(out_dir: &Path, warnings: &mut Vec<String>) {
    let Ok(entries) = fs::read_dir(out_dir) else {
        return;
    };
    for e in entries.filter_map(Result::ok) {
        let name = e.file_name().to_string_lossy().into_owned();
        if !name.starts_with(STAGING_PREFIX) {
            continue;
        }
        let path = e.path();
        // remove_dir_all does not follow a symlink; a link planted with this name is just removed.
        let removed = match e.file_type() {
            Ok(t) if t.is_dir() => fs::remove_dir_all(&path),
            _ => fs::remove_file(&path),
        };
        if let Err(err) = removed {
            warnings.push(format!(
                "{}: cannot remove a staging folder left by a killed run ({err})",
                path.display()
            ));
        }
    }
}

/// `out_dir/rel`, after making sure it stays inside `out_dir`, that no folder
/// on the way is a symlink (which could point anywhere) or a file, and that the
/// target itself is not a folder. Creates nothing.
fn check_target(out_dir: &Path, rel: &str) -> Result<PathBuf, PublishError> {
    let rel_path = Path::new(rel);
    if rel.is_empty()
        || rel_path
            .components()
            .any(|c| !matches!(c, Component::Normal(_)))
    {
        return Err(fail(
            Fault::Refused,
            rel_path,
            "refused: this output path leaves the output folder",
            format!("nothing is written outside {}; {KEPT}", out_dir.display()),
        ));
    }
    let mut dir = out_dir.to_path_buf();
    let parts: Vec<_> = rel_path.components().collect();
    for c in &parts[..parts.len().saturating_sub(1)] {
        dir.push(c);
        match fs::symlink_metadata(&dir) {
            Ok(m) if m.file_type().is_symlink() => {
                return Err(fail(
                    Fault::Refused,
                    &dir,
                    "refused: this is a symlink inside the output folder, and feedcal does not follow links there",
                    format!("replace the link by a real folder (or remove it); {KEPT}"),
                ))
            }
            Ok(m) if m.is_dir() => {}
            Ok(_) => {
                return Err(fail(
                    Fault::Refused,
                    &dir,
                    "refused: exists and is not a folder",
                    format!("move the file away so that feedcal can create the folder; {KEPT}"),
                ))
            }
            // Created when the outputs are moved into place.
            Err(_) => break,
        }
    }
    let target = out_dir.join(rel_path);
    if fs::symlink_metadata(&target).is_ok_and(|m| m.is_dir()) {
        return Err(fail(
            Fault::Refused,
            &target,
            "refused: a folder is where this output goes",
            format!("move the folder away; {KEPT}"),
        ));
    }
    Ok(target)
}

/// Creates the folders of `target` under `out_dir`, refusing symlinks on the way.
fn ensure_parent(out_dir: &Path, target: &Path) -> Result<(), PublishError> {
    let Ok(rel) = target.strip_prefix(out_dir) else {
        return Ok(());
    };
    let mut dir = out_dir.to_path_buf();
    let parts: Vec<_> = rel.components().collect();
    for c in &parts[..parts.len().saturating_sub(1)] {
        dir.push(c);
        match fs::symlink_metadata(&dir) {
            Ok(m) if m.is_dir() => {}
            Ok(_) => {
                return Err(fail(
                    Fault::Refused,
                    &dir,
                    "refused: is a symlink or a file, not a folder",
                    format!("replace it by a real folder; {KEPT}"),
                ))
            }
            Err(_) => {
                fs::create_dir(&dir).map_err(|e| io_fail(&dir, "cannot create folder", &e))?
            }
        }
    }
    Ok(())
}

/// Whether the file at `path` holds exactly `bytes`, read in 1 MB chunks.
fn same_bytes(path: &Path, bytes: &[u8]) -> io::Result<bool> {
    use std::io::Read;
    let mut f = File::open(path)?;
    if f.metadata()?.len() != bytes.len() as u64 {
        return Ok(false);
    }
    let mut buf = vec![0u8; (1 << 20).min(bytes.len().max(1))];
    let mut at = 0;
    loop {
        let n = f.read(&mut buf)?;
        if n == 0 {
            return Ok(at == bytes.len());
        }
        if at + n > bytes.len() || buf[..n] != bytes[at..at + n] {
            return Ok(false);
        }
        at += n;
    }
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;
    use std::os::unix::fs::MetadataExt;
    use std::sync::atomic::{AtomicUsize, Ordering};

    fn rss(n: usize) -> Vec<u8> {
        let items: String = (0..n)
            .map(|i| format!("<item><title>{i}</title></item>"))
            .collect();
        format!("<?xml version=\"1.0\"?>\n<rss version=\"2.0\"><channel><title>t</title><link>l</link><description>d</description>{items}</channel></rss>\n").into_bytes()
    }

    fn out(path: &str, items: usize) -> Output {
        Output {
            path: path.into(),
            kind: OutputKind::Rss,
            bytes: rss(items),
            count: items,
            guarded: true,
        }
    }

    fn opts() -> PublishOptions {
        PublishOptions::default()
    }

    /// The names at the top of an output folder, sorted, without feedcal's own manifest: what a
    /// reader of the folder sees published.
    fn published_names(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n != MANIFEST)
            .collect();
        names.sort();
        names
    }

    #[test]
    fn writes_then_keeps_unchanged_files() {
        let dir = tempfile::tempdir().unwrap();
        let r = publish(dir.path(), &[out("zh/activities/rss.xml", 1)], &opts()).unwrap();
        assert_eq!(r.files[0].status, WriteStatus::Written);
        let target = dir.path().join("zh/activities/rss.xml");
        let before = fs::metadata(&target).unwrap();
        std::thread::sleep(std::time::Duration::from_millis(20));
        let r = publish(dir.path(), &[out("zh/activities/rss.xml", 1)], &opts()).unwrap();
        assert_eq!(r.files[0].status, WriteStatus::Unchanged);
        let after = fs::metadata(&target).unwrap();
        assert_eq!(after.modified().unwrap(), before.modified().unwrap());
        assert_eq!(after.ino(), before.ino(), "same inode: not rewritten");
        let r = publish(dir.path(), &[out("zh/activities/rss.xml", 2)], &opts()).unwrap();
        assert_eq!(r.files[0].status, WriteStatus::Written);
        assert_eq!(fs::read(&target).unwrap(), rss(2));
        assert_eq!(
            fs::read_dir(target.parent().unwrap()).unwrap().count(),
            1,
            "no temp file left behind"
        );
        assert_eq!(
            published_names(dir.path()),
            ["zh"],
            "no staging folder left behind"
        );
    }

    #[test]
    fn refuses_paths_that_leave_the_folder() {
        let dir = tempfile::tempdir().unwrap();
        for bad in ["../x.xml", "/etc/x.xml", "a/../../x.xml", ""] {
            let e = publish(dir.path(), &[out(bad, 1)], &opts()).unwrap_err();
            assert_eq!(e.fault, Fault::Refused, "{bad}");
        }
        assert!(!dir.path().parent().unwrap().join("x.xml").exists());
    }

    #[test]
    fn does_not_follow_a_symlinked_folder() {
        let dir = tempfile::tempdir().unwrap();
        let elsewhere = tempfile::tempdir().unwrap();
        std::os::unix::fs::symlink(elsewhere.path(), dir.path().join("zh")).unwrap();
        let e = publish(
            dir.path(),
            &[out("rss.xml", 1), out("zh/activities/rss.xml", 1)],
            &opts(),
        )
        .unwrap_err();
        assert!(e.message.contains("symlink"), "{e}");
        assert_eq!(fs::read_dir(elsewhere.path()).unwrap().count(), 0);
        assert!(
            !dir.path().join("rss.xml").exists(),
            "all or nothing: no output of the run published"
        );
    }

    #[test]
    fn a_symlinked_output_is_replaced_not_written_through() {
        let dir = tempfile::tempdir().unwrap();
        let elsewhere = tempfile::tempdir().unwrap();
        let victim = elsewhere.path().join("victim");
        fs::write(&victim, "keep").unwrap();
        std::os::unix::fs::symlink(&victim, dir.path().join("rss.xml")).unwrap();
        publish(dir.path(), &[out("rss.xml", 1)], &opts()).unwrap();
        assert_eq!(fs::read_to_string(&victim).unwrap(), "keep");
        assert!(fs::symlink_metadata(dir.path().join("rss.xml"))
            .unwrap()
            .is_file());
    }

    #[test]
    fn shrink_guard_refuses_and_keeps_the_old_files() {
        let dir = tempfile::tempdir().unwrap();
        publish(
            dir.path(),
            &[out("rss.xml", 10), out("a/b/rss.xml", 10)],
            &opts(),
        )
        .unwrap();
        // 10 → 5 loses exactly half: allowed. 10 → 4 loses 60%: refused.
        let e = publish(
            dir.path(),
            &[out("rss.xml", 5), out("a/b/rss.xml", 4)],
            &opts(),
        )
        .unwrap_err();
        assert_eq!(e.fault, Fault::Shrink);
        assert_eq!(e.shrunk.len(), 1);
        assert_eq!((e.shrunk[0].published, e.shrunk[0].new), (10, 4));
        assert!(e.hint.contains("--allow-shrink"));
        assert_eq!(
            fs::read(dir.path().join("rss.xml")).unwrap(),
            rss(10),
            "nothing published"
        );
        let off = PublishOptions { shrink_guard: None };
        publish(
            dir.path(),
            &[out("rss.xml", 5), out("a/b/rss.xml", 4)],
            &off,
        )
        .unwrap();
        assert_eq!(fs::read(dir.path().join("a/b/rss.xml")).unwrap(), rss(4));
    }

    #[test]
    fn shrink_arithmetic() {
        assert!(!loses_too_much(10, 5, 0.5));
        assert!(loses_too_much(10, 4, 0.5));
        assert!(!loses_too_much(0, 0, 0.5));
        assert!(!loses_too_much(3, 30, 0.5));
        assert!(loses_too_much(1, 0, 0.0) && !loses_too_much(1, 0, 1.0));
    }

    /// A disk that fills up after `room` bytes in all: the staged file being
    /// written is left partly written, as a real ENOSPC leaves it.
    struct FullDisk {
        room: AtomicUsize,
    }

    struct Limited<'a, W> {
        inner: W,
        room: &'a AtomicUsize,
    }

    impl<W: Write> Write for Limited<'_, W> {
        fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
            let room = self.room.load(Ordering::SeqCst);
            if room == 0 {
                return Err(io::Error::from(io::ErrorKind::StorageFull));
            }
            let n = self.inner.write(&buf[..buf.len().min(room)])?;
            self.room.store(room - n, Ordering::SeqCst);
            Ok(n)
        }
        fn flush(&mut self) -> io::Result<()> {
            self.inner.flush()
        }
    }

    impl StageWriter for FullDisk {
        fn write_new(&self, path: &Path, bytes: &[u8]) -> io::Result<()> {
            let f = OpenOptions::new().write(true).create_new(true).open(path)?;
            let mut w = Limited {
                inner: f,
                room: &self.room,
            };
            write_all(&mut w, bytes)
        }
    }

    #[test]
    fn a_full_disk_keeps_every_published_file() {
        let dir = tempfile::tempdir().unwrap();
        let first = [out("rss.xml", 3), out("zh/blog/rss.xml", 3)];
        publish(dir.path(), &first, &opts()).unwrap();
        let inode = fs::metadata(dir.path().join("rss.xml")).unwrap().ino();
        // The first file fits, the second does not: neither may be published.
        let room = rss(4).len() + 10;
        let e = publish_with(
            dir.path(),
            &[out("rss.xml", 4), out("zh/blog/rss.xml", 4)],
            &opts(),
            &FullDisk { room: room.into() },
        )
        .unwrap_err();
        assert_eq!(e.fault, Fault::Io);
        assert!(e.hint.contains("free space"), "{e}");
        assert!(e.path.ends_with("zh/blog/rss.xml"), "{e}");
        assert_eq!(fs::read(dir.path().join("rss.xml")).unwrap(), rss(3));
        assert_eq!(
            fs::metadata(dir.path().join("rss.xml")).unwrap().ino(),
            inode
        );
        assert_eq!(
            fs::read(dir.path().join("zh/blog/rss.xml")).unwrap(),
            rss(3)
        );
        let names = published_names(dir.path());
        assert_eq!(names.len(), 2, "staging folder removed: {names:?}");
    }

    #[test]
    fn a_failed_self_check_publishes_nothing() {
        let dir = tempfile::tempdir().unwrap();
        publish(dir.path(), &[out("rss.xml", 3)], &opts()).unwrap();
        let mut broken = out("atom.xml", 2);
        broken.bytes.truncate(broken.bytes.len() / 2);
        let e = publish(dir.path(), &[out("rss.xml", 4), broken], &opts()).unwrap_err();
        assert_eq!(e.fault, Fault::SelfCheck, "{e}");
        assert_eq!(fs::read(dir.path().join("rss.xml")).unwrap(), rss(3));
        assert!(!dir.path().join("atom.xml").exists());
        let mut miscounted = out("rss.xml", 4);
        miscounted.count = 5;
        assert_eq!(
            publish(dir.path(), &[miscounted], &opts())
                .unwrap_err()
                .fault,
            Fault::SelfCheck
        );
    }

    #[test]
    fn a_failed_rename_puts_the_previous_files_back() {
        let dir = tempfile::tempdir().unwrap();
        publish(dir.path(), &[out("rss.xml", 3)], &opts()).unwrap();
        // A folder where the second output goes is caught before anything moves…
        fs::create_dir_all(dir.path().join("b/rss.xml")).unwrap();
        let e = publish(
            dir.path(),
            &[out("rss.xml", 4), out("b/rss.xml", 4)],
            &opts(),
        )
        .unwrap_err();
        assert_eq!(e.fault, Fault::Refused);
        assert_eq!(fs::read(dir.path().join("rss.xml")).unwrap(), rss(3));
        // …and roll_back restores what a later failure would have replaced.
        let staging = tempfile::tempdir().unwrap();
        let target = dir.path().join("rss.xml");
        let backup = staging.path().join("0-previous");
        fs::hard_link(&target, &backup).unwrap();
        let new = staging.path().join("0-rss.xml");
        fs::write(&new, rss(9)).unwrap();
        fs::rename(&new, &target).unwrap();
        assert!(roll_back(&[(new, target.clone(), 0)], &[Some(backup)]));
        assert_eq!(fs::read(&target).unwrap(), rss(3));
    }

    /// Counts what it is asked to write.
    #[derive(Default)]
    struct Counting {
        files: AtomicUsize,
    }

    impl StageWriter for Counting {
        fn write_new(&self, path: &Path, bytes: &[u8]) -> io::Result<()> {
            self.files.fetch_add(1, Ordering::SeqCst);
            FsWriter.write_new(path, bytes)
        }
    }

    /// An unchanged run writes nothing and creates no staging folder; a run
    /// the shrink guard refuses writes nothing either.
    #[test]
    fn nothing_is_written_for_an_unchanged_or_refused_run() {
        let dir = tempfile::tempdir().unwrap();
        let outputs = [out("rss.xml", 10), out("zh/rss.xml", 10)];
        let first = Counting::default();
        publish_with(dir.path(), &outputs, &opts(), &first).unwrap();
        assert_eq!(first.files.load(Ordering::SeqCst), 2);
        let again = Counting::default();
        let r = publish_with(dir.path(), &outputs, &opts(), &again).unwrap();
        assert_eq!(again.files.load(Ordering::SeqCst), 0);
        assert!(r.files.iter().all(|f| f.status == WriteStatus::Unchanged));
        let shrunk = Counting::default();
        let e = publish_with(dir.path(), &[out("rss.xml", 1)], &opts(), &shrunk).unwrap_err();
        assert_eq!(e.fault, Fault::Shrink);
        assert_eq!(shrunk.files.load(Ordering::SeqCst), 0);
        assert_eq!(published_names(dir.path()), ["rss.xml", "zh"]);
    }

    #[test]
    fn stale_staging_folders_are_removed() {
        let dir = tempfile::tempdir().unwrap();
        let stale = dir.path().join(format!("{STAGING_PREFIX}99999999"));
        fs::create_dir(&stale).unwrap();
        fs::write(stale.join("0-rss.xml"), "half").unwrap();
        publish(dir.path(), &[out("rss.xml", 1)], &opts()).unwrap();
        assert!(!stale.exists());
    }
}
