//! Rules that change while the daemon runs: watch the rules folder, and on a change load the
//! whole set again; swap it in if it is valid, keep the active one if it is not.
//!
//! Entry point: [`RulesWatcher`] (`start`, then `next` for each settled change). The active set
//! lives in a [`LiveRules`]: a reader takes a snapshot (`load_full`) and keeps it for as long as
//! it needs, so a message in progress finishes with the set it started with while a new one is
//! swapped in. [`watch_folder`] is the one folder watcher of the daemon (the intake folder uses it
//! too); [`version_of`] is the version a folder's files hash to, the same as [`RuleSet::load`]
//! gives them.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use arc_swap::ArcSwap;
use notify::event::{AccessKind, AccessMode};
use notify::{EventKind, Watcher};
use tokio::sync::Notify;

use super::{load, RuleSet, RulesError};

/// The active rule set, replaced whole by a reload.
pub type LiveRules = ArcSwap<RuleSet>;

/// How long the folder must stay quiet before it is read: an editor's save is several events
/// (a temporary file, a rename, a metadata change) within a few milliseconds.
pub const QUIET: Duration = Duration::from_millis(400);

/// Read the folder anyway after this long, even if events keep coming.
pub const AT_MOST: Duration = Duration::from_secs(5);

/// The version [`RuleSet::load`] would give the files in `dir` now (the hash of every rule file),
/// without compiling them: the version of a broken set too.
///
/// Errors: [`RulesError::Io`] when the folder or a file in it cannot be read.
pub fn version_of(dir: &Path) -> Result<String, RulesError> {
    load::read_files(dir).map(|(version, _)| version)
}

/// What one reload did.
#[derive(Debug)]
pub enum Reload {
    /// The files hash to the active version (a save without a change, a file rules ignore).
    Unchanged {
        /// The active version.
        active: String,
    },
    /// A valid set was swapped in.
    Swapped {
        /// The version that was active before.
        previous: String,
        /// The version now active.
        active: String,
    },
    /// The files have problems; the active set stays.
    Invalid {
        /// The version of the broken files.
        version: String,
        /// Every problem, as `file:line:column: message`.
        problems: Vec<String>,
        /// The version that stays active.
        active: String,
    },
    /// The files are valid again after a reload found them broken (or unreadable): either
    /// they are back to the active set (a broken file restored) or a new valid set was swapped
    /// in. Staff were told the broken version is not used; this is the news that it is over.
    Restored {
        /// The version now active.
        active: String,
        /// The version that was active before, when a new set was swapped in.
        previous: Option<String>,
    },
    /// The files changed while they were read; they are read again once they settle.
    Changing,
    /// The folder could not be read; the active set stays.
    Unreadable {
        /// Why.
        reason: String,
        /// The version that stays active.
        active: String,
    },
}

/// Load `dir` and swap the result into `live` if it is valid and differs from the active set.
/// Blocking (reads and compiles every file).
pub fn reload(dir: &Path, live: &LiveRules) -> Reload {
    let active = live.load().version.clone();
    let unreadable = |e: RulesError, active: String| Reload::Unreadable {
        reason: e.to_string(),
        active,
    };
    let before = match version_of(dir) {
        Ok(v) => v,
        Err(e) => return unreadable(e, active),
    };
    if before == active {
        return Reload::Unchanged { active };
    }
    match RuleSet::load(dir) {
        Ok(set) => {
            let version = set.version.clone();
            let previous = live.swap(Arc::new(set)).version.clone();
            Reload::Swapped {
                previous,
                active: version,
            }
        }
        Err(RulesError::Invalid(problems)) => match version_of(dir) {
            // The problems belong to `before` only if the files did not change meanwhile.
            Ok(after) if after == before => Reload::Invalid {
                version: before,
                problems,
                active,
            },
            Ok(_) => Reload::Changing,
            Err(e) => unreadable(e, active),
        },
        Err(e) => unreadable(e, active),
    }
}

/// Watch `path` and everything under it; `changed` is notified on each change to a file or
/// folder in it (created, written, renamed, removed, metadata). Reads (opening a file, closing it
/// unwritten) are not changes: the daemon reads these folders itself. The watch lasts as long as
/// the returned watcher is kept.
///
/// Errors: the folder cannot be watched (missing, or the system's watch limit is reached).
pub fn watch_folder(
    path: &Path,
    changed: Arc<Notify>,
) -> Result<notify::RecommendedWatcher, notify::Error> {
    let mut w = notify::recommended_watcher(move |ev: notify::Result<notify::Event>| {
        if ev.is_ok_and(|e| is_change(&e.kind)) {
            changed.notify_one();
        }
    })?;
    w.watch(path, notify::RecursiveMode::Recursive)?;
    Ok(w)
}

fn is_change(kind: &EventKind) -> bool {
    match kind {
        EventKind::Access(AccessKind::Close(AccessMode::Write)) => true,
        EventKind::Access(_) => false,
        _ => true,
    }
}

/// Wait until `changed` has not been notified for [`QUIET`] (at most [`AT_MOST`]).
async fn settle(changed: &Notify) {
    let deadline = tokio::time::Instant::now() + AT_MOST;
    loop {
        tokio::select! {
            _ = changed.notified() => {
                if tokio::time::Instant::now() >= deadline {
                    return;
                }
            }
            _ = tokio::time::sleep(QUIET) => return,
        }
    }
}

/// Watches a rules folder and reloads it into a [`LiveRules`] after each change.
pub struct RulesWatcher {
    dir: PathBuf,
    live: Arc<LiveRules>,
    changed: Arc<Notify>,
    again: bool,
    /// The last reload found the files broken or unreadable.
    broken: bool,
    _watcher: notify::RecommendedWatcher,
}

impl RulesWatcher {
    /// Start watching `dir` (recursively) for changes to reload into `live`.
    ///
    /// Errors: the folder cannot be watched.
    pub fn start(dir: &Path, live: Arc<LiveRules>) -> Result<RulesWatcher, notify::Error> {
        let changed = Arc::new(Notify::new());
        let watcher = watch_folder(dir, changed.clone())?;
        Ok(RulesWatcher {
            dir: dir.to_path_buf(),
            live,
            changed,
            again: false,
            broken: false,
            _watcher: watcher,
        })
    }

    /// The folder watched.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Wait for the next change, let it settle, and reload. Cancel-safe between changes: dropping
    /// the future while it waits loses nothing but the wait.
    pub async fn next(&mut self) -> Reload {
        if !std::mem::take(&mut self.again) {
            self.changed.notified().await;
        }
        settle(&self.changed).await;
        let (dir, live) = (self.dir.clone(), self.live.clone());
        let outcome = tokio::task::spawn_blocking(move || reload(&dir, &live))
            .await
            .unwrap_or_else(|e| Reload::Unreadable {
                reason: format!("reloading stopped: {e}"),
                active: self.live.load().version.clone(),
            });
        if matches!(outcome, Reload::Changing) {
            self.again = true;
        }
        self.after_broken(outcome)
    }

    /// A valid outcome after a broken one is [`Reload::Restored`]; remembers whether this one
    /// is broken.
    fn after_broken(&mut self, outcome: Reload) -> Reload {
        let was_broken = self.broken;
        match outcome {
            Reload::Invalid { .. } | Reload::Unreadable { .. } => {
                self.broken = true;
                outcome
            }
            Reload::Changing => outcome,
            Reload::Unchanged { active } if was_broken => {
                self.broken = false;
                Reload::Restored {
                    active,
                    previous: None,
                }
            }
            Reload::Swapped { previous, active } if was_broken => {
                self.broken = false;
                Reload::Restored {
                    active,
                    previous: Some(previous),
                }
            }
            other => {
                self.broken = false;
                other
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn copy_dir(from: &Path, to: &Path) {
        std::fs::create_dir_all(to).unwrap();
        for e in std::fs::read_dir(from).unwrap() {
            let e = e.unwrap();
            if e.file_type().unwrap().is_dir() {
                copy_dir(&e.path(), &to.join(e.file_name()));
            } else {
                std::fs::copy(e.path(), to.join(e.file_name())).unwrap();
            }
        }
    }

    fn shipped_copy() -> (tempfile::TempDir, PathBuf) {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("rules");
        copy_dir(&Path::new(env!("CARGO_MANIFEST_DIR")).join("rules"), &dir);
        (tmp, dir)
    }

    #[test]
    fn version_of_is_the_version_load_gives() {
        let (_tmp, dir) = shipped_copy();
        let set = RuleSet::load(&dir).unwrap();
        assert_eq!(version_of(&dir).unwrap(), set.version);
        // A file rules ignore does not change it; a rule file does.
        std::fs::write(dir.join("notes.md"), "staff notes").unwrap();
        assert_eq!(version_of(&dir).unwrap(), set.version);
        std::fs::write(dir.join("emails/extra.txt"), "Subject: x\n").unwrap();
        assert_ne!(version_of(&dir).unwrap(), set.version);
    }

    #[test]
    fn reload_swaps_a_good_set_and_keeps_the_active_one_on_a_bad_set() {
        let (_tmp, dir) = shipped_copy();
        let live = LiveRules::from_pointee(RuleSet::load(&dir).unwrap());
        let first = live.load().version.clone();
        assert!(matches!(reload(&dir, &live), Reload::Unchanged { .. }));

        let picked = dir.join("emails/picked_up.txt");
        let text = std::fs::read_to_string(&picked).unwrap();
        std::fs::write(&picked, text.replacen("picked up", "on its way", 1)).unwrap();
        let second = match reload(&dir, &live) {
            Reload::Swapped { previous, active } => {
                assert_eq!(previous, first);
                active
            }
            other => panic!("{other:?}"),
        };
        assert_eq!(live.load().version, second);
        assert!(live.load().emails["picked_up"].contains("on its way"));

        std::fs::write(dir.join("emails/picked_up.txt"), "Subject: {{ load.\n").unwrap();
        match reload(&dir, &live) {
            Reload::Invalid {
                version,
                problems,
                active,
            } => {
                assert_eq!(active, second);
                assert_eq!(version, version_of(&dir).unwrap());
                assert!(
                    problems
                        .iter()
                        .any(|p| p.starts_with("emails/picked_up.txt:")),
                    "{problems:?}"
                );
            }
            other => panic!("{other:?}"),
        }
        assert_eq!(live.load().version, second);
    }
}
