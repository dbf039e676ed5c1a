//! Reading a file's pages in a separate process, so that a PDF (or image) that panics, loops or
//! balloons fails that one document and never the daemon.
//!
//! Parent side: a [`WorkerPool`] runs freightdesk itself ([`find_exe`]) as `freightdesk worker`
//! and keeps each worker process alive across files: starting a process per PDF was a third of
//! the daemon's time (BENCHMARKS.md, "Profile"). For each file it writes a one-line JSON
//! [`Request`] and the file's bytes to the worker's stdin and reads a one-line JSON [`Answer`]
//! from its stdout. The limits stay per file:
//! - **time**: each file has the wall-clock limit; a worker that passes it is killed with its
//!   process group (`pdftoppm`, `tesseract`) and the next file gets a new worker;
//! - **memory**: the worker's address space is capped (`setrlimit(RLIMIT_AS)`, inherited by the
//!   OCR programs it runs); after each file it gives freed memory back (`malloc_trim`) and
//!   reports how much its address space has grown since it started; a worker grown by more than
//!   [`RECYCLE_GROWTH_MIB`] is retired, so every file starts with at least the cap minus that.
//!   An allocation over the cap aborts the worker; that file is reported as over the memory
//!   limit and the next file gets a new worker;
//! - a worker that crashes fails only the file it was reading. A worker is also retired after
//!   [`RECYCLE_FILES`] files.
//!
//! [`read_pages`] is the one-shot form (a worker for one file), used where no pool is kept.
//! Child side: [`serve`]. Classification and fields stay in the parent (they need the live
//! rules and only run regexes over text).
//!
//! Test hook: when the environment variable [`DELAY_ENV`] holds a number of seconds in the
//! parent, the worker sleeps that long before reading the file (used by `tests/worker.rs` to
//! test the timeout; nothing sets it in production).

use std::io::{BufRead, Read, Write};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock};
use std::time::Duration;

use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt};

use super::pdf_text::{PageText, PdfLimits};

/// Environment variable read by the parent and passed on in each [`Request`]: seconds the
/// worker sleeps before reading (a fault hook for testing the timeout).
pub const DELAY_ENV: &str = "FREIGHTDESK_WORKER_TEST_DELAY_SECS";

/// Environment variable naming the freightdesk executable to run as the worker (default: this
/// executable, or the `freightdesk` binary beside a cargo test harness).
pub const EXE_ENV: &str = "FREIGHTDESK_WORKER_EXE";

/// A worker whose address space has grown by more than this since it started (MiB, after
/// giving freed memory back) is retired after its answer, so no file starts in a worker that
/// holds much of the memory cap.
pub const RECYCLE_GROWTH_MIB: u64 = 32;

/// A worker is retired after this many files.
pub const RECYCLE_FILES: u32 = 500;

/// Limits on one file read by a worker.
#[derive(Debug, Clone, Copy)]
pub struct WorkerLimits {
    /// The PDF reader's own limits (size, pages).
    pub pdf: PdfLimits,
    /// Wall-clock limit for this file.
    pub timeout: Duration,
    /// Address-space limit of the worker, MiB.
    pub max_memory_mib: u64,
}

/// What the parent sends before a file's bytes: one JSON line.
#[derive(Debug, serde::Serialize, serde::Deserialize)]
pub struct Request {
    /// Length of the file that follows the line, bytes.
    pub len: usize,
    /// The PDF reader's limits for this file.
    pub pdf: PdfLimits,
    /// Test hook ([`DELAY_ENV`]): seconds to sleep before reading.
    #[serde(default)]
    pub delay_secs: u64,
}

/// The pages read from a file, or why it could not be read.
#[derive(Debug, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Reply {
    /// The pages read.
    Pages(Vec<PageText>),
    /// Why not ([`super::ExtractError`] as text).
    Error(String),
}

/// What the worker writes on stdout after each file: one JSON line.
#[derive(Debug, serde::Serialize, serde::Deserialize)]
pub struct Answer {
    /// The pages, or why not.
    pub reply: Reply,
    /// How much the worker's address space has grown since it started, MiB (after giving freed
    /// memory back); the parent retires it above [`RECYCLE_GROWTH_MIB`].
    pub grown_mib: u64,
}

/// The executable to run as the worker: [`EXE_ENV`] if set; this executable when it is
/// freightdesk; beside a cargo test harness (`target/<profile>/deps/…`), the `freightdesk` binary
/// cargo built. `None` when there is none (then callers read in-process).
pub fn find_exe() -> Option<PathBuf> {
    static EXE: OnceLock<Option<PathBuf>> = OnceLock::new();
    EXE.get_or_init(|| {
        if let Some(p) = std::env::var_os(EXE_ENV) {
            return Some(PathBuf::from(p));
        }
        let me = std::env::current_exe().ok()?;
        if me.file_stem().is_some_and(|s| s == "freightdesk") {
            return Some(me);
        }
        let dir = me.parent()?;
        [dir.join("freightdesk"), dir.parent()?.join("freightdesk")]
            .into_iter()
            .find(|p| p.is_file())
    })
    .clone()
}

/// Worker processes kept alive across files (see the module docs). One file at a time per
/// worker, at most one worker per core: a file read while all are busy waits for one. Idle
/// workers wait in the pool; they exit when the pool is dropped (they are killed) or when this
/// process ends (their stdin closes).
#[derive(Debug)]
pub struct WorkerPool {
    exe: PathBuf,
    idle: Mutex<Vec<Worker>>,
    /// One permit per worker that may run at once.
    running: tokio::sync::Semaphore,
}

impl WorkerPool {
    /// A pool running `exe` (freightdesk) as its workers, at most one per core; none is started
    /// until needed.
    pub fn new(exe: PathBuf) -> WorkerPool {
        let cores = std::thread::available_parallelism().map_or(2, |n| n.get());
        WorkerPool {
            exe,
            idle: Mutex::new(Vec::new()),
            running: tokio::sync::Semaphore::new(cores),
        }
    }

    /// Read a file's pages in a worker under `limits`. Errors are the sentence recorded for the
    /// attachment: the reader's own error, or that the worker went over the memory or time
    /// limit, or crashed.
    pub async fn read_pages(
        &self,
        bytes: Vec<u8>,
        limits: &WorkerLimits,
    ) -> Result<Vec<PageText>, String> {
        let what = what(&bytes);
        let _running = self
            .running
            .acquire()
            .await
            .expect("the pool's semaphore is never closed");
        let mut worker = match self.take_idle(limits.max_memory_mib) {
            Some(w) => w,
            None => Worker::start(&self.exe, limits.max_memory_mib, what)?,
        };
        let answer = worker.read(&bytes, limits, what).await?;
        worker.files += 1;
        if answer.grown_mib <= RECYCLE_GROWTH_MIB && worker.files < RECYCLE_FILES {
            self.idle.lock().expect("worker pool lock").push(worker);
        }
        answer.reply.into()
    }

    /// An idle worker started with this memory cap that is still running.
    fn take_idle(&self, max_memory_mib: u64) -> Option<Worker> {
        let mut idle = self.idle.lock().expect("worker pool lock");
        while let Some(pos) = idle.iter().position(|w| w.max_memory_mib == max_memory_mib) {
            let mut w = idle.swap_remove(pos);
            if matches!(w.child.try_wait(), Ok(None)) {
                return Some(w);
            }
        }
        None
    }
}

impl From<Reply> for Result<Vec<PageText>, String> {
    fn from(r: Reply) -> Self {
        match r {
            Reply::Pages(p) => Ok(p),
            Reply::Error(e) => Err(e),
        }
    }
}

/// Read one file's pages in a worker process `exe` of its own (started for it, stopped after).
/// Errors as [`WorkerPool::read_pages`].
pub async fn read_pages(
    exe: &Path,
    bytes: Vec<u8>,
    limits: &WorkerLimits,
) -> Result<Vec<PageText>, String> {
    let what = what(&bytes);
    let mut worker = Worker::start(exe, limits.max_memory_mib, what)?;
    worker.read(&bytes, limits, what).await?.reply.into()
}

/// "image" or "PDF", for messages.
fn what(bytes: &[u8]) -> &'static str {
    if super::ocr::image_kind(bytes).is_some() {
        "image"
    } else {
        "PDF"
    }
}

/// One worker process. Dropping it kills its process group.
#[derive(Debug)]
struct Worker {
    child: tokio::process::Child,
    pid: Option<u32>,
    stdin: tokio::process::ChildStdin,
    stdout: tokio::io::BufReader<tokio::process::ChildStdout>,
    /// The end of what the worker wrote on stderr since the current file was sent.
    stderr_tail: Arc<Mutex<Vec<u8>>>,
    stderr_task: tokio::task::JoinHandle<()>,
    max_memory_mib: u64,
    /// Files answered.
    files: u32,
}

/// Bytes of the worker's stderr kept for the error message.
const STDERR_TAIL: usize = 8 * 1024;

impl Worker {
    fn start(exe: &Path, max_memory_mib: u64, what: &str) -> Result<Worker, String> {
        let mut cmd = tokio::process::Command::new(exe);
        cmd.arg("worker")
            .arg("--max-memory-mib")
            .arg(max_memory_mib.to_string())
            // One malloc arena: per-thread arenas reserve 64 MiB of address space each.
            .env("MALLOC_ARENA_MAX", "1")
            .env("RUST_LOG", "error")
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .process_group(0)
            .kill_on_drop(true);
        let mut child = cmd
            .spawn()
            .map_err(|e| format!("could not start the {what} reader: {e}"))?;
        let stdin = child.stdin.take().expect("stdin is piped");
        let stdout = tokio::io::BufReader::new(child.stdout.take().expect("stdout is piped"));
        let mut stderr = child.stderr.take().expect("stderr is piped");
        let stderr_tail = Arc::new(Mutex::new(Vec::new()));
        let tail = stderr_tail.clone();
        let stderr_task = tokio::spawn(async move {
            let mut buf = [0u8; 4096];
            while let Ok(n) = stderr.read(&mut buf).await {
                if n == 0 {
                    break;
                }
                let mut t = tail.lock().expect("stderr lock");
                t.extend_from_slice(&buf[..n]);
                let excess = t.len().saturating_sub(STDERR_TAIL);
                t.drain(..excess);
            }
        });
        Ok(Worker {
            pid: child.id(),
            child,
            stdin,
            stdout,
            stderr_tail,
            stderr_task,
            max_memory_mib,
            files: 0,
        })
    }

    /// Send one file and wait for the answer within the time limit. On any failure the worker
    /// is stopped and the error says why.
    async fn read(
        &mut self,
        bytes: &[u8],
        limits: &WorkerLimits,
        what: &str,
    ) -> Result<Answer, String> {
        self.stderr_tail.lock().expect("stderr lock").clear();
        let request = Request {
            len: bytes.len(),
            pdf: limits.pdf,
            delay_secs: std::env::var(DELAY_ENV)
                .ok()
                .and_then(|s| s.trim().parse().ok())
                .unwrap_or(0),
        };
        match tokio::time::timeout(limits.timeout, self.exchange(&request, bytes)).await {
            Ok(Ok(answer)) => Ok(answer),
            Ok(Err(e)) => Err(self.failure(what, limits, e).await),
            Err(_) => {
                self.kill();
                Err(format!(
                    "reading the {what} took longer than {} s and was stopped",
                    limits.timeout.as_secs()
                ))
            }
        }
    }

    async fn exchange(&mut self, request: &Request, bytes: &[u8]) -> std::io::Result<Answer> {
        let mut line = serde_json::to_vec(request)?;
        line.push(b'\n');
        self.stdin.write_all(&line).await?;
        self.stdin.write_all(bytes).await?;
        self.stdin.flush().await?;
        let mut answer = String::new();
        if self.stdout.read_line(&mut answer).await? == 0 {
            return Err(std::io::ErrorKind::UnexpectedEof.into());
        }
        serde_json::from_str(&answer)
            .map_err(|e| std::io::Error::new(std::io::ErrorKind::InvalidData, e))
    }

    /// Why the worker failed (`e` is what the pipe said): over the memory limit, crashed, or
    /// an unreadable answer. Stops it.
    async fn failure(&mut self, what: &str, limits: &WorkerLimits, e: std::io::Error) -> String {
        if e.kind() == std::io::ErrorKind::InvalidData {
            self.kill();
            return format!("the {what} reader gave an unreadable answer: {e}");
        }
        // The worker died (or is dying): wait for its status and the rest of its stderr.
        let status = tokio::time::timeout(Duration::from_secs(5), self.child.wait()).await;
        self.kill();
        let _ = tokio::time::timeout(Duration::from_secs(1), &mut self.stderr_task).await;
        let stderr =
            String::from_utf8_lossy(&self.stderr_tail.lock().expect("stderr lock")).into_owned();
        if stderr.contains("memory allocation of") || stderr.contains("out of memory") {
            return format!(
                "the {what} reader used more than {} MiB and was stopped",
                limits.max_memory_mib
            );
        }
        let last = stderr
            .lines()
            .rev()
            .find(|l| !l.trim().is_empty())
            .unwrap_or("")
            .trim();
        let status = match status {
            Ok(Ok(s)) => s.to_string(),
            _ => format!("{e}"),
        };
        format!("the {what} reader crashed ({status}): {last}")
    }

    /// SIGKILL the worker's process group (it and the programs it started).
    fn kill(&mut self) {
        if let Some(pid) = self.pid.take().and_then(|p| i32::try_from(p).ok()) {
            // SAFETY: kill(2) has no memory-safety preconditions; a negative pid names a group.
            unsafe {
                libc::kill(-pid, libc::SIGKILL);
            }
        }
    }
}

impl Drop for Worker {
    fn drop(&mut self) {
        self.kill();
        self.stderr_task.abort();
    }
}

/// The worker (child) side: cap the address space at `max_memory_mib`, then for each
/// [`Request`] line on stdin read the file's bytes that follow it and write an [`Answer`] line
/// on stdout, until stdin closes. Returns the exit code (0 when stdin closed between files).
pub fn serve(max_memory_mib: u64) -> i32 {
    let bytes = max_memory_mib.saturating_mul(1024 * 1024) as libc::rlim_t;
    let cap = libc::rlimit {
        rlim_cur: bytes,
        rlim_max: bytes,
    };
    // SAFETY: setrlimit(2) reads the struct passed by reference and nothing else.
    if unsafe { libc::setrlimit(libc::RLIMIT_AS, &cap) } != 0 {
        eprintln!(
            "freightdesk worker: setrlimit: {}",
            std::io::Error::last_os_error()
        );
        return 2;
    }
    let started_kib = vm_size_kib();
    let mut input = std::io::stdin().lock();
    let mut out = std::io::stdout().lock();
    loop {
        let mut line = String::new();
        match input.read_line(&mut line) {
            Ok(0) => return 0,
            Ok(_) => {}
            Err(e) => {
                eprintln!("freightdesk worker: reading stdin: {e}");
                return 2;
            }
        }
        let request: Request = match serde_json::from_str(&line) {
            Ok(r) => r,
            Err(e) => {
                eprintln!("freightdesk worker: a request that is not one: {e}");
                return 2;
            }
        };
        let mut file = vec![0u8; request.len];
        if let Err(e) = input.read_exact(&mut file) {
            eprintln!("freightdesk worker: reading the file: {e}");
            return 2;
        }
        if request.delay_secs > 0 {
            std::thread::sleep(Duration::from_secs(request.delay_secs));
        }
        let reply = match super::read_pages(&file, &request.pdf) {
            Ok(p) => Reply::Pages(p),
            Err(e) => Reply::Error(e.to_string()),
        };
        drop(file);
        give_memory_back();
        let answer = Answer {
            reply,
            grown_mib: vm_size_kib().saturating_sub(started_kib) / 1024,
        };
        let written = serde_json::to_writer(&mut out, &answer)
            .map_err(std::io::Error::from)
            .and_then(|()| out.write_all(b"\n"))
            .and_then(|()| out.flush());
        if let Err(e) = written {
            eprintln!("freightdesk worker: writing the answer: {e}");
            return 2;
        }
    }
}

/// Return freed heap memory to the system (glibc keeps it otherwise).
fn give_memory_back() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: malloc_trim(3) only walks the allocator's own free lists.
    unsafe {
        libc::malloc_trim(0);
    }
}

/// This process's address-space size (`VmSize` in `/proc/self/status`), KiB; 0 if unknown.
fn vm_size_kib() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find_map(|l| l.strip_prefix("VmSize:"))
                .and_then(|v| v.split_whitespace().next()?.parse().ok())
        })
        .unwrap_or(0)
}
