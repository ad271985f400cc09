-- Version 12: contractor tax data, a creator's change history, and the
-- home-currency amount of a payment.

-- What a year-end contractor report needs of a creator: the legal name and
-- tax ID on the form they sent, their address and country (ISO 3166-1
-- alpha-2), and which form is on file since when. One row per creator who
-- has any; none means nothing on file.
CREATE TABLE creator_tax (
	creator_id    INTEGER PRIMARY KEY REFERENCES creators(id),
	legal_name    TEXT NOT NULL DEFAULT '',
	tax_id        TEXT NOT NULL DEFAULT '',
	address       TEXT NOT NULL DEFAULT '',
	country       TEXT NOT NULL DEFAULT '',
	form          TEXT NOT NULL DEFAULT 'none' CHECK (form IN ('none', 'W-9', 'W-8BEN', 'W-8BEN-E', 'other')),
	form_received TEXT NOT NULL DEFAULT '',  -- YYYY-MM-DD; '' when no form
	updated_at    INTEGER NOT NULL
);

-- Every change of a creator's details, field by field: who, when, from
-- what to what (a tax ID only masked, so the history never shows one
-- whole). Append only.
CREATE TABLE creator_events (
	id         INTEGER PRIMARY KEY,
	creator_id INTEGER NOT NULL REFERENCES creators(id),
	field      TEXT NOT NULL,
	old_value  TEXT NOT NULL,
	new_value  TEXT NOT NULL,
	at         INTEGER NOT NULL,
	operator   TEXT NOT NULL,
	op_id      TEXT NOT NULL
);
CREATE INDEX creator_events_creator ON creator_events(creator_id, id);
CREATE TRIGGER creator_events_no_update BEFORE UPDATE ON creator_events
BEGIN SELECT RAISE(ABORT, 'creator history is append-only'); END;
CREATE TRIGGER creator_events_no_delete BEFORE DELETE ON creator_events
BEGIN SELECT RAISE(ABORT, 'creator history is append-only'); END;

-- What the bank actually debited, in the brand's home currency, for a
-- payment made in another currency: one row per payment transfer that has
-- one, and one for the reversal that carries it back. Integer minor units
-- of home_currency, never REAL. Append only, like the transfers.
CREATE TABLE payment_fx (
	transfer_id   INTEGER PRIMARY KEY REFERENCES transfers(id),
	home_amount   INTEGER NOT NULL CHECK (typeof(home_amount) = 'integer' AND home_amount > 0),
	home_currency TEXT NOT NULL
);
CREATE TRIGGER payment_fx_no_update BEFORE UPDATE ON payment_fx
BEGIN SELECT RAISE(ABORT, 'payment amounts are append-only: reverse the payment instead'); END;
CREATE TRIGGER payment_fx_no_delete BEFORE DELETE ON payment_fx
BEGIN SELECT RAISE(ABORT, 'payment amounts are append-only: reverse the payment instead'); END;
