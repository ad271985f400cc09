package gui

import (
	"errors"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"github.com/payouts/payouts/ledger"
)

// entry is a text entry that hands Esc to its owner: a focused entry
// receives every key, so without this Esc could not close the dialog the
// entry sits in.
type entry struct {
	widget.Entry
	onEscape func()
}

func newEntry(placeholder string) *entry {
	e := &entry{}
	e.ExtendBaseWidget(e)
	e.PlaceHolder = placeholder
	return e
}

func newMultiLineEntry(placeholder string) *entry {
	e := newEntry(placeholder)
	e.MultiLine = true
	e.Wrapping = fyne.TextWrapWord
	e.SetMinRowsVisible(3)
	return e
}

// TypedKey handles Esc and passes every other key to the entry.
func (e *entry) TypedKey(ev *fyne.KeyEvent) {
	if ev.Name == fyne.KeyEscape && e.onEscape != nil {
		e.onEscape()
		return
	}
	e.Entry.TypedKey(ev)
}

// formDialog is a dialog with a form whose submit button runs an operation.
// When the operation fails the form stays open with what was typed, and the
// ledger's message shows over it; it closes only once the change is made.
type formDialog struct {
	u      *ui
	dlg    *dialog.CustomDialog
	form   *widget.Form
	submit *keyButton
	cancel *keyButton // "Cancel", or what keeping things as they are is called
	onOK   func() error
	focus  fyne.Focusable // focused when shown; the first entry when nil
}

func newFormDialog(u *ui, title, confirm string, items []*widget.FormItem, extra fyne.CanvasObject, onOK func() error) *formDialog {
	f := &formDialog{u: u, onOK: onOK}
	f.form = widget.NewForm(items...)
	content := fyne.CanvasObject(f.form)
	if extra != nil {
		content = container.NewVBox(f.form, extra)
	}
	f.dlg = dialog.NewCustomWithoutButtons(title, content, u.win)
	f.submit = newKeyButton(confirm, widget.HighImportance, f.onSubmit)
	f.cancel = newKeyButton("Cancel", widget.MediumImportance, f.dlg.Hide)
	f.dlg.SetButtons([]fyne.CanvasObject{f.cancel, f.submit})
	// Esc closes the newest dialog, which may be an error shown over this
	// one; Enter submits, wherever the focus is but on a button or in a
	// text of several lines.
	escape := func() { u.closeTopDialog() }
	f.submit.onEscape, f.cancel.onEscape = escape, escape
	for _, it := range items {
		f.wireKeys(it.Widget, escape)
	}
	if extra != nil {
		f.wireKeys(extra, escape)
	}
	return f
}

// wireKeys gives Esc and Enter their meaning in the form to the widgets
// under o that take them.
func (f *formDialog) wireKeys(o fyne.CanvasObject, escape func()) {
	submit := func() { f.onSubmit() }
	switch x := o.(type) {
	case *entry:
		x.onEscape = escape
		if !x.MultiLine {
			x.OnSubmitted = func(string) { f.onSubmit() }
		}
	case *dateEntry:
		x.onEscape = escape
		x.OnSubmitted = func(string) { f.onSubmit() }
	case *keySelectEntry:
		x.onEscape = escape
		x.OnSubmitted = func(string) { f.onSubmit() }
	case *keyCheck:
		x.onEscape, x.onSubmit = escape, submit
	case *keySelect:
		x.onEscape, x.onSubmit = escape, submit
	case *keyButton:
		x.onEscape = escape
	case *fyne.Container:
		for _, c := range x.Objects {
			f.wireKeys(c, escape)
		}
	}
}

// show opens the dialog and focuses its first entry.
func (f *formDialog) show() {
	f.dlg.Resize(fyne.NewSize(480, f.dlg.MinSize().Height))
	f.u.showDialog(f.dlg)
	if f.focus != nil {
		f.u.win.Canvas().Focus(f.focus)
		return
	}
	for _, it := range f.form.Items {
		if e, ok := it.Widget.(*entry); ok && !e.Disabled() {
			f.u.win.Canvas().Focus(e)
			break
		}
	}
}

// errShown is returned by an operation that already showed its error.
var errShown = errors.New("error already shown")

// onSubmit runs the operation; the dialog closes only when it succeeded.
func (f *formDialog) onSubmit() {
	if err := f.onOK(); err != nil {
		if !errors.Is(err, errShown) {
			f.u.showError(err)
		}
		return
	}
	f.dlg.Hide()
}

// parseDays reads a whole number of days.
func parseDays(text string) (int, error) {
	n, err := strconv.Atoi(strings.TrimSpace(text))
	if err != nil || n < 0 {
		return 0, ledger.Errorf(ledger.EINVALID, "hold days must be a whole number of days, 0 or more")
	}
	return n, nil
}

// capitalize starts a message with a capital letter, as a dialog reads.
func capitalize(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	if n == 0 {
		return s
	}
	return string(unicode.ToUpper(r)) + s[n:]
}

// amountLabel is a right-aligned label for money.
func amountLabel() *widget.Label {
	return &widget.Label{Alignment: fyne.TextAlignTrailing}
}

// markerMissing is what a deal or request without payout details shows.
const markerMissing = ledger.PayoutDetailsMissing

// splitCodes reads discount codes separated by commas or spaces.
func splitCodes(text string) []string {
	return strings.FieldsFunc(text, func(r rune) bool { return r == ',' || unicode.IsSpace(r) })
}

// cellLabel returns the label of a table cell template.
func cellLabel(o fyne.CanvasObject) *widget.Label { return o.(*widget.Label) }
