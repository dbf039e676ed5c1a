//! `freightdesk init DIR`: a new site in one folder. It writes a commented config
//! (`freightdesk.toml`: a folder intake `inbox/`, a file outbox and SQLite under `var/`), the
//! rules folder as this version ships it (checks, kinds, routes, email templates, the kind model;
//! no layout templates: those are each site's own, taught with `template suggest` or the
//! workspace's "Learn this layout"), an empty directory (`directory/customers.csv`,
//! `carriers.csv`, `lanes.csv` with their header rows) and the two files the shipped rule tests read
//! (`samples/`). Nothing is overwritten: a folder that already holds any of these is refused.

use std::path::{Path, PathBuf};

use include_dir::{include_dir, Dir};

/// The rules folder of this version.
static RULES: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/rules");

/// The files the shipped rule tests read, by path under the site (`../samples/…` from `rules/`).
const TEST_FILES: [(&str, &[u8]); 2] = [
    (
        "samples/inbox/22-bol-4471342-corrupt.eml",
        include_bytes!("../samples/inbox/22-bol-4471342-corrupt.eml"),
    ),
    (
        "samples/pdfs/brochure_ironhorse_summer2026.pdf",
        include_bytes!("../samples/pdfs/brochure_ironhorse_summer2026.pdf"),
    ),
];

const CUSTOMERS_CSV: &str =
    "customer_id,name,aliases,contact_name,contact_email,billing_email,billing_address\n";
const LANES_CSV: &str = "customer_id,origin,destination,equipment,rate_usd,fuel_surcharge_pct\n";
const CARRIERS_CSV: &str =
    "carrier_id,name,mc,dot,scac,email_domains,remit_to_name,remit_to_address,contact_email\n";

const CONFIG: &str = r#"# freightdesk for one site. Relative paths are relative to this file.
# Check it with: freightdesk config check --config freightdesk.toml
# Then: freightdesk run --once --config freightdesk.toml (or without --once, to keep watching).

[intake]
kind = "folder"          # .eml files dropped in inbox/; for a shared mailbox use kind = "imap":
path = "inbox"           # [[intake.accounts]] name, host, port, security, username, password_env
poll_secs = 5

[outgoing]
kind = "file"            # .eml files in var/outbox/ to look at first; kind = "smtp" to send:
path = "var/outbox"      # host, port, security, username, password_env
from = "Back Office <backoffice@yourcompany.example>"   # an address only freightdesk sends from

[company]
name = "Your Company"    # as customers know you, in their emails

# Bill customers when a load's paperwork is complete (rules/billing.toml; rates from
# directory/lanes.csv). Without this table nothing is billed.
# [billing]
# invoice_prefix = "INV-"                            # INV-000001, INV-000002, ...
# remit_to = ["PO Box 100", "Chicago, IL 60680"]     # printed under [company] name
# For customers billing.toml sets to delivery = ["edi"]: X12 210 files, one per invoice.
# [billing.edi]
# outbox = "var/edi-outbox"
# sender_id = "YOURCOMPANY"                          # your interchange id (ISA06)
# scac = "ABCD"                                      # your SCAC

[store]
url = "sqlite://var/freightdesk.db"
archive = "var/archive"  # every raw message and attachment, by SHA-256

[paths]
rules = "rules"          # what staff edit: checks, routes, email templates, layout templates
directory = "directory"  # customers.csv, carriers.csv, lanes.csv: shippers, carriers, rates

[staff]
emails = ["ap@yourcompany.example"]   # who hears of exceptions: at least one address
digest_minutes = 15      # exceptions in one summary email at most every 15 minutes; 0: each alone
at_once = "high"         # high severity still goes at once

[limits]
max_pdf_mib = 25
max_pages = 200
extract_timeout_secs = 30

# The workspace in a browser (freightdesk serve; run serves it too with this table):
# [web]
# listen = "127.0.0.1:8080"
# public_url = "https://desk.yourcompany.example"
"#;

/// Why a site could not be made.
#[derive(Debug, thiserror::Error)]
pub enum InitError {
    /// A file it would write is there already.
    #[error("{} exists already: freightdesk init never overwrites; choose an empty folder", .0.display())]
    Exists(PathBuf),
    /// A file could not be written.
    #[error("writing {}: {cause}", .path.display())]
    Io {
        /// The file.
        path: PathBuf,
        /// Why.
        #[source]
        cause: std::io::Error,
    },
}

/// Write a new site into `dir` (created if missing). Returns the files written, relative to
/// `dir`, in the order written. Errors: [`InitError`]; when one of the files exists, nothing is
/// written.
pub fn init(dir: &Path) -> Result<Vec<PathBuf>, InitError> {
    let mut files: Vec<(PathBuf, &[u8])> = vec![
        ("freightdesk.toml".into(), CONFIG.as_bytes()),
        ("directory/customers.csv".into(), CUSTOMERS_CSV.as_bytes()),
        ("directory/carriers.csv".into(), CARRIERS_CSV.as_bytes()),
        ("directory/lanes.csv".into(), LANES_CSV.as_bytes()),
    ];
    let mut stack = vec![&RULES];
    while let Some(d) = stack.pop() {
        for f in d.files() {
            files.push((Path::new("rules").join(f.path()), f.contents()));
        }
        // Layout templates are each site's own.
        stack.extend(d.dirs().filter(|s| s.path() != Path::new("documents")));
    }
    files.extend(TEST_FILES.iter().map(|(p, b)| (PathBuf::from(p), *b)));
    if let Some((p, _)) = files.iter().find(|(p, _)| dir.join(p).exists()) {
        return Err(InitError::Exists(dir.join(p)));
    }
    let io = |path: &Path| {
        let path = path.to_path_buf();
        move |cause| InitError::Io { path, cause }
    };
    for sub in ["inbox", "var", "rules/documents"] {
        std::fs::create_dir_all(dir.join(sub)).map_err(io(&dir.join(sub)))?;
    }
    for (p, bytes) in &files {
        let path = dir.join(p);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(io(parent))?;
        }
        std::fs::write(&path, bytes).map_err(io(&path))?;
    }
    Ok(files.into_iter().map(|(p, _)| p).collect())
}
