//! A large output file written around the kernel's page cache, by its own
//! thread.
//!
//! Why: a full-content feed of 50,000 posts is 500 MB. Written the usual
//! way, every byte is copied into the page cache, whose fresh pages the
//! kernel must find and clear first; at 50,000 posts that copy was a quarter
//! of the run's wall time (the two feeds, 1 GB). With `O_DIRECT` the disk
//! takes the bytes from our own few buffers, reused block after block, and
//! the copying CPU work is gone. The disk still writes every byte, as the
//! fsync after the last write demands anyway; a thread of its own waits for
//! it while rendering goes on on every core.
//!
//! Why by hand: the crates that offer direct I/O are either whole async
//! runtimes or thin wrappers that leave alignment and fallbacks to the
//! caller, which is most of this file.
//!
//! `O_DIRECT` wants buffer addresses, lengths and file offsets aligned to the
//! disk's block size: blocks start 4096-aligned (a multiple of every usual
//! logical block size) and are whole multiples of it, and the last, partial
//! block of a file is written the ordinary way. A file system or device that
//! refuses (`EINVAL`: tmpfs before Linux 6.6, some network and FUSE file
//! systems, disks with larger blocks) gets ordinary writes from that byte on,
//! with writeback started block by block so that the final fsync finds
//! little left to do. Files smaller than one block never use `O_DIRECT` and
//! never start a thread: the many small feeds of a site are plain writes.

use std::fs::File;
use std::io::{self, Write};
use std::sync::mpsc::{channel, sync_channel, Receiver, Sender, SyncSender};
use std::thread::JoinHandle;

use crate::outputs::SegmentedDigest;

/// Alignment of block addresses and lengths.
const ALIGN: usize = 4096;
/// One block: large enough that the disk sees few requests, small enough
/// that a few of them in flight cost little memory.
const BLOCK: usize = if cfg!(test) { 4 * ALIGN } else { 4 << 20 };
/// Blocks per file: one being filled, the rest on their way to the disk.
const MAX_BLOCKS: usize = 4;

/// A [`Write`] into a new file; [`DirectFile::finish`] hands the file back,
/// written but not yet fsynced.
pub struct DirectFile {
    /// The file, until the writer thread takes it.
    file: Option<File>,
    block: Block,
    writer: Option<Writer>,
    /// Whether writes may go around the page cache at all (tests turn it off).
    allow_direct: bool,
}

/// What [`DirectFile::finish`] reports.
pub struct Written {
    pub file: File,
    /// Whether any of it went around the page cache: reading the file back
    /// would then read the disk, not a copy in memory.
    pub went_direct: bool,
    /// The [`SegmentedDigest`] of the bytes handed to the file, block by
    /// block, as they were written: what the caller wrote, unless the
    /// buffering here lost, repeated or reordered some of it.
    pub digest: u64,
}

/// A 4096-aligned window of `BLOCK` bytes inside its allocation.
struct Block {
    bytes: Vec<u8>,
    start: usize,
    len: usize,
}

impl Block {
    fn new() -> Block {
        let bytes = vec![0u8; BLOCK + ALIGN];
        // Always below ALIGN for a byte pointer at run time; if it were
        // not, the block would be unaligned and its first O_DIRECT write
        // refused, which falls back to ordinary writes.
        let start = bytes.as_ptr().align_offset(ALIGN).min(ALIGN);
        #[cfg(test)]
        let start = (start + tests::SKEW.get()).min(ALIGN);
        Block {
            bytes,
            start,
            len: 0,
        }
    }

    fn filled(&self) -> &[u8] {
        &self.bytes[self.start..self.start + self.len]
    }

    fn room(&mut self) -> &mut [u8] {
        &mut self.bytes[self.start + self.len..self.start + BLOCK]
    }
}

/// The writer thread and the blocks going to it and back.
struct Writer {
    to_disk: Option<SyncSender<Block>>,
    emptied: Receiver<Block>,
    blocks: usize,
    thread: Option<JoinHandle<io::Result<Written>>>,
}

impl DirectFile {
    pub fn new(file: File) -> DirectFile {
        DirectFile {
            file: Some(file),
            block: Block::new(),
            writer: None,
            allow_direct: true,
        }
    }

    /// Ordinary writes only, still through the writer thread (for tests of
    /// the fallback path).
    #[cfg(test)]
    fn without_direct(file: File) -> DirectFile {
        let mut w = DirectFile::new(file);
        w.allow_direct = false;
        w
    }

    /// Writes what is left and waits for the writer thread: the file is
    /// then complete, not yet fsynced.
    pub fn finish(mut self) -> io::Result<Written> {
        let last = std::mem::replace(
            &mut self.block,
            Block {
                bytes: Vec::new(),
                start: 0,
                len: 0,
            },
        );
        match self.writer.take() {
            None => {
                let mut file = self.file.take().ok_or_else(gone)?;
                file.write_all(last.filled())?;
                let mut digest = SegmentedDigest::default();
                digest.update(last.filled());
                Ok(Written {
                    file,
                    went_direct: false,
                    digest: digest.finish(),
                })
            }
            Some(mut writer) => {
                let sent = match &writer.to_disk {
                    Some(tx) if last.len > 0 => tx.send(last).is_ok(),
                    _ => true,
                };
                writer.to_disk = None;
                let result = writer.join();
                if !sent && result.is_ok() {
                    return Err(gone());
                }
                result
            }
        }
    }

    /// Hands the full block to the writer thread (starting it the first
    /// time) and takes an empty one.
    fn flush_block(&mut self) -> io::Result<()> {
        if self.writer.is_none() {
            let file = self.file.take().ok_or_else(gone)?;
            self.writer = Some(Writer::start(file, self.allow_direct)?);
        }
        let writer = self.writer.as_mut().ok_or_else(gone)?;
        let next = match writer.emptied.try_recv() {
            Ok(b) => b,
            Err(_) if writer.blocks < MAX_BLOCKS => {
                writer.blocks += 1;
                Block::new()
            }
            // The thread gives every block back unless it stopped on an error.
            Err(_) => match writer.emptied.recv() {
                Ok(b) => b,
                Err(_) => return Err(self.writer_error()),
            },
        };
        let full = std::mem::replace(&mut self.block, next);
        self.block.len = 0;
        let sent = writer
            .to_disk
            .as_ref()
            .is_some_and(|tx| tx.send(full).is_ok());
        if !sent {
            return Err(self.writer_error());
        }
        Ok(())
    }

    /// The error the writer thread stopped on.
    fn writer_error(&mut self) -> io::Error {
        match self.writer.take().map(Writer::join) {
            Some(Err(e)) => e,
            _ => gone(),
        }
    }
}

fn gone() -> io::Error {
    io::Error::other("the output file's writer stopped")
}

impl Write for DirectFile {
    fn write(&mut self, data: &[u8]) -> io::Result<usize> {
        let room = self.block.room();
        let n = room.len().min(data.len());
        room[..n].copy_from_slice(&data[..n]);
        self.block.len += n;
        if self.block.len == BLOCK {
            self.flush_block()?;
        }
        Ok(n)
    }

    /// Blocks are written whole; the last one by [`DirectFile::finish`].
    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

impl Drop for DirectFile {
    /// An abandoned file (an error while rendering) stops its thread before
    /// the caller removes the file.
    fn drop(&mut self) {
        if let Some(mut writer) = self.writer.take() {
            writer.to_disk = None;
            let _ = writer.join();
        }
    }
}

impl Writer {
    fn start(file: File, allow_direct: bool) -> io::Result<Writer> {
        let (to_disk, full) = sync_channel::<Block>(MAX_BLOCKS);
        let (give_back, emptied) = channel::<Block>();
        let thread = std::thread::Builder::new()
            .name("feedcal-write".into())
            .spawn(move || write_blocks(file, allow_direct, full, give_back))?;
        Ok(Writer {
            to_disk: Some(to_disk),
            emptied,
            blocks: 1,
            thread: Some(thread),
        })
    }

    fn join(mut self) -> io::Result<Written> {
        self.to_disk = None;
        match self.thread.take().map(JoinHandle::join) {
            Some(Ok(result)) => result,
            _ => Err(gone()),
        }
    }
}

/// The writer thread: every block in order, then the file back.
fn write_blocks(
    mut file: File,
    allow_direct: bool,
    full: Receiver<Block>,
    give_back: Sender<Block>,
) -> io::Result<Written> {
    let mut mode = Mode {
        direct: allow_direct && set_direct(&file, true).is_ok(),
        went_direct: false,
        written: 0,
        writeback_from: 0,
    };
    let mut digest = SegmentedDigest::default();
    for mut block in full {
        write_block(&mut file, block.filled(), &mut mode)?;
        digest.update(block.filled());
        block.len = 0;
        // The sender is gone once the last block is in.
        let _ = give_back.send(block);
    }
    Ok(Written {
        file,
        went_direct: mode.went_direct,
        digest: digest.finish(),
    })
}

struct Mode {
    /// `O_DIRECT` is set on the file.
    direct: bool,
    went_direct: bool,
    written: u64,
    /// Ordinary writes from here on have not been sent to disk yet.
    writeback_from: u64,
}

/// Writes `bytes` at the file's offset: around the page cache while the
/// lengths allow, the rest the ordinary way.
fn write_block(file: &mut File, mut bytes: &[u8], mode: &mut Mode) -> io::Result<()> {
    while !bytes.is_empty() {
        let whole = bytes.len() - bytes.len() % ALIGN;
        if mode.direct && whole == 0 {
            // The file's last bytes: O_DIRECT cannot write a partial block.
            set_direct(file, false)?;
            mode.direct = false;
            mode.writeback_from = mode.written;
        }
        let wrote = if mode.direct {
            file.write(&bytes[..whole])
        } else {
            file.write(bytes)
        };
        match wrote {
            Ok(0) => return Err(io::ErrorKind::WriteZero.into()),
            Ok(n) => {
                bytes = &bytes[n..];
                mode.written += n as u64;
                mode.went_direct |= mode.direct;
            }
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            // Refused (alignment, file system): ordinary writes from here.
            // A short direct write leaves the offset unaligned and ends here too.
            Err(e) if mode.direct && is_invalid(&e) => {
                set_direct(file, false)?;
                mode.direct = false;
                mode.writeback_from = mode.written;
            }
            Err(e) => return Err(e),
        }
    }
    if !mode.direct && mode.written > mode.writeback_from {
        start_writeback(
            file,
            mode.writeback_from,
            mode.written - mode.writeback_from,
        );
        mode.writeback_from = mode.written;
    }
    Ok(())
}

#[cfg(target_os = "linux")]
fn set_direct(file: &File, on: bool) -> io::Result<()> {
    use rustix::fs::{fcntl_getfl, fcntl_setfl, OFlags};
    let flags = fcntl_getfl(file)?;
    let flags = if on {
        flags | OFlags::DIRECT
    } else {
        flags - OFlags::DIRECT
    };
    Ok(fcntl_setfl(file, flags)?)
}

#[cfg(not(target_os = "linux"))]
fn set_direct(_file: &File, on: bool) -> io::Result<()> {
    if on {
        Err(io::ErrorKind::Unsupported.into())
    } else {
        Ok(())
    }
}

fn is_invalid(e: &io::Error) -> bool {
    e.raw_os_error() == Some(rustix::io::Errno::INVAL.raw_os_error())
}

/// Asks the kernel to start writing a range of ordinary writes to disk now
/// rather than at the fsync, so that the disk works while rendering goes on.
#[cfg(target_os = "linux")]
fn start_writeback(file: &File, from: u64, len: u64) {
    use std::os::fd::AsRawFd;
    let (Ok(from), Ok(len)) = (i64::try_from(from), i64::try_from(len)) else {
        return;
    };
    // SAFETY: the descriptor is open for as long as `file` lives, and
    // sync_file_range reads no memory of ours. It is a hint: an error here
    // is ignored, and the fsync after the last write reports any real one.
    unsafe {
        libc::sync_file_range(file.as_raw_fd(), from, len, libc::SYNC_FILE_RANGE_WRITE);
    }
}

#[cfg(not(target_os = "linux"))]
fn start_writeback(_file: &File, _from: u64, _len: u64) {}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    thread_local! {
        /// Moves new blocks off their alignment, so that O_DIRECT refuses them.
        pub(super) static SKEW: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
    }

    fn pattern(len: usize) -> Vec<u8> {
        (0..len).map(|i| (i * 31 % 251) as u8).collect()
    }

    /// Writes `data` in pieces of the given sizes (cycled) and reads the file back.
    fn round_trip(data: &[u8], pieces: &[usize], direct: bool) -> (Vec<u8>, bool) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("out");
        let file = File::create(&path).unwrap();
        let mut w = if direct {
            DirectFile::new(file)
        } else {
            DirectFile::without_direct(file)
        };
        let mut rest = data;
        let mut sizes = pieces.iter().cycle();
        while !rest.is_empty() {
            let n = (*sizes.next().unwrap()).clamp(1, rest.len());
            w.write_all(&rest[..n]).unwrap();
            rest = &rest[n..];
        }
        let written = w.finish().unwrap();
        written.file.sync_all().unwrap();
        let mut expected = SegmentedDigest::default();
        expected.update(data);
        assert_eq!(
            written.digest,
            expected.finish(),
            "digest of {} bytes",
            data.len()
        );
        (std::fs::read(&path).unwrap(), written.went_direct)
    }

    #[test]
    fn small_files_are_plain_writes() {
        for len in [0, 1, ALIGN - 1, ALIGN, BLOCK - 1] {
            let data = pattern(len);
            let (back, went_direct) = round_trip(&data, &[100], true);
            assert_eq!(back, data, "{len}");
            assert!(!went_direct, "{len}");
        }
    }

    #[test]
    fn large_files_keep_every_byte_in_order() {
        // Past several blocks, so that blocks are reused, with a partial
        // last block and without.
        for len in [
            BLOCK,
            BLOCK + 1,
            3 * BLOCK,
            7 * BLOCK + ALIGN + 5,
            11 * BLOCK - 1,
        ] {
            let data = pattern(len);
            for direct in [true, false] {
                let (back, went_direct) = round_trip(&data, &[1000, 1, BLOCK + 3], direct);
                assert!(back == data, "{len} direct={direct}");
                if !direct {
                    assert!(!went_direct);
                }
            }
        }
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn refused_direct_writes_fall_back_to_ordinary_ones() {
        SKEW.set(1);
        let data = pattern(5 * BLOCK + 77);
        let (back, went_direct) = round_trip(&data, &[4000], true);
        SKEW.set(0);
        assert!(back == data);
        assert!(
            !went_direct,
            "an unaligned block cannot go around the page cache"
        );
    }

    #[test]
    fn an_abandoned_file_stops_its_thread() {
        let dir = tempfile::tempdir().unwrap();
        let file = File::create(dir.path().join("out")).unwrap();
        let mut w = DirectFile::new(file);
        w.write_all(&pattern(3 * BLOCK + 10)).unwrap();
        drop(w);
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn a_write_error_is_reported() {
        // /dev/full refuses every write with ENOSPC (and O_DIRECT with EINVAL).
        let Ok(file) = std::fs::OpenOptions::new().write(true).open("/dev/full") else {
            return;
        };
        let mut w = DirectFile::new(file);
        let wrote = w
            .write_all(&pattern(MAX_BLOCKS * BLOCK * 2))
            .and_then(|()| w.finish().map(|_| ()));
        assert!(wrote.is_err());
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(24))]
        #[test]
        fn any_write_sizes_give_the_same_file(
            len in 0usize..(6 * BLOCK),
            pieces in proptest::collection::vec(1usize..(2 * BLOCK), 1..6),
            direct in any::<bool>(),
        ) {
            let data = pattern(len);
            let (back, _) = round_trip(&data, &pieces, direct);
            prop_assert!(back == data);
        }
    }
}
