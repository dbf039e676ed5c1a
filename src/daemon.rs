//! The daemon: take in what the intake has, process each message, deliver the outbox; once, or
//! until SIGINT/SIGTERM while watching the intake folder for new files.
//!
//! Entry point: [`run`]. A signal stops the taking of new messages; the message in hand
//! finishes and commits, the outbox is delivered, and the process exits 0.
//!
//! Messages are committed one at a time, in the order the intake gives them; the next few are
//! prepared meanwhile ([`ReadAhead`]: archived, parsed, their PDFs read by worker processes),
//! two per core, so a backlog keeps every core busy. Preparing writes nothing to the database; a
//! message prepared but not committed (a stop, a crash) is simply taken in again.
//!
//! While it watches, the daemon also watches the rules folder ([`crate::rules::watch`]): a valid
//! change is swapped in at once (a message in progress keeps the set it started with); a broken
//! one is logged problem by problem, the last good set stays active, and staff get one
//! `rules_invalid` email per broken version through the outbox. Rules broken at start stop the
//! start, with the problems: nothing is lost, messages wait in the intake.

use std::collections::{BTreeMap, HashSet, VecDeque};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant, SystemTime};

use anyhow::Context as _;
use tokio::sync::{watch, Notify};

use crate::config::{Config, ImapAccount, IntakeConfig};
use crate::intake::imap::{FolderSession, ImapError, Woke};
use crate::intake::{Intake, RawMessage, Settling};
use crate::notify::{self, Delivered, InvalidRules, Transport};
use crate::pipeline::{MessageReport, Pipeline, PipelineError, Prepared};
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
    /// New messages recorded but not read: freightdesk's own, or automatic (Auto-Submitted).
    pub own_or_automatic: usize,
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
    /// Customer invoices made now ([`crate::billing`]).
    pub customer_invoices: usize,
    /// Exceptions raised now, by rule.
    pub exceptions: BTreeMap<String, usize>,
    /// Notifications queued now.
    pub notifications_queued: usize,
    /// Emails handed to the transport now.
    pub emails_sent: usize,
    /// Customer invoices written as X12 210 files now.
    pub edi_written: usize,
    /// Emails the mail server refused for good now (staff are told).
    pub emails_rejected: usize,
}

impl RunSummary {
    fn add(&mut self, r: &MessageReport) {
        match r.status.as_str() {
            "skipped" if r.reason.is_some() => self.own_or_automatic += 1,
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
        self.customer_invoices += r.customer_invoices;
        self.notifications_queued += r.notifications.len();
    }

    /// Messages read: new ones (processed, unreadable, duplicate Message-ID, own or
    /// automatic) and those processed by an earlier run.
    pub fn messages_read(&self) -> usize {
        self.processed
            + self.failed
            + self.duplicates
            + self.own_or_automatic
            + self.already_processed
    }

    /// The summary as printed.
    pub fn render(&self) -> String {
        let read = self.messages_read();
        let new = read - self.already_processed;
        let mut s = format!(
            "messages read: {read} ({new} new, {} already processed, {} unreadable, {} duplicate Message-ID, {} own/automatic skipped, {} to retry)\n",
            self.already_processed,
            self.failed,
            self.duplicates,
            self.own_or_automatic,
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
        if self.customer_invoices > 0 {
            s += &format!("billed: {} customer invoice(s)\n", self.customer_invoices);
        }
        if self.edi_written > 0 {
            s += &format!("EDI 210 invoice files written: {}\n", self.edi_written);
        }
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
        if self.emails_rejected > 0 {
            s += &format!(
                "emails refused by the mail server: {}\n",
                self.emails_rejected
            );
        }
        s
    }
}

/// How often the sender looks at the outbox when nothing wakes it.
const OUTBOX_POLL: Duration = Duration::from_secs(60);

/// How often a watching daemon that read no message meanwhile says, at debug level, that it is
/// alive. `FREIGHTDESK_ALIVE_SECS` overrides it (the tests use 1).
const ALIVE_EVERY: Duration = Duration::from_secs(60);

/// Say at debug level, each [`ALIVE_EVERY`] in which no message was read, that the daemon is
/// alive and idle, with what it has read since it started and its outbox: a log collector
/// that sees neither work nor this line knows the daemon is gone or stuck. Ends at the stop.
async fn say_alive(shared: Arc<Shared>) {
    let every = std::env::var("FREIGHTDESK_ALIVE_SECS")
        .ok()
        .and_then(|s| s.parse().ok())
        .map_or(ALIVE_EVERY, Duration::from_secs);
    let read = || shared.summary.lock().expect("summary lock").messages_read();
    let mut stop = shared.stop.clone();
    let mut before = read();
    loop {
        tokio::select! {
            _ = tokio::time::sleep(every) => {}
            _ = stop.wait_for(|s| *s) => return,
        }
        let now = read();
        if now == before {
            match shared.pipeline.store.readiness().await {
                Ok(r) => tracing::debug!(
                    messages_read = now,
                    outbox_pending = r.counts.get("outbox.pending").copied().unwrap_or(0),
                    problems = r.problems.len(),
                    "alive: idle, no new message in the last {every:?}"
                ),
                Err(e) => tracing::debug!(
                    messages_read = now,
                    "alive: idle, no new message in the last {every:?}; the database: {e}"
                ),
            }
        }
        before = now;
    }
}

/// Backoff between tries: 0.5 s doubling to 5 minutes, with jitter so that many daemons (or
/// many folders) do not retry in step.
fn backoff() -> impl Iterator<Item = Duration> {
    use backon::BackoffBuilder as _;
    backon::ExponentialBuilder::default()
        .with_min_delay(Duration::from_millis(500))
        .with_max_delay(Duration::from_secs(300))
        .with_jitter()
        .without_max_times()
        .build()
}

/// What the daemon's tasks share.
struct Shared {
    pipeline: Arc<Pipeline>,
    transport: Transport,
    /// Set once by SIGINT/SIGTERM.
    stop: watch::Receiver<bool>,
    /// Wakes the folder loop (file events, rules reloads).
    wake: Arc<Notify>,
    /// Wakes the sender: something was queued.
    outbox: Arc<Notify>,
    /// One message is processed at a time, whichever folder it comes from.
    gate: tokio::sync::Mutex<()>,
    summary: Mutex<RunSummary>,
    /// When the delivered loads not billed yet were last looked at ([`Pipeline::bill_ready`]).
    billed_at: Mutex<Option<std::time::Instant>>,
}

impl Shared {
    fn stopping(&self) -> bool {
        *self.stop.borrow()
    }

    /// Commit a prepared message (see [`Pipeline::commit`]) and add it to the summary; a message
    /// that could not be prepared is returned as its error.
    async fn commit(
        &self,
        raw: &RawMessage,
        prepared: Result<Prepared, PipelineError>,
    ) -> Result<MessageReport, PipelineError> {
        let report = self.pipeline.commit(raw, prepared?).await?;
        self.record(&raw.source, &report);
        Ok(report)
    }

    fn record(&self, source: &str, report: &MessageReport) {
        if report.status != "skipped" {
            tracing::info!(
                source = %source, status = %report.status,
                documents = report.documents.len(), exceptions = report.exceptions.len(),
                notifications = report.notifications.len(), "message processed"
            );
        }
        self.summary.lock().expect("summary lock").add(report);
    }

    /// Bill the delivered loads that became ready without an email of theirs (a person resolved
    /// what held them, a lane was priced): at most once a minute, under the message gate.
    /// Failures are logged; the next pass tries again.
    async fn bill_ready(&self) {
        if self.pipeline.biller.is_none() || self.pipeline.rules.load().billing.is_none() {
            return;
        }
        {
            let mut at = self.billed_at.lock().expect("billing lock");
            if at.is_some_and(|t| t.elapsed() < BILLING_EVERY) {
                return;
            }
            *at = Some(std::time::Instant::now());
        }
        let _one_at_a_time = self.gate.lock().await;
        match self.pipeline.bill_ready().await {
            Ok(made) => {
                for (invoice, load) in &made {
                    tracing::info!(%invoice, %load, "customer invoice made for a load that became ready");
                }
                self.summary.lock().expect("summary lock").customer_invoices += made.len();
            }
            Err(e) => tracing::warn!("billing ready loads: {e}; will try again"),
        }
    }

    /// One pass over the outbox; failures are logged (the outbox keeps them). Bills the loads
    /// that became ready first ([`Shared::bill_ready`]).
    async fn deliver(&self) -> Delivered {
        self.bill_ready().await;
        match self.pipeline.deliver(&self.transport).await {
            Ok(d) => {
                let mut s = self.summary.lock().expect("summary lock");
                s.emails_sent += d.sent;
                s.edi_written += d.edi_written;
                s.emails_rejected += d.rejected;
                d
            }
            Err(e) => {
                tracing::warn!("outbox not delivered now, will retry: {e}");
                Delivered {
                    retry_later: 1,
                    ..Delivered::default()
                }
            }
        }
    }
}

/// How often the watching daemon looks for delivered loads that became ready to bill.
const BILLING_EVERY: Duration = Duration::from_secs(60);

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
    let transport = Transport::from_config(&config.outgoing)?;
    let (stop_tx, stop) = watch::channel(false);
    let shared = Arc::new(Shared {
        pipeline: pipeline.clone(),
        transport,
        stop,
        wake: Arc::new(Notify::new()),
        outbox: Arc::new(Notify::new()),
        gate: tokio::sync::Mutex::new(()),
        summary: Mutex::new(RunSummary::default()),
        billed_at: Mutex::new(None),
    });
    let mut sender = None;
    if !once {
        spawn_signal_handler(stop_tx, shared.wake.clone());
        let rules = RulesWatcher::start(&config.rules_dir, pipeline.rules.clone())
            .with_context(|| format!("watching the rules folder {}", config.rules_dir.display()))?;
        tracing::info!(folder = %config.rules_dir.display(), "watching the rules folder");
        spawn_rules_reloader(rules, shared.clone());
        sender = Some(tokio::spawn(run_sender(shared.clone())));
        tokio::spawn(say_alive(shared.clone()));
    }
    // With a [web] table, the watching daemon serves the workspace too, over its own pipeline
    // (the same rules, reloaded as they change); it stops with the daemon.
    let web = if !once && config.serve_web {
        Some(crate::web::serve_for_run(pipeline.clone(), config, shared.stop.clone()).await?)
    } else {
        None
    };
    match &config.intake {
        IntakeConfig::Folder {
            path,
            poll_secs,
            settle_ms,
        } => {
            let times = FolderTimes {
                poll: Duration::from_secs((*poll_secs).max(1)),
                settle: Duration::from_millis(*settle_ms),
            };
            run_folder(&shared, path, times, once).await?
        }
        IntakeConfig::Imap { accounts } => run_imap(&shared, accounts, once).await,
    }
    match sender {
        // The sender makes its last pass when it sees the stop.
        Some(task) => {
            shared.outbox.notify_one();
            let _ = task.await;
        }
        // A pass that met refusals queued staff notices about them: one more pass sends those
        // (a refused notice is not noticed again, so this ends).
        None => while shared.deliver().await.rejected > 0 {},
    }
    if let Some(web) = web {
        let _ = web.await;
    }
    let mut summary = std::mem::take(&mut *shared.summary.lock().expect("summary lock"));
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

/// The sender: deliver the outbox whenever something is queued (and every minute), retrying
/// transient failures with backoff, until the stop; then one last pass.
async fn run_sender(shared: Arc<Shared>) {
    let mut stop = shared.stop.clone();
    let mut delays = backoff();
    loop {
        let d = shared.deliver().await;
        if d.rejected > 0 {
            // Staff notices about the refused ones were queued by that pass: send them now.
            continue;
        }
        if shared.stopping() {
            break;
        }
        let pause = if d.retry_later > 0 {
            let pause = delays.next().unwrap_or(Duration::from_secs(300));
            tracing::info!(
                "outbox: {} notification(s) wait; next try in {pause:.1?}",
                d.retry_later
            );
            pause
        } else {
            delays = backoff();
            OUTBOX_POLL
        };
        tokio::select! {
            // While backing off, new mail does not cut the wait short.
            _ = shared.outbox.notified(), if d.retry_later == 0 => {}
            _ = tokio::time::sleep(pause) => {}
            _ = stop.wait_for(|s| *s) => {}
        }
    }
}

/// How often the watched intake folder is rescanned, and how long a file must stay unchanged
/// before it is read.
struct FolderTimes {
    poll: Duration,
    settle: Duration,
}

/// The folder intake: every file in name order; once, or rescanning on file events and every
/// `poll` until the stop. While watching, a file is read only once it has settled
/// ([`Settling`]); once, every file present is read (writers write, then rename into place).
async fn run_folder(
    shared: &Shared,
    path: &Path,
    times: FolderTimes,
    once: bool,
) -> anyhow::Result<()> {
    let intake = Intake::Folder {
        path: path.to_path_buf(),
    };
    // Keep the watcher alive for the whole run.
    let _watcher = if once {
        None
    } else {
        let w = watch_folder(path, shared.wake.clone())
            .with_context(|| format!("watching the intake folder {}", path.display()))?;
        tracing::info!(folder = %path.display(), "watching the intake folder");
        Some(w)
    };
    // Files seen unchanged in this process are not read again on every rescan.
    let mut seen: HashSet<FileKey> = HashSet::new();
    let mut settling = Settling::new(times.settle);
    loop {
        // A file may still be being written (a slow copy into the folder): it is read once its
        // size and mtime have stayed the same for the settle interval; until then it is looked
        // at again (not dropped). Maildir writers rename finished files into place instead.
        let mut next_look: Option<Duration> = None;
        let mut waiting: HashSet<PathBuf> = HashSet::new();
        let mut todo = Vec::new();
        let now = Instant::now();
        let pending = intake.pending().unwrap_or_else(|e| {
            tracing::warn!("{e}; trying again later");
            Vec::new()
        });
        for path in pending {
            let Ok(meta) = std::fs::metadata(&path) else {
                continue;
            };
            let key = (path.clone(), meta.len(), meta.modified().ok());
            if seen.contains(&key) {
                continue;
            }
            if !once {
                if let Some(wait) = settling.check(&path, key.1, key.2, now) {
                    tracing::debug!(file = %path.display(), "still changing; looking again in {wait:.1?}");
                    next_look = Some(next_look.map_or(wait, |w| w.min(wait)));
                    waiting.insert(path.clone());
                    continue;
                }
            }
            todo.push(key);
        }
        // Only files still waiting are remembered (taken or gone: forgotten).
        settling.retain(|p| waiting.contains(p));
        let mut todo = todo.into_iter();
        let mut ahead = ReadAhead::new(&shared.pipeline);
        loop {
            while !ahead.full() {
                let Some(key) = todo.next() else { break };
                match intake.read(&key.0) {
                    // Changed again since it settled: looked at again on the next pass.
                    Ok(raw) if !once && raw.bytes.len() as u64 != key.1 => {
                        next_look = Some(times.settle);
                    }
                    Ok(raw) => ahead.push(key, Some(raw)),
                    Err(e) => tracing::warn!("{e}"),
                }
            }
            if shared.stopping() {
                break;
            }
            let Some((key, job)) = ahead.next().await else {
                break;
            };
            let Some((raw, prepared)) = job else {
                continue;
            };
            match shared.commit(&raw, prepared).await {
                Ok(_) => {
                    seen.insert(key);
                    shared.outbox.notify_one();
                }
                Err(e) => {
                    shared.summary.lock().expect("summary lock").retry_later += 1;
                    tracing::error!(source = %raw.source, transient = e.is_transient(), "not processed, will retry: {e}");
                }
            }
        }
        if once || shared.stopping() {
            return Ok(());
        }
        let pause = next_look.map_or(times.poll, |w| w.min(times.poll));
        tokio::select! {
            _ = shared.wake.notified() => {}
            _ = tokio::time::sleep(pause) => {}
        }
        if shared.stopping() {
            return Ok(());
        }
    }
}

/// A file in the intake folder as last seen: path, size, modification time.
type FileKey = (PathBuf, u64, Option<SystemTime>);

/// A message being prepared: the task gives the message back with what preparing it gave.
type PrepareJob = tokio::task::JoinHandle<(RawMessage, Result<Prepared, PipelineError>)>;

/// Messages prepared ahead of the one being committed ([`Pipeline::prepare`] in tasks of their
/// own; two per core, at most 8: a message being prepared waits on a worker's pipe or the disk
/// part of the time), handed out in the order they were pushed. Each carries its intake's tag
/// (a file's key, an IMAP UID). Dropping it abandons the messages still being prepared (nothing
/// of them was committed).
struct ReadAhead<T> {
    pipeline: Arc<Pipeline>,
    depth: usize,
    queue: VecDeque<(T, Option<PrepareJob>)>,
}

impl<T> ReadAhead<T> {
    fn new(pipeline: &Arc<Pipeline>) -> ReadAhead<T> {
        let cores = std::thread::available_parallelism().map_or(2, |n| n.get());
        ReadAhead {
            pipeline: pipeline.clone(),
            depth: (2 * cores).clamp(2, 8),
            queue: VecDeque::new(),
        }
    }

    /// Whether as many messages as are prepared at once are queued.
    fn full(&self) -> bool {
        self.queue.len() >= self.depth
    }

    /// Start preparing `raw` (`None`: the intake had nothing under this tag, e.g. a message
    /// expunged meanwhile; it is handed out as such, in its turn).
    fn push(&mut self, tag: T, raw: Option<RawMessage>) {
        let job = raw.map(|raw| {
            let pipeline = self.pipeline.clone();
            tokio::spawn(async move {
                let prepared = pipeline.prepare(&raw).await;
                (raw, prepared)
            })
        });
        self.queue.push_back((tag, job));
    }

    /// The oldest message, once prepared; `None` when the queue is empty.
    #[allow(clippy::type_complexity)]
    async fn next(&mut self) -> Option<(T, Option<(RawMessage, Result<Prepared, PipelineError>)>)> {
        let (tag, job) = self.queue.pop_front()?;
        let Some(job) = job else {
            return Some((tag, None));
        };
        match job.await {
            Ok(done) => Some((tag, Some(done))),
            Err(e) if e.is_panic() => std::panic::resume_unwind(e.into_panic()),
            Err(e) => unreachable!("a prepare task is only cancelled by dropping the queue: {e}"),
        }
    }
}

impl<T> Drop for ReadAhead<T> {
    fn drop(&mut self) {
        for (_, job) in &self.queue {
            if let Some(job) = job {
                job.abort();
            }
        }
    }
}

/// The IMAP intake: one task per folder of each account, each on its own connection, until the
/// stop; once: each folder in turn, then return. A broken account or folder is logged and
/// retried with backoff; it never stops the others.
async fn run_imap(shared: &Arc<Shared>, accounts: &[ImapAccount], once: bool) {
    let mut tasks = Vec::new();
    for account in accounts {
        let account = Arc::new(account.clone());
        for folder in &account.folders {
            if once {
                if let Err(e) = imap_folder_once(shared, account.clone(), folder).await {
                    record_contact(shared, &account, folder, Err(&e.to_string())).await;
                    shared.summary.lock().expect("summary lock").retry_later += 1;
                    tracing::error!("{e}; the folder is read again on the next run");
                }
            } else {
                tasks.push(tokio::spawn(imap_folder_loop(
                    shared.clone(),
                    account.clone(),
                    folder.clone(),
                )));
            }
        }
    }
    for t in tasks {
        let _ = t.await;
    }
}

async fn imap_folder_once(
    shared: &Shared,
    account: Arc<ImapAccount>,
    folder: &str,
) -> Result<(), ImapError> {
    let mut session = FolderSession::open(account.clone(), folder).await?;
    if take_in(shared, &mut session).await? == TakeIn::Done {
        record_contact(shared, &account, folder, Ok(())).await;
    }
    session.logout().await;
    Ok(())
}

/// Record that a folder was reached (a pass over its new messages ended well), or why not, for
/// `/readyz`, `/metrics` and `freightdesk status`. A database that cannot record it is logged;
/// the intake goes on.
async fn record_contact(
    shared: &Shared,
    account: &ImapAccount,
    folder: &str,
    outcome: Result<(), &str>,
) {
    let interval = account.idle_secs.max(account.poll_secs);
    let store = &shared.pipeline.store;
    if let Err(e) = store
        .record_mailbox_contact(&account.name, folder, outcome, interval)
        .await
    {
        tracing::warn!(folder = %format!("{}/{folder}", account.name), "recording the mailbox contact: {e}");
    }
}

/// One folder, until the stop: connect, take in, IDLE; on any error reconnect after a backoff.
async fn imap_folder_loop(shared: Arc<Shared>, account: Arc<ImapAccount>, folder: String) {
    let mut stop = shared.stop.clone();
    let mut delays = backoff();
    let at = format!("{}/{folder}", account.name);
    while !shared.stopping() {
        let result = async {
            let mut session = FolderSession::open(account.clone(), &folder).await?;
            tracing::info!(
                folder = %at, idle = session.has_idle(), uidvalidity = session.uidvalidity,
                "IMAP folder open"
            );
            loop {
                let taken = take_in(&shared, &mut session).await?;
                if taken == TakeIn::Done {
                    record_contact(&shared, &account, &folder, Ok(())).await;
                }
                if taken == TakeIn::RetryLater || shared.stopping() {
                    session.logout().await;
                    return Ok::<TakeIn, ImapError>(taken);
                }
                // A good pass: the next failure starts its backoff from the beginning.
                delays = backoff();
                match session.wait(&mut stop).await? {
                    Woke::Stopping => {
                        session.logout().await;
                        return Ok(TakeIn::Done);
                    }
                    Woke::Changed | Woke::Quiet => {}
                }
            }
        }
        .await;
        if shared.stopping() {
            break;
        }
        let pause = delays.next().unwrap_or(Duration::from_secs(300));
        if let Err(e) = &result {
            record_contact(&shared, &account, &folder, Err(&e.to_string())).await;
        }
        match result {
            Ok(_) => {
                tracing::warn!(folder = %at, "a message could not be stored; next try in {pause:.1?}")
            }
            Err(e) if e.is_transient() => {
                tracing::warn!(folder = %at, "{e}; reconnecting in {pause:.1?}")
            }
            Err(e) => {
                tracing::error!(folder = %at, "{e}; trying again in {pause:.1?}");
                mailbox_unreachable(&shared, &account, &folder, &e.to_string()).await;
            }
        }
        tokio::select! {
            _ = tokio::time::sleep(pause) => {}
            _ = stop.wait_for(|s| *s) => {}
        }
    }
    tracing::info!(folder = %at, "IMAP folder closed");
}

/// Tell staff (once a day per mailbox and reason) that a folder cannot be read for a reason
/// waiting will not fix, and wake the sender.
async fn mailbox_unreachable(shared: &Shared, account: &ImapAccount, folder: &str, reason: &str) {
    let pipeline = &shared.pipeline;
    let active = pipeline.rules.load_full();
    let senders = pipeline.senders();
    let server = format!("{}:{}", account.host, account.port);
    let problem = notify::MailboxProblem {
        account: &account.name,
        folder,
        server: &server,
        reason,
    };
    match notify::queue_mailbox_unreachable(&pipeline.store, &active, &senders, &problem).await {
        Ok(q) if !q.is_empty() => {
            tracing::info!(folder = %format!("{}/{folder}", account.name), "staff emailed: mailbox unreachable");
            shared
                .summary
                .lock()
                .expect("summary lock")
                .notifications_queued += q.len();
            shared.outbox.notify_one();
        }
        Ok(_) => {}
        Err(e) => tracing::error!("staff not emailed about the unreachable mailbox: {e}"),
    }
}

/// How a pass over a folder ended.
#[derive(Debug, PartialEq, Eq)]
enum TakeIn {
    /// Every new message was taken in (or the stop came between two messages).
    Done,
    /// A message could not be stored now (the database): try again later, from it.
    RetryLater,
}

/// Take in a folder's new messages in UID order. Each is committed, then its UID recorded, then
/// the after-commit action applied; a crash between those steps only means the message is
/// fetched again and recognised by its content hash. Actions owed from an earlier interruption
/// are applied first.
async fn take_in(shared: &Shared, session: &mut FolderSession) -> Result<TakeIn, ImapError> {
    let store = &shared.pipeline.store;
    let account = session.account_name().to_string();
    let folder = session.folder().to_string();
    let recorded = match store.imap_folder(&account, &folder).await {
        Ok(r) => r,
        Err(e) => {
            tracing::error!("reading the IMAP folder state: {e}");
            return Ok(TakeIn::RetryLater);
        }
    };
    let last_uid = match recorded {
        Some((validity, uid)) if validity == session.uidvalidity => uid,
        Some((validity, _)) => {
            tracing::warn!(
                folder = %format!("{account}/{folder}"),
                "UIDVALIDITY changed from {validity} to {}: reading the whole folder again; \
                 messages already processed are recognised by content hash and Message-ID",
                session.uidvalidity
            );
            0
        }
        None => 0,
    };
    let owed = session.actions_owed(last_uid).await?;
    if !owed.is_empty() {
        tracing::info!(folder = %format!("{account}/{folder}"), "applying the after-commit action to {} message(s) left from an interruption", owed.len());
        session.after_commit(&owed).await?;
    }
    // Search again after each batch until nothing is new: mail that arrives while a batch is
    // processed is announced (EXISTS) in the replies to FETCH and MOVE, not later in IDLE, so
    // going into IDLE after a single search would leave it waiting for the next delivery.
    let mut last_uid = last_uid;
    loop {
        let uids = session.new_uids(last_uid).await?;
        if uids.is_empty() || shared.stopping() {
            break;
        }
        let mut uids = uids.into_iter();
        let mut ahead = ReadAhead::new(&shared.pipeline);
        loop {
            while !ahead.full() && !shared.stopping() {
                let Some(uid) = uids.next() else { break };
                let raw = session.fetch(uid).await?;
                ahead.push(uid, raw);
            }
            if shared.stopping() {
                break;
            }
            let Some((uid, job)) = ahead.next().await else {
                break;
            };
            last_uid = uid;
            let Some((raw, prepared)) = job else {
                continue;
            };
            {
                let _one_at_a_time = shared.gate.lock().await;
                match shared.commit(&raw, prepared).await {
                    Ok(_) => {}
                    Err(e) => {
                        shared.summary.lock().expect("summary lock").retry_later += 1;
                        tracing::error!(source = %raw.source, transient = e.is_transient(), "not processed, will retry: {e}");
                        return Ok(TakeIn::RetryLater);
                    }
                }
                if let Err(e) = store
                    .set_imap_folder(&account, &folder, session.uidvalidity, uid)
                    .await
                {
                    tracing::error!(source = %raw.source, "recording the UID: {e}");
                    return Ok(TakeIn::RetryLater);
                }
            }
            shared.outbox.notify_one();
            session.after_commit(&[uid]).await?;
        }
    }
    Ok(TakeIn::Done)
}

fn spawn_signal_handler(stop: watch::Sender<bool>, wake: Arc<Notify>) {
    tokio::spawn(async move {
        let mut term = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
            .expect("installing the SIGTERM handler");
        tokio::select! {
            _ = tokio::signal::ctrl_c() => {}
            _ = term.recv() => {}
        }
        tracing::info!("signal received: finishing the message in hand, then stopping");
        stop.send_replace(true);
        wake.notify_one();
    });
}

/// Reload the rules after each change, for as long as the process runs; count the emails queued
/// and wake the sender, so they are delivered now.
fn spawn_rules_reloader(mut watcher: RulesWatcher, shared: Arc<Shared>) {
    tokio::spawn(async move {
        loop {
            let outcome = watcher.next().await;
            let n = reloaded(&shared.pipeline, watcher.dir(), outcome).await;
            if n > 0 {
                shared
                    .summary
                    .lock()
                    .expect("summary lock")
                    .notifications_queued += n;
                shared.outbox.notify_one();
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
        Reload::Restored { active, previous } => {
            // The staff email about the broken set promised this line.
            match previous {
                Some(previous) => {
                    tracing::info!(previous = %previous, "rules restored: rule set {active} active")
                }
                None => tracing::info!("rules restored: rule set {active} active"),
            }
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
            let senders = pipeline.senders();
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
