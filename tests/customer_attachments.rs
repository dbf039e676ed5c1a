//! A customer never receives the carrier's paperwork. Sample 19 is a carrier's packet (carrier
//! invoice, rate confirmation, POD in one PDF): the shipper's "delivered" email must carry the
//! POD's page alone, cut into its own PDF named `POD-SFP-88123.pdf`, with nothing of the invoice
//! or rate confirmation pages in the file, not even as unused objects.

mod common;

use freightdesk::config::Config;
use freightdesk::extract::pdf_text::{pdf_text, PdfLimits};
use freightdesk::intake::Intake;
use freightdesk::notify::{cut_pages, CutError, Transport};
use freightdesk::pipeline::Pipeline;
use mail_parser::MimeHeaders;

fn packet() -> Vec<u8> {
    std::fs::read(common::repo().join("samples/pdfs/packet_SFP-88123.pdf")).unwrap()
}

/// The text of each page of a PDF, as freightdesk reads it.
fn page_texts(pdf: &[u8]) -> Vec<String> {
    pdf_text(pdf, &PdfLimits::default())
        .unwrap()
        .into_iter()
        .map(|p| p.text)
        .collect()
}

/// Every stream of a PDF, decompressed where it can be.
fn streams(pdf: &[u8]) -> Vec<Vec<u8>> {
    let doc = lopdf::Document::load_mem(pdf).unwrap();
    doc.objects
        .values()
        .filter_map(|o| o.as_stream().ok())
        .map(|s| {
            s.decompressed_content()
                .unwrap_or_else(|_| s.content.clone())
        })
        .collect()
}

/// The decompressed content streams of page `n` of a PDF.
fn page_content(pdf: &[u8], n: u32) -> Vec<Vec<u8>> {
    let doc = lopdf::Document::load_mem(pdf).unwrap();
    let page = doc.get_pages()[&n];
    doc.get_page_contents(page)
        .into_iter()
        .map(|id| {
            let s = doc.get_object(id).unwrap().as_stream().unwrap();
            s.decompressed_content()
                .unwrap_or_else(|_| s.content.clone())
        })
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_packet_sends_the_customer_the_pod_pages_alone() {
    let tmp = tempfile::tempdir().unwrap();
    let inbox = tmp.path().join("in");
    std::fs::create_dir_all(&inbox).unwrap();
    let sample = common::repo().join("samples/inbox/19-packet-SFP-88123.eml");
    std::fs::copy(&sample, inbox.join("19.eml")).unwrap();
    let config = Config::load(&common::temp_config(&tmp.path().join("var"), &inbox)).unwrap();
    let pipeline = Pipeline::open(&config).await.unwrap();
    let intake = Intake::from_config(&config.intake).unwrap();
    for p in intake.pending().unwrap() {
        pipeline.process(&intake.read(&p).unwrap()).await.unwrap();
    }
    let outbox = tmp.path().join("outbox");
    pipeline
        .deliver(&Transport::file(&outbox).unwrap())
        .await
        .unwrap();

    // Outbox files are named so staff can tell them apart: time, event, load, outbox id.
    let names: Vec<String> = common::files_with_ext(&outbox, "eml")
        .iter()
        .map(|p| p.file_name().unwrap().to_string_lossy().into_owned())
        .collect();
    let named =
        regex::Regex::new(r"^\d{8}-\d{6}-(delivered|exception)-SFP-88123-\d+\.eml$").unwrap();
    assert!(names.iter().all(|n| named.is_match(n)), "{names:?}");
    assert!(names.iter().any(|n| n.contains("-delivered-")), "{names:?}");

    let emails: Vec<Vec<u8>> = common::files_with_ext(&outbox, "eml")
        .iter()
        .map(|p| std::fs::read(p).unwrap())
        .collect();
    let parser = mail_parser::MessageParser::default();
    let delivered: Vec<_> = emails
        .iter()
        .map(|b| parser.parse(b).unwrap())
        .filter(|m| m.subject().unwrap_or_default().contains("delivered"))
        .collect();
    assert_eq!(delivered.len(), 1, "one delivered email to the shipper");
    let email = &delivered[0];
    let to = email.to().unwrap().first().unwrap().address().unwrap();
    assert_eq!(to, "transportation@granitehomegoods.example");
    let attachments: Vec<_> = email.attachments().collect();
    assert_eq!(attachments.len(), 1, "one attachment");
    assert_eq!(attachments[0].attachment_name(), Some("POD-SFP-88123.pdf"));
    let pdf = attachments[0].contents();

    // The POD's page, and only it.
    let texts = page_texts(pdf);
    assert_eq!(texts.len(), 1, "one page");
    assert!(texts[0].contains("DELIVERY RECEIPT"), "{}", texts[0]);
    assert!(texts[0].contains("Keisha Grant"), "{}", texts[0]);
    for secret in [
        "PWT-5520",
        "Heartland Freight Funding",
        "2,610.00",
        "Line Haul",
    ] {
        assert!(
            !texts[0].contains(secret),
            "`{secret}` reached the customer"
        );
    }
    // Nothing of the invoice's or rate confirmation's pages is in the file, even unused.
    let original = packet();
    let sent_streams = streams(pdf);
    for page in [1, 2] {
        for content in page_content(&original, page) {
            assert!(
                !sent_streams.contains(&content),
                "page {page} of the packet is inside the customer's PDF"
            );
        }
    }
    for content in page_content(&original, 3) {
        assert!(
            sent_streams.contains(&content),
            "the POD page's own content is what was sent"
        );
    }
}

#[test]
fn pages_are_cut_in_the_order_asked_and_a_missing_page_is_an_error() {
    let original = packet();
    let texts = page_texts(&original);
    assert_eq!(texts.len(), 3);
    let cut = cut_pages(&original, &[3, 1]).unwrap();
    assert_eq!(page_texts(&cut), vec![texts[2].clone(), texts[0].clone()]);
    assert!(matches!(
        cut_pages(&original, &[4]),
        Err(CutError::NoSuchPage(4))
    ));
    assert!(cut_pages(b"not a pdf", &[1]).is_err());
}
