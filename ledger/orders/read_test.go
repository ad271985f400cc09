package orders_test

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/payouts/payouts/ledger"
	"github.com/payouts/payouts/ledger/orders"
)

// generated writes a generated Shopify export of rows rows with the test
// deals' codes and returns its bytes.
func generated(tb testing.TB, rows int) []byte {
	tb.Helper()
	codes := map[string]string{}
	for _, d := range testDeals {
		codes[d.code] = d.currency
	}
	var b bytes.Buffer
	if _, err := orders.GenerateShopify(&b, orders.GenerateOptions{Rows: rows, Seed: 7, Codes: codes,
		Start: time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)}); err != nil {
		tb.Fatal(err)
	}
	return b.Bytes()
}

// withLine returns data with line n (1-based) given prefix.
func withLine(data []byte, n int, prefix string) []byte {
	lines := bytes.SplitAfter(data, []byte("\n"))
	lines[n-1] = append([]byte(prefix), lines[n-1]...)
	return bytes.Join(lines, nil)
}

func writeFile(tb testing.TB, name string, data []byte) string {
	tb.Helper()
	p := filepath.Join(tb.TempDir(), name)
	if err := os.WriteFile(p, data, 0o600); err != nil {
		tb.Fatal(err)
	}
	return p
}

// TestBrokenQuotingRefusesFile (issue 9 item 6): a stray quote at the start
// of line 12 of a 1,000-row export used to end the reading there while the
// summary claimed the rest was imported. The file is refused whole, naming
// the line, and nothing is imported.
func TestBrokenQuotingRefusesFile(t *testing.T) {
	s, _, ids := mustStore(t)
	data := generated(t, 1000)
	before := balances(t, s, ids)
	for _, tt := range []struct {
		name string
		data []byte
		line string
	}{
		{"StrayQuoteOpensField", withLine(data, 12, `"`), "line 12:"},
		{"QuoteNeverClosed", append(append([]byte{}, data...), `#9999,"paid`...), fmt.Sprintf("line %d:", bytes.Count(data, []byte("\n"))+1)},
	} {
		t.Run(tt.name, func(t *testing.T) {
			res, err := orders.ImportShopify(ctx, s, "", writeFile(t, "orders.csv", tt.data))
			if err == nil {
				t.Fatalf("imported %d new orders, %d rejected; want the file refused", res.New, len(res.Rejected))
			}
			msg := ledger.ErrorMessage(err)
			if ledger.ErrorCode(err) != ledger.EINVALID || !strings.Contains(msg, "orders.csv "+tt.line) || !strings.Contains(msg, "nothing was imported") {
				t.Errorf("error %q, want an invalid-input error naming orders.csv %s", msg, tt.line)
			}
			if got := balances(t, s, ids); got != before {
				t.Errorf("balances changed:\n%s", got)
			}
		})
	}
	mustCheck(t, s)

	// A quote inside an unquoted field costs the parser that line only: it
	// is rejected with its line, and the counts are true.
	x, err := orders.ParseShopify(bytes.NewReader(withLine(data, 40, `ab"c`)))
	if err != nil {
		t.Fatal(err)
	}
	clean, err := orders.ParseShopify(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	if x.Rows != clean.Rows || len(x.Rejected) != len(clean.Rejected)+1 || len(x.Orders)+x.Items != len(clean.Orders)+clean.Items-1 {
		t.Errorf("bare quote: rows %d, rejected %v; want %d rows and line 40 rejected", x.Rows, x.Rejected, clean.Rows)
	}
}

// TestLineEndings (issue 9 item 7): CR-only files (Excel's "CSV
// (Macintosh)") read like LF and CRLF ones; a header with no rows says so.
func TestLineEndings(t *testing.T) {
	lf := generated(t, 300)
	want, err := orders.ParseShopify(bytes.NewReader(lf))
	if err != nil {
		t.Fatal(err)
	}
	if len(want.Orders) < 100 {
		t.Fatalf("generated export has %d orders", len(want.Orders))
	}
	crlf := bytes.ReplaceAll(lf, []byte("\n"), []byte("\r\n"))
	cr := bytes.ReplaceAll(lf, []byte("\n"), []byte("\r"))
	for _, tt := range []struct {
		name string
		data []byte
	}{{"CRLF", crlf}, {"CR", cr}, {"CRWithBOM", append([]byte("\ufeff"), cr...)}} {
		t.Run(tt.name, func(t *testing.T) {
			// A reader handing out a few bytes at a time puts CRs at the
			// end of reads.
			got, err := orders.ParseShopify(&chunked{data: tt.data, n: 7})
			if err != nil {
				t.Fatal(err)
			}
			if got.Rows != want.Rows || len(got.Orders) != len(want.Orders) || len(got.Rejected) != len(want.Rejected) {
				t.Fatalf("rows %d, orders %d, rejected %d; want %d, %d, %d", got.Rows, len(got.Orders), len(got.Rejected),
					want.Rows, len(want.Orders), len(want.Rejected))
			}
			for i := range got.Orders {
				g, w := got.Orders[i], want.Orders[i]
				if g.ID != w.ID || g.Line != w.Line || g.Subtotal != w.Subtotal || g.Date != w.Date {
					t.Fatalf("order %d: got %+v, want %+v", i, g, w)
				}
			}
		})
	}
	header := strings.Join(orders.ShopifyHeader, ",")
	for _, tt := range []struct{ name, data string }{
		{"HeaderOnlyLF", header + "\n"}, {"HeaderOnlyCR", header + "\r"}, {"HeaderOnlyNoEnd", header}, {"HeaderBlankLines", header + "\r\n\r\n\n"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			s, _, _ := mustStore(t)
			_, err := orders.ImportShopify(ctx, s, "", writeFile(t, "empty.csv", []byte(tt.data)))
			if msg := ledger.ErrorMessage(err); !strings.Contains(msg, "empty.csv has a header row but no orders") {
				t.Errorf("error %q, want one saying the file has a header and no orders", msg)
			}
		})
	}
}

// chunked hands out n bytes per Read.
type chunked struct {
	data []byte
	n    int
}

func (c *chunked) Read(p []byte) (int, error) {
	if len(c.data) == 0 {
		return 0, io.EOF
	}
	n := copy(p[:min(len(p), c.n)], c.data)
	c.data = c.data[n:]
	return n, nil
}

// endless is a reader that never ends, as /dev/zero.
type endless struct{ read int64 }

func (e *endless) Read(p []byte) (int, error) {
	for i := range p {
		p[i] = 'x'
	}
	e.read += int64(len(p))
	return len(p), nil
}

// TestInputBounds (issue 9 item 8): a row or field over 1 MB is a clear
// error after reading little more than that; only regular files are read.
func TestInputBounds(t *testing.T) {
	header := strings.Join(orders.ShopifyHeader, ",") + "\n"
	ok := "#1,,paid,2026-10-07,,,,USD,10.00" + strings.Repeat(",", len(orders.ShopifyHeader)-9) + "\n"
	big := strings.Repeat("y", orders.MaxRecord+10)
	for _, tt := range []struct {
		name string
		r    func() io.Reader
		want string
	}{
		{"LongField", func() io.Reader { return strings.NewReader(header + ok + "#2,\"" + big + "\"\n" + ok) }, "the row after line 2 is longer than 1 MB"},
		{"LongLine", func() io.Reader { return strings.NewReader(header + "#2," + big + "\n") }, "the row after line 1 is longer than 1 MB"},
		{"LongHeader", func() io.Reader { return strings.NewReader(big) }, "longer than 1 MB"},
		{"ManyShortLinesInOneField", func() io.Reader {
			return strings.NewReader(header + "#2,\"" + strings.Repeat("line\n", orders.MaxRecord/4) + "\"\n")
		}, "the row after line 1 is longer than 1 MB"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, err := orders.ParseShopify(tt.r())
			if msg := ledger.ErrorMessage(err); ledger.ErrorCode(err) != ledger.EINVALID || !strings.Contains(msg, tt.want) {
				t.Errorf("error %q, want %q", msg, tt.want)
			}
		})
	}
	t.Run("Endless", func(t *testing.T) {
		e := &endless{}
		_, err := orders.ParseShopify(e)
		if !strings.Contains(ledger.ErrorMessage(err), "longer than 1 MB") {
			t.Errorf("error %v, want a row too long", err)
		}
		if e.read > 4*orders.MaxRecord {
			t.Errorf("read %d bytes before stopping, want about %d", e.read, orders.MaxRecord)
		}
	})

	s, _, _ := mustStore(t)
	paths := []struct{ name, path, want string }{
		{"Folder", t.TempDir(), "is a folder, not an export file"},
	}
	for _, dev := range []string{"/dev/null", "/dev/zero"} {
		if _, err := os.Stat(dev); err == nil {
			paths = append(paths, struct{ name, path, want string }{dev, dev, "is not a regular file"})
		}
	}
	for _, tt := range paths {
		t.Run(tt.name, func(t *testing.T) {
			_, err := orders.ImportShopify(ctx, s, "", tt.path)
			if msg := ledger.ErrorMessage(err); !strings.Contains(msg, tt.want) {
				t.Errorf("error %q, want %q", msg, tt.want)
			}
			m := orders.Mapping{OrderID: "Name", Date: "Paid at", Code: "Discount Code", Amount: "Subtotal", Currency: "Currency"}
			if err := orders.SaveMapping(ctx, s, "m", m); err != nil {
				t.Fatal(err)
			}
			_, err = orders.ImportCSV(ctx, s, "", "m", tt.path)
			if msg := ledger.ErrorMessage(err); !strings.Contains(msg, tt.want) {
				t.Errorf("csv: error %q, want %q", msg, tt.want)
			}
		})
	}
}
