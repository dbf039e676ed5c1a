//! IMAP intake: one folder of one account, on a connection of its own.
//!
//! Entry point: [`FolderSession::open`]. The daemon drives a session: [`FolderSession::new_uids`]
//! lists the messages above the highest UID committed, [`FolderSession::fetch`] reads one with
//! `BODY.PEEK[]` (RFC 3501 6.4.5: nothing is marked `\Seen`), and only after the database commit
//! [`FolderSession::after_commit`] moves, flags or marks it. [`FolderSession::wait`] then waits
//! for new mail with IDLE (RFC 2177), re-issued before the server's timeout, or polls where the
//! server lacks IDLE.
//!
//! Every network step has the account's timeout; an error ends the session and the daemon
//! reconnects with backoff. TLS is rustls with the ring provider, the system's roots and an
//! optional extra CA file.

use std::fmt;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::Duration;

use async_imap::{Client, Session};
use futures_util::TryStreamExt;
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::TcpStream;
use tokio_rustls::rustls;
use tokio_rustls::rustls::pki_types::pem::PemObject;
use tokio_rustls::rustls::pki_types::{CertificateDer, ServerName};

use super::RawMessage;
use crate::config::{AfterAction, ImapAccount, Security};

/// Why an IMAP step failed.
#[derive(Debug, thiserror::Error)]
pub enum ImapError {
    /// TCP connect, TLS handshake or the stream failed.
    #[error("{account}: {step}: {source}")]
    Io {
        /// Account name.
        account: String,
        /// What was being done.
        step: String,
        /// Cause.
        source: std::io::Error,
    },
    /// A step took longer than the account's timeout.
    #[error("{account}: {step}: no answer within {secs} s")]
    Timeout {
        /// Account name.
        account: String,
        /// What was being done.
        step: String,
        /// The limit.
        secs: u64,
    },
    /// The server refused the login.
    #[error("{account}: login as {username} refused: {reason}")]
    Login {
        /// Account name.
        account: String,
        /// Login name.
        username: String,
        /// The server's words.
        reason: String,
    },
    /// The password could not be read.
    #[error("{account}: {reason}")]
    Password {
        /// Account name.
        account: String,
        /// Which source failed (never the value).
        #[source]
        reason: PasswordError,
    },
    /// TLS could not be set up (CA file, host name).
    #[error("{account}: TLS: {reason}")]
    Tls {
        /// Account name.
        account: String,
        /// What is wrong.
        reason: String,
    },
    /// The server answered NO or BAD, or something unparseable.
    #[error("{account}: {step}: {source}")]
    Protocol {
        /// Account name.
        account: String,
        /// What was being done.
        step: String,
        /// async-imap's error.
        source: async_imap::error::Error,
    },
    /// The folder has no UIDVALIDITY (RFC 3501 requires one): UIDs cannot be trusted.
    #[error("{account}: folder {folder} has no UIDVALIDITY")]
    NoUidValidity {
        /// Account name.
        account: String,
        /// Folder.
        folder: String,
    },
}

/// The password source's problem, as words.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct PasswordError(pub String);

impl ImapError {
    /// Network trouble comes and goes; a refused login, an unreadable password or a bad CA file
    /// needs a person (the daemon still retries, slowly, so a fix is picked up).
    pub fn is_transient(&self) -> bool {
        match self {
            ImapError::Io { .. } | ImapError::Timeout { .. } => true,
            ImapError::Protocol { source, .. } => matches!(
                source,
                async_imap::error::Error::Io(_) | async_imap::error::Error::ConnectionLost
            ),
            _ => false,
        }
    }
}

/// What ended a [`FolderSession::wait`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Woke {
    /// The server reported a change (IDLE), or the poll interval passed.
    Changed,
    /// The IDLE period ended without news; it is re-issued.
    Quiet,
    /// The daemon is stopping.
    Stopping,
}

/// A connection with one folder selected.
pub struct FolderSession {
    account: Arc<ImapAccount>,
    folder: String,
    session: Option<Session<Conn>>,
    /// The folder's UIDVALIDITY at SELECT.
    pub uidvalidity: u32,
    idle: bool,
    can_move: bool,
    uidplus: bool,
}

impl fmt::Debug for FolderSession {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "FolderSession({}/{})", self.account.name, self.folder)
    }
}

impl FolderSession {
    /// Connect, secure, log in and select `folder`.
    ///
    /// Errors: see [`ImapError`]; [`ImapError::is_transient`] says whether to retry soon.
    pub async fn open(account: Arc<ImapAccount>, folder: &str) -> Result<FolderSession, ImapError> {
        let mut session = connect(&account).await?;
        let a = &account;
        let caps = step(a, "CAPABILITY", session.capabilities()).await?;
        let idle = caps.has_str("IDLE");
        let can_move = caps.has_str("MOVE");
        let uidplus = caps.has_str("UIDPLUS");
        let mailbox = step(a, &format!("SELECT {folder}"), session.select(folder)).await?;
        let uidvalidity = mailbox
            .uid_validity
            .ok_or_else(|| ImapError::NoUidValidity {
                account: a.name.clone(),
                folder: folder.to_string(),
            })?;
        Ok(FolderSession {
            folder: folder.to_string(),
            session: Some(session),
            uidvalidity,
            idle,
            can_move,
            uidplus,
            account,
        })
    }

    /// The account's name.
    pub fn account_name(&self) -> &str {
        &self.account.name
    }

    /// The folder's name.
    pub fn folder(&self) -> &str {
        &self.folder
    }

    /// Whether the server offers IDLE (else [`FolderSession::wait`] polls).
    pub fn has_idle(&self) -> bool {
        self.idle
    }

    fn session(&mut self) -> &mut Session<Conn> {
        self.session.as_mut().expect("session present outside IDLE")
    }

    /// UIDs above `last_uid`, ascending. (`UID n:*` always matches the highest UID even when it
    /// is below `n`, RFC 3501 6.4.8; such UIDs are dropped here.)
    pub async fn new_uids(&mut self, last_uid: u32) -> Result<Vec<u32>, ImapError> {
        let query = format!("UID {}:*", last_uid.saturating_add(1));
        let a = self.account.clone();
        let set = step(&a, "UID SEARCH", self.session().uid_search(&query)).await?;
        let mut uids: Vec<u32> = set.into_iter().filter(|u| *u > last_uid).collect();
        uids.sort_unstable();
        Ok(uids)
    }

    /// Read one message's raw bytes without marking it seen. `None` when it is gone (deleted
    /// or moved by someone else meanwhile).
    pub async fn fetch(&mut self, uid: u32) -> Result<Option<RawMessage>, ImapError> {
        let a = self.account.clone();
        let folder = self.folder.clone();
        let uidvalidity = self.uidvalidity;
        let s = self.session();
        let fetched: Vec<async_imap::types::Fetch> = step(&a, "UID FETCH", async {
            s.uid_fetch(uid.to_string(), "(UID BODY.PEEK[])")
                .await?
                .try_collect()
                .await
        })
        .await?;
        let Some(bytes) = fetched
            .iter()
            .find(|f| f.uid == Some(uid))
            .and_then(|f| f.body())
        else {
            return Ok(None);
        };
        Ok(Some(RawMessage {
            source: format!("imap:{}/{folder}/{uidvalidity}/{uid}", a.name),
            path: std::path::PathBuf::new(),
            bytes: bytes.to_vec(),
        }))
    }

    /// Apply the account's after-commit action to the messages with these UIDs. Call only after
    /// their database commit. Moving creates the target folder when it is missing.
    pub async fn after_commit(&mut self, uids: &[u32]) -> Result<(), ImapError> {
        if uids.is_empty() {
            return Ok(());
        }
        let set = uid_set(uids);
        let a = self.account.clone();
        let can_move = self.can_move;
        let uidplus = self.uidplus;
        match a.after.clone() {
            AfterAction::Nothing => Ok(()),
            AfterAction::Seen => self.store_flags(&set, "+FLAGS.SILENT (\\Seen)").await,
            AfterAction::Keyword(k) => {
                self.store_flags(&set, &format!("+FLAGS.SILENT ({k})"))
                    .await
            }
            AfterAction::Move(target) => {
                self.ensure_folder(&target).await?;
                if can_move {
                    step(
                        &a,
                        &format!("UID MOVE {target}"),
                        self.session().uid_mv(&set, &target),
                    )
                    .await
                } else {
                    step(
                        &a,
                        &format!("UID COPY {target}"),
                        self.session().uid_copy(&set, &target),
                    )
                    .await?;
                    self.store_flags(&set, "+FLAGS.SILENT (\\Deleted)").await?;
                    let s = self.session();
                    if uidplus {
                        // Expunge only these messages (RFC 4315), not others someone marked.
                        step(&a, "UID EXPUNGE", async {
                            s.uid_expunge(&set).await?.try_collect::<Vec<_>>().await
                        })
                        .await
                        .map(|_| ())
                    } else {
                        step(&a, "EXPUNGE", async {
                            s.expunge().await?.try_collect::<Vec<_>>().await
                        })
                        .await
                        .map(|_| ())
                    }
                }
            }
        }
    }

    /// UIDs at or below `last_uid` still waiting for the after-commit action (a crash or a lost
    /// connection between the commit and the action): with `move`, every message still here;
    /// with `keyword`, those without it; with `seen`, the unseen ones.
    pub async fn actions_owed(&mut self, last_uid: u32) -> Result<Vec<u32>, ImapError> {
        if last_uid == 0 {
            return Ok(Vec::new());
        }
        let filter = match &self.account.after {
            AfterAction::Nothing => return Ok(Vec::new()),
            AfterAction::Move(_) => String::new(),
            AfterAction::Keyword(k) => format!(" UNKEYWORD {k}"),
            AfterAction::Seen => " UNSEEN".into(),
        };
        let a = self.account.clone();
        let query = format!("UID 1:{last_uid}{filter}");
        let set = step(&a, "UID SEARCH", self.session().uid_search(&query)).await?;
        let mut uids: Vec<u32> = set.into_iter().filter(|u| *u <= last_uid).collect();
        uids.sort_unstable();
        Ok(uids)
    }

    async fn store_flags(&mut self, set: &str, what: &str) -> Result<(), ImapError> {
        let a = self.account.clone();
        let s = self.session();
        step(&a, "UID STORE", async {
            s.uid_store(set, what).await?.try_collect::<Vec<_>>().await
        })
        .await
        .map(|_| ())
    }

    async fn ensure_folder(&mut self, target: &str) -> Result<(), ImapError> {
        let a = self.account.clone();
        match step(
            &a,
            &format!("CREATE {target}"),
            self.session().create(target),
        )
        .await
        {
            Ok(()) => Ok(()),
            // Already there (RFC 5530 ALREADYEXISTS, or a server's own words for it).
            Err(ImapError::Protocol {
                source: async_imap::error::Error::No(_),
                ..
            }) => Ok(()),
            Err(e) => Err(e),
        }
    }

    /// Wait for news: IDLE until the server reports a change, `idle_secs` pass (then IDLE is
    /// re-issued by the caller) or `stop` turns true. Without IDLE, sleep `poll_secs`.
    pub async fn wait(
        &mut self,
        stop: &mut tokio::sync::watch::Receiver<bool>,
    ) -> Result<Woke, ImapError> {
        let a = self.account.clone();
        if !self.idle {
            let poll = Duration::from_secs(a.poll_secs);
            return Ok(tokio::select! {
                _ = tokio::time::sleep(poll) => Woke::Changed,
                _ = stop.wait_for(|s| *s) => Woke::Stopping,
            });
        }
        if *stop.borrow() {
            return Ok(Woke::Stopping);
        }
        let session = self.session.take().expect("session present");
        let mut handle = session.idle();
        step(&a, "IDLE", handle.init()).await?;
        let period = Duration::from_secs(a.idle_secs);
        let woke = {
            // The library's own timeout restarts on every keepalive ("* OK Still here"), so the
            // period is enforced here: IDLE is ended and re-issued within RFC 2177's 29 minutes.
            let (fut, interrupt) = handle.wait_with_timeout(period);
            tokio::pin!(fut);
            let mut interrupt = Some(interrupt);
            let mut woke = Woke::Quiet;
            let deadline = tokio::time::sleep(period);
            tokio::pin!(deadline);
            let res = loop {
                tokio::select! {
                    r = &mut fut => break r,
                    _ = &mut deadline, if interrupt.is_some() => { interrupt.take(); }
                    _ = stop.wait_for(|s| *s), if interrupt.is_some() => {
                        woke = Woke::Stopping;
                        interrupt.take();
                    }
                }
            };
            match res {
                Ok(async_imap::extensions::idle::IdleResponse::NewData(_)) => Woke::Changed,
                Ok(_) => woke,
                Err(source) => {
                    return Err(ImapError::Protocol {
                        account: a.name.clone(),
                        step: "IDLE".into(),
                        source,
                    })
                }
            }
        };
        let session = step(&a, "DONE", handle.done()).await?;
        self.session = Some(session);
        Ok(woke)
    }

    /// Log out politely (errors ignored: the connection is being dropped anyway).
    pub async fn logout(mut self) {
        if let Some(mut s) = self.session.take() {
            let _ = tokio::time::timeout(Duration::from_secs(2), s.logout()).await;
        }
    }
}

/// The server's own words from async-imap's rendering of a NO/BAD reply
/// (`code: None, info: Some("[AUTHENTICATIONFAILED] Authentication failed.")`), or the rendering
/// itself when it has another shape.
fn server_words(rendered: &str) -> String {
    rendered
        .split_once("info: Some(\"")
        .and_then(|(_, rest)| rest.rsplit_once("\")"))
        .map(|(words, _)| words.replace("\\\"", "\""))
        .unwrap_or_else(|| rendered.to_string())
}

/// `1,3,5:7` for a sorted UID list.
fn uid_set(uids: &[u32]) -> String {
    let mut parts: Vec<String> = Vec::new();
    let mut i = 0;
    while i < uids.len() {
        let start = uids[i];
        let mut end = start;
        while i + 1 < uids.len() && uids[i + 1] == end + 1 {
            i += 1;
            end = uids[i];
        }
        parts.push(if start == end {
            start.to_string()
        } else {
            format!("{start}:{end}")
        });
        i += 1;
    }
    parts.join(",")
}

/// Run one IMAP step under the account's timeout.
async fn step<T, F>(a: &ImapAccount, what: &str, fut: F) -> Result<T, ImapError>
where
    F: std::future::Future<Output = async_imap::error::Result<T>>,
{
    timed(a, what, fut, |account, step, source| ImapError::Protocol {
        account,
        step,
        source,
    })
    .await
}

/// Run one network step (connect, TLS) under the account's timeout.
async fn io_step<T, F>(a: &ImapAccount, what: &str, fut: F) -> Result<T, ImapError>
where
    F: std::future::Future<Output = std::io::Result<T>>,
{
    timed(a, what, fut, |account, step, source| ImapError::Io {
        account,
        step,
        source,
    })
    .await
}

/// `fut` under the account's timeout; its own error made an [`ImapError`] by `wrap`.
async fn timed<T, E, F>(
    a: &ImapAccount,
    what: &str,
    fut: F,
    wrap: impl FnOnce(String, String, E) -> ImapError,
) -> Result<T, ImapError>
where
    F: std::future::Future<Output = Result<T, E>>,
{
    match tokio::time::timeout(Duration::from_secs(a.timeout_secs), fut).await {
        Ok(Ok(v)) => Ok(v),
        Ok(Err(source)) => Err(wrap(a.name.clone(), what.to_string(), source)),
        Err(_) => Err(ImapError::Timeout {
            account: a.name.clone(),
            step: what.to_string(),
            secs: a.timeout_secs,
        }),
    }
}

/// Connect, secure as configured, read the greeting and log in.
async fn connect(a: &ImapAccount) -> Result<Session<Conn>, ImapError> {
    let addr = format!("{}:{}", a.host, a.port);
    let tcp = io_step(a, &format!("connect {addr}"), TcpStream::connect(&addr)).await?;
    let client = match a.security {
        Security::None => {
            let mut c = Client::new(Conn::Plain(tcp));
            greeting(a, &mut c).await?;
            c
        }
        Security::Tls => {
            let tls = tls_handshake(a, tcp).await?;
            let mut c = Client::new(Conn::Tls(Box::new(tls)));
            greeting(a, &mut c).await?;
            c
        }
        Security::Starttls => {
            let mut c = Client::new(Conn::Plain(tcp));
            greeting(a, &mut c).await?;
            step(a, "STARTTLS", c.run_command_and_check_ok("STARTTLS", None)).await?;
            let Conn::Plain(tcp) = c.into_inner() else {
                unreachable!("plain before STARTTLS")
            };
            // No greeting after STARTTLS (RFC 3501 6.2.1).
            Client::new(Conn::Tls(Box::new(tls_handshake(a, tcp).await?)))
        }
    };
    let password = a.password.read().map_err(|r| ImapError::Password {
        account: a.name.clone(),
        reason: PasswordError(r),
    })?;
    match tokio::time::timeout(
        Duration::from_secs(a.timeout_secs),
        client.login(&a.username, &password),
    )
    .await
    {
        Ok(Ok(s)) => Ok(s),
        Ok(Err((e, _))) => match e {
            async_imap::error::Error::No(reason) | async_imap::error::Error::Bad(reason) => {
                Err(ImapError::Login {
                    account: a.name.clone(),
                    username: a.username.clone(),
                    reason: server_words(&reason),
                })
            }
            source => Err(ImapError::Protocol {
                account: a.name.clone(),
                step: "LOGIN".into(),
                source,
            }),
        },
        Err(_) => Err(ImapError::Timeout {
            account: a.name.clone(),
            step: "LOGIN".into(),
            secs: a.timeout_secs,
        }),
    }
}

async fn greeting(a: &ImapAccount, c: &mut Client<Conn>) -> Result<(), ImapError> {
    match io_step(a, "greeting", c.read_response()).await? {
        Some(_) => Ok(()),
        None => Err(ImapError::Io {
            account: a.name.clone(),
            step: "greeting".into(),
            source: std::io::ErrorKind::UnexpectedEof.into(),
        }),
    }
}

/// The rustls client config for an account: the system's roots plus the account's CA file.
fn tls_config(a: &ImapAccount) -> Result<rustls::ClientConfig, ImapError> {
    let bad = |reason: String| ImapError::Tls {
        account: a.name.clone(),
        reason,
    };
    let mut roots = rustls::RootCertStore::empty();
    for c in rustls_native_certs::load_native_certs().certs {
        let _ = roots.add(c);
    }
    if let Some(ca) = &a.ca_file {
        let certs = CertificateDer::pem_file_iter(ca)
            .map_err(|e| bad(format!("CA file {}: {e}", ca.display())))?;
        let mut n = 0;
        for c in certs {
            let c = c.map_err(|e| bad(format!("CA file {}: {e}", ca.display())))?;
            roots
                .add(c)
                .map_err(|e| bad(format!("CA file {}: {e}", ca.display())))?;
            n += 1;
        }
        if n == 0 {
            return Err(bad(format!(
                "CA file {} holds no certificate",
                ca.display()
            )));
        }
    }
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    Ok(rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(|e| bad(e.to_string()))?
        .with_root_certificates(roots)
        .with_no_client_auth())
}

async fn tls_handshake(
    a: &ImapAccount,
    tcp: TcpStream,
) -> Result<tokio_rustls::client::TlsStream<TcpStream>, ImapError> {
    let config = tls_config(a)?;
    let name = ServerName::try_from(a.host.clone()).map_err(|e| ImapError::Tls {
        account: a.name.clone(),
        reason: format!("host name {}: {e}", a.host),
    })?;
    let connector = tokio_rustls::TlsConnector::from(Arc::new(config));
    io_step(a, "TLS handshake", connector.connect(name, tcp)).await
}

/// A plain or TLS connection, one type for async-imap.
#[derive(Debug)]
pub enum Conn {
    /// No TLS (loopback only).
    Plain(TcpStream),
    /// TLS (implicit or after STARTTLS).
    Tls(Box<tokio_rustls::client::TlsStream<TcpStream>>),
}

impl AsyncRead for Conn {
    fn poll_read(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<std::io::Result<()>> {
        match self.get_mut() {
            Conn::Plain(s) => Pin::new(s).poll_read(cx, buf),
            Conn::Tls(s) => Pin::new(s.as_mut()).poll_read(cx, buf),
        }
    }
}

impl AsyncWrite for Conn {
    fn poll_write(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<std::io::Result<usize>> {
        match self.get_mut() {
            Conn::Plain(s) => Pin::new(s).poll_write(cx, buf),
            Conn::Tls(s) => Pin::new(s.as_mut()).poll_write(cx, buf),
        }
    }

    fn poll_flush(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        match self.get_mut() {
            Conn::Plain(s) => Pin::new(s).poll_flush(cx),
            Conn::Tls(s) => Pin::new(s.as_mut()).poll_flush(cx),
        }
    }

    fn poll_shutdown(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        match self.get_mut() {
            Conn::Plain(s) => Pin::new(s).poll_shutdown(cx),
            Conn::Tls(s) => Pin::new(s.as_mut()).poll_shutdown(cx),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{server_words, uid_set};

    #[test]
    fn server_words_come_out_of_the_rendering() {
        assert_eq!(
            server_words(
                r#"code: None, info: Some("[AUTHENTICATIONFAILED] Authentication failed.")"#
            ),
            "[AUTHENTICATIONFAILED] Authentication failed."
        );
        assert_eq!(server_words("plain words"), "plain words");
    }

    #[test]
    fn uid_sets_collapse_runs() {
        assert_eq!(uid_set(&[1, 2, 3, 5, 7, 8]), "1:3,5,7:8");
        assert_eq!(uid_set(&[4]), "4");
    }
}
