//! The daemon: take in what the intake has, process each message, deliver the outbox; once, or
//! until SIGINT/SIGTERM while watching the intake folder for new files.
//!
//! Entry point: [`run`]. A signal stops the taking of new messages; the message in hand
//! finishes and commits, the outbox is delivered, and the process exits 0.

use std::collections::{BTreeMap, HashSet};
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, SystemTime};

use notify::Watcher;

use crate::config::{Config, IntakeConfig, OutgoingConfig};
use crate::intake::Intake;
use crate::notify::Transport;
use crate::pipeline::{MessageReport, Pipeline};

/// Totals of a run, printed at its end.
#[derive(Debug, Default)]
pub struct RunSummary {
    /// Messages read and processed now.
    pub processed: usize,
    /// Messages recorded as failed now (unreadable), with an exception.
    pub failed: usize,
    /// Messages with the Message-ID of one processed before.
    pub duplicates: usize,
    /// Messages skipped because they were processed by an earlier run.
    pub already_processed: usize,
    /// Messages that could not be stored now and will be retried.
    pub retry_later: usize,
    /// Documents found now, by kind.
    pub documents: BTreeMap<String, usize>,
    /// Attachments that yielded no document.
    pub unread_attachments: usize,
    /// Loads booked now.
    pub loads_created: usize,
    /// Loads in the database.
    pub loads_total: i64,
    /// Invoices that passed the three-way match now.
    pub matched_invoices: usize,
    /// Exceptions raised now, by rule.
    pub exceptions: BTreeMap<String, usize>,
    /// Notifications queued now.
    pub notifications_queued: usize,
    /// Emails handed to the transport now.
    pub emails_sent: usize,
}

impl RunSummary {
    fn add(&mut self, r: &MessageReport) {
        match r.status.as_str() {
            "skipped" => self.already_processed += 1,
            "failed" => self.failed += 1,
            "duplicate" => self.duplicates += 1,
            _ => self.processed += 1,
        }
        for d in &r.documents {
            *self.documents.entry(d.kind.as_str().into()).or_default() += 1;
        }
        for e in &r.exceptions {
            *self.exceptions.entry(e.rule_id.clone()).or_default() += 1;
        }
        self.unread_attachments += r.unread_attachments.len();
        self.loads_created += r.loads_created;
        self.matched_invoices += r.matched_invoices;
        self.notifications_queued += r.notifications.len();
    }

    /// The summary as printed.
    pub fn render(&self) -> String {
        let read = self.processed + self.failed + self.duplicates + self.already_processed;
        let mut s = format!(
            "messages read: {read} ({} new, {} already processed, {} unreadable, {} duplicate Message-ID, {} to retry)\n",
            self.processed + self.failed + self.duplicates,
            self.already_processed,
            self.failed,
            self.duplicates,
            self.retry_later,
        );
        let docs: usize = self.documents.values().sum();
        s += &format!("documents: {docs}");
        if docs > 0 {
            let parts: Vec<String> = self
                .documents
                .iter()
                .map(|(k, n)| format!("{k} {n}"))
                .collect();
            s += &format!(" ({})", parts.join(", "));
        }
        if self.unread_attachments > 0 {
            s += &format!("; {} attachment(s) not read", self.unread_attachments);
        }
        s += &format!(
            "\nloads: {} new, {} in total\nmatches: {} invoice(s) passed the three-way match\n",
            self.loads_created, self.loads_total, self.matched_invoices
        );
        let ex: usize = self.exceptions.values().sum();
        s += &format!("exceptions: {ex}");
        if ex > 0 {
            let parts: Vec<String> = self
                .exceptions
                .iter()
                .map(|(k, n)| format!("{k} {n}"))
                .collect();
            s += &format!(" ({})", parts.join(", "));
        }
        s += &format!(
            "\nemails written: {} ({} queued)\n",
            self.emails_sent, self.notifications_queued
        );
        s
    }
}

/// Run the pipeline over the intake: once, or until a signal.
pub async fn run(config: &Config, once: bool) -> anyhow::Result<RunSummary> {
    let pipeline = Pipeline::open(config).await?;
    tracing::info!(rules = %pipeline.rules.version, "rule set loaded");
    let intake = Intake::from_config(&config.intake);
    let transport = match &config.outgoing {
        OutgoingConfig::File { path, .. } => Transport::file(path)?,
    };
    let stop = Arc::new(AtomicBool::new(false));
    let wake = Arc::new(tokio::sync::Notify::new());
    if !once {
        spawn_signal_handler(stop.clone(), wake.clone());
    }
    // Keep the watcher alive for the whole run.
    let _watcher = if once {
        None
    } else {
        intake
            .watch_path()
            .map(|p| watch(p.to_path_buf(), wake.clone()))
            .transpose()?
    };
    let poll = match &config.intake {
        IntakeConfig::Folder { poll_secs, .. } => Duration::from_secs((*poll_secs).max(1)),
    };
    let mut summary = RunSummary::default();
    // Files seen unchanged in this process are not read again on every rescan.
    let mut seen: HashSet<(PathBuf, u64, Option<SystemTime>)> = HashSet::new();
    loop {
        for path in intake.pending().unwrap_or_else(|e| {
            tracing::warn!("{e}; trying again later");
            Vec::new()
        }) {
            if stop.load(Ordering::SeqCst) {
                break;
            }
            let meta = std::fs::metadata(&path).ok();
            let key = (
                path.clone(),
                meta.as_ref().map_or(0, |m| m.len()),
                meta.and_then(|m| m.modified().ok()),
            );
            if seen.contains(&key) {
                continue;
            }
            let raw = match intake.read(&path) {
                Ok(r) => r,
                Err(e) => {
                    tracing::warn!("{e}");
                    continue;
                }
            };
            match pipeline.process(&raw).await {
                Ok(report) => {
                    if report.status != "skipped" {
                        tracing::info!(
                            source = %raw.source, status = %report.status,
                            documents = report.documents.len(), exceptions = report.exceptions.len(),
                            notifications = report.notifications.len(), "message processed"
                        );
                    }
                    summary.add(&report);
                    seen.insert(key);
                }
                Err(e) => {
                    summary.retry_later += 1;
                    tracing::error!(source = %raw.source, transient = e.is_transient(), "not processed, will retry: {e}");
                }
            }
            summary.emails_sent += deliver(&pipeline, &transport).await;
        }
        summary.emails_sent += deliver(&pipeline, &transport).await;
        if once || stop.load(Ordering::SeqCst) {
            break;
        }
        tokio::select! {
            _ = wake.notified() => {}
            _ = tokio::time::sleep(poll) => {}
        }
        if stop.load(Ordering::SeqCst) {
            break;
        }
    }
    summary.loads_total = pipeline
        .store
        .counts()
        .await?
        .iter()
        .filter(|(k, _)| k.starts_with("loads."))
        .map(|(_, n)| n)
        .sum();
    Ok(summary)
}

async fn deliver(pipeline: &Pipeline, transport: &Transport) -> usize {
    match pipeline.deliver(transport).await {
        Ok(n) => n,
        Err(e) => {
            tracing::warn!("outbox not delivered now, will retry: {e}");
            0
        }
    }
}

fn spawn_signal_handler(stop: Arc<AtomicBool>, wake: Arc<tokio::sync::Notify>) {
    tokio::spawn(async move {
        let mut term = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
            .expect("installing the SIGTERM handler");
        tokio::select! {
            _ = tokio::signal::ctrl_c() => {}
            _ = term.recv() => {}
        }
        tracing::info!("signal received: finishing the message in hand, then stopping");
        stop.store(true, Ordering::SeqCst);
        wake.notify_one();
    });
}

fn watch(
    path: PathBuf,
    wake: Arc<tokio::sync::Notify>,
) -> anyhow::Result<notify::RecommendedWatcher> {
    let mut w = notify::recommended_watcher(move |ev: notify::Result<notify::Event>| {
        if ev.is_ok() {
            wake.notify_one();
        }
    })?;
    w.watch(&path, notify::RecursiveMode::Recursive)?;
    tracing::info!(folder = %path.display(), "watching the intake folder");
    Ok(w)
}
