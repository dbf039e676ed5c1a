//! Rules reloaded by the running daemon (the real binary): a good change takes effect without a
//! restart; a bad change leaves the last good set active and emails staff once per broken
//! version; rules broken at start stop the start. Every wait is bounded.

mod common;

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use freightdesk::rules::watch::version_of;

const WAIT: Duration = Duration::from_secs(60);

/// A daemon on a temporary var folder, an empty intake and a copy of the shipped rules.
struct Daemon {
    tmp: tempfile::TempDir,
    child: Option<Child>,
    log: Arc<Mutex<String>>,
}

impl Daemon {
    fn start() -> Daemon {
        let tmp = tempfile::tempdir().unwrap();
        common::copy_dir(&common::repo().join("rules"), &tmp.path().join("rules"));
        std::fs::create_dir_all(tmp.path().join("inbox")).unwrap();
        let config = common::temp_config_with_rules(
            &tmp.path().join("var"),
            &tmp.path().join("inbox"),
            &tmp.path().join("rules"),
        );
        let mut child = Command::new(env!("CARGO_BIN_EXE_freightdesk"))
            .args(["run", "--config"])
            .arg(&config)
            .env("RUST_LOG", "warn,freightdesk=info")
            .env("NO_COLOR", "1")
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
            tmp,
            child: Some(child),
            log,
        };
        d.wait_log("watching the rules folder", 1);
        d
    }

    fn rules(&self) -> PathBuf {
        self.tmp.path().join("rules")
    }

    fn outbox(&self) -> PathBuf {
        self.tmp.path().join("var/outbox")
    }

    fn log(&self) -> String {
        self.log.lock().unwrap().clone()
    }

    /// Wait until the log holds `needle` at least `times` times; panic with the log if not.
    fn wait_log(&self, needle: &str, times: usize) {
        let deadline = Instant::now() + WAIT;
        while self.log().matches(needle).count() < times {
            assert!(
                Instant::now() < deadline,
                "no {needle:?} ({times}x) in the daemon's log:\n{}",
                self.log()
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// Drop sample messages into the intake, each whole at once (written beside it, then
    /// renamed in, as mail delivery does), so the daemon never sees half a file.
    fn deliver_samples(&self, names: &[&str]) {
        let samples = common::repo().join("samples/inbox");
        for name in names {
            let part = self.tmp.path().join(name);
            std::fs::copy(samples.join(name), &part).unwrap();
            std::fs::rename(&part, self.tmp.path().join("inbox").join(name)).unwrap();
        }
    }

    /// Wait for an email in the outbox whose subject satisfies `pred`; return its subject.
    fn wait_email(&self, pred: impl Fn(&str) -> bool) -> String {
        let deadline = Instant::now() + WAIT;
        loop {
            if let Some(e) = emails(&self.outbox()).into_iter().find(|e| pred(&e.0)) {
                return e.0;
            }
            assert!(
                Instant::now() < deadline,
                "no such email in the outbox: {:?}\n{}",
                emails(&self.outbox()),
                self.log()
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// SIGTERM; the daemon must exit 0. Returns its stdout.
    fn stop(&mut self) -> String {
        let child = self.child.take().unwrap();
        let status = Command::new("kill")
            .arg("-TERM")
            .arg(child.id().to_string())
            .status()
            .unwrap();
        assert!(status.success());
        let out = child.wait_with_output().unwrap();
        let stdout = String::from_utf8_lossy(&out.stdout).to_string();
        assert!(
            out.status.success(),
            "exit {:?}\n{stdout}\n{}",
            out.status,
            self.log()
        );
        stdout
    }
}

impl Drop for Daemon {
    fn drop(&mut self) {
        // A failed test must not leave the daemon running.
        if let Some(mut c) = self.child.take() {
            let _ = c.kill();
            let _ = c.wait();
        }
    }
}

/// Every email in the outbox: (subject, decoded text body).
fn emails(outbox: &Path) -> Vec<(String, String)> {
    common::files_with_ext(outbox, "eml")
        .iter()
        .filter_map(|p| {
            let bytes = std::fs::read(p).ok()?;
            let m = mail_parser::MessageParser::default().parse(&bytes)?;
            Some((
                m.subject().unwrap_or_default().to_string(),
                m.body_text(0).unwrap_or_default().to_string(),
            ))
        })
        .collect()
}

const PICKED_UP: [&str; 2] = ["01-signed-ratecon-4471203.eml", "04-bol-4471203.eml"];

#[test]
fn a_good_change_takes_effect_without_a_restart() {
    let mut d = Daemon::start();
    let first = version_of(&d.rules()).unwrap();
    d.wait_log(&format!("rule set {first} active"), 1);

    let template = d.rules().join("emails/picked_up.txt");
    let text = std::fs::read_to_string(&template).unwrap();
    let edited = text.replacen(
        "Subject: Load {{ load.load_number }} picked up",
        "Subject: Load {{ load.load_number }} is on its way",
        1,
    );
    assert_ne!(
        edited, text,
        "the shipped picked_up subject changed; update this test"
    );
    std::fs::write(&template, edited).unwrap();
    let second = version_of(&d.rules()).unwrap();
    assert_ne!(second, first);
    d.wait_log(&format!("rule set {second} active"), 1);

    d.deliver_samples(&PICKED_UP);
    let subject = d.wait_email(|s| s.starts_with("Load 4471203"));
    assert_eq!(subject, "Load 4471203 is on its way");
    let stdout = d.stop();
    assert!(stdout.contains("messages read: 2 (2 new"), "{stdout}");
}

/// A new carrier's invoice layout with a typo: the `(` of the value group is never closed.
const BROKEN_TEMPLATE: &str = r#"# Acme Freight invoices (being added).
[[template]]
id = "acme_invoice"
kind = "carrier_invoice"
issuer = "Acme Freight Inc"
match = ["Acme Freight Inc", "INVOICE"]

[template.fields]
invoice_number = 'Invoice No\.[ \t]*(?P<value>[A-Z0-9-]+'
total_usd = 'Total Due[ \t]*(?P<value>\$[\d,]+\.\d{2})'
"#;

#[test]
fn a_bad_change_keeps_the_last_good_set_and_emails_staff_once() {
    let mut d = Daemon::start();
    let good = version_of(&d.rules()).unwrap();
    d.wait_log(&format!("rule set {good} active"), 1);

    let file = d
        .rules()
        .join("documents/acme_freight_carrier_invoice.toml");
    std::fs::write(&file, BROKEN_TEMPLATE).unwrap();
    let broken = version_of(&d.rules()).unwrap();
    // Where the problem is, as `freightdesk rules check` reports it: line 9, column 18.
    let problem = "documents/acme_freight_carrier_invoice.toml:9:18: bad regex";
    d.wait_log(&format!("emailed about rule set {broken}"), 1);
    let log = d.log();
    assert!(log.contains(problem), "{log}");
    assert!(
        log.contains(&format!("rule set {good} stays active")),
        "{log}"
    );

    // Messages are still processed with the last good set: the shipped subject.
    d.deliver_samples(&PICKED_UP);
    d.wait_email(|s| s == "Load 4471203 picked up");

    // The staff email names the problem and the version that stays active.
    let subject = d.wait_email(|s| s.starts_with("Rule files not used"));
    assert!(subject.contains(&broken), "{subject}");
    let (_, body) = emails(&d.outbox())
        .into_iter()
        .find(|e| e.0 == subject)
        .unwrap();
    assert!(body.contains(problem), "{body}");
    assert!(
        body.contains(&format!("last good version, {good}")),
        "{body}"
    );

    // Saving the same broken content again reports nothing new.
    std::fs::write(&file, BROKEN_TEMPLATE).unwrap();
    d.wait_log(&format!("emailed about rule set {broken}"), 2);
    assert!(
        d.log()
            .contains(&format!("staff already emailed about rule set {broken}")),
        "{}",
        d.log()
    );

    let stdout = d.stop();
    assert!(stdout.contains("emails written: 2 (2 queued)"), "{stdout}");
    // After the stop the outbox is delivered in full: still one email about the broken rules.
    let about_rules: Vec<_> = emails(&d.outbox())
        .into_iter()
        .filter(|e| e.0.starts_with("Rule files not used"))
        .collect();
    assert_eq!(about_rules.len(), 1, "{about_rules:?}");
}

/// The staff email about broken rules promises a log line once the files are fixed. Fixing them
/// usually means saving the last good content back: the files hash to the set still active, and
/// that must be logged as the end of the breakage, not passed over as "unchanged".
#[test]
fn restoring_a_broken_file_logs_that_the_rules_are_restored() {
    let mut d = Daemon::start();
    let good = version_of(&d.rules()).unwrap();
    d.wait_log(&format!("rule set {good} active"), 1);

    let file = d.rules().join("emails/picked_up.txt");
    let text = std::fs::read_to_string(&file).unwrap();
    std::fs::write(&file, "Subject: {{ load.\n").unwrap();
    let broken = version_of(&d.rules()).unwrap();
    d.wait_log(&format!("rule set {broken} has 1 problem(s)"), 1);

    std::fs::write(&file, &text).unwrap();
    assert_eq!(version_of(&d.rules()).unwrap(), good);
    d.wait_log(&format!("rules restored: rule set {good} active"), 1);
    d.stop();
}

#[test]
fn rules_broken_at_start_stop_the_start_with_the_problems() {
    let tmp = tempfile::tempdir().unwrap();
    let rules = tmp.path().join("rules");
    common::copy_dir(&common::repo().join("rules"), &rules);
    std::fs::write(
        rules.join("documents/acme_freight_carrier_invoice.toml"),
        BROKEN_TEMPLATE,
    )
    .unwrap();
    std::fs::create_dir_all(tmp.path().join("inbox")).unwrap();
    let config =
        common::temp_config_with_rules(&tmp.path().join("var"), &tmp.path().join("inbox"), &rules);
    let out = Command::new(env!("CARGO_BIN_EXE_freightdesk"))
        .args(["run", "--config"])
        .arg(&config)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("not starting"), "{stderr}");
    assert!(
        stderr.contains("documents/acme_freight_carrier_invoice.toml:9:18: bad regex"),
        "{stderr}"
    );
}
