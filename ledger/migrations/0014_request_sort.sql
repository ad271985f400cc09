-- Version 14: the payout queue opens each view newest first by its date
-- (Paid by the day paid) and pages on from the last row shown. An index per
-- date, after the status every view filters on, lets a page be read along
-- it and stop at 500 rows instead of sorting every request of the view.
-- Each ends on the rowid, the ID tiebreaker.
CREATE INDEX requests_by_paid ON requests (status, paid_date);
CREATE INDEX requests_by_created ON requests (status, created_at);
