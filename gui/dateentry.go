package gui

import (
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/payouts/payouts/ledger"
)

// dateEntry is where a person gives a date: Fyne's date entry, whose
// calendar button picks the day, shown as the person's locale writes
// dates. Typed text is read in that form or as YYYY-MM-DD, so a date copied
// from a bank statement or the CLI still works. Esc goes to the owner, as
// with entry.
type dateEntry struct {
	widget.DateEntry
	onEscape func()
	optional bool      // empty is allowed (and means what the caller says)
	start    time.Time // the month the calendar opens on when no date is set
	calendar *widget.Calendar
	popUp    *widget.PopUp
	shown    string // the text setDay wrote, to read it back before the entry is drawn
}

// newDateEntry is a date entry set to day, or empty when day is zero.
func newDateEntry(day time.Time) *dateEntry {
	e := &dateEntry{}
	e.ExtendBaseWidget(e)
	e.Wrapping = fyne.TextWrap(fyne.TextTruncateClip)
	e.start = day
	if !day.IsZero() {
		e.setDay(day)
	}
	return e
}

// CreateRenderer gives the entry its calendar button. Fyne's own opens on
// the computer's current month whatever the date shown; this one opens on
// the date shown (or the start month), so a past date is a tap away.
func (e *dateEntry) CreateRenderer() fyne.WidgetRenderer {
	if e.ActionItem == nil {
		b := newKeyButton("", widget.LowImportance, e.openCalendar)
		b.Icon = theme.CalendarIcon()
		b.onEscape = func() { // the entry's owner's, as in the entry
			if e.onEscape != nil {
				e.onEscape()
			}
		}
		if e.Disabled() {
			b.Disable()
		}
		e.ActionItem = b
	}
	return e.DateEntry.CreateRenderer()
}

// openCalendar shows a month under the entry; a tapped day fills it.
func (e *dateEntry) openCalendar() {
	c := fyne.CurrentApp().Driver().CanvasForObject(e)
	if c == nil {
		return
	}
	month := e.start
	if e.Date != nil {
		month = *e.Date
	}
	if month.IsZero() {
		month = time.Now()
	}
	e.calendar = widget.NewCalendar(month, func(t time.Time) {
		e.popUp.Hide()
		e.setDay(t)
		c.Focus(e)
	})
	e.popUp = widget.NewPopUp(e.calendar, c)
	pos := fyne.CurrentApp().Driver().AbsolutePositionForObject(e).Add(fyne.NewPos(0, e.Size().Height))
	e.popUp.ShowAtPosition(pos)
	e.popUp.Resize(fyne.NewSize(fyne.Max(e.Size().Width, e.popUp.MinSize().Width), e.popUp.MinSize().Height))
}

// setDay shows a calendar day (its date, whatever the time zone of t).
func (e *dateEntry) setDay(t time.Time) {
	d := time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
	e.SetDate(&d)
	e.shown = e.Text
}

// TypedKey handles Esc and passes every other key to the entry.
func (e *dateEntry) TypedKey(ev *fyne.KeyEvent) {
	if ev.Name == fyne.KeyEscape && e.onEscape != nil {
		e.onEscape()
		return
	}
	e.DateEntry.TypedKey(ev)
}

// value is the date given, YYYY-MM-DD for the ledger; "" when it is empty
// and optional. what names the date in the message when it is unreadable.
func (e *dateEntry) value(what string) (string, error) {
	text := strings.TrimSpace(e.Text)
	if text == "" {
		if e.optional {
			return "", nil
		}
		return "", ledger.Errorf(ledger.EINVALID, "%s required: pick it with the calendar button", what)
	}
	if t, err := time.Parse(ledger.DateLayout, text); err == nil {
		return t.Format(ledger.DateLayout), nil
	}
	// Date keeps the last day the text could be read as; the validator
	// (set once the entry is drawn) says whether the text still reads so.
	// Before it is drawn, Fyne reads nothing typed: only what setDay wrote
	// stands for Date.
	if e.Date != nil && (e.Validator != nil && e.Validator(text) == nil || e.Validator == nil && text == strings.TrimSpace(e.shown)) {
		return e.Date.Format(ledger.DateLayout), nil
	}
	return "", ledger.Errorf(ledger.EINVALID, "%s %q is not a date: pick it with the calendar button, or type it as YYYY-MM-DD", what, text)
}
