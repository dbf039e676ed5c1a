//! `freightdesk rules check DIR`, the binary, on copies of the shipped `rules/` with one thing
//! broken: each kind of mistake staff can make (TOML syntax, an unknown field in a template, a bad
//! regex, a check condition that does not compile, that names an unknown field or variable, or
//! that mixes types) is reported as one exact `file:line:column: message` line, and the command
//! exits 1. Then several mistakes in several files are all reported in one run.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use freightdesk::model::DocumentKind;

/// A copy of the shipped rules in a temporary folder, as `TMP/rules`. `TMP/samples` points at the
/// repository's samples, so the `[[test]]` tables' sample paths (relative to each rule file)
/// resolve as they do in the repository.
struct Rules {
    _tmp: tempfile::TempDir,
    dir: PathBuf,
}

impl Rules {
    fn shipped() -> Rules {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("rules");
        common::copy_dir(&common::repo().join("rules"), &dir);
        std::os::unix::fs::symlink(common::repo().join("samples"), tmp.path().join("samples"))
            .unwrap();
        Rules { _tmp: tmp, dir }
    }

    /// Replace the one occurrence of `old` in `file` by `new`.
    fn replace(&self, file: &str, old: &str, new: &str) {
        let path = self.dir.join(file);
        let text = std::fs::read_to_string(&path).unwrap();
        assert_eq!(text.matches(old).count(), 1, "`{old}` once in {file}");
        std::fs::write(&path, text.replacen(old, new, 1)).unwrap();
    }

    /// The line `DIR/file:line:col: message` as `rules check` prints it, where line:col is the
    /// place of `needle` (which occurs once in the file as edited) moved `shift` characters right.
    fn line(&self, file: &str, needle: &str, shift: usize, message: &str) -> String {
        let text = std::fs::read_to_string(self.dir.join(file)).unwrap();
        assert_eq!(text.matches(needle).count(), 1, "`{needle}` once in {file}");
        let offset = text.find(needle).unwrap();
        let before = &text[..offset];
        let line = before.matches('\n').count() + 1;
        let col = before.rsplit('\n').next().unwrap().chars().count() + 1 + shift;
        format!("{}/{file}:{line}:{col}: {message}", self.dir.display())
    }

    /// Run `freightdesk rules check DIR`: its exit code and the lines it printed on stderr.
    fn check(&self) -> (Option<i32>, Vec<String>) {
        let out = Command::new(env!("CARGO_BIN_EXE_freightdesk"))
            .args(["rules", "check"])
            .arg(&self.dir)
            .output()
            .unwrap();
        let err = String::from_utf8(out.stderr).unwrap();
        (out.status.code(), err.lines().map(str::to_string).collect())
    }

    /// `rules check` reports exactly `expected` (in any order) and exits 1.
    fn assert_problems(&self, expected: &[String]) {
        let (code, lines) = self.check();
        assert_eq!(code, Some(1), "{lines:#?}");
        let mut problems: Vec<String> = lines
            .iter()
            .filter(|l| !l.ends_with("problem(s)"))
            .cloned()
            .collect();
        let mut want = expected.to_vec();
        problems.sort();
        want.sort();
        assert_eq!(problems, want);
        assert_eq!(
            lines.last().map(String::as_str),
            Some(format!("{} problem(s)", expected.len()).as_str())
        );
    }
}

const INVOICE: &str = "documents/red_mesa_carrier_invoice.toml";

#[test]
fn the_shipped_rules_have_no_problem() {
    let rules = Rules::shipped();
    let (code, lines) = rules.check();
    assert_eq!(code, Some(0), "{lines:#?}");
    assert!(lines.is_empty(), "{lines:#?}");
}

#[test]
fn a_misspelled_kind_or_an_empty_heading_in_stops() {
    let rules = Rules::shipped();
    rules.replace(
        "kinds.toml",
        "kinds = [\"rate_confirmation\", \"bill_of_lading\", \"load_tender\"]",
        "kinds = [\"rate_confirmaton\", \"bill_of_lading\", \"load_tender\"]",
    );
    rules.replace(
        "kinds.toml",
        "delivery = [\"{Delivery|",
        "delivery = [\"\", \"{Delivery|",
    );
    rules.assert_problems(&[
        rules.line(
            "kinds.toml",
            "\"rate_confirmaton\"",
            0,
            "[stops] kinds: unknown document kind `rate_confirmaton` (expected one of: \
             rate_confirmation, bill_of_lading, proof_of_delivery, carrier_invoice, \
             lumper_receipt, load_tender, notice_of_assignment, other)",
        ),
        rules.line(
            "kinds.toml",
            "[\"\", \"{Delivery",
            0,
            "labels of `stops.delivery`: a label is empty",
        ),
    ]);
}

#[test]
fn toml_syntax_error() {
    let rules = Rules::shipped();
    rules.replace(
        INVOICE,
        "issuer = \"Red Mesa Trucking LLC\"",
        "issuer = \"Red Mesa Trucking LLC",
    );
    rules.assert_problems(&[rules.line(
        INVOICE,
        "issuer = \"Red Mesa",
        31,
        "invalid basic string, expected `\"`",
    )]);
}

#[test]
fn unknown_field_in_a_template() {
    let rules = Rules::shipped();
    rules.replace(INVOICE, "\ninvoice_date = '", "\ninvoice_dte = '");
    rules.assert_problems(&[rules.line(
        INVOICE,
        "invoice_dte",
        0,
        &format!(
            "unknown field `invoice_dte` for carrier_invoice; known fields: {}",
            DocumentKind::CarrierInvoice.canonical_fields().join(", ")
        ),
    )]);
}

#[test]
fn bad_regex_in_a_template() {
    let rules = Rules::shipped();
    let bad = r"\bMC[ \t]+(?P<value>\d{1,7}\b";
    rules.replace(INVOICE, r"\bMC[ \t]+(?P<value>\d{1,7})\b", bad);
    // The place is the pattern's opening quote; under the headline, the pattern and a caret
    // under the group that is never closed, as the regex crate shows them.
    let (code, lines) = rules.check();
    assert_eq!(code, Some(1), "{lines:#?}");
    let head = rules.line(INVOICE, &format!("'{bad}'"), 0, "bad regex: unclosed group");
    let at = lines
        .iter()
        .position(|l| *l == head)
        .unwrap_or_else(|| panic!("no {head:?} in {lines:#?}"));
    assert_eq!(lines[at + 1], format!("    {bad}"), "{lines:#?}");
    let caret = &lines[at + 2];
    assert_eq!(caret.trim(), "^", "{lines:#?}");
    assert_eq!(
        caret.find('^'),
        Some(4 + bad.find("(?P").unwrap()),
        "the caret is under the unclosed `(`: {lines:#?}"
    );
    assert_eq!(lines.last().map(String::as_str), Some("1 problem(s)"));
}

/// A pattern written in double quotes: TOML reads `\d` as an escape it does not know; the
/// message says to use single quotes.
#[test]
fn a_pattern_in_double_quotes_suggests_single_quotes() {
    let rules = Rules::shipped();
    let single = r"'\bMC[ \t]+(?P<value>\d{1,7})\b'";
    let double = r#""\bMC[ \t]+(?P<value>\d{1,7})\b""#;
    rules.replace(INVOICE, single, double);
    rules.assert_problems(&[rules.line(
        INVOICE,
        r#"\d{1,7})\b""#,
        1,
        "missing escaped value, expected `b`, `e`, `f`, `n`, `r`, `\\`, `\"`, `x`, `u`, `U`; \
         patterns are easiest in single quotes: '\\d+' takes the text as written",
    )]);
}

#[test]
fn a_customer_route_attaching_carrier_paperwork_is_refused() {
    // A rate confirmation or carrier invoice shows what the broker pays the carrier: whatever
    // the rules say, it never goes to a customer.
    for kind in ["carrier_invoice", "rate_confirmation"] {
        let rules = Rules::shipped();
        rules.replace(
            "notifications.toml",
            "attach = \"proof_of_delivery\"",
            &format!("attach = \"{kind}\""),
        );
        rules.assert_problems(&[rules.line(
            "notifications.toml",
            &format!("attach = \"{kind}\""),
            9,
            &format!(
                "a customer never receives a {kind}: it shows what the broker pays the carrier \
                 or is not shipment paperwork; a customer route may attach proof_of_delivery, \
                 bill_of_lading or lumper_receipt"
            ),
        )]);
    }
}

#[test]
fn an_exception_route_to_a_customer_is_refused() {
    let rules = Rules::shipped();
    rules.replace(
        "notifications.toml",
        "event = \"exception\"\nto = \"staff\"",
        "event = \"exception\"\nto = \"customer\"",
    );
    rules.assert_problems(&[rules.line(
        "notifications.toml",
        "\"exception\"\nto = \"customer\"",
        0,
        "exceptions are for staff: a customer never sees one (to = \"staff\")",
    )]);
}

#[test]
fn an_email_template_naming_an_unknown_variable() {
    // `{{ load.load_numbr }}` would render empty: the customer would read "Load  picked up".
    let rules = Rules::shipped();
    rules.replace(
        "emails/picked_up.txt",
        "Subject: Load {{ load.load_number }}",
        "Subject: Load {{ load.load_numbr }}",
    );
    rules.replace(
        "emails/delivered.txt",
        "{% if document.fields.received_by %}",
        "{% if document.fields.recieved_by %}",
    );
    rules.assert_problems(&[
        rules.line(
            "emails/picked_up.txt",
            "load.load_numbr",
            0,
            "unknown variable `load.load_numbr`: `load` has load_number, status",
        ),
        rules.line(
            "emails/delivered.txt",
            "document.fields.recieved_by",
            0,
            &format!(
                "unknown variable `document.fields.recieved_by`: a proof_of_delivery has the \
                 fields {}",
                DocumentKind::ProofOfDelivery.canonical_fields().join(", ")
            ),
        ),
    ]);
}

#[test]
fn condition_that_does_not_compile() {
    let rules = Rules::shipped();
    rules.replace(
        "checks.toml",
        "condition = \"pod.osd_notes != null\"",
        "condition = \"pod.osd_notes != null &&\"",
    );
    // The place is the end of the expression: its closing quote.
    rules.assert_problems(&[rules.line(
        "checks.toml",
        "pod.osd_notes != null &&\"",
        24,
        "check `pod_osd_notes`: the condition does not compile: the condition ends too early; \
         hint: finish the comparison, or close the bracket or quote",
    )]);
}

#[test]
fn condition_naming_an_unknown_field() {
    let rules = Rules::shipped();
    rules.replace(
        "checks.toml",
        "invoice.total_usd > rate_con.total_usd",
        "invoice.totl_usd > rate_con.total_usd",
    );
    rules.assert_problems(&[rules.line(
        "checks.toml",
        "totl_usd",
        0,
        "check `invoice_over_agreed`: unknown field `totl_usd` of `invoice` (a carrier_invoice); \
         did you mean `total_usd`?",
    )]);
}

#[test]
fn condition_naming_an_unknown_variable() {
    let rules = Rules::shipped();
    // `charge` exists only for the checks judged per invoice line.
    rules.replace(
        "checks.toml",
        "condition = \"pod.signed == false\"",
        "condition = \"pod.signed == false && charge.amount_usd > 0.0 && rate_conf.total_usd > 0.0\"",
    );
    let known: Vec<&str> = freightdesk::rules::condition::variables("pod_unsigned")
        .unwrap()
        .into_iter()
        .map(|(n, _)| n)
        .collect();
    rules.assert_problems(&[
        rules.line(
            "checks.toml",
            "charge.amount_usd > 0.0",
            0,
            &format!(
                "check `pod_unsigned`: unknown name `charge`; this check can use {}",
                known.join(", ")
            ),
        ),
        rules.line(
            "checks.toml",
            "rate_conf.total_usd",
            0,
            "check `pod_unsigned`: unknown name `rate_conf`; did you mean `rate_con`?",
        ),
    ]);
}

#[test]
fn condition_with_a_wrong_type() {
    let rules = Rules::shipped();
    // Money compared with text, and a decimal amount multiplied by a whole number.
    rules.replace(
        "checks.toml",
        "condition = \"!has_load\"",
        "condition = \"!has_load || invoice.total_usd > '2500' || invoice.total_usd * 2 > 5000.0\"",
    );
    rules.assert_problems(&[
        rules.line(
            "checks.toml",
            "> '2500'",
            0,
            "check `invoice_unknown_load`: `>` compares `invoice.total_usd` (money, a number) \
             with `'2500'` (text); hint: amounts are numbers: write them without quotes (2500.0); \
             dates and identifiers are text in quotes ('2026-07-14')",
        ),
        rules.line(
            "checks.toml",
            "* 2 >",
            0,
            "check `invoice_unknown_load`: `*` mixes a number with decimals and a whole number \
             `2`; hint: write `2.0`",
        ),
    ]);
}

#[test]
fn every_problem_in_every_file_at_once() {
    let rules = Rules::shipped();
    rules.replace(INVOICE, "\ninvoice_date = '", "\ninvoice_dte = '");
    rules.replace(
        "documents/lone_oak_carrier_invoice.toml",
        "id = \"lone_oak_invoice\"\nkind = \"carrier_invoice\"",
        "id = \"lone_oak_invoice\"\nkind = \"carrier_invoices\"",
    );
    rules.replace(
        "notifications.toml",
        "[[route]]\nevent = \"picked_up\"",
        "[[route]\nevent = \"picked_up\"",
    );
    rules.replace(
        "checks.toml",
        "condition = \"pod.osd_notes != null\"",
        "condition = \"pod.osd_notes != null &&\"",
    );
    rules.replace(
        "checks.toml",
        "invoice.total_usd > rate_con.total_usd",
        "invoice.totl_usd > rate_con.total_usd",
    );
    rules.replace(
        "checks.toml",
        "id = \"invoice_before_delivery\"\nseverity = \"low\"",
        "id = \"invoice_before_delivery\"\nseverity = \"lowest\"",
    );
    rules.assert_problems(&[
        rules.line(
            INVOICE,
            "invoice_dte",
            0,
            &format!(
                "unknown field `invoice_dte` for carrier_invoice; known fields: {}",
                DocumentKind::CarrierInvoice.canonical_fields().join(", ")
            ),
        ),
        rules.line(
            "documents/lone_oak_carrier_invoice.toml",
            "\"carrier_invoices\"",
            0,
            "unknown document kind `carrier_invoices` (expected one of: rate_confirmation, \
             bill_of_lading, proof_of_delivery, carrier_invoice, lumper_receipt, load_tender, notice_of_assignment, other)",
        ),
        rules.line(
            "notifications.toml",
            "[[route]\n",
            8,
            "unclosed array table, expected `]`",
        ),
        rules.line(
            "checks.toml",
            "totl_usd",
            0,
            "check `invoice_over_agreed`: unknown field `totl_usd` of `invoice` (a carrier_invoice); \
             did you mean `total_usd`?",
        ),
        rules.line(
            "checks.toml",
            "pod.osd_notes != null &&\"",
            24,
            "check `pod_osd_notes`: the condition does not compile: the condition ends too early; \
             hint: finish the comparison, or close the bracket or quote",
        ),
        rules.line(
            "checks.toml",
            "\"lowest\"",
            0,
            "unknown severity `lowest`; one of low, medium, high",
        ),
    ]);
}

/// A config for `var` (created) reading the messages in `inbox` with the rules in `rules`.
fn config(var: &Path, inbox: &Path, rules: &Path) -> PathBuf {
    std::fs::create_dir_all(var).unwrap();
    let text = format!(
        "[intake]\nkind = \"folder\"\npath = \"{inbox}\"\n\n[outgoing]\nkind = \"file\"\n\
         path = \"{var}/outbox\"\nfrom = \"Back Office <backoffice@northstarlogistics.example>\"\n\n\
         [store]\nurl = \"sqlite://{var}/freightdesk.db\"\narchive = \"{var}/archive\"\n\n\
         [paths]\nrules = \"{rules}\"\ndirectory = \"{directory}\"\n\n\
         [staff]\nemails = [\"ap@northstarlogistics.example\"]\n",
        inbox = inbox.display(),
        var = var.display(),
        rules = rules.display(),
        directory = common::repo().join("samples/directory").display(),
    );
    let path = var.join("freightdesk.toml");
    std::fs::write(&path, text).unwrap();
    path
}

/// A condition that passes `rules check` but fails at run time (a field that was not read, so
/// null, given to `size`) skips that check for that document: the message is still processed
/// (the POD is filed, the customer gets the delivered email) and staff get a `condition_failed`
/// exception that names the check and the error; the failure is logged.
#[test]
fn a_condition_failing_at_run_time_skips_the_check_and_tells_staff() {
    let rules = Rules::shipped();
    rules.replace(
        "checks.toml",
        "condition = \"pod.signed == false\"",
        "condition = \"pod.signed == false || size(pod.osd_notes) > 100\"",
    );
    let (code, lines) = rules.check();
    assert_eq!(code, Some(0), "{lines:#?}");

    let tmp = tempfile::tempdir().unwrap();
    let inbox = tmp.path().join("inbox");
    std::fs::create_dir_all(&inbox).unwrap();
    for m in ["01-signed-ratecon-4471203.eml", "07-pod-lumper-4471203.eml"] {
        std::fs::copy(common::repo().join("samples/inbox").join(m), inbox.join(m)).unwrap();
    }
    let config = config(&tmp.path().join("var"), &inbox, &rules.dir);
    let bin = env!("CARGO_BIN_EXE_freightdesk");
    let run = Command::new(bin)
        .args(["run", "--once", "--config"])
        .arg(&config)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&run.stdout);
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(run.status.success(), "{stdout}\n{stderr}");
    assert!(
        stdout.contains("messages read: 2 (2 new"),
        "{stdout}\n{stderr}"
    );
    assert!(
        stdout.contains("exceptions: 1 (condition_failed 1)"),
        "{stdout}\n{stderr}"
    );
    assert!(
        stderr.contains("a check's condition failed; the check is skipped for this document"),
        "{stderr}"
    );
    assert!(stderr.contains("checks.toml#pod_unsigned"), "{stderr}");
    // The delivered milestone still went out.
    let outbox: Vec<String> = std::fs::read_dir(tmp.path().join("var/outbox"))
        .unwrap()
        .map(|e| std::fs::read_to_string(e.unwrap().path()).unwrap())
        .collect();
    assert!(
        outbox
            .iter()
            .any(|m| m.contains("shipping@acmefoods.example") && m.contains("4471203")),
        "{outbox:#?}"
    );

    let list = Command::new(bin)
        .args(["exceptions", "--config"])
        .arg(&config)
        .output()
        .unwrap();
    let list = String::from_utf8_lossy(&list.stdout);
    assert!(
        list.contains("[high] condition_failed (load 4471203, open)"),
        "{list}"
    );
    assert!(
        list.contains(
            "The condition of check pod_unsigned failed on a proof_of_delivery of load 4471203: \
             found no matching overload for 'size' applied to '(null_type)' (a field that was \
             not read is null: test `field != null` before using it). The check was skipped; fix \
             its condition in checks.toml and run `freightdesk rules check`."
        ),
        "{list}"
    );
}
