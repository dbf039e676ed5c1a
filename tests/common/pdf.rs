//! A small PDF writer for tests (lopdf): Type1 Helvetica (WinAnsiEncoding) as /F1, US Letter.
#![allow(dead_code)]

use lopdf::{dictionary, Dictionary, Document, Object, ObjectId, Stream};

// ---------------------------------------------------------------------------------------------
// Building PDFs
// ---------------------------------------------------------------------------------------------

/// A PDF under construction: Type1 Helvetica (WinAnsiEncoding) as /F1 on every page, US Letter.
pub struct Pdf {
    pub doc: Document,
    pub pages_id: ObjectId,
    pub font_id: ObjectId,
    pub kids: Vec<Object>,
}

impl Pdf {
    pub fn new() -> Self {
        let mut doc = Document::with_version("1.5");
        let pages_id = doc.new_object_id();
        let font_id = doc.add_object(dictionary! {
            "Type" => "Font",
            "Subtype" => "Type1",
            "BaseFont" => "Helvetica",
            "Encoding" => "WinAnsiEncoding",
        });
        Pdf {
            doc,
            pages_id,
            font_id,
            kids: Vec::new(),
        }
    }

    pub fn resources(&self) -> Dictionary {
        dictionary! { "Font" => dictionary! { "F1" => self.font_id } }
    }

    /// Add a page drawing `content`; `extra` entries go into the page dictionary.
    pub fn page_with(&mut self, content: &str, extra: Dictionary) -> ObjectId {
        let content_id = self
            .doc
            .add_object(Stream::new(Dictionary::new(), content.as_bytes().to_vec()));
        let mut page = dictionary! {
            "Type" => "Page",
            "Parent" => self.pages_id,
            "Contents" => content_id,
            "Resources" => self.resources(),
        };
        for (k, v) in extra.iter() {
            page.set(k.clone(), v.clone());
        }
        let id = self.doc.add_object(page);
        self.kids.push(id.into());
        id
    }

    pub fn page(&mut self, content: &str) -> ObjectId {
        self.page_with(content, Dictionary::new())
    }

    pub fn finish(mut self) -> Document {
        let count = self.kids.len() as i64;
        self.doc.objects.insert(
            self.pages_id,
            Object::Dictionary(dictionary! {
                "Type" => "Pages",
                "Kids" => self.kids,
                "Count" => count,
                "MediaBox" => vec![0.into(), 0.into(), 612.into(), 792.into()],
            }),
        );
        let catalog = self.doc.add_object(dictionary! {
            "Type" => "Catalog",
            "Pages" => self.pages_id,
        });
        self.doc.trailer.set("Root", catalog);
        self.doc.trailer.set(
            "ID",
            Object::Array(vec![
                Object::string_literal(b"freightdesk-test-1".to_vec()),
                Object::string_literal(b"freightdesk-test-1".to_vec()),
            ]),
        );
        self.doc
    }

    pub fn bytes(self) -> Vec<u8> {
        save(self.finish())
    }
}

/// Serialize a document.
pub fn save(mut doc: Document) -> Vec<u8> {
    let mut out = Vec::new();
    doc.save_to(&mut out).expect("lopdf writes the PDF");
    out
}

/// A one-page PDF reading "Secret rate 2100.00", encrypted (RC4-128) with this user password
/// (an empty one opens without asking).
pub fn encrypted(user_password: &str) -> Vec<u8> {
    let mut pdf = Pdf::new();
    pdf.page("BT /F1 12 Tf 72 700 Td (Secret rate 2100.00) Tj ET");
    let mut doc = pdf.finish();
    let state = lopdf::EncryptionState::try_from(lopdf::EncryptionVersion::V2 {
        document: &doc,
        owner_password: "owner-pw",
        user_password,
        key_length: 128,
        permissions: lopdf::Permissions::PRINTABLE,
    })
    .unwrap();
    doc.encrypt(&state).unwrap();
    let bytes = save(doc);
    assert!(
        !bytes.windows(6).any(|w| w == b"Secret"),
        "the test PDF really is encrypted"
    );
    bytes
}

/// A one-page PDF whose font (a composite font with an unknown CMap as its /Encoding) makes
/// pdf-extract panic. (An unknown simple-font /Encoding no longer does: `pdf_text` drops it.)
pub fn panicking() -> Vec<u8> {
    let mut pdf = Pdf::new();
    let bad_font = pdf.doc.add_object(dictionary! {
        "Type" => "Font", "Subtype" => "Type0", "BaseFont" => "Helvetica",
        "Encoding" => "NoSuchCMap",
        "DescendantFonts" => vec![Object::Dictionary(dictionary! {
            "Type" => "Font", "Subtype" => "CIDFontType2", "BaseFont" => "Helvetica",
        })],
    });
    pdf.page_with(
        "BT /F9 12 Tf 72 700 Td (INVOICE) Tj ET",
        dictionary! { "Resources" => dictionary! { "Font" => dictionary! { "F9" => bad_font } } },
    );
    pdf.bytes()
}
