-- Version 4: the Reports figures are GROUP BYs over transfers and orders in
-- a date range. Both indexes cover their query (no table lookups): a
-- transfer is found by kind and posting date, an order by paid date; on the
-- large program (a million orders) the per-creator report of a year reads
-- only these.
CREATE INDEX IF NOT EXISTS transfers_report ON transfers(kind, date, deal_id, amount);
CREATE INDEX IF NOT EXISTS orders_report ON orders(paid_date, deal_id, base);
