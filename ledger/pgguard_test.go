package ledger_test

import (
	"context"
	"database/sql"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgconn"
)

// guardSetup is a deal with one payment on it, in SQL both dialects read:
// creator, campaign, deal, two requests (one paid under reference R-1), the
// payment's transfer with its home amount, a creator event, a payee event
// and a closed period.
var guardSetup = []string{
	`INSERT INTO creators (id, name, created_at) VALUES (1, 'Chloe', 0)`,
	`INSERT INTO campaigns (id, name, created_at) VALUES (1, 'Spring', 0)`,
	`INSERT INTO deals (id, creator_id, campaign_id, currency, rule_kind, rule_value, hold_days, created_at)
		VALUES (1, 1, 1, 'USD', 'percent', 1000, 30, 0)`,
	`INSERT INTO requests (id, deal_id, amount, currency, status, created_at, created_by, updated_at, reference)
		VALUES (1, 1, 500, 'USD', 'paid', 0, 'tester', 0, 'R-1')`,
	`INSERT INTO requests (id, deal_id, amount, currency, status, created_at, created_by, updated_at)
		VALUES (2, 1, 700, 'USD', 'requested', 0, 'tester', 0)`,
	`INSERT INTO transfers (id, deal_id, currency, from_account, to_account, amount, kind, date, at, operator, op_id, request_id, remaining_after, posting_date)
		VALUES (1, 1, 'USD', 'requested', 'bank_cash', 500, 'pay', '2026-11-01', 0, 'tester', 'op-1', 1, 0, '2026-11-01')`,
	`INSERT INTO payment_fx (transfer_id, home_amount, home_currency) VALUES (1, 460, 'EUR')`,
	`INSERT INTO creator_events (creator_id, field, old_value, new_value, at, operator, op_id) VALUES (1, 'email', '', 'c@example.com', 0, 'tester', 'op-2')`,
	`INSERT INTO payee_events (deal_id, action, account, at, operator, op_id) VALUES (1, 'link', 'acct_1', 0, 'tester', 'op-3')`,
	`INSERT INTO periods (action, through, closed_through, last_transfer, operator, op_id, at) VALUES ('close', '2026-10-31', '2026-10-31', 1, 'tester', 'op-4', 0)`,
}

// Every guard refuses the same write on both backends with the same
// message; PostgreSQL's raise is SQLSTATE P0001 with the message alone. An
// insert of a taken transfer ID is refused by the primary key on
// PostgreSQL (see transfers_no_replace in sqliteOnlyTriggers), which the
// store words as SQLite's trigger does.
func TestPostgresGuardsMatchSQLite(t *testing.T) {
	const appendOnly = "transfers are append-only: post a reversing transfer instead"
	tests := []struct {
		name, stmt, msg string
		pgOnly          bool   // SQLite has no such statement
		pgKey           string // refused on PostgreSQL by this key (23505), not a trigger
	}{
		{"TransferUpdate", `UPDATE transfers SET amount = 1 WHERE id = 1`, appendOnly, false, ""},
		{"TransferDelete", `DELETE FROM transfers WHERE id = 1`, appendOnly, false, ""},
		{"TransferTakenID", `INSERT INTO transfers (id, deal_id, currency, from_account, to_account, amount, kind, date, at, operator, op_id, remaining_after)
			VALUES (1, 1, 'USD', 'owed', 'requested', 9, 'request', '2026-11-02', 0, 'x', 'op-9', 0)`, appendOnly, false, "transfers_pkey"},
		{"TransferUpsert", `INSERT INTO transfers (id, deal_id, currency, from_account, to_account, amount, kind, date, at, operator, op_id, remaining_after)
			VALUES (1, 1, 'USD', 'owed', 'requested', 9, 'request', '2026-11-02', 0, 'x', 'op-9', 0) ON CONFLICT (id) DO UPDATE SET amount = excluded.amount`, appendOnly, true, ""},
		{"TransferTruncate", `TRUNCATE transfers CASCADE`, appendOnly, true, ""},
		{"PaymentFXUpdate", `UPDATE payment_fx SET home_amount = 1`, "payment amounts are append-only: reverse the payment instead", false, ""},
		{"PaymentFXDelete", `DELETE FROM payment_fx`, "payment amounts are append-only: reverse the payment instead", false, ""},
		{"CreatorEventUpdate", `UPDATE creator_events SET new_value = 'x'`, "creator history is append-only", false, ""},
		{"CreatorEventDelete", `DELETE FROM creator_events`, "creator history is append-only", false, ""},
		{"PayeeEventUpdate", `UPDATE payee_events SET reason = 'x'`, "payee history is append-only", false, ""},
		{"PayeeEventDelete", `DELETE FROM payee_events`, "payee history is append-only", false, ""},
		{"PeriodUpdate", `UPDATE periods SET reason = 'x'`, "periods are append-only: reopen with a reason instead", false, ""},
		{"PeriodDelete", `DELETE FROM periods`, "periods are append-only: reopen with a reason instead", false, ""},
		{"PeriodTruncate", `TRUNCATE periods`, "periods are append-only: reopen with a reason instead", true, ""},
		{"ReferenceOnOtherRequest", `UPDATE requests SET reference = 'R-1' WHERE id = 2`, "a reference pays one payment: it is already used by another", false, ""},
		{"ReferenceTwiceInOneInsert", `INSERT INTO requests (id, deal_id, amount, currency, status, created_at, created_by, updated_at, reference)
			VALUES (5, 1, 100, 'USD', 'paid', 0, 'tester', 0, 'R-9'), (6, 1, 100, 'USD', 'paid', 0, 'tester', 0, 'R-9')`, "a reference pays one payment: it is already used by another", false, ""},
		{"ReferenceOnNewRequest", `INSERT INTO requests (id, deal_id, amount, currency, status, created_at, created_by, updated_at, reference)
			VALUES (3, 1, 100, 'USD', 'paid', 0, 'tester', 0, 'R-1')`, "a reference pays one payment: it is already used by another", false, ""},
	}
	pg, lite := pgSchemaDB(t), sqliteSchemaDB(t)
	for _, db := range []*sql.DB{pg, lite} {
		for _, q := range guardSetup {
			if _, err := db.Exec(q); err != nil {
				t.Fatalf("setup %s: %v", q, err)
			}
		}
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if !tt.pgOnly {
				_, err := lite.Exec(tt.stmt)
				if err == nil || !strings.Contains(err.Error(), tt.msg) {
					t.Errorf("SQLite: %v, want %q", err, tt.msg)
				}
			}
			_, err := pg.Exec(tt.stmt)
			var pe *pgconn.PgError
			if !errors.As(err, &pe) {
				t.Fatalf("PostgreSQL: %v, want a refusal %q", err, tt.msg)
			}
			if tt.pgKey != "" {
				if pe.Code != "23505" || pe.ConstraintName != tt.pgKey {
					t.Errorf("PostgreSQL: %s %s %q, want 23505 on %s", pe.Code, pe.ConstraintName, pe.Message, tt.pgKey)
				}
				return
			}
			if pe.Code != "P0001" || pe.Message != tt.msg {
				t.Errorf("PostgreSQL: %s %q, want P0001 %q", pe.Code, pe.Message, tt.msg)
			}
		})
	}
	// The guards refuse; they do not stop what is allowed: one payment's
	// second request may share its reference, and a payment's request
	// keeps its own.
	for _, db := range []*sql.DB{pg, lite} {
		if _, err := db.Exec(`UPDATE requests SET reference = 'R-1', payment = 1 WHERE id = 2`); err != nil {
			t.Errorf("second request of payment 1 under its reference: %v", err)
		}
		if _, err := db.Exec(`UPDATE requests SET status = 'paid' WHERE id = 1`); err != nil {
			t.Errorf("request keeping its reference: %v", err)
		}
	}
}

// Both backends refuse the same bad rows (CHECK, NOT NULL, foreign and
// unique keys, NOCASE keys), whatever their messages.
func TestPostgresConstraintsMatchSQLite(t *testing.T) {
	bad := []string{
		`INSERT INTO creators (name, created_at) VALUES ('  ', 0)`,
		`INSERT INTO creators (name, created_at) VALUES ('CHLOE', 0)`, // NOCASE twin of Chloe
		`INSERT INTO campaigns (name, created_at) VALUES ('spring', 0)`,
		`INSERT INTO creators (name, created_at, name_key) VALUES ('Other', 0, 'k'), ('Another', 0, 'k')`,
		`INSERT INTO deals (creator_id, campaign_id, currency, rule_kind, rule_value, hold_days, created_at) VALUES (1, 1, 'USD', 'percent', 1000, 30, 0)`,
		`INSERT INTO deals (creator_id, campaign_id, currency, rule_kind, rule_value, hold_days, created_at) VALUES (1, 1, 'EUR', 'flat', 1000, 30, 0)`,
		`INSERT INTO deals (creator_id, campaign_id, currency, rule_kind, rule_value, hold_days, created_at) VALUES (1, 1, 'EUR', 'percent', -1, 30, 0)`,
		`INSERT INTO deals (creator_id, campaign_id, currency, rule_kind, rule_value, hold_days, created_at) VALUES (99, 1, 'EUR', 'percent', 1, 30, 0)`,
		`UPDATE deals SET held = -1 WHERE id = 1`,
		`UPDATE deals SET requested = -1 WHERE id = 1`,
		`UPDATE deals SET scheduled = -1 WHERE id = 1`,
		`INSERT INTO deal_codes (code, deal_id) VALUES ('SPRING10', 1), ('spring10', 1)`,
		`INSERT INTO transfers (deal_id, currency, from_account, to_account, amount, kind, date, at, operator, op_id, remaining_after)
			VALUES (1, 'USD', 'owed', 'owed', 5, 'x', '2026-11-02', 0, 'x', 'o', 0)`,
		`INSERT INTO transfers (deal_id, currency, from_account, to_account, amount, kind, date, at, operator, op_id, remaining_after)
			VALUES (1, 'USD', 'owed', 'requested', 0, 'x', '2026-11-02', 0, 'x', 'o', 0)`,
		`INSERT INTO fees (deal_id, amount, status, created_at) VALUES (1, 5, 'maybe', 0)`,
		`UPDATE requests SET status = 'lost' WHERE id = 2`,
		`INSERT INTO outbox (kind, to_addr, subject, message, created_at, created_by) VALUES ('spam', 'a@b', 's', 'm', 0, 'x')`,
		`INSERT INTO creator_tax (creator_id, form, updated_at) VALUES (1, 'W-2', 0)`,
		`INSERT INTO payment_fx (transfer_id, home_amount, home_currency) VALUES (1, 0, 'EUR')`,
		`INSERT INTO periods (action, through, closed_through, last_transfer, operator, op_id, at) VALUES ('lock', 'a', 'b', 1, 'x', 'o', 0)`,
		`INSERT INTO payee_events (deal_id, action, account, at, operator, op_id) VALUES (1, 'swap', 'a', 0, 'x', 'o')`,
		`INSERT INTO settings (key) VALUES ('k')`,
	}
	pg, lite := pgSchemaDB(t), sqliteSchemaDB(t)
	for _, db := range []*sql.DB{pg, lite} {
		for _, q := range guardSetup {
			if _, err := db.Exec(q); err != nil {
				t.Fatalf("setup %s: %v", q, err)
			}
		}
	}
	for _, q := range bad {
		_, lerr := lite.Exec(q)
		_, perr := pg.Exec(q)
		if lerr == nil || perr == nil {
			t.Errorf("%s\nSQLite: %v\nPostgreSQL: %v\nwant both refused", q, lerr, perr)
		}
	}
}

// An insert with explicit IDs (a copy, the journal's numbered batch) moves
// the identity sequence on: the next insert without an ID does not collide.
func TestPostgresExplicitIDsMoveTheSequence(t *testing.T) {
	pg := pgSchemaDB(t)
	for _, q := range guardSetup {
		if _, err := pg.Exec(q); err != nil {
			t.Fatalf("setup %s: %v", q, err)
		}
	}
	var id int64
	if err := pg.QueryRow(`INSERT INTO transfers (deal_id, currency, from_account, to_account, amount, kind, date, at, operator, op_id, remaining_after)
		VALUES (1, 'USD', 'owed', 'requested', 5, 'request', '2026-11-02', 0, 'x', 'o', 0) RETURNING id`).Scan(&id); err != nil {
		t.Fatal(err)
	}
	if id != 2 {
		t.Errorf("transfer after explicit ID 1 got ID %d, want 2", id)
	}
	if _, err := pg.Exec(`INSERT INTO transfers (id, deal_id, currency, from_account, to_account, amount, kind, date, at, operator, op_id, remaining_after)
		VALUES (10, 1, 'USD', 'owed', 'requested', 5, 'request', '2026-11-02', 0, 'x', 'o', 0), (11, 1, 'USD', 'owed', 'requested', 5, 'request', '2026-11-02', 0, 'x', 'o', 0)`); err != nil {
		t.Fatal(err)
	}
	if err := pg.QueryRow(`INSERT INTO creators (name, created_at) VALUES ('Next', 0) RETURNING id`).Scan(&id); err != nil || id != 2 {
		t.Errorf("creator after explicit ID 1: %d, %v; want 2", id, err)
	}
	if err := pg.QueryRow(`INSERT INTO transfers (deal_id, currency, from_account, to_account, amount, kind, date, at, operator, op_id, remaining_after)
		VALUES (1, 'USD', 'owed', 'requested', 5, 'request', '2026-11-02', 0, 'x', 'o', 0) RETURNING id`).Scan(&id); err != nil {
		t.Fatal(err)
	}
	if id != 12 {
		t.Errorf("transfer after explicit IDs 10, 11 got ID %d, want 12", id)
	}
}

// The nocase collation sorts and compares as SQLite's NOCASE does for
// ASCII names.
func TestPostgresNocaseCollation(t *testing.T) {
	pg := pgSchemaDB(t)
	for _, q := range []string{`INSERT INTO creators (name, created_at) VALUES ('bob', 0), ('Alice', 0), ('carol', 0), ('Bea', 0)`} {
		if _, err := pg.Exec(q); err != nil {
			t.Fatal(err)
		}
	}
	got := strings.Join(strings1(t, pg, `SELECT name FROM creators ORDER BY name COLLATE NOCASE`), ",")
	if got != "Alice,Bea,bob,carol" {
		t.Errorf("ORDER BY name COLLATE NOCASE: %s", got)
	}
	var eq bool
	if err := pg.QueryRow(`SELECT 'ALICE' = 'alice' COLLATE NOCASE`).Scan(&eq); err != nil || !eq {
		t.Errorf("'ALICE' = 'alice' COLLATE NOCASE: %v, %v", eq, err)
	}
	var n int
	if err := pg.QueryRow(`SELECT count(*) FROM creators WHERE name ILIKE '%B%'`).Scan(&n); err != nil || n != 2 {
		t.Errorf("ILIKE on a name: %d, %v; want 2 (a nondeterministic collation on the column would refuse LIKE)", n, err)
	}
	// A page of the list, after a key, is read along creators_by_name,
	// not sorted (the planner is told to avoid scans and sorts where it
	// can: the table is small).
	conn, err := pg.Conn(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	if _, err := conn.ExecContext(context.Background(), `SET enable_seqscan = off; SET enable_bitmapscan = off; SET enable_sort = off`); err != nil {
		t.Fatal(err)
	}
	rows, err := conn.QueryContext(context.Background(), `EXPLAIN SELECT id FROM creators cr WHERE (cr.name, cr.id) > ($1 COLLATE NOCASE, $2)
		ORDER BY cr.name COLLATE NOCASE, cr.id LIMIT 200`, "bob", 0)
	if err != nil {
		t.Fatal(err)
	}
	var plan []string
	for rows.Next() {
		var line string
		if err := rows.Scan(&line); err != nil {
			t.Fatal(err)
		}
		plan = append(plan, line)
	}
	rows.Close()
	if p := strings.Join(plan, "\n"); !strings.Contains(p, "creators_by_name") || strings.Contains(p, "Sort") {
		t.Errorf("a page of creators by name:\n%s", p)
	}
}

// The reference guard looks the reference up for each row it checks. A
// plan cached while the table was small would scan the whole table for
// every row of a large insert (a copy of a ledger): quadratic. A large
// insert with the guard costs a few times what it costs without, not
// hundreds.
func TestPostgresReferenceGuardScales(t *testing.T) {
	if testing.Short() {
		t.Skip("inserts 2 x 30,000 rows")
	}
	pg := pgSchemaDB(t)
	for _, q := range guardSetup[:3] {
		if _, err := pg.Exec(q); err != nil {
			t.Fatal(err)
		}
	}
	insert := func(first int) time.Duration {
		start := time.Now()
		if _, err := pg.Exec(`INSERT INTO requests (id, deal_id, amount, currency, status, created_at, created_by, updated_at, reference)
			SELECT i, 1, 100, 'USD', 'paid', 0, 'tester', 0, 'R-' || i FROM generate_series($1::bigint, $1::bigint + 29999) AS i`, first); err != nil {
			t.Fatal(err)
		}
		return time.Since(start)
	}
	if _, err := pg.Exec(`ALTER TABLE requests DISABLE TRIGGER requests_reference_one_payment_insert`); err != nil {
		t.Fatal(err)
	}
	without := insert(1_000_000)
	if _, err := pg.Exec(`DELETE FROM requests; ALTER TABLE requests ENABLE TRIGGER requests_reference_one_payment_insert`); err != nil {
		t.Fatal(err)
	}
	with := insert(1)
	t.Logf("30,000 requests with references: %v with the guard, %v without", with, without)
	if with > 8*without+5*time.Second {
		t.Errorf("30,000 requests with references took %v with the guard, %v without", with, without)
	}
}
