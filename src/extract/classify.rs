//! Classification of pages and splitting of a PDF into its documents (packets).
//!
//! Each page is matched against the templates first (every `match` phrase present; the template
//! with the most phrases wins), then scored against each kind's weighted keywords. A page with no
//! evidence of its own continues the document before it (terms and conditions, page 2 of a rate
//! confirmation); a PDF that starts with such a page is `other`. A keyword guess carries a
//! confidence, (best − second best) / best; below `min_confidence` of kinds.toml the page is
//! `other` (equal evidence for two kinds is no evidence for either).

use crate::model::DocumentKind;
use crate::rules::{KindRule, RuleSet, Template};

use super::patterns::find_field;
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
    /// Classification confidence of its first page ([`PageClass::confidence`]).
    pub confidence: f64,
}

/// The template whose phrases all appear in `lower` (lower-cased page text; `ocr` when it was
/// read by OCR, see [`phrase_found`]); most phrases wins, ties go to the first template by file
/// name.
pub fn best_template<'r>(lower: &str, ocr: bool, rules: &'r RuleSet) -> Option<&'r Template> {
    rules
        .templates
        .iter()
        .filter(|t| t.match_all.iter().all(|m| phrase_found(lower, m, ocr)))
        // `max_by_key` keeps the last of equals; reversed, ties go to the first by file name.
        .rev()
        .max_by_key(|t| t.match_all.len())
}

/// Whether a template's `match` phrase (lower case) is on the page: as printed; or, on a page
/// read by OCR, a phrase of five or more words with one word after the first misread or lost
/// (`consignee receipt - received in d order`), word for word.
pub fn phrase_found(lower: &str, phrase: &str, ocr: bool) -> bool {
    if lower.contains(phrase) {
        return true;
    }
    let p: Vec<&str> = phrase.split_whitespace().collect();
    if !ocr || p.len() < 5 {
        return false;
    }
    let t: Vec<&str> = lower.split_whitespace().collect();
    (0..t.len()).any(|i| t[i] == p[0] && one_word_off(&t[i + 1..], &p[1..]))
}

/// Whether `p` matches the start of `t` with at most one word of `p` replaced or left out.
fn one_word_off(t: &[&str], p: &[&str]) -> bool {
    let (mut ti, mut edited) = (0, false);
    for (pi, w) in p.iter().enumerate() {
        if t.get(ti) == Some(w) {
            ti += 1;
            continue;
        }
        if edited {
            return false;
        }
        edited = true;
        // Left out: the next phrase word is here. Replaced: skip the page's word.
        if p.get(pi + 1).is_some_and(|n| t.get(ti) == Some(n)) {
            continue;
        }
        if t.get(ti).is_none() {
            return false;
        }
        ti += 1;
    }
    true
}

/// A page's kind by keywords: the best kind, its score, and how sure that is.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct KindGuess {
    /// The kind with the highest score at or above its threshold.
    pub kind: DocumentKind,
    /// Its score (the sum of the weights of its keywords on the page).
    pub score: u32,
    /// (best − second best) / best, the second best being any other kind's score, threshold or
    /// not: 1.0 when no other kind has any evidence, 0.0 when another kind scores as high.
    pub confidence: f64,
}

/// Every kind's keyword score on `lower` (lower-cased page text), in kinds.toml order.
pub fn kind_scores<'r>(lower: &str, rules: &'r RuleSet) -> Vec<(&'r KindRule, u32)> {
    rules
        .kinds
        .iter()
        .map(|k| {
            let score: u32 = k
                .keywords
                .iter()
                .filter(|(w, n)| keyword_found(lower, k, w, *n))
                .map(|(_, n)| n)
                .sum();
            (k, score)
        })
        .collect()
}

/// Whether keyword `w` (weight `n`) of kind `k` counts on the page: a title phrase (a keyword
/// that reaches the kind's threshold alone: `bill of lading`) only where it is not the label of
/// a number ([`keyword_on_page`]), any other keyword wherever it is printed.
pub fn keyword_found(lower: &str, k: &KindRule, w: &str, n: u32) -> bool {
    if n >= k.threshold {
        keyword_on_page(lower, w)
    } else {
        lower.contains(w)
    }
}

/// Whether keyword `w` is on the page somewhere not followed by a reference marker (`#`,
/// `No.`, `Number`): `Bill of Lading #` on a POD or an invoice names another document, not
/// this one's kind. A keyword that ends in a marker (`invoice #`) counts as printed.
pub fn keyword_on_page(lower: &str, w: &str) -> bool {
    if w.ends_with('#') || w.ends_with("number") || w.ends_with("no.") {
        return lower.contains(w);
    }
    lower.match_indices(w).any(|(i, _)| {
        let rest = lower[i + w.len()..].trim_start_matches([' ', '\t']);
        !(rest.starts_with('#')
            || rest.starts_with("no.")
            || rest.starts_with("no:")
            || rest.starts_with("number")
            || rest.starts_with("num."))
    })
}

/// The kind with the highest keyword score at or above its threshold, with its score and
/// confidence (see [`KindGuess`]); `None` when no kind reaches its threshold. Among equal
/// scores the first kind in kinds.toml is named, with confidence 0.
pub fn generic_kind(lower: &str, rules: &RuleSet) -> Option<KindGuess> {
    let scores = kind_scores(lower, rules);
    let (best_i, (best, score)) = scores
        .iter()
        .enumerate()
        .filter(|(_, (k, score))| *score >= k.threshold && *score > 0)
        // `max_by_key` keeps the last of equals; reversed, ties go to the first kind.
        .rev()
        .max_by_key(|(_, (_, score))| *score)?;
    let second = scores
        .iter()
        .enumerate()
        .filter(|(i, _)| *i != best_i)
        .map(|(_, (_, s))| *s)
        .max()
        .unwrap_or(0);
    Some(KindGuess {
        kind: best.kind,
        score: *score,
        confidence: round2(f64::from(score.saturating_sub(second)) / f64::from(*score)),
    })
}

/// How one page was classified.
#[derive(Debug, Clone, Copy)]
pub struct PageClass<'r> {
    /// The page's kind; `None` when it has no evidence of its own (no template, no kind at its
    /// threshold): such a page continues the document before it.
    pub kind: Option<DocumentKind>,
    /// The template, when one matched.
    pub template: Option<&'r Template>,
    /// 1.0 for a template; a keyword guess's confidence ([`KindGuess`]); for a page with no
    /// evidence, how far the best kind is below its threshold (1 − score / threshold).
    pub confidence: f64,
    /// The keyword guess was below `min_confidence`: the page is `other`.
    pub ambiguous: bool,
    /// The kind with the best keyword score at its threshold, even when ambiguous.
    pub best: Option<DocumentKind>,
    /// What decided: `template`, `model` (the kind model), `keywords`, `continuation` (a
    /// "Page 2 of 3" page), `no_trade_words` (a freight kind with no `evidence` word on the
    /// page: `other`), or `none` (no evidence).
    pub by: &'static str,
}

/// Classify one page: a template; else, unless it says it is a later page ("Page 2 of 3"), the
/// kind model's kind when it is sure ([`MODEL_MIN_PROBABILITY`]); else the keyword guess if its
/// confidence reaches the rule set's `min_confidence` (else `other`, ambiguous); else no
/// evidence. A freight kind whose `evidence` words are all missing from the page is `other`.
pub fn classify_page<'r>(page: &PageText, rules: &'r RuleSet) -> PageClass<'r> {
    let mut class = classify_by_content(page, rules);
    if class.template.is_none() {
        if let Some(kind) = class.kind.filter(|k| *k != DocumentKind::Other) {
            let lower = page.text.to_lowercase();
            if rules.kind_rule(kind).is_some_and(|k| {
                !k.evidence.is_empty() && !k.evidence.iter().any(|w| whole_word(&lower, w))
            }) {
                class.kind = Some(DocumentKind::Other);
                class.best = None;
                class.by = "no_trade_words";
            }
        }
    }
    class
}

/// Whether `w` (lower case) is on the page as a whole word or phrase, not inside a longer word.
pub fn whole_word(lower: &str, w: &str) -> bool {
    lower.match_indices(w).any(|(i, _)| {
        let before = lower[..i].chars().next_back();
        let after = lower[i + w.len()..].chars().next();
        !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
    })
}

fn classify_by_content<'r>(page: &PageText, rules: &'r RuleSet) -> PageClass<'r> {
    let lower = page.text.to_lowercase();
    if let Some(t) = best_template(&lower, page.ocr_confidence.is_some(), rules) {
        return PageClass {
            kind: Some(t.kind),
            template: Some(t),
            confidence: 1.0,
            ambiguous: false,
            best: Some(t.kind),
            by: "template",
        };
    }
    // A later page of a document ("Page 2 of 4") continues it, whatever its words.
    if continuation_marker(&lower) {
        return PageClass {
            kind: None,
            template: None,
            confidence: 1.0,
            ambiguous: false,
            best: None,
            by: "continuation",
        };
    }
    // The trained classifier, when sure: the kind it names; `other` is no freight evidence (a
    // first page is then `other`, a later one continues the document before it).
    let keywords = generic_kind(&lower, rules);
    // A model never trained on the kind the keywords name (a kind added to kinds.toml since it
    // was trained: a notice of assignment) cannot speak to it: the keywords decide.
    let untrained = |m: &crate::rules::kind_model::KindModel| {
        keywords.is_some_and(|g| {
            g.confidence >= rules.min_confidence && !m.kinds.contains_key(g.kind.as_str())
        })
    };
    if let Some(model) = rules.kind_model.as_ref().filter(|m| !untrained(m)) {
        if let Some(&(kind, p)) = model.predict(&page.text).first() {
            // Against a clear keyword verdict for another kind (a title phrase: "Bill of
            // Lading"), the model must be all but certain.
            let disputed =
                keywords.is_some_and(|g| g.kind != kind && g.confidence >= rules.min_confidence);
            let needed = if disputed {
                MODEL_MIN_PROBABILITY_DISPUTED
            } else {
                MODEL_MIN_PROBABILITY
            };
            if p >= needed {
                let freight = kind != DocumentKind::Other;
                return PageClass {
                    kind: freight.then_some(kind),
                    template: None,
                    confidence: round2(p),
                    ambiguous: false,
                    best: freight.then_some(kind),
                    by: "model",
                };
            }
        }
    }
    if let Some(g) = keywords {
        let ambiguous = g.confidence < rules.min_confidence;
        return PageClass {
            kind: Some(if ambiguous {
                DocumentKind::Other
            } else {
                g.kind
            }),
            template: None,
            confidence: g.confidence,
            ambiguous,
            best: Some(g.kind),
            by: "keywords",
        };
    }
    let below = kind_scores(&lower, rules)
        .into_iter()
        .filter(|(k, _)| k.threshold > 0)
        .map(|(k, s)| f64::from(s) / f64::from(k.threshold))
        .fold(0.0, f64::max);
    PageClass {
        kind: None,
        template: None,
        confidence: round2((1.0 - below).clamp(0.0, 1.0)),
        ambiguous: false,
        best: None,
        by: "none",
    }
}

/// How sure the kind model must be for its kind to stand where the keyword scores of
/// kinds.toml name no kind clearly.
pub const MODEL_MIN_PROBABILITY: f64 = 0.9;

/// How sure the kind model must be to overrule a clear keyword verdict for another kind.
pub const MODEL_MIN_PROBABILITY_DISPUTED: f64 = 0.999;

/// Whether a page says it is not the first of its document: `Page 2 of 4`, `Page 3/3`,
/// `Pg. 2 of 2`.
pub fn continuation_marker(lower: &str) -> bool {
    static RE: std::sync::OnceLock<regex::Regex> = std::sync::OnceLock::new();
    RE.get_or_init(|| {
        regex::Regex::new(r"\b(?:page|pg\.?)\s*0*([2-9]|[1-9]\d+)\s*(?:of|/)\s*\d+")
            .expect("a valid pattern")
    })
    .is_match(lower)
}

fn round2(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

/// Split pages into documents.
pub fn split<'r>(pages: &[PageText], rules: &'r RuleSet) -> Vec<Split<'r>> {
    let mut docs: Vec<Split<'r>> = Vec::new();
    for (i, page) in pages.iter().enumerate() {
        let class = classify_page(page, rules);
        if let Some(t) = class.template {
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
                    confidence: 1.0,
                });
            }
            continue;
        }
        match (docs.last_mut(), class.kind) {
            (Some(d), None) => d.pages.push(i),
            (Some(d), Some(k)) if k == d.kind => d.pages.push(i),
            // An ambiguous page whose best guess is the document before it continues it.
            (Some(d), Some(_)) if class.ambiguous && class.best == Some(d.kind) => d.pages.push(i),
            (_, k) => docs.push(Split {
                kind: k.unwrap_or(DocumentKind::Other),
                template: None,
                pages: vec![i],
                confidence: class.confidence,
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

#[cfg(test)]
mod tests {
    use super::*;

    fn rules_with_model() -> RuleSet {
        RuleSet::load(concat!(env!("CARGO_MANIFEST_DIR"), "/rules")).expect("shipped rules load")
    }

    /// The shipped rules without the trained kind model: the keyword scores alone.
    fn rules() -> RuleSet {
        let mut r = rules_with_model();
        r.kind_model = None;
        r
    }

    fn page(n: u32, text: &str) -> PageText {
        PageText {
            page: n,
            text: text.into(),
            glyphs: text.len(),
            ocr_confidence: None,
        }
    }

    #[test]
    fn a_later_page_continues_its_document() {
        assert!(continuation_marker("terms\npage 2 of 4"));
        assert!(continuation_marker("pg. 3/3"));
        assert!(continuation_marker("page 12 of 12"));
        assert!(!continuation_marker("page 1 of 2"));
        assert!(!continuation_marker("homepage 2 of"));
        let r = rules();
        let docs = split(
            &[
                page(
                    1,
                    "RATE CONFIRMATION\nLoad # 4471999\nCarrier agrees\nPage 1 of 2",
                ),
                page(2, "INVOICE\nAmount Due  $150.00\nRemit to: X\nPage 2 of 2"),
            ],
            &r,
        );
        assert_eq!(docs.len(), 1, "{docs:?}");
        assert_eq!(docs[0].pages, vec![0, 1]);
    }

    #[test]
    fn the_shipped_kind_model_reads_the_title_over_a_checklist() {
        let r = rules_with_model();
        assert!(r.kind_model.is_some(), "rules/kind_model.json is shipped");
        let text = "Ridgeline Carriers LLC                         FREIGHT INVOICE\n\
                    Invoice No. 5512        Load # 88123        MC 445566\n\
                    Attached: Rate Confirmation, Bill of Lading, Proof of Delivery\n\
                    Line Haul   $1,800.00\nFuel Surcharge   $120.00\nAmount Due   $1,920.00";
        let c = classify_page(&page(1, text), &r);
        assert_eq!(c.kind, Some(DocumentKind::CarrierInvoice), "{c:?}");
        // The keywords alone take the checklist's title phrases for a rate confirmation or BOL.
        assert_ne!(
            classify_page(&page(1, text), &rules()).kind,
            Some(DocumentKind::CarrierInvoice)
        );
    }

    #[test]
    fn a_page_with_no_word_of_the_trade_is_other() {
        let r = rules();
        // Invoice keywords, but nothing of freight: a cloud-services invoice.
        let text = "Nimbus Cloud Services\nINVOICE\nInvoice # CS-1\nBill To: Acme\n\
                    Compute instances  $292.48\nAmount Due  $292.48\nRemit to: Nimbus";
        assert_eq!(
            classify_page(&page(1, text), &r).kind,
            Some(DocumentKind::Other)
        );
        let freight = format!("{text}\nLoad # 4471203");
        assert_eq!(
            classify_page(&page(1, &freight), &r).kind,
            Some(DocumentKind::CarrierInvoice)
        );
        assert!(whole_word("pro # 5", "pro"));
        assert!(!whole_word("providence", "pro"));
    }

    #[test]
    fn equal_evidence_for_two_kinds_is_other_with_confidence_zero() {
        let r = rules();
        // "bill of lading" 6 and "proof of delivery" 6, nothing else.
        let text = "BILL OF LADING AND PROOF OF DELIVERY\nRef 4471999";
        let g = generic_kind(&text.to_lowercase(), &r).expect("both reach their thresholds");
        assert_eq!(g.confidence, 0.0);
        let c = classify_page(&page(1, text), &r);
        assert!(c.ambiguous);
        assert_eq!(c.kind, Some(DocumentKind::Other));
        let docs = split(&[page(1, text)], &r);
        assert_eq!(docs.len(), 1);
        assert_eq!(docs[0].kind, DocumentKind::Other);
        // With no minimum the first kind of kinds.toml is named.
        let mut r = r;
        r.min_confidence = 0.0;
        assert_eq!(
            classify_page(&page(1, text), &r).kind,
            Some(DocumentKind::BillOfLading)
        );
    }

    #[test]
    fn confidence_is_the_margin_over_the_second_kind() {
        let r = rules();
        // carrier_invoice: invoice 3 + amount due 3 + remit to 3 = 9; lumper_receipt: lumper 4.
        let text = "INVOICE\nLumper reimbursement   $150.00\nAmount Due  $150.00\nRemit to: X";
        let g = generic_kind(&text.to_lowercase(), &r).unwrap();
        assert_eq!(g.kind, DocumentKind::CarrierInvoice);
        assert_eq!(g.score, 9);
        assert_eq!(g.confidence, 0.56); // (9 - 4) / 9
        let c = classify_page(&page(1, text), &r);
        assert_eq!(c.kind, Some(DocumentKind::CarrierInvoice));
        assert!(!c.ambiguous);
    }

    #[test]
    fn a_reference_to_another_document_is_not_evidence_of_the_kind() {
        let r = rules();
        let text = "Proof of Delivery\nBill of Lading #  GL-7712\nDelivered On 09/22/2026";
        let c = classify_page(&page(1, text), &r);
        assert_eq!(c.kind, Some(DocumentKind::ProofOfDelivery));
        assert_eq!(c.confidence, 1.0);
        assert!(keyword_on_page("bill of lading", "bill of lading"));
        assert!(!keyword_on_page("bill of lading no. 5", "bill of lading"));
        assert!(keyword_on_page("invoice # 5", "invoice #"));
    }

    #[test]
    fn a_page_without_evidence_continues_and_an_ambiguous_one_starts_other() {
        let r = rules();
        let invoice = page(
            1,
            "INVOICE\nLoad # 4471999\nAmount Due  $150.00\nRemit to: X",
        );
        let terms = page(2, "Terms and conditions of carriage");
        let tie = page(3, "BILL OF LADING AND PROOF OF DELIVERY");
        let pod = page(4, "DELIVERY RECEIPT\nReceived by: J Smith");
        let docs = split(&[invoice, terms, tie, pod], &r);
        let got: Vec<(DocumentKind, Vec<usize>)> =
            docs.iter().map(|d| (d.kind, d.pages.clone())).collect();
        assert_eq!(
            got,
            vec![
                (DocumentKind::CarrierInvoice, vec![0, 1]),
                (DocumentKind::Other, vec![2]),
                (DocumentKind::ProofOfDelivery, vec![3]),
            ]
        );
        assert_eq!(docs[1].confidence, 0.0);
        assert_eq!(docs[2].confidence, 0.78);
    }

    #[test]
    fn an_ocr_page_may_misread_one_word_of_a_long_match_phrase() {
        let phrase = "consignee receipt - received in good order";
        let scan = "consignee receipt - received in   d order except as noted";
        assert!(phrase_found(scan, phrase, true));
        assert!(!phrase_found(scan, phrase, false));
        // One word lost, not two; the first word as printed; short phrases exactly.
        assert!(phrase_found(
            "consignee receipt - received good order",
            phrase,
            true
        ));
        assert!(!phrase_found(
            "consignee receipt - received order",
            phrase,
            true
        ));
        assert!(!phrase_found(
            "consignor receipt - received in good order",
            phrase,
            true
        ));
        assert!(!phrase_found("carrier nane:", "carrier name:", true));
    }
}
