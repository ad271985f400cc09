package messages_test

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/payouts/payouts/ledger"
	"github.com/payouts/payouts/messages"
	"github.com/payouts/payouts/messages/mailpittest"
)

var ctx = context.Background()

const secret = "s3cret-smtp-pass"

type fixture struct {
	s             *ledger.Store
	creator, deal int64
}

// newFixture is a creator whose name has a comma and non-ASCII letters,
// with a deal of a confirmed 1,250.00 EUR fee and no payout details.
func newFixture(t *testing.T, email string) fixture {
	t.Helper()
	s, err := ledger.Open(filepath.Join(t.TempDir(), "l.payouts"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	cr, err := s.AddCreator(ctx, ledger.CreatorInput{Name: "Silva, Ana Lúcia", Email: email})
	if err != nil {
		t.Fatal(err)
	}
	ca, _ := s.AddCampaign(ctx, ledger.CampaignInput{Name: "Été <Launch>"})
	deal, err := s.AddDeal(ctx, ledger.DealInput{CreatorID: cr, CampaignID: ca, Currency: "EUR", Rule: ledger.Rule{Kind: ledger.RulePercent, Value: 1000}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.AddFee(ctx, ledger.FeeInput{DealID: deal, Amount: 125000, Confirm: true}); err != nil {
		t.Fatal(err)
	}
	return fixture{s, cr, deal}
}

func service(t *testing.T, f fixture, url string) *messages.Service {
	t.Helper()
	t.Setenv("PAYOUTS_SMTP_URL", url)
	t.Setenv("PAYOUTS_SMTP_PASSWORD", secret)
	t.Setenv("PAYOUTS_MAIL_FROM", "Brand Co <pay@brand.example>")
	if err := f.s.SetSetting(ctx, messages.SettingBrand, "Brand Co"); err != nil {
		t.Fatal(err)
	}
	if err := f.s.SetSetting(ctx, messages.SettingReplyTo, "finance@brand.example"); err != nil {
		t.Fatal(err)
	}
	sv, err := messages.NewService(ctx, f.s, &messages.Keys{})
	if err != nil {
		t.Fatal(err)
	}
	return sv
}

func TestTemplates(t *testing.T) {
	d := messages.Data{Brand: "Brand Co", ReplyTo: "r@b.example", Creator: "Zoë <O'Brien>", Campaign: "Été", DealID: 7,
		Agreed: "a fixed fee of 1.00 EUR", Amount: "1.00 EUR", Currency: "EUR", Date: "2026-01-02", Method: "Bank transfer",
		Reference: "REF-1", Remaining: "0.00 EUR", NeedsDetails: true, Link: "https://connect.stripe.com/x",
		From: "2026-01-01", To: "2026-01-31", Payments: []messages.Payment{{Request: 1, Campaign: "Été", Amount: "1.00 EUR", Date: "2026-01-02", Method: "Bank transfer", Reference: "REF-1", Remaining: "0.00 EUR"}}, Lines: []messages.Line{{Date: "2026-01-02", Campaign: "Été", What: "Paid", Amount: "-1.00 EUR", Remaining: "0.00 EUR"}}}
	want := map[string][]string{
		ledger.MessageRequest:    {"Brand Co", "Zoë", "Été", "1.00 EUR", "a fixed fee of 1.00 EUR", "https://connect.stripe.com/x", "do not forward it"},
		ledger.MessageRemittance: {"Zoë", "2026-01-02", "Bank transfer", "REF-1", "0.00 EUR"},
		ledger.MessageStatement:  {"Zoë", "2026-01-01", "2026-01-31", "-1.00 EUR", "Paid"},
		ledger.MessageTest:       {"Brand Co"},
	}
	for kind, words := range want {
		t.Run(kind, func(t *testing.T) {
			r, err := messages.TemplateFor(kind, nil).Render(d)
			if err != nil {
				t.Fatal(err)
			}
			for _, w := range words {
				if !strings.Contains(r.Subject+r.Text, w) {
					t.Errorf("text part lacks %q:\n%s\n%s", w, r.Subject, r.Text)
				}
			}
			if strings.Contains(r.HTML, "<O'Brien>") || (kind != ledger.MessageTest && !strings.Contains(r.HTML, "Zoë &lt;O&#39;Brien&gt;")) {
				t.Errorf("HTML does not escape the name:\n%s", r.HTML)
			}
		})
	}
	t.Run("NoDetailsNoLink", func(t *testing.T) {
		d := d
		d.Link = ""
		r, _ := messages.TemplateFor(ledger.MessageRequest, nil).Render(d)
		if !strings.Contains(r.Text, "Reply to this message with your bank account") || strings.Contains(r.Text, "forward") {
			t.Fatalf("text = %s", r.Text)
		}
	})
	t.Run("Override", func(t *testing.T) {
		r, err := messages.TemplateFor(ledger.MessageTest, map[string]string{"mail.template.test.subject": "Hi {{.Brand}}\nBcc: x@y"}).Render(d)
		if err != nil || r.Subject != "Hi Brand Co Bcc: x@y" {
			t.Fatalf("subject = %q, %v", r.Subject, err)
		}
	})
	t.Run("ErrUnknownPlaceholder", func(t *testing.T) {
		_, err := messages.TemplateFor(ledger.MessageTest, map[string]string{"mail.template.test.text": "{{.Nope}}"}).Render(d)
		if ledger.ErrorCode(err) != ledger.EINVALID || strings.Contains(err.Error(), "\n") {
			t.Fatalf("err = %v", err)
		}
	})
}

func TestParseURL(t *testing.T) {
	for _, tc := range []struct {
		url, host, tls, user string
		port                 int
		err                  bool
	}{
		{"smtp://u@mail.example:2525?tls=none", "mail.example", "none", "u", 2525, false},
		{"smtp://mail.example", "mail.example", "starttls", "", 587, false},
		{"smtp://u@mail.example?tls=tls", "mail.example", "tls", "u", 465, false},
		{"smtp://u:pw@mail.example", "", "", "", 0, true},
		{"http://mail.example", "", "", "", 0, true},
		{"smtp://mail.example?tls=ssl3", "", "", "", 0, true},
	} {
		var c messages.Config
		err := c.ParseURL(tc.url)
		if (err != nil) != tc.err || (!tc.err && (c.Host != tc.host || c.TLS != tc.tls || c.User != tc.user || c.Port != tc.port)) {
			t.Errorf("%s: got %+v, %v", tc.url, c, err)
		}
		if err != nil && strings.Contains(err.Error(), "pw") {
			t.Errorf("%s: error shows the password: %v", tc.url, err)
		}
	}
}

func TestMessagesEndToEnd(t *testing.T) {
	mp := mailpittest.Start(t)
	f := newFixture(t, "ana@creator.example")
	sv := service(t, f, mp.URL())

	res, err := sv.PaymentRequest(ctx, f.deal)
	if err != nil || !res.Sent || res.ID == 0 {
		t.Fatalf("request: %+v, %v", res, err)
	}
	req, err := f.s.RequestPayout(ctx, ledger.RequestInput{DealID: f.deal, Amount: 50000})
	if err != nil {
		t.Fatal(err)
	}
	if res, err := sv.PaymentRequestFor(ctx, req); err != nil || !res.Sent {
		t.Fatalf("request for a payout request: %+v, %v", res, err)
	}
	// The creator replied with their bank details.
	if err := f.s.UpdateCreator(ctx, f.creator, ledger.CreatorInput{Name: "Silva, Ana Lúcia", Email: "ana@creator.example", PayoutDetails: "IBAN PT50"}); err != nil {
		t.Fatal(err)
	}
	if err := f.s.PayOffline(ctx, ledger.PayInput{RequestID: req, Method: "bank", Reference: "WIRE-77"}); err != nil {
		t.Fatal(err)
	}
	if res, err := sv.Remittance(ctx, req); err != nil || !res.Sent {
		t.Fatalf("remittance: %+v, %v", res, err)
	}
	if res, err := sv.Statement(ctx, f.creator, "", ""); err != nil || !res.Sent {
		t.Fatalf("statement: %+v, %v", res, err)
	}

	got := mp.Messages(t)
	if len(got) != 4 {
		t.Fatalf("%d messages arrived, want 4", len(got))
	}
	bySubject := map[string]mailpittest.Message{}
	for _, m := range got {
		if len(m.To) != 1 || m.To[0].Address != "ana@creator.example" || m.To[0].Name != "Silva, Ana Lúcia" {
			t.Errorf("%s: To = %+v", m.Subject, m.To)
		}
		if m.From.Address != "pay@brand.example" || len(m.ReplyTo) != 1 || m.ReplyTo[0].Address != "finance@brand.example" {
			t.Errorf("%s: From %+v Reply-To %+v", m.Subject, m.From, m.ReplyTo)
		}
		if m.Text == "" || m.HTML == "" {
			t.Errorf("%s: a part is empty: text %q html %q", m.Subject, m.Text, m.HTML)
		}
		if raw := mp.Raw(t, m.ID); strings.Contains(raw, secret) {
			t.Errorf("%s: the SMTP password is in the message", m.Subject)
		}
		bySubject[m.Subject] = m
	}
	rq := bySubject["Brand Co: payment of €1,250.00 for Été <Launch>"]
	if !strings.Contains(rq.Text, "a fixed fee of €1,250.00") || !strings.Contains(rq.Text, "Reply to this message with your bank account") ||
		!strings.Contains(rq.HTML, "Été &lt;Launch&gt;") {
		t.Errorf("payment request: %+v (subjects %v)", rq, keys(bySubject))
	}
	rm := bySubject["Brand Co: €500.00 sent to you"]
	if !strings.Contains(rm.Text, "WIRE-77") || !strings.Contains(rm.Text, "Still to be paid on this deal: €750.00") {
		t.Errorf("remittance: %q (subjects %v)", rm.Text, keys(bySubject))
	}
	if _, ok := bySubject["Brand Co: payment of €500.00 for Été <Launch>"]; !ok {
		t.Errorf("no payment request of the payout request's amount (subjects %v)", keys(bySubject))
	}
	st := bySubject["Brand Co: your statement"]
	if len(st.Attachments) != 1 || !strings.HasSuffix(st.Attachments[0].FileName, ".xlsx") {
		t.Fatalf("statement attachments = %+v (subjects %v)", st.Attachments, keys(bySubject))
	}
	x, err := excelize.OpenReader(bytes.NewReader(mp.Part(t, st.ID, st.Attachments[0].PartID)))
	if err != nil {
		t.Fatalf("attachment does not open: %v", err)
	}
	rows, _ := x.GetRows("Statement")
	if len(rows) < 4 || rows[len(rows)-1][3] != ledger.KindLabel(ledger.KindPaid) || rows[len(rows)-1][5] != "750" {
		t.Errorf("statement rows = %q", rows)
	}
	if !strings.Contains(st.HTML, "<td align=\"right\">-€500.00</td>") {
		t.Errorf("statement HTML lacks the payment: %s", st.HTML)
	}

	list, _ := f.s.Outbox(ctx, ledger.OutboxQuery{CreatorID: f.creator})
	if len(list) != 4 {
		t.Fatalf("outbox = %+v", list)
	}
	for _, e := range list {
		if e.Status != ledger.OutboxSent || e.Attempts != 1 {
			t.Errorf("outbox entry %+v", e)
		}
	}
}

func keys(m map[string]mailpittest.Message) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	return out
}

func TestMessageFaults(t *testing.T) {
	mp := mailpittest.Start(t, "--smtp-allowed-recipients", `^ana@creator\.example$`)

	t.Run("ServerDownThenRetry", func(t *testing.T) {
		f := newFixture(t, "ana@creator.example")
		down := mailpittest.FreeURL(t) // nothing listens there
		sv := service(t, f, down)
		before := len(mp.Messages(t))
		res, err := sv.PaymentRequest(ctx, f.deal)
		if err == nil || res.Sent || res.ID == 0 || strings.Contains(err.Error(), "\n") || !strings.Contains(err.Error(), "could not connect to the SMTP server") {
			t.Fatalf("down: %+v, %v", res, err)
		}
		e, _, _ := f.s.OutboxMessage(ctx, res.ID)
		if e.Status != ledger.OutboxFailed || !strings.Contains(e.Reply, "could not connect") {
			t.Fatalf("outbox after failure: %+v", e)
		}
		sv = service(t, f, mp.URL())
		if r, err := sv.Retry(ctx, res.ID, false); err != nil || !r.Sent {
			t.Fatalf("retry: %+v, %v", r, err)
		}
		if _, err := sv.Retry(ctx, res.ID, false); ledger.ErrorCode(err) != ledger.ECONFLICT {
			t.Fatalf("second retry: %v", err)
		}
		if n := len(mp.Messages(t)) - before; n != 1 {
			t.Fatalf("%d messages arrived, want 1", n)
		}
	})
	t.Run("RefusedRecipient", func(t *testing.T) {
		f := newFixture(t, "bob@creator.example")
		sv := service(t, f, mp.URL())
		res, err := sv.PaymentRequest(ctx, f.deal)
		if err == nil || res.Sent || !strings.Contains(err.Error(), "refused the recipient bob@creator.example") || !strings.Contains(err.Error(), "5") {
			t.Fatalf("refused: %+v, %v", res, err)
		}
		e, _, _ := f.s.OutboxMessage(ctx, res.ID)
		if e.Status != ledger.OutboxFailed || !strings.Contains(e.Reply, "55") {
			t.Fatalf("outbox: %+v", e)
		}
	})
	t.Run("CrashBetweenRecordAndSend", func(t *testing.T) {
		f := newFixture(t, "ana@creator.example")
		sv := service(t, f, mp.URL())
		before := len(mp.Messages(t))
		// The program stopped right after recording: the entry is queued.
		saved := filepath.Join(t.TempDir(), "m.eml")
		sv.EML = saved
		if _, err := sv.PaymentRequest(ctx, f.deal); err != nil {
			t.Fatal(err)
		}
		raw := readFile(t, saved)
		id, err := f.s.RecordMessage(ctx, ledger.OutboxInput{Kind: ledger.MessageRequest, To: "ana@creator.example", Subject: "s", CreatorID: f.creator, DealID: f.deal, Message: raw})
		if err != nil {
			t.Fatal(err)
		}
		sv.EML = ""
		if r, err := sv.Retry(ctx, id, false); err != nil || !r.Sent {
			t.Fatalf("retry: %+v, %v", r, err)
		}
		// Stopped after claiming, before the reply: not sent again unasked.
		id2, _ := f.s.RecordMessage(ctx, ledger.OutboxInput{Kind: ledger.MessageRequest, To: "ana@creator.example", Subject: "s", CreatorID: f.creator, DealID: f.deal, Message: raw})
		if _, _, err := f.s.ClaimMessage(ctx, id2, false); err != nil {
			t.Fatal(err)
		}
		if _, err := sv.Retry(ctx, id2, false); ledger.ErrorCode(err) != ledger.ECONFLICT {
			t.Fatalf("interrupted retry: %v", err)
		}
		if n := len(mp.Messages(t)) - before; n != 1 {
			t.Fatalf("%d messages arrived, want 1", n)
		}
	})
	t.Run("ErrNoEmail", func(t *testing.T) {
		f := newFixture(t, "")
		sv := service(t, f, mp.URL())
		_, err := sv.PaymentRequest(ctx, f.deal)
		if ledger.ErrorCode(err) != ledger.EINVALID || err.Error() != "Silva, Ana Lúcia has no email address: add one (payouts creator edit --email) and send again" {
			t.Fatalf("err = %v", err)
		}
		if l, _ := f.s.Outbox(ctx, ledger.OutboxQuery{}); len(l) != 0 {
			t.Fatalf("outbox = %+v", l)
		}
	})
	t.Run("NoSMTP", func(t *testing.T) {
		f := newFixture(t, "ana@creator.example")
		sv := service(t, f, "")
		res, err := sv.PaymentRequest(ctx, f.deal)
		if err == nil || res.Sent || !strings.Contains(err.Error(), "no SMTP server is set up") {
			t.Fatalf("%+v, %v", res, err)
		}
		if e, _, _ := f.s.OutboxMessage(ctx, res.ID); e.Status != ledger.OutboxFailed {
			t.Fatalf("outbox: %+v", e)
		}
	})
}

func readFile(t *testing.T, p string) []byte {
	t.Helper()
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// A batch paid together: one advice per creator, listing each payment;
// the same payments again (a replayed operation) send nothing.
func TestAutoRemitBatch(t *testing.T) {
	mp := mailpittest.Start(t)
	f := newFixture(t, "ana@creator.example")
	sv := service(t, f, mp.URL())
	if err := f.s.UpdateCreator(ctx, f.creator, ledger.CreatorInput{Name: "Silva, Ana Lúcia", Email: "ana@creator.example", PayoutDetails: "IBAN"}); err != nil {
		t.Fatal(err)
	}
	var ids []int64
	for i, ref := range []string{"W-1", "W-2"} {
		id, err := f.s.RequestPayout(ctx, ledger.RequestInput{DealID: f.deal, Amount: int64(10000 * (i + 1))})
		if err != nil {
			t.Fatal(err)
		}
		if err := f.s.PayOffline(ctx, ledger.PayInput{RequestID: id, Method: "bank", Reference: ref}); err != nil {
			t.Fatal(err)
		}
		ids = append(ids, id)
	}
	out := sv.AutoRemit(ctx, ids)
	if len(out) != 1 || out[0].Err != nil || !out[0].Sent {
		t.Fatalf("outcomes = %+v", out)
	}
	if again := sv.AutoRemit(ctx, ids); len(again) != 0 {
		t.Fatalf("replay sent %+v", again)
	}
	got := mp.Messages(t)
	if len(got) != 1 || got[0].Subject != "Brand Co: €300.00 sent to you" || !strings.Contains(got[0].Text, "W-1") || !strings.Contains(got[0].Text, "W-2") ||
		!strings.Contains(got[0].Text, "Still to be paid on this deal: €950.00") {
		t.Fatalf("arrived: %+v", got)
	}
	sv.Config.Remittance = false
	if out := sv.AutoRemit(ctx, []int64{ids[0]}); out != nil {
		t.Fatalf("with the setting off: %+v", out)
	}
}

// A server that accepts the connection and never answers: the send gives
// up after Timeout, and the entry is failed, not left sending.
func TestMessageServerTimeout(t *testing.T) {
	addr := mailpittest.Silent(t)
	old := messages.Timeout
	messages.Timeout = time.Second
	defer func() { messages.Timeout = old }()
	f := newFixture(t, "ana@creator.example")
	sv := service(t, f, "smtp://u@"+addr+"?tls=none")
	start := time.Now()
	res, err := sv.PaymentRequest(ctx, f.deal)
	if err == nil || res.Sent || time.Since(start) > 10*time.Second {
		t.Fatalf("silent server: %+v, %v after %v", res, err, time.Since(start))
	}
	if e, _, _ := f.s.OutboxMessage(ctx, res.ID); e.Status != ledger.OutboxFailed || e.Reply == "" {
		t.Fatalf("outbox: %+v", e)
	}
}

// A creator invited to Stripe who has not finished onboarding gets their
// personal link, with the warning not to forward it.
func TestPaymentRequestStripeLink(t *testing.T) {
	mp := mailpittest.Start(t)
	f := newFixture(t, "ana@creator.example")
	if err := f.s.AddCreatorAccount(ctx, "", f.creator, "acct_ana0001"); err != nil {
		t.Fatal(err)
	}
	sv := service(t, f, mp.URL())
	asked := ""
	sv.Link = func(_ context.Context, c ledger.Creator) (string, error) {
		asked = c.StripeAccount
		return "https://connect.stripe.com/setup/e/acct_ana0001/xyz", nil
	}
	if res, err := sv.PaymentRequest(ctx, f.deal); err != nil || !res.Sent {
		t.Fatalf("%+v, %v", res, err)
	}
	got := mp.Messages(t)
	if asked != "acct_ana0001" || len(got) != 1 || !strings.Contains(got[0].Text, "https://connect.stripe.com/setup/e/acct_ana0001/xyz") ||
		!strings.Contains(got[0].Text, "do not forward it") || !strings.Contains(got[0].HTML, `href="https://connect.stripe.com/setup/e/acct_ana0001/xyz"`) {
		t.Fatalf("asked %q; arrived %+v", asked, got)
	}
}
