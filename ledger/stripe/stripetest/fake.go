// Package stripetest is a stateful fake Stripe for tests: it keeps
// connected accounts, a balance and transfers, and answers a repeated
// idempotency key with its first answer, as Stripe does. stripe-mock
// validates requests but is stateless and ignores idempotency keys; this
// fake is for what it cannot show (crashes between steps, double clicks,
// two app instances, refusals, timeouts after Stripe accepted).
package stripetest

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

// Server is the fake. Lock Mu to change Revoked, Balance or FailList.
type Server struct {
	srv *httptest.Server
	key string

	Mu        sync.Mutex
	Revoked   bool             // every call answers 401, as for a revoked key
	Balance   map[string]int64 // available, per lower-case currency
	accounts  map[string]map[string]any
	transfers []map[string]any
	keys      map[string]cached
	nAcct     int
	calls     map[string]int

	// AfterCreate, when set, runs after a transfer is made and before
	// Stripe's answer is written (without Mu held): a slow answer, a second
	// app starting meanwhile.
	AfterCreate func(tr map[string]any)
	// FailList makes the next n transfer lists answer 500.
	FailList int
}

type cached struct {
	status int
	body   []byte
}

// New starts a fake that accepts key, with 10,000.00 USD available. It is
// closed when the test ends.
func New(t testing.TB, key string) *Server {
	f := &Server{key: key, Balance: map[string]int64{"usd": 1_000_000}, accounts: map[string]map[string]any{},
		keys: map[string]cached{}, calls: map[string]int{}}
	f.srv = httptest.NewServer(http.HandlerFunc(f.serve))
	t.Cleanup(f.srv.Close)
	return f
}

// URL is the base URL to give the client.
func (f *Server) URL() string { return f.srv.URL }

// AddAccount makes a connected account, payable or not.
func (f *Server) AddAccount(ready bool, due ...string) string {
	f.Mu.Lock()
	defer f.Mu.Unlock()
	return f.newAccount(ready, due)
}

func (f *Server) newAccount(ready bool, due []string) string {
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

// SetReady completes an account's onboarding.
func (f *Server) SetReady(id string) {
	f.Mu.Lock()
	defer f.Mu.Unlock()
	a := f.accounts[id]
	a["details_submitted"], a["payouts_enabled"] = true, true
	a["requirements"] = map[string]any{"currently_due": []string{}}
}

// TransfersFor returns the transfers whose metadata names a request.
func (f *Server) TransfersFor(req int64) []map[string]any {
	f.Mu.Lock()
	defer f.Mu.Unlock()
	var out []map[string]any
	for _, tr := range f.transfers {
		if tr["metadata"].(map[string]string)["payouts_request"] == strconv.FormatInt(req, 10) {
			out = append(out, tr)
		}
	}
	return out
}

// Count is how many calls of "METHOD /path" were served.
func (f *Server) Count(call string) int {
	f.Mu.Lock()
	defer f.Mu.Unlock()
	return f.calls[call]
}

func (f *Server) fail(w http.ResponseWriter, status int, code, msg string) []byte {
	body, _ := json.Marshal(map[string]any{"error": map[string]any{"type": "invalid_request_error", "code": code, "message": msg}})
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	w.Write(body)
	return body
}

func (f *Server) reply(w http.ResponseWriter, v any) []byte {
	body, _ := json.Marshal(v)
	w.Header().Set("Content-Type", "application/json")
	w.Write(body)
	return body
}

func (f *Server) serve(w http.ResponseWriter, r *http.Request) {
	r.ParseForm()
	f.Mu.Lock()
	if f.Revoked || r.Header.Get("Authorization") != "Bearer "+f.key {
		f.Mu.Unlock()
		// Stripe quotes part of a bad key; the app must not repeat it.
		f.fail(w, 401, "api_key_expired", "Expired API Key provided: "+f.key)
		return
	}
	path := r.URL.Path
	f.calls[r.Method+" "+path]++
	switch {
	case r.Method == "GET" && path == "/v1/account":
		f.Mu.Unlock()
		f.reply(w, map[string]any{"id": "acct_platform", "object": "account", "settings": map[string]any{"dashboard": map[string]any{"display_name": "Brand"}}})
	case r.Method == "POST" && path == "/v1/accounts":
		id := f.newAccount(false, []string{"external_account", "individual.dob.day"})
		a := f.accounts[id]
		f.Mu.Unlock()
		f.reply(w, a)
	case r.Method == "GET" && strings.HasPrefix(path, "/v1/accounts/"):
		a, ok := f.accounts[strings.TrimPrefix(path, "/v1/accounts/")]
		f.Mu.Unlock()
		if !ok {
			f.fail(w, 404, "resource_missing", "No such account")
			return
		}
		f.reply(w, a)
	case r.Method == "POST" && path == "/v1/account_links":
		f.Mu.Unlock()
		f.reply(w, map[string]any{"object": "account_link", "url": "https://connect.stripe.com/setup/e/" + r.Form.Get("account") + "/x", "expires_at": time.Now().Add(5 * time.Minute).Unix()})
	case r.Method == "GET" && path == "/v1/balance":
		var avail []map[string]any
		for c, v := range f.Balance {
			avail = append(avail, map[string]any{"currency": c, "amount": v})
		}
		f.Mu.Unlock()
		f.reply(w, map[string]any{"object": "balance", "available": avail})
	case r.Method == "GET" && path == "/v1/transfers":
		if f.FailList > 0 {
			f.FailList--
			f.Mu.Unlock()
			f.fail(w, 500, "", "internal")
			return
		}
		var data []map[string]any
		for _, tr := range f.transfers {
			if g := r.Form.Get("transfer_group"); g == "" || tr["transfer_group"] == g {
				data = append(data, tr)
			}
		}
		f.Mu.Unlock()
		f.reply(w, map[string]any{"object": "list", "data": data, "has_more": false, "url": "/v1/transfers"})
	case r.Method == "POST" && path == "/v1/transfers":
		f.createTransfer(w, r) // unlocks
	case r.Method == "POST" && strings.HasPrefix(path, "/v1/transfers/") && strings.HasSuffix(path, "/reversals"):
		id := strings.TrimSuffix(strings.TrimPrefix(path, "/v1/transfers/"), "/reversals")
		defer f.Mu.Unlock()
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
		f.Mu.Unlock()
		f.fail(w, 404, "", "unknown path "+path)
	}
}

// createTransfer runs with mu held and releases it. Requests with one
// idempotency key are answered one at a time, the first answer for all.
func (f *Server) createTransfer(w http.ResponseWriter, r *http.Request) {
	key := r.Header.Get("Idempotency-Key")
	if c, ok := f.keys[key]; ok && key != "" {
		f.Mu.Unlock()
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
		f.Mu.Unlock()
		return
	case f.Balance[cur] < amount:
		body := f.fail(w, 400, "balance_insufficient", "You have insufficient available funds in your Stripe account.")
		f.keys[key] = cached{400, body}
		f.Mu.Unlock()
		return
	}
	f.Balance[cur] -= amount
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
	hook := f.AfterCreate
	f.Mu.Unlock()
	if hook != nil {
		hook(tr)
	}
	w.Header().Set("Content-Type", "application/json")
	w.Write(body)
}
