//! The customer invoice as a PDF: [`render`] lays out a [`CustomerInvoice`] on US-Letter pages.
//!
//! The PDF is written with `lopdf` and uses only the standard Type1 fonts Helvetica and
//! Helvetica-Bold (not embedded) in `/WinAnsiEncoding`, so text is measured with the fonts' AFM
//! widths (tables below) and characters outside WinAnsi print as `?`. Text is drawn with `Td`
//! and `Tj` only (one `BT`…`ET` per run of text), so that text extractors (`pdf-extract`,
//! poppler's `pdftotext`) read every word.
//!
//! Page 1 (612 × 792 pt, 54 pt margins):
//!
//! ```text
//! Northstar Logistics LLC                       Invoice #:     NS-000001
//!                                               Invoice Date:  Jul 14, 2026
//!                                               Due Date:      Aug 13, 2026
//! INVOICE                                       Terms:         Net 30
//!                                               Load #:        4471203
//! ----------------------------------------------------------------------
//! Bill To                              Remit To
//! Acme Foods Inc                       Northstar Logistics LLC
//! 100 Main St                          PO Box 1200
//! References
//! PO: 7730-A    BOL: GHG-118734
//! Shipment
//! Pickup      Fresno, CA                              Jul 12, 2026
//! Delivery    Dallas, TX                              Jul 14, 2026
//! [Description                                        Amount (USD)]
//!  Linehaul                                              $2,450.00
//!  …
//! [Total Due                                             $2,761.25]
//!
//! Please pay by the due date. Questions: reply to the email this invoice came with.
//! ----------------------------------------------------------------------
//! Invoice NS-000001                                      Page 1 of 1
//! ```
//!
//! Content runs down the page on a cursor; when the next line would fall below the bottom
//! margin a new page starts with a short "(continued)" header (and the table header again when
//! inside the table). The payment note is on the last page, the "Page N of M" footer on every
//! page. The output is deterministic: the same invoice gives the same bytes (no dates, no
//! `/ID`).

use chrono::{Datelike, NaiveDate};
use lopdf::content::{Content, Operation};
use lopdf::xref::XrefType;
use lopdf::{dictionary, Document, Object, Stream};
use rust_decimal::{Decimal, RoundingStrategy};

use super::invoice::CustomerInvoice;

/// Why an invoice could not be rendered.
#[derive(Debug, thiserror::Error)]
pub enum PdfError {
    /// `lopdf` could not encode the content stream of a page (1-based page number).
    #[error("cannot encode the content of invoice page {page}: {message}")]
    Content {
        /// The page, 1-based.
        page: usize,
        /// `lopdf`'s error, as text.
        message: String,
    },
    /// `lopdf` could not write the document (its error, as text).
    #[error("cannot write the invoice PDF: {0}")]
    Write(String),
}

/// Renders `inv` as a PDF and returns its bytes.
///
/// One US-Letter page (612 × 792 pt), more when the lines do not fit. Money is USD (a
/// `Decimal`), printed rounded half away from zero with thousands separators and two decimals
/// (`$2,450.00`, `-$100.00`); dates (calendar dates, ISO 8601 in storage) are printed as
/// `Jul 14, 2026`. The same invoice always gives byte-identical output.
pub fn render(inv: &CustomerInvoice) -> Result<Vec<u8>, PdfError> {
    let pages = layout(inv);
    write_document(inv, pages)
}

// ---------------------------------------------------------------------------------------------
// Page geometry, in PDF points (1/72 inch), origin at the bottom left.

const PAGE_W: f32 = 612.0;
const PAGE_H: f32 = 792.0;
const LEFT: f32 = 54.0;
const RIGHT: f32 = PAGE_W - 54.0;
/// Baseline of the first line on a page.
const TOP_BASELINE: f32 = 740.0;
/// Nothing of the flowing content goes below this line: the note and the footer live below.
const CONTENT_BOTTOM: f32 = 84.0;
const NOTE_BASELINE: f32 = 64.0;
const FOOTER_RULE: f32 = 50.0;
const FOOTER_BASELINE: f32 = 36.0;

/// Second column of the Bill To / Remit To blocks.
const COL2_X: f32 = 316.0;
/// Meta block (Invoice #, dates, …) at the top right: labels, then values.
const META_LABEL_X: f32 = 366.0;
const META_VALUE_X: f32 = 446.0;
/// Line pitch of the meta block.
const META_ROW: f32 = 14.0;
/// Shipment rows: kind, place, date.
const STOP_PLACE_X: f32 = 126.0;
const STOP_DATE_X: f32 = 420.0;
/// Table: description column and the right edge of the amount column.
const DESC_X: f32 = LEFT + 8.0;
const DESC_WIDTH: f32 = 360.0;
const AMOUNT_RIGHT: f32 = RIGHT - 8.0;

const BODY: f32 = 10.0;
const LEAD: f32 = 13.0;

const NOTE: &str =
    "Please pay by the due date. Questions: reply to the email this invoice came with.";

/// The two fonts, as named in the page resources.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Font {
    /// Helvetica, `/F1`.
    Regular,
    /// Helvetica-Bold, `/F2`.
    Bold,
}

impl Font {
    fn resource(self) -> &'static [u8] {
        match self {
            Font::Regular => b"F1",
            Font::Bold => b"F2",
        }
    }

    /// Advance width of one WinAnsi byte, in 1/1000 em.
    fn glyph_width(self, byte: u8) -> u16 {
        let table = match self {
            Font::Regular => &HELVETICA_WIDTHS,
            Font::Bold => &HELVETICA_BOLD_WIDTHS,
        };
        match byte {
            32..=255 => table[usize::from(byte - 32)],
            _ => 0,
        }
    }

    /// Width of WinAnsi `text` at `size` pt, in points.
    fn width(self, text: &[u8], size: f32) -> f32 {
        let units: u32 = text.iter().map(|&b| u32::from(self.glyph_width(b))).sum();
        units as f32 * size / 1000.0
    }
}

// ---------------------------------------------------------------------------------------------
// Layout: a cursor running down the pages.

/// Pages of content operations, filled top to bottom.
struct Layout {
    pages: Vec<Vec<Operation>>,
    /// Top of the free space on the current page.
    y: f32,
    /// Inside the charges table: a new page repeats the table header.
    in_table: bool,
    /// `Invoice NS-000001 (continued)`, for pages after the first.
    continued: Vec<u8>,
    /// The broker's name, printed on continuation pages.
    broker: Vec<u8>,
}

impl Layout {
    fn new(inv: &CustomerInvoice) -> Layout {
        Layout {
            pages: vec![Vec::new()],
            y: TOP_BASELINE + BODY,
            in_table: false,
            continued: win_ansi(&format!("Invoice {} (continued)", inv.invoice_number)),
            broker: win_ansi(&inv.remit_to.name),
        }
    }

    /// A layout drawing on `page` (no cursor): for the footers, once the page count is known.
    fn on(page: Vec<Operation>) -> Layout {
        Layout {
            pages: vec![page],
            y: 0.0,
            in_table: false,
            continued: Vec::new(),
            broker: Vec::new(),
        }
    }

    fn ops(&mut self) -> &mut Vec<Operation> {
        self.pages.last_mut().expect("a layout always has a page")
    }

    /// Draws `text` with its baseline starting at (`x`, `y`).
    fn text(&mut self, font: Font, size: f32, x: f32, y: f32, text: &[u8]) {
        if text.is_empty() {
            return;
        }
        self.ops().extend([
            Operation::new("BT", vec![]),
            Operation::new(
                "Tf",
                vec![Object::Name(font.resource().to_vec()), num(size)],
            ),
            Operation::new("Td", vec![num(x), num(y)]),
            Operation::new("Tj", vec![Object::string_literal(text.to_vec())]),
            Operation::new("ET", vec![]),
        ]);
    }

    /// Draws `text` so that it ends at `right`.
    fn text_right(&mut self, font: Font, size: f32, right: f32, y: f32, text: &[u8]) {
        let x = right - font.width(text, size);
        self.text(font, size, x, y, text);
    }

    /// A filled rectangle in `gray` (0 black, 1 white).
    fn fill(&mut self, x: f32, y: f32, w: f32, h: f32, gray: f32) {
        self.ops().extend([
            Operation::new("q", vec![]),
            Operation::new("g", vec![num(gray)]),
            Operation::new("re", vec![num(x), num(y), num(w), num(h)]),
            Operation::new("f", vec![]),
            Operation::new("Q", vec![]),
        ]);
    }

    /// A horizontal rule from `x1` to `x2` at `y`.
    fn rule(&mut self, x1: f32, x2: f32, y: f32, width: f32, gray: f32) {
        self.ops().extend([
            Operation::new("q", vec![]),
            Operation::new("w", vec![num(width)]),
            Operation::new("G", vec![num(gray)]),
            Operation::new("m", vec![num(x1), num(y)]),
            Operation::new("l", vec![num(x2), num(y)]),
            Operation::new("S", vec![]),
            Operation::new("Q", vec![]),
        ]);
    }

    /// Makes room for `h` points below the cursor, starting a new page when they do not fit.
    fn ensure(&mut self, h: f32) {
        if self.y - h < CONTENT_BOTTOM {
            self.new_page();
        }
    }

    fn new_page(&mut self) {
        self.pages.push(Vec::new());
        let continued = self.continued.clone();
        let broker = self.broker.clone();
        self.text(Font::Bold, 11.0, LEFT, TOP_BASELINE, &continued);
        self.text_right(Font::Regular, 9.0, RIGHT, TOP_BASELINE, &broker);
        self.rule(LEFT, RIGHT, TOP_BASELINE - 10.0, 0.5, 0.6);
        self.y = TOP_BASELINE - 22.0;
        if self.in_table {
            self.table_header();
        }
    }

    /// A bold section heading (`Bill To`, `Shipment`, …) on the line below the cursor.
    fn heading(&mut self, x: f32, label: &str) {
        self.text(Font::Bold, BODY, x, self.y - BODY, &win_ansi(label));
    }

    /// The gray band with `Description` and `Amount (USD)`.
    fn table_header(&mut self) {
        let h = 20.0;
        self.fill(LEFT, self.y - h, RIGHT - LEFT, h, 0.88);
        let baseline = self.y - 14.0;
        self.text(Font::Bold, BODY, DESC_X, baseline, b"Description");
        self.text_right(Font::Bold, BODY, AMOUNT_RIGHT, baseline, b"Amount (USD)");
        self.y -= h;
    }
}

/// Lays the invoice out and returns each page's operations (footers included).
fn layout(inv: &CustomerInvoice) -> Vec<Vec<Operation>> {
    let mut l = Layout::new(inv);
    header(&mut l, inv);
    parties(&mut l, inv);
    references(&mut l, inv);
    shipment(&mut l, inv);
    charges(&mut l, inv);

    let count = l.pages.len();
    let number = win_ansi(&format!("Invoice {}", inv.invoice_number));
    let note = wrap(&win_ansi(NOTE), Font::Regular, 9.0, RIGHT - LEFT);
    for (i, page) in l.pages.iter_mut().enumerate() {
        let mut footer = Layout::on(std::mem::take(page));
        if i + 1 == count {
            // The note sits just above the footer rule (two lines at most fit there).
            let mut baseline = NOTE_BASELINE + 11.0 * (note.len().min(2) as f32 - 1.0);
            for line in note.iter().take(2) {
                footer.text(Font::Regular, 9.0, LEFT, baseline, line);
                baseline -= 11.0;
            }
        }
        footer.rule(LEFT, RIGHT, FOOTER_RULE, 0.5, 0.6);
        footer.text(Font::Regular, 8.0, LEFT, FOOTER_BASELINE, &number);
        let page_no = win_ansi(&format!("Page {} of {}", i + 1, count));
        footer.text_right(Font::Regular, 8.0, RIGHT, FOOTER_BASELINE, &page_no);
        *page = footer.pages.pop().unwrap_or_default();
    }
    l.pages
}

/// Broker name and `INVOICE` at the top left, the invoice's numbers and dates at the top right.
fn header(l: &mut Layout, inv: &CustomerInvoice) {
    let mut left = TOP_BASELINE;
    let broker = wrap(
        &win_ansi(&inv.remit_to.name),
        Font::Bold,
        13.0,
        META_LABEL_X - LEFT - 24.0,
    );
    for line in broker.iter().take(3) {
        l.text(Font::Bold, 13.0, LEFT, left, line);
        left -= 16.0;
    }
    // On the meta block's row grid: `pdftotext -layout` then keeps each label with its value.
    let below = TOP_BASELINE - (left - 18.0);
    left = TOP_BASELINE - META_ROW * (below / META_ROW).ceil();
    match (&inv.supplement_to, &inv.credit_of) {
        // A supplemental invoice says so, smaller, to stay clear of the numbers at the right.
        (Some(_), _) => l.text(Font::Bold, 17.0, LEFT, left, b"SUPPLEMENTAL INVOICE"),
        (None, Some(_)) => l.text(Font::Bold, 28.0, LEFT, left, b"CREDIT MEMO"),
        (None, None) => l.text(Font::Bold, 28.0, LEFT, left, b"INVOICE"),
    }

    let mut meta = vec![
        ("Invoice #:", inv.invoice_number.clone()),
        ("Invoice Date:", format_date(inv.issued)),
        ("Due Date:", format_date(inv.due)),
        ("Terms:", inv.terms.clone()),
        ("Load #:", inv.load_number.clone()),
    ];
    if let Some(first) = &inv.supplement_to {
        meta.push(("Supplements:", first.clone()));
    }
    if let Some(credited) = &inv.credit_of {
        meta.push(("Credits:", credited.clone()));
    }
    let mut right = TOP_BASELINE;
    for (label, value) in meta {
        l.text(Font::Bold, BODY, META_LABEL_X, right, &win_ansi(label));
        let lines = wrap(&win_ansi(&value), Font::Regular, BODY, RIGHT - META_VALUE_X);
        for line in lines.iter().take(3) {
            l.text(Font::Regular, BODY, META_VALUE_X, right, line);
            right -= META_ROW;
        }
        if lines.is_empty() {
            right -= META_ROW;
        }
    }

    let bottom = left.min(right + META_ROW) - 14.0;
    l.rule(LEFT, RIGHT, bottom, 1.0, 0.0);
    l.y = bottom - 8.0;
}

/// `Bill To` and `Remit To`, side by side: name in bold, then the address lines.
fn parties(l: &mut Layout, inv: &CustomerInvoice) {
    let width = COL2_X - LEFT - 18.0;
    let column = |party: &super::invoice::Party| {
        let mut rows: Vec<(Font, Vec<u8>)> = Vec::new();
        for line in wrap(&win_ansi(&party.name), Font::Bold, BODY, width) {
            rows.push((Font::Bold, line));
        }
        for address in &party.address {
            for line in wrap(&win_ansi(address), Font::Regular, BODY, width) {
                rows.push((Font::Regular, line));
            }
        }
        rows
    };
    let bill_to = column(&inv.bill_to);
    let remit_to = column(&inv.remit_to);

    l.ensure(LEAD * 3.0);
    l.heading(LEFT, "Bill To");
    l.heading(COL2_X, "Remit To");
    l.y -= LEAD + 3.0;
    for i in 0..bill_to.len().max(remit_to.len()) {
        l.ensure(LEAD);
        let baseline = l.y - BODY;
        if let Some((font, text)) = bill_to.get(i) {
            l.text(*font, BODY, LEFT, baseline, text);
        }
        if let Some((font, text)) = remit_to.get(i) {
            l.text(*font, BODY, COL2_X, baseline, text);
        }
        l.y -= LEAD;
    }
    l.y -= 12.0;
}

/// `References`, then `Label: value` items flowing left to right, wrapping as needed.
fn references(l: &mut Layout, inv: &CustomerInvoice) {
    if inv.references.is_empty() {
        return;
    }
    l.ensure(LEAD * 2.0 + 3.0);
    l.heading(LEFT, "References");
    l.y -= LEAD + 3.0;
    let gap = 24.0;
    let mut x = LEFT;
    l.ensure(LEAD);
    for (label, value) in &inv.references {
        let label = win_ansi(&format!("{label}:"));
        let value = win_ansi(value);
        let label_w = Font::Bold.width(&label, BODY) + Font::Regular.width(b" ", BODY);
        let value_lines = wrap(&value, Font::Regular, BODY, RIGHT - LEFT - label_w);
        let value_w = value_lines
            .iter()
            .map(|v| Font::Regular.width(v, BODY))
            .fold(0.0, f32::max);
        if x > LEFT && x + label_w + value_w > RIGHT {
            x = LEFT;
            l.y -= LEAD;
            l.ensure(LEAD);
        }
        let baseline = l.y - BODY;
        l.text(Font::Bold, BODY, x, baseline, &label);
        let mut line_y = baseline;
        for (i, line) in value_lines.iter().enumerate() {
            if i > 0 {
                l.y -= LEAD;
                l.ensure(LEAD);
                line_y = l.y - BODY;
            }
            l.text(Font::Regular, BODY, x + label_w, line_y, line);
        }
        x += label_w + value_w + gap;
    }
    l.y -= LEAD + 12.0;
}

/// `Shipment`, then one row per stop: kind, place, date.
fn shipment(l: &mut Layout, inv: &CustomerInvoice) {
    if inv.stops.is_empty() {
        return;
    }
    l.ensure(LEAD * 2.0 + 3.0);
    l.heading(LEFT, "Shipment");
    l.y -= LEAD + 3.0;
    for stop in &inv.stops {
        let kind = wrap(
            &win_ansi(&stop.kind),
            Font::Bold,
            BODY,
            STOP_PLACE_X - LEFT - 6.0,
        );
        let place_w = STOP_DATE_X - STOP_PLACE_X - 12.0;
        let places = wrap(&win_ansi(&stop.place), Font::Regular, BODY, place_w);
        let date = stop.date.map(|d| win_ansi(&format_date(d)));
        for i in 0..kind.len().max(places.len()).max(1) {
            l.ensure(LEAD);
            let baseline = l.y - BODY;
            if let Some(kind) = kind.get(i) {
                l.text(Font::Bold, BODY, LEFT, baseline, kind);
            }
            if let Some(place) = places.get(i) {
                l.text(Font::Regular, BODY, STOP_PLACE_X, baseline, place);
            }
            if let (0, Some(date)) = (i, &date) {
                l.text(Font::Regular, BODY, STOP_DATE_X, baseline, date);
            }
            l.y -= LEAD;
        }
    }
    l.y -= 14.0;
}

/// The charges table: header band, one row per line, and the `Total Due` band.
fn charges(l: &mut Layout, inv: &CustomerInvoice) {
    // The header and at least one row go together.
    l.ensure(20.0 + LEAD + 8.0);
    l.in_table = true;
    l.table_header();
    for line in &inv.lines {
        let mut desc = wrap(
            &win_ansi(&line.description),
            Font::Regular,
            BODY,
            DESC_WIDTH,
        );
        if desc.is_empty() {
            desc.push(Vec::new());
        }
        let amount = win_ansi(&format_usd(line.amount));
        for (i, text) in desc.iter().enumerate() {
            let pad_top = if i == 0 { 4.0 } else { 0.0 };
            let pad_bottom = if i + 1 == desc.len() { 4.0 } else { 0.0 };
            l.ensure(pad_top + LEAD + pad_bottom);
            l.y -= pad_top;
            let baseline = l.y - BODY;
            l.text(Font::Regular, BODY, DESC_X, baseline, text);
            if i == 0 {
                l.text_right(Font::Regular, BODY, AMOUNT_RIGHT, baseline, &amount);
            }
            l.y -= LEAD + pad_bottom;
        }
        l.rule(LEFT, RIGHT, l.y, 0.5, 0.75);
    }
    l.in_table = false;

    let h = 24.0;
    l.ensure(6.0 + h);
    l.y -= 6.0;
    l.fill(LEFT, l.y - h, RIGHT - LEFT, h, 0.88);
    let baseline = l.y - 16.5;
    let label: &[u8] = match inv.credit_of {
        Some(_) => b"Total Credit",
        None => b"Total Due",
    };
    l.text(Font::Bold, 12.0, DESC_X, baseline, label);
    let total = win_ansi(&format_usd(inv.total));
    l.text_right(Font::Bold, 12.0, AMOUNT_RIGHT, baseline, &total);
    l.y -= h;
}

// ---------------------------------------------------------------------------------------------
// The document.

fn write_document(inv: &CustomerInvoice, pages: Vec<Vec<Operation>>) -> Result<Vec<u8>, PdfError> {
    let mut doc = Document::with_version("1.4");
    // A classic xref table: readable by everything, and no /ID is added.
    doc.reference_table.cross_reference_type = XrefType::CrossReferenceTable;

    let pages_id = doc.new_object_id();
    let regular = doc.add_object(dictionary! {
        "Type" => "Font",
        "Subtype" => "Type1",
        "BaseFont" => "Helvetica",
        "Encoding" => "WinAnsiEncoding",
    });
    let bold = doc.add_object(dictionary! {
        "Type" => "Font",
        "Subtype" => "Type1",
        "BaseFont" => "Helvetica-Bold",
        "Encoding" => "WinAnsiEncoding",
    });
    let resources = doc.add_object(dictionary! {
        "Font" => dictionary! { "F1" => regular, "F2" => bold },
    });

    let mut kids = Vec::with_capacity(pages.len());
    for (i, operations) in pages.into_iter().enumerate() {
        let content = Content { operations }
            .encode()
            .map_err(|e| PdfError::Content {
                page: i + 1,
                message: e.to_string(),
            })?;
        let content_id = doc.add_object(Stream::new(dictionary! {}, content));
        let page_id = doc.add_object(dictionary! {
            "Type" => "Page",
            "Parent" => pages_id,
            "Resources" => resources,
            "Contents" => content_id,
        });
        kids.push(Object::Reference(page_id));
    }
    let count = kids.len() as i64;
    doc.objects.insert(
        pages_id,
        Object::Dictionary(dictionary! {
            "Type" => "Pages",
            "Kids" => kids,
            "Count" => count,
            "MediaBox" => vec![0.into(), 0.into(), num(PAGE_W), num(PAGE_H)],
        }),
    );
    let catalog = doc.add_object(dictionary! {
        "Type" => "Catalog",
        "Pages" => pages_id,
    });
    let info = doc.add_object(dictionary! {
        "Title" => lopdf::text_string(&format!("Invoice {}", inv.invoice_number)),
        "Creator" => Object::string_literal("freightdesk"),
    });
    doc.trailer.set("Root", catalog);
    doc.trailer.set("Info", info);
    doc.compress();

    let mut out = Vec::new();
    doc.save_to(&mut out)
        .map_err(|e| PdfError::Write(e.to_string()))?;
    Ok(out)
}

/// A coordinate or size as a PDF number: rounded to 1/100 pt, an integer when whole.
fn num(v: f32) -> Object {
    let r = (v * 100.0).round() / 100.0;
    if r.fract() == 0.0 {
        Object::Integer(r as i64)
    } else {
        Object::Real(r)
    }
}

// ---------------------------------------------------------------------------------------------
// Text.

/// `Jul 14, 2026`.
fn format_date(d: NaiveDate) -> String {
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    format!("{} {}, {}", MONTHS[d.month0() as usize], d.day(), d.year())
}

/// USD with thousands separators and cents, half away from zero: `$2,450.00`, `-$100.00`.
fn format_usd(amount: Decimal) -> String {
    let rounded = amount.round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero);
    // After rounding the scale is at most 2 and the mantissa at most 96 bits: no overflow.
    let cents = rounded.mantissa() * 10i128.pow(2 - rounded.scale().min(2));
    let negative = cents < 0;
    let cents = cents.unsigned_abs();
    let digits = (cents / 100).to_string();
    let mut grouped = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            grouped.push(',');
        }
        grouped.push(c);
    }
    format!(
        "{}${}.{:02}",
        if negative { "-" } else { "" },
        grouped,
        cents % 100
    )
}

/// `s` in WinAnsiEncoding: printable ASCII as is, Latin-1 and the common typographic marks
/// (quotes, dashes, €, …) as their WinAnsi codes, tabs and line breaks as spaces, soft hyphens
/// dropped, anything else as `?`.
fn win_ansi(s: &str) -> Vec<u8> {
    let mut out = Vec::with_capacity(s.len());
    for c in s.chars() {
        let byte = match c {
            ' '..='~' => c as u8,
            '\t' | '\n' | '\r' | '\u{a0}' => b' ',
            '\u{ad}' => continue,
            '\u{a1}'..='\u{ff}' => c as u32 as u8,
            '€' => 0x80,
            '‚' => 0x82,
            'ƒ' => 0x83,
            '„' => 0x84,
            '…' => 0x85,
            '†' => 0x86,
            '‡' => 0x87,
            'ˆ' => 0x88,
            '‰' => 0x89,
            'Š' => 0x8a,
            '‹' => 0x8b,
            'Œ' => 0x8c,
            'Ž' => 0x8e,
            '‘' => 0x91,
            '’' => 0x92,
            '“' => 0x93,
            '”' => 0x94,
            '•' => 0x95,
            '–' => 0x96,
            '—' => 0x97,
            '˜' => 0x98,
            '™' => 0x99,
            'š' => 0x9a,
            '›' => 0x9b,
            'œ' => 0x9c,
            'ž' => 0x9e,
            'Ÿ' => 0x9f,
            _ => b'?',
        };
        out.push(byte);
    }
    out
}

/// Splits WinAnsi `text` into lines no wider than `max` points: greedy on spaces, a word wider
/// than a line broken between characters. Runs of spaces collapse; empty text gives no lines.
fn wrap(text: &[u8], font: Font, size: f32, max: f32) -> Vec<Vec<u8>> {
    let space = font.width(b" ", size);
    let mut lines = Vec::new();
    let mut line: Vec<u8> = Vec::new();
    let mut line_w = 0.0;
    for word in text.split(|&b| b == b' ').filter(|w| !w.is_empty()) {
        let word_w = font.width(word, size);
        if !line.is_empty() && line_w + space + word_w <= max {
            line.push(b' ');
            line.extend_from_slice(word);
            line_w += space + word_w;
            continue;
        }
        if !line.is_empty() {
            lines.push(std::mem::take(&mut line));
        }
        if word_w <= max {
            line.extend_from_slice(word);
            line_w = word_w;
            continue;
        }
        // A word wider than the line: as many characters as fit, at least one, per line.
        let mut piece: Vec<u8> = Vec::new();
        let mut piece_w = 0.0;
        for &b in word {
            let w = font.width(&[b], size);
            if !piece.is_empty() && piece_w + w > max {
                lines.push(std::mem::take(&mut piece));
                piece_w = 0.0;
            }
            piece.push(b);
            piece_w += w;
        }
        line = piece;
        line_w = piece_w;
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}

// Generated from the Adobe Core 14 AFM files (as shipped in pdf-extract's `core_fonts.rs`),
// each WinAnsi code mapped to its glyph name. Codes WinAnsi leaves undefined are never written.

/// Helvetica advance widths (AFM, 1/1000 em) for WinAnsi codes 32..=255.
#[rustfmt::skip]
const HELVETICA_WIDTHS: [u16; 224] = [
    278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278, 278,
    556, 556, 556, 556, 556, 556, 556, 556, 556, 556, 278, 278, 584, 584, 584, 556,
    1015, 667, 667, 722, 722, 667, 611, 778, 722, 278, 500, 667, 556, 833, 722, 778,
    667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 278, 278, 278, 469, 556,
    333, 556, 556, 500, 556, 556, 278, 556, 556, 222, 222, 500, 222, 833, 556, 556,
    556, 556, 333, 500, 278, 556, 500, 722, 500, 500, 500, 334, 260, 334, 584, 350,
    556, 350, 222, 556, 333, 1000, 556, 556, 333, 1000, 667, 333, 1000, 350, 611, 350,
    350, 222, 222, 333, 333, 350, 556, 1000, 333, 1000, 500, 333, 944, 350, 500, 667,
    278, 333, 556, 556, 556, 556, 260, 556, 333, 737, 370, 556, 584, 333, 737, 333,
    400, 584, 333, 333, 333, 556, 537, 278, 333, 333, 365, 556, 834, 834, 834, 611,
    667, 667, 667, 667, 667, 667, 1000, 722, 667, 667, 667, 667, 278, 278, 278, 278,
    722, 722, 778, 778, 778, 778, 778, 584, 778, 722, 722, 722, 722, 667, 667, 611,
    556, 556, 556, 556, 556, 556, 889, 500, 556, 556, 556, 556, 278, 278, 278, 278,
    556, 556, 556, 556, 556, 556, 556, 584, 611, 556, 556, 556, 556, 500, 556, 500,
];

/// Helvetica-Bold advance widths (AFM, 1/1000 em) for WinAnsi codes 32..=255.
#[rustfmt::skip]
const HELVETICA_BOLD_WIDTHS: [u16; 224] = [
    278, 333, 474, 556, 556, 889, 722, 238, 333, 333, 389, 584, 278, 333, 278, 278,
    556, 556, 556, 556, 556, 556, 556, 556, 556, 556, 333, 333, 584, 584, 584, 611,
    975, 722, 722, 722, 722, 667, 611, 778, 722, 278, 556, 722, 611, 833, 722, 778,
    667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 333, 278, 333, 584, 556,
    333, 556, 611, 556, 611, 556, 333, 611, 611, 278, 278, 556, 278, 889, 611, 611,
    611, 611, 389, 556, 333, 611, 556, 778, 556, 556, 500, 389, 280, 389, 584, 350,
    556, 350, 278, 556, 500, 1000, 556, 556, 333, 1000, 667, 333, 1000, 350, 611, 350,
    350, 278, 278, 500, 500, 350, 556, 1000, 333, 1000, 556, 333, 944, 350, 500, 667,
    278, 333, 556, 556, 556, 556, 280, 556, 333, 737, 370, 556, 584, 333, 737, 333,
    400, 584, 333, 333, 333, 611, 556, 278, 333, 333, 365, 556, 834, 834, 834, 611,
    722, 722, 722, 722, 722, 722, 1000, 722, 667, 667, 667, 667, 278, 278, 278, 278,
    722, 722, 778, 778, 778, 778, 778, 584, 778, 722, 722, 722, 722, 667, 667, 611,
    556, 556, 556, 556, 556, 556, 889, 556, 556, 556, 556, 556, 278, 278, 278, 278,
    611, 611, 611, 611, 611, 611, 611, 584, 611, 611, 611, 611, 611, 556, 611, 556,
];

#[cfg(test)]
mod tests {
    use super::*;
    use crate::billing::invoice::{InvoiceLine, Party, Stop};
    use std::str::FromStr;

    fn d(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }

    fn date(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    fn line(code: &str, description: &str, amount: &str) -> InvoiceLine {
        InvoiceLine {
            code: code.to_string(),
            description: description.to_string(),
            amount: d(amount),
        }
    }

    fn sample() -> CustomerInvoice {
        CustomerInvoice {
            invoice_number: "NS-000001".to_string(),
            issued: date("2026-07-14"),
            due: date("2026-08-13"),
            terms: "Net 30".to_string(),
            load_number: "4471203".to_string(),
            bill_to: Party {
                name: "Acme Foods Inc".to_string(),
                address: vec![
                    "Accounts Payable".to_string(),
                    "100 Main St".to_string(),
                    "Dallas, TX 75201".to_string(),
                ],
            },
            remit_to: Party {
                name: "Northstar Logistics LLC".to_string(),
                address: vec!["PO Box 1200".to_string(), "Fresno, CA 93721".to_string()],
            },
            references: vec![
                ("PO".to_string(), "7730-A".to_string()),
                ("BOL".to_string(), "GHG-118734".to_string()),
            ],
            stops: vec![
                Stop {
                    kind: "Pickup".to_string(),
                    place: "Fresno, CA".to_string(),
                    date: Some(date("2026-07-12")),
                },
                Stop {
                    kind: "Delivery".to_string(),
                    place: "Dallas, TX".to_string(),
                    date: Some(date("2026-07-14")),
                },
            ],
            lines: vec![
                line("linehaul", "Linehaul", "2450.00"),
                line("fuel_surcharge", "Fuel surcharge (6.58%)", "161.25"),
                line("lumper", "Lumper (receipt 55120)", "150.00"),
            ],
            total: d("2761.25"),
            supplement_to: None,
            credit_of: None,
        }
    }

    fn page_count(pdf: &[u8]) -> usize {
        Document::load_mem(pdf)
            .expect("the PDF loads")
            .get_pages()
            .len()
    }

    fn text_of(pdf: &[u8]) -> String {
        pdf_extract::extract_text_from_mem(pdf).expect("pdf-extract reads the PDF")
    }

    /// `pdftotext -layout` of `pdf`, or `None` when poppler is not installed.
    fn pdftotext(pdf: &[u8]) -> Option<String> {
        let tool = std::path::Path::new("/usr/bin/pdftotext");
        if !tool.exists() {
            eprintln!("skipped: /usr/bin/pdftotext is not installed");
            return None;
        }
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("invoice.pdf");
        std::fs::write(&path, pdf).unwrap();
        let out = std::process::Command::new(tool)
            .arg("-layout")
            .arg(&path)
            .arg("-")
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "pdftotext failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        Some(String::from_utf8(out.stdout).unwrap())
    }

    fn assert_contains_all(text: &str, wanted: &[&str]) {
        for w in wanted {
            assert!(text.contains(w), "{w:?} is missing from the text:\n{text}");
        }
    }

    const WANTED: &[&str] = &[
        "NS-000001",
        "Total Due",
        "$2,761.25",
        "Acme Foods Inc",
        "4471203",
        "INVOICE",
        "Jul 14, 2026",
        "Aug 13, 2026",
        "Net 30",
        "Northstar Logistics LLC",
        "$2,450.00",
        "$161.25",
        "$150.00",
        "Fuel surcharge (6.58%)",
        "7730-A",
        "GHG-118734",
        "Fresno, CA",
        "Please pay by the due date.",
        "Page 1 of 1",
    ];

    #[test]
    fn renders_one_page_that_lopdf_loads() {
        let pdf = render(&sample()).unwrap();
        assert!(pdf.starts_with(b"%PDF-1.4"));
        assert_eq!(page_count(&pdf), 1);
    }

    #[test]
    fn output_is_deterministic() {
        let a = render(&sample()).unwrap();
        let b = render(&sample()).unwrap();
        assert_eq!(a, b);
        assert!(!a.windows(4).any(|w| w == b"/ID "), "no /ID in the trailer");
        assert!(!a.windows(13).any(|w| w == b"/CreationDate"), "no dates");
    }

    #[test]
    fn pdf_extract_reads_every_field() {
        let text = text_of(&render(&sample()).unwrap());
        assert_contains_all(&text, WANTED);
    }

    #[test]
    fn pdftotext_reads_every_field() {
        let Some(text) = pdftotext(&render(&sample()).unwrap()) else {
            return;
        };
        assert_contains_all(&text, WANTED);
        // The layout keeps each label on the line of its value.
        for (label, value) in [
            ("Invoice #:", "NS-000001"),
            ("Invoice Date:", "Jul 14, 2026"),
            ("Due Date:", "Aug 13, 2026"),
            ("Terms:", "Net 30"),
            ("Load #:", "4471203"),
            ("Total Due", "$2,761.25"),
            ("Linehaul", "$2,450.00"),
            ("Pickup", "Jul 12, 2026"),
        ] {
            assert!(
                text.lines().any(|l| l.contains(label) && l.contains(value)),
                "{label:?} and {value:?} are not on one line:\n{text}"
            );
        }
    }

    #[test]
    fn a_supplemental_invoice_says_so_and_names_the_invoice_it_follows() {
        let mut inv = sample();
        inv.supplement_to = Some("NS-000000".into());
        let bytes = render(&inv).unwrap();
        let _ = std::fs::write(std::env::temp_dir().join("supplemental-sample.pdf"), &bytes);
        let Some(text) = pdftotext(&bytes) else {
            return;
        };
        assert!(text.contains("SUPPLEMENTAL INVOICE"), "{text}");
        assert!(
            text.lines()
                .any(|l| l.contains("Supplements:") && l.contains("NS-000000")),
            "{text}"
        );
        assert!(!render(&sample()).is_ok_and(|b| b == bytes));
    }

    #[test]
    fn many_lines_paginate() {
        let mut inv = sample();
        inv.lines = (1..=60)
            .map(|i| {
                line(
                    "detention",
                    &format!("Accessorial charge number {i:02}"),
                    "10.00",
                )
            })
            .collect();
        inv.total = d("600.00");
        let pdf = render(&inv).unwrap();
        let pages = page_count(&pdf);
        assert!(pages > 1, "60 lines on {pages} page(s)");

        let text = text_of(&pdf);
        for i in 1..=60 {
            assert!(
                text.contains(&format!("Accessorial charge number {i:02}")),
                "line {i} is missing"
            );
        }
        assert_contains_all(
            &text,
            &["Total Due", "$600.00", &format!("Page {pages} of {pages}")],
        );
        assert_eq!(
            text.matches("Please pay by the due date.").count(),
            1,
            "the note is on the last page only"
        );
        if let Some(text) = pdftotext(&pdf) {
            for i in 1..=60 {
                assert!(
                    text.contains(&format!("Accessorial charge number {i:02}")),
                    "line {i} is missing"
                );
            }
        }
    }

    #[test]
    fn long_description_wraps_and_paginates() {
        let mut inv = sample();
        let words: Vec<String> = (0..600).map(|i| format!("w{i}")).collect();
        inv.lines[2].description = words.join(" ");
        let pdf = render(&inv).unwrap();
        assert!(page_count(&pdf) > 1);
        let text = text_of(&pdf);
        assert!(text.contains("w0") && text.contains("w599") && text.contains("$2,761.25"));
    }

    #[test]
    fn parentheses_and_backslash_survive() {
        let mut inv = sample();
        inv.bill_to.name = r"Acme (West) \ DC".to_string();
        inv.lines[0].description = r"Linehaul ) unbalanced ( \n".to_string();
        let pdf = render(&inv).unwrap();
        assert_eq!(page_count(&pdf), 1);
        let text = text_of(&pdf);
        assert_contains_all(&text, &[r"Acme (West) \ DC", r"Linehaul ) unbalanced ( \n"]);
        if let Some(text) = pdftotext(&pdf) {
            assert_contains_all(&text, &[r"Acme (West) \ DC", r"Linehaul ) unbalanced ( \n"]);
        }
    }

    #[test]
    fn latin1_prints_and_the_rest_is_replaced() {
        let mut inv = sample();
        inv.bill_to.name = "Café Müller – Señor 東京".to_string();
        let text = text_of(&render(&inv).unwrap());
        assert!(text.contains("Café Müller – Señor ??"), "{text}");
    }

    #[test]
    fn formats_money() {
        assert_eq!(format_usd(d("2450")), "$2,450.00");
        assert_eq!(format_usd(d("2761.25")), "$2,761.25");
        assert_eq!(format_usd(d("-100")), "-$100.00");
        assert_eq!(format_usd(d("0.005")), "$0.01");
        assert_eq!(format_usd(d("-0.001")), "$0.00");
        assert_eq!(format_usd(d("999.999")), "$1,000.00");
        assert_eq!(format_usd(d("1234567.8")), "$1,234,567.80");
        assert_eq!(format_usd(d("12.3456")), "$12.35");
    }

    #[test]
    fn formats_dates() {
        assert_eq!(format_date(date("2026-07-14")), "Jul 14, 2026");
        assert_eq!(format_date(date("2026-08-03")), "Aug 3, 2026");
    }

    #[test]
    fn maps_text_to_win_ansi() {
        assert_eq!(win_ansi("Acme (West) \\ DC"), b"Acme (West) \\ DC".to_vec());
        assert_eq!(
            win_ansi("é\u{2019}€\t东"),
            vec![0xe9, 0x92, 0x80, b' ', b'?']
        );
    }

    #[test]
    fn wraps_to_width() {
        let text = win_ansi("Lumper (receipt 55120) paid at the receiver's dock");
        let lines = wrap(&text, Font::Regular, 10.0, 100.0);
        assert!(lines.len() > 1);
        assert!(lines.iter().all(|l| Font::Regular.width(l, 10.0) <= 100.0));
        assert_eq!(lines.join(&b' '), text);
        let long = wrap(&[b'9'; 50], Font::Regular, 10.0, 56.0);
        assert_eq!(long.len(), 5);
        assert!(wrap(b"   ", Font::Regular, 10.0, 100.0).is_empty());
    }

    #[test]
    fn helvetica_widths_match_the_afm() {
        assert_eq!(Font::Regular.glyph_width(b'0'), 556);
        assert_eq!(Font::Regular.glyph_width(b'i'), 222);
        assert_eq!(Font::Bold.glyph_width(b'i'), 278);
        assert_eq!(Font::Regular.glyph_width(b'W'), 944);
        assert_eq!(Font::Regular.glyph_width(0xe9), 556); // eacute
        assert!((Font::Regular.width(b"$2,450.00", 10.0) - 44.48).abs() < 0.01);
    }
}
