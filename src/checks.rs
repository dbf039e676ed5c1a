//! Link and check: file each new document against its load, then run the back-office checks.
//!
//! Entry point: [`link_and_check`], called inside the message's transaction.
//!
//! Linking order: the document's `load_number`, then its `pro_number`, `bol_number`,
//! `po_number` (references recorded from earlier documents of the load), then the references in
//! the email's subject and body. A rate confirmation with a load number books the load.
//!
//! Checks run when the document they judge arrives (an invoice is judged against what the load
//! holds at that moment, as a person opening the email would). Their severity, tolerances and
//! sentence come from `checks.toml`; a disabled or missing check does not run.

use std::collections::BTreeMap;

use rust_decimal::Decimal;
use serde_json::{json, Value};
use sqlx::AnyConnection;

use crate::model::{format_usd, DocumentKind, ExtractedDocument, Field};
use crate::rules::RuleSet;
use crate::store::directory::Directory;
use crate::store::{self, Load, NewException, StoredDocument};

/// Errors while checking are the store's.
pub type Result<T> = std::result::Result<T, store::StoreError>;

/// What the checks need besides the database.
pub struct Context<'a> {
    /// The rule set in force for this message.
    pub rules: &'a RuleSet,
    /// Who is who.
    pub directory: &'a Directory,
}

/// An exception recorded by this message.
#[derive(Debug, Clone)]
pub struct Raised {
    /// Row id.
    pub id: i64,
    /// Rule id.
    pub rule_id: String,
    /// Severity.
    pub severity: crate::rules::Severity,
    /// Sentence.
    pub sentence: String,
    /// Load.
    pub load_id: Option<i64>,
}

/// A milestone or request that may email someone.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Event {
    /// A bill of lading arrived for a load: the freight is picked up.
    PickedUp {
        /// Load row.
        load_id: i64,
        /// The BOL.
        document_id: i64,
    },
    /// A POD arrived: delivered.
    Delivered {
        /// Load row.
        load_id: i64,
        /// The POD.
        document_id: i64,
    },
    /// An invoice arrived and the load has no POD: ask the carrier.
    PaperworkRequest {
        /// Load row.
        load_id: i64,
        /// The invoice.
        document_id: i64,
    },
    /// An invoice arrived (acknowledge to the carrier).
    InvoiceReceived {
        /// Load row, if linked.
        load_id: Option<i64>,
        /// The invoice.
        document_id: i64,
    },
}

/// What linking and checking one message produced.
#[derive(Debug, Default)]
pub struct Outcome {
    /// New exceptions.
    pub exceptions: Vec<Raised>,
    /// Events for notification routes.
    pub events: Vec<Event>,
    /// Invoices that passed the three-way match (rate con and POD present, no exception).
    pub matched_invoices: usize,
    /// Loads booked by this message.
    pub loads_created: usize,
}

/// A new document of this message, as stored.
pub struct NewDocument<'a> {
    /// Row id.
    pub id: i64,
    /// The document.
    pub doc: &'a ExtractedDocument,
}

/// Link every new document of a message and run the checks on each.
pub async fn link_and_check(
    conn: &mut AnyConnection,
    ctx: &Context<'_>,
    message_row: i64,
    from_addr: Option<&str>,
    message_refs: &BTreeMap<String, Field>,
    docs: &[NewDocument<'_>],
) -> Result<Outcome> {
    let mut out = Outcome::default();
    // Paperwork order: a packet or an email may carry the invoice before the rate con or POD
    // it is judged against.
    let mut order: Vec<&NewDocument> = docs.iter().collect();
    order.sort_by_key(|d| paperwork_order(d.doc.kind));
    for d in order {
        let load = link(conn, d, message_refs, &mut out).await?;
        if let Some(load) = &load {
            record_refs(conn, ctx, load, d.doc).await?;
        }
        let load = match load {
            Some(l) => Some(store::load_by_id(conn, l.id).await?),
            None => None,
        };
        check_document(
            conn,
            ctx,
            message_row,
            from_addr,
            d,
            load.as_ref(),
            &mut out,
        )
        .await?;
    }
    Ok(out)
}

/// The order in which a load's paperwork is filed: booking, pickup, delivery, receipts, invoice.
fn paperwork_order(kind: DocumentKind) -> u8 {
    match kind {
        DocumentKind::RateConfirmation => 0,
        DocumentKind::BillOfLading => 1,
        DocumentKind::ProofOfDelivery => 2,
        DocumentKind::LumperReceipt => 3,
        DocumentKind::CarrierInvoice => 4,
        DocumentKind::Other => 5,
    }
}

/// The load an email's subject or body names (`RE: Load 4471203 – driver ETA`), if booked.
pub async fn load_named_by(
    conn: &mut AnyConnection,
    message_refs: &BTreeMap<String, Field>,
) -> Result<Option<Load>> {
    for r in ["load_number", "pro_number", "bol_number", "po_number"] {
        let Some(f) = message_refs.get(r) else {
            continue;
        };
        let l = if r == "load_number" {
            store::load_by_number(conn, &f.value).await?
        } else {
            store::load_by_ref(conn, r, &f.value).await?
        };
        if l.is_some() {
            return Ok(l);
        }
    }
    Ok(None)
}

/// Find (or, for a rate confirmation, book) the load of a document and link it.
async fn link(
    conn: &mut AnyConnection,
    d: &NewDocument<'_>,
    message_refs: &BTreeMap<String, Field>,
    out: &mut Outcome,
) -> Result<Option<Load>> {
    let doc = d.doc;
    if doc.kind == DocumentKind::Other {
        return Ok(None);
    }
    let mut found: Option<(Load, &str)> = None;
    if let Some(n) = doc.field("load_number") {
        if let Some(l) = store::load_by_number(conn, n).await? {
            found = Some((l, "load_number"));
        } else if doc.kind == DocumentKind::RateConfirmation {
            let l = store::create_load(conn, n, doc.field("carrier_mc")).await?;
            out.loads_created += 1;
            found = Some((l, "load_number"));
        }
    }
    for r in ["pro_number", "bol_number", "po_number"] {
        if found.is_some() {
            break;
        }
        if let Some(v) = doc.field(r) {
            found = store::load_by_ref(conn, r, v).await?.map(|l| (l, r));
        }
    }
    if found.is_none() && doc.field("load_number").is_none() {
        // The email names the load ("RE: Load 4471203 POD") when the document does not.
        found = load_named_by(conn, message_refs)
            .await?
            .map(|l| (l, "email"));
    }
    if let Some((l, by)) = &found {
        store::link_document(conn, d.id, l.id, by).await?;
    }
    Ok(found.map(|(l, _)| l))
}

/// Record a linked document's references, customer, carrier and status on its load.
async fn record_refs(
    conn: &mut AnyConnection,
    ctx: &Context<'_>,
    load: &Load,
    doc: &ExtractedDocument,
) -> Result<()> {
    for r in ["pro_number", "bol_number", "po_number"] {
        if let Some(v) = doc.field(r) {
            store::add_load_ref(conn, load.id, r, v).await?;
        }
    }
    let customer = doc
        .field("shipper_name")
        .and_then(|s| ctx.directory.customer_for_shipper(s))
        .map(|c| c.customer_id.as_str());
    let carrier_mc = match doc.kind {
        DocumentKind::RateConfirmation => doc.field("carrier_mc"),
        _ => None,
    };
    let rank = |s: &str| match s {
        "booked" => 0,
        "picked_up" => 1,
        "delivered" => 2,
        "invoiced" => 3,
        _ => 0,
    };
    let status = match doc.kind {
        DocumentKind::BillOfLading => Some("picked_up"),
        DocumentKind::ProofOfDelivery => Some("delivered"),
        DocumentKind::CarrierInvoice => Some("invoiced"),
        _ => None,
    }
    .filter(|s| rank(s) > rank(&load.status));
    store::update_load(conn, load.id, customer, carrier_mc, status).await
}

/// The first document of a kind among a load's documents.
fn first_of(docs: &[StoredDocument], kind: DocumentKind) -> Option<&StoredDocument> {
    docs.iter().find(|d| d.doc.kind == kind)
}

/// Codes that are the agreed rate itself, not accessorials.
const RATE_CODES: [&str; 2] = ["linehaul", "fuel_surcharge"];

#[allow(clippy::too_many_arguments)]
async fn check_document(
    conn: &mut AnyConnection,
    ctx: &Context<'_>,
    message_row: i64,
    from_addr: Option<&str>,
    d: &NewDocument<'_>,
    load: Option<&Load>,
    out: &mut Outcome,
) -> Result<()> {
    let doc = d.doc;
    let mut raiser = Raiser {
        conn,
        ctx,
        message_row,
        load_id: load.map(|l| l.id),
        out,
    };
    match doc.kind {
        DocumentKind::BillOfLading => {
            if let Some(l) = load {
                raiser.out.events.push(Event::PickedUp {
                    load_id: l.id,
                    document_id: d.id,
                });
            }
        }
        DocumentKind::ProofOfDelivery => {
            let base = facts(doc, load);
            if let Some(notes) = doc.field("osd_notes") {
                let mut f = base.clone();
                f["osd_notes"] = json!(notes);
                raiser
                    .raise(
                        "pod_osd_notes",
                        format!("pod_osd_notes:{}", d.id),
                        &[d.id],
                        f,
                    )
                    .await?;
            }
            if doc.field("signed") == Some("false") {
                raiser
                    .raise(
                        "pod_unsigned",
                        format!("pod_unsigned:{}", d.id),
                        &[d.id],
                        base,
                    )
                    .await?;
            }
            if let Some(l) = load {
                raiser.out.events.push(Event::Delivered {
                    load_id: l.id,
                    document_id: d.id,
                });
            }
        }
        DocumentKind::CarrierInvoice => {
            check_invoice(&mut raiser, from_addr, d, load).await?;
        }
        DocumentKind::Other => {
            let from_carrier = from_addr
                .and_then(|a| ctx.directory.carrier_by_email(a))
                .is_some();
            if from_carrier {
                raiser
                    .raise(
                        "document_unrecognized",
                        format!("document_unrecognized:{}", d.id),
                        &[d.id],
                        json!({"pages": doc.pages.len(), "from": from_addr}),
                    )
                    .await?;
            }
        }
        DocumentKind::RateConfirmation | DocumentKind::LumperReceipt => {}
    }
    Ok(())
}

async fn check_invoice(
    raiser: &mut Raiser<'_, '_>,
    from_addr: Option<&str>,
    d: &NewDocument<'_>,
    load: Option<&Load>,
) -> Result<()> {
    let doc = d.doc;
    let base = facts(doc, load);
    let before = raiser.out.exceptions.len();
    raiser.out.events.push(Event::InvoiceReceived {
        load_id: load.map(|l| l.id),
        document_id: d.id,
    });

    // Duplicates: the same invoice number from the same carrier, earlier.
    if let Some(num) = doc.field("invoice_number") {
        let same = store::invoices_numbered(raiser.conn, num).await?;
        let earlier: Vec<&StoredDocument> = same
            .iter()
            .filter(|o| o.id < d.id && same_carrier(o, doc, from_addr))
            .collect();
        if let Some(first) = earlier.first() {
            let mut f = base.clone();
            f["first_received_document"] = json!(first.id);
            raiser
                .raise(
                    "duplicate_invoice",
                    format!("duplicate_invoice:{}", d.id),
                    &[first.id, d.id],
                    f,
                )
                .await?;
            // A duplicate is judged once, on its first copy.
            return Ok(());
        }
    }

    let Some(load) = load else {
        raiser
            .raise(
                "invoice_unknown_load",
                format!("invoice_unknown_load:{}", d.id),
                &[d.id],
                base,
            )
            .await?;
        return Ok(());
    };
    let docs = store::load_documents(raiser.conn, load.id).await?;
    let others: Vec<&StoredDocument> = docs.iter().filter(|o| o.id != d.id).collect();

    if let Some(other) = others.iter().find(|o| {
        o.doc.kind == DocumentKind::CarrierInvoice
            && o.doc.field("invoice_number") != doc.field("invoice_number")
    }) {
        let mut f = base.clone();
        f["other_invoice_number"] = json!(other.doc.field("invoice_number"));
        raiser
            .raise(
                "load_invoiced_twice",
                format!("load_invoiced_twice:{}", d.id),
                &[other.id, d.id],
                f,
            )
            .await?;
    }

    let rate_con = first_of(&docs, DocumentKind::RateConfirmation);
    let pod = first_of(&docs, DocumentKind::ProofOfDelivery);
    let receipts: Vec<&StoredDocument> = docs
        .iter()
        .filter(|o| o.doc.kind == DocumentKind::LumperReceipt)
        .collect();

    if let Some(rc) = rate_con {
        // Same carrier.
        if let (Some(a), Some(b)) = (doc.field("carrier_mc"), rc.doc.field("carrier_mc")) {
            if a != b {
                let mut f = base.clone();
                f["rate_con_mc"] = json!(b);
                f["rate_con_carrier"] = json!(rc.doc.field("carrier_name"));
                raiser
                    .raise(
                        "carrier_mc_mismatch",
                        format!("carrier_mc_mismatch:{}", d.id),
                        &[rc.id, d.id],
                        f,
                    )
                    .await?;
            }
        }
        let agreed_codes: Vec<&str> = rc
            .doc
            .accessorials
            .iter()
            .map(|a| a.code.as_str())
            .collect();
        // Accessorials not agreed.
        for (i, c) in doc.charges.iter().enumerate() {
            if RATE_CODES.contains(&c.code.as_str()) || agreed_codes.contains(&c.code.as_str()) {
                continue;
            }
            let mut f = base.clone();
            f["charge"] = json!(c.description);
            f["charge_code"] = json!(c.code);
            f["charge_amount"] = json!(c.amount_usd.map(format_usd));
            raiser
                .raise(
                    "accessorial_not_agreed",
                    format!("accessorial_not_agreed:{}:{i}", d.id),
                    &[rc.id, d.id],
                    f,
                )
                .await?;
        }
        // Three-way total: what the invoice bills beyond the agreed rate and its own accessorial
        // lines (those are judged line by line above and below).
        if let (Some(total), Some(agreed)) = (doc.money("total_usd"), rc.doc.money("total_usd")) {
            let accessorials: Decimal = doc
                .charges
                .iter()
                .filter(|c| !RATE_CODES.contains(&c.code.as_str()))
                .filter_map(|c| c.amount_usd)
                .sum();
            let over = total - agreed - accessorials;
            if let Some(rule) = raiser.ctx.rules.check("invoice_over_agreed") {
                let tolerance = rule
                    .tolerance_usd
                    .max(agreed * rule.tolerance_pct / Decimal::ONE_HUNDRED)
                    .round_dp(2);
                if over > tolerance {
                    let mut f = base.clone();
                    f["agreed_total"] = json!(format_usd(agreed));
                    f["accessorials_total"] = json!(format_usd(accessorials));
                    f["over"] = json!(format_usd(over));
                    f["tolerance"] = json!(format_usd(tolerance));
                    raiser
                        .raise(
                            "invoice_over_agreed",
                            format!("invoice_over_agreed:{}", d.id),
                            &[rc.id, d.id],
                            f,
                        )
                        .await?;
                }
            }
        }
    }

    // Lumper needs a receipt, for the amount billed.
    for (i, c) in doc
        .charges
        .iter()
        .enumerate()
        .filter(|(_, c)| c.code == "lumper")
    {
        let receipt_total: Option<Decimal> = if receipts.is_empty() {
            None
        } else {
            Some(
                receipts
                    .iter()
                    .filter_map(|r| r.doc.money("amount_usd"))
                    .sum(),
            )
        };
        let tolerance = raiser
            .ctx
            .rules
            .check("lumper_without_receipt")
            .map(|r| r.tolerance_usd)
            .unwrap_or_default();
        let bad = match (receipt_total, c.amount_usd) {
            (None, _) => true,
            (Some(r), Some(a)) => (a - r).abs() > tolerance,
            (Some(_), None) => false,
        };
        if bad {
            let mut f = base.clone();
            f["charge_amount"] = json!(c.amount_usd.map(format_usd));
            f["receipt_amount"] = json!(receipt_total.map(format_usd));
            let mut ids: Vec<i64> = receipts.iter().map(|r| r.id).collect();
            ids.push(d.id);
            raiser
                .raise(
                    "lumper_without_receipt",
                    format!("lumper_without_receipt:{}:{i}", d.id),
                    &ids,
                    f,
                )
                .await?;
        }
    }

    if let Some(p) = pod {
        // Pay on a clean POD only: damage noted or no signature holds the invoice.
        let osd = p.doc.field("osd_notes");
        let unsigned = p.doc.field("signed") == Some("false");
        if osd.is_some() || unsigned {
            let mut f = base.clone();
            f["osd_notes"] = json!(osd);
            f["pod_signed"] = json!(!unsigned);
            raiser
                .raise(
                    "invoice_pod_not_clean",
                    format!("invoice_pod_not_clean:{}", d.id),
                    &[p.id, d.id],
                    f,
                )
                .await?;
        }
    }
    match pod {
        None => {
            raiser
                .raise(
                    "invoice_without_pod",
                    format!("invoice_without_pod:{}", d.id),
                    &[d.id],
                    base.clone(),
                )
                .await?;
            raiser.out.events.push(Event::PaperworkRequest {
                load_id: load.id,
                document_id: d.id,
            });
        }
        Some(p) => {
            if let (Some(inv), Some(del)) =
                (doc.field("invoice_date"), p.doc.field("delivery_date"))
            {
                // ISO dates compare as text.
                if inv < del {
                    let mut f = base.clone();
                    f["delivery_date"] = json!(del);
                    raiser
                        .raise(
                            "invoice_before_delivery",
                            format!("invoice_before_delivery:{}", d.id),
                            &[p.id, d.id],
                            f,
                        )
                        .await?;
                }
            }
        }
    }

    // Remit-to against the carrier on file (by MC, else by sender domain).
    let mc = doc
        .field("carrier_mc")
        .or_else(|| rate_con.and_then(|r| r.doc.field("carrier_mc")));
    let carrier = mc
        .and_then(|m| raiser.ctx.directory.carrier_by_mc(m))
        .or_else(|| from_addr.and_then(|a| raiser.ctx.directory.carrier_by_email(a)));
    if let (Some(carrier), Some(remit)) = (carrier, doc.field("remit_to_name")) {
        if let Some(on_file) = carrier.remit_to_name.as_deref() {
            if fold(on_file) != fold(remit) {
                let mut f = base.clone();
                f["remit_to_on_file"] = json!(on_file);
                f["carrier"] = json!(carrier.name);
                raiser
                    .raise(
                        "remit_to_changed",
                        format!("remit_to_changed:{}", d.id),
                        &[d.id],
                        f,
                    )
                    .await?;
            }
        }
    }

    if raiser.out.exceptions.len() == before && rate_con.is_some() && pod.is_some() {
        raiser.out.matched_invoices += 1;
    }
    Ok(())
}

/// Whether an earlier invoice came from the same carrier (MC, else sender domain).
fn same_carrier(o: &StoredDocument, doc: &ExtractedDocument, from_addr: Option<&str>) -> bool {
    match (o.doc.field("carrier_mc"), doc.field("carrier_mc")) {
        (Some(a), Some(b)) => a == b,
        _ => {
            let dom = |a: Option<&str>| a.and_then(|a| a.rsplit('@').next()).map(str::to_lowercase);
            dom(o.from_addr.as_deref()) == dom(from_addr)
        }
    }
}

fn fold(s: &str) -> String {
    s.chars()
        .filter(|c| c.is_alphanumeric())
        .collect::<String>()
        .to_lowercase()
}

/// The facts every sentence may use: the document's fields, money formatted for people.
fn facts(doc: &ExtractedDocument, load: Option<&Load>) -> Value {
    let mut m = serde_json::Map::new();
    for (k, f) in &doc.fields {
        let v = if k.ends_with("_usd") {
            doc.money(k)
                .map(format_usd)
                .unwrap_or_else(|| f.value.clone())
        } else {
            f.value.clone()
        };
        m.insert(k.clone(), json!(v));
    }
    m.insert("kind".into(), json!(doc.kind.as_str()));
    if let Some(l) = load {
        m.insert("load_number".into(), json!(l.load_number));
    }
    Value::Object(m)
}

/// Records exceptions for one message.
pub struct Raiser<'c, 'x> {
    /// Connection in the message's transaction.
    pub conn: &'c mut AnyConnection,
    /// Rules and directory.
    pub ctx: &'c Context<'x>,
    /// The message row.
    pub message_row: i64,
    /// The load, if any.
    pub load_id: Option<i64>,
    /// Where raised exceptions are collected.
    pub out: &'c mut Outcome,
}

impl Raiser<'_, '_> {
    /// Record the exception of `rule_id` unless that check is disabled or the same
    /// `dedupe_key` was recorded before. The sentence is the rule's template over `facts`.
    pub async fn raise(
        &mut self,
        rule_id: &str,
        dedupe_key: String,
        document_ids: &[i64],
        facts: Value,
    ) -> Result<()> {
        let Some(rule) = self.ctx.rules.check(rule_id) else {
            return Ok(());
        };
        let sentence = render_sentence(&rule.sentence, &facts);
        let inserted = store::insert_exception(
            self.conn,
            &NewException {
                dedupe_key,
                rule_id,
                rule_ref: &rule.rule_ref,
                rules_version: &self.ctx.rules.version,
                severity: rule.severity.as_str(),
                load_id: self.load_id,
                message_row: Some(self.message_row),
                document_ids: document_ids.to_vec(),
                sentence: sentence.clone(),
            },
        )
        .await?;
        if let Some(id) = inserted {
            self.out.exceptions.push(Raised {
                id,
                rule_id: rule_id.to_string(),
                severity: rule.severity,
                sentence,
                load_id: self.load_id,
            });
        }
        Ok(())
    }
}

/// Render a check's sentence; a template error shows in the sentence rather than losing the
/// exception.
pub fn render_sentence(template: &str, facts: &Value) -> String {
    let env = minijinja::Environment::new();
    match env.render_str(template, facts) {
        Ok(s) => s.split_whitespace().collect::<Vec<_>>().join(" "),
        Err(e) => format!("(sentence template error: {e}) facts: {facts}"),
    }
}
