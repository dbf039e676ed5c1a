//! Real mail servers for tests: Dovecot (IMAP + LMTP) and OpenSMTPD on loopback high ports, with
//! throwaway configs under a temp dir. `MailServers::start(&["ops", "carrier"])`, then talk IMAP to
//! `imap_port()`, SMTP to `smtp_port()`, and look at what landed with `mailbox()` / `wait_for()`.
//!
//! How it works, and why (learned on Debian 12, Dovecot 2.3.19, OpenSMTPD 6.8, as root):
//! - Needs root (OpenSMTPD refuses anything else) and the Debian packages dovecot-imapd,
//!   dovecot-lmtpd, opensmtpd and openssl; `scripts/test` installs them and stops the system
//!   services the packages may start. The harness never uses ports 25/143/993 or /etc configs.
//! - One harness at a time per machine: OpenSMTPD's queue (/var/spool/smtpd) and control socket
//!   (/var/run/smtpd.sock) are compiled in, so two smtpd cannot run at once. `MailServers` holds an
//!   exclusive `flock` on /tmp/freightdesk-mailservers.lock for its whole life, which serializes
//!   the tests of one binary and of several binaries run at once. While holding it, `start` kills
//!   any process group a crashed earlier run left behind (their ids are kept in
//!   /tmp/freightdesk-mailservers.pids) and empties the spool, so mail queued by an earlier test is
//!   never delivered into a later one. A system smtpd that is running is a clear panic.
//! - Dovecot runs from `dovecot -F -c <tmp>/dovecot.conf` with base_dir/state_dir/log under the
//!   temp dir. Its own processes run as `dovecot`/`dovenull`; mail is owned by the `mail` user
//!   (uid 8): Dovecot refuses uid 0 for mail ("userdb returned 0 as uid"), so the homes
//!   (<tmp>/home/<user>) are created and chowned to `mail` before start. Users come from a
//!   passwd-file (password `PASSWORD`), and `auth_username_format = %Ln` drops the domain, so
//!   ops@anything.example is user `ops` for IMAP login and LMTP alike.
//! - Mail is Maildir++ (`maildir:~/Maildir`) with the IMAP separator `/`: folder "Done/Sub" is
//!   <home>/Maildir/.Done.Sub on disk; `mailbox()` reads new/ and cur/ straight from disk.
//! - Dovecot 2.3 advertises IDLE and MOVE by default; new mail reaches an IDLE client through
//!   inotify, with `mailbox_idle_check_interval = 1 secs` as the fallback (tested below: < 1 s).
//! - LMTP: `deliver_lmtp("ops+done", ..)` files into folder "done" (created when missing):
//!   `recipient_delimiter = +`, `lmtp_save_to_detail_mailbox`, `lda_mailbox_autocreate`.
//! - OpenSMTPD runs `smtpd -d -f <tmp>/smtpd.conf` (foreground, log on stderr, into
//!   <tmp>/smtpd.log); it accepts `from any for any` on 127.0.0.1 only and hands every recipient
//!   to Dovecot's LMTP port (`rcpt-to`, so Dovecot sees ops@x.example). smtpd insists that the local
//!   part is a user of its `userbase`: a table maps each user to nobody:nogroup (the LMTP helper
//!   runs as that user; it only opens a TCP connection). Unknown users get 550 at RCPT.
//!   smtpd runs in a private mount namespace with its own /etc/resolv.conf saying `lookup file`:
//!   its resolver otherwise asks DNS first for the name of 127.0.0.1 on every connection, and
//!   a DNS server that drops a query now and then stalled sessions for 5 s (seen as 5 s gaps in
//!   the latency benchmark, and in OpenSMTPD alone).
//! - Stopping: every server is its own process group, killed with SIGKILL and reaped. SIGTERM is
//!   far too slow here (Dovecot's master took 3-6 s to exit); Maildir and smtpd's queue are
//!   crash-safe, and a stale master.pid is removed before Dovecot starts again. Start waits for
//!   the ports to accept connections (polling every 10 ms), so start/stop take tens of ms.
//! - TLS (`start_tls`): openssl makes a throwaway CA (P-256) and a leaf for localhost/127.0.0.1
//!   signed by it (webpki rejects a self-signed leaf used as its own CA). Dovecot: implicit TLS
//!   on `imaps_port()`, STARTTLS on `imap_port()`, plaintext login still allowed. OpenSMTPD:
//!   STARTTLS offered (not required) on `smtp_port()`. `ca_file()` is the CA's PEM.
#![allow(dead_code)]

use std::fs::{self, File};
use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::os::unix::fs::PermissionsExt;
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// Every user's password.
pub const PASSWORD: &str = "secret";

const LOCK_PATH: &str = "/tmp/freightdesk-mailservers.lock";
const PIDS_PATH: &str = "/tmp/freightdesk-mailservers.pids";
const SPOOL: &str = "/var/spool/smtpd";
const SMTPD_SOCK: &str = "/var/run/smtpd.sock";
const START_TIMEOUT: Duration = Duration::from_secs(10);

pub struct MailServers {
    dir: tempfile::TempDir,
    users: Vec<String>,
    imap: u16,
    imaps: Option<u16>,
    lmtp: u16,
    smtp: u16,
    tls: bool,
    dovecot: Option<Child>,
    smtpd: Option<Child>,
    // Last: released after the servers are gone and the temp dir removed.
    _lock: File,
}

impl MailServers {
    /// Start Dovecot (IMAP + LMTP) and OpenSMTPD on free loopback ports; see the module comment.
    pub fn start(users: &[&str]) -> MailServers {
        Self::start_with(users, false)
    }

    /// [`MailServers::start`] plus TLS: implicit TLS on `imaps_port()`, STARTTLS on IMAP and SMTP,
    /// with a leaf certificate for localhost/127.0.0.1 signed by the CA in `ca_file()`.
    pub fn start_tls(users: &[&str]) -> MailServers {
        Self::start_with(users, true)
    }

    fn start_with(users: &[&str], tls: bool) -> MailServers {
        // SAFETY: geteuid has no preconditions.
        if unsafe { libc::geteuid() } != 0 {
            panic!("MailServers needs root (OpenSMTPD runs only as root); run the tests as root");
        }
        for bin in ["/usr/sbin/dovecot", "/usr/sbin/smtpd"] {
            assert!(
                Path::new(bin).exists(),
                "{bin} is missing: install dovecot-imapd dovecot-lmtpd opensmtpd (scripts/test does)"
            );
        }
        let lock = File::options()
            .create(true)
            .truncate(false)
            .write(true)
            .open(LOCK_PATH)
            .unwrap_or_else(|e| panic!("open {LOCK_PATH}: {e}"));
        lock.lock()
            .unwrap_or_else(|e| panic!("lock {LOCK_PATH}: {e}"));
        kill_leftovers();
        if std::os::unix::net::UnixStream::connect(SMTPD_SOCK).is_ok() {
            panic!(
                "an smtpd is already running on this machine ({SMTPD_SOCK} answers); OpenSMTPD's \
                 queue is system-wide, so stop it first: systemctl stop opensmtpd \
                 (or service opensmtpd stop)"
            );
        }
        clear_spool();

        let dir = tempfile::Builder::new()
            .prefix("freightdesk-mail.")
            .tempdir()
            .expect("temp dir");
        let root = dir.path().to_path_buf();
        fs::set_permissions(&root, fs::Permissions::from_mode(0o755)).unwrap();
        let users: Vec<String> = users.iter().map(|u| local_part(u)).collect();
        let (mail_uid, mail_gid) = passwd_ids("mail").unwrap_or((8, 8));
        let (nobody_uid, nobody_gid) = passwd_ids("nobody").unwrap_or((65534, 65534));
        fs::create_dir_all(root.join("home")).unwrap();
        let mut passwd = String::new();
        let mut userbase = String::new();
        for u in &users {
            let home = root.join("home").join(u);
            fs::create_dir_all(&home).unwrap();
            std::os::unix::fs::chown(&home, Some(mail_uid), Some(mail_gid)).unwrap();
            passwd.push_str(&format!("{u}:{{PLAIN}}{PASSWORD}::::::\n"));
            userbase.push_str(&format!(
                "{u} {nobody_uid}:{nobody_gid}:{}\n",
                root.display()
            ));
        }
        fs::write(root.join("passwd"), passwd).unwrap();
        fs::write(root.join("users"), userbase).unwrap();
        if tls {
            make_certs(&root.join("tls"));
        }

        let ports = free_ports(if tls { 4 } else { 3 });
        let mut s = MailServers {
            imap: ports[0],
            lmtp: ports[1],
            smtp: ports[2],
            imaps: tls.then(|| ports[3]),
            tls,
            users,
            dovecot: None,
            smtpd: None,
            dir,
            _lock: lock,
        };
        s.write_dovecot_conf();
        s.write_smtpd_conf();
        s.start_imap();
        s.start_smtp();
        s
    }

    pub fn imap_port(&self) -> u16 {
        self.imap
    }

    pub fn imaps_port(&self) -> Option<u16> {
        self.imaps
    }

    pub fn smtp_port(&self) -> u16 {
        self.smtp
    }

    /// Dovecot's LMTP port (what OpenSMTPD delivers to).
    pub fn lmtp_port(&self) -> u16 {
        self.lmtp
    }

    pub fn ca_file(&self) -> Option<PathBuf> {
        self.tls.then(|| self.dir.path().join("tls/ca.pem"))
    }

    /// The users given to `start`, as Dovecot knows them (local parts, lowercase).
    pub fn users(&self) -> &[String] {
        &self.users
    }

    /// Send raw RFC 5322 bytes through OpenSMTPD; the Instant it answered 250 to the end of DATA.
    /// Panics (with the logs) on any failure; see [`MailServers::try_send`].
    pub fn send(&self, from: &str, to: &[&str], raw: &[u8]) -> Instant {
        self.try_send(from, to, raw)
            .unwrap_or_else(|e| panic!("SMTP send failed: {e}\n{}", self.logs()))
    }

    /// [`MailServers::send`] that returns the failure (e.g. connection refused) instead.
    pub fn try_send(&self, from: &str, to: &[&str], raw: &[u8]) -> Result<Instant, String> {
        smtp_session(self.smtp, false, from, to, raw)
    }

    /// Put a message straight into a user's INBOX by LMTP (bypassing OpenSMTPD). `user` may be
    /// "ops", "ops@any.example", or "ops+Folder" to file it into that folder (created if needed).
    pub fn deliver_lmtp(&self, user: &str, raw: &[u8]) {
        let rcpt = if user.contains('@') {
            user.to_string()
        } else {
            format!("{user}@localhost")
        };
        smtp_session(self.lmtp, true, "", &[&rcpt], raw)
            .unwrap_or_else(|e| panic!("LMTP delivery to {rcpt} failed: {e}\n{}", self.logs()));
    }

    /// The Maildir folder of `user`'s `folder` ("INBOX", "done", "Done/Sub").
    pub fn maildir(&self, user: &str, folder: &str) -> PathBuf {
        let base = self
            .dir
            .path()
            .join("home")
            .join(local_part(user))
            .join("Maildir");
        if folder.eq_ignore_ascii_case("INBOX") {
            base
        } else {
            base.join(format!(".{}", folder.replace('/', ".")))
        }
    }

    /// The raw messages in a user's folder, read from the Maildir (new/ and cur/), oldest first
    /// (by file mtime, then name). A folder that does not exist holds nothing.
    pub fn mailbox(&self, user: &str, folder: &str) -> Vec<Vec<u8>> {
        let dir = self.maildir(user, folder);
        let mut files: Vec<(std::time::SystemTime, String, PathBuf)> = Vec::new();
        for sub in ["new", "cur"] {
            let Ok(rd) = fs::read_dir(dir.join(sub)) else {
                continue;
            };
            for e in rd.flatten() {
                let Ok(md) = e.metadata() else { continue };
                if !md.is_file() {
                    continue;
                }
                let name = e.file_name().to_string_lossy().into_owned();
                files.push((md.modified().unwrap(), name, e.path()));
            }
        }
        files.sort();
        // A file may move from new/ to cur/ between listing and reading; skip it then.
        files
            .into_iter()
            .filter_map(|(_, _, p)| fs::read(p).ok())
            .collect()
    }

    /// Wait until the folder holds at least `n` messages or `timeout` passes; what it holds.
    pub fn wait_for(&self, user: &str, folder: &str, n: usize, timeout: Duration) -> Vec<Vec<u8>> {
        let end = Instant::now() + timeout;
        loop {
            let m = self.mailbox(user, folder);
            if m.len() >= n || Instant::now() >= end {
                return m;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// Kill OpenSMTPD; sends then get "connection refused".
    pub fn stop_smtp(&mut self) {
        if let Some(c) = self.smtpd.take() {
            kill_group(c);
        }
    }

    /// Start OpenSMTPD again on the same port (what it had queued is kept).
    pub fn start_smtp(&mut self) {
        if self.smtpd.is_some() {
            return;
        }
        let log = self.log_file("smtpd.log");
        let conf = self.dir.path().join("smtpd.conf");
        // smtpd's resolver asks DNS before /etc/hosts for the name of every connecting address
        // (127.0.0.1 here); where DNS is slow to answer, that stalls a session for the
        // resolver's 5 s timeout now and then. Give smtpd, and only smtpd, a resolv.conf that
        // says "lookup file" through a private mount namespace (we are root), when the kernel
        // allows one.
        let resolv = self.dir.path().join("resolv.conf");
        fs::write(&resolv, "lookup file\n").unwrap();
        let mut cmd = if mount_namespaces_work() {
            let mut c = Command::new("unshare");
            c.args(["-m", "--propagation", "private", "sh", "-c"])
                .arg("mount --bind \"$1\" /etc/resolv.conf && exec /usr/sbin/smtpd -d -f \"$2\"")
                .arg("sh")
                .arg(&resolv)
                .arg(&conf);
            c
        } else {
            let mut c = Command::new("/usr/sbin/smtpd");
            c.arg("-d").arg("-f").arg(&conf);
            c
        };
        let child = cmd
            .stdin(Stdio::null())
            .stdout(log.try_clone().unwrap())
            .stderr(log)
            .process_group(0)
            .spawn()
            .unwrap_or_else(|e| panic!("spawn smtpd: {e}"));
        remember_group(child.id());
        self.smtpd = Some(child);
        self.wait_ready("OpenSMTPD", self.smtp, false);
    }

    /// Kill Dovecot, dropping every IMAP connection. The mail stays.
    pub fn stop_imap(&mut self) {
        if let Some(c) = self.dovecot.take() {
            kill_group(c);
        }
    }

    /// Start Dovecot again on the same ports with the same mail.
    pub fn start_imap(&mut self) {
        if self.dovecot.is_some() {
            return;
        }
        // Dovecot refuses to start while master.pid names a live process; ours is dead.
        let _ = fs::remove_file(self.dir.path().join("run/master.pid"));
        let log = self.log_file("dovecot.out");
        let child = Command::new("/usr/sbin/dovecot")
            .arg("-F")
            .arg("-c")
            .arg(self.dir.path().join("dovecot.conf"))
            .stdin(Stdio::null())
            .stdout(log.try_clone().unwrap())
            .stderr(log)
            .process_group(0)
            .spawn()
            .unwrap_or_else(|e| panic!("spawn dovecot: {e}"));
        remember_group(child.id());
        self.dovecot = Some(child);
        self.wait_ready("Dovecot", self.imap, true);
        self.wait_ready("Dovecot", self.lmtp, true);
        if let Some(p) = self.imaps {
            self.wait_ready("Dovecot", p, true);
        }
    }

    /// Stop Dovecot and start it again on the same ports with the same mail.
    pub fn restart_imap(&mut self) {
        self.stop_imap();
        self.start_imap();
    }

    /// Dovecot's and OpenSMTPD's logs so far, for failure messages.
    pub fn logs(&self) -> String {
        let mut out = String::new();
        for name in ["dovecot.out", "dovecot.log", "smtpd.log"] {
            let text = fs::read_to_string(self.dir.path().join(name)).unwrap_or_default();
            out.push_str(&format!("----- {name} -----\n{text}"));
            if !text.ends_with('\n') {
                out.push('\n');
            }
        }
        out
    }

    fn log_file(&self, name: &str) -> File {
        File::options()
            .create(true)
            .append(true)
            .open(self.dir.path().join(name))
            .unwrap()
    }

    fn wait_ready(&mut self, what: &str, port: u16, dovecot: bool) {
        let end = Instant::now() + START_TIMEOUT;
        loop {
            if TcpStream::connect(("127.0.0.1", port)).is_ok() {
                return;
            }
            let child = if dovecot {
                self.dovecot.as_mut()
            } else {
                self.smtpd.as_mut()
            };
            if let Some(Ok(Some(status))) = child.map(|c| c.try_wait()) {
                panic!(
                    "{what} exited ({status}) before port {port} accepted connections\n{}",
                    self.logs()
                );
            }
            if Instant::now() >= end {
                panic!(
                    "{what} did not accept connections on port {port} within {START_TIMEOUT:?}\n{}",
                    self.logs()
                );
            }
            std::thread::sleep(Duration::from_millis(10));
        }
    }

    fn write_dovecot_conf(&self) {
        let d = self.dir.path().display();
        let ssl = if self.tls {
            format!("ssl = yes\nssl_cert = <{d}/tls/cert.pem\nssl_key = <{d}/tls/key.pem\n")
        } else {
            "ssl = no\n".to_string()
        };
        let imaps = self.imaps.map_or(
            "  inet_listener imaps {\n    port = 0\n  }\n".to_string(),
            |p| format!("  inet_listener imaps {{\n    address = 127.0.0.1\n    port = {p}\n    ssl = yes\n  }}\n"),
        );
        let conf = format!(
            "# written by tests/common/mailservers.rs
base_dir = {d}/run
state_dir = {d}/state
instance_name = freightdesk-test
listen = 127.0.0.1
protocols = imap lmtp
log_path = {d}/dovecot.log
default_internal_user = dovecot
default_internal_group = dovecot
default_login_user = dovenull
first_valid_uid = 1
mail_location = maildir:~/Maildir
auth_mechanisms = plain login
disable_plaintext_auth = no
auth_username_format = %Ln
mailbox_idle_check_interval = 1 secs
recipient_delimiter = +
lmtp_save_to_detail_mailbox = yes
lda_mailbox_autocreate = yes
{ssl}passdb {{
  driver = passwd-file
  args = {d}/passwd
}}
userdb {{
  driver = static
  args = uid=mail gid=mail home={d}/home/%n
}}
namespace inbox {{
  inbox = yes
  separator = /
}}
service imap-login {{
  inet_listener imap {{
    address = 127.0.0.1
    port = {imap}
  }}
{imaps}}}
service lmtp {{
  inet_listener lmtp {{
    address = 127.0.0.1
    port = {lmtp}
  }}
}}
",
            imap = self.imap,
            lmtp = self.lmtp,
        );
        fs::write(self.dir.path().join("dovecot.conf"), conf).unwrap();
    }

    fn write_smtpd_conf(&self) {
        let d = self.dir.path().display();
        let (pki, tls) = if self.tls {
            (
                format!("pki localhost cert \"{d}/tls/cert.pem\"\npki localhost key \"{d}/tls/key.pem\"\n"),
                " tls pki localhost",
            )
        } else {
            (String::new(), "")
        };
        let conf = format!(
            "# written by tests/common/mailservers.rs
{pki}table users file:{d}/users
listen on 127.0.0.1 port {smtp}{tls} hostname localhost
action \"dovecot\" lmtp \"127.0.0.1:{lmtp}\" rcpt-to userbase <users>
match from any for any action \"dovecot\"
",
            smtp = self.smtp,
            lmtp = self.lmtp,
        );
        fs::write(self.dir.path().join("smtpd.conf"), conf).unwrap();
    }
}

impl Drop for MailServers {
    fn drop(&mut self) {
        self.stop_smtp();
        self.stop_imap();
        let _ = fs::write(PIDS_PATH, "");
    }
}

/// "Ops@X.example" → "ops".
fn local_part(user: &str) -> String {
    user.split('@').next().unwrap_or(user).to_ascii_lowercase()
}

/// uid and gid of a user in /etc/passwd.
fn passwd_ids(name: &str) -> Option<(u32, u32)> {
    let text = fs::read_to_string("/etc/passwd").ok()?;
    let line = text.lines().find(|l| l.split(':').next() == Some(name))?;
    let f: Vec<&str> = line.split(':').collect();
    Some((f.get(2)?.parse().ok()?, f.get(3)?.parse().ok()?))
}

/// `n` distinct free loopback ports.
fn free_ports(n: usize) -> Vec<u16> {
    let listeners: Vec<TcpListener> = (0..n)
        .map(|_| TcpListener::bind("127.0.0.1:0").expect("bind a free port"))
        .collect();
    listeners
        .iter()
        .map(|l| l.local_addr().unwrap().port())
        .collect()
}

/// Send through the OpenSMTPD listening on `port` (from another thread than the one holding the
/// `MailServers`): what [`MailServers::try_send`] does.
pub fn send_to_port(port: u16, from: &str, to: &[&str], raw: &[u8]) -> Result<Instant, String> {
    smtp_session(port, false, from, to, raw)
}

/// SIGKILL the child's process group (it leads one) and reap the child.
fn kill_group(mut child: Child) {
    // SAFETY: kill(2) on the process group we created for this child.
    unsafe {
        libc::kill(-(child.id() as i32), libc::SIGKILL);
    }
    let _ = child.wait();
}

/// Note a process group we started, so that a later run can kill it if this one crashes.
fn remember_group(pgid: u32) {
    if let Ok(mut f) = File::options().create(true).append(true).open(PIDS_PATH) {
        let _ = writeln!(f, "{pgid}");
    }
}

/// Kill the process groups an earlier run (that did not get to drop its MailServers) left,
/// if they are still our servers. Called with the lock held.
fn kill_leftovers() {
    let text = fs::read_to_string(PIDS_PATH).unwrap_or_default();
    for pgid in text.lines().filter_map(|l| l.trim().parse::<i32>().ok()) {
        let cmdline = fs::read(format!("/proc/{pgid}/cmdline")).unwrap_or_default();
        let cmdline = String::from_utf8_lossy(&cmdline);
        if (cmdline.contains("smtpd") || cmdline.contains("dovecot"))
            && cmdline.contains("freightdesk-mail.")
        {
            // SAFETY: kill(2) of a process group this harness started earlier.
            unsafe {
                libc::kill(-pgid, libc::SIGKILL);
            }
            // Wait for the smtpd control socket to be released.
            let end = Instant::now() + Duration::from_secs(2);
            while Path::new(&format!("/proc/{pgid}/cmdline")).exists()
                && fs::read(format!("/proc/{pgid}/cmdline")).is_ok_and(|c| !c.is_empty())
                && Instant::now() < end
            {
                std::thread::sleep(Duration::from_millis(10));
            }
        }
    }
    let _ = fs::write(PIDS_PATH, "");
}

/// Empty OpenSMTPD's system-wide queue so nothing from an earlier run is delivered now.
fn clear_spool() {
    let Ok(rd) = fs::read_dir(SPOOL) else { return };
    for sub in rd.flatten() {
        if let Ok(inner) = fs::read_dir(sub.path()) {
            for e in inner.flatten() {
                let p = e.path();
                let _ = if p.is_dir() {
                    fs::remove_dir_all(&p)
                } else {
                    fs::remove_file(&p)
                };
            }
        }
    }
}

/// A throwaway CA and a leaf for localhost/127.0.0.1 signed by it, in `dir`.
fn make_certs(dir: &Path) {
    fs::create_dir_all(dir).unwrap();
    fs::write(
        dir.join("leaf.ext"),
        "basicConstraints = critical, CA:FALSE\n\
         keyUsage = critical, digitalSignature, keyEncipherment\n\
         extendedKeyUsage = serverAuth\n\
         subjectAltName = DNS:localhost, IP:127.0.0.1\n",
    )
    .unwrap();
    let run = |args: &[&str]| {
        let out = Command::new("openssl")
            .args(args)
            .current_dir(dir)
            .output()
            .unwrap_or_else(|e| panic!("run openssl (install the openssl package): {e}"));
        assert!(
            out.status.success(),
            "openssl {args:?} failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    };
    let ec = [
        "-newkey",
        "ec",
        "-pkeyopt",
        "ec_paramgen_curve:P-256",
        "-nodes",
    ];
    let mut ca = vec![
        "req", "-x509", "-days", "2", "-keyout", "ca.key", "-out", "ca.pem",
    ];
    ca.extend(ec);
    ca.extend([
        "-subj",
        "/CN=freightdesk test CA",
        "-addext",
        "basicConstraints=critical,CA:TRUE",
        "-addext",
        "keyUsage=critical,keyCertSign,cRLSign",
    ]);
    run(&ca);
    let mut req = vec!["req", "-keyout", "key.pem", "-out", "leaf.csr"];
    req.extend(ec);
    req.extend(["-subj", "/CN=localhost"]);
    run(&req);
    run(&[
        "x509",
        "-req",
        "-in",
        "leaf.csr",
        "-CA",
        "ca.pem",
        "-CAkey",
        "ca.key",
        "-CAcreateserial",
        "-days",
        "2",
        "-extfile",
        "leaf.ext",
        "-out",
        "cert.pem",
    ]);
    for f in ["ca.key", "key.pem"] {
        fs::set_permissions(dir.join(f), fs::Permissions::from_mode(0o600)).unwrap();
    }
}

/// One SMTP (or LMTP) transaction over a plain TcpStream. Returns when the server answered 250
/// to the end of DATA (for LMTP: every recipient's reply).
fn smtp_session(
    port: u16,
    lmtp: bool,
    from: &str,
    to: &[&str],
    raw: &[u8],
) -> Result<Instant, String> {
    let stream = TcpStream::connect(("127.0.0.1", port)).map_err(|e| format!("connect: {e}"))?;
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    let mut w = stream.try_clone().unwrap();
    let mut r = BufReader::new(stream);
    let mut reply = |expect: u16| -> Result<(), String> {
        let mut all = String::new();
        loop {
            let mut line = String::new();
            let n = r.read_line(&mut line).map_err(|e| format!("read: {e}"))?;
            if n == 0 {
                return Err(format!("connection closed; got so far: {all:?}"));
            }
            all.push_str(&line);
            if line.len() < 4 || line.as_bytes()[3] != b'-' {
                break;
            }
        }
        if all.get(..3) == Some(&expect.to_string()) {
            Ok(())
        } else {
            Err(format!("expected {expect}, got {all:?}"))
        }
    };
    let cmd = |w: &mut TcpStream, line: &str| -> Result<(), String> {
        w.write_all(format!("{line}\r\n").as_bytes())
            .map_err(|e| format!("write {line:?}: {e}"))
    };
    reply(220)?;
    cmd(
        &mut w,
        if lmtp {
            "LHLO localhost"
        } else {
            "EHLO localhost"
        },
    )?;
    reply(250)?;
    cmd(&mut w, &format!("MAIL FROM:<{from}>"))?;
    reply(250)?;
    for t in to {
        cmd(&mut w, &format!("RCPT TO:<{t}>"))?;
        reply(250).map_err(|e| format!("RCPT TO:<{t}>: {e}"))?;
    }
    cmd(&mut w, "DATA")?;
    reply(354)?;
    w.write_all(&dot_stuff(raw))
        .map_err(|e| format!("write DATA: {e}"))?;
    w.write_all(b".\r\n").map_err(|e| format!("write: {e}"))?;
    let replies = if lmtp { to.len() } else { 1 };
    for _ in 0..replies {
        reply(250).map_err(|e| format!("end of DATA: {e}"))?;
    }
    let at = Instant::now();
    let _ = cmd(&mut w, "QUIT");
    let _ = reply(221);
    Ok(at)
}

/// CRLF line ends, leading dots doubled, a final CRLF.
fn dot_stuff(raw: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(raw.len() + 64);
    let mut at_line_start = true;
    let mut prev = 0u8;
    for &b in raw {
        if at_line_start && b == b'.' {
            out.push(b'.');
        }
        if b == b'\n' && prev != b'\r' {
            out.push(b'\r');
        }
        out.push(b);
        at_line_start = b == b'\n';
        prev = b;
    }
    if !out.ends_with(b"\r\n") {
        if out.ends_with(b"\r") {
            out.push(b'\n');
        } else {
            out.extend_from_slice(b"\r\n");
        }
    }
    out
}

/// Whether this process may make a private mount namespace (`unshare -m`), checked once.
fn mount_namespaces_work() -> bool {
    static WORKS: std::sync::OnceLock<bool> = std::sync::OnceLock::new();
    *WORKS.get_or_init(|| {
        Command::new("unshare")
            .args(["-m", "--propagation", "private", "true"])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|s| s.success())
    })
}
