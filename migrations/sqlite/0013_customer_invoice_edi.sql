-- How each customer invoice is delivered, fixed when it is made (rules/billing.toml `delivery`):
-- `delivery` is 'email', 'edi' or 'email,edi'. For EDI, `edi_receiver` is the customer's
-- interchange receiver id and `edi_written_at` (ISO 8601, UTC) when its X12 210 file was written
-- to [billing.edi] outbox; NULL: not yet (the writer retries after each delivery pass).
ALTER TABLE customer_invoices ADD COLUMN delivery TEXT NOT NULL DEFAULT 'email';
ALTER TABLE customer_invoices ADD COLUMN edi_receiver TEXT;
ALTER TABLE customer_invoices ADD COLUMN edi_written_at TEXT;
CREATE INDEX customer_invoices_edi_pending ON customer_invoices (id)
    WHERE edi_receiver IS NOT NULL AND edi_written_at IS NULL;
