//! MIME: a raw RFC 5322 message into its envelope, text and attachments (mail-parser 0.11).
//!
//! Entry point: [`parse_message`]. Attachments of forwarded messages (`message/rfc822` parts)
//! are included, flagged `forwarded`, and the forwarded subject and body join the text that
//! references are read from.

use mail_parser::{MessageParser, MimeHeaders, PartType};

/// Why a message could not be read.
#[derive(Debug, thiserror::Error)]
pub enum MimeError {
    /// No bytes at all.
    #[error("the message is empty")]
    Empty,
    /// No From, To, Subject, Date or Message-ID header could be read.
    #[error(
        "the bytes are not an email message (no From, To, Subject, Date or Message-ID header)"
    )]
    Unparseable,
}

impl MimeError {
    /// A bad message stays bad.
    pub fn is_transient(&self) -> bool {
        false
    }
}

/// An email, as far as freightdesk needs it.
#[derive(Debug, Clone, Default)]
pub struct ParsedMessage {
    /// `Message-ID` without angle brackets.
    pub message_id: Option<String>,
    /// Sender address (`From`), lower-cased.
    pub from: Option<String>,
    /// Sender display name.
    pub from_name: Option<String>,
    /// `To` addresses.
    pub to: Vec<String>,
    /// Subject ("" when none).
    pub subject: String,
    /// `Date` as RFC 3339, when it parses.
    pub date: Option<String>,
    /// Plain-text body, plus the subject and body of forwarded messages.
    pub text: String,
    /// `References` message ids, oldest first.
    pub references: Vec<String>,
    /// `In-Reply-To` message ids (usually one), without angle brackets.
    pub in_reply_to: Vec<String>,
    /// The `Auto-Submitted` header (RFC 3834: `no`, `auto-generated`, `auto-replied`, …) as
    /// written, trimmed; `None` when absent.
    pub auto_submitted: Option<String>,
    /// Every attachment, including those inside forwarded messages.
    pub attachments: Vec<Attachment>,
}

/// One attachment.
#[derive(Debug, Clone)]
pub struct Attachment {
    /// Position among the message's attachments, 0-based, depth-first.
    pub index: usize,
    /// File name as sent, if any.
    pub filename: Option<String>,
    /// `type/subtype`, lower case (`application/pdf`, `application/octet-stream`).
    pub content_type: String,
    /// Decoded bytes.
    pub bytes: Vec<u8>,
    /// Whether it came inside a forwarded `message/rfc822` part.
    pub forwarded: bool,
}

/// Parse raw message bytes.
///
/// Errors: [`MimeError::Empty`] for no bytes; [`MimeError::Unparseable`] when no header can be
/// read. Damaged parts (broken base64, unknown charsets) are decoded as far as mail-parser can
/// and never fail the message.
pub fn parse_message(raw: &[u8]) -> Result<ParsedMessage, MimeError> {
    if raw.iter().all(u8::is_ascii_whitespace) {
        return Err(MimeError::Empty);
    }
    let msg = MessageParser::default()
        .parse(raw)
        .ok_or(MimeError::Unparseable)?;
    // mail-parser reads almost anything as a message; one with none of the headers every mail
    // system writes is not an email.
    let has_envelope = msg.from().is_some()
        || msg.to().is_some()
        || msg.subject().is_some()
        || msg.date().is_some()
        || msg.message_id().is_some();
    if !has_envelope {
        return Err(MimeError::Unparseable);
    }
    let mut out = ParsedMessage {
        message_id: msg.message_id().map(str::to_string),
        from: msg
            .from()
            .and_then(|a| a.first())
            .and_then(|a| a.address())
            .map(str::to_lowercase),
        from_name: msg
            .from()
            .and_then(|a| a.first())
            .and_then(|a| a.name())
            .map(str::to_string),
        to: msg
            .to()
            .map(|a| {
                a.iter()
                    .filter_map(|x| x.address())
                    .map(str::to_lowercase)
                    .collect()
            })
            .unwrap_or_default(),
        subject: msg.subject().unwrap_or_default().to_string(),
        date: msg.date().map(|d| d.to_rfc3339()),
        text: msg.body_text(0).map(|t| t.to_string()).unwrap_or_default(),
        references: msg
            .references()
            .as_text_list()
            .map(|l| l.iter().map(|s| s.to_string()).collect())
            .unwrap_or_default(),
        in_reply_to: msg
            .in_reply_to()
            .as_text_list()
            .map(|l| l.iter().map(|s| s.to_string()).collect())
            .unwrap_or_default(),
        auto_submitted: msg
            .header_raw("Auto-Submitted")
            .map(|v| v.trim().to_string())
            .filter(|v| !v.is_empty()),
        attachments: Vec::new(),
    };
    collect_attachments(&msg, false, &mut out, 0);
    Ok(out)
}

/// Forwarded messages nest; this deep is plenty for real mail and stops hostile nesting.
const MAX_DEPTH: usize = 8;

fn collect_attachments(
    msg: &mail_parser::Message<'_>,
    forwarded: bool,
    out: &mut ParsedMessage,
    depth: usize,
) {
    for part in msg.attachments() {
        if let PartType::Message(inner) = &part.body {
            if depth < MAX_DEPTH {
                out.text
                    .push_str("\n\n---------- Forwarded message ----------\nSubject: ");
                out.text.push_str(inner.subject().unwrap_or_default());
                out.text.push('\n');
                if let Some(t) = inner.body_text(0) {
                    out.text.push_str(&t);
                }
                collect_attachments(inner, true, out, depth + 1);
            }
            continue;
        }
        let content_type = part
            .content_type()
            .map(|c| match c.subtype() {
                Some(s) => format!("{}/{}", c.ctype(), s),
                None => c.ctype().to_string(),
            })
            .unwrap_or_else(|| "application/octet-stream".into())
            .to_lowercase();
        out.attachments.push(Attachment {
            index: out.attachments.len(),
            filename: part.attachment_name().map(str::to_string),
            content_type,
            bytes: part.contents().to_vec(),
            forwarded,
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn octet_stream_and_forwarded_attachments_are_found() {
        let inner = "From: d@carrier.example\r\nSubject: POD load 1\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=in\r\n\r\n--in\r\nContent-Type: text/plain\r\n\r\nsee pod\r\n--in\r\nContent-Type: application/octet-stream; name=scan0001.pdf\r\nContent-Disposition: attachment; filename=scan0001.pdf\r\nContent-Transfer-Encoding: base64\r\n\r\nJVBERi0xLjQK\r\n--in--\r\n";
        let outer = format!("From: Ops <Ops@Broker.example>\r\nTo: a@b.example\r\nSubject: Fwd: POD load 1\r\nMessage-ID: <x1@broker.example>\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=out\r\n\r\n--out\r\nContent-Type: text/plain\r\n\r\nforwarding\r\n--out\r\nContent-Type: message/rfc822\r\n\r\n{inner}\r\n--out--\r\n");
        let m = parse_message(outer.as_bytes()).unwrap();
        assert_eq!(m.message_id.as_deref(), Some("x1@broker.example"));
        assert_eq!(m.from.as_deref(), Some("ops@broker.example"));
        assert_eq!(m.attachments.len(), 1);
        let a = &m.attachments[0];
        assert!(a.forwarded);
        assert_eq!(a.filename.as_deref(), Some("scan0001.pdf"));
        assert_eq!(a.content_type, "application/octet-stream");
        assert!(a.bytes.starts_with(b"%PDF-1.4"));
        assert!(m.text.contains("POD load 1"));
    }

    #[test]
    fn in_reply_to_and_auto_submitted_are_read() {
        let raw = "From: d@carrier.example\r\nSubject: Automatic reply\r\nMessage-ID: <r1@carrier.example>\r\nIn-Reply-To: <fd.0123@broker.example>\r\nReferences: <a@x.example> <fd.0123@broker.example>\r\nauto-submitted:  auto-replied ; reason=vacation\r\n\r\naway\r\n";
        let m = parse_message(raw.as_bytes()).unwrap();
        assert_eq!(m.in_reply_to, ["fd.0123@broker.example"]);
        assert_eq!(m.references, ["a@x.example", "fd.0123@broker.example"]);
        assert_eq!(
            m.auto_submitted.as_deref(),
            Some("auto-replied ; reason=vacation")
        );
        let plain = parse_message(b"From: a@b.example\r\nSubject: hi\r\n\r\nx").unwrap();
        assert!(plain.in_reply_to.is_empty() && plain.auto_submitted.is_none());
    }

    #[test]
    fn empty_and_garbage_fail_clearly() {
        assert!(matches!(parse_message(b""), Err(MimeError::Empty)));
        assert!(matches!(parse_message(b"  \r\n"), Err(MimeError::Empty)));
        assert!(matches!(
            parse_message(b"\x00\x01garbage\xff\xfe no headers here"),
            Err(MimeError::Unparseable)
        ));
    }
}
