-- Version 16: the Deals list sorts an amount column within a currency
-- (ledger/deals_list.go orders by currency, then the amount, then the ID),
-- so € and $ are never ranked against each other by their raw numbers.
-- Each amount index of version 10 becomes a (currency, amount) index, so a
-- page deep in the list still starts at its key; the old ones go, so a
-- posting rewrites no more indexes than before.
DROP INDEX deals_by_commission;
DROP INDEX deals_by_fees_confirmed;
DROP INDEX deals_by_bonuses;
DROP INDEX deals_by_paid;
DROP INDEX deals_by_held;
DROP INDEX deals_by_owed;
DROP INDEX deals_by_requested;
DROP INDEX deals_by_remaining;
DROP INDEX deals_by_scheduled;
CREATE INDEX deals_by_commission ON deals(currency, commission);
CREATE INDEX deals_by_fees_confirmed ON deals(currency, (fees - scheduled));
CREATE INDEX deals_by_bonuses ON deals(currency, bonuses);
CREATE INDEX deals_by_paid ON deals(currency, paid);
CREATE INDEX deals_by_held ON deals(currency, held);
CREATE INDEX deals_by_owed ON deals(currency, owed);
CREATE INDEX deals_by_requested ON deals(currency, requested);
CREATE INDEX deals_by_remaining ON deals(currency, (held + owed + requested));
CREATE INDEX deals_by_scheduled ON deals(currency, scheduled);
