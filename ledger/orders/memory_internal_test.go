package orders

import (
	"runtime/debug"
	"testing"
)

// An import lowers the collector's target growth while it runs, overlapping
// imports share it, the last restores what was set, and a lower setting is
// never raised.
func TestLowGC(t *testing.T) {
	orig := debug.SetGCPercent(100)
	defer debug.SetGCPercent(orig)
	current := func() int { v := debug.SetGCPercent(-1); debug.SetGCPercent(v); return v }

	first := lowGC()
	if got := current(); got != importGC {
		t.Fatalf("during an import GOGC = %d, want %d", got, importGC)
	}
	second := lowGC()
	first()
	if got := current(); got != importGC {
		t.Fatalf("with one import still running GOGC = %d, want %d", got, importGC)
	}
	second()
	if got := current(); got != 100 {
		t.Fatalf("after the imports GOGC = %d, want 100", got)
	}

	debug.SetGCPercent(10)
	done := lowGC()
	if got := current(); got != 10 {
		t.Fatalf("a lower GOGC was changed to %d", got)
	}
	done()
	if got := current(); got != 10 {
		t.Fatalf("after the import GOGC = %d, want 10", got)
	}
}

// A full slice of orders grows once to what the file's size says it holds,
// not a quarter at a time; a slice with room, or a file read to its end,
// is left alone.
func TestGrowOrders(t *testing.T) {
	full := make([]Order, 2000)
	for _, tt := range []struct {
		name       string
		orders     []Order
		read, size int64
		wantCap    int
	}{
		{"Estimated", full, 100_000, 1_000_000, 2000*10*105/100 + 1024},
		{"BoundedBySize", full, 1000, 1_000_000, 1_000_000 / 16},
		{"Room", make([]Order, 2000, 3000), 100_000, 1_000_000, 3000},
		{"Small", make([]Order, 10), 100, 1_000_000, 10},
		{"NoFile", full, 100_000, 0, 2000},
		{"AtEnd", full, 1_000_000, 1_000_000, 2000},
	} {
		t.Run(tt.name, func(t *testing.T) {
			got := growOrders(tt.orders, tt.read, tt.size)
			if len(got) != len(tt.orders) || cap(got) < tt.wantCap || cap(got) > tt.wantCap+tt.wantCap/8 {
				t.Errorf("len %d cap %d, want len %d cap about %d", len(got), cap(got), len(tt.orders), tt.wantCap)
			}
		})
	}
}
