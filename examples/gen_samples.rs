//! Generates freightdesk's sample corpus from one set of loads:
//!
//! - `samples/pdfs/`: freight PDFs (rate confirmations, BOLs, PODs, carrier invoices, a lumper
//!   receipt, a packet and a brochure), each beside `NAME.expected.json`, the ground truth the
//!   generator drew into it;
//! - `samples/inbox/`: the shared inbox as RFC 5322 `.eml` files, processed in file-name order;
//! - `samples/directory/`: `customers.csv`, `carriers.csv` and `lanes.csv` (customers' contract rates);
//! - `samples/STORIES.md`: what each email carries and what the back office expects to happen.
//!
//! Run with `cargo run --example gen_samples`. The output is deterministic: fixed dates, fixed
//! Message-IDs and MIME boundaries, and no timestamps inside the PDFs.

#![allow(clippy::too_many_arguments)]

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};

use chrono::{NaiveDate, NaiveDateTime};
use lopdf::content::{Content, Operation};
use lopdf::{dictionary, Document, Object, Stream, StringFormat};
use serde_json::{json, Value};

// ---------------------------------------------------------------------------------------------
// Fonts: the standard Type1 fonts with WinAnsiEncoding, and their AFM widths for layout.
// ---------------------------------------------------------------------------------------------

#[derive(Clone, Copy, PartialEq, Eq)]
enum F {
    /// Helvetica
    R,
    /// Helvetica-Bold
    B,
    /// Courier
    M,
}

impl F {
    fn res(self) -> &'static str {
        match self {
            F::R => "F1",
            F::B => "F2",
            F::M => "F3",
        }
    }
}

/// Helvetica widths for WinAnsi codes 32..=126 (Adobe AFM).
const HELV: [u16; 95] = [
    278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278, 278, 556, 556, 556,
    556, 556, 556, 556, 556, 556, 556, 278, 278, 584, 584, 584, 556, 1015, 667, 667, 722, 722, 667,
    611, 778, 722, 278, 500, 667, 556, 833, 722, 778, 667, 778, 722, 667, 611, 722, 667, 944, 667,
    667, 611, 278, 278, 278, 469, 556, 333, 556, 556, 500, 556, 556, 278, 556, 556, 222, 222, 500,
    222, 833, 556, 556, 556, 556, 333, 500, 278, 556, 500, 722, 500, 500, 500, 334, 260, 334, 584,
];

/// Helvetica-Bold widths for WinAnsi codes 32..=126 (Adobe AFM).
const HELV_B: [u16; 95] = [
    278, 333, 474, 556, 556, 889, 722, 238, 333, 333, 389, 584, 278, 333, 278, 278, 556, 556, 556,
    556, 556, 556, 556, 556, 556, 556, 333, 333, 584, 584, 584, 611, 975, 722, 722, 722, 722, 667,
    611, 778, 722, 278, 556, 722, 611, 833, 722, 778, 667, 778, 722, 667, 611, 722, 667, 944, 667,
    667, 611, 333, 278, 333, 584, 556, 333, 556, 611, 556, 611, 556, 333, 611, 611, 278, 278, 556,
    278, 889, 611, 611, 611, 611, 389, 556, 333, 611, 556, 778, 556, 556, 500, 389, 280, 389, 584,
];

/// Encode text in WinAnsiEncoding; panics on a character the encoding lacks, so a typo in the
/// generator fails loudly instead of drawing a wrong glyph.
fn winansi(s: &str) -> Vec<u8> {
    s.chars()
        .map(|c| match c {
            ' '..='~' => c as u8,
            '\u{2019}' => 0x92,
            '\u{2022}' => 0x95,
            '\u{2013}' => 0x96,
            '\u{2014}' => 0x97,
            '\u{a7}' => 0xA7,
            '\u{a9}' => 0xA9,
            '\u{ae}' => 0xAE,
            '\u{b0}' => 0xB0,
            _ => panic!("no WinAnsi code for {c:?} in {s:?}"),
        })
        .collect()
}

fn glyph_width(f: F, b: u8) -> f32 {
    let w = match (f, b) {
        (F::M, _) => 600,
        (F::R, 32..=126) => HELV[(b - 32) as usize],
        (F::B, 32..=126) => HELV_B[(b - 32) as usize],
        (_, 0x92) => {
            if f == F::B {
                278
            } else {
                222
            }
        }
        (_, 0x95) => 350,
        (_, 0x97) => 1000,
        (_, 0xA9) | (_, 0xAE) => 737,
        (_, 0xB0) => 400,
        _ => 556,
    };
    f32::from(w)
}

fn width(f: F, size: f32, s: &str) -> f32 {
    winansi(s).iter().map(|b| glyph_width(f, *b)).sum::<f32>() * size / 1000.0
}

/// Greedy word wrap to a width in points.
fn wrap_lines(f: F, size: f32, max_w: f32, text: &str) -> Vec<String> {
    let mut lines = Vec::new();
    let mut cur = String::new();
    for word in text.split_whitespace() {
        let candidate = if cur.is_empty() {
            word.to_string()
        } else {
            format!("{cur} {word}")
        };
        if width(f, size, &candidate) > max_w && !cur.is_empty() {
            lines.push(std::mem::take(&mut cur));
            cur = word.to_string();
        } else {
            cur = candidate;
        }
    }
    if !cur.is_empty() {
        lines.push(cur);
    }
    lines
}

// ---------------------------------------------------------------------------------------------
// Page canvas. Coordinates are in points from the top-left corner; `y` of text is its baseline.
// ---------------------------------------------------------------------------------------------

type Rgb = (f32, f32, f32);
const BLACK: Rgb = (0.0, 0.0, 0.0);
const WHITE: Rgb = (1.0, 1.0, 1.0);
const GRAY: Rgb = (0.35, 0.35, 0.35);
const LIGHT: Rgb = (0.88, 0.88, 0.88);
const PAGE_W: f32 = 612.0;
const PAGE_H: f32 = 792.0;

fn n(v: f32) -> Object {
    let r = (v * 100.0).round() / 100.0;
    if r.fract() == 0.0 {
        Object::Integer(r as i64)
    } else {
        Object::Real(r)
    }
}

#[derive(Clone, Copy)]
enum Al {
    L,
    R,
    C,
}

/// A ruled table: column widths and alignments, body font and leading, header colors.
struct Tbl<'a> {
    x: f32,
    cols: &'a [(f32, Al)],
    font: F,
    size: f32,
    lead: f32,
    head_fill: Rgb,
    head_color: Rgb,
    head_size: f32,
}

#[derive(Clone, Default)]
struct Page {
    ops: Vec<Operation>,
}

impl Page {
    fn op(&mut self, name: &str, args: Vec<Object>) {
        self.ops.push(Operation::new(name, args));
    }

    fn text_c(&mut self, f: F, size: f32, x: f32, y: f32, s: &str, color: Rgb) {
        if s.is_empty() {
            return;
        }
        let colored = color != BLACK;
        if colored {
            self.op("q", vec![]);
            self.op("rg", vec![n(color.0), n(color.1), n(color.2)]);
        }
        self.op("BT", vec![]);
        self.op(
            "Tf",
            vec![Object::Name(f.res().as_bytes().to_vec()), n(size)],
        );
        self.op("Td", vec![n(x), n(PAGE_H - y)]);
        self.op(
            "Tj",
            vec![Object::String(winansi(s), StringFormat::Literal)],
        );
        self.op("ET", vec![]);
        if colored {
            self.op("Q", vec![]);
        }
    }

    fn text(&mut self, f: F, size: f32, x: f32, y: f32, s: &str) {
        self.text_c(f, size, x, y, s, BLACK);
    }

    fn right(&mut self, f: F, size: f32, xr: f32, y: f32, s: &str) {
        let w = width(f, size, s);
        self.text(f, size, xr - w, y, s);
    }

    fn center(&mut self, f: F, size: f32, xc: f32, y: f32, s: &str) {
        let w = width(f, size, s);
        self.text(f, size, xc - w / 2.0, y, s);
    }

    /// Text drawn with `TJ`: pieces with kerning adjustments (thousandths of an em) between them.
    fn tj(&mut self, f: F, size: f32, x: f32, y: f32, parts: &[(&str, i64)], color: Rgb) {
        self.op("q", vec![]);
        self.op("rg", vec![n(color.0), n(color.1), n(color.2)]);
        self.op("BT", vec![]);
        self.op(
            "Tf",
            vec![Object::Name(f.res().as_bytes().to_vec()), n(size)],
        );
        self.op("Td", vec![n(x), n(PAGE_H - y)]);
        let mut arr = Vec::new();
        for (s, k) in parts {
            arr.push(Object::String(winansi(s), StringFormat::Literal));
            if *k != 0 {
                arr.push(Object::Integer(*k));
            }
        }
        self.op("TJ", vec![Object::Array(arr)]);
        self.op("ET", vec![]);
        self.op("Q", vec![]);
    }

    /// Label in bold, value in regular right after it. Returns the x after the value.
    fn kv(&mut self, size: f32, x: f32, y: f32, label: &str, value: &str) -> f32 {
        self.text(F::B, size, x, y, label);
        let vx = x + width(F::B, size, label) + size * 0.4;
        self.text(F::R, size, vx, y, value);
        vx + width(F::R, size, value)
    }

    fn line(&mut self, x1: f32, y1: f32, x2: f32, y2: f32, lw: f32) {
        self.op("w", vec![n(lw)]);
        self.op("m", vec![n(x1), n(PAGE_H - y1)]);
        self.op("l", vec![n(x2), n(PAGE_H - y2)]);
        self.op("S", vec![]);
    }

    fn hline(&mut self, x1: f32, x2: f32, y: f32, lw: f32) {
        self.line(x1, y, x2, y, lw);
    }

    fn vline(&mut self, x: f32, y1: f32, y2: f32, lw: f32) {
        self.line(x, y1, x, y2, lw);
    }

    fn rect(&mut self, x: f32, y: f32, w: f32, h: f32, lw: f32) {
        self.op("w", vec![n(lw)]);
        self.op("re", vec![n(x), n(PAGE_H - y - h), n(w), n(h)]);
        self.op("S", vec![]);
    }

    fn rect_c(&mut self, x: f32, y: f32, w: f32, h: f32, lw: f32, c: Rgb) {
        self.op("q", vec![]);
        self.op("RG", vec![n(c.0), n(c.1), n(c.2)]);
        self.rect(x, y, w, h, lw);
        self.op("Q", vec![]);
    }

    fn fill(&mut self, x: f32, y: f32, w: f32, h: f32, c: Rgb) {
        self.op("q", vec![]);
        self.op("rg", vec![n(c.0), n(c.1), n(c.2)]);
        self.op("re", vec![n(x), n(PAGE_H - y - h), n(w), n(h)]);
        self.op("f", vec![]);
        self.op("Q", vec![]);
    }

    fn poly(&mut self, pts: &[(f32, f32)], c: Rgb) {
        self.op("q", vec![]);
        self.op("rg", vec![n(c.0), n(c.1), n(c.2)]);
        for (i, (x, y)) in pts.iter().enumerate() {
            let op = if i == 0 { "m" } else { "l" };
            self.op(op, vec![n(*x), n(PAGE_H - y)]);
        }
        self.op("h", vec![]);
        self.op("f", vec![]);
        self.op("Q", vec![]);
    }

    fn star(&mut self, cx: f32, cy: f32, r: f32, c: Rgb) {
        let pts: Vec<(f32, f32)> = (0..10)
            .map(|i| {
                let rr = if i % 2 == 0 { r } else { r * 0.42 };
                let a = std::f32::consts::PI * (i as f32) / 5.0;
                (cx + rr * a.sin(), cy - rr * a.cos())
            })
            .collect();
        self.poly(&pts, c);
    }

    /// A checkbox whose bottom sits on the baseline `y`, an `X` in it when checked, then its label.
    /// Returns the x after the label.
    fn check(&mut self, x: f32, y: f32, size: f32, checked: bool, label: &str) -> f32 {
        let b = size * 0.9;
        self.rect(x, y - b + 1.0, b, b, 0.6);
        if checked {
            self.text(F::B, size * 0.9, x + b * 0.17, y - 0.4, "X");
        }
        self.text(F::R, size, x + b + 3.0, y, label);
        x + b + 3.0 + width(F::R, size, label) + 9.0
    }

    /// Wrapped paragraph; returns the baseline after the last line.
    fn para(&mut self, f: F, size: f32, x: f32, y: f32, w: f32, lead: f32, text: &str) -> f32 {
        let mut y = y;
        for l in wrap_lines(f, size, w, text) {
            self.text(f, size, x, y, &l);
            y += lead;
        }
        y
    }

    fn lines(&mut self, f: F, size: f32, x: f32, y: f32, lead: f32, lines: &[&str]) -> f32 {
        let mut y = y;
        for l in lines {
            self.text(f, size, x, y, l);
            y += lead;
        }
        y
    }

    /// A box with a filled title bar.
    fn titled_box(&mut self, x: f32, y: f32, w: f32, h: f32, title: &str, bar: Rgb, tc: Rgb) {
        self.fill(x, y, w, 13.0, bar);
        self.text_c(F::B, 7.5, x + 5.0, y + 9.5, title, tc);
        self.rect(x, y, w, h, 0.8);
    }

    /// Decorative barcode: bars derived from the bytes of `data` (not a scannable symbology).
    fn barcode(&mut self, x: f32, y: f32, w: f32, h: f32, data: &str) {
        let mut widths = vec![2u8, 1, 1, 2];
        for b in data.bytes() {
            for k in 0..4 {
                widths.push(1 + ((b >> (k * 2)) & 1));
                widths.push(1 + ((b >> (k * 2 + 1)) & 1));
            }
        }
        widths.extend([2, 1, 1, 2]);
        let units: f32 = widths.iter().map(|u| f32::from(*u)).sum();
        let unit = w / units;
        let mut cx = x;
        self.op("q", vec![]);
        self.op("rg", vec![n(0.0), n(0.0), n(0.0)]);
        for (i, u) in widths.iter().enumerate() {
            let bw = unit * f32::from(*u);
            if i % 2 == 0 {
                self.op("re", vec![n(cx), n(PAGE_H - y - h), n(bw), n(h)]);
            }
            cx += bw;
        }
        self.op("f", vec![]);
        self.op("Q", vec![]);
    }

    fn cell_text(&mut self, f: F, size: f32, x: f32, w: f32, y: f32, s: &str, al: Al, c: Rgb) {
        let tw = width(f, size, s);
        let tx = match al {
            Al::L => x + 4.0,
            Al::R => x + w - 4.0 - tw,
            Al::C => x + (w - tw) / 2.0,
        };
        self.text_c(f, size, tx, y, s, c);
    }

    /// Draw a ruled table and return the y of its bottom edge. A cell may hold several lines
    /// (`\n`); a cell starting with `**` is drawn bold.
    fn table(&mut self, t: &Tbl, y: f32, head: &[&str], rows: &[Vec<String>]) -> f32 {
        let total_w: f32 = t.cols.iter().map(|c| c.0).sum();
        let head_h = if head.is_empty() {
            0.0
        } else {
            t.head_size + 8.0
        };
        if !head.is_empty() {
            self.fill(t.x, y, total_w, head_h, t.head_fill);
            let mut cx = t.x;
            for (i, h) in head.iter().enumerate() {
                let (w, al) = t.cols[i];
                let base = y + head_h / 2.0 + t.head_size * 0.36;
                self.cell_text(F::B, t.head_size, cx, w, base, h, al, t.head_color);
                cx += w;
            }
        }
        let mut cy = y + head_h;
        let mut rules = Vec::new();
        for row in rows {
            let nlines = row
                .iter()
                .map(|c| c.lines().count().max(1))
                .max()
                .unwrap_or(1);
            let rh = nlines as f32 * t.lead + 4.0;
            let mut cx = t.x;
            for (i, cell) in row.iter().enumerate() {
                let (w, al) = t.cols[i];
                let (f, cell) = match cell.strip_prefix("**") {
                    Some(rest) => (F::B, rest),
                    None => (t.font, cell.as_str()),
                };
                let f = if t.font == F::M { F::M } else { f };
                for (li, line) in cell.lines().enumerate() {
                    let base = cy + 2.0 + (t.lead + t.size * 0.7) / 2.0 + li as f32 * t.lead;
                    self.cell_text(f, t.size, cx, w, base, line, al, BLACK);
                }
                cx += w;
            }
            rules.push(cy);
            cy += rh;
        }
        self.rect(t.x, y, total_w, cy - y, 0.8);
        for ry in rules {
            if ry > y {
                self.hline(t.x, t.x + total_w, ry, 0.5);
            }
        }
        let mut cx = t.x;
        for (w, _) in &t.cols[..t.cols.len() - 1] {
            cx += w;
            self.vline(cx, y, cy, 0.5);
        }
        cy
    }
}

/// Assemble pages into a PDF: US letter, the three standard fonts with WinAnsiEncoding, an Info
/// dictionary with a title and producer and no dates.
fn build_pdf(pages: &[Page], title: &str, producer: &str, compress: bool) -> Vec<u8> {
    let mut doc = Document::with_version("1.4");
    let pages_id = doc.new_object_id();
    let mut fonts = lopdf::Dictionary::new();
    for (res, base) in [
        ("F1", "Helvetica"),
        ("F2", "Helvetica-Bold"),
        ("F3", "Courier"),
    ] {
        let id = doc.add_object(dictionary! {
            "Type" => "Font",
            "Subtype" => "Type1",
            "BaseFont" => base,
            "Encoding" => "WinAnsiEncoding",
        });
        fonts.set(res, id);
    }
    let resources_id = doc.add_object(dictionary! { "Font" => fonts });
    let mut kids: Vec<Object> = Vec::new();
    for page in pages {
        let content = Content {
            operations: page.ops.clone(),
        };
        let mut stream = Stream::new(dictionary! {}, content.encode().expect("encode content"));
        if compress {
            stream.compress().expect("compress content");
        }
        let content_id = doc.add_object(stream);
        let page_id = doc.add_object(dictionary! {
            "Type" => "Page",
            "Parent" => pages_id,
            "Contents" => content_id,
            "Resources" => resources_id,
            "MediaBox" => vec![0.into(), 0.into(), PAGE_W.into(), PAGE_H.into()],
        });
        kids.push(page_id.into());
    }
    let count = kids.len() as i64;
    doc.objects.insert(
        pages_id,
        Object::Dictionary(dictionary! { "Type" => "Pages", "Kids" => kids, "Count" => count }),
    );
    let catalog_id = doc.add_object(dictionary! { "Type" => "Catalog", "Pages" => pages_id });
    let info_id = doc.add_object(dictionary! {
        "Title" => Object::string_literal(title),
        "Producer" => Object::string_literal(producer),
    });
    doc.trailer.set("Root", catalog_id);
    doc.trailer.set("Info", info_id);
    let mut out = Vec::new();
    doc.save_to(&mut out).expect("write pdf");
    out
}

// ---------------------------------------------------------------------------------------------
// Value formatting: printed (per layout) and normalized (for the expected files).
// ---------------------------------------------------------------------------------------------

#[derive(Clone, Copy)]
enum DateFmt {
    /// 07/14/2026
    Mdy4,
    /// 7/14/26
    Mdy2,
    /// Jul 14, 2026
    Mon,
    /// 7/14/2026
    Mdy4NoPad,
}

impl DateFmt {
    fn f(self, d: NaiveDate) -> String {
        let pat = match self {
            DateFmt::Mdy4 => "%m/%d/%Y",
            DateFmt::Mdy2 => "%-m/%-d/%y",
            DateFmt::Mon => "%b %-d, %Y",
            DateFmt::Mdy4NoPad => "%-m/%-d/%Y",
        };
        d.format(pat).to_string()
    }
}

fn day(m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, m, d).expect("valid date")
}

fn iso(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

/// Whole number with thousands separators.
fn commas(v: u64) -> String {
    let s = v.to_string();
    let mut out = String::new();
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// Cents as printed money: `$2,350.00`.
fn money(cents: i64) -> String {
    format!("${}.{:02}", commas((cents / 100) as u64), cents % 100)
}

/// Cents as a normalized money string: `2350.00`.
fn norm_money(cents: i64) -> String {
    format!("{}.{:02}", cents / 100, cents % 100)
}

// ---------------------------------------------------------------------------------------------
// The world: brokerage divisions, carriers, customers, loads and invoices.
// ---------------------------------------------------------------------------------------------

#[derive(Clone, Copy, PartialEq, Eq)]
enum BrokerStyle {
    Northstar,
    Keystone,
    Summit,
}

struct Broker {
    style: BrokerStyle,
    name: &'static str,
    street: &'static str,
    city: &'static str,
    state: &'static str,
    zip: &'static str,
    phone: &'static str,
    rep: &'static str,
    rep_title: &'static str,
    rep_email: &'static str,
    rep_phone: &'static str,
}

impl Broker {
    fn csz(&self) -> String {
        format!("{}, {} {}", self.city, self.state, self.zip)
    }
}

const SHARED_INBOX: &str = "ops@northstarlogistics.example";
const STAFF_AP: &str = "ap@northstarlogistics.example";

static NORTHSTAR: Broker = Broker {
    style: BrokerStyle::Northstar,
    name: "Northstar Logistics",
    street: "900 Marquette Ave, Suite 1400",
    city: "Minneapolis",
    state: "MN",
    zip: "55402",
    phone: "(612) 555-0140",
    rep: "Jake Morales",
    rep_title: "Carrier Sales Manager",
    rep_email: "jmorales@northstarlogistics.example",
    rep_phone: "(612) 555-0140 x214",
};

static KEYSTONE: Broker = Broker {
    style: BrokerStyle::Keystone,
    name: "Keystone Brokerage",
    street: "600 Grant St, Suite 2210",
    city: "Pittsburgh",
    state: "PA",
    zip: "15219",
    phone: "(412) 555-0187",
    rep: "Renee Walsh",
    rep_title: "Senior Carrier Rep",
    rep_email: "rwalsh@northstarlogistics.example",
    rep_phone: "(412) 555-0187 x31",
};

static SUMMIT: Broker = Broker {
    style: BrokerStyle::Summit,
    name: "Summit Freight Partners",
    street: "1700 Lincoln St, Suite 900",
    city: "Denver",
    state: "CO",
    zip: "80203",
    phone: "(303) 555-0162",
    rep: "Kyle Brandt",
    rep_title: "Logistics Coordinator",
    rep_email: "kbrandt@northstarlogistics.example",
    rep_phone: "(303) 555-0162",
};

#[derive(Clone, Copy, PartialEq, Eq)]
enum CarrierStyle {
    RedMesa,
    BlueLine,
    PrairieWind,
    LoneOak,
}

struct Carrier {
    style: CarrierStyle,
    id: &'static str,
    name: &'static str,
    mc: &'static str,
    dot: &'static str,
    scac: &'static str,
    domains: &'static [&'static str],
    street: &'static str,
    city: &'static str,
    state: &'static str,
    zip: &'static str,
    phone: &'static str,
    dispatcher: &'static str,
    dispatch_email: &'static str,
    billing_name: &'static str,
    billing_email: &'static str,
    remit_name: &'static str,
    remit_street: &'static str,
    remit_csz: &'static str,
    date_fmt: DateFmt,
    color: Rgb,
}

impl Carrier {
    fn csz(&self) -> String {
        format!("{}, {} {}", self.city, self.state, self.zip)
    }
    fn remit_address(&self) -> String {
        format!("{}, {}", self.remit_street, self.remit_csz)
    }
}

static RED_MESA: Carrier = Carrier {
    style: CarrierStyle::RedMesa,
    id: "CAR-001",
    name: "Red Mesa Trucking LLC",
    mc: "123456",
    dot: "3184527",
    scac: "RMTK",
    domains: &["redmesatrucking.example"],
    street: "2750 Desert Sage Rd NE",
    city: "Albuquerque",
    state: "NM",
    zip: "87107",
    phone: "(505) 555-0123",
    dispatcher: "Luis Romero",
    dispatch_email: "dispatch@redmesatrucking.example",
    billing_name: "Angela Baca",
    billing_email: "billing@redmesatrucking.example",
    remit_name: "Red Mesa Trucking LLC",
    remit_street: "PO Box 4410",
    remit_csz: "Albuquerque, NM 87196",
    date_fmt: DateFmt::Mdy4,
    color: (0.62, 0.22, 0.12),
};

static BLUE_LINE: Carrier = Carrier {
    style: CarrierStyle::BlueLine,
    id: "CAR-002",
    name: "Blue Line Carriers Inc",
    mc: "654321",
    dot: "2417739",
    scac: "BLCI",
    domains: &["bluelinecarriers.example"],
    street: "1825 Refugee Rd",
    city: "Columbus",
    state: "OH",
    zip: "43207",
    phone: "(614) 555-0166",
    dispatcher: "Marcus Hill",
    dispatch_email: "dispatch@bluelinecarriers.example",
    billing_name: "Janet Price",
    billing_email: "ar@bluelinecarriers.example",
    remit_name: "Blue Line Carriers Inc",
    remit_street: "1825 Refugee Rd",
    remit_csz: "Columbus, OH 43207",
    date_fmt: DateFmt::Mon,
    color: (0.10, 0.30, 0.62),
};

static PRAIRIE_WIND: Carrier = Carrier {
    style: CarrierStyle::PrairieWind,
    id: "CAR-003",
    name: "Prairie Wind Transport",
    mc: "778812",
    dot: "2879014",
    scac: "PWTN",
    domains: &["prairiewindtransport.example", "pwt-logistics.example"],
    street: "1440 S Tyler Rd",
    city: "Wichita",
    state: "KS",
    zip: "67209",
    phone: "(316) 555-0148",
    dispatcher: "Carla Jensen",
    dispatch_email: "dispatch@prairiewindtransport.example",
    billing_name: "Brent Jensen",
    billing_email: "billing@prairiewindtransport.example",
    remit_name: "Heartland Freight Funding LLC",
    remit_street: "PO Box 27190",
    remit_csz: "Kansas City, MO 64180",
    date_fmt: DateFmt::Mdy2,
    color: (0.20, 0.45, 0.22),
};

static LONE_OAK: Carrier = Carrier {
    style: CarrierStyle::LoneOak,
    id: "CAR-004",
    name: "Lone Oak Hauling LLC",
    mc: "1045872",
    dot: "3921466",
    scac: "LOHU",
    domains: &["loneoakhauling.example"],
    street: "412 County Road 1120",
    city: "Texarkana",
    state: "TX",
    zip: "75501",
    phone: "(903) 555-0134",
    dispatcher: "Wade Tillman",
    dispatch_email: "wade@loneoakhauling.example",
    billing_name: "Wade Tillman",
    billing_email: "wade@loneoakhauling.example",
    remit_name: "Lone Oak Hauling LLC",
    remit_street: "412 County Road 1120",
    remit_csz: "Texarkana, TX 75501",
    date_fmt: DateFmt::Mdy4NoPad,
    color: (0.30, 0.24, 0.16),
};

static CARRIERS: [&Carrier; 4] = [&RED_MESA, &BLUE_LINE, &PRAIRIE_WIND, &LONE_OAK];

struct Customer {
    id: &'static str,
    name: &'static str,
    aliases: &'static [&'static str],
    contact_name: &'static str,
    contact_email: &'static str,
    /// Where its invoices go (customers.csv `billing_email`).
    billing_email: &'static str,
    /// Its bill-to address, lines separated by `;` (customers.csv `billing_address`).
    billing_address: &'static str,
    /// Whether lanes.csv prices its loads (one customer has no contract rates yet:
    /// `customer_rate_missing`).
    lanes: bool,
}

static ACME: Customer = Customer {
    id: "CUST-001",
    name: "Acme Foods Inc",
    aliases: &["Acme Foods", "ACME FOODS DC"],
    contact_name: "Dana Whitfield",
    contact_email: "shipping@acmefoods.example",
    billing_email: "ap@acmefoods.example",
    billing_address: "Accounts Payable; 2400 Channahon Rd; Joliet, IL 60436",
    lanes: true,
};
static BLUEWATER: Customer = Customer {
    id: "CUST-002",
    name: "Bluewater Paper Co",
    aliases: &["Bluewater Paper", "BLUEWATER PAPER MILL #2"],
    contact_name: "Tom Kessler",
    contact_email: "logistics@bluewaterpaper.example",
    billing_email: "payables@bluewaterpaper.example",
    billing_address: "PO Box 1190; Green Bay, WI 54305",
    lanes: true,
};
static GRANITE: Customer = Customer {
    id: "CUST-003",
    name: "Granite Home Goods",
    aliases: &["Granite Home", "GHG Distribution"],
    contact_name: "Priya Raman",
    contact_email: "transportation@granitehomegoods.example",
    billing_email: "invoices@granitehomegoods.example",
    billing_address: "Attn: Freight Payables; 410 Industrial Blvd; Lebanon, TN 37087",
    lanes: true,
};
static HARVEST: Customer = Customer {
    id: "CUST-004",
    name: "Harvest Lane Beverage Co",
    aliases: &["Harvest Lane Beverage", "HARVEST LANE BEV"],
    contact_name: "Megan Ortiz",
    contact_email: "shipping@harvestlanebev.example",
    billing_email: "",
    billing_address: "",
    lanes: false,
};

static CUSTOMERS: [&Customer; 4] = [&ACME, &BLUEWATER, &GRANITE, &HARVEST];

#[derive(Clone, Copy)]
struct Place {
    name: &'static str,
    street: &'static str,
    city: &'static str,
    state: &'static str,
    zip: &'static str,
}

impl Place {
    fn csz(&self) -> String {
        format!("{}, {} {}", self.city, self.state, self.zip)
    }
    fn city_st(&self) -> String {
        format!("{}, {}", self.city, self.state)
    }
}

const fn place(
    name: &'static str,
    street: &'static str,
    city: &'static str,
    state: &'static str,
    zip: &'static str,
) -> Place {
    Place {
        name,
        street,
        city,
        state,
        zip,
    }
}

/// An accessorial the rate confirmation agrees to.
struct Acc {
    code: &'static str,
    label: &'static str,
    terms: String,
    amount: Option<i64>,
}

fn acc(code: &'static str, label: &'static str, terms: &str, amount: Option<i64>) -> Acc {
    Acc {
        code,
        label,
        terms: terms.to_string(),
        amount,
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Terms {
    Prepaid,
    ThirdParty,
}

impl Terms {
    fn norm(self) -> &'static str {
        match self {
            Terms::Prepaid => "prepaid",
            Terms::ThirdParty => "third_party",
        }
    }
}

struct Delivery {
    date: NaiveDate,
    time_in: &'static str,
    time_out: &'static str,
    received_by: &'static str,
    osd: Option<&'static str>,
}

struct Load {
    number: &'static str,
    broker: &'static Broker,
    carrier: &'static Carrier,
    customer: &'static Customer,
    shipper: Place,
    consignee: Place,
    pickup_date: NaiveDate,
    pickup_window: &'static str,
    pickup_ref: &'static str,
    delivery_date: NaiveDate,
    delivery_window: &'static str,
    po: &'static str,
    equipment: &'static str,
    commodity: &'static str,
    temp: Option<&'static str>,
    weight: u64,
    pallets: u64,
    cartons: u64,
    miles: u64,
    nmfc: &'static str,
    class: &'static str,
    linehaul: i64,
    fsc: i64,
    accs: Vec<Acc>,
    terms: &'static str,
    rc_date: NaiveDate,
    bol: &'static str,
    pro: &'static str,
    trailer: &'static str,
    seal: &'static str,
    driver: &'static str,
    truck: &'static str,
    shipper_signer: &'static str,
    freight_terms: Terms,
    instructions: &'static str,
    delivered: Option<Delivery>,
}

impl Load {
    fn total(&self) -> i64 {
        self.linehaul + self.fsc
    }
}

struct Line {
    desc: String,
    code: &'static str,
    qty: String,
    rate: String,
    amount: i64,
}

fn line(desc: &str, code: &'static str, qty: &str, rate: &str, amount: i64) -> Line {
    Line {
        desc: desc.to_string(),
        code,
        qty: qty.to_string(),
        rate: rate.to_string(),
        amount,
    }
}

struct Invoice {
    number: &'static str,
    date: NaiveDate,
    load_number: &'static str,
    pro: &'static str,
    bol: &'static str,
    po: &'static str,
    carrier: &'static Carrier,
    bill_to: &'static Broker,
    origin: String,
    dest: String,
    ship_date: NaiveDate,
    delivery_date: NaiveDate,
    equipment: &'static str,
    lines: Vec<Line>,
    terms: &'static str,
    note: &'static str,
}

impl Invoice {
    fn total(&self) -> i64 {
        self.lines.iter().map(|l| l.amount).sum()
    }
}

struct Lumper {
    number: &'static str,
    date: NaiveDate,
    time: &'static str,
    facility: &'static str,
    facility_csz: &'static str,
    door: &'static str,
    amount: i64,
}

/// The loads booked by the three brokerage divisions, in booking order.
fn loads() -> Vec<Load> {
    let acme_dc = place(
        "ACME FOODS DC",
        "2200 Industrial Pkwy",
        "Joliet",
        "IL",
        "60436",
    );
    let acme = place(
        "Acme Foods",
        "2200 Industrial Pkwy",
        "Joliet",
        "IL",
        "60436",
    );
    let bluewater = place(
        "Bluewater Paper Co",
        "1450 Fox River Dr",
        "Green Bay",
        "WI",
        "54302",
    );
    let bluewater_mill = place(
        "BLUEWATER PAPER MILL #2",
        "3100 Mill Rd",
        "De Pere",
        "WI",
        "54115",
    );
    let bluewater_short = place(
        "Bluewater Paper",
        "1450 Fox River Dr",
        "Green Bay",
        "WI",
        "54302",
    );
    let granite = place(
        "Granite Home Goods",
        "455 Commerce Way",
        "Lebanon",
        "TN",
        "37090",
    );
    let ghg = place(
        "GHG Distribution",
        "455 Commerce Way",
        "Lebanon",
        "TN",
        "37090",
    );
    let harvest = place(
        "Harvest Lane Beverage Co",
        "2600 Levee Rd",
        "Kansas City",
        "MO",
        "64120",
    );
    let harvest_bev = place(
        "HARVEST LANE BEV",
        "2600 Levee Rd",
        "Kansas City",
        "MO",
        "64120",
    );
    vec![
        Load {
            number: "4471203",
            broker: &NORTHSTAR,
            carrier: &RED_MESA,
            customer: &ACME,
            shipper: acme_dc,
            consignee: place(
                "Peachtree Grocers DC",
                "1500 Westridge Pkwy",
                "McDonough",
                "GA",
                "30253",
            ),
            pickup_date: day(7, 14),
            pickup_window: "06:00 - 10:00",
            pickup_ref: "ACM-77120",
            delivery_date: day(7, 15),
            delivery_window: "08:00",
            po: "4500098812",
            equipment: "53' Reefer",
            commodity: "Frozen bakery products",
            temp: Some("-10 F continuous"),
            weight: 38_500,
            pallets: 22,
            cartons: 1_100,
            miles: 718,
            nmfc: "150360",
            class: "65",
            linehaul: 210_000,
            fsc: 31_000,
            accs: vec![
                acc("detention", "Detention", "$50.00/hr after 2 hrs free", Some(5_000)),
                acc("lumper", "Lumper", "Reimbursed with receipt", None),
                acc("layover", "Layover", "$250.00 per day", Some(25_000)),
                acc("tonu", "TONU", "$150.00", Some(15_000)),
            ],
            terms: "Net 30",
            rc_date: day(7, 10),
            bol: "70014522",
            pro: "88120455",
            trailer: "RM5318",
            seal: "0448812",
            driver: "Dale Alvarez",
            truck: "214",
            shipper_signer: "Rachel Patel",
            freight_terms: Terms::ThirdParty,
            instructions: "Reefer must be pre-cooled to -10 F and run continuous, not cycle. Driver checks in with the PU# and counts pallets; note any discrepancy on the BOL before leaving. Receiver is a lumper facility: lumper is reimbursed only with the original receipt showing the load number. Report detention to Northstar when it starts, with in and out times on the POD.",
            delivered: Some(Delivery {
                date: day(7, 15),
                time_in: "07:52",
                time_out: "08:40",
                received_by: "Maria Lopez",
                osd: None,
            }),
        },
        Load {
            number: "KB-20931",
            broker: &KEYSTONE,
            carrier: &BLUE_LINE,
            customer: &BLUEWATER,
            shipper: bluewater,
            consignee: place(
                "Tri-State Paper Supply",
                "7700 Industrial Blvd",
                "Allentown",
                "PA",
                "18106",
            ),
            pickup_date: day(7, 15),
            pickup_window: "07:00 - 15:00",
            pickup_ref: "BWP-44102",
            delivery_date: day(7, 17),
            delivery_window: "09:00",
            po: "77810",
            equipment: "53' Dry Van",
            commodity: "Printing paper, cut-size cases",
            temp: None,
            weight: 42_000,
            pallets: 24,
            cartons: 960,
            miles: 906,
            nmfc: "161030",
            class: "55",
            linehaul: 265_000,
            fsc: 38_500,
            accs: vec![
                acc("detention", "Detention", "$45.00/hr after 2 hrs free", Some(4_500)),
                acc("tonu", "TONU", "$200.00", Some(20_000)),
                acc("other", "Driver Assist", "$75.00", Some(7_500)),
            ],
            terms: "Net 30",
            rc_date: day(7, 13),
            bol: "BWP-260715-03",
            pro: "5521847",
            trailer: "53118",
            seal: "BL220914",
            driver: "Andre Collins",
            truck: "5107",
            shipper_signer: "Gary Nowak",
            freight_terms: Terms::ThirdParty,
            instructions: "",
            delivered: Some(Delivery {
                date: day(7, 17),
                time_in: "08:47",
                time_out: "09:25",
                received_by: "Derek Simmons",
                osd: None,
            }),
        },
        Load {
            number: "SFP-88123",
            broker: &SUMMIT,
            carrier: &PRAIRIE_WIND,
            customer: &GRANITE,
            shipper: granite,
            consignee: place(
                "Coastal Home Stores DC",
                "200 Crossroads Pkwy",
                "Pooler",
                "GA",
                "31322",
            ),
            pickup_date: day(7, 16),
            pickup_window: "08:00-14:00",
            pickup_ref: "GHG-55810",
            delivery_date: day(7, 17),
            delivery_window: "APPT 07:00",
            po: "CHS-204417",
            equipment: "53' Dry Van",
            commodity: "Home goods - cookware, boxed",
            temp: None,
            weight: 28_600,
            pallets: 20,
            cartons: 640,
            miles: 452,
            nmfc: "",
            class: "",
            linehaul: 210_000,
            fsc: 26_000,
            accs: vec![
                acc("detention", "DETENTION", "$40.00/HR AFTER 2 HRS", Some(4_000)),
                acc("stop_off", "STOP OFF", "$75.00 PER STOP", Some(7_500)),
            ],
            terms: "Net 45",
            rc_date: day(7, 14),
            bol: "GHG-118734",
            pro: "PW30418",
            trailer: "5307",
            seal: "PW118734",
            driver: "Tyler Haas",
            truck: "31",
            shipper_signer: "Tom Becker",
            freight_terms: Terms::Prepaid,
            instructions: "",
            delivered: Some(Delivery {
                date: day(7, 17),
                time_in: "06:45",
                time_out: "08:10",
                received_by: "Keisha Grant",
                osd: None,
            }),
        },
        Load {
            number: "4471260",
            broker: &NORTHSTAR,
            carrier: &LONE_OAK,
            customer: &HARVEST,
            shipper: harvest,
            consignee: place(
                "Trinity Beverage Distributors",
                "4100 Irving Blvd",
                "Dallas",
                "TX",
                "75247",
            ),
            pickup_date: day(7, 16),
            pickup_window: "05:00 - 09:00",
            pickup_ref: "HL-88231",
            delivery_date: day(7, 17),
            delivery_window: "10:00",
            po: "TBD-661902",
            equipment: "53' Dry Van",
            commodity: "Bottled beverages (non-alcoholic)",
            temp: None,
            weight: 43_200,
            pallets: 20,
            cartons: 1_680,
            miles: 508,
            nmfc: "",
            class: "",
            linehaul: 137_500,
            fsc: 19_500,
            accs: vec![acc("lumper", "Lumper", "Reimbursed with receipt", None)],
            terms: "Net 30",
            rc_date: day(7, 13),
            bol: "HL-553019",
            pro: "LO-7716",
            trailer: "LO53",
            seal: "3390117",
            driver: "Wade Tillman",
            truck: "1",
            shipper_signer: "Jon Alders",
            freight_terms: Terms::Prepaid,
            instructions: "Heavy load: driver must scale out at the shipper and stay legal on axles. Receiver is strict on appointment times; call Northstar before arriving late. Detention is not pre-approved on this load: any detention must be approved by Northstar in writing before the driver leaves the facility.",
            delivered: Some(Delivery {
                date: day(7, 17),
                time_in: "09:50",
                time_out: "15:00",
                received_by: "R. Castillo",
                osd: None,
            }),
        },
        Load {
            number: "KB-20977",
            broker: &KEYSTONE,
            carrier: &RED_MESA,
            customer: &ACME,
            shipper: acme,
            consignee: place(
                "Midway Market Distribution",
                "2800 Rohr Rd",
                "Groveport",
                "OH",
                "43125",
            ),
            pickup_date: day(7, 20),
            pickup_window: "04:00 - 08:00",
            pickup_ref: "ACM-77388",
            delivery_date: day(7, 21),
            delivery_window: "10:30",
            po: "MM-5507713",
            equipment: "53' Reefer",
            commodity: "Refrigerated dairy products",
            temp: Some("34 F continuous"),
            weight: 36_000,
            pallets: 18,
            cartons: 1_440,
            miles: 355,
            nmfc: "",
            class: "",
            linehaul: 145_000,
            fsc: 21_000,
            accs: vec![
                acc("detention", "Detention", "$50.00/hr after 2 hrs free", Some(5_000)),
                acc("lumper", "Lumper", "Reimbursed with receipt", None),
            ],
            terms: "Net 30",
            rc_date: day(7, 16),
            bol: "70014698",
            pro: "88120517",
            trailer: "RM5322",
            seal: "0449031",
            driver: "Dale Alvarez",
            truck: "214",
            shipper_signer: "Rachel Patel",
            freight_terms: Terms::ThirdParty,
            instructions: "",
            delivered: Some(Delivery {
                date: day(7, 21),
                time_in: "10:05",
                time_out: "11:10",
                received_by: "Tuan Nguyen",
                osd: None,
            }),
        },
        Load {
            number: "4471315",
            broker: &NORTHSTAR,
            carrier: &PRAIRIE_WIND,
            customer: &BLUEWATER,
            shipper: bluewater_mill,
            consignee: place(
                "Lakeside Office Supply DC",
                "1100 Busse Rd",
                "Elk Grove Village",
                "IL",
                "60007",
            ),
            pickup_date: day(7, 17),
            pickup_window: "08:00 - 16:00",
            pickup_ref: "BWP-44175",
            delivery_date: day(7, 18),
            delivery_window: "07:00",
            po: "LOS-30912",
            equipment: "53' Dry Van",
            commodity: "Paper towels and tissue, cased",
            temp: None,
            weight: 21_400,
            pallets: 26,
            cartons: 780,
            miles: 212,
            nmfc: "",
            class: "",
            linehaul: 87_500,
            fsc: 12_500,
            accs: vec![
                acc("detention", "Detention", "$40.00/hr after 2 hrs free", Some(4_000)),
                acc("tonu", "TONU", "$150.00", Some(15_000)),
            ],
            terms: "Net 30",
            rc_date: day(7, 15),
            bol: "BWP-260717-01",
            pro: "PW30431",
            trailer: "5311",
            seal: "PW260717",
            driver: "Tyler Haas",
            truck: "31",
            shipper_signer: "Gary Nowak",
            freight_terms: Terms::ThirdParty,
            instructions: "Light, high-cube load: 26 pallets, no double stacking. Driver must have load bars. Receiver opens at 06:00; first come, first served after the 07:00 appointment.",
            delivered: Some(Delivery {
                date: day(7, 18),
                time_in: "06:55",
                time_out: "08:05",
                received_by: "Ann Kowalski",
                osd: None,
            }),
        },
        Load {
            number: "4471342",
            broker: &NORTHSTAR,
            carrier: &BLUE_LINE,
            customer: &GRANITE,
            shipper: ghg,
            consignee: place(
                "HomeWorks Retail DC #14",
                "5400 Pitts School Rd",
                "Concord",
                "NC",
                "28027",
            ),
            pickup_date: day(7, 20),
            pickup_window: "07:00 - 13:00",
            pickup_ref: "GHG-55902",
            delivery_date: day(7, 21),
            delivery_window: "13:00",
            po: "HW14-778120",
            equipment: "53' Dry Van",
            commodity: "Home goods - bath and bedding",
            temp: None,
            weight: 18_900,
            pallets: 24,
            cartons: 520,
            miles: 402,
            nmfc: "",
            class: "",
            linehaul: 128_000,
            fsc: 17_500,
            accs: vec![
                acc("detention", "Detention", "$50.00/hr after 2 hrs free", Some(5_000)),
                acc("tonu", "TONU", "$150.00", Some(15_000)),
            ],
            terms: "Net 30",
            rc_date: day(7, 16),
            bol: "GHG-118802",
            pro: "5521903",
            trailer: "53140",
            seal: "BL221377",
            driver: "Andre Collins",
            truck: "5107",
            shipper_signer: "Tom Becker",
            freight_terms: Terms::Prepaid,
            instructions: "Retail DC: carrier must arrive with a clean, odor-free trailer. Appointment is firm; reschedules go through Northstar only.",
            delivered: None,
        },
        Load {
            number: "SFP-88140",
            broker: &SUMMIT,
            carrier: &LONE_OAK,
            customer: &HARVEST,
            shipper: harvest_bev,
            consignee: place(
                "Green Country Grocers DC",
                "5150 S 129th East Ave",
                "Tulsa",
                "OK",
                "74134",
            ),
            pickup_date: day(7, 20),
            pickup_window: "06:00-12:00",
            pickup_ref: "HL-88304",
            delivery_date: day(7, 21),
            delivery_window: "APPT 09:00",
            po: "GCG-4410672",
            equipment: "53' Dry Van",
            commodity: "Canned sparkling water",
            temp: None,
            weight: 41_000,
            pallets: 22,
            cartons: 1_980,
            miles: 248,
            nmfc: "",
            class: "",
            linehaul: 82_500,
            fsc: 12_000,
            accs: vec![acc(
                "detention",
                "DETENTION",
                "$40.00/HR AFTER 2 HRS",
                Some(4_000),
            )],
            terms: "Net 45",
            rc_date: day(7, 17),
            bol: "HL-553066",
            pro: "LO-7724",
            trailer: "LO53",
            seal: "3390188",
            driver: "Wade Tillman",
            truck: "1",
            shipper_signer: "Jon Alders",
            freight_terms: Terms::Prepaid,
            instructions: "",
            delivered: Some(Delivery {
                date: day(7, 21),
                time_in: "08:40",
                time_out: "10:15",
                received_by: "Sam Whitehorse",
                osd: Some("2 CTNS DAMAGED"),
            }),
        },
        Load {
            number: "KB-21004",
            broker: &KEYSTONE,
            carrier: &PRAIRIE_WIND,
            customer: &BLUEWATER,
            shipper: bluewater_short,
            consignee: place(
                "North Country Paper Supply",
                "1800 Energy Park Dr",
                "St. Paul",
                "MN",
                "55108",
            ),
            pickup_date: day(7, 22),
            pickup_window: "07:00 - 15:00",
            pickup_ref: "BWP-44260",
            delivery_date: day(7, 23),
            delivery_window: "08:00",
            po: "NCP-118206",
            equipment: "53' Dry Van",
            commodity: "Printing paper, cut-size cases",
            temp: None,
            weight: 40_500,
            pallets: 23,
            cartons: 920,
            miles: 268,
            nmfc: "",
            class: "",
            linehaul: 115_000,
            fsc: 16_500,
            accs: vec![
                acc("detention", "Detention", "$45.00/hr after 2 hrs free", Some(4_500)),
                acc("tonu", "TONU", "$200.00", Some(20_000)),
            ],
            terms: "Net 30",
            rc_date: day(7, 20),
            bol: "BWP-260722-02",
            pro: "PW30472",
            trailer: "5307",
            seal: "PW260722",
            driver: "Tyler Haas",
            truck: "31",
            shipper_signer: "Gary Nowak",
            freight_terms: Terms::ThirdParty,
            instructions: "",
            delivered: Some(Delivery {
                date: day(7, 23),
                time_in: "07:40",
                time_out: "08:55",
                received_by: "Lynn Berg",
                osd: None,
            }),
        },
    ]
}

fn find<'a>(loads: &'a [Load], number: &str) -> &'a Load {
    loads
        .iter()
        .find(|l| l.number == number)
        .unwrap_or_else(|| panic!("no load {number}"))
}

fn invoice_for(
    l: &Load,
    carrier: &'static Carrier,
    number: &'static str,
    date: NaiveDate,
    pro: &'static str,
    lines: Vec<Line>,
    terms: &'static str,
    note: &'static str,
) -> Invoice {
    Invoice {
        number,
        date,
        load_number: l.number,
        pro,
        bol: l.bol,
        po: l.po,
        carrier,
        bill_to: l.broker,
        origin: l.shipper.city_st(),
        dest: l.consignee.city_st(),
        ship_date: l.pickup_date,
        delivery_date: l.delivery_date,
        equipment: l.equipment,
        lines,
        terms,
        note,
    }
}

// ---------------------------------------------------------------------------------------------
// Documents: each layout draws pages and records the ground truth from the same values.
// ---------------------------------------------------------------------------------------------

struct Doc {
    kind: &'static str,
    pages: Vec<Page>,
    fields: BTreeMap<&'static str, String>,
    charges: Option<Vec<Value>>,
    accessorials: Option<Vec<Value>>,
    /// The stops as printed (`rate_confirmation`, `bill_of_lading`): see [`stop`].
    stops: Option<Vec<Value>>,
}

impl Doc {
    fn new(kind: &'static str) -> Self {
        Doc {
            kind,
            pages: Vec::new(),
            fields: BTreeMap::new(),
            charges: None,
            accessorials: None,
            stops: None,
        }
    }

    fn set(&mut self, key: &'static str, value: impl Into<String>) {
        self.fields.insert(key, value.into().trim().to_string());
    }
}

/// One stop as the expected file lists it: what the layout prints of it. `name` as printed (a
/// layout may print it in capitals); `time` the printed window or appointment in 24-hour
/// `HH:MM` or `HH:MM-HH:MM` (without `Appt`); `reference` only when the layout prints exactly
/// one reference for the stop.
fn stop(
    ty: &str,
    p: &Place,
    name: &str,
    date: Option<NaiveDate>,
    time: Option<&str>,
    reference: Option<&str>,
) -> Value {
    let mut v = json!({
        "type": ty, "name": name, "address": p.street, "city": p.city, "state": p.state,
        "zip": p.zip,
    });
    if let Some(d) = date {
        v["date"] = json!(iso(d));
    }
    if let Some(t) = time {
        let t = t.trim();
        let t = if t.to_ascii_lowercase().starts_with("appt ") {
            &t[5..]
        } else {
            t
        };
        v["time"] = json!(t.replace(' ', ""));
    }
    if let Some(r) = reference {
        v["reference"] = json!(r);
    }
    v
}

/// A rate confirmation's two stops: the pickup with its window and `pickup_ref` (None where the
/// layout prints two references), the delivery with its appointment and the PO; names in
/// capitals where the layout prints them so.
fn rc_stops(l: &Load, pickup_ref: Option<&str>, capitals: bool) -> Vec<Value> {
    let name = |n: &str| {
        if capitals {
            n.to_uppercase()
        } else {
            n.to_string()
        }
    };
    vec![
        stop(
            "pickup",
            &l.shipper,
            &name(l.shipper.name),
            Some(l.pickup_date),
            Some(l.pickup_window),
            pickup_ref,
        ),
        stop(
            "delivery",
            &l.consignee,
            &name(l.consignee.name),
            Some(l.delivery_date),
            Some(l.delivery_window),
            Some(l.po),
        ),
    ]
}

const NAVY: Rgb = (0.09, 0.20, 0.38);
const TEAL: Rgb = (0.0, 0.36, 0.40);
const SLATE: Rgb = (0.20, 0.27, 0.36);

fn rc_fields(d: &mut Doc, l: &Load, commodity: &str, with_dot: bool) {
    d.set("load_number", l.number);
    d.set("broker_name", l.broker.name);
    d.set("carrier_name", l.carrier.name);
    d.set("carrier_mc", l.carrier.mc);
    if with_dot {
        d.set("carrier_dot", l.carrier.dot);
    }
    d.set("equipment", l.equipment);
    d.set("pickup_date", iso(l.pickup_date));
    d.set("pickup_city", l.shipper.city);
    d.set("pickup_state", l.shipper.state);
    d.set("delivery_date", iso(l.delivery_date));
    d.set("delivery_city", l.consignee.city);
    d.set("delivery_state", l.consignee.state);
    d.set("commodity", commodity);
    d.set("weight_lb", l.weight.to_string());
    d.set("linehaul_usd", norm_money(l.linehaul));
    d.set("fuel_surcharge_usd", norm_money(l.fsc));
    d.set("total_usd", norm_money(l.total()));
    d.set("payment_terms", l.terms);
    d.accessorials = Some(
        l.accs
            .iter()
            .map(|a| {
                let mut v = json!({"code": a.code, "description": a.label});
                if let Some(amount) = a.amount {
                    v["amount_usd"] = json!(norm_money(amount));
                }
                v
            })
            .collect(),
    );
}

fn rate_con(l: &Load) -> Doc {
    match l.broker.style {
        BrokerStyle::Northstar => rc_northstar(l),
        BrokerStyle::Keystone => rc_keystone(l),
        BrokerStyle::Summit => rc_summit(l),
    }
}

fn northstar_terms(l: &Load) -> Vec<String> {
    let qp = "2%";
    vec![
        "AGREEMENT. This Rate Confirmation is issued under, and made part of, the Broker-Carrier Agreement between Northstar Logistics (\"Broker\") and the motor carrier named on page 1 (\"Carrier\"). If the two conflict, the Broker-Carrier Agreement controls, except that the rate and the accessorials listed on page 1 control for this load.".to_string(),
        "NO RE-BROKERING. Carrier shall haul this load on its own equipment, under its own operating authority, with its own drivers. Carrier shall not re-broker, assign, co-broker or interline this load. A re-brokered load is paid to no party other than the carrier named on this confirmation, and Broker may report the practice to FMCSA.".to_string(),
        "RATE AND ACCESSORIALS. The rate on page 1 is the full compensation for this load. No accessorial charge will be paid unless it is listed on page 1 or approved by Broker in writing before the charge is incurred. Detention begins only after the free time listed, runs from the appointment time or arrival, whichever is later, and requires in and out times on the signed BOL or POD. Layover and truck-ordered-not-used (TONU) are paid only as listed.".to_string(),
        "LUMPER. Lumper fees are reimbursed only against the original lumper receipt showing the facility, the date, the load number and the amount. A lumper charge invoiced without its receipt will be short-paid.".to_string(),
        format!("PAPERWORK AND INVOICING. Carrier shall send its invoice with a legible, signed BOL or POD to {SHARED_INBOX} within ten (10) days of delivery, quoting Load # {}. Invoices received without a POD are not processed until the POD is received.", l.number),
        format!("PAYMENT. Payment terms are {} from receipt of a complete invoice package. QuickPay is available for a fee of {qp} of the total carrier pay. Payment is made only to the carrier named above, or to the factoring company named in a Notice of Assignment on file with Broker.", l.terms),
        "CARGO CLAIMS. Carrier is liable for loss of, damage to, or delay of the cargo as provided in 49 U.S.C. \u{a7} 14706. Any overage, shortage or damage must be noted on the delivery receipt and reported to Broker before the driver leaves the receiver. Broker may offset proven claims against amounts owed to Carrier.".to_string(),
        "INSURANCE. Carrier shall maintain auto liability insurance of at least $1,000,000 per occurrence, cargo insurance of at least $100,000 per load, and workers' compensation as required by law, with Broker named as certificate holder.".to_string(),
        "TEMPERATURE-CONTROLLED FREIGHT. For reefer loads Carrier shall pre-cool the trailer, run the unit continuously at the set point shown, and provide a temperature download on request. Carrier is responsible for product loss caused by a temperature deviation.".to_string(),
        "TRACKING AND CHECK CALLS. Carrier agrees to location tracking through Broker's tracking link or the driver's ELD from dispatch until delivery, and shall notify Broker at once of any delay, breakdown or accident.".to_string(),
        "CONFIDENTIALITY. Carrier shall not disclose the rate on this confirmation and shall not solicit freight directly from Broker's customer for twelve (12) months after this load.".to_string(),
    ]
}

/// Northstar Logistics' TMS layout: two pages, `Load #`, dates `07/14/2026`.
fn rc_northstar(l: &Load) -> Doc {
    let b = l.broker;
    let c = l.carrier;
    let df = DateFmt::Mdy4;
    let mut d = Doc::new("rate_confirmation");
    rc_fields(&mut d, l, l.commodity, true);
    // The pickup prints two references (PU# and PO#), the delivery one.
    d.stops = Some(rc_stops(l, None, false));

    let mut p = Page::default();
    // Letterhead.
    p.star(56.0, 50.0, 19.0, NAVY);
    p.tj(
        F::B,
        20.0,
        82.0,
        52.0,
        &[("Northstar", 0), (" Logistics", -20)],
        NAVY,
    );
    p.text(F::R, 8.0, 82.0, 64.0, &format!("{}, {}", b.street, b.csz()));
    p.text(
        F::R,
        8.0,
        82.0,
        74.0,
        &format!("{}  |  {SHARED_INBOX}  |  Broker MC 901227", b.phone),
    );
    p.right(F::B, 15.0, 576.0, 44.0, "RATE CONFIRMATION");
    p.right(
        F::R,
        8.0,
        576.0,
        56.0,
        "Carrier Load Confirmation and Rate Agreement",
    );
    p.right(F::B, 12.0, 576.0, 73.0, &format!("Load #: {}", l.number));
    p.fill(36.0, 82.0, 540.0, 2.5, NAVY);
    p.text(
        F::R,
        8.0,
        36.0,
        96.0,
        &format!(
            "Dispatched by {}, {}  |  {}  |  {}",
            b.rep, b.rep_title, b.rep_phone, b.rep_email
        ),
    );
    p.right(
        F::B,
        8.5,
        576.0,
        96.0,
        &format!("Date: {}", df.f(l.rc_date)),
    );

    // Carrier | paperwork boxes.
    p.titled_box(36.0, 104.0, 266.0, 86.0, "CARRIER", NAVY, WHITE);
    p.text(F::B, 9.5, 42.0, 129.0, c.name);
    p.lines(
        F::R,
        8.5,
        42.0,
        140.5,
        10.5,
        &[
            c.street,
            &c.csz(),
            &format!("MC {}     USDOT {}", c.mc, c.dot),
            &format!("Dispatch: {}  {}", c.dispatcher, c.phone),
            c.dispatch_email,
        ],
    );
    p.titled_box(
        310.0,
        104.0,
        266.0,
        86.0,
        "PAPERWORK AND BILLING",
        NAVY,
        WHITE,
    );
    p.lines(
        F::R,
        8.5,
        316.0,
        129.0,
        10.5,
        &[
            "Email signed rate con, BOL, POD and invoice to:",
            SHARED_INBOX,
            "Mail invoices to: Northstar Logistics, Carrier Payables",
            b.street,
            &b.csz(),
            "Quote the Load # on every document.",
        ],
    );

    // Shipment details grid.
    let temp = l.temp.unwrap_or("N/A");
    let cells = [
        ("EQUIPMENT", l.equipment.to_string()),
        ("COMMODITY", l.commodity.to_string()),
        ("WEIGHT", format!("{} lbs", commas(l.weight))),
        ("HANDLING UNITS", format!("{} Pallets", l.pallets)),
        ("TEMPERATURE", temp.to_string()),
        ("HAZMAT", "No".to_string()),
        ("MILES", commas(l.miles)),
        ("MODE", "Truckload (FTL)".to_string()),
    ];
    let (gx, gy, cw, ch) = (36.0, 200.0, 135.0, 25.0);
    for (i, (label, value)) in cells.iter().enumerate() {
        let x = gx + cw * (i % 4) as f32;
        let y = gy + ch * (i / 4) as f32;
        p.rect(x, y, cw, ch, 0.6);
        p.text_c(F::B, 6.5, x + 4.0, y + 8.5, label, GRAY);
        p.text(F::R, 8.5, x + 4.0, y + 20.0, value);
    }

    // Stops.
    p.text_c(F::B, 9.5, 36.0, 270.0, "STOPS", NAVY);
    let stops = Tbl {
        x: 36.0,
        cols: &[
            (18.0, Al::C),
            (54.0, Al::L),
            (186.0, Al::L),
            (64.0, Al::C),
            (92.0, Al::C),
            (126.0, Al::L),
        ],
        font: F::R,
        size: 8.5,
        lead: 10.5,
        head_fill: LIGHT,
        head_color: BLACK,
        head_size: 7.5,
    };
    let rows = vec![
        vec![
            "1".to_string(),
            "**PICKUP".to_string(),
            format!(
                "{}\n{}\n{}",
                l.shipper.name,
                l.shipper.street,
                l.shipper.csz()
            ),
            df.f(l.pickup_date),
            format!("{}\nFCFS", l.pickup_window),
            format!("PU# {}\nPO# {}", l.pickup_ref, l.po),
        ],
        vec![
            "2".to_string(),
            "**DELIVERY".to_string(),
            format!(
                "{}\n{}\n{}",
                l.consignee.name,
                l.consignee.street,
                l.consignee.csz()
            ),
            df.f(l.delivery_date),
            format!("Appt {}", l.delivery_window),
            format!("PO# {}", l.po),
        ],
    ];
    let y = p.table(
        &stops,
        276.0,
        &[
            "#",
            "TYPE",
            "FACILITY / ADDRESS",
            "DATE",
            "TIME",
            "REFERENCE",
        ],
        &rows,
    );

    // Rate and accessorials side by side.
    let ty = y + 20.0;
    p.text_c(F::B, 9.5, 36.0, ty, "RATE", NAVY);
    p.text_c(F::B, 9.5, 352.0, ty, "AGREED ACCESSORIALS", NAVY);
    let rate = Tbl {
        x: 36.0,
        cols: &[(136.0, Al::L), (38.0, Al::C), (64.0, Al::R), (68.0, Al::R)],
        font: F::R,
        size: 8.5,
        lead: 11.0,
        head_fill: LIGHT,
        head_color: BLACK,
        head_size: 7.5,
    };
    let rows = vec![
        vec![
            "Line Haul".to_string(),
            "1".to_string(),
            money(l.linehaul),
            money(l.linehaul),
        ],
        vec![
            "Fuel Surcharge".to_string(),
            "1".to_string(),
            money(l.fsc),
            money(l.fsc),
        ],
        vec![
            "**Total Carrier Pay".to_string(),
            String::new(),
            String::new(),
            format!("**{}", money(l.total())),
        ],
    ];
    let y1 = p.table(
        &rate,
        ty + 6.0,
        &["DESCRIPTION", "UNITS", "RATE", "AMOUNT"],
        &rows,
    );
    let accs = Tbl {
        x: 352.0,
        cols: &[(72.0, Al::L), (152.0, Al::L)],
        font: F::R,
        size: 8.5,
        lead: 11.0,
        head_fill: LIGHT,
        head_color: BLACK,
        head_size: 7.5,
    };
    let rows: Vec<Vec<String>> = l
        .accs
        .iter()
        .map(|a| vec![a.label.to_string(), a.terms.clone()])
        .collect();
    let y2 = p.table(&accs, ty + 6.0, &["ACCESSORIAL", "TERMS"], &rows);

    let y = y1.max(y2) + 18.0;
    p.kv(9.0, 36.0, y, "Payment Terms:", l.terms);
    p.text(
        F::R,
        8.0,
        36.0,
        y + 12.0,
        "QuickPay available: 2% fee, paid within 2 business days of a complete invoice with a clean, signed POD.",
    );

    let iy = y + 26.0;
    let text = if l.instructions.is_empty() {
        "Driver must check in with the PU# and count the freight. Tracking link must be accepted before pickup."
    } else {
        l.instructions
    };
    let lines = wrap_lines(F::R, 8.0, 526.0, text);
    let h = 20.0 + lines.len() as f32 * 10.0;
    p.titled_box(36.0, iy, 540.0, h, "SPECIAL INSTRUCTIONS", NAVY, WHITE);
    p.para(F::R, 8.0, 42.0, iy + 24.0, 526.0, 10.0, text);

    p.center(
        F::B,
        8.5,
        306.0,
        738.0,
        "Carrier must sign page 2 and return both pages before dispatch.",
    );
    p.hline(36.0, 576.0, 752.0, 0.6);
    p.text(
        F::R,
        7.5,
        36.0,
        762.0,
        &format!(
            "Northstar Logistics  |  Rate Confirmation  |  Load # {}",
            l.number
        ),
    );
    p.right(F::R, 7.5, 576.0, 762.0, "Page 1 of 2");
    d.pages.push(p);

    // Page 2: terms and signatures.
    let mut p = Page::default();
    p.star(46.0, 42.0, 10.0, NAVY);
    p.text_c(F::B, 11.0, 62.0, 46.0, "Northstar Logistics", NAVY);
    p.right(
        F::R,
        8.5,
        576.0,
        46.0,
        &format!("Rate Confirmation  -  Load # {}  -  continued", l.number),
    );
    p.hline(36.0, 576.0, 54.0, 1.0);
    p.text(F::B, 11.0, 36.0, 74.0, "TERMS AND CONDITIONS");
    let mut y = 92.0;
    for (i, t) in northstar_terms(l).iter().enumerate() {
        let num = format!("{}.", i + 1);
        p.text(F::B, 7.8, 36.0, y, &num);
        y = p.para(F::R, 7.8, 50.0, y, 526.0, 9.6, t) + 4.0;
    }

    let sy = y.max(560.0) + 10.0;
    p.titled_box(
        36.0,
        sy,
        266.0,
        132.0,
        "ACCEPTED AND AGREED - CARRIER",
        NAVY,
        WHITE,
    );
    p.kv(8.5, 42.0, sy + 28.0, "Carrier:", c.name);
    p.kv(8.5, 42.0, sy + 40.0, "MC:", c.mc);
    p.text(F::B, 8.5, 42.0, sy + 60.0, "Signature:");
    p.text(
        F::M,
        12.0,
        92.0,
        sy + 60.0,
        &format!("/s/ {}", c.dispatcher),
    );
    p.hline(90.0, 290.0, sy + 64.0, 0.5);
    p.kv(8.5, 42.0, sy + 80.0, "Printed Name:", c.dispatcher);
    p.kv(8.5, 42.0, sy + 94.0, "Title:", "Dispatcher");
    p.kv(8.5, 42.0, sy + 108.0, "Date:", &df.f(l.rc_date));
    p.titled_box(310.0, sy, 266.0, 132.0, "NORTHSTAR LOGISTICS", NAVY, WHITE);
    p.text(F::B, 8.5, 316.0, sy + 60.0, "Authorized:");
    p.text(F::M, 12.0, 370.0, sy + 60.0, &format!("/s/ {}", b.rep));
    p.hline(368.0, 566.0, sy + 64.0, 0.5);
    p.kv(8.5, 316.0, sy + 80.0, "Printed Name:", b.rep);
    p.kv(8.5, 316.0, sy + 94.0, "Title:", b.rep_title);
    p.kv(8.5, 316.0, sy + 108.0, "Date:", &df.f(l.rc_date));
    p.text(
        F::R,
        7.0,
        36.0,
        sy + 148.0,
        "By signing, Carrier accepts this load at the rate and on the terms above. An electronic signature has the same effect as a handwritten one.",
    );
    p.hline(36.0, 576.0, 752.0, 0.6);
    p.text(
        F::R,
        7.5,
        36.0,
        762.0,
        &format!(
            "Northstar Logistics  |  Rate Confirmation  |  Load # {}",
            l.number
        ),
    );
    p.right(F::R, 7.5, 576.0, 762.0, "Page 2 of 2");
    d.pages.push(p);
    d
}

/// Keystone Brokerage's layout: one page, `Load No.`, dates `Jul 14, 2026`.
fn rc_keystone(l: &Load) -> Doc {
    let b = l.broker;
    let c = l.carrier;
    let df = DateFmt::Mon;
    let mut d = Doc::new("rate_confirmation");
    rc_fields(&mut d, l, l.commodity, true);
    d.stops = Some(rc_stops(l, Some(l.pickup_ref), false));
    let mut p = Page::default();

    p.poly(
        &[(36.0, 30.0), (70.0, 30.0), (63.0, 66.0), (43.0, 66.0)],
        TEAL,
    );
    p.poly(
        &[(48.0, 38.0), (58.0, 38.0), (56.0, 58.0), (50.0, 58.0)],
        WHITE,
    );
    p.text_c(F::B, 19.0, 78.0, 48.0, b.name, TEAL);
    p.text(F::R, 8.0, 78.0, 59.0, "a division of Northstar Logistics");
    p.text(
        F::R,
        8.0,
        78.0,
        69.0,
        &format!("{}, {}  |  {}", b.street, b.csz(), b.phone),
    );
    p.rect_c(420.0, 28.0, 156.0, 46.0, 1.2, TEAL);
    p.text(F::B, 8.0, 428.0, 40.0, "Load No.");
    p.text(F::B, 15.0, 428.0, 57.0, l.number);
    p.text(
        F::R,
        7.5,
        428.0,
        69.0,
        &format!("Confirmation Date: {}", df.f(l.rc_date)),
    );

    p.fill(36.0, 82.0, 540.0, 20.0, LIGHT);
    p.center(
        F::B,
        12.0,
        306.0,
        96.0,
        "LOAD CONFIRMATION AND RATE AGREEMENT",
    );

    // Broker | Carrier.
    let kv_rows = |p: &mut Page, x: f32, y: f32, rows: &[(&str, &str)]| {
        let mut y = y;
        for (k, v) in rows {
            p.text(F::B, 8.0, x, y, k);
            p.text(F::R, 8.5, x + 62.0, y, v);
            y += 11.0;
        }
    };
    p.titled_box(36.0, 110.0, 266.0, 84.0, "BROKER", TEAL, WHITE);
    kv_rows(
        &mut p,
        42.0,
        134.0,
        &[
            ("Company:", b.name),
            ("Contact:", b.rep),
            ("Phone:", b.rep_phone),
            ("Email:", b.rep_email),
            ("Docs to:", SHARED_INBOX),
        ],
    );
    p.titled_box(310.0, 110.0, 266.0, 84.0, "CARRIER", TEAL, WHITE);
    kv_rows(
        &mut p,
        316.0,
        134.0,
        &[
            ("Carrier:", c.name),
            ("MC#:", c.mc),
            ("DOT#:", c.dot),
            ("Contact:", c.dispatcher),
            ("Email:", c.dispatch_email),
        ],
    );

    // Shipper | Consignee.
    p.titled_box(36.0, 204.0, 266.0, 104.0, "SHIPPER / PICKUP", TEAL, WHITE);
    p.text(F::B, 9.0, 42.0, 228.0, l.shipper.name);
    p.lines(
        F::R,
        8.5,
        42.0,
        239.0,
        10.5,
        &[l.shipper.street, &l.shipper.csz()],
    );
    kv_rows(
        &mut p,
        42.0,
        266.0,
        &[
            ("Date:", &df.f(l.pickup_date)),
            ("Hours:", &format!("{} (FCFS)", l.pickup_window)),
            ("Pickup #:", l.pickup_ref),
        ],
    );
    p.titled_box(
        310.0,
        204.0,
        266.0,
        104.0,
        "CONSIGNEE / DELIVERY",
        TEAL,
        WHITE,
    );
    p.text(F::B, 9.0, 316.0, 228.0, l.consignee.name);
    p.lines(
        F::R,
        8.5,
        316.0,
        239.0,
        10.5,
        &[l.consignee.street, &l.consignee.csz()],
    );
    kv_rows(
        &mut p,
        316.0,
        266.0,
        &[
            ("Date:", &df.f(l.delivery_date)),
            ("Appt:", l.delivery_window),
            ("PO #:", l.po),
        ],
    );

    // Load details.
    p.text_c(F::B, 9.0, 36.0, 326.0, "LOAD DETAILS", TEAL);
    let det = Tbl {
        x: 36.0,
        cols: &[
            (86.0, Al::L),
            (170.0, Al::L),
            (76.0, Al::R),
            (60.0, Al::C),
            (64.0, Al::L),
            (48.0, Al::C),
            (36.0, Al::C),
        ],
        font: F::R,
        size: 8.5,
        lead: 11.0,
        head_fill: LIGHT,
        head_color: BLACK,
        head_size: 7.0,
    };
    let y = p.table(
        &det,
        332.0,
        &[
            "EQUIPMENT",
            "COMMODITY",
            "WEIGHT",
            "PALLETS",
            "TEMP",
            "MILES",
            "HAZ",
        ],
        &[vec![
            l.equipment.to_string(),
            l.commodity.to_string(),
            format!("{} lb", commas(l.weight)),
            l.pallets.to_string(),
            l.temp
                .map(|t| t.replace(" continuous", ""))
                .unwrap_or("-".into()),
            commas(l.miles),
            "N".to_string(),
        ]],
    );

    // Rate | Accessorials.
    let ry = y + 14.0;
    let rh = 98.0;
    p.titled_box(36.0, ry, 266.0, rh, "CARRIER RATE (USD)", TEAL, WHITE);
    let mut yy = ry + 30.0;
    for (k, v) in [("Linehaul", l.linehaul), ("Fuel Surcharge", l.fsc)] {
        p.text(F::R, 9.0, 42.0, yy, k);
        p.right(F::R, 9.0, 294.0, yy, &money(v));
        yy += 13.0;
    }
    p.hline(42.0, 294.0, yy - 8.0, 0.6);
    p.text(F::B, 9.5, 42.0, yy + 2.0, "Total Carrier Pay");
    p.right(F::B, 9.5, 294.0, yy + 2.0, &money(l.total()));
    p.kv(8.0, 42.0, yy + 20.0, "Terms:", l.terms);
    p.text(
        F::R,
        7.5,
        42.0,
        yy + 31.0,
        "QuickPay: 3% fee, paid within 48 hours of clean POD.",
    );
    p.titled_box(
        310.0,
        ry,
        266.0,
        rh,
        "ACCESSORIALS (PRE-APPROVED ONLY)",
        TEAL,
        WHITE,
    );
    let mut yy = ry + 30.0;
    for a in &l.accs {
        p.text(F::B, 8.5, 316.0, yy, &format!("{}:", a.label));
        p.text(F::R, 8.5, 390.0, yy, &a.terms);
        yy += 13.0;
    }
    p.text(
        F::R,
        7.0,
        316.0,
        ry + rh - 8.0,
        "Anything not listed must be approved in writing.",
    );

    // Terms.
    let ty = ry + rh + 18.0;
    p.text(F::B, 8.0, 36.0, ty, "CARRIER TERMS");
    let terms = [
        "1. This confirmation is governed by the Broker-Carrier Agreement on file between Keystone Brokerage, a division of Northstar Logistics, and Carrier. Carrier may not re-broker, co-broker or subcontract this load; doing so voids payment.".to_string(),
        "2. Rates are all-inclusive. Accessorials are paid only as listed above or as approved in writing by a Keystone representative before they are incurred. Detention requires in/out times on the POD and notice to Keystone within one hour of the free time ending. Lumper requires the original receipt.".to_string(),
        format!("3. Carrier shall email its invoice, the signed BOL/POD and any receipts to {SHARED_INBOX}, quoting Load No. {}, within seven (7) days of delivery. Invoices without a POD will be held.", l.number),
        format!("4. Payment terms: {} from receipt of complete paperwork, to the carrier named above or its factor of record. Claims for overage, shortage or damage must be noted on the delivery receipt. Carrier is liable for cargo under 49 U.S.C. \u{a7} 14706.", l.terms),
        "5. Carrier certifies it holds active operating authority, a satisfactory or unrated safety rating, and the insurance required by the Broker-Carrier Agreement.".to_string(),
    ];
    let mut y = ty + 11.0;
    for t in &terms {
        y = p.para(F::R, 7.2, 36.0, y, 540.0, 8.8, t) + 2.0;
    }

    let sy = y + 16.0;
    p.rect_c(36.0, sy, 540.0, 44.0, 0.8, TEAL);
    p.text(F::B, 8.0, 42.0, sy + 13.0, "CARRIER ACCEPTANCE");
    p.text(F::B, 8.5, 42.0, sy + 32.0, "Signature:");
    p.text(
        F::M,
        11.0,
        92.0,
        sy + 32.0,
        &format!("/s/ {}", c.dispatcher),
    );
    p.hline(90.0, 250.0, sy + 35.0, 0.5);
    p.kv(8.5, 262.0, sy + 32.0, "Print Name:", c.dispatcher);
    p.kv(8.5, 440.0, sy + 32.0, "Date:", &df.f(l.rc_date));

    p.hline(36.0, 576.0, 752.0, 0.6);
    p.text(
        F::R,
        7.0,
        36.0,
        762.0,
        &format!(
            "Keystone Brokerage  |  {}  |  Load No. {}",
            SHARED_INBOX, l.number
        ),
    );
    p.right(F::R, 7.0, 576.0, 762.0, "Page 1 of 1");
    d.pages.push(p);
    d
}

/// Summit Freight Partners' TMS print-out: one page, Courier body, `Order #`, dates `7/14/26`,
/// upper-case facility names and commodity, MC only (no DOT).
fn rc_summit(l: &Load) -> Doc {
    let b = l.broker;
    let c = l.carrier;
    let df = DateFmt::Mdy2;
    let commodity = l.commodity.to_uppercase();
    let mut d = Doc::new("rate_confirmation");
    rc_fields(&mut d, l, &commodity, false);
    d.stops = Some(rc_stops(l, Some(l.pickup_ref), true));
    let mut p = Page::default();

    p.poly(&[(36.0, 64.0), (54.0, 30.0), (72.0, 64.0)], SLATE);
    p.poly(
        &[(56.0, 64.0), (68.0, 42.0), (82.0, 64.0)],
        (0.45, 0.52, 0.60),
    );
    p.poly(&[(50.0, 38.0), (54.0, 30.0), (58.0, 38.0)], WHITE);
    p.text_c(F::B, 18.0, 90.0, 47.0, b.name, SLATE);
    p.text(
        F::R,
        8.0,
        90.0,
        59.0,
        &format!("{}, {}  -  {}", b.street, b.csz(), b.phone),
    );
    p.right(F::B, 13.0, 576.0, 44.0, "RATE CONFIRMATION");
    p.right(F::M, 9.0, 576.0, 57.0, "CARRIER LOAD TENDER");
    p.hline(36.0, 576.0, 68.0, 1.5);

    let m = 8.6;
    p.rect(36.0, 76.0, 540.0, 40.0, 0.8);
    p.text(F::M, 10.0, 42.0, 90.0, &format!("ORDER #: {}", l.number));
    p.text(F::M, m, 250.0, 90.0, &format!("DATE: {}", df.f(l.rc_date)));
    p.text(
        F::M,
        m,
        400.0,
        90.0,
        &format!("REP: {}", b.rep.to_uppercase()),
    );
    p.text(
        F::M,
        m,
        42.0,
        106.0,
        &format!("PHONE: {}   EMAIL: {}", b.rep_phone, b.rep_email),
    );

    p.rect(36.0, 124.0, 540.0, 50.0, 0.8);
    p.text(F::M, m, 42.0, 137.0, &format!("CARRIER: {}", c.name));
    p.text(F::M, m, 400.0, 137.0, &format!("MC: {}", c.mc));
    p.text(
        F::M,
        m,
        42.0,
        150.0,
        &format!("ADDRESS: {}, {}", c.street, c.csz()),
    );
    p.text(
        F::M,
        m,
        42.0,
        163.0,
        &format!(
            "DISPATCH: {}  {}  {}",
            c.dispatcher.to_uppercase(),
            c.phone,
            c.dispatch_email
        ),
    );

    let st = Tbl {
        x: 36.0,
        cols: &[
            (56.0, Al::L),
            (214.0, Al::L),
            (66.0, Al::L),
            (84.0, Al::L),
            (120.0, Al::L),
        ],
        font: F::M,
        size: 8.0,
        lead: 10.0,
        head_fill: SLATE,
        head_color: WHITE,
        head_size: 7.5,
    };
    let rows = vec![
        vec![
            "PICK 1".to_string(),
            format!(
                "{}\n{}\n{}",
                l.shipper.name.to_uppercase(),
                l.shipper.street,
                l.shipper.csz()
            ),
            df.f(l.pickup_date),
            l.pickup_window.to_string(),
            format!("PU#: {}", l.pickup_ref),
        ],
        vec![
            "DROP 1".to_string(),
            format!(
                "{}\n{}\n{}",
                l.consignee.name.to_uppercase(),
                l.consignee.street,
                l.consignee.csz()
            ),
            df.f(l.delivery_date),
            l.delivery_window.to_string(),
            format!("PO#: {}", l.po),
        ],
    ];
    let y = p.table(
        &st,
        184.0,
        &["STOP", "LOCATION", "DATE", "TIME", "REFERENCE"],
        &rows,
    );

    let y = y + 10.0;
    p.rect(36.0, y, 540.0, 30.0, 0.8);
    p.text(
        F::M,
        m,
        42.0,
        y + 12.0,
        &format!("EQUIPMENT: {}   COMMODITY: {}", l.equipment, commodity),
    );
    p.text(
        F::M,
        m,
        42.0,
        y + 24.0,
        &format!(
            "WEIGHT: {} LBS   PALLETS: {}   PIECES: {}   HAZMAT: N   MILES: {}",
            l.weight, l.pallets, l.cartons, l.miles
        ),
    );

    let y = y + 42.0;
    let rt = Tbl {
        x: 36.0,
        cols: &[(170.0, Al::L), (96.0, Al::R)],
        font: F::M,
        size: 8.5,
        lead: 11.0,
        head_fill: SLATE,
        head_color: WHITE,
        head_size: 7.5,
    };
    let y1 = p.table(
        &rt,
        y,
        &["CHARGE", "AMOUNT"],
        &[
            vec!["LINEHAUL".to_string(), money(l.linehaul)],
            vec!["FUEL SURCHARGE".to_string(), money(l.fsc)],
            vec!["TOTAL DUE CARRIER".to_string(), money(l.total())],
        ],
    );
    let at = Tbl {
        x: 310.0,
        cols: &[(96.0, Al::L), (170.0, Al::L)],
        font: F::M,
        size: 8.5,
        lead: 11.0,
        head_fill: SLATE,
        head_color: WHITE,
        head_size: 7.5,
    };
    let rows: Vec<Vec<String>> = l
        .accs
        .iter()
        .map(|a| vec![a.label.to_string(), a.terms.clone()])
        .collect();
    let y2 = p.table(&at, y, &["ACCESSORIAL", "RATE"], &rows);
    let y = y1.max(y2) + 16.0;
    p.text(F::M, 9.0, 42.0, y, &format!("PAYMENT TERMS: {}", l.terms));
    p.text(
        F::M,
        7.5,
        42.0,
        y + 12.0,
        "QUICK PAY 2.5% - 3 BUSINESS DAYS AFTER RECEIPT OF INVOICE + SIGNED POD",
    );

    let y = y + 32.0;
    p.text(F::B, 8.0, 36.0, y, "CONDITIONS OF CARRIAGE");
    let conditions = [
        "THIS RATE CONFIRMATION IS SUBJECT TO THE BROKER-CARRIER AGREEMENT ON FILE. CARRIER SHALL NOT RE-BROKER, ASSIGN OR INTERLINE THIS SHIPMENT. ACCESSORIALS NOT SHOWN ABOVE ARE NOT PAYABLE UNLESS APPROVED IN WRITING BY SUMMIT FREIGHT PARTNERS BEFORE THEY ARE INCURRED.",
        "DETENTION IS PAID ONLY WITH IN/OUT TIMES ON THE SIGNED POD. LUMPER IS REIMBURSED ONLY WITH A RECEIPT. OS&D MUST BE NOTED ON THE POD AND REPORTED BEFORE THE DRIVER LEAVES THE RECEIVER. CARRIER IS LIABLE FOR CARGO LOSS OR DAMAGE UNDER 49 USC 14706.",
        "SEND INVOICE, SIGNED BOL/POD AND RECEIPTS TO OPS@NORTHSTARLOGISTICS.EXAMPLE QUOTING THE ORDER #. SUMMIT FREIGHT PARTNERS IS A DIVISION OF NORTHSTAR LOGISTICS.",
    ];
    let mut yy = y + 12.0;
    for t in conditions {
        yy = p.para(F::M, 7.0, 36.0, yy, 540.0, 8.6, t) + 3.0;
    }

    let sy = yy + 14.0;
    p.rect(36.0, sy, 540.0, 40.0, 0.8);
    p.text(F::M, 8.5, 42.0, sy + 14.0, "CARRIER SIGNATURE:");
    p.text(
        F::M,
        11.0,
        150.0,
        sy + 14.0,
        &format!("/s/ {}", c.dispatcher),
    );
    p.hline(148.0, 330.0, sy + 17.0, 0.5);
    p.text(
        F::M,
        8.5,
        350.0,
        sy + 14.0,
        &format!("DATE: {}", df.f(l.rc_date)),
    );
    p.text(
        F::M,
        8.5,
        42.0,
        sy + 31.0,
        &format!(
            "PRINTED NAME: {}   TITLE: DISPATCH",
            c.dispatcher.to_uppercase()
        ),
    );

    p.text(
        F::M,
        7.0,
        36.0,
        764.0,
        &format!("SFP TMS  ORDER {}  PRINTED FOR CARRIER COPY", l.number),
    );
    p.right(F::M, 7.0, 576.0, 764.0, "PAGE 1 OF 1");
    d.pages.push(p);
    d
}

fn black_bar(p: &mut Page, x: f32, y: f32, w: f32, title: &str) {
    p.fill(x, y, w, 13.0, BLACK);
    p.text_c(F::B, 7.5, x + 5.0, y + 9.5, title, WHITE);
}

/// VICS-style straight bill of lading printed by the shipper. With `pod`, the same form comes
/// back signed by the consignee and stamped DELIVERED: a proof of delivery.
fn bol_vics(l: &Load, pod: bool) -> Doc {
    let df = DateFmt::Mdy4;
    let c = l.carrier;
    let mut d = Doc::new(if pod {
        "proof_of_delivery"
    } else {
        "bill_of_lading"
    });
    let mut p = Page::default();

    p.kv(9.0, 36.0, 40.0, "Date:", &df.f(l.pickup_date));
    p.center(F::B, 16.0, 306.0, 42.0, "BILL OF LADING");
    p.center(
        F::R,
        7.5,
        306.0,
        54.0,
        "STRAIGHT BILL OF LADING - SHORT FORM - ORIGINAL - NOT NEGOTIABLE",
    );
    if pod {
        let red = (0.75, 0.08, 0.08);
        p.rect_c(462.0, 22.0, 114.0, 26.0, 1.6, red);
        p.text_c(F::B, 12.0, 480.0, 37.0, "DELIVERED", red);
        p.text_c(F::B, 6.5, 484.0, 45.0, "PROOF OF DELIVERY COPY", red);
    } else {
        p.right(F::R, 8.0, 576.0, 40.0, "Page 1 of 1");
    }

    // Left column.
    let (lx, lw) = (36.0, 270.0);
    black_bar(&mut p, lx, 62.0, lw, "SHIP FROM");
    p.rect(lx, 62.0, lw, 70.0, 0.8);
    p.kv(8.5, lx + 5.0, 86.0, "Name:", l.shipper.name);
    p.kv(8.5, lx + 5.0, 97.0, "Address:", l.shipper.street);
    p.kv(8.5, lx + 5.0, 108.0, "City/State/Zip:", &l.shipper.csz());
    p.kv(8.5, lx + 5.0, 119.0, "SID#:", l.pickup_ref);
    p.check(lx + 215.0, 119.0, 8.0, false, "FOB");

    black_bar(&mut p, lx, 132.0, lw, "SHIP TO");
    p.rect(lx, 132.0, lw, 70.0, 0.8);
    p.kv(8.5, lx + 5.0, 156.0, "Name:", l.consignee.name);
    p.kv(8.5, lx + 5.0, 167.0, "Address:", l.consignee.street);
    p.kv(8.5, lx + 5.0, 178.0, "City/State/Zip:", &l.consignee.csz());
    p.kv(8.5, lx + 5.0, 189.0, "CID#:", "");
    p.kv(8.5, lx + 110.0, 189.0, "Location #:", "RECV");
    p.check(lx + 215.0, 189.0, 8.0, false, "FOB");

    black_bar(&mut p, lx, 202.0, lw, "THIRD PARTY FREIGHT CHARGES BILL TO");
    p.rect(lx, 202.0, lw, 58.0, 0.8);
    let b = l.broker;
    p.kv(8.5, lx + 5.0, 226.0, "Name:", b.name);
    p.kv(8.5, lx + 5.0, 237.0, "Address:", b.street);
    p.kv(8.5, lx + 5.0, 248.0, "City/State/Zip:", &b.csz());

    black_bar(&mut p, lx, 260.0, lw, "SPECIAL INSTRUCTIONS");
    p.rect(lx, 260.0, lw, 54.0, 0.8);
    let special = match l.temp {
        Some(t) => format!(
            "Reefer set point {t}. Driver to count pallets at the dock. Deliver appointment only."
        ),
        None => {
            "No double stacking. Driver to count pallets at the dock. Deliver appointment only."
                .to_string()
        }
    };
    p.para(F::R, 8.0, lx + 5.0, 284.0, lw - 10.0, 9.5, &special);

    // Right column.
    let (rx, rw) = (306.0, 270.0);
    p.rect(rx, 62.0, rw, 70.0, 0.8);
    p.text(F::B, 8.5, rx + 5.0, 76.0, "Bill of Lading Number:");
    p.text(F::B, 12.0, rx + 112.0, 77.0, l.bol);
    p.barcode(rx + 30.0, 86.0, 210.0, 30.0, l.bol);
    p.center(F::M, 7.0, rx + rw / 2.0, 126.0, l.bol);

    p.rect(rx, 132.0, rw, 70.0, 0.8);
    p.kv(8.5, rx + 5.0, 146.0, "CARRIER NAME:", c.name);
    p.kv(8.5, rx + 5.0, 157.0, "Trailer number:", l.trailer);
    p.kv(8.5, rx + 140.0, 157.0, "Seal number(s):", l.seal);
    p.kv(8.5, rx + 5.0, 168.0, "SCAC:", c.scac);
    p.kv(8.5, rx + 5.0, 179.0, "Pro number:", l.pro);
    p.kv(8.5, rx + 5.0, 193.0, "Load #:", l.number);

    p.rect(rx, 202.0, rw, 58.0, 0.8);
    p.text(F::B, 8.0, rx + 5.0, 214.0, "Freight Charge Terms:");
    p.text(
        F::R,
        6.5,
        rx + 100.0,
        214.0,
        "(freight charges are prepaid unless marked otherwise)",
    );
    let mut x = rx + 8.0;
    x = p.check(x, 230.0, 8.5, l.freight_terms == Terms::Prepaid, "Prepaid");
    x = p.check(x, 230.0, 8.5, false, "Collect");
    p.check(
        x,
        230.0,
        8.5,
        l.freight_terms == Terms::ThirdParty,
        "3rd Party",
    );
    p.check(
        rx + 8.0,
        250.0,
        7.5,
        false,
        "Master Bill of Lading: with attached underlying Bills of Lading",
    );

    p.rect(rx, 260.0, rw, 54.0, 0.8);
    p.text(F::B, 8.0, rx + 5.0, 274.0, "Arranged by (broker):");
    p.text(
        F::R,
        8.0,
        rx + 5.0,
        285.0,
        &format!("{}  {}", b.name, b.phone),
    );
    p.text(
        F::R,
        8.0,
        rx + 5.0,
        296.0,
        &format!("Paperwork: {SHARED_INBOX}"),
    );
    p.text(
        F::R,
        8.0,
        rx + 5.0,
        307.0,
        &format!("Broker Load Ref: {}", l.number),
    );

    // Customer order information.
    black_bar(&mut p, 36.0, 322.0, 540.0, "CUSTOMER ORDER INFORMATION");
    let co = Tbl {
        x: 36.0,
        cols: &[
            (170.0, Al::L),
            (60.0, Al::R),
            (80.0, Al::R),
            (80.0, Al::C),
            (150.0, Al::L),
        ],
        font: F::R,
        size: 8.0,
        lead: 10.5,
        head_fill: LIGHT,
        head_color: BLACK,
        head_size: 6.5,
    };
    let y = p.table(
        &co,
        335.0,
        &[
            "CUSTOMER ORDER NUMBER",
            "# PKGS",
            "WEIGHT",
            "PALLET/SLIP (Y/N)",
            "ADDITIONAL SHIPPER INFO",
        ],
        &[
            vec![
                l.po.to_string(),
                commas(l.cartons),
                commas(l.weight),
                "Y".to_string(),
                format!("PU# {}", l.pickup_ref),
            ],
            vec![
                "**GRAND TOTAL".to_string(),
                format!("**{}", commas(l.cartons)),
                format!("**{}", commas(l.weight)),
                String::new(),
                String::new(),
            ],
        ],
    );

    // Carrier information.
    let y = y + 8.0;
    black_bar(&mut p, 36.0, y, 540.0, "CARRIER INFORMATION");
    let ci = Tbl {
        x: 36.0,
        cols: &[
            (44.0, Al::C),
            (34.0, Al::C),
            (46.0, Al::C),
            (34.0, Al::C),
            (56.0, Al::R),
            (30.0, Al::C),
            (170.0, Al::L),
            (70.0, Al::C),
            (56.0, Al::C),
        ],
        font: F::R,
        size: 8.0,
        lead: 10.5,
        head_fill: LIGHT,
        head_color: BLACK,
        head_size: 6.0,
    };
    let y = p.table(
        &ci,
        y + 13.0,
        &[
            "HU QTY",
            "TYPE",
            "PKG QTY",
            "TYPE",
            "WEIGHT",
            "H.M. (X)",
            "COMMODITY DESCRIPTION",
            "LTL NMFC #",
            "LTL CLASS",
        ],
        &[
            vec![
                l.pallets.to_string(),
                "PLT".to_string(),
                commas(l.cartons),
                "CTN".to_string(),
                commas(l.weight),
                String::new(),
                l.commodity.to_string(),
                l.nmfc.to_string(),
                l.class.to_string(),
            ],
            vec![
                format!("**{}", l.pallets),
                String::new(),
                format!("**{}", commas(l.cartons)),
                String::new(),
                format!("**{}", commas(l.weight)),
                String::new(),
                "**GRAND TOTAL".to_string(),
                String::new(),
                String::new(),
            ],
        ],
    );

    let legal = [
        "Where the rate is dependent on value, shippers are required to state specifically in writing the agreed or declared value of the property as follows: \"The agreed or declared value of the property is specifically stated by the shipper to be not exceeding ________ per ________.\"",
        "NOTE: Liability limitation for loss or damage in this shipment may be applicable. See 49 U.S.C. \u{a7} 14706(c)(1)(A) and (B).",
        "RECEIVED, subject to individually determined rates or contracts that have been agreed upon in writing between the carrier and shipper, if applicable, otherwise to the rates, classifications and rules that have been established by the carrier and are available to the shipper, on request, and to all applicable state and federal regulations.",
    ];
    let mut ly = y + 12.0;
    for t in legal {
        ly = p.para(F::R, 6.8, 36.0, ly, 540.0, 8.2, t) + 2.0;
    }

    // Signatures.
    let sy = ly + 6.0;
    let sh = 92.0;
    p.rect(36.0, sy, 200.0, sh, 0.8);
    p.text(F::B, 7.5, 41.0, sy + 11.0, "SHIPPER SIGNATURE / DATE");
    p.para(
        F::R,
        6.0,
        41.0,
        sy + 21.0,
        190.0,
        7.0,
        "This is to certify that the above named materials are properly classified, packaged, marked and labeled, and are in proper condition for transportation according to the applicable regulations of the DOT.",
    );
    p.text(
        F::M,
        11.0,
        41.0,
        sy + 66.0,
        &format!("/s/ {}", l.shipper_signer),
    );
    p.hline(41.0, 230.0, sy + 70.0, 0.5);
    p.text(F::R, 8.0, 41.0, sy + 82.0, &df.f(l.pickup_date));

    p.rect(236.0, sy, 140.0, sh, 0.8);
    p.text(F::B, 7.5, 241.0, sy + 11.0, "Trailer Loaded:");
    p.check(244.0, sy + 23.0, 7.5, true, "By Shipper");
    p.check(244.0, sy + 34.0, 7.5, false, "By Driver");
    p.text(F::B, 7.5, 241.0, sy + 49.0, "Freight Counted:");
    p.check(244.0, sy + 61.0, 7.5, false, "By Shipper");
    p.check(
        244.0,
        sy + 72.0,
        7.5,
        true,
        "By Driver/pallets said to contain",
    );
    p.check(244.0, sy + 83.0, 7.5, false, "By Driver/Pieces");

    p.rect(376.0, sy, 200.0, sh, 0.8);
    p.text(
        F::B,
        7.5,
        381.0,
        sy + 11.0,
        "CARRIER SIGNATURE / PICKUP DATE",
    );
    p.para(
        F::R,
        6.0,
        381.0,
        sy + 21.0,
        190.0,
        7.0,
        "Carrier acknowledges receipt of packages and required placards. Carrier certifies emergency response information was made available and/or carrier has the DOT emergency response guidebook or equivalent documentation in the vehicle.",
    );
    p.text(F::M, 11.0, 381.0, sy + 66.0, &format!("/s/ {}", l.driver));
    p.hline(381.0, 570.0, sy + 70.0, 0.5);
    p.text(F::R, 8.0, 381.0, sy + 82.0, &df.f(l.pickup_date));

    if pod {
        let dl = l.delivered.as_ref().expect("delivered load");
        let cy = sy + sh + 8.0;
        black_bar(
            &mut p,
            36.0,
            cy,
            540.0,
            "CONSIGNEE RECEIPT - RECEIVED IN GOOD ORDER EXCEPT AS NOTED",
        );
        p.rect(36.0, cy, 540.0, 74.0, 0.8);
        p.kv(8.5, 42.0, cy + 28.0, "Received by (print):", dl.received_by);
        p.text(F::B, 8.5, 42.0, cy + 48.0, "Signature:");
        p.text(
            F::M,
            12.0,
            92.0,
            cy + 48.0,
            &format!("/s/ {}", dl.received_by),
        );
        p.hline(90.0, 290.0, cy + 51.0, 0.5);
        p.kv(8.5, 42.0, cy + 66.0, "Delivery Date:", &df.f(dl.date));
        p.kv(8.5, 180.0, cy + 66.0, "Time:", dl.time_out);
        p.text(F::B, 7.5, 316.0, cy + 24.0, "OS&D / Exceptions:");
        p.rect(316.0, cy + 28.0, 254.0, 40.0, 0.6);
        if let Some(osd) = dl.osd {
            p.text(F::B, 10.0, 322.0, cy + 44.0, osd);
            d.set("osd_notes", osd);
        }
        d.set("bol_number", l.bol);
        d.set("pro_number", l.pro);
        d.set("load_number", l.number);
        d.set("delivery_date", iso(dl.date));
        d.set("received_by", dl.received_by);
        d.set("signed", "true");
    } else {
        bol_fields(&mut d, l);
        // The SID# and CID# of the VICS form identify the parties, not the stops' references.
        d.stops = Some(vec![
            stop("pickup", &l.shipper, l.shipper.name, None, None, None),
            stop("delivery", &l.consignee, l.consignee.name, None, None, None),
        ]);
    }
    p.text(
        F::R,
        6.5,
        36.0,
        770.0,
        "Form based on the VICS Bill of Lading. Shipper copy / Carrier copy / Consignee copy.",
    );
    d.pages.push(p);
    d
}

fn bol_fields(d: &mut Doc, l: &Load) {
    d.set("bol_number", l.bol);
    d.set("load_number", l.number);
    d.set("pro_number", l.pro);
    d.set("ship_date", iso(l.pickup_date));
    d.set("shipper_name", l.shipper.name);
    d.set("shipper_city", l.shipper.city);
    d.set("shipper_state", l.shipper.state);
    d.set("consignee_name", l.consignee.name);
    d.set("consignee_city", l.consignee.city);
    d.set("consignee_state", l.consignee.state);
    d.set("carrier_name", l.carrier.name);
    d.set("scac", l.carrier.scac);
    d.set("po_number", l.po);
    d.set("handling_units", l.pallets.to_string());
    d.set("weight_lb", l.weight.to_string());
    d.set("freight_terms", l.freight_terms.norm());
    d.set("hazmat", "false");
}

/// Granite Home Goods' own short-form BOL: dates `Jul 16, 2026`, `BOL#`.
fn bol_simple(l: &Load) -> Doc {
    let df = DateFmt::Mon;
    let c = l.carrier;
    let mut d = Doc::new("bill_of_lading");
    bol_fields(&mut d, l);
    d.stops = Some(vec![
        stop("pickup", &l.shipper, l.shipper.name, None, None, None),
        stop("delivery", &l.consignee, l.consignee.name, None, None, None),
    ]);
    let mut p = Page::default();
    let stone = (0.38, 0.40, 0.43);
    p.fill(36.0, 28.0, 38.0, 38.0, stone);
    p.text_c(F::B, 11.0, 41.0, 52.0, "GHG", WHITE);
    p.text(F::B, 16.0, 82.0, 46.0, "Granite Home Goods");
    p.text(
        F::R,
        8.0,
        82.0,
        58.0,
        "455 Commerce Way, Lebanon, TN 37090  |  Shipping Office (615) 555-0177",
    );
    p.right(F::B, 16.0, 576.0, 44.0, "BILL OF LADING");
    p.right(F::R, 8.0, 576.0, 56.0, "Straight - Not Negotiable");
    p.hline(36.0, 576.0, 68.0, 1.2);

    p.rect(36.0, 76.0, 330.0, 68.0, 0.8);
    p.kv(9.0, 42.0, 90.0, "Carrier:", c.name);
    p.kv(9.0, 42.0, 103.0, "SCAC:", c.scac);
    p.kv(9.0, 180.0, 103.0, "Driver:", l.driver);
    p.kv(9.0, 42.0, 116.0, "Trailer #:", l.trailer);
    p.kv(9.0, 180.0, 116.0, "Seal #:", l.seal);
    p.kv(9.0, 42.0, 129.0, "Tractor #:", l.truck);
    p.text(
        F::R,
        7.5,
        42.0,
        140.0,
        &format!("Arranged by {}", l.broker.name),
    );

    p.rect(374.0, 76.0, 202.0, 68.0, 1.2);
    p.kv(10.0, 380.0, 90.0, "BOL#:", l.bol);
    p.kv(8.5, 380.0, 103.0, "Ship Date:", &df.f(l.pickup_date));
    p.kv(8.5, 380.0, 114.5, "Load #:", l.number);
    p.kv(8.5, 380.0, 126.0, "PO #:", l.po);
    p.kv(8.5, 380.0, 137.5, "PRO #:", l.pro);

    for (x, title, pl, extra) in [
        (
            36.0,
            "SHIPPER",
            &l.shipper,
            format!("Contact: {}  (615) 555-0177", l.shipper_signer),
        ),
        (
            310.0,
            "CONSIGNEE",
            &l.consignee,
            "Receiving hours: by appointment".to_string(),
        ),
    ] {
        p.titled_box(x, 154.0, 266.0, 66.0, title, stone, WHITE);
        p.text(F::B, 9.0, x + 6.0, 178.0, pl.name);
        p.lines(
            F::R,
            8.5,
            x + 6.0,
            189.0,
            10.5,
            &[pl.street, &pl.csz(), &extra],
        );
    }

    let it = Tbl {
        x: 36.0,
        cols: &[
            (40.0, Al::C),
            (40.0, Al::C),
            (50.0, Al::C),
            (230.0, Al::L),
            (80.0, Al::R),
            (50.0, Al::C),
            (50.0, Al::C),
        ],
        font: F::R,
        size: 8.5,
        lead: 11.0,
        head_fill: stone,
        head_color: WHITE,
        head_size: 7.0,
    };
    let y = p.table(
        &it,
        232.0,
        &[
            "QTY",
            "TYPE",
            "PIECES",
            "DESCRIPTION",
            "WEIGHT (LBS)",
            "HAZMAT",
            "CLASS",
        ],
        &[
            vec![
                l.pallets.to_string(),
                "PLT".to_string(),
                commas(l.cartons),
                l.commodity.to_string(),
                commas(l.weight),
                "NO".to_string(),
                "-".to_string(),
            ],
            vec![
                format!("**{}", l.pallets),
                String::new(),
                format!("**{}", commas(l.cartons)),
                "**TOTAL".to_string(),
                format!("**{}", commas(l.weight)),
                String::new(),
                String::new(),
            ],
        ],
    );

    let y = y + 20.0;
    p.text(F::B, 9.0, 36.0, y, "Freight Charges:");
    let mut x = 124.0;
    x = p.check(x, y, 9.0, l.freight_terms == Terms::Prepaid, "Prepaid");
    x = p.check(x, y, 9.0, false, "Collect");
    p.check(
        x,
        y,
        9.0,
        l.freight_terms == Terms::ThirdParty,
        "Third Party",
    );
    p.text(F::B, 9.0, 340.0, y, "Hazardous Materials:");
    let x = p.check(440.0, y, 9.0, false, "Yes");
    p.check(x, y, 9.0, true, "No");

    let y = p.para(
        F::R,
        7.0,
        36.0,
        y + 20.0,
        540.0,
        8.6,
        "RECEIVED, subject to the classifications and lawfully filed tariffs in effect on the date of issue of this Bill of Lading, the property described above in apparent good order, except as noted (contents and condition of contents of packages unknown), marked, consigned and destined as indicated above, which said carrier agrees to carry to its usual place of delivery at said destination. Shipper's load and count unless otherwise noted.",
    );

    let sy = y + 14.0;
    for (i, (title, who)) in [
        ("SHIPPER SIGNATURE", l.shipper_signer),
        ("DRIVER SIGNATURE", l.driver),
    ]
    .iter()
    .enumerate()
    {
        let x = 36.0 + i as f32 * 274.0;
        p.rect(x, sy, 266.0, 52.0, 0.8);
        p.text(F::B, 7.5, x + 6.0, sy + 11.0, title);
        p.text(F::M, 11.0, x + 6.0, sy + 32.0, &format!("/s/ {who}"));
        p.hline(x + 6.0, x + 180.0, sy + 35.0, 0.5);
        p.kv(8.0, x + 6.0, sy + 46.0, "Date:", &df.f(l.pickup_date));
    }
    let cy = sy + 62.0;
    p.rect(36.0, cy, 540.0, 52.0, 0.8);
    p.text(
        F::B,
        7.5,
        42.0,
        cy + 11.0,
        "CONSIGNEE - RECEIVED IN GOOD ORDER EXCEPT AS NOTED",
    );
    p.text(
        F::R,
        8.0,
        42.0,
        cy + 32.0,
        "Signature: ______________________________",
    );
    p.text(
        F::R,
        8.0,
        290.0,
        cy + 32.0,
        "Date: ____________   Time: ________",
    );
    p.text(
        F::R,
        8.0,
        42.0,
        cy + 46.0,
        "Printed name: ___________________________",
    );

    p.text(
        F::R,
        7.0,
        36.0,
        764.0,
        "Granite Home Goods  -  Shipping copy. Questions about this shipment: transportation@granitehomegoods.example",
    );
    d.pages.push(p);
    d
}

fn carrier_logo(p: &mut Page, c: &Carrier) {
    match c.style {
        CarrierStyle::RedMesa => {
            p.poly(
                &[(36.0, 66.0), (44.0, 38.0), (72.0, 38.0), (80.0, 66.0)],
                c.color,
            );
            p.fill(36.0, 62.0, 44.0, 4.0, (0.85, 0.55, 0.25));
        }
        CarrierStyle::BlueLine => {
            for i in 0..3 {
                let y = 34.0 + i as f32 * 11.0;
                p.poly(
                    &[(40.0, y + 7.0), (48.0, y), (80.0, y), (72.0, y + 7.0)],
                    c.color,
                );
            }
        }
        CarrierStyle::PrairieWind => {
            p.fill(36.0, 30.0, 38.0, 38.0, c.color);
            p.text_c(F::B, 15.0, 42.0, 55.0, "PW", WHITE);
        }
        CarrierStyle::LoneOak => {
            p.poly(
                &[
                    (56.0, 30.0),
                    (76.0, 52.0),
                    (62.0, 52.0),
                    (62.0, 66.0),
                    (50.0, 66.0),
                    (50.0, 52.0),
                    (36.0, 52.0),
                ],
                c.color,
            );
        }
    }
}

fn carrier_letterhead(p: &mut Page, c: &Carrier, x: f32) {
    carrier_logo(p, c);
    p.text_c(F::B, 16.0, x, 47.0, c.name, c.color);
    p.text(F::R, 8.0, x, 59.0, &format!("{}, {}", c.street, c.csz()));
    p.text(
        F::R,
        8.0,
        x,
        69.0,
        &format!("{}  |  {}", c.phone, c.dispatch_email),
    );
}

/// The carrier's own delivery receipt, signed by the receiver.
fn pod_receipt(l: &Load) -> Doc {
    let c = l.carrier;
    let df = c.date_fmt;
    let dl = l.delivered.as_ref().expect("delivered load");
    let mut d = Doc::new("proof_of_delivery");
    d.set("bol_number", l.bol);
    d.set("pro_number", l.pro);
    d.set("load_number", l.number);
    d.set("delivery_date", iso(dl.date));
    d.set("received_by", dl.received_by);
    d.set("signed", "true");
    if let Some(osd) = dl.osd {
        d.set("osd_notes", osd);
    }
    let mut p = Page::default();
    carrier_letterhead(&mut p, c, 88.0);
    p.text(
        F::R,
        8.0,
        88.0,
        79.0,
        &format!("MC {}  |  USDOT {}  |  SCAC {}", c.mc, c.dot, c.scac),
    );
    p.right(F::B, 16.0, 576.0, 44.0, "DELIVERY RECEIPT");
    p.right(F::R, 8.0, 576.0, 56.0, "Proof of Delivery - Consignee Copy");
    p.right(F::B, 12.0, 576.0, 74.0, &format!("PRO #: {}", l.pro));
    p.hline(36.0, 576.0, 86.0, 1.2);

    let rt = Tbl {
        x: 36.0,
        cols: &[
            (110.0, Al::C),
            (100.0, Al::C),
            (110.0, Al::C),
            (70.0, Al::C),
            (80.0, Al::C),
            (70.0, Al::C),
        ],
        font: F::R,
        size: 9.0,
        lead: 11.5,
        head_fill: LIGHT,
        head_color: BLACK,
        head_size: 7.0,
    };
    let y = p.table(
        &rt,
        96.0,
        &["BOL #", "LOAD #", "PO #", "TRAILER", "SEAL", "TRUCK"],
        &[vec![
            l.bol.to_string(),
            l.number.to_string(),
            l.po.to_string(),
            l.trailer.to_string(),
            l.seal.to_string(),
            l.truck.to_string(),
        ]],
    );
    let by = y + 10.0;
    for (x, title, pl) in [
        (36.0, "SHIPPER", &l.shipper),
        (310.0, "CONSIGNEE", &l.consignee),
    ] {
        p.titled_box(x, by, 266.0, 58.0, title, c.color, WHITE);
        p.text(F::B, 9.0, x + 6.0, by + 26.0, pl.name);
        p.lines(F::R, 8.5, x + 6.0, by + 37.0, 10.5, &[pl.street, &pl.csz()]);
    }
    let ft = Tbl {
        x: 36.0,
        cols: &[(60.0, Al::C), (50.0, Al::C), (320.0, Al::L), (110.0, Al::R)],
        font: F::R,
        size: 9.0,
        lead: 11.5,
        head_fill: LIGHT,
        head_color: BLACK,
        head_size: 7.0,
    };
    let y = p.table(
        &ft,
        by + 68.0,
        &["PIECES", "TYPE", "DESCRIPTION", "WEIGHT"],
        &[vec![
            l.pallets.to_string(),
            "PLT".to_string(),
            format!("{} ({} CTNS)", l.commodity, l.cartons),
            format!("{} lbs", commas(l.weight)),
        ]],
    );

    let dy = y + 12.0;
    p.titled_box(36.0, dy, 540.0, 40.0, "DELIVERY", c.color, WHITE);
    p.kv(9.0, 42.0, dy + 30.0, "Delivery Date:", &df.f(dl.date));
    p.kv(9.0, 200.0, dy + 30.0, "Time In:", dl.time_in);
    p.kv(9.0, 300.0, dy + 30.0, "Time Out:", dl.time_out);
    p.kv(9.0, 410.0, dy + 30.0, "Driver:", l.driver);

    let oy = dy + 50.0;
    p.titled_box(
        36.0,
        oy,
        540.0,
        52.0,
        "OS&D NOTES / EXCEPTIONS",
        c.color,
        WHITE,
    );
    if let Some(osd) = dl.osd {
        p.text(F::B, 12.0, 46.0, oy + 34.0, osd);
    }
    let ey = oy + 66.0;
    p.text(F::B, 8.0, 36.0, ey, "Exception type:");
    let damaged = dl.osd.is_some();
    let mut x = 110.0;
    x = p.check(x, ey, 8.0, !damaged, "None");
    x = p.check(x, ey, 8.0, false, "Overage");
    x = p.check(x, ey, 8.0, false, "Shortage");
    p.check(x, ey, 8.0, damaged, "Damage");

    let sy = p.para(
        F::R,
        7.5,
        36.0,
        ey + 18.0,
        540.0,
        9.0,
        "Received the freight described above in apparent good order and condition, except as noted. The consignee's signature confirms delivery of the number of pieces shown; it does not waive a claim for concealed damage reported in writing within five (5) days of delivery.",
    );
    let ry = sy + 8.0;
    p.titled_box(
        36.0,
        ry,
        540.0,
        84.0,
        "RECEIVED BY (CONSIGNEE)",
        c.color,
        WHITE,
    );
    p.kv(
        9.0,
        42.0,
        ry + 30.0,
        "Receiver Printed Name:",
        dl.received_by,
    );
    p.kv(9.0, 330.0, ry + 30.0, "Company:", l.consignee.name);
    p.text(F::B, 9.0, 42.0, ry + 56.0, "Receiver Signature:");
    p.text(
        F::M,
        13.0,
        140.0,
        ry + 56.0,
        &format!("/s/ {}", dl.received_by),
    );
    p.hline(138.0, 360.0, ry + 59.0, 0.5);
    p.text(
        F::R,
        7.0,
        42.0,
        ry + 75.0,
        "Signed electronically on the driver's device at the receiver's dock.",
    );
    let dy2 = ry + 100.0;
    p.text(F::B, 9.0, 36.0, dy2, "Driver Signature:");
    p.text(F::M, 11.0, 120.0, dy2, &format!("/s/ {}", l.driver));
    p.hline(118.0, 320.0, dy2 + 3.0, 0.5);
    p.text(
        F::R,
        7.0,
        36.0,
        764.0,
        &format!(
            "{}  -  Send claims and questions to {}",
            c.name, c.dispatch_email
        ),
    );
    d.pages.push(p);
    d
}

fn invoice_fields(d: &mut Doc, inv: &Invoice) {
    let c = inv.carrier;
    d.set("invoice_number", inv.number);
    d.set("invoice_date", iso(inv.date));
    d.set("load_number", inv.load_number);
    d.set("pro_number", inv.pro);
    d.set("bol_number", inv.bol);
    d.set("carrier_name", c.name);
    d.set("carrier_mc", c.mc);
    d.set("total_usd", norm_money(inv.total()));
    d.set("remit_to_name", c.remit_name);
    d.set("remit_to_address", c.remit_address());
    d.set("payment_terms", inv.terms);
    d.charges = Some(
        inv.lines
            .iter()
            .map(|l| {
                json!({"description": l.desc, "code": l.code, "amount_usd": norm_money(l.amount)})
            })
            .collect(),
    );
}

fn invoice(inv: &Invoice) -> Doc {
    match inv.carrier.style {
        CarrierStyle::RedMesa => invoice_red_mesa(inv),
        CarrierStyle::BlueLine => invoice_blue_line(inv),
        CarrierStyle::PrairieWind => invoice_prairie_wind(inv),
        CarrierStyle::LoneOak => invoice_lone_oak(inv),
    }
}

fn bill_to_lines(b: &Broker) -> Vec<String> {
    vec![
        "Attn: Carrier Payables".to_string(),
        b.street.to_string(),
        b.csz(),
        STAFF_AP.to_string(),
    ]
}

/// Red Mesa Trucking: `Invoice #`, `Load #`, `Total Due`, dates `07/16/2026`.
fn invoice_red_mesa(inv: &Invoice) -> Doc {
    let c = inv.carrier;
    let df = c.date_fmt;
    let mut d = Doc::new("carrier_invoice");
    invoice_fields(&mut d, inv);
    let mut p = Page::default();
    carrier_logo(&mut p, c);
    p.text_c(F::B, 18.0, 88.0, 50.0, c.name, c.color);
    p.text(F::R, 8.0, 88.0, 61.0, &format!("{}, {}", c.street, c.csz()));
    p.text(
        F::R,
        8.0,
        88.0,
        71.0,
        &format!("{}  |  {}", c.phone, c.billing_email),
    );
    p.text(
        F::B,
        8.0,
        88.0,
        81.0,
        &format!("MC {}  |  USDOT {}", c.mc, c.dot),
    );
    p.text_c(F::B, 26.0, 456.0, 58.0, "INVOICE", c.color);

    let meta = Tbl {
        x: 376.0,
        cols: &[(80.0, Al::L), (120.0, Al::R)],
        font: F::R,
        size: 9.0,
        lead: 11.0,
        head_fill: LIGHT,
        head_color: BLACK,
        head_size: 7.0,
    };
    let rows: Vec<Vec<String>> = [
        ("Invoice #", inv.number.to_string()),
        ("Invoice Date", df.f(inv.date)),
        ("Load #", inv.load_number.to_string()),
        ("PRO #", inv.pro.to_string()),
        ("BOL #", inv.bol.to_string()),
        ("Terms", inv.terms.to_string()),
    ]
    .into_iter()
    .map(|(k, v)| vec![format!("**{k}"), v])
    .collect();
    let my = p.table(&meta, 92.0, &[], &rows);

    p.titled_box(36.0, 92.0, 300.0, my - 92.0, "BILL TO", c.color, WHITE);
    p.text(F::B, 9.5, 42.0, 118.0, inv.bill_to.name);
    let bl = bill_to_lines(inv.bill_to);
    let refs: Vec<&str> = bl.iter().map(String::as_str).collect();
    p.lines(F::R, 8.5, 42.0, 130.0, 10.5, &refs);

    let st = Tbl {
        x: 36.0,
        cols: &[
            (130.0, Al::L),
            (130.0, Al::L),
            (90.0, Al::C),
            (90.0, Al::C),
            (100.0, Al::C),
        ],
        font: F::R,
        size: 9.0,
        lead: 11.0,
        head_fill: LIGHT,
        head_color: BLACK,
        head_size: 7.0,
    };
    let y = p.table(
        &st,
        my + 14.0,
        &[
            "ORIGIN",
            "DESTINATION",
            "SHIP DATE",
            "DELIVERY DATE",
            "EQUIPMENT",
        ],
        &[vec![
            inv.origin.clone(),
            inv.dest.clone(),
            df.f(inv.ship_date),
            df.f(inv.delivery_date),
            inv.equipment.to_string(),
        ]],
    );
    let it = Tbl {
        x: 36.0,
        cols: &[
            (270.0, Al::L),
            (50.0, Al::C),
            (100.0, Al::R),
            (120.0, Al::R),
        ],
        font: F::R,
        size: 9.5,
        lead: 12.0,
        head_fill: c.color,
        head_color: WHITE,
        head_size: 7.5,
    };
    let rows: Vec<Vec<String>> = inv
        .lines
        .iter()
        .map(|l| {
            vec![
                l.desc.clone(),
                l.qty.clone(),
                l.rate.clone(),
                money(l.amount),
            ]
        })
        .collect();
    let y = p.table(
        &it,
        y + 14.0,
        &["DESCRIPTION", "QTY", "RATE", "AMOUNT"],
        &rows,
    );

    let ty = y + 10.0;
    p.text(F::R, 9.5, 400.0, ty + 12.0, "Subtotal");
    p.right(F::R, 9.5, 572.0, ty + 12.0, &money(inv.total()));
    p.fill(396.0, ty + 20.0, 180.0, 22.0, LIGHT);
    p.rect(396.0, ty + 20.0, 180.0, 22.0, 0.8);
    p.text(F::B, 11.0, 402.0, ty + 35.0, "Total Due");
    p.right(F::B, 11.0, 572.0, ty + 35.0, &money(inv.total()));

    p.titled_box(36.0, ty, 300.0, 70.0, "REMIT TO", c.color, WHITE);
    p.text(F::B, 9.5, 42.0, ty + 26.0, c.remit_name);
    p.lines(
        F::R,
        9.0,
        42.0,
        ty + 38.0,
        11.0,
        &[
            c.remit_street,
            c.remit_csz,
            "ACH: Rio Grande Community Bank, acct ending 0932",
        ],
    );
    let ny = ty + 92.0;
    if !inv.note.is_empty() {
        p.kv(8.5, 36.0, ny, "Notes:", inv.note);
    }
    p.para(
        F::R,
        8.0,
        36.0,
        ny + 18.0,
        540.0,
        10.0,
        &format!("Payment terms: {}. Please reference the invoice number with your payment. Balances past due are subject to a finance charge of 1.5% per month.", inv.terms),
    );
    p.center(F::B, 9.0, 306.0, 740.0, "Thank you for your business!");
    p.hline(36.0, 576.0, 750.0, 0.6);
    p.center(
        F::R,
        7.5,
        306.0,
        762.0,
        &format!(
            "{}  |  Billing questions: {} {}  |  MC {}",
            c.name, c.billing_name, c.billing_email, c.mc
        ),
    );
    d.pages.push(p);
    d
}

/// Blue Line Carriers: `FREIGHT BILL`, `Invoice No.`, `Pro Number`, `Balance Due`, dates
/// `Jul 17, 2026`.
fn invoice_blue_line(inv: &Invoice) -> Doc {
    let c = inv.carrier;
    let df = c.date_fmt;
    let mut d = Doc::new("carrier_invoice");
    invoice_fields(&mut d, inv);
    let mut p = Page::default();
    carrier_letterhead(&mut p, c, 88.0);
    p.right(F::B, 18.0, 576.0, 46.0, "FREIGHT BILL");
    p.right(
        F::B,
        10.0,
        576.0,
        61.0,
        &format!("Invoice No. {}", inv.number),
    );
    p.right(
        F::R,
        9.0,
        576.0,
        73.0,
        &format!("Invoice Date: {}", df.f(inv.date)),
    );
    let pale = (0.86, 0.91, 0.97);
    p.fill(36.0, 84.0, 540.0, 24.0, pale);
    p.rect_c(36.0, 84.0, 540.0, 24.0, 0.8, c.color);
    p.kv(10.0, 44.0, 100.0, "Pro Number:", inv.pro);
    p.kv(9.0, 220.0, 100.0, "Broker Load No.:", inv.load_number);
    p.kv(9.0, 408.0, 100.0, "BOL#:", inv.bol);

    p.titled_box(36.0, 118.0, 266.0, 72.0, "BILL TO", c.color, WHITE);
    p.text(F::B, 9.0, 42.0, 142.0, inv.bill_to.name);
    let bl = bill_to_lines(inv.bill_to);
    let refs: Vec<&str> = bl.iter().map(String::as_str).collect();
    p.lines(F::R, 8.5, 42.0, 153.0, 10.0, &refs);
    p.titled_box(310.0, 118.0, 266.0, 72.0, "REMIT TO", c.color, WHITE);
    p.text(F::B, 9.0, 316.0, 142.0, c.remit_name);
    p.lines(
        F::R,
        8.5,
        316.0,
        153.0,
        10.0,
        &[
            c.remit_street,
            c.remit_csz,
            "ACH: Buckeye Commerce Bank, acct ending 7710",
        ],
    );

    let rt = Tbl {
        x: 36.0,
        cols: &[
            (110.0, Al::C),
            (130.0, Al::C),
            (130.0, Al::C),
            (85.0, Al::C),
            (85.0, Al::C),
        ],
        font: F::R,
        size: 8.5,
        lead: 11.0,
        head_fill: pale,
        head_color: BLACK,
        head_size: 7.0,
    };
    let y = p.table(
        &rt,
        202.0,
        &[
            "SHIPPER PO",
            "ORIGIN",
            "DESTINATION",
            "PICKED UP",
            "DELIVERED",
        ],
        &[vec![
            inv.po.to_string(),
            inv.origin.clone(),
            inv.dest.clone(),
            df.f(inv.ship_date),
            df.f(inv.delivery_date),
        ]],
    );
    let ct = Tbl {
        x: 36.0,
        cols: &[(60.0, Al::C), (330.0, Al::L), (150.0, Al::R)],
        font: F::R,
        size: 9.5,
        lead: 12.0,
        head_fill: c.color,
        head_color: WHITE,
        head_size: 7.5,
    };
    let rows: Vec<Vec<String>> = inv
        .lines
        .iter()
        .map(|l| {
            let code = match l.code {
                "linehaul" => "LH",
                "fuel_surcharge" => "FSC",
                "detention" => "DET",
                "lumper" => "LUM",
                _ => "OTH",
            };
            vec![code.to_string(), l.desc.clone(), money(l.amount)]
        })
        .collect();
    let y = p.table(&ct, y + 14.0, &["CODE", "DESCRIPTION", "AMOUNT"], &rows);
    let by = y + 12.0;
    p.fill(376.0, by, 200.0, 26.0, c.color);
    p.text_c(F::B, 11.0, 384.0, by + 17.0, "Balance Due", WHITE);
    let amount = money(inv.total());
    p.text_c(
        F::B,
        12.0,
        568.0 - width(F::B, 12.0, &amount),
        by + 17.0,
        &amount,
        WHITE,
    );
    p.kv(9.0, 36.0, by + 12.0, "Terms:", inv.terms);
    p.text(
        F::R,
        8.0,
        36.0,
        by + 26.0,
        &format!(
            "Make checks payable to {}. Quote the Pro Number on your remittance.",
            c.remit_name
        ),
    );
    if !inv.note.is_empty() {
        p.text(F::R, 8.0, 36.0, by + 40.0, inv.note);
    }
    p.hline(36.0, 576.0, 750.0, 0.6);
    p.center(
        F::B,
        7.5,
        306.0,
        762.0,
        &format!("MC# {}   USDOT# {}   SCAC {}", c.mc, c.dot, c.scac),
    );
    p.center(
        F::R,
        7.0,
        306.0,
        772.0,
        &format!(
            "Accounts receivable: {} - {}",
            c.billing_name, c.billing_email
        ),
    );
    d.pages.push(p);
    d
}

/// Prairie Wind Transport: factored (Notice of Assignment), `Broker Load #`, `Amount Due`,
/// dates `7/18/26`.
fn invoice_prairie_wind(inv: &Invoice) -> Doc {
    let c = inv.carrier;
    let df = c.date_fmt;
    let mut d = Doc::new("carrier_invoice");
    invoice_fields(&mut d, inv);
    let mut p = Page::default();
    carrier_letterhead(&mut p, c, 82.0);
    p.text(
        F::R,
        8.0,
        82.0,
        79.0,
        &format!("MC {} / DOT {}", c.mc, c.dot),
    );
    p.fill(456.0, 28.0, 120.0, 26.0, c.color);
    p.text_c(F::B, 15.0, 480.0, 46.0, "INVOICE", WHITE);
    p.kv(9.0, 456.0, 68.0, "Invoice #:", inv.number);
    p.kv(9.0, 456.0, 80.0, "Date:", &df.f(inv.date));

    let red = (0.70, 0.10, 0.10);
    p.rect_c(36.0, 92.0, 540.0, 62.0, 1.4, red);
    p.text_c(F::B, 9.0, 44.0, 106.0, "NOTICE OF ASSIGNMENT", red);
    p.text(
        F::R,
        8.0,
        44.0,
        118.0,
        "This invoice has been assigned to, and must be paid only to, the factor below. Payment to any other party does not discharge the debt.",
    );
    p.kv(9.0, 44.0, 132.0, "Remit To:", c.remit_name);
    p.text(F::R, 9.0, 44.0, 144.0, &c.remit_address());
    p.text(
        F::R,
        8.0,
        330.0,
        144.0,
        "Verify: (816) 555-0190  noa@heartlandff.example",
    );

    p.titled_box(36.0, 164.0, 266.0, 74.0, "BILL TO", c.color, WHITE);
    p.text(F::B, 9.0, 42.0, 188.0, inv.bill_to.name);
    let bl = bill_to_lines(inv.bill_to);
    let refs: Vec<&str> = bl.iter().map(String::as_str).collect();
    p.lines(F::R, 8.5, 42.0, 199.0, 10.0, &refs);
    p.titled_box(310.0, 164.0, 266.0, 74.0, "SHIPMENT", c.color, WHITE);
    p.kv(8.5, 316.0, 188.0, "Broker Load #:", inv.load_number);
    p.kv(8.5, 450.0, 188.0, "PRO:", inv.pro);
    p.kv(8.5, 316.0, 199.5, "BOL:", inv.bol);
    p.kv(8.5, 450.0, 199.5, "PO:", inv.po);
    p.kv(8.5, 316.0, 211.0, "Picked up:", &df.f(inv.ship_date));
    p.kv(8.5, 450.0, 211.0, "Delivered:", &df.f(inv.delivery_date));
    p.kv(
        8.5,
        316.0,
        222.5,
        "Lane:",
        &format!("{} to {}", inv.origin, inv.dest),
    );

    let it = Tbl {
        x: 36.0,
        cols: &[(390.0, Al::L), (150.0, Al::R)],
        font: F::R,
        size: 9.5,
        lead: 12.5,
        head_fill: c.color,
        head_color: WHITE,
        head_size: 7.5,
    };
    let rows: Vec<Vec<String>> = inv
        .lines
        .iter()
        .map(|l| vec![l.desc.clone(), money(l.amount)])
        .collect();
    let y = p.table(&it, 252.0, &["DESCRIPTION", "AMOUNT"], &rows);
    let ay = y + 20.0;
    p.right(
        F::B,
        12.0,
        572.0,
        ay,
        &format!("Amount Due: {}", money(inv.total())),
    );
    p.hline(380.0, 576.0, ay + 5.0, 0.8);
    p.kv(9.0, 36.0, ay, "Payment Terms:", inv.terms);
    if !inv.note.is_empty() {
        p.text(F::R, 8.0, 36.0, ay + 14.0, inv.note);
    }
    p.para(
        F::R,
        7.5,
        36.0,
        ay + 34.0,
        540.0,
        9.0,
        "Prairie Wind Transport factors its receivables. Questions about this invoice: billing@prairiewindtransport.example. Questions about payment status: Heartland Freight Funding LLC.",
    );
    p.hline(36.0, 576.0, 752.0, 0.6);
    p.text(
        F::R,
        7.0,
        36.0,
        763.0,
        &format!(
            "{}  |  MC {}  |  DOT {}  |  SCAC {}",
            c.name, c.mc, c.dot, c.scac
        ),
    );
    d.pages.push(p);
    d
}

/// Lone Oak Hauling: a small-business accounting template, `Invoice`, `Total`, dates `7/18/2026`.
fn invoice_lone_oak(inv: &Invoice) -> Doc {
    let c = inv.carrier;
    let df = c.date_fmt;
    let mut d = Doc::new("carrier_invoice");
    invoice_fields(&mut d, inv);
    let mut p = Page::default();
    p.text(F::B, 14.0, 36.0, 44.0, c.name);
    p.lines(
        F::R,
        9.0,
        36.0,
        57.0,
        11.0,
        &[c.street, &c.csz(), c.phone, c.billing_email],
    );
    p.right(F::R, 24.0, 576.0, 50.0, "Invoice");
    let hd = Tbl {
        x: 416.0,
        cols: &[(70.0, Al::C), (90.0, Al::C)],
        font: F::R,
        size: 9.0,
        lead: 11.0,
        head_fill: LIGHT,
        head_color: BLACK,
        head_size: 7.5,
    };
    p.table(
        &hd,
        62.0,
        &["DATE", "INVOICE #"],
        &[vec![df.f(inv.date), inv.number.to_string()]],
    );

    p.rect(36.0, 112.0, 250.0, 74.0, 0.8);
    p.fill(36.0, 112.0, 250.0, 14.0, LIGHT);
    p.text(F::B, 8.0, 41.0, 122.0, "Bill To");
    p.text(F::R, 9.0, 41.0, 138.0, inv.bill_to.name);
    let bl = bill_to_lines(inv.bill_to);
    let refs: Vec<&str> = bl.iter().map(String::as_str).collect();
    p.lines(F::R, 9.0, 41.0, 149.0, 10.5, &refs[..3]);

    let rt = Tbl {
        x: 36.0,
        cols: &[
            (108.0, Al::C),
            (108.0, Al::C),
            (108.0, Al::C),
            (108.0, Al::C),
            (108.0, Al::C),
        ],
        font: F::R,
        size: 9.0,
        lead: 11.0,
        head_fill: LIGHT,
        head_color: BLACK,
        head_size: 7.5,
    };
    let y = p.table(
        &rt,
        200.0,
        &["LOAD #", "TERMS", "SHIP DATE", "PRO #", "BOL #"],
        &[vec![
            inv.load_number.to_string(),
            inv.terms.to_string(),
            df.f(inv.ship_date),
            inv.pro.to_string(),
            inv.bol.to_string(),
        ]],
    );
    let it = Tbl {
        x: 36.0,
        cols: &[(290.0, Al::L), (50.0, Al::C), (90.0, Al::R), (110.0, Al::R)],
        font: F::R,
        size: 9.5,
        lead: 12.0,
        head_fill: LIGHT,
        head_color: BLACK,
        head_size: 7.5,
    };
    let mut rows: Vec<Vec<String>> = inv
        .lines
        .iter()
        .map(|l| {
            vec![
                l.desc.clone(),
                l.qty.clone(),
                l.rate.clone(),
                money(l.amount),
            ]
        })
        .collect();
    rows.push(vec![
        format!(
            "{} to {}, delivered {}",
            inv.origin,
            inv.dest,
            df.f(inv.delivery_date)
        ),
        String::new(),
        String::new(),
        String::new(),
    ]);
    for _ in 0..3 {
        rows.push(vec![String::new(); 4]);
    }
    let y = p.table(
        &it,
        y + 12.0,
        &["DESCRIPTION", "QTY", "RATE", "AMOUNT"],
        &rows,
    );
    p.rect(396.0, y, 180.0, 24.0, 0.8);
    p.text(F::B, 12.0, 404.0, y + 16.0, "Total");
    p.right(F::B, 12.0, 570.0, y + 16.0, &money(inv.total()));

    let ry = y + 44.0;
    p.text(F::B, 9.0, 36.0, ry, "Remit To:");
    p.lines(
        F::R,
        9.0,
        36.0,
        ry + 12.0,
        11.0,
        &[c.remit_name, c.remit_street, c.remit_csz],
    );
    if !inv.note.is_empty() {
        p.para(F::R, 8.5, 300.0, ry, 276.0, 10.5, inv.note);
    }
    p.text(F::R, 9.0, 36.0, ry + 60.0, "Thank you for your business.");
    p.center(
        F::R,
        8.0,
        306.0,
        760.0,
        &format!("MC-{}   USDOT {}", c.mc, c.dot),
    );
    d.pages.push(p);
    d
}

/// A dock's lumper receipt, printed on a receipt printer and scanned onto a letter page.
fn lumper_receipt(l: &Load, r: &Lumper) -> Doc {
    let df = DateFmt::Mdy4;
    let mut d = Doc::new("lumper_receipt");
    d.set("receipt_number", r.number);
    d.set("receipt_date", iso(r.date));
    d.set("facility", r.facility);
    d.set("load_number", l.number);
    d.set("po_number", l.po);
    d.set("amount_usd", norm_money(r.amount));
    let mut p = Page::default();
    let (x0, w) = (176.0, 260.0);
    p.rect(x0, 36.0, w, 470.0, 0.8);
    let cx = x0 + w / 2.0;
    p.center(F::B, 12.0, cx, 60.0, "DOCKHANDS");
    p.center(F::B, 9.0, cx, 72.0, "UNLOADING SERVICES");
    p.center(F::M, 7.5, cx, 84.0, "Unloading | Restacking | Sorting");
    p.center(F::M, 7.5, cx, 94.0, "Dock office (470) 555-0199");
    let dash = "-".repeat(38);
    p.center(F::M, 8.0, cx, 106.0, &dash);
    p.center(F::B, 11.0, cx, 121.0, "LUMPER RECEIPT");
    p.center(F::M, 8.0, cx, 133.0, &dash);
    let x = x0 + 14.0;
    let rows = [
        format!("Receipt #:  {}", r.number),
        format!("Date:       {}  {}", df.f(r.date), r.time),
        format!("Facility:   {}", r.facility),
        format!("            {}", r.facility_csz),
        format!("Door:       {}", r.door),
        format!("Carrier:    {}", l.carrier.name),
        format!("Load #:     {}", l.number),
        format!("PO #:       {}", l.po),
        format!("Trailer:    {}", l.trailer),
        format!("Pallets in/out: {} / {}", l.pallets, l.pallets),
        format!("Cases:      {}", commas(l.cartons)),
        "Service:    Unload, floor to pallet".to_string(),
    ];
    let mut y = 150.0;
    for row in &rows {
        p.text(F::M, 8.5, x, y, row);
        y += 12.0;
    }
    p.center(F::M, 8.0, cx, y, &dash);
    y += 16.0;
    p.text(
        F::M,
        11.0,
        x,
        y,
        &format!("TOTAL PAID:  {}", money(r.amount)),
    );
    y += 14.0;
    p.text(F::M, 8.5, x, y, "Payment:    Carrier express code");
    y += 12.0;
    p.text(F::M, 8.5, x, y, "Auth #:     DH7Q-44120");
    y += 12.0;
    p.center(F::M, 8.0, cx, y, &dash);
    y += 18.0;
    p.text(F::M, 8.5, x, y, &format!("Driver: {}", l.driver));
    y += 16.0;
    p.text(F::M, 10.0, x, y, &format!("/s/ {}", l.driver));
    y += 20.0;
    p.center(F::M, 7.5, cx, y, "KEEP THIS RECEIPT - REQUIRED FOR");
    p.center(F::M, 7.5, cx, y + 10.0, "REIMBURSEMENT BY YOUR BROKER");
    p.center(F::M, 7.5, cx, y + 24.0, "Thank you!");
    d.pages.push(p);
    d
}

/// A customer's load tender to the broker (shipper → broker): its reference, the broker's load
/// number, the stops and the rate the customer pays (`linehaul` + `fuel`, cents).
fn load_tender(l: &Load, reference: &str, linehaul: i64, fuel: i64, tendered: NaiveDate) -> Doc {
    let c = l.customer;
    let mut d = Doc::new("load_tender");
    d.set("load_number", l.number);
    d.set("customer_reference", reference);
    d.set("po_number", l.po);
    d.set("shipper_name", l.shipper.name);
    d.set("equipment", l.equipment);
    d.set("commodity", l.commodity);
    d.set("weight_lb", l.weight.to_string());
    d.set("customer_rate_usd", norm_money(linehaul));
    d.set("fuel_surcharge_usd", norm_money(fuel));
    d.set("total_usd", norm_money(linehaul + fuel));
    d.set("payment_terms", "Net 30");
    d.stops = Some(vec![
        stop(
            "pickup",
            &l.shipper,
            l.shipper.name,
            Some(l.pickup_date),
            Some(l.pickup_window),
            None,
        ),
        stop(
            "delivery",
            &l.consignee,
            l.consignee.name,
            Some(l.delivery_date),
            Some(l.delivery_window),
            None,
        ),
    ]);
    let mut p = Page::default();
    let green = (0.16, 0.40, 0.22);
    p.text_c(F::B, 16.0, 48.0, 58.0, &c.name.to_uppercase(), green);
    p.text(F::R, 8.5, 48.0, 72.0, "Transportation Department");
    p.right(F::B, 14.0, 564.0, 58.0, "LOAD TENDER");
    p.hline(48.0, 564.0, 82.0, 1.2);
    p.kv(9.5, 48.0, 104.0, "Tendered To:", "Northstar Logistics");
    p.kv(
        9.5,
        330.0,
        104.0,
        "Tender Date:",
        &DateFmt::Mdy4.f(tendered),
    );
    p.kv(9.5, 48.0, 120.0, "Customer Reference #:", reference);
    p.kv(9.5, 330.0, 120.0, "PO #:", l.po);
    p.kv(9.5, 48.0, 136.0, "Broker Load #:", l.number);
    p.kv(9.5, 330.0, 136.0, "Accept By:", &DateFmt::Mdy4.f(tendered));
    let mut y = 166.0;
    for (title, pl, date, window) in [
        ("PICKUP", &l.shipper, l.pickup_date, l.pickup_window),
        ("DELIVERY", &l.consignee, l.delivery_date, l.delivery_window),
    ] {
        p.text_c(F::B, 10.0, 48.0, y, title, green);
        p.text(F::R, 9.5, 48.0, y + 14.0, pl.name);
        p.text(F::R, 9.5, 48.0, y + 26.0, pl.street);
        p.text(F::R, 9.5, 48.0, y + 38.0, &pl.csz());
        p.text(
            F::R,
            9.5,
            48.0,
            y + 50.0,
            &format!("{}  {}", DateFmt::Mdy4.f(date), window),
        );
        y += 70.0;
    }
    p.kv(9.5, 48.0, y, "Shipper:", l.shipper.name);
    y += 16.0;
    p.kv(9.5, 48.0, y, "Equipment:", l.equipment);
    p.kv(9.5, 330.0, y, "Commodity:", l.commodity);
    y += 16.0;
    p.kv(
        9.5,
        48.0,
        y,
        "Weight:",
        &format!("{} lbs", commas(l.weight)),
    );
    y += 28.0;
    p.text_c(F::B, 10.0, 48.0, y, "CUSTOMER RATE", green);
    y += 16.0;
    p.kv(9.5, 48.0, y, "Line Haul Rate:", &money(linehaul));
    y += 14.0;
    p.kv(9.5, 48.0, y, "Fuel Surcharge:", &money(fuel));
    y += 14.0;
    p.kv(10.0, 48.0, y, "Total Rate:", &money(linehaul + fuel));
    y += 14.0;
    p.kv(9.5, 48.0, y, "Payment Terms:", "Net 30");
    y += 28.0;
    p.text(
        F::R,
        8.5,
        48.0,
        y,
        "Please accept or decline this tender by reply. Invoice us with the signed POD attached.",
    );
    d.pages.push(p);
    d
}

/// A factoring company's Notice of Assignment: carrier `c`'s invoices are paid to `f` (the same
/// carrier with the factor's remit-to) from `effective`.
fn notice_of_assignment(c: &Carrier, f: &Carrier, effective: NaiveDate) -> Doc {
    let mut d = Doc::new("notice_of_assignment");
    d.set("carrier_name", c.name);
    d.set("carrier_mc", c.mc);
    d.set("factor_name", f.remit_name);
    d.set("remit_to_name", f.remit_name);
    d.set("remit_to_address", f.remit_address());
    d.set("effective_date", iso(effective));
    let mut p = Page::default();
    let ink = (0.12, 0.30, 0.45);
    p.text_c(F::B, 15.0, 48.0, 60.0, &f.remit_name.to_uppercase(), ink);
    p.text(
        F::R,
        8.5,
        48.0,
        74.0,
        "Freight Factoring  |  2100 Ross Ave, Suite 900, Dallas, TX 75201  |  (214) 555-0177",
    );
    p.hline(48.0, 564.0, 82.0, 1.2);
    p.center(F::B, 13.0, 306.0, 112.0, "NOTICE OF ASSIGNMENT");
    p.kv(9.5, 48.0, 140.0, "Date:", &DateFmt::Mon.f(effective));
    p.kv(
        9.5,
        48.0,
        154.0,
        "To:",
        "Northstar Logistics - Accounts Payable",
    );
    let body = format!(
        "Please be advised that the carrier named below has sold and assigned its accounts receivable to {} under a factoring agreement. Effective on the date below, all invoices for freight services rendered by this carrier are payable only to {} at the remittance address below. Payment to any other party will not discharge your obligation. This assignment is irrevocable unless released in writing by {}.",
        f.remit_name, f.remit_name, f.remit_name
    );
    let mut y = 178.0;
    for l in wrap_lines(F::R, 9.5, 516.0, &body) {
        p.text(F::R, 9.5, 48.0, y, &l);
        y += 13.0;
    }
    y += 14.0;
    p.kv(9.5, 48.0, y, "Carrier:", c.name);
    p.kv(9.5, 330.0, y, "MC #:", c.mc);
    y += 16.0;
    p.kv(
        9.5,
        48.0,
        y,
        "Carrier Address:",
        &format!("{}, {}", c.street, c.csz()),
    );
    y += 16.0;
    p.kv(9.5, 48.0, y, "Factoring Company:", f.remit_name);
    y += 16.0;
    p.kv(9.5, 48.0, y, "Remit To:", f.remit_name);
    p.text(F::R, 9.5, 48.0, y + 12.0, &f.remit_address());
    y += 30.0;
    p.kv(9.5, 48.0, y, "Effective Date:", &DateFmt::Mdy4.f(effective));
    y += 40.0;
    p.hline(48.0, 260.0, y, 0.6);
    p.hline(330.0, 564.0, y, 0.6);
    p.text(
        F::R,
        8.0,
        48.0,
        y + 11.0,
        &format!("{} (carrier)", c.billing_name),
    );
    p.text(
        F::R,
        8.0,
        330.0,
        y + 11.0,
        "Marisol Vega, Client Services (factor)",
    );
    d.pages.push(p);
    d
}

/// Not a freight document: a trailer-leasing brochure.
fn brochure() -> Doc {
    let mut d = Doc::new("other");
    let mut p = Page::default();
    let rust = (0.55, 0.12, 0.10);
    p.fill(0.0, 0.0, PAGE_W, 104.0, rust);
    p.text_c(F::B, 26.0, 36.0, 52.0, "IRON HORSE TRAILER LEASING", WHITE);
    p.text_c(
        F::R,
        12.0,
        36.0,
        74.0,
        "Fleet News  |  Summer 2026  |  Reefers, vans and flatbeds for small fleets",
        WHITE,
    );
    p.text_c(
        F::B,
        9.0,
        36.0,
        92.0,
        "ironhorsetrailer.example  -  (800) 555-0117",
        WHITE,
    );

    let col = |p: &mut Page, x: f32, y: f32, head: &str, body: &[&str]| -> f32 {
        p.text_c(F::B, 12.5, x, y, head, rust);
        let mut y = y + 16.0;
        for para in body {
            y = p.para(F::R, 9.0, x, y, 255.0, 11.5, para) + 6.0;
        }
        y
    };
    let y1 = col(
        &mut p,
        36.0,
        134.0,
        "Produce season is here",
        &[
            "Spot reefer demand climbs every summer, and so does the cost of sitting on the sidelines. Our 2024 and 2025 model-year 53' reefers come with a fresh unit service, telematics and a full tank of reefer fuel.",
            "Lease one for a month or a season. No long-term commitment, no balloon payment, and roadside support in 48 states.",
        ],
    );
    let y1 = col(
        &mut p,
        36.0,
        y1 + 14.0,
        "Why small fleets choose us",
        &[
            "We only lease to owner-operators and fleets under 50 trucks. That means a real person answers the phone, and a trailer is ready when your load is.",
            "Bring your own insurance or add ours at a flat monthly rate. Trailer swaps are free at any of our twelve yards.",
        ],
    );
    let y2 = col(
        &mut p,
        320.0,
        134.0,
        "Summer lease specials",
        &["Prices per trailer per month, 3-month minimum, through August 31."],
    );
    let pt = Tbl {
        x: 320.0,
        cols: &[(150.0, Al::L), (106.0, Al::R)],
        font: F::R,
        size: 9.5,
        lead: 12.5,
        head_fill: rust,
        head_color: WHITE,
        head_size: 8.0,
    };
    let y2 = p.table(
        &pt,
        y2 + 2.0,
        &["TRAILER", "MONTHLY"],
        &[
            vec!["53' Dry Van".into(), "$650".into()],
            vec!["53' Reefer (single temp)".into(), "$1,150".into()],
            vec!["53' Reefer (multi-temp)".into(), "$1,395".into()],
            vec!["48' Flatbed".into(), "$575".into()],
            vec!["48' Step Deck".into(), "$690".into()],
        ],
    );
    let y2 = col(
        &mut p,
        320.0,
        y2 + 24.0,
        "Yard news",
        &[
            "Our new Joliet, IL yard opens in August with 140 trailer spots, a wash bay and a reefer repair shop. Stop by the open house on August 14 for a free reefer pre-trip inspection.",
        ],
    );
    let by = y1.max(y2) + 20.0;
    p.fill(36.0, by, 540.0, 70.0, (0.95, 0.92, 0.88));
    p.text_c(
        F::B,
        13.0,
        50.0,
        by + 26.0,
        "Call today: (800) 555-0117",
        rust,
    );
    p.text(
        F::R,
        9.5,
        50.0,
        by + 44.0,
        "Mention code SUMMER26 for your first week free. Offer valid for new lessees only.",
    );
    p.text(
        F::R,
        9.5,
        50.0,
        by + 58.0,
        "Email leasing@ironhorsetrailer.example for a quote in one business day.",
    );
    p.para(
        F::R,
        7.0,
        36.0,
        740.0,
        540.0,
        8.5,
        "You are receiving this because you are a registered user of ironhorsetrailer.example. To stop receiving our newsletter, reply with UNSUBSCRIBE. Iron Horse Trailer Leasing, 5100 W Roosevelt Rd, Cicero, IL 60804. Prices subject to availability and credit approval.",
    );
    d.pages.push(p);
    d
}

// ---------------------------------------------------------------------------------------------
// Writing PDFs and their expected files.
// ---------------------------------------------------------------------------------------------

/// Write `NAME.pdf` (the documents' pages in order) and `NAME.expected.json`; return the bytes.
fn write_pdf(
    dir: &Path,
    name: &str,
    docs: Vec<Doc>,
    title: &str,
    producer: &str,
    compress: bool,
) -> Vec<u8> {
    let mut pages = Vec::new();
    let mut expected = Vec::new();
    for d in docs {
        let first = pages.len() + 1;
        let numbers: Vec<usize> = (first..first + d.pages.len()).collect();
        pages.extend(d.pages);
        let mut v = json!({"kind": d.kind, "pages": numbers, "fields": d.fields});
        if let Some(charges) = d.charges {
            v["charges"] = Value::Array(charges);
        }
        if let Some(accs) = d.accessorials {
            v["accessorials"] = Value::Array(accs);
        }
        if let Some(stops) = d.stops {
            v["stops"] = Value::Array(stops);
        }
        expected.push(v);
    }
    let bytes = build_pdf(&pages, title, producer, compress);
    fs::write(dir.join(format!("{name}.pdf")), &bytes).expect("write pdf");
    let json = serde_json::to_string_pretty(&json!({ "documents": expected })).expect("json");
    fs::write(dir.join(format!("{name}.expected.json")), json + "\n").expect("write json");
    bytes
}

// ---------------------------------------------------------------------------------------------
// Email: a small RFC 5322 / MIME writer with fixed boundaries.
// ---------------------------------------------------------------------------------------------

fn base64(data: &[u8]) -> String {
    const T: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::new();
    for chunk in data.chunks(3) {
        let b = [
            chunk[0],
            *chunk.get(1).unwrap_or(&0),
            *chunk.get(2).unwrap_or(&0),
        ];
        let v = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(T[((v >> (18 - 6 * i)) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

fn base64_lines(data: &[u8]) -> String {
    let b = base64(data);
    let mut out = String::new();
    for chunk in b.as_bytes().chunks(76) {
        out.push_str(std::str::from_utf8(chunk).expect("ascii"));
        out.push_str("\r\n");
    }
    out
}

/// An RFC 2047 encoded word when the header text is not plain ASCII.
fn header_text(s: &str) -> String {
    if s.is_ascii() {
        s.to_string()
    } else {
        format!("=?UTF-8?B?{}?=", base64(s.as_bytes()))
    }
}

fn crlf(s: &str) -> String {
    assert!(s.is_ascii(), "email bodies are kept ASCII: {s:?}");
    let mut out = s.replace('\n', "\r\n");
    if !out.ends_with("\r\n") {
        out.push_str("\r\n");
    }
    out
}

fn html_of(text: &str) -> String {
    let esc = text
        .replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;");
    let paras: Vec<String> = esc
        .split("\n\n")
        .map(|p| format!("<p>{}</p>", p.replace('\n', "<br>\n")))
        .collect();
    format!(
        "<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=us-ascii\"></head>\n<body><div style=\"font-family:Calibri,Arial,sans-serif;font-size:11pt\">\n{}\n</div></body></html>\n",
        paras.join("\n")
    )
}

enum Part {
    File {
        name: String,
        ctype: &'static str,
        data: Vec<u8>,
    },
    Message {
        name: String,
        raw: Vec<u8>,
    },
}

struct Email {
    file: String,
    from: String,
    to: String,
    cc: Option<String>,
    date: NaiveDateTime,
    tz: &'static str,
    message_id: String,
    subject: String,
    in_reply_to: Option<String>,
    mailer: Option<&'static str>,
    extra: Vec<(&'static str, String)>,
    text: String,
    html: bool,
    parts: Vec<Part>,
    carries: String,
    expect: String,
}

fn at(m: u32, d: u32, h: u32, mi: u32, s: u32) -> NaiveDateTime {
    day(m, d).and_hms_opt(h, mi, s).expect("valid time")
}

fn mail(
    file: &str,
    from: &str,
    date: NaiveDateTime,
    tz: &'static str,
    message_id: &str,
    subject: &str,
    text: &str,
) -> Email {
    Email {
        file: file.to_string(),
        from: from.to_string(),
        to: SHARED_INBOX.to_string(),
        cc: None,
        date,
        tz,
        message_id: format!("<{message_id}>"),
        subject: subject.to_string(),
        in_reply_to: None,
        mailer: None,
        extra: Vec::new(),
        text: text.to_string(),
        html: false,
        parts: Vec::new(),
        carries: String::new(),
        expect: String::new(),
    }
}

impl Email {
    fn to(mut self, to: &str) -> Self {
        self.to = to.to_string();
        self
    }
    fn cc(mut self, cc: &str) -> Self {
        self.cc = Some(cc.to_string());
        self
    }
    fn html(mut self) -> Self {
        self.html = true;
        self
    }
    fn mailer(mut self, m: &'static str) -> Self {
        self.mailer = Some(m);
        self
    }
    fn reply_to(mut self, id: &str) -> Self {
        self.in_reply_to = Some(format!("<{id}>"));
        self
    }
    fn header(mut self, k: &'static str, v: &str) -> Self {
        self.extra.push((k, v.to_string()));
        self
    }
    fn attach(mut self, name: &str, ctype: &'static str, data: &[u8]) -> Self {
        self.parts.push(Part::File {
            name: name.to_string(),
            ctype,
            data: data.to_vec(),
        });
        self
    }
    fn pdf(self, name: &str, data: &[u8]) -> Self {
        self.attach(name, "application/pdf", data)
    }
    fn forward(mut self, name: &str, raw: Vec<u8>) -> Self {
        self.parts.push(Part::Message {
            name: name.to_string(),
            raw,
        });
        self
    }
    fn story(mut self, carries: impl Into<String>, expect: impl Into<String>) -> Self {
        self.carries = carries.into();
        self.expect = expect.into();
        self
    }

    fn render(&self) -> Vec<u8> {
        let tag: String = self
            .file
            .chars()
            .filter(char::is_ascii_alphanumeric)
            .collect();
        let mut h = String::new();
        let _ = write!(h, "From: {}\r\n", self.from);
        let _ = write!(h, "To: {}\r\n", self.to);
        if let Some(cc) = &self.cc {
            let _ = write!(h, "Cc: {cc}\r\n");
        }
        let _ = write!(h, "Subject: {}\r\n", header_text(&self.subject));
        let _ = write!(
            h,
            "Date: {} {}\r\n",
            self.date.format("%a, %-d %b %Y %H:%M:%S"),
            self.tz
        );
        let _ = write!(h, "Message-ID: {}\r\n", self.message_id);
        if let Some(r) = &self.in_reply_to {
            let _ = write!(h, "In-Reply-To: {r}\r\nReferences: {r}\r\n");
        }
        for (k, v) in &self.extra {
            let _ = write!(h, "{k}: {v}\r\n");
        }
        if let Some(m) = self.mailer {
            let _ = write!(h, "X-Mailer: {m}\r\n");
        }
        h.push_str("MIME-Version: 1.0\r\n");

        let text_part = |out: &mut String| {
            out.push_str("Content-Type: text/plain; charset=\"us-ascii\"\r\n");
            out.push_str("Content-Transfer-Encoding: 7bit\r\n\r\n");
            out.push_str(&crlf(&self.text));
        };
        let alt_part = |out: &mut String| {
            let b = format!("----=_Alt_{tag}");
            let _ = write!(
                out,
                "Content-Type: multipart/alternative; boundary=\"{b}\"\r\n\r\n"
            );
            let _ = write!(out, "--{b}\r\n");
            out.push_str("Content-Type: text/plain; charset=\"us-ascii\"\r\n");
            out.push_str("Content-Transfer-Encoding: 7bit\r\n\r\n");
            out.push_str(&crlf(&self.text));
            let _ = write!(out, "--{b}\r\n");
            out.push_str("Content-Type: text/html; charset=\"us-ascii\"\r\n");
            out.push_str("Content-Transfer-Encoding: 7bit\r\n\r\n");
            out.push_str(&crlf(&html_of(&self.text)));
            let _ = write!(out, "--{b}--\r\n");
        };

        let mut out = h;
        if self.parts.is_empty() {
            if self.html {
                alt_part(&mut out);
            } else {
                text_part(&mut out);
            }
            return out.into_bytes();
        }
        let b = format!("----=_Mixed_{tag}");
        let _ = write!(
            out,
            "Content-Type: multipart/mixed; boundary=\"{b}\"\r\n\r\nThis is a multi-part message in MIME format.\r\n\r\n"
        );
        let _ = write!(out, "--{b}\r\n");
        if self.html {
            alt_part(&mut out);
        } else {
            text_part(&mut out);
        }
        for part in &self.parts {
            let _ = write!(out, "\r\n--{b}\r\n");
            match part {
                Part::File { name, ctype, data } => {
                    let _ = write!(out, "Content-Type: {ctype}; name=\"{name}\"\r\n");
                    let _ = write!(
                        out,
                        "Content-Disposition: attachment; filename=\"{name}\"\r\n"
                    );
                    out.push_str("Content-Transfer-Encoding: base64\r\n\r\n");
                    out.push_str(&base64_lines(data));
                }
                Part::Message { name, raw } => {
                    out.push_str("Content-Type: message/rfc822\r\n");
                    let _ = write!(
                        out,
                        "Content-Disposition: attachment; filename=\"{name}\"\r\n"
                    );
                    out.push_str("Content-Transfer-Encoding: 7bit\r\n\r\n");
                    out.push_str(std::str::from_utf8(raw).expect("ascii message"));
                }
            }
        }
        let _ = write!(out, "\r\n--{b}--\r\n");
        out.into_bytes()
    }
}

// ---------------------------------------------------------------------------------------------
// Directory CSVs.
// ---------------------------------------------------------------------------------------------

fn csv_field(s: &str) -> String {
    if s.contains([',', '"', '\n']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

fn csv_row(fields: &[&str]) -> String {
    let v: Vec<String> = fields.iter().map(|f| csv_field(f)).collect();
    v.join(",") + "\n"
}

fn write_directory(dir: &Path, loads: &[Load]) {
    let mut s = csv_row(&[
        "customer_id",
        "name",
        "aliases",
        "contact_name",
        "contact_email",
        "billing_email",
        "billing_address",
    ]);
    for c in CUSTOMERS {
        s.push_str(&csv_row(&[
            c.id,
            c.name,
            &c.aliases.join(";"),
            c.contact_name,
            c.contact_email,
            c.billing_email,
            c.billing_address,
        ]));
    }
    fs::write(dir.join("customers.csv"), s).expect("write customers.csv");

    // The customers' contract rates: what each pays for its lane (the carrier's linehaul plus
    // the broker's margin, to the next $5; fuel as a percent of the linehaul, to the half
    // percent). Harvest Lane has no contract rates on file.
    let mut s = csv_row(&[
        "customer_id",
        "origin",
        "destination",
        "equipment",
        "rate_usd",
        "fuel_surcharge_pct",
    ]);
    let mut seen = std::collections::BTreeSet::new();
    for l in loads.iter().filter(|l| l.customer.lanes) {
        let key = (
            l.customer.id,
            l.shipper.city_st(),
            l.consignee.city_st(),
            l.equipment,
        );
        if !seen.insert(key) {
            continue;
        }
        let (rate, fuel) = customer_rate(l);
        s.push_str(&csv_row(&[
            l.customer.id,
            &l.shipper.city_st(),
            &l.consignee.city_st(),
            l.equipment,
            &format!("{}.{:02}", rate / 100, rate % 100),
            &format!("{:.1}", fuel),
        ]));
    }
    fs::write(dir.join("lanes.csv"), s).expect("write lanes.csv");

    let mut s = csv_row(&[
        "carrier_id",
        "name",
        "mc",
        "dot",
        "scac",
        "email_domains",
        "remit_to_name",
        "remit_to_address",
        "contact_email",
    ]);
    for c in CARRIERS {
        s.push_str(&csv_row(&[
            c.id,
            c.name,
            c.mc,
            c.dot,
            c.scac,
            &c.domains.join(";"),
            c.remit_name,
            &c.remit_address(),
            c.billing_email,
        ]));
    }
    fs::write(dir.join("carriers.csv"), s).expect("write carriers.csv");
}

/// The customer's linehaul (cents, the carrier's linehaul plus 18% to the next $5) and fuel
/// surcharge percent (the carrier's FSC over its linehaul, to the half percent) for a load's lane.
fn customer_rate(l: &Load) -> (i64, f64) {
    let rate = (l.linehaul * 118 / 100 + 499) / 500 * 500;
    let fuel = (l.fsc as f64 / l.linehaul as f64 * 200.0).round() / 2.0;
    (rate, fuel)
}

/// Remove what an earlier run wrote, so a renamed sample does not linger.
fn clean(dir: &Path, exts: &[&str]) {
    fs::create_dir_all(dir).expect("create dir");
    for entry in fs::read_dir(dir).expect("read dir") {
        let path = entry.expect("dir entry").path();
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
        if path.is_file() && exts.iter().any(|e| name.ends_with(e)) {
            fs::remove_file(&path).expect("remove stale file");
        }
    }
}

// ---------------------------------------------------------------------------------------------
// The corpus.
// ---------------------------------------------------------------------------------------------

/// Linehaul and fuel exactly as agreed, in the invoicing carrier's own wording.
fn agreed_lines(l: &Load, c: &Carrier) -> Vec<Line> {
    let (lh, fsc) = match c.style {
        CarrierStyle::RedMesa => ("Line Haul", "Fuel Surcharge"),
        CarrierStyle::BlueLine => ("Linehaul", "Fuel Surcharge"),
        CarrierStyle::PrairieWind => ("Line Haul Rate", "Fuel Surcharge"),
        CarrierStyle::LoneOak => ("Freight Charges", "Fuel"),
    };
    vec![
        line(lh, "linehaul", "1", &money(l.linehaul), l.linehaul),
        line(fsc, "fuel_surcharge", "1", &money(l.fsc), l.fsc),
    ]
}

fn with(mut lines: Vec<Line>, extra: Line) -> Vec<Line> {
    lines.push(extra);
    lines
}

fn acc_summary(l: &Load) -> String {
    let v: Vec<String> = l
        .accs
        .iter()
        .map(|a| format!("{} {}", a.label, a.terms))
        .collect();
    v.join("; ")
}

fn agreed(l: &Load) -> String {
    format!(
        "{} + {} FSC = {}",
        money(l.linehaul),
        money(l.fsc),
        money(l.total())
    )
}

fn main() {
    let samples = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("samples");
    let pdf_dir = samples.join("pdfs");
    let inbox_dir = samples.join("inbox");
    let directory_dir = samples.join("directory");
    clean(&pdf_dir, &[".pdf", ".expected.json"]);
    clean(&inbox_dir, &[".eml"]);
    clean(&directory_dir, &[".csv"]);
    let loads = loads();
    write_directory(&directory_dir, &loads);

    let l1 = find(&loads, "4471203");
    let l2 = find(&loads, "KB-20931");
    let l3 = find(&loads, "SFP-88123");
    let l4 = find(&loads, "4471260");
    let l5 = find(&loads, "KB-20977");
    let l6 = find(&loads, "4471315");
    let l7 = find(&loads, "4471342");
    let l8 = find(&loads, "SFP-88140");
    let l10 = find(&loads, "KB-21004");

    // Rate confirmations, one per load, in each division's layout.
    let mut rc: BTreeMap<&str, Vec<u8>> = BTreeMap::new();
    for l in &loads {
        let (producer, compress) = match l.broker.style {
            BrokerStyle::Northstar => ("Northstar TMS 4.2", false),
            BrokerStyle::Keystone => ("Keystone LoadDesk", true),
            BrokerStyle::Summit => ("SFP TMS", false),
        };
        let bytes = write_pdf(
            &pdf_dir,
            &format!("ratecon_{}", l.number),
            vec![rate_con(l)],
            &format!("Rate Confirmation {}", l.number),
            producer,
            compress,
        );
        rc.insert(l.number, bytes);
    }

    // Bills of lading.
    let bol = |l: &Load, vics: bool| {
        let doc = if vics {
            bol_vics(l, false)
        } else {
            bol_simple(l)
        };
        write_pdf(
            &pdf_dir,
            &format!("bol_{}", l.number),
            vec![doc],
            &format!("Bill of Lading {}", l.bol),
            if vics {
                "VICS BOL Builder"
            } else {
                "Granite WMS"
            },
            false,
        )
    };
    let bol_l1 = bol(l1, true);
    let bol_l2 = bol(l2, true);
    let bol_l3 = bol(l3, false);
    let bol_l7 = bol(l7, false);

    // Proofs of delivery.
    let pod = |l: &Load| {
        let doc = if l.number == l2.number {
            bol_vics(l, true)
        } else {
            pod_receipt(l)
        };
        write_pdf(
            &pdf_dir,
            &format!("pod_{}", l.number),
            vec![doc],
            &format!("POD {}", l.number),
            "Carrier eDocs",
            l.carrier.style == CarrierStyle::BlueLine,
        )
    };
    let pod_l1 = pod(l1);
    let pod_l2 = pod(l2);
    let pod_l4 = pod(l4);
    let pod_l5 = pod(l5);
    let pod_l6 = pod(l6);
    let pod_l8 = pod(l8);
    let pod_l10 = pod(l10);

    let lumper = Lumper {
        number: "DH-559031",
        date: day(7, 15),
        time: "08:25",
        facility: "Peachtree Grocers DC",
        facility_csz: "McDonough, GA 30253",
        door: "17",
        amount: 18_500,
    };
    let lumper_l1 = write_pdf(
        &pdf_dir,
        "lumper_4471203",
        vec![lumper_receipt(l1, &lumper)],
        "Lumper Receipt DH-559031",
        "DockHands POS",
        false,
    );

    // Carrier invoices.
    let rm10452 = invoice_for(
        l1,
        &RED_MESA,
        "RM-10452",
        day(7, 16),
        l1.pro,
        with(
            agreed_lines(l1, &RED_MESA),
            line(
                "Lumper - DockHands receipt DH-559031",
                "lumper",
                "1",
                &money(lumper.amount),
                lumper.amount,
            ),
        ),
        l1.terms,
        "Lumper receipt DH-559031 was emailed with the POD.",
    );
    let blc23117 = invoice_for(
        l2,
        &BLUE_LINE,
        "BLC-23117",
        day(7, 17),
        l2.pro,
        agreed_lines(l2, &BLUE_LINE),
        l2.terms,
        "",
    );
    let pwt5520 = invoice_for(
        l3,
        &PRAIRIE_WIND,
        "PWT-5520",
        day(7, 18),
        l3.pro,
        vec![
            line("Line Haul Rate", "linehaul", "1", &money(235_000), 235_000),
            line(
                "Fuel Surcharge",
                "fuel_surcharge",
                "1",
                &money(l3.fsc),
                l3.fsc,
            ),
        ],
        l3.terms,
        "Signed rate confirmation and POD attached.",
    );
    let loh1187 = invoice_for(
        l4,
        &LONE_OAK,
        "LOH-1187",
        day(7, 18),
        l4.pro,
        with(
            agreed_lines(l4, &LONE_OAK),
            line(
                "Detention - 3 hrs @ $60.00/hr",
                "detention",
                "3",
                "$60.00",
                18_000,
            ),
        ),
        l4.terms,
        "Detention at Trinity Beverage Distributors: appt 10:00, in 09:50, out 15:00, 2 hrs free.",
    );
    let rm10461 = invoice_for(
        l5,
        &RED_MESA,
        "RM-10461",
        day(7, 22),
        l5.pro,
        with(
            agreed_lines(l5, &RED_MESA),
            line("Lumper Fee", "lumper", "1", "$225.00", 22_500),
        ),
        l5.terms,
        "",
    );
    let pwt5527 = invoice_for(
        l6,
        &PRAIRIE_WIND,
        "PWT-5527",
        day(7, 20),
        l6.pro,
        agreed_lines(l6, &PRAIRIE_WIND),
        l6.terms,
        "",
    );
    let blc23140 = invoice_for(
        l7,
        &BLUE_LINE,
        "BLC-23140",
        day(7, 22),
        l7.pro,
        agreed_lines(l7, &BLUE_LINE),
        l7.terms,
        "",
    );
    let loh1196 = invoice_for(
        l8,
        &LONE_OAK,
        "LOH-1196",
        day(7, 22),
        l8.pro,
        agreed_lines(l8, &LONE_OAK),
        l8.terms,
        "",
    );
    let pwt5541 = Invoice {
        number: "PWT-5541",
        date: day(7, 22),
        load_number: "4471450",
        pro: "PW30466",
        bol: "SLN-22017",
        po: "SLN-7781",
        carrier: &PRAIRIE_WIND,
        bill_to: &NORTHSTAR,
        origin: "Salina, KS".to_string(),
        dest: "Denver, CO".to_string(),
        ship_date: day(7, 20),
        delivery_date: day(7, 21),
        equipment: "53' Dry Van",
        lines: vec![
            line("Line Haul Rate", "linehaul", "1", "$1,600.00", 160_000),
            line("Fuel Surcharge", "fuel_surcharge", "1", "$220.00", 22_000),
        ],
        terms: "Net 30",
        note: "",
    };
    let loh1203 = invoice_for(
        l10,
        &LONE_OAK,
        "LOH-1203",
        day(7, 24),
        "LO-7731",
        agreed_lines(l10, &LONE_OAK),
        l10.terms,
        "Hauled for Prairie Wind Transport. Please pay Lone Oak Hauling direct.",
    );

    let inv_pdf = |inv: &Invoice| {
        write_pdf(
            &pdf_dir,
            &format!("invoice_{}", inv.number),
            vec![invoice(inv)],
            &format!("Invoice {}", inv.number),
            match inv.carrier.style {
                CarrierStyle::RedMesa => "Red Mesa Billing",
                CarrierStyle::BlueLine => "BLC Freight Billing",
                CarrierStyle::PrairieWind => "PWT Office",
                CarrierStyle::LoneOak => "Small Business Invoicing",
            },
            matches!(
                inv.carrier.style,
                CarrierStyle::BlueLine | CarrierStyle::PrairieWind
            ),
        )
    };
    let pdf_rm10452 = inv_pdf(&rm10452);
    let pdf_blc23117 = inv_pdf(&blc23117);
    let pdf_loh1187 = inv_pdf(&loh1187);
    let pdf_rm10461 = inv_pdf(&rm10461);
    let pdf_pwt5527 = inv_pdf(&pwt5527);
    let pdf_blc23140 = inv_pdf(&blc23140);
    let pdf_loh1196 = inv_pdf(&loh1196);
    let pdf_pwt5541 = inv_pdf(&pwt5541);
    let pdf_loh1203 = inv_pdf(&loh1203);

    let packet = write_pdf(
        &pdf_dir,
        "packet_SFP-88123",
        vec![invoice(&pwt5520), rate_con(l3), pod_receipt(l3)],
        "SFP-88123 invoice packet",
        "PWT Office",
        true,
    );
    let brochure_pdf = write_pdf(
        &pdf_dir,
        "brochure_ironhorse_summer2026",
        vec![brochure()],
        "Iron Horse Fleet News - Summer 2026",
        "Newsletter Designer",
        true,
    );
    // The corrupt attachment: a real BOL cut off part-way, as a failed upload leaves it.
    let corrupt = bol_l7[..bol_l7.len() * 11 / 20].to_vec();

    // ------------------------------------------------------------------ the inbox
    let rm_dispatch = "Luis Romero <dispatch@redmesatrucking.example>";
    let rm_billing = "Angela Baca <billing@redmesatrucking.example>";
    let bl_dispatch = "Marcus Hill <dispatch@bluelinecarriers.example>";
    let bl_ar = "Janet Price <ar@bluelinecarriers.example>";
    let pw_dispatch = "Carla Jensen <dispatch@prairiewindtransport.example>";
    let pw_billing = "Prairie Wind Billing <billing@prairiewindtransport.example>";
    let lo = "Wade Tillman <wade@loneoakhauling.example>";
    let rm_sig =
        "Luis Romero\nDispatch | Red Mesa Trucking LLC\nMC 123456 | USDOT 3184527 | (505) 555-0123";
    let rm_bsig = "Angela Baca\nBilling | Red Mesa Trucking LLC\n(505) 555-0123";
    let bl_sig = "Marcus Hill\nDispatch | Blue Line Carriers Inc\nMC# 654321 | (614) 555-0166";
    let bl_asig = "Janet Price\nAccounts Receivable | Blue Line Carriers Inc\n(614) 555-0166";
    let pw_sig = "Carla Jensen\nDispatch - Prairie Wind Transport\nMC 778812 | (316) 555-0148";
    let pw_bsig = "Prairie Wind Transport - Billing\nbilling@prairiewindtransport.example | (316) 555-0148\nInvoices are assigned to Heartland Freight Funding LLC.";
    let lo_sig = "Wade Tillman\nLone Oak Hauling LLC\n(903) 555-0134\n\nSent from my iPhone";
    let outlook = "Microsoft Outlook 16.0";
    let iphone = "iPhone Mail (22F76)";

    let customer_line = |l: &Load| {
        format!(
            "{} ({}, {})",
            l.customer.name, l.customer.contact_name, l.customer.contact_email
        )
    };
    let rc_story = |l: &Load| {
        format!(
            "File the signed rate con to {} ({}; {}, MC {}): agreed {}; accessorials: {}. Load booked; no email out.",
            l.number,
            l.broker.name,
            l.carrier.name,
            l.carrier.mc,
            agreed(l),
            acc_summary(l)
        )
    };
    let rc_carries = |l: &Load| format!("rate_confirmation, load {}", l.number);
    let picked_up = |l: &Load| {
        format!(
            "File BOL {} (PRO {}) to {}. Milestone to the shipper {}: picked up {} at {}.",
            l.bol,
            l.pro,
            l.number,
            customer_line(l),
            iso(l.pickup_date),
            l.shipper.city_st()
        )
    };
    let delivered = |l: &Load| {
        let dl = l.delivered.as_ref().expect("delivered");
        format!(
            "File the POD (received by {}, delivered {}) to {}. Milestone to the shipper {}: delivered, POD attached.",
            dl.received_by,
            iso(dl.date),
            l.number,
            customer_line(l)
        )
    };

    let mut mails: Vec<Email> = Vec::new();
    mails.push(
        mail(
            "01-signed-ratecon-4471203",
            rm_dispatch,
            at(7, 10, 14, 32, 10),
            "-0600",
            "CAK2mRt8x0Fq4471203.rc@mail.redmesatrucking.example",
            "Signed rate con load 4471203",
            &format!("Jake,\n\nAttached is the signed rate confirmation for load 4471203, Joliet, IL to McDonough, GA,\npicking up 07/14. Driver is Dale Alvarez, truck 214, trailer RM5318.\n\nThanks,\n{rm_sig}\n"),
        )
        .cc(NORTHSTAR.rep_email)
        .pdf("RateCon_4471203_signed.pdf", &rc["4471203"])
        .story(rc_carries(l1), rc_story(l1)),
    );
    mails.push(
        mail(
            "02-signed-ratecon-KB-20931",
            bl_dispatch,
            at(7, 13, 9, 5, 44),
            "-0400",
            "BY5PR12MB4211.KB20931.0713@bluelinecarriers.example",
            "Signed Load Confirmation KB-20931",
            &format!("Good morning Renee,\n\nPlease see the signed load confirmation for KB-20931 attached.\nAndre Collins will be on this one, truck 5107.\n\n{bl_sig}\n"),
        )
        .cc(KEYSTONE.rep_email)
        .html()
        .mailer(outlook)
        .pdf("KB-20931 Load Confirmation - SIGNED.pdf", &rc["KB-20931"])
        .story(rc_carries(l2), rc_story(l2)),
    );
    mails.push(
        mail(
            "03-signed-ratecon-4471260",
            lo,
            at(7, 13, 16, 40, 2),
            "-0500",
            "7C1E2F0A-4471260@loneoakhauling.example",
            "rate con 4471260 signed",
            &format!("signed and attached. ill be there thursday morning\n\n{lo_sig}\n"),
        )
        .mailer(iphone)
        .pdf("RateCon 4471260.pdf", &rc["4471260"])
        .story(rc_carries(l4), rc_story(l4)),
    );
    mails.push(
        mail(
            "04-bol-4471203",
            rm_dispatch,
            at(7, 14, 10, 12, 37),
            "-0600",
            "CAK2mRt8x0Fq4471203.bol@mail.redmesatrucking.example",
            "BOL - Load 4471203 - loaded",
            &format!("Driver is loaded at Acme Foods in Joliet: 22 pallets, 38,500 lbs, reefer at -10 F.\nBOL attached. Rolling to McDonough, GA for the 07/15 08:00 appointment.\n\n{rm_sig}\n"),
        )
        .pdf("BOL_70014522.pdf", &bol_l1)
        .story("bill_of_lading, load 4471203", picked_up(l1)),
    );
    mails.push(
        mail(
            "05-eta-4471203-no-attachment",
            rm_dispatch,
            at(7, 14, 17, 20, 5),
            "-0600",
            "CAK2mRt8x0Fq4471203.eta@mail.redmesatrucking.example",
            "RE: Load 4471203 \u{2013} driver ETA tomorrow 8am",
            &format!("Jake,\n\nDale is about 150 miles out, taking his 10-hour break near Chattanooga, TN.\nHe will be at Peachtree Grocers DC for the 08:00 appointment tomorrow morning.\nReefer is holding at -10 F.\n\nLuis\n\nOn Tue, Jul 14, 2026 at 3:02 PM, Northstar Logistics Ops <{SHARED_INBOX}> wrote:\n> Hi Luis, please send an ETA for load 4471203 (McDonough, GA, appt 07/15 08:00).\n> Thanks, Jake\n"),
        )
        .reply_to("20260714150210.ops4471203@northstarlogistics.example")
        .story(
            "no attachment (carrier status reply), load 4471203",
            "Nothing to extract. Attach the message to load 4471203 as a note (ETA 07/15 08:00). No exception and no email out.",
        ),
    );
    mails.push(
        mail(
            "06-signed-ratecon-SFP-88123",
            pw_dispatch,
            at(7, 14, 18, 45, 51),
            "-0500",
            "pwt.20260714.184551.SFP88123@prairiewindtransport.example",
            "SFP-88123 signed",
            &format!("Kyle,\n\nSigned rate con for SFP-88123 attached. Tyler Haas, truck 31, trailer 5307.\n\n{pw_sig}\n"),
        )
        .cc(SUMMIT.rep_email)
        .pdf("SFP-88123.pdf", &rc["SFP-88123"])
        .story(rc_carries(l3), rc_story(l3)),
    );
    mails.push(
        mail(
            "07-pod-lumper-4471203",
            rm_dispatch,
            at(7, 15, 7, 55, 18),
            "-0600",
            "CAK2mRt8x0Fq4471203.pod@mail.redmesatrucking.example",
            "POD - Load #4471203 - PRO 88120455",
            &format!("Delivered clean at 08:40 Eastern, signed by Maria Lopez.\nDriver paid the lumper at Peachtree, $185.00, receipt attached. Please add it to our invoice.\n\n{rm_sig}\n"),
        )
        .pdf("POD_4471203.pdf", &pod_l1)
        .pdf("Lumper_DH-559031.pdf", &lumper_l1)
        .story(
            "proof_of_delivery + lumper_receipt (DH-559031, $185.00), load 4471203",
            format!(
                "{} File lumper receipt DH-559031 ($185.00) to 4471203.",
                delivered(l1)
            ),
        ),
    );
    mails.push(
        mail(
            "08-bol-KB-20931-octet-stream",
            bl_dispatch,
            at(7, 15, 16, 10, 29),
            "-0400",
            "BY5PR12MB4211.KB20931.0715@bluelinecarriers.example",
            "KB-20931 BOL",
            &format!("Loaded at Bluewater Paper in Green Bay, BOL attached.\nETA Allentown Jul 17 for the 09:00 appointment.\n\n{bl_sig}\n"),
        )
        .html()
        .mailer(outlook)
        .attach("KB-20931_BOL.pdf", "application/octet-stream", &bol_l2)
        .story(
            "bill_of_lading sent as application/octet-stream, load KB-20931",
            format!(
                "Recognize the PDF by its bytes, not its MIME type. {}",
                picked_up(l2)
            ),
        ),
    );
    mails.push(
        mail(
            "09-signed-ratecon-4471315",
            pw_dispatch,
            at(7, 15, 16, 30, 12),
            "-0500",
            "pwt.20260715.163012.4471315@prairiewindtransport.example",
            "Signed RC 4471315",
            &format!("Jake,\n\nSigned rate confirmation for 4471315 attached.\n\n{pw_sig}\n"),
        )
        .pdf("4471315 rate confirmation.pdf", &rc["4471315"])
        .story(rc_carries(l6), rc_story(l6)),
    );
    mails.push(
        mail(
            "10-invoice-RM-10452",
            rm_billing,
            at(7, 16, 10, 45, 3),
            "-0600",
            "CAK2mRt8x0Fq.RM10452@mail.redmesatrucking.example",
            "Invoice RM-10452 for load 4471203",
            &format!("Hello,\n\nPlease find attached invoice RM-10452 for load 4471203 in the amount of $2,595.00\n(line haul $2,100.00, fuel $310.00, lumper $185.00). The POD and lumper receipt were\nsent yesterday.\n\nThank you,\n{rm_bsig}\n"),
        )
        .cc(STAFF_AP)
        .pdf("RM-10452.pdf", &pdf_rm10452)
        .story(
            "carrier_invoice RM-10452, load 4471203",
            format!(
                "Three-way match passes: agreed {} plus the lumper agreed with receipt ({} on receipt DH-559031) = {} billed; signed POD on file. No exception; the invoice is approved (an 'invoice received/approved' note to {} is optional).",
                money(l1.total()),
                money(lumper.amount),
                money(rm10452.total()),
                RED_MESA.billing_email
            ),
        ),
    );
    mails.push(
        mail(
            "11-bol-SFP-88123",
            pw_dispatch,
            at(7, 16, 15, 20, 40),
            "-0500",
            "pwt.20260716.152040.SFP88123@prairiewindtransport.example",
            "Loaded SFP-88123 - BOL",
            &format!(
                "Loaded at Granite Home Goods, Lebanon TN. 20 pallets. BOL attached.\n\n{pw_sig}\n"
            ),
        )
        .pdf("BOL GHG-118734.pdf", &bol_l3)
        .story("bill_of_lading, load SFP-88123", picked_up(l3)),
    );
    mails.push(
        mail(
            "12-signed-ratecon-KB-20977",
            rm_dispatch,
            at(7, 16, 14, 35, 9),
            "-0600",
            "CAK2mRt8x0Fq.KB20977.rc@mail.redmesatrucking.example",
            "Signed rate con KB-20977",
            &format!("Renee,\n\nSigned rate con for KB-20977 attached. Dale Alvarez again, truck 214.\n\n{rm_sig}\n"),
        )
        .cc(KEYSTONE.rep_email)
        .pdf("KB-20977_signed.pdf", &rc["KB-20977"])
        .story(rc_carries(l5), rc_story(l5)),
    );

    // 13: a Northstar rep forwards the carrier's original message as an attachment.
    let inner = mail(
        "13-inner",
        bl_dispatch,
        at(7, 16, 17, 30, 12),
        "-0400",
        "BY5PR12MB4211.4471342.0716@bluelinecarriers.example",
        "Signed RC - Load 4471342",
        &format!("Jake,\n\nSigned RC for 4471342 attached. Andre will pick up Monday 07/20 at GHG Distribution.\n\n{bl_sig}\n"),
    )
    .to("Jake Morales <jmorales@northstarlogistics.example>")
    .mailer(outlook)
    .pdf("RC_4471342_signed.pdf", &rc["4471342"]);
    mails.push(
        mail(
            "13-fwd-signed-ratecon-4471342",
            "Jake Morales <jmorales@northstarlogistics.example>",
            at(7, 16, 16, 48, 55),
            "-0500",
            "MN2PR04MB6071.fwd4471342@northstarlogistics.example",
            "Fwd: Signed RC - Load 4471342",
            "Ops,\n\nBlue Line sent the signed rate con for 4471342 to me directly instead of to ops.\nForwarding their original email so it gets filed.\n\nJake Morales\nCarrier Sales Manager | Northstar Logistics\n",
        )
        .mailer(outlook)
        .forward("Signed RC - Load 4471342.eml", inner.render())
        .story(
            "message/rfc822 attachment holding the carrier's email with its PDF: rate_confirmation, load 4471342",
            format!(
                "Open the attached message and its PDF; the carrier is the inner sender (dispatch@bluelinecarriers.example), not the forwarding rep. {}",
                rc_story(l7)
            ),
        ),
    );
    mails.push(
        mail(
            "14-pod-KB-20931-signed-bol",
            bl_dispatch,
            at(7, 17, 11, 2, 47),
            "-0400",
            "BY5PR12MB4211.KB20931.0717@bluelinecarriers.example",
            "POD KB-20931 delivered",
            &format!("Delivered Jul 17 at 09:25, signed BOL attached (Derek Simmons).\nInvoice to follow from our AR department.\n\n{bl_sig}\n"),
        )
        .html()
        .mailer(outlook)
        .pdf("KB-20931 POD.pdf", &pod_l2)
        .story(
            "proof_of_delivery (the VICS BOL signed by the consignee, stamped DELIVERED), load KB-20931",
            delivered(l2),
        ),
    );
    mails.push(
        mail(
            "15-pod-4471260-scan0001",
            lo,
            at(7, 17, 16, 30, 21),
            "-0500",
            "7C1E2F0A-4471260-pod@loneoakhauling.example",
            "POD 4471260",
            &format!("delivered, pod attached. they held me till 3\n\n{lo_sig}\n"),
        )
        .mailer(iphone)
        .pdf("scan0001.pdf", &pod_l4)
        .story(
            "proof_of_delivery with a generic file name (scan0001.pdf), load 4471260",
            format!(
                "Classify by content, not by file name. {} Time in 09:50, out 15:00 against a 10:00 appointment.",
                delivered(l4)
            ),
        ),
    );
    mails.push(
        mail(
            "16-signed-ratecon-SFP-88140",
            lo,
            at(7, 17, 17, 5, 33),
            "-0500",
            "7C1E2F0A-SFP88140@loneoakhauling.example",
            "Signed rate con SFP-88140",
            &format!("Kyle - signed rate con attached for SFP-88140. Monday pickup.\n\n{lo_sig}\n"),
        )
        .mailer(iphone)
        .pdf("SFP-88140 signed.pdf", &rc["SFP-88140"])
        .story(rc_carries(l8), rc_story(l8)),
    );
    mails.push(
        mail(
            "17-newsletter-freightpulse",
            "FreightPulse Weekly <newsletter@freightpulse.example>",
            at(7, 17, 19, 0, 0),
            "-0400",
            "fp.weekly.20260717.ops-northstar@freightpulse.example",
            "FreightPulse Weekly: spot van rates tick up ahead of Q3",
            "FreightPulse Weekly - July 17, 2026\n\nSPOT MARKET\nNational average dry van spot rate: $2.14 per mile, up 3 cents week over week.\nReefer: $2.52 per mile. Flatbed: $2.61 per mile. Load-to-truck ratios rose in the\nSoutheast as produce season peaks.\n\nDIESEL\nThe national average diesel price rose to $3.89 per gallon. Fuel surcharge tables\nkeyed to the weekly average move up one step next Monday.\n\nCOMPLIANCE\nFMCSA reminds brokers to verify operating authority before every load. Watch for\nlook-alike carrier names, new email domains and sudden remit-to changes.\n\nYou are receiving this email because ops@northstarlogistics.example subscribed at\nfreightpulse.example. Unsubscribe: https://freightpulse.example/u/ops-northstar\n",
        )
        .html()
        .header("List-Unsubscribe", "<https://freightpulse.example/u/ops-northstar>")
        .header("Precedence", "bulk")
        .story(
            "newsletter, no attachment, no load",
            "Nothing: not freight paperwork. No document, no exception, no email out.",
        ),
    );
    mails.push(
        mail(
            "18-invoice-BLC-23117",
            bl_ar,
            at(7, 18, 9, 40, 16),
            "-0400",
            "BY5PR12MB7702.BLC23117@bluelinecarriers.example",
            "Invoice BLC-23117 - Load KB-20931",
            &format!("Hello,\n\nAttached please find freight bill BLC-23117 for Keystone load KB-20931, Pro 5521847.\nBalance due $3,035.00.\n\nThank you,\n{bl_asig}\n"),
        )
        .cc(STAFF_AP)
        .html()
        .mailer(outlook)
        .pdf("BLC-23117.pdf", &pdf_blc23117)
        .story(
            "carrier_invoice BLC-23117, load KB-20931",
            format!(
                "Three-way match passes: billed {} = agreed {}; signed POD on file. No exception.",
                money(blc23117.total()),
                money(l2.total())
            ),
        ),
    );
    mails.push(
        mail(
            "19-packet-SFP-88123",
            pw_billing,
            at(7, 18, 10, 5, 0),
            "-0500",
            "pwt.20260718.100500.PWT5520@prairiewindtransport.example",
            "Invoice PWT-5520 / SFP-88123 - invoice, rate con, POD",
            &format!("Attached is our invoice packet for SFP-88123: invoice PWT-5520, the signed rate\nconfirmation and the POD.\n\n{pw_bsig}\n"),
        )
        .pdf("SFP-88123_packet.pdf", &packet)
        .story(
            "packet PDF: carrier_invoice PWT-5520 (p1) + rate_confirmation (p2) + proof_of_delivery (p3), load SFP-88123",
            format!(
                "Split the packet into its three documents. {} Exception for staff: invoice PWT-5520 bills {} for SFP-88123; the rate confirmation agrees {}; Line Haul Rate billed {} against {} agreed ({} over).",
                delivered(l3),
                money(pwt5520.total()),
                money(l3.total()),
                money(235_000),
                money(l3.linehaul),
                money(235_000 - l3.linehaul)
            ),
        ),
    );
    mails.push(
        mail(
            "20-invoice-LOH-1187-detention",
            lo,
            at(7, 18, 14, 15, 27),
            "-0500",
            "7C1E2F0A-LOH1187@loneoakhauling.example",
            "Invoice LOH-1187 load 4471260",
            &format!("Invoice attached. Includes 3 hrs detention at Trinity Beverage, they held me\nfrom 10:00 to 15:00 (2 hrs free).\n\n{lo_sig}\n"),
        )
        .mailer(iphone)
        .pdf("Invoice_LOH-1187.pdf", &pdf_loh1187)
        .story(
            "carrier_invoice LOH-1187, load 4471260",
            format!(
                "Exception for staff: invoice LOH-1187 bills {} for 4471260; the rate confirmation agrees {}; {} of detention (3 hrs @ $60.00) was not agreed (the rate con lists only lumper with receipt, and says detention needs written approval).",
                money(loh1187.total()),
                money(l4.total()),
                money(18_000)
            ),
        ),
    );
    mails.push(
        mail(
            "21-invoice-pod-PWT-5527",
            pw_billing,
            at(7, 20, 9, 30, 44),
            "-0500",
            "pwt.20260720.093044.PWT5527@prairiewindtransport.example",
            "Invoice PWT-5527 - Load 4471315 - POD attached",
            &format!("Invoice PWT-5527 and POD for Northstar load 4471315 attached.\n\n{pw_bsig}\n"),
        )
        .pdf("PWT-5527.pdf", &pdf_pwt5527)
        .pdf("POD 4471315.pdf", &pod_l6)
        .story(
            "carrier_invoice PWT-5527 + proof_of_delivery, load 4471315",
            format!(
                "{} Invoice PWT-5527 matches: billed {} = agreed {}; remit-to Heartland Freight Funding LLC matches the carrier's remit-to on file (factored). No exception.",
                delivered(l6),
                money(pwt5527.total()),
                money(l6.total())
            ),
        ),
    );
    mails.push(
        mail(
            "22-bol-4471342-corrupt",
            bl_dispatch,
            at(7, 20, 13, 45, 8),
            "-0400",
            "BY5PR12MB4211.4471342.0720@bluelinecarriers.example",
            "BOL - Load 4471342",
            &format!("Loaded at GHG Distribution, BOL attached.\n\n{bl_sig}\n"),
        )
        .html()
        .mailer(outlook)
        .pdf("BOL_GHG-118802.pdf", &corrupt)
        .story(
            "corrupt PDF (a BOL truncated to 55% of its bytes), load 4471342",
            "The attachment fails to parse: record it as unreadable, tell staff, and go on with the rest of the inbox (no crash, no retry loop). No picked-up milestone from it. The intact file is samples/pdfs/bol_4471342.pdf.",
        ),
    );
    mails.push(
        mail(
            "23-signed-ratecon-KB-21004",
            pw_dispatch,
            at(7, 20, 15, 10, 31),
            "-0500",
            "pwt.20260720.151031.KB21004@prairiewindtransport.example",
            "Signed load confirmation KB-21004",
            &format!("Renee,\n\nSigned load confirmation for KB-21004 attached.\n\n{pw_sig}\n"),
        )
        .cc(KEYSTONE.rep_email)
        .pdf("KB-21004.pdf", &rc["KB-21004"])
        .story(rc_carries(l10), rc_story(l10)),
    );
    mails.push(
        mail(
            "24-brochure-ironhorse",
            "Iron Horse Trailer Leasing <sales@ironhorsetrailer.example>",
            at(7, 20, 16, 0, 0),
            "-0500",
            "ihtl.summer26.7731@ironhorsetrailer.example",
            "Summer lease specials \u{2013} 53' reefers from $1,150/mo",
            "Hello from Iron Horse Trailer Leasing!\n\nOur summer fleet newsletter is attached: lease specials on 53' reefers and dry vans,\nand news about our new Joliet yard.\n\nCall (800) 555-0117 or reply to this email for a quote.\n",
        )
        .html()
        .pdf("IronHorse_Summer2026.pdf", &brochure_pdf)
        .story(
            "brochure PDF (kind other), no load",
            "Classify the PDF as other. Nothing to file, no exception, no email out.",
        ),
    );
    mails.push(
        mail(
            "25-pod-KB-20977",
            rm_dispatch,
            at(7, 21, 12, 40, 19),
            "-0600",
            "CAK2mRt8x0Fq.KB20977.pod@mail.redmesatrucking.example",
            "POD KB-20977",
            &format!("Delivered at Midway Market 11:10, clean POD attached.\nDriver paid $225.00 lumper at the dock, we will bill it on the invoice.\n\n{rm_sig}\n"),
        )
        .pdf("POD_KB-20977.pdf", &pod_l5)
        .story("proof_of_delivery, load KB-20977", format!("{} No lumper receipt comes with it.", delivered(l5))),
    );
    mails.push(
        mail(
            "26-pod-SFP-88140-damaged",
            lo,
            at(7, 21, 15, 5, 56),
            "-0500",
            "7C1E2F0A-SFP88140-pod@loneoakhauling.example",
            "POD SFP-88140 - 2 cases damaged",
            &format!("receiver wrote 2 CTNS DAMAGED on the pod. cases were crushed on the\nback pallet, looks like it was loaded that way. pod attached\n\n{lo_sig}\n"),
        )
        .mailer(iphone)
        .pdf("POD SFP-88140.pdf", &pod_l8)
        .story(
            "proof_of_delivery with OS&D note '2 CTNS DAMAGED', load SFP-88140",
            format!(
                "{} Exception for staff: the POD for SFP-88140 notes '2 CTNS DAMAGED' (possible cargo claim). The shipper is not told about the exception.",
                delivered(l8)
            ),
        ),
    );
    mails.push(
        mail(
            "27-invoice-RM-10461-lumper-no-receipt",
            rm_billing,
            at(7, 22, 9, 10, 38),
            "-0600",
            "CAK2mRt8x0Fq.RM10461@mail.redmesatrucking.example",
            "Invoice RM-10461 for load KB-20977",
            &format!("Hello,\n\nAttached is invoice RM-10461 for Keystone load KB-20977, $1,885.00 including\nthe $225.00 lumper our driver paid at Midway Market.\n\nThank you,\n{rm_bsig}\n"),
        )
        .cc(STAFF_AP)
        .pdf("RM-10461.pdf", &pdf_rm10461)
        .story(
            "carrier_invoice RM-10461, load KB-20977",
            format!(
                "Exception for staff: invoice RM-10461 bills {} = agreed {} + {} lumper; the rate con agrees lumper only with a receipt and no lumper receipt was received for KB-20977. Ask {} for the receipt; hold the lumper amount.",
                money(rm10461.total()),
                money(l5.total()),
                money(22_500),
                RED_MESA.billing_email
            ),
        ),
    );
    mails.push(
        mail(
            "28-invoice-BLC-23140-no-pod",
            bl_ar,
            at(7, 22, 11, 30, 2),
            "-0400",
            "BY5PR12MB7702.BLC23140@bluelinecarriers.example",
            "Invoice BLC-23140 - Load 4471342",
            &format!("Hello,\n\nAttached please find freight bill BLC-23140 for Northstar load 4471342, Pro 5521903.\nBalance due $1,455.00.\n\nThank you,\n{bl_asig}\n"),
        )
        .cc(STAFF_AP)
        .html()
        .mailer(outlook)
        .pdf("BLC-23140.pdf", &pdf_blc23140)
        .story(
            "carrier_invoice BLC-23140, load 4471342",
            format!(
                "Amounts match (billed {} = agreed {}) but no POD was ever received for 4471342: 'paperwork incomplete' reply to {} asking for the signed POD; the invoice waits.",
                money(blc23140.total()),
                money(l7.total()),
                BLUE_LINE.billing_email
            ),
        ),
    );
    mails.push(
        mail(
            "29-invoice-LOH-1196",
            lo,
            at(7, 22, 11, 0, 14),
            "-0500",
            "7C1E2F0A-LOH1196@loneoakhauling.example",
            "Invoice LOH-1196 SFP-88140",
            &format!("invoice for SFP-88140 attached\n\n{lo_sig}\n"),
        )
        .mailer(iphone)
        .pdf("Invoice_LOH-1196.pdf", &pdf_loh1196)
        .story(
            "carrier_invoice LOH-1196, load SFP-88140",
            format!(
                "Amounts match (billed {} = agreed {}); the POD on file carries the OS&D note '2 CTNS DAMAGED', so the POD check fails: exception for staff, hold payment pending the damage claim.",
                money(loh1196.total()),
                money(l8.total())
            ),
        ),
    );
    mails.push(
        mail(
            "30-invoice-PWT-5541-unbooked",
            pw_billing,
            at(7, 22, 16, 20, 47),
            "-0500",
            "pwt.20260722.162047.PWT5541@prairiewindtransport.example",
            "Invoice PWT-5541 load 4471450",
            &format!("Invoice PWT-5541 for load 4471450 attached.\n\n{pw_bsig}\n"),
        )
        .pdf("PWT-5541.pdf", &pdf_pwt5541)
        .story(
            "carrier_invoice PWT-5541, load 4471450 (never booked)",
            format!(
                "Exception for staff: invoice PWT-5541 ({}) is for load 4471450, which no division booked: no rate con, and PRO PW30466 / BOL SLN-22017 / PO SLN-7781 match no load.",
                money(pwt5541.total())
            ),
        ),
    );
    mails.push(
        mail(
            "31-pod-KB-21004",
            pw_dispatch,
            at(7, 23, 14, 0, 36),
            "-0500",
            "pwt.20260723.140036.KB21004@prairiewindtransport.example",
            "POD KB-21004",
            &format!("Renee, POD for KB-21004 attached. Delivered this morning.\n\n{pw_sig}\n"),
        )
        .pdf("POD_KB-21004.pdf", &pod_l10)
        .story("proof_of_delivery, load KB-21004", delivered(l10)),
    );
    mails.push(
        mail(
            "32-invoice-LOH-1203-mc-mismatch",
            lo,
            at(7, 24, 8, 45, 9),
            "-0500",
            "7C1E2F0A-LOH1203@loneoakhauling.example",
            "Invoice LOH-1203 for KB-21004",
            &format!("hauled this one for prairie wind, please pay us direct. invoice attached\n\n{lo_sig}\n"),
        )
        .mailer(iphone)
        .pdf("LOH-1203.pdf", &pdf_loh1203)
        .story(
            "carrier_invoice LOH-1203, load KB-21004",
            format!(
                "Exception for staff: invoice LOH-1203 is from Lone Oak Hauling LLC, MC {}, but the rate con for KB-21004 is with Prairie Wind Transport, MC {} (possible double brokering). Billed {} equals the agreed {}; do not pay.",
                LONE_OAK.mc,
                PRAIRIE_WIND.mc,
                money(loh1203.total()),
                money(l10.total())
            ),
        ),
    );
    mails.push(
        mail(
            "33-invoice-PWT-5527-duplicate",
            pw_billing,
            at(7, 27, 9, 0, 25),
            "-0500",
            "pwt.20260727.090025.PWT5527.resend@prairiewindtransport.example",
            "Resending invoice PWT-5527 - Load 4471315",
            &format!("Resending invoice PWT-5527 for load 4471315 ($1,000.00) in case the first one\ndid not come through. Please confirm receipt.\n\n{pw_bsig}\n"),
        )
        .pdf("PWT-5527.pdf", &pdf_pwt5527)
        .story(
            "carrier_invoice PWT-5527 again (new Message-ID), load 4471315",
            format!(
                "Exception for staff: duplicate invoice number PWT-5527 ({}) from Prairie Wind Transport, first received in 21-invoice-pod-PWT-5527.eml. Do not pay twice.",
                money(pwt5527.total())
            ),
        ),
    );

    for m in &mails {
        fs::write(inbox_dir.join(format!("{}.eml", m.file)), m.render()).expect("write eml");
    }

    let invoices: Vec<(&Invoice, &str)> = vec![
        (&rm10452, "matches (agreed total + lumper with receipt)"),
        (&blc23117, "matches"),
        (&pwt5520, "over the agreed rate: linehaul $250.00 over"),
        (&loh1187, "detention not agreed"),
        (&pwt5527, "matches; sent twice (duplicate)"),
        (&rm10461, "lumper with no lumper receipt"),
        (&blc23140, "no POD: paperwork request to the carrier"),
        (&loh1196, "matches; POD has OS&D damage note"),
        (&pwt5541, "load never booked"),
        (&loh1203, "MC differs from the rate con's carrier"),
    ];
    // Factoring: Lone Oak Hauling sells its invoices to Pecos Freight Capital. The factor's
    // Notice of Assignment, and Lone Oak's first invoice that asks payment to the factor (for a
    // second delivery on 4471260's lane), are sample PDFs that tests/noa.rs mails in; they are
    // not part of the inbox's stories.
    let factored: &'static Carrier = Box::leak(Box::new(Carrier {
        remit_name: "Pecos Freight Capital LLC",
        remit_street: "PO Box 60917",
        remit_csz: "Dallas, TX 75266",
        ..LONE_OAK
    }));
    write_pdf(
        &pdf_dir,
        "noa_lone_oak_pecos",
        vec![notice_of_assignment(&LONE_OAK, factored, day(7, 25))],
        "Notice of Assignment",
        "Pecos Freight Capital",
        false,
    );
    let loh1214 = invoice_for(
        l4,
        factored,
        "LOH-1214",
        day(7, 28),
        "LO-7790",
        agreed_lines(l4, &LONE_OAK),
        l4.terms,
        "",
    );
    inv_pdf(&loh1214);

    // Harvest Lane Beverage has no lane on file (its loads raise customer_rate_missing); its
    // tender for 4471260 gives the rate it pays (tests/billing.rs mails it in).
    write_pdf(
        &pdf_dir,
        "tender_4471260",
        vec![load_tender(l4, "HLB-T-5531", 185_000, 24_000, day(7, 13))],
        "Load Tender",
        "Harvest Lane TMS",
        false,
    );

    let stories = stories_md(&loads, &mails, &invoices);
    fs::write(samples.join("STORIES.md"), stories).expect("write STORIES.md");

    println!(
        "wrote {} PDFs, {} emails, 3 directory files and STORIES.md under {}",
        fs::read_dir(&pdf_dir)
            .expect("read pdfs")
            .filter(|e| e
                .as_ref()
                .map(|e| e.path().extension().is_some_and(|x| x == "pdf"))
                .unwrap_or(false))
            .count(),
        mails.len(),
        samples.display()
    );
}

fn stories_md(loads: &[Load], mails: &[Email], invoices: &[(&Invoice, &str)]) -> String {
    let mut s = String::new();
    s.push_str("# Sample inbox stories\n\n");
    s.push_str("Generated by `cargo run --example gen_samples` together with `samples/pdfs/`, `samples/inbox/` and\n`samples/directory/`; edit the generator, not this file. The inbox is processed in file-name order.\n");
    s.push_str("All mail goes to the shared inbox `ops@northstarlogistics.example`; staff are\n`ap@northstarlogistics.example`. Three brokerage divisions share this back office: Northstar Logistics\n(7-digit load numbers), Keystone Brokerage (`KB-`) and Summit Freight Partners (`SFP-`).\n\n");

    s.push_str("## Loads\n\n");
    s.push_str("| Load | Division | Carrier (MC) | Shipper (customer) -> consignee | Pickup -> delivery | Agreed (linehaul + FSC = total) | Agreed accessorials | Story |\n");
    s.push_str("| --- | --- | --- | --- | --- | --- | --- | --- |\n");
    let story = |n: &str| match n {
        "4471203" => "clean, with a lumper agreed on the rate con and its receipt",
        "KB-20931" => "clean",
        "SFP-88123" => "invoice over the agreed rate, sent as a packet",
        "4471260" => "invoice adds detention the rate con did not agree",
        "KB-20977" => "invoice adds a lumper with no lumper receipt",
        "4471315" => "invoice matches, then is sent again (duplicate)",
        "4471342" => "rate con forwarded by staff; BOL corrupt; invoice but no POD",
        "SFP-88140" => "POD notes 2 CTNS DAMAGED",
        "KB-21004" => "invoice from another carrier (MC mismatch)",
        _ => "",
    };
    for l in loads {
        let _ = writeln!(
            s,
            "| {} | {} | {} (MC {}) | {} ({}) -> {}, {} | {} -> {} | {} | {} | {} |",
            l.number,
            l.broker.name,
            l.carrier.name,
            l.carrier.mc,
            l.shipper.name,
            l.customer.name,
            l.consignee.name,
            l.consignee.city_st(),
            iso(l.pickup_date),
            iso(l.delivery_date),
            agreed(l),
            acc_summary(l),
            story(l.number)
        );
    }
    s.push_str("| 4471450 | (none) | - | - | - | never booked | - | invoiced by Prairie Wind Transport anyway |\n\n");

    s.push_str("## Customer billing\n\n");
    s.push_str("With `[billing]` in the config and `rules/billing.toml`, a load is billed to its customer the moment its\npaperwork is complete: a signed POD (Acme Foods also wants the BOL, and the lumper receipt of a load with a lumper), and no open `pod_osd_notes`,\n`pod_unsigned` or `carrier_mc_mismatch` exception. The rate is the customer's lane in\n`directory/lanes.csv` (linehaul and fuel percent); a lumper passes through at cost from its receipt. The\ninvoice email goes to the customer's `billing_email` with the invoice PDF and the required documents' own\npages, never a rate confirmation or carrier invoice page. Invoice numbers are `NS-000001`, … in billing order.\nGranite Home Goods also takes its invoices by EDI: each is written as an X12 210 file to\n`var/edi-outbox/` (`NS-000003.210.edi`), with the fuel surcharge under its EDI guide's code 405.\n\n");
    s.push_str("| Load | Customer (billing email) | Lane rate (linehaul + fuel %) | What the customer receives |\n| --- | --- | --- | --- |\n");
    let billing = |n: &str| {
        match n {
        "4471203" => "billed when the POD and lumper receipt arrive (`07-…`), the BOL already on file: linehaul, fuel and the lumper $185.00 (receipt DH-559031) at cost; invoice PDF + POD + BOL + lumper receipt pages",
        "KB-20931" => "billed when the signed BOL/POD arrives (`14-…`); invoice PDF + POD pages",
        "SFP-88123" => "billed when the packet brings the POD (`19-…`): the carrier's overbilling is the carrier's matter; invoice PDF + the POD page only, never the packet's invoice or rate con pages",
        "4471260" => "nothing: Harvest Lane has no lane on file; staff get `customer_rate_missing` when the POD arrives (`15-…`)",
        "KB-20977" => "nothing yet: Acme Foods wants the BOL (and the lumper receipt, the carrier billing a lumper), and neither arrives",
        "4471315" => "billed when the POD arrives with the invoice (`21-…`); invoice PDF + POD pages",
        "4471342" => "nothing: no POD",
        "SFP-88140" => "nothing: held by the POD's damage note (`pod_osd_notes`) until staff resolve it",
        "KB-21004" => "billed when the POD arrives (`31-…`), before the invoice from another carrier",
        _ => "",
    }
    };
    for l in loads {
        let rate = if l.customer.lanes {
            let (r, f) = customer_rate(l);
            format!("${}.{:02} + {:.1}%", r / 100, r % 100, f)
        } else {
            "no lane".to_string()
        };
        let _ = writeln!(
            s,
            "| {} | {} ({}) | {} | {} |",
            l.number,
            l.customer.name,
            if l.customer.billing_email.is_empty() {
                l.customer.contact_email
            } else {
                l.customer.billing_email
            },
            rate,
            billing(l.number)
        );
    }
    s.push('\n');

    s.push_str("## Invoices\n\n| Invoice | Carrier | Load | Date | Lines | Billed | Outcome |\n| --- | --- | --- | --- | --- | --- | --- |\n");
    for (inv, outcome) in invoices {
        let lines: Vec<String> = inv
            .lines
            .iter()
            .map(|l| format!("{} {}", l.desc, money(l.amount)))
            .collect();
        let _ = writeln!(
            s,
            "| {} | {} | {} | {} | {} | {} | {} |",
            inv.number,
            inv.carrier.name,
            inv.load_number,
            iso(inv.date),
            lines.join("; "),
            money(inv.total()),
            outcome
        );
    }

    s.push_str("\n## Emails\n\n| File | From | Carries (kind, load) | What the back office expects |\n| --- | --- | --- | --- |\n");
    for m in mails {
        let from = m
            .from
            .split('<')
            .nth(1)
            .map(|x| x.trim_end_matches('>'))
            .unwrap_or(&m.from);
        let _ = writeln!(
            s,
            "| `{}.eml` | {} | {} | {} |",
            m.file,
            from,
            m.carries.replace('|', "/"),
            m.expect.replace('|', "/")
        );
    }

    s.push_str("\n## Document layouts\n\n");
    s.push_str("Each PDF in `samples/pdfs/` has `NAME.expected.json` beside it with the fields the generator drew\n(normalized as in the domain notes: money `2350.00`, ISO dates, whole pounds, identifiers without labels).\n`remit_to_address` is the street line and the city line joined with `, `. `hazmat` is `false` on every BOL\n(the VICS form shows it as an empty H.M. column; the Granite form as checkboxes and a HAZMAT column).\n\n");
    s.push_str("| Layout | Files | Dates | Labels worth knowing |\n| --- | --- | --- | --- |\n");
    s.push_str("| Northstar rate con (2 pages, T&C on page 2) | `ratecon_4471203`, `_4471260`, `_4471315`, `_4471342` | `07/14/2026` | `Load #:`, `MC 123456     USDOT 3184527` in the CARRIER box, `Broker MC 901227` in the letterhead, stops table (`PU#`, `PO#`), `Line Haul`, `Fuel Surcharge`, `Total Carrier Pay`, `AGREED ACCESSORIALS` table, `Payment Terms:` |\n");
    s.push_str("| Keystone rate con (1 page, compressed streams) | `ratecon_KB-20931`, `_KB-20977`, `_KB-21004` | `Jul 14, 2026` | `Load No.` above the value, `MC#:`, `DOT#:`, SHIPPER / CONSIGNEE side by side, `Linehaul`, `Total Carrier Pay`, `ACCESSORIALS (PRE-APPROVED ONLY)`, `Terms:` |\n");
    s.push_str("| Summit rate con (1 page, Courier) | `ratecon_SFP-88123`, `_SFP-88140`, packet page 2 | `7/14/26` | `ORDER #:`, `MC:` only (no DOT), upper-case facilities and commodity, `LINEHAUL`, `TOTAL DUE CARRIER`, `PAYMENT TERMS:` |\n");
    s.push_str("| VICS BOL | `bol_4471203`, `bol_KB-20931` | `07/14/2026` | `Bill of Lading Number:`, `CARRIER NAME:`, `SCAC:`, `Pro number:`, `Load #:`, Ship From / Ship To / Third Party Bill To, freight terms as `X` in a checkbox before `Prepaid` / `Collect` / `3rd Party` |\n");
    s.push_str("| Granite short-form BOL | `bol_SFP-88123`, `bol_4471342` | `Jul 16, 2026` | `BOL#:`, `Ship Date:`, `Load #:`, `PO #:`, `PRO #:`, `Freight Charges:` checkboxes |\n");
    s.push_str("| Signed VICS BOL as POD | `pod_KB-20931` | `07/17/2026` | stamped `DELIVERED`; `Received by (print):`, `Signature: /s/ ...`, `Delivery Date:`, `OS&D / Exceptions:` box |\n");
    s.push_str("| Carrier delivery receipt (POD) | other `pod_*`, packet page 3 | carrier's style (below) | `DELIVERY RECEIPT`, `PRO #:`, `Delivery Date:`, `Receiver Printed Name:`, `Receiver Signature: /s/ ...`, `OS&D NOTES / EXCEPTIONS` box (empty when clean) |\n");
    s.push_str("| Red Mesa invoice | `invoice_RM-*` | `07/16/2026` | `Invoice #`, `Load #`, `PRO #`, `BOL #`, `Total Due`, `REMIT TO` box, `MC 123456` |\n");
    s.push_str("| Blue Line freight bill (compressed) | `invoice_BLC-*` | `Jul 17, 2026` | `FREIGHT BILL`, `Invoice No.`, `Pro Number:`, `Broker Load No.:`, `BOL#:`, `Balance Due`, `MC# 654321` |\n");
    s.push_str("| Prairie Wind invoice (compressed, factored) | `invoice_PWT-*`, packet page 1 | `7/18/26` | `Invoice #:`, `Broker Load #:`, `PRO:`, `BOL:`, `NOTICE OF ASSIGNMENT` with `Remit To:` the factor, `Amount Due:` |\n");
    s.push_str("| Lone Oak invoice | `invoice_LOH-*` | `7/18/2026` | `Invoice` with a DATE / INVOICE # grid, `LOAD #` / `TERMS` / `SHIP DATE` / `PRO #` / `BOL #` grid, `Total`, `Remit To:`, `MC-1045872` |\n");
    s.push_str("| Lumper receipt (Courier) | `lumper_4471203` | `07/15/2026` | `Receipt #:`, `Facility:`, `Load #:`, `PO #:`, `TOTAL PAID:` |\n");
    s.push_str("| Brochure (kind `other`) | `brochure_ironhorse_summer2026` | - | prices per month, a Joliet yard, no freight fields |\n");
    s
}
