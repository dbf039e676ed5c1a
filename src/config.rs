//! The config file (`freightdesk.toml`): where mail comes from, where it goes, where the database,
//! archive, rules and directory live. Intake and transport are swappable; the pipeline between
//! them is the same.
//!
//! Relative paths are resolved against the folder that holds the config file.
//!
//! ```toml
//! [intake]
//! kind = "folder"          # or "imap": [[intake.accounts]] (see samples/freightdesk-imap.toml)
//! path = "inbox"
//!
//! [outgoing]
//! kind = "file"            # or "smtp": host, port, security, username, password_env
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
    /// `Reply-To` of emails to carriers and customers (`[outgoing] reply_to`; by default the
    /// first IMAP account's username when it is an address), so that their answers reach a
    /// mailbox freightdesk reads. `None`: no Reply-To.
    pub reply_to: Option<String>,
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

/// Intake: a local folder of `.eml` files or a Maildir, or IMAP accounts.
#[derive(Debug, Clone)]
pub enum IntakeConfig {
    /// `.eml` files in a folder, or a Maildir (`new/`, `cur/`), read in file-name order.
    Folder {
        /// The folder.
        path: PathBuf,
        /// Seconds between rescans when running as a daemon (file events also wake it).
        poll_secs: u64,
        /// When running as a daemon, a file is read only once its size and modification time
        /// have stayed the same for this many milliseconds (`settle_ms`, default 500), so a
        /// file still being written is not read half-way.
        settle_ms: u64,
    },
    /// IMAP accounts, each with its folders (see [`ImapAccount`]).
    Imap {
        /// The accounts, each read on connections of its own.
        accounts: Vec<ImapAccount>,
    },
}

/// How a connection to a mail server is secured.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Security {
    /// TLS from the first byte (IMAP 993, SMTP 465).
    Tls,
    /// Plain, then `STARTTLS` before logging in (IMAP 143, SMTP 587).
    Starttls,
    /// No TLS at all: only for a server on the same machine (loopback).
    None,
}

/// A password kept out of the config file and the command line.
#[derive(Clone, Default)]
pub struct Secret {
    /// Environment variable that holds the password.
    pub password_env: Option<String>,
    /// File whose first line is the password.
    pub password_file: Option<PathBuf>,
}

impl std::fmt::Debug for Secret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Never the password itself: only where it comes from.
        f.debug_struct("Secret")
            .field("password_env", &self.password_env)
            .field("password_file", &self.password_file)
            .finish()
    }
}

impl Secret {
    /// Whether a source is configured.
    pub fn is_set(&self) -> bool {
        self.password_env.is_some() || self.password_file.is_some()
    }

    /// Read the password now (so a rotated password file is picked up on reconnect).
    ///
    /// Errors: the variable is unset or the file unreadable; the message names the source, never
    /// the value.
    pub fn read(&self) -> Result<String, String> {
        if let Some(var) = &self.password_env {
            return std::env::var(var)
                .map_err(|_| format!("the environment variable {var} (the password) is not set"));
        }
        if let Some(file) = &self.password_file {
            let text = std::fs::read_to_string(file)
                .map_err(|e| format!("the password file {}: {e}", file.display()))?;
            return Ok(text.lines().next().unwrap_or_default().to_string());
        }
        Err("no password_env or password_file".into())
    }
}

/// What is done to a message on the server after it is committed to the database.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AfterAction {
    /// Move it to this folder (IMAP MOVE where the server has it, else COPY, `\Deleted`, UID
    /// EXPUNGE of that message alone). The folder is created when missing.
    Move(String),
    /// Add this keyword (e.g. `$Freightdesk`).
    Keyword(String),
    /// Set `\Seen`.
    Seen,
    /// Nothing; the UID record alone keeps it from being read twice.
    Nothing,
}

/// One IMAP account.
#[derive(Debug, Clone)]
pub struct ImapAccount {
    /// Name in logs and in each message's source (`imap:<name>/<folder>/<uidvalidity>/<uid>`).
    pub name: String,
    /// Server host name (checked against its certificate).
    pub host: String,
    /// Port (993 for `tls`, 143 for `starttls`).
    pub port: u16,
    /// TLS mode.
    pub security: Security,
    /// An extra CA certificate (PEM) for a private server, beside the system's roots.
    pub ca_file: Option<PathBuf>,
    /// Login name.
    pub username: String,
    /// Where the password is.
    pub password: Secret,
    /// Folders read, each on a connection of its own (IDLE watches one folder).
    pub folders: Vec<String>,
    /// What is done to a message after the commit.
    pub after: AfterAction,
    /// IDLE is re-issued after this many seconds (at most 1740, RFC 2177's 29 minutes).
    pub idle_secs: u64,
    /// Poll interval where the server lacks IDLE, in seconds.
    pub poll_secs: u64,
    /// Limit on each network step (connect, login, each command), in seconds.
    pub timeout_secs: u64,
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
    /// An SMTP relay (lettre).
    Smtp(SmtpConfig),
}

/// An SMTP relay.
#[derive(Debug, Clone)]
pub struct SmtpConfig {
    /// Host name (checked against its certificate).
    pub host: String,
    /// Port (465 for `tls`, 587 for `starttls`, 25 for a local relay).
    pub port: u16,
    /// TLS mode.
    pub security: Security,
    /// An extra CA certificate (PEM) for a private relay.
    pub ca_file: Option<PathBuf>,
    /// Login name; none for a relay that takes mail from this host without login.
    pub username: Option<String>,
    /// Where the password is (with `username`).
    pub password: Secret,
    /// From address.
    pub from: String,
    /// Limit on each SMTP exchange, in seconds.
    pub timeout_secs: u64,
}

impl OutgoingConfig {
    /// The From address of notifications.
    pub fn from(&self) -> &str {
        match self {
            OutgoingConfig::File { from, .. } => from,
            OutgoingConfig::Smtp(s) => &s.from,
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
        #[serde(default = "default_settle_ms")]
        settle_ms: u64,
    },
    Imap {
        accounts: Vec<RawImapAccount>,
    },
}

fn default_poll() -> u64 {
    5
}

fn default_settle_ms() -> u64 {
    500
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawImapAccount {
    name: String,
    host: String,
    port: Option<u16>,
    security: Security,
    ca_file: Option<PathBuf>,
    username: String,
    password_env: Option<String>,
    password_file: Option<PathBuf>,
    #[serde(default = "default_folders")]
    folders: Vec<String>,
    /// `move` (default), `keyword`, `seen` or `none`.
    #[serde(default = "default_after")]
    after: String,
    #[serde(default = "default_move_to")]
    move_to: String,
    #[serde(default = "default_keyword")]
    keyword: String,
    #[serde(default = "default_idle")]
    idle_secs: u64,
    #[serde(default = "default_imap_poll")]
    poll_secs: u64,
    #[serde(default = "default_timeout")]
    timeout_secs: u64,
}

fn default_folders() -> Vec<String> {
    vec!["INBOX".into()]
}
fn default_after() -> String {
    "move".into()
}
fn default_move_to() -> String {
    "freightdesk-done".into()
}
fn default_keyword() -> String {
    "$Freightdesk".into()
}
fn default_idle() -> u64 {
    25 * 60
}
fn default_imap_poll() -> u64 {
    60
}
fn default_timeout() -> u64 {
    30
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, tag = "kind", rename_all = "snake_case")]
enum RawOutgoing {
    File {
        path: PathBuf,
        from: String,
        reply_to: Option<String>,
    },
    Smtp {
        host: String,
        port: Option<u16>,
        security: Security,
        ca_file: Option<PathBuf>,
        username: Option<String>,
        password_env: Option<String>,
        password_file: Option<PathBuf>,
        from: String,
        reply_to: Option<String>,
        #[serde(default = "default_timeout")]
        timeout_secs: u64,
    },
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
        let secret = |password_env: Option<String>, password_file: Option<PathBuf>| Secret {
            password_env,
            password_file: password_file.map(|p| abs(&p)),
        };
        let intake = match raw.intake {
            RawIntake::Folder {
                path,
                poll_secs,
                settle_ms,
            } => IntakeConfig::Folder {
                path: abs(&path),
                poll_secs,
                settle_ms,
            },
            RawIntake::Imap { accounts } => {
                let mut out = Vec::new();
                for a in accounts {
                    let password = secret(a.password_env, a.password_file);
                    let what = format!("intake account `{}`", a.name);
                    if !password.is_set() {
                        return Err(format!(
                            "{what}: give password_env (an environment variable) or \
                             password_file; a password is never written in the config"
                        ));
                    }
                    if a.folders.is_empty() {
                        return Err(format!("{what}: folders is empty"));
                    }
                    let after = match a.after.as_str() {
                        "move" => AfterAction::Move(a.move_to),
                        "keyword" => AfterAction::Keyword(a.keyword),
                        "seen" => AfterAction::Seen,
                        "none" => AfterAction::Nothing,
                        other => {
                            return Err(format!(
                            "{what}: after = \"{other}\" is not one of move, keyword, seen, none"
                        ))
                        }
                    };
                    if a.idle_secs == 0 || a.idle_secs > 29 * 60 {
                        return Err(format!(
                            "{what}: idle_secs must be 1..=1740 (RFC 2177: re-issue IDLE within 29 minutes)"
                        ));
                    }
                    out.push(ImapAccount {
                        port: a.port.unwrap_or(match a.security {
                            Security::Tls => 993,
                            _ => 143,
                        }),
                        name: a.name,
                        host: a.host,
                        security: a.security,
                        ca_file: a.ca_file.map(|p| abs(&p)),
                        username: a.username,
                        password,
                        folders: a.folders,
                        after,
                        idle_secs: a.idle_secs,
                        poll_secs: a.poll_secs.max(1),
                        timeout_secs: a.timeout_secs.max(1),
                    });
                }
                if out.is_empty() {
                    return Err(
                        "intake kind = \"imap\" needs at least one [[intake.accounts]]".into(),
                    );
                }
                let mut names: Vec<&str> = out.iter().map(|a| a.name.as_str()).collect();
                names.sort();
                if let Some(w) = names.windows(2).find(|w| w[0] == w[1]) {
                    return Err(format!("two intake accounts are named `{}`", w[0]));
                }
                IntakeConfig::Imap { accounts: out }
            }
        };
        let reply_to = match &raw.outgoing {
            RawOutgoing::File { reply_to, .. } | RawOutgoing::Smtp { reply_to, .. } => {
                reply_to.clone()
            }
        };
        if let Some(r) = &reply_to {
            r.parse::<lettre::message::Mailbox>()
                .map_err(|e| format!("outgoing: reply_to = \"{r}\" is not an address: {e}"))?;
        }
        // By default answers go to the mailbox freightdesk reads first (decisions.md).
        let reply_to = reply_to.or_else(|| match &intake {
            IntakeConfig::Imap { accounts } => accounts
                .first()
                .map(|a| a.username.clone())
                .filter(|u| u.parse::<lettre::message::Mailbox>().is_ok() && u.contains('@')),
            IntakeConfig::Folder { .. } => None,
        });
        let outgoing = match raw.outgoing {
            RawOutgoing::File { path, from, .. } => OutgoingConfig::File {
                path: abs(&path),
                from,
            },
            RawOutgoing::Smtp {
                host,
                port,
                security,
                ca_file,
                username,
                password_env,
                password_file,
                from,
                timeout_secs,
                ..
            } => {
                let password = secret(password_env, password_file);
                if username.is_some() && !password.is_set() {
                    return Err("outgoing: a username needs password_env or password_file".into());
                }
                OutgoingConfig::Smtp(SmtpConfig {
                    port: port.unwrap_or(match security {
                        Security::Tls => 465,
                        Security::Starttls => 587,
                        Security::None => 25,
                    }),
                    host,
                    security,
                    ca_file: ca_file.map(|p| abs(&p)),
                    username,
                    password,
                    from,
                    timeout_secs: timeout_secs.max(1),
                })
            }
        };
        Ok(Config {
            intake,
            outgoing,
            reply_to,
            database_url,
            archive_dir: abs(&raw.store.archive),
            rules_dir: abs(&raw.paths.rules),
            directory_dir: abs(&raw.paths.directory),
            staff_emails: raw.staff.emails,
            limits: raw.limits,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_commented_imap_sample_parses() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("samples");
        let c = Config::load(&dir.join("freightdesk-imap.toml")).unwrap();
        let IntakeConfig::Imap { accounts } = &c.intake else {
            panic!("imap intake expected")
        };
        assert_eq!(accounts.len(), 2);
        assert_eq!(accounts[0].folders, ["INBOX", "Carrier Paperwork"]);
        assert_eq!(
            accounts[0].after,
            AfterAction::Move("freightdesk-done".into())
        );
        assert_eq!(
            accounts[1].port, 993,
            "the port follows from security = tls"
        );
        assert_eq!(
            accounts[1].after,
            AfterAction::Keyword("$Freightdesk".into())
        );
        let OutgoingConfig::Smtp(s) = &c.outgoing else {
            panic!("smtp expected")
        };
        assert_eq!((s.port, s.security), (587, Security::Starttls));
    }

    const BASE: &str = r#"
[store]
url = "sqlite://db"
archive = "a"
[paths]
rules = "r"
directory = "d"
[staff]
emails = []
[outgoing]
kind = "file"
path = "o"
from = "x@y.example"
"#;

    fn imap(account: &str) -> Result<Config, String> {
        let text = format!("{BASE}\n[intake]\nkind = \"imap\"\n[[intake.accounts]]\n{account}");
        Config::parse(&text, Path::new("/tmp"))
    }

    #[test]
    fn a_password_in_the_config_is_refused() {
        let e =
            imap("name=\"a\"\nhost=\"h\"\nsecurity=\"tls\"\nusername=\"u\"\npassword=\"hunter2\"")
                .unwrap_err();
        assert!(e.contains("unknown field `password`"), "{e}");
        let e = imap("name=\"a\"\nhost=\"h\"\nsecurity=\"tls\"\nusername=\"u\"").unwrap_err();
        assert!(e.contains("give password_env"), "{e}");
    }

    #[test]
    fn idle_is_bounded_by_rfc_2177() {
        let e = imap(
            "name=\"a\"\nhost=\"h\"\nsecurity=\"tls\"\nusername=\"u\"\npassword_env=\"P\"\nidle_secs=3600",
        )
        .unwrap_err();
        assert!(e.contains("1..=1740"), "{e}");
    }

    #[test]
    fn reply_to_defaults_to_the_first_imap_mailbox() {
        let account = "name=\"a\"\nhost=\"h\"\nsecurity=\"tls\"\npassword_env=\"P\"\n";
        let c = imap(&format!("{account}username=\"ops@x.example\"")).unwrap();
        assert_eq!(c.reply_to.as_deref(), Some("ops@x.example"));
        let c = imap(&format!("{account}username=\"ops\"")).unwrap();
        assert_eq!(c.reply_to, None, "a login name that is not an address");
        let given = BASE.replace(
            "from = \"x@y.example\"",
            "from = \"x@y.example\"\nreply_to = \"Ops <ops@y.example>\"",
        );
        let text = format!("{given}\n[intake]\nkind = \"imap\"\n[[intake.accounts]]\n{account}username=\"ops@x.example\"");
        let c = Config::parse(&text, Path::new("/tmp")).unwrap();
        assert_eq!(c.reply_to.as_deref(), Some("Ops <ops@y.example>"));
        let folder = format!("{BASE}\n[intake]\nkind = \"folder\"\npath = \"in\"");
        assert_eq!(
            Config::parse(&folder, Path::new("/tmp")).unwrap().reply_to,
            None
        );
        let bad = given.replace("Ops <ops@y.example>", "not an address");
        let e = Config::parse(
            &format!("{bad}\n[intake]\nkind = \"folder\"\npath = \"in\""),
            Path::new("/tmp"),
        )
        .unwrap_err();
        assert!(e.contains("reply_to = \"not an address\""), "{e}");
    }

    #[test]
    fn the_password_never_shows_in_debug_output() {
        std::env::set_var("FREIGHTDESK_TEST_SECRET", "hunter2");
        let s = Secret {
            password_env: Some("FREIGHTDESK_TEST_SECRET".into()),
            password_file: None,
        };
        assert_eq!(s.read().unwrap(), "hunter2");
        assert!(!format!("{s:?}").contains("hunter2"));
    }
}
