-- freightdesk schema, SQLite flavour. One set of migrations per backend lives beside this one
-- (migrations/<backend>/); queries in src/store use only SQL both backends accept.
-- Money is TEXT holding a decimal with two places ("2350.00"), dates are ISO 8601 TEXT.

-- Every message taken in, before anything else happens to it.
CREATE TABLE messages (
    id            INTEGER PRIMARY KEY,
    sha256        TEXT NOT NULL UNIQUE,      -- content hash of the raw bytes; the archive key
    source        TEXT NOT NULL,             -- where it came from: "folder:01-x.eml", later "imap:…"
    message_id    TEXT,                      -- Message-ID header, without <>
    from_addr     TEXT,
    to_addrs      TEXT,
    subject       TEXT,
    sent_at       TEXT,
    size_bytes    INTEGER NOT NULL,
    status        TEXT NOT NULL,             -- processed | failed
    error         TEXT,                      -- why it failed, for staff
    rules_version TEXT NOT NULL,
    received_at   TEXT NOT NULL,
    load_id       INTEGER                    -- the load its subject or body names, if any
);
CREATE INDEX messages_message_id ON messages (message_id);

CREATE TABLE attachments (
    id            INTEGER PRIMARY KEY,
    message_id    INTEGER NOT NULL REFERENCES messages (id),
    part_index    INTEGER NOT NULL,
    filename      TEXT,
    content_type  TEXT NOT NULL,
    sha256        TEXT NOT NULL,             -- the bytes are in the archive under this key
    size_bytes    INTEGER NOT NULL,
    forwarded     INTEGER NOT NULL,          -- 1 when inside a forwarded message/rfc822 part
    status        TEXT NOT NULL,             -- extracted | failed | skipped
    error         TEXT
);

-- Who is who: loaded from the directory files (customers.csv, carriers.csv).
CREATE TABLE customers (
    customer_id   TEXT PRIMARY KEY,
    name          TEXT NOT NULL,
    aliases       TEXT NOT NULL,             -- ';'-separated
    contact_name  TEXT,
    contact_email TEXT
);
CREATE TABLE carriers (
    carrier_id       TEXT PRIMARY KEY,
    name             TEXT NOT NULL,
    mc               TEXT,
    dot              TEXT,
    scac             TEXT,
    email_domains    TEXT NOT NULL,          -- ';'-separated
    remit_to_name    TEXT,
    remit_to_address TEXT,
    contact_email    TEXT
);

CREATE TABLE loads (
    id            INTEGER PRIMARY KEY,
    load_number   TEXT NOT NULL UNIQUE,
    customer_id   TEXT,
    carrier_mc    TEXT,
    status        TEXT NOT NULL,             -- booked | picked_up | delivered | invoiced
    created_at    TEXT NOT NULL
);
-- Other references that identify a load: pro_number, bol_number, po_number.
CREATE TABLE load_refs (
    load_id       INTEGER NOT NULL REFERENCES loads (id),
    ref_kind      TEXT NOT NULL,
    value         TEXT NOT NULL,
    UNIQUE (ref_kind, value)
);

CREATE TABLE documents (
    id            INTEGER PRIMARY KEY,
    message_id    INTEGER NOT NULL REFERENCES messages (id),
    attachment_id INTEGER REFERENCES attachments (id),
    kind          TEXT NOT NULL,
    pages         TEXT NOT NULL,             -- JSON array of 1-based page numbers
    template      TEXT,                      -- file#id of the template that matched
    issuer        TEXT,
    load_id       INTEGER REFERENCES loads (id),
    linked_by     TEXT,                      -- load_number | pro_number | bol_number | po_number | email
    rules_version TEXT NOT NULL,
    created_at    TEXT NOT NULL
);
CREATE INDEX documents_load ON documents (load_id);

CREATE TABLE fields (
    document_id   INTEGER NOT NULL REFERENCES documents (id),
    name          TEXT NOT NULL,
    value         TEXT NOT NULL,             -- normalized
    printed       TEXT NOT NULL,             -- as printed
    page          INTEGER NOT NULL,
    span_start    INTEGER NOT NULL,
    span_end      INTEGER NOT NULL,
    rule          TEXT NOT NULL,             -- file#template.field
    PRIMARY KEY (document_id, name)
);
CREATE INDEX fields_lookup ON fields (name, value);

-- Money lines: invoice charges (list = 'charges') and agreed accessorials (list = 'accessorials').
CREATE TABLE charges (
    document_id   INTEGER NOT NULL REFERENCES documents (id),
    list          TEXT NOT NULL,
    line_no       INTEGER NOT NULL,
    description   TEXT NOT NULL,
    code          TEXT NOT NULL,
    amount_usd    TEXT,
    page          INTEGER NOT NULL,
    PRIMARY KEY (document_id, list, line_no)
);

CREATE TABLE exceptions (
    id            INTEGER PRIMARY KEY,
    dedupe_key    TEXT NOT NULL UNIQUE,      -- rule id + the documents it is about
    rule_id       TEXT NOT NULL,
    rule_ref      TEXT NOT NULL,             -- checks.toml#id
    rules_version TEXT NOT NULL,
    severity      TEXT NOT NULL,
    load_id       INTEGER REFERENCES loads (id),
    message_id    INTEGER REFERENCES messages (id),
    document_ids  TEXT NOT NULL,             -- JSON array
    sentence      TEXT NOT NULL,
    status        TEXT NOT NULL,             -- open | resolved
    created_at    TEXT NOT NULL
);

-- The outbox is the queue of notifications: written in the same transaction as what caused them,
-- sent afterwards, marked sent only once the transport accepted them.
CREATE TABLE outbox (
    id            INTEGER PRIMARY KEY,
    dedupe_key    TEXT NOT NULL UNIQUE,      -- event + subject of the event: written once
    event         TEXT NOT NULL,
    rule_ref      TEXT NOT NULL,
    rules_version TEXT NOT NULL,
    load_id       INTEGER REFERENCES loads (id),
    cause_message_id INTEGER REFERENCES messages (id),
    email_message_id TEXT NOT NULL UNIQUE,   -- the Message-ID the notification is sent with
    to_addrs      TEXT NOT NULL,             -- ';'-separated
    subject       TEXT NOT NULL,
    body          TEXT NOT NULL,
    in_reply_to   TEXT,
    refs          TEXT,                      -- References header value
    attachments   TEXT NOT NULL,             -- JSON array of {"sha256","filename","content_type"}
    status        TEXT NOT NULL,             -- pending | sent | failed
    attempts      INTEGER NOT NULL,
    last_error    TEXT,
    created_at    TEXT NOT NULL,
    sent_at       TEXT
);
