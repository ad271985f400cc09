package ledger

import (
	"context"
	"database/sql"
	"errors"
	"strings"
	"time"
)

// Message kinds of the outbox.
const (
	MessageRequest    = "request"    // payment request: what was agreed, how to give payout details
	MessageRemittance = "remittance" // remittance advice: a request was paid
	MessageStatement  = "statement"  // statement of a creator's deals over a range
	MessageTest       = "test"       // Settings' "Send test message"
)

// Outbox statuses. A message moves queued -> sending -> sent | failed;
// a failed one can be sent again. One left in "sending" was interrupted
// (the program stopped mid-send): it may have gone out, so it is sent
// again only when a person says so.
const (
	OutboxQueued  = "queued"
	OutboxSending = "sending"
	OutboxSent    = "sent"
	OutboxFailed  = "failed"
)

// OutboxInput is a message about to be sent: recorded before sending.
type OutboxInput struct {
	OpID      string `json:"-"`
	Kind      string
	To        string // the address
	ToName    string // the display name
	Subject   string
	CreatorID int64 // 0 for none (a test message)
	DealID    int64
	RequestID int64
	// Requests are further payout requests the message covers (a batch's
	// remittance advice); RequestID is the first.
	Requests []int64 `json:",omitempty"`
	Message  []byte  // the whole message as sent (RFC 5322), so a retry sends the same
}

// OutboxEntry is a recorded message.
type OutboxEntry struct {
	ID        int64
	Kind      string
	To        string
	ToName    string
	Subject   string
	CreatorID int64
	DealID    int64
	RequestID int64
	Status    string
	Reply     string // the server's reply, or why sending failed
	Attempts  int
	CreatedAt time.Time
	CreatedBy string
	SentAt    time.Time // zero until sent
}

// OutboxQuery filters the outbox; zero values match everything.
type OutboxQuery struct {
	CreatorID int64
	RequestID int64
	Kind      string
	Status    string
}

func (in *OutboxInput) validate() error {
	in.To = strings.TrimSpace(in.To)
	in.Subject = strings.TrimSpace(in.Subject)
	switch in.Kind {
	case MessageRequest, MessageRemittance, MessageStatement, MessageTest:
	default:
		return Errorf(EINVALID, "unknown message kind %q (request, remittance, statement or test)", clip(in.Kind, 40))
	}
	if in.To == "" {
		return Errorf(EINVALID, "message has no recipient address")
	}
	if in.Subject == "" {
		return Errorf(EINVALID, "message has no subject")
	}
	if len(in.Message) == 0 {
		return Errorf(EINVALID, "message is empty")
	}
	return nil
}

// RecordMessage writes a message to the outbox, queued, and returns its ID.
// Callers send only after this returns: the record is what makes a crash
// neither lose the message nor send it twice.
func (s *Store) RecordMessage(ctx context.Context, in OutboxInput) (int64, error) {
	if err := in.validate(); err != nil {
		return 0, err
	}
	return s.do(ctx, in.OpID, "outbox.record", in, func(tx *Tx) (int64, error) {
		for _, ref := range []struct {
			id          int64
			table, what string
		}{{in.CreatorID, "creators", "creator"}, {in.DealID, "deals", "deal"}, {in.RequestID, "requests", "payout request"}} {
			var n int
			if ref.id == 0 {
				continue
			}
			if err := tx.queryRow(`SELECT count(*) FROM `+ref.table+` WHERE id = ?`, ref.id).Scan(&n); err != nil {
				return 0, err
			}
			if n == 0 {
				return 0, Errorf(ENOTFOUND, "%s %d not found", ref.what, ref.id)
			}
		}
		id, err := tx.insertID(`INSERT INTO outbox (kind, to_addr, to_name, subject, creator_id, deal_id, request_id, message, created_at, created_by)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			in.Kind, in.To, in.ToName, in.Subject, nullID(in.CreatorID), nullID(in.DealID), nullID(in.RequestID),
			in.Message, ms(tx.now), tx.operator)
		if err != nil {
			return 0, err
		}
		for _, r := range append([]int64{in.RequestID}, in.Requests...) {
			if r == 0 {
				continue
			}
			var n int
			if err := tx.queryRow(`SELECT count(*) FROM requests WHERE id = ?`, r).Scan(&n); err != nil {
				return 0, err
			}
			if n == 0 {
				return 0, Errorf(ENOTFOUND, "payout request %d not found", r)
			}
			if _, err := tx.exec(`INSERT INTO outbox_requests (outbox_id, request_id) VALUES (?, ?) ON CONFLICT DO NOTHING`, id, r); err != nil {
				return 0, err
			}
		}
		return id, nil
	})
}

// ClaimMessage marks a queued or failed message as being sent and returns
// it with its content. A message already sent is refused; one left
// "sending" by an interrupted run is refused unless force, because it may
// have reached the creator.
func (s *Store) ClaimMessage(ctx context.Context, id int64, force bool) (OutboxEntry, []byte, error) {
	var e OutboxEntry
	var msg []byte
	_, err := s.do(ctx, "", "outbox.claim", id, func(tx *Tx) (int64, error) {
		var err error
		e, msg, err = outboxEntry(tx.ctx, tx.Tx, id)
		if err != nil {
			return 0, err
		}
		switch {
		case e.Status == OutboxSent:
			return 0, Errorf(ECONFLICT, "message %d was already sent on %s", id, e.SentAt.Format("2006-01-02 15:04"))
		case e.Status == OutboxSending && !force:
			return 0, Errorf(ECONFLICT, "message %d was being sent when the program stopped and may have arrived: ask the creator, then retry with --force to send it again", id)
		}
		if _, err := tx.exec(`UPDATE outbox SET status = 'sending', attempts = attempts + 1 WHERE id = ?`, id); err != nil {
			return 0, err
		}
		e.Status = OutboxSending
		e.Attempts++
		return id, nil
	})
	return e, msg, err
}

// MarkMessage records how sending a claimed message ended: sent, with the
// server's reply, or failed, with why.
func (s *Store) MarkMessage(ctx context.Context, id int64, sent bool, reply string) error {
	_, err := s.do(ctx, "", "outbox.mark", []any{id, sent, reply}, func(tx *Tx) (int64, error) {
		var res sql.Result
		var err error
		if sent {
			res, err = tx.exec(`UPDATE outbox SET status = 'sent', reply = ?, sent_at = ? WHERE id = ? AND status = 'sending'`, oneLine(reply), ms(tx.now), id)
		} else {
			res, err = tx.exec(`UPDATE outbox SET status = 'failed', reply = ? WHERE id = ? AND status = 'sending'`, oneLine(reply), id)
		}
		if err != nil {
			return 0, err
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return 0, Errorf(ECONFLICT, "message %d is not being sent", id)
		}
		return id, nil
	})
	return err
}

const outboxCols = `id, kind, to_addr, to_name, subject, COALESCE(creator_id, 0), COALESCE(deal_id, 0), COALESCE(request_id, 0),
	status, reply, attempts, created_at, created_by, COALESCE(sent_at, 0)`

func scanOutbox(sc interface{ Scan(...any) error }, e *OutboxEntry, extra ...any) error {
	var created, sent int64
	dest := append([]any{&e.ID, &e.Kind, &e.To, &e.ToName, &e.Subject, &e.CreatorID, &e.DealID, &e.RequestID,
		&e.Status, &e.Reply, &e.Attempts, &created, &e.CreatedBy, &sent}, extra...)
	if err := sc.Scan(dest...); err != nil {
		return err
	}
	e.CreatedAt = FromMillis(created)
	if sent != 0 {
		e.SentAt = FromMillis(sent)
	}
	return nil
}

func outboxEntry(ctx context.Context, q querier, id int64) (OutboxEntry, []byte, error) {
	var e OutboxEntry
	var msg []byte
	err := scanOutbox(q.QueryRowContext(ctx, `SELECT `+outboxCols+`, message FROM outbox WHERE id = ?`, id), &e, &msg)
	if errors.Is(err, sql.ErrNoRows) {
		return e, nil, Errorf(ENOTFOUND, "message %d not found in the outbox", id)
	}
	return e, msg, err
}

// OutboxMessage returns one recorded message and its content.
func (s *Store) OutboxMessage(ctx context.Context, id int64) (OutboxEntry, []byte, error) {
	e, msg, err := outboxEntry(ctx, s.db, id)
	if err != nil && ErrorCode(err) == EINTERNAL {
		return e, nil, s.storageError(err)
	}
	return e, msg, err
}

// Outbox lists recorded messages, newest first.
func (s *Store) Outbox(ctx context.Context, q OutboxQuery) ([]OutboxEntry, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT `+outboxCols+` FROM outbox
		WHERE (?1 = 0 OR creator_id = ?1) AND (?2 = '' OR status = ?2) AND (?3 = 0 OR id IN (SELECT outbox_id FROM outbox_requests WHERE request_id = ?3)) AND (?4 = '' OR kind = ?4)
		ORDER BY id DESC`, q.CreatorID, q.Status, q.RequestID, q.Kind)
	if err != nil {
		return nil, s.storageError(err)
	}
	defer rows.Close()
	var out []OutboxEntry
	for rows.Next() {
		var e OutboxEntry
		if err := scanOutbox(rows, &e); err != nil {
			return nil, s.storageError(err)
		}
		out = append(out, e)
	}
	return out, s.storageError(rows.Err())
}
