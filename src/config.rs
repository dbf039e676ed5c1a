//! The config file (`freightdesk.toml`): where mail comes from, where it goes, where the database,
//! archive, rules and directory live. Intake and transport are swappable; the pipeline between
//! them is the same.
//!
//! Relative paths are resolved against the folder that holds the config file.
//!
//! ```toml
//! [intake]
//! kind = "folder"          # or "imap" (see README)
//! path = "inbox"
//!
//! [outgoing]
//! kind = "file"            # or "smtp"
//! path = "../var/outbox"
//! from = "Northstar Back Office <backoffice@northstarlogistics.example>"
//!
//! [store]
//! url = "sqlite://../var/freightdesk.db"
//! archive = "../var/archive"
//!
//! [paths]
//! rules = "../rules"
//! directory = "directory"
//!
//! [staff]
//! emails = ["ap@northstarlogistics.example"]
//! ```

use std::path::{Path, PathBuf};
use std::time::Duration;

use serde::Deserialize;

/// Why a config could not be used.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    /// The file could not be read.
    #[error("cannot read config {path}: {source}")]
    Io {
        /// Path.
        path: PathBuf,
        /// Cause.
        source: std::io::Error,
    },
    /// The file is not valid.
    #[error("config {path}: {message}")]
    Invalid {
        /// Path.
        path: PathBuf,
        /// What is wrong, with line and column.
        message: String,
    },
}

/// The whole config, paths resolved.
#[derive(Debug, Clone)]
pub struct Config {
    /// Where messages come from.
    pub intake: IntakeConfig,
    /// Where notifications go.
    pub outgoing: OutgoingConfig,
    /// Database URL (`sqlite://…` with an absolute path after resolution).
    pub database_url: String,
    /// Content-addressed archive of raw messages.
    pub archive_dir: PathBuf,
    /// Rules folder.
    pub rules_dir: PathBuf,
    /// Directory of customers and carriers (`customers.csv`, `carriers.csv`).
    pub directory_dir: PathBuf,
    /// Staff addresses for exception notices.
    pub staff_emails: Vec<String>,
    /// Limits on one document.
    pub limits: Limits,
}

/// Limits applied per attachment.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Limits {
    /// Largest PDF read, in MiB.
    pub max_pdf_mib: usize,
    /// Most pages read from one PDF.
    pub max_pages: usize,
    /// Wall-clock limit for one attachment's extraction, in seconds.
    pub extract_timeout_secs: u64,
    /// Address-space limit of the worker process that reads one attachment (PDF parsing and
    /// OCR), in MiB.
    pub max_memory_mib: u64,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_pdf_mib: 25,
            max_pages: 200,
            extract_timeout_secs: 30,
            max_memory_mib: 512,
        }
    }
}

impl Limits {
    /// As the PDF reader's limits.
    pub fn pdf(&self) -> crate::extract::PdfLimits {
        crate::extract::PdfLimits {
            max_bytes: self.max_pdf_mib * 1024 * 1024,
            max_pages: self.max_pages,
        }
    }

    /// The extraction timeout.
    pub fn extract_timeout(&self) -> Duration {
        Duration::from_secs(self.extract_timeout_secs)
    }

    /// As the worker process's limits.
    pub fn worker(&self) -> crate::extract::worker::WorkerLimits {
        crate::extract::worker::WorkerLimits {
            pdf: self.pdf(),
            timeout: self.extract_timeout(),
            max_memory_mib: self.max_memory_mib,
        }
    }
}

/// Intake: a local folder of `.eml` files or a Maildir. (IMAP: a later version.)
#[derive(Debug, Clone)]
pub enum IntakeConfig {
    /// `.eml` files in a folder, or a Maildir (`new/`, `cur/`), read in file-name order.
    Folder {
        /// The folder.
        path: PathBuf,
        /// Seconds between rescans when running as a daemon (file events also wake it).
        poll_secs: u64,
    },
}

/// Outgoing mail.
#[derive(Debug, Clone)]
pub enum OutgoingConfig {
    /// `.eml` files written by lettre's file transport.
    File {
        /// Folder.
        path: PathBuf,
        /// From address.
        from: String,
    },
}

impl OutgoingConfig {
    /// The From address of notifications.
    pub fn from(&self) -> &str {
        match self {
            OutgoingConfig::File { from, .. } => from,
        }
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Raw {
    intake: RawIntake,
    outgoing: RawOutgoing,
    store: RawStore,
    paths: RawPaths,
    staff: RawStaff,
    #[serde(default)]
    limits: Limits,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, tag = "kind", rename_all = "snake_case")]
enum RawIntake {
    Folder {
        path: PathBuf,
        #[serde(default = "default_poll")]
        poll_secs: u64,
    },
}

fn default_poll() -> u64 {
    5
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, tag = "kind", rename_all = "snake_case")]
enum RawOutgoing {
    File { path: PathBuf, from: String },
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawStore {
    url: String,
    archive: PathBuf,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPaths {
    rules: PathBuf,
    directory: PathBuf,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawStaff {
    emails: Vec<String>,
}

/// Resolve `.` and `..` without touching the disk (the folder may not exist yet).
fn normalize_path(p: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in p.components() {
        match c {
            std::path::Component::ParentDir => {
                out.pop();
            }
            std::path::Component::CurDir => {}
            other => out.push(other),
        }
    }
    out
}

impl Config {
    /// Read and resolve a config file.
    pub fn load(path: &Path) -> Result<Config, ConfigError> {
        let text = std::fs::read_to_string(path).map_err(|source| ConfigError::Io {
            path: path.to_path_buf(),
            source,
        })?;
        let base = path
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        Config::parse(&text, base).map_err(|message| ConfigError::Invalid {
            path: path.to_path_buf(),
            message,
        })
    }

    /// Parse config text; relative paths resolve against `base`.
    pub fn parse(text: &str, base: &Path) -> Result<Config, String> {
        let raw: Raw = toml::from_str(text).map_err(|e| e.to_string())?;
        let abs = |p: &Path| -> PathBuf {
            let joined = if p.is_absolute() {
                p.to_path_buf()
            } else {
                base.join(p)
            };
            normalize_path(&std::path::absolute(&joined).unwrap_or(joined))
        };
        let database_url = match raw.store.url.strip_prefix("sqlite://") {
            Some(rest) if !rest.starts_with('/') && !rest.starts_with(':') => {
                format!("sqlite://{}", abs(Path::new(rest)).display())
            }
            _ => raw.store.url.clone(),
        };
        Ok(Config {
            intake: match raw.intake {
                RawIntake::Folder { path, poll_secs } => IntakeConfig::Folder {
                    path: abs(&path),
                    poll_secs,
                },
            },
            outgoing: match raw.outgoing {
                RawOutgoing::File { path, from } => OutgoingConfig::File {
                    path: abs(&path),
                    from,
                },
            },
            database_url,
            archive_dir: abs(&raw.store.archive),
            rules_dir: abs(&raw.paths.rules),
            directory_dir: abs(&raw.paths.directory),
            staff_emails: raw.staff.emails,
            limits: raw.limits,
        })
    }
}
