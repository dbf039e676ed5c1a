//! PDF text with layout: the text of each page of a PDF, laid out like `pdftotext -layout`.
//!
//! Entry point: [`pdf_text`]. The PDF is read with `lopdf`; glyphs come from `pdf-extract`
//! (its [`OutputDev`] callback gives each glyph's text rendering matrix), and this module lays
//! them out itself: lines by baseline, glyphs left to right, gaps as spaces so that a label and
//! its value stay on one line and table columns stay apart.
//!
//! Before `pdf-extract` sees a page, its content is rewritten into the small set of operators
//! that matter for text (see [`prepare`]): this makes text drawn with `'` and `"` visible (plain
//! `pdf-extract` drops it), draws form XObjects with their `/Matrix`, adds the appearance
//! streams of visible annotations (filled-in form fields), and removes the colour, path, image
//! and graphics-state operators on which `pdf-extract` panics. Any panic left is caught and
//! returned as [`PdfError::Panicked`].
//!
//! Coordinates are PDF points (1/72 inch) in default user space; page numbers are 1-based.

use std::cell::{Cell, RefCell};
use std::collections::{HashMap, HashSet};
use std::panic::{self, AssertUnwindSafe};
use std::rc::Rc;
use std::sync::Once;

use lopdf::content::{Content, Operation};
use lopdf::{Dictionary, Document, Object, ObjectId, Stream};
use pdf_extract::{MediaBox, OutputDev, OutputError, Transform};

/// Limits on one PDF, checked before any page is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(default)]
pub struct PdfLimits {
    /// Largest PDF accepted, in bytes. Default 25 MiB.
    pub max_bytes: usize,
    /// Most pages accepted. Default 200.
    pub max_pages: usize,
}

impl Default for PdfLimits {
    fn default() -> Self {
        PdfLimits {
            max_bytes: 25 * 1024 * 1024,
            max_pages: 200,
        }
    }
}

/// The text of one page, laid out like `pdftotext -layout`.
///
/// Lines run top to bottom and glyphs left to right. Between words on a line there is one
/// space; where two runs of text on the same baseline have a visible gap (at least
/// [`COLUMN_GAP`] × the font size) there are at least two spaces, more to approximate the
/// horizontal position, so columns stay apart. A large vertical gap gives one blank line.
/// Lines have no trailing spaces and are joined by `\n` (no newline after the last line).
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct PageText {
    /// Page number, 1-based, in page-tree order.
    pub page: u32,
    /// The page's text; empty for a page with no text (an image-only page: a scan).
    pub text: String,
    /// Visible characters drawn on the page (whitespace, control characters and off-page
    /// text not counted). 0 means the page has no text layer.
    pub glyphs: usize,
    /// For a page read by OCR (a scan or an image): Tesseract's mean word confidence, 0–100.
    /// `None` for a page with a text layer.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ocr_confidence: Option<f32>,
}

/// Why a PDF gave no text.
#[derive(Debug, thiserror::Error)]
pub enum PdfError {
    /// The bytes have no `%PDF-` header in their first KiB.
    #[error("the file is not a PDF (it has no %PDF- header)")]
    NotPdf,
    /// The PDF is larger than [`PdfLimits::max_bytes`].
    #[error("the PDF is {bytes} bytes, more than the limit of {limit} bytes")]
    TooLarge {
        /// Size of the PDF, in bytes.
        bytes: usize,
        /// The limit, in bytes.
        limit: usize,
    },
    /// The PDF has more pages than [`PdfLimits::max_pages`].
    #[error("the PDF has {pages} pages, more than the limit of {limit} pages")]
    TooManyPages {
        /// Pages in the PDF.
        pages: usize,
        /// The limit.
        limit: usize,
    },
    /// The PDF is encrypted and the empty user password does not open it.
    #[error("the PDF is encrypted and no password is known")]
    Encrypted,
    /// The PDF is damaged or malformed: the reason.
    #[error("the PDF is damaged and could not be read: {0}")]
    Corrupt(String),
    /// The PDF library panicked on this PDF: the panic message (and where).
    #[error("the PDF reader failed on this PDF (internal error: {0})")]
    Panicked(String),
}

impl PdfError {
    /// PDF errors are properties of the file: retrying gives the same result.
    pub fn is_transient(&self) -> bool {
        false
    }
}

/// Text of every page of a PDF, in page order.
///
/// Checks [`PdfLimits`] first (bytes before parsing, pages after). An encrypted PDF is opened
/// with the empty user password if it has one (many "protected" PDFs only restrict printing or
/// copying); otherwise [`PdfError::Encrypted`]. An image-only page gives an empty `text` and
/// `glyphs == 0`. A panic inside the PDF libraries is caught and returned as
/// [`PdfError::Panicked`]; nothing is printed for it on stderr (a `tracing` warning is logged).
///
/// Blocking and CPU-bound: call it from a blocking thread. It enforces no time limit.
pub fn pdf_text(bytes: &[u8], limits: &PdfLimits) -> Result<Vec<PageText>, PdfError> {
    if bytes.len() > limits.max_bytes {
        return Err(PdfError::TooLarge {
            bytes: bytes.len(),
            limit: limits.max_bytes,
        });
    }
    let start = header_offset(bytes).ok_or(PdfError::NotPdf)?;
    let bytes = &bytes[start..];

    let mut doc = guarded("reading the PDF", || Document::load_mem(bytes))?
        .map_err(|e| PdfError::Corrupt(e.to_string()))?;

    if doc.trailer.has(b"Encrypt") || doc.is_encrypted() {
        let opened = guarded("decrypting the PDF", || doc.decrypt(""))?;
        if opened.is_err() || doc.trailer.has(b"Encrypt") {
            return Err(PdfError::Encrypted);
        }
    }

    let pages = doc.get_pages();
    if pages.is_empty() {
        return Err(PdfError::Corrupt("it has no pages".into()));
    }
    if pages.len() > limits.max_pages {
        return Err(PdfError::TooManyPages {
            pages: pages.len(),
            limit: limits.max_pages,
        });
    }

    let page_list: Vec<(u32, ObjectId)> = pages.into_iter().collect();
    let boxes = guarded("preparing the pages", || prepare(&mut doc, &page_list))??;

    let mut out = Vec::with_capacity(page_list.len());
    for (&(num, _), visible) in page_list.iter().zip(boxes) {
        let mut dev = Collector::new(visible);
        let what = format!("page {num}");
        guarded(&what, || pdf_extract::output_doc_page(&doc, &mut dev, num))?
            .map_err(|e| PdfError::Corrupt(format!("page {num}: {e}")))?;
        let (text, glyphs) = layout(&dev.glyphs);
        out.push(PageText {
            page: num,
            text,
            glyphs,
            ocr_confidence: None,
        });
    }
    Ok(out)
}

/// Offset of the `%PDF-` header, which readers accept anywhere in the first KiB.
/// Where the `%PDF-` header starts, within the first KiB (as readers allow junk before it).
pub(crate) fn header_offset(bytes: &[u8]) -> Option<usize> {
    bytes[..bytes.len().min(1024)]
        .windows(5)
        .position(|w| w == b"%PDF-")
}

// ---------------------------------------------------------------------------------------------
// Panics
// ---------------------------------------------------------------------------------------------

thread_local! {
    /// Set while this thread runs PDF library code under [`guarded`].
    static QUIET: Cell<bool> = const { Cell::new(false) };
    /// The message of the last panic caught on this thread while [`QUIET`].
    static CAUGHT: RefCell<Option<String>> = const { RefCell::new(None) };
}

static HOOK: Once = Once::new();

/// Install (once) a panic hook that, on a thread inside [`guarded`], records the message
/// instead of printing it. Every other panic, on any thread, goes to the hook that was
/// installed before (the default one prints to stderr as usual).
fn install_quiet_hook() {
    HOOK.call_once(|| {
        let previous = panic::take_hook();
        panic::set_hook(Box::new(move |info| {
            if QUIET.try_with(Cell::get).unwrap_or(false) {
                let mut msg = payload_message(info.payload());
                if let Some(loc) = info.location() {
                    msg.push_str(&format!(" (at {}:{})", loc.file(), loc.line()));
                }
                let _ = CAUGHT.try_with(|c| *c.borrow_mut() = Some(msg));
            } else {
                previous(info);
            }
        }));
    });
}

fn payload_message(payload: &(dyn std::any::Any + Send)) -> String {
    if let Some(s) = payload.downcast_ref::<&str>() {
        (*s).to_string()
    } else if let Some(s) = payload.downcast_ref::<String>() {
        s.clone()
    } else {
        "a panic with no message".to_string()
    }
}

/// Run `f`, turning a panic into [`PdfError::Panicked`] (`what` says which step).
pub(crate) fn guarded<T>(what: &str, f: impl FnOnce() -> T) -> Result<T, PdfError> {
    install_quiet_hook();
    let was_quiet = QUIET.with(|q| q.replace(true));
    CAUGHT.with(|c| c.borrow_mut().take());
    let result = panic::catch_unwind(AssertUnwindSafe(f));
    QUIET.with(|q| q.set(was_quiet));
    match result {
        Ok(v) => Ok(v),
        Err(payload) => {
            let msg = CAUGHT
                .with(|c| c.borrow_mut().take())
                .unwrap_or_else(|| payload_message(payload.as_ref()));
            drop(payload);
            tracing::warn!(step = what, panic = %msg, "PDF library panicked");
            Err(PdfError::Panicked(format!("{what}: {msg}")))
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Preparing the document for pdf-extract
// ---------------------------------------------------------------------------------------------

/// A rectangle `[llx, lly, urx, ury]` in PDF points, normalised (ll < ur).
type Rect = [f64; 4];

/// US Letter, for a page with no usable MediaBox (as poppler does).
const DEFAULT_MEDIA_BOX: Rect = [0.0, 0.0, 612.0, 792.0];
/// Form XObjects nested deeper than this are not drawn.
const MAX_FORM_DEPTH: usize = 32;
/// Parent links or references followed when looking something up.
const MAX_INHERIT_DEPTH: usize = 64;
/// Operations on one page after forms are inlined; forms past this are not drawn (guards
/// against a small PDF whose forms draw each other exponentially often).
const MAX_OPS_PER_PAGE: usize = 2_000_000;

/// Rewrite the document so that `pdf-extract` sees all the text and nothing it panics on, and
/// return each page's visible box (crop box within media box) in the order of `pages`.
///
/// Each page gets: a clean four-number `/MediaBox` of its own (`pdf-extract` panics on a
/// missing one and follows `/Parent` links without limit), no `/ArtBox`, a content stream of
/// [`Sanitizer`]ed operations with form XObjects and visible annotation appearances inlined,
/// and `/Resources` holding just the fonts that content uses, under names of our own.
fn prepare(doc: &mut Document, pages: &[(u32, ObjectId)]) -> Result<Vec<Rect>, PdfError> {
    struct Plan {
        page_id: ObjectId,
        media: Rect,
        visible: Rect,
        content: Vec<u8>,
        fonts: Dictionary,
    }
    let mut plans = Vec::with_capacity(pages.len());
    {
        let doc: &Document = doc;
        let mut sanitizer = Sanitizer::new(doc);
        for &(num, page_id) in pages {
            let media = inherited(doc, page_id, b"MediaBox")
                .and_then(|o| rect(doc, o))
                .unwrap_or(DEFAULT_MEDIA_BOX);
            let visible = inherited(doc, page_id, b"CropBox")
                .and_then(|o| rect(doc, o))
                .and_then(|c| intersect(c, media))
                .unwrap_or(media);
            let empty = Dictionary::new();
            let resources = inherited(doc, page_id, b"Resources")
                .and_then(|o| deref(doc, o))
                .and_then(|o| o.as_dict().ok())
                .unwrap_or(&empty);
            let raw = doc.get_page_content(page_id).unwrap_or_default();
            let ops = Content::decode(&raw)
                .map_err(|e| {
                    PdfError::Corrupt(format!("page {num}: its content could not be read: {e}"))
                })?
                .operations;
            let (ops, fonts) = sanitizer.page(&ops, resources, &annotation_forms(doc, page_id));
            let content = Content { operations: ops }.encode().map_err(|e| {
                PdfError::Corrupt(format!(
                    "page {num}: its content could not be rewritten: {e}"
                ))
            })?;
            plans.push(Plan {
                page_id,
                media,
                visible,
                content,
                fonts,
            });
        }
    }

    let mut boxes = Vec::with_capacity(plans.len());
    for plan in plans {
        let stream_id = doc.add_object(Stream::new(Dictionary::new(), plan.content));
        let page = doc
            .get_object_mut(plan.page_id)
            .and_then(Object::as_dict_mut)
            .map_err(|e| PdfError::Corrupt(format!("a page object is unusable: {e}")))?;
        page.set("MediaBox", num_operands(&plan.media));
        page.remove(b"ArtBox");
        page.set("Contents", Object::Reference(stream_id));
        let mut resources = Dictionary::new();
        resources.set("Font", Object::Dictionary(plan.fonts));
        page.set("Resources", Object::Dictionary(resources));
        boxes.push(plan.visible);
    }
    Ok(boxes)
}

/// The base encodings `pdf-extract` knows; it panics on any other name (even the standard
/// `StandardEncoding`, or a misspelled name that readers treat as absent).
const KNOWN_ENCODINGS: [&[u8]; 3] = [
    b"WinAnsiEncoding",
    b"MacRomanEncoding",
    b"MacExpertEncoding",
];

/// A copy of simple font dictionary `font` without the encoding names `pdf-extract` cannot
/// read: an unknown `/Encoding` name is dropped (the font's built-in encoding applies, as when
/// it is absent), and so is an unknown `/BaseEncoding` of an encoding dictionary (its
/// `/Differences` stay). `None` when nothing needs dropping, or for a `Type0` font, whose
/// `/Encoding` is a CMap.
fn known_encodings_only(doc: &Document, font: &Dictionary) -> Option<Dictionary> {
    let subtype = font.get(b"Subtype").ok().and_then(|s| deref(doc, s))?;
    if subtype.as_name().ok() == Some(b"Type0") {
        return None;
    }
    let unknown =
        |o: &Object| matches!(o, Object::Name(n) if !KNOWN_ENCODINGS.contains(&n.as_slice()));
    let encoding = font.get(b"Encoding").ok().and_then(|e| deref(doc, e))?;
    if unknown(encoding) {
        let mut fixed = font.clone();
        fixed.remove(b"Encoding");
        return Some(fixed);
    }
    let dict = encoding.as_dict().ok()?;
    let base = dict.get(b"BaseEncoding").ok().and_then(|b| deref(doc, b))?;
    if !unknown(base) {
        return None;
    }
    let mut encoding = dict.clone();
    encoding.remove(b"BaseEncoding");
    let mut fixed = font.clone();
    fixed.set("Encoding", Object::Dictionary(encoding));
    Some(fixed)
}

/// Most widths one `c_first c_last w` range of a CID font's `/W` is expanded to (a CID font
/// has at most 65,536 glyphs).
const MAX_CID_RANGE: i64 = 65_536;

/// A copy of composite (`Type0`) font dictionary `font` whose descendant font's `/W` is
/// rewritten from ranges (`c_first c_last w`, ISO 32000-1, 9.7.4.3) into lists (`c [w w …]`):
/// `pdf-extract` reads only the list form, and gives every glyph of a range no width, so the
/// glyphs of a line pile up at one place and come out in a scrambled order (Typst writes every
/// width as a range). `None` when there is no range to rewrite.
fn cid_widths_as_lists(doc: &Document, font: &Dictionary) -> Option<Dictionary> {
    let subtype = font.get(b"Subtype").ok().and_then(|s| deref(doc, s))?;
    if subtype.as_name().ok() != Some(b"Type0") {
        return None;
    }
    let descendants = deref(doc, font.get(b"DescendantFonts").ok()?)?
        .as_array()
        .ok()?;
    let cid = deref(doc, descendants.first()?)?.as_dict().ok()?;
    let w = deref(doc, cid.get(b"W").ok()?)?.as_array().ok()?;
    let num = |o: &Object| -> Option<f64> {
        match deref(doc, o)? {
            Object::Integer(i) => Some(*i as f64),
            Object::Real(r) => Some(f64::from(*r)),
            _ => None,
        }
    };
    let mut out: Vec<Object> = Vec::with_capacity(w.len());
    let mut ranges = false;
    let mut i = 0;
    while i < w.len() {
        let first = num(&w[i])?;
        match w.get(i + 1).and_then(|o| deref(doc, o)) {
            Some(Object::Array(list)) => {
                out.push(Object::Integer(first as i64));
                out.push(Object::Array(list.clone()));
                i += 2;
            }
            Some(_) => {
                let last = num(&w[i + 1])? as i64;
                let width = num(w.get(i + 2)?)?;
                let first = first as i64;
                if last < first || last - first >= MAX_CID_RANGE {
                    return None;
                }
                out.push(Object::Integer(first));
                out.push(Object::Array(
                    (first..=last).map(|_| Object::Real(width as f32)).collect(),
                ));
                ranges = true;
                i += 3;
            }
            None => return None,
        }
    }
    if !ranges {
        return None;
    }
    let mut cid = cid.clone();
    cid.set("W", Object::Array(out));
    let mut fixed = font.clone();
    fixed.set(
        "DescendantFonts",
        Object::Array(vec![Object::Dictionary(cid)]),
    );
    Some(fixed)
}

/// Follow references (a bounded number of them) to a direct object.
fn deref<'a>(doc: &'a Document, mut obj: &'a Object) -> Option<&'a Object> {
    for _ in 0..MAX_INHERIT_DEPTH {
        match obj {
            Object::Reference(id) => obj = doc.get_object(*id).ok()?,
            other => return Some(other),
        }
    }
    None
}

/// A dictionary entry, dereferenced, as a dictionary.
fn dict_in<'a>(doc: &'a Document, dict: &'a Dictionary, key: &[u8]) -> Option<&'a Dictionary> {
    deref(doc, dict.get(key).ok()?)?.as_dict().ok()
}

/// A page attribute, looked up through `/Parent` links (bounded, cycle-safe).
fn inherited<'a>(doc: &'a Document, page_id: ObjectId, key: &[u8]) -> Option<&'a Object> {
    let mut seen = HashSet::new();
    let mut id = page_id;
    for _ in 0..MAX_INHERIT_DEPTH {
        if !seen.insert(id) {
            return None;
        }
        let dict = doc.get_dictionary(id).ok()?;
        if let Ok(v) = dict.get(key) {
            if deref(doc, v).is_some_and(|v| !matches!(v, Object::Null)) {
                return Some(v);
            }
        }
        id = dict.get(b"Parent").ok()?.as_reference().ok()?;
    }
    None
}

fn number(doc: &Document, obj: &Object) -> Option<f64> {
    match deref(doc, obj)? {
        Object::Integer(i) => Some(*i as f64),
        Object::Real(r) => Some(f64::from(*r)),
        _ => None,
    }
    .filter(|v| v.is_finite())
}

/// A rectangle from a PDF array of four numbers, normalised; `None` if unusable or empty.
fn rect(doc: &Document, obj: &Object) -> Option<Rect> {
    let arr = deref(doc, obj)?.as_array().ok()?;
    if arr.len() < 4 {
        return None;
    }
    let v: Vec<f64> = arr[..4]
        .iter()
        .map(|o| number(doc, o))
        .collect::<Option<_>>()?;
    let r = [
        v[0].min(v[2]),
        v[1].min(v[3]),
        v[0].max(v[2]),
        v[1].max(v[3]),
    ];
    (r[2] - r[0] > 0.0 && r[3] - r[1] > 0.0).then_some(r)
}

fn intersect(a: Rect, b: Rect) -> Option<Rect> {
    let r = [
        a[0].max(b[0]),
        a[1].max(b[1]),
        a[2].min(b[2]),
        a[3].min(b[3]),
    ];
    (r[2] > r[0] && r[3] > r[1]).then_some(r)
}

/// A matrix from a PDF array of six numbers.
fn matrix(doc: &Document, obj: &Object) -> Option<[f64; 6]> {
    let arr = deref(doc, obj)?.as_array().ok()?;
    if arr.len() != 6 {
        return None;
    }
    let v: Vec<f64> = arr.iter().map(|o| number(doc, o)).collect::<Option<_>>()?;
    Some([v[0], v[1], v[2], v[3], v[4], v[5]])
}

const IDENTITY: [f64; 6] = [1.0, 0.0, 0.0, 1.0, 0.0, 0.0];

fn num_operands(m: &[f64]) -> Vec<Object> {
    m.iter().map(|&v| Object::Real(v as f32)).collect()
}

/// The normal appearance of each visible annotation of a page (filled-in form fields, stamps,
/// free text), as viewers and poppler draw it: the form XObject and the matrix that places it
/// on the annotation's `/Rect`.
fn annotation_forms(doc: &Document, page_id: ObjectId) -> Vec<([f64; 6], ObjectId)> {
    let mut out = Vec::new();
    let Some(annots) = doc
        .get_dictionary(page_id)
        .ok()
        .and_then(|p| p.get(b"Annots").ok())
        .and_then(|a| deref(doc, a))
        .and_then(|a| a.as_array().ok())
    else {
        return out;
    };
    for annot in annots {
        let Some(annot) = deref(doc, annot).and_then(|a| a.as_dict().ok()) else {
            continue;
        };
        if annot.get(b"Subtype").and_then(Object::as_name).ok() == Some(b"Popup") {
            continue;
        }
        let flags = annot
            .get(b"F")
            .ok()
            .and_then(|f| number(doc, f))
            .unwrap_or(0.0) as i64;
        // Hidden (bit 2) or NoView (bit 6).
        if flags & (2 | 32) != 0 {
            continue;
        }
        let Some(normal) = dict_in(doc, annot, b"AP").and_then(|ap| ap.get(b"N").ok()) else {
            continue;
        };
        // /N is a form, or a dictionary of forms by state, chosen by /AS.
        let form_ref = match deref(doc, normal) {
            Some(Object::Stream(_)) => normal.as_reference().ok(),
            Some(Object::Dictionary(states)) => annot
                .get(b"AS")
                .and_then(Object::as_name)
                .ok()
                .and_then(|state| states.get(state).ok())
                .and_then(|o| o.as_reference().ok()),
            _ => None,
        };
        let Some(form_id) = form_ref else { continue };
        let Ok(form) = doc.get_object(form_id).and_then(Object::as_stream) else {
            continue;
        };
        let Some(target) = annot.get(b"Rect").ok().and_then(|r| rect(doc, r)) else {
            continue;
        };
        let Some(bbox) = form.dict.get(b"BBox").ok().and_then(|b| rect(doc, b)) else {
            continue;
        };
        let m = form
            .dict
            .get(b"Matrix")
            .ok()
            .and_then(|m| matrix(doc, m))
            .unwrap_or(IDENTITY);
        // PDF 32000-1 12.5.5: map the form's transformed bounding box onto /Rect. The form's
        // own /Matrix is applied when it is inlined.
        let corners = [
            (bbox[0], bbox[1]),
            (bbox[2], bbox[1]),
            (bbox[0], bbox[3]),
            (bbox[2], bbox[3]),
        ]
        .map(|(x, y)| (x * m[0] + y * m[2] + m[4], x * m[1] + y * m[3] + m[5]));
        let (mut x0, mut y0, mut x1, mut y1) = (f64::MAX, f64::MAX, f64::MIN, f64::MIN);
        for (x, y) in corners {
            x0 = x0.min(x);
            y0 = y0.min(y);
            x1 = x1.max(x);
            y1 = y1.max(y);
        }
        if x1 - x0 <= 0.0 || y1 - y0 <= 0.0 {
            continue;
        }
        let sx = (target[2] - target[0]) / (x1 - x0);
        let sy = (target[3] - target[1]) / (y1 - y0);
        let a = [sx, 0.0, 0.0, sy, target[0] - x0 * sx, target[1] - y0 * sy];
        out.push((a, form_id));
    }
    out
}

/// Rewrites a page's content into what `pdf-extract` handles, with forms inlined.
struct Sanitizer<'d> {
    doc: &'d Document,
    /// Decoded operations of each form XObject (`None`: unreadable), kept across pages.
    decoded: HashMap<ObjectId, Option<Rc<Vec<Operation>>>>,
    /// Forms being inlined, outermost first (to refuse cycles).
    stack: Vec<ObjectId>,
    /// The current page's fonts under our names, and our name for each font dictionary.
    fonts: Dictionary,
    font_names: HashMap<usize, Vec<u8>>,
    /// Whether forms were skipped on this page for [`MAX_OPS_PER_PAGE`].
    over_budget: bool,
}

fn is_num(o: &Object) -> bool {
    matches!(o, Object::Integer(_) | Object::Real(_))
}

/// The last `n` operands, if they are all numbers.
fn last_nums(operands: &[Object], n: usize) -> Option<Vec<Object>> {
    let tail = operands.get(operands.len().checked_sub(n)?..)?;
    tail.iter().all(is_num).then(|| tail.to_vec())
}

impl<'d> Sanitizer<'d> {
    fn new(doc: &'d Document) -> Self {
        Sanitizer {
            doc,
            decoded: HashMap::new(),
            stack: Vec::new(),
            fonts: Dictionary::new(),
            font_names: HashMap::new(),
            over_budget: false,
        }
    }

    /// A page's operations, sanitized, followed by its annotation appearances; and the font
    /// resources they use.
    fn page(
        &mut self,
        ops: &[Operation],
        resources: &Dictionary,
        annotations: &[([f64; 6], ObjectId)],
    ) -> (Vec<Operation>, Dictionary) {
        self.fonts = Dictionary::new();
        self.font_names.clear();
        self.over_budget = false;
        let mut out = Vec::with_capacity(ops.len());
        self.run(ops, resources, 0, false, &mut out);
        for (m, form_id) in annotations {
            out.push(Operation::new("q", vec![]));
            out.push(Operation::new("cm", num_operands(m)));
            self.inline_form(*form_id, resources, 0, false, &mut out);
            out.push(Operation::new("Q", vec![]));
        }
        if self.over_budget {
            tracing::warn!("a page draws too many form XObjects; some were skipped");
        }
        (out, std::mem::take(&mut self.fonts))
    }

    /// Append `ops`, keeping only the operators `pdf-extract` uses for text, each with operands
    /// it accepts:
    ///
    /// - `'` becomes `T*` `Tj`, and `aw ac string "` becomes `aw Tw` `ac Tc` `T*` `Tj`
    ///   (`pdf-extract` ignores both, losing their text);
    /// - `Do` of a form XObject is replaced by the form's operations in `q [Matrix cm] … Q`
    ///   (`pdf-extract` would draw it with a fresh graphics state, ignoring the current matrix
    ///   and font); `Do` of an image, or of a missing, cyclic or too deeply nested form, is
    ///   dropped (`pdf-extract` would parse image data as content, or recurse until the stack
    ///   overflows);
    /// - `Tf` gets a page-unique font name (forms may use the page's names for other fonts);
    ///   a `Tf` naming no font dictionary is dropped, and so is text shown with no usable font
    ///   (poppler skips it; `pdf-extract` panics);
    /// - operators with missing or wrongly typed operands are dropped (`pdf-extract` asserts);
    /// - colour, path, clipping, image, shading, marked-content and `gs` operators are dropped:
    ///   they do not move text, and `pdf-extract` panics on several of their odd forms.
    fn run(
        &mut self,
        ops: &[Operation],
        resources: &Dictionary,
        depth: usize,
        font_in: bool,
        out: &mut Vec<Operation>,
    ) {
        let mut font_ok = font_in;
        let mut saved: Vec<bool> = Vec::new();
        for op in ops {
            let args = &op.operands;
            match op.operator.as_str() {
                "q" => {
                    saved.push(font_ok);
                    out.push(Operation::new("q", vec![]));
                }
                "Q" => {
                    if let Some(f) = saved.pop() {
                        font_ok = f;
                        out.push(Operation::new("Q", vec![]));
                    }
                }
                o @ ("BT" | "ET" | "T*") => out.push(Operation::new(o, vec![])),
                o @ ("cm" | "Tm") => {
                    if let Some(v) = last_nums(args, 6) {
                        out.push(Operation::new(o, v));
                    }
                }
                o @ ("Td" | "TD") => {
                    if let Some(v) = last_nums(args, 2) {
                        out.push(Operation::new(o, v));
                    }
                }
                o @ ("Tc" | "Tw" | "Tz" | "TL" | "Ts") => {
                    if let Some(v) = last_nums(args, 1) {
                        out.push(Operation::new(o, v));
                    }
                }
                "Tf" => {
                    let font = match args.as_slice() {
                        [Object::Name(name), size] if is_num(size) => self
                            .font_name(resources, name)
                            .map(|ours| vec![Object::Name(ours), size.clone()]),
                        _ => None,
                    };
                    font_ok = font.is_some();
                    if let Some(v) = font {
                        out.push(Operation::new("Tf", v));
                    }
                }
                "Tj" => {
                    if let (true, Some(s @ Object::String(..))) = (font_ok, args.last()) {
                        out.push(Operation::new("Tj", vec![s.clone()]));
                    }
                }
                "TJ" => {
                    if let (true, Some(a @ Object::Array(_))) = (font_ok, args.last()) {
                        out.push(Operation::new("TJ", vec![a.clone()]));
                    }
                }
                "'" => {
                    out.push(Operation::new("T*", vec![]));
                    if let (true, Some(s @ Object::String(..))) = (font_ok, args.last()) {
                        out.push(Operation::new("Tj", vec![s.clone()]));
                    }
                }
                "\"" => {
                    if let [aw, ac, s @ Object::String(..)] = args.as_slice() {
                        if is_num(aw) && is_num(ac) {
                            out.push(Operation::new("Tw", vec![aw.clone()]));
                            out.push(Operation::new("Tc", vec![ac.clone()]));
                        }
                        out.push(Operation::new("T*", vec![]));
                        if font_ok {
                            out.push(Operation::new("Tj", vec![s.clone()]));
                        }
                    } else {
                        out.push(Operation::new("T*", vec![]));
                    }
                }
                "Do" => {
                    let doc = self.doc;
                    let form_id = match args.last() {
                        Some(Object::Name(name)) => dict_in(doc, resources, b"XObject")
                            .and_then(|x| x.get(name).ok())
                            .and_then(|r| r.as_reference().ok()),
                        _ => None,
                    };
                    if let Some(form_id) = form_id {
                        self.inline_form(form_id, resources, depth, font_ok, out);
                    }
                }
                _ => {}
            }
        }
        // Close what the stream left open, so an inlined form cannot leak its state.
        for _ in saved {
            out.push(Operation::new("Q", vec![]));
        }
    }

    /// Our name for the font `/name` of `resources`, registering it; `None` if there is no
    /// font dictionary `pdf-extract` can start on.
    fn font_name(&mut self, resources: &Dictionary, name: &[u8]) -> Option<Vec<u8>> {
        let doc = self.doc;
        let entry = dict_in(doc, resources, b"Font")?.get(name).ok()?;
        let font = deref(doc, entry)?.as_dict().ok()?;
        let subtype = font
            .get(b"Subtype")
            .ok()
            .and_then(|s| deref(doc, s))
            .and_then(|s| s.as_name().ok())?;
        // `pdf-extract` panics on a composite font without its descendant (CID) font dictionary
        // or its encoding; its text cannot be decoded, so it is not drawn.
        if subtype == b"Type0" {
            let descendants = font
                .get(b"DescendantFonts")
                .ok()
                .and_then(|d| deref(doc, d));
            let cid = descendants
                .and_then(|d| d.as_array().ok())
                .and_then(|a| a.first())
                .and_then(|d| deref(doc, d))
                .and_then(|d| d.as_dict().ok());
            cid?;
            font.get(b"Encoding").ok().and_then(|e| deref(doc, e))?;
        }
        let key = font as *const Dictionary as usize;
        if let Some(ours) = self.font_names.get(&key) {
            return Some(ours.clone());
        }
        let ours = format!("FdF{}", self.font_names.len()).into_bytes();
        let fixed = known_encodings_only(doc, font);
        let fixed = cid_widths_as_lists(doc, fixed.as_ref().unwrap_or(font)).or(fixed);
        let value = match (entry, fixed) {
            (_, Some(fixed)) => Object::Dictionary(fixed),
            (Object::Reference(id), None) => Object::Reference(*id),
            (_, None) => Object::Dictionary(font.clone()),
        };
        self.fonts.set(ours.clone(), value);
        self.font_names.insert(key, ours.clone());
        Some(ours)
    }

    /// Append the operations of form XObject `form_id`, drawn as `Do` would: in a saved state,
    /// with its `/Matrix`, with its own resources (or the caller's when it has none).
    fn inline_form(
        &mut self,
        form_id: ObjectId,
        resources: &Dictionary,
        depth: usize,
        font_ok: bool,
        out: &mut Vec<Operation>,
    ) {
        let doc = self.doc;
        let Ok(form) = doc.get_object(form_id).and_then(Object::as_stream) else {
            return;
        };
        if form.dict.get(b"Subtype").and_then(Object::as_name).ok() != Some(b"Form") {
            return; // an image, or not an XObject
        }
        if self.stack.contains(&form_id) || depth >= MAX_FORM_DEPTH {
            tracing::debug!(
                ?form_id,
                depth,
                "form XObject cycle or nesting too deep: skipped"
            );
            return;
        }
        if out.len() >= MAX_OPS_PER_PAGE {
            self.over_budget = true;
            return;
        }
        let ops = self
            .decoded
            .entry(form_id)
            .or_insert_with(|| {
                let raw = form
                    .decompressed_content()
                    .unwrap_or_else(|_| form.content.clone());
                Content::decode(&raw).ok().map(|c| Rc::new(c.operations))
            })
            .clone();
        let Some(ops) = ops else {
            tracing::debug!(?form_id, "form XObject content unreadable: skipped");
            return;
        };
        let form_resources = dict_in(doc, &form.dict, b"Resources").unwrap_or(resources);
        out.push(Operation::new("q", vec![]));
        if let Some(m) = form.dict.get(b"Matrix").ok().and_then(|m| matrix(doc, m)) {
            if m != IDENTITY {
                out.push(Operation::new("cm", num_operands(&m)));
            }
        }
        self.stack.push(form_id);
        self.run(&ops, form_resources, depth + 1, font_ok, out);
        self.stack.pop();
        out.push(Operation::new("Q", vec![]));
    }
}

// ---------------------------------------------------------------------------------------------
// Collecting glyphs
// ---------------------------------------------------------------------------------------------

/// One glyph as drawn: where, how big, which way.
#[derive(Debug, Clone)]
struct Glyph {
    /// Cleaned text ([`clean_text`]); a single `' '` for a whitespace glyph.
    text: String,
    /// Origin (left end of the baseline) in user space, PDF points, y up.
    x: f64,
    y: f64,
    /// Advance along the baseline, points.
    adv: f64,
    /// Font size after all transforms (glyph height), points.
    size: f64,
    /// Baseline direction in quarter turns counter-clockwise: 0 is normal left-to-right text.
    rot: u8,
    /// A whitespace glyph: a word separator, not text.
    space: bool,
    /// Which text-showing call (`Tj`, or a string in `TJ`) drew it.
    run: u32,
    /// Drawing order on the page.
    seq: u32,
}

/// An [`OutputDev`] that records every glyph of a page.
struct Collector {
    /// Glyphs entirely outside this box (the visible box of the page) are dropped, as poppler
    /// does.
    visible: Rect,
    glyphs: Vec<Glyph>,
    run: u32,
    seq: u32,
}

impl Collector {
    fn new(visible: Rect) -> Self {
        Collector {
            visible,
            glyphs: Vec::new(),
            run: 0,
            seq: 0,
        }
    }
}

fn finite(v: f64) -> f64 {
    if v.is_finite() {
        v
    } else {
        0.0
    }
}

impl OutputDev for Collector {
    fn begin_page(
        &mut self,
        _page_num: u32,
        _media_box: &MediaBox,
        _art_box: Option<(f64, f64, f64, f64)>,
    ) -> Result<(), OutputError> {
        Ok(())
    }

    fn end_page(&mut self) -> Result<(), OutputError> {
        Ok(())
    }

    /// `trm` maps text space (without the font size) to user space; `width` is the glyph's
    /// advance in text space units / 1000 × 1000, i.e. in em.
    fn output_character(
        &mut self,
        trm: &Transform,
        width: f64,
        _spacing: f64,
        font_size: f64,
        char: &str,
    ) -> Result<(), OutputError> {
        self.seq += 1;
        let Some((text, space)) = clean_text(char) else {
            return Ok(());
        };
        let fs = finite(font_size).abs();
        let (dx, dy) = (finite(trm.m11), finite(trm.m12));
        let (ux, uy) = (finite(trm.m21), finite(trm.m22));
        let along = dx.hypot(dy);
        let up = ux.hypot(uy);
        let mut size = fs * up;
        if size <= 0.0 {
            size = fs * along;
        }
        if size <= 0.0 {
            size = 1.0;
        }
        let adv = (finite(width) * fs * along).max(0.0);
        let rot = if along > 0.0 {
            let quarter = dy.atan2(dx) / std::f64::consts::FRAC_PI_2;
            quarter.round().rem_euclid(4.0) as u8
        } else {
            0
        };
        let (x, y) = (finite(trm.m31), finite(trm.m32));

        // The glyph's box: origin, end of the advance, top.
        let (ex, ey) = if along > 0.0 {
            (x + dx / along * adv, y + dy / along * adv)
        } else {
            (x + adv, y)
        };
        let (tx, ty) = if up > 0.0 {
            (x + ux / up * size, y + uy / up * size)
        } else {
            (x, y + size)
        };
        let corners = [(x, y), (ex, ey), (tx, ty), (ex + tx - x, ey + ty - y)];
        let (mut x0, mut y0, mut x1, mut y1) = (x, y, x, y);
        for (cx, cy) in corners {
            x0 = x0.min(cx);
            y0 = y0.min(cy);
            x1 = x1.max(cx);
            y1 = y1.max(cy);
        }
        let v = self.visible;
        let slack = 1.0;
        if x1 < v[0] - slack || x0 > v[2] + slack || y1 < v[1] - slack || y0 > v[3] + slack {
            return Ok(());
        }

        self.glyphs.push(Glyph {
            text,
            x,
            y,
            adv,
            size,
            rot,
            space,
            run: self.run,
            seq: self.seq,
        });
        Ok(())
    }

    fn begin_word(&mut self) -> Result<(), OutputError> {
        self.run += 1;
        Ok(())
    }

    fn end_word(&mut self) -> Result<(), OutputError> {
        Ok(())
    }

    fn end_line(&mut self) -> Result<(), OutputError> {
        Ok(())
    }
}

/// Clean the text of one glyph: whitespace of any kind (NBSP, en space, tab…) becomes a space,
/// control and zero-width characters are dropped, Latin ligatures (U+FB00–FB06) are spelled
/// out. Returns the text and whether it is whitespace only, or `None` when nothing is left.
fn clean_text(s: &str) -> Option<(String, bool)> {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            c if c.is_whitespace() => out.push(' '),
            c if c.is_control() => {}
            '\u{200B}' | '\u{2060}' | '\u{FEFF}' => {}
            '\u{FB00}' => out.push_str("ff"),
            '\u{FB01}' => out.push_str("fi"),
            '\u{FB02}' => out.push_str("fl"),
            '\u{FB03}' => out.push_str("ffi"),
            '\u{FB04}' => out.push_str("ffl"),
            '\u{FB05}' | '\u{FB06}' => out.push_str("st"),
            c => out.push(c),
        }
    }
    if out.is_empty() {
        return None;
    }
    if out.chars().all(|c| c == ' ') {
        return Some((" ".to_string(), true));
    }
    Some((out, false))
}

// ---------------------------------------------------------------------------------------------
// Layout
// ---------------------------------------------------------------------------------------------

/// Glyphs whose baselines differ by less than this × the font size of the lower one share a
/// line (superscripts and slightly offset cells join; rows 1 em apart do not).
pub const BASELINE_TOLERANCE: f64 = 0.5;
/// A horizontal gap wider than this × the font size is a word break (poppler uses the same).
pub const WORD_GAP: f64 = 0.1;
/// A horizontal gap at least this × the font size is a column gap: at least two spaces, more
/// to reach the glyph's approximate column. A normal word space is 0.25–0.33 em.
pub const COLUMN_GAP: f64 = 0.8;
/// Baselines more than this × the font size apart (two lines of 1.2 em) get a blank line.
pub const BLANK_LINE_GAP: f64 = 2.4;
/// The column grid is this × the mean advance of the page's characters.
pub const GRID_FACTOR: f64 = 0.8;
/// A column is never placed beyond this many characters (guards against absurd coordinates).
const MAX_COLUMN: usize = 400;

/// A glyph in its reading frame: `along` the baseline left to right, `down` the page.
#[derive(Debug, Clone)]
struct Placed<'g> {
    g: &'g Glyph,
    along: f64,
    down: f64,
}

/// A word found by OCR, in points on an upright page (y down from the top edge).
#[derive(Debug, Clone)]
pub(crate) struct WordBox {
    /// The word.
    pub text: String,
    /// Left edge.
    pub left: f64,
    /// Baseline (the bottom of the word's line), from the top of the page.
    pub baseline: f64,
    /// Width.
    pub width: f64,
    /// Height of the word's line (used as the font size).
    pub size: f64,
}

/// Lay out OCR words as text with the same rules as drawn glyphs (each word is one glyph), so
/// a scan's columns stay apart like a text PDF's; also returns the characters placed.
pub(crate) fn layout_words(words: &[WordBox]) -> (String, usize) {
    let glyphs: Vec<Glyph> = words
        .iter()
        .enumerate()
        .filter(|(_, w)| !w.text.trim().is_empty())
        .map(|(i, w)| Glyph {
            text: w.text.trim().to_string(),
            x: w.left,
            y: -w.baseline,
            adv: w.width.max(0.0),
            size: w.size.max(1.0),
            rot: 0,
            space: false,
            run: i as u32,
            seq: i as u32,
        })
        .collect();
    layout(&glyphs)
}

/// Lay out a page's glyphs as text; also returns the number of visible characters.
///
/// Glyphs are grouped by direction (a page may have a rotated side label); each group is laid
/// out in its own reading frame, the largest group first, groups separated by a blank line.
fn layout(glyphs: &[Glyph]) -> (String, usize) {
    let mut groups: Vec<(u8, Vec<&Glyph>)> = (0..4u8)
        .map(|r| (r, glyphs.iter().filter(|g| g.rot == r).collect::<Vec<_>>()))
        .filter(|(_, gs)| gs.iter().any(|g| !g.space))
        .collect();
    groups.sort_by_key(|(r, gs)| {
        (
            std::cmp::Reverse(gs.iter().filter(|g| !g.space).count()),
            *r,
        )
    });
    let mut lines: Vec<String> = Vec::new();
    let mut count = 0;
    for (rot, group) in groups {
        if !lines.is_empty() {
            lines.push(String::new());
        }
        count += layout_group(rot, &group, &mut lines);
    }
    (normalize_text(&lines.join("\n")), count)
}

/// Page text as the patterns expect it: typographic ligatures (`ﬁ`, `ﬂ`, `ﬀ`, `ﬃ`, `ﬄ`, `ﬅ`,
/// `ﬆ`, U+FB00–FB06) written as their letters, so `Conﬁrmation` reads `Confirmation`.
pub fn normalize_text(text: &str) -> String {
    if !text.chars().any(|c| ('\u{fb00}'..='\u{fb06}').contains(&c)) {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            '\u{fb00}' => out.push_str("ff"),
            '\u{fb01}' => out.push_str("fi"),
            '\u{fb02}' => out.push_str("fl"),
            '\u{fb03}' => out.push_str("ffi"),
            '\u{fb04}' => out.push_str("ffl"),
            '\u{fb05}' | '\u{fb06}' => out.push_str("st"),
            c => out.push(c),
        }
    }
    out
}

/// Lay out glyphs of one direction, appending lines to `out`; returns the characters placed.
fn layout_group(rot: u8, glyphs: &[&Glyph], out: &mut Vec<String>) -> usize {
    let mut placed: Vec<Placed> = glyphs
        .iter()
        .map(|&g| {
            let (along, down) = match rot {
                0 => (g.x, -g.y),
                1 => (g.y, g.x),
                2 => (-g.x, g.y),
                _ => (-g.y, -g.x),
            };
            Placed { g, along, down }
        })
        .collect();

    // Column grid: left edge of the text and average character width.
    let visible: Vec<&Placed> = placed.iter().filter(|p| !p.g.space).collect();
    let origin = visible
        .iter()
        .map(|p| p.along)
        .fold(f64::INFINITY, f64::min);
    let (adv_sum, chars) = visible
        .iter()
        .filter(|p| p.g.adv > 0.0)
        .fold((0.0, 0usize), |(a, n), p| {
            (a + p.g.adv, n + p.g.text.chars().count())
        });
    let mean_size = visible.iter().map(|p| p.g.size).sum::<f64>() / visible.len().max(1) as f64;
    let mut char_width = if chars > 0 {
        adv_sum / chars as f64
    } else {
        0.0
    };
    if char_width < 0.2 * mean_size {
        char_width = 0.5 * mean_size;
    }
    // A grid a little finer than the mean advance, so that text rarely overflows its columns
    // and cells of one table column line up from row to row.
    let char_width = (GRID_FACTOR * char_width).max(0.5);
    let column = |along: f64| -> usize {
        let c = ((along - origin) / char_width).round();
        if c.is_finite() && c > 0.0 {
            (c as usize).min(MAX_COLUMN)
        } else {
            0
        }
    };

    // Lines by baseline: glyphs sorted top to bottom, each joining the line above it when
    // [`same_line`] with that line's anchor (its largest glyph).
    placed.sort_by(|a, b| a.down.total_cmp(&b.down).then(a.along.total_cmp(&b.along)));
    let mut clusters: Vec<(f64, f64, Vec<&Placed>)> = Vec::new(); // (anchor down, size, items)
    for p in &placed {
        match clusters.last_mut() {
            Some((base, size, items)) if same_line(*base, *size, p.down, p.g.size) => {
                if !p.g.space && p.g.size > *size * 1.1 {
                    (*base, *size) = (p.down, p.g.size);
                }
                items.push(p);
            }
            _ => clusters.push((p.down, p.g.size, vec![p])),
        }
    }
    let mut rows: Vec<Vec<&Placed>> = Vec::with_capacity(clusters.len());
    for (_, _, items) in clusters {
        split_rows(items, &mut rows);
    }
    struct Line<'p, 'g> {
        base: f64,
        size: f64,
        items: Vec<&'p Placed<'g>>,
    }
    let mut lines: Vec<Line> = rows
        .into_iter()
        .map(|items| {
            let anchor = items
                .iter()
                .filter(|p| !p.g.space)
                .max_by(|a, b| a.g.size.total_cmp(&b.g.size))
                .unwrap_or(&items[0]);
            Line {
                base: anchor.down,
                size: anchor.g.size,
                items,
            }
        })
        .collect();
    lines.sort_by(|a, b| a.base.total_cmp(&b.base));

    let mut count = 0;
    let mut last: Option<(f64, f64)> = None; // (base, size) of the last line written
    for mut line in lines {
        line.items
            .sort_by(|a, b| a.along.total_cmp(&b.along).then(a.g.seq.cmp(&b.g.seq)));
        let (text, n) = line_text(&line.items, &column);
        if text.is_empty() {
            continue;
        }
        if let Some((base, size)) = last {
            if line.base - base > BLANK_LINE_GAP * size.max(line.size) {
                out.push(String::new());
            }
        }
        last = Some((line.base, line.size));
        out.push(text);
        count += n;
    }
    count
}

/// Whether a glyph at baseline `down` (size `size`) belongs to the line whose anchor glyph is at
/// `base` (size `base_size`): the baselines differ by less than [`BASELINE_TOLERANCE`] × the
/// size of the lower of the two. A raised superscript joins (the main text is lower); a small
/// line just under a large heading's baseline does not.
fn same_line(base: f64, base_size: f64, down: f64, size: f64) -> bool {
    let d = down - base;
    let lower = if d >= 0.0 { size } else { base_size };
    d.abs() < BASELINE_TOLERANCE * lower
}

/// Split a line whose glyphs overlap horizontally at clearly different baselines (two rows the
/// baseline rule joined) at its largest baseline gap, until no such overlap is left: the
/// characters of two rows must never interleave.
fn split_rows<'p, 'g>(mut items: Vec<&'p Placed<'g>>, out: &mut Vec<Vec<&'p Placed<'g>>>) {
    if !rows_collide(&items) {
        out.push(items);
        return;
    }
    items.sort_by(|a, b| a.down.total_cmp(&b.down));
    let (mut widest, mut at) = (0.0, 0);
    for i in 1..items.len() {
        let gap = items[i].down - items[i - 1].down;
        if gap > widest {
            (widest, at) = (gap, i);
        }
    }
    if at == 0 {
        out.push(items);
        return;
    }
    let lower = items.split_off(at);
    split_rows(items, out);
    split_rows(lower, out);
}

/// Whether two glyphs of a line overlap horizontally by more than 30 % of the narrower one
/// while their baselines differ by more than 0.2 × the larger size (closer than that they are
/// the same row: fake bold, a shadow, an accent).
fn rows_collide(items: &[&Placed]) -> bool {
    let mut v: Vec<&Placed> = items
        .iter()
        .copied()
        .filter(|p| !p.g.space && p.g.adv > 0.0)
        .collect();
    v.sort_by(|a, b| a.along.total_cmp(&b.along));
    for (i, a) in v.iter().enumerate() {
        let a_end = a.along + a.g.adv;
        for b in &v[i + 1..] {
            if b.along >= a_end {
                break;
            }
            let overlap = a_end.min(b.along + b.g.adv) - b.along;
            if overlap > 0.3 * a.g.adv.min(b.g.adv)
                && (a.down - b.down).abs() > 0.2 * a.g.size.max(b.g.size)
            {
                return true;
            }
        }
    }
    false
}

/// One line's text from its glyphs sorted left to right; also the characters placed.
fn line_text(items: &[&Placed], column: &dyn Fn(f64) -> usize) -> (String, usize) {
    let mut kept: Vec<&Placed> = Vec::with_capacity(items.len());
    let mut s = String::new();
    let mut col = 0usize;
    let mut count = 0usize;
    let mut prev: Option<(f64, f64)> = None; // (end of text so far, size of last glyph)
    let mut pending_space = false;
    for &p in items {
        let g = p.g;
        if g.space {
            // A space glyph separates words when it lies after the text so far.
            if let Some((end, _)) = prev {
                if p.along + g.adv * 0.5 >= end - 0.05 * g.size {
                    pending_space = true;
                }
            }
            continue;
        }
        // The same character drawn again at (almost) the same place by another call: fake
        // bold or a shadow. Poppler drops it too.
        let duplicate = kept.iter().rev().take(8).any(|k| {
            k.g.run != g.run
                && k.g.text == g.text
                && (k.along - p.along).abs() < 0.1 * g.size
                && (k.down - p.down).abs() < 0.2 * g.size
        });
        if duplicate {
            continue;
        }
        let spaces = match prev {
            None => column(p.along),
            Some((end, size)) => {
                let gap = p.along - end;
                let fs = size.max(g.size);
                if gap >= COLUMN_GAP * fs {
                    column(p.along).saturating_sub(col).max(2)
                } else if pending_space || gap > WORD_GAP * size {
                    1
                } else {
                    0
                }
            }
        };
        s.extend(std::iter::repeat_n(' ', spaces));
        s.push_str(&g.text);
        let n = g.text.chars().count();
        col += spaces + n;
        count += n;
        let end = p.along + g.adv;
        prev = Some((prev.map_or(end, |(e, _)| e.max(end)), g.size));
        pending_space = false;
        kept.push(p);
    }
    let trimmed = s.trim_end().len();
    s.truncate(trimmed);
    (s, count)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Glyphs for `text` drawn left to right from (x, y) at `size` with a fixed advance of
    /// 0.5 em per character (spaces included, as space glyphs).
    fn run(text: &str, x: f64, y: f64, size: f64, run: u32) -> Vec<Glyph> {
        text.chars()
            .enumerate()
            .map(|(i, c)| Glyph {
                text: c.to_string(),
                x: x + i as f64 * 0.5 * size,
                y,
                adv: 0.5 * size,
                size,
                rot: 0,
                space: c == ' ',
                run,
                seq: run * 1000 + i as u32,
            })
            .collect()
    }

    fn page(runs: Vec<Vec<Glyph>>) -> (String, usize) {
        let glyphs: Vec<Glyph> = runs.into_iter().flatten().collect();
        layout(&glyphs)
    }

    #[test]
    fn words_join_and_split() {
        let (text, n) = page(vec![run("Bill of Lading", 72.0, 700.0, 10.0, 1)]);
        assert_eq!(text, "Bill of Lading");
        assert_eq!(n, 12);
    }

    #[test]
    fn columns_out_of_order_stay_apart_on_one_line() {
        let (text, _) = page(vec![
            run("Carrier", 300.0, 700.0, 10.0, 1),
            run("Shipper", 72.0, 700.0, 10.0, 2),
            run("ACME", 300.0, 688.0, 10.0, 3),
            run("Foo Inc", 72.0, 688.0, 10.0, 4),
        ]);
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines.len(), 2, "{text:?}");
        assert!(lines[0].starts_with("Shipper  "), "{text:?}");
        assert!(lines[0].trim_end().ends_with("Carrier"));
        assert!(lines[1].starts_with("Foo Inc  "), "{text:?}");
        // Columns line up: the right column starts at the same character position.
        assert_eq!(lines[0].find("Carrier"), lines[1].find("ACME"), "{text:?}");
    }

    #[test]
    fn label_and_value_as_separate_runs_stay_on_one_line() {
        // A word-sized gap: one space. A wide gap: at least two.
        let (text, _) = page(vec![
            run("Rate:", 72.0, 700.0, 10.0, 1),
            run("$1,500.00", 72.0 + 5.0 * 5.0 + 3.0, 700.0, 10.0, 2),
            run("Weight:", 72.0, 680.0, 10.0, 3),
            run("42,000 lb", 200.0, 680.0, 10.0, 4),
        ]);
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines[0], "Rate: $1,500.00");
        assert!(lines[1].starts_with("Weight:  "), "{text:?}");
        assert!(lines[1].ends_with("42,000 lb"), "{text:?}");
    }

    #[test]
    fn touching_runs_join_without_space() {
        let (text, _) = page(vec![
            run("PRO", 72.0, 700.0, 10.0, 1),
            run("12345", 87.0, 700.0, 10.0, 2),
        ]);
        assert_eq!(text, "PRO12345");
    }

    #[test]
    fn superscript_joins_its_line_but_next_row_does_not() {
        let (text, _) = page(vec![
            run("Total", 72.0, 700.0, 10.0, 1),
            run("1", 97.5, 703.5, 6.0, 2),
            run("Next row", 72.0, 689.0, 10.0, 3),
        ]);
        assert_eq!(text, "Total1\nNext row");
    }

    #[test]
    fn small_line_under_a_large_headings_baseline_stays_its_own_line() {
        // samples/pdfs/invoice_*.pdf: a 14 pt name, a 24 pt title at the right whose baseline
        // lies between, and a 9 pt address line 7 pt under the title's baseline.
        let (text, _) = page(vec![
            run("Lone Oak Hauling LLC", 36.0, 748.0, 14.0, 1),
            run("412 County Road 1120", 36.0, 735.0, 9.0, 2),
            run("Texarkana, TX 75501", 36.0, 724.0, 9.0, 3),
            run("Invoice", 500.0, 742.0, 24.0, 4),
        ]);
        let lines: Vec<&str> = text.lines().map(str::trim_end).collect();
        assert!(lines[0].starts_with("Lone Oak Hauling LLC  "), "{text}");
        assert!(lines[0].ends_with("Invoice"), "{text}");
        assert_eq!(lines[1], "412 County Road 1120", "{text}");
        assert_eq!(lines[2], "Texarkana, TX 75501", "{text}");
    }

    #[test]
    fn overlapping_rows_never_interleave() {
        // Baselines 4 pt apart at 10 pt join by the baseline rule, but the runs overlap.
        let (text, _) = page(vec![
            run("ABCDEF", 72.0, 704.0, 10.0, 1),
            run("uvwxyz", 72.0, 700.0, 10.0, 2),
        ]);
        assert_eq!(text, "ABCDEF\nuvwxyz");
    }

    #[test]
    fn large_vertical_gap_gives_one_blank_line() {
        let (text, _) = page(vec![
            run("Header", 72.0, 700.0, 10.0, 1),
            run("Line two", 72.0, 688.0, 10.0, 2),
            run("Far below", 72.0, 500.0, 10.0, 3),
        ]);
        assert_eq!(text, "Header\nLine two\n\nFar below");
    }

    #[test]
    fn indentation_is_kept_and_trailing_spaces_trimmed() {
        let (text, _) = page(vec![
            run("Left", 72.0, 700.0, 10.0, 1),
            run("Indented   ", 112.0, 688.0, 10.0, 2),
        ]);
        // 40 pt right of the left edge, on a grid of 0.8 × 5 pt: column 10.
        assert_eq!(text, "Left\n          Indented");
    }

    #[test]
    fn fake_bold_duplicates_are_dropped() {
        let (text, n) = page(vec![
            run("BOL", 72.0, 700.0, 10.0, 1),
            run("BOL", 72.3, 700.0, 10.0, 2),
        ]);
        assert_eq!(text, "BOL");
        assert_eq!(n, 3);
    }

    #[test]
    fn repeated_letters_in_one_run_at_one_place_are_kept() {
        // A font with no widths: every glyph at the same origin. Nothing may be lost.
        let mut glyphs = run("Bill", 72.0, 700.0, 10.0, 1);
        for g in &mut glyphs {
            g.x = 72.0;
            g.adv = 0.0;
        }
        assert_eq!(layout(&glyphs).0, "Bill");
    }

    #[test]
    fn rotated_text_reads_along_its_baseline() {
        // Text going up the page (90°): "UP" then next line to its right.
        let mut glyphs = Vec::new();
        for (i, c) in "UP".chars().enumerate() {
            glyphs.push(Glyph {
                text: c.to_string(),
                x: 100.0,
                y: 100.0 + i as f64 * 6.0,
                adv: 6.0,
                size: 10.0,
                rot: 1,
                space: false,
                run: 1,
                seq: i as u32,
            });
        }
        glyphs.push(Glyph {
            text: "X".into(),
            x: 112.0,
            y: 100.0,
            adv: 6.0,
            size: 10.0,
            rot: 1,
            space: false,
            run: 2,
            seq: 9,
        });
        assert_eq!(layout(&glyphs).0, "UP\nX");
    }

    #[test]
    fn mixed_directions_main_text_first() {
        let mut glyphs = run("Main text here", 72.0, 700.0, 10.0, 1);
        glyphs.push(Glyph {
            text: "S".into(),
            x: 20.0,
            y: 400.0,
            adv: 6.0,
            size: 10.0,
            rot: 1,
            space: false,
            run: 5,
            seq: 99,
        });
        assert_eq!(layout(&glyphs).0, "Main text here\n\nS");
    }

    #[test]
    fn clean_text_normalises_whitespace_and_controls() {
        assert_eq!(clean_text("\u{a0}"), Some((" ".into(), true)));
        assert_eq!(clean_text("\t"), Some((" ".into(), true)));
        assert_eq!(clean_text("\u{1}"), None);
        assert_eq!(clean_text("\u{200b}"), None);
        assert_eq!(clean_text(""), None);
        assert_eq!(clean_text("\u{fb01}"), Some(("fi".into(), false)));
        assert_eq!(clean_text("é"), Some(("é".into(), false)));
    }

    #[test]
    fn empty_page_is_empty() {
        assert_eq!(layout(&[]), (String::new(), 0));
        assert_eq!(
            page(vec![run("   ", 72.0, 700.0, 10.0, 1)]),
            (String::new(), 0)
        );
    }

    #[test]
    fn header_may_follow_junk_within_first_kib() {
        assert_eq!(header_offset(b"%PDF-1.4"), Some(0));
        assert_eq!(header_offset(b"junk\n%PDF-1.7"), Some(5));
        assert_eq!(header_offset(b""), None);
        let mut far = vec![b' '; 1100];
        far.extend_from_slice(b"%PDF-1.4");
        assert_eq!(header_offset(&far), None);
    }

    #[test]
    fn sanitizer_rewrites_quote_operators_and_drops_noise() {
        let doc = Document::with_version("1.5");
        let mut fonts = Dictionary::new();
        fonts.set(
            "F1",
            Object::Dictionary(lopdf::dictionary! { "Type" => "Font", "Subtype" => "Type1", "BaseFont" => "Helvetica" }),
        );
        let mut res = Dictionary::new();
        res.set("Font", Object::Dictionary(fonts));
        let content = b"BT /F1 10 Tf 12 TL (a) ' 1 2 (b) \" /CS9 cs 1 0 0 rg 0 0 m 5 5 l S /Nope Tf (c) Tj ET";
        let ops = Content::decode(content).unwrap().operations;
        let mut s = Sanitizer::new(&doc);
        let (clean, fonts) = s.page(&ops, &res, &[]);
        let names: Vec<&str> = clean.iter().map(|o| o.operator.as_str()).collect();
        assert_eq!(
            names,
            ["BT", "Tf", "TL", "T*", "Tj", "Tw", "Tc", "T*", "Tj", "ET"],
            "the unknown font drops its text: {clean:?}"
        );
        assert_eq!(clean[1].operands[0], Object::Name(b"FdF0".to_vec()));
        assert!(fonts.has(b"FdF0") && fonts.len() == 1);
    }

    #[test]
    fn panics_become_errors_with_their_message() {
        let r: Result<(), PdfError> = guarded("testing", || panic!("boom {}", 42));
        match r {
            Err(PdfError::Panicked(m)) => {
                assert!(m.contains("boom 42") && m.contains("testing"), "{m}")
            }
            other => panic!("expected Panicked, got {other:?}"),
        }
        // The flag is restored: a later guarded call still works.
        assert_eq!(guarded("ok", || 7).unwrap(), 7);
        assert!(!QUIET.with(Cell::get));
    }
}
