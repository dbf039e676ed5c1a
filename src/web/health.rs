//! Whether freightdesk is healthy, for whoever runs it (issue "Runs like infrastructure"):
//! `/healthz` (the process answers), `/readyz` (it can do its work: the database answers and the
//! outbox is not stuck) and `/metrics` (OpenMetrics text, which Prometheus reads, by the
//! `prometheus-client` crate). They answer without a session: monitoring has none, and they show counts only (no
//! load, carrier or customer), never what a page of the workspace shows.

use axum::extract::State;
use axum::http::header::CONTENT_TYPE;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use prometheus_client::encoding::text::encode;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::gauge::Gauge;
use prometheus_client::registry::Registry;
use serde_json::json;

use super::Shared;

/// `GET /healthz`: 200 `{"status":"ok"}` while the process answers.
pub(super) async fn healthz() -> Response {
    json_response(StatusCode::OK, &json!({"status": "ok"}))
}

fn json_response(status: StatusCode, body: &serde_json::Value) -> Response {
    (
        status,
        [(CONTENT_TYPE, "application/json")],
        body.to_string(),
    )
        .into_response()
}

/// `GET /readyz`: 200 when freightdesk can do its work, 503 when not; the JSON body says what
/// is wrong (`problems`, in words) and the figures it judged by. Not ready: the database does
/// not answer, an email has waited in the outbox more than 15 minutes (the mail server
/// refuses or cannot be reached), or an IMAP folder could not be read at the last try or was not
/// reached within twice its interval (no daemon reads it).
pub(super) async fn readyz(State(app): State<Shared>) -> Response {
    let (ready, body) = match app.store.readiness().await {
        Err(e) => (
            false,
            json!({"ready": false, "problems": [format!("the database does not answer: {e}")]}),
        ),
        Ok(f) => {
            let pending = f.counts.get("outbox.pending").copied().unwrap_or(0);
            (
                f.problems.is_empty(),
                json!({
                    "ready": f.problems.is_empty(),
                    "problems": f.problems,
                    "database": "ok",
                    "outbox_pending": pending,
                    "outbox_oldest_pending_secs": f.oldest_pending_secs,
                    "outbox_failed": f.counts.get("outbox.failed").copied().unwrap_or(0),
                    "mailboxes": f.mailboxes.iter().map(|m| json!({
                        "account": m.account, "folder": m.folder, "reached": m.reached,
                        "last_reached_secs_ago": m.reached_secs_ago, "error": m.error,
                        "interval_secs": m.interval_secs,
                    })).collect::<Vec<_>>(),
                }),
            )
        }
    };
    let status = if ready {
        StatusCode::OK
    } else {
        StatusCode::SERVICE_UNAVAILABLE
    };
    json_response(status, &body)
}

/// `GET /metrics`: the OpenMetrics text format, which Prometheus reads. Gauges read from the database at each
/// scrape: `freightdesk_messages{status}`, `freightdesk_documents{kind}`,
/// `freightdesk_loads{status}`, `freightdesk_exceptions{rule}` (raised, open or resolved),
/// `freightdesk_outbox{status}` (pending, held for the staff digest, sent, failed…),
/// `freightdesk_outbox_oldest_pending_seconds`, and per IMAP folder (`account`, `folder`)
/// `freightdesk_mailbox_reached` and `freightdesk_mailbox_last_reached_seconds`;
/// `freightdesk_up` is 1 when the database
/// answered, else 0 and nothing else.
pub(super) async fn metrics(State(app): State<Shared>) -> Response {
    let mut registry = Registry::default();
    let up = Gauge::<i64>::default();
    registry.register(
        "freightdesk_up",
        "Whether the database answered",
        up.clone(),
    );
    if let Ok(f) = app.store.readiness().await {
        up.set(1);
        for (name, label, help) in [
            ("messages", "status", "Messages taken in, by outcome"),
            ("documents", "kind", "Documents read, by kind"),
            ("loads", "status", "Loads, by status"),
            ("exceptions", "rule", "Exceptions raised, by rule"),
            ("outbox", "status", "Emails in the outbox, by status"),
        ] {
            let family = Family::<Vec<(String, String)>, Gauge<i64>>::default();
            let prefix = format!("{name}.");
            for (key, n) in &f.counts {
                if let Some(value) = key.strip_prefix(&prefix) {
                    family
                        .get_or_create(&vec![(label.to_string(), value.to_string())])
                        .set(*n);
                }
            }
            registry.register(format!("freightdesk_{name}"), help, family);
        }
        let oldest = Gauge::<i64>::default();
        oldest.set(f.oldest_pending_secs.unwrap_or(0));
        registry.register(
            "freightdesk_outbox_oldest_pending_seconds",
            "Seconds the oldest email still to send has waited (0: none waits)",
            oldest,
        );
        let reached = Family::<Vec<(String, String)>, Gauge<i64>>::default();
        let since = Family::<Vec<(String, String)>, Gauge<i64>>::default();
        for m in &f.mailboxes {
            let labels = vec![
                ("account".to_string(), m.account.clone()),
                ("folder".to_string(), m.folder.clone()),
            ];
            reached.get_or_create(&labels).set(i64::from(m.reached));
            if let Some(s) = m.reached_secs_ago {
                since.get_or_create(&labels).set(s);
            }
        }
        registry.register(
            "freightdesk_mailbox_reached",
            "Whether the last try reached the IMAP folder (1) or failed (0)",
            reached,
        );
        registry.register(
            "freightdesk_mailbox_last_reached_seconds",
            "Seconds since the IMAP folder was last reached",
            since,
        );
    }
    let mut text = String::new();
    if let Err(e) = encode(&mut text, &registry) {
        tracing::error!(error = %e, "encoding the metrics");
        return StatusCode::INTERNAL_SERVER_ERROR.into_response();
    }
    (
        [(
            CONTENT_TYPE,
            "application/openmetrics-text; version=1.0.0; charset=utf-8",
        )],
        text,
    )
        .into_response()
}
