//! What accounts receivable reads: the aging of open customer invoices, and how billing goes
//! (`freightdesk ar aging`, `freightdesk report billing`).

use std::collections::BTreeMap;

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::Serialize;
use sqlx::{AnyConnection, Row};

use super::{billing_state, BillingState, Result};
use crate::rules::RuleSet;
use crate::store::directory::Directory;
use crate::store::StoreError;

/// One customer's open invoices by how late they are on `as_of` (USD): the usual aging buckets.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct AgingRow {
    /// The customer (`customers.csv` id).
    pub customer_id: String,
    /// Its name from the directory, when there.
    pub customer: Option<String>,
    /// Not yet due.
    pub current: Decimal,
    /// 1 to 30 days past due.
    pub days_1_30: Decimal,
    /// 31 to 60 days past due.
    pub days_31_60: Decimal,
    /// 61 to 90 days past due.
    pub days_61_90: Decimal,
    /// More than 90 days past due.
    pub days_over_90: Decimal,
    /// All of it.
    pub total: Decimal,
    /// How many open invoices.
    pub invoices: usize,
}

/// The open (unpaid) customer invoices by customer, aged on `as_of`, customers in id order.
///
/// Errors: the database; [`StoreError::Corrupt`] for a stored total or date that does not read.
pub async fn aging(
    conn: &mut AnyConnection,
    directory: &Directory,
    as_of: NaiveDate,
) -> Result<Vec<AgingRow>> {
    let rows = sqlx::query(
        "SELECT customer_id, total_usd, due_on FROM customer_invoices WHERE paid_on IS NULL \
         ORDER BY customer_id, seq",
    )
    .fetch_all(&mut *conn)
    .await?;
    let mut by: BTreeMap<String, AgingRow> = BTreeMap::new();
    for r in rows {
        let id: String = r.get(0);
        let total: Decimal = r
            .get::<String, _>(1)
            .parse()
            .map_err(|e| StoreError::Corrupt(format!("customer invoice total: {e}")))?;
        let due = NaiveDate::parse_from_str(&r.get::<String, _>(2), "%Y-%m-%d")
            .map_err(|e| StoreError::Corrupt(format!("customer invoice due date: {e}")))?;
        let row = by.entry(id.clone()).or_insert_with(|| AgingRow {
            customer: directory.customer(&id).map(|c| c.name.clone()),
            customer_id: id,
            ..AgingRow::default()
        });
        let late = (as_of - due).num_days();
        let bucket = match late {
            i64::MIN..=0 => &mut row.current,
            1..=30 => &mut row.days_1_30,
            31..=60 => &mut row.days_31_60,
            61..=90 => &mut row.days_61_90,
            _ => &mut row.days_over_90,
        };
        *bucket += total;
        row.total += total;
        row.invoices += 1;
    }
    Ok(by.into_values().collect())
}

/// Record that the customer paid invoice `number` on `on`. `Ok(false)` when there is no such
/// invoice or it is paid already.
///
/// Errors: the database.
pub async fn mark_paid(conn: &mut AnyConnection, number: &str, on: NaiveDate) -> Result<bool> {
    let r = sqlx::query(
        "UPDATE customer_invoices SET paid_on = $1 WHERE invoice_number = $2 AND paid_on IS NULL",
    )
    .bind(on.to_string())
    .bind(number)
    .execute(&mut *conn)
    .await?;
    Ok(r.rows_affected() == 1)
}

/// How billing goes: `freightdesk report billing`.
#[derive(Debug, Clone, Default, Serialize)]
pub struct BillingReport {
    /// Customer invoices made.
    pub invoices: usize,
    /// Of them, those whose email went out.
    pub invoices_emailed: usize,
    /// Seconds from the arrival of the email that completed a load's paperwork to its invoice
    /// email going out: median and 90th percentile, over the invoices emailed.
    pub completion_to_invoice_secs: Option<Percentiles>,
    /// Delivered loads not billed, each with why (load number → reason in words).
    pub waiting: BTreeMap<String, String>,
    /// Loads billed with no person touching them before their invoice (no correction, no
    /// resolved or approved exception, no attach: nothing in the audit log).
    pub loads_billed_touchless: usize,
    /// Loads billed after a person corrected a field, attached a document or taught a layout:
    /// extraction or linking stopped them.
    pub loads_billed_after_extraction_fix: usize,
    /// Loads billed after a person resolved, approved or disputed an exception: a rule stopped
    /// them.
    pub loads_billed_after_rule: usize,
    /// Carrier invoices ready to pay (three-way match passed, or approved).
    pub carrier_invoices_payable: usize,
    /// Of them, payable with no person touching them.
    pub carrier_invoices_touchless: usize,
    /// Of them, payable after a person corrected a field of theirs (extraction).
    pub carrier_invoices_after_extraction_fix: usize,
    /// Of them, payable because a person approved them despite an exception (a rule).
    pub carrier_invoices_after_rule: usize,
}

/// A median and a 90th percentile.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Percentiles {
    /// 50th percentile.
    pub p50: f64,
    /// 90th percentile.
    pub p90: f64,
}

/// The nearest-rank percentiles of `v` (sorted here), `None` when empty.
fn percentiles(mut v: Vec<f64>) -> Option<Percentiles> {
    if v.is_empty() {
        return None;
    }
    v.sort_by(f64::total_cmp);
    let at = |p: f64| v[((p * v.len() as f64).ceil() as usize).clamp(1, v.len()) - 1];
    Some(Percentiles {
        p50: at(0.5),
        p90: at(0.9),
    })
}

/// The extraction-side audit actions: a person fixed what was read or where it was filed.
const EXTRACTION_ACTIONS: [&str; 3] = ["correct", "attach", "learn_layout"];

/// Build the [`BillingReport`]. `payables` are the carrier invoices ready to pay
/// ([`crate::store::Store::payables`]).
///
/// Errors: the database.
pub async fn billing_report(
    conn: &mut AnyConnection,
    rules: &RuleSet,
    directory: &Directory,
    payables: &[crate::store::workspace::Payable],
) -> Result<BillingReport> {
    let mut out = BillingReport::default();
    let rows = sqlx::query(
        "SELECT c.load_id, c.created_at, m.received_at, \
         (SELECT MIN(o.sent_at) FROM outbox o WHERE o.event = 'customer_invoice' \
            AND o.load_id = c.load_id AND o.status = 'sent') \
         FROM customer_invoices c LEFT JOIN messages m ON m.id = c.message_id \
         WHERE c.kind = 'invoice' ORDER BY c.seq",
    )
    .fetch_all(&mut *conn)
    .await?;
    let secs = |a: &str, b: &str| -> Option<f64> {
        let a = chrono::DateTime::parse_from_rfc3339(a).ok()?;
        let b = chrono::DateTime::parse_from_rfc3339(b).ok()?;
        Some((b - a).num_milliseconds() as f64 / 1000.0)
    };
    let mut waits = Vec::new();
    for r in &rows {
        out.invoices += 1;
        let load_id: i64 = r.get(0);
        let made: String = r.get(1);
        let received: Option<String> = r.get(2);
        let sent: Option<String> = r.get(3);
        if let Some(sent) = &sent {
            out.invoices_emailed += 1;
            if let Some(s) = received.as_deref().and_then(|rcv| secs(rcv, sent)) {
                waits.push(s.max(0.0));
            }
        }
        let actions: Vec<String> =
            sqlx::query("SELECT action FROM audit WHERE load_id = $1 AND at <= $2 ORDER BY id")
                .bind(load_id)
                .bind(&made)
                .fetch_all(&mut *conn)
                .await?
                .iter()
                .map(|r| r.get(0))
                .collect();
        if actions.is_empty() {
            out.loads_billed_touchless += 1;
        } else if actions
            .iter()
            .any(|a| EXTRACTION_ACTIONS.contains(&a.as_str()))
        {
            out.loads_billed_after_extraction_fix += 1;
        } else {
            out.loads_billed_after_rule += 1;
        }
    }
    out.completion_to_invoice_secs = percentiles(waits);
    let unbilled = super::unbilled_delivered_loads(conn).await?;
    for load_id in unbilled {
        let number: String = sqlx::query("SELECT load_number FROM loads WHERE id = $1")
            .bind(load_id)
            .fetch_one(&mut *conn)
            .await?
            .get(0);
        if let BillingState::NotBilled(why) = billing_state(conn, rules, directory, load_id).await?
        {
            out.waiting.insert(number, why);
        }
    }
    for p in payables {
        out.carrier_invoices_payable += 1;
        let corrected = sqlx::query(
            "SELECT 1 FROM audit WHERE subject = $1 AND action IN ('correct', 'attach', 'learn_layout')",
        )
        .bind(format!("document:{}", p.document_id))
        .fetch_optional(&mut *conn)
        .await?
        .is_some();
        if p.approved_by.is_some() {
            out.carrier_invoices_after_rule += 1;
        } else if corrected {
            out.carrier_invoices_after_extraction_fix += 1;
        } else {
            out.carrier_invoices_touchless += 1;
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percentiles_are_nearest_rank() {
        assert_eq!(percentiles(vec![]), None);
        assert_eq!(
            percentiles(vec![3.0]),
            Some(Percentiles { p50: 3.0, p90: 3.0 })
        );
        let p = percentiles((1..=10).rev().map(f64::from).collect()).unwrap();
        assert_eq!((p.p50, p.p90), (5.0, 9.0));
    }
}
