-- Each change of where a carrier is paid (its remit-to), with its history: a Notice of Assignment
-- (NOA) read from a document, waiting for a person to confirm it with the carrier
-- (`confirmed_at` NULL), then confirmed (src/noa.rs). A confirmed change is the carrier's
-- remit-to from then on, over directory/carriers.csv; the latest confirmed one wins.
CREATE TABLE remit_to_changes (
    id               INTEGER PRIMARY KEY,
    carrier_id       TEXT,            -- directory carrier (by MC); NULL: none on file
    carrier_name     TEXT,            -- as the notice prints it
    carrier_mc       TEXT,
    factor_name      TEXT,            -- the factoring company
    remit_to_name    TEXT NOT NULL,   -- who is paid from now on
    remit_to_address TEXT,
    effective_date   TEXT,            -- ISO 8601 date, as printed
    document_id      INTEGER UNIQUE REFERENCES documents (id),  -- the notice
    received_at      TEXT NOT NULL,   -- ISO 8601, UTC
    confirmed_at     TEXT,            -- ISO 8601, UTC; NULL: not confirmed
    confirmed_by     TEXT,            -- the person who confirmed it with the carrier
    note             TEXT             -- how it was confirmed ("called Red Mesa at the number on file")
);
CREATE INDEX remit_to_changes_carrier ON remit_to_changes (carrier_id, confirmed_at);
