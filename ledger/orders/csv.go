package orders

import (
	"bufio"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/payouts/payouts/ledger"
)

// table reads a CSV export row by row, with the header's columns by name and
// each row's line number (of its first line, when quoted newlines make a
// row span several).
type table struct {
	r      *csv.Reader
	cols   map[string]int // lower-cased, trimmed header name -> index
	header []string
	last   int // line of the last parse error, to never report one twice
}

// openTable strips a UTF-8 byte order mark and reads the header row.
func openTable(r io.Reader) (*table, error) {
	br := bufio.NewReaderSize(r, 256<<10)
	if b, err := br.Peek(3); err == nil && string(b) == "\ufeff" {
		br.Discard(3)
	}
	cr := csv.NewReader(br)
	cr.FieldsPerRecord = -1 // a short or long row is reported, not fatal
	cr.ReuseRecord = true
	t := &table{r: cr, cols: map[string]int{}}
	header, err := cr.Read()
	if errors.Is(err, io.EOF) {
		return nil, ledger.Errorf(ledger.EINVALID, "the file is empty")
	}
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return nil, ledger.Errorf(ledger.EINVALID, "the header row is not valid CSV: %v", pe.Err)
	} else if err != nil {
		return nil, fmt.Errorf("read header: %w", err)
	}
	t.header = append([]string(nil), header...)
	for i, h := range header {
		k := strings.ToLower(strings.TrimSpace(h))
		if _, dup := t.cols[k]; !dup && k != "" {
			t.cols[k] = i
		}
	}
	return t, nil
}

// col returns the index of a column, or -1.
func (t *table) col(name string) int {
	if i, ok := t.cols[strings.ToLower(strings.TrimSpace(name))]; ok {
		return i
	}
	return -1
}

// next returns the next row and its line. A row that is not valid CSV comes
// back with a reason and no fields; io.EOF ends the table; any other error
// is the file's.
func (t *table) next() (rec []string, line int, reason string, err error) {
	for {
		rec, err = t.r.Read()
		if err == nil {
			line, _ = t.r.FieldPos(0)
			if len(rec) != len(t.header) {
				return nil, line, fmt.Sprintf("row has %d fields, the header has %d", len(rec), len(t.header)), nil
			}
			return rec, line, "", nil
		}
		var pe *csv.ParseError
		if !errors.As(err, &pe) {
			return nil, 0, "", err
		}
		if pe.StartLine == t.last {
			continue // the same broken row, reported already
		}
		t.last = pe.StartLine
		return nil, pe.StartLine, "not valid CSV: " + pe.Err.Error(), nil
	}
}

// field returns a row's field at index i, trimmed; "" for a missing column.
func field(rec []string, i int) string {
	if i < 0 || i >= len(rec) {
		return ""
	}
	return strings.TrimSpace(rec[i])
}

// dateLayouts are the timestamps exports write: Shopify's first.
var dateLayouts = []string{
	"2006-01-02 15:04:05 -0700",
	"2006-01-02 15:04:05 -07:00",
	time.RFC3339,
	"2006-01-02T15:04:05",
	"2006-01-02 15:04:05",
	"2006-01-02 15:04",
	"2006-01-02",
	"2006/01/02",
}

// parseDay reads a timestamp and returns its date as written, in its own
// time zone: an order paid at 00:30 +0200 counts on that day, where the
// store is.
func parseDay(s string) (string, error) {
	for _, l := range dateLayouts {
		if t, err := time.Parse(l, s); err == nil {
			return t.Format(ledger.DateLayout), nil
		}
	}
	return "", fmt.Errorf("invalid date %q", s)
}

// parseMoney reads an amount of an export. Exports write trailing zeros a
// currency does not have ("1200.00" yen); those are dropped, other extra
// decimals are an error.
func parseMoney(s string, cur ledger.Currency) (int64, error) {
	if i := strings.IndexByte(s, '.'); i >= 0 {
		frac := s[i+1:]
		for len(frac) > cur.Exponent && strings.HasSuffix(frac, "0") {
			frac = frac[:len(frac)-1]
		}
		if frac == "" {
			s = s[:i]
		} else {
			s = s[:i+1] + frac
		}
	}
	v, err := ledger.ParseAmount(s, cur, false)
	if err != nil {
		return 0, errors.New(ledger.ErrorMessage(err))
	}
	return v, nil
}

// splitCodes reads a discount code field: Shopify lists several separated
// by commas. Codes come back normalized (trimmed, upper case), without
// blanks or repeats.
func splitCodes(s string) []string {
	if s == "" {
		return nil
	}
	var out []string
	for _, c := range strings.Split(s, ",") {
		c = ledger.NormalizeCode(c)
		if c == "" {
			continue
		}
		dup := false
		for _, o := range out {
			dup = dup || o == c
		}
		if !dup {
			out = append(out, strings.Clone(c))
		}
	}
	return out
}

// noEarnings are the statuses of an order that earns no commission (yet):
// not paid, or paid back.
var noEarnings = map[string]bool{
	"voided": true, "void": true, "pending": true, "authorized": true, "cancelled": true, "canceled": true,
	"expired": true, "refunded": true, "failed": true,
}
