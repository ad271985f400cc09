package gui

import (
	"context"
	"database/sql"
	"fmt"
	"net"
	"net/url"
	"os"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"github.com/zalando/go-keyring"

	"github.com/payouts/payouts/internal/pgtest"
	"github.com/payouts/payouts/ledger"
)

// The app on a real team ledger, on the test's throwaway PostgreSQL
// cluster (skipped where PostgreSQL is not installed, a failure under
// PAYOUTS_FULL_TEST=1).

var pgMemberSeq atomic.Int64

// pgLedger makes a team ledger in a fresh database, opened by its owner
// (the cluster's superuser), with the team's roles.
func pgLedger(t *testing.T) (*ledger.Store, string) {
	t.Helper()
	u := pgtest.URL(t)
	s, err := ledger.Open(u)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	s.Now = func() time.Time { return testNow }
	if err := s.TeamInit(context.Background()); err != nil {
		t.Fatal(err)
	}
	return s, u
}

// pgMember adds a person to the team, with a name unique in the cluster
// (roles outlive databases), dropped when the test ends.
func pgMember(t *testing.T, s *ledger.Store, role ledger.Role, password string) string {
	t.Helper()
	name := fmt.Sprintf("gui_%s_%d_%d", role, os.Getpid(), pgMemberSeq.Add(1))
	if _, err := s.AddMember(context.Background(), name, role, password); err != nil {
		t.Fatal(err)
	}
	admin := pgtest.AdminURL(t)
	t.Cleanup(func() {
		db, err := sql.Open("pgx", admin)
		if err != nil {
			return
		}
		defer db.Close()
		db.Exec(`DROP ROLE IF EXISTS "` + name + `"`)
	})
	return name
}

// closedPort is a loopback port nothing listens on.
func closedPort(t *testing.T) int {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	p := l.Addr().(*net.TCPAddr).Port
	l.Close()
	return p
}

// Connecting from Settings to a real team ledger: a wrong password and an
// unreachable server are one line each and change nothing; the right
// password switches the app, which then works on PostgreSQL.
func TestConnectTeamLedgerPostgres(t *testing.T) {
	keyring.MockInit()
	owner, dbURL := pgLedger(t)
	name := pgMember(t, owner, ledger.RoleClerk, "right-pw")
	pgtest.RequirePassword(t, name)
	parsed, _ := url.Parse(dbURL)
	db := strings.TrimPrefix(parsed.Path, "/")

	file := mustOpen(t)
	u, w := newTestUI(t, file)
	u.showScreen(screenSettings)
	u.settings.onConnectTeam()
	f := u.settings.teamForm
	f.host.SetText("127.0.0.1")
	f.port.SetText(parsed.Port())
	f.database.SetText(db)
	f.user.SetText(name)
	before := w.Content()

	tests := []struct {
		name, port, pass, want string
	}{
		{"WrongPassword", parsed.Port(), "wrong-pw", "password authentication failed"},
		{"Unreachable", strconv.Itoa(closedPort(t)), "right-pw", "Not connected: "},
	}
	for _, tt := range tests {
		f.port.SetText(tt.port)
		f.pass.SetText(tt.pass)
		for _, act := range []func(){func() { test.Tap(f.test) }, f.dlg.onSubmit} {
			act()
			got := f.status.Text
			t.Logf("%s: %s", tt.name, got)
			if !strings.HasPrefix(got, "Not connected: ") || !strings.Contains(got, tt.want) || strings.Contains(got, "\n") || strings.Contains(got, tt.pass) {
				t.Errorf("%s: the form says %q; want one line with %q, without the password", tt.name, got, tt.want)
			}
			if w.Content() != before || u.stopped {
				t.Fatalf("%s: the app left its ledger", tt.name)
			}
		}
	}

	f.port.SetText(parsed.Port())
	f.pass.SetText("right-pw")
	test.Tap(f.test)
	if got := f.status.Text; got != "Connected: a ledger with 0 creators and 0 deals." {
		t.Errorf("test connection says %q", got)
	}
	f.dlg.onSubmit()
	nu := u.replacedBy
	if nu == nil {
		t.Fatalf("Connect did not switch: %q", f.status.Text)
	}
	defer nu.stopWatch()
	if nu.store.Backend() != "postgres" {
		t.Errorf("backend %q", nu.store.Backend())
	}
	if got, want := w.Title(), "Payouts · "+db+" on 127.0.0.1 (team ledger)"; got != want {
		t.Errorf("title %q, want %q", got, want)
	}
	remembered := LedgerPath(u.app)
	if strings.Contains(remembered, "right-pw") || !strings.HasPrefix(remembered, "postgres://"+name+"@127.0.0.1:") {
		t.Errorf("remembered %q", remembered)
	}
	if pw, err := keyring.Get(keyringTeam, remembered); err != nil || pw != "right-pw" {
		t.Errorf("keychain: %q, %v", pw, err)
	}
	// The remembered URL and the keychain open it again, as the app does
	// at its next start.
	again, err := ledger.Open(WithSavedPassword(remembered))
	if err != nil {
		t.Fatalf("reopening the remembered ledger: %v", err)
	}
	again.Close()
	// The clerk works on it from the app: a creator added shows.
	if _, err := nu.store.AddCreator(nu.ctx, ledger.CreatorInput{Name: "Ana"}); err != nil {
		t.Fatal(err)
	}
	if c, err := owner.Counts(context.Background()); err != nil || c.Creators != 1 {
		t.Errorf("the owner sees %d creators, %v", c.Creators, err)
	}
}

// pollUntil polls the app until cond holds: a change on PostgreSQL reaches
// the app by a notification, a moment after its commit.
func pollUntil(t *testing.T, u *ui, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for {
		u.poll()
		if cond() {
			return
		}
		if time.Now().After(deadline) {
			t.Fatal("the change did not show within 5 s of polling")
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// Live on PostgreSQL: bob's payment shows in alice's queue at a poll,
// keeping her ticks and scroll; paying a request bob paid a moment ago is
// refused naming him.
func TestLiveQueuePostgres(t *testing.T) {
	s, dbURL := pgLedger(t)
	for i := 0; i < 30; i++ {
		request(t, s, setup(t, s, fmt.Sprintf("Creator %02d", i), "IBAN X", 10000), 1000)
	}
	bobName := pgMember(t, s, ledger.RoleApprover, "")
	bob, err := ledger.Open(pgtest.As(dbURL, bobName))
	if err != nil {
		t.Fatal(err)
	}
	defer bob.Close()
	bob.Now = s.Now

	u, _ := newTestUI(t, s)
	u.showScreen(screenPayouts)
	u.poll()
	q := u.payouts
	q.onSort("creator")
	ticked := []int64{q.rows[20].ID, q.rows[21].ID}
	for _, id := range ticked {
		q.setSelected(id, true)
	}
	q.table.ScrollToOffset(fyne.NewPos(0, 400))
	offset := tableOffset(q.table)
	if offset.Y == 0 {
		t.Fatal("the queue did not scroll")
	}

	if err := bob.PayOffline(context.Background(), ledger.PayInput{RequestID: q.rows[0].ID, Reference: "BOB-1"}); err != nil {
		t.Fatal(err)
	}
	pollUntil(t, u, func() bool { return len(q.rows) == 29 })
	if !q.selected[ticked[0]] || !q.selected[ticked[1]] || len(q.selected) != 2 {
		t.Errorf("ticks after bob's payment showed: %v", q.selected)
	}
	if got := tableOffset(q.table); got != offset {
		t.Errorf("scroll %v, was %v", got, offset)
	}

	// Bob pays a ticked request; alice pays it before her app saw it.
	if err := bob.PayOffline(context.Background(), ledger.PayInput{RequestID: ticked[0], Reference: "BOB-2"}); err != nil {
		t.Fatal(err)
	}
	q.setSelected(ticked[1], false)
	test.Tap(q.payOffline)
	if q.payForm == nil {
		t.Fatal("no pay form")
	}
	test.Type(q.payForm.refs[0], "ALICE-1")
	test.Tap(q.payForm.dlg.submit)
	want := "was already paid by " + bobName + " at " + testNow.Local().Format("15:04")
	if u.lastError == nil || !strings.Contains(u.lastError.msg.Text, want) {
		t.Fatalf("error %v, want it to contain %q", u.lastError, want)
	}
	for _, r := range q.rows {
		if r.ID == ticked[0] {
			t.Error("the request bob paid is still in alice's queue")
		}
	}
}

// An empty database connects, and Test connection says Connect sets a
// ledger up in it, which Connect then does; a database that is not there
// is not connected.
func TestConnectEmptyTeamDatabase(t *testing.T) {
	keyring.MockInit()
	empty := pgtest.URL(t)
	u, _ := newTestUI(t, mustOpen(t))
	u.showScreen(screenSettings)
	u.settings.onConnectTeam()
	f := u.settings.teamForm
	missing, _ := url.Parse(empty)
	missing.Path = "/no_such_database"
	f.link.SetText(missing.String())
	test.Tap(f.test)
	if got := f.status.Text; !strings.HasPrefix(got, "Not connected: there is no database no_such_database") {
		t.Errorf("a missing database: %q", got)
	}
	f.link.SetText(empty)
	test.Tap(f.test)
	if got := f.status.Text; got != "Connected: the database holds no ledger yet; Connect sets one up in it." {
		t.Errorf("an empty database: %q", got)
	}
	f.dlg.onSubmit()
	nu := u.replacedBy
	if nu == nil {
		t.Fatalf("Connect did not switch: %q", f.status.Text)
	}
	defer nu.stopWatch()
	if c, err := nu.store.Counts(nu.ctx); err != nil || nu.store.Backend() != "postgres" {
		t.Fatalf("the new team ledger: %+v, %v", c, err)
	}
	if !nu.firstRun() {
		t.Error("a new team ledger does not open on the welcome panel")
	}
}

// On a team ledger "Your name" is the database user, not to be typed:
// saving the other settings keeps the name saved for ledger files.
func TestTeamLedgerNameIsTheUser(t *testing.T) {
	s, dbURL := pgLedger(t)
	clerk := pgMember(t, s, ledger.RoleClerk, "")
	cs, err := ledger.Open(pgtest.As(dbURL, clerk))
	if err != nil {
		t.Fatal(err)
	}
	defer cs.Close()
	u, _ := newTestUI(t, cs)
	u.app.Preferences().SetString(prefOperator, "Tess")
	u.showScreen(screenSettings)
	st := u.settings
	if !st.operator.Disabled() || st.operator.Text != clerk {
		t.Fatalf("Your name: %q, disabled %v; want %q, disabled", st.operator.Text, st.operator.Disabled(), clerk)
	}
	st.holdDays.SetText("45")
	st.onSave()
	if st.saved.Text != "Saved." || u.app.Preferences().String(prefOperator) != "Tess" || u.app.Preferences().Int(prefHoldDays) != 45 {
		t.Errorf("after Save: %q, name %q, hold days %d", st.saved.Text, u.app.Preferences().String(prefOperator), u.app.Preferences().Int(prefHoldDays))
	}
	d := setup(t, s, "Ana", "IBAN A", 10000)
	if _, err := cs.RequestPayout(u.ctx, ledger.RequestInput{DealID: d, Amount: 100}); err != nil {
		t.Fatal(err)
	}
	reqs, err := cs.Requests(u.ctx, ledger.RequestQuery{Status: ledger.StatusRequested})
	if err != nil || len(reqs) != 1 || reqs[0].CreatedBy != clerk {
		t.Errorf("requested by %v, %v; want %s", reqs, err, clerk)
	}
}
