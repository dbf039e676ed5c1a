//! Classification of pages and splitting of a PDF into its documents (packets).
//!
//! Each page is matched against the templates first (every `match` phrase present; the template
//! with the most phrases wins), then scored against each kind's weighted keywords. A page with no
//! evidence of its own continues the document before it (terms and conditions, page 2 of a rate
//! confirmation); a PDF that starts with such a page is `other`.

use crate::model::DocumentKind;
use crate::rules::{RuleSet, Template};

use super::fields::find_field;
use super::PageText;

/// A document's place in its file, before field extraction.
#[derive(Debug, Clone)]
pub struct Split<'r> {
    /// The kind.
    pub kind: DocumentKind,
    /// The template, when one matched.
    pub template: Option<&'r Template>,
    /// Indexes into the page list (0-based).
    pub pages: Vec<usize>,
}

/// The template whose phrases all appear in `lower` (lower-cased page text); most phrases wins,
/// ties go to the first template by file name.
pub fn best_template<'r>(lower: &str, rules: &'r RuleSet) -> Option<&'r Template> {
    rules
        .templates
        .iter()
        .filter(|t| t.match_all.iter().all(|m| lower.contains(m.as_str())))
        // `max_by_key` keeps the last of equals; reversed, ties go to the first by file name.
        .rev()
        .max_by_key(|t| t.match_all.len())
}

/// The kind with the highest keyword score at or above its threshold, with the score.
pub fn generic_kind(lower: &str, rules: &RuleSet) -> Option<(DocumentKind, u32)> {
    rules
        .kinds
        .iter()
        .map(|k| {
            let score: u32 = k
                .keywords
                .iter()
                .filter(|(w, _)| lower.contains(w.as_str()))
                .map(|(_, n)| n)
                .sum();
            (k, score)
        })
        .filter(|(k, score)| *score >= k.threshold)
        .max_by_key(|(_, score)| *score)
        .map(|(k, score)| (k.kind, score))
}

/// Split pages into documents.
pub fn split<'r>(pages: &[PageText], rules: &'r RuleSet) -> Vec<Split<'r>> {
    let mut docs: Vec<Split<'r>> = Vec::new();
    for (i, page) in pages.iter().enumerate() {
        let lower = page.text.to_lowercase();
        if let Some(t) = best_template(&lower, rules) {
            let continues = docs.last().is_some_and(|d| {
                d.template.is_some_and(|dt| dt.id == t.id) && same_key(t, &pages[d.pages[0]], page)
            });
            if continues {
                docs.last_mut().expect("checked").pages.push(i);
            } else {
                docs.push(Split {
                    kind: t.kind,
                    template: Some(t),
                    pages: vec![i],
                });
            }
            continue;
        }
        let kind = generic_kind(&lower, rules).map(|(k, _)| k);
        match (docs.last_mut(), kind) {
            (Some(d), None) => d.pages.push(i),
            (Some(d), Some(k)) if k == d.kind => d.pages.push(i),
            (_, k) => docs.push(Split {
                kind: k.unwrap_or(DocumentKind::Other),
                template: None,
                pages: vec![i],
            }),
        }
    }
    docs
}

/// Whether `page` carries the same key value (the template's first field, e.g. the invoice
/// number) as the first page of the document, or none at all.
fn same_key(t: &Template, first: &PageText, page: &PageText) -> bool {
    let Some(key) = t.fields.first() else {
        return true;
    };
    match (
        find_field(key, std::slice::from_ref(first)),
        find_field(key, std::slice::from_ref(page)),
    ) {
        (Some(a), Some(b)) => a.value == b.value,
        _ => true,
    }
}
