-- Version 3: guards the ledger keeps even against a writer that goes around
-- its methods. `payouts check` verifies that every one of these triggers
-- (and those of version 1) still exists.

-- INSERT OR REPLACE with an existing ID deletes the old row without firing
-- a delete trigger (recursive_triggers is off) and writes a new one: a
-- payment's date, reference and operator could be rewritten. An insert
-- whose ID is taken is refused before the conflict is resolved.
CREATE TRIGGER IF NOT EXISTS transfers_no_replace BEFORE INSERT ON transfers
WHEN EXISTS (SELECT 1 FROM transfers WHERE id = NEW.id)
BEGIN SELECT RAISE(ABORT, 'transfers are append-only: post a reversing transfer instead'); END;

-- SQLite turns an integer sum that overflows int64 into a REAL, which an
-- INTEGER column then keeps as REAL: a balance would silently lose cents.
-- Every cached sum is refused unless it is still an integer, whichever
-- writer (an operation, an import, a bulk load) computed it.
CREATE TRIGGER IF NOT EXISTS brand_accounts_no_overflow_insert BEFORE INSERT ON brand_accounts
WHEN typeof(NEW.balance) <> 'integer'
BEGIN SELECT RAISE(ABORT, 'amount too large: a brand balance would overflow'); END;
CREATE TRIGGER IF NOT EXISTS brand_accounts_no_overflow_update BEFORE UPDATE ON brand_accounts
WHEN typeof(NEW.balance) <> 'integer'
BEGIN SELECT RAISE(ABORT, 'amount too large: a brand balance would overflow'); END;
CREATE TRIGGER IF NOT EXISTS deals_no_overflow BEFORE UPDATE ON deals
WHEN typeof(NEW.scheduled) <> 'integer' OR typeof(NEW.held) <> 'integer' OR typeof(NEW.owed) <> 'integer'
	OR typeof(NEW.requested) <> 'integer' OR typeof(NEW.paid) <> 'integer' OR typeof(NEW.commission) <> 'integer'
	OR typeof(NEW.fees) <> 'integer' OR typeof(NEW.bonuses) <> 'integer' OR typeof(NEW.revenue) <> 'integer'
BEGIN SELECT RAISE(ABORT, 'amount too large: a deal total would overflow'); END;
