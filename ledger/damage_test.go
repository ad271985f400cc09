package ledger_test

import (
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/payouts/payouts/ledger"
	"github.com/payouts/payouts/ledger/demo"
)

// One byte of a demo ledger flipped at 20 offsets: once SQLite reports the
// file damaged (to any statement, or to the integrity check), no write is
// accepted, in this program or the next to open it; damage is never shown
// as an "internal error"; and a file integrity_check finds damaged is
// always found damaged by CheckFile.
func TestFlippedBytes(t *testing.T) {
	dir := t.TempDir()
	pristine := filepath.Join(dir, "demo.payouts")
	s, err := ledger.Open(pristine)
	if err != nil {
		t.Fatal(err)
	}
	if err := demo.Fill(ctx, s, demo.Options{Seed: 3, Creators: 12}); err != nil {
		t.Fatal(err)
	}
	deals, _ := s.Deals(ctx, ledger.DealQuery{})
	s.Close() // checkpoints: the whole ledger is in the one file now
	orig, err := os.ReadFile(pristine)
	if err != nil {
		t.Fatal(err)
	}
	damaged := 0
	for i := 0; i < 20; i++ {
		off := 100 + i*(len(orig)-100)/20 + 37*i%97
		t.Run(fmt.Sprintf("offset%d", off), func(t *testing.T) {
			p := filepath.Join(dir, fmt.Sprintf("flip%d.payouts", off))
			b := append([]byte(nil), orig...)
			b[off] ^= 0xFF
			if err := os.WriteFile(p, b, 0o600); err != nil {
				t.Fatal(err)
			}
			sqliteSays := integrityCheck(p)

			s, err := ledger.OpenExisting(p)
			if err != nil {
				notInternal(t, "open", err)
				return
			}
			defer s.Close()
			reads := map[string]error{}
			_, reads["deals"] = s.Deals(ctx, ledger.DealQuery{})
			_, reads["creators"] = s.Creators(ctx, "")
			_, reads["requests"] = s.Requests(ctx, ledger.RequestQuery{})
			_, reads["totals"] = s.Totals(ctx)
			_, reads["check"] = s.Check(ctx)
			reads["checkfile"] = s.CheckFile(ctx, false)
			for what, err := range reads {
				notInternal(t, what, err)
			}
			if sqliteSays != "ok" && s.Damaged() == nil {
				t.Fatalf("integrity_check says %q, but the store is not damaged", sqliteSays)
			}
			if s.Damaged() == nil {
				return // the flip hit unused space: nothing to refuse
			}
			damaged++
			if !strings.Contains(ledger.ErrorMessage(s.Damaged()), "is damaged") {
				t.Fatalf("damage message %q", ledger.ErrorMessage(s.Damaged()))
			}
			_, err = s.AddBonus(ctx, ledger.BonusInput{DealID: deals[0].ID, Amount: 100})
			if err == nil || !strings.Contains(ledger.ErrorMessage(err), "is damaged") {
				t.Fatalf("a write after damage was reported: %v", err)
			}
			// The next program to open it refuses writes too.
			s2, err := ledger.OpenExisting(p)
			if err != nil {
				notInternal(t, "reopen", err)
				return
			}
			defer s2.Close()
			if _, err := s2.AddBonus(ctx, ledger.BonusInput{DealID: deals[0].ID, Amount: 100}); err == nil {
				t.Fatal("a write accepted by the next program to open the damaged ledger")
			}
		})
	}
	if damaged == 0 {
		t.Fatal("no offset damaged the ledger: the test proves nothing")
	}
	t.Logf("%d of 20 offsets damaged the ledger as SQLite sees it", damaged)
}

// notInternal fails when SQLite's damage report reaches a person as an
// internal error instead of the ledger's own words.
func notInternal(t *testing.T, what string, err error) {
	t.Helper()
	if err == nil {
		return
	}
	msg := ledger.ErrorMessage(err)
	if ledger.ErrorCode(err) == ledger.EINTERNAL && (strings.Contains(msg, "malformed") || strings.Contains(msg, "not a database") || strings.Contains(msg, "corrupt")) {
		t.Fatalf("%s: damage shown as %q", what, msg)
	}
	if strings.Contains(msg, "\n") {
		t.Fatalf("%s: message is not one line: %q", what, msg)
	}
}

// integrityCheck is SQLite's own verdict on the file, through a plain
// connection of the driver.
func integrityCheck(path string) string {
	db, err := sql.Open("sqlite", "file:"+path+"?mode=ro")
	if err != nil {
		return err.Error()
	}
	defer db.Close()
	rows, err := db.Query(`PRAGMA integrity_check`)
	if err != nil {
		return err.Error()
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var l string
		rows.Scan(&l)
		out = append(out, l)
	}
	if err := rows.Err(); err != nil {
		out = append(out, err.Error())
	}
	return strings.Join(out, "; ")
}
