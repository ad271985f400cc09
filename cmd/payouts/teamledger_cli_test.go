package main_test

import (
	"os"
	"os/exec"
	"strings"
	"testing"

	"github.com/payouts/payouts/internal/pgtest"
)

// A team ledger's URL is not a file: the commands about the file beside
// it (the backups folder, restore over it) say where a team ledger's
// backups are instead, never print the password, and create nothing on
// disk named after the URL.
func TestTeamLedgerFileCommands(t *testing.T) {
	url := "postgres://ana:s3cret@127.0.0.1:1/payouts"
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"backup"}, "has no backups folder: its server keeps its backups (pg_dump)"},
		{[]string{"backup", "list"}, "has no backups folder"},
		{[]string{"restore", "old.payouts"}, "restored on its server (pg_restore"},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			r := payouts(t, url, tt.args...)
			if r.code != 1 || !strings.Contains(r.stderr, tt.want) || strings.Contains(r.stderr+r.stdout, "s3cret") {
				t.Errorf("exit %d, stderr %q; want exit 1 and %q without the password", r.code, r.stderr, tt.want)
			}
		})
	}
	for _, p := range []string{"postgres:", "postgres:-busy"} {
		if _, err := os.Stat(p); err == nil {
			os.RemoveAll(p)
			t.Errorf("%s was created in the working folder", p)
		}
	}
}

// On a real team ledger (the test's PostgreSQL cluster): init sets the
// ledger up once, --db and PAYOUTS_DB both reach it, commands work, and
// what is about a file is refused with where a team ledger's backups are.
func TestTeamLedgerCLIPostgres(t *testing.T) {
	url := pgtest.URL(t)
	if out := ok(t, url, "init"); out != "created a ledger at "+url {
		t.Fatalf("init printed %q", out)
	}
	if r := payouts(t, url, "init"); r.code != 1 || !strings.Contains(r.stderr, "a ledger already exists at "+url) {
		t.Fatalf("second init: exit %d, stderr %q", r.code, r.stderr)
	}
	ok(t, url, "creator", "add", "Ana Silva")
	// PAYOUTS_DB alone, no --db.
	cmd := exec.Command(binary, "creator", "list")
	cmd.Env = append(os.Environ(), "PAYOUTS_DB="+url, "LANG=C")
	out, err := cmd.CombinedOutput()
	if err != nil || !strings.Contains(string(out), "Ana Silva") {
		t.Fatalf("PAYOUTS_DB: %v, %s", err, out)
	}
	if r := payouts(t, url, "backup", "list"); r.code != 1 || !strings.Contains(r.stderr, "has no backups folder") {
		t.Errorf("backup list: exit %d, stderr %q", r.code, r.stderr)
	}
	if out := ok(t, url, "check"); !strings.HasPrefix(out, "ok: ") {
		t.Errorf("check: %q", out)
	}
}
