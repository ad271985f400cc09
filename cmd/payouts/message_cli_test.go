package main_test

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/payouts/payouts/messages/mailpittest"
)

// The message commands against a real SMTP server: each prints its outbox
// ID; a payment sends its remittance advice; a server that is down leaves
// a failed message (exit 1) that retry sends once; --eml saves instead.
func TestMessageCLI(t *testing.T) {
	mp := mailpittest.Start(t)
	db := filepath.Join(t.TempDir(), "mail.payouts")
	ok(t, db, "creator", "add", "Silva, Ana", "--email", "ana@creator.example")
	ok(t, db, "creator", "add", "Bo")
	ok(t, db, "campaign", "add", "Spring")
	ok(t, db, "deal", "add", "--creator", "Silva, Ana", "--campaign", "Spring", "--currency", "USD", "--percent", "10")
	ok(t, db, "deal", "add", "--creator", "Bo", "--campaign", "Spring", "--currency", "USD", "--percent", "10")
	ok(t, db, "fee", "add", "--deal", "1", "--amount", "300", "--confirm")
	t.Setenv("PAYOUTS_SMTP_PASSWORD", "cli-smtp-secret")
	t.Setenv("PAYOUTS_MAIL_FROM", "pay@brand.example")
	ok(t, db, "message", "setup", "--brand", "Brand Co", "--reply-to", "finance@brand.example")

	// No server set up: recorded as failed, exit 1.
	t.Setenv("PAYOUTS_SMTP_URL", "")
	r := payouts(t, db, "message", "request", "--deal", "1")
	if r.code != 1 || !strings.Contains(r.stdout, "message 1 not sent") || !strings.Contains(r.stderr, "no SMTP server is set up") {
		t.Fatalf("no SMTP: %+v", r)
	}
	// The server is down, then up: retry sends it once.
	t.Setenv("PAYOUTS_SMTP_URL", mailpittest.FreeURL(t))
	r = payouts(t, db, "message", "retry", "1")
	if r.code != 1 || !strings.Contains(r.stderr, "could not connect") {
		t.Fatalf("down: %+v", r)
	}
	t.Setenv("PAYOUTS_SMTP_URL", mp.URL())
	if out := ok(t, db, "message", "retry", "1"); !regexp.MustCompile(`^message 1 sent to ana@creator.example`).MatchString(out) {
		t.Fatalf("retry printed %q", out)
	}
	if r := payouts(t, db, "message", "retry", "1"); r.code != 1 || !strings.Contains(r.stderr, "already sent") {
		t.Fatalf("retry of a sent message: %+v", r)
	}
	// Paying sends the remittance advice (on by default).
	ok(t, db, "creator", "edit", "1", "--payout-details", "IBAN X")
	ok(t, db, "payout", "request", "--deal", "1", "--amount", "300")
	if out := ok(t, db, "payout", "pay", "1", "--offline", "--reference", "WIRE-9"); !strings.Contains(out, "remittance advice: message 2 sent") {
		t.Fatalf("pay printed %q", out)
	}
	if out := ok(t, db, "message", "statement", "--creator", "Silva, Ana", "--from", "2000-01-01"); !strings.Contains(out, "message 3 sent") {
		t.Fatalf("statement printed %q", out)
	}
	if r := payouts(t, db, "message", "request", "--deal", "2"); r.code != 1 || strings.TrimSpace(r.stderr) != "payouts: Bo has no email address: add one (payouts creator edit --email) and send again" {
		t.Fatalf("no email: %+v", r)
	}
	eml := filepath.Join(t.TempDir(), "req.eml")
	ok(t, db, "message", "request", "--deal", "1", "--eml", eml)
	if b, err := os.ReadFile(eml); err != nil || !strings.Contains(string(b), "Subject: Brand Co: payment of") {
		t.Fatalf("eml: %v %.200s", err, b)
	}

	got := mp.Messages(t)
	if len(got) != 3 {
		t.Fatalf("%d messages arrived, want 3", len(got))
	}
	subjects := []string{}
	for _, m := range got {
		subjects = append(subjects, m.Subject)
		if strings.Contains(mp.Raw(t, m.ID), "cli-smtp-secret") {
			t.Errorf("%s: the password is in the message", m.Subject)
		}
	}
	if want := "Brand Co: your statement from 2000-01-01|Brand Co: $300.00 sent to you|Brand Co: payment of $300.00 for Spring"; strings.Join(subjects, "|") != want {
		t.Errorf("subjects = %q, want %q", subjects, want)
	}
	out := ok(t, db, "message", "list", "--creator", "Silva, Ana", "--format", "csv")
	if n := strings.Count(out, ",sent,"); n != 4 /* the header too */ || !strings.Contains(out, "\n1,request,ana@creator.example,Brand Co: payment of $300.00 for Spring,1,") || !strings.Contains(out, ",sent,3,") {
		t.Fatalf("list: %q", out)
	}
}

// The process is killed (SIGKILL) while the server has not answered yet:
// the message stays "sending", a plain retry refuses it (it may have
// arrived), and retry --force sends it exactly once.
func TestMessageKilledWhileSending(t *testing.T) {
	mp := mailpittest.Start(t)
	addr := mailpittest.Silent(t)
	db := filepath.Join(t.TempDir(), "kill.payouts")
	ok(t, db, "creator", "add", "Ana", "--email", "ana@creator.example")
	ok(t, db, "campaign", "add", "Spring")
	ok(t, db, "deal", "add", "--creator", "Ana", "--campaign", "Spring", "--currency", "USD", "--percent", "10")
	t.Setenv("PAYOUTS_MAIL_FROM", "pay@brand.example")
	t.Setenv("PAYOUTS_SMTP_PASSWORD", "")
	t.Setenv("PAYOUTS_SMTP_URL", "smtp://u@"+addr+"?tls=none")

	cmd := exec.Command(binary, "--db", ledgerAt(t, db, nil), "message", "request", "--deal", "1")
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(20 * time.Second)
	for !strings.Contains(ok(t, db, "message", "list", "--format", "csv"), ",sending,") {
		if time.Now().After(deadline) {
			cmd.Process.Kill()
			t.Fatal("the message never reached sending")
		}
		time.Sleep(50 * time.Millisecond)
	}
	cmd.Process.Kill()
	cmd.Wait()

	t.Setenv("PAYOUTS_SMTP_URL", mp.URL())
	if r := payouts(t, db, "message", "retry", "1"); r.code != 1 || !strings.Contains(r.stderr, "may have arrived") {
		t.Fatalf("plain retry: %+v", r)
	}
	if n := len(mp.Messages(t)); n != 0 {
		t.Fatalf("%d arrived before --force", n)
	}
	if out := ok(t, db, "message", "retry", "1", "--force"); !strings.Contains(out, "message 1 sent") {
		t.Fatalf("forced retry printed %q", out)
	}
	if r := payouts(t, db, "message", "retry", "1", "--force"); r.code != 1 {
		t.Fatalf("retry after sent: %+v", r)
	}
	if n := len(mp.Messages(t)); n != 1 {
		t.Fatalf("%d arrived, want 1", n)
	}
}
