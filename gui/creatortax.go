package gui

import (
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/payouts/payouts/ledger"
)

// creatorTax shows a creator's tax data on their profile. The tax ID is
// masked (•••• 6789) until Show is tapped, and masked again by Hide or when
// the profile is read again: it stays on screen only while asked for.
type creatorTax struct {
	info     ledger.TaxInfo
	label    *widget.Label
	reveal   *widget.Button
	revealed bool
}

func newCreatorTax() *creatorTax {
	t := &creatorTax{label: &widget.Label{Wrapping: fyne.TextWrapWord}}
	t.reveal = &widget.Button{Text: "Show", Icon: theme.VisibilityIcon(), Importance: widget.LowImportance, OnTapped: t.onReveal}
	return t
}

func (t *creatorTax) build() fyne.CanvasObject {
	return container.NewBorder(nil, nil, nil, t.reveal, t.label)
}

// set shows info, the tax ID masked.
func (t *creatorTax) set(info ledger.TaxInfo) {
	t.info, t.revealed = info, false
	t.render()
}

func (t *creatorTax) onReveal() {
	t.revealed = !t.revealed
	t.render()
}

func (t *creatorTax) render() {
	t.label.Importance = widget.MediumImportance
	if !t.info.FormOnFile() {
		t.label.Importance = widget.WarningImportance
	}
	t.label.SetText(taxText(t.info, t.revealed))
	if t.info.TaxID == "" {
		t.reveal.Hide()
		return
	}
	t.reveal.Show()
	if t.revealed {
		t.reveal.SetText("Hide")
		t.reveal.SetIcon(theme.VisibilityOffIcon())
	} else {
		t.reveal.SetText("Show")
		t.reveal.SetIcon(theme.VisibilityIcon())
	}
}

// taxText is the profile's line of tax data.
func taxText(info ledger.TaxInfo, whole bool) string {
	form := "No tax form on file"
	if info.FormOnFile() {
		form = "Tax form " + info.Form + ", received " + info.FormReceived
	}
	parts := []string{form}
	if info.LegalName != "" {
		parts = append(parts, "legal name "+info.LegalName)
	}
	if info.TaxID != "" {
		id := ledger.MaskTaxID(info.TaxID)
		if whole {
			id = info.TaxID
		}
		parts = append(parts, "tax ID "+id)
	}
	if info.Country != "" {
		parts = append(parts, info.Country)
	}
	if info.Address != "" {
		parts = append(parts, strings.Join(strings.Fields(strings.ReplaceAll(info.Address, "\n", ", ")), " "))
	}
	return strings.Join(parts, " · ")
}

// creatorChanges is the Changes tab of a profile: every change of the
// creator's details, newest first, with who and when.
type creatorChanges struct {
	events []ledger.CreatorEvent
	list   *widget.List
}

func newCreatorChanges() *creatorChanges {
	c := &creatorChanges{}
	c.list = &widget.List{
		Length: func() int { return max(len(c.events), 1) },
		CreateItem: func() fyne.CanvasObject {
			return &widget.Label{Truncation: fyne.TextTruncateEllipsis}
		},
		UpdateItem: func(i widget.ListItemID, o fyne.CanvasObject) {
			o.(*widget.Label).SetText(c.line(i))
		},
	}
	c.list.ExtendBaseWidget(c.list)
	return c
}

func (c *creatorChanges) set(events []ledger.CreatorEvent) {
	c.events = events
	c.list.Refresh()
}

// line is the text of row i.
func (c *creatorChanges) line(i int) string {
	if len(c.events) == 0 {
		return "No changes since the creator was added."
	}
	if i >= len(c.events) {
		return ""
	}
	e := c.events[i]
	from, to := e.Old, e.New
	if from == "" {
		from = "(empty)"
	}
	if to == "" {
		to = "(empty)"
	}
	flat := func(s string) string { return strings.Join(strings.Fields(strings.ReplaceAll(s, "\n", ", ")), " ") }
	return e.At.Local().Format("2006-01-02 15:04") + " · " + e.Operator + " · " + e.Field + ": " + flat(from) + " → " + flat(to)
}

// taxFields are the tax data entries of the creator form.
type taxFields struct {
	legalName *entry
	taxID     *entry
	address   *entry
	country   *entry
	form      *widget.Select
	received  *dateEntry
}

func newTaxFields(info ledger.TaxInfo) *taxFields {
	f := &taxFields{legalName: newEntry("As on the tax form"), taxID: newEntry("SSN, EIN, ITIN or foreign tax number"),
		address: newMultiLineEntry("Street, city, postal code"), country: newEntry("US, GB, DE …")}
	// Typed hidden, with Fyne's own button to show it.
	f.taxID.Password = true
	f.form = widget.NewSelect(ledger.TaxForms, nil)
	f.form.SetSelected(ledger.TaxFormNone)
	var day time.Time
	if d, err := time.Parse(ledger.DateLayout, info.FormReceived); err == nil {
		day = d
	}
	f.received = newDateEntry(day)
	f.received.optional = true
	f.legalName.SetText(info.LegalName)
	f.taxID.SetText(info.TaxID)
	f.address.SetText(info.Address)
	f.country.SetText(info.Country)
	if info.FormOnFile() {
		f.form.SetSelected(info.Form)
	}
	return f
}

func (f *taxFields) items() []*widget.FormItem {
	return []*widget.FormItem{
		{Text: "Legal name", Widget: f.legalName},
		{Text: "Tax ID", Widget: f.taxID},
		{Text: "Address", Widget: f.address},
		{Text: "Country", Widget: f.country, HintText: "Two-letter ISO 3166 code"},
		{Text: "Tax form", Widget: f.form},
		{Text: "Form received", Widget: f.received},
	}
}

// value is the tax data as typed.
func (f *taxFields) value() (ledger.TaxInfo, error) {
	received, err := f.received.value("date the tax form was received")
	if err != nil {
		return ledger.TaxInfo{}, err
	}
	return ledger.TaxInfo{LegalName: f.legalName.Text, TaxID: f.taxID.Text, Address: f.address.Text, Country: f.country.Text,
		Form: f.form.Selected, FormReceived: received}, nil
}

// taxForm edits a creator's tax data: the creator's other details are
// saved as they are, in the same operation, and each field changed goes
// into the Changes tab.
type taxForm struct {
	p      *creatorProfile
	opID   string
	fields *taxFields
	dlg    *formDialog
}

func (p *creatorProfile) onTax() {
	f := &taxForm{p: p, opID: ledger.NewOpID(), fields: newTaxFields(p.tax.info)}
	f.dlg = newFormDialog(p.s.u, "Tax data of "+p.creator.Name, "Save", f.fields.items(), nil, f.submit)
	p.s.taxForm = f
	f.dlg.show()
}

func (f *taxForm) submit() error {
	u := f.p.s.u
	tax, err := f.fields.value()
	if err != nil {
		return err
	}
	c := f.p.creator
	in := ledger.CreatorInput{OpID: f.opID, Name: c.Name, Email: c.Email, Handle: c.Handle, Notes: c.Notes, PayoutDetails: c.PayoutDetails, Tax: &tax}
	if err := u.store.UpdateCreator(u.ctx, c.ID, in); err != nil {
		return err
	}
	u.changed()
	f.p.s.openProfile(c.ID)
	return nil
}
