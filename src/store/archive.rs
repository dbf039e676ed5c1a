//! The archive: raw bytes kept forever, content-addressed by SHA-256
//! (`<dir>/ab/abcd…`: one level of 256 folders, as git does), written atomically (temporary
//! file, fsync, rename). Archives written before 2026-11-29 used two levels (`<dir>/ab/cd/abcd…`:
//! a new folder for almost every file, which made creating folders a tenth of the daemon's
//! time on a backlog); those files are still found where they are.

use std::io::Write;
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

use super::{Result, StoreError};

/// A content-addressed folder of raw messages and attachments.
#[derive(Debug, Clone)]
pub struct Archive {
    dir: PathBuf,
}

/// The SHA-256 of bytes, lower-case hex.
pub fn sha256_hex(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}

impl Archive {
    /// An archive rooted at `dir` (created on first write).
    pub fn new(dir: impl Into<PathBuf>) -> Archive {
        Archive { dir: dir.into() }
    }

    /// Where the bytes with this hash live (or are written): `<dir>/ab/abcd…`, or, for a file
    /// an earlier version archived, `<dir>/ab/cd/abcd…` when that is where it is.
    pub fn path_of(&self, sha256: &str) -> PathBuf {
        let path = self.dir.join(&sha256[..2]).join(sha256);
        if !path.exists() {
            let earlier = self.dir.join(&sha256[..2]).join(&sha256[2..4]).join(sha256);
            if earlier.exists() {
                return earlier;
            }
        }
        path
    }

    /// Keep `bytes`; returns their SHA-256. Writing the same bytes again is a no-op.
    ///
    /// Errors: [`StoreError::Archive`] when the disk refuses (full, read-only); transient.
    pub fn put(&self, bytes: &[u8]) -> Result<String> {
        let sha = sha256_hex(bytes);
        let path = self.path_of(&sha);
        if path.exists() {
            return Ok(sha);
        }
        let err = |p: &Path| {
            let p = p.to_path_buf();
            move |cause| StoreError::Archive { path: p, cause }
        };
        let parent = path.parent().expect("archive paths have a parent");
        std::fs::create_dir_all(parent).map_err(err(parent))?;
        // Unique per write: the same bytes may be written by two messages prepared at once (a
        // message delivered twice, one PDF attached to two emails); each writes its own
        // temporary file and the renames replace one identical file with the other.
        static WRITES: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
        let n = WRITES.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let tmp = parent.join(format!(".{sha}.{}.{n}.tmp", std::process::id()));
        let mut f = std::fs::File::create(&tmp).map_err(err(&tmp))?;
        f.write_all(bytes).map_err(err(&tmp))?;
        f.sync_all().map_err(err(&tmp))?;
        std::fs::rename(&tmp, &path).map_err(err(&path))?;
        Ok(sha)
    }

    /// The bytes with this hash.
    pub fn get(&self, sha256: &str) -> Result<Vec<u8>> {
        let path = self.path_of(sha256);
        std::fs::read(&path).map_err(|cause| StoreError::Archive { path, cause })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_level_of_folders_and_files_of_the_earlier_layout_are_found() {
        let dir = tempfile::tempdir().unwrap();
        let archive = Archive::new(dir.path());
        let sha = archive.put(b"new bytes").unwrap();
        assert_eq!(
            archive.path_of(&sha),
            dir.path().join(&sha[..2]).join(&sha),
            "one level of folders"
        );
        assert_eq!(archive.get(&sha).unwrap(), b"new bytes");

        // A file archived by an earlier version, two levels down: found, not written again.
        let old = sha256_hex(b"old bytes");
        let earlier = dir.path().join(&old[..2]).join(&old[2..4]).join(&old);
        std::fs::create_dir_all(earlier.parent().unwrap()).unwrap();
        std::fs::write(&earlier, b"old bytes").unwrap();
        assert_eq!(archive.get(&old).unwrap(), b"old bytes");
        assert_eq!(archive.put(b"old bytes").unwrap(), old);
        assert!(!dir.path().join(&old[..2]).join(&old).exists());
    }

    #[test]
    fn the_same_bytes_written_at_once_from_several_threads_are_kept_once() {
        let dir = tempfile::tempdir().unwrap();
        let archive = Archive::new(dir.path());
        let bytes = vec![7u8; 256 * 1024];
        let shas: Vec<String> = std::thread::scope(|s| {
            let writers: Vec<_> = (0..8).map(|_| s.spawn(|| archive.put(&bytes))).collect();
            writers
                .into_iter()
                .map(|w| w.join().unwrap().unwrap())
                .collect()
        });
        assert!(shas.iter().all(|s| *s == shas[0]));
        assert_eq!(archive.get(&shas[0]).unwrap(), bytes);
        let folder = dir.path().join(&shas[0][..2]);
        let names: Vec<_> = std::fs::read_dir(&folder).unwrap().flatten().collect();
        assert_eq!(names.len(), 1, "no temporary file left: {names:?}");
    }
}
