-- Stops of a rate confirmation or bill of lading, in printed order (stop_no from 0): where the
-- freight is picked up and delivered. Every part but the type is optional: what the document
-- prints. date is ISO 8601 (YYYY-MM-DD), time 24-hour HH:MM or HH:MM-HH:MM.
CREATE TABLE stops (
    document_id   INTEGER NOT NULL REFERENCES documents (id),
    stop_no       INTEGER NOT NULL,
    type          TEXT NOT NULL,             -- pickup | delivery
    name          TEXT,
    address       TEXT,
    city          TEXT,
    state         TEXT,
    zip           TEXT,
    date          TEXT,
    time          TEXT,
    reference     TEXT,
    page          INTEGER NOT NULL,
    PRIMARY KEY (document_id, stop_no)
);
