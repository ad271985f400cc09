-- Version 9: the outbox of messages to creators (payment requests,
-- remittance advice, statements). A message is recorded, whole, before it
-- is sent: a crash never loses one, and because sending first claims the
-- row (status 'sending'), a crash between claim and reply never sends it a
-- second time without a person deciding to (retry --force).
CREATE TABLE outbox (
	id          INTEGER PRIMARY KEY,
	kind        TEXT NOT NULL CHECK (kind IN ('request', 'remittance', 'statement', 'test')),
	to_addr     TEXT NOT NULL,
	to_name     TEXT NOT NULL DEFAULT '',
	subject     TEXT NOT NULL,
	creator_id  INTEGER REFERENCES creators (id),
	deal_id     INTEGER REFERENCES deals (id),
	request_id  INTEGER REFERENCES requests (id),
	message     BLOB NOT NULL,
	status      TEXT NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'sending', 'sent', 'failed')),
	reply       TEXT NOT NULL DEFAULT '',
	attempts    INTEGER NOT NULL DEFAULT 0,
	created_at  INTEGER NOT NULL,
	created_by  TEXT NOT NULL,
	sent_at     INTEGER
);
CREATE INDEX outbox_creator ON outbox (creator_id, id);
