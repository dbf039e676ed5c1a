//! Template suggestion: one corrected document teaches its layout.
//!
//! Entry point: [`suggest`]. Staff give the values a document carries (`load_number=KB-20931`,
//! `total_usd=3035.00`); for each, the value is found where it is printed (compared as its type:
//! `$3,035.00` is `3035.00`, `Jul 15, 2026` is `2026-07-15`), and a pattern is written that
//! reads it from the printed words around it, tried in this order:
//!
//! 1. a label printed before it in its own cell (`Load No. KB-20931`, `INVOICE #4471`);
//! 2. a label in the cell to its left (`Total Carrier Pay      $3,035.00`);
//! 3. a heading above it, over the same columns, with the value in the same column of a line
//!    below (`SHIP FROM` over a name; `EQUIPMENT  COMMODITY  WEIGHT` over a row of values).
//!
//! Each pattern is kept only if, run as a template rule ([`crate::extract::patterns::find_field`])
//! on this document, it reads exactly the value given. The template's `match` phrases are the
//! letterhead, the title and the labels the patterns use, as printed on the first page. Fields
//! not given are left to the kind's generic reader, which still runs beside a template.
//! [`Suggestion::to_toml`] writes the template file with its own `[[test]]`.

use std::collections::BTreeSet;
use std::str::FromStr;

use regex::{Regex, RegexBuilder};
use rust_decimal::Decimal;

use crate::extract::patterns::find_field;
use crate::extract::PageText;
use crate::model::{normalize, DocumentKind, ValueType};

use super::{FieldRule, RuleSet};

/// Why no template could be suggested.
#[derive(Debug, thiserror::Error)]
pub enum SuggestError {
    /// A `--set` that is not `name=value`.
    #[error("`{0}` is not name=value (for example total_usd=3035.00)")]
    NotAnAssignment(String),
    /// No value was given.
    #[error("give at least one value the template must read (--set load_number=…)")]
    NothingSet,
    /// The kind could not be told from the document and was not given.
    #[error("the document's kind is not clear (it reads as `other`): give it with --kind")]
    KindUnknown,
    /// A field that documents of this kind do not have.
    #[error("{kind} documents have no field `{name}`; their fields are: {fields}")]
    UnknownField {
        /// The field given.
        name: String,
        /// The kind.
        kind: DocumentKind,
        /// The kind's canonical fields, comma-separated.
        fields: String,
    },
    /// A value that is not of its field's type (`total_usd=abc`).
    #[error("{name}={value} is not a valid {what}")]
    BadValue {
        /// The field.
        name: String,
        /// The value given.
        value: String,
        /// The type in words (`amount in USD`).
        what: &'static str,
    },
    /// The value is not printed on the document as its text reads.
    #[error(
        "{name}: {value} is not printed on the document (as its text reads: see `freightdesk \
         extract --text FILE`; a value printed over two lines cannot be taught)"
    )]
    NotPrinted {
        /// The field.
        name: String,
        /// The value given.
        value: String,
    },
    /// The value is printed, but no label or heading near it reads it back.
    #[error(
        "{name}: {value} is printed (page {page}: `{printed}`) but no label or heading near it \
         reads it back; write this field's pattern by hand (rules/README.md)"
    )]
    NoPattern {
        /// The field.
        name: String,
        /// The value given.
        value: String,
        /// Page where it is printed.
        page: u32,
        /// How it is printed.
        printed: String,
    },
}

impl SuggestError {
    /// A suggestion depends only on the document and the values: never worth retrying.
    pub fn is_transient(&self) -> bool {
        false
    }
}

/// What staff ask for: the document's values, and optionally its kind, issuer and template id.
#[derive(Debug, Default, Clone)]
pub struct Request {
    /// The kind; `None`: as classified.
    pub kind: Option<DocumentKind>,
    /// Template id; `None`: from the issuer and kind (`mesa_verde_freight_carrier_invoice`).
    pub id: Option<String>,
    /// Who issues the layout; `None`: the letterhead (first line of page 1).
    pub issuer: Option<String>,
    /// `(field, value)` in the order given, values as staff type them (`3035.00`, `2026-07-15`).
    pub values: Vec<(String, String)>,
}

impl Request {
    /// Parse `name=value` assignments (the `--set` options).
    pub fn with_assignments(mut self, sets: &[String]) -> Result<Request, SuggestError> {
        for s in sets {
            let (name, value) = s
                .split_once('=')
                .filter(|(n, v)| !n.trim().is_empty() && !v.trim().is_empty())
                .ok_or_else(|| SuggestError::NotAnAssignment(s.clone()))?;
            self.values
                .push((name.trim().to_string(), value.trim().to_string()));
        }
        Ok(self)
    }
}

/// One field's rule as suggested.
#[derive(Debug, Clone)]
pub struct SuggestedField {
    /// Canonical field name.
    pub name: String,
    /// The normalized value it reads on this document (`3035.00`, `2026-07-15`).
    pub value: String,
    /// The regex (multi-line; the value in the `value` group).
    pub pattern: String,
    /// Page the value is read from, 1-based.
    pub page: u32,
    /// The text it is read from, as printed.
    pub printed: String,
    /// How it is anchored, in words (`label "Total Carrier Pay" to its left`).
    pub anchor: String,
    /// The label or heading it is anchored on, when surely one (a `match` phrase candidate).
    pub label: Option<String>,
}

/// A suggested template.
#[derive(Debug, Clone)]
pub struct Suggestion {
    /// Template id.
    pub id: String,
    /// Kind it extracts.
    pub kind: DocumentKind,
    /// Who issues the layout.
    pub issuer: String,
    /// Lower-case phrases all printed on one page of the layout.
    pub match_phrases: Vec<String>,
    /// The fields, in the order given.
    pub fields: Vec<SuggestedField>,
}

impl Suggestion {
    /// The template file: a comment saying where it came from, the `[[template]]`, and a
    /// `[[test]]` that reads `sample` (a path relative to the template file) and expects each
    /// field's value.
    pub fn to_toml(&self, source: &str, sample: &str) -> String {
        let q = |s: &str| toml::Value::String(s.to_string()).to_string();
        let mut out = String::new();
        out.push_str(&format!(
            "# {} {} layout, suggested by `freightdesk template suggest` from {source}.\n\
             # Each pattern reads one value the way staff gave it; fields not listed here are read\n\
             # by the generic labels of kinds.toml. Edit freely: `freightdesk rules test` checks it.\n",
            self.issuer,
            self.kind.as_str()
        ));
        for f in &self.fields {
            out.push_str(&format!("# - {}: {}\n", f.name, f.anchor));
        }
        out.push_str("[[template]]\n");
        out.push_str(&format!("id = {}\n", q(&self.id)));
        out.push_str(&format!("kind = {}\n", q(self.kind.as_str())));
        out.push_str(&format!("issuer = {}\n", q(&self.issuer)));
        let phrases: Vec<String> = self.match_phrases.iter().map(|p| q(p)).collect();
        out.push_str(&format!(
            "match = [{}]\n\n[template.fields]\n",
            phrases.join(", ")
        ));
        for f in &self.fields {
            // Patterns never hold a `'` (written as \x27), so a literal string takes them as is.
            out.push_str(&format!("{} = '{}'\n", f.name, f.pattern));
        }
        out.push_str(&format!(
            "\n# Tests: `freightdesk rules test` reads the sample with these rules and compares each\n\
             # field named here. See \"Testing your rules\" in rules/README.md.\n\
             [[test]]\nname = {}\nsample = {}\nkind = {}\ntemplate = {}\n\n[test.fields]\n",
            q(&format!("{} reads {}", self.id, sample.rsplit('/').next().unwrap_or(sample))),
            q(sample),
            q(self.kind.as_str()),
            q(&self.id)
        ));
        let mut sorted: Vec<&SuggestedField> = self.fields.iter().collect();
        sorted.sort_by(|a, b| a.name.cmp(&b.name));
        for f in sorted {
            out.push_str(&format!("{} = {}\n", f.name, q(&f.value)));
        }
        out
    }
}

/// Suggest a template that reads `request.values` from `pages` (one document's pages, as
/// [`crate::extract::read_pages`] gives them), for the kind given or, failing that, as `rules`
/// classify the first page.
///
/// Errors: [`SuggestError`] for a value that is not a field of the kind, not of its type, not
/// printed on a single line, or printed where no label or heading reads it back.
pub fn suggest(
    pages: &[PageText],
    rules: &RuleSet,
    request: &Request,
) -> Result<Suggestion, SuggestError> {
    if request.values.is_empty() {
        return Err(SuggestError::NothingSet);
    }
    let kind = match request.kind {
        Some(k) => k,
        None => pages
            .first()
            .and_then(|p| crate::extract::classify::classify_page(p, rules).kind)
            .filter(|k| *k != DocumentKind::Other)
            .ok_or(SuggestError::KindUnknown)?,
    };
    let headings = known_headings(rules);
    let mut fields = Vec::new();
    for (name, given) in &request.values {
        if !kind.canonical_fields().contains(&name.as_str()) {
            return Err(SuggestError::UnknownField {
                name: name.clone(),
                kind,
                fields: kind.canonical_fields().join(", "),
            });
        }
        let ty = ValueType::for_field(name);
        let target = normalize(ty, given)
            .filter(|_| !matches!(ty, ValueType::Flag | ValueType::FreightTerms))
            .ok_or_else(|| SuggestError::BadValue {
                name: name.clone(),
                value: given.clone(),
                what: type_in_words(ty),
            })?;
        let others: Vec<&str> = request
            .values
            .iter()
            .filter(|(n, _)| n != name)
            .map(|(_, v)| v.as_str())
            .collect();
        let own: Vec<String> = rules
            .kind_rule(kind)
            .and_then(|k| k.labels.iter().find(|(n, _)| n == name))
            .map(|(_, l)| l.iter().map(|l| l.to_lowercase()).collect())
            .unwrap_or_default();
        let mut known = headings.clone();
        known.extend(own.iter().cloned());
        let words = Words {
            known: &known,
            own: &own,
            others: &others,
        };
        fields.push(suggest_field(pages, name, given, ty, &target, &words)?);
    }
    let first = &pages[0];
    // The issuer: as given; else the letterhead without the title after it; else the issuing
    // party's name as given (the carrier of an invoice, the broker of a rate confirmation, the
    // shipper of a BOL).
    let issuing_party = match kind {
        DocumentKind::RateConfirmation => "broker_name",
        // The shipper prints the BOL, whichever carrier signs it.
        DocumentKind::BillOfLading => "shipper_name",
        DocumentKind::LumperReceipt => "",
        _ => "carrier_name",
    };
    let keywords: Vec<&str> = rules
        .kind_rule(kind)
        .map(|k| k.keywords.iter().map(|(w, _)| w.as_str()).collect())
        .unwrap_or_default();
    let issuer = request
        .issuer
        .clone()
        .or_else(|| {
            letterhead(&first.text).map(|l| {
                let lower = l.to_lowercase();
                let cut = keywords
                    .iter()
                    .filter(|k| lower.ends_with(&format!(" {k}")))
                    .map(|k| l.len() - k.len())
                    .min()
                    .unwrap_or(l.len());
                l[..cut].trim().to_string()
            })
        })
        .or_else(|| {
            request
                .values
                .iter()
                .find(|(n, _)| n == issuing_party)
                .map(|(_, v)| v.clone())
        })
        .unwrap_or_else(|| "Unknown issuer".to_string());
    let id = request.id.clone().unwrap_or_else(|| {
        let slug: Vec<String> = issuer
            .split(|c: char| !c.is_ascii_alphanumeric())
            .filter(|w| !w.is_empty())
            .take(4)
            .map(str::to_ascii_lowercase)
            .collect();
        format!("{}_{}", slug.join("_"), kind.as_str())
    });
    let match_phrases = match_phrases(first, rules, kind, &issuer, &fields, &request.values);
    Ok(Suggestion {
        id,
        kind,
        issuer,
        match_phrases,
        fields,
    })
}

fn type_in_words(ty: ValueType) -> &'static str {
    match ty {
        ValueType::Money => "amount in USD (3035.00)",
        ValueType::Date => "date (2026-07-15)",
        ValueType::Weight => "weight in lb (42000)",
        ValueType::Integer => "whole number",
        ValueType::Digits => "number",
        ValueType::State => "two-letter state code (PA)",
        ValueType::Flag => "value: yes/no fields are not taught by a value",
        ValueType::FreightTerms => {
            "value: freight terms are read from the ticked box, not taught by a value"
        }
        ValueType::Id | ValueType::Text => "text",
    }
}

/// Two normalized values are the same value: amounts as numbers, the rest ignoring case.
fn same(ty: ValueType, a: &str, b: &str) -> bool {
    match ty {
        ValueType::Money => match (Decimal::from_str(a), Decimal::from_str(b)) {
            (Ok(x), Ok(y)) => x == y,
            _ => false,
        },
        _ => a.eq_ignore_ascii_case(b),
    }
}

/// `a ,b,  c` → `a, b, c`: parts of an address compared whatever the spacing around commas.
fn fold_commas(s: &str) -> String {
    s.split(',')
        .map(|p| p.split_whitespace().collect::<Vec<_>>().join(" "))
        .collect::<Vec<_>>()
        .join(", ")
}

/// A run of text between runs of two or more spaces on one line. (The generic reader's cells
/// also split at `|`; these are exactly what [`skip_cells`]'s pattern passes over.)
#[derive(Debug, Clone, Copy)]
struct Cell<'a> {
    text: &'a str,
    /// Column (characters from the line start).
    col: usize,
}

impl Cell<'_> {
    fn end_col(&self) -> usize {
        self.col + self.text.chars().count()
    }
}

fn cells(line: &str) -> Vec<Cell<'_>> {
    static GAP: std::sync::LazyLock<Regex> =
        std::sync::LazyLock::new(|| Regex::new(r"[ \t]{2,}|\t").expect("valid regex"));
    let mut out = Vec::new();
    let mut from = 0;
    let mut push = |a: usize, b: usize| {
        let t = line[a..b].trim();
        if !t.is_empty() {
            let start = a + (line[a..b].len() - line[a..b].trim_start().len());
            out.push(Cell {
                text: t,
                col: line[..start].chars().count(),
            });
        }
    };
    for m in GAP.find_iter(line) {
        push(from, m.start());
        from = m.end();
    }
    push(from, line.len());
    out
}

/// Where a value is printed: a run of whole words inside one cell.
#[derive(Debug)]
struct Occurrence {
    page: usize,
    line: usize,
    cell: usize,
    /// Byte range in the cell's text.
    range: (usize, usize),
    /// A value printed over several lines (an address): its cell on each following line.
    more: Vec<usize>,
}

/// Ways to cut `n` parts into `k` runs of consecutive parts (run lengths, each at least 1).
fn compositions(n: usize, k: usize) -> Vec<Vec<usize>> {
    if k == 1 {
        return if n >= 1 { vec![vec![n]] } else { vec![] };
    }
    let mut out = Vec::new();
    for first in 1..n {
        for mut rest in compositions(n - first, k - 1) {
            rest.insert(0, first);
            out.push(rest);
        }
    }
    out
}

/// Every place a comma-separated text value (`PO Box 99731, Charlotte, NC 28260`) is printed
/// over consecutive lines of one column: its first line ends a cell, each later line is a whole
/// cell over the same columns. Compared with whitespace folded, ignoring case.
fn multi_line_occurrences(pages: &[PageText], target: &str) -> Vec<Occurrence> {
    let fold = |s: &str| {
        s.split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
            .to_lowercase()
    };
    let parts: Vec<String> = target
        .split(',')
        .map(fold)
        .filter(|p| !p.is_empty())
        .collect();
    if parts.len() < 2 || parts.len() > 8 {
        return Vec::new();
    }
    let mut out = Vec::new();
    for (pi, page) in pages.iter().enumerate() {
        let lines: Vec<Vec<Cell>> = page.text.lines().map(cells).collect();
        for k in 2..=parts.len().min(4) {
            for runs in compositions(parts.len(), k) {
                let mut at = 0;
                let wanted: Vec<String> = runs
                    .iter()
                    .map(|r| {
                        let w = parts[at..at + r].join(", ");
                        at += r;
                        w
                    })
                    .collect();
                for li in 0..lines.len().saturating_sub(k - 1) {
                    for (ci, c) in lines[li].iter().enumerate() {
                        let text = fold(c.text);
                        if !text.ends_with(&wanted[0])
                            || !(text.len() == wanted[0].len()
                                || text[..text.len() - wanted[0].len()].ends_with(' '))
                        {
                            continue;
                        }
                        let mut more = Vec::new();
                        for (j, w) in wanted.iter().enumerate().skip(1) {
                            let found = lines[li + j].iter().position(|n| {
                                n.col < c.end_col() && n.end_col() > c.col && fold(n.text) == *w
                            });
                            match found {
                                Some(n) => more.push(n),
                                None => break,
                            }
                        }
                        if more.len() == k - 1 {
                            // The first line's part, as printed, ends the cell.
                            let chars = wanted[0].chars().count();
                            let start = c
                                .text
                                .char_indices()
                                .rev()
                                .nth(chars - 1)
                                .map_or(0, |(i, _)| i);
                            out.push(Occurrence {
                                page: pi,
                                line: li,
                                cell: ci,
                                range: (start, c.text.len()),
                                more,
                            });
                        }
                    }
                }
            }
        }
    }
    out
}

/// Every place `target` is printed as a run of whole words of one cell, innermost runs only.
fn occurrences(pages: &[PageText], ty: ValueType, target: &str) -> Vec<Occurrence> {
    let mut out = Vec::new();
    for (pi, page) in pages.iter().enumerate() {
        for (li, line) in page.text.lines().enumerate() {
            for (ci, cell) in cells(line).iter().enumerate() {
                let words: Vec<(usize, usize)> = cell
                    .text
                    .split(' ')
                    .scan(0, |at, w| {
                        let s = *at;
                        *at += w.len() + 1;
                        Some((s, s + w.len()))
                    })
                    .filter(|(s, e)| e > s)
                    .collect();
                let mut found: Vec<(usize, usize)> = Vec::new();
                for i in 0..words.len() {
                    for j in i..words.len().min(i + 8) {
                        let (s, e) = (words[i].0, words[j].1);
                        // Punctuation that ends a word is not part of the value (`Bay,`).
                        let text = cell.text[s..e].trim_end_matches([',', ';', ':']);
                        let e = s + text.len();
                        // Nor is a `#` before an identifier (`INVOICE #4471`): it is the label's.
                        let mut text = text.trim_start_matches(['#', ':']);
                        // A number's label can be glued to it (`MC-1045872`, `DOT#3921466`).
                        if ty == ValueType::Digits {
                            if let Some(d) = text.find(|c: char| c.is_ascii_digit()) {
                                if text[..d].chars().all(|c| !c.is_ascii_digit()) {
                                    text = &text[d..];
                                }
                            }
                        }
                        let s = e - text.len();
                        if normalize(ty, text).is_some_and(|v| same(ty, &v, target)) {
                            found.push((s, e));
                            break;
                        }
                    }
                }
                // Innermost: `No. KB-20931` also normalizes as an id; `KB-20931` is the value.
                let inner: Vec<(usize, usize)> = found
                    .iter()
                    .filter(|a| !found.iter().any(|b| b != *a && b.0 >= a.0 && b.1 <= a.1))
                    .copied()
                    .collect();
                for range in inner {
                    out.push(Occurrence {
                        page: pi,
                        line: li,
                        cell: ci,
                        range,
                        more: Vec::new(),
                    });
                }
            }
        }
    }
    out
}

/// The headings the rule set knows (`Description`, `Stop`), lower case. A label of another
/// field (`Grand Total` for a count) is no heading of this one.
fn known_headings(rules: &RuleSet) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    for k in &rules.kinds {
        out.extend(k.headings.iter().map(|h| h.to_lowercase()));
    }
    out
}

/// Words that can stand as a label: letters, a few words, no figures (a single digit, as in
/// `Stop 1`, is allowed), and not one of the values staff gave.
fn label_like(text: &str, others: &[&str]) -> bool {
    let t = text.trim();
    !t.contains('@')
        && !t.contains("://")
        && t.chars().filter(|c| c.is_alphabetic()).count() >= 2
        && t.split_whitespace().count() <= 6
        && t.len() <= 48
        && !t
            .as_bytes()
            .windows(2)
            .any(|w| w[0].is_ascii_digit() && w[1].is_ascii_digit())
        && !others.iter().any(|o| {
            !o.is_empty()
                && crate::extract::classify::whole_word(&t.to_lowercase(), &o.to_lowercase())
        })
}

/// A heading or a label as printed: ends with `:` or `#`, is in capitals, or is a label the
/// rule set knows. A name or a street is none of these.
fn heading_like(text: &str, known: &BTreeSet<String>) -> bool {
    let t = text.trim();
    let letters: Vec<char> = t.chars().filter(|c| c.is_alphabetic()).collect();
    let upper = letters.iter().filter(|c| c.is_uppercase()).count();
    let bare = t
        .trim_end_matches([':', '#', '.', ' '])
        .trim()
        .to_lowercase();
    t.ends_with(':')
        || t.ends_with('#')
        || (letters.len() >= 3 && upper * 10 >= letters.len() * 8)
        || known.contains(&bare)
}

/// How surely a cell above a value is a heading: 0 a label as printed (ends with `:` or `#`, or
/// a label or heading the rules know), 1 capitals on a line of words only, 2 anything else.
fn strength(cell: &str, line: &str, known: &BTreeSet<String>, others: &[&str]) -> u8 {
    let bare = cell
        .trim()
        .trim_end_matches([':', '#', '.', ' '])
        .trim()
        .to_lowercase();
    if cell.trim().ends_with([':', '#']) || known.contains(&bare) {
        0
    } else if heading_like(cell, known) && cells(line).iter().all(|c| label_like(c.text, others)) {
        1
    } else {
        2
    }
}

/// Is `label` (as printed) one of the field's own labels (lower case), ignoring case and the
/// punctuation after it (`Remit To:` is `remit to`)?
fn is_own_label(label: &str, own: &[String]) -> bool {
    let l = label
        .trim()
        .trim_end_matches([':', '#', '.', ' '])
        .trim()
        .to_lowercase();
    own.contains(&l)
}

/// A literal phrase as a pattern: escaped, `'` as `\x27` (so the pattern fits a TOML literal
/// string), spaces as `[ \t]+`, whole words at its ends.
fn literal(text: &str) -> String {
    let words: Vec<String> = text
        .split_whitespace()
        .map(|w| regex::escape(w).replace('\'', r"\x27"))
        .collect();
    let mut p = words.join(r"[ \t]+");
    if text.trim_start().starts_with(|c: char| c.is_alphanumeric()) {
        p = format!(r"\b{p}");
    }
    if text.trim_end().ends_with(|c: char| c.is_alphanumeric()) {
        p.push_str(r"\b");
    }
    p
}

/// A printed value's shape: digit runs as `\d+`, letter runs as `[A-Za-z]+`, spaces as
/// `[ \t]+`, punctuation as printed (`Jul 14, 2026` → `[A-Za-z]+[ \t]+\d+,[ \t]+\d+`).
fn shape(printed: &str) -> String {
    let mut out = String::new();
    let mut last = ' ';
    let mut first = true;
    for c in printed.chars() {
        let class = if c.is_ascii_digit() {
            'd'
        } else if c.is_alphabetic() {
            'a'
        } else if c.is_whitespace() {
            's'
        } else {
            c
        };
        if !first && class == last && matches!(class, 'd' | 'a' | 's') {
            continue;
        }
        out.push_str(&match class {
            'd' => r"\d+".to_string(),
            'a' => "[A-Za-z]+".to_string(),
            's' => r"[ \t]+".to_string(),
            c => regex::escape(&c.to_string()).replace('\'', r"\x27"),
        });
        last = class;
        first = false;
    }
    out
}

/// A pattern that passes over the first `n` cells of a line (words with single spaces, then two
/// or more spaces or a tab); empty for `n` = 0.
fn skip_cells(n: usize) -> String {
    if n == 0 {
        String::new()
    } else {
        format!(r"(?:\S(?:\S| \S)*(?:[ \t]{{2,}}|\t)){{{n}}}")
    }
}

/// Patterns for the value itself, most specific first. `rest` is what follows it in its cell;
/// `rest_is_label`: words printed after it that belong to the layout (`Acme Trucking INVOICE`).
fn value_patterns(ty: ValueType, printed: &str, rest: &str, rest_is_label: bool) -> Vec<String> {
    // Text runs to the next punctuation printed after it in the cell, or to the words of the
    // layout printed after it, or to the cell's end.
    let text = match rest.chars().next() {
        Some(' ') if rest_is_label => {
            format!(r"(?P<value>\S(?:\S| \S)*?)[ \t]+{}", literal(rest.trim()))
        }
        Some(p) if !p.is_alphanumeric() && !p.is_whitespace() => {
            let e = regex::escape(&p.to_string()).replace('\'', r"\x27");
            format!(r"(?P<value>\S(?:\S| \S)*?)[ \t]*{e}")
        }
        _ if rest.trim().is_empty() => r"(?P<value>\S(?:\S| \S)*)".to_string(),
        _ => format!(r"(?P<value>{})", shape(printed)),
    };
    let v = |p: &str| format!("(?P<value>{p})");
    match ty {
        ValueType::Money => vec![
            v(r"\$?[ \t]*[\d,]+\.\d{2}\b"),
            v(r"(?:USD[ \t]*)?\$?[ \t]*[\d,]+(?:\.\d{1,2})?\b"),
        ],
        ValueType::Date => vec![v(&shape(printed)), text],
        ValueType::Id => vec![
            v(r"[A-Za-z0-9](?:[A-Za-z0-9/.-]*[A-Za-z0-9])?"),
            v(&shape(printed)),
        ],
        ValueType::Digits => vec![v(r"\d+"), v(&shape(printed))],
        ValueType::Integer => vec![v(r"\d[\d,]*\b")],
        ValueType::Weight => vec![v(r"\d[\d,]*(?:\.\d+)?(?:[ \t]*(?i:lbs?|kgs?|pounds)\b)?")],
        ValueType::State => vec![v(r"[A-Za-z]{2}\b")],
        ValueType::Text | ValueType::FreightTerms | ValueType::Flag => vec![text],
    }
}

/// What is printed before the value in its cell, as a pattern: a label as printed; data (the
/// city before a state) by its punctuation only.
fn prefix_pattern(prefix: &str, known: &BTreeSet<String>, others: &[&str]) -> String {
    let p = prefix.trim_end();
    if p.is_empty() {
        return String::new();
    }
    let gap = if prefix.len() > p.len() {
        r"[ \t]*"
    } else {
        ""
    };
    if label_like(p, others) && (heading_like(p, known) || !p.ends_with(',')) {
        return format!("{}{gap}", literal(p));
    }
    // Data: keep the punctuation that separates it from the value (`Green Bay, ` → `[^\n,]*?,`).
    let mut out = String::new();
    let mut run = false;
    for c in p.chars() {
        if c.is_alphanumeric() || c == ' ' || c == '.' || c == '\'' || c == '-' {
            if !run {
                out.push_str(r"[^\n,;:#]*?");
                run = true;
            }
        } else {
            out.push_str(&regex::escape(&c.to_string()));
            run = false;
        }
    }
    format!("{out}{gap}")
}

/// What the words around a value may be, for one field.
struct Words<'a> {
    /// Headings the rules know and the field's own labels, lower case.
    known: &'a BTreeSet<String>,
    /// The field's own labels (kinds.toml), lower case.
    own: &'a [String],
    /// The other values staff gave: never a label.
    others: &'a [&'a str],
}

fn suggest_field(
    pages: &[PageText],
    name: &str,
    given: &str,
    ty: ValueType,
    target: &str,
    words: &Words,
) -> Result<SuggestedField, SuggestError> {
    let Words { known, own, others } = *words;
    let mut found = occurrences(pages, ty, target);
    if found.is_empty() && ty == ValueType::Text {
        found = multi_line_occurrences(pages, target);
    }
    if found.is_empty() {
        return Err(SuggestError::NotPrinted {
            name: name.into(),
            value: given.into(),
        });
    }
    // What each place the value is printed reads, with whether its label is the field's own.
    let mut read: Vec<((bool, u8), SuggestedField)> = Vec::new();
    'occurrences: for o in &found {
        let page = &pages[o.page];
        let lines: Vec<&str> = page.text.lines().collect();
        let row = cells(lines[o.line]);
        let cell = row[o.cell];
        let printed = &cell.text[o.range.0..o.range.1];
        let before = &cell.text[..o.range.0];
        let rest = &cell.text[o.range.1..];
        let prefix = prefix_pattern(before, known, others);
        // (pattern before the value, how in words, the label's words, rank: 0 a label as
        // printed, 1 a heading or words before it in its cell, 2 weaker; see `strength`)
        let mut anchors: Vec<(String, String, Option<&str>, u8)> = Vec::new();
        // 1. A label before it in its cell.
        if !before.trim().is_empty() && label_like(before, others) && !prefix.starts_with("[^") {
            anchors.push((
                prefix.clone(),
                format!("label \"{}\" before it", before.trim()),
                Some(before.trim()),
                strength(before.trim(), before.trim(), known, others).min(1),
            ));
        }
        // 2. A label in the cell to its left, unless the value is in a row of a table under a
        //    row of column headings (then the cell to its left is the row's other value).
        let (c0, c1) = (cell.col, cell.end_col());
        let under_headings = lines[..o.line]
            .iter()
            .rev()
            .find(|l| !l.trim().is_empty())
            .map(|l| cells(l))
            .is_some_and(|hs| {
                hs.len() >= 2
                    && hs
                        .iter()
                        .all(|h| label_like(h.text, others) && heading_like(h.text, known))
                    && hs.iter().any(|h| h.col < c1 && h.end_col() > c0)
            });
        let mut left = None;
        if o.cell > 0 && label_like(row[o.cell - 1].text, others) {
            let label = row[o.cell - 1].text;
            left = Some((
                format!(r"{}[ \t]+{prefix}", literal(label)),
                format!("label \"{label}\" to its left"),
                Some(label),
                if heading_like(label, known) {
                    strength(label, label, known, others).min(1)
                } else {
                    2
                },
            ));
        }
        // A label as printed (`Total:`, `AMOUNT DUE`, a label the rules know) before any
        // heading; words that may be data (`wade@…`, a name) after them.
        if !under_headings
            && row
                .get(o.cell.wrapping_sub(1))
                .is_some_and(|l| heading_like(l.text, known))
        {
            anchors.extend(left.take());
        }
        // 3. A heading above, over its columns: the nearest such heading, then the nearest
        //    cell of words.
        let mut above: Vec<(usize, usize, Cell)> = Vec::new();
        for up in (o.line.saturating_sub(8)..o.line).rev() {
            for (hi, h) in cells(lines[up]).into_iter().enumerate() {
                // Over its columns and aligned with it: left edges, right edges or centres
                // within three characters (a letterhead above a value is no heading).
                let (h0, h1) = (h.col, h.end_col());
                let aligned = h0.abs_diff(c0) <= 3
                    || h1.abs_diff(c1) <= 3
                    || (h0 + h1).abs_diff(c0 + c1) <= 6;
                if h0 < c1 && h1 > c0 && aligned && label_like(h.text, others) {
                    above.push((up, hi, h));
                }
            }
        }
        // Strongest first: a label as printed (`PRO #`, `Ship Date:`, a label the rules know),
        // then capitals on a line of words only (a heading or a row of column headings), then
        // other words (capitals in a row of data are a name: `GRANITE HOME GOODS  7/16/26`);
        // nearest first within each.
        above.sort_by_key(|(up, _, h)| (strength(h.text, lines[*up], known, others), o.line - up));
        for (up, hi, h) in above.into_iter().take(3) {
            let rank = strength(h.text, lines[up], known, others);
            let gap = o.line - up - 1;
            let skip_lines = if gap == 0 {
                String::new()
            } else {
                format!(r"(?:[^\n]*\n){{{gap}}}")
            };
            let tail = format!(r"[^\n]*\n{skip_lines}^[ \t]*{}{prefix}", skip_cells(o.cell));
            anchors.push((
                format!("{}{tail}", literal(h.text)),
                format!("heading \"{}\" {} line(s) above it", h.text, gap + 1),
                Some(h.text),
                rank,
            ));
            // The same heading where it stands on its line (the same words print elsewhere).
            let before_heading = format!(r"^[ \t]*{}", skip_cells(hi));
            anchors.push((
                format!("{before_heading}{}{tail}", literal(h.text)),
                format!(
                    "heading \"{}\" {} line(s) above it, cell {} of its line",
                    h.text,
                    gap + 1,
                    hi + 1
                ),
                Some(h.text),
                rank,
            ));
        }
        anchors.extend(left);
        // 4. The top of the page (a letterhead): nothing but blank lines above it.
        if lines[..o.line].iter().all(|l| l.trim().is_empty()) {
            anchors.push((
                format!(r"\A(?:[ \t]*\n)*[ \t]*{}{prefix}", skip_cells(o.cell)),
                "the first line of the page".to_string(),
                None,
                1,
            ));
        }
        // 5. In the letterhead (the first six lines): its line on the page, its cell on the line.
        let printed_lines = lines[..o.line]
            .iter()
            .filter(|l| !l.trim().is_empty())
            .count();
        if printed_lines > 0 && printed_lines < 6 {
            anchors.push((
                format!(
                    r"\A(?:[^\n]*\n){{{}}}[ \t]*{}{prefix}",
                    o.line,
                    skip_cells(o.cell)
                ),
                format!("line {} of the page (the letterhead)", o.line + 1),
                None,
                2,
            ));
        }
        // 6. A label on its line under the heading of its block (`Date:` under `SHIPPER`, when
        //    `Date:` is printed more than once): the heading, the lines between, the label at
        //    its place on the line.
        // Block headings in capitals (`CONSIGNEE / DELIVERY`) before labels (`Email:`), nearest
        // first.
        let mut blocks: Vec<(u8, usize, Cell)> = Vec::new();
        for up in (o.line.saturating_sub(12)..o.line).rev() {
            for h in cells(lines[up]) {
                match strength(h.text, lines[up], known, others) {
                    1 => blocks.push((0, up, h)),
                    0 => blocks.push((1, up, h)),
                    _ => {}
                }
            }
        }
        blocks.sort_by_key(|(s, up, _)| (*s, o.line - up));
        let same_line: Vec<(String, String, Option<&str>, u8)> = anchors
            .iter()
            .filter(|(_, how, _, _)| how.starts_with("label "))
            .cloned()
            .collect();
        for (pattern, how, label, rank) in same_line {
            // Where the label starts: its own cell (to the left), or the value's cell.
            let label_cell = if how.ends_with("to its left") {
                o.cell - 1
            } else {
                o.cell
            };
            for (_, up, h) in blocks.iter().take(4) {
                let gap = o.line - up - 1;
                let lines_between = if gap == 0 {
                    String::new()
                } else {
                    format!(r"(?:[^\n]*\n){{{gap}}}")
                };
                anchors.push((
                    format!(
                        r"{}[^\n]*\n{lines_between}^[ \t]*{}{pattern}",
                        literal(h.text),
                        skip_cells(label_cell)
                    ),
                    format!("{how}, under \"{}\"", h.text),
                    label,
                    rank,
                ));
            }
        }
        let rest_is_label = label_like(rest, others) && heading_like(rest, known);
        let values = if o.more.is_empty() {
            value_patterns(ty, printed, rest, rest_is_label)
        } else {
            // Each line to its cell's end, each later line in its own cell of the line.
            let mut p = r"(?P<value>\S(?:\S| \S)*)".to_string();
            for (i, c) in o.more.iter().enumerate() {
                p.push_str(&format!(
                    r"[^\n]*\n^[ \t]*{}(?P<value{}>\S(?:\S| \S)*)",
                    skip_cells(*c),
                    i + 2
                ));
            }
            vec![p]
        };
        'anchors: for (anchor, how, label, rank) in &anchors {
            for vp in &values {
                let pattern = format!("{anchor}{vp}");
                let Ok(re) = RegexBuilder::new(&pattern)
                    .multi_line(true)
                    .size_limit(1 << 20)
                    .build()
                else {
                    continue;
                };
                let rule = FieldRule {
                    name: name.into(),
                    patterns: vec![re],
                    value_type: ty,
                    rule_ref: "suggestion".into(),
                };
                if let Some(f) = find_field(&rule, pages) {
                    if same(ty, &fold_commas(&f.value), &fold_commas(target))
                        && f.provenance.page == page.page
                    {
                        // The field's own label (`Remit To:` for the remit-to) first.
                        let own_label = label.is_some_and(|l| is_own_label(l, own));
                        read.push((
                            (!own_label, *rank),
                            SuggestedField {
                                name: name.into(),
                                value: f.value,
                                pattern,
                                page: page.page,
                                printed: f.provenance.printed,
                                anchor: how.clone(),
                                label: label
                                    .filter(|l| strength(l, l, known, others) <= 1)
                                    .map(str::to_string),
                            },
                        ));
                        if own_label && *rank == 0 {
                            break 'occurrences;
                        }
                        continue 'anchors;
                    }
                }
            }
        }
    }
    read.sort_by_key(|(rank, _)| *rank);
    if let Some((_, f)) = read.into_iter().next() {
        return Ok(f);
    }
    let o = &found[0];
    let line = pages[o.page].text.lines().nth(o.line).unwrap_or("");
    Err(SuggestError::NoPattern {
        name: name.into(),
        value: given.into(),
        page: pages[o.page].page,
        printed: line.trim().to_string(),
    })
}

/// The letterhead: the first cell of words on the page (the issuer's name, as a rule).
fn letterhead(text: &str) -> Option<String> {
    text.lines()
        .flat_map(|l| cells(l).into_iter().take(1))
        .find(|c| c.text.chars().filter(|c| c.is_alphabetic()).count() >= 3)
        .map(|c| c.text.to_string())
        .filter(|t| label_like(t, &[]))
}

/// Phrases that tell this layout: the letterhead, the title (a cell near the top carrying a
/// keyword of its kind) and the labels the patterns use, all printed on the first page.
fn match_phrases(
    first: &PageText,
    rules: &RuleSet,
    kind: DocumentKind,
    issuer: &str,
    fields: &[SuggestedField],
    values: &[(String, String)],
) -> Vec<String> {
    let lower = first.text.to_lowercase();
    let values: Vec<&str> = values.iter().map(|(_, v)| v.as_str()).collect();
    let mut out: Vec<String> = Vec::new();
    let mut add = |p: &str| {
        let p = p
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
            .to_lowercase();
        // A phrase inside another adds nothing (the letterhead, and the letterhead with title).
        let overlaps = out.iter().any(|o| o.contains(&p) || p.contains(o.as_str()));
        if p.len() >= 4 && lower.contains(&p) && !overlaps && out.len() < 5 {
            out.push(p);
        }
    };
    if let Some(head) = letterhead(&first.text) {
        add(&head);
    }
    if issuer != "Unknown issuer" {
        add(issuer);
    }
    let keywords: Vec<&str> = rules
        .kind_rule(kind)
        .map(|k| k.keywords.iter().map(|(w, _)| w.as_str()).collect())
        .unwrap_or_default();
    if let Some(title) = first
        .text
        .lines()
        .take(15)
        .flat_map(cells)
        .map(|c| c.text)
        .find(|t| {
            let l = t.to_lowercase();
            label_like(t, &values) && keywords.iter().any(|k| l.contains(k))
        })
    {
        add(title);
    }
    for f in fields.iter().filter(|f| f.page == first.page) {
        if let Some(l) = &f.label {
            add(l);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(text: &str) -> Vec<PageText> {
        vec![PageText {
            page: 1,
            text: text.to_string(),
            glyphs: text.len(),
            ocr_confidence: None,
        }]
    }

    fn field(pages: &[PageText], name: &str, given: &str) -> Result<SuggestedField, SuggestError> {
        let ty = ValueType::for_field(name);
        let target = normalize(ty, given).unwrap();
        let words = Words {
            known: &BTreeSet::new(),
            own: &[],
            others: &[],
        };
        suggest_field(pages, name, given, ty, &target, &words)
    }

    fn reads(pattern: &str, text: &str) -> Option<String> {
        let rule = FieldRule {
            name: "x".into(),
            patterns: vec![RegexBuilder::new(pattern).multi_line(true).build().unwrap()],
            value_type: ValueType::Text,
            rule_ref: String::new(),
        };
        find_field(&rule, &page(text)).map(|f| f.value)
    }

    #[test]
    fn label_to_the_left_and_in_the_cell() {
        let doc = page(
            "MESA VERDE FREIGHT                 INVOICE #MV-4471\n\
             Total Due        $3,035.00\n",
        );
        let total = field(&doc, "total_usd", "3035").unwrap();
        assert_eq!(total.value, "3035.00");
        assert!(total.anchor.contains("Total Due"), "{}", total.anchor);
        let number = field(&doc, "invoice_number", "MV-4471").unwrap();
        assert!(number.anchor.contains("INVOICE #"), "{}", number.anchor);
        // The pattern reads another invoice of the same layout.
        let other = "MESA VERDE FREIGHT                 INVOICE #MV-5102\nTotal Due   $980.10\n";
        assert_eq!(reads(&number.pattern, other).as_deref(), Some("MV-5102"));
        assert_eq!(reads(&total.pattern, other).as_deref(), Some("$980.10"));
    }

    #[test]
    fn a_letterhead_with_the_title_after_it() {
        let doc =
            page("\n  Frontier Line Logistics & Trucking INVOICE\n6515 N Main St, Albany, NY\n");
        let name = field(&doc, "carrier_name", "Frontier Line Logistics & Trucking").unwrap();
        assert_eq!(name.anchor, "the first line of the page");
        let other = "  Zed Haul LLC INVOICE\n9 Elm St, Reno, NV\n";
        assert_eq!(reads(&name.pattern, other).as_deref(), Some("Zed Haul LLC"));
    }

    #[test]
    fn an_address_over_two_lines() {
        let doc = page(
            "  BILL TO                          SEND PAYMENT TO\n\
             \x20 Keystone Arc Logistics, Inc.     RoadFund Financial\n\
             \x20 9587 Trade Center Pkwy           PO Box 99731\n\
             \x20 Green Bay, WI 54304              Charlotte, NC 28260\n",
        );
        let a = field(
            &doc,
            "remit_to_address",
            "PO Box 99731, Charlotte, NC 28260",
        )
        .unwrap();
        let other = "  BILL TO                          SEND PAYMENT TO\n\
                     \x20 Keystone Arc Logistics, Inc.     Capital Funding LLC\n\
                     \x20 9587 Trade Center Pkwy           1 Main St, Suite 4\n\
                     \x20 Green Bay, WI 54304              Dallas, TX 75373\n";
        let rule = FieldRule {
            name: "remit_to_address".into(),
            patterns: vec![RegexBuilder::new(&a.pattern)
                .multi_line(true)
                .build()
                .unwrap()],
            value_type: ValueType::Text,
            rule_ref: String::new(),
        };
        let got = find_field(&rule, &page(other)).map(|f| f.value);
        assert_eq!(got.as_deref(), Some("1 Main St, Suite 4, Dallas, TX 75373"));
    }

    #[test]
    fn heading_above_the_same_column() {
        let doc = page(
            "EQUIPMENT          COMMODITY               WEIGHT\n\
             53' Dry Van        Printing paper          42,000 lb\n",
        );
        let w = field(&doc, "weight_lb", "42000").unwrap();
        assert!(w.anchor.starts_with("heading \"WEIGHT\""), "{}", w.anchor);
        let other = "EQUIPMENT          COMMODITY               WEIGHT\n\
                     Reefer             Frozen peas             38,500 lbs\n";
        assert_eq!(reads(&w.pattern, other).as_deref(), Some("38,500 lbs"));
        let c = field(&doc, "commodity", "Printing paper").unwrap();
        assert_eq!(reads(&c.pattern, other).as_deref(), Some("Frozen peas"));
    }

    #[test]
    fn data_before_a_value_is_matched_by_its_punctuation() {
        let doc = page("SHIP FROM\nAcme Paper Co\n100 Mill Rd\nGreen Bay, WI 54302\n");
        let s = field(&doc, "pickup_state", "WI").unwrap();
        let city = field(&doc, "pickup_city", "Green Bay").unwrap();
        let other = "SHIP FROM\nZed Foods\n9 Elm St\nFort Worth, TX 76101\n";
        assert_eq!(reads(&s.pattern, other).as_deref(), Some("TX"));
        assert_eq!(reads(&city.pattern, other).as_deref(), Some("Fort Worth"));
    }

    #[test]
    fn a_value_not_printed_or_not_readable_says_so() {
        let doc = page("Total Due        $3,035.00\n");
        assert!(matches!(
            field(&doc, "total_usd", "99.00"),
            Err(SuggestError::NotPrinted { .. })
        ));
        // Under a line of figures only: nothing to anchor on.
        let lone = page(&format!("{}$3,035.00\n", "0012 4471 99\n".repeat(7)));
        assert!(matches!(
            field(&lone, "total_usd", "3035.00"),
            Err(SuggestError::NoPattern { .. })
        ));
    }

    #[test]
    fn patterns_and_the_file_quote_safely() {
        assert_eq!(literal("Driver's Pay:"), r"\bDriver\x27s[ \t]+Pay:");
        assert_eq!(shape("Jul 14, 2026"), r"[A-Za-z]+[ \t]+\d+,[ \t]+\d+");
    }
}
