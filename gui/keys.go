package gui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"
)

// Keyboard in dialogs. Fyne gives a key to the focused widget only, and
// its buttons, checks, selects and select entries ignore Esc and Enter: a
// form reached by Tab then could not be closed with Esc, nor submitted
// with Enter, once the focus left its entries. These widgets take the two
// keys as the form's entries do (entry): Esc closes the newest dialog,
// Enter runs the form's default action; every other key is theirs.

// keyButton is a button that takes Esc and Enter: Enter presses it.
type keyButton struct {
	widget.Button
	onEscape func()
}

func newKeyButton(text string, importance widget.Importance, tapped func()) *keyButton {
	b := &keyButton{}
	b.Text, b.Importance, b.OnTapped = text, importance, tapped
	b.ExtendBaseWidget(b)
	return b
}

func (b *keyButton) TypedKey(ev *fyne.KeyEvent) {
	switch {
	case ev.Name == fyne.KeyEscape && b.onEscape != nil:
		b.onEscape()
	case (ev.Name == fyne.KeyReturn || ev.Name == fyne.KeyEnter) && !b.Disabled() && b.OnTapped != nil:
		b.OnTapped()
	default:
		b.Button.TypedKey(ev)
	}
}

// keyCheck is a check box that takes Esc and Enter (onSubmit).
type keyCheck struct {
	widget.Check
	onEscape, onSubmit func()
}

func newKeyCheck(text string, changed func(bool)) *keyCheck {
	c := &keyCheck{}
	c.Text, c.OnChanged = text, changed
	c.ExtendBaseWidget(c)
	return c
}

func (c *keyCheck) TypedKey(ev *fyne.KeyEvent) {
	if !keyAction(ev, c.onEscape, c.onSubmit) {
		c.Check.TypedKey(ev)
	}
}

// keySelect is a drop-down that takes Esc and Enter (onSubmit).
type keySelect struct {
	widget.Select
	onEscape, onSubmit func()
}

func newKeySelect(options []string, changed func(string)) *keySelect {
	s := &keySelect{}
	s.Options, s.OnChanged = options, changed
	s.ExtendBaseWidget(s)
	return s
}

func (s *keySelect) TypedKey(ev *fyne.KeyEvent) {
	if !keyAction(ev, s.onEscape, s.onSubmit) {
		s.Select.TypedKey(ev)
	}
}

// keySelectEntry is an entry with suggestions that takes Esc; Enter runs
// its OnSubmitted as any entry.
type keySelectEntry struct {
	widget.SelectEntry
	onEscape func()
}

func newKeySelectEntry(options []string) *keySelectEntry {
	e := &keySelectEntry{}
	e.ExtendBaseWidget(e)
	e.Wrapping = fyne.TextWrap(fyne.TextTruncateClip) // as widget.NewSelectEntry
	e.SetOptions(options)
	// The drop-down button is a stop of the Tab order too.
	if b, ok := e.ActionItem.(*widget.Button); ok {
		kb := newKeyButton("", b.Importance, b.OnTapped)
		kb.Icon = b.Icon
		kb.onEscape = func() {
			if e.onEscape != nil {
				e.onEscape()
			}
		}
		e.ActionItem = kb
	}
	return e
}

func (e *keySelectEntry) TypedKey(ev *fyne.KeyEvent) {
	if ev.Name == fyne.KeyEscape && e.onEscape != nil {
		e.onEscape()
		return
	}
	e.SelectEntry.TypedKey(ev)
}

// keyAction runs onEscape for Esc and onSubmit for Enter, and reports
// whether it took the key.
func keyAction(ev *fyne.KeyEvent, onEscape, onSubmit func()) bool {
	switch {
	case ev.Name == fyne.KeyEscape && onEscape != nil:
		onEscape()
	case (ev.Name == fyne.KeyReturn || ev.Name == fyne.KeyEnter) && onSubmit != nil:
		onSubmit()
	default:
		return false
	}
	return true
}

// confirmDialog asks before a step, with buttons that say what they do
// (confirm, dismiss) and take Esc and Enter; the confirm button has the
// focus, so Enter does what was asked. fn runs with the answer.
func (u *ui) confirmDialog(title, confirm, dismiss string, content fyne.CanvasObject, fn func(bool)) dialog.Dialog {
	var d *dialog.CustomDialog
	answer := func(ok bool) func() {
		return func() {
			d.Hide()
			fn(ok)
		}
	}
	yes := newKeyButton(confirm, widget.HighImportance, answer(true))
	no := newKeyButton(dismiss, widget.MediumImportance, answer(false))
	escape := func() { u.closeTopDialog() }
	yes.onEscape, no.onEscape = escape, escape
	d = dialog.NewCustomWithoutButtons(title, content, u.win)
	d.SetButtons([]fyne.CanvasObject{no, yes})
	u.showDialog(d)
	u.win.Canvas().Focus(yes)
	return d
}
