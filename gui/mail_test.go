package gui

import (
	"context"
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"
	"github.com/zalando/go-keyring"

	"github.com/payouts/payouts/ledger"
	"github.com/payouts/payouts/messages"
	"github.com/payouts/payouts/messages/mailpittest"
)

// From the app: Settings saves the SMTP fields (the password to the
// keychain) and sends a test message; the deal page sends a payment
// request; the creator's Messages tab lists both kinds, retries a failed
// one and sends a statement. Each arrives at a real SMTP server.
func TestMailFromTheApp(t *testing.T) {
	keyring.MockInit()
	mp := mailpittest.Start(t)
	s := mustOpen(t)
	ctx := context.Background()
	cr, err := s.AddCreator(ctx, ledger.CreatorInput{Name: "Zoë, Studio", Email: "zoe@creator.example"})
	must(t, err)
	ca, _ := s.AddCampaign(ctx, ledger.CampaignInput{Name: "Spring"})
	deal, err := s.AddDeal(ctx, ledger.DealInput{CreatorID: cr, CampaignID: ca, Currency: "USD", Rule: ledger.Rule{Kind: ledger.RulePercent, Value: 1000}})
	must(t, err)
	_, err = s.AddFee(ctx, ledger.FeeInput{DealID: deal, Amount: 40000, Confirm: true})
	must(t, err)
	t.Setenv("PAYOUTS_SMTP_URL", "")
	t.Setenv("PAYOUTS_SMTP_PASSWORD", "")
	t.Setenv("PAYOUTS_MAIL_FROM", "")

	u, _ := newTestUI(t, s)
	u.stripe.inline = true
	u.showScreen(screenSettings)
	m := u.settings.mail
	test.Type(m.host, "127.0.0.1")
	m.port.SetText(itoa(mp.SMTPPort))
	m.tls.SetSelected("none")
	test.Type(m.user, "brand")
	test.Type(m.password, "gui-smtp-secret")
	test.Type(m.from, "pay@brand.example")
	test.Type(m.brand, "Brand Co")
	m.onSave()
	if pw, _ := MailKeys.Get("brand"); pw != "gui-smtp-secret" || m.password.Text != "" {
		t.Fatalf("password %q kept, entry %q", pw, m.password.Text)
	}
	if v, _ := s.Setting(ctx, "mail.smtp.host"); v != "127.0.0.1" {
		t.Fatalf("host setting = %q", v)
	}
	settings, _ := s.SettingsWithPrefix(ctx, "")
	for k, v := range settings {
		if strings.Contains(v, "gui-smtp-secret") {
			t.Fatalf("the password is in the ledger setting %s", k)
		}
	}
	test.Type(m.to, "me@brand.example")
	test.Tap(m.testButton)

	u.openDeal(deal)
	test.Tap(u.dealPage.mailButton)

	arrived := mp.Messages(t)
	if got := arrived; len(got) != 2 || got[0].Subject != "Brand Co: payment of $400.00 for Spring" || got[0].To[0].Name != "Zoë, Studio" ||
		got[1].Subject != "Brand Co: test message" || got[1].To[0].Address != "me@brand.example" {
		t.Fatalf("arrived: %+v", arrived)
	}

	// A failed message (the server refused to be reached) is retried from
	// the creator's Messages tab.
	m.port.SetText(itoa(freeSMTPPort(t)))
	m.onSave()
	u.openDeal(deal)
	test.Tap(u.dealPage.mailButton)
	list, _ := s.Outbox(ctx, ledger.OutboxQuery{CreatorID: cr})
	if len(list) != 2 || list[0].Status != ledger.OutboxFailed {
		t.Fatalf("outbox after a failure: %+v", list)
	}
	m.port.SetText(itoa(mp.SMTPPort))
	m.onSave()
	u.showScreen(screenCreators)
	u.creators.openProfile(cr)
	o := u.creators.profile.outbox
	// The failed message saved as .eml is the payment request, whole.
	var eml strings.Builder
	must(t, o.writeEML(list[0].ID, &eml))
	if !strings.Contains(eml.String(), "Subject: Brand Co: payment of $400.00 for Spring") || !strings.Contains(eml.String(), "multipart/alternative") {
		t.Fatalf("eml = %.300s", eml.String())
	}
	b := o.retry[list[0].ID]
	if b == nil {
		t.Fatalf("no Retry beside the failed message; entries %+v", o.entries)
	}
	test.Tap(b)
	test.Tap(u.creators.profile.outbox.statement)
	if got := mp.Messages(t); len(got) != 4 || got[0].Subject != "Brand Co: your statement" || len(got[0].Attachments) != 1 ||
		got[1].Subject != "Brand Co: payment of $400.00 for Spring" {
		t.Fatalf("arrived: %+v", got)
	}
	o = u.creators.profile.outbox
	if len(o.entries) != 3 || len(o.retry) != 0 || o.entries[0].Kind != ledger.MessageStatement {
		t.Fatalf("Messages tab: %+v", o.entries)
	}
	for _, e := range o.entries {
		if e.Status != ledger.OutboxSent {
			t.Errorf("entry %+v", e)
		}
	}

	// Two requests paid offline together: one remittance advice.
	must(t, s.UpdateCreator(ctx, cr, ledger.CreatorInput{Name: "Zoë, Studio", Email: "zoe@creator.example", PayoutDetails: "IBAN"}))
	for _, a := range []int64{10000, 5000} {
		_, err := s.RequestPayout(ctx, ledger.RequestInput{DealID: deal, Amount: a})
		must(t, err)
	}
	u.showScreen(screenPayouts)
	q := u.payouts
	q.refresh()
	test.Tap(q.all)
	test.Tap(q.payOffline)
	of := q.payForm
	of.date.SetText("2026-03-20")
	of.together.SetChecked(false) // two transfers: a reference each
	test.Type(of.refs[0], "B-1")
	test.Type(of.refs[1], "B-2")
	test.Tap(of.dlg.submit)
	got := mp.Messages(t)
	if len(got) != 5 || got[0].Subject != "Brand Co: $150.00 sent to you" || !strings.Contains(got[0].Text, "B-1") || !strings.Contains(got[0].Text, "B-2") {
		t.Fatalf("after paying: %d messages, newest %+v", len(got), got[0])
	}
}

func freeSMTPPort(t *testing.T) int {
	url := mailpittest.FreeURL(t)
	i := strings.LastIndex(url, ":")
	j := strings.Index(url, "?")
	n := 0
	for _, c := range url[i+1 : j] {
		n = n*10 + int(c-'0')
	}
	return n
}

// Settings' template editor: the preview fills every placeholder, a
// broken template is refused with why, a saved subject is what the next
// message uses, and an emptied part returns to the default.
func TestMailTemplateEditor(t *testing.T) {
	s := mustOpen(t)
	u, _ := newTestUI(t, s)
	u.showScreen(screenSettings)
	m := u.settings.mail
	m.onTemplates()
	e := m.templates
	if !strings.Contains(e.preview.Text, "Hello Silva, Ana Lúcia") || !strings.Contains(e.preview.Text, "Subject: Brand Co: payment of $1,000.00 for Été launch") {
		t.Fatalf("preview = %q", e.preview.Text)
	}
	e.subject.SetText("{{.Nope}}")
	if !strings.Contains(e.preview.Text, "subject template") {
		t.Fatalf("preview of a broken template = %q", e.preview.Text)
	}
	if err := e.save(); ledger.ErrorCode(err) != ledger.EINVALID {
		t.Fatalf("save of a broken template: %v", err)
	}
	e.subject.SetText("Pay day for {{.Creator}}")
	test.Tap(e.dlg.submit)
	ctx := context.Background()
	if v, _ := s.Setting(ctx, "mail.template.request.subject"); v != "Pay day for {{.Creator}}" {
		t.Fatalf("saved subject = %q", v)
	}
	if v, _ := s.Setting(ctx, "mail.template.request.text"); v != "" {
		t.Fatalf("an unchanged part was saved: %q", v)
	}
	m.onTemplates()
	if m.templates.subject.Text != "Pay day for {{.Creator}}" {
		t.Fatalf("reopened subject = %q", m.templates.subject.Text)
	}
	m.templates.subject.SetText("")
	test.Tap(m.templates.dlg.submit)
	settings, _ := s.SettingsWithPrefix(ctx, "mail.template.")
	if got := messages.TemplateFor(ledger.MessageRequest, settings).Subject; got != messages.Defaults[ledger.MessageRequest].Subject {
		t.Fatalf("after emptying: %q", got)
	}
}
