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

// objects are the rows as JSON objects keyed by the header.
func (t table) objects() []map[string]string {
	out := make([]map[string]string, 0, len(t.rows))
	for _, r := range t.rows {
		m := make(map[string]string, len(r))
		for i, h := range t.header {
			m[h] = r[i]
		}
		out = append(out, m)
	}
	return out
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
		enc := json.NewEncoder(os.Stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(t.objects())
	}
	return ledger.Errorf(ledger.EINVALID, "unknown format %q: use table, csv or json", format)
}

// record is one thing a show command prints: its fields in order, then
// lists of what belongs to it (a deal's fees, a creator's deals). The table
// format writes "field: value" lines and each list under its title; JSON
// writes one object whose lists are arrays of objects. Values are text, as
// in table, so amounts stay exact decimals.
type record struct {
	fields [][2]string
	lists  []recordList
}

type recordList struct {
	key, title string
	t          table
}

func (r *record) add(key, value string) { r.fields = append(r.fields, [2]string{key, value}) }

func (r *record) list(key, title string, t table) {
	r.lists = append(r.lists, recordList{key: key, title: title, t: t})
}

func (r record) write(format string) error {
	switch format {
	case "", "table":
		w := tabwriter.NewWriter(os.Stdout, 0, 0, 2, ' ', 0)
		for _, f := range r.fields {
			fmt.Fprintf(w, "%s:\t%s\n", f[0], f[1])
		}
		if err := w.Flush(); err != nil {
			return err
		}
		for _, l := range r.lists {
			fmt.Printf("\n%s\n", l.title)
			if len(l.t.rows) == 0 {
				fmt.Println("(none)")
				continue
			}
			if err := l.t.write("table"); err != nil {
				return err
			}
		}
		return nil
	case "json":
		out := make(map[string]any, len(r.fields)+len(r.lists))
		for _, f := range r.fields {
			out[f[0]] = f[1]
		}
		for _, l := range r.lists {
			out[l.key] = l.t.objects()
		}
		enc := json.NewEncoder(os.Stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(out)
	}
	return ledger.Errorf(ledger.EINVALID, "unknown format %q: use table or json", format)
}

// showFormatFlag is the --format of a show command: a record has no CSV form.
func showFormatFlag(c *cobra.Command, format *string) {
	c.Flags().StringVar(format, "format", "table", "output format: table or json")
}
