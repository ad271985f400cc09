-- Version 6: payees (Stripe Connect) and the Stripe side of payout requests.

-- A Stripe connected account the brand pays through, with the status Stripe
-- last reported for it. A desktop app gets no webhooks: the status is polled
-- (on start and on demand) and checked_at says when.
CREATE TABLE payees (
	account           TEXT PRIMARY KEY,                    -- acct_...
	creator_id        INTEGER REFERENCES creators(id),     -- invited for; NULL when linked from elsewhere (an agency)
	name              TEXT NOT NULL DEFAULT '',            -- the name on the account, as Stripe reports it
	details_submitted INTEGER NOT NULL DEFAULT 0,
	payouts_enabled   INTEGER NOT NULL DEFAULT 0,
	currently_due     TEXT NOT NULL DEFAULT '',            -- requirements.currently_due, comma-separated
	checked_at        INTEGER NOT NULL DEFAULT 0,          -- unix milliseconds; 0 = never
	created_at        INTEGER NOT NULL
) WITHOUT ROWID;

-- A deal's money goes to payee_account when set, else to its creator's
-- default account (creators.stripe_account), unless the deal was unlinked:
-- then to no account until the next link or invite.
ALTER TABLE deals ADD COLUMN payee_account TEXT NOT NULL DEFAULT '';
ALTER TABLE deals ADD COLUMN payee_unlinked INTEGER NOT NULL DEFAULT 0;

-- Every link and unlink of a deal's payee: who, when and why. Append only.
CREATE TABLE payee_events (
	id       INTEGER PRIMARY KEY,
	deal_id  INTEGER NOT NULL REFERENCES deals(id),
	action   TEXT NOT NULL CHECK (action IN ('link', 'unlink')),
	account  TEXT NOT NULL,
	reason   TEXT NOT NULL DEFAULT '',
	at       INTEGER NOT NULL,
	operator TEXT NOT NULL,
	op_id    TEXT NOT NULL
);
CREATE INDEX payee_events_deal ON payee_events(deal_id, id);
CREATE TRIGGER payee_events_no_update BEFORE UPDATE ON payee_events
BEGIN SELECT RAISE(ABORT, 'payee history is append-only'); END;
CREATE TRIGGER payee_events_no_delete BEFORE DELETE ON payee_events
BEGIN SELECT RAISE(ABORT, 'payee history is append-only'); END;

-- A Stripe payment attempt, written before the call: the destination, the
-- transfer_group the transfer is found by, and when idempotency_key was made
-- (Stripe keeps a key 24 hours: a retry after that needs a lookup first).
ALTER TABLE requests ADD COLUMN destination TEXT NOT NULL DEFAULT '';
ALTER TABLE requests ADD COLUMN transfer_group TEXT NOT NULL DEFAULT '';
ALTER TABLE requests ADD COLUMN key_at INTEGER NOT NULL DEFAULT 0;
