//! PDF bytes → page text, in process: the function the extraction worker runs on a PDF
//! (`freightdesk::extract::pdf_text::pdf_text`, without OCR). Panics inside the PDF libraries
//! are caught there and returned as `PdfError::Panicked`; any other panic, a hang or running out
//! of memory is a finding.
#![no_main]

use freightdesk::extract::pdf_text::{pdf_text, PdfLimits};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = pdf_text(data, &PdfLimits::default());
});
