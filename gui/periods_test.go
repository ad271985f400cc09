package gui

import (
	"context"
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"
)

// TestPeriodsCard: Settings closes the books through a day and shows it;
// a reopen without a reason is refused in the form, with one it is done
// and the history shows who and why.
func TestPeriodsCard(t *testing.T) {
	s := mustOpen(t) // today: 2026-03-20
	u, _ := newTestUI(t, s)
	u.showScreen(screenSettings)
	p := u.settings.periods
	if p.status.Text != "No period is closed." {
		t.Fatalf("status: got %q", p.status.Text)
	}
	p.through.SetText("2026-03-25")
	test.Tap(findButton(t, u.settings.content(), "Close period"))
	if len(u.dialogs) == 0 {
		t.Fatal("closing a period that has not ended was accepted")
	}
	u.closeTopDialog()
	p.through.SetText("2026-02-28")
	p.onClose()
	if got, _ := s.ClosedThrough(context.Background()); got != "2026-02-28" {
		t.Fatalf("closed through: got %q", got)
	}
	if !strings.Contains(p.status.Text, "2026-02-28") || !strings.Contains(p.status.Text, "2026-03-01") || !strings.Contains(p.history.Text, "closed through 2026-02-28, by Tess") {
		t.Errorf("status %q, history %q", p.status.Text, p.history.Text)
	}

	n := len(u.dialogs)
	p.onReopen()
	p.reopen.dlg.onSubmit()
	if len(u.dialogs) <= n+1 {
		t.Fatal("a reopen without a reason was accepted")
	}
	if got, _ := s.ClosedThrough(context.Background()); got != "2026-02-28" {
		t.Fatalf("a refused reopen changed the lock to %q", got)
	}
	p.reopen.reason.SetText("missed invoice")
	p.reopen.dlg.onSubmit()
	if got, _ := s.ClosedThrough(context.Background()); got != "" {
		t.Fatalf("after reopen: closed through %q", got)
	}
	if p.status.Text != "No period is closed." || !strings.Contains(p.history.Text, "by Tess: missed invoice") {
		t.Errorf("status %q, history %q", p.status.Text, p.history.Text)
	}
}

// TestExportPeriodChoice: the export's Period choice fills the dates of
// last month and of each closed period.
func TestExportPeriodChoice(t *testing.T) {
	s := mustOpen(t)
	fillDemo(t, s, 6)
	if err := s.ClosePeriod(context.Background(), "", "2026-01-31"); err != nil {
		t.Fatal(err)
	}
	a := test.NewTempApp(t)
	w := test.NewTempWindow(t, nil)
	f := newExportFlow(a, w, s)
	f.Show()
	for label, want := range map[string][2]string{
		"Last month":                 {"2026-02-01", "2026-02-28"},
		"This year":                  {"2026-01-01", "2026-12-31"},
		"Closed: through 2026-01-31": {"", "2026-01-31"},
	} {
		f.period.SetSelected(label)
		if f.period.Selected != label {
			t.Fatalf("no %q among %v", label, f.period.Options)
		}
		from, err1 := f.from.value("start")
		to, err2 := f.to.value("end")
		if from != want[0] || to != want[1] || err1 != nil || err2 != nil {
			t.Errorf("%s: got %q..%q (%v, %v), want %q..%q", label, from, to, err1, err2, want[0], want[1])
		}
	}
}
