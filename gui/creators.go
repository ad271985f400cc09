package gui

import (
	"sort"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/payouts/payouts/ledger"
)

// creatorsScreen lists creators beside the profile of the one selected.
type creatorsScreen struct {
	u       *ui
	search  *entry
	view    *widget.List
	list    *creatorList // the creators matching the search, page by page
	rows    map[*fyne.Container]*creatorRow
	count   *widget.Label // how many creators the search shows
	right   *fyne.Container
	profile *creatorProfile // the profile on screen, if any
	form    *creatorForm    // the last add or edit form opened
	taxForm *taxForm        // the last tax data form opened
	obj     fyne.CanvasObject
}

func newCreatorsScreen(u *ui) *creatorsScreen {
	return &creatorsScreen{u: u, list: &creatorList{u: u}, rows: map[*fyne.Container]*creatorRow{}}
}

func (s *creatorsScreen) content() fyne.CanvasObject {
	if s.obj == nil {
		s.obj = s.build()
	}
	return s.obj
}

func (s *creatorsScreen) build() fyne.CanvasObject {
	s.search = newEntry("Search name, email, handle")
	s.search.OnChanged = func(string) {
		s.load()
		if s.profile != nil {
			s.profile.row = -1 // its row was of the list before the search
		}
	}
	s.search.onEscape = func() {
		if !s.u.closeTopDialog() {
			s.search.SetText("")
		}
	}
	s.view = &widget.List{
		Length:     func() int { return s.list.total },
		CreateItem: s.createItem,
		UpdateItem: s.updateItem,
		OnSelected: s.onSelected,
	}
	s.view.ExtendBaseWidget(s.view)
	add := &widget.Button{Text: "Add creator", Icon: theme.ContentAddIcon(), OnTapped: s.onAdd}
	s.right = container.NewStack(container.NewCenter(widget.NewLabel("Select a creator, or add one.")))
	s.count = widget.NewLabel("")
	// How the figure under each name is computed, in the Deals screen's words.
	help := &widget.Label{Text: creatorListHelp, Wrapping: fyne.TextWrapWord, SizeName: theme.SizeNameCaptionText}
	s.load()
	left := container.NewBorder(container.NewVBox(add, s.search), container.NewVBox(s.count, help), nil, nil, s.view)
	split := container.NewHSplit(left, s.right)
	// Wide enough for a name beside its badge, and what is unpaid in two
	// currencies, in a 1024 px window.
	split.Offset = 0.3
	return split
}

// load recounts the creators matching the search; rows are read by page
// as the list shows them.
func (s *creatorsScreen) load() {
	s.list.reload(s.search.Text)
	s.count.SetText(creatorCountText(s.list.total, s.list.query.Search))
	s.view.UnselectAll()
	s.view.Refresh()
}

func (s *creatorsScreen) onSelected(id widget.ListItemID) {
	if c, ok := s.list.row(id); ok {
		s.openProfile(c.ID)
		if s.profile != nil && s.profile.id == c.ID {
			s.profile.row = id
		}
	}
}

// openProfile shows a creator's profile beside the list.
func (s *creatorsScreen) openProfile(id int64) {
	p := newCreatorProfile(s, id)
	obj, err := p.build()
	if err != nil {
		s.u.showError(err)
		return
	}
	s.profile = p
	s.right.Objects = []fyne.CanvasObject{obj}
	s.right.Refresh()
}

// refresh rereads the list and the profile on screen after a change, made
// here or by someone else: the creator on screen stays selected in the
// list (also when one creator came or went above it) and the list keeps
// its scroll.
func (s *creatorsScreen) refresh() {
	if s.obj == nil {
		return
	}
	sel, off := s.selectedRow(), s.view.GetScrollOffset()
	s.load()
	if s.profile != nil {
		s.profile.refresh()
		s.reselect(sel, s.profile.id)
	}
	s.view.ScrollToOffset(off)
}

// selectedRow is the row selected in the list, or -1. The list says so
// only to OnSelected; a profile open with no row selected (the search
// changed) is -1 too.
func (s *creatorsScreen) selectedRow() widget.ListItemID {
	if s.profile == nil {
		return -1
	}
	return s.profile.row
}

// reselect selects the creator id again near the row it was at, without
// opening the profile again (it is on screen, refreshed).
func (s *creatorsScreen) reselect(row widget.ListItemID, id int64) {
	if row < 0 {
		return
	}
	for _, i := range []widget.ListItemID{row, row + 1, row - 1} {
		if c, ok := s.list.row(i); ok && c.ID == id {
			on := s.view.OnSelected
			s.view.OnSelected = nil
			s.view.Select(i)
			s.view.OnSelected = on
			s.profile.row = i
			return
		}
	}
}

func (s *creatorsScreen) onAdd() {
	s.form = newCreatorForm(s, nil)
	s.form.dlg.show()
}

// creatorProfile is a creator's details, their deals, every transaction
// across those deals and what they were paid over their lifetime.
type creatorProfile struct {
	s       *creatorsScreen
	id      int64
	row     widget.ListItemID // the creator's row in the list, -1 when not selected there
	creator ledger.Creator
	name    *widget.Label
	details *widget.Label
	payout  *widget.Label
	tax     *creatorTax
	changes *creatorChanges
	paid    *widget.Label
	figures *widget.Label // revenue, cost, net, return on spend per currency
	deals   *dealTable
	history *historyTable
	stripe  *creatorStripe
	outbox  *creatorOutbox // the Messages tab
}

func newCreatorProfile(s *creatorsScreen, id int64) *creatorProfile {
	return &creatorProfile{s: s, id: id, row: -1}
}

func (p *creatorProfile) build() (fyne.CanvasObject, error) {
	u := p.s.u
	p.name = &widget.Label{TextStyle: fyne.TextStyle{Bold: true}, SizeName: theme.SizeNameSubHeadingText}
	p.details = &widget.Label{Wrapping: fyne.TextWrapWord}
	p.payout = &widget.Label{Wrapping: fyne.TextWrapWord}
	p.tax = newCreatorTax()
	p.changes = newCreatorChanges()
	p.paid = widget.NewLabel("")
	p.figures = widget.NewLabel("")
	p.stripe = newCreatorStripe(u, p.id)
	if err := p.load(); err != nil {
		return nil, err
	}
	p.deals = newDealTable(u, ledger.DealQuery{CreatorID: p.id}, u.openDeal)
	p.stripe.show(p.creator)
	p.history = newHistoryTable(u, ledger.HistoryQuery{CreatorID: p.id}, true)
	p.outbox = newCreatorOutbox(u, p.id)
	edit := &widget.Button{Text: "Edit", Icon: theme.DocumentCreateIcon(), OnTapped: p.onEdit}
	taxData := &widget.Button{Text: "Tax data", Icon: theme.DocumentIcon(), OnTapped: p.onTax}
	addDeal := &widget.Button{Text: "Add deal", Icon: theme.ContentAddIcon(), OnTapped: p.onAddDeal}
	top := container.NewVBox(
		container.NewHBox(p.name, layout.NewSpacer(), edit, taxData, addDeal),
		p.details, p.payout, p.tax.build(), p.stripe.build(), p.paid, p.figures,
	)
	tabs := container.NewAppTabs(
		container.NewTabItem("Deals", p.deals.view),
		container.NewTabItem("Transactions", p.history.content()),
		container.NewTabItem("Changes", p.changes.list),
		container.NewTabItem("Messages", p.outbox.build()),
	)
	return container.NewBorder(top, nil, nil, nil, tabs), nil
}

// load reads the creator and their lifetime paid totals.
func (p *creatorProfile) load() error {
	u := p.s.u
	c, err := u.store.Creator(u.ctx, p.id)
	if err != nil {
		return err
	}
	p.creator = c
	p.name.SetText(c.Name)
	var parts []string
	for _, v := range []string{c.Email, c.Handle} {
		if v != "" {
			parts = append(parts, v)
		}
	}
	if c.Notes != "" {
		parts = append(parts, c.Notes)
	}
	p.details.SetText(strings.Join(parts, " · "))
	if c.PayeeReady() {
		p.payout.Importance = widget.MediumImportance
		p.payout.SetText("Payout details: " + strings.TrimSpace(c.PayoutDetails+" "+c.StripeAccount))
	} else {
		p.payout.Importance = widget.WarningImportance
		p.payout.SetText(markerMissing + ": add them with Edit before paying.")
	}
	tax, err := u.store.CreatorTax(u.ctx, p.id)
	if err != nil {
		return err
	}
	p.tax.set(tax)
	events, err := u.store.CreatorEvents(u.ctx, p.id)
	if err != nil {
		return err
	}
	p.changes.set(events)
	totals, err := u.store.PaidTotals(u.ctx, p.id)
	if err != nil {
		return err
	}
	p.paid.SetText("Lifetime paid: " + paidText(totals))
	p.figures.SetText(u.attributionText(ledger.ReportQuery{By: ledger.ReportByCreator, CreatorID: p.id}))
	return nil
}

// paidText writes per-currency totals in currency order.
func paidText(totals map[string]int64) string {
	curs := make([]string, 0, len(totals))
	for c := range totals {
		curs = append(curs, c)
	}
	sort.Strings(curs)
	var parts []string
	for _, c := range curs {
		parts = append(parts, ledger.Display(totals[c], c))
	}
	if len(parts) == 0 {
		return "nothing yet"
	}
	return strings.Join(parts, " · ")
}

func (p *creatorProfile) refresh() {
	if err := p.load(); err != nil {
		p.s.u.showError(err)
		return
	}
	p.stripe.show(p.creator)
	p.deals.reload()
	p.history.reload()
	p.outbox.load()
}

func (p *creatorProfile) onEdit() {
	c := p.creator
	p.s.form = newCreatorForm(p.s, &c)
	p.s.form.dlg.show()
}

func (p *creatorProfile) onAddDeal() {
	u := p.s.u
	u.newDeal = newDealForm(u, p.id, 0)
	u.newDeal.show()
}

// creatorForm adds a creator, or edits one.
type creatorForm struct {
	s       *creatorsScreen
	editing *ledger.Creator // nil when adding
	opID    string
	name    *entry
	email   *entry
	handle  *entry
	notes   *entry
	payout  *entry
	dlg     *formDialog
}

func newCreatorForm(s *creatorsScreen, editing *ledger.Creator) *creatorForm {
	f := &creatorForm{s: s, editing: editing, opID: ledger.NewOpID()}
	f.name = newEntry("Full name")
	f.email = newEntry("name@example.com")
	f.handle = newEntry("@handle")
	f.notes = newMultiLineEntry("Anything worth remembering")
	f.payout = newMultiLineEntry("IBAN, or PayPal email, for offline payments")
	title, confirm := "Add creator", "Add creator"
	if editing != nil {
		title, confirm = "Edit "+editing.Name, "Save"
		f.name.SetText(editing.Name)
		f.email.SetText(editing.Email)
		f.handle.SetText(editing.Handle)
		f.notes.SetText(editing.Notes)
		f.payout.SetText(editing.PayoutDetails)
	}
	f.dlg = newFormDialog(s.u, title, confirm, []*widget.FormItem{
		{Text: "Name", Widget: f.name},
		{Text: "Email", Widget: f.email},
		{Text: "Handle", Widget: f.handle},
		{Text: "Notes", Widget: f.notes},
		{Text: "Payout details", Widget: f.payout, HintText: "Without them the creator shows \"" + markerMissing + "\" and cannot be paid."},
	}, nil, f.submit)
	return f
}

func (f *creatorForm) submit() error {
	u := f.s.u
	in := ledger.CreatorInput{OpID: f.opID, Name: f.name.Text, Email: f.email.Text, Handle: f.handle.Text,
		Notes: f.notes.Text, PayoutDetails: strings.TrimSpace(f.payout.Text)}
	id := int64(0)
	if f.editing != nil {
		id = f.editing.ID
		if err := u.store.UpdateCreator(u.ctx, id, in); err != nil {
			return err
		}
	} else {
		var err error
		if id, err = u.store.AddCreator(u.ctx, in); err != nil {
			return err
		}
	}
	u.changed()
	f.s.openProfile(id)
	return nil
}
