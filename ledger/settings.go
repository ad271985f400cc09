package ledger

import (
	"context"
	"database/sql"
	"errors"
)

// SettingsWithPrefix returns the settings whose key starts with prefix,
// such as the saved column mappings of order imports ("mapping:").
func (s *Store) SettingsWithPrefix(ctx context.Context, prefix string) (map[string]string, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT key, value FROM settings WHERE substr(key, 1, length(?1)) = ?1`, prefix)
	if err != nil {
		return nil, wrap(err, "read settings")
	}
	defer rows.Close()
	out := map[string]string{}
	for rows.Next() {
		var k, v string
		if err := rows.Scan(&k, &v); err != nil {
			return nil, wrap(err, "read settings")
		}
		out[k] = v
	}
	return out, wrap(rows.Err(), "read settings")
}

// Setting reads a named setting of this ledger ("" when unset).
func (s *Store) Setting(ctx context.Context, key string) (string, error) {
	var v string
	err := s.db.QueryRowContext(ctx, `SELECT value FROM settings WHERE key = ?`, key).Scan(&v)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	return v, wrap(err, "read setting")
}

// SetSetting stores a named setting of this ledger. The team's settings
// (approvals) are the owner's: they go through SetApprovals.
func (s *Store) SetSetting(ctx context.Context, key, value string) error {
	if key == SettingApprovals {
		switch value {
		case "on", "off":
			return s.SetApprovals(ctx, value == "on")
		}
		return Errorf(EINVALID, "approvals are on or off, not %q", value)
	}
	_, err := s.do(ctx, "", "setting.set", []string{key, value}, func(tx *Tx) (int64, error) {
		return 0, tx.setSetting(key, value)
	})
	return err
}
