package stripe

import (
	"os"
	"strings"
	"sync"

	"github.com/zalando/go-keyring"

	"github.com/payouts/payouts/ledger"
)

// The secret key's entry in the OS keychain.
const (
	keyringService = "Payouts"
	keyringUser    = "stripe-secret-key"
)

// Key sources, as Settings names them.
const (
	SourceEnv      = "PAYOUTS_STRIPE_KEY"
	SourceKeychain = "keychain"
	SourceSession  = "this session only"
)

// Keys keeps the Stripe secret key: PAYOUTS_STRIPE_KEY when set, else the
// OS keychain, else (where there is no keychain) memory for this session.
// Nothing else: not the ledger, not the preferences.
type Keys struct {
	mu      sync.Mutex
	session string
}

// Get returns the key and where it came from; "" when none is set.
func (k *Keys) Get() (key, source string) {
	if v := strings.TrimSpace(os.Getenv("PAYOUTS_STRIPE_KEY")); v != "" {
		return v, SourceEnv
	}
	if v, err := keyring.Get(keyringService, keyringUser); err == nil && v != "" {
		return v, SourceKeychain
	}
	k.mu.Lock()
	defer k.mu.Unlock()
	if k.session != "" {
		return k.session, SourceSession
	}
	return "", ""
}

// Set stores a key in the keychain. Where there is none it keeps the key
// for this session and says so in note.
func (k *Keys) Set(key string) (note string, err error) {
	key = strings.TrimSpace(key)
	if err := CheckKey(key); err != nil {
		return "", err
	}
	if err := keyring.Set(keyringService, keyringUser, key); err != nil {
		k.mu.Lock()
		k.session = key
		k.mu.Unlock()
		return "No OS keychain is available, so the Stripe key is kept for this session only: enter it again next time (or set PAYOUTS_STRIPE_KEY).", nil
	}
	k.mu.Lock()
	k.session = ""
	k.mu.Unlock()
	return "", nil
}

// Delete forgets the key, in the keychain and in this session.
func (k *Keys) Delete() error {
	k.mu.Lock()
	k.session = ""
	k.mu.Unlock()
	err := keyring.Delete(keyringService, keyringUser)
	if _, gerr := keyring.Get(keyringService, keyringUser); err != nil && gerr == nil {
		// Still there: a keychain that refuses (no keychain at all is fine).
		return ledger.Errorf(ledger.EUNAVAILABLE, "could not remove the Stripe key from the keychain: %v", err)
	}
	return nil
}
