package ledger

import (
	"context"
	"sync"
	"sync/atomic"
	"time"

	"github.com/jackc/pgx/v5"
)

// On PostgreSQL, DataVersion counts notifications: every write transaction
// sends one on pgChannel (pg_notify, delivered at commit and only then),
// and each store keeps one connection listening, started by the first
// DataVersion call. The count changes within moments of another person's
// commit, which is what the app polls for. Losing the listening connection
// counts as a change too (what came meanwhile is unknown) and it
// reconnects.

// pgChannel is the channel of the ledger's change notifications.
const pgChannel = "payouts_changes"

// pgListener is a store's listening connection and its count.
type pgListener struct {
	mu      sync.Mutex
	started bool
	count   atomic.Int64
	cancel  context.CancelFunc
	done    chan struct{}
}

// pgDataVersion is DataVersion on PostgreSQL.
func (s *Store) pgDataVersion(ctx context.Context) (int64, error) {
	l := &s.pg.changes
	l.mu.Lock()
	defer l.mu.Unlock()
	if !l.started {
		conn, err := s.pgListen(ctx)
		if err != nil {
			return 0, s.pgConnectError(err)
		}
		lctx, cancel := context.WithCancel(context.Background())
		l.started, l.cancel, l.done = true, cancel, make(chan struct{})
		go s.pgWatch(lctx, conn)
	}
	return l.count.Load(), nil
}

// pgListen opens a connection listening on pgChannel.
func (s *Store) pgListen(ctx context.Context) (*pgx.Conn, error) {
	conn, err := pgx.ConnectConfig(ctx, s.pg.cfg.Copy())
	if err != nil {
		return nil, err
	}
	if _, err := conn.Exec(ctx, "LISTEN "+pgChannel); err != nil {
		conn.Close(context.Background())
		return nil, err
	}
	return conn, nil
}

// pgWatch counts notifications until ctx ends, reconnecting when the
// connection is lost.
func (s *Store) pgWatch(ctx context.Context, conn *pgx.Conn) {
	l := &s.pg.changes
	defer close(l.done)
	for {
		_, err := conn.WaitForNotification(ctx)
		if err == nil {
			l.count.Add(1)
			continue
		}
		conn.Close(context.Background())
		for {
			select {
			case <-ctx.Done():
				return
			case <-time.After(time.Second):
			}
			if conn, err = s.pgListen(ctx); err == nil {
				l.count.Add(1)
				break
			}
		}
	}
}

// pgCloseListener stops the listening connection.
func (s *Store) pgCloseListener() {
	l := &s.pg.changes
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.started {
		l.cancel()
		<-l.done
		l.started = false
	}
}

// pgNotify queues the change notification of the operation tx is, sent
// by the server when tx commits.
func (tx *Tx) pgNotify() error {
	_, err := tx.exec(pgRaw+`SELECT pg_notify('`+pgChannel+`', $1)`, tx.opID)
	return err
}
