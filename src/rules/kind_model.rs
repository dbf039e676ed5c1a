//! A page's kind read like a person reads it: a text classifier, multinomial naive Bayes over the
//! words and word pairs of the page, with those of its title lines (the first few printed lines)
//! counted again as title words, so "FREIGHT INVOICE" at the top outweighs a checklist that
//! names "Rate Confirmation, Bill of Lading, Proof of Delivery" further down.
//!
//! The model is data, `rules/kind_model.json`: per kind, how many training pages had each
//! feature. `freightdesk rules train-kinds EVAL_DIR…` makes it from evaluation folders (first
//! pages of documents with their expected kind, docs/eval.md), so a site retrains it on its own
//! paperwork. A feature counts once per page (binarized counts: a word repeated in boilerplate
//! is no more evidence than once); numbers are not features (they differ on every document).
//!
//! Reference: Manning, Raghavan, Schütze, *Introduction to Information Retrieval*, ch. 13
//! (multinomial naive Bayes, add-one smoothing); Metsis et al. 2006 on binarized counts.

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};

use crate::model::DocumentKind;

/// How many first non-empty lines of a page are its title lines.
pub const TITLE_LINES: usize = 6;

/// The trained model: feature counts per kind.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct KindModel {
    /// Format version of this file (1).
    pub format: u32,
    /// Per kind (snake_case name), its counts.
    pub kinds: BTreeMap<String, KindCounts>,
    /// Every feature any kind has: the vocabulary (derived from `kinds` on load).
    #[serde(skip)]
    vocabulary: BTreeSet<String>,
}

/// The training counts of one kind.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct KindCounts {
    /// Training pages of this kind.
    pub pages: u32,
    /// Features seen on them, each counted once per page, summed.
    pub features: u64,
    /// Per feature, on how many of its pages it was seen (features seen fewer than twice in the
    /// whole training set are left out).
    pub counts: BTreeMap<String, u32>,
}

/// What the model says of a page: each kind with its probability, most likely first.
pub type Verdict = Vec<(DocumentKind, f64)>;

/// The features of a page's text: its words (letters only, lower case, two or more letters),
/// the pairs of neighbouring words on a line, and the same again prefixed `t:` for the title
/// lines. Each feature once.
pub fn features(text: &str) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    let mut title_left = TITLE_LINES;
    for line in text.lines() {
        let words: Vec<String> = line
            .split(|c: char| !c.is_alphanumeric() && c != '&')
            .filter(|w| w.chars().count() >= 2 && w.chars().all(char::is_alphabetic))
            .map(str::to_lowercase)
            .collect();
        if words.is_empty() {
            continue;
        }
        let title = title_left > 0;
        title_left = title_left.saturating_sub(1);
        for (i, w) in words.iter().enumerate() {
            out.insert(w.clone());
            if title {
                out.insert(format!("t:{w}"));
            }
            if let Some(next) = words.get(i + 1) {
                out.insert(format!("{w} {next}"));
                if title {
                    out.insert(format!("t:{w} {next}"));
                }
            }
        }
    }
    out
}

impl KindModel {
    /// Train on pages with their kinds. Features seen on fewer than two pages in all are left
    /// out (they say nothing about a kind, and they would make the file large).
    pub fn train<'a>(pages: impl IntoIterator<Item = (&'a str, DocumentKind)>) -> KindModel {
        let mut per_page: Vec<(DocumentKind, BTreeSet<String>)> = Vec::new();
        let mut seen: BTreeMap<String, u32> = BTreeMap::new();
        for (text, kind) in pages {
            let f = features(text);
            for x in &f {
                *seen.entry(x.clone()).or_default() += 1;
            }
            per_page.push((kind, f));
        }
        let mut kinds: BTreeMap<String, KindCounts> = BTreeMap::new();
        for (kind, f) in per_page {
            let k = kinds.entry(kind.as_str().to_string()).or_default();
            k.pages += 1;
            for x in f.into_iter().filter(|x| seen[x] >= 2) {
                k.features += 1;
                *k.counts.entry(x).or_default() += 1;
            }
        }
        KindModel {
            format: 1,
            kinds,
            vocabulary: BTreeSet::new(),
        }
        .prepared()
    }

    /// The model as its JSON file: one line per kind's counts, so a retrained model's diff
    /// shows which kinds changed.
    pub fn to_json(&self) -> String {
        let mut out = format!("{{\"format\": {}, \"kinds\": {{\n", self.format);
        for (i, (kind, k)) in self.kinds.iter().enumerate() {
            let sep = if i + 1 < self.kinds.len() { "," } else { "" };
            out += &format!(
                "  {}: {}{sep}\n",
                serde_json::to_string(kind).expect("a string serializes"),
                serde_json::to_string(k).expect("counts serialize")
            );
        }
        out + "}}\n"
    }

    /// A model from its JSON file text.
    ///
    /// Errors: serde_json's message when the text is not a model.
    pub fn from_json(text: &str) -> Result<KindModel, String> {
        let m: KindModel = serde_json::from_str(text).map_err(|e| e.to_string())?;
        if m.format != 1 {
            return Err(format!(
                "format {} is not one this freightdesk reads (1)",
                m.format
            ));
        }
        Ok(m.prepared())
    }

    fn prepared(mut self) -> KindModel {
        self.vocabulary = self
            .kinds
            .values()
            .flat_map(|k| k.counts.keys().cloned())
            .collect();
        self
    }

    /// The probability of each kind for a page's text, most likely first. Every kind has the
    /// same prior (how many pages of each kind a site trained on says nothing of the next one);
    /// each feature of the page the model knows adds log P(feature | kind), add-one smoothed.
    pub fn predict(&self, text: &str) -> Verdict {
        let v = self.vocabulary.len() as f64;
        let page: Vec<String> = features(text)
            .into_iter()
            .filter(|f| self.vocabulary.contains(f))
            .collect();
        let mut scores: Vec<(DocumentKind, f64)> = self
            .kinds
            .iter()
            .filter_map(|(name, k)| {
                let kind: DocumentKind = name.parse().ok()?;
                let denominator = (k.features as f64 + v).ln();
                let log_p: f64 = page
                    .iter()
                    .map(|f| {
                        (f64::from(k.counts.get(f).copied().unwrap_or(0)) + 1.0).ln() - denominator
                    })
                    .sum();
                Some((kind, log_p))
            })
            .collect();
        let max = scores
            .iter()
            .map(|(_, s)| *s)
            .fold(f64::NEG_INFINITY, f64::max);
        let total: f64 = scores.iter().map(|(_, s)| (s - max).exp()).sum();
        for (_, s) in scores.iter_mut() {
            *s = (*s - max).exp() / total;
        }
        scores.sort_by(|a, b| b.1.total_cmp(&a.1));
        scores
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn title_lines_and_pairs_are_features_numbers_are_not() {
        let f = features("FREIGHT INVOICE\nInvoice # 8812\nship to\nbill to\nremit to\nterms\n\nTotal due 2,350.00");
        assert!(f.contains("t:freight invoice"));
        assert!(f.contains("freight invoice"));
        assert!(f.contains("t:invoice"));
        assert!(f.contains("total due"));
        assert!(!f.contains("8812"));
        // The seventh line with words is past the six title lines.
        assert!(!f.contains("t:total"));
    }

    #[test]
    fn a_trained_model_reads_the_title_over_a_checklist() {
        let invoice = "FREIGHT INVOICE\nInvoice No 1\nRemit to Acme\nAmount due";
        let ratecon = "RATE CONFIRMATION\nCarrier agrees\nPickup Dallas\nTotal carrier pay";
        let model = KindModel::train([
            (invoice, DocumentKind::CarrierInvoice),
            (invoice, DocumentKind::CarrierInvoice),
            (ratecon, DocumentKind::RateConfirmation),
            (ratecon, DocumentKind::RateConfirmation),
        ]);
        let page = "FREIGHT INVOICE\nAttached: rate confirmation, bill of lading\nAmount due";
        let verdict = model.predict(page);
        assert_eq!(verdict[0].0, DocumentKind::CarrierInvoice);
        assert!(verdict[0].1 > 0.9, "{verdict:?}");
        let round_trip = KindModel::from_json(&model.to_json()).unwrap();
        assert_eq!(round_trip, model);
    }
}
