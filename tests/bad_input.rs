//! Bad input through the whole pipeline: each bad message or attachment is archived, recorded
//! with its reason, raised to staff as an exception, and the next message is still processed.

mod common;

use freightdesk::config::Config;
use freightdesk::intake::Intake;
use freightdesk::pipeline::Pipeline;
use sqlx::Row;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bad_input_is_kept_recorded_and_raised_and_the_run_goes_on() {
    let tmp = tempfile::tempdir().unwrap();
    let inbox = tmp.path().join("inbox");
    std::fs::create_dir_all(&inbox).unwrap();
    let good_pdf = std::fs::read(common::repo().join("samples/pdfs/ratecon_4471203.pdf")).unwrap();
    let truncated = good_pdf[..good_pdf.len() / 2].to_vec();
    let png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec();
    let mut messages: Vec<(&str, Vec<u8>)> = vec![
        ("01-empty.eml", Vec::new()),
        (
            "02-binary-junk.eml",
            (0..4096u32).map(|i| (i * 7919 % 251) as u8).collect(),
        ),
        (
            "03-encrypted.eml",
            common::email_with(
                "Invoice RM-1",
                "inv.pdf",
                "application/pdf",
                common::pdf::encrypted("secret"),
            ),
        ),
        (
            "04-panics.eml",
            common::email_with(
                "Invoice RM-2",
                "inv2.pdf",
                "application/pdf",
                common::pdf::panicking(),
            ),
        ),
        (
            "05-truncated.eml",
            common::email_with("Rate con", "rc.pdf", "application/octet-stream", truncated),
        ),
        (
            "06-photo.eml",
            common::email_with("Truck photo", "truck.png", "image/png", png),
        ),
        (
            "07-good.eml",
            common::email_with(
                "Signed rate con load 4471203",
                "rc.pdf",
                "application/pdf",
                good_pdf,
            ),
        ),
    ];
    // The good message re-delivered by a mail system: the same Message-ID, one more header.
    let mut redelivered =
        b"Received: from relay2.example by mx.northstarlogistics.example\r\n".to_vec();
    redelivered.extend_from_slice(&messages[6].1);
    messages.push(("08-redelivered.eml", redelivered));
    for (name, bytes) in &messages {
        std::fs::write(inbox.join(name), bytes).unwrap();
    }
    let config = Config::load(&common::temp_config(&tmp.path().join("var"), &inbox)).unwrap();
    let pipeline = Pipeline::open(&config).await.unwrap();
    let intake = Intake::from_config(&config.intake).expect("a folder intake");
    let mut reports = Vec::new();
    for p in intake.pending().unwrap() {
        reports.push(pipeline.process(&intake.read(&p).unwrap()).await.unwrap());
    }
    let status: Vec<&str> = reports.iter().map(|r| r.status.as_str()).collect();
    assert_eq!(
        status,
        [
            "failed",
            "failed",
            "processed",
            "processed",
            "processed",
            "processed",
            "processed",
            "duplicate"
        ]
    );
    assert_eq!(reports[0].error.as_deref(), Some("the message is empty"));
    let reason = |i: usize| reports[i].unread_attachments.join("; ");
    assert!(reason(2).contains("encrypted"), "{}", reason(2));
    assert!(reason(3).contains("PDF reader failed"), "{}", reason(3));
    assert!(reason(4).contains("damaged"), "{}", reason(4));
    assert!(reason(5).contains("not a PDF (image/png)"), "{}", reason(5));
    // The good message after them is read.
    assert_eq!(reports[6].documents.len(), 1);
    assert_eq!(reports[6].documents[0].fields["load_number"], "4471203");
    assert!(
        reports[7].documents.is_empty(),
        "a re-delivery is not processed again"
    );

    // Every raw message is in the archive and in the database with its reason.
    let rows = sqlx::query("SELECT sha256, status, error FROM messages ORDER BY id")
        .fetch_all(pipeline.store.pool())
        .await
        .unwrap();
    assert_eq!(rows.len(), messages.len());
    for (row, (_, bytes)) in rows.iter().zip(&messages) {
        let sha: String = row.get(0);
        assert_eq!(pipeline.archive.get(&sha).unwrap(), *bytes);
    }
    // Staff get an exception for each unreadable message or PDF, none for the photo.
    let rules: Vec<String> = sqlx::query_scalar("SELECT rule_id FROM exceptions ORDER BY id")
        .fetch_all(pipeline.store.pool())
        .await
        .unwrap();
    assert_eq!(
        rules,
        [
            "message_unreadable",
            "message_unreadable",
            "document_unreadable",
            "document_unreadable",
            "document_unreadable"
        ]
    );
    let staff: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM outbox WHERE event = 'exception'")
        .fetch_one(pipeline.store.pool())
        .await
        .unwrap();
    assert_eq!(staff, 5);
}
