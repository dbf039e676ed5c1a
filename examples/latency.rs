//! Latency on real mail servers: carrier email accepted by OpenSMTPD → the customer's "picked up"
//! email in their Dovecot mailbox, through the running daemon (IMAP IDLE in, SMTP out).
//!
//! `cargo build --release && cargo run --release --example latency -- [MESSAGES] [PER_SECOND]`
//! (defaults 50 and 1). Needs root and Dovecot/OpenSMTPD (`scripts/test` installs them); the
//! servers are started on loopback high ports by `tests/common/mailservers.rs`.
//!
//! Each timed message is a bill of lading for its own load, so each makes one customer email.
//! The loads are booked first (their rate confirmations put into the inbox by LMTP, untimed).
//! The PDFs are the sample pair for load 4471203 with other numbers (`tests/common/loads.rs`).
//! Prints p50, p90, p99 and max, in milliseconds.
//!
//! `… --example latency -- MESSAGES PER_SECOND billing` times billing instead: each load is booked
//! and picked up first (rate confirmation and BOL, untimed), then its POD is sent, timed from
//! OpenSMTPD's 250 to the customer's invoice email (`Invoice NS-… for load N`) in the billing
//! mailbox (`ap@acmefoods.example`), with `[billing]` in the config and the sample lane table.

#[path = "../tests/common/loads.rs"]
mod loads;
#[path = "../tests/common/mailservers.rs"]
mod mailservers;

use std::collections::HashMap;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use loads::{CARRIER, OPS};
use mailservers::{MailServers, PASSWORD};

fn subject_of(raw: &[u8]) -> String {
    mail_parser::MessageParser::default()
        .parse(raw)
        .and_then(|m| m.subject().map(str::to_string))
        .unwrap_or_default()
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let n: usize = args.get(1).map_or(50, |a| a.parse().expect("MESSAGES"));
    let rate: f64 = args.get(2).map_or(1.0, |a| a.parse().expect("PER_SECOND"));
    let billing = args.get(3).is_some_and(|a| a == "billing");
    let bin = loads::release_daemon();

    let servers = MailServers::start(&["ops", "ap", "shipping", "dispatch"]);
    let tmp = tempfile::tempdir().unwrap();
    // FD_LATENCY_LOG=debug (a tracing filter) keeps the daemon's log and says where it is.
    if std::env::var_os("FD_LATENCY_LOG").is_some() {
        eprintln!("daemon log: {}", tmp.path().join("daemon.log").display());
    }
    let var = tmp.path().join("var");
    let config = tmp.path().join("freightdesk.toml");
    std::fs::write(
        &config,
        format!(
            r#"[intake]
kind = "imap"
[[intake.accounts]]
name = "ops"
host = "127.0.0.1"
port = {imap}
security = "none"
username = "ops"
password_env = "FD_BENCH_PASSWORD"
after = "move"
move_to = "done"

[outgoing]
kind = "smtp"
host = "127.0.0.1"
port = {smtp}
security = "none"
from = "Northstar Back Office <backoffice@northstarlogistics.example>"

{billing}
[store]
url = "sqlite://{var}/freightdesk.db"
archive = "{var}/archive"

[paths]
rules = "{rules}"
directory = "{directory}"

[staff]
emails = ["ap@northstarlogistics.example"]
"#,
            imap = servers.imap_port(),
            smtp = servers.smtp_port(),
            var = var.display(),
            rules = loads::repo().join("rules").display(),
            directory = loads::repo().join("samples/directory").display(),
            billing = if billing {
                "[billing]\ninvoice_prefix = \"NS-\"\nremit_to = [\"PO Box 7700\", \"Chicago, IL 60680\"]\n"
            } else {
                ""
            },
        ),
    )
    .unwrap();
    let log = std::fs::File::create(tmp.path().join("daemon.log")).unwrap();
    let mut daemon: Child = Command::new(&bin)
        .args(["run", "--config"])
        .arg(&config)
        .env("FD_BENCH_PASSWORD", PASSWORD)
        .env(
            "RUST_LOG",
            std::env::var("FD_LATENCY_LOG").unwrap_or_else(|_| "warn".into()),
        )
        .stdout(Stdio::null())
        .stderr(log)
        .spawn()
        .unwrap();

    // Book the loads (untimed).
    for i in 0..n {
        servers.deliver_lmtp("ops", &loads::rate_confirmation(i));
    }
    let booked = servers.wait_for("ops", "done", n, Duration::from_secs(60 + n as u64));
    assert_eq!(
        booked.len(),
        n,
        "rate cons not processed:\n{}",
        servers.logs()
    );
    if billing {
        // Picked up too (untimed): the customer (Acme Foods) wants the BOL with its invoices.
        for i in 0..n {
            servers.deliver_lmtp("ops", &loads::bill_of_lading(i));
        }
        let done = servers.wait_for("ops", "done", 2 * n, Duration::from_secs(60 + n as u64));
        assert_eq!(done.len(), 2 * n, "BOLs not processed:\n{}", servers.logs());
    }

    // The timed part: one BOL per load, sent at `rate` per second, each timed from OpenSMTPD's
    // 250 to its customer email on disk in the shipper's Maildir.
    let interval = Duration::from_secs_f64(1.0 / rate);
    let start = Instant::now();
    let mut accepted: HashMap<String, Instant> = HashMap::new();
    let mut arrived: HashMap<String, Instant> = HashMap::new();
    let mut seen_files = std::collections::HashSet::new();
    let shipping_new = servers
        .maildir(if billing { "ap" } else { "shipping" }, "INBOX")
        .join("new");
    let deadline_after_last = Duration::from_secs(60);
    let mut last_send = start;
    let mut next = 0;
    loop {
        let now = Instant::now();
        if next < n && now >= start + interval.mul_f64(next as f64) {
            let load = loads::load_number(next);
            let raw = if billing {
                loads::proof_of_delivery(next)
            } else {
                loads::bill_of_lading(next)
            };
            let before = Instant::now();
            let t = servers.send(CARRIER, &[OPS], &raw);
            if std::env::var_os("FD_LATENCY_LOG").is_some()
                && t - before > Duration::from_millis(200)
            {
                eprintln!(
                    "slow SMTP send: {:?} at {:?}",
                    t - before,
                    std::time::SystemTime::now()
                );
            }
            accepted.insert(load, t);
            last_send = t;
            next += 1;
        }
        // Only files not seen before are read (LMTP delivers into new/ and nobody reads the
        // mailbox), so watching costs little next to the daemon on these 2 cores.
        if let Ok(rd) = std::fs::read_dir(shipping_new.as_path()) {
            let t = Instant::now();
            for e in rd.flatten() {
                if seen_files.insert(e.file_name()) {
                    let Ok(raw) = std::fs::read(e.path()) else {
                        seen_files.remove(&e.file_name());
                        continue;
                    };
                    let s = subject_of(&raw);
                    // `Load N picked up`, or with billing `Invoice NS-000001 for load N - $…`.
                    let load = if billing {
                        s.strip_prefix("Invoice ")
                            .and_then(|r| r.split(" for load ").nth(1))
                            .and_then(|r| r.split_whitespace().next())
                    } else {
                        s.split_whitespace().nth(1)
                    };
                    if let Some(load) = load {
                        arrived.entry(load.to_string()).or_insert(t);
                    }
                }
            }
        }
        if next == n && (arrived.len() >= n || last_send.elapsed() > deadline_after_last) {
            break;
        }
        std::thread::sleep(Duration::from_millis(2));
    }
    unsafe {
        libc::kill(daemon.id() as i32, libc::SIGTERM);
    }
    let _ = daemon.wait();

    if std::env::var_os("FD_LATENCY_LOG").is_some() {
        let mut each: Vec<_> = accepted.iter().collect();
        each.sort_by_key(|(_, t)| **t);
        for (load, t) in each {
            let a = arrived.get(load).map(|a| (*a - *t).as_millis());
            eprintln!(
                "{load} accepted at {:>6} ms, took {a:?} ms",
                (*t - start).as_millis()
            );
        }
    }
    let mut ms: Vec<f64> = accepted
        .iter()
        .filter_map(|(load, t)| arrived.get(load).map(|a| (*a - *t).as_secs_f64() * 1000.0))
        .collect();
    ms.sort_by(|a, b| a.partial_cmp(b).unwrap());
    let pct = |p: f64| -> f64 {
        if ms.is_empty() {
            return f64::NAN;
        }
        let i = ((p / 100.0) * ms.len() as f64).ceil() as usize;
        ms[i.clamp(1, ms.len()) - 1]
    };
    println!(
        "latency SMTP accepted -> customer mailbox{}: {n} messages at {rate}/s: arrived {}, p50 {:.0} ms, p90 {:.0} ms, p99 {:.0} ms, max {:.0} ms",
        if billing { " (POD -> customer invoice)" } else { "" },
        ms.len(),
        pct(50.0),
        pct(90.0),
        pct(99.0),
        ms.last().copied().unwrap_or(f64::NAN)
    );
    if ms.len() < n {
        eprintln!(
            "{} message(s) did not arrive; daemon log:\n{}",
            n - ms.len(),
            std::fs::read_to_string(tmp.path().join("daemon.log")).unwrap_or_default()
        );
        std::process::exit(1);
    }
    if std::env::var_os("FD_LATENCY_LOG").is_some() {
        let _ = std::fs::write(tmp.path().join("servers.log"), servers.logs());
        let _ = tmp.keep();
    }
}
