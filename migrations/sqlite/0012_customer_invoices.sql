-- Customer invoices (accounts receivable): one per load, made when the load's paperwork is
-- complete (src/billing); a supplemental invoice for charges that came later; a credit memo
-- (kind 'credit_memo', its lines the credited invoice's negated) when a person corrects one, which
-- then names it in `credited_by`. `seq` is the invoice sequence (the number printed is
-- [billing] invoice_prefix + seq as six digits). `body` is the invoice as JSON (its lines, bill-to,
-- references): the PDF is rendered from it, byte for byte the same each time. `kind` is
-- 'invoice', 'supplemental' or 'credit_memo'.
CREATE TABLE customer_invoices (
    id             INTEGER PRIMARY KEY,
    seq            INTEGER NOT NULL UNIQUE,
    invoice_number TEXT NOT NULL UNIQUE,
    kind           TEXT NOT NULL,
    load_id        INTEGER NOT NULL REFERENCES loads (id),
    customer_id    TEXT NOT NULL,
    total_usd      TEXT NOT NULL,      -- USD, two decimals
    issued_on      TEXT NOT NULL,      -- ISO 8601 date
    due_on         TEXT NOT NULL,      -- ISO 8601 date
    body           TEXT NOT NULL,      -- the invoice as JSON
    document_ids   TEXT NOT NULL,      -- JSON array: the documents whose pages go with it
    message_id     INTEGER,            -- the message whose paperwork completed the load
    created_at     TEXT NOT NULL,      -- ISO 8601, UTC: when it was made
    paid_on        TEXT,               -- ISO 8601 date the customer paid (`ar paid`); NULL: open
    credited_by    TEXT                -- the credit memo that cancels it (`ar credit`); NULL: none
);
-- A load is invoiced once, whatever crashes, restarts or re-delivered email happen.
-- (A credited invoice no longer counts: the load is billed again, once.)
CREATE UNIQUE INDEX customer_invoices_one_per_load ON customer_invoices (load_id)
    WHERE kind = 'invoice' AND credited_by IS NULL;

-- A TMS export imported with `freightdesk loads import FILE.csv`: per load number, its customer,
-- the customer's rate (USD) and references. Billing uses it when no lane of lanes.csv prices the
-- load (the lane table is trusted first); the load need not be booked yet.
CREATE TABLE load_imports (
    load_number        TEXT PRIMARY KEY,
    customer_id        TEXT NOT NULL,
    customer_rate_usd  TEXT NOT NULL,   -- linehaul, USD, two decimals
    fuel_surcharge_usd TEXT,            -- USD, two decimals; NULL: none
    po_number          TEXT,
    imported_at        TEXT NOT NULL
);
