//! Factoring and Notices of Assignment, through the real pipeline over the sample inbox: Lone Oak
//! Hauling's invoice asking payment to a factoring company is held (`remit_to_changed`, no notice
//! on file); the factor's Notice of Assignment arrives and waits for a person (`noa_received`);
//! a person confirms it (resolving its exception, as in the workspace) and the held invoice is
//! released; the carrier's remit-to history keeps both, with who confirmed the change.

mod common;

use std::path::Path;
use std::process::Command;

use freightdesk::config::Config;
use freightdesk::intake::{Intake, RawMessage};
use freightdesk::pipeline::Pipeline;
use sqlx::Row;

/// An email from `from` with one PDF of samples/pdfs attached.
fn email(from: &str, subject: &str, pdf: &str) -> RawMessage {
    RawMessage {
        source: format!("test:{pdf}"),
        path: pdf.into(),
        bytes: common::sample_pdf_email(from, subject, pdf),
    }
}

/// The exceptions of check `rule`: (id, status, sentence), oldest first.
async fn exceptions_of(pipeline: &Pipeline, rule: &str) -> Vec<(i64, String, String)> {
    sqlx::query("SELECT id, status, sentence FROM exceptions WHERE rule_id = $1 ORDER BY id")
        .bind(rule)
        .fetch_all(pipeline.store.pool())
        .await
        .unwrap()
        .iter()
        .map(|r| (r.get(0), r.get(1), r.get(2)))
        .collect()
}

fn freightdesk(config: &Path, args: &[&str]) -> (i32, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_freightdesk"))
        .args(args)
        .arg("--config")
        .arg(config)
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).to_string() + &String::from_utf8_lossy(&out.stderr),
    )
}

#[tokio::test]
async fn an_invoice_to_a_factor_waits_for_its_notice_and_a_person_who_confirms_it() {
    let tmp = tempfile::tempdir().unwrap();
    let var = tmp.path().join("var");
    let config_path = common::temp_config(&var, &common::repo().join("samples/inbox"));
    let config = Config::load(&config_path).unwrap();
    let intake = Intake::from_config(&config.intake).unwrap();
    {
        let pipeline = Pipeline::open(&config).await.unwrap();
        for p in intake.pending().unwrap() {
            pipeline.process(&intake.read(&p).unwrap()).await.unwrap();
        }

        // Lone Oak's invoice asks payment to Pecos Freight Capital: held, no notice on file.
        pipeline
            .process(&email(
                "wade@loneoakhauling.example",
                "Invoice LOH-1214 load 4471260",
                "invoice_LOH-1214.pdf",
            ))
            .await
            .unwrap();
        let held = exceptions_of(&pipeline, "remit_to_changed").await;
        assert_eq!(held.len(), 1, "{held:?}");
        assert_eq!(held[0].1, "open");
        assert!(
            held[0]
                .2
                .contains("asks for payment to \"Pecos Freight Capital LLC\"")
                && held[0]
                    .2
                    .contains("remit-to on file is \"Lone Oak Hauling LLC\"")
                && held[0]
                    .2
                    .contains("No Notice of Assignment for it is on file"),
            "{}",
            held[0].2
        );

        // The factor's notice arrives: recorded, and staff are asked to confirm it; the invoice
        // stays held (a notice alone changes nothing).
        pipeline
            .process(&email(
                "noa@pecosfreightcapital.example",
                "Notice of Assignment - Lone Oak Hauling LLC",
                "noa_lone_oak_pecos.pdf",
            ))
            .await
            .unwrap();
        let noa = exceptions_of(&pipeline, "noa_received").await;
        assert_eq!(noa.len(), 1, "{noa:?}");
        assert!(
            noa[0].2.contains("says Lone Oak Hauling LLC (MC 1045872) is to be paid to \"Pecos Freight Capital LLC\", PO Box 60917, Dallas, TX 75266 from 2026-07-25 instead of \"Lone Oak Hauling LLC\""),
            "{}",
            noa[0].2
        );
        assert_eq!(
            exceptions_of(&pipeline, "remit_to_changed").await[0].1,
            "open"
        );
    }
    let (code, out) = freightdesk(&config_path, &["noa", "list"]);
    assert_eq!(code, 0, "{out}");
    assert!(
        out.contains("#1 Lone Oak Hauling LLC (MC 1045872): pay Pecos Freight Capital LLC, PO Box 60917, Dallas, TX 75266 from 2026-07-25")
            && out.contains("waits for confirmation"),
        "{out}"
    );

    // A person confirms it by resolving its exception (the workspace's "Resolve" does the same):
    // the held invoice is released, naming the notice.
    let noa_id = {
        let pipeline = Pipeline::open(&config).await.unwrap();
        exceptions_of(&pipeline, "noa_received").await[0].0
    };
    let (code, out) = freightdesk(
        &config_path,
        &[
            "exceptions",
            "resolve",
            &noa_id.to_string(),
            "--note",
            "called Wade at (903) 555-0134, the number on file: confirmed",
            "--by",
            "dana",
        ],
    );
    assert_eq!(code, 0, "{out}");
    let pipeline = Pipeline::open(&config).await.unwrap();
    assert_eq!(
        exceptions_of(&pipeline, "noa_received").await[0].1,
        "resolved"
    );
    assert_eq!(
        exceptions_of(&pipeline, "remit_to_changed").await[0].1,
        "resolved"
    );
    let audit: Vec<String> = sqlx::query("SELECT action FROM audit ORDER BY id")
        .fetch_all(pipeline.store.pool())
        .await
        .unwrap()
        .iter()
        .map(|r| r.get(0))
        .collect();
    assert!(audit.iter().any(|a| a == "confirm_noa"), "{audit:?}");

    // The history keeps the change with who confirmed it and how.
    let (code, out) = freightdesk(&config_path, &["noa", "list", "--json"]);
    assert_eq!(code, 0, "{out}");
    let list: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(list.as_array().unwrap().len(), 1);
    assert_eq!(list[0]["carrier_id"], "CAR-004");
    assert_eq!(list[0]["remit_to_name"], "Pecos Freight Capital LLC");
    assert_eq!(list[0]["confirmed_by"], "dana");
    // Work invoiced before the notice's effective date (2026-07-25) is still the carrier's to be
    // paid: Lone Oak's invoice of 2026-07-18, sent again now, asks payment to Lone Oak itself and
    // is not held.
    pipeline
        .process(&email(
            "wade@loneoakhauling.example",
            "Copy of invoice LOH-1187",
            "invoice_LOH-1187.pdf",
        ))
        .await
        .unwrap();
    assert_eq!(
        exceptions_of(&pipeline, "remit_to_changed").await.len(),
        1,
        "only LOH-1214's, resolved"
    );

    // Confirming again changes nothing; a change that does not exist is an error.
    let (code, out) = freightdesk(&config_path, &["noa", "confirm", "1", "--note", "again"]);
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("confirmed by dana"), "{out}");
    let (code, out) = freightdesk(&config_path, &["noa", "confirm", "9", "--note", "x"]);
    assert_eq!(code, 1, "{out}");
}
