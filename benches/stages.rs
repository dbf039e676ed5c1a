//! Per-stage benches of the per-message pipeline (issue 7, "Profile": where the time goes), on
//! the real sample files, through the crate's public API. One criterion group per stage:
//!
//! - `mime`: [`mime::parse_message`] of a carrier's email with a PDF attachment, and of a
//!   forwarded one.
//! - `pdf_text`: a PDF's pages read in-process ([`extract::read_pages`]): a rate con, a BOL, an
//!   invoice.
//! - `classify_fields`: classification and field rules ([`extract::documents_in`]) on those
//!   pages, read beforehand, with the shipped `rules/`.
//! - `worker`: the same PDFs read the daemon's way, through a worker process
//!   ([`extract::worker::read_pages`]): process start, pipes and JSON included. Skipped, with a
//!   note, when no freightdesk binary is found ([`extract::worker::find_exe`]; cargo builds
//!   `target/release/freightdesk` for benches).
//! - `store`: everything [`Pipeline::process`] does for a rate-con email besides parsing and
//!   reading its PDF: archive writes, the duplicate look-ups, and the transaction (message,
//!   attachment, document rows, linking and checks, notifications queued, commit), on a new
//!   SQLite database, with the documents extracted beforehand. It mirrors the body of
//!   `Pipeline::process` with the public store, checks and notify functions.
//! - `whole_message`: [`Pipeline::process`] end to end for the same email on a fresh SQLite
//!   database: the whole per-message path, the reference the stages are a share of.
//!
//! Database benches set up a new database (a temporary folder) per iteration, outside the timed
//! part, and process another carrier's rate con into it first: each timed iteration books its
//! load as the first rate con for it does, with the pool's statement caches warm as in a running
//! daemon.
//!
//! Benched in a loop, each stage runs warmer (caches, branch predictors) than in sequence with
//! the others, so the stages of one email add up to less than `whole_message`; timed one after
//! the other inside a message they add up to it.
//!
//! Kept short (about a minute and a half, plus the build): 10 samples, 1 s warm-up, 3 s
//! measurement. `scripts/bench-stages` runs this and prints the medians as a table.

use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use criterion::{criterion_group, criterion_main, BatchSize, Criterion, SamplingMode};

use freightdesk::checks::{self, Context, NewDocument};
use freightdesk::config::Config;
use freightdesk::extract::{self, worker, PageText};
use freightdesk::intake::RawMessage;
use freightdesk::mime::{self, ParsedMessage};
use freightdesk::model::ExtractedDocument;
use freightdesk::notify::{self, Senders};
use freightdesk::pipeline::Pipeline;
use freightdesk::rules::RuleSet;
use freightdesk::store::{self, NewAttachment, NewMessage};

/// The typical carrier email: a signed rate con, one PDF attachment.
const RATECON_EMAIL: &str = "samples/inbox/01-signed-ratecon-4471203.eml";
/// A rate con forwarded by staff (`message/rfc822` part with the PDF inside).
const FORWARDED_EMAIL: &str = "samples/inbox/13-fwd-signed-ratecon-4471342.eml";
/// One PDF per common kind: (bench id, file).
const PDFS: [(&str, &str); 3] = [
    ("ratecon", "samples/pdfs/ratecon_4471203.pdf"),
    ("bol", "samples/pdfs/bol_4471203.pdf"),
    ("invoice", "samples/pdfs/invoice_RM-10452.pdf"),
];

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn read(rel: &str) -> Vec<u8> {
    let p = repo().join(rel);
    std::fs::read(&p).unwrap_or_else(|e| panic!("reading {}: {e}", p.display()))
}

fn runtime() -> tokio::runtime::Runtime {
    // As the daemon: a multi-threaded runtime (two workers on the 2-core bench machine).
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("tokio runtime")
}

/// A config for a throwaway `var` folder, with the repo's rules and sample directory (the
/// tests' config, `tests/common/mod.rs`).
fn config_in(var: &Path) -> Config {
    let r = repo();
    let text = format!(
        r#"[intake]
kind = "folder"
path = "{var}/inbox"
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
"#,
        var = var.display(),
        rules = r.join("rules").display(),
        directory = r.join("samples/directory").display(),
    );
    Config::parse(&text, var).expect("bench config")
}

/// Another carrier's rate con, processed into each new database before the timed message.
const WARM_EMAIL: &str = "samples/inbox/02-signed-ratecon-KB-20931.eml";

/// A pipeline on a new SQLite database in a new temporary folder (kept alive by the guard),
/// which has already taken one other rate con ([`WARM_EMAIL`]): its connections have prepared
/// the statements a message uses, as a running daemon's have, and the timed message is not the
/// database's first.
fn fresh_pipeline(
    rt: &tokio::runtime::Runtime,
    warm: &RawMessage,
) -> (tempfile::TempDir, Pipeline) {
    let tmp = tempfile::tempdir().expect("temp dir");
    let config = config_in(tmp.path());
    let p = rt
        .block_on(Pipeline::open(&config))
        .expect("opening the pipeline");
    let report = rt.block_on(p.process(warm)).expect("the warm-up message");
    assert_eq!(report.status, "processed");
    (tmp, p)
}

fn warm_message() -> RawMessage {
    RawMessage {
        source: "bench:warm".into(),
        path: PathBuf::from(WARM_EMAIL),
        bytes: read(WARM_EMAIL),
    }
}

/// `raw` with a Message-ID made unique by `n`: another message (another SHA-256, another id)
/// with the same content.
fn distinct(raw: &[u8], n: usize) -> RawMessage {
    let text = String::from_utf8_lossy(raw);
    let bytes = text
        .replacen("Message-ID: <", &format!("Message-ID: <bench{n}."), 1)
        .into_bytes();
    assert_ne!(bytes, raw, "the sample email has a Message-ID header");
    RawMessage {
        source: format!("bench:{n}"),
        path: PathBuf::from(format!("bench-{n}.eml")),
        bytes,
    }
}

/// The store part of [`Pipeline::process`] for a parsed message whose PDF attachments were read
/// into `docs` (one entry per attachment, `None` for one that is not a PDF): archive, duplicate
/// look-ups, and the transaction that files, links, checks and queues notifications.
async fn store_part(
    p: &Pipeline,
    raw: &RawMessage,
    m: &ParsedMessage,
    docs: &[Option<Vec<ExtractedDocument>>],
) -> usize {
    let rules = p.rules.load_full();
    let sha = p.archive.put(&raw.bytes).expect("archive");
    assert!(p.store.message_status(&sha).await.expect("db").is_none());
    let shas: Vec<String> = m
        .attachments
        .iter()
        .map(|a| store::sha256_hex(&a.bytes))
        .collect();
    let id = m.message_id.as_deref().expect("a Message-ID");
    assert!(!p.store.message_id_redelivery(id, &shas).await.expect("db"));
    let a_shas: Vec<String> = m
        .attachments
        .iter()
        .map(|a| p.archive.put(&a.bytes).expect("archive"))
        .collect();

    let mut tx = p.store.pool().begin().await.expect("begin");
    let conn = &mut *tx;
    let ctx = Context {
        rules: &rules,
        directory: &p.directory,
    };
    let message_row = store::insert_message(
        conn,
        &NewMessage {
            sha256: &sha,
            source: &raw.source,
            message_id: m.message_id.as_deref(),
            from_addr: m.from.as_deref(),
            to_addrs: m.to.join(";"),
            subject: Some(m.subject.as_str()),
            sent_at: m.date.as_deref(),
            size_bytes: raw.bytes.len(),
            status: "processed",
            error: None,
            rules_version: &rules.version,
        },
    )
    .await
    .expect("message row");
    let refs = extract::message_refs(&m.subject, &m.text, &rules);
    let mut new_docs = Vec::new();
    for ((a, a_sha), found) in m.attachments.iter().zip(&a_shas).zip(docs) {
        let error = found
            .is_none()
            .then(|| format!("not a PDF ({})", a.content_type));
        let att_row = store::insert_attachment(
            conn,
            message_row,
            &NewAttachment {
                part_index: a.index,
                filename: a.filename.as_deref(),
                content_type: &a.content_type,
                sha256: a_sha,
                size_bytes: a.bytes.len(),
                forwarded: a.forwarded,
                status: if found.is_some() {
                    "extracted"
                } else {
                    "skipped"
                },
                error: error.as_deref(),
            },
        )
        .await
        .expect("attachment row");
        for d in found.iter().flatten() {
            let id = store::insert_document(conn, message_row, Some(att_row), d, &rules.version)
                .await
                .expect("document row");
            new_docs.push((id, d));
        }
    }
    let docs: Vec<NewDocument> = new_docs
        .iter()
        .map(|(id, doc)| NewDocument { id: *id, doc })
        .collect();
    let outcome = checks::link_and_check(conn, &ctx, message_row, m.from.as_deref(), &refs, &docs)
        .await
        .expect("link and check");
    let named_load = checks::load_named_by(conn, &refs).await.expect("db");
    if let Some(l) = &named_load {
        store::set_message_load(conn, message_row, l.id)
            .await
            .expect("db");
    }
    // The report's load number per document, as the pipeline reads it back.
    for (id, _) in &new_docs {
        let _: Option<String> = sqlx::query_scalar(
            "SELECT l.load_number FROM documents d JOIN loads l ON l.id = d.load_id \
             WHERE d.id = $1",
        )
        .bind(*id)
        .fetch_optional(&mut *conn)
        .await
        .expect("db");
    }
    let cause = notify::Cause {
        message_row,
        from_addr: m.from.as_deref(),
        subject: &m.subject,
        message_id: m.message_id.as_deref(),
        references: &m.references,
    };
    let queued = notify::queue(
        conn,
        &rules,
        &p.directory,
        &Senders {
            from: &p.from,
            staff: &p.staff,
        },
        &cause,
        &outcome.events,
        &outcome.exceptions,
    )
    .await
    .expect("queue");
    tx.commit().await.expect("commit");
    queued.len()
}

fn bench_mime(c: &mut Criterion) {
    let mut g = c.benchmark_group("mime");
    for (id, file) in [("ratecon", RATECON_EMAIL), ("forwarded", FORWARDED_EMAIL)] {
        let raw = read(file);
        g.bench_function(id, |b| {
            b.iter(|| mime::parse_message(black_box(&raw)).expect("parses"))
        });
    }
    g.finish();
}

fn bench_pdf_text(c: &mut Criterion) {
    let limits = freightdesk::config::Limits::default().pdf();
    let mut g = c.benchmark_group("pdf_text");
    for (id, file) in PDFS {
        let pdf = read(file);
        g.bench_function(id, |b| {
            b.iter(|| extract::read_pages(black_box(&pdf), &limits).expect("reads"))
        });
    }
    g.finish();
}

fn bench_classify_fields(c: &mut Criterion) {
    let rules = RuleSet::load(repo().join("rules")).expect("the shipped rules load");
    let limits = freightdesk::config::Limits::default().pdf();
    let mut g = c.benchmark_group("classify_fields");
    for (id, file) in PDFS {
        let pages: Vec<PageText> = extract::read_pages(&read(file), &limits).expect("reads");
        g.bench_function(id, |b| {
            b.iter(|| extract::documents_in(black_box(&pages), &rules).expect("documents"))
        });
    }
    g.finish();
}

fn bench_worker(c: &mut Criterion) {
    let Some(exe) = worker::find_exe().filter(|p| p.is_file()) else {
        println!(
            "worker: skipped: no freightdesk binary (build it with `cargo build --release`, \
             or set {})",
            worker::EXE_ENV
        );
        return;
    };
    println!("worker: {}", exe.display());
    let rt = runtime();
    let limits = freightdesk::config::Limits::default().worker();
    let mut g = c.benchmark_group("worker");
    g.sampling_mode(SamplingMode::Flat);
    for (id, file) in PDFS {
        let pdf = read(file);
        g.bench_function(id, |b| {
            b.iter(|| {
                rt.block_on(worker::read_pages(&exe, pdf.clone(), &limits))
                    .expect("the worker reads it")
            })
        });
    }
    g.finish();
}

fn bench_store(c: &mut Criterion) {
    let rt = runtime();
    let rules = RuleSet::load(repo().join("rules")).expect("the shipped rules load");
    let limits = freightdesk::config::Limits::default().pdf();
    let raw = read(RATECON_EMAIL);
    let parsed = mime::parse_message(&raw).expect("parses");
    // The documents of each attachment, read beforehand (every attachment here is a PDF).
    let docs: Vec<Option<Vec<ExtractedDocument>>> = parsed
        .attachments
        .iter()
        .map(|a| {
            let pages = extract::read_pages(&a.bytes, &limits).expect("reads");
            Some(extract::documents_in(&pages, &rules).expect("documents"))
        })
        .collect();
    let warm = warm_message();
    let n = AtomicUsize::new(0);
    let mut g = c.benchmark_group("store");
    g.sampling_mode(SamplingMode::Flat);
    g.bench_function("ratecon", |b| {
        b.iter_batched(
            || {
                let (tmp, p) = fresh_pipeline(&rt, &warm);
                let raw = distinct(&raw, n.fetch_add(1, Ordering::Relaxed));
                let m = mime::parse_message(&raw.bytes).expect("parses");
                (tmp, p, raw, m)
            },
            |(tmp, p, raw, m)| {
                let queued = rt.block_on(store_part(&p, &raw, &m, &docs));
                (tmp, p, queued)
            },
            BatchSize::PerIteration,
        )
    });
    g.finish();
}

fn bench_whole(c: &mut Criterion) {
    match worker::find_exe().filter(|p| p.is_file()) {
        Some(exe) => println!("whole_message: PDFs read by the worker {}", exe.display()),
        None => println!("whole_message: no freightdesk binary; PDFs read in-process"),
    }
    let rt = runtime();
    let raw = read(RATECON_EMAIL);
    let warm = warm_message();
    let n = AtomicUsize::new(0);
    let mut g = c.benchmark_group("whole_message");
    g.sampling_mode(SamplingMode::Flat);
    g.bench_function("ratecon", |b| {
        b.iter_batched(
            || {
                let (tmp, p) = fresh_pipeline(&rt, &warm);
                (tmp, p, distinct(&raw, n.fetch_add(1, Ordering::Relaxed)))
            },
            |(tmp, p, raw)| {
                let report = rt.block_on(p.process(&raw)).expect("processed");
                assert_eq!(report.status, "processed");
                assert_eq!(report.documents.len(), 1, "{report:?}");
                (tmp, p, report)
            },
            BatchSize::PerIteration,
        )
    });
    g.finish();
}

fn config() -> Criterion {
    Criterion::default()
        .sample_size(10)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(3))
        .nresamples(20_000)
        .without_plots()
}

criterion_group! {
    name = stages;
    config = config();
    targets = bench_mime, bench_pdf_text, bench_classify_fields, bench_worker, bench_store,
        bench_whole
}
criterion_main!(stages);
