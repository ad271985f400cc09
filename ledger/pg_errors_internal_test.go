package ledger

import (
	"fmt"
	"testing"

	"github.com/jackc/pgx/v5/pgconn"
)

// A transfer inserted under a taken ID is refused on PostgreSQL by the
// primary key (migrations_pg has no transfers_no_replace): the store says
// what SQLite's trigger says. Another unique key stays a conflict.
func TestPgErrorTakenTransferID(t *testing.T) {
	s := &Store{}
	for _, tt := range []struct {
		constraint string
		code       string
		msg        string
	}{
		{"transfers_pkey", EINVALID, "transfers are append-only: post a reversing transfer instead: the change was not saved"},
		{"creators_name_key", ECONFLICT, "Key (name_key)=(ana) already exists: the change was not saved"},
	} {
		err := s.pgError(fmt.Errorf("post: %w", &pgconn.PgError{Code: "23505", ConstraintName: tt.constraint,
			Message: `duplicate key value violates unique constraint "` + tt.constraint + `"`, Detail: "Key (name_key)=(ana) already exists."}))
		if ErrorCode(err) != tt.code || ErrorMessage(err) != tt.msg {
			t.Errorf("%s: %s %q, want %s %q", tt.constraint, ErrorCode(err), ErrorMessage(err), tt.code, tt.msg)
		}
	}
}
