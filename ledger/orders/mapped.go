package orders

import (
	"context"
	"encoding/json"
	"io"
	"sort"
	"strings"

	"github.com/payouts/payouts/ledger"
)

// Mapping says which columns of a store's CSV export hold an order's
// fields. It is saved in the ledger by name, so the next export of the same
// store imports without asking again.
type Mapping struct {
	OrderID  string `json:"order_id"`           // required
	Date     string `json:"date"`               // required: paid date
	Code     string `json:"code"`               // required: discount code(s)
	Amount   string `json:"amount"`             // required: subtotal the commission is on
	Currency string `json:"currency,omitempty"` // a column, or...
	// FixedCurrency is the currency of every order, for exports without a
	// currency column.
	FixedCurrency string `json:"fixed_currency,omitempty"`
	Status        string `json:"status,omitempty"`   // optional: without it every order is paid
	Refunded      string `json:"refunded,omitempty"` // optional: amount refunded
	// Total is optional: the order's total with shipping and taxes, which a
	// refund is shared against. Without it a refund comes off the amount.
	Total string `json:"total,omitempty"`
	// PaidStatuses are the status words of a paid order, NotPaidStatuses
	// those of one that earns nothing; any other word rejects its row.
	// Both empty: the built-in words (see readStatus).
	PaidStatuses    []string `json:"paid_statuses,omitempty"`
	NotPaidStatuses []string `json:"not_paid_statuses,omitempty"`
	// DateFormat is "", "iso", "mdy" or "dmy" (see DateFormats);
	// DecimalComma reads amounts written "1.234,56".
	DateFormat   string `json:"date_format,omitempty"`
	DecimalComma bool   `json:"decimal_comma,omitempty"`
}

// Validate checks that the mapping names the columns it needs.
func (m *Mapping) Validate() error {
	for _, c := range []struct{ what, col string }{{"order id", m.OrderID}, {"date", m.Date}, {"discount code", m.Code}, {"amount", m.Amount}} {
		if strings.TrimSpace(c.col) == "" {
			return ledger.Errorf(ledger.EINVALID, "mapping: the %s column is required", c.what)
		}
	}
	if strings.TrimSpace(m.Currency) == "" && strings.TrimSpace(m.FixedCurrency) == "" {
		return ledger.Errorf(ledger.EINVALID, "mapping: a currency column or a fixed currency is required")
	}
	if m.FixedCurrency != "" {
		cur, err := ledger.LookupCurrency(m.FixedCurrency)
		if err != nil {
			return err
		}
		m.FixedCurrency = cur.Code
	}
	if err := m.validateFormats(); err != nil {
		return err
	}
	return m.validateStatuses()
}

// mappingKey is the ledger setting a mapping is saved under.
const mappingKey = "mapping:"

// SaveMapping validates a mapping and saves it in the ledger under name,
// replacing any mapping of that name.
func SaveMapping(ctx context.Context, s *ledger.Store, name string, m Mapping) error {
	name = strings.TrimSpace(name)
	if name == "" {
		return ledger.Errorf(ledger.EINVALID, "mapping name required")
	}
	if err := m.Validate(); err != nil {
		return err
	}
	raw, err := json.Marshal(m)
	if err != nil {
		return err
	}
	return s.SetSetting(ctx, mappingKey+name, string(raw))
}

// LoadMapping returns the mapping saved under name.
func LoadMapping(ctx context.Context, s *ledger.Store, name string) (Mapping, error) {
	var m Mapping
	raw, err := s.Setting(ctx, mappingKey+strings.TrimSpace(name))
	if err != nil {
		return m, err
	}
	if raw == "" {
		return m, ledger.Errorf(ledger.ENOTFOUND, "no mapping named %q: define it with 'payouts import mapping set'", name)
	}
	if err := json.Unmarshal([]byte(raw), &m); err != nil {
		return m, ledger.Errorf(ledger.EINVALID, "mapping %q is damaged: define it again", name)
	}
	return m, nil
}

// Mappings returns the saved mappings by name.
func Mappings(ctx context.Context, s *ledger.Store) (map[string]Mapping, error) {
	all, err := s.SettingsWithPrefix(ctx, mappingKey)
	if err != nil {
		return nil, err
	}
	out := map[string]Mapping{}
	for k, raw := range all {
		var m Mapping
		if json.Unmarshal([]byte(raw), &m) == nil {
			out[strings.TrimPrefix(k, mappingKey)] = m
		}
	}
	return out, nil
}

// MappingNames returns the names of the saved mappings, sorted.
func MappingNames(ctx context.Context, s *ledger.Store) ([]string, error) {
	all, err := Mappings(ctx, s)
	if err != nil {
		return nil, err
	}
	names := make([]string, 0, len(all))
	for n := range all {
		names = append(names, n)
	}
	sort.Strings(names)
	return names, nil
}

// Header returns the column names of a CSV file, for choosing a mapping.
func Header(r io.Reader) ([]string, error) {
	t, err := openTable(r, "")
	if err != nil {
		return nil, err
	}
	return t.header, nil
}

// ParseCSV reads any store's CSV export through a mapping: one row per
// order. A row that cannot be read is reported in Rejected with its line
// and skipped; the error is for a file without the mapped columns.
func ParseCSV(r io.Reader, m Mapping) (*Export, error) {
	return parseCSV(r, m, "")
}

func parseCSV(r io.Reader, m Mapping, file string) (*Export, error) {
	defer lowGC()()
	if err := m.Validate(); err != nil {
		return nil, err
	}
	t, err := openTable(r, file)
	if err != nil {
		return nil, err
	}
	var missing []string
	col := func(name string) int {
		if strings.TrimSpace(name) == "" {
			return -1
		}
		i := t.col(name)
		if i < 0 {
			missing = append(missing, name)
		}
		return i
	}
	iID, iDate, iCode, iAmount := col(m.OrderID), col(m.Date), col(m.Code), col(m.Amount)
	iCur, iStatus, iRefunded, iTotal := col(m.Currency), col(m.Status), col(m.Refunded), col(m.Total)
	if len(missing) > 0 {
		return nil, ledger.Errorf(ledger.EINVALID, "%s has no column %s (check the mapping)", nameOr(file), strings.Join(missing, ", "))
	}
	x := &Export{File: file}
	size := readerSize(r)
	seen := map[string]seenOrder{}
	for {
		rec, line, reason, err := t.next()
		if err == io.EOF {
			if x.Rows == 0 {
				return nil, noRows(file)
			}
			x.compact()
			return x, nil
		} else if err != nil {
			return nil, err
		}
		x.Rows++
		if reason != "" {
			x.reject(line, "", "%s", reason)
			continue
		}
		id := field(rec, iID)
		if id == "" {
			x.reject(line, "", "missing order id")
			continue
		}
		first, again := seen[id]
		if again && first.idx < 0 {
			x.reject(line, id, "order %s appears again (first on line %d, rejected there)", id, first.line)
			continue
		}
		if !again {
			id = strings.Clone(id)
		}
		o, why := mappedOrder(rec, m, id, line, iDate, iCode, iAmount, iCur, iStatus, iRefunded, iTotal)
		if again {
			// A store that writes a row per line item repeats the order's
			// fields: a repeat that agrees is one more item, one that does
			// not makes the order unknowable, and it is rejected whole.
			p := &x.Orders[first.idx]
			switch {
			case why == "" && o.Currency != p.Currency:
				x.dropOrder(first, line, p, "currency", o.Currency, p.Currency)
			case why == "" && o.Subtotal != p.Subtotal:
				x.dropOrder(first, line, p, "amount", ledger.Format(o.Subtotal, o.Currency), ledger.Format(p.Subtotal, p.Currency))
			case why == "" && strings.Join(o.Codes, ",") != strings.Join(p.Codes, ","):
				x.dropOrder(first, line, p, "discount code", strings.Join(o.Codes, ","), strings.Join(p.Codes, ","))
			case why == "" && (o.Status != p.Status || o.Cancelled != p.Cancelled || o.Refunded != p.Refunded || o.Date != p.Date || o.Total != p.Total):
				x.dropOrder(first, line, p, "status, refund or date", field(rec, iStatus), p.Status)
			case why != "":
				x.dropOrder(first, line, p, "row ("+why+")", "an unreadable", "a readable")
			default:
				x.Items++
				continue
			}
			seen[id] = seenOrder{line: first.line, idx: -1}
			continue
		}
		if why != "" {
			seen[id] = seenOrder{line: line, idx: -1}
			x.reject(line, id, "%s", why)
			continue
		}
		seen[id] = seenOrder{line: line, idx: len(x.Orders)}
		x.Orders = growOrders(x.Orders, t.r.InputOffset(), size)
		x.Orders = append(x.Orders, x.share(o))
	}
}

// mappedOrder reads one row of a mapped export.
func mappedOrder(rec []string, m Mapping, id string, line, iDate, iCode, iAmount, iCur, iStatus, iRefunded, iTotal int) (Order, string) {
	o := Order{Line: line, ID: id, Status: "paid"}
	if iStatus >= 0 {
		if why := m.readMappedStatus(&o, field(rec, iStatus)); why != "" {
			return o, why
		}
	}
	code := m.FixedCurrency
	if iCur >= 0 {
		code = field(rec, iCur)
	}
	cur, err := ledger.LookupCurrency(code)
	if err != nil {
		return o, ledger.ErrorMessage(err)
	}
	o.Currency = cur.Code
	if o.Subtotal, err = readAmount(field(rec, iAmount), cur, m.DecimalComma); err != nil {
		return o, "amount: " + err.Error()
	}
	if v := field(rec, iTotal); v != "" {
		if o.Total, err = readAmount(v, cur, m.DecimalComma); err != nil {
			return o, "total: " + err.Error()
		}
	}
	if ref := field(rec, iRefunded); ref != "" {
		if o.Refunded, err = readAmount(ref, cur, m.DecimalComma); err != nil {
			return o, "refunded: " + err.Error()
		}
	}
	o.Codes = splitCodes(field(rec, iCode))
	if !o.Paid() {
		return o, "" // no paid date yet, and none needed
	}
	date := field(rec, iDate)
	if date == "" {
		return o, "missing date"
	}
	if o.Date, err = parseDateAs(date, m.DateFormat); err != nil {
		return o, "date: " + err.Error()
	}
	return o, ""
}

// Preview returns the header and up to n first rows of a CSV file as they
// are written, for showing a file before it is imported.
func Preview(r io.Reader, n int) (header []string, rows [][]string, err error) {
	t, err := openTable(r, "")
	if err != nil {
		return nil, nil, err
	}
	for len(rows) < n {
		rec, _, reason, err := t.next()
		if err == io.EOF {
			break
		} else if err != nil {
			return nil, nil, err
		}
		if reason != "" {
			continue
		}
		rows = append(rows, append([]string(nil), rec...))
	}
	return t.header, rows, nil
}

// IsShopify reports whether a header is Shopify's orders export.
func IsShopify(header []string) bool {
	need := map[string]bool{"name": true, "financial status": true, "subtotal": true, "discount code": true, "currency": true}
	for _, h := range header {
		delete(need, strings.ToLower(strings.TrimSpace(h)))
	}
	return len(need) == 0
}
