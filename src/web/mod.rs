//! The back-office workspace: `freightdesk serve`, server-rendered HTML over the database `run`
//! writes. Plain forms, no JavaScript.
//!
//! Every page but `/login` needs a session (a cookie holding a random token whose SHA-256 is in
//! `sessions`); every POST form carries the session's CSRF token (the login form a token of its
//! own, double-submitted in a cookie). Templates are compiled into the binary and escape what
//! they show (minijinja's HTML auto-escaping): subjects, names and field values come from
//! carriers.

use std::collections::{HashMap, VecDeque};
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use anyhow::Context as _;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::Argon2;
use axum::extract::{FromRequestParts, Path, Query, State};
use axum::http::header::{CACHE_CONTROL, CONTENT_TYPE, COOKIE, LOCATION, SET_COOKIE};
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Form, Router};
use serde::Deserialize;
use serde_json::{json, Value};

use crate::config::Config;
use crate::pipeline::{Disputed, Pipeline};
use crate::store::workspace::{minutes_from_now, Approval, ExceptionFilter, Payable, Session};
use crate::store::{sha256_hex, Archive, Store, StoredDocument};

mod documents;
mod health;

/// Rows per page of the exception queue.
pub const PAGE_SIZE: i64 = 50;
/// Failed logins per name within [`FAILURE_WINDOW`] before further tries are refused.
pub const MAX_FAILURES: usize = 5;
/// The window of [`MAX_FAILURES`].
pub const FAILURE_WINDOW: Duration = Duration::from_secs(300);

const SESSION_COOKIE: &str = "fd_session";
const LOGIN_CSRF_COOKIE: &str = "fd_login_csrf";

/// What every handler shares.
pub struct App {
    store: Store,
    pipeline: Arc<Pipeline>,
    rules_dir: PathBuf,
    archive: Archive,
    page_cache: PathBuf,
    worker: crate::extract::worker::WorkerLimits,
    templates: minijinja::Environment<'static>,
    session_minutes: u32,
    secure_cookies: bool,
    failures: Mutex<HashMap<String, VecDeque<Instant>>>,
}

type Shared = Arc<App>;

/// Hash a password with argon2id (a random salt; the PHC string).
pub fn hash_password(password: &str) -> anyhow::Result<String> {
    let salt =
        SaltString::encode_b64(&random_bytes::<16>()).map_err(|e| anyhow::anyhow!("salt: {e}"))?;
    Ok(Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map_err(|e| anyhow::anyhow!("hashing the password: {e}"))?
        .to_string())
}

/// Whether `password` matches an argon2 PHC string.
pub fn verify_password(password: &str, hash: &str) -> bool {
    PasswordHash::new(hash)
        .map(|h| {
            Argon2::default()
                .verify_password(password.as_bytes(), &h)
                .is_ok()
        })
        .unwrap_or(false)
}

fn random_bytes<const N: usize>() -> [u8; N] {
    let mut b = [0u8; N];
    getrandom::fill(&mut b).expect("the operating system's random source");
    b
}

fn random_token() -> String {
    hex::encode(random_bytes::<32>())
}

fn templates() -> minijinja::Environment<'static> {
    let mut env = minijinja::Environment::new();
    for (name, text) in [
        ("base.html", include_str!("templates/base.html")),
        ("login.html", include_str!("templates/login.html")),
        ("documents.html", include_str!("templates/documents.html")),
        ("document.html", include_str!("templates/document.html")),
        ("pages.html", include_str!("templates/pages.html")),
        ("search.html", include_str!("templates/search.html")),
        ("unlinked.html", include_str!("templates/unlinked.html")),
        ("attach.html", include_str!("templates/attach.html")),
        ("payables.html", include_str!("templates/payables.html")),
        ("users.html", include_str!("templates/users.html")),
        ("exceptions.html", include_str!("templates/exceptions.html")),
        ("exception.html", include_str!("templates/exception.html")),
        ("load.html", include_str!("templates/load.html")),
        ("message.html", include_str!("templates/message.html")),
        ("audit.html", include_str!("templates/audit.html")),
    ] {
        env.add_template(name, text)
            .expect("the embedded templates parse");
    }
    env
}

/// What the workspace needs besides the database.
#[derive(Debug, Clone)]
pub struct WebOptions {
    /// Minutes a login lasts.
    pub session_minutes: u32,
    /// The archive the documents' files are in (`[store] archive`).
    pub archive_dir: PathBuf,
    /// Where page images and word boxes are cached: `page-cache` beside the archive folder.
    pub page_cache: PathBuf,
    /// Limits on reading an archived file's text again (where a field's box is drawn).
    pub worker: crate::extract::worker::WorkerLimits,
    /// Session cookies are `Secure` (the workspace is reached over TLS).
    pub secure_cookies: bool,
    /// The rules folder (reloaded, when it changed, before a document is attached to a load).
    pub rules_dir: PathBuf,
}

impl WebOptions {
    /// The options a config gives.
    pub fn of(config: &Config) -> WebOptions {
        WebOptions {
            session_minutes: config.web.session_minutes,
            archive_dir: config.archive_dir.clone(),
            page_cache: config.archive_dir.with_file_name("page-cache"),
            worker: config.limits.worker(),
            rules_dir: config.rules_dir.clone(),
            secure_cookies: config.web.secure_cookies(),
        }
    }
}

/// The router over a pipeline (its store, rules and directory).
pub fn router(pipeline: Arc<Pipeline>, options: WebOptions) -> Router {
    let app = Arc::new(App {
        store: pipeline.store.clone(),
        pipeline,
        rules_dir: options.rules_dir,
        archive: Archive::new(&options.archive_dir),
        page_cache: options.page_cache,
        worker: options.worker,
        templates: templates(),
        session_minutes: options.session_minutes,
        secure_cookies: options.secure_cookies,
        failures: Mutex::new(HashMap::new()),
    });
    Router::new()
        .route("/", get(|_: Auth| async { redirect("/exceptions") }))
        .route("/login", get(login_page).post(login))
        .route(HTMX_PATH, get(htmx_js))
        .route("/healthz", get(health::healthz))
        .route("/readyz", get(health::readyz))
        .route("/metrics", get(health::metrics))
        .route("/logout", post(logout))
        .route("/exceptions", get(exception_queue))
        .route("/exceptions/{id}", get(exception_page))
        .route("/exceptions/{id}/resolve", post(resolve))
        .route("/exceptions/{id}/approve", post(approve))
        .route("/exceptions/{id}/assign", post(assign))
        .route("/exceptions/{id}/dispute", post(dispute))
        .route("/admin/users", get(admin_users).post(admin_add_user))
        .route("/admin/users/{name}/disable", post(admin_disable_user))
        .route("/payables", get(payables))
        .route("/payables.csv", get(payables_csv))
        .route("/loads/{load_number}", get(load_page))
        .route("/invoices/{invoice_number}", get(customer_invoice_pdf))
        .route("/search", get(search))
        .route("/documents/unlinked", get(documents::unlinked))
        .route("/documents/{id}", get(documents::document_page))
        .route("/documents/{id}/attach", post(documents::attach))
        .route("/documents/{id}/correct", post(documents::correct))
        .route("/documents/{id}/learn", post(documents::learn))
        .route(
            "/documents/{id}/pages/{n}",
            get(documents::page_image_route),
        )
        .fallback(|_: Auth| async {
            message(StatusCode::NOT_FOUND, "Not found", "There is no such page.")
        })
        .with_state(app)
}

/// Where the pages load htmx from (`base.html` names it too).
pub const HTMX_PATH: &str = "/static/htmx-2.0.11.min.js";

/// htmx 2.0.11 (BSD Zero-Clause), vendored from the npm registry (`htmx.org`, `dist/htmx.min.js`;
/// src/web/static/README.md has its checksums and `scripts/vendor-htmx` fetches it again).
const HTMX: &[u8] = include_bytes!("static/htmx-2.0.11.min.js");

/// `GET /static/htmx-2.0.11.min.js`: htmx, served without a session (it is public code, and the
/// login page loads it too), cached for a year: its name changes with its version.
async fn htmx_js() -> Response {
    (
        [
            (CONTENT_TYPE, "text/javascript; charset=utf-8"),
            (CACHE_CONTROL, "public, max-age=31536000, immutable"),
        ],
        HTMX,
    )
        .into_response()
}

/// `freightdesk serve`: listen on `listen` (else the config's `[web] listen`) until SIGINT or
/// SIGTERM.
pub async fn serve(config: &Config, listen: Option<String>) -> anyhow::Result<()> {
    let addr: SocketAddr = listen
        .as_deref()
        .unwrap_or(&config.web.listen)
        .parse()
        .context("the listen address, like 127.0.0.1:8080")?;
    let pipeline = Arc::new(Pipeline::open(config).await?);
    let listener = tokio::net::TcpListener::bind(addr)
        .await
        .with_context(|| format!("listening on {addr}"))?;
    let local = listener.local_addr()?;
    tracing::info!(%local, "serving the workspace");
    println!("freightdesk serve: listening on http://{local}/");
    axum::serve(listener, router(pipeline, WebOptions::of(config)))
        .with_graceful_shutdown(async {
            let mut term =
                tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
                    .expect("SIGTERM handler");
            tokio::select! {
                _ = tokio::signal::ctrl_c() => {}
                _ = term.recv() => {}
            }
        })
        .await?;
    Ok(())
}

/// The workspace served by `run` (watching, with a `[web]` table in its config): listening on
/// `[web] listen` over the daemon's own pipeline, until `stop` turns true. Errors: the address
/// cannot be listened on.
pub async fn serve_for_run(
    pipeline: Arc<Pipeline>,
    config: &Config,
    mut stop: tokio::sync::watch::Receiver<bool>,
) -> anyhow::Result<tokio::task::JoinHandle<()>> {
    let addr: SocketAddr = config
        .web
        .listen
        .parse()
        .context("the listen address, like 127.0.0.1:8080")?;
    let listener = tokio::net::TcpListener::bind(addr)
        .await
        .with_context(|| format!("listening on {addr} for the workspace"))?;
    let local = listener.local_addr()?;
    tracing::info!(%local, "serving the workspace");
    let app = router(pipeline, WebOptions::of(config));
    Ok(tokio::spawn(async move {
        let served = axum::serve(listener, app)
            .with_graceful_shutdown(async move {
                let _ = stop.wait_for(|s| *s).await;
            })
            .await;
        if let Err(e) = served {
            tracing::error!(error = %e, "the workspace stopped");
        }
    }))
}

fn redirect(to: &str) -> Response {
    (StatusCode::SEE_OTHER, [(LOCATION, to.to_string())]).into_response()
}

fn render(app: &App, name: &str, ctx: Value) -> Response {
    match app
        .templates
        .get_template(name)
        .and_then(|t| t.render(&ctx))
    {
        Ok(html) => Html(html).into_response(),
        Err(e) => {
            tracing::error!(template = name, error = %e, "rendering a page");
            message(
                StatusCode::INTERNAL_SERVER_ERROR,
                "Error",
                "The page could not be shown.",
            )
        }
    }
}

/// A short page with a heading and one sentence (errors, refusals).
fn message(status: StatusCode, title: &str, text: &str) -> Response {
    let env = templates();
    let html = env
        .get_template("message.html")
        .and_then(|t| t.render(json!({"title": title, "text": text})))
        .unwrap_or_else(|_| title.to_string());
    (status, Html(html)).into_response()
}

fn db_error(e: impl std::fmt::Display) -> Response {
    tracing::error!(error = %e, "database");
    message(
        StatusCode::INTERNAL_SERVER_ERROR,
        "Database error",
        "The database did not answer; try again.",
    )
}

fn cookie(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|kv| kv.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v.to_string())
}

/// A `Set-Cookie` header: HttpOnly, SameSite=Strict, and `Secure` when the workspace is reached
/// over TLS (`[web] public_url` is `https://…`).
fn set_cookie(
    app: &App,
    name: &str,
    value: &str,
    max_age_secs: i64,
) -> (axum::http::HeaderName, HeaderValue) {
    let secure = if app.secure_cookies { "; Secure" } else { "" };
    (
        SET_COOKIE,
        HeaderValue::from_str(&format!(
            "{name}={value}; Path=/; HttpOnly; SameSite=Strict; Max-Age={max_age_secs}{secure}"
        ))
        .expect("cookie header"),
    )
}

/// A logged-in user: the extractor every page but /login takes. Without a live session the
/// request is redirected to /login.
pub struct Auth {
    session: Session,
    token: String,
}

impl FromRequestParts<Shared> for Auth {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, app: &Shared) -> Result<Self, Self::Rejection> {
        let Some(token) = cookie(&parts.headers, SESSION_COOKIE) else {
            return Err(redirect("/login"));
        };
        match app.store.session(&sha256_hex(token.as_bytes())).await {
            Ok(Some(session)) => Ok(Auth { session, token }),
            Ok(None) => Err(redirect("/login")),
            Err(e) => Err(db_error(e)),
        }
    }
}

impl Auth {
    /// The context every page has: who is logged in and the CSRF token of their forms.
    fn ctx(&self, mut v: Value) -> Value {
        v["me"] = json!(self.session.user);
        v["csrf"] = json!(self.session.csrf);
        v
    }

    /// Refuse (403, logged) a clerk on an admin page.
    fn require_admin(&self, what: &str) -> Result<(), Response> {
        if self.session.user.role == "admin" {
            return Ok(());
        }
        tracing::warn!(user = %self.session.user.name, what, "refused a clerk on an admin page");
        Err(message(
            StatusCode::FORBIDDEN,
            "Refused",
            "Only an admin may manage users.",
        ))
    }

    /// Refuse (403, logged) a form whose CSRF token is not this session's.
    fn check_csrf(&self, given: &str, what: &str) -> Result<(), Response> {
        if !given.is_empty() && given == self.session.csrf {
            return Ok(());
        }
        tracing::warn!(user = %self.session.user.name, what, "refused a form without its CSRF token");
        Err(message(
            StatusCode::FORBIDDEN,
            "Refused",
            "The form was not sent from this workspace (its security token is missing or wrong). Reload the page and try again.",
        ))
    }
}

#[derive(Deserialize, Default)]
struct LoginForm {
    #[serde(default)]
    name: String,
    #[serde(default)]
    password: String,
    #[serde(default)]
    csrf: String,
}

async fn login_page(State(app): State<Shared>, headers: HeaderMap) -> Response {
    // Keep the token the browser already holds: a second request for the login page (another
    // tab, or the browser's own `/favicon.ico` redirected here) must not invalidate the form
    // on screen.
    let token = cookie(&headers, LOGIN_CSRF_COOKIE)
        .filter(|t| t.len() == 64 && t.chars().all(|c| c.is_ascii_hexdigit()))
        .unwrap_or_else(random_token);
    let mut r = render(&app, "login.html", json!({"csrf": token}));
    let (k, v) = set_cookie(&app, LOGIN_CSRF_COOKIE, &token, 3600);
    r.headers_mut().append(k, v);
    r
}

fn login_again(app: &App, status: StatusCode, error: &str, name: &str) -> Response {
    let token = random_token();
    let mut r = render(
        app,
        "login.html",
        json!({"csrf": token, "error": error, "name": name}),
    );
    *r.status_mut() = status;
    let (k, v) = set_cookie(app, LOGIN_CSRF_COOKIE, &token, 3600);
    r.headers_mut().append(k, v);
    r
}

async fn login(
    State(app): State<Shared>,
    headers: HeaderMap,
    Form(f): Form<LoginForm>,
) -> Response {
    let expected = cookie(&headers, LOGIN_CSRF_COOKIE).unwrap_or_default();
    if f.csrf.is_empty() || f.csrf != expected {
        tracing::warn!(name = %f.name, "refused a login form without its CSRF token");
        return message(
            StatusCode::FORBIDDEN,
            "Refused",
            "The login form was not sent from this workspace. Reload the page and try again.",
        );
    }
    let name = f.name.trim().to_string();
    {
        let mut failures = app.failures.lock().expect("failures lock");
        let list = failures.entry(name.clone()).or_default();
        while list.front().is_some_and(|t| t.elapsed() > FAILURE_WINDOW) {
            list.pop_front();
        }
        if list.len() >= MAX_FAILURES {
            tracing::warn!(%name, "login refused: too many failures");
            return login_again(
                &app,
                StatusCode::TOO_MANY_REQUESTS,
                "Too many failed logins for this name; wait a few minutes and try again.",
                &name,
            );
        }
    }
    let user = match app.store.user_for_login(&name).await {
        Ok(u) => u,
        Err(e) => return db_error(e),
    };
    let password = f.password;
    let ok = match user {
        Some((user, hash)) => {
            let ok = tokio::task::spawn_blocking(move || verify_password(&password, &hash))
                .await
                .unwrap_or(false);
            ok.then_some(user)
        }
        None => None,
    };
    let Some(user) = ok else {
        app.failures
            .lock()
            .expect("failures lock")
            .entry(name.clone())
            .or_default()
            .push_back(Instant::now());
        tracing::warn!(%name, "failed login");
        return login_again(
            &app,
            StatusCode::UNAUTHORIZED,
            "Wrong name or password.",
            &name,
        );
    };
    app.failures.lock().expect("failures lock").remove(&name);
    let token = random_token();
    let csrf = random_token();
    let minutes = i64::from(app.session_minutes.max(1));
    if let Err(e) = app
        .store
        .create_session(
            &sha256_hex(token.as_bytes()),
            user.id,
            &csrf,
            &minutes_from_now(minutes),
        )
        .await
    {
        return db_error(e);
    }
    tracing::info!(user = %user.name, "logged in");
    let mut r = redirect("/exceptions");
    let (k, v) = set_cookie(&app, SESSION_COOKIE, &token, minutes * 60);
    r.headers_mut().append(k, v);
    let (k, v) = set_cookie(&app, LOGIN_CSRF_COOKIE, "", 0);
    r.headers_mut().append(k, v);
    r
}

#[derive(Deserialize)]
struct CsrfForm {
    #[serde(default)]
    csrf: String,
}

async fn logout(State(app): State<Shared>, auth: Auth, Form(f): Form<CsrfForm>) -> Response {
    if let Err(r) = auth.check_csrf(&f.csrf, "logout") {
        return r;
    }
    if let Err(e) = app
        .store
        .delete_session(&sha256_hex(auth.token.as_bytes()))
        .await
    {
        return db_error(e);
    }
    let mut r = redirect("/login");
    let (k, v) = set_cookie(&app, SESSION_COOKIE, "", 0);
    r.headers_mut().append(k, v);
    r
}

#[derive(Deserialize, Default)]
struct QueueQuery {
    status: Option<String>,
    rule: Option<String>,
    severity: Option<String>,
    load: Option<String>,
    assignee: Option<String>,
    carrier: Option<String>,
    customer: Option<String>,
    age: Option<String>,
    page: Option<String>,
}

/// The page of a paged list a `?page=` asks for: 1 when absent or not a number.
fn page_number(page: &Option<String>) -> i64 {
    page.as_deref()
        .and_then(|p| p.parse::<i64>().ok())
        .unwrap_or(1)
        .max(1)
}

fn nonempty(s: &Option<String>) -> Option<String> {
    s.as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
}

async fn exception_queue(
    State(app): State<Shared>,
    auth: Auth,
    Query(q): Query<QueueQuery>,
) -> Response {
    let status = match q.status.as_deref() {
        Some("resolved") => "resolved",
        _ => "open",
    };
    let filter = ExceptionFilter {
        status: Some(status.into()),
        rule: nonempty(&q.rule),
        severity: nonempty(&q.severity),
        load_number: nonempty(&q.load),
        assignee: nonempty(&q.assignee),
        carrier: nonempty(&q.carrier),
        customer: nonempty(&q.customer),
        // "Older than N days": a number of days, else no filter.
        older_than_days: nonempty(&q.age).and_then(|a| a.parse::<i64>().ok()),
    };
    let age = filter.older_than_days.map(|d| d.to_string());
    let page = page_number(&q.page);
    let result = match app
        .store
        .exception_queue(&filter, PAGE_SIZE, (page - 1) * PAGE_SIZE)
        .await
    {
        Ok(r) => r,
        Err(e) => return db_error(e),
    };
    let pages = ((result.total + PAGE_SIZE - 1) / PAGE_SIZE).max(1);
    // The query string of this filter, for the paging links (each value URL-encoded).
    let mut base = form_urlencoded::Serializer::new(String::new());
    base.append_pair("status", status);
    for (k, v) in [
        ("rule", &filter.rule),
        ("severity", &filter.severity),
        ("load", &filter.load_number),
        ("assignee", &filter.assignee),
        ("carrier", &filter.carrier),
        ("customer", &filter.customer),
        ("age", &age),
    ] {
        if let Some(v) = v {
            base.append_pair(k, v);
        }
    }
    let base = base.finish();
    render(
        &app,
        "exceptions.html",
        auth.ctx(json!({
            "status": status,
            "rule": filter.rule,
            "severity": filter.severity,
            "load": filter.load_number,
            "assignee": filter.assignee,
            "carrier": filter.carrier,
            "customer": filter.customer,
            "age": age,
            "rows": result.rows,
            "total": result.total,
            "per_rule": result.per_rule,
            "page": page,
            "pages": pages,
            "prev": (page > 1).then(|| format!("/exceptions?{base}&page={}", page - 1)),
            "next": (page < pages).then(|| format!("/exceptions?{base}&page={}", page + 1)),
            "severities": ["high", "medium", "low"],
        })),
    )
}

fn document_json(d: &StoredDocument) -> Value {
    let fields: Vec<Value> = d
        .doc
        .fields
        .iter()
        .map(|(name, f)| {
            json!({"name": name, "value": f.value, "printed": f.provenance.printed,
                   "page": f.provenance.page,
                   "corrected_by": f.provenance.rule.strip_prefix("workspace#")})
        })
        .collect();
    let charges: Vec<Value> = d
        .doc
        .charges
        .iter()
        .map(|c| {
            json!({"description": c.description, "code": c.code,
                         "amount_usd": c.amount_usd.map(|a| a.to_string())})
        })
        .collect();
    json!({
        "id": d.id, "kind": d.doc.kind.to_string(), "pages": d.doc.pages,
        "template": d.doc.template, "from": d.from_addr, "subject": d.subject,
        "fields": fields, "charges": charges, "repeat_of": d.repeat_of,
    })
}

async fn exception_page(State(app): State<Shared>, auth: Auth, Path(id): Path<String>) -> Response {
    let Ok(id) = id.parse::<i64>() else {
        return message(
            StatusCode::NOT_FOUND,
            "Not found",
            "There is no such exception.",
        );
    };
    let e = match app.store.exception(id).await {
        Ok(Some(e)) => e,
        Ok(None) => {
            return message(
                StatusCode::NOT_FOUND,
                "Not found",
                "There is no such exception.",
            )
        }
        Err(e) => return db_error(e),
    };
    // Each document it is about, with the pages its fields were read on and a box around each.
    let mut documents = Vec::new();
    for doc_id in &e.document_ids {
        let d = match app.store.document_page(*doc_id).await {
            Ok(Some(d)) => d,
            Ok(None) => continue,
            Err(e) => return db_error(e),
        };
        let used = documents::fields_named_in(&e.sentence, &d.document);
        let (pages, _, _) = documents::page_views(&app, &d, Some(&used)).await;
        let mut v = document_json(&d.document);
        v["views"] = json!(pages);
        if let Some(fields) = v["fields"].as_array_mut() {
            for f in fields {
                f["used"] = json!(used.contains(f["name"].as_str().unwrap_or_default()));
            }
        }
        documents.push(v);
    }
    let audit = match app.store.audit_of(&format!("exception:{id}")).await {
        Ok(a) => a,
        Err(e) => return db_error(e),
    };
    let users = match app.store.list_users().await {
        Ok(u) => u
            .into_iter()
            .filter(|u| !u.disabled)
            .map(|u| u.name)
            .collect::<Vec<_>>(),
        Err(e) => return db_error(e),
    };
    let invoice = documents
        .iter()
        .find(|d| d["kind"] == "carrier_invoice")
        .map(|d| d["id"].clone());
    render(
        &app,
        "exception.html",
        auth.ctx(json!({
            "users": users,
            "invoice": invoice,
            "e": e,
            "documents": documents,
            "audit": audit,
        })),
    )
}

#[derive(Deserialize)]
struct ResolveForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    note: String,
}

/// The checks every action form on an exception passes first: its CSRF token (`what` names the
/// action in the log), an exception id, and a note that is not empty (`why` says what to write
/// when it is). The id and the trimmed note, or the refusal to send back.
fn exception_action<'f>(
    auth: &Auth,
    id: &str,
    f: &'f ResolveForm,
    what: &str,
    why: &str,
) -> Result<(i64, &'f str), Response> {
    auth.check_csrf(&f.csrf, what)?;
    let Ok(id) = id.parse::<i64>() else {
        return Err(message(
            StatusCode::NOT_FOUND,
            "Not found",
            "There is no such exception.",
        ));
    };
    let note = f.note.trim();
    if note.is_empty() {
        return Err(message(
            StatusCode::UNPROCESSABLE_ENTITY,
            "A note is needed",
            why,
        ));
    }
    Ok((id, note))
}

async fn resolve(
    State(app): State<Shared>,
    auth: Auth,
    Path(id): Path<String>,
    Form(f): Form<ResolveForm>,
) -> Response {
    let (id, note) = match exception_action(
        &auth,
        &id,
        &f,
        "resolve",
        "Say why the exception is resolved: go back and write a note.",
    ) {
        Ok(x) => x,
        Err(r) => return r,
    };
    // Through the pipeline: resolving a Notice of Assignment's exception confirms it.
    match app
        .pipeline
        .resolve_exception(id, &auth.session.user.name, note)
        .await
    {
        Ok(true) => {
            tracing::info!(user = %auth.session.user.name, exception = id, "resolved");
            redirect(&format!("/exceptions/{id}"))
        }
        Ok(false) => message(
            StatusCode::CONFLICT,
            "Not open",
            "This exception is not open (resolved already, or not there).",
        ),
        Err(e) => db_error(e),
    }
}

async fn load_page(
    State(app): State<Shared>,
    auth: Auth,
    Path(load_number): Path<String>,
) -> Response {
    let r = match app.store.load_record(&load_number).await {
        Ok(Some(r)) => r,
        Ok(None) => return message(StatusCode::NOT_FOUND, "Not found", "There is no such load."),
        Err(e) => return db_error(e),
    };
    let billing = {
        let rules = app.pipeline.rules.load_full();
        let mut conn = match app.store.pool().acquire().await {
            Ok(c) => c,
            Err(e) => return db_error(e),
        };
        match crate::billing::billing_state(
            &mut conn,
            &rules,
            &app.pipeline.directory,
            r.listing.load.id,
        )
        .await
        {
            Ok(crate::billing::BillingState::Billed(i)) => json!({
                "invoice_number": i.invoice.invoice_number,
                "total": crate::model::format_usd(i.invoice.total),
                "issued": i.invoice.issued.to_string(),
                "due": i.invoice.due.to_string(),
                "terms": i.invoice.terms,
                "bill_to": i.invoice.bill_to.name,
            }),
            Ok(crate::billing::BillingState::NotBilled(why)) => json!({"why": why}),
            Err(e) => return db_error(e),
        }
    };
    let listing = r.listing;
    render(
        &app,
        "load.html",
        auth.ctx(json!({
            "stops": r.stops,
            "load": {
                "load_number": listing.load.load_number,
                "status": listing.load.status,
                "customer": listing.customer,
                "customer_id": listing.load.customer_id,
                "carrier": listing.carrier,
                "carrier_mc": listing.load.carrier_mc,
            },
            "documents": r.documents.iter().map(document_json).collect::<Vec<_>>(),
            "billing": billing,
            "exceptions": r.exceptions,
            "timeline": r.timeline,
            "audit": r.audit,
        })),
    )
}

/// `/invoices/NS-000001`: a customer invoice's PDF, as the customer received it (rendered from
/// the stored invoice, byte for byte the same).
async fn customer_invoice_pdf(
    State(app): State<Shared>,
    _auth: Auth,
    Path(invoice_number): Path<String>,
) -> Response {
    let number = invoice_number.trim_end_matches(".pdf");
    let mut conn = match app.store.pool().acquire().await {
        Ok(c) => c,
        Err(e) => return db_error(e),
    };
    let inv = match crate::billing::invoice_numbered(&mut conn, number).await {
        Ok(Some(i)) => i,
        Ok(None) => {
            return message(
                StatusCode::NOT_FOUND,
                "Not found",
                "There is no such invoice.",
            )
        }
        Err(e) => return db_error(e),
    };
    match crate::billing::pdf::render(&inv.invoice) {
        Ok(bytes) => (
            [
                (
                    axum::http::header::CONTENT_TYPE,
                    "application/pdf".to_string(),
                ),
                (
                    axum::http::header::CONTENT_DISPOSITION,
                    format!(
                        "inline; filename=\"{}.pdf\"",
                        number.replace(|c: char| !c.is_ascii_alphanumeric() && c != '-', "-")
                    ),
                ),
            ],
            bytes,
        )
            .into_response(),
        Err(e) => {
            tracing::error!(error = %e, invoice = number, "rendering a customer invoice");
            message(
                StatusCode::INTERNAL_SERVER_ERROR,
                "Error",
                "The invoice could not be rendered.",
            )
        }
    }
}

/// Results of one kind shown by `/search`.
pub const SEARCH_LIMIT: i64 = 50;

#[derive(Deserialize)]
struct SearchQuery {
    q: Option<String>,
}

/// `/search?q=`: loads and documents by reference, MC number, carrier or customer name. A
/// search that finds one load (and no document of another) opens that load's page.
async fn search(State(app): State<Shared>, auth: Auth, Query(q): Query<SearchQuery>) -> Response {
    let q = q.q.unwrap_or_default();
    let found = match app.store.search(&q, SEARCH_LIMIT).await {
        Ok(f) => f,
        Err(e) => return db_error(e),
    };
    if let [only] = found.loads.as_slice() {
        let number = &only.load.load_number;
        if found
            .documents
            .iter()
            .all(|d| d.load_number.as_ref() == Some(number))
        {
            // Percent-encoded for a path (form encoding writes a space as `+`).
            let path: String = form_urlencoded::byte_serialize(number.as_bytes()).collect();
            return redirect(&format!("/loads/{}", path.replace('+', "%20")));
        }
    }
    let loads: Vec<Value> = found
        .loads
        .iter()
        .map(|l| {
            json!({
                "load_number": l.load.load_number, "status": l.load.status,
                "customer": l.customer.clone().or(l.load.customer_id.clone()),
                "carrier": l.carrier, "carrier_mc": l.load.carrier_mc,
                "documents": l.documents,
            })
        })
        .collect();
    render(
        &app,
        "search.html",
        auth.ctx(json!({
            "q": q.trim(),
            "loads": loads,
            "documents": found.documents,
            "limit": SEARCH_LIMIT,
        })),
    )
}

#[derive(Deserialize)]
struct AssignForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    assignee: String,
}

/// `POST /exceptions/{id}/assign`: assign an exception to a person (an active user), or to
/// nobody (empty); audited.
async fn assign(
    State(app): State<Shared>,
    auth: Auth,
    Path(id): Path<String>,
    Form(f): Form<AssignForm>,
) -> Response {
    if let Err(r) = auth.check_csrf(&f.csrf, "assign") {
        return r;
    }
    let Ok(id) = id.parse::<i64>() else {
        return message(
            StatusCode::NOT_FOUND,
            "Not found",
            "There is no such exception.",
        );
    };
    let assignee = f.assignee.trim();
    let assignee = if assignee.is_empty() {
        None
    } else {
        match app.store.list_users().await {
            Ok(users) if users.iter().any(|u| u.name == assignee && !u.disabled) => Some(assignee),
            Ok(_) => {
                return message(
                    StatusCode::UNPROCESSABLE_ENTITY,
                    "No such person",
                    "Choose a person from the list: go back and try again.",
                )
            }
            Err(e) => return db_error(e),
        }
    };
    match app
        .store
        .assign(id, assignee, &auth.session.user.name)
        .await
    {
        Ok(true) => redirect(&format!("/exceptions/{id}")),
        Ok(false) => message(
            StatusCode::NOT_FOUND,
            "Not found",
            "There is no such exception.",
        ),
        Err(e) => db_error(e),
    }
}

/// `POST /exceptions/{id}/approve`: approve the carrier invoice the exception is about for
/// payment despite it (a note is required); the exception is resolved as approved and the
/// invoice is listed in /payables.
async fn approve(
    State(app): State<Shared>,
    auth: Auth,
    Path(id): Path<String>,
    Form(f): Form<ResolveForm>,
) -> Response {
    let (id, note) = match exception_action(
        &auth,
        &id,
        &f,
        "approve",
        "Say why the invoice is approved despite the exception: go back and write a note.",
    ) {
        Ok(x) => x,
        Err(r) => return r,
    };
    match app
        .store
        .approve_invoice(id, &auth.session.user.name, note)
        .await
    {
        Ok(Approval::Approved(invoice)) => {
            tracing::info!(user = %auth.session.user.name, exception = id, invoice, "invoice approved for payment");
            redirect(&format!("/exceptions/{id}"))
        }
        Ok(Approval::NotOpen) => message(
            StatusCode::CONFLICT,
            "Not open",
            "This exception is not open (resolved already, or not there).",
        ),
        Ok(Approval::NoInvoice) => message(
            StatusCode::UNPROCESSABLE_ENTITY,
            "No invoice",
            "This exception is about no carrier invoice: there is nothing to approve for payment.",
        ),
        Err(e) => db_error(e),
    }
}

/// `/payables`: carrier invoices ready to pay (the three-way match passed, or approved by a
/// person), with amount, terms and due date.
async fn payables(State(app): State<Shared>, auth: Auth) -> Response {
    match app.store.payables().await {
        Ok(rows) => {
            let total = crate::store::workspace::amount_due(&rows);
            render(
                &app,
                "payables.html",
                auth.ctx(json!({"rows": rows, "total": crate::model::format_usd(total)})),
            )
        }
        Err(e) => db_error(e),
    }
}

/// The columns of the payables CSV, in order.
pub const PAYABLES_CSV_HEADER: [&str; 13] = [
    "carrier",
    "carrier_mc",
    "invoice_number",
    "load_number",
    "amount_usd",
    "terms",
    "invoice_date",
    "due_date",
    "approved_by",
    "approved_at",
    "document_id",
    "quick_pay_fee_usd",
    "amount_due_usd",
];

/// `/payables.csv`: the same list as CSV for accounts payable (amounts as decimals, dates ISO
/// 8601), [`PAYABLES_CSV_HEADER`] first.
async fn payables_csv(State(app): State<Shared>, _auth: Auth) -> Response {
    let rows = match app.store.payables().await {
        Ok(r) => r,
        Err(e) => return db_error(e),
    };
    match payables_to_csv(&rows) {
        Ok(bytes) => (
            [
                (axum::http::header::CONTENT_TYPE, "text/csv; charset=utf-8"),
                (
                    axum::http::header::CONTENT_DISPOSITION,
                    "attachment; filename=\"payables.csv\"",
                ),
            ],
            bytes,
        )
            .into_response(),
        Err(e) => {
            tracing::error!(error = %e, "writing the payables CSV");
            message(
                StatusCode::INTERNAL_SERVER_ERROR,
                "Error",
                "The CSV could not be written.",
            )
        }
    }
}

/// A payment batch as CSV: `batch` then the columns of [`PAYABLES_CSV_HEADER`], one row per
/// invoice (`freightdesk ap export --format csv`).
pub fn payment_batch_csv(
    batch: &crate::store::workspace::PaymentBatch,
) -> Result<Vec<u8>, csv::Error> {
    let body = payables_to_csv(&batch.invoices)?;
    let mut r = csv::Reader::from_reader(body.as_slice());
    let mut w = csv::Writer::from_writer(Vec::new());
    let mut header = vec!["batch"];
    header.extend(PAYABLES_CSV_HEADER);
    w.write_record(&header)?;
    let id = batch.id.to_string();
    for row in r.records() {
        let row = row?;
        let mut out = vec![id.as_str()];
        out.extend(row.iter());
        w.write_record(&out)?;
    }
    w.into_inner().map_err(|e| e.into_error().into())
}

/// The columns of QuickBooks Online's bill import (Settings → Import data → Bills), as
/// `freightdesk ap export --format quickbooks` writes them.
pub const QUICKBOOKS_BILLS_HEADER: [&str; 9] = [
    "Bill No",
    "Supplier",
    "Bill Date",
    "Due Date",
    "Terms",
    "Memo",
    "Account",
    "Line Description",
    "Line Amount",
];

/// A payment batch as QuickBooks Online's bill import: one bill per carrier invoice, one line on
/// `account` for the amount due (its total less a quick-pay fee, named in the memo); dates as
/// MM/DD/YYYY (QuickBooks' US format); the supplier is the carrier's name in the directory, else
/// `MC <number>`.
pub fn payment_batch_quickbooks(
    batch: &crate::store::workspace::PaymentBatch,
    account: &str,
) -> Result<Vec<u8>, csv::Error> {
    let us = |iso: &Option<String>| {
        iso.as_deref()
            .and_then(|d| chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d").ok())
            .map(|d| d.format("%m/%d/%Y").to_string())
            .unwrap_or_default()
    };
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(QUICKBOOKS_BILLS_HEADER)?;
    for p in &batch.invoices {
        let supplier = p
            .carrier
            .clone()
            .unwrap_or_else(|| format!("MC {}", p.carrier_mc.as_deref().unwrap_or("unknown")));
        w.write_record([
            p.invoice_number.clone().unwrap_or_default(),
            supplier,
            us(&p.invoice_date),
            us(&p.due_date),
            p.terms.clone().unwrap_or_default(),
            match &p.quick_pay_fee_usd {
                Some(fee) => format!(
                    "Load {}, freightdesk payment batch {}; invoice {} less quick-pay fee {fee}",
                    p.load_number,
                    batch.id,
                    p.total_usd.as_deref().unwrap_or("?")
                ),
                None => format!(
                    "Load {}, freightdesk payment batch {}",
                    p.load_number, batch.id
                ),
            },
            account.to_string(),
            format!("Freight, load {}", p.load_number),
            p.amount_due_usd.clone().unwrap_or_default(),
        ])?;
    }
    w.into_inner().map_err(|e| e.into_error().into())
}

fn payables_to_csv(rows: &[Payable]) -> Result<Vec<u8>, csv::Error> {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(PAYABLES_CSV_HEADER)?;
    for p in rows {
        let o = |v: &Option<String>| v.clone().unwrap_or_default();
        w.write_record([
            o(&p.carrier),
            o(&p.carrier_mc),
            o(&p.invoice_number),
            p.load_number.clone(),
            o(&p.total_usd),
            o(&p.terms),
            o(&p.invoice_date),
            o(&p.due_date),
            o(&p.approved_by),
            o(&p.approved_at),
            p.document_id.to_string(),
            o(&p.quick_pay_fee_usd),
            o(&p.amount_due_usd),
        ])?;
    }
    w.into_inner().map_err(|e| e.into_error().into())
}

/// `POST /exceptions/{id}/dispute`: email the carrier of the invoice the exception is about the
/// person's message (template `rules/emails/dispute.txt`, threaded to the invoice's email); the
/// exception stays open, the dispute is in its audit.
async fn dispute(
    State(app): State<Shared>,
    auth: Auth,
    Path(id): Path<String>,
    Form(f): Form<ResolveForm>,
) -> Response {
    let (id, text) = match exception_action(
        &auth,
        &id,
        &f,
        "dispute",
        "Write what the carrier should know or send: go back and try again.",
    ) {
        Ok(x) => x,
        Err(r) => return r,
    };
    documents::reload_rules(&app).await;
    match app
        .pipeline
        .dispute_invoice(id, &auth.session.user.name, text)
        .await
    {
        Ok(Disputed::Emailed(_)) => redirect(&format!("/exceptions/{id}")),
        Ok(Disputed::NotOpen) => message(
            StatusCode::CONFLICT,
            "Not open",
            "This exception is not open (resolved already, or not there).",
        ),
        Ok(Disputed::NoInvoice) => message(
            StatusCode::UNPROCESSABLE_ENTITY,
            "No invoice",
            "This exception is about no carrier invoice: there is nothing to dispute.",
        ),
        Ok(Disputed::NoRecipient) => message(
            StatusCode::UNPROCESSABLE_ENTITY,
            "Nobody to email",
            "There is no address for this carrier, or no `dispute` route in rules/notifications.toml.",
        ),
        Err(e) => db_error(e),
    }
}

/// `/admin/users` (admins only): the users, a form to add one, and a button to disable each.
async fn admin_users(State(app): State<Shared>, auth: Auth) -> Response {
    if let Err(r) = auth.require_admin("admin_users") {
        return r;
    }
    let users = match app.store.list_users().await {
        Ok(u) => u,
        Err(e) => return db_error(e),
    };
    let mut audit = Vec::new();
    for u in &users {
        match app.store.audit_of(&format!("user:{}", u.name)).await {
            Ok(a) => audit.extend(a),
            Err(e) => return db_error(e),
        }
    }
    audit.sort_by(|a, b| a.at.cmp(&b.at));
    render(
        &app,
        "users.html",
        auth.ctx(json!({"users": users, "audit": audit})),
    )
}

#[derive(Deserialize)]
struct AddUserForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    name: String,
    #[serde(default)]
    role: String,
    #[serde(default)]
    password: String,
}

/// `POST /admin/users` (admins only): add a user (a one-word name, clerk or admin, a password
/// of at least 8 characters); audited with the admin's name.
async fn admin_add_user(
    State(app): State<Shared>,
    auth: Auth,
    Form(f): Form<AddUserForm>,
) -> Response {
    if let Err(r) = auth.require_admin("admin_add_user") {
        return r;
    }
    if let Err(r) = auth.check_csrf(&f.csrf, "admin_add_user") {
        return r;
    }
    let name = f.name.trim();
    let refuse = |text: &str| message(StatusCode::UNPROCESSABLE_ENTITY, "Not added", text);
    if name.is_empty() || name.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return refuse("A user name is one word, like dana: go back and try again.");
    }
    if !matches!(f.role.as_str(), "clerk" | "admin") {
        return refuse("A user is a clerk or an admin: go back and try again.");
    }
    if f.password.chars().count() < 8 {
        return refuse("The password is too short (at least 8 characters): go back and try again.");
    }
    let hash = match hash_password(&f.password) {
        Ok(h) => h,
        Err(e) => return db_error(e),
    };
    match app
        .store
        .add_user(name, &f.role, &hash, &auth.session.user.name)
        .await
    {
        Ok(Some(_)) => redirect("/admin/users"),
        Ok(None) => refuse(&format!("There is already a user named {name}.")),
        Err(e) => db_error(e),
    }
}

/// `POST /admin/users/{name}/disable` (admins only): the user can no longer log in and their
/// sessions end; audited.
async fn admin_disable_user(
    State(app): State<Shared>,
    auth: Auth,
    Path(name): Path<String>,
    Form(f): Form<CsrfForm>,
) -> Response {
    if let Err(r) = auth.require_admin("admin_disable_user") {
        return r;
    }
    if let Err(r) = auth.check_csrf(&f.csrf, "admin_disable_user") {
        return r;
    }
    if name == auth.session.user.name {
        return message(
            StatusCode::UNPROCESSABLE_ENTITY,
            "Not disabled",
            "You cannot disable yourself: ask another admin.",
        );
    }
    match app.store.disable_user(&name, &auth.session.user.name).await {
        Ok(true) => redirect("/admin/users"),
        Ok(false) => message(StatusCode::NOT_FOUND, "Not found", "There is no such user."),
        Err(e) => db_error(e),
    }
}
