//! The command line: `run`, `extract`, `eval`, `loads`, `exceptions`, `config check`,
//! `rules check`, `rules test`.
//!
//! Entry point: [`main`], called by the binary. Errors reach the user as one plain message
//! (anyhow) and exit code 1; `rules check` exits 1 when the rules (or their tests) have
//! problems, `rules test` when a test fails; `config check` and `run` exit 2 when the config has
//! problems, each printed as `file:line:column: message`.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use anyhow::Context as _;
use clap::{Parser, Subcommand};
use serde_json::{json, Value};

use crate::config::Config;
use crate::extract;
use crate::model::ExtractedDocument;
use crate::rules::ruletest::{self, Classification};
use crate::rules::{RuleSet, RulesError};
use crate::store::Store;

/// freightdesk: reads carrier email, files documents against loads, checks them, and emails
/// status updates and exceptions.
#[derive(Debug, Parser)]
#[command(name = "freightdesk", version, about)]
pub struct Cli {
    /// Log lines on stderr as plain text or as one JSON object per line (for a log collector).
    /// Which lines: the RUST_LOG environment variable (default `warn,freightdesk=info`).
    #[arg(long, global = true, value_enum, default_value_t = LogFormat::Text)]
    pub log_format: LogFormat,
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// How log lines are written (`--log-format`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum LogFormat {
    /// Human-readable lines; coloured only when stderr is a terminal (and NO_COLOR is unset).
    Text,
    /// One JSON object per line: timestamp, level, target, fields (message among them).
    Json,
}

/// Start logging to stderr in `format`, filtered by `RUST_LOG` (default
/// `warn,freightdesk=info`).
pub fn init_logging(format: LogFormat) {
    use std::io::IsTerminal as _;
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("warn,freightdesk=info"));
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr);
    match format {
        LogFormat::Text => {
            let colour = std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none();
            builder.with_ansi(colour).init();
        }
        LogFormat::Json => builder.json().with_ansi(false).init(),
    }
}

/// The commands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Process the intake: every new message, then deliver the outbox.
    Run {
        /// Process what is there and exit (default: keep running until SIGINT/SIGTERM).
        #[arg(long)]
        once: bool,
        /// The config file.
        #[arg(long, default_value = "freightdesk.toml")]
        config: PathBuf,
    },
    /// Show the documents in a PDF or a scanned image (PNG, JPEG, TIFF; read by OCR): kind,
    /// which template matched and why, each field with its normalized value, page and the text
    /// it came from, and for scans the OCR confidence. Needs no database; the rules come from
    /// --rules, else from the config's [paths] rules (--config), else from ./rules.
    Extract {
        /// The PDF or image.
        file: PathBuf,
        /// Print one JSON object.
        #[arg(long)]
        json: bool,
        /// Print the text of each page as the rules see it (what regexes are written against).
        #[arg(long, conflicts_with = "json")]
        text: bool,
        /// The rules folder (default: the config's, with --config; else `rules`).
        #[arg(long)]
        rules: Option<PathBuf>,
        /// A config file whose [paths] rules to use.
        #[arg(long, conflicts_with = "rules")]
        config: Option<PathBuf>,
    },
    /// Measure extraction on a folder of documents with `NAME.expected.json` files: precision,
    /// recall and F1 per kind and per field, what was wrong, time per page; the last line is
    /// `overall field F1: 0.xxx`.
    Eval {
        /// The folder (`samples/eval/templated`).
        dir: PathBuf,
        /// Print one JSON object.
        #[arg(long)]
        json: bool,
        /// The rules folder.
        #[arg(long, default_value = "rules")]
        rules: PathBuf,
    },
    /// List loads in the database; `loads show L` shows one.
    Loads {
        /// The config file.
        #[arg(long, default_value = "freightdesk.toml", global = true)]
        config: PathBuf,
        /// Show one load instead.
        #[command(subcommand)]
        command: Option<LoadsCommand>,
    },
    /// List exceptions in the database, oldest first (filters combine); `exceptions resolve ID
    /// --note "…"` resolves one. Like the workspace's queue (`/exceptions`).
    Exceptions {
        /// The config file.
        #[arg(long, default_value = "freightdesk.toml", global = true)]
        config: PathBuf,
        /// Only open exceptions.
        #[arg(long, conflicts_with = "resolved")]
        open: bool,
        /// Only resolved exceptions.
        #[arg(long)]
        resolved: bool,
        /// Only this rule (its id in rules/checks.toml: `invoice_over_agreed`).
        #[arg(long)]
        rule: Option<String>,
        /// Only this severity (low, medium, high).
        #[arg(long)]
        severity: Option<String>,
        /// Only this load's (its load number).
        #[arg(long)]
        load: Option<String>,
        /// Only those of this carrier's loads: MC number or part of its name.
        #[arg(long)]
        carrier: Option<String>,
        /// Only those of this customer's loads: its id or part of its name.
        #[arg(long)]
        customer: Option<String>,
        /// Only those raised at least this many days ago.
        #[arg(long, value_name = "DAYS")]
        older_than: Option<i64>,
        /// Only those assigned to this person.
        #[arg(long)]
        assignee: Option<String>,
        /// Print one JSON array.
        #[arg(long)]
        json: bool,
        /// Resolve one instead.
        #[command(subcommand)]
        command: Option<ExceptionsCommand>,
    },
    /// Make a new site in DIR: a commented config (a folder intake, SQLite and a file outbox
    /// under DIR/var), the rules folder as this version ships it (no layout templates), an empty
    /// directory (customers.csv, carriers.csv) and the inbox folder. Never overwrites.
    Init {
        /// The folder (created if missing).
        dir: PathBuf,
    },
    /// Say whether freightdesk is healthy, in words: what its database holds (messages,
    /// documents, loads, exceptions, the outbox) and whether it can do its work (what the
    /// workspace's /readyz says). Exit 0 when ready, 1 when not, 2 when there is no database.
    Status {
        /// The config file.
        #[arg(long, default_value = "freightdesk.toml")]
        config: PathBuf,
    },
    /// Accounts payable: hand the carrier invoices ready to pay (three-way match passed, or
    /// approved in the workspace) to accounting.
    Ap {
        /// The config file.
        #[arg(long, default_value = "freightdesk.toml", global = true)]
        config: PathBuf,
        /// What to do.
        #[command(subcommand)]
        command: ApCommand,
    },
    /// Accounts receivable: bill customers for their delivered loads (rules/billing.toml,
    /// directory/lanes.csv, `[billing]` in the config).
    Ar {
        /// The config file.
        #[arg(long, default_value = "freightdesk.toml", global = true)]
        config: PathBuf,
        /// What to do.
        #[command(subcommand)]
        command: ArCommand,
    },
    /// Notices of Assignment (a carrier paid through a factoring company) and each carrier's
    /// remit-to history.
    Noa {
        /// The config file.
        #[arg(long, default_value = "freightdesk.toml", global = true)]
        config: PathBuf,
        /// What to do.
        #[command(subcommand)]
        command: NoaCommand,
    },
    /// Reports for the back office.
    Report {
        /// The config file.
        #[arg(long, default_value = "freightdesk.toml", global = true)]
        config: PathBuf,
        /// Which report.
        #[command(subcommand)]
        command: ReportCommand,
    },
    /// Serve the back-office workspace (exception queue, exceptions, loads, documents with their
    /// page images, unlinked documents, search, invoices ready to pay, users) over the database
    /// of `run`, in a browser. Log in as a user added with `freightdesk users add`.
    Serve {
        /// The config file.
        #[arg(long, default_value = "freightdesk.toml")]
        config: PathBuf,
        /// Address to listen on (default: the config's `[web] listen`, else 127.0.0.1:8080).
        #[arg(long)]
        listen: Option<String>,
    },
    /// Manage the workspace's users.
    Users {
        /// The config file.
        #[arg(long, default_value = "freightdesk.toml", global = true)]
        config: PathBuf,
        /// What to do.
        #[command(subcommand)]
        command: UsersCommand,
    },
    /// Internal: read files' pages under a memory limit (requests and files on stdin, JSON
    /// answers on stdout); run by the daemon as its extraction worker (see `extract::worker`).
    #[command(hide = true)]
    Worker {
        /// Address-space limit, MiB.
        #[arg(long)]
        max_memory_mib: u64,
    },
    /// Work with the config file.
    Config {
        /// What to do with it.
        #[command(subcommand)]
        command: ConfigCommand,
    },
    /// Work with rule files.
    Rules {
        /// What to do with them.
        #[command(subcommand)]
        command: RulesCommand,
    },
    /// Teach freightdesk a layout from one of its documents.
    Template {
        /// What to do.
        #[command(subcommand)]
        command: TemplateCommand,
    },
}

/// `loads` subcommands.
#[derive(Debug, Subcommand)]
pub enum LoadsCommand {
    /// Everything about one load: status, customer and carrier, stops, every message in and
    /// email out in time order, its documents with their fields and charges, its exceptions and
    /// the audit of what people did (what its workspace page `/loads/L` shows).
    Show {
        /// The load number.
        load_number: String,
    },
    /// Import customers' rates from a TMS export (CSV: load_number, customer_id,
    /// customer_rate_usd, and optionally fuel_surcharge_usd, currency, po_number). Billing uses
    /// them for loads no lane of lanes.csv prices. Rows that cannot price a load right are listed
    /// with their line and refused; the others are imported (exit 1 when any was refused).
    Import {
        /// The CSV file.
        file: PathBuf,
    },
}

/// `ap` subcommands.
#[derive(Debug, Subcommand)]
pub enum ApCommand {
    /// Put every invoice ready to pay that is in no payment batch yet into a new batch and write
    /// it (to --out, else stdout). An invoice is in one batch at most: running it again exports
    /// only what became payable since. The batch is recorded before it is written; `--batch N`
    /// writes batch N again (a lost file).
    Export {
        /// `csv` (freightdesk's columns, those of the workspace's /payables.csv) or `quickbooks`
        /// (QuickBooks Online's bill import: Bill No, Supplier, Bill Date, Due Date, …).
        #[arg(long, value_enum, default_value = "csv")]
        format: ApFormat,
        /// Write to this file instead of stdout.
        #[arg(long)]
        out: Option<PathBuf>,
        /// Write this earlier batch again instead of making a new one.
        #[arg(long)]
        batch: Option<i64>,
        /// The expense account of each bill line, as named in QuickBooks (`quickbooks` only).
        #[arg(long, default_value = "Freight costs")]
        account: String,
    },
}

/// `ar` subcommands.
#[derive(Debug, Subcommand)]
pub enum ArCommand {
    /// Bill every delivered load that is ready and not billed yet (after staff resolved what
    /// held it, or priced its lane in lanes.csv), then send the outbox: each customer gets its
    /// invoice email. `run` does the same as paperwork arrives and once a minute.
    Bill,
    /// List the customer invoices made, newest first.
    Invoices {
        /// Print one JSON array.
        #[arg(long)]
        json: bool,
    },
    /// Record that the customer paid an invoice (it leaves the aging).
    Paid {
        /// The invoice number (`NS-000001`).
        invoice: String,
        /// The day it was paid, YYYY-MM-DD (default: today).
        #[arg(long)]
        on: Option<chrono::NaiveDate>,
    },
    /// Credit an invoice after a correction (a wrong rate, a wrong customer): a credit memo
    /// cancels it (and, for a load's invoice, its supplemental invoices), the load is billed
    /// again as it stands now, and the customer gets both by email. Never an edit.
    Credit {
        /// The invoice number (`NS-000001`).
        invoice: String,
        /// What was wrong, printed on the credit memo and kept in the audit log.
        #[arg(long)]
        note: String,
    },
    /// Open customer invoices by customer and how late they are: current, 1-30, 31-60, 61-90
    /// and over 90 days past due.
    Aging {
        /// Age them as of this day, YYYY-MM-DD (default: today).
        #[arg(long)]
        as_of: Option<chrono::NaiveDate>,
        /// Print one JSON array.
        #[arg(long)]
        json: bool,
    },
}

/// `noa` subcommands.
#[derive(Debug, Subcommand)]
pub enum NoaCommand {
    /// Every remit-to change read from a Notice of Assignment, oldest first: the carrier, who is
    /// paid now, from when, and who confirmed it (or that it waits).
    List {
        /// Only this carrier's (directory id, `CAR-001`).
        #[arg(long)]
        carrier: Option<String>,
        /// Print one JSON array.
        #[arg(long)]
        json: bool,
    },
    /// Confirm a notice after calling the carrier at the number on file (not one on the notice):
    /// its remit-to is in force from now on, and the carrier invoices held for it are released.
    Confirm {
        /// The change's id (the `#` of `noa list`).
        id: i64,
        /// How it was confirmed (required): who you spoke to, at which number.
        #[arg(long)]
        note: String,
        /// Who confirms it, for the audit (default: `cli:` and the login name, else `cli`).
        #[arg(long)]
        by: Option<String>,
    },
}

/// `report` subcommands.
#[derive(Debug, Subcommand)]
pub enum ReportCommand {
    /// How billing goes: invoices made and emailed, the time from the email that completed a
    /// load's paperwork to its invoice email (median, p90), the delivered loads not billed and
    /// why, and the touchless rate: loads billed and carrier invoices made payable with no
    /// person touching them, and for the rest whether extraction or a rule stopped them.
    Billing {
        /// Print one JSON object.
        #[arg(long)]
        json: bool,
    },
}

/// The file `ap export` writes.
#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum ApFormat {
    /// freightdesk's columns, with the batch number.
    Csv,
    /// QuickBooks Online's bill import.
    Quickbooks,
}

/// `exceptions` subcommands.
#[derive(Debug, Subcommand)]
pub enum ExceptionsCommand {
    /// Resolve an open exception with a note, audited like one resolved in the workspace.
    Resolve {
        /// The exception's id (the `#` of `freightdesk exceptions`).
        id: i64,
        /// Why it is resolved (required).
        #[arg(long)]
        note: String,
        /// Who resolves it, for the audit (default: `cli:` and the login name, else `cli`).
        #[arg(long)]
        by: Option<String>,
    },
}

/// `template` subcommands.
#[derive(Debug, Subcommand)]
pub enum TemplateCommand {
    /// Write a template under RULES/documents/ that reads the values you give from FILE (found
    /// where they are printed, anchored on the label or heading beside or above them), with a
    /// `[[test]]` on a copy of FILE (RULES/documents/samples/). The rule files are checked and
    /// every rule test is run with it; on any failure nothing is written. Fields you do not
    /// give are still read by the generic labels.
    Suggest {
        /// The document (PDF, or a scan).
        file: PathBuf,
        /// A value the document carries, as `field=value` (`load_number=KB-20931`,
        /// `total_usd=3035.00`, `pickup_date=2026-07-15`); repeat for each field.
        #[arg(long = "set", value_name = "FIELD=VALUE", required = true)]
        set: Vec<String>,
        /// The document's kind (rate_confirmation, bill_of_lading, proof_of_delivery,
        /// carrier_invoice, lumper_receipt); default: as freightdesk classifies it.
        #[arg(long)]
        kind: Option<String>,
        /// Who issues the layout (default: the letterhead, the first line of the first page).
        #[arg(long)]
        issuer: Option<String>,
        /// The template id and file name (default: from the issuer and kind).
        #[arg(long)]
        id: Option<String>,
        /// The rules folder.
        #[arg(long, default_value = "rules")]
        rules: PathBuf,
        /// Print the template; write nothing.
        #[arg(long)]
        dry_run: bool,
        /// Replace a template file of the same id.
        #[arg(long)]
        force: bool,
    },
}

/// A user's role.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Role {
    /// Works the exception queue.
    Clerk,
    /// Also manages users.
    Admin,
}

/// `users` subcommands.
#[derive(Debug, Subcommand)]
pub enum UsersCommand {
    /// Add a user; the password is read from the first line of standard input.
    Add {
        /// Login name.
        name: String,
        /// clerk or admin.
        #[arg(long, value_enum)]
        role: Role,
        /// Read the password from standard input (required: never on the command line).
        #[arg(long, required = true)]
        password_stdin: bool,
    },
    /// List the users.
    List,
    /// Disable a user: they can no longer log in, and their sessions end.
    Disable {
        /// Login name.
        name: String,
    },
}

/// `config` subcommands.
#[derive(Debug, Subcommand)]
pub enum ConfigCommand {
    /// Check the config as `run` does before starting: its settings, the folders and files it
    /// names, the password variables; `config: ok` (exit 0), or every problem as
    /// file:line:column (exit 2).
    Check {
        /// The config file.
        #[arg(long, default_value = "freightdesk.toml")]
        config: PathBuf,
    },
}

/// `rules` subcommands.
#[derive(Debug, Subcommand)]
pub enum RulesCommand {
    /// Load and check every rule file and the `[[test]]` tables in them; report each problem as
    /// file:line:column.
    Check {
        /// The rules folder.
        #[arg(default_value = "rules")]
        dir: PathBuf,
    },
    /// Run the `[[test]]` tables of every rule file: `ok` or `FAILED` per test, with what was
    /// expected and what came out for each failure; exit 1 on any failure.
    Test {
        /// The rules folder.
        #[arg(default_value = "rules")]
        dir: PathBuf,
    },
    /// Measure on evaluation folders how often a generic reading of each confidence band is
    /// right, and write `confidence.json` into the rules folder: extraction then reports that
    /// share as the field's confidence (docs/eval.md, "Confidence").
    Calibrate {
        /// The rules folder to read with and write the calibration into.
        #[arg(long, default_value = "rules")]
        rules: PathBuf,
        /// Evaluation folders to measure on.
        #[arg(required = true)]
        dirs: Vec<PathBuf>,
    },
    /// Train the kind classifier on evaluation folders (documents with NAME.expected.json,
    /// docs/eval.md): the first page of each with its kind. Writes `kind_model.json` into the
    /// rules folder, where `rules check` and the daemon load it.
    TrainKinds {
        /// The rules folder to write the model into.
        #[arg(long, default_value = "rules")]
        rules: PathBuf,
        /// Evaluation folders to learn from.
        #[arg(required = true)]
        dirs: Vec<PathBuf>,
    },
}

/// A command that only prints (`extract --text FILE | head`) ends quietly when its reader
/// closes the pipe, as command-line tools do, instead of panicking in `println!`. Only for
/// commands that print and open no socket: a daemon writing to a socket must see EPIPE as an
/// error, not die of SIGPIPE.
fn printing_to_a_pipe() {
    // SAFETY: setting a signal's disposition to the default has no preconditions; it is done
    // before any thread of ours writes to stdout.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
}

/// Run the command line; returns the process exit code.
pub async fn main() -> anyhow::Result<i32> {
    let cli = Cli::parse();
    init_logging(cli.log_format);
    if matches!(
        cli.command,
        Command::Extract { .. }
            | Command::Eval { .. }
            | Command::Loads { .. }
            | Command::Exceptions { .. }
    ) {
        printing_to_a_pipe();
    }
    match cli.command {
        Command::Run { once, config } => {
            let config = match Config::load_checked(&config) {
                Ok(c) => c,
                Err(e) => {
                    report_config_problems(&e);
                    eprintln!(
                        "not starting: fix the config (freightdesk config check --config {})",
                        config.display()
                    );
                    return Ok(2);
                }
            };
            let summary = crate::daemon::run(&config, once).await?;
            print!("{}", summary.render());
            Ok(0)
        }
        Command::Config {
            command: ConfigCommand::Check { config },
        } => match Config::load_checked(&config) {
            Ok(_) => {
                println!("config: ok");
                Ok(0)
            }
            Err(e) => {
                report_config_problems(&e);
                Ok(2)
            }
        },
        Command::Extract {
            file,
            json,
            text,
            rules,
            config,
        } => {
            let bytes =
                std::fs::read(&file).with_context(|| format!("reading {}", file.display()))?;
            // Pages once (text layer, OCR for scans and images): the documents and why each was
            // classified as it was come from the same pages.
            let pages = extract::read_pages(&bytes, &Default::default())
                .with_context(|| format!("{}", file.display()))?;
            if text {
                for p in pages {
                    println!("===== page {} =====\n{}", p.page, p.text);
                }
                return Ok(0);
            }
            let rules = extract_rules(rules, config.as_deref())?;
            let docs = extract::documents_in(&pages, &rules)
                .with_context(|| format!("{}", file.display()))?;
            let why: Vec<Classification> = docs
                .iter()
                .map(|d| ruletest::explain_document(d, &pages, &rules))
                .collect();
            if json {
                let mut v = extract_json(&docs);
                if let Some(list) = v["documents"].as_array_mut() {
                    for ((d, c), doc) in list.iter_mut().zip(&why).zip(&docs) {
                        d["classification_confidence"] = json!(c.confidence);
                        d["classification"] = serde_json::to_value(c)?;
                        if let Some(conf) = ocr_confidence(doc, &pages) {
                            d["ocr_confidence"] = json!(conf);
                        }
                    }
                }
                println!("{}", serde_json::to_string_pretty(&v)?);
            } else {
                print!("{}", extract_text(&file, &docs, &why));
            }
            Ok(0)
        }
        Command::Eval { dir, json, rules } => {
            let rules = RuleSet::load(&rules)?;
            let report = crate::eval::evaluate(&dir, &rules)?;
            if json {
                println!("{}", serde_json::to_string_pretty(&report.to_json())?);
            } else {
                print!("{}", report.render());
            }
            Ok(0)
        }
        Command::Serve { config, listen } => {
            let config = match Config::load_checked(&config) {
                Ok(c) => c,
                Err(e) => {
                    report_config_problems(&e);
                    return Ok(2);
                }
            };
            crate::web::serve(&config, listen).await?;
            Ok(0)
        }
        Command::Users { config, command } => users(&config, command).await,
        Command::Worker { max_memory_mib } => Ok(extract::worker::serve(max_memory_mib)),
        Command::Loads {
            config,
            command: None,
        } => list_loads(&config).await,
        Command::Loads {
            config,
            command: Some(LoadsCommand::Show { load_number }),
        } => show_load(&config, &load_number).await,
        Command::Loads {
            config,
            command: Some(LoadsCommand::Import { file }),
        } => import_loads(&config, &file).await,
        Command::Exceptions {
            config,
            command: Some(ExceptionsCommand::Resolve { id, note, by }),
            ..
        } => resolve_exception(&config, id, &note, by).await,
        Command::Status { config } => status(&config).await,
        Command::Init { dir } => match crate::init::init(&dir) {
            Ok(files) => {
                println!("wrote {} files under {}", files.len(), dir.display());
                println!("next:");
                println!(
                    "  edit {}/freightdesk.toml: your company, the address it sends from, staff emails",
                    dir.display()
                );
                println!(
                    "  fill {}/directory/customers.csv and carriers.csv",
                    dir.display()
                );
                println!(
                    "  freightdesk config check --config {}/freightdesk.toml",
                    dir.display()
                );
                println!(
                    "  freightdesk run --once --config {}/freightdesk.toml   (mail dropped in {}/inbox)",
                    dir.display(),
                    dir.display()
                );
                Ok(0)
            }
            Err(e) => {
                eprintln!("error: {e}");
                Ok(1)
            }
        },
        Command::Ap {
            config,
            command:
                ApCommand::Export {
                    format,
                    out,
                    batch,
                    account,
                },
        } => ap_export(&config, format, out.as_deref(), batch, &account).await,
        Command::Ar {
            config,
            command: ArCommand::Bill,
        } => ar_bill(&config).await,
        Command::Ar {
            config,
            command: ArCommand::Invoices { json },
        } => ar_invoices(&config, json).await,
        Command::Ar {
            config,
            command: ArCommand::Paid { invoice, on },
        } => ar_paid(&config, &invoice, on).await,
        Command::Ar {
            config,
            command: ArCommand::Credit { invoice, note },
        } => ar_credit(&config, &invoice, &note).await,
        Command::Ar {
            config,
            command: ArCommand::Aging { as_of, json },
        } => ar_aging(&config, as_of, json).await,
        Command::Report {
            config,
            command: ReportCommand::Billing { json },
        } => report_billing(&config, json).await,
        Command::Noa {
            config,
            command: NoaCommand::List { carrier, json },
        } => noa_list(&config, carrier.as_deref(), json).await,
        Command::Noa {
            config,
            command: NoaCommand::Confirm { id, note, by },
        } => noa_confirm(&config, id, &note, by).await,
        Command::Exceptions {
            config,
            open,
            resolved,
            rule,
            severity,
            load,
            carrier,
            customer,
            older_than,
            assignee,
            json,
            command: None,
        } => {
            let filter = crate::store::workspace::ExceptionFilter {
                status: if open {
                    Some("open".into())
                } else if resolved {
                    Some("resolved".into())
                } else {
                    None
                },
                rule,
                severity,
                load_number: load,
                assignee,
                carrier,
                customer,
                older_than_days: older_than,
            };
            list_exceptions(&config, &filter, json).await
        }
        Command::Rules {
            command: RulesCommand::Check { dir },
        } => rules_check(&dir),
        Command::Rules {
            command: RulesCommand::Test { dir },
        } => rules_test(&dir).await,
        Command::Template {
            command:
                TemplateCommand::Suggest {
                    file,
                    set,
                    kind,
                    issuer,
                    id,
                    rules,
                    dry_run,
                    force,
                },
        } => {
            let request = crate::rules::suggest::Request {
                kind: kind
                    .map(|k| k.parse().map_err(|e| anyhow::anyhow!("--kind {k}: {e}")))
                    .transpose()?,
                id,
                issuer,
                values: Vec::new(),
            }
            .with_assignments(&set)?;
            template_suggest(&file, &rules, &request, dry_run, force).await
        }
        Command::Rules {
            command: RulesCommand::Calibrate { rules, dirs },
        } => {
            let mut set = RuleSet::load(&rules)?;
            // Measured on raw scores.
            set.calibration = None;
            let mut measured: Vec<(f64, usize, usize)> = crate::eval::CONFIDENCE_BANDS
                .iter()
                .map(|&from| (from, 0, 0))
                .collect();
            for dir in &dirs {
                let report = crate::eval::evaluate(dir, &set)?;
                for b in &report.calibration {
                    if let Some(m) = measured.iter_mut().find(|m| m.0 == b.from) {
                        m.1 += b.fields;
                        m.2 += b.right;
                    }
                }
            }
            let cal = crate::rules::calibration::Calibration::fit(
                dirs.iter().map(|d| d.display().to_string()).collect(),
                &measured,
            );
            let path = rules.join(crate::rules::calibration::CALIBRATION_FILE);
            std::fs::write(&path, cal.to_json())
                .with_context(|| format!("writing {}", path.display()))?;
            println!("raw score  fields  right  confidence");
            for b in &cal.bands {
                println!(
                    "{:<9.2} {:>7} {:>6} {:>11.3}",
                    b.from, b.fields, b.right, b.confidence
                );
            }
            println!("wrote {}", path.display());
            Ok(0)
        }
        Command::Rules {
            command: RulesCommand::TrainKinds { rules, dirs },
        } => {
            let pages = crate::eval::first_pages(&dirs)?;
            let model = crate::rules::kind_model::KindModel::train(
                pages.iter().map(|(t, k)| (t.as_str(), *k)),
            );
            let path = rules.join(crate::rules::KIND_MODEL_FILE);
            std::fs::write(&path, model.to_json())
                .with_context(|| format!("writing {}", path.display()))?;
            for (kind, k) in &model.kinds {
                println!(
                    "{kind:<20} {:>4} page(s), {:>6} feature(s)",
                    k.pages,
                    k.counts.len()
                );
            }
            println!("wrote {} ({} pages)", path.display(), pages.len());
            Ok(0)
        }
    }
}

/// `users add | list | disable`.
async fn users(config: &Path, command: UsersCommand) -> anyhow::Result<i32> {
    match command {
        UsersCommand::Add { name, role, .. } => {
            let name = name.trim().to_string();
            if name.is_empty() || name.chars().any(|c| c.is_whitespace() || c.is_control()) {
                anyhow::bail!("a user name is one word, like dana");
            }
            let mut password = String::new();
            std::io::stdin()
                .read_line(&mut password)
                .context("reading the password from standard input")?;
            let password = password.trim_end_matches(['\r', '\n']);
            if password.chars().count() < 8 {
                anyhow::bail!("the password is too short: at least 8 characters");
            }
            let hash = crate::web::hash_password(password)?;
            let role = match role {
                Role::Clerk => "clerk",
                Role::Admin => "admin",
            };
            let config = Config::load(config)?;
            let store = Store::open(&config.database_url).await?;
            match store.add_user(&name, role, &hash, "cli").await? {
                Some(_) => {
                    println!("added {name} ({role})");
                    Ok(0)
                }
                None => anyhow::bail!("there is already a user named {name}"),
            }
        }
        UsersCommand::List => {
            let store = open_store(config).await?;
            let users = store.list_users().await?;
            println!("{:<20} {:<6} {:<9} added", "name", "role", "status");
            for u in &users {
                println!(
                    "{:<20} {:<6} {:<9} {}",
                    u.name,
                    u.role,
                    if u.disabled { "disabled" } else { "active" },
                    u.created_at
                );
            }
            println!("{} user(s)", users.len());
            Ok(0)
        }
        UsersCommand::Disable { name } => {
            let store = open_store(config).await?;
            if store.disable_user(&name, "cli").await? {
                println!("disabled {name}");
                Ok(0)
            } else {
                anyhow::bail!("there is no user named {name}")
            }
        }
    }
}

/// Print a config's problems on stderr, one per line, then how many.
fn report_config_problems(e: &crate::config::ConfigError) {
    let lines = e.lines();
    for l in &lines {
        eprintln!("{l}");
    }
    if matches!(e, crate::config::ConfigError::Invalid { .. }) {
        eprintln!("{} problem(s)", lines.len());
    }
}

/// The rules `extract` uses: `--rules`, else the config's, else `./rules`; when they cannot be
/// read, the error says how to point at them.
fn extract_rules(rules: Option<PathBuf>, config: Option<&Path>) -> anyhow::Result<RuleSet> {
    let (dir, given) = match (rules, config) {
        (Some(dir), _) => (dir, true),
        (None, Some(config)) => (Config::load(config)?.rules_dir, true),
        (None, None) => (PathBuf::from("rules"), false),
    };
    match RuleSet::load(&dir) {
        Err(e @ RulesError::Io { .. }) if !given => Err(anyhow::anyhow!(
            "{e}; run this in the project folder, or use --rules DIR or --config F to say where the rules are"
        )),
        other => Ok(other?),
    }
}

/// `rules check`: the rule set's problems, then its tests' (a test naming an unknown field, a
/// sample that is not there), all at once; exit 1 on any.
fn rules_check(dir: &Path) -> anyhow::Result<i32> {
    let (set, mut problems) = match RuleSet::load(dir) {
        Ok(set) => (Some(set), Vec::new()),
        Err(RulesError::Invalid(problems)) => (None, problems),
        Err(e) => return Err(e.into()),
    };
    let found = ruletest::collect(dir, set.as_ref())?;
    for p in found.problems {
        // A TOML syntax error is the rule set's problem and the tests' too: say it once.
        if !problems.contains(&p) {
            problems.push(p);
        }
    }
    // A test whose sample is not there (the folder was copied without the samples) is right but
    // cannot run here: a warning, for `rules test` to fail.
    for w in &found.warnings {
        eprintln!("{}/{w}", dir.display());
    }
    match set {
        Some(set) if problems.is_empty() => {
            println!(
                "{}: ok (version {}, {} templates, {} checks, {} routes, {} email templates, {} tests{})",
                dir.display(),
                set.version,
                set.templates.len(),
                set.checks.len(),
                set.routes.len(),
                set.emails.len(),
                found.tests.len(),
                match found.warnings.len() {
                    0 => String::new(),
                    n => format!(", {n} warning(s)"),
                }
            );
            Ok(0)
        }
        _ => {
            for p in &problems {
                eprintln!("{}/{p}", dir.display());
            }
            eprintln!("{} problem(s)", problems.len());
            Ok(1)
        }
    }
}

/// `rules test`: load the rules, check the tests, run each; `ok` / `FAILED` per test with the
/// differences; exit 1 when the rules or a test have problems or a test fails.
/// `template suggest`: suggest, write the template and a copy of the sample, check the rules
/// and run every rule test; roll back on any problem or on a test that passed before and fails
/// now (the new template taking another layout's documents).
async fn template_suggest(
    file: &Path,
    dir: &Path,
    request: &crate::rules::suggest::Request,
    dry_run: bool,
    force: bool,
) -> anyhow::Result<i32> {
    let bytes = std::fs::read(file).with_context(|| format!("reading {}", file.display()))?;
    let pages = extract::read_pages(&bytes, &Default::default())
        .with_context(|| format!("{}", file.display()))?;
    let set = match crate::rules::learn::load_rules(dir) {
        Ok(set) => set,
        Err(e) => return Err(learn_failed(dir, e)),
    };
    let suggestion = crate::rules::suggest::suggest(&pages, &set, request)?;
    let ext = file
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or("pdf")
        .to_ascii_lowercase();
    let sample_rel = format!("samples/{}.{ext}", suggestion.id);
    let text = suggestion.to_toml(
        &file
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default(),
        &sample_rel,
    );
    for f in &suggestion.fields {
        println!(
            "{:<20} {:<24} page {} `{}`: {}",
            f.name, f.value, f.page, f.printed, f.anchor
        );
    }
    println!("match: {}", suggestion.match_phrases.join(" | "));
    if dry_run {
        println!("\n{text}");
        return Ok(0);
    }
    match crate::rules::learn::learn(dir, &set, &suggestion.id, &text, &sample_rel, &bytes, force)
        .await
    {
        Ok(learned) => {
            println!(
                "wrote {} and {}",
                learned.template.display(),
                learned.sample.display()
            );
            println!(
                "rules check: ok; rules test: {} ok (rules version {})",
                learned.tests, learned.version
            );
            Ok(0)
        }
        Err(e) => Err(learn_failed(dir, e)),
    }
}

/// Print what a [`crate::rules::learn::LearnError`] lists (problems, failing tests) and turn it
/// into the error the command ends with; `Exists` says to use `--id` or `--force`.
fn learn_failed(dir: &Path, e: crate::rules::learn::LearnError) -> anyhow::Error {
    use crate::rules::learn::LearnError;
    match &e {
        LearnError::RulesInvalid(problems) | LearnError::Invalid(problems) => {
            for p in problems {
                eprintln!("{}/{p}", dir.display());
            }
        }
        LearnError::TestsFail { problems, failed } => {
            for p in problems {
                eprintln!("{}/{p}", dir.display());
            }
            for (label, diffs) in failed {
                eprintln!("FAILED  {label}");
                for d in diffs {
                    for line in d.lines() {
                        eprintln!("        {line}");
                    }
                }
            }
            return anyhow::anyhow!("{e}. Try --id/--issuer, or write it by hand");
        }
        LearnError::Exists { id, path } => {
            return anyhow::anyhow!(
                "a template `{id}` exists already ({}): give another --id, or --force to replace it",
                path.display()
            );
        }
        _ => {}
    }
    e.into()
}

async fn rules_test(dir: &Path) -> anyhow::Result<i32> {
    let set = match RuleSet::load(dir) {
        Ok(set) => Arc::new(set),
        Err(RulesError::Invalid(problems)) => {
            for p in &problems {
                eprintln!("{}/{p}", dir.display());
            }
            eprintln!(
                "{} problem(s); fix them (freightdesk rules check) before testing",
                problems.len()
            );
            return Ok(1);
        }
        Err(e) => return Err(e.into()),
    };
    let found = ruletest::collect(dir, Some(&set))?;
    for w in &found.warnings {
        eprintln!("{}/{w}", dir.display());
    }
    let (tests, problems) = (found.tests, found.problems);
    if !problems.is_empty() {
        for p in &problems {
            eprintln!("{}/{p}", dir.display());
        }
        eprintln!(
            "{} problem(s) in the tests; no test was run",
            problems.len()
        );
        return Ok(1);
    }
    let mut failed = 0;
    for t in &tests {
        let result = ruletest::run(t, &set).await;
        if result.passed() {
            println!("ok      {}", t.label(dir));
        } else {
            failed += 1;
            println!("FAILED  {}", t.label(dir));
            for d in &result.differences {
                for line in d.lines() {
                    println!("        {line}");
                }
            }
        }
    }
    let cov = ruletest::coverage(&set, &tests);
    if !cov.templates.is_empty() {
        println!(
            "note: no test expects template(s) {}",
            cov.templates.join(", ")
        );
    }
    if !cov.checks.is_empty() {
        println!("note: no test expects check(s) {}", cov.checks.join(", "));
    }
    println!(
        "{} test(s): {} ok, {failed} failed (rules version {})",
        tests.len(),
        tests.len() - failed,
        set.version
    );
    Ok(if failed > 0 { 1 } else { 0 })
}

/// `loads`: one line per load.
async fn list_loads(config: &Path) -> anyhow::Result<i32> {
    let store = open_store(config).await?;
    let loads = store.list_loads().await?;
    let carrier = |l: &crate::store::LoadListing| match (&l.carrier, &l.load.carrier_mc) {
        (Some(name), Some(mc)) => format!("{name} (MC {mc})"),
        (None, Some(mc)) => format!("MC {mc}"),
        _ => "-".into(),
    };
    let width = loads
        .iter()
        .map(|l| carrier(l).chars().count())
        .max()
        .unwrap_or(0)
        .max(7);
    println!(
        "{:<14} {:<10} {:<width$} {:<28} {:>9} {:>8}",
        "load", "status", "carrier", "customer", "documents", "messages"
    );
    for l in &loads {
        println!(
            "{:<14} {:<10} {:<width$} {:<28} {:>9} {:>8}",
            l.load.load_number,
            l.load.status,
            carrier(l),
            l.customer.as_deref().unwrap_or("-"),
            l.documents,
            l.messages,
        );
    }
    println!("{} load(s)", loads.len());
    Ok(0)
}

/// `exceptions`: those `filter` lets through, oldest first, each with its id, date, severity,
/// rule, load, status (and who resolved it, how) and sentence.
/// `status`: the database's figures and whether freightdesk is ready, in words.
async fn status(config: &Path) -> anyhow::Result<i32> {
    let loaded = Config::load(config)?;
    let store = match Store::open_existing(&loaded.database_url).await {
        Ok(s) => s,
        Err(e) => {
            eprintln!("database: {e}");
            return Ok(2);
        }
    };
    let r = match store.readiness().await {
        Ok(r) => r,
        Err(e) => {
            println!("database: does not answer: {e}");
            println!("ready: no");
            return Ok(1);
        }
    };
    println!("database: ok ({})", loaded.database_url);
    for (name, what) in [
        ("messages", "by outcome"),
        ("documents", "by kind"),
        ("loads", "by status"),
        ("exceptions", "by rule"),
        ("outbox", "by status"),
    ] {
        let prefix = format!("{name}.");
        let parts: Vec<(String, i64)> = r
            .counts
            .iter()
            .filter_map(|(k, n)| Some((k.strip_prefix(&prefix)?.to_string(), *n)))
            .collect();
        let total: i64 = parts.iter().map(|(_, n)| n).sum();
        let list: Vec<String> = parts.iter().map(|(k, n)| format!("{k} {n}")).collect();
        if list.is_empty() {
            println!("{name}: 0");
        } else {
            println!("{name}: {total} ({what}: {})", list.join(", "));
        }
    }
    match r.oldest_pending_secs {
        Some(s) => println!("oldest email waiting: {} min", s / 60),
        None => println!("oldest email waiting: none"),
    }
    for m in &r.mailboxes {
        let last = match m.reached_secs_ago {
            Some(s) => format!("last reached {s} s ago"),
            None => "never reached".into(),
        };
        match (&m.error, m.reached) {
            (Some(e), false) => {
                println!("mailbox {}/{}: failing: {e} ({last})", m.account, m.folder)
            }
            _ => println!("mailbox {}/{}: ok ({last})", m.account, m.folder),
        }
    }
    if r.problems.is_empty() {
        println!("ready: yes");
        Ok(0)
    } else {
        for p in &r.problems {
            println!("ready: no: {p}");
        }
        Ok(1)
    }
}

/// Who acts from the command line, for the audit: `cli:` and the login name, else `cli`.
fn cli_actor() -> String {
    match std::env::var("USER").or_else(|_| std::env::var("LOGNAME")) {
        Ok(login) if !login.is_empty() => format!("cli:{login}"),
        _ => "cli".into(),
    }
}

/// `ap export`: a new payment batch of the invoices ready to pay and in no batch yet (or batch
/// `batch` again), written as `format` to `out` (else stdout); what it holds on stderr.
async fn ap_export(
    config: &Path,
    format: ApFormat,
    out: Option<&Path>,
    batch: Option<i64>,
    account: &str,
) -> anyhow::Result<i32> {
    let store = open_store(config).await?;
    let made = match batch {
        Some(id) => match store.payment_batch(id).await? {
            Some(b) => b,
            None => {
                eprintln!("error: there is no payment batch {id}");
                return Ok(1);
            }
        },
        None => match store.export_payment_batch(&cli_actor()).await? {
            Some(b) => b,
            None => {
                eprintln!(
                    "nothing new to pay: every invoice ready to pay is in a payment batch already \
                     (`freightdesk ap export --batch N` writes batch N again)"
                );
                return Ok(0);
            }
        },
    };
    let bytes = match format {
        ApFormat::Csv => crate::web::payment_batch_csv(&made)?,
        ApFormat::Quickbooks => crate::web::payment_batch_quickbooks(&made, account)?,
    };
    match out {
        Some(path) => {
            std::fs::write(path, &bytes).with_context(|| format!("writing {}", path.display()))?
        }
        None => std::io::Write::write_all(&mut std::io::stdout(), &bytes)?,
    }
    eprintln!(
        "payment batch {}: {} invoice(s), ${} (made {} by {}){}",
        made.id,
        made.invoices.len(),
        made.total_usd,
        made.created_at,
        made.actor,
        out.map(|p| format!(", written to {}", p.display()))
            .unwrap_or_default()
    );
    Ok(0)
}

async fn list_exceptions(
    config: &Path,
    filter: &crate::store::workspace::ExceptionFilter,
    json: bool,
) -> anyhow::Result<i32> {
    let store = open_store(config).await?;
    let list = store
        .exception_queue(filter, i64::from(i32::MAX), 0)
        .await?
        .rows;
    if json {
        println!("{}", serde_json::to_string_pretty(&list)?);
        return Ok(0);
    }
    for e in &list {
        let how = match (&e.resolution, &e.resolved_by_user, e.resolved_by_document) {
            (Some(r), Some(user), _) => format!("{r} by {user}"),
            (_, _, Some(doc)) => format!("{} by document #{doc}", e.status),
            _ => e.status.clone(),
        };
        let assigned = e
            .assignee
            .as_deref()
            .map(|a| format!(", assigned to {a}"))
            .unwrap_or_default();
        println!(
            "#{} {} [{}] {} (load {}, {how}{assigned})\n    {}",
            e.id,
            e.created_at.get(..10).unwrap_or(&e.created_at),
            e.severity,
            e.rule_id,
            e.load_number.as_deref().unwrap_or("-"),
            e.sentence
        );
        if let Some(note) = &e.resolution_note {
            println!("    note: {note}");
        }
    }
    println!("{} exception(s)", list.len());
    Ok(0)
}

/// `exceptions resolve ID --note`: resolve an open exception; exit 1 when it is not open.
async fn resolve_exception(
    config: &Path,
    id: i64,
    note: &str,
    by: Option<String>,
) -> anyhow::Result<i32> {
    let Some((note, by, _, pipeline)) = person_action(
        config,
        note,
        "say why it is resolved: --note \"…\" must not be empty",
        by,
    )
    .await?
    else {
        return Ok(2);
    };
    if pipeline.resolve_exception(id, &by, note).await? {
        println!("exception #{id} resolved by {by}");
        Ok(0)
    } else {
        eprintln!("error: exception #{id} is not open (resolved already, or not there)");
        Ok(1)
    }
}

/// What a person's action from the command line needs: its note trimmed (`None`, with `error:
/// {ask}` printed, when it is empty), who acts (`--by`, else [`cli_actor`]), the config and its
/// pipeline.
async fn person_action<'n>(
    config: &Path,
    note: &'n str,
    ask: &str,
    by: Option<String>,
) -> anyhow::Result<Option<(&'n str, String, Config, crate::pipeline::Pipeline)>> {
    let note = note.trim();
    if note.is_empty() {
        eprintln!("error: {ask}");
        return Ok(None);
    }
    let by = by.unwrap_or_else(cli_actor);
    let config = Config::load(config)?;
    let pipeline = crate::pipeline::Pipeline::open(&config).await?;
    Ok(Some((note, by, config, pipeline)))
}

/// `noa list`: the remit-to changes, oldest first.
async fn noa_list(config: &Path, carrier: Option<&str>, json: bool) -> anyhow::Result<i32> {
    let store = open_store(config).await?;
    let mut conn = store.pool().acquire().await?;
    let changes = crate::noa::history(&mut conn, carrier).await?;
    if json {
        println!("{}", serde_json::to_string_pretty(&changes)?);
        return Ok(0);
    }
    if changes.is_empty() {
        println!("no Notice of Assignment on file");
    }
    for c in &changes {
        println!(
            "#{} {} (MC {}): pay {}{}{} — {}",
            c.id,
            c.carrier_name
                .as_deref()
                .or(c.carrier_id.as_deref())
                .unwrap_or("carrier not printed"),
            c.carrier_mc.as_deref().unwrap_or("?"),
            c.remit_to_name,
            c.remit_to_address
                .as_deref()
                .map(|a| format!(", {a}"))
                .unwrap_or_default(),
            c.effective_date
                .as_deref()
                .map(|d| format!(" from {d}"))
                .unwrap_or_default(),
            match (&c.confirmed_at, &c.confirmed_by) {
                (Some(at), by) => format!(
                    "confirmed {} by {}{}",
                    at.get(..10).unwrap_or(at),
                    by.as_deref().unwrap_or("?"),
                    c.note
                        .as_deref()
                        .map(|n| format!(" ({n})"))
                        .unwrap_or_default()
                ),
                (None, _) => format!(
                    "received {}, waits for confirmation (`freightdesk noa confirm {}`)",
                    c.received_at.get(..10).unwrap_or(&c.received_at),
                    c.id
                ),
            }
        );
    }
    Ok(0)
}

/// `noa confirm ID --note`: confirm a notice; exit 1 when there is none.
async fn noa_confirm(
    config: &Path,
    id: i64,
    note: &str,
    by: Option<String>,
) -> anyhow::Result<i32> {
    let Some((note, by, config, pipeline)) = person_action(
        config,
        note,
        "say how it was confirmed: --note \"called … at the number on file\"",
        by,
    )
    .await?
    else {
        return Ok(2);
    };
    let Some((change, released)) = pipeline.confirm_notice(id, &by, note).await? else {
        eprintln!("error: there is no Notice of Assignment #{id} (see `freightdesk noa list`)");
        return Ok(1);
    };
    println!(
        "notice #{id} confirmed by {}: {} is paid to {}",
        change.confirmed_by.as_deref().unwrap_or(&by),
        change
            .carrier_name
            .as_deref()
            .or(change.carrier_id.as_deref())
            .unwrap_or("the carrier"),
        change.remit_to_name
    );
    if released.is_empty() {
        println!("no invoice was held for it");
    } else {
        println!("released: {}", released.join(", "));
    }
    let transport = crate::notify::Transport::from_config(&config.outgoing)?;
    pipeline.deliver(&transport).await?;
    Ok(0)
}

/// `loads show L`: everything about one load, in words; exit 1 when there is no such load.
async fn show_load(config: &Path, load_number: &str) -> anyhow::Result<i32> {
    let store = open_store(config).await?;
    let Some(r) = store.load_record(load_number).await? else {
        eprintln!("error: there is no load {load_number}");
        return Ok(1);
    };
    let l = &r.listing;
    println!("load {}  status {}", l.load.load_number, l.load.status);
    let customer = match (&l.customer, &l.load.customer_id) {
        (Some(name), Some(id)) => format!("{name} ({id})"),
        (None, Some(id)) => id.clone(),
        _ => "-".into(),
    };
    let carrier = match (&l.carrier, &l.load.carrier_mc) {
        (Some(name), Some(mc)) => format!("{name} (MC {mc})"),
        (None, Some(mc)) => format!("MC {mc}"),
        _ => "-".into(),
    };
    println!("customer  {customer}\ncarrier   {carrier}");
    let loaded = Config::load(config)?;
    let rules = crate::rules::RuleSet::load(&loaded.rules_dir)?;
    let directory = crate::store::directory::Directory::load(&loaded.directory_dir)?;
    let mut conn = store.pool().acquire().await?;
    match crate::billing::billing_state(&mut conn, &rules, &directory, l.load.id).await? {
        crate::billing::BillingState::Billed(i) => println!(
            "billed    invoice {} to {}, {}, issued {}, due {} ({})",
            i.invoice.invoice_number,
            i.invoice.bill_to.name,
            crate::model::format_usd(i.invoice.total),
            i.invoice.issued,
            i.invoice.due,
            i.invoice.terms
        ),
        crate::billing::BillingState::NotBilled(why) => println!("billed    no: {why}"),
    }
    drop(conn);
    if !r.stops.is_empty() {
        println!("\nstops");
        for s in &r.stops {
            let place = [s.name.as_deref(), s.city.as_deref(), s.state.as_deref()]
                .into_iter()
                .flatten()
                .collect::<Vec<_>>()
                .join(", ");
            let when = [s.date.as_deref(), s.time.as_deref()]
                .into_iter()
                .flatten()
                .collect::<Vec<_>>()
                .join(" ");
            println!("  {:<8} {place}  {when}", s.stop_type.as_str());
        }
    }
    println!("\ntimeline");
    for t in &r.timeline {
        let arrow = if t.direction == "in" { "in " } else { "out" };
        println!(
            "  {}  {arrow} {}  {}  [{}]",
            t.at, t.party, t.subject, t.status
        );
    }
    println!("\ndocuments");
    for d in &r.documents {
        println!(
            "  #{} {} (pages {:?}) from {}",
            d.id,
            d.doc.kind,
            d.doc.pages,
            d.from_addr.as_deref().unwrap_or("-")
        );
        for (name, f) in &d.doc.fields {
            println!("      {name:<22} {}", f.value);
        }
        for c in &d.doc.charges {
            println!(
                "      charge {:<15} {}",
                c.description,
                c.amount_usd
                    .map(|a| a.to_string())
                    .unwrap_or_else(|| "-".into())
            );
        }
    }
    println!("\nexceptions");
    for e in &r.exceptions {
        println!(
            "  #{} [{}] {} ({})\n      {}",
            e.id, e.severity, e.rule_id, e.status, e.sentence
        );
    }
    if !r.audit.is_empty() {
        println!("\naudit");
        for a in &r.audit {
            println!(
                "  {}  {} {} {}: {} -> {}{}",
                a.at,
                a.actor,
                a.action,
                a.subject,
                a.before.as_deref().unwrap_or("-"),
                a.after.as_deref().unwrap_or("-"),
                a.note
                    .as_deref()
                    .map(|n| format!(" ({n})"))
                    .unwrap_or_default()
            );
        }
    }
    Ok(0)
}

/// The database of a config, for a command that only reads it: never created here.
/// `ar bill`: bill the ready loads, then deliver the outbox.
async fn ar_bill(config: &Path) -> anyhow::Result<i32> {
    let config = match Config::load_checked(config) {
        Ok(c) => c,
        Err(e) => {
            report_config_problems(&e);
            return Ok(2);
        }
    };
    if config.billing.is_none() {
        eprintln!(
            "nothing billed: the config has no [billing] table (invoice_prefix, remit_to); see \
             README \"Billing customers\""
        );
        return Ok(2);
    }
    let pipeline = crate::pipeline::Pipeline::open(&config).await?;
    if pipeline.rules.load().billing.is_none() {
        eprintln!(
            "nothing billed: the rules folder {} has no billing.toml",
            config.rules_dir.display()
        );
        return Ok(2);
    }
    let made = pipeline.bill_ready().await?;
    for (invoice, load) in &made {
        println!("billed: invoice {invoice} for load {load}");
    }
    let transport = crate::notify::Transport::from_config(&config.outgoing)?;
    let d = pipeline.deliver(&transport).await?;
    println!(
        "customer invoices: {} new; emails written: {}",
        made.len(),
        d.sent
    );
    Ok(0)
}

/// `ar invoices`: the customer invoices made.
async fn ar_invoices(config: &Path, json: bool) -> anyhow::Result<i32> {
    let store = open_store(config).await?;
    let mut conn = store.pool().acquire().await?;
    let rows = crate::billing::list_invoices(&mut conn).await?;
    if json {
        let v: Vec<serde_json::Value> = rows
            .iter()
            .map(|(n, l, c, t, i, d, how)| {
                serde_json::json!({"invoice_number": n, "load_number": l, "customer_id": c,
                    "total_usd": t, "issued": i, "due": d, "delivery": how})
            })
            .collect();
        println!("{}", serde_json::to_string_pretty(&v)?);
        return Ok(0);
    }
    if rows.is_empty() {
        println!("no customer invoices yet");
    }
    for (n, l, c, t, i, d, how) in &rows {
        println!("{n}  load {l}  {c}  ${t}  issued {i}  due {d}  {how}");
    }
    Ok(0)
}

/// `loads import`: customers' rates from a TMS export.
async fn import_loads(config: &Path, file: &Path) -> anyhow::Result<i32> {
    let loaded = Config::load(config)?;
    let store = Store::open_existing(&loaded.database_url).await?;
    let directory = crate::store::directory::Directory::load(&loaded.directory_dir)?;
    let mut conn = store.pool().acquire().await?;
    let done = crate::billing::import::import(&mut conn, &directory, file).await?;
    for (line, why) in &done.refused {
        eprintln!("{}:{line}: refused: {why}", file.display());
    }
    println!(
        "imported {} load rate(s); refused {}",
        done.rows,
        done.refused.len()
    );
    Ok(if done.refused.is_empty() { 0 } else { 1 })
}

/// `ar credit`: credit memo, bill again, send both.
async fn ar_credit(config: &Path, invoice: &str, note: &str) -> anyhow::Result<i32> {
    let config = match Config::load_checked(config) {
        Ok(c) => c,
        Err(e) => {
            report_config_problems(&e);
            return Ok(2);
        }
    };
    if note.trim().is_empty() {
        eprintln!("error: say what was wrong with --note");
        return Ok(2);
    }
    let pipeline = crate::pipeline::Pipeline::open(&config).await?;
    let Some((memos, rebilled)) = pipeline.credit_invoice(invoice, &cli_actor(), note).await?
    else {
        eprintln!(
            "error: there is no open customer invoice {invoice} (or no [billing] in the config)"
        );
        return Ok(1);
    };
    println!("credited: {}", memos.join(", "));
    match rebilled {
        Some(n) => println!("billed again: invoice {n}"),
        None => println!(
            "not billed again yet: see `freightdesk loads show` for why (`ar bill` bills it once ready)"
        ),
    }
    let transport = crate::notify::Transport::from_config(&config.outgoing)?;
    let d = pipeline.deliver(&transport).await?;
    println!("emails written: {}", d.sent);
    Ok(0)
}

/// `ar paid`: record a customer's payment, audited.
async fn ar_paid(
    config: &Path,
    invoice: &str,
    on: Option<chrono::NaiveDate>,
) -> anyhow::Result<i32> {
    let store = open_store(config).await?;
    let on = on.unwrap_or_else(|| chrono::Utc::now().date_naive());
    let mut conn = store.pool().acquire().await?;
    if !crate::billing::report::mark_paid(&mut conn, invoice, on).await? {
        eprintln!("error: there is no open customer invoice {invoice}");
        return Ok(1);
    }
    drop(conn);
    store
        .record_audit(&crate::store::workspace::NewAudit {
            actor: &cli_actor(),
            action: "customer_paid",
            subject: &format!("customer_invoice:{invoice}"),
            load_id: None,
            before: Some("open"),
            after: Some(&format!("paid {on}")),
            note: None,
        })
        .await?;
    println!("invoice {invoice} paid on {on}");
    Ok(0)
}

/// `ar aging`: open invoices by customer and lateness.
async fn ar_aging(
    config: &Path,
    as_of: Option<chrono::NaiveDate>,
    json: bool,
) -> anyhow::Result<i32> {
    let loaded = Config::load(config)?;
    let store = Store::open_existing(&loaded.database_url).await?;
    let directory = crate::store::directory::Directory::load(&loaded.directory_dir)?;
    let as_of = as_of.unwrap_or_else(|| chrono::Utc::now().date_naive());
    let mut conn = store.pool().acquire().await?;
    let rows = crate::billing::report::aging(&mut conn, &directory, as_of).await?;
    if json {
        println!("{}", serde_json::to_string_pretty(&rows)?);
        return Ok(0);
    }
    let usd = |d: rust_decimal::Decimal| crate::model::format_usd(d);
    println!("open customer invoices as of {as_of}");
    println!(
        "{:<28} {:>12} {:>12} {:>12} {:>12} {:>12} {:>12}",
        "customer", "current", "1-30", "31-60", "61-90", "90+", "total"
    );
    for r in &rows {
        let name = r.customer.clone().unwrap_or_else(|| r.customer_id.clone());
        println!(
            "{:<28} {:>12} {:>12} {:>12} {:>12} {:>12} {:>12}",
            name,
            usd(r.current),
            usd(r.days_1_30),
            usd(r.days_31_60),
            usd(r.days_61_90),
            usd(r.days_over_90),
            usd(r.total)
        );
    }
    if rows.is_empty() {
        println!("(none open)");
    }
    Ok(0)
}

/// `report billing`.
async fn report_billing(config: &Path, json: bool) -> anyhow::Result<i32> {
    let loaded = Config::load(config)?;
    let store = Store::open_existing(&loaded.database_url).await?;
    let rules = crate::rules::RuleSet::load(&loaded.rules_dir)?;
    let directory = crate::store::directory::Directory::load(&loaded.directory_dir)?;
    let payables = store.payables().await?;
    let mut conn = store.pool().acquire().await?;
    let r =
        crate::billing::report::billing_report(&mut conn, &rules, &directory, &payables).await?;
    if json {
        println!("{}", serde_json::to_string_pretty(&r)?);
        return Ok(0);
    }
    println!(
        "customer invoices: {} made, {} emailed",
        r.invoices, r.invoices_emailed
    );
    match r.completion_to_invoice_secs {
        Some(p) => println!(
            "paperwork complete -> invoice emailed: median {:.1} s, p90 {:.1} s",
            p.p50, p.p90
        ),
        None => println!("paperwork complete -> invoice emailed: no invoice emailed yet"),
    }
    let share = |n: usize, of: usize| {
        if of == 0 {
            "-".to_string()
        } else {
            format!("{:.0}%", n as f64 * 100.0 / of as f64)
        }
    };
    println!(
        "loads billed touchless: {} of {} ({}); after a person fixed extraction or filing: {}; after a person settled an exception: {}",
        r.loads_billed_touchless,
        r.invoices,
        share(r.loads_billed_touchless, r.invoices),
        r.loads_billed_after_extraction_fix,
        r.loads_billed_after_rule
    );
    println!(
        "carrier invoices payable touchless: {} of {} ({}); after an extraction fix: {}; approved despite an exception: {}",
        r.carrier_invoices_touchless,
        r.carrier_invoices_payable,
        share(r.carrier_invoices_touchless, r.carrier_invoices_payable),
        r.carrier_invoices_after_extraction_fix,
        r.carrier_invoices_after_rule
    );
    println!("delivered loads not billed: {}", r.waiting.len());
    for (load, why) in &r.waiting {
        println!("  {load}: {why}");
    }
    Ok(0)
}

async fn open_store(config: &Path) -> anyhow::Result<Store> {
    let config = Config::load(config)?;
    Ok(Store::open_existing(&config.database_url).await?)
}

/// The mean OCR confidence (0–100, one decimal) of a document's pages read by OCR; `None` when
/// all its pages have a text layer.
fn ocr_confidence(doc: &ExtractedDocument, pages: &[extract::PageText]) -> Option<f64> {
    let c: Vec<f64> = pages
        .iter()
        .filter(|p| doc.pages.contains(&p.page))
        .filter_map(|p| p.ocr_confidence.map(f64::from))
        .collect();
    (!c.is_empty()).then(|| (c.iter().sum::<f64>() / c.len() as f64 * 10.0).round() / 10.0)
}

/// The `extract --json` object: `{"documents": [{"kind", "pages", "template", "fields",
/// "charges", "accessorials", "stops", "provenance"}]}`; `stops` as [`crate::model::Stop`]
/// serializes (`{"type": "pickup", "name", "address", "city", "state", "zip", "date",
/// "time", "reference"}`, only the parts printed), in printed order.
pub fn extract_json(docs: &[ExtractedDocument]) -> Value {
    let documents: Vec<Value> = docs
        .iter()
        .map(|d| {
            let fields: serde_json::Map<String, Value> = d
                .fields
                .iter()
                .map(|(k, f)| (k.clone(), json!(f.value)))
                .collect();
            let provenance: serde_json::Map<String, Value> = d
                .fields
                .iter()
                .map(|(k, f)| {
                    (
                        k.clone(),
                        serde_json::to_value(&f.provenance).expect("serializes"),
                    )
                })
                .collect();
            let mut o = json!({
                "kind": d.kind, "pages": d.pages, "template": d.template, "issuer": d.issuer,
                "fields": fields, "provenance": provenance,
            });
            if !d.charges.is_empty() {
                o["charges"] = json!(d.charges);
            }
            if !d.accessorials.is_empty() {
                o["accessorials"] = json!(d.accessorials);
            }
            if !d.stops.is_empty() {
                o["stops"] = json!(d.stops);
            }
            o
        })
        .collect();
    json!({ "documents": documents })
}

fn extract_text(file: &Path, docs: &[ExtractedDocument], why: &[Classification]) -> String {
    let mut s = format!("{}: {} document(s)\n", file.display(), docs.len());
    for (i, d) in docs.iter().enumerate() {
        s += &format!(
            "\n[{}] {} — pages {:?} — {}\n",
            i + 1,
            d.kind,
            d.pages,
            match (&d.template, &d.issuer) {
                (Some(t), Some(iss)) => format!("template {t} ({iss})"),
                _ => "no template matched: generic labels".into(),
            }
        );
        if let Some(c) = why.get(i) {
            s += &format!(
                "  classification_confidence: {:.2} (min_confidence {:.2})\n",
                c.confidence, c.min_confidence
            );
        }
        for line in why.get(i).map(Classification::describe).unwrap_or_default() {
            s += &format!("  {line}\n");
        }
        for (name, f) in &d.fields {
            s += &format!(
                "  {name:<20} {:<24} page {} bytes {}..{}  printed {:?}  rule {}  confidence {:.2}\n",
                f.value,
                f.provenance.page,
                f.provenance.span.0,
                f.provenance.span.1,
                f.provenance.printed,
                f.provenance.rule,
                f.provenance.confidence
            );
        }
        if !d.stops.is_empty() {
            s += "  stops:\n";
            for (i, st) in d.stops.iter().enumerate() {
                let join = |parts: [&Option<String>; 2], sep: &str| {
                    parts
                        .into_iter()
                        .flatten()
                        .cloned()
                        .collect::<Vec<_>>()
                        .join(sep)
                };
                let place = join([&st.address, &st.city], ", ");
                let state_zip = join([&st.state, &st.zip], " ");
                s += &format!(
                    "    {} {:<8} {} | {}{} | {} {} | {} (page {})\n",
                    i + 1,
                    st.stop_type.as_str(),
                    st.name.as_deref().unwrap_or("-"),
                    place,
                    if state_zip.is_empty() {
                        String::new()
                    } else {
                        format!(", {state_zip}")
                    },
                    st.date.as_deref().unwrap_or("-"),
                    st.time.as_deref().unwrap_or("-"),
                    st.reference.as_deref().unwrap_or("-"),
                    st.page
                );
            }
        }
        for (title, list) in [("charges", &d.charges), ("accessorials", &d.accessorials)] {
            if !list.is_empty() {
                s += &format!("  {title}:\n");
                for c in list {
                    s += &format!(
                        "    {:<16} {:>10}  {:?} (page {})\n",
                        c.code,
                        c.amount_usd
                            .map(|a| a.to_string())
                            .unwrap_or_else(|| "-".into()),
                        c.description,
                        c.page
                    );
                }
            }
        }
    }
    s
}

/// An error and its causes on one line, `outer: inner: …`; a cause whose words the message
/// before it already ends with (a library error that prints its cause and also returns it as
/// its source) is not said twice.
pub fn error_message(e: &anyhow::Error) -> String {
    let mut s = String::new();
    for cause in e.chain() {
        let text = cause.to_string();
        if s.ends_with(&text) {
            continue;
        }
        if !s.is_empty() {
            s += ": ";
        }
        s += &text;
    }
    s
}
