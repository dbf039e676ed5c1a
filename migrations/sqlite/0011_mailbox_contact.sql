-- Each IMAP folder a daemon reads: whether its last try reached the folder, when it was last
-- reached, why the last try failed. What /readyz, /metrics and `freightdesk status` say of the
-- mailboxes: one that fails, or that nobody reached within its interval, makes freightdesk not ready.
CREATE TABLE mailbox_contact (
    account        TEXT NOT NULL,
    folder         TEXT NOT NULL,
    reached        INTEGER NOT NULL,   -- 1: the last try reached the folder; 0: it failed
    reached_at     TEXT,               -- ISO 8601, UTC: when it was last reached (NULL: never)
    error          TEXT,               -- why the last try failed (reached = 0)
    tried_at       TEXT NOT NULL,      -- ISO 8601, UTC: the last try
    interval_secs  INTEGER NOT NULL,   -- the folder is reached at least this often when all is well
    PRIMARY KEY (account, folder)
);
