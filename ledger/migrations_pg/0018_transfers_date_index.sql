-- Version 18 (twin of migrations/0018_transfers_date_index.sql):
-- transfers_date goes; nothing selects transfers by document date across
-- deals any more.
DROP INDEX IF EXISTS transfers_date;
UPDATE payouts_meta SET value = '18' WHERE key = 'schema_version';
