//! OCR of scans: a sample invoice rasterized at 200 dpi (poppler's pdftoppm) into a PNG and into
//! an image-only PDF is read with Tesseract to the same kind and key fields as the text PDF, with
//! the OCR confidence recorded; through the pipeline a scanned image attachment is filed and a
//! small logo is skipped without an exception; an image-only page's values are boxed (the
//! workspace's page view) where the text PDF prints them. Needs `tesseract-ocr`, `tesseract-ocr-eng` and
//! `poppler-utils` (scripts/test installs them).

mod common;

use std::path::Path;
use std::process::Command;

use common::pdf::Pdf;
use freightdesk::config::Config;
use freightdesk::extract::{self, PdfLimits};
use freightdesk::intake::RawMessage;
use freightdesk::model::{DocumentKind, ExtractedDocument};
use freightdesk::pipeline::Pipeline;
use freightdesk::rules::RuleSet;
use lettre::message::header::ContentType;
use lettre::message::{Attachment, MultiPart, SinglePart};
use lettre::Message;
use lopdf::{dictionary, Stream};

const SAMPLE: &str = "samples/pdfs/invoice_RM-10452.pdf";

/// Fail (not skip) when the OCR programs are missing.
fn require_programs() {
    let ok = |p: &str, arg: &str| {
        Command::new(p)
            .arg(arg)
            .output()
            .is_ok_and(|o| o.status.success())
    };
    assert!(
        ok("tesseract", "--version"),
        "tesseract is not installed: install tesseract-ocr and tesseract-ocr-eng \
         (apt-get install tesseract-ocr tesseract-ocr-eng; scripts/test installs them)"
    );
    assert!(
        ok("pdftoppm", "-v"),
        "pdftoppm is not installed: install poppler-utils (scripts/test installs it)"
    );
}

/// Page 1 of `pdf` rasterized at 200 dpi, grayscale, as `format` (`png` or `jpeg`).
fn rasterize(pdf: &Path, format: &str, out_root: &Path) -> Vec<u8> {
    let status = Command::new("pdftoppm")
        .args(["-r", "200", "-gray", "-f", "1", "-l", "1", "-singlefile"])
        .arg(format!("-{format}"))
        .arg(pdf)
        .arg(out_root)
        .status()
        .unwrap();
    assert!(status.success());
    let ext = if format == "jpeg" { "jpg" } else { format };
    std::fs::read(out_root.with_extension(ext)).unwrap()
}

/// A one-page US Letter PDF that is only the JPEG `jpeg` (`width` × `height` pixels; pdftoppm
/// writes three components even with `-gray`): a scan.
fn image_only_pdf(jpeg: Vec<u8>, width: u32, height: u32) -> Vec<u8> {
    image_only_pages(vec![(jpeg, width, height)])
}

/// A US Letter PDF with one page per JPEG `(bytes, width, height)`, each page only its image:
/// a scanned packet.
fn image_only_pages(jpegs: Vec<(Vec<u8>, u32, u32)>) -> Vec<u8> {
    let mut pdf = Pdf::new();
    for (jpeg, width, height) in jpegs {
        let image = pdf.doc.add_object(Stream::new(
            dictionary! {
                "Type" => "XObject", "Subtype" => "Image",
                "Width" => width as i64, "Height" => height as i64,
                "ColorSpace" => "DeviceRGB", "BitsPerComponent" => 8,
                "Filter" => "DCTDecode",
            },
            jpeg,
        ));
        pdf.page_with(
            "q 612 0 0 792 0 0 cm /Im1 Do Q",
            dictionary! { "Resources" => dictionary! { "XObject" => dictionary! { "Im1" => image } } },
        );
    }
    pdf.bytes()
}

fn png_size(png: &[u8]) -> (u32, u32) {
    let be = |b: &[u8]| u32::from_be_bytes(b.try_into().unwrap());
    (be(&png[16..20]), be(&png[20..24]))
}

fn assert_invoice(docs: &[ExtractedDocument], what: &str) {
    assert_eq!(docs.len(), 1, "{what}: {docs:?}");
    let d = &docs[0];
    assert_eq!(d.kind, DocumentKind::CarrierInvoice, "{what}: {d:?}");
    let f = |k: &str| d.fields.get(k).map(|f| f.value.as_str());
    assert_eq!(f("invoice_number"), Some("RM-10452"), "{what}: {d:?}");
    assert_eq!(f("load_number"), Some("4471203"), "{what}: {d:?}");
    assert_eq!(f("total_usd"), Some("2595.00"), "{what}: {d:?}");
}

#[test]
fn a_scanned_invoice_reads_like_the_text_pdf() {
    require_programs();
    let tmp = tempfile::tempdir().unwrap();
    let sample = common::repo().join(SAMPLE);
    let rules = RuleSet::load(common::repo().join("rules")).unwrap();
    let limits = PdfLimits::default();

    // As a PNG image.
    let png = rasterize(&sample, "png", &tmp.path().join("page"));
    let pages = extract::read_pages(&png, &limits).unwrap();
    assert_eq!(pages.len(), 1);
    let conf = pages[0].ocr_confidence.expect("an OCR confidence");
    assert!(conf > 50.0 && conf <= 100.0, "confidence {conf}");
    assert!(
        pages[0].text.contains("RM-10452"),
        "OCR text:\n{}",
        pages[0].text
    );
    assert_invoice(
        &extract::extract_file(&png, &rules, &limits).unwrap(),
        "PNG",
    );
    // `freightdesk extract --json` reads the image and shows the confidence per document.
    let out = Command::new(env!("CARGO_BIN_EXE_freightdesk"))
        .arg("extract")
        .arg(tmp.path().join("page.png"))
        .arg("--json")
        .arg("--rules")
        .arg(common::repo().join("rules"))
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["documents"][0]["kind"], "carrier_invoice");
    assert!(
        v["documents"][0]["ocr_confidence"]
            .as_f64()
            .is_some_and(|c| c > 50.0),
        "{v}"
    );

    // As an image-only PDF (a scan with no text layer).
    let (w, h) = png_size(&png);
    let jpeg = rasterize(&sample, "jpeg", &tmp.path().join("page"));
    let scan = image_only_pdf(jpeg, w, h);
    let pages = extract::read_pages(&scan, &limits).unwrap();
    assert_eq!(pages.len(), 1);
    assert!(pages[0].glyphs > 0, "OCR found the text");
    assert!(pages[0].ocr_confidence.is_some_and(|c| c > 50.0));
    assert_invoice(
        &extract::extract_file(&scan, &rules, &limits).unwrap(),
        "image-only PDF",
    );

    // The text PDF itself records no OCR confidence.
    let text_pages = extract::read_pages(&std::fs::read(&sample).unwrap(), &limits).unwrap();
    assert!(text_pages.iter().all(|p| p.ocr_confidence.is_none()));
}

fn email_with(subject: &str, parts: &[(&str, &str, Vec<u8>)]) -> RawMessage {
    let mut mp = MultiPart::mixed().singlepart(SinglePart::plain(format!("{subject}, attached")));
    for (name, ct, bytes) in parts {
        mp = mp.singlepart(
            Attachment::new(name.to_string()).body(bytes.clone(), ContentType::parse(ct).unwrap()),
        );
    }
    let bytes = Message::builder()
        .from("billing@redmesatrucking.example".parse().unwrap())
        .to("ap@northstarlogistics.example".parse().unwrap())
        .subject(subject)
        .message_id(Some(format!(
            "<{}@test.example>",
            subject.replace(' ', "-")
        )))
        .multipart(mp)
        .unwrap()
        .formatted();
    RawMessage {
        source: format!("{subject}.eml"),
        path: format!("{subject}.eml").into(),
        bytes,
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_pipeline_files_a_scanned_image_and_skips_a_logo() {
    require_programs();
    let tmp = tempfile::tempdir().unwrap();
    let inbox = tmp.path().join("inbox");
    std::fs::create_dir_all(&inbox).unwrap();
    let config = Config::load(&common::temp_config(&tmp.path().join("var"), &inbox)).unwrap();
    let pipeline = Pipeline::open(&config).await.unwrap();
    let png = rasterize(
        &common::repo().join(SAMPLE),
        "png",
        &tmp.path().join("page"),
    );
    // A small logo: a valid PNG far under the size read (1×1 gray).
    let logo = rasterize_logo(tmp.path());
    assert!(logo.len() < freightdesk::pipeline::MIN_IMAGE_BYTES);
    let r = pipeline
        .process(&email_with(
            "Invoice RM-10452 scanned",
            &[
                ("logo.png", "image/png", logo),
                ("scan0001.png", "image/png", png),
            ],
        ))
        .await
        .unwrap();
    assert_eq!(r.status, "processed");
    assert_eq!(r.documents.len(), 1, "{:?}", r.unread_attachments);
    assert_eq!(r.documents[0].kind, DocumentKind::CarrierInvoice);
    assert_eq!(r.documents[0].fields["invoice_number"], "RM-10452");
    assert_eq!(r.unread_attachments.len(), 1, "{:?}", r.unread_attachments);
    assert!(r.unread_attachments[0].starts_with("logo.png: "));
    assert!(
        r.exceptions
            .iter()
            .all(|e| e.rule_id != "document_unreadable"),
        "a logo is never raised: {:?}",
        r.exceptions
    );
}

/// A tiny PNG made by pdftoppm from a one-page PDF at 1 dpi.
fn rasterize_logo(dir: &Path) -> Vec<u8> {
    let mut pdf = Pdf::new();
    pdf.page("BT /F1 12 Tf 72 700 Td (RM) Tj ET");
    let path = dir.join("logo.pdf");
    std::fs::write(&path, pdf.bytes()).unwrap();
    let status = Command::new("pdftoppm")
        .args(["-r", "4", "-gray", "-singlefile", "-png"])
        .arg(&path)
        .arg(dir.join("logo"))
        .status()
        .unwrap();
    assert!(status.success());
    std::fs::read(dir.join("logo.png")).unwrap()
}

/// A scanned packet (an invoice, then a bill of lading, one image page each) is OCRed page by
/// page, several pages at a time, and comes back in page order as two documents.
#[test]
fn a_scanned_packet_is_read_page_by_page_in_order() {
    require_programs();
    let tmp = tempfile::tempdir().unwrap();
    let rules = RuleSet::load(common::repo().join("rules")).unwrap();
    let limits = PdfLimits::default();
    let mut jpegs = Vec::new();
    for (i, sample) in [SAMPLE, "samples/pdfs/bol_4471203.pdf"].iter().enumerate() {
        let pdf = common::repo().join(sample);
        let root = tmp.path().join(format!("page{i}"));
        let (w, h) = png_size(&rasterize(&pdf, "png", &root));
        jpegs.push((rasterize(&pdf, "jpeg", &root), w, h));
    }
    let packet = image_only_pages(jpegs);
    let pages = extract::read_pages(&packet, &limits).unwrap();
    assert_eq!(pages.iter().map(|p| p.page).collect::<Vec<_>>(), [1, 2]);
    assert!(pages[0].text.contains("RM-10452"), "{}", pages[0].text);
    assert!(
        pages[1]
            .text
            .to_ascii_uppercase()
            .contains("BILL OF LADING"),
        "{}",
        pages[1].text
    );
    assert!(pages.iter().all(|p| p.ocr_confidence.is_some()));
    let docs = extract::extract_file(&packet, &rules, &limits).unwrap();
    let kinds: Vec<DocumentKind> = docs.iter().map(|d| d.kind).collect();
    assert_eq!(
        kinds,
        [DocumentKind::CarrierInvoice, DocumentKind::BillOfLading],
        "{docs:?}"
    );
}

/// Where a value was read on a scanned page is found by OCR of that page: the workspace's boxes
/// (`extract::page_view`) on an image-only invoice land where the text PDF prints the same
/// values.
#[test]
fn a_scanned_page_s_values_are_boxed_where_the_text_pdf_prints_them() {
    use freightdesk::extract::page_view::{locate, words_on_page, PageBox};
    require_programs();
    let repo = common::repo();
    let scan = std::fs::read(repo.join("samples/eval/scanned/scan_invoice_RM-10452.pdf")).unwrap();
    let text = std::fs::read(repo.join(SAMPLE)).unwrap();
    let scanned = words_on_page(&scan, 1).unwrap();
    let printed = words_on_page(&text, 1).unwrap();
    assert!(scanned.ocr, "an image-only page is read by OCR");
    assert!(!printed.ocr, "a text page by its text layer");
    assert!(
        (scanned.aspect - printed.aspect).abs() < 0.02,
        "{} {}",
        scanned.aspect,
        printed.aspect
    );
    let near = |a: PageBox, b: PageBox| (a.x0 - b.x0).abs() < 0.03 && (a.y0 - b.y0).abs() < 0.03;
    for value in ["RM-10452", "$2,595.00", "PO Box 4410"] {
        let on_scan =
            locate(&scanned.words, value).unwrap_or_else(|| panic!("{value} on the scan"));
        let on_text =
            locate(&printed.words, value).unwrap_or_else(|| panic!("{value} on the text PDF"));
        assert!(
            near(on_scan, on_text),
            "{value}: {on_scan:?} vs {on_text:?}"
        );
    }
}
