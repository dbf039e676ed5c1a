//! Customer invoices as X12 210 files, for the customers whose billing rule says
//! `delivery = ["edi"]` (rules/billing.toml).
//!
//! One interchange per invoice, transaction set 210 *Motor Carrier Freight Details and Invoice*,
//! version 005010 (ASC X12, functional group `IM`), written to `[billing.edi] outbox` as
//! `<invoice number>.210.edi` for the VAN or AS2 client that sends it. What the file holds:
//!
//! | Segment | From the invoice |
//! | --- | --- |
//! | `ISA`/`GS` | `[billing.edi] sender_id` (qualifier `ZZ`), the customer's `edi_receiver_id`, the time the invoice was made, the invoice's sequence number as both control numbers |
//! | `B3` | invoice number (B302), load number (B303), prepaid (B304 `PP`), invoice date (B306), net amount due in cents (B307, type N2), delivery date (B309, qualifier `035`), our SCAC (B311) |
//! | `C3`, `ITD` | USD; the terms: net due date and net days (not on a credit memo) |
//! | `K1` | "Supplemental to …" / "Credit memo for …" |
//! | `L11` | the references: PO → `PO`, BOL → `BM`, PRO → `CN`, others `ZZ` with their label |
//! | `N1` loops | bill-to (`BT`) and remit-to (`RE`) with `N3`/`N4` from the printed address |
//! | `S5` loops | each stop, in order: `LD`/`UL`, its date (`G62` 11 shipped / 35 delivered), shipper/consignee `N1`/`N4` |
//! | `LX` loops | each line: `L5` description, `L1` flat rate and charge in cents, the customer's special charge code (L108) when its rule names one |
//! | `L3` | the total in cents |
//!
//! The file is written when the outbox is delivered, after the invoice's commit; the same invoice
//! always gives the same bytes, so a crash between writing the file and recording it rewrites
//! the same file (never a second interchange for one invoice).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use chrono::{DateTime, NaiveDate, Utc};
use rust_decimal::Decimal;
use sqlx::{AnyConnection, Row};

use super::invoice::{CustomerInvoice, Party};
use crate::config::EdiConfig;
use crate::store::{self, StoreError};

/// Errors while writing 210 files.
#[derive(Debug, thiserror::Error)]
pub enum EdiError {
    /// The database.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// The file could not be written (a full disk, a missing permission); retried next pass.
    #[error("writing {path}: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
}

impl EdiError {
    /// Whether trying again later can succeed: always (the invoice stays pending).
    pub fn is_transient(&self) -> bool {
        match self {
            EdiError::Store(e) => e.is_transient(),
            EdiError::Io { .. } => true,
        }
    }
}

/// The envelope of one interchange.
#[derive(Debug, Clone)]
pub struct Envelope<'a> {
    /// ISA06/GS02, qualifier `ZZ`.
    pub sender_id: &'a str,
    /// ISA08/GS03, qualifier `ZZ`.
    pub receiver_id: &'a str,
    /// B311.
    pub scac: &'a str,
    /// ISA13 and GS06 (1 to 999,999,999).
    pub control_number: u32,
    /// ISA09/ISA10 and GS04/GS05.
    pub at: DateTime<Utc>,
    /// The customer's special charge codes by our charge code (L108).
    pub charge_codes: &'a BTreeMap<String, String>,
}

/// The X12 210 (005010) interchange of `inv`: segments end with `~` and a line break, elements
/// are separated by `*`, components by `>`, repetitions by `^` (ISA11). Text is stripped of those
/// four characters and cut to each element's maximum length.
pub fn x12_210(inv: &CustomerInvoice, env: &Envelope<'_>) -> String {
    let mut body: Vec<String> = Vec::new();
    let seg = |body: &mut Vec<String>, els: &[&str]| {
        let mut s = els.join("*");
        while s.ends_with('*') {
            s.pop();
        }
        body.push(s);
    };
    let delivered = inv
        .stops
        .iter()
        .rev()
        .find(|s| s.kind.eq_ignore_ascii_case("delivery"))
        .and_then(|s| s.date);
    let (b309, b310) = match delivered {
        Some(d) => (ymd(d), "035"),
        None => (String::new(), ""),
    };
    seg(&mut body, &["ST", "210", "0001"]);
    seg(
        &mut body,
        &[
            "B3",
            "",
            &text(&inv.invoice_number, 22),
            &text(&inv.load_number, 30),
            "PP",
            "",
            &ymd(inv.issued),
            &cents(inv.total),
            "",
            &b309,
            b310,
            env.scac,
        ],
    );
    seg(&mut body, &["C3", "USD"]);
    if inv.credit_of.is_none() {
        let days = (inv.due - inv.issued).num_days().max(0).to_string();
        seg(
            &mut body,
            &["ITD", "01", "3", "", "", "", &ymd(inv.due), &days],
        );
    }
    for (label, value) in &inv.references {
        let (qualifier, description) = match label.to_ascii_uppercase().as_str() {
            "PO" | "PO NUMBER" | "PURCHASE ORDER" => ("PO", ""),
            "BOL" | "BILL OF LADING" | "B/L" => ("BM", ""),
            "PRO" | "PRO NUMBER" | "PRO #" => ("CN", ""),
            _ => ("ZZ", label.as_str()),
        };
        seg(
            &mut body,
            &["L11", &text(value, 50), qualifier, &text(description, 80)],
        );
    }
    if let Some(n) = &inv.supplement_to {
        seg(
            &mut body,
            &["K1", &text(&format!("Supplemental to {n}"), 30)],
        );
    }
    if let Some(n) = &inv.credit_of {
        seg(
            &mut body,
            &["K1", &text(&format!("Credit memo for {n}"), 30)],
        );
    }
    party(&mut body, "BT", &inv.bill_to);
    party(&mut body, "RE", &inv.remit_to);
    for (i, stop) in inv.stops.iter().enumerate() {
        let pickup = stop.kind.eq_ignore_ascii_case("pickup");
        seg(
            &mut body,
            &["S5", &(i + 1).to_string(), if pickup { "LD" } else { "UL" }],
        );
        if let Some(d) = stop.date {
            seg(
                &mut body,
                &["G62", if pickup { "11" } else { "35" }, &ymd(d)],
            );
        }
        seg(
            &mut body,
            &[
                "N1",
                if pickup { "SH" } else { "CN" },
                &text(&stop.place, 60),
            ],
        );
        if let Some((city, state, zip)) = city_state_zip(&stop.place) {
            seg(&mut body, &["N4", &text(&city, 30), &state, &zip]);
        }
    }
    for (i, line) in inv.lines.iter().enumerate() {
        let n = (i + 1).to_string();
        seg(&mut body, &["LX", &n]);
        seg(&mut body, &["L5", &n, &text(&line.description, 50)]);
        let code = env
            .charge_codes
            .get(&line.code)
            .map(String::as_str)
            .unwrap_or("");
        seg(
            &mut body,
            &[
                "L1",
                &n,
                &line.amount.round_dp(2).normalize().to_string(),
                "FR",
                &cents(line.amount),
                "",
                "",
                "",
                code,
            ],
        );
    }
    seg(&mut body, &["L3", "", "", "", "", &cents(inv.total)]);
    let count = body.len() + 1;
    seg(&mut body, &["SE", &count.to_string(), "0001"]);

    let control = env.control_number.to_string();
    let mut out = String::new();
    out += &format!(
        "ISA*00*{:10}*00*{:10}*ZZ*{:15}*ZZ*{:15}*{}*{}*^*00501*{:09}*0*P*>~\n",
        "",
        "",
        env.sender_id,
        env.receiver_id,
        env.at.format("%y%m%d"),
        env.at.format("%H%M"),
        env.control_number
    );
    out += &format!(
        "GS*IM*{}*{}*{}*{}*{control}*X*005010~\n",
        env.sender_id,
        env.receiver_id,
        env.at.format("%Y%m%d"),
        env.at.format("%H%M"),
    );
    for s in body {
        out += &s;
        out += "~\n";
    }
    out += &format!("GE*1*{control}~\n");
    out += &format!("IEA*1*{:09}~\n", env.control_number);
    out
}

/// An `N1` loop for a party: name, then `N3` for the address lines before the last, `N4` for a
/// last line that reads `City, ST 12345` (else it is an `N3` line too).
fn party(body: &mut Vec<String>, code: &str, p: &Party) {
    body.push(format!("N1*{code}*{}", text(&p.name, 60)));
    let mut lines: Vec<&str> = p.address.iter().map(String::as_str).collect();
    let last = lines.last().and_then(|l| city_state_zip(l)).inspect(|_| {
        lines.pop();
    });
    for pair in lines.chunks(2) {
        let mut s = format!("N3*{}", text(pair[0], 55));
        if let Some(second) = pair.get(1) {
            s += &format!("*{}", text(second, 55));
        }
        body.push(s);
    }
    if let Some((city, state, zip)) = last {
        let mut s = format!("N4*{}*{state}", text(&city, 30));
        if !zip.is_empty() {
            s += &format!("*{zip}");
        }
        body.push(s);
    }
}

/// `Joliet, IL 60436` → (`Joliet`, `IL`, `60436`); `Fresno, CA` → (`Fresno`, `CA`, ``).
fn city_state_zip(s: &str) -> Option<(String, String, String)> {
    static RE: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
        regex::Regex::new(r"^\s*([^,]+?),\s*([A-Z]{2})(?:\s+(\d{5}(?:-\d{4})?))?\s*$")
            .expect("city, state pattern")
    });
    let c = RE.captures(s)?;
    Some((
        c[1].to_string(),
        c[2].to_string(),
        c.get(3)
            .map(|m| m.as_str().replace('-', ""))
            .unwrap_or_default(),
    ))
}

/// An element's text: the separators `*`, `~`, `>`, `^` and control characters become spaces,
/// runs of spaces one, cut to `max` characters.
fn text(s: &str, max: usize) -> String {
    let cleaned: String = s
        .chars()
        .map(|c| {
            if matches!(c, '*' | '~' | '>' | '^') || c.is_control() {
                ' '
            } else {
                c
            }
        })
        .collect();
    cleaned
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .chars()
        .take(max)
        .collect()
}

/// `CCYYMMDD`.
fn ymd(d: NaiveDate) -> String {
    d.format("%Y%m%d").to_string()
}

/// USD as X12 type N2 (two implied decimals): `3037.00` → `303700`, `-185` → `-18500`.
fn cents(amount: Decimal) -> String {
    (amount.round_dp(2) * Decimal::ONE_HUNDRED)
        .trunc()
        .normalize()
        .to_string()
}

/// The file an invoice's 210 is written to.
pub fn file_name(invoice_number: &str) -> String {
    format!("{}.210.edi", crate::notify::file_safe(invoice_number))
}

/// Write the 210 of every invoice made for EDI and not written yet, oldest first, into
/// `setup.outbox`, each recorded as written after its file is in place (written to a temporary
/// name, then renamed). A customer's special charge codes are its billing rule's in `rules`. Returns how
/// many were written. Without `setup` (no `[billing.edi]` in the config) nothing is written and
/// the invoices wait, with a warning.
///
/// Errors: the database; a file that cannot be written (the rest wait for the next pass).
pub async fn write_pending(
    conn: &mut AnyConnection,
    setup: Option<&EdiConfig>,
    rules: Option<&crate::rules::billing::BillingRules>,
) -> Result<usize, EdiError> {
    let rows = sqlx::query(
        "SELECT id, seq, customer_id, edi_receiver FROM customer_invoices \
         WHERE edi_receiver IS NOT NULL AND edi_written_at IS NULL ORDER BY seq",
    )
    .fetch_all(&mut *conn)
    .await
    .map_err(StoreError::from)?;
    if rows.is_empty() {
        return Ok(0);
    }
    let Some(setup) = setup else {
        tracing::warn!(
            "{} customer invoice(s) wait for EDI: billing.toml sends them as X12 210, and the config has no [billing.edi]",
            rows.len()
        );
        return Ok(0);
    };
    std::fs::create_dir_all(&setup.outbox).map_err(|source| EdiError::Io {
        path: setup.outbox.clone(),
        source,
    })?;
    let mut written = 0;
    for r in rows {
        let id: i64 = r.get(0);
        let seq: i64 = r.get(1);
        let customer_id: String = r.get(2);
        let receiver: String = r.get(3);
        let Some(stored) = super::stored_invoice(conn, id).await? else {
            continue;
        };
        let at = DateTime::parse_from_rfc3339(&stored.created_at)
            .map(|t| t.with_timezone(&Utc))
            .unwrap_or_else(|_| {
                stored
                    .invoice
                    .issued
                    .and_hms_opt(0, 0, 0)
                    .unwrap()
                    .and_utc()
            });
        let codes = rules
            .map(|b| b.for_customer(&customer_id).0.edi_charge_codes.clone())
            .unwrap_or_default();
        let env = Envelope {
            sender_id: setup.sender_id.trim(),
            receiver_id: &receiver,
            scac: setup.scac.trim(),
            control_number: u32::try_from(seq % 1_000_000_000).unwrap_or(1),
            at,
            charge_codes: &codes,
        };
        let path = setup.outbox.join(file_name(&stored.invoice.invoice_number));
        write_atomically(&path, x12_210(&stored.invoice, &env).as_bytes())?;
        sqlx::query("UPDATE customer_invoices SET edi_written_at = $1 WHERE id = $2")
            .bind(store::now())
            .bind(id)
            .execute(&mut *conn)
            .await
            .map_err(StoreError::from)?;
        tracing::info!(invoice = %stored.invoice.invoice_number, file = %path.display(), "X12 210 written");
        written += 1;
    }
    Ok(written)
}

fn write_atomically(path: &Path, bytes: &[u8]) -> Result<(), EdiError> {
    let io = |source| EdiError::Io {
        path: path.to_path_buf(),
        source,
    };
    let tmp = path.with_extension("edi.tmp");
    std::fs::write(&tmp, bytes).map_err(io)?;
    std::fs::rename(&tmp, path).map_err(io)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::billing::invoice::{InvoiceLine, Stop};

    fn invoice() -> CustomerInvoice {
        CustomerInvoice {
            invoice_number: "NS-000003".into(),
            issued: NaiveDate::from_ymd_opt(2026, 7, 16).unwrap(),
            due: NaiveDate::from_ymd_opt(2026, 8, 15).unwrap(),
            terms: "Net 30".into(),
            load_number: "SFP-88123".into(),
            bill_to: Party {
                name: "Granite Home Goods".into(),
                address: vec![
                    "Attn: Freight Payables".into(),
                    "410 Industrial Blvd".into(),
                    "Lebanon, TN 37087".into(),
                ],
            },
            remit_to: Party {
                name: "Northstar Logistics".into(),
                address: vec!["PO Box 7700".into(), "Chicago, IL 60680".into()],
            },
            references: vec![
                ("PO".into(), "GHG*7730~A".into()),
                ("BOL".into(), "GHG-118734".into()),
            ],
            stops: vec![
                Stop {
                    kind: "Pickup".into(),
                    place: "Fresno, CA".into(),
                    date: NaiveDate::from_ymd_opt(2026, 7, 13),
                },
                Stop {
                    kind: "Delivery".into(),
                    place: "Nashville, TN".into(),
                    date: NaiveDate::from_ymd_opt(2026, 7, 15),
                },
            ],
            lines: vec![
                InvoiceLine {
                    code: "linehaul".into(),
                    description: "Linehaul".into(),
                    amount: "2480.00".parse().unwrap(),
                },
                InvoiceLine {
                    code: "fuel_surcharge".into(),
                    description: "Fuel surcharge (12.5%)".into(),
                    amount: "310.00".parse().unwrap(),
                },
            ],
            total: "2790.00".parse().unwrap(),
            supplement_to: None,
            credit_of: None,
        }
    }

    #[test]
    fn a_210_carries_the_invoice_in_its_segments() {
        let codes = BTreeMap::from([("fuel_surcharge".to_string(), "405".to_string())]);
        let env = Envelope {
            sender_id: "NORTHSTARLOG",
            receiver_id: "GRANITEHG",
            scac: "NSLG",
            control_number: 3,
            at: DateTime::parse_from_rfc3339("2026-07-16T14:05:09Z")
                .unwrap()
                .with_timezone(&Utc),
            charge_codes: &codes,
        };
        let x = x12_210(&invoice(), &env);
        let segs: Vec<&str> = x.split("~\n").filter(|s| !s.is_empty()).collect();
        // ISA is fixed-width: 106 characters with its terminator.
        assert_eq!(segs[0].len() + 1, 106, "{}", segs[0]);
        assert!(segs[0].contains(
            "*ZZ*NORTHSTARLOG   *ZZ*GRANITEHG      *260716*1405*^*00501*000000003*0*P*>"
        ));
        assert_eq!(
            segs[1],
            "GS*IM*NORTHSTARLOG*GRANITEHG*20260716*1405*3*X*005010"
        );
        assert_eq!(
            segs[3],
            "B3**NS-000003*SFP-88123*PP**20260716*279000**20260715*035*NSLG"
        );
        assert!(segs.contains(&"ITD*01*3****20260815*30"));
        // A separator inside a value never splits it.
        assert!(segs.contains(&"L11*GHG 7730 A*PO"), "{segs:?}");
        assert!(segs.contains(&"N4*Lebanon*TN*37087"));
        assert!(segs.contains(&"N3*Attn: Freight Payables*410 Industrial Blvd"));
        assert!(segs.contains(&"L1*2*310*FR*31000****405"));
        assert!(segs.contains(&"L1*1*2480*FR*248000"));
        assert!(segs.contains(&"L3*****279000"));
        let st = segs.iter().position(|s| s.starts_with("ST*")).unwrap();
        let se = segs.iter().position(|s| s.starts_with("SE*")).unwrap();
        assert_eq!(segs[se], format!("SE*{}*0001", se - st + 1));
        assert_eq!(segs[segs.len() - 1], "IEA*1*000000003");
    }

    #[test]
    fn a_credit_memo_is_negative_and_has_no_terms() {
        let mut inv = invoice();
        inv.credit_of = Some("NS-000003".into());
        inv.invoice_number = "NS-000009".into();
        for l in &mut inv.lines {
            l.amount = -l.amount;
        }
        inv.total = -inv.total;
        let codes = BTreeMap::new();
        let env = Envelope {
            sender_id: "A",
            receiver_id: "B",
            scac: "NSLG",
            control_number: 9,
            at: Utc::now(),
            charge_codes: &codes,
        };
        let x = x12_210(&inv, &env);
        assert!(x.contains("*PP**20260716*-279000**"), "{x}");
        assert!(x.contains("K1*Credit memo for NS-000003~"));
        assert!(!x.contains("ITD*"));
        assert!(x.contains("L1*1*-2480*FR*-248000~"));
    }
}
