//! Corpus test of extraction: every `samples/pdfs/NAME.pdf` against `NAME.expected.json`, the
//! ground truth written by the sample generator from the same data it drew. Compared: each
//! document's kind, pages, canonical fields, charges and accessorials.

mod common;

use freightdesk::extract::{extract_file, PdfLimits};
use freightdesk::rules::RuleSet;
use serde_json::{json, Value};

/// What `extract --json` prints, less what the ground truth does not hold: provenance, template,
/// issuer, and fields beyond the kind's canonical ones.
fn comparable(docs: &[freightdesk::model::ExtractedDocument]) -> Value {
    let mut v = freightdesk::cli::extract_json(docs);
    for (d, doc) in v["documents"].as_array_mut().unwrap().iter_mut().zip(docs) {
        let o = d.as_object_mut().unwrap();
        for k in ["provenance", "template", "issuer"] {
            o.remove(k);
        }
        o["fields"]
            .as_object_mut()
            .unwrap()
            .retain(|k, _| doc.kind.canonical_fields().contains(&k.as_str()));
    }
    v
}

#[test]
fn every_sample_pdf_extracts_as_expected() {
    let rules = RuleSet::load(common::repo().join("rules")).expect("shipped rules load");
    let pdfs = common::files_with_ext(&common::repo().join("samples/pdfs"), "pdf");
    assert!(
        pdfs.len() >= 12,
        "expected the sample PDFs, found {}",
        pdfs.len()
    );
    let mut failures = Vec::new();
    let mut compared = 0;
    for pdf in &pdfs {
        let expected = pdf.with_extension("expected.json");
        let bytes = std::fs::read(pdf).unwrap();
        let actual = match extract_file(&bytes, &rules, &PdfLimits::default()) {
            Ok(docs) => comparable(&docs),
            Err(e) => json!({ "error": e.to_string() }),
        };
        compared += 1;
        if let Err(e) = common::compare_expected(&expected, &actual) {
            failures.push(e);
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {compared} PDFs differ:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// Two documents of the same layout back to back (a carrier's scan of two rate cons) split
/// into two documents by their key field, while each rate con's terms page stays with it.
#[test]
fn same_layout_documents_in_one_file_split_by_key() {
    use freightdesk::extract::{extract_pages, pdf_text::pdf_text};
    let rules = RuleSet::load(common::repo().join("rules")).unwrap();
    let mut pages = Vec::new();
    for name in [
        "ratecon_4471203.pdf",
        "ratecon_4471260.pdf",
        "invoice_RM-10452.pdf",
    ] {
        let bytes = std::fs::read(common::repo().join("samples/pdfs").join(name)).unwrap();
        for mut p in pdf_text(&bytes, &PdfLimits::default()).unwrap() {
            p.page = pages.len() as u32 + 1;
            pages.push(p);
        }
    }
    let docs = extract_pages(&pages, &rules);
    let summary: Vec<(String, Vec<u32>, Option<&str>)> = docs
        .iter()
        .map(|d| (d.kind.to_string(), d.pages.clone(), d.field("load_number")))
        .collect();
    assert_eq!(
        summary,
        [
            ("rate_confirmation".to_string(), vec![1, 2], Some("4471203")),
            ("rate_confirmation".to_string(), vec![3, 4], Some("4471260")),
            ("carrier_invoice".to_string(), vec![5], Some("4471203")),
        ]
    );
}
