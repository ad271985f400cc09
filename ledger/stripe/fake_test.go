package stripe_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// fake is a stateful Stripe for the hard cases stripe-mock (stateless, no
// idempotency) cannot show: it keeps accounts, a balance and transfers, and
// answers a repeated idempotency key with its first answer, as Stripe does.
type fake struct {
	t   testing.TB
	srv *httptest.Server
	key string

	mu        sync.Mutex
	revoked   bool
	balance   map[string]int64
	accounts  map[string]map[string]any
	transfers []map[string]any
	keys      map[string]cached
	nAcct     int
	calls     map[string]int

	// hooks, called without mu held
	afterCreate func(tr map[string]any) // after a transfer is made, before the answer
	failList    int                     // the next n transfer lists answer 500
}

type cached struct {
	status int
	body   []byte
}

func newFake(t testing.TB, key string) *fake {
	f := &fake{t: t, key: key, balance: map[string]int64{"usd": 1_000_000}, accounts: map[string]map[string]any{},
		keys: map[string]cached{}, calls: map[string]int{}}
	f.srv = httptest.NewServer(http.HandlerFunc(f.serve))
	t.Cleanup(f.srv.Close)
	return f
}

func (f *fake) URL() string { return f.srv.URL }

// addAccount makes a connected account, payable or not.
func (f *fake) addAccount(ready bool, due ...string) string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.newAccount(ready, due)
}

func (f *fake) newAccount(ready bool, due []string) string {
	f.nAcct++
	id := fmt.Sprintf("acct_fake%04d", f.nAcct)
	if due == nil {
		due = []string{}
	}
	f.accounts[id] = map[string]any{"id": id, "object": "account", "type": "express", "details_submitted": ready,
		"payouts_enabled": ready, "requirements": map[string]any{"currently_due": due}, "email": "c@example.com",
		"individual": map[string]any{"first_name": "Ana", "last_name": "Silva"}}
	return id
}

func (f *fake) setReady(id string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	a := f.accounts[id]
	a["details_submitted"], a["payouts_enabled"] = true, true
	a["requirements"] = map[string]any{"currently_due": []string{}}
}

// transfersFor returns the transfers whose metadata names a request.
func (f *fake) transfersFor(req int64) []map[string]any {
	f.mu.Lock()
	defer f.mu.Unlock()
	var out []map[string]any
	for _, tr := range f.transfers {
		if tr["metadata"].(map[string]string)["payouts_request"] == strconv.FormatInt(req, 10) {
			out = append(out, tr)
		}
	}
	return out
}

func (f *fake) count(call string) int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.calls[call]
}

func (f *fake) fail(w http.ResponseWriter, status int, code, msg string) []byte {
	body, _ := json.Marshal(map[string]any{"error": map[string]any{"type": "invalid_request_error", "code": code, "message": msg}})
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	w.Write(body)
	return body
}

func (f *fake) reply(w http.ResponseWriter, v any) []byte {
	body, _ := json.Marshal(v)
	w.Header().Set("Content-Type", "application/json")
	w.Write(body)
	return body
}

func (f *fake) serve(w http.ResponseWriter, r *http.Request) {
	r.ParseForm()
	f.mu.Lock()
	if f.revoked || r.Header.Get("Authorization") != "Bearer "+f.key {
		f.mu.Unlock()
		// Stripe quotes part of a bad key; the app must not repeat it.
		f.fail(w, 401, "api_key_expired", "Expired API Key provided: "+f.key)
		return
	}
	path := r.URL.Path
	f.calls[r.Method+" "+path]++
	switch {
	case r.Method == "GET" && path == "/v1/account":
		f.mu.Unlock()
		f.reply(w, map[string]any{"id": "acct_platform", "object": "account", "settings": map[string]any{"dashboard": map[string]any{"display_name": "Brand"}}})
	case r.Method == "POST" && path == "/v1/accounts":
		id := f.newAccount(false, []string{"external_account", "individual.dob.day"})
		a := f.accounts[id]
		f.mu.Unlock()
		f.reply(w, a)
	case r.Method == "GET" && strings.HasPrefix(path, "/v1/accounts/"):
		a, ok := f.accounts[strings.TrimPrefix(path, "/v1/accounts/")]
		f.mu.Unlock()
		if !ok {
			f.fail(w, 404, "resource_missing", "No such account")
			return
		}
		f.reply(w, a)
	case r.Method == "POST" && path == "/v1/account_links":
		f.mu.Unlock()
		f.reply(w, map[string]any{"object": "account_link", "url": "https://connect.stripe.com/setup/e/" + r.Form.Get("account") + "/x", "expires_at": time.Now().Add(5 * time.Minute).Unix()})
	case r.Method == "GET" && path == "/v1/balance":
		var avail []map[string]any
		for c, v := range f.balance {
			avail = append(avail, map[string]any{"currency": c, "amount": v})
		}
		f.mu.Unlock()
		f.reply(w, map[string]any{"object": "balance", "available": avail})
	case r.Method == "GET" && path == "/v1/transfers":
		if f.failList > 0 {
			f.failList--
			f.mu.Unlock()
			f.fail(w, 500, "", "internal")
			return
		}
		var data []map[string]any
		for _, tr := range f.transfers {
			if g := r.Form.Get("transfer_group"); g == "" || tr["transfer_group"] == g {
				data = append(data, tr)
			}
		}
		f.mu.Unlock()
		f.reply(w, map[string]any{"object": "list", "data": data, "has_more": false, "url": "/v1/transfers"})
	case r.Method == "POST" && path == "/v1/transfers":
		f.createTransfer(w, r) // unlocks
	case r.Method == "POST" && strings.HasPrefix(path, "/v1/transfers/") && strings.HasSuffix(path, "/reversals"):
		id := strings.TrimSuffix(strings.TrimPrefix(path, "/v1/transfers/"), "/reversals")
		defer f.mu.Unlock()
		if c, ok := f.keys[r.Header.Get("Idempotency-Key")]; ok && r.Header.Get("Idempotency-Key") != "" {
			w.WriteHeader(c.status)
			w.Write(c.body)
			return
		}
		for _, tr := range f.transfers {
			if tr["id"] == id {
				tr["reversed"] = true
				rev := map[string]any{"id": "trr_" + id, "object": "transfer_reversal", "transfer": id, "amount": tr["amount"]}
				f.keys[r.Header.Get("Idempotency-Key")] = cached{200, f.reply(w, rev)}
				return
			}
		}
		f.fail(w, 404, "resource_missing", "No such transfer")
	default:
		f.mu.Unlock()
		f.fail(w, 404, "", "unknown path "+path)
	}
}

// createTransfer runs with mu held and releases it. Requests with one
// idempotency key are answered one at a time, the first answer for all.
func (f *fake) createTransfer(w http.ResponseWriter, r *http.Request) {
	key := r.Header.Get("Idempotency-Key")
	if c, ok := f.keys[key]; ok && key != "" {
		f.mu.Unlock()
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(c.status)
		w.Write(c.body)
		return
	}
	amount, _ := strconv.ParseInt(r.Form.Get("amount"), 10, 64)
	cur, dest := r.Form.Get("currency"), r.Form.Get("destination")
	a, ok := f.accounts[dest]
	switch {
	case !ok || a["payouts_enabled"] != true:
		body := f.fail(w, 400, "account_invalid", "The destination account cannot receive transfers")
		f.keys[key] = cached{400, body}
		f.mu.Unlock()
		return
	case f.balance[cur] < amount:
		body := f.fail(w, 400, "balance_insufficient", "You have insufficient available funds in your Stripe account.")
		f.keys[key] = cached{400, body}
		f.mu.Unlock()
		return
	}
	f.balance[cur] -= amount
	md := map[string]string{}
	for k, v := range r.Form {
		if strings.HasPrefix(k, "metadata[") {
			md[strings.TrimSuffix(strings.TrimPrefix(k, "metadata["), "]")] = v[0]
		}
	}
	tr := map[string]any{"id": fmt.Sprintf("tr_fake%04d", len(f.transfers)+1), "object": "transfer", "amount": amount, "currency": cur,
		"destination": dest, "transfer_group": r.Form.Get("transfer_group"), "metadata": md}
	f.transfers = append(f.transfers, tr)
	body, _ := json.Marshal(tr)
	f.keys[key] = cached{200, body}
	hook := f.afterCreate
	f.mu.Unlock()
	if hook != nil {
		hook(tr)
	}
	w.Header().Set("Content-Type", "application/json")
	w.Write(body)
}
