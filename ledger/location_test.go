package ledger_test

import (
	"strings"
	"testing"

	"github.com/payouts/payouts/ledger"
)

// A URL names a team ledger; what is shown of it never has the password.
func TestShowLocation(t *testing.T) {
	tests := []struct {
		in     string
		server bool
		want   string
	}{
		{"/home/ana/ledger.payouts", false, "/home/ana/ledger.payouts"},
		{"postgres-notes.payouts", false, "postgres-notes.payouts"},
		{"postgres://ana@db.example.com:5432/payouts", true, "postgres://ana@db.example.com:5432/payouts"},
		{"postgres://ana:s3cret@db.example.com:5432/payouts", true, "postgres://ana@db.example.com:5432/payouts"},
		{"PostgreSQL://ana:s3cret@db/payouts?sslmode=require", true, "postgresql://ana@db/payouts?sslmode=require"},
		{"postgres://db/payouts?user=ana&password=s3cret", true, "postgres://db/payouts?user=ana"},
		{"postgres://ana:s3cret@[bad", true, "a PostgreSQL ledger (its URL cannot be read)"},
	}
	for _, tt := range tests {
		if got := ledger.IsServerURL(tt.in); got != tt.server {
			t.Errorf("IsServerURL(%q) = %v", tt.in, got)
		}
		got := ledger.ShowLocation(tt.in)
		if got != tt.want || strings.Contains(got, "s3cret") {
			t.Errorf("ShowLocation(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
