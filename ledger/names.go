package ledger

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"unicode"

	"golang.org/x/text/cases"
	"golang.org/x/text/unicode/norm"
)

// Names of creators and campaigns are stored in Unicode NFC and compared
// with full Unicode case folding: "Chloé" typed precomposed (NFC) or with a
// combining accent (NFD), and "CHLOÉ", are one creator. SQLite's NOCASE
// folds ASCII only, so each row also stores its name's key (nameKey) under
// a UNIQUE index, and lookups by name go through the key.

// normalizeName trims a name, puts it in NFC and refuses what cannot be
// part of a name a person reads: control characters (line breaks, tabs),
// line and paragraph separators, and invisible format characters such as
// zero-width spaces and joiners, which would make two names that look the
// same different.
func normalizeName(name, what string) (string, error) {
	name = norm.NFC.String(strings.TrimSpace(name))
	for _, r := range name {
		switch {
		case r == '\n' || r == '\r' || r == '\u2028' || r == '\u2029':
			return "", Errorf(EINVALID, "%s must be one line", what)
		case unicode.IsControl(r):
			return "", Errorf(EINVALID, "%s must not contain control characters such as tabs", what)
		case unicode.Is(unicode.Cf, r) || r == '\u115F' || r == '\u1160' || r == '\u3164' || r == '\uFFA0':
			return "", Errorf(EINVALID, "%s must not contain invisible characters (U+%04X)", what, r)
		}
	}
	return name, nil
}

// nameKey is how names compare: NFC, full case folding, NFC again (folding
// can leave a string that is not in NFC).
func nameKey(name string) string {
	return norm.NFC.String(cases.Fold().String(norm.NFC.String(strings.TrimSpace(name))))
}

// backfillNameKeys gives the rows written before names had keys theirs, in
// the migration's transaction. Two old names that fold to one key (possible
// only before this version) keep the later one's key empty rather than
// fail the migration: both stay, and the first is the one found by name.
func backfillNameKeys(ctx context.Context, tx *sql.Tx) error {
	for _, table := range []string{"creators", "campaigns"} {
		rows, err := tx.QueryContext(ctx, `SELECT id, name FROM `+table+` WHERE name_key IS NULL ORDER BY id`)
		if err != nil {
			return fmt.Errorf("name keys of %s: %w", table, err)
		}
		type row struct {
			id   int64
			name string
		}
		var all []row
		for rows.Next() {
			var r row
			if err := rows.Scan(&r.id, &r.name); err != nil {
				rows.Close()
				return fmt.Errorf("name keys of %s: %w", table, err)
			}
			all = append(all, r)
		}
		if err := closeRows(rows); err != nil {
			return fmt.Errorf("name keys of %s: %w", table, err)
		}
		for _, r := range all {
			_, err := tx.ExecContext(ctx, `UPDATE `+table+` SET name_key = ? WHERE id = ?`, nameKey(r.name), r.id)
			if err != nil && !isUnique(err) {
				return fmt.Errorf("name keys of %s: %w", table, err)
			}
		}
	}
	return nil
}
