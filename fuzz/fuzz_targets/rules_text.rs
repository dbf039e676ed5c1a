//! One rule file's text → rule set, as `freightdesk rules check` checks it
//! (`freightdesk::rules::RuleSet::check_texts`).
//!
//! The first byte picks which file the rest is (`kinds.toml`, `checks.toml`,
//! `notifications.toml`, a `documents/` template file, an `emails/` template); `fuzz/seed.sh` prefixes
//! the seeds with it.
#![no_main]

use std::path::Path;

use freightdesk::rules::RuleSet;
use libfuzzer_sys::fuzz_target;

const NAMES: [&str; 5] = [
    "kinds.toml",
    "checks.toml",
    "notifications.toml",
    "documents/fuzz.toml",
    "emails/fuzz.txt",
];

fuzz_target!(|data: &[u8]| {
    let Some((&which, text)) = data.split_first() else {
        return;
    };
    let name = NAMES[usize::from(which) % NAMES.len()];
    let _ = RuleSet::check_texts(Path::new("/nonexistent/freightdesk-fuzz-rules"), &[(name, text)]);
});
