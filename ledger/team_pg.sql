-- The team of a ledger on PostgreSQL (payouts team init): three group roles
-- and what each may change, enforced by the database as well as by the
-- ledger's operations, so that a hand-written SQL client cannot do what the
-- app would refuse. Applied by the ledger's owner (the role that owns its
-- tables), in one transaction, again and again: every statement is
-- idempotent. Run it again after a migration added tables.
--
-- payouts_viewer    reads everything (and so exports)
-- payouts_clerk     + creators, campaigns, deals, fees, bonuses, imports,
--                     payout requests, payees, messages, settings
-- payouts_approver  + confirms fees, pays, reverses payments, closes and
--                     reopens periods
--
-- payouts_role() (made before this file, from the Go text the ledger itself
-- reads its role with) says which of them the connected user is: 'owner'
-- for a superuser or a member of the tables' owner, who is exempt from all
-- of the below (a copy of a SQLite ledger writes its history as it was).
-- Messages are those of the ledger's own refusals, SQLSTATE 42501.

DO $$
DECLARE
	r text;
BEGIN
	FOREACH r IN ARRAY ARRAY['payouts_viewer', 'payouts_clerk', 'payouts_approver'] LOOP
		IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = r) THEN
			BEGIN
				EXECUTE format('CREATE ROLE %I NOLOGIN', r);
			EXCEPTION WHEN duplicate_object OR unique_violation THEN
				NULL; -- another database's team init made it meanwhile
			END;
		END IF;
	END LOOP;
END
$$;

-- Each role includes the one below it.
DO $$
BEGIN
	IF NOT pg_has_role('payouts_clerk', 'payouts_viewer', 'MEMBER') THEN
		GRANT payouts_viewer TO payouts_clerk;
	END IF;
	IF NOT pg_has_role('payouts_approver', 'payouts_clerk', 'MEMBER') THEN
		GRANT payouts_clerk TO payouts_approver;
	END IF;
END
$$;

DO $$
DECLARE
	s text := quote_ident(current_schema());
BEGIN
	EXECUTE format('GRANT USAGE ON SCHEMA %s TO payouts_viewer', s);
	EXECUTE format('GRANT SELECT ON ALL TABLES IN SCHEMA %s TO payouts_viewer', s);
	EXECUTE format('GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA %s TO payouts_clerk', s);
	-- Tables a later migration adds are readable too.
	EXECUTE format('ALTER DEFAULT PRIVILEGES IN SCHEMA %s GRANT SELECT ON TABLES TO payouts_viewer', s);
END
$$;

-- What clerks change. Append-only tables (transfers, the histories) get
-- INSERT only; the cached figures (deals, brand_accounts) are written by
-- every operation that posts.
GRANT INSERT, UPDATE ON creators, campaigns, deals, brand_accounts, fees, requests, orders,
	payees, outbox, settings, creator_tax TO payouts_clerk;
GRANT INSERT ON transfers, operations, deal_codes, creator_events, payee_events, outbox_requests TO payouts_clerk;
GRANT DELETE ON deal_codes, settings TO payouts_clerk;
-- What approvers add: a period's close or reopen, a payment's home amount.
GRANT INSERT ON periods, payment_fx TO payouts_approver;
-- Nobody updates, deletes or truncates transfers (the triggers refuse it
-- too, the owner included).
REVOKE UPDATE, DELETE, TRUNCATE ON transfers FROM PUBLIC, payouts_viewer, payouts_clerk, payouts_approver;

CREATE OR REPLACE FUNCTION payouts_rank(r text) RETURNS int LANGUAGE sql IMMUTABLE AS $$
	SELECT CASE r WHEN 'viewer' THEN 1 WHEN 'clerk' THEN 2 WHEN 'approver' THEN 3 WHEN 'owner' THEN 4 ELSE 0 END
$$;

CREATE OR REPLACE FUNCTION payouts_article(r text) RETURNS text LANGUAGE sql IMMUTABLE AS $$
	SELECT CASE r WHEN 'approver' THEN 'an approver' WHEN 'owner' THEN 'the ledger''s owner'
		WHEN 'viewer' THEN 'a viewer' WHEN 'clerk' THEN 'a clerk' ELSE 'with no role' END
$$;

-- payouts_need refuses, in the ledger's words, what the connected user's
-- role may not do.
CREATE OR REPLACE FUNCTION payouts_need(need text, what text) RETURNS void LANGUAGE plpgsql STABLE AS $$
DECLARE
	have text := payouts_role();
BEGIN
	IF payouts_rank(have) < payouts_rank(need) THEN
		RAISE EXCEPTION USING ERRCODE = 'insufficient_privilege',
			MESSAGE = format('you (%s, %s) may not %s: ask %s', current_user, payouts_article(have), what, payouts_article(need));
	END IF;
END
$$;

-- payouts_approval refuses the payment of request req by who requested it
-- while approvals are on.
CREATE OR REPLACE FUNCTION payouts_approval(req bigint, requester text) RETURNS void LANGUAGE plpgsql STABLE AS $$
BEGIN
	IF NOT EXISTS (SELECT 1 FROM settings WHERE key = 'team.approvals' AND value = 'on') THEN
		RETURN;
	END IF;
	IF requester IS NULL THEN
		SELECT created_by INTO requester FROM requests WHERE id = req;
	END IF;
	IF lower(trim(requester)) = lower(current_user) THEN
		RAISE EXCEPTION USING ERRCODE = 'insufficient_privilege',
			MESSAGE = format('payout request %s was requested by %s, and with approvals on someone else must pay it: ask another approver', req, requester);
	END IF;
END
$$;

-- Transfers that pay, reverse a payment or confirm a fee are an approver's.
-- The trigger's WHEN leaves every other transfer (a million-order import)
-- without a function call.
CREATE OR REPLACE FUNCTION payouts_team_transfers() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	IF payouts_role() = 'owner' THEN
		RETURN NEW;
	END IF;
	CASE NEW.kind
	WHEN 'paid' THEN
		PERFORM payouts_need('approver', 'pay payout requests');
		PERFORM payouts_approval(NEW.request_id, NULL);
	WHEN 'paid_reversed' THEN
		PERFORM payouts_need('approver', 'reverse payments');
	ELSE
		PERFORM payouts_need('approver', 'confirm fixed fees');
	END CASE;
	RETURN NEW;
END
$$;
CREATE OR REPLACE TRIGGER transfers_team BEFORE INSERT ON transfers FOR EACH ROW
	WHEN (NEW.kind IN ('paid', 'paid_reversed', 'fee_confirmed'))
	EXECUTE FUNCTION payouts_team_transfers();

-- A request records who asked for it and who paid it as the roles that
-- did; paying (settling with Stripe, or paid) is an approver's, and with
-- approvals on not the requester's. Its amount, deal and currency never
-- change.
CREATE OR REPLACE FUNCTION payouts_team_requests() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	IF payouts_role() = 'owner' THEN
		RETURN NEW;
	END IF;
	IF TG_OP = 'INSERT' THEN
		NEW.created_by := current_user;
		IF NEW.status IN ('paid', 'settling') THEN
			PERFORM payouts_need('approver', 'pay payout requests');
			PERFORM payouts_approval(NEW.id, NEW.created_by);
		END IF;
		IF NEW.paid_by <> '' THEN
			NEW.paid_by := current_user;
		END IF;
		RETURN NEW;
	END IF;
	IF NEW.amount <> OLD.amount OR NEW.deal_id <> OLD.deal_id OR NEW.currency <> OLD.currency THEN
		RAISE EXCEPTION USING ERRCODE = 'insufficient_privilege',
			MESSAGE = 'a payout request''s amount, deal and currency never change: cancel it and request again';
	END IF;
	NEW.created_by := OLD.created_by;
	IF NEW.status IN ('paid', 'settling') AND NEW.status IS DISTINCT FROM OLD.status THEN
		PERFORM payouts_need('approver', 'pay payout requests');
		PERFORM payouts_approval(OLD.id, OLD.created_by);
	END IF;
	IF NEW.paid_by IS DISTINCT FROM OLD.paid_by AND NEW.paid_by <> '' THEN
		NEW.paid_by := current_user;
	END IF;
	RETURN NEW;
END
$$;
CREATE OR REPLACE TRIGGER requests_team BEFORE INSERT OR UPDATE ON requests FOR EACH ROW
	EXECUTE FUNCTION payouts_team_requests();

-- A fee confirmed, at once or later, is an approver's.
CREATE OR REPLACE FUNCTION payouts_team_fees() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	IF TG_OP = 'INSERT' OR OLD.status IS DISTINCT FROM 'confirmed' THEN
		PERFORM payouts_need('approver', 'confirm fixed fees');
	END IF;
	RETURN NEW;
END
$$;
CREATE OR REPLACE TRIGGER fees_team BEFORE INSERT OR UPDATE ON fees FOR EACH ROW
	WHEN (NEW.status = 'confirmed')
	EXECUTE FUNCTION payouts_team_fees();

-- Closing and reopening the books are an approver's.
CREATE OR REPLACE FUNCTION payouts_team_periods() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	IF NEW.action = 'close' THEN
		PERFORM payouts_need('approver', 'close periods');
	ELSE
		PERFORM payouts_need('approver', 'reopen periods');
	END IF;
	RETURN NEW;
END
$$;
CREATE OR REPLACE TRIGGER periods_team BEFORE INSERT ON periods FOR EACH ROW
	EXECUTE FUNCTION payouts_team_periods();

-- Approvals are the owner's to turn on or off: an approver who could turn
-- them off could pay their own requests.
CREATE OR REPLACE FUNCTION payouts_team_settings() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	IF (TG_OP <> 'INSERT' AND OLD.key = 'team.approvals') OR (TG_OP <> 'DELETE' AND NEW.key = 'team.approvals') THEN
		PERFORM payouts_need('owner', 'turn approvals on or off');
	END IF;
	IF TG_OP = 'DELETE' THEN
		RETURN OLD;
	END IF;
	RETURN NEW;
END
$$;
CREATE OR REPLACE TRIGGER settings_team BEFORE INSERT OR UPDATE OR DELETE ON settings FOR EACH ROW
	EXECUTE FUNCTION payouts_team_settings();
