package gui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/payouts/payouts/ledger"
)

// campaignsScreen lists campaigns beside the deals of the one selected.
type campaignsScreen struct {
	u         *ui
	list      *widget.List
	campaigns []ledger.Campaign
	right     *fyne.Container
	detail    *campaignDetail
	form      *campaignForm // the last add or edit form opened
	obj       fyne.CanvasObject
}

func newCampaignsScreen(u *ui) *campaignsScreen { return &campaignsScreen{u: u} }

func (s *campaignsScreen) content() fyne.CanvasObject {
	if s.obj == nil {
		s.obj = s.build()
	}
	return s.obj
}

func (s *campaignsScreen) build() fyne.CanvasObject {
	s.list = &widget.List{
		Length: func() int { return len(s.campaigns) },
		CreateItem: func() fyne.CanvasObject {
			return &widget.Label{Text: "Campaign name", Truncation: fyne.TextTruncateEllipsis}
		},
		UpdateItem: s.updateItem,
		OnSelected: s.onSelected,
	}
	s.list.ExtendBaseWidget(s.list)
	add := &widget.Button{Text: "Add campaign", Icon: theme.ContentAddIcon(), OnTapped: s.onAdd}
	s.right = container.NewStack(container.NewCenter(widget.NewLabel("Select a campaign, or add one.")))
	s.load()
	split := container.NewHSplit(container.NewBorder(add, nil, nil, nil, s.list), s.right)
	split.Offset = 0.22
	return split
}

func (s *campaignsScreen) load() {
	cs, err := s.u.store.Campaigns(s.u.ctx)
	if err != nil {
		s.u.showError(err)
		return
	}
	s.campaigns = cs
	s.list.UnselectAll()
	s.list.Refresh()
}

func (s *campaignsScreen) updateItem(id widget.ListItemID, o fyne.CanvasObject) {
	l := o.(*widget.Label)
	if id < 0 || id >= len(s.campaigns) {
		l.SetText("")
		return
	}
	l.SetText(s.campaigns[id].Name)
}

func (s *campaignsScreen) onSelected(id widget.ListItemID) {
	if id < 0 || id >= len(s.campaigns) {
		return
	}
	s.openCampaign(s.campaigns[id].ID)
}

// openCampaign shows a campaign and its deals beside the list.
func (s *campaignsScreen) openCampaign(id int64) {
	d := &campaignDetail{s: s, id: id}
	obj, err := d.build()
	if err != nil {
		s.u.showError(err)
		return
	}
	s.detail = d
	s.right.Objects = []fyne.CanvasObject{obj}
	s.right.Refresh()
}

func (s *campaignsScreen) refresh() {
	if s.obj == nil {
		return
	}
	s.load()
	if s.detail != nil {
		s.detail.refresh()
	}
}

func (s *campaignsScreen) onAdd() {
	s.form = newCampaignForm(s, nil)
	s.form.dlg.show()
}

// campaignDetail is a campaign's name, notes and deals.
type campaignDetail struct {
	s        *campaignsScreen
	id       int64
	campaign ledger.Campaign
	name     *widget.Label
	notes    *widget.Label
	deals    *dealTable
}

func (d *campaignDetail) build() (fyne.CanvasObject, error) {
	u := d.s.u
	d.name = &widget.Label{TextStyle: fyne.TextStyle{Bold: true}, SizeName: theme.SizeNameSubHeadingText}
	d.notes = &widget.Label{Wrapping: fyne.TextWrapWord}
	if err := d.load(); err != nil {
		return nil, err
	}
	d.deals = newDealTable(u, ledger.DealQuery{CampaignID: d.id}, u.openDeal)
	edit := &widget.Button{Text: "Edit", Icon: theme.DocumentCreateIcon(), OnTapped: d.onEdit}
	addDeal := &widget.Button{Text: "Add deal", Icon: theme.ContentAddIcon(), OnTapped: d.onAddDeal}
	top := container.NewVBox(container.NewHBox(d.name, layout.NewSpacer(), edit, addDeal), d.notes)
	return container.NewBorder(top, nil, nil, nil, d.deals.view), nil
}

func (d *campaignDetail) load() error {
	u := d.s.u
	c, err := u.store.Campaign(u.ctx, d.id)
	if err != nil {
		return err
	}
	d.campaign = c
	d.name.SetText(c.Name)
	d.notes.SetText(c.Notes)
	return nil
}

func (d *campaignDetail) refresh() {
	if err := d.load(); err != nil {
		d.s.u.showError(err)
		return
	}
	d.deals.reload()
}

func (d *campaignDetail) onEdit() {
	c := d.campaign
	d.s.form = newCampaignForm(d.s, &c)
	d.s.form.dlg.show()
}

func (d *campaignDetail) onAddDeal() {
	u := d.s.u
	u.newDeal = newDealForm(u, 0, d.id)
	u.newDeal.show()
}

// campaignForm adds a campaign, or edits one.
type campaignForm struct {
	s       *campaignsScreen
	editing *ledger.Campaign
	opID    string
	name    *entry
	notes   *entry
	dlg     *formDialog
}

func newCampaignForm(s *campaignsScreen, editing *ledger.Campaign) *campaignForm {
	f := &campaignForm{s: s, editing: editing, opID: ledger.NewOpID()}
	f.name = newEntry("e.g. Spring Launch 2026")
	f.notes = newMultiLineEntry("Brief, dates, products")
	title, confirm := "Add campaign", "Add campaign"
	if editing != nil {
		title, confirm = "Edit "+editing.Name, "Save"
		f.name.SetText(editing.Name)
		f.notes.SetText(editing.Notes)
	}
	f.dlg = newFormDialog(s.u, title, confirm, []*widget.FormItem{
		{Text: "Name", Widget: f.name},
		{Text: "Notes", Widget: f.notes},
	}, nil, f.submit)
	return f
}

func (f *campaignForm) submit() error {
	u := f.s.u
	in := ledger.CampaignInput{OpID: f.opID, Name: f.name.Text, Notes: f.notes.Text}
	var id int64
	if f.editing != nil {
		id = f.editing.ID
		if err := u.store.UpdateCampaign(u.ctx, id, in); err != nil {
			return err
		}
	} else {
		var err error
		if id, err = u.store.AddCampaign(u.ctx, in); err != nil {
			return err
		}
	}
	u.changed()
	f.s.openCampaign(id)
	return nil
}
