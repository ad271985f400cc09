package stripe_test

import (
	"context"
	"net/http"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/payouts/payouts/ledger"
	"github.com/payouts/payouts/ledger/stripe"
	"github.com/payouts/payouts/ledger/stripe/stripetest"
)

var ctx = context.Background()

const testKey = "sk_test_fakeSECRETfakeSECRET1234"

// world is a ledger with one deal whose creator has a ready Stripe account
// on the fake, and one request of 50.00 USD in the queue.
type world struct {
	s     *ledger.Store
	fake  *stripetest.Server
	sv    *stripe.Service
	deal  int64
	req   int64
	acct  string
	path  string
	clock *time.Time
}

func newWorld(t *testing.T) *world {
	t.Helper()
	w := &world{fake: stripetest.New(t, testKey), path: filepath.Join(t.TempDir(), "l.payouts")}
	w.s = openStore(t, w.path)
	now := time.Date(2026, 11, 21, 10, 0, 0, 0, time.UTC)
	w.clock = &now
	w.s.Now = func() time.Time { return *w.clock }
	cr, err := w.s.AddCreator(ctx, ledger.CreatorInput{Name: "Ana", Email: "ana@example.com"})
	must(t, err)
	ca, err := w.s.AddCampaign(ctx, ledger.CampaignInput{Name: "Spring"})
	must(t, err)
	w.deal, err = w.s.AddDeal(ctx, ledger.DealInput{CreatorID: cr, CampaignID: ca, Currency: "USD", Rule: ledger.Rule{Kind: ledger.RulePercent, Value: 1000}, HoldDays: 30})
	must(t, err)
	w.sv = w.service(t, w.s, nil)
	acct, _, err := w.sv.Invite(ctx, cr)
	must(t, err)
	w.acct = acct
	w.fake.SetReady(acct)
	_, err = w.sv.Refresh(ctx, acct)
	must(t, err)
	w.req = w.request(t, 5000)
	return w
}

func (w *world) request(t *testing.T, amount int64) int64 {
	t.Helper()
	_, err := w.s.AddBonus(ctx, ledger.BonusInput{DealID: w.deal, Amount: amount})
	must(t, err)
	id, err := w.s.RequestPayout(ctx, ledger.RequestInput{DealID: w.deal, Amount: amount})
	must(t, err)
	return id
}

func (w *world) service(t *testing.T, s *ledger.Store, hc *http.Client) *stripe.Service {
	t.Helper()
	c, err := stripe.NewClient(testKey, w.fake.URL(), hc)
	must(t, err)
	return &stripe.Service{Store: s, Client: c}
}

func openStore(t *testing.T, path string) *ledger.Store {
	t.Helper()
	s, err := ledger.Open(path)
	must(t, err)
	t.Cleanup(func() { s.Close() })
	s.Operator = "tester"
	return s
}

func must(t testing.TB, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// exactlyOnce checks that the fake made one transfer for req, and that the
// ledger paid req once, with that transfer, and is sound.
func (w *world) exactlyOnce(t *testing.T, req int64) {
	t.Helper()
	trs := w.fake.TransfersFor(req)
	if len(trs) != 1 {
		t.Fatalf("request %d: %d transfers at Stripe, want 1", req, len(trs))
	}
	r, err := w.s.Request(ctx, req)
	must(t, err)
	if r.Status != ledger.StatusPaid || r.Reference != trs[0]["id"] || r.Method != ledger.MethodStripe {
		t.Fatalf("request %d in the ledger: %+v, Stripe made %v", req, r, trs[0]["id"])
	}
	if trs[0]["amount"].(int64) != r.Amount || trs[0]["destination"] != w.acct {
		t.Fatalf("transfer %v does not match request %+v", trs[0], r)
	}
	d, _ := w.s.Deal(ctx, w.deal)
	var paid int64
	rs, _ := w.s.Requests(ctx, ledger.RequestQuery{DealID: w.deal, Status: ledger.StatusPaid})
	for _, r := range rs {
		paid += r.Amount
	}
	if d.Paid != paid {
		t.Fatalf("deal paid %d, paid requests sum %d", d.Paid, paid)
	}
	problems, err := w.s.Check(ctx)
	must(t, err)
	if len(problems) > 0 {
		t.Fatalf("check: %v", problems)
	}
}

func TestPayOnce(t *testing.T) {
	w := newWorld(t)
	res := w.sv.Pay(ctx, []int64{w.req})
	if res[0].Err != nil || res[0].TransferID == "" {
		t.Fatalf("pay: %+v", res[0])
	}
	w.exactlyOnce(t, w.req)
	// Paying again is refused by the ledger; no second call is made.
	res = w.sv.Pay(ctx, []int64{w.req})
	if ledger.ErrorCode(res[0].Err) != ledger.ECONFLICT {
		t.Fatalf("second pay: %+v", res[0])
	}
	w.exactlyOnce(t, w.req)
	if n := w.fake.Count("POST /v1/transfers"); n != 1 {
		t.Fatalf("%d transfer calls, want 1", n)
	}
}

// A kill after the ledger wrote settling, before Stripe was called: the
// next start's reconcile finds no transfer and sends it, with the key
// written before the kill.
func TestKillBeforeCall(t *testing.T) {
	w := newWorld(t)
	a, err := w.s.BeginStripePayment(ctx, w.req) // then the process dies
	must(t, err)
	w.s.Close()
	s2 := openStore(t, w.path)
	s2.Now = w.s.Now
	w.s = s2
	sv := w.service(t, s2, nil)
	got, err := sv.Reconcile(ctx)
	must(t, err)
	if len(got) != 1 || got[0].Action != "retried" || got[0].Err != nil {
		t.Fatalf("reconcile: %+v", got)
	}
	w.exactlyOnce(t, w.req)
	if w.fake.TransfersFor(w.req)[0]["transfer_group"] != a.TransferGroup {
		t.Fatal("transfer_group differs from the one written before the call")
	}
	again, _ := sv.Reconcile(ctx)
	if len(again) != 0 {
		t.Fatalf("second reconcile: %+v", again)
	}
	w.exactlyOnce(t, w.req)
}

// A kill after Stripe made the transfer, before the ledger recorded it:
// reconcile finds it by transfer_group and records it; nothing is resent.
func TestKillAfterStripeBeforeCommit(t *testing.T) {
	w := newWorld(t)
	a, err := w.s.BeginStripePayment(ctx, w.req)
	must(t, err)
	if _, err := w.sv.Client.Transfer(ctx, a); err != nil { // then the process dies
		t.Fatal(err)
	}
	w.s.Close()
	s2 := openStore(t, w.path)
	w.s = s2
	got, err := w.service(t, s2, nil).Reconcile(ctx)
	must(t, err)
	if len(got) != 1 || got[0].Action != "recorded" || got[0].Err != nil {
		t.Fatalf("reconcile: %+v", got)
	}
	w.exactlyOnce(t, w.req)
	if n := w.fake.Count("POST /v1/transfers"); n != 1 {
		t.Fatalf("%d transfer calls, want 1", n)
	}
}

// After Stripe's key life a settling request with no transfer goes back to
// the queue instead of being sent with a key Stripe no longer knows.
func TestReconcileExpiredKey(t *testing.T) {
	w := newWorld(t)
	_, err := w.s.BeginStripePayment(ctx, w.req)
	must(t, err)
	*w.clock = w.clock.Add(25 * time.Hour)
	got, err := w.sv.Reconcile(ctx)
	must(t, err)
	r, _ := w.s.Request(ctx, w.req)
	if len(got) != 1 || got[0].Action != "returned" || r.Status != ledger.StatusRequested || r.Failure == "" {
		t.Fatalf("reconcile %+v, request %+v", got, r)
	}
	if n := len(w.fake.TransfersFor(w.req)); n != 0 {
		t.Fatalf("%d transfers", n)
	}
	res := w.sv.Pay(ctx, []int64{w.req})
	must(t, res[0].Err)
	w.exactlyOnce(t, w.req)
}

// A double click: two Pay calls at once in one app.
func TestDoubleClick(t *testing.T) {
	w := newWorld(t)
	var wg sync.WaitGroup
	res := make([]stripe.Result, 2)
	for i := range res {
		wg.Add(1)
		go func() { defer wg.Done(); res[i] = w.sv.Pay(ctx, []int64{w.req})[0] }()
	}
	wg.Wait()
	ok := 0
	for _, r := range res {
		if r.Err == nil {
			ok++
		} else if ledger.ErrorCode(r.Err) != ledger.ECONFLICT {
			t.Fatalf("unexpected error %v", r.Err)
		}
	}
	if ok != 1 {
		t.Fatalf("%d payments succeeded: %+v", ok, res)
	}
	w.exactlyOnce(t, w.req)
}

// Two app instances on one file: one pays while the other's start-up
// reconcile sees the request settling mid-call and retries it with the same
// key. Stripe's idempotency makes them one transfer; both record it once.
func TestTwoInstances(t *testing.T) {
	w := newWorld(t)
	s2 := openStore(t, w.path)
	other := w.service(t, s2, nil)
	var recon []stripe.Resolution
	var once sync.Once
	w.fake.AfterCreate = func(map[string]any) {
		once.Do(func() {
			var err error
			recon, err = other.Reconcile(ctx) // instance B starts while A waits for Stripe
			must(t, err)
		})
	}
	res := w.sv.Pay(ctx, []int64{w.req})
	if res[0].Err != nil {
		t.Fatalf("instance A: %v", res[0].Err)
	}
	if len(recon) != 1 || recon[0].Err != nil {
		t.Fatalf("instance B reconcile: %+v", recon)
	}
	w.exactlyOnce(t, w.req)

	// And both paying a new request at the same moment.
	w.fake.AfterCreate = nil
	req2 := w.request(t, 700)
	var wg sync.WaitGroup
	errs := make([]error, 2)
	for i, sv := range []*stripe.Service{w.sv, other} {
		wg.Add(1)
		go func() { defer wg.Done(); errs[i] = sv.Pay(ctx, []int64{req2})[0].Err }()
	}
	wg.Wait()
	if (errs[0] == nil) == (errs[1] == nil) {
		t.Fatalf("want one success and one refusal: %v", errs)
	}
	w.exactlyOnce(t, req2)
}

func TestBalanceInsufficient(t *testing.T) {
	w := newWorld(t)
	w.fake.Mu.Lock()
	w.fake.Balance["usd"] = 1000
	w.fake.Mu.Unlock()
	plan, err := w.sv.Prepare(ctx, []int64{w.req})
	must(t, err)
	if len(plan.Shortfalls) != 1 || plan.Shortfalls[0] != (stripe.Shortfall{Currency: "USD", Needed: 5000, Available: 1000}) {
		t.Fatalf("plan %+v", plan)
	}
	res := w.sv.Pay(ctx, []int64{w.req})
	r, _ := w.s.Request(ctx, w.req)
	if res[0].Err == nil || !strings.Contains(ledger.ErrorMessage(res[0].Err), "balance_insufficient") ||
		r.Status != ledger.StatusRequested || !strings.Contains(r.Failure, "balance") {
		t.Fatalf("result %+v, request %+v", res[0], r)
	}
	// A refusal is final for its key: the request can be settled another
	// way, or paid again with a new key once funds arrive.
	w.fake.Mu.Lock()
	w.fake.Balance["usd"] = 100000
	w.fake.Mu.Unlock()
	res = w.sv.Pay(ctx, []int64{w.req})
	must(t, res[0].Err)
	w.exactlyOnce(t, w.req)
}

// Stripe made the transfer but the answer never arrived (client timeout):
// the lookup by transfer_group records it; and when the lookup fails too,
// the request waits with its key and the next attempt finds the transfer.
func TestTimeoutAfterAccept(t *testing.T) {
	for _, lookupFails := range []bool{false, true} {
		t.Run(map[bool]string{false: "LookupOK", true: "LookupDown"}[lookupFails], func(t *testing.T) {
			w := newWorld(t)
			sv := w.service(t, w.s, &http.Client{Timeout: 300 * time.Millisecond})
			w.fake.AfterCreate = func(map[string]any) {
				if lookupFails {
					w.fake.Mu.Lock()
					w.fake.FailList = 1
					w.fake.Mu.Unlock()
				}
				time.Sleep(600 * time.Millisecond)
			}
			res := sv.Pay(ctx, []int64{w.req})
			w.fake.AfterCreate = nil
			if !lookupFails {
				must(t, res[0].Err)
				w.exactlyOnce(t, w.req)
				return
			}
			r, _ := w.s.Request(ctx, w.req)
			if res[0].Err == nil || r.Status != ledger.StatusRequested || r.Failure == "" {
				t.Fatalf("result %+v, request %+v", res[0], r)
			}
			// Not payable offline while the transfer may exist.
			if err := w.s.PayOffline(ctx, ledger.PayInput{RequestID: w.req, Reference: "BANK1"}); ledger.ErrorCode(err) != ledger.ECONFLICT {
				t.Fatalf("offline pay: %v", err)
			}
			res = sv.Pay(ctx, []int64{w.req})
			must(t, res[0].Err)
			w.exactlyOnce(t, w.req)
			if n := w.fake.Count("POST /v1/transfers"); n != 1 {
				t.Fatalf("%d transfer calls, want 1", n)
			}
		})
	}
}

func TestRevokedKey(t *testing.T) {
	w := newWorld(t)
	w.fake.Mu.Lock()
	w.fake.Revoked = true
	w.fake.Mu.Unlock()
	res := w.sv.Pay(ctx, []int64{w.req})
	r, _ := w.s.Request(ctx, w.req)
	msg := ledger.ErrorMessage(res[0].Err)
	if res[0].Err == nil || !strings.Contains(msg, "key") || strings.Contains(msg, testKey) || strings.Contains(r.Failure, testKey) ||
		r.Status != ledger.StatusRequested {
		t.Fatalf("message %q, request %+v", msg, r)
	}
	if n := len(w.fake.TransfersFor(w.req)); n != 0 {
		t.Fatalf("%d transfers", n)
	}
	w.fake.Mu.Lock()
	w.fake.Revoked = false
	w.fake.Mu.Unlock()
	must(t, w.sv.Pay(ctx, []int64{w.req})[0].Err)
	w.exactlyOnce(t, w.req)
}

// Pay with Stripe is refused while the deal's payee is not ready, and
// after an unlink, whatever the caller.
func TestPayRefusedWithoutReadyPayee(t *testing.T) {
	w := newWorld(t)
	must(t, w.s.UnlinkPayee(ctx, "", w.deal, "wrong person"))
	plan, err := w.sv.Prepare(ctx, []int64{w.req})
	must(t, err)
	if len(plan.NotReady) != 1 || !strings.HasPrefix(plan.NotReady[0].Failure, "Payout details missing") {
		t.Fatalf("plan %+v", plan)
	}
	res := w.sv.Pay(ctx, []int64{w.req})
	if !strings.Contains(ledger.ErrorMessage(res[0].Err), "Payout details missing") {
		t.Fatalf("pay: %v", res[0].Err)
	}
	acct := w.fake.AddAccount(false, "external_account")
	must(t, w.s.LinkPayee(ctx, "", w.deal, acct, "agency"))
	p, err := w.sv.Refresh(ctx, acct)
	must(t, err)
	if p.Ready() || len(p.CurrentlyDue) != 1 {
		t.Fatalf("payee %+v", p)
	}
	w.fake.SetReady(acct)
	must(t, w.sv.RefreshAll(ctx))
	w.acct = acct
	must(t, w.sv.Pay(ctx, []int64{w.req})[0].Err)
	w.exactlyOnce(t, w.req)
}

// A Stripe payment is reversed in Stripe first, then in the ledger; a
// crash between the two is recorded by running it again, with no second
// reversal in Stripe.
func TestReverseStripePayment(t *testing.T) {
	w := newWorld(t)
	res := w.sv.Pay(ctx, []int64{w.req})
	must(t, res[0].Err)
	if _, err := w.sv.Reverse(ctx, w.req, " "); ledger.ErrorCode(err) != ledger.EINVALID {
		t.Fatalf("no reason: %v", err)
	}
	// The crash: Stripe reversed, the ledger never heard.
	if _, err := w.sv.Client.ReverseTransfer(ctx, res[0].TransferID, "payouts-reverse-"+res[0].TransferID, "wrong account"); err != nil {
		t.Fatal(err)
	}
	trr, err := w.sv.Reverse(ctx, w.req, "wrong account")
	must(t, err)
	if n := w.fake.Count("POST /v1/transfers/" + res[0].TransferID + "/reversals"); n != 2 || !strings.HasPrefix(trr, "trr_") {
		t.Fatalf("%d reversal calls, %q", n, trr)
	}
	if _, err := w.sv.Reverse(ctx, w.req, "again"); ledger.ErrorCode(err) != ledger.ECONFLICT {
		t.Fatalf("second reverse: %v", err)
	}
	d, _ := w.s.Deal(ctx, w.deal)
	r, _ := w.s.Request(ctx, w.req)
	if d.Paid != 0 || d.Owed != 5000 || r.Status != ledger.StatusCancelled || w.fake.TransfersFor(w.req)[0]["reversed"] != true {
		t.Fatalf("deal %+v, request %+v", d.Balances, r)
	}
	problems, _ := w.s.Check(ctx)
	if len(problems) > 0 {
		t.Fatal(problems)
	}
}

// Stripe sends three-decimal currencies only in multiples of ten minor
// units: such a request is named before anything is sent.
func TestThreeDecimalAmount(t *testing.T) {
	w := newWorld(t)
	d, _ := w.s.Deal(ctx, w.deal)
	ca, err := w.s.AddCampaign(ctx, ledger.CampaignInput{Name: "Gulf"})
	must(t, err)
	kwd, err := w.s.AddDeal(ctx, ledger.DealInput{CreatorID: d.CreatorID, CampaignID: ca, Currency: "KWD", Rule: ledger.Rule{Kind: ledger.RulePercent, Value: 1000}})
	must(t, err)
	_, err = w.s.AddBonus(ctx, ledger.BonusInput{DealID: kwd, Amount: 1005})
	must(t, err)
	req, err := w.s.RequestPayout(ctx, ledger.RequestInput{DealID: kwd, Amount: 1005})
	must(t, err)
	plan, err := w.sv.Prepare(ctx, []int64{req})
	must(t, err)
	if len(plan.NotReady) != 1 || !strings.Contains(plan.NotReady[0].Failure, "multiples of 0.010") {
		t.Fatalf("plan %+v", plan)
	}
	if res := w.sv.Pay(ctx, []int64{req}); ledger.ErrorCode(res[0].Err) != ledger.EINVALID {
		t.Fatalf("pay: %v", res[0].Err)
	}
	if n := w.fake.Count("POST /v1/transfers"); n != 0 {
		t.Fatalf("%d transfer calls", n)
	}
	if r, _ := w.s.Request(ctx, req); r.Status != ledger.StatusRequested {
		t.Fatalf("request %+v", r)
	}
}
