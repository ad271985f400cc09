package messages

import (
	"context"
	"fmt"
	"os"
	"strings"

	"github.com/payouts/payouts/ledger"
)

// Service writes messages from the ledger and sends them through the
// outbox.
type Service struct {
	Store    *ledger.Store
	Config   Config
	Settings map[string]string // the ledger's settings: templates
	// Link, when set, returns a creator's personal Stripe onboarding link
	// for a payment request to a creator with missing payout details.
	Link func(ctx context.Context, c ledger.Creator) (string, error)
	// EML, when set, is where messages are saved instead of sent: an .eml
	// file to send from the brand's own mail program. Nothing is recorded.
	EML string
}

// NewService loads the settings and the password.
func NewService(ctx context.Context, s *ledger.Store, keys *Keys) (*Service, error) {
	settings, err := s.SettingsWithPrefix(ctx, "mail.")
	if err != nil {
		return nil, err
	}
	c, err := Load(settings, keys)
	if err != nil {
		return nil, err
	}
	return &Service{Store: s, Config: c, Settings: settings}, nil
}

// Result is what became of one message.
type Result struct {
	ID    int64  // the outbox ID (0 when saved as .eml)
	To    string // the recipient
	Sent  bool
	Reply string // the server's reply, or why it failed
	EML   string // the file it was saved to
}

// draft is a message before it is recorded.
type draft struct {
	ledger.OutboxInput
	files []Attachment
}

func (sv *Service) recipient(ctx context.Context, creatorID int64) (ledger.Creator, error) {
	c, err := sv.Store.Creator(ctx, creatorID)
	if err != nil {
		return c, err
	}
	if strings.TrimSpace(c.Email) == "" {
		return c, ledger.Errorf(ledger.EINVALID, "%s has no email address: add one (payouts creator edit --email) and send again", c.Name)
	}
	return c, nil
}

func (sv *Service) data(creator string) Data {
	return Data{Brand: sv.Config.Brand, ReplyTo: sv.Config.ReplyTo, Creator: creator}
}

// finish renders, composes and delivers (or saves) a draft.
func (sv *Service) finish(ctx context.Context, d *draft, c ledger.Creator, data Data) (Result, error) {
	r, err := TemplateFor(d.Kind, sv.Settings).Render(data)
	if err != nil {
		return Result{}, err
	}
	raw, err := Compose(sv.Config, c.Name, strings.TrimSpace(c.Email), r, sv.Store.Now(), d.files...)
	if err != nil {
		return Result{}, err
	}
	d.To, d.ToName, d.Subject, d.Message, d.CreatorID = strings.TrimSpace(c.Email), c.Name, r.Subject, raw, c.ID
	if sv.EML != "" {
		if err := os.WriteFile(sv.EML, raw, 0o600); err != nil {
			return Result{}, ledger.Errorf(ledger.EUNAVAILABLE, "could not save %s: %v", sv.EML, err)
		}
		return Result{To: d.To, EML: sv.EML}, nil
	}
	id, err := sv.Store.RecordMessage(ctx, d.OutboxInput)
	if err != nil {
		return Result{}, err
	}
	return sv.deliver(ctx, id, false)
}

// deliver claims a recorded message, sends it and records the outcome.
func (sv *Service) deliver(ctx context.Context, id int64, force bool) (Result, error) {
	e, raw, err := sv.Store.ClaimMessage(ctx, id, force)
	if err != nil {
		return Result{ID: id}, err
	}
	res := Result{ID: id, To: e.To}
	reply, sendErr := Send(ctx, sv.Config, e.To, raw)
	if sendErr != nil {
		res.Reply = ledger.ErrorMessage(sendErr)
	} else {
		res.Sent, res.Reply = true, reply
	}
	// The outcome is recorded even when the caller gave up waiting.
	if err := sv.Store.MarkMessage(context.WithoutCancel(ctx), id, res.Sent, res.Reply); err != nil {
		return res, err
	}
	if sendErr != nil {
		return res, fmt.Errorf("message %d: %w", id, sendErr)
	}
	return res, nil
}

// Retry sends a failed (or, with force, an interrupted) message again.
func (sv *Service) Retry(ctx context.Context, id int64, force bool) (Result, error) {
	return sv.deliver(ctx, id, force)
}

// PaymentRequest tells a deal's creator what was agreed and what they will
// be paid, and how to give their payout details when they are missing.
func (sv *Service) PaymentRequest(ctx context.Context, dealID int64) (Result, error) {
	return sv.paymentRequest(ctx, dealID, ledger.Request{})
}

// PaymentRequestFor is the payment request of one payout request: the
// amount is the request's.
func (sv *Service) PaymentRequestFor(ctx context.Context, requestID int64) (Result, error) {
	r, err := sv.Store.Request(ctx, requestID)
	if err != nil {
		return Result{}, err
	}
	if r.Status != ledger.StatusRequested {
		return Result{}, ledger.Errorf(ledger.EINVALID, "payout request %d is %s: a payment request is for one still to be paid", requestID, r.Status)
	}
	return sv.paymentRequest(ctx, r.DealID, r)
}

func (sv *Service) paymentRequest(ctx context.Context, dealID int64, req ledger.Request) (Result, error) {
	d, err := sv.Store.Deal(ctx, dealID)
	if err != nil {
		return Result{}, err
	}
	c, err := sv.recipient(ctx, d.CreatorID)
	if err != nil {
		return Result{}, err
	}
	fees, err := sv.Store.Fees(ctx, dealID)
	if err != nil {
		return Result{}, err
	}
	var agreed []string
	for _, f := range fees {
		if f.Status == ledger.FeeConfirmed {
			agreed = append(agreed, "a fixed fee of "+ledger.Display(f.Amount, f.Currency))
		}
	}
	if d.Rule.Value != 0 {
		agreed = append(agreed, "commission of "+d.Rule.String(d.Currency))
	}
	if len(agreed) == 0 {
		return Result{}, ledger.Errorf(ledger.EINVALID, "deal %d has no confirmed fee or commission to tell %s about", dealID, c.Name)
	}
	data := sv.data(c.Name)
	data.Campaign, data.DealID, data.Currency = d.CampaignName, d.ID, d.Currency
	data.Agreed = strings.Join(agreed, " and ")
	data.Amount = ledger.Display(d.Remaining(), d.Currency)
	if req.ID != 0 {
		data.Amount = ledger.Display(req.Amount, req.Currency)
	}
	// A Stripe account whose onboarding is unfinished counts as details on
	// file for the ledger, but cannot be paid: the creator still has to act.
	stripePending := d.StripeAccount != "" && !d.StripeReady && strings.TrimSpace(c.PayoutDetails) == ""
	data.NeedsDetails = !d.PayeeReady || stripePending
	if d.StripeAccount != "" {
		c.StripeAccount = d.StripeAccount // the deal's own account, when it has one
	}
	if data.NeedsDetails && sv.Link != nil && c.StripeAccount != "" {
		if data.Link, err = sv.Link(ctx, c); err != nil {
			return Result{}, err
		}
	}
	return sv.finish(ctx, &draft{OutboxInput: ledger.OutboxInput{Kind: ledger.MessageRequest, DealID: d.ID, RequestID: req.ID}}, c, data)
}

// Remittance tells a creator a payout request was paid.
func (sv *Service) Remittance(ctx context.Context, requestID int64) (Result, error) {
	return sv.remittance(ctx, []int64{requestID})
}

// remittance is one advice for requests of one creator paid together.
func (sv *Service) remittance(ctx context.Context, ids []int64) (Result, error) {
	var c ledger.Creator
	var data Data
	var first ledger.Request
	total, currency := int64(0), ""
	for i, id := range ids {
		r, err := sv.Store.Request(ctx, id)
		if err != nil {
			return Result{}, err
		}
		if r.Status != ledger.StatusPaid {
			return Result{}, ledger.Errorf(ledger.EINVALID, "payout request %d is %s, not paid: no remittance advice to send", id, r.Status)
		}
		d, err := sv.Store.Deal(ctx, r.DealID)
		if err != nil {
			return Result{}, err
		}
		if i == 0 {
			if c, err = sv.recipient(ctx, r.CreatorID); err != nil {
				return Result{}, err
			}
			first, data, currency = r, sv.data(c.Name), r.Currency
		} else if r.CreatorID != c.ID {
			return Result{}, ledger.Errorf(ledger.EINVALID, "payout requests %d and %d are for different creators: one advice each", ids[0], id)
		}
		if r.Currency != currency {
			currency = ""
		}
		total += r.Amount
		p := Payment{Request: r.ID, Campaign: r.CampaignName, Amount: ledger.Display(r.Amount, r.Currency), Date: r.PaidDate,
			Method: ledger.MethodLabel(r.Method), Reference: r.Reference, Remaining: ledger.Display(d.Remaining(), d.Currency)}
		if p.Reference == "" {
			p.Reference = fmt.Sprintf("payout request %d", r.ID)
		}
		data.Payments = append(data.Payments, p)
	}
	p := data.Payments[0]
	data.Campaign, data.DealID, data.Currency = p.Campaign, first.DealID, first.Currency
	data.Amount, data.Date, data.Method, data.Reference, data.Remaining = p.Amount, p.Date, p.Method, p.Reference, p.Remaining
	if len(ids) > 1 {
		data.Amount = fmt.Sprintf("%d payments", len(ids))
		if currency != "" {
			data.Amount = ledger.Display(total, currency)
		}
	}
	return sv.finish(ctx, &draft{OutboxInput: ledger.OutboxInput{Kind: ledger.MessageRemittance, DealID: first.DealID, RequestID: first.ID, Requests: ids[1:]}}, c, data)
}

// AutoRemit sends the remittance advice of requests just paid, one message
// per creator, when an SMTP server is set up and the setting is on; it
// does nothing otherwise. A request whose advice is already in the outbox
// (a payment replayed with its operation ID) is skipped. The payments
// stand whatever happens here.
func (sv *Service) AutoRemit(ctx context.Context, ids []int64) []Outcome {
	if !sv.Config.Configured() || !sv.Config.Remittance {
		return nil
	}
	var order []int64
	byCreator := map[int64][]int64{}
	var out []Outcome
	for _, id := range ids {
		if prev, err := sv.Store.Outbox(ctx, ledger.OutboxQuery{RequestID: id, Kind: ledger.MessageRemittance}); err != nil || len(prev) > 0 {
			continue
		}
		r, err := sv.Store.Request(ctx, id)
		if err != nil {
			out = append(out, Outcome{Err: err})
			continue
		}
		if _, ok := byCreator[r.CreatorID]; !ok {
			order = append(order, r.CreatorID)
		}
		byCreator[r.CreatorID] = append(byCreator[r.CreatorID], id)
	}
	for _, cr := range order {
		res, err := sv.remittance(ctx, byCreator[cr])
		out = append(out, Outcome{Result: res, Err: err})
	}
	return out
}

// Outcome is one message of a batch and its error (nil when sent).
type Outcome struct {
	Result
	Err error
}

// Statement sends a creator every transaction of their deals between from
// and to (YYYY-MM-DD, inclusive; "" for open), with each deal's remaining
// balance after it, in the body and as an attached workbook.
func (sv *Service) Statement(ctx context.Context, creatorID int64, from, to string) (Result, error) {
	f := ledger.ExportFilter{From: from, To: to}
	if err := f.Validate(); err != nil {
		return Result{}, err
	}
	c, err := sv.recipient(ctx, creatorID)
	if err != nil {
		return Result{}, err
	}
	hist, err := sv.Store.History(ctx, ledger.HistoryQuery{CreatorID: creatorID})
	if err != nil {
		return Result{}, err
	}
	data := sv.data(c.Name)
	data.From, data.To = f.From, f.To
	var rows []ledger.HistoryLine
	for i := len(hist) - 1; i >= 0; i-- { // History is newest first
		h := hist[i]
		if (f.From != "" && h.Date < f.From) || (f.To != "" && h.Date > f.To) || h.Signed() == 0 {
			continue
		}
		rows = append(rows, h)
		data.Lines = append(data.Lines, Line{Date: h.Date, Campaign: h.CampaignName, What: ledger.KindLabel(h.Kind),
			Amount: ledger.Display(h.Signed(), h.Currency), Remaining: ledger.Display(h.Remaining, h.Currency)})
	}
	xlsx, err := statementWorkbook(c.Name, rows)
	if err != nil {
		return Result{}, err
	}
	name := "statement"
	if f.From != "" || f.To != "" {
		name += "-" + f.From + "-" + f.To
	}
	return sv.finish(ctx, &draft{OutboxInput: ledger.OutboxInput{Kind: ledger.MessageStatement},
		files: []Attachment{{Name: name + ".xlsx", Data: xlsx}}}, c, data)
}

// Test sends the test message of Settings to an address.
func (sv *Service) Test(ctx context.Context, to string) (Result, error) {
	c := ledger.Creator{Email: to}
	return sv.finish(ctx, &draft{OutboxInput: ledger.OutboxInput{Kind: ledger.MessageTest}}, c, sv.data(""))
}
