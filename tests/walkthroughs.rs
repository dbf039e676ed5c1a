//! The two walkthroughs a new user follows, run as written, from the documents themselves:
//! README.md's main command (its printed summaries must be what the README shows), and
//! rules/README.md's "Adding a new carrier's invoice layout, start to finish" (its code blocks
//! are taken from the guide and put together as a user would, on a PDF of a carrier the shipped
//! rules have never seen). If either document and the program disagree, this fails.

mod common;

use std::process::{Command, Output};

use common::pdf::Pdf;

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_freightdesk"))
}

fn ok(out: Output) -> String {
    assert!(
        out.status.success(),
        "exit {:?}\nstdout:\n{}\nstderr:\n{}",
        out.status,
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// The fenced code blocks of `text` after the line containing `heading`, in order, each without
/// its fences, unindented by the fence's own indentation.
fn blocks_after(text: &str, heading: &str) -> Vec<String> {
    let start = text
        .find(heading)
        .unwrap_or_else(|| panic!("`{heading}` is in the document"));
    let mut out = Vec::new();
    let mut current: Option<(usize, Vec<String>)> = None;
    for line in text[start..].lines() {
        let trimmed = line.trim_start();
        let indent = line.len() - trimmed.len();
        match (&mut current, trimmed.starts_with("```")) {
            (None, true) => current = Some((indent, Vec::new())),
            (Some(_), true) => {
                let (_, lines) = current.take().unwrap();
                out.push(lines.join("\n") + "\n");
            }
            (Some((indent, lines)), false) => {
                lines.push(line.get(*indent..).unwrap_or("").to_string())
            }
            (None, false) => {}
        }
    }
    out
}

/// The repository's samples and rules in a temporary folder, laid out as in a fresh clone.
fn fresh_clone() -> tempfile::TempDir {
    let tmp = tempfile::tempdir().unwrap();
    common::copy_dir(&common::repo().join("samples"), &tmp.path().join("samples"));
    common::copy_dir(&common::repo().join("rules"), &tmp.path().join("rules"));
    tmp
}

#[test]
fn the_readme_main_command_prints_what_the_readme_shows() {
    let readme = std::fs::read_to_string(common::repo().join("README.md")).unwrap();
    assert!(readme.contains("cargo run --release -- run --once --config samples/freightdesk.toml"));
    let shown = blocks_after(&readme, "## What the main command does");
    let clone = fresh_clone();
    let run = || {
        ok(bin()
            .args(["run", "--once", "--config", "samples/freightdesk.toml"])
            .current_dir(clone.path())
            .output()
            .unwrap())
    };
    let first = run();
    assert_eq!(
        first, shown[0],
        "the first run's summary, as README.md shows it"
    );
    let second = run();
    assert_eq!(
        second, shown[1],
        "the second run's summary, as README.md shows it"
    );

    // "Then look at what it did": loads, exceptions, the outbox.
    for what in ["loads", "exceptions"] {
        let out = ok(bin()
            .args([what, "--config", "samples/freightdesk.toml"])
            .current_dir(clone.path())
            .output()
            .unwrap());
        assert!(out.contains("SFP-88123"), "{what}:\n{out}");
    }
    let written: usize = first
        .lines()
        .find_map(|l| l.strip_prefix("emails written: "))
        .and_then(|l| l.split(' ').next())
        .and_then(|n| n.parse().ok())
        .expect("an `emails written` line");
    let outbox = clone.path().join("var/outbox");
    assert_eq!(common::files_with_ext(&outbox, "eml").len(), written);
}

/// A Mesa Verde Freight invoice, a carrier no shipped rule knows, laid out as the guide's
/// walkthrough describes it: the labels its patterns (steps 4 and 5) name, the values its test
/// (step 7) expects.
fn mesa_verde_invoice() -> Vec<u8> {
    let lines: &[(f32, f32, &str)] = &[
        (72.0, 720.0, "MESA VERDE FREIGHT LLC"),
        (430.0, 720.0, "INVOICE"),
        (
            72.0,
            704.0,
            "PO Box 118, Farmington, NM 87401   MC # 1234567",
        ),
        (72.0, 680.0, "Invoice No.  MVF-2231"),
        (340.0, 680.0, "Invoice Date: 07/20/2026"),
        (72.0, 664.0, "Bill To: Northstar Logistics"),
        (340.0, 664.0, "Your Load #: 4471999"),
        (72.0, 630.0, "DESCRIPTION"),
        (430.0, 630.0, "AMOUNT"),
        (72.0, 614.0, "Line Haul"),
        (430.0, 614.0, "$1,800.00"),
        (72.0, 590.0, "Amount Due"),
        (430.0, 590.0, "$1,800.00"),
        (
            72.0,
            560.0,
            "Remit to: Mesa Verde Freight LLC, PO Box 118, Farmington, NM 87401",
        ),
    ];
    let content: String = lines
        .iter()
        .map(|(x, y, t)| format!("BT /F1 10 Tf {x} {y} Td ({t}) Tj ET\n"))
        .collect();
    let mut pdf = Pdf::new();
    pdf.page(&content);
    pdf.bytes()
}

#[test]
fn the_rules_guide_walkthrough_teaches_a_new_invoice_layout() {
    let guide = std::fs::read_to_string(common::repo().join("rules/README.md")).unwrap();
    let blocks = blocks_after(
        &guide,
        "## Adding a new carrier's invoice layout, start to finish",
    );
    // Steps 3 (the template's top), 4 (fields), 5 (line items), 7 (the test), in that order.
    let [top, fields, charges, test, ..] = &blocks[..] else {
        panic!("the walkthrough's code blocks: {blocks:#?}");
    };
    assert!(top.contains("[[template]]") && top.contains("mesa_verde_invoice"));
    assert!(fields.starts_with("[template.fields]"), "{fields}");
    assert!(charges.starts_with("[template.charges]"), "{charges}");
    assert!(test.starts_with("[[test]]"), "{test}");

    let clone = fresh_clone();
    let root = clone.path();
    let in_clone = |args: &[&str]| bin().args(args).current_dir(root).output().unwrap();
    let pdf = root.join("mvf-invoice.pdf");
    std::fs::write(&pdf, mesa_verde_invoice()).unwrap();

    // 1. See what freightdesk sees.
    let text = ok(in_clone(&["extract", "--text", "mvf-invoice.pdf"]));
    assert!(
        text.contains("Invoice No.") && text.contains("Amount Due"),
        "{text}"
    );
    // 2. What it gets today: a carrier invoice by keywords, no template.
    let today = ok(in_clone(&["extract", "mvf-invoice.pdf"]));
    assert!(today.contains("carrier_invoice"), "{today}");
    assert!(today.contains("no template"), "{today}");

    // 3-5. The template, from the guide's blocks, in documents/.
    let template = format!("# Mesa Verde Freight invoices.\n{top}\n{fields}\n{charges}");
    let file = root.join("rules/documents/mesa_verde_carrier_invoice.toml");
    std::fs::write(&file, &template).unwrap();

    // 6. Check and try.
    let check = ok(in_clone(&["rules", "check", "rules"]));
    assert!(check.starts_with("rules: ok"), "{check}");
    let now = ok(in_clone(&["extract", "mvf-invoice.pdf"]));
    assert!(
        now.contains("documents/mesa_verde_carrier_invoice.toml#mesa_verde_invoice"),
        "{now}"
    );
    // The fields the five-field template does not define still come from the kind's labels:
    // the remit-to, which the remit_to_changed check needs.
    let remit = now
        .lines()
        .find(|l| l.trim_start().starts_with("remit_to_name"))
        .unwrap_or_else(|| panic!("a remit_to_name line:\n{now}"));
    assert!(remit.contains("Mesa Verde Freight LLC"), "{remit}");

    // 7. Pin it down with a test: the PDF kept with the others, the guide's test appended.
    std::fs::copy(&pdf, root.join("samples/pdfs/invoice_MVF-2231.pdf")).unwrap();
    std::fs::write(&file, format!("{template}\n{test}")).unwrap();
    let tested = ok(in_clone(&["rules", "test", "rules"]));
    assert!(tested.contains(" 0 failed"), "{tested}");
    assert!(
        tested.contains("documents/mesa_verde_carrier_invoice.toml"),
        "the new test ran:\n{tested}"
    );
}

#[test]
fn code_blocks_are_found_with_their_indentation_removed() {
    let doc = "# T\n\n## Steps\n1. a\n\n   ```toml\n   x = 1\n     y = 2\n   ```\n\n```\nz\n```\n";
    assert_eq!(
        blocks_after(doc, "## Steps"),
        vec!["x = 1\n  y = 2\n", "z\n"]
    );
}
