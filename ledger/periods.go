package ledger

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"
)

// Period actions.
const (
	PeriodClose  = "close"
	PeriodReopen = "reopen"
)

// PeriodEvent is one close or reopen of the books, as the period history
// shows it.
type PeriodEvent struct {
	ID     int64
	Action string // PeriodClose or PeriodReopen
	// Through is the last day of the period closed, or of the one reopened.
	Through string
	// ClosedThrough is the lock after the event: no transfer is posted on
	// or before it. "" when no period is closed.
	ClosedThrough string
	Reason        string
	Operator      string
	At            time.Time
}

// PostingDate is the day of the books a transfer dated doc is posted on:
// its own day, unless a closed period (every day up to closedThrough)
// holds it; then the first open day, the day after closedThrough. A late
// payment, a refund of an order of a closed month, a reversal: each keeps
// doc as its document date and is posted where the books are still open,
// so a closed period never changes. It is the one rule of posting dates:
// every writer of transfers calls it (through Tx.postingDate).
func PostingDate(doc, closedThrough string) string {
	if closedThrough == "" || doc > closedThrough {
		return doc
	}
	return dayAfter(closedThrough)
}

// dayAfter returns the day after date (YYYY-MM-DD); date is one the ledger
// wrote, so it parses.
func dayAfter(date string) string {
	t, err := time.Parse(DateLayout, date)
	if err != nil {
		return date
	}
	return t.AddDate(0, 0, 1).Format(DateLayout)
}

// postingDate is PostingDate under the lock in force in this transaction,
// which it reads once: an operation posts all its transfers under one lock,
// and a close waits for the write lock like any operation.
func (tx *Tx) postingDate(doc string) (string, error) {
	if tx.lock == nil {
		lock, err := closedThrough(tx.ctx, tx)
		if err != nil {
			return "", fmt.Errorf("read closed period: %w", err)
		}
		tx.lock = &lock
	}
	return PostingDate(doc, *tx.lock), nil
}

// closedThrough reads the lock in force: the last event's.
func closedThrough(ctx context.Context, q interface {
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}) (string, error) {
	var lock string
	err := q.QueryRowContext(ctx, `SELECT closed_through FROM periods ORDER BY id DESC LIMIT 1`).Scan(&lock)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	return lock, err
}

// ClosedThrough returns the last day of the closed periods: no transfer is
// posted on or before it. "" when none is closed.
func (s *Store) ClosedThrough(ctx context.Context) (string, error) {
	lock, err := closedThrough(ctx, s.db)
	return lock, wrap(err, "read closed period")
}

// ClosePeriod closes the books through a day: from then on no transfer is
// posted on or before it, and what belongs to the closed period but
// arrives late is posted on the first open day. A period is closed once it
// has ended (through is before today), and after the one closed before it.
func (s *Store) ClosePeriod(ctx context.Context, opID, through string) error {
	d, err := ParseDate(through)
	if err != nil {
		return err
	}
	through = d.Format(DateLayout)
	_, err = s.do(ctx, opID, "period.close", through, func(tx *Tx) (int64, error) {
		if through >= tx.today() {
			return 0, Errorf(EINVALID, "a period is closed once it has ended: %s is not before today (%s)", through, tx.today())
		}
		lock, err := closedThrough(tx.ctx, tx)
		if err != nil {
			return 0, err
		}
		if lock != "" && through <= lock {
			return 0, Errorf(EINVALID, "the books are already closed through %s", lock)
		}
		return tx.periodEvent(PeriodClose, through, through, "")
	})
	return err
}

// ReopenPeriod reopens the period closed last, for a reason the history
// keeps with the operator: the lock goes back to the close before it (or
// none). Transfers already posted stay where they were posted.
func (s *Store) ReopenPeriod(ctx context.Context, opID, reason string) error {
	reason = strings.TrimSpace(reason)
	if reason == "" {
		return Errorf(EINVALID, "a reason is required to reopen a closed period")
	}
	if strings.ContainsAny(reason, "\r\n") {
		return Errorf(EINVALID, "the reason must be one line")
	}
	_, err := s.do(ctx, opID, "period.reopen", reason, func(tx *Tx) (int64, error) {
		events, err := periodEvents(tx.ctx, tx)
		if err != nil {
			return 0, err
		}
		closes := openCloses(events)
		if len(closes) == 0 {
			return 0, Errorf(EINVALID, "no period is closed")
		}
		last := closes[len(closes)-1]
		prev := ""
		if len(closes) > 1 {
			prev = closes[len(closes)-2]
		}
		return tx.periodEvent(PeriodReopen, last, prev, reason)
	})
	return err
}

// openCloses replays the history: the through dates of the closes still in
// force, oldest first (a reopen undoes the latest).
func openCloses(events []PeriodEvent) []string {
	var closes []string
	for _, e := range events {
		switch e.Action {
		case PeriodClose:
			closes = append(closes, e.Through)
		case PeriodReopen:
			if len(closes) > 0 {
				closes = closes[:len(closes)-1]
			}
		}
	}
	return closes
}

func (tx *Tx) periodEvent(action, through, lock, reason string) (int64, error) {
	var last int64
	if err := tx.queryRow(`SELECT coalesce(max(id), 0) FROM transfers`).Scan(&last); err != nil {
		return 0, fmt.Errorf("period %s: %w", action, err)
	}
	id, err := tx.insertID(`INSERT INTO periods (action, through, closed_through, reason, last_transfer, operator, op_id, at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, action, through, lock, reason, last, tx.operator, tx.opID, ms(tx.now))
	if err != nil {
		return 0, fmt.Errorf("period %s: %w", action, err)
	}
	tx.lock = &lock
	return id, nil
}

// Periods returns every close and reopen, oldest first.
func (s *Store) Periods(ctx context.Context) ([]PeriodEvent, error) {
	ev, err := periodEvents(ctx, s.db)
	return ev, wrap(err, "read periods")
}

func periodEvents(ctx context.Context, q interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
}) ([]PeriodEvent, error) {
	rows, err := q.QueryContext(ctx, `SELECT id, action, through, closed_through, reason, operator, at FROM periods ORDER BY id`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []PeriodEvent
	for rows.Next() {
		var e PeriodEvent
		var at int64
		if err := rows.Scan(&e.ID, &e.Action, &e.Through, &e.ClosedThrough, &e.Reason, &e.Operator, &at); err != nil {
			return nil, err
		}
		e.At = FromMillis(at)
		out = append(out, e)
	}
	return out, rows.Err()
}

// periodSpan is the lock that the transfers after a period event (and up to
// the next one) were posted under.
type periodSpan struct {
	lock  string
	after int64 // the last transfer before the event
}

// loadPeriods reads, for Check's one pass over the transfers, which lock
// each transfer was posted under: each period event records the last
// transfer before it.
func (p *checkPass) loadPeriods(ctx context.Context, s *Store) error {
	return s.each(ctx, "read periods", `SELECT closed_through, last_transfer FROM periods ORDER BY id`, func(scan scanFunc) error {
		var sp periodSpan
		if err := scan(&sp.lock, &sp.after); err != nil {
			return err
		}
		p.periods = append(p.periods, sp)
		return nil
	})
}

// checkPosting reports a transfer posted inside a period that was closed
// when it was recorded, and one posted before its own document date.
// Transfers come in ID order, so the lock in force only moves forward.
func (p *checkPass) checkPosting(id int64, doc, posted string) {
	for p.periodAt < len(p.periods) && p.periods[p.periodAt].after < id {
		p.periodAt++
	}
	if p.periodAt > 0 {
		if lock := p.periods[p.periodAt-1].lock; lock != "" && posted <= lock && p.limit("closed period") {
			p.add("transfer %d is posted on %s, inside the period closed through %s when it was recorded", id, posted, lock)
		}
	}
	if (len(posted) != len(DateLayout) || posted < doc) && p.limit("posting date") {
		p.add("transfer %d is posted on %q, before its document date %s", id, posted, doc)
	}
}
