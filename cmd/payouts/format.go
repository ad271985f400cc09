package main

import (
	"encoding/csv"
	"encoding/json"
	"fmt"
	"os"
	"strings"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/payouts/payouts/ledger"
)

// table is tabular output in one of three formats. Amounts are already
// plain decimals with their currency's decimals, so CSV and JSON carry them
// as exact text, never as floats.
type table struct {
	header []string
	rows   [][]string
	footer [][]string // shown in the table format only (totals)
	right  map[int]bool
}

func formatFlag(c *cobra.Command, format *string) {
	c.Flags().StringVar(format, "format", "table", "output format: table, csv or json")
}

func (t table) write(format string) error {
	switch format {
	case "", "table":
		w := tabwriter.NewWriter(os.Stdout, 0, 0, 2, ' ', 0)
		fmt.Fprintln(w, strings.ToUpper(strings.Join(t.header, "\t")))
		for _, r := range append(t.rows, t.footer...) {
			fmt.Fprintln(w, strings.Join(r, "\t"))
		}
		return w.Flush()
	case "csv":
		w := csv.NewWriter(os.Stdout)
		w.Write(t.header)
		for _, r := range t.rows {
			w.Write(r)
		}
		w.Flush()
		return w.Error()
	case "json":
		out := make([]map[string]string, 0, len(t.rows))
		for _, r := range t.rows {
			m := make(map[string]string, len(r))
			for i, h := range t.header {
				m[h] = r[i]
			}
			out = append(out, m)
		}
		enc := json.NewEncoder(os.Stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(out)
	}
	return ledger.Errorf(ledger.EINVALID, "unknown format %q: use table, csv or json", format)
}
