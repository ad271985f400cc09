package ledger

import (
	"context"
	"database/sql"
	"fmt"
	"net/url"
	"os"
	"strings"
	"testing"

	"github.com/payouts/payouts/internal/pgtest"
)

// `payouts team add` with a password sends the server the password's SCRAM
// verifier, never the password (a server logging DDL would keep it), and
// the member then logs in with the password, ASCII or not, and not with
// another.
func TestAddMemberSendsNoPassword(t *testing.T) {
	ctx := context.Background()
	dbURL := pgtest.URL(t)
	s, err := Open(dbURL)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	teamInitMu.Lock()
	err = s.TeamInit(ctx)
	teamInitMu.Unlock()
	if err != nil {
		t.Fatal(err)
	}
	sent := recordStatements(t, s)

	for i, password := range []string{"correct horse battery", "Grüße, 東京 ✓"} {
		name := fmt.Sprintf("pw%d_%d_%d", i, os.Getpid(), memberSeq.Add(1))
		t.Cleanup(func() {
			admin := pgOpen(t, pgtest.AdminURL(t))
			admin.Exec(`DROP ROLE IF EXISTS ` + quoteIdent(name))
		})
		pgtest.RequirePassword(t, name)
		if _, err := s.AddMember(ctx, name, RoleViewer, password); err != nil {
			t.Fatal(err)
		}
		for _, q := range sent() {
			if strings.Contains(q, password) {
				t.Errorf("a statement sent to the server holds the password: %s", q)
			}
		}
		login := func(pw string) error {
			u, _ := url.Parse(dbURL)
			u.User = url.UserPassword(name, pw)
			db, err := sql.Open("pgx", u.String())
			if err != nil {
				return err
			}
			defer db.Close()
			return db.PingContext(ctx)
		}
		if err := login(password); err != nil {
			t.Errorf("%s cannot log in with the password given to team add: %v", name, err)
		}
		if err := login(password + "x"); err == nil {
			t.Errorf("%s logs in with a wrong password", name)
		}
	}
}
