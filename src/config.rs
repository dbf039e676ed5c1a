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
//! digest_minutes = 15      # exception emails batched: at most one every 15 minutes (0: one each)
//! at_once = "high"         # exceptions of this severity or above go at once (or "never")
//! ```

use std::collections::BTreeMap;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::time::Duration;

use serde::Deserialize;
use toml::de::{DeTable, DeValue};

/// Why a config could not be used.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    /// The file could not be read. The cause is in the message, and is not also reported as
    /// the error's `source()`: a caller printing the chain would say it twice.
    #[error("cannot read config {}: {cause}", path.display())]
    Io {
        /// Path.
        path: PathBuf,
        /// Cause.
        cause: std::io::Error,
    },
    /// The file has problems: each is printed on a line of its own as `file:line:column:
    /// message`, at the key it is about.
    #[error("{}", render_problems(path, problems))]
    Invalid {
        /// Path.
        path: PathBuf,
        /// Every problem found.
        problems: Vec<Problem>,
    },
}

impl ConfigError {
    /// A person has to edit the file (or create a folder, set a variable): retrying as is does
    /// not help.
    pub fn is_transient(&self) -> bool {
        false
    }

    /// Each problem as `file:line:column: message` (the one line of an unreadable file).
    pub fn lines(&self) -> Vec<String> {
        match self {
            ConfigError::Io { .. } => vec![self.to_string()],
            ConfigError::Invalid { path, problems } => {
                problems.iter().map(|p| p.render(path)).collect()
            }
        }
    }
}

fn render_problems(path: &Path, problems: &[Problem]) -> String {
    problems
        .iter()
        .map(|p| p.render(path))
        .collect::<Vec<_>>()
        .join("\n")
}

/// One problem in a config file, at the key it is about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// 1-based line of the key (of the table header when a key is missing).
    pub line: usize,
    /// 1-based column, in characters.
    pub column: usize,
    /// What is wrong and what to write instead, in plain words.
    pub message: String,
}

impl Problem {
    /// As printed: `file:line:column: message`.
    pub fn render(&self, file: &Path) -> String {
        format!(
            "{}:{}:{}: {}",
            file.display(),
            self.line,
            self.column,
            self.message
        )
    }
}

/// Where each key of the config file is: dotted paths (`intake.path`, `intake.accounts[1].name`)
/// to the 1-based line and column of the key.
#[derive(Debug, Clone, Default)]
pub struct KeyPositions {
    keys: BTreeMap<String, (usize, usize)>,
}

impl KeyPositions {
    /// The position of `key`, else of the nearest enclosing table that is in the file, else
    /// 1:1.
    pub fn of(&self, key: &str) -> (usize, usize) {
        let mut k = key;
        loop {
            if let Some(p) = self.keys.get(k) {
                return *p;
            }
            match k.rfind(['.', '[']) {
                Some(i) => k = &k[..i],
                None => return (1, 1),
            }
        }
    }

    /// A problem about `key`.
    pub fn problem(&self, key: &str, message: impl Into<String>) -> Problem {
        let (line, column) = self.of(key);
        Problem {
            line,
            column,
            message: message.into(),
        }
    }
}

/// One key as found in the file: its dotted path, where the key and its value are.
struct Entry {
    path: String,
    key: Range<usize>,
    value: Range<usize>,
    /// The value as serde describes one it did not expect (`string "30"`, `integer `5``).
    shown: String,
}

/// How serde's "invalid type" messages describe a value.
fn shown(v: &DeValue<'_>) -> String {
    match v {
        DeValue::String(s) => format!("string {s:?}"),
        DeValue::Integer(i) => format!("integer `{}`", i.as_str()),
        DeValue::Float(f) => format!("floating point `{}`", f.as_str()),
        DeValue::Boolean(b) => format!("boolean `{b}`"),
        DeValue::Datetime(_) => "datetime".into(),
        DeValue::Array(_) => "sequence".into(),
        DeValue::Table(_) => "map".into(),
    }
}

fn collect_entries(table: &DeTable<'_>, prefix: &str, out: &mut Vec<Entry>) {
    for (k, v) in table.iter() {
        let path = if prefix.is_empty() {
            k.get_ref().to_string()
        } else {
            format!("{prefix}.{}", k.get_ref())
        };
        out.push(Entry {
            path: path.clone(),
            key: k.span(),
            value: v.span(),
            shown: shown(v.get_ref()),
        });
        match v.get_ref() {
            DeValue::Table(t) => collect_entries(t, &path, out),
            DeValue::Array(items) => {
                // Tables in an array (`[[intake.accounts]]`) have keys of their own; plain
                // values in a list are reported at the list's key.
                for (i, item) in items.iter().enumerate() {
                    if let DeValue::Table(t) = item.get_ref() {
                        let p = format!("{path}[{i}]");
                        out.push(Entry {
                            path: p.clone(),
                            key: item.span(),
                            value: item.span(),
                            shown: "map".into(),
                        });
                        collect_entries(t, &p, out);
                    }
                }
            }
            _ => {}
        }
    }
}

/// 1-based line and column of a byte offset.
fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let col = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, col)
}

/// The entry a span of the file belongs to: the innermost key whose key-and-value range holds
/// the span's start.
fn entry_at<'a>(entries: &'a [Entry], span: &Range<usize>) -> Option<&'a Entry> {
    entries
        .iter()
        .filter(|e| {
            let start = e.key.start.min(e.value.start);
            let end = e.key.end.max(e.value.end);
            start <= span.start && span.start < end.max(start + 1)
        })
        .min_by_key(|e| e.key.end.max(e.value.end) - e.key.start.min(e.value.start))
}

/// serde reports a bad value in a table read as a tagged enum (`[intake]`, `[outgoing]`) at the
/// table: find the key inside it the message is about (the unknown field, or the value it
/// describes).
fn refine<'a>(entries: &'a [Entry], table: &'a Entry, message: &str) -> &'a Entry {
    // Keys anywhere below the table ([[intake.accounts]] are inside [intake]).
    let inside = |e: &&Entry| {
        e.path.len() > table.path.len()
            && e.path.starts_with(&table.path)
            && e.path[table.path.len()..].starts_with(['.', '['])
    };
    let quoted = message.split('`').nth(1).unwrap_or_default();
    let found = if message.starts_with("unknown field") {
        // The unknown key itself is not among the entries serde saw; it is in the file.
        entries
            .iter()
            .filter(inside)
            .find(|e| leaf(&e.path) == quoted)
    } else if message.starts_with("unknown variant") {
        let s = format!("string {quoted:?}");
        entries.iter().filter(inside).find(|e| e.shown == s)
    } else {
        let described = message
            .strip_prefix("invalid type: ")
            .or_else(|| message.strip_prefix("invalid value: "))
            .and_then(|m| m.rsplit_once(", expected"))
            .map(|(d, _)| d);
        described.and_then(|d| entries.iter().filter(inside).find(|e| e.shown == d))
    };
    found.unwrap_or(table)
}

/// The last name of a dotted key path, without an array index: `intake.accounts[0].port` ->
/// `port`.
fn leaf(path: &str) -> &str {
    let last = path.rsplit('.').next().unwrap_or(path);
    last.split('[').next().unwrap_or(last)
}

/// The table a key path is in, as written in a header: `intake.accounts[0].port` ->
/// `[[intake.accounts]]`, `staff.emails` -> `[staff]`; `None` at the top level.
fn table_of(path: &str) -> Option<String> {
    let i = path.rfind('.')?;
    let t = &path[..i];
    Some(if let Some(j) = t.rfind('[') {
        format!("[[{}]]", &t[..j])
    } else {
        format!("[{t}]")
    })
}

/// The names inside backquotes in serde's "expected one of `a`, `b`" tail.
fn quoted_names(s: &str) -> Vec<&str> {
    s.split('`').skip(1).step_by(2).collect()
}

/// An example value for a key, for "must be ..., like X" messages.
fn example_for(key: &str) -> &'static str {
    match key {
        "port" => "993",
        "poll_secs" => "30",
        "idle_secs" => "1500",
        "timeout_secs" | "extract_timeout_secs" => "30",
        "max_pdf_mib" => "25",
        "max_memory_mib" => "512",
        "max_pages" => "200",
        "emails" => "[\"ap@yourcompany.example\"]",
        "folders" => "[\"INBOX\"]",
        "from" => "\"Back Office <backoffice@yourcompany.example>\"",
        "url" => "\"sqlite://var/freightdesk.db\"",
        "security" => "\"tls\"",
        _ => "\"...\"",
    }
}

/// serde's message for a value of the wrong shape, in the words of someone editing the file.
/// `path` is the key the error is at (when known), `whole` whether the error is about the whole
/// file (a missing section).
fn plain_message(message: &str, path: Option<&str>, whole: bool) -> String {
    let message = message.trim();
    let key = path.map(leaf).unwrap_or("");
    if let Some(rest) = message.strip_prefix("missing field `") {
        let field = rest.split('`').next().unwrap_or(rest);
        return match path {
            Some(p) if !whole => {
                let table = table_of(&format!("{p}.{field}")).unwrap_or_default();
                if field == "kind" {
                    format!("{table} needs `kind`, the kind of {p} (see the sample configs)")
                } else {
                    format!(
                        "{table} is missing `{field}`, like {field} = {}",
                        example_for(field)
                    )
                }
            }
            _ => format!("the [{field}] section is missing"),
        };
    }
    if let Some(rest) = message.strip_prefix("unknown field `") {
        let field = rest.split('`').next().unwrap_or(rest);
        let known = rest.split_once("expected").map(|(_, k)| quoted_names(k));
        let table = path.and_then(table_of);
        let mut s = match &table {
            Some(t) => format!("`{field}` is not a setting of {t}"),
            None => format!("[{field}] is not a section of the config"),
        };
        if let Some(known) = known.filter(|k| !k.is_empty()) {
            let what = if table.is_some() {
                "settings there"
            } else {
                "sections"
            };
            s += &format!("; the {what} are {}", known.join(", "));
        }
        if field.starts_with("password") && field != "password_env" && field != "password_file" {
            s += " (a password is never written in the config: use password_env or password_file)";
        }
        return s;
    }
    if let Some(rest) = message.strip_prefix("unknown variant `") {
        let value = rest.split('`').next().unwrap_or(rest);
        let known = rest
            .split_once("expected")
            .map(|(_, k)| quoted_names(k))
            .unwrap_or_default();
        let key = if key.is_empty() { "the value" } else { key };
        return format!(
            "{key} = \"{value}\" is not known; write one of: {}",
            known.join(", ")
        );
    }
    let expected = ["invalid type: ", "invalid value: ", "invalid length "]
        .iter()
        .any(|p| message.starts_with(p))
        .then(|| message.rsplit_once("expected ").map(|(_, e)| e.trim()))
        .flatten();
    if let (Some(expected), false) = (expected, key.is_empty()) {
        let whole_number = ["u8", "u16", "u32", "u64", "usize", "i64", "an integer"]
            .iter()
            .any(|t| expected.starts_with(t));
        if whole_number {
            let unit = if key.ends_with("_secs") {
                " of seconds"
            } else if key.ends_with("_mib") {
                " of MiB"
            } else if key == "port" {
                " from 1 to 65535"
            } else {
                ""
            };
            return format!(
                "{key} must be a whole number{unit}, like {}",
                example_for(key)
            );
        }
        if expected.contains("sequence") {
            return format!(
                "{key} must be a list in square brackets, like {key} = {}",
                example_for(key)
            );
        }
        if expected.contains("string") || expected.contains("path") {
            return format!(
                "{key} must be text in quotes, like {key} = {}",
                example_for(key)
            );
        }
        if expected.contains("struct") || expected.contains("map") {
            return format!(
                "{key} must be a table of settings, written [{key}] on a line of its own"
            );
        }
        if expected.contains("variant") {
            return format!(
                "{key} must be one of the words listed in the sample configs, in quotes"
            );
        }
    }
    // TOML syntax: toml's own words are plain already; keep them on one line.
    let mut s = message
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join("; ");
    if message.contains("escape") {
        s += "; in double quotes a backslash starts an escape: write Windows paths with forward slashes, or in single quotes";
    }
    s
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
    /// How exception emails to staff are batched (`[staff] digest_minutes`, `at_once`).
    pub staff_digest: StaffDigest,
    /// The broker's name as customers know it (`[company] name`; default: the display name of
    /// `outgoing.from`, else the domain of its address), for email templates.
    pub company_name: String,
    /// Customer invoices (`[billing]`); `None`: nothing is billed.
    pub billing: Option<BillingConfig>,
    /// Limits on one document.
    pub limits: Limits,
    /// The web workspace (`[web]`): where `freightdesk serve` listens.
    pub web: WebConfig,
    /// Whether the config has a `[web]` table: then `run` (watching, not `--once`) serves the
    /// workspace too, over the same pipeline.
    pub serve_web: bool,
    /// Where each key is in the file, for problems found after parsing ([`Config::check`]).
    pub keys: KeyPositions,
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
    company: Option<RawCompany>,
    #[serde(default)]
    billing: Option<BillingConfig>,
    #[serde(default)]
    limits: Limits,
    #[serde(default)]
    web: Option<WebConfig>,
}

/// `[web]`: the back-office workspace served by `freightdesk serve`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct WebConfig {
    /// Address to listen on (`listen`, default `127.0.0.1:8080`).
    pub listen: String,
    /// Minutes a login lasts (`session_minutes`, default 480).
    pub session_minutes: u32,
    /// The address staff reach the workspace at (`public_url`, like
    /// `https://desk.northstar.example`), when it is behind a TLS proxy: with `https://`, the
    /// session cookies are `Secure` (sent over TLS only).
    pub public_url: Option<String>,
}

impl Default for WebConfig {
    fn default() -> Self {
        WebConfig {
            listen: "127.0.0.1:8080".into(),
            session_minutes: 480,
            public_url: None,
        }
    }
}

impl WebConfig {
    /// Whether session cookies are `Secure`: the workspace is reached over `https://`.
    pub fn secure_cookies(&self) -> bool {
        self.public_url
            .as_deref()
            .is_some_and(|u| u.trim().to_ascii_lowercase().starts_with("https://"))
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCompany {
    name: String,
}

/// `[billing]`: customer invoices. Without this table nothing is billed to customers.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BillingConfig {
    /// Printed before the invoice sequence number (`NS-` gives `NS-000001`).
    #[serde(default = "default_invoice_prefix")]
    pub invoice_prefix: String,
    /// The broker's remit-to address, one printed line each (`["PO Box 7700", "Chicago, IL
    /// 60680"]`), under `[company] name`.
    #[serde(default)]
    pub remit_to: Vec<String>,
    /// `[billing.edi]`: X12 210 invoices for the customers `billing.toml` sets to EDI.
    #[serde(default)]
    pub edi: Option<EdiConfig>,
}

/// `[billing.edi]`: where and as whom the X12 210 (005010) invoice files are written, for the
/// customers whose billing rule says `delivery = ["edi"]` (rules/billing.toml).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EdiConfig {
    /// The folder the 210 files are written to, one per invoice (`NS-000003.210.edi`), for the
    /// VAN or AS2 client that sends them; resolved against the config's folder.
    pub outbox: PathBuf,
    /// Our interchange sender id (ISA06, GS02; qualifier `ZZ`, mutually defined): up to 15
    /// capital letters and digits, as agreed with the trading partners.
    pub sender_id: String,
    /// Our Standard Carrier Alpha Code (B311): 2 to 4 capital letters.
    pub scac: String,
}

fn default_invoice_prefix() -> String {
    "INV-".into()
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
    #[serde(default = "default_digest_minutes")]
    digest_minutes: u32,
    #[serde(default)]
    at_once: AtOnce,
}

fn default_digest_minutes() -> u32 {
    15
}

/// `[staff] at_once`: the lowest severity that is emailed at once instead of in the digest.
#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "snake_case")]
enum AtOnce {
    Low,
    Medium,
    #[default]
    High,
    Never,
}

/// How exception emails to staff are batched: instead of one email per exception, at most one
/// email (the staff digest, to every staff address) every `minutes`, listing the exceptions raised
/// since the last one with links to their pages in the workspace (`[web] public_url`).
/// Exceptions of severity `at_once` or above still go at once, each in its own email.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StaffDigest {
    /// Minutes between two digests (`digest_minutes`, default 15); 0 sends one email per
    /// exception, as they are raised.
    pub minutes: u32,
    /// The lowest severity emailed at once (`at_once`, default `"high"`); `None` (`"never"`):
    /// every exception waits for the digest.
    pub at_once: Option<crate::rules::Severity>,
}

impl Default for StaffDigest {
    fn default() -> Self {
        StaffDigest {
            minutes: 15,
            at_once: Some(crate::rules::Severity::High),
        }
    }
}

impl StaffDigest {
    /// One email per exception, as they are raised (`digest_minutes = 0`).
    pub const OFF: StaffDigest = StaffDigest {
        minutes: 0,
        at_once: None,
    };

    /// Whether the staff email about an exception of `severity` waits for the digest.
    pub fn holds(&self, severity: crate::rules::Severity) -> bool {
        self.minutes > 0 && self.at_once.is_none_or(|s| severity < s)
    }
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

/// The company name when `[company] name` is not given: the display name of the From address,
/// else the domain of its address, else the From text as written.
fn default_company_name(from: &str) -> String {
    match from.parse::<lettre::message::Mailbox>() {
        Ok(mb) => match mb.name.as_deref().map(str::trim) {
            Some(name) if !name.is_empty() => name.to_string(),
            _ => mb.email.domain().to_string(),
        },
        Err(_) => from.trim().to_string(),
    }
}

/// Why `path` cannot be a folder freightdesk writes to, if it cannot: the nearest part of it
/// that exists must be a folder this process may write in (the rest is created at start).
fn folder_unwritable(path: &Path) -> Option<String> {
    let mut at = path;
    loop {
        match std::fs::metadata(at) {
            Ok(m) if m.is_dir() => {
                return (!writable(at)).then(|| {
                    if at == path {
                        format!("{} cannot be written to by this user", at.display())
                    } else {
                        format!(
                            "{} cannot be created: {} cannot be written to by this user",
                            path.display(),
                            at.display()
                        )
                    }
                });
            }
            Ok(_) => {
                return Some(format!(
                    "{} cannot be a folder: {} is a file",
                    path.display(),
                    at.display()
                ))
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => match at.parent() {
                Some(parent) if !parent.as_os_str().is_empty() => at = parent,
                _ => return None,
            },
            Err(e) => return Some(format!("{}: {e}", at.display())),
        }
    }
}

/// Whether this process may create files in the folder `dir` (access(2), W_OK and X_OK).
fn writable(dir: &Path) -> bool {
    use std::os::unix::ffi::OsStrExt as _;
    let Ok(c) = std::ffi::CString::new(dir.as_os_str().as_bytes()) else {
        return false;
    };
    // SAFETY: `c` is a valid NUL-terminated path that outlives the call.
    unsafe { libc::access(c.as_ptr(), libc::W_OK | libc::X_OK) == 0 }
}

/// Why the folder `path` cannot be read from, if it cannot (`what` names it for the message).
fn folder_missing(path: &Path, what: &str) -> Option<String> {
    match std::fs::metadata(path) {
        Ok(m) if m.is_dir() => None,
        Ok(_) => Some(format!(
            "the {what} {} is a file, not a folder",
            path.display()
        )),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            Some(format!("the {what} {} does not exist", path.display()))
        }
        Err(e) => Some(format!("the {what} {}: {e}", path.display())),
    }
}

impl Config {
    /// Read and resolve a config file: its syntax and every setting's shape and value, but not
    /// the folders, files and environment it names (see [`Config::check`]).
    ///
    /// Errors: [`ConfigError::Io`] when the file cannot be read; [`ConfigError::Invalid`] with
    /// every problem found, each at its key.
    pub fn load(path: &Path) -> Result<Config, ConfigError> {
        let text = std::fs::read_to_string(path).map_err(|cause| ConfigError::Io {
            path: path.to_path_buf(),
            cause,
        })?;
        let base = path
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        Config::parse(&text, base).map_err(|problems| ConfigError::Invalid {
            path: path.to_path_buf(),
            problems,
        })
    }

    /// [`Config::load`], then [`Config::check`]: the one entry point for starting a run and for
    /// `freightdesk config check`.
    ///
    /// Errors: as [`Config::load`]; [`ConfigError::Invalid`] with every problem
    /// [`Config::check`] finds.
    pub fn load_checked(path: &Path) -> Result<Config, ConfigError> {
        let config = Config::load(path)?;
        let problems = config.check();
        if problems.is_empty() {
            Ok(config)
        } else {
            Err(ConfigError::Invalid {
                path: path.to_path_buf(),
                problems,
            })
        }
    }

    /// Everything in a parsed config that would stop a run or lose mail silently, checked
    /// against the disk and the environment now; every problem, in file order, each at the key
    /// it is about. Empty when the config is ready to run. Creates nothing.
    ///
    /// Checks: the intake folder exists (folder intake); the directory folder exists and its
    /// CSV files parse; the rules folder exists; `staff.emails` has at least one address and each
    /// is valid; the outgoing `from` is a valid address; each `password_env` is set and each
    /// `password_file` (and `ca_file`) readable; the outbox, archive and database folders exist
    /// or can be created.
    pub fn check(&self) -> Vec<Problem> {
        let k = &self.keys;
        let mut out = Vec::new();
        if let IntakeConfig::Folder { path, .. } = &self.intake {
            if let Some(m) = folder_missing(path, "intake folder") {
                out.push(k.problem("intake.path", format!("{m}: no message would be read")));
            }
        }
        if let IntakeConfig::Imap { accounts } = &self.intake {
            for (i, a) in accounts.iter().enumerate() {
                let at = format!("intake.accounts[{i}]");
                let what = format!("intake account `{}`", a.name);
                secret_problems(&a.password, &at, &what, k, &mut out);
                if let Some(ca) = &a.ca_file {
                    if let Err(e) = std::fs::read(ca) {
                        out.push(k.problem(
                            &format!("{at}.ca_file"),
                            format!("{what}: the CA file {} cannot be read: {e}", ca.display()),
                        ));
                    }
                }
            }
        }
        match &self.outgoing {
            OutgoingConfig::File { path, .. } => {
                if let Some(m) = folder_unwritable(path) {
                    out.push(k.problem("outgoing.path", format!("the outbox folder: {m}")));
                }
            }
            OutgoingConfig::Smtp(s) => {
                if s.username.is_some() {
                    secret_problems(&s.password, "outgoing", "outgoing", k, &mut out);
                }
                if let Some(ca) = &s.ca_file {
                    if let Err(e) = std::fs::read(ca) {
                        out.push(k.problem(
                            "outgoing.ca_file",
                            format!("the CA file {} cannot be read: {e}", ca.display()),
                        ));
                    }
                }
            }
        }
        if self
            .outgoing
            .from()
            .parse::<lettre::message::Mailbox>()
            .is_err()
        {
            out.push(k.problem(
                "outgoing.from",
                format!(
                    "from = \"{}\" is not an email address; write it like \"Back Office <backoffice@yourcompany.example>\"",
                    self.outgoing.from()
                ),
            ));
        }
        if let Some(path) = self.database_path() {
            if let Some(parent) = path.parent() {
                if let Some(m) = folder_unwritable(parent) {
                    out.push(k.problem("store.url", format!("the database's folder: {m}")));
                }
            }
        }
        if let Some(m) = folder_unwritable(&self.archive_dir) {
            out.push(k.problem("store.archive", format!("the archive folder: {m}")));
        }
        if let Some(m) = folder_missing(&self.rules_dir, "rules folder") {
            out.push(k.problem("paths.rules", m));
        }
        match folder_missing(&self.directory_dir, "directory folder") {
            Some(m) => out.push(k.problem(
                "paths.directory",
                format!("{m}: no shipper would be recognized and no customer emailed"),
            )),
            None => {
                let d = &self.directory_dir;
                if !d.join("customers.csv").exists() && !d.join("carriers.csv").exists() {
                    out.push(k.problem(
                        "paths.directory",
                        format!(
                            "the directory folder {} has no customers.csv or carriers.csv: no shipper would be recognized and no customer emailed",
                            d.display()
                        ),
                    ));
                } else if let Err(e) = crate::store::directory::Directory::load(d) {
                    out.push(k.problem("paths.directory", e.to_string()));
                }
            }
        }
        if self.staff_emails.is_empty() {
            out.push(k.problem(
                "staff.emails",
                "staff.emails is empty: exceptions would reach no one; list at least one address, like emails = [\"ap@yourcompany.example\"]",
            ));
        }
        for e in &self.staff_emails {
            if e.parse::<lettre::message::Mailbox>().is_err() {
                out.push(k.problem(
                    "staff.emails",
                    format!("staff.emails: \"{e}\" is not an email address, like \"ap@yourcompany.example\""),
                ));
            }
        }
        out.sort_by_key(|p| (p.line, p.column));
        out
    }

    /// The SQLite file of `database_url`, when it is a file (not `sqlite::memory:`).
    pub fn database_path(&self) -> Option<PathBuf> {
        let rest = self.database_url.strip_prefix("sqlite://")?;
        let file = rest.split('?').next().unwrap_or(rest);
        (!file.is_empty() && !file.starts_with(':')).then(|| PathBuf::from(file))
    }

    /// Parse config text; relative paths resolve against `base`.
    ///
    /// Errors: every problem found, each at its key: TOML syntax (the first), a setting of the
    /// wrong shape (the first, in plain words), and every bad value after that.
    pub fn parse(text: &str, base: &Path) -> Result<Config, Vec<Problem>> {
        let at_span = |span: Range<usize>, message: String| {
            let (line, column) = line_col(text, span.start);
            Problem {
                line,
                column,
                message,
            }
        };
        let doc = DeTable::parse(text).map_err(|e| {
            vec![at_span(
                e.span().unwrap_or(0..0),
                plain_message(e.message(), None, false),
            )]
        })?;
        let mut entries = Vec::new();
        collect_entries(doc.get_ref(), "", &mut entries);
        let mut keys = KeyPositions::default();
        for e in &entries {
            keys.keys
                .insert(e.path.clone(), line_col(text, e.key.start));
        }
        let mut raw: Raw = toml::from_str(text).map_err(|e| {
            let span = e.span().unwrap_or(0..0);
            // A missing section is about the whole file (no table has a key named like one).
            let whole = (span.start == 0 && span.end >= text.trim_end().len())
                || ["intake", "outgoing", "store", "paths", "staff"]
                    .iter()
                    .any(|s| e.message().starts_with(&format!("missing field `{s}`")));
            match entry_at(&entries, &span).filter(|_| !whole) {
                Some(entry) => {
                    let entry = refine(&entries, entry, e.message());
                    vec![at_span(
                        entry.key.clone(),
                        plain_message(e.message(), Some(&entry.path), false),
                    )]
                }
                None => vec![at_span(0..0, plain_message(e.message(), None, whole))],
            }
        })?;
        let mut problems = Vec::new();
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
            Some(_) => raw.store.url.clone(),
            None => {
                problems.push(keys.problem(
                    "store.url",
                    format!(
                        "url = \"{}\" is not a database this version can use; write url = \"sqlite://PATH\", like \"sqlite://../var/freightdesk.db\"",
                        raw.store.url
                    ),
                ));
                raw.store.url.clone()
            }
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
                for (i, a) in accounts.into_iter().enumerate() {
                    let at = |key: &str| format!("intake.accounts[{i}].{key}");
                    let password = secret(a.password_env, a.password_file);
                    let what = format!("intake account `{}`", a.name);
                    if !password.is_set() {
                        problems.push(keys.problem(
                            &format!("intake.accounts[{i}]"),
                            format!(
                                "{what}: give password_env (an environment variable) or \
                                 password_file; a password is never written in the config"
                            ),
                        ));
                    }
                    if a.folders.is_empty() {
                        problems.push(keys.problem(
                            &at("folders"),
                            format!("{what}: folders is empty; list at least one, like folders = [\"INBOX\"]"),
                        ));
                    }
                    let after = match a.after.as_str() {
                        "move" => AfterAction::Move(a.move_to),
                        "keyword" => AfterAction::Keyword(a.keyword),
                        "seen" => AfterAction::Seen,
                        "none" => AfterAction::Nothing,
                        other => {
                            problems.push(keys.problem(
                                &at("after"),
                                format!("{what}: after = \"{other}\" is not one of move, keyword, seen, none"),
                            ));
                            AfterAction::Nothing
                        }
                    };
                    if a.idle_secs == 0 || a.idle_secs > 29 * 60 {
                        problems.push(keys.problem(
                            &at("idle_secs"),
                            format!("{what}: idle_secs must be 1..=1740 (RFC 2177: re-issue IDLE within 29 minutes)"),
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
                    problems.push(keys.problem(
                        "intake.kind",
                        "intake kind = \"imap\" needs at least one [[intake.accounts]]",
                    ));
                }
                for (i, a) in out.iter().enumerate() {
                    if out[..i].iter().any(|b| b.name == a.name) {
                        problems.push(keys.problem(
                            &format!("intake.accounts[{i}].name"),
                            format!("two intake accounts are named `{}`", a.name),
                        ));
                    }
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
            if let Err(e) = r.parse::<lettre::message::Mailbox>() {
                problems.push(keys.problem(
                    "outgoing.reply_to",
                    format!("reply_to = \"{r}\" is not an email address: {e}"),
                ));
            }
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
                    problems.push(keys.problem(
                        "outgoing.username",
                        "outgoing: a username needs password_env or password_file",
                    ));
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
        let company_name = match raw.company {
            Some(c) if !c.name.trim().is_empty() => c.name.trim().to_string(),
            Some(_) => {
                problems.push(keys.problem(
                    "company.name",
                    "company name is empty; write it as customers know it, like name = \"Northstar Logistics\"",
                ));
                String::new()
            }
            None => default_company_name(outgoing.from()),
        };
        if let Some(e) = raw.billing.as_mut().and_then(|b| b.edi.as_mut()) {
            e.outbox = abs(&e.outbox);
            let id = e.sender_id.trim();
            if id.is_empty()
                || id.len() > 15
                || !id
                    .chars()
                    .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit())
            {
                problems.push(keys.problem(
                    "billing.edi.sender_id",
                    format!(
                        "billing.edi.sender_id \"{id}\": 1 to 15 capital letters and digits, the id your trading partners know you by, like \"NORTHSTARLOG\""
                    ),
                ));
            }
            let scac = e.scac.trim();
            if !(2..=4).contains(&scac.len()) || !scac.chars().all(|c| c.is_ascii_uppercase()) {
                problems.push(keys.problem(
                    "billing.edi.scac",
                    format!("billing.edi.scac \"{scac}\": 2 to 4 capital letters, like \"NSLG\""),
                ));
            }
        }
        if let Some(b) = &raw.billing {
            let p = b.invoice_prefix.trim();
            if p.len() > 12 || !p.chars().all(|c| c.is_ascii_alphanumeric() || c == '-') {
                problems.push(keys.problem(
                    "billing.invoice_prefix",
                    format!(
                        "billing.invoice_prefix \"{p}\": at most 12 letters, digits and dashes, like \"NS-\""
                    ),
                ));
            }
        }
        let serve_web = raw.web.is_some();
        let web = raw.web.unwrap_or_default();
        if web.listen.parse::<std::net::SocketAddr>().is_err() {
            problems.push(keys.problem(
                "web.listen",
                format!(
                    "web.listen: \"{}\" is not an address and port, like \"127.0.0.1:8080\"",
                    web.listen
                ),
            ));
        }
        if !problems.is_empty() {
            problems.sort_by_key(|p| (p.line, p.column));
            return Err(problems);
        }
        Ok(Config {
            intake,
            outgoing,
            reply_to,
            database_url,
            archive_dir: abs(&raw.store.archive),
            rules_dir: abs(&raw.paths.rules),
            directory_dir: abs(&raw.paths.directory),
            staff_emails: raw.staff.emails,
            staff_digest: StaffDigest {
                minutes: raw.staff.digest_minutes,
                at_once: match raw.staff.at_once {
                    AtOnce::Low => Some(crate::rules::Severity::Low),
                    AtOnce::Medium => Some(crate::rules::Severity::Medium),
                    AtOnce::High => Some(crate::rules::Severity::High),
                    AtOnce::Never => None,
                },
            },
            company_name,
            billing: raw.billing,
            limits: raw.limits,
            web,
            serve_web,
            keys,
        })
    }
}

/// The problems of a password source: an unset (or empty) variable, an unreadable file.
fn secret_problems(
    secret: &Secret,
    at: &str,
    what: &str,
    keys: &KeyPositions,
    out: &mut Vec<Problem>,
) {
    if let Some(var) = &secret.password_env {
        match std::env::var_os(var) {
            None => out.push(keys.problem(
                &format!("{at}.password_env"),
                format!("{what}: the environment variable {var} (the password) is not set; set it before starting, or use password_file"),
            )),
            Some(v) if v.is_empty() => out.push(keys.problem(
                &format!("{at}.password_env"),
                format!("{what}: the environment variable {var} (the password) is empty"),
            )),
            Some(_) => {}
        }
    } else if let Some(file) = &secret.password_file {
        if let Err(e) = std::fs::read_to_string(file) {
            out.push(keys.problem(
                &format!("{at}.password_file"),
                format!(
                    "{what}: the password file {} cannot be read: {e}",
                    file.display()
                ),
            ));
        }
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
        Config::parse(&text, Path::new("/tmp")).map_err(|problems| {
            problems
                .iter()
                .map(|p| format!("{}:{}: {}", p.line, p.column, p.message))
                .collect::<Vec<_>>()
                .join("\n")
        })
    }

    #[test]
    fn the_staff_digest_holds_what_is_below_at_once() {
        use crate::rules::Severity::{High, Low, Medium};
        let staff = |extra: &str| {
            let text = BASE.replace("emails = []\n", &format!("emails = []\n{extra}"))
                + "[intake]\nkind = \"folder\"\npath = \"i\"\n";
            Config::parse(&text, Path::new("/tmp"))
                .map(|c| c.staff_digest)
                .map_err(|p| p[0].message.clone())
        };
        let default = staff("").unwrap();
        assert_eq!(default, StaffDigest::default());
        assert!(default.holds(Medium) && default.holds(Low) && !default.holds(High));
        let never = staff("at_once = \"never\"\n").unwrap();
        assert!(never.holds(High) && never.minutes == 15);
        let medium = staff("digest_minutes = 5\nat_once = \"medium\"\n").unwrap();
        assert!(medium.holds(Low) && !medium.holds(Medium) && medium.minutes == 5);
        let off = staff("digest_minutes = 0\n").unwrap();
        assert!(!off.holds(Low));
        let e = staff("at_once = \"urgent\"\n").unwrap_err();
        assert!(e.contains("urgent") && e.contains("never"), "{e}");
    }

    #[test]
    fn a_password_in_the_config_is_refused() {
        let e =
            imap("name=\"a\"\nhost=\"h\"\nsecurity=\"tls\"\nusername=\"u\"\npassword=\"hunter2\"")
                .unwrap_err();
        assert!(
            e.contains("`password` is not a setting of [[intake.accounts]]")
                && e.contains("a password is never written in the config"),
            "{e}"
        );
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

    fn folder(extra: &str) -> Config {
        let text = format!("{BASE}\n[intake]\nkind = \"folder\"\npath = \"in\"\n{extra}");
        Config::parse(&text, Path::new("/tmp")).unwrap()
    }

    #[test]
    fn the_company_name_is_given_or_taken_from_the_from_address() {
        let named = "[company]\nname = \"Northstar Logistics\"\n";
        assert_eq!(folder(named).company_name, "Northstar Logistics");
        // BASE's from has no display name: the domain of its address.
        assert_eq!(folder("").company_name, "y.example");
        let text = BASE.replace(
            "from = \"x@y.example\"",
            "from = \"Northstar Back Office <backoffice@northstar.example>\"",
        );
        let text = format!("{text}\n[intake]\nkind = \"folder\"\npath = \"in\"\n");
        let c = Config::parse(&text, Path::new("/tmp")).unwrap();
        assert_eq!(c.company_name, "Northstar Back Office");
        let samples = Path::new(env!("CARGO_MANIFEST_DIR")).join("samples");
        for f in ["freightdesk.toml", "freightdesk-imap.toml"] {
            let c = Config::load(&samples.join(f)).unwrap();
            assert_eq!(c.company_name, "Northstar Logistics", "{f}");
        }
    }

    #[test]
    fn a_bad_value_in_an_imap_account_is_reported_at_its_key() {
        let e = imap("name=\"a\"\nhost=\"h\"\nsecurity=\"tls\"\nusername=\"u\"\nport=\"993\"")
            .unwrap_err();
        // BASE is 15 lines; [intake], kind, [[intake.accounts]], then five keys.
        assert_eq!(
            e,
            "22:1: port must be a whole number from 1 to 65535, like 993"
        );
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
        assert!(
            e.iter()
                .any(|p| p.message.contains("reply_to = \"not an address\"")),
            "{e:?}"
        );
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
