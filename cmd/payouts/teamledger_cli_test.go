package main_test

import (
	"os"
	"strings"
	"testing"
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
