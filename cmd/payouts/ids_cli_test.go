package main_test

import (
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// TestIDsAreDecimal: every ID argument is plain decimal. "010" is 10 (IDs
// padded by a spreadsheet's %03d), never octal 8; base prefixes, digit
// separators, signs and empty text are refused with one line and no change.
func TestIDsAreDecimal(t *testing.T) {
	db := filepath.Join(t.TempDir(), "ids.payouts")
	ok(t, db, "creator", "add", "Ana")
	for i := 1; i <= 17; i++ {
		name := "Campaign " + strconv.Itoa(i)
		ok(t, db, "campaign", "add", name)
		if got := ok(t, db, "deal", "add", "--creator", "Ana", "--campaign", name, "--currency", "USD", "--percent", "10"); got != strconv.Itoa(i) {
			t.Fatalf("deal %d got ID %s", i, got)
		}
	}

	t.Run("ZeroPaddedIsDecimal", func(t *testing.T) {
		for _, tt := range []struct {
			arg  string
			deal int // the deal that must get the bonus
		}{
			{"010", 10}, {"011", 11}, {"0017", 17}, {"9", 9},
		} {
			before := owedByDeal(t, db)
			ok(t, db, "bonus", "add", "--deal", tt.arg, "--amount", "1.00")
			after := owedByDeal(t, db)
			for d := 1; d <= 17; d++ {
				want := before[d]
				if d == tt.deal {
					want = before[d] + 100
				}
				if after[d] != want {
					t.Errorf("bonus add --deal %s: deal %d owed %d, want %d", tt.arg, d, after[d], want)
				}
			}
		}
		if h := ok(t, db, "history", "--deal", "010", "--format", "csv"); strings.Count(h, "\n") != 1 {
			t.Errorf("history --deal 010 = %q, want deal 10's one bonus", h)
		}
	})

	t.Run("Refused", func(t *testing.T) {
		ok(t, db, "fee", "add", "--deal", "1", "--amount", "5", "--confirm")
		ok(t, db, "payout", "request", "--deal", "1", "--amount", "1")
		before := ok(t, db, "balances", "--format", "csv")
		hist := ok(t, db, "history", "--deal", "1", "--format", "csv")
		for _, arg := range []string{"0x10", "0X1", "0o10", "0b1", "1_0", "+1", "-1", "", "0", "000", "1.0", "1e1", "١", "99999999999999999999", "#1", "10abc"} {
			for _, args := range [][]string{
				{"bonus", "add", "--deal", arg, "--amount", "1"},
				{"fee", "add", "--deal", arg, "--amount", "1"},
				{"payout", "request", "--deal", arg, "--amount", "1"},
				{"history", "--deal", arg},
				{"fee", "confirm", arg},
				{"fee", "void", arg},
				{"payout", "cancel", arg},
				{"payout", "pay", arg, "--offline", "--reference", "R-" + arg},
				{"creator", "edit", arg, "--email", "x@example.com"},
				{"fee", "void", "--", arg}, // after "--", even "-1" reaches the ID check
			} {
				r := payouts(t, db, args...)
				msg := strings.TrimSpace(r.stderr)
				if bare := args[2] == arg && args[1] != "--deal"; bare && strings.HasPrefix(arg, "-") {
					// A bare "-1" argument reads as a flag: a usage error, still refused.
					if r.code != 2 || !strings.Contains(msg, arg) {
						t.Errorf("payouts %q: exit %d, stderr %q; want a usage error", args, r.code, r.stderr)
					}
					continue
				}
				if r.code != 1 || !strings.Contains(msg, "ID") || strings.Contains(msg, "\n") || r.stdout != "" {
					t.Errorf("payouts %q: exit %d, stdout %q, stderr %q; want exit 1 and one line naming the ID", args, r.code, r.stdout, r.stderr)
				}
			}
		}
		if after := ok(t, db, "balances", "--format", "csv"); after != before {
			t.Errorf("a refused ID changed the balances:\n%s\n->\n%s", before, after)
		}
		if h := ok(t, db, "history", "--deal", "1", "--format", "csv"); h != hist {
			t.Errorf("a refused ID changed deal 1's history")
		}
	})
}

// owedByDeal reads each deal's owed balance in minor units (USD cents).
func owedByDeal(t *testing.T, db string) map[int]int64 {
	t.Helper()
	out := map[int]int64{}
	for _, l := range strings.Split(ok(t, db, "balances", "--format", "csv"), "\n")[1:] {
		f := strings.Split(l, ",")
		id, _ := strconv.Atoi(f[0])
		cents, err := strconv.ParseInt(strings.Replace(f[6], ".", "", 1), 10, 64)
		if err != nil {
			t.Fatalf("owed %q: %v", f[6], err)
		}
		out[id] = cents
	}
	return out
}
