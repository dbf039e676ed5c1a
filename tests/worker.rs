//! PDF parsing and OCR run in a worker process with memory and time limits: a PDF that balloons,
//! hangs or panics fails that one attachment with a clear reason, and the next message is read.
//!
//! The timeout is tested with the worker's fault hook: the environment variable
//! `FREIGHTDESK_WORKER_TEST_DELAY_SECS` (`extract::worker::DELAY_ENV`) makes the worker sleep
//! before reading. It is set only around that one message; this file has a single test so that
//! nothing else runs while it is set.

mod common;

use common::pdf::Pdf;
use freightdesk::config::Config;
use freightdesk::extract::worker::{self, WorkerLimits};
use freightdesk::intake::RawMessage;
use freightdesk::pipeline::Pipeline;
use lopdf::{dictionary, Stream};

/// Writes bits least-significant first, as DEFLATE packs them.
struct Bits {
    out: Vec<u8>,
    acc: u64,
    n: u32,
}

impl Bits {
    /// Append the low `len` bits of `v`, least significant first.
    fn put(&mut self, v: u64, len: u32) {
        self.acc |= v << self.n;
        self.n += len;
        while self.n >= 8 {
            self.out.push(self.acc as u8);
            self.acc >>= 8;
            self.n -= 8;
        }
    }

    /// Append a Huffman code (`len` bits), most significant bit first.
    fn code(&mut self, code: u64, len: u32) {
        for i in (0..len).rev() {
            self.put((code >> i) & 1, 1);
        }
    }
}

/// A zlib stream that inflates to `size` spaces: one literal, then back-references of 258 bytes
/// at distance 1 (13 bits each, fixed Huffman codes): about 1:1300.
fn deflate_bomb(size: u64) -> Vec<u8> {
    let mut b = Bits {
        out: vec![0x78, 0x01],
        acc: 0,
        n: 0,
    };
    b.put(1, 1); // BFINAL
    b.put(1, 2); // BTYPE = 01, fixed Huffman codes
    b.code(0x30 + u64::from(b' '), 8); // literal ' '
    for _ in 0..size / 258 {
        b.code(0xC0 + 5, 8); // length code 285: 258 bytes
        b.code(0, 5); // distance code 0: distance 1
    }
    b.code(0, 7); // end of block
    b.put(0, 7);
    b.out.extend_from_slice(&[0, 0, 0, 0]); // Adler-32 (wrong; never reached)
    b.out
}

/// A one-page PDF whose content stream inflates to 3 GiB.
fn bomb_pdf() -> Vec<u8> {
    let mut pdf = Pdf::new();
    let content = pdf.doc.add_object(Stream::new(
        dictionary! { "Filter" => "FlateDecode" },
        deflate_bomb(3 << 30),
    ));
    let page = pdf.page("BT /F1 12 Tf 72 700 Td (x) Tj ET");
    pdf.doc
        .get_object_mut(page)
        .unwrap()
        .as_dict_mut()
        .unwrap()
        .set("Contents", content);
    pdf.bytes()
}

/// A carrier's email with one PDF attachment, as the intake gives it.
fn email_with(subject: &str, name: &str, bytes: Vec<u8>) -> RawMessage {
    RawMessage {
        source: format!("{name}.eml"),
        path: format!("{name}.eml").into(),
        bytes: common::email_with(subject, name, "application/pdf", bytes),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_pdf_that_balloons_hangs_or_panics_fails_alone() {
    let exe = worker::find_exe().expect("the freightdesk binary beside the test harness");
    assert_eq!(
        exe.file_stem().unwrap(),
        "freightdesk",
        "the worker is freightdesk itself: {}",
        exe.display()
    );
    the_worker_reads_a_pdf_like_the_library().await;
    let tmp = tempfile::tempdir().unwrap();
    let inbox = tmp.path().join("inbox");
    std::fs::create_dir_all(&inbox).unwrap();
    let config = Config::load(&common::temp_config(&tmp.path().join("var"), &inbox)).unwrap();
    assert_eq!(
        config.limits.max_memory_mib, 512,
        "the default memory limit"
    );
    let mut pipeline = Pipeline::open(&config).await.unwrap();
    pipeline.limits.extract_timeout_secs = 20;
    let good = std::fs::read(common::repo().join("samples/pdfs/ratecon_4471203.pdf")).unwrap();

    // A content stream that inflates to 3 GiB: the worker is stopped at 512 MiB.
    let bomb = bomb_pdf();
    assert!(bomb.len() < 25 * 1024 * 1024, "under the size limit");
    let r = pipeline
        .process(&email_with("Invoice RM-7", "bomb.pdf", bomb))
        .await
        .unwrap();
    assert_eq!(r.status, "processed");
    let reason = r.unread_attachments.join("; ");
    assert!(
        reason.contains("the PDF reader used more than 512 MiB and was stopped"),
        "{reason}"
    );
    assert!(
        r.exceptions
            .iter()
            .any(|e| e.rule_id == "document_unreadable"),
        "{:?}",
        r.exceptions
    );

    // The next message is read.
    let r = pipeline
        .process(&email_with("Rate con 4471203", "rc.pdf", good.clone()))
        .await
        .unwrap();
    assert_eq!(r.documents.len(), 1, "{:?}", r.unread_attachments);
    assert_eq!(r.documents[0].fields["load_number"], "4471203");

    // A panic inside the PDF library: that attachment fails with the library's reason.
    let r = pipeline
        .process(&email_with(
            "Invoice RM-8",
            "panics.pdf",
            common::pdf::panicking(),
        ))
        .await
        .unwrap();
    let reason = r.unread_attachments.join("; ");
    assert!(reason.contains("PDF reader failed"), "{reason}");

    // A worker that takes too long is killed at the wall-clock limit (fault hook: the worker
    // sleeps 60 s; the limit is 2 s).
    pipeline.limits.extract_timeout_secs = 2;
    std::env::set_var(worker::DELAY_ENV, "60");
    let r = pipeline
        .process(&email_with("Rate con again", "slow.pdf", good.clone()))
        .await;
    std::env::remove_var(worker::DELAY_ENV);
    let r = r.unwrap();
    let reason = r.unread_attachments.join("; ");
    assert!(
        reason.contains("reading the PDF took longer than 2 s and was stopped"),
        "{reason}"
    );
    assert!(r.documents.is_empty());

    // And the one after it is read.
    pipeline.limits.extract_timeout_secs = 20;
    let r = pipeline
        .process(&email_with("Signed rate con", "rc2.pdf", good))
        .await
        .unwrap();
    assert_eq!(r.documents.len(), 1, "{:?}", r.unread_attachments);
}

/// The worker reads a PDF exactly as the library does in-process.
async fn the_worker_reads_a_pdf_like_the_library() {
    let exe = worker::find_exe().unwrap();
    let bytes = std::fs::read(common::repo().join("samples/pdfs/invoice_RM-10452.pdf")).unwrap();
    let limits = WorkerLimits {
        pdf: Default::default(),
        timeout: std::time::Duration::from_secs(60),
        max_memory_mib: 512,
    };
    let isolated = worker::read_pages(&exe, bytes.clone(), &limits)
        .await
        .unwrap();
    let local = freightdesk::extract::read_pages(&bytes, &Default::default()).unwrap();
    assert_eq!(isolated, local);
}
