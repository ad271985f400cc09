package export

import (
	"archive/zip"
	"bytes"
	"io"
	"math/rand/v2"
	"slices"
	"testing"
)

// TestSortedZip: parts come out in name order with their contents whole,
// a part larger than spillAt (spooled to a file) included, and the same
// parts handed over in another order give the same bytes.
func TestSortedZip(t *testing.T) {
	big := make([]byte, spillAt*2)
	r := rand.New(rand.NewPCG(1, 2))
	for i := range big {
		big[i] = byte(r.IntN(256)) // incompressible: the part spills
	}
	parts := map[string][]byte{"xl/worksheets/sheet2.xml": big, "[Content_Types].xml": []byte("<Types/>"),
		"xl/worksheets/sheet1.xml": bytes.Repeat([]byte("<row/>"), 1000), "docProps/app.xml": nil}
	write := func(order []string) []byte {
		var out bytes.Buffer
		z := newSortedZip(&out)
		for _, name := range order {
			w, err := z.Create(name)
			if err != nil {
				t.Fatal(err)
			}
			// In pieces, as excelize's io.Copy writes.
			for b := parts[name]; len(b) > 0; {
				n := min(len(b), 32<<10)
				if _, err := w.Write(b[:n]); err != nil {
					t.Fatal(err)
				}
				b = b[n:]
			}
		}
		if err := z.Close(); err != nil {
			t.Fatal(err)
		}
		if z.spool != nil {
			t.Error("the spool file was not removed")
		}
		return out.Bytes()
	}
	a := write([]string{"xl/worksheets/sheet2.xml", "docProps/app.xml", "xl/worksheets/sheet1.xml", "[Content_Types].xml"})
	b := write([]string{"[Content_Types].xml", "xl/worksheets/sheet1.xml", "xl/worksheets/sheet2.xml", "docProps/app.xml"})
	if !bytes.Equal(a, b) {
		t.Error("the same parts in another order gave other bytes")
	}
	zr, err := zip.NewReader(bytes.NewReader(a), int64(len(a)))
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, f := range zr.File {
		names = append(names, f.Name)
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		got, err := io.ReadAll(rc) // checks the CRC too
		rc.Close()
		if err != nil {
			t.Fatalf("%s: %v", f.Name, err)
		}
		if !bytes.Equal(got, parts[f.Name]) {
			t.Errorf("%s: got %d bytes, want %d", f.Name, len(got), len(parts[f.Name]))
		}
	}
	if !slices.IsSorted(names) || len(names) != len(parts) {
		t.Errorf("parts: got %v, want the %d in name order", names, len(parts))
	}
}
