-- Version 20 (twin of migrations/0020_deferred_keys.sql) changes nothing
-- but the version on PostgreSQL. On SQLite it makes the foreign keys of
-- transfers and orders deferred and two guards RAISE(FAIL), so that SQLite
-- keeps no statement journal for a batch of rows. PostgreSQL keeps none:
-- its keys are DEFERRABLE since schema 16, and a statement that fails
-- fails its transaction.
UPDATE payouts_meta SET value = '20' WHERE key = 'schema_version';
