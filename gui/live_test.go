package gui

import (
	"context"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/payouts/payouts/ledger"
)

// tableOffset is how far a table is scrolled. Fyne has ScrollToOffset but
// no getter; the test reads the field the table scrolls by.
func tableOffset(t *widget.Table) fyne.Position {
	v := reflect.ValueOf(t).Elem().FieldByName("offset")
	return fyne.NewPos(float32(v.FieldByName("X").Float()), float32(v.FieldByName("Y").Float()))
}

// second opens another Store on the test's ledger, as a second person or
// program would.
func second(tb testing.TB, s *ledger.Store, operator string) *ledger.Store {
	tb.Helper()
	o, err := ledger.Open(s.Path())
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { o.Close() })
	o.Now, o.Operator = s.Now, operator
	return o
}

// queueLedger is a ledger of n creators, each with one request waiting.
func queueLedger(tb testing.TB, n int) (*ledger.Store, []int64) {
	tb.Helper()
	s := mustOpen(tb)
	var reqs []int64
	for i := 0; i < n; i++ {
		d := setup(tb, s, fmt.Sprintf("Creator %02d", i), "IBAN X", 10000)
		reqs = append(reqs, request(tb, s, d, 1000))
	}
	return s, reqs
}

// Another person's change refreshes the Deals list at the next poll
// without moving it: the rows the person was looking at stay in view.
func TestLiveRefreshKeepsDealsScroll(t *testing.T) {
	s, _ := queueLedger(t, 40)
	u, _ := newTestUI(t, s)
	u.showScreen(screenDeals)
	u.poll()
	tbl := u.deals.deals.table
	tbl.ScrollToOffset(fyne.NewPos(0, 400))
	before := tableOffset(tbl)
	if before.Y == 0 {
		t.Fatal("the list did not scroll: too few deals for the window")
	}
	totals := u.deals.totals.Text

	deals, _ := s.Deals(context.Background(), ledger.DealQuery{Sort: "creator"})
	if _, err := second(t, s, "bob").AddBonus(context.Background(), ledger.BonusInput{DealID: deals[0].ID, Amount: 777}); err != nil {
		t.Fatal(err)
	}
	u.poll()
	if u.deals.totals.Text == totals {
		t.Fatal("the poll did not refresh the list")
	}
	if got := tableOffset(tbl); got != before {
		t.Errorf("scroll after a refresh: %v, was %v", got, before)
	}
}

// The queue keeps what the person ticked and where they scrolled when
// someone else changes the ledger; a request that left the queue (paid by
// the other person) is no longer ticked.
func TestLiveRefreshKeepsQueueTicksAndScroll(t *testing.T) {
	s, _ := queueLedger(t, 40)
	u, _ := newTestUI(t, s)
	u.showScreen(screenPayouts)
	u.poll()
	q := u.payouts
	q.onSort("creator")
	ticked := []int64{q.rows[20].ID, q.rows[21].ID, q.rows[22].ID}
	for _, id := range ticked {
		q.setSelected(id, true)
	}
	q.table.ScrollToOffset(fyne.NewPos(0, 500))
	before := tableOffset(q.table)
	if before.Y == 0 {
		t.Fatal("the queue did not scroll: too few requests for the window")
	}

	// Bob pays one of the ticked requests and one far above.
	bob := second(t, s, "bob")
	for i, id := range []int64{ticked[1], q.rows[0].ID} {
		if err := bob.PayOffline(context.Background(), ledger.PayInput{RequestID: id, Reference: fmt.Sprintf("BOB-%d", i)}); err != nil {
			t.Fatal(err)
		}
	}
	u.poll()
	if len(q.rows) != 38 {
		t.Fatalf("%d requests in the queue after bob paid 2 of 40", len(q.rows))
	}
	if !q.selected[ticked[0]] || !q.selected[ticked[2]] || len(q.selected) != 2 {
		t.Errorf("ticked after the refresh: %v, want %d and %d (bob paid %d)", q.selected, ticked[0], ticked[2], ticked[1])
	}
	if got := q.count.Text; got != selectionText(q.chosen()) || len(q.chosen()) != 2 {
		t.Errorf("selection shown as %q for %d chosen", got, len(q.chosen()))
	}
	if got := tableOffset(q.table); got != before {
		t.Errorf("scroll after a refresh: %v, was %v", got, before)
	}
}

// Requests read with Load more are read again on a refresh: the person
// scrolled down there stays there.
func TestLiveRefreshKeepsLoadedPages(t *testing.T) {
	defer func(n int) { requestPageSize = n }(requestPageSize)
	requestPageSize = 10
	s, _ := queueLedger(t, 25)
	u, _ := newTestUI(t, s)
	u.showScreen(screenPayouts)
	u.poll()
	q := u.payouts
	q.onLoadMore()
	q.onLoadMore()
	if len(q.rows) != 25 {
		t.Fatalf("%d rows after loading every page", len(q.rows))
	}
	last := q.rows[24].ID
	q.setSelected(last, true)
	q.table.ScrollToBottom()
	before := tableOffset(q.table)

	if _, err := second(t, s, "bob").AddBonus(context.Background(), ledger.BonusInput{DealID: q.rows[0].DealID, Amount: 5}); err != nil {
		t.Fatal(err)
	}
	u.poll()
	if len(q.rows) != 25 || !q.selected[last] {
		t.Errorf("after a refresh: %d rows, the last one ticked %v", len(q.rows), q.selected[last])
	}
	if got := tableOffset(q.table); got != before {
		t.Errorf("scroll after a refresh: %v, was %v", got, before)
	}
}

// Paying a request that someone else paid a moment ago (before the poll
// showed it) is refused naming who and when, and the queue is read again:
// the request is gone from it. Cancelling one they cancelled likewise.
func TestConflictRefusedNamingWho(t *testing.T) {
	tests := []struct {
		name string
		bob  func(b *ledger.Store, id int64) error
		mine func(q *payoutsScreen)
		want string
	}{
		{"PayPaid", func(b *ledger.Store, id int64) error {
			return b.PayOffline(context.Background(), ledger.PayInput{RequestID: id, Reference: "BOB-1"})
		}, func(q *payoutsScreen) {
			test.Tap(q.payOffline)
			test.Type(q.payForm.refs[0], "ALICE-1")
			test.Tap(q.payForm.dlg.submit)
		}, "was already paid by bob at "},
		{"CancelCancelled", func(b *ledger.Store, id int64) error {
			return b.CancelRequest(context.Background(), "", id, "")
		}, func(q *payoutsScreen) {
			q.cancelRequests(q.chosen())
		}, "was already cancelled by bob at "},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, reqs := queueLedger(t, 3)
			u, _ := newTestUI(t, s)
			u.showScreen(screenPayouts)
			u.poll()
			q := u.payouts
			q.setSelected(reqs[1], true)
			if err := tt.bob(second(t, s, "bob"), reqs[1]); err != nil {
				t.Fatal(err)
			}
			tt.mine(q)
			if u.lastError == nil {
				t.Fatal("no error shown")
			}
			want := tt.want + testNow.Local().Format("15:04")
			if got := u.lastError.msg.Text; !strings.Contains(got, want) || !strings.Contains(got, "payout request of Creator 01") {
				t.Errorf("error %q, want it to name the request and contain %q", got, want)
			}
			// A pay form has nothing left to pay: it closes behind the
			// message.
			if q.payForm != nil {
				for _, o := range u.win.Canvas().Overlays().List() {
					if slices.Contains(test.LaidOutObjects(o), fyne.CanvasObject(q.payForm.dlg.form)) {
						t.Error("the pay form is still open after the request was paid by someone else")
					}
				}
			}
			if len(q.rows) != 2 || q.selected[reqs[1]] {
				t.Errorf("queue after the refusal: %d rows, the request still ticked %v", len(q.rows), q.selected[reqs[1]])
			}
			for _, r := range q.rows {
				if r.ID == reqs[1] {
					t.Error("the request bob handled is still in the queue")
				}
			}
		})
	}
}

// listSelected is the row a list has selected, or -1. Fyne has no getter;
// the test reads the field the list keeps it in.
func listSelected(l *widget.List) int {
	v := reflect.ValueOf(l).Elem().FieldByName("selected")
	if v.Len() == 0 {
		return -1
	}
	return int(v.Index(0).Int())
}

// The Creators list keeps the creator selected (highlighted beside their
// profile) and its scroll when someone else changes the ledger, also when
// a new creator sorts in above.
func TestLiveRefreshKeepsCreatorSelection(t *testing.T) {
	s, _ := queueLedger(t, 40)
	u, _ := newTestUI(t, s)
	u.showScreen(screenCreators)
	u.poll()
	c := u.creators
	c.view.Select(25)
	if c.profile == nil {
		t.Fatal("no profile opened")
	}
	id := c.profile.id
	c.view.ScrollToOffset(300)
	before := c.view.GetScrollOffset()
	if before == 0 {
		t.Fatal("the list did not scroll")
	}
	bob := second(t, s, "bob")
	deals, _ := s.Deals(context.Background(), ledger.DealQuery{Sort: "creator"})
	if _, err := bob.AddBonus(context.Background(), ledger.BonusInput{DealID: deals[25].ID, Amount: 500}); err != nil {
		t.Fatal(err)
	}
	u.poll()
	if got := listSelected(c.view); got != 25 || c.profile.id != id {
		t.Errorf("after a change: row %d selected, profile of %d; want row 25, creator %d", got, c.profile.id, id)
	}
	if got := c.view.GetScrollOffset(); got != before {
		t.Errorf("scroll %v, was %v", got, before)
	}
	if _, err := bob.AddCreator(context.Background(), ledger.CreatorInput{Name: "Aaron First"}); err != nil {
		t.Fatal(err)
	}
	u.poll()
	if got := listSelected(c.view); got != 26 || c.profile.id != id {
		t.Errorf("after a creator sorted in above: row %d selected; want 26, the same creator", got)
	}
}
