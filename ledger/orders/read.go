package orders

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"errors"
	"io"
	"os"

	"github.com/payouts/payouts/ledger"
)

// MaxRecord bounds one row of an export (all its fields, quoted newlines
// included). Order rows are a few hundred bytes; a larger one is not an
// export, and reading it whole (from /dev/zero, or a file of one endless
// line) would take memory without bound.
const MaxRecord = 1 << 20

// readBuffer is the read-ahead between the file and the CSV parser.
const readBuffer = 256 << 10

// errRecordTooLong stops the CSV parser inside a row over MaxRecord.
var errRecordTooLong = errors.New("row too long")

// lineReader is what the CSV parser reads through. It turns a lone CR into
// LF, so the "CSV (Macintosh)" Excel still writes reads like any other
// (CRLF stays CRLF, which the parser understands), and it stops at
// MaxRecord bytes past the end of the last row the table read.
type lineReader struct {
	r    *bufio.Reader
	pos  int64 // bytes handed out
	mark int64 // bytes handed out when the last row ended
}

func newLineReader(r io.Reader) *lineReader {
	return &lineReader{r: bufio.NewReaderSize(r, 64<<10)}
}

func (l *lineReader) Read(p []byte) (int, error) {
	// The parser reads ahead by its own buffer, so the bound counts that in.
	if l.pos-l.mark > MaxRecord+readBuffer {
		return 0, errRecordTooLong
	}
	n, err := l.r.Read(p)
	b := p[:n]
	for i := bytes.IndexByte(b, '\r'); i >= 0; {
		switch {
		case i+1 < len(b):
			if b[i+1] != '\n' {
				b[i] = '\n'
			}
		default: // the last byte read: look at the next one
			if next, perr := l.r.Peek(1); perr != nil || next[0] != '\n' {
				b[i] = '\n'
			}
		}
		j := bytes.IndexByte(b[i+1:], '\r')
		if j < 0 {
			break
		}
		i += 1 + j
	}
	l.pos += int64(n)
	return n, err
}

// rowEnded tells the reader where the row just parsed ended.
func (l *lineReader) rowEnded(offset int64) { l.mark = offset }

// quotingError is the one-line message of a CSV parse error other than a
// bare quote (see table.next). A broken quote
// makes every later row unreliable (a quote left open swallows the rest of
// the file as one field), so the whole file is refused rather than
// imported in part under a summary that could not be true.
func quotingError(file string, pe *csv.ParseError) error {
	var what string
	switch {
	case errors.Is(pe.Err, csv.ErrQuote):
		what = `a quoted field is not closed where it should be (a stray " or a missing one)`
	default:
		what = pe.Err.Error()
	}
	return ledger.Errorf(ledger.EINVALID, "%s line %d: %s; the file's quoting is broken, so nothing was imported (fix the line or export the file again)",
		nameOr(file), pe.StartLine, what)
}

// tooLong is the error of a row over MaxRecord.
func tooLong(file string, afterLine int) error {
	return ledger.Errorf(ledger.EINVALID, "%s: the row after line %d is longer than %d MB: not an orders export, nothing was imported",
		nameOr(file), afterLine, MaxRecord>>20)
}

// openFile opens an export for reading: a regular file only. A folder, a
// device such as /dev/zero or a pipe is refused before anything is read.
func openFile(path string) (*os.File, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, ledger.Errorf(ledger.EINVALID, "cannot open %s: %v", path, unwrapPath(err))
	}
	fi, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, ledger.Errorf(ledger.EINVALID, "cannot read %s: %v", path, unwrapPath(err))
	}
	switch {
	case fi.IsDir():
		f.Close()
		return nil, ledger.Errorf(ledger.EINVALID, "%s is a folder, not an export file", path)
	case !fi.Mode().IsRegular():
		f.Close()
		return nil, ledger.Errorf(ledger.EINVALID, "%s is not a regular file (a device, pipe or socket): only export files are read", path)
	}
	return f, nil
}

// OpenFile opens an export file as the imports do: regular files only. The
// app uses it too, so it refuses what the command line refuses.
func OpenFile(path string) (*os.File, error) { return openFile(path) }

// noRows is the error of an export with a header and no rows.
func noRows(file string) error {
	return ledger.Errorf(ledger.EINVALID, "%s has a header row but no orders: nothing to import", nameOr(file))
}
