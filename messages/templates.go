package messages

import (
	htmltemplate "html/template"
	"strings"
	texttemplate "text/template"

	"github.com/payouts/payouts/ledger"
)

// Data is what a template can use: {{.Creator}}, {{.Brand}}, {{.Amount}}...
type Data struct {
	Brand     string
	ReplyTo   string
	Creator   string
	Campaign  string
	DealID    int64
	Agreed    string // what was agreed: the deal's fees and commission rule
	Amount    string // "1,250.00 USD"
	Currency  string
	Date      string
	Method    string
	Reference string
	Remaining string // the deal's remaining balance after the payment
	// NeedsDetails is set when the creator's payout details are missing;
	// Link is their personal Stripe onboarding link, when there is one.
	NeedsDetails bool
	Link         string
	From, To     string // a statement's range
	Lines        []Line // a statement's transactions
	// Payments are a remittance advice's payments: one message per
	// creator for a batch paid together. Amount, Date, Method, Reference
	// and Remaining are the first one's.
	Payments []Payment
}

// Payment is one paid request of a remittance advice.
type Payment struct {
	Request                                              int64
	Campaign, Amount, Date, Method, Reference, Remaining string
}

// Line is one transaction of a statement.
type Line struct {
	Date, Campaign, What, Amount, Remaining string
}

// Template is one kind of message: subject, plain text and HTML.
type Template struct {
	Subject, Text, HTML string
}

// Defaults are the templates of each kind; Settings can replace any part
// (keys mail.template.<kind>.subject|text|html).
var Defaults = map[string]Template{
	ledger.MessageRequest: {
		Subject: `{{.Brand}}: payment of {{.Amount}} for {{.Campaign}}`,
		Text: `Hello {{.Creator}},

For {{.Campaign}} we agreed: {{.Agreed}}.
We will pay you {{.Amount}}.
{{if .NeedsDetails}}
We do not have your payout details yet.{{if .Link}} Enter them here:
{{.Link}}
This link is personal: do not forward it, because whoever completes it receives the money.{{else}} Reply to this message with your bank account (IBAN and account holder) or PayPal address.{{end}}
{{end}}
Thank you,
{{.Brand}}
`,
		HTML: `<p>Hello {{.Creator}},</p>
<p>For <b>{{.Campaign}}</b> we agreed: {{.Agreed}}.<br>We will pay you <b>{{.Amount}}</b>.</p>
{{if .NeedsDetails}}<p>We do not have your payout details yet.{{if .Link}} <a href="{{.Link}}">Enter them here</a>.<br>This link is personal: do not forward it, because whoever completes it receives the money.{{else}} Reply to this message with your bank account (IBAN and account holder) or PayPal address.{{end}}</p>{{end}}
<p>Thank you,<br>{{.Brand}}</p>
`,
	},
	ledger.MessageRemittance: {
		Subject: `{{.Brand}}: {{.Amount}} sent to you`,
		Text: `Hello {{.Creator}},
{{range .Payments}}
We sent you {{.Amount}} for {{.Campaign}}.
Date: {{.Date}}
Method: {{.Method}}
Reference: {{.Reference}}
Still to be paid on this deal: {{.Remaining}}
{{end}}
Thank you,
{{.Brand}}
`,
		HTML: `<p>Hello {{.Creator}},</p>
{{range .Payments}}<p>We sent you <b>{{.Amount}}</b> for <b>{{.Campaign}}</b>.</p>
<table><tr><td>Date</td><td>{{.Date}}</td></tr><tr><td>Method</td><td>{{.Method}}</td></tr><tr><td>Reference</td><td>{{.Reference}}</td></tr><tr><td>Still to be paid on this deal</td><td>{{.Remaining}}</td></tr></table>
{{end}}<p>Thank you,<br>{{.Brand}}</p>
`,
	},
	ledger.MessageStatement: {
		Subject: `{{.Brand}}: your statement{{if .From}} from {{.From}}{{end}}{{if .To}} to {{.To}}{{end}}`,
		Text: `Hello {{.Creator}},

Your statement{{if .From}} from {{.From}}{{end}}{{if .To}} to {{.To}}{{end}} ({{len .Lines}} transactions; the workbook is attached):
{{range .Lines}}
{{.Date}}  {{.Campaign}}  {{.What}}  {{.Amount}}  remaining {{.Remaining}}{{end}}

{{.Brand}}
`,
		HTML: `<p>Hello {{.Creator}},</p>
<p>Your statement{{if .From}} from {{.From}}{{end}}{{if .To}} to {{.To}}{{end}} (the workbook is attached):</p>
<table border="1" cellpadding="4"><tr><th>Date</th><th>Campaign</th><th>Transaction</th><th>Amount</th><th>Remaining</th></tr>
{{range .Lines}}<tr><td>{{.Date}}</td><td>{{.Campaign}}</td><td>{{.What}}</td><td align="right">{{.Amount}}</td><td align="right">{{.Remaining}}</td></tr>
{{end}}</table>
<p>{{.Brand}}</p>
`,
	},
	ledger.MessageTest: {
		Subject: `{{.Brand}}: test message`,
		Text:    "This is a test message from Payouts: the SMTP settings of {{.Brand}} work.\n",
		HTML:    "<p>This is a test message from Payouts: the SMTP settings of <b>{{.Brand}}</b> work.</p>\n",
	},
}

// Rendered is a message's three parts.
type Rendered struct {
	Subject, Text, HTML string
}

// TemplateFor returns the template of kind with the settings' overrides.
func TemplateFor(kind string, settings map[string]string) Template {
	t := Defaults[kind]
	if v := settings["mail.template."+kind+".subject"]; v != "" {
		t.Subject = v
	}
	if v := settings["mail.template."+kind+".text"]; v != "" {
		t.Text = v
	}
	if v := settings["mail.template."+kind+".html"]; v != "" {
		t.HTML = v
	}
	return t
}

// Render fills a template. The subject and text are plain text; the HTML
// part escapes every value, so a creator named <b> stays text.
func (t Template) Render(d Data) (Rendered, error) {
	var r Rendered
	var err error
	if r.Subject, err = renderText("subject", t.Subject, d); err != nil {
		return r, err
	}
	// A subject is one line: a placeholder holding a newline must not
	// start a new header.
	r.Subject = strings.Join(strings.Fields(r.Subject), " ")
	if r.Text, err = renderText("text", t.Text, d); err != nil {
		return r, err
	}
	ht, err := htmltemplate.New("html").Option("missingkey=error").Parse(t.HTML)
	if err != nil {
		return r, ledger.Errorf(ledger.EINVALID, "HTML template: %v", oneLine(err))
	}
	var b strings.Builder
	if err := ht.Execute(&b, d); err != nil {
		return r, ledger.Errorf(ledger.EINVALID, "HTML template: %v", oneLine(err))
	}
	r.HTML = b.String()
	return r, nil
}

func renderText(part, src string, d Data) (string, error) {
	tt, err := texttemplate.New(part).Option("missingkey=error").Parse(src)
	if err != nil {
		return "", ledger.Errorf(ledger.EINVALID, "%s template: %v", part, oneLine(err))
	}
	var b strings.Builder
	if err := tt.Execute(&b, d); err != nil {
		return "", ledger.Errorf(ledger.EINVALID, "%s template: %v", part, oneLine(err))
	}
	return b.String(), nil
}

func oneLine(err error) string { return strings.Join(strings.Fields(err.Error()), " ") }
