//! Reading fields without a template: find a field's printed label (from `[kind.labels]` in
//! `rules/kinds.toml`) at the start of a cell — page text puts columns in runs of two or more
//! spaces — and take the value in the same cell after the label, in the cells to its right on
//! the same line, or in the same column on the lines below. A candidate is kept only when it
//! parses as the field's type ([`ValueType::for_field`]); each value carries a confidence.

use std::collections::BTreeMap;

use regex::Regex;
use std::sync::LazyLock;

use crate::model::{normalize, Field, Provenance, ValueType};
use crate::rules::KindRule;

use super::PageText;

/// One cell of a line: its text (trimmed), byte offset in the page, and column range.
#[derive(Debug, Clone)]
pub(super) struct Cell<'a> {
    pub(super) text: &'a str,
    pub(super) byte: usize,
    pub(super) col: usize,
    pub(super) end_col: usize,
}

/// Split a line (starting at byte `base` of the page) into cells separated by ≥ 2 spaces.
pub(super) fn cells(line: &str, base: usize) -> Vec<Cell<'_>> {
    let mut out = Vec::new();
    let chars: Vec<(usize, char)> = line.char_indices().collect();
    let mut i = 0;
    while i < chars.len() {
        if chars[i].1.is_whitespace() || chars[i].1 == '|' {
            i += 1;
            continue;
        }
        let start = i;
        let mut end = i;
        while end < chars.len() {
            if chars[end].1 == '|'
                || chars[end].1.is_whitespace()
                    && (end + 1 >= chars.len() || chars[end + 1].1.is_whitespace())
            {
                break;
            }
            end += 1;
        }
        let b0 = chars[start].0;
        let b1 = chars.get(end).map_or(line.len(), |c| c.0);
        out.push(Cell {
            text: line[b0..b1].trim(),
            byte: base + b0,
            col: start,
            end_col: end,
        });
        i = end;
    }
    out
}

/// A value candidate: printed text, byte offset, and confidence.
struct Candidate<'a> {
    text: &'a str,
    byte: usize,
    confidence: f64,
    /// Lines below the label, for a multi-line block (addresses).
    block: Vec<Cell<'a>>,
    /// Where the label it was found by is printed: line (0-based, on its page) and column.
    at: (usize, usize),
}

/// Does `cell` start with `label` (ignoring case, and spaces and dots that OCR adds or drops:
/// `Pro.Number`, `Order#`) followed by a non-alphanumeric character? Returns the rest of the
/// cell after the label and any `:`, `#`, `.`.
pub(super) fn after_label<'a>(cell: &'a str, label: &str) -> Option<&'a str> {
    let loose = |c: char| c == ' ' || c == '.';
    let mut ci = cell.char_indices().peekable();
    let mut li = label.chars().peekable();
    // The last character of the cell that matched a character of the label.
    let mut last = ' ';
    // Letters of the label's current word matched so far.
    let mut in_word = 0;
    while let Some(&l) = li.peek() {
        let Some(&(_, c)) = ci.peek() else {
            // The cell ended: only loose characters may remain in the label.
            if li.all(loose) {
                break;
            }
            return None;
        };
        if c.eq_ignore_ascii_case(&l) || ocr_alike(c, l) {
            last = c;
            in_word = if l.is_alphanumeric() { in_word + 1 } else { 0 };
            ci.next();
            li.next();
        } else if c == '.' && l.is_alphabetic() && in_word >= 4 {
            // A word abbreviated with a dot after four letters or more (`EQUIP.` for
            // `Equipment`, `Commodity Desc.`): the rest of the label's word is passed over.
            // (`Pro.` is a PRO, not a `Product`.)
            while li.peek().is_some_and(|l| l.is_alphanumeric()) {
                li.next();
            }
            last = c;
            in_word = 0;
            ci.next();
        } else if loose(l) {
            in_word = 0;
            li.next();
        } else if loose(c) {
            last = c;
            ci.next();
        } else {
            return None;
        }
    }
    let n = ci.peek().map_or(cell.len(), |&(i, _)| i);
    let mut rest = &cell[n..];
    // A dash joined to the label and then a digit makes the label the prefix of an identifier
    // (`PO-92230`, `MC-1121495`): the whole is the value.
    let mut after_dash = rest.chars();
    if last.is_alphanumeric()
        && matches!(after_dash.next(), Some('-'))
        && after_dash.next().is_some_and(|c| c.is_ascii_digit())
    {
        return Some(cell.trim());
    }
    // A label is whole words: `Trucking Co.` is not the start of `Trucking Company`.
    if last.is_alphanumeric() && rest.chars().next().is_some_and(|c| c.is_alphanumeric()) {
        return None;
    }
    // A unit or qualifier in parentheses belongs to the label: `Total Pay (USD):`,
    // `Weight (lbs)`, `Fuel Surcharge (18%)`.
    if let Some(inner) = rest.trim_start().strip_prefix('(') {
        if let Some(close) = inner.find(')').filter(|&c| c <= 24) {
            rest = &inner[close + 1..];
        }
    }
    let last_alnum = label.chars().last().is_some_and(|c| c.is_alphanumeric());
    let value = skip_separators(rest);
    // A value in the label's own cell needs a separator (`Load #: 1`, `MC# 1`, `Load # - 1`)
    // or must look like a number (`MC 590311`), so a title (`CARRIER RATE AGREEMENT`) is not
    // read as one.
    let separated = !last_alnum || value.len() < rest.trim_start().len();
    if !value.is_empty()
        && !separated
        && !value.starts_with(|c: char| c.is_ascii_digit() || c == '$')
    {
        return None;
    }
    Some(value)
}

/// The rest of a cell after the punctuation printed between a label and its value: `Load #: 1`,
/// `Total ....... $1.00`, `Amount = 5`, and a dash that stands apart (`Load # - 1`), not one
/// joined to the label (`PO-92230` is the number; `Broker-` is a word wrapped at its hyphen).
fn skip_separators(rest: &str) -> &str {
    let mut prev_space = false;
    for (i, c) in rest.char_indices() {
        let dash = matches!(c, '-' | '–' | '—');
        let sep = matches!(c, ':' | ';' | '#' | '.' | '=' | '>' | '_' | '…' | '·');
        if c.is_whitespace() {
            prev_space = true;
        } else if sep || (dash && prev_space) {
            prev_space = false;
        } else {
            return &rest[i..];
        }
    }
    ""
}

/// Characters OCR confuses in a label printed in letters: `0`/`O`, `1`/`l`/`I`/`|`, `5`/`S`,
/// `8`/`B` (`L0AD #`, `PR0`, `BlLL T0`). Only a label letter matches a printed digit; a label
/// digit must be printed as one.
fn ocr_alike(printed: char, label: char) -> bool {
    label.is_alphabetic() && fold_ocr(printed) == fold_ocr(label)
}

/// A character as OCR confuses it, lower case: `0`/`o`, `1`/`l`/`i`, `5`/`s`, `8`/`b` alike.
fn fold_ocr(c: char) -> char {
    match c.to_lowercase().next().unwrap_or(c) {
        '0' | 'o' => 'o',
        '1' | 'l' | 'i' | '|' | '!' => 'l',
        '5' | 's' => 's',
        '8' | 'b' => 'b',
        c => c,
    }
}

/// Is this cell a label or heading (the whole cell, ignoring case and a trailing `:`)?
pub(super) fn is_label(cell: &str, known: &[String]) -> bool {
    let c = cell.trim_end_matches([':', ';', '.']).trim();
    // A label's first letter must match the cell's (as after_label compares them): most labels
    // are ruled out without walking them.
    let first = |s: &str| {
        s.chars()
            .next()
            .filter(|c| c.is_alphanumeric())
            .map(fold_ocr)
    };
    // Labels printed together over one value: `Date / Time`, `EXCEPTIONS / OS&D NOTES`.
    if c.contains('/') {
        let parts: Vec<&str> = c.split('/').map(str::trim).collect();
        if parts.len() >= 2
            && parts.iter().all(|p| !p.is_empty())
            && parts.iter().all(|p| !p.contains('/') && is_label(p, known))
        {
            return true;
        }
    }
    // A party's heading printed with its direction (`FROM: Shipper`).
    if direction_rest(c).is_some_and(|rest| is_label(rest, known)) {
        return true;
    }
    let cf = first(c);
    // With its dot, a word abbreviated at the cell's end (`COMMODITY DESC.`).
    let dotted = cell.trim_end_matches([':', ';']).trim();
    known.iter().any(|k| {
        let kf = first(k);
        (cf.is_none() || kf.is_none() || cf == kf)
            && (after_label(c, k).is_some_and(|r| r.is_empty() || is_ordinal(r))
                || (dotted.len() > c.len() && after_label(dotted, k) == Some("")))
    })
}

/// Is this cell another label printed with its value (`SCAC: CPGO`, `Carrier Legal Name:
/// Patriot Haul Inc`, `Trucking Company - Sandoval Brothers`)? Such a cell is that label's
/// value, never the value of a label beside or above it.
fn is_labelled_value(cell: &str, known: &[String]) -> bool {
    known.iter().any(|k| {
        after_label(cell, k).is_some_and(|r| {
            // A separator was printed between them (not `MC 590311`, where the number follows).
            !r.is_empty()
                && cell[..cell.len() - r.len()]
                    .trim_end()
                    .ends_with([':', '-', '#', '='])
        })
    })
}

/// A line of a party's block printed with its own label (`Name: ACME FOODS DC`, `Address:
/// 1 Main St`): part of the block under a heading, not another field's value.
fn is_block_part(cell: &str) -> bool {
    let l = cell.trim_start().to_ascii_lowercase();
    [
        "name", "address", "addr", "street", "city", "contact", "phone", "attn",
    ]
    .iter()
    .any(|p| {
        l.strip_prefix(p)
            .is_some_and(|r| r.trim_start().starts_with(':'))
    })
}

/// Is `cell` a party's or a stop's heading printed after its direction or number (`FROM:
/// Shipper`, `TO: Consignee`, `Deliver To: Receiver`, `Stop 2 -- Delivery`): one to three words
/// or numbers, a colon or a dash, then `label` and nothing else?
fn is_direction_heading(cell: &str, label: &str) -> bool {
    direction_rest(cell).is_some_and(|rest| {
        after_label(rest, label).is_some_and(|r| r.trim_end_matches([':', '.']).trim().is_empty())
    })
}

/// What follows a direction or a stop's number and its colon or dash (`Shipper` of `FROM:
/// Shipper`, `Delivery` of `Stop 2 -- Delivery`), trimmed; None when the cell does not start
/// with one to three words or numbers (at least one a word) and such a separator.
pub(super) fn direction_rest(cell: &str) -> Option<&str> {
    let (i, n) = [":", " -- ", " — ", " – ", " - "]
        .iter()
        .filter_map(|sep| cell.find(sep).map(|i| (i, sep.len())))
        .min()?;
    let before = &cell[..i];
    let words = before.split_whitespace().count();
    let ok = (1..=3).contains(&words)
        && before
            .split_whitespace()
            .all(|w| w.chars().all(char::is_alphabetic) || is_ordinal(w))
        && before
            .split_whitespace()
            .any(|w| w.chars().all(char::is_alphabetic));
    ok.then(|| cell[i + n..].trim())
}

/// A heading's number (`1` of `Stop 1`, `#2` of `SHIPPER #2`, `(1)`): one or two digits.
fn is_ordinal(rest: &str) -> bool {
    let r = rest.trim_start_matches('#').trim_matches(['(', ')']).trim();
    (1..=2).contains(&r.len()) && r.chars().all(|c| c.is_ascii_digit())
}

static CITY_STATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"([A-Za-z][A-Za-z .'-]*),\s*([A-Z]{2})\b(?:\s+\d{5}(?:-\d{4})?)?\s*$|([A-Za-z][A-Za-z .'-]*),\s*([A-Z]{2})\b|([A-Za-z][A-Za-z .'-]*?)\s+([A-Z]{2})\s+\d{5}(?:-\d{4})?\s*$").expect("valid regex")
});
static NET_DAYS: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)^net\s?\d{1,3}(?:\s+days?)?\b").expect("valid regex"));
static MONEY: LazyLock<Regex> =
    // With a currency mark the cents may be left out (`USD 4,250`, `$300`, `1,200 USD`).
    LazyLock::new(|| {
        Regex::new(r"(?:\$|\bUSD)\s?\d[\d,]*(?:\.\d{2})?\b|\d[\d,]*\.\d{2}|\b\d[\d,]*\s?USD\b")
            .expect("valid regex")
    });
pub(super) static DATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"\b\d{1,2}/\d{1,2}/\d{2,4}\b|\b\d{4}-\d{2}-\d{2}\b|\b\d{1,2}-\d{1,2}-\d{2,4}\b|\b[A-Z][A-Za-z]{2,8}\.? \d{1,2}(?:st|nd|rd|th)?,? \d{4}\b|\b\d{1,2}(?:st|nd|rd|th)?[- ][A-Z][A-Za-z]{2,8}\.?,?[- ](?:\d{4}|\d{2})\b",
    )
    .expect("valid regex")
});
static WEIGHT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b\d[\d,]*(?:\.\d+)?\s*(?:lbs?|kg|pounds)?\b").expect("valid regex")
});

/// The US states and the District of Columbia by name, with their USPS codes (USPS Publication
/// 28, appendix B).
const STATE_NAMES: [(&str, &str); 51] = [
    ("alabama", "AL"),
    ("alaska", "AK"),
    ("arizona", "AZ"),
    ("arkansas", "AR"),
    ("california", "CA"),
    ("colorado", "CO"),
    ("connecticut", "CT"),
    ("delaware", "DE"),
    ("district of columbia", "DC"),
    ("florida", "FL"),
    ("georgia", "GA"),
    ("hawaii", "HI"),
    ("idaho", "ID"),
    ("illinois", "IL"),
    ("indiana", "IN"),
    ("iowa", "IA"),
    ("kansas", "KS"),
    ("kentucky", "KY"),
    ("louisiana", "LA"),
    ("maine", "ME"),
    ("maryland", "MD"),
    ("massachusetts", "MA"),
    ("michigan", "MI"),
    ("minnesota", "MN"),
    ("mississippi", "MS"),
    ("missouri", "MO"),
    ("montana", "MT"),
    ("nebraska", "NE"),
    ("nevada", "NV"),
    ("new hampshire", "NH"),
    ("new jersey", "NJ"),
    ("new mexico", "NM"),
    ("new york", "NY"),
    ("north carolina", "NC"),
    ("north dakota", "ND"),
    ("ohio", "OH"),
    ("oklahoma", "OK"),
    ("oregon", "OR"),
    ("pennsylvania", "PA"),
    ("rhode island", "RI"),
    ("south carolina", "SC"),
    ("south dakota", "SD"),
    ("tennessee", "TN"),
    ("texas", "TX"),
    ("utah", "UT"),
    ("vermont", "VT"),
    ("virginia", "VA"),
    ("washington", "WA"),
    ("west virginia", "WV"),
    ("wisconsin", "WI"),
    ("wyoming", "WY"),
];

/// A city, a state code with a character OCR confuses for a letter, and a ZIP code.
static CITY_STATE_OCR: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"([A-Za-z][A-Za-z .'-]*),?\s+([A-Z0-9!|l]{2})\s+\d{5}(?:-\d{4})?\s*$")
        .expect("valid regex")
});

/// A city and a state printed by name (`Phoenix, Arizona 85043`, `KENT, WASHINGTON`).
static CITY_STATE_NAME: LazyLock<Regex> = LazyLock::new(|| {
    let names: Vec<String> = STATE_NAMES
        .iter()
        .map(|(n, _)| n.replace(' ', r"\s+"))
        .collect();
    Regex::new(&format!(
        r"(?i)([A-Za-z][A-Za-z .'-]*),\s*({})(?:\s+\d{{5}}(?:-\d{{4}})?)?\s*$",
        names.join("|")
    ))
    .expect("valid regex")
});

/// City and state of a cell such as `Beaumont, TX 77705`, `Hawkeye Foods, Des Moines, IA`,
/// without a comma `Jacksonville FL 32034` (a ZIP code after the state makes it one), or with
/// the state by name (`Phoenix, Arizona 85043`: `AZ`).
pub(super) fn city_state(text: &str) -> Option<(String, String)> {
    let (city, state) = match CITY_STATE.captures(text) {
        Some(c) => (
            c.get(1).or_else(|| c.get(3)).or_else(|| c.get(5))?.as_str(),
            c.get(2).or_else(|| c.get(4)).or_else(|| c.get(6))?.as_str(),
        ),
        None if CITY_STATE_NAME.is_match(text) => {
            let c = CITY_STATE_NAME.captures(text)?;
            let name = c[2].split_whitespace().collect::<Vec<_>>().join(" ");
            let code = STATE_NAMES
                .iter()
                .find(|(n, _)| n.eq_ignore_ascii_case(&name))?
                .1;
            (c.get(1)?.as_str(), code)
        }
        None => {
            // A state code OCR read with a digit or a bar for a letter (`Boise, 1D 83709`,
            // `Toledo, 0H 43612`): taken when it folds to a state's code and a ZIP follows.
            let c = CITY_STATE_OCR.captures(text)?;
            let folded: String = c[2]
                .chars()
                .map(|ch| match ch {
                    '1' | '!' | '|' | 'l' => 'I',
                    '0' => 'O',
                    '5' => 'S',
                    '8' => 'B',
                    ch => ch,
                })
                .collect();
            let code = STATE_NAMES
                .iter()
                .map(|(_, code)| *code)
                .find(|code| *code == folded)?;
            (c.get(1)?.as_str(), code)
        }
    };
    let city = city.rsplit(',').next().unwrap_or(city).trim();
    (!city.is_empty()).then(|| (city.to_string(), state.to_string()))
}

/// The field's value in a candidate's text, normalized, with the printed part; None when it
/// does not parse as the field's type.
fn parse_value(field: &str, text: &str) -> Option<(String, String)> {
    let text = text.trim();
    // A cell ending with a colon is a caption (`Exception type:`), never a value; nor is the
    // page's furniture (`Page 1 of 2`).
    if text.is_empty() || text.ends_with(':') || PAGE_NUMBER.is_match(text) {
        return None;
    }
    if field.ends_with("_city") {
        return city_state(text).map(|(c, _)| (c.clone(), c));
    }
    if field.ends_with("_state") {
        return city_state(text).map(|(_, s)| (s.clone(), s));
    }
    let vt = ValueType::for_field(field);
    let printed: String = match vt {
        ValueType::Money => MONEY.find(text)?.as_str().to_string(),
        ValueType::Date => DATE.find(text)?.as_str().to_string(),
        ValueType::Weight => {
            let m = WEIGHT.find(text)?.as_str();
            if !text.starts_with(|c: char| c.is_ascii_digit()) {
                return None;
            }
            m.to_string()
        }
        ValueType::Digits => {
            let t = text.split_whitespace().next()?;
            // Sentence punctuation after the number (`MC 123456.`), and a letter prefix joined
            // to it (`MC-1121495`, `MC#234293`).
            let t = t.trim_end_matches(['.', ',', ';', ':', '|']);
            let t = match t.find(|c: char| !c.is_ascii_alphabetic()) {
                Some(i @ 1..=4) if t[i..].starts_with(['-', '#']) => &t[i + 1..],
                _ => t,
            };
            let t = t.trim_start_matches('#');
            if !t.chars().all(|c| c.is_ascii_digit()) {
                return None;
            }
            t.to_string()
        }
        ValueType::Integer => {
            let mut words = text.split_whitespace();
            let t = words.next()?;
            // A number with a unit of weight after it (`24,640 Lbs.`) is a weight, not a count.
            let unit = words
                .next()
                .map(|w| w.trim_end_matches('.').to_ascii_lowercase());
            if unit.is_some_and(|u| ["lb", "lbs", "kg", "kgs", "pounds"].contains(&u.as_str())) {
                return None;
            }
            let t = t.trim_end_matches(['.', ';', ':', '|']);
            if !t.chars().all(|c| c.is_ascii_digit() || c == ',') {
                return None;
            }
            t.to_string()
        }
        ValueType::Id => {
            // A box's edge read with the value (`[3129035853`, `|8021558315|`) is not part of it.
            let t = text
                .split_whitespace()
                .next()?
                .trim_start_matches(['[', '|', '{'])
                .trim_end_matches([']', '|', '}']);
            if !t.chars().any(|c| c.is_ascii_digit()) && field != "scac" {
                return None;
            }
            if field == "scac" && !(2..=4).contains(&t.len()) {
                return None;
            }
            t.to_string()
        }
        ValueType::Flag => {
            // A mark or a short answer (`X`, `Yes`, `No`, `Y - UN1993`), never a sentence.
            if text.split_whitespace().count() > 4 {
                return None;
            }
            let l = text.to_ascii_lowercase();
            let no = ["no", "n", "none", "false", "-"];
            let v = !no
                .iter()
                .any(|n| l == *n || l.starts_with(&format!("{n} ")));
            return Some((v.to_string(), text.to_string()));
        }
        ValueType::Text if field.ends_with("_name") => {
            // A form's block prints the name after its own `Name:` (`Name: ACME FOODS DC`).
            let t = match text.get(..5) {
                Some(n) if n.eq_ignore_ascii_case("name:") => &text[5..],
                _ => text,
            };
            // A name ends where a separator printed between parts of a line starts
            // (`Redwater 3PL Group -- Authorized representative: …`, `Acme | MC 1`).
            let t = [" -- ", " — ", " – ", " | ", " · "]
                .iter()
                .filter_map(|sep| t.find(sep))
                .min()
                .map_or(t, |i| &t[..i]);
            // A legal form OCR misread (`Iron Horse Express LLG`, `TruckPay Factoring ine.`) is
            // read as the form it is.
            let mended: String;
            let t = if t.split(' ').skip(1).any(|w| ocr_legal_form(w).is_some()) {
                mended = t
                    .split(' ')
                    .enumerate()
                    .map(|(k, w)| match ocr_legal_form(w) {
                        Some(form) if k > 0 => form,
                        _ => w.to_string(),
                    })
                    .collect::<Vec<_>>()
                    .join(" ");
                mended.as_str()
            } else {
                t
            };
            // A name is not a sentence: it ends before the first word in lower case that does
            // not join a name's words (`Red Rock Transport Inc. has sold this invoice to …`,
            // but `Bank of the West`, `Sons and Daughters Moving`).
            let mut at: usize = 0;
            let mut cut = t.len();
            for (k, w) in t.split(' ').enumerate() {
                if k > 0 && is_prose_word(w) {
                    cut = at.saturating_sub(1);
                    break;
                }
                at += w.len() + 1;
            }
            let t = t[..cut].trim_end();
            // A street line (`3328 Trade Center Pkwy, Savannah, GA`) is an address, not a name.
            if t.starts_with(|c: char| c.is_ascii_digit()) && city_state(text).is_some() {
                return None;
            }
            // A name ends at a comma (`Acme Foods, 1 Main St`), unless a company's legal form
            // follows it (`Lone Oak Motor Lines, Inc.`, `Bluewater Services, LLC`).
            let mut end = t.find(',').unwrap_or(t.len());
            while end < t.len() {
                let next = t[end + 1..].find(',').map_or(t.len(), |i| end + 1 + i);
                if !is_legal_form(&t[end + 1..next]) {
                    break;
                }
                end = next;
            }
            // A dash or bar left at the end (a scan's rule line, `Liberty Furniture DC -`).
            t[..end]
                .trim_end_matches([' ', '-', '–', '—', '|', '_'])
                .trim()
                .to_string()
        }
        // A person's name is not a sentence (`Unloaded by: Facility lumper service. …`).
        ValueType::Text if field == "received_by" => {
            if text.split_whitespace().skip(1).any(is_prose_word) {
                return None;
            }
            text.to_string()
        }
        // Terms end with their sentence (`Net 30. Please reference…`).
        ValueType::Text if field.ends_with("_terms") => {
            let t = text.split(". ").next().unwrap_or(text).trim();
            // `Net 30 from receipt of signed POD`: the terms are `Net 30`.
            let t = NET_DAYS
                .find(t)
                .filter(|m| m.start() == 0)
                .map_or(t, |m| m.as_str());
            // `Net15` (a scan that lost the space) is `Net 15`.
            match t.get(..3).filter(|n| n.eq_ignore_ascii_case("net")) {
                Some(n) if t[3..].starts_with(|c: char| c.is_ascii_digit()) => {
                    format!("{n} {}", &t[3..])
                }
                _ => t.to_string(),
            }
        }
        _ => text.to_string(),
    };
    normalize(vt, &printed).map(|v| (v, printed))
}

/// Is `w` a word of prose, not of a name: in lower case and not one that joins a name's words
/// (`of`, `and`, `the`: `Bank of the West`; `de`, `van`: `Maria de la Cruz`)?
fn is_prose_word(w: &str) -> bool {
    const JOINERS: [&str; 12] = [
        "of", "and", "the", "for", "de", "del", "la", "le", "von", "van", "du", "y",
    ];
    w.starts_with(|c: char| c.is_lowercase()) && !JOINERS.contains(&w)
}

/// Is `part` (printed after a comma in a name) a company's legal form: `Inc.`, `LLC`, `L.L.C.`,
/// `Ltd`, `Co.`, `Corp.`, `LP`, `LLP`, `PLLC`?
fn is_legal_form(part: &str) -> bool {
    let p: String = part
        .trim()
        .chars()
        .filter(|c| *c != '.')
        .collect::<String>()
        .to_ascii_lowercase();
    [
        "inc",
        "llc",
        "ltd",
        "co",
        "corp",
        "lp",
        "llp",
        "pllc",
        "incorporated",
        "limited",
    ]
    .contains(&p.as_str())
}

/// A company's legal form as OCR misreads it, mended: `lnc`, `ine`, `1nc` are `Inc`, and
/// `LLG`, `L1C`, `1LC` are `LLC` (c/e, l/1/I and C/G confusions), with the word's own case
/// and trailing dot or comma; `None` for any other word (a form read right among them).
fn ocr_legal_form(word: &str) -> Option<String> {
    let core = word.trim_end_matches(['.', ',']);
    let tail = &word[core.len()..];
    let caps = core
        .chars()
        .filter(|c| c.is_alphabetic())
        .all(|c| c.is_uppercase());
    let form = match core.to_ascii_lowercase().as_str() {
        "lnc" | "ine" | "1nc" => {
            if caps {
                "INC"
            } else {
                "Inc"
            }
        }
        "llg" | "l1c" | "1lc" => "LLC",
        _ => return None,
    };
    Some(format!("{form}{tail}"))
}

/// Candidates for one label on one page, best position first.
fn candidates<'a>(
    lines: &[(usize, &'a str)],
    label: &str,
    known: &[String],
    typed: bool,
    place: bool,
    flag: bool,
    stop_date: bool,
) -> Vec<Candidate<'a>> {
    let mut out = Vec::new();
    for (li, &(base, line)) in lines.iter().enumerate() {
        let cs = cells(line, base);
        let header = cs.len() >= 2 && cs.iter().all(|c| is_label(c.text, known));
        for (ci, cell) in cs.iter().enumerate() {
            let rest = match after_label(cell.text, label) {
                Some(rest) => rest,
                // One of labels printed together (`EXCEPTIONS / OS&D NOTES:`) is this label.
                None if cell.text.contains('/')
                    && is_label(cell.text, known)
                    && cell.text.split('/').any(|p| {
                        after_label(p.trim(), label)
                            .is_some_and(|r| r.trim_end_matches([':', '.']).trim().is_empty())
                    }) =>
                {
                    ""
                }
                // A party's heading printed with its direction (`FROM: Shipper`, `TO:
                // Consignee`): the heading of that label.
                None if is_direction_heading(cell.text, label) => "",
                None => {
                    if typed && !header {
                        out.extend(under_wrapped_caption(lines, li, cell, label, known));
                    }
                    continue;
                }
            };
            // The cell belongs to a longer label (`Carrier Information` over `Carrier`).
            if known
                .iter()
                .any(|k| k.len() > label.len() && after_label(cell.text, k).is_some())
            {
                continue;
            }
            // The rest is another label (`Broker MC 881203`): not a value.
            if known
                .iter()
                .any(|k| after_label(rest, k).is_some_and(|r| r.len() < rest.len()))
            {
                continue;
            }
            // A numbered heading (`Shipper #1`, `Stop 2`) is a heading: the number is not a
            // name, though a count may be that small (`Pallets 18`).
            let exact = rest.is_empty() || (!typed && is_ordinal(rest));
            if !exact {
                out.push(Candidate {
                    text: rest,
                    byte: cell.byte + (cell.text.len() - rest.len()),
                    confidence: 0.95,
                    // A name in the label's cell (`Remit payment to: Blue Ridge Capital`)
                    // over its address lines.
                    block: column_below(lines, li, cell, known, None),
                    at: (li, cell.col),
                });
                // A name or text field's value is the rest of its cell; a typed value that
                // does not parse there (`Fuel Surcharge 18%`) may still be beside or below.
                if !typed {
                    continue;
                }
            }
            let next = lines[li + 1..]
                .iter()
                .find(|(_, l)| !l.trim().is_empty())
                .map(|&(b, l)| cells(l, b));
            if !header && typed {
                // A scan may print the value a little lower than its label, to the right.
                if let Some(next) = next
                    .as_ref()
                    .filter(|n| n.len() == 1 && n.iter().all(|c| c.col >= cell.end_col + 2))
                {
                    for c in next {
                        out.push(Candidate {
                            text: c.text,
                            byte: c.byte,
                            confidence: 0.7,
                            block: Vec::new(),
                            at: (li, cell.col),
                        });
                    }
                }
            }
            if !header {
                for (k, right) in cs[ci + 1..].iter().enumerate() {
                    // A label, or another label with its value (`SCAC: CPGO`): another field's.
                    if is_label(right.text, known) || is_labelled_value(right.text, known) {
                        break;
                    }
                    // A name or value starts with a capital or a digit; a lower-case word
                    // beside a heading is OCR noise or a misread heading.
                    if !typed && !right.text.starts_with(|c: char| !c.is_lowercase()) {
                        break;
                    }
                    // One word in capitals with a cell printed under it is the heading of the
                    // next box (`REMIT TO      PAPERWORK`), not a name.
                    let one_capital_word = !right.text.contains(' ')
                        && right.text.chars().all(|c| c.is_ascii_uppercase());
                    let under = next.as_ref().is_some_and(|n| {
                        n.iter()
                            .any(|c| c.col < right.end_col && c.end_col > right.col)
                    });
                    if !typed && one_capital_word && under {
                        break;
                    }
                    out.push(Candidate {
                        text: right.text,
                        byte: right.byte,
                        confidence: 0.9 - 0.1 * k as f64,
                        // A name beside its label (`REMIT TO:   Okafor Trucking LLC`) over its
                        // address lines, printed in the name's column.
                        // Only a block that ends in a city, state and ZIP is an address (not
                        // the text under `PAPERWORK` beside a `REMIT TO` heading).
                        block: if k == 0 {
                            let below = column_below(lines, li, right, known, None);
                            if below.iter().any(|b| city_state(b.text).is_some()) {
                                below
                            } else {
                                Vec::new()
                            }
                        } else {
                            Vec::new()
                        },
                        at: (li, cell.col),
                    });
                    if !typed {
                        break;
                    }
                }
            }
            if !header && place {
                // A block beside the label (`1  PICKUP  ACME FOODS DC` over its address lines),
                // not another heading's (`SHIPPER #1   DELIVERY 1`).
                if let Some(right) = cs.get(ci + 1).filter(|r| !is_label(r.text, known)) {
                    let mut k = 0;
                    for &(b, l) in lines[li + 1..].iter().take(4) {
                        if let Some(c) = cells(l, b)
                            .into_iter()
                            .find(|c| c.col < right.end_col && c.end_col > right.col)
                        {
                            out.push(Candidate {
                                text: c.text,
                                byte: c.byte,
                                confidence: 0.6 - 0.05 * k as f64,
                                block: Vec::new(),
                                at: (li, cell.col),
                            });
                            k += 1;
                        }
                    }
                }
            }
            if !header && typed {
                // …or a little higher: the line above holds one cell, to the right.
                let prev = lines[..li]
                    .iter()
                    .rev()
                    .find(|(_, l)| !l.trim().is_empty())
                    .map(|&(b, l)| cells(l, b));
                if let Some(p) =
                    prev.filter(|p| p.len() == 1 && p.iter().all(|c| c.col >= cell.end_col + 2))
                {
                    out.push(Candidate {
                        text: p[0].text,
                        byte: p[0].byte,
                        confidence: 0.6,
                        block: Vec::new(),
                        at: (li, cell.col),
                    });
                }
            }
            // A heading alone in its cell heads the box it is printed over, often centred
            // (`        SHIP FROM` over a name printed at the box's left edge): its block is
            // what lies between its neighbours on the heading's line. In a row of headings
            // (`PICKUP 1      DELIVERY 1`) the boxes stand side by side: each starts under its
            // own heading.
            let region = (rest.is_empty() || is_ordinal(rest)).then(|| {
                let left = match ci.checked_sub(1).map(|p| &cs[p]) {
                    None => 0,
                    Some(p) if is_label(p.text, known) => cell.col,
                    Some(p) => p.end_col + 1,
                };
                (left, cs.get(ci + 1).map_or(usize::MAX, |c| c.col))
            });
            if stop_date {
                // A stop's date is printed anywhere in the stop's block (`Date: 03-Apr-2026`
                // beside the facility, `Appointment: 24th Feb, 2026` under its address).
                if let Some(r) = region {
                    for c in stop_block(lines, li, r, known) {
                        out.push(Candidate {
                            text: c.text,
                            byte: c.byte,
                            confidence: 0.6,
                            block: Vec::new(),
                            at: (li, cell.col),
                        });
                    }
                }
            }
            // A party's block only: an identifier is printed under its own label.
            let region = region.filter(|_| !header && (place || !typed));
            let below = column_below(lines, li, cell, known, region);
            if header && below.is_empty() && li > 0 {
                // A caption row under signature lines (`Print Name   Date / Time`): the value
                // is printed on the line right above its caption (a section heading has a
                // blank line above it, and its block below).
                // A scan may leave a blank line between them, when nothing is below the caption.
                let overlaps = |c: &Cell<'_>| c.col < cell.end_col && c.end_col > cell.col;
                let nothing_below = !lines[li + 1..]
                    .iter()
                    .find(|(_, l)| !l.trim().is_empty())
                    .is_some_and(|&(b, l)| cells(l, b).iter().any(overlaps));
                let (mut b, mut l) = lines[li - 1];
                // So may a form that leaves a blank line both above and below a signature
                // line's caption.
                let blank_below = lines.get(li + 1).is_some_and(|(_, l)| l.trim().is_empty());
                if l.trim().is_empty() && (nothing_below || blank_below) && li > 1 {
                    (b, l) = lines[li - 2];
                }
                let above = cells(l, b);
                let in_column = above.iter().find(|c| overlaps(c));
                // A flag (`signed`) is what is written on the line, wherever: a signature
                // drawn over one caption, the name printed over another.
                let anywhere = above.first().filter(|_| flag);
                if let Some(c) = in_column.or(anywhere) {
                    if !above.iter().any(|c| is_label(c.text, known)) {
                        out.push(Candidate {
                            text: c.text,
                            byte: c.byte,
                            confidence: 0.7,
                            block: Vec::new(),
                            at: (li, cell.col),
                        });
                    }
                }
            }
            for (k, c) in below.iter().enumerate() {
                out.push(Candidate {
                    text: c.text,
                    byte: c.byte,
                    confidence: 0.85 - 0.05 * k as f64,
                    block: below[k + 1..].to_vec(),
                    at: (li, cell.col),
                });
                if !typed {
                    break;
                }
            }
        }
    }
    out
}

/// Values under a column caption wrapped onto two lines (`HANDLING` over `UNIT QTY`, as the
/// VICS bill of lading prints its carrier information table): the caption's two parts read as
/// one equal `label`, and the values are the column's cells under its second line.
fn under_wrapped_caption<'a>(
    lines: &[(usize, &'a str)],
    li: usize,
    cell: &Cell<'_>,
    label: &str,
    known: &[String],
) -> Vec<Candidate<'a>> {
    let Some(&(b, l)) = lines.get(li + 1) else {
        return Vec::new();
    };
    let Some(second) = cells(l, b)
        .into_iter()
        .find(|c| c.col.abs_diff(cell.col) <= 2)
    else {
        return Vec::new();
    };
    let joined = format!("{} {}", cell.text, second.text);
    if after_label(&joined, label) != Some("") {
        return Vec::new();
    }
    let column = Cell {
        col: cell.col.min(second.col),
        end_col: cell.end_col.max(second.end_col),
        ..second
    };
    column_below(lines, li + 1, &column, known, None)
        .into_iter()
        .enumerate()
        .map(|(k, c)| Candidate {
            text: c.text,
            byte: c.byte,
            confidence: 0.85 - 0.05 * k as f64,
            block: Vec::new(),
            at: (li, cell.col),
        })
        .collect()
}

/// Cells of a stop's block: the lines below its heading (after any blank lines), up to a blank
/// line, the next heading or 8 lines, that lie wholly within `region` (columns from, to: the
/// heading's box between its neighbours on the heading's line).
fn stop_block<'a>(
    lines: &[(usize, &'a str)],
    li: usize,
    (lo, hi): (usize, usize),
    known: &[String],
) -> Vec<Cell<'a>> {
    let mut out = Vec::new();
    let mut seen = 0;
    for &(b, l) in &lines[li + 1..] {
        if l.trim().is_empty() {
            if seen > 0 {
                break;
            }
            continue;
        }
        seen += 1;
        let inside: Vec<Cell<'a>> = cells(l, b)
            .into_iter()
            .filter(|c| c.col >= lo && c.end_col <= hi)
            .collect();
        if seen > 8 || inside.iter().any(|c| is_label(c.text, known)) {
            break;
        }
        out.extend(inside);
    }
    out
}

/// The block below a label cell, in its column: up to 4 lines (a blank line after the first
/// ends it; so does another label). A line with nothing in the column (a scan's neighbouring
/// column printed a little higher) is passed over, at most 3 times. With `region` (columns
/// from, to), a cell lying wholly inside it and starting left of the heading's end is in the
/// column too (a centred heading's box).
fn column_below<'a>(
    lines: &[(usize, &'a str)],
    li: usize,
    cell: &Cell<'_>,
    known: &[String],
    region: Option<(usize, usize)>,
) -> Vec<Cell<'a>> {
    let mut below: Vec<Cell<'a>> = Vec::new();
    let mut skipped = 0;
    for &(b, l) in lines[li + 1..].iter() {
        if l.trim().is_empty() {
            if below.is_empty() {
                continue;
            }
            break;
        }
        let line_cells = cells(l, b);
        // A box's lines start under its heading or to its left (centred heading), never
        // further right than the heading ends.
        let in_region = |c: &&Cell<'a>| {
            region.is_some_and(|(lo, hi)| c.col >= lo && c.end_col <= hi && c.col <= cell.end_col)
        };
        let Some(c) = line_cells
            .iter()
            .find(|c| c.col < cell.end_col.max(cell.col + 1) && c.end_col > cell.col)
            .or_else(|| line_cells.iter().find(in_region))
            .cloned()
        else {
            skipped += 1;
            if skipped > 3 {
                break;
            }
            continue;
        };
        if is_label(c.text, known) || (is_labelled_value(c.text, known) && !is_block_part(c.text)) {
            break;
        }
        below.push(c);
        if below.len() >= 4 {
            break;
        }
    }
    below
}

/// Fields of a document with no template, read by the labels of its kind; `known` is every
/// label and heading of every kind ([`crate::rules::RuleSet::known_labels`]). Provenance names
/// the rules file (`kinds.toml#bill_of_lading.labels.bol_number`).
pub fn extract_generic(
    kind: &KindRule,
    known: &[String],
    pages: &[PageText],
    wanted: &dyn Fn(&str) -> bool,
) -> BTreeMap<String, Field> {
    let page_lines: Vec<Vec<(usize, &str)>> = pages.iter().map(|p| page_lines(&p.text)).collect();
    let mut fields = BTreeMap::new();
    for (name, labels) in kind.labels.iter().filter(|(n, _)| wanted(n)) {
        let typed = !matches!(ValueType::for_field(name), ValueType::Text)
            || name.ends_with("_city")
            || name == "remit_to_address";
        if ValueType::for_field(name) == ValueType::Flag {
            if let Some(f) = pages
                .iter()
                .zip(&page_lines)
                .find_map(|(page, lines)| marked_flag(lines, labels, known, page.page))
            {
                let mut f = f;
                f.provenance.rule = format!("kinds.toml#{}.labels.{name}", kind.kind);
                fields.insert(name.clone(), f);
                continue;
            }
        }
        if ValueType::for_field(name) == ValueType::FreightTerms {
            if let Some(mut f) = pages.iter().find_map(ticked_freight_terms) {
                f.provenance.rule = format!("kinds.toml#{}.labels.{name}", kind.kind);
                fields.insert(name.clone(), f);
                continue;
            }
        }
        // Labels are tried one at a time, in priority order; except a delivery's: the delivery
        // is the last stop, whichever of its names heads it (`DELIVERY 2`, `DESTINATION #3`),
        // so all its labels are read together and the last one printed on a page is read first.
        let last_stop = name.starts_with("delivery_");
        let groups: Vec<&[String]> = if last_stop {
            vec![&labels[..]]
        } else {
            labels.chunks(1).collect()
        };
        let place = name.ends_with("_city") || name.ends_with("_state");
        let flag = ValueType::for_field(name) == ValueType::Flag;
        let stop_date = ValueType::for_field(name) == ValueType::Date
            && (name.starts_with("pickup_") || last_stop);
        'labels: for group in groups {
            for (page, lines) in pages.iter().zip(&page_lines) {
                let mut found: Vec<Candidate<'_>> = group
                    .iter()
                    .flat_map(|label| {
                        candidates(lines, label, known, typed, place, flag, stop_date)
                    })
                    .collect();
                if last_stop {
                    // Last line first; on one line, the rightmost stop first.
                    found.sort_by_key(|c| std::cmp::Reverse(c.at));
                }
                if ValueType::for_field(name) == ValueType::Integer {
                    // A count's column with a totals row (`GRAND TOTAL`): the total is the
                    // shipment's count, not the first row's.
                    found.sort_by_key(|c| !on_totals_row(lines, c));
                }
                for c in found {
                    // Text read off another line than its label's, from a row of captioned
                    // values (`Overage: 0    Shortage: 0    Damage: 1` under `OS&D`), is those
                    // captions' fields, not this label's text.
                    let other_line = line_of(lines, c.byte).filter(|&i| i != c.at.0);
                    if let Some((b, l)) = other_line.filter(|_| !typed && !flag).map(|i| lines[i]) {
                        let captioned = cells(l, b)
                            .iter()
                            .filter(|x| CAPTIONED.is_match(x.text))
                            .count();
                        if captioned >= 2 {
                            continue;
                        }
                    }
                    let (value, printed, byte) = if name.ends_with("_address") {
                        let (v, p, b) = address(&c);
                        if v.is_empty() {
                            continue;
                        }
                        (v, p, b)
                    } else if let Some(end) = wrapped_end(lines, &c).filter(|_| !typed) {
                        // A text cell wrapped onto the next line is read whole, as printed.
                        let printed = &page.text[c.byte..end];
                        let joined = printed.split_whitespace().collect::<Vec<_>>().join(" ");
                        let Some((v, _)) = parse_value(name, &joined) else {
                            continue;
                        };
                        (v, printed.to_string(), c.byte)
                    } else {
                        let Some((v, p)) = parse_value(name, c.text) else {
                            continue;
                        };
                        let off = c.text.find(p.as_str()).unwrap_or(0);
                        (v, p, c.byte + off)
                    };
                    let typed_bonus = if typed { 1.0 } else { 0.9 };
                    fields.insert(
                        name.clone(),
                        Field {
                            value,
                            provenance: Provenance {
                                page: page.page,
                                span: (byte, byte + printed.len()),
                                printed,
                                rule: format!("kinds.toml#{}.labels.{name}", kind.kind),
                                confidence: (c.confidence * typed_bonus * 100.0).round() / 100.0,
                            },
                        },
                    );
                    break 'labels;
                }
            }
        }
    }
    if let Some(issuer) = kind.issuer.as_ref().filter(|i| wanted(i)) {
        if !fields.contains_key(issuer) {
            if let Some(f) = letterhead(kind, known, pages) {
                fields.insert(issuer.clone(), f);
            }
        }
    }
    fields
}

/// A cell that prints a caption and its value: `Overage: 0`, `Seal #: 4471`.
static CAPTIONED: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^[A-Za-z][A-Za-z &/#.()]{0,30}:\s*\S").expect("valid regex"));

/// Where a text value ends that its line cuts at a joining character (`Quick Pay 2% -` over
/// `2 days`, `Dock 4,` over `Door 9`): the end (a byte of the page) of the next line's lone cell
/// under it, which continues it. None when the value is whole on its line.
fn wrapped_end(lines: &[(usize, &str)], c: &Candidate<'_>) -> Option<usize> {
    if !c.text.ends_with(['-', '–', ',', '&', '/']) {
        return None;
    }
    let i = line_of(lines, c.byte)?;
    let (b, _) = lines[i];
    let (col, end_col) = {
        let start = c.byte - b;
        let line = lines[i].1;
        let col = line[..start].chars().count();
        (col, col + c.text.chars().count())
    };
    let &(nb, nl) = lines.get(i + 1)?;
    let next = cells(nl, nb);
    match next.as_slice() {
        [only] if only.col < end_col + 2 && only.end_col + 2 > col => {
            Some(only.byte + only.text.len())
        }
        _ => None,
    }
}

/// Is `c` read below its label from a line that prints a total (`GRAND TOTAL`, `Total`)?
fn on_totals_row(lines: &[(usize, &str)], c: &Candidate<'_>) -> bool {
    line_of(lines, c.byte)
        .is_some_and(|i| i > c.at.0 && is_totals_row(&cells(lines[i].1, lines[i].0)))
}

/// Does a table's row print a total's caption (`TOTAL`, `Grand Total`) in one of its cells?
fn is_totals_row(row: &[Cell<'_>]) -> bool {
    row.iter().any(|c| {
        let t = c.text.to_ascii_lowercase();
        t.starts_with("total") || t.starts_with("grand total")
    })
}

/// The index of the line of `lines` that holds byte `byte` of the page.
fn line_of(lines: &[(usize, &str)], byte: usize) -> Option<usize> {
    lines
        .iter()
        .position(|&(b, l)| byte >= b && byte <= b + l.len())
}

/// A page number printed as the page's furniture: `Page 1 of 2`, `Page 3`, `Pg. 1/2`.
static PAGE_NUMBER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(?:page|pg\.?)\s*\d+\s*(?:(?:of|/)\s*\d+)?$").expect("valid regex")
});

/// A freight terms option (`Prepaid`, `Collect`, `Third Party`, `Bill to 3rd Party`) or a box
/// printed beside one (`[X]`, `[ ]`, `(X)`, `☒`, `☐`), in a line of the page.
static TERMS_OPTION_OR_BOX: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)(?P<box>\[\s*[x✓✔]?\s*\]|\(\s*[x✓✔]?\s*\)|[☒☑✓✔☐□])|\b(?P<value>prepaid|pre-paid|collect|(?:bill\s+to\s+)?(?:3rd|third)\s+party)\b",
    )
    .expect("valid regex")
});

/// Freight terms as the form marks them: the option beside a ticked box, the one printed
/// nearest it (`☐ Prepaid  ☒ Collect`, `Collect (x)3rd Party` on a scan). A form prints its boxes
/// on one side of their options, the same side for the whole row: before them (`[ ] Prepaid
/// [X] Collect`) or after them (`Prepaid [X] Collect [ ] 3rd Party [ ]`), which the row's first
/// item tells when a box stands as near to the option before it as to the one after. The
/// printed rule (`freight charges are prepaid unless marked otherwise`) is what the form says
/// when nothing is ticked; a ticked box overrides it. None when no option on the page is ticked.
fn ticked_freight_terms(page: &PageText) -> Option<Field> {
    for (base, line) in page_lines(&page.text) {
        // (is a box, ticked, start, end) in printed order.
        let items: Vec<(bool, bool, usize, usize)> = TERMS_OPTION_OR_BOX
            .captures_iter(line)
            .filter_map(|c| {
                if let Some(b) = c.name("box") {
                    Some((true, is_mark(b.as_str())?, b.start(), b.end()))
                } else {
                    let v = c.name("value")?;
                    Some((false, false, v.start(), v.end()))
                }
            })
            .collect();
        let Some(first) = items.first() else { continue };
        let boxes_first = first.0;
        for (k, &(_, ticked, bs, be)) in items.iter().enumerate().filter(|(_, i)| i.0) {
            if !ticked {
                continue;
            }
            // The option printed nearest the box is its; at equal distance, the row's side.
            let left = k
                .checked_sub(1)
                .map(|j| items[j])
                .filter(|o| !o.0)
                .map(|o| (bs.saturating_sub(o.3), o));
            let right = items
                .get(k + 1)
                .copied()
                .filter(|o| !o.0)
                .map(|o| (o.2.saturating_sub(be), o));
            let option = match (left, right) {
                (Some(l), Some(r)) if l.0 < r.0 || (l.0 == r.0 && !boxes_first) => l.1,
                (Some(_), Some(r)) => r.1,
                (Some(l), None) => l.1,
                (None, Some(r)) => r.1,
                (None, None) => continue,
            };
            let printed = &line[option.2..option.3];
            let (from, to) = (bs.min(option.2), be.max(option.3));
            return Some(Field {
                value: normalize(ValueType::FreightTerms, printed)?,
                provenance: Provenance {
                    page: page.page,
                    span: (base + from, base + to),
                    printed: line[from..to].to_string(),
                    rule: String::new(),
                    confidence: 0.95,
                },
            });
        }
    }
    None
}

/// Is this a check mark as printed in a box or a column: `[X]`, `☒`, `☑`, `(X)`, `X`, `✓`?
fn is_mark(t: &str) -> Option<bool> {
    let t = t.trim();
    let inner = t
        .strip_prefix(['[', '('])
        .and_then(|r| r.strip_suffix([']', ')']))
        .map(str::trim);
    match inner.unwrap_or(t) {
        "X" | "x" | "✓" | "✔" | "☒" | "☑" | "■" | "*" => Some(true),
        "" if inner.is_some() => Some(false),
        "☐" | "□" => Some(false),
        _ => None,
    }
}

/// A flag (`hazmat`) read from what a form marks rather than prints: a ticked box before its
/// label (`[X] Hazardous Materials`; `[X] Not Hazardous` is false, an empty box before the
/// label alone is false), or a column headed by the label (`HM`, `H.M. (X)`) with an `X` in a
/// row below it; a table whose rows leave the column empty says false. None when the page does
/// not mark it either way.
fn marked_flag(
    lines: &[(usize, &str)],
    labels: &[String],
    known: &[String],
    page: u32,
) -> Option<Field> {
    let field = |value: bool, printed: &str, byte: usize, confidence: f64| Field {
        value: value.to_string(),
        provenance: Provenance {
            page,
            span: (byte, byte + printed.len()),
            printed: printed.to_string(),
            rule: String::new(),
            confidence,
        },
    };
    // A box before the label, anywhere in a line.
    let mut unticked = None;
    for &(base, line) in lines {
        let lower = line.to_lowercase();
        if lower.len() != line.len() {
            continue; // a case change moved bytes: byte offsets would not match
        }
        for label in labels.iter().filter(|l| l.chars().count() >= 4) {
            let l = label.to_lowercase();
            let mut from = 0;
            while let Some(i) = lower[from..].find(&l).map(|i| i + from) {
                from = i + l.len();
                let before = line[..i].trim_end();
                let (before, negated) = match before
                    .strip_suffix("Not")
                    .or(before.strip_suffix("NOT"))
                    .or(before.strip_suffix("not"))
                    .or(before.strip_suffix("Non-"))
                    .or(before.strip_suffix("Non"))
                {
                    Some(b) => (b.trim_end(), true),
                    None => (before, false),
                };
                let Some(mark_start) = before.rfind(['[', '(', '☒', '☑', '☐', '□', '■'])
                else {
                    continue;
                };
                let Some(ticked) = is_mark(&before[mark_start..]) else {
                    continue;
                };
                let printed = &line[mark_start..from];
                if ticked {
                    return Some(field(!negated, printed, base + mark_start, 0.9));
                }
                if !negated {
                    unticked.get_or_insert(field(false, printed, base + mark_start, 0.8));
                }
            }
        }
    }
    if unticked.is_some() {
        return unticked;
    }
    // A column headed by the label in a table's header row.
    for (li, &(base, line)) in lines.iter().enumerate() {
        let cs = cells(line, base);
        if cs.len() < 3 {
            continue;
        }
        let Some(head) = cs.iter().find(|c| {
            labels.iter().any(|l| {
                after_label(c.text, l).is_some_and(|r| r.is_empty() || is_mark(r).is_some())
            })
        }) else {
            continue;
        };
        let (lo, hi) = (head.col.saturating_sub(3), head.end_col + 3);
        let mut rows = 0;
        for &(b, l) in lines[li + 1..]
            .iter()
            .filter(|(_, l)| !l.trim().is_empty())
            .take(5)
        {
            let row = cells(l, b);
            // A line of prose under the rows, or the totals row, ends the table.
            if (row.len() < 3 || is_totals_row(&row)) && rows > 0 {
                break;
            }
            // A second header line: captions and no number (a row's count or weight may
            // stand beside a word that is also a caption, `12  Pallets`).
            let numbers = row
                .iter()
                .any(|c| c.text.chars().any(|ch| ch.is_ascii_digit()));
            if row.len() < 3 || !numbers && row.iter().any(|c| is_label(c.text, known)) {
                continue;
            }
            rows += 1;
            if let Some(c) = row.iter().find(|c| c.col < hi && c.end_col > lo) {
                match is_mark(c.text) {
                    Some(v) => return Some(field(v, c.text, c.byte, 0.8)),
                    None if c.text.starts_with('(') => continue,
                    None => return None, // text in the column: not a mark column
                }
            }
        }
        if rows > 0 {
            return Some(field(false, "", head.byte, 0.6));
        }
    }
    None
}

/// Lines of a page with their byte offsets.
pub(super) fn page_lines(text: &str) -> Vec<(usize, &str)> {
    let mut out = Vec::new();
    let mut base = 0;
    for l in text.split('\n') {
        out.push((base, l));
        base += l.len() + 1;
    }
    out
}

/// An address: after the name in the same cell (`Name, 1 Main St, Town, ST 00000`), or the
/// lines of the block below the name.
fn address(c: &Candidate<'_>) -> (String, String, usize) {
    if let Some((_, rest)) = c.text.split_once(',') {
        let rest = rest.trim();
        if rest.starts_with(|ch: char| ch.is_ascii_digit() || ch == 'P') {
            let off = c.text.len() - rest.len();
            return (rest.to_string(), rest.to_string(), c.byte + off);
        }
    }
    if c.block.is_empty() {
        return (String::new(), String::new(), 0);
    }
    // The block ends with its city, state and ZIP line (an `ACH: routing …` line is not the
    // address).
    let end = c
        .block
        .iter()
        .position(|b| city_state(b.text).is_some())
        .map_or(c.block.len(), |i| i + 1);
    let joined = c.block[..end]
        .iter()
        .map(|b| b.text)
        .collect::<Vec<_>>()
        .join(", ");
    (joined.clone(), joined, c.block[0].byte)
}

/// The letterhead: the first cell of the first line that is not a title of the kind. A title
/// printed after the name on its line (`Magnolia Carriers Inc. Freight Bill`, `Frontier Line
/// Logistics INVOICE`) is not part of the name. The letterhead is printed above the document's
/// fields: the search ends at the first line that starts with a label (`BILL TO`, `Invoice
/// Number`), so a label is never taken for the issuer's name.
fn letterhead(kind: &KindRule, known: &[String], pages: &[PageText]) -> Option<Field> {
    let page = pages.first()?;
    for (base, line) in page_lines(&page.text) {
        let Some(mut cell) = cells(line, base).into_iter().next() else {
            continue;
        };
        let lower = cell.text.to_ascii_lowercase();
        let title = kind
            .keywords
            .iter()
            .filter(|(_, w)| *w >= 3)
            .filter_map(|(k, _)| lower.find(k.as_str()).map(|at| (at, k.len())))
            .min();
        if let Some((at, len)) = title {
            // Only a title at the end of the line, after a name set apart from it by its legal
            // form (`… Inc. Freight Bill`) or by case (`… Trucking INVOICE`), leaves the name
            // (`FREIGHT INVOICE` and `Motor Carrier Freight Bill` are titles alone).
            let before = cell.text[..at].trim_end();
            let title_text = &cell.text[at..at + len];
            let capitals = |t: &str| !t.chars().any(|c| c.is_lowercase());
            let set_apart = before.rsplit(' ').next().is_some_and(is_legal_form)
                || capitals(title_text) && !capitals(before);
            if at + len != lower.trim_end().len()
                || before.chars().filter(|c| c.is_alphabetic()).count() < 4
                || !set_apart
            {
                continue;
            }
            cell.text = before;
        } else if is_label(cell.text, known) || is_labelled_value(cell.text, known) {
            return None;
        }
        // Too few letters, or an address line (`3328 Trade Center Pkwy, …`): no name.
        if cell.text.chars().filter(|c| c.is_alphabetic()).count() < 4
            || cell.text.starts_with(|c: char| c.is_ascii_digit())
        {
            continue;
        }
        // `Red Mesa Trucking   LLC`: a company suffix a scan set apart.
        let cs = cells(line, base);
        let suffix = cs.get(1).filter(|c| {
            ["llc", "inc", "inc.", "co", "co.", "corp", "ltd"]
                .contains(&c.text.to_lowercase().as_str())
        });
        let joined;
        let text = match suffix {
            Some(sfx) => {
                joined = format!("{} {}", cell.text, sfx.text);
                joined.as_str()
            }
            None => cell.text,
        };
        let name = text.split(" - ").next().unwrap_or(text).trim();
        let end = match suffix {
            Some(sfx) if name.len() == text.len() => sfx.byte + sfx.text.len(),
            _ => cell.byte + name.len().min(cell.text.len()),
        };
        // As printed: `BAYOU EXPRESS INC` stays in capitals (title case would turn `ACME
        // FOODS DC` into `Acme Foods Dc`).
        let value = normalize(ValueType::Text, name)?;
        return Some(Field {
            value,
            provenance: Provenance {
                page: page.page,
                span: (cell.byte, end),
                printed: name.to_string(),
                rule: format!("kinds.toml#{}.issuer", kind.kind),
                confidence: 0.5,
            },
        });
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn known() -> Vec<String> {
        ["Load #", "Carrier", "MC", "Shipper"]
            .map(String::from)
            .to_vec()
    }

    fn lines(t: &str) -> Vec<(usize, &str)> {
        page_lines(t)
    }

    #[test]
    fn a_centred_heading_heads_the_box_printed_at_its_left() {
        let t = [
            "                 SHIP FROM                          B/L NO.: 5207",
            " Greenleaf Paper Products Corp.                     CARRIER NAME: High Plains",
            " 1169 Warehouse Ave",
            " BIRMINGHAM,AL 35217                                SCAC: GOTK",
        ]
        .join("\n");
        let t = t.as_str();
        let known = vec![
            "Ship From".to_string(),
            "B/L No.".into(),
            "Carrier Name".into(),
            "SCAC".into(),
        ];
        let c = candidates(&lines(t), "Ship From", &known, false, false, false, false);
        assert_eq!(c[0].text, "Greenleaf Paper Products Corp.");
        let c = candidates(&lines(t), "Ship From", &known, true, true, false, false);
        let cities: Vec<_> = c
            .iter()
            .filter_map(|c| parse_value("shipper_city", c.text))
            .collect();
        assert_eq!(cities[0].0, "BIRMINGHAM");
    }

    #[test]
    fn a_heading_after_its_direction_or_stop_number() {
        assert!(is_direction_heading("FROM: Shipper", "Shipper"));
        assert!(is_direction_heading("TO: Consignee", "Consignee"));
        assert!(is_direction_heading("Stop 2 -- Delivery", "Delivery"));
        assert!(!is_direction_heading(
            "Carrier: Lone Oak Motor Lines",
            "Carrier"
        ));
        assert!(!is_direction_heading(
            "SHIPPER: Maple Leaf Farms",
            "Shipper"
        ));
        assert!(!is_direction_heading(
            "Trailer Loaded: By Shipper",
            "Shipper"
        ));
        let known = vec!["Shipper".to_string(), "Consignee".into()];
        assert!(is_label("TO: Consignee", &known));
        let t = [
            " FROM: Shipper                        TO: Consignee",
            " Fairfield Steel Products Inc.        Highland Paper Products DC",
            " Kent, Washington 98032               Joliet, Illinois 60436",
        ]
        .join("\n");
        let t = t.as_str();
        let c = candidates(&lines(t), "Shipper", &known, false, false, false, false);
        assert_eq!(c[0].text, "Fairfield Steel Products Inc.");
        assert_eq!(
            city_state("Kent, Washington 98032"),
            Some(("Kent".into(), "WA".into()))
        );
        assert_eq!(
            city_state("ONTARIO, NEW   YORK"),
            Some(("ONTARIO".into(), "NY".into()))
        );
    }

    #[test]
    fn a_stops_date_anywhere_in_its_block_and_the_last_delivery() {
        let t = [
            " PICKUP 1                                    DELIVERY 1",
            "",
            " Midstate Plastics   Date: 27th May, 2026    Builders Depot   Date: 31st May, 2026",
            " 9429 N Loop Rd      Time: FCFS              RENO,NV 89502    PO #: 9210253",
            "",
            " RATE",
        ]
        .join("\n");
        let t = t.as_str();
        let known = vec!["Pickup".to_string(), "Delivery".into(), "Rate".into()];
        let c = candidates(&lines(t), "Pickup", &known, true, false, false, true);
        let dates: Vec<_> = c
            .iter()
            .filter_map(|c| parse_value("pickup_date", c.text))
            .collect();
        assert_eq!(dates[0].0, "2026-05-27");
        let c = candidates(&lines(t), "Delivery", &known, true, false, false, true);
        let dates: Vec<_> = c
            .iter()
            .filter_map(|c| parse_value("delivery_date", c.text))
            .collect();
        assert_eq!(dates[0].0, "2026-05-31");
    }

    #[test]
    fn the_letterhead_leaves_a_title_printed_after_the_name_and_ends_at_the_first_label() {
        let page = |t: &str| PageText {
            page: 1,
            text: t.to_string(),
            glyphs: t.len(),
            ocr_confidence: None,
        };
        let kind = KindRule {
            kind: crate::model::DocumentKind::CarrierInvoice,
            keywords: vec![("invoice".into(), 3), ("freight bill".into(), 4)],
            threshold: 6,
            fields: Vec::new(),
            labels: Vec::new(),
            headings: Vec::new(),
            issuer: Some("carrier_name".into()),
            evidence: Vec::new(),
        };
        let known = vec!["Bill To".to_string(), "Invoice Number".into()];
        let name = |t: &str| letterhead(&kind, &known, &[page(t)]).map(|f| f.value);
        assert_eq!(
            name("  Magnolia Carriers Inc. Freight Bill\n3328 Trade Center Pkwy, Savannah, GA")
                .as_deref(),
            Some("Magnolia Carriers Inc.")
        );
        assert_eq!(
            name("Frontier Line Logistics & Trucking INVOICE\nBILL TO").as_deref(),
            Some("Frontier Line Logistics & Trucking")
        );
        // A title alone is no name; the fields start before any name: none.
        assert_eq!(
            name("FREIGHT INVOICE\nInvoice Number   2026-3445\nBILL TO\nTrailhead Logistics"),
            None
        );
        assert_eq!(
            name("FREIGHT INVOICE\nHighway 61 Carriers\nBILL TO").as_deref(),
            Some("Highway 61 Carriers")
        );
    }

    #[test]
    fn a_mark_column_left_empty_in_the_rows_above_prose_or_a_total_says_false() {
        let labels = vec!["H.M.".to_string(), "HM".into()];
        let known = vec!["Pallets".to_string(), "QTY".into(), "Type".into()];
        let t = [
            "     HANDLING UNIT               PACKAGE            WEIGHT          H.M. (X)            COMMODITY DESCRIPTION",
            "    QTY          TYPE         QTY       TYPE",
            "    12       Pallets           120    CTN        12030 LB                         Bottled Water",
            "Where the rate is dependent on value, shippers are required to state specifically in writing the agreed",
            " SHIPPER SIGNATURE / DATE                           Trailer Loaded: X By Shipper   By Driver           CARRIER SIGNATURE",
        ]
        .join("\n");
        let t = t.as_str();
        let f = marked_flag(&lines(t), &labels, &known, 1).unwrap();
        assert_eq!(f.value, "false");
        let t = [
            "  UNITS     TYPE     WEIGHT     HM     COMMODITY",
            "  4         PLT      7,840      X      Paint",
            "  4         TOTAL    7,840             E",
        ]
        .join("\n");
        assert_eq!(
            marked_flag(&lines(&t), &labels, &known, 1).unwrap().value,
            "true"
        );
        // A flag's value is a mark or a short answer, not a sentence under its caption.
        assert!(parse_value("hazmat", "Where the rate is dependent on value, shippers").is_none());
        assert_eq!(parse_value("hazmat", "Yes").unwrap().0, "true");
        // A row of captioned values is those captions' fields.
        assert!(CAPTIONED.is_match("Overage: 0"));
        assert!(!CAPTIONED.is_match("SHRINK WRAP TORN ON 2 PLTS"));
        let l = lines("OS&D\nOverage: 0     Shortage: 0");
        assert_eq!(line_of(&l, 6), Some(1));
        // A page number is the page's furniture, not a value.
        assert!(parse_value("signed", "Page 1 of 1").is_none());
        // A box's edge read with an identifier is not part of it.
        assert_eq!(
            parse_value("pro_number", "[3129035853").unwrap().0,
            "3129035853"
        );
    }

    #[test]
    fn a_caption_wrapped_onto_two_lines_heads_its_column_and_a_count_is_its_total() {
        let t = [
            "HANDLING          TYPE        PACKAGE         TYPE        WEIGHT",
            "UNIT QTY                      QTY",
            "1                 CTN         1               BAG         1,780",
            "25                PLT         250             BOX         43,750",
            "33                            258                         57,290       GRAND TOTAL",
        ]
        .join("\n");
        let l = lines(&t);
        let known = known();
        let c = candidates(&l, "Handling Unit Qty", &known, true, false, false, false);
        let texts: Vec<&str> = c.iter().map(|c| c.text).collect();
        assert_eq!(texts, ["1", "25", "33"]);
        assert!(!on_totals_row(&l, &c[0]));
        assert!(on_totals_row(&l, &c[2]));
    }

    #[test]
    fn a_text_cell_cut_at_a_joining_character_continues_on_the_next_line() {
        let t = [
            " Inv #        Load Number       Pay Terms",
            " OK4372       7458660           Quick Pay 2% -",
            "                                2 days",
            " Memo         Net 30",
            "              Thank you",
        ]
        .join("\n");
        let l = lines(&t);
        let at = |text: &'static str| {
            let byte = t.find(text).unwrap();
            Candidate {
                text,
                byte,
                confidence: 0.9,
                block: Vec::new(),
                at: (0, 0),
            }
        };
        let end = wrapped_end(&l, &at("Quick Pay 2% -")).unwrap();
        assert_eq!(
            &t[t.find("Quick").unwrap()..end]
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" "),
            "Quick Pay 2% - 2 days"
        );
        // A value whole on its line is not joined to what is printed under it.
        assert_eq!(wrapped_end(&l, &at("Net 30")), None);
    }

    #[test]
    fn freight_terms_are_the_ticked_option_and_names_keep_their_legal_form() {
        let page = |t: &str| PageText {
            page: 1,
            text: t.to_string(),
            glyphs: t.len(),
            ocr_confidence: None,
        };
        let p = page("Freight charges: [x] Prepaid [ ] Collect [ ] Bill to Third Party. Freight charges are prepaid unless marked collect.");
        assert_eq!(ticked_freight_terms(&p).unwrap().value, "prepaid");
        let p = page("(freight charges are prepaid unless marked otherwise)\n  ☐ Prepaid  ☒ Collect  ☐ Third Party");
        assert_eq!(ticked_freight_terms(&p).unwrap().value, "collect");
        assert!(ticked_freight_terms(&page("[ ] Prepaid [ ] Collect")).is_none());
        // Boxes after their options: the row's first item is an option.
        let p = page("Prepaid [X] Collect [ ] 3rd Party [ ]");
        assert_eq!(ticked_freight_terms(&p).unwrap().value, "prepaid");
        let p = page("Terms:  Prepaid ☐   Collect ☐   Third Party ☒");
        assert_eq!(ticked_freight_terms(&p).unwrap().value, "third_party");
        let p = page("Address: 900 Marquette Ave   OlPrepaid: (Collect (x)3rd Party");
        assert_eq!(ticked_freight_terms(&p).unwrap().value, "third_party");
        assert_eq!(
            parse_value("carrier_name", "Lone Oak Motor Lines, Inc.")
                .unwrap()
                .0,
            "Lone Oak Motor Lines, Inc."
        );
        // A name followed by prose ends with its legal form.
        assert_eq!(
            parse_value(
                "carrier_name",
                "Red Rock Transport Inc. has sold this invoice to Magnolia"
            )
            .unwrap()
            .0,
            "Red Rock Transport Inc."
        );
        assert_eq!(
            parse_value(
                "carrier_name",
                "Iron Horse Transportation LLC has sold this invoice"
            )
            .unwrap()
            .0,
            "Iron Horse Transportation LLC"
        );
        assert_eq!(
            parse_value(
                "carrier_name",
                "Timberline Motor Freight has sold this invoice"
            )
            .unwrap()
            .0,
            "Timberline Motor Freight"
        );
        assert_eq!(
            parse_value("broker_name", "Bank of the West Logistics")
                .unwrap()
                .0,
            "Bank of the West Logistics"
        );
        assert_eq!(
            parse_value("shipper_name", "Acme Foods, 1 Main St, Joliet, IL")
                .unwrap()
                .0,
            "Acme Foods"
        );
        assert_eq!(
            parse_value("shipper_name", "Liberty Furniture DC -")
                .unwrap()
                .0,
            "Liberty Furniture DC"
        );
        // A count is not a weight printed in its column's line.
        assert_eq!(parse_value("handling_units", "24").unwrap().0, "24");
        assert!(parse_value("handling_units", "24,640 Lbs.").is_none());
    }

    #[test]
    fn a_receivers_name_is_not_a_sentence_and_an_abbreviated_header_is_a_label() {
        assert_eq!(
            parse_value(
                "received_by",
                "Facility lumper service. Shortages must be noted"
            ),
            None
        );
        assert_eq!(
            parse_value("received_by", "Crystal Nguyen").map(|v| v.0),
            Some("Crystal Nguyen".to_string())
        );
        let known = vec!["Commodity Description".to_string()];
        assert!(is_label("COMMODITY DESC.", &known));
        assert!(!is_label("COMMODITY", &known));
    }

    #[test]
    fn value_right_of_label_on_the_same_line() {
        assert_eq!(after_label("EQUIP.", "Equipment"), Some(""));
        assert_eq!(
            after_label("COMMODITY DESC.", "Commodity Description"),
            Some("")
        );
        assert_eq!(
            after_label("Equip. Type: Van", "Equipment Type"),
            Some("Van")
        );
        assert_eq!(after_label("Pro. #", "Product"), None);
        let t =
            "Order #                   ML-5512\nCarrier                   Ridgeback Transport\n";
        let c = candidates(&lines(t), "Carrier", &known(), false, false, false, false);
        assert_eq!(c[0].text, "Ridgeback Transport");
        assert!(c[0].confidence > 0.85);
        let c = candidates(&lines(t), "Order #", &known(), true, false, false, false);
        assert_eq!(parse_value("load_number", c[0].text).unwrap().0, "ML-5512");
    }

    #[test]
    fn value_below_a_header_row_in_the_labels_column() {
        let t = "Load #              Carrier               MC\n\
                 PC-20877            Granite Peak Freight  305566\n";
        let c = candidates(&lines(t), "Carrier", &known(), false, false, false, false);
        assert_eq!(c[0].text, "Granite Peak Freight");
        let c = candidates(&lines(t), "MC", &known(), true, false, false, false);
        assert_eq!(parse_value("carrier_mc", c[0].text).unwrap().0, "305566");
    }

    #[test]
    fn a_legal_form_ocr_misread_is_mended_in_a_name() {
        let name = |t: &str| parse_value("carrier_name", t).map(|(v, _)| v);
        assert_eq!(
            name("Iron Horse Express LLG").as_deref(),
            Some("Iron Horse Express LLC")
        );
        assert_eq!(
            name("TruckPay Factoring ine.").as_deref(),
            Some("TruckPay Factoring Inc.")
        );
        assert_eq!(name("ACME LNC").as_deref(), Some("ACME INC"));
        // Only after the name's first word, and only these misreadings.
        assert_eq!(name("Ine Logistics").as_deref(), Some("Ine Logistics"));
        assert_eq!(
            name("Pine Freight LLC").as_deref(),
            Some("Pine Freight LLC")
        );
    }

    #[test]
    fn city_state_and_zip_without_a_comma() {
        assert_eq!(
            city_state("Jacksonville FL 32034"),
            Some(("Jacksonville".into(), "FL".into()))
        );
        assert_eq!(
            city_state("City/State/Zip: Salt Lake City UT 84104"),
            Some(("Salt Lake City".into(), "UT".into()))
        );
        // Without a ZIP code two capitals after a word are not taken for a state.
        assert_eq!(city_state("Deliver AM"), None);
        // A state code OCR read with a digit for a letter, before a ZIP code.
        assert_eq!(
            city_state("City/State/Zip: Boise, 1D 83709"),
            Some(("Boise".into(), "ID".into()))
        );
        assert_eq!(
            city_state("Toledo 0H 43612"),
            Some(("Toledo".into(), "OH".into()))
        );
        // Not a state once folded (`1Q`), or no ZIP code after it.
        assert_eq!(city_state("Boise, 1Q 83709"), None);
        assert_eq!(city_state("Boise, 1D"), None);
    }

    #[test]
    fn a_capitals_word_with_a_box_under_it_is_the_next_heading() {
        let t = " REMIT TO                                  PAPERWORK
 Lone Pine Capital Funding LLC             Attached: Rate Confirmation, Bill of Lading
 PO Box 58107, Reno, NV 89502              Delivery
";
        let c = candidates(&lines(t), "Remit To", &known(), false, false, false, false);
        assert_eq!(
            c.first().map(|c| c.text),
            Some("Lone Pine Capital Funding LLC")
        );
        // The address is read under the name, not under `PAPERWORK`.
        let c = candidates(&lines(t), "Remit To", &known(), true, false, false, false);
        let a = c.iter().map(address).find(|a| !a.0.is_empty()).unwrap();
        assert_eq!(a.0, "PO Box 58107, Reno, NV 89502");
        // A name in capitals beside its label, its address under it in its own column.
        let t = "REMIT TO:                  OKAFOR TRUCKING LLC
                           6113 Gateway Dr, Jacksonville, FL 32034
";
        let c = candidates(&lines(t), "Remit To", &known(), false, false, false, false);
        assert_eq!(c.first().map(|c| c.text), Some("OKAFOR TRUCKING LLC"));
        let c = candidates(&lines(t), "Remit To", &known(), true, false, false, false);
        let a = c.iter().map(address).find(|a| !a.0.is_empty()).unwrap();
        assert_eq!(a.0, "6113 Gateway Dr, Jacksonville, FL 32034");
    }

    #[test]
    fn another_labels_value_beside_a_heading_is_not_its_value() {
        let t = " SHIP TO                         SCAC: CPGO
  Name: Metro Office Supply DC
";
        let mut k = known();
        k.push("SCAC".into());
        let c = candidates(&lines(t), "Ship To", &k, false, false, false, false);
        assert!(
            c.iter().all(|c| !c.text.contains("CPGO")),
            "{:?}",
            c.iter().map(|c| c.text).collect::<Vec<_>>()
        );
    }

    #[test]
    fn city_and_state_from_a_block_below_a_heading() {
        let t = "Shipper\nCoastal Coatings Inc\n77 Industrial Pkwy\nBeaumont, TX 77705\n";
        let c = candidates(&lines(t), "Shipper", &known(), true, false, false, false);
        let city = c.iter().find_map(|c| parse_value("shipper_city", c.text));
        assert_eq!(city.unwrap().0, "Beaumont");
        assert_eq!(
            parse_value("shipper_state", "Hawkeye Foods, Des Moines, IA")
                .unwrap()
                .0,
            "IA"
        );
    }

    #[test]
    fn a_label_joined_to_its_number_by_a_dash_is_part_of_the_value() {
        assert_eq!(after_label("PO-92230", "PO"), Some("PO-92230"));
        assert_eq!(after_label("PO - 92230", "PO"), Some("92230"));
        assert_eq!(
            parse_value("carrier_mc", "MC-1121495").unwrap().0,
            "1121495"
        );
        assert_eq!(parse_value("carrier_mc", "123456.").unwrap().0, "123456");
    }

    #[test]
    fn a_labelled_line_below_a_heading_ends_its_block() {
        let t = "CARRIER\nCarrier Legal Name: Patriot Haul Inc\n";
        let mut k = known();
        k.push("Carrier Legal Name".into());
        let c = candidates(&lines(t), "Carrier", &k, false, false, false, false);
        assert!(c.iter().all(|c| !c.text.contains("Legal")));
        // …but a block's own `Name:` line belongs to it.
        let t = "Shipper\nName: ACME FOODS DC\n";
        let c = candidates(&lines(t), "Shipper", &k, false, false, false, false);
        assert_eq!(
            parse_value("shipper_name", c[0].text).unwrap().0,
            "ACME FOODS DC"
        );
    }

    #[test]
    fn a_name_ends_at_a_separator_and_is_never_a_street() {
        let v = parse_value(
            "broker_name",
            "Redwater 3PL Group -- Authorized representative: L B",
        );
        assert_eq!(v.unwrap().0, "Redwater 3PL Group");
        assert_eq!(
            parse_value("carrier_name", "3328 Trade Ctr Pkwy, Savannah, GA 31408"),
            None
        );
        assert_eq!(
            parse_value("payment_terms", "Net 30 days").unwrap().0,
            "Net 30 days"
        );
    }

    #[test]
    fn a_value_above_its_caption_row_and_dates_with_month_names() {
        let t = "        SARAH MARTINEZ        04/18/2026 07:15\n\
                 Signature     Print Name        Date / Time\n";
        let mut k = known();
        k.extend(["Signature", "Print Name", "Date", "Time"].map(String::from));
        let c = candidates(&lines(t), "Print Name", &k, false, false, false, false);
        assert_eq!(c[0].text, "SARAH MARTINEZ");
        // A section heading with a blank line above it takes nothing from above.
        let t = "FRESNO CA 93725\n\nRATE        PAYMENT\n            Pay: Net 30\n";
        k.extend(["Rate", "Payment", "Pay"].map(String::from));
        let c = candidates(&lines(t), "Payment", &k, false, false, false, false);
        assert!(c.iter().all(|c| !c.text.contains("FRESNO")));
        assert_eq!(
            parse_value("invoice_date", "16-May-2026").unwrap().0,
            "2026-05-16"
        );
        assert_eq!(
            parse_value("invoice_date", "22 MAR 2026").unwrap().0,
            "2026-03-22"
        );
    }
}
