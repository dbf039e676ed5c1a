//! Intake: list the messages waiting in the configured source and read their raw bytes.
//!
//! Entry points: [`Intake::pending`] for a folder; [`imap::FolderSession::open`] for an IMAP
//! account's folder (the daemon runs one session per folder, see [`crate::daemon`]). The folder intake reads `.eml` files of a folder, or the
//! `new/` and `cur/` files of a Maildir, in file-name order. It never changes the folder: which
//! messages were processed is the database's record (by content hash), so the sample inbox can
//! be run again and again.
//!
//! Writers should write a message under another name and rename it into place when complete (as
//! Maildir does: `tmp/`, then `new/`). Dot-files and `*.tmp` / `*.part` names are never read. A
//! daemon watching the folder also takes a file only once its size and modification time have
//! stayed the same for a settle interval ([`Settling`]), as observed on its own clock, so a
//! file copied in place slowly is read once, whole.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant, SystemTime};

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
                        let wanted = is_message_name(&name, maildir);
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

/// Whether a file name in the intake folder is a message to read: not a dot-file, not a file
/// being written under a temporary name (`*.tmp`, `*.part`), and in a plain folder an `.eml`.
pub fn is_message_name(name: &str, maildir: bool) -> bool {
    let lower = name.to_ascii_lowercase();
    let temporary = name.starts_with('.') || lower.ends_with(".tmp") || lower.ends_with(".part");
    !temporary && (maildir || name.ends_with(".eml"))
}

/// Whether each file of a watched folder is complete enough to read: its size and modification
/// time must have stayed the same for `interval`, measured on this process's monotonic clock
/// from when that size and time were first seen. The file's own timestamp is never compared
/// with the clock: a file share whose clock is behind (or ahead) would make a file still being
/// written look old.
#[derive(Debug)]
pub struct Settling {
    interval: Duration,
    /// Per file: size and modification time as last seen, and since when they are unchanged.
    seen: HashMap<PathBuf, (u64, Option<SystemTime>, Instant)>,
}

impl Settling {
    /// Files settle after `interval` unchanged (zero: at once).
    pub fn new(interval: Duration) -> Settling {
        Settling {
            interval,
            seen: HashMap::new(),
        }
    }

    /// Look at a file as it is `now` (its size and modification time). `None`: unchanged for the
    /// interval, read it; `Some(wait)`: look again after `wait`.
    pub fn check(
        &mut self,
        path: &Path,
        len: u64,
        modified: Option<SystemTime>,
        now: Instant,
    ) -> Option<Duration> {
        let since = match self.seen.get(path) {
            Some((l, m, since)) if *l == len && *m == modified => *since,
            _ => {
                self.seen.insert(path.to_path_buf(), (len, modified, now));
                now
            }
        };
        let waited = now.saturating_duration_since(since);
        (waited < self.interval).then(|| self.interval - waited)
    }

    /// Forget the files for which `keep` is false (taken, or gone from the folder).
    pub fn retain(&mut self, mut keep: impl FnMut(&Path) -> bool) {
        self.seen.retain(|p, _| keep(p));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn temporary_names_are_not_messages() {
        for name in [".04-bol.eml", "04-bol.eml.part", "x.tmp", "x.TMP", ".x"] {
            assert!(!is_message_name(name, true), "{name}");
            assert!(!is_message_name(name, false), "{name}");
        }
        assert!(is_message_name("04-bol.eml", false));
        assert!(!is_message_name("04-bol.txt", false));
        assert!(is_message_name("1733456789.M1P2.host,S=1234:2,S", true));
    }

    #[test]
    fn a_file_settles_only_after_the_interval_unchanged() {
        let mut s = Settling::new(Duration::from_millis(500));
        let p = Path::new("/in/a.eml");
        let t0 = Instant::now();
        let old = Some(SystemTime::UNIX_EPOCH);
        let ms = Duration::from_millis;
        assert_eq!(
            s.check(p, 10, old, t0),
            Some(ms(500)),
            "however old its mtime"
        );
        assert_eq!(s.check(p, 10, old, t0 + ms(300)), Some(ms(200)));
        // It grew: the wait starts again.
        assert_eq!(s.check(p, 20, old, t0 + ms(400)), Some(ms(500)));
        assert_eq!(s.check(p, 20, old, t0 + ms(899)), Some(ms(1)));
        assert_eq!(s.check(p, 20, old, t0 + ms(900)), None);
        s.retain(|_| false);
        assert_eq!(s.check(p, 20, old, t0 + ms(1000)), Some(ms(500)));
        assert_eq!(Settling::new(Duration::ZERO).check(p, 1, None, t0), None);
    }
}
