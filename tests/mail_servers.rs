//! The daemon on real mail servers (Dovecot for IMAP and LMTP, OpenSMTPD for SMTP, started by
//! `tests/common/mailservers.rs` on loopback high ports): carrier emails go in by SMTP, the
//! running daemon picks them up by IDLE, and what it sends is looked for in the recipients'
//! real mailboxes. Restarts, an SMTP outage and a Dovecot restart must lose nothing and send
//! nothing twice. Every wait is bounded; a failure prints the daemon's log and the servers' logs.

mod common;

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use common::mailservers::{MailServers, PASSWORD};
use mail_parser::MimeHeaders;

const WAIT: Duration = Duration::from_secs(45);
const OPS: &str = "ops@northstarlogistics.example";
const STAFF_USER: &str = "ap";

/// Every mailbox the sample stories write to: the shared inbox, staff, the shippers' contacts
/// (by local part: shipping@acmefoods and shipping@harvestlanebev share the `shipping` box),
/// and the carriers.
const USERS: [&str; 8] = [
    "ops",
    "ap",
    "shipping",
    "logistics",
    "transportation",
    "dispatch",
    "wade",
    "billing",
];

fn sample(name: &str) -> Vec<u8> {
    std::fs::read(common::repo().join("samples/inbox").join(name)).unwrap()
}

/// The sender of a sample email (its From address).
fn sender(raw: &[u8]) -> String {
    let m = mail_parser::MessageParser::default().parse(raw).unwrap();
    m.from()
        .and_then(|f| f.first())
        .and_then(|a| a.address())
        .unwrap()
        .to_string()
}

/// Subject and Message-ID of each message, and the names of its attachments.
fn describe(msgs: &[Vec<u8>]) -> Vec<(String, String, Vec<String>)> {
    msgs.iter()
        .map(|raw| {
            let m = mail_parser::MessageParser::default().parse(raw).unwrap();
            (
                m.subject().unwrap_or_default().to_string(),
                m.message_id().unwrap_or_default().to_string(),
                m.attachments()
                    .filter_map(|a| a.attachment_name().map(str::to_string))
                    .collect(),
            )
        })
        .collect()
}

/// No two messages in a mailbox carry the same Message-ID.
fn assert_no_duplicates(msgs: &[Vec<u8>], what: &str) {
    let mut seen: BTreeMap<String, usize> = BTreeMap::new();
    for (_, id, _) in describe(msgs) {
        *seen.entry(id).or_default() += 1;
    }
    let dups: Vec<_> = seen.iter().filter(|(_, n)| **n > 1).collect();
    assert!(dups.is_empty(), "{what}: sent twice: {dups:?}");
}

struct Setup {
    tmp: tempfile::TempDir,
}

impl Setup {
    /// A config reading `ops`'s INBOX by IMAP (plain on loopback, or as `imap` says) and sending
    /// through OpenSMTPD.
    fn new(servers: &MailServers, imap: &str) -> Setup {
        let tmp = tempfile::tempdir().unwrap();
        let r = common::repo();
        let text = format!(
            r#"[intake]
kind = "imap"

[[intake.accounts]]
name = "ops"
{imap}
username = "ops"
password_env = "FD_TEST_IMAP_PASSWORD"
folders = ["INBOX"]
after = "move"
move_to = "done"
timeout_secs = 10

[outgoing]
kind = "smtp"
host = "127.0.0.1"
port = {smtp}
security = "none"
from = "Northstar Back Office <backoffice@northstarlogistics.example>"
timeout_secs = 10

[store]
url = "sqlite://{var}/freightdesk.db"
archive = "{var}/archive"

[paths]
rules = "{rules}"
directory = "{directory}"

[staff]
emails = ["ap@northstarlogistics.example"]
digest_minutes = 0
"#,
            smtp = servers.smtp_port(),
            var = tmp.path().join("var").display(),
            rules = r.join("rules").display(),
            directory = r.join("samples/directory").display(),
        );
        std::fs::write(tmp.path().join("freightdesk.toml"), text).unwrap();
        Setup { tmp }
    }

    fn plain(servers: &MailServers) -> Setup {
        Setup::new(
            servers,
            &format!(
                "host = \"127.0.0.1\"\nport = {}\nsecurity = \"none\"",
                servers.imap_port()
            ),
        )
    }

    fn config(&self) -> PathBuf {
        self.tmp.path().join("freightdesk.toml")
    }

    fn command(&self) -> Command {
        // FREIGHTDESK_BIN=/path/to/freightdesk runs the tests against another build.
        let mut c = Command::new(
            std::env::var_os("FREIGHTDESK_BIN")
                .unwrap_or_else(|| env!("CARGO_BIN_EXE_freightdesk").into()),
        );
        c.env("FD_TEST_IMAP_PASSWORD", PASSWORD)
            .env("RUST_LOG", "warn,freightdesk=info")
            .env("NO_COLOR", "1");
        c
    }

    /// `freightdesk status`: (exit code, what it printed).
    fn status(&self) -> (i32, String) {
        let out = self
            .command()
            .args(["status", "--config"])
            .arg(self.config())
            .output()
            .unwrap();
        (
            out.status.code().unwrap_or(-1),
            String::from_utf8_lossy(&out.stdout).into_owned(),
        )
    }

    fn start(&self) -> Daemon {
        let mut child = self
            .command()
            .args(["run", "--config"])
            .arg(self.config())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let log = Arc::new(Mutex::new(String::new()));
        let stderr = child.stderr.take().unwrap();
        let sink = log.clone();
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines() {
                let Ok(line) = line else { break };
                let mut l = sink.lock().unwrap();
                l.push_str(&line);
                l.push('\n');
            }
        });
        let d = Daemon {
            child: Some(child),
            log,
        };
        d.wait_log("IMAP folder open", 1);
        d
    }
}

/// The daemon binary, running.
struct Daemon {
    child: Option<Child>,
    log: Arc<Mutex<String>>,
}

impl Daemon {
    fn log(&self) -> String {
        self.log.lock().unwrap().clone()
    }

    /// Wait until the log holds `needle` at least `times` times; panic with the log if not.
    fn wait_log(&self, needle: &str, times: usize) {
        let deadline = Instant::now() + WAIT;
        while self.log().matches(needle).count() < times {
            assert!(
                Instant::now() < deadline,
                "no `{needle}` (x{times}) in the daemon's log:\n{}",
                self.log()
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// SIGTERM, then the exit status must be 0 within the wait.
    fn stop(mut self) -> String {
        let mut child = self.child.take().unwrap();
        unsafe {
            libc::kill(child.id() as i32, libc::SIGTERM);
        }
        let deadline = Instant::now() + WAIT;
        loop {
            if let Some(status) = child.try_wait().unwrap() {
                // Let the log reader finish the last lines.
                std::thread::sleep(Duration::from_millis(100));
                assert!(status.success(), "exit {status}; log:\n{}", self.log());
                return self.log();
            }
            assert!(
                Instant::now() < deadline,
                "no exit after SIGTERM:\n{}",
                self.log()
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

impl Drop for Daemon {
    fn drop(&mut self) {
        if let Some(mut c) = self.child.take() {
            let _ = c.kill();
            let _ = c.wait();
        }
    }
}

/// Send a sample email from its carrier to the shared inbox through OpenSMTPD and wait until the
/// daemon has moved it to `done` (so the next one is processed after it).
fn send_and_wait_done(servers: &MailServers, name: &str, done_before: usize) -> Duration {
    let raw = sample(name);
    let accepted = servers.send(&sender(&raw), &[OPS], &raw);
    let done = servers.wait_for("ops", "done", done_before + 1, WAIT);
    assert_eq!(
        done.len(),
        done_before + 1,
        "{name} was not moved to done; logs:\n{}",
        servers.logs()
    );
    accepted.elapsed()
}

#[test]
fn carrier_paperwork_flows_through_imap_and_smtp_exactly_once() {
    let servers = MailServers::start(&USERS);
    let setup = Setup::plain(&servers);
    let daemon = setup.start();

    // Rate con, POD, invoice for load 4471260, one after the other, as the carrier sends them.
    send_and_wait_done(&servers, "03-signed-ratecon-4471260.eml", 0);
    let pod_sent = Instant::now();
    let raw = sample("15-pod-4471260-scan0001.eml");
    servers.send(&sender(&raw), &[OPS], &raw);
    let shipper = servers.wait_for("shipping", "INBOX", 1, WAIT);
    let pod_to_customer = pod_sent.elapsed();
    let shipper = describe(&shipper);
    assert_eq!(shipper.len(), 1, "{shipper:?}\n{}", daemon.log());
    assert!(
        shipper[0].0.contains("4471260") && shipper[0].0.contains("delivered"),
        "{shipper:?}"
    );
    assert_eq!(shipper[0].2.len(), 1, "the POD is attached: {shipper:?}");
    servers.wait_for("ops", "done", 2, WAIT);
    send_and_wait_done(&servers, "20-invoice-LOH-1187-detention.eml", 2);
    let staff_raw = servers.wait_for(STAFF_USER, "INBOX", 1, WAIT);
    let staff = describe(&staff_raw);
    assert_eq!(staff.len(), 1, "{staff:?}\n{}", daemon.log());
    // The subject says it in words; the documents it is about come with it, each its own pages.
    assert!(
        staff[0].0.contains("billed but not agreed - load 4471260"),
        "{staff:?}"
    );
    assert_eq!(
        staff[0].2,
        vec![
            "rate-confirmation-4471260.pdf".to_string(),
            "carrier-invoice-4471260.pdf".to_string()
        ],
        "{staff:?}"
    );
    assert!(String::from_utf8_lossy(&staff_raw[0])
        .contains("Invoice LOH-1187 for load 4471260 bills $180.00"));
    eprintln!("POD accepted by SMTP -> 'delivered' in the shipper's mailbox: {pod_to_customer:?}");

    // Nothing is left in the inbox (looked at once the daemon is gone: a MOVE lands in done a
    // moment before it leaves the inbox); each message was read once.
    let log = daemon.stop();
    assert!(servers.mailbox("ops", "INBOX").is_empty());
    assert_eq!(log.matches("message processed").count(), 3, "{log}");

    // A restart reads nothing again and sends nothing again.
    let daemon = setup.start();
    std::thread::sleep(Duration::from_secs(2));
    let log = daemon.stop();
    assert_eq!(log.matches("message processed").count(), 0, "{log}");
    assert_eq!(servers.mailbox("ops", "done").len(), 3);
    assert_eq!(servers.mailbox("shipping", "INBOX").len(), 1);
    assert_eq!(servers.mailbox(STAFF_USER, "INBOX").len(), 1);
}

#[test]
fn notifications_wait_out_an_smtp_outage_and_arrive_once() {
    let mut servers = MailServers::start(&USERS);
    let setup = Setup::plain(&servers);
    let daemon = setup.start();
    servers.stop_smtp();
    // The carrier's mail reaches the inbox by another way (LMTP) while the relay is down.
    servers.deliver_lmtp("ops", &sample("01-signed-ratecon-4471203.eml"));
    servers.wait_for("ops", "done", 1, WAIT);
    servers.deliver_lmtp("ops", &sample("04-bol-4471203.eml"));
    servers.wait_for("ops", "done", 2, WAIT);
    daemon.wait_log("will retry", 2);
    std::thread::sleep(Duration::from_secs(2));
    servers.start_smtp();
    let got = servers.wait_for("shipping", "INBOX", 1, Duration::from_secs(60));
    assert_eq!(got.len(), 1, "{}", daemon.log());
    assert!(
        describe(&got)[0].0.contains("picked up"),
        "{:?}",
        describe(&got)
    );
    // Give a second send every chance to happen, then look again.
    std::thread::sleep(Duration::from_secs(3));
    let got = servers.mailbox("shipping", "INBOX");
    assert_eq!(got.len(), 1, "sent once: {:?}", describe(&got));
    daemon.stop();
}

#[test]
fn the_daemon_reconnects_after_dovecot_is_down_for_a_while_during_idle() {
    let mut servers = MailServers::start(&USERS);
    let setup = Setup::plain(&servers);
    let daemon = setup.start();
    std::thread::sleep(Duration::from_millis(500));
    let (code, status) = setup.status();
    assert_eq!(code, 0, "{status}");
    assert!(
        status.contains("mailbox ops/INBOX: ok (last reached"),
        "{status}"
    );
    // Down for a while: several reconnects are refused (backoff 0.5 s, 1 s, 2 s …) first.
    servers.stop_imap();
    std::thread::sleep(Duration::from_secs(4));
    // Meanwhile `status` (and /readyz) says the mailbox fails, and why.
    let (code, status) = setup.status();
    assert_eq!(code, 1, "{status}");
    assert!(
        status.contains("mailbox ops/INBOX: failing: ")
            && status.contains("ready: no: the mailbox ops/INBOX cannot be read: "),
        "{status}"
    );
    servers.start_imap();
    send_and_wait_done(&servers, "02-signed-ratecon-KB-20931.eml", 0);
    send_and_wait_done(&servers, "08-bol-KB-20931-octet-stream.eml", 1);
    let got = servers.wait_for("logistics", "INBOX", 1, WAIT);
    assert_eq!(got.len(), 1);
    assert!(describe(&got)[0].0.contains("KB-20931"));
    daemon.wait_log("IMAP folder open", 2);
    let (code, status) = setup.status();
    assert_eq!(code, 0, "reached again: {status}");
    let log = daemon.stop();
    assert!(log.contains("reconnecting"), "{log}");
    assert_no_duplicates(&servers.mailbox("logistics", "INBOX"), "logistics");
}

#[test]
fn run_once_over_imap_with_tls_and_starttls() {
    let servers = MailServers::start_tls(&USERS);
    let ca = servers.ca_file().expect("a CA with start_tls");
    for (security, port) in [
        ("tls", servers.imaps_port().unwrap()),
        ("starttls", servers.imap_port()),
    ] {
        let setup = Setup::new(
            &servers,
            &format!(
                "host = \"localhost\"\nport = {port}\nsecurity = \"{security}\"\nca_file = \"{}\"",
                ca.display()
            ),
        );
        let before = servers.mailbox("ops", "done").len();
        servers.deliver_lmtp("ops", &sample("01-signed-ratecon-4471203.eml"));
        servers.wait_for("ops", "INBOX", 1, WAIT);
        let out = setup
            .command()
            .args(["run", "--once", "--config"])
            .arg(setup.config())
            .output()
            .unwrap();
        let stdout = String::from_utf8_lossy(&out.stdout);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(out.status.success(), "{security}: {stdout}\n{stderr}");
        assert!(
            stdout.contains("messages read: 1 (1 new"),
            "{security}: {stdout}\n{stderr}"
        );
        assert_eq!(
            servers.mailbox("ops", "done").len(),
            before + 1,
            "{security}"
        );
        assert!(servers.mailbox("ops", "INBOX").is_empty(), "{security}");
    }

    // Without the CA the certificate is not trusted: nothing is read, the reason is logged.
    let setup = Setup::new(
        &servers,
        &format!(
            "host = \"localhost\"\nport = {}\nsecurity = \"tls\"",
            servers.imaps_port().unwrap()
        ),
    );
    servers.deliver_lmtp("ops", &sample("02-signed-ratecon-KB-20931.eml"));
    servers.wait_for("ops", "INBOX", 1, WAIT);
    let out = setup
        .command()
        .args(["run", "--once", "--config"])
        .arg(setup.config())
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("certificate"), "{stderr}");
    assert_eq!(
        servers.mailbox("ops", "INBOX").len(),
        1,
        "left where it was"
    );
}

#[test]
fn a_notification_the_server_refuses_for_good_reaches_staff_once() {
    // No mailbox for the shipper's contact (transportation@granitehomegoods.example): OpenSMTPD
    // answers 550 at RCPT.
    let users: Vec<&str> = USERS
        .iter()
        .copied()
        .filter(|u| *u != "transportation")
        .collect();
    let servers = MailServers::start(&users);
    let setup = Setup::plain(&servers);
    let daemon = setup.start();
    send_and_wait_done(&servers, "06-signed-ratecon-SFP-88123.eml", 0);
    send_and_wait_done(&servers, "11-bol-SFP-88123.eml", 1);
    let staff = servers.wait_for(STAFF_USER, "INBOX", 1, WAIT);
    let d = describe(&staff);
    assert_eq!(d.len(), 1, "{d:?}\n{}", daemon.log());
    assert_eq!(
        d[0].0, "Email not delivered: Load SFP-88123 picked up",
        "{d:?}"
    );
    let body = String::from_utf8_lossy(&staff[0]);
    assert!(
        body.contains("transportation@granitehomegoods.example") && body.contains("550"),
        "{body}"
    );
    // Not retried: a few seconds later still one notice, and the log says it was refused.
    std::thread::sleep(Duration::from_secs(3));
    assert_eq!(servers.mailbox(STAFF_USER, "INBOX").len(), 1);
    let log = daemon.stop();
    assert_eq!(
        log.matches("notification refused for good").count(),
        1,
        "{log}"
    );
}

/// A burst of carrier mail while the daemon is busy with the first of it: every message is taken
/// in promptly, not only when the next delivery (or the 25-minute IDLE renewal) wakes it up. Mail
/// that arrives during a batch is announced in the replies to FETCH and MOVE, never in the IDLE
/// that follows, so the daemon must search again before it goes idle.
#[test]
fn a_burst_of_mail_is_taken_in_without_waiting_for_the_next_delivery() {
    let servers = MailServers::start(&USERS);
    let setup = Setup::plain(&servers);
    let daemon = setup.start();
    let mut names: Vec<String> = std::fs::read_dir(common::repo().join("samples/inbox"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".eml"))
        .collect();
    names.sort();
    for name in &names {
        servers.deliver_lmtp("ops", &sample(name));
    }
    let done = servers.wait_for("ops", "done", names.len(), Duration::from_secs(60));
    assert_eq!(
        done.len(),
        names.len(),
        "messages left waiting in the inbox; daemon log:\n{}",
        daemon.log()
    );
    // A MOVE lands in done a moment before it leaves the inbox: look once the daemon is gone.
    daemon.stop();
    assert!(servers.mailbox("ops", "INBOX").is_empty());
}

/// How many loads the crash test books and ships (two carrier emails each).
const CRASH_LOADS: usize = 250;
/// How many times the crash test kills the daemon.
const KILLS: usize = 20;

/// Send each load's email (`email(i)` for the crash test's loads) from the carrier to the shared
/// inbox through the OpenSMTPD on `smtp_port`, from a thread of its own.
fn send_in_background(smtp_port: u16, email: fn(usize) -> Vec<u8>) -> std::thread::JoinHandle<()> {
    std::thread::spawn(move || {
        for i in 0..CRASH_LOADS {
            common::mailservers::send_to_port(
                smtp_port,
                common::loads::CARRIER,
                &[common::loads::OPS],
                &email(i),
            )
            .unwrap_or_else(|e| panic!("load {i}: {e}"));
        }
    })
}

/// SIGKILL at random points while 500 carrier emails flow in through OpenSMTPD: every message is
/// processed once and moved to done, every customer email arrives once, the database agrees.
/// The kill points are random (the seed is printed; `FD_CRASH_SEED=N` repeats a run).
#[test]
fn killing_the_daemon_at_random_points_loses_nothing_and_repeats_nothing() {
    use common::loads;

    let servers = MailServers::start(&USERS);
    let setup = Setup::plain(&servers);
    let mut next_random = common::kill_points("crash test");

    let log_path = setup.tmp.path().join("daemon.log");
    let opened = || {
        std::fs::read_to_string(&log_path)
            .unwrap_or_default()
            .matches("IMAP folder open")
            .count()
    };
    // Run the daemon and SIGKILL it: a quarter of the time during start-up, else once it is
    // reading the folder, up to 1.5 s into its work. Returns how many messages were in done.
    let mut kill_once = |servers: &MailServers| {
        let log = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(&log_path)
            .unwrap();
        let before = opened();
        let mut child = setup
            .command()
            .args(["run", "--config"])
            .arg(setup.config())
            .stdout(Stdio::null())
            .stderr(log)
            .spawn()
            .unwrap();
        if next_random(4) == 0 {
            std::thread::sleep(Duration::from_millis(next_random(800)));
        } else {
            let deadline = Instant::now() + WAIT;
            while opened() == before && Instant::now() < deadline {
                std::thread::sleep(Duration::from_millis(10));
            }
            std::thread::sleep(Duration::from_millis(next_random(1500)));
        }
        unsafe {
            libc::kill(child.id() as i32, libc::SIGKILL);
        }
        child.wait().unwrap();
        servers.mailbox("ops", "done").len()
    };
    let mut done_at_kill = Vec::new();

    // Phase 1: the rate confirmations, sent through OpenSMTPD while the daemon is killed again
    // and again; then a run that finishes them, so each load is booked before its BOL comes (a
    // Maildir's new messages get their UIDs in directory order, not arrival order).
    let sender = send_in_background(servers.smtp_port(), loads::rate_confirmation);
    for _ in 0..KILLS / 2 {
        done_at_kill.push(kill_once(&servers));
    }
    sender.join().unwrap();
    let daemon = setup.start();
    let booked = servers.wait_for("ops", "done", CRASH_LOADS, Duration::from_secs(180));
    assert_eq!(booked.len(), CRASH_LOADS, "{}", daemon.log());
    daemon.stop();

    // Phase 2: the bills of lading, each making a customer email, the same way.
    let sender = send_in_background(servers.smtp_port(), loads::bill_of_lading);
    for _ in 0..KILLS - KILLS / 2 {
        done_at_kill.push(kill_once(&servers));
    }
    sender.join().unwrap();
    eprintln!("messages in done at each kill: {done_at_kill:?}");

    // A last run that is left to finish.
    let daemon = setup.start();
    let total = 2 * CRASH_LOADS;
    let done = servers.wait_for("ops", "done", total, Duration::from_secs(180));
    servers.wait_for("shipping", "INBOX", CRASH_LOADS, WAIT);
    std::thread::sleep(Duration::from_secs(1));
    let log = daemon.stop();
    let killed_runs = std::fs::read_to_string(&log_path).unwrap_or_default();
    assert_eq!(
        done.len(),
        total,
        "not every message reached done; last run:\n{log}"
    );
    assert!(servers.mailbox("ops", "INBOX").is_empty());

    // Each load's "picked up" email once. The one crash point that cannot be closed (killed
    // between the relay's 250 and the database write that marks the email sent; RFC 1047,
    // docs/decisions.md) delivers the same email again with the same Message-ID, which mail
    // clients show once: that is counted and allowed for the emails in flight at each kill
    // (at most `SEND_CONCURRENCY`); two different emails for one load, or none, fail.
    let mut per_load: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for (subject, message_id, _) in describe(&servers.mailbox("shipping", "INBOX")) {
        per_load.entry(subject).or_default().push(message_id);
    }
    let mut resent = 0;
    for i in 0..CRASH_LOADS {
        let subject = format!("Load {} picked up", loads::load_number(i));
        let ids = per_load.remove(&subject).unwrap_or_default();
        let mut distinct = ids.clone();
        distinct.dedup();
        assert_eq!(
            distinct.len(),
            1,
            "{subject}: {ids:?}\nkilled runs:\n{killed_runs}\nlast run:\n{log}"
        );
        resent += ids.len() - 1;
    }
    assert!(per_load.is_empty(), "unexpected emails: {per_load:?}");
    assert!(
        resent <= KILLS * freightdesk::notify::SEND_CONCURRENCY,
        "{resent} emails sent again"
    );
    eprintln!(
        "{KILLS} kills; customer emails sent again with the same Message-ID (250 → commit window): {resent}"
    );
    for user in USERS {
        if user != "shipping" {
            assert_no_duplicates(&servers.mailbox(user, "INBOX"), user);
        }
    }

    // The database: each message once, processed; each document once; every email sent.
    let db = setup.tmp.path().join("var/freightdesk.db");
    let rt = tokio::runtime::Runtime::new().unwrap();
    rt.block_on(async {
        let pool = sqlx::SqlitePool::connect(&format!("sqlite://{}", db.display()))
            .await
            .unwrap();
        let count = |sql: &'static str| {
            let pool = pool.clone();
            async move {
                sqlx::query_scalar::<_, i64>(sql)
                    .fetch_one(&pool)
                    .await
                    .unwrap()
            }
        };
        assert_eq!(count("SELECT COUNT(*) FROM messages").await, total as i64);
        assert_eq!(
            count("SELECT COUNT(*) FROM messages WHERE status = 'processed'").await,
            total as i64
        );
        assert_eq!(count("SELECT COUNT(*) FROM documents").await, total as i64);
        assert_eq!(
            count("SELECT COUNT(*) FROM loads WHERE status = 'picked_up'").await,
            CRASH_LOADS as i64
        );
        assert_eq!(
            count("SELECT COUNT(*) FROM outbox WHERE event = 'picked_up' AND status = 'sent'")
                .await,
            CRASH_LOADS as i64
        );
        assert_eq!(
            count("SELECT COUNT(*) FROM outbox WHERE status <> 'sent'").await,
            0
        );
        assert_eq!(
            count("SELECT MAX(last_uid) FROM imap_folders").await,
            total as i64
        );
    });
}

/// Another process holds the SQLite database locked (a backup tool, a staff member's query):
/// the daemon waits and retries, says so in its log, and takes the message in once the lock is
/// gone; nothing is moved to done before its commit.
#[test]
fn a_locked_database_delays_a_message_and_loses_nothing() {
    let servers = MailServers::start(&USERS);
    let setup = Setup::plain(&servers);
    let daemon = setup.start();
    let db = setup.tmp.path().join("var/freightdesk.db");
    let rt = tokio::runtime::Runtime::new().unwrap();
    let mut locker = rt.block_on(async {
        use sqlx::Connection;
        let mut c = sqlx::SqliteConnection::connect(&format!("sqlite://{}", db.display()))
            .await
            .unwrap();
        sqlx::query("BEGIN EXCLUSIVE")
            .execute(&mut c)
            .await
            .unwrap();
        c
    });
    servers.deliver_lmtp("ops", &sample("03-signed-ratecon-4471260.eml"));
    // Held longer than two busy timeouts (5 s each): the daemon's first write (its mailbox
    // contact) may wait one out before the message's own write starts; the message's write
    // must time out too, so that the retry is seen.
    std::thread::sleep(Duration::from_secs(12));
    assert!(
        servers.mailbox("ops", "done").is_empty(),
        "moved to done while the database was locked:\n{}",
        daemon.log()
    );
    assert_eq!(servers.mailbox("ops", "INBOX").len(), 1);
    rt.block_on(async {
        sqlx::query("ROLLBACK").execute(&mut locker).await.unwrap();
    });
    let done = servers.wait_for("ops", "done", 1, Duration::from_secs(60));
    assert_eq!(done.len(), 1, "{}", daemon.log());
    let log = daemon.stop();
    assert!(log.contains("will retry"), "{log}");
    assert!(log.contains("message processed"), "{log}");
}

/// Unmounts the test's small tmpfs when the test ends, pass or fail.
struct Tmpfs(PathBuf);

impl Drop for Tmpfs {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg("-l").arg(&self.0).status();
    }
}

/// The archive's disk is full: the message is not committed (its raw bytes could not be kept),
/// so it stays in the inbox; the daemon retries and takes it in once there is room.
#[test]
fn a_full_disk_under_the_archive_delays_a_message_and_loses_nothing() {
    let servers = MailServers::start(&USERS);
    let setup = Setup::plain(&servers);
    let archive = setup.tmp.path().join("archive-disk");
    std::fs::create_dir_all(&archive).unwrap();
    let mounted = Command::new("mount")
        .args(["-t", "tmpfs", "-o", "size=512k", "tmpfs"])
        .arg(&archive)
        .status()
        .unwrap();
    assert!(mounted.success(), "mount a 512 KiB tmpfs (needs root)");
    let _unmount = Tmpfs(archive.clone());
    let config = std::fs::read_to_string(setup.config()).unwrap();
    let config = config
        .lines()
        .map(|l| {
            if l.starts_with("archive = ") {
                format!("archive = \"{}\"", archive.join("archive").display())
            } else {
                l.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join("\n");
    std::fs::write(setup.config(), config).unwrap();
    // Fill the disk to the last byte.
    let filler = archive.join("filler");
    let _ = std::fs::write(&filler, vec![0u8; 1024 * 1024]);

    let daemon = setup.start();
    servers.deliver_lmtp("ops", &sample("03-signed-ratecon-4471260.eml"));
    std::thread::sleep(Duration::from_secs(5));
    assert!(
        servers.mailbox("ops", "done").is_empty(),
        "moved to done with nowhere to archive it:\n{}",
        daemon.log()
    );
    assert_eq!(servers.mailbox("ops", "INBOX").len(), 1);
    std::fs::remove_file(&filler).unwrap();
    let done = servers.wait_for("ops", "done", 1, Duration::from_secs(60));
    assert_eq!(done.len(), 1, "{}", daemon.log());
    let log = daemon.stop();
    assert!(log.contains("will retry"), "{log}");
    assert!(
        log.to_lowercase().contains("no space left"),
        "the log should name the full disk:\n{log}"
    );
}

/// A refused password is not a passing network fault: staff get one email saying which mailbox
/// cannot be read and why, however often the daemon tries again meanwhile.
#[test]
fn a_refused_password_reaches_staff_once() {
    let servers = MailServers::start(&USERS);
    let setup = Setup::plain(&servers);
    let mut child = setup
        .command()
        .env("FD_TEST_IMAP_PASSWORD", "not-the-password")
        .args(["run", "--config"])
        .arg(setup.config())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let staff = servers.wait_for(STAFF_USER, "INBOX", 1, WAIT);
    // Several more tries (the backoff starts at 0.5 s; Dovecot answers a bad password after 2 s).
    std::thread::sleep(Duration::from_secs(8));
    let staff_after = servers.mailbox(STAFF_USER, "INBOX");
    let _ = child.kill();
    let _ = child.wait();
    let d = describe(&staff_after);
    assert_eq!(staff.len(), 1, "{}", servers.logs());
    assert_eq!(d.len(), 1, "{d:?}");
    assert_eq!(d[0].0, "freightdesk cannot read ops/INBOX", "{d:?}");
    let parsed = mail_parser::MessageParser::default()
        .parse(&staff_after[0])
        .unwrap();
    let body = parsed.body_text(0).unwrap_or_default();
    assert!(
        body.contains("login as ops refused: [AUTHENTICATIONFAILED] Authentication failed."),
        "{body}"
    );
}

/// A header of a raw message, as written (`None` when absent).
fn header(raw: &[u8], name: &str) -> Option<String> {
    let m = mail_parser::MessageParser::default().parse(raw).unwrap();
    m.header_raw(name).map(|v| v.trim().to_string())
}

/// The sample POD of load KB-20977 with its load number and the `LOAD #` heading blanked (the
/// same lengths, so the PDF stays valid): a POD that names no load, whose only reference is a
/// PRO number freightdesk has not seen.
fn pod_naming_no_load() -> Vec<u8> {
    let mut pdf = std::fs::read(common::repo().join("samples/pdfs/pod_KB-20977.pdf")).unwrap();
    for needle in [&b"KB-20977"[..], b"LOAD #"] {
        let mut i = 0;
        while i + needle.len() <= pdf.len() {
            if &pdf[i..i + needle.len()] == needle {
                pdf[i..i + needle.len()].fill(b' ');
            }
            i += 1;
        }
    }
    pdf
}

/// Issue 14: a carrier answers a paperwork request, as it says, by replying. The request's
/// Reply-To is the shared inbox freightdesk reads (the default: the IMAP account's username), and
/// the reply (In-Reply-To the request) carries a POD that names no load: it is filed to the load
/// the request was about, and the shipper gets "delivered". Then freightdesk's own staff notice
/// lands in that inbox: it is recorded, moved to `done` like any message, and raises nothing.
#[test]
fn a_carriers_reply_to_a_paperwork_request_is_filed_to_its_load() {
    let servers = MailServers::start(&USERS);
    let setup = Setup::plain(&servers);
    let config = std::fs::read_to_string(setup.config()).unwrap();
    std::fs::write(
        setup.config(),
        config.replace("username = \"ops\"", &format!("username = \"{OPS}\"")),
    )
    .unwrap();
    let daemon = setup.start();

    // Rate con, then the invoice with no POD on file: the carrier's billing office is asked for it.
    send_and_wait_done(&servers, "01-signed-ratecon-4471203.eml", 0);
    send_and_wait_done(&servers, "10-invoice-RM-10452.eml", 1);
    let request = servers.wait_for("billing", "INBOX", 1, WAIT);
    assert_eq!(
        request.len(),
        1,
        "{:?}\n{}",
        describe(&request),
        daemon.log()
    );
    let request = &request[0];
    let (subject, request_id, _) = describe(std::slice::from_ref(request)).remove(0);
    assert_eq!(subject, "RE: Invoice RM-10452 for load 4471203");
    assert_eq!(header(request, "Reply-To").as_deref(), Some(OPS));
    assert_eq!(
        header(request, "Auto-Submitted").as_deref(),
        Some("auto-generated")
    );
    // Two exceptions: no POD, and a lumper line with no receipt.
    let staff = servers.wait_for(STAFF_USER, "INBOX", 2, WAIT);
    assert!(
        describe(&staff)
            .iter()
            .any(|(s, _, _)| s.contains("has no POD - load 4471203")),
        "{:?}",
        describe(&staff)
    );
    for s in &staff {
        assert_eq!(
            header(s, "Reply-To"),
            None,
            "staff answer people, not the intake"
        );
    }

    // The carrier replies from a phone: a new subject, no load number anywhere, the POD attached.
    let reply = lettre::Message::builder()
        .from(
            "Angela Baca <billing@redmesatrucking.example>"
                .parse()
                .unwrap(),
        )
        .to(OPS.parse().unwrap())
        .subject("signed pod")
        .message_id(Some("<reply-1@redmesatrucking.example>".into()))
        .in_reply_to(format!("<{request_id}>"))
        .references(format!("<{request_id}>"))
        .multipart(
            lettre::message::MultiPart::mixed()
                .singlepart(lettre::message::SinglePart::plain(
                    "Here you go.\r\n\r\nSent from my phone".to_string(),
                ))
                .singlepart(lettre::message::Attachment::new("POD.pdf".into()).body(
                    pod_naming_no_load(),
                    lettre::message::header::ContentType::parse("application/pdf").unwrap(),
                )),
        )
        .unwrap()
        .formatted();
    servers.send("billing@redmesatrucking.example", &[OPS], &reply);
    let shipper_raw = servers.wait_for("shipping", "INBOX", 1, WAIT);
    let shipper = describe(&shipper_raw);
    assert_eq!(shipper.len(), 1, "{shipper:?}\n{}", daemon.log());
    assert!(
        shipper[0].0.starts_with("Load 4471203 delivered"),
        "{shipper:?}"
    );
    assert_eq!(header(&shipper_raw[0], "Reply-To").as_deref(), Some(OPS));
    assert_eq!(shipper[0].2.len(), 1, "the POD is attached: {shipper:?}");
    servers.wait_for("ops", "done", 3, WAIT);

    // With the POD on file the invoice is judged again: it is dated before the delivery (a
    // third staff email, sent with the shipper's).
    let staff_now = describe(&servers.wait_for(STAFF_USER, "INBOX", 3, WAIT));
    assert!(
        staff_now
            .iter()
            .any(|(s, _, _)| s.contains("dated before delivery - load 4471203")),
        "{staff_now:?}"
    );

    // freightdesk's own staff notice, delivered to the inbox it reads.
    let staff_count = servers.mailbox(STAFF_USER, "INBOX").len();
    servers.deliver_lmtp("ops", &staff[0]);
    let done = servers.wait_for("ops", "done", 4, WAIT);
    assert_eq!(done.len(), 4, "{}", daemon.log());
    daemon.wait_log("recorded, not processed: sent by freightdesk itself", 1);
    std::thread::sleep(Duration::from_secs(1));
    let log = daemon.stop();
    assert!(servers.mailbox("ops", "INBOX").is_empty(), "{log}");
    assert_eq!(
        servers.mailbox(STAFF_USER, "INBOX").len(),
        staff_count,
        "{:?}",
        describe(&servers.mailbox(STAFF_USER, "INBOX"))
    );
    assert_eq!(servers.mailbox("billing", "INBOX").len(), 1);
    assert_eq!(servers.mailbox("shipping", "INBOX").len(), 1);
    assert!(
        log.contains("a reply to freightdesk's email about load 4471203"),
        "{log}"
    );

    let db = setup.tmp.path().join("var/freightdesk.db");
    let rt = tokio::runtime::Runtime::new().unwrap();
    let (load, linked_by): (String, String) = rt.block_on(async {
        let pool = sqlx::SqlitePool::connect(&format!("sqlite://{}", db.display()))
            .await
            .unwrap();
        sqlx::query_as(
            "SELECT l.load_number, d.linked_by FROM documents d JOIN loads l ON l.id = d.load_id \
             WHERE d.kind = 'proof_of_delivery'",
        )
        .fetch_one(&pool)
        .await
        .unwrap()
    });
    assert_eq!((load.as_str(), linked_by.as_str()), ("4471203", "reply"));
}
