package ledger

import "context"

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
