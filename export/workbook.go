package export

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"sort"

	"github.com/xuri/excelize/v2"

	"github.com/payouts/payouts/ledger"
)

// Sheet names of the workbook, in their order.
const (
	SheetSummary      = "Summary"
	SheetTransactions = "Transactions"
	SheetPayouts      = "Payouts"
	SheetBalances     = "Balances"
	SheetCreators     = "Creators"
	SheetTax          = "Tax"
	SheetAttribution  = "Attribution"
)

// Sheets lists the workbook's sheets in order.
var Sheets = []string{SheetSummary, SheetTransactions, SheetPayouts, SheetBalances, SheetCreators, SheetTax, SheetAttribution}

// maxDataRows is how many rows below its header a sheet can hold: a
// spreadsheet has 1,048,576 rows.
const maxDataRows = 1048576 - 1

// Options say what an export covers and what it records about itself.
type Options struct {
	// Filter is the date range (inclusive, either end open) and the
	// campaign (0 for all). Its snapshot is taken by the export.
	Filter ledger.ExportFilter
	// CampaignName is shown in the Summary when Filter.CampaignID is set;
	// empty means it is looked up.
	CampaignName string
	// Version is the app version the Summary records.
	Version string
	// Progress, when set, is called from the exporting goroutine as
	// transfers are written: done of total, and (total, total) at the end.
	Progress func(done, total int)
}

// WriteWorkbookFile writes the workbook to path. It writes a temporary file
// beside it and renames it into place, so a failed or cancelled export
// never leaves a half-written workbook where the accountant would find it.
func WriteWorkbookFile(ctx context.Context, s *ledger.Store, path string, opt Options) error {
	// The zip writer buffers its own output; writeFileAtomic's buffer on
	// top only batches the small writes of the zip headers.
	return writeFileAtomic(path, func(w io.Writer) error { return WriteWorkbook(ctx, s, w, opt) })
}

// WriteWorkbook writes the accountant's workbook for opt to w. All sheets
// read one snapshot of the ledger, so they agree with each other even while
// the app keeps recording.
func WriteWorkbook(ctx context.Context, s *ledger.Store, w io.Writer, opt Options) error {
	rd, err := s.ExportReader(ctx)
	if err != nil {
		return err
	}
	defer rd.Close()
	flt, err := rd.Snapshot(ctx, opt.Filter)
	if err != nil {
		return err
	}
	if flt.CampaignID != 0 && opt.CampaignName == "" {
		c, err := s.Campaign(ctx, flt.CampaignID)
		if err != nil {
			return err
		}
		opt.CampaignName = c.Name
	}
	total, err := rd.CountTransfers(ctx, flt)
	if err != nil {
		return err
	}
	if total > maxDataRows {
		return ledger.Errorf(ledger.EINVALID, "the range holds %d transfers, more than a spreadsheet's %d rows: export a shorter range", total, maxDataRows)
	}
	progress := opt.Progress
	if progress == nil {
		progress = func(int, int) {}
	}
	progress(0, total)

	ctx, cancel := context.WithCancel(ctx)
	side := startSideReads(ctx, s, flt)
	// The side reads never outlive the export: the caller may close the
	// store as soon as it returns.
	defer side.wait()
	defer cancel()

	b, err := newBook()
	if err != nil {
		return err
	}
	defer b.f.Close()

	tx, err := b.writeTransactions(ctx, rd, flt, total, progress)
	if err != nil {
		return err
	}
	if err := side.wait(); err != nil {
		return err
	}
	home, err := s.HomeCurrency(ctx)
	if err != nil {
		return err
	}
	if err := b.writePayouts(side.paid, home); err != nil {
		return err
	}
	bal, err := b.writeBalances(side.balances, side.opening, tx)
	if err != nil {
		return err
	}
	if err := b.writeCreators(side.creators); err != nil {
		return err
	}
	if err := b.writeTax(side.taxes); err != nil {
		return err
	}
	if err := b.writeAttribution(side.report); err != nil {
		return err
	}
	if err := b.writeSummary(s, flt, opt, tx, bal); err != nil {
		return err
	}
	if err := b.printSetup(); err != nil {
		return err
	}
	if err := b.f.SetDocProps(&excelize.DocProperties{
		Title:   "Payouts export",
		Creator: s.OperatorName(),
		Created: s.Now().UTC().Format("2006-01-02T15:04:05Z"),
	}); err != nil {
		return fmt.Errorf("write workbook: %w", err)
	}
	if err := save(b.f, w); err != nil {
		return err
	}
	progress(total, total)
	return nil
}

// save writes the workbook's zip straight to w. excelize's Write builds the
// whole zip in a memory buffer first (about the compressed size of a million
// rows); its SetZipWriter hook lets the zip go to w instead, and the buffer
// it hands over stays empty. Zip64 entries, which excelize patches inside
// that buffer, only arise for a sheet over 4 GiB, far beyond the row limit.
//
// The same workbook is the same bytes: the parts go out in name order
// (sortedZip) with no timestamps, and the content types excelize lists in
// map order are sorted first.
func save(f *excelize.File, w io.Writer) error {
	var zw *sortedZip
	f.SetZipWriter(func(io.Writer) excelize.ZipWriter {
		zw = newSortedZip(w)
		return zw
	})
	if ct := f.ContentTypes; ct != nil {
		sort.SliceStable(ct.Defaults, func(i, j int) bool { return ct.Defaults[i].Extension < ct.Defaults[j].Extension })
		sort.SliceStable(ct.Overrides, func(i, j int) bool { return ct.Overrides[i].PartName < ct.Overrides[j].PartName })
	}
	if err := f.Write(io.Discard); err != nil {
		if zw != nil {
			zw.removeSpool()
		}
		var pe *os.PathError
		if errors.As(err, &pe) {
			return outputError("workbook", err)
		}
		return fmt.Errorf("write workbook: %w", err)
	}
	if zw == nil {
		return fmt.Errorf("write workbook: zip writer not used")
	}
	return nil
}
