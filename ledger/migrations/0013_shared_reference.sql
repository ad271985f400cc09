-- Version 13: one bank transfer often pays several requests of one
-- creator in one currency. A reference now names one payment, which may pay
-- several requests: requests.payment groups them (the ID of the payment's
-- first request; NULL for a payment of one request, Stripe's included).
-- The reference stays unique per payment, no longer per request: a trigger
-- refuses it on a request of any other payment, whichever writer tries.
DROP INDEX requests_reference;
ALTER TABLE requests ADD COLUMN payment INTEGER;
CREATE INDEX requests_reference ON requests (reference) WHERE reference IS NOT NULL;

CREATE TRIGGER requests_reference_one_payment_update BEFORE UPDATE OF reference, payment ON requests
WHEN NEW.reference IS NOT NULL AND EXISTS (SELECT 1 FROM requests o WHERE o.reference = NEW.reference
	AND o.id <> NEW.id AND coalesce(o.payment, o.id) <> coalesce(NEW.payment, NEW.id))
BEGIN SELECT RAISE(ABORT, 'a reference pays one payment: it is already used by another'); END;
CREATE TRIGGER requests_reference_one_payment_insert BEFORE INSERT ON requests
WHEN NEW.reference IS NOT NULL AND EXISTS (SELECT 1 FROM requests o WHERE o.reference = NEW.reference
	AND coalesce(o.payment, o.id) <> coalesce(NEW.payment, NEW.id))
BEGIN SELECT RAISE(ABORT, 'a reference pays one payment: it is already used by another'); END;
