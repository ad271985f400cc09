-- Version 10: the deal list reads a page by keyset (the sort key and the
-- deal ID of the last row shown), not by OFFSET. An index per column the
-- Deals screen sorts on lets a page deep in the list start at its key and
-- read 200 rows, instead of sorting every deal. Each index ends on the
-- rowid, the ID tiebreaker. Creator and campaign names already have their
-- UNIQUE NOCASE indexes. The expressions are written as the list sorts on
-- them (ledger/deals_list.go), or the planner would not use them.
CREATE INDEX deals_by_currency ON deals(currency);
CREATE INDEX deals_by_commission ON deals(commission);
CREATE INDEX deals_by_fees_confirmed ON deals((fees - scheduled));
CREATE INDEX deals_by_bonuses ON deals(bonuses);
CREATE INDEX deals_by_paid ON deals(paid);
CREATE INDEX deals_by_held ON deals(held);
CREATE INDEX deals_by_owed ON deals(owed);
CREATE INDEX deals_by_requested ON deals(requested);
CREATE INDEX deals_by_remaining ON deals((held + owed + requested));
CREATE INDEX deals_by_scheduled ON deals(scheduled);
