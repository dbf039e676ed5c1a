//! The variables an email template sees, by the event it is sent for: the contract between
//! `emails/*.txt` and the context [`crate::notify`] renders them with. `rules check` holds every
//! template to it, so a typo (`{{ load.load_numbr }}`) is a mistake with its place in the file
//! instead of an empty gap in a customer's email.
//!
//! Every event's template sees `company.name`. Events about a load (`picked_up`, `delivered`,
//! `paperwork_request`, `invoice_received`, `exception`) also see `original` (the email that
//! caused it: `subject`, `from`), `load` (`load_number`, `status`), `customer` (`name`,
//! `contact_name`, `contact_email`, `date_format`), `carrier` (`name`, `mc`, `contact_email`) and `documents`
//! (the load's latest document of each kind: `documents.<kind>.kind`,
//! `documents.<kind>.fields.<field>`). The document events see `document` (`kind`,
//! `fields.<field>` of the kind that causes them: a BOL for `picked_up`, a POD for `delivered`, a
//! carrier invoice for `paperwork_request` and `invoice_received`) and `attachments` (the names
//! of the files attached, empty when none is); `exception` sees
//! `exception` (`id`, `rule_id`, `severity`, `sentence`, `title`: the headline in words) and
//! `attachments` (the documents it is about). The daemon's own notices see their one object: `rules` for `rules_invalid`,
//! `notification` for `notification_rejected`, `mailbox` for `mailbox_unreachable`, `digest`
//! for `staff_digest` (`count`, `open`, `url`: the queue's page or none, `exceptions`: a list,
//! each with `id`, `rule_id`, `title`, `severity`, `sentence`, `status`, `load_number`,
//! `raised_at`, `url` and `subject`: the subject its own email would have had). `dispute` (a
//! person disputing a carrier invoice from the workspace) is a document event of the invoice that
//! also sees `exception` and `dispute` (`message`: what the person wrote, `by`: their name).
//! `customer_invoice` (a load billed to its customer, [`crate::billing`]) is about a load and
//! sees `invoice` (`number`, `total`, `issued`, `due`: ISO dates, `terms`, `lines`: a list, each
//! with `description` and `amount`; `supplement_to`: for a supplemental
//! invoice, the load's first invoice, else none; `credit_of`: for a credit memo, the invoice it
//! credits) and `attachments` (the invoice PDF, then the documents'
//! pages). `customer` also has `billing_email`, where invoices go.
//! A field is one of the canonical fields of docs/domain.md.

use crate::model::DocumentKind;

const ORIGINAL: &[&str] = &["subject", "from"];
const LOAD: &[&str] = &["load_number", "status"];
const CUSTOMER: &[&str] = &[
    "name",
    "contact_name",
    "contact_email",
    "date_format",
    "billing_email",
];
const INVOICE: &[&str] = &[
    "number",
    "total",
    "issued",
    "due",
    "terms",
    "lines",
    "supplement_to",
    "credit_of",
];
const CARRIER: &[&str] = &["name", "mc", "contact_email"];
const COMPANY: &[&str] = &["name"];
const EXCEPTION: &[&str] = &["id", "rule_id", "severity", "sentence", "title"];
const RULES: &[&str] = &["dir", "version", "active_version", "problems"];
const NOTIFICATION: &[&str] = &["event", "to", "subject", "message_id", "reason"];
const MAILBOX: &[&str] = &["account", "folder", "server", "reason"];
const DISPUTE: &[&str] = &["message", "by"];
const DIGEST: &[&str] = &["count", "open", "url", "exceptions"];

/// The kind of the document that causes a document event, or `None` for other events.
pub fn document_kind_of(event: &str) -> Option<DocumentKind> {
    match event {
        "picked_up" => Some(DocumentKind::BillOfLading),
        "delivered" => Some(DocumentKind::ProofOfDelivery),
        "paperwork_request" | "invoice_received" | "dispute" => Some(DocumentKind::CarrierInvoice),
        _ => None,
    }
}

fn about_a_load(event: &str) -> bool {
    document_kind_of(event).is_some() || event == "exception" || event == "customer_invoice"
}

/// The top-level variables a template of `event` sees, with their keys (`None`: a table of
/// documents, checked by [`check`] itself).
fn tops(event: &str) -> Vec<(&'static str, Option<&'static [&'static str]>)> {
    let mut v = vec![("company", Some(COMPANY))];
    if about_a_load(event) {
        v.extend([
            ("original", Some(ORIGINAL)),
            ("load", Some(LOAD)),
            ("customer", Some(CUSTOMER)),
            ("carrier", Some(CARRIER)),
            ("documents", None),
        ]);
    }
    if document_kind_of(event).is_some() {
        v.extend([("document", None), ("attachments", Some(&[][..]))]);
    }
    match event {
        "exception" => v.extend([
            ("exception", Some(EXCEPTION)),
            ("attachments", Some(&[][..])),
        ]),
        "dispute" => v.extend([("exception", Some(EXCEPTION)), ("dispute", Some(DISPUTE))]),
        "rules_invalid" => v.push(("rules", Some(RULES))),
        "notification_rejected" => v.push(("notification", Some(NOTIFICATION))),
        "mailbox_unreachable" => v.push(("mailbox", Some(MAILBOX))),
        "staff_digest" => v.push(("digest", Some(DIGEST))),
        "customer_invoice" => {
            v.extend([("invoice", Some(INVOICE)), ("attachments", Some(&[][..]))])
        }
        _ => {}
    }
    v
}

/// Whether a template sent for `event` may use the variable `path` (`load.load_number`,
/// `document.fields.delivery_date`; a prefix such as `load` alone is fine). `Err` says, in plain
/// words, what is wrong and what there is instead.
pub fn check(event: &str, path: &str) -> Result<(), String> {
    let parts: Vec<&str> = path.split('.').collect();
    let tops = tops(event);
    let Some((top, keys)) = tops.iter().find(|(t, _)| *t == parts[0]) else {
        let names: Vec<&str> = tops.iter().map(|(t, _)| *t).collect();
        return Err(format!(
            "unknown variable `{path}`: a `{event}` email has {}",
            names.join(", ")
        ));
    };
    let unknown = |what: &str, known: &[&str]| {
        Err(format!(
            "unknown variable `{path}`: {what} has {}",
            known.join(", ")
        ))
    };
    match (*top, keys) {
        (_, Some(keys)) => match parts.get(1) {
            Some(k) if !keys.contains(k) => unknown(&format!("`{top}`"), keys),
            _ => Ok(()),
        },
        ("document", None) => {
            let kind = document_kind_of(event).expect("document events have a kind");
            document_path(
                path,
                &parts[1..],
                kind,
                &format!("a `{event}` email's `document`"),
            )
        }
        (_, None) => {
            // documents.<kind>.…
            let Some(kind) = parts.get(1) else {
                return Ok(());
            };
            let kinds: Vec<&str> = DocumentKind::ALL.iter().map(|k| k.as_str()).collect();
            match kind.parse::<DocumentKind>() {
                Ok(k) => document_path(path, &parts[2..], k, &format!("`documents.{kind}`")),
                Err(_) => unknown("`documents`", &kinds),
            }
        }
    }
}

/// `kind` or `fields.<field>` of a document of `kind`.
fn document_path(path: &str, rest: &[&str], kind: DocumentKind, what: &str) -> Result<(), String> {
    match rest {
        [] | ["kind"] | ["fields"] => Ok(()),
        ["fields", field, ..] if kind.canonical_fields().contains(field) => Ok(()),
        ["fields", _, ..] => Err(format!(
            "unknown variable `{path}`: a {} has the fields {}",
            kind.as_str(),
            kind.canonical_fields().join(", ")
        )),
        _ => Err(format!(
            "unknown variable `{path}`: {what} has kind, fields"
        )),
    }
}

/// The variables an email template uses that its events do not give, each with the byte offset
/// of its first use in `source` and the message. `events` are the events whose routes use the
/// template; a template no route uses is held to every event's variables together (what any
/// of them has is allowed).
pub fn problems(source: &str, events: &[&str]) -> Vec<(usize, String)> {
    let env = minijinja::Environment::new();
    let Ok(template) = env.template_from_str(source) else {
        return Vec::new(); // the syntax error is reported by the loader
    };
    let mut used: Vec<String> = template.undeclared_variables(true).into_iter().collect();
    used.sort();
    let all = super::EVENTS;
    let mut out = Vec::new();
    for path in used {
        let verdicts: Vec<Result<(), String>> = if events.is_empty() {
            all.iter().map(|e| check(e, &path)).collect()
        } else {
            events.iter().map(|e| check(e, &path)).collect()
        };
        let fails = if events.is_empty() {
            verdicts.iter().all(Result::is_err)
        } else {
            verdicts.iter().any(Result::is_err)
        };
        if fails {
            let msg = verdicts
                .into_iter()
                .find_map(Result::err)
                .expect("a failing verdict");
            out.push((first_use(source, &path), msg));
        }
    }
    out.sort();
    out
}

/// Where `path` (`load.load_numbr`) is first written in a template, allowing spaces around the
/// dots; 0 when it cannot be found.
fn first_use(source: &str, path: &str) -> usize {
    let pattern = path
        .split('.')
        .map(regex::escape)
        .collect::<Vec<_>>()
        .join(r"\s*\.\s*");
    regex::Regex::new(&format!(r"(?:^|[^\w.])({pattern})\b"))
        .ok()
        .and_then(|re| re.captures(source))
        .and_then(|c| c.get(1))
        .map_or(0, |m| m.start())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typos_are_caught_with_what_there_is() {
        assert!(check("picked_up", "load.load_number").is_ok());
        assert!(check("delivered", "document.fields.received_by").is_ok());
        assert!(check("exception", "documents.rate_confirmation.fields.total_usd").is_ok());
        assert_eq!(
            check("picked_up", "load.load_numbr").unwrap_err(),
            "unknown variable `load.load_numbr`: `load` has load_number, status"
        );
        assert!(check("delivered", "document.fields.invoice_number").is_err());
        assert!(check("rules_invalid", "load.load_number").is_err());
        assert!(check("exception", "documents.invoice.fields.total_usd").is_err());
    }

    #[test]
    fn the_place_of_the_first_use_is_found() {
        let src = "Subject: Load {{ load . load_numbr }}\n{{ load.load_numbr }}";
        assert_eq!(
            problems(src, &["picked_up"]),
            vec![(
                17,
                "unknown variable `load.load_numbr`: `load` has load_number, status".to_string()
            )]
        );
    }
}
