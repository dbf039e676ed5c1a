//! Extract: from a file's bytes to the freight documents in it, with canonical fields.
//!
//! Entry point: [`extract_file`]. Stages, each using only the ones before it:
//! 1. text per page ([`read_pages`]: [`pdf_text`], poppler ([`poppler`]) for a PDF or page
//!    pdf-extract cannot read, and [`ocr`] for images and pages with no text layer);
//! 2. what is printed where: template patterns ([`patterns`]) and the layout reader of cells,
//!    labels and blocks ([`generic`]);
//! 3. classification of each page and splitting of packets ([`classify`]);
//! 4. fields and charge tables per document ([`fields`]), with its stops ([`stops`]).
//!
//! Email subjects and bodies are read by [`message_refs`]. The daemon reads pages in a separate
//! process with memory and time limits ([`worker`]).

pub mod classify;
pub mod fields;
pub mod generic;
pub mod ocr;
pub mod page_view;
pub mod patterns;
pub mod pdf_text;
pub mod poppler;
pub mod scan;
pub mod stops;
pub mod worker;

use std::collections::BTreeMap;

use crate::model::{ExtractedDocument, Field};
use crate::rules::RuleSet;
pub use pdf_text::{PageText, PdfError, PdfLimits};

/// Why a file yielded no documents.
#[derive(Debug, thiserror::Error)]
pub enum ExtractError {
    /// The PDF could not be read.
    #[error(transparent)]
    Pdf(#[from] PdfError),
    /// A file type freightdesk does not read.
    #[error(
        "not a PDF ({what}): a damaged or mislabeled file, or a kind freightdesk does not read"
    )]
    Unsupported {
        /// What it looked like (`image/png`, `application/zip`).
        what: String,
    },
    /// OCR of an image or of a page with no text layer failed.
    #[error(transparent)]
    Ocr(#[from] ocr::OcrError),
    /// No text at all: not in a text layer, and OCR found none either.
    #[error("no text was found in the file, not even by OCR")]
    NoText,
}

impl ExtractError {
    /// Extraction failures are properties of the file: retrying gives the same result.
    pub fn is_transient(&self) -> bool {
        false
    }
}

/// Whether bytes are a PDF (by its `%PDF-` header within the first KiB, as readers allow).
pub fn is_pdf(bytes: &[u8]) -> bool {
    bytes[..bytes.len().min(1024)]
        .windows(5)
        .any(|w| w == b"%PDF-")
}

/// The documents in one file (a PDF, or a PNG, JPEG or TIFF image read by OCR; a packet yields
/// several).
///
/// Errors: [`ExtractError`] when the file is neither a readable PDF nor a readable image, or
/// has no text. A PDF library panic is caught inside [`pdf_text::pdf_text`] and returned as an
/// error. Runs in the calling process; see [`worker`] for the isolated version.
pub fn extract_file(
    bytes: &[u8],
    rules: &RuleSet,
    limits: &PdfLimits,
) -> Result<Vec<ExtractedDocument>, ExtractError> {
    let pages = read_pages(bytes, limits)?;
    documents_in(&pages, rules)
}

/// The documents in pages from [`read_pages`]; [`ExtractError::NoText`] when no page has text.
pub fn documents_in(
    pages: &[PageText],
    rules: &RuleSet,
) -> Result<Vec<ExtractedDocument>, ExtractError> {
    if pages.iter().all(|p| p.text.trim().is_empty()) {
        return Err(ExtractError::NoText);
    }
    Ok(extract_pages(pages, rules))
}

/// The text of each page of a file: a PDF's text layer, with pages that have none (scans)
/// rasterized and OCRed; an image (PNG, JPEG, TIFF, by magic bytes) OCRed.
pub fn read_pages(bytes: &[u8], limits: &PdfLimits) -> Result<Vec<PageText>, ExtractError> {
    if ocr::image_kind(bytes).is_some() {
        return Ok(ocr::ocr_image(bytes)?);
    }
    if !is_pdf(bytes) {
        return Err(ExtractError::Unsupported {
            what: sniff(bytes).into(),
        });
    }
    // What pdf-extract cannot read, poppler may: a file it panics on or rejects is read by
    // poppler whole, and a page where it finds no text is asked of poppler before OCR.
    let (mut pages, read_by_poppler) = match pdf_text::pdf_text(bytes, limits) {
        Ok(pages) => (pages, false),
        Err(e @ (PdfError::Panicked(_) | PdfError::Corrupt(_))) => {
            let Some(pages) = poppler::text_pages(bytes, limits.max_pages) else {
                return Err(e.into());
            };
            tracing::info!("pdf-extract could not read the PDF ({e}); read by poppler");
            (pages, true)
        }
        Err(e) => return Err(e.into()),
    };
    // poppler's pages, asked once and only when a page came out empty.
    let mut by_poppler: Option<Option<Vec<PageText>>> = None;
    let mut scans = Vec::new();
    for (i, p) in pages.iter_mut().enumerate().filter(|(_, p)| p.glyphs == 0) {
        let text_layer = if read_by_poppler {
            None // poppler read this page already and found nothing: a scan
        } else {
            by_poppler
                .get_or_insert_with(|| poppler::text_pages(bytes, limits.max_pages))
                .as_ref()
                .and_then(|all| all.iter().find(|q| q.page == p.page))
                .filter(|q| q.glyphs >= MIN_TEXT_LAYER_GLYPHS)
                .cloned()
        };
        match text_layer {
            Some(q) => *p = q,
            None => scans.push(i),
        }
    }
    let numbers: Vec<u32> = scans.iter().map(|&i| pages[i].page).collect();
    for (i, page) in scans.iter().zip(ocr::ocr_pdf_pages(bytes, &numbers)) {
        pages[*i] = page?;
    }
    Ok(pages)
}

/// Fewest visible characters poppler must find on a page pdf-extract found empty for its text
/// layer to be used instead of OCR: fewer is a stray mark (a page number), and the page is a scan.
pub const MIN_TEXT_LAYER_GLYPHS: usize = 20;

/// The documents in already-extracted page texts.
pub fn extract_pages(pages: &[PageText], rules: &RuleSet) -> Vec<ExtractedDocument> {
    classify::split(pages, rules)
        .into_iter()
        .map(|d| fields::extract_document(&d, pages, rules))
        .collect()
}

/// References (`load_number`, `pro_number`, `bol_number`, `po_number`) read from an email's
/// subject and body with the `[message]` patterns of `kinds.toml`; provenance page 0.
pub fn message_refs(subject: &str, body: &str, rules: &RuleSet) -> BTreeMap<String, Field> {
    let text = format!("{subject}\n{body}");
    let page = PageText {
        page: 0,
        text,
        glyphs: 0,
        ocr_confidence: None,
    };
    let mut out = BTreeMap::new();
    for rule in &rules.message_refs {
        if let Some(f) = patterns::find_field(rule, std::slice::from_ref(&page)) {
            out.insert(rule.name.clone(), f);
        }
    }
    out
}

/// A short name for what bytes look like, for error messages.
fn sniff(bytes: &[u8]) -> &'static str {
    match bytes {
        [] => "empty",
        [0x89, b'P', b'N', b'G', ..] => "PNG image",
        [0xFF, 0xD8, 0xFF, ..] => "JPEG image",
        [b'I', b'I', 42, 0, ..] | [b'M', b'M', 0, 42, ..] => "TIFF image",
        [b'P', b'K', 3, 4, ..] => "ZIP (or DOCX/XLSX)",
        [b'G', b'I', b'F', b'8', ..] => "GIF image",
        _ => "unrecognized bytes",
    }
}
