//! Paperwork in any order (issue 14, "What a new user tripped over"): when a load gains a
//! document, what depends on it is judged again against the load's whole state. Real sample
//! PDFs and emails, a real SQLite database, processed as the daemon does.
//!
//! - A BOL before its load's rate con is filed with no load (`document_unlinked`); the rate con
//!   links it, resolves that exception and sends the "picked up" email, once.
//! - An invoice before its POD raises `invoice_without_pod`; the POD resolves it (naming the
//!   POD), and the invoice then passes the three-way match.
//! - The same damaged POD in two emails raises `pod_osd_notes` once.
//!
//! Each is idempotent: processing the messages again, or a copy of one in a new email, adds
//! nothing and queues nothing.

mod common;

use common::loads;
use freightdesk::config::Config;
use freightdesk::intake::RawMessage;
use freightdesk::pipeline::{MessageReport, Pipeline};
use sqlx::Row;

async fn pipeline(tmp: &std::path::Path) -> Pipeline {
    let inbox = tmp.join("in");
    std::fs::create_dir_all(&inbox).unwrap();
    let config = Config::load(&common::temp_config(&tmp.join("var"), &inbox)).unwrap();
    Pipeline::open(&config).await.unwrap()
}

fn raw(source: &str, bytes: Vec<u8>) -> RawMessage {
    RawMessage {
        source: source.into(),
        path: Default::default(),
        bytes,
    }
}

fn sample(name: &str) -> RawMessage {
    let path = common::repo().join("samples/inbox").join(name);
    raw(&format!("folder:{name}"), std::fs::read(path).unwrap())
}

async fn process(p: &Pipeline, m: &RawMessage) -> MessageReport {
    let r = p.process(m).await.unwrap();
    assert_eq!(r.status, "processed", "{}: {r:?}", m.source);
    r
}

fn rules_of(r: &MessageReport) -> Vec<&str> {
    r.exceptions.iter().map(|e| e.rule_id.as_str()).collect()
}

fn events_of(r: &MessageReport) -> Vec<&str> {
    r.notifications.iter().map(|n| n.event.as_str()).collect()
}

async fn count(p: &Pipeline, sql: &str) -> i64 {
    sqlx::query(sqlx::AssertSqlSafe(sql.to_string()))
        .fetch_one(p.store.pool())
        .await
        .unwrap()
        .get(0)
}

/// (status, resolved_by_document) of each exception of a check, oldest first.
async fn exceptions_of(p: &Pipeline, rule_id: &str) -> Vec<(String, Option<i64>)> {
    sqlx::query(
        "SELECT status, resolved_by_document FROM exceptions WHERE rule_id = $1 ORDER BY id",
    )
    .bind(rule_id)
    .fetch_all(p.store.pool())
    .await
    .unwrap()
    .iter()
    .map(|r| (r.get(0), r.get(1)))
    .collect()
}

/// The id of the only document of a kind.
async fn document_id(p: &Pipeline, kind: &str) -> i64 {
    sqlx::query("SELECT id FROM documents WHERE kind = $1")
        .bind(kind)
        .fetch_one(p.store.pool())
        .await
        .unwrap()
        .get(0)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_bol_before_its_rate_con_gets_the_picked_up_email_once_the_load_is_booked() {
    let tmp = tempfile::tempdir().unwrap();
    let p = pipeline(tmp.path()).await;
    let bol = raw("test:bol", loads::bill_of_lading(7));
    let rate_con = raw("test:ratecon", loads::rate_confirmation(7));

    let r = process(&p, &bol).await;
    assert_eq!(r.documents.len(), 1);
    assert_eq!(r.documents[0].load_number, None, "no load is booked yet");
    assert!(events_of(&r).iter().all(|e| *e != "picked_up"), "{r:?}");

    let r = process(&p, &rate_con).await;
    let picked_up: Vec<_> = r
        .notifications
        .iter()
        .filter(|n| n.event == "picked_up")
        .collect();
    assert_eq!(picked_up.len(), 1, "the waiting milestone is sent: {r:?}");
    assert_eq!(picked_up[0].to, ["shipping@acmefoods.example"]);
    assert!(picked_up[0].subject.contains("5000007"), "{picked_up:?}");
    // The BOL is now filed with its load.
    let linked = count(
        &p,
        "SELECT COUNT(*) FROM documents d JOIN loads l ON l.id = d.load_id \
         WHERE d.kind = 'bill_of_lading' AND l.load_number = '5000007'",
    )
    .await;
    assert_eq!(linked, 1);
    // Its document_unlinked exception is resolved by the rate con.
    let rc = document_id(&p, "rate_confirmation").await;
    assert_eq!(
        exceptions_of(&p, "document_unlinked").await,
        [("resolved".to_string(), Some(rc))]
    );
    assert_eq!(
        r.resolved_exceptions
            .iter()
            .map(|e| e.rule_id.as_str())
            .collect::<Vec<_>>(),
        ["document_unlinked"]
    );

    // Again: the same messages are skipped; the BOL re-sent in a new email sends nothing.
    for m in [&bol, &rate_con] {
        let again = p.process(m).await.unwrap();
        assert_eq!(again.status, "skipped");
    }
    let resent = process(&p, &raw("test:bol-again", loads::bill_of_lading(7))).await;
    assert!(resent.notifications.is_empty(), "{resent:?}");
    assert!(resent.exceptions.is_empty(), "{resent:?}");
    assert_eq!(
        count(&p, "SELECT COUNT(*) FROM outbox WHERE event = 'picked_up'").await,
        1
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_pod_after_the_invoice_resolves_invoice_without_pod_and_the_invoice_matches() {
    let tmp = tempfile::tempdir().unwrap();
    let p = pipeline(tmp.path()).await;
    // Load 4471203: the rate con, then Red Mesa's invoice RM-10452 (with a $185.00 lumper line),
    // then the POD with the lumper receipt.
    let rate_con = sample("01-signed-ratecon-4471203.eml");
    let invoice = sample("10-invoice-RM-10452.eml");
    let pod = sample("07-pod-lumper-4471203.eml");

    process(&p, &rate_con).await;
    let r = process(&p, &invoice).await;
    let mut raised = rules_of(&r);
    raised.sort_unstable();
    assert_eq!(
        raised,
        ["invoice_without_pod", "lumper_without_receipt"],
        "{r:?}"
    );
    assert!(events_of(&r).contains(&"paperwork_request"), "{r:?}");
    assert_eq!(r.matched_invoices, 0);

    let r = process(&p, &pod).await;
    assert!(r.exceptions.is_empty(), "nothing new is raised: {r:?}");
    assert_eq!(events_of(&r), ["delivered"], "{r:?}");
    assert_eq!(
        r.matched_invoices, 1,
        "the invoice passes the three-way match"
    );
    let pod_id = document_id(&p, "proof_of_delivery").await;
    let receipt_id = document_id(&p, "lumper_receipt").await;
    assert_eq!(
        exceptions_of(&p, "invoice_without_pod").await,
        [("resolved".to_string(), Some(pod_id))]
    );
    assert_eq!(
        exceptions_of(&p, "lumper_without_receipt").await,
        [("resolved".to_string(), Some(receipt_id))]
    );
    let mut resolved: Vec<&str> = r
        .resolved_exceptions
        .iter()
        .map(|e| e.rule_id.as_str())
        .collect();
    resolved.sort_unstable();
    assert_eq!(resolved, ["invoice_without_pod", "lumper_without_receipt"]);
    assert_eq!(
        count(&p, "SELECT COUNT(*) FROM exceptions WHERE status = 'open'").await,
        0
    );

    // Again: nothing new, nothing queued, nothing re-opened; a later email on the load (the
    // BOL, late) judges the load again and still finds it clean.
    for m in [&rate_con, &invoice, &pod] {
        assert_eq!(p.process(m).await.unwrap().status, "skipped");
    }
    let outbox = count(&p, "SELECT COUNT(*) FROM outbox").await;
    let late = process(&p, &sample("04-bol-4471203.eml")).await;
    assert!(late.exceptions.is_empty(), "{late:?}");
    assert!(late.resolved_exceptions.is_empty(), "{late:?}");
    assert_eq!(
        late.matched_invoices, 0,
        "an invoice is counted matched once"
    );
    assert!(
        late.notifications.is_empty(),
        "no picked-up email after the delivered one: {late:?}"
    );
    assert_eq!(count(&p, "SELECT COUNT(*) FROM outbox").await, outbox);
    assert_eq!(
        count(&p, "SELECT COUNT(*) FROM exceptions WHERE status = 'open'").await,
        0
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_same_damaged_pod_in_two_emails_raises_pod_osd_notes_once() {
    let tmp = tempfile::tempdir().unwrap();
    let p = pipeline(tmp.path()).await;
    process(&p, &sample("16-signed-ratecon-SFP-88140.eml")).await;
    let first = process(&p, &sample("26-pod-SFP-88140-damaged.eml")).await;
    assert_eq!(rules_of(&first), ["pod_osd_notes"]);
    assert_eq!(events_of(&first), ["delivered", "exception"]);

    let pdf = std::fs::read(common::repo().join("samples/pdfs/pod_SFP-88140.pdf")).unwrap();
    let again = common::email_with(
        "POD SFP-88140 resent",
        "pod_SFP-88140.pdf",
        "application/pdf",
        pdf,
    );
    let second = process(&p, &raw("test:pod-again", again)).await;
    assert_eq!(second.documents.len(), 1, "{second:?}");
    assert!(second.exceptions.is_empty(), "raised again: {second:?}");
    assert!(second.notifications.is_empty(), "emailed again: {second:?}");
    assert_eq!(
        count(
            &p,
            "SELECT COUNT(*) FROM exceptions WHERE rule_id = 'pod_osd_notes'"
        )
        .await,
        1
    );
    assert_eq!(
        count(&p, "SELECT COUNT(*) FROM outbox WHERE event = 'exception'").await,
        1
    );
}

/// A sample message sent again by the carrier's system: the same bytes, a new Message-ID.
fn resent(name: &str, copy: usize) -> RawMessage {
    let m = sample(name);
    let text = String::from_utf8(m.bytes).unwrap();
    let bytes = text.replacen("Message-ID: <", &format!("Message-ID: <resent{copy}."), 1);
    assert_ne!(bytes, text, "{name} has a Message-ID");
    raw(&format!("{}#resent{copy}", m.source), bytes.into_bytes())
}

/// (documents the load's state is judged from, documents filed with the load).
async fn load_sizes(p: &Pipeline, load_number: &str) -> (usize, usize) {
    let mut conn = p.store.pool().acquire().await.unwrap();
    let load = freightdesk::store::load_by_number(&mut conn, load_number)
        .await
        .unwrap()
        .unwrap();
    let state = freightdesk::store::load_state_documents(&mut conn, load.id, &[])
        .await
        .unwrap();
    let all = freightdesk::store::load_documents(&mut conn, load.id)
        .await
        .unwrap();
    (state.len(), all.len())
}

/// Paperwork resent over and over (issue 19, "Scale": a carrier's system that resends, a
/// forwarding loop). Each copy is kept, shown with its load and judged when it arrives (a resent
/// invoice is still a duplicate invoice: one open exception says so), but adds nothing to the
/// load's state:
/// later messages judge the load from the first copies only, so the work of a message does not
/// grow with the resends. Copies that arrive before their load is booked are filed with it when
/// it is, and count once.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn resent_paperwork_is_judged_when_it_arrives_and_leaves_the_load_state_the_same() {
    let tmp = tempfile::tempdir().unwrap();
    let p = pipeline(tmp.path()).await;
    process(&p, &sample("09-signed-ratecon-4471315.eml")).await;
    let first = process(&p, &sample("21-invoice-pod-PWT-5527.eml")).await;
    assert_eq!(first.matched_invoices, 1, "{first:?}");
    let (state, all) = load_sizes(&p, "4471315").await;
    assert_eq!((state, all), (3, 3), "rate con, invoice, POD");
    let delivered = "SELECT COUNT(*) FROM outbox WHERE event = 'delivered'";
    assert_eq!(count(&p, delivered).await, 1);

    for copy in 1..=6 {
        let r = process(&p, &resent("21-invoice-pod-PWT-5527.eml", copy)).await;
        assert_eq!(r.documents.len(), 2, "{r:?}");
        assert_eq!(r.load_number.as_deref(), Some("4471315"));
        // The same fact (this invoice number again, the first copy on file) is open once.
        let expected: &[&str] = if copy == 1 {
            &["duplicate_invoice"]
        } else {
            &[]
        };
        assert_eq!(rules_of(&r), expected, "copy {copy}: {r:?}");
        assert_eq!(r.matched_invoices, 0, "copy {copy}: {r:?}");
        assert_eq!(
            load_sizes(&p, "4471315").await,
            (3, 3 + 2 * copy),
            "copy {copy}: every copy is filed with the load, none adds to its state"
        );
    }
    assert_eq!(
        count(
            &p,
            "SELECT COUNT(*) FROM exceptions WHERE rule_id = 'duplicate_invoice'"
        )
        .await,
        1,
        "one open duplicate_invoice for the six copies"
    );
    assert_eq!(count(&p, delivered).await, 1, "the customer is told once");
    // Of the seven invoices, only the first is ready to pay.
    let payables = p.store.payables().await.unwrap();
    assert_eq!(payables.len(), 1, "{payables:?}");

    // A BOL sent three times before its load is booked: three unlinked documents; the rate
    // con files all three with the load, whose state holds one BOL.
    for copy in 0..3 {
        let r = process(&p, &resent("04-bol-4471203.eml", copy)).await;
        assert_eq!(r.load_number, None, "{r:?}");
    }
    let unlinked = "SELECT COUNT(*) FROM documents WHERE load_id IS NULL AND kind <> 'other'";
    assert_eq!(count(&p, unlinked).await, 3);
    let booked = process(&p, &sample("01-signed-ratecon-4471203.eml")).await;
    assert_eq!(events_of(&booked), ["picked_up"], "{booked:?}");
    assert_eq!(count(&p, unlinked).await, 0);
    assert_eq!(
        load_sizes(&p, "4471203").await,
        (2, 4),
        "rate con and one BOL"
    );
    assert_eq!(
        count(
            &p,
            "SELECT COUNT(*) FROM exceptions WHERE rule_id = 'document_unlinked' AND status = 'open'"
        )
        .await,
        0
    );
}
