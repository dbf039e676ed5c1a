//! Reading a file's pages in a separate process, so that a PDF (or image) that panics, loops or
//! balloons fails that one document and never the daemon.
//!
//! Parent side: [`read_pages`] runs freightdesk itself ([`find_exe`]) as `freightdesk worker`,
//! writes the file's bytes to its stdin and reads a JSON [`Reply`] from its stdout. The child
//! runs in its own process group and is killed (group and all: `pdftoppm`, `tesseract`) when the
//! wall-clock limit passes. Child side: [`serve`] caps its own address space with
//! `setrlimit(RLIMIT_AS)` (inherited by the OCR programs it runs), then calls
//! [`super::read_pages`]. An allocation over the cap aborts the child; the parent reports it as
//! over the memory limit. Classification and fields stay in the parent (they need the live
//! rules and only run regexes over text).
//!
//! Test hook: when the environment variable [`DELAY_ENV`] holds a number of seconds, the child
//! sleeps that long before reading (used by `tests/worker.rs` to test the timeout; nothing sets
//! it in production).

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;
use std::time::Duration;

use tokio::io::AsyncWriteExt;

use super::pdf_text::{PageText, PdfLimits};

/// Environment variable read by the worker: seconds to sleep before reading (a fault hook for
/// testing the timeout).
pub const DELAY_ENV: &str = "FREIGHTDESK_WORKER_TEST_DELAY_SECS";

/// Environment variable naming the freightdesk executable to run as the worker (default: this
/// executable, or the `freightdesk` binary beside a cargo test harness).
pub const EXE_ENV: &str = "FREIGHTDESK_WORKER_EXE";

/// Limits on one worker run.
#[derive(Debug, Clone, Copy)]
pub struct WorkerLimits {
    /// The PDF reader's own limits (size, pages).
    pub pdf: PdfLimits,
    /// Wall-clock limit.
    pub timeout: Duration,
    /// Address-space limit of the worker, MiB.
    pub max_memory_mib: u64,
}

/// What the worker writes on stdout: the pages, or why the file could not be read.
#[derive(Debug, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Reply {
    /// The pages read.
    Pages(Vec<PageText>),
    /// Why not ([`super::ExtractError`] as text).
    Error(String),
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

/// Read a file's pages in a worker process `exe` under `limits`. Errors are the sentence
/// recorded for the attachment: the reader's own error, or that the worker went over the memory
/// or time limit, or crashed.
pub async fn read_pages(
    exe: &Path,
    bytes: Vec<u8>,
    limits: &WorkerLimits,
) -> Result<Vec<PageText>, String> {
    let what = if super::ocr::image_kind(&bytes).is_some() {
        "image"
    } else {
        "PDF"
    };
    let mut cmd = tokio::process::Command::new(exe);
    cmd.arg("worker")
        .arg("--max-bytes")
        .arg(limits.pdf.max_bytes.to_string())
        .arg("--max-pages")
        .arg(limits.pdf.max_pages.to_string())
        .arg("--max-memory-mib")
        .arg(limits.max_memory_mib.to_string())
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
    let pid = child.id();
    let mut stdin = child.stdin.take().expect("stdin is piped");
    let feeder = tokio::spawn(async move {
        // A worker that dies early closes the pipe; its exit status says why.
        let _ = stdin.write_all(&bytes).await;
    });
    let waited = tokio::time::timeout(limits.timeout, child.wait_with_output()).await;
    feeder.abort();
    let out = match waited {
        Ok(Ok(out)) => out,
        Ok(Err(e)) => return Err(format!("the {what} reader could not be run: {e}")),
        Err(_) => {
            // The worker itself is killed on drop; this also stops the programs it started.
            if let Some(pid) = pid {
                kill_group(pid);
            }
            return Err(format!(
                "reading the {what} took longer than {} s and was stopped",
                limits.timeout.as_secs()
            ));
        }
    };
    let stderr = String::from_utf8_lossy(&out.stderr);
    if out.status.success() {
        return match serde_json::from_slice::<Reply>(&out.stdout) {
            Ok(Reply::Pages(p)) => Ok(p),
            Ok(Reply::Error(e)) => Err(e),
            Err(e) => Err(format!("the {what} reader gave an unreadable answer: {e}")),
        };
    }
    if stderr.contains("memory allocation of") || stderr.contains("out of memory") {
        return Err(format!(
            "the {what} reader used more than {} MiB and was stopped",
            limits.max_memory_mib
        ));
    }
    let last = stderr
        .lines()
        .rev()
        .find(|l| !l.trim().is_empty())
        .unwrap_or("")
        .trim();
    Err(format!(
        "the {what} reader crashed ({}): {last}",
        out.status
    ))
}

/// SIGKILL a process group.
fn kill_group(pid: u32) {
    if let Ok(pid) = i32::try_from(pid) {
        // SAFETY: kill(2) has no memory-safety preconditions; a negative pid names a group.
        unsafe {
            libc::kill(-pid, libc::SIGKILL);
        }
    }
}

/// The worker (child) side: cap the address space at `max_memory_mib`, read the file from
/// stdin, write a [`Reply`] as JSON to stdout. Returns the exit code (0 whenever a reply was
/// written).
pub fn serve(limits: PdfLimits, max_memory_mib: u64) -> i32 {
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
    if let Some(secs) = std::env::var(DELAY_ENV)
        .ok()
        .and_then(|s| s.trim().parse::<u64>().ok())
    {
        std::thread::sleep(Duration::from_secs(secs));
    }
    let mut input = Vec::new();
    if let Err(e) = std::io::stdin().read_to_end(&mut input) {
        eprintln!("freightdesk worker: reading stdin: {e}");
        return 2;
    }
    let reply = match super::read_pages(&input, &limits) {
        Ok(p) => Reply::Pages(p),
        Err(e) => Reply::Error(e.to_string()),
    };
    drop(input);
    let mut out = std::io::stdout().lock();
    let written = serde_json::to_writer(&mut out, &reply)
        .map_err(std::io::Error::from)
        .and_then(|()| out.flush());
    match written {
        Ok(()) => 0,
        Err(e) => {
            eprintln!("freightdesk worker: writing the reply: {e}");
            2
        }
    }
}
