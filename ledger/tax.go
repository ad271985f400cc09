package ledger

import (
	"context"
	"database/sql"
	"errors"
	"strings"
	"time"
	"unicode"
)

// Tax forms a creator may have on file. W-9 is a US person's; W-8BEN a
// foreign individual's and W-8BEN-E a foreign entity's; other is any
// other country's equivalent.
const (
	TaxFormNone   = "none"
	TaxFormW9     = "W-9"
	TaxFormW8BEN  = "W-8BEN"
	TaxFormW8BENE = "W-8BEN-E"
	TaxFormOther  = "other"
)

// TaxForms lists the forms in the order pickers show them.
var TaxForms = []string{TaxFormNone, TaxFormW9, TaxFormW8BEN, TaxFormW8BENE, TaxFormOther}

// TaxInfo is what a year-end contractor report needs of a creator.
type TaxInfo struct {
	LegalName    string // the name on the tax form, which may differ from the display name
	TaxID        string // SSN, EIN, ITIN or a foreign tax number, as given
	Address      string // may span lines
	Country      string // ISO 3166-1 alpha-2, such as US, GB, DE; "" when unknown
	Form         string // one of TaxForms; "" means none
	FormReceived string // YYYY-MM-DD the form came in; required with a form
}

// ParseTaxForm reads a form name as people type it ("w9", "W-8BEN-E",
// "W8BENE", "none").
func ParseTaxForm(s string) (string, error) {
	k := strings.ToUpper(strings.NewReplacer("-", "", " ", "", "_", "").Replace(strings.TrimSpace(s)))
	switch k {
	case "", "NONE":
		return TaxFormNone, nil
	case "W9":
		return TaxFormW9, nil
	case "W8BEN":
		return TaxFormW8BEN, nil
	case "W8BENE":
		return TaxFormW8BENE, nil
	case "OTHER":
		return TaxFormOther, nil
	}
	return "", Errorf(EINVALID, "unknown tax form %q: use W-9, W-8BEN, W-8BEN-E, other or none", clip(s, 40))
}

// Validate normalizes the fields and checks them: a known country, a known
// form with the date it was received (and no date without a form).
func (t *TaxInfo) Validate() error {
	t.LegalName = strings.TrimSpace(t.LegalName)
	t.TaxID = strings.TrimSpace(t.TaxID)
	t.Address = strings.TrimSpace(strings.ReplaceAll(strings.ReplaceAll(t.Address, "\r\n", "\n"), "\r", "\n"))
	t.Country = strings.ToUpper(strings.TrimSpace(t.Country))
	t.FormReceived = strings.TrimSpace(t.FormReceived)
	if len([]rune(t.LegalName)) > 200 {
		return Errorf(EINVALID, "legal name is longer than 200 characters")
	}
	if hasControl(t.LegalName, false) {
		return Errorf(EINVALID, "legal name must be one line with no control characters")
	}
	if len([]rune(t.TaxID)) > 40 {
		return Errorf(EINVALID, "tax ID is longer than 40 characters")
	}
	for _, r := range t.TaxID {
		if !(unicode.IsLetter(r) || unicode.IsDigit(r) || r == ' ' || r == '-' || r == '.' || r == '/') {
			return Errorf(EINVALID, "tax ID %s has a character other than letters, digits, spaces and - . /", MaskTaxID(t.TaxID))
		}
	}
	if len([]rune(t.Address)) > 500 {
		return Errorf(EINVALID, "address is longer than 500 characters")
	}
	if hasControl(t.Address, true) {
		return Errorf(EINVALID, "address has control characters")
	}
	if t.Country != "" {
		if err := checkCountry(t.Country); err != nil {
			return err
		}
	}
	form, err := ParseTaxForm(t.Form)
	if err != nil {
		return err
	}
	t.Form = form
	if form == TaxFormNone {
		if t.FormReceived != "" {
			return Errorf(EINVALID, "a date received (%s) needs a tax form: choose W-9, W-8BEN, W-8BEN-E or other", clip(t.FormReceived, 20))
		}
		return nil
	}
	if t.FormReceived == "" {
		return Errorf(EINVALID, "the date the %s was received is required (YYYY-MM-DD)", form)
	}
	d, err := ParseDate(t.FormReceived)
	if err != nil {
		return Errorf(EINVALID, "date received: invalid date %q: use YYYY-MM-DD", clip(t.FormReceived, 20))
	}
	t.FormReceived = d.Format(DateLayout)
	return nil
}

// hasControl reports control or invisible format characters; newlines
// count unless lines are allowed.
func hasControl(s string, lines bool) bool {
	for _, r := range s {
		if r == '\n' && lines {
			continue
		}
		if unicode.IsControl(r) || unicode.In(r, unicode.Cf) {
			return true
		}
	}
	return false
}

// MaskTaxID hides all but the last four letters or digits of a tax ID:
// "123-45-6789" is "•••• 6789". An ID of four or fewer is hidden whole.
func MaskTaxID(id string) string {
	id = strings.TrimSpace(id)
	if id == "" {
		return ""
	}
	var tail []rune
	for _, r := range id {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			tail = append(tail, r)
		}
	}
	if len(tail) <= 4 {
		return "••••"
	}
	return "•••• " + string(tail[len(tail)-4:])
}

// FormOnFile reports whether a tax form is on file.
func (t TaxInfo) FormOnFile() bool { return t.Form != "" && t.Form != TaxFormNone }

// CreatorTax returns a creator's tax data (empty, form none, when nothing
// is on file).
func (s *Store) CreatorTax(ctx context.Context, creatorID int64) (TaxInfo, error) {
	var exists bool
	if err := s.db.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM creators WHERE id = ?)`, creatorID).Scan(&exists); err != nil {
		return TaxInfo{}, wrap(err, "read creator tax data")
	}
	if !exists {
		return TaxInfo{}, Errorf(ENOTFOUND, "creator %d not found", creatorID)
	}
	t, err := scanTax(s.db.QueryRowContext(ctx, `SELECT `+taxCols+` FROM creator_tax WHERE creator_id = ?`, creatorID))
	if errors.Is(err, sql.ErrNoRows) {
		return TaxInfo{Form: TaxFormNone}, nil
	}
	return t, wrap(err, "read creator tax data")
}

const taxCols = `legal_name, tax_id, address, country, form, form_received`

func scanTax(sc interface{ Scan(...any) error }) (TaxInfo, error) {
	var t TaxInfo
	err := sc.Scan(&t.LegalName, &t.TaxID, &t.Address, &t.Country, &t.Form, &t.FormReceived)
	return t, err
}

// CreatorTaxRow is a creator with their tax data, as exports list them.
type CreatorTaxRow struct {
	CreatorID   int64
	CreatorName string
	Email       string
	TaxInfo
}

// CreatorTaxes lists every creator with their tax data, by name.
func (s *Store) CreatorTaxes(ctx context.Context) ([]CreatorTaxRow, error) {
	return creatorTaxes(ctx, s.db)
}

// CreatorTaxes lists every creator with their tax data, by name, on the
// reader's connection.
func (r *ExportReader) CreatorTaxes(ctx context.Context) ([]CreatorTaxRow, error) {
	return creatorTaxes(ctx, r.conn)
}

func creatorTaxes(ctx context.Context, q querier) ([]CreatorTaxRow, error) {
	rows, err := q.QueryContext(ctx, `SELECT cr.id, cr.name, cr.email, coalesce(t.legal_name, ''), coalesce(t.tax_id, ''),
		coalesce(t.address, ''), coalesce(t.country, ''), coalesce(t.form, 'none'), coalesce(t.form_received, '')
		FROM creators cr LEFT JOIN creator_tax t ON t.creator_id = cr.id ORDER BY cr.name COLLATE NOCASE, cr.id`)
	if err != nil {
		return nil, wrap(err, "list creator tax data")
	}
	defer rows.Close()
	var out []CreatorTaxRow
	for rows.Next() {
		var r CreatorTaxRow
		if err := rows.Scan(&r.CreatorID, &r.CreatorName, &r.Email, &r.LegalName, &r.TaxID, &r.Address, &r.Country, &r.Form, &r.FormReceived); err != nil {
			return nil, wrap(err, "list creator tax data")
		}
		out = append(out, r)
	}
	return out, wrap(rows.Err(), "list creator tax data")
}

// setTax writes a validated TaxInfo for a creator and returns the changes
// it made, for the creator's history.
func (tx *Tx) setTax(creatorID int64, t TaxInfo) ([]fieldChange, error) {
	if t.FormReceived != "" {
		if _, err := tx.pastDate(t.FormReceived, "tax form received"); err != nil {
			return nil, err
		}
	}
	old, err := scanTax(tx.queryRow(`SELECT `+taxCols+` FROM creator_tax WHERE creator_id = ?`, creatorID))
	if errors.Is(err, sql.ErrNoRows) {
		old, err = TaxInfo{Form: TaxFormNone}, nil
	}
	if err != nil {
		return nil, err
	}
	if _, err := tx.exec(`INSERT INTO creator_tax (creator_id, legal_name, tax_id, address, country, form, form_received, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (creator_id) DO UPDATE SET legal_name = excluded.legal_name, tax_id = excluded.tax_id,
		address = excluded.address, country = excluded.country, form = excluded.form, form_received = excluded.form_received,
		updated_at = excluded.updated_at`, creatorID, t.LegalName, t.TaxID, t.Address, t.Country, t.Form, t.FormReceived, ms(tx.now)); err != nil {
		return nil, err
	}
	// The history never holds a whole tax ID: only its masked form. A new
	// ID that ends in the same four characters masks the same, and is
	// still a change.
	oldID, newID := MaskTaxID(old.TaxID), MaskTaxID(t.TaxID)
	if old.TaxID != t.TaxID && oldID == newID {
		newID += " (another ID)"
	}
	return diffFields([][3]string{
		{"legal name", old.LegalName, t.LegalName},
		{"tax ID", oldID, newID},
		{"address", old.Address, t.Address},
		{"country", old.Country, t.Country},
		{"tax form", old.Form, t.Form},
		{"tax form received", old.FormReceived, t.FormReceived},
	}), nil
}

// fieldChange is one field of a creator changed by an edit.
type fieldChange struct{ field, old, new string }

// diffFields keeps the fields whose value changed.
func diffFields(fields [][3]string) []fieldChange {
	var out []fieldChange
	for _, f := range fields {
		if f[1] != f[2] {
			out = append(out, fieldChange{f[0], f[1], f[2]})
		}
	}
	return out
}

// recordChanges appends an edit's changes to the creator's history.
func (tx *Tx) recordChanges(creatorID int64, changes []fieldChange) error {
	for _, c := range changes {
		if _, err := tx.exec(`INSERT INTO creator_events (creator_id, field, old_value, new_value, at, operator, op_id) VALUES (?, ?, ?, ?, ?, ?, ?)`,
			creatorID, c.field, c.old, c.new, ms(tx.now), tx.operator, tx.opID); err != nil {
			return err
		}
	}
	return nil
}

// CreatorEvent is one change of one field of a creator: who changed it,
// when, from what to what. A tax ID appears only masked.
type CreatorEvent struct {
	ID       int64
	Field    string
	Old, New string
	At       time.Time
	Operator string
}

// CreatorEvents returns the changes made to a creator's details, newest
// first.
func (s *Store) CreatorEvents(ctx context.Context, creatorID int64) ([]CreatorEvent, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT id, field, old_value, new_value, at, operator FROM creator_events
		WHERE creator_id = ? ORDER BY id DESC`, creatorID)
	if err != nil {
		return nil, wrap(err, "read creator history")
	}
	defer rows.Close()
	var out []CreatorEvent
	for rows.Next() {
		var e CreatorEvent
		var at int64
		if err := rows.Scan(&e.ID, &e.Field, &e.Old, &e.New, &at, &e.Operator); err != nil {
			return nil, wrap(err, "read creator history")
		}
		e.At = FromMillis(at)
		out = append(out, e)
	}
	return out, wrap(rows.Err(), "read creator history")
}
