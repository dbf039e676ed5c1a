//! Shared test helpers: repo paths, a throwaway config, the corpus comparison, a PDF writer.
#![allow(dead_code)]

pub mod loads;
pub mod mailservers;
pub mod pdf;

use std::path::{Path, PathBuf};

/// The repository root.
pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A config for a temporary `var` folder, reading `inbox` with the repo's rules and directory.
pub fn temp_config(var: &Path, inbox: &Path) -> PathBuf {
    temp_config_with_rules(var, inbox, &repo().join("rules"))
}

/// [`temp_config`] with the rules folder `rules` (a copy a test may edit).
pub fn temp_config_with_rules(var: &Path, inbox: &Path, rules: &Path) -> PathBuf {
    let r = repo();
    let text = format!(
        r#"[intake]
kind = "folder"
path = "{inbox}"
poll_secs = 1

[outgoing]
kind = "file"
path = "{var}/outbox"
from = "Northstar Back Office <backoffice@northstarlogistics.example>"

[store]
url = "sqlite://{var}/freightdesk.db"
archive = "{var}/archive"

[paths]
rules = "{rules}"
directory = "{directory}"

[staff]
emails = ["ap@northstarlogistics.example"]
digest_minutes = 0
"#,
        inbox = inbox.display(),
        var = var.display(),
        rules = rules.display(),
        directory = r.join("samples/directory").display(),
    );
    let path = var.join("freightdesk.toml");
    std::fs::create_dir_all(var).unwrap();
    std::fs::write(&path, text).unwrap();
    path
}

/// Compare `actual` with the JSON in `expected_path`. On a mismatch (or a missing expected
/// file) write `NAME.actual.json` beside it and return a description; with
/// `FREIGHTDESK_BLESS=1`, write the expected file instead.
pub fn compare_expected(expected_path: &Path, actual: &serde_json::Value) -> Result<(), String> {
    let actual_text = serde_json::to_string_pretty(actual).unwrap() + "\n";
    let actual_path = expected_path
        .with_extension("")
        .with_extension("actual.json");
    if std::env::var("FREIGHTDESK_BLESS").as_deref() == Ok("1") {
        std::fs::write(expected_path, &actual_text).unwrap();
        let _ = std::fs::remove_file(&actual_path);
        return Ok(());
    }
    let expected: Option<serde_json::Value> = std::fs::read_to_string(expected_path)
        .ok()
        .and_then(|t| serde_json::from_str(&t).ok());
    if expected.as_ref() == Some(actual) {
        let _ = std::fs::remove_file(&actual_path);
        Ok(())
    } else {
        std::fs::write(&actual_path, &actual_text).unwrap();
        Err(format!(
            "{} differs from what was produced; see {}",
            expected_path.display(),
            actual_path.display()
        ))
    }
}

/// Files in `dir` with extension `ext`, sorted.
pub fn files_with_ext(dir: &Path, ext: &str) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|rd| {
            rd.flatten()
                .map(|e| e.path())
                .filter(|p| p.extension().is_some_and(|e| e == ext))
                .collect()
        })
        .unwrap_or_default();
    v.sort();
    v
}

/// Copy the folder `from` into `to`, recursively.
pub fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        if e.file_type().unwrap().is_dir() {
            copy_dir(&e.path(), &to.join(e.file_name()));
        } else {
            std::fs::copy(e.path(), to.join(e.file_name())).unwrap();
        }
    }
}

/// A carrier's email (Red Mesa billing → the ops inbox) with one attachment, as raw bytes; its
/// Message-ID is made from the subject and file name, so each distinct email gets its own.
pub fn email_with(subject: &str, name: &str, content_type: &str, bytes: Vec<u8>) -> Vec<u8> {
    let id = format!("<{}.{name}@test.example>", subject.replace(' ', "-"));
    lettre::Message::builder()
        .from("billing@redmesatrucking.example".parse().unwrap())
        .to("ops@northstarlogistics.example".parse().unwrap())
        .subject(subject)
        .message_id(Some(id))
        .multipart(
            lettre::message::MultiPart::mixed()
                .singlepart(lettre::message::SinglePart::plain(format!(
                    "{subject}, see attached"
                )))
                .singlepart(lettre::message::Attachment::new(name.to_string()).body(
                    bytes,
                    lettre::message::header::ContentType::parse(content_type).unwrap(),
                )),
        )
        .unwrap()
        .formatted()
}

/// An email from `from` to the ops inbox with one PDF of samples/pdfs attached, as raw bytes;
/// its Message-ID is made from the file name.
pub fn sample_pdf_email(from: &str, subject: &str, pdf: &str) -> Vec<u8> {
    let bytes = std::fs::read(repo().join("samples/pdfs").join(pdf)).unwrap();
    lettre::Message::builder()
        .from(from.parse().unwrap())
        .to("ops@northstarlogistics.example".parse().unwrap())
        .subject(subject)
        .message_id(Some(format!("<{pdf}@test.example>")))
        .multipart(
            lettre::message::MultiPart::mixed()
                .singlepart(lettre::message::SinglePart::plain(format!(
                    "{subject}, see attached"
                )))
                .singlepart(lettre::message::Attachment::new(pdf.to_string()).body(
                    bytes,
                    lettre::message::header::ContentType::parse("application/pdf").unwrap(),
                )),
        )
        .unwrap()
        .formatted()
}

/// The number printed after `label` in the summary ("exceptions: 3 (...").
pub fn figure(summary: &str, label: &str) -> usize {
    let line = summary
        .lines()
        .find(|l| l.starts_with(label))
        .unwrap_or_else(|| panic!("no `{label}` line in:\n{summary}"));
    line[label.len()..]
        .trim_start_matches([':', ' '])
        .split(|c: char| !c.is_ascii_digit())
        .next()
        .unwrap()
        .parse()
        .unwrap()
}

/// Random kill points for a crash test that can be repeated: the seed is `FD_CRASH_SEED` when
/// set, else the clock's, and is printed with `what`; the function returns a number below its
/// argument (xorshift64: the points only need to be spread out and repeatable).
pub fn kill_points(what: &str) -> impl FnMut(u64) -> u64 {
    let seed: u64 = std::env::var("FD_CRASH_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| {
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .unwrap()
                .as_nanos() as u64
        });
    eprintln!("{what} seed: {seed} (FD_CRASH_SEED={seed} repeats the kill points)");
    let mut rng = seed | 1;
    move |below: u64| {
        rng ^= rng << 13;
        rng ^= rng >> 7;
        rng ^= rng << 17;
        rng % below
    }
}
