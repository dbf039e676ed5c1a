//! Notify: turn events and exceptions into emails (routes and templates from the rules), queue
//! them in the outbox, and deliver the outbox.
//!
//! Entry points: [`queue`] (inside the message's transaction, so a notification exists exactly
//! when what caused it was committed) and [`deliver_pending`] (after the commit).
//!
//! Each notification has a dedupe key (`delivered:load:7:delivered`) and a Message-ID derived
//! from it, so the same notification is queued once and, re-sent after a crash, carries the
//! same Message-ID. Replies to a carrier thread set In-Reply-To and References.

mod attachments;

use std::path::{Path, PathBuf};

use lettre::message::header::{ContentType, HeaderName, HeaderValue};
use lettre::message::{Attachment, Mailbox, MultiPart, SinglePart};
use lettre::transport::smtp::authentication::Credentials;
use lettre::transport::smtp::client::{Certificate, Tls, TlsParameters};
use lettre::transport::smtp::PoolConfig;
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use serde_json::{json, Value};
use sha2::{Digest, Sha256};
use sqlx::{AnyConnection, Row};

use crate::checks::{Event, Raised};
use crate::rules::{Audience, Route, RuleSet};
use crate::store::directory::Directory;
use crate::store::{self, Archive, NewNotification, Store};

pub(crate) use attachments::file_safe;
pub use attachments::{cut_pages, CutError};

/// Why a notification could not be queued or sent.
#[derive(Debug, thiserror::Error)]
pub enum NotifyError {
    /// The database.
    #[error(transparent)]
    Store(#[from] store::StoreError),
    /// A template failed to render.
    #[error("email template `{template}`: {message}")]
    Template {
        /// Template name.
        template: String,
        /// minijinja's message.
        message: String,
    },
    /// The message could not be built (a bad address).
    #[error("building the email: {0}")]
    Build(String),
    /// The transport failed or refused it for now (a 4xx reply, a timeout, a refused
    /// connection): tried again later.
    #[error("sending: {0}")]
    Transport(String),
    /// The server refused it for good (a 5xx reply: no such mailbox, message refused).
    #[error("refused by the mail server: {0}")]
    Rejected(String),
    /// The transport could not be set up (a bad CA file, an unreadable password).
    #[error("outgoing mail: {0}")]
    Setup(String),
}

impl NotifyError {
    /// Database hiccups and transport failures are retried; bad templates and addresses, and
    /// messages the server rejected for good, are not.
    pub fn is_transient(&self) -> bool {
        match self {
            NotifyError::Store(e) => e.is_transient(),
            NotifyError::Transport(_) => true,
            _ => false,
        }
    }
}

/// Everything a notification may say about the message that caused it.
pub struct Cause<'a> {
    /// Message row.
    pub message_row: i64,
    /// Sender.
    pub from_addr: Option<&'a str>,
    /// Subject.
    pub subject: &'a str,
    /// Message-ID.
    pub message_id: Option<&'a str>,
    /// References of the incoming message.
    pub references: &'a [String],
}

/// Who sends and who is staff.
pub struct Senders<'a> {
    /// From address of notifications.
    pub from: &'a str,
    /// Staff addresses.
    pub staff: &'a [String],
    /// `Reply-To` of emails to carriers and customers (a mailbox freightdesk reads), if any.
    pub reply_to: Option<&'a str>,
    /// The broker's name as its emails sign it (`[company] name`).
    pub company: &'a str,
    /// How exception emails to staff are batched (`[staff] digest_minutes`, `at_once`).
    pub digest: crate::config::StaffDigest,
    /// Where staff reach the workspace (`[web] public_url`), for links in their emails.
    pub workspace_url: Option<&'a str>,
}

impl Senders<'_> {
    /// A template context with `company.name` added.
    fn company_context(&self, ctx: &Value) -> Value {
        let mut ctx = ctx.clone();
        ctx["company"] = json!({"name": self.company});
        ctx
    }

    /// The `Reply-To` for an email to `to`: none when every recipient is staff (their answers
    /// are for people, not for the intake).
    pub fn reply_to_for(&self, to: &[String]) -> Option<&str> {
        self.reply_to.filter(|_| {
            !to.iter()
                .all(|t| self.staff.iter().any(|s| s.eq_ignore_ascii_case(t)))
        })
    }
}

/// A notification queued by [`queue`].
#[derive(Debug, Clone, serde::Serialize)]
pub struct Queued {
    /// Event.
    pub event: String,
    /// Recipients.
    pub to: Vec<String>,
    /// Subject.
    pub subject: String,
    /// Names of attached files.
    pub attachments: Vec<String>,
}

/// Queue the notifications for a message's events and exceptions. Returns the new ones.
pub async fn queue(
    conn: &mut AnyConnection,
    rules: &RuleSet,
    directory: &Directory,
    senders: &Senders<'_>,
    cause: &Cause<'_>,
    events: &[Event],
    exceptions: &[Raised],
) -> Result<Vec<Queued>, NotifyError> {
    let mut queued = Vec::new();
    for ev in events {
        let (name, load_id, doc_id, subject_key) = match ev {
            Event::PickedUp {
                load_id,
                document_id,
            } => (
                "picked_up",
                Some(*load_id),
                *document_id,
                format!("load:{load_id}"),
            ),
            Event::Delivered {
                load_id,
                document_id,
            } => (
                "delivered",
                Some(*load_id),
                *document_id,
                format!("load:{load_id}"),
            ),
            Event::PaperworkRequest {
                load_id,
                document_id,
            } => (
                "paperwork_request",
                Some(*load_id),
                *document_id,
                format!("doc:{document_id}"),
            ),
            Event::CustomerInvoice {
                load_id,
                invoice_id,
            } => {
                queued.extend(
                    queue_customer_invoice(
                        conn,
                        rules,
                        directory,
                        senders,
                        cause,
                        *load_id,
                        *invoice_id,
                    )
                    .await?,
                );
                continue;
            }
            Event::InvoiceReceived {
                load_id,
                document_id,
            } => (
                "invoice_received",
                *load_id,
                *document_id,
                format!("doc:{document_id}"),
            ),
        };
        for route in rules.routes.iter().filter(|r| r.event == name) {
            let ctx = context(conn, directory, load_id, Some(doc_id), cause).await?;
            let attach = match route.attach {
                Some(kind) if kind.as_str() == ctx["document"]["kind"] => {
                    attachments::of_document(conn, route.to, doc_id).await?
                }
                _ => Vec::new(),
            };
            let key = format!("{name}:{subject_key}:{}", route.template);
            queued.extend(
                queue_one(
                    conn, rules, senders, cause, route, load_id, &ctx, key, attach, false,
                )
                .await?,
            );
        }
    }
    for ex in exceptions {
        for route in rules
            .routes
            .iter()
            .filter(|r| r.event == "exception" && ex.severity >= r.min_severity)
        {
            let mut ctx = context(conn, directory, ex.load_id, None, cause).await?;
            ctx["exception"] = json!({
                "id": ex.id, "rule_id": ex.rule_id, "severity": ex.severity.as_str(),
                "sentence": ex.sentence, "title": ex.title,
            });
            // Staff get the documents the exception is about, each as its own pages.
            let mut attach = Vec::new();
            if route.to == Audience::Staff {
                for &id in &ex.document_ids {
                    attach.extend(attachments::of_document(conn, route.to, id).await?);
                }
                attachments::unique_names(&mut attach);
            }
            let key = format!("exception:{}:{}", ex.id, route.template);
            // A staff email waits for the digest when one is set up (`[staff]`) and the rules
            // route the digest somewhere; a customer or carrier email never waits.
            let hold = route.to == Audience::Staff
                && senders.digest.holds(ex.severity)
                && rules.routes.iter().any(|r| r.event == "staff_digest");
            queued.extend(
                queue_one(
                    conn, rules, senders, cause, route, ex.load_id, &ctx, key, attach, hold,
                )
                .await?,
            );
        }
    }
    Ok(queued)
}

/// Queue the `customer_invoice` routes' emails of a new customer invoice: the invoice PDF
/// (rendered, when the email is built, from the invoice the outbox row carries) and the pages of the documents its
/// billing rule requires, each cut from its file; never a rate confirmation's or carrier
/// invoice's page ([`attachments::of_document`] refuses them to a customer). The template sees
/// `invoice` (`number`, `total`, `issued`, `due`, `terms`, `lines`: each `description`,
/// `amount`).
async fn queue_customer_invoice(
    conn: &mut AnyConnection,
    rules: &RuleSet,
    directory: &Directory,
    senders: &Senders<'_>,
    cause: &Cause<'_>,
    load_id: i64,
    invoice_id: i64,
) -> Result<Vec<Queued>, NotifyError> {
    let Some(stored) = crate::billing::stored_invoice(conn, invoice_id).await? else {
        return Ok(Vec::new());
    };
    let inv = &stored.invoice;
    let mut queued = Vec::new();
    // A customer billed by EDI only gets its 210 file (billing::edi), no email.
    if !stored.delivery.email {
        return Ok(queued);
    }
    for route in rules
        .routes
        .iter()
        .filter(|r| r.event == "customer_invoice")
    {
        let mut ctx = context(conn, directory, Some(load_id), None, cause).await?;
        ctx["invoice"] = json!({
            "number": inv.invoice_number,
            "total": crate::model::format_usd(inv.total),
            "issued": inv.issued.to_string(),
            "due": inv.due.to_string(),
            "terms": inv.terms,
            "supplement_to": inv.supplement_to,
            "credit_of": inv.credit_of,
            "lines": inv.lines.iter().map(|l| json!({
                "description": l.description,
                "amount": crate::model::format_usd(l.amount),
            })).collect::<Vec<_>>(),
        });
        let mut attach = vec![json!({
            // The invoice itself: the PDF is rendered from it when the email is built.
            "customer_invoice": inv,
            "filename": format!("{}.pdf", attachments::file_safe(&inv.invoice_number)),
            "content_type": "application/pdf",
        })];
        for &id in &stored.document_ids {
            attach.extend(attachments::of_document(conn, route.to, id).await?);
        }
        attachments::unique_names(&mut attach);
        let key = format!("customer_invoice:{}:{}", stored.id, route.template);
        queued.extend(
            queue_one(
                conn,
                rules,
                senders,
                cause,
                route,
                Some(load_id),
                &ctx,
                key,
                attach,
                false,
            )
            .await?,
        );
    }
    Ok(queued)
}

/// A person's dispute of a carrier invoice ([`queue_dispute`]).
pub struct Dispute<'a> {
    /// The exception disputed (row id, rule, sentence, severity).
    pub exception: &'a store::workspace::ExceptionRow,
    /// The invoice (document row).
    pub invoice: i64,
    /// What the person wrote to the carrier.
    pub message: &'a str,
    /// Their name.
    pub by: &'a str,
}

/// Queue the `dispute` emails (routes of event `dispute`, to the carrier): the invoice's
/// template context plus `exception` and `dispute`, threaded as a reply to `cause` (the email
/// that brought the invoice), with the exception's load so the carrier's answer is filed with
/// it. Each dispute of an exception is its own email (dedupe key `dispute:<id>:<n>`).
///
/// Errors: the database, or the template failing to render.
pub async fn queue_dispute(
    conn: &mut AnyConnection,
    rules: &RuleSet,
    directory: &Directory,
    senders: &Senders<'_>,
    cause: &Cause<'_>,
    dispute: &Dispute<'_>,
) -> Result<Vec<Queued>, NotifyError> {
    let e = dispute.exception;
    let earlier: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM outbox WHERE dedupe_key LIKE $1")
        .bind(format!("dispute:{}:%", e.id))
        .fetch_one(&mut *conn)
        .await
        .map_err(store::StoreError::from)?;
    let mut queued = Vec::new();
    for route in rules.routes.iter().filter(|r| r.event == "dispute") {
        let mut ctx = context(conn, directory, e.load_id, Some(dispute.invoice), cause).await?;
        ctx["exception"] = json!({
            "id": e.id, "rule_id": e.rule_id, "severity": e.severity,
            "sentence": e.sentence, "title": crate::checks::id_in_words(&e.rule_id),
        });
        ctx["dispute"] = json!({"message": dispute.message, "by": dispute.by});
        let key = format!("dispute:{}:{}:{}", e.id, earlier + 1, route.template);
        queued.extend(
            queue_one(
                conn,
                rules,
                senders,
                cause,
                route,
                e.load_id,
                &ctx,
                key,
                Vec::new(),
                false,
            )
            .await?,
        );
    }
    Ok(queued)
}

#[allow(clippy::too_many_arguments)]
async fn queue_one(
    conn: &mut AnyConnection,
    rules: &RuleSet,
    senders: &Senders<'_>,
    cause: &Cause<'_>,
    route: &Route,
    load_id: Option<i64>,
    ctx: &Value,
    dedupe_key: String,
    attachments: Vec<Value>,
    held_for_digest: bool,
) -> Result<Option<Queued>, NotifyError> {
    let to: Vec<String> = match route.to {
        Audience::Staff => senders.staff.to_vec(),
        // Invoices go to the customer's billing address; status emails to its contact.
        Audience::Customer => ctx["customer"][if route.event == "customer_invoice" {
            "billing_email"
        } else {
            "contact_email"
        }]
        .as_str()
        .map(|s| vec![s.to_string()])
        .unwrap_or_default(),
        Audience::Carrier => cause
            .from_addr
            .map(str::to_string)
            .or_else(|| ctx["carrier"]["contact_email"].as_str().map(str::to_string))
            .into_iter()
            .collect(),
    };
    if to.is_empty() {
        tracing::info!(event = %route.event, "no recipient for {:?}; nothing queued", route.to);
        return Ok(None);
    }
    // The template sees the company and the names of the files attached.
    let mut ctx = senders.company_context(ctx);
    ctx["attachments"] = attachments.iter().map(|a| a["filename"].clone()).collect();
    let (subject, body) = render(rules, &route.template, &ctx)?;
    let (in_reply_to, refs) = if route.to == Audience::Carrier {
        let mut refs: Vec<String> = cause.references.iter().map(|r| format!("<{r}>")).collect();
        let irt = cause.message_id.map(|m| format!("<{m}>"));
        refs.extend(irt.clone());
        (irt, (!refs.is_empty()).then(|| refs.join(" ")))
    } else {
        (None, None)
    };
    let n = NewNotification {
        email_message_id: message_id_for(&dedupe_key, senders.from),
        dedupe_key,
        event: route.event.clone(),
        rule_ref: route.rule_ref.clone(),
        rules_version: rules.version.clone(),
        load_id,
        cause_message_row: Some(cause.message_row),
        to,
        subject,
        body,
        in_reply_to,
        refs,
        attachments: Value::Array(attachments.clone()).to_string(),
        held_for_digest,
    };
    let new = store::enqueue(conn, &n).await?;
    Ok(new.then(|| Queued {
        event: n.event,
        to: n.to,
        subject: n.subject,
        attachments: attachments
            .iter()
            .filter_map(|a| a["filename"].as_str().map(str::to_string))
            .collect(),
    }))
}

/// Rule files that do not load, as reported to staff by [`queue_rules_invalid`].
pub struct InvalidRules<'a> {
    /// The rules folder.
    pub dir: &'a Path,
    /// The version the broken files hash to.
    pub version: &'a str,
    /// Every problem, as `file:line:column: message`.
    pub problems: &'a [String],
}

/// Queue the staff email about rule files with problems (event `rules_invalid`), with the routes
/// and template of `active`, the set that stays in use. The dedupe key is
/// `rules_invalid:<broken version>`, so each broken version is reported once, whatever the
/// number of saves or restarts. Returns the notifications new now (none when this version was
/// reported before, or the active set routes the event nowhere).
///
/// Errors: the database, or the template failing to render.
pub async fn queue_rules_invalid(
    store: &Store,
    active: &RuleSet,
    senders: &Senders<'_>,
    broken: &InvalidRules<'_>,
) -> Result<Vec<Queued>, NotifyError> {
    let ctx = json!({"rules": {
        "dir": broken.dir.display().to_string(),
        "version": broken.version,
        "active_version": active.version,
        "problems": broken.problems,
    }});
    let key = format!("rules_invalid:{}", broken.version);
    queue_staff_notice(store, active, senders, "rules_invalid", &key, &ctx).await
}

/// Queue the staff email about a shared inbox freightdesk cannot read for a reason that waiting
/// will not fix (event `mailbox_unreachable`): a refused login, a missing folder, an untrusted
/// certificate. At most one a day per mailbox and reason (dedupe key
/// `mailbox_unreachable:<account>/<folder>:<date>:<reason>`).
pub async fn queue_mailbox_unreachable(
    store: &Store,
    active: &RuleSet,
    senders: &Senders<'_>,
    mailbox: &MailboxProblem<'_>,
) -> Result<Vec<Queued>, NotifyError> {
    let ctx = json!({"mailbox": {
        "account": mailbox.account,
        "folder": mailbox.folder,
        "server": mailbox.server,
        "reason": mailbox.reason,
    }});
    let today = &store::now()[..10];
    let key = format!(
        "mailbox_unreachable:{}/{}:{today}:{}",
        mailbox.account, mailbox.folder, mailbox.reason
    );
    queue_staff_notice(store, active, senders, "mailbox_unreachable", &key, &ctx).await
}

/// A mailbox freightdesk cannot read: for [`queue_mailbox_unreachable`].
pub struct MailboxProblem<'a> {
    /// The account's `name` in the config.
    pub account: &'a str,
    /// The folder.
    pub folder: &'a str,
    /// `host:port`.
    pub server: &'a str,
    /// What went wrong, as the error says it.
    pub reason: &'a str,
}

/// Queue the staff email about a notification the mail server refused for good (event
/// `notification_rejected`): who it was for, its subject, the server's words. Once per
/// notification (dedupe key `notification_rejected:<outbox id>`).
pub async fn queue_notification_rejected(
    store: &Store,
    active: &RuleSet,
    senders: &Senders<'_>,
    rejected: &store::OutboxRow,
    reason: &str,
) -> Result<Vec<Queued>, NotifyError> {
    let ctx = json!({"notification": {
        "event": rejected.event,
        "to": rejected.to,
        "subject": rejected.subject,
        "message_id": rejected.email_message_id,
        "reason": reason,
    }});
    let key = format!("notification_rejected:{}", rejected.id);
    queue_staff_notice(store, active, senders, "notification_rejected", &key, &ctx).await
}

/// Queue the staff digest when one is due: the staff emails about exceptions held by
/// [`queue`] (`[staff] digest_minutes`) become one email to every staff address (event
/// `staff_digest`, template of its route), listing each exception with its severity, load,
/// sentence, whether it is still open, and a link to its page (`[web] public_url`). Due: some
/// are held and no digest was queued in the last `digest_minutes` (so the first exceptions after
/// a quiet spell go at once, and a burst waits for the next one). The digest and the marking of
/// what it lists (`digested`) are one transaction, so a crash sends neither twice nor loses one.
/// With no `staff_digest` route left in the rules, or `digest_minutes` now 0, what is held goes
/// out one email each, as it would have.
///
/// Returns the digest queued, if any. Errors: the database, or the template failing to render.
pub async fn queue_staff_digest(
    store: &Store,
    rules: &RuleSet,
    senders: &Senders<'_>,
) -> Result<Option<Queued>, NotifyError> {
    let _turn = store.write_turn().await;
    let mut tx = store
        .pool()
        .begin()
        .await
        .map_err(store::StoreError::from)?;
    let held = store::held_for_digest(&mut tx).await?;
    if held.is_empty() {
        return Ok(None);
    }
    let routes: Vec<&Route> = rules
        .routes
        .iter()
        .filter(|r| r.event == "staff_digest" && r.to == Audience::Staff)
        .collect();
    if routes.is_empty() || senders.digest.minutes == 0 {
        for h in &held {
            sqlx::query("UPDATE outbox SET status = 'pending' WHERE id = $1 AND status = 'held'")
                .bind(h.outbox_id)
                .execute(&mut *tx)
                .await
                .map_err(store::StoreError::from)?;
        }
        tx.commit().await.map_err(store::StoreError::from)?;
        return Ok(None);
    }
    if let Some(last) = store::last_digest_at(&mut tx).await? {
        let due = chrono::DateTime::parse_from_rfc3339(&last)
            .map(|t| t + chrono::Duration::minutes(senders.digest.minutes.into()))
            .is_ok_and(|t| t > chrono::Utc::now());
        if due {
            return Ok(None);
        }
    }
    let base = senders.workspace_url.map(|u| u.trim_end_matches('/'));
    let mut listed: Vec<&store::HeldForDigest> = Vec::new();
    for h in &held {
        if !listed.iter().any(|l| l.exception_id == h.exception_id) {
            listed.push(h);
        }
    }
    // The worst first; within a severity, the oldest first.
    let rank = |s: &str| match s {
        "high" => 0,
        "medium" => 1,
        _ => 2,
    };
    listed.sort_by_key(|h| (rank(&h.severity), h.exception_id));
    let exceptions: Vec<Value> = listed
        .iter()
        .map(|h| {
            json!({
                "id": h.exception_id, "rule_id": h.rule_id,
                "title": crate::checks::id_in_words(&h.rule_id), "severity": h.severity,
                "sentence": h.sentence, "status": h.status, "load_number": h.load_number,
                "raised_at": h.raised_at, "subject": h.subject,
                "url": base.map(|b| format!("{b}/exceptions/{}", h.exception_id)),
            })
        })
        .collect();
    let ctx = json!({"digest": {
        "count": listed.len(),
        "open": listed.iter().filter(|h| h.status == "open").count(),
        "url": base.map(|b| format!("{b}/exceptions")),
        "exceptions": exceptions,
    }});
    let first = held.iter().map(|h| h.outbox_id).min().unwrap_or_default();
    let last = held.iter().map(|h| h.outbox_id).max().unwrap_or_default();
    let mut queued = None;
    for (i, route) in routes.iter().enumerate() {
        let mut dedupe_key = format!("staff_digest:{first}-{last}");
        if i > 0 {
            dedupe_key = format!("{dedupe_key}:{}", route.template);
        }
        let n = staff_notification(rules, route, senders, dedupe_key, &ctx)?;
        if store::enqueue(&mut tx, &n).await? && queued.is_none() {
            queued = Some(queued_of(n));
        }
    }
    let ids: Vec<i64> = held.iter().map(|h| h.outbox_id).collect();
    store::mark_digested(&mut tx, &ids).await?;
    tx.commit().await.map_err(store::StoreError::from)?;
    Ok(queued)
}

/// Queue a staff-only email for a daemon event (not caused by a document), once per
/// `dedupe_key`, through the routes of `event` in `active`.
async fn queue_staff_notice(
    store: &Store,
    active: &RuleSet,
    senders: &Senders<'_>,
    event: &str,
    dedupe_key: &str,
    ctx: &Value,
) -> Result<Vec<Queued>, NotifyError> {
    let _turn = store.write_turn().await;
    let mut conn = store
        .pool()
        .acquire()
        .await
        .map_err(store::StoreError::from)?;
    let mut queued = Vec::new();
    let routes = active.routes.iter().filter(|r| r.event == event);
    for (i, route) in routes.enumerate() {
        if route.to != Audience::Staff {
            tracing::warn!(route = %route.rule_ref, "{event} goes to staff only; route ignored");
            continue;
        }
        if senders.staff.is_empty() {
            tracing::warn!("no staff addresses in the config; {event} not emailed");
            continue;
        }
        let mut dedupe_key = dedupe_key.to_string();
        if i > 0 {
            dedupe_key = format!("{dedupe_key}:{}", route.template);
        }
        let n = staff_notification(active, route, senders, dedupe_key, ctx)?;
        if store::enqueue(&mut conn, &n).await? {
            queued.push(queued_of(n));
        }
    }
    Ok(queued)
}

/// The email of `route` to every staff address, rendered from `ctx` (plus `company`): about no
/// load, in no thread, with nothing attached.
fn staff_notification(
    rules: &RuleSet,
    route: &Route,
    senders: &Senders<'_>,
    dedupe_key: String,
    ctx: &Value,
) -> Result<NewNotification, NotifyError> {
    let (subject, body) = render(rules, &route.template, &senders.company_context(ctx))?;
    Ok(NewNotification {
        email_message_id: message_id_for(&dedupe_key, senders.from),
        dedupe_key,
        event: route.event.clone(),
        rule_ref: route.rule_ref.clone(),
        rules_version: rules.version.clone(),
        load_id: None,
        cause_message_row: None,
        to: senders.staff.to_vec(),
        subject,
        body,
        in_reply_to: None,
        refs: None,
        attachments: "[]".into(),
        held_for_digest: false,
    })
}

/// What a queued notification without attachments reports.
fn queued_of(n: NewNotification) -> Queued {
    Queued {
        event: n.event,
        to: n.to,
        subject: n.subject,
        attachments: Vec::new(),
    }
}

/// The Message-ID of a notification: a hash of its dedupe key at the sender's domain.
pub fn message_id_for(dedupe_key: &str, from: &str) -> String {
    let domain = message_id_domain(from);
    let h = hex::encode(Sha256::digest(dedupe_key.as_bytes()));
    format!("fd.{}@{domain}", &h[..32])
}

/// Whether `message_id` (without angle brackets) has the form [`message_id_for`] gives the
/// sender `from`: `fd.`, 32 lower-case hex digits, `@` and from's domain (case-insensitive).
pub fn is_own_message_id(message_id: &str, from: &str) -> bool {
    let Some((local, domain)) = message_id.rsplit_once('@') else {
        return false;
    };
    local.strip_prefix("fd.").is_some_and(|h| {
        h.len() == 32
            && h.bytes()
                .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
    }) && domain.eq_ignore_ascii_case(message_id_domain(from))
}

/// The domain of notifications' Message-IDs: that of the From address.
fn message_id_domain(from: &str) -> &str {
    from.rsplit('@')
        .next()
        .map(|d| d.trim_end_matches('>'))
        .filter(|d| !d.is_empty())
        .unwrap_or("freightdesk.invalid")
}

/// Render an email template: the first line is `Subject: …`, the rest is the body.
pub fn render(
    rules: &RuleSet,
    template: &str,
    ctx: &Value,
) -> Result<(String, String), NotifyError> {
    let source = rules
        .emails
        .get(template)
        .ok_or_else(|| NotifyError::Template {
            template: template.into(),
            message: "no such template".into(),
        })?;
    let mut env = minijinja::Environment::new();
    env.add_filter("date", date_filter);
    let text = env
        .render_str(source, ctx)
        .map_err(|e| NotifyError::Template {
            template: template.into(),
            message: e.to_string(),
        })?;
    let (first, rest) = text.split_once('\n').unwrap_or((&text, ""));
    let subject = first.trim_start_matches("Subject:").trim().to_string();
    Ok((subject, rest.trim_start_matches('\n').to_string()))
}

/// The `date` filter of email templates: an ISO 8601 date (`2026-07-14`) written the way the
/// email's customer writes dates (`customer.date_format`, from customers.csv), else the US way
/// (`Jul 14, 2026`); `{{ d|date("%d %b %Y") }}` names a pattern. A value that is not an ISO
/// date, or a pattern that cannot be written, gives the value unchanged.
fn date_filter(state: &minijinja::State, value: String, pattern: Option<String>) -> String {
    use std::fmt::Write as _;
    let pattern = pattern
        .or_else(|| {
            state
                .lookup("customer")
                .and_then(|c| c.get_attr("date_format").ok())
                .and_then(|v| v.as_str().map(str::to_string))
        })
        .unwrap_or_else(|| store::directory::US_DATE.to_string());
    let Ok(date) = chrono::NaiveDate::parse_from_str(value.trim(), "%Y-%m-%d") else {
        return value;
    };
    let mut out = String::new();
    match store::directory::check_date_format(&pattern)
        .ok()
        .and_then(|()| write!(out, "{}", date.format(&pattern)).ok())
    {
        Some(()) => out,
        None => value,
    }
}

/// The template context: load, customer, carrier, the triggering document and the cause.
async fn context(
    conn: &mut AnyConnection,
    directory: &Directory,
    load_id: Option<i64>,
    document_id: Option<i64>,
    cause: &Cause<'_>,
) -> Result<Value, NotifyError> {
    let mut ctx = json!({
        "original": {"subject": cause.subject, "from": cause.from_addr},
        "load": null, "customer": null, "carrier": null, "document": null, "documents": {},
    });
    let mut carrier_mc: Option<String> = None;
    if let Some(id) = load_id {
        let load = store::load_by_id(conn, id).await?;
        ctx["load"] = json!({"load_number": load.load_number, "status": load.status});
        if let Some(c) = load
            .customer_id
            .as_deref()
            .and_then(|c| directory.customer(c))
        {
            ctx["customer"] = json!({
                "name": c.name, "contact_name": c.contact_name, "contact_email": c.contact_email,
                "date_format": c.date_format, "billing_email": c.invoice_email(),
            });
        }
        carrier_mc = load.carrier_mc.clone();
        // The latest document of each kind, for templates ("documents.proof_of_delivery.fields…").
        for d in store::load_state_documents(conn, id, &[]).await? {
            ctx["documents"][d.doc.kind.as_str()] = doc_json(&d.doc);
        }
    }
    if let Some(id) = document_id {
        let rows = sqlx::query("SELECT name, value FROM fields WHERE document_id = $1")
            .bind(id)
            .fetch_all(&mut *conn)
            .await
            .map_err(store::StoreError::from)?;
        let kind: String = sqlx::query("SELECT kind FROM documents WHERE id = $1")
            .bind(id)
            .fetch_one(&mut *conn)
            .await
            .map_err(store::StoreError::from)?
            .get(0);
        let mut fields = serde_json::Map::new();
        for r in rows {
            let name: String = r.get(0);
            let value: String = r.get(1);
            if name == "carrier_mc" && carrier_mc.is_none() {
                carrier_mc = Some(value.clone());
            }
            fields.insert(name, json!(value));
        }
        ctx["document"] = json!({"kind": kind, "fields": fields});
    }
    let carrier = carrier_mc
        .as_deref()
        .and_then(|m| directory.carrier_by_mc(m))
        .or_else(|| cause.from_addr.and_then(|a| directory.carrier_by_email(a)));
    if let Some(c) = carrier {
        ctx["carrier"] = json!({"name": c.name, "mc": c.mc, "contact_email": c.contact_email});
    }
    Ok(ctx)
}

fn doc_json(doc: &crate::model::ExtractedDocument) -> Value {
    let fields: serde_json::Map<String, Value> = doc
        .fields
        .iter()
        .map(|(k, f)| {
            let v = if k.ends_with("_usd") {
                doc.money(k)
                    .map(crate::model::format_usd)
                    .unwrap_or_else(|| f.value.clone())
            } else {
                f.value.clone()
            };
            (k.clone(), json!(v))
        })
        .collect();
    json!({"kind": doc.kind.as_str(), "fields": fields})
}

/// Where notifications go.
pub enum Transport {
    /// `.eml` files in a folder, one per email, named so staff can tell them apart:
    /// `<UTC date>-<time>-<event>-<load number>-<outbox id>.eml`
    /// (`20260717-143502-delivered-SFP-88123-17.eml`), so a listing is in the order they were
    /// written. Each is written to a temporary name and renamed, never seen half-written.
    File {
        /// Folder.
        dir: PathBuf,
    },
    /// An SMTP relay (lettre's async SMTP transport, rustls with ring).
    Smtp {
        /// `host:port`, for logs.
        server: String,
        /// lettre's transport.
        inner: AsyncSmtpTransport<Tokio1Executor>,
    },
}

/// What one delivery pass did.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Delivered {
    /// Notifications the transport accepted now.
    pub sent: usize,
    /// Notifications left pending after a transient failure (the pass stops at the first one:
    /// when the server is down, every send would fail alike).
    pub retry_later: usize,
    /// Notifications the server refused for good; each is marked failed and staff are told.
    pub rejected: usize,
    /// Customer invoices written as X12 210 files now (`[billing.edi]`).
    pub edi_written: usize,
}

impl Transport {
    /// The transport a config names.
    ///
    /// Errors: [`NotifyError::Setup`] for a folder that cannot be made, an unreadable CA file or
    /// password.
    pub fn from_config(c: &crate::config::OutgoingConfig) -> Result<Transport, NotifyError> {
        match c {
            crate::config::OutgoingConfig::File { path, .. } => Transport::file(path)
                .map_err(|e| NotifyError::Setup(format!("outbox folder {}: {e}", path.display()))),
            crate::config::OutgoingConfig::Smtp(s) => Transport::smtp(s),
        }
    }

    /// A file transport writing into `dir` (created if missing).
    pub fn file(dir: &Path) -> std::io::Result<Transport> {
        std::fs::create_dir_all(dir)?;
        Ok(Transport::File {
            dir: dir.to_path_buf(),
        })
    }

    /// An SMTP transport: implicit TLS, STARTTLS (required, never silently skipped) or plain
    /// for a relay on this machine; login when a username is configured. Certificates are
    /// checked against the system's roots plus the configured CA file.
    pub fn smtp(c: &crate::config::SmtpConfig) -> Result<Transport, NotifyError> {
        use crate::config::Security;
        let setup = |m: String| NotifyError::Setup(m);
        let tls_params = || -> Result<TlsParameters, NotifyError> {
            let mut b = TlsParameters::builder(c.host.clone());
            if let Some(ca) = &c.ca_file {
                let pem = std::fs::read(ca)
                    .map_err(|e| setup(format!("CA file {}: {e}", ca.display())))?;
                let cert = Certificate::from_pem(&pem)
                    .map_err(|e| setup(format!("CA file {}: {e}", ca.display())))?;
                b = b.add_root_certificate(cert);
            }
            b.build_rustls().map_err(|e| setup(format!("TLS: {e}")))
        };
        let tls = match c.security {
            Security::Tls => Tls::Wrapper(tls_params()?),
            Security::Starttls => Tls::Required(tls_params()?),
            Security::None => Tls::None,
        };
        let mut b = AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(c.host.clone())
            .port(c.port)
            .tls(tls)
            .timeout(Some(std::time::Duration::from_secs(c.timeout_secs)))
            // Connections are kept and reused (idle for up to a minute). Opening one per email
            // made a burst of status emails open 8 connections at once; under load some batches
            // then took 1.0-1.1 s (the length of a TCP SYN retry) instead of 60 ms, and at 50
            // messages a second the latency grew without bound (BENCHMARKS.md, latency).
            .pool_config(PoolConfig::new().max_size(SEND_CONCURRENCY as u32));
        if let Some(user) = &c.username {
            let password = c.password.read().map_err(setup)?;
            b = b.credentials(Credentials::new(user.clone(), password));
        }
        Ok(Transport::Smtp {
            server: format!("{}:{}", c.host, c.port),
            inner: b.build(),
        })
    }

    /// Whether a message with this Message-ID was already handed to the transport (checked
    /// only for notifications whose earlier try was interrupted). An SMTP server cannot be
    /// asked: such a notification is sent again with the same Message-ID (see
    /// docs/decisions.md, "Sending exactly once").
    fn already_sent(&self, message_id: &str) -> bool {
        match self {
            Transport::File { dir, .. } => {
                let needle = format!("Message-ID: <{message_id}>");
                std::fs::read_dir(dir)
                    .into_iter()
                    .flatten()
                    .flatten()
                    // A `.N.tmp` left by a crash mid-write was never handed over.
                    .filter(|e| e.path().extension().is_some_and(|x| x == "eml"))
                    .any(|e| {
                        std::fs::read(e.path())
                            .map(|b| String::from_utf8_lossy(&b).contains(&needle))
                            .unwrap_or(false)
                    })
            }
            Transport::Smtp { .. } => false,
        }
    }

    async fn send(&self, n: &store::OutboxRow, msg: &Message) -> Result<(), NotifyError> {
        match self {
            Transport::File { dir, .. } => {
                let path = dir.join(outbox_file_name(n, chrono::Utc::now()));
                let tmp = dir.join(format!(".{}.tmp", n.id));
                let bytes = msg.formatted();
                let io =
                    |e: std::io::Error| NotifyError::Transport(format!("{}: {e}", path.display()));
                tokio::fs::write(&tmp, bytes).await.map_err(io)?;
                tokio::fs::rename(&tmp, &path).await.map_err(io)
            }
            Transport::Smtp { inner, server } => match inner.send(msg.clone()).await {
                Ok(_) => Ok(()),
                Err(e) if e.is_permanent() => Err(NotifyError::Rejected(format!("{server}: {e}"))),
                Err(e) => Err(NotifyError::Transport(format!("{server}: {e}"))),
            },
        }
    }
}

/// The file name of an email in a file outbox: `20260717-143502-delivered-SFP-88123-17.eml`
/// (the load number left out when there is none; characters other than letters, digits, `-` and
/// `_` become `-`).
fn outbox_file_name(n: &store::OutboxRow, now: chrono::DateTime<chrono::Utc>) -> String {
    let mut name = format!(
        "{}-{}",
        now.format("%Y%m%d-%H%M%S"),
        attachments::file_safe(&n.event)
    );
    if let Some(load) = n.load_number.as_deref().filter(|l| !l.is_empty()) {
        name = format!("{name}-{}", attachments::file_safe(load));
    }
    format!("{name}-{}.eml", n.id)
}

/// How many notifications are handed to the transport at once. Each SMTP transaction costs
/// tens of milliseconds of waiting (the relay's queue commit, TCP delayed ACK on the message
/// body), not of work, so a few in flight keep a burst of status emails from queueing up behind
/// one another (BENCHMARKS.md, latency).
pub const SEND_CONCURRENCY: usize = 8;

/// Deliver the pending notifications, oldest first, up to [`SEND_CONCURRENCY`] at a time. A
/// notification is marked sent only after the transport accepted it; one whose earlier try may
/// have reached the transport (its row shows an attempt) is first looked for there, so it is not
/// sent twice. A transient failure stops the pass after the batch in flight (the caller retries
/// later, with backoff); a permanent refusal marks that notification failed and queues a
/// `notification_rejected` email to staff (not for a `notification_rejected` email itself, so a
/// refusing staff address cannot loop).
pub async fn deliver_pending(
    store: &Store,
    archive: &Archive,
    transport: &Transport,
    rules: &RuleSet,
    senders: &Senders<'_>,
) -> Result<Delivered, NotifyError> {
    let mut done = Delivered::default();
    let pending = store.pending_notifications().await?;
    let mut handled = 0;
    for batch in pending.chunks(SEND_CONCURRENCY) {
        let mut ready: Vec<(&store::OutboxRow, Message)> = Vec::with_capacity(batch.len());
        for n in batch {
            if n.attempts > 0 && transport.already_sent(&n.email_message_id) {
                store.mark_sent(n.id).await?;
                continue;
            }
            match build(n, archive, senders.from, senders.reply_to_for(&n.to)) {
                Ok(m) => ready.push((n, m)),
                Err(e) => {
                    store.mark_failed(n.id, &e.to_string(), true).await?;
                    tracing::error!(id = n.id, "notification cannot be built: {e}");
                }
            }
        }
        // Record the attempts before handing them over, so a crash in between is detectable.
        store
            .record_attempts(&ready.iter().map(|(n, _)| n.id).collect::<Vec<_>>())
            .await?;
        // Each accepted email is marked sent the moment its own 250 arrives, not after the
        // whole batch: the window in which a crash re-sends it stays one database write wide.
        let started = std::time::Instant::now();
        let answers = futures_util::future::join_all(ready.iter().map(|(n, m)| async move {
            let answer = transport.send(n, m).await;
            if answer.is_ok() {
                store.record_sent(n.id).await?;
            }
            Ok::<_, NotifyError>(answer)
        }))
        .await;
        tracing::debug!(
            "transport answered {} notification(s) in {:.1?}",
            ready.len(),
            started.elapsed()
        );
        let mut transient = false;
        for ((n, _), answer) in ready.iter().zip(answers) {
            match answer? {
                Ok(()) => done.sent += 1,
                Err(NotifyError::Rejected(reason)) => {
                    store.mark_failed(n.id, &reason, true).await?;
                    done.rejected += 1;
                    tracing::error!(id = n.id, to = %n.to.join(", "), "notification refused for good: {reason}");
                    if n.event != "notification_rejected" {
                        queue_notification_rejected(store, rules, senders, n, &reason).await?;
                    }
                }
                Err(e) => {
                    store.mark_failed(n.id, &e.to_string(), false).await?;
                    done.retry_later += 1;
                    transient = true;
                    tracing::warn!(id = n.id, "notification not sent, will retry: {e}");
                }
            }
        }
        handled += batch.len();
        if transient {
            done.retry_later += pending.len() - handled;
            break;
        }
    }
    Ok(done)
}

/// Build the email of an outbox row, with `Reply-To: reply_to` when given.
fn build(
    n: &store::OutboxRow,
    archive: &Archive,
    from: &str,
    reply_to: Option<&str>,
) -> Result<Message, NotifyError> {
    let bad = |e: String| NotifyError::Build(e);
    let mut b = Message::builder()
        .from(
            from.parse::<Mailbox>()
                .map_err(|e| bad(format!("from `{from}`: {e}")))?,
        )
        .subject(n.subject.clone())
        .message_id(Some(format!("<{}>", n.email_message_id)))
        .date_now()
        // RFC 3834: machine-made, so that auto-responders do not answer it and freightdesk,
        // reading a mailbox it also writes to, knows it for its own.
        .raw_header(HeaderValue::new(
            HeaderName::new_from_ascii_str("Auto-Submitted"),
            "auto-generated".into(),
        ));
    if let Some(r) = reply_to {
        b = b.reply_to(
            r.parse::<Mailbox>()
                .map_err(|e| bad(format!("reply_to `{r}`: {e}")))?,
        );
    }
    for t in &n.to {
        b = b.to(t
            .parse::<Mailbox>()
            .map_err(|e| bad(format!("to `{t}`: {e}")))?);
    }
    if let Some(irt) = &n.in_reply_to {
        b = b.in_reply_to(irt.clone());
    }
    if let Some(r) = &n.refs {
        b = b.references(r.clone());
    }
    let atts: Vec<Value> = serde_json::from_str(&n.attachments).unwrap_or_default();
    if atts.is_empty() {
        return b
            .singlepart(SinglePart::plain(n.body.clone()))
            .map_err(|e| bad(e.to_string()));
    }
    let mut mp = MultiPart::mixed().singlepart(SinglePart::plain(n.body.clone()));
    for a in atts {
        let bytes = attachments::attachment_bytes(archive, &a)?;
        let ct = ContentType::parse(a["content_type"].as_str().unwrap_or("application/pdf"))
            .map_err(|e| bad(e.to_string()))?;
        mp = mp.singlepart(
            Attachment::new(a["filename"].as_str().unwrap_or("document.pdf").to_string())
                .body(bytes, ct),
        );
    }
    b.multipart(mp).map_err(|e| bad(e.to_string()))
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    fn render_date(template: &str, ctx: serde_json::Value) -> String {
        let mut env = minijinja::Environment::new();
        env.add_filter("date", super::date_filter);
        env.render_str(template, ctx).unwrap()
    }

    #[test]
    fn dates_are_written_the_customers_way() {
        let t = "{{ d|date }}";
        assert_eq!(render_date(t, json!({"d": "2026-07-14"})), "Jul 14, 2026");
        assert_eq!(
            render_date(
                t,
                json!({"d": "2026-07-04", "customer": {"date_format": "%d/%m/%Y"}})
            ),
            "04/07/2026"
        );
        assert_eq!(
            render_date("{{ d|date('%Y-%m-%d') }}", json!({"d": "2026-07-14"})),
            "2026-07-14"
        );
        // Not an ISO date, or a pattern chrono cannot write: the value as it is.
        assert_eq!(render_date(t, json!({"d": "7/14/26"})), "7/14/26");
        assert_eq!(
            render_date(
                t,
                json!({"d": "2026-07-14", "customer": {"date_format": "%Q"}})
            ),
            "2026-07-14"
        );
    }
}
