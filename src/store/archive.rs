//! The archive: raw bytes kept forever, content-addressed by SHA-256
//! (`<dir>/ab/cd/abcd…`), written atomically (temporary file, fsync, rename).

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

    /// Where the bytes with this hash live.
    pub fn path_of(&self, sha256: &str) -> PathBuf {
        self.dir.join(&sha256[..2]).join(&sha256[2..4]).join(sha256)
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
            move |source| StoreError::Archive { path: p, source }
        };
        let parent = path.parent().expect("archive paths have a parent");
        std::fs::create_dir_all(parent).map_err(err(parent))?;
        let tmp = parent.join(format!(".{sha}.{}.tmp", std::process::id()));
        let mut f = std::fs::File::create(&tmp).map_err(err(&tmp))?;
        f.write_all(bytes).map_err(err(&tmp))?;
        f.sync_all().map_err(err(&tmp))?;
        std::fs::rename(&tmp, &path).map_err(err(&path))?;
        Ok(sha)
    }

    /// The bytes with this hash.
    pub fn get(&self, sha256: &str) -> Result<Vec<u8>> {
        let path = self.path_of(sha256);
        std::fs::read(&path).map_err(|source| StoreError::Archive { path, source })
    }
}
