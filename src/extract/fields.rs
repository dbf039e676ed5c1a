//! Fields and charge tables of one document, by its template or by the generic labels of its
//! kind, normalized (see [`crate::model::normalize`]) with page and span.

use std::collections::BTreeMap;

use crate::model::{
    parse_money, Charge, ExtractedDocument, Field, Provenance, Stop, StopType, ValueType,
};
use crate::rules::{RuleSet, TableRule};

use super::classify::Split;
use super::patterns::find_field;
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
            fields = super::generic::extract_generic(k, &rules.known_labels, &pages, &|_| true);
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
            for (name, f) in
                super::generic::extract_generic(k, &rules.known_labels, &pages, &wanted)
            {
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
    let stops = if rules.stops.kinds.contains(&split.kind) {
        // The stops are read apart from the fields: should their reading fail on a layout,
        // the document keeps its fields (and says so in the log).
        std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            super::stops::read_stops(&pages, &rules.stops, &rules.known_labels)
        }))
        .unwrap_or_else(|_| {
            tracing::warn!(
                "reading the stops of a {} failed; its fields stand",
                split.kind
            );
            Vec::new()
        })
    } else {
        Vec::new()
    };
    // The first pickup and the last delivery give the place fields no label gave.
    fill_from_stops(&mut fields, &stops, split.kind, pages[0].page);
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
        stops,
    }
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

/// The fields a document's stops give when no label gave them: `pickup_*` and `shipper_*` from
/// the first pickup, `delivery_*` and `consignee_*` from the last delivery (docs/domain.md), of
/// the kinds that have those fields. Provenance names the stops; confidence 0.8.
fn fill_from_stops(
    fields: &mut BTreeMap<String, Field>,
    stops: &[Stop],
    kind: crate::model::DocumentKind,
    page: u32,
) {
    let first_pickup = stops.iter().find(|s| s.stop_type == StopType::Pickup);
    let last_delivery = stops
        .iter()
        .rev()
        .find(|s| s.stop_type == StopType::Delivery);
    let canonical = kind.canonical_fields();
    for (prefix, stop) in [
        ("pickup", first_pickup),
        ("shipper", first_pickup),
        ("delivery", last_delivery),
        ("consignee", last_delivery),
    ] {
        let Some(stop) = stop else { continue };
        for (part, value) in [
            ("name", &stop.name),
            ("city", &stop.city),
            ("state", &stop.state),
            ("date", &stop.date),
        ] {
            let name = format!("{prefix}_{part}");
            let Some(value) = value else { continue };
            if !canonical.contains(&name.as_str()) || fields.contains_key(&name) {
                continue;
            }
            fields.insert(
                name,
                Field {
                    value: value.clone(),
                    provenance: Provenance {
                        page: if stop.page == 0 { page } else { stop.page },
                        span: (0, 0),
                        printed: value.clone(),
                        rule: format!("kinds.toml#stops.{}", stop.stop_type.as_str()),
                        confidence: 0.8,
                    },
                },
            );
        }
    }
}
