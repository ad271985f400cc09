package gui

import (
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"github.com/payouts/payouts/ledger"
	"github.com/payouts/payouts/messages"
)

// templateEditor is Settings' "Edit templates…": one message kind's
// subject, plain text and HTML, with a preview filled with sample values.
// An emptied part goes back to the default.
type templateEditor struct {
	u                   *ui
	kind                *widget.Select
	subject, text, html *entry
	preview             *widget.Label
	dlg                 *formDialog
}

// templateSample is what the preview fills the placeholders with: names
// with a comma and accents, as real ones have.
var templateSample = messages.Data{Brand: "Brand Co", ReplyTo: "finance@brand.example", Creator: "Silva, Ana Lúcia", Campaign: "Été launch",
	DealID: 1, Agreed: "a fixed fee of $1,000.00", Amount: "$1,000.00", Currency: "USD", Date: "2026-03-20", Method: "Bank transfer",
	Reference: "WIRE-1", Remaining: "$0.00", NeedsDetails: true, From: "2026-01-01", To: "2026-03-31",
	Lines:    []messages.Line{{Date: "2026-03-20", Campaign: "Été launch", What: "Paid", Amount: "-$1,000.00", Remaining: "$0.00"}},
	Payments: []messages.Payment{{Request: 1, Campaign: "Été launch", Amount: "$1,000.00", Date: "2026-03-20", Method: "Bank transfer", Reference: "WIRE-1", Remaining: "$0.00"}}}

var templateKinds = []string{ledger.MessageRequest, ledger.MessageRemittance, ledger.MessageStatement, ledger.MessageTest}

func (m *mailSettings) onTemplates() {
	e := &templateEditor{u: m.u}
	e.subject, e.text, e.html = newEntry(""), newMultiLineEntry(""), newMultiLineEntry("")
	e.text.SetMinRowsVisible(6)
	e.html.SetMinRowsVisible(4)
	e.preview = &widget.Label{Wrapping: fyne.TextWrapWord}
	for _, x := range []*entry{e.subject, e.text, e.html} {
		x.OnChanged = func(string) { e.showPreview() }
	}
	e.kind = widget.NewSelect(templateKinds, func(string) { e.load() })
	items := []*widget.FormItem{widget.NewFormItem("Message", e.kind), widget.NewFormItem("Subject", e.subject),
		widget.NewFormItem("Plain text", e.text), widget.NewFormItem("HTML", e.html)}
	e.dlg = newFormDialog(m.u, "Message templates", "Save template", items,
		container.NewVBox(widget.NewLabel("Preview (plain text):"), container.NewVScroll(e.preview)), e.save)
	m.templates = e
	e.kind.SetSelected(ledger.MessageRequest)
	e.dlg.show()
}

func (e *templateEditor) settings() map[string]string {
	s, _ := e.u.store.SettingsWithPrefix(e.u.ctx, "mail.template.")
	return s
}

func (e *templateEditor) load() {
	t := messages.TemplateFor(e.kind.Selected, e.settings())
	e.subject.SetText(t.Subject)
	e.text.SetText(t.Text)
	e.html.SetText(t.HTML)
	e.showPreview()
}

func (e *templateEditor) current() messages.Template {
	return messages.Template{Subject: e.subject.Text, Text: e.text.Text, HTML: e.html.Text}
}

func (e *templateEditor) showPreview() {
	r, err := e.current().Render(templateSample)
	if err != nil {
		e.preview.SetText(ledger.ErrorMessage(err))
		return
	}
	e.preview.SetText("Subject: " + r.Subject + "\n\n" + r.Text)
}

// save keeps the parts that differ from the default; a template that does
// not render is refused with why.
func (e *templateEditor) save() error {
	t := e.current()
	if _, err := t.Render(templateSample); err != nil {
		return err
	}
	def := messages.Defaults[e.kind.Selected]
	for part, v := range map[string][2]string{"subject": {t.Subject, def.Subject}, "text": {t.Text, def.Text}, "html": {t.HTML, def.HTML}} {
		val := v[0]
		if strings.TrimSpace(val) == "" || val == v[1] {
			val = ""
		}
		if err := e.u.store.SetSetting(e.u.ctx, "mail.template."+e.kind.Selected+"."+part, val); err != nil {
			return err
		}
	}
	return nil
}
