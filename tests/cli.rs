//! The binary as a user runs it: `run --once` twice, `run` as a daemon stopped by SIGTERM,
//! `extract`, `loads`, `exceptions`, `rules check`.

mod common;

use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_freightdesk"))
}

fn run_ok(cmd: &mut Command) -> String {
    let out = cmd.output().expect("the binary runs");
    assert!(
        out.status.success(),
        "exit {:?}\nstdout:\n{}\nstderr:\n{}",
        out.status,
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// A number printed after `label` in the summary ("messages read: 26 (...").
fn figure(summary: &str, label: &str) -> usize {
    let line = summary
        .lines()
        .find(|l| l.starts_with(label))
        .unwrap_or_else(|| panic!("no `{label}` line in:\n{summary}"));
    line[label.len()..]
        .trim_start_matches([':', ' '])
        .split(|c: char| !c.is_ascii_digit())
        .next()
        .unwrap()
        .parse()
        .unwrap()
}

#[test]
fn run_once_twice_adds_nothing_the_second_time() {
    let tmp = tempfile::tempdir().unwrap();
    let inbox = common::repo().join("samples/inbox");
    let config = common::temp_config(tmp.path(), &inbox);
    let first = run_ok(bin().args(["run", "--once", "--config"]).arg(&config));
    let n = common::files_with_ext(&inbox, "eml").len();
    assert_eq!(figure(&first, "messages read"), n, "{first}");
    assert!(
        first.contains(&format!("({n} new, 0 already processed")),
        "{first}"
    );
    assert!(figure(&first, "documents") >= 20, "{first}");
    assert!(figure(&first, "loads") >= 8, "{first}");
    assert!(figure(&first, "exceptions") >= 8, "{first}");
    let emails = figure(&first, "emails written");
    assert!(emails >= 10, "{first}");
    let outbox = tmp.path().join("outbox");
    assert_eq!(common::files_with_ext(&outbox, "eml").len(), emails);

    let second = run_ok(bin().args(["run", "--once", "--config"]).arg(&config));
    assert!(
        second.contains(&format!("(0 new, {n} already processed")),
        "{second}"
    );
    assert_eq!(figure(&second, "documents"), 0, "{second}");
    assert_eq!(figure(&second, "exceptions"), 0, "{second}");
    assert_eq!(figure(&second, "emails written"), 0, "{second}");
    assert_eq!(common::files_with_ext(&outbox, "eml").len(), emails);

    let loads = run_ok(bin().args(["loads", "--config"]).arg(&config));
    assert!(loads.contains("4471203"), "{loads}");
    let exceptions = run_ok(bin().args(["exceptions", "--config"]).arg(&config));
    assert!(exceptions.contains("invoice_over_agreed"), "{exceptions}");
}

#[test]
fn daemon_picks_up_new_files_and_stops_cleanly_on_sigterm() {
    let tmp = tempfile::tempdir().unwrap();
    let inbox = tmp.path().join("inbox");
    std::fs::create_dir_all(&inbox).unwrap();
    let config = common::temp_config(&tmp.path().join("var"), &inbox);
    let child = bin()
        .args(["run", "--config"])
        .arg(&config)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // Drop in a rate con, then a BOL for the same load: the BOL's "picked up" email to the
    // shipper is the proof the daemon saw both files.
    let samples = common::repo().join("samples/inbox");
    std::thread::sleep(Duration::from_millis(500));
    std::fs::copy(
        samples.join("01-signed-ratecon-4471203.eml"),
        inbox.join("01-signed-ratecon-4471203.eml"),
    )
    .unwrap();
    // The BOL arrives slowly, in two writes: the daemon must read it once, whole.
    let bol = std::fs::read(samples.join("04-bol-4471203.eml")).unwrap();
    let (first, rest) = bol.split_at(bol.len() / 2);
    {
        use std::io::Write;
        let mut f = std::fs::File::create(inbox.join("04-bol-4471203.eml")).unwrap();
        f.write_all(first).unwrap();
        f.flush().unwrap();
        std::thread::sleep(Duration::from_millis(300));
        f.write_all(rest).unwrap();
    }
    let outbox = tmp.path().join("var/outbox");
    let deadline = Instant::now() + Duration::from_secs(60);
    while common::files_with_ext(&outbox, "eml").is_empty() && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(100));
    }
    let written = common::files_with_ext(&outbox, "eml");
    // SIGTERM: finish, print the summary, exit 0.
    Command::new("kill")
        .arg("-TERM")
        .arg(child.id().to_string())
        .status()
        .unwrap();
    let out = child.wait_with_output().unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "exit {:?}\n{stdout}\n{}",
        out.status,
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        !written.is_empty(),
        "the daemon wrote a notification for the new files\n{stdout}"
    );
    assert!(stdout.contains("messages read: 2 (2 new"), "{stdout}");
    assert!(
        stdout.contains("exceptions: 0"),
        "no half-read message: {stdout}"
    );
    let email = std::fs::read_to_string(&written[0]).unwrap();
    assert!(email.contains("Subject: Load 4471203 picked up"), "{email}");
}

#[test]
fn extract_json_shows_fields_with_provenance() {
    let pdfs = common::files_with_ext(&common::repo().join("samples/pdfs"), "pdf");
    let invoice = pdfs
        .iter()
        .find(|p| p.file_name().unwrap().to_string_lossy().contains("invoice"))
        .expect("a sample invoice");
    let out = run_ok(
        bin()
            .args(["extract", "--json", "--rules"])
            .arg(common::repo().join("rules"))
            .arg(invoice),
    );
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let d = &v["documents"][0];
    assert_eq!(d["kind"], "carrier_invoice");
    let total = d["fields"]["total_usd"].as_str().unwrap();
    assert!(total.contains('.') && !total.contains(','), "{total}");
    let p = &d["provenance"]["total_usd"];
    assert!(p["page"].as_u64().unwrap() >= 1);
    assert!(p["printed"].as_str().unwrap().contains('$'));
    assert!(d["template"].as_str().unwrap().starts_with("documents/"));

    let text = run_ok(
        bin()
            .args(["extract", "--rules"])
            .arg(common::repo().join("rules"))
            .arg(invoice),
    );
    assert!(
        text.contains("carrier_invoice") && text.contains("total_usd"),
        "{text}"
    );
}

#[test]
fn extract_of_a_non_pdf_fails_with_a_clear_message() {
    let tmp = tempfile::tempdir().unwrap();
    let f = tmp.path().join("note.pdf");
    std::fs::write(&f, b"this is not a pdf").unwrap();
    let out = bin()
        .args(["extract", "--rules"])
        .arg(common::repo().join("rules"))
        .arg(&f)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("not a PDF (unrecognized bytes)"), "{err}");
}

#[test]
fn rules_check_reports_every_problem_with_its_place() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    // Start from the shipped rules, then break two files.
    let src = common::repo().join("rules");
    common::copy_dir(&src, dir);
    std::fs::write(
        dir.join("documents/broken.toml"),
        "[[template]]\nid = \"x\"\nkind = \"carrier_invoice\"\nissuer = \"X\"\nmatch = [\"X INVOICE\"]\n\n[template.fields]\ninvoice_number = '(?P<value>[A-Z'\nweight_kg = 'W: (\\d+)'\n",
    )
    .unwrap();
    std::fs::write(dir.join("notifications.toml"), "[[route]]\nevent = \"picked_up\"\nto = \"customer\"\ntemplate = \"nope\"\nattach = \"invoice\"\n").unwrap();
    let out = bin().args(["rules", "check"]).arg(dir).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("documents/broken.toml:8:18: bad regex"),
        "{err}"
    );
    assert!(
        err.contains("documents/broken.toml:9:1: unknown field `weight_kg`"),
        "{err}"
    );
    assert!(
        err.contains("notifications.toml:5:10: unknown document kind `invoice`"),
        "{err}"
    );
    assert!(err.contains("no emails/nope.txt"), "{err}");
    assert!(err.contains("4 problem(s)"), "{err}");

    let ok = run_ok(bin().args(["rules", "check"]).arg(&src));
    assert!(ok.contains(": ok (version"), "{ok}");
}
