package ledger

import (
	"context"
	"encoding/json"
	"sort"
	"strings"
	"unicode"
)

// The chart of accounts: where each of the ledger's accounts goes in the
// brand's general ledger (GL), by account code and name. Exports (the
// journal CSV, the Xero and QuickBooks presets, the plain-text journal)
// write these codes and names, so the accountant maps once, in the ledger,
// not in every file.
//
// The chart's accounts are the ledger's accounts with offline cash split per
// payment method: each method is a statement of its own (bank, PayPal) that
// the accountant reconciles apart.

// Chart accounts that are not ledger accounts of their own: offline cash per
// payment method. The other chart accounts carry the ledger's names
// (AccCommissionExpense, AccOwed, AccStripeCash...).
const (
	ChartBankCash   = "bank_cash"
	ChartPayPalCash = "paypal_cash"
	ChartOtherCash  = "other_cash"
)

// GL account types: where an account sits in the books.
const (
	GLAsset     = "asset"
	GLLiability = "liability"
	GLExpense   = "expense"
)

// GLAccount is one account of the chart: a ledger account (Account, a
// chart key such as "commission_expense" or "bank_cash"), the GL code and
// name it maps to, for every currency (Currency "") or for one.
type GLAccount struct {
	Account  string
	Currency string // "" for every currency
	Code     string
	Name     string
	Type     string // GLAsset, GLLiability, GLExpense (fixed per account)
	Mapped   bool   // set by the user; false: the built-in default
}

// chartDefaults are the built-in codes and names, in the order the chart
// lists them. The names are the exports' long-standing labels, so a ledger
// nobody mapped exports as it always did; the codes follow a common small
// business numbering (1xxx assets, 2xxx liabilities, 6xxx expenses).
var chartDefaults = []GLAccount{
	{Account: AccCommissionExpense, Code: "6100", Name: "Commission expense", Type: GLExpense},
	{Account: AccFeeExpense, Code: "6110", Name: "Fee expense", Type: GLExpense},
	{Account: AccBonusExpense, Code: "6120", Name: "Bonus expense", Type: GLExpense},
	{Account: AccScheduled, Code: "2100", Name: "Creators - scheduled fees", Type: GLLiability},
	{Account: AccHeld, Code: "2110", Name: "Creators - held commissions", Type: GLLiability},
	{Account: AccOwed, Code: "2120", Name: "Creators - owed", Type: GLLiability},
	{Account: AccRequested, Code: "2130", Name: "Creators - payout requests", Type: GLLiability},
	{Account: ChartBankCash, Code: "1010", Name: "Offline cash - bank", Type: GLAsset},
	{Account: ChartPayPalCash, Code: "1020", Name: "Offline cash - PayPal", Type: GLAsset},
	{Account: AccStripeCash, Code: "1030", Name: "Stripe cash", Type: GLAsset},
	{Account: ChartOtherCash, Code: "1090", Name: "Offline cash - other", Type: GLAsset},
}

// ChartDefaults returns the chart's accounts with their built-in codes and
// names, in the chart's order.
func ChartDefaults() []GLAccount { return append([]GLAccount(nil), chartDefaults...) }

// ChartKey is the chart account of a ledger account: offline cash by the
// payment's method (an unknown or empty method is "other", never a new
// account), any other account as itself.
func ChartKey(acc, method string) string {
	if acc != AccOfflineCash {
		return acc
	}
	switch method {
	case MethodBank:
		return ChartBankCash
	case MethodPayPal:
		return ChartPayPalCash
	}
	return ChartOtherCash
}

func chartDefault(key string) (GLAccount, bool) {
	for _, a := range chartDefaults {
		if a.Account == key {
			return a, true
		}
	}
	return GLAccount{}, false
}

// chartSettingPrefix keys the mappings in the settings table:
// "gl_account:owed:" for every currency, "gl_account:owed:USD" for one.
const chartSettingPrefix = "gl_account:"

type chartValue struct {
	Code string `json:"code"`
	Name string `json:"name"`
}

// Chart is the chart of accounts as read once for an export: lookups are
// in memory.
type Chart struct {
	mapped map[string]GLAccount // by key + ":" + currency
}

// For returns the GL account of chart account key in currency: a mapping
// for that currency, else one for every currency, else the default.
func (c Chart) For(key, currency string) GLAccount {
	if a, ok := c.mapped[key+":"+currency]; ok {
		return a
	}
	if a, ok := c.mapped[key+":"]; ok {
		a.Currency = currency
		return a
	}
	a, ok := chartDefault(key)
	if !ok {
		a = GLAccount{Account: key, Code: "", Name: AccountLabel(key)}
	}
	a.Currency = currency
	return a
}

// Chart reads the chart of accounts.
func (s *Store) Chart(ctx context.Context) (Chart, error) {
	set, err := s.SettingsWithPrefix(ctx, chartSettingPrefix)
	if err != nil {
		return Chart{}, err
	}
	c := Chart{mapped: map[string]GLAccount{}}
	for k, v := range set {
		rest := strings.TrimPrefix(k, chartSettingPrefix)
		i := strings.LastIndexByte(rest, ':')
		if i < 0 {
			continue
		}
		key, cur := rest[:i], rest[i+1:]
		def, ok := chartDefault(key)
		if !ok {
			continue // an account this version does not know: ignored, not fatal
		}
		var cv chartValue
		if json.Unmarshal([]byte(v), &cv) != nil {
			continue
		}
		c.mapped[key+":"+cur] = GLAccount{Account: key, Currency: cur, Code: cv.Code, Name: cv.Name, Type: def.Type, Mapped: true}
	}
	return c, nil
}

// ChartList returns every chart account: each default (with its mapping
// for every currency when there is one), then the mappings for one
// currency, in the chart's order, then by currency.
func (s *Store) ChartList(ctx context.Context) ([]GLAccount, error) {
	c, err := s.Chart(ctx)
	if err != nil {
		return nil, err
	}
	var out []GLAccount
	for _, d := range chartDefaults {
		out = append(out, c.For(d.Account, ""))
		var curs []string
		for k, a := range c.mapped {
			if a.Account == d.Account && a.Currency != "" {
				curs = append(curs, k)
			}
		}
		sort.Strings(curs)
		for _, k := range curs {
			out = append(out, c.mapped[k])
		}
	}
	return out, nil
}

// MapAccountInput maps one chart account to a GL code and name.
type MapAccountInput struct {
	OpID     string
	Account  string // chart key: "commission_expense", "owed", "bank_cash"...
	Currency string // "" for every currency
	Code     string // "" keeps the current code
	Name     string // "" keeps the current name
	Reset    bool   // remove the mapping: back to the default (or the every-currency one)
}

// maxGLName is the longest GL account name: QuickBooks Online's limit for
// an account name is 100 characters.
const maxGLName = 100

// MapAccount sets (or, with Reset, removes) the GL code and name of a chart
// account, for every currency or one. Codes are letters, digits, "-", "."
// and "_" (Xero's codes are up to 10 such characters; longer ones are
// refused here so that every export can use them); names are one line,
// without ":" (QuickBooks reads "Parent:Sub" as a sub-account).
func (s *Store) MapAccount(ctx context.Context, in MapAccountInput) error {
	return s.MapAccounts(ctx, in.OpID, []MapAccountInput{in})
}

// MapAccounts sets several mappings (Settings' table) as one operation: all
// are checked first, and either all are written or none.
func (s *Store) MapAccounts(ctx context.Context, opID string, ins []MapAccountInput) error {
	type change struct {
		def        GLAccount
		settingKey string
		code, name string
		reset      bool
	}
	var changes []change
	var hash []any
	for _, in := range ins {
		key := strings.ToLower(strings.TrimSpace(in.Account))
		def, ok := chartDefault(key)
		if !ok {
			names := make([]string, len(chartDefaults))
			for i, a := range chartDefaults {
				names[i] = a.Account
			}
			return Errorf(EINVALID, "unknown account %q: use one of %s", in.Account, strings.Join(names, ", "))
		}
		cur := ""
		if strings.TrimSpace(in.Currency) != "" {
			c, err := LookupCurrency(in.Currency)
			if err != nil {
				return err
			}
			cur = c.Code
		}
		code, name := strings.TrimSpace(in.Code), strings.Join(strings.Fields(in.Name), " ")
		if in.Reset {
			if code != "" || name != "" {
				return Errorf(EINVALID, "reset takes no code or name: it returns %s to its default", key)
			}
		} else {
			if code == "" && name == "" {
				return Errorf(EINVALID, "give a code, a name or both for %s", key)
			}
			if err := validGLCode(code); err != nil {
				return Errorf(EINVALID, "%s: %s", key, ErrorMessage(err))
			}
			if err := validGLName(in.Name); err != nil {
				return Errorf(EINVALID, "%s: %s", key, ErrorMessage(err))
			}
		}
		changes = append(changes, change{def: def, settingKey: chartSettingPrefix + key + ":" + cur, code: code, name: name, reset: in.Reset})
		hash = append(hash, key, cur, code, name, in.Reset)
	}
	_, err := s.do(ctx, opID, "chart.map", hash, func(tx *Tx) (int64, error) {
		for _, c := range changes {
			if c.reset {
				if _, err := tx.exec(`DELETE FROM settings WHERE key = ?`, c.settingKey); err != nil {
					return 0, err
				}
				continue
			}
			// What is not given is kept: the current mapping of this key
			// and currency, else what applies to it now (the
			// every-currency mapping, else the default).
			cv := chartValue{Code: c.def.Code, Name: c.def.Name}
			for _, k := range []string{chartSettingPrefix + c.def.Account + ":", c.settingKey} {
				var raw string
				if err := tx.queryRow(`SELECT value FROM settings WHERE key = ?`, k).Scan(&raw); err == nil {
					json.Unmarshal([]byte(raw), &cv)
				}
			}
			if c.code != "" {
				cv.Code = c.code
			}
			if c.name != "" {
				cv.Name = c.name
			}
			raw, err := json.Marshal(cv)
			if err != nil {
				return 0, err
			}
			if _, err := tx.exec(`INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value`, c.settingKey, string(raw)); err != nil {
				return 0, err
			}
		}
		return 0, nil
	})
	return err
}

func validGLCode(code string) error {
	if code == "" {
		return nil
	}
	if len(code) > 10 {
		return Errorf(EINVALID, "account code %q is too long: at most 10 characters (Xero's limit)", code)
	}
	for _, r := range code {
		if !(r >= '0' && r <= '9' || r >= 'A' && r <= 'Z' || r >= 'a' && r <= 'z' || r == '-' || r == '.' || r == '_') {
			return Errorf(EINVALID, "account code %q: use letters, digits, \"-\", \".\" or \"_\"", code)
		}
	}
	return nil
}

func validGLName(raw string) error {
	name := strings.Join(strings.Fields(raw), " ")
	if name == "" {
		return nil
	}
	if strings.ContainsAny(raw, "\r\n\t") {
		return Errorf(EINVALID, "account name %q: one line, please", name)
	}
	if strings.Contains(name, ":") {
		return Errorf(EINVALID, "account name %q holds a \":\": QuickBooks would read it as a sub-account; use \" - \" instead", name)
	}
	for _, r := range name {
		if unicode.IsControl(r) {
			return Errorf(EINVALID, "account name %q holds a control character", name)
		}
	}
	if len([]rune(name)) > maxGLName {
		return Errorf(EINVALID, "account name %q is too long: at most %d characters", name, maxGLName)
	}
	return nil
}
