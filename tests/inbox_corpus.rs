//! Corpus test of the whole pipeline: the sample inbox processed in file-name order into a
//! fresh database; each `samples/inbox/NAME.eml` has `NAME.expected.json` beside it holding what
//! processing it must produce (documents with kind, load and fields; exceptions; notifications).
//! Then the outbox is delivered, and a second pass must add nothing and send nothing.

mod common;

use freightdesk::config::Config;
use freightdesk::intake::Intake;
use freightdesk::notify::Transport;
use freightdesk::pipeline::Pipeline;

fn eml_count(dir: &std::path::Path) -> usize {
    common::files_with_ext(dir, "eml").len()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sample_inbox_tells_its_stories_once() {
    let tmp = tempfile::tempdir().unwrap();
    let inbox = common::repo().join("samples/inbox");
    let config = Config::load(&common::temp_config(tmp.path(), &inbox)).unwrap();
    let pipeline = Pipeline::open(&config).await.unwrap();
    let intake = Intake::from_config(&config.intake).expect("a folder intake");
    let messages = intake.pending().unwrap();
    assert!(
        messages.len() >= 20,
        "expected the sample inbox, found {}",
        messages.len()
    );

    let mut failures = Vec::new();
    let mut queued = 0;
    for path in &messages {
        let raw = intake.read(path).unwrap();
        let report = pipeline.process(&raw).await.unwrap();
        assert_ne!(
            report.status,
            "skipped",
            "{} was seen before",
            path.display()
        );
        queued += report.notifications.len();
        let actual = serde_json::to_value(&report).unwrap();
        if let Err(e) = common::compare_expected(&path.with_extension("expected.json"), &actual) {
            failures.push(e);
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} messages differ:\n{}",
        failures.len(),
        messages.len(),
        failures.join("\n")
    );

    let outbox = tmp.path().join("outbox");
    let transport = Transport::file(&outbox).unwrap();
    let sent = pipeline.deliver(&transport).await.unwrap().sent;
    assert_eq!(sent, queued, "every queued notification is written once");
    assert_eq!(eml_count(&outbox), queued);

    // The delivered milestone carries the POD as a PDF attachment.
    let delivered: Vec<String> = common::files_with_ext(&outbox, "eml")
        .iter()
        .map(|p| std::fs::read_to_string(p).unwrap())
        .filter(|t| t.contains("delivered - POD attached"))
        .collect();
    assert!(!delivered.is_empty(), "a delivered email was written");
    for d in &delivered {
        assert!(
            d.contains("Content-Type: application/pdf"),
            "POD attached:\n{d}"
        );
    }

    // Second pass: nothing new, nothing sent.
    for path in &messages {
        let raw = intake.read(path).unwrap();
        let report = pipeline.process(&raw).await.unwrap();
        assert_eq!(report.status, "skipped", "{}", path.display());
        assert!(report.notifications.is_empty());
    }
    let again = pipeline.deliver(&transport).await.unwrap().sent;
    assert_eq!(again, 0);
    assert_eq!(eml_count(&outbox), queued);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn interrupted_send_is_not_repeated() {
    // A notification whose earlier try reached the transport, but whose `sent` mark was lost
    // (a crash between the two), is found in the outbox folder and not written again.
    let tmp = tempfile::tempdir().unwrap();
    let inbox = tmp.path().join("in");
    std::fs::create_dir_all(&inbox).unwrap();
    let samples = common::repo().join("samples/inbox");
    for f in common::files_with_ext(&samples, "eml").iter().take(6) {
        std::fs::copy(f, inbox.join(f.file_name().unwrap())).unwrap();
    }
    let config = Config::load(&common::temp_config(&tmp.path().join("var"), &inbox)).unwrap();
    let pipeline = Pipeline::open(&config).await.unwrap();
    let intake = Intake::from_config(&config.intake).expect("a folder intake");
    for p in intake.pending().unwrap() {
        pipeline.process(&intake.read(&p).unwrap()).await.unwrap();
    }
    let outbox = tmp.path().join("outbox");
    let transport = Transport::file(&outbox).unwrap();
    let sent = pipeline.deliver(&transport).await.unwrap().sent;
    assert!(sent > 0, "the first messages queue notifications");
    // Simulate the lost mark: back to pending, with the attempt recorded.
    sqlx::query("UPDATE outbox SET status = 'pending'")
        .execute(pipeline.store.pool())
        .await
        .unwrap();
    let again = pipeline.deliver(&transport).await.unwrap().sent;
    assert_eq!(again, 0, "nothing written twice");
    assert_eq!(eml_count(&outbox), sent);
    assert!(pipeline
        .store
        .pending_notifications()
        .await
        .unwrap()
        .is_empty());
}
