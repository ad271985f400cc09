package ledger

import (
	"context"
	"fmt"
	"slices"
	"strings"
)

// guardTriggers are the schema's triggers that keep the ledger's rules
// against any writer: transfers append-only, sums that cannot overflow, a
// reference that pays one payment.
var guardTriggers = []string{
	"transfers_no_update", "transfers_no_delete", "transfers_no_replace",
	"brand_accounts_no_overflow_insert", "brand_accounts_no_overflow_update", "deals_no_overflow",
	"requests_reference_one_payment_update", "requests_reference_one_payment_insert",
	// Home amounts of payments and the creator history are append-only too.
	"payment_fx_no_update", "payment_fx_no_delete", "creator_events_no_update", "creator_events_no_delete",
	// Closes and reopens of periods are append-only.
	"periods_no_update", "periods_no_delete",
}

// pgGuardTriggers are the guards of the PostgreSQL schema: the same but
// the overflow guards (a BIGINT that would overflow is an error there, not
// a REAL) and transfers_no_replace (there is no INSERT OR REPLACE; the
// primary key refuses a taken ID), and with TRUNCATE refused too.
var pgGuardTriggers = append(slices.DeleteFunc(slices.Clone(guardTriggers), func(name string) bool {
	return strings.Contains(name, "overflow") || name == "transfers_no_replace"
}), "transfers_no_truncate", "payment_fx_no_truncate", "creator_events_no_truncate", "periods_no_truncate")

// closeRows closes rows and returns the error that ended their iteration.
func closeRows(rows interface {
	Err() error
	Close() error
}) error {
	err := rows.Err()
	if cerr := rows.Close(); err == nil {
		err = cerr
	}
	return err
}

// Check recomputes every cached balance from the transfers and checks every
// invariant of the ledger. It returns one line per problem found; none means
// the ledger is sound. An error means the check itself could not run.
//
// SQLite's integrity check of the file, in parts, runs on connections of
// their own while the ledger's rules are checked (checkPass: one read of
// each table), so on a machine with two cores the whole check takes about
// as long as the integrity check alone (checkFile).
func (s *Store) Check(ctx context.Context) ([]string, error) {
	if s.pg != nil {
		// The server checks its own pages and always enforces foreign
		// keys: the ledger's rules are what is left to check.
		return s.checkRules(ctx)
	}
	return s.checkFile(ctx, s.checkRules)
}

// checkRules checks the ledger's own rules: foreign keys, the guards of the
// schema, and everything the transfers must agree with.
func (s *Store) checkRules(ctx context.Context) ([]string, error) {
	var problems []string
	add := func(format string, args ...any) { problems = append(problems, fmt.Sprintf(format, args...)) }
	var fkChecks []string
	var passKeys map[string]bool // the foreign keys the pass checks itself
	triggers := `SELECT name FROM sqlite_schema WHERE type = 'trigger'`
	if s.pg != nil {
		fkCheck, err := s.pgForeignKeyCheck(ctx)
		if err != nil {
			return nil, err
		}
		fkChecks = []string{fkCheck}
		triggers = pgRaw + `SELECT t.tgname FROM pg_catalog.pg_trigger t JOIN pg_catalog.pg_class c ON c.oid = t.tgrelid
			JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
			WHERE NOT t.tgisinternal AND t.tgenabled <> 'D' AND n.nspname = current_schema()`
	} else {
		var err error
		if fkChecks, passKeys, err = s.foreignKeyChecks(ctx); err != nil {
			return nil, err
		}
	}
	for _, fkCheck := range fkChecks {
		err := s.each(ctx, "foreign key check", fkCheck, func(scan scanFunc) error {
			var table, parent string
			var row, idx any
			if err := scan(&table, &row, &parent, &idx); err != nil {
				return err
			}
			where := fmt.Sprintf("rowid %v", row)
			if s.pg != nil {
				where = fmt.Sprint(row) // "deal_id 9999"
			}
			add("%s", foreignKey(table, where, parent))
			return nil
		})
		if err != nil {
			return nil, err
		}
	}

	// The guards of the schema are still there: a dropped trigger would let
	// any writer rewrite history without a trace.
	present := map[string]bool{}
	err := s.each(ctx, "list triggers", triggers, func(scan scanFunc) error {
		var name string
		err := scan(&name)
		present[name] = true
		return err
	})
	if err != nil {
		return nil, err
	}
	guards := guardTriggers
	if s.pg != nil {
		guards = pgGuardTriggers
	}
	for _, name := range guards {
		if !present[name] {
			add("trigger %s is missing: the ledger's guards were removed", name)
		}
	}

	// Every cached figure, link and running balance against the transfers.
	if err := s.checkPass(ctx, add, passKeys); err != nil {
		return nil, err
	}
	if err := s.checkHomeAmounts(ctx, add); err != nil {
		return nil, err
	}
	return problems, nil
}

// scanFunc reads the current row of a query.
type scanFunc func(dest ...any) error

// each runs query and calls fn for every row. A failed query, a row that
// does not scan (a value of the wrong type in the file) and an error that
// ends the rows are returned, named by what, never taken for "no problem".
func (s *Store) each(ctx context.Context, what, query string, fn func(scan scanFunc) error, args ...any) error {
	rows, err := s.db.QueryContext(ctx, query, args...)
	if err != nil {
		return fmt.Errorf("%s: %w", what, err)
	}
	for rows.Next() {
		if err := fn(rows.Scan); err != nil {
			rows.Close()
			return fmt.Errorf("%s: %w", what, err)
		}
	}
	if err := closeRows(rows); err != nil {
		return fmt.Errorf("%s: %w", what, err)
	}
	return nil
}
