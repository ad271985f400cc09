package orders

import (
	"fmt"
	"io"
	"sort"
	"strings"

	"github.com/payouts/payouts/ledger"
)

func sortRejected(r []RowError) {
	sort.SliceStable(r, func(i, j int) bool {
		if r[i].File != r[j].File {
			return r[i].File < r[j].File
		}
		return r[i].Line < r[j].Line
	})
}

// Summary returns the result as a few lines: what was read, what was
// posted, per currency, then every unattributed order and every rejected
// row with its line, so it can be saved and acted on.
func (r Result) Summary() string {
	var b strings.Builder
	r.WriteSummary(&b)
	return b.String()
}

// WriteSummary writes Summary to w.
func (r Result) WriteSummary(w io.Writer) error {
	var b strings.Builder
	fmt.Fprintf(&b, "Import of %s (source %q)\n", strings.Join(r.Files, ", "), r.Source)
	fmt.Fprintf(&b, "Rows read: %d; orders: %d\n", r.Rows, r.Orders)
	fmt.Fprintf(&b, "Orders imported: %d new, %d updated, %d unchanged\n", r.New, r.Updated, r.Unchanged)
	fmt.Fprintf(&b, "Not paid yet, no commission: %d%s\n", r.notPaid(), r.notPaidByStatus())
	fmt.Fprintf(&b, "Commissions released from hold: %d\n", r.Released)
	writeTotals(&b, "Commission posted", r.Commission)
	writeTotals(&b, "Revenue attributed", r.Revenue)
	fmt.Fprintf(&b, "Credited per creator: %d\n", len(r.Creators))
	for _, c := range r.Creators {
		fmt.Fprintf(&b, "  %s: %s %s\n", c.Creator, c.Currency, ledger.Format(c.Amount, c.Currency))
	}
	fmt.Fprintf(&b, "Unattributed orders: %d\n", len(r.Unattributed))
	if len(r.Unattributed) > 0 {
		b.WriteString("  by code (add a deal with the code to earn on them):\n")
	}
	for _, g := range r.UnattributedByCode() {
		fmt.Fprintf(&b, "    %s: %d order(s), subtotal %s\n", g.Code, g.Orders, strings.Join(totalLines(g.Subtotal), ", "))
	}
	if len(r.Unattributed) > 0 {
		b.WriteString("  each order:\n")
	}
	for _, u := range r.Unattributed {
		code := u.Code
		if code == "" {
			code = "(no code)"
		}
		fmt.Fprintf(&b, "    %s line %d: order %s, code %s, subtotal %s %s\n", u.File, u.Line, u.OrderID, code, ledger.Format(u.Subtotal, u.Currency), u.Currency)
	}
	fmt.Fprintf(&b, "Rejected rows: %d\n", len(r.Rejected))
	for _, e := range r.Rejected {
		fmt.Fprintf(&b, "  %s\n", e)
	}
	fmt.Fprintf(&b, "Stale rows (older than the ledger, not applied): %d\n", len(r.Stale))
	for _, e := range r.Stale {
		fmt.Fprintf(&b, "  %s\n", e)
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// CommissionLines returns the commission posted per currency, sorted by
// currency, as "USD 1234.50".
func (r Result) CommissionLines() []string { return totalLines(r.Commission) }

func totalLines(m map[string]int64) []string {
	curs := make([]string, 0, len(m))
	for c := range m {
		curs = append(curs, c)
	}
	sort.Strings(curs)
	out := make([]string, 0, len(curs))
	for _, c := range curs {
		out = append(out, c+" "+ledger.Format(m[c], c))
	}
	return out
}

func writeTotals(b *strings.Builder, what string, m map[string]int64) {
	lines := totalLines(m)
	if len(lines) == 0 {
		lines = []string{"none"}
	}
	fmt.Fprintf(b, "%s: %s\n", what, strings.Join(lines, ", "))
}

// CodeGroup is the unattributed orders of one code.
type CodeGroup struct {
	Code     string // "(no code)" for orders without one
	Orders   int
	Subtotal map[string]int64 // per currency
}

// UnattributedByCode groups the unattributed orders by their codes, most
// orders first: the deals worth adding.
func (r Result) UnattributedByCode() []CodeGroup {
	by := map[string]*CodeGroup{}
	var out []*CodeGroup
	for _, u := range r.Unattributed {
		code := u.Code
		if code == "" {
			code = "(no code)"
		}
		g, ok := by[code]
		if !ok {
			g = &CodeGroup{Code: code, Subtotal: map[string]int64{}}
			by[code] = g
			out = append(out, g)
		}
		g.Orders++
		g.Subtotal[u.Currency] += u.Subtotal
	}
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].Orders != out[j].Orders {
			return out[i].Orders > out[j].Orders
		}
		return out[i].Code < out[j].Code
	})
	groups := make([]CodeGroup, len(out))
	for i, g := range out {
		groups[i] = *g
	}
	return groups
}

func (r Result) notPaid() int {
	n := 0
	for _, c := range r.NotPaid {
		n += c
	}
	return n
}

// notPaidByStatus is " (pending 3, voided 1)", or "" for none.
func (r Result) notPaidByStatus() string {
	if len(r.NotPaid) == 0 {
		return ""
	}
	keys := make([]string, 0, len(r.NotPaid))
	for k := range r.NotPaid {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	parts := make([]string, len(keys))
	for i, k := range keys {
		parts[i] = fmt.Sprintf("%s %d", k, r.NotPaid[k])
	}
	return " (" + strings.Join(parts, ", ") + ")"
}
