package gui

import (
	"fmt"
	"net/http"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/payouts/payouts/ledger"
	"github.com/payouts/payouts/ledger/stripe"
)

// StripeKeys is where the app keeps the Stripe secret key: the OS keychain,
// or this session when there is none. Never the preferences.
var StripeKeys = &stripe.Keys{}

// stripeState is what the window knows of Stripe: the service (nil when no
// key is set), the platform account, and how calls are run.
type stripeState struct {
	keys *stripe.Keys
	http *http.Client // nil: the default; tests point it at a fake
	// inline runs Stripe calls on the UI goroutine (tests); the app runs
	// them on another goroutine and reports back with fyne.Do.
	inline   bool
	platform stripe.Platform
	status   string // "Stripe: test mode, account acct_..." or why not
}

// stripeService opens the Stripe service with the current key, or says
// what to set up.
func (u *ui) stripeService() (*stripe.Service, error) {
	return stripe.Open(u.ctx, u.store, u.stripe.keys, u.stripe.http)
}

// runStripe runs work (network calls) away from the UI goroutine and then
// done on it.
func (u *ui) runStripe(work func(), done func()) {
	if u.stripe.inline {
		work()
		done()
		return
	}
	go func() {
		work()
		fyne.Do(done)
	}()
}

// stripeStart is what the app does with Stripe on start, since it gets no
// webhooks: read the key's account and mode, resolve payments left
// settling, and poll every payee's status.
func (u *ui) stripeStart() {
	sv, err := u.stripeService()
	if err != nil {
		u.stripe.status = stripe.NotSetUp
		return
	}
	u.stripe.status = "Stripe: " + sv.Client.Mode() + " mode (checking…)"
	var plat stripe.Platform
	var perr error
	var recon []stripe.Resolution
	u.runStripe(func() {
		plat, perr = sv.Client.Platform(u.ctx)
		if perr != nil {
			return
		}
		recon, _ = sv.Reconcile(u.ctx)
		sv.RefreshAll(u.ctx)
	}, func() {
		u.setPlatform(plat, perr)
		u.showStripeStatus()
		var lines []string
		for _, r := range recon {
			line := fmt.Sprintf("Payout request %d: %s %s", r.RequestID, r.Action, r.TransferID)
			if r.Err != nil {
				line += ": " + ledger.ErrorMessage(r.Err)
			}
			lines = append(lines, line)
		}
		if len(lines) > 0 {
			u.showDialog(dialog.NewInformation("Stripe payments resolved", strings.Join(lines, "\n"), u.win))
		}
		u.changed()
	})
}

func (u *ui) setPlatform(p stripe.Platform, err error) {
	if err != nil {
		u.stripe.status = "Stripe: " + ledger.ErrorMessage(err)
		return
	}
	u.stripe.platform = p
	u.stripe.status = "Stripe: " + p.Mode + " mode, account " + p.Account
	if p.Name != "" {
		u.stripe.status += " (" + p.Name + ")"
	}
}

// showStripeStatus puts the Stripe line on the screens that show it.
func (u *ui) showStripeStatus() {
	if st := u.settings.stripe; st != nil && st.status != nil {
		st.status.SetText(u.stripe.status)
	}
	if q := u.payouts; q != nil && q.stripeHint != nil {
		q.stripeHint.SetText(u.stripe.status)
	}
}

// stripeSettings is the Stripe card of Settings: the key (kept in the
// keychain), the mode and account it belongs to, the onboarding URLs.
type stripeSettings struct {
	u                  *ui
	status, note       *widget.Label
	key                *widget.Entry
	returnURL, refresh *entry
}

func newStripeSettings(u *ui) *stripeSettings { return &stripeSettings{u: u} }

func (s *stripeSettings) build() fyne.CanvasObject {
	s.status = widget.NewLabel(s.u.stripe.status)
	s.note = &widget.Label{Wrapping: fyne.TextWrapWord, Importance: widget.WarningImportance}
	s.key = widget.NewPasswordEntry()
	s.key.SetPlaceHolder("sk_test_… (start in test mode)")
	s.returnURL = newEntry(stripe.DefaultOnboardingURL)
	s.refresh = newEntry("same as the return URL")
	if v, err := s.u.store.Setting(s.u.ctx, stripe.SettingReturnURL); err == nil {
		s.returnURL.SetText(v)
	}
	if v, err := s.u.store.Setting(s.u.ctx, stripe.SettingRefreshURL); err == nil {
		s.refresh.SetText(v)
	}
	form := widget.NewForm(
		&widget.FormItem{Text: "Secret key", Widget: s.key, HintText: "Kept in the OS keychain, never in the ledger or the preferences"},
		&widget.FormItem{Text: "Return URL", Widget: s.returnURL, HintText: "Where Stripe sends a creator after onboarding"},
		&widget.FormItem{Text: "Refresh URL", Widget: s.refresh, HintText: "Where an expired onboarding link sends them"},
	)
	form.SubmitText = "Save Stripe settings"
	form.OnSubmit = s.onSave
	remove := &widget.Button{Text: "Remove key", Icon: theme.DeleteIcon(), Importance: widget.LowImportance, OnTapped: s.onRemove}
	return widget.NewCard("Stripe", "Pay creators through Stripe Connect. Everything else works without it.",
		container.NewVBox(s.status, form, container.NewHBox(remove), s.note))
}

// onSave keeps a typed key in the keychain and the URLs in the ledger.
func (s *stripeSettings) onSave() {
	s.note.SetText("")
	if k := strings.TrimSpace(s.key.Text); k != "" {
		note, err := s.u.stripe.keys.Set(k)
		if err != nil {
			s.u.showError(err)
			return
		}
		s.key.SetText("")
		s.note.SetText(note)
	}
	for key, e := range map[string]*entry{stripe.SettingReturnURL: s.returnURL, stripe.SettingRefreshURL: s.refresh} {
		if err := s.u.store.SetSetting(s.u.ctx, key, strings.TrimSpace(e.Text)); err != nil {
			s.u.showError(err)
			return
		}
	}
	s.u.stripeStart()
	s.status.SetText(s.u.stripe.status)
}

func (s *stripeSettings) onRemove() {
	if err := s.u.stripe.keys.Delete(); err != nil {
		s.u.showError(err)
		return
	}
	s.u.stripe.platform = stripe.Platform{}
	s.u.stripeStart()
	s.status.SetText(s.u.stripe.status)
}
