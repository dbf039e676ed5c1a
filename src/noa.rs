//! Notices of Assignment and each carrier's remit-to history.
//!
//! A carrier that sells its invoices to a factoring company sends (or has the factor send) a
//! Notice of Assignment (NOA, document kind `notice_of_assignment`): from its effective date the
//! carrier's invoices are paid to the factor. A remit-to that changes without one is a classic
//! fraud signal (docs/domain.md), so a notice changes nothing by itself:
//!
//! 1. When a notice is read, it is recorded here ([`record_notice`]) as a remit-to change waiting
//!    for a person, and staff get `noa_received` with what it says.
//! 2. A person confirms it with the carrier, by the phone number on file, not one on the notice
//!    (`freightdesk noa confirm ID`, or resolving its `noa_received` exception in the workspace):
//!    [`confirm`]. From then on the carrier's remit-to is the notice's ([`effective_carrier`]),
//!    over `directory/carriers.csv`.
//! 3. A carrier invoice asking payment to a remit-to other than the one in force raises
//!    `remit_to_changed` and is held; its sentence says whether a notice for that remit-to is on
//!    file and waits for confirmation, or none is ([`notice_for`]). Confirming the notice judges
//!    the held invoices again, and they are released.
//!
//! Every change is kept: [`history`] lists a carrier's, oldest first, with who confirmed each.

use serde::Serialize;
use sqlx::{AnyConnection, Row};

use crate::model::ExtractedDocument;
use crate::rules::condition::simplify;
use crate::store::directory::{Carrier, Directory};
use crate::store::{self, StoreError};

/// Errors are the store's.
pub type Result<T> = std::result::Result<T, StoreError>;

/// One change of a carrier's remit-to (a row of `remit_to_changes`).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RemitToChange {
    /// Row id: what `freightdesk noa confirm` takes.
    pub id: i64,
    /// The carrier on file (directory id), found by the notice's MC; `None`: not on file.
    pub carrier_id: Option<String>,
    /// The carrier as the notice prints it.
    pub carrier_name: Option<String>,
    /// The carrier's MC number as printed.
    pub carrier_mc: Option<String>,
    /// The factoring company.
    pub factor_name: Option<String>,
    /// Who is paid from the effective date.
    pub remit_to_name: String,
    /// Where.
    pub remit_to_address: Option<String>,
    /// From when (ISO 8601 date), as printed.
    pub effective_date: Option<String>,
    /// The notice (document row id).
    pub document_id: Option<i64>,
    /// When it was read (ISO 8601, UTC).
    pub received_at: String,
    /// When a person confirmed it (ISO 8601, UTC); `None`: waiting.
    pub confirmed_at: Option<String>,
    /// Who confirmed it.
    pub confirmed_by: Option<String>,
    /// How it was confirmed.
    pub note: Option<String>,
}

const COLUMNS: &str = "id, carrier_id, carrier_name, carrier_mc, factor_name, remit_to_name, \
     remit_to_address, effective_date, document_id, received_at, confirmed_at, confirmed_by, note";

fn from_row(r: &sqlx::any::AnyRow) -> RemitToChange {
    RemitToChange {
        id: r.get(0),
        carrier_id: r.get(1),
        carrier_name: r.get(2),
        carrier_mc: r.get(3),
        factor_name: r.get(4),
        remit_to_name: r.get(5),
        remit_to_address: r.get(6),
        effective_date: r.get(7),
        document_id: r.get(8),
        received_at: r.get(9),
        confirmed_at: r.get(10),
        confirmed_by: r.get(11),
        note: r.get(12),
    }
}

/// Record the notice `doc` (document row `document_id`) as a remit-to change waiting for a
/// person; the carrier is the directory's with the notice's MC. Returns the change, or `None`
/// when the notice names no remit-to (nothing to change). Recorded once per document.
///
/// Errors: the database.
pub async fn record_notice(
    conn: &mut AnyConnection,
    directory: &Directory,
    document_id: i64,
    doc: &ExtractedDocument,
) -> Result<Option<RemitToChange>> {
    let Some(remit_to) = doc.field("remit_to_name").or(doc.field("factor_name")) else {
        return Ok(None);
    };
    let carrier = doc
        .field("carrier_mc")
        .and_then(|mc| directory.carrier_by_mc(mc));
    sqlx::query(
        "INSERT INTO remit_to_changes (carrier_id, carrier_name, carrier_mc, factor_name, \
         remit_to_name, remit_to_address, effective_date, document_id, received_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT (document_id) DO NOTHING",
    )
    .bind(carrier.map(|c| c.carrier_id.as_str()))
    .bind(doc.field("carrier_name"))
    .bind(doc.field("carrier_mc"))
    .bind(doc.field("factor_name"))
    .bind(remit_to)
    .bind(doc.field("remit_to_address"))
    .bind(doc.field("effective_date"))
    .bind(document_id)
    .bind(store::now())
    .execute(&mut *conn)
    .await?;
    change_of_document(conn, document_id).await
}

/// The carrier as it is paid for work invoiced on `as_of` (an ISO 8601 date; `None`: today):
/// the directory's, with the remit-to of its latest confirmed change in effect by then (one
/// without an effective date is in effect from its confirmation), if any. An invoice dated
/// before a notice's effective date is still the carrier's to be paid.
///
/// Errors: the database.
pub async fn effective_carrier(
    conn: &mut AnyConnection,
    carrier: &Carrier,
    as_of: Option<&str>,
) -> Result<Carrier> {
    let as_of = as_of
        .map(str::to_string)
        .unwrap_or_else(|| chrono::Utc::now().date_naive().to_string());
    let row = sqlx::query(sqlx::AssertSqlSafe(format!(
        "SELECT {COLUMNS} FROM remit_to_changes WHERE carrier_id = $1 \
         AND confirmed_at IS NOT NULL AND (effective_date IS NULL OR effective_date <= $2) \
         ORDER BY confirmed_at DESC, id DESC LIMIT 1"
    )))
    .bind(&carrier.carrier_id)
    .bind(as_of)
    .fetch_optional(&mut *conn)
    .await?;
    let mut c = carrier.clone();
    if let Some(change) = row.as_ref().map(from_row) {
        c.remit_to_name = Some(change.remit_to_name);
        c.remit_to_address = change.remit_to_address;
    }
    Ok(c)
}

/// The latest notice on file for `carrier` that names `remit_to` (compared as
/// [`simplify`] does: case, punctuation and company suffixes aside), confirmed or not.
///
/// Errors: the database.
pub async fn notice_for(
    conn: &mut AnyConnection,
    carrier: &Carrier,
    remit_to: &str,
) -> Result<Option<RemitToChange>> {
    let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
        "SELECT {COLUMNS} FROM remit_to_changes WHERE carrier_id = $1 ORDER BY id DESC"
    )))
    .bind(&carrier.carrier_id)
    .fetch_all(&mut *conn)
    .await?;
    let want = simplify(remit_to);
    Ok(rows.iter().map(from_row).find(|c| {
        simplify(&c.remit_to_name) == want
            || c.factor_name
                .as_deref()
                .is_some_and(|f| simplify(f) == want)
    }))
}

/// The change with row id `id`.
///
/// Errors: the database.
pub async fn change(conn: &mut AnyConnection, id: i64) -> Result<Option<RemitToChange>> {
    change_where(conn, "id", id).await
}

/// The change recorded from notice `document_id`.
///
/// Errors: the database.
pub async fn change_of_document(
    conn: &mut AnyConnection,
    document_id: i64,
) -> Result<Option<RemitToChange>> {
    change_where(conn, "document_id", document_id).await
}

/// The change whose `column` (`id` or `document_id`, both unique) is `value`.
async fn change_where(
    conn: &mut AnyConnection,
    column: &'static str,
    value: i64,
) -> Result<Option<RemitToChange>> {
    let row = sqlx::query(sqlx::AssertSqlSafe(format!(
        "SELECT {COLUMNS} FROM remit_to_changes WHERE {column} = $1"
    )))
    .bind(value)
    .fetch_optional(&mut *conn)
    .await?;
    Ok(row.as_ref().map(from_row))
}

/// Mark change `id` confirmed by `actor` with `note` (how it was confirmed). Returns the change
/// as it is now, or `None` when there is none; a change confirmed before stays as it was.
///
/// Errors: the database.
pub async fn confirm(
    conn: &mut AnyConnection,
    id: i64,
    actor: &str,
    note: &str,
) -> Result<Option<RemitToChange>> {
    sqlx::query(
        "UPDATE remit_to_changes SET confirmed_at = $1, confirmed_by = $2, note = $3 \
         WHERE id = $4 AND confirmed_at IS NULL",
    )
    .bind(store::now())
    .bind(actor)
    .bind(note)
    .bind(id)
    .execute(&mut *conn)
    .await?;
    change(conn, id).await
}

/// Every recorded change, oldest first; only `carrier_id`'s when given.
///
/// Errors: the database.
pub async fn history(
    conn: &mut AnyConnection,
    carrier_id: Option<&str>,
) -> Result<Vec<RemitToChange>> {
    let rows = match carrier_id {
        Some(c) => {
            sqlx::query(sqlx::AssertSqlSafe(format!(
                "SELECT {COLUMNS} FROM remit_to_changes WHERE carrier_id = $1 ORDER BY id"
            )))
            .bind(c)
            .fetch_all(&mut *conn)
            .await?
        }
        None => {
            sqlx::query(sqlx::AssertSqlSafe(format!(
                "SELECT {COLUMNS} FROM remit_to_changes ORDER BY id"
            )))
            .fetch_all(&mut *conn)
            .await?
        }
    };
    Ok(rows.iter().map(from_row).collect())
}
