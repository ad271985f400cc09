-- Version 5: the report indexes of version 4 led with kind and date, which
-- made SQLite sort every row of the range to group it by deal. These lead
-- with the deal: the report reads each deal's range in order ("deal_id IN
-- (deals)"), never sorts a million rows, and a report filtered to a
-- campaign or a currency reads only the ranges of its deals. Both still
-- cover their query (no table lookups).
DROP INDEX IF EXISTS transfers_report;
DROP INDEX IF EXISTS orders_report;
CREATE INDEX IF NOT EXISTS transfers_deal_report ON transfers(deal_id, kind, date, amount);
CREATE INDEX IF NOT EXISTS orders_deal_report ON orders(deal_id, paid_date, base);
