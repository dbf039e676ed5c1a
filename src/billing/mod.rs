//! Billing the customer: when a load's paperwork is complete, make its customer invoice.
//!
//! Entry point: [`consider`], called for each load a change touched, inside that change's
//! transaction, after the load was judged ([`crate::checks`]).
//! [`crate::pipeline::Pipeline::bill_ready`] looks at every delivered load not billed yet
//! (`freightdesk bill`, and the daemon after each pass), for the loads that became ready without
//! an email (an exception resolved by a person, a lane added to lanes.csv).
//!
//! A load is billed once: when `[billing]` is in the config and `billing.toml` in the rules, the
//! load has a customer from the directory, the documents its customer's rule requires are on file
//! (a signed POD by default; the carrier's invoice too with `bill_when = "carrier_invoice"`), and
//! no open exception of a check the rule names in `hold_on` is on the load. Then:
//!
//! - the customer's rate comes from the contract lane (`directory/lanes.csv`, by customer, first
//!   pickup `City, ST`, last delivery `City, ST` and equipment), else from a TMS export imported
//!   for the load ([`import`]: `freightdesk loads import`); a load with neither raises
//!   `customer_rate_missing` and waits (the exception resolves itself when the load is billed);
//! - the invoice is numbered from a sequence (`[billing] invoice_prefix` + six digits), holds
//!   linehaul, fuel surcharge (percent of the linehaul, from the lane) and the accessorials the
//!   rule passes through (a lumper from its lumper receipt; detention and the others from a
//!   carrier invoice no open exception holds), each with the rule's markup;
//! - it is recorded (`customer_invoices`, one invoice per load: a unique index) with an
//!   [`Event::CustomerInvoice`], which the `customer_invoice` route emails to the customer's
//!   billing address with the invoice PDF ([`pdf::render`], made when the email is built) and the
//!   required documents' own pages, never a rate confirmation's or carrier invoice's.
//!
//! Everything happens in the transaction of the change that completed the paperwork: a crash
//! before its commit leaves nothing billed, and the change is processed again; after it, the
//! unique index keeps the load from being billed twice.

pub mod edi;
pub mod import;
pub mod invoice;
pub mod pdf;
pub mod report;

use chrono::{Datelike, NaiveDate};
use rust_decimal::Decimal;
use serde_json::json;
use sqlx::{AnyConnection, Row};

use crate::checks::{Context, Event, Outcome, Raiser};
use crate::model::DocumentKind;
use crate::rules::billing::{BillWhen, BillingRule, Delivery};
use crate::store::{self, Load, StoreError, StoredDocument};
use invoice::{CustomerInvoice, InvoiceLine, Party, Stop};

/// Errors while billing are the store's.
pub type Result<T> = std::result::Result<T, StoreError>;

/// What `[billing]` of the config gives billing, with the company's name.
#[derive(Debug, Clone)]
pub struct Biller {
    /// `[billing] invoice_prefix`.
    pub invoice_prefix: String,
    /// The broker as printed under "Remit To": `[company] name` and `[billing] remit_to`.
    pub remit_to: Party,
    /// `[billing.edi]`: where the X12 210 files go; `None`: nowhere (EDI invoices wait).
    pub edi: Option<crate::config::EdiConfig>,
}

impl Biller {
    /// The biller of a config, or `None` when it has no `[billing]` (nothing is billed).
    pub fn from_config(c: &crate::config::Config) -> Option<Biller> {
        c.billing.as_ref().map(|b| Biller {
            invoice_prefix: b.invoice_prefix.trim().to_string(),
            remit_to: Party {
                name: c.company_name.clone(),
                address: b.remit_to.clone(),
            },
            edi: b.edi.clone(),
        })
    }
}

/// The check raised when a load is ready to bill and no customer rate is on file.
pub const CUSTOMER_RATE_MISSING: &str = "customer_rate_missing";

/// Bill `load` if it is ready and not billed yet (see the module documentation). `docs` are the
/// load's distinct documents ([`store::load_state_documents`]). A new invoice is pushed to
/// `out.events` as [`Event::CustomerInvoice`]; a missing rate to `out.exceptions`.
///
/// Errors: the database.
pub async fn consider(
    conn: &mut AnyConnection,
    ctx: &Context<'_>,
    message_row: i64,
    load: &Load,
    docs: &[StoredDocument],
    out: &mut Outcome,
) -> Result<()> {
    let (Some(biller), Some(rules)) = (ctx.biller, ctx.rules.billing.as_ref()) else {
        return Ok(());
    };
    let imported = import::imported_rate(conn, &load.load_number).await?;
    let Some(customer) = customer_of(ctx.directory, load, imported.as_ref()) else {
        return Ok(());
    };
    let (rule, _rule_ref) = rules.for_customer(&customer.customer_id);
    if billed(conn, load.id).await? {
        return supplement(conn, biller, rule, customer, message_row, load, docs, out).await;
    }
    let Readiness::Ready(attached) = readiness(conn, rule, load, docs).await? else {
        return Ok(());
    };
    let origin = place(docs, "pickup", "shipper");
    let destination = place(docs, "delivery", "consignee");
    let equipment = field_of(docs, DocumentKind::RateConfirmation, "equipment");
    let lane = origin
        .as_deref()
        .zip(destination.as_deref())
        .and_then(|(o, d)| {
            ctx.directory
                .lane_for(&customer.customer_id, o, d, equipment.as_deref())
        });
    // The customer's own tender first (what it agreed to pay for this load); else the lane
    // table; else a TMS import's rate for this load and customer.
    let rate = tender_rate(docs)
        .or_else(|| {
            lane.map(|l| {
                (
                    l.rate_usd.round_dp(2),
                    l.fuel_surcharge_pct.filter(|p| !p.is_zero()).map(|pct| {
                        (
                            format!("Fuel surcharge ({}%)", pct.normalize()),
                            (l.rate_usd * pct / Decimal::ONE_HUNDRED).round_dp(2),
                        )
                    }),
                )
            })
        })
        .or_else(|| {
            imported
                .as_ref()
                .filter(|i| i.customer_id == customer.customer_id)
                .map(|i| {
                    (
                        i.rate_usd,
                        i.fuel_surcharge_usd
                            .filter(|f| !f.is_zero())
                            .map(|f| ("Fuel surcharge".to_string(), f)),
                    )
                })
        });
    let rate_key = format!("{CUSTOMER_RATE_MISSING}:load:{}", load.id);
    let Some((linehaul, fuel)) = rate else {
        let facts = json!({
            "load_number": load.load_number,
            "customer": customer.name,
            "origin": origin.clone().unwrap_or_else(|| "an origin not read".into()),
            "destination": destination.clone().unwrap_or_else(|| "a destination not read".into()),
        });
        let mut raiser = Raiser {
            conn: &mut *conn,
            ctx,
            message_row,
            load_id: Some(load.id),
            out: &mut *out,
        };
        raiser
            .raise(
                CUSTOMER_RATE_MISSING,
                format!("load:{}", load.id),
                &attached,
                facts,
            )
            .await?;
        return Ok(());
    };
    let mut lines = vec![InvoiceLine {
        code: "linehaul".into(),
        description: format!(
            "Linehaul, {} to {}",
            origin.as_deref().unwrap_or_default(),
            destination.as_deref().unwrap_or_default()
        ),
        amount: linehaul,
    }];
    if let Some((description, amount)) = fuel {
        lines.push(InvoiceLine {
            code: "fuel_surcharge".into(),
            description,
            amount,
        });
    }
    lines.extend(
        pass_through(conn, rule, docs)
            .await?
            .into_iter()
            .map(|(l, _)| l),
    );
    let mut inv = new_invoice(conn, biller, rule, customer, load, docs, lines).await?;
    // The customer's PO from its TMS export, when the paperwork did not print it.
    if let Some(po) = imported.and_then(|i| i.po_number) {
        if !inv.references.iter().any(|(_, v)| *v == po) {
            inv.references.insert(0, ("PO".into(), po));
        }
    }
    let invoice_id = record(
        conn,
        &inv,
        "invoice",
        load,
        &customer.customer_id,
        &InvoiceDelivery::of(rule),
        &attached,
        message_row,
    )
    .await?;
    if let Some(r) = store::resolve_exception(conn, &rate_key, attached.first().copied()).await? {
        out.resolved.push(crate::checks::Resolved {
            id: r.id,
            rule_id: r.rule_id,
            sentence: r.sentence,
            severity: r.severity,
            load_id: r.load_id,
            document_id: attached.first().copied(),
        });
    }
    out.events.push(Event::CustomerInvoice {
        load_id: load.id,
        invoice_id,
    });
    Ok(())
}

/// Make the invoice (not stored yet): the next number of the sequence, dated today, due after
/// the rule's terms, bill-to from the directory, the load's references and stops, `lines`.
async fn new_invoice(
    conn: &mut AnyConnection,
    biller: &Biller,
    rule: &BillingRule,
    customer: &crate::store::directory::Customer,
    load: &Load,
    docs: &[StoredDocument],
    lines: Vec<InvoiceLine>,
) -> Result<CustomerInvoice> {
    let origin = place(docs, "pickup", "shipper");
    let destination = place(docs, "delivery", "consignee");
    let total: Decimal = lines.iter().map(|l| l.amount).sum();
    let issued = chrono::Utc::now().date_naive();
    let seq = next_sequence(conn).await?;
    Ok(CustomerInvoice {
        invoice_number: format!("{}{seq:06}", biller.invoice_prefix),
        issued,
        due: issued + chrono::Days::new(u64::from(rule.terms_days)),
        terms: match rule.terms_days {
            0 => "Due on receipt".to_string(),
            d => format!("Net {d}"),
        },
        load_number: load.load_number.clone(),
        bill_to: Party {
            name: customer.name.clone(),
            address: customer
                .billing_address
                .as_deref()
                .unwrap_or_default()
                .split(';')
                .map(str::trim)
                .filter(|l| !l.is_empty())
                .map(str::to_string)
                .collect(),
        },
        remit_to: biller.remit_to.clone(),
        references: references(docs),
        stops: stops(docs, origin.as_deref(), destination.as_deref()),
        lines,
        total,
        supplement_to: None,
        credit_of: None,
    })
}

/// How a customer invoice goes out, fixed when it is made (from its customer's billing rule).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InvoiceDelivery {
    /// By email, with the PDF and the required documents' pages.
    pub email: bool,
    /// As an X12 210 file for this interchange receiver id; `None`: no EDI.
    pub edi_receiver: Option<String>,
}

impl InvoiceDelivery {
    /// The delivery a billing rule asks for.
    pub fn of(rule: &BillingRule) -> InvoiceDelivery {
        InvoiceDelivery {
            email: rule.delivery.contains(&Delivery::Email),
            edi_receiver: rule
                .delivery
                .contains(&Delivery::Edi)
                .then(|| rule.edi_receiver_id.clone())
                .flatten(),
        }
    }

    /// The `delivery` column: `email`, `edi` or `email,edi`.
    fn column(&self) -> String {
        let mut v = Vec::new();
        if self.email {
            v.push("email");
        }
        if self.edi_receiver.is_some() {
            v.push("edi");
        }
        v.join(",")
    }
}

/// Store invoice `inv` of `kind` (`invoice`, `supplemental`) with the documents its email
/// attaches; returns its row id. The sequence number is the number's digits.
#[allow(clippy::too_many_arguments)]
async fn record(
    conn: &mut AnyConnection,
    inv: &CustomerInvoice,
    kind: &str,
    load: &Load,
    customer_id: &str,
    delivery: &InvoiceDelivery,
    attached: &[i64],
    message_row: i64,
) -> Result<i64> {
    let seq: i64 = inv
        .invoice_number
        .rsplit(|c: char| !c.is_ascii_digit())
        .next()
        .and_then(|d| d.parse().ok())
        .ok_or_else(|| StoreError::Corrupt(format!("invoice number {}", inv.invoice_number)))?;
    let body = serde_json::to_string(inv).map_err(|e| StoreError::Corrupt(e.to_string()))?;
    let row = sqlx::query(
        "INSERT INTO customer_invoices (seq, invoice_number, kind, load_id, customer_id, total_usd, \
         issued_on, due_on, body, document_ids, message_id, created_at, delivery, edi_receiver) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14) RETURNING id",
    )
    .bind(seq)
    .bind(&inv.invoice_number)
    .bind(kind)
    .bind(load.id)
    .bind(customer_id)
    .bind(format!("{:.2}", inv.total))
    .bind(inv.issued.to_string())
    .bind(inv.due.to_string())
    .bind(body)
    .bind(json!(attached).to_string())
    .bind(message_row)
    .bind(store::now())
    .bind(delivery.column())
    .bind(&delivery.edi_receiver)
    .fetch_one(&mut *conn)
    .await?;
    tracing::info!(
        load = %load.load_number,
        invoice = %inv.invoice_number,
        kind,
        total = %inv.total,
        "customer invoice made"
    );
    Ok(row.get(0))
}

/// A billed load whose carrier accessorials grew since (a lumper receipt that came later, a
/// carrier invoice whose detention a person approved): a supplemental invoice with the lines not
/// billed yet, its email attaching the documents they come from. Nothing when there are none.
#[allow(clippy::too_many_arguments)]
async fn supplement(
    conn: &mut AnyConnection,
    biller: &Biller,
    rule: &BillingRule,
    customer: &crate::store::directory::Customer,
    message_row: i64,
    load: &Load,
    docs: &[StoredDocument],
    out: &mut Outcome,
) -> Result<()> {
    let mut billed: Vec<InvoiceLine> = Vec::new();
    let rows = sqlx::query(
        "SELECT body FROM customer_invoices WHERE load_id = $1 AND kind <> 'credit_memo' \
         AND credited_by IS NULL ORDER BY seq",
    )
    .bind(load.id)
    .fetch_all(&mut *conn)
    .await?;
    let mut first = None;
    for r in rows {
        let inv: CustomerInvoice = serde_json::from_str(&r.get::<String, _>(0)).map_err(|e| {
            StoreError::Corrupt(format!("customer invoice of load {}: {e}", load.id))
        })?;
        first.get_or_insert(inv.invoice_number);
        billed.extend(inv.lines);
    }
    let mut new = Vec::new();
    for (line, source) in pass_through(conn, rule, docs).await? {
        match billed.iter().position(|b| *b == line) {
            Some(i) => {
                billed.remove(i);
            }
            None => new.push((line, source)),
        }
    }
    if new.is_empty() {
        return Ok(());
    }
    let mut attached: Vec<i64> = Vec::new();
    for (_, source) in &new {
        let kind = docs.iter().find(|d| d.id == *source).map(|d| d.doc.kind);
        if kind.is_some_and(|k| k.may_go_to_customer()) && !attached.contains(source) {
            attached.push(*source);
        }
    }
    let lines: Vec<InvoiceLine> = new.into_iter().map(|(l, _)| l).collect();
    let mut inv = new_invoice(conn, biller, rule, customer, load, docs, lines).await?;
    inv.supplement_to = first;
    let invoice_id = record(
        conn,
        &inv,
        "supplemental",
        load,
        &customer.customer_id,
        &InvoiceDelivery::of(rule),
        &attached,
        message_row,
    )
    .await?;
    out.events.push(Event::CustomerInvoice {
        load_id: load.id,
        invoice_id,
    });
    Ok(())
}

/// What crediting an invoice did ([`credit`]).
#[derive(Debug, Clone, Default)]
pub struct Credited {
    /// The credit memos made (numbers), one per invoice credited.
    pub credit_memos: Vec<String>,
}

/// Credit invoice `number` because a person corrected something (`note` says what): a credit
/// memo of its lines negated, due at once, for it and, when it is the load's invoice, for each
/// supplemental invoice of the load not credited yet; each credited invoice names its memo. The
/// caller then bills the load again as it stands ([`consider`]): a new invoice, never an edit.
/// `Ok(None)` when there is no such invoice, or it is a credit memo or credited already.
///
/// Errors: the database.
pub async fn credit(
    conn: &mut AnyConnection,
    biller: &Biller,
    number: &str,
    note: &str,
    message_row: i64,
    out: &mut Outcome,
) -> Result<Option<(i64, Credited)>> {
    let Some(target) = sqlx::query(
        "SELECT load_id, kind FROM customer_invoices WHERE invoice_number = $1 \
         AND kind <> 'credit_memo' AND credited_by IS NULL",
    )
    .bind(number)
    .fetch_optional(&mut *conn)
    .await?
    else {
        return Ok(None);
    };
    let load_id: i64 = target.get(0);
    let kind: String = target.get(1);
    // The load's invoice takes its supplemental invoices with it; a supplemental goes alone.
    let rows = if kind == "invoice" {
        sqlx::query(
            "SELECT id, customer_id FROM customer_invoices WHERE load_id = $1 \
             AND kind IN ('invoice', 'supplemental') AND credited_by IS NULL ORDER BY seq",
        )
        .bind(load_id)
        .fetch_all(&mut *conn)
        .await?
    } else {
        sqlx::query("SELECT id, customer_id FROM customer_invoices WHERE invoice_number = $1")
            .bind(number)
            .fetch_all(&mut *conn)
            .await?
    };
    let targets: Vec<(i64, String)> = rows.iter().map(|r| (r.get(0), r.get(1))).collect();
    let load = store::load_by_id(conn, load_id).await?;
    let mut done = Credited::default();
    for (id, customer_id) in targets {
        let Some(old) = stored_invoice(conn, id).await? else {
            continue;
        };
        let seq = next_sequence(conn).await?;
        let issued = chrono::Utc::now().date_naive();
        let mut lines: Vec<InvoiceLine> = old
            .invoice
            .lines
            .iter()
            .map(|l| InvoiceLine {
                code: l.code.clone(),
                description: format!("Credit: {}", l.description),
                amount: -l.amount,
            })
            .collect();
        if !note.trim().is_empty() {
            lines.push(InvoiceLine {
                code: "other".into(),
                description: format!("Reason: {}", note.trim()),
                amount: Decimal::ZERO,
            });
        }
        let memo = CustomerInvoice {
            invoice_number: format!("{}{seq:06}", biller.invoice_prefix),
            issued,
            due: issued,
            terms: "Credit".into(),
            total: lines.iter().map(|l| l.amount).sum(),
            lines,
            supplement_to: None,
            credit_of: Some(old.invoice.invoice_number.clone()),
            ..old.invoice.clone()
        };
        // The credit memo goes the way the invoice it credits went.
        let memo_id = record(
            conn,
            &memo,
            "credit_memo",
            &load,
            &customer_id,
            &old.delivery,
            &[],
            message_row,
        )
        .await?;
        sqlx::query("UPDATE customer_invoices SET credited_by = $1 WHERE id = $2")
            .bind(&memo.invoice_number)
            .bind(id)
            .execute(&mut *conn)
            .await?;
        out.events.push(Event::CustomerInvoice {
            load_id,
            invoice_id: memo_id,
        });
        done.credit_memos.push(memo.invoice_number);
    }
    Ok(Some((load_id, done)))
}

/// The delivered loads of a known customer with no customer invoice yet, oldest first (row
/// ids): those `report billing` says are waiting.
///
/// Errors: the database.
pub async fn unbilled_delivered_loads(conn: &mut AnyConnection) -> Result<Vec<i64>> {
    let rows = sqlx::query(
        "SELECT l.id FROM loads l WHERE (l.customer_id IS NOT NULL \
           OR EXISTS (SELECT 1 FROM load_imports i WHERE i.load_number = l.load_number)) \
         AND EXISTS (SELECT 1 FROM documents d WHERE d.load_id = l.id AND d.kind = 'proof_of_delivery') \
         AND NOT EXISTS (SELECT 1 FROM customer_invoices c WHERE c.load_id = l.id AND c.kind = 'invoice' \
           AND c.credited_by IS NULL) \
         ORDER BY l.id",
    )
    .fetch_all(&mut *conn)
    .await?;
    Ok(rows.iter().map(|r| r.get(0)).collect())
}

/// The loads [`crate::pipeline::Pipeline::bill_ready`] looks at, oldest first: the delivered
/// loads not billed yet ([`unbilled_delivered_loads`]), and the billed ones where a person
/// approved a carrier invoice or resolved an exception since their last customer invoice (an
/// accessorial that may now pass through: a supplemental invoice).
///
/// Errors: the database.
pub async fn loads_to_bill(conn: &mut AnyConnection) -> Result<Vec<i64>> {
    let rows = sqlx::query(
        "SELECT l.id FROM loads l WHERE (l.customer_id IS NOT NULL \
           OR EXISTS (SELECT 1 FROM load_imports i WHERE i.load_number = l.load_number)) \
         AND EXISTS (SELECT 1 FROM documents d WHERE d.load_id = l.id AND d.kind = 'proof_of_delivery') \
         AND (NOT EXISTS (SELECT 1 FROM customer_invoices c WHERE c.load_id = l.id AND c.kind = 'invoice' \
             AND c.credited_by IS NULL) \
           OR EXISTS (SELECT 1 FROM invoice_approvals a JOIN documents d ON d.id = a.document_id \
             WHERE d.load_id = l.id AND a.approved_at >= \
               (SELECT MAX(c.created_at) FROM customer_invoices c WHERE c.load_id = l.id)) \
           OR EXISTS (SELECT 1 FROM exceptions e WHERE e.load_id = l.id AND e.status = 'resolved' \
             AND e.resolved_at >= (SELECT MAX(c.created_at) FROM customer_invoices c WHERE c.load_id = l.id))) \
         ORDER BY l.id",
    )
    .fetch_all(&mut *conn)
    .await?;
    Ok(rows.iter().map(|r| r.get(0)).collect())
}

/// The customer a load is billed to: the one its paperwork named (the shipper on its BOL or
/// POD), else the one a TMS import gives its load number.
fn customer_of<'d>(
    directory: &'d crate::store::directory::Directory,
    load: &Load,
    imported: Option<&import::ImportedRate>,
) -> Option<&'d crate::store::directory::Customer> {
    load.customer_id
        .as_deref()
        .or(imported.map(|i| i.customer_id.as_str()))
        .and_then(|id| directory.customer(id))
}

/// The customer rate of the load's tender (`load_tender`): linehaul (its `customer_rate_usd`,
/// else its `total_usd` less its fuel surcharge) and fuel surcharge, USD; `None` without a tender
/// or a rate above zero on it.
pub(crate) fn tender_rate(docs: &[StoredDocument]) -> Option<(Decimal, Option<(String, Decimal)>)> {
    let t = &docs
        .iter()
        .find(|d| d.doc.kind == DocumentKind::LoadTender)?
        .doc;
    let fuel = t.money("fuel_surcharge_usd").filter(|f| *f > Decimal::ZERO);
    let linehaul = t.money("customer_rate_usd").or_else(|| {
        t.money("total_usd")
            .map(|total| total - fuel.unwrap_or_default())
    })?;
    (linehaul > Decimal::ZERO).then(|| {
        (
            linehaul.round_dp(2),
            fuel.map(|f| ("Fuel surcharge".to_string(), f.round_dp(2))),
        )
    })
}

/// The load's invoice in force (not credited) and what it billed for the customer rate
/// (its linehaul and fuel surcharge lines), USD; `None` when the load is not billed.
///
/// Errors: the database; [`StoreError::Corrupt`] when its stored JSON does not read.
pub async fn billed_rate(
    conn: &mut AnyConnection,
    load_id: i64,
) -> Result<Option<(String, Decimal)>> {
    let Some(id) = standing_invoice_id(conn, load_id).await? else {
        return Ok(None);
    };
    let Some(inv) = stored_invoice(conn, id).await? else {
        return Ok(None);
    };
    let rate = inv
        .invoice
        .lines
        .iter()
        .filter(|l| matches!(l.code.as_str(), "linehaul" | "fuel_surcharge"))
        .map(|l| l.amount)
        .sum();
    Ok(Some((inv.invoice.invoice_number, rate)))
}

/// Whether the load already has its customer invoice.
async fn billed(conn: &mut AnyConnection, load_id: i64) -> Result<bool> {
    Ok(standing_invoice_id(conn, load_id).await?.is_some())
}

/// The row id of the load's standing customer invoice: its invoice (not a supplement or a
/// credit memo) that no credit memo has cancelled. `None` when the load is not billed.
async fn standing_invoice_id(conn: &mut AnyConnection, load_id: i64) -> Result<Option<i64>> {
    Ok(sqlx::query(
        "SELECT id FROM customer_invoices WHERE load_id = $1 AND kind = 'invoice' \
             AND credited_by IS NULL",
    )
    .bind(load_id)
    .fetch_optional(&mut *conn)
    .await?
    .map(|r| r.get(0)))
}

/// The next number of the invoice sequence (1, 2, …): one more than the highest used. Inside
/// the change's write transaction, so two changes never take the same one.
async fn next_sequence(conn: &mut AnyConnection) -> Result<i64> {
    let row = sqlx::query("SELECT COALESCE(MAX(seq), 0) + 1 FROM customer_invoices")
        .fetch_one(&mut *conn)
        .await?;
    Ok(row.get(0))
}

/// Whether a load is ready to bill under its rule ([`readiness`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Readiness {
    /// Ready: the documents to attach (the first of each required kind, in the rule's order).
    Ready(Vec<i64>),
    /// Not yet, and why, in words (`waiting for: bill_of_lading`, `held by open exception #12
    /// (pod_osd_notes)`).
    Waiting(String),
}

/// Whether `load` is ready to bill under `rule`: the required documents on file, the POD signed
/// (unless read as unsigned: the same reading as the `pod_unsigned` check's), the carrier's
/// invoice on file with `bill_when = "carrier_invoice"`, and no open exception of a check in
/// `hold_on`.
///
/// Errors: the database.
pub async fn readiness(
    conn: &mut AnyConnection,
    rule: &BillingRule,
    load: &Load,
    docs: &[StoredDocument],
) -> Result<Readiness> {
    let mut attached = Vec::new();
    let mut missing = Vec::new();
    // A lumper receipt is required only of a load with a lumper: one its rate con agrees to, or
    // one a carrier invoice bills (a load unloaded by the driver has no receipt to wait for).
    let has_lumper = docs.iter().any(|d| {
        d.doc
            .charges
            .iter()
            .chain(&d.doc.accessorials)
            .any(|c| c.code == "lumper")
            || d.doc.kind == DocumentKind::LumperReceipt
    });
    for kind in &rule.require {
        if *kind == DocumentKind::LumperReceipt && !has_lumper {
            continue;
        }
        match docs.iter().find(|d| d.doc.kind == *kind) {
            Some(d) => attached.push(d.id),
            None => missing.push(kind.as_str()),
        }
    }
    if rule.bill_when == BillWhen::CarrierInvoice
        && !docs
            .iter()
            .any(|d| d.doc.kind == DocumentKind::CarrierInvoice)
    {
        missing.push(DocumentKind::CarrierInvoice.as_str());
    }
    if !missing.is_empty() {
        return Ok(Readiness::Waiting(format!(
            "waiting for: {}",
            missing.join(", ")
        )));
    }
    if rule.signed_pod
        && !docs.iter().any(|d| {
            d.doc.kind == DocumentKind::ProofOfDelivery && d.doc.field("signed") != Some("false")
        })
    {
        return Ok(Readiness::Waiting("waiting for a signed POD".into()));
    }
    for rule_id in &rule.hold_on {
        let open = sqlx::query(
            "SELECT id FROM exceptions WHERE load_id = $1 AND rule_id = $2 AND status = 'open' \
             ORDER BY id LIMIT 1",
        )
        .bind(load.id)
        .bind(rule_id)
        .fetch_optional(&mut *conn)
        .await?;
        if let Some(r) = open {
            let id: i64 = r.get(0);
            return Ok(Readiness::Waiting(format!(
                "held by open exception #{id} ({rule_id})"
            )));
        }
    }
    Ok(Readiness::Ready(attached))
}

/// A load's billing, as the workspace and `loads show` say it.
#[derive(Debug, Clone)]
pub enum BillingState {
    /// Billed: its invoice.
    Billed(Box<StoredInvoice>),
    /// Not billed, and why in words: waiting for paperwork, held by an exception, no rate, no
    /// customer, or billing not set up.
    NotBilled(String),
}

/// The billing of load `load_id` under `rules` and `directory`: its invoice, or why it has none.
///
/// Errors: the database.
pub async fn billing_state(
    conn: &mut AnyConnection,
    rules: &crate::rules::RuleSet,
    directory: &crate::store::directory::Directory,
    load_id: i64,
) -> Result<BillingState> {
    if let Some(id) = standing_invoice_id(conn, load_id).await? {
        if let Some(inv) = stored_invoice(conn, id).await? {
            return Ok(BillingState::Billed(Box::new(inv)));
        }
    }
    let not = |s: &str| Ok(BillingState::NotBilled(s.to_string()));
    let Some(b) = rules.billing.as_ref() else {
        return not("not billed: the rules have no billing.toml");
    };
    let load = store::load_by_id(conn, load_id).await?;
    let imported = import::imported_rate(conn, &load.load_number).await?;
    let Some(customer) = customer_of(directory, &load, imported.as_ref()) else {
        return not("not billed: the load has no customer from the directory");
    };
    let docs = store::load_state_documents(conn, load_id, &[]).await?;
    let (rule, _) = b.for_customer(&customer.customer_id);
    match readiness(conn, rule, &load, &docs).await? {
        Readiness::Waiting(why) => Ok(BillingState::NotBilled(format!("not billed: {why}"))),
        Readiness::Ready(_) => {
            let open = sqlx::query(
                "SELECT id FROM exceptions WHERE load_id = $1 AND rule_id = $2 AND status = 'open'",
            )
            .bind(load_id)
            .bind(CUSTOMER_RATE_MISSING)
            .fetch_optional(&mut *conn)
            .await?;
            match open {
                Some(r) => Ok(BillingState::NotBilled(format!(
                    "not billed: no customer rate for its lane (exception #{})",
                    r.get::<i64, _>(0)
                ))),
                None => {
                    not("not billed yet: ready, billed at the next pass (`freightdesk ar bill`)")
                }
            }
        }
    }
}

/// The carrier accessorials billed on under `rule`, with its markup: each lumper receipt's
/// amount (`lumper`), and the other codes from each carrier invoice of the load that no open
/// exception holds (the payables rule: no open exception whose subject is the invoice or one of
/// its lines; or one a person approved), each with the document it comes from.
async fn pass_through(
    conn: &mut AnyConnection,
    rule: &BillingRule,
    docs: &[StoredDocument],
) -> Result<Vec<(InvoiceLine, i64)>> {
    let marked_up = |amount: Decimal, pct: &Decimal| {
        (amount * (Decimal::ONE + *pct / Decimal::ONE_HUNDRED)).round_dp(2)
    };
    let mut lines = Vec::new();
    if let Some(pct) = rule.pass_through.get("lumper") {
        for d in docs
            .iter()
            .filter(|d| d.doc.kind == DocumentKind::LumperReceipt)
        {
            if let Some(a) = d.doc.money("amount_usd").filter(|a| *a > Decimal::ZERO) {
                let receipt = d
                    .doc
                    .field("receipt_number")
                    .map(|n| format!(" (receipt {n})"))
                    .unwrap_or_default();
                lines.push((
                    InvoiceLine {
                        code: "lumper".into(),
                        description: format!("Lumper{receipt}"),
                        amount: marked_up(a, pct),
                    },
                    d.id,
                ));
            }
        }
    }
    for d in docs
        .iter()
        .filter(|d| d.doc.kind == DocumentKind::CarrierInvoice)
    {
        if held(conn, d.id).await? {
            continue;
        }
        for c in &d.doc.charges {
            let (Some(pct), Some(a)) = (rule.pass_through.get(&c.code), c.amount_usd) else {
                continue;
            };
            if c.code == "lumper" || a <= Decimal::ZERO {
                continue;
            }
            lines.push((
                InvoiceLine {
                    code: c.code.clone(),
                    description: c.description.clone(),
                    amount: marked_up(a, pct),
                },
                d.id,
            ));
        }
    }
    Ok(lines)
}

/// Whether an open exception holds this document: one whose subject, in its dedupe key
/// `rule:subject`, is the document or one of its lines, unless a person approved the document
/// despite it.
async fn held(conn: &mut AnyConnection, document_id: i64) -> Result<bool> {
    Ok(sqlx::query(
        "SELECT 1 FROM exceptions e WHERE e.status = 'open' \
         AND (e.dedupe_key = e.rule_id || ':' || $1 OR e.dedupe_key LIKE e.rule_id || ':' || $1 || ':%') \
         AND NOT EXISTS (SELECT 1 FROM invoice_approvals a WHERE CAST(a.document_id AS TEXT) = $1)",
    )
    .bind(document_id.to_string())
    .fetch_optional(&mut *conn)
    .await?
    .is_some())
}

/// The first document of `kind` that has `field`.
fn field_of(docs: &[StoredDocument], kind: DocumentKind, field: &str) -> Option<String> {
    docs.iter()
        .filter(|d| d.doc.kind == kind)
        .find_map(|d| d.doc.field(field).map(str::to_string))
}

/// `City, ST` of the load's first pickup (`which` = `pickup`, BOL side `shipper`) or last
/// delivery (`delivery`, `consignee`): the rate confirmation's place fields, else the BOL's.
fn place(docs: &[StoredDocument], which: &str, bol_side: &str) -> Option<String> {
    let from = |kind, prefix: &str| {
        let city = field_of(docs, kind, &format!("{prefix}_city"))?;
        let state = field_of(docs, kind, &format!("{prefix}_state"));
        Some(match state {
            Some(s) => format!("{city}, {s}"),
            None => city,
        })
    };
    from(DocumentKind::RateConfirmation, which)
        .or_else(|| from(DocumentKind::BillOfLading, bol_side))
}

/// The references a customer finds its shipment by: PO and BOL numbers, as read.
fn references(docs: &[StoredDocument]) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for (label, field) in [("PO", "po_number"), ("BOL", "bol_number")] {
        let mut seen: Vec<String> = Vec::new();
        for d in docs {
            if let Some(v) = d.doc.field(field) {
                if !seen.iter().any(|s| s == v) {
                    seen.push(v.to_string());
                }
            }
        }
        out.extend(seen.into_iter().map(|v| (label.to_string(), v)));
    }
    out
}

/// Pickup and delivery as the invoice prints them: the places, with the ship date (rate
/// confirmation's pickup date, else the BOL's ship date) and the delivery date (the POD's, else
/// the rate confirmation's).
fn stops(docs: &[StoredDocument], origin: Option<&str>, destination: Option<&str>) -> Vec<Stop> {
    let date = |v: Option<String>| v.and_then(|s| NaiveDate::parse_from_str(&s, "%Y-%m-%d").ok());
    let picked = date(
        field_of(docs, DocumentKind::RateConfirmation, "pickup_date")
            .or_else(|| field_of(docs, DocumentKind::BillOfLading, "ship_date")),
    );
    let delivered = date(
        field_of(docs, DocumentKind::ProofOfDelivery, "delivery_date")
            .or_else(|| field_of(docs, DocumentKind::RateConfirmation, "delivery_date")),
    );
    let mut out = Vec::new();
    if let Some(o) = origin {
        out.push(Stop {
            kind: "Pickup".into(),
            place: o.to_string(),
            date: picked,
        });
    }
    if let Some(d) = destination {
        out.push(Stop {
            kind: "Delivery".into(),
            place: d.to_string(),
            date: delivered,
        });
    }
    out
}

/// A stored customer invoice, as the notification and the CLI read it.
#[derive(Debug, Clone)]
pub struct StoredInvoice {
    /// Row id.
    pub id: i64,
    /// The load (row id).
    pub load_id: i64,
    /// The invoice.
    pub invoice: CustomerInvoice,
    /// The documents attached to its email (row ids).
    pub document_ids: Vec<i64>,
    /// How it goes out.
    pub delivery: InvoiceDelivery,
    /// When it was made (ISO 8601, UTC).
    pub created_at: String,
}

/// The customer invoice with row id `id`.
///
/// Errors: the database; [`StoreError::Corrupt`] when its stored JSON does not read.
pub async fn stored_invoice(conn: &mut AnyConnection, id: i64) -> Result<Option<StoredInvoice>> {
    let Some(r) = sqlx::query(
        "SELECT id, load_id, body, document_ids, delivery, edi_receiver, created_at \
             FROM customer_invoices WHERE id = $1",
    )
    .bind(id)
    .fetch_optional(&mut *conn)
    .await?
    else {
        return Ok(None);
    };
    let corrupt = |e: serde_json::Error| StoreError::Corrupt(format!("customer invoice {id}: {e}"));
    Ok(Some(StoredInvoice {
        id: r.get(0),
        load_id: r.get(1),
        invoice: serde_json::from_str(&r.get::<String, _>(2)).map_err(corrupt)?,
        document_ids: serde_json::from_str(&r.get::<String, _>(3)).map_err(corrupt)?,
        delivery: InvoiceDelivery {
            email: r.get::<String, _>(4).split(',').any(|d| d == "email"),
            edi_receiver: r.get(5),
        },
        created_at: r.get(6),
    }))
}

/// The customer invoice numbered `number` (`NS-000001`).
///
/// Errors: the database; [`StoreError::Corrupt`] when its stored JSON does not read.
pub async fn invoice_numbered(
    conn: &mut AnyConnection,
    number: &str,
) -> Result<Option<StoredInvoice>> {
    let row = sqlx::query("SELECT id FROM customer_invoices WHERE invoice_number = $1")
        .bind(number)
        .fetch_optional(&mut *conn)
        .await?;
    match row {
        Some(r) => stored_invoice(conn, r.get(0)).await,
        None => Ok(None),
    }
}

/// Every customer invoice, newest first, for `freightdesk invoices`: number, load number,
/// customer id, total (USD), issued and due (ISO dates).
///
/// Errors: the database.
pub async fn list_invoices(conn: &mut AnyConnection) -> Result<Vec<InvoiceRow>> {
    let rows = sqlx::query(
        "SELECT c.invoice_number, l.load_number, c.customer_id, c.total_usd, c.issued_on, c.due_on, \
         c.delivery, c.edi_written_at \
         FROM customer_invoices c JOIN loads l ON l.id = c.load_id ORDER BY c.seq DESC",
    )
    .fetch_all(&mut *conn)
    .await?;
    Ok(rows
        .iter()
        .map(|r| {
            let delivery: String = r.get(6);
            let edi_written: Option<String> = r.get(7);
            let how = delivery
                .split(',')
                .map(|d| match (d, &edi_written) {
                    ("edi", Some(_)) => "EDI 210 written",
                    ("edi", None) => "EDI 210 waiting",
                    _ => "email",
                })
                .collect::<Vec<_>>()
                .join(" + ");
            (
                r.get(0),
                r.get(1),
                r.get(2),
                r.get(3),
                r.get(4),
                r.get(5),
                how,
            )
        })
        .collect())
}

/// One line of [`list_invoices`]: number, load number, customer id, total (USD), issued and due
/// (ISO dates), and how it went out (`email`, `email + EDI 210 written`, `EDI 210 waiting`).
pub type InvoiceRow = (String, String, String, String, String, String, String);

/// `Jul 14, 2026`: how the invoice and its email print a date.
pub fn us_date(d: NaiveDate) -> String {
    format!("{} {}, {}", d.format("%b"), d.day(), d.year())
}
