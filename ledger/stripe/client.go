// Package stripe pays creators through Stripe Connect: Express accounts the
// creators onboard themselves on Stripe's hosted pages, their status, the
// platform balance, and transfers that are never made twice.
//
// Every call goes through a client built for that use (client.API with the
// key and backend URL of the moment), never stripe-go's global key, so a
// test can point it at stripe-mock or at a fake server. The secret key
// lives in the OS keychain (see Keys); it is never written to the ledger,
// the preferences, a log or an error message.
//
// A desktop app receives no webhooks: account status is polled on start and
// on demand, and a payment interrupted at any point is resolved by Reconcile
// from what the ledger wrote before the call (see Service.Pay).
package stripe

import (
	"context"
	"errors"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	stripego "github.com/stripe/stripe-go/v76"
	"github.com/stripe/stripe-go/v76/client"

	"github.com/payouts/payouts/ledger"
)

// DefaultAPIURL is Stripe's API.
const DefaultAPIURL = "https://api.stripe.com"

// Client calls Stripe with one key. It holds no connection state: each
// method builds its client.API, so nothing is shared with other keys or with
// stripe-go's globals.
type Client struct {
	key    string
	apiURL string
	http   *http.Client
}

// NewClient returns a client for key against apiURL ("" for Stripe's).
// httpClient may be nil (a 30 s timeout).
func NewClient(key, apiURL string, httpClient *http.Client) (*Client, error) {
	if err := CheckKey(key); err != nil {
		return nil, err
	}
	if apiURL == "" {
		apiURL = DefaultAPIURL
	}
	u, err := url.Parse(apiURL)
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
		return nil, ledger.Errorf(ledger.EINVALID, "invalid Stripe API URL %q", apiURL)
	}
	if httpClient == nil {
		httpClient = &http.Client{Timeout: 30 * time.Second}
	}
	return &Client{key: key, apiURL: strings.TrimRight(apiURL, "/"), http: httpClient}, nil
}

// CheckKey refuses what is not a Stripe secret or restricted key. The
// message never repeats the key.
func CheckKey(key string) error {
	for _, p := range []string{"sk_test_", "sk_live_", "rk_test_", "rk_live_"} {
		if strings.HasPrefix(key, p) && len(key) > len(p)+4 && !strings.ContainsAny(key, " \t\r\n") {
			return nil
		}
	}
	return ledger.Errorf(ledger.EINVALID, "that is not a Stripe secret key: it starts with sk_test_, sk_live_, rk_test_ or rk_live_")
}

// Mode is "test" or "live", from the key.
func Mode(key string) string {
	if strings.Contains(key, "_live_") {
		return "live"
	}
	return "test"
}

// Mode is the client's key's mode.
func (c *Client) Mode() string { return Mode(c.key) }

// quiet is stripe-go's logger: nothing. What matters is reported by the
// caller, without the key.
type quiet struct{}

func (quiet) Debugf(string, ...interface{}) {}
func (quiet) Infof(string, ...interface{})  {}
func (quiet) Warnf(string, ...interface{})  {}
func (quiet) Errorf(string, ...interface{}) {}

// api builds the stripe-go client of one use.
func (c *Client) api() *client.API {
	b := stripego.GetBackendWithConfig(stripego.APIBackend, &stripego.BackendConfig{
		URL:               stripego.String(c.apiURL),
		HTTPClient:        c.http,
		LeveledLogger:     quiet{},
		MaxNetworkRetries: stripego.Int64(0), // retries are ours: same key, after a lookup
		EnableTelemetry:   stripego.Bool(false),
	})
	api := &client.API{}
	api.Init(c.key, &stripego.Backends{API: b, Connect: b, Uploads: b})
	return api
}

// Platform is the brand's own Stripe account.
type Platform struct {
	Account string
	Name    string
	Mode    string
}

// Platform returns the account the key belongs to.
func (c *Client) Platform(ctx context.Context) (Platform, error) {
	a, err := c.api().Accounts.Get()
	if err != nil {
		return Platform{}, c.fail("read the Stripe account", err)
	}
	p := Platform{Account: a.ID, Mode: c.Mode()}
	if a.Settings != nil && a.Settings.Dashboard != nil {
		p.Name = a.Settings.Dashboard.DisplayName
	}
	if p.Name == "" && a.BusinessProfile != nil {
		p.Name = a.BusinessProfile.Name
	}
	return p, nil
}

// CreateExpressAccount creates the connected account a creator will
// onboard, asking for the transfers capability.
func (c *Client) CreateExpressAccount(ctx context.Context, cr ledger.Creator) (string, error) {
	params := &stripego.AccountParams{
		Type: stripego.String(string(stripego.AccountTypeExpress)),
		Capabilities: &stripego.AccountCapabilitiesParams{
			Transfers: &stripego.AccountCapabilitiesTransfersParams{Requested: stripego.Bool(true)},
		},
		Metadata: map[string]string{"payouts_creator_id": itoa(cr.ID), "payouts_creator": cr.Name},
	}
	if cr.Email != "" {
		params.Email = stripego.String(cr.Email)
	}
	params.Context = ctx
	a, err := c.api().Accounts.New(params)
	if err != nil {
		return "", c.fail("create the Stripe account", err)
	}
	return a.ID, nil
}

// OnboardingLink makes a fresh onboarding link for an account. Links
// expire within minutes and claim the account for whoever completes them.
func (c *Client) OnboardingLink(ctx context.Context, account, returnURL, refreshURL string) (string, error) {
	params := &stripego.AccountLinkParams{
		Account:    stripego.String(account),
		ReturnURL:  stripego.String(returnURL),
		RefreshURL: stripego.String(refreshURL),
		Type:       stripego.String("account_onboarding"),
	}
	params.Context = ctx
	l, err := c.api().AccountLinks.New(params)
	if err != nil {
		return "", c.fail("make an onboarding link", err)
	}
	return l.URL, nil
}

// AccountStatus reads what Stripe says of a connected account.
func (c *Client) AccountStatus(ctx context.Context, account string) (ledger.PayeeStatus, error) {
	params := &stripego.AccountParams{}
	params.Context = ctx
	a, err := c.api().Accounts.GetByID(account, params)
	if err != nil {
		return ledger.PayeeStatus{}, c.fail("read Stripe account "+account, err)
	}
	st := ledger.PayeeStatus{Account: a.ID, DetailsSubmitted: a.DetailsSubmitted, PayoutsEnabled: a.PayoutsEnabled}
	if st.Account == "" {
		st.Account = account
	}
	if a.Requirements != nil {
		st.CurrentlyDue = a.Requirements.CurrentlyDue
	}
	switch {
	case a.BusinessProfile != nil && a.BusinessProfile.Name != "":
		st.Name = a.BusinessProfile.Name
	case a.Individual != nil && (a.Individual.FirstName != "" || a.Individual.LastName != ""):
		st.Name = strings.TrimSpace(a.Individual.FirstName + " " + a.Individual.LastName)
	case a.Email != "":
		st.Name = a.Email
	}
	return st, nil
}

// Balance returns the platform's available balance per currency (upper
// case), in minor units.
func (c *Client) Balance(ctx context.Context) (map[string]int64, error) {
	params := &stripego.BalanceParams{}
	params.Context = ctx
	b, err := c.api().Balance.Get(params)
	if err != nil {
		return nil, c.fail("read the Stripe balance", err)
	}
	out := map[string]int64{}
	for _, a := range b.Available {
		out[strings.ToUpper(string(a.Currency))] += a.Amount
	}
	return out, nil
}

// Transfer sends a request's amount to its destination, with the key and
// transfer_group the ledger wrote before the call.
func (c *Client) Transfer(ctx context.Context, a ledger.StripeAttempt) (string, error) {
	params := &stripego.TransferParams{
		Amount:        stripego.Int64(a.Amount),
		Currency:      stripego.String(strings.ToLower(a.Currency)),
		Destination:   stripego.String(a.Destination),
		TransferGroup: stripego.String(a.TransferGroup),
		Description:   stripego.String("Payout request " + itoa(a.RequestID) + ": " + a.CreatorName + ", " + a.CampaignName),
		Metadata: map[string]string{
			"payouts_request": itoa(a.RequestID), "payouts_deal": itoa(a.DealID),
			"payouts_creator": a.CreatorName, "payouts_creator_id": itoa(a.CreatorID),
		},
	}
	params.IdempotencyKey = stripego.String(a.IdempotencyKey)
	params.Context = ctx
	t, err := c.api().Transfers.New(params)
	if err != nil {
		return "", c.fail("send the Stripe transfer", err)
	}
	return t.ID, nil
}

// FindTransfer looks a transfer up by its transfer_group: the one a
// request's attempt made, if Stripe made it.
func (c *Client) FindTransfer(ctx context.Context, group string) (string, bool, error) {
	params := &stripego.TransferListParams{TransferGroup: stripego.String(group)}
	params.Context = ctx
	params.Limit = stripego.Int64(10)
	it := c.api().Transfers.List(params)
	for it.Next() {
		if t := it.Transfer(); t.TransferGroup == group {
			return t.ID, true, nil
		}
	}
	if err := it.Err(); err != nil {
		return "", false, c.fail("look up transfer group "+group, err)
	}
	return "", false, nil
}

// ReverseTransfer reverses a whole transfer, with its own idempotency key.
func (c *Client) ReverseTransfer(ctx context.Context, transferID, key, reason string) (string, error) {
	params := &stripego.TransferReversalParams{ID: stripego.String(transferID), Description: stripego.String(reason)}
	params.IdempotencyKey = stripego.String(key)
	params.Context = ctx
	r, err := c.api().TransferReversals.New(params)
	if err != nil {
		return "", c.fail("reverse Stripe transfer "+transferID, err)
	}
	return r.ID, nil
}

// Failure is a failed Stripe call, as a person reads it. Definite is true
// when Stripe answered and refused (nothing was done, and the key's answer
// is fixed), false when the outcome is unknown (network, timeout, Stripe's
// own error, rate limit): then a transfer may exist.
type Failure struct {
	What     string
	Code     string // Stripe's error code, or "network"/"timeout"
	Message  string
	Definite bool
}

func (f *Failure) Error() string { return f.What + ": " + f.Message }

// Unwrap makes a Failure a *ledger.Error for the program's error handling:
// its message is shown as is (not as an internal error).
func (f *Failure) Unwrap() error {
	code := ledger.EUNAVAILABLE
	if f.Definite {
		code = ledger.EINVALID
	}
	return &ledger.Error{Code: code, Message: f.Error()}
}

// fail turns a stripe-go error into a *Failure whose text never holds the
// key (Stripe's own messages quote part of an invalid key).
func (c *Client) fail(what string, err error) error {
	f := &Failure{What: "could not " + what}
	var se *stripego.Error
	var ne net.Error
	switch {
	case errors.As(err, &se):
		f.Code = string(se.Code)
		f.Message = se.Msg
		f.Definite = se.HTTPStatusCode >= 400 && se.HTTPStatusCode < 500 && se.HTTPStatusCode != 409 && se.HTTPStatusCode != 429
		switch {
		case se.HTTPStatusCode == 401 || se.Code == stripego.ErrorCodeAPIKeyExpired:
			f.Message = "Stripe refused the secret key (invalid, revoked or expired): set a new one in Settings"
			if f.Code == "" {
				f.Code = "invalid_api_key"
			}
		case se.HTTPStatusCode == 403:
			f.Message = "the secret key is not allowed to do this (a restricted key needs Connect and Transfers write access)"
		case se.Code == stripego.ErrorCodeBalanceInsufficient:
			f.Message = "the Stripe balance is too low for this transfer (balance_insufficient): add funds, or wait for pending funds"
		case se.HTTPStatusCode == 429:
			f.Message = "Stripe is rate limiting; try again in a minute"
		case se.HTTPStatusCode >= 500:
			f.Message = "Stripe had an error (" + itoa(int64(se.HTTPStatusCode)) + "); the outcome is checked before any retry"
		}
		if f.Message == "" {
			f.Message = "Stripe answered " + itoa(int64(se.HTTPStatusCode))
		}
	case errors.Is(err, context.DeadlineExceeded) || (errors.As(err, &ne) && ne.Timeout()):
		f.Code, f.Message = "timeout", "Stripe did not answer in time; the outcome is checked before any retry"
	default:
		f.Code, f.Message = "network", "cannot reach Stripe (network down?); the outcome is checked before any retry"
	}
	f.Message = c.redact(ledgerOneLine(f.Message))
	return f
}

// redact removes the key, and any key-like word, from text.
func (c *Client) redact(s string) string {
	if c.key != "" {
		s = strings.ReplaceAll(s, c.key, "[key]")
	}
	words := strings.Fields(s)
	for i, w := range words {
		for _, p := range []string{"sk_", "rk_"} {
			if strings.HasPrefix(w, p) {
				words[i] = "[key]"
			}
		}
	}
	return strings.Join(words, " ")
}

func ledgerOneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

func itoa(v int64) string { return strconv.FormatInt(v, 10) }
