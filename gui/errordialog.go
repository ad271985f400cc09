package gui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/payouts/payouts/ledger"
)

// errorDialog is how the app shows a failure. Fyne's own error dialog
// draws its large icon behind the title and the message, which collide
// with it; here the icon has its own column left of the message and the
// title is the dialog's, above both, so nothing can overlap.
type errorDialog struct {
	dlg   *dialog.CustomDialog
	icon  *canvas.Image
	msg   *widget.Label
	close *widget.Button
}

// errorDialogWidth is wide enough for a one-line message of the ledger to
// take two or three lines, not ten.
const errorDialogWidth = 460

func newErrorDialog(win fyne.Window, err error) *errorDialog {
	e := &errorDialog{}
	e.icon = canvas.NewImageFromResource(theme.NewErrorThemedResource(theme.ErrorIcon()))
	e.icon.FillMode = canvas.ImageFillContain
	e.icon.SetMinSize(fyne.NewSquareSize(theme.IconInlineSize() * 2))
	e.msg = wrapLabel(errorText(err).Error())
	body := container.NewBorder(nil, nil, container.NewVBox(e.icon), nil, e.msg)
	e.dlg = dialog.NewCustomWithoutButtons(errorTitle(err), body, win)
	e.close = &widget.Button{Text: "OK", Importance: widget.HighImportance, OnTapped: e.dlg.Hide}
	e.dlg.SetButtons([]fyne.CanvasObject{e.close})
	return e
}

// show opens the dialog at a width where the message wraps into a few
// lines; the height follows the wrapped message. u, when not nil, keeps
// it among the dialogs Esc closes.
func (e *errorDialog) show(u *ui) {
	e.dlg.Resize(fyne.NewSize(errorDialogWidth, e.dlg.MinSize().Height))
	if u != nil {
		u.showDialog(e.dlg)
	} else {
		e.dlg.Show()
	}
	// The message wraps only once it has a width: size again for its lines.
	e.dlg.Resize(fyne.NewSize(errorDialogWidth, e.dlg.MinSize().Height))
}

// showErrorDialog shows err over win, for the flows (import, export) that
// run with a window but no ui.
func showErrorDialog(win fyne.Window, err error) {
	newErrorDialog(win, err).show(nil)
}

// errorTitle says what kind of failure it is, from the error's code.
func errorTitle(err error) string {
	switch ledger.ErrorCode(err) {
	case ledger.EINVALID:
		return "Not accepted"
	case ledger.ENOTFOUND:
		return "Not found"
	case ledger.ECONFLICT:
		return "Not possible"
	case ledger.EUNAVAILABLE:
		return "Unavailable"
	case ledger.EPERMISSION:
		return "Not allowed"
	}
	return "Something went wrong"
}
