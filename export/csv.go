package export

import (
	"bufio"
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"syscall"
	"time"

	"github.com/payouts/payouts/ledger"
)

// CSV kinds.
const (
	KindJournal = "journal" // double-entry journal for accounting tools
	KindBank    = "bank"    // paid payouts as a bank statement
	KindTax     = "tax"     // every creator's tax data
)

// Date formats of the CSVs. ISO is the default: Xero and QuickBooks Online
// both read it whatever the organisation's region, and no spreadsheet
// mistakes its day for its month.
const (
	DateISO = "iso" // 2026-11-21
	DateDMY = "dmy" // 21/11/2026
	DateMDY = "mdy" // 11/21/2026
)

// CSVOptions say what a CSV export covers.
type CSVOptions struct {
	Filter     ledger.ExportFilter
	DateFormat string // DateISO (default), DateDMY or DateMDY
	// Currency is the bank statement's currency (a bank account holds
	// one; empty means the one currency the payouts are in), and keeps a
	// journal to the entries of one currency (empty: all; Xero: the one
	// the range has).
	Currency string
	// Method (bank only) keeps payouts paid by one method (stripe, bank,
	// paypal, other) or "all"; empty keeps the bank's: a bank statement
	// holds only what left the bank account, never PayPal's payments.
	Method string
	// NoBOM leaves out the UTF-8 byte-order mark the CSV starts with by
	// default: without it Excel and LibreOffice read UTF-8 as a legacy code
	// page ("ChloÃ©"); a tool that chokes on it can turn it off.
	NoBOM bool
	// TaxRate (Xero only) is the TaxRate column: the name of a tax rate of
	// the Xero organisation; empty is the ledger's setting
	// (SettingXeroTaxRate), else XeroTaxRate.
	TaxRate string
}

// bom is the UTF-8 byte-order mark.
const bom = "\xEF\xBB\xBF"

// newCSV starts a CSV on w: the byte-order mark unless turned off, CRLF
// line ends (RFC 4180, what Excel writes).
func (o CSVOptions) newCSV(w io.Writer) (*csv.Writer, error) {
	if !o.NoBOM {
		if _, err := io.WriteString(w, bom); err != nil {
			return nil, err
		}
	}
	cw := csv.NewWriter(w)
	cw.UseCRLF = true
	return cw, nil
}

// MethodAll keeps payouts of every method in a bank statement.
const MethodAll = "all"

// isCash says whether acc is a cash account (money left the business).
func isCash(acc string) bool { return ledger.IsCash(acc) }

func (o CSVOptions) date(d string) (string, error) {
	switch o.DateFormat {
	case "", DateISO:
		return d, nil
	case DateDMY, DateMDY:
		t, err := time.Parse(ledger.DateLayout, d)
		if err != nil {
			return d, nil // written as stored rather than lost
		}
		if o.DateFormat == DateDMY {
			return t.Format("02/01/2006"), nil
		}
		return t.Format("01/02/2006"), nil
	}
	return "", ledger.Errorf(ledger.EINVALID, "unknown date format %q: use iso, dmy or mdy", o.DateFormat)
}

// WriteCSV writes the CSV of kind (KindJournal or KindBank) to w.
func WriteCSV(ctx context.Context, s *ledger.Store, w io.Writer, kind string, opt CSVOptions) error {
	switch kind {
	case KindJournal:
		return WriteJournal(ctx, s, w, opt)
	case KindBank:
		return WriteBankStatement(ctx, s, w, opt)
	case KindTax:
		return WriteTaxCSV(ctx, s, w, opt)
	}
	return ledger.Errorf(ledger.EINVALID, "unknown CSV kind %q: use journal, bank or tax", kind)
}

// JournalHeader is the journal CSV's header row.
// The creator is a column of its own (the contact, QuickBooks' "Name"), and
// the GL account code after it: columns are added at the end so that
// importers already mapped by position keep theirs.
var JournalHeader = []string{"Date", "Account", "Debit", "Credit", "Currency", "Memo", "Reference", "Creator", "Account Code"}

// WriteJournal writes the transfers of the range as a double-entry journal:
// each transfer is one entry of two lines, a debit of the account the money
// left and a credit of the account it went to, sharing a reference
// ("PAYOUTS-T<transfer ID>") that groups them. Amounts are plain decimals
// with the currency's decimals. Accounts are the chart of accounts' GL
// names and codes (ledger.Chart; by default "Creators - owed", cash split
// per payment method); the memo is one line naming the creator, campaign,
// the payment method of a payment and the transfer's own reference.
func WriteJournal(ctx context.Context, s *ledger.Store, w io.Writer, opt CSVOptions) error {
	return writeEntries(ctx, s, w, opt, opt.date, JournalHeader, func(e *entry, date string) [][]string {
		r := e.r
		amount := ledger.Format(r.Amount, r.Currency)
		m := csvSafe(e.memo())
		ref := journalRef(r.ID)
		creator := csvSafe(r.CreatorName)
		return [][]string{
			{date, csvSafe(e.debit.Name), amount, "", r.Currency, m, ref, creator, csvSafe(e.debit.Code)},
			{date, csvSafe(e.credit.Name), "", amount, r.Currency, m, ref, creator, csvSafe(e.credit.Code)},
		}
	})
}

// writeEntries writes a journal CSV of one line per posting: the header,
// then the rows of each entry in the range (and in opt's currency, when
// one is chosen), dates written by date. The journal and the QuickBooks
// preset differ only in their rows.
func writeEntries(ctx context.Context, s *ledger.Store, w io.Writer, opt CSVOptions, date func(string) (string, error), header []string, rows func(e *entry, date string) [][]string) error {
	if _, err := date("2000-01-01"); err != nil {
		return err
	}
	flt, err := s.Snapshot(ctx, opt.Filter)
	if err != nil {
		return err
	}
	cur, err := presetCurrency(ctx, s, flt, opt, false)
	if err != nil {
		return err
	}
	cw, err := opt.newCSV(w)
	if err != nil {
		return outputError("journal", err)
	}
	cw.Write(header)
	err = eachEntry(ctx, s, flt, func(e *entry) error {
		if cur != "" && e.r.Currency != cur {
			return nil
		}
		d, _ := date(e.r.Date)
		for _, row := range rows(e, d) {
			if err := cw.Write(row); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return outputError("journal", err)
	}
	return nil
}

// BankHeader is the bank statement CSV's header row, in the column order
// Xero reads by position and QuickBooks Online maps by name.
var BankHeader = []string{"Date", "Amount", "Payee", "Description", "Reference"}

// WriteBankStatement writes the payouts paid in the range as the lines of a
// bank statement: money out, so every amount is negative; the payee is the
// creator; the reference is the payment's (bank reference, PayPal
// transaction or Stripe transfer ID). A statement is of one account and so
// of one currency: with payouts in several, opt.Currency must pick one.
func WriteBankStatement(ctx context.Context, s *ledger.Store, w io.Writer, opt CSVOptions) error {
	if _, err := opt.date("2000-01-01"); err != nil {
		return err
	}
	flt, err := s.Snapshot(ctx, opt.Filter)
	if err != nil {
		return err
	}
	paid, err := s.PaidRequests(ctx, flt)
	if err != nil {
		return err
	}
	method := strings.ToLower(strings.TrimSpace(opt.Method))
	switch method {
	case "":
		method = ledger.MethodBank
	case MethodAll:
		method = ""
	case ledger.MethodStripe, ledger.MethodBank, ledger.MethodPayPal, ledger.MethodOther:
	default:
		return ledger.Errorf(ledger.EINVALID, "unknown payment method %q: use bank, paypal, stripe, other or all", opt.Method)
	}
	cur := strings.ToUpper(strings.TrimSpace(opt.Currency))
	if cur != "" {
		if _, err := ledger.LookupCurrency(cur); err != nil {
			return err
		}
	}
	var kept []ledger.PaidRow
	seen := map[string]bool{}
	for _, p := range paid {
		if method != "" && p.Method != method {
			continue
		}
		if cur != "" && p.Currency != cur {
			continue
		}
		seen[p.Currency] = true
		kept = append(kept, p)
	}
	if len(seen) > 1 {
		codes := make([]string, 0, len(seen))
		for c := range seen {
			codes = append(codes, c)
		}
		sort.Strings(codes)
		return ledger.Errorf(ledger.EINVALID, "the payouts are in %s: a bank statement has one currency, choose one", strings.Join(codes, " and "))
	}
	cw, err := opt.newCSV(w)
	if err != nil {
		return outputError("bank statement", err)
	}
	cw.Write(BankHeader)
	for _, p := range kept {
		date, _ := opt.date(p.Date)
		desc := fmt.Sprintf("Creator payout, %s (%s)", p.CampaignName, methodLabel(p.Method))
		if p.Comment != "" {
			desc += ": " + p.Comment
		}
		cw.Write([]string{date, ledger.Format(-p.Amount, p.Currency), csvSafe(p.CreatorName), csvSafe(desc), csvSafe(p.Reference)})
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return outputError("bank statement", err)
	}
	return nil
}

// WriteCSVFile writes the CSV of kind to path, through a temporary file
// renamed into place: a failed or cancelled export leaves no half-written
// file.
func WriteCSVFile(ctx context.Context, s *ledger.Store, path, kind string, opt CSVOptions) error {
	return writeFileAtomic(path, func(w io.Writer) error { return WriteCSV(ctx, s, w, kind, opt) })
}

// writeFileAtomic writes path through a temporary file in its folder that
// is renamed into place once complete. A path that exists and is not a
// regular file (a device such as /dev/stdout, a pipe) is written directly:
// renaming over it would replace the device with a file.
func writeFileAtomic(path string, write func(io.Writer) error) (err error) {
	if fi, serr := os.Stat(path); serr == nil && !fi.Mode().IsRegular() {
		if fi.IsDir() {
			return ledger.Errorf(ledger.EINVALID, "%s is a folder: give the name of the file to write", path)
		}
		return writeDirect(path, write)
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), ".payouts-export-*")
	if err != nil {
		return ledger.Errorf(ledger.EUNAVAILABLE, "cannot write in %s: %v", filepath.Dir(path), err)
	}
	defer func() {
		if err != nil {
			tmp.Close()
			os.Remove(tmp.Name())
		}
	}()
	// CreateTemp makes the file private (0600); an export is a document
	// like any other the user saves.
	tmp.Chmod(0o644)
	w := bufio.NewWriterSize(tmp, 256<<10)
	if err = write(w); err != nil {
		if errors.Is(err, syscall.ENOSPC) {
			return writeError(path, err)
		}
		return err
	}
	err = w.Flush()
	if err == nil {
		err = tmp.Sync()
	}
	if err == nil {
		err = tmp.Close()
	}
	if err == nil {
		err = os.Rename(tmp.Name(), path)
	}
	if err != nil {
		return writeError(path, err)
	}
	return nil
}

func writeDirect(path string, write func(io.Writer) error) error {
	f, err := os.OpenFile(path, os.O_WRONLY, 0)
	if err != nil {
		return writeError(path, err)
	}
	w := bufio.NewWriterSize(f, 256<<10)
	err = write(w)
	if err == nil {
		err = w.Flush()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return writeError(path, err)
	}
	return nil
}

// outputError says why the output of an export could not be written.
func outputError(what string, err error) error {
	if errors.Is(err, syscall.ENOSPC) {
		return ledger.Errorf(ledger.EUNAVAILABLE, "the disk is full: the %s was not written; free some space and export again", what)
	}
	return ledger.Errorf(ledger.EUNAVAILABLE, "cannot write the %s: %v", what, err)
}

// writeError says why an export could not be written, and what to do.
func writeError(path string, err error) error {
	var le *ledger.Error
	switch {
	case errors.As(err, &le):
		return err
	case errors.Is(err, syscall.ENOSPC):
		return ledger.Errorf(ledger.EUNAVAILABLE, "the disk is full: %s was not written; free some space and export again", path)
	case errors.Is(err, os.ErrPermission):
		return ledger.Errorf(ledger.EUNAVAILABLE, "cannot write %s: permission denied; choose another folder", path)
	}
	return ledger.Errorf(ledger.EUNAVAILABLE, "cannot write %s: %v", path, err)
}
