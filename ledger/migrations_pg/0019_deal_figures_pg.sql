-- Version 19 (twin of migrations/0019, which changes nothing on SQLite):
-- no index of deals covers a figure, and deals keeps half of each page
-- free, so that an update of a deal's figures is a HOT update (issue 18).
--
-- PostgreSQL differs from SQLite here. SQLite rewrites a row in place, and
-- only the indexes of the columns an UPDATE sets (dealUpdate sets the
-- figures that changed). PostgreSQL writes a new version of the row, and
-- unless no indexed column changed and the version fits in the row's own
-- page (heap-only, HOT), it adds an entry for it to every index of the
-- table, those of unchanged columns too. A million-row order import
-- changes the commission, held, owed and revenue of about 10,000 deals in
-- each of its 16 chunks (dealsUpdate), and each of those 155,000 versions
-- went into 13 indexes: 11.7 s of the server's time, 0.8 s without the
-- nine figure indexes (pg_stat_statements, one machine). Without them
-- nothing indexed changes after a deal is made (its ID, creator, campaign
-- and currency), so a figure update writes no index entry and the old
-- versions are pruned within the page.
--
-- A HOT update needs room in the row's page, and a chunk updates every
-- deal of a page in one statement: fillfactor 50 keeps that room, and the
-- next chunk to read the page prunes what the last one left. The deals
-- take about twice the space, some 4 MB for 12,000 (a million-row import
-- left 32 MB of deals and their indexes before, 5 MB after). Rows written
-- before this migration sit in full pages: their next update moves each,
-- once, to a page with room, since a new version goes only where the
-- fillfactor allows.
--
-- The Deals list loses nothing measurable. Its page by keyset compares a
-- row, (currency, amount, ID) > (...), and these indexes hold no ID (on
-- SQLite an index ends on the rowid): with or without them PostgreSQL
-- read the deals from the page's currency on and sorted them (top-N). A
-- page 11,000 deals deep in the 12,000-deal program, sorted on an amount,
-- took 4.2 to 5.8 ms (p50) without them and 4.2 to 6.0 ms with them, in
-- one run. deals_by_currency stays: a deal's currency never changes.
DROP INDEX IF EXISTS deals_by_commission;
DROP INDEX IF EXISTS deals_by_fees_confirmed;
DROP INDEX IF EXISTS deals_by_bonuses;
DROP INDEX IF EXISTS deals_by_paid;
DROP INDEX IF EXISTS deals_by_held;
DROP INDEX IF EXISTS deals_by_owed;
DROP INDEX IF EXISTS deals_by_requested;
DROP INDEX IF EXISTS deals_by_remaining;
DROP INDEX IF EXISTS deals_by_scheduled;
ALTER TABLE deals SET (fillfactor = 50);
UPDATE payouts_meta SET value = '19' WHERE key = 'schema_version';
