//! Backlog: MESSAGES carrier emails already waiting in the inbox folder, drained by one
//! `freightdesk run --once` (the release binary) into a new SQLite database and file outbox.
//! Prints the drain time, messages per second and the daemon's peak RSS (from `/usr/bin/time`;
//! the PDF worker processes are separate processes, each capped by `max_memory_mib`).
//!
//! `cargo build --release && cargo run --release --example backlog -- [MESSAGES]` (default
//! 1000). Half the messages are rate confirmations, half bills of lading, for MESSAGES/2 loads
//! (`tests/common/loads.rs`), so every message is a new document with its own PDF.

#[path = "../tests/common/mod.rs"]
mod common;

use common::loads;

use std::process::Command;
use std::time::Instant;

fn main() {
    let n: usize = std::env::args()
        .nth(1)
        .map_or(1000, |a| a.parse().expect("MESSAGES"));
    let bin = loads::release_daemon();
    let tmp = tempfile::tempdir().unwrap();
    let inbox = tmp.path().join("inbox");
    let var = tmp.path().join("var");
    std::fs::create_dir_all(&inbox).unwrap();
    let loads_n = n.div_ceil(2);
    for i in 0..loads_n {
        std::fs::write(
            inbox.join(format!("{i:06}-a-ratecon.eml")),
            loads::rate_confirmation(i),
        )
        .unwrap();
        if 2 * i + 1 < n {
            std::fs::write(
                inbox.join(format!("{i:06}-b-bol.eml")),
                loads::bill_of_lading(i),
            )
            .unwrap();
        }
    }
    // The tests' config: this inbox folder, a file outbox and the database under var/.
    let config = common::temp_config(&var, &inbox);
    let time_out = tmp.path().join("time");
    let started = Instant::now();
    let status = Command::new("/usr/bin/time")
        .arg("-f")
        .arg("%e %M")
        .arg("-o")
        .arg(&time_out)
        .arg(&bin)
        .args(["run", "--once", "--config"])
        .arg(&config)
        .env("RUST_LOG", "warn")
        .stdout(std::process::Stdio::null())
        .status()
        .expect("/usr/bin/time (Debian package: time)");
    let wall = started.elapsed().as_secs_f64();
    assert!(status.success(), "the run failed: {status}");
    let t = std::fs::read_to_string(&time_out).unwrap();
    let rss_kib: f64 = t
        .split_whitespace()
        .nth(1)
        .and_then(|v| v.parse().ok())
        .unwrap_or(f64::NAN);
    println!(
        "backlog: {n} messages drained in {wall:.1} s ({:.0} messages/s, {:.1} ms each), peak RSS {:.1} MiB",
        n as f64 / wall,
        wall * 1000.0 / n as f64,
        rss_kib / 1024.0
    );
}
