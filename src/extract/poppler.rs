//! poppler's `pdftotext` (`poppler-utils`, already needed to rasterize scans) as a second reader
//! of a PDF's text layer, for what `pdf-extract` cannot read: a file it panics on or rejects (a
//! TrueType font whose `/Widths` does not cover its characters, a Type3 font), and a page where
//! it finds no text although the page has a text layer (a broken `/ToUnicode`). A text PDF that
//! poppler reads is never lost: such pages are read here before they would go to OCR.
//!
//! Entry point: [`text_pages`]. `pdftotext -layout` keeps columns apart by runs of spaces, as
//! [`super::pdf_text`] does, so the rule files' patterns read its text alike.

use super::ocr;
use super::pdf_text::{normalize_text, PageText};

/// The text of every page of `pdf` as poppler reads it (`pdftotext -layout -enc UTF-8`), in page
/// order, at most `max_pages` pages; `None` when poppler is missing, fails, or finds no text on
/// any page (a broken file, a scan). `glyphs` counts the visible characters of each page.
///
/// Blocking: runs a child process (fed on stdin, read from stdout). The caller's time limit
/// (the extraction worker's wall clock) bounds it.
pub fn text_pages(pdf: &[u8], max_pages: usize) -> Option<Vec<PageText>> {
    let out = match ocr::run(
        "pdftotext",
        "poppler-utils",
        &["-layout", "-enc", "UTF-8", "-", "-"],
        pdf,
    ) {
        Ok(out) => out,
        Err(e) => {
            tracing::debug!("poppler could not read the PDF either: {e}");
            return None;
        }
    };
    let text = String::from_utf8_lossy(&out);
    // Pages end with a form feed; the last one is followed by nothing.
    let mut pages: Vec<PageText> = text
        .split('\u{c}')
        .enumerate()
        .map(|(i, t)| {
            let t = normalize_text(t.trim_end());
            PageText {
                page: i as u32 + 1,
                glyphs: t.chars().filter(|c| !c.is_whitespace()).count(),
                text: t,
                ocr_confidence: None,
            }
        })
        .collect();
    if pages.last().is_some_and(|p| p.text.is_empty()) {
        pages.pop();
    }
    pages.truncate(max_pages);
    pages.iter().any(|p| p.glyphs > 0).then_some(pages)
}
