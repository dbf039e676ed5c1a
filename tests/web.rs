//! The workspace as staff use it: `freightdesk serve` (the built binary) over a database that
//! `run --once` filled from the sample inbox, a user added with `users add`, then plain HTTP:
//! log in, the queue, resolve an exception with a note, its audit entry and status; a form
//! without its CSRF token refused; pages without a session sent to /login; the login rate limit;
//! a disabled user's session ended; a document's page with its fields boxed on the page image.
//! With Chromium and chromedriver on the machine, the same in
//! the real browser over WebDriver, with screenshots under target/screenshots/.

mod common;

use std::collections::BTreeMap;
use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::{json, Value};

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_freightdesk"))
}

fn run_ok(cmd: &mut Command) -> String {
    let out = cmd.output().expect("the binary runs");
    assert!(
        out.status.success(),
        "exit {:?}\nstdout:\n{}\nstderr:\n{}",
        out.status,
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// A child process killed when the test ends, pass or fail.
struct Killed(Child);

impl Drop for Killed {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// A copy of samples/freightdesk.toml in `dir`, its paths pointed at the repo's sample inbox,
/// directory and rules and at `dir/var`, with `[web] listen` on `port`.
fn sample_config(dir: &Path, port: u16) -> PathBuf {
    let repo = common::repo();
    let text = std::fs::read_to_string(repo.join("samples/freightdesk.toml")).unwrap();
    let var = dir.join("var");
    let text =
        text.replace(
            "path = \"inbox\"",
            &format!("path = \"{}\"", repo.join("samples/inbox").display()),
        )
        .replace("../var", &var.display().to_string())
        .replace(
            "rules = \"../rules\"",
            &format!("rules = \"{}\"", repo.join("rules").display()),
        )
        .replace(
            "directory = \"directory\"",
            &format!(
                "directory = \"{}\"",
                repo.join("samples/directory").display()
            ),
        ) + &format!("\n[web]\nlisten = \"127.0.0.1:{port}\"\n");
    let path = dir.join("freightdesk.toml");
    std::fs::write(&path, text).unwrap();
    path
}

/// Wait until something listens on `port` (`what` started it), at most `secs` seconds.
fn wait_for_port(port: u16, secs: u64, what: &str) {
    let start = Instant::now();
    while TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(
            start.elapsed() < Duration::from_secs(secs),
            "{what} did not listen on {port}"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// The database filled by `run --once`, a clerk `dana`, and `serve` listening: (tempdir, config,
/// port, server).
fn workspace() -> (tempfile::TempDir, PathBuf, u16, Killed) {
    let tmp = tempfile::tempdir().unwrap();
    let port = free_port();
    let config = sample_config(tmp.path(), port);
    let summary = run_ok(bin().args(["run", "--once", "--config"]).arg(&config));
    assert!(common::figure(&summary, "exceptions") >= 5, "{summary}");
    add_user(&config, "dana", "clerk", "correct horse 42");
    let server = serve(&config, port);
    (tmp, config, port, server)
}

/// `freightdesk serve --config CONFIG`, once it listens on `port`.
fn serve(config: &Path, port: u16) -> Killed {
    let server = Killed(
        bin()
            .args(["serve", "--config"])
            .arg(config)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap(),
    );
    wait_for_port(port, 30, "serve");
    server
}

fn add_user(config: &Path, name: &str, role: &str, password: &str) {
    let mut child = bin()
        .args([
            "users",
            "add",
            name,
            "--role",
            role,
            "--password-stdin",
            "--config",
        ])
        .arg(config)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    writeln!(child.stdin.take().unwrap(), "{password}").unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stdout).contains(&format!("added {name}")));
}

/// An HTTP/1.1 answer.
#[derive(Debug)]
struct Answer {
    status: u16,
    headers: Vec<(String, String)>,
    body: String,
}

impl Answer {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

/// A minimal HTTP/1.1 client with a cookie jar (one request per connection).
struct Client {
    port: u16,
    cookies: BTreeMap<String, String>,
}

impl Client {
    fn new(port: u16) -> Client {
        Client {
            port,
            cookies: BTreeMap::new(),
        }
    }

    fn request(&mut self, method: &str, path: &str, body: Option<(&str, &str)>) -> Answer {
        let mut s = TcpStream::connect(("127.0.0.1", self.port)).unwrap();
        let mut req = format!(
            "{method} {path} HTTP/1.1\r\nHost: 127.0.0.1:{}\r\nConnection: close\r\n",
            self.port
        );
        if !self.cookies.is_empty() {
            let c: Vec<String> = self
                .cookies
                .iter()
                .map(|(k, v)| format!("{k}={v}"))
                .collect();
            req += &format!("Cookie: {}\r\n", c.join("; "));
        }
        if let Some((ctype, b)) = body {
            req += &format!("Content-Type: {ctype}\r\nContent-Length: {}\r\n", b.len());
        }
        req += "\r\n";
        if let Some((_, b)) = body {
            req += b;
        }
        s.write_all(req.as_bytes()).unwrap();
        let answer = read_answer(&mut s);
        for (k, v) in &answer.headers {
            if k.eq_ignore_ascii_case("set-cookie") {
                let pair = v.split(';').next().unwrap();
                let (name, value) = pair.split_once('=').unwrap();
                if v.contains("Max-Age=0") {
                    self.cookies.remove(name);
                } else {
                    self.cookies.insert(name.into(), value.into());
                }
            }
        }
        answer
    }

    fn get(&mut self, path: &str) -> Answer {
        self.request("GET", path, None)
    }

    fn post(&mut self, path: &str, form: &[(&str, &str)]) -> Answer {
        let body = form_urlencoded::Serializer::new(String::new())
            .extend_pairs(form)
            .finish();
        self.request(
            "POST",
            path,
            Some(("application/x-www-form-urlencoded", &body)),
        )
    }

    fn login(&mut self, name: &str, password: &str) -> Answer {
        let page = self.get("/login");
        assert_eq!(page.status, 200);
        let csrf = csrf_of(&page.body);
        self.post(
            "/login",
            &[("csrf", &csrf), ("name", name), ("password", password)],
        )
    }
}

fn read_answer(s: &mut TcpStream) -> Answer {
    // Read until the answer is complete (Content-Length bytes, or the last chunk), not until
    // the server closes: chromedriver keeps its connections open.
    s.set_read_timeout(Some(std::time::Duration::from_secs(60)))
        .unwrap();
    let mut raw = Vec::new();
    let mut buf = [0u8; 16384];
    loop {
        let n = s.read(&mut buf).expect("an answer within 60 s");
        if n == 0 {
            break;
        }
        raw.extend_from_slice(&buf[..n]);
        let Some(end) = raw.windows(4).position(|w| w == b"\r\n\r\n") else {
            continue;
        };
        let head = String::from_utf8_lossy(&raw[..end]).to_ascii_lowercase();
        let body = raw.len() - end - 4;
        let length = head
            .lines()
            .find_map(|l| l.strip_prefix("content-length:"))
            .and_then(|v| v.trim().parse::<usize>().ok());
        if let Some(len) = length {
            if body >= len {
                break;
            }
        } else if head.contains("transfer-encoding: chunked") {
            if raw.ends_with(b"0\r\n\r\n") {
                break;
            }
        } else if head.starts_with("http/1.1 3") || head.starts_with("http/1.1 204") {
            break;
        }
    }
    let text = String::from_utf8_lossy(&raw).to_string();
    let (head, body) = text.split_once("\r\n\r\n").expect("an HTTP answer");
    let mut lines = head.lines();
    let status = lines
        .next()
        .unwrap()
        .split(' ')
        .nth(1)
        .unwrap()
        .parse()
        .unwrap();
    let headers: Vec<(String, String)> = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_string(), v.trim().to_string()))
        .collect();
    let chunked = headers
        .iter()
        .any(|(k, v)| k.eq_ignore_ascii_case("transfer-encoding") && v.contains("chunked"));
    let body = if chunked {
        dechunk(body)
    } else {
        body.to_string()
    };
    Answer {
        status,
        headers,
        body,
    }
}

fn dechunk(mut s: &str) -> String {
    let mut out = String::new();
    while let Some((size, rest)) = s.split_once("\r\n") {
        let n = usize::from_str_radix(size.trim(), 16).unwrap_or(0);
        if n == 0 {
            break;
        }
        out += &rest[..n];
        s = &rest[n + 2..];
    }
    out
}

/// The CSRF token in a page's first form.
fn csrf_of(html: &str) -> String {
    let at = html
        .find("name=\"csrf\" value=\"")
        .expect("a form with a CSRF token")
        + "name=\"csrf\" value=\"".len();
    html[at..].split('"').next().unwrap().to_string()
}

/// The id of the first exception row of the queue.
fn first_exception_id(html: &str) -> i64 {
    let at =
        html.find("href=\"/exceptions/").expect("an exception row") + "href=\"/exceptions/".len();
    html[at..].split('"').next().unwrap().parse().unwrap()
}

/// The id of the first document of `kind` a page links to (`href="/documents/N">#N kind`).
fn document_id_of(html: &str, kind: &str) -> i64 {
    html.split("href=\"/documents/")
        .skip(1)
        .find_map(|rest| {
            let (id, after) = rest.split_once('"')?;
            after
                .starts_with(&format!(">#{id} {kind}<"))
                .then(|| id.parse().ok())?
        })
        .unwrap_or_else(|| panic!("no {kind} linked:\n{html}"))
}

/// The left and top (percent of the page) of the box drawn around `field` on a page image.
fn mark_of(html: &str, field: &str) -> (f64, f64) {
    let at = html
        .find(&format!("class=\"mark\" href=\"#field-{field}\" style=\""))
        .unwrap_or_else(|| panic!("no box around {field}:\n{html}"));
    let style = html[at..].split("style=\"").nth(1).unwrap();
    let style = style.split('"').next().unwrap();
    let value = |name: &str| -> f64 {
        let v = style.split(&format!("{name}:")).nth(1).unwrap();
        v.split('%').next().unwrap().parse().unwrap()
    };
    (value("left"), value("top"))
}

#[test]
fn log_in_work_the_queue_resolve_with_a_note_and_see_the_audit() {
    let (_tmp, config, port, _server) = workspace();
    let mut anon = Client::new(port);
    // Without a session every page sends to /login.
    for path in [
        "/exceptions",
        "/exceptions/1",
        "/loads/4471203",
        "/",
        "/nowhere",
    ] {
        let a = anon.get(path);
        assert_eq!(a.status, 303, "{path}");
        assert_eq!(a.header("location"), Some("/login"), "{path}");
    }
    // Not even a form posted without one.
    let a = anon.post("/exceptions/1/resolve", &[("note", "x")]);
    assert_eq!(a.header("location"), Some("/login"));
    // htmx, from the binary: the vendored file, byte for byte (src/web/static/README.md).
    let login = anon.get("/login");
    assert!(
        login
            .body
            .contains("<script src=\"/static/htmx-2.0.11.min.js\" defer></script>"),
        "{}",
        login.body
    );
    let js = anon.get("/static/htmx-2.0.11.min.js");
    assert_eq!(js.status, 200);
    assert_eq!(
        js.header("content-type"),
        Some("text/javascript; charset=utf-8")
    );
    use sha2::Digest as _;
    assert_eq!(
        hex::encode(sha2::Sha256::digest(js.body.as_bytes())),
        "d6fdc75f204e6bdefa99b69bf1e6d4ac69b8a364f77929f45c13476b4000f717"
    );
    // Health for monitoring, without a session, counts only.
    let health = anon.get("/healthz");
    assert_eq!(
        (health.status, health.body.as_str()),
        (200, "{\"status\":\"ok\"}")
    );
    let ready = anon.get("/readyz");
    assert_eq!(ready.status, 200, "{}", ready.body);
    let v: Value = serde_json::from_str(&ready.body).unwrap();
    assert_eq!(
        (v["ready"].clone(), v["outbox_pending"].clone()),
        (json!(true), json!(0))
    );
    let metrics = anon.get("/metrics");
    assert_eq!(metrics.status, 200);
    for needle in [
        "freightdesk_up 1\n",
        "freightdesk_documents{kind=\"carrier_invoice\"} 11\n",
        "freightdesk_messages{status=\"processed\"} ",
        "freightdesk_exceptions{rule=\"invoice_over_agreed\"} 1\n",
        "freightdesk_outbox_oldest_pending_seconds 0\n",
        "# EOF",
    ] {
        assert!(metrics.body.contains(needle), "{needle}:\n{}", metrics.body);
    }
    // An email that has waited 20 minutes: not ready, and why.
    let db = config.parent().unwrap().join("var/freightdesk.db");
    tokio::runtime::Runtime::new().unwrap().block_on(async {
        let store = freightdesk::store::Store::open(&format!("sqlite://{}", db.display()))
            .await
            .unwrap();
        let old = (chrono::Utc::now() - chrono::Duration::minutes(20))
            .to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
        sqlx::query("UPDATE outbox SET status = 'pending', created_at = $1 WHERE id = (SELECT MIN(id) FROM outbox)")
            .bind(&old)
            .execute(store.pool())
            .await
            .unwrap();
        // Three IMAP folders as a daemon left them: reached, failing, and reached 20 minutes ago
        // with a 5-minute interval (no daemon reads it any more).
        for (folder, outcome) in [
            ("INBOX", Ok(())),
            ("Invoices", Err("connection refused")),
            ("PODs", Ok(())),
        ] {
            store
                .record_mailbox_contact("ops", folder, outcome, 300)
                .await
                .unwrap();
        }
        sqlx::query("UPDATE mailbox_contact SET reached_at = $1 WHERE folder = 'PODs'")
            .bind(&old)
            .execute(store.pool())
            .await
            .unwrap();
    });
    let ready = anon.get("/readyz");
    assert_eq!(ready.status, 503, "{}", ready.body);
    assert!(
        ready
            .body
            .contains("the outbox is stuck: 1 email(s) waiting, the oldest for 20 minutes"),
        "{}",
        ready.body
    );
    for problem in [
        "the mailbox ops/Invoices cannot be read: connection refused (never reached)",
        "the mailbox ops/PODs was not reached within its interval (300 s): last reached 20 min ago",
    ] {
        assert!(ready.body.contains(problem), "{problem}: {}", ready.body);
    }
    assert!(
        !ready.body.contains("the mailbox ops/INBOX"),
        "{}",
        ready.body
    );
    let metrics = anon.get("/metrics").body;
    for needle in [
        "freightdesk_outbox{status=\"pending\"} 1\n",
        "freightdesk_mailbox_reached{account=\"ops\",folder=\"INBOX\"} 1\n",
        "freightdesk_mailbox_reached{account=\"ops\",folder=\"Invoices\"} 0\n",
        "freightdesk_mailbox_last_reached_seconds{account=\"ops\",folder=\"PODs\"} 12",
    ] {
        assert!(metrics.contains(needle), "{needle}:\n{metrics}");
    }

    let mut c = Client::new(port);
    let wrong = c.login("dana", "not her password");
    assert_eq!(wrong.status, 401);
    assert!(wrong.body.contains("Wrong name or password"));
    let ok = c.login("dana", "correct horse 42");
    assert_eq!(ok.status, 303, "{ok:?}");
    assert_eq!(ok.header("location"), Some("/exceptions"));
    let set = ok
        .headers
        .iter()
        .find(|(k, v)| k == "set-cookie" && v.starts_with("fd_session="))
        .map(|(_, v)| v.clone())
        .expect("a session cookie");
    assert!(
        set.contains("HttpOnly") && set.contains("SameSite=Strict") && set.contains("Max-Age="),
        "{set}"
    );

    // The queue: open, oldest first, counts per rule, each row with id, date, load and sentence.
    let queue = c.get("/exceptions");
    assert_eq!(queue.status, 200);
    assert!(queue.body.contains("open exceptions"), "{}", queue.body);
    assert!(
        queue.body.contains("invoice_without_pod: 1"),
        "{}",
        queue.body
    );
    assert!(queue.body.contains("href=\"/loads/"), "{}", queue.body);
    // The over-billed invoice's exception, worked below.
    let id = first_exception_id(&c.get("/exceptions?rule=invoice_over_agreed").body);
    // Filtered by rule: only that rule's rows.
    let filtered = c.get("/exceptions?rule=invoice_without_pod");
    assert!(
        filtered.body.contains("1 open exception<"),
        "{}",
        filtered.body
    );
    assert!(!filtered.body.contains("<td>invoice_over_agreed</td>"));
    // By carrier (name or MC), customer (name or id) and age: the over-billed invoice is
    // Prairie Wind's (MC 778812), for Granite Home Goods (CUST-003), raised today.
    for q in [
        "carrier=prairie+wind",
        "carrier=MC+778812",
        "customer=granite",
        "customer=CUST-003",
    ] {
        let by = c.get(&format!("/exceptions?rule=invoice_over_agreed&{q}"));
        assert!(by.body.contains("1 open exception<"), "{q}: {}", by.body);
    }
    let by = c.get("/exceptions?carrier=red+mesa&rule=invoice_over_agreed");
    assert!(by.body.contains("0 open exceptions<"), "{}", by.body);
    let old = c.get("/exceptions?age=2");
    assert!(old.body.contains("0 open exceptions<"), "{}", old.body);
    assert!(old.body.contains("value=\"2\""), "{}", old.body);

    // A load's page says whether it is billed to its customer, and why not; the invoice's PDF
    // opens as the customer got it.
    let billed = c.get("/loads/4471203");
    assert!(
        billed.body.contains(
            "<a href=\"/invoices/NS-000001.pdf\">Invoice NS-000001</a> to Acme Foods Inc"
        ),
        "{}",
        billed.body
    );
    let waiting = c.get("/loads/KB-20977");
    assert!(
        waiting
            .body
            .contains("not billed: waiting for: bill_of_lading"),
        "{}",
        waiting.body
    );
    let held = c.get("/loads/SFP-88140");
    assert!(
        held.body.contains("not billed: held by open exception #"),
        "{}",
        held.body
    );
    let pdf = c.get("/invoices/NS-000001.pdf");
    assert_eq!(pdf.status, 200);
    assert!(
        pdf.body.starts_with("%PDF-"),
        "{}",
        &pdf.body[..20.min(pdf.body.len())]
    );
    assert_eq!(c.get("/invoices/NS-999999.pdf").status, 404);

    let page = c.get(&format!("/exceptions/{id}"));
    assert_eq!(page.status, 200);
    assert!(page.body.contains("Resolve"), "{}", page.body);
    assert!(page.body.contains("Nothing done here yet"));
    let csrf = csrf_of(&page.body);

    // A form without its token, or with another, is refused.
    let refused = c.post(&format!("/exceptions/{id}/resolve"), &[("note", "done")]);
    assert_eq!(refused.status, 403);
    let refused = c.post(
        &format!("/exceptions/{id}/resolve"),
        &[("csrf", "0123"), ("note", "done")],
    );
    assert_eq!(refused.status, 403);
    // A note is required.
    let no_note = c.post(
        &format!("/exceptions/{id}/resolve"),
        &[("csrf", &csrf), ("note", "  ")],
    );
    assert_eq!(no_note.status, 422);

    let note = "Carrier agreed by phone <script>alert(1)</script>";
    let done = c.post(
        &format!("/exceptions/{id}/resolve"),
        &[("csrf", &csrf), ("note", note)],
    );
    assert_eq!(done.status, 303, "{done:?}");
    let page = c.get(&format!("/exceptions/{id}"));
    assert!(page.body.contains("· resolved</h1>"), "{}", page.body);
    // The audit entry: who, what, before -> after, the note (escaped).
    assert!(
        page.body.contains("<td>dana</td><td>resolve</td>"),
        "{}",
        page.body
    );
    assert!(page.body.contains("open → resolved"));
    // The values its sentence names are marked in its documents' tables and boxed on their
    // pages (the queue's first exception is about an invoice's total).
    assert!(page.body.contains("<tr class=\"used\">"), "{}", page.body);
    assert!(
        page.body
            .contains("class=\"mark\" href=\"#field-total_usd\""),
        "{}",
        page.body
    );
    assert!(page.body.contains("Carrier agreed by phone &lt;script&gt;"));
    assert!(!page.body.contains("<script>alert(1)"));
    // Resolving twice is refused; it is in the resolved queue, not the open one.
    let again = c.post(
        &format!("/exceptions/{id}/resolve"),
        &[("csrf", &csrf), ("note", "again")],
    );
    assert_eq!(again.status, 409);
    let resolved = c.get("/exceptions?status=resolved");
    assert!(resolved
        .body
        .contains(&format!("href=\"/exceptions/{id}\"")));
    assert!(
        resolved.body.contains("1 resolved exception<"),
        "{}",
        resolved.body
    );
    let open = c.get("/exceptions");
    assert!(!open.body.contains(&format!("href=\"/exceptions/{id}\"")));

    // The load page: its documents with fields, its exceptions, messages in and emails out.
    let load = c.get("/loads/4471203");
    assert_eq!(load.status, 200);
    for needle in [
        "Load 4471203",
        "rate_confirmation",
        "load_number",
        "in ←",
        "out →",
        // Its stops, from its rate confirmation.
        "<td>pickup</td><td>ACME FOODS DC</td>",
        "2200 Industrial Pkwy, Joliet, IL 60436",
        "<td>delivery</td><td>Peachtree Grocers DC</td>",
        "<td>2026-07-15</td><td>08:00</td><td>4500098812</td>",
    ] {
        assert!(load.body.contains(needle), "{needle}:\n{}", load.body);
    }
    assert_eq!(c.get("/loads/NOPE-1").status, 404);

    // A document's page: every field with the box it was read from on the page image.
    let invoice = document_id_of(&load.body, "carrier_invoice");
    let doc = c.get(&format!("/documents/{invoice}"));
    assert_eq!(doc.status, 200);
    for needle in [
        "Document #",
        "carrier_invoice",
        "File RM-10452.pdf",
        "<td>invoice_number</td><td>RM-10452</td>",
        "<td>total_usd</td><td>2595.00</td><td>$2,595.00</td>",
        "<td>linehaul</td><td>Line Haul</td><td>2100.00</td>",
        &format!("src=\"&#x2f;documents&#x2f;{invoice}&#x2f;pages&#x2f;1\""),
    ] {
        assert!(doc.body.contains(needle), "{needle}:\n{}", doc.body);
    }
    // Each printed field is boxed where it is printed: the total in the right-hand column, the
    // remit-to name in its box under the letterhead (the letterhead spells the same name first).
    assert!(!doc.body.contains("(not boxed)"), "{}", doc.body);
    let total = mark_of(&doc.body, "total_usd");
    assert!(total.0 > 50.0, "total at the right: {total:?}");
    let remit_name = mark_of(&doc.body, "remit_to_name");
    let remit_address = mark_of(&doc.body, "remit_to_address");
    let carrier_name = mark_of(&doc.body, "carrier_name");
    assert!(
        (remit_name.1 - remit_address.1).abs() < 5.0 && remit_name.1 > carrier_name.1 + 10.0,
        "remit-to name beside its address, below the letterhead: {remit_name:?} {remit_address:?} {carrier_name:?}"
    );
    let image = c.get(&format!("/documents/{invoice}/pages/1"));
    assert_eq!(image.status, 200);
    assert_eq!(image.header("content-type"), Some("image/jpeg"));
    let bytes: usize = image.header("content-length").unwrap().parse().unwrap();
    assert!(bytes > 20_000, "a page image of {bytes} bytes");
    // Only the document's own pages; nothing without a session.
    assert_eq!(c.get(&format!("/documents/{invoice}/pages/2")).status, 404);
    assert_eq!(c.get("/documents/999999").status, 404);
    assert_eq!(
        Client::new(port)
            .get(&format!("/documents/{invoice}/pages/1"))
            .header("location"),
        Some("/login")
    );
    // Search: a reference that names one load opens it; an MC number or a name lists loads
    // and documents; what was typed is shown escaped; nothing without a session.
    let one = c.get("/search?q=rm-10452");
    assert_eq!(one.status, 303);
    assert_eq!(one.header("location"), Some("/loads/4471203"));
    let by_mc = c.get("/search?q=MC+123456");
    assert_eq!(by_mc.status, 200);
    for needle in [
        "href=\"/loads/4471203\"",
        "carrier_invoice</a></td><td>carrier_mc 123456",
    ] {
        assert!(by_mc.body.contains(needle), "{needle}:\n{}", by_mc.body);
    }
    let by_name = c.get("/search?q=acme");
    assert!(
        by_name.body.contains("href=\"/loads/4471203\""),
        "{}",
        by_name.body
    );
    let hostile = c.get("/search?q=%3Cscript%3Ealert(1)%3C%2Fscript%3E");
    assert_eq!(hostile.status, 200);
    assert!(
        hostile.body.contains("No load matches “&lt;script&gt;"),
        "{}",
        hostile.body
    );
    assert!(!hostile.body.contains("<script>alert"));
    assert_eq!(
        Client::new(port)
            .get("/search?q=4471203")
            .header("location"),
        Some("/login")
    );
    // Unlinked documents: the sample inbox's invoice for load 4471450, which was never booked.
    let unlinked = c.get("/documents/unlinked");
    assert_eq!(unlinked.status, 200);
    assert!(
        unlinked.body.contains("unlinked documents</h1>"),
        "{}",
        unlinked.body
    );
    let stray = document_id_of(&unlinked.body, "carrier_invoice");
    assert!(
        unlinked
            .body
            .contains("load_number</span> <a href=\"/search?q=4471450\">4471450</a>"),
        "{}",
        unlinked.body
    );
    let csrf = csrf_of(&unlinked.body);
    let attach =
        |c: &mut Client, form: &[(&str, &str)]| c.post(&format!("/documents/{stray}/attach"), form);
    // Refused: no token; no load number; a load that does not exist. Nothing changed.
    assert_eq!(attach(&mut c, &[("load_number", "SFP-88140")]).status, 403);
    assert_eq!(
        attach(&mut c, &[("csrf", &csrf), ("load_number", " ")]).status,
        422
    );
    let nope = attach(&mut c, &[("csrf", &csrf), ("load_number", "NOPE-1")]);
    assert_eq!(nope.status, 422);
    assert!(
        nope.body.contains("There is no load NOPE-1"),
        "{}",
        nope.body
    );
    // Staff decide it belongs to load SFP-88140: it is filed there, and the load's checks run
    // with it (another carrier's MC, the load invoiced twice), their emails queued; its
    // "unknown load" exception is resolved, in the audit with the person and the note.
    let filed = attach(
        &mut c,
        &[
            ("csrf", &csrf),
            ("load_number", "SFP-88140"),
            ("note", "Carrier typed the wrong load"),
        ],
    );
    assert_eq!(filed.status, 303, "{filed:?}");
    let page = c.get(&format!("/documents/{stray}"));
    for needle in [
        "Load <a href=\"/loads/SFP-88140\">SFP-88140</a>",
        "<td>dana</td><td>attach</td>",
        "unlinked → load SFP-88140",
        "Carrier typed the wrong load",
    ] {
        assert!(page.body.contains(needle), "{needle}:\n{}", page.body);
    }
    assert!(!page.body.contains("Attach to a load"), "{}", page.body);
    let load = c.get("/loads/SFP-88140");
    for needle in [
        "carrier_mc_mismatch",
        "load_invoiced_twice",
        "Invoice PWT-5541 for load SFP-88140",
    ] {
        assert!(load.body.contains(needle), "{needle}:\n{}", load.body);
    }
    let resolved = c.get("/exceptions?status=resolved&rule=invoice_unknown_load");
    let unknown = first_exception_id(&resolved.body);
    let unknown = c.get(&format!("/exceptions/{unknown}"));
    assert!(
        unknown
            .body
            .contains(&format!("document #{stray} attached to load SFP-88140")),
        "{}",
        unknown.body
    );
    // Its emails to staff are queued (the load's timeline, out).
    assert!(
        load.body
            .contains("Invoice PWT-5541 from another carrier - load SFP-88140"),
        "{}",
        load.body
    );
    // Once filed, it cannot be attached again, and it is no longer in the list.
    assert_eq!(
        attach(&mut c, &[("csrf", &csrf), ("load_number", "4471203")]).status,
        409
    );
    assert!(!c
        .get("/documents/unlinked")
        .body
        .contains(&format!("href=\"/documents/{stray}\"")));

    // Correct a value: the invoice of load KB-21004 is from MC 1045872, the load was booked with
    // MC 778812. Staff find the invoice's MC was misread and correct it; the check runs again,
    // no longer holds, and its exception is resolved by them, audited on both pages.
    let queue = c.get("/exceptions?rule=carrier_mc_mismatch&load=KB-21004");
    let mismatch = first_exception_id(&queue.body);
    let page = c.get(&format!("/exceptions/{mismatch}"));
    let invoice = document_id_of(&page.body, "carrier_invoice");
    let doc = c.get(&format!("/documents/{invoice}"));
    assert!(
        doc.body.contains("<option>carrier_mc</option>"),
        "{}",
        doc.body
    );
    let csrf = csrf_of(&doc.body);
    let correct = |c: &mut Client, form: &[(&str, &str)]| {
        c.post(&format!("/documents/{invoice}/correct"), form)
    };
    assert_eq!(
        correct(&mut c, &[("field", "carrier_mc"), ("value", "778812")]).status,
        403
    );
    let bad = correct(
        &mut c,
        &[("csrf", &csrf), ("field", "carrier_mc"), ("value", "MC")],
    );
    assert_eq!(bad.status, 422);
    assert!(
        bad.body.contains("carrier_mc takes a number"),
        "{}",
        bad.body
    );
    assert_eq!(
        correct(
            &mut c,
            &[("csrf", &csrf), ("field", "no_such_field"), ("value", "1")]
        )
        .status,
        422
    );
    assert!(c
        .get(&format!("/exceptions/{mismatch}"))
        .body
        .contains("· open</h1>"));
    let done = correct(
        &mut c,
        &[
            ("csrf", &csrf),
            ("field", "carrier_mc"),
            ("value", "MC 778812"),
            ("note", "misread MC"),
        ],
    );
    assert_eq!(done.status, 303, "{done:?}");
    let doc = c.get(&format!("/documents/{invoice}"));
    for needle in [
        "<td>carrier_mc</td><td>778812</td><td>MC 778812</td>",
        "corrected by dana",
        "<td>dana</td><td>correct</td><td>document:",
        "carrier_mc = 1045872 → carrier_mc = 778812",
        "misread MC",
    ] {
        assert!(doc.body.contains(needle), "{needle}:\n{}", doc.body);
    }
    let page = c.get(&format!("/exceptions/{mismatch}"));
    assert!(page.body.contains("· resolved</h1>"), "{}", page.body);
    assert!(
        page.body
            .contains("no longer holds: carrier_mc of document"),
        "{}",
        page.body
    );

    // Assign an exception to a person, and approve an invoice for payment despite its
    // exception: it is then listed as ready to pay, in the CSV for accounts payable too.
    let payable_before = c.get("/payables.csv");
    assert!(
        !payable_before.body.contains("LOH-1187"),
        "{}",
        payable_before.body
    );
    let queue = c.get("/exceptions?rule=accessorial_not_agreed");
    let extra = first_exception_id(&queue.body);
    let page = c.get(&format!("/exceptions/{extra}"));
    assert!(
        page.body.contains("Approve the invoice for payment"),
        "{}",
        page.body
    );
    let csrf = csrf_of(&page.body);
    let assigned = c.post(
        &format!("/exceptions/{extra}/assign"),
        &[("csrf", &csrf), ("assignee", "dana")],
    );
    assert_eq!(assigned.status, 303);
    assert_eq!(
        c.post(
            &format!("/exceptions/{extra}/assign"),
            &[("csrf", &csrf), ("assignee", "mallory")]
        )
        .status,
        422
    );
    let mine = c.get("/exceptions?assignee=dana");
    assert!(
        mine.body.contains(&format!("href=\"/exceptions/{extra}\"")),
        "{}",
        mine.body
    );
    assert!(mine.body.contains("1 open exception<"), "{}", mine.body);
    assert_eq!(
        c.post(
            &format!("/exceptions/{extra}/approve"),
            &[("csrf", &csrf), ("note", " ")]
        )
        .status,
        422
    );
    let approved = c.post(
        &format!("/exceptions/{extra}/approve"),
        &[("csrf", &csrf), ("note", "Detention approved by ops")],
    );
    assert_eq!(approved.status, 303);
    let page = c.get(&format!("/exceptions/{extra}"));
    for needle in [
        "Approved for payment",
        "<td>dana</td><td>assign</td>",
        "nobody → dana",
        "<td>dana</td><td>approve</td>",
        "Detention approved by ops",
    ] {
        assert!(page.body.contains(needle), "{needle}:\n{}", page.body);
    }
    assert_eq!(
        c.post(
            &format!("/exceptions/{extra}/approve"),
            &[("csrf", &csrf), ("note", "again")]
        )
        .status,
        409
    );
    let payables = c.get("/payables");
    assert!(
        payables.body.contains("approved by dana"),
        "{}",
        payables.body
    );
    let csv_answer = c.get("/payables.csv");
    assert_eq!(
        csv_answer.header("content-type"),
        Some("text/csv; charset=utf-8")
    );
    let mut reader = csv::Reader::from_reader(csv_answer.body.as_bytes());
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    let header = reader.headers().unwrap().clone();
    let col = |name: &str| header.iter().position(|h| h == name).unwrap();
    let approved_row = rows
        .iter()
        .find(|r| &r[col("invoice_number")] == "LOH-1187")
        .unwrap_or_else(|| panic!("LOH-1187 payable:\n{}", csv_answer.body));
    assert_eq!(&approved_row[col("approved_by")], "dana");
    assert_eq!(&approved_row[col("load_number")], "4471260");
    // A matched invoice, with its due date from its terms.
    let matched = rows
        .iter()
        .find(|r| &r[col("invoice_number")] == "RM-10452")
        .unwrap_or_else(|| panic!("RM-10452 payable:\n{}", csv_answer.body));
    assert_eq!(&matched[col("amount_usd")], "2595.00");
    assert_eq!(&matched[col("due_date")], "2026-08-15");
    assert_eq!(&matched[col("approved_by")], "");
    assert_eq!(
        Client::new(port).get("/payables.csv").header("location"),
        Some("/login")
    );

    // Dispute an invoice with its carrier: the lumper billed on load KB-20977 without a receipt.
    // The carrier gets the person's message as a reply to the invoice's email; their answer,
    // a reply to the dispute, is filed with the load.
    let queue = c.get("/exceptions?rule=lumper_without_receipt");
    let lumper = first_exception_id(&queue.body);
    let page = c.get(&format!("/exceptions/{lumper}"));
    assert!(
        page.body.contains("Dispute with the carrier"),
        "{}",
        page.body
    );
    let csrf = csrf_of(&page.body);
    assert_eq!(
        c.post(
            &format!("/exceptions/{lumper}/dispute"),
            &[("csrf", &csrf), ("note", "")]
        )
        .status,
        422
    );
    let disputed = c.post(
        &format!("/exceptions/{lumper}/dispute"),
        &[
            ("csrf", &csrf),
            (
                "note",
                "Please send the lumper receipt for the $225.00 you billed.",
            ),
        ],
    );
    assert_eq!(disputed.status, 303, "{disputed:?}");
    let page = c.get(&format!("/exceptions/{lumper}"));
    for needle in [
        "· open</h1>",
        "<td>dana</td><td>dispute</td>",
        "disputed: emailed billing@redmesatrucking.example",
    ] {
        assert!(page.body.contains(needle), "{needle}:\n{}", page.body);
    }
    // The daemon sends it (the sample's file outbox): a reply to the invoice's email.
    run_ok(bin().args(["run", "--once", "--config"]).arg(&config));
    let outbox = config.parent().unwrap().join("var/outbox");
    let sent = std::fs::read_dir(&outbox)
        .unwrap()
        .map(|e| std::fs::read_to_string(e.unwrap().path()).unwrap())
        .find(|m| {
            m.contains("please send the lumper receipt")
                || m.contains("Please send the lumper receipt")
        })
        .expect("the dispute email in the outbox");
    assert!(
        sent.contains("To: billing@redmesatrucking.example"),
        "{sent}"
    );
    assert!(
        sent.contains("We cannot pay invoice RM-10461 for load KB-20977"),
        "{sent}"
    );
    assert!(sent.contains("In-Reply-To: <"), "{sent}");
    let dispute_id = sent
        .lines()
        .find_map(|l| l.strip_prefix("Message-ID: "))
        .expect("a Message-ID")
        .trim()
        .to_string();
    // The carrier answers it; the answer names no load, and is filed with KB-20977.
    let replies = config.parent().unwrap().join("replies");
    std::fs::create_dir_all(&replies).unwrap();
    std::fs::write(
        replies.join("01-reply.eml"),
        format!(
            "From: Red Mesa Billing <billing@redmesatrucking.example>\r\n\
             To: backoffice@northstarlogistics.example\r\n\
             Subject: RE: about your question\r\n\
             Date: Mon, 20 Jul 2026 10:00:00 -0600\r\n\
             Message-ID: <answer-1@redmesatrucking.example>\r\n\
             In-Reply-To: {dispute_id}\r\n\
             References: {dispute_id}\r\n\r\n\
             The receipt is on its way from the warehouse.\r\n"
        ),
    )
    .unwrap();
    let text = std::fs::read_to_string(&config).unwrap();
    let reply_config = config.with_file_name("replies.toml");
    let samples_inbox = common::repo().join("samples/inbox");
    std::fs::write(
        &reply_config,
        text.replace(
            &format!("path = \"{}\"", samples_inbox.display()),
            &format!("path = \"{}\"", replies.display()),
        ),
    )
    .unwrap();
    run_ok(bin().args(["run", "--once", "--config"]).arg(&reply_config));
    let load = c.get("/loads/KB-20977");
    assert!(
        load.body.contains("RE: about your question"),
        "{}",
        load.body
    );

    // A POD of the sample inbox (scan0001.pdf, which has a text layer): its fields boxed too;
    // image-only pages are boxed by OCR (tests/ocr.rs).
    let scan = c.get("/loads/4471260");
    let pod = document_id_of(&scan.body, "proof_of_delivery");
    let pod = c.get(&format!("/documents/{pod}"));
    assert!(
        pod.body.contains("class=\"mark\" href=\"#field-"),
        "{}",
        pod.body
    );

    // The exceptions command sees the status too.
    let cli = run_ok(bin().args(["exceptions", "--config"]).arg(&config));
    assert!(cli.contains("resolved"), "{cli}");

    // Admin pages: a clerk is refused; an admin adds a user, who can log in, and disables them.
    assert_eq!(c.get("/admin/users").status, 403);
    add_user(&config, "ana", "admin", "admin pass 77");
    let mut admin = Client::new(port);
    assert_eq!(admin.login("ana", "admin pass 77").status, 303);
    let users = admin.get("/admin/users");
    assert_eq!(users.status, 200);
    assert!(
        users.body.contains("<td>dana</td><td>clerk</td>"),
        "{}",
        users.body
    );
    let csrf = csrf_of(&users.body);
    let short = admin.post(
        "/admin/users",
        &[
            ("csrf", &csrf),
            ("name", "lee"),
            ("role", "clerk"),
            ("password", "short"),
        ],
    );
    assert_eq!(short.status, 422);
    let added = admin.post(
        "/admin/users",
        &[
            ("csrf", &csrf),
            ("name", "lee"),
            ("role", "clerk"),
            ("password", "lee's passphrase"),
        ],
    );
    assert_eq!(added.status, 303);
    let clerk_csrf = csrf_of(&c.get("/exceptions").body);
    assert_eq!(
        c.post(
            "/admin/users",
            &[
                ("csrf", &clerk_csrf),
                ("name", "eve"),
                ("role", "admin"),
                ("password", "eve's passphrase")
            ]
        )
        .status,
        403,
        "a clerk cannot add users"
    );
    let mut lee = Client::new(port);
    assert_eq!(lee.login("lee", "lee's passphrase").status, 303);
    assert_eq!(lee.get("/exceptions").status, 200);
    assert_eq!(
        admin
            .post("/admin/users/lee/disable", &[("csrf", &csrf)])
            .status,
        303
    );
    assert_eq!(lee.get("/exceptions").header("location"), Some("/login"));
    let users = admin.get("/admin/users");
    for needle in [
        "<td>ana</td><td>user_add</td><td>user:lee</td>",
        "<td>ana</td><td>user_disable</td>",
    ] {
        assert!(users.body.contains(needle), "{needle}:\n{}", users.body);
    }

    // Login rate limit: five failures for a name, then even the right password is refused.
    add_user(&config, "ray", "admin", "another pass 9");
    let mut r = Client::new(port);
    for _ in 0..5 {
        assert_eq!(r.login("ray", "guess").status, 401);
    }
    let limited = r.login("ray", "another pass 9");
    assert_eq!(limited.status, 429);
    assert!(!r.cookies.contains_key("fd_session"));
    // The login form itself needs its token.
    assert_eq!(
        Client::new(port)
            .post(
                "/login",
                &[("name", "dana"), ("password", "correct horse 42")]
            )
            .status,
        403
    );

    // Log out: the session is gone.
    let csrf = csrf_of(&c.get("/exceptions").body);
    assert_eq!(c.post("/logout", &[("csrf", &csrf)]).status, 303);
    assert_eq!(c.get("/exceptions").header("location"), Some("/login"));

    // A disabled user's session ends and they cannot log in again.
    let mut d = Client::new(port);
    assert_eq!(d.login("dana", "correct horse 42").status, 303);
    assert_eq!(d.get("/exceptions").status, 200);
    run_ok(
        bin()
            .args(["users", "disable", "dana", "--config"])
            .arg(&config),
    );
    assert_eq!(d.get("/exceptions").header("location"), Some("/login"));
    assert_eq!(d.login("dana", "correct horse 42").status, 401);
    let users = run_ok(bin().args(["users", "list", "--config"]).arg(&config));
    assert!(
        users.contains("dana") && users.contains("disabled"),
        "{users}"
    );
    assert!(users.contains("ray") && users.contains("admin"), "{users}");
}

/// WebDriver over chromedriver's HTTP JSON protocol (W3C), with the same minimal client.
struct Driver {
    port: u16,
    session: String,
}

const ELEMENT_KEY: &str = "element-6066-11e4-a52e-4f735466cecf";

impl Driver {
    fn call(&self, method: &str, path: &str, body: Option<Value>) -> Value {
        let mut c = Client::new(self.port);
        let body = body.map(|b| b.to_string());
        let a = c.request(
            method,
            &format!("/session/{}{path}", self.session),
            body.as_deref().map(|b| ("application/json", b)),
        );
        let v: Value = serde_json::from_str(&a.body).unwrap_or(Value::Null);
        assert_eq!(a.status, 200, "{method} {path}: {}", a.body);
        v["value"].clone()
    }

    fn goto(&self, url: &str) {
        self.call("POST", "/url", Some(json!({ "url": url })));
    }

    fn find(&self, css: &str) -> String {
        let v = self.call(
            "POST",
            "/element",
            Some(json!({"using": "css selector", "value": css})),
        );
        v[ELEMENT_KEY].as_str().unwrap().to_string()
    }

    fn type_into(&self, css: &str, text: &str) {
        let e = self.find(css);
        self.call(
            "POST",
            &format!("/element/{e}/value"),
            Some(json!({ "text": text })),
        );
    }

    fn click(&self, css: &str) {
        let e = self.find(css);
        self.call("POST", &format!("/element/{e}/click"), Some(json!({})));
    }

    /// Run `script` (a function body) in the page; what it returns.
    fn script(&self, script: &str) -> Value {
        self.call(
            "POST",
            "/execute/sync",
            Some(json!({"script": script, "args": []})),
        )
    }

    fn source(&self) -> String {
        self.call("GET", "/source", None)
            .as_str()
            .unwrap()
            .to_string()
    }

    /// The page source once it contains `needle` (a click that submits a form returns before
    /// the next page has loaded), or the last source after 15 s.
    fn source_with(&self, needle: &str) -> String {
        let start = Instant::now();
        loop {
            let s = self.source();
            if s.contains(needle) || start.elapsed() > Duration::from_secs(15) {
                return s;
            }
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    fn screenshot(&self, name: &str) -> PathBuf {
        use base64::Engine as _;
        let b64 = self.call("GET", "/screenshot", None);
        let png = base64::engine::general_purpose::STANDARD
            .decode(b64.as_str().unwrap())
            .unwrap();
        let dir = common::repo().join("target/screenshots");
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join(name);
        std::fs::write(&path, png).unwrap();
        path
    }
}

fn which(cmd: &str) -> Option<PathBuf> {
    std::env::var_os("PATH").and_then(|paths| {
        std::env::split_paths(&paths)
            .map(|p| p.join(cmd))
            .find(|p| p.is_file())
    })
}

/// "Learn this layout" on a document's page: the Red Mesa invoice layout's template is removed
/// from a copy of the rules, so the sample inbox's invoice RM-10452 is read by the generic reader;
/// a clerk teaches its layout from the page; the template written reads the other Red Mesa
/// invoice (RM-10461, never shown), the rule tests still pass, and the learning is audited.
#[test]
fn learn_a_layout_from_a_document_page() {
    let tmp = tempfile::tempdir().unwrap();
    let repo = common::repo();
    let rules = tmp.path().join("rules");
    common::copy_dir(&repo.join("rules"), &rules);
    std::os::unix::fs::symlink(repo.join("samples"), tmp.path().join("samples")).unwrap();
    std::fs::remove_file(rules.join("documents/red_mesa_carrier_invoice.toml")).unwrap();
    let templates_before: Vec<_> = common::files_with_ext(&rules.join("documents"), "toml");
    let port = free_port();
    let config = sample_config(tmp.path(), port);
    let text = std::fs::read_to_string(&config).unwrap().replace(
        &format!("rules = \"{}\"", repo.join("rules").display()),
        &format!("rules = \"{}\"", rules.display()),
    );
    assert!(text.contains(&rules.display().to_string()), "{text}");
    std::fs::write(&config, text).unwrap();
    run_ok(bin().args(["run", "--once", "--config"]).arg(&config));
    add_user(&config, "dana", "clerk", "correct horse 42");
    let _server = serve(&config, port);
    let mut c = Client::new(port);
    assert_eq!(c.login("dana", "correct horse 42").status, 303);
    let load = c.get("/loads/4471203");
    let invoice = document_id_of(&load.body, "carrier_invoice");
    let doc = c.get(&format!("/documents/{invoice}"));
    assert!(
        doc.body.contains("read by the generic reader"),
        "{}",
        doc.body
    );
    assert!(doc.body.contains("Learn this layout"), "{}", doc.body);
    let csrf = csrf_of(&doc.body);
    let learn = format!("/documents/{invoice}/learn");
    assert_eq!(
        c.post(&learn, &[("issuer", "Red Mesa Trucking")]).status,
        403
    );
    let done = c.post(&learn, &[("csrf", &csrf), ("issuer", "Red Mesa Trucking")]);
    assert_eq!(done.status, 303, "{}", done.body);
    let doc = c.get(&format!("/documents/{invoice}"));
    for needle in [
        "<td>dana</td><td>learn_layout</td><td>document:",
        "→ template red_mesa_trucking_carrier_invoice (documents",
        "carrier_invoice.toml) reads ",
        "invoice_number, load_number",
    ] {
        assert!(doc.body.contains(needle), "{needle}:\n{}", doc.body);
    }
    let templates_after = common::files_with_ext(&rules.join("documents"), "toml");
    assert_eq!(templates_after.len(), templates_before.len() + 1);
    let template = rules.join("documents/red_mesa_trucking_carrier_invoice.toml");
    assert!(
        template.exists()
            && rules
                .join("documents/samples/red_mesa_trucking_carrier_invoice.pdf")
                .exists()
    );
    // The rules with it pass their tests; the other Red Mesa invoice is read by it.
    run_ok(bin().args(["rules", "test"]).arg(&rules));
    let other = run_ok(
        bin()
            .args(["extract", "--json", "--rules"])
            .arg(&rules)
            .arg(repo.join("samples/pdfs/invoice_RM-10461.pdf")),
    );
    let other: serde_json::Value = serde_json::from_str(&other).unwrap();
    let expected: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(repo.join("samples/pdfs/invoice_RM-10461.expected.json")).unwrap(),
    )
    .unwrap();
    let doc0 = &other["documents"][0];
    assert!(
        doc0["template"]
            .as_str()
            .unwrap_or_default()
            .contains("red_mesa_trucking_carrier_invoice"),
        "{other}"
    );
    for field in ["invoice_number", "load_number", "total_usd"] {
        assert_eq!(
            doc0["fields"][field], expected["documents"][0]["fields"][field],
            "{field}: {other}"
        );
    }
    // Twice is refused, and nothing is written.
    let again = c.post(&learn, &[("csrf", &csrf), ("issuer", "Red Mesa Trucking")]);
    assert_eq!(again.status, 422);
    assert!(again.body.contains("exists already"), "{}", again.body);
    assert_eq!(
        common::files_with_ext(&rules.join("documents"), "toml").len(),
        templates_before.len() + 1
    );
}

#[test]
fn in_chromium_log_in_see_the_queue_and_resolve() {
    let (Some(chromium), Some(chromedriver)) = (which("chromium"), which("chromedriver")) else {
        panic!("chromium and chromedriver are not installed: run scripts/install-deps");
    };
    let (tmp, _config, port, _server) = workspace();
    let driver_port = free_port();
    let _chromedriver = Killed(
        Command::new(chromedriver)
            .arg(format!("--port={driver_port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap(),
    );
    let start = Instant::now();
    loop {
        if TcpStream::connect(("127.0.0.1", driver_port)).is_ok() {
            let a = Client::new(driver_port).get("/status");
            if a.status == 200 && a.body.contains("\"ready\":true") {
                break;
            }
        }
        assert!(
            start.elapsed() < Duration::from_secs(30),
            "chromedriver did not start"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
    let profile = tmp.path().join("chromium-profile");
    let caps = json!({"capabilities": {"alwaysMatch": {
        "browserName": "chrome",
        "goog:chromeOptions": {
            "binary": chromium,
            "args": ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                     "--window-size=1280,1000", format!("--user-data-dir={}", profile.display())]
        }
    }}});
    let a = Client::new(driver_port).request(
        "POST",
        "/session",
        Some(("application/json", &caps.to_string())),
    );
    assert_eq!(a.status, 200, "{}", a.body);
    let v: Value = serde_json::from_str(&a.body).unwrap();
    let d = Driver {
        port: driver_port,
        session: v["value"]["sessionId"].as_str().unwrap().to_string(),
    };
    let base = format!("http://127.0.0.1:{port}");

    d.goto(&format!("{base}/exceptions"));
    assert!(
        d.source_with("log in").contains("log in"),
        "no session: the login page"
    );
    d.screenshot("login.png");
    d.type_into("input[name=name]", "dana");
    d.type_into("input[name=password]", "correct horse 42");
    d.click("button[type=submit]");
    let queue = d.source_with("open exceptions");
    assert!(queue.contains("open exceptions"), "{queue}");
    d.screenshot("exceptions.png");

    // With htmx, a filter applies as it is typed: the rows are replaced and the address
    // follows, without a new page.
    d.script("window.notReloaded = true; return null;");
    d.type_into("form.filters input[name=load]", "4471342");
    let start = Instant::now();
    let filtered = loop {
        let url = d.call("GET", "/url", None);
        if url.as_str().is_some_and(|u| u.contains("load=4471342")) {
            break d.source();
        }
        assert!(
            start.elapsed() < Duration::from_secs(15),
            "the filter did not apply: {url}"
        );
        std::thread::sleep(Duration::from_millis(100));
    };
    assert_eq!(
        d.script("return window.notReloaded === true;"),
        json!(true),
        "the page was reloaded instead of its rows replaced"
    );
    let loads: Vec<&str> = filtered
        .split("<a href=\"/loads/")
        .skip(1)
        .filter_map(|r| r.split('"').next())
        .collect();
    assert!(
        !loads.is_empty() && loads.iter().all(|l| *l == "4471342"),
        "{loads:?}"
    );
    d.screenshot("exceptions-filtered.png");

    let id = first_exception_id(&queue);
    d.goto(&format!("{base}/exceptions/{id}"));
    d.type_into("form[action$=resolve] textarea", "Checked with the carrier");
    d.click("form[action$=resolve] button[type=submit]");
    let page = d.source_with("· resolved");
    assert!(page.contains("· resolved"), "{page}");
    assert!(page.contains("Checked with the carrier"), "{page}");
    d.screenshot("exception.png");
    // Below it, its documents: the values the sentence names, boxed on their pages.
    d.script("document.querySelector('.box .sheet').scrollIntoView(); return null;");
    std::thread::sleep(Duration::from_millis(1500));
    d.screenshot("exception-documents.png");

    d.goto(&format!("{base}/loads/4471203"));
    let load = d.source();
    assert!(load.contains("Load 4471203"));
    d.screenshot("load.png");

    // A document: its page image, drawn by the browser, with a box around each field.
    let invoice = document_id_of(&load, "carrier_invoice");
    d.goto(&format!("{base}/documents/{invoice}"));
    let start = Instant::now();
    let width = loop {
        let w = d.script("const i = document.querySelector('.sheet img'); return i && i.complete ? i.naturalWidth : 0;");
        if w.as_u64().unwrap_or(0) > 0 || start.elapsed() > Duration::from_secs(15) {
            break w;
        }
        std::thread::sleep(Duration::from_millis(100));
    };
    assert!(
        width.as_u64().unwrap_or(0) >= 800,
        "the page image loaded: {width}"
    );
    // The total's box lies on the image, inside the page.
    let r = d.script("const m = document.querySelector('a.mark[href=\"#field-total_usd\"]').getBoundingClientRect(); const s = document.querySelector('.sheet').getBoundingClientRect(); return [m.left >= s.left, m.right <= s.right, m.top >= s.top, m.bottom <= s.bottom, m.width > 10, m.height > 5];");
    assert_eq!(
        r,
        json!([true, true, true, true, true, true]),
        "the total's box on the page"
    );
    d.screenshot("document.png");

    // The search box in the header: a customer's name lists its loads.
    d.type_into("header input[name=q]", "acme\u{E007}");
    let found = d.source_with("<h1>Search</h1>");
    assert!(found.contains("href=\"/loads/4471203\""), "{found}");
    d.screenshot("search.png");

    // Dispute an invoice with its carrier from its exception.
    d.goto(&format!("{base}/exceptions?rule=lumper_without_receipt"));
    let lumper = first_exception_id(&d.source_with("open exception"));
    d.goto(&format!("{base}/exceptions/{lumper}"));
    d.type_into("#dnote", "Please send the lumper receipt.");
    d.click("form[action$=dispute] button[type=submit]");
    let disputed = d.source_with("disputed: emailed");
    assert!(
        disputed.contains("disputed: emailed billing@redmesatrucking.example"),
        "{disputed}"
    );

    // Ready to pay, and its CSV as the browser downloads it.
    d.click("header a[href=\"/payables\"]");
    let payables = d.source_with("ready to pay");
    assert!(payables.contains("RM-10452"), "{payables}");
    d.screenshot("payables.png");
    let csv_text = d.script("const x = new XMLHttpRequest(); x.open('GET', '/payables.csv', false); x.send(); return x.responseText;");
    assert!(
        csv_text
            .as_str()
            .unwrap()
            .starts_with("carrier,carrier_mc,invoice_number,load_number,amount_usd"),
        "{csv_text}"
    );

    // Unlinked documents: attach the stray invoice to its load with the row's form.
    d.click("header a[href=\"/documents/unlinked\"]");
    let list = d.source_with("unlinked document");
    let stray = document_id_of(&list, "carrier_invoice");
    d.screenshot("unlinked.png");
    d.type_into(&format!("#load-{stray}"), "SFP-88140");
    d.type_into(
        &format!("#note-{stray}"),
        "Wrong load number on the invoice",
    );
    d.click(&format!(
        "form[action=\"/documents/{stray}/attach\"] button"
    ));
    let filed = d.source_with("unlinked → load SFP-88140");
    assert!(filed.contains("unlinked → load SFP-88140"), "{filed}");

    d.click("header form button[type=submit]");
    assert!(d.source_with("log in").contains("log in"), "logged out");
    d.goto(&format!("{base}/exceptions"));
    assert!(d.source().contains("log in"), "logged out: refused");
    d.call("DELETE", "", None);
}

#[test]
fn run_serves_the_workspace_too_with_secure_cookies_behind_tls() {
    let tmp = tempfile::tempdir().unwrap();
    let port = free_port();
    let config = sample_config(tmp.path(), port);
    // Behind a TLS proxy: the workspace is reached at an https:// address.
    let text = std::fs::read_to_string(&config).unwrap()
        + "public_url = \"https://desk.northstar.example\"\n";
    std::fs::write(&config, text).unwrap();
    add_user(&config, "dana", "clerk", "correct horse 42");
    let daemon = Killed(
        bin()
            .args(["run", "--config"])
            .arg(&config)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap(),
    );
    wait_for_port(port, 60, "run serving the workspace");
    let mut c = Client::new(port);
    let login = c.login("dana", "correct horse 42");
    assert_eq!(login.status, 303);
    let session = login
        .headers
        .iter()
        .find(|(k, v)| k.eq_ignore_ascii_case("set-cookie") && v.starts_with("fd_session="))
        .map(|(_, v)| v.clone())
        .expect("a session cookie");
    assert!(
        session.contains("; Secure") && session.contains("HttpOnly"),
        "{session}"
    );
    // The same daemon reads the sample inbox: its exceptions reach the queue it serves.
    let start = Instant::now();
    loop {
        let queue = c.get("/exceptions");
        if queue.body.contains("href=\"/exceptions/") {
            break;
        }
        assert!(
            start.elapsed() < Duration::from_secs(120),
            "no exception in the queue:\n{}",
            queue.body
        );
        std::thread::sleep(Duration::from_millis(500));
    }
    // SIGTERM stops the daemon and its workspace.
    let pid = daemon.0.id().to_string();
    assert!(Command::new("kill")
        .args(["-TERM", &pid])
        .status()
        .unwrap()
        .success());
    let mut daemon = daemon;
    let start = Instant::now();
    let status = loop {
        if let Some(s) = daemon.0.try_wait().unwrap() {
            break s;
        }
        assert!(
            start.elapsed() < Duration::from_secs(60),
            "the daemon did not stop"
        );
        std::thread::sleep(Duration::from_millis(100));
    };
    assert!(status.success(), "{status}");
    assert!(TcpStream::connect(("127.0.0.1", port)).is_err());
}

/// Factoring in the workspace: a Notice of Assignment's exception says what it changes; a clerk
/// who resolves it confirms the notice (with their note, audited), which releases the carrier
/// invoice held for the new remit-to. No database, no command line.
#[test]
fn resolving_a_notice_of_assignment_in_the_workspace_confirms_it_and_releases_the_invoice() {
    let tmp = tempfile::tempdir().unwrap();
    let inbox = tmp.path().join("inbox");
    common::copy_dir(&common::repo().join("samples/inbox"), &inbox);
    std::fs::write(
        inbox.join("90-invoice-LOH-1214-factored.eml"),
        common::sample_pdf_email(
            "wade@loneoakhauling.example",
            "Invoice LOH-1214 load 4471260",
            "invoice_LOH-1214.pdf",
        ),
    )
    .unwrap();
    std::fs::write(
        inbox.join("91-noa-lone-oak.eml"),
        common::sample_pdf_email(
            "noa@pecosfreightcapital.example",
            "Notice of Assignment - Lone Oak Hauling LLC",
            "noa_lone_oak_pecos.pdf",
        ),
    )
    .unwrap();
    let port = free_port();
    let config = sample_config(tmp.path(), port);
    let text = std::fs::read_to_string(&config).unwrap().replace(
        &format!(
            "path = \"{}\"",
            common::repo().join("samples/inbox").display()
        ),
        &format!("path = \"{}\"", inbox.display()),
    );
    std::fs::write(&config, text).unwrap();
    run_ok(bin().args(["run", "--once", "--config"]).arg(&config));
    add_user(&config, "dana", "clerk", "correct horse 42");
    let _server = serve(&config, port);
    let mut c = Client::new(port);
    assert_eq!(c.login("dana", "correct horse 42").status, 303);

    let held = c.get("/exceptions?rule=remit_to_changed");
    let held_id = first_exception_id(&held.body);
    let queue = c.get("/exceptions?rule=noa_received");
    let id = first_exception_id(&queue.body);
    let page = c.get(&format!("/exceptions/{id}"));
    assert_eq!(page.status, 200);
    assert!(
        page.body
            .contains("is to be paid to &quot;Pecos Freight Capital LLC&quot;")
            || page
                .body
                .contains("is to be paid to \"Pecos Freight Capital LLC\"")
            || page
                .body
                .contains("is to be paid to &#34;Pecos Freight Capital LLC&#34;"),
        "{}",
        page.body
    );
    let csrf = csrf_of(&page.body);
    let done = c.post(
        &format!("/exceptions/{id}/resolve"),
        &[
            ("csrf", &csrf),
            ("note", "Called Wade at (903) 555-0134, the number on file"),
        ],
    );
    assert_eq!(done.status, 303, "{done:?}");
    assert!(c
        .get(&format!("/exceptions/{id}"))
        .body
        .contains("· resolved</h1>"));
    // The invoice held for the factor's remit-to is released, naming the notice.
    let released = c.get(&format!("/exceptions/{held_id}"));
    assert!(
        released.body.contains("· resolved</h1>"),
        "{}",
        released.body
    );
    assert!(released
        .body
        .contains("Notice of Assignment #1 confirmed by dana"));
    let list = run_ok(bin().args(["noa", "list", "--config"]).arg(&config));
    assert!(
        list.contains("confirmed") && list.contains("by dana"),
        "{list}"
    );
}
