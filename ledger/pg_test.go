package ledger_test

import (
	"database/sql"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/payouts/payouts/internal/pgtest"
	"github.com/payouts/payouts/ledger"
)

// A write on one store changes DataVersion of another store on the same
// ledger within a second (the app's refresh): on PostgreSQL by
// LISTEN/NOTIFY, on SQLite by data_version.
func TestDataVersionSeesOtherStore(t *testing.T) {
	a, c := MustOpen(t)
	b, err := ledger.Open(a.Path())
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	b.Now = c.Now
	v0, err := b.DataVersion(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := a.AddCreator(ctx, ledger.CreatorInput{Name: "Ana"}); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(time.Second)
	for {
		v, err := b.DataVersion(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if v != v0 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("DataVersion still %d a second after the other store's write", v)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// Opening a PostgreSQL ledger says in one line what is wrong with the
// address, the server or the database, and refuses a database that is not
// an empty one or a Payouts ledger this version knows.
func TestOpenPostgresRefusals(t *testing.T) {
	empty := pgtest.URL(t)
	foreign := pgtest.URL(t)
	pgExec(t, foreign, `CREATE TABLE invoices (id BIGINT PRIMARY KEY)`)
	newer := pgtest.URL(t)
	s, err := ledger.Open(newer)
	if err != nil {
		t.Fatal(err)
	}
	s.Close()
	pgExec(t, newer, `UPDATE payouts_meta SET value = '999' WHERE key = 'schema_version'`)
	for _, tt := range []struct {
		name, url, code, want string
		opts                  ledger.OpenOptions
	}{
		{"Unreachable", "postgres://tester@127.0.0.1:1/payouts?connect_timeout=5", ledger.EUNAVAILABLE, "cannot reach the database server at 127.0.0.1:1", ledger.OpenOptions{}},
		{"NoSuchDatabase", pgtest.As(strings.Replace(empty, "/t", "/nope_t", 1), pgtest.Superuser), ledger.ENOTFOUND, "there is no database nope_t", ledger.OpenOptions{}},
		{"NoSuchRole", pgtest.As(empty, "nobody_here"), ledger.EUNAVAILABLE, "refused user nobody_here", ledger.OpenOptions{}},
		{"Foreign", foreign, ledger.EINVALID, "is not a Payouts ledger", ledger.OpenOptions{}},
		{"Newer", newer, ledger.EINVALID, "written by a newer version of Payouts (schema 999", ledger.OpenOptions{}},
		{"MustExist", empty, ledger.ENOTFOUND, "no ledger at", ledger.OpenOptions{MustExist: true}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			s, err := ledger.OpenWith(tt.url, tt.opts)
			if err == nil {
				s.Close()
				t.Fatal("opened")
			}
			msg := ledger.ErrorMessage(err)
			if ledger.ErrorCode(err) != tt.code || !strings.Contains(msg, tt.want) || strings.Contains(msg, "\n") {
				t.Fatalf("error = %q (%s), want one line with %q (%s)", msg, ledger.ErrorCode(err), tt.want, tt.code)
			}
		})
	}
	// The refused databases are as they were.
	var n int
	if err := queryRow(t, foreign, `SELECT count(*) FROM pg_tables WHERE schemaname = 'public'`).Scan(&n); err != nil || n != 1 {
		t.Fatalf("foreign database has %d tables, %v", n, err)
	}
}

// On PostgreSQL the store says so, shows its URL without the password and
// records the database role as the operator, whatever PAYOUTS_OPERATOR says.
func TestOpenPostgres(t *testing.T) {
	t.Setenv("PAYOUTS_OPERATOR", "someone else")
	u := pgtest.URL(t)
	withPassword := strings.Replace(u, pgtest.Superuser+"@", pgtest.Superuser+":s3cret@", 1)
	s, err := ledger.Open(withPassword) // the test cluster trusts loopback: the password is not checked
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	s.SetOperator("typed name")
	if s.Backend() != ledger.BackendPostgres || strings.Contains(s.Path(), "s3cret") || !strings.HasPrefix(s.Path(), "postgres://") {
		t.Fatalf("backend %s, path %s", s.Backend(), s.Path())
	}
	deal := MustDeal(t, s, "Ana", "USD", pct10)
	id := mustRequest(t, s, deal, 500)
	r, err := s.Request(ctx, id)
	if err != nil || r.CreatedBy != pgtest.Superuser {
		t.Fatalf("request %+v, %v: want created by %s", r, err, pgtest.Superuser)
	}
	// Opening it again applies nothing and finds the same ledger.
	again, err := ledger.Open(u)
	if err != nil {
		t.Fatal(err)
	}
	defer again.Close()
	if d, err := again.Deal(ctx, deal); err != nil || d.Requested != 500 {
		t.Fatalf("deal %+v, %v", d, err)
	}
}

// Eight people on eight machines request and pay on one deal at once: every
// operation either commits whole or is refused in words (nothing owed), a
// conflicting run is run again, each request is paid once, no balance goes
// under its floor, and check is clean.
func TestConcurrentRequestAndPay(t *testing.T) {
	if !onPostgres() {
		t.Skip("PostgreSQL's concurrency (SQLite's writers queue on one lock: TestWritersDuringImport)")
	}
	s, _ := MustOpen(t)
	deal := MustDeal(t, s, "Ana", "USD", pct10)
	if _, err := s.AddBonus(ctx, ledger.BonusInput{DealID: deal, Amount: 10000}); err != nil {
		t.Fatal(err)
	}
	const clients, rounds = 8, 6
	var wg sync.WaitGroup
	errs := make(chan error, clients*rounds)
	paid := make(chan int64, clients*rounds)
	for i := range clients {
		c, err := ledger.Open(s.Path())
		if err != nil {
			t.Fatal(err)
		}
		defer c.Close()
		c.Now = s.Now
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range rounds {
				req, err := c.RequestPayout(ctx, ledger.RequestInput{DealID: deal, Amount: 300})
				if ledger.ErrorCode(err) == ledger.EINVALID {
					continue // nothing left owed: refused in words
				} else if err != nil {
					errs <- fmt.Errorf("client %d request %d: %w", i, j, err)
					return
				}
				if err := c.PayOffline(ctx, ledger.PayInput{RequestID: req, Reference: fmt.Sprintf("C%d-%d", i, j)}); err != nil {
					errs <- fmt.Errorf("client %d pay %d: %w", i, j, err)
					return
				}
				paid <- req
			}
		}()
	}
	wg.Wait()
	close(errs)
	close(paid)
	for err := range errs {
		t.Error(err)
	}
	n := int64(0)
	for range paid {
		n++
	}
	d, err := s.Deal(ctx, deal)
	if err != nil {
		t.Fatal(err)
	}
	if d.Paid != 300*n || d.Owed != 10000-300*n || d.Owed < 0 || d.Requested != 0 || n != 10000/300 {
		t.Fatalf("%d payments of 300, deal %+v", n, d.Balances)
	}
	MustCheck(t, s)
}

func pgExec(tb testing.TB, url, q string) {
	tb.Helper()
	db, err := sql.Open("pgx", url)
	if err != nil {
		tb.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Exec(q); err != nil {
		tb.Fatalf("%s: %v", q, err)
	}
}

type rowScanner struct {
	db  *sql.DB
	row *sql.Row
}

func (r rowScanner) Scan(dest ...any) error {
	defer r.db.Close()
	return r.row.Scan(dest...)
}

func queryRow(tb testing.TB, url, q string) interface{ Scan(...any) error } {
	tb.Helper()
	db, err := sql.Open("pgx", url)
	if err != nil {
		tb.Fatal(err)
	}
	return rowScanner{db, db.QueryRow(q)}
}

// A role the ledger's owner granted nothing is refused in one line naming
// it, not with the server's error.
func TestOpenPostgresWithoutRights(t *testing.T) {
	u := pgtest.URL(t)
	s, err := ledger.Open(u)
	if err != nil {
		t.Fatal(err)
	}
	s.Close()
	pgExec(t, u, `DO $$ BEGIN CREATE ROLE outsider LOGIN; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$`)
	_, err = ledger.Open(pgtest.As(u, "outsider"))
	msg := ledger.ErrorMessage(err)
	if ledger.ErrorCode(err) != ledger.EPERMISSION || !strings.Contains(msg, "you (role outsider) may not") || strings.Contains(msg, "\n") {
		t.Fatalf("error = %q (%s), want a one-line refusal naming outsider", msg, ledger.ErrorCode(err))
	}
}
