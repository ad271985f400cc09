package export

import (
	"context"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/payouts/payouts/ledger"
)

// taxCols: a creator's tax data, whole (the accountant files the forms).
var taxCols = []column{
	{"Creator", 24}, {"Legal name", 26}, {"Tax ID", 16}, {"Address", 40}, {"Country", 8}, {"Tax form", 10},
	{"Form received", 13}, {"Email", 28}, {"Creator ID", 10},
}

// writeTax writes every creator's tax data.
func (b *book) writeTax(rows []ledger.CreatorTaxRow) error {
	sw, err := b.table(SheetTax, taxCols, len(rows))
	if err != nil {
		return err
	}
	for i, r := range rows {
		form := r.Form
		if !r.FormOnFile() {
			form = "none"
		}
		if err := setRow(sw, i+2, []any{b.text(r.CreatorName), b.text(r.LegalName), b.text(r.TaxID), b.text(addressLine(r.Address)),
			b.text(r.Country), form, b.dateCell(r.FormReceived), b.text(r.Email), r.CreatorID}); err != nil {
			return err
		}
	}
	if err := sw.Flush(); err != nil {
		return fmt.Errorf("sheet %s: %w", SheetTax, err)
	}
	return nil
}

// addressLine puts an address on one line, its lines joined by ", ".
func addressLine(s string) string {
	var parts []string
	for _, line := range strings.FieldsFunc(s, func(r rune) bool { return r == '\n' || r == '\r' }) {
		if line = strings.TrimSpace(line); line != "" {
			parts = append(parts, line)
		}
	}
	return oneLine(strings.Join(parts, ", "))
}

// TaxHeader is the header of the tax data CSV (export csv --kind tax).
var TaxHeader = []string{"Creator ID", "Creator", "Legal name", "Tax ID", "Address", "Country", "Tax form", "Form received", "Email"}

// WriteTaxCSV writes every creator's tax data as CSV: one line each, the
// address on one line, text a spreadsheet would evaluate made inert.
func WriteTaxCSV(ctx context.Context, s *ledger.Store, w io.Writer, opt CSVOptions) error {
	rows, err := s.CreatorTaxes(ctx)
	if err != nil {
		return err
	}
	cw, err := opt.newCSV(w)
	if err != nil {
		return outputError("tax data", err)
	}
	if err := cw.Write(TaxHeader); err != nil {
		return outputError("tax data", err)
	}
	for _, r := range rows {
		received, err := opt.date(r.FormReceived)
		if err != nil {
			return err
		}
		if r.FormReceived == "" {
			received = ""
		}
		if err := cw.Write([]string{strconv.FormatInt(r.CreatorID, 10), csvSafe(r.CreatorName), csvSafe(r.LegalName), csvSafe(r.TaxID),
			csvSafe(addressLine(r.Address)), r.Country, r.Form, received, csvSafe(r.Email)}); err != nil {
			return outputError("tax data", err)
		}
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return outputError("tax data", err)
	}
	return nil
}
