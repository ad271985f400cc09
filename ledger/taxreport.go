package ledger

import (
	"context"
	"fmt"
	"sort"
	"strconv"
	"strings"
)

// Reporting thresholds of the tax-year report, per currency: settings
// "tax.threshold.USD" and so on, in minor units. Unset, USD's is 600.00
// (the US 1099-NEC threshold) and other currencies have none; 0 means
// none.
const (
	settingTaxThreshold     = "tax.threshold."
	DefaultTaxThresholdUSD  = 60000
	DefaultTaxThresholdCurr = "USD"
)

// TaxThresholds returns the reporting threshold of each currency that has
// one, in minor units.
func (s *Store) TaxThresholds(ctx context.Context) (map[string]int64, error) {
	set, err := s.SettingsWithPrefix(ctx, settingTaxThreshold)
	if err != nil {
		return nil, err
	}
	out := map[string]int64{DefaultTaxThresholdCurr: DefaultTaxThresholdUSD}
	for k, v := range set {
		cur := strings.TrimPrefix(k, settingTaxThreshold)
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil || n < 0 || n > MaxAmount {
			return nil, Errorf(EINVALID, "the setting %s is %q: it must be a whole number of minor units, 0 or more", k, v)
		}
		if n == 0 {
			delete(out, cur)
			continue
		}
		out[cur] = n
	}
	return out, nil
}

// SetTaxThreshold sets a currency's reporting threshold in minor units; 0
// means the currency has none.
func (s *Store) SetTaxThreshold(ctx context.Context, currency string, amount int64) error {
	c, err := LookupCurrency(currency)
	if err != nil {
		return err
	}
	if amount < 0 || amount > MaxAmount {
		return Errorf(EINVALID, "a reporting threshold is 0 (none) or a positive amount up to 10^15 minor units")
	}
	return s.SetSetting(ctx, settingTaxThreshold+c.Code, strconv.FormatInt(amount, 10))
}

// TaxYearRow is what one creator was paid in one currency in a calendar
// year, split by method. Payments through a payment processor (PayPal,
// Stripe) are reported by the processor (in the US on a 1099-K), apart
// from direct ones (bank, other), which the payer reports (on a 1099-NEC).
type TaxYearRow struct {
	CreatorID    int64
	CreatorName  string
	Tax          TaxInfo
	Currency     string
	Payments     int   // payments counted (reversed ones are not; one paying several requests is one)
	Bank, PayPal int64 // by method, minor units
	Stripe       int64
	Other        int64
	Threshold    int64 // the currency's reporting threshold; 0 when it has none
}

// Paid is everything paid in the year, whatever the method.
func (r TaxYearRow) Paid() int64 { return r.Bank + r.PayPal + r.Stripe + r.Other }

// Processor is what went through a payment processor (PayPal, Stripe).
func (r TaxYearRow) Processor() int64 { return r.PayPal + r.Stripe }

// Direct is what the brand paid directly (bank, other).
func (r TaxYearRow) Direct() int64 { return r.Bank + r.Other }

// OverThreshold reports direct payments at or above the currency's
// reporting threshold ("$600 or more" is the 1099-NEC rule).
func (r TaxYearRow) OverThreshold() bool { return r.Threshold > 0 && r.Direct() >= r.Threshold }

// FormMissing reports a creator paid in the year with no tax form on file.
func (r TaxYearRow) FormMissing() bool { return !r.Tax.FormOnFile() }

// TaxYearReport sums, per creator and currency, the payments dated in a
// calendar year, by method. A payment that was reversed does not count,
// whenever it was reversed: the creator did not receive it. Rows are by
// creator name, then currency.
func (s *Store) TaxYearReport(ctx context.Context, year int) ([]TaxYearRow, error) {
	if year < 1900 || year > 9999 {
		return nil, Errorf(EINVALID, "tax year %d is not a calendar year such as 2026", year)
	}
	thresholds, err := s.TaxThresholds(ctx)
	if err != nil {
		return nil, err
	}
	from, to := fmt.Sprintf("%04d-01-01", year), fmt.Sprintf("%04d-12-31", year)
	// A paid request whose request is still paid: a reversal closes the
	// request as cancelled (ReversePayment), so its payment drops out.
	// Grouped on tx.creator_id too, so that PostgreSQL knows the tax
	// columns are one per group (as it knows cr.name by cr.id).
	rows, err := s.db.QueryContext(ctx, taxYearQuery, KindPaid, from, to, StatusPaid)
	if err != nil {
		return nil, wrap(err, "tax-year report")
	}
	defer rows.Close()
	type key struct {
		creator  int64
		currency string
	}
	byKey := map[key]*TaxYearRow{}
	for rows.Next() {
		var r TaxYearRow
		var method string
		var n int
		var sum int64
		if err := rows.Scan(&r.CreatorID, &r.CreatorName, &r.Tax.LegalName, &r.Tax.TaxID, &r.Tax.Address, &r.Tax.Country, &r.Tax.Form,
			&r.Tax.FormReceived, &r.Currency, &method, &n, &sum); err != nil {
			return nil, wrap(err, "tax-year report")
		}
		k := key{r.CreatorID, r.Currency}
		row := byKey[k]
		if row == nil {
			r.Threshold = thresholds[r.Currency]
			row = &r
			byKey[k] = row
		}
		row.Payments += n
		switch method {
		case MethodBank:
			row.Bank += sum
		case MethodPayPal:
			row.PayPal += sum
		case MethodStripe:
			row.Stripe += sum
		default:
			row.Other += sum
		}
	}
	if err := rows.Err(); err != nil {
		return nil, wrap(err, "tax-year report")
	}
	out := make([]TaxYearRow, 0, len(byKey))
	for _, r := range byKey {
		out = append(out, *r)
	}
	sort.Slice(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if x, y := nameKey(a.CreatorName), nameKey(b.CreatorName); x != y {
			return x < y
		}
		if a.CreatorID != b.CreatorID {
			return a.CreatorID < b.CreatorID
		}
		return a.Currency < b.Currency
	})
	return out, nil
}

// taxYearQuery sums a year's payments per creator, currency and method.
// It finds them from the paid requests (an index of requests on status,
// then transfers_request): no index of transfers leads with the document
// date (see migration 18).
const taxYearQuery = `SELECT cr.id, cr.name, coalesce(tx.legal_name, ''), coalesce(tx.tax_id, ''), coalesce(tx.address, ''),
			coalesce(tx.country, ''), coalesce(tx.form, 'none'), coalesce(tx.form_received, ''), t.currency,
			coalesce(nullif(r.method, ''), t.method) AS pay_method, count(DISTINCT coalesce(r.payment, r.id)), sum(t.amount)
		FROM transfers t JOIN requests r ON r.id = t.request_id JOIN deals d ON d.id = t.deal_id JOIN creators cr ON cr.id = d.creator_id
			LEFT JOIN creator_tax tx ON tx.creator_id = cr.id
		WHERE t.kind = ? AND t.date BETWEEN ? AND ? AND r.status = ?
		GROUP BY cr.id, tx.creator_id, t.currency, pay_method`
