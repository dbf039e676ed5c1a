-- Exceptions settled by later paperwork, and the same exception raised once on the same facts.

-- An exception whose cause is a missing document (no POD, no lumper receipt, no booked load) is
-- resolved when that document arrives: status becomes 'resolved', with the document that settled
-- it and when.
ALTER TABLE exceptions ADD COLUMN resolved_by_document INTEGER REFERENCES documents (id);
ALTER TABLE exceptions ADD COLUMN resolved_at TEXT;

-- What the exception says, as a key: rule id + load + the values its sentence is built from
-- (normalized). While one exception with a key is open, raising the same key again records
-- nothing and emails no one (the same POD re-sent). Rows from before this migration have none.
ALTER TABLE exceptions ADD COLUMN fact_key TEXT;
CREATE UNIQUE INDEX exceptions_open_fact_key ON exceptions (fact_key) WHERE status = 'open';

-- A load's references, by load: a booked load looks for the documents waiting for it by them.
CREATE INDEX load_refs_load ON load_refs (load_id);

-- Whether a load's milestone was queued, asked after every message of the load.
CREATE INDEX outbox_load_event ON outbox (load_id, event);
