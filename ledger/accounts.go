package ledger

import (
	"slices"
	"strings"
)

// account is one row of the ledger's one table of accounts: which figure of
// a deal a transfer into or out of it moves, with which sign, and its
// floor. Posting (journal.post), Check's recomputation (its SQL is
// generated from here), the export's balances as of a date
// (DealBalance.Apply, balanceSums) and the history's signs
// (HistoryLine.Signed) all read this table; a new account is one row here,
// and a new kind of transfer one row of kindFlows.
type account struct {
	name string
	// field is the deals column (and Balances field) the account moves.
	// A deal account's field is its balance; a brand account's is the
	// deal's derived total of what went through it (commission earned,
	// paid...).
	field string
	// sign is how field moves when money flows into the account: +1 up,
	// -1 down (out of an expense account is earned by the deal). Accounts
	// that share a field share its sign.
	sign int64
	// deal says the account is one of the deal's own (a column of its row);
	// the others are the brand's, kept per currency in brand_accounts.
	deal bool
	// remaining says the account counts in the deal's remaining balance:
	// what the brand still has to pay.
	remaining bool
	// floor says the account never goes below zero. Owed may (a clawback).
	floor bool
	// label is how the account reads in an export.
	label string
	// summary heads the export Summary's column of the figure a brand
	// account moves, summed over a range (RangeFigures); accounts that
	// share a figure share it.
	summary string
}

// accounts is the table. Its order is the order of the deal's figures.
var accounts = []account{
	{name: AccScheduled, field: "scheduled", sign: 1, deal: true, floor: true, label: "Creators - scheduled fees"},
	{name: AccHeld, field: "held", sign: 1, deal: true, remaining: true, floor: true, label: "Creators - held commissions"},
	{name: AccOwed, field: "owed", sign: 1, deal: true, remaining: true, label: "Creators - owed"},
	{name: AccRequested, field: "requested", sign: 1, deal: true, remaining: true, floor: true, label: "Creators - payout requests"},
	{name: AccCommissionExpense, field: "commission", sign: -1, label: "Commission expense", summary: "Commission in range"},
	{name: AccFeeExpense, field: "fees", sign: -1, label: "Fee expense", summary: "Fixed fees in range (agreed less voided)"},
	{name: AccBonusExpense, field: "bonuses", sign: -1, label: "Bonus expense", summary: "Bonuses in range (less voided)"},
	{name: AccStripeCash, field: "paid", sign: 1, label: "Stripe cash", summary: "Paid in range (less reversed)"},
	{name: AccOfflineCash, field: "paid", sign: 1, label: "Offline cash", summary: "Paid in range (less reversed)"},
}

// accountOf returns the row of acc. The table is small: a scan is as quick
// as a map and sees rows a test adds.
func accountOf(acc string) (account, bool) {
	for _, a := range accounts {
		if a.name == acc {
			return a, true
		}
	}
	return account{}, false
}

// IsDealAccount reports whether acc is one of a deal's own accounts.
func IsDealAccount(acc string) bool {
	a, _ := accountOf(acc)
	return a.deal
}

// IsCash reports whether acc is a cash account: money into it left the
// business (the brand accounts whose money in is paid to the deal).
func IsCash(acc string) bool {
	a, ok := accountOf(acc)
	return ok && a.isCash()
}

func (a account) isCash() bool    { return !a.deal && a.sign > 0 }
func (a account) isExpense() bool { return !a.deal && a.sign < 0 }

// AccountLabel is how an account reads in an export: "Commission expense",
// "Creators - owed". No label holds a ":": QuickBooks and the importers
// modelled on it read "Parent:Sub" as a sub-account of an account that
// does not exist in the user's chart. (No plain-text journal depends on
// the hierarchy: the journal is a CSV for those importers.)
func AccountLabel(acc string) string {
	if a, ok := accountOf(acc); ok {
		return a.label
	}
	return acc
}

// RangeFigure is a figure of deals that brand accounts move (commission
// earned, fees, bonuses, paid) as the export's Summary heads its sum over a
// range: "Commission in range".
type RangeFigure struct{ Field, Label string }

// RangeFigures lists the figures brand accounts move, each once, in the
// table's order: the Summary's columns of a range's activity.
func RangeFigures() []RangeFigure {
	var out []RangeFigure
	for _, a := range accounts {
		if !a.deal && !slices.ContainsFunc(out, func(f RangeFigure) bool { return f.Field == a.field }) {
			out = append(out, RangeFigure{Field: a.field, Label: a.summary})
		}
	}
	return out
}

// FigureMoved is what money out of the brand account acc (out) and into it
// (in) did to the figure of deals it moves (a RangeFigure's Field), by the
// table: 10.00 out of commission expense is 10.00 of commission earned,
// 10.00 into a cash account 10.00 paid. ok is false for a deal's own
// account and an unknown one.
func FigureMoved(acc string, out, in int64) (field string, v int64, ok bool) {
	a, ok := accountOf(acc)
	if !ok || a.deal {
		return "", 0, false
	}
	return a.field, a.sign * (in - out), true
}

// fieldOf returns the figure of b that field names.
func (b *Balances) fieldOf(field string) *int64 {
	switch field {
	case "scheduled":
		return &b.Scheduled
	case "held":
		return &b.Held
	case "owed":
		return &b.Owed
	case "requested":
		return &b.Requested
	case "paid":
		return &b.Paid
	case "commission":
		return &b.Commission
	case "fees":
		return &b.Fees
	case "bonuses":
		return &b.Bonuses
	case "revenue":
		return &b.Revenue
	}
	return nil
}

// move applies a transfer of amount from one account to another to b, by
// the table: each side's figure moves by its sign. It refuses an unknown
// account and a figure that would overflow, and leaves b unchanged then.
// Floors are the caller's (journal.post) to check.
func (b *Balances) move(from, to string, amount int64) error {
	fa, ok1 := accountOf(from)
	ta, ok2 := accountOf(to)
	if !ok1 || !ok2 {
		return Errorf(EINTERNAL, "unknown account %s or %s", from, to)
	}
	return b.moveAccounts(fa, ta, amount)
}

// moveAccounts is move between two rows of the table.
func (b *Balances) moveAccounts(fa, ta account, amount int64) error {
	from, to := fa.name, ta.name
	fp, tp := b.fieldOf(fa.field), b.fieldOf(ta.field)
	if fp == nil || tp == nil {
		return Errorf(EINTERNAL, "account %s or %s moves no figure of a deal", from, to)
	}
	f, err1 := addChecked(*fp, -fa.sign*amount)
	if err1 != nil {
		return errTotalOverflow
	}
	old := *fp
	*fp = f
	t, err2 := addChecked(*tp, ta.sign*amount)
	if err2 != nil {
		*fp = old
		return errTotalOverflow
	}
	*tp = t
	return nil
}

// errTotalOverflow refuses a transfer that would take a total past what an
// int64 holds (the schema's triggers say the same of the stored figures).
var errTotalOverflow = Errorf(EINVALID, "amount too large: a deal total would overflow")

// belowFloor returns the first of accounts acc whose floor b breaks, or
// "": after a transfer, only its two accounts can have gone below.
func (b *Balances) belowFloor(acc ...account) string {
	for _, a := range acc {
		if a.deal && a.floor && *b.fieldOf(a.field) < 0 {
			return a.name
		}
	}
	return ""
}

// remainingOf is what b still has to pay: the sum of its remaining accounts.
func (b *Balances) remainingOf() int64 {
	var r int64
	for _, a := range accounts {
		if a.remaining {
			r += *b.fieldOf(a.field)
		}
	}
	return r
}

// accountFields are the distinct figures the accounts move, in the table's
// order, with the sign they share.
func accountFields() (fields []string, signs []int64) {
	seen := map[string]bool{}
	for _, a := range accounts {
		if !seen[a.field] {
			seen[a.field] = true
			fields = append(fields, a.field)
			signs = append(signs, a.sign)
		}
	}
	return fields, signs
}

// accountSQL lists, as an SQL IN list, the accounts for which keep is true:
// "('held', 'owed', 'requested')".
func accountSQL(keep func(account) bool) string {
	var names []string
	for _, a := range accounts {
		if keep(a) {
			names = append(names, "'"+a.name+"'")
		}
	}
	if len(names) == 0 {
		return "(NULL)"
	}
	return "(" + strings.Join(names, ", ") + ")"
}

// fieldSQL is the SQL of how the transfers aliased t (prefix "t.", or ""
// for none) move field: what came into its accounts less what left, by
// its sign. Summed over a deal's transfers it is the deal's figure.
func fieldSQL(prefix, field string) string {
	var sign int64
	in := accountSQL(func(a account) bool {
		if a.field == field {
			sign = a.sign
			return true
		}
		return false
	})
	into := "sum(CASE WHEN " + prefix + "to_account IN " + in + " THEN " + prefix + "amount ELSE 0 END)"
	outOf := "sum(CASE WHEN " + prefix + "from_account IN " + in + " THEN " + prefix + "amount ELSE 0 END)"
	if sign < 0 {
		return outOf + " - " + into
	}
	return into + " - " + outOf
}

// RecomputeSQL is the statement that recomputes every deal's figures from
// its transfers, generated from the table like every other reading of it:
// one row per deal, its ID and then each figure the accounts move, in the
// order of figures ("scheduled", ..., "paid"). Check recomputes the same
// figures in its one pass over the transfers; the benchmark runs this
// GROUP BY as the floor the cached balances beat, in the Go driver and in
// the sqlite3 CLI.
func RecomputeSQL() (query string, figures []string) {
	figures, _ = accountFields()
	cols := make([]string, len(figures))
	for i, f := range figures {
		cols[i] = fieldSQL("", f) + " AS " + f
	}
	return "SELECT deal_id,\n\t" + strings.Join(cols, ",\n\t") + "\nFROM transfers GROUP BY deal_id", figures
}

// cashSQL lists the cash accounts as an SQL IN list.
func cashSQL() string { return accountSQL(account.isCash) }

// remainingColumns is the SQL sum of a deals row's remaining accounts:
// "held + owed + requested".
func remainingColumns() string {
	var cols []string
	for _, a := range accounts {
		if a.remaining {
			cols = append(cols, a.field)
		}
	}
	return strings.Join(cols, " + ")
}

// dealFigures are the columns of a deals row that transfers and orders
// change: the figures the accounts move, then revenue.
func dealFigures() []string {
	fields, _ := accountFields()
	return append(fields, "revenue")
}

// dealUpdate is the one statement that writes a deal's figures kept in
// memory, b, over what the file holds, saved: only the figures that differ
// are set, since each has an index (the Deals list sorts by it) that SQLite
// rewrites when its column is set. It returns "" when none differs.
func dealUpdate(id int64, b, saved *Balances) (string, []any) {
	var cols []string
	var args []any
	for _, f := range dealFigures() {
		if v := *b.fieldOf(f); v != *saved.fieldOf(f) {
			cols = append(cols, f+" = ?")
			args = append(args, v)
		}
	}
	if len(cols) == 0 {
		return "", nil
	}
	// OR FAIL, as the batch INSERTs: a refused figure (a CHECK, the
	// overflow guard) fails the operation whole anyway. SQLite still keeps
	// a statement journal for it: deals_no_overflow calls typeof(), and any
	// function call counts as a possible abort (see withMemoryJournal).
	return `UPDATE OR FAIL deals SET ` + strings.Join(cols, ", ") + ` WHERE id = ?`, append(args, id)
}
