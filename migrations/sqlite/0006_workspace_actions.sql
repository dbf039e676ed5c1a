-- Workspace actions on exceptions: who an exception is assigned to, how it was resolved
-- (resolved | approved: the invoice approved for payment despite it), invoices approved for
-- payment by a person.

ALTER TABLE exceptions ADD COLUMN assignee TEXT;
ALTER TABLE exceptions ADD COLUMN resolution TEXT;
CREATE INDEX exceptions_assignee ON exceptions (assignee, status);

-- A carrier invoice approved for payment by a person, despite an exception.
CREATE TABLE invoice_approvals (
    document_id   INTEGER PRIMARY KEY REFERENCES documents (id),
    approved_by   TEXT NOT NULL,
    approved_at   TEXT NOT NULL,
    exception_id  INTEGER REFERENCES exceptions (id),
    note          TEXT NOT NULL
);
