package orders

import "io"

// readAhead reads a table's rows in a goroutine of its own and hands them
// over in batches, each row cut down to the columns asked for. Splitting a
// line into fields (encoding/csv) is about two thirds of the parse of a
// large export, and the caller's work on the fields (amounts, dates, the
// order each row belongs to) the rest: side by side, on a machine with two
// cores, the parse of a million-row Shopify export takes about as long as
// the splitting alone.
type readAhead struct {
	batches chan *aheadBatch
	spare   chan *aheadBatch // batches the caller is done with
	done    chan struct{}
	cur     *aheadBatch
	pos     int
}

// aheadBatch is rows read ahead and their fields. The caller keeps none of
// a row's slices past the next row (only the strings, which are the CSV
// reader's), so a batch it is done with is filled again.
type aheadBatch struct {
	rows   []aheadRow
	fields []string // cols per row
}

// aheadRow is one row read ahead: its fields at the columns asked for (the
// i-th asked column at index i; "" for a column the table lacks), or why
// it was not read; or, last, the error that ended the table.
type aheadRow struct {
	rec    []string
	line   int
	reason string
	offset int64 // how far into the input the table had read after it
	err    error
}

// aheadRows is how many rows go over at a time: one hand-over per batch,
// and at most aheadBatches of them ahead of the caller (their lines stay
// in memory until the caller has taken them: a few MB).
const (
	aheadRows    = 1024
	aheadBatches = 4
)

// readAhead starts reading t's rows, keeping of each the fields at cols
// (an index below 0: a column the table lacks). Only the reader touches t
// from now on; close stops it.
func (t *table) readAhead(cols []int) *readAhead {
	ra := &readAhead{batches: make(chan *aheadBatch, aheadBatches), spare: make(chan *aheadBatch, aheadBatches+2), done: make(chan struct{})}
	go ra.read(t, cols)
	return ra
}

func (ra *readAhead) read(t *table, cols []int) {
	defer close(ra.batches)
	var b *aheadBatch
	for {
		if b == nil {
			select {
			case b = <-ra.spare:
				b.rows = b.rows[:0]
				clear(b.fields) // let the lines they held go
			default:
				b = &aheadBatch{rows: make([]aheadRow, 0, aheadRows), fields: make([]string, aheadRows*len(cols))}
			}
		}
		rec, line, reason, err := t.next()
		r := aheadRow{line: line, reason: reason, err: err, offset: t.r.InputOffset()}
		if err == nil && reason == "" {
			n := len(b.rows) * len(cols)
			r.rec = b.fields[n : n+len(cols) : n+len(cols)]
			for i, c := range cols {
				if c >= 0 && c < len(rec) {
					r.rec[i] = rec[c]
				}
			}
		}
		b.rows = append(b.rows, r)
		if err != nil || len(b.rows) == aheadRows {
			select {
			case ra.batches <- b:
			case <-ra.done:
				return
			}
			if err != nil {
				return
			}
			b = nil
		}
	}
}

// next returns the next row as table.next does, with the input offset after
// it, or the error that ended the table (io.EOF at its end).
func (ra *readAhead) next() (rec []string, line int, reason string, offset int64, err error) {
	if ra.cur == nil || ra.pos == len(ra.cur.rows) {
		if ra.cur != nil {
			if err := ra.cur.rows[len(ra.cur.rows)-1].err; err != nil {
				return nil, 0, "", 0, err // asked again after the end
			}
			select {
			case ra.spare <- ra.cur:
			default:
			}
		}
		b, ok := <-ra.batches
		if !ok {
			return nil, 0, "", 0, io.ErrUnexpectedEOF // stopped by close
		}
		ra.cur, ra.pos = b, 0
	}
	r := ra.cur.rows[ra.pos]
	ra.pos++
	return r.rec, r.line, r.reason, r.offset, r.err
}

// close stops the reader, if it is still reading.
func (ra *readAhead) close() {
	select {
	case <-ra.done:
	default:
		close(ra.done)
	}
}
