-- Payouts ledger schema, version 1.
-- Money is INTEGER minor units next to a currency code; never REAL.

CREATE TABLE creators (
	id             INTEGER PRIMARY KEY,
	name           TEXT NOT NULL UNIQUE COLLATE NOCASE CHECK (trim(name) <> ''),
	email          TEXT NOT NULL DEFAULT '',
	handle         TEXT NOT NULL DEFAULT '',
	notes          TEXT NOT NULL DEFAULT '',
	payout_details TEXT NOT NULL DEFAULT '',  -- offline: bank or PayPal text
	stripe_account TEXT NOT NULL DEFAULT '',  -- Stripe connected account ID
	created_at     INTEGER NOT NULL            -- unix milliseconds
);

CREATE TABLE campaigns (
	id         INTEGER PRIMARY KEY,
	name       TEXT NOT NULL UNIQUE COLLATE NOCASE CHECK (trim(name) <> ''),
	notes      TEXT NOT NULL DEFAULT '',
	created_at INTEGER NOT NULL
);

-- A deal is one creator in one campaign in one currency. Its four accounts
-- (scheduled, held, owed, requested) are cached here with the derived totals
-- the screens show; every cached column changes only in post(), in the same
-- transaction as the transfer, and `payouts check` recomputes them all.
CREATE TABLE deals (
	id          INTEGER PRIMARY KEY,
	creator_id  INTEGER NOT NULL REFERENCES creators(id),
	campaign_id INTEGER NOT NULL REFERENCES campaigns(id),
	currency    TEXT NOT NULL,
	rule_kind   TEXT NOT NULL CHECK (rule_kind IN ('percent', 'per_order')),
	rule_value  INTEGER NOT NULL CHECK (rule_value >= 0), -- basis points or minor units
	hold_days   INTEGER NOT NULL CHECK (hold_days >= 0),
	created_at  INTEGER NOT NULL,
	scheduled   INTEGER NOT NULL DEFAULT 0 CHECK (scheduled >= 0),
	held        INTEGER NOT NULL DEFAULT 0 CHECK (held >= 0),
	owed        INTEGER NOT NULL DEFAULT 0,  -- may be negative: a clawback
	requested   INTEGER NOT NULL DEFAULT 0 CHECK (requested >= 0),
	paid        INTEGER NOT NULL DEFAULT 0,
	commission  INTEGER NOT NULL DEFAULT 0,  -- net commission earned
	fees        INTEGER NOT NULL DEFAULT 0,  -- fixed fees agreed, net of voids
	bonuses     INTEGER NOT NULL DEFAULT 0,
	revenue     INTEGER NOT NULL DEFAULT 0,  -- order revenue attributed (base)
	UNIQUE (creator_id, campaign_id, currency)
);
CREATE INDEX deals_campaign ON deals(campaign_id);

-- Discount codes attribute orders to deals; a code belongs to one deal.
CREATE TABLE deal_codes (
	code    TEXT PRIMARY KEY COLLATE NOCASE,
	deal_id INTEGER NOT NULL REFERENCES deals(id)
) WITHOUT ROWID;
CREATE INDEX deal_codes_deal ON deal_codes(deal_id);

-- The brand's side, one row per (account, currency): expense and cash.
CREATE TABLE brand_accounts (
	kind     TEXT NOT NULL,
	currency TEXT NOT NULL,
	balance  INTEGER NOT NULL DEFAULT 0,
	PRIMARY KEY (kind, currency)
) WITHOUT ROWID;

-- Operations: the idempotency record. The same ID with the same input hash
-- returns result; with another hash it is a conflict.
CREATE TABLE operations (
	id         TEXT PRIMARY KEY,
	kind       TEXT NOT NULL,
	input_hash TEXT NOT NULL,
	result     INTEGER NOT NULL,
	operator   TEXT NOT NULL,
	at         INTEGER NOT NULL
) WITHOUT ROWID;

-- Transfers: append only. Every transfer moves a positive amount between two
-- accounts of one currency; one side is always an account of deal_id.
-- remaining_after is the deal's held+owed+requested once this transfer is
-- applied, so a history page needs no running sum.
CREATE TABLE transfers (
	id              INTEGER PRIMARY KEY,
	deal_id         INTEGER NOT NULL REFERENCES deals(id),
	currency        TEXT NOT NULL,
	from_account    TEXT NOT NULL,
	to_account      TEXT NOT NULL,
	amount          INTEGER NOT NULL CHECK (amount > 0),
	kind            TEXT NOT NULL,
	date            TEXT NOT NULL,        -- effective date, YYYY-MM-DD
	at              INTEGER NOT NULL,     -- when recorded, unix milliseconds
	operator        TEXT NOT NULL,
	op_id           TEXT NOT NULL,
	method          TEXT NOT NULL DEFAULT '',
	reference       TEXT NOT NULL DEFAULT '',
	comment         TEXT NOT NULL DEFAULT '',
	reverses        INTEGER REFERENCES transfers(id),
	fee_id          INTEGER,
	request_id      INTEGER,
	order_key       INTEGER,
	remaining_after INTEGER NOT NULL,
	CHECK (from_account <> to_account)
);
CREATE INDEX transfers_deal ON transfers(deal_id, id);
CREATE INDEX transfers_date ON transfers(date, id);

CREATE TRIGGER transfers_no_update BEFORE UPDATE ON transfers
BEGIN SELECT RAISE(ABORT, 'transfers are append-only: post a reversing transfer instead'); END;
CREATE TRIGGER transfers_no_delete BEFORE DELETE ON transfers
BEGIN SELECT RAISE(ABORT, 'transfers are append-only: post a reversing transfer instead'); END;

CREATE TABLE fees (
	id         INTEGER PRIMARY KEY,
	deal_id    INTEGER NOT NULL REFERENCES deals(id),
	amount     INTEGER NOT NULL CHECK (amount > 0),
	comment    TEXT NOT NULL DEFAULT '',
	status     TEXT NOT NULL CHECK (status IN ('scheduled', 'confirmed', 'voided')),
	created_at INTEGER NOT NULL
);
CREATE INDEX fees_deal ON fees(deal_id);

-- Payout requests. Status moves requested -> paid | cancelled, and for
-- Stripe requested -> settling -> paid | failed -> requested.
CREATE TABLE requests (
	id              INTEGER PRIMARY KEY,
	deal_id         INTEGER NOT NULL REFERENCES deals(id),
	amount          INTEGER NOT NULL CHECK (amount > 0),
	currency        TEXT NOT NULL,
	status          TEXT NOT NULL CHECK (status IN ('requested', 'settling', 'paid', 'failed', 'cancelled')),
	comment         TEXT NOT NULL DEFAULT '',
	created_at      INTEGER NOT NULL,
	created_by      TEXT NOT NULL,
	updated_at      INTEGER NOT NULL,
	method          TEXT NOT NULL DEFAULT '',   -- stripe, bank, paypal, other
	reference       TEXT,                       -- offline reference or Stripe transfer ID
	paid_date       TEXT NOT NULL DEFAULT '',
	paid_by         TEXT NOT NULL DEFAULT '',
	idempotency_key TEXT NOT NULL DEFAULT '',
	failure         TEXT NOT NULL DEFAULT ''
);
CREATE INDEX requests_status ON requests(status, id);
CREATE INDEX requests_deal ON requests(deal_id);
-- One reference pays once.
CREATE UNIQUE INDEX requests_reference ON requests(reference) WHERE reference IS NOT NULL;

-- Orders attributed to deals, one row per (source, order id): the figures
-- last posted, so a re-import posts only the difference.
CREATE TABLE orders (
	id          INTEGER PRIMARY KEY,
	source      TEXT NOT NULL,
	order_id    TEXT NOT NULL,
	deal_id     INTEGER NOT NULL REFERENCES deals(id),
	paid_date   TEXT NOT NULL,
	release_on  TEXT NOT NULL,              -- paid date + hold days
	base        INTEGER NOT NULL,           -- revenue the commission is on
	commission  INTEGER NOT NULL,           -- commission currently earned
	held        INTEGER NOT NULL,           -- part of commission still held
	UNIQUE (source, order_id)
);
CREATE INDEX orders_release ON orders(release_on) WHERE held > 0;
CREATE INDEX orders_deal ON orders(deal_id);

CREATE TABLE settings (
	key   TEXT PRIMARY KEY,
	value TEXT NOT NULL
) WITHOUT ROWID;
