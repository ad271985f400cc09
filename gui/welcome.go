package gui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/payouts/payouts/ledger/demo"
)

// welcomePanel greets a first run on an empty ledger: try the app on demo
// data, import store orders, or start by adding a campaign.
type welcomePanel struct {
	u                  *ui
	demo, imp, scratch *widget.Button
}

func newWelcomePanel(u *ui) *welcomePanel { return &welcomePanel{u: u} }

func (p *welcomePanel) build() fyne.CanvasObject {
	title := &widget.Label{Text: "Welcome to Payouts", TextStyle: fyne.TextStyle{Bold: true}, SizeName: theme.SizeNameHeadingText, Alignment: fyne.TextAlignCenter}
	text := &widget.Label{Text: "Payouts keeps what each creator has earned, what is requested and what is paid, " +
		"in one file on this computer. This ledger is empty.", Wrapping: fyne.TextWrapWord, Alignment: fyne.TextAlignCenter}
	p.demo = &widget.Button{Text: "Load demo data", Icon: theme.MediaPlayIcon(), Importance: widget.HighImportance, OnTapped: p.onDemo}
	p.imp = &widget.Button{Text: "Import orders", Icon: theme.DownloadIcon(), OnTapped: p.u.onImport}
	p.scratch = &widget.Button{Text: "Start with a campaign", Icon: theme.ContentAddIcon(), OnTapped: p.onScratch}
	box := container.NewVBox(title, text, container.NewCenter(container.NewHBox(p.demo, p.imp, p.scratch)))
	return container.NewCenter(container.NewGridWrap(fyne.NewSize(620, box.MinSize().Height), box))
}

// onDemo fills the empty ledger with the demo program.
func (p *welcomePanel) onDemo() {
	if err := demo.Fill(p.u.ctx, p.u.store, demo.Options{Seed: 1}); err != nil {
		p.u.showError(err)
		return
	}
	p.u.changed()
}

// onScratch opens Campaigns with the add form.
func (p *welcomePanel) onScratch() {
	p.u.showScreen(screenCampaigns)
	p.u.campaigns.onAdd()
}
