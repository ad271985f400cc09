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

// While a large import posts, the collector lets the heap grow to
// postingHeap over what is live, within importGC and 100, and is back at
// importGC after; an import overlapping another, or under a lower setting,
// is left as it is.
func TestPostingGC(t *testing.T) {
	orig := debug.SetGCPercent(100)
	defer debug.SetGCPercent(orig)
	current := func() int { v := debug.SetGCPercent(-1); debug.SetGCPercent(v); return v }

	for _, tt := range []struct {
		name string
		live uint64
		want int
	}{
		{"MillionRows", 90 << 20, int((postingHeap - 90<<20) * 100 / (90 << 20))},
		{"Small", 10 << 20, 100},
		{"NearTheGoal", 140 << 20, importGC},
		{"OverTheGoal", 300 << 20, importGC},
		{"Unknown", 0, importGC},
	} {
		t.Run(tt.name, func(t *testing.T) {
			done := lowGC()
			defer done()
			restore := postingGC(tt.live)
			if got := current(); got != tt.want {
				t.Errorf("posting with %d MB live: GOGC = %d, want %d", tt.live>>20, got, tt.want)
			}
			restore()
			if got := current(); got != importGC {
				t.Errorf("after posting GOGC = %d, want %d", got, importGC)
			}
		})
	}

	t.Run("Overlapping", func(t *testing.T) {
		first, second := lowGC(), lowGC()
		defer first()
		defer second()
		postingGC(90 << 20)()
		if got := current(); got != importGC {
			t.Errorf("with two imports GOGC = %d, want %d", got, importGC)
		}
	})
	t.Run("LowerSetting", func(t *testing.T) {
		debug.SetGCPercent(10)
		defer debug.SetGCPercent(100)
		done := lowGC()
		defer done()
		postingGC(90 << 20)()
		if got := current(); got != 10 {
			t.Errorf("under GOGC=10 posting set %d", got)
		}
	})
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
