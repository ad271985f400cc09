package ledger

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"testing"
)

// isUnique goes by SQLite's result code, not by what a message says: an
// error that merely mentions the words is not a duplicate, and a real
// duplicate is one however it is worded or wrapped.
func TestIsUniqueByCode(t *testing.T) {
	s, err := Open(filepath.Join(t.TempDir(), "t.payouts"))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	ctx := context.Background()
	if _, err := s.db.ExecContext(ctx, `INSERT INTO settings (key, value) VALUES ('k', 'v')`); err != nil {
		t.Fatal(err)
	}
	_, dup := s.db.ExecContext(ctx, `INSERT INTO settings (key, value) VALUES ('k', 'w')`)
	_, check := s.db.ExecContext(ctx, `INSERT INTO campaigns (name, created_at) VALUES ('  ', 0)`)
	for _, tt := range []struct {
		name string
		err  error
		want bool
	}{
		{"Duplicate", dup, true},
		{"WrappedDuplicate", fmt.Errorf("add: %w", dup), true},
		{"CheckConstraint", check, false},
		{"WordsOnly", errors.New("creator named \"UNIQUE constraint failed\" not found"), false},
		{"Nil", nil, false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if got := isUnique(tt.err); got != tt.want {
				t.Fatalf("isUnique(%v) = %v, want %v", tt.err, got, tt.want)
			}
		})
	}
	// Setting: an unset key is "", by sql.ErrNoRows, not by its text.
	if v, err := s.Setting(ctx, "unset"); v != "" || err != nil {
		t.Fatalf("Setting(unset) = %q, %v", v, err)
	}
}
