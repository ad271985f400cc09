package ledger

import (
	"context"
	"database/sql"
	"errors"
	"strings"
)

// Validate checks a creator's fields.
func (in *CreatorInput) Validate() error {
	name, err := normalizeName(in.Name, "creator name")
	if err != nil {
		return err
	}
	in.Name = name
	in.Email = strings.TrimSpace(in.Email)
	in.Handle = strings.TrimSpace(in.Handle)
	// Details of only whitespace are no details: stored as none.
	in.PayoutDetails = strings.TrimSpace(in.PayoutDetails)
	if in.Name == "" {
		return Errorf(EINVALID, "creator name required")
	}
	if len(in.Name) > 200 {
		return Errorf(EINVALID, "creator name is longer than 200 characters")
	}
	if len(in.Email) > 254 { // the longest address mail can carry
		return Errorf(EINVALID, "email is longer than 254 characters (%q)", clip(in.Email, 40))
	}
	if in.Email != "" && (!strings.Contains(in.Email, "@") || strings.ContainsAny(in.Email, " \t\n")) {
		return Errorf(EINVALID, "invalid email %q", clip(in.Email, 80))
	}
	if in.Tax != nil {
		return in.Tax.Validate()
	}
	return nil
}

// AddCreator adds a creator and returns its ID.
func (s *Store) AddCreator(ctx context.Context, in CreatorInput) (int64, error) {
	if err := in.Validate(); err != nil {
		return 0, err
	}
	return s.do(ctx, in.OpID, "creator.add", in, func(tx *Tx) (int64, error) { return tx.addCreator(in) })
}

// addCreator inserts a validated creator inside an operation.
func (tx *Tx) addCreator(in CreatorInput) (int64, error) {
	id, err := tx.insertID(`INSERT INTO creators (name, name_key, email, handle, notes, payout_details, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)`,
		in.Name, nameKey(in.Name), in.Email, in.Handle, in.Notes, in.PayoutDetails, ms(tx.now))
	if err != nil {
		if isUnique(err) {
			return 0, Errorf(ECONFLICT, "a creator named %q already exists", in.Name)
		}
		return 0, err
	}
	if in.Tax == nil {
		return id, nil
	}
	_, err = tx.setTax(id, *in.Tax) // a new creator: no history of changes yet
	return id, err
}

// UpdateCreator replaces a creator's details (and tax data, when in.Tax is
// set). Each field it changes goes into the creator's history
// (CreatorEvents) with who and when, in the same transaction.
func (s *Store) UpdateCreator(ctx context.Context, id int64, in CreatorInput) error {
	if err := in.Validate(); err != nil {
		return err
	}
	_, err := s.do(ctx, in.OpID, "creator.update", struct {
		ID int64
		In CreatorInput
	}{id, in}, func(tx *Tx) (int64, error) {
		old, err := scanCreator(tx.queryRow(`SELECT `+creatorCols+` FROM creators WHERE id = ?`, id))
		if errors.Is(err, sql.ErrNoRows) {
			return 0, Errorf(ENOTFOUND, "creator %d not found", id)
		}
		if err != nil {
			return 0, err
		}
		if _, err := tx.exec(`UPDATE creators SET name = ?, name_key = ?, email = ?, handle = ?, notes = ?, payout_details = ? WHERE id = ?`,
			in.Name, nameKey(in.Name), in.Email, in.Handle, in.Notes, in.PayoutDetails, id); err != nil {
			if isUnique(err) {
				return 0, Errorf(ECONFLICT, "a creator named %q already exists", in.Name)
			}
			return 0, err
		}
		changes := diffFields([][3]string{
			{"name", old.Name, in.Name}, {"email", old.Email, in.Email}, {"handle", old.Handle, in.Handle},
			{"notes", old.Notes, in.Notes}, {"payout details", old.PayoutDetails, in.PayoutDetails},
		})
		if in.Tax != nil {
			taxChanges, err := tx.setTax(id, *in.Tax)
			if err != nil {
				return 0, err
			}
			changes = append(changes, taxChanges...)
		}
		return id, tx.recordChanges(id, changes)
	})
	return err
}

const creatorCols = `id, name, email, handle, notes, payout_details, stripe_account, created_at`

func scanCreator(sc interface{ Scan(...any) error }) (Creator, error) {
	var c Creator
	var at int64
	err := sc.Scan(&c.ID, &c.Name, &c.Email, &c.Handle, &c.Notes, &c.PayoutDetails, &c.StripeAccount, &at)
	c.CreatedAt = FromMillis(at)
	return c, err
}

// Creator returns the creator with the given ID.
func (s *Store) Creator(ctx context.Context, id int64) (Creator, error) {
	c, err := scanCreator(s.db.QueryRowContext(ctx, `SELECT `+creatorCols+` FROM creators WHERE id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return c, Errorf(ENOTFOUND, "creator %d not found", id)
	}
	return c, wrap(err, "read creator")
}

// CreatorByName finds a creator by name, ignoring case (full Unicode case
// folding) and the Unicode form the name was typed in.
func (s *Store) CreatorByName(ctx context.Context, name string) (Creator, error) {
	c, err := scanCreator(s.db.QueryRowContext(ctx, `SELECT `+creatorCols+` FROM creators WHERE name_key = ?1
		OR (name_key IS NULL AND name = ?2 COLLATE NOCASE) ORDER BY name_key IS NULL, id LIMIT 1`, nameKey(name), strings.TrimSpace(name)))
	if errors.Is(err, sql.ErrNoRows) {
		return c, Errorf(ENOTFOUND, "no creator named %q", name)
	}
	return c, wrap(err, "read creator")
}

// Creators lists creators by name; search filters on name, email and handle.
func (s *Store) Creators(ctx context.Context, search string) ([]Creator, error) {
	like := "%" + escapeLike(strings.TrimSpace(search)) + "%"
	rows, err := s.db.QueryContext(ctx, `SELECT `+creatorCols+` FROM creators
		WHERE name LIKE ?1 ESCAPE '\' OR email LIKE ?1 ESCAPE '\' OR handle LIKE ?1 ESCAPE '\' ORDER BY name COLLATE NOCASE, id`, like)
	if err != nil {
		return nil, wrap(err, "list creators")
	}
	defer rows.Close()
	var out []Creator
	for rows.Next() {
		c, err := scanCreator(rows)
		if err != nil {
			return nil, wrap(err, "list creators")
		}
		out = append(out, c)
	}
	return out, wrap(rows.Err(), "list creators")
}

// Validate checks a campaign's fields.
func (in *CampaignInput) Validate() error {
	name, err := normalizeName(in.Name, "campaign name")
	if err != nil {
		return err
	}
	in.Name = name
	if in.Name == "" {
		return Errorf(EINVALID, "campaign name required")
	}
	if len(in.Name) > 200 {
		return Errorf(EINVALID, "campaign name is longer than 200 characters")
	}
	return nil
}

// AddCampaign adds a campaign and returns its ID.
func (s *Store) AddCampaign(ctx context.Context, in CampaignInput) (int64, error) {
	if err := in.Validate(); err != nil {
		return 0, err
	}
	return s.do(ctx, in.OpID, "campaign.add", in, func(tx *Tx) (int64, error) { return tx.addCampaign(in) })
}

// addCampaign inserts a validated campaign inside an operation.
func (tx *Tx) addCampaign(in CampaignInput) (int64, error) {
	id, err := tx.insertID(`INSERT INTO campaigns (name, name_key, notes, created_at) VALUES (?, ?, ?, ?)`, in.Name, nameKey(in.Name), in.Notes, ms(tx.now))
	if err != nil {
		if isUnique(err) {
			return 0, Errorf(ECONFLICT, "a campaign named %q already exists", in.Name)
		}
		return 0, err
	}
	return id, nil
}

// UpdateCampaign replaces a campaign's details.
func (s *Store) UpdateCampaign(ctx context.Context, id int64, in CampaignInput) error {
	if err := in.Validate(); err != nil {
		return err
	}
	_, err := s.do(ctx, in.OpID, "campaign.update", struct {
		ID int64
		In CampaignInput
	}{id, in}, func(tx *Tx) (int64, error) {
		res, err := tx.exec(`UPDATE campaigns SET name = ?, name_key = ?, notes = ? WHERE id = ?`, in.Name, nameKey(in.Name), in.Notes, id)
		if err != nil {
			if isUnique(err) {
				return 0, Errorf(ECONFLICT, "a campaign named %q already exists", in.Name)
			}
			return 0, err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return 0, Errorf(ENOTFOUND, "campaign %d not found", id)
		}
		return id, nil
	})
	return err
}

func scanCampaign(sc interface{ Scan(...any) error }) (Campaign, error) {
	var c Campaign
	var at int64
	err := sc.Scan(&c.ID, &c.Name, &c.Notes, &at)
	c.CreatedAt = FromMillis(at)
	return c, err
}

// Campaign returns the campaign with the given ID.
func (s *Store) Campaign(ctx context.Context, id int64) (Campaign, error) {
	c, err := scanCampaign(s.db.QueryRowContext(ctx, `SELECT id, name, notes, created_at FROM campaigns WHERE id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return c, Errorf(ENOTFOUND, "campaign %d not found", id)
	}
	return c, wrap(err, "read campaign")
}

// CampaignByName finds a campaign by name, ignoring case (full Unicode case
// folding) and the Unicode form the name was typed in.
func (s *Store) CampaignByName(ctx context.Context, name string) (Campaign, error) {
	c, err := scanCampaign(s.db.QueryRowContext(ctx, `SELECT id, name, notes, created_at FROM campaigns WHERE name_key = ?1
		OR (name_key IS NULL AND name = ?2 COLLATE NOCASE) ORDER BY name_key IS NULL, id LIMIT 1`, nameKey(name), strings.TrimSpace(name)))
	if errors.Is(err, sql.ErrNoRows) {
		return c, Errorf(ENOTFOUND, "no campaign named %q", name)
	}
	return c, wrap(err, "read campaign")
}

// Campaigns lists every campaign by name.
func (s *Store) Campaigns(ctx context.Context) ([]Campaign, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT id, name, notes, created_at FROM campaigns ORDER BY name COLLATE NOCASE, id`)
	if err != nil {
		return nil, wrap(err, "list campaigns")
	}
	defer rows.Close()
	var out []Campaign
	for rows.Next() {
		c, err := scanCampaign(rows)
		if err != nil {
			return nil, wrap(err, "list campaigns")
		}
		out = append(out, c)
	}
	return out, wrap(rows.Err(), "list campaigns")
}
