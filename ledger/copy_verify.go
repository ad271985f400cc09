package ledger

import (
	"bytes"
	"cmp"
	"context"
	"database/sql"
	"fmt"
	"math"
	"strings"
	"unicode/utf8"
)

// verifyTable reads t from both ledgers in primary key order, in step, and
// compares every column of every row; the first difference is returned as
// an error naming the table, the row and the column.
func verifyTable(ctx context.Context, from *Store, src queryer, to *Store, dst queryer, t copyTable) error {
	srcRows, err := src.QueryContext(ctx, selectRows(from, t))
	if err != nil {
		return fmt.Errorf("verify %s: read %s: %w", t.name, displayName(from), err)
	}
	defer srcRows.Close()
	dstRows, err := dst.QueryContext(ctx, selectRows(to, *t.target))
	if err != nil {
		return fmt.Errorf("verify %s: read %s: %w", t.name, displayName(to), err)
	}
	defer dstRows.Close()
	a := newRowReader(srcRows, t)
	b := newRowReader(dstRows, *t.target)
	// The target's column of each source column.
	at := make([]int, len(t.cols))
	for i, c := range t.cols {
		at[i] = t.target.column(c.name)
	}
	differ := func(format string, args ...any) error {
		return Errorf(EINTERNAL, "the copy differs from %s: %s; nothing was copied, %s is as it was",
			displayName(from), fmt.Sprintf(format, args...), displayName(to))
	}
	okA, err := a.next()
	if err != nil {
		return err
	}
	okB, err := b.next()
	if err != nil {
		return err
	}
	for okA || okB {
		c := 0
		switch {
		case !okB:
			c = -1
		case !okA:
			c = 1
		default:
			for i, k := range t.pk {
				if c = compareValues(a.vals[k], b.vals[t.target.pk[i]]); c != 0 {
					break
				}
			}
		}
		switch {
		case c < 0:
			return differ("%s row %s is missing from the copy", t.name, t.rowKey(a.vals))
		case c > 0:
			return differ("%s row %s is in the copy but not in the source", t.name, t.target.rowKey(b.vals))
		}
		for i, col := range t.cols {
			if x, y := a.vals[i], b.vals[at[i]]; compareValues(x, y) != 0 {
				return differ("%s row %s, column %s: %s in the source, %s in the copy", t.name, t.rowKey(a.vals), col.name, showValue(x), showValue(y))
			}
		}
		if okA, err = a.next(); err != nil {
			return err
		}
		if okB, err = b.next(); err != nil {
			return err
		}
	}
	return nil
}

// rowReader scans rows of a table into values normalized by column kind.
type rowReader struct {
	rows *sql.Rows
	t    copyTable
	raw  []any
	ptrs []any
	vals []any
}

func newRowReader(rows *sql.Rows, t copyTable) *rowReader {
	r := &rowReader{rows: rows, t: t, raw: make([]any, len(t.cols)), ptrs: make([]any, len(t.cols)), vals: make([]any, len(t.cols))}
	for i := range r.raw {
		r.ptrs[i] = &r.raw[i]
	}
	return r
}

// next reads the next row; false at the end.
func (r *rowReader) next() (bool, error) {
	if !r.rows.Next() {
		if err := r.rows.Err(); err != nil {
			return false, fmt.Errorf("verify %s: %w", r.t.name, err)
		}
		return false, nil
	}
	if err := r.rows.Scan(r.ptrs...); err != nil {
		return false, fmt.Errorf("verify %s: %w", r.t.name, err)
	}
	for i, c := range r.t.cols {
		v, err := normValue(c.kind, r.raw[i])
		if err != nil {
			return false, Errorf(EINVALID, "%s row %s, column %s: %v", r.t.name, r.t.rowKey(r.raw), c.name, err)
		}
		r.vals[i] = v
	}
	return true, nil
}

// normValue turns what a driver returned for a column of kind k into one
// value per kind, the same from either backend: int64 for integers and
// booleans, string for text, []byte for blobs, float64 for reals, nil for
// NULL. A value that is not of its column's kind (SQLite lets a column hold
// any) is an error: it would not survive the copy unchanged.
func normValue(k valueKind, v any) (any, error) {
	if v == nil {
		return nil, nil
	}
	switch k {
	case kindInteger, kindBool:
		switch x := v.(type) {
		case int64:
			return x, nil
		case int32:
			return int64(x), nil
		case int16:
			return int64(x), nil
		case int:
			return int64(x), nil
		case bool:
			if x {
				return int64(1), nil
			}
			return int64(0), nil
		}
	case kindText:
		switch x := v.(type) {
		case string:
			return x, nil
		case []byte:
			if utf8.Valid(x) {
				return string(x), nil
			}
			return nil, fmt.Errorf("holds bytes that are not UTF-8 text")
		}
	case kindBlob:
		switch x := v.(type) {
		case []byte:
			return x, nil
		case string:
			return []byte(x), nil
		}
	case kindReal:
		switch x := v.(type) {
		case float64:
			return x, nil
		case float32:
			return float64(x), nil
		case int64:
			return float64(x), nil
		}
	}
	return nil, fmt.Errorf("holds %s, not %s", showValue(v), article(k))
}

func article(k valueKind) string {
	if k == kindInteger {
		return "an integer"
	}
	return "a " + k.String() + " value"
}

// targetValue is a normalized value as a column of kind k takes it.
func targetValue(k valueKind, v any) any {
	if k == kindBool {
		if n, ok := v.(int64); ok {
			return n != 0
		}
	}
	return v
}

// compareValues orders two normalized values: NULL first, then by value
// (text by its bytes, as the key order of selectRows).
func compareValues(a, b any) int {
	switch x := a.(type) {
	case nil:
		if b == nil {
			return 0
		}
		return -1
	case int64:
		if y, ok := b.(int64); ok {
			return cmp.Compare(x, y)
		}
	case string:
		if y, ok := b.(string); ok {
			return strings.Compare(x, y)
		}
	case []byte:
		if y, ok := b.([]byte); ok {
			return bytes.Compare(x, y)
		}
	case float64:
		if y, ok := b.(float64); ok {
			if math.Float64bits(x) == math.Float64bits(y) {
				return 0
			}
			return cmp.Compare(x, y)
		}
	}
	if b == nil {
		return 1
	}
	// Different kinds: never equal; ordered by kind so the order is total.
	return cmp.Compare(fmt.Sprintf("%T", a), fmt.Sprintf("%T", b))
}

// showValue writes a value for a message: text quoted and clipped, a blob
// by its size.
func showValue(v any) string {
	switch x := v.(type) {
	case nil:
		return "NULL"
	case string:
		return fmt.Sprintf("%q", clip(x, 40))
	case []byte:
		return fmt.Sprintf("%d bytes", len(x))
	case float64:
		return fmt.Sprintf("%v (a real number)", x)
	}
	return fmt.Sprint(v)
}

// rowKey names a row of t by its primary key: "id=42", or
// "kind=fee_expense, currency=USD".
func (t copyTable) rowKey(vals []any) string {
	parts := make([]string, len(t.pk))
	for i, k := range t.pk {
		v := vals[k]
		if s, ok := v.(string); ok {
			v = clip(s, 40)
		} else if b, ok := v.([]byte); ok {
			v = clip(string(b), 40)
		}
		parts[i] = fmt.Sprintf("%s=%v", t.cols[k].name, v)
	}
	return strings.Join(parts, ", ")
}
