-- IMAP intake: per account and folder, the UIDVALIDITY seen and the highest UID whose message is
-- committed (RFC 3501 2.3.1.1: a UID means the same message only while UIDVALIDITY is unchanged).
-- The messages table's content hash and Message-ID stay the guard against reading one twice; this
-- row only spares fetching what was already taken in.
CREATE TABLE imap_folders (
    account       TEXT NOT NULL,
    folder        TEXT NOT NULL,
    uidvalidity   INTEGER NOT NULL,
    last_uid      INTEGER NOT NULL,
    updated_at    TEXT NOT NULL,
    PRIMARY KEY (account, folder)
);
