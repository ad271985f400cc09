package main

import (
	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/payouts/payouts/ledger"
)

// taxFlagNames are the flags of a creator's tax data, in the order of
// TaxInfo's fields.
var taxFlagNames = []string{"legal-name", "tax-id", "address", "country", "tax-form", "tax-form-received"}

func taxFlags(c *cobra.Command, t *ledger.TaxInfo) {
	c.Flags().StringVar(&t.LegalName, "legal-name", "", "legal name, as on the tax form")
	c.Flags().StringVar(&t.TaxID, "tax-id", "", "tax ID (SSN, EIN, ITIN or a foreign tax number)")
	c.Flags().StringVar(&t.Address, "address", "", "postal address (may span lines)")
	c.Flags().StringVar(&t.Country, "country", "", "country, ISO 3166 two-letter code (US, GB, DE)")
	c.Flags().StringVar(&t.Form, "tax-form", "", "tax form on file: W-9, W-8BEN, W-8BEN-E, other or none")
	c.Flags().StringVar(&t.FormReceived, "tax-form-received", "", "date the tax form was received, YYYY-MM-DD")
}

func taxFlagsChanged(c *cobra.Command) bool {
	for _, n := range taxFlagNames {
		if c.Flags().Changed(n) {
			return true
		}
	}
	return false
}

// mergeTaxFlags overwrites the fields of cur whose flag was given. Setting
// the form to none clears its date unless a date is given too (then the
// ledger refuses the pair).
func mergeTaxFlags(f *pflag.FlagSet, cur *ledger.TaxInfo, given ledger.TaxInfo) {
	fields := []*string{&cur.LegalName, &cur.TaxID, &cur.Address, &cur.Country, &cur.Form, &cur.FormReceived}
	values := []string{given.LegalName, given.TaxID, given.Address, given.Country, given.Form, given.FormReceived}
	for i, n := range taxFlagNames {
		if f.Changed(n) {
			*fields[i] = values[i]
		}
	}
	if f.Changed("tax-form") && !f.Changed("tax-form-received") {
		if form, err := ledger.ParseTaxForm(given.Form); err == nil && form == ledger.TaxFormNone {
			cur.FormReceived = ""
		}
	}
}

// addTaxFields adds a creator's tax data to a record; the tax ID masked
// unless asked for whole.
func addTaxFields(r *record, t ledger.TaxInfo, showTaxID bool) {
	id := ledger.MaskTaxID(t.TaxID)
	if showTaxID {
		id = t.TaxID
	}
	r.add("legal_name", t.LegalName)
	r.add("tax_id", id)
	r.add("address", t.Address)
	r.add("country", t.Country)
	r.add("tax_form", t.Form)
	r.add("tax_form_received", t.FormReceived)
}

// creatorEventTable lists a creator's changes, newest first.
func creatorEventTable(events []ledger.CreatorEvent) table {
	t := table{header: []string{"at", "operator", "field", "from", "to"}}
	for _, e := range events {
		t.rows = append(t.rows, []string{timeText(e.At), e.Operator, e.Field, e.Old, e.New})
	}
	return t
}
