-- Version 15: accounting periods. Each transfer has three dates: its
-- document date (date: when it happened, as before), its recorded-at time
-- (at: when it was written, as before) and now its posting date: the day
-- of the books it is posted on. They are equal unless the document date is
-- inside a closed period; then the transfer is posted on the first open
-- day. Exports select by posting date, so a closed period never changes.
--
-- Transfers written before this version were posted on their own date.
-- Filling the new column is the one update transfers ever get: the guard is
-- lifted for it, inside this migration's transaction, and put back as it was.
ALTER TABLE transfers ADD COLUMN posting_date TEXT NOT NULL DEFAULT '';
DROP TRIGGER transfers_no_update;
UPDATE transfers SET posting_date = date;
CREATE TRIGGER transfers_no_update BEFORE UPDATE ON transfers
BEGIN SELECT RAISE(ABORT, 'transfers are append-only: post a reversing transfer instead'); END;
CREATE INDEX transfers_posting ON transfers(posting_date, id);

-- The Reports figures (and the workbook's Attribution sheet) are by posting
-- date too: the index of version 5, on the posting date.
DROP INDEX IF EXISTS transfers_deal_report;
CREATE INDEX transfers_deal_report ON transfers(deal_id, kind, posting_date, amount);

-- Every close and reopen, in order, append only. closed_through is the lock
-- after the event ('' when no period is closed): the last row's is the one
-- in force. last_transfer is the highest transfer ID when the event was
-- recorded, so a check can tell which lock each later transfer was posted
-- under.
CREATE TABLE periods (
	id             INTEGER PRIMARY KEY,
	action         TEXT NOT NULL CHECK (action IN ('close', 'reopen')),
	through        TEXT NOT NULL,            -- the last day of the period closed, or reopened
	closed_through TEXT NOT NULL,            -- the lock after this event, '' for none
	reason         TEXT NOT NULL DEFAULT '',
	last_transfer  INTEGER NOT NULL,
	operator       TEXT NOT NULL,
	op_id          TEXT NOT NULL,
	at             INTEGER NOT NULL          -- unix milliseconds
);
CREATE TRIGGER periods_no_update BEFORE UPDATE ON periods
BEGIN SELECT RAISE(ABORT, 'periods are append-only: reopen with a reason instead'); END;
CREATE TRIGGER periods_no_delete BEFORE DELETE ON periods
BEGIN SELECT RAISE(ABORT, 'periods are append-only: reopen with a reason instead'); END;
