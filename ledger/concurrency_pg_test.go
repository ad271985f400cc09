package ledger_test

import (
	"database/sql"
	"fmt"
	"math/rand/v2"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/payouts/payouts/internal/pgtest"
	"github.com/payouts/payouts/ledger"
)

// TestPostgresEightClients is a team at work on one PostgreSQL ledger: 8
// clients, each its own Store (its own pool, as 8 machines would have),
// request payouts on a few deals and pay requests from the one shared
// queue at the same time, while bonuses keep adding to what is owed. Two
// clients often pick the same request to pay, or the same deal's owed to
// request against: only the database's SERIALIZABLE transactions (and
// the retry of an operation it refuses) keep that from paying a request
// twice or requesting more than is owed. At the end: each request paid
// at most once, by exactly the one client told it succeeded; no deal's
// balance below its floor (owed, requested); every deal's bonuses equal
// to owed + requested + paid (nothing requested beyond them); the sum of
// payments equal to the sum of paid requests; and check clean.
func TestPostgresEightClients(t *testing.T) {
	if !onPostgres() {
		t.Skip("PostgreSQL only (PAYOUTS_TEST_BACKEND=postgres): many clients on one database")
	}
	const clients = 8
	run := 4 * time.Second
	if raceEnabled {
		run = 2 * time.Second
	}
	s, _ := MustOpen(t)
	// Six creators, a deal each, in three currencies: few enough that
	// clients collide on the same deal and the same request all the time.
	var deals []int64
	for i, cur := range []string{"USD", "EUR", "USD", "GBP", "EUR", "USD"} {
		deals = append(deals, MustDeal(t, s, fmt.Sprintf("Creator %d", i+1), cur, pct10))
	}
	for _, d := range deals {
		if _, err := s.AddBonus(ctx, ledger.BonusInput{DealID: d, Amount: 200_000, Comment: "start"}); err != nil {
			t.Fatal(err)
		}
	}

	stores := make([]*ledger.Store, clients)
	for i := range stores {
		c, err := ledger.Open(s.Path())
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { c.Close() })
		c.Now = s.Now
		stores[i] = c
	}

	var (
		mu       sync.Mutex
		paidBy   = map[int64][]int{} // request -> clients told their payment of it succeeded
		paidSum  int64               // sum of the amounts of those payments
		requests atomic.Int64
		refused  atomic.Int64 // over owed, already paid: the ledger's own refusals
		gaveUp   atomic.Int64 // retried too often (EUNAVAILABLE)
		refs     atomic.Int64
	)
	deadline := time.Now().Add(run)
	var wg sync.WaitGroup
	// A client keeps going after an unexpected error, so the checks
	// below still see what the rest did; the first few are reported.
	errs := make(chan error, clients*3)
	for i, c := range stores {
		wg.Add(1)
		go func() {
			defer wg.Done()
			rng := rand.New(rand.NewPCG(uint64(i), 7))
			fail := func(err error) {
				select {
				case errs <- err:
				default:
				}
			}
			for time.Now().Before(deadline) {
				d := deals[rng.IntN(len(deals))]
				switch n := rng.IntN(10); {
				case n == 0: // more is owed
					if _, err := c.AddBonus(ctx, ledger.BonusInput{DealID: d, Amount: 50_000, Comment: fmt.Sprint("client ", i)}); err != nil && !expected(err, &gaveUp) {
						fail(fmt.Errorf("client %d: bonus: %w", i, err))
					}
				case n < 5: // a request against owed, sometimes more than is left
					_, err := c.RequestPayout(ctx, ledger.RequestInput{DealID: d, Amount: int64(1 + rng.IntN(60_000))})
					switch {
					case err == nil:
						requests.Add(1)
					case ledger.ErrorCode(err) == ledger.EINVALID:
						refused.Add(1)
					case !expected(err, &gaveUp):
						fail(fmt.Errorf("client %d: request: %w", i, err))
					}
				default: // pay one of the first requests in the queue: the ones others pick too
					q, err := c.Requests(ctx, ledger.RequestQuery{Status: ledger.StatusRequested, Limit: 4})
					if err != nil {
						fail(fmt.Errorf("client %d: queue: %w", i, err))
						continue
					}
					if len(q) == 0 {
						continue
					}
					r := q[rng.IntN(len(q))]
					err = c.PayOffline(ctx, ledger.PayInput{RequestID: r.ID, Reference: fmt.Sprintf("TRX-%d-%d", i, refs.Add(1))})
					switch {
					case err == nil:
						mu.Lock()
						paidBy[r.ID] = append(paidBy[r.ID], i)
						paidSum += r.Amount
						mu.Unlock()
					case ledger.ErrorCode(err) == ledger.ECONFLICT:
						refused.Add(1)
					case !expected(err, &gaveUp):
						fail(fmt.Errorf("client %d: pay request %d: %w", i, r.ID, err))
					}
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	t.Logf("%d clients, %s: %d requests, %d payments, %d refused by the ledger (over owed, already paid), %d gave up after retries",
		clients, run, requests.Load(), len(paidBy), refused.Load(), gaveUp.Load())
	if requests.Load() < 10 || len(paidBy) < 10 {
		t.Errorf("too little happened to prove anything: %d requests, %d payments", requests.Load(), len(paidBy))
	}

	for id, who := range paidBy {
		if len(who) > 1 {
			t.Errorf("request %d paid %d times, by clients %v", id, len(who), who)
		}
	}
	db, err := sql.Open("pgx", pgtest.As(s.Path(), pgtest.Superuser))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	// The database's own count, whatever the clients were told.
	rows, err := db.Query(`SELECT request_id, count(*) FROM transfers WHERE kind = $1 GROUP BY request_id HAVING count(*) > 1`, ledger.KindPaid)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var id, n int64
		if err := rows.Scan(&id, &n); err != nil {
			t.Fatal(err)
		}
		t.Errorf("request %d has %d payments in transfers", id, n)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	var payments, paidRequests, paidCount int64
	if err := db.QueryRow(`SELECT
		(SELECT coalesce(sum(amount), 0) FROM transfers WHERE kind = $1),
		(SELECT coalesce(sum(amount), 0) FROM requests WHERE status = $2),
		(SELECT count(*) FROM requests WHERE status = $2)`, ledger.KindPaid, ledger.StatusPaid).Scan(&payments, &paidRequests, &paidCount); err != nil {
		t.Fatal(err)
	}
	if payments != paidRequests || payments != paidSum || paidCount != int64(len(paidBy)) {
		t.Errorf("payments in transfers %d, paid requests %d (%d of them), payments the clients were told of %d (%d)",
			payments, paidRequests, paidCount, paidSum, len(paidBy))
	}
	for _, d := range deals {
		b := mustBalances(t, s, d)
		if b.Owed < 0 || b.Requested < 0 {
			t.Errorf("deal %d below its floor: owed %d, requested %d", d, b.Owed, b.Requested)
		}
		if b.Owed+b.Requested+b.Paid != b.Bonuses {
			t.Errorf("deal %d: owed %d + requested %d + paid %d is not its bonuses %d (requested beyond what was owed?)",
				d, b.Owed, b.Requested, b.Paid, b.Bonuses)
		}
	}
	MustCheck(t, s)
}

// expected reports an operation refused because others kept changing the
// same figures (counted: a sign of contention, not of a wrong result).
func expected(err error, gaveUp *atomic.Int64) bool {
	if ledger.ErrorCode(err) == ledger.EUNAVAILABLE {
		gaveUp.Add(1)
		return true
	}
	return false
}
