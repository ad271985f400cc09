package gui

import (
	"context"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/payouts/payouts/ledger"
)

// addDealFor adds a deal of a deal's creator in another campaign and
// currency, owed owed.
func addDealFor(tb testing.TB, s *ledger.Store, deal int64, campaign, currency string, owed int64) int64 {
	tb.Helper()
	ctx := context.Background()
	d, err := s.Deal(ctx, deal)
	if err != nil {
		tb.Fatal(err)
	}
	ca, err := s.AddCampaign(ctx, ledger.CampaignInput{Name: campaign})
	if err != nil {
		tb.Fatal(err)
	}
	id, err := s.AddDeal(ctx, ledger.DealInput{CreatorID: d.CreatorID, CampaignID: ca, Currency: currency,
		Rule: ledger.Rule{Kind: ledger.RulePercent, Value: 1000}, HoldDays: 30})
	if err != nil {
		tb.Fatal(err)
	}
	if _, err := s.AddBonus(ctx, ledger.BonusInput{DealID: id, Amount: owed}); err != nil {
		tb.Fatal(err)
	}
	return id
}

// queueCell renders one cell of the queue as the table would.
func queueCell(q *payoutsScreen, row int, col string) fyne.CanvasObject {
	o := q.table.CreateCell()
	q.table.UpdateCell(widget.TableCellID{Row: row, Col: requestCol(q, col)}, o)
	return o
}

// copyButtonIn is the shown copy button of a queue cell, or nil.
func copyButtonIn(o fyne.CanvasObject) *widget.Button {
	cell := o.(*fyne.Container).Objects[1].(*fyne.Container)
	if b := cell.Objects[1].(*widget.Button); b.Visible() {
		return b
	}
	return nil
}

// The queue and the pay dialog show each creator's payout details, with a
// button that copies them to paste into the bank's or PayPal's form.
func TestQueueShowsAndCopiesPayoutDetails(t *testing.T) {
	s := mustOpen(t)
	ana := setup(t, s, "Ana", "IBAN DE89 3704 0044\n0532 0130 00", 10000)
	kai := setup(t, s, "Kai", "", 2500)
	request(t, s, ana, 10000)
	request(t, s, kai, 2500)
	u, _ := newTestUI(t, s)
	u.showScreen(screenPayouts)
	q := u.payouts
	q.onSort("creator") // Ana, then Kai

	if got := tableText(q.table, 0, requestCol(q, colPayee)); got != "IBAN DE89 3704 0044 0532 0130 00" {
		t.Errorf("Ana's details in the queue: got %q", got)
	}
	b := copyButtonIn(queueCell(q, 0, colPayee))
	if b == nil {
		t.Fatal("no copy button beside Ana's details")
	}
	test.Tap(b)
	if got := u.app.Clipboard().Content(); got != "IBAN DE89 3704 0044\n0532 0130 00" {
		t.Errorf("clipboard after copy: got %q, want the details as written", got)
	}
	if got := tableText(q.table, 1, requestCol(q, colPayee)); got != markerMissing {
		t.Errorf("Kai's details: got %q, want %q", got, markerMissing)
	}
	if copyButtonIn(queueCell(q, 1, colPayee)) != nil {
		t.Error("a copy button beside missing details")
	}
	if copyButtonIn(queueCell(q, 0, "Creator")) != nil {
		t.Error("a copy button in the Creator column")
	}

	// The pay dialog: the details under the payment, and their copy button.
	u.app.Clipboard().SetContent("")
	q.setSelected(q.rows[0].ID, true)
	test.Tap(q.payOffline)
	f := q.payForm
	if f == nil || len(f.refForm.Items) != 1 {
		t.Fatalf("pay form: %+v", f)
	}
	if hint := f.refForm.Items[0].HintText; hint != "Pay to: IBAN DE89 3704 0044 0532 0130 00" {
		t.Errorf("pay form details: got %q", hint)
	}
	test.Tap(findButton(t, f.refForm, "Copy details"))
	if got := u.app.Clipboard().Content(); !strings.HasPrefix(got, "IBAN DE89") {
		t.Errorf("clipboard from the pay form: got %q", got)
	}
}

// Paying the ticked requests of one creator in one currency offers one
// reference for them (one bank transfer, one payment); other creators and
// currencies get their own.
func TestPayFormOneReferencePerCreator(t *testing.T) {
	ctx := context.Background()
	s := mustOpen(t)
	ana := setup(t, s, "Ana", "IBAN A", 33000)
	anaSummer := addDealFor(t, s, ana, "Summer", "USD", 5000)
	anaEUR := addDealFor(t, s, ana, "Autumn", "EUR", 7000)
	ben := setup(t, s, "Ben", "IBAN B", 4000)
	ids := []int64{request(t, s, ana, 10000), request(t, s, anaSummer, 5000), request(t, s, ben, 4000),
		request(t, s, ana, 20000), request(t, s, anaEUR, 7000)}
	u, _ := newTestUI(t, s)
	u.showScreen(screenPayouts)
	q := u.payouts
	test.Tap(q.all)
	test.Tap(q.payOffline)
	f := q.payForm
	if f == nil || !f.together.Visible() || !f.together.Checked {
		t.Fatalf("pay form: %+v; want one payment per creator offered and on", f)
	}
	var labels []string
	for _, it := range f.refForm.Items {
		labels = append(labels, it.Text)
	}
	// Newest request first, as the queue lists them.
	if got := strings.Join(labels, " | "); got != "Ana · €70.00 | Ana · $350.00 (3 requests) | Ben · $40.00" {
		t.Fatalf("payments: %s", got)
	}
	test.Type(f.refs[0], "BANK-EUR")
	test.Type(f.refs[1], "BANK-A")
	test.Type(f.refs[2], "BANK-A") // a reference pays one payment: refused before anything
	test.Tap(f.dlg.submit)
	if dialogsOpen(u) != 2 {
		t.Fatalf("dialogs after a reference given twice: %d, want the form and the error", dialogsOpen(u))
	}
	u.closeTopDialog()
	f.refs[2].SetText("BANK-B")
	test.Tap(f.dlg.submit)
	if dialogsOpen(u) != 0 {
		t.Fatalf("form still open: %d dialogs", dialogsOpen(u))
	}
	want := map[int64]string{ids[0]: "BANK-A", ids[1]: "BANK-A", ids[3]: "BANK-A", ids[2]: "BANK-B", ids[4]: "BANK-EUR"}
	for id, ref := range want {
		if r, _ := s.Request(ctx, id); r.Status != ledger.StatusPaid || r.Reference != ref {
			t.Errorf("request %d: %s %q, want paid with %s", id, r.Status, r.Reference, ref)
		}
	}
	wantClean(t, s)

	// Unticked, each request has its own reference.
	more := []int64{request(t, s, ana, 1000), request(t, s, ana, 2000)}
	q.refresh()
	test.Tap(q.all)
	test.Tap(q.payOffline)
	f = q.payForm
	if len(f.refs) != 1 {
		t.Fatalf("references for two requests of Ana: %d, want 1", len(f.refs))
	}
	test.Type(f.refs[0], "kept")
	f.together.SetChecked(false)
	if len(f.refs) != 2 || f.refs[0].Text != "kept" {
		t.Fatalf("after unticking: %d references, first %q", len(f.refs), f.refs[0].Text)
	}
	test.Type(f.refs[1], "BANK-2")
	test.Tap(f.dlg.submit)
	// The queue lists the newest first: the second request is the first payment.
	for id, ref := range map[int64]string{more[1]: "kept", more[0]: "BANK-2"} {
		if r, _ := s.Request(ctx, id); r.Status != ledger.StatusPaid || r.Reference != ref {
			t.Errorf("request %d: %s %q, want paid with %s", id, r.Status, r.Reference, ref)
		}
	}
}

// The queue sorts by any column (tap a header; again reverses), amounts
// within a currency; it searches creator, campaign and reference; the Paid
// view opens newest payment first, with no check that cannot be used.
func TestQueueSortSearchAndPaidOrder(t *testing.T) {
	ctx := context.Background()
	s := mustOpen(t)
	ana := setup(t, s, "Ana", "IBAN A", 30000)
	ben := setup(t, s, "ben", "IBAN B", 30000)
	cleo := setup(t, s, "Cléo", "IBAN C", 30000)
	eur := addDealFor(t, s, ben, "Summer", "EUR", 30000)
	request(t, s, ben, 5000)
	request(t, s, ana, 9000)
	request(t, s, eur, 100)
	request(t, s, cleo, 7000)
	u, _ := newTestUI(t, s)
	u.showScreen(screenPayouts)
	q := u.payouts

	header := func(title string) *widget.Button {
		o := q.table.CreateHeader()
		q.table.UpdateHeader(widget.TableCellID{Row: -1, Col: requestCol(q, title)}, o)
		return o.(*widget.Button)
	}
	column := func(title string) string {
		var out []string
		for i := range q.rows {
			out = append(out, tableText(q.table, i, requestCol(q, title)))
		}
		return strings.Join(out, ", ")
	}
	for _, tt := range []struct {
		title, want string
	}{
		{"Creator", "Ana, ben, ben, Cléo"},
		{"Creator", "Cléo, ben, ben, Ana"},
		{"Amount", "€1.00, $50.00, $70.00, $90.00"}, // a currency's amounts together
		{"Campaign", "Launch, Launch, Launch, Summer"},
	} {
		test.Tap(header(tt.title))
		if got := column(tt.title); got != tt.want {
			t.Errorf("sorted by %s: %s, want %s", tt.title, got, tt.want)
		}
	}
	if got := header("Campaign").Text; got != "Campaign ▲" {
		t.Errorf("sorted header: %q", got)
	}
	// A change (here, or by another program) rereads the queue in the
	// order chosen.
	u.changed()
	if got := header("Campaign").Text + ": " + column("Campaign"); got != "Campaign ▲: Launch, Launch, Launch, Summer" {
		t.Errorf("after a change: %s", got)
	}

	// Search: creator, campaign, and (in Paid) the payment reference.
	test.Type(q.search, "summer")
	if got := column("Creator"); got != "ben" {
		t.Errorf("search summer: %s", got)
	}
	if !strings.Contains(q.totals.Text, "1 match") || !strings.Contains(q.totals.Text, "€1.00") {
		t.Errorf("totals under a search: %q", q.totals.Text)
	}
	q.search.SetText("nobody")
	if len(q.rows) != 0 || q.totals.Text != "No requests match" {
		t.Errorf("no match: %d rows, %q", len(q.rows), q.totals.Text)
	}
	q.search.SetText("")

	// Paid on three days: the Paid view lists the newest payment first.
	for _, p := range []struct {
		deal      int64
		date, ref string
		amount    int64
	}{{ana, "2026-02-15", "TRX-FEB", 100}, {cleo, "2026-03-19", "TRX-MAR", 100}, {ben, "2026-01-10", "TRX-JAN", 100}} {
		if _, err := s.RecordPastPayment(ctx, ledger.PastPaymentInput{DealID: p.deal, Amount: p.amount, Date: p.date, Reference: p.ref}); err != nil {
			t.Fatal(err)
		}
	}
	q.view.SetSelected("Paid")
	if got := column("Paid on"); got != "2026-03-19, 2026-02-15, 2026-01-10" {
		t.Errorf("paid view order: %s", got)
	}
	if q.all.Visible() {
		t.Error("Select all shown in Paid, where only one payment at a time is reversed")
	}
	if got := header("Paid on").Text; got != "Paid on ▼" {
		t.Errorf("paid view header: %q", got)
	}
	q.search.SetText("trx-feb")
	if got := column("Reference"); got != "TRX-FEB" {
		t.Errorf("search by reference: %s", got)
	}
	q.search.SetText("")
	q.view.SetSelected("Cancelled")
	for _, c := range q.columns {
		if c.value == nil {
			t.Error("a check column in Cancelled, where nothing can be done with it")
		}
	}
	if q.all.Visible() {
		t.Error("Select all shown in Cancelled")
	}
}

// Dates are picked in a calendar, not typed: in the pay dialog, Record a
// past payment and Request payout, the calendar opens on the month shown
// and a tapped day is the date recorded.
func TestDatesPickedInCalendar(t *testing.T) {
	ctx := context.Background()
	s := mustOpen(t)
	ana := setup(t, s, "Ana", "IBAN A", 30000)
	u, w := newTestUI(t, s)

	pick := func(e *dateEntry, day string) {
		t.Helper()
		test.Tap(e.ActionItem.(fyne.Tappable))
		top := w.Canvas().Overlays().Top()
		if top == nil || e.calendar == nil {
			t.Fatal("no calendar after tapping the date's button")
		}
		test.Tap(findButton(t, top, day))
		if e.popUp.Visible() {
			t.Error("calendar still open after a day was picked")
		}
	}

	// Record a past payment on the 5th of the ledger's month (March 2026).
	u.openDeal(ana)
	p := u.dealPage
	test.Tap(p.pastButton)
	pf := p.pastForm
	pick(pf.date, "5")
	pf.amount.SetText("100.00")
	test.Type(pf.reference, "TRX-PAST")
	test.Tap(pf.dlg.submit)
	rs, _ := s.Requests(ctx, ledger.RequestQuery{DealID: ana})
	if len(rs) != 1 || rs[0].PaidDate != "2026-03-05" {
		t.Fatalf("past payment: %+v, want paid 2026-03-05", rs)
	}

	// Request payout, dated the 10th.
	test.Tap(p.payoutButton)
	rf := p.payoutForm
	rf.amount.SetText("50.00")
	pick(rf.date, "10")
	test.Tap(rf.dlg.submit)
	h, _ := s.History(ctx, ledger.HistoryQuery{DealID: ana, Limit: 1})
	if len(h) != 1 || h[0].Kind != ledger.KindRequest || h[0].Date != "2026-03-10" {
		t.Fatalf("request: %+v, want dated 2026-03-10", h)
	}

	// Mark paid offline, on the 20th (not before the 10th).
	u.showScreen(screenPayouts)
	q := u.payouts
	q.refresh()
	test.Tap(q.all)
	test.Tap(q.payOffline)
	f := q.payForm
	pick(f.date, "20")
	test.Type(f.refs[0], "TRX-20")
	test.Tap(f.dlg.submit)
	rs, _ = s.Requests(ctx, ledger.RequestQuery{Status: ledger.StatusPaid, Sort: "paid", Desc: true})
	if len(rs) != 2 || rs[0].PaidDate != "2026-03-20" || rs[0].Reference != "TRX-20" {
		t.Fatalf("paid: %+v", rs)
	}

	// What is typed is read in the locale's way or as YYYY-MM-DD; else
	// refused in one line that says how.
	for _, drawn := range []bool{true, false} {
		for _, tt := range []struct{ text, want, err string }{
			{"2026-03-07", "2026-03-07", ""},
			{"yesterday", "", "is not a date"},
			{"", "", "required"},
			{"keep", "2026-03-20", ""}, // what setDay wrote
		} {
			e := newDateEntry(testNow)
			if drawn {
				w.SetContent(e) // as in a form
			}
			if tt.text != "keep" {
				e.SetText(tt.text)
			}
			got, err := e.value("payment date")
			if got != tt.want || (tt.err == "") != (err == nil) || err != nil && !strings.Contains(err.Error(), tt.err) {
				t.Errorf("drawn %v, %q: got %q, %v; want %q, %q", drawn, tt.text, got, err, tt.want, tt.err)
			}
		}
	}
}

// Payout details are shown whole, to check against the bank's form: the
// column grows to the longest shown (up to a limit), so no IBAN or PayPal
// address of usual length is cut with an ellipsis.
func TestQueueDetailsNotCut(t *testing.T) {
	s := mustOpen(t)
	ana := setup(t, s, "Ana", "PayPal: alexandra.rodriguez-smith@example.com", 10000)
	ben := setup(t, s, "Ben", "IBAN DE89 1001 0010 1234 5678 00", 10000)
	request(t, s, ana, 10000)
	request(t, s, ben, 10000)
	u, w := newTestUI(t, s)
	w.Resize(fyne.NewSize(1920, 1080))
	u.showScreen(screenPayouts)
	q := u.payouts
	col := requestCol(q, colPayee)
	for row := range q.rows {
		// The cell drawn at its column's width, as the table draws it.
		o := queueCell(q, row, colPayee)
		o.Resize(fyne.NewSize(q.widths[col], 36))
		shown := ""
		for _, x := range test.LaidOutObjects(o) {
			if txt, ok := x.(*canvas.Text); ok && txt.Text != "" {
				shown = txt.Text
			}
		}
		if want := q.rows[row].PayoutDetails; shown != want {
			t.Errorf("row %d drawn %q, want %q whole", row, shown, want)
		}
	}
}

// The queue's search reads the ledger once typing pauses, not at each key;
// a timer that fires after a later key does nothing.
func TestQueueSearchWaitsForPause(t *testing.T) {
	s := mustOpen(t)
	request(t, s, setup(t, s, "Ana", "IBAN A", 1000), 1000)
	request(t, s, setup(t, s, "Ben", "IBAN B", 1000), 1000)
	u, _ := newTestUI(t, s)
	u.showScreen(screenPayouts)
	q := u.payouts
	q.searchDelay = time.Second
	var pending []func()
	stopped := 0
	q.afterFunc = func(d time.Duration, f func()) func() bool {
		pending = append(pending, f)
		return func() bool { stopped++; return true }
	}
	test.Type(q.search, "be")
	if len(q.rows) != 2 || len(pending) != 2 || stopped != 1 {
		t.Fatalf("while typing: %d rows (want 2), %d timers (want 2), %d stopped (want 1)", len(q.rows), len(pending), stopped)
	}
	pending[0]()
	if len(q.rows) != 2 {
		t.Errorf("after a stale timer: %d rows, want 2", len(q.rows))
	}
	pending[1]()
	if len(q.rows) != 1 || q.rows[0].CreatorName != "Ben" {
		t.Errorf("after the pause: %+v, want Ben's request", q.rows)
	}
}
