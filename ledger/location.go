package ledger

import (
	"net/url"
	"strings"
)

// A ledger is named by a location: the path of a SQLite file, or the URL
// of a PostgreSQL database (a team ledger). Whatever is about the file (the
// backups folder beside it, notes of who is writing, folder modes, a
// quick_check of its pages) does not apply to a URL.

// IsServerURL reports whether location names a ledger on a PostgreSQL
// server (postgres:// or postgresql://) rather than a file.
func IsServerURL(location string) bool {
	l := strings.ToLower(strings.TrimSpace(location))
	return strings.HasPrefix(l, "postgres://") || strings.HasPrefix(l, "postgresql://")
}

// ShowLocation is a location as it may be shown or logged: a file's path
// as it is; a URL without its password (user@host:port/database), so a
// title bar, a message or a log never carries it.
func ShowLocation(location string) string {
	if !IsServerURL(location) {
		return location
	}
	u, err := url.Parse(strings.TrimSpace(location))
	if err != nil {
		return "a PostgreSQL ledger (its URL cannot be read)"
	}
	if u.User != nil {
		if _, has := u.User.Password(); has {
			u.User = url.User(u.User.Username())
		}
	}
	q := u.Query()
	if q.Has("password") {
		q.Del("password")
		u.RawQuery = q.Encode()
	}
	return u.String()
}
