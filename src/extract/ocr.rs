//! OCR of scans and images with Debian's Tesseract command line (`tesseract-ocr`,
//! `tesseract-ocr-eng`); PDF pages with no text layer are rasterized first with poppler's
//! `pdftoppm` (`poppler-utils`).
//!
//! Entry points: [`ocr_image`] (PNG, JPEG or TIFF bytes; a multi-page TIFF gives one page each)
//! and [`ocr_pdf_page`] ([`ocr_pdf_pages`] for several pages of one PDF at a time). Tesseract's
//! TSV output gives word boxes and confidences;
//! the words are laid out with the same rules as a text PDF's glyphs ([`super::pdf_text`]), so
//! columns stay apart by at least two spaces.
//!
//! Each page is read three times and the readings merged word by word ([`merge_words`]: a
//! surer word replaces the one under it, a missed word is added):
//! 1. the scan, leveled ([`super::scan`]), in sparse-text mode (`--psm 11`): the reading order
//!    is rebuilt here from the boxes (Tesseract's full page segmentation, `--psm 3`, dropped
//!    headings set between ruled lines: a receipt's `LUMPER RECEIPT` title);
//! 2. when it has rules, a black-and-white copy without them, in sparse-text mode: the words
//!    of a ruled form's cells, which the rules cut through (`Carrier Name` read as
//!    `EarierName ____HgRine`);
//! 3. the leveled scan in block mode (`--psm 6`), which finds headings sparse mode drops
//!    (white on a dark bar: `SHIP FROM`, `REMIT TO`, a `Balance Due` row).
//!
//! A blank PDF page (no pixel darker than mid-grey in a 24 dpi thumbnail) is not OCRed. What
//! skew leveling leaves (under [`super::scan::MIN_SKEW_DEG`]) still puts cells of one row far
//! apart across the page (a label at the left, its amount at the right) a line apart; each
//! line is moved back by the skew its words' box centres show ([`skew`]), so they meet again.
//! Both programs are fed on stdin and write to stdout: no temporary files.

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

/// Rasterize page `page` (1-based) of a PDF at [`RASTER_DPI`], grayscale (a PGM on a pipe), and
/// OCR it.
pub fn ocr_pdf_page(pdf: &[u8], page: u32) -> Result<PageText, OcrError> {
    let p = page.to_string();
    // A blank page (the back of a scanned sheet) is not OCRed: a 24 dpi thumbnail costs ~20 ms,
    // Tesseract ~1 s.
    let thumb = run(
        "pdftoppm",
        "poppler-utils",
        &["-r", "24", "-gray", "-f", &p, "-l", &p, "-singlefile", "-"],
        pdf,
    )?;
    if is_blank(&thumb) {
        return Ok(PageText {
            page,
            text: String::new(),
            glyphs: 0,
            ocr_confidence: Some(0.0),
        });
    }
    let dpi = RASTER_DPI.to_string();
    // A PGM, not a PNG: poppler's PNG encoder took 6 s for a 200 dpi page that it writes as a
    // PGM in 0.1 s. A PGM carries no resolution, so Tesseract is told it (`--dpi`) and reads the
    // same words as from the PNG. (A TIFF cannot be written to a pipe: libtiff seeks back.)
    let pgm = run(
        "pdftoppm",
        "poppler-utils",
        &["-r", &dpi, "-gray", "-f", &p, "-l", &p, "-singlefile", "-"],
        pdf,
    )?;
    let mut pages = ocr_image_at(&pgm, RASTER_DPI, true)?;
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

/// OCR pages `numbers` (1-based) of a PDF ([`ocr_pdf_page`] each), as many at a time as there
/// are cores (at most [`OCR_PAGES_AT_ONCE`]): Tesseract reads one page on one core in about a
/// second, and a scanned packet of several pages is read in the time of its slowest pages
/// rather than their sum. One result per number, in the order of `numbers`.
pub fn ocr_pdf_pages(pdf: &[u8], numbers: &[u32]) -> Vec<Result<PageText, OcrError>> {
    use std::sync::atomic::{AtomicUsize, Ordering};
    let at_once = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .clamp(1, OCR_PAGES_AT_ONCE);
    let next = AtomicUsize::new(0);
    let done = std::sync::Mutex::new(Vec::with_capacity(numbers.len()));
    std::thread::scope(|s| {
        for _ in 0..at_once.min(numbers.len()) {
            s.spawn(|| loop {
                let k = next.fetch_add(1, Ordering::Relaxed);
                let Some(&page) = numbers.get(k) else { break };
                let read = ocr_pdf_page(pdf, page);
                done.lock()
                    .unwrap_or_else(|e| e.into_inner())
                    .push((k, read));
            });
        }
    });
    let mut done = done.into_inner().unwrap_or_else(|e| e.into_inner());
    done.sort_by_key(|(k, _)| *k);
    done.into_iter().map(|(_, read)| read).collect()
}

/// Most pages of one PDF OCRed at the same time (each runs `pdftoppm` and `tesseract`).
pub const OCR_PAGES_AT_ONCE: usize = 4;

/// Whether a binary PGM (`P5`, pdftoppm's `-gray` output) is blank: at most 2 pixels darker
/// than 160 of 255 (a speck of dust). Not a PGM: not blank.
fn is_blank(pgm: &[u8]) -> bool {
    // `P5 <width> <height> <maxval>` and one whitespace byte, then the pixels.
    let mut fields = 0;
    let mut i = 0;
    while fields < 4 && i < pgm.len() {
        while i < pgm.len() && pgm[i].is_ascii_whitespace() {
            i += 1;
        }
        while i < pgm.len() && !pgm[i].is_ascii_whitespace() {
            i += 1;
        }
        fields += 1;
    }
    if !pgm.starts_with(b"P5") || fields < 4 || i >= pgm.len() {
        return false;
    }
    pgm[i + 1..].iter().filter(|&&v| v < 160).count() <= 2
}

/// OCR an image (PNG, JPEG, TIFF): one [`PageText`] per image page, with `glyphs` the
/// characters read and `ocr_confidence` Tesseract's mean word confidence (0 when no word was
/// found). Coordinates are taken as 200 dpi (only their proportions matter to the layout).
pub fn ocr_image(bytes: &[u8]) -> Result<Vec<PageText>, OcrError> {
    ocr_image_at(bytes, RASTER_DPI, false)
}

/// OCR `bytes` taken as `dpi` dots per inch for the layout; `tell_dpi`: Tesseract is told that
/// resolution too (an image format that carries none, a PGM), else it reads the image's own.
fn ocr_image_at(bytes: &[u8], dpi: u32, tell_dpi: bool) -> Result<Vec<PageText>, OcrError> {
    let dpi_arg = dpi.to_string();
    let tesseract = |psm: &str, image: &[u8]| {
        let mut args = vec!["stdin", "stdout", "-l", "eng", "--psm", psm];
        if tell_dpi {
            args.extend(["--dpi", &dpi_arg]);
        }
        args.push("tsv");
        run("tesseract", "tesseract-ocr", &args, image)
            .map(|tsv| String::from_utf8_lossy(&tsv).into_owned())
    };
    // Leveled, and a black-and-white copy without rules ([`super::scan::prepare`]).
    let prepared = super::scan::prepare(bytes);
    let page = prepared
        .as_ref()
        .and_then(|p| p.leveled.as_deref())
        .unwrap_or(bytes);
    let rules_out = prepared.as_ref().and_then(|p| p.without_rules.as_deref());
    // The three readings at once: a lone page is read in the time of its slowest reading
    // (each Tesseract runs on one core).
    let (sparse, without_rules, block) = std::thread::scope(|s| {
        let without_rules = s.spawn(|| rules_out.map(|image| tesseract("11", image)).transpose());
        let block = s.spawn(|| tesseract("6", page));
        let sparse = tesseract("11", page);
        (sparse, joined(without_rules), joined(block))
    });
    let (sparse, without_rules, block) = (sparse?, without_rules?, block?);
    let mut rows = parse_tsv(&sparse);
    if let Some(tsv) = &without_rules {
        merge_words(&mut rows, parse_tsv(tsv), 1);
    }
    merge_words(&mut rows, parse_tsv(&block), 2);
    Ok(pages_from_rows(&rows, 72.0 / f64::from(dpi)))
}

/// The result of a reading run on its own thread; a thread that panicked is a failed reading.
fn joined<T>(
    handle: std::thread::ScopedJoinHandle<'_, Result<T, OcrError>>,
) -> Result<T, OcrError> {
    handle.join().unwrap_or_else(|_| {
        Err(OcrError::Failed {
            program: "tesseract",
            reason: "its reader thread panicked".into(),
        })
    })
}

/// Merge the words of another reading of the same page (`pass` numbers it, from 1) into
/// `rows`: a word already read is dropped when the other reading's words over it are surer
/// (their mean confidence more than [`SURER_BY`] above its own), and each word of the other
/// reading read with confidence 50 or more is added where no word remains. So a garbled word
/// over which the other reading is surer but still unsure (`EarierName` at 40 under words at
/// 45) is dropped with nothing in its place: keeping such words cost dev's scans 0.006 F1.
/// An added word's line is
/// renumbered and left out, so it sits on its own box's bottom edge (another reading's line
/// can join a heading to text beside it that sits lower).
fn merge_words<'a>(rows: &mut Vec<Row<'a>>, other: Vec<Row<'a>>, pass: u32) {
    const PASS_OFFSET: u32 = 100_000;
    let overlaps = |a: &Row, b: &Row| {
        a.page == b.page
            && a.left < b.left + b.width
            && b.left < a.left + a.width
            && a.top < b.top + b.height
            && b.top < a.top + a.height
    };
    let is_word =
        |r: &Row| r.level == 5 && r.conf >= 0.0 && r.text.chars().any(char::is_alphanumeric);
    let other: Vec<Row<'a>> = other.into_iter().filter(|r| is_word(r)).collect();
    rows.retain(|r| {
        if r.level != 5 || r.text.trim().is_empty() {
            return true;
        }
        let over: Vec<f32> = other
            .iter()
            .filter(|o| overlaps(o, r))
            .map(|o| o.conf)
            .collect();
        over.is_empty() || over.iter().sum::<f32>() / (over.len() as f32) <= r.conf + SURER_BY
    });
    let kept: Vec<Row<'a>> = rows
        .iter()
        .filter(|r| r.level == 5 && !r.text.trim().is_empty())
        .cloned()
        .collect();
    for mut w in other {
        if w.conf >= 50.0 && !kept.iter().any(|k| overlaps(k, &w)) {
            w.line.0 += PASS_OFFSET * pass;
            rows.push(w);
        }
    }
}

/// How much surer (mean word confidence, 0–100) another reading of a page must be to replace
/// the words read first.
pub const SURER_BY: f32 = 10.0;

/// One row of Tesseract's TSV output.
#[derive(Clone)]
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
#[cfg(test)]
fn pages_from_tsv(tsv: &str, scale: f64) -> Vec<PageText> {
    pages_from_rows(&parse_tsv(tsv), scale)
}

/// The rows of Tesseract's TSV output.
fn parse_tsv(tsv: &str) -> Vec<Row<'_>> {
    tsv.lines()
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
        .collect()
}

/// Pages from TSV rows; `scale` converts pixels to points.
fn pages_from_rows(rows: &[Row], scale: f64) -> Vec<PageText> {
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
            let page_words: Vec<&Row> = rows
                .iter()
                .filter(|r| r.page == page && r.level == 5 && !r.text.trim().is_empty())
                .collect();
            let slope = skew(&page_words, &lines);
            let mut words = Vec::new();
            let (mut conf_sum, mut conf_n) = (0.0f64, 0usize);
            for w in page_words {
                if w.conf >= 0.0 {
                    conf_sum += w.conf as f64;
                    conf_n += 1;
                }
                let line = lines.iter().find(|l| l.line == w.line);
                let (bottom, size) = match line {
                    Some(l) => (l.top + l.height, l.height),
                    None => (w.top + w.height, w.height),
                };
                // A skewed scan: the line is moved up or down by the skew at its middle, so
                // that cells of one row far apart across the page share a text line.
                let mid = line.map_or(w.left + w.width / 2.0, |l| l.left + l.width / 2.0);
                let bottom = bottom - slope * mid;
                words.push((
                    w.line,
                    WordBox {
                        text: w.text.to_string(),
                        left: w.left * scale,
                        baseline: bottom * scale,
                        width: w.width * scale,
                        size: size * scale,
                    },
                ));
            }
            let (text, glyphs) = layout_words(&phrases(words));
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

/// Words of one Tesseract line as phrases: a word closer to the one before it than
/// [`PHRASE_GAP`] × the line's height joins it, one space between them. Tesseract found the
/// line and the words' order; a wide-set or monospaced scan (`DATE   OF  INVOICE   12/5/26`)
/// whose word gaps the layout would read as column gaps keeps its phrases whole, while cells
/// set further apart stay cells.
fn phrases(mut words: Vec<((u32, u32, u32), WordBox)>) -> Vec<WordBox> {
    words.sort_by(|a, b| a.0.cmp(&b.0).then(a.1.left.total_cmp(&b.1.left)));
    let mut out: Vec<((u32, u32, u32), WordBox)> = Vec::with_capacity(words.len());
    for (line, w) in words {
        if let Some((last_line, last)) = out.last_mut() {
            let gap = w.left - (last.left + last.width);
            if *last_line == line && gap >= 0.0 && gap < PHRASE_GAP * last.size.max(w.size) {
                last.text.push(' ');
                last.text.push_str(&w.text);
                last.width = w.left + w.width - last.left;
                continue;
            }
        }
        out.push((line, w));
    }
    out.into_iter().map(|(_, w)| w).collect()
}

/// Largest gap between two words of one phrase, in line heights (see [`phrases`]).
pub const PHRASE_GAP: f64 = 1.0;

/// The skew of a page as a slope (dy/dx in pixels, y down): the median over Tesseract lines of
/// two or more words spanning at least 150 px of the slope of the words' box centres (least
/// squares). 0 when fewer than 3 lines show it, or under 0.15° (nothing to correct) or over 6°.
fn skew(words: &[&Row], lines: &[&Row]) -> f64 {
    let mut slopes = Vec::new();
    for l in lines {
        let ws: Vec<(f64, f64)> = words
            .iter()
            .filter(|w| w.line == l.line)
            .map(|w| (w.left + w.width / 2.0, w.top + w.height / 2.0))
            .collect();
        if ws.len() < 2 {
            continue;
        }
        let (lo, hi) = ws.iter().fold((f64::MAX, f64::MIN), |(lo, hi), &(x, _)| {
            (lo.min(x), hi.max(x))
        });
        if hi - lo < 150.0 {
            continue;
        }
        let n = ws.len() as f64;
        let mx = ws.iter().map(|p| p.0).sum::<f64>() / n;
        let my = ws.iter().map(|p| p.1).sum::<f64>() / n;
        let cov: f64 = ws.iter().map(|p| (p.0 - mx) * (p.1 - my)).sum();
        let var: f64 = ws.iter().map(|p| (p.0 - mx).powi(2)).sum();
        if var > 0.0 {
            slopes.push(cov / var);
        }
    }
    if slopes.len() < 3 {
        return 0.0;
    }
    slopes.sort_by(f64::total_cmp);
    let m = slopes[slopes.len() / 2];
    if m.abs() < 0.0026 || m.abs() > 0.105 {
        0.0
    } else {
        m
    }
}

/// Run `program` with `args`, `input` on its stdin; its stdout. Tesseract is limited to one
/// thread (OpenMP), which keeps its memory small and its results reproducible.
pub(super) fn run(
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
    fn another_reading_adds_missed_words_and_replaces_less_sure_ones() {
        let head = "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext\n";
        let first = format!(
            "{head}5\t1\t1\t1\t1\t1\t100\t300\t80\t20\t90\tName:\n\
             5\t1\t1\t1\t2\t1\t100\t400\t200\t20\t40\tEarierName\n"
        );
        let second = format!(
            "{head}5\t1\t1\t1\t1\t1\t102\t301\t78\t20\t95\tName\n\
             5\t1\t1\t1\t1\t2\t100\t250\t60\t20\t85\tSHIP\n\
             5\t1\t1\t1\t1\t3\t170\t250\t60\t20\t30\tFR0M\n\
             5\t1\t1\t1\t2\t1\t100\t401\t90\t20\t92\tCarrier\n\
             5\t1\t1\t1\t2\t2\t200\t401\t90\t20\t94\tName\n"
        );
        let mut rows = parse_tsv(&first);
        merge_words(&mut rows, parse_tsv(&second), 1);
        let mut words: Vec<&str> = rows.iter().map(|r| r.text).collect();
        words.sort_unstable();
        // `Name:` (90) stays: `Name` (95) is not 10 surer. `EarierName` (40) gives way to
        // `Carrier Name` (93). `FR0M` is under confidence 50.
        assert_eq!(words, ["Carrier", "Name", "Name:", "SHIP"]);
        let text = &pages_from_rows(&rows, 0.36)[0].text;
        assert!(text.starts_with("SHIP\n"), "{text:?}");
        assert!(text.trim_end().ends_with("Carrier Name"), "{text:?}");
    }

    #[test]
    fn words_of_a_wide_set_line_stay_one_phrase() {
        // Capitals on a line 40 px high, words 38 px apart (2.5 letters: as wide as a column
        // gap), the value 229 px further: the caption is one cell, the value another.
        let head = "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext\n";
        let tsv = format!(
            "{head}4\t1\t1\t1\t1\t0\t100\t100\t700\t40\t-1\t\n\
             5\t1\t1\t1\t1\t1\t100\t100\t60\t40\t90\tDATE\n\
             5\t1\t1\t1\t1\t2\t198\t100\t30\t40\t90\tOF\n\
             5\t1\t1\t1\t1\t3\t266\t100\t105\t40\t90\tINVOICE\n\
             5\t1\t1\t1\t1\t4\t600\t100\t105\t40\t90\t12/5/26\n"
        );
        let text = &pages_from_tsv(&tsv, 0.36)[0].text;
        let cells: Vec<&str> = text
            .trim()
            .split("  ")
            .map(str::trim)
            .filter(|c| !c.is_empty())
            .collect();
        assert_eq!(cells, ["DATE OF INVOICE", "12/5/26"], "{text:?}");
    }

    #[test]
    fn a_skewed_row_is_put_back_on_one_line() {
        // Three lines of two words, each rising 20 px over 400 px (slope -0.05, ~2.9°), and a
        // row whose cells are 1000 px apart: 50 px apart in height, as two lines would be.
        let head = "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext\n";
        let mut tsv = head.to_string();
        for (b, top) in [(1, 100), (2, 400), (3, 700)] {
            tsv += &format!("5\t1\t{b}\t1\t1\t1\t100\t{top}\t80\t20\t90\tWord\n");
            let t2 = top - 20;
            tsv += &format!("5\t1\t{b}\t1\t1\t2\t500\t{t2}\t80\t20\t90\tWord\n");
        }
        tsv += "5\t1\t9\t1\t1\t1\t100\t1000\t60\t20\t90\tTotal\n";
        tsv += "5\t1\t10\t1\t1\t1\t1100\t950\t80\t20\t90\t$2,410.00\n";
        let rows = parse_tsv(&tsv);
        let words: Vec<&Row> = rows.iter().collect();
        let slope = skew(&words, &[]);
        assert_eq!(slope, 0.0, "no Tesseract lines, no estimate");
        let lines: Vec<Row> = [1, 2, 3]
            .iter()
            .map(|&b| Row {
                level: 4,
                page: 1,
                line: (b, 1, 1),
                left: 100.0,
                top: 0.0,
                width: 480.0,
                height: 20.0,
                conf: -1.0,
                text: "",
            })
            .collect();
        let line_refs: Vec<&Row> = lines.iter().collect();
        assert!((skew(&words, &line_refs) + 0.05).abs() < 1e-9);
        let mut all = rows.clone();
        all.extend(lines.iter().cloned());
        let text = &pages_from_rows(&all, 0.36)[0].text;
        let last = text.lines().last().unwrap();
        assert!(
            last.starts_with("Total") && last.ends_with("$2,410.00"),
            "{text:?}"
        );
    }

    #[test]
    fn a_page_with_no_dark_pixels_is_blank() {
        let mut pgm = b"P5\n4 2\n255\n".to_vec();
        pgm.extend([255, 250, 240, 255, 255, 200, 255, 255]);
        assert!(is_blank(&pgm));
        let n = pgm.len();
        pgm[n - 1] = 20;
        pgm[n - 2] = 90;
        pgm[n - 3] = 40;
        assert!(!is_blank(&pgm));
        assert!(!is_blank(b"\x89PNG\r\n"));
    }

    #[test]
    fn image_kinds_by_magic_bytes() {
        assert_eq!(image_kind(b"\x89PNG\r\n"), Some("png"));
        assert_eq!(image_kind(b"\xFF\xD8\xFF\xE0"), Some("jpeg"));
        assert_eq!(image_kind(b"II*\0"), Some("tiff"));
        assert_eq!(image_kind(b"%PDF-1.4"), None);
    }
}
