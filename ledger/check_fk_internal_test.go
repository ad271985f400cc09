package ledger

import (
	"context"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// On SQLite Check leaves the foreign keys of transfers and orders to its
// pass (it reads every row of both anyway) and PRAGMA foreign_key_check
// checks the other tables; a key the pass does not know, added to
// transfers, sends that table back to the PRAGMA.
func TestForeignKeyChecks(t *testing.T) {
	ctx := context.Background()
	s, err := Open(filepath.Join(t.TempDir(), "keys.payouts"))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	checks, pass, err := s.foreignKeyChecks(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if !pass["transfers"] || !pass["orders"] || len(pass) != 2 {
		t.Errorf("the pass checks the keys of %v, want transfers and orders", pass)
	}
	all := strings.Join(checks, "\n")
	if strings.Contains(all, "transfers") || strings.Contains(all, `"orders"`) || !strings.Contains(all, `foreign_key_check("fees")`) {
		t.Errorf("PRAGMA checks:\n%s", all)
	}
	if _, err := s.db.ExecContext(ctx, `ALTER TABLE transfers ADD COLUMN payee INTEGER REFERENCES creators(id)`); err != nil {
		t.Fatal(err)
	}
	checks, pass, err = s.foreignKeyChecks(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if pass["transfers"] || !slices.Contains(checks, `PRAGMA foreign_key_check("transfers")`) {
		t.Errorf("with a key the pass does not know: pass %v, checks %q", pass, checks)
	}
}

// idSet finds the IDs read and not the gaps between them.
func TestIDSet(t *testing.T) {
	var s idSet
	if s.has(1) {
		t.Error("an empty set has 1")
	}
	for _, id := range []int64{3, 4, 5, 9, 11, 12} {
		s.add(id)
	}
	for id := int64(0); id <= 14; id++ {
		want := slices.Contains([]int64{3, 4, 5, 9, 11, 12}, id)
		if s.has(id) != want {
			t.Errorf("has(%d) = %v, want %v", id, !want, want)
		}
	}
}
