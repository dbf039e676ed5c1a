//! Template patterns: the value a field rule's regular expressions find in a document's page
//! text. Entry point: [`find_field`]. Used by classification (a template's key field splits a
//! packet), by fields (a template's and the kinds' patterns), by an email's references and by
//! `template suggest` (a suggested pattern must read its value back).

use crate::model::{normalize, Field, Provenance};
use crate::rules::FieldRule;

use super::PageText;

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
