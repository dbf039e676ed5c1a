//! Store: the database (sqlx `Any`, SQLite by default) and the content-addressed archive.
//!
//! Entry point: [`Store::open`], which creates the database when missing and applies the
//! migrations of its backend (`migrations/<backend>/`). Queries use `$N` placeholders and SQL
//! that SQLite and PostgreSQL both accept. Money is stored as decimal text, dates as ISO 8601.

mod archive;
pub mod directory;
pub mod workspace;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::str::FromStr;

use rust_decimal::Decimal;
use sqlx::any::{AnyConnectOptions, AnyPoolOptions};
use sqlx::{AnyConnection, AnyPool, Row};

pub use archive::{sha256_hex, Archive};

use crate::model::{Charge, DocumentKind, ExtractedDocument, Field, Provenance, Stop, StopType};

/// Database and archive failures.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The database said no (locked, gone, constraint).
    #[error("database: {0}")]
    Db(#[from] sqlx::Error),
    /// Applying migrations failed.
    #[error("database migration: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
    /// The archive could not be written or read.
    #[error("archive {path}: {cause}")]
    Archive {
        /// Path.
        path: PathBuf,
        /// Cause.
        cause: std::io::Error,
    },
    /// A command that only reads was pointed at a database that is not there (it is never
    /// created for it).
    #[error("no database at {} (run `freightdesk run` first, or check [store] url)", .0.display())]
    Missing(PathBuf),
    /// A URL scheme with no migrations here.
    #[error("unsupported database URL `{0}` (this version supports sqlite://)")]
    Unsupported(String),
    /// A row that does not read back (a bug or a hand-edited database).
    #[error("database row: {0}")]
    Corrupt(String),
}

impl StoreError {
    /// Locked databases, lost connections and full disks pass; constraint errors do not.
    pub fn is_transient(&self) -> bool {
        match self {
            StoreError::Db(e) => {
                matches!(
                    e,
                    sqlx::Error::Io(_)
                        | sqlx::Error::PoolTimedOut
                        | sqlx::Error::PoolClosed
                        | sqlx::Error::WorkerCrashed
                ) || e.to_string().contains("locked")
                    || e.to_string().contains("busy")
            }
            StoreError::Archive { .. } => true,
            _ => false,
        }
    }
}

/// A result of the store.
pub type Result<T> = std::result::Result<T, StoreError>;

/// The database handle.
#[derive(Clone, Debug)]
pub struct Store {
    pool: AnyPool,
    /// Whose turn it is to write ([`Store::write_turn`]).
    writer: std::sync::Arc<tokio::sync::Mutex<()>>,
}

/// Held while writing to the database: see [`Store::write_turn`].
pub type WriteTurn<'a> = tokio::sync::MutexGuard<'a, ()>;

/// A stored document with its row id, message and load.
#[derive(Debug, Clone)]
pub struct StoredDocument {
    /// Row id.
    pub id: i64,
    /// The message (row id) it came in.
    pub message_row: i64,
    /// Attachment row, if from an attachment.
    pub attachment_row: Option<i64>,
    /// Sender of that message.
    pub from_addr: Option<String>,
    /// Subject of that message.
    pub subject: Option<String>,
    /// The load it is filed against, if any (row id).
    pub load_id: Option<i64>,
    /// The first document filed with the same load (or, unlinked, with none) from the same
    /// attachment bytes and pages, when this one repeats it: paperwork resent. Judged when it
    /// arrives, then left out of its load's state ([`load_state_documents`]).
    pub repeat_of: Option<i64>,
    /// The document.
    pub doc: ExtractedDocument,
}

/// A load.
#[derive(Debug, Clone)]
pub struct Load {
    /// Row id.
    pub id: i64,
    /// The broker's load number.
    pub load_number: String,
    /// Customer (shipper) from the directory.
    pub customer_id: Option<String>,
    /// Carrier MC from the rate confirmation.
    pub carrier_mc: Option<String>,
    /// booked | picked_up | delivered | invoiced.
    pub status: String,
}

/// One line of `freightdesk loads`: a load with the names the directory gives it.
#[derive(Debug, Clone)]
pub struct LoadListing {
    /// The load.
    pub load: Load,
    /// Customer name, when the load's customer is in the directory.
    pub customer: Option<String>,
    /// Carrier name, when a carrier in the directory has the load's MC number.
    pub carrier: Option<String>,
    /// Documents filed against the load.
    pub documents: i64,
    /// Messages (emails taken in) that name the load.
    pub messages: i64,
}

/// A notification waiting in (or sent from) the outbox.
#[derive(Debug, Clone)]
pub struct OutboxRow {
    /// Row id.
    pub id: i64,
    /// Event name.
    pub event: String,
    /// Message-ID to send with.
    pub email_message_id: String,
    /// Recipients.
    pub to: Vec<String>,
    /// Subject.
    pub subject: String,
    /// Plain-text body.
    pub body: String,
    /// In-Reply-To.
    pub in_reply_to: Option<String>,
    /// References.
    pub refs: Option<String>,
    /// Attachments as JSON `[{"sha256","filename","content_type"}]`.
    pub attachments: String,
    /// Tries so far.
    pub attempts: i64,
    /// The load's number, when the notification is about a load.
    pub load_number: Option<String>,
}

/// Now, as RFC 3339 UTC.
pub fn now() -> String {
    chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

impl Store {
    /// Open the database at `url` only if it is already there, for commands that only read it
    /// (`loads`, `exceptions`): a wrong path must not leave an empty database behind.
    ///
    /// Errors: [`StoreError::Missing`] when the SQLite file does not exist; as [`Store::open`].
    pub async fn open_existing(url: &str) -> Result<Store> {
        if let Some(rest) = url.strip_prefix("sqlite://") {
            let file = rest.split('?').next().unwrap_or(rest);
            if !file.starts_with(':') && !Path::new(file).is_file() {
                return Err(StoreError::Missing(PathBuf::from(file)));
            }
        }
        Store::open(url).await
    }

    /// Open (creating if needed) the database at `url` and apply migrations.
    pub async fn open(url: &str) -> Result<Store> {
        sqlx::any::install_default_drivers();
        let migrator = if let Some(path) = url.strip_prefix("sqlite://") {
            if let Some(parent) = PathBuf::from(path.split('?').next().unwrap_or(path)).parent() {
                if !parent.as_os_str().is_empty() {
                    std::fs::create_dir_all(parent).map_err(|cause| StoreError::Archive {
                        path: parent.to_path_buf(),
                        cause,
                    })?;
                }
            }
            sqlx::migrate!("migrations/sqlite")
        } else {
            return Err(StoreError::Unsupported(url.to_string()));
        };
        let full = if url.contains('?') {
            url.to_string()
        } else {
            format!("{url}?mode=rwc")
        };
        let opts = AnyConnectOptions::from_str(&full)?;
        let pool = AnyPoolOptions::new()
            .max_connections(4)
            .after_connect(|conn, _| {
                Box::pin(async move {
                    // WAL lets readers (freightdesk loads) run beside the daemon; busy_timeout
                    // waits out short locks instead of failing.
                    sqlx::query("PRAGMA journal_mode = WAL")
                        .execute(&mut *conn)
                        .await?;
                    sqlx::query("PRAGMA busy_timeout = 5000")
                        .execute(&mut *conn)
                        .await?;
                    sqlx::query("PRAGMA foreign_keys = ON")
                        .execute(&mut *conn)
                        .await?;
                    Ok(())
                })
            })
            .connect_with(opts)
            .await?;
        migrator.run(&pool).await?;
        // Statistics for the query planner, as SQLite advises for long-lived connections
        // (https://sqlite.org/lang_analyze.html#pragopt): tables whose statistics are missing
        // or stale are analyzed on a sample (`analysis_limit`), in milliseconds; without them
        // the queue of 50,000 exceptions can be sorted instead of read in index order.
        let mut conn = pool.acquire().await?;
        sqlx::query("PRAGMA analysis_limit = 400")
            .execute(&mut *conn)
            .await?;
        sqlx::query("PRAGMA optimize = 0x10002")
            .execute(&mut *conn)
            .await?;
        drop(conn);
        Ok(Store {
            pool,
            writer: Default::default(),
        })
    }

    /// Wait for this process's turn to write, first come first served; hold it from a write
    /// transaction's `BEGIN` to its `COMMIT`. SQLite allows one writer at a time and makes the
    /// others poll (`busy_timeout`), so a writer that waits while another commits back to back
    /// can miss every free moment: the notification sender's "sent" marks waited a second behind
    /// a backlog's commits (BENCHMARKS.md, latency at 50 messages a second). Taking turns here
    /// first, in order, makes that wait one commit long. The store's own writing methods take
    /// it themselves; never hold it across another call that writes.
    pub async fn write_turn(&self) -> WriteTurn<'_> {
        self.writer.lock().await
    }

    /// The pool, for transactions.
    pub fn pool(&self) -> &AnyPool {
        &self.pool
    }

    /// The status of a message already taken in with this content hash.
    pub async fn message_status(&self, sha256: &str) -> Result<Option<String>> {
        let row = sqlx::query("SELECT status FROM messages WHERE sha256 = $1")
            .bind(sha256)
            .fetch_optional(&self.pool)
            .await?;
        Ok(row.map(|r| r.get::<String, _>(0)))
    }

    /// Whether a message with this Message-ID was recorded (a re-delivery with other bytes).
    pub async fn message_id_known(&self, message_id: &str) -> Result<bool> {
        let row = sqlx::query("SELECT COUNT(*) FROM messages WHERE message_id = $1")
            .bind(message_id)
            .fetch_one(&self.pool)
            .await?;
        Ok(row.get::<i64, _>(0) > 0)
    }

    /// Whether a message with this Message-ID was recorded and already brought every one of
    /// these attachments (SHA-256, hex): then a message with the same Message-ID and other bytes
    /// is a re-delivery (a relay added a header) and is not processed again. A message that
    /// reuses a Message-ID but brings an attachment not seen with it (a carrier's mailer that
    /// repeats its ids) is processed, so no document is lost.
    pub async fn message_id_redelivery(
        &self,
        message_id: &str,
        attachment_sha256: &[String],
    ) -> Result<bool> {
        if !self.message_id_known(message_id).await? {
            return Ok(false);
        }
        let seen: Vec<String> = sqlx::query_scalar(
            "SELECT a.sha256 FROM attachments a JOIN messages m ON a.message_id = m.id \
             WHERE m.message_id = $1",
        )
        .bind(message_id)
        .fetch_all(&self.pool)
        .await?;
        Ok(attachment_sha256.iter().all(|s| seen.contains(s)))
    }

    /// Whether freightdesk can do its work, and the figures it is judged by: what `/readyz`,
    /// `/metrics` and `freightdesk status` say. Not ready: an email has waited in the outbox
    /// more than [`OUTBOX_STUCK_SECS`]. Errors: the database does not answer.
    pub async fn readiness(&self) -> Result<Readiness> {
        let counts = self.counts().await?;
        let mailboxes = self.mailbox_contacts().await?;
        let oldest_pending_secs = self
            .oldest_pending_notification()
            .await?
            .and_then(|t| chrono::DateTime::parse_from_rfc3339(&t).ok())
            .map(|t| (chrono::Utc::now() - t.with_timezone(&chrono::Utc)).num_seconds());
        let pending = counts.get("outbox.pending").copied().unwrap_or(0);
        let mut problems = Vec::new();
        if let Some(age) = oldest_pending_secs.filter(|a| *a > OUTBOX_STUCK_SECS) {
            problems.push(format!(
                "the outbox is stuck: {pending} email(s) waiting, the oldest for {} minutes \
                 (is the mail server reachable? see the log)",
                age / 60
            ));
        }
        for m in &mailboxes {
            let last = match m.reached_secs_ago {
                Some(s) => format!("last reached {} min ago", s / 60),
                None => "never reached".to_string(),
            };
            if !m.reached {
                problems.push(format!(
                    "the mailbox {}/{} cannot be read: {} ({last})",
                    m.account,
                    m.folder,
                    m.error.as_deref().unwrap_or("unknown error")
                ));
            } else if m.stale() {
                problems.push(format!(
                    "the mailbox {}/{} was not reached within its interval ({} s): {last} \
                     (is the daemon running?)",
                    m.account, m.folder, m.interval_secs
                ));
            }
        }
        Ok(Readiness {
            counts,
            oldest_pending_secs,
            mailboxes,
            problems,
        })
    }

    /// When the oldest notification still to send was queued (ISO 8601, UTC), if one waits.
    pub async fn oldest_pending_notification(&self) -> Result<Option<String>> {
        Ok(
            sqlx::query_scalar("SELECT MIN(created_at) FROM outbox WHERE status = 'pending'")
                .fetch_one(&self.pool)
                .await?,
        )
    }

    /// Notifications not yet sent, oldest first.
    pub async fn pending_notifications(&self) -> Result<Vec<OutboxRow>> {
        let rows = sqlx::query(
            "SELECT o.id, o.event, o.email_message_id, o.to_addrs, o.subject, o.body, \
             o.in_reply_to, o.refs, o.attachments, o.attempts, l.load_number FROM outbox o \
             LEFT JOIN loads l ON l.id = o.load_id WHERE o.status = 'pending' ORDER BY o.id",
        )
        .fetch_all(&self.pool)
        .await?;
        Ok(rows
            .into_iter()
            .map(|r| OutboxRow {
                id: r.get(0),
                event: r.get(1),
                email_message_id: r.get(2),
                to: r
                    .get::<String, _>(3)
                    .split(';')
                    .filter(|s| !s.is_empty())
                    .map(str::to_string)
                    .collect(),
                subject: r.get(4),
                body: r.get(5),
                in_reply_to: r.get(6),
                refs: r.get(7),
                attachments: r.get(8),
                attempts: r.get(9),
                load_number: r.get(10),
            })
            .collect())
    }

    /// Record that the transport accepted a notification.
    pub async fn mark_sent(&self, id: i64) -> Result<()> {
        let _turn = self.write_turn().await;
        sqlx::query("UPDATE outbox SET status = 'sent', sent_at = $1, attempts = attempts + 1 WHERE id = $2")
            .bind(now())
            .bind(id)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    /// Record that these notifications are about to be handed to the transport (one more
    /// attempt each), in one statement.
    pub async fn record_attempts(&self, ids: &[i64]) -> Result<()> {
        if ids.is_empty() {
            return Ok(());
        }
        let list: Vec<String> = (1..=ids.len()).map(|i| format!("${i}")).collect();
        let sql = format!(
            "UPDATE outbox SET attempts = attempts + 1 WHERE id IN ({})",
            list.join(", ")
        );
        let _turn = self.write_turn().await;
        // Only numbered placeholders are formatted in; every id is bound.
        let mut q = sqlx::query(sqlx::AssertSqlSafe(sql));
        for id in ids {
            q = q.bind(*id);
        }
        q.execute(&self.pool).await?;
        Ok(())
    }

    /// Record that the transport accepted a notification whose attempt was recorded
    /// ([`Store::record_attempts`]).
    pub async fn record_sent(&self, id: i64) -> Result<()> {
        let _turn = self.write_turn().await;
        sqlx::query("UPDATE outbox SET status = 'sent', sent_at = $1 WHERE id = $2")
            .bind(now())
            .bind(id)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    /// Record a failed try; `permanent` stops further tries.
    pub async fn mark_failed(&self, id: i64, error: &str, permanent: bool) -> Result<()> {
        let _turn = self.write_turn().await;
        sqlx::query(
            "UPDATE outbox SET attempts = attempts + 1, last_error = $1, status = $2 WHERE id = $3",
        )
        .bind(error)
        .bind(if permanent { "failed" } else { "pending" })
        .bind(id)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    /// The UIDVALIDITY and highest committed UID recorded for an IMAP folder, if any.
    pub async fn imap_folder(&self, account: &str, folder: &str) -> Result<Option<(u32, u32)>> {
        let row = sqlx::query(
            "SELECT uidvalidity, last_uid FROM imap_folders WHERE account = $1 AND folder = $2",
        )
        .bind(account)
        .bind(folder)
        .fetch_optional(&self.pool)
        .await?;
        Ok(row.map(|r| (r.get::<i64, _>(0) as u32, r.get::<i64, _>(1) as u32)))
    }

    /// Record an IMAP folder's UIDVALIDITY and highest committed UID (called after the message
    /// with that UID is committed; a crash before it only means the message is fetched again and
    /// recognised by its content hash).
    pub async fn set_imap_folder(
        &self,
        account: &str,
        folder: &str,
        uidvalidity: u32,
        last_uid: u32,
    ) -> Result<()> {
        let _turn = self.write_turn().await;
        sqlx::query(
            "INSERT INTO imap_folders (account, folder, uidvalidity, last_uid, updated_at) \
             VALUES ($1, $2, $3, $4, $5) ON CONFLICT (account, folder) DO UPDATE SET \
             uidvalidity = excluded.uidvalidity, last_uid = excluded.last_uid, \
             updated_at = excluded.updated_at",
        )
        .bind(account)
        .bind(folder)
        .bind(i64::from(uidvalidity))
        .bind(i64::from(last_uid))
        .bind(now())
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    /// Record a try to reach IMAP folder `account`/`folder`: `Ok` when it was reached (a pass
    /// over its new messages ended well), `Err(reason)` when it failed. `interval_secs`: how often
    /// the folder is reached when all is well (its IDLE or poll period).
    pub async fn record_mailbox_contact(
        &self,
        account: &str,
        folder: &str,
        outcome: std::result::Result<(), &str>,
        interval_secs: u64,
    ) -> Result<()> {
        let _turn = self.write_turn().await;
        let at = now();
        sqlx::query(
            "INSERT INTO mailbox_contact (account, folder, reached, reached_at, error, tried_at, \
             interval_secs) VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (account, folder) \
             DO UPDATE SET reached = excluded.reached, \
             reached_at = COALESCE(excluded.reached_at, mailbox_contact.reached_at), \
             error = excluded.error, tried_at = excluded.tried_at, \
             interval_secs = excluded.interval_secs",
        )
        .bind(account)
        .bind(folder)
        .bind(i64::from(outcome.is_ok()))
        .bind(outcome.is_ok().then_some(at.as_str()))
        .bind(outcome.err())
        .bind(at.as_str())
        .bind(i64::try_from(interval_secs).unwrap_or(i64::MAX))
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    /// Every IMAP folder a daemon has tried to reach, by account and folder.
    pub async fn mailbox_contacts(&self) -> Result<Vec<MailboxContact>> {
        let rows = sqlx::query(
            "SELECT account, folder, reached, reached_at, error, interval_secs \
             FROM mailbox_contact ORDER BY account, folder",
        )
        .fetch_all(&self.pool)
        .await?;
        Ok(rows
            .iter()
            .map(|r| MailboxContact {
                account: r.get(0),
                folder: r.get(1),
                reached: r.get::<i64, _>(2) == 1,
                reached_secs_ago: r
                    .get::<Option<String>, _>(3)
                    .and_then(|t| chrono::DateTime::parse_from_rfc3339(&t).ok())
                    .map(|t| (chrono::Utc::now() - t.with_timezone(&chrono::Utc)).num_seconds()),
                error: r.get(4),
                interval_secs: r.get(5),
            })
            .collect())
    }

    /// Counts for the run summary: (table or grouping, key) → count.
    pub async fn counts(&self) -> Result<BTreeMap<String, i64>> {
        let mut out = BTreeMap::new();
        for (name, sql) in [
            (
                "messages",
                "SELECT status, COUNT(*) FROM messages GROUP BY status",
            ),
            (
                "documents",
                "SELECT kind, COUNT(*) FROM documents GROUP BY kind",
            ),
            (
                "loads",
                "SELECT status, COUNT(*) FROM loads GROUP BY status",
            ),
            (
                "exceptions",
                "SELECT rule_id, COUNT(*) FROM exceptions GROUP BY rule_id",
            ),
            (
                "outbox",
                "SELECT status, COUNT(*) FROM outbox GROUP BY status",
            ),
        ] {
            for r in sqlx::query(sql).fetch_all(&self.pool).await? {
                out.insert(
                    format!("{name}.{}", r.get::<String, _>(0)),
                    r.get::<i64, _>(1),
                );
            }
        }
        Ok(out)
    }

    /// Every load with its customer's and carrier's names (from the directory) and its counts of
    /// documents and of messages that name it, oldest first.
    pub async fn list_loads(&self) -> Result<Vec<LoadListing>> {
        self.list_loads_where("1 = 1", "").await
    }

    /// [`Store::list_loads`] over the loads matching `clause` (a fixed string of this crate, with
    /// at most one bound text parameter `$1`).
    pub(crate) async fn list_loads_where(
        &self,
        clause: &str,
        param: &str,
    ) -> Result<Vec<LoadListing>> {
        let mut q = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT l.id, l.load_number, l.customer_id, l.carrier_mc, l.status, c.name, \
             (SELECT COUNT(*) FROM documents d WHERE d.load_id = l.id), \
             (SELECT COUNT(*) FROM messages m WHERE m.load_id = l.id), \
             (SELECT k.name FROM carriers k WHERE k.mc = l.carrier_mc ORDER BY k.carrier_id LIMIT 1) \
             FROM loads l LEFT JOIN customers c ON c.customer_id = l.customer_id WHERE {clause} ORDER BY l.id"
        )));
        if clause.contains("$1") {
            q = q.bind(param.to_string());
        }
        let rows = q.fetch_all(&self.pool).await?;
        Ok(rows
            .into_iter()
            .map(|r| LoadListing {
                load: load_from_row(&r),
                customer: r.get(5),
                documents: r.get(6),
                messages: r.get(7),
                carrier: r.get(8),
            })
            .collect())
    }
}

fn load_from_row(r: &sqlx::any::AnyRow) -> Load {
    Load {
        id: r.get(0),
        load_number: r.get(1),
        customer_id: r.get(2),
        carrier_mc: r.get(3),
        status: r.get(4),
    }
}

/// An email waiting in the outbox longer than this (seconds) means the outbox is stuck.
pub const OUTBOX_STUCK_SECS: i64 = 15 * 60;

/// What [`Store::readiness`] found.
#[derive(Debug, Clone)]
pub struct Readiness {
    /// [`Store::counts`]: `messages.<status>`, `documents.<kind>`, `loads.<status>`,
    /// `exceptions.<rule>`, `outbox.<status>`.
    pub counts: BTreeMap<String, i64>,
    /// Seconds the oldest email still to send has waited, if one does.
    pub oldest_pending_secs: Option<i64>,
    /// Each IMAP folder a daemon has tried to reach ([`Store::record_mailbox_contact`]).
    pub mailboxes: Vec<MailboxContact>,
    /// Why it is not ready, in words; empty when it is.
    pub problems: Vec<String>,
}

/// How an IMAP folder was last reached, as [`Store::readiness`] reports it.
#[derive(Debug, Clone)]
pub struct MailboxContact {
    /// The account's name in the config.
    pub account: String,
    /// The folder.
    pub folder: String,
    /// Whether the last try reached it.
    pub reached: bool,
    /// Seconds since it was last reached; `None`: never.
    pub reached_secs_ago: Option<i64>,
    /// Why the last try failed, when it did.
    pub error: Option<String>,
    /// How often it is reached when all is well, in seconds (its IDLE or poll period).
    pub interval_secs: i64,
}

impl MailboxContact {
    /// Reached, but longer ago than twice its interval and a minute: no daemon reads it now.
    pub fn stale(&self) -> bool {
        self.reached_secs_ago
            .is_some_and(|s| s > 2 * self.interval_secs + 60)
    }
}

/// A message as recorded.
#[derive(Debug)]
pub struct NewMessage<'a> {
    /// Content hash.
    pub sha256: &'a str,
    /// Source description.
    pub source: &'a str,
    /// Message-ID.
    pub message_id: Option<&'a str>,
    /// From.
    pub from_addr: Option<&'a str>,
    /// To, `;`-joined.
    pub to_addrs: String,
    /// Subject.
    pub subject: Option<&'a str>,
    /// Date header as RFC 3339.
    pub sent_at: Option<&'a str>,
    /// Raw size.
    pub size_bytes: usize,
    /// processed | failed.
    pub status: &'a str,
    /// Failure reason.
    pub error: Option<&'a str>,
    /// Rule set version.
    pub rules_version: &'a str,
}

/// Insert a message row; returns its id.
pub async fn insert_message(conn: &mut AnyConnection, m: &NewMessage<'_>) -> Result<i64> {
    let row = sqlx::query(
        "INSERT INTO messages (sha256, source, message_id, from_addr, to_addrs, subject, sent_at, \
         size_bytes, status, error, rules_version, received_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING id",
    )
    .bind(m.sha256)
    .bind(m.source)
    .bind(m.message_id)
    .bind(m.from_addr)
    .bind(&m.to_addrs)
    .bind(m.subject)
    .bind(m.sent_at)
    .bind(m.size_bytes as i64)
    .bind(m.status)
    .bind(m.error)
    .bind(m.rules_version)
    .bind(now())
    .fetch_one(&mut *conn)
    .await?;
    Ok(row.get(0))
}

/// Note the load a message's subject or body names, so a message without documents (a driver's
/// ETA) is still filed with its load.
pub async fn set_message_load(
    conn: &mut AnyConnection,
    message_row: i64,
    load_id: i64,
) -> Result<()> {
    sqlx::query("UPDATE messages SET load_id = $1 WHERE id = $2")
        .bind(load_id)
        .bind(message_row)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// An attachment as recorded.
#[derive(Debug)]
pub struct NewAttachment<'a> {
    /// Position in the message.
    pub part_index: usize,
    /// File name.
    pub filename: Option<&'a str>,
    /// MIME type.
    pub content_type: &'a str,
    /// Archive key.
    pub sha256: &'a str,
    /// Size.
    pub size_bytes: usize,
    /// Inside a forwarded message.
    pub forwarded: bool,
    /// extracted | failed | skipped.
    pub status: &'a str,
    /// Why it failed or was skipped.
    pub error: Option<&'a str>,
}

/// Insert an attachment row; returns its id.
pub async fn insert_attachment(
    conn: &mut AnyConnection,
    message_row: i64,
    a: &NewAttachment<'_>,
) -> Result<i64> {
    let row = sqlx::query(
        "INSERT INTO attachments (message_id, part_index, filename, content_type, sha256, \
         size_bytes, forwarded, status, error) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id",
    )
    .bind(message_row)
    .bind(a.part_index as i64)
    .bind(a.filename)
    .bind(a.content_type)
    .bind(a.sha256)
    .bind(a.size_bytes as i64)
    .bind(a.forwarded as i64)
    .bind(a.status)
    .bind(a.error)
    .fetch_one(&mut *conn)
    .await?;
    Ok(row.get(0))
}

/// Rows in one multi-row `INSERT` (SQLite allows 32,766 bound values, PostgreSQL 65,535).
const ROWS_PER_INSERT: usize = 100;

/// `($1, $2, …), ($k+1, …)`: `rows` rows of `cols` numbered placeholders, which SQLite and
/// PostgreSQL both accept.
fn placeholders(rows: usize, cols: usize) -> String {
    (0..rows)
        .map(|r| {
            let row: Vec<String> = (1..=cols).map(|c| format!("${}", r * cols + c)).collect();
            format!("({})", row.join(", "))
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// Insert a document with its fields and charge lines; returns its id.
pub async fn insert_document(
    conn: &mut AnyConnection,
    message_row: i64,
    attachment_row: Option<i64>,
    doc: &ExtractedDocument,
    rules_version: &str,
) -> Result<i64> {
    let pages = serde_json::to_string(&doc.pages).expect("pages serialize");
    let row = sqlx::query(
        "INSERT INTO documents (message_id, attachment_id, kind, pages, template, issuer, \
         rules_version, created_at, content_key) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, \
         (SELECT a.sha256 FROM attachments a WHERE a.id = $2) || ':' || $4) RETURNING id",
    )
    .bind(message_row)
    .bind(attachment_row)
    .bind(doc.kind.as_str())
    .bind(pages)
    .bind(doc.template.as_deref())
    .bind(doc.issuer.as_deref())
    .bind(rules_version)
    .bind(now())
    .fetch_one(&mut *conn)
    .await?;
    let id: i64 = row.get(0);
    // One statement per table rather than one per row: a document has a dozen fields.
    let fields: Vec<_> = doc.fields.iter().collect();
    for chunk in fields.chunks(ROWS_PER_INSERT) {
        let sql = format!(
            "INSERT INTO fields (document_id, name, value, printed, page, span_start, span_end, \
             rule) VALUES {}",
            placeholders(chunk.len(), 8)
        );
        // Only numbered placeholders are formatted in; every value is bound.
        let mut q = sqlx::query(sqlx::AssertSqlSafe(sql));
        for (name, f) in chunk {
            q = q
                .bind(id)
                .bind(*name)
                .bind(&f.value)
                .bind(&f.provenance.printed)
                .bind(f.provenance.page as i64)
                .bind(f.provenance.span.0 as i64)
                .bind(f.provenance.span.1 as i64)
                .bind(&f.provenance.rule);
        }
        q.execute(&mut *conn).await?;
    }
    let lines: Vec<(&str, usize, &Charge)> = [
        ("charges", &doc.charges),
        ("accessorials", &doc.accessorials),
    ]
    .into_iter()
    .flat_map(|(list, lines)| lines.iter().enumerate().map(move |(i, c)| (list, i, c)))
    .collect();
    for chunk in lines.chunks(ROWS_PER_INSERT) {
        let sql = format!(
            "INSERT INTO charges (document_id, list, line_no, description, code, amount_usd, \
             page) VALUES {}",
            placeholders(chunk.len(), 7)
        );
        // Only numbered placeholders are formatted in; every value is bound.
        let mut q = sqlx::query(sqlx::AssertSqlSafe(sql));
        for (list, i, c) in chunk {
            q = q
                .bind(id)
                .bind(*list)
                .bind(*i as i64)
                .bind(&c.description)
                .bind(&c.code)
                .bind(c.amount_usd.map(|a| a.to_string()))
                .bind(c.page as i64);
        }
        q.execute(&mut *conn).await?;
    }
    let stops: Vec<(usize, &Stop)> = doc.stops.iter().enumerate().collect();
    for chunk in stops.chunks(ROWS_PER_INSERT) {
        let sql = format!(
            "INSERT INTO stops (document_id, stop_no, type, name, address, city, state, zip, \
             date, time, reference, page) VALUES {}",
            placeholders(chunk.len(), 12)
        );
        // Only numbered placeholders are formatted in; every value is bound.
        let mut q = sqlx::query(sqlx::AssertSqlSafe(sql));
        for (i, s) in chunk {
            q = q
                .bind(id)
                .bind(*i as i64)
                .bind(s.stop_type.as_str())
                .bind(s.name.as_deref())
                .bind(s.address.as_deref())
                .bind(s.city.as_deref())
                .bind(s.state.as_deref())
                .bind(s.zip.as_deref())
                .bind(s.date.as_deref())
                .bind(s.time.as_deref())
                .bind(s.reference.as_deref())
                .bind(s.page as i64);
        }
        q.execute(&mut *conn).await?;
    }
    mark_repeat(conn, id).await?;
    Ok(id)
}

/// Record whether document `document_id` repeats one already filed with its load (the same
/// attachment bytes and pages; two unlinked documents count as filed together): `repeat_of` is
/// the first such document, or NULL. Run when the document is stored and whenever its load
/// changes. See `migrations/sqlite/0010_repeats.sql`.
async fn mark_repeat(conn: &mut AnyConnection, document_id: i64) -> Result<()> {
    sqlx::query(
        "UPDATE documents SET repeat_of = \
         (SELECT MIN(o.id) FROM documents o WHERE o.content_key = documents.content_key \
          AND o.load_id IS documents.load_id AND o.id <> documents.id AND o.repeat_of IS NULL) \
         WHERE id = $1",
    )
    .bind(document_id)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// Set a document's load and how it was linked.
pub async fn link_document(
    conn: &mut AnyConnection,
    document_id: i64,
    load_id: i64,
    linked_by: &str,
) -> Result<()> {
    sqlx::query("UPDATE documents SET load_id = $1, linked_by = $2 WHERE id = $3")
        .bind(load_id)
        .bind(linked_by)
        .bind(document_id)
        .execute(&mut *conn)
        .await?;
    mark_repeat(conn, document_id).await
}

/// The load of an email freightdesk sent: the first of `message_ids` (Message-IDs without angle
/// brackets, e.g. an incoming reply's In-Reply-To, then its References newest first) that is a
/// notification in the outbox with a load. `None` when none is.
pub async fn load_of_notification(
    conn: &mut AnyConnection,
    message_ids: &[&str],
) -> Result<Option<Load>> {
    for id in message_ids {
        let row = sqlx::query(
            "SELECT l.id, l.load_number, l.customer_id, l.carrier_mc, l.status FROM outbox o \
             JOIN loads l ON l.id = o.load_id WHERE o.email_message_id = $1",
        )
        .bind(*id)
        .fetch_optional(&mut *conn)
        .await?;
        if let Some(r) = row {
            return Ok(Some(load_from_row(&r)));
        }
    }
    Ok(None)
}

/// The load with this load number.
pub async fn load_by_number(conn: &mut AnyConnection, load_number: &str) -> Result<Option<Load>> {
    let row = sqlx::query(
        "SELECT id, load_number, customer_id, carrier_mc, status FROM loads WHERE load_number = $1",
    )
    .bind(load_number)
    .fetch_optional(&mut *conn)
    .await?;
    Ok(row.as_ref().map(load_from_row))
}

/// The load a reference (`pro_number`, `bol_number`, `po_number`) belongs to.
pub async fn load_by_ref(
    conn: &mut AnyConnection,
    ref_kind: &str,
    value: &str,
) -> Result<Option<Load>> {
    let row = sqlx::query(
        "SELECT l.id, l.load_number, l.customer_id, l.carrier_mc, l.status FROM loads l \
         JOIN load_refs r ON r.load_id = l.id WHERE r.ref_kind = $1 AND r.value = $2",
    )
    .bind(ref_kind)
    .bind(value)
    .fetch_optional(&mut *conn)
    .await?;
    Ok(row.as_ref().map(load_from_row))
}

/// The load with this id.
pub async fn load_by_id(conn: &mut AnyConnection, id: i64) -> Result<Load> {
    let row = sqlx::query(
        "SELECT id, load_number, customer_id, carrier_mc, status FROM loads WHERE id = $1",
    )
    .bind(id)
    .fetch_one(&mut *conn)
    .await?;
    Ok(load_from_row(&row))
}

/// Create a load (booked).
pub async fn create_load(
    conn: &mut AnyConnection,
    load_number: &str,
    carrier_mc: Option<&str>,
) -> Result<Load> {
    let row = sqlx::query(
        "INSERT INTO loads (load_number, carrier_mc, status, created_at) VALUES ($1, $2, 'booked', $3) \
         RETURNING id",
    )
    .bind(load_number)
    .bind(carrier_mc)
    .bind(now())
    .fetch_one(&mut *conn)
    .await?;
    load_by_id(conn, row.get(0)).await
}

/// Update a load's customer, carrier MC or status (each only when given).
pub async fn update_load(
    conn: &mut AnyConnection,
    id: i64,
    customer_id: Option<&str>,
    carrier_mc: Option<&str>,
    status: Option<&str>,
) -> Result<()> {
    sqlx::query(
        "UPDATE loads SET customer_id = COALESCE($1, customer_id), \
         carrier_mc = COALESCE($2, carrier_mc), status = COALESCE($3, status) WHERE id = $4",
    )
    .bind(customer_id)
    .bind(carrier_mc)
    .bind(status)
    .bind(id)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// Record a reference of a load; a reference already taken by another load is left alone.
pub async fn add_load_ref(
    conn: &mut AnyConnection,
    load_id: i64,
    ref_kind: &str,
    value: &str,
) -> Result<()> {
    sqlx::query(
        "INSERT INTO load_refs (load_id, ref_kind, value) VALUES ($1, $2, $3) \
         ON CONFLICT (ref_kind, value) DO NOTHING",
    )
    .bind(load_id)
    .bind(ref_kind)
    .bind(value)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// Documents matching a where-clause over `d` (documents) with one bound text parameter. Four
/// queries whatever the number of documents (the documents, then all their fields, charges and
/// stops at once): a load with hundreds of documents (a carrier's system resending its
/// paperwork) costs rows, not round trips.
async fn documents_where(
    conn: &mut AnyConnection,
    clause: &str,
    param: &str,
) -> Result<Vec<StoredDocument>> {
    // `clause` is fixed text of this module and integers; values are bound.
    let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
        "SELECT d.id, d.message_id, d.attachment_id, m.from_addr, d.kind, d.pages, d.template, d.issuer, \
         m.subject, d.load_id, d.repeat_of FROM documents d JOIN messages m ON m.id = d.message_id WHERE {clause} ORDER BY d.id"
    )))
    .bind(param)
    .fetch_all(&mut *conn)
    .await?;
    let mut docs = Vec::with_capacity(rows.len());
    let mut at: std::collections::HashMap<i64, usize> = std::collections::HashMap::new();
    for r in rows {
        let id: i64 = r.get(0);
        let kind: String = r.get(4);
        let pages: String = r.get(5);
        at.insert(id, docs.len());
        docs.push(StoredDocument {
            id,
            message_row: r.get(1),
            attachment_row: r.get(2),
            from_addr: r.get(3),
            subject: r.get(8),
            load_id: r.get(9),
            repeat_of: r.get(10),
            doc: ExtractedDocument {
                kind: DocumentKind::from_str(&kind).map_err(StoreError::Corrupt)?,
                pages: serde_json::from_str(&pages)
                    .map_err(|e| StoreError::Corrupt(e.to_string()))?,
                template: r.get(6),
                issuer: r.get(7),
                fields: BTreeMap::new(),
                charges: Vec::new(),
                accessorials: Vec::new(),
                stops: Vec::new(),
            },
        });
    }
    if docs.is_empty() {
        return Ok(docs);
    }
    let of = format!("document_id IN (SELECT d.id FROM documents d WHERE {clause})");
    for f in sqlx::query(sqlx::AssertSqlSafe(format!(
        "SELECT document_id, name, value, printed, page, span_start, span_end, rule FROM fields \
         WHERE {of}"
    )))
    .bind(param)
    .fetch_all(&mut *conn)
    .await?
    {
        let Some(&i) = at.get(&f.get::<i64, _>(0)) else {
            continue;
        };
        docs[i].doc.fields.insert(
            f.get(1),
            Field {
                value: f.get(2),
                provenance: Provenance {
                    printed: f.get(3),
                    page: f.get::<i64, _>(4) as u32,
                    span: (f.get::<i64, _>(5) as usize, f.get::<i64, _>(6) as usize),
                    rule: f.get(7),
                    confidence: 1.0,
                },
            },
        );
    }
    for c in sqlx::query(sqlx::AssertSqlSafe(format!(
        "SELECT document_id, list, description, code, amount_usd, page FROM charges \
         WHERE {of} ORDER BY document_id, list, line_no"
    )))
    .bind(param)
    .fetch_all(&mut *conn)
    .await?
    {
        let Some(&i) = at.get(&c.get::<i64, _>(0)) else {
            continue;
        };
        let list: String = c.get(1);
        let charge = Charge {
            description: c.get(2),
            code: c.get(3),
            amount_usd: c
                .get::<Option<String>, _>(4)
                .and_then(|a| Decimal::from_str(&a).ok()),
            page: c.get::<i64, _>(5) as u32,
        };
        if list == "charges" {
            docs[i].doc.charges.push(charge);
        } else {
            docs[i].doc.accessorials.push(charge);
        }
    }
    for r in sqlx::query(sqlx::AssertSqlSafe(format!(
        "SELECT document_id, type, name, address, city, state, zip, date, time, reference, page \
         FROM stops WHERE {of} ORDER BY document_id, stop_no"
    )))
    .bind(param)
    .fetch_all(&mut *conn)
    .await?
    {
        let Some(&i) = at.get(&r.get::<i64, _>(0)) else {
            continue;
        };
        let ty: String = r.get(1);
        docs[i].doc.stops.push(Stop {
            stop_type: if ty == "pickup" {
                StopType::Pickup
            } else {
                StopType::Delivery
            },
            name: r.get(2),
            address: r.get(3),
            city: r.get(4),
            state: r.get(5),
            zip: r.get(6),
            date: r.get(7),
            time: r.get(8),
            reference: r.get(9),
            page: r.get::<i64, _>(10) as u32,
        });
    }
    Ok(docs)
}

/// Every document linked to a load, oldest first.
pub async fn load_documents(conn: &mut AnyConnection, load_id: i64) -> Result<Vec<StoredDocument>> {
    documents_where(
        conn,
        "d.load_id = CAST($1 AS INTEGER)",
        &load_id.to_string(),
    )
    .await
}

/// The documents that make a load's state, oldest first: each distinct document of it (not a
/// repeat of another, see [`StoredDocument::repeat_of`]), and the documents of `also` that are
/// filed with it (this message's new ones, which are judged even when they repeat). Reads as many
/// rows as the load has distinct documents, however often its paperwork was resent.
pub async fn load_state_documents(
    conn: &mut AnyConnection,
    load_id: i64,
    also: &[i64],
) -> Result<Vec<StoredDocument>> {
    // Only integers are formatted in; the load id is bound.
    let also: Vec<String> = also.iter().map(i64::to_string).collect();
    let clause = format!(
        "d.id IN (SELECT id FROM documents WHERE load_id = CAST($1 AS INTEGER) AND repeat_of IS NULL \
         UNION SELECT id FROM documents WHERE id IN ({}) AND load_id = CAST($1 AS INTEGER))",
        if also.is_empty() { "NULL".to_string() } else { also.join(", ") }
    );
    documents_where(conn, &clause, &load_id.to_string()).await
}

/// Every carrier invoice with this invoice number, oldest first, repeats left out (paperwork
/// resent: the first copy stands for them; see [`StoredDocument::repeat_of`]).
pub async fn invoices_numbered(
    conn: &mut AnyConnection,
    invoice_number: &str,
) -> Result<Vec<StoredDocument>> {
    documents_where(
        conn,
        "d.kind = 'carrier_invoice' AND d.repeat_of IS NULL AND d.id IN \
         (SELECT document_id FROM fields WHERE name = 'invoice_number' AND value = $1)",
        invoice_number,
    )
    .await
}

/// An exception to record.
#[derive(Debug)]
pub struct NewException<'a> {
    /// Unique key: the same exception is recorded once.
    pub dedupe_key: String,
    /// Rule id.
    pub rule_id: &'a str,
    /// `checks.toml#id`.
    pub rule_ref: &'a str,
    /// Rule set version.
    pub rules_version: &'a str,
    /// low | medium | high.
    pub severity: &'a str,
    /// Load row.
    pub load_id: Option<i64>,
    /// Message row that raised it.
    pub message_row: Option<i64>,
    /// Documents it is about.
    pub document_ids: Vec<i64>,
    /// The sentence staff read.
    pub sentence: String,
    /// What it says, as a key (rule id, load, the values of its sentence): while an exception
    /// with this key is open, the same is not recorded again. `None`: no such deduplication.
    pub fact_key: Option<String>,
}

/// Record an exception; returns its id, or `None` when the same exception exists: one with the
/// same `dedupe_key` (the same check on the same document, whatever its status), or an open one
/// with the same `fact_key` (the same facts, from another document or email).
pub async fn insert_exception(
    conn: &mut AnyConnection,
    e: &NewException<'_>,
) -> Result<Option<i64>> {
    // No conflict target: either unique index (dedupe_key, open fact_key) means "already there".
    let row = sqlx::query(
        "INSERT INTO exceptions (dedupe_key, rule_id, rule_ref, rules_version, severity, load_id, \
         message_id, document_ids, sentence, status, created_at, fact_key) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 'open', $10, $11) \
         ON CONFLICT DO NOTHING RETURNING id",
    )
    .bind(&e.dedupe_key)
    .bind(e.rule_id)
    .bind(e.rule_ref)
    .bind(e.rules_version)
    .bind(e.severity)
    .bind(e.load_id)
    .bind(e.message_row)
    .bind(serde_json::to_string(&e.document_ids).expect("ids serialize"))
    .bind(&e.sentence)
    .bind(now())
    .bind(&e.fact_key)
    .fetch_optional(&mut *conn)
    .await?;
    Ok(row.map(|r| r.get(0)))
}

/// An exception resolved by [`resolve_exception`].
#[derive(Debug, Clone)]
pub struct ResolvedException {
    /// Row id.
    pub id: i64,
    /// Rule id.
    pub rule_id: String,
    /// Its sentence.
    pub sentence: String,
    /// Its severity (low, medium, high).
    pub severity: String,
    /// Its load (row id), if any.
    pub load_id: Option<i64>,
}

/// Resolve the open exception with this dedupe key (status `resolved`), naming the document that
/// settled it. Returns it, or `None` when there is no open one with that key.
pub async fn resolve_exception(
    conn: &mut AnyConnection,
    dedupe_key: &str,
    resolved_by_document: Option<i64>,
) -> Result<Option<ResolvedException>> {
    let row = sqlx::query(
        "UPDATE exceptions SET status = 'resolved', resolved_by_document = $1, resolved_at = $2 \
         WHERE dedupe_key = $3 AND status = 'open' RETURNING id, rule_id, sentence, severity, load_id",
    )
    .bind(resolved_by_document)
    .bind(now())
    .bind(dedupe_key)
    .fetch_optional(&mut *conn)
    .await?;
    Ok(row.as_ref().map(resolved_from_row))
}

/// A resolved exception from `RETURNING id, rule_id, sentence, severity, load_id`.
fn resolved_from_row(r: &sqlx::any::AnyRow) -> ResolvedException {
    ResolvedException {
        id: r.get(0),
        rule_id: r.get(1),
        sentence: r.get(2),
        severity: r.get(3),
        load_id: r.get(4),
    }
}

/// Set field `name` of a document to `value` (normalized) as `printed`, read by `rule` (for a
/// person's correction, `workspace#<user>`): the row is replaced, or added on page 0 when the
/// document had no such field. Returns the value it had before, if any.
pub async fn set_field(
    conn: &mut AnyConnection,
    document_id: i64,
    name: &str,
    value: &str,
    printed: &str,
    rule: &str,
) -> Result<Option<String>> {
    let before: Option<String> =
        sqlx::query_scalar("SELECT value FROM fields WHERE document_id = $1 AND name = $2")
            .bind(document_id)
            .bind(name)
            .fetch_optional(&mut *conn)
            .await?;
    if before.is_some() {
        sqlx::query(
            "UPDATE fields SET value = $1, printed = $2, rule = $3 \
             WHERE document_id = $4 AND name = $5",
        )
        .bind(value)
        .bind(printed)
        .bind(rule)
        .bind(document_id)
        .bind(name)
        .execute(&mut *conn)
        .await?;
    } else {
        sqlx::query(
            "INSERT INTO fields (document_id, name, value, printed, page, span_start, span_end, rule) \
             VALUES ($1, $2, $3, $4, 0, 0, 0, $5)",
        )
        .bind(document_id)
        .bind(name)
        .bind(value)
        .bind(printed)
        .bind(rule)
        .execute(&mut *conn)
        .await?;
    }
    Ok(before)
}

/// Resolve the open exception with `dedupe_key` by a person (`actor`, `note`); the exception, if
/// one was open.
pub async fn resolve_exception_by_user(
    conn: &mut AnyConnection,
    dedupe_key: &str,
    actor: &str,
    note: &str,
) -> Result<Option<ResolvedException>> {
    let row = sqlx::query(
        "UPDATE exceptions SET status = 'resolved', resolved_at = $1, resolved_by_user = $2, \
         resolution_note = $3 WHERE dedupe_key = $4 AND status = 'open' \
         RETURNING id, rule_id, sentence, severity, load_id",
    )
    .bind(now())
    .bind(actor)
    .bind(note)
    .bind(dedupe_key)
    .fetch_optional(&mut *conn)
    .await?;
    Ok(row.as_ref().map(resolved_from_row))
}

/// Documents filed with no load that a load claims: those (not `other`) printing its load number,
/// or, when they print no load number of a booked load, one of its references (PRO, BOL, PO
/// number). Oldest first, with the field that matched (`load_number`, `pro_number`, …).
pub async fn unlinked_documents_of(
    conn: &mut AnyConnection,
    load: &Load,
) -> Result<Vec<(i64, String)>> {
    // Driven by the load's number and references (indexed), not by every document's fields;
    // documents already filed are dropped before the costlier test of a reference match, so
    // paperwork resent to its load a thousand times costs an index entry each.
    let rows = sqlx::query(
        "SELECT x.id, MIN(x.matched) FROM ( \
           SELECT d.id AS id, 'a:load_number' AS matched FROM fields f \
           JOIN documents d ON d.id = f.document_id \
           WHERE f.name = 'load_number' AND f.value = $1 \
             AND d.load_id IS NULL AND d.kind <> 'other' \
           UNION ALL \
           SELECT d.id, 'b:' || f.name FROM load_refs r \
           JOIN fields f ON f.name = r.ref_kind AND f.value = r.value \
           JOIN documents d ON d.id = f.document_id \
           WHERE r.load_id = $2 AND d.load_id IS NULL AND d.kind <> 'other' AND NOT EXISTS ( \
             SELECT 1 FROM fields g JOIN loads l ON l.load_number = g.value \
             WHERE g.document_id = d.id AND g.name = 'load_number')) x \
         GROUP BY x.id ORDER BY x.id",
    )
    .bind(&load.load_number)
    .bind(load.id)
    .fetch_all(&mut *conn)
    .await?;
    Ok(rows
        .iter()
        .map(|r| {
            let by: String = r.get(1);
            (r.get(0), by[2..].to_string())
        })
        .collect())
}

/// One stored document by row id.
pub async fn document(conn: &mut AnyConnection, id: i64) -> Result<StoredDocument> {
    documents_where(conn, "d.id = CAST($1 AS INTEGER)", &id.to_string())
        .await?
        .pop()
        .ok_or_else(|| StoreError::Corrupt(format!("document {id} is not in the database")))
}

/// Whether a notification of `event` about this load is in the outbox (queued or sent).
pub async fn notification_queued(
    conn: &mut AnyConnection,
    event: &str,
    load_id: i64,
) -> Result<bool> {
    let row = sqlx::query("SELECT COUNT(*) FROM outbox WHERE event = $1 AND load_id = $2")
        .bind(event)
        .bind(load_id)
        .fetch_one(&mut *conn)
        .await?;
    Ok(row.get::<i64, _>(0) > 0)
}

/// A notification to queue.
#[derive(Debug)]
pub struct NewNotification {
    /// Unique key: the notification is written once.
    pub dedupe_key: String,
    /// Event.
    pub event: String,
    /// `notifications.toml#event`.
    pub rule_ref: String,
    /// Rule set version.
    pub rules_version: String,
    /// Load row.
    pub load_id: Option<i64>,
    /// Message row that caused it.
    pub cause_message_row: Option<i64>,
    /// Message-ID it will carry.
    pub email_message_id: String,
    /// Recipients.
    pub to: Vec<String>,
    /// Subject.
    pub subject: String,
    /// Body.
    pub body: String,
    /// In-Reply-To.
    pub in_reply_to: Option<String>,
    /// References.
    pub refs: Option<String>,
    /// JSON list of archived attachments.
    pub attachments: String,
    /// Held for the staff digest (status `held`) instead of sent (`pending`); see
    /// [`crate::notify::queue_staff_digest`].
    pub held_for_digest: bool,
}

/// A staff email about an exception, held for the staff digest (outbox status `held`), with the
/// exception as it stands now.
#[derive(Debug, Clone)]
pub struct HeldForDigest {
    /// Outbox row of the held email.
    pub outbox_id: i64,
    /// When the exception was raised (ISO 8601, UTC).
    pub raised_at: String,
    /// The exception's row id (its page: `/exceptions/{id}`).
    pub exception_id: i64,
    /// Rule id (`invoice_over_agreed`).
    pub rule_id: String,
    /// `low`, `medium` or `high`.
    pub severity: String,
    /// The exception's sentence.
    pub sentence: String,
    /// `open`, or `resolved` when someone or a later document resolved it while it waited.
    pub status: String,
    /// The load it is about, if any.
    pub load_number: Option<String>,
    /// The subject of the held email (the exception's headline as the staff template words it:
    /// `[medium] Invoice RM-10452 has no POD - load 4471203`).
    pub subject: String,
}

/// The staff emails held for the digest, oldest first. A held email's dedupe key names its
/// exception (`exception:<id>:<template>`); one exception routed to staff by two templates is
/// listed once.
pub async fn held_for_digest(conn: &mut AnyConnection) -> Result<Vec<HeldForDigest>> {
    let held = sqlx::query(
        "SELECT id, dedupe_key, subject FROM outbox WHERE status = 'held' AND event = 'exception' \
         ORDER BY id",
    )
    .fetch_all(&mut *conn)
    .await?;
    let mut out: Vec<HeldForDigest> = Vec::with_capacity(held.len());
    for r in held {
        let outbox_id: i64 = r.get(0);
        let key: String = r.get(1);
        let subject: String = r.get(2);
        let Some(exception_id) = key
            .strip_prefix("exception:")
            .and_then(|k| k.split(':').next())
            .and_then(|id| id.parse::<i64>().ok())
        else {
            continue;
        };
        if out.iter().any(|h| h.exception_id == exception_id) {
            // Another template's email about the same exception: listed once, digested too.
            out.push(HeldForDigest {
                outbox_id,
                ..out
                    .iter()
                    .find(|h| h.exception_id == exception_id)
                    .expect("found")
                    .clone()
            });
            continue;
        }
        let e = sqlx::query(
            "SELECT e.created_at, e.rule_id, e.severity, e.sentence, e.status, l.load_number \
             FROM exceptions e LEFT JOIN loads l ON l.id = e.load_id WHERE e.id = $1",
        )
        .bind(exception_id)
        .fetch_optional(&mut *conn)
        .await?;
        if let Some(e) = e {
            out.push(HeldForDigest {
                outbox_id,
                raised_at: e.get(0),
                exception_id,
                rule_id: e.get(1),
                severity: e.get(2),
                sentence: e.get(3),
                status: e.get(4),
                load_number: e.get(5),
                subject,
            });
        }
    }
    Ok(out)
}

/// When the last staff digest was queued (ISO 8601, UTC), if ever.
pub async fn last_digest_at(conn: &mut AnyConnection) -> Result<Option<String>> {
    Ok(
        sqlx::query_scalar("SELECT MAX(created_at) FROM outbox WHERE event = 'staff_digest'")
            .fetch_one(&mut *conn)
            .await?,
    )
}

/// Mark held staff emails as folded into a digest (status `digested`): never sent on their own.
pub async fn mark_digested(conn: &mut AnyConnection, outbox_ids: &[i64]) -> Result<()> {
    for id in outbox_ids {
        sqlx::query("UPDATE outbox SET status = 'digested' WHERE id = $1 AND status = 'held'")
            .bind(id)
            .execute(&mut *conn)
            .await?;
    }
    Ok(())
}

/// Queue a notification; returns whether it was new (false: the dedupe key exists).
pub async fn enqueue(conn: &mut AnyConnection, n: &NewNotification) -> Result<bool> {
    let row = sqlx::query(
        "INSERT INTO outbox (dedupe_key, event, rule_ref, rules_version, load_id, cause_message_id, \
         email_message_id, to_addrs, subject, body, in_reply_to, refs, attachments, status, attempts, \
         created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $15, 0, $14) \
         ON CONFLICT (dedupe_key) DO NOTHING RETURNING id",
    )
    .bind(&n.dedupe_key)
    .bind(&n.event)
    .bind(&n.rule_ref)
    .bind(&n.rules_version)
    .bind(n.load_id)
    .bind(n.cause_message_row)
    .bind(&n.email_message_id)
    .bind(n.to.join(";"))
    .bind(&n.subject)
    .bind(&n.body)
    .bind(n.in_reply_to.as_deref())
    .bind(n.refs.as_deref())
    .bind(&n.attachments)
    .bind(now())
    .bind(if n.held_for_digest { "held" } else { "pending" })
    .fetch_optional(&mut *conn)
    .await?;
    Ok(row.is_some())
}

#[cfg(test)]
mod tests {
    use super::MailboxContact;

    fn reached(secs_ago: Option<i64>) -> MailboxContact {
        MailboxContact {
            account: "ops".into(),
            folder: "INBOX".into(),
            reached: true,
            reached_secs_ago: secs_ago,
            error: None,
            interval_secs: 1500,
        }
    }

    #[test]
    fn a_mailbox_is_stale_past_twice_its_interval_and_a_minute() {
        assert!(!reached(Some(3060)).stale());
        assert!(reached(Some(3061)).stale());
        assert!(!reached(None).stale(), "never reached is said otherwise");
    }
}
