//! Inputs found by the fuzz targets (`fuzz/`, see `docs/fuzzing.md`), minimized, each run through
//! the same entry point as its target: no panic, no hang, and a clear result or error.
//!
//! `tests/fuzz_regressions/TARGET/NAME` holds one input for target `TARGET`: `mime_message`
//! (raw email bytes), `pdf_text` (PDF bytes), `rules_text` (first byte picks the rule file
//! name, as in `fuzz/fuzz_targets/rules_text.rs`; the rest is its text).

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use freightdesk::extract::pdf_text::{pdf_text, PdfError, PdfLimits};
use freightdesk::rules::RuleSet;

/// The rule file names `rules_text` picks from, in the fuzz target's order.
const RULE_NAMES: [&str; 5] = [
    "kinds.toml",
    "checks.toml",
    "notifications.toml",
    "documents/fuzz.toml",
    "emails/fuzz.txt",
];

/// Far above what any of these inputs takes once fixed (they take milliseconds); a hang fails.
const LIMIT: Duration = Duration::from_secs(20);

fn inputs(target: &str) -> Vec<(PathBuf, Vec<u8>)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fuzz_regressions")
        .join(target);
    let Ok(entries) = std::fs::read_dir(&dir) else {
        return Vec::new();
    };
    let mut files: Vec<PathBuf> = entries
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_file())
        .collect();
    files.sort();
    files
        .into_iter()
        .map(|p| {
            let bytes = std::fs::read(&p).unwrap();
            (p, bytes)
        })
        .collect()
}

fn timed<T>(path: &Path, f: impl FnOnce() -> T) -> T {
    let start = Instant::now();
    let out = f();
    let took = start.elapsed();
    assert!(took < LIMIT, "{}: took {took:?}", path.display());
    out
}

#[test]
fn mime_message_inputs_parse_or_fail_clearly() {
    for (path, bytes) in inputs("mime_message") {
        match timed(&path, || freightdesk::mime::parse_message(&bytes)) {
            Ok(m) => {
                for a in &m.attachments {
                    let _ = freightdesk::extract::is_pdf(&a.bytes);
                }
            }
            Err(e) => assert!(!e.to_string().is_empty(), "{}", path.display()),
        }
    }
}

#[test]
fn pdf_text_inputs_read_or_fail_clearly() {
    for (path, bytes) in inputs("pdf_text") {
        match timed(&path, || pdf_text(&bytes, &PdfLimits::default())) {
            Ok(pages) => assert!(!pages.is_empty(), "{}", path.display()),
            // Each of these was a panic, hang or blow-up that is now a reason, not a caught panic.
            Err(PdfError::Panicked(msg)) => {
                panic!("{}: the PDF reader panicked: {msg}", path.display())
            }
            Err(e) => assert!(!e.to_string().is_empty(), "{}", path.display()),
        }
    }
}

#[test]
fn rules_text_inputs_load_or_report_problems() {
    let dir = Path::new("/nonexistent/freightdesk-fuzz-rules");
    for (path, bytes) in inputs("rules_text") {
        let Some((&which, text)) = bytes.split_first() else {
            continue;
        };
        let name = RULE_NAMES[usize::from(which) % RULE_NAMES.len()];
        let (set, problems) = timed(&path, || RuleSet::check_texts(dir, &[(name, text)]));
        // Alone, a file other than kinds.toml always has one problem: kinds.toml is missing.
        assert!(
            set.is_some() || !problems.is_empty(),
            "{}: no rule set and no problem",
            path.display()
        );
        for p in &problems {
            assert!(
                p.contains(':'),
                "{}: a problem without its place: {p}",
                path.display()
            );
        }
    }
}

/// `check_texts` on the repo's own rule files gives what `rules check` gives on the folder.
#[test]
fn check_texts_agrees_with_the_rules_folder() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("rules");
    let mut files = Vec::new();
    let mut stack = vec![dir.clone()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else if p.extension().is_some_and(|x| x == "toml" || x == "txt")
                || p.file_name()
                    .is_some_and(|n| n == "kind_model.json" || n == "confidence.json")
            {
                let rel = p.strip_prefix(&dir).unwrap().to_string_lossy().to_string();
                files.push((rel, std::fs::read(&p).unwrap()));
            }
        }
    }
    let refs: Vec<(&str, &[u8])> = files
        .iter()
        .map(|(r, b)| (r.as_str(), b.as_slice()))
        .collect();
    let (set, problems) = RuleSet::check_texts(&dir, &refs);
    assert!(problems.is_empty(), "{problems:#?}");
    let set = set.unwrap();
    let loaded = RuleSet::load(&dir).unwrap();
    assert_eq!(set.version, loaded.version);
    assert_eq!(set.templates.len(), loaded.templates.len());
    assert_eq!(set.checks.len(), loaded.checks.len());

    // One file alone: its own problems plus the missing kinds.toml.
    let checks = std::fs::read(dir.join("checks.toml")).unwrap();
    let (set, problems) = RuleSet::check_texts(&dir, &[("checks.toml", &checks)]);
    assert!(set.is_none());
    assert!(
        problems
            .iter()
            .any(|p| p.starts_with("kinds.toml:1:1: missing")),
        "{problems:#?}"
    );
}
