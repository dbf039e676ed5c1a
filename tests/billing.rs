//! Billing the customer (accounts receivable), through the real pipeline over the sample inbox:
//! each load whose paperwork is complete is invoiced once, the moment it is complete, with the
//! invoice PDF and the required documents' own pages; what waits, waits for a reason staff can
//! see; a crash never bills twice. What each customer should receive is in samples/STORIES.md
//! ("Customer billing").

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Duration;

use freightdesk::config::Config;
use freightdesk::extract::pdf_text::{pdf_text, PdfLimits};
use freightdesk::intake::Intake;
use freightdesk::notify::Transport;
use freightdesk::pipeline::Pipeline;
use mail_parser::MimeHeaders;
use sqlx::Row;

/// A site over a copy of the sample inbox and directory, the repo's rules and `[billing]`.
struct Site {
    _tmp: tempfile::TempDir,
    root: PathBuf,
}

impl Site {
    fn new() -> Site {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path().to_path_buf();
        common::copy_dir(&common::repo().join("samples/inbox"), &root.join("inbox"));
        common::copy_dir(
            &common::repo().join("samples/directory"),
            &root.join("directory"),
        );
        let text = format!(
            r#"[intake]
kind = "folder"
path = "inbox"

[outgoing]
kind = "file"
path = "var/outbox"
from = "Northstar Back Office <backoffice@northstarlogistics.example>"

[company]
name = "Northstar Logistics"

[billing]
invoice_prefix = "NS-"
remit_to = ["PO Box 7700", "Chicago, IL 60680"]

[billing.edi]
outbox = "var/edi-outbox"
sender_id = "NORTHSTARLOG"
scac = "NSLG"

[store]
url = "sqlite://var/freightdesk.db"
archive = "var/archive"

[paths]
rules = "{rules}"
directory = "directory"

[staff]
emails = ["ap@northstarlogistics.example"]
digest_minutes = 0
"#,
            rules = common::repo().join("rules").display(),
        );
        std::fs::create_dir_all(root.join("var")).unwrap();
        std::fs::write(root.join("freightdesk.toml"), text).unwrap();
        Site { _tmp: tmp, root }
    }

    fn config_path(&self) -> PathBuf {
        self.root.join("freightdesk.toml")
    }

    fn config(&self) -> Config {
        Config::load(&self.config_path()).unwrap()
    }

    fn outbox(&self) -> PathBuf {
        self.root.join("var/outbox")
    }

    /// Process every message of the inbox in-process, then write the outbox.
    async fn run_inbox(&self) -> Pipeline {
        let config = self.config();
        let pipeline = Pipeline::open(&config).await.unwrap();
        let intake = Intake::from_config(&config.intake).unwrap();
        for p in intake.pending().unwrap() {
            pipeline.process(&intake.read(&p).unwrap()).await.unwrap();
        }
        pipeline
            .deliver(&Transport::file(&self.outbox()).unwrap())
            .await
            .unwrap();
        pipeline
    }

    /// The invoice emails written, by invoice number: (recipient, subject, attachments by
    /// name).
    fn invoice_emails(&self) -> BTreeMap<String, Vec<Email>> {
        let mut out: BTreeMap<String, Vec<Email>> = BTreeMap::new();
        for path in common::files_with_ext(&self.outbox(), "eml") {
            let raw = std::fs::read(&path).unwrap();
            let m = mail_parser::MessageParser::default().parse(&raw).unwrap();
            let subject = m.subject().unwrap_or_default().to_string();
            let Some(number) = subject
                .strip_prefix("Invoice ")
                .or_else(|| subject.strip_prefix("Supplemental invoice "))
                .or_else(|| subject.strip_prefix("Credit memo "))
                .and_then(|s| s.split(' ').next())
            else {
                continue;
            };
            out.entry(number.to_string()).or_default().push(Email {
                to: m
                    .to()
                    .and_then(|t| t.first())
                    .and_then(|a| a.address())
                    .unwrap_or_default()
                    .to_string(),
                subject: subject.clone(),
                body: m.body_text(0).unwrap_or_default().to_string(),
                attachments: m
                    .attachments()
                    .map(|a| {
                        (
                            a.attachment_name().unwrap_or_default().to_string(),
                            a.contents().to_vec(),
                        )
                    })
                    .collect(),
            });
        }
        out
    }
}

struct Email {
    to: String,
    subject: String,
    body: String,
    attachments: Vec<(String, Vec<u8>)>,
}

impl Email {
    fn names(&self) -> Vec<&str> {
        self.attachments.iter().map(|(n, _)| n.as_str()).collect()
    }
    fn text_of(&self, name: &str) -> String {
        let (_, bytes) = self
            .attachments
            .iter()
            .find(|(n, _)| n == name)
            .unwrap_or_else(|| panic!("no attachment {name}: {:?}", self.names()));
        pdf_text(bytes, &PdfLimits::default())
            .unwrap()
            .into_iter()
            .map(|p| p.text)
            .collect::<Vec<_>>()
            .join("\n")
    }
}

/// SQL count over the site's database.
async fn count(pipeline: &Pipeline, sql: &str) -> i64 {
    let mut conn = pipeline.store.pool().acquire().await.unwrap();
    sqlx::query(sqlx::AssertSqlSafe(sql.to_string()))
        .fetch_one(&mut *conn)
        .await
        .unwrap()
        .get::<i64, _>(0)
}

/// The id of the exception of check `rule` on load `load_number` (the first, when several).
async fn exception_of(pipeline: &Pipeline, rule: &str, load_number: &str) -> i64 {
    let mut conn = pipeline.store.pool().acquire().await.unwrap();
    sqlx::query(
        "SELECT e.id FROM exceptions e JOIN loads l ON l.id = e.load_id \
         WHERE e.rule_id = $1 AND l.load_number = $2 ORDER BY e.id",
    )
    .bind(rule)
    .bind(load_number)
    .fetch_one(&mut *conn)
    .await
    .unwrap()
    .get(0)
}

/// Words that only the carrier's paperwork prints: what the broker pays the carrier.
const CARRIER_ONLY: [&str; 6] = [
    "Total Carrier Pay",
    "TOTAL DUE CARRIER",
    "RM-10452",
    "PWT-5520",
    "Heartland Freight Funding",
    "Remit To:",
];

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn each_complete_load_is_billed_once_with_its_invoice_and_its_own_paperwork() {
    let site = Site::new();
    let pipeline = site.run_inbox().await;
    let emails = site.invoice_emails();

    // STORIES.md: five loads billed, in the order their paperwork completed.
    let billed: Vec<(String, String)> = {
        let mut conn = pipeline.store.pool().acquire().await.unwrap();
        freightdesk::billing::list_invoices(&mut conn)
            .await
            .unwrap()
            .into_iter()
            .rev()
            .map(|(n, l, ..)| (n, l))
            .collect()
    };
    let expect = [
        ("NS-000001", "4471203"),
        ("NS-000002", "KB-20931"),
        ("NS-000003", "SFP-88123"),
        ("NS-000004", "4471315"),
        ("NS-000005", "KB-21004"),
    ];
    assert_eq!(
        billed,
        expect
            .iter()
            .map(|(n, l)| (n.to_string(), l.to_string()))
            .collect::<Vec<_>>()
    );
    assert_eq!(emails.len(), 5, "{:?}", emails.keys());
    for (n, _) in expect {
        assert_eq!(emails[n].len(), 1, "one email for invoice {n}");
    }

    // Acme Foods (billing address ap@), 4471203: the invoice, the POD, the BOL and the lumper
    // receipt it requires (the load had a lumper).
    let acme = &emails["NS-000001"][0];
    assert_eq!(acme.to, "ap@acmefoods.example");
    assert_eq!(
        acme.subject,
        "Invoice NS-000001 for load 4471203 - $3,037.00"
    );
    assert_eq!(
        acme.names(),
        [
            "NS-000001.pdf",
            "POD-4471203.pdf",
            "BOL-4471203.pdf",
            "lumper-receipt-4471203.pdf"
        ]
    );
    let invoice = acme.text_of("NS-000001.pdf");
    for printed in [
        "INVOICE",
        "NS-000001",
        "4471203",
        "Acme Foods Inc",
        "2400 Channahon Rd",
        "Remit To",
        "PO Box 7700",
        "Joliet, IL",
        "McDonough, GA",
        "$2,480.00",
        "Fuel surcharge (15%)",
        "$372.00",
        "Lumper (receipt DH-559031)",
        "$185.00",
        "Total Due",
        "$3,037.00",
        "Net 30",
    ] {
        assert!(
            invoice.contains(printed),
            "`{printed}` not on the invoice:\n{invoice}"
        );
    }
    assert!(acme.body.contains("Total due: $3,037.00"), "{}", acme.body);
    assert!(acme.text_of("POD-4471203.pdf").contains("Maria Lopez"));

    // Granite, SFP-88123: the packet's POD page alone; nothing the carrier is paid reaches the
    // customer, in any file of any invoice email.
    let granite = &emails["NS-000003"][0];
    assert_eq!(granite.to, "invoices@granitehomegoods.example");
    assert_eq!(granite.names(), ["NS-000003.pdf", "POD-SFP-88123.pdf"]);
    for list in emails.values() {
        for e in list {
            for (name, _) in &e.attachments {
                let text = e.text_of(name);
                for secret in CARRIER_ONLY {
                    assert!(
                        !text.contains(secret),
                        "`{secret}` reached a customer in {name} of {}",
                        e.subject
                    );
                }
            }
        }
    }

    // What waits, waits for a reason: Harvest Lane has no lane (customer_rate_missing, once);
    // SFP-88140 is held by its POD's damage note; KB-20977 waits for the BOL Acme wants;
    // 4471342 has no POD.
    assert_eq!(
        count(
            &pipeline,
            "SELECT COUNT(*) FROM exceptions e JOIN loads l ON l.id = e.load_id \
             WHERE e.rule_id = 'customer_rate_missing' AND l.load_number = '4471260' AND e.status = 'open'"
        )
        .await,
        1
    );
    assert_eq!(
        count(
            &pipeline,
            "SELECT COUNT(*) FROM exceptions WHERE rule_id = 'customer_rate_missing'"
        )
        .await,
        1
    );
    let staff_notice = common::files_with_ext(&site.outbox(), "eml")
        .into_iter()
        .map(|p| {
            let raw = std::fs::read(p).unwrap();
            let m = mail_parser::MessageParser::default().parse(&raw).unwrap();
            m.body_text(0).unwrap_or_default().to_string()
        })
        .find(|t| t.contains("no customer rate"))
        .expect("staff are told of the missing rate");
    assert!(
        staff_notice.contains("Harvest Lane Beverage Co"),
        "{staff_notice}"
    );
    assert!(staff_notice.contains("lanes.csv"), "{staff_notice}");

    // The same paperwork again (a re-delivered email, a carrier's resend) bills nothing more.
    std::fs::copy(
        site.root.join("inbox/07-pod-lumper-4471203.eml"),
        site.root.join("inbox/40-pod-lumper-4471203-again.eml"),
    )
    .unwrap();
    let raw = std::fs::read(site.root.join("inbox/21-invoice-pod-PWT-5527.eml")).unwrap();
    let resent = String::from_utf8_lossy(&raw).replacen("Message-ID: <", "Message-ID: <resent.", 1);
    std::fs::write(site.root.join("inbox/41-resent.eml"), resent).unwrap();
    let pipeline = site.run_inbox().await;
    assert_eq!(
        count(&pipeline, "SELECT COUNT(*) FROM customer_invoices").await,
        5
    );
    assert_eq!(
        site.invoice_emails().values().map(Vec::len).sum::<usize>(),
        5
    );
    drop(pipeline);

    // A correction: Bluewater's contract rate for KB-20931's lane is $3,000.00, not $3,130.00.
    // Staff fix lanes.csv and credit the invoice: a credit memo cancels it, the load is billed
    // again at the new rate, the customer gets both; never an edit, and never twice.
    let lanes = site.root.join("directory/lanes.csv");
    let text = std::fs::read_to_string(&lanes).unwrap().replace(
        "\"Allentown, PA\",53' Dry Van,3130.00",
        "\"Allentown, PA\",53' Dry Van,3000.00",
    );
    assert!(text.contains(",3000.00,"), "{text}");
    std::fs::write(&lanes, text).unwrap();
    let credit = |note: &str| {
        Command::new(env!("CARGO_BIN_EXE_freightdesk"))
            .args(["ar", "credit", "NS-000002", "--note", note, "--config"])
            .arg(site.config_path())
            .output()
            .unwrap()
    };
    let out = credit("contract rate is $3,000.00");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{stdout}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(stdout.contains("credited: NS-000006"), "{stdout}");
    assert!(
        stdout.contains("billed again: invoice NS-000007"),
        "{stdout}"
    );
    let emails = site.invoice_emails();
    let memo = &emails["NS-000006"][0];
    assert_eq!(
        memo.subject,
        "Credit memo NS-000006 for load KB-20931 - -$3,583.85"
    );
    assert_eq!(memo.to, "payables@bluewaterpaper.example");
    let text = memo.text_of("NS-000006.pdf");
    for printed in [
        "CREDIT MEMO",
        "NS-000002",
        "Total Credit",
        "-$3,583.85",
        "contract rate is $3,000.00",
    ] {
        assert!(
            text.contains(printed),
            "`{printed}` not on the credit memo:\n{text}"
        );
    }
    let again = &emails["NS-000007"][0];
    assert_eq!(
        again.subject,
        "Invoice NS-000007 for load KB-20931 - $3,435.00"
    );
    assert_eq!(again.names(), ["NS-000007.pdf", "POD-KB-20931.pdf"]);
    // Credited once: a second credit of the same invoice is refused.
    assert_eq!(credit("again").status.code(), Some(1));
    let pipeline = Pipeline::open(&site.config()).await.unwrap();
    assert_eq!(
        count(
            &pipeline,
            "SELECT COUNT(*) FROM customer_invoices c JOIN loads l ON l.id = c.load_id \
             WHERE l.load_number = 'KB-20931' AND c.kind = 'invoice' AND c.credited_by IS NULL"
        )
        .await,
        1
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_held_load_bills_once_staff_resolve_its_hold_and_a_priced_lane_bills_the_other() {
    let site = Site::new();
    let pipeline = site.run_inbox().await;
    assert_eq!(
        count(&pipeline, "SELECT COUNT(*) FROM customer_invoices").await,
        5
    );
    // Nothing new is ready: `ar bill` makes nothing.
    assert!(pipeline.bill_ready().await.unwrap().is_empty());

    // Staff settle SFP-88140's damage claim (the exception is resolved in the workspace) and
    // price Harvest Lane's lanes. SFP-88140 is Harvest Lane's too.
    let hold = exception_of(&pipeline, "pod_osd_notes", "SFP-88140").await;
    assert!(pipeline
        .store
        .resolve_by_user(hold, "dana", "claim settled with the consignee")
        .await
        .unwrap());
    let lanes = site.root.join("directory/lanes.csv");
    let mut text = std::fs::read_to_string(&lanes).unwrap();
    // Harvest Lane ships from Kansas City, MO (its rate confirmations print it): a lane with no
    // fuel percent for SFP-88140's lane; 4471260's rate comes from the TMS export below.
    text.push_str("CUST-004,\"KANSAS CITY, MO\",\"Tulsa, OK\",53' Dry Van,990.00,\n");
    std::fs::write(&lanes, text).unwrap();
    drop(pipeline);

    // The TMS export: 4471260's rate, and rows that cannot price a load right, each refused with
    // its line (an unknown customer, another currency, a zero rate, a load billed already).
    let export = site.root.join("tms-export.csv");
    std::fs::write(
        &export,
        "load_number,customer_id,customer_rate_usd,fuel_surcharge_usd,currency,po_number\n\
         4471260,CUST-004,\"$1,650.00\",231.00,USD,HL-PO-7781\n\
         4471999,CUST-999,1200.00,,USD,\n\
         4472000,CUST-001,1200.00,,CAD,\n\
         4472001,CUST-001,0,,,\n\
         4471203,CUST-001,2600.00,,USD,\n",
    )
    .unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_freightdesk"))
        .args(["loads", "import"])
        .arg(&export)
        .arg("--config")
        .arg(site.config_path())
        .output()
        .unwrap();
    let (stdout, stderr) = (
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr),
    );
    assert_eq!(out.status.code(), Some(1), "{stdout}{stderr}");
    assert!(
        stdout.contains("imported 1 load rate(s); refused 4"),
        "{stdout}"
    );
    for refused in [
        "tms-export.csv:3: refused: customer `CUST-999` is not in customers.csv",
        "tms-export.csv:4: refused: currency CAD: freightdesk bills in USD only",
        "tms-export.csv:5: refused: customer_rate_usd `0` is not an amount more than zero",
        "tms-export.csv:6: refused: load 4471203 is billed already (invoice NS-000001)",
    ] {
        assert!(stderr.contains(refused), "{refused}: {stderr}");
    }

    // `freightdesk ar bill`, as staff run it.
    let out = Command::new(env!("CARGO_BIN_EXE_freightdesk"))
        .args(["ar", "bill", "--config"])
        .arg(site.config_path())
        .current_dir(&site.root)
        .stderr(Stdio::inherit())
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{stdout}");
    assert!(
        stdout.contains("billed: invoice NS-000006 for load 4471260"),
        "{stdout}"
    );
    assert!(
        stdout.contains("billed: invoice NS-000007 for load SFP-88140"),
        "{stdout}"
    );
    let emails = site.invoice_emails();
    assert_eq!(emails.len(), 7);
    let harvest = &emails["NS-000006"][0];
    assert_eq!(harvest.to, "shipping@harvestlanebev.example");
    assert_eq!(harvest.names(), ["NS-000006.pdf", "POD-4471260.pdf"]);
    let text = harvest.text_of("NS-000006.pdf");
    assert!(text.contains("$1,650.00"), "{text}");
    assert!(text.contains("$231.00"), "{text}");
    assert!(
        text.contains("HL-PO-7781"),
        "the imported PO is a reference: {text}"
    );
    // SFP-88140's lane has no fuel percent: linehaul alone.
    let held = emails["NS-000007"][0].text_of("NS-000007.pdf");
    assert!(held.contains("$990.00"), "{held}");
    assert!(!held.contains("Fuel surcharge"), "{held}");

    // What staff read: the load, the report, the aging, a payment.
    let cli = |args: &[&str]| -> String {
        let out = Command::new(env!("CARGO_BIN_EXE_freightdesk"))
            .args(args)
            .arg("--config")
            .arg(site.config_path())
            .output()
            .unwrap();
        let text = String::from_utf8_lossy(&out.stdout).to_string();
        assert!(out.status.success(), "{args:?}: {text}");
        text
    };
    let shown = cli(&["loads", "show", "4471203"]);
    assert!(
        shown.contains("billed    invoice NS-000001 to Acme Foods Inc, $3,037.00"),
        "{shown}"
    );
    let shown = cli(&["loads", "show", "KB-20977"]);
    assert!(
        shown.contains("billed    no: not billed: waiting for: bill_of_lading"),
        "{shown}"
    );
    let report = cli(&["report", "billing"]);
    assert!(
        report.contains("customer invoices: 7 made, 7 emailed"),
        "{report}"
    );
    assert!(
        report.contains("paperwork complete -> invoice emailed: median"),
        "{report}"
    );
    // SFP-88140 waited for a person (its hold resolved): not touchless.
    assert!(
        report.contains("loads billed touchless: 6 of 7"),
        "{report}"
    );
    assert!(
        report.contains("after a person settled an exception: 1"),
        "{report}"
    );
    assert!(
        report.contains("KB-20977: not billed: waiting for: bill_of_lading"),
        "{report}"
    );
    // 4471342 was never delivered: not a load waiting to be billed.
    assert!(!report.contains("4471342"), "{report}");
    // Aging: Bluewater's three invoices, all current today; 31-60 days late in two months.
    let bluewater_aged = |as_of: &str| -> serde_json::Value {
        let aging = cli(&["ar", "aging", "--as-of", as_of, "--json"]);
        let rows: serde_json::Value = serde_json::from_str(&aging).unwrap();
        rows.as_array()
            .unwrap()
            .iter()
            .find(|r| r["customer_id"] == "CUST-002")
            .unwrap()
            .clone()
    };
    let today = chrono::Utc::now().date_naive();
    let bluewater = bluewater_aged(&today.to_string());
    assert_eq!(bluewater["invoices"], 3);
    assert_eq!(bluewater["current"], bluewater["total"]);
    let bluewater = bluewater_aged(&(today + chrono::Days::new(75)).to_string());
    assert_eq!(bluewater["days_31_60"], bluewater["total"]);
    assert!(cli(&["ar", "paid", "NS-000002"]).contains("invoice NS-000002 paid on"));
    let bluewater = bluewater_aged(&today.to_string());
    assert_eq!(bluewater["invoices"], 2, "a paid invoice leaves the aging");

    let config = site.config();
    let pipeline = Pipeline::open(&config).await.unwrap();
    // Billing resolved the missing rate by itself.
    assert_eq!(
        count(
            &pipeline,
            "SELECT COUNT(*) FROM exceptions WHERE rule_id = 'customer_rate_missing' AND status = 'open'"
        )
        .await,
        0
    );
    // Running it again bills nothing.
    assert!(pipeline.bill_ready().await.unwrap().is_empty());

    // 4471260 was billed without the carrier's detention (LOH-1187: $180.00 the rate con did
    // not agree, held by accessorial_not_agreed). Staff approve it: the next pass bills the
    // customer a supplemental invoice for the detention alone, with the 10% markup of
    // billing.toml, once.
    let not_agreed = exception_of(&pipeline, "accessorial_not_agreed", "4471260").await;
    pipeline
        .store
        .approve_invoice(
            not_agreed,
            "dana",
            "driver waited 3 hours, shipper confirmed",
        )
        .await
        .unwrap();
    let made = pipeline.bill_ready().await.unwrap();
    assert_eq!(
        made,
        [("NS-000008".to_string(), "4471260".to_string())],
        "a supplemental invoice"
    );
    assert!(pipeline.bill_ready().await.unwrap().is_empty());
    pipeline
        .deliver(&Transport::file(&site.outbox()).unwrap())
        .await
        .unwrap();
    let emails = site.invoice_emails();
    let supplemental = &emails["NS-000008"][0];
    assert_eq!(supplemental.to, "shipping@harvestlanebev.example");
    assert_eq!(
        supplemental.names(),
        ["NS-000008.pdf"],
        "no carrier paperwork"
    );
    assert_eq!(
        supplemental.subject,
        "Supplemental invoice NS-000008 for load 4471260 - $198.00"
    );
    assert!(
        supplemental.body.contains("after invoice NS-000006"),
        "{}",
        supplemental.body
    );
    let text = supplemental.text_of("NS-000008.pdf");
    assert!(text.contains("SUPPLEMENTAL INVOICE"), "{text}");
    assert!(text.contains("NS-000006"), "{text}");
    assert!(text.contains("Detention"), "{text}");
    assert!(text.contains("$198.00"), "{text}");
    assert!(!text.contains("Linehaul"), "{text}");
}

/// SIGKILL the daemon at random points while it processes the sample inbox and bills, again and
/// again, then let a run finish: each load billed once, the invoice numbers without a gap, one
/// email per invoice. The kill points are random (the seed is printed; `FD_CRASH_SEED=N`
/// repeats a run).
#[test]
fn killing_the_daemon_while_it_bills_never_bills_a_load_twice() {
    let site = Site::new();
    let mut next_random = common::kill_points("billing crash test");
    let run = |site: &Site| {
        Command::new(env!("CARGO_BIN_EXE_freightdesk"))
            .args(["run", "--once", "--config"])
            .arg(site.config_path())
            .current_dir(&site.root)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap()
    };
    let mut kills = 0;
    for _ in 0..12 {
        let mut child = run(&site);
        std::thread::sleep(Duration::from_millis(50 + next_random(1500)));
        if child.try_wait().unwrap().is_none() {
            unsafe {
                libc::kill(child.id() as i32, libc::SIGKILL);
            }
            kills += 1;
        }
        child.wait().unwrap();
    }
    eprintln!("killed {kills} of 12 runs");
    let status = run(&site).wait().unwrap();
    assert!(status.success());

    let rt = tokio::runtime::Runtime::new().unwrap();
    rt.block_on(async {
        let pipeline = Pipeline::open(&site.config()).await.unwrap();
        assert_eq!(
            count(&pipeline, "SELECT COUNT(*) FROM customer_invoices").await,
            5
        );
        assert_eq!(
            count(
                &pipeline,
                "SELECT COUNT(DISTINCT load_id) FROM customer_invoices"
            )
            .await,
            5
        );
        assert_eq!(
            count(&pipeline, "SELECT MAX(seq) FROM customer_invoices").await,
            5,
            "invoice numbers without a gap"
        );
        assert_eq!(
            count(
                &pipeline,
                "SELECT COUNT(*) FROM outbox WHERE event = 'customer_invoice' AND status = 'sent'"
            )
            .await,
            5
        );
    });
    // One email per invoice. A kill between writing an email file and recording it sent would
    // write it again on the next run (the file transport's form of SMTP's reply window); the
    // outbox row says sent once, and the files name the same five invoices.
    let emails = site.invoice_emails();
    assert_eq!(
        emails.keys().cloned().collect::<Vec<_>>(),
        [
            "NS-000001",
            "NS-000002",
            "NS-000003",
            "NS-000004",
            "NS-000005"
        ]
    );
}

/// What cannot price a load right is refused with its place, never billed wrong.
#[test]
fn bad_billing_rules_and_lane_tables_are_refused_with_their_place() {
    let tmp = tempfile::tempdir().unwrap();
    let rules = tmp.path().join("rules");
    common::copy_dir(&common::repo().join("rules"), &rules);
    let check = |text: &str| -> String {
        std::fs::write(rules.join("billing.toml"), text).unwrap();
        let out = Command::new(env!("CARGO_BIN_EXE_freightdesk"))
            .args(["rules", "check"])
            .arg(&rules)
            .output()
            .unwrap();
        assert!(!out.status.success(), "accepted:\n{text}");
        String::from_utf8_lossy(&out.stdout).to_string() + &String::from_utf8_lossy(&out.stderr)
    };
    let out = check("[default]\nrequire = [\"proof_of_delivery\", \"carrier_invoice\"]\n");
    assert!(out.contains("billing.toml:2:"), "{out}");
    assert!(out.contains("never receives a carrier_invoice"), "{out}");
    let out = check("[default]\nrequire = [\"delivery_receipt\"]\n");
    assert!(out.contains("billing.toml:2:"), "{out}");
    let out = check("[default]\nhold_on = [\"pod_unsinged\"]\n");
    assert!(
        out.contains("billing.toml:2:12: hold_on names check `pod_unsinged`"),
        "{out}"
    );
    let out = check("[default]\nterms_days = -30\n");
    assert!(out.contains("billing.toml:2:"), "{out}");
    let out = check("[default]\n[default.pass_through]\nfuel = 5\n");
    assert!(out.contains("unknown charge code `fuel`"), "{out}");
    let out = check("[default]\n[default.pass_through]\ndetention = -5\n");
    assert!(out.contains("billing.toml:3:"), "{out}");
    // EDI: a delivery of another kind, no receiver id, a charge code that is not 3 characters.
    let out = check("[default]\ndelivery = [\"fax\"]\n");
    assert!(out.contains("billing.toml:2:"), "{out}");
    let out = check("[default]\n[customer.CUST-003]\ndelivery = [\"edi\"]\n");
    assert!(out.contains("billing.toml:3:"), "{out}");
    assert!(out.contains("no edi_receiver_id"), "{out}");
    let out = check(
        "[default]\n[customer.CUST-003]\ndelivery = [\"edi\"]\nedi_receiver_id = \"GHG\"\n[customer.CUST-003.edi_charge_codes]\nfuel_surcharge = \"FUEL\"\n",
    );
    assert!(out.contains("billing.toml:6:"), "{out}");

    // A lane table with two rates for one lane, or a rate of zero: the directory does not load.
    let dir = tmp.path().join("directory");
    common::copy_dir(&common::repo().join("samples/directory"), &dir);
    let lanes = dir.join("lanes.csv");
    let original = std::fs::read_to_string(&lanes).unwrap();
    let first = original.lines().nth(1).unwrap().to_string();
    let twice = first.replace(",2480.00,", ",2399.00,");
    std::fs::write(&lanes, format!("{original}{twice}\n")).unwrap();
    let err = freightdesk::store::directory::Directory::load(&dir)
        .unwrap_err()
        .to_string();
    assert!(err.contains("already priced on line 2"), "{err}");
    std::fs::write(
        &lanes,
        format!("{original}CUST-002,\"Nowhere, KS\",\"Elsewhere, KS\",,0,\n"),
    )
    .unwrap();
    let err = freightdesk::store::directory::Directory::load(&dir)
        .unwrap_err()
        .to_string();
    assert!(err.contains("not more than zero"), "{err}");
    assert!(Path::new(&lanes).exists());
}

/// The X12 210 files written, by file name, with their text.
fn edi_files(site: &Site) -> BTreeMap<String, String> {
    common::files_with_ext(&site.root.join("var/edi-outbox"), "edi")
        .into_iter()
        .map(|p| {
            (
                p.file_name().unwrap().to_string_lossy().into_owned(),
                std::fs::read_to_string(&p).unwrap(),
            )
        })
        .collect()
}

/// What of the 210 segment rules (X12 005010 envelope and the 210's own) `text` breaks: the
/// fixed-width ISA, the control numbers and counts of the trailers, the segments a 210 may hold,
/// B3's mandatory elements, dates, N2 amounts, and no element holding a separator.
fn segment_rule_problems(text: &str) -> Vec<String> {
    const SEGMENTS_210: &[&str] = &[
        "ISA", "GS", "ST", "B3", "C2", "C3", "ITD", "L11", "G62", "R3", "H3", "K1", "N1", "N2",
        "N3", "N4", "N7", "M7", "OID", "SDQ", "S5", "LX", "L5", "H1", "H2", "L0", "L1", "L4", "L7",
        "CD3", "H6", "L9", "POD", "L3", "SE", "GE", "IEA",
    ];
    let mut p = Vec::new();
    let segs: Vec<&str> = text
        .split('~')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .collect();
    let els = |s: &str| s.split('*').map(str::to_string).collect::<Vec<_>>();
    if segs.first().map(|s| s.len()) != Some(105) {
        p.push(format!("ISA is not 106 characters: {:?}", segs.first()));
    }
    let isa = els(segs[0]);
    let iea = els(segs[segs.len() - 1]);
    let gs = els(segs[1]);
    let ge = els(segs[segs.len() - 2]);
    if isa[13] != iea[2] || iea[1] != "1" {
        p.push(format!("ISA13 {} / IEA {:?}", isa[13], iea));
    }
    if gs[1] != "IM" || gs[8] != "005010" || gs[6] != ge[2] || ge[1] != "1" {
        p.push(format!("GS {gs:?} / GE {ge:?}"));
    }
    let st = segs.iter().position(|s| s.starts_with("ST*")).unwrap();
    let se = segs.iter().position(|s| s.starts_with("SE*")).unwrap();
    let se_els = els(segs[se]);
    if se_els[1] != (se - st + 1).to_string() || se_els[2] != els(segs[st])[2] {
        p.push(format!("SE {se_els:?}: {} segments from ST", se - st + 1));
    }
    for s in &segs {
        let id = s.split('*').next().unwrap();
        if !SEGMENTS_210.contains(&id) {
            p.push(format!("segment {id} is not in a 210"));
        }
        if s.ends_with('*') {
            p.push(format!("trailing empty element: {s}"));
        }
    }
    let b3 = els(segs.iter().find(|s| s.starts_with("B3*")).unwrap());
    let date = |d: &str| chrono::NaiveDate::parse_from_str(d, "%Y%m%d").is_ok();
    if b3[2].is_empty() || b3[2].len() > 22 {
        p.push(format!("B302 {:?}", b3[2]));
    }
    if !["PP", "CC", "TP"].contains(&b3[4].as_str()) || !date(&b3[6]) {
        p.push(format!("B304/B306 {b3:?}"));
    }
    let n2 = |v: &str| {
        let d = v.strip_prefix('-').unwrap_or(v);
        !d.is_empty() && d.len() <= 12 && d.chars().all(|c| c.is_ascii_digit())
    };
    if !n2(&b3[7]) || !(2..=4).contains(&b3[11].len()) {
        p.push(format!("B307/B311 {b3:?}"));
    }
    p
}

/// Granite Home Goods takes its invoices by EDI as well as by email (rules/billing.toml):
/// SFP-88123's invoice is written once as an X12 210 file that an independent X12 library reads
/// back, with the invoice's number, load, amounts and stops, and that keeps the 210's segment
/// rules. Another delivery pass writes nothing again; a correction sends the credit memo and the
/// new invoice the same way.
#[tokio::test]
async fn an_edi_customer_gets_each_invoice_as_a_210_that_parses_back() {
    use x12_types::util::Parser;
    use x12_types::v005010::{Transmission, _210};

    let site = Site::new();
    let pipeline = site.run_inbox().await;
    let files = edi_files(&site);
    assert_eq!(
        files.keys().collect::<Vec<_>>(),
        ["NS-000003.210.edi"],
        "only Granite Home Goods is billed by EDI"
    );
    // Granite also wants email: its invoice email is there too.
    assert_eq!(site.invoice_emails()["NS-000003"].len(), 1);
    let text = &files["NS-000003.210.edi"];
    assert_eq!(segment_rule_problems(text), Vec::<String>::new(), "{text}");

    let (rest, parsed) =
        Transmission::<_210>::parse(text).unwrap_or_else(|e| panic!("{e}\n{text}"));
    assert!(rest.trim().is_empty(), "left unread: {rest}");
    assert_eq!(parsed.functional_group.len(), 1);
    let tx = &parsed.functional_group[0].segments;
    assert_eq!(tx.len(), 1);
    let tx = &tx[0];
    let stored = {
        let mut conn = pipeline.store.pool().acquire().await.unwrap();
        freightdesk::billing::invoice_numbered(&mut conn, "NS-000003")
            .await
            .unwrap()
            .unwrap()
    };
    let inv = &stored.invoice;
    assert_eq!(inv.load_number, "SFP-88123");
    assert_eq!(tx.b3._02, "NS-000003");
    let cents = |d: rust_decimal::Decimal| {
        (d * rust_decimal::Decimal::ONE_HUNDRED)
            .normalize()
            .to_string()
    };
    let b307 = tx.b3._07.to_string();
    assert_eq!(b307, cents(inv.total));
    // Every line is an LX loop; their L1 charges add up to B307 and to L3.
    assert_eq!(tx.loop_lx.len(), inv.lines.len());
    let mut sum = rust_decimal::Decimal::ZERO;
    for (lx, line) in tx.loop_lx.iter().zip(&inv.lines) {
        let l1 = &lx.l1[0];
        let charge = l1._04.as_ref().unwrap().to_string();
        assert_eq!(charge, cents(line.amount), "{}", line.description);
        sum += line.amount;
        assert_eq!(lx.l5[0]._02.as_deref(), Some(line.description.as_str()));
        // The customer's EDI guide maps fuel surcharge to 405 (billing.toml); every code sent is
        // one of X12's special charge codes (element 150).
        if line.code == "fuel_surcharge" {
            assert_eq!(l1._08.as_ref().unwrap().to_string(), "405");
        }
        if let Some(code) = &l1._08 {
            assert!(
                !matches!(code, x12_types::v005010::element::E150::Unknown(_)),
                "L108 {code} is not an X12 special charge code"
            );
        }
    }
    assert_eq!(sum, inv.total);
    assert_eq!(
        tx.l3.as_ref().unwrap()._05.as_ref().unwrap().to_string(),
        cents(inv.total)
    );
    // Bill-to and remit-to, then the stops in order, shipper first.
    let parties: Vec<String> = tx.loop_n1.iter().map(|l| l.n1._01.to_string()).collect();
    assert_eq!(parties, ["BT", "RE"]);
    assert_eq!(tx.loop_s5.len(), inv.stops.len());
    assert_eq!(tx.loop_s5[0].s5._02.to_string(), "LD");
    assert_eq!(tx.loop_s5.last().unwrap().s5._02.to_string(), "UL");

    // Written once: another pass writes nothing and leaves the file as it was.
    let again = pipeline
        .deliver(&Transport::file(&site.outbox()).unwrap())
        .await
        .unwrap();
    assert_eq!(again.edi_written, 0);
    assert_eq!(edi_files(&site), files);

    // A correction: the credit memo and the invoice made again go by EDI too.
    let (memos, rebilled) = pipeline
        .credit_invoice("NS-000003", "test", "wrong lane rate")
        .await
        .unwrap()
        .unwrap();
    assert!(rebilled.is_some(), "the load is billed again");
    let made: Vec<String> = memos.into_iter().chain(rebilled).collect();
    let d = pipeline
        .deliver(&Transport::file(&site.outbox()).unwrap())
        .await
        .unwrap();
    assert_eq!(d.edi_written, made.len(), "{made:?}");
    let files = edi_files(&site);
    assert_eq!(files.len(), 1 + made.len(), "{:?}", files.keys());
    for (name, text) in &files {
        assert_eq!(
            segment_rule_problems(text),
            Vec::<String>::new(),
            "{name}\n{text}"
        );
        let (rest, _) = Transmission::<_210>::parse(text).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert!(rest.trim().is_empty(), "{name}");
    }
    let memo = files
        .values()
        .find(|t| t.contains("K1*Credit memo for NS-000003~"))
        .expect("a credit memo 210");
    assert!(memo.contains(&format!("*-{}*", cents(inv.total))), "{memo}");
}

/// Harvest Lane Beverage has no lane on file, so its delivered load 4471260 waits with
/// `customer_rate_missing` (STORIES.md). Its load tender arrives: the tender is read, filed with
/// the load (by the broker's load number it prints), and its customer rate bills the load at
/// once: linehaul and fuel as tendered; the exception is resolved naming the tender.
#[tokio::test]
async fn a_customer_tender_prices_a_load_that_no_lane_prices() {
    let site = Site::new();
    let pipeline = site.run_inbox().await;
    let missing = exception_of(&pipeline, "customer_rate_missing", "4471260").await;
    let report = pipeline
        .process(&freightdesk::intake::RawMessage {
            source: "test:tender".into(),
            path: "tender_4471260.pdf".into(),
            bytes: common::sample_pdf_email(
                "shipping@harvestlanebev.example",
                "Load tender HLB-T-5531 / load 4471260",
                "tender_4471260.pdf",
            ),
        })
        .await
        .unwrap();
    assert_eq!(report.customer_invoices, 1, "{report:?}");
    pipeline
        .deliver(&Transport::file(&site.outbox()).unwrap())
        .await
        .unwrap();
    let mut conn = pipeline.store.pool().acquire().await.unwrap();
    let inv = freightdesk::billing::invoice_numbered(&mut conn, "NS-000006")
        .await
        .unwrap()
        .expect("4471260 billed");
    assert_eq!(inv.invoice.load_number, "4471260");
    let lines: Vec<(String, String)> = inv
        .invoice
        .lines
        .iter()
        .map(|l| (l.code.clone(), format!("{:.2}", l.amount)))
        .collect();
    assert_eq!(
        lines,
        [
            ("linehaul".to_string(), "1850.00".to_string()),
            ("fuel_surcharge".to_string(), "240.00".to_string())
        ]
    );
    assert_eq!(format!("{:.2}", inv.invoice.total), "2090.00");
    let status: String = sqlx::query("SELECT status FROM exceptions WHERE id = $1")
        .bind(missing)
        .fetch_one(&mut *conn)
        .await
        .unwrap()
        .get(0);
    assert_eq!(status, "resolved");
    // The tender is the customer's own paperwork: filed with the load, never attached.
    let kinds: Vec<String> = sqlx::query(
        "SELECT d.kind FROM documents d JOIN loads l ON l.id = d.load_id \
         WHERE l.load_number = '4471260' ORDER BY d.id",
    )
    .fetch_all(&mut *conn)
    .await
    .unwrap()
    .iter()
    .map(|r| r.get(0))
    .collect();
    assert!(kinds.iter().any(|k| k == "load_tender"), "{kinds:?}");
    let emails = site.invoice_emails();
    let names = emails["NS-000006"][0].names();
    assert!(names.iter().all(|n| !n.contains("tender")), "{names:?}");
}
