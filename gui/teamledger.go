package gui

import (
	"context"
	"fmt"
	"net"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
	"github.com/zalando/go-keyring"

	"github.com/payouts/payouts/ledger"
)

// A team ledger: the ledger in a PostgreSQL database that several people
// use at once. The preferences remember its URL without the password; the
// password goes to the OS keychain (or, where there is none, memory for
// this session), under the URL it belongs to.

const (
	// prefLastFile is the ledger file last open, where "Use a ledger file"
	// goes back to from a team ledger.
	prefLastFile = "ledger.lastfile"
	// keyringTeam is the keychain service of team ledger passwords; each
	// entry's user is the URL without its password.
	keyringTeam = "Payouts team ledger"
	// connectTimeout bounds how long a connection attempt waits for an
	// unreachable host, in seconds: the form says so instead of hanging.
	connectTimeout = "10"
)

// sessionPasswords keeps passwords where no keychain is available, for
// this run only.
var sessionPasswords = struct {
	sync.Mutex
	m map[string]string
}{m: map[string]string{}}

// openLedger opens a ledger at a location; tests replace it.
var openLedger = ledger.OpenWith

// startNote is said once the window opens (see NoteAtStart).
var startNote string

// NoteAtStart has the window, once open, show why it opened another
// ledger than the one last used (the team ledger could not be reached).
func NoteAtStart(_ fyne.App, note string) { startNote = note }

// LastLedgerFile is the ledger file last open in the app, when it still
// exists, else fallback.
func LastLedgerFile(a fyne.App, fallback string) string {
	if p := a.Preferences().String(prefLastFile); p != "" {
		if _, err := os.Stat(p); err == nil {
			return p
		}
	}
	return fallback
}

// WithSavedPassword returns a team ledger's URL with the password saved for
// it, when it has none of its own and one was saved; a file's path as it is.
func WithSavedPassword(location string) string {
	if !ledger.IsServerURL(location) {
		return location
	}
	u, err := url.Parse(strings.TrimSpace(location))
	if err != nil || u.User == nil {
		return location
	}
	if _, has := u.User.Password(); has {
		return location
	}
	pw := savedPassword(ledger.ShowLocation(location))
	if pw == "" {
		return location // PGPASSWORD or ~/.pgpass may still have one
	}
	u.User = url.UserPassword(u.User.Username(), pw)
	return u.String()
}

func savedPassword(key string) string {
	if pw, err := keyring.Get(keyringTeam, key); err == nil && pw != "" {
		return pw
	}
	sessionPasswords.Lock()
	defer sessionPasswords.Unlock()
	return sessionPasswords.m[key]
}

// savePassword keeps a team ledger's password in the keychain, else for
// this session; it returns a note when it could only do the latter.
func savePassword(location string) string {
	u, err := url.Parse(location)
	if err != nil || u.User == nil {
		return ""
	}
	pw, has := u.User.Password()
	if !has || pw == "" {
		return ""
	}
	key := ledger.ShowLocation(location)
	if err := keyring.Set(keyringTeam, key, pw); err != nil {
		sessionPasswords.Lock()
		sessionPasswords.m[key] = pw
		sessionPasswords.Unlock()
		return "No OS keychain is available, so the password is kept for this session only: enter it again next time."
	}
	return ""
}

// ledgerTitle names the open ledger for the title bar: a file by its name,
// a team ledger by its database and host (never the password).
func ledgerTitle(loc string) string {
	if !ledger.IsServerURL(loc) {
		return filepath.Base(loc)
	}
	u, err := url.Parse(ledger.ShowLocation(loc))
	if err != nil || u.Host == "" {
		return "team ledger"
	}
	db := strings.TrimPrefix(u.Path, "/")
	if db == "" {
		db = u.User.Username()
	}
	return fmt.Sprintf("%s on %s (team ledger)", db, u.Hostname())
}

// teamForm asks where a team ledger is and who connects to it: host,
// port, database, user and password, or a URL; it tests the connection
// and switches the app to it.
type teamForm struct {
	s                                      *settingsScreen
	host, port, database, user, pass, link *entry
	status                                 *widget.Label // one line: what the last attempt found
	test                                   *widget.Button
	dlg                                    *formDialog
	busy                                   bool
}

func newTeamForm(s *settingsScreen) *teamForm {
	f := &teamForm{s: s}
	f.host = newEntry("db.example.com")
	f.port = newEntry("5432")
	f.port.SetText("5432")
	f.database = newEntry("payouts")
	f.database.SetText("payouts")
	f.user = newEntry("Your database user")
	f.pass = newEntry("")
	f.pass.Password = true
	f.link = newEntry("postgres://user@host:5432/payouts")
	f.status = &widget.Label{Wrapping: fyne.TextWrapWord}
	f.test = &widget.Button{Text: "Test connection", Icon: theme.ViewRefreshIcon(), OnTapped: f.onTest}
	f.dlg = newFormDialog(s.u, "Connect to a team ledger", "Connect", []*widget.FormItem{
		{Text: "Host", Widget: f.host, HintText: "The PostgreSQL server"},
		{Text: "Port", Widget: f.port},
		{Text: "Database", Widget: f.database},
		{Text: "User", Widget: f.user, HintText: "Your own database role: it is recorded with each change"},
		{Text: "Password", Widget: f.pass, HintText: "Kept in the OS keychain, never in the preferences"},
		{Text: "Or a URL", Widget: f.link, HintText: "postgres://… instead of the fields above (sslmode and other options)"},
	}, container.NewVBox(container.NewHBox(f.test), f.status), f.submit)
	return f
}

// location is the URL the form describes, with the password; the URL field
// wins over the others when filled.
func (f *teamForm) location() (string, error) {
	if l := strings.TrimSpace(f.link.Text); l != "" {
		if !ledger.IsServerURL(l) {
			return "", ledger.Errorf(ledger.EINVALID, "a team ledger URL starts with postgres://")
		}
		u, err := url.Parse(l)
		if err != nil {
			return "", ledger.Errorf(ledger.EINVALID, "the URL cannot be read: write it as postgres://user@host:5432/database")
		}
		if pw := f.pass.Text; pw != "" && u.User != nil {
			if _, has := u.User.Password(); !has {
				u.User = url.UserPassword(u.User.Username(), pw)
			}
		}
		return withTimeout(u), nil
	}
	host, db, user := strings.TrimSpace(f.host.Text), strings.TrimSpace(f.database.Text), strings.TrimSpace(f.user.Text)
	switch {
	case host == "":
		return "", ledger.Errorf(ledger.EINVALID, "host required: the name or address of the PostgreSQL server")
	case db == "":
		return "", ledger.Errorf(ledger.EINVALID, "database required")
	case user == "":
		return "", ledger.Errorf(ledger.EINVALID, "user required: your database role")
	}
	port, err := strconv.Atoi(strings.TrimSpace(f.port.Text))
	if err != nil || port < 1 || port > 65535 {
		return "", ledger.Errorf(ledger.EINVALID, "port must be a number from 1 to 65535 (PostgreSQL's is 5432)")
	}
	u := &url.URL{Scheme: "postgres", Host: net.JoinHostPort(host, strconv.Itoa(port)), Path: "/" + db, User: url.User(user)}
	if f.pass.Text != "" {
		u.User = url.UserPassword(user, f.pass.Text)
	}
	return withTimeout(u), nil
}

// withTimeout adds a connect timeout when the URL has none.
func withTimeout(u *url.URL) string {
	q := u.Query()
	if !q.Has("connect_timeout") {
		q.Set("connect_timeout", connectTimeout)
		u.RawQuery = q.Encode()
	}
	return u.String()
}

// attempt opens the ledger the form describes off the UI goroutine (a
// server may take seconds to answer), then hands the store or the failure
// to done on the UI goroutine. Only one attempt runs at a time.
func (f *teamForm) attempt(what string, o ledger.OpenOptions, done func(loc string, s *ledger.Store, err error)) {
	if f.busy {
		return
	}
	loc, err := f.location()
	if err != nil {
		f.status.SetText(capitalize(ledger.ErrorMessage(err)))
		return
	}
	f.busy = true
	f.test.Disable()
	f.dlg.submit.Disable()
	f.status.SetText(what + " " + ledger.ShowLocation(loc) + "…")
	spawnLoad(func() {
		s, err := openLedger(loc, o)
		fyne.Do(func() {
			f.busy = false
			f.test.Enable()
			f.dlg.submit.Enable()
			done(loc, s, err)
		})
	})
}

// onTest connects, reads the ledger's counts, and disconnects: nothing is
// written, and the app stays on its ledger.
func (f *teamForm) onTest() {
	f.attempt("Connecting to", ledger.OpenOptions{MustExist: true, ReadOnly: true}, func(_ string, s *ledger.Store, err error) {
		if err != nil {
			// An empty database is a connection that worked: Connect sets
			// the ledger up in it. The store tells it from a database that
			// is not there (also "not found") only in words.
			if ledger.ErrorCode(err) == ledger.ENOTFOUND && strings.Contains(ledger.ErrorMessage(err), "(the database is empty)") {
				f.status.SetText("Connected: the database holds no ledger yet; Connect sets one up in it.")
				return
			}
			f.status.SetText("Not connected: " + ledger.ErrorMessage(err))
			return
		}
		defer s.Close()
		c, err := s.Counts(context.Background())
		if err != nil {
			f.status.SetText("Not connected: " + ledger.ErrorMessage(err))
			return
		}
		f.status.SetText(fmt.Sprintf("Connected: a ledger with %d creators and %d deals.", c.Creators, c.Deals))
	})
}

// submit connects and switches the app to the team ledger; the form stays
// open with the reason when it cannot.
func (f *teamForm) submit() error {
	f.attempt("Connecting to", ledger.OpenOptions{}, func(loc string, s *ledger.Store, err error) {
		if err != nil {
			f.status.SetText("Not connected: " + ledger.ErrorMessage(err))
			return
		}
		nu := f.s.u.useStore(s, loc)
		if nu == nil {
			f.status.SetText("Not connected: see the message.") // useStore showed why
			return
		}
		f.dlg.dlg.Hide()
		if note := savePassword(loc); note != "" {
			nu.showDialog(dialog.NewInformation("Team ledger", note, nu.win))
		}
	})
	return errShown // the attempt closes the form when it succeeds
}

// onConnectTeam opens the form that connects to a team ledger.
func (s *settingsScreen) onConnectTeam() {
	s.teamForm = newTeamForm(s)
	s.teamForm.dlg.show()
}

// onUseFile goes back from a team ledger to the ledger file last open, or
// lets the user pick one when there is none.
func (s *settingsScreen) onUseFile() {
	if p := LastLedgerFile(s.u.app, ""); p != "" {
		s.u.switchLedger(p)
		return
	}
	s.onOpenLedger()
}
