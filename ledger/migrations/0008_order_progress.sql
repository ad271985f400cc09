-- Version 8: how far each order has gone, so an import of an older export
-- cannot undo a newer one. An order's refunded amount only grows, a
-- refunded order never becomes paid again and a cancelled one never comes
-- back; an import that says otherwise is older than the ledger, and its
-- row is reported as stale instead of applied. Orders imported before this
-- version have no status ('') and refunded 0: nothing is assumed of them.
ALTER TABLE orders ADD COLUMN status TEXT NOT NULL DEFAULT '';
ALTER TABLE orders ADD COLUMN refunded INTEGER NOT NULL DEFAULT 0;
ALTER TABLE orders ADD COLUMN cancelled INTEGER NOT NULL DEFAULT 0;
