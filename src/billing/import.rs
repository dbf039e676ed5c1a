//! `freightdesk loads import FILE.csv`: customers' rates from a TMS export.
//!
//! Columns (a header row; extra columns are ignored): `load_number`, `customer_id`,
//! `customer_rate_usd` (the linehaul the customer pays, USD, more than zero), and optionally
//! `fuel_surcharge_usd`, `currency` (only `USD`) and `po_number`. Each row is checked on its own:
//! a row that cannot price a load right (an unknown customer, a rate of zero or less, another
//! currency, a load already billed at another rate) is refused with its line and reason, and the
//! others are imported. A row for a load imported before replaces it. The load need not be booked
//! yet; when it is, its customer (if its paperwork named none) and PO come from the import.

use std::path::Path;

use rust_decimal::Decimal;
use serde::Deserialize;
use sqlx::{AnyConnection, Row};

use super::Result;
use crate::store::{self, directory::Directory};

/// What an import did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Imported {
    /// Rows imported.
    pub rows: usize,
    /// Rows refused: (line number in the file, why).
    pub refused: Vec<(usize, String)>,
}

#[derive(Debug, Deserialize)]
struct Row_ {
    load_number: String,
    customer_id: String,
    customer_rate_usd: String,
    #[serde(default)]
    fuel_surcharge_usd: Option<String>,
    #[serde(default)]
    currency: Option<String>,
    #[serde(default)]
    po_number: Option<String>,
}

/// A customer's rate for a load from an import: linehaul and fuel surcharge, USD.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportedRate {
    /// The customer.
    pub customer_id: String,
    /// Linehaul, USD.
    pub rate_usd: Decimal,
    /// Fuel surcharge, USD.
    pub fuel_surcharge_usd: Option<Decimal>,
    /// The customer's PO for the load.
    pub po_number: Option<String>,
}

fn money(s: &str) -> Option<Decimal> {
    let t = s.trim().trim_start_matches('$').replace(',', "");
    t.parse::<Decimal>().ok().map(|d| d.round_dp(2))
}

/// Import `file` (see the module documentation) into the database, in one transaction.
///
/// Errors: the file cannot be read or is not CSV with the required columns
/// ([`crate::store::StoreError::Corrupt`] with the reason); the database.
pub async fn import(
    conn: &mut AnyConnection,
    directory: &Directory,
    file: &Path,
) -> Result<Imported> {
    let bad = |m: String| store::StoreError::Corrupt(format!("{}: {m}", file.display()));
    let mut rdr = csv::ReaderBuilder::new()
        .trim(csv::Trim::All)
        .from_path(file)
        .map_err(|e| bad(e.to_string()))?;
    let rows: Vec<(usize, std::result::Result<Row_, csv::Error>)> = rdr
        .deserialize()
        .enumerate()
        .map(|(i, r)| (i + 2, r))
        .collect();
    let mut out = Imported::default();
    let mut tx = sqlx::Connection::begin(&mut *conn).await?;
    for (line, r) in rows {
        let r = match r {
            Ok(r) => r,
            Err(e) => {
                out.refused.push((line, e.to_string()));
                continue;
            }
        };
        let refuse = |why: String| (line, why);
        if r.load_number.is_empty() {
            out.refused.push(refuse("no load_number".into()));
            continue;
        }
        if directory.customer(&r.customer_id).is_none() {
            out.refused.push(refuse(format!(
                "customer `{}` is not in customers.csv",
                r.customer_id
            )));
            continue;
        }
        if let Some(c) = r.currency.as_deref().filter(|c| !c.is_empty()) {
            if !c.eq_ignore_ascii_case("USD") {
                out.refused.push(refuse(format!(
                    "currency {c}: freightdesk bills in USD only"
                )));
                continue;
            }
        }
        let Some(rate) = money(&r.customer_rate_usd).filter(|d| *d > Decimal::ZERO) else {
            out.refused.push(refuse(format!(
                "customer_rate_usd `{}` is not an amount more than zero",
                r.customer_rate_usd
            )));
            continue;
        };
        let fuel = match r.fuel_surcharge_usd.as_deref().filter(|f| !f.is_empty()) {
            None => None,
            Some(f) => match money(f).filter(|d| !d.is_sign_negative()) {
                Some(d) => Some(d),
                None => {
                    out.refused.push(refuse(format!(
                        "fuel_surcharge_usd `{f}` is not an amount of zero or more"
                    )));
                    continue;
                }
            },
        };
        // A load already billed keeps what it was billed: a new rate is a correction for a
        // person (a credit memo), not an import.
        let billed = sqlx::query(
            "SELECT c.invoice_number FROM customer_invoices c JOIN loads l ON l.id = c.load_id \
             WHERE l.load_number = $1 AND c.kind = 'invoice'",
        )
        .bind(&r.load_number)
        .fetch_optional(&mut *tx)
        .await?;
        if let Some(b) = billed {
            let number: String = b.get(0);
            out.refused.push(refuse(format!(
                "load {} is billed already (invoice {number}); correct it by hand",
                r.load_number
            )));
            continue;
        }
        let po = r.po_number.filter(|p| !p.is_empty());
        sqlx::query(
            "INSERT INTO load_imports (load_number, customer_id, customer_rate_usd, \
             fuel_surcharge_usd, po_number, imported_at) VALUES ($1, $2, $3, $4, $5, $6) \
             ON CONFLICT (load_number) DO UPDATE SET customer_id = excluded.customer_id, \
             customer_rate_usd = excluded.customer_rate_usd, \
             fuel_surcharge_usd = excluded.fuel_surcharge_usd, po_number = excluded.po_number, \
             imported_at = excluded.imported_at",
        )
        .bind(&r.load_number)
        .bind(&r.customer_id)
        .bind(format!("{rate:.2}"))
        .bind(fuel.map(|f| format!("{f:.2}")))
        .bind(po.as_deref())
        .bind(store::now())
        .execute(&mut *tx)
        .await?;
        if let Some(load) = store::load_by_number(&mut tx, &r.load_number).await? {
            apply(&mut tx, &load, &r.customer_id, po.as_deref()).await?;
        }
        out.rows += 1;
    }
    tx.commit().await?;
    Ok(out)
}

/// Give a booked load what its import says: its customer when its paperwork named none, and
/// its PO as a reference.
async fn apply(
    conn: &mut AnyConnection,
    load: &store::Load,
    customer_id: &str,
    po: Option<&str>,
) -> Result<()> {
    if load.customer_id.is_none() {
        sqlx::query("UPDATE loads SET customer_id = $1 WHERE id = $2")
            .bind(customer_id)
            .bind(load.id)
            .execute(&mut *conn)
            .await?;
    }
    if let Some(po) = po {
        store::add_load_ref(conn, load.id, "po_number", po).await?;
    }
    Ok(())
}

/// The imported rate of load `load_number`, if any.
///
/// Errors: the database; [`crate::store::StoreError::Corrupt`] for an amount that does not read.
pub async fn imported_rate(
    conn: &mut AnyConnection,
    load_number: &str,
) -> Result<Option<ImportedRate>> {
    let Some(r) = sqlx::query(
        "SELECT customer_id, customer_rate_usd, fuel_surcharge_usd, po_number FROM load_imports \
         WHERE load_number = $1",
    )
    .bind(load_number)
    .fetch_optional(&mut *conn)
    .await?
    else {
        return Ok(None);
    };
    let corrupt =
        |e: rust_decimal::Error| store::StoreError::Corrupt(format!("imported rate: {e}"));
    Ok(Some(ImportedRate {
        customer_id: r.get(0),
        rate_usd: r.get::<String, _>(1).parse().map_err(corrupt)?,
        fuel_surcharge_usd: r
            .get::<Option<String>, _>(2)
            .map(|f| f.parse())
            .transpose()
            .map_err(corrupt)?,
        po_number: r.get(3),
    }))
}
