-- Payment batches (`freightdesk ap export`): the carrier invoices ready to pay, handed to
-- accounts payable in batches; an invoice is in one batch at most (its document id is the key),
-- so no invoice is paid twice however often the export runs.

CREATE TABLE payment_batches (
    id          INTEGER PRIMARY KEY,
    created_at  TEXT NOT NULL,               -- ISO 8601, UTC
    actor       TEXT NOT NULL,               -- who exported it (cli:NAME)
    invoices    INTEGER NOT NULL,
    total_usd   TEXT NOT NULL                -- decimal, two places
);

CREATE TABLE payment_batch_invoices (
    document_id INTEGER PRIMARY KEY REFERENCES documents (id),
    batch_id    INTEGER NOT NULL REFERENCES payment_batches (id)
);
