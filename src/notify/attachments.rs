//! What a notification attaches, and the one rule that holds whatever the rule files say: a
//! customer receives only the pages of the shipment's own paperwork.
//!
//! A document is attached as its own pages, cut out of the PDF it arrived in and named for what
//! it is (`POD-SFP-88123.pdf`), never as the file the carrier sent: a carrier's email often holds
//! a packet (carrier invoice + rate confirmation + POD in one PDF), and the invoice and rate
//! confirmation show what the broker pays the carrier. The outbox row records the archived file
//! and the pages (`{"sha256", "pages", "filename", "content_type"}`); the pages are cut when the
//! email is built ([`attachment_bytes`]). A customer invoice's PDF is an entry of its own
//! (`{"customer_invoice": {…the invoice…}, "filename", "content_type"}`), rendered then too.

use std::collections::{BTreeMap, HashMap, HashSet};

use lopdf::{Dictionary, Document, Object, ObjectId};
use serde_json::{json, Value};
use sqlx::{AnyConnection, Row};

use super::NotifyError;
use crate::model::DocumentKind;
use crate::rules::Audience;
use crate::store::{self, Archive};

/// The attachment JSON for document `document_id` on a route to `to`, or nothing when that
/// audience may not receive that kind (a rate confirmation or carrier invoice to a customer:
/// refused by `rules check` already; refused here again so no rule set can send one).
///
/// Errors: the database.
pub(super) async fn of_document(
    conn: &mut AnyConnection,
    to: Audience,
    document_id: i64,
) -> Result<Vec<Value>, NotifyError> {
    let row = sqlx::query(
        "SELECT d.kind, d.pages, a.sha256, a.content_type, l.load_number FROM documents d \
         JOIN attachments a ON a.id = d.attachment_id \
         LEFT JOIN loads l ON l.id = d.load_id WHERE d.id = $1",
    )
    .bind(document_id)
    .fetch_optional(&mut *conn)
    .await
    .map_err(store::StoreError::from)?;
    let Some(r) = row else { return Ok(Vec::new()) };
    let kind: String = r.get(0);
    let kind: DocumentKind = kind
        .parse()
        .map_err(|e: String| store::StoreError::Corrupt(e))?;
    if to == Audience::Customer && !kind.may_go_to_customer() {
        tracing::error!(
            document_id,
            kind = kind.as_str(),
            "a {} is never sent to a customer; not attached",
            kind.as_str()
        );
        return Ok(Vec::new());
    }
    let pages: Vec<u32> = serde_json::from_str(&r.get::<String, _>(1))
        .map_err(|e| store::StoreError::Corrupt(format!("document {document_id} pages: {e}")))?;
    let sha: String = r.get(2);
    let content_type: Option<String> = r.get(3);
    let load_number: Option<String> = r.get(4);
    let content_type = content_type.unwrap_or_default();
    let (ext, content_type, pages) = match image_extension(&content_type) {
        // A scan arrives as one image: the image is the document, there are no pages to cut.
        Some(ext) => (ext, content_type, None),
        None => ("pdf", "application/pdf".to_string(), Some(pages)),
    };
    Ok(vec![json!({
        "sha256": sha,
        "pages": pages,
        "filename": file_name(kind, load_number.as_deref(), ext),
        "content_type": content_type,
    })])
}

/// Make the file names of `attachments` distinct (`carrier-invoice-4471203.pdf`, then
/// `carrier-invoice-4471203-2.pdf`): two documents of one kind and load are two files.
pub(super) fn unique_names(attachments: &mut [Value]) {
    let mut seen = HashSet::new();
    for a in attachments.iter_mut() {
        let name = a["filename"].as_str().unwrap_or("document.pdf").to_string();
        let (stem, ext) = name.rsplit_once('.').unwrap_or((&name, "pdf"));
        let mut candidate = name.clone();
        let mut n = 1;
        while !seen.insert(candidate.clone()) {
            n += 1;
            candidate = format!("{stem}-{n}.{ext}");
        }
        a["filename"] = Value::String(candidate);
    }
}

/// `POD-SFP-88123.pdf`: what the file is and its load, in characters every mail client keeps.
fn file_name(kind: DocumentKind, load_number: Option<&str>, ext: &str) -> String {
    let load = file_safe(load_number.unwrap_or_default());
    match load.is_empty() {
        true => format!("{}.{ext}", kind.file_label()),
        false => format!("{}-{load}.{ext}", kind.file_label()),
    }
}

/// `s` for a file name: letters, digits, `-` and `_` kept, anything else `-` (`KB 20931/A` →
/// `KB-20931-A`).
pub(crate) fn file_safe(s: &str) -> String {
    s.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '-'
            }
        })
        .collect()
}

fn image_extension(content_type: &str) -> Option<&'static str> {
    match content_type.to_ascii_lowercase().as_str() {
        "image/png" => Some("png"),
        "image/jpeg" | "image/jpg" => Some("jpg"),
        "image/tiff" => Some("tif"),
        _ => None,
    }
}

/// The bytes to attach for one entry of an outbox row's attachment JSON: the archived file, or,
/// when the entry names `pages`, a new PDF of those pages alone.
///
/// Errors: [`NotifyError::Build`] when the archive has no such file or the pages cannot be cut.
pub(super) fn attachment_bytes(archive: &Archive, a: &Value) -> Result<Vec<u8>, NotifyError> {
    if let Some(inv) = a.get("customer_invoice") {
        // A customer invoice: its PDF, rendered from the invoice (the same bytes every time).
        let inv: crate::billing::invoice::CustomerInvoice = serde_json::from_value(inv.clone())
            .map_err(|e| NotifyError::Build(format!("customer invoice: {e}")))?;
        return crate::billing::pdf::render(&inv).map_err(|e| {
            NotifyError::Build(format!("customer invoice {}: {e}", inv.invoice_number))
        });
    }
    let sha = a["sha256"].as_str().unwrap_or_default();
    let bytes = archive
        .get(sha)
        .map_err(|e| NotifyError::Build(format!("attachment {sha}: {e}")))?;
    let Some(pages) = a["pages"].as_array() else {
        return Ok(bytes);
    };
    let pages: Vec<u32> = pages
        .iter()
        .filter_map(|p| p.as_u64().and_then(|p| u32::try_from(p).ok()))
        .collect();
    cut_pages(&bytes, &pages)
        .map_err(|e| NotifyError::Build(format!("attachment {sha}, pages {pages:?}: {e}")))
}

/// Why pages could not be cut out of a PDF.
#[derive(Debug, thiserror::Error)]
pub enum CutError {
    /// lopdf could not read or write it (or panicked doing so).
    #[error("{0}")]
    Pdf(String),
    /// A page asked for is not in the PDF, or none was asked for.
    #[error("it has no page {0}")]
    NoSuchPage(u32),
}

/// A new PDF holding only `pages` (1-based, in the order given) of `pdf`.
///
/// Only what those pages draw with is copied: objects are followed from each kept page, never
/// through a reference to another page (an annotation's `/P`, a link's destination, an outline),
/// which becomes `null`; the document's outlines, forms and names are not copied. So no byte of a
/// page left out reaches the new file, not even as an unused object. Attributes a page inherits
/// from its page tree (resources, media box, rotation) are set on the page itself.
///
/// An encrypted PDF is opened with the empty user password, as for reading; the result is not
/// encrypted. Panics inside lopdf are caught.
///
/// Errors: [`CutError::NoSuchPage`] for a page the PDF lacks (or an empty list),
/// [`CutError::Pdf`] for a file lopdf cannot read or write.
pub fn cut_pages(pdf: &[u8], pages: &[u32]) -> Result<Vec<u8>, CutError> {
    if pages.is_empty() {
        return Err(CutError::NoSuchPage(0));
    }
    crate::extract::pdf_text::guarded("cutting pages", || cut(pdf, pages))
        .map_err(|e| CutError::Pdf(e.to_string()))?
}

fn cut(pdf: &[u8], keep: &[u32]) -> Result<Vec<u8>, CutError> {
    let pdf_err = |e: lopdf::Error| CutError::Pdf(e.to_string());
    let start = crate::extract::pdf_text::header_offset(pdf).unwrap_or(0);
    let mut src = Document::load_mem(&pdf[start..]).map_err(pdf_err)?;
    if src.trailer.has(b"Encrypt") || src.is_encrypted() {
        src.decrypt("").map_err(pdf_err)?;
    }
    let all: BTreeMap<u32, ObjectId> = src.get_pages();
    let page_ids: HashSet<ObjectId> = all.values().copied().collect();

    let mut out = Document::with_version(src.version.clone());
    let tree_id = out.new_object_id();
    // The kept pages get their new ids first, so a reference to one of them (an annotation's
    // `/P`) is mapped rather than followed.
    let mut map: HashMap<ObjectId, ObjectId> = HashMap::new();
    let mut kept = Vec::with_capacity(keep.len());
    for &n in keep {
        let id = *all.get(&n).ok_or(CutError::NoSuchPage(n))?;
        if let std::collections::hash_map::Entry::Vacant(e) = map.entry(id) {
            e.insert(out.new_object_id());
            kept.push(id);
        }
    }
    let mut copier = Copier {
        src: &src,
        page_ids: &page_ids,
        map,
        queue: Vec::new(),
        next_id: out.max_id + 1,
    };
    let mut kids = Vec::with_capacity(kept.len());
    for id in &kept {
        let new_id = copier.map[id];
        let mut page = src.get_dictionary(*id).map_err(pdf_err)?.clone();
        for key in [&b"Resources"[..], b"MediaBox", b"CropBox", b"Rotate"] {
            if !page.has(key) {
                if let Some(v) = inherited(&src, &page, key) {
                    page.set(key, v);
                }
            }
        }
        let mut page = copier.copy_dict(&page);
        page.set("Parent", Object::Reference(tree_id));
        out.objects.insert(new_id, Object::Dictionary(page));
        kids.push(Object::Reference(new_id));
    }
    // Every object a kept page reaches.
    while let Some((old, new)) = copier.queue.pop() {
        let obj = src.get_object(old).map_err(pdf_err)?.clone();
        let copied = copier.copy(&obj);
        out.objects.insert(new, copied);
    }
    out.max_id = copier.next_id - 1;
    let count = kids.len() as i64;
    out.objects.insert(
        tree_id,
        Object::Dictionary(Dictionary::from_iter(vec![
            ("Type", Object::Name(b"Pages".to_vec())),
            ("Kids", Object::Array(kids)),
            ("Count", Object::Integer(count)),
        ])),
    );
    let catalog = out.add_object(Dictionary::from_iter(vec![
        ("Type", Object::Name(b"Catalog".to_vec())),
        ("Pages", Object::Reference(tree_id)),
    ]));
    out.trailer.set("Root", Object::Reference(catalog));
    let mut bytes = Vec::new();
    out.save_to(&mut bytes)
        .map_err(|e| CutError::Pdf(e.to_string()))?;
    Ok(bytes)
}

/// A page attribute inherited through its `/Parent` chain (ISO 32000-1, 7.7.3.4).
fn inherited(src: &Document, page: &Dictionary, key: &[u8]) -> Option<Object> {
    let mut parent = page.get(b"Parent").ok()?.as_reference().ok()?;
    for _ in 0..64 {
        let node = src.get_dictionary(parent).ok()?;
        if let Ok(v) = node.get(key) {
            return Some(v.clone());
        }
        parent = node.get(b"Parent").ok()?.as_reference().ok()?;
    }
    None
}

/// Copies objects from one document into another, following references, renumbering them, and
/// never following a reference to a page that is not kept.
struct Copier<'a> {
    src: &'a Document,
    page_ids: &'a HashSet<ObjectId>,
    map: HashMap<ObjectId, ObjectId>,
    /// Objects reached but not yet copied: (old id, new id).
    queue: Vec<(ObjectId, ObjectId)>,
    /// The next object number of the new document.
    next_id: u32,
}

impl Copier<'_> {
    fn copy(&mut self, obj: &Object) -> Object {
        match obj {
            Object::Reference(id) => self.reference(*id),
            Object::Array(items) => Object::Array(items.iter().map(|o| self.copy(o)).collect()),
            Object::Dictionary(d) => Object::Dictionary(self.copy_dict(d)),
            Object::Stream(s) => {
                let mut s = s.clone();
                s.dict = self.copy_dict(&s.dict);
                Object::Stream(s)
            }
            other => other.clone(),
        }
    }

    /// A dictionary's copy, without its `/Parent`: that leads up a tree (the page tree, a form
    /// field's, a pop-up's annotation) to what belongs to other pages.
    fn copy_dict(&mut self, d: &Dictionary) -> Dictionary {
        let mut out = Dictionary::new();
        for (k, v) in d.iter().filter(|(k, _)| k.as_slice() != b"Parent") {
            out.set(k.clone(), self.copy(v));
        }
        out
    }

    fn reference(&mut self, id: ObjectId) -> Object {
        if let Some(new) = self.map.get(&id) {
            return Object::Reference(*new);
        }
        // A page not kept, or a node of the page tree (which lists every page): not followed.
        let is_tree_node = self
            .src
            .get_dictionary(id)
            .ok()
            .and_then(|d| d.get(b"Type").ok())
            .and_then(|t| t.as_name().ok())
            .is_some_and(|t| t == b"Pages" || t == b"Page");
        if self.page_ids.contains(&id) || is_tree_node || self.src.get_object(id).is_err() {
            return Object::Null;
        }
        let new = (self.next_id, 0);
        self.next_id += 1;
        self.map.insert(id, new);
        self.queue.push((id, new));
        Object::Reference(new)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_names_say_what_the_file_is() {
        assert_eq!(
            file_name(DocumentKind::ProofOfDelivery, Some("SFP-88123"), "pdf"),
            "POD-SFP-88123.pdf"
        );
        assert_eq!(
            file_name(DocumentKind::BillOfLading, Some("KB 20931/A"), "png"),
            "BOL-KB-20931-A.png"
        );
        assert_eq!(
            file_name(DocumentKind::LumperReceipt, None, "pdf"),
            "lumper-receipt.pdf"
        );
    }
}
