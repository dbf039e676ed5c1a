//! The PDF text layer against PDFs built here with lopdf, the sample PDFs in `samples/pdfs`,
//! and `pdftotext -layout` (poppler-utils) as the reference for "no text lost".

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use freightdesk::extract::pdf_text::{pdf_text, PageText, PdfError, PdfLimits};
mod common;

use common::pdf::{encrypted, save, Pdf};
use lopdf::{dictionary, Dictionary, Object, Stream};

/// Text drawn with `'` and `"` (which plain pdf-extract drops), across a content array of two
/// compressed streams, plus a form XObject that uses `'` too.
fn quote_operator_pdf() -> Vec<u8> {
    let mut pdf = Pdf::new();
    let form_id = pdf.doc.add_object(Stream::new(
        dictionary! {
            "Type" => "XObject",
            "Subtype" => "Form",
            "BBox" => vec![0.into(), 0.into(), 300.into(), 100.into()],
            "Matrix" => vec![1.into(), 0.into(), 0.into(), 1.into(), 72.into(), 400.into()],
            "Resources" => pdf.resources(),
        },
        b"BT /F1 11 Tf 14 TL 0 50 Td (Form first line) Tj (Form quote line) ' ET".to_vec(),
    ));
    let mut first = Stream::new(
        Dictionary::new(),
        b"BT /F1 12 Tf 16 TL 72 720 Td (Pickup: Dallas TX) Tj\n(Quote line: Consignee Acme Foods) '"
            .to_vec(),
    );
    first.compress().unwrap();
    let mut second = Stream::new(
        Dictionary::new(),
        b"2 0.5 (Double quote line: Linehaul 1850.00) \" ET /Fx Do".to_vec(),
    );
    second.compress().unwrap();
    let first_id = pdf.doc.add_object(first);
    let second_id = pdf.doc.add_object(second);
    let mut resources = pdf.resources();
    resources.set("XObject", dictionary! { "Fx" => form_id });
    let page_id = pdf.page("");
    let page = pdf.doc.get_dictionary_mut(page_id).unwrap();
    page.set("Contents", vec![first_id.into(), second_id.into()]);
    page.set("Resources", resources);
    pdf.bytes()
}

/// Two columns drawn right column first, and labels and values as separate `Tj` calls.
fn two_column_pdf() -> Vec<u8> {
    let mut pdf = Pdf::new();
    pdf.page(
        "BT /F1 10 Tf 330 700 Td (Consignee: Acme Foods) Tj ET \
         BT /F1 10 Tf 330 686 Td (Delivery: 03/14/2025) Tj ET \
         BT /F1 10 Tf 72 700 Td (Shipper: Big Box Co) Tj ET \
         BT /F1 10 Tf 72 686 Td (Pickup: 03/12/2025) Tj ET \
         BT /F1 10 Tf 72 640 Td (Rate:) Tj ET \
         BT /F1 10 Tf 110 640 Td ($1,850.00) Tj ET \
         BT /F1 10 Tf 72 626 Td (Load #) Tj ET \
         BT /F1 10 Tf 108 626 Td (LD-48213) Tj ET",
    );
    pdf.bytes()
}

/// A mix: kerned TJ, a rotated page, a superscript, a widget annotation with an appearance
/// stream (a filled-in form field), an image-only page, NBSP, and a second page of a table.
fn mixed_pdf() -> Vec<u8> {
    let mut pdf = Pdf::new();
    pdf.page(
        "BT /F1 14 Tf 72 740 Td [(RA) 40 (TE CON) -20 (FIRMA) 10 (TION)] TJ ET \
         BT /F1 10 Tf 72 700 Td [(Carrier:) -4000 (Swift Haulers LLC)] TJ ET \
         BT /F1 10 Tf 72 686 Td (Miles 1,204) Tj /F1 6 Tf 4 Ts (2) Tj /F1 10 Tf 0 Ts ( total) Tj ET \
         BT /F1 10 Tf 72 672 Td (PO\\240Number 55-1200) Tj ET \
         q 0 1 -1 0 40 300 cm BT /F1 9 Tf 0 0 Td (Printed sideways note) Tj ET Q",
    );
    // A filled-in text field: the value is only in the widget's appearance stream.
    let ap = pdf.doc.add_object(Stream::new(
        dictionary! {
            "Type" => "XObject",
            "Subtype" => "Form",
            "BBox" => vec![0.into(), 0.into(), 150.into(), 20.into()],
            "Resources" => pdf.resources(),
        },
        b"/Tx BMC BT /F1 10 Tf 2 6 Td (PRO 778812) Tj ET EMC".to_vec(),
    ));
    let widget = pdf.doc.add_object(dictionary! {
        "Type" => "Annot",
        "Subtype" => "Widget",
        "FT" => "Tx",
        "T" => Object::string_literal("pro"),
        "Rect" => vec![300.into(), 600.into(), 450.into(), 620.into()],
        "F" => 4,
        "AP" => dictionary! { "N" => ap },
    });
    let hidden_ap = pdf.doc.add_object(Stream::new(
        dictionary! {
            "Type" => "XObject",
            "Subtype" => "Form",
            "BBox" => vec![0.into(), 0.into(), 150.into(), 20.into()],
            "Resources" => pdf.resources(),
        },
        b"BT /F1 10 Tf 2 6 Td (HIDDEN) Tj ET".to_vec(),
    ));
    let hidden = pdf.doc.add_object(dictionary! {
        "Type" => "Annot",
        "Subtype" => "Widget",
        "Rect" => vec![300.into(), 500.into(), 450.into(), 520.into()],
        "F" => 2,
        "AP" => dictionary! { "N" => hidden_ap },
    });
    pdf.page_with(
        "BT /F1 10 Tf 72 606 Td (PRO number:) Tj ET",
        dictionary! { "Annots" => vec![widget.into(), hidden.into()] },
    );
    // A landscape page: /Rotate 90.
    pdf.page_with(
        "BT /F1 10 Tf 72 500 Td (Rotated page text) Tj ET",
        dictionary! { "Rotate" => 90 },
    );
    // An image-only page (a scan).
    let image = pdf.doc.add_object(Stream::new(
        dictionary! {
            "Type" => "XObject",
            "Subtype" => "Image",
            "Width" => 2,
            "Height" => 2,
            "ColorSpace" => "DeviceGray",
            "BitsPerComponent" => 8,
        },
        vec![0, 255, 255, 0],
    ));
    let mut res = pdf.resources();
    res.set("XObject", dictionary! { "Im1" => image });
    pdf.page_with(
        "q 500 0 0 700 50 50 cm /Im1 Do Q",
        dictionary! { "Resources" => res },
    );
    // A table.
    let mut table = String::from("BT /F1 9 Tf ET ");
    for (i, row) in [
        ["Stop", "City", "Date", "Weight"],
        ["1", "Dallas TX", "03/12", "42,000"],
        ["2", "Tulsa OK", "03/13", "18,500"],
    ]
    .iter()
    .enumerate()
    {
        for (j, cell) in row.iter().enumerate() {
            let x = 72 + j * 120;
            let y = 700 - i * 14;
            table.push_str(&format!("BT /F1 9 Tf {x} {y} Td ({cell}) Tj ET "));
        }
    }
    pdf.page(&table);
    pdf.bytes()
}

fn text_pdf(pages: usize) -> Vec<u8> {
    let mut pdf = Pdf::new();
    for i in 1..=pages {
        pdf.page(&format!(
            "BT /F1 12 Tf 72 700 Td (Page {i} of {pages}) Tj ET"
        ));
    }
    pdf.bytes()
}

fn extract(bytes: &[u8]) -> Vec<PageText> {
    pdf_text(bytes, &PdfLimits::default()).expect("the PDF is read")
}

// ---------------------------------------------------------------------------------------------
// 1. ' and "
// ---------------------------------------------------------------------------------------------

#[test]
fn text_drawn_with_quote_operators_is_kept() {
    let bytes = quote_operator_pdf();
    let pages = extract(&bytes);
    assert_eq!(pages.len(), 1);
    let text = &pages[0].text;
    for expected in [
        "Pickup: Dallas TX",
        "Quote line: Consignee Acme Foods",
        "Double quote line: Linehaul 1850.00",
        "Form first line",
        "Form quote line",
    ] {
        assert!(
            text.lines().any(|l| l.trim() == expected),
            "{expected:?} is not a line of:\n{text}"
        );
    }
    // ' and " move to the next line: each string is on its own line, in order.
    let order: Vec<usize> = [
        "Pickup",
        "Quote line",
        "Double quote",
        "Form first",
        "Form quote",
    ]
    .iter()
    .map(|w| text.find(w).unwrap())
    .collect();
    assert!(order.windows(2).all(|w| w[0] < w[1]), "{text}");

    // Without the rewrite this text is lost: plain pdf-extract drops it. (If this fails,
    // pdf-extract has learnt ' and ": the rewrite is no longer needed but is harmless.)
    let plain = pdf_extract::extract_text_from_mem(&bytes).unwrap();
    assert!(plain.contains("Pickup"), "{plain}");
    assert!(!plain.contains("Consignee Acme"), "{plain}");
    assert!(!plain.contains("Linehaul"), "{plain}");
}

// ---------------------------------------------------------------------------------------------
// 2. Columns and label/value pairs
// ---------------------------------------------------------------------------------------------

#[test]
fn columns_drawn_out_of_order_come_out_one_line_per_baseline() {
    let pages = extract(&two_column_pdf());
    let text = &pages[0].text;
    let lines: Vec<&str> = text.lines().collect();
    let row = |left: &str| -> &str {
        lines
            .iter()
            .find(|l| l.starts_with(left))
            .unwrap_or_else(|| panic!("no line starts with {left:?}:\n{text}"))
    };
    for (left, right) in [
        ("Shipper: Big Box Co", "Consignee: Acme Foods"),
        ("Pickup: 03/12/2025", "Delivery: 03/14/2025"),
    ] {
        let line = row(left);
        let rest = &line[left.len()..];
        assert!(
            rest.starts_with("  "),
            "at least two spaces between columns: {line:?}"
        );
        assert_eq!(rest.trim(), right, "{line:?}");
    }
    // The right column lines up.
    assert_eq!(
        row("Shipper").find("Consignee"),
        row("Pickup").find("Delivery"),
        "\n{text}"
    );
    // Label and value drawn as separate Tj calls stay on one line.
    let rate = row("Rate:");
    assert_eq!(
        rate.split_whitespace().collect::<Vec<_>>(),
        ["Rate:", "$1,850.00"]
    );
    let load = row("Load #");
    assert_eq!(
        load.split_whitespace().collect::<Vec<_>>(),
        ["Load", "#", "LD-48213"]
    );
    assert_eq!(
        lines.iter().filter(|l| !l.is_empty()).count(),
        4,
        "\n{text}"
    );
}

#[test]
fn mixed_pdf_reads_as_expected() {
    let pages = extract(&mixed_pdf());
    assert_eq!(pages.len(), 5);
    let p1 = &pages[0].text;
    assert!(p1.contains("RATE CONFIRMATION"), "kerned TJ: {p1}");
    let carrier = p1.lines().find(|l| l.starts_with("Carrier:")).unwrap();
    assert!(
        carrier.starts_with("Carrier:  "),
        "TJ gap is a column gap: {carrier:?}"
    );
    assert!(carrier.ends_with("Swift Haulers LLC"));
    assert!(
        p1.contains("Miles 1,2042 total"),
        "superscript joins its line: {p1}"
    );
    assert!(
        p1.contains("PO Number 55-1200"),
        "NBSP becomes a space: {p1}"
    );
    assert!(p1.contains("Printed sideways note"), "{p1}");
    assert!(!p1.contains('\u{a0}'));

    let p2 = &pages[1].text;
    assert!(p2.contains("PRO 778812"), "form field value: {p2}");
    assert!(!p2.contains("HIDDEN"), "hidden annotation: {p2}");
    assert!(
        p2.lines()
            .any(|l| l.starts_with("PRO number:") && l.ends_with("PRO 778812")),
        "{p2}"
    );

    assert_eq!(pages[2].text, "Rotated page text");
    assert_eq!(
        (pages[3].text.as_str(), pages[3].glyphs),
        ("", 0),
        "image-only page"
    );
    assert!(pages[4].glyphs > 0);
    let table: Vec<Vec<&str>> = pages[4]
        .text
        .lines()
        .map(|l| {
            l.split("  ")
                .map(str::trim)
                .filter(|c| !c.is_empty())
                .collect()
        })
        .collect();
    assert_eq!(
        table[1],
        ["1", "Dallas TX", "03/12", "42,000"],
        "{}",
        pages[4].text
    );
    assert_eq!(
        pages.iter().map(|p| p.page).collect::<Vec<_>>(),
        [1, 2, 3, 4, 5]
    );
}

#[test]
fn glyph_count_counts_visible_characters() {
    let pages = extract(&text_pdf(2));
    assert_eq!(pages[0].text, "Page 1 of 2");
    assert_eq!(pages[0].glyphs, "Page1of2".len());
}

// ---------------------------------------------------------------------------------------------
// 3. Nothing lost, nothing invented, against pdftotext -layout
// ---------------------------------------------------------------------------------------------

fn pdftotext_pages(path: &Path) -> Vec<String> {
    let out = match Command::new("pdftotext")
        .arg("-layout")
        .arg(path)
        .arg("-")
        .output()
    {
        Ok(out) => out,
        Err(e) => panic!(
            "`pdftotext` could not be run ({e}): install poppler-utils \
             (apt-get install -y poppler-utils); this test needs it as the reference"
        ),
    };
    assert!(
        out.status.success(),
        "pdftotext failed on {}: {}",
        path.display(),
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    let mut pages: Vec<String> = text.split('\u{c}').map(str::to_string).collect();
    // pdftotext ends every page with a form feed: the last piece is empty.
    if pages.last().is_some_and(|p| p.trim().is_empty()) {
        pages.pop();
    }
    pages
}

/// Whitespace-separated words as a multiset. Latin ligatures (U+FB00–FB06) are spelled out,
/// as `pdf_text` does on purpose and pdftotext does not.
fn words(text: &str) -> BTreeMap<String, usize> {
    let text = text
        .replace('\u{FB00}', "ff")
        .replace('\u{FB01}', "fi")
        .replace('\u{FB02}', "fl")
        .replace('\u{FB03}', "ffi")
        .replace('\u{FB04}', "ffl")
        .replace(['\u{FB05}', '\u{FB06}'], "st");
    let mut m = BTreeMap::new();
    for w in text.split_whitespace() {
        *m.entry(w.to_string()).or_insert(0) += 1;
    }
    m
}

/// Words of `a` not in `b`, as a multiset difference.
fn minus(a: &BTreeMap<String, usize>, b: &BTreeMap<String, usize>) -> Vec<String> {
    let mut out = Vec::new();
    for (w, &n) in a {
        let m = b.get(w).copied().unwrap_or(0);
        for _ in m..n {
            out.push(w.clone());
        }
    }
    out
}

/// Differences between our words and pdftotext's on every page of one PDF ("" if none).
fn compare_with_pdftotext(name: &str, path: &Path) -> String {
    let bytes = std::fs::read(path).unwrap();
    let ours = match pdf_text(&bytes, &PdfLimits::default()) {
        Ok(p) => p,
        Err(e) => return format!("{name}: not read: {e}\n"),
    };
    let theirs = pdftotext_pages(path);
    let mut report = String::new();
    if ours.len() != theirs.len() {
        report.push_str(&format!(
            "{name}: {} pages, pdftotext {}\n",
            ours.len(),
            theirs.len()
        ));
    }
    for (page, reference) in ours.iter().zip(&theirs) {
        let (a, b) = (words(&page.text), words(reference));
        let lost = minus(&b, &a);
        let invented = minus(&a, &b);
        if !lost.is_empty() || !invented.is_empty() {
            report.push_str(&format!(
                "{name} page {}: lost {lost:?}, invented {invented:?}\n--- ours:\n{}\n--- pdftotext:\n{}\n",
                page.page, page.text, reference
            ));
        }
    }
    report
}

/// The PDFs in `samples/pdfs`, and in the folder named by `FREIGHTDESK_EXTRA_PDFS` if set (to
/// check other PDFs, e.g. a carrier's, the same way). A missing folder has none.
fn sample_pdfs() -> Vec<PathBuf> {
    let mut dirs = vec![Path::new(env!("CARGO_MANIFEST_DIR")).join("samples/pdfs")];
    if let Some(extra) = std::env::var_os("FREIGHTDESK_EXTRA_PDFS") {
        dirs.push(PathBuf::from(extra));
    }
    let mut found: Vec<PathBuf> = Vec::new();
    for dir in dirs {
        if let Ok(rd) = std::fs::read_dir(&dir) {
            found.extend(
                rd.filter_map(|e| e.ok().map(|e| e.path()))
                    .filter(|p| p.extension().is_some_and(|x| x.eq_ignore_ascii_case("pdf"))),
            );
        }
    }
    found.sort();
    found
}

#[test]
fn no_word_lost_or_invented_compared_with_pdftotext() {
    let tmp = tempfile::tempdir().unwrap();
    let mut files: Vec<(String, PathBuf)> = Vec::new();
    for (name, bytes) in [
        ("built/quote_operators.pdf", quote_operator_pdf()),
        ("built/two_columns.pdf", two_column_pdf()),
        ("built/mixed.pdf", mixed_pdf()),
        ("built/three_pages.pdf", text_pdf(3)),
    ] {
        let path = tmp.path().join(name.replace('/', "_"));
        std::fs::write(&path, bytes).unwrap();
        files.push((name.to_string(), path));
    }
    let samples = sample_pdfs();
    for path in &samples {
        files.push((path.display().to_string(), path.clone()));
    }
    let mut report = String::new();
    for (name, path) in &files {
        report.push_str(&compare_with_pdftotext(name, path));
    }
    eprintln!(
        "compared {} PDFs with pdftotext -layout ({} samples)",
        files.len(),
        samples.len()
    );
    assert!(
        report.is_empty(),
        "differences from pdftotext -layout:\n{report}"
    );
}

// ---------------------------------------------------------------------------------------------
// 4. Bad input
// ---------------------------------------------------------------------------------------------

#[test]
fn not_a_pdf() {
    for bytes in [&b""[..], b"hello", b"\x89PNG\r\n\x1a\n....", b"%PD"] {
        assert!(
            matches!(
                pdf_text(bytes, &PdfLimits::default()),
                Err(PdfError::NotPdf)
            ),
            "{bytes:?}"
        );
    }
}

#[test]
fn truncated_or_garbled_pdf_is_corrupt() {
    let bytes = text_pdf(2);
    for cut in [bytes.len() / 2, 20, bytes.len() - 30] {
        let r = pdf_text(&bytes[..cut], &PdfLimits::default());
        assert!(
            matches!(r, Err(PdfError::Corrupt(_))),
            "cut at {cut}: {r:?}"
        );
    }
    let r = pdf_text(
        b"%PDF-1.4\n this is not a PDF body\n%%EOF\n",
        &PdfLimits::default(),
    );
    assert!(matches!(r, Err(PdfError::Corrupt(_))), "{r:?}");
    let msg = r.unwrap_err().to_string();
    assert!(msg.starts_with("the PDF is damaged"), "{msg}");
}

#[test]
fn encrypted_pdf_needing_a_password() {
    let r = pdf_text(&encrypted("user-pw"), &PdfLimits::default());
    assert!(matches!(r, Err(PdfError::Encrypted)), "{r:?}");
    assert_eq!(
        r.unwrap_err().to_string(),
        "the PDF is encrypted and no password is known"
    );
}

#[test]
fn encrypted_pdf_with_empty_user_password_is_read() {
    let pages = extract(&encrypted(""));
    assert_eq!(pages[0].text, "Secret rate 2100.00");
}

#[test]
fn limits_are_enforced() {
    let bytes = text_pdf(3);
    let r = pdf_text(
        &bytes,
        &PdfLimits {
            max_bytes: bytes.len() - 1,
            max_pages: 200,
        },
    );
    match r {
        Err(PdfError::TooLarge { bytes: b, limit }) => {
            assert_eq!((b, limit), (bytes.len(), bytes.len() - 1))
        }
        other => panic!("expected TooLarge, got {other:?}"),
    }
    let r = pdf_text(
        &bytes,
        &PdfLimits {
            max_bytes: bytes.len(),
            max_pages: 2,
        },
    );
    assert!(
        matches!(r, Err(PdfError::TooManyPages { pages: 3, limit: 2 })),
        "{r:?}"
    );
    assert_eq!(extract(&bytes).len(), 3);
    let d = PdfLimits::default();
    assert_eq!((d.max_bytes, d.max_pages), (25 * 1024 * 1024, 200));
    assert!(!PdfError::Encrypted.is_transient());
}

// ---------------------------------------------------------------------------------------------
// 5. PDFs that make pdf-extract panic or recurse
// ---------------------------------------------------------------------------------------------

#[test]
fn pdf_extract_panic_becomes_an_error_and_the_process_survives() {
    let mut pdf = Pdf::new();
    let bad_font = pdf.doc.add_object(dictionary! {
        "Type" => "Font",
        "Subtype" => "Type0",
        "BaseFont" => "Helvetica",
        "Encoding" => "NoSuchCMap",
        "DescendantFonts" => vec![Object::Dictionary(dictionary! {
            "Type" => "Font", "Subtype" => "CIDFontType2", "BaseFont" => "Helvetica",
        })],
    });
    pdf.page_with(
        "BT /F9 12 Tf 72 700 Td (boom) Tj ET",
        dictionary! { "Resources" => dictionary! { "Font" => dictionary! { "F9" => bad_font } } },
    );
    let bytes = pdf.bytes();
    // Plain pdf-extract panics on it (checked in a thread so this test survives).
    let direct = std::thread::spawn(move || {
        let _ = pdf_extract::extract_text_from_mem(&bytes);
    })
    .join();
    assert!(direct.is_err(), "pdf-extract no longer panics on this PDF");

    let mut pdf = Pdf::new();
    let bad_font = pdf.doc.add_object(dictionary! {
        "Type" => "Font",
        "Subtype" => "Type0",
        "BaseFont" => "Helvetica",
        "Encoding" => "NoSuchCMap",
        "DescendantFonts" => vec![Object::Dictionary(dictionary! {
            "Type" => "Font", "Subtype" => "CIDFontType2", "BaseFont" => "Helvetica",
        })],
    });
    pdf.page("BT /F1 12 Tf 72 700 Td (fine page) Tj ET");
    pdf.page_with(
        "BT /F9 12 Tf 72 700 Td (boom) Tj ET",
        dictionary! { "Resources" => dictionary! { "Font" => dictionary! { "F9" => bad_font } } },
    );
    let r = pdf_text(&pdf.bytes(), &PdfLimits::default());
    match &r {
        Err(PdfError::Panicked(msg)) => {
            assert!(msg.contains("page 2"), "{msg}");
            assert!(msg.contains("unsupported encoding"), "{msg}");
        }
        other => panic!("expected Panicked, got {other:?}"),
    }
    assert!(r
        .unwrap_err()
        .to_string()
        .starts_with("the PDF reader failed"));
    // Still alive and working.
    assert_eq!(extract(&text_pdf(1))[0].text, "Page 1 of 1");
}

#[test]
fn fonts_with_encodings_pdf_extract_panics_on_are_read_or_skipped() {
    // Found by fuzzing (tests/fuzz_regressions/pdf_text): a simple font whose /Encoding or
    // /BaseEncoding names an encoding pdf-extract does not know (StandardEncoding, a misspelled
    // name) is read as if it had none; a composite font without its descendant font is skipped.
    let mut pdf = Pdf::new();
    let fonts = [
        dictionary! { "Type" => "Font", "Subtype" => "Type1", "BaseFont" => "Helvetica",
        "Encoding" => "StandardEncoding" },
        dictionary! { "Type" => "Font", "Subtype" => "Type1", "BaseFont" => "Helvetica",
        "Encoding" => "WinAnqiEncoding" },
        dictionary! { "Type" => "Font", "Subtype" => "Type1", "BaseFont" => "Helvetica",
        "Encoding" => dictionary! { "Type" => "Encoding", "BaseEncoding" => "NoSuchEncoding" } },
        dictionary! { "Type" => "Font", "Subtype" => "Type0", "BaseFont" => "Helvetica",
        "Encoding" => "Identity-H" },
    ];
    let mut resources = Dictionary::new();
    for (i, f) in fonts.into_iter().enumerate() {
        let id = pdf.doc.add_object(f);
        resources.set(format!("F{}", i + 5), id);
    }
    pdf.page_with(
        "BT /F5 12 Tf 72 700 Td (Standard) Tj ET BT /F6 12 Tf 72 650 Td (Misspelled) Tj ET \
         BT /F7 12 Tf 72 600 Td (Based) Tj ET BT /F8 12 Tf 72 550 Td (Gone) Tj ET",
        dictionary! { "Resources" => dictionary! { "Font" => resources } },
    );
    let pages = pdf_text(&pdf.bytes(), &PdfLimits::default()).unwrap();
    assert_eq!(pages[0].text, "Standard\n\nMisspelled\n\nBased");
}

#[test]
fn odd_content_that_panics_plain_pdf_extract_is_read() {
    // Unknown colour space, a path op with missing operands, an unknown ExtGState, an image
    // drawn with Do, no MediaBox anywhere: plain pdf-extract panics on each of these.
    let mut pdf = Pdf::new();
    pdf.page("/CS7 cs 0.5 scn 10 10 m l S /GS3 gs BT /F1 12 Tf 72 700 Td (Still here) Tj ET");
    let mut doc = pdf.finish();
    let pages_id = doc
        .catalog()
        .unwrap()
        .get(b"Pages")
        .unwrap()
        .as_reference()
        .unwrap();
    doc.get_dictionary_mut(pages_id)
        .unwrap()
        .remove(b"MediaBox");
    let bytes = save(doc);
    let plain = std::thread::spawn({
        let bytes = bytes.clone();
        move || {
            let _ = pdf_extract::extract_text_from_mem(&bytes);
        }
    })
    .join();
    assert!(plain.is_err(), "pdf-extract no longer panics on this PDF");
    assert_eq!(extract(&bytes)[0].text, "Still here");
}

#[test]
fn self_referencing_form_does_not_overflow_the_stack() {
    let mut pdf = Pdf::new();
    let form_id = pdf.doc.new_object_id();
    let mut res = pdf.resources();
    res.set("XObject", dictionary! { "Loop" => form_id });
    pdf.doc.objects.insert(
        form_id,
        Object::Stream(Stream::new(
            dictionary! {
                "Type" => "XObject",
                "Subtype" => "Form",
                "BBox" => vec![0.into(), 0.into(), 612.into(), 792.into()],
                "Resources" => res.clone(),
            },
            b"BT /F1 12 Tf 72 600 Td (Inside the form) Tj ET /Loop Do".to_vec(),
        )),
    );
    pdf.page_with(
        "BT /F1 12 Tf 72 700 Td (Page text) Tj ET /Loop Do",
        dictionary! { "Resources" => res },
    );
    let pages = extract(&pdf.bytes());
    assert_eq!(
        pages[0].text.matches("Inside the form").count(),
        1,
        "{}",
        pages[0].text
    );
    assert!(pages[0].text.starts_with("Page text"));
}

/// A one-page PDF drawing `text` in font `font` (as /F9).
fn pdf_with_font(font: Dictionary, text: &str) -> Vec<u8> {
    let mut pdf = Pdf::new();
    let f = pdf.doc.add_object(font);
    pdf.page_with(
        &format!("BT /F9 12 Tf 72 700 Td ({text}) Tj ET"),
        dictionary! { "Resources" => dictionary! { "Font" => dictionary! { "F9" => f } } },
    );
    pdf.bytes()
}

#[test]
fn what_pdf_extract_cannot_read_poppler_reads_before_ocr() {
    use freightdesk::extract::read_pages;
    let limits = PdfLimits::default();
    // A TrueType font whose /Widths is not FirstChar..LastChar long (common in real files):
    // pdf-extract panics on the page; poppler reads it.
    let short_widths = pdf_with_font(
        dictionary! { "Type" => "Font", "Subtype" => "TrueType", "BaseFont" => "Arial",
        "FirstChar" => 32, "LastChar" => 126, "Widths" => vec![Object::Integer(600); 120] },
        "Load Confirmation 4471999 total 1850.00",
    );
    assert!(matches!(
        pdf_text(&short_widths, &limits),
        Err(PdfError::Panicked(_))
    ));
    let pages = read_pages(&short_widths, &limits).unwrap();
    assert_eq!(pages.len(), 1);
    assert!(pages[0].text.contains("4471999"), "{:?}", pages[0].text);
    assert!(
        pages[0].ocr_confidence.is_none(),
        "read from the text layer"
    );

    // A broken /ToUnicode: pdf-extract finds no text (it would go to OCR); poppler reads it.
    let broken_cmap = pdf_with_font(
        dictionary! { "Type" => "Font", "Subtype" => "Type1", "BaseFont" => "Helvetica",
        "ToUnicode" => Stream::new(Dictionary::new(), b"garbage cmap".to_vec()) },
        "Carrier Invoice INV-3310 Amount Due 2410.00",
    );
    assert_eq!(pdf_text(&broken_cmap, &limits).unwrap()[0].glyphs, 0);
    let pages = read_pages(&broken_cmap, &limits).unwrap();
    assert!(pages[0].text.contains("INV-3310"), "{:?}", pages[0].text);
    assert!(
        pages[0].ocr_confidence.is_none(),
        "read from the text layer, not OCR"
    );
}

#[test]
fn ligatures_are_written_as_letters() {
    use freightdesk::extract::pdf_text::normalize_text;
    assert_eq!(
        normalize_text("Rate Con\u{fb01}rmation"),
        "Rate Confirmation"
    );
    assert_eq!(normalize_text("o\u{fb03}ce \u{fb02}at"), "office flat");
    assert_eq!(normalize_text("plain"), "plain");
}

#[test]
fn cid_font_widths_written_as_ranges_keep_the_glyphs_in_order() {
    // Typst writes a CID font's /W as `c_first c_last w` ranges, which plain pdf-extract reads
    // as no width at all: every glyph of a line at one place, the words scrambled
    // ("nglius Hak & SolwK"). pdf_text rewrites the ranges as lists first.
    let path = common::repo().join("samples/eval/dev/typst_inv_12.pdf");
    let pages = extract(&std::fs::read(path).unwrap());
    let text = &pages[0].text;
    assert!(text.contains("Kowalski & Sons Hauling"), "{text}");
    assert!(
        text.lines()
            .any(|l| l.contains("INVOICE NUMBER:") && l.contains("KO4777")),
        "{text}"
    );
}
