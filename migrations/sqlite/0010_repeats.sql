-- Repeats: a document whose attachment bytes and pages were already filed on the same load (or,
-- both unlinked, with no load): a carrier's system resending its paperwork, a forwarding loop.
-- A repeat is kept, shown and judged when it arrives (a resent invoice is still a duplicate
-- invoice), but it adds nothing to its load's state: the load is judged for later messages from
-- its distinct documents, so a message costs the same after 2,000 resends as after none.

-- The attachment's SHA-256 and the document's pages: "<sha256>:[1,2]".
ALTER TABLE documents ADD COLUMN content_key TEXT;
-- The first document with the same content on the same load, when this one repeats it.
ALTER TABLE documents ADD COLUMN repeat_of INTEGER REFERENCES documents (id);

UPDATE documents SET content_key =
    (SELECT a.sha256 FROM attachments a WHERE a.id = documents.attachment_id) || ':' || pages
    WHERE attachment_id IS NOT NULL;
CREATE INDEX documents_content ON documents (content_key, load_id);
UPDATE documents SET repeat_of =
    (SELECT MIN(o.id) FROM documents o
     WHERE o.content_key = documents.content_key AND o.load_id IS documents.load_id
       AND o.id < documents.id)
    WHERE content_key IS NOT NULL;
-- A load's distinct documents, read for every message of the load.
CREATE INDEX documents_load_distinct ON documents (load_id, repeat_of, id);
