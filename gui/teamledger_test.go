package gui

import (
	"errors"
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
	"github.com/zalando/go-keyring"

	"github.com/payouts/payouts/ledger"
)

// The form turns its fields, or a URL, into the URL it connects to.
func TestTeamFormLocation(t *testing.T) {
	s := mustOpen(t)
	u, _ := newTestUI(t, s)
	u.showScreen(screenSettings)
	tests := []struct {
		name                         string
		host, port, db, user, pw, ln string
		want, err                    string
	}{
		{"Fields", "db.example.com", "5432", "payouts", "ana", "s3cret", "",
			"postgres://ana:s3cret@db.example.com:5432/payouts?connect_timeout=10", ""},
		{"NoPassword", "db.example.com", "6543", "books", "ana", "", "",
			"postgres://ana@db.example.com:6543/books?connect_timeout=10", ""},
		{"IPv6", "::1", "5432", "payouts", "ana", "", "", "postgres://ana@[::1]:5432/payouts?connect_timeout=10", ""},
		{"URLWins", "ignored", "1", "x", "y", "s3cret", "postgresql://ana@db/payouts?sslmode=require",
			"postgresql://ana:s3cret@db/payouts?connect_timeout=10&sslmode=require", ""},
		{"URLKeepsItsPassword", "", "", "", "", "other", "postgres://ana:own@db/payouts?connect_timeout=3",
			"postgres://ana:own@db/payouts?connect_timeout=3", ""},
		{"ErrNotPostgres", "", "", "", "", "", "mysql://ana@db/payouts", "", "starts with postgres://"},
		{"ErrHost", "", "5432", "payouts", "ana", "", "", "", "host required"},
		{"ErrUser", "db", "5432", "payouts", "", "", "", "", "user required"},
		{"ErrPort", "db", "99999", "payouts", "ana", "", "", "", "port must be a number from 1 to 65535"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newTeamForm(u.settings)
			f.host.SetText(tt.host)
			f.port.SetText(tt.port)
			f.database.SetText(tt.db)
			f.user.SetText(tt.user)
			f.pass.SetText(tt.pw)
			f.link.SetText(tt.ln)
			got, err := f.location()
			if tt.err != "" {
				if err == nil || !strings.Contains(ledger.ErrorMessage(err), tt.err) {
					t.Fatalf("got %q, %v; want an error containing %q", got, err, tt.err)
				}
				return
			}
			if err != nil || got != tt.want {
				t.Fatalf("got %q, %v; want %q", got, err, tt.want)
			}
		})
	}
}

// fakeServer stands in for a PostgreSQL server until one is at hand: a
// URL with the right password opens a ledger file, any other is refused as
// the server would refuse it.
func fakeServer(tb testing.TB) (file string) {
	tb.Helper()
	file = filepath.Join(tb.TempDir(), "team.payouts")
	old := openLedger
	openLedger = func(loc string, o ledger.OpenOptions) (*ledger.Store, error) {
		if !ledger.IsServerURL(loc) {
			return old(loc, o)
		}
		if !strings.Contains(loc, ":right@") {
			return nil, ledger.Errorf(ledger.EUNAVAILABLE, `cannot connect to the team ledger: password authentication failed for user "ana"`)
		}
		return old(file, ledger.OpenOptions{})
	}
	tb.Cleanup(func() { openLedger = old })
	return file
}

// A wrong password is one line in the form, and the app stays on its
// ledger; the right one switches the app, remembers the URL without the
// password and keeps the password in the keychain; "Use a ledger file"
// goes back to the file.
func TestConnectTeamLedger(t *testing.T) {
	keyring.MockInit()
	fakeServer(t)
	s := mustOpen(t)
	setup(t, s, "Ana", "IBAN A", 10000)
	u, w := newTestUI(t, s)
	u.showScreen(screenSettings)
	u.settings.onConnectTeam()
	f := u.settings.teamForm
	f.host.SetText("db.example.com")
	f.user.SetText("ana")
	f.pass.SetText("wrong")

	before := w.Content()
	test.Tap(f.test)
	if got := f.status.Text; !strings.HasPrefix(got, "Not connected: ") || !strings.Contains(got, "password authentication failed") || strings.Contains(got, "\n") {
		t.Errorf("test with a wrong password says %q", got)
	}
	f.dlg.onSubmit()
	if got := f.status.Text; !strings.Contains(got, "password authentication failed") {
		t.Errorf("connect with a wrong password says %q", got)
	}
	if w.Content() != before || u.stopped || LedgerPath(u.app) == "postgres://ana@db.example.com:5432/payouts?connect_timeout=10" {
		t.Fatal("a failed connection changed the ledger")
	}
	if _, err := s.Counts(u.ctx); err != nil {
		t.Fatalf("the ledger was closed by a failed connection: %v", err)
	}

	f.pass.SetText("right")
	test.Tap(f.test)
	if got := f.status.Text; got != "Connected: a ledger with 0 creators and 0 deals." {
		t.Errorf("test with the right password says %q", got)
	}
	if w.Content() != before {
		t.Fatal("Test connection switched the ledger")
	}
	f.dlg.onSubmit()
	if w.Content() == before || !u.stopped {
		t.Fatal("Connect did not switch the app")
	}
	want := "postgres://ana@db.example.com:5432/payouts?connect_timeout=10"
	if got := LedgerPath(u.app); got != want {
		t.Errorf("remembered %q, want %q (no password)", got, want)
	}
	if pw, err := keyring.Get(keyringTeam, want); err != nil || pw != "right" {
		t.Errorf("keychain holds %q, %v", pw, err)
	}
	if got := WithSavedPassword(want); got != "postgres://ana:right@db.example.com:5432/payouts?connect_timeout=10" {
		t.Errorf("the remembered URL opens as %q", got)
	}
	if _, err := s.Counts(u.ctx); err == nil {
		t.Error("the file ledger is still open after the switch")
	}

	nu := u.replacedBy
	defer nu.stopWatch()
	if got := w.Title(); got != "Payouts · payouts on db.example.com (team ledger)" {
		t.Errorf("title %q", got)
	}
	nu.showScreen(screenSettings)
	if got := nu.settings.path.Text; got != want {
		t.Errorf("Settings shows %q, want %q", got, want)
	}
	if !labelStarting(nu.settings.obj, "A team ledger is backed up on its server") {
		t.Error("Settings offers the backups folder of a file")
	}
	if b := findButton(t, nu.settings.obj, "Use a ledger file"); b == nil {
		t.Fatal("no way back to a file")
	}

	// Back to the file.
	test.Tap(findButton(t, nu.settings.obj, "Use a ledger file"))
	back := nu.replacedBy
	if back == nil {
		t.Fatal("Use a ledger file did not switch")
	}
	defer back.stopWatch()
	if back.location != s.Path() || LedgerPath(u.app) != s.Path() || w.Title() != "Payouts · test.payouts" {
		t.Errorf("back on %q, remembered %q, title %q; want %q", back.location, LedgerPath(u.app), w.Title(), s.Path())
	}
}

// Without a keychain the password is kept for this session, and the
// person is told.
func TestTeamPasswordWithoutKeychain(t *testing.T) {
	keyring.MockInitWithError(errors.New("no keychain"))
	defer keyring.MockInit()
	loc := "postgres://ana:pw1@db.example.com:5432/payouts"
	if note := savePassword(loc); !strings.Contains(note, "this session only") {
		t.Errorf("note %q", note)
	}
	if got := WithSavedPassword("postgres://ana@db.example.com:5432/payouts"); got != loc {
		t.Errorf("got %q, want %q", got, loc)
	}
	if got := WithSavedPassword("postgres://bob@db.example.com:5432/payouts"); got != "postgres://bob@db.example.com:5432/payouts" {
		t.Errorf("another user's URL got %q", got)
	}
}

// The title names the ledger open: a file by its name, a team ledger by
// database and host, never with the password.
func TestLedgerTitle(t *testing.T) {
	for in, want := range map[string]string{
		"/home/ana/books.payouts":                           "books.payouts",
		"postgres://ana:s3cret@db.example.com:5432/shop":    "shop on db.example.com (team ledger)",
		"postgresql://ana@10.0.0.5/payouts?sslmode=require": "payouts on 10.0.0.5 (team ledger)",
	} {
		if got := ledgerTitle(in); got != want {
			t.Errorf("ledgerTitle(%q) = %q, want %q", in, got, want)
		}
	}
}

// The app opened by payouts (CreateAt) watches the ledger for other
// people's and programs' changes: it did not, so only windows made after
// a switch of ledger ever refreshed on their own.
func TestCreateAtWatches(t *testing.T) {
	s := mustOpen(t)
	a := test.NewTempApp(t)
	w := test.NewTempWindow(t, nil)
	u, obj := createAt(a, w, s, "")
	defer u.stopWatch()
	w.SetContent(obj)
	if u.done == nil {
		t.Fatal("no watch started")
	}
}

// labelStarting reports whether a label under root starts with text.
func labelStarting(root fyne.CanvasObject, text string) bool {
	for _, o := range test.LaidOutObjects(root) {
		if l, ok := o.(*widget.Label); ok && strings.HasPrefix(l.Text, text) {
			return true
		}
	}
	return false
}

// When the team ledger last used cannot be reached at start, the app
// opens the last ledger file (else the default one) and says why once.
func TestStartNoteAndLastFile(t *testing.T) {
	s := mustOpen(t)
	a := test.NewTempApp(t)
	if got := LastLedgerFile(a, "/default.payouts"); got != "/default.payouts" {
		t.Errorf("no file yet: %q", got)
	}
	a.Preferences().SetString(prefLastFile, "/gone/ledger.payouts")
	if got := LastLedgerFile(a, "/default.payouts"); got != "/default.payouts" {
		t.Errorf("a file that is gone: %q", got)
	}
	NoteAtStart(a, "Could not open the team ledger postgres://ana@db/payouts: cannot reach the database server")
	w := test.NewTempWindow(t, nil)
	u, obj := createAt(a, w, s, "")
	defer u.stopWatch()
	w.SetContent(obj)
	if dialogsOpen(u) != 1 {
		t.Fatalf("%d dialogs at start, want the note", dialogsOpen(u))
	}
	if got := LastLedgerFile(a, ""); got != s.Path() {
		t.Errorf("the file open is not remembered as the last one: %q", got)
	}
	u2, _ := createAt(a, w, s, "")
	defer u2.stopWatch()
	if dialogsOpen(u2) != 0 {
		t.Error("the note was shown twice")
	}
}
