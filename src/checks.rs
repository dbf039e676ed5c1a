//! Link and check: file each new document against its load, then run the back-office checks.
//!
//! Entry point: [`link_and_check`], called inside the message's transaction.
//!
//! Linking order: the document's `load_number`, then its `pro_number`, `bol_number`,
//! `po_number` (references recorded from earlier documents of the load), then the references in
//! the email's subject and body, then the load of the freightdesk email it replies to. A rate
//! confirmation with a load number books the load; a load that a message books or gives new
//! references then claims the documents filed earlier with no load that print its number or one
//! of those references (a BOL that came before its rate con).
//!
//! Checks are judged on the load's whole state after each message: every document of each load
//! the message touched is judged again against everything the load now holds (one mechanism,
//! whatever order the paperwork came in). What is newly true is raised; an open exception whose
//! cause was a missing document ([`RESOLVED_BY_PAPERWORK`]: no POD, no lumper receipt, no booked
//! load) and that no longer holds is resolved, naming the document that settled it. The
//! milestones a load has earned and not yet had queued (picked up, delivered) are sent then too.
//! Exceptions and notifications keep their dedupe keys, so judging again records nothing twice;
//! an exception also has a fact key (rule, load, the values of its sentence), so the same
//! exception on the same facts (the same POD in two emails) is raised once while it is open.
//! Their severity, tolerances and sentence come from `checks.toml`; a disabled or missing check
//! does not run.

use std::collections::BTreeMap;

use rust_decimal::Decimal;
use serde_json::{json, Value};
use sqlx::AnyConnection;

use crate::model::{format_usd, DocumentKind, ExtractedDocument, Field};
use crate::rules::condition::{self, Vars};
use crate::rules::{CheckRule, RuleSet};
use crate::store::directory::{Carrier, Directory};
use crate::store::{self, Load, NewException, StoredDocument};

/// Errors while checking are the store's.
pub type Result<T> = std::result::Result<T, store::StoreError>;

/// What the checks need besides the database.
pub struct Context<'a> {
    /// The rule set in force for this message.
    pub rules: &'a RuleSet,
    /// Who is who.
    pub directory: &'a Directory,
    /// Customer billing (`[billing]` of the config); `None`: loads are not billed.
    pub biller: Option<&'a crate::billing::Biller>,
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
    /// The headline of the staff email, in words ([`crate::rules::CheckRule::title`]).
    pub title: String,
    /// The documents it is about (database rows).
    pub document_ids: Vec<i64>,
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
    /// A load's paperwork is complete and its customer invoice was made ([`crate::billing`]).
    CustomerInvoice {
        /// Load row.
        load_id: i64,
        /// The invoice (`customer_invoices` row).
        invoice_id: i64,
    },
    /// An invoice arrived (acknowledge to the carrier).
    InvoiceReceived {
        /// Load row, if linked.
        load_id: Option<i64>,
        /// The invoice.
        document_id: i64,
    },
}

/// An open exception that this message's paperwork settled.
#[derive(Debug, Clone)]
pub struct Resolved {
    /// Row id.
    pub id: i64,
    /// Rule id.
    pub rule_id: String,
    /// Its sentence.
    pub sentence: String,
    /// Its severity as recorded (low, medium, high).
    pub severity: String,
    /// Its load.
    pub load_id: Option<i64>,
    /// The document that settled it (the POD, the lumper receipt, the rate con that booked the
    /// load).
    pub document_id: Option<i64>,
}

/// The checks whose cause is a missing document, with the kind of document that settles them:
/// when one no longer holds for what it judged, its open exception is resolved.
pub const RESOLVED_BY_PAPERWORK: [(&str, DocumentKind); 4] = [
    ("invoice_without_pod", DocumentKind::ProofOfDelivery),
    ("lumper_without_receipt", DocumentKind::LumperReceipt),
    ("invoice_unknown_load", DocumentKind::RateConfirmation),
    ("document_unlinked", DocumentKind::RateConfirmation),
];

/// What linking and checking one message produced.
#[derive(Debug, Default)]
pub struct Outcome {
    /// New exceptions.
    pub exceptions: Vec<Raised>,
    /// Open exceptions resolved by this message's paperwork.
    pub resolved: Vec<Resolved>,
    /// Events for notification routes.
    pub events: Vec<Event>,
    /// Invoices that passed the three-way match (rate con and POD present, no check holding)
    /// in this message: new ones, and earlier ones whose hold this message resolved (the POD they
    /// waited for). Each invoice is counted once.
    pub matched_invoices: usize,
    /// Loads booked by this message.
    pub loads_created: usize,
    /// Every check judged, by dedupe key (`rule_id:subject`): whether its condition held. A
    /// correction resolves the open exceptions whose condition no longer holds.
    pub judged: BTreeMap<String, bool>,
}

/// A new document of this message, as stored.
pub struct NewDocument<'a> {
    /// Row id.
    pub id: i64,
    /// The document.
    pub doc: &'a ExtractedDocument,
}

/// Link every new document of a message, let the loads it touched claim the documents waiting
/// for them, and judge: each new document that links to no load on its own, then each touched
/// load as a whole (its milestones, and every document of it). `from_addr` is the message's
/// sender, the sender of its new documents.
///
/// `thread_load` is the load of the freightdesk email the message replies to, if any
/// ([`store::load_of_notification`]).
pub async fn link_and_check(
    conn: &mut AnyConnection,
    ctx: &Context<'_>,
    message_row: i64,
    from_addr: Option<&str>,
    message_refs: &BTreeMap<String, Field>,
    thread_load: Option<&Load>,
    docs: &[NewDocument<'_>],
) -> Result<Outcome> {
    let mut out = Outcome::default();
    // Paperwork order: a packet or an email may carry the invoice before the rate con or POD
    // it is judged against.
    let mut order: Vec<&NewDocument> = docs.iter().collect();
    order.sort_by_key(|d| paperwork_order(d.doc.kind));
    let mut loads: Vec<i64> = Vec::new();
    for d in &order {
        if let Some(load) = link(conn, d, message_refs, thread_load, &mut out).await? {
            let load = store::load_by_id(conn, load.id).await?;
            record_refs(conn, ctx, &load, d.doc).await?;
            if !loads.contains(&load.id) {
                loads.push(load.id);
            }
        }
    }
    for &load_id in &loads {
        claim_waiting(conn, ctx, load_id).await?;
    }
    let new: Vec<i64> = docs.iter().map(|d| d.id).collect();
    let sender = |d: &StoredDocument| -> Option<String> {
        if new.contains(&d.id) {
            from_addr.map(str::to_string)
        } else {
            d.from_addr.clone()
        }
    };
    for d in &order {
        let stored = store::document(conn, d.id).await?;
        if stored.load_id.is_none() {
            let from = sender(&stored);
            let judged = Judged {
                d: &stored,
                from_addr: from.as_deref(),
                load: None,
                docs: &[],
                new: true,
            };
            judge_document(conn, ctx, message_row, &judged, &mut out).await?;
        }
    }
    let change = Change {
        new: &new,
        also: &new,
        sender: &sender,
    };
    judge_loads(conn, ctx, message_row, &loads, &change, &mut out).await?;
    Ok(out)
}

/// What a change (a message, a person's attach or correction) brought to the loads it touched.
struct Change<'a> {
    /// The documents it brought, judged as new: an invoice is acknowledged, a POD asked for.
    new: &'a [i64],
    /// The documents judged with their load even when they repeat another one of it (the new
    /// ones, a corrected one); see [`store::load_state_documents`].
    also: &'a [i64],
    /// Each document's sender.
    sender: &'a (dyn Fn(&StoredDocument) -> Option<String> + Sync),
}

/// Judge each load of `loads` as a whole: its milestones, then each of its distinct documents
/// and the change's own, in paperwork order. A repeat (paperwork resent) is judged when it
/// arrives and not again: a message costs the same however often the load's paperwork was
/// resent.
async fn judge_loads(
    conn: &mut AnyConnection,
    ctx: &Context<'_>,
    message_row: i64,
    loads: &[i64],
    change: &Change<'_>,
    out: &mut Outcome,
) -> Result<()> {
    for &load_id in loads {
        let load = store::load_by_id(conn, load_id).await?;
        let docs = store::load_state_documents(conn, load_id, change.also).await?;
        milestones(conn, &load, &docs, out).await?;
        let mut judged: Vec<&StoredDocument> = docs.iter().collect();
        judged.sort_by_key(|d| (paperwork_order(d.doc.kind), d.id));
        for d in judged {
            let from = (change.sender)(d);
            let j = Judged {
                d,
                from_addr: from.as_deref(),
                load: Some(&load),
                docs: &docs,
                new: change.new.contains(&d.id),
            };
            judge_document(conn, ctx, message_row, &j, out).await?;
        }
        crate::billing::consider(conn, ctx, message_row, &load, &docs, out).await?;
    }
    Ok(())
}

/// Judge again what a document takes part in, after a person corrected one of its fields: its
/// load as a whole (milestones and every document, none of them new), or the document alone when
/// it is filed against no load. [`Outcome::judged`] says which checks no longer hold.
pub async fn recheck_document(
    conn: &mut AnyConnection,
    ctx: &Context<'_>,
    document_id: i64,
) -> Result<Outcome> {
    let mut out = Outcome::default();
    let d = store::document(conn, document_id).await?;
    match d.load_id {
        Some(load_id) => {
            let sender = |d: &StoredDocument| d.from_addr.clone();
            let change = Change {
                new: &[],
                also: &[document_id],
                sender: &sender,
            };
            judge_loads(conn, ctx, d.message_row, &[load_id], &change, &mut out).await?;
        }
        None => {
            let judged = Judged {
                d: &d,
                from_addr: d.from_addr.as_deref(),
                load: None,
                docs: &[],
                new: false,
            };
            judge_document(conn, ctx, d.message_row, &judged, &mut out).await?;
        }
    }
    Ok(out)
}

/// File a document that linked to no load against `load`, by a person's decision (the
/// workspace's "attach"), and run what its arrival would have run: its references are recorded
/// on the load, the load claims the documents waiting for them, and the load is judged as a whole
/// with the document as new (milestones, the three-way match, an invoice's acknowledgement; its
/// `document_unlinked` exception no longer holds and is resolved). Exceptions raised are recorded
/// against the message that brought the document. Errors: the store's; a document already filed
/// against a load is [`store::StoreError::Corrupt`] (the caller checks first).
pub async fn attach_and_check(
    conn: &mut AnyConnection,
    ctx: &Context<'_>,
    document_id: i64,
    load: &Load,
) -> Result<Outcome> {
    let mut out = Outcome::default();
    let d = store::document(conn, document_id).await?;
    if let Some(other) = d.load_id {
        return Err(store::StoreError::Corrupt(format!(
            "document {document_id} is already filed against load row {other}"
        )));
    }
    store::link_document(conn, document_id, load.id, "staff").await?;
    let load = store::load_by_id(conn, load.id).await?;
    record_refs(conn, ctx, &load, &d.doc).await?;
    claim_waiting(conn, ctx, load.id).await?;
    let sender = |d: &StoredDocument| d.from_addr.clone();
    let change = Change {
        new: &[document_id],
        also: &[document_id],
        sender: &sender,
    };
    judge_loads(conn, ctx, d.message_row, &[load.id], &change, &mut out).await?;
    Ok(out)
}

/// Link to a load the documents filed earlier with no load that it claims (its load number,
/// else its references; see [`store::unlinked_documents_of`]), recording their references in
/// turn, until none is left.
async fn claim_waiting(conn: &mut AnyConnection, ctx: &Context<'_>, load_id: i64) -> Result<()> {
    loop {
        let load = store::load_by_id(conn, load_id).await?;
        let waiting = store::unlinked_documents_of(conn, &load).await?;
        if waiting.is_empty() {
            return Ok(());
        }
        for (id, by) in waiting {
            store::link_document(conn, id, load_id, &by).await?;
            let d = store::document(conn, id).await?;
            let load = store::load_by_id(conn, load_id).await?;
            record_refs(conn, ctx, &load, &d.doc).await?;
        }
    }
}

/// The milestones a load has earned and not yet had queued: delivered once it has a POD, picked
/// up once it has a BOL (unless the delivered email went first: the customer knows). A
/// milestone is queued once per load (the notification's dedupe key); one without a recipient
/// yet (no customer contact) waits for the next message of the load.
async fn milestones(
    conn: &mut AnyConnection,
    load: &Load,
    docs: &[StoredDocument],
    out: &mut Outcome,
) -> Result<()> {
    let delivered_queued = store::notification_queued(conn, "delivered", load.id).await?;
    if let Some(bol) = first_of(docs, DocumentKind::BillOfLading) {
        if !delivered_queued && !store::notification_queued(conn, "picked_up", load.id).await? {
            out.events.push(Event::PickedUp {
                load_id: load.id,
                document_id: bol.id,
            });
        }
    }
    if let Some(pod) = first_of(docs, DocumentKind::ProofOfDelivery) {
        if !delivered_queued {
            out.events.push(Event::Delivered {
                load_id: load.id,
                document_id: pod.id,
            });
        }
    }
    Ok(())
}

/// The order in which a load's paperwork is filed: booking, pickup, delivery, receipts, invoice.
fn paperwork_order(kind: DocumentKind) -> u8 {
    match kind {
        DocumentKind::LoadTender | DocumentKind::RateConfirmation => 0,
        DocumentKind::BillOfLading => 1,
        DocumentKind::ProofOfDelivery => 2,
        DocumentKind::LumperReceipt => 3,
        DocumentKind::CarrierInvoice => 4,
        DocumentKind::NoticeOfAssignment | DocumentKind::Other => 5,
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
    thread_load: Option<&Load>,
    out: &mut Outcome,
) -> Result<Option<Load>> {
    let doc = d.doc;
    if matches!(
        doc.kind,
        DocumentKind::Other | DocumentKind::NoticeOfAssignment
    ) {
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
        // A reply to freightdesk's own email about a load ("please send the POD").
        if found.is_none() {
            found = thread_load.map(|l| (l.clone(), "reply"));
        }
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

/// What an invoice bills in accessorial lines (every line but the rate itself), in decimal.
fn accessorials_total(doc: &ExtractedDocument) -> Decimal {
    doc.charges
        .iter()
        .filter(|c| !RATE_CODES.contains(&c.code.as_str()))
        .filter_map(|c| c.amount_usd)
        .sum()
}

/// The directory's carrier for a document: by its MC (else the rate con's), else by the sender.
fn carrier_on_file<'d>(
    directory: &'d Directory,
    from_addr: Option<&str>,
    doc: &ExtractedDocument,
    rate_con: Option<&ExtractedDocument>,
) -> Option<&'d Carrier> {
    doc.field("carrier_mc")
        .or_else(|| rate_con.and_then(|r| r.field("carrier_mc")))
        .and_then(|m| directory.carrier_by_mc(m))
        .or_else(|| from_addr.and_then(|a| directory.carrier_by_email(a)))
}

/// The variables every check of one document sees (declared, with their types, in
/// [`crate::rules::condition::variables`]): the document under check under its kind's name, the
/// load's other documents by kind (the first of each; an absent one has every field null and
/// `has_<kind>` false), the load, the carrier on file, the sender and the computed facts.
/// The check's tolerances are added when it is judged.
fn scene(
    ctx: &Context<'_>,
    from_addr: Option<&str>,
    doc: &ExtractedDocument,
    load: Option<&Load>,
    docs: &[StoredDocument],
) -> Vars {
    let first = |kind: DocumentKind| -> Option<&ExtractedDocument> {
        if doc.kind == kind {
            Some(doc)
        } else {
            docs.iter().find(|o| o.doc.kind == kind).map(|o| &o.doc)
        }
    };
    let mut v = Vars::default();
    for (name, kind) in [
        ("invoice", DocumentKind::CarrierInvoice),
        ("rate_con", DocumentKind::RateConfirmation),
        ("bol", DocumentKind::BillOfLading),
        ("pod", DocumentKind::ProofOfDelivery),
    ] {
        let d = first(kind);
        v.set(name, condition::document(kind, d));
        v.set(&format!("has_{name}"), condition::boolean(d.is_some()));
    }
    let receipts: Vec<&ExtractedDocument> = docs
        .iter()
        .filter(|o| o.doc.kind == DocumentKind::LumperReceipt)
        .map(|o| &o.doc)
        .collect();
    v.set(
        "lumper_receipts",
        condition::list(
            receipts
                .iter()
                .map(|r| condition::document(DocumentKind::LumperReceipt, Some(r)))
                .collect(),
        ),
    );
    v.set(
        "receipts_usd",
        condition::money(Some(
            receipts.iter().filter_map(|r| r.money("amount_usd")).sum(),
        )),
    );
    v.set(
        "accessorials_usd",
        condition::money(Some(
            first(DocumentKind::CarrierInvoice).map_or(Decimal::ZERO, accessorials_total),
        )),
    );
    v.set("load", condition::load(load));
    v.set("has_load", condition::boolean(load.is_some()));
    let carrier = carrier_on_file(
        ctx.directory,
        from_addr,
        doc,
        first(DocumentKind::RateConfirmation),
    );
    v.set("carrier", condition::carrier(carrier));
    v.set("has_carrier", condition::boolean(carrier.is_some()));
    v.set("sender", condition::text(from_addr));
    v
}

/// One document as it is judged: with its sender, its load and the load's documents (itself
/// among them), and whether it is new in this message.
struct Judged<'a> {
    d: &'a StoredDocument,
    from_addr: Option<&'a str>,
    load: Option<&'a Load>,
    docs: &'a [StoredDocument],
    new: bool,
}

impl Judged<'_> {
    /// The first document of a kind on the load.
    fn first(&self, kind: DocumentKind) -> Option<&StoredDocument> {
        first_of(self.docs, kind)
    }

    /// The variables of its checks ([`scene`]).
    fn scene(&self, ctx: &Context<'_>) -> Vars {
        scene(ctx, self.from_addr, &self.d.doc, self.load, self.docs)
    }
}

/// The references a document prints, for people: `BOL 70014522, PRO 88120455`.
fn references(doc: &ExtractedDocument) -> String {
    [
        ("bol_number", "BOL"),
        ("pro_number", "PRO"),
        ("po_number", "PO"),
    ]
    .iter()
    .filter_map(|(f, label)| doc.field(f).map(|v| format!("{label} {v}")))
    .collect::<Vec<_>>()
    .join(", ")
}

/// Judge one document's checks against its load's whole state (see the module docs).
async fn judge_document(
    conn: &mut AnyConnection,
    ctx: &Context<'_>,
    message_row: i64,
    j: &Judged<'_>,
    out: &mut Outcome,
) -> Result<()> {
    let doc = &j.d.doc;
    let id = j.d.id;
    let mut raiser = Raiser {
        conn,
        ctx,
        message_row,
        load_id: j.load.map(|l| l.id),
        out,
    };
    if doc.kind == DocumentKind::ProofOfDelivery {
        let vars = j.scene(ctx);
        let base = facts(doc, j.load);
        let mut f = base.clone();
        f["osd_notes"] = json!(doc.field("osd_notes"));
        raiser
            .raise_if("pod_osd_notes", &vars, id, &[id], f)
            .await?;
        raiser
            .raise_if("pod_unsigned", &vars, id, &[id], base)
            .await?;
    }
    match doc.kind {
        DocumentKind::RateConfirmation
        | DocumentKind::BillOfLading
        | DocumentKind::ProofOfDelivery
        | DocumentKind::LumperReceipt => {
            // Paperwork that links to no load; settled when a rate con books its load.
            let vars = j.scene(ctx);
            let mut f = facts(doc, j.load);
            f["references"] = json!(references(doc));
            f["from"] = json!(j.from_addr);
            f["subject"] = json!(j.d.subject);
            let settled_by = j.first(DocumentKind::RateConfirmation).map(|r| r.id);
            raiser
                .raise_or_resolve("document_unlinked", &vars, id, &[id], f, settled_by)
                .await?;
        }
        DocumentKind::CarrierInvoice => {
            check_invoice(&mut raiser, j).await?;
        }
        DocumentKind::NoticeOfAssignment if j.new => {
            // Recorded as a remit-to change that waits for a person (crate::noa).
            let Some(change) =
                crate::noa::record_notice(raiser.conn, ctx.directory, id, doc).await?
            else {
                return Ok(());
            };
            // The carrier on file is the one record_notice found, by the notice's MC.
            let on_file = doc
                .field("carrier_mc")
                .and_then(|mc| ctx.directory.carrier_by_mc(mc));
            let on_file = match on_file {
                Some(c) => Some(crate::noa::effective_carrier(raiser.conn, c, None).await?),
                None => None,
            };
            let mut vars = scene(ctx, j.from_addr, doc, None, &[]);
            vars.set("carrier", condition::carrier(on_file.as_ref()));
            vars.set("has_carrier", condition::boolean(on_file.is_some()));
            let mut f = facts(doc, None);
            f["change_id"] = json!(change.id);
            f["carrier"] = json!(on_file
                .as_ref()
                .map(|c| c.name.clone())
                .or(change.carrier_name.clone()));
            f["remit_to_on_file"] = json!(on_file.as_ref().and_then(|c| c.remit_to_name.clone()));
            f["from"] = json!(j.from_addr);
            raiser.raise_if("noa_received", &vars, id, &[id], f).await?;
        }
        DocumentKind::NoticeOfAssignment => {}
        // A customer's tender comes before its load is booked: it waits, with no exception, for
        // the rate con that books the load to claim it (by load number or PO); billing reads its
        // rate. One that arrives after the load was billed at another rate is for a person: an
        // invoice is never edited (`ar credit` corrects it).
        DocumentKind::LoadTender if j.new => {
            let Some(load) = j.load else {
                return Ok(());
            };
            let Some((number, billed)) = crate::billing::billed_rate(raiser.conn, load.id).await?
            else {
                return Ok(());
            };
            let tendered = crate::billing::tender_rate(std::slice::from_ref(j.d))
                .map(|(lh, fuel)| lh + fuel.map_or(Decimal::ZERO, |(_, f)| f));
            let Some(tendered) = tendered.filter(|t| *t != billed) else {
                return Ok(());
            };
            let vars = j.scene(ctx);
            let mut f = facts(doc, j.load);
            f["invoice_number"] = json!(number);
            f["billed_usd"] = json!(format_usd(billed));
            f["tendered_usd"] = json!(format_usd(tendered));
            raiser
                .raise_if("tender_after_billing", &vars, id, &[id], f)
                .await?;
        }
        DocumentKind::LoadTender => {}
        DocumentKind::Other if j.new => {
            let mut vars = scene(ctx, j.from_addr, doc, None, &[]);
            vars.set(
                "pages",
                condition::int(i64::try_from(doc.pages.len()).unwrap_or(i64::MAX)),
            );
            raiser
                .raise_if(
                    "document_unrecognized",
                    &vars,
                    id,
                    &[id],
                    json!({"pages": doc.pages.len(), "from": j.from_addr}),
                )
                .await?;
        }
        DocumentKind::Other => {}
    }
    Ok(())
}

/// The three-way match and the other invoice checks, against the load's whole state. An invoice
/// counts as matched ([`Outcome::matched_invoices`]) in the message where it first passes: when
/// it is new, or when this message settled what held it (the POD it waited for).
async fn check_invoice(raiser: &mut Raiser<'_, '_>, j: &Judged<'_>) -> Result<()> {
    let doc = &j.d.doc;
    let id = j.d.id;
    let from_addr = j.from_addr;
    let load = j.load;
    let ctx = raiser.ctx;
    let base = facts(doc, load);
    let raised_before = raiser.out.exceptions.len();
    let resolved_before = raiser.out.resolved.len();
    let mut held = false;
    if j.new {
        raiser.out.events.push(Event::InvoiceReceived {
            load_id: load.map(|l| l.id),
            document_id: id,
        });
    }
    let vars = j.scene(ctx);

    // Duplicates: each earlier invoice with the same number; a duplicate is judged once, on its
    // first copy.
    if let Some(num) = doc.field("invoice_number") {
        let same = store::invoices_numbered(raiser.conn, num).await?;
        for o in same.iter().filter(|o| o.id < id) {
            let mut v = vars.clone();
            v.set(
                "earlier_invoice",
                condition::document(DocumentKind::CarrierInvoice, Some(&o.doc)),
            );
            v.set(
                "same_carrier",
                condition::boolean(same_carrier(o, doc, from_addr)),
            );
            let mut f = base.clone();
            f["first_received_document"] = json!(o.id);
            if raiser
                .raise_if("duplicate_invoice", &v, id, &[o.id, id], f)
                .await?
            {
                return Ok(());
            }
        }
    }

    let rate_con = j.first(DocumentKind::RateConfirmation);
    held |= raiser
        .raise_or_resolve(
            "invoice_unknown_load",
            &vars,
            id,
            &[id],
            base.clone(),
            rate_con.map(|r| r.id),
        )
        .await?;
    // Without a load there is nothing to judge the invoice against.
    let Some(load) = load else {
        return Ok(());
    };

    // Each earlier invoice of the load, until one is judged a second billing.
    for o in j
        .docs
        .iter()
        .filter(|o| o.id < id && o.doc.kind == DocumentKind::CarrierInvoice)
    {
        let mut v = vars.clone();
        v.set(
            "other_invoice",
            condition::document(DocumentKind::CarrierInvoice, Some(&o.doc)),
        );
        let mut f = base.clone();
        f["other_invoice_number"] = json!(o.doc.field("invoice_number"));
        if raiser
            .raise_if("load_invoiced_twice", &v, id, &[o.id, id], f)
            .await?
        {
            held = true;
            break;
        }
    }

    let pod = j.first(DocumentKind::ProofOfDelivery);
    let receipts: Vec<&StoredDocument> = j
        .docs
        .iter()
        .filter(|o| o.doc.kind == DocumentKind::LumperReceipt)
        .collect();

    if let Some(rc) = rate_con {
        // Same carrier.
        let mut f = base.clone();
        f["rate_con_mc"] = json!(rc.doc.field("carrier_mc"));
        f["rate_con_carrier"] = json!(rc.doc.field("carrier_name"));
        held |= raiser
            .raise_if("carrier_mc_mismatch", &vars, id, &[rc.id, id], f)
            .await?;
        // Each invoice line against the accessorials the rate con agrees.
        for (i, c) in doc.charges.iter().enumerate() {
            let mut v = vars.clone();
            v.set("charge", condition::charge(c));
            let mut f = base.clone();
            f["charge"] = json!(c.description);
            f["charge_code"] = json!(c.code);
            f["charge_amount"] = json!(c.amount_usd.map(format_usd));
            held |= raiser
                .raise_if(
                    "accessorial_not_agreed",
                    &v,
                    format!("{id}:{i}"),
                    &[rc.id, id],
                    f,
                )
                .await?;
        }
        // Three-way total, when both totals were read: what the invoice bills beyond the agreed
        // rate and its own accessorial lines (those are judged line by line). The sentence's
        // amounts are decimal.
        if let (Some(total), Some(agreed)) = (doc.money("total_usd"), rc.doc.money("total_usd")) {
            let accessorials = accessorials_total(doc);
            let (tol_usd, tol_pct) = ctx
                .rules
                .checks
                .get("invoice_over_agreed")
                .map(|r| (r.tolerance_usd, r.tolerance_pct))
                .unwrap_or_default();
            let tolerance = tol_usd
                .max(agreed * tol_pct / Decimal::ONE_HUNDRED)
                .round_dp(2);
            let mut f = base.clone();
            f["agreed_total"] = json!(format_usd(agreed));
            f["accessorials_total"] = json!(format_usd(accessorials));
            f["over"] = json!(format_usd(total - agreed - accessorials));
            f["tolerance"] = json!(format_usd(tolerance));
            held |= raiser
                .raise_if("invoice_over_agreed", &vars, id, &[rc.id, id], f)
                .await?;
        }
    }

    // Each lumper line against the load's lumper receipts.
    let receipt_total: Option<Decimal> = (!receipts.is_empty()).then(|| {
        receipts
            .iter()
            .filter_map(|r| r.doc.money("amount_usd"))
            .sum()
    });
    for (i, c) in doc
        .charges
        .iter()
        .enumerate()
        .filter(|(_, c)| c.code == "lumper")
    {
        let mut v = vars.clone();
        v.set("charge", condition::charge(c));
        let mut f = base.clone();
        f["charge_amount"] = json!(c.amount_usd.map(format_usd));
        f["receipt_amount"] = json!(receipt_total.map(format_usd));
        let mut ids: Vec<i64> = receipts.iter().map(|r| r.id).collect();
        ids.push(id);
        held |= raiser
            .raise_or_resolve(
                "lumper_without_receipt",
                &v,
                format!("{id}:{i}"),
                &ids,
                f,
                receipts.last().map(|r| r.id),
            )
            .await?;
    }

    if let Some(p) = pod {
        // Pay on a clean POD only.
        let mut f = base.clone();
        f["osd_notes"] = json!(p.doc.field("osd_notes"));
        f["pod_signed"] = json!(p.doc.field("signed") != Some("false"));
        held |= raiser
            .raise_if("invoice_pod_not_clean", &vars, id, &[p.id, id], f)
            .await?;
    }
    let without_pod = raiser
        .raise_or_resolve(
            "invoice_without_pod",
            &vars,
            id,
            &[id],
            base.clone(),
            pod.map(|p| p.id),
        )
        .await?;
    held |= without_pod;
    if without_pod && j.new {
        raiser.out.events.push(Event::PaperworkRequest {
            load_id: load.id,
            document_id: id,
        });
    }
    if let Some(p) = pod {
        let mut f = base.clone();
        f["delivery_date"] = json!(p.doc.field("delivery_date"));
        held |= raiser
            .raise_if("invoice_before_delivery", &vars, id, &[p.id, id], f)
            .await?;
    }

    // Remit-to against the carrier's in force: the directory's, or that of the latest Notice of
    // Assignment a person confirmed (crate::noa). A notice for the invoice's remit-to that
    // waits for confirmation is named; once confirmed, the invoice is released.
    let carrier = carrier_on_file(ctx.directory, from_addr, doc, rate_con.map(|r| &r.doc));
    let carrier = match carrier {
        Some(c) => {
            Some(crate::noa::effective_carrier(raiser.conn, c, doc.field("invoice_date")).await?)
        }
        None => None,
    };
    let notice = match (&carrier, doc.field("remit_to_name")) {
        (Some(c), Some(r)) => crate::noa::notice_for(raiser.conn, c, r).await?,
        _ => None,
    };
    let mut v = vars.clone();
    v.set("carrier", condition::carrier(carrier.as_ref()));
    let mut f = base.clone();
    f["remit_to_on_file"] = json!(carrier.as_ref().and_then(|c| c.remit_to_name.as_deref()));
    f["carrier"] = json!(carrier.as_ref().map(|c| c.name.as_str()));
    f["notice"] = json!(notice.as_ref().map(|n| json!({
        "id": n.id,
        "factor_name": n.factor_name,
        "received": n.received_at.get(..10),
        "confirmed": n.confirmed_at.is_some(),
    })));
    held |= raiser
        .raise_or_resolve(
            "remit_to_changed",
            &v,
            id,
            &[id],
            f,
            notice.as_ref().and_then(|n| n.document_id),
        )
        .await?;

    let passes = !held
        && raiser.out.exceptions.len() == raised_before
        && rate_con.is_some()
        && pod.is_some();
    if passes && (j.new || raiser.out.resolved.len() > resolved_before) {
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
    /// Judge `rule_id` on its facts and record its exception when its condition holds: for the
    /// checks raised outside this module (bad input), whose condition's variables are `facts`'
    /// top-level keys. Skipped when the check is disabled or absent; recorded once per `subject`
    /// (what the exception is about: a document id, "document:line", a message row), whose
    /// dedupe key is `rule_id:subject`. The sentence is the rule's template over `facts`.
    pub async fn raise(
        &mut self,
        rule_id: &str,
        subject: impl std::fmt::Display,
        document_ids: &[i64],
        facts: Value,
    ) -> Result<()> {
        let vars = Vars::from_facts(&facts);
        self.raise_if(rule_id, &vars, subject, document_ids, facts)
            .await
            .map(|_| ())
    }

    /// Judge `rule_id` with `vars` ([`Raiser::judge`]); when its condition holds, record its
    /// exception (once per `subject`, dedupe key `rule_id:subject`, and once per fact key while
    /// open) with the rule's sentence over `facts`. Returns whether the condition held.
    pub async fn raise_if(
        &mut self,
        rule_id: &str,
        vars: &Vars,
        subject: impl std::fmt::Display,
        document_ids: &[i64],
        facts: Value,
    ) -> Result<bool> {
        let dedupe_key = format!("{rule_id}:{subject}");
        Ok(self
            .raise_judged(rule_id, vars, dedupe_key, document_ids, facts)
            .await?
            == Some(true))
    }

    /// [`Raiser::raise_if`] for a check whose cause is a missing document
    /// ([`RESOLVED_BY_PAPERWORK`]): when its condition was judged and no longer holds, the open
    /// exception of the same `subject` (if any) is resolved, naming `settled_by`, the document
    /// that settled it. A check that is disabled, absent, or whose condition failed resolves
    /// nothing. Returns whether the condition held.
    pub async fn raise_or_resolve(
        &mut self,
        rule_id: &str,
        vars: &Vars,
        subject: impl std::fmt::Display,
        document_ids: &[i64],
        facts: Value,
        settled_by: Option<i64>,
    ) -> Result<bool> {
        let dedupe_key = format!("{rule_id}:{subject}");
        let judged = self
            .raise_judged(rule_id, vars, dedupe_key.clone(), document_ids, facts)
            .await?;
        if judged == Some(false) {
            if let Some(r) = store::resolve_exception(self.conn, &dedupe_key, settled_by).await? {
                tracing::info!(
                    exception = r.id,
                    check = %r.rule_id,
                    document = ?settled_by,
                    "exception resolved by the paperwork it waited for"
                );
                self.out.resolved.push(Resolved {
                    id: r.id,
                    rule_id: r.rule_id,
                    sentence: r.sentence,
                    severity: r.severity,
                    load_id: r.load_id,
                    document_id: settled_by,
                });
            }
        }
        Ok(judged == Some(true))
    }

    /// Judge and, when the condition holds, record. `None` when the check was not judged
    /// (disabled, absent, or its condition failed).
    async fn raise_judged(
        &mut self,
        rule_id: &str,
        vars: &Vars,
        dedupe_key: String,
        document_ids: &[i64],
        facts: Value,
    ) -> Result<Option<bool>> {
        let judged = self
            .judged(rule_id, vars, &dedupe_key, document_ids, &facts)
            .await?;
        if let Some(held) = judged {
            self.out.judged.insert(dedupe_key.clone(), held);
        }
        if judged == Some(true) {
            self.record(rule_id, dedupe_key, document_ids, facts)
                .await?;
        }
        Ok(judged)
    }

    /// Whether the condition of check `rule_id` holds for `vars` (with the check's
    /// `tolerance_usd` and `tolerance_pct` added). False when the check is disabled or absent.
    ///
    /// A condition that fails at run time (a field that was not read used in arithmetic) does not
    /// stop the message: the check is skipped for this document (false), the failure is logged,
    /// and staff get a `condition_failed` exception naming the check and the error.
    pub async fn judge(
        &mut self,
        rule_id: &str,
        vars: &Vars,
        dedupe_key: &str,
        document_ids: &[i64],
        facts: &Value,
    ) -> Result<bool> {
        Ok(self
            .judged(rule_id, vars, dedupe_key, document_ids, facts)
            .await?
            == Some(true))
    }

    /// [`Raiser::judge`], telling "does not hold" (`Some(false)`) from "not judged" (`None`:
    /// disabled, absent, or the condition failed).
    async fn judged(
        &mut self,
        rule_id: &str,
        vars: &Vars,
        dedupe_key: &str,
        document_ids: &[i64],
        facts: &Value,
    ) -> Result<Option<bool>> {
        let rules = self.ctx.rules;
        let Some(rule) = rules.check(rule_id) else {
            return Ok(None);
        };
        let mut vars = vars.clone();
        vars.set("tolerance_usd", condition::money(Some(rule.tolerance_usd)));
        vars.set("tolerance_pct", condition::money(Some(rule.tolerance_pct)));
        match rule.condition.evaluate(&vars) {
            Ok(holds) => Ok(Some(holds)),
            Err(error) => {
                tracing::warn!(
                    check = %rule.id,
                    rule = %rule.rule_ref,
                    rules_version = %rules.version,
                    %error,
                    "a check's condition failed; the check is skipped for this document"
                );
                if rule.id != "condition_failed" {
                    self.condition_failed(rule, &error, dedupe_key, document_ids, facts)
                        .await?;
                }
                Ok(None)
            }
        }
    }

    /// Tell staff that `rule`'s condition failed: a `condition_failed` exception with the
    /// document's facts plus `check` and `error`. Its own condition (variables `check`, `error`,
    /// `kind`, `load_number`) is judged; if that fails too, the exception is recorded anyway.
    async fn condition_failed(
        &mut self,
        rule: &CheckRule,
        error: &str,
        dedupe_key: &str,
        document_ids: &[i64],
        facts: &Value,
    ) -> Result<()> {
        let Some(cf) = self.ctx.rules.check("condition_failed") else {
            return Ok(());
        };
        let mut f = match facts {
            Value::Object(m) => m.clone(),
            _ => serde_json::Map::new(),
        };
        f.insert("check".into(), json!(rule.id));
        f.insert("error".into(), json!(error));
        f.entry("kind").or_insert(Value::Null);
        f.entry("load_number").or_insert(Value::Null);
        let f = Value::Object(f);
        let holds = cf
            .condition
            .evaluate(&Vars::from_facts(&f))
            .unwrap_or_else(|e| {
                tracing::warn!(rule = %cf.rule_ref, error = %e, "the condition of condition_failed failed; recorded anyway");
                true
            });
        if holds {
            self.record(
                "condition_failed",
                format!("condition_failed:{dedupe_key}"),
                document_ids,
                f,
            )
            .await?;
        }
        Ok(())
    }

    /// Record the exception of `rule_id` (if the check is present and enabled) unless the same
    /// `dedupe_key` was recorded before, with the rule's ref and the rule set's version.
    async fn record(
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
        let title = match &rule.title {
            Some(t) => render_sentence(t, &facts),
            None => id_in_words(rule_id),
        };
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
                fact_key: Some(fact_key(rule_id, &rule.sentence, self.load_id, &facts)),
            },
        )
        .await?;
        if let Some(id) = inserted {
            self.out.exceptions.push(Raised {
                id,
                rule_id: rule_id.to_string(),
                severity: rule.severity,
                sentence,
                title,
                document_ids: document_ids.to_vec(),
                load_id: self.load_id,
            });
        }
        Ok(())
    }
}

/// A check id in words, for a check with no `title`: `invoice_over_agreed` → `Invoice over
/// agreed`.
pub fn id_in_words(id: &str) -> String {
    let words = id.replace('_', " ");
    let mut c = words.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => words,
    }
}

/// What an exception says, as a key: `rule_id|load:<row or ->|name=value|…` over the facts its
/// sentence template uses (sorted by name), each value normalized (lower case, letters and
/// digits, single spaces), so that "2 CTNS DAMAGED" and "2 ctns damaged." are the same fact.
/// The wording of the sentence is not part of it; which facts it shows is. A template that
/// does not parse keys on every fact.
pub fn fact_key(rule_id: &str, sentence: &str, load_id: Option<i64>, facts: &Value) -> String {
    let env = minijinja::Environment::new();
    let mut names: Vec<String> = match env.template_from_str(sentence) {
        Ok(t) => t.undeclared_variables(false).into_iter().collect(),
        Err(_) => facts
            .as_object()
            .map(|m| m.keys().cloned().collect())
            .unwrap_or_default(),
    };
    names.sort();
    let mut key = format!(
        "{rule_id}|load:{}",
        load_id.map_or_else(|| "-".to_string(), |l| l.to_string())
    );
    for n in names {
        let value = match facts.get(&n) {
            None | Some(Value::Null) => String::new(),
            Some(Value::String(s)) => s
                .split(|c: char| !c.is_alphanumeric())
                .filter(|w| !w.is_empty())
                .map(str::to_lowercase)
                .collect::<Vec<_>>()
                .join(" "),
            Some(v) => v.to_string(),
        };
        key.push_str(&format!("|{n}={value}"));
    }
    key
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

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use super::*;

    /// What the code adds to a document's scene for each check, besides its tolerances.
    fn extras(check: &str) -> &'static [&'static str] {
        match check {
            "accessorial_not_agreed" | "lumper_without_receipt" => &["charge"],
            "load_invoiced_twice" => &["other_invoice"],
            "duplicate_invoice" => &["earlier_invoice", "same_carrier"],
            "document_unrecognized" => &["pages"],
            _ => &[],
        }
    }

    /// The fact key holds the values the sentence shows, normalized, and the load; not the
    /// sentence's wording, nor facts it does not show.
    #[test]
    fn fact_key_is_the_sentence_values_normalized() {
        let sentence = r#"The POD for load {{ load_number | default("(unknown)") }} notes: "{{ osd_notes }}"."#;
        let f = |notes: &str, received_by: &str| json!({"load_number": "SFP-88140", "osd_notes": notes, "received_by": received_by});
        let a = fact_key(
            "pod_osd_notes",
            sentence,
            Some(7),
            &f("2 CTNS DAMAGED", "Sam"),
        );
        assert_eq!(
            a,
            "pod_osd_notes|load:7|load_number=sfp 88140|osd_notes=2 ctns damaged"
        );
        assert_eq!(
            a,
            fact_key(
                "pod_osd_notes",
                sentence,
                Some(7),
                &f("2 ctns  damaged.", "Lee")
            )
        );
        let reworded = r#"Damage on {{ load_number }}: {{ osd_notes }}"#;
        assert_eq!(
            a,
            fact_key(
                "pod_osd_notes",
                reworded,
                Some(7),
                &f("2 CTNS DAMAGED", "Sam")
            )
        );
        assert_ne!(
            a,
            fact_key(
                "pod_osd_notes",
                sentence,
                Some(8),
                &f("2 CTNS DAMAGED", "Sam")
            )
        );
        assert_ne!(
            a,
            fact_key(
                "pod_osd_notes",
                sentence,
                Some(7),
                &f("3 CTNS DAMAGED", "Sam")
            )
        );
    }

    /// The variables `rules check` accepts for each document check are those the checks give it.
    #[test]
    fn every_document_check_sees_the_variables_it_declares() {
        let rules = RuleSet::load(concat!(env!("CARGO_MANIFEST_DIR"), "/rules")).unwrap();
        let directory = Directory::default();
        let ctx = Context {
            rules: &rules,
            directory: &directory,
            biller: None,
        };
        let doc = ExtractedDocument {
            kind: DocumentKind::CarrierInvoice,
            pages: vec![1],
            template: None,
            issuer: None,
            fields: BTreeMap::new(),
            charges: Vec::new(),
            accessorials: Vec::new(),
            stops: Vec::new(),
        };
        let scene_names: BTreeSet<String> = scene(&ctx, None, &doc, None, &[])
            .names()
            .chain(["tolerance_usd", "tolerance_pct"])
            .map(str::to_string)
            .collect();
        let bad_input = [
            "message_unreadable",
            "document_unreadable",
            "condition_failed",
            // Judged on a load ready to bill (crate::billing), on its facts.
            "customer_rate_missing",
        ];
        for id in rules
            .checks
            .keys()
            .filter(|id| !bad_input.contains(&id.as_str()))
        {
            let declared: BTreeSet<String> = condition::variables(id)
                .unwrap()
                .into_iter()
                .map(|(n, _)| n.to_string())
                .collect();
            let given: BTreeSet<String> = scene_names
                .iter()
                .cloned()
                .chain(extras(id).iter().map(|s| s.to_string()))
                .collect();
            assert_eq!(declared, given, "{id}");
        }
    }
}
