package messages

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/mail"
	"strings"
	"time"

	gomail "github.com/wneessen/go-mail"

	"github.com/payouts/payouts/ledger"
)

// Attachment is a file sent with a message.
type Attachment struct {
	Name string
	Data []byte
}

// Compose writes a whole message (RFC 5322, MIME: plain text and HTML
// alternatives, then attachments) ready to record and send.
func Compose(c Config, toName, to string, r Rendered, at time.Time, files ...Attachment) ([]byte, error) {
	from, err := c.sender()
	if err != nil {
		return nil, err
	}
	if _, err := mail.ParseAddress(to); err != nil || strings.ContainsAny(to, "<>\r\n") {
		return nil, ledger.Errorf(ledger.EINVALID, "invalid email address %q", to)
	}
	m := gomail.NewMsg()
	if err := m.FromFormat(from.Name, from.Address); err != nil {
		return nil, ledger.Errorf(ledger.EINVALID, "invalid sender address %q", from.Address)
	}
	// go-mail quotes a display name holding a comma or non-ASCII text
	// (RFC 2047), so "Silva, Ana" stays one recipient.
	if err := m.AddToFormat(toName, to); err != nil {
		return nil, ledger.Errorf(ledger.EINVALID, "invalid email address %q", to)
	}
	if c.ReplyTo != "" {
		if err := m.ReplyTo(c.ReplyTo); err != nil {
			return nil, ledger.Errorf(ledger.EINVALID, "invalid reply-to address %q", c.ReplyTo)
		}
	}
	m.Subject(r.Subject)
	m.SetDateWithValue(at)
	m.SetMessageID()
	m.SetBodyString(gomail.TypeTextPlain, r.Text)
	m.AddAlternativeString(gomail.TypeTextHTML, r.HTML)
	for _, f := range files {
		if err := m.AttachReader(f.Name, bytes.NewReader(f.Data)); err != nil {
			return nil, fmt.Errorf("attach %s: %w", f.Name, err)
		}
	}
	var b bytes.Buffer
	if _, err := m.WriteTo(&b); err != nil {
		return nil, fmt.Errorf("compose message: %w", err)
	}
	return b.Bytes(), nil
}

// sender is the From address: the configured one, named after the brand
// unless it carries its own name.
func (c Config) sender() (*mail.Address, error) {
	if c.From == "" {
		return nil, ledger.Errorf(ledger.EINVALID, "no sender address: set it in Settings or PAYOUTS_MAIL_FROM")
	}
	a, err := mail.ParseAddress(c.From)
	if err != nil {
		return nil, ledger.Errorf(ledger.EINVALID, "invalid sender address %q", c.From)
	}
	if a.Name == "" {
		a.Name = c.Brand
	}
	return a, nil
}

// Timeout bounds a whole SMTP conversation.
var Timeout = 30 * time.Second

// Send delivers one recorded message, byte for byte, to one recipient.
// It returns the server's acceptance for the outbox.
func Send(ctx context.Context, c Config, to string, raw []byte) (string, error) {
	if !c.Configured() {
		return "", ledger.Errorf(ledger.EUNAVAILABLE, "no SMTP server is set up: set one in Settings or PAYOUTS_SMTP_URL, or save the message as an .eml file (--eml)")
	}
	from, err := c.sender()
	if err != nil {
		return "", err
	}
	opts := []gomail.Option{gomail.WithPort(c.Port), gomail.WithTimeout(Timeout)}
	switch c.TLS {
	case TLSNone:
		opts = append(opts, gomail.WithTLSPolicy(gomail.NoTLS))
	case TLSImplicit:
		opts = append(opts, gomail.WithSSL())
	default:
		opts = append(opts, gomail.WithTLSPolicy(gomail.TLSMandatory))
	}
	if c.User != "" {
		// Autodiscovery never sends a password in clear text; with
		// tls=none the brand chose a connection without TLS (a relay on
		// their own machine or network), so PLAIN is allowed there.
		auth := gomail.SMTPAuthAutoDiscover
		if c.TLS == TLSNone {
			auth = gomail.SMTPAuthPlainNoEnc
		}
		opts = append(opts, gomail.WithSMTPAuth(auth), gomail.WithUsername(c.User), gomail.WithPassword(c.Password))
	}
	cl, err := gomail.NewClient(c.Host, opts...)
	if err != nil {
		return "", ledger.Errorf(ledger.EINVALID, "SMTP settings: %s", oneLine(err))
	}
	ctx, cancel := context.WithTimeout(ctx, Timeout)
	defer cancel()
	sc, err := cl.DialToSMTPClientWithContext(ctx)
	if err != nil {
		return "", ledger.Errorf(ledger.EUNAVAILABLE, "could not connect to the SMTP server %s: %s", c.Addr(), oneLine(err))
	}
	defer cl.CloseWithSMTPClient(sc)
	step := func(what string, err error) error {
		if err == nil {
			return nil
		}
		return ledger.Errorf(ledger.EUNAVAILABLE, "the SMTP server %s refused %s: %s", c.Addr(), what, oneLine(err))
	}
	if err := step("the sender "+from.Address, sc.Mail("<"+from.Address+">")); err != nil {
		return "", err
	}
	if err := step("the recipient "+to, sc.Rcpt("<"+to+">")); err != nil {
		return "", err
	}
	w, err := sc.Data()
	if err := step("the message", err); err != nil {
		return "", err
	}
	if _, err := io.Copy(w, bytes.NewReader(raw)); err != nil {
		return "", step("the message", err)
	}
	if err := step("the message", w.Close()); err != nil {
		return "", err
	}
	return "accepted by " + c.Addr(), nil
}
