//! Rule tests: the `[[test]]` tables staff write in any rule file, checked by `rules check` and
//! run by `rules test`; and [`explain`], why a page was classified as it was (what
//! `freightdesk extract` prints).
//!
//! Entry points: [`collect`] (read and check every test in a rules folder), [`run`] (run one test
//! against a loaded rule set), [`coverage`] (the templates and checks no test names) and
//! [`explain`].
//!
//! A test is one of three kinds, told apart by its input (`rules/README.md`, "Testing your
//! rules", has an example of each):
//! - **extraction**: `sample = "path.pdf"` (relative to the rule file) or `text = "…"` (page text,
//!   pages separated by a form feed `\f`); expects the `kind`, `template`, `pages`, `fields`,
//!   `charges` and `accessorials` of the `document`-th document found (default the first).
//!   Only the fields named are compared; `""` means "not found".
//! - **references**: `subject` and/or `body` of an email; expects the `refs` read from them.
//! - **scenario**: `[[test.documents]]`, each one email carrying one document given by its kind
//!   and fields (or a whole email, `email = "path.eml"` / `email_text = "…"`), filed in order in a
//!   fresh SQLite database through the real store, [`crate::checks::link_and_check`] and
//!   [`crate::notify::queue`] (an email goes through [`Pipeline::process`]); expects the
//!   `exceptions` (rule ids, exactly, in any order), a `sentence` substring, the
//!   `notifications` and the `resolved` exceptions (rule ids) of the **last** entry. The directory is empty but for the
//!   `[[test.carriers]]` and `[[test.customers]]` the test gives.
//!
//! The daemon never reads tests: [`RuleSet::load`] skips `[[test]]` tables, so a broken test or a
//! sample missing where the rules are deployed never stops a rule set from loading.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::str::FromStr;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use toml::Spanned;
use tracing::instrument::WithSubscriber;
use tracing::subscriber::NoSubscriber;

use super::load::{read_files, EXTRA_FIELDS};
use super::watch::LiveRules;
use super::{RuleSet, RulesError, EVENTS};
use crate::checks::{self, Context, NewDocument};
use crate::config::Limits;
use crate::extract::{self, classify, ExtractError, PageText, PdfLimits};
use crate::intake::RawMessage;
use crate::model::{
    normalize, parse_money, Charge, DocumentKind, ExtractedDocument, Field, Provenance, ValueType,
    CHARGE_CODES,
};
use crate::notify::{self, Cause, NotifyError, Queued};
use crate::pipeline::{Pipeline, PipelineError};
use crate::store::directory::{Carrier, Customer, Directory};
use crate::store::{self, Archive, NewMessage, Store, StoreError};

// ---------------------------------------------------------------------------------------------
// The tests as written.

#[derive(Debug, Deserialize)]
struct TestsOnly {
    #[serde(default)]
    test: Vec<Spanned<RawTest>>,
}

type RawValues = BTreeMap<Spanned<String>, Spanned<String>>;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTest {
    name: Option<String>,
    // Extraction input.
    sample: Option<Spanned<String>>,
    text: Option<String>,
    document: Option<Spanned<usize>>,
    // References input.
    subject: Option<String>,
    body: Option<String>,
    // Scenario input.
    #[serde(default)]
    documents: Vec<Spanned<RawStep>>,
    #[serde(default)]
    carriers: Vec<RawCarrier>,
    #[serde(default)]
    customers: Vec<RawCustomer>,
    staff: Option<Vec<String>>,
    // Expectations.
    kind: Option<Spanned<String>>,
    template: Option<Spanned<String>>,
    pages: Option<Vec<u32>>,
    fields: Option<RawValues>,
    charges: Option<Vec<RawCharge>>,
    accessorials: Option<Vec<RawCharge>>,
    refs: Option<RawValues>,
    exceptions: Option<Vec<Spanned<String>>>,
    sentence: Option<String>,
    notifications: Option<Vec<RawNotification>>,
    resolved: Option<Vec<Spanned<String>>>,
    /// billing.toml tests: the total (USD) of the last customer invoice made, `""` for none.
    invoice_total: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawStep {
    kind: Option<Spanned<String>>,
    #[serde(default)]
    fields: RawValues,
    #[serde(default)]
    charges: Vec<RawCharge>,
    #[serde(default)]
    accessorials: Vec<RawCharge>,
    from: Option<String>,
    subject: Option<String>,
    body: Option<String>,
    email: Option<Spanned<String>>,
    email_text: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCharge {
    description: String,
    code: Option<Spanned<String>>,
    amount_usd: Option<Spanned<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawNotification {
    event: Spanned<String>,
    to: Option<Vec<String>>,
    subject: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCarrier {
    carrier_id: Option<String>,
    name: String,
    mc: Option<String>,
    dot: Option<String>,
    scac: Option<String>,
    #[serde(default)]
    email_domains: String,
    remit_to_name: Option<String>,
    remit_to_address: Option<String>,
    contact_email: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCustomer {
    customer_id: Option<String>,
    name: String,
    #[serde(default)]
    aliases: String,
    contact_name: Option<String>,
    contact_email: Option<String>,
    date_format: Option<String>,
    billing_email: Option<String>,
    billing_address: Option<String>,
}

// ---------------------------------------------------------------------------------------------
// The tests as checked.

/// One `[[test]]` table, checked and ready to run.
#[derive(Debug)]
pub struct RuleTest {
    /// The rule file, relative to the rules folder (`documents/red_mesa_carrier_invoice.toml`).
    pub file: String,
    /// Line of the `[[test]]` header.
    pub line: usize,
    /// The test's `name`, or one made from what it tests.
    pub name: String,
    spec: Spec,
}

#[derive(Debug)]
enum Spec {
    Extract(ExtractTest),
    Refs(RefsTest),
    Scenario(ScenarioTest),
}

#[derive(Debug)]
struct ExtractTest {
    input: ExtractInput,
    /// 1-based.
    document: usize,
    kind: Option<DocumentKind>,
    template: Option<String>,
    pages: Option<Vec<u32>>,
    fields: Vec<(String, String)>,
    charges: Option<Vec<ChargeSpec>>,
    accessorials: Option<Vec<ChargeSpec>>,
}

#[derive(Debug)]
enum ExtractInput {
    Sample(PathBuf),
    Text(String),
}

#[derive(Debug, Clone)]
struct ChargeSpec {
    description: String,
    code: Option<String>,
    /// `None`: not compared; `Some(None)`: no amount printed (`amount_usd = ""`).
    amount_usd: Option<Option<Decimal>>,
}

#[derive(Debug)]
struct RefsTest {
    subject: String,
    body: String,
    refs: Vec<(String, String)>,
}

#[derive(Debug)]
struct ScenarioTest {
    steps: Vec<Step>,
    directory: Directory,
    staff: Vec<String>,
    exceptions: Option<Vec<String>>,
    sentence: Option<String>,
    notifications: Option<Vec<NotificationSpec>>,
    /// Check ids of the open exceptions the last entry resolves.
    resolved: Option<Vec<String>>,
    /// The total of the last customer invoice made (`""`: none was made).
    invoice_total: Option<String>,
}

#[derive(Debug)]
enum Step {
    Document {
        kind: DocumentKind,
        fields: Vec<(String, String)>,
        charges: Vec<ChargeSpec>,
        accessorials: Vec<ChargeSpec>,
        from: Option<String>,
        subject: String,
        body: String,
    },
    EmailFile(PathBuf),
    EmailText(String),
}

#[derive(Debug)]
struct NotificationSpec {
    event: String,
    to: Option<Vec<String>>,
    subject: Option<String>,
}

/// The value that means "this field is not found" in an expectation.
const NOT_FOUND: &str = "";

/// The `template` expectation meaning "no template matched: generic labels".
pub const NO_TEMPLATE: &str = "none";

/// Staff addresses of a scenario that names none.
const DEFAULT_STAFF: &str = "staff@example.com";

/// The sender of a scenario's notifications.
const TEST_FROM: &str = "freightdesk@example.com";

/// 1-based line and column of a byte offset.
fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let before = &text[..offset.min(text.len())];
    let line = before.matches('\n').count() + 1;
    let col = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, col)
}

/// Problems and warnings of one file, each `file:line:col: message`.
struct Problems<'a> {
    file: &'a str,
    text: &'a str,
    out: &'a mut Vec<String>,
    warnings: &'a mut Vec<String>,
}

impl Problems<'_> {
    fn at(&mut self, span: std::ops::Range<usize>, msg: impl std::fmt::Display) {
        let (line, col) = line_col(self.text, span.start);
        self.out.push(format!("{}:{line}:{col}: {msg}", self.file));
    }

    fn warn(&mut self, span: std::ops::Range<usize>, msg: impl std::fmt::Display) {
        let (line, col) = line_col(self.text, span.start);
        self.warnings
            .push(format!("{}:{line}:{col}: warning: {msg}", self.file));
    }
}

/// What [`collect`] found.
#[derive(Debug, Default)]
pub struct Collected {
    /// The tests that can run, in file order.
    pub tests: Vec<RuleTest>,
    /// Tests that are wrong (a misspelled setting, an unknown field, a check id that does not
    /// exist), each `file:line:col: message`; such a test is not in `tests`.
    pub problems: Vec<String>,
    /// Tests that are right but cannot run here: the sample or email file they read is not
    /// there (a rules folder copied without the samples). They are in `tests`, and fail.
    pub warnings: Vec<String>,
}

/// Read and check every `[[test]]` table of every rule file in `dir`. With the loaded rule set,
/// template ids, check ids and reference names are checked against it too.
///
/// Errors: [`RulesError::Io`] when the folder or a file cannot be read.
pub fn collect(dir: &Path, rules: Option<&RuleSet>) -> Result<Collected, RulesError> {
    let (_, files) = read_files(dir)?;
    Ok(collect_files(dir, files, rules))
}

/// [`collect`] on rule files already read: (path, path relative to `dir`, bytes).
pub(super) fn collect_files(
    dir: &Path,
    files: Vec<super::load::RuleFile>,
    rules: Option<&RuleSet>,
) -> Collected {
    let mut tests = Vec::new();
    let mut problems = Vec::new();
    let mut warnings = Vec::new();
    for (path, rel, bytes) in files {
        if !rel.ends_with(".toml") {
            continue;
        }
        // Not UTF-8: `RuleSet::load` reports it.
        let Ok(text) = String::from_utf8(bytes) else {
            continue;
        };
        let mut pr = Problems {
            file: &rel,
            text: &text,
            out: &mut problems,
            warnings: &mut warnings,
        };
        let raw = match toml::from_str::<TestsOnly>(&text) {
            Ok(r) => r,
            Err(e) => {
                pr.at(
                    e.span().unwrap_or(0..0),
                    super::load::toml_message(&text, &e),
                );
                continue;
            }
        };
        let base = path.parent().unwrap_or(dir).to_path_buf();
        for t in raw.test {
            let span = t.span();
            let (line, _) = line_col(&text, span.start);
            if let Some(spec) = check_test(t.into_inner(), span, &base, rules, &mut pr) {
                tests.push(RuleTest {
                    file: rel.clone(),
                    line,
                    name: spec.1,
                    spec: spec.0,
                });
            }
        }
    }
    Collected {
        tests,
        problems,
        warnings,
    }
}

/// A test's problems, or its spec and name.
fn check_test(
    t: RawTest,
    span: std::ops::Range<usize>,
    base: &Path,
    rules: Option<&RuleSet>,
    pr: &mut Problems,
) -> Option<(Spec, String)> {
    let before = pr.out.len();
    let extract_in = t.sample.is_some() || t.text.is_some();
    let refs_in = t.subject.is_some() || t.body.is_some();
    let scenario_in = !t.documents.is_empty();
    let inputs = [extract_in, refs_in, scenario_in]
        .iter()
        .filter(|x| **x)
        .count();
    if inputs != 1 || (t.sample.is_some() && t.text.is_some()) {
        pr.at(
            span,
            "a test has one input: `sample` (a PDF) or `text`; or `subject`/`body`; or \
             `[[test.documents]]`",
        );
        return None;
    }
    let kind = t.kind.as_ref().and_then(|k| parse_kind(k, pr));
    let named = |what: &[(&str, bool)]| -> Vec<String> {
        what.iter()
            .filter(|(_, present)| *present)
            .map(|(n, _)| format!("`{n}`"))
            .collect()
    };
    if extract_in {
        let misplaced = named(&[
            ("refs", t.refs.is_some()),
            ("exceptions", t.exceptions.is_some()),
            ("sentence", t.sentence.is_some()),
            ("notifications", t.notifications.is_some()),
            ("resolved", t.resolved.is_some()),
            ("carriers", !t.carriers.is_empty()),
            ("customers", !t.customers.is_empty()),
            ("staff", t.staff.is_some()),
        ]);
        if !misplaced.is_empty() {
            pr.at(
                span.clone(),
                format!(
                    "{} belong to a test with `[[test.documents]]`; a `sample`/`text` test \
                     expects kind, template, pages, fields, charges, accessorials",
                    misplaced.join(", ")
                ),
            );
        }
        let expects = t.kind.is_some()
            || t.template.is_some()
            || t.pages.is_some()
            || t.fields.is_some()
            || t.charges.is_some()
            || t.accessorials.is_some();
        if !expects {
            pr.at(
                span.clone(),
                "the test expects nothing: add `kind`, `template`, `fields`, `charges`, \
                 `accessorials` or `pages`",
            );
        }
        let input = match (&t.sample, &t.text) {
            (Some(s), _) => {
                let p = base.join(s.get_ref());
                if !p.is_file() {
                    pr.warn(
                        s.span(),
                        format!(
                            "sample file `{}` not found (at {}; a path is relative to the rule \
                             file): the test cannot run",
                            s.get_ref(),
                            p.display()
                        ),
                    );
                }
                ExtractInput::Sample(p)
            }
            // No sample: the test has a text (it is an extraction test).
            (None, text) => ExtractInput::Text(text.clone().unwrap_or_default()),
        };
        let document = match &t.document {
            Some(d) if *d.get_ref() == 0 => {
                pr.at(
                    d.span(),
                    "`document` counts from 1 (the first document of the file)",
                );
                1
            }
            Some(d) => *d.get_ref(),
            None => 1,
        };
        let template = t.template.as_ref().map(|tp| {
            let id = tp.get_ref();
            if let Some(set) = rules {
                if id != NO_TEMPLATE && !set.templates.iter().any(|x| &x.id == id) {
                    pr.at(
                        tp.span(),
                        format!(
                            "no template has id `{id}` (write \"{NO_TEMPLATE}\" for generic \
                             labels)"
                        ),
                    );
                }
            }
            id.clone()
        });
        // The kind whose fields may be named: the expected kind, else the template's.
        let field_kind = kind.or_else(|| {
            let id = template.as_deref()?;
            rules?.templates.iter().find(|x| x.id == id).map(|x| x.kind)
        });
        let fields = t
            .fields
            .as_ref()
            .map(|f| check_field_names(f, field_kind, pr))
            .unwrap_or_default();
        let charges = t.charges.as_ref().map(|c| check_charges(c, pr));
        let accessorials = t.accessorials.as_ref().map(|c| check_charges(c, pr));
        let name = t.name.clone().unwrap_or_else(|| {
            let what = template
                .clone()
                .or_else(|| kind.map(|k| k.to_string()))
                .unwrap_or_else(|| "fields".into());
            let from = match &input {
                ExtractInput::Sample(p) => p
                    .file_name()
                    .map(|f| f.to_string_lossy().to_string())
                    .unwrap_or_default(),
                ExtractInput::Text(_) => "a text snippet".into(),
            };
            format!("{what} from {from}")
        });
        if pr.out.len() > before {
            return None;
        }
        return Some((
            Spec::Extract(ExtractTest {
                input,
                document,
                kind,
                template,
                pages: t.pages,
                fields,
                charges,
                accessorials,
            }),
            name,
        ));
    }
    if refs_in {
        let misplaced = named(&[
            ("kind", t.kind.is_some()),
            ("template", t.template.is_some()),
            ("fields", t.fields.is_some()),
            ("exceptions", t.exceptions.is_some()),
            ("notifications", t.notifications.is_some()),
            ("resolved", t.resolved.is_some()),
        ]);
        let (Some(raw_refs), true) = (&t.refs, misplaced.is_empty()) else {
            pr.at(
                span,
                "a test with `subject`/`body` expects `refs` (the load references read from \
                 the email), and nothing else",
            );
            return None;
        };
        let mut refs = Vec::new();
        for (n, v) in sorted(raw_refs) {
            if let Some(set) = rules {
                if !set.message_refs.iter().any(|r| &r.name == n.get_ref()) {
                    let known: Vec<&str> =
                        set.message_refs.iter().map(|r| r.name.as_str()).collect();
                    pr.at(
                        n.span(),
                        format!(
                            "`{}` is not read from emails; kinds.toml [message] reads {}",
                            n.get_ref(),
                            known.join(", ")
                        ),
                    );
                }
            }
            refs.push((n.get_ref().clone(), v.get_ref().clone()));
        }
        let subject = t.subject.clone().unwrap_or_default();
        let name = t
            .name
            .clone()
            .unwrap_or_else(|| format!("references in {subject:?}"));
        if pr.out.len() > before {
            return None;
        }
        return Some((
            Spec::Refs(RefsTest {
                subject,
                body: t.body.unwrap_or_default(),
                refs,
            }),
            name,
        ));
    }
    // Scenario.
    let misplaced = named(&[
        ("kind", t.kind.is_some()),
        ("template", t.template.is_some()),
        ("pages", t.pages.is_some()),
        ("fields", t.fields.is_some()),
        ("charges", t.charges.is_some()),
        ("accessorials", t.accessorials.is_some()),
        ("document", t.document.is_some()),
        ("refs", t.refs.is_some()),
    ]);
    if !misplaced.is_empty() {
        pr.at(
            span.clone(),
            format!(
                "{} go inside each `[[test.documents]]`; a test with documents expects \
                 `exceptions`, `sentence`, `notifications` and `resolved`",
                misplaced.join(", ")
            ),
        );
    }
    if t.exceptions.is_none() && t.notifications.is_none() && t.resolved.is_none() {
        pr.at(
            span.clone(),
            "the test expects nothing: add `exceptions = [...]` (`[]` for none), \
             `notifications = [...]` or `resolved = [...]`",
        );
    }
    if t.sentence.is_some() && t.exceptions.is_none() {
        pr.at(span.clone(), "`sentence` needs `exceptions`");
    }
    let mut steps = Vec::new();
    for s in &t.documents {
        if let Some(step) = check_step(s, base, pr) {
            steps.push(step);
        }
    }
    let check_ids = |list: &Vec<Spanned<String>>, pr: &mut Problems| {
        list.iter()
            .map(|e| {
                if let Some(set) = rules {
                    if !set.checks.contains_key(e.get_ref()) {
                        let known: Vec<&str> = set.checks.keys().map(String::as_str).collect();
                        pr.at(
                            e.span(),
                            format!(
                                "no check has id `{}`; checks.toml has {}",
                                e.get_ref(),
                                known.join(", ")
                            ),
                        );
                    }
                }
                e.get_ref().clone()
            })
            .collect::<Vec<_>>()
    };
    let exceptions = t.exceptions.as_ref().map(|list| check_ids(list, pr));
    let resolved = t.resolved.as_ref().map(|list| check_ids(list, pr));
    let notifications = t.notifications.as_ref().map(|list| {
        list.iter()
            .map(|n| {
                if !EVENTS.contains(&n.event.get_ref().as_str()) {
                    pr.at(
                        n.event.span(),
                        format!(
                            "unknown event `{}`; one of {}",
                            n.event.get_ref(),
                            EVENTS.join(", ")
                        ),
                    );
                }
                NotificationSpec {
                    event: n.event.get_ref().clone(),
                    to: n.to.clone(),
                    subject: n.subject.clone(),
                }
            })
            .collect::<Vec<_>>()
    });
    let directory = Directory {
        carriers: t
            .carriers
            .into_iter()
            .enumerate()
            .map(|(i, c)| Carrier {
                carrier_id: c
                    .carrier_id
                    .unwrap_or_else(|| format!("TEST-CAR-{}", i + 1)),
                name: c.name,
                mc: c.mc,
                dot: c.dot,
                scac: c.scac,
                email_domains: c.email_domains,
                remit_to_name: c.remit_to_name,
                remit_to_address: c.remit_to_address,
                contact_email: c.contact_email,
            })
            .collect(),
        customers: t
            .customers
            .into_iter()
            .enumerate()
            .map(|(i, c)| Customer {
                customer_id: c
                    .customer_id
                    .unwrap_or_else(|| format!("TEST-CUST-{}", i + 1)),
                name: c.name,
                aliases: c.aliases,
                contact_name: c.contact_name,
                contact_email: c.contact_email,
                date_format: c.date_format,
                billing_email: c.billing_email,
                billing_address: c.billing_address,
            })
            .collect(),
        lanes: Vec::new(),
    };
    let name = t.name.clone().unwrap_or_else(|| match &exceptions {
        Some(e) if e.is_empty() => "raises nothing".into(),
        Some(e) => format!("raises {}", e.join(", ")),
        None => "notifications".into(),
    });
    if pr.out.len() > before {
        return None;
    }
    Some((
        Spec::Scenario(ScenarioTest {
            steps,
            directory,
            staff: t.staff.unwrap_or_else(|| vec![DEFAULT_STAFF.into()]),
            exceptions,
            sentence: t.sentence,
            notifications,
            resolved,
            invoice_total: t.invoice_total,
        }),
        name,
    ))
}

fn parse_kind(k: &Spanned<String>, pr: &mut Problems) -> Option<DocumentKind> {
    match DocumentKind::from_str(k.get_ref()) {
        Ok(kind) => Some(kind),
        Err(e) => {
            pr.at(k.span(), e);
            None
        }
    }
}

/// The entries of a table in file order.
fn sorted(values: &RawValues) -> Vec<(&Spanned<String>, &Spanned<String>)> {
    let mut v: Vec<_> = values.iter().collect();
    v.sort_by_key(|(n, _)| n.span().start);
    v
}

/// Whether `name` is a field documents of `kind` may have (any kind's when `kind` is unknown).
fn known_field(name: &str, kind: Option<DocumentKind>) -> bool {
    EXTRA_FIELDS.contains(&name)
        || match kind {
            Some(k) => k.canonical_fields().contains(&name),
            None => DocumentKind::ALL
                .iter()
                .any(|k| k.canonical_fields().contains(&name)),
        }
}

fn unknown_field(name: &str, kind: Option<DocumentKind>) -> String {
    match kind {
        Some(k) => format!(
            "unknown field `{name}` for {k}; known fields: {}",
            k.canonical_fields().join(", ")
        ),
        None => format!("unknown field `{name}`: no document kind has it"),
    }
}

fn check_field_names(
    values: &RawValues,
    kind: Option<DocumentKind>,
    pr: &mut Problems,
) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for (n, v) in sorted(values) {
        if !known_field(n.get_ref(), kind) {
            pr.at(n.span(), unknown_field(n.get_ref(), kind));
        }
        out.push((n.get_ref().clone(), v.get_ref().clone()));
    }
    out
}

fn check_charges(list: &[RawCharge], pr: &mut Problems) -> Vec<ChargeSpec> {
    list.iter()
        .map(|c| {
            if let Some(code) = &c.code {
                if !CHARGE_CODES.contains(&code.get_ref().as_str()) {
                    pr.at(
                        code.span(),
                        format!(
                            "unknown charge code `{}`; one of {}",
                            code.get_ref(),
                            CHARGE_CODES.join(", ")
                        ),
                    );
                }
            }
            let amount_usd = c.amount_usd.as_ref().map(|a| {
                if a.get_ref().is_empty() {
                    return None;
                }
                let parsed = parse_money(a.get_ref());
                if parsed.is_none() {
                    pr.at(
                        a.span(),
                        format!(
                            "`{}` is not an amount (write e.g. \"185.00\", or \"\" for none)",
                            a.get_ref()
                        ),
                    );
                }
                parsed
            });
            ChargeSpec {
                description: fold_spaces(&c.description),
                code: c.code.as_ref().map(|c| c.get_ref().clone()),
                amount_usd,
            }
        })
        .collect()
}

fn check_step(s: &Spanned<RawStep>, base: &Path, pr: &mut Problems) -> Option<Step> {
    let r = s.get_ref();
    let email = r.email.is_some() || r.email_text.is_some();
    if email {
        let extra = r.kind.is_some()
            || !r.fields.is_empty()
            || !r.charges.is_empty()
            || !r.accessorials.is_empty()
            || r.from.is_some()
            || r.subject.is_some()
            || r.body.is_some()
            || (r.email.is_some() && r.email_text.is_some());
        if extra {
            pr.at(
                s.span(),
                "a document given as a whole email has `email` (a file) or `email_text`, and \
                 nothing else",
            );
            return None;
        }
        if let Some(e) = &r.email {
            let p = base.join(e.get_ref());
            if !p.is_file() {
                pr.warn(
                    e.span(),
                    format!(
                        "email file `{}` not found (at {}; a path is relative to the rule file): \
                         the test cannot run",
                        e.get_ref(),
                        p.display()
                    ),
                );
            }
            return Some(Step::EmailFile(p));
        }
        return r.email_text.clone().map(Step::EmailText);
    }
    let Some(k) = &r.kind else {
        pr.at(
            s.span(),
            "each `[[test.documents]]` has a `kind` (and `fields`), or an `email`",
        );
        return None;
    };
    let kind = parse_kind(k, pr)?;
    let before = pr.out.len();
    let mut fields = Vec::new();
    for (n, v) in sorted(&r.fields) {
        let (name, value) = (n.get_ref(), v.get_ref());
        if !known_field(name, Some(kind)) {
            pr.at(n.span(), unknown_field(name, Some(kind)));
            continue;
        }
        let ty = ValueType::for_field(name);
        let standard = match ty {
            ValueType::Flag => (value == "true" || value == "false").then(|| value.clone()),
            _ => normalize(ty, value),
        };
        match standard {
            Some(std_form) if &std_form == value => {}
            Some(std_form) => pr.at(
                v.span(),
                format!(
                    "write `{name}` in its standard form, as `freightdesk extract` shows it: \
                     \"{std_form}\""
                ),
            ),
            None => pr.at(
                v.span(),
                format!("`{value}` is not a value of `{name}` ({ty:?})"),
            ),
        }
        fields.push((name.clone(), value.clone()));
    }
    let charges = check_charges(&r.charges, pr);
    let accessorials = check_charges(&r.accessorials, pr);
    (pr.out.len() == before).then(|| Step::Document {
        kind,
        fields,
        charges,
        accessorials,
        from: r.from.clone(),
        subject: r.subject.clone().unwrap_or_default(),
        body: r.body.clone().unwrap_or_default(),
    })
}

fn fold_spaces(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

// ---------------------------------------------------------------------------------------------
// Running.

/// What running one test gave.
#[derive(Debug, Default)]
pub struct TestResult {
    /// One entry per difference between what the test expects and what the rules gave; each is
    /// one or more lines (expected `-`, got `+`). Empty when the test passed.
    pub differences: Vec<String>,
}

impl TestResult {
    /// Whether everything expected came out.
    pub fn passed(&self) -> bool {
        self.differences.is_empty()
    }
}

impl RuleTest {
    /// `dir/file:line: name`, how `rules test` names the test.
    pub fn label(&self, dir: &Path) -> String {
        format!(
            "{}:{}: {}",
            dir.join(&self.file).display(),
            self.line,
            self.name
        )
    }

    /// The template id this test expects, if it is an extraction test that names one.
    pub fn template(&self) -> Option<&str> {
        match &self.spec {
            Spec::Extract(t) => t.template.as_deref(),
            _ => None,
        }
    }

    /// The check ids this test expects raised, if it is a scenario test that names them.
    pub fn exceptions(&self) -> &[String] {
        match &self.spec {
            Spec::Scenario(ScenarioTest {
                exceptions: Some(e),
                ..
            }) => e,
            _ => &[],
        }
    }
}

/// Why a test could not run to its comparison.
#[derive(Debug, thiserror::Error)]
enum RunError {
    /// A sample or email file.
    #[error("reading {path}: {cause}")]
    Io {
        path: PathBuf,
        cause: std::io::Error,
    },
    /// The sample is not a readable PDF.
    #[error("the sample could not be read: {0}")]
    Extract(#[from] ExtractError),
    /// The scratch database.
    #[error("the test database: {0}")]
    Store(#[from] StoreError),
    /// Queuing notifications.
    #[error("notifications: {0}")]
    Notify(#[from] NotifyError),
    /// Processing an email.
    #[error("processing the email: {0}")]
    Pipeline(#[from] PipelineError),
}

/// Run one test against `rules`. Never fails: a test that cannot run (an unreadable sample)
/// fails with the reason as its difference.
pub async fn run(test: &RuleTest, rules: &Arc<RuleSet>) -> TestResult {
    let mut result = TestResult::default();
    let outcome = match &test.spec {
        Spec::Extract(t) => run_extract(t, rules, &mut result),
        Spec::Refs(t) => {
            run_refs(t, rules, &mut result);
            Ok(())
        }
        // The pipeline's log lines would drown the report; what matters is in the differences.
        Spec::Scenario(t) => {
            run_scenario(test, t, rules, &mut result)
                .with_subscriber(NoSubscriber::default())
                .await
        }
    };
    if let Err(e) = outcome {
        result.differences.push(format!("error: {e}"));
    }
    result
}

fn quoted(v: Option<&str>) -> String {
    match v {
        Some(v) => format!("{v:?}"),
        None => "(not found)".into(),
    }
}

fn expected_got(what: &str, expected: &str, got: &str, note: &str) -> String {
    let mut s = format!("{what}\n  - expected {expected}\n  + got      {got}");
    if !note.is_empty() {
        s += "\n    ";
        s += note;
    }
    s
}

/// A text input's pages: split at form feeds.
fn text_pages(text: &str) -> Vec<PageText> {
    text.split('\x0c')
        .enumerate()
        .map(|(i, text)| PageText {
            page: i as u32 + 1,
            text: text.to_string(),
            glyphs: text.chars().filter(|c| !c.is_whitespace()).count(),
            ocr_confidence: None,
        })
        .collect()
}

fn run_extract(t: &ExtractTest, rules: &RuleSet, result: &mut TestResult) -> Result<(), RunError> {
    let diffs = &mut result.differences;
    let (docs, pages) = match &t.input {
        ExtractInput::Sample(p) => {
            let bytes = std::fs::read(p).map_err(|cause| RunError::Io {
                path: p.clone(),
                cause,
            })?;
            let limits = PdfLimits::default();
            // The daemon's own entry point, with its checks (a scan, a non-PDF); the pages again
            // for the explanation of a mismatch.
            let docs = extract::extract_file(&bytes, rules, &limits)?;
            let pages = extract::pdf_text::pdf_text(&bytes, &limits).map_err(ExtractError::from)?;
            (docs, pages)
        }
        ExtractInput::Text(text) => {
            let pages = text_pages(text);
            (extract::extract_pages(&pages, rules), pages)
        }
    };
    let Some(doc) = docs.get(t.document - 1) else {
        diffs.push(expected_got(
            "document",
            &format!("document {}", t.document),
            &format!("{} document(s) in the file", docs.len()),
            "",
        ));
        return Ok(());
    };
    let why = || {
        explain_document(doc, &pages, rules)
            .describe()
            .iter()
            .map(|l| format!("    {l}"))
            .collect::<Vec<_>>()
            .join("\n")
    };
    let mut explained = false;
    if let Some(k) = t.kind {
        if k != doc.kind {
            diffs.push(expected_got("kind", k.as_str(), doc.kind.as_str(), "") + "\n" + &why());
            explained = true;
        }
    }
    if let Some(expected) = &t.template {
        let got = doc
            .template
            .as_deref()
            .and_then(|r| r.rsplit_once('#'))
            .map(|(_, id)| id)
            .unwrap_or(NO_TEMPLATE);
        if got != expected {
            let mut d = expected_got("template", expected, got, "");
            if !explained {
                d = d + "\n" + &why();
            }
            diffs.push(d);
        }
    }
    if let Some(p) = &t.pages {
        if p != &doc.pages {
            diffs.push(expected_got(
                "pages",
                &format!("{p:?}"),
                &format!("{:?}", doc.pages),
                "",
            ));
        }
    }
    for (name, expected) in &t.fields {
        let got = doc.fields.get(name);
        let same = match got {
            None => expected == NOT_FOUND,
            Some(f) => &f.value == expected,
        };
        if same {
            continue;
        }
        let expected_text = if expected == NOT_FOUND {
            "(not found)".to_string()
        } else {
            format!("{expected:?}")
        };
        let note = match got {
            Some(f) => format!(
                "printed {:?} on page {}, by {}",
                f.provenance.printed, f.provenance.page, f.provenance.rule
            ),
            None => format!("no pattern for `{name}` matched a value of its type"),
        };
        diffs.push(expected_got(
            &format!("fields.{name}"),
            &expected_text,
            &quoted(got.map(|f| f.value.as_str())),
            &note,
        ));
    }
    for (what, expected, got) in [
        ("charges", &t.charges, &doc.charges),
        ("accessorials", &t.accessorials, &doc.accessorials),
    ] {
        if let Some(expected) = expected {
            compare_charges(what, expected, got, diffs);
        }
    }
    Ok(())
}

fn charge_text(description: &str, code: Option<&str>, amount: Option<Option<Decimal>>) -> String {
    let mut s = format!("{description:?}");
    if let Some(c) = code {
        let _ = write!(s, " {c}");
    }
    match amount {
        Some(Some(a)) => {
            let _ = write!(s, " {a}");
        }
        Some(None) => s += " (no amount)",
        None => {}
    }
    s
}

fn compare_charges(what: &str, expected: &[ChargeSpec], got: &[Charge], diffs: &mut Vec<String>) {
    for i in 0..expected.len().max(got.len()) {
        let e = expected.get(i);
        let g = got.get(i);
        let same = match (e, g) {
            (Some(e), Some(g)) => {
                e.description == g.description
                    && e.code.as_ref().is_none_or(|c| c == &g.code)
                    && e.amount_usd.is_none_or(|a| a == g.amount_usd)
            }
            _ => false,
        };
        if same {
            continue;
        }
        let show_e = e
            .map(|e| charge_text(&e.description, e.code.as_deref(), e.amount_usd))
            .unwrap_or_else(|| "(no row)".into());
        let show_g = g
            .map(|g| charge_text(&g.description, Some(&g.code), Some(g.amount_usd)))
            .unwrap_or_else(|| "(no row)".into());
        diffs.push(expected_got(
            &format!("{what}[{}]", i + 1),
            &show_e,
            &show_g,
            "",
        ));
    }
}

fn run_refs(t: &RefsTest, rules: &RuleSet, result: &mut TestResult) {
    let got = extract::message_refs(&t.subject, &t.body, rules);
    for (name, expected) in &t.refs {
        let g = got.get(name);
        let same = match g {
            None => expected == NOT_FOUND,
            Some(f) => &f.value == expected,
        };
        if !same {
            let expected_text = if expected == NOT_FOUND {
                "(not found)".to_string()
            } else {
                format!("{expected:?}")
            };
            let note = g
                .map(|f| {
                    format!(
                        "printed {:?}, by {}",
                        f.provenance.printed, f.provenance.rule
                    )
                })
                .unwrap_or_default();
            result.differences.push(expected_got(
                &format!("refs.{name}"),
                &expected_text,
                &quoted(g.map(|f| f.value.as_str())),
                &note,
            ));
        }
    }
}

/// A scratch folder under the system's temporary folder, removed when dropped.
struct Scratch(PathBuf);

impl Scratch {
    fn new() -> std::io::Result<Scratch> {
        static NEXT: AtomicUsize = AtomicUsize::new(0);
        loop {
            let n = NEXT.fetch_add(1, Ordering::Relaxed);
            let p = std::env::temp_dir()
                .join(format!("freightdesk-rules-test-{}-{n}", std::process::id()));
            match std::fs::create_dir(&p) {
                Ok(()) => return Ok(Scratch(p)),
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => continue,
                Err(e) => return Err(e),
            }
        }
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// What one entry of a scenario raised and queued.
#[derive(Default)]
struct StepOutcome {
    /// (rule id, sentence).
    exceptions: Vec<(String, String)>,
    notifications: Vec<Queued>,
    /// (rule id, sentence) of the exceptions resolved.
    resolved: Vec<(String, String)>,
}

async fn run_scenario(
    test: &RuleTest,
    t: &ScenarioTest,
    rules: &Arc<RuleSet>,
    result: &mut TestResult,
) -> Result<(), RunError> {
    let scratch = Scratch::new().map_err(|cause| RunError::Io {
        path: std::env::temp_dir(),
        cause,
    })?;
    let store = Store::open(&format!("sqlite://{}/test.db", scratch.0.display())).await?;
    {
        let mut conn = store.pool().acquire().await.map_err(StoreError::from)?;
        t.directory.save(&mut conn).await?;
    }
    let pipeline = Pipeline {
        store,
        archive: Archive::new(scratch.0.join("archive")),
        rules: Arc::new(LiveRules::new(rules.clone())),
        directory: t.directory.clone(),
        from: TEST_FROM.into(),
        reply_to: None,
        staff: t.staff.clone(),
        // Rule tests show each exception's own email, as the route words it.
        staff_digest: crate::config::StaffDigest::OFF,
        workspace_url: None,
        company: "Northstar Logistics".into(),
        limits: Limits::default(),
        // billing.toml's tests bill: invoice numbers TEST-000001, …; the others never do.
        biller: (test.file == "billing.toml").then(|| crate::billing::Biller {
            invoice_prefix: "TEST-".into(),
            remit_to: crate::billing::invoice::Party {
                name: "Northstar Logistics".into(),
                address: Vec::new(),
            },
            edi: None,
        }),
        workers: crate::extract::worker::find_exe().map(crate::extract::worker::WorkerPool::new),
    };
    let mut last = StepOutcome::default();
    for (i, step) in t.steps.iter().enumerate() {
        let source = format!("{}:{} document {}", test.file, test.line, i + 1);
        last = match step {
            Step::EmailFile(p) => {
                let bytes = std::fs::read(p).map_err(|cause| RunError::Io {
                    path: p.clone(),
                    cause,
                })?;
                process_email(&pipeline, source, p.clone(), bytes).await?
            }
            Step::EmailText(text) => {
                process_email(&pipeline, source, PathBuf::new(), text.clone().into_bytes()).await?
            }
            Step::Document { .. } => file_document(&pipeline, rules, &source, step).await?,
        };
    }
    let invoice_total: Option<String> =
        sqlx::query("SELECT total_usd FROM customer_invoices ORDER BY seq DESC LIMIT 1")
            .fetch_optional(pipeline.store.pool())
            .await
            .map_err(StoreError::from)?
            .map(|r| sqlx::Row::get(&r, 0));
    pipeline.store.pool().close().await;
    drop(scratch);
    if let Some(expected) = &t.invoice_total {
        let got = invoice_total.unwrap_or_default();
        if *expected != got {
            result.differences.push(expected_got(
                "invoice_total (the last customer invoice made)",
                &quoted(Some(expected).filter(|e| !e.is_empty()).map(String::as_str)),
                &quoted(Some(got.as_str()).filter(|g| !g.is_empty())),
                "",
            ));
        }
    }

    let diffs = &mut result.differences;
    if let Some(expected) = &t.exceptions {
        let mut e: Vec<&str> = expected.iter().map(String::as_str).collect();
        let mut g: Vec<&str> = last.exceptions.iter().map(|(r, _)| r.as_str()).collect();
        e.sort_unstable();
        g.sort_unstable();
        if e != g {
            let mut d = expected_got(
                "exceptions (raised by the last document)",
                &format!("[{}]", e.join(", ")),
                &format!("[{}]", g.join(", ")),
                "",
            );
            for (rule, sentence) in &last.exceptions {
                let _ = write!(d, "\n    {rule}: {sentence}");
            }
            diffs.push(d);
        }
    }
    if let Some(s) = &t.sentence {
        if !last.exceptions.iter().any(|(_, x)| x.contains(s.as_str())) {
            let mut d = format!("sentence\n  - expected a sentence containing {s:?}\n  + got");
            if last.exceptions.is_empty() {
                d += " no exception";
            }
            for (rule, sentence) in &last.exceptions {
                let _ = write!(d, "\n    {rule}: {sentence}");
            }
            diffs.push(d);
        }
    }
    if let Some(expected) = &t.notifications {
        compare_notifications(expected, &last.notifications, diffs);
    }
    if let Some(expected) = &t.resolved {
        let mut e: Vec<&str> = expected.iter().map(String::as_str).collect();
        let mut g: Vec<&str> = last.resolved.iter().map(|(r, _)| r.as_str()).collect();
        e.sort_unstable();
        g.sort_unstable();
        if e != g {
            let mut d = expected_got(
                "resolved (exceptions the last document settled)",
                &format!("[{}]", e.join(", ")),
                &format!("[{}]", g.join(", ")),
                "",
            );
            for (rule, sentence) in &last.resolved {
                let _ = write!(d, "\n    {rule}: {sentence}");
            }
            diffs.push(d);
        }
    }
    Ok(())
}

async fn process_email(
    pipeline: &Pipeline,
    source: String,
    path: PathBuf,
    bytes: Vec<u8>,
) -> Result<StepOutcome, RunError> {
    let report = pipeline
        .process(&RawMessage {
            source,
            path,
            bytes,
        })
        .await?;
    Ok(StepOutcome {
        exceptions: report
            .exceptions
            .into_iter()
            .map(|e| (e.rule_id, e.sentence))
            .collect(),
        notifications: report.notifications,
        resolved: report
            .resolved_exceptions
            .into_iter()
            .map(|e| (e.rule_id, e.sentence))
            .collect(),
    })
}

/// File one document given by its fields as the only document of an email: recorded through the
/// store, linked and checked by [`checks::link_and_check`], its notifications queued by
/// [`notify::queue`], in one transaction as the pipeline does.
async fn file_document(
    pipeline: &Pipeline,
    rules: &Arc<RuleSet>,
    source: &str,
    step: &Step,
) -> Result<StepOutcome, RunError> {
    let Step::Document {
        kind,
        fields,
        charges,
        accessorials,
        from,
        subject,
        body,
    } = step
    else {
        return Ok(StepOutcome::default());
    };
    let rule_ref = format!("test {source}");
    let field = |value: &String| Field {
        value: value.clone(),
        provenance: Provenance {
            page: 1,
            span: (0, 0),
            printed: value.clone(),
            rule: rule_ref.clone(),
            confidence: 1.0,
        },
    };
    let lines = |list: &[ChargeSpec]| -> Vec<Charge> {
        list.iter()
            .map(|c| Charge {
                code: c
                    .code
                    .clone()
                    .unwrap_or_else(|| rules.charge_code(&c.description).to_string()),
                description: c.description.clone(),
                amount_usd: c.amount_usd.flatten(),
                page: 1,
            })
            .collect()
    };
    let doc = ExtractedDocument {
        kind: *kind,
        pages: vec![1],
        template: None,
        issuer: None,
        fields: fields.iter().map(|(n, v)| (n.clone(), field(v))).collect(),
        charges: lines(charges),
        accessorials: lines(accessorials),
        stops: Vec::new(),
    };
    let sha = hex::encode(Sha256::digest(source.as_bytes()));
    let message_id = format!("{}@rules-test.example", &sha[..24]);
    let mut tx = pipeline
        .store
        .pool()
        .begin()
        .await
        .map_err(StoreError::from)?;
    let conn = &mut *tx;
    let message_row = store::insert_message(
        conn,
        &NewMessage {
            sha256: &sha,
            source,
            message_id: Some(&message_id),
            from_addr: from.as_deref(),
            to_addrs: String::new(),
            subject: Some(subject),
            sent_at: None,
            size_bytes: 0,
            status: "processed",
            error: None,
            rules_version: &rules.version,
        },
    )
    .await?;
    let id = store::insert_document(conn, message_row, None, &doc, &rules.version).await?;
    let refs = extract::message_refs(subject, body, rules);
    let ctx = Context {
        rules,
        directory: &pipeline.directory,
        biller: pipeline.biller.as_ref(),
    };
    let outcome = checks::link_and_check(
        conn,
        &ctx,
        message_row,
        from.as_deref(),
        &refs,
        None,
        &[NewDocument { id, doc: &doc }],
    )
    .await?;
    let notifications = notify::queue(
        conn,
        rules,
        &pipeline.directory,
        &pipeline.senders(),
        &Cause {
            message_row,
            from_addr: from.as_deref(),
            subject,
            message_id: Some(&message_id),
            references: &[],
        },
        &outcome.events,
        &outcome.exceptions,
    )
    .await?;
    tx.commit().await.map_err(StoreError::from)?;
    Ok(StepOutcome {
        exceptions: outcome
            .exceptions
            .into_iter()
            .map(|e| (e.rule_id, e.sentence))
            .collect(),
        notifications,
        resolved: outcome
            .resolved
            .into_iter()
            .map(|e| (e.rule_id, e.sentence))
            .collect(),
    })
}

fn notification_text(n: &Queued) -> String {
    format!("{} to [{}]: {:?}", n.event, n.to.join(", "), n.subject)
}

fn compare_notifications(expected: &[NotificationSpec], got: &[Queued], diffs: &mut Vec<String>) {
    let fits = |e: &NotificationSpec, g: &Queued| {
        e.event == g.event
            && e.to.as_ref().is_none_or(|to| to == &g.to)
            && e.subject
                .as_ref()
                .is_none_or(|s| g.subject.contains(s.as_str()))
    };
    // Each expected notification takes the first queued one it fits.
    let mut taken = vec![false; got.len()];
    let mut unmatched = Vec::new();
    for e in expected {
        match (0..got.len()).find(|&i| !taken[i] && fits(e, &got[i])) {
            Some(i) => taken[i] = true,
            None => unmatched.push(e),
        }
    }
    let extra: Vec<&Queued> = got
        .iter()
        .zip(&taken)
        .filter(|(_, t)| !**t)
        .map(|(g, _)| g)
        .collect();
    if unmatched.is_empty() && extra.is_empty() {
        return;
    }
    let mut d = String::from("notifications (queued for the last document)");
    for e in unmatched {
        let _ = write!(d, "\n  - expected {}", e.event);
        if let Some(to) = &e.to {
            let _ = write!(d, " to [{}]", to.join(", "));
        }
        if let Some(s) = &e.subject {
            let _ = write!(d, " with a subject containing {s:?}");
        }
    }
    for g in extra {
        let _ = write!(d, "\n  + got      {}", notification_text(g));
    }
    d += "\n    queued:";
    if got.is_empty() {
        d += " nothing";
    }
    for g in got {
        let _ = write!(d, "\n      {}", notification_text(g));
    }
    diffs.push(d);
}

// ---------------------------------------------------------------------------------------------
// Coverage.

/// What no test names.
#[derive(Debug, Default)]
pub struct Coverage {
    /// Template ids no extraction test expects.
    pub templates: Vec<String>,
    /// Check ids no scenario test expects raised.
    pub checks: Vec<String>,
}

/// Checks no test can raise: `condition_failed` is raised when another check's condition fails
/// at run time, which no shipped condition does (each guards against fields that were not read).
pub const UNTESTABLE_CHECKS: [&str; 1] = ["condition_failed"];

/// The templates and checks of `rules` that no test in `tests` names (less
/// [`UNTESTABLE_CHECKS`]).
pub fn coverage(rules: &RuleSet, tests: &[RuleTest]) -> Coverage {
    Coverage {
        templates: rules
            .templates
            .iter()
            .filter(|t| !tests.iter().any(|x| x.template() == Some(t.id.as_str())))
            .map(|t| t.id.clone())
            .collect(),
        checks: rules
            .checks
            .keys()
            .filter(|c| !UNTESTABLE_CHECKS.contains(&c.as_str()))
            .filter(|c| !tests.iter().any(|x| x.exceptions().contains(c)))
            .cloned()
            .collect(),
    }
}

// ---------------------------------------------------------------------------------------------
// Why a page was classified as it was.

/// How one template fares on a page.
#[derive(Debug, Clone, Serialize)]
pub struct TemplateFit {
    /// Template id.
    pub template: String,
    /// Its file, relative to the rules folder.
    pub file: String,
    /// The kind it extracts.
    pub kind: DocumentKind,
    /// Its `match` phrases found on the page (lower case).
    pub found: Vec<String>,
    /// Its `match` phrases not found.
    pub missed: Vec<String>,
}

/// A kind's keyword score on a page.
#[derive(Debug, Clone, Serialize)]
pub struct KindScore {
    /// The kind.
    pub kind: DocumentKind,
    /// Sum of the weights of the keywords found.
    pub score: u32,
    /// The score the kind needs.
    pub threshold: u32,
    /// Keywords found, with their weights.
    pub keywords: BTreeMap<String, u32>,
}

/// Why a document's first page was classified as it was.
#[derive(Debug, Clone, Serialize)]
pub struct Classification {
    /// The page the decision was made on (a document's first page; the pages after it continue
    /// the document).
    pub page: u32,
    /// `template` (every `match` phrase of a template found), `keywords` (no template; a kind
    /// reached its threshold in kinds.toml), `ambiguous` (a kind reached its threshold but
    /// another scored too close: `other`) or `none` (neither: `other`).
    pub by: &'static str,
    /// The template that matched.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub template: Option<TemplateFit>,
    /// The other templates with at least one phrase on the page, closest first.
    pub candidates: Vec<TemplateFit>,
    /// Every kind's keyword score, highest first (when no template matched).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub kinds: Vec<KindScore>,
    /// How sure the classification is, 0 to 1 ([`classify::PageClass::confidence`]): 1.0 for
    /// a template; (best − second best) / best for keywords.
    pub confidence: f64,
    /// The rule set's `min_confidence`: a keyword guess below it makes the page `other`.
    pub min_confidence: f64,
}

/// Why `page` is classified as it is with `rules`: the template that matched and the phrases it
/// found, the closest other templates and the phrases they missed, or the generic kind scores.
/// The decision itself is [`classify::best_template`] and [`classify::generic_kind`]'s.
pub fn explain(page: &PageText, rules: &RuleSet) -> Classification {
    let lower = page.text.to_lowercase();
    let class = classify::classify_page(page, rules);
    let winner = class.template.map(|t| t.rule_ref.clone());
    let mut template = None;
    let mut candidates = Vec::new();
    for t in &rules.templates {
        let (found, missed): (Vec<&String>, Vec<&String>) = t
            .match_all
            .iter()
            .partition(|m| classify::phrase_found(&lower, m, page.ocr_confidence.is_some()));
        let fit = TemplateFit {
            template: t.id.clone(),
            file: t
                .rule_ref
                .split_once('#')
                .map_or(t.rule_ref.clone(), |(f, _)| f.to_string()),
            kind: t.kind,
            found: found.into_iter().cloned().collect(),
            missed: missed.into_iter().cloned().collect(),
        };
        if winner.as_deref() == Some(t.rule_ref.as_str()) {
            template = Some(fit);
        } else if !fit.found.is_empty() {
            candidates.push(fit);
        }
    }
    // Closest first: fewest phrases missed, then most found; file order among equals.
    candidates.sort_by_key(|f| (f.missed.len(), std::cmp::Reverse(f.found.len())));
    let mut kinds = Vec::new();
    let by = if template.is_some() {
        "template"
    } else {
        kinds = rules
            .kinds
            .iter()
            .map(|k| {
                let keywords: BTreeMap<String, u32> = k
                    .keywords
                    .iter()
                    .filter(|(w, n)| classify::keyword_found(&lower, k, w, *n))
                    .cloned()
                    .collect();
                KindScore {
                    kind: k.kind,
                    score: keywords.values().sum(),
                    threshold: k.threshold,
                    keywords,
                }
            })
            .collect();
        kinds.sort_by_key(|k| std::cmp::Reverse(k.score));
        match class.by {
            "model" | "continuation" | "no_trade_words" => class.by,
            _ if class.ambiguous => "ambiguous",
            _ if class.kind.is_some() => "keywords",
            _ => "none",
        }
    };
    Classification {
        page: page.page,
        by,
        template,
        candidates,
        kinds,
        confidence: class.confidence,
        min_confidence: rules.min_confidence,
    }
}

/// [`explain`] for a document's first page, `pages` being the file's pages.
pub fn explain_document(
    doc: &ExtractedDocument,
    pages: &[PageText],
    rules: &RuleSet,
) -> Classification {
    let first = doc.pages.first().copied().unwrap_or(1);
    let empty = PageText {
        page: first,
        text: String::new(),
        glyphs: 0,
        ocr_confidence: None,
    };
    let page = pages.iter().find(|p| p.page == first).unwrap_or(&empty);
    explain(page, rules)
}

fn phrases(list: &[String]) -> String {
    list.iter()
        .map(|p| format!("{p:?}"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// How many closest other templates the text explanation names.
const CLOSEST: usize = 3;

impl Classification {
    /// The explanation as lines of text, as `freightdesk extract` prints it.
    pub fn describe(&self) -> Vec<String> {
        let mut out = Vec::new();
        let p = self.page;
        match &self.template {
            Some(t) => out.push(format!(
                "why: page {p} has every `match` phrase of {} ({}): {}",
                t.template,
                t.file,
                phrases(&t.found)
            )),
            None => out.push(format!(
                "why: no template has every `match` phrase on page {p}"
            )),
        }
        let closest: Vec<&TemplateFit> = self.candidates.iter().take(CLOSEST).collect();
        if !closest.is_empty() {
            out.push(if self.template.is_some() {
                "  closest other templates:".into()
            } else {
                "  closest templates:".into()
            });
        }
        for c in closest {
            let total = c.found.len() + c.missed.len();
            let line = if c.missed.is_empty() {
                let winner = self.template.as_ref().map_or(0, |t| t.found.len());
                if winner > total {
                    format!("all {total} phrases too, but the winner has more ({winner})")
                } else {
                    format!("all {total} phrases too; a tie goes to the first file by name")
                }
            } else {
                format!(
                    "{} of {total} phrases; missing {}",
                    c.found.len(),
                    phrases(&c.missed)
                )
            };
            out.push(format!("    {} ({}): {line}", c.template, c.file));
        }
        if self.template.is_none() {
            let scored: Vec<&KindScore> = self.kinds.iter().filter(|k| k.score > 0).collect();
            let head = match self.by {
                "model" => "  by the kind model (kind_model.json, `freightdesk rules train-kinds`), sure at the confidence above; the keyword scores of kinds.toml, for comparison:",
                "continuation" => "  a later page of its document (\"Page N of M\"): it continues the document before it; the keyword scores, for comparison:",
                "no_trade_words" => "  no word of the trade (kinds.toml `evidence`) is on the page, so it is `other`; the keyword scores:",
                "keywords" => "  by keywords (kinds.toml), the highest score at or above its threshold wins:",
                "ambiguous" => "  by keywords (kinds.toml), two kinds are too close (confidence below min_confidence), so the page is `other`:",
                _ => "  by keywords (kinds.toml), no kind reaches its threshold, so the page is `other`:",
            };
            out.push(head.into());
            if scored.is_empty() {
                out.push("    no keyword of any kind is on the page".into());
            }
            for k in scored {
                let words: Vec<String> = k
                    .keywords
                    .iter()
                    .map(|(w, n)| format!("{w:?} {n}"))
                    .collect();
                out.push(format!(
                    "    {} {} (threshold {}): {}",
                    k.kind,
                    k.score,
                    k.threshold,
                    words.join(", ")
                ));
            }
        }
        out
    }
}
