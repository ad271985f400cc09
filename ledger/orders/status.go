package orders

import (
	"fmt"
	"strings"

	"github.com/payouts/payouts/ledger"
)

// statusKey is a status word as compared: lower case, with spaces and
// dashes as underscores, so "On hold", "on-hold" and "on_hold" are one.
func statusKey(s string) string {
	return strings.NewReplacer(" ", "_", "-", "_").Replace(strings.ToLower(strings.TrimSpace(s)))
}

// SplitStatuses reads a list of status words as a user types it
// ("completed, Processing"): normalized, without blanks or repeats.
func SplitStatuses(s string) []string {
	var out []string
	for _, w := range strings.Split(s, ",") {
		k := statusKey(w)
		if k == "" || contains(out, k) {
			continue
		}
		out = append(out, k)
	}
	return out
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

// validateStatuses normalizes the mapping's status lists and checks they
// can be applied: a list needs a status column, and no word may both pay
// and not pay.
func (m *Mapping) validateStatuses() error {
	m.PaidStatuses = SplitStatuses(strings.Join(m.PaidStatuses, ","))
	m.NotPaidStatuses = SplitStatuses(strings.Join(m.NotPaidStatuses, ","))
	if !m.namesStatuses() {
		return nil
	}
	if strings.TrimSpace(m.Status) == "" {
		return ledger.Errorf(ledger.EINVALID, "mapping: paying and not-paying statuses need a status column (--status)")
	}
	if len(m.PaidStatuses) == 0 {
		return ledger.Errorf(ledger.EINVALID, "mapping: name the paying statuses (--paid-status), or no order would earn")
	}
	for _, w := range m.PaidStatuses {
		if contains(m.NotPaidStatuses, w) {
			return ledger.Errorf(ledger.EINVALID, "mapping: status %q is both paying and not paying", w)
		}
	}
	return nil
}

// namesStatuses reports whether the mapping lists its own status words;
// a mapping saved before it could falls back on the built-in words.
func (m *Mapping) namesStatuses() bool {
	return len(m.PaidStatuses) > 0 || len(m.NotPaidStatuses) > 0
}

// StatusRule says in a sentence which rows of the mapping earn, for the
// message shown when it is saved.
func (m *Mapping) StatusRule() string {
	switch {
	case strings.TrimSpace(m.Status) == "":
		return "no status column: every row is imported as a paid order"
	case !m.namesStatuses():
		return fmt.Sprintf("status column %q with the built-in words: only paid, completed, processing, partially refunded and refunded orders earn; other known words earn nothing; any other word rejects its row", m.Status)
	}
	not := "none"
	if len(m.NotPaidStatuses) > 0 {
		not = strings.Join(m.NotPaidStatuses, ", ")
	}
	return fmt.Sprintf("status column %q: paying %s; not paying %s; any other status rejects its row", m.Status, strings.Join(m.PaidStatuses, ", "), not)
}

// readMappedStatus reads a row's status through the mapping's own lists.
// A paying word is paid (or, for the built-in words "refunded" and
// "partially refunded", paid and then refunded); a not-paying word earns
// nothing, keeping the built-in meaning of "refunded" and "cancelled" so a
// paid order that is later refunded or cancelled has its commission taken
// back. A word in neither list is the row's rejection: it never earns by
// default.
func (m *Mapping) readMappedStatus(o *Order, s string) string {
	if !m.namesStatuses() {
		return readStatus(o, s)
	}
	k := statusKey(s)
	if k == "" {
		return "missing status"
	}
	st, known := statuses[k]
	switch {
	case contains(m.PaidStatuses, k):
		o.Status = "paid"
		if known && paidStatus[st.status] {
			o.Status, o.Cancelled = st.status, o.Cancelled || st.cancelled
		}
	case contains(m.NotPaidStatuses, k):
		switch {
		case known && (!paidStatus[st.status] || st.cancelled || st.status == "refunded"):
			o.Status, o.Cancelled = st.status, o.Cancelled || st.cancelled
		case paidStatus[k]:
			o.Status = "unpaid" // a paying word listed as not paying pays nothing
		default:
			o.Status = k
		}
	default:
		return fmt.Sprintf("status %q is neither paying (%s) nor not paying (%s): a status that is not listed never earns (a saved mapping can list it: payouts import mapping set)",
			s, strings.Join(m.PaidStatuses, ", "), strings.Join(m.NotPaidStatuses, ", "))
	}
	return ""
}
