package export

import (
	"bytes"
	"context"
	"encoding/csv"
	"fmt"
	"io"
	"path/filepath"
	"strings"
	"time"

	"github.com/payouts/payouts/ledger"
)

// Journal formats: the journal CSV as it is (FormatJournal), or shaped as
// an accounting tool's own import template.
const (
	FormatJournal    = "journal"
	FormatXero       = "xero"       // Xero manual journal import
	FormatQuickBooks = "quickbooks" // QuickBooks Online journal entry import
)

// XeroHeader is the header of Xero's manual journal import template: its
// mandatory columns, in the template's order. Xero's template also has
// optional TrackingName1/TrackingOption1/TrackingName2/TrackingOption2
// columns, left out: a tracking option that does not exist in the
// organisation fails the import.
var XeroHeader = []string{"Narration", "Date", "Description", "AccountCode", "TaxRate", "Amount"}

// XeroMaxLines is how many journal lines Xero imports from one file
// ("You can import up to 300 lines in one template file"); a longer
// export is split into several files, never inside a journal.
const XeroMaxLines = 300

// XeroTaxRate is the TaxRate written when none is given or set. Xero requires the
// column and matches it by the tax rate's name in the organisation's tax
// settings, which differs per region: "Tax Exempt" (US), "No VAT" (UK),
// "No GST" (NZ), "BAS Excluded" (AU). Creator payouts carry no tax in the
// ledger, so the default is the US name and --tax-rate sets another.
const XeroTaxRate = "Tax Exempt"

// SettingXeroTaxRate is the ledger setting that holds the organisation's
// TaxRate name for Xero journals (Settings, payouts accounts xero-tax-rate);
// --tax-rate overrides it for one export.
const SettingXeroTaxRate = "xero.tax_rate"

// XeroTaxRateOf returns the TaxRate a Xero journal of this ledger gets:
// the setting, or XeroTaxRate.
func XeroTaxRateOf(ctx context.Context, s *ledger.Store) (string, error) {
	v, err := s.Setting(ctx, SettingXeroTaxRate)
	if err != nil || v == "" {
		return XeroTaxRate, err
	}
	return v, nil
}

// SetXeroTaxRate stores the TaxRate of this ledger's Xero journals: one
// line, at most 50 characters (Xero's tax rate names are short); "" returns
// to XeroTaxRate.
func SetXeroTaxRate(ctx context.Context, s *ledger.Store, name string) error {
	v := strings.TrimSpace(name)
	if strings.ContainsAny(v, "\r\n\t") {
		return ledger.Errorf(ledger.EINVALID, "the Xero tax rate %q must be one line", oneLine(v))
	}
	if len([]rune(v)) > 50 {
		return ledger.Errorf(ledger.EINVALID, "the Xero tax rate %q is too long: at most 50 characters", v)
	}
	return s.SetSetting(ctx, SettingXeroTaxRate, v)
}

// QuickBooksHeader is the header of the QuickBooks Online journal entry
// import: Journal No., Journal Date, Account Name, Debits, Credits,
// Description and Name as Intuit's help names them, and Currency for
// companies with multicurrency on.
var QuickBooksHeader = []string{"Journal No.", "Journal Date", "Account Name", "Debits", "Credits", "Description", "Name", "Currency"}

// presetDate writes a date as format's import reads it.
func (o CSVOptions) presetDate(format, d string) (string, error) {
	t, err := time.Parse(ledger.DateLayout, d)
	if err != nil {
		return d, nil
	}
	switch format {
	case FormatXero:
		// Xero reads dd/mm/yyyy or dd mmm yyyy; the month's name is read
		// the same whatever the organisation's region.
		switch o.DateFormat {
		case "":
			return t.Format("2 Jan 2006"), nil
		case DateDMY:
			return t.Format("02/01/2006"), nil
		}
		return "", ledger.Errorf(ledger.EINVALID, "Xero reads dates as dd/mm/yyyy or dd mmm yyyy: use --date-format dmy or leave it out")
	case FormatQuickBooks:
		// QuickBooks Online reads the company's region's format: month
		// first in the US, day first elsewhere.
		if o.DateFormat == "" {
			return t.Format("01/02/2006"), nil
		}
	}
	return o.date(d)
}

// WriteJournalFormat writes the journal of the range in format
// (FormatJournal, FormatXero or FormatQuickBooks) to w, as one file. A Xero
// journal longer than Xero takes in one file is refused here: written to a
// path (WriteJournalFiles) it is split.
func WriteJournalFormat(ctx context.Context, s *ledger.Store, w io.Writer, format string, opt CSVOptions) error {
	switch format {
	case "", FormatJournal:
		return WriteJournal(ctx, s, w, opt)
	case FormatQuickBooks:
		return writeQuickBooks(ctx, s, w, opt)
	case FormatXero:
		return writeXero(ctx, s, opt, func(i int, split bool, data []byte) error {
			if split {
				return ledger.Errorf(ledger.EINVALID, "the Xero journal has more than %d lines, what Xero imports from one file: give a file to write (--out) and it is split into several", XeroMaxLines)
			}
			_, err := w.Write(data)
			return err
		})
	}
	return ledger.Errorf(ledger.EINVALID, "unknown journal format %q: use journal, xero or quickbooks", format)
}

// WriteJournalFiles writes the journal of the range in format to path, and
// returns the files written: path itself, or for a Xero journal over
// XeroMaxLines lines, path-1, path-2... (books.csv -> books-1.csv), each
// file whole entries. Each file is written through a temporary file.
func WriteJournalFiles(ctx context.Context, s *ledger.Store, path, format string, opt CSVOptions) ([]string, error) {
	if format != FormatXero {
		err := writeFileAtomic(path, func(w io.Writer) error { return WriteJournalFormat(ctx, s, w, format, opt) })
		if err != nil {
			return nil, err
		}
		return []string{path}, nil
	}
	var written []string
	err := writeXero(ctx, s, opt, func(i int, split bool, data []byte) error {
		p := path
		if split {
			p = partPath(path, i)
		}
		if err := writeFileAtomic(p, func(w io.Writer) error { _, err := w.Write(data); return err }); err != nil {
			return err
		}
		written = append(written, p)
		return nil
	})
	return written, err
}

// presetCurrency checks opt.Currency, or for a format of one currency
// (Xero) finds the one the range has.
func presetCurrency(ctx context.Context, s *ledger.Store, flt ledger.ExportFilter, opt CSVOptions, one bool) (string, error) {
	cur := strings.ToUpper(strings.TrimSpace(opt.Currency))
	if cur != "" {
		if _, err := ledger.LookupCurrency(cur); err != nil {
			return "", err
		}
		return cur, nil
	}
	if !one {
		return "", nil
	}
	curs, err := rangeCurrencies(ctx, s, flt)
	if err != nil {
		return "", err
	}
	if len(curs) > 1 {
		return "", ledger.Errorf(ledger.EINVALID, "the range has entries in %s: a Xero manual journal is in the organisation's currency, choose one with --currency", strings.Join(curs, " and "))
	}
	return "", nil
}

// writeXero writes the Xero manual journal: one journal per transfer (Xero
// groups lines by narration and date, so the narration starts with the
// transfer's reference), amounts positive for the debit and negative for
// the credit, the GL codes of the chart of accounts. Files of at most
// XeroMaxLines lines are built in memory and handed to emit once the next
// entry shows whether the export is split.
func writeXero(ctx context.Context, s *ledger.Store, opt CSVOptions, emit func(i int, split bool, data []byte) error) error {
	if _, err := opt.presetDate(FormatXero, "2000-01-01"); err != nil {
		return err
	}
	flt, err := s.Snapshot(ctx, opt.Filter)
	if err != nil {
		return err
	}
	cur, err := presetCurrency(ctx, s, flt, opt, true)
	if err != nil {
		return err
	}
	taxRate := strings.TrimSpace(opt.TaxRate)
	if taxRate == "" {
		if taxRate, err = XeroTaxRateOf(ctx, s); err != nil {
			return err
		}
	}
	taxRate = csvSafe(taxRate)
	var buf bytes.Buffer
	var cw *csv.Writer
	lines, files := 0, 0
	start := func() error {
		buf.Reset()
		lines = 0
		w, err := opt.newCSV(&buf)
		if err != nil {
			return err
		}
		cw = w
		return cw.Write(XeroHeader)
	}
	if err := start(); err != nil {
		return outputError("journal", err)
	}
	err = eachEntry(ctx, s, flt, func(e *entry) error {
		r := e.r
		if cur != "" && r.Currency != cur {
			return nil
		}
		if lines+2 > XeroMaxLines {
			cw.Flush()
			files++
			if err := emit(files, true, buf.Bytes()); err != nil {
				return err
			}
			if err := start(); err != nil {
				return err
			}
		}
		date, _ := opt.presetDate(FormatXero, r.Date)
		memo := csvSafe(e.memo())
		narration := csvSafe(journalRef(r.ID) + " " + ledger.KindLabel(r.Kind) + ", " + oneLine(r.CreatorName) + ", " + oneLine(r.CampaignName))
		cw.Write([]string{narration, date, memo, csvSafe(e.debit.Code), taxRate, ledger.Format(r.Amount, r.Currency)})
		lines += 2
		return cw.Write([]string{narration, date, memo, csvSafe(e.credit.Code), taxRate, ledger.Format(-r.Amount, r.Currency)})
	})
	if err != nil {
		return err
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return outputError("journal", err)
	}
	files++
	return emit(files, files > 1, buf.Bytes())
}

// writeQuickBooks writes the QuickBooks Online journal entry import: one
// journal entry per transfer, numbered by the transfer's reference, a
// debit and a credit line on the GL names of the chart of accounts, the
// creator as the line's Name. Journal numbers are at most 21 characters in
// QuickBooks; "PAYOUTS-T" and an ID fit.
func writeQuickBooks(ctx context.Context, s *ledger.Store, w io.Writer, opt CSVOptions) error {
	date := func(d string) (string, error) { return opt.presetDate(FormatQuickBooks, d) }
	return writeEntries(ctx, s, w, opt, date, QuickBooksHeader, func(e *entry, date string) [][]string {
		r := e.r
		amount := ledger.Format(r.Amount, r.Currency)
		memo, ref, name := csvSafe(e.memo()), journalRef(r.ID), csvSafe(oneLine(r.CreatorName))
		return [][]string{
			{ref, date, csvSafe(e.debit.Name), amount, "", memo, name, r.Currency},
			{ref, date, csvSafe(e.credit.Name), "", amount, memo, name, r.Currency},
		}
	})
}

// partPath is the path of the i-th file of a split export:
// books.csv -> books-1.csv.
func partPath(path string, i int) string {
	ext := filepath.Ext(path)
	return fmt.Sprintf("%s-%d%s", strings.TrimSuffix(path, ext), i, ext)
}
