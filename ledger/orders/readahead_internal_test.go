package orders

import (
	"fmt"
	"io"
	"runtime"
	"strings"
	"testing"
	"time"
)

// The rows read ahead are the table's rows, in order, cut to the columns
// asked for, with the rows that could not be read and the error that ends
// the file where the table gives them; across many batches too.
func TestReadAheadGivesTheTablesRows(t *testing.T) {
	var b strings.Builder
	b.WriteString("a,b,c\n")
	for i := range 3*aheadRows + 5 {
		switch i {
		case 7:
			b.WriteString("short,row\n")
		case aheadRows + 1:
			b.WriteString("x,y\"z,w\n") // a bare quote: the row is lost, the rest is read
		default:
			fmt.Fprintf(&b, "a%d,b%d,c%d\n", i, i, i)
		}
	}
	b.WriteString("\"open,quote\n") // the quoting breaks: the file's error
	text := b.String()

	want, err := openTable(strings.NewReader(text), "x.csv")
	if err != nil {
		t.Fatal(err)
	}
	got, err := openTable(strings.NewReader(text), "x.csv")
	if err != nil {
		t.Fatal(err)
	}
	ra := got.readAhead([]int{2, -1, 0})
	defer ra.close()
	for n := 0; ; n++ {
		wrec, wline, wreason, werr := want.next()
		rec, line, reason, _, err := ra.next()
		if line != wline || reason != wreason || fmt.Sprint(err) != fmt.Sprint(werr) {
			t.Fatalf("row %d: line %d, %q, %v; the table gives line %d, %q, %v", n, line, reason, err, wline, wreason, werr)
		}
		if werr != nil {
			if werr == io.EOF {
				t.Fatal("the file's broken quoting was not an error")
			}
			break
		}
		if wreason == "" && (len(rec) != 3 || rec[0] != wrec[2] || rec[1] != "" || rec[2] != wrec[0]) {
			t.Fatalf("row %d: %q, want columns 2, none and 0 of %q", n, rec, wrec)
		}
	}
}

// Closed before the end, the reader stops: no goroutine is left reading.
func TestReadAheadClose(t *testing.T) {
	before := runtime.NumGoroutine()
	text := "a,b\n" + strings.Repeat("1,2\n", 20*aheadRows)
	for range 5 {
		tb, err := openTable(strings.NewReader(text), "")
		if err != nil {
			t.Fatal(err)
		}
		ra := tb.readAhead([]int{0})
		if _, _, _, _, err := ra.next(); err != nil {
			t.Fatal(err)
		}
		ra.close()
	}
	deadline := time.Now().Add(5 * time.Second)
	for runtime.NumGoroutine() > before && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	if n := runtime.NumGoroutine(); n > before {
		t.Fatalf("%d goroutines after closing, %d before", n, before)
	}
}
