//! What the web workspace (`freightdesk serve`) and `freightdesk users` read and write: users,
//! login sessions, the audit log, the exception queue and a load's page.

use sqlx::Row;

use super::{now, Result, Store, StoreError, StoredDocument};
use crate::model::DocumentKind;

/// A staff user.
#[derive(Debug, Clone, serde::Serialize)]
pub struct User {
    /// Row id.
    pub id: i64,
    /// Login name.
    pub name: String,
    /// clerk | admin.
    pub role: String,
    /// Disabled users cannot log in, and their sessions end.
    pub disabled: bool,
    /// When added.
    pub created_at: String,
}

/// A logged-in user's session.
#[derive(Debug, Clone)]
pub struct Session {
    /// Who.
    pub user: User,
    /// The CSRF token every POST form of this session carries.
    pub csrf: String,
}

/// An audit entry.
#[derive(Debug, Clone, serde::Serialize)]
pub struct AuditEntry {
    /// When.
    pub at: String,
    /// Who (user name, or `cli`).
    pub actor: String,
    /// What: resolve, user_add, user_disable.
    pub action: String,
    /// On what: `exception:12`, `user:dana`.
    pub subject: String,
    /// Before.
    pub before: Option<String>,
    /// After.
    pub after: Option<String>,
    /// The person's note.
    pub note: Option<String>,
}

/// The fields a search looks a reference up in: the identifiers printed on documents.
pub const SEARCHED_FIELDS: [&str; 7] = [
    "load_number",
    "pro_number",
    "bol_number",
    "po_number",
    "invoice_number",
    "receipt_number",
    "carrier_mc",
];

/// A document a search found by one of its references.
#[derive(Debug, Clone, serde::Serialize)]
pub struct DocumentHit {
    /// Row id.
    pub id: i64,
    /// Its kind (`carrier_invoice`, …).
    pub kind: String,
    /// The field that matched (one of [`SEARCHED_FIELDS`]).
    pub field: String,
    /// Its value.
    pub value: String,
    /// The load it is filed against; `None` for an unlinked document.
    pub load_number: Option<String>,
}

/// What a search found ([`Store::search`]).
#[derive(Debug, Clone, Default)]
pub struct SearchResult {
    /// Loads: by load number, by a reference of theirs (PRO, BOL, PO), by a reference printed on
    /// one of their documents, by carrier MC number, or by carrier or customer name.
    pub loads: Vec<super::LoadListing>,
    /// Documents whose references match, unlinked ones too.
    pub documents: Vec<DocumentHit>,
}

/// What [`Store::approve_invoice`] did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Approval {
    /// The invoice (document row) is approved for payment; the exception resolved.
    Approved(i64),
    /// The exception is not open (or not there): nothing changed.
    NotOpen,
    /// The exception is about no carrier invoice: nothing changed.
    NoInvoice,
}

/// A carrier invoice ready to pay ([`Store::payables`]).
#[derive(Debug, Clone, serde::Serialize)]
pub struct Payable {
    /// The invoice's document row.
    pub document_id: i64,
    /// The load it bills.
    pub load_number: String,
    /// The carrier's name (directory, by MC).
    pub carrier: Option<String>,
    /// The MC number on the invoice.
    pub carrier_mc: Option<String>,
    /// The carrier's invoice number.
    pub invoice_number: Option<String>,
    /// Amount, USD with two places.
    pub total_usd: Option<String>,
    /// Payment terms as read (`Net 30`).
    pub terms: Option<String>,
    /// Invoice date, ISO 8601.
    pub invoice_date: Option<String>,
    /// Due date, ISO 8601: the invoice date (else the day it was received) plus the terms' days.
    pub due_date: Option<String>,
    /// Who approved it for payment despite an exception, if so.
    pub approved_by: Option<String>,
    /// When.
    pub approved_at: Option<String>,
    /// The payment batch it was exported in (`freightdesk ap export`), if any.
    pub batch_id: Option<i64>,
    /// The quick-pay fee the carrier's terms take ([`quick_pay_fee`]), USD with two places.
    pub quick_pay_fee_usd: Option<String>,
    /// What is paid: the amount less the quick-pay fee, USD with two places.
    pub amount_due_usd: Option<String>,
}

/// A payment batch: carrier invoices handed to accounts payable together
/// ([`Store::export_payment_batch`]).
#[derive(Debug, Clone, serde::Serialize)]
pub struct PaymentBatch {
    /// Batch number.
    pub id: i64,
    /// When it was made (ISO 8601, UTC).
    pub created_at: String,
    /// Who made it.
    pub actor: String,
    /// Its invoices, oldest first.
    pub invoices: Vec<Payable>,
    /// What they come to, USD with two places: the amounts due (quick-pay fees taken off; an
    /// invoice whose total was not read counts 0).
    pub total_usd: String,
}

/// What `payables` come to, USD: their amounts due (quick-pay fees taken off); an invoice whose
/// total was not read counts 0.
pub fn amount_due(payables: &[Payable]) -> rust_decimal::Decimal {
    payables
        .iter()
        .filter_map(|p| {
            p.amount_due_usd
                .as_deref()?
                .parse::<rust_decimal::Decimal>()
                .ok()
        })
        .sum()
}

/// The quick-pay fee on an invoice of `total` USD whose terms are `terms`, when the carrier took
/// quick pay: the terms name it (`Quick Pay 3%`, `QuickPay (2%) - 2 days`, `QP 1.5%`) with a
/// percentage, and offer no `Net N` beside it (`Quick Pay 2% / Net 30` is an offer the carrier
/// has not taken: no fee). The fee is that percentage of the total, rounded to the cent
/// (half away from zero).
pub fn quick_pay_fee(terms: &str, total: rust_decimal::Decimal) -> Option<rust_decimal::Decimal> {
    static QUICK: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
        regex::Regex::new(r"(?i)\bquick\s*-?\s*pay\b|\bQP\b").expect("pattern")
    });
    static NET: std::sync::LazyLock<regex::Regex> =
        std::sync::LazyLock::new(|| regex::Regex::new(r"(?i)\bnet\s*\d").expect("pattern"));
    static PERCENT: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
        regex::Regex::new(r"(\d{1,2}(?:\.\d{1,2})?)\s*%").expect("pattern")
    });
    if !QUICK.is_match(terms) || NET.is_match(terms) {
        return None;
    }
    let pct: rust_decimal::Decimal = PERCENT.captures(terms)?[1].parse().ok()?;
    Some(
        (total * pct / rust_decimal::Decimal::ONE_HUNDRED)
            .round_dp_with_strategy(2, rust_decimal::RoundingStrategy::MidpointAwayFromZero),
    )
}

/// The due date of an invoice dated `from` (ISO 8601) on `terms`: `Net 30`, `Net 45 days`,
/// `30 days` add that many days; other terms (`Quick Pay`, `Due on receipt`) give none.
pub fn due_date(from: &str, terms: &str) -> Option<String> {
    static NET: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
        regex::Regex::new(r"(?i)\bnet\s*(\d{1,3})\b|\b(\d{1,3})\s*days\b").expect("pattern")
    });
    let c = NET.captures(terms)?;
    let days: i64 = c.get(1).or(c.get(2))?.as_str().parse().ok()?;
    let date = chrono::NaiveDate::parse_from_str(from, "%Y-%m-%d").ok()?;
    Some(
        (date + chrono::Duration::days(days))
            .format("%Y-%m-%d")
            .to_string(),
    )
}

/// A document filed against no load, as the unlinked list shows it.
#[derive(Debug, Clone, serde::Serialize)]
pub struct UnlinkedDocument {
    /// Row id.
    pub id: i64,
    /// Its kind.
    pub kind: String,
    /// When its message was taken in (ISO 8601).
    pub received_at: String,
    /// Its message's sender.
    pub from_addr: Option<String>,
    /// Its message's subject.
    pub subject: Option<String>,
    /// The attachment's file name.
    pub filename: Option<String>,
    /// The references printed on it ([`SEARCHED_FIELDS`]): (field, value).
    pub references: Vec<(String, String)>,
}

/// A document as its workspace page shows it ([`Store::document_page`]).
#[derive(Debug, Clone)]
pub struct DocumentPage {
    /// The document, its fields, charges and stops.
    pub document: StoredDocument,
    /// The archive key (SHA-256) of the attachment it was read from; `None` for a document read
    /// from an email's text.
    pub source_sha256: Option<String>,
    /// That attachment's file name, as the sender named it.
    pub filename: Option<String>,
    /// The load it is filed against.
    pub load_number: Option<String>,
}

/// A new audit entry.
#[derive(Debug)]
pub struct NewAudit<'a> {
    /// Who.
    pub actor: &'a str,
    /// What.
    pub action: &'a str,
    /// On what.
    pub subject: &'a str,
    /// The load it concerns.
    pub load_id: Option<i64>,
    /// Before.
    pub before: Option<&'a str>,
    /// After.
    pub after: Option<&'a str>,
    /// Note.
    pub note: Option<&'a str>,
}

/// One row of the exception queue, or the head of an exception's page.
#[derive(Debug, Clone, serde::Serialize)]
pub struct ExceptionRow {
    /// Row id.
    pub id: i64,
    /// When raised.
    pub created_at: String,
    /// Rule id.
    pub rule_id: String,
    /// `checks.toml#id`.
    pub rule_ref: String,
    /// low | medium | high.
    pub severity: String,
    /// The load's number, if any.
    pub load_number: Option<String>,
    /// The sentence staff read.
    pub sentence: String,
    /// open | resolved.
    pub status: String,
    /// When resolved.
    pub resolved_at: Option<String>,
    /// Who resolved it (a user), if by hand.
    pub resolved_by_user: Option<String>,
    /// Their note.
    pub resolution_note: Option<String>,
    /// The document that settled it, if it was settled by paperwork.
    pub resolved_by_document: Option<i64>,
    /// The documents it is about (row ids).
    pub document_ids: Vec<i64>,
    /// The load's row id.
    pub load_id: Option<i64>,
    /// The person it is assigned to.
    pub assignee: Option<String>,
    /// How it was resolved by a person: `resolved`, or `approved` (the invoice approved for
    /// payment despite it).
    pub resolution: Option<String>,
}

/// Everything about one load: see [`Store::load_record`].
#[derive(Debug, Clone)]
pub struct LoadRecord {
    /// The load, with its customer's and carrier's names.
    pub listing: super::LoadListing,
    /// Its stops, from its latest rate confirmation that lists them, else its latest bill of
    /// lading; in the order printed.
    pub stops: Vec<crate::model::Stop>,
    /// Its documents, oldest first.
    pub documents: Vec<StoredDocument>,
    /// Its exceptions, oldest first.
    pub exceptions: Vec<ExceptionRow>,
    /// Messages in and emails out, in time order.
    pub timeline: Vec<TimelineEntry>,
    /// Audit entries, in time order.
    pub audit: Vec<AuditEntry>,
}

/// Filters of the exception queue.
#[derive(Debug, Clone, Default)]
pub struct ExceptionFilter {
    /// open | resolved; `None`: both.
    pub status: Option<String>,
    /// Only this rule id.
    pub rule: Option<String>,
    /// Only this severity.
    pub severity: Option<String>,
    /// Only this load number.
    pub load_number: Option<String>,
    /// Only those assigned to this person.
    pub assignee: Option<String>,
    /// Only those of loads of this carrier: its MC number (`123456` or `MC 123456`) or part of
    /// its name in the directory (case-insensitive).
    pub carrier: Option<String>,
    /// Only those of loads of this customer: its id in the directory or part of its name.
    pub customer: Option<String>,
    /// Only those raised at least this many days ago.
    pub older_than_days: Option<i64>,
}

/// One page of the queue.
#[derive(Debug, Clone)]
pub struct ExceptionPage {
    /// The rows, oldest first.
    pub rows: Vec<ExceptionRow>,
    /// How many match the filter in all.
    pub total: i64,
    /// Per rule id, how many of the status (before the rule and severity filters).
    pub per_rule: Vec<(String, i64)>,
}

/// A message in or an email out, for a load's timeline.
#[derive(Debug, Clone, serde::Serialize)]
pub struct TimelineEntry {
    /// When (received, or queued / sent).
    pub at: String,
    /// in | out.
    pub direction: String,
    /// Sender (in) or recipients (out).
    pub party: String,
    /// Subject.
    pub subject: String,
    /// processed / failed (in); pending / sent / failed (out), and the event name.
    pub status: String,
}

const EXCEPTION_COLUMNS: &str = "e.id, e.created_at, e.rule_id, e.rule_ref, e.severity, \
    l.load_number, e.sentence, e.status, e.resolved_at, e.resolved_by_user, e.resolution_note, \
    e.resolved_by_document, e.document_ids, e.load_id, e.assignee, e.resolution";

fn exception_from_row(r: &sqlx::any::AnyRow) -> Result<ExceptionRow> {
    let ids: String = r.get(12);
    Ok(ExceptionRow {
        id: r.get(0),
        created_at: r.get(1),
        rule_id: r.get(2),
        rule_ref: r.get(3),
        severity: r.get(4),
        load_number: r.get(5),
        sentence: r.get(6),
        status: r.get(7),
        resolved_at: r.get(8),
        resolved_by_user: r.get(9),
        resolution_note: r.get(10),
        resolved_by_document: r.get(11),
        document_ids: serde_json::from_str(&ids).map_err(|e| StoreError::Corrupt(e.to_string()))?,
        load_id: r.get(13),
        assignee: r.get(14),
        resolution: r.get(15),
    })
}

fn user_from_row(r: &sqlx::any::AnyRow) -> User {
    User {
        id: r.get(0),
        name: r.get(1),
        role: r.get(2),
        disabled: r.get::<i64, _>(3) != 0,
        created_at: r.get(4),
    }
}

/// An RFC 3339 UTC time `minutes` from now, in the format of [`now`] (so text order is time
/// order).
pub fn minutes_from_now(minutes: i64) -> String {
    (chrono::Utc::now() + chrono::Duration::minutes(minutes))
        .to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

impl Store {
    /// Add a user, by `actor` (`cli`, or an admin's name); `None` when the name is taken.
    pub async fn add_user(
        &self,
        name: &str,
        role: &str,
        password_hash: &str,
        actor: &str,
    ) -> Result<Option<i64>> {
        let _turn = self.write_turn().await;
        let mut tx = self.pool.begin().await?;
        let row = sqlx::query(
            "INSERT INTO users (name, role, password_hash, disabled, created_at) \
             VALUES ($1, $2, $3, 0, $4) ON CONFLICT DO NOTHING RETURNING id",
        )
        .bind(name)
        .bind(role)
        .bind(password_hash)
        .bind(now())
        .fetch_optional(&mut *tx)
        .await?;
        if row.is_some() {
            insert_audit(
                &mut tx,
                &NewAudit {
                    actor,
                    action: "user_add",
                    subject: &format!("user:{name}"),
                    load_id: None,
                    before: None,
                    after: Some(role),
                    note: None,
                },
            )
            .await?;
        }
        tx.commit().await?;
        Ok(row.map(|r| r.get(0)))
    }

    /// Every user, by name.
    pub async fn list_users(&self) -> Result<Vec<User>> {
        let rows =
            sqlx::query("SELECT id, name, role, disabled, created_at FROM users ORDER BY name")
                .fetch_all(&self.pool)
                .await?;
        Ok(rows.iter().map(user_from_row).collect())
    }

    /// Disable a user and end their sessions; `false` when there is no such user.
    pub async fn disable_user(&self, name: &str, actor: &str) -> Result<bool> {
        let _turn = self.write_turn().await;
        let mut tx = self.pool.begin().await?;
        let Some(row) = sqlx::query("SELECT id, disabled FROM users WHERE name = $1")
            .bind(name)
            .fetch_optional(&mut *tx)
            .await?
        else {
            return Ok(false);
        };
        let id: i64 = row.get(0);
        let was = if row.get::<i64, _>(1) != 0 {
            "disabled"
        } else {
            "enabled"
        };
        sqlx::query("UPDATE users SET disabled = 1 WHERE id = $1")
            .bind(id)
            .execute(&mut *tx)
            .await?;
        sqlx::query("DELETE FROM sessions WHERE user_id = $1")
            .bind(id)
            .execute(&mut *tx)
            .await?;
        insert_audit(
            &mut tx,
            &NewAudit {
                actor,
                action: "user_disable",
                subject: &format!("user:{name}"),
                load_id: None,
                before: Some(was),
                after: Some("disabled"),
                note: None,
            },
        )
        .await?;
        tx.commit().await?;
        Ok(true)
    }

    /// A user that may log in (not disabled), with their password hash.
    pub async fn user_for_login(&self, name: &str) -> Result<Option<(User, String)>> {
        let row = sqlx::query(
            "SELECT id, name, role, disabled, created_at, password_hash FROM users \
             WHERE name = $1 AND disabled = 0",
        )
        .bind(name)
        .fetch_optional(&self.pool)
        .await?;
        Ok(row.map(|r| (user_from_row(&r), r.get(5))))
    }

    /// Record a session (by the SHA-256 of its cookie token) for a user.
    pub async fn create_session(
        &self,
        token_sha256: &str,
        user_id: i64,
        csrf: &str,
        expires_at: &str,
    ) -> Result<()> {
        let _turn = self.write_turn().await;
        sqlx::query("DELETE FROM sessions WHERE expires_at < $1")
            .bind(now())
            .execute(&self.pool)
            .await?;
        sqlx::query(
            "INSERT INTO sessions (token_sha256, user_id, csrf, created_at, expires_at) \
             VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(token_sha256)
        .bind(user_id)
        .bind(csrf)
        .bind(now())
        .bind(expires_at)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    /// The live session with this token hash: not expired, its user not disabled.
    pub async fn session(&self, token_sha256: &str) -> Result<Option<Session>> {
        let row = sqlx::query(
            "SELECT u.id, u.name, u.role, u.disabled, u.created_at, s.csrf FROM sessions s \
             JOIN users u ON u.id = s.user_id \
             WHERE s.token_sha256 = $1 AND s.expires_at > $2 AND u.disabled = 0",
        )
        .bind(token_sha256)
        .bind(now())
        .fetch_optional(&self.pool)
        .await?;
        Ok(row.map(|r| Session {
            user: user_from_row(&r),
            csrf: r.get(5),
        }))
    }

    /// End a session.
    pub async fn delete_session(&self, token_sha256: &str) -> Result<()> {
        let _turn = self.write_turn().await;
        sqlx::query("DELETE FROM sessions WHERE token_sha256 = $1")
            .bind(token_sha256)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    /// A page of the exception queue: `filter`, oldest first, `limit` rows from `offset`.
    pub async fn exception_queue(
        &self,
        filter: &ExceptionFilter,
        limit: i64,
        offset: i64,
    ) -> Result<ExceptionPage> {
        // Fixed fragments only; every value is bound, in the order of the placeholders. What
        // concerns the load is a set of load ids (indexed lookups), so counting needs no join.
        let mut clause = String::from("1 = 1");
        let mut values: Vec<String> = Vec::new();
        for (column, value) in [
            ("e.status", &filter.status),
            ("e.rule_id", &filter.rule),
            ("e.severity", &filter.severity),
            ("e.assignee", &filter.assignee),
        ] {
            if let Some(v) = value {
                values.push(v.clone());
                clause += &format!(" AND {column} = ${}", values.len());
            }
        }
        if let Some(number) = &filter.load_number {
            values.push(number.trim().to_string());
            clause += &format!(
                " AND e.load_id IN (SELECT id FROM loads WHERE load_number = ${})",
                values.len()
            );
        }
        if let Some(carrier) = &filter.carrier {
            let mc = carrier.trim();
            let mc = mc
                .strip_prefix("MC")
                .or_else(|| mc.strip_prefix("mc"))
                .map_or(mc, |m| m.trim_start_matches([' ', '#', '-']));
            values.push(mc.to_string());
            values.push(carrier.trim().to_lowercase());
            let (n, m) = (values.len() - 1, values.len());
            clause += &format!(
                " AND e.load_id IN (SELECT id FROM loads WHERE carrier_mc IN \
                 (SELECT mc FROM carriers WHERE LOWER(name) LIKE '%' || ${m} || '%' \
                  UNION SELECT ${n}))"
            );
        }
        if let Some(customer) = &filter.customer {
            values.push(customer.trim().to_string());
            values.push(customer.trim().to_lowercase());
            let (n, m) = (values.len() - 1, values.len());
            clause += &format!(
                " AND e.load_id IN (SELECT id FROM loads WHERE customer_id IN \
                 (SELECT customer_id FROM customers WHERE LOWER(name) LIKE '%' || ${m} || '%' \
                  UNION SELECT ${n}))"
            );
        }
        if let Some(days) = filter.older_than_days {
            values.push(minutes_from_now(-days.saturating_mul(24 * 60)));
            clause += &format!(" AND e.created_at <= ${}", values.len());
        }
        let mut q = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT {EXCEPTION_COLUMNS} FROM exceptions e LEFT JOIN loads l ON l.id = e.load_id \
             WHERE {clause} ORDER BY e.created_at, e.id LIMIT {limit} OFFSET {offset}"
        )));
        for v in &values {
            q = q.bind(v.clone());
        }
        let rows = q.fetch_all(&self.pool).await?;
        let mut c = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT COUNT(*) FROM exceptions e WHERE {clause}"
        )));
        for v in &values {
            c = c.bind(v.clone());
        }
        let total: i64 = c.fetch_one(&self.pool).await?.get(0);
        let per_rule = match &filter.status {
            Some(status) => sqlx::query(
                "SELECT rule_id, COUNT(*) FROM exceptions WHERE status = $1 \
                 GROUP BY rule_id ORDER BY rule_id",
            )
            .bind(status),
            None => sqlx::query(
                "SELECT rule_id, COUNT(*) FROM exceptions GROUP BY rule_id ORDER BY rule_id",
            ),
        }
        .fetch_all(&self.pool)
        .await?
        .iter()
        .map(|r| (r.get(0), r.get(1)))
        .collect();
        Ok(ExceptionPage {
            rows: rows.iter().map(exception_from_row).collect::<Result<_>>()?,
            total,
            per_rule,
        })
    }

    /// One exception.
    pub async fn exception(&self, id: i64) -> Result<Option<ExceptionRow>> {
        let row = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT {EXCEPTION_COLUMNS} FROM exceptions e LEFT JOIN loads l ON l.id = e.load_id \
             WHERE e.id = $1"
        )))
        .bind(id)
        .fetch_optional(&self.pool)
        .await?;
        row.as_ref().map(exception_from_row).transpose()
    }

    /// The exceptions of a load, oldest first.
    pub async fn load_exceptions(&self, load_id: i64) -> Result<Vec<ExceptionRow>> {
        let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT {EXCEPTION_COLUMNS} FROM exceptions e LEFT JOIN loads l ON l.id = e.load_id \
             WHERE e.load_id = $1 ORDER BY e.created_at, e.id"
        )))
        .bind(load_id)
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(exception_from_row).collect()
    }

    /// Resolve an open exception by hand, with a note, and audit it. `Ok(false)`: it is not open
    /// (or not there).
    pub async fn resolve_by_user(&self, id: i64, actor: &str, note: &str) -> Result<bool> {
        let _turn = self.write_turn().await;
        let mut tx = self.pool.begin().await?;
        let row = sqlx::query(
            "UPDATE exceptions SET status = 'resolved', resolved_at = $1, resolved_by_user = $2, \
             resolution_note = $3, resolution = 'resolved' WHERE id = $4 AND status = 'open' \
             RETURNING load_id",
        )
        .bind(now())
        .bind(actor)
        .bind(note)
        .bind(id)
        .fetch_optional(&mut *tx)
        .await?;
        let Some(row) = row else {
            return Ok(false);
        };
        insert_audit(
            &mut tx,
            &NewAudit {
                actor,
                action: "resolve",
                subject: &format!("exception:{id}"),
                load_id: row.get(0),
                before: Some("open"),
                after: Some("resolved"),
                note: Some(note),
            },
        )
        .await?;
        tx.commit().await?;
        Ok(true)
    }

    /// Assign exception `id` to `assignee` (a user's name; `None` unassigns), by `actor`;
    /// audited. Returns whether there is such an exception.
    pub async fn assign(&self, id: i64, assignee: Option<&str>, actor: &str) -> Result<bool> {
        let _turn = self.write_turn().await;
        let mut tx = self.pool.begin().await?;
        let row = sqlx::query("SELECT assignee, load_id FROM exceptions WHERE id = $1")
            .bind(id)
            .fetch_optional(&mut *tx)
            .await?;
        let Some(row) = row else {
            return Ok(false);
        };
        let before: Option<String> = row.get(0);
        sqlx::query("UPDATE exceptions SET assignee = $1 WHERE id = $2")
            .bind(assignee)
            .bind(id)
            .execute(&mut *tx)
            .await?;
        insert_audit(
            &mut tx,
            &NewAudit {
                actor,
                action: "assign",
                subject: &format!("exception:{id}"),
                load_id: row.get(1),
                before: Some(before.as_deref().unwrap_or("nobody")),
                after: Some(assignee.unwrap_or("nobody")),
                note: None,
            },
        )
        .await?;
        tx.commit().await?;
        Ok(true)
    }

    /// Approve for payment the carrier invoice that open exception `id` is about, despite it,
    /// by `actor` with `note` (required by the caller): the invoice is recorded as approved (it
    /// becomes payable, [`Store::payables`]) and the exception is resolved as `approved`; both
    /// audited.
    pub async fn approve_invoice(&self, id: i64, actor: &str, note: &str) -> Result<Approval> {
        let _turn = self.write_turn().await;
        let mut tx = self.pool.begin().await?;
        let Some((status, load_id, invoice)) = invoice_of_exception(&mut tx, id).await? else {
            return Ok(Approval::NotOpen);
        };
        if status != "open" {
            return Ok(Approval::NotOpen);
        }
        let Some(invoice) = invoice else {
            return Ok(Approval::NoInvoice);
        };
        let at = now();
        sqlx::query(
            "INSERT INTO invoice_approvals (document_id, approved_by, approved_at, exception_id, note) \
             VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING",
        )
        .bind(invoice)
        .bind(actor)
        .bind(&at)
        .bind(id)
        .bind(note)
        .execute(&mut *tx)
        .await?;
        sqlx::query(
            "UPDATE exceptions SET status = 'resolved', resolved_at = $1, resolved_by_user = $2, \
             resolution_note = $3, resolution = 'approved' WHERE id = $4",
        )
        .bind(&at)
        .bind(actor)
        .bind(note)
        .bind(id)
        .execute(&mut *tx)
        .await?;
        let after = format!("approved: invoice #{invoice} payable");
        for subject in [format!("exception:{id}"), format!("document:{invoice}")] {
            insert_audit(
                &mut tx,
                &NewAudit {
                    actor,
                    action: "approve",
                    subject: &subject,
                    load_id,
                    before: Some("open"),
                    after: Some(&after),
                    note: Some(note),
                },
            )
            .await?;
        }
        tx.commit().await?;
        Ok(Approval::Approved(invoice))
    }

    /// Carrier invoices ready to pay, oldest first: those filed against a load that has its rate
    /// confirmation and POD, with no open exception about them (the three-way match passed: no
    /// open exception of their load whose subject, in its dedupe key `rule:subject`, is the
    /// invoice or one of its lines) and whose invoice number was not received before, on the same
    /// load or from the same MC (a resent invoice is never paid again, whether or not its
    /// `duplicate_invoice` exception was merged with an earlier copy's), and
    /// those a person approved for payment. Amount, terms and dates as read (the invoice's terms,
    /// else its load's rate confirmation's).
    pub async fn payables(&self) -> Result<Vec<Payable>> {
        self.payables_where(
            "(a.document_id IS NOT NULL OR ( \
               EXISTS (SELECT 1 FROM documents r WHERE r.load_id = d.load_id AND r.kind = 'rate_confirmation') \
               AND EXISTS (SELECT 1 FROM documents p WHERE p.load_id = d.load_id AND p.kind = 'proof_of_delivery') \
               AND NOT EXISTS (SELECT 1 FROM exceptions e WHERE e.status = 'open' AND e.load_id = d.load_id \
                 AND (e.dedupe_key = e.rule_id || ':' || CAST(d.id AS TEXT) \
                      OR e.dedupe_key LIKE e.rule_id || ':' || CAST(d.id AS TEXT) || ':%')) \
               AND NOT EXISTS (SELECT 1 FROM fields n \
                 JOIN fields en ON en.name = 'invoice_number' AND en.value = n.value \
                 JOIN documents o ON o.id = en.document_id \
                 WHERE n.document_id = d.id AND n.name = 'invoice_number' \
                   AND o.kind = 'carrier_invoice' AND o.id < d.id \
                   AND (o.load_id = d.load_id OR EXISTS (SELECT 1 FROM fields m \
                     JOIN fields om ON om.document_id = o.id AND om.name = 'carrier_mc' AND om.value = m.value \
                     WHERE m.document_id = d.id AND m.name = 'carrier_mc')))))",
        )
        .await
    }

    /// The carrier invoices that meet `condition` (SQL over `d`, the invoice's document, `a`, its
    /// approval, and `b`, its payment batch), as [`Payable`]s, oldest first.
    async fn payables_where(&self, condition: &str) -> Result<Vec<Payable>> {
        let field = |name: &str| {
            format!("(SELECT value FROM fields WHERE document_id = d.id AND name = '{name}')")
        };
        let sql = format!(
            "SELECT d.id, l.load_number, {mc}, {number}, {total}, \
             COALESCE({terms}, (SELECT f.value FROM fields f JOIN documents r ON r.id = f.document_id \
               WHERE r.load_id = d.load_id AND r.kind = 'rate_confirmation' \
               AND f.name = 'payment_terms' ORDER BY r.id DESC LIMIT 1)), \
             {date}, m.received_at, a.approved_by, a.approved_at, \
             (SELECT k.name FROM carriers k WHERE k.mc = COALESCE({mc}, l.carrier_mc) \
               ORDER BY k.carrier_id LIMIT 1), b.batch_id \
             FROM documents d JOIN loads l ON l.id = d.load_id JOIN messages m ON m.id = d.message_id \
             LEFT JOIN invoice_approvals a ON a.document_id = d.id \
             LEFT JOIN payment_batch_invoices b ON b.document_id = d.id \
             WHERE d.kind = 'carrier_invoice' AND {condition} \
             ORDER BY d.id",
            mc = field("carrier_mc"),
            number = field("invoice_number"),
            total = field("total_usd"),
            terms = field("payment_terms"),
            date = field("invoice_date"),
        );
        let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
            .fetch_all(&self.pool)
            .await?;
        Ok(rows
            .iter()
            .map(|r| {
                let terms: Option<String> = r.get(5);
                let invoice_date: Option<String> = r.get(6);
                let received_at: String = r.get(7);
                let total: Option<rust_decimal::Decimal> =
                    r.get::<Option<String>, _>(4).and_then(|t| t.parse().ok());
                let fee = terms
                    .as_deref()
                    .zip(total)
                    .and_then(|(t, total)| quick_pay_fee(t, total));
                let from = invoice_date
                    .clone()
                    .unwrap_or_else(|| received_at.get(..10).unwrap_or_default().to_string());
                Payable {
                    document_id: r.get(0),
                    load_number: r.get(1),
                    carrier_mc: r.get(2),
                    invoice_number: r.get(3),
                    total_usd: r.get(4),
                    due_date: terms.as_deref().and_then(|t| due_date(&from, t)),
                    quick_pay_fee_usd: fee.map(|f| format!("{f:.2}")),
                    amount_due_usd: total
                        .map(|t| format!("{:.2}", t - fee.unwrap_or_default()))
                        .or_else(|| r.get(4)),
                    terms,
                    invoice_date,
                    approved_by: r.get(8),
                    approved_at: r.get(9),
                    carrier: r.get(10),
                    batch_id: r.get(11),
                }
            })
            .collect())
    }

    /// Put every invoice ready to pay ([`Store::payables`]) that is in no batch yet into a new
    /// payment batch, made by `actor`, in one transaction: an invoice is in one batch at most
    /// (the table's key), so exporting again never pays one twice. `None` when nothing new is
    /// ready.
    pub async fn export_payment_batch(&self, actor: &str) -> Result<Option<PaymentBatch>> {
        let _turn = self.write_turn().await;
        let fresh: Vec<Payable> = self
            .payables()
            .await?
            .into_iter()
            .filter(|p| p.batch_id.is_none())
            .collect();
        if fresh.is_empty() {
            return Ok(None);
        }
        let total = format!("{:.2}", amount_due(&fresh).round_dp(2));
        let created_at = now();
        let mut tx = self.pool.begin().await?;
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO payment_batches (created_at, actor, invoices, total_usd) \
             VALUES ($1, $2, $3, $4) RETURNING id",
        )
        .bind(&created_at)
        .bind(actor)
        .bind(fresh.len() as i64)
        .bind(&total)
        .fetch_one(&mut *tx)
        .await?;
        for p in &fresh {
            sqlx::query(
                "INSERT INTO payment_batch_invoices (document_id, batch_id) VALUES ($1, $2)",
            )
            .bind(p.document_id)
            .bind(id)
            .execute(&mut *tx)
            .await?;
            insert_audit(
                &mut tx,
                &NewAudit {
                    actor,
                    action: "ap_export",
                    subject: &format!("document:{}", p.document_id),
                    load_id: None,
                    before: Some("ready to pay"),
                    after: Some(&format!("payment batch {id}")),
                    note: None,
                },
            )
            .await?;
        }
        tx.commit().await?;
        self.payment_batch(id).await
    }

    /// Payment batch `id` as exported (its invoices as they read now), if there is one.
    pub async fn payment_batch(&self, id: i64) -> Result<Option<PaymentBatch>> {
        let Some(row) =
            sqlx::query("SELECT created_at, actor, total_usd FROM payment_batches WHERE id = $1")
                .bind(id)
                .fetch_optional(&self.pool)
                .await?
        else {
            return Ok(None);
        };
        let invoices = self.payables_where(&format!("b.batch_id = {id}")).await?;
        Ok(Some(PaymentBatch {
            id,
            created_at: row.get(0),
            actor: row.get(1),
            invoices,
            total_usd: row.get(2),
        }))
    }

    /// Record one audit entry on its own (an action whose effect is outside the database, like a
    /// template written into the rules folder).
    pub async fn record_audit(&self, entry: &NewAudit<'_>) -> Result<()> {
        let _turn = self.write_turn().await;
        let mut conn = self.pool.acquire().await?;
        insert_audit(&mut conn, entry).await
    }

    /// The audit entries about `subject`, oldest first.
    pub async fn audit_of(&self, subject: &str) -> Result<Vec<AuditEntry>> {
        let rows = sqlx::query(
            "SELECT at, actor, action, subject, before_value, after_value, note FROM audit \
             WHERE subject = $1 ORDER BY id",
        )
        .bind(subject)
        .fetch_all(&self.pool)
        .await?;
        Ok(rows.iter().map(audit_from_row).collect())
    }

    /// The audit entries about a load's things, oldest first.
    pub async fn audit_of_load(&self, load_id: i64) -> Result<Vec<AuditEntry>> {
        let rows = sqlx::query(
            "SELECT at, actor, action, subject, before_value, after_value, note FROM audit \
             WHERE load_id = $1 ORDER BY id",
        )
        .bind(load_id)
        .fetch_all(&self.pool)
        .await?;
        Ok(rows.iter().map(audit_from_row).collect())
    }

    /// Find loads and documents by what staff type: a load number, PRO, BOL, PO, invoice or
    /// receipt number, MC number (`MC 123456` or `123456`), or part of a carrier's or customer's
    /// name (or alias). References match exactly (as typed, or upper-cased); names match as a
    /// case-insensitive substring of 3 or more characters. At most `limit` of each, newest first.
    pub async fn search(&self, query: &str, limit: i64) -> Result<SearchResult> {
        let q = query.trim();
        if q.is_empty() {
            return Ok(SearchResult::default());
        }
        let upper = q.to_uppercase();
        // "MC 123456", "MC#123456", "mc-123456": the number.
        let mc = upper
            .strip_prefix("MC")
            .map(|r| r.trim_start_matches([' ', '#', ':', '-']))
            .filter(|r| !r.is_empty() && r.chars().all(|c| c.is_ascii_digit()))
            .unwrap_or(&upper)
            .to_string();
        let name = if q.chars().count() >= 3 {
            format!("%{}%", q.to_lowercase().replace(['%', '_'], ""))
        } else {
            // Matches no name.
            "\u{0}".to_string()
        };
        let fields = SEARCHED_FIELDS
            .iter()
            .map(|f| format!("'{f}'"))
            .collect::<Vec<_>>()
            .join(", ");
        // Each way a load is found is an indexed lookup; their union, newest first.
        let load_ids: Vec<i64> = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT id FROM loads WHERE load_number IN ($1, $2) \
             UNION SELECT load_id FROM load_refs WHERE value IN ($1, $2) \
             UNION SELECT d.load_id FROM fields f JOIN documents d ON d.id = f.document_id \
                   WHERE f.name IN ({fields}) AND f.value IN ($1, $2, $3) \
                   AND d.load_id IS NOT NULL \
             UNION SELECT id FROM loads WHERE carrier_mc IN \
                   (SELECT mc FROM carriers WHERE LOWER(name) LIKE $4 UNION SELECT $3) \
             UNION SELECT id FROM loads WHERE customer_id IN \
                   (SELECT customer_id FROM customers \
                    WHERE LOWER(name) LIKE $4 OR LOWER(aliases) LIKE $4) \
             ORDER BY 1 DESC LIMIT $5"
        )))
        .bind(q)
        .bind(&upper)
        .bind(&mc)
        .bind(&name)
        .bind(limit)
        .fetch_all(&self.pool)
        .await?
        .iter()
        .map(|r| r.get(0))
        .collect();
        let loads = if load_ids.is_empty() {
            Vec::new()
        } else {
            // Row ids from the database: numbers, safe to write into the statement.
            let ids = load_ids
                .iter()
                .map(i64::to_string)
                .collect::<Vec<_>>()
                .join(", ");
            let mut loads = self
                .list_loads_where(&format!("l.id IN ({ids})"), "")
                .await?;
            loads.sort_by_key(|l| std::cmp::Reverse(l.load.id));
            loads
        };
        let documents = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT d.id, d.kind, f.name, f.value, l.load_number FROM fields f \
             JOIN documents d ON d.id = f.document_id LEFT JOIN loads l ON l.id = d.load_id \
             WHERE f.name IN ({fields}) AND f.value IN ($1, $2, $3) \
             ORDER BY d.id DESC LIMIT $4"
        )))
        .bind(q)
        .bind(&upper)
        .bind(&mc)
        .bind(limit)
        .fetch_all(&self.pool)
        .await?
        .iter()
        .map(|r| DocumentHit {
            id: r.get(0),
            kind: r.get(1),
            field: r.get(2),
            value: r.get(3),
            load_number: r.get(4),
        })
        .collect();
        Ok(SearchResult { loads, documents })
    }

    /// Documents filed against no load, oldest first: `limit` from `offset`, and how many there
    /// are in all.
    pub async fn unlinked_documents(
        &self,
        limit: i64,
        offset: i64,
    ) -> Result<(Vec<UnlinkedDocument>, i64)> {
        let total: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM documents WHERE load_id IS NULL")
            .fetch_one(&self.pool)
            .await?;
        let rows = sqlx::query(
            "SELECT d.id, d.kind, m.received_at, m.from_addr, m.subject, a.filename \
             FROM documents d JOIN messages m ON m.id = d.message_id \
             LEFT JOIN attachments a ON a.id = d.attachment_id \
             WHERE d.load_id IS NULL ORDER BY d.id LIMIT $1 OFFSET $2",
        )
        .bind(limit)
        .bind(offset)
        .fetch_all(&self.pool)
        .await?;
        let fields = SEARCHED_FIELDS
            .iter()
            .map(|f| format!("'{f}'"))
            .collect::<Vec<_>>()
            .join(", ");
        let mut out = Vec::with_capacity(rows.len());
        for r in rows {
            let id: i64 = r.get(0);
            let references = sqlx::query(sqlx::AssertSqlSafe(format!(
                "SELECT name, value FROM fields WHERE document_id = $1 AND name IN ({fields}) \
                 ORDER BY name"
            )))
            .bind(id)
            .fetch_all(&self.pool)
            .await?
            .iter()
            .map(|f| (f.get(0), f.get(1)))
            .collect();
            out.push(UnlinkedDocument {
                id,
                kind: r.get(1),
                received_at: r.get(2),
                from_addr: r.get(3),
                subject: r.get(4),
                filename: r.get(5),
                references,
            });
        }
        Ok((out, total))
    }

    /// A document with what its page shows besides its fields: the load it is filed against
    /// and the attachment it was read from. `None` when there is no such document.
    pub async fn document_page(&self, id: i64) -> Result<Option<DocumentPage>> {
        let mut conn = self.pool.acquire().await?;
        let row = sqlx::query(
            "SELECT a.sha256, a.filename, l.load_number FROM documents d \
             LEFT JOIN attachments a ON a.id = d.attachment_id \
             LEFT JOIN loads l ON l.id = d.load_id WHERE d.id = $1",
        )
        .bind(id)
        .fetch_optional(&mut *conn)
        .await?;
        let Some(row) = row else {
            return Ok(None);
        };
        let document = super::document(&mut conn, id).await?;
        Ok(Some(DocumentPage {
            document,
            source_sha256: row.get(0),
            filename: row.get(1),
            load_number: row.get(2),
        }))
    }

    /// A load by number, with its customer's and carrier's names.
    pub async fn load_page(&self, load_number: &str) -> Result<Option<super::LoadListing>> {
        Ok(self
            .list_loads_where("l.load_number = $1", load_number)
            .await?
            .pop())
    }

    /// Everything about a load, for its page (`/loads/{n}`) and `loads show`: the load with
    /// its customer's and carrier's names, its stops, documents, exceptions, timeline and audit.
    /// `None` when there is no such load.
    pub async fn load_record(&self, load_number: &str) -> Result<Option<LoadRecord>> {
        let Some(listing) = self.load_page(load_number).await? else {
            return Ok(None);
        };
        let id = listing.load.id;
        let (documents, exceptions, timeline, audit) = tokio::try_join!(
            self.documents_of_load(id),
            self.load_exceptions(id),
            self.load_timeline(id),
            self.audit_of_load(id),
        )?;
        // The load's stops: those of its latest rate confirmation that lists them, else of its
        // latest bill of lading.
        let stops = [DocumentKind::RateConfirmation, DocumentKind::BillOfLading]
            .iter()
            .find_map(|k| {
                documents
                    .iter()
                    .rev()
                    .find(|d| d.doc.kind == *k && !d.doc.stops.is_empty())
            })
            .map(|d| d.doc.stops.clone())
            .unwrap_or_default();
        Ok(Some(LoadRecord {
            listing,
            stops,
            documents,
            exceptions,
            timeline,
            audit,
        }))
    }

    /// A load's documents, oldest first.
    pub async fn documents_of_load(&self, load_id: i64) -> Result<Vec<StoredDocument>> {
        let mut conn = self.pool.acquire().await?;
        super::load_documents(&mut conn, load_id).await
    }

    /// Messages in (naming the load, or carrying its documents) and emails out about a load, in
    /// time order.
    pub async fn load_timeline(&self, load_id: i64) -> Result<Vec<TimelineEntry>> {
        let mut out: Vec<TimelineEntry> = sqlx::query(
            "SELECT received_at, COALESCE(from_addr, ''), COALESCE(subject, ''), status FROM messages \
             WHERE load_id = $1 OR id IN (SELECT message_id FROM documents WHERE load_id = $1)",
        )
        .bind(load_id)
        .fetch_all(&self.pool)
        .await?
        .iter()
        .map(|r| TimelineEntry {
            at: r.get(0),
            direction: "in".into(),
            party: r.get(1),
            subject: r.get(2),
            status: r.get(3),
        })
        .collect();
        for r in sqlx::query(
            "SELECT COALESCE(sent_at, created_at), to_addrs, subject, status, event FROM outbox \
             WHERE load_id = $1",
        )
        .bind(load_id)
        .fetch_all(&self.pool)
        .await?
        {
            out.push(TimelineEntry {
                at: r.get(0),
                direction: "out".into(),
                party: r.get::<String, _>(1).replace(';', ", "),
                subject: r.get(2),
                status: match r.get::<String, _>(3).as_str() {
                    "held" => "waiting for the staff digest".to_string(),
                    "digested" => "sent in the staff digest".to_string(),
                    s => format!("{s} ({})", r.get::<String, _>(4)),
                },
            });
        }
        out.sort_by(|a, b| a.at.cmp(&b.at));
        Ok(out)
    }
}

fn audit_from_row(r: &sqlx::any::AnyRow) -> AuditEntry {
    AuditEntry {
        at: r.get(0),
        actor: r.get(1),
        action: r.get(2),
        subject: r.get(3),
        before: r.get(4),
        after: r.get(5),
        note: r.get(6),
    }
}

/// Exception `id`'s status, load (row id) and the carrier invoice it is about: its subject
/// (the dedupe key's `rule:<document id>`), else the last invoice among the documents it names.
/// `None` when there is no such exception.
pub async fn invoice_of_exception(
    conn: &mut sqlx::AnyConnection,
    id: i64,
) -> Result<Option<(String, Option<i64>, Option<i64>)>> {
    let row = sqlx::query(
        "SELECT status, load_id, dedupe_key, document_ids FROM exceptions WHERE id = $1",
    )
    .bind(id)
    .fetch_optional(&mut *conn)
    .await?;
    let Some(row) = row else {
        return Ok(None);
    };
    let dedupe_key: String = row.get(2);
    let ids: Vec<i64> = serde_json::from_str(&row.get::<String, _>(3))
        .map_err(|e| StoreError::Corrupt(e.to_string()))?;
    let mut invoices = Vec::new();
    for d in ids {
        let kind: Option<String> = sqlx::query_scalar("SELECT kind FROM documents WHERE id = $1")
            .bind(d)
            .fetch_optional(&mut *conn)
            .await?;
        if kind.as_deref() == Some("carrier_invoice") {
            invoices.push(d);
        }
    }
    let subject = dedupe_key
        .split(':')
        .nth(1)
        .and_then(|s| s.parse::<i64>().ok());
    let invoice = invoices
        .iter()
        .copied()
        .find(|d| Some(*d) == subject)
        .or(invoices.last().copied());
    Ok(Some((row.get(0), row.get(1), invoice)))
}

/// Write an audit entry in the caller's transaction.
pub async fn insert_audit(conn: &mut sqlx::AnyConnection, a: &NewAudit<'_>) -> Result<()> {
    sqlx::query(
        "INSERT INTO audit (at, actor, action, subject, load_id, before_value, after_value, note) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
    )
    .bind(now())
    .bind(a.actor)
    .bind(a.action)
    .bind(a.subject)
    .bind(a.load_id)
    .bind(a.before)
    .bind(a.after)
    .bind(a.note)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::{due_date, quick_pay_fee};

    #[test]
    fn terms_in_days_give_a_due_date() {
        assert_eq!(
            due_date("2026-07-16", "Net 30").as_deref(),
            Some("2026-08-15")
        );
        assert_eq!(
            due_date("2026-07-16", "NET45").as_deref(),
            Some("2026-08-30")
        );
        assert_eq!(
            due_date("2026-12-20", "30 days").as_deref(),
            Some("2027-01-19")
        );
        assert_eq!(due_date("2026-07-16", "Quick Pay"), None);
        assert_eq!(due_date("not a date", "Net 30"), None);
    }

    #[test]
    fn quick_pay_takes_its_fee_only_when_taken() {
        let fee =
            |terms: &str| quick_pay_fee(terms, "2595.00".parse().unwrap()).map(|f| f.to_string());
        assert_eq!(fee("Quick Pay 3%").as_deref(), Some("77.85"));
        assert_eq!(fee("QuickPay (2.5%) - 2 days").as_deref(), Some("64.88"));
        assert_eq!(fee("QP 1.5% fee").as_deref(), Some("38.93"));
        assert_eq!(fee("quick-pay 2 %").as_deref(), Some("51.90"));
        // Offered beside Net terms, not taken; no percentage, no fee known; not quick pay.
        assert_eq!(fee("Quick Pay 2% / Net 30"), None);
        assert_eq!(fee("Quick Pay"), None);
        assert_eq!(fee("Net 30"), None);
        assert_eq!(fee("2% 10 Net 30"), None);
    }
}
