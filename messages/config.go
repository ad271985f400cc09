// Package messages writes and sends the brand's messages to creators
// (payment requests, remittance advice, statements) over the brand's own
// SMTP server, recording each in the ledger's outbox before it is sent.
package messages

import (
	"net"
	"net/mail"
	"net/url"
	"os"
	"strconv"
	"strings"
	"sync"

	"github.com/zalando/go-keyring"

	"github.com/payouts/payouts/ledger"
)

// TLS modes of the SMTP connection.
const (
	TLSNone     = "none"     // plain text: a local relay or a test server
	TLSStartTLS = "starttls" // STARTTLS, required (port 587)
	TLSImplicit = "tls"      // TLS from the first byte (port 465)
)

// Setting keys in the ledger's settings (never the password).
const (
	SettingHost       = "mail.smtp.host"
	SettingPort       = "mail.smtp.port"
	SettingTLS        = "mail.smtp.tls"
	SettingUser       = "mail.smtp.user"
	SettingFrom       = "mail.from"
	SettingBrand      = "mail.brand"
	SettingReplyTo    = "mail.reply_to"
	SettingRemittance = "mail.remittance" // "off" turns automatic remittance advice off
)

// Config is how messages are sent and signed.
type Config struct {
	Host     string
	Port     int
	TLS      string
	User     string
	Password string // from the keychain or PAYOUTS_SMTP_PASSWORD; never stored in the ledger
	From     string // the sender's address ("Brand <pay@brand.example>" accepted)
	Brand    string // the brand's name, signing every message
	ReplyTo  string
	// Remittance says whether a paid request sends its remittance advice.
	Remittance bool
}

// Configured reports whether an SMTP server is set up.
func (c Config) Configured() bool { return c.Host != "" }

// Addr is host:port.
func (c Config) Addr() string { return net.JoinHostPort(c.Host, strconv.Itoa(c.Port)) }

// ParseURL reads smtp://user@host:port?tls=none|starttls|tls into c.
func (c *Config) ParseURL(raw string) error {
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil || u.Scheme != "smtp" || u.Hostname() == "" {
		return ledger.Errorf(ledger.EINVALID, "invalid SMTP URL %q: use smtp://user@host:port?tls=none|starttls|tls", redactURL(raw))
	}
	if _, set := u.User.Password(); set {
		return ledger.Errorf(ledger.EINVALID, "the SMTP URL must not hold the password: set PAYOUTS_SMTP_PASSWORD or keep it in the keychain")
	}
	c.Host = u.Hostname()
	c.User = u.User.Username()
	c.TLS = TLSStartTLS
	if t := u.Query().Get("tls"); t != "" {
		c.TLS = t
	}
	c.Port = 0
	if p := u.Port(); p != "" {
		if c.Port, err = strconv.Atoi(p); err != nil {
			return ledger.Errorf(ledger.EINVALID, "invalid SMTP port %q", p)
		}
	}
	return c.normalize()
}

func redactURL(raw string) string {
	if u, err := url.Parse(raw); err == nil && u.User != nil {
		u.User = url.User(u.User.Username())
		return u.String()
	}
	if i := strings.LastIndex(raw, "@"); i >= 0 {
		return "smtp://…" + raw[i:]
	}
	return raw
}

func (c *Config) normalize() error {
	c.Host = strings.TrimSpace(c.Host)
	switch c.TLS = strings.ToLower(strings.TrimSpace(c.TLS)); c.TLS {
	case "":
		c.TLS = TLSStartTLS
	case TLSNone, TLSStartTLS, TLSImplicit:
	default:
		return ledger.Errorf(ledger.EINVALID, "invalid SMTP security %q: none, starttls or tls", c.TLS)
	}
	if c.Port == 0 {
		c.Port = map[string]int{TLSNone: 25, TLSStartTLS: 587, TLSImplicit: 465}[c.TLS]
	}
	if c.Port < 1 || c.Port > 65535 {
		return ledger.Errorf(ledger.EINVALID, "invalid SMTP port %d", c.Port)
	}
	if c.From != "" {
		if _, err := mail.ParseAddress(c.From); err != nil {
			return ledger.Errorf(ledger.EINVALID, "invalid sender address %q", c.From)
		}
	}
	if c.ReplyTo != "" {
		if _, err := mail.ParseAddress(c.ReplyTo); err != nil {
			return ledger.Errorf(ledger.EINVALID, "invalid reply-to address %q", c.ReplyTo)
		}
	}
	return nil
}

// Load reads the settings from the ledger, then the environment's
// overrides (PAYOUTS_SMTP_URL, PAYOUTS_SMTP_PASSWORD, PAYOUTS_MAIL_FROM),
// and the password from the keychain when the environment has none.
func Load(settings map[string]string, keys *Keys) (Config, error) {
	c := Config{
		Host: settings[SettingHost], TLS: settings[SettingTLS], User: settings[SettingUser],
		From: settings[SettingFrom], Brand: settings[SettingBrand], ReplyTo: settings[SettingReplyTo],
		Remittance: settings[SettingRemittance] != "off",
	}
	if p := strings.TrimSpace(settings[SettingPort]); p != "" {
		n, err := strconv.Atoi(p)
		if err != nil {
			return c, ledger.Errorf(ledger.EINVALID, "invalid SMTP port %q in Settings", p)
		}
		c.Port = n
	}
	if u := strings.TrimSpace(os.Getenv("PAYOUTS_SMTP_URL")); u != "" {
		if err := c.ParseURL(u); err != nil {
			return c, err
		}
	}
	if f := strings.TrimSpace(os.Getenv("PAYOUTS_MAIL_FROM")); f != "" {
		c.From = f
	}
	if c.Brand == "" {
		c.Brand = "Payouts"
	}
	if c.Host == "" {
		return c, nil
	}
	if keys != nil && c.User != "" {
		c.Password, _ = keys.Get(c.User)
	}
	return c, c.normalize()
}

// The password's entry in the OS keychain; one per SMTP user.
const keyringService = "Payouts"

func keyringUser(user string) string { return "smtp-password:" + user }

// Keys keeps the SMTP password: PAYOUTS_SMTP_PASSWORD when set, else the
// OS keychain, else (where there is none) memory for this session, as the
// Stripe key is kept.
type Keys struct {
	mu      sync.Mutex
	session string
}

// Get returns the password for user and where it came from.
func (k *Keys) Get(user string) (password, source string) {
	if v := os.Getenv("PAYOUTS_SMTP_PASSWORD"); v != "" {
		return v, "PAYOUTS_SMTP_PASSWORD"
	}
	if v, err := keyring.Get(keyringService, keyringUser(user)); err == nil && v != "" {
		return v, "keychain"
	}
	k.mu.Lock()
	defer k.mu.Unlock()
	if k.session != "" {
		return k.session, "this session only"
	}
	return "", ""
}

// Set stores the password in the keychain, or for this session when there
// is no keychain (note says so).
func (k *Keys) Set(user, password string) (note string) {
	if err := keyring.Set(keyringService, keyringUser(user), password); err != nil {
		k.mu.Lock()
		k.session = password
		k.mu.Unlock()
		return "No OS keychain is available, so the SMTP password is kept for this session only (or set PAYOUTS_SMTP_PASSWORD)."
	}
	return ""
}

// Check validates the addresses and the server settings.
func (c *Config) Check() error { return c.normalize() }
