//! Fields and charge tables of one document, by its template or by the generic labels of its
//! kind, normalized (see [`crate::model::normalize`]) with page and span.

use std::collections::BTreeMap;

use crate::model::{
    normalize, parse_money, Charge, ExtractedDocument, Field, Provenance, ValueType,
};
use crate::rules::{FieldRule, RuleSet, TableRule};

use super::classify::Split;
use super::PageText;

/// Extract a split document's fields: the template's rules first, then the kind's generic
/// label patterns for any canonical field the template did not find. A document with no
/// template, or a scanned one whose template missed fields, is also read by its kind's labels
/// and layout ([`super::generic`]).
pub fn extract_document(
    split: &Split,
    all_pages: &[PageText],
    rules: &RuleSet,
) -> ExtractedDocument {
    let pages: Vec<PageText> = split.pages.iter().map(|&i| all_pages[i].clone()).collect();
    let mut fields = BTreeMap::new();
    let mut charges = Vec::new();
    let mut accessorials = Vec::new();
    if let Some(t) = split.template {
        for rule in &t.fields {
            if let Some(f) = find_field(rule, &pages) {
                fields.insert(rule.name.clone(), f);
            } else if rule.value_type == ValueType::Flag {
                fields.insert(
                    rule.name.clone(),
                    Field {
                        value: "false".into(),
                        provenance: Provenance {
                            page: pages[0].page,
                            span: (0, 0),
                            printed: String::new(),
                            rule: rule.rule_ref.clone(),
                            confidence: 1.0,
                        },
                    },
                );
            }
        }
        if let Some(table) = &t.charges {
            charges = read_table(table, &pages, rules);
        }
        if let Some(table) = &t.accessorials {
            accessorials = read_table(table, &pages, rules);
        }
    }
    if let Some(k) = rules.kind_rule(split.kind) {
        if split.template.is_none() {
            fields = super::generic::extract_generic(k, &rules.kinds, &pages, &|_| true);
        } else {
            // A template's fields win; the fields it does not define, or did not find (its
            // patterns are written for a text layer, and on a scan OCR may garble what they
            // anchor on), come from the kind's labels and layout, as for a document with no
            // template. A five-field template still reads the remit-to its checks need.
            // On a scan, a flag the template did not find (`false`, printed nothing) is read
            // too; on a text layer the template's `false` stands (its author knows the form).
            let scanned = pages.iter().any(|p| p.ocr_confidence.is_some());
            // Only the fields the template left to them (on a scan, also its flags not found).
            let wanted = |name: &str| match fields.get(name) {
                Some(t) => scanned && t.provenance.printed.is_empty(),
                None => true,
            };
            for (name, f) in super::generic::extract_generic(k, &rules.kinds, &pages, &wanted) {
                match fields.get(&name) {
                    Some(t) if !t.provenance.printed.is_empty() || !scanned => {}
                    _ => {
                        fields.insert(name, f);
                    }
                }
            }
        }
        for rule in &k.fields {
            if !fields.contains_key(&rule.name) {
                if let Some(f) = find_field(rule, &pages) {
                    fields.insert(rule.name.clone(), f);
                }
            }
        }
    }
    // A generic reading's raw score becomes what such a score was worth on the evaluation
    // corpus (rules/confidence.json); a template's values stay at 1.0.
    if let Some(cal) = &rules.calibration {
        for f in fields.values_mut() {
            if f.provenance.is_generic() {
                f.provenance.confidence = cal.apply(f.provenance.confidence);
            }
        }
    }
    ExtractedDocument {
        kind: split.kind,
        pages: pages.iter().map(|p| p.page).collect(),
        template: split.template.map(|t| t.rule_ref.clone()),
        issuer: split.template.map(|t| t.issuer.clone()),
        fields,
        charges,
        accessorials,
    }
}

/// The first value of `rule` over `pages` that normalizes: patterns in order, pages in order.
/// The value is the `value` group, else group 1, else the whole match. A value printed over
/// several lines (an address) is captured as `value`, `value2`, `value3`…, joined with ", ".
pub fn find_field(rule: &FieldRule, pages: &[PageText]) -> Option<Field> {
    for re in &rule.patterns {
        for page in pages {
            for caps in re.captures_iter(&page.text) {
                let first = caps
                    .name("value")
                    .or_else(|| caps.get(1))
                    .or_else(|| caps.get(0))
                    .expect("group 0 always exists");
                let parts: Vec<regex::Match> = std::iter::once(first)
                    .chain((2..10).map_while(|i| caps.name(&format!("value{i}"))))
                    .filter(|m| !m.as_str().trim().is_empty())
                    .collect();
                let Some(last) = parts.last() else {
                    continue;
                };
                let printed = parts
                    .iter()
                    .map(|m| m.as_str().trim())
                    .collect::<Vec<_>>()
                    .join(", ");
                if let Some(value) = normalize(rule.value_type, &printed) {
                    let lead = first.as_str().len() - first.as_str().trim_start().len();
                    let start = first.start() + lead;
                    let end = last.start() + last.as_str().trim_end().len();
                    return Some(Field {
                        value,
                        provenance: Provenance {
                            page: page.page,
                            span: (start, end.max(start)),
                            printed,
                            rule: rule.rule_ref.clone(),
                            confidence: 1.0,
                        },
                    });
                }
            }
        }
    }
    None
}

/// Rows of a money table: lines after `start`, before `end`, matching `row`.
fn read_table(table: &TableRule, pages: &[PageText], rules: &RuleSet) -> Vec<Charge> {
    let mut out = Vec::new();
    let mut inside = table.start.is_none();
    'pages: for page in pages {
        for line in page.text.lines() {
            if !inside {
                inside = table.start.as_ref().is_some_and(|s| s.is_match(line));
                continue;
            }
            if table.end.as_ref().is_some_and(|e| e.is_match(line)) {
                break 'pages;
            }
            if let Some(caps) = table.row.captures(line) {
                let description = caps
                    .name("description")
                    .map(|m| m.as_str().split_whitespace().collect::<Vec<_>>().join(" "))
                    .unwrap_or_default();
                if description.is_empty() {
                    continue;
                }
                out.push(Charge {
                    code: rules.charge_code(&description).to_string(),
                    amount_usd: caps.name("amount").and_then(|a| parse_money(a.as_str())),
                    description,
                    page: page.page,
                });
            }
        }
    }
    out
}
