package ledger

import (
	"context"
	"database/sql/driver"
	"errors"
	"io"
	"net"
	"strings"

	"github.com/jackc/pgx/v5/pgconn"
)

// pgCode returns the SQLSTATE of a PostgreSQL error in err's chain, or "".
func pgCode(err error) string {
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		return pe.Code
	}
	return ""
}

// pgRetryable reports a failure that running the whole operation again
// resolves: a serialization failure (another transaction changed what this
// one read) or a deadlock.
func pgRetryable(err error) bool {
	switch pgCode(err) {
	case "40001", "40P01":
		return true
	}
	return false
}

// errPgContended is what an operation says when it kept meeting other
// people's changes of the same figures until it gave up.
var errPgContended = Errorf(EUNAVAILABLE, "other people kept changing the same figures at the same time: the change was not saved, try again")

// pgLost reports whether err says the connection to the server is gone
// or never came: the server is down, unreachable or restarting.
func pgLost(err error) bool {
	var ne net.Error
	var ce *pgconn.ConnectError
	switch {
	case errors.As(err, &ce), errors.As(err, &ne), errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF),
		errors.Is(err, driver.ErrBadConn), errors.Is(err, net.ErrClosed):
		return true
	}
	code := pgCode(err)
	if strings.HasPrefix(code, "08") || code == "57P01" || code == "57P02" || code == "57P03" {
		return true
	}
	return strings.Contains(err.Error(), "conn closed") || strings.Contains(err.Error(), "connection reset")
}

// pgError turns a PostgreSQL failure a person can act on into a ledger
// error with a one-line message; any other error passes as it is. A
// serialization failure passes too: Store.do runs the operation again.
func (s *Store) pgError(err error) error {
	if err == nil {
		return nil
	}
	var e *Error
	if errors.As(err, &e) || errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return err
	}
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		switch {
		case pe.Code == "P0001":
			// The schema's guard triggers raise a message written for people.
			return Errorf(EINVALID, "%s: the change was not saved", oneLine(pe.Message))
		case pe.Code == "42501" && strings.Contains(pe.Where, "payouts_"):
			// The team's triggers (team_pg.sql) refuse in the ledger's
			// own words, naming the person and whom to ask.
			return Errorf(EPERMISSION, "%s", oneLine(pe.Message))
		case pe.Code == "42501":
			return Errorf(EPERMISSION, "you (role %s) may not make this change: %s; the ledger's owner grants rights with 'payouts team'", s.pg.role, oneLine(pe.Message))
		case pe.Code == "23505" && pe.ConstraintName == "transfers_pkey":
			// A transfer written again under a taken ID: what SQLite's
			// transfers_no_replace refuses, in its words (migrations_pg
			// leaves it to the primary key).
			return Errorf(EINVALID, "transfers are append-only: post a reversing transfer instead: the change was not saved")
		case pe.Code == "23505":
			return Errorf(ECONFLICT, "%s: the change was not saved", pgConstraintText(pe, "already exists"))
		case pe.Code == "23514", pe.Code == "23503", pe.Code == "23502":
			return Errorf(EINVALID, "%s: the change was not saved", pgConstraintText(pe, "breaks a rule of the ledger"))
		case pe.Code == "22003":
			return Errorf(EINVALID, "amount too large: %s; the change was not saved", oneLine(pe.Message))
		case pe.Code == "53100":
			return Errorf(EUNAVAILABLE, "the database server's disk is full: the change was not saved")
		case pe.Code == "25006":
			return Errorf(EUNAVAILABLE, "the database at %s is read-only (a standby?): the change was not saved", s.pg.host)
		case pgRetryable(err):
			return err
		}
	}
	if pgLost(err) {
		return Errorf(EUNAVAILABLE, "lost the connection to the database server at %s: %s; what was not confirmed was not saved", s.pg.host, pgReason(err))
	}
	return err
}

// pgConstraintText words a constraint failure: the server's detail when it
// has one ("Key (name_key)=(x) already exists."), else its message.
func pgConstraintText(pe *pgconn.PgError, what string) string {
	if pe.Detail != "" {
		return oneLine(strings.TrimSuffix(pe.Detail, "."))
	}
	if pe.ConstraintName != "" {
		return pe.ConstraintName + " " + what
	}
	return oneLine(pe.Message)
}

// pgReason is the innermost cause of a connection failure, on one line:
// "connection refused", "no such host", "i/o timeout".
func pgReason(err error) string {
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		return oneLine(pe.Message)
	}
	for {
		u := errors.Unwrap(err)
		if u == nil {
			break
		}
		err = u
	}
	msg := err.Error()
	if i := strings.LastIndex(msg, ": "); i >= 0 {
		msg = msg[i+2:]
	}
	return oneLine(msg)
}

// pgConnectError words a failure to reach or log in to the server, or to
// read the database, when the ledger is opened.
func (s *Store) pgConnectError(err error) error {
	var e *Error
	if errors.As(err, &e) {
		return err
	}
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		switch pe.Code {
		case "28P01", "28000":
			return Errorf(EUNAVAILABLE, "the database server at %s refused user %s: %s; check the user name and password", s.pg.host, s.pg.cfg.User, oneLine(pe.Message))
		case "3D000":
			return Errorf(ENOTFOUND, "there is no database %s on the server at %s: create it (createdb %s) or check the address", s.pg.cfg.Database, s.pg.host, s.pg.cfg.Database)
		case "42501":
			return Errorf(EPERMISSION, "you (role %s) may not open this ledger: %s", s.pg.cfg.User, oneLine(pe.Message))
		case "53300":
			return Errorf(EUNAVAILABLE, "the database server at %s has too many connections: try again later", s.pg.host)
		}
	}
	if pgLost(err) || errors.Is(err, context.DeadlineExceeded) {
		return Errorf(EUNAVAILABLE, "cannot reach the database server at %s: %s", s.pg.host, pgReason(err))
	}
	if me := s.pgError(err); ErrorCode(me) != EINTERNAL {
		return me
	}
	return Errorf(EUNAVAILABLE, "cannot open the ledger at %s: %s", s.path, oneLine(err.Error()))
}
