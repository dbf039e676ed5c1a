//! Check conditions: a [CEL](https://github.com/google/cel-spec) expression per check in
//! `checks.toml`, compiled and checked when the rule set loads, evaluated by the `cel` crate.
//!
//! Entry points: [`Condition::compile`] (parse, then check every name and, where it can tell,
//! every type against the check's [`variables`]) and [`Condition::evaluate`].
//!
//! The variables a check sees are declared here, per check, with their types ([`variables`]);
//! `crate::checks` builds their values with [`document`], [`charge`], [`money`] and [`text`], so
//! what `rules check` accepts and what the daemon provides are one list. Conventions (written for
//! staff in `rules/README.md`):
//! - a document is a map holding **every** field of its kind: a field that was not read is
//!   `null` (so `pod.osd_notes != null` asks whether it was read; `has()` is always true);
//! - a document that is not on the load is such a map with every field `null` and no lines, and
//!   `has_pod`, `has_rate_con`, … say whether it is there;
//! - money is a `double` (here only: stored and printed money stays decimal), dates are ISO text
//!   (`'2026-07-14'`, which compares correctly), `signed`/`hazmat` are booleans, weights and
//!   counts whole numbers, everything else text.

use std::collections::{BTreeMap, HashMap};
use std::str::FromStr;
use std::sync::{Arc, OnceLock};

use cel::common::ast::{EntryExpr, Expr, IdedExpr, LiteralValue, SourceInfo};
use cel::{Context, Env, ExecutionError, Program, Value};
use rust_decimal::prelude::ToPrimitive;
use rust_decimal::Decimal;

use super::load::EXTRA_FIELDS;
use crate::model::{Charge, DocumentKind, ExtractedDocument, ValueType};
use crate::store::directory::Carrier;
use crate::store::Load;

/// The type of a variable, a field or an expression, as far as `rules check` can tell.
#[derive(Debug, Clone, PartialEq)]
pub enum Ty {
    /// `true` / `false`.
    Bool,
    /// A whole number.
    Int,
    /// A number with decimals (money).
    Double,
    /// Text (also dates, as ISO text).
    Text,
    /// `null`.
    Null,
    /// A list of values of one type.
    List(Box<Ty>),
    /// A map with known (or unknown, [`Shape::Any`]) fields.
    Map(Shape),
    /// Anything: not checked.
    Dyn,
}

/// The fields of a map variable.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Shape {
    /// A document: every canonical field of its kind (plus `charges` on an invoice,
    /// `accessorials` on a rate confirmation).
    Document(DocumentKind),
    /// An invoice line or an agreed accessorial: `description`, `code`, `amount_usd`.
    Charge,
    /// The load: `load_number`, `status`, `customer_id`, `carrier_mc`.
    Load,
    /// The directory's carrier on file.
    Carrier,
    /// Fields not known in advance.
    Any,
}

/// The fields of the load map.
const LOAD_FIELDS: [&str; 4] = ["load_number", "status", "customer_id", "carrier_mc"];

/// The fields of the carrier map (the directory's `carriers.csv` columns).
const CARRIER_FIELDS: [&str; 9] = [
    "carrier_id",
    "name",
    "mc",
    "dot",
    "scac",
    "email_domains",
    "remit_to_name",
    "remit_to_address",
    "contact_email",
];

/// The type of a document field in a condition, from its name (as [`ValueType::for_field`]).
pub fn field_type(name: &str) -> Ty {
    match ValueType::for_field(name) {
        ValueType::Money => Ty::Double,
        ValueType::Flag => Ty::Bool,
        ValueType::Weight | ValueType::Integer => Ty::Int,
        _ => Ty::Text,
    }
}

impl Shape {
    /// The fields of this shape with their types; `None` for [`Shape::Any`].
    pub fn fields(self) -> Option<Vec<(&'static str, Ty)>> {
        let charges = || Ty::List(Box::new(Ty::Map(Shape::Charge)));
        Some(match self {
            Shape::Document(kind) => {
                let mut f: Vec<(&'static str, Ty)> =
                    document_fields(kind).map(|n| (n, field_type(n))).collect();
                match kind {
                    DocumentKind::CarrierInvoice => f.push(("charges", charges())),
                    DocumentKind::RateConfirmation => f.push(("accessorials", charges())),
                    _ => {}
                }
                f
            }
            Shape::Charge => vec![
                ("description", Ty::Text),
                ("code", Ty::Text),
                ("amount_usd", Ty::Double),
            ],
            Shape::Load => LOAD_FIELDS.iter().map(|n| (*n, Ty::Text)).collect(),
            Shape::Carrier => CARRIER_FIELDS.iter().map(|n| (*n, Ty::Text)).collect(),
            Shape::Any => return None,
        })
    }
}

/// The fields a document of `kind` may have: its canonical ones, then the extra ones templates
/// may read (`shipper_name` on a POD).
fn document_fields(kind: DocumentKind) -> impl Iterator<Item = &'static str> {
    let canonical = kind.canonical_fields();
    canonical.iter().copied().chain(
        EXTRA_FIELDS
            .iter()
            .copied()
            .filter(|n| !canonical.contains(n)),
    )
}

/// The variables the condition of `check` may use, with their types, in the order staff read
/// them; `None` for a check id this version does not know.
pub fn variables(check: &str) -> Option<Vec<(&'static str, Ty)>> {
    let doc = |k| Ty::Map(Shape::Document(k));
    let mut v: Vec<(&'static str, Ty)> = Vec::new();
    let text = |names: &[&'static str]| names.iter().map(|n| (*n, Ty::Text)).collect::<Vec<_>>();
    match check {
        "message_unreadable" => return Some(text(&["reason", "source", "sha256"])),
        "document_unreadable" => return Some(text(&["filename", "reason", "from", "subject"])),
        "condition_failed" => return Some(text(&["check", "error", "kind", "load_number"])),
        "customer_rate_missing" => {
            return Some(text(&["load_number", "customer", "origin", "destination"]))
        }
        // Every other known check is judged on a document.
        c if super::load::KNOWN_CHECKS.contains(&c) => {}
        _ => return None,
    }
    v.extend([
        ("invoice", doc(DocumentKind::CarrierInvoice)),
        ("rate_con", doc(DocumentKind::RateConfirmation)),
        ("bol", doc(DocumentKind::BillOfLading)),
        ("pod", doc(DocumentKind::ProofOfDelivery)),
        (
            "lumper_receipts",
            Ty::List(Box::new(doc(DocumentKind::LumperReceipt))),
        ),
        ("has_invoice", Ty::Bool),
        ("has_rate_con", Ty::Bool),
        ("has_bol", Ty::Bool),
        ("has_pod", Ty::Bool),
        ("load", Ty::Map(Shape::Load)),
        ("has_load", Ty::Bool),
        ("carrier", Ty::Map(Shape::Carrier)),
        ("has_carrier", Ty::Bool),
        ("sender", Ty::Text),
        ("accessorials_usd", Ty::Double),
        ("receipts_usd", Ty::Double),
        ("tolerance_usd", Ty::Double),
        ("tolerance_pct", Ty::Double),
    ]);
    match check {
        "accessorial_not_agreed" | "lumper_without_receipt" => {
            v.push(("charge", Ty::Map(Shape::Charge)))
        }
        "load_invoiced_twice" => v.push(("other_invoice", doc(DocumentKind::CarrierInvoice))),
        "duplicate_invoice" => {
            v.push(("earlier_invoice", doc(DocumentKind::CarrierInvoice)));
            v.push(("same_carrier", Ty::Bool));
        }
        "document_unrecognized" => v.push(("pages", Ty::Int)),
        _ => {}
    }
    Some(v)
}

// ---------------------------------------------------------------------------------------------
// Values.

/// The values of one evaluation: variable name → CEL value.
#[derive(Debug, Clone, Default)]
pub struct Vars(BTreeMap<String, Value>);

impl Vars {
    /// Set a variable.
    pub fn set(&mut self, name: &str, value: Value) {
        self.0.insert(name.to_string(), value);
    }

    /// A variable's value.
    pub fn get(&self, name: &str) -> Option<&Value> {
        self.0.get(name)
    }

    /// The variables set, by name.
    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.0.keys().map(String::as_str)
    }

    /// Variables from a JSON object of facts (the bad-input checks see their facts).
    pub fn from_facts(facts: &serde_json::Value) -> Vars {
        let mut v = Vars::default();
        if let serde_json::Value::Object(m) = facts {
            for (k, x) in m {
                v.set(k, json(x));
            }
        }
        v
    }
}

/// Text, or `null`.
pub fn text(v: Option<&str>) -> Value {
    v.map_or(Value::Null, Value::from)
}

/// Money as a double, or `null`.
pub fn money(v: Option<Decimal>) -> Value {
    v.and_then(|d| d.to_f64()).map_or(Value::Null, Value::Float)
}

/// A boolean.
pub fn boolean(v: bool) -> Value {
    Value::Bool(v)
}

/// A whole number.
pub fn int(v: i64) -> Value {
    Value::Int(v)
}

/// A list.
pub fn list(v: Vec<Value>) -> Value {
    Value::List(Arc::new(v))
}

/// A JSON value as a CEL value (numbers as whole numbers when they are).
pub fn json(v: &serde_json::Value) -> Value {
    use serde_json::Value as J;
    match v {
        J::Null => Value::Null,
        J::Bool(b) => Value::Bool(*b),
        J::Number(n) => n
            .as_i64()
            .map(Value::Int)
            .or_else(|| n.as_f64().map(Value::Float))
            .unwrap_or(Value::Null),
        J::String(s) => Value::from(s.as_str()),
        J::Array(a) => list(a.iter().map(json).collect()),
        J::Object(m) => Value::from(
            m.iter()
                .map(|(k, x)| (k.clone(), json(x)))
                .collect::<HashMap<String, Value>>(),
        ),
    }
}

/// A field's stored value as its condition type ([`field_type`]); `null` when absent or not of
/// that type (a template that overrode a field's type with text).
fn field_value(name: &str, value: Option<&str>) -> Value {
    let Some(v) = value else {
        return Value::Null;
    };
    match field_type(name) {
        Ty::Double => money(Decimal::from_str(v).ok()),
        Ty::Bool => match v {
            "true" => Value::Bool(true),
            "false" => Value::Bool(false),
            _ => Value::Null,
        },
        Ty::Int => v.parse::<i64>().map_or(Value::Null, Value::Int),
        _ => Value::from(v),
    }
}

/// A document of `kind` as its condition map: every field of the kind (`null` when not read),
/// and its lines. `None` gives the map of a document that is not there (every field `null`).
pub fn document(kind: DocumentKind, doc: Option<&ExtractedDocument>) -> Value {
    let mut m: HashMap<String, Value> = HashMap::new();
    for n in document_fields(kind) {
        m.insert(n.to_string(), field_value(n, doc.and_then(|d| d.field(n))));
    }
    let lines =
        |cs: Option<&Vec<Charge>>| list(cs.map_or(Vec::new(), |c| c.iter().map(charge).collect()));
    match kind {
        DocumentKind::CarrierInvoice => {
            m.insert("charges".into(), lines(doc.map(|d| &d.charges)));
        }
        DocumentKind::RateConfirmation => {
            m.insert("accessorials".into(), lines(doc.map(|d| &d.accessorials)));
        }
        _ => {}
    }
    Value::from(m)
}

/// A charge line as its condition map.
pub fn charge(c: &Charge) -> Value {
    Value::from(HashMap::from([
        (
            "description".to_string(),
            Value::from(c.description.as_str()),
        ),
        ("code".to_string(), Value::from(c.code.as_str())),
        ("amount_usd".to_string(), money(c.amount_usd)),
    ]))
}

/// The load as its condition map (every field `null` when there is no load).
pub fn load(l: Option<&Load>) -> Value {
    let m: HashMap<String, Value> = [
        ("load_number", l.map(|l| l.load_number.as_str())),
        ("status", l.map(|l| l.status.as_str())),
        ("customer_id", l.and_then(|l| l.customer_id.as_deref())),
        ("carrier_mc", l.and_then(|l| l.carrier_mc.as_deref())),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_string(), text(v)))
    .collect();
    Value::from(m)
}

/// The directory's carrier as its condition map (every field `null` when none is on file).
pub fn carrier(c: Option<&Carrier>) -> Value {
    let m: HashMap<String, Value> = [
        ("carrier_id", c.map(|c| c.carrier_id.as_str())),
        ("name", c.map(|c| c.name.as_str())),
        ("mc", c.and_then(|c| c.mc.as_deref())),
        ("dot", c.and_then(|c| c.dot.as_deref())),
        ("scac", c.and_then(|c| c.scac.as_deref())),
        ("email_domains", c.map(|c| c.email_domains.as_str())),
        ("remit_to_name", c.and_then(|c| c.remit_to_name.as_deref())),
        (
            "remit_to_address",
            c.and_then(|c| c.remit_to_address.as_deref()),
        ),
        ("contact_email", c.and_then(|c| c.contact_email.as_deref())),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_string(), text(v)))
    .collect();
    Value::from(m)
}

// ---------------------------------------------------------------------------------------------
// Compiling and evaluating.

/// The functions a condition may call beyond operators and macros (`has`, `exists`, `all`,
/// `exists_one`, `map`, `filter`): global ones, then methods (`text.contains('x')`).
const FUNCTIONS: [&str; 10] = [
    "size",
    "max",
    "min",
    "int",
    "double",
    "string",
    "simplify",
    "math.abs",
    "math.round",
    "math.greatest",
];
const METHODS: [&str; 9] = [
    "contains",
    "startsWith",
    "endsWith",
    "matches",
    "lowerAscii",
    "upperAscii",
    "trim",
    "size",
    "replace",
];

/// The CEL environment: the standard library with the `math` and `strings` extensions.
fn env() -> &'static Arc<Env> {
    static ENV: OnceLock<Arc<Env>> = OnceLock::new();
    ENV.get_or_init(|| {
        let mut env = Env::stdlib();
        // Both extensions only declare new names; they cannot clash with the standard library.
        let _ = cel::extensions::math(&mut env);
        let _ = cel::extensions::strings(&mut env);
        Arc::new(env)
    })
}

/// `simplify(text)`: lower case, letters and digits only (`'Red Mesa, LLC'` → `'redmesallc'`),
/// to compare names as printed in different ways.
pub fn simplify(s: &str) -> String {
    s.chars()
        .filter(|c| c.is_alphanumeric())
        .collect::<String>()
        .to_lowercase()
}

/// A compiled condition.
#[derive(Debug)]
pub struct Condition {
    /// The expression as written.
    pub source: String,
    program: Program,
}

/// A problem in a condition, at a byte offset of its source.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConditionProblem {
    /// Byte offset in the expression.
    pub offset: usize,
    /// What is wrong, with a hint.
    pub message: String,
}

impl Condition {
    /// Compile the condition of `check` and check it against the check's [`variables`]: every
    /// name, field and function must exist, and, where the types are known, operands must fit
    /// (money is not compared with text, a decimal number is not multiplied by a whole one, the
    /// result is true or false). Returns every problem found.
    pub fn compile(check: &str, source: &str) -> Result<Condition, Vec<ConditionProblem>> {
        let program = match env().compile(source) {
            Ok(p) => p,
            Err(e) => return Err(syntax_problems(source, &e)),
        };
        let vars = variables(check).unwrap_or_default();
        let mut checker = Checker {
            source,
            info: program.source_info(),
            scopes: vec![vars
                .iter()
                .map(|(n, t)| (n.to_string(), t.clone()))
                .collect()],
            declared: vars.iter().map(|(n, _)| *n).collect(),
            problems: Vec::new(),
        };
        let root = program.expression();
        let t = checker.ty(root, 0);
        if !matches!(t, Ty::Bool | Ty::Dyn) {
            let at = checker.pos(root, 0);
            checker.problem(
                at,
                format!(
                    "the condition gives {}, not true or false; hint: compare it, e.g. `… > 0.0` or `… == 'x'`",
                    ty_name(&t)
                ),
            );
        }
        let mut problems = checker.problems;
        if problems.is_empty() {
            Ok(Condition {
                source: source.to_string(),
                program,
            })
        } else {
            problems.sort_by_key(|p| p.offset);
            problems.dedup();
            Err(problems)
        }
    }

    /// Evaluate with `vars`: whether the condition holds. An error (a `null` field in arithmetic,
    /// a result that is not true or false) is returned as a sentence for staff.
    pub fn evaluate(&self, vars: &Vars) -> Result<bool, String> {
        let mut ctx = Context::with_env(Arc::clone(env()));
        ctx.add_function("max", cel::functions::max)
            .and_then(|_| ctx.add_function("min", cel::functions::min))
            .and_then(|_| ctx.add_function("simplify", |s: Arc<String>| simplify(&s)))
            .map_err(|e| e.to_string())?;
        for (k, v) in &vars.0 {
            ctx.add_variable_from_value(k.clone(), v.clone());
        }
        match self.program.execute(&ctx) {
            Ok(Value::Bool(b)) => Ok(b),
            Ok(v) => Err(format!("the condition gave {v:?}, not true or false")),
            Err(e) => Err(explain(&e)),
        }
    }
}

/// A run-time error in words, with a hint where a `null` field is the likely cause.
fn explain(e: &ExecutionError) -> String {
    let msg = e.to_string();
    if msg.contains("null") || msg.contains("Null") {
        format!("{msg} (a field that was not read is null: test `field != null` before using it)")
    } else {
        msg
    }
}

/// Parse errors as problems: antlr's message without its token list, with a hint.
fn syntax_problems(source: &str, e: &cel::ParseErrors) -> Vec<ConditionProblem> {
    let mut out: Vec<ConditionProblem> = Vec::new();
    for err in &e.errors {
        // Line and column are 1-based; the column counts characters.
        let (line, col) = (err.pos.0.max(1) as usize, err.pos.1.max(1) as usize);
        let line_start: usize = source
            .split_inclusive('\n')
            .take(line - 1)
            .map(str::len)
            .sum();
        let offset = source[line_start.min(source.len())..]
            .char_indices()
            .nth(col - 1)
            .map_or(source.len(), |(i, _)| line_start + i);
        let raw = err.msg.trim_start_matches("Syntax error: ");
        let raw = raw.split(" expecting ").next().unwrap_or(raw);
        let (what, hint) = syntax_words(raw);
        let message = format!("the condition does not compile: {what}; hint: {hint}");
        if !out.iter().any(|p| p.offset == offset) {
            out.push(ConditionProblem { offset, message });
        }
    }
    out
}

/// A parser message (`mismatched input '<EOF>'`) in staff's words, with a hint.
fn syntax_words(raw: &str) -> (String, &'static str) {
    // The quoted token after a phrase: `extraneous input '+'` → `+`.
    let token = |phrase: &str| -> Option<String> {
        let rest = raw.strip_prefix(phrase)?.trim_start();
        let rest = rest.strip_prefix('\'')?;
        Some(rest.rsplit_once('\'').map_or(rest, |(t, _)| t).to_string())
    };
    let end = "the end of the condition";
    let tok = |t: &str| {
        if t == "<EOF>" {
            end.to_string()
        } else {
            format!("`{t}`")
        }
    };
    let early = "finish the comparison, or close the bracket or quote";
    let general =
        "CEL writes equals as ==, and as &&, or as ||, not as !, and text between quotes '…'";
    if let Some(t) = token("mismatched input").or_else(|| token("extraneous input")) {
        if t == "<EOF>" {
            return ("the condition ends too early".into(), early);
        }
        return (format!("unexpected {}", tok(&t)), general);
    }
    if let Some(rest) = raw.strip_prefix("missing '") {
        if let Some((t, at)) = rest.split_once("' at '") {
            let at = at.trim_end_matches('\'');
            if at == "<EOF>" {
                return (format!("missing `{t}` at {end}"), early);
            }
            return (format!("missing `{t}` before {}", tok(at)), general);
        }
    }
    if let Some(t) = token("token recognition error at:") {
        if t.trim() == "=" {
            return ("`=` on its own".into(), "equals is written ==");
        }
        return (
            format!("cannot read {}", tok(&t)),
            "text goes between quotes ('…'); names are letters, digits and _",
        );
    }
    if let Some(t) = token("no viable alternative at input") {
        return (format!("cannot make sense of {}", tok(&t)), general);
    }
    (raw.replace("<EOF>", end), general)
}

// ---------------------------------------------------------------------------------------------
// The checker: names, fields, functions and types, from the AST.

struct Checker<'a> {
    source: &'a str,
    info: &'a SourceInfo,
    scopes: Vec<HashMap<String, Ty>>,
    declared: Vec<&'static str>,
    problems: Vec<ConditionProblem>,
}

/// How a type reads in a message.
fn ty_name(t: &Ty) -> String {
    match t {
        Ty::Bool => "true/false".into(),
        Ty::Int => "a whole number".into(),
        Ty::Double => "a number with decimals".into(),
        Ty::Text => "text".into(),
        Ty::Null => "null".into(),
        Ty::List(_) => "a list".into(),
        Ty::Map(Shape::Document(k)) => format!("a {k}"),
        Ty::Map(Shape::Charge) => "a charge line".into(),
        Ty::Map(Shape::Load) => "the load".into(),
        Ty::Map(Shape::Carrier) => "a carrier".into(),
        Ty::Map(Shape::Any) => "a map".into(),
        Ty::Dyn => "a value".into(),
    }
}

/// The expression as written, for the simple ones (`invoice.total_usd`, `'2500'`, `100`).
fn spelled(e: &IdedExpr) -> Option<String> {
    match &e.expr {
        Expr::Ident(n) => Some(n.clone()),
        Expr::Select(s) if !s.test => spelled(&s.operand).map(|o| format!("{o}.{}", s.field)),
        Expr::Literal(l) => Some(match l {
            LiteralValue::String(s) => format!("'{}'", s.inner()),
            LiteralValue::Int(i) => i.inner().to_string(),
            LiteralValue::UInt(i) => i.inner().to_string(),
            LiteralValue::Double(d) => format!("{:?}", d.inner()),
            LiteralValue::Boolean(b) => b.inner().to_string(),
            LiteralValue::Null => "null".into(),
            LiteralValue::Bytes(_) => return None,
        }),
        _ => None,
    }
}

/// `name (type)` or just the type; an amount field reads as money.
fn operand(e: &IdedExpr, t: &Ty) -> String {
    match spelled(e) {
        Some(s) if *t == Ty::Double && s.ends_with("_usd") => format!("`{s}` (money, a number)"),
        Some(s) => format!("`{s}` ({})", ty_name(t)),
        None => ty_name(t),
    }
}

fn numeric(t: &Ty) -> bool {
    matches!(t, Ty::Int | Ty::Double)
}

/// Whether values of these types can be equal (or ordered, when both are ordered types).
fn comparable(a: &Ty, b: &Ty) -> bool {
    match (a, b) {
        (Ty::Dyn, _) | (_, Ty::Dyn) => true,
        (x, y) if numeric(x) && numeric(y) => true,
        (Ty::List(_), Ty::List(_)) | (Ty::Map(_), Ty::Map(_)) => true,
        (x, y) => std::mem::discriminant(x) == std::mem::discriminant(y),
    }
}

/// The closest of `names` to `name`, if close enough to be a typo.
fn suggest<'n>(name: &str, names: impl Iterator<Item = &'n str>) -> Option<&'n str> {
    names
        .map(|n| (distance(name, n), n))
        .filter(|(d, n)| *d <= 2.max(name.len() / 4) && *d < n.len())
        .min_by_key(|(d, _)| *d)
        .map(|(_, n)| n)
}

/// Edit distance (Levenshtein).
fn distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut cur = vec![i + 1];
        for (j, cb) in b.iter().enumerate() {
            let sub = prev[j] + usize::from(ca != *cb);
            cur.push(sub.min(prev[j + 1] + 1).min(cur[j] + 1));
        }
        prev = cur;
    }
    prev[b.len()]
}

impl Checker<'_> {
    fn problem(&mut self, offset: usize, message: String) {
        self.problems.push(ConditionProblem { offset, message });
    }

    /// Where a node was written (its first byte), else `fallback`.
    fn pos(&self, e: &IdedExpr, fallback: usize) -> usize {
        self.info
            .offset_for(e.id)
            .map_or(fallback, |(s, _)| (s as usize).min(self.source.len()))
    }

    fn lookup(&self, name: &str) -> Option<Ty> {
        self.scopes.iter().rev().find_map(|s| s.get(name).cloned())
    }

    fn ty(&mut self, e: &IdedExpr, fallback: usize) -> Ty {
        let at = self.pos(e, fallback);
        match &e.expr {
            Expr::Literal(l) => match l {
                LiteralValue::Boolean(_) => Ty::Bool,
                LiteralValue::Int(_) | LiteralValue::UInt(_) => Ty::Int,
                LiteralValue::Double(_) => Ty::Double,
                LiteralValue::String(_) => Ty::Text,
                LiteralValue::Null => Ty::Null,
                LiteralValue::Bytes(_) => Ty::Dyn,
            },
            Expr::Ident(name) => match self.lookup(name) {
                Some(t) => t,
                None => {
                    let hint = match suggest(name, self.declared.iter().copied()) {
                        Some(s) => format!("did you mean `{s}`?"),
                        None => format!("this check can use {}", self.declared.join(", ")),
                    };
                    self.problem(at, format!("unknown name `{name}`; {hint}"));
                    Ty::Dyn
                }
            },
            Expr::Select(s) => {
                let t = self.ty(&s.operand, at);
                // The select's own position is its dot; the field name follows it.
                let field_at = if self.source.as_bytes().get(at) == Some(&b'.') {
                    at + 1
                } else {
                    at
                };
                let ft = self.field(&s.operand, &t, &s.field, field_at);
                if s.test {
                    if let (Ty::Map(shape), false) = (&t, ft == Ty::Dyn) {
                        if *shape != Shape::Any {
                            let o = spelled(&s.operand).unwrap_or_else(|| "…".into());
                            self.problem(
                                self.pos(&s.operand, at),
                                format!(
                                    "`has({o}.{f})` is always true: every field is there, null when it was not read; write `{o}.{f} != null`",
                                    f = s.field
                                ),
                            );
                        }
                    }
                    Ty::Bool
                } else {
                    ft
                }
            }
            Expr::Call(c) => self.call(e, c, at),
            Expr::Comprehension(c) => {
                let range = self.ty(&c.iter_range, at);
                let elem = match &range {
                    Ty::List(t) => (**t).clone(),
                    Ty::Map(_) => Ty::Text,
                    Ty::Dyn => Ty::Dyn,
                    other => {
                        let p = self.pos(&c.iter_range, at);
                        self.problem(
                            p,
                            format!(
                                "{} is not a list: `exists`, `all`, `map` and `filter` go through a list",
                                operand(&c.iter_range, other)
                            ),
                        );
                        Ty::Dyn
                    }
                };
                let accu = match self.ty(&c.accu_init, at) {
                    Ty::List(_) => Ty::List(Box::new(Ty::Dyn)),
                    t => t,
                };
                let mut scope = HashMap::new();
                scope.insert(c.iter_var.clone(), elem);
                if let Some(v2) = &c.iter_var2 {
                    scope.insert(v2.clone(), Ty::Dyn);
                }
                scope.insert(c.accu_var.clone(), accu);
                self.scopes.push(scope);
                self.ty(&c.loop_cond, at);
                self.ty(&c.loop_step, at);
                let r = self.ty(&c.result, at);
                self.scopes.pop();
                r
            }
            Expr::List(l) => {
                let ts: Vec<Ty> = l.elements.iter().map(|x| self.ty(x, at)).collect();
                let first = ts.first().cloned().unwrap_or(Ty::Dyn);
                if ts.iter().all(|t| *t == first) {
                    Ty::List(Box::new(first))
                } else {
                    Ty::List(Box::new(Ty::Dyn))
                }
            }
            Expr::Map(m) => {
                for entry in &m.entries {
                    if let EntryExpr::MapEntry(me) = &entry.expr {
                        self.ty(&me.key, at);
                        self.ty(&me.value, at);
                    }
                }
                Ty::Map(Shape::Any)
            }
            Expr::Struct(_) | Expr::Unspecified => Ty::Dyn,
        }
    }

    /// The type of `operand.field`, reporting a field its shape does not have.
    fn field(&mut self, operand_e: &IdedExpr, t: &Ty, field: &str, at: usize) -> Ty {
        match t {
            Ty::Map(shape) => match shape.fields() {
                None => Ty::Dyn,
                Some(fields) => {
                    if let Some((_, ft)) = fields.iter().find(|(n, _)| *n == field) {
                        return ft.clone();
                    }
                    let o = spelled(operand_e).unwrap_or_else(|| "…".into());
                    let hint = match suggest(field, fields.iter().map(|(n, _)| *n)) {
                        Some(s) => format!("did you mean `{s}`?"),
                        None => format!(
                            "its fields: {}",
                            fields
                                .iter()
                                .map(|(n, _)| *n)
                                .collect::<Vec<_>>()
                                .join(", ")
                        ),
                    };
                    self.problem(
                        at,
                        format!("unknown field `{field}` of `{o}` ({}); {hint}", ty_name(t)),
                    );
                    Ty::Dyn
                }
            },
            Ty::Dyn => Ty::Dyn,
            other => {
                let o = spelled(operand_e).unwrap_or_else(|| "…".into());
                self.problem(
                    at,
                    format!("`{o}` is {}: it has no field `{field}`", ty_name(other)),
                );
                Ty::Dyn
            }
        }
    }

    fn call(&mut self, e: &IdedExpr, c: &cel::common::ast::CallExpr, at: usize) -> Ty {
        let op = c.func_name.as_str();
        let sym = |op: &str| -> &'static str {
            match op {
                "_+_" => "+",
                "_-_" => "-",
                "_*_" => "*",
                "_/_" => "/",
                "_%_" => "%",
                "_<_" => "<",
                "_<=_" => "<=",
                "_>_" => ">",
                "_>=_" => ">=",
                "_==_" => "==",
                "_!=_" => "!=",
                "_&&_" => "&&",
                "_||_" => "||",
                _ => "?",
            }
        };
        match (op, c.args.as_slice()) {
            ("_+_" | "_-_" | "_*_" | "_/_" | "_%_", [a, b]) => {
                let (ta, tb) = (self.ty(a, at), self.ty(b, at));
                self.arithmetic(sym(op), (a, &ta), (b, &tb), at)
            }
            ("_<_" | "_<=_" | "_>_" | "_>=_", [a, b]) => {
                let (ta, tb) = (self.ty(a, at), self.ty(b, at));
                let ordered =
                    |t: &Ty| matches!(t, Ty::Int | Ty::Double | Ty::Text | Ty::Bool | Ty::Dyn);
                if !comparable(&ta, &tb) || !ordered(&ta) || !ordered(&tb) {
                    let msg = format!(
                        "`{}` compares {} with {}; hint: {}",
                        sym(op),
                        operand(a, &ta),
                        operand(b, &tb),
                        mismatch_hint(&ta, &tb)
                    );
                    self.problem(at, msg);
                }
                Ty::Bool
            }
            ("_==_" | "_!=_", [a, b]) => {
                let (ta, tb) = (self.ty(a, at), self.ty(b, at));
                let nullish = ta == Ty::Null || tb == Ty::Null;
                if !nullish && !comparable(&ta, &tb) {
                    let msg = format!(
                        "`{}` compares {} with {}, which are never equal; hint: {}",
                        sym(op),
                        operand(a, &ta),
                        operand(b, &tb),
                        mismatch_hint(&ta, &tb)
                    );
                    self.problem(at, msg);
                }
                Ty::Bool
            }
            ("_&&_" | "_||_", args) => {
                for x in args {
                    let t = self.ty(x, at);
                    if !matches!(t, Ty::Bool | Ty::Dyn) {
                        let p = self.pos(x, at);
                        self.problem(
                            p,
                            format!(
                                "`{}` joins true/false values, but {} is not one; hint: compare it, e.g. `… != null`",
                                sym(op),
                                operand(x, &t)
                            ),
                        );
                    }
                }
                Ty::Bool
            }
            ("!_", [x]) => {
                let t = self.ty(x, at);
                if !matches!(t, Ty::Bool | Ty::Dyn) {
                    self.problem(
                        at,
                        format!(
                            "`!` turns true/false around, but {} is not one",
                            operand(x, &t)
                        ),
                    );
                }
                Ty::Bool
            }
            ("-_", [x]) => {
                let t = self.ty(x, at);
                if !matches!(t, Ty::Int | Ty::Double | Ty::Dyn) {
                    self.problem(at, format!("`-` needs a number, not {}", operand(x, &t)));
                }
                t
            }
            ("@not_strictly_false", [x]) => {
                self.ty(x, at);
                Ty::Bool
            }
            ("_?_:_", [cond, a, b]) => {
                let t = self.ty(cond, at);
                if !matches!(t, Ty::Bool | Ty::Dyn) {
                    self.problem(
                        at,
                        format!(
                            "`? :` needs true/false before `?`, not {}",
                            operand(cond, &t)
                        ),
                    );
                }
                let (ta, tb) = (self.ty(a, at), self.ty(b, at));
                if ta == tb {
                    ta
                } else {
                    Ty::Dyn
                }
            }
            ("_[_]", [x, i]) => {
                let (tx, ti) = (self.ty(x, at), self.ty(i, at));
                match (&tx, &e.expr) {
                    (Ty::List(t), _) => {
                        if !matches!(ti, Ty::Int | Ty::Dyn) {
                            self.problem(
                                at,
                                format!(
                                    "a list is indexed by a whole number, not {}",
                                    operand(i, &ti)
                                ),
                            );
                        }
                        (**t).clone()
                    }
                    (Ty::Map(_), _) => match &i.expr {
                        Expr::Literal(LiteralValue::String(s)) => {
                            let p = self.pos(i, at);
                            self.field(x, &tx, s.inner(), p)
                        }
                        _ => Ty::Dyn,
                    },
                    (Ty::Dyn, _) => Ty::Dyn,
                    (other, _) => {
                        self.problem(
                            at,
                            format!("{} cannot be indexed with `[…]`", operand(x, other)),
                        );
                        Ty::Dyn
                    }
                }
            }
            ("@in", [x, coll]) => {
                let (tx, tc) = (self.ty(x, at), self.ty(coll, at));
                match &tc {
                    Ty::List(t) if tx != Ty::Null && !comparable(&tx, t) => {
                        self.problem(
                            at,
                            format!(
                                "`in` looks for {} in a list of {}, where it never is; hint: to look through a list of lines, write e.g. `rate_con.accessorials.exists(a, a.code == charge.code)`",
                                operand(x, &tx),
                                ty_name(t)
                            ),
                        );
                    }
                    Ty::List(_) | Ty::Map(_) | Ty::Dyn => {}
                    other => {
                        self.problem(
                            at,
                            format!("`in` needs a list after it, not {}", operand(coll, other)),
                        );
                    }
                }
                Ty::Bool
            }
            _ => self.function(c, at),
        }
    }

    fn arithmetic(
        &mut self,
        op: &str,
        (a, ta): (&IdedExpr, &Ty),
        (b, tb): (&IdedExpr, &Ty),
        at: usize,
    ) -> Ty {
        match (ta, tb) {
            (Ty::Dyn, t) | (t, Ty::Dyn) => {
                if matches!(t, Ty::Int | Ty::Double) {
                    t.clone()
                } else {
                    Ty::Dyn
                }
            }
            (Ty::Int, Ty::Int) => Ty::Int,
            (Ty::Double, Ty::Double) => Ty::Double,
            (Ty::Int, Ty::Double) | (Ty::Double, Ty::Int) => {
                let whole = if *ta == Ty::Int { a } else { b };
                let hint = match &whole.expr {
                    Expr::Literal(LiteralValue::Int(i)) => {
                        format!("write `{}.0`", i.inner())
                    }
                    _ => format!(
                        "write `double({})`",
                        spelled(whole).unwrap_or_else(|| "…".into())
                    ),
                };
                let whole = spelled(whole).map_or_else(String::new, |w| format!(" `{w}`"));
                self.problem(
                    at,
                    format!(
                        "`{op}` mixes a number with decimals and a whole number{whole}; hint: {hint}"
                    ),
                );
                Ty::Double
            }
            (Ty::Text, Ty::Text) if op == "+" => Ty::Text,
            (Ty::List(x), Ty::List(_)) if op == "+" => Ty::List(x.clone()),
            _ => {
                self.problem(
                    at,
                    format!(
                        "`{op}` needs two numbers, not {} and {}; hint: {}",
                        operand(a, ta),
                        operand(b, tb),
                        mismatch_hint(ta, tb)
                    ),
                );
                Ty::Dyn
            }
        }
    }

    fn function(&mut self, c: &cel::common::ast::CallExpr, at: usize) -> Ty {
        let name = c.func_name.as_str();
        // `math.abs(x)` is a call of `abs` on the identifier `math`.
        let namespaced = match c.target.as_deref().map(|t| &t.expr) {
            Some(Expr::Ident(ns)) if ns == "math" && self.lookup(ns).is_none() => {
                Some(format!("{ns}.{name}"))
            }
            _ => None,
        };
        let args: Vec<Ty> = c.args.iter().map(|a| self.ty(a, at)).collect();
        if let Some(full) = namespaced
            .as_deref()
            .or(name.starts_with("math.").then_some(name))
        {
            // `math.greatest(…)` arrives expanded to `math.@max`.
            let known = FUNCTIONS.contains(&full) || full.starts_with("math.@");
            if !known {
                self.unknown_function(full, at);
                return Ty::Dyn;
            }
            return args.first().cloned().unwrap_or(Ty::Dyn);
        }
        if let Some(target) = &c.target {
            let tt = self.ty(target, at);
            if !METHODS.contains(&name) {
                self.unknown_function(name, at);
                return Ty::Dyn;
            }
            if name != "size" && !matches!(tt, Ty::Text | Ty::Dyn) {
                self.problem(
                    at,
                    format!("`.{name}()` works on text, not on {}", operand(target, &tt)),
                );
            }
            return match name {
                "lowerAscii" | "upperAscii" | "trim" | "replace" => Ty::Text,
                "size" => Ty::Int,
                _ => Ty::Bool,
            };
        }
        if !FUNCTIONS.contains(&name) {
            self.unknown_function(name, at);
            return Ty::Dyn;
        }
        match name {
            "size" => Ty::Int,
            "int" => Ty::Int,
            "double" => Ty::Double,
            "string" => Ty::Text,
            "simplify" => {
                if let (Some(t), Some(a)) = (args.first(), c.args.first()) {
                    if !matches!(t, Ty::Text | Ty::Dyn) {
                        let p = self.pos(a, at);
                        self.problem(p, format!("`simplify` takes text, not {}", operand(a, t)));
                    }
                }
                Ty::Text
            }
            // max, min: the type of their arguments when they agree.
            _ => match args.first() {
                Some(first) if args.iter().all(|t| t == first) => first.clone(),
                _ => Ty::Dyn,
            },
        }
    }

    fn unknown_function(&mut self, name: &str, at: usize) {
        let hint = match suggest(name, FUNCTIONS.iter().chain(METHODS.iter()).copied()) {
            Some(s) => format!("did you mean `{s}`?"),
            None => format!(
                "available: {}, has, exists, all, and on text: {}",
                FUNCTIONS.join(", "),
                METHODS.join(", ")
            ),
        };
        self.problem(at, format!("unknown function `{name}`; {hint}"));
    }
}

/// A hint for two types that do not go together.
fn mismatch_hint(a: &Ty, b: &Ty) -> &'static str {
    let has = |t: &Ty| a == t || b == t;
    if has(&Ty::Text) && (has(&Ty::Double) || has(&Ty::Int)) {
        "amounts are numbers: write them without quotes (2500.0); dates and identifiers are text in quotes ('2026-07-14')"
    } else if has(&Ty::Null) {
        "test a field for null with `!= null` before using it"
    } else if has(&Ty::Bool) {
        "signed and hazmat are true or false: write `pod.signed == false` or `!pod.signed`"
    } else {
        "compare a field with a value of its kind"
    }
}

// ---------------------------------------------------------------------------------------------
// Positions in the rule file.

/// For a TOML string token `raw` (its quotes included) whose value is `value`: the offset in
/// `raw` of each byte of `value`, and one past its end. `None` when decoding `raw` does not give
/// `value` (then positions fall back to the token's start).
pub(super) fn toml_string_offsets(raw: &str, value: &str) -> Option<Vec<usize>> {
    let (delim, literal) = if raw.starts_with("\"\"\"") {
        ("\"\"\"", false)
    } else if raw.starts_with("'''") {
        ("'''", true)
    } else if raw.starts_with('"') {
        ("\"", false)
    } else if raw.starts_with('\'') {
        ("'", true)
    } else {
        return None;
    };
    let n = delim.len();
    if raw.len() < 2 * n || !raw.ends_with(delim) {
        return None;
    }
    let body = &raw[n..raw.len() - n];
    let mut i = 0;
    if n == 3 {
        if body.starts_with("\r\n") {
            i = 2;
        } else if body.starts_with('\n') {
            i = 1;
        }
    }
    let mut out = String::new();
    let mut map: Vec<usize> = Vec::new();
    let mut push = |c: char, at: usize, out: &mut String| {
        out.push(c);
        map.extend(std::iter::repeat_n(n + at, c.len_utf8()));
    };
    while i < body.len() {
        let c = body[i..].chars().next()?;
        if literal || c != '\\' {
            push(c, i, &mut out);
            i += c.len_utf8();
            continue;
        }
        let e = body[i + 1..].chars().next()?;
        let simple = match e {
            'b' => Some('\u{8}'),
            't' => Some('\t'),
            'n' => Some('\n'),
            'f' => Some('\u{c}'),
            'r' => Some('\r'),
            'e' => Some('\u{1b}'),
            '"' => Some('"'),
            '\\' => Some('\\'),
            _ => None,
        };
        if let Some(s) = simple {
            push(s, i, &mut out);
            i += 2;
            continue;
        }
        let hex = match e {
            'x' => 2,
            'u' => 4,
            'U' => 8,
            _ => 0,
        };
        if hex > 0 {
            let digits = body.get(i + 2..i + 2 + hex)?;
            let c = char::from_u32(u32::from_str_radix(digits, 16).ok()?)?;
            push(c, i, &mut out);
            i += 2 + hex;
            continue;
        }
        // A backslash ending a line (multi-line strings): the line break and the spaces after
        // it are dropped.
        let rest = body[i + 1..].trim_start_matches([' ', '\t']);
        if n == 3 && (rest.starts_with('\n') || rest.starts_with("\r\n")) {
            let kept = rest.trim_start_matches([' ', '\t', '\n', '\r']);
            i = body.len() - kept.len();
            continue;
        }
        return None;
    }
    map.push(n + i);
    (out == value).then_some(map)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn problems(check: &str, src: &str) -> Vec<String> {
        match Condition::compile(check, src) {
            Ok(_) => Vec::new(),
            Err(p) => p
                .into_iter()
                .map(|p| format!("{}: {}", p.offset, p.message))
                .collect(),
        }
    }

    #[test]
    fn shipped_style_conditions_compile() {
        for (check, src) in [
            ("invoice_over_agreed", "invoice.total_usd > rate_con.total_usd + accessorials_usd + max(tolerance_usd, rate_con.total_usd * tolerance_pct / 100.0)"),
            ("accessorial_not_agreed", "!(charge.code in ['linehaul', 'fuel_surcharge']) && !rate_con.accessorials.exists(a, a.code == charge.code)"),
            ("lumper_without_receipt", "size(lumper_receipts) == 0 || (charge.amount_usd != null && math.abs(charge.amount_usd - receipts_usd) > tolerance_usd)"),
            ("remit_to_changed", "invoice.remit_to_name != null && carrier.remit_to_name != null && simplify(invoice.remit_to_name) != simplify(carrier.remit_to_name)"),
            ("pod_unsigned", "pod.signed == false"),
            ("document_unreadable", "!filename.endsWith('.p7s')"),
            ("invoice_over_agreed", "math.greatest(1.0, 2.0) > 0.5 && bol.weight_lb > 40000"),
        ] {
            assert_eq!(problems(check, src), Vec::<String>::new(), "{src}");
        }
    }

    #[test]
    fn names_fields_and_types_are_checked() {
        let p = problems("invoice_over_agreed", "invoice.totl_usd > 1.0");
        assert_eq!(p.len(), 1, "{p:?}");
        assert!(
            p[0].starts_with("8: unknown field `totl_usd` of `invoice`"),
            "{p:?}"
        );
        assert!(p[0].contains("did you mean `total_usd`?"), "{p:?}");

        let p = problems("pod_unsigned", "charge.amount_usd > 1.0 || foo");
        assert_eq!(p.len(), 2, "{p:?}");
        assert!(p[0].starts_with("0: unknown name `charge`"), "{p:?}");

        let p = problems("invoice_over_agreed", "invoice.total_usd > '2500'");
        assert!(
            p[0].contains("compares `invoice.total_usd` (money, a number) with `'2500'` (text)"),
            "{p:?}"
        );

        let p = problems("invoice_over_agreed", "invoice.total_usd * 2 > 1.0");
        assert!(p[0].contains("write `2.0`"), "{p:?}");

        let p = problems("pod_osd_notes", "has(pod.osd_notes)");
        assert!(p[0].contains("always true"), "{p:?}");

        let p = problems("pod_osd_notes", "pod.osd_notes");
        assert!(p[0].contains("gives text, not true or false"), "{p:?}");

        let p = problems("pod_osd_notes", "nope(pod.osd_notes)");
        assert!(p[0].contains("unknown function `nope`"), "{p:?}");
    }

    #[test]
    fn syntax_errors_have_a_place() {
        let p = problems("pod_osd_notes", "pod.osd_notes != null &&");
        assert_eq!(p.len(), 1, "{p:?}");
        assert!(
            p[0].starts_with("24: the condition does not compile"),
            "{p:?}"
        );
        // Columns count characters: the offset is in bytes.
        let p = problems("pod_osd_notes", "'éé' ++ pod");
        assert!(p[0].starts_with("8: "), "{p:?}");
    }

    #[test]
    fn evaluation_with_nulls() {
        let c = Condition::compile("pod_unsigned", "pod.signed == false").unwrap();
        let mut v = Vars::default();
        v.set("pod", document(DocumentKind::ProofOfDelivery, None));
        assert_eq!(c.evaluate(&v), Ok(false));
        let c = Condition::compile("invoice_over_agreed", "invoice.total_usd > 1.0").unwrap();
        v.set("invoice", document(DocumentKind::CarrierInvoice, None));
        let e = c.evaluate(&v).unwrap_err();
        assert!(e.contains("not read is null"), "{e}");
    }

    /// The maps given to conditions have exactly the fields `rules check` knows.
    #[test]
    fn values_have_the_declared_fields() {
        let keys = |v: Value| -> Vec<String> {
            let Value::Map(m) = v else {
                panic!("not a map")
            };
            let mut k: Vec<String> = m.map.keys().map(|k| k.to_string()).collect();
            k.sort();
            k
        };
        let names = |s: Shape| -> Vec<String> {
            let mut n: Vec<String> = s
                .fields()
                .unwrap()
                .into_iter()
                .map(|(n, _)| n.to_string())
                .collect();
            n.sort();
            n
        };
        for kind in DocumentKind::ALL {
            assert_eq!(
                keys(document(kind, None)),
                names(Shape::Document(kind)),
                "{kind}"
            );
        }
        assert_eq!(keys(load(None)), names(Shape::Load));
        assert_eq!(keys(carrier(None)), names(Shape::Carrier));
        let c = Charge {
            description: "Lumper".into(),
            code: "lumper".into(),
            amount_usd: None,
            page: 1,
        };
        assert_eq!(keys(charge(&c)), names(Shape::Charge));
    }

    #[test]
    fn toml_offsets() {
        let raw = "\"\"\"\na \\\n   b\\u00e9\"\"\"";
        let m = toml_string_offsets(raw, "a bé").unwrap();
        assert_eq!(&raw[m[0]..m[0] + 1], "a");
        assert_eq!(&raw[m[2]..m[2] + 1], "b");
        assert_eq!(&raw[m[3]..m[3] + 2], "\\u");
        assert_eq!(toml_string_offsets("'x > 1'", "x > 1").unwrap()[4], 5);
        assert_eq!(toml_string_offsets("'x'", "y"), None);
    }
}
