// Package gui is the Payouts desktop interface, built with Fyne. It talks to
// the ledger only through its methods: no SQL, no HTTP here. It never
// imports Fyne's app driver, so its tests run headless with Fyne's test
// driver and CGO_ENABLED=0.
//
// Each screen is a small unexported struct holding its widgets and what it
// needs, with a build method and named handlers; tables and lists are driven
// by methods of the screen. Ledger calls are short (a page of rows, one
// operation) and run on the UI goroutine, so a screen never shows a state the
// ledger is not in.
package gui

import (
	"context"
	"errors"
	"log"
	"sync/atomic"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/payouts/payouts/ledger"
)

// Screen names, in the order of the navigation.
const (
	screenDeals     = "Deals"
	screenPayouts   = "Payouts"
	screenCreators  = "Creators"
	screenCampaigns = "Campaigns"
	screenReports   = "Reports"
	screenSettings  = "Settings"
)

var screenNames = []string{screenDeals, screenPayouts, screenCreators, screenCampaigns, screenReports, screenSettings}

// screenIcon is a screen's icon in the navigation. Icons are looked up
// when drawn, not at start-up: the theme needs a running app.
func screenIcon(name string) fyne.Resource {
	switch name {
	case screenDeals:
		return theme.ListIcon()
	case screenPayouts:
		return theme.MailSendIcon()
	case screenCreators:
		return theme.AccountIcon()
	case screenCampaigns:
		return theme.FolderIcon()
	case screenReports:
		return theme.GridIcon()
	}
	return theme.SettingsIcon()
}

// Create builds the main window's content over the store. It also sets the
// window's main menu and keyboard shortcuts, and applies the operator name
// saved in the preferences.
func Create(a fyne.App, w fyne.Window, store *ledger.Store) fyne.CanvasObject {
	u := newUI(a, w, store)
	obj := u.build()
	u.startWatch()
	return obj
}

// ui is the whole window: the navigation, the screen shown beside it, and
// the dialogs open over it.
type ui struct {
	app   fyne.App
	win   fyne.Window
	store *ledger.Store
	// location is where store was opened: a file's path, or a team
	// ledger's URL (shown without its password).
	location string
	ctx      context.Context

	nav     *widget.List
	body    *fyne.Container
	current string

	welcome   *welcomePanel
	deals     *dealsScreen
	payouts   *payoutsScreen
	creators  *creatorsScreen
	campaigns *campaignsScreen
	reports   *reportsScreen
	settings  *settingsScreen
	dealPage  *dealPage // the deal page on screen, if any

	stale     map[string]bool // screens to refresh before they are shown again
	switching bool            // inside showScreen

	stripe stripeState // the Stripe key's service and status

	dialogs   []dialog.Dialog // open dialogs, newest last: Esc closes the last
	newDeal   *dealForm       // the last new-deal form opened
	imports   *importFlow     // the last Import orders dialog opened
	lastError *errorDialog    // the last error shown, for tests

	banner      *banner       // why the ledger cannot be changed, when it cannot
	done        chan struct{} // closed to stop the data-version watch
	seenVersion int64         // the ledger's data version last seen
	versionSeen bool          // seenVersion was read: the first poll only takes it
	background  atomic.Bool   // the window is not in the foreground: no polling
	stopped     bool          // the watch was stopped: the ui is being replaced
	replacedBy  *ui           // the ui put in its place (another ledger), for tests
}

func newUI(a fyne.App, w fyne.Window, store *ledger.Store) *ui {
	return newUIAt(a, w, store, store.Path())
}

// newUIAt is newUI over a store opened at location.
func newUIAt(a fyne.App, w fyne.Window, store *ledger.Store, location string) *ui {
	u := &ui{app: a, win: w, store: store, location: location, ctx: context.Background(), stale: map[string]bool{}}
	if !ledger.IsServerURL(location) {
		// Where "Use a ledger file" goes back to from a team ledger.
		a.Preferences().SetString(prefLastFile, u.ledgerLocation())
	}
	u.stripe.keys = StripeKeys
	applyOperator(a, store)
	applyTheme(a)
	return u
}

// applyOperator records the operator name of Settings, if one was saved,
// as who does every change from now on.
func applyOperator(a fyne.App, s *ledger.Store) {
	if op := a.Preferences().String(prefOperator); op != "" {
		s.SetOperator(op)
	}
}

// Start prepares a ledger for the app before its window opens: the
// operator name of Settings applies, and the commissions whose hold ran out
// while the app was closed become owed, recorded under that name.
func Start(a fyne.App, s *ledger.Store) error {
	applyOperator(a, s)
	if s.Writable() != nil {
		return nil // read-only or damaged: it opens as it is, with its banner
	}
	if ok, _ := s.MayDo(context.Background(), "orders.release"); !ok {
		return nil // a viewer of a team ledger: a clerk's app releases
	}
	_, err := s.Release(context.Background(), "")
	return err
}

func (u *ui) build() fyne.CanvasObject {
	u.deals = newDealsScreen(u)
	u.payouts = newPayoutsScreen(u)
	u.creators = newCreatorsScreen(u)
	u.campaigns = newCampaignsScreen(u)
	u.reports = newReportsScreen(u)
	u.settings = newSettingsScreen(u)
	u.welcome = newWelcomePanel(u)
	u.stripeStart()

	u.nav = &widget.List{
		Length:     func() int { return len(screenNames) },
		CreateItem: u.createNavItem,
		UpdateItem: u.updateNavItem,
		OnSelected: func(id widget.ListItemID) { u.showScreen(screenNames[id]) },
	}
	u.body = container.NewStack()
	u.win.SetTitle("Payouts · " + ledgerTitle(u.location))
	u.installShortcuts()
	u.win.SetMainMenu(u.mainMenu())

	if u.firstRun() {
		u.body.Objects = []fyne.CanvasObject{u.welcome.build()}
		u.current = ""
	} else {
		u.nav.Select(0)
	}
	split := container.NewHSplit(u.nav, u.body)
	split.Offset = 0.12
	u.banner = newBanner(u)
	return container.NewBorder(u.banner.box, nil, nil, nil, split)
}

func (u *ui) createNavItem() fyne.CanvasObject {
	return container.NewHBox(widget.NewIcon(theme.ListIcon()), widget.NewLabel("Campaigns"))
}

func (u *ui) updateNavItem(id widget.ListItemID, o fyne.CanvasObject) {
	box := o.(*fyne.Container)
	box.Objects[0].(*widget.Icon).SetResource(screenIcon(screenNames[id]))
	box.Objects[1].(*widget.Label).SetText(screenNames[id])
}

// firstRun reports whether the ledger is empty: no creators, no campaigns.
// A ledger with campaigns is answered from them alone: Counts also counts
// every order and transfer, which a large ledger pays for at each start.
func (u *ui) firstRun() bool {
	if cs, err := u.store.Campaigns(u.ctx); err == nil && len(cs) > 0 {
		return false
	}
	c, err := u.store.Counts(u.ctx)
	if err != nil {
		u.showError(err)
		return false
	}
	return c.Creators == 0 && c.Campaigns == 0
}

// screen is a top-level screen: built once, refreshed when the ledger
// changed while it was not on show.
type screen interface {
	content() fyne.CanvasObject
	refresh()
}

func (u *ui) screen(name string) screen {
	switch name {
	case screenDeals:
		return u.deals
	case screenPayouts:
		return u.payouts
	case screenCreators:
		return u.creators
	case screenCampaigns:
		return u.campaigns
	case screenReports:
		return u.reports
	case screenSettings:
		return u.settings
	}
	return nil
}

// showScreen puts a top-level screen beside the navigation.
func (u *ui) showScreen(name string) {
	sc := u.screen(name)
	if sc == nil || u.switching {
		return
	}
	// Selecting in the navigation calls back here: once is enough.
	u.switching = true
	defer func() { u.switching = false }()
	obj := sc.content()
	if u.stale[name] {
		sc.refresh()
		delete(u.stale, name)
	}
	u.current = name
	u.dealPage = nil
	u.setBody(obj)
	for i, n := range screenNames {
		if n == name {
			u.nav.Select(i) // no-op when already selected
		}
	}
}

func (u *ui) setBody(obj fyne.CanvasObject) {
	u.body.Objects = []fyne.CanvasObject{obj}
	u.body.Refresh()
}

// openDeal shows a deal's page in place of the current screen; its Back
// button returns to the screen it came from.
func (u *ui) openDeal(id int64) {
	back := u.current
	p := newDealPage(u, id, func() { u.showScreen(back) })
	obj, err := p.build()
	if err != nil {
		u.showError(err)
		return
	}
	u.dealPage = p
	u.setBody(obj)
	// No screen is selected while a deal is open, so that tapping any of
	// them, Deals included, leaves the page.
	u.nav.UnselectAll()
}

// changed refreshes what is on show after the ledger changed; the other
// screens refresh when they are shown next, so a change costs one screen's
// reads, not all of them.
func (u *ui) changed() {
	for _, n := range screenNames {
		u.stale[n] = true
	}
	switch {
	case u.dealPage != nil:
		u.dealPage.refresh()
	case u.current != "":
		u.screen(u.current).refresh()
		delete(u.stale, u.current)
	case !u.firstRun():
		u.showScreen(screenDeals)
	}
}

// showError shows a ledger error in a dialog, in the ledger's words.
func (u *ui) showError(err error) {
	if err == nil {
		return
	}
	if ledger.ErrorCode(err) == ledger.EINTERNAL {
		log.Printf("payouts: %v", err)
	}
	if u.banner != nil {
		u.banner.update() // the error may be the news that the file is damaged
	}
	u.lastError = newErrorDialog(u.win, err)
	u.lastError.show(u)
}

// errorText is what a person reads for an error: the ledger's one-line
// message, as a sentence.
func errorText(err error) error {
	return errors.New(capitalize(ledger.ErrorMessage(err)))
}

// showDialog shows d and remembers it, so Esc can close it. Keys go to the
// window while it is open (unless it focuses a widget of its own): a
// button left focused under it would take Esc and ignore it. The focus
// goes back where it was when it closes.
func (u *ui) showDialog(d dialog.Dialog) {
	c := u.win.Canvas()
	prev := c.Focused()
	c.Unfocus()
	u.dialogs = append(u.dialogs, d)
	d.SetOnClosed(func() {
		u.forgetDialog(d)
		if prev != nil && c.Focused() == nil {
			c.Focus(prev)
		}
	})
	d.Show()
}

func (u *ui) forgetDialog(d dialog.Dialog) {
	for i := len(u.dialogs) - 1; i >= 0; i-- {
		if u.dialogs[i] == d {
			u.dialogs = append(u.dialogs[:i], u.dialogs[i+1:]...)
			return
		}
	}
}

// closeTopDialog closes the newest open dialog; it reports whether there
// was one.
func (u *ui) closeTopDialog() bool {
	if len(u.dialogs) == 0 {
		return false
	}
	d := u.dialogs[len(u.dialogs)-1]
	u.dialogs = u.dialogs[:len(u.dialogs)-1]
	d.Hide()
	return true
}

// Keyboard shortcuts. The menu carries them too, so they work while an
// entry has the focus.
var (
	shortcutFind    = &desktop.CustomShortcut{KeyName: fyne.KeyF, Modifier: fyne.KeyModifierShortcutDefault}
	shortcutNewDeal = &desktop.CustomShortcut{KeyName: fyne.KeyN, Modifier: fyne.KeyModifierShortcutDefault}
)

func (u *ui) installShortcuts() {
	c := u.win.Canvas()
	c.AddShortcut(shortcutFind, func(fyne.Shortcut) { u.onFind() })
	c.AddShortcut(shortcutNewDeal, func(fyne.Shortcut) { u.onNewDeal() })
	c.SetOnTypedKey(func(ev *fyne.KeyEvent) {
		if ev.Name == fyne.KeyEscape {
			u.closeTopDialog()
		}
	})
}

func (u *ui) mainMenu() *fyne.MainMenu {
	newDeal := fyne.NewMenuItem("New deal…", u.onNewDeal)
	newDeal.Shortcut = shortcutNewDeal
	find := fyne.NewMenuItem("Find deal", u.onFind)
	find.Shortcut = shortcutFind
	return fyne.NewMainMenu(
		fyne.NewMenu("File",
			fyne.NewMenuItem("Import orders…", u.onImport),
			fyne.NewMenuItem("Export workbook…", u.onExport),
			fyne.NewMenuItemSeparator(),
			newDeal,
			fyne.NewMenuItemSeparator(),
			fyne.NewMenuItem("Open ledger…", u.settings.onOpenLedger),
			fyne.NewMenuItem("New ledger…", u.settings.onNewLedger),
		),
		fyne.NewMenu("Edit", find),
	)
}

// onFind shows the Deals screen and puts the cursor in its search box.
func (u *ui) onFind() {
	if u.current != screenDeals || u.dealPage != nil {
		u.showScreen(screenDeals)
	}
	u.win.Canvas().Focus(u.deals.search)
}

// onNewDeal opens the new-deal form.
func (u *ui) onNewDeal() {
	u.newDeal = newDealForm(u, 0, 0)
	u.newDeal.show()
}

func (u *ui) onImport() {
	u.imports = newImportFlow(u.app, u.win, u.store, u.changed)
	u.imports.u = u
	u.imports.Show()
}

func (u *ui) onExport() {
	newExportFlow(u.app, u.win, u.store).Show()
}
