//! Learn a layout from one document: the template [`super::suggest`] made from it is written into
//! the rules folder (`documents/<id>.toml`, with the document as its sample,
//! `documents/samples/<id>.pdf`) and kept only if the rules still load and every rule test that
//! passed before still passes, the template's own included; otherwise both files are put back as
//! they were. `freightdesk template suggest` and the workspace's "Learn this layout" (a
//! document's page) both end here.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::{ruletest, RuleSet, RulesError};

/// A layout learned: the files written and the rules they make.
#[derive(Debug, Clone)]
pub struct Learned {
    /// The template written (`rules/documents/<id>.toml`).
    pub template: PathBuf,
    /// Its sample, the document it was learned from (`rules/documents/samples/<id>.pdf`).
    pub sample: PathBuf,
    /// Rule tests run, all passing.
    pub tests: usize,
    /// The rules version with the template.
    pub version: String,
}

/// Why a layout was not learned; nothing is left written.
#[derive(Debug, thiserror::Error)]
pub enum LearnError {
    /// The rules folder has problems already (`file:line:column: message` each).
    #[error("{} problem(s) in the rules; fix them (freightdesk rules check) first", .0.len())]
    RulesInvalid(Vec<String>),
    /// A template of that id exists and replacing was not asked for.
    #[error("a template `{id}` exists already ({}): give another name, or replace it", .path.display())]
    Exists {
        /// Template id.
        id: String,
        /// Its file.
        path: PathBuf,
    },
    /// With the template, the rules do not load.
    #[error("the suggested template does not pass `rules check`; nothing written")]
    Invalid(Vec<String>),
    /// With the template, rule tests fail: it reads another layout's documents, or not its own.
    #[error(
        "with the suggested template {} rule test(s) fail (it reads another layout's documents, \
         or not its own); nothing written",
        .failed.len().max(1)
    )]
    TestsFail {
        /// Problems collecting the tests.
        problems: Vec<String>,
        /// (test label, its differences) of each failing test.
        failed: Vec<(String, Vec<String>)>,
    },
    /// A file could not be written.
    #[error("writing {}: {cause}", .path.display())]
    Io {
        /// The file.
        path: PathBuf,
        /// Why.
        #[source]
        cause: std::io::Error,
    },
    /// The rules folder could not be read.
    #[error(transparent)]
    Rules(RulesError),
}

/// The rules of `dir`, or every problem they have.
pub fn load_rules(dir: &Path) -> Result<Arc<RuleSet>, LearnError> {
    match RuleSet::load(dir) {
        Ok(set) => Ok(Arc::new(set)),
        Err(RulesError::Invalid(problems)) => Err(LearnError::RulesInvalid(problems)),
        Err(e) => Err(LearnError::Rules(e)),
    }
}

/// Write the template `text` (id `id`, suggested from `bytes`) into the rules folder `dir`,
/// whose rules are `set`, with `bytes` as its sample at `documents/<sample_rel>`; run `rules
/// check` and every rule test; keep it only if nothing that passed fails and its own test
/// passes. `replace`: a template of that id may be replaced.
///
/// Errors: [`LearnError`]; on every error the folder is as it was.
pub async fn learn(
    dir: &Path,
    set: &Arc<RuleSet>,
    id: &str,
    text: &str,
    sample_rel: &str,
    bytes: &[u8],
    replace: bool,
) -> Result<Learned, LearnError> {
    let docs = dir.join("documents");
    let path = docs.join(format!("{id}.toml"));
    let sample = docs.join(sample_rel);
    if !replace && (path.exists() || set.templates.iter().any(|t| t.id == id)) {
        return Err(LearnError::Exists {
            id: id.to_string(),
            path,
        });
    }
    // What passes today, to tell a test the new template breaks.
    let found = ruletest::collect(dir, Some(set)).map_err(LearnError::Rules)?;
    let mut before = BTreeSet::new();
    for t in &found.tests {
        if ruletest::run(t, set).await.passed() {
            before.insert(t.label(dir));
        }
    }
    let old_template = std::fs::read(&path).ok();
    let old_sample = std::fs::read(&sample).ok();
    let roll_back = || {
        match &old_template {
            Some(b) => std::fs::write(&path, b).ok(),
            None => std::fs::remove_file(&path).ok(),
        };
        match &old_sample {
            Some(b) => std::fs::write(&sample, b).ok(),
            None => std::fs::remove_file(&sample).ok(),
        };
    };
    let write = |p: &Path, b: &[u8]| {
        std::fs::create_dir_all(p.parent().unwrap_or(Path::new(".")))
            .and_then(|_| std::fs::write(p, b))
            .map_err(|cause| LearnError::Io {
                path: p.to_path_buf(),
                cause,
            })
    };
    if let Err(e) = write(&sample, bytes).and_then(|_| write(&path, text.as_bytes())) {
        roll_back();
        return Err(e);
    }
    let new_set = match RuleSet::load(dir) {
        Ok(s) => Arc::new(s),
        Err(e) => {
            roll_back();
            return Err(match e {
                RulesError::Invalid(problems) => LearnError::Invalid(problems),
                e => LearnError::Rules(e),
            });
        }
    };
    let found = match ruletest::collect(dir, Some(&new_set)) {
        Ok(f) => f,
        Err(e) => {
            roll_back();
            return Err(LearnError::Rules(e));
        }
    };
    let mut failed = Vec::new();
    let mut mine = false;
    let own = format!("documents/{id}.toml");
    for t in &found.tests {
        let label = t.label(dir);
        let result = ruletest::run(t, &new_set).await;
        let is_own = t.file == own;
        mine |= is_own && result.passed();
        if !result.passed() && (is_own || before.contains(&label)) {
            failed.push((label, result.differences));
        }
    }
    if !found.problems.is_empty() || !failed.is_empty() || !mine {
        roll_back();
        return Err(LearnError::TestsFail {
            problems: found.problems,
            failed,
        });
    }
    Ok(Learned {
        template: path,
        sample,
        tests: found.tests.len(),
        version: new_set.version.clone(),
    })
}
