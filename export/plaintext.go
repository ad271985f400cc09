package export

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"sort"
	"strconv"
	"strings"

	"github.com/payouts/payouts/ledger"
)

// WritePlainText writes the transfers of the range as a plain-text
// accounting journal that hledger and ledger-cli read as it is: the same
// entries as the journal CSV (one per transfer, a debit posting of the
// account the money left and a credit posting of the one it went to), on
// the chart of accounts' GL names under Assets, Liabilities and Expenses,
// creator liabilities with one sub-account per deal. The commodity is the
// currency code, declared with its decimals (JPY 0, USD 2, KWD 3); GL codes
// and the ledger's IDs are tags (code:2120, transfer:36, deal:12,
// request:4, fee:2, order:#1120). Every account and commodity is
// declared, so `hledger check -s` passes.
//
// A range with a start opens, per currency, with an entry of the creator
// and cash accounts' balances of the day before against "Equity:Opening
// balances", so balances at the end are the ledger's as of the range's
// end; expense accounts show the range's activity.
//
// Names are written so no text in them is read as syntax: runs of spaces
// and tabs (which end an account name) become one space, ":" in a name
// (the sub-account separator) becomes "-", ";" (a comment) becomes ",", and
// "," in a tag's value (which ends it) becomes a space.
func WritePlainText(ctx context.Context, s *ledger.Store, w io.Writer, f ledger.ExportFilter) error {
	flt, err := s.Snapshot(ctx, f)
	if err != nil {
		return err
	}
	curs, err := rangeCurrencies(ctx, s, flt)
	if err != nil {
		return err
	}
	opening, err := readOpening(ctx, s, flt)
	if err != nil {
		return err
	}
	for _, c := range opening.currencies() {
		if i := sort.SearchStrings(curs, c); i == len(curs) || curs[i] != c {
			curs = append(curs, c)
			sort.Strings(curs)
		}
	}
	bw := bufio.NewWriter(w)
	fmt.Fprintln(bw, "; Payouts journal: every transfer as an entry, debit first.")
	fmt.Fprintf(bw, "; Range: %s to %s.\n", orText(flt.From, "the first transfer"), orText(flt.To, "the last transfer"))
	if flt.From != "" {
		fmt.Fprintln(bw, "; Creator and cash accounts open with their balances of the day before, against")
		fmt.Fprintln(bw, "; "+openingEquity+"; expense accounts show the range's activity.")
	}
	fmt.Fprintln(bw)
	for _, c := range curs {
		cur, err := ledger.LookupCurrency(c)
		if err != nil {
			cur = ledger.Currency{Code: c, Exponent: 2}
		}
		if cur.Exponent == 0 {
			// A format needs a decimal mark for hledger ("1000. JPY"),
			// which ledger-cli refuses; both read a bare declaration, and
			// the amounts, all without decimals, set the display.
			fmt.Fprintf(bw, "commodity %s\n", c)
			continue
		}
		fmt.Fprintf(bw, "commodity %s\n    format %s %s\n", c, ledger.FormatMinor(1000*pow10(cur.Exponent), cur), c)
	}
	fmt.Fprintln(bw)

	// Accounts are declared at the end, once all are known: both tools
	// accept a declaration after the account's first use, and one pass
	// over the transfers is enough.
	accounts := map[string]string{} // name -> its declaration's tags
	opening.write(bw, flt.From, accounts)
	var sb strings.Builder
	err = eachEntry(ctx, s, flt, func(e *entry) error {
		r := e.r
		sb.Reset()
		sb.WriteString(r.Date)
		sb.WriteString(" * (")
		sb.WriteString(journalRef(r.ID))
		sb.WriteString(") ")
		sb.WriteString(plainText(e.memo()))
		sb.WriteString("\n    ; ")
		sb.WriteString(entryTags(r))
		sb.WriteByte('\n')
		amount := ledger.Format(r.Amount, r.Currency)
		for _, p := range []struct {
			acc    ledger.GLAccount
			amount string
		}{{e.debit, amount}, {e.credit, ledger.Format(-r.Amount, r.Currency)}} {
			name, tags := plainAccount(p.acc, r)
			accounts[name] = tags
			sb.WriteString("    ")
			sb.WriteString(name)
			sb.WriteString("  ")
			sb.WriteString(p.amount)
			sb.WriteByte(' ')
			sb.WriteString(r.Currency)
			if p.acc.Code != "" {
				sb.WriteString("  ; code:")
				sb.WriteString(tagValue(p.acc.Code))
			}
			sb.WriteByte('\n')
		}
		sb.WriteByte('\n')
		_, err := bw.WriteString(sb.String())
		return err
	})
	if err != nil {
		return err
	}
	names := make([]string, 0, len(accounts))
	for n := range accounts {
		names = append(names, n)
	}
	sort.Strings(names)
	fmt.Fprintln(bw, "; Accounts: the chart of accounts' GL names, one sub-account per deal for creator liabilities.")
	for _, n := range names {
		fmt.Fprintf(bw, "account %s\n    ; %s\n", n, accounts[n])
	}
	if err := bw.Flush(); err != nil {
		return outputError("journal", err)
	}
	return nil
}

// WritePlainTextFile writes the plain-text journal to path, through a
// temporary file renamed into place.
func WritePlainTextFile(ctx context.Context, s *ledger.Store, path string, f ledger.ExportFilter) error {
	return writeFileAtomic(path, func(w io.Writer) error { return WritePlainText(ctx, s, w, f) })
}

// plainRoots are the top-level accounts per GL type, the names both tools
// (and hledger's account types) recognise.
var plainRoots = map[string]string{ledger.GLAsset: "Assets", ledger.GLLiability: "Liabilities", ledger.GLExpense: "Expenses"}

// plainTypes are hledger's account type codes.
var plainTypes = map[string]string{ledger.GLAsset: "A", ledger.GLLiability: "L", ledger.GLExpense: "X"}

// plainAccount is the full account name of a GL account in an entry, and
// the tags of its declaration: a creator liability gets the deal's
// sub-account.
func plainAccount(a ledger.GLAccount, r *ledger.ExportRow) (name, tags string) {
	root := plainRoots[a.Type]
	if root == "" {
		root = "Equity"
	}
	name = root + ":" + accountPart(a.Name)
	tags = "type:" + plainTypes[a.Type]
	if a.Code != "" {
		tags += ", code:" + tagValue(a.Code)
	}
	if a.Type == ledger.GLLiability {
		name += ":" + accountPart(fmt.Sprintf("%s - %s - deal %d", r.CreatorName, r.CampaignName, r.DealID))
		tags += ", deal:" + strconv.FormatInt(r.DealID, 10)
	}
	return name, tags
}

// entryTags are an entry's IDs as tags.
func entryTags(r *ledger.ExportRow) string {
	tags := []string{"transfer:" + strconv.FormatInt(r.ID, 10), "kind:" + r.Kind, "deal:" + strconv.FormatInt(r.DealID, 10)}
	if r.RequestID != 0 {
		tags = append(tags, "request:"+strconv.FormatInt(r.RequestID, 10))
	}
	if r.FeeID != 0 {
		tags = append(tags, "fee:"+strconv.FormatInt(r.FeeID, 10))
	}
	if r.OrderID != "" {
		tags = append(tags, "order:"+tagValue(r.OrderID))
	}
	if r.Reverses != 0 {
		tags = append(tags, "reverses:"+journalRef(r.Reverses))
	}
	if r.Method != "" {
		tags = append(tags, "method:"+tagValue(r.Method))
	}
	return strings.Join(tags, ", ")
}

// plainText is text on one line with no ";" (which starts a comment) and
// no run of spaces (which ends an account name).
func plainText(s string) string {
	return strings.Join(strings.Fields(strings.ReplaceAll(s, ";", ",")), " ")
}

// accountPart is one segment of an account name: plainText without ":".
func accountPart(s string) string {
	return plainText(strings.ReplaceAll(s, ":", "-"))
}

// tagValue is a tag's value: plainText without ",", which ends it.
func tagValue(s string) string {
	return plainText(strings.ReplaceAll(s, ",", " "))
}

func orText(s, alt string) string {
	if s == "" {
		return alt
	}
	return s
}

func pow10(n int) int64 {
	v := int64(1)
	for ; n > 0; n-- {
		v *= 10
	}
	return v
}
