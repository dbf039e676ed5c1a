//! Many distinct loads from one sample pair: the rate confirmation and bill of lading of load
//! 4471203 (`samples/pdfs/`) with the load, BOL and PRO numbers replaced by others of the same
//! length. The samples' content streams are uncompressed, so the byte offsets stay valid and each
//! copy is a real PDF of its own load. Load `n` is 5000000+n (BOL 60000000+n, PRO 80000000+n);
//! its shipper is Acme Foods, whose contact is shipping@acmefoods.example
//! (`samples/directory`). Used by the crash test and `examples/latency.rs`.
#![allow(dead_code)]

use std::path::PathBuf;

/// The shared inbox the carriers write to.
pub const OPS: &str = "ops@northstarlogistics.example";
/// The carrier of the sample pair.
pub const CARRIER: &str = "dispatch@redmesatrucking.example";

/// The repository root.
pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn replace_all(bytes: &[u8], from: &str, to: &str) -> Vec<u8> {
    assert_eq!(from.len(), to.len());
    let (f, t) = (from.as_bytes(), to.as_bytes());
    let mut out = bytes.to_vec();
    let mut i = 0;
    while i + f.len() <= out.len() {
        if &out[i..i + f.len()] == f {
            out[i..i + f.len()].copy_from_slice(t);
            i += f.len();
        } else {
            i += 1;
        }
    }
    out
}

/// The release daemon next to a running example (`target/release/freightdesk`); panics with what
/// to do when it has not been built.
pub fn release_daemon() -> PathBuf {
    // Another build to measure (before/after figures): FREIGHTDESK_BIN=/path/to/freightdesk.
    if let Some(bin) = std::env::var_os("FREIGHTDESK_BIN") {
        return PathBuf::from(bin);
    }
    let bin = std::env::current_exe()
        .unwrap()
        .parent()
        .unwrap()
        .parent()
        .unwrap()
        .join("freightdesk");
    assert!(
        bin.exists(),
        "build the daemon first: cargo build --release"
    );
    bin
}

/// Load `n`'s number as printed.
pub fn load_number(n: usize) -> String {
    (5_000_000 + n).to_string()
}

/// The sample PDF `name` (`ratecon_4471203.pdf` or `bol_4471203.pdf`) with load `n`'s numbers.
pub fn pdf_for(name: &str, n: usize) -> Vec<u8> {
    let b = std::fs::read(repo().join("samples/pdfs").join(name)).unwrap();
    let b = replace_all(&b, "4471203", &load_number(n));
    let b = replace_all(&b, "70014522", &format!("{}", 60_000_000 + n));
    replace_all(&b, "88120455", &format!("{}", 80_000_000 + n))
}

/// A carrier email to the shared inbox with one PDF attached.
pub fn email(subject: &str, file: &str, pdf: Vec<u8>) -> Vec<u8> {
    lettre::Message::builder()
        .from(CARRIER.parse().unwrap())
        .to(OPS.parse().unwrap())
        .subject(subject)
        .multipart(
            lettre::message::MultiPart::mixed()
                .singlepart(lettre::message::SinglePart::plain(format!(
                    "{subject}, see attached"
                )))
                .singlepart(lettre::message::Attachment::new(file.to_string()).body(
                    pdf,
                    lettre::message::header::ContentType::parse("application/pdf").unwrap(),
                )),
        )
        .unwrap()
        .formatted()
}

/// Load `n`'s signed rate confirmation email.
pub fn rate_confirmation(n: usize) -> Vec<u8> {
    email(
        &format!("Signed rate con load {}", load_number(n)),
        "ratecon.pdf",
        pdf_for("ratecon_4471203.pdf", n),
    )
}

/// Load `n`'s proof of delivery email (with [billing], it completes the load's paperwork).
pub fn proof_of_delivery(n: usize) -> Vec<u8> {
    email(
        &format!("POD load {}", load_number(n)),
        "pod.pdf",
        pdf_for("pod_4471203.pdf", n),
    )
}

/// Load `n`'s bill of lading email (it makes the customer's "Load N picked up" email).
pub fn bill_of_lading(n: usize) -> Vec<u8> {
    email(
        &format!("BOL load {}", load_number(n)),
        "bol.pdf",
        pdf_for("bol_4471203.pdf", n),
    )
}
