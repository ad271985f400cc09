package gui

import (
	"context"
	"fmt"
	"io"
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/payouts/payouts/ledger"
	"github.com/payouts/payouts/messages"
)

// MailKeys is where the app keeps the SMTP password: the OS keychain, or
// this session when there is none. Never the ledger or the preferences.
var MailKeys = &messages.Keys{}

// mailService loads the mail settings; payment requests to a creator whose
// Stripe onboarding is unfinished carry a fresh link when Stripe is set up.
func (u *ui) mailService() (*messages.Service, error) {
	sv, err := messages.NewService(u.ctx, u.store, MailKeys)
	if err != nil {
		return nil, err
	}
	sv.Link = func(ctx context.Context, c ledger.Creator) (string, error) {
		st, err := u.stripeService()
		if err != nil {
			return "", nil
		}
		return st.NewLink(ctx, c.StripeAccount)
	}
	return sv, nil
}

// sendMessage sends one message off the UI goroutine (SMTP can take
// seconds or time out), then says what became of it and calls done.
func (u *ui) sendMessage(send func(sv *messages.Service) (messages.Result, error), done func()) {
	sv, err := u.mailService()
	if err != nil {
		u.showError(err)
		return
	}
	var res messages.Result
	u.runStripe(func() { res, err = send(sv) }, func() {
		switch {
		case err != nil && res.ID != 0:
			u.showError(ledger.Errorf(ledger.ErrorCode(err), "message %d not sent (it stays in the outbox as failed; retry from the creator's Messages): %s", res.ID, ledger.ErrorMessage(err)))
		case err != nil:
			u.showError(err)
		default:
			u.showDialog(dialog.NewInformation("Message sent", fmt.Sprintf("Message %d sent to %s.", res.ID, res.To), u.win))
		}
		if done != nil {
			done()
		}
		u.changed()
	})
}

// onSendRequest is the deal page's "Send payment request".
func (p *dealPage) onSendRequest() {
	id := p.id
	p.u.sendMessage(func(sv *messages.Service) (messages.Result, error) { return sv.PaymentRequest(p.u.ctx, id) }, nil)
}

// mailSettings is the Email card of Settings.
type mailSettings struct {
	u                                        *ui
	host, port, user, from, brand, reply, to *entry
	password                                 *widget.Entry
	tls                                      *widget.Select
	remittance                               *widget.Check
	note                                     *widget.Label
	testButton                               *widget.Button
	templates                                *templateEditor // the editor last opened
}

func newMailSettings(u *ui) *mailSettings { return &mailSettings{u: u} }

func (m *mailSettings) build() fyne.CanvasObject {
	m.host, m.port, m.user = newEntry("smtp.brand.example"), newEntry("587"), newEntry("user name")
	m.from, m.brand, m.reply, m.to = newEntry("pay@brand.example"), newEntry("Brand Co"), newEntry("finance@brand.example"), newEntry("you@brand.example")
	m.password = widget.NewPasswordEntry()
	m.password.SetPlaceHolder("kept in the OS keychain")
	m.tls = widget.NewSelect([]string{messages.TLSStartTLS, messages.TLSImplicit, messages.TLSNone}, nil)
	m.remittance = widget.NewCheck("Send remittance advice when a request is paid", nil)
	m.note = &widget.Label{Wrapping: fyne.TextWrapWord}
	settings, _ := m.u.store.SettingsWithPrefix(m.u.ctx, "mail.")
	m.host.SetText(settings[messages.SettingHost])
	m.port.SetText(settings[messages.SettingPort])
	m.user.SetText(settings[messages.SettingUser])
	m.from.SetText(settings[messages.SettingFrom])
	m.brand.SetText(settings[messages.SettingBrand])
	m.reply.SetText(settings[messages.SettingReplyTo])
	m.tls.SetSelected(messages.TLSStartTLS)
	if v := settings[messages.SettingTLS]; v != "" {
		m.tls.SetSelected(v)
	}
	m.remittance.SetChecked(settings[messages.SettingRemittance] != "off")
	form := widget.NewForm(
		widget.NewFormItem("SMTP server", m.host), widget.NewFormItem("Port", m.port),
		&widget.FormItem{Text: "Security", Widget: m.tls, HintText: "starttls (587), tls (465), none (a relay on your own network)"},
		widget.NewFormItem("User", m.user),
		&widget.FormItem{Text: "Password", Widget: m.password, HintText: "Kept in the OS keychain, never in the ledger or the preferences"},
		widget.NewFormItem("From", m.from), widget.NewFormItem("Brand name", m.brand), widget.NewFormItem("Reply-to", m.reply),
		widget.NewFormItem("", m.remittance),
	)
	form.SubmitText = "Save email settings"
	form.OnSubmit = m.onSave
	m.testButton = &widget.Button{Text: "Send test message", Icon: theme.MailSendIcon(), OnTapped: m.onTest}
	templates := &widget.Button{Text: "Edit templates…", Icon: theme.DocumentCreateIcon(), OnTapped: m.onTemplates}
	return widget.NewCard("Email to creators", "Payment requests, remittance advice and statements go through your own SMTP server.",
		container.NewVBox(form, container.NewBorder(nil, nil, nil, m.testButton, m.to), container.NewHBox(templates), m.note))
}

// onSave checks the settings and keeps them in the ledger, the password in
// the keychain.
func (m *mailSettings) onSave() {
	m.note.SetText("")
	c := messages.Config{Host: strings.TrimSpace(m.host.Text), TLS: m.tls.Selected, From: strings.TrimSpace(m.from.Text), ReplyTo: strings.TrimSpace(m.reply.Text)}
	if p := strings.TrimSpace(m.port.Text); p != "" {
		n, err := strconv.Atoi(p)
		if err != nil {
			m.u.showError(ledger.Errorf(ledger.EINVALID, "invalid SMTP port %q", p))
			return
		}
		c.Port = n
	}
	if c.Host != "" {
		if err := c.Check(); err != nil {
			m.u.showError(err)
			return
		}
	}
	remit := "on"
	if !m.remittance.Checked {
		remit = "off"
	}
	port := ""
	if c.Host != "" {
		port = strconv.Itoa(c.Port)
	}
	for key, v := range map[string]string{messages.SettingHost: c.Host, messages.SettingPort: port, messages.SettingTLS: c.TLS,
		messages.SettingUser: strings.TrimSpace(m.user.Text), messages.SettingFrom: c.From, messages.SettingBrand: strings.TrimSpace(m.brand.Text),
		messages.SettingReplyTo: c.ReplyTo, messages.SettingRemittance: remit} {
		if err := m.u.store.SetSetting(m.u.ctx, key, v); err != nil {
			m.u.showError(err)
			return
		}
	}
	if pw := m.password.Text; pw != "" {
		m.note.SetText(MailKeys.Set(strings.TrimSpace(m.user.Text), pw))
		m.password.SetText("")
	}
	if m.note.Text == "" {
		m.note.SetText("Email settings saved.")
	}
}

func (m *mailSettings) onTest() {
	to := strings.TrimSpace(m.to.Text)
	if to == "" {
		m.u.showError(ledger.Errorf(ledger.EINVALID, "enter the address to send the test message to"))
		return
	}
	m.u.sendMessage(func(sv *messages.Service) (messages.Result, error) { return sv.Test(m.u.ctx, to) }, nil)
}

// creatorOutbox is the Messages tab of a creator's profile: every message
// sent (or not) to them, a retry beside each failed one, and the statement.
type creatorOutbox struct {
	u       *ui
	id      int64
	box     *fyne.Container
	entries []ledger.OutboxEntry
	retry   map[int64]*widget.Button
	// statement sends the creator's statement of everything so far.
	statement *widget.Button
}

func newCreatorOutbox(u *ui, id int64) *creatorOutbox { return &creatorOutbox{u: u, id: id} }

func (o *creatorOutbox) build() fyne.CanvasObject {
	o.box = container.NewVBox()
	o.load()
	o.statement = &widget.Button{Text: "Send statement", Icon: theme.MailSendIcon(), OnTapped: o.onStatement}
	return container.NewBorder(container.NewHBox(o.statement), nil, nil, nil, container.NewVScroll(o.box))
}

func (o *creatorOutbox) load() {
	list, err := o.u.store.Outbox(o.u.ctx, ledger.OutboxQuery{CreatorID: o.id})
	if err != nil {
		o.u.showError(err)
		return
	}
	o.entries = list
	o.retry = map[int64]*widget.Button{}
	o.box.RemoveAll()
	if len(list) == 0 {
		o.box.Add(widget.NewLabel("No messages yet."))
	}
	for _, e := range list {
		text := fmt.Sprintf("%d · %s · %s · %s · %s", e.ID, e.CreatedAt.Local().Format("2006-01-02 15:04"), e.Kind, e.Subject, e.Status)
		if e.Reply != "" {
			text += " · " + e.Reply
		}
		l := &widget.Label{Text: text, Wrapping: fyne.TextWrapWord}
		id := e.ID
		// Any message can be saved as .eml, to send from the brand's own
		// mail program (no SMTP set up, or a server that refuses).
		save := &widget.Button{Text: "Save .eml…", Icon: theme.DocumentSaveIcon(), Importance: widget.LowImportance, OnTapped: func() { o.onSaveEML(id) }}
		buttons := container.NewHBox(save)
		if e.Status == ledger.OutboxFailed {
			l.Importance = widget.WarningImportance
			b := &widget.Button{Text: "Retry", Icon: theme.ViewRefreshIcon(), OnTapped: func() { o.onRetry(id) }}
			o.retry[id] = b
			buttons.Add(b)
		}
		o.box.Add(container.NewBorder(nil, nil, nil, buttons, l))
	}
}

func (o *creatorOutbox) onSaveEML(id int64) {
	d := dialog.NewFileSave(func(w fyne.URIWriteCloser, err error) {
		if err != nil || w == nil {
			return
		}
		defer w.Close()
		rememberFolder(o.u.app, folderExport, w.URI().Path())
		if err := o.writeEML(id, w); err != nil {
			o.u.showError(err)
		}
	}, o.u.win)
	d.SetFileName(fmt.Sprintf("message-%d.eml", id))
	startIn(o.u.app, d, folderExport, "")
	o.u.showDialog(d)
}

// writeEML writes a recorded message exactly as it is (or would be) sent.
func (o *creatorOutbox) writeEML(id int64, w io.Writer) error {
	_, raw, err := o.u.store.OutboxMessage(o.u.ctx, id)
	if err != nil {
		return err
	}
	if _, err := w.Write(raw); err != nil {
		return ledger.Errorf(ledger.EUNAVAILABLE, "could not save the message: %v", err)
	}
	return nil
}

func (o *creatorOutbox) onRetry(id int64) {
	o.u.sendMessage(func(sv *messages.Service) (messages.Result, error) { return sv.Retry(o.u.ctx, id, false) }, o.load)
}

func (o *creatorOutbox) onStatement() {
	o.u.sendMessage(func(sv *messages.Service) (messages.Result, error) { return sv.Statement(o.u.ctx, o.id, "", "") }, o.load)
}

// remitAfterPay sends the remittance advice of requests just paid (one
// message per creator) off the UI goroutine, when email is set up and the
// setting is on; a message not sent is said, with where to retry it.
func (u *ui) remitAfterPay(ids []int64) {
	sv, err := u.mailService()
	if err != nil || !sv.Config.Configured() || !sv.Config.Remittance || len(ids) == 0 {
		return
	}
	var out []messages.Outcome
	u.runStripe(func() { out = sv.AutoRemit(u.ctx, ids) }, func() {
		var failed []string
		for _, o := range out {
			if o.Err != nil {
				failed = append(failed, ledger.ErrorMessage(o.Err))
			}
		}
		if len(failed) > 0 {
			u.showError(ledger.Errorf(ledger.EUNAVAILABLE, "the payments are recorded, but %d remittance advice(s) were not sent (retry from the creator's Messages): %s",
				len(failed), strings.Join(failed, "; ")))
		}
		u.changed()
	})
}
