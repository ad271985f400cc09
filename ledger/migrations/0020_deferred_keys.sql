-- Version 20: the writes of an import or of a large program no longer
-- need SQLite's statement journals (about 2 s of a million-row import).
--
-- SQLite keeps a journal of every statement that writes several rows and
-- may stop half-way with ABORT, so that it can undo that statement alone.
-- The ledger writes transfers and orders hundreds of rows per INSERT OR
-- FAIL, and each failure rolls the whole operation back: nothing needs the
-- statement undone. Three things still made those statements "may abort":
-- the foreign keys of transfers and orders checked at once, and the
-- RAISE(ABORT) of the guards that every such INSERT, and every update of
-- a deal's figures, runs.
--
-- The guards now RAISE(FAIL): the row they refuse is refused with the same
-- message, before it is written, and the operation rolls back as before.
-- (The deal UPDATE is OR FAIL for its CHECKs, as the INSERTs are. It still
-- keeps a statement journal: its guard calls typeof(), and SQLite counts
-- any function call as a possible abort.)
DROP TRIGGER transfers_no_replace;
CREATE TRIGGER transfers_no_replace BEFORE INSERT ON transfers
WHEN EXISTS (SELECT 1 FROM transfers WHERE id = NEW.id)
BEGIN SELECT RAISE(FAIL, 'transfers are append-only: post a reversing transfer instead'); END;
DROP TRIGGER deals_no_overflow;
CREATE TRIGGER deals_no_overflow BEFORE UPDATE ON deals
WHEN typeof(NEW.scheduled) <> 'integer' OR typeof(NEW.held) <> 'integer' OR typeof(NEW.owed) <> 'integer'
	OR typeof(NEW.requested) <> 'integer' OR typeof(NEW.paid) <> 'integer' OR typeof(NEW.commission) <> 'integer'
	OR typeof(NEW.fees) <> 'integer' OR typeof(NEW.bonuses) <> 'integer' OR typeof(NEW.revenue) <> 'integer'
BEGIN SELECT RAISE(FAIL, 'amount too large: a deal total would overflow'); END;

-- The foreign keys of transfers and orders on deals (and of a reversal on
-- the transfer it reverses) become DEFERRABLE INITIALLY DEFERRED: SQLite
-- counts a missing parent and refuses the COMMIT, so a broken reference
-- still never reaches the file. (PostgreSQL's keys are DEFERRABLE already;
-- its twin of this file changes nothing.)
-- SQLite's ALTER TABLE cannot change a constraint; this is the procedure
-- its documentation gives for changes that leave the stored rows as they
-- are (lang_altertable.html, "other kinds of table schema changes"): the
-- table's CREATE statement is rewritten in sqlite_schema, and
-- afterMigration checks the result and bumps the schema version so that
-- every connection reads the new one.
-- (A key deferred already is left as it is.)
PRAGMA writable_schema = ON;
UPDATE sqlite_schema SET sql = replace(replace(replace(sql,
		' DEFERRABLE INITIALLY DEFERRED', ''),
		'REFERENCES deals(id)', 'REFERENCES deals(id) DEFERRABLE INITIALLY DEFERRED'),
		'REFERENCES transfers(id)', 'REFERENCES transfers(id) DEFERRABLE INITIALLY DEFERRED')
	WHERE type = 'table' AND name IN ('transfers', 'orders');
PRAGMA writable_schema = OFF;
