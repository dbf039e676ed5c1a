//! The daemon prepares several messages at once (archive, MIME, PDFs read by workers) and
//! commits them one at a time in order (`daemon::ReadAhead`, `Pipeline::prepare`/`commit`).
//! Copies in one batch must still be processed once: the same email twice, and the same PDF
//! attached to two emails, prepared side by side before either is committed.

mod common;

use common::loads;
use freightdesk::config::Config;
use freightdesk::store::Store;
use sqlx::Row;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn copies_prepared_side_by_side_are_processed_once_and_in_order() {
    let tmp = tempfile::tempdir().unwrap();
    let inbox = tmp.path().join("inbox");
    std::fs::create_dir_all(&inbox).unwrap();
    let rate_con = loads::rate_confirmation(0);
    let files: Vec<(String, Vec<u8>)> = vec![
        ("00-ratecon.eml".into(), rate_con.clone()),
        // The same email again, delivered twice: skipped as already processed.
        ("01-ratecon-again.eml".into(), rate_con),
        // The same PDF in another email (its own Message-ID): a message of its own.
        ("02-ratecon-resent.eml".into(), loads::rate_confirmation(0)),
        ("03-bol.eml".into(), loads::bill_of_lading(0)),
        ("04-ratecon.eml".into(), loads::rate_confirmation(1)),
        ("05-bol.eml".into(), loads::bill_of_lading(1)),
        ("06-bol-again.eml".into(), loads::bill_of_lading(1)),
        ("07-ratecon.eml".into(), loads::rate_confirmation(2)),
        ("08-bol.eml".into(), loads::bill_of_lading(2)),
    ];
    for (name, bytes) in &files {
        std::fs::write(inbox.join(name), bytes).unwrap();
    }
    let var = tmp.path().join("var");
    let config = Config::load(&common::temp_config(&var, &inbox)).unwrap();

    let summary = freightdesk::daemon::run(&config, true).await.unwrap();
    assert_eq!(summary.already_processed, 1, "{}", summary.render());
    assert_eq!(summary.processed, files.len() - 1, "{}", summary.render());
    assert_eq!(summary.loads_created, 3, "{}", summary.render());

    let store = Store::open(&config.database_url).await.unwrap();
    let rows = sqlx::query("SELECT source FROM messages ORDER BY id")
        .fetch_all(store.pool())
        .await
        .unwrap();
    let committed: Vec<String> = rows.iter().map(|r| r.get(0)).collect();
    let expected: Vec<String> = files
        .iter()
        .map(|(n, _)| format!("folder:{n}"))
        .filter(|s| s != "folder:01-ratecon-again.eml")
        .collect();
    assert_eq!(committed, expected, "committed in the intake's order");
    // Each load's "picked up" email is queued once, though its BOL came twice for load 1.
    let picked_up: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM outbox WHERE event = 'picked_up'")
            .fetch_one(store.pool())
            .await
            .unwrap();
    assert_eq!(picked_up, 3);
    // Every archive file is whole: no temporary file left behind.
    let leftovers: Vec<_> = walk(&config.archive_dir)
        .into_iter()
        .filter(|p| p.file_name().unwrap().to_string_lossy().starts_with('.'))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");

    // A second run finds nothing new.
    let again = freightdesk::daemon::run(&config, true).await.unwrap();
    assert_eq!(again.processed, 0, "{}", again.render());
    assert_eq!(again.already_processed, files.len(), "{}", again.render());
}

fn walk(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).unwrap().flatten() {
        let p = e.path();
        if p.is_dir() {
            out.extend(walk(&p));
        } else {
            out.push(p);
        }
    }
    out
}
