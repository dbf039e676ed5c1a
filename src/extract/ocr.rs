//! OCR of scans and images with Debian's Tesseract command line (`tesseract-ocr`,
//! `tesseract-ocr-eng`); PDF pages with no text layer are rasterized first with poppler's
//! `pdftoppm` (`poppler-utils`).
//!
//! Entry points: [`ocr_image`] (PNG, JPEG or TIFF bytes; a multi-page TIFF gives one page each)
//! and [`ocr_pdf_page`]. Tesseract's TSV output gives word boxes and confidences; the words are
//! laid out with the same rules as a text PDF's glyphs ([`super::pdf_text`]), so columns stay
//! apart by at least two spaces. Tesseract runs in sparse-text mode (`--psm 11`): the reading
//! order is rebuilt here from the boxes, and its full page segmentation (`--psm 3`) dropped
//! headings set between ruled lines (a receipt's `LUMPER RECEIPT` title). Small rotations (skew) are left to Tesseract, whose line finder
//! follows slightly skewed text lines; pages are not deskewed here. Both programs are fed on
//! stdin and write to stdout: no temporary files.

use std::io::{Read, Write};
use std::process::{Command, Stdio};

use super::pdf_text::{layout_words, PageText, WordBox};

/// Resolution PDF pages are rasterized at, dots per inch.
pub const RASTER_DPI: u32 = 200;

/// Why OCR failed.
#[derive(Debug, thiserror::Error)]
pub enum OcrError {
    /// A program OCR needs is not installed.
    #[error(
        "OCR needs the `{program}` program (Debian package {package}), which is not installed"
    )]
    Missing {
        /// The program.
        program: &'static str,
        /// The Debian package that has it.
        package: &'static str,
    },
    /// A program ran and failed.
    #[error("{program} failed: {reason}")]
    Failed {
        /// The program.
        program: &'static str,
        /// Its exit status and last line of error output.
        reason: String,
    },
}

impl OcrError {
    /// A missing program stays missing, and a failing image fails again: not transient.
    pub fn is_transient(&self) -> bool {
        false
    }
}

/// The image format of bytes, by their magic bytes: `png`, `jpeg` or `tiff` (the ones read).
pub fn image_kind(bytes: &[u8]) -> Option<&'static str> {
    match bytes {
        [0x89, b'P', b'N', b'G', ..] => Some("png"),
        [0xFF, 0xD8, 0xFF, ..] => Some("jpeg"),
        [b'I', b'I', 42, 0, ..] | [b'M', b'M', 0, 42, ..] => Some("tiff"),
        _ => None,
    }
}

/// Rasterize page `page` (1-based) of a PDF at [`RASTER_DPI`], grayscale, and OCR it.
pub fn ocr_pdf_page(pdf: &[u8], page: u32) -> Result<PageText, OcrError> {
    let p = page.to_string();
    let dpi = RASTER_DPI.to_string();
    let png = run(
        "pdftoppm",
        "poppler-utils",
        &[
            "-r",
            &dpi,
            "-gray",
            "-f",
            &p,
            "-l",
            &p,
            "-singlefile",
            "-png",
            "-",
        ],
        pdf,
    )?;
    let mut pages = ocr_image_at(&png, RASTER_DPI as f64)?;
    let mut out = if pages.is_empty() {
        PageText {
            page,
            text: String::new(),
            glyphs: 0,
            ocr_confidence: Some(0.0),
        }
    } else {
        pages.swap_remove(0)
    };
    out.page = page;
    Ok(out)
}

/// OCR an image (PNG, JPEG, TIFF): one [`PageText`] per image page, with `glyphs` the
/// characters read and `ocr_confidence` Tesseract's mean word confidence (0 when no word was
/// found). Coordinates are taken as 200 dpi (only their proportions matter to the layout).
pub fn ocr_image(bytes: &[u8]) -> Result<Vec<PageText>, OcrError> {
    ocr_image_at(bytes, RASTER_DPI as f64)
}

fn ocr_image_at(bytes: &[u8], dpi: f64) -> Result<Vec<PageText>, OcrError> {
    let tsv = run(
        "tesseract",
        "tesseract-ocr",
        &["stdin", "stdout", "-l", "eng", "--psm", "11", "tsv"],
        bytes,
    )?;
    Ok(pages_from_tsv(&String::from_utf8_lossy(&tsv), 72.0 / dpi))
}

/// One row of Tesseract's TSV output.
struct Row<'a> {
    level: u32,
    page: u32,
    line: (u32, u32, u32),
    left: f64,
    top: f64,
    width: f64,
    height: f64,
    conf: f32,
    text: &'a str,
}

/// Pages from Tesseract's TSV (`level page block par line word left top width height conf
/// text`); `scale` converts pixels to points.
fn pages_from_tsv(tsv: &str, scale: f64) -> Vec<PageText> {
    let rows: Vec<Row> = tsv
        .lines()
        .skip(1)
        .filter_map(|l| {
            let c: Vec<&str> = l.split('\t').collect();
            if c.len() < 12 {
                return None;
            }
            let n = |i: usize| c[i].trim().parse::<f64>().ok();
            Some(Row {
                level: n(0)? as u32,
                page: n(1)? as u32,
                line: (n(2)? as u32, n(3)? as u32, n(4)? as u32),
                left: n(6)?,
                top: n(7)?,
                width: n(8)?,
                height: n(9)?,
                conf: c[10].trim().parse().ok()?,
                text: c[11],
            })
        })
        .collect();
    let mut page_numbers: Vec<u32> = rows.iter().map(|r| r.page).collect();
    page_numbers.dedup();
    page_numbers.sort_unstable();
    page_numbers.dedup();
    page_numbers
        .into_iter()
        .map(|page| {
            // Each word sits on its Tesseract line's bottom edge, with the line's height as its
            // size: words of one line share a baseline, as glyphs of one text line do.
            let lines: Vec<&Row> = rows
                .iter()
                .filter(|r| r.page == page && r.level == 4)
                .collect();
            let mut words = Vec::new();
            let (mut conf_sum, mut conf_n) = (0.0f64, 0usize);
            for w in rows
                .iter()
                .filter(|r| r.page == page && r.level == 5 && !r.text.trim().is_empty())
            {
                if w.conf >= 0.0 {
                    conf_sum += w.conf as f64;
                    conf_n += 1;
                }
                let line = lines.iter().find(|l| l.line == w.line);
                let (bottom, size) = match line {
                    Some(l) => (l.top + l.height, l.height),
                    None => (w.top + w.height, w.height),
                };
                words.push(WordBox {
                    text: w.text.to_string(),
                    left: w.left * scale,
                    baseline: bottom * scale,
                    width: w.width * scale,
                    size: size * scale,
                });
            }
            let (text, glyphs) = layout_words(&words);
            let confidence = if conf_n > 0 {
                (conf_sum / conf_n as f64) as f32
            } else {
                0.0
            };
            PageText {
                page,
                text,
                glyphs,
                ocr_confidence: Some(confidence),
            }
        })
        .collect()
}

/// Run `program` with `args`, `input` on its stdin; its stdout. Tesseract is limited to one
/// thread (OpenMP), which keeps its memory small and its results reproducible.
fn run(
    program: &'static str,
    package: &'static str,
    args: &[&str],
    input: &[u8],
) -> Result<Vec<u8>, OcrError> {
    let mut child = Command::new(program)
        .args(args)
        .env("OMP_THREAD_LIMIT", "1")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| match e.kind() {
            std::io::ErrorKind::NotFound => OcrError::Missing { program, package },
            _ => OcrError::Failed {
                program,
                reason: e.to_string(),
            },
        })?;
    let failed = |reason: String| OcrError::Failed { program, reason };
    let mut stdin = child.stdin.take().expect("stdin is piped");
    let mut stdout = child.stdout.take().expect("stdout is piped");
    let mut stderr = child.stderr.take().expect("stderr is piped");
    let (out, err) = std::thread::scope(|s| {
        let out = s.spawn(move || {
            let mut v = Vec::new();
            stdout.read_to_end(&mut v).map(|_| v)
        });
        let err = s.spawn(move || {
            let mut v = Vec::new();
            let _ = stderr.read_to_end(&mut v);
            v
        });
        // A program that stops reading early closes the pipe: its exit status says why.
        let _ = stdin.write_all(input);
        drop(stdin);
        (out.join(), err.join())
    });
    let out = out
        .map_err(|_| failed("reading its output panicked".into()))?
        .map_err(|e| failed(e.to_string()))?;
    let err = err.unwrap_or_default();
    let status = child.wait().map_err(|e| failed(e.to_string()))?;
    if !status.success() {
        let msg = String::from_utf8_lossy(&err);
        let last = msg
            .lines()
            .rev()
            .find(|l| !l.trim().is_empty())
            .unwrap_or("");
        return Err(failed(format!("{status}: {}", last.trim())));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tsv_words_become_lines_with_columns_apart() {
        let tsv = "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext\n\
                   4\t1\t1\t1\t1\t0\t100\t100\t300\t20\t-1\t\n\
                   5\t1\t1\t1\t1\t1\t100\t100\t80\t20\t90\tInvoice\n\
                   5\t1\t1\t1\t1\t2\t190\t100\t40\t20\t80\tNo:\n\
                   4\t1\t2\t1\t1\t0\t600\t102\t100\t20\t-1\t\n\
                   5\t1\t2\t1\t1\t1\t600\t102\t100\t20\t70\tRM-1\n";
        let pages = pages_from_tsv(tsv, 0.36);
        assert_eq!(pages.len(), 1);
        let text = &pages[0].text;
        assert!(text.starts_with("Invoice No:  "), "{text:?}");
        assert!(text.ends_with("RM-1"), "{text:?}");
        assert_eq!(pages[0].ocr_confidence, Some(80.0));
    }

    #[test]
    fn image_kinds_by_magic_bytes() {
        assert_eq!(image_kind(b"\x89PNG\r\n"), Some("png"));
        assert_eq!(image_kind(b"\xFF\xD8\xFF\xE0"), Some("jpeg"));
        assert_eq!(image_kind(b"II*\0"), Some("tiff"));
        assert_eq!(image_kind(b"%PDF-1.4"), None);
    }
}
