-- Version 11: every payout request a remittance advice covers (a batch
-- paid together is one message per creator), so a replayed payment finds
-- its advice already in the outbox and sends nothing.
CREATE TABLE outbox_requests (
	outbox_id   INTEGER NOT NULL REFERENCES outbox (id),
	request_id  INTEGER NOT NULL REFERENCES requests (id),
	PRIMARY KEY (outbox_id, request_id)
);
CREATE INDEX outbox_requests_request ON outbox_requests (request_id);
