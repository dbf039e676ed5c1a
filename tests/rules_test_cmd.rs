//! `freightdesk rules test` and the tests rule files carry, through the binary: the shipped
//! rules' tests all pass and cover every template and check; a broken expectation fails with a
//! diff naming what differs and exit 1; `rules check` reports a test's missing sample and unknown
//! field at their place; `extract` says why a template matched, and a copied template is picked
//! up as the staff guide's walkthrough says.

mod common;

use std::path::Path;
use std::process::{Command, Output};

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_freightdesk"))
}

fn run(args: &[&str], dir: &Path) -> Output {
    bin().args(args).arg(dir).output().expect("the binary runs")
}

fn text(out: &Output) -> (String, String) {
    (
        String::from_utf8_lossy(&out.stdout).to_string(),
        String::from_utf8_lossy(&out.stderr).to_string(),
    )
}

/// A copy of the shipped rules at `tmp/rules`, with the samples at `tmp/samples`, so the tests'
/// sample paths (relative to each rule file) resolve as in the repository.
fn copy_rules(tmp: &Path) -> std::path::PathBuf {
    let rules = tmp.join("rules");
    common::copy_dir(&common::repo().join("rules"), &rules);
    common::copy_dir(&common::repo().join("samples"), &tmp.join("samples"));
    rules
}

/// Replace exactly one occurrence of `from` in `file`; returns the 1-based line and column where
/// the replacement starts.
fn edit_once(file: &Path, from: &str, to: &str) -> (usize, usize) {
    let t = std::fs::read_to_string(file).unwrap();
    assert_eq!(
        t.matches(from).count(),
        1,
        "{from:?} once in {}",
        file.display()
    );
    let at = t.find(from).unwrap();
    std::fs::write(file, t.replacen(from, to, 1)).unwrap();
    let before = &t[..at];
    (
        before.matches('\n').count() + 1,
        before.rsplit('\n').next().unwrap().chars().count() + 1,
    )
}

/// The line of the `[[test]]` header at or before `line` in `file`.
fn test_header_line(file: &Path, line: usize) -> usize {
    let t = std::fs::read_to_string(file).unwrap();
    t.lines()
        .take(line)
        .enumerate()
        .filter(|(_, l)| l.trim() == "[[test]]")
        .map(|(i, _)| i + 1)
        .last()
        .expect("a [[test]] above")
}

#[test]
fn the_shipped_rules_tests_all_pass_and_cover_every_template_and_check() {
    let rules = common::repo().join("rules");
    let out = run(&["rules", "check"], &rules);
    let (stdout, stderr) = text(&out);
    assert!(out.status.success(), "{stdout}\n{stderr}");
    assert!(stdout.contains(" tests)"), "{stdout}");

    let out = run(&["rules", "test"], &rules);
    let (stdout, stderr) = text(&out);
    assert!(out.status.success(), "{stdout}\n{stderr}");
    assert!(!stdout.contains("FAILED"), "{stdout}");
    assert!(
        !stdout.contains("note: no test expects"),
        "every template and check has a test:\n{stdout}"
    );
    let set = freightdesk::rules::RuleSet::load(&rules).unwrap();
    let oks = stdout.lines().filter(|l| l.starts_with("ok ")).count();
    assert!(
        oks >= set.templates.len() + set.checks.len(),
        "{oks} tests for {} templates and {} checks:\n{stdout}",
        set.templates.len(),
        set.checks.len()
    );
    assert!(
        stdout.contains(&format!("{oks} test(s): {oks} ok, 0 failed")),
        "{stdout}"
    );
}

#[test]
fn a_broken_expectation_fails_with_a_diff_naming_the_field() {
    let tmp = tempfile::tempdir().unwrap();
    let rules = copy_rules(tmp.path());
    let invoice = rules.join("documents/red_mesa_carrier_invoice.toml");
    let (line, _) = edit_once(
        &invoice,
        "total_usd = \"2595.00\"",
        "total_usd = \"2495.00\"",
    );
    let header = test_header_line(&invoice, line);

    let out = run(&["rules", "test"], &rules);
    let (stdout, stderr) = text(&out);
    assert_eq!(out.status.code(), Some(1), "{stdout}\n{stderr}");
    let failed: Vec<&str> = stdout.lines().filter(|l| l.starts_with("FAILED")).collect();
    assert_eq!(failed.len(), 1, "{stdout}");
    assert!(
        failed[0].contains(&format!(
            "documents/red_mesa_carrier_invoice.toml:{header}:"
        )),
        "{stdout}"
    );
    // The diff names the field, what was expected and what came out, and where it was read.
    let after: Vec<&str> = stdout
        .lines()
        .skip_while(|l| !l.starts_with("FAILED"))
        .skip(1)
        .take_while(|l| !l.starts_with("ok ") && !l.starts_with("FAILED"))
        .map(str::trim)
        .collect();
    assert_eq!(after[0], "fields.total_usd", "{stdout}");
    assert_eq!(after[1], "- expected \"2495.00\"", "{stdout}");
    assert_eq!(after[2], "+ got      \"2595.00\"", "{stdout}");
    assert!(
        after[3].contains("printed \"$2,595.00\" on page 1"),
        "{stdout}"
    );
    assert!(
        !after.iter().any(|l| l.starts_with("fields.invoice_number")),
        "only differing fields are shown:\n{stdout}"
    );
    assert!(stdout.contains("1 failed"), "{stdout}");
}

#[test]
fn a_check_test_that_no_longer_holds_fails_with_the_exceptions_raised() {
    let tmp = tempfile::tempdir().unwrap();
    let rules = copy_rules(tmp.path());
    // Turn the check off: its test, which expects it raised, must fail and say what came out.
    let checks = rules.join("checks.toml");
    let t = std::fs::read_to_string(&checks).unwrap();
    let at = t
        .find("id = \"pod_unsigned\"")
        .expect("the pod_unsigned check");
    let patched = format!(
        "{}id = \"pod_unsigned\"\nenabled = false{}",
        &t[..at],
        &t[at + "id = \"pod_unsigned\"".len()..]
    );
    std::fs::write(&checks, patched).unwrap();

    let out = run(&["rules", "test"], &rules);
    let (stdout, stderr) = text(&out);
    assert_eq!(out.status.code(), Some(1), "{stdout}\n{stderr}");
    let failed: Vec<&str> = stdout.lines().filter(|l| l.starts_with("FAILED")).collect();
    assert!(!failed.is_empty(), "{stdout}");
    assert!(
        failed.iter().all(|l| l.contains("checks.toml:")),
        "{stdout}"
    );
    assert!(
        stdout.contains("- expected [pod_unsigned]") && stdout.contains("+ got      []"),
        "{stdout}"
    );
}

#[test]
fn rules_check_reports_a_missing_sample_and_rules_test_fails_that_test() {
    let tmp = tempfile::tempdir().unwrap();
    let rules = copy_rules(tmp.path());
    let pod = rules.join("documents/red_mesa_proof_of_delivery.toml");
    let (l, c) = edit_once(
        &pod,
        "\"../../samples/pdfs/pod_4471203.pdf\"",
        "\"../../samples/pdfs/pod_9999999.pdf\"",
    );
    let header = test_header_line(&pod, l);
    // The rules are right, the test cannot run here: a warning at its place, exit 0 (a rules
    // folder copied without the samples is still a good rule set).
    let out = run(&["rules", "check"], &rules);
    let (stdout, stderr) = text(&out);
    assert_eq!(out.status.code(), Some(0), "{stdout}\n{stderr}");
    let want = format!("documents/red_mesa_proof_of_delivery.toml:{l}:{c}: warning: sample file `../../samples/pdfs/pod_9999999.pdf` not found");
    assert!(stderr.contains(&want), "{want}\n{stderr}");
    assert!(stdout.contains("1 warning(s)"), "{stdout}");

    // `rules test` fails that test, and only that one.
    let out = run(&["rules", "test"], &rules);
    let (stdout, stderr) = text(&out);
    assert_eq!(out.status.code(), Some(1), "{stdout}\n{stderr}");
    assert!(stderr.contains(&want), "{stderr}");
    let failed: Vec<&str> = stdout.lines().filter(|l| l.starts_with("FAILED")).collect();
    assert_eq!(failed.len(), 1, "{stdout}");
    assert!(
        failed[0].contains(&format!("red_mesa_proof_of_delivery.toml:{header}:")),
        "{stdout}"
    );
    assert!(stdout.contains("pod_9999999.pdf"), "{stdout}");
}

#[test]
fn rules_check_reports_an_unknown_field_in_a_test_at_its_place() {
    let tmp = tempfile::tempdir().unwrap();
    let rules = copy_rules(tmp.path());
    let pod = rules.join("documents/red_mesa_proof_of_delivery.toml");
    let (l, _) = edit_once(&pod, "\nreceived_by = \"", "\nreceived_on = \"");
    let out = run(&["rules", "check"], &rules);
    let (stdout, stderr) = text(&out);
    assert_eq!(out.status.code(), Some(1), "{stdout}\n{stderr}");
    // The field name is on the line after the newline the edit started with.
    let want = format!(
        "documents/red_mesa_proof_of_delivery.toml:{}:1: unknown field `received_on` for proof_of_delivery",
        l + 1
    );
    assert!(stderr.contains(&want), "{want}\n{stderr}");
    assert!(stderr.contains("1 problem(s)"), "{stderr}");

    // `rules test` refuses to run tests with problems, and says why.
    let out = run(&["rules", "test"], &rules);
    let (stdout, stderr) = text(&out);
    assert_eq!(out.status.code(), Some(1), "{stdout}\n{stderr}");
    assert!(stderr.contains(&want), "{stderr}");
    assert!(!stdout.contains("ok "), "{stdout}");
}

#[test]
fn a_misspelled_test_setting_is_reported_with_its_place() {
    let tmp = tempfile::tempdir().unwrap();
    let rules = copy_rules(tmp.path());
    let kinds = rules.join("kinds.toml");
    let (l, c) = edit_once(
        &kinds,
        "subject = \"POD KB-20977\"",
        "subjekt = \"POD KB-20977\"",
    );
    let out = run(&["rules", "check"], &rules);
    let (stdout, stderr) = text(&out);
    assert_eq!(out.status.code(), Some(1), "{stdout}\n{stderr}");
    let want = format!("kinds.toml:{l}:{c}: unknown field `subjekt`");
    assert!(stderr.contains(&want), "{want}\n{stderr}");
    // The daemon is not stopped by a broken test: the rule set itself still loads.
    freightdesk::rules::RuleSet::load(&rules).expect("tests do not stop the rules loading");
}

#[test]
fn extract_says_which_template_matched_and_why() {
    let rules = common::repo().join("rules");
    let pdfs = common::repo().join("samples/pdfs");
    let out = bin()
        .args(["extract", "--json", "--rules"])
        .arg(&rules)
        .arg(pdfs.join("invoice_RM-10452.pdf"))
        .output()
        .unwrap();
    assert!(out.status.success());
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let c = &v["documents"][0]["classification"];
    assert_eq!(c["by"], "template", "{c}");
    assert_eq!(c["page"], 1);
    assert_eq!(c["template"]["template"], "red_mesa_invoice", "{c}");
    assert_eq!(
        c["template"]["file"],
        "documents/red_mesa_carrier_invoice.toml"
    );
    let found: Vec<&str> = c["template"]["found"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| x.as_str().unwrap())
        .collect();
    assert!(found.contains(&"total due"), "{c}");
    assert!(c["template"]["missed"].as_array().unwrap().is_empty());
    // The closest other template misses at least one of its phrases, named.
    let closest = &c["candidates"][0];
    assert!(!closest["missed"].as_array().unwrap().is_empty(), "{c}");
    assert!(c.get("kinds").is_none(), "{c}");
    assert_eq!(v["documents"][0]["classification_confidence"], 1.0, "{v}");

    // No template: the kind model says `other` (no freight paperwork); the keyword scores are
    // shown beside it.
    let out = bin()
        .args(["extract", "--json", "--rules"])
        .arg(&rules)
        .arg(pdfs.join("brochure_ironhorse_summer2026.pdf"))
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let c = &v["documents"][0]["classification"];
    assert_eq!(c["by"], "model", "{c}");
    assert_eq!(v["documents"][0]["kind"], "other", "{v}");
    assert!(c.get("template").is_none(), "{c}");
    let kinds = c["kinds"].as_array().unwrap();
    assert_eq!(kinds.len(), 7, "every kind's score: {c}");
    assert!(kinds
        .iter()
        .all(|k| k["score"].as_u64().unwrap() < k["threshold"].as_u64().unwrap()));

    // The text output says the same.
    let out = bin()
        .args(["extract", "--rules"])
        .arg(&rules)
        .arg(pdfs.join("invoice_RM-10452.pdf"))
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.contains("why: page 1 has every `match` phrase of red_mesa_invoice"),
        "{stdout}"
    );
    assert!(stdout.contains("closest other templates:"), "{stdout}");
}

/// The staff guide's walkthrough: copy a template, give it a new id, delete the copied test;
/// `rules check` accepts it and `extract` names the new template and why.
#[test]
fn a_copied_template_is_picked_up_as_the_walkthrough_says() {
    let tmp = tempfile::tempdir().unwrap();
    let rules = copy_rules(tmp.path());
    let original =
        std::fs::read_to_string(rules.join("documents/red_mesa_carrier_invoice.toml")).unwrap();
    let template = &original[..original.find("[[test]]").expect("the shipped test")];
    let copy = template
        .replace("id = \"red_mesa_invoice\"", "id = \"mesa_verde_invoice\"")
        .replace(
            "match = [\"Red Mesa Trucking LLC\",",
            "match = [\"Red Mesa Trucking LLC\", \"Subtotal\",",
        );
    assert!(copy.contains("mesa_verde_invoice") && copy.contains("\"Subtotal\""));
    std::fs::write(
        rules.join("documents/mesa_verde_carrier_invoice.toml"),
        copy,
    )
    .unwrap();

    let out = run(&["rules", "check"], &rules);
    let (stdout, stderr) = text(&out);
    assert!(out.status.success(), "{stdout}\n{stderr}");
    let out = bin()
        .args(["extract", "--rules"])
        .arg(&rules)
        .arg(tmp.path().join("samples/pdfs/invoice_RM-10452.pdf"))
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.contains("documents/mesa_verde_carrier_invoice.toml#mesa_verde_invoice"),
        "{stdout}"
    );
    assert!(
        stdout.contains("why: page 1 has every `match` phrase of mesa_verde_invoice"),
        "{stdout}"
    );
    // The template it displaced is named, matching too but with fewer phrases.
    assert!(
        stdout.contains("red_mesa_invoice (documents/red_mesa_carrier_invoice.toml): all 5 phrases too, but the winner has more (6)"),
        "{stdout}"
    );
    // Now the shipped Red Mesa test fails: its sample reads with the new template.
    let out = run(&["rules", "test"], &rules);
    let (stdout, _) = text(&out);
    assert_eq!(out.status.code(), Some(1), "{stdout}");
    assert!(
        stdout.contains("- expected red_mesa_invoice")
            && stdout.contains("+ got      mesa_verde_invoice"),
        "{stdout}"
    );
}

#[test]
fn extract_shows_how_sure_the_classification_is() {
    // With the shipped kind model, the model decides and extract says so.
    let pdf = common::repo().join("samples/eval/unseen/invoice_granitepeak_GPF-88.pdf");
    let out = bin()
        .args(["extract", "--json", "--rules"])
        .arg(common::repo().join("rules"))
        .arg(&pdf)
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let d = &v["documents"][0];
    assert_eq!(d["kind"], "carrier_invoice", "{d}");
    assert_eq!(d["classification"]["by"], "model", "{d}");
    // Without it (a site that has not trained one), the keyword scores of kinds.toml.
    let tmp = tempfile::tempdir().unwrap();
    let rules = copy_rules(tmp.path());
    std::fs::remove_file(rules.join("kind_model.json")).unwrap();
    let out = bin()
        .args(["extract", "--json", "--rules"])
        .arg(&rules)
        .arg(&pdf)
        .output()
        .unwrap();
    assert!(out.status.success());
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let d = &v["documents"][0];
    // carrier_invoice 6 against rate_confirmation 4: (6 - 4) / 6.
    assert_eq!(d["kind"], "carrier_invoice", "{d}");
    assert_eq!(d["classification"]["by"], "keywords", "{d}");
    assert_eq!(d["classification_confidence"], 0.33, "{d}");
    assert_eq!(d["classification"]["min_confidence"], 0.2, "{d}");
    let out = bin()
        .args(["extract", "--rules"])
        .arg(&rules)
        .arg(&pdf)
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("classification_confidence: 0.33 (min_confidence 0.20)"),
        "{text}"
    );
}

#[test]
fn a_min_confidence_outside_0_to_1_is_reported_at_its_place() {
    let tmp = tempfile::tempdir().unwrap();
    let rules = copy_rules(tmp.path());
    let (l, _) = edit_once(
        &rules.join("kinds.toml"),
        "min_confidence = 0.2",
        "min_confidence = 20",
    );
    let out = run(&["rules", "check"], &rules);
    let (stdout, stderr) = text(&out);
    assert_eq!(out.status.code(), Some(1), "{stdout}\n{stderr}");
    let want = format!("kinds.toml:{l}:18: min_confidence is 20; it must be 0 to 1");
    assert!(stderr.contains(&want), "{want}\n{stderr}");
}
