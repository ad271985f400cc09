package main_test

import (
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"
)

// TestCreatorTaxCLI: creator edit sets the tax data flag by flag (flags not
// given keep their value), show masks the tax ID unless asked, every change
// is in the creator's history, and bad input is one line that changes
// nothing.
func TestCreatorTaxCLI(t *testing.T) {
	db := filepath.Join(t.TempDir(), "tax.payouts")
	ok(t, db, "creator", "add", "Ana Silva", "--payout-details", "IBAN X", "--country", "pt")
	ok(t, db, "creator", "edit", "1", "--legal-name", "Ana M. Silva", "--tax-id", "123-45-6789", "--address", "1 Main St\nSpringfield",
		"--country", "us", "--tax-form", "w9", "--tax-form-received", "2026-01-05")
	ok(t, db, "creator", "edit", "1", "--email", "ana@example.com") // keeps the tax data
	show := func(args ...string) map[string]any {
		var m map[string]any
		out := ok(t, db, append([]string{"creator", "show", "1", "--format", "json"}, args...)...)
		if err := json.Unmarshal([]byte(out), &m); err != nil {
			t.Fatalf("%v: %s", err, out)
		}
		return m
	}
	m := show()
	for k, want := range map[string]string{"legal_name": "Ana M. Silva", "tax_id": "•••• 6789", "address": "1 Main St\nSpringfield",
		"country": "US", "tax_form": "W-9", "tax_form_received": "2026-01-05", "email": "ana@example.com"} {
		if m[k] != want {
			t.Errorf("%s = %v, want %q", k, m[k], want)
		}
	}
	if got := show("--show-tax-id")["tax_id"]; got != "123-45-6789" {
		t.Errorf("--show-tax-id: tax_id = %v", got)
	}
	changes, _ := json.Marshal(m["changes"])
	for _, want := range []string{`"field":"country","from":"PT","operator":"ops@brand","to":"US"`, `"field":"tax ID","from":"","operator":"ops@brand","to":"•••• 6789"`,
		`"field":"email","from":"","operator":"ops@brand","to":"ana@example.com"`} {
		if !strings.Contains(string(changes), want) {
			t.Errorf("changes %s lack %s", changes, want)
		}
	}
	if strings.Contains(string(changes), "123-45") {
		t.Errorf("the history shows the whole tax ID: %s", changes)
	}
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"--country", "XX"}, `unknown country "XX"`},
		{[]string{"--tax-form", "1099"}, `unknown tax form "1099"`},
		{[]string{"--tax-form", "W-8BEN", "--tax-form-received", "2026-13-01"}, `invalid date "2026-13-01"`},
		{[]string{"--tax-form", "none", "--tax-form-received", "2026-01-05"}, "needs a tax form"},
	} {
		r := payouts(t, db, append([]string{"creator", "edit", "1"}, tc.args...)...)
		if r.code != 1 || !strings.Contains(r.stderr, tc.want) || strings.Count(r.stderr, "\n") != 1 {
			t.Errorf("edit %v: exit %d, stderr %q; want one line with %q", tc.args, r.code, r.stderr, tc.want)
		}
	}
	if m2 := show(); m2["country"] != "US" || m2["tax_form"] != "W-9" {
		t.Errorf("a refused edit changed the data: %v", m2)
	}
	// Form none clears the date with it.
	ok(t, db, "creator", "edit", "1", "--tax-form", "none")
	if m2 := show(); m2["tax_form"] != "none" || m2["tax_form_received"] != "" || m2["legal_name"] != "Ana M. Silva" {
		t.Errorf("after --tax-form none: %v", m2)
	}
}
