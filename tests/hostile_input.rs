//! Hostile input through the whole pipeline (issue "Bad input, crashes and outages lose
//! nothing"): every item is generated here, processed by `Pipeline::process` as the daemon does,
//! and followed by a good carrier email that must still be read. For each item: no panic, no
//! hang (a bound of the extraction timeout plus a margin), the raw message archived and
//! recorded, and the outcome the table below expects (read, a clear reason, a staff exception).

mod common;

use std::io::Write;
use std::time::Duration;

use common::loads;
use freightdesk::config::Config;
use freightdesk::intake::RawMessage;
use freightdesk::pipeline::Pipeline;
use lopdf::{dictionary, Object, Stream};

/// What an item must come to. Outcomes worth knowing: a message over the size limit (64 MiB) is
/// refused whole, with its reason; an encrypted PDF with an empty user password opens; a ZIP's
/// PDFs are read; a calendar invite, a DOCX and a ZIP without PDFs are skipped with the reason
/// (not freight paperwork, so no exception); a PDF over the page limit, over the worker's
/// memory limit, damaged, cyclic or with a font the reader chokes on is `document_unreadable`.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Expect {
    /// Processed, with at least one document read.
    Read,
    /// Processed; an attachment not read, with a reason, and a staff exception for it.
    Unreadable,
    /// Processed; an attachment skipped (not a freight document), with a reason, no exception.
    Skipped,
    /// The message itself cannot be read: failed, with a reason and a staff exception.
    Failed,
    /// A re-delivery of a message already processed: recorded, not processed again.
    Duplicate,
}

fn carrier_email(subject: &str, body_parts: &str, boundary: &str) -> Vec<u8> {
    format!(
        "From: dispatch@redmesatrucking.example\r\nTo: {}\r\nSubject: {subject}\r\n\
         Message-ID: <{}@redmesatrucking.example>\r\nMIME-Version: 1.0\r\n\
         Content-Type: multipart/mixed; boundary=\"{boundary}\"\r\n\r\n{body_parts}--{boundary}--\r\n",
        loads::OPS,
        subject.replace(' ', "-")
    )
    .into_bytes()
}

fn b64(bytes: &[u8]) -> String {
    use base64::Engine;
    let s = base64::engine::general_purpose::STANDARD.encode(bytes);
    s.as_bytes()
        .chunks(76)
        .map(|c| std::str::from_utf8(c).unwrap())
        .collect::<Vec<_>>()
        .join("\r\n")
}

fn pdf_part(name: &str, pdf: &[u8], boundary: &str) -> String {
    format!(
        "--{boundary}\r\nContent-Type: application/pdf; name=\"{name}\"\r\n\
         Content-Disposition: attachment; filename=\"{name}\"\r\nContent-Transfer-Encoding: base64\r\n\r\n{}\r\n",
        b64(pdf)
    )
}

fn attach(subject: &str, name: &str, content_type: &str, bytes: Vec<u8>) -> Vec<u8> {
    common::email_with(subject, name, content_type, bytes)
}

fn good_pdf(n: usize) -> Vec<u8> {
    loads::pdf_for("ratecon_4471203.pdf", n)
}

/// A PDF whose page tree's Kids point back at the tree itself.
fn cyclic_pdf() -> Vec<u8> {
    let mut pdf = common::pdf::Pdf::new();
    pdf.page("BT /F1 12 Tf 72 700 Td (RATE CONFIRMATION) Tj ET");
    let mut doc = pdf.finish();
    let pages_id = doc
        .catalog()
        .unwrap()
        .get(b"Pages")
        .unwrap()
        .as_reference()
        .unwrap();
    let pages = doc.get_object_mut(pages_id).unwrap().as_dict_mut().unwrap();
    pages.set(
        "Kids",
        vec![Object::Reference(pages_id), Object::Reference(pages_id)],
    );
    pages.set("Count", 2);
    common::pdf::save(doc)
}

/// A page tree `depth` Pages nodes deep with one page at the bottom.
fn deep_pdf(depth: usize) -> Vec<u8> {
    let mut pdf = common::pdf::Pdf::new();
    let page = pdf.page("BT /F1 12 Tf 72 700 Td (BILL OF LADING) Tj ET");
    let mut doc = pdf.finish();
    let root_pages = doc
        .catalog()
        .unwrap()
        .get(b"Pages")
        .unwrap()
        .as_reference()
        .unwrap();
    let mut child = page;
    for _ in 0..depth {
        let node = doc.add_object(dictionary! {
            "Type" => "Pages", "Kids" => vec![Object::Reference(child)], "Count" => 1,
        });
        if let Ok(d) = doc.get_object_mut(child).and_then(Object::as_dict_mut) {
            d.set("Parent", node);
        }
        child = node;
    }
    let pages = doc
        .get_object_mut(root_pages)
        .unwrap()
        .as_dict_mut()
        .unwrap();
    pages.set("Kids", vec![Object::Reference(child)]);
    common::pdf::save(doc)
}

/// A document of `n` pages, each a line of text.
fn many_pages(n: usize) -> Vec<u8> {
    let mut pdf = common::pdf::Pdf::new();
    for i in 0..n {
        pdf.page(&format!("BT /F1 12 Tf 72 700 Td (Page {i}) Tj ET"));
    }
    pdf.bytes()
}

/// A page whose content stream is `mib` MiB of spaces once inflated (a few hundred KiB as sent).
fn flate_bomb(mib: usize) -> Vec<u8> {
    let mut enc = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::fast());
    let chunk = vec![b' '; 1 << 20];
    for _ in 0..mib {
        enc.write_all(&chunk).unwrap();
    }
    let compressed = enc.finish().unwrap();
    let mut pdf = common::pdf::Pdf::new();
    let page = pdf.page("BT /F1 12 Tf 72 700 Td (INVOICE) Tj ET");
    let mut doc = pdf.finish();
    let stream = Stream::new(dictionary! { "Filter" => "FlateDecode" }, compressed);
    let content = doc.add_object(stream);
    doc.get_object_mut(page)
        .unwrap()
        .as_dict_mut()
        .unwrap()
        .set("Contents", content);
    common::pdf::save(doc)
}

/// A font whose /Differences array holds junk (numbers and names out of order, a string).
fn broken_font_encoding() -> Vec<u8> {
    let mut pdf = common::pdf::Pdf::new();
    let font = pdf.doc.add_object(dictionary! {
        "Type" => "Font", "Subtype" => "Type1", "BaseFont" => "Helvetica",
        "Encoding" => dictionary! {
            "Type" => "Encoding",
            "Differences" => vec![Object::Integer(-5), Object::Name(b"bogus".to_vec()),
                Object::Integer(99999), Object::string_literal("x"), Object::Real(1.5)],
        },
    });
    pdf.page_with(
        "BT /F7 12 Tf 72 700 Td (CARRIER INVOICE 4471203) Tj ET",
        dictionary! { "Resources" => dictionary! { "Font" => dictionary! { "F7" => font } } },
    );
    pdf.bytes()
}

/// A ZIP archive (stored, no compression) of these files.
fn zip(files: &[(&str, Vec<u8>)]) -> Vec<u8> {
    fn crc32(data: &[u8]) -> u32 {
        let mut crc = !0u32;
        for &b in data {
            crc ^= b as u32;
            for _ in 0..8 {
                crc = if crc & 1 != 0 {
                    (crc >> 1) ^ 0xEDB8_8320
                } else {
                    crc >> 1
                };
            }
        }
        !crc
    }
    let mut out = Vec::new();
    let mut central = Vec::new();
    for (name, data) in files {
        let offset = out.len() as u32;
        let crc = crc32(data);
        let local = |sig: u32, out: &mut Vec<u8>, central: bool| {
            out.extend_from_slice(&sig.to_le_bytes());
            if central {
                out.extend_from_slice(&20u16.to_le_bytes());
            }
            out.extend_from_slice(&20u16.to_le_bytes()); // version needed
            out.extend_from_slice(&0u16.to_le_bytes()); // flags
            out.extend_from_slice(&0u16.to_le_bytes()); // stored
            out.extend_from_slice(&0u32.to_le_bytes()); // time, date
            out.extend_from_slice(&crc.to_le_bytes());
            out.extend_from_slice(&(data.len() as u32).to_le_bytes());
            out.extend_from_slice(&(data.len() as u32).to_le_bytes());
            out.extend_from_slice(&(name.len() as u16).to_le_bytes());
            out.extend_from_slice(&0u16.to_le_bytes()); // extra
            if central {
                out.extend_from_slice(&[0u8; 8]); // comment, disk, attrs
                out.extend_from_slice(&0u32.to_le_bytes()); // external attrs
                out.extend_from_slice(&offset.to_le_bytes());
            }
            out.extend_from_slice(name.as_bytes());
        };
        local(0x0403_4b50, &mut out, false);
        out.extend_from_slice(data);
        local(0x0201_4b50, &mut central, true);
    }
    let cd_offset = out.len() as u32;
    out.extend_from_slice(&central);
    out.extend_from_slice(&0x0605_4b50u32.to_le_bytes());
    out.extend_from_slice(&[0u8; 4]);
    out.extend_from_slice(&(files.len() as u16).to_le_bytes());
    out.extend_from_slice(&(files.len() as u16).to_le_bytes());
    out.extend_from_slice(&(central.len() as u32).to_le_bytes());
    out.extend_from_slice(&cd_offset.to_le_bytes());
    out.extend_from_slice(&0u16.to_le_bytes());
    out
}

const FIRST_ID: &str = "rc900@redmesatrucking.example";

/// `raw` with a Message-ID header in front.
fn with_id(raw: &[u8], id: &str) -> Vec<u8> {
    let mut out = format!("Message-ID: <{id}>\r\n").into_bytes();
    out.extend_from_slice(raw);
    out
}

/// The first message the test processes: a rate con whose Message-ID later items repeat.
fn first_message() -> Vec<u8> {
    with_id(&loads::rate_confirmation(900), FIRST_ID)
}

fn items() -> Vec<(&'static str, Vec<u8>, Expect)> {
    let b = "XyZb0undary";
    let good = |n: usize| good_pdf(n);
    // lettre writes no Message-ID: the items that need one get it here.
    let no_id = String::from_utf8_lossy(&loads::rate_confirmation(911)).into_owned();
    let two_ids = String::from_utf8_lossy(&with_id(
        &with_id(
            &loads::rate_confirmation(912),
            "a912@redmesatrucking.example",
        ),
        "b912@redmesatrucking.example",
    ))
    .into_owned();
    // The same Message-ID as the first rate con, another rate con attached.
    let reused_id =
        String::from_utf8_lossy(&with_id(&loads::rate_confirmation(901), FIRST_ID)).into_owned();
    let mut redelivered = b"Received: from relay2.example by mx.example\r\n".to_vec();
    redelivered.extend_from_slice(&first_message());
    let redelivered = String::from_utf8_lossy(&redelivered).into_owned();

    let mut many_parts = String::new();
    for i in 0..199 {
        many_parts.push_str(&format!(
            "--{b}\r\nContent-Type: text/plain\r\n\r\nline {i}\r\n"
        ));
    }
    many_parts.push_str(&pdf_part("rc.pdf", &good(902), b));

    let mut nested = pdf_part("rc.pdf", &good(903), "b60");
    for d in (0..60).rev() {
        nested = format!(
            "--b{d}\r\nContent-Type: multipart/mixed; boundary=\"b{}\"\r\n\r\n{nested}--b{}--\r\n",
            d + 1,
            d + 1
        );
    }
    let nested = carrier_email("Nested 60 deep", &nested, "b0");

    let forwarded = {
        let inner = loads::rate_confirmation(904);
        format!(
            "--{b}\r\nContent-Type: text/plain\r\n\r\nFYI, see below\r\n--{b}\r\nContent-Type: message/rfc822\r\n\r\n{}\r\n",
            String::from_utf8_lossy(&inner)
        )
    };

    let broken_b64 = format!(
        "--{b}\r\nContent-Type: application/pdf; name=\"rc.pdf\"\r\nContent-Transfer-Encoding: base64\r\n\r\n{}!!**@@\r\n%%%%\r\n",
        &b64(&good(905))[..2000]
    );
    let broken_qp = format!(
        "--{b}\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\nLoad =ZZ 4471203 =\r\n=4\r\n=\r\n{}",
        pdf_part("rc.pdf", &good(906), b)
    );
    let unknown_charset = format!(
        "--{b}\r\nContent-Type: text/plain; charset=\"x-klingon-9\"\r\n\r\nQapla'\r\n{}",
        pdf_part("rc.pdf", &good(907), b)
    );
    let mut eight_bit = b"Subject: Factura \xe9\xe8 \xff\xfe load 5000908\r\n".to_vec();
    eight_bit.extend_from_slice(&attach("x", "rc.pdf", "application/pdf", good(908))[..]);

    let mut big = b"%PDF-1.4\n".to_vec();
    big.extend((0..50 * 1024 * 1024u32).map(|i| (i.wrapping_mul(2_654_435_761) >> 24) as u8));

    let tiff =
        std::fs::read(common::repo().join("samples/eval/scanned/scan_bol_4471203.tif")).unwrap();
    let docx = zip(&[
        ("[Content_Types].xml", b"<Types/>".to_vec()),
        (
            "word/document.xml",
            b"<w:document>Rate confirmation</w:document>".to_vec(),
        ),
    ]);
    let ics = "--XyZb0undary\r\nContent-Type: text/calendar; method=REQUEST\r\n\r\nBEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nSUMMARY:Pickup appointment load 4471203\r\nDTSTART:20260915T080000Z\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n".to_string();
    let zip_bomb = {
        // One entry that claims 4 GiB and holds a deflate stream of zeros.
        let mut enc = flate2::write::DeflateEncoder::new(Vec::new(), flate2::Compression::fast());
        let chunk = vec![0u8; 1 << 20];
        for _ in 0..64 {
            enc.write_all(&chunk).unwrap();
        }
        zip(&[("invoice.pdf", enc.finish().unwrap())])
    };

    vec![
        ("mime: no Message-ID", no_id.into_bytes(), Expect::Read),
        (
            "mime: two Message-ID headers",
            two_ids.into_bytes(),
            Expect::Read,
        ),
        (
            "mime: same Message-ID, other attachment",
            reused_id.into_bytes(),
            Expect::Read,
        ),
        (
            "mime: same Message-ID, re-delivered",
            redelivered.into_bytes(),
            Expect::Duplicate,
        ),
        (
            "mime: broken base64",
            carrier_email("Broken base64", &broken_b64, b),
            Expect::Unreadable,
        ),
        (
            "mime: broken quoted-printable",
            carrier_email("Broken QP", &broken_qp, b),
            Expect::Read,
        ),
        (
            "mime: unknown charset",
            carrier_email("Klingon", &unknown_charset, b),
            Expect::Read,
        ),
        ("mime: 8-bit headers", eight_bit, Expect::Read),
        (
            "mime: 200 parts",
            carrier_email("Two hundred parts", &many_parts, b),
            Expect::Read,
        ),
        ("mime: multiparts 60 deep", nested, Expect::Read),
        (
            "mime: forwarded message",
            carrier_email("Fwd: rate con", &forwarded, b),
            Expect::Read,
        ),
        (
            "mime: 50 MB attachment",
            attach("Big one", "big.pdf", "application/pdf", big),
            Expect::Failed,
        ),
        ("mime: empty message", Vec::new(), Expect::Failed),
        (
            "pdf: truncated",
            attach(
                "Truncated",
                "t.pdf",
                "application/pdf",
                good(909)[..3000].to_vec(),
            ),
            Expect::Unreadable,
        ),
        (
            "pdf: encrypted, user password",
            attach(
                "Locked",
                "l.pdf",
                "application/pdf",
                common::pdf::encrypted("secret"),
            ),
            Expect::Unreadable,
        ),
        (
            "pdf: encrypted, empty user password",
            attach(
                "Open lock",
                "o.pdf",
                "application/pdf",
                common::pdf::encrypted(""),
            ),
            Expect::Read,
        ),
        (
            "pdf: not a PDF",
            attach(
                "Not a PDF",
                "n.pdf",
                "application/pdf",
                b"Dear broker, please find...".repeat(50),
            ),
            Expect::Unreadable,
        ),
        (
            "pdf: cyclic page tree",
            attach("Cycle", "c.pdf", "application/pdf", cyclic_pdf()),
            Expect::Unreadable,
        ),
        (
            "pdf: page tree 10,000 deep",
            attach("Deep", "d.pdf", "application/pdf", deep_pdf(10_000)),
            Expect::Read,
        ),
        (
            "pdf: 5,000 pages",
            attach("Long", "long.pdf", "application/pdf", many_pages(5_000)),
            Expect::Unreadable,
        ),
        (
            "pdf: content stream inflating to 1 GiB",
            attach("Bomb", "b.pdf", "application/pdf", flate_bomb(1024)),
            Expect::Unreadable,
        ),
        (
            // pdf-extract panics on the font; poppler reads the page (extract::poppler).
            "pdf: broken font encoding",
            attach("Font", "f.pdf", "application/pdf", broken_font_encoding()),
            Expect::Read,
        ),
        (
            "other: ZIP of PDFs",
            attach(
                "Zipped",
                "docs.zip",
                "application/zip",
                zip(&[("rc.pdf", good(910))]),
            ),
            Expect::Read,
        ),
        (
            "other: ZIP bomb",
            attach("Zip bomb", "bomb.zip", "application/zip", zip_bomb),
            Expect::Skipped,
        ),
        (
            "other: TIFF scan",
            attach("Scan", "bol.tif", "image/tiff", tiff),
            Expect::Read,
        ),
        (
            "other: DOCX",
            attach(
                "Word",
                "rc.docx",
                "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                docx,
            ),
            Expect::Skipped,
        ),
        (
            "other: calendar invite",
            carrier_email("Pickup appointment", &ics, b),
            Expect::Skipped,
        ),
    ]
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn hostile_input_is_kept_recorded_and_the_next_message_is_read() {
    let tmp = tempfile::tempdir().unwrap();
    let inbox = tmp.path().join("inbox");
    std::fs::create_dir_all(&inbox).unwrap();
    let config = Config::load(&common::temp_config(&tmp.path().join("var"), &inbox)).unwrap();
    let bound = config.limits.extract_timeout() + Duration::from_secs(60);
    let pipeline = Pipeline::open(&config).await.unwrap();
    // The first rate con, so the "same Message-ID" items have something to repeat.
    let first = pipeline
        .process(&RawMessage {
            source: "first".into(),
            path: std::path::PathBuf::new(),
            bytes: first_message(),
        })
        .await
        .unwrap();
    assert_eq!(first.documents.len(), 1);

    let mut problems = Vec::new();
    for (i, (name, bytes, expect)) in items().into_iter().enumerate() {
        let started = std::time::Instant::now();
        let report = tokio::time::timeout(
            bound,
            pipeline.process(&RawMessage {
                source: format!("hostile {i}: {name}"),
                path: std::path::PathBuf::new(),
                bytes: bytes.clone(),
            }),
        )
        .await
        .unwrap_or_else(|_| panic!("{name}: no answer within {bound:?}"))
        .unwrap_or_else(|e| panic!("{name}: {e}"));
        let took = started.elapsed();
        let exceptions: Vec<&str> = report
            .exceptions
            .iter()
            .map(|e| e.rule_id.as_str())
            .collect();
        let got = match report.status.as_str() {
            "failed" => Expect::Failed,
            "duplicate" => Expect::Duplicate,
            _ if !report.documents.is_empty() => Expect::Read,
            _ if exceptions.contains(&"document_unreadable") => Expect::Unreadable,
            _ => Expect::Skipped,
        };
        eprintln!(
            "{name:45} {:>8.2?} {got:?} docs={} unread={:?} error={:?} exceptions={exceptions:?}",
            took,
            report.documents.len(),
            report.unread_attachments,
            report.error
        );
        if got != expect {
            problems.push(format!("{name}: expected {expect:?}, got {got:?}"));
        }
        match got {
            Expect::Unreadable | Expect::Skipped if report.unread_attachments.is_empty() => {
                problems.push(format!("{name}: no reason recorded"))
            }
            Expect::Failed if report.error.is_none() => {
                problems.push(format!("{name}: no reason recorded"))
            }
            _ => {}
        }
        // Kept: the raw bytes are in the archive under their hash.
        let sha = freightdesk::store::sha256_hex(&bytes);
        assert_eq!(
            pipeline.archive.get(&sha).unwrap(),
            bytes,
            "{name}: not archived"
        );
        // And the next good message is read.
        let next = pipeline
            .process(&RawMessage {
                source: format!("good after {i}"),
                path: std::path::PathBuf::new(),
                bytes: loads::rate_confirmation(1000 + i),
            })
            .await
            .unwrap();
        assert_eq!(
            next.documents.len(),
            1,
            "the message after {name} was not read"
        );
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
