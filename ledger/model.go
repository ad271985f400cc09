package ledger

import (
	"strings"
	"time"
)

// Account names. The deal's own accounts are columns of its deal row; the
// brand's accounts are kept per currency.
const (
	AccScheduled = "scheduled" // fixed fees agreed, not yet confirmed
	AccHeld      = "held"      // commissions inside the hold window
	AccOwed      = "owed"      // payable, not yet requested
	AccRequested = "requested" // in the Payouts queue

	AccCommissionExpense = "commission_expense"
	AccFeeExpense        = "fee_expense"
	AccBonusExpense      = "bonus_expense"
	AccStripeCash        = "stripe_cash"
	AccOfflineCash       = "offline_cash"
)

// Transfer kinds: what happened, in the words of the history.
const (
	KindFee           = "fee"            // fee expense -> scheduled
	KindFeeConfirmed  = "fee_confirmed"  // scheduled -> owed
	KindFeeVoided     = "fee_voided"     // scheduled or owed -> fee expense
	KindBonus         = "bonus"          // bonus expense -> owed
	KindBonusVoided   = "bonus_voided"   // owed -> bonus expense
	KindCommission    = "commission"     // commission expense -> held
	KindRelease       = "release"        // held -> owed
	KindRefund        = "refund"         // held or owed -> commission expense
	KindRequest       = "request"        // owed -> requested
	KindRequestCancel = "request_cancel" // requested -> owed
	KindPaid          = "paid"           // requested -> cash
	KindPaidReversed  = "paid_reversed"  // cash -> owed: a payment undone
)

// Creator is a person the brand pays.
type Creator struct {
	ID            int64
	Name          string
	Email         string
	Handle        string
	Notes         string
	PayoutDetails string // offline: bank or PayPal details, as text
	StripeAccount string // Stripe connected account ID, when onboarded
	CreatedAt     time.Time
}

// PayeeReady reports whether the creator can be paid: some payout details
// are on file. Whitespace is not details; detailsOnFileSQL is the same rule.
func (c Creator) PayeeReady() bool {
	return !blank(c.PayoutDetails) || !blank(c.StripeAccount)
}

// blankChars are what a value made only of is blank: ASCII whitespace,
// which SQL's trim can be told exactly (strings.TrimSpace would also trim
// Unicode spaces SQL's trim keeps, and the two would disagree).
const blankChars = " \t\n\v\f\r"

func blank(s string) bool { return strings.Trim(s, blankChars) == "" }

// detailsOnFileSQL is PayeeReady over the creators row cr.
// It is 1 or 0, not a boolean, so that it sorts and compares as the same
// integer on SQLite and PostgreSQL.
const detailsOnFileSQL = `(CASE WHEN trim(cr.payout_details, ' ' || char(9, 10, 11, 12, 13)) <> '' OR trim(cr.stripe_account, ' ' || char(9, 10, 11, 12, 13)) <> '' THEN 1 ELSE 0 END)`

// PayoutDetailsMissing is what the app shows for a creator who cannot be
// paid yet, and how the ledger's refusal to pay one begins.
const PayoutDetailsMissing = "Payout details missing"

// ErrPayoutDetailsMissing is the refusal to pay creators with no payout
// details on file; the CLI and the GUI show the same message.
func ErrPayoutDetailsMissing(creators ...string) *Error {
	return Errorf(EINVALID, "%s for %s: add them in Creators (payouts creator edit --payout-details) before paying",
		PayoutDetailsMissing, strings.Join(creators, ", "))
}

// CreatorInput is what adding or editing a creator takes.
type CreatorInput struct {
	OpID          string `json:"-"`
	Name          string
	Email         string
	Handle        string
	Notes         string
	PayoutDetails string
	// Tax, when set, replaces the creator's tax data in the same
	// operation; nil leaves it as it is.
	Tax *TaxInfo `json:",omitempty"`
}

// Campaign groups deals: a launch, a season, a product line.
type Campaign struct {
	ID        int64
	Name      string
	Notes     string
	CreatedAt time.Time
}

// CampaignInput is what adding or editing a campaign takes.
type CampaignInput struct {
	OpID  string `json:"-"`
	Name  string
	Notes string
}

// Rule kinds of a deal's commission.
const (
	RulePercent  = "percent"   // Value in basis points of the order base
	RulePerOrder = "per_order" // Value in minor units per paying order
)

// Rule is how a deal earns commission on an order.
type Rule struct {
	Kind  string
	Value int64
}

// String reads "12.5% of orders" or "5.00 USD per order".
func (r Rule) String(currency string) string {
	if r.Kind == RulePercent {
		return BasisPoints(r.Value).String() + " of orders"
	}
	return Display(r.Value, currency) + " per order"
}

// Commission returns what an order with this base earns under the rule,
// rounded half up to the minor unit. A base of zero or less earns nothing.
func (r Rule) Commission(base int64) (int64, error) {
	if base <= 0 {
		return 0, nil
	}
	if r.Kind == RulePercent {
		return ApplyRate(base, BasisPoints(r.Value))
	}
	return r.Value, nil
}

// DefaultHoldDays is the return window commissions wait out by default.
const DefaultHoldDays = 30

// DealInput is what adding a deal takes.
type DealInput struct {
	OpID       string `json:"-"`
	CreatorID  int64
	CampaignID int64
	Currency   string
	Rule       Rule
	Codes      []string
	HoldDays   int
}

// Balances are a deal's (or a currency's) figures, in minor units.
type Balances struct {
	Scheduled  int64 // fixed fees agreed, not confirmed
	Held       int64 // commission inside the hold window
	Owed       int64 // payable, not requested; negative after a clawback
	Requested  int64 // in the queue
	Paid       int64 // paid out, by any method
	Commission int64 // commission earned, net of refunds
	Fees       int64 // fixed fees agreed, net of voids
	Bonuses    int64 // bonuses
	Revenue    int64 // order revenue attributed to the deal
}

// Remaining is what the brand still has to pay: held + owed + requested.
func (b Balances) Remaining() int64 { return b.remainingOf() }

// ConfirmedFees is the part of the fixed fees that is confirmed.
func (b Balances) ConfirmedFees() int64 { return b.Fees - b.Scheduled }

// Deal is one creator in one campaign in one currency, with its balances.
type Deal struct {
	ID           int64
	CreatorID    int64
	CreatorName  string
	CampaignID   int64
	CampaignName string
	Currency     string
	Rule         Rule
	HoldDays     int
	Codes        []string
	PayeeReady   bool
	// StripeAccount is the account that receives the deal's money ("" for
	// none); StripeReady whether Stripe last said it can be paid.
	StripeAccount string
	StripeReady   bool
	CreatedAt     time.Time
	Balances
}

// Fee statuses.
const (
	FeeScheduled = "scheduled"
	FeeConfirmed = "confirmed"
	FeeVoided    = "voided"
)

// Fee is a fixed fee of a deal.
type Fee struct {
	ID        int64
	DealID    int64
	Amount    int64
	Currency  string
	Comment   string
	Status    string
	CreatedAt time.Time
}

// FeeInput is what adding a fee takes.
type FeeInput struct {
	OpID    string `json:"-"`
	DealID  int64
	Amount  int64
	Comment string
	Confirm bool
}

// BonusInput is what adding a bonus (an extra payment) takes.
type BonusInput struct {
	OpID    string `json:"-"`
	DealID  int64
	Amount  int64
	Comment string
}

// Request statuses.
const (
	StatusRequested = "requested"
	StatusSettling  = "settling"
	StatusPaid      = "paid"
	StatusFailed    = "failed"
	StatusCancelled = "cancelled"
)

// Payment methods.
const (
	MethodStripe = "stripe"
	MethodBank   = "bank"
	MethodPayPal = "paypal"
	MethodOther  = "other"
)

// MethodLabel is how a payment method reads.
func MethodLabel(m string) string {
	switch m {
	case MethodStripe:
		return "Stripe"
	case MethodBank:
		return "Bank"
	case MethodPayPal:
		return "PayPal"
	case MethodOther:
		return "Other"
	}
	return m
}

// Request is a payout request in the queue.
type Request struct {
	ID           int64
	DealID       int64
	CreatorID    int64
	CreatorName  string
	CampaignName string
	Amount       int64
	Currency     string
	Status       string
	Comment      string
	CreatedAt    time.Time
	CreatedBy    string
	Method       string
	Reference    string
	PaidDate     string
	PaidBy       string
	PayeeReady   bool
	// Failure is why the last Stripe attempt failed ("" when none did).
	Failure string
	// StripeAccount and StripeReady are the deal's payee, as for Deal.
	StripeAccount string
	StripeReady   bool
	// PayoutDetails are the creator's bank or PayPal details, as text: what
	// a person copies into the bank's form to pay the request.
	PayoutDetails string
}

// RequestInput is what requesting a payout takes.
type RequestInput struct {
	OpID    string `json:"-"`
	DealID  int64
	Amount  int64
	Comment string
	// Date is the request's date, YYYY-MM-DD; empty means today. An earlier
	// date records a payout that was asked for (and paid) some time ago; a
	// date in the future is refused. (omitempty: the input hash of a
	// request recorded before dates existed stays the same.)
	Date string `json:",omitempty"`
}

// PayInput records a payment made outside Payouts (a bank transfer, PayPal).
type PayInput struct {
	OpID      string `json:"-"`
	RequestID int64
	// RequestIDs, instead of RequestID, are the requests one payment pays
	// together (one bank transfer, one reference): all of one creator, in
	// one currency. (omitempty: the input hash of a payment of one request
	// stays what it was before payments of several.)
	RequestIDs []int64 `json:",omitempty"`
	Method     string  // bank, paypal or other
	Date       string  // YYYY-MM-DD; empty means today
	Reference  string
	Comment    string
	// HomeAmount is what the bank actually debited, in minor units of
	// HomeCurrency (the home currency setting), for a payment in another
	// currency; 0 when not known. A payment of several requests shares
	// it out in proportion to their amounts.
	HomeAmount   int64  `json:",omitempty"`
	HomeCurrency string `json:",omitempty"`
}

// HistoryLine is one transfer as a deal's history shows it.
type HistoryLine struct {
	ID        int64
	DealID    int64
	Date      string
	At        time.Time
	Kind      string
	From      string
	To        string
	Amount    int64
	Currency  string
	Operator  string
	Method    string
	Reference string
	Comment   string
	Reverses  int64
	OpID      string
	Remaining int64 // the deal's remaining balance after this line
	FeeID     int64 // the fee a fee line is about; 0 for others
	OrderKey  int64 // the order a commission, release or refund is about; 0 for others
	// Campaign and creator are filled for a creator's history across deals.
	CampaignName string
	CreatorName  string
}

// Signed returns the line's amount as it changes the deal's remaining
// balance: positive when the brand owes more, negative when less.
func (h HistoryLine) Signed() int64 {
	from, _ := accountOf(h.From)
	to, _ := accountOf(h.To)
	switch {
	case to.remaining && !from.remaining:
		return h.Amount
	case from.remaining && !to.remaining:
		return -h.Amount
	}
	return 0
}
