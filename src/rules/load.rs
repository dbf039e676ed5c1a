//! Reading rule files: TOML into raw structs, then compiled and checked into a [`RuleSet`].

use std::collections::{BTreeMap, HashSet};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::str::FromStr;

use regex::{Regex, RegexBuilder};
use rust_decimal::Decimal;
use serde::Deserialize;
use sha2::{Digest, Sha256};
use toml::Spanned;

use super::*;

/// Why a rule set could not be loaded.
#[derive(Debug, thiserror::Error)]
pub enum RulesError {
    /// The folder or a file in it could not be read.
    #[error("cannot read rules at {}: {cause}", path.display())]
    Io {
        /// The path.
        path: PathBuf,
        /// The cause.
        cause: std::io::Error,
    },
    /// One or more problems, one per line as `file:line:column: message`.
    #[error("the rules have {} problem(s):\n{}", .0.len(), .0.join("\n"))]
    Invalid(Vec<String>),
}

impl RulesError {
    /// Rule errors need a person to edit a file; retrying does not help.
    pub fn is_transient(&self) -> bool {
        matches!(self, RulesError::Io { .. })
    }
}

/// A field spec as staff write it: a pattern, a list of patterns, or a table
/// `{ pattern = "…", type = "money" }` / `{ patterns = […], type = … }`. Read as a TOML value
/// (keeping its position) and interpreted in [`compile_field`].
type RawField = Spanned<toml::Value>;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawKinds {
    #[serde(default)]
    kind: Vec<RawKind>,
    #[serde(default)]
    charge_code: Vec<RawChargeCode>,
    #[serde(default)]
    message: BTreeMap<Spanned<String>, RawField>,
    /// Labels shared by every kind that has the field (`[labels]`): a load number, a PRO or a
    /// carrier's MC is labelled alike whichever document prints it. A kind's own labels come
    /// first.
    #[serde(default)]
    labels: BTreeMap<Spanned<String>, Vec<String>>,
    /// Classification confidence below which a page is `other` (0 to 1).
    #[serde(default)]
    min_confidence: Option<Spanned<f64>>,
    /// `[stops]`: stop headings and the kinds that list stops.
    #[serde(default)]
    stops: Option<RawStops>,
    /// `[[test]]` tables: read, checked and run by `super::ruletest`; loading ignores them.
    #[serde(default, rename = "test")]
    _tests: serde::de::IgnoredAny,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawStops {
    kinds: Vec<Spanned<String>>,
    pickup: Spanned<Vec<String>>,
    delivery: Spanned<Vec<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawKind {
    kind: Spanned<String>,
    threshold: u32,
    keywords: BTreeMap<String, u32>,
    #[serde(default)]
    fields: BTreeMap<Spanned<String>, RawField>,
    /// Printed labels per field for the generic reader (`load_number = ["Load #", …]`).
    #[serde(default)]
    labels: BTreeMap<Spanned<String>, Vec<String>>,
    /// Column and block headings that are not field labels (`"Load Details"`, `"Amount"`).
    #[serde(default)]
    headings: Vec<String>,
    /// The field read from the document's first line (its letterhead) when no label finds it.
    #[serde(default)]
    issuer: Option<Spanned<String>>,
    /// Words of the trade, one of which a page of this kind prints (whole words).
    #[serde(default)]
    evidence: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawChargeCode {
    code: Spanned<String>,
    keywords: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTemplates {
    #[serde(default)]
    template: Vec<RawTemplate>,
    /// `[[test]]` tables: read, checked and run by `super::ruletest`; loading ignores them.
    #[serde(default, rename = "test")]
    _tests: serde::de::IgnoredAny,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTemplate {
    id: Spanned<String>,
    kind: Spanned<String>,
    issuer: String,
    #[serde(rename = "match")]
    match_all: Vec<String>,
    #[serde(default)]
    fields: BTreeMap<Spanned<String>, RawField>,
    charges: Option<RawTable>,
    accessorials: Option<RawTable>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTable {
    start: Option<Spanned<String>>,
    end: Option<Spanned<String>>,
    row: Spanned<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawChecks {
    #[serde(default)]
    check: Vec<RawCheck>,
    /// `[[test]]` tables: read, checked and run by `super::ruletest`; loading ignores them.
    #[serde(default, rename = "test")]
    _tests: serde::de::IgnoredAny,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCheck {
    id: Spanned<String>,
    #[serde(default = "yes")]
    enabled: bool,
    /// Read as text, so a misspelt severity is one problem among the others of the file.
    severity: Spanned<String>,
    #[serde(default)]
    tolerance_usd: Option<Spanned<String>>,
    #[serde(default)]
    tolerance_pct: Option<Spanned<String>>,
    condition: Spanned<String>,
    sentence: Spanned<String>,
    #[serde(default)]
    title: Option<Spanned<String>>,
}

fn yes() -> bool {
    true
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawNotifications {
    #[serde(default)]
    route: Vec<RawRoute>,
    /// `[[test]]` tables: read, checked and run by `super::ruletest`; loading ignores them.
    #[serde(default, rename = "test")]
    _tests: serde::de::IgnoredAny,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRoute {
    event: Spanned<String>,
    to: Audience,
    template: Spanned<String>,
    #[serde(default)]
    attach: Option<Spanned<String>>,
    #[serde(default)]
    min_severity: Option<Severity>,
}

/// The ids of the checks implemented in `crate::checks` (each id is a situation the code looks
/// at; the variables its condition sees are [`super::condition::variables`]).
pub const KNOWN_CHECKS: [&str; 21] = [
    "invoice_over_agreed",
    "accessorial_not_agreed",
    "lumper_without_receipt",
    "duplicate_invoice",
    "load_invoiced_twice",
    "invoice_unknown_load",
    "invoice_without_pod",
    "invoice_pod_not_clean",
    "carrier_mc_mismatch",
    "pod_osd_notes",
    "pod_unsigned",
    "remit_to_changed",
    "invoice_before_delivery",
    "message_unreadable",
    "document_unreadable",
    "document_unrecognized",
    "document_unlinked",
    "condition_failed",
    "customer_rate_missing",
    "noa_received",
    "tender_after_billing",
];

/// Collects problems with their positions in one file.
pub(super) struct Problems<'a> {
    file: String,
    text: &'a str,
    out: &'a mut Vec<String>,
}

impl Problems<'_> {
    pub(super) fn at(&mut self, span: std::ops::Range<usize>, msg: impl std::fmt::Display) {
        let (line, col) = line_col(self.text, span.start);
        self.out.push(format!("{}:{line}:{col}: {msg}", self.file));
    }
}

/// 1-based line and column of a byte offset.
fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let before = &text[..offset.min(text.len())];
    let line = before.matches('\n').count() + 1;
    let col = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, col)
}

/// One rule file as read: its path, its path relative to the rules folder, its bytes.
pub(super) type RuleFile = (PathBuf, String, Vec<u8>);

/// Read every rule file under `dir` (in path order) and hash them: the one place a rule set's
/// version is computed, for [`load`] and for `watch::version_of`. The version is the first 12
/// hex digits of the SHA-256 over each file's relative path, a NUL, and its bytes.
pub(super) fn read_files(dir: &Path) -> Result<(String, Vec<RuleFile>), RulesError> {
    let io = |path: &Path, cause| RulesError::Io {
        path: path.to_path_buf(),
        cause,
    };
    let mut paths: Vec<PathBuf> = Vec::new();
    collect_files(dir, &mut paths).map_err(|e| io(dir, e))?;
    paths.sort();
    let mut files = Vec::with_capacity(paths.len());
    for f in paths {
        let bytes = std::fs::read(&f).map_err(|e| io(&f, e))?;
        let rel = f
            .strip_prefix(dir)
            .unwrap_or(&f)
            .to_string_lossy()
            .to_string();
        files.push((f, rel, bytes));
    }
    Ok((version_of(&files), files))
}

/// The rule set version of files in path order (see [`read_files`]).
pub(super) fn version_of(files: &[RuleFile]) -> String {
    let mut hasher = Sha256::new();
    for (_, rel, bytes) in files {
        hasher.update(rel.as_bytes());
        hasher.update([0]);
        hasher.update(bytes);
    }
    hex::encode(hasher.finalize())[..12].to_string()
}

pub(super) fn load(dir: PathBuf) -> Result<RuleSet, RulesError> {
    let (version, files) = read_files(&dir)?;
    compile(dir, version, files)
}

/// Compile and check rule files already read (see [`read_files`]) into a [`RuleSet`].
pub(super) fn compile(
    dir: PathBuf,
    version: String,
    files: Vec<RuleFile>,
) -> Result<RuleSet, RulesError> {
    let mut texts: BTreeMap<PathBuf, String> = BTreeMap::new();
    let mut problems = Vec::new();
    for (f, rel, bytes) in files {
        match String::from_utf8(bytes) {
            Ok(t) => {
                texts.insert(f, t);
            }
            Err(_) => problems.push(format!("{rel}:1:1: the file is not UTF-8 text")),
        }
    }
    let mut set = RuleSet {
        dir: dir.clone(),
        version,
        kinds: Vec::new(),
        templates: Vec::new(),
        charge_codes: Vec::new(),
        message_refs: Vec::new(),
        checks: BTreeMap::new(),
        routes: Vec::new(),
        emails: BTreeMap::new(),
        min_confidence: super::DEFAULT_MIN_CONFIDENCE,
        kind_model: None,
        calibration: None,
        stops: super::StopRules::default(),
        known_labels: Vec::new(),
        billing: None,
    };
    let rel = |p: &Path| {
        p.strip_prefix(&dir)
            .unwrap_or(p)
            .to_string_lossy()
            .to_string()
    };
    let mut seen_kinds = false;
    for (path, text) in &texts {
        let name = rel(path);
        let mut pr = Problems {
            file: name.clone(),
            text,
            out: &mut problems,
        };
        if name == "kinds.toml" {
            seen_kinds = true;
            if let Some(raw) = parse::<RawKinds>(text, &mut pr) {
                compile_kinds(raw, &name, &mut set, &mut pr);
                set.known_labels = known_labels(&set.kinds);
            }
        } else if name == "checks.toml" {
            if let Some(raw) = parse::<RawChecks>(text, &mut pr) {
                compile_checks(raw, &name, &mut set, &mut pr);
            }
        } else if name == "billing.toml" {
            if let Some(raw) = parse::<super::billing::RawBilling>(text, &mut pr) {
                set.billing = super::billing::compile(raw, &mut pr);
            }
        } else if name == "notifications.toml" {
            if let Some(raw) = parse::<RawNotifications>(text, &mut pr) {
                compile_routes(raw, &name, &mut set, &mut pr);
            }
        } else if name == super::KIND_MODEL_FILE {
            match super::kind_model::KindModel::from_json(text) {
                Ok(m) => set.kind_model = Some(m),
                Err(e) => pr.at(0..0, format!("the kind model does not load: {e}")),
            }
        } else if name == super::calibration::CALIBRATION_FILE {
            match super::calibration::Calibration::from_json(text) {
                Ok(c) => set.calibration = Some(c),
                Err(e) => pr.at(
                    0..0,
                    format!("the confidence calibration does not load: {e}"),
                ),
            }
        } else if name.starts_with("documents/") && name.ends_with(".toml") {
            if let Some(raw) = parse::<RawTemplates>(text, &mut pr) {
                compile_templates(raw, &name, &mut set, &mut pr);
            }
        } else if let Some(stem) = name
            .strip_prefix("emails/")
            .and_then(|n| n.strip_suffix(".txt"))
        {
            if !text.starts_with("Subject:") {
                pr.at(0..0, "an email template starts with a `Subject: …` line");
            }
            let mut env = minijinja::Environment::new();
            if let Err(e) = env.add_template(stem, text) {
                let offset = e
                    .line()
                    .map(|l| text.split_inclusive('\n').take(l - 1).map(str::len).sum())
                    .unwrap_or(0);
                pr.at(offset..offset, format!("template error: {e}"));
            }
            set.emails.insert(stem.to_string(), text.clone());
        }
    }
    if !seen_kinds {
        problems.push("kinds.toml:1:1: missing: every rule set needs kinds.toml".into());
    }
    // Cross-file checks: routes name templates that exist.
    for r in &set.routes {
        if !set.emails.contains_key(&r.template) {
            problems.push(format!(
                "{}: route `{}` names email template `{}`, but there is no emails/{}.txt",
                r.rule_ref, r.event, r.template, r.template
            ));
        }
    }
    // Email templates use only the variables their events give (rules::email_vars).
    for (stem, text) in &set.emails {
        let events: Vec<&str> = set
            .routes
            .iter()
            .filter(|r| &r.template == stem)
            .map(|r| r.event.as_str())
            .collect();
        for (offset, msg) in super::email_vars::problems(text, &events) {
            let (line, col) = line_col(text, offset);
            problems.push(format!("emails/{stem}.txt:{line}:{col}: {msg}"));
        }
    }
    let mut ids = HashSet::new();
    for t in &set.templates {
        if !ids.insert(t.id.clone()) {
            problems.push(format!(
                "{}: template id `{}` is used twice; ids must be unique",
                t.rule_ref, t.id
            ));
        }
    }
    if problems.is_empty() {
        Ok(set)
    } else {
        Err(RulesError::Invalid(problems))
    }
}

fn collect_files(dir: &Path, out: &mut Vec<PathBuf>) -> std::io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let entry = entry?;
        let path = entry.path();
        let name = entry.file_name().to_string_lossy().to_string();
        if name.starts_with('.') || name.ends_with('~') {
            continue;
        }
        if entry.file_type()?.is_dir() {
            collect_files(&path, out)?;
        } else if name.ends_with(".toml")
            || name.ends_with(".txt")
            || name == super::KIND_MODEL_FILE
            || name == super::calibration::CALIBRATION_FILE
        {
            out.push(path);
        }
    }
    Ok(())
}

fn parse<T: serde::de::DeserializeOwned>(text: &str, pr: &mut Problems) -> Option<T> {
    match toml::from_str::<T>(text) {
        Ok(v) => Some(v),
        Err(e) => {
            pr.at(e.span().unwrap_or(0..0), toml_message(text, &e));
            None
        }
    }
}

fn compile_regex(p: &Spanned<String>, pr: &mut Problems) -> Option<Regex> {
    match RegexBuilder::new(p.get_ref())
        .multi_line(true)
        .size_limit(1 << 20)
        .build()
    {
        Ok(r) => Some(r),
        Err(e) => {
            pr.at(p.span(), format!("bad regex: {}", regex_message(&e)));
            None
        }
    }
}

/// A rule file's TOML error in words: toml's message, and for a bad escape in a double-quoted
/// string (a regex like "\d+", where TOML reads the backslash first) how to write it instead.
pub(super) fn toml_message(text: &str, e: &toml::de::Error) -> String {
    let mut msg = e.message().trim().to_string();
    let at = e.span().map_or(0, |s| s.start);
    if msg.contains("escape") && in_double_quotes(text, at) {
        msg += "; patterns are easiest in single quotes: '\\d+' takes the text as written";
    }
    msg
}

/// The regex crate's error as one headline, then the pattern and the caret line under the
/// place it is about (indented, as the crate prints them).
fn regex_message(e: &regex::Error) -> String {
    let text = e.to_string();
    let lines: Vec<&str> = text.lines().collect();
    let Some(what) = lines.iter().rev().find_map(|l| l.strip_prefix("error: ")) else {
        return lines.join(" ");
    };
    let shown: Vec<&str> = lines
        .iter()
        .filter(|l| !l.starts_with("regex parse error") && !l.starts_with("error: "))
        .copied()
        .collect();
    std::iter::once(what)
        .chain(shown)
        .collect::<Vec<_>>()
        .join("\n")
}

/// Whether byte `offset` of `text` is inside a double-quoted string on its line (the TOML error
/// is about a basic string, where backslashes are escapes).
fn in_double_quotes(text: &str, offset: usize) -> bool {
    let offset = offset.min(text.len());
    if text[offset..].starts_with('"') {
        return true;
    }
    let line_start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
    let mut quote: Option<char> = None;
    let mut escaped = false;
    for c in text[line_start..offset].chars() {
        match quote {
            Some('"') if escaped => escaped = false,
            Some('"') if c == '\\' => escaped = true,
            Some(q) if c == q => quote = None,
            Some(_) => {}
            None if c == '"' || c == '\'' => quote = Some(c),
            None if c == '#' => return false,
            None => {}
        }
    }
    quote == Some('"')
}

fn compile_field(
    name: &Spanned<String>,
    raw: &RawField,
    kind: Option<DocumentKind>,
    rule_ref: String,
    pr: &mut Problems,
) -> Option<FieldRule> {
    let n = name.get_ref();
    if let Some(kind) = kind {
        if !kind.canonical_fields().contains(&n.as_str()) && !EXTRA_FIELDS.contains(&n.as_str()) {
            pr.at(
                name.span(),
                format!(
                    "unknown field `{n}` for {kind}; known fields: {}",
                    kind.canonical_fields().join(", ")
                ),
            );
            return None;
        }
    }
    let span = raw.span();
    let bad_shape = || {
        format!("field `{n}`: write a pattern in quotes, a list of patterns, or a table with `pattern` (or `patterns`) and `type`")
    };
    let as_patterns = |v: &toml::Value| -> Option<Vec<String>> {
        match v {
            toml::Value::String(p) => Some(vec![p.clone()]),
            toml::Value::Array(a) => a.iter().map(|x| x.as_str().map(str::to_string)).collect(),
            _ => None,
        }
    };
    let (patterns, ty): (Vec<String>, Option<String>) = match raw.get_ref() {
        toml::Value::Table(t) => {
            if let Some(k) = t
                .keys()
                .find(|k| !["pattern", "patterns", "type"].contains(&k.as_str()))
            {
                pr.at(
                    span,
                    format!("field `{n}`: unknown key `{k}` (use pattern, patterns, type)"),
                );
                return None;
            }
            let mut ps = Vec::new();
            for key in ["pattern", "patterns"] {
                if let Some(v) = t.get(key) {
                    match as_patterns(v) {
                        Some(mut p) => ps.append(&mut p),
                        None => {
                            pr.at(span.clone(), bad_shape());
                            return None;
                        }
                    }
                }
            }
            let ty = match t.get("type") {
                None => None,
                Some(toml::Value::String(s)) => Some(s.clone()),
                Some(_) => {
                    pr.at(span, format!("field `{n}`: `type` is a word in quotes"));
                    return None;
                }
            };
            (ps, ty)
        }
        v => match as_patterns(v) {
            Some(p) => (p, None),
            None => {
                pr.at(span, bad_shape());
                return None;
            }
        },
    };
    if patterns.is_empty() {
        pr.at(span, format!("field `{n}` has no pattern"));
        return None;
    }
    let value_type = match ty {
        None => ValueType::for_field(n),
        Some(t) => {
            match serde_json::from_value::<ValueType>(serde_json::Value::String(t.clone())) {
                Ok(v) => v,
                Err(_) => {
                    pr.at(span, format!("field `{n}`: unknown type `{t}`; one of text, id, digits, money, date, weight, integer, state, flag, freight_terms"));
                    return None;
                }
            }
        }
    };
    let patterns: Vec<Spanned<String>> = patterns
        .into_iter()
        .map(|p| Spanned::new(span.clone(), p))
        .collect();
    let compiled: Vec<Regex> = patterns
        .iter()
        .filter_map(|p| compile_regex(p, pr))
        .collect();
    (compiled.len() == patterns.len()).then(|| FieldRule {
        name: n.clone(),
        patterns: compiled,
        value_type,
        rule_ref,
    })
}

/// Fields a template may extract beyond a kind's canonical ones, because checks and routing
/// use them (a POD that prints the shipper).
pub const EXTRA_FIELDS: [&str; 2] = ["shipper_name", "consignee_name"];

fn parse_kind(s: &Spanned<String>, pr: &mut Problems) -> Option<DocumentKind> {
    match DocumentKind::from_str(s.get_ref()) {
        Ok(k) => Some(k),
        Err(e) => {
            pr.at(s.span(), e);
            None
        }
    }
}

/// A label written with choices, `{Load|Order|Tender} {#|No.|Number}`, as every label it
/// stands for, in order (`Load #`, `Load No.`, …, `Tender Number`); a choice may be empty
/// (`{Total |}Amount Due`). A label without braces stands for itself. At most 512 labels.
pub(crate) fn expand_label(label: &str) -> Vec<String> {
    let mut out = vec![String::new()];
    let mut rest = label;
    while let Some(open) = rest.find('{') {
        let Some(close) = rest[open..].find('}').map(|c| open + c) else {
            break;
        };
        let literal = &rest[..open];
        let choices: Vec<&str> = rest[open + 1..close].split('|').collect();
        out = out
            .iter()
            .flat_map(|p| choices.iter().map(move |c| format!("{p}{literal}{c}")))
            .take(512)
            .collect();
        rest = &rest[close + 1..];
    }
    out.into_iter()
        .map(|p| {
            format!("{p}{rest}")
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ")
        })
        .filter(|l| !l.is_empty())
        .collect()
}

/// A field's labels as written (`["{Load|Trip} #", "Ref No."]`), each expanded by
/// [`expand_label`], without repeats; None (and a problem at the field) when one is empty.
fn expand_labels(n: &Spanned<String>, l: &[String], pr: &mut Problems) -> Option<Vec<String>> {
    if l.iter().any(|s| s.trim().is_empty()) {
        pr.at(
            n.span(),
            format!("labels of `{}`: a label is empty", n.get_ref()),
        );
        return None;
    }
    let mut expanded: Vec<String> = Vec::new();
    for label in l {
        for e in expand_label(label) {
            if !expanded.contains(&e) {
                expanded.push(e);
            }
        }
    }
    Some(expanded)
}

/// Every label and heading of every kind, sorted and without repeats.
fn known_labels(kinds: &[KindRule]) -> Vec<String> {
    let mut known: Vec<String> = Vec::new();
    for k in kinds {
        known.extend(k.labels.iter().flat_map(|(_, l)| l.iter().cloned()));
        known.extend(k.headings.iter().cloned());
    }
    known.sort();
    known.dedup();
    known
}

fn compile_kinds(raw: RawKinds, file: &str, set: &mut RuleSet, pr: &mut Problems) {
    if let Some(m) = &raw.min_confidence {
        if (0.0..=1.0).contains(m.get_ref()) {
            set.min_confidence = *m.get_ref();
        } else {
            pr.at(
                m.span(),
                format!("min_confidence is {}; it must be 0 to 1", m.get_ref()),
            );
        }
    }
    if let Some(st) = &raw.stops {
        for k in &st.kinds {
            match DocumentKind::from_str(k.get_ref()) {
                Ok(kind) => set.stops.kinds.push(kind),
                Err(e) => pr.at(k.span(), format!("[stops] kinds: {e}")),
            }
        }
        let name = |v: &Spanned<Vec<String>>, s: &str| Spanned::new(v.span(), s.to_string());
        if let Some(p) = expand_labels(&name(&st.pickup, "stops.pickup"), st.pickup.get_ref(), pr) {
            set.stops.pickup = p;
        }
        let delivery = name(&st.delivery, "stops.delivery");
        if let Some(d) = expand_labels(&delivery, st.delivery.get_ref(), pr) {
            set.stops.delivery = d;
        }
    }
    // `[labels]`: a field's labels shared by every kind that has the field.
    let mut shared: Vec<(String, Vec<String>)> = Vec::new();
    for (n, l) in &raw.labels {
        let field = n.get_ref().as_str();
        if !DocumentKind::ALL
            .iter()
            .any(|k| k.canonical_fields().contains(&field))
        {
            pr.at(
                n.span(),
                format!("unknown field `{field}` in [labels]: no document kind has it"),
            );
            continue;
        }
        if let Some(expanded) = expand_labels(n, l, pr) {
            shared.push((field.to_string(), expanded));
        }
    }
    for k in raw.kind {
        let Some(kind) = parse_kind(&k.kind, pr) else {
            continue;
        };
        let fields = k
            .fields
            .iter()
            .filter_map(|(n, f)| {
                compile_field(
                    n,
                    f,
                    Some(kind),
                    format!("{file}#{kind}.{}", n.get_ref()),
                    pr,
                )
            })
            .collect();
        let known = |n: &Spanned<String>, pr: &mut Problems| {
            let ok = kind.canonical_fields().contains(&n.get_ref().as_str());
            if !ok {
                pr.at(
                    n.span(),
                    format!(
                        "unknown field `{}` for {kind}; known fields: {}",
                        n.get_ref(),
                        kind.canonical_fields().join(", ")
                    ),
                );
            }
            ok
        };
        let mut labels: Vec<(String, Vec<String>)> = Vec::new();
        for (n, l) in &k.labels {
            if !known(n, pr) {
                continue;
            }
            if let Some(expanded) = expand_labels(n, l, pr) {
                labels.push((n.get_ref().clone(), expanded));
            }
        }
        for (n, l) in shared.iter() {
            if !kind.canonical_fields().contains(&n.as_str()) {
                continue;
            }
            match labels.iter_mut().find(|(name, _)| name == n) {
                Some((_, own)) => {
                    for e in l {
                        if !own.contains(e) {
                            own.push(e.clone());
                        }
                    }
                }
                None => labels.push((n.clone(), l.clone())),
            }
        }
        let issuer = k
            .issuer
            .as_ref()
            .filter(|n| known(n, pr))
            .map(|n| n.get_ref().clone());
        set.kinds.push(KindRule {
            labels,
            headings: k.headings.iter().flat_map(|h| expand_label(h)).collect(),
            issuer,
            kind,
            keywords: k
                .keywords
                .into_iter()
                .map(|(w, n)| (w.to_lowercase(), n))
                .collect(),
            threshold: k.threshold,
            fields,
            evidence: k.evidence.iter().map(|w| w.to_lowercase()).collect(),
        });
    }
    for c in raw.charge_code {
        if !crate::model::CHARGE_CODES.contains(&c.code.get_ref().as_str()) {
            pr.at(
                c.code.span(),
                format!(
                    "unknown charge code `{}`; one of {}",
                    c.code.get_ref(),
                    crate::model::CHARGE_CODES.join(", ")
                ),
            );
            continue;
        }
        set.charge_codes.push(ChargeCodeRule {
            code: c.code.into_inner(),
            keywords: c.keywords.iter().map(|k| k.to_lowercase()).collect(),
        });
    }
    for (n, f) in &raw.message {
        if let Some(rule) = compile_field(n, f, None, format!("{file}#message.{}", n.get_ref()), pr)
        {
            set.message_refs.push(rule);
        }
    }
}

fn compile_templates(raw: RawTemplates, file: &str, set: &mut RuleSet, pr: &mut Problems) {
    for t in raw.template {
        let Some(kind) = parse_kind(&t.kind, pr) else {
            continue;
        };
        let id = t.id.get_ref().clone();
        if t.match_all.is_empty() {
            pr.at(
                t.id.span(),
                format!("template `{id}` needs at least one `match` phrase"),
            );
        }
        // File order, not name order: the first field is the document's key (see classify).
        let mut ordered: Vec<(&Spanned<String>, &RawField)> = t.fields.iter().collect();
        ordered.sort_by_key(|(n, _)| n.span().start);
        let fields: Vec<FieldRule> = ordered
            .into_iter()
            .filter_map(|(n, f)| {
                compile_field(n, f, Some(kind), format!("{file}#{id}.{}", n.get_ref()), pr)
            })
            .collect();
        let mut table = |raw: &Option<RawTable>, what: &str| -> Option<TableRule> {
            let raw = raw.as_ref()?;
            let row = compile_regex(&raw.row, pr)?;
            if row.capture_names().all(|n| n != Some("description")) {
                pr.at(
                    raw.row.span(),
                    "a row pattern needs a `(?P<description>…)` group",
                );
                return None;
            }
            Some(TableRule {
                start: raw.start.as_ref().and_then(|s| compile_regex(s, pr)),
                end: raw.end.as_ref().and_then(|s| compile_regex(s, pr)),
                row,
                rule_ref: format!("{file}#{id}.{what}"),
            })
        };
        let charges = table(&t.charges, "charges");
        let accessorials = table(&t.accessorials, "accessorials");
        set.templates.push(Template {
            rule_ref: format!("{file}#{id}"),
            id,
            kind,
            issuer: t.issuer,
            match_all: t.match_all.iter().map(|m| m.to_lowercase()).collect(),
            fields,
            charges,
            accessorials,
        });
    }
}

fn compile_checks(raw: RawChecks, file: &str, set: &mut RuleSet, pr: &mut Problems) {
    for c in raw.check {
        let id = c.id.get_ref().clone();
        if !KNOWN_CHECKS.contains(&id.as_str()) {
            pr.at(
                c.id.span(),
                format!("unknown check `{id}`; known: {}", KNOWN_CHECKS.join(", ")),
            );
            continue;
        }
        let mut decimal = |v: &Option<Spanned<String>>| -> Decimal {
            match v {
                None => Decimal::ZERO,
                Some(s) => Decimal::from_str(s.get_ref().trim()).unwrap_or_else(|_| {
                    pr.at(
                        s.span(),
                        format!("`{}` is not a number (write e.g. \"25.00\")", s.get_ref()),
                    );
                    Decimal::ZERO
                }),
            }
        };
        let tolerance_usd = decimal(&c.tolerance_usd);
        let tolerance_pct = decimal(&c.tolerance_pct);
        let mut env = minijinja::Environment::new();
        if let Err(e) = env.add_template("sentence", c.sentence.get_ref()) {
            pr.at(c.sentence.span(), format!("sentence template error: {e}"));
        }
        if let Some(t) = &c.title {
            if let Err(e) = env.add_template("title", t.get_ref()) {
                pr.at(t.span(), format!("title template error: {e}"));
            }
        }
        let severity = match c.severity.get_ref().as_str() {
            "low" => Some(Severity::Low),
            "medium" => Some(Severity::Medium),
            "high" => Some(Severity::High),
            other => {
                pr.at(
                    c.severity.span(),
                    format!("unknown severity `{other}`; one of low, medium, high"),
                );
                None
            }
        };
        let condition = compile_condition(&id, &c.condition, pr);
        let (Some(severity), Some(condition)) = (severity, condition) else {
            continue;
        };
        set.checks.insert(
            id.clone(),
            CheckRule {
                rule_ref: format!("{file}#{id}"),
                id,
                enabled: c.enabled,
                severity,
                tolerance_usd,
                tolerance_pct,
                condition,
                sentence: c.sentence.into_inner(),
                title: c.title.map(Spanned::into_inner),
            },
        );
    }
}

/// Compile a check's condition, reporting each problem at its place in the file: the offsets
/// in the expression are mapped back through the TOML string's quotes and escapes.
fn compile_condition(
    id: &str,
    raw: &Spanned<String>,
    pr: &mut Problems,
) -> Option<super::condition::Condition> {
    use super::condition::{toml_string_offsets, Condition};
    let problems = match Condition::compile(id, raw.get_ref()) {
        Ok(c) => return Some(c),
        Err(p) => p,
    };
    let span = raw.span();
    let offsets = pr
        .text
        .get(span.clone())
        .and_then(|token| toml_string_offsets(token, raw.get_ref()));
    for p in problems {
        let at = match &offsets {
            Some(m) => span.start + m.get(p.offset).copied().unwrap_or(0),
            None => span.start,
        };
        pr.at(at..at, format!("check `{id}`: {}", p.message));
    }
    None
}

fn compile_routes(raw: RawNotifications, file: &str, set: &mut RuleSet, pr: &mut Problems) {
    for r in raw.route {
        let event = r.event.get_ref().clone();
        if !EVENTS.contains(&event.as_str()) {
            let mut msg = format!("unknown event `{event}`; one of ");
            let _ = write!(msg, "{}", EVENTS.join(", "));
            pr.at(r.event.span(), msg);
            continue;
        }
        if event == "exception" && r.to == Audience::Customer {
            pr.at(
                r.event.span(),
                "exceptions are for staff: a customer never sees one (to = \"staff\")",
            );
            continue;
        }
        let attach = r.attach.as_ref().and_then(|a| parse_kind(a, pr));
        if let (Some(kind), Audience::Customer) = (attach, r.to) {
            if !kind.may_go_to_customer() {
                let span = r.attach.as_ref().expect("attach was given").span();
                pr.at(
                    span,
                    format!(
                        "a customer never receives a {}: it shows what the broker pays the carrier \
                         or is not shipment paperwork; a customer route may attach \
                         proof_of_delivery, bill_of_lading or lumper_receipt",
                        kind.as_str()
                    ),
                );
                continue;
            }
        }
        set.routes.push(Route {
            rule_ref: format!("{file}#{event}"),
            event,
            to: r.to,
            template: r.template.into_inner(),
            attach,
            min_severity: r.min_severity.unwrap_or(Severity::Low),
        });
    }
}
