-- Version 17: orders_deal (deal_id) goes. orders_deal_report (deal_id,
-- paid_date, base) leads with the same column, so every lookup of a deal's
-- orders (the reports, the foreign key's check when a deal row changes)
-- uses that one; the second index only cost every order written one more
-- B-tree insert (a million-row import writes a third of a million orders).
DROP INDEX IF EXISTS orders_deal;
