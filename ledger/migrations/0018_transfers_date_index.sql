-- Version 18: transfers_date (date, id) goes. Since version 15 the exports,
-- the Reports and the books select transfers by posting date
-- (transfers_posting, transfers_deal_report); what still reads the document
-- date reads it for one deal (a history page by date: transfers_deal) or
-- for paid requests (the tax-year report: an index of requests on status,
-- then transfers_request). The index only cost every transfer written one more
-- B-tree insert: a million-row import writes more than half a million
-- transfers, and `payouts check` compared every transfer with it.
DROP INDEX IF EXISTS transfers_date;
