//! The staff digest (`[staff] digest_minutes`, `at_once`), run as a user runs it: `freightdesk run
//! --once` over the sample inbox. Exceptions below `at_once` reach staff in one summary email with
//! a link to each exception's page (`[web] public_url`), at most one summary every
//! `digest_minutes`; high severity still goes at once, each in its own email; what waits is sent
//! in the next summary, once, whatever the number of runs.

mod common;

use std::path::Path;
use std::process::Command;

use freightdesk::store::Store;

const WORKSPACE: &str = "https://desk.northstar.example";

fn run_once(config: &Path) {
    let out = Command::new(env!("CARGO_BIN_EXE_freightdesk"))
        .args(["run", "--once", "--config"])
        .arg(config)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "run --once failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// (file name, subject, text body) of every email in the outbox folder, by file name.
fn outbox(dir: &Path) -> Vec<(String, String, String)> {
    common::files_with_ext(dir, "eml")
        .into_iter()
        .map(|p| {
            let bytes = std::fs::read(&p).unwrap();
            let m = mail_parser::MessageParser::default().parse(&bytes).unwrap();
            (
                p.file_name().unwrap().to_string_lossy().into_owned(),
                m.subject().unwrap_or_default().to_string(),
                m.body_text(0).unwrap_or_default().into_owned(),
            )
        })
        .collect()
}

fn digests(dir: &Path) -> Vec<(String, String, String)> {
    outbox(dir)
        .into_iter()
        .filter(|(name, _, _)| name.contains("staff_digest"))
        .collect()
}

/// The exception ids a summary links to (its lines `https://…/exceptions/ID`).
fn linked(body: &str) -> Vec<i64> {
    let prefix = format!("{WORKSPACE}/exceptions/");
    body.lines()
        .filter_map(|l| l.trim().strip_prefix(&prefix)?.parse().ok())
        .collect()
}

/// (id, severity) of every exception.
/// Move the last summary back in time: the digest window has passed.
async fn digest_window_passed(store: &Store) {
    sqlx::query(
        "UPDATE outbox SET created_at = '2026-01-01T00:00:00Z' WHERE event = 'staff_digest'",
    )
    .execute(store.pool())
    .await
    .unwrap();
}

async fn exceptions(store: &Store) -> Vec<(i64, String)> {
    sqlx::query_as("SELECT id, severity FROM exceptions ORDER BY id")
        .fetch_all(store.pool())
        .await
        .unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn staff_hear_of_exceptions_in_one_summary_at_most_every_digest_minutes() {
    let tmp = tempfile::tempdir().unwrap();
    let inbox = tmp.path().join("inbox");
    std::fs::create_dir_all(&inbox).unwrap();
    // The sample inbox without one invoice, which arrives later (a lumper billed without a
    // receipt: a medium exception).
    let later = "27-invoice-RM-10461-lumper-no-receipt.eml";
    for p in common::files_with_ext(&common::repo().join("samples/inbox"), "eml") {
        let name = p.file_name().unwrap().to_string_lossy().into_owned();
        if name != later {
            std::fs::copy(&p, inbox.join(&name)).unwrap();
        }
    }
    let var = tmp.path().join("var");
    let config = common::temp_config(&var, &inbox);
    let text = std::fs::read_to_string(&config).unwrap().replace(
        "digest_minutes = 0\n",
        "digest_minutes = 15\nat_once = \"high\"\n",
    );
    assert!(text.contains("digest_minutes = 15"), "{text}");
    std::fs::write(
        &config,
        format!("{text}\n[web]\npublic_url = \"{WORKSPACE}/\"\n"),
    )
    .unwrap();
    let out = var.join("outbox");

    run_once(&config);
    let store = Store::open(&format!("sqlite://{}/freightdesk.db", var.display()))
        .await
        .unwrap();
    let raised = exceptions(&store).await;
    let (high, waiting): (Vec<_>, Vec<_>) = raised.iter().partition(|(_, s)| s == "high");
    assert!(
        !high.is_empty() && waiting.len() >= 3,
        "the sample inbox raises high and medium exceptions: {raised:?}"
    );
    // High severity went at once, each alone; nothing else went to staff on its own.
    let alone: Vec<_> = outbox(&out)
        .into_iter()
        .filter(|(name, _, _)| name.contains("-exception"))
        .collect();
    assert_eq!(alone.len(), high.len(), "{alone:?}");
    assert!(alone
        .iter()
        .all(|(_, subject, _)| subject.starts_with("[high]")));
    // The rest: one summary, every one of them with its link, the high ones not.
    let d = digests(&out);
    assert_eq!(d.len(), 1, "{d:?}");
    let (_, subject, body) = &d[0];
    assert_eq!(subject, &format!("{} new exceptions", waiting.len()));
    let mut links = linked(body);
    links.sort();
    let want: Vec<i64> = waiting.iter().map(|(id, _)| *id).collect();
    assert_eq!(
        links, want,
        "each waiting exception linked once, no high one: {body}"
    );
    assert!(
        body.lines()
            .any(|l| l.trim() == format!("The queue: {WORKSPACE}/exceptions")),
        "{body}"
    );

    // A new exception within the 15 minutes waits: no second summary, no email of its own.
    std::fs::copy(
        common::repo().join("samples/inbox").join(later),
        inbox.join(later),
    )
    .unwrap();
    let alone_before = alone.len();
    run_once(&config);
    let now = exceptions(&store).await;
    assert_eq!(now.len(), raised.len() + 1, "{now:?}");
    let (new_id, new_severity) = now.last().unwrap().clone();
    assert_eq!(new_severity, "medium");
    let alone = outbox(&out)
        .into_iter()
        .filter(|(name, _, _)| name.contains("-exception"))
        .count();
    assert_eq!(
        alone, alone_before,
        "the new exception waits for the summary"
    );
    assert_eq!(digests(&out).len(), 1);
    let held: Vec<String> =
        sqlx::query_scalar("SELECT status FROM outbox WHERE event = 'exception'")
            .fetch_all(store.pool())
            .await
            .unwrap();
    assert_eq!(held.iter().filter(|s| *s == "held").count(), 1, "{held:?}");

    // Fifteen minutes later (the last summary moved back in time), the next run sends it.
    digest_window_passed(&store).await;
    run_once(&config);
    let d = digests(&out);
    assert_eq!(d.len(), 2, "{d:?}");
    let (_, subject, body) = d
        .iter()
        .find(|(_, _, b)| linked(b).contains(&new_id))
        .expect("the second summary lists the new exception");
    assert_eq!(subject, "1 new exception");
    assert_eq!(linked(body), vec![new_id], "{body}");

    // Runs after that send nothing again.
    let before = outbox(&out).len();
    digest_window_passed(&store).await;
    run_once(&config);
    assert_eq!(outbox(&out).len(), before);
}
