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
	in     *lineReader
	file   string         // for messages
	cols   map[string]int // lower-cased, trimmed header name -> index
	header []string
	line   int // line of the last row read
}

// openTable strips a UTF-8 byte order mark and reads the header row. file
// names the export in messages.
func openTable(r io.Reader, file string) (*table, error) {
	in := newLineReader(r)
	br := bufio.NewReaderSize(in, readBuffer)
	if b, err := br.Peek(3); err == nil && string(b) == "\ufeff" {
		br.Discard(3)
	}
	if utf16Text(br) {
		return nil, ledger.Errorf(ledger.EINVALID, "%s is UTF-16 text, not UTF-8: save the export as \"CSV UTF-8\" (in Excel: Save As, CSV UTF-8) and import that file", nameOr(file))
	}
	cr := csv.NewReader(br)
	cr.FieldsPerRecord = -1 // a short or long row is reported, not fatal
	cr.ReuseRecord = true
	t := &table{r: cr, in: in, file: file, cols: map[string]int{}}
	header, err := cr.Read()
	if errors.Is(err, io.EOF) {
		return nil, ledger.Errorf(ledger.EINVALID, "%s is empty", nameOr(file))
	}
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return nil, ledger.Errorf(ledger.EINVALID, "the header row of %s is not valid CSV: %v", nameOr(file), pe.Err)
	} else if errors.Is(err, errRecordTooLong) {
		return nil, tooLong(file, 0)
	} else if err != nil {
		return nil, ledger.Errorf(ledger.EINVALID, "cannot read %s: %v", nameOr(file), err)
	}
	if cr.InputOffset() > MaxRecord {
		return nil, tooLong(file, 0)
	}
	in.rowEnded(cr.InputOffset())
	t.line, _ = cr.FieldPos(0)
	t.header = append([]string(nil), header...)
	for i, h := range header {
		k := strings.ToLower(strings.TrimSpace(h))
		if _, dup := t.cols[k]; !dup && k != "" {
			t.cols[k] = i
		}
	}
	return t, nil
}

// utf16Text reports whether the text starts as UTF-16 does: a UTF-16 byte
// order mark, or a zero byte beside each character of plain ASCII (what
// Excel's "Unicode Text" and some Windows tools write). Read as UTF-8 it
// would only say that no expected column was found.
func utf16Text(br *bufio.Reader) bool {
	b, _ := br.Peek(4)
	switch {
	case len(b) >= 2 && (string(b[:2]) == "\xff\xfe" || string(b[:2]) == "\xfe\xff"):
		return true
	case len(b) == 4 && ((b[0] != 0 && b[1] == 0 && b[2] != 0 && b[3] == 0) || (b[0] == 0 && b[1] != 0 && b[2] == 0 && b[3] != 0)):
		return true
	}
	return false
}

// col returns the index of a column, or -1.
func (t *table) col(name string) int {
	if i, ok := t.cols[strings.ToLower(strings.TrimSpace(name))]; ok {
		return i
	}
	return -1
}

// next returns the next row and its line. A row with another number of
// fields than the header, or with a quote inside an unquoted field, comes
// back with a reason and no fields: the parser lost that line only, and the
// rows around it are sound. io.EOF ends the table. Any other error refuses
// the whole file, as a *ledger.Error: broken quoting, after which no row
// can be trusted, a row over MaxRecord, or a failed read.
func (t *table) next() (rec []string, line int, reason string, err error) {
	rec, err = t.r.Read()
	if err == nil {
		if t.r.InputOffset()-t.in.mark > MaxRecord {
			return nil, 0, "", tooLong(t.file, t.line)
		}
		t.in.rowEnded(t.r.InputOffset())
		line, _ = t.r.FieldPos(0)
		t.line = line
		if len(rec) != len(t.header) {
			return nil, line, fmt.Sprintf("row has %d fields, the header has %d", len(rec), len(t.header)), nil
		}
		return rec, line, "", nil
	}
	var pe *csv.ParseError
	switch {
	case errors.Is(err, io.EOF):
		return nil, 0, "", io.EOF
	case errors.As(err, &pe) && errors.Is(pe.Err, errRecordTooLong):
		return nil, 0, "", tooLong(t.file, t.line)
	case errors.As(err, &pe) && errors.Is(pe.Err, csv.ErrBareQuote):
		// The parser read the whole line before it found the quote, and
		// goes on at the next: the row is lost, the rest is sound.
		t.in.rowEnded(t.r.InputOffset())
		t.line = pe.Line
		return nil, pe.StartLine, "not valid CSV: " + pe.Err.Error(), nil
	case errors.As(err, &pe):
		return nil, 0, "", quotingError(t.file, pe)
	case errors.Is(err, errRecordTooLong):
		return nil, 0, "", tooLong(t.file, t.line)
	}
	return nil, 0, "", ledger.Errorf(ledger.EINVALID, "cannot read %s: %v", nameOr(t.file), err)
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
