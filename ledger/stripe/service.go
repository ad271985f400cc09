package stripe

import (
	"context"
	"errors"
	"net/http"
	"os"
	"sort"
	"strings"

	"github.com/payouts/payouts/ledger"
)

// Settings of the ledger this package reads. The key is never one of them.
const (
	SettingAPIURL     = "stripe.api_url"     // a base URL, for tests; "" for Stripe's
	SettingReturnURL  = "stripe.return_url"  // where Stripe sends the creator after onboarding
	SettingRefreshURL = "stripe.refresh_url" // where an expired onboarding link sends them
)

// DefaultOnboardingURL is where onboarding returns to when the brand set no
// URL: the Express dashboard login, which a creator can use afterwards.
const DefaultOnboardingURL = "https://connect.stripe.com/express_login"

// NotSetUp is the message of every Stripe action without a key.
const NotSetUp = "Stripe is not set up: add your Stripe secret key in Settings (or set PAYOUTS_STRIPE_KEY); everything else works without it"

// Service is Stripe Connect over one ledger.
type Service struct {
	Store  *ledger.Store
	Client *Client
	// AfterStep, when set, is called after each step of a payment that
	// changes something ("settling" once the ledger wrote it, "sent" once
	// Stripe made the transfer): the crash tests end the process there.
	AfterStep func(step string, requestID int64)
}

func (sv *Service) step(name string, id int64) {
	if sv.AfterStep != nil {
		sv.AfterStep(name, id)
	}
}

// Open returns the Stripe service of a ledger with the key from keys and
// the API URL from PAYOUTS_STRIPE_API_URL, else the ledger's setting. With
// no key it returns an EUNAVAILABLE error saying what to set up.
func Open(ctx context.Context, s *ledger.Store, keys *Keys, httpClient *http.Client) (*Service, error) {
	key, _ := keys.Get()
	if key == "" {
		return nil, ledger.Errorf(ledger.EUNAVAILABLE, NotSetUp)
	}
	apiURL := strings.TrimSpace(os.Getenv("PAYOUTS_STRIPE_API_URL"))
	if apiURL == "" {
		var err error
		if apiURL, err = s.Setting(ctx, SettingAPIURL); err != nil {
			return nil, err
		}
	}
	c, err := NewClient(key, apiURL, httpClient)
	if err != nil {
		return nil, err
	}
	return &Service{Store: s, Client: c}, nil
}

func (sv *Service) urls(ctx context.Context) (ret, refresh string, err error) {
	if ret, err = sv.Store.Setting(ctx, SettingReturnURL); err != nil {
		return
	}
	if refresh, err = sv.Store.Setting(ctx, SettingRefreshURL); err != nil {
		return
	}
	if ret == "" {
		ret = DefaultOnboardingURL
	}
	if refresh == "" {
		refresh = ret
	}
	return ret, refresh, nil
}

// Invite creates a creator's Express account, records it as their default
// payee (securing their unlinked deals) and returns it with an onboarding
// link for the brand to send. Whoever completes the link claims the
// account: the brand must not open it.
func (sv *Service) Invite(ctx context.Context, creatorID int64) (account, link string, err error) {
	if err := sv.Store.InviteCheck(ctx, creatorID); err != nil {
		return "", "", err
	}
	cr, err := sv.Store.Creator(ctx, creatorID)
	if err != nil {
		return "", "", err
	}
	account, err = sv.Client.CreateExpressAccount(ctx, cr)
	if err != nil {
		return "", "", err
	}
	if err := sv.Store.AddCreatorAccount(ctx, "", creatorID, account); err != nil {
		return account, "", ledger.Errorf(ledger.ErrorCode(err), "Stripe created account %s but the ledger did not record it (%s): link it with `payouts payee link`", account, ledger.ErrorMessage(err))
	}
	sv.refresh(ctx, account)
	link, err = sv.NewLink(ctx, account)
	return account, link, err
}

// NewLink makes a fresh onboarding link (links expire within minutes).
func (sv *Service) NewLink(ctx context.Context, account string) (string, error) {
	ret, refresh, err := sv.urls(ctx)
	if err != nil {
		return "", err
	}
	return sv.Client.OnboardingLink(ctx, account, ret, refresh)
}

// Refresh polls Stripe for an account's status and records it.
func (sv *Service) Refresh(ctx context.Context, account string) (ledger.Payee, error) {
	st, err := sv.Client.AccountStatus(ctx, account)
	if err != nil {
		return ledger.Payee{}, err
	}
	if err := sv.Store.SetPayeeStatus(ctx, st); err != nil {
		return ledger.Payee{}, err
	}
	return sv.Store.Payee(ctx, account)
}

func (sv *Service) refresh(ctx context.Context, account string) { sv.Refresh(ctx, account) }

// RefreshAll polls every account that secures a deal (on start: there are
// no webhooks). It returns the first error and keeps going past it.
func (sv *Service) RefreshAll(ctx context.Context) error {
	accts, err := sv.Store.PayeeAccounts(ctx)
	if err != nil {
		return err
	}
	var first error
	for _, a := range accts {
		if _, err := sv.Refresh(ctx, a); err != nil && first == nil {
			first = err
		}
	}
	return first
}

// Shortfall is a currency whose available Stripe balance is below what a
// batch would send.
type Shortfall struct {
	Currency  string
	Needed    int64
	Available int64
}

// Plan is what paying a selection would do, checked before anything is
// sent: which requests can go, which cannot and why, and the balance.
type Plan struct {
	Ready      []ledger.Request
	NotReady   []ledger.Request // each with Failure set to why
	Shortfalls []Shortfall
}

// Prepare checks a selection: payee status per request, and the platform's
// available balance per currency against the ready requests' sum.
func (sv *Service) Prepare(ctx context.Context, ids []int64) (Plan, error) {
	var p Plan
	need := map[string]int64{}
	for _, id := range ids {
		r, err := sv.Store.Request(ctx, id)
		if err != nil {
			return p, err
		}
		switch {
		case r.Status == ledger.StatusSettling:
			r.Failure = "already being paid with Stripe"
		case r.Status != ledger.StatusRequested && r.Status != ledger.StatusFailed:
			r.Failure = "already " + r.Status
		case amountProblem(r.Amount, r.Currency) != "":
			r.Failure = amountProblem(r.Amount, r.Currency)
		case !r.StripeReady:
			dp, err := sv.Store.DealPayee(ctx, r.DealID)
			if err != nil {
				return p, err
			}
			r.Failure = dp.Missing()
		}
		if r.Failure != "" {
			p.NotReady = append(p.NotReady, r)
			continue
		}
		p.Ready = append(p.Ready, r)
		need[r.Currency] += r.Amount
	}
	if len(p.Ready) == 0 {
		return p, nil
	}
	have, err := sv.Client.Balance(ctx)
	if err != nil {
		return p, err
	}
	for cur, n := range need {
		if have[cur] < n {
			p.Shortfalls = append(p.Shortfalls, Shortfall{Currency: cur, Needed: n, Available: have[cur]})
		}
	}
	sort.Slice(p.Shortfalls, func(i, j int) bool { return p.Shortfalls[i].Currency < p.Shortfalls[j].Currency })
	return p, nil
}

// amountProblem says why Stripe cannot send an amount ("" when it can).
// Stripe takes the three-decimal currencies in minor units, but only in
// multiples of ten (its transfers and payouts round to two decimals).
func amountProblem(amount int64, currency string) string {
	switch currency {
	case "BHD", "JOD", "KWD", "OMR", "TND":
		if amount%10 != 0 {
			return "Stripe sends " + currency + " only in multiples of 0.010; " + ledger.Display(amount, currency) +
				" is not one (request a rounded amount, or pay it offline)"
		}
	}
	return ""
}

// Result is what paying one request came to.
type Result struct {
	RequestID  int64
	TransferID string // set when paid
	Err        error  // why not, when not
}

// Pay pays each request with Stripe, one after another, exactly once:
//
//  1. the ledger writes the request as settling, with the destination, an
//     idempotency key and the transfer_group (BeginStripePayment; a second
//     click or a second app is refused here);
//  2. a request tried before is first looked up by transfer_group;
//  3. the Transfer is created with that key;
//  4. its ID is recorded and the request paid (CompleteStripePayment).
//
// A refusal from Stripe returns the request to the queue with the reason.
// An unknown outcome (timeout, network) is looked up at once; if the lookup
// cannot tell, the request returns to the queue keeping its key, and the
// next attempt or Reconcile finds the transfer or reuses the key. A crash
// between any two steps leaves the request settling for Reconcile.
func (sv *Service) Pay(ctx context.Context, ids []int64) []Result {
	out := make([]Result, 0, len(ids))
	for _, id := range ids {
		out = append(out, sv.payOne(ctx, id))
	}
	return out
}

func (sv *Service) payOne(ctx context.Context, id int64) Result {
	prev, err := sv.Store.StripeAttempt(ctx, id)
	if err != nil {
		return Result{RequestID: id, Err: err}
	}
	if p := amountProblem(prev.Amount, prev.Currency); p != "" {
		return Result{RequestID: id, Err: ledger.Errorf(ledger.EINVALID, "payout request %d: %s", id, p)}
	}
	a, err := sv.Store.BeginStripePayment(ctx, id)
	if err != nil {
		return Result{RequestID: id, Err: err}
	}
	sv.step("settling", id)
	return sv.settle(ctx, a, prev.TransferGroup != "")
}

// settle runs steps 2 to 4 for a request the ledger holds as settling.
func (sv *Service) settle(ctx context.Context, a ledger.StripeAttempt, lookFirst bool) Result {
	res := Result{RequestID: a.RequestID}
	if lookFirst {
		id, found, err := sv.Client.FindTransfer(ctx, a.TransferGroup)
		if err != nil {
			res.Err = sv.failed(ctx, a, err)
			return res
		}
		if found {
			return sv.complete(ctx, a, id)
		}
	}
	id, err := sv.Client.Transfer(ctx, a)
	if err == nil {
		sv.step("sent", a.RequestID)
		return sv.complete(ctx, a, id)
	}
	var f *Failure
	if errors.As(err, &f) && !f.Definite {
		// Stripe may have made it: look before saying it failed.
		if id, found, lerr := sv.Client.FindTransfer(ctx, a.TransferGroup); lerr == nil && found {
			return sv.complete(ctx, a, id)
		}
	}
	res.Err = sv.failed(ctx, a, err)
	return res
}

func (sv *Service) complete(ctx context.Context, a ledger.StripeAttempt, transferID string) Result {
	if err := sv.Store.CompleteStripePayment(ctx, a.RequestID, transferID); err != nil {
		// Paid in Stripe, not yet in the ledger: the request stays
		// settling and Reconcile records the transfer.
		return Result{RequestID: a.RequestID, TransferID: transferID,
			Err: ledger.Errorf(ledger.ErrorCode(err), "Stripe sent %s for payout request %d but the ledger could not record it (%s): it will be recorded by `payouts stripe reconcile` or on the next start", transferID, a.RequestID, ledger.ErrorMessage(err))}
	}
	return Result{RequestID: a.RequestID, TransferID: transferID}
}

// failed returns the request to the queue with the reason, and the error a
// person sees.
func (sv *Service) failed(ctx context.Context, a ledger.StripeAttempt, err error) error {
	definite := false
	var f *Failure
	if errors.As(err, &f) {
		definite = f.Definite
	}
	msg := err.Error()
	if ferr := sv.Store.FailStripePayment(ctx, a.RequestID, msg, !definite); ferr != nil {
		return ledger.Errorf(ledger.EUNAVAILABLE, "payout request %d: %s; it stays settling until `payouts stripe reconcile` (%s)", a.RequestID, msg, ledger.ErrorMessage(ferr))
	}
	code := ledger.EUNAVAILABLE
	if definite {
		code = ledger.EINVALID
	}
	return ledger.Errorf(code, "payout request %d was not paid: %s", a.RequestID, msg)
}

// Resolution is what Reconcile did with one request.
type Resolution struct {
	RequestID  int64
	TransferID string // recorded (found, or sent by the retry)
	Action     string // "recorded", "retried", "returned", "cleared", "failed"
	Err        error
}

// Reconcile resolves every request a payment left open (settling after a
// crash, or returned with its key after an unknown outcome): a transfer
// found by transfer_group is recorded; none found, a settling request is
// retried with the same key while Stripe keeps it, else returned to the
// queue; a returned one simply forgets its key. Run on start and by
// `payouts stripe reconcile`.
func (sv *Service) Reconcile(ctx context.Context) ([]Resolution, error) {
	open, err := sv.Store.UnresolvedStripe(ctx)
	if err != nil {
		return nil, err
	}
	now := sv.Store.Now()
	var out []Resolution
	for _, a := range open {
		r := Resolution{RequestID: a.RequestID}
		id, found, err := sv.Client.FindTransfer(ctx, a.TransferGroup)
		switch {
		case err != nil:
			r.Action, r.Err = "failed", err
		case found:
			res := sv.complete(ctx, a, id)
			r.Action, r.TransferID, r.Err = "recorded", id, res.Err
		case a.Status != ledger.StatusSettling:
			r.Action, r.Err = "cleared", sv.Store.ClearStripeKey(ctx, a.RequestID)
		case now.Sub(a.KeyAt) < ledger.KeyLife:
			res := sv.settle(ctx, a, false)
			r.Action, r.TransferID, r.Err = "retried", res.TransferID, res.Err
		default:
			r.Action = "returned"
			r.Err = sv.Store.FailStripePayment(ctx, a.RequestID, "not sent: the payment was interrupted and its key has expired; pay it again", false)
		}
		out = append(out, r)
	}
	return out, nil
}

// Reverse undoes a paid request. A Stripe payment is reversed in Stripe
// first, with a Transfer Reversal whose idempotency key is derived from the
// transfer (a retry after a crash gets the same reversal, never a second
// one), and then recorded in the ledger; any other payment is only
// recorded. It returns the Stripe reversal's ID ("" for an offline one).
func (sv *Service) Reverse(ctx context.Context, requestID int64, reason string) (string, error) {
	r, err := sv.Store.Request(ctx, requestID)
	if err != nil {
		return "", err
	}
	if strings.TrimSpace(reason) == "" {
		return "", ledger.Errorf(ledger.EINVALID, "a reason is required to reverse a payment")
	}
	if r.Status != ledger.StatusPaid {
		return "", ledger.Errorf(ledger.ECONFLICT, "payout request %d is %s, not paid: nothing to reverse", requestID, r.Status)
	}
	if r.Method != ledger.MethodStripe {
		return "", sv.Store.ReversePayment(ctx, ledger.ReverseInput{RequestID: requestID, Reason: reason})
	}
	trr, err := sv.Client.ReverseTransfer(ctx, r.Reference, "payouts-reverse-"+r.Reference, reason)
	if err != nil {
		return "", err
	}
	if err := sv.Store.ReversePayment(ctx, ledger.ReverseInput{RequestID: requestID, Reason: reason, Reference: trr}); err != nil {
		return trr, ledger.Errorf(ledger.ErrorCode(err), "Stripe reversed %s (%s) but the ledger did not record it (%s): run the reverse again to record it", r.Reference, trr, ledger.ErrorMessage(err))
	}
	return trr, nil
}
