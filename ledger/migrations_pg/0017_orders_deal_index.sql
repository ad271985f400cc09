-- Version 17 (twin of migrations/0017_orders_deal_index.sql): orders_deal
-- goes; orders_deal_report (deal_id, paid_date, base) leads with the same
-- column.
DROP INDEX IF EXISTS orders_deal;
UPDATE payouts_meta SET value = '17' WHERE key = 'schema_version';
