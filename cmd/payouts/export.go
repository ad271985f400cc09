package main

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"

	"github.com/payouts/payouts/assets"
	"github.com/payouts/payouts/export"
	"github.com/payouts/payouts/ledger"
)

func init() { extraCommands = append(extraCommands, exportCmd) }

// exportRange are the flags every export takes.
type exportRange struct {
	from, to, campaign string
}

func (r *exportRange) flags(c *cobra.Command) {
	c.Flags().StringVar(&r.from, "from", "", "first day of the range, YYYY-MM-DD (default: the first transfer)")
	c.Flags().StringVar(&r.to, "to", "", "last day of the range, YYYY-MM-DD (default: the last transfer)")
	c.Flags().StringVar(&r.campaign, "campaign", "", "only this campaign (by name)")
}

// filter resolves the flags into a ledger filter.
func (r *exportRange) filter(ctx context.Context, s *ledger.Store) (ledger.ExportFilter, string, error) {
	f := ledger.ExportFilter{From: r.from, To: r.to}
	if err := f.Validate(); err != nil {
		return f, "", err
	}
	if strings.TrimSpace(r.campaign) == "" {
		return f, "", nil
	}
	c, err := s.CampaignByName(ctx, r.campaign)
	if err != nil {
		return f, "", err
	}
	f.CampaignID = c.ID
	return f, c.Name, nil
}

func exportCmd(e *env) *cobra.Command {
	c := &cobra.Command{Use: "export", Short: "Export the accountant's workbook (xlsx) or accounting-import CSVs"}

	var xr exportRange
	var out string
	xlsx := &cobra.Command{
		Use:   "xlsx --out FILE",
		Short: "Write the accountant's workbook: Summary, Transactions, Payouts, Balances, Creators",
		Args:  cobra.NoArgs,
		RunE: e.readStore(func(ctx context.Context, s *ledger.Store, args []string) error {
			flt, name, err := xr.filter(ctx, s)
			if err != nil {
				return err
			}
			if !strings.EqualFold(filepath.Ext(out), ".xlsx") {
				return ledger.Errorf(ledger.EINVALID, "the workbook file must end in .xlsx: %s", out)
			}
			rows := 0
			err = export.WriteWorkbookFile(ctx, s, out, export.Options{Filter: flt, CampaignName: name, Version: assets.Version,
				Progress: func(done, total int) { rows = total }})
			if err != nil {
				return err
			}
			fmt.Printf("wrote %s: %d transfers\n", out, rows)
			return nil
		}),
	}
	xr.flags(xlsx)
	xlsx.Flags().StringVar(&out, "out", "", "the workbook to write (.xlsx)")
	xlsx.MarkFlagRequired("out")

	var cr exportRange
	var opt export.CSVOptions
	var kind, csvOut string
	csvCmd := &cobra.Command{
		Use:   "csv --kind journal|bank [--out FILE]",
		Short: "Write a double-entry journal, or paid payouts as a bank statement, for accounting tools",
		Long: `Write a CSV for accounting tools (to stdout unless --out is given).

  --kind journal  every transfer as a journal entry: a debit line and a credit
                  line sharing a reference (Date, Account, Debit, Credit,
                  Currency, Memo, Reference)
  --kind bank     paid payouts as bank-statement lines, money out negative
                  (Date, Amount, Payee, Description, Reference), the shape
                  Xero and QuickBooks Online import; one currency per file`,
		Args: cobra.NoArgs,
		RunE: e.readStore(func(ctx context.Context, s *ledger.Store, args []string) error {
			flt, _, err := cr.filter(ctx, s)
			if err != nil {
				return err
			}
			opt.Filter = flt
			if csvOut == "" || csvOut == "-" {
				w := bufio.NewWriter(os.Stdout)
				if err := export.WriteCSV(ctx, s, w, kind, opt); err != nil {
					return err
				}
				return w.Flush()
			}
			return export.WriteCSVFile(ctx, s, csvOut, kind, opt)
		}),
	}
	cr.flags(csvCmd)
	csvCmd.Flags().StringVar(&kind, "kind", "", "journal or bank")
	csvCmd.MarkFlagRequired("kind")
	csvCmd.Flags().StringVar(&csvOut, "out", "", "the CSV file to write (default: stdout)")
	csvCmd.Flags().StringVar(&opt.DateFormat, "date-format", export.DateISO, "dates as iso (2026-11-21), dmy (21/11/2026) or mdy (11/21/2026)")
	csvCmd.Flags().StringVar(&opt.Currency, "currency", "", "bank: the statement's currency (needed when payouts are in several)")
	csvCmd.Flags().StringVar(&opt.Method, "method", "", "bank: payouts paid by bank (default), paypal, stripe, other or all")
	csvCmd.Flags().BoolVar(&opt.NoBOM, "no-bom", false, "leave out the UTF-8 byte-order mark (Excel and LibreOffice need it to read accents)")

	c.AddCommand(xlsx, csvCmd)
	return c
}
