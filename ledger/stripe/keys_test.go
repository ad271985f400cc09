package stripe_test

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/zalando/go-keyring"

	"github.com/payouts/payouts/ledger"
	"github.com/payouts/payouts/ledger/stripe"
)

// The secret key is in no file the app writes: not the ledger, not its WAL.
func TestKeyNeverStored(t *testing.T) {
	keyring.MockInit()
	var keys stripe.Keys
	note, err := keys.Set(testKey)
	must(t, err)
	if note != "" {
		t.Fatalf("note %q with a keychain", note)
	}
	t.Setenv("PAYOUTS_STRIPE_KEY", "")
	w := newWorld(t)
	t.Setenv("PAYOUTS_STRIPE_API_URL", w.fake.URL())
	sv, err := stripe.Open(ctx, w.s, &keys, nil)
	must(t, err)
	must(t, w.s.SetSetting(ctx, stripe.SettingReturnURL, "https://brand.example/thanks"))
	must(t, sv.Pay(ctx, []int64{w.req})[0].Err)
	w.fake.Mu.Lock()
	w.fake.Revoked = true
	w.fake.Mu.Unlock()
	sv.Pay(ctx, []int64{w.request(t, 100)})
	for _, p := range []string{w.path, w.path + "-wal"} {
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		if bytes.Contains(b, []byte(testKey)) || bytes.Contains(b, []byte(testKey[8:])) {
			t.Fatalf("the key is in %s", p)
		}
	}
}

func TestKeysNoKeychain(t *testing.T) {
	keyring.MockInitWithError(os.ErrPermission)
	t.Setenv("PAYOUTS_STRIPE_KEY", "")
	var keys stripe.Keys
	if _, err := keys.Set("pk_test_123456"); ledger.ErrorCode(err) != ledger.EINVALID {
		t.Fatalf("publishable key accepted: %v", err)
	}
	note, err := keys.Set(testKey)
	must(t, err)
	if !strings.Contains(note, "session only") {
		t.Fatalf("note %q", note)
	}
	if k, src := keys.Get(); k != testKey || src != stripe.SourceSession {
		t.Fatalf("got %q from %q", k, src)
	}
	t.Setenv("PAYOUTS_STRIPE_KEY", "sk_live_override12345")
	if k, src := keys.Get(); k != "sk_live_override12345" || src != stripe.SourceEnv || stripe.Mode(k) != "live" {
		t.Fatalf("got %q from %q", k, src)
	}
	t.Setenv("PAYOUTS_STRIPE_KEY", "")
	must(t, keys.Delete())
	if k, _ := keys.Get(); k != "" {
		t.Fatal("key kept after delete")
	}
	s := openStore(t, filepath.Join(t.TempDir(), "x.payouts"))
	if _, err := stripe.Open(ctx, s, &keys, nil); ledger.ErrorCode(err) != ledger.EUNAVAILABLE || !strings.Contains(err.Error(), "Settings") {
		t.Fatalf("open without a key: %v", err)
	}
}
