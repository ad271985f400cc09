package ledger

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/jackc/pgx/v5/pgconn"

	"github.com/payouts/payouts/internal/pgtest"
)

// teamInitMu runs one team init at a time in this process: the group roles
// are the cluster's, shared by every test database, and PostgreSQL refuses
// two transactions granting the same membership at once ("tuple
// concurrently updated").
var teamInitMu sync.Mutex

var memberSeq atomic.Int64

// pgTeam is a fresh PostgreSQL ledger schema with the team set up, and a
// viewer, a clerk and two approvers (names unique in the cluster, dropped
// at the end), each with a connection of their own.
type pgTeam struct {
	url   string
	owner *sql.DB
	as    map[string]*sql.DB // by role: viewer, clerk, approver, approver2
	names map[string]string
}

func newPGTeam(t *testing.T) *pgTeam {
	t.Helper()
	ctx := context.Background()
	url := pgtest.URL(t)
	owner := pgOpen(t, url)
	files, _ := filepath.Glob("migrations_pg/[0-9][0-9][0-9][0-9]_*.sql")
	sort.Strings(files)
	for _, f := range files {
		body, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := owner.ExecContext(ctx, string(body)); err != nil {
			t.Fatalf("%s: %v", f, err)
		}
	}
	teamInitMu.Lock()
	defer teamInitMu.Unlock()
	for i := 0; i < 2; i++ { // twice: it is idempotent
		if err := teamInit(ctx, owner); err != nil {
			t.Fatalf("team init (run %d): %v", i+1, err)
		}
	}
	tm := &pgTeam{url: url, owner: owner, as: map[string]*sql.DB{}, names: map[string]string{}}
	n := memberSeq.Add(1)
	for _, who := range []struct {
		key  string
		role Role
	}{{"viewer", RoleViewer}, {"clerk", RoleClerk}, {"approver", RoleApprover}, {"approver2", RoleApprover}} {
		name := fmt.Sprintf("%s_%d_%d", who.key, os.Getpid(), n)
		created, err := addMember(ctx, owner, name, who.role, "")
		if err != nil || !created {
			t.Fatalf("add %s: created %v, %v", name, created, err)
		}
		t.Cleanup(func() {
			// After the connections close (cleanups run last first).
			admin := pgOpen(t, pgtest.AdminURL(t))
			admin.Exec(`DROP ROLE IF EXISTS ` + quoteIdent(name))
		})
		tm.names[who.key] = name
		tm.as[who.key] = pgOpen(t, pgtest.As(url, name))
	}
	return tm
}

func pgOpen(t *testing.T, url string) *sql.DB {
	t.Helper()
	db, err := sql.Open("pgx", url)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// pgRefusal is the message and SQLSTATE of a refused statement.
func pgRefusal(t *testing.T, err error) (code, msg string) {
	t.Helper()
	var pe *pgconn.PgError
	if !errors.As(err, &pe) {
		t.Fatalf("want a refusal from PostgreSQL, got %v", err)
	}
	return pe.Code, pe.Message
}

// TestPGTeamRoles: each member's role reads back as the ledger reads it
// (and as the database's payouts_role() does), team init is idempotent,
// and a member given another role has that one only.
func TestPGTeamRoles(t *testing.T) {
	ctx := context.Background()
	tm := newPGTeam(t)
	if r, err := pgRoleOf(ctx, tm.owner); err != nil || r != RoleOwner {
		t.Fatalf("the superuser: %q, %v; want owner", r, err)
	}
	for key, want := range map[string]Role{"viewer": RoleViewer, "clerk": RoleClerk, "approver": RoleApprover} {
		r, err := pgRoleOf(ctx, tm.as[key])
		if err != nil || r != want {
			t.Errorf("%s: role %q, %v; want %s", tm.names[key], r, err, want)
		}
		var fn string
		if err := tm.as[key].QueryRow(`SELECT payouts_role()`).Scan(&fn); err != nil || Role(fn) != want {
			t.Errorf("%s: payouts_role() %q, %v; want %s", tm.names[key], fn, err, want)
		}
	}
	ms, err := members(ctx, tm.owner)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]Role{}
	for _, m := range ms {
		got[m.Name] = m.Role
		if !m.Login {
			t.Errorf("%s cannot log in", m.Name)
		}
	}
	for key, want := range map[string]Role{"viewer": RoleViewer, "clerk": RoleClerk, "approver": RoleApprover} {
		if got[tm.names[key]] != want {
			t.Errorf("members: %s is %q, want %s (all: %v)", tm.names[key], got[tm.names[key]], want, ms)
		}
	}
	// The clerk made a viewer is no longer a clerk.
	if created, err := addMember(ctx, tm.owner, tm.names["clerk"], RoleViewer, ""); err != nil || created {
		t.Fatalf("re-grant: created %v, %v", created, err)
	}
	if r, _ := pgRoleOf(ctx, tm.as["clerk"]); r != RoleViewer {
		t.Fatalf("after re-grant: %q, want viewer", r)
	}
	for _, bad := range []string{"Alice", "payouts_x", "a b", "x;drop"} {
		if _, err := addMember(ctx, tm.owner, bad, RoleClerk, ""); ErrorCode(err) != EINVALID {
			t.Errorf("name %q: %v, want refused", bad, err)
		}
	}
}

// TestPGTeamDatabaseRefuses: a hand-written SQL client is refused by the
// database what the app refuses: a clerk's payment or fee confirmation, a
// viewer's write, anyone's change of a transfer, an approver's payment of
// their own request with approvals on, and anyone but the owner's change
// of the approvals setting; each refusal one line in the ledger's words.
func TestPGTeamDatabaseRefuses(t *testing.T) {
	tm := newPGTeam(t)
	for _, q := range []string{
		`INSERT INTO creators (id, name, created_at) VALUES (1, 'Chloe', 0)`,
		`INSERT INTO campaigns (id, name, created_at) VALUES (1, 'Spring', 0)`,
		`INSERT INTO deals (id, creator_id, campaign_id, currency, rule_kind, rule_value, hold_days, created_at, owed)
			VALUES (1, 1, 1, 'USD', 'percent', 1000, 30, 0, 5000)`,
		`INSERT INTO fees (id, deal_id, amount, status, created_at) VALUES (1, 1, 300, 'scheduled', 0)`,
		`INSERT INTO transfers (id, deal_id, currency, from_account, to_account, amount, kind, date, at, operator, op_id, remaining_after, posting_date)
			VALUES (1, 1, 'USD', 'bonus_expense', 'owed', 5000, 'bonus', '2026-11-01', 0, 'postgres', 'op-1', 5000, '2026-11-01')`,
	} {
		if _, err := tm.owner.Exec(q); err != nil {
			t.Fatalf("setup %s: %v", q, err)
		}
	}
	clerk, approver := tm.names["clerk"], tm.names["approver"]
	// The clerk requests (as the app would write it), claiming to be the
	// approver: the database records the clerk.
	if _, err := tm.as["clerk"].Exec(`INSERT INTO requests (id, deal_id, amount, currency, status, created_at, created_by, updated_at)
		VALUES (1, 1, 1000, 'USD', 'requested', 0, '` + approver + `', 0)`); err != nil {
		t.Fatalf("a clerk requests: %v", err)
	}
	var by string
	tm.owner.QueryRow(`SELECT created_by FROM requests WHERE id = 1`).Scan(&by)
	if by != clerk {
		t.Fatalf("created_by %q, want the clerk %s (the role that inserted it)", by, clerk)
	}
	// And one the approver requests.
	if _, err := tm.as["approver"].Exec(`INSERT INTO requests (id, deal_id, amount, currency, status, created_at, created_by, updated_at)
		VALUES (2, 1, 1000, 'USD', 'requested', 0, 'x', 0)`); err != nil {
		t.Fatalf("an approver requests: %v", err)
	}
	if _, err := tm.owner.Exec(`INSERT INTO settings (key, value) VALUES ('team.approvals', 'on')`); err != nil {
		t.Fatalf("the owner turns approvals on: %v", err)
	}

	payTransfer := func(id, req int) string {
		return fmt.Sprintf(`INSERT INTO transfers (id, deal_id, currency, from_account, to_account, amount, kind, date, at, operator, op_id, request_id, remaining_after, posting_date)
			VALUES (%d, 1, 'USD', 'requested', 'bank_cash', 1000, 'paid', '2026-11-02', 0, 'x', 'op-%d', %d, 0, '2026-11-02')`, id, id, req)
	}
	tests := []struct {
		name, who, stmt, want string
	}{
		{"ClerkPaysByTransfer", "clerk", payTransfer(10, 1), "you (" + clerk + ", a clerk) may not pay payout requests: ask an approver"},
		{"ClerkPaysByStatus", "clerk", `UPDATE requests SET status = 'paid', paid_by = 'x' WHERE id = 1`, "you (" + clerk + ", a clerk) may not pay payout requests: ask an approver"},
		{"ClerkSettlesWithStripe", "clerk", `UPDATE requests SET status = 'settling' WHERE id = 1`, "you (" + clerk + ", a clerk) may not pay payout requests: ask an approver"},
		{"ClerkConfirmsFee", "clerk", `UPDATE fees SET status = 'confirmed' WHERE id = 1`, "you (" + clerk + ", a clerk) may not confirm fixed fees: ask an approver"},
		{"ClerkAddsConfirmedFee", "clerk", `INSERT INTO fees (deal_id, amount, status, created_at) VALUES (1, 5, 'confirmed', 0)`, "you (" + clerk + ", a clerk) may not confirm fixed fees: ask an approver"},
		{"ClerkReverses", "clerk", `INSERT INTO transfers (id, deal_id, currency, from_account, to_account, amount, kind, date, at, operator, op_id, remaining_after, posting_date)
			VALUES (11, 1, 'USD', 'bank_cash', 'owed', 10, 'paid_reversed', '2026-11-02', 0, 'x', 'op-11', 0, '2026-11-02')`, "you (" + clerk + ", a clerk) may not reverse payments: ask an approver"},
		{"ClerkClosesPeriod", "clerk", `INSERT INTO periods (action, through, closed_through, last_transfer, operator, op_id, at) VALUES ('close', '2026-10-31', '2026-10-31', 1, 'x', 'op-p', 0)`, "permission denied for table periods"},
		{"ClerkHomeAmount", "clerk", `INSERT INTO payment_fx (transfer_id, home_amount, home_currency) VALUES (1, 1, 'EUR')`, "permission denied for table payment_fx"},
		{"ViewerAddsCreator", "viewer", `INSERT INTO creators (name, created_at) VALUES ('Bea', 0)`, "permission denied for table creators"},
		{"ViewerRequests", "viewer", `UPDATE requests SET comment = 'x' WHERE id = 1`, "permission denied for table requests"},
		{"ApproverUpdatesTransfer", "approver", `UPDATE transfers SET amount = 1 WHERE id = 1`, "permission denied for table transfers"},
		{"ApproverDeletesTransfer", "approver", `DELETE FROM transfers WHERE id = 1`, "permission denied for table transfers"},
		{"ApproverPaysOwnByTransfer", "approver", payTransfer(12, 2), "payout request 2 was requested by " + approver + ", and with approvals on someone else must pay it: ask another approver"},
		{"ApproverPaysOwnByStatus", "approver", `UPDATE requests SET status = 'paid' WHERE id = 2`, "payout request 2 was requested by " + approver + ", and with approvals on someone else must pay it: ask another approver"},
		{"ApproverTurnsApprovalsOff", "approver", `UPDATE settings SET value = 'off' WHERE key = 'team.approvals'`, "you (" + approver + ", an approver) may not turn approvals on or off: ask the ledger's owner"},
		{"ApproverDeletesApprovals", "approver", `DELETE FROM settings WHERE key = 'team.approvals'`, "you (" + approver + ", an approver) may not turn approvals on or off: ask the ledger's owner"},
		{"ApproverChangesAmount", "approver", `UPDATE requests SET amount = 1 WHERE id = 1`, "a payout request's amount, deal and currency never change: cancel it and request again"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := tm.as[tc.who].Exec(tc.stmt)
			code, msg := pgRefusal(t, err)
			if code != "42501" || msg != tc.want || strings.Contains(msg, "\n") {
				t.Fatalf("%s: SQLSTATE %s %q, want 42501 %q", tc.who, code, msg, tc.want)
			}
		})
	}
	// What they may do: the other approver pays the approver's request,
	// the approver the clerk's; a clerk sets an ordinary setting.
	for _, ok := range []struct{ who, stmt string }{
		{"approver2", payTransfer(20, 2)},
		{"approver2", `UPDATE requests SET status = 'paid', paid_by = 'someone', reference = 'R-2' WHERE id = 2`},
		{"approver", payTransfer(21, 1)},
		{"approver", `UPDATE requests SET status = 'paid', paid_by = 'x', reference = 'R-1' WHERE id = 1`},
		{"approver", `UPDATE fees SET status = 'confirmed' WHERE id = 1`},
		{"clerk", `INSERT INTO settings (key, value) VALUES ('home_currency', 'EUR')`},
	} {
		if _, err := tm.as[ok.who].Exec(ok.stmt); err != nil {
			t.Fatalf("%s: %s: %v", ok.who, ok.stmt, err)
		}
	}
	// Through the ledger, the triggers' refusals read as the ledger's own.
	st, err := Open(pgtest.As(tm.url, clerk))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	_, err = st.db.Exec(pgRaw + payTransfer(30, 1))
	if err = st.pgError(err); ErrorCode(err) != EPERMISSION || ErrorMessage(err) != "you ("+clerk+", a clerk) may not pay payout requests: ask an approver" {
		t.Fatalf("a trigger's refusal through the ledger: %v (%s)", err, ErrorCode(err))
	}
	var paidBy string
	tm.owner.QueryRow(`SELECT paid_by FROM requests WHERE id = 2`).Scan(&paidBy)
	if paidBy != tm.names["approver2"] {
		t.Fatalf("paid_by %q, want the role that paid, %s", paidBy, tm.names["approver2"])
	}
}
