package ledger

import (
	"context"
	"database/sql"
	"sync"
)

// versionConn is the one connection DataVersion asks: PRAGMA data_version
// counts the commits of other connections since this one's last look, so
// it must always be the same connection.
type versionConn struct {
	mu   sync.Mutex
	conn *sql.Conn
}

// DataVersion returns a number that changes whenever a commit of another
// connection (another program, or this program's other connections) has
// changed the ledger: the app polls it to notice the CLI or a second
// window writing, and refreshes what it shows.
func (s *Store) DataVersion(ctx context.Context) (int64, error) {
	if s.pg != nil {
		return s.pgDataVersion(ctx)
	}
	s.version.mu.Lock()
	defer s.version.mu.Unlock()
	if s.version.conn == nil {
		c, err := s.db.Conn(ctx)
		if err != nil {
			return 0, err
		}
		s.version.conn = c
	}
	var v int64
	if err := s.version.conn.QueryRowContext(ctx, `PRAGMA data_version`).Scan(&v); err != nil {
		s.version.conn.Close()
		s.version.conn = nil
		return 0, err
	}
	return v, nil
}

func (s *Store) closeVersionConn() {
	s.version.mu.Lock()
	defer s.version.mu.Unlock()
	if s.version.conn != nil {
		s.version.conn.Close()
		s.version.conn = nil
	}
}

// versionConns is how many connections DataVersion holds: its own, once
// it has polled.
func (s *Store) versionConns() int {
	s.version.mu.Lock()
	defer s.version.mu.Unlock()
	if s.version.conn != nil {
		return 1
	}
	return 0
}
