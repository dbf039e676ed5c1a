//! The pipeline for one message: archive → MIME → extract → store → link and check → queue
//! notifications, all of it committed in one database transaction.
//!
//! Entry point: [`Pipeline::process`], which is [`Pipeline::prepare`] (archive, MIME, read the
//! attachments' pages in worker processes, classify and extract: no database writes) then
//! [`Pipeline::commit`] (the transaction). The daemon prepares the next messages while it
//! commits one, in order ([`crate::daemon`]). A message is archived before anything else; a
//! message whose content hash is already recorded is skipped, so nothing is processed twice; one
//! freightdesk sent itself, or an automatic one (`Auto-Submitted`), is recorded with the reason
//! and not read.
//! Bad input (a malformed message, a broken PDF) never fails the call: it is recorded with its
//! reason and becomes an exception for staff. Only store and archive failures — which may pass —
//! are returned as errors, and then nothing of the message was committed.

use std::collections::BTreeMap;
use std::sync::Arc;

use serde::Serialize;
use serde_json::json;
use sqlx::Row;

use crate::checks::{self, Context, NewDocument, Raiser};
use crate::config::{Config, Limits};
use crate::extract::{self, ExtractError};
use crate::intake::RawMessage;
use crate::mime::{self, Attachment};
use crate::model::{normalize, Charge, DocumentKind, ExtractedDocument, ValueType};
use crate::notify::{self, Queued, Senders};
use crate::rules::watch::LiveRules;
use crate::rules::RuleSet;
use crate::store::directory::Directory;
use crate::store::{self, Archive, NewAttachment, NewMessage, Store, StoreError};

/// Why a message could not be processed now (it will be tried again).
#[derive(Debug, thiserror::Error)]
pub enum PipelineError {
    /// Database or archive.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// Queuing notifications.
    #[error(transparent)]
    Notify(#[from] notify::NotifyError),
}

impl PipelineError {
    /// Whether trying the message again may succeed.
    pub fn is_transient(&self) -> bool {
        match self {
            PipelineError::Store(e) => e.is_transient(),
            PipelineError::Notify(e) => e.is_transient(),
        }
    }
}

/// What processing one message did, for the run summary and the corpus tests.
#[derive(Debug, Clone, Serialize)]
pub struct MessageReport {
    /// `processed`, `failed` (unreadable message, recorded), `skipped` (already processed, or
    /// with a `reason`: freightdesk's own or an automatic message, recorded and not read) or
    /// `duplicate` (same Message-ID as one processed, other bytes, no attachment it did not
    /// already bring).
    pub status: String,
    /// Why it failed, if it did.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    /// Why a new message was recorded but not read ("sent by freightdesk itself", "automatic
    /// reply (Auto-Submitted: auto-replied)"); `None` for every other status.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    /// The booked load the email's subject or body names, if any (the message is filed with it).
    pub load_number: Option<String>,
    /// Documents found.
    pub documents: Vec<DocumentReport>,
    /// Attachments that yielded no document, with the reason.
    pub unread_attachments: Vec<String>,
    /// Exceptions raised.
    pub exceptions: Vec<ExceptionReport>,
    /// Open exceptions this message's paperwork resolved (the POD an invoice waited for).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub resolved_exceptions: Vec<ExceptionReport>,
    /// Notifications queued.
    pub notifications: Vec<Queued>,
    /// Loads booked.
    #[serde(skip)]
    pub loads_created: usize,
    /// Invoices that passed the three-way match.
    #[serde(skip)]
    pub matched_invoices: usize,
    /// Customer invoices this message's paperwork made ([`crate::billing`]).
    #[serde(skip)]
    pub customer_invoices: usize,
}

/// A document as reported.
#[derive(Debug, Clone, Serialize)]
pub struct DocumentReport {
    /// Kind.
    pub kind: DocumentKind,
    /// Pages.
    pub pages: Vec<u32>,
    /// Load it was filed against.
    pub load_number: Option<String>,
    /// Normalized fields.
    pub fields: BTreeMap<String, String>,
    /// Invoice lines.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub charges: Vec<Charge>,
    /// Agreed accessorials.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub accessorials: Vec<Charge>,
}

/// An exception as reported.
#[derive(Debug, Clone, Serialize)]
pub struct ExceptionReport {
    /// Rule id.
    pub rule_id: String,
    /// Severity.
    pub severity: String,
    /// Sentence.
    pub sentence: String,
}

impl MessageReport {
    fn empty(status: &str) -> MessageReport {
        MessageReport {
            status: status.into(),
            error: None,
            reason: None,
            load_number: None,
            documents: Vec::new(),
            unread_attachments: Vec::new(),
            exceptions: Vec::new(),
            resolved_exceptions: Vec::new(),
            notifications: Vec::new(),
            loads_created: 0,
            matched_invoices: 0,
            customer_invoices: 0,
        }
    }
}

/// What reading one PDF attachment gave: its documents, or why it could not be read.
type ReadResult = Result<Vec<ExtractedDocument>, String>;

/// Why an attachment that was read is not filed.
enum Unread {
    /// A PDF that could not be read: recorded as failed and raised to staff.
    Failed(String),
    /// An image with no freight document (a logo, a photo): recorded as skipped, not raised.
    Skipped(String),
}

/// What reading one attachment gave, as filed.
type Reading = Result<Vec<ExtractedDocument>, Unread>;

/// Everything a message is processed with.
pub struct Pipeline {
    /// Database.
    pub store: Store,
    /// Raw bytes.
    pub archive: Archive,
    /// The active rules, swapped as a whole on reload (see [`crate::rules::watch`]); a message
    /// takes a snapshot when it starts and keeps it to the end.
    pub rules: Arc<LiveRules>,
    /// Who is who.
    pub directory: Directory,
    /// From address of notifications.
    pub from: String,
    /// `Reply-To` of emails to carriers and customers, if any.
    pub reply_to: Option<String>,
    /// Staff addresses.
    pub staff: Vec<String>,
    /// How exception emails to staff are batched (`[staff] digest_minutes`, `at_once`).
    pub staff_digest: crate::config::StaffDigest,
    /// Where staff reach the workspace (`[web] public_url`), for links in their emails.
    pub workspace_url: Option<String>,
    /// The broker's name as its emails sign it.
    pub company: String,
    /// Limits per attachment.
    pub limits: Limits,
    /// Customer billing (`[billing]`); `None`: loads are not billed.
    pub biller: Option<crate::billing::Biller>,
    /// Worker processes that read PDFs and scans, kept alive across attachments; `None` when
    /// there is no freightdesk executable to run (pages are then read in-process).
    pub workers: Option<extract::worker::WorkerPool>,
}

/// A message archived, parsed and its attachments read, nothing committed yet: what
/// [`Pipeline::prepare`] gives and [`Pipeline::commit`] files.
pub struct Prepared {
    /// SHA-256 of the raw message (hex), its archive key.
    sha: String,
    /// The rule set the message is processed with (the one active when it was prepared).
    rules: Arc<RuleSet>,
    /// The parsed message, or why it could not be parsed.
    parsed: Result<mime::ParsedMessage, String>,
    /// Already recorded when prepared: nothing was read.
    skipped: bool,
    /// Same Message-ID as a processed message and no attachment it did not bring: not read.
    duplicate_id: bool,
    /// Why the message is recorded but not read: freightdesk's own, or automatic.
    ignored: Option<String>,
    /// Per attachment, in order: its archive key and, for a PDF or a scan, what reading it gave.
    work: Vec<(String, Option<Reading>)>,
}

/// What [`Pipeline::dispute_invoice`] did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Disputed {
    /// The dispute email is queued to these addresses.
    Emailed(Vec<String>),
    /// The exception is not open (or not there): nothing was sent.
    NotOpen,
    /// The exception is about no carrier invoice: nothing was sent.
    NoInvoice,
    /// No route of event `dispute`, or no address for the carrier: nothing was sent.
    NoRecipient,
}

/// What [`Pipeline::correct_field`] did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Corrected {
    /// Corrected: the value stored (normalized), exceptions raised and resolved, emails queued.
    Done {
        /// The value as stored.
        value: String,
        /// Exceptions raised by judging again.
        exceptions: usize,
        /// Open exceptions that no longer hold, resolved.
        resolved: usize,
        /// Emails queued.
        emails: usize,
    },
    /// There is no such document.
    NoSuchDocument,
    /// What was typed is not a value of the field's type (nothing was changed).
    NotAValue(ValueType),
}

/// Sender, subject and Message-ID of a message row: what its emails are threaded to.
struct MessageHead {
    from_addr: Option<String>,
    subject: Option<String>,
    message_id: Option<String>,
}

impl MessageHead {
    /// As the cause of emails queued now about one of its documents (no References kept).
    fn cause(&self, message_row: i64) -> notify::Cause<'_> {
        notify::Cause {
            message_row,
            from_addr: self.from_addr.as_deref(),
            subject: self.subject.as_deref().unwrap_or_default(),
            message_id: self.message_id.as_deref(),
            references: &[],
        }
    }
}

/// Audit, in the caller's transaction, that `actor`'s action resolved exception `exception_id`
/// (open → resolved, with `why`).
async fn audit_resolved(
    conn: &mut sqlx::AnyConnection,
    actor: &str,
    exception_id: i64,
    load_id: Option<i64>,
    why: &str,
) -> Result<(), StoreError> {
    store::workspace::insert_audit(
        conn,
        &store::workspace::NewAudit {
            actor,
            action: "resolve",
            subject: &format!("exception:{exception_id}"),
            load_id,
            before: Some("open"),
            after: Some("resolved"),
            note: Some(why),
        },
    )
    .await
}

/// The head of message row `message_row`.
async fn message_of(
    conn: &mut sqlx::AnyConnection,
    message_row: i64,
) -> Result<MessageHead, StoreError> {
    let (from_addr, subject, message_id): (Option<String>, Option<String>, Option<String>) =
        sqlx::query_as("SELECT from_addr, subject, message_id FROM messages WHERE id = $1")
            .bind(message_row)
            .fetch_one(&mut *conn)
            .await?;
    Ok(MessageHead {
        from_addr,
        subject,
        message_id,
    })
}

/// What [`Pipeline::attach_document`] did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Attached {
    /// Filed against the load: the exceptions that raised, those it settled, the emails queued.
    Filed {
        /// The load's number.
        load_number: String,
        /// Exceptions raised.
        exceptions: usize,
        /// Open exceptions resolved.
        resolved: usize,
        /// Emails queued.
        emails: usize,
    },
    /// There is no such document.
    NoSuchDocument,
    /// The document is already filed against this load (nothing was changed).
    AlreadyFiled(String),
    /// There is no load of that number (nothing was changed).
    NoSuchLoad,
}

/// Messages larger than this are recorded as failed without parsing (MiB).
const MAX_MESSAGE_MIB: usize = 64;

impl Pipeline {
    /// Open the store, load rules and directory, as a config says. The rules (compiling their
    /// patterns is most of a start) load on another thread while the database opens.
    pub async fn open(config: &Config) -> anyhow::Result<Pipeline> {
        use anyhow::Context as _;
        let rules_dir = config.rules_dir.clone();
        let rules = tokio::task::spawn_blocking(move || RuleSet::load(&rules_dir));
        let store = Store::open(&config.database_url)
            .await
            .with_context(|| format!("opening the database {}", config.database_url))?;
        let rules = rules.await.context("loading the rules")??;
        let directory = Directory::load(&config.directory_dir)?;
        let mut conn = store.pool().acquire().await?;
        directory.save(&mut conn).await?;
        Ok(Pipeline {
            store,
            archive: Archive::new(&config.archive_dir),
            rules: Arc::new(LiveRules::from_pointee(rules)),
            directory,
            from: config.outgoing.from().to_string(),
            reply_to: config.reply_to.clone(),
            staff: config.staff_emails.clone(),
            staff_digest: config.staff_digest,
            workspace_url: config.web.public_url.clone(),
            company: config.company_name.clone(),
            limits: config.limits.clone(),
            biller: crate::billing::Biller::from_config(config),
            workers: extract::worker::find_exe().map(extract::worker::WorkerPool::new),
        })
    }

    /// Who sends notifications, who is staff, where answers go.
    pub fn senders(&self) -> Senders<'_> {
        Senders {
            from: &self.from,
            staff: &self.staff,
            reply_to: self.reply_to.as_deref(),
            company: &self.company,
            digest: self.staff_digest,
            workspace_url: self.workspace_url.as_deref(),
        }
    }

    /// Deliver the pending notifications through `transport`; see [`notify::deliver_pending`].
    pub async fn deliver(
        &self,
        transport: &notify::Transport,
    ) -> Result<notify::Delivered, notify::NotifyError> {
        let rules = self.rules.load_full();
        let senders = self.senders();
        notify::queue_staff_digest(&self.store, &rules, &senders).await?;
        let mut done =
            notify::deliver_pending(&self.store, &self.archive, transport, &rules, &senders)
                .await?;
        done.edi_written = self.write_edi(&rules).await;
        Ok(done)
    }

    /// Write the X12 210 files of the customer invoices made for EDI and not written yet
    /// ([`crate::billing::edi::write_pending`]); returns how many were written. A failure is
    /// logged and retried on the next pass (the invoices stay pending).
    async fn write_edi(&self, rules: &RuleSet) -> usize {
        let Some(biller) = self.biller.as_ref() else {
            return 0;
        };
        let written = async {
            let mut conn = self
                .store
                .pool()
                .acquire()
                .await
                .map_err(StoreError::from)?;
            crate::billing::edi::write_pending(
                &mut conn,
                biller.edi.as_ref(),
                rules.billing.as_ref(),
            )
            .await
        };
        match written.await {
            Ok(n) => n,
            Err(e) => {
                tracing::warn!("X12 210 files not written now, will retry: {e}");
                0
            }
        }
    }

    /// Process one message: [`Pipeline::prepare`] then [`Pipeline::commit`]; see the module docs.
    pub async fn process(&self, raw: &RawMessage) -> Result<MessageReport, PipelineError> {
        let prepared = self.prepare(raw).await?;
        self.commit(raw, prepared).await
    }

    /// The slow part of processing a message, which writes nothing to the database: archive the
    /// raw bytes and attachments, parse the MIME, read each PDF's and scan's pages in a worker
    /// process, classify and extract with the active rules. A message already recorded is not
    /// read (`skipped`). Several messages may be prepared at once; [`Pipeline::commit`] them one
    /// at a time, in order. Errors: the archive or database could not be read or written.
    pub async fn prepare(&self, raw: &RawMessage) -> Result<Prepared, PipelineError> {
        // The set this message is processed with, whatever a reload swaps in meanwhile.
        let rules = self.rules.load_full();
        let sha = archived(self.archive_put(raw.bytes.clone())).await?;
        if self.store.message_status(&sha).await?.is_some() {
            return Ok(Prepared {
                sha,
                rules,
                parsed: Err(String::new()),
                skipped: true,
                duplicate_id: false,
                ignored: None,
                work: Vec::new(),
            });
        }
        let parsed = if raw.bytes.len() > MAX_MESSAGE_MIB * 1024 * 1024 {
            Err(format!(
                "the message is {} MiB, over the {MAX_MESSAGE_MIB} MiB limit",
                raw.bytes.len() / (1024 * 1024)
            ))
        } else {
            mime::parse_message(&raw.bytes).map_err(|e| e.to_string())
        };

        let m = parsed.as_ref().ok();
        let ignored = m.and_then(|m| self.own_or_automatic(m));
        let duplicate_id = ignored.is_none() && self.redelivery(m).await?;

        // Attachments are archived and PDFs and scans read before the transaction: it is slow and
        // touches no database. One entry per attachment, in order: its archive key and, for a
        // PDF or a scan, what reading it gave (`Err(Skip)` for an image that is not filed).
        let mut work: Vec<(String, Option<Reading>)> = Vec::new();
        if let (Some(m), false, None) = (m, duplicate_id, &ignored) {
            for a in &m.attachments {
                // Written while the attachment is read.
                let put = self.archive_put(a.bytes.clone());
                let result = if looks_like_pdf(a) {
                    Some(
                        self.extract_with_limits(a.bytes.clone(), rules.clone())
                            .await
                            .map_err(Unread::Failed),
                    )
                } else if looks_like_scan(a) {
                    let r = self
                        .extract_with_limits(a.bytes.clone(), rules.clone())
                        .await;
                    Some(image_result(r).map_err(Unread::Skipped))
                } else {
                    None
                };
                work.push((archived(put).await?, result));
            }
        }
        Ok(Prepared {
            sha,
            rules,
            parsed,
            skipped: false,
            duplicate_id,
            ignored,
            work,
        })
    }

    /// Start writing `bytes` to the archive on a blocking thread (creating and syncing files can
    /// take milliseconds, which would hold up the async threads); [`archived`] waits for it.
    fn archive_put(&self, bytes: Vec<u8>) -> tokio::task::JoinHandle<Result<String, StoreError>> {
        let archive = self.archive.clone();
        tokio::task::spawn_blocking(move || archive.put(&bytes))
    }

    /// Why a message is not to be read, if it is freightdesk's own (a Message-ID of the form
    /// [`notify::message_id_for`] makes at the domain of our From address, or that From address
    /// itself) or an automatic message (`Auto-Submitted` other than `no`, RFC 3834: an
    /// out-of-office reply, a bounce, another system's notice). Such mail carries no paperwork
    /// and, read, would file freightdesk's own notices again.
    fn own_or_automatic(&self, m: &mime::ParsedMessage) -> Option<String> {
        let own_from = self
            .from
            .parse::<lettre::message::Mailbox>()
            .ok()
            .map(|b| b.email.to_string());
        let own_id = m
            .message_id
            .as_deref()
            .is_some_and(|id| notify::is_own_message_id(id, &self.from));
        let own_sender = m
            .from
            .as_deref()
            .zip(own_from.as_deref())
            .is_some_and(|(a, b)| a.eq_ignore_ascii_case(b));
        if own_id || own_sender {
            return Some("sent by freightdesk itself".into());
        }
        let auto = m.auto_submitted.as_deref()?;
        let keyword = auto.split(';').next().unwrap_or_default().trim();
        if keyword.eq_ignore_ascii_case("no") {
            return None;
        }
        Some(if keyword.eq_ignore_ascii_case("auto-replied") {
            format!("automatic reply (Auto-Submitted: {auto})")
        } else {
            format!("automatic message (Auto-Submitted: {auto})")
        })
    }

    /// Whether a parsed message is a re-delivery of a processed one: the same Message-ID and
    /// no attachment that one did not bring.
    async fn redelivery(&self, m: Option<&mime::ParsedMessage>) -> Result<bool, PipelineError> {
        Ok(
            match m.and_then(|m| m.message_id.as_deref().map(|id| (m, id))) {
                Some((m, id)) => {
                    let shas: Vec<String> = m
                        .attachments
                        .iter()
                        .map(|a| crate::store::sha256_hex(&a.bytes))
                        .collect();
                    self.store.message_id_redelivery(id, &shas).await?
                }
                None => false,
            },
        )
    }

    /// File a prepared message in one transaction: the message, its attachments and documents,
    /// links and checks, exceptions and queued notifications. Checks again that the message
    /// (or a re-delivery of it) was not recorded since it was prepared. Commit prepared messages
    /// one at a time. Errors: the database; then nothing of the message was committed.
    pub async fn commit(
        &self,
        raw: &RawMessage,
        prepared: Prepared,
    ) -> Result<MessageReport, PipelineError> {
        let Prepared {
            sha,
            rules,
            parsed,
            skipped,
            duplicate_id,
            ignored,
            work,
        } = prepared;
        if skipped || self.store.message_status(&sha).await?.is_some() {
            return Ok(MessageReport::empty("skipped"));
        }
        let m = parsed.as_ref().ok();
        let duplicate_id = ignored.is_none() && (duplicate_id || self.redelivery(m).await?);

        let _turn = self.store.write_turn().await;
        let mut tx = self.store.pool().begin().await.map_err(StoreError::from)?;
        let conn = &mut *tx;
        let ctx = Context {
            rules: &rules,
            directory: &self.directory,
            biller: self.biller.as_ref(),
        };
        let status = match (&parsed, duplicate_id, &ignored) {
            (Err(_), _, _) => "failed",
            (Ok(_), _, Some(_)) => "skipped",
            (Ok(_), true, None) => "duplicate",
            (Ok(_), false, None) => "processed",
        };
        let mut report = MessageReport::empty(status);
        report.error = parsed.as_ref().err().cloned();
        report.reason = ignored.clone();
        let message_row = store::insert_message(
            conn,
            &NewMessage {
                sha256: &sha,
                source: &raw.source,
                message_id: m.and_then(|m| m.message_id.as_deref()),
                from_addr: m.and_then(|m| m.from.as_deref()),
                to_addrs: m.map(|m| m.to.join(";")).unwrap_or_default(),
                subject: m.map(|m| m.subject.as_str()),
                sent_at: m.and_then(|m| m.date.as_deref()),
                size_bytes: raw.bytes.len(),
                status,
                error: report.error.as_deref().or(ignored.as_deref()),
                rules_version: &rules.version,
            },
        )
        .await?;
        let mut outcome = checks::Outcome::default();
        match &parsed {
            Err(reason) => {
                let mut raiser = Raiser {
                    conn,
                    ctx: &ctx,
                    message_row,
                    load_id: None,
                    out: &mut outcome,
                };
                raiser
                    .raise(
                        "message_unreadable",
                        message_row,
                        &[],
                        json!({"reason": reason, "source": raw.source, "sha256": sha}),
                    )
                    .await?;
            }
            Ok(_) if ignored.is_some() => {
                let reason = ignored.as_deref().unwrap_or_default();
                tracing::info!(source = %raw.source, from = ?m.and_then(|m| m.from.as_deref()), "recorded, not processed: {reason}");
            }
            Ok(_) if duplicate_id => {
                tracing::info!(source = %raw.source, "same Message-ID as a processed message; recorded, not processed again");
            }
            Ok(m) => {
                outcome = self
                    .file_message(conn, &ctx, message_row, m, &work, &mut report)
                    .await?;
            }
        }
        let empty = Vec::new();
        let cause = notify::Cause {
            message_row,
            from_addr: m.and_then(|m| m.from.as_deref()),
            subject: m.map(|m| m.subject.as_str()).unwrap_or_default(),
            message_id: m.and_then(|m| m.message_id.as_deref()),
            references: m.map(|m| &m.references).unwrap_or(&empty),
        };
        report.notifications = notify::queue(
            conn,
            &rules,
            &self.directory,
            &self.senders(),
            &cause,
            &outcome.events,
            &outcome.exceptions,
        )
        .await?;
        tx.commit().await.map_err(StoreError::from)?;
        report.exceptions = outcome
            .exceptions
            .iter()
            .map(|e| ExceptionReport {
                rule_id: e.rule_id.clone(),
                severity: e.severity.as_str().into(),
                sentence: e.sentence.clone(),
            })
            .collect();
        report.resolved_exceptions = outcome
            .resolved
            .iter()
            .map(|e| ExceptionReport {
                rule_id: e.rule_id.clone(),
                severity: e.severity.clone(),
                sentence: e.sentence.clone(),
            })
            .collect();
        report.loads_created = outcome.loads_created;
        report.matched_invoices = outcome.matched_invoices;
        report.customer_invoices = outcome
            .events
            .iter()
            .filter(|e| matches!(e, checks::Event::CustomerInvoice { .. }))
            .count();
        Ok(report)
    }

    /// File document `document_id`, which linked to no load, against load `load_number` by a
    /// person's decision, in one transaction: [`checks::attach_and_check`] (everything the
    /// document's arrival would have run on that load), the emails that queues (threaded as
    /// replies to the message that brought the document), and an audit entry on the document
    /// (`actor`, `note`) and on each exception it settled. Uses the active rules.
    ///
    /// Errors: the database, or queuing notifications; then nothing was changed.
    pub async fn attach_document(
        &self,
        document_id: i64,
        load_number: &str,
        actor: &str,
        note: &str,
    ) -> Result<Attached, PipelineError> {
        let rules = self.rules.load_full();
        let _turn = self.store.write_turn().await;
        let mut tx = self.store.pool().begin().await.map_err(StoreError::from)?;
        let conn = &mut *tx;
        let doc = match store::document(conn, document_id).await {
            Ok(d) => d,
            Err(StoreError::Corrupt(_)) => return Ok(Attached::NoSuchDocument),
            Err(e) => return Err(e.into()),
        };
        if let Some(load_id) = doc.load_id {
            let load = store::load_by_id(conn, load_id).await?;
            return Ok(Attached::AlreadyFiled(load.load_number));
        }
        let Some(load) = store::load_by_number(conn, load_number.trim()).await? else {
            return Ok(Attached::NoSuchLoad);
        };
        let ctx = Context {
            rules: &rules,
            directory: &self.directory,
            biller: self.biller.as_ref(),
        };
        let outcome = checks::attach_and_check(conn, &ctx, document_id, &load).await?;
        let queued = self
            .queue_outcome(conn, &rules, doc.message_row, &outcome)
            .await?;
        let after = format!("load {}", load.load_number);
        store::workspace::insert_audit(
            conn,
            &store::workspace::NewAudit {
                actor,
                action: "attach",
                subject: &format!("document:{document_id}"),
                load_id: Some(load.id),
                before: Some("unlinked"),
                after: Some(&after),
                note: Some(note),
            },
        )
        .await?;
        let why = format!(
            "document #{document_id} attached to load {}",
            load.load_number
        );
        for r in &outcome.resolved {
            audit_resolved(conn, actor, r.id, Some(load.id), &why).await?;
        }
        tx.commit().await.map_err(StoreError::from)?;
        tracing::info!(actor, document = document_id, load = %load.load_number, "document attached to a load");
        Ok(Attached::Filed {
            load_number: load.load_number,
            exceptions: outcome.exceptions.len(),
            resolved: outcome.resolved.len(),
            emails: queued.len(),
        })
    }

    /// Queue the emails of what a change outside a new message (a person's attach, correction or
    /// credit; a billing pass) produced, caused by the message row `message_row`: its events and
    /// exceptions, routed by `rules`.
    async fn queue_outcome(
        &self,
        conn: &mut sqlx::AnyConnection,
        rules: &RuleSet,
        message_row: i64,
        outcome: &checks::Outcome,
    ) -> Result<Vec<notify::Queued>, PipelineError> {
        let message = message_of(conn, message_row).await?;
        Ok(notify::queue(
            conn,
            rules,
            &self.directory,
            &self.senders(),
            &message.cause(message_row),
            &outcome.events,
            &outcome.exceptions,
        )
        .await?)
    }

    /// Bill every delivered load that is ready and not billed yet ([`crate::billing`]): the loads
    /// whose paperwork was complete before a person resolved what held them or before their lane
    /// was priced; and bill the accessorials a person's approval let through since a load's
    /// invoice (a supplemental invoice). One transaction per load; each new invoice's email is queued with it. Returns
    /// the invoices made (invoice number, load number). Does nothing without `[billing]`.
    ///
    /// Errors: the database, or queuing notifications; the loads billed before the error stay
    /// billed.
    pub async fn bill_ready(&self) -> Result<Vec<(String, String)>, PipelineError> {
        let mut made = Vec::new();
        if self.biller.is_none() {
            return Ok(made);
        }
        let rules = self.rules.load_full();
        if rules.billing.is_none() {
            return Ok(made);
        }
        let loads = {
            let mut conn = self
                .store
                .pool()
                .acquire()
                .await
                .map_err(StoreError::from)?;
            crate::billing::loads_to_bill(&mut conn).await?
        };
        for load_id in loads {
            let _turn = self.store.write_turn().await;
            let mut tx = self.store.pool().begin().await.map_err(StoreError::from)?;
            let conn = &mut *tx;
            let load = store::load_by_id(conn, load_id).await?;
            let docs = store::load_state_documents(conn, load_id, &[]).await?;
            // The change is the load's latest paperwork: its message is the invoice's cause.
            let Some(message_row) = docs.iter().map(|d| d.message_row).max() else {
                continue;
            };
            let ctx = Context {
                rules: &rules,
                directory: &self.directory,
                biller: self.biller.as_ref(),
            };
            let mut outcome = checks::Outcome::default();
            crate::billing::consider(conn, &ctx, message_row, &load, &docs, &mut outcome).await?;
            if outcome.events.is_empty() && outcome.exceptions.is_empty() {
                continue;
            }
            self.queue_outcome(conn, &rules, message_row, &outcome)
                .await?;
            let invoices: Vec<i64> = outcome
                .events
                .iter()
                .filter_map(|e| match e {
                    checks::Event::CustomerInvoice { invoice_id, .. } => Some(*invoice_id),
                    _ => None,
                })
                .collect();
            for id in invoices {
                if let Some(i) = crate::billing::stored_invoice(conn, id).await? {
                    made.push((i.invoice.invoice_number, load.load_number.clone()));
                }
            }
            tx.commit().await.map_err(StoreError::from)?;
        }
        Ok(made)
    }

    /// Credit customer invoice `number` after a person's correction (a wrong rate, a wrong
    /// customer), by `actor`, in one transaction ([`crate::billing::credit`]): a credit memo for
    /// it (and, for a load's invoice, its supplemental invoices), then the load billed again as it
    /// stands now, each emailed to the customer; audited. Returns the credit memos' numbers and
    /// the new invoice's, or `None` when there is no open invoice `number` or no `[billing]`.
    ///
    /// Errors: the database, or queuing notifications; then nothing was changed.
    pub async fn credit_invoice(
        &self,
        number: &str,
        actor: &str,
        note: &str,
    ) -> Result<Option<(Vec<String>, Option<String>)>, PipelineError> {
        let Some(biller) = self.biller.as_ref() else {
            return Ok(None);
        };
        let rules = self.rules.load_full();
        let _turn = self.store.write_turn().await;
        let mut tx = self.store.pool().begin().await.map_err(StoreError::from)?;
        let conn = &mut *tx;
        let Some(load_id) =
            sqlx::query("SELECT load_id FROM customer_invoices WHERE invoice_number = $1")
                .bind(number)
                .fetch_optional(&mut *conn)
                .await
                .map_err(StoreError::from)?
                .map(|r| sqlx::Row::get::<i64, _>(&r, 0))
        else {
            return Ok(None);
        };
        let docs = store::load_state_documents(conn, load_id, &[]).await?;
        let Some(message_row) = docs.iter().map(|d| d.message_row).max() else {
            return Ok(None);
        };
        let mut outcome = checks::Outcome::default();
        let Some((_, credited)) =
            crate::billing::credit(conn, biller, number, note, message_row, &mut outcome).await?
        else {
            return Ok(None);
        };
        let load = store::load_by_id(conn, load_id).await?;
        let ctx = Context {
            rules: &rules,
            directory: &self.directory,
            biller: self.biller.as_ref(),
        };
        let memos = outcome.events.len();
        crate::billing::consider(conn, &ctx, message_row, &load, &docs, &mut outcome).await?;
        let mut rebilled = None;
        for e in &outcome.events[memos..] {
            if let checks::Event::CustomerInvoice { invoice_id, .. } = e {
                if let Some(i) = crate::billing::stored_invoice(conn, *invoice_id).await? {
                    rebilled = Some(i.invoice.invoice_number);
                }
            }
        }
        self.queue_outcome(conn, &rules, message_row, &outcome)
            .await?;
        let after = format!(
            "credited by {}{}",
            credited.credit_memos.join(", "),
            rebilled
                .as_deref()
                .map(|n| format!("; billed again as {n}"))
                .unwrap_or_default()
        );
        store::workspace::insert_audit(
            conn,
            &store::workspace::NewAudit {
                actor,
                action: "credit",
                subject: &format!("customer_invoice:{number}"),
                load_id: Some(load_id),
                before: Some("open"),
                after: Some(&after),
                note: Some(note),
            },
        )
        .await?;
        tx.commit().await.map_err(StoreError::from)?;
        tracing::info!(actor, invoice = number, %after, "customer invoice credited");
        Ok(Some((credited.credit_memos, rebilled)))
    }

    /// Correct field `name` of document `document_id` to `typed` (as a person types it: `$2,450`,
    /// `7/16/26`), by `actor`, in one transaction: the value is normalized by the field's type
    /// ([`ValueType::for_field`]) and stored as read by `workspace#<actor>`; what the document
    /// takes part in is judged again ([`checks::recheck_document`]); open exceptions whose
    /// condition no longer holds are resolved by `actor`, new ones raised and their emails
    /// queued; the correction and each resolution are audited. Uses the active rules.
    ///
    /// Errors: the database, or queuing notifications; then nothing was changed.
    pub async fn correct_field(
        &self,
        document_id: i64,
        name: &str,
        typed: &str,
        actor: &str,
        note: &str,
    ) -> Result<Corrected, PipelineError> {
        let value_type = ValueType::for_field(name);
        let typed = typed.trim();
        let value = match value_type {
            // A flag is what the person says, not whether anything was printed.
            ValueType::Flag => match typed.to_ascii_lowercase().as_str() {
                "true" | "yes" | "y" => Some("true".to_string()),
                "false" | "no" | "n" => Some("false".to_string()),
                _ => None,
            },
            t => normalize(t, typed),
        };
        let Some(value) = value else {
            return Ok(Corrected::NotAValue(value_type));
        };
        let rules = self.rules.load_full();
        let _turn = self.store.write_turn().await;
        let mut tx = self.store.pool().begin().await.map_err(StoreError::from)?;
        let conn = &mut *tx;
        let doc = match store::document(conn, document_id).await {
            Ok(d) => d,
            Err(StoreError::Corrupt(_)) => return Ok(Corrected::NoSuchDocument),
            Err(e) => return Err(e.into()),
        };
        let before = store::set_field(
            conn,
            document_id,
            name,
            &value,
            typed,
            &format!("workspace#{actor}"),
        )
        .await?;
        let ctx = Context {
            rules: &rules,
            directory: &self.directory,
            biller: self.biller.as_ref(),
        };
        let outcome = checks::recheck_document(conn, &ctx, document_id).await?;
        let why = format!(
            "no longer holds: {name} of document #{document_id} corrected from {} to {value}",
            before.as_deref().unwrap_or("nothing")
        );
        let mut resolved = 0;
        for (key, held) in &outcome.judged {
            if *held {
                continue;
            }
            if let Some(r) = store::resolve_exception_by_user(conn, key, actor, &why).await? {
                resolved += 1;
                audit_resolved(conn, actor, r.id, r.load_id, &why).await?;
            }
        }
        let queued = self
            .queue_outcome(conn, &rules, doc.message_row, &outcome)
            .await?;
        let before_text = format!("{name} = {}", before.as_deref().unwrap_or("(not read)"));
        let after_text = format!("{name} = {value}");
        store::workspace::insert_audit(
            conn,
            &store::workspace::NewAudit {
                actor,
                action: "correct",
                subject: &format!("document:{document_id}"),
                load_id: doc.load_id,
                before: Some(&before_text),
                after: Some(&after_text),
                note: Some(note),
            },
        )
        .await?;
        tx.commit().await.map_err(StoreError::from)?;
        tracing::info!(actor, document = document_id, field = name, %value, "field corrected");
        Ok(Corrected::Done {
            value,
            exceptions: outcome.exceptions.len(),
            resolved,
            emails: queued.len(),
        })
    }

    /// Confirm remit-to change `change_id` (a Notice of Assignment, [`crate::noa`]) by `actor`,
    /// who says in `note` how it was confirmed with the carrier, in one transaction: the change
    /// is in force from now on; its `noa_received` exception is resolved; each carrier invoice
    /// held by `remit_to_changed` is judged again, and those the confirmed remit-to settles are
    /// released (their exception resolved, naming the notice); audited. Returns the change and
    /// the invoice numbers released, or `None` when there is no such change.
    ///
    /// Errors: the database, or queuing notifications; then nothing was changed.
    pub async fn confirm_notice(
        &self,
        change_id: i64,
        actor: &str,
        note: &str,
    ) -> Result<Option<(crate::noa::RemitToChange, Vec<String>)>, PipelineError> {
        let rules = self.rules.load_full();
        let _turn = self.store.write_turn().await;
        let mut tx = self.store.pool().begin().await.map_err(StoreError::from)?;
        let conn = &mut *tx;
        let Some(change) = crate::noa::confirm(conn, change_id, actor, note).await? else {
            return Ok(None);
        };
        let why = format!(
            "Notice of Assignment #{change_id} confirmed by {actor}: {} is paid to {}. {note}",
            change
                .carrier_name
                .as_deref()
                .or(change.carrier_id.as_deref())
                .unwrap_or("the carrier"),
            change.remit_to_name
        );
        if let Some(doc) = change.document_id {
            if let Some(r) =
                store::resolve_exception_by_user(conn, &format!("noa_received:{doc}"), actor, &why)
                    .await?
            {
                audit_resolved(conn, actor, r.id, r.load_id, &why).await?;
            }
        }
        // The invoices held for a remit-to change, judged again with the remit-to in force.
        let held: Vec<String> = sqlx::query(
            "SELECT dedupe_key FROM exceptions WHERE rule_id = 'remit_to_changed' \
             AND status = 'open' ORDER BY id",
        )
        .fetch_all(&mut *conn)
        .await
        .map_err(StoreError::from)?
        .iter()
        .map(|r| r.get(0))
        .collect();
        let ctx = Context {
            rules: &rules,
            directory: &self.directory,
            biller: self.biller.as_ref(),
        };
        let mut released = Vec::new();
        for key in held {
            let Some(doc_id) = key
                .strip_prefix("remit_to_changed:")
                .and_then(|d| d.parse::<i64>().ok())
            else {
                continue;
            };
            let outcome = checks::recheck_document(conn, &ctx, doc_id).await?;
            if !outcome
                .resolved
                .iter()
                .any(|r| r.rule_id == "remit_to_changed")
                && outcome.judged.get(&key) != Some(&false)
            {
                continue;
            }
            // Settled by the notice (resolved naming it, by the judging above), on the person's
            // word: their name and note go on the resolution and in the audit. Else (a remit-to
            // changed back) resolved by them.
            for r in outcome
                .resolved
                .iter()
                .filter(|r| r.rule_id == "remit_to_changed")
            {
                sqlx::query(
                    "UPDATE exceptions SET resolved_by_user = $1, resolution_note = $2 WHERE id = $3",
                )
                .bind(actor)
                .bind(&why)
                .bind(r.id)
                .execute(&mut *conn)
                .await
                .map_err(StoreError::from)?;
                audit_resolved(conn, actor, r.id, r.load_id, &why).await?;
            }
            if let Some(r) = store::resolve_exception_by_user(conn, &key, actor, &why).await? {
                audit_resolved(conn, actor, r.id, r.load_id, &why).await?;
            }
            let doc = store::document(conn, doc_id).await?;
            released.push(
                doc.doc
                    .field("invoice_number")
                    .unwrap_or("(no number)")
                    .to_string(),
            );
            self.queue_outcome(conn, &rules, doc.message_row, &outcome)
                .await?;
        }
        store::workspace::insert_audit(
            conn,
            &store::workspace::NewAudit {
                actor,
                action: "confirm_noa",
                subject: &format!("remit_to_change:{change_id}"),
                load_id: None,
                before: None,
                after: Some(&format!("remit to {}", change.remit_to_name)),
                note: Some(note),
            },
        )
        .await?;
        tx.commit().await.map_err(StoreError::from)?;
        tracing::info!(
            actor,
            change = change_id,
            released = released.len(),
            "notice of assignment confirmed"
        );
        Ok(Some((change, released)))
    }

    /// Resolve open exception `id` by `actor` with `note` (the workspace's and the CLI's
    /// "resolve"); audited. Resolving a `noa_received` exception confirms its Notice of
    /// Assignment ([`Pipeline::confirm_notice`]): the person says they confirmed it. Returns
    /// whether it was open.
    ///
    /// Errors: the database, or queuing notifications.
    pub async fn resolve_exception(
        &self,
        id: i64,
        actor: &str,
        note: &str,
    ) -> Result<bool, PipelineError> {
        let row = sqlx::query(
            "SELECT rule_id, dedupe_key FROM exceptions WHERE id = $1 AND status = 'open'",
        )
        .bind(id)
        .fetch_optional(self.store.pool())
        .await
        .map_err(StoreError::from)?;
        let Some(row) = row else {
            return Ok(false);
        };
        let (rule, key): (String, String) = (row.get(0), row.get(1));
        if rule == "noa_received" {
            let doc = key
                .strip_prefix("noa_received:")
                .and_then(|d| d.parse::<i64>().ok());
            let change = match doc {
                Some(d) => {
                    let mut conn = self
                        .store
                        .pool()
                        .acquire()
                        .await
                        .map_err(StoreError::from)?;
                    crate::noa::change_of_document(&mut conn, d).await?
                }
                None => None,
            };
            if let Some(c) = change {
                return Ok(self.confirm_notice(c.id, actor, note).await?.is_some());
            }
        }
        Ok(self.store.resolve_by_user(id, actor, note).await?)
    }

    /// Dispute the carrier invoice that open exception `exception_id` is about, by `actor`: the
    /// `dispute` emails are queued (the person's `message` in the carrier's template, as a reply
    /// to the email that brought the invoice, filed with the load so the carrier's answer is
    /// filed with it too) and the dispute is audited on the exception, which stays open until
    /// it is settled. Uses the active rules.
    ///
    /// Errors: the database, or the template failing to render; then nothing was changed.
    pub async fn dispute_invoice(
        &self,
        exception_id: i64,
        actor: &str,
        message: &str,
    ) -> Result<Disputed, PipelineError> {
        let Some(exception) = self.store.exception(exception_id).await? else {
            return Ok(Disputed::NotOpen);
        };
        let rules = self.rules.load_full();
        let _turn = self.store.write_turn().await;
        let mut tx = self.store.pool().begin().await.map_err(StoreError::from)?;
        let conn = &mut *tx;
        let Some((status, load_id, invoice)) =
            store::workspace::invoice_of_exception(conn, exception_id).await?
        else {
            return Ok(Disputed::NotOpen);
        };
        if status != "open" {
            return Ok(Disputed::NotOpen);
        }
        let Some(invoice) = invoice else {
            return Ok(Disputed::NoInvoice);
        };
        let doc = store::document(conn, invoice).await?;
        let head = message_of(conn, doc.message_row).await?;
        let queued = notify::queue_dispute(
            conn,
            &rules,
            &self.directory,
            &self.senders(),
            &head.cause(doc.message_row),
            &notify::Dispute {
                exception: &exception,
                invoice,
                message,
                by: actor,
            },
        )
        .await?;
        if queued.is_empty() {
            return Ok(Disputed::NoRecipient);
        }
        let to: Vec<String> = queued.iter().flat_map(|q| q.to.clone()).collect();
        let after = format!("disputed: emailed {}", to.join(", "));
        store::workspace::insert_audit(
            conn,
            &store::workspace::NewAudit {
                actor,
                action: "dispute",
                subject: &format!("exception:{exception_id}"),
                load_id,
                before: Some("open"),
                after: Some(&after),
                note: Some(message),
            },
        )
        .await?;
        tx.commit().await.map_err(StoreError::from)?;
        tracing::info!(
            actor,
            exception = exception_id,
            invoice,
            "invoice disputed with the carrier"
        );
        Ok(Disputed::Emailed(to))
    }

    /// File a readable message: its attachments and documents, links and checks, the load its
    /// subject names, and an exception for each PDF that could not be read. `work` holds, per
    /// attachment in order, its archive key and what reading it gave.
    async fn file_message(
        &self,
        conn: &mut sqlx::AnyConnection,
        ctx: &Context<'_>,
        message_row: i64,
        m: &mime::ParsedMessage,
        work: &[(String, Option<Reading>)],
        report: &mut MessageReport,
    ) -> Result<checks::Outcome, PipelineError> {
        let refs = extract::message_refs(&m.subject, &m.text, ctx.rules);
        let mut new_docs: Vec<(i64, ExtractedDocument)> = Vec::new();
        let mut failures = Vec::new();
        for (a, (a_sha, found)) in m.attachments.iter().zip(work) {
            let (status, error) = match found {
                None => ("skipped", Some(format!("not a PDF ({})", a.content_type))),
                Some(Ok(_)) => ("extracted", None),
                Some(Err(Unread::Failed(e))) => ("failed", Some(e.clone())),
                Some(Err(Unread::Skipped(e))) => ("skipped", Some(e.clone())),
            };
            let att_row = store::insert_attachment(
                conn,
                message_row,
                &NewAttachment {
                    part_index: a.index,
                    filename: a.filename.as_deref(),
                    content_type: &a.content_type,
                    sha256: a_sha,
                    size_bytes: a.bytes.len(),
                    forwarded: a.forwarded,
                    status,
                    error: error.as_deref(),
                },
            )
            .await?;
            let name = a
                .filename
                .clone()
                .unwrap_or_else(|| format!("part {}", a.index));
            match found {
                Some(Ok(docs)) => {
                    for d in docs {
                        let id = store::insert_document(
                            conn,
                            message_row,
                            Some(att_row),
                            d,
                            &ctx.rules.version,
                        )
                        .await?;
                        new_docs.push((id, d.clone()));
                    }
                }
                Some(Err(Unread::Failed(e))) => {
                    report.unread_attachments.push(format!("{name}: {e}"));
                    failures.push((name, e.clone()));
                }
                Some(Err(Unread::Skipped(_))) | None => report
                    .unread_attachments
                    .push(format!("{name}: {}", error.unwrap_or_default())),
            }
        }
        let docs: Vec<NewDocument> = new_docs
            .iter()
            .map(|(id, doc)| NewDocument { id: *id, doc })
            .collect();
        // A reply to one of freightdesk's emails (a POD answering a paperwork request) belongs to
        // that email's load: In-Reply-To first, then References newest first.
        let thread: Vec<&str> = m
            .in_reply_to
            .iter()
            .chain(m.references.iter().rev())
            .map(String::as_str)
            .collect();
        let thread_load = store::load_of_notification(conn, &thread).await?;
        if let Some(l) = &thread_load {
            tracing::info!(from = ?m.from, "a reply to freightdesk's email about load {}", l.load_number);
        }
        let mut outcome = checks::link_and_check(
            conn,
            ctx,
            message_row,
            m.from.as_deref(),
            &refs,
            thread_load.as_ref(),
            &docs,
        )
        .await?;
        // After linking, so a rate con's own email is filed with the load it booked.
        let named_load = checks::load_named_by(conn, &refs).await?.or(thread_load);
        if let Some(l) = &named_load {
            store::set_message_load(conn, message_row, l.id).await?;
            report.load_number = Some(l.load_number.clone());
        }
        for (name, reason) in failures {
            let mut raiser = Raiser {
                conn,
                ctx,
                message_row,
                load_id: named_load.as_ref().map(|l| l.id),
                out: &mut outcome,
            };
            raiser
                .raise(
                    "document_unreadable",
                    format!("{message_row}:{name}"),
                    &[],
                    json!({"filename": name, "reason": reason, "from": m.from,
                           "subject": m.subject}),
                )
                .await?;
        }
        for (id, d) in &new_docs {
            let load_number: Option<String> = sqlx::query_scalar(
                "SELECT l.load_number FROM documents d JOIN loads l ON l.id = d.load_id \
                 WHERE d.id = $1",
            )
            .bind(*id)
            .fetch_optional(&mut *conn)
            .await
            .map_err(StoreError::from)?;
            report.documents.push(DocumentReport {
                kind: d.kind,
                pages: d.pages.clone(),
                load_number,
                fields: d
                    .fields
                    .iter()
                    .map(|(k, f)| (k.clone(), f.value.clone()))
                    .collect(),
                charges: d.charges.clone(),
                accessorials: d.accessorials.clone(),
            });
        }
        Ok(outcome)
    }

    /// Extract one attachment. Its pages are read (PDF parsing, OCR) in a worker process of the
    /// pool with the wall-clock and memory limits ([`extract::worker`]): a panic, a loop or a
    /// memory balloon fails only this attachment. Without a freightdesk executable to run as the worker
    /// (a library embedded elsewhere), pages are read in-process off the async threads, with the
    /// wall-clock limit only. Classification and fields run here, with `rules`.
    async fn extract_with_limits(&self, bytes: Vec<u8>, rules: Arc<RuleSet>) -> ReadResult {
        let pages = match &self.workers {
            Some(pool) => pool.read_pages(bytes, &self.limits.worker()).await?,
            None => {
                let limits = self.limits.pdf();
                let job = tokio::task::spawn_blocking(move || {
                    extract::read_pages(&bytes, &limits).map_err(|e: ExtractError| e.to_string())
                });
                match tokio::time::timeout(self.limits.extract_timeout(), job).await {
                    Ok(Ok(r)) => r?,
                    Ok(Err(join)) => return Err(format!("the PDF reader crashed: {join}")),
                    Err(_) => {
                        return Err(format!(
                            "reading the PDF took longer than {} s and was abandoned",
                            self.limits.extract_timeout_secs
                        ))
                    }
                }
            }
        };
        extract::documents_in(&pages, &rules).map_err(|e| e.to_string())
    }
}

/// The archive key of bytes written by [`Pipeline::archive_put`], or why they could not be.
async fn archived(
    put: tokio::task::JoinHandle<Result<String, StoreError>>,
) -> Result<String, PipelineError> {
    match put.await {
        Ok(r) => Ok(r?),
        Err(e) if e.is_panic() => std::panic::resume_unwind(e.into_panic()),
        Err(e) => unreachable!("an archive write is never cancelled: {e}"),
    }
}

/// Whether an attachment should be read as a PDF: by its bytes, whatever it is labelled
/// (carriers send PDFs as `application/octet-stream` and as `scan0001`).
fn looks_like_pdf(a: &Attachment) -> bool {
    extract::is_pdf(&a.bytes)
        || a.content_type == "application/pdf"
        || a.filename
            .as_deref()
            .is_some_and(|f| f.to_ascii_lowercase().ends_with(".pdf"))
}

/// Images smaller than this (bytes) are not read: carriers' logos and signatures arrive as
/// small images on every email. A page scanned or photographed for OCR is larger.
pub const MIN_IMAGE_BYTES: usize = 32 * 1024;

/// Whether an attachment is an image worth OCR: PNG, JPEG or TIFF by its magic bytes, of at
/// least [`MIN_IMAGE_BYTES`]. What it yields is kept only if it is a freight document
/// ([`image_result`]).
fn looks_like_scan(a: &Attachment) -> bool {
    extract::ocr::image_kind(&a.bytes).is_some() && a.bytes.len() >= MIN_IMAGE_BYTES
}

/// An image's reading, as filed: its freight documents; an image with none (a photo, a
/// letterhead) or that could not be read is skipped with the reason, never raised to staff.
fn image_result(r: ReadResult) -> ReadResult {
    match r {
        Ok(docs) if docs.iter().any(|d| d.kind != DocumentKind::Other) => Ok(docs
            .into_iter()
            .filter(|d| d.kind != DocumentKind::Other)
            .collect()),
        Ok(_) => Err("an image with no freight document in it".into()),
        Err(e) => Err(format!("an image that could not be read ({e})")),
    }
}
