//! The daemon: take in what the intake has, process each message, deliver the outbox; once, or
//! until SIGINT/SIGTERM while watching the intake folder for new files.
//!
//! Entry point: [`run`]. A signal stops the taking of new messages; the message in hand
//! finishes and commits, the outbox is delivered, and the process exits 0.
//!
//! While it watches, the daemon also watches the rules folder ([`crate::rules::watch`]): a valid
//! change is swapped in at once (a message in progress keeps the set it started with); a broken
//! one is logged problem by problem, the last good set stays active, and staff get one
//! `rules_invalid` email per broken version through the outbox. Rules broken at start stop the
//! start, with the problems: nothing is lost, messages wait in the intake.

use std::collections::{BTreeMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, SystemTime};

use anyhow::Context as _;

use crate::config::{Config, IntakeConfig, OutgoingConfig};
use crate::intake::Intake;
use crate::notify::{self, InvalidRules, Senders, Transport};
use crate::pipeline::{MessageReport, Pipeline};
use crate::rules::watch::{watch_folder, Reload, RulesWatcher};
use crate::rules::RulesError;

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

/// How long a file in the intake folder must be left unchanged before the daemon reads it.
const SETTLE: Duration = Duration::from_secs(1);

/// Run the pipeline over the intake: once, or until a signal.
pub async fn run(config: &Config, once: bool) -> anyhow::Result<RunSummary> {
    let pipeline = Pipeline::open(config).await.map_err(|e| {
        if e.downcast_ref::<RulesError>()
            .is_some_and(|r| !r.is_transient())
        {
            let dir = config.rules_dir.display();
            e.context(format!(
                "not starting: the rule files in {dir} have problems. Nothing is lost: messages \
                 wait in the intake. Fix the files (`freightdesk rules check {dir}` lists the \
                 problems) and start again"
            ))
        } else {
            e
        }
    })?;
    let pipeline = Arc::new(pipeline);
    tracing::info!(
        folder = %config.rules_dir.display(),
        "rule set {} active",
        pipeline.rules.load().version
    );
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
    let _watcher = match intake.watch_path() {
        Some(p) if !once => {
            let w = watch_folder(p, wake.clone())
                .with_context(|| format!("watching the intake folder {}", p.display()))?;
            tracing::info!(folder = %p.display(), "watching the intake folder");
            Some(w)
        }
        _ => None,
    };
    // Staff emails about broken rules, queued by the reloader.
    let rules_emails = Arc::new(AtomicUsize::new(0));
    if !once {
        let rules = RulesWatcher::start(&config.rules_dir, pipeline.rules.clone())
            .with_context(|| format!("watching the rules folder {}", config.rules_dir.display()))?;
        tracing::info!(folder = %config.rules_dir.display(), "watching the rules folder");
        spawn_rules_reloader(rules, pipeline.clone(), wake.clone(), rules_emails.clone());
    }
    let poll = match &config.intake {
        IntakeConfig::Folder { poll_secs, .. } => Duration::from_secs((*poll_secs).max(1)),
    };
    let mut summary = RunSummary::default();
    // Files seen unchanged in this process are not read again on every rescan.
    let mut seen: HashSet<(PathBuf, u64, Option<SystemTime>)> = HashSet::new();
    loop {
        // A file written in the last moment may still be being written (a copy into the folder):
        // leave it for the next pass. Maildir writers rename finished files into place instead.
        let mut unsettled = false;
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
            let age = key.2.and_then(|m| m.elapsed().ok()).unwrap_or(SETTLE);
            if !once && age < SETTLE {
                unsettled = true;
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
        let pause = if unsettled { SETTLE.min(poll) } else { poll };
        tokio::select! {
            _ = wake.notified() => {}
            _ = tokio::time::sleep(pause) => {}
        }
        if stop.load(Ordering::SeqCst) {
            break;
        }
    }
    summary.notifications_queued += rules_emails.load(Ordering::SeqCst);
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

/// Reload the rules after each change, for as long as the process runs; count the emails queued
/// in `queued` and `wake` the main loop, so they are delivered now.
fn spawn_rules_reloader(
    mut watcher: RulesWatcher,
    pipeline: Arc<Pipeline>,
    wake: Arc<tokio::sync::Notify>,
    queued: Arc<AtomicUsize>,
) {
    tokio::spawn(async move {
        loop {
            let outcome = watcher.next().await;
            let n = reloaded(&pipeline, watcher.dir(), outcome).await;
            if n > 0 {
                queued.fetch_add(n, Ordering::SeqCst);
                wake.notify_one();
            }
        }
    });
}

/// Log what a reload did; for broken rules, queue the staff email. Returns how many emails were
/// queued.
async fn reloaded(pipeline: &Pipeline, dir: &Path, outcome: Reload) -> usize {
    match outcome {
        Reload::Unchanged { active } => {
            tracing::debug!(
                "rules folder touched, content unchanged: rule set {active} stays active"
            );
            0
        }
        Reload::Changing => {
            tracing::debug!("rule files changed while being read; reading them again");
            0
        }
        Reload::Swapped { previous, active } => {
            tracing::info!(previous = %previous, "rule set {active} active");
            0
        }
        Reload::Unreadable { reason, active } => {
            tracing::warn!("rules not reloaded: {reason}; rule set {active} stays active");
            0
        }
        Reload::Invalid {
            version,
            problems,
            active,
        } => {
            for p in &problems {
                tracing::error!(version = %version, "{}/{p}", dir.display());
            }
            tracing::warn!(
                "rule set {version} has {} problem(s) and is not used; rule set {active} stays active",
                problems.len()
            );
            let active_set = pipeline.rules.load_full();
            let senders = Senders {
                from: &pipeline.from,
                staff: &pipeline.staff,
            };
            let broken = InvalidRules {
                dir,
                version: &version,
                problems: &problems,
            };
            match notify::queue_rules_invalid(&pipeline.store, &active_set, &senders, &broken).await
            {
                Ok(q) if !q.is_empty() => {
                    tracing::info!("staff emailed about rule set {version}");
                    q.len()
                }
                Ok(_) => {
                    tracing::info!(
                        "staff already emailed about rule set {version} (or no rules_invalid route)"
                    );
                    0
                }
                Err(e) => {
                    tracing::error!("staff not emailed about rule set {version}: {e}");
                    0
                }
            }
        }
    }
}
