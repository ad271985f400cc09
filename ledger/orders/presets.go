package orders

import (
	"sort"
	"strings"

	"github.com/payouts/payouts/ledger"
)

// Preset is a built-in mapping for the order export of a store, named
// after the screen that writes the file, with the columns that recognise
// its header.
type Preset struct {
	Name    string
	Store   string
	Where   string // where in the store's admin the file is downloaded
	Mapping Mapping
	// Detect are the header columns that, all present, identify the file.
	Detect []string
	// Confirmed says whether the columns were checked against the store's
	// published documentation; the README says so for the others.
	Confirmed bool
	Note      string // refund semantics and anything the user must know
}

// Presets are the built-in presets, by name.
var Presets = []Preset{
	{
		Name: "woocommerce-analytics", Store: "WooCommerce", Where: "Analytics > Orders > Download",
		Mapping: Mapping{OrderID: "Order #", Date: "Date", Code: "Coupon(s)", Amount: "Net Sales", Status: "Status",
			PaidStatuses:    []string{"completed", "processing"},
			NotPaidStatuses: []string{"pending payment", "pending", "on hold", "failed", "cancelled", "refunded", "draft", "checkout draft", "trash"},
			DateFormat:      "iso"},
		Detect: []string{"Date", "Order #", "Status", "Coupon(s)", "Net Sales"},
		Note:   "no currency column: give the store's currency (--currency); Net Sales is after refunds, so a refund lowers the amount itself",
	},
	{
		Name: "bigcommerce", Store: "BigCommerce", Where: "Orders > Export (default template)",
		Mapping: Mapping{OrderID: "Order ID", Date: "Order Date", Code: "Coupon Details", Amount: "Subtotal (ex tax)",
			Currency: "Order Currency Code", Status: "Order Status", Refunded: "Refund Amount", Total: "Order Total (inc tax)",
			PaidStatuses:    []string{"awaiting fulfillment", "awaiting shipment", "awaiting pickup", "partially shipped", "shipped", "completed", "partially refunded", "refunded"},
			NotPaidStatuses: []string{"pending", "incomplete", "awaiting payment", "declined", "cancelled", "disputed", "manual verification required"},
			DateFormat:      "dmy"},
		Detect: []string{"Order ID", "Order Date", "Order Status", "Subtotal (ex tax)", "Coupon Details"},
		Note:   "a refund is of the total with tax and shipping (Refund Amount against Order Total (inc tax))",
	},
	{
		Name: "squarespace", Store: "Squarespace", Where: "Commerce > Orders > Download CSV",
		Mapping: Mapping{OrderID: "Order ID", Date: "Paid at", Code: "Discount Code", Amount: "Subtotal",
			Currency: "Currency", Status: "Financial Status", Refunded: "Amount Refunded", Total: "Total",
			PaidStatuses:    []string{"paid", "partially refunded", "refunded"},
			NotPaidStatuses: []string{"pending", "canceled", "cancelled", "voided"},
			DateFormat:      "iso"},
		Detect: []string{"Order ID", "Financial Status", "Paid at", "Discount Code", "Amount Refunded"},
		Note:   "a refund is of the total (Amount Refunded against Total)",
	},
	{
		Name: "etsy-sold-orders", Store: "Etsy", Where: "Shop Manager > Settings > Options > Download Data > Orders (EtsySoldOrders)",
		Mapping: Mapping{OrderID: "Order ID", Date: "Sale Date", Code: "Coupon Code", Amount: "Order Value",
			Currency: "Currency", Total: "Order Total", DateFormat: "mdy"},
		Detect: []string{"Sale Date", "Order ID", "Coupon Code", "Order Value", "Adjusted Order Total"},
		Note:   "no status column: Etsy lists sold (paid) orders, so every row earns; refunds are not read (Adjusted Order Total is not a refunded amount)",
	},
	{
		Name: "stripe-payments", Store: "Stripe", Where: "Payments > Export (with the promotion code column added)",
		Mapping: Mapping{OrderID: "id", Date: "Created (UTC)", Code: "Promotion Code", Amount: "Amount",
			Currency: "Currency", Status: "Status", Refunded: "Amount Refunded",
			PaidStatuses:    []string{"paid", "refunded", "partially refunded"},
			NotPaidStatuses: []string{"failed", "uncaptured", "canceled", "pending", "requires payment method", "incomplete", "blocked"},
			DateFormat:      "iso"},
		Detect: []string{"id", "Created (UTC)", "Amount", "Amount Refunded", "Currency", "Status"},
		Note:   "the amount is the payment (with tax and shipping); Amount Refunded comes off it",
	},
}

// LookupPreset returns the preset of that name (any case).
func LookupPreset(name string) (Preset, error) {
	k := strings.ToLower(strings.TrimSpace(name))
	for _, p := range Presets {
		if p.Name == k {
			return p, nil
		}
	}
	return Preset{}, ledger.Errorf(ledger.ENOTFOUND, "no preset named %q: the presets are %s", name, strings.Join(PresetNames(), ", "))
}

// PresetNames returns the presets' names, sorted.
func PresetNames() []string {
	out := make([]string, len(Presets))
	for i, p := range Presets {
		out[i] = p.Name
	}
	sort.Strings(out)
	return out
}

// DetectPreset returns the one preset whose columns the header has. None,
// or more than one, is an error: a file is never imported by a guess.
func DetectPreset(header []string) (Preset, error) {
	have := map[string]bool{}
	for _, h := range header {
		have[strings.ToLower(strings.TrimSpace(h))] = true
	}
	var found []Preset
	for _, p := range Presets {
		all := true
		for _, c := range p.Detect {
			all = all && have[strings.ToLower(c)]
		}
		if all {
			found = append(found, p)
		}
	}
	switch len(found) {
	case 1:
		return found[0], nil
	case 0:
		return Preset{}, ledger.Errorf(ledger.EINVALID, "the file's header matches no preset (%s): choose one with --preset, or a saved mapping with --mapping", strings.Join(PresetNames(), ", "))
	}
	names := make([]string, len(found))
	for i, p := range found {
		names[i] = p.Name
	}
	return Preset{}, ledger.Errorf(ledger.EINVALID, "the file's header matches several presets (%s): choose one with --preset", strings.Join(names, ", "))
}

// WithCurrency returns the preset's mapping, with the currency of every
// order for a preset whose export has no currency column.
func (p Preset) WithCurrency(currency string) (Mapping, error) {
	m := p.Mapping
	m.PaidStatuses = append([]string(nil), m.PaidStatuses...)
	m.NotPaidStatuses = append([]string(nil), m.NotPaidStatuses...)
	currency = strings.TrimSpace(currency)
	switch {
	case m.Currency == "" && currency == "":
		return m, ledger.Errorf(ledger.EINVALID, "preset %s: the export has no currency column: give the store's currency with --currency", p.Name)
	case m.Currency == "":
		m.FixedCurrency = currency
	case currency != "":
		return m, ledger.Errorf(ledger.EINVALID, "preset %s: the export has a currency column (%s): --currency is not needed", p.Name, m.Currency)
	}
	if err := m.Validate(); err != nil {
		return m, err
	}
	return m, nil
}
