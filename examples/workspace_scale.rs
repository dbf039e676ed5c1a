//! The workspace at scale: a database of LOADS loads (default 100,000) with 2 documents each
//! and 1,000,000 fields, 50,000 open and 25,000 resolved exceptions, an outbox email and an
//! audit entry per load, 2,000 carriers and 300 customers in the directory; then the workspace's
//! router (`freightdesk serve`'s, in this process, on loopback) is asked for the exception queue
//! (first page, a deep page, each filter), load pages and searches, REPEAT times each, and the
//! median and worst time from request to the last byte of the answer are printed, in ms.
//!
//! `cargo run --release --example workspace_scale -- [LOADS] [REPEAT]` (defaults 100000, 20).
//! The database is made once under `target/workspace-scale/LOADS/` (about 40 s for 100,000
//! loads) and reused by later runs; `rm -rf target/workspace-scale` makes it again.
//! `scripts/bench` runs it and records the output in BENCHMARKS.md.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Instant;

use freightdesk::config::Config;
use freightdesk::pipeline::Pipeline;
use freightdesk::store::Store;
use freightdesk::web::{router, WebOptions};
use sqlx::Executor;

/// Fields per document: 2 documents a load, so 1,000,000 fields for 100,000 loads.
const FIELDS_PER_DOCUMENT: usize = 5;
const CARRIERS: usize = 2000;
const CUSTOMERS: usize = 300;
const RULES: [(&str, &str); 8] = [
    ("invoice_over_agreed", "high"),
    ("invoice_without_pod", "medium"),
    ("accessorial_not_agreed", "medium"),
    ("lumper_without_receipt", "medium"),
    ("carrier_mc_mismatch", "high"),
    ("duplicate_invoice", "high"),
    ("pod_osd_notes", "medium"),
    ("remit_to_changed", "high"),
];
const WORDS: [&str; 20] = [
    "Red", "Blue", "Mesa", "Prairie", "Granite", "Summit", "Coastal", "Harbor", "Eagle", "Pine",
    "River", "Stone", "Iron", "Golden", "Silver", "North", "Valley", "Canyon", "Lake", "Ridge",
];

fn carrier_name(i: usize) -> String {
    format!(
        "{} {} Trucking {i:04} LLC",
        WORDS[i % 20],
        WORDS[(i / 20) % 20]
    )
}

fn customer_name(i: usize) -> String {
    format!(
        "{} {} Goods {i:03} Inc",
        WORDS[(i * 7) % 20],
        WORDS[(i / 3) % 20]
    )
}

fn load_number(i: usize) -> String {
    format!("L{}", 4_000_000 + i)
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let mut args = std::env::args().skip(1);
    let loads: usize = args.next().map_or(Ok(100_000), |a| a.parse())?;
    let repeat: usize = args.next().map_or(Ok(20), |a| a.parse())?;
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("target/workspace-scale")
        .join(loads.to_string());
    let config_path = write_site(&dir)?;
    let config = Config::load(&config_path)?;
    let done = dir.join("generated");
    if !done.exists() {
        let t = Instant::now();
        let _ = std::fs::remove_file(dir.join("freightdesk.db"));
        let store = Store::open(&config.database_url).await?;
        generate(&store, loads).await?;
        std::fs::write(&done, "")?;
        println!("generated in {:.1} s", t.elapsed().as_secs_f64());
    }
    let pipeline = Arc::new(Pipeline::open(&config).await?);
    let store = pipeline.store.clone();
    let count = |table: &str| {
        let sql = format!("SELECT COUNT(*) FROM {table}");
        let pool = store.pool().clone();
        async move {
            sqlx::query_scalar::<_, i64>(sqlx::AssertSqlSafe(sql))
                .fetch_one(&pool)
                .await
        }
    };
    println!(
        "database: {} loads, {} documents, {} fields, {} exceptions ({} open), {:.0} MiB",
        count("loads").await?,
        count("documents").await?,
        count("fields").await?,
        count("exceptions").await?,
        count("exceptions WHERE status = 'open'").await?,
        std::fs::metadata(dir.join("freightdesk.db"))?.len() as f64 / 1048576.0
    );

    // A session for the requests, as a login makes one.
    let hash = freightdesk::web::hash_password("scale bench 1")?;
    let user = match store.add_user("bench", "clerk", &hash, "bench").await? {
        Some(id) => id,
        None => {
            sqlx::query_scalar("SELECT id FROM users WHERE name = 'bench'")
                .fetch_one(store.pool())
                .await?
        }
    };
    let token = format!("bench-{}", std::process::id());
    store
        .create_session(
            &hex::encode(<sha2::Sha256 as sha2::Digest>::digest(token.as_bytes())),
            user,
            "csrf",
            &freightdesk::store::workspace::minutes_from_now(60),
        )
        .await?;

    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let port = listener.local_addr()?.port();
    let app = router(pipeline, WebOptions::of(&config));
    tokio::spawn(async move { axum::serve(listener, app).await });

    let mid = loads / 2;
    let carrier = carrier_name(CARRIERS / 3);
    let customer = customer_name(CUSTOMERS / 4);
    let mc = 100_000 + CARRIERS / 3;
    let pages = [
        ("queue, first page", "/exceptions".to_string()),
        (
            "queue, page 500 (rows 24,951-25,000)",
            "/exceptions?page=500".into(),
        ),
        ("queue, resolved", "/exceptions?status=resolved".into()),
        (
            "queue by rule",
            "/exceptions?rule=remit_to_changed&page=20".into(),
        ),
        ("queue by severity", "/exceptions?severity=high".into()),
        (
            "queue by carrier name",
            format!("/exceptions?carrier={}", enc(&carrier)),
        ),
        (
            "queue by carrier MC",
            format!("/exceptions?carrier=MC+{mc}"),
        ),
        (
            "queue by customer name",
            format!("/exceptions?customer={}", enc(&customer)),
        ),
        ("queue older than 60 days", "/exceptions?age=60".into()),
        (
            "queue by load",
            format!("/exceptions?load={}", load_number(mid)),
        ),
        ("load page", format!("/loads/{}", load_number(mid))),
        (
            "load page (first load)",
            format!("/loads/{}", load_number(0)),
        ),
        (
            "search load number",
            format!("/search?q={}", load_number(mid + 1)),
        ),
        ("search PRO", format!("/search?q=PRO{}", 700_000 + mid)),
        (
            "search invoice number",
            format!("/search?q=INV-{}", 900_000 + mid),
        ),
        ("search MC", format!("/search?q=MC+{mc}")),
        (
            "search carrier name",
            format!("/search?q={}", enc(&carrier)),
        ),
        ("search nothing found", "/search?q=NO-SUCH-REF".into()),
    ];
    println!(
        "{:<40} {:>6} {:>10} {:>10} {:>9}",
        "page", "status", "median ms", "worst ms", "bytes"
    );
    let cookie = format!("fd_session={token}");
    let answers = tokio::task::spawn_blocking(move || {
        pages
            .iter()
            .map(|(what, path)| {
                let mut times = Vec::new();
                let mut last = (0, 0);
                // One unmeasured request first: the page cache of SQLite warms as in use.
                for n in 0..=repeat {
                    let t = Instant::now();
                    last = get(port, path, &cookie);
                    if n > 0 {
                        times.push(t.elapsed().as_secs_f64() * 1000.0);
                    }
                }
                times.sort_by(f64::total_cmp);
                (
                    what.to_string(),
                    last,
                    times[times.len() / 2],
                    times[times.len() - 1],
                )
            })
            .collect::<Vec<_>>()
    })
    .await?;
    let mut slowest = 0f64;
    for (what, (status, bytes), median, worst) in &answers {
        println!("{what:<40} {status:>6} {median:>10.1} {worst:>10.1} {bytes:>9}");
        slowest = slowest.max(*median);
        // A search that finds one load answers with that load's page (303 to it).
        anyhow::ensure!(
            *status == 200 || (*status == 303 && what.starts_with("search")),
            "{what}: HTTP {status}"
        );
    }
    println!("slowest median: {slowest:.1} ms (target: 100 ms)");
    Ok(())
}

/// `+`-encoded for a query string.
fn enc(s: &str) -> String {
    form_urlencoded::byte_serialize(s.as_bytes()).collect()
}

/// GET `path` with the session cookie; (status, body bytes).
fn get(port: u16, path: &str, cookie: &str) -> (u16, usize) {
    let mut s = TcpStream::connect(("127.0.0.1", port)).expect("connect");
    write!(
        s,
        "GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nCookie: {cookie}\r\nConnection: close\r\n\r\n"
    )
    .expect("send");
    let mut answer = Vec::new();
    s.read_to_end(&mut answer).expect("read");
    let text = String::from_utf8_lossy(&answer);
    let status = text
        .split(' ')
        .nth(1)
        .and_then(|c| c.parse().ok())
        .unwrap_or(0);
    let body = text.find("\r\n\r\n").map_or(0, |i| answer.len() - i - 4);
    (status, body)
}

/// The site's folder: config, an empty intake folder, a directory of CARRIERS carriers and
/// CUSTOMERS customers, the project's rules. Returns the config's path.
fn write_site(dir: &Path) -> anyhow::Result<PathBuf> {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    std::fs::create_dir_all(dir.join("inbox"))?;
    std::fs::create_dir_all(dir.join("directory"))?;
    let mut carriers = String::from(
        "carrier_id,name,mc,dot,scac,email_domains,remit_to_name,remit_to_address,contact_email\n",
    );
    for i in 0..CARRIERS {
        carriers += &format!(
            "CAR-{i:04},{},{},{},SC{i:02},carrier{i}.example,,,billing@carrier{i}.example\n",
            carrier_name(i),
            100_000 + i,
            3_000_000 + i
        );
    }
    std::fs::write(dir.join("directory/carriers.csv"), carriers)?;
    let mut customers = String::from("customer_id,name,aliases,contact_name,contact_email\n");
    for i in 0..CUSTOMERS {
        customers += &format!(
            "CUST-{i:04},{},,Pat Doe,shipping@customer{i}.example\n",
            customer_name(i)
        );
    }
    std::fs::write(dir.join("directory/customers.csv"), customers)?;
    let config = dir.join("freightdesk.toml");
    std::fs::write(
        &config,
        format!(
            r#"[intake]
kind = "folder"
path = "inbox"

[outgoing]
kind = "file"
path = "outbox"
from = "Northstar Back Office <backoffice@northstarlogistics.example>"

[store]
url = "sqlite://freightdesk.db"
archive = "archive"

[paths]
rules = "{rules}"
directory = "directory"

[staff]
emails = ["ap@northstarlogistics.example"]
"#,
            rules = repo.join("rules").display()
        ),
    )?;
    Ok(config)
}

/// A value of a generated row.
enum V {
    I(i64),
    T(String),
    N,
}

/// Insert `rows` into `table` (`columns`), 200 rows a statement.
async fn insert(
    conn: &mut sqlx::AnyConnection,
    table: &str,
    columns: &[&str],
    rows: Vec<Vec<V>>,
) -> anyhow::Result<()> {
    for chunk in rows.chunks(200) {
        let mut sql = format!("INSERT INTO {table} ({}) VALUES ", columns.join(", "));
        let mut n = 0;
        for (i, _) in chunk.iter().enumerate() {
            if i > 0 {
                sql.push(',');
            }
            sql.push('(');
            for c in 0..columns.len() {
                n += 1;
                if c > 0 {
                    sql.push(',');
                }
                sql += &format!("${n}");
            }
            sql.push(')');
        }
        let mut q = sqlx::query(sqlx::AssertSqlSafe(sql));
        for row in chunk {
            for v in row {
                q = match v {
                    V::I(i) => q.bind(*i),
                    V::T(t) => q.bind(t.clone()),
                    V::N => q.bind(None::<String>),
                };
            }
        }
        q.execute(&mut *conn).await?;
    }
    Ok(())
}

/// An RFC 3339 time `minutes` before 2026-12-01.
fn at(minutes: usize) -> String {
    let base = chrono::DateTime::parse_from_rfc3339("2026-12-01T00:00:00Z").unwrap();
    (base - chrono::Duration::minutes(minutes as i64))
        .with_timezone(&chrono::Utc)
        .to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

/// Fill the database: `loads` loads, one message, two documents (a rate confirmation and a
/// carrier invoice, FIELDS_PER_DOCUMENT fields each), a PRO and a BOL reference, an outbox
/// email and an audit entry per load; an exception for 3 loads in 4 (2 in 3 of them open),
/// raised over the last 120 days.
async fn generate(store: &Store, loads: usize) -> anyhow::Result<()> {
    let mut conn = store.pool().acquire().await?;
    conn.execute("PRAGMA synchronous = OFF").await?;
    let mut tx = sqlx::Connection::begin(&mut *conn).await?;
    let span = 120 * 24 * 60; // minutes over which the loads arrived
    let step = 10_000;
    for from in (0..loads).step_by(step) {
        let to = (from + step).min(loads);
        let (mut msgs, mut ls, mut refs, mut docs, mut fields, mut exc, mut out, mut audit) = (
            Vec::new(),
            Vec::new(),
            Vec::new(),
            Vec::new(),
            Vec::new(),
            Vec::new(),
            Vec::new(),
            Vec::new(),
        );
        for i in from..to {
            let id = i as i64 + 1;
            let when = at(span - span * i / loads);
            let number = load_number(i);
            let carrier = i % CARRIERS;
            let mc = (100_000 + carrier).to_string();
            let (rc, inv) = (2 * id - 1, 2 * id);
            msgs.push(vec![
                V::I(id),
                V::T(format!("{id:064x}")),
                V::T(format!("bench:{id}")),
                V::T(format!("billing@carrier{carrier}.example")),
                V::T(format!("Invoice INV-{} / {number}", 900_000 + i)),
                V::I(80_000),
                V::T("processed".into()),
                V::T("bench".into()),
                V::T(when.clone()),
                V::I(id),
            ]);
            ls.push(vec![
                V::I(id),
                V::T(number.clone()),
                V::T(format!("CUST-{:04}", i % CUSTOMERS)),
                V::T(mc.clone()),
                V::T(["booked", "picked_up", "delivered", "invoiced"][i % 4].into()),
                V::T(when.clone()),
            ]);
            refs.push(vec![
                V::I(id),
                V::T("pro_number".into()),
                V::T(format!("PRO{}", 700_000 + i)),
            ]);
            refs.push(vec![
                V::I(id),
                V::T("bol_number".into()),
                V::T(format!("BOL{}", 500_000 + i)),
            ]);
            for (doc, kind) in [(rc, "rate_confirmation"), (inv, "carrier_invoice")] {
                docs.push(vec![
                    V::I(doc),
                    V::I(id),
                    V::T(kind.into()),
                    V::T("[1]".into()),
                    V::I(id),
                    V::T("load_number".into()),
                    V::T("bench".into()),
                    V::T(when.clone()),
                ]);
            }
            let total = format!("{}.00", 1500 + (i % 2000));
            let rc_fields = [
                ("load_number", number.clone()),
                ("carrier_mc", mc.clone()),
                ("total_usd", total.clone()),
                ("pickup_city", WORDS[i % 20].to_string()),
                ("delivery_city", WORDS[(i / 20) % 20].to_string()),
            ];
            let inv_fields = [
                ("invoice_number", format!("INV-{}", 900_000 + i)),
                ("load_number", number.clone()),
                ("pro_number", format!("PRO{}", 700_000 + i)),
                ("bol_number", format!("BOL{}", 500_000 + i)),
                ("total_usd", total),
            ];
            assert_eq!(rc_fields.len(), FIELDS_PER_DOCUMENT);
            for (doc, list) in [(rc, &rc_fields), (inv, &inv_fields)] {
                for (name, value) in list.iter() {
                    fields.push(vec![
                        V::I(doc),
                        V::T((*name).into()),
                        V::T(value.clone()),
                        V::T(value.clone()),
                        V::I(1),
                        V::I(0),
                        V::I(0),
                        V::T("bench#generated".into()),
                    ]);
                }
            }
            if i % 4 != 3 {
                let (rule, severity) = RULES[i % RULES.len()];
                let open = i % 3 != 0;
                exc.push(vec![
                    V::T(format!("{rule}:{inv}")),
                    V::T(rule.into()),
                    V::T(format!("checks.toml#{rule}")),
                    V::T("bench".into()),
                    V::T(severity.into()),
                    V::I(id),
                    V::I(id),
                    V::T(format!("[{inv}]")),
                    V::T(format!(
                        "Invoice INV-{} for load {number}: {rule} (generated).",
                        900_000 + i
                    )),
                    V::T(if open { "open" } else { "resolved" }.into()),
                    V::T(when.clone()),
                    if open { V::N } else { V::T(when.clone()) },
                ]);
            }
            out.push(vec![
                V::T(format!("delivered:{id}")),
                V::T("delivered".into()),
                V::T("notifications.toml#delivered".into()),
                V::T("bench".into()),
                V::I(id),
                V::I(id),
                V::T(format!("bench-{id}@northstarlogistics.example")),
                V::T(format!("shipping@customer{}.example", i % CUSTOMERS)),
                V::T(format!("Load {number} delivered")),
                V::T("Delivered.".into()),
                V::T("[]".into()),
                V::T("sent".into()),
                V::I(1),
                V::T(when.clone()),
                V::T(when.clone()),
            ]);
            audit.push(vec![
                V::T(when.clone()),
                V::T("dana".into()),
                V::T("assign".into()),
                V::T(format!("document:{inv}")),
                V::I(id),
                V::N,
                V::T("dana".into()),
            ]);
        }
        let t = &mut *tx;
        insert(
            t,
            "messages",
            &[
                "id",
                "sha256",
                "source",
                "from_addr",
                "subject",
                "size_bytes",
                "status",
                "rules_version",
                "received_at",
                "load_id",
            ],
            msgs,
        )
        .await?;
        insert(
            t,
            "loads",
            &[
                "id",
                "load_number",
                "customer_id",
                "carrier_mc",
                "status",
                "created_at",
            ],
            ls,
        )
        .await?;
        insert(t, "load_refs", &["load_id", "ref_kind", "value"], refs).await?;
        insert(
            t,
            "documents",
            &[
                "id",
                "message_id",
                "kind",
                "pages",
                "load_id",
                "linked_by",
                "rules_version",
                "created_at",
            ],
            docs,
        )
        .await?;
        insert(
            t,
            "fields",
            &[
                "document_id",
                "name",
                "value",
                "printed",
                "page",
                "span_start",
                "span_end",
                "rule",
            ],
            fields,
        )
        .await?;
        insert(
            t,
            "exceptions",
            &[
                "dedupe_key",
                "rule_id",
                "rule_ref",
                "rules_version",
                "severity",
                "load_id",
                "message_id",
                "document_ids",
                "sentence",
                "status",
                "created_at",
                "resolved_at",
            ],
            exc,
        )
        .await?;
        insert(
            t,
            "outbox",
            &[
                "dedupe_key",
                "event",
                "rule_ref",
                "rules_version",
                "load_id",
                "cause_message_id",
                "email_message_id",
                "to_addrs",
                "subject",
                "body",
                "attachments",
                "status",
                "attempts",
                "created_at",
                "sent_at",
            ],
            out,
        )
        .await?;
        insert(
            t,
            "audit",
            &[
                "at",
                "actor",
                "action",
                "subject",
                "load_id",
                "before_value",
                "after_value",
            ],
            audit,
        )
        .await?;
    }
    tx.commit().await?;
    conn.execute("ANALYZE").await?;
    Ok(())
}
