package gui

import (
	"context"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/payouts/payouts/ledger"
)

// Preference keys. Preferences belong to the person at this computer (who
// they are, their defaults, the ledger they last used), not to a ledger.
const (
	prefOperator   = "operator"
	prefCurrency   = "default.currency"
	prefHoldDays   = "default.holddays"
	prefLedgerPath = "ledger.path"
)

// LedgerPath returns the ledger file the user last opened or created in
// Settings, or "" when they never chose one. The app opens it when no
// --db flag or PAYOUTS_DB names another.
func LedgerPath(a fyne.App) string {
	return a.Preferences().String(prefLedgerPath)
}

func defaultCurrency(a fyne.App) string {
	return a.Preferences().StringWithFallback(prefCurrency, "USD")
}

func defaultHoldDays(a fyne.App) int {
	return a.Preferences().IntWithFallback(prefHoldDays, ledger.DefaultHoldDays)
}

func itoa(n int) string { return strconv.Itoa(n) }

// settingsScreen holds who is recorded as processing each operation, the
// defaults of new deals, and which ledger file is open.
type settingsScreen struct {
	u        *ui
	operator *entry
	currency *widget.Select
	holdDays *entry
	path     *widget.Label
	saved    *widget.Label
	stripe   *stripeSettings
	mail     *mailSettings
	chart    *chartSettings
	tax      *taxSettings
	newForm  *ledgerForm // the last new-ledger form, for tests
	teamForm *teamForm   // the last Connect to a team ledger form, for tests
	obj      fyne.CanvasObject

	latest     *widget.Label // the newest backup
	lastBackup string        // the backup "Back up now" wrote last, for tests
	keep       [3]*entry     // backups kept: days, weeks, months
	keepSaved  *widget.Label
	periods    *periodsCard // the Books card: closed periods

	approvals     *widget.Check // the ledger's approvals setting
	approvalsNote *widget.Label

	appearance *appearance // theme and number format
}

func newSettingsScreen(u *ui) *settingsScreen { return &settingsScreen{u: u} }

func (s *settingsScreen) content() fyne.CanvasObject {
	if s.obj == nil {
		s.obj = s.build()
	}
	return s.obj
}

// refresh has nothing to reread: settings are not in the ledger.
func (s *settingsScreen) refresh() {}

func (s *settingsScreen) build() fyne.CanvasObject {
	s.stripe = newStripeSettings(s.u)
	s.mail = newMailSettings(s.u)
	s.chart = newChartSettings(s.u)
	s.tax = newTaxSettings(s.u)
	s.operator = newEntry("Your name")
	s.operator.SetText(s.u.store.OperatorName())
	s.currency = widget.NewSelect(ledger.Currencies(), nil)
	s.currency.SetSelected(defaultCurrency(s.u.app))
	s.holdDays = newEntry("")
	s.holdDays.SetText(itoa(defaultHoldDays(s.u.app)))
	s.saved = &widget.Label{Importance: widget.SuccessImportance}
	nameHint := "Recorded as who processed each change"
	if s.u.store.Backend() == ledger.BackendPostgres {
		// On a team ledger the person is their database user: a name
		// typed here would not be what is recorded.
		s.operator.Disable()
		nameHint = "On a team ledger each change records your database user"
	}
	form := widget.NewForm(
		&widget.FormItem{Text: "Your name", Widget: s.operator, HintText: nameHint},
		&widget.FormItem{Text: "Default currency", Widget: s.currency, HintText: "For new deals"},
		&widget.FormItem{Text: "Default hold days", Widget: s.holdDays, HintText: "Return window of new deals"},
	)
	form.SubmitText = "Save"
	form.OnSubmit = s.onSave

	return container.NewVScroll(container.NewVBox(
		widget.NewCard("You", "", container.NewVBox(form, s.saved)),
		s.appearanceCard(),
		s.ledgerCard(),
		s.periodsCard(),
		s.approvalsCard(),
		s.backupsCard(),
		s.stripe.build(),
		s.mail.build(),
		s.chart.build(),
		s.tax.build(),
	))
}

// onSave stores the preferences and applies the operator name at once.
func (s *settingsScreen) onSave() {
	days, err := parseDays(s.holdDays.Text)
	if err != nil {
		s.u.showError(err)
		return
	}
	op := strings.TrimSpace(s.operator.Text)
	if op == "" && !s.operator.Disabled() {
		s.u.showError(ledger.Errorf(ledger.EINVALID, "your name is required: it is recorded with each change"))
		return
	}
	p := s.u.app.Preferences()
	if !s.operator.Disabled() { // the name for ledger files stays as it was
		p.SetString(prefOperator, op)
		s.u.store.SetOperator(op)
	}
	p.SetString(prefCurrency, s.currency.Selected)
	p.SetInt(prefHoldDays, days)
	s.saved.SetText("Saved.")
	// Who may pay what in the queue depends on who you are.
	s.u.stale[screenPayouts] = true
}

func (s *settingsScreen) onCopyPath() {
	s.u.app.Clipboard().SetContent(s.u.ledgerLocation())
}

// ledgerCard is the Ledger card of Settings: which ledger is open, and the
// ways to another (a file, a new file, a team ledger, back to a file).
func (s *settingsScreen) ledgerCard() fyne.CanvasObject {
	s.path = &widget.Label{Text: s.u.ledgerLocation(), Wrapping: fyne.TextWrapBreak, Selectable: true}
	buttons := container.NewHBox(
		&widget.Button{Text: "Copy location", Icon: theme.ContentCopyIcon(), OnTapped: s.onCopyPath},
		&widget.Button{Text: "Open another ledger…", Icon: theme.FolderOpenIcon(), OnTapped: s.onOpenLedger},
		&widget.Button{Text: "Create a new ledger…", Icon: theme.DocumentCreateIcon(), OnTapped: s.onNewLedger},
	)
	team := container.NewHBox(&widget.Button{Text: "Connect to a team ledger…", Icon: theme.ComputerIcon(), OnTapped: s.onConnectTeam})
	if !ledger.IsServerURL(s.u.location) {
		return widget.NewCard("Ledger", "Everything Payouts knows is in this one file.", container.NewVBox(s.path, buttons, team))
	}
	team.Add(&widget.Button{Text: "Use a ledger file", Icon: theme.FileIcon(), OnTapped: s.onUseFile})
	return widget.NewCard("Ledger", "A team ledger on PostgreSQL: everyone connected to it works on the same books.",
		container.NewVBox(s.path, team, buttons))
}

// ledgerLocation is the full path of the open ledger file, or the URL of
// a team ledger without its password.
func (u *ui) ledgerLocation() string {
	if ledger.IsServerURL(u.location) {
		return ledger.ShowLocation(u.location)
	}
	if p, err := filepath.Abs(u.location); err == nil {
		return p
	}
	return u.location
}

// ledgerLocation is the full path of a store's ledger file.
func ledgerLocation(s *ledger.Store) string {
	if p, err := filepath.Abs(s.Path()); err == nil {
		return p
	}
	return s.Path()
}

// onOpenLedger lets the user pick another ledger file.
func (s *settingsScreen) onOpenLedger() {
	d := dialog.NewFileOpen(func(r fyne.URIReadCloser, err error) {
		if err != nil {
			s.u.showError(err)
			return
		}
		if r == nil {
			return
		}
		path := r.URI().Path()
		r.Close()
		s.u.switchLedger(path)
	}, s.u.win)
	d.SetFilter(storage.NewExtensionFileFilter([]string{".payouts", ".db", ".sqlite"}))
	s.setLocation(d)
	s.u.showDialog(d)
}

// onNewLedger asks where to create a new, empty ledger. It takes a path
// rather than using a save dialog: a save dialog truncates the file it is
// given, and pointed at an existing ledger that would erase it.
func (s *settingsScreen) onNewLedger() {
	s.newForm = newLedgerForm(s)
	s.newForm.dlg.show()
}

// ledgerForm names the file of a new ledger.
type ledgerForm struct {
	s    *settingsScreen
	path *entry
	dlg  *formDialog
}

func newLedgerForm(s *settingsScreen) *ledgerForm {
	f := &ledgerForm{s: s}
	f.path = newEntry("/path/to/new.payouts")
	f.path.SetText(filepath.Join(filepath.Dir(s.fileFolder()), "new.payouts"))
	choose := &widget.Button{Text: "Choose folder…", Icon: theme.FolderOpenIcon(), OnTapped: f.onChooseFolder}
	f.dlg = newFormDialog(s.u, "Create a new ledger", "Create", []*widget.FormItem{
		{Text: "File", Widget: f.path, HintText: "A new file: an existing one is never overwritten"},
		{Text: "", Widget: choose},
	}, nil, f.submit)
	return f
}

func (f *ledgerForm) onChooseFolder() {
	d := dialog.NewFolderOpen(func(l fyne.ListableURI, err error) {
		if err != nil || l == nil {
			return
		}
		f.path.SetText(filepath.Join(l.Path(), filepath.Base(f.path.Text)))
	}, f.s.u.win)
	f.s.setLocation(d)
	f.s.u.showDialog(d)
}

func (f *ledgerForm) submit() error {
	path := strings.TrimSpace(f.path.Text)
	if path == "" {
		return ledger.Errorf(ledger.EINVALID, "file name required")
	}
	if filepath.Ext(path) == "" {
		path += ".payouts"
	}
	if _, err := os.Stat(path); err == nil {
		return ledger.Errorf(ledger.ECONFLICT, "%s already exists: open it with Open another ledger, or choose a new name", path)
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return ledger.Errorf(ledger.EUNAVAILABLE, "cannot create the folder %s: %v", filepath.Dir(path), err)
	}
	if !f.s.u.switchLedger(path) {
		return errShown
	}
	return nil
}

// setLocation starts a file or folder dialog in the folder of the open
// ledger.
func (s *settingsScreen) setLocation(d *dialog.FileDialog) {
	if l, err := storage.ListerForURI(storage.NewFileURI(filepath.Dir(s.fileFolder()))); err == nil {
		d.SetLocation(l)
	}
}

// fileFolder is a file in the folder where new ledger files go: the open
// ledger's, or on a team ledger the last ledger file's.
func (s *settingsScreen) fileFolder() string {
	if ledger.IsServerURL(s.u.location) {
		if p := LastLedgerFile(s.u.app, ""); p != "" {
			return p
		}
		home, _ := os.UserHomeDir()
		return filepath.Join(home, "ledger.payouts")
	}
	return s.u.ledgerLocation()
}

// switchLedger opens the ledger at path in place of the open one and
// reports whether it did. The open one stays open until the new one opened,
// so a failure changes nothing.
func (u *ui) switchLedger(path string) bool {
	s, err := openLedger(path, ledger.OpenOptions{})
	if err != nil {
		u.showError(err)
		return false
	}
	return u.useStore(s, path) != nil
}

// useStore puts the window on s, opened at location, in place of the open
// ledger, and returns the window's new ui; nil (s closed, the error shown,
// nothing changed) when the ledger cannot be used. The preferences
// remember the location without a password.
func (u *ui) useStore(s *ledger.Store, location string) *ui {
	// The operator first: the release is recorded under the name in
	// Settings, not the OS user's.
	s.SetOperator(u.store.OperatorName())
	// A read-only ledger opens with its banner; a viewer's team ledger as
	// it is (a clerk's app releases).
	if ok, _ := s.MayDo(context.Background(), "orders.release"); ok && s.Writable() == nil {
		if _, err := s.Release(context.Background(), ""); err != nil {
			s.Close()
			u.showError(err)
			return nil
		}
	}
	old := u.store
	u.stopWatch()
	u.app.Preferences().SetString(prefLedgerPath, ledger.ShowLocation(location))
	nu := u.reopenAt(s, location)
	old.Close()
	return nu
}
