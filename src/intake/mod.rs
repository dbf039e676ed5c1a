//! Intake: list the messages waiting in the configured source and read their raw bytes.
//!
//! Entry points: [`Intake::pending`] for a folder; [`imap::FolderSession::open`] for an IMAP
//! account's folder (the daemon runs one session per folder, see [`crate::daemon`]). The folder intake reads `.eml` files of a folder, or the
//! `new/` and `cur/` files of a Maildir, in file-name order. It never changes the folder: which
//! messages were processed is the database's record (by content hash), so the sample inbox can
//! be run again and again.

use std::path::{Path, PathBuf};

use crate::config::IntakeConfig;

pub mod imap;

/// Why intake failed. Always transient: the folder may come back.
#[derive(Debug, thiserror::Error)]
pub enum IntakeError {
    /// The folder or a file could not be read.
    #[error("intake {path}: {cause}")]
    Io {
        /// Path.
        path: PathBuf,
        /// Cause.
        cause: std::io::Error,
    },
}

impl IntakeError {
    /// A folder that cannot be read now may be readable later.
    pub fn is_transient(&self) -> bool {
        true
    }
}

/// One message as it came in.
#[derive(Debug, Clone)]
pub struct RawMessage {
    /// Where it came from (`folder:01-ratecon.eml`), recorded with the message.
    pub source: String,
    /// The file (for the folder intake).
    pub path: PathBuf,
    /// The raw RFC 5322 bytes.
    pub bytes: Vec<u8>,
}

/// A source of messages.
#[derive(Debug, Clone)]
pub enum Intake {
    /// A folder of `.eml` files or a Maildir.
    Folder {
        /// The folder.
        path: PathBuf,
    },
}

impl Intake {
    /// The folder intake a config names; `None` for IMAP (see [`imap`]).
    pub fn from_config(c: &IntakeConfig) -> Option<Intake> {
        match c {
            IntakeConfig::Folder { path, .. } => Some(Intake::Folder { path: path.clone() }),
            IntakeConfig::Imap { .. } => None,
        }
    }

    /// Every message file present, in file-name order (the caller skips those already
    /// processed, by content hash).
    pub fn pending(&self) -> Result<Vec<PathBuf>, IntakeError> {
        match self {
            Intake::Folder { path } => {
                let io = |p: &Path| {
                    let p = p.to_path_buf();
                    move |cause| IntakeError::Io { path: p, cause }
                };
                let maildir = path.join("new").is_dir() || path.join("cur").is_dir();
                let dirs: Vec<PathBuf> = if maildir {
                    vec![path.join("cur"), path.join("new")]
                } else {
                    vec![path.clone()]
                };
                let mut files = Vec::new();
                for d in dirs.iter().filter(|d| d.is_dir()) {
                    for e in std::fs::read_dir(d).map_err(io(d))? {
                        let e = e.map_err(io(d))?;
                        let p = e.path();
                        let name = e.file_name().to_string_lossy().to_string();
                        let wanted = if maildir {
                            !name.starts_with('.')
                        } else {
                            name.ends_with(".eml")
                        };
                        if wanted && e.file_type().map_err(io(&p))?.is_file() {
                            files.push(p);
                        }
                    }
                }
                files.sort_by(|a, b| a.file_name().cmp(&b.file_name()));
                Ok(files)
            }
        }
    }

    /// Read one message.
    pub fn read(&self, path: &Path) -> Result<RawMessage, IntakeError> {
        let bytes = std::fs::read(path).map_err(|cause| IntakeError::Io {
            path: path.to_path_buf(),
            cause,
        })?;
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().to_string())
            .unwrap_or_default();
        Ok(RawMessage {
            source: format!("folder:{name}"),
            path: path.to_path_buf(),
            bytes,
        })
    }
}
