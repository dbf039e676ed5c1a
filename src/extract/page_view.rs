//! What a page of an archived document looks like and where its words are, for showing staff
//! where a value was read (the workspace's page images with a box around each field).
//!
//! Entry points: [`render_page`] (a JPEG of one page) and [`words_on_page`] (the page's words,
//! each with its box as fractions of the page), then [`locate`] (the box of a field's printed
//! value among those words). A text page's words come from poppler (`pdftotext -bbox`), a scanned
//! page's or an image's from Tesseract (its TSV word boxes over the page as rasterized). Boxes
//! are fractions of the page's width and height (0 at the top left), so they fit the image at
//! any size.
//!
//! The extractor keeps, for each field, its page and the value as printed
//! ([`crate::model::Provenance`]); [`locate`] finds that printed text among the page's words:
//! the occurrence that starts and ends on word edges first, else the first occurrence. A value
//! printed twice on a page (a load number in the title and in a box) is boxed where it first
//! appears as whole words.
//!
//! Each program runs under coreutils' `timeout` ([`PROGRAM_SECS`]): a hostile PDF cannot hold a
//! workspace request for ever.

use serde::{Deserialize, Serialize};

use super::ocr::{self, OcrError};

/// Resolution of the page images staff see, dots per inch (a letter page is 850 × 1100 pixels).
pub const VIEW_DPI: u32 = 100;

/// Seconds one rendering or OCR program may run before it is stopped.
pub const PROGRAM_SECS: u32 = 60;

/// A word on a page and its box, as fractions (0–1) of the page's width and height from the top
/// left corner.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PageWord {
    /// The word as read.
    pub text: String,
    /// Left edge.
    pub x0: f64,
    /// Top edge.
    pub y0: f64,
    /// Right edge.
    pub x1: f64,
    /// Bottom edge.
    pub y1: f64,
}

/// The words of one page and how they were found.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct PageWords {
    /// The words, in the order the reader gave them (reading order, near enough).
    pub words: Vec<PageWord>,
    /// Whether they were read by OCR (a scanned page or an image), not from a text layer.
    pub ocr: bool,
    /// The page's height over its width (1.294 for US letter upright); 0 when unknown.
    #[serde(default)]
    pub aspect: f64,
}

/// A box on a page, as fractions (0–1) of its width and height.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct PageBox {
    /// Left edge.
    pub x0: f64,
    /// Top edge.
    pub y0: f64,
    /// Right edge.
    pub x1: f64,
    /// Bottom edge.
    pub y1: f64,
}

/// Run `program` under `timeout` with `input` on its stdin; its stdout.
fn bounded(
    program: &'static str,
    package: &'static str,
    args: &[&str],
    input: &[u8],
) -> Result<Vec<u8>, OcrError> {
    let secs = PROGRAM_SECS.to_string();
    let mut all = vec!["--kill-after=5", secs.as_str(), program];
    all.extend_from_slice(args);
    // `timeout` (coreutils) is always there; its exit status says what became of the program:
    // 124 stopped for taking too long, 127 not found.
    ocr::run("timeout", "coreutils", &all, input).map_err(|e| match e {
        OcrError::Failed { reason, .. } if reason.contains("exit status: 127") => {
            OcrError::Missing { program, package }
        }
        OcrError::Failed { reason, .. } if reason.contains("exit status: 124") => {
            OcrError::Failed {
                program,
                reason: format!("stopped after {PROGRAM_SECS} s"),
            }
        }
        OcrError::Failed { reason, .. } => OcrError::Failed { program, reason },
        e => e,
    })
}

/// A JPEG of page `page` (1-based) of `source` at [`VIEW_DPI`]: a PDF page rendered by
/// `pdftoppm`; a PNG or JPEG image is its own page 1 (returned as it is, with its content
/// type). Returns the bytes and their content type (`image/jpeg`, `image/png`).
///
/// Errors: [`OcrError::Missing`] without poppler; [`OcrError::Failed`] for a page the PDF does
/// not have, a PDF poppler cannot read, a TIFF (browsers do not show it), or a render that took
/// longer than [`PROGRAM_SECS`].
pub fn render_page(source: &[u8], page: u32) -> Result<(Vec<u8>, &'static str), OcrError> {
    match ocr::image_kind(source) {
        Some("png") if page == 1 => return Ok((source.to_vec(), "image/png")),
        Some("jpeg") if page == 1 => return Ok((source.to_vec(), "image/jpeg")),
        Some(_) => {
            return Err(OcrError::Failed {
                program: "pdftoppm",
                reason: format!("page {page} of an image that cannot be shown as it is"),
            })
        }
        None => {}
    }
    let p = page.to_string();
    let dpi = VIEW_DPI.to_string();
    let jpeg = bounded(
        "pdftoppm",
        "poppler-utils",
        &["-jpeg", "-r", &dpi, "-f", &p, "-l", &p, "-singlefile", "-"],
        source,
    )?;
    if jpeg.is_empty() {
        return Err(OcrError::Failed {
            program: "pdftoppm",
            reason: format!("the PDF has no page {page}"),
        });
    }
    Ok((jpeg, "image/jpeg"))
}

/// The words of page `page` (1-based) of `source` (a PDF, or a PNG/JPEG/TIFF image as page 1)
/// with their boxes: from the PDF's text layer (`pdftotext -bbox`) when the page has one, else
/// by OCR of the page rasterized at [`ocr::RASTER_DPI`] (Tesseract, sparse text, one pass).
///
/// Blocking: runs child processes (about 50 ms for a text page, a second or two for a scan).
/// Errors: as [`render_page`]; Tesseract missing or failing.
pub fn words_on_page(source: &[u8], page: u32) -> Result<PageWords, OcrError> {
    if ocr::image_kind(source).is_some() {
        return ocr_words(source, false);
    }
    let p = page.to_string();
    let html = bounded(
        "pdftotext",
        "poppler-utils",
        &["-bbox", "-enc", "UTF-8", "-f", &p, "-l", &p, "-", "-"],
        source,
    )?;
    let (words, aspect) = words_from_bbox_html(&String::from_utf8_lossy(&html));
    if words
        .iter()
        .any(|w| w.text.chars().any(char::is_alphanumeric))
    {
        return Ok(PageWords {
            words,
            ocr: false,
            aspect,
        });
    }
    let dpi = ocr::RASTER_DPI.to_string();
    let pgm = bounded(
        "pdftoppm",
        "poppler-utils",
        &["-r", &dpi, "-gray", "-f", &p, "-l", &p, "-singlefile", "-"],
        source,
    )?;
    ocr_words(&pgm, true)
}

/// Words of an image by Tesseract (`--psm 11`), boxes over the image's own size (its TSV's
/// page row). `tell_dpi`: the image is a PGM at [`ocr::RASTER_DPI`], which carries no resolution.
fn ocr_words(image: &[u8], tell_dpi: bool) -> Result<PageWords, OcrError> {
    let dpi = ocr::RASTER_DPI.to_string();
    let mut args = vec!["stdin", "stdout", "-l", "eng", "--psm", "11"];
    if tell_dpi {
        args.extend(["--dpi", &dpi]);
    }
    args.push("tsv");
    let tsv = bounded("tesseract", "tesseract-ocr", &args, image)?;
    let (words, aspect) = words_from_tsv(&String::from_utf8_lossy(&tsv));
    Ok(PageWords {
        words,
        ocr: true,
        aspect,
    })
}

/// Words of the first page of Tesseract's TSV (`level page block par line word left top width
/// height conf text`), over the size its page row (level 1) gives.
fn words_from_tsv(tsv: &str) -> (Vec<PageWord>, f64) {
    let mut size = None;
    let mut words = Vec::new();
    for l in tsv.lines().skip(1) {
        let c: Vec<&str> = l.split('\t').collect();
        if c.len() < 12 {
            continue;
        }
        let n = |i: usize| c[i].trim().parse::<f64>().unwrap_or(0.0);
        match c[0].trim() {
            "1" if size.is_none() => size = Some((n(8), n(9))),
            "5" if !c[11].trim().is_empty() => {
                words.push((c[11].trim().to_string(), n(6), n(7), n(8), n(9)))
            }
            _ => {}
        }
    }
    let Some((w, h)) = size.filter(|(w, h)| *w > 0.0 && *h > 0.0) else {
        return (Vec::new(), 0.0);
    };
    let words = words
        .into_iter()
        .map(|(text, left, top, width, height)| PageWord {
            text,
            x0: left / w,
            y0: top / h,
            x1: (left + width) / w,
            y1: (top + height) / h,
        })
        .collect();
    (words, h / w)
}

/// Words of the first `<page>` of `pdftotext -bbox` output (XHTML: `<page width height>` and
/// `<word xMin yMin xMax yMax>text</word>`, in points from the top left).
fn words_from_bbox_html(html: &str) -> (Vec<PageWord>, f64) {
    static PAGE: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
        regex::Regex::new(r#"<page width="([0-9.]+)" height="([0-9.]+)""#).expect("pattern")
    });
    static WORD: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
        regex::Regex::new(
            r#"<word xMin="([-0-9.]+)" yMin="([-0-9.]+)" xMax="([-0-9.]+)" yMax="([-0-9.]+)">([^<]*)</word>"#,
        )
        .expect("pattern")
    });
    let Some(p) = PAGE.captures(html) else {
        return (Vec::new(), 0.0);
    };
    let (w, h): (f64, f64) = (p[1].parse().unwrap_or(0.0), p[2].parse().unwrap_or(0.0));
    if w <= 0.0 || h <= 0.0 {
        return (Vec::new(), 0.0);
    }
    let first_page = &html[p.get(0).map_or(0, |m| m.end())..];
    let first_page = first_page
        .find("</page>")
        .map_or(first_page, |end| &first_page[..end]);
    let words = WORD
        .captures_iter(first_page)
        .map(|c| {
            let f = |i: usize| c[i].parse::<f64>().unwrap_or(0.0);
            PageWord {
                text: unescape(&c[5]),
                x0: (f(1) / w).clamp(0.0, 1.0),
                y0: (f(2) / h).clamp(0.0, 1.0),
                x1: (f(3) / w).clamp(0.0, 1.0),
                y1: (f(4) / h).clamp(0.0, 1.0),
            }
        })
        .collect();
    (words, h / w)
}

/// XML's five entities written back as characters.
fn unescape(s: &str) -> String {
    s.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&apos;", "'")
        .replace("&amp;", "&")
}

/// The box of `printed` (a field's value as printed) among a page's words: the union of the
/// words that spell it, compared on letters and digits only, case-insensitively (so `$2,350.00`
/// matches the words `$2,350.00` and `Total: 12345` matches `12345`). Of several occurrences, the
/// first that starts and ends on word edges, else the first. `None` when the page does not spell
/// it (an OCR misread, a value read from the email rather than the page) or `printed` has no
/// letter or digit.
pub fn locate(words: &[PageWord], printed: &str) -> Option<PageBox> {
    locate_nth(words, printed, None)
}

/// Letters and digits of `s`, lower-cased: what [`locate`] compares.
fn fold(s: &str) -> Vec<char> {
    s.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// Which occurrence of `printed` a field is, counting from 0: how many times its letters and
/// digits occur in the page's text (as the extractor read it) before the field's byte `span`
/// start. `None` when the span is not in the text.
pub fn occurrence(page_text: &str, printed: &str, span_start: usize) -> Option<usize> {
    let before = fold(page_text.get(..span_start)?);
    let target = fold(printed);
    if target.is_empty() {
        return None;
    }
    let mut n = 0;
    let mut i = 0;
    while i + target.len() <= before.len() {
        if before[i..i + target.len()] == target[..] {
            n += 1;
            i += target.len();
        } else {
            i += 1;
        }
    }
    Some(n)
}

/// [`locate`], taking occurrence `nth` (counted as [`occurrence`] counts, non-overlapping, in
/// the words' order) when the page has it.
pub fn locate_nth(words: &[PageWord], printed: &str, nth: Option<usize>) -> Option<PageBox> {
    let target = fold(printed);
    if target.is_empty() {
        return None;
    }
    // The page's letters and digits in a row, each with the word it belongs to.
    let mut chars = Vec::new();
    let mut owner = Vec::new();
    let mut starts = Vec::new();
    for (i, w) in words.iter().enumerate() {
        for (k, c) in fold(&w.text).into_iter().enumerate() {
            chars.push(c);
            owner.push(i);
            starts.push(k == 0);
        }
    }
    let n = target.len();
    if chars.len() < n {
        return None;
    }
    let mut all = Vec::new();
    let mut s = 0;
    while s + n <= chars.len() {
        if chars[s..s + n] == target[..] {
            all.push(s);
            s += n;
        } else {
            s += 1;
        }
    }
    let on_edges = |s: usize| starts[s] && (s + n == chars.len() || starts[s + n]);
    let s = nth
        .and_then(|k| all.get(k).copied())
        .or_else(|| all.iter().copied().find(|&s| on_edges(s)))
        .or_else(|| all.first().copied())?;
    let covered = &owner[s..s + n];
    let (a, b) = (covered[0], covered[n - 1]);
    let mut bx = PageBox {
        x0: f64::MAX,
        y0: f64::MAX,
        x1: f64::MIN,
        y1: f64::MIN,
    };
    for w in &words[a..=b] {
        bx.x0 = bx.x0.min(w.x0);
        bx.y0 = bx.y0.min(w.y0);
        bx.x1 = bx.x1.max(w.x1);
        bx.y1 = bx.y1.max(w.y1);
    }
    Some(bx)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn word(text: &str, x0: f64, y0: f64) -> PageWord {
        PageWord {
            text: text.into(),
            x0,
            y0,
            x1: x0 + 0.1,
            y1: y0 + 0.02,
        }
    }

    #[test]
    fn a_value_is_boxed_where_it_is_spelled_as_whole_words() {
        let words = vec![
            word("Load", 0.1, 0.1),
            word("#:", 0.2, 0.1),
            word("LD-44120x", 0.3, 0.1),
            word("Load", 0.1, 0.3),
            word("LD-44120", 0.3, 0.3),
            word("Total:", 0.1, 0.5),
            word("$2,350.00", 0.5, 0.5),
        ];
        // "LD-44120" is inside "LD-44120x" first; its whole-word occurrence is the second line.
        let b = locate(&words, "LD-44120").unwrap();
        assert_eq!((b.x0, b.y0), (0.3, 0.3));
        let b = locate(&words, "$2,350.00").unwrap();
        assert_eq!((b.x0, b.y0, b.x1), (0.5, 0.5, 0.6));
        // A printed value of several words is the union of their boxes.
        let b = locate(&words, "Total: $2,350.00").unwrap();
        assert_eq!((b.x0, b.x1), (0.1, 0.6));
        assert_eq!(locate(&words, "9999"), None);
        // The second occurrence in the extractor's text is the second on the page.
        let text = "Load #: LD-44120x\nLoad  LD-44120\n";
        let k = occurrence(text, "LD-44120", text.rfind("LD-44120").unwrap());
        assert_eq!(k, Some(1));
        let b = locate_nth(&words, "LD-44120", k).unwrap();
        assert_eq!(b.y0, 0.3);
        let b = locate_nth(&words, "Load", Some(0)).unwrap();
        assert_eq!(b.y0, 0.1);
        assert_eq!(locate_nth(&words, "Load", Some(5)).map(|b| b.y0), Some(0.1));
        assert_eq!(locate(&words, "—"), None);
    }

    #[test]
    fn poppler_bbox_output_becomes_fractions_of_the_page() {
        let html = r#"<doc>
  <page width="600.000000" height="800.000000">
    <word xMin="60.000000" yMin="80.000000" xMax="120.000000" yMax="96.000000">A&amp;B</word>
  </page>
  <page width="600.000000" height="800.000000">
    <word xMin="1" yMin="1" xMax="2" yMax="2">second</word>
  </page>"#;
        let (w, aspect) = words_from_bbox_html(html);
        assert_eq!(aspect, 800.0 / 600.0);
        assert_eq!(w.len(), 1);
        assert_eq!(w[0].text, "A&B");
        assert_eq!((w[0].x0, w[0].y0, w[0].x1, w[0].y1), (0.1, 0.1, 0.2, 0.12));
    }

    #[test]
    fn tesseract_tsv_boxes_are_over_the_page_row() {
        let tsv = "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext\n\
                   1\t1\t0\t0\t0\t0\t0\t0\t1000\t2000\t-1\t\n\
                   5\t1\t1\t1\t1\t1\t100\t200\t300\t20\t90\tInvoice\n\
                   5\t1\t1\t1\t1\t2\t500\t200\t10\t20\t90\t \n";
        let (w, aspect) = words_from_tsv(tsv);
        assert_eq!(aspect, 2.0);
        assert_eq!(w.len(), 1);
        assert_eq!((w[0].x0, w[0].y0, w[0].x1, w[0].y1), (0.1, 0.1, 0.4, 0.11));
    }
}
