//! Rules: everything staff edit, loaded from a rules folder into one immutable [`RuleSet`].
//!
//! Entry point: [`RuleSet::load`]. The folder layout (documented for staff in `rules/README.md`):
//!
//! | file | holds |
//! | --- | --- |
//! | `kinds.toml` | per document kind, the weighted keywords that classify it and generic field labels; charge codes; references read from email subjects and bodies |
//! | `documents/*.toml` | templates: per issuer and kind, the keywords that pick the template and the regex per field |
//! | `checks.toml` | the back-office checks with severity, tolerances and the sentence staff read |
//! | `notifications.toml` | which event emails whom with which template |
//! | `billing.toml` | when a load is billed to its customer, and what its invoice holds |
//! | `emails/*.txt` | the email templates (minijinja; first line `Subject: …`) |
//!
//! A rule set is identified by [`RuleSet::version`], a hash of every file in it, recorded with
//! each field, exception and notification it produced.

pub mod billing;
pub mod calibration;
pub mod condition;
pub mod email_vars;
pub mod kind_model;
pub mod learn;
mod load;
pub mod ruletest;
pub mod suggest;
pub mod watch;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use regex::Regex;
use rust_decimal::Decimal;

use crate::model::{DocumentKind, ValueType};

pub use load::RulesError;

/// A compiled, checked rule set. Immutable: a reload builds a new one.
#[derive(Debug)]
pub struct RuleSet {
    /// Folder it was loaded from.
    pub dir: PathBuf,
    /// First 12 hex digits of the SHA-256 over every file's path and bytes.
    pub version: String,
    /// Generic classification per kind, used when no template matches.
    pub kinds: Vec<KindRule>,
    /// Document templates, in file-name then file order.
    pub templates: Vec<Template>,
    /// Charge descriptions → codes, first match wins.
    pub charge_codes: Vec<ChargeCodeRule>,
    /// References read from an email's subject and body (`load_number`, `pro_number`, …).
    pub message_refs: Vec<FieldRule>,
    /// Back-office checks by id.
    pub checks: BTreeMap<String, CheckRule>,
    /// Notification routes.
    pub routes: Vec<Route>,
    /// Email templates by name (file stem), source text.
    pub emails: BTreeMap<String, String>,
    /// `min_confidence` of kinds.toml: a page classified by keywords whose confidence (see
    /// [`crate::extract::classify::generic_kind`]) is below it is `other`.
    pub min_confidence: f64,
    /// The trained text classifier of `kind_model.json`, when the folder has one.
    pub kind_model: Option<kind_model::KindModel>,
    /// What a generic reading's confidence is worth (`confidence.json`, [`calibration`]), when
    /// the folder has one.
    pub calibration: Option<calibration::Calibration>,
    /// How stops are recognized (`[stops]` of kinds.toml).
    pub stops: StopRules,
    /// Every label and heading of every kind, sorted: a cell that is one of them is a label,
    /// never a value (the generic reader's and the stops reader's word for "another label").
    pub known_labels: Vec<String>,
    /// `billing.toml`: when loads are billed to their customers; `None` when the folder has
    /// none (nothing is billed).
    pub billing: Option<billing::BillingRules>,
}

/// `[stops]` of kinds.toml: the headings a stop's box or a stop table's type cell prints, and the
/// kinds whose stops are read ([`crate::extract::stops`]). Empty: no stops are read.
#[derive(Debug, Clone, Default)]
pub struct StopRules {
    /// The kinds that list stops (`rate_confirmation`, `bill_of_lading`).
    pub kinds: Vec<DocumentKind>,
    /// Headings of a pickup (`Pickup`, `Shipper`, `Ship From`, `Origin`), expanded.
    pub pickup: Vec<String>,
    /// Headings of a delivery (`Delivery`, `Consignee`, `Ship To`, `Destination`), expanded.
    pub delivery: Vec<String>,
}

/// The trained kind classifier's file in a rules folder ([`kind_model`]).
pub const KIND_MODEL_FILE: &str = "kind_model.json";

/// `min_confidence` when kinds.toml does not set it.
pub const DEFAULT_MIN_CONFIDENCE: f64 = 0.2;

/// Generic evidence for one document kind.
#[derive(Debug)]
pub struct KindRule {
    /// The kind.
    pub kind: DocumentKind,
    /// Lower-case keyword → weight; a page's score is the sum of weights of keywords present.
    pub keywords: Vec<(String, u32)>,
    /// Minimum score to call a page of this kind.
    pub threshold: u32,
    /// Generic label patterns per field, tried when no template matches.
    pub fields: Vec<FieldRule>,
    /// Printed labels per field, in priority order, for the generic layout reader
    /// ([`crate::extract::generic`]).
    pub labels: Vec<(String, Vec<String>)>,
    /// Column and block headings that are not labels of a field of this kind.
    pub headings: Vec<String>,
    /// The field read from the letterhead (first line) when no label finds it.
    pub issuer: Option<String>,
    /// Lower-case words of the trade (`load`, `freight`, `mc`), one of which a page of this kind
    /// prints as a whole word; a page with none is `other` (a cloud-services invoice is not a
    /// carrier invoice). Empty: no such requirement.
    pub evidence: Vec<String>,
}

/// A document template: one issuer's layout of one kind.
#[derive(Debug)]
pub struct Template {
    /// `file#id`, as recorded in provenance.
    pub rule_ref: String,
    /// Template id, unique in the set.
    pub id: String,
    /// The kind it extracts.
    pub kind: DocumentKind,
    /// Who issues this layout.
    pub issuer: String,
    /// Lower-case phrases that must all appear on a page for the template to match.
    pub match_all: Vec<String>,
    /// Field patterns.
    pub fields: Vec<FieldRule>,
    /// Line items (invoice charges).
    pub charges: Option<TableRule>,
    /// Agreed accessorials (rate confirmations).
    pub accessorials: Option<TableRule>,
}

/// How to extract one field: candidate patterns tried in order; the first whose `value` group
/// normalizes wins.
#[derive(Debug)]
pub struct FieldRule {
    /// Canonical field name.
    pub name: String,
    /// Compiled patterns (multi-line mode on).
    pub patterns: Vec<Regex>,
    /// Normalization.
    pub value_type: ValueType,
    /// `file#template.field`, as recorded in provenance.
    pub rule_ref: String,
}

/// Rows of a table of money lines.
#[derive(Debug)]
pub struct TableRule {
    /// Rows are read after the first line matching this (inclusive of following lines only).
    pub start: Option<Regex>,
    /// …and before the first line matching this.
    pub end: Option<Regex>,
    /// A row: named groups `description` and optionally `amount`.
    pub row: Regex,
    /// `file#template.charges`.
    pub rule_ref: String,
}

/// Description keyword → charge code.
#[derive(Debug)]
pub struct ChargeCodeRule {
    /// One of [`crate::model::CHARGE_CODES`].
    pub code: String,
    /// Lower-case keywords; any present in the description selects the code.
    pub keywords: Vec<String>,
}

/// Severity of an exception, lowest first.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// Worth a look.
    Low,
    /// Needs action before paying.
    Medium,
    /// Money or fraud at risk.
    High,
}

impl Severity {
    /// snake_case name.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Low => "low",
            Severity::Medium => "medium",
            Severity::High => "high",
        }
    }
}

/// A check from `checks.toml`: the id names the situation `crate::checks` looks at (which
/// documents of the load, which invoice line); the rule file holds whether it runs, the condition
/// that decides whether the exception is raised, its severity, its tolerances and its sentence.
#[derive(Debug)]
pub struct CheckRule {
    /// Rule id (`invoice_over_agreed`).
    pub id: String,
    /// Whether it runs.
    pub enabled: bool,
    /// Severity of the exceptions it raises.
    pub severity: Severity,
    /// Tolerance in USD; the condition sees it as `tolerance_usd` (a double), the sentence's
    /// facts are computed from it in decimal.
    pub tolerance_usd: Decimal,
    /// Tolerance in percent of the agreed amount; the condition sees it as `tolerance_pct`.
    pub tolerance_pct: Decimal,
    /// The CEL condition: when it holds, the exception is raised (see [`condition`]).
    pub condition: condition::Condition,
    /// The sentence staff read, a minijinja template over the check's facts.
    pub sentence: String,
    /// The headline of the staff email (`Invoice $250.00 over the agreed rate`), a template over
    /// the same facts; without one, the id in words (`Invoice over agreed`).
    pub title: Option<String>,
    /// `checks.toml#id`.
    pub rule_ref: String,
}

/// Who a notification goes to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Audience {
    /// The load's shipper contacts from the directory.
    Customer,
    /// Back-office staff addresses from the config.
    Staff,
    /// The carrier: the sender of the message being answered, else the directory contact.
    Carrier,
}

/// A notification route: on `event`, email `to` with `template`.
#[derive(Debug)]
pub struct Route {
    /// `picked_up`, `delivered`, `exception`, `paperwork_request`, `invoice_received`,
    /// `dispute`.
    pub event: String,
    /// Audience.
    pub to: Audience,
    /// Email template name (a file stem under `emails/`).
    pub template: String,
    /// Attach the PDF of the documents of this kind that triggered the event (the POD).
    pub attach: Option<DocumentKind>,
    /// For `exception`: only exceptions at or above this severity.
    pub min_severity: Severity,
    /// `notifications.toml#event`.
    pub rule_ref: String,
}

/// The events a route may name.
pub const EVENTS: [&str; 11] = [
    "picked_up",
    "delivered",
    "exception",
    "paperwork_request",
    "invoice_received",
    "dispute",
    "rules_invalid",
    "notification_rejected",
    "mailbox_unreachable",
    "staff_digest",
    "customer_invoice",
];

impl RuleSet {
    /// Load, compile and check every rule file in `dir`. All problems are collected and returned
    /// together; nothing partial is ever returned.
    ///
    /// Errors: [`RulesError::Invalid`] with one line per problem (`file:line:column: message`).
    pub fn load(dir: impl Into<PathBuf>) -> Result<RuleSet, RulesError> {
        load::load(dir.into())
    }

    /// What `freightdesk rules check` reports, on rule files held in memory instead of read from
    /// a folder: each file is its path relative to the rules folder (`kinds.toml`,
    /// `documents/acme.toml`, `emails/delivered.txt`) and its bytes. `dir` stands for the folder
    /// (test samples are looked for relative to it); nothing is read from it but those samples.
    ///
    /// Returns the rule set when it loads, and every problem of the set and of its `[[test]]`
    /// tables (`file:line:column: message`); the set is `None` when any problem is the set's own.
    /// Used to check one file's text alone (the fuzz target `rules_text`), where a missing
    /// `kinds.toml` is one of the problems.
    pub fn check_texts(dir: &Path, files: &[(&str, &[u8])]) -> (Option<RuleSet>, Vec<String>) {
        let mut files: Vec<load::RuleFile> = files
            .iter()
            .map(|(rel, bytes)| (dir.join(rel), rel.to_string(), bytes.to_vec()))
            .collect();
        files.sort_by(|a, b| a.0.cmp(&b.0));
        let version = load::version_of(&files);
        let (set, mut problems) = match load::compile(dir.to_path_buf(), version, files.clone()) {
            Ok(set) => (Some(set), Vec::new()),
            Err(RulesError::Invalid(p)) => (None, p),
            Err(e) => (None, vec![e.to_string()]),
        };
        for p in ruletest::collect_files(dir, files, set.as_ref()).problems {
            if !problems.contains(&p) {
                problems.push(p);
            }
        }
        (set, problems)
    }

    /// The generic rule for a kind.
    pub fn kind_rule(&self, kind: DocumentKind) -> Option<&KindRule> {
        self.kinds.iter().find(|k| k.kind == kind)
    }

    /// The charge code of a printed description (`"Fuel Surcharge"` → `fuel_surcharge`);
    /// `other` when no keyword matches.
    pub fn charge_code(&self, description: &str) -> &str {
        let d = description.to_lowercase();
        self.charge_codes
            .iter()
            .find(|c| c.keywords.iter().any(|k| d.contains(k.as_str())))
            .map(|c| c.code.as_str())
            .unwrap_or("other")
    }

    /// A check by id, if present and enabled.
    pub fn check(&self, id: &str) -> Option<&CheckRule> {
        self.checks.get(id).filter(|c| c.enabled)
    }
}
