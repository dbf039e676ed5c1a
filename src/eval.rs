//! Measuring extraction: a folder of documents with their expected fields, scored field by field.
//!
//! Entry point: [`evaluate`], reached by `freightdesk eval DIR`. A folder holds documents
//! (`NAME.pdf`, `NAME.png`, `NAME.jpg`, `NAME.tif`, …), each with `NAME.expected.json`:
//! `{"kind": "carrier_invoice", "fields": {"invoice_number": "8812", …}}` (docs/eval.md).
//!
//! Scoring, as docs/domain.md defines it: a field is right when its normalized value equals the
//! expected one; recall = right / fields the expected file names; precision = right / extracted
//! fields that the expected file names (fields it does not name are not scored); a wrong kind makes
//! every field of that document wrong. A file that fails extraction (or makes it panic) counts as
//! extracting nothing: all its fields are missed.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::Instant;

use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

use crate::extract::{self, PdfLimits};
use crate::model::{DocumentKind, ExtractedDocument};
use crate::rules::RuleSet;

/// The file extensions read as documents (lower case).
pub const DOCUMENT_EXTENSIONS: [&str; 6] = ["pdf", "png", "jpg", "jpeg", "tif", "tiff"];

/// Why a folder could not be evaluated.
#[derive(Debug, thiserror::Error)]
pub enum EvalError {
    /// The folder or a file in it could not be read.
    #[error("reading {path}: {cause}")]
    Io {
        /// The path.
        path: PathBuf,
        /// The cause.
        cause: std::io::Error,
    },
    /// An expected file is not valid JSON in the evaluation format.
    #[error("{path}: not an expected file ({{\"kind\": …, \"fields\": {{…}}}}): {cause}")]
    Expected {
        /// The expected file.
        path: PathBuf,
        /// The cause.
        cause: serde_json::Error,
    },
    /// The folder holds no document with an expected file.
    #[error("{0}: no document with a NAME.expected.json next to it")]
    Empty(PathBuf),
}

impl EvalError {
    /// Reading errors may pass (a file being written); the others are the folder's content.
    pub fn is_transient(&self) -> bool {
        matches!(self, EvalError::Io { .. })
    }
}

/// One `NAME.expected.json`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(from = "RawExpected")]
pub struct Expected {
    /// The document's kind.
    pub kind: DocumentKind,
    /// Canonical fields and their normalized values, scored one by one. Lists (an invoice's
    /// `charges`) may stand among them and are not scored, except `stops`.
    pub fields: BTreeMap<String, String>,
    /// A rate confirmation's or bill of lading's `fields.stops`: each stop's parts by name
    /// (`type`, `name`, `address`, `city`, `state`, `zip`, `date`, `time`, `reference`, as
    /// [`crate::model::Stop`] prints them), in printed order; scored apart from the fields.
    /// None when the file lists no stops.
    #[serde(skip_serializing)]
    pub stops: Option<Vec<BTreeMap<String, String>>>,
}

/// An expected file as written: `fields` holds text values and lists.
#[derive(Deserialize)]
struct RawExpected {
    kind: DocumentKind,
    #[serde(default)]
    fields: BTreeMap<String, Value>,
}

impl From<RawExpected> for Expected {
    fn from(raw: RawExpected) -> Self {
        let text = |v: &Value| -> Option<BTreeMap<String, String>> {
            Some(
                v.as_object()?
                    .iter()
                    .filter_map(|(k, v)| Some((k.clone(), v.as_str()?.to_string())))
                    .collect(),
            )
        };
        let stops = raw
            .fields
            .get("stops")
            .and_then(Value::as_array)
            .map(|l| l.iter().filter_map(text).collect());
        Expected {
            kind: raw.kind,
            fields: raw
                .fields
                .into_iter()
                .filter_map(|(k, v)| match v {
                    Value::String(s) => Some((k, s)),
                    _ => None,
                })
                .collect(),
            stops,
        }
    }
}

/// Field counts from which precision, recall and F1 follow.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Counts {
    /// Fields the expected files name.
    pub expected: usize,
    /// Extracted fields among those named by the expected files.
    pub extracted: usize,
    /// Extracted fields equal to the expected value (with the right kind).
    pub right: usize,
}

impl Counts {
    fn add(&mut self, o: Counts) {
        self.expected += o.expected;
        self.extracted += o.extracted;
        self.right += o.right;
    }

    /// right / extracted; 1 when nothing was extracted and nothing expected, else 0 on none.
    pub fn precision(&self) -> f64 {
        ratio(self.right, self.extracted, self.expected == 0)
    }

    /// right / expected; 1 when nothing is expected.
    pub fn recall(&self) -> f64 {
        ratio(self.right, self.expected, true)
    }

    /// Harmonic mean of precision and recall.
    pub fn f1(&self) -> f64 {
        let (p, r) = (self.precision(), self.recall());
        if p + r == 0.0 {
            0.0
        } else {
            2.0 * p * r / (p + r)
        }
    }

    fn json(&self) -> Value {
        json!({
            "precision": round3(self.precision()),
            "recall": round3(self.recall()),
            "f1": round3(self.f1()),
            "expected": self.expected,
            "extracted": self.extracted,
            "right": self.right,
        })
    }
}

fn ratio(n: usize, d: usize, empty: bool) -> f64 {
    if d == 0 {
        if empty {
            1.0
        } else {
            0.0
        }
    } else {
        n as f64 / d as f64
    }
}

fn round3(x: f64) -> f64 {
    (x * 1000.0).round() / 1000.0
}

/// What was wrong in one document: its kind, its extraction, or one field.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct EvalIssue {
    /// The document's file name.
    pub document: String,
    /// `"kind"`, `"extraction"`, or the field's name.
    pub what: String,
    /// The expected value (`None`: none expected).
    pub expected: Option<String>,
    /// What came out (`None`: nothing).
    pub got: Option<String>,
}

/// Per kind: documents, how many came out as that kind, and field counts.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct KindScore {
    /// Documents expected of this kind.
    pub documents: usize,
    /// Of those, how many were extracted with this kind.
    pub kind_right: usize,
    /// Field counts over those documents.
    pub counts: Counts,
}

/// The result of evaluating a folder.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct EvalReport {
    /// Documents scored.
    pub documents: usize,
    /// Pages read (a PDF's page count; an image is one page).
    pub pages: usize,
    /// Wall-clock milliseconds spent in extraction, over all documents.
    pub extract_ms: f64,
    /// All fields.
    pub overall: Counts,
    /// By expected kind (`carrier_invoice`).
    pub kinds: BTreeMap<String, KindScore>,
    /// By field name, across kinds.
    pub fields: BTreeMap<String, Counts>,
    /// Everything that was wrong, in file order.
    pub errors: Vec<EvalIssue>,
    /// Fields the generic reader extracted (of documents of the right kind) by the confidence
    /// they carried, in the bands of [`CONFIDENCE_BANDS`]: how often a value of that
    /// confidence is right.
    pub calibration: Vec<Band>,
    /// Stops' parts, over documents whose expected file lists stops (see [`score_stops`]).
    pub stops: Counts,
    /// Stops listed by those expected files, and stops read from the same documents.
    pub stops_listed: (usize, usize),
}

/// Lower bounds of the confidence bands of [`EvalReport::calibration`]: 1.00 (a template's or a
/// pattern's value), then 0.90–0.99, 0.80–0.89, 0.70–0.79, 0.50–0.69, below 0.50.
pub const CONFIDENCE_BANDS: [f64; 6] = [1.0, 0.9, 0.8, 0.7, 0.5, 0.0];

/// Extracted fields whose confidence falls in one band.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct Band {
    /// The band's lower bound (see [`CONFIDENCE_BANDS`]).
    pub from: f64,
    /// Extracted fields in the band.
    pub fields: usize,
    /// Of those, right.
    pub right: usize,
    /// Sum of their confidences (mean = sum / fields).
    pub confidence_sum: f64,
}

impl Band {
    /// Share right: what a confidence in this band is worth.
    pub fn precision(&self) -> f64 {
        ratio(self.right, self.fields, true)
    }

    /// Mean confidence of its fields.
    pub fn mean_confidence(&self) -> f64 {
        if self.fields == 0 {
            0.0
        } else {
            self.confidence_sum / self.fields as f64
        }
    }
}

impl EvalReport {
    /// Expected calibration error: the mean, weighted by fields, of |share right − mean
    /// confidence| over the bands. 0 when confidence is exactly how often a value is right.
    pub fn calibration_error(&self) -> f64 {
        let n: usize = self.calibration.iter().map(|b| b.fields).sum();
        if n == 0 {
            return 0.0;
        }
        self.calibration
            .iter()
            .map(|b| b.fields as f64 / n as f64 * (b.precision() - b.mean_confidence()).abs())
            .sum()
    }

    /// Extraction milliseconds per page.
    pub fn ms_per_page(&self) -> f64 {
        if self.pages == 0 {
            0.0
        } else {
            self.extract_ms / self.pages as f64
        }
    }

    /// The `eval --json` object: `{"overall", "kinds", "fields", "errors", "documents", "pages",
    /// "ms_per_page"}`.
    pub fn to_json(&self) -> Value {
        let kinds: serde_json::Map<String, Value> = self
            .kinds
            .iter()
            .map(|(k, s)| {
                let mut v = s.counts.json();
                v["documents"] = json!(s.documents);
                v["kind_right"] = json!(s.kind_right);
                (k.clone(), v)
            })
            .collect();
        let fields: serde_json::Map<String, Value> = self
            .fields
            .iter()
            .map(|(k, c)| (k.clone(), c.json()))
            .collect();
        json!({
            "overall": self.overall.json(),
            "kinds": kinds,
            "fields": fields,
            "errors": self.errors,
            "documents": self.documents,
            "pages": self.pages,
            "ms_per_page": (self.ms_per_page() * 10.0).round() / 10.0,
            "stops": {
                "parts": self.stops.json(),
                "listed": self.stops_listed.0,
                "read": self.stops_listed.1,
            },
            "calibration": {
                "bands": self.calibration.iter().filter(|b| b.fields > 0).map(|b| json!({
                    "from": b.from,
                    "fields": b.fields,
                    "right": b.right,
                    "mean_confidence": round3(b.mean_confidence()),
                    "precision": round3(b.precision()),
                })).collect::<Vec<_>>(),
                "error": round3(self.calibration_error()),
            },
        })
    }

    /// The text report; its last line is `overall field F1: 0.xxx`.
    pub fn render(&self) -> String {
        let mut s = format!(
            "{} document(s), {} page(s), extraction {:.1} ms/page\n\n",
            self.documents,
            self.pages,
            self.ms_per_page()
        );
        let row = |name: &str, c: &Counts, extra: &str| {
            format!(
                "{name:<22} {:>6.3} {:>6.3} {:>6.3} {:>5} {:>5} {:>5} {extra}\n",
                c.precision(),
                c.recall(),
                c.f1(),
                c.right,
                c.extracted,
                c.expected
            )
        };
        let head = format!(
            "{:>6} {:>6} {:>6} {:>5} {:>5} {:>5}",
            "P", "R", "F1", "right", "got", "exp"
        );
        s += &format!("{:<22} {head} kind right/documents\n", "kind");
        for (k, ks) in &self.kinds {
            s += &row(
                k,
                &ks.counts,
                &format!("{}/{}", ks.kind_right, ks.documents),
            );
        }
        s += &format!("\n{:<22} {head}\n", "field");
        for (f, c) in &self.fields {
            s += &row(f, c, "");
        }
        if self.errors.is_empty() {
            s += "\nno errors\n";
        } else {
            s += &format!("\n{} error(s):\n", self.errors.len());
            for e in &self.errors {
                s += &format!(
                    "  {}  {}: expected {}, got {}\n",
                    e.document,
                    e.what,
                    show(&e.expected),
                    show(&e.got)
                );
            }
        }
        s += "\nconfidence   fields  right  mean confidence  share right\n";
        for b in self.calibration.iter().filter(|b| b.fields > 0) {
            let band = if b.from >= 1.0 {
                "1.00".to_string()
            } else {
                format!("{:.2}+", b.from)
            };
            s += &format!(
                "{band:<12} {:>6} {:>6} {:>16.3} {:>12.3}\n",
                b.fields,
                b.right,
                b.mean_confidence(),
                b.precision()
            );
        }
        s += &format!(
            "calibration error (mean |share right - confidence|): {:.3}\n",
            self.calibration_error()
        );
        if self.stops_listed.0 > 0 {
            s += &format!(
                "\nstops: {} listed, {} read; parts precision {:.3}, recall {:.3}, F1 {:.3} \
                 ({} right, {} read, {} expected)\n",
                self.stops_listed.0,
                self.stops_listed.1,
                self.stops.precision(),
                self.stops.recall(),
                self.stops.f1(),
                self.stops.right,
                self.stops.extracted,
                self.stops.expected
            );
        }
        s += &format!(
            "\noverall precision {:.3}, recall {:.3}\n",
            self.overall.precision(),
            self.overall.recall()
        );
        s += &format!("overall field F1: {:.3}\n", self.overall.f1());
        s
    }
}

fn show(v: &Option<String>) -> String {
    match v {
        Some(v) => format!("{v:?}"),
        None => "(nothing)".into(),
    }
}

/// The documents of a folder that have an expected file, sorted by name:
/// `(document, expected file)`.
pub fn documents_in(dir: &Path) -> Result<Vec<(PathBuf, PathBuf)>, EvalError> {
    let io = |cause| EvalError::Io {
        path: dir.to_path_buf(),
        cause,
    };
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).map_err(io)? {
        let path = entry.map_err(io)?.path();
        let is_doc = path
            .extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| DOCUMENT_EXTENSIONS.contains(&e.to_ascii_lowercase().as_str()));
        if !is_doc || !path.is_file() {
            continue;
        }
        let expected = path.with_extension("expected.json");
        if expected.is_file() {
            out.push((path, expected));
        }
    }
    out.sort();
    Ok(out)
}

/// The first page of every document in evaluation folders, with its expected kind: what
/// `freightdesk rules train-kinds` trains the kind model on ([`crate::rules::kind_model`]). A
/// document whose pages cannot be read is left out (and named in the log).
///
/// Errors: [`EvalError`] when a folder or an expected file cannot be read.
pub fn first_pages(dirs: &[PathBuf]) -> Result<Vec<(String, DocumentKind)>, EvalError> {
    let mut out = Vec::new();
    for dir in dirs {
        for (doc, expected) in documents_in(dir)? {
            let text = std::fs::read_to_string(&expected).map_err(|cause| EvalError::Io {
                path: expected.clone(),
                cause,
            })?;
            let want: Expected =
                serde_json::from_str(&text).map_err(|cause| EvalError::Expected {
                    path: expected.clone(),
                    cause,
                })?;
            let bytes = std::fs::read(&doc).map_err(|cause| EvalError::Io {
                path: doc.clone(),
                cause,
            })?;
            match extract::read_pages(&bytes, &PdfLimits::default()) {
                Ok(pages) if !pages.is_empty() => out.push((pages[0].text.clone(), want.kind)),
                Ok(_) => {}
                Err(e) => tracing::warn!(document = %doc.display(), "not read for training: {e}"),
            }
        }
    }
    Ok(out)
}

/// Evaluate every document of `dir` that has a `NAME.expected.json`, with `rules`.
///
/// Errors: [`EvalError`] when the folder, a document or an expected file cannot be read, or the
/// folder holds no scored document. Extraction failures are not errors: they are scored.
pub fn evaluate(dir: &Path, rules: &RuleSet) -> Result<EvalReport, EvalError> {
    let docs = documents_in(dir)?;
    if docs.is_empty() {
        return Err(EvalError::Empty(dir.to_path_buf()));
    }
    let mut report = EvalReport::default();
    for (doc, expected_path) in &docs {
        let text = std::fs::read_to_string(expected_path).map_err(|cause| EvalError::Io {
            path: expected_path.clone(),
            cause,
        })?;
        let expected: Expected =
            serde_json::from_str(&text).map_err(|cause| EvalError::Expected {
                path: expected_path.clone(),
                cause,
            })?;
        let bytes = std::fs::read(doc).map_err(|cause| EvalError::Io {
            path: doc.clone(),
            cause,
        })?;
        let name = doc
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let started = Instant::now();
        let result = run_extraction(&bytes, rules);
        report.extract_ms += started.elapsed().as_secs_f64() * 1000.0;
        report.pages += page_count(&bytes);
        report.documents += 1;
        score(&name, &expected, result, &mut report);
    }
    Ok(report)
}

/// `extract_file`, with a panic turned into an error so one bad file cannot stop the run.
fn run_extraction(bytes: &[u8], rules: &RuleSet) -> Result<Vec<ExtractedDocument>, String> {
    let limits = PdfLimits::default();
    match std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        extract::extract_file(bytes, rules, &limits)
    })) {
        Ok(Ok(docs)) => Ok(docs),
        Ok(Err(e)) => Err(e.to_string()),
        Err(_) => Err("extraction panicked".into()),
    }
}

/// Pages in a file: a PDF's page count (1 when it cannot be read); an image is one page.
fn page_count(bytes: &[u8]) -> usize {
    if extract::is_pdf(bytes) {
        lopdf::Document::load_mem(bytes)
            .map(|d| d.get_pages().len().max(1))
            .unwrap_or(1)
    } else {
        1
    }
}

/// Score one document into `report`.
fn score(
    name: &str,
    expected: &Expected,
    result: Result<Vec<ExtractedDocument>, String>,
    report: &mut EvalReport,
) {
    let issue = |what: &str, exp: Option<&str>, got: Option<&str>| EvalIssue {
        document: name.to_string(),
        what: what.to_string(),
        expected: exp.map(str::to_string),
        got: got.map(str::to_string),
    };
    // The document scored: the one of the expected kind, else the first.
    let docs = match result {
        Ok(docs) => docs,
        Err(e) => {
            report.errors.push(issue("extraction", None, Some(&e)));
            Vec::new()
        }
    };
    let chosen = docs
        .iter()
        .find(|d| d.kind == expected.kind)
        .or(docs.first());
    let kind_right = chosen.is_some_and(|d| d.kind == expected.kind);
    if let Some(d) = chosen.filter(|_| !kind_right) {
        report.errors.push(issue(
            "kind",
            Some(expected.kind.as_str()),
            Some(d.kind.as_str()),
        ));
    }
    let ks = report
        .kinds
        .entry(expected.kind.as_str().to_string())
        .or_default();
    ks.documents += 1;
    ks.kind_right += usize::from(kind_right);
    if let Some(want) = &expected.stops {
        let got = chosen
            .filter(|_| kind_right)
            .map_or(&[][..], |d| &d.stops[..]);
        score_stops(name, want, got, report);
    }
    let mut doc_counts = Counts::default();
    for (field, want) in &expected.fields {
        let got = chosen.and_then(|d| d.field(field));
        let right = kind_right && got == Some(want.as_str());
        let c = Counts {
            expected: 1,
            extracted: usize::from(got.is_some()),
            right: usize::from(right),
        };
        doc_counts.add(c);
        report.fields.entry(field.clone()).or_default().add(c);
        // Only the generic reader's values: a template's are exact by construction (1.0).
        if let Some(f) = chosen
            .and_then(|d| d.fields.get(field))
            .filter(|f| kind_right && f.provenance.is_generic())
        {
            let conf = f.provenance.confidence;
            if report.calibration.is_empty() {
                report.calibration = CONFIDENCE_BANDS
                    .iter()
                    .map(|&from| Band {
                        from,
                        ..Band::default()
                    })
                    .collect();
            }
            if let Some(b) = report
                .calibration
                .iter_mut()
                .find(|b| conf >= b.from - 1e-9)
            {
                b.fields += 1;
                b.right += usize::from(right);
                b.confidence_sum += conf;
            }
        }
        if !right && kind_right {
            report.errors.push(issue(field, Some(want), got));
        }
    }
    report
        .kinds
        .get_mut(expected.kind.as_str())
        .expect("inserted above")
        .counts
        .add(doc_counts);
    report.overall.add(doc_counts);
}

/// Score a document's stops into `report`: the i-th expected pickup against the i-th pickup
/// read, and so for deliveries. Each part an expected stop names (all but `type`) is expected;
/// it is extracted when the paired stop has it, right when equal (text parts ignoring case).
/// Every part of a stop read beyond those expected is extracted and wrong.
fn score_stops(
    name: &str,
    expected: &[BTreeMap<String, String>],
    got: &[crate::model::Stop],
    report: &mut EvalReport,
) {
    report.stops_listed.0 += expected.len();
    report.stops_listed.1 += got.len();
    let parts = |s: &crate::model::Stop| -> BTreeMap<String, String> {
        match serde_json::to_value(s) {
            Ok(Value::Object(o)) => o
                .into_iter()
                .filter_map(|(k, v)| Some((k, v.as_str()?.to_string())))
                .collect(),
            _ => BTreeMap::new(),
        }
    };
    for ty in ["pickup", "delivery"] {
        let want: Vec<&BTreeMap<String, String>> = expected
            .iter()
            .filter(|s| s.get("type").map(String::as_str) == Some(ty))
            .collect();
        let read: Vec<BTreeMap<String, String>> = got
            .iter()
            .filter(|s| s.stop_type.as_str() == ty)
            .map(parts)
            .collect();
        for (i, w) in want.iter().enumerate() {
            let g = read.get(i);
            for (k, v) in w.iter().filter(|(k, _)| *k != "type") {
                let gv = g.and_then(|g| g.get(k));
                let right = gv.is_some_and(|gv| {
                    if matches!(k.as_str(), "name" | "address" | "city") {
                        gv.eq_ignore_ascii_case(v)
                    } else {
                        gv == v
                    }
                });
                report.stops.add(Counts {
                    expected: 1,
                    extracted: usize::from(gv.is_some()),
                    right: usize::from(right),
                });
                if !right {
                    report.errors.push(EvalIssue {
                        document: name.to_string(),
                        what: format!("stops.{ty}[{i}].{k}"),
                        expected: Some(v.clone()),
                        got: gv.cloned(),
                    });
                }
            }
        }
        for g in read.iter().skip(want.len()) {
            report.stops.add(Counts {
                expected: 0,
                extracted: g.len() - 1,
                right: 0,
            });
        }
    }
}
