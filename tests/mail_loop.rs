//! The intake meets mail that is not a carrier's: freightdesk's own notifications read back (the
//! shared inbox is also where staff notices go), automatic replies, and a file still being written
//! into the watched folder. Real folders and the real binary.

mod common;

use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant, SystemTime};

/// The binary under test; `FREIGHTDESK_BIN=/path/to/freightdesk` runs these tests against another
/// build (an older one, to see a test fail without a fix).
fn bin() -> Command {
    Command::new(
        std::env::var_os("FREIGHTDESK_BIN")
            .unwrap_or_else(|| env!("CARGO_BIN_EXE_freightdesk").into()),
    )
}

/// Run the binary; stdout and stderr. Panics when it fails.
fn run_ok(cmd: &mut Command) -> (String, String) {
    let out = cmd
        .env("RUST_LOG", "warn,freightdesk=info")
        .env("NO_COLOR", "1")
        .output()
        .expect("the binary runs");
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(
        out.status.success(),
        "exit {:?}\nstdout:\n{stdout}\nstderr:\n{stderr}",
        out.status
    );
    (stdout, stderr)
}

/// An out-of-office answer from a carrier's dispatcher to one of freightdesk's emails.
fn out_of_office() -> Vec<u8> {
    b"From: Luis Romero <dispatch@redmesatrucking.example>\r\n\
To: backoffice@northstarlogistics.example\r\n\
Subject: Automatic reply: RE: Invoice RM-10452 for load 4471203\r\n\
Date: Tue, 14 Jul 2026 09:12:00 -0500\r\n\
Message-ID: <ooo-20260714-0912@redmesatrucking.example>\r\n\
Auto-Submitted: auto-replied\r\n\
Content-Type: text/plain; charset=utf-8\r\n\
\r\n\
I am out of the office until Monday, July 20. For load 4471203 call dispatch.\r\n"
        .to_vec()
}

#[test]
fn its_own_emails_and_automatic_replies_read_back_raise_and_send_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    let inbox = tmp.path().join("inbox");
    std::fs::create_dir_all(&inbox).unwrap();
    for f in common::files_with_ext(&common::repo().join("samples/inbox"), "eml") {
        std::fs::copy(&f, inbox.join(f.file_name().unwrap())).unwrap();
    }
    let config = common::temp_config(&tmp.path().join("var"), &inbox);
    let (first, _) = run_ok(bin().args(["run", "--once", "--config"]).arg(&config));
    let outbox = tmp.path().join("var/outbox");
    let sent = common::files_with_ext(&outbox, "eml");
    assert_eq!(
        sent.len(),
        common::figure(&first, "emails written"),
        "{first}"
    );
    assert!(sent.len() >= 10, "{first}");
    for f in &sent {
        let text = std::fs::read_to_string(f).unwrap();
        assert!(
            text.contains("\r\nAuto-Submitted: auto-generated\r\n"),
            "every email freightdesk sends says it is automatic: {}\n{text}",
            f.display()
        );
    }

    // The outbox lands in the inbox freightdesk reads (the staff notices go to ap@, which the
    // sample IMAP config reads), with a carrier's out-of-office answer.
    for (i, f) in sent.iter().enumerate() {
        std::fs::copy(f, inbox.join(format!("zz-outbox-{i:02}.eml"))).unwrap();
    }
    std::fs::write(inbox.join("zz-out-of-office.eml"), out_of_office()).unwrap();
    let (second, log) = run_ok(bin().args(["run", "--once", "--config"]).arg(&config));
    let skipped = sent.len() + 1;
    assert!(
        second.contains(&format!(
            "({skipped} new, 33 already processed, 0 unreadable, 0 duplicate Message-ID, \
             {skipped} own/automatic skipped, 0 to retry)"
        )),
        "{second}\n{log}"
    );
    assert_eq!(common::figure(&second, "documents"), 0, "{second}");
    assert_eq!(common::figure(&second, "exceptions"), 0, "{second}\n{log}");
    assert_eq!(common::figure(&second, "emails written"), 0, "{second}");
    assert_eq!(common::files_with_ext(&outbox, "eml").len(), sent.len());
    assert_eq!(
        log.matches("recorded, not processed: sent by freightdesk itself")
            .count(),
        sent.len(),
        "{log}"
    );
    assert!(
        log.contains("recorded, not processed: automatic reply (Auto-Submitted: auto-replied)"),
        "{log}"
    );

    // Each is recorded with its reason (and archived), so a third run reads none of them again.
    let rt = tokio::runtime::Runtime::new().unwrap();
    let rows: Vec<(String, String, Option<String>)> = rt.block_on(async {
        let db = tmp.path().join("var/freightdesk.db");
        let pool = sqlx::SqlitePool::connect(&format!("sqlite://{}", db.display()))
            .await
            .unwrap();
        sqlx::query_as(
            "SELECT source, status, error FROM messages WHERE source LIKE 'folder:zz-%' \
             ORDER BY source",
        )
        .fetch_all(&pool)
        .await
        .unwrap()
    });
    assert_eq!(rows.len(), skipped, "{rows:?}");
    for (source, status, error) in &rows {
        let want = if source.contains("out-of-office") {
            "automatic reply (Auto-Submitted: auto-replied)"
        } else {
            "sent by freightdesk itself"
        };
        assert_eq!(
            (status.as_str(), error.as_deref()),
            ("skipped", Some(want)),
            "{source}"
        );
    }
    let (third, _) = run_ok(bin().args(["run", "--once", "--config"]).arg(&config));
    assert!(
        third.contains(&format!("(0 new, {} already processed", 33 + skipped)),
        "{third}"
    );
}

/// Write `bytes` to `path` in `chunks` writes, `pause` apart, each followed by setting the file's
/// modification time an hour back: a file share whose clock is behind this machine's, so the
/// file looks old the whole time it is being written.
fn write_slowly_on_a_skewed_share(path: &Path, bytes: &[u8], chunks: usize, pause: Duration) {
    let mut f = std::fs::File::create(path).unwrap();
    for chunk in bytes.chunks(bytes.len().div_ceil(chunks)) {
        f.write_all(chunk).unwrap();
        f.flush().unwrap();
        f.set_modified(SystemTime::now() - Duration::from_secs(3600))
            .unwrap();
        std::thread::sleep(pause);
    }
}

#[test]
fn a_file_still_being_written_into_the_watched_folder_is_read_once_whole() {
    let tmp = tempfile::tempdir().unwrap();
    let inbox = tmp.path().join("inbox");
    std::fs::create_dir_all(&inbox).unwrap();
    let config = common::temp_config(&tmp.path().join("var"), &inbox);
    let child = bin()
        .args(["run", "--config"])
        .arg(&config)
        .env("RUST_LOG", "warn,freightdesk=info")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    std::thread::sleep(Duration::from_millis(500));
    let samples = common::repo().join("samples/inbox");
    // The rate con (its PDF read half-way would be `document_unreadable`), in 8 writes 150 ms
    // apart; the BOL under a dot-name, slowly too, then renamed into place.
    let ratecon = std::fs::read(samples.join("01-signed-ratecon-4471203.eml")).unwrap();
    write_slowly_on_a_skewed_share(
        &inbox.join("01-signed-ratecon-4471203.eml"),
        &ratecon,
        8,
        Duration::from_millis(150),
    );
    std::thread::sleep(Duration::from_secs(2));
    let bol = std::fs::read(samples.join("04-bol-4471203.eml")).unwrap();
    let hidden = inbox.join(".04-bol-4471203.eml");
    write_slowly_on_a_skewed_share(&hidden, &bol, 8, Duration::from_millis(150));
    std::fs::rename(&hidden, inbox.join("04-bol-4471203.eml")).unwrap();

    // The BOL's "picked up" email to the shipper shows both were read; then give a half-read
    // file's second reading time to happen before stopping.
    let outbox = tmp.path().join("var/outbox");
    let deadline = Instant::now() + Duration::from_secs(60);
    while common::files_with_ext(&outbox, "eml").is_empty() && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(100));
    }
    std::thread::sleep(Duration::from_secs(2));
    Command::new("kill")
        .arg("-TERM")
        .arg(child.id().to_string())
        .status()
        .unwrap();
    let out = child.wait_with_output().unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        out.status.success(),
        "exit {:?}\n{stdout}\n{stderr}",
        out.status
    );
    assert!(
        stdout.contains("messages read: 2 (2 new, 0 already processed, 0 unreadable"),
        "each file read once, whole:\n{stdout}\n{stderr}"
    );
    assert!(!stdout.contains("document_unreadable"), "{stdout}");
    assert_eq!(
        common::figure(&stdout, "exceptions"),
        0,
        "{stdout}\n{stderr}"
    );
    let emails = common::files_with_ext(&outbox, "eml");
    assert_eq!(emails.len(), 1, "{stdout}");
    let email = std::fs::read_to_string(&emails[0]).unwrap();
    assert!(email.contains("Subject: Load 4471203 picked up"), "{email}");
    assert!(
        !email.contains("ap@northstarlogistics.example"),
        "no staff email: {email}"
    );
}
