//! A document's page (`/documents/{id}`) and its page images (`/documents/{id}/pages/{n}`):
//! every field with the box it was read from drawn on the page image.
//!
//! Page images and word boxes are made on demand, one page at a time, by
//! [`crate::extract::page_view`], and cached on disk under the page cache
//! (`<cache>/<ab>/<sha256>-<page>.img` and `.words.json`, written atomically), so a 200-page PDF
//! costs only the pages someone looks at. The cache can be deleted at any time.

use std::collections::BTreeSet;
use std::path::{Path as FsPath, PathBuf};

use axum::extract::{Path, State};
use axum::http::header::{CACHE_CONTROL, CONTENT_TYPE};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde_json::{json, Value};

use super::{db_error, document_json, message, render, Auth, Shared, PAGE_SIZE};
use crate::extract::page_view::{self, PageBox, PageWords};
use crate::extract::{ocr, worker, PageText};
use crate::model::ValueType;
use crate::pipeline::{Attached, Corrected};
use rust_decimal::Decimal;

use crate::model::format_usd;
use crate::store::workspace::DocumentPage;
use crate::store::StoredDocument;

fn not_found() -> Response {
    message(
        StatusCode::NOT_FOUND,
        "Not found",
        "There is no such document or page.",
    )
}

/// Where the page cache keeps page `page` of the archived file `sha`, with extension `ext`.
fn cached_path(cache: &FsPath, sha: &str, page: u32, ext: &str) -> PathBuf {
    cache
        .join(sha.get(..2).unwrap_or("00"))
        .join(format!("{sha}-{page}.{ext}"))
}

/// Write `bytes` to `path` through a temporary file and a rename (a reader never sees half).
fn write_atomically(path: &FsPath, bytes: &[u8]) -> std::io::Result<()> {
    static WRITES: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
    let n = WRITES.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent)?;
    }
    let tmp = path.with_extension(format!("{}.{n}.tmp", std::process::id()));
    std::fs::write(&tmp, bytes)?;
    std::fs::rename(&tmp, path)
}

/// Why a page could not be shown, in words for the page.
#[derive(Debug, thiserror::Error)]
enum PageError {
    #[error("the archived file is missing: {0}")]
    Archive(#[from] crate::store::StoreError),
    #[error("{0}")]
    Render(#[from] ocr::OcrError),
    #[error("the page cache: {0}")]
    Cache(#[from] std::io::Error),
    #[error("rendering stopped: {0}")]
    Join(#[from] tokio::task::JoinError),
}

/// The words of page `page` of the archived file `sha`, from the cache or read now.
async fn page_words(app: &Shared, sha: &str, page: u32) -> Result<PageWords, PageError> {
    let path = cached_path(&app.page_cache, sha, page, "words.json");
    if let Ok(text) = std::fs::read(&path) {
        if let Ok(words) = serde_json::from_slice(&text) {
            return Ok(words);
        }
    }
    let archive = app.archive.clone();
    let sha = sha.to_string();
    tokio::task::spawn_blocking(move || -> Result<PageWords, PageError> {
        let source = archive.get(&sha)?;
        let words = page_view::words_on_page(&source, page)?;
        write_atomically(&path, &serde_json::to_vec(&words).expect("words serialize"))?;
        Ok(words)
    })
    .await?
}

/// The text of each page of the archived file `sha` as the extractor reads it (the text its
/// fields' byte spans point into), from the cache or read now by a worker process; `None` when
/// it cannot be read (no worker executable, a file that fails).
async fn page_texts(app: &Shared, sha: &str) -> Option<Vec<PageText>> {
    let path = cached_path(&app.page_cache, sha, 0, "texts.json");
    if let Ok(text) = std::fs::read(&path) {
        if let Ok(pages) = serde_json::from_slice(&text) {
            return Some(pages);
        }
    }
    let exe = worker::find_exe()?;
    let bytes = app.archive.get(sha).ok()?;
    match worker::read_pages(&exe, bytes, &app.worker).await {
        Ok(pages) => {
            let json = serde_json::to_vec(&pages).expect("pages serialize");
            if let Err(e) = write_atomically(&path, &json) {
                tracing::warn!(error = %e, "caching a file's page texts");
            }
            Some(pages)
        }
        Err(e) => {
            tracing::warn!(sha, error = %e, "reading an archived file's text again");
            None
        }
    }
}

/// The image of page `page` of the archived file `sha` and its content type, from the cache or
/// rendered now.
async fn page_image(
    app: &Shared,
    sha: &str,
    page: u32,
) -> Result<(Vec<u8>, &'static str), PageError> {
    let path = cached_path(&app.page_cache, sha, page, "img");
    if let Ok(bytes) = std::fs::read(&path) {
        match ocr::image_kind(&bytes) {
            Some("png") => return Ok((bytes, "image/png")),
            Some("jpeg") => return Ok((bytes, "image/jpeg")),
            _ => {}
        }
    }
    let archive = app.archive.clone();
    let sha = sha.to_string();
    tokio::task::spawn_blocking(move || -> Result<(Vec<u8>, &'static str), PageError> {
        let source = archive.get(&sha)?;
        let (bytes, kind) = page_view::render_page(&source, page)?;
        write_atomically(&path, &bytes)?;
        Ok((bytes, kind))
    })
    .await?
}

/// A percentage for a CSS length, from a fraction.
fn pct(f: f64) -> String {
    format!("{:.3}%", (f * 100.0).clamp(0.0, 100.0))
}

/// The CSS position of a box on its page image.
fn box_style(b: &PageBox) -> String {
    format!(
        "left:{};top:{};width:{};height:{}",
        pct(b.x0 - 0.003),
        pct(b.y0 - 0.003),
        pct(b.x1 - b.x0 + 0.006),
        pct(b.y1 - b.y0 + 0.006)
    )
}

/// The fields of `doc` that an exception's sentence names: those whose value as printed, as
/// normalized, or (an amount) as written in sentences (`$2,610.00`) appears in it. Values of
/// fewer than 3 characters (a state, a flag) are not taken for a mention.
pub(super) fn fields_named_in(sentence: &str, doc: &StoredDocument) -> BTreeSet<String> {
    doc.doc
        .fields
        .iter()
        .filter(|(_, f)| {
            let mut forms = vec![f.value.clone(), f.provenance.printed.clone()];
            if let Ok(amount) = f.value.parse::<Decimal>() {
                if f.value.contains('.') {
                    forms.push(format_usd(amount));
                }
            }
            forms
                .iter()
                .map(|v| v.trim())
                .any(|v| v.chars().count() >= 3 && sentence.contains(v))
        })
        .map(|(name, _)| name.clone())
        .collect()
}

/// The pages of a document as its page shows them: per page its image address and a mark for
/// each field printed on it (name, value, CSS box); also, per field name, whether it was found
/// on its page. `only`: box only these fields and leave out the pages none of them is on (the
/// exception page, with the fields its sentence names).
pub(super) async fn page_views(
    app: &Shared,
    d: &DocumentPage,
    only: Option<&BTreeSet<String>>,
) -> (Vec<Value>, Vec<(String, bool)>, Option<String>) {
    let doc = &d.document;
    let mut pages = Vec::new();
    let mut found = Vec::new();
    let mut problem = None;
    let mut texts: Option<Option<Vec<PageText>>> = None;
    let mut numbers = doc.doc.pages.clone();
    numbers.sort_unstable();
    numbers.dedup();
    for n in numbers {
        let on_page: Vec<_> = doc
            .doc
            .fields
            .iter()
            .filter(|(name, f)| {
                f.provenance.page == n
                    && !f.provenance.printed.trim().is_empty()
                    && only.is_none_or(|o| o.contains(*name))
            })
            .collect();
        if only.is_some() && on_page.is_empty() {
            continue;
        }
        let Some(sha) = &d.source_sha256 else {
            continue;
        };
        let mut marks = Vec::new();
        // Height over width, so the page keeps its shape (and its boxes their place) before
        // its image has loaded; US letter where the page's words were not needed.
        let mut aspect = 11.0 / 8.5;
        if !on_page.is_empty() {
            match page_words(app, sha, n).await {
                Ok(words) => {
                    if words.aspect > 0.0 {
                        aspect = words.aspect;
                    }
                    // On a text page, the extractor's own text says which occurrence of a value
                    // printed twice (a name in the letterhead and in the remit-to box) it read.
                    if !words.ocr && texts.is_none() {
                        texts = Some(page_texts(app, sha).await);
                    }
                    let text = texts
                        .as_ref()
                        .and_then(|t| t.as_ref())
                        .and_then(|t| t.iter().find(|p| p.page == n))
                        .filter(|_| !words.ocr);
                    for (name, f) in on_page {
                        let p = &f.provenance;
                        let nth =
                            text.and_then(|t| page_view::occurrence(&t.text, &p.printed, p.span.0));
                        let b = page_view::locate_nth(&words.words, &p.printed, nth);
                        found.push((name.clone(), b.is_some()));
                        if let Some(b) = b {
                            marks.push(
                                json!({"name": name, "value": f.value, "style": box_style(&b)}),
                            );
                        }
                    }
                }
                Err(e) => {
                    tracing::warn!(document = doc.id, page = n, error = %e, "finding the words of a page");
                    problem = Some(format!("The boxes of page {n} could not be drawn: {e}"));
                }
            }
        }
        pages.push(json!({
            "n": n,
            "src": format!("/documents/{}/pages/{n}", doc.id),
            "marks": marks,
            "aspect": format!("1 / {aspect:.4}"),
        }));
    }
    (pages, found, problem)
}

/// `/documents/{id}`: the document, its fields (with where each was read), charges and stops,
/// and its page images with a box around each field.
pub(super) async fn document_page(
    State(app): State<Shared>,
    auth: Auth,
    Path(id): Path<String>,
) -> Response {
    let Ok(id) = id.parse::<i64>() else {
        return not_found();
    };
    let d = match app.store.document_page(id).await {
        Ok(Some(d)) => d,
        Ok(None) => return not_found(),
        Err(e) => return db_error(e),
    };
    let (pages, found, problem) = page_views(&app, &d, None).await;
    let mut doc = document_json(&d.document);
    if let Some(fields) = doc["fields"].as_array_mut() {
        for f in fields {
            let name = f["name"].as_str().unwrap_or_default().to_string();
            f["boxed"] = json!(found.iter().any(|(n, b)| *n == name && *b));
        }
    }
    let audit = match app.store.audit_of(&format!("document:{id}")).await {
        Ok(a) => a,
        Err(e) => return db_error(e),
    };
    render(
        &app,
        "document.html",
        auth.ctx(json!({
            "audit": audit,
            "correctable": correctable_fields(&app, &d.document),
            "d": doc,
            "filename": d.filename,
            "load_number": d.load_number,
            "stops": d.document.doc.stops,
            "pages": pages,
            "problem": problem,
        })),
    )
}

/// `/documents/{id}/pages/{n}`: the image of page `n` of the file the document was read from
/// (only pages of that document).
pub(super) async fn page_image_route(
    State(app): State<Shared>,
    _auth: Auth,
    Path((id, n)): Path<(String, String)>,
) -> Response {
    let (Ok(id), Ok(n)) = (id.parse::<i64>(), n.parse::<u32>()) else {
        return not_found();
    };
    let d = match app.store.document_page(id).await {
        Ok(Some(d)) => d,
        Ok(None) => return not_found(),
        Err(e) => return db_error(e),
    };
    let Some(sha) = d
        .source_sha256
        .filter(|_| d.document.doc.pages.contains(&n))
    else {
        return not_found();
    };
    match page_image(&app, &sha, n).await {
        Ok((bytes, kind)) => (
            [
                (CONTENT_TYPE, kind),
                (CACHE_CONTROL, "private, max-age=86400"),
            ],
            bytes,
        )
            .into_response(),
        Err(e) => {
            tracing::warn!(document = id, page = n, error = %e, "rendering a page image");
            message(
                StatusCode::INTERNAL_SERVER_ERROR,
                "No image",
                &format!("Page {n} could not be shown: {e}"),
            )
        }
    }
}

#[derive(serde::Deserialize)]
pub(super) struct PageQuery {
    page: Option<String>,
}

/// `/documents/unlinked`: documents filed against no load, oldest first, each with its
/// references and a form to attach it to a load.
pub(super) async fn unlinked(
    State(app): State<Shared>,
    auth: Auth,
    axum::extract::Query(q): axum::extract::Query<PageQuery>,
) -> Response {
    let page = super::page_number(&q.page);
    let (rows, total) = match app
        .store
        .unlinked_documents(PAGE_SIZE, (page - 1) * PAGE_SIZE)
        .await
    {
        Ok(r) => r,
        Err(e) => return db_error(e),
    };
    let pages = ((total + PAGE_SIZE - 1) / PAGE_SIZE).max(1);
    render(
        &app,
        "unlinked.html",
        auth.ctx(json!({
            "rows": rows,
            "total": total,
            "page": page,
            "pages": pages,
            "prev": (page > 1).then(|| format!("/documents/unlinked?page={}", page - 1)),
            "next": (page < pages).then(|| format!("/documents/unlinked?page={}", page + 1)),
        })),
    )
}

#[derive(serde::Deserialize)]
pub(super) struct AttachForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    load_number: String,
    #[serde(default)]
    note: String,
}

/// `POST /documents/{id}/attach`: file an unlinked document against a load (its number typed
/// by staff) and run what its arrival would have run ([`Pipeline::attach_document`] with the
/// rules as they are now); then the document's page.
pub(super) async fn attach(
    State(app): State<Shared>,
    auth: Auth,
    Path(id): Path<String>,
    axum::Form(f): axum::Form<AttachForm>,
) -> Response {
    if let Err(r) = auth.check_csrf(&f.csrf, "attach") {
        return r;
    }
    let Ok(id) = id.parse::<i64>() else {
        return not_found();
    };
    let load_number = f.load_number.trim();
    if load_number.is_empty() {
        return message(
            StatusCode::UNPROCESSABLE_ENTITY,
            "A load number is needed",
            "Type the number of the load this document belongs to: go back and try again.",
        );
    }
    reload_rules(&app).await;
    let note = f.note.trim();
    match app
        .pipeline
        .attach_document(id, load_number, &auth.session.user.name, note)
        .await
    {
        Ok(Attached::Filed { .. }) => super::redirect(&format!("/documents/{id}")),
        Ok(Attached::NoSuchDocument) => not_found(),
        Ok(Attached::AlreadyFiled(load)) => message(
            StatusCode::CONFLICT,
            "Already filed",
            &format!("This document is already filed against load {load}."),
        ),
        Ok(Attached::NoSuchLoad) => message(
            StatusCode::UNPROCESSABLE_ENTITY,
            "No such load",
            &format!("There is no load {load_number}: check the number (search finds loads by any reference), go back and try again."),
        ),
        Err(e) => db_error(e),
    }
}

#[derive(serde::Deserialize)]
pub(super) struct CorrectForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    field: String,
    #[serde(default)]
    value: String,
    #[serde(default)]
    note: String,
}

/// What a value of a type looks like, in words, for a refused correction.
fn value_hint(t: ValueType) -> &'static str {
    match t {
        ValueType::Money => "an amount in USD, like 2,450.00",
        ValueType::Date => "a date, like 07/16/2026",
        ValueType::Weight => "a weight, like 38,500 lb",
        ValueType::Integer => "a whole number",
        ValueType::Digits => "a number, like 123456",
        ValueType::State => "a two-letter state code, like GA",
        ValueType::Flag => "yes or no",
        ValueType::FreightTerms => "prepaid, collect or third party",
        ValueType::Id | ValueType::Text => "some text",
    }
}

/// The fields staff may set on a document of `kind`: those it has and those the rules know for
/// its kind (its labels and patterns), sorted.
pub(super) fn correctable_fields(app: &Shared, d: &StoredDocument) -> Vec<String> {
    let rules = app.pipeline.rules.load();
    let mut names: BTreeSet<String> = d.doc.fields.keys().cloned().collect();
    if let Some(k) = rules.kinds.iter().find(|k| k.kind == d.doc.kind) {
        names.extend(k.labels.iter().map(|(n, _)| n.clone()));
        names.extend(k.fields.iter().map(|f| f.name.clone()));
    }
    names.into_iter().collect()
}

/// `POST /documents/{id}/correct`: set one field to what staff typed; the checks run again
/// ([`Pipeline::correct_field`], the rules as they are in the folder now); then the document's
/// page.
pub(super) async fn correct(
    State(app): State<Shared>,
    auth: Auth,
    Path(id): Path<String>,
    axum::Form(f): axum::Form<CorrectForm>,
) -> Response {
    if let Err(r) = auth.check_csrf(&f.csrf, "correct") {
        return r;
    }
    let Ok(id) = id.parse::<i64>() else {
        return not_found();
    };
    let field = f.field.trim();
    let known = match app.store.document_page(id).await {
        Ok(Some(d)) => correctable_fields(&app, &d.document),
        Ok(None) => return not_found(),
        Err(e) => return db_error(e),
    };
    if !known.iter().any(|k| k == field) {
        return message(
            StatusCode::UNPROCESSABLE_ENTITY,
            "Unknown field",
            "Choose one of the document's fields from the list: go back and try again.",
        );
    }
    reload_rules(&app).await;
    match app
        .pipeline
        .correct_field(id, field, &f.value, &auth.session.user.name, f.note.trim())
        .await
    {
        Ok(Corrected::Done { .. }) => super::redirect(&format!("/documents/{id}")),
        Ok(Corrected::NoSuchDocument) => not_found(),
        Ok(Corrected::NotAValue(t)) => message(
            StatusCode::UNPROCESSABLE_ENTITY,
            "Not a value of that field",
            &format!("{field} takes {}: go back and try again.", value_hint(t)),
        ),
        Err(e) => db_error(e),
    }
}

#[derive(serde::Deserialize)]
pub(super) struct LearnForm {
    #[serde(default)]
    csrf: String,
    /// Who issues the layout, as staff name it; empty: the letterhead.
    #[serde(default)]
    issuer: String,
}

/// One layout is learned at a time: each learning reads and writes the rules folder.
static LEARNING: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());

/// `POST /documents/{id}/learn`: teach the rules this document's layout. A template is suggested
/// from the file the document was read from and the document's values as they stand (corrected
/// ones included; a value the suggestion cannot find on the page, or cannot read back from a
/// label, is left to the generic reader and named), written into the rules folder with the file
/// as its sample, and kept only if every rule test still passes ([`crate::rules::learn`]); the
/// daemon's rules watcher takes it up from there. Audited on the document; then its page.
pub(super) async fn learn(
    State(app): State<Shared>,
    auth: Auth,
    Path(id): Path<String>,
    axum::Form(f): axum::Form<LearnForm>,
) -> Response {
    use crate::rules::learn::{self, LearnError};
    use crate::rules::suggest::{self, Request, SuggestError};
    if let Err(r) = auth.check_csrf(&f.csrf, "learn") {
        return r;
    }
    let Ok(id) = id.parse::<i64>() else {
        return not_found();
    };
    let d = match app.store.document_page(id).await {
        Ok(Some(d)) => d,
        Ok(None) => return not_found(),
        Err(e) => return db_error(e),
    };
    let not_learned = |why: &str| {
        message(
            StatusCode::UNPROCESSABLE_ENTITY,
            "Layout not learned",
            &format!("{why} Nothing was written; go back to the document."),
        )
    };
    let Some(sha) = d.source_sha256.as_deref() else {
        return not_learned("This document was read from the email's text: it has no layout.");
    };
    let bytes = match app.archive.get(sha) {
        Ok(b) => b,
        Err(e) => return not_learned(&format!("The archived file is missing: {e}.")),
    };
    let Some(pages) = page_texts(&app, sha).await else {
        return not_learned("The file's text could not be read again.");
    };
    let _one = LEARNING.lock().await;
    reload_rules(&app).await;
    let set = match learn::load_rules(&app.rules_dir) {
        Ok(s) => s,
        Err(e) => return not_learned(&format!("{e}.")),
    };
    let doc = &d.document.doc;
    let mut values: Vec<(String, String)> = doc
        .fields
        .iter()
        .filter(|(_, f)| f.provenance.page > 0 || f.provenance.rule.starts_with("workspace#"))
        .map(|(n, f)| (n.clone(), f.value.clone()))
        .collect();
    let mut left_out = Vec::new();
    let suggestion = loop {
        let request = Request {
            kind: (doc.kind != crate::model::DocumentKind::Other).then_some(doc.kind),
            id: None,
            issuer: Some(f.issuer.trim().to_string()).filter(|s| !s.is_empty()),
            values: values.clone(),
        };
        match suggest::suggest(&pages, &set, &request) {
            Ok(s) => break s,
            Err(
                e @ (SuggestError::NotPrinted { .. }
                | SuggestError::NoPattern { .. }
                | SuggestError::BadValue { .. }
                | SuggestError::UnknownField { .. }),
            ) => {
                let name = match &e {
                    SuggestError::NotPrinted { name, .. }
                    | SuggestError::NoPattern { name, .. }
                    | SuggestError::BadValue { name, .. }
                    | SuggestError::UnknownField { name, .. } => name.clone(),
                    _ => unreachable!("matched above"),
                };
                values.retain(|(n, _)| *n != name);
                left_out.push(name);
            }
            Err(SuggestError::NothingSet) => {
                return not_learned(
                    "None of the document's values could be taught: none is printed where a \
                     label or heading reads it back. Correct the values first, or write the \
                     template by hand (rules/README.md).",
                )
            }
            Err(e) => return not_learned(&format!("{e}.")),
        }
    };
    let ext = d
        .filename
        .as_deref()
        .and_then(|n| n.rsplit_once('.'))
        .map(|(_, e)| e.to_ascii_lowercase())
        .unwrap_or_else(|| "pdf".into());
    let sample_rel = format!("samples/{}.{ext}", suggestion.id);
    let text = suggestion.to_toml(
        d.filename.as_deref().unwrap_or("the workspace"),
        &sample_rel,
    );
    match learn::learn(
        &app.rules_dir,
        &set,
        &suggestion.id,
        &text,
        &sample_rel,
        &bytes,
        false,
    )
    .await
    {
        Ok(learned) => {
            reload_rules(&app).await;
            let taught: Vec<&str> = suggestion.fields.iter().map(|f| f.name.as_str()).collect();
            let mut after = format!(
                "template {} ({}) reads {}",
                suggestion.id,
                learned
                    .template
                    .strip_prefix(&app.rules_dir)
                    .unwrap_or(&learned.template)
                    .display(),
                taught.join(", ")
            );
            if !left_out.is_empty() {
                after.push_str(&format!(
                    "; left to the generic reader: {}",
                    left_out.join(", ")
                ));
            }
            after.push_str(&format!("; rules version {}", learned.version));
            let entry = crate::store::workspace::NewAudit {
                actor: &auth.session.user.name,
                action: "learn_layout",
                subject: &format!("document:{id}"),
                load_id: d.document.load_id,
                before: None,
                after: Some(&after),
                note: None,
            };
            if let Err(e) = app.store.record_audit(&entry).await {
                return db_error(e);
            }
            super::redirect(&format!("/documents/{id}"))
        }
        Err(LearnError::Exists { id: template, .. }) => not_learned(&format!(
            "A template `{template}` exists already: give this layout another issuer name."
        )),
        Err(LearnError::TestsFail { failed, .. }) => {
            let names: Vec<String> = failed.iter().map(|(label, _)| label.clone()).collect();
            not_learned(&format!(
                "With the suggested template, rule tests fail (it would read another layout's \
                 documents, or not this one): {}. Try another issuer name, or write the \
                 template by hand (rules/README.md).",
                names.join("; ")
            ))
        }
        Err(e) => not_learned(&format!("{e}.")),
    }
}

/// Load the rules folder again if it changed (and is valid), so a person's action is judged by
/// the rules staff have in the folder now.
pub(super) async fn reload_rules(app: &Shared) {
    let dir = app.rules_dir.clone();
    let pipeline = app.pipeline.clone();
    match tokio::task::spawn_blocking(move || crate::rules::watch::reload(&dir, &pipeline.rules))
        .await
    {
        Ok(r) => tracing::debug!(?r, "rules before a person's action"),
        Err(e) => tracing::warn!(error = %e, "reloading the rules"),
    }
}
