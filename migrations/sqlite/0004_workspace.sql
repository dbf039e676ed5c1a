-- The web workspace (freightdesk serve): staff users, their login sessions, the audit log, and
-- who resolved an exception by hand and why. Existing exceptions keep their id, created_at and
-- status (open | resolved); those resolved by a document keep resolved_by_document.

CREATE TABLE users (
    id            INTEGER PRIMARY KEY,
    name          TEXT NOT NULL UNIQUE,
    role          TEXT NOT NULL,             -- clerk | admin
    password_hash TEXT NOT NULL,             -- argon2id, PHC string
    disabled      INTEGER NOT NULL DEFAULT 0,
    created_at    TEXT NOT NULL
);

-- A login: the cookie holds a random token; only its SHA-256 is stored.
CREATE TABLE sessions (
    token_sha256  TEXT PRIMARY KEY,
    user_id       INTEGER NOT NULL REFERENCES users (id),
    csrf          TEXT NOT NULL,             -- the token every POST form of this session carries
    created_at    TEXT NOT NULL,
    expires_at    TEXT NOT NULL
);
CREATE INDEX sessions_user ON sessions (user_id);

-- Every action taken by a person: who, when, what, on what, before -> after, and their note.
CREATE TABLE audit (
    id            INTEGER PRIMARY KEY,
    at            TEXT NOT NULL,
    actor         TEXT NOT NULL,             -- user name; "cli" for the command line
    action        TEXT NOT NULL,             -- resolve | user_add | user_disable
    subject       TEXT NOT NULL,             -- exception:12, user:dana
    load_id       INTEGER REFERENCES loads (id),
    before_value  TEXT,
    after_value   TEXT,
    note          TEXT
);
CREATE INDEX audit_subject ON audit (subject, id);
CREATE INDEX audit_load ON audit (load_id);

ALTER TABLE exceptions ADD COLUMN resolved_by_user TEXT;
ALTER TABLE exceptions ADD COLUMN resolution_note TEXT;

-- The queue: open (or resolved) exceptions, oldest first.
CREATE INDEX exceptions_queue ON exceptions (status, created_at, id);
CREATE INDEX exceptions_load ON exceptions (load_id);
CREATE INDEX outbox_load ON outbox (load_id);
CREATE INDEX messages_load ON messages (load_id);
