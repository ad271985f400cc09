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
	from, to, period, campaign string
}

func (r *exportRange) flags(c *cobra.Command) {
	c.Flags().StringVar(&r.from, "from", "", "first day of the range, YYYY-MM-DD (default: the first transfer)")
	c.Flags().StringVar(&r.to, "to", "", "last day of the range, YYYY-MM-DD (default: the last transfer)")
	c.Flags().StringVar(&r.period, "period", "", "the range by name instead: last-month, this-month, this-year, last-year, closed (the period closed last), a month (2026-10) or a year (2026)")
	c.Flags().StringVar(&r.campaign, "campaign", "", "only this campaign (by name)")
}

// filter resolves the flags into a ledger filter. Transfers are selected
// by posting date: a closed period's export never changes.
func (r *exportRange) filter(ctx context.Context, s *ledger.Store) (ledger.ExportFilter, string, error) {
	f := ledger.ExportFilter{From: r.from, To: r.to}
	if strings.TrimSpace(r.period) != "" {
		if r.from != "" || r.to != "" {
			return f, "", ledger.Errorf(ledger.EINVALID, "give --period or --from/--to, not both")
		}
		from, to, err := s.ExportPeriod(ctx, r.period)
		if err != nil {
			return f, "", err
		}
		f.From, f.To = from, to
	}
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
	c := &cobra.Command{Use: "export", Short: "Export the accountant's workbook (xlsx), accounting-import CSVs (journal, Xero, QuickBooks, bank) or a plain-text journal"}

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
		Use:   "csv --kind journal|bank|tax [--out FILE]",
		Short: "Write a double-entry journal, or paid payouts as a bank statement, for accounting tools",
		Long: `Write a CSV for accounting tools (to stdout unless --out is given).

  --kind journal  every transfer as a journal entry: a debit line and a credit
                  line sharing a reference (Date, Account, Debit, Credit,
                  Currency, Memo, Reference, Creator, Account Code); see also
                  "export journal --format xero|quickbooks"
  --kind bank     paid payouts as bank-statement lines, money out negative
                  (Date, Amount, Payee, Description, Reference), the shape
                  Xero and QuickBooks Online import; one currency per file
  --kind tax      every creator's tax data, tax ID whole (Creator ID, Creator,
                  Legal name, Tax ID, Address, Country, Tax form, Form
                  received, Email); the address on one line`,
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
	csvCmd.Flags().StringVar(&kind, "kind", "", "journal, bank or tax")
	csvCmd.MarkFlagRequired("kind")
	csvCmd.Flags().StringVar(&csvOut, "out", "", "the CSV file to write (default: stdout)")
	csvCmd.Flags().StringVar(&opt.DateFormat, "date-format", "", "dates as iso (2026-11-21, the default), dmy (21/11/2026) or mdy (11/21/2026)")
	csvCmd.Flags().StringVar(&opt.Currency, "currency", "", "bank: the statement's currency (needed when payouts are in several); journal: only this currency")
	csvCmd.Flags().StringVar(&opt.Method, "method", "", "bank: payouts paid by bank (default), paypal, stripe, other or all")
	csvCmd.Flags().BoolVar(&opt.NoBOM, "no-bom", false, "leave out the UTF-8 byte-order mark (Excel and LibreOffice need it to read accents)")

	c.AddCommand(xlsx, csvCmd, exportJournalCmd(e), exportLedgerCmd(e))
	return c
}

// exportJournalCmd writes the journal as it is or as an accounting tool's
// import template.
func exportJournalCmd(e *env) *cobra.Command {
	var r exportRange
	var opt export.CSVOptions
	var format, out string
	c := &cobra.Command{
		Use:   "journal [--format journal|xero|quickbooks] [--out FILE]",
		Short: "Write the double-entry journal, or the Xero or QuickBooks Online journal import",
		Long: `Write every transfer of the range as a journal entry (to stdout unless --out
is given), with the accounts of the chart of accounts ("payouts accounts list").

  --format journal     Date, Account, Debit, Credit, Currency, Memo, Reference,
                       Creator, Account Code (the same as export csv --kind journal)
  --format xero        Xero's manual journal import (Narration, Date, Description,
                       AccountCode, TaxRate, Amount): one currency per file
                       (--currency), dates 21 Nov 2026 (or --date-format dmy),
                       at most 300 lines per file: a longer journal is written
                       as FILE-1.csv, FILE-2.csv...
  --format quickbooks  QuickBooks Online's journal entry import (Journal No.,
                       Journal Date, Account Name, Debits, Credits, Description,
                       Name, Currency), dates mm/dd/yyyy (or --date-format dmy)`,
		Args: cobra.NoArgs,
		RunE: e.readStore(func(ctx context.Context, s *ledger.Store, args []string) error {
			flt, _, err := r.filter(ctx, s)
			if err != nil {
				return err
			}
			opt.Filter = flt
			format = strings.ToLower(strings.TrimSpace(format))
			if out == "" || out == "-" {
				w := bufio.NewWriter(os.Stdout)
				if err := export.WriteJournalFormat(ctx, s, w, format, opt); err != nil {
					return err
				}
				return w.Flush()
			}
			files, err := export.WriteJournalFiles(ctx, s, out, format, opt)
			if err != nil {
				return err
			}
			if len(files) > 1 {
				fmt.Printf("wrote %d files (Xero takes %d lines per file): %s\n", len(files), export.XeroMaxLines, strings.Join(files, ", "))
			}
			return nil
		}),
	}
	r.flags(c)
	c.Flags().StringVar(&format, "format", export.FormatJournal, "journal, xero or quickbooks")
	c.Flags().StringVar(&out, "out", "", "the CSV file to write (default: stdout)")
	c.Flags().StringVar(&opt.DateFormat, "date-format", "", "dates as iso, dmy or mdy (default: iso; xero 21 Nov 2026; quickbooks mdy)")
	c.Flags().StringVar(&opt.Currency, "currency", "", "only entries in this currency (xero: needed when the range has several)")
	c.Flags().StringVar(&opt.TaxRate, "tax-rate", "", `xero: the TaxRate column, a tax rate's name in your Xero organisation (default "`+export.XeroTaxRate+`")`)
	c.Flags().BoolVar(&opt.NoBOM, "no-bom", false, "leave out the UTF-8 byte-order mark")
	return c
}

// exportLedgerCmd writes the plain-text journal for hledger and ledger-cli.
func exportLedgerCmd(e *env) *cobra.Command {
	var r exportRange
	var out string
	c := &cobra.Command{
		Use:   "ledger [--out FILE]",
		Short: "Write the journal as plain-text accounting (hledger, ledger-cli)",
		Long: `Write every transfer of the range as a plain-text journal that hledger and
ledger-cli read as it is (to stdout unless --out is given): the same entries
as the journal CSV, on the chart of accounts' GL names under Assets,
Liabilities and Expenses, one sub-account per deal for what creators are owed,
the currency as the commodity with its decimals, and GL codes and IDs as tags
(code:2120, transfer:36, deal:12, request:4, fee:2, order:#1120). With
--from, each currency opens with the creator and cash balances of the day
before, against Equity:Opening balances.

  hledger -f books.journal check -s
  hledger -f books.journal bal`,
		Args: cobra.NoArgs,
		RunE: e.readStore(func(ctx context.Context, s *ledger.Store, args []string) error {
			flt, _, err := r.filter(ctx, s)
			if err != nil {
				return err
			}
			if out == "" || out == "-" {
				w := bufio.NewWriter(os.Stdout)
				if err := export.WritePlainText(ctx, s, w, flt); err != nil {
					return err
				}
				return w.Flush()
			}
			return export.WritePlainTextFile(ctx, s, out, flt)
		}),
	}
	r.flags(c)
	c.Flags().StringVar(&out, "out", "", "the journal to write, such as books.journal (default: stdout)")
	return c
}
