//! Per-stage benches of the per-message pipeline (issue 7, "Profile": where the time goes), on
//! the real sample files, through the crate's public API. One criterion group per stage:
//!
//! - `mime`: [`mime::parse_message`] of a carrier's email with a PDF attachment, and of a
//!   forwarded one.
//! - `pdf_text`: a PDF's pages read in-process ([`extract::read_pages`]): a rate con, a BOL, an
//!   invoice.
//! - `classify_fields`: classification and field rules ([`extract::documents_in`]) on those
//!   pages, read beforehand, with the shipped `rules/`.
//! - `worker`: the same PDFs read the daemon's way, by a worker process of a
//!   [`extract::worker::WorkerPool`] kept alive across PDFs (pipes and JSON included), and
//!   `ratecon_new_process`: a new worker process for the PDF ([`extract::worker::read_pages`]),
//!   as the daemon did before 2026-11-29. Skipped, with a note, when no freightdesk binary is
//!   found ([`extract::worker::find_exe`]; cargo builds `target/release/freightdesk` for benches).
//! - `prepare`: [`Pipeline::prepare`] for a rate-con email: archive writes (the message and its
//!   PDF, each fsync'd), the duplicate look-ups, MIME, the PDF read by the pipeline's worker
//!   pool, classification and fields. No database writes.
//! - `commit`: [`Pipeline::commit`] of that prepared email: the transaction (message,
//!   attachment and document rows, linking and checks, notifications queued, commit with its
//!   disk sync), on a new SQLite database.
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

#[path = "../tests/common/mod.rs"]
mod common;

use common::repo;
use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use criterion::{criterion_group, criterion_main, BatchSize, Criterion, SamplingMode};

use freightdesk::config::Config;
use freightdesk::extract::{self, worker, PageText};
use freightdesk::intake::RawMessage;
use freightdesk::mime;
use freightdesk::pipeline::{MessageReport, Pipeline};
use freightdesk::rules::RuleSet;

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
/// tests' config writer).
fn config_in(var: &Path) -> Config {
    let path = common::temp_config(var, &var.join("inbox"));
    Config::load(&path).expect("bench config")
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
    // The daemon's way: a worker of the pool, kept alive across PDFs.
    let pool = worker::WorkerPool::new(exe.clone());
    for (id, file) in PDFS {
        let pdf = read(file);
        g.bench_function(id, |b| {
            b.iter(|| {
                rt.block_on(pool.read_pages(pdf.clone(), &limits))
                    .expect("the worker reads it")
            })
        });
    }
    // Before 2026-11-29: a new worker process for every PDF.
    let pdf = read(PDFS[0].1);
    g.bench_function("ratecon_new_process", |b| {
        b.iter(|| {
            rt.block_on(worker::read_pages(&exe, pdf.clone(), &limits))
                .expect("the worker reads it")
        })
    });
    g.finish();
}

/// A fresh pipeline ([`fresh_pipeline`]) and the `n`-th distinct copy of `raw` for it.
fn fresh_message(
    rt: &tokio::runtime::Runtime,
    warm: &RawMessage,
    raw: &[u8],
    n: &AtomicUsize,
) -> (tempfile::TempDir, Pipeline, RawMessage) {
    let (tmp, p) = fresh_pipeline(rt, warm);
    (tmp, p, distinct(raw, n.fetch_add(1, Ordering::Relaxed)))
}

/// The report of a timed message, checked: processed, its one document filed.
fn one_document_processed(report: MessageReport) -> MessageReport {
    assert_eq!(report.status, "processed");
    assert_eq!(report.documents.len(), 1, "{report:?}");
    report
}

fn bench_prepare_commit(c: &mut Criterion) {
    let rt = runtime();
    let raw = read(RATECON_EMAIL);
    let warm = warm_message();
    let n = AtomicUsize::new(0);
    let mut g = c.benchmark_group("prepare");
    g.sampling_mode(SamplingMode::Flat);
    g.bench_function("ratecon", |b| {
        b.iter_batched(
            || fresh_message(&rt, &warm, &raw, &n),
            |(tmp, p, raw)| {
                let prepared = rt.block_on(p.prepare(&raw)).expect("prepared");
                (tmp, p, prepared)
            },
            BatchSize::PerIteration,
        )
    });
    g.finish();
    let mut g = c.benchmark_group("commit");
    g.sampling_mode(SamplingMode::Flat);
    g.bench_function("ratecon", |b| {
        b.iter_batched(
            || {
                let (tmp, p, raw) = fresh_message(&rt, &warm, &raw, &n);
                let prepared = rt.block_on(p.prepare(&raw)).expect("prepared");
                (tmp, p, raw, prepared)
            },
            |(tmp, p, raw, prepared)| {
                let report = rt.block_on(p.commit(&raw, prepared)).expect("committed");
                (tmp, p, one_document_processed(report))
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
            || fresh_message(&rt, &warm, &raw, &n),
            |(tmp, p, raw)| {
                let report = rt.block_on(p.process(&raw)).expect("processed");
                (tmp, p, one_document_processed(report))
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
    targets = bench_mime, bench_pdf_text, bench_classify_fields, bench_worker,
        bench_prepare_commit, bench_whole
}
criterion_main!(stages);
