package orders

import (
	"io"
	"os"
	"runtime/debug"
	"runtime/metrics"
	"slices"
	"sync"
)

// importGC is the garbage collector's target growth (GOGC) while an export
// is read and imported. Reading a million-row export makes a row's worth of
// garbage per line while the orders read so far stay live (about 150 MB at
// the peak, when they are attributed); at Go's default of 100 the heap
// grows to twice that before a collection, which made the import's peak
// memory 400 to 520 MB. At 25 the heap stays within a quarter of what is
// live, for a few more collections (each marks only the live orders).
const importGC = 25

// bigImport is how many orders make an import large enough to hand the
// parse's memory back to the system before posting (a forced collection
// costs a fraction of a second there, nothing worth it for a small file).
const bigImport = 50_000

var gc struct {
	sync.Mutex
	users int // imports under way
	saved int // the setting before the first of them
}

// lowGC lowers the collector's target growth to importGC until the
// returned function is called; a lower setting (GOGC, or off) is kept.
// Imports that overlap share it, and the last to end restores the setting.
func lowGC() (restore func()) {
	gc.Lock()
	defer gc.Unlock()
	if gc.users == 0 {
		gc.saved = debug.SetGCPercent(importGC)
		if gc.saved < importGC {
			debug.SetGCPercent(gc.saved)
		}
	}
	gc.users++
	return func() {
		gc.Lock()
		defer gc.Unlock()
		if gc.users--; gc.users == 0 {
			debug.SetGCPercent(gc.saved)
		}
	}
}

// postingHeap is the Go heap a large import may grow to while it posts
// (the collector's goal). The parse's peak is over by then and the orders
// it made are what stays live (about 90 MB for a million rows); at
// importGC the collector ran every 25 MB of garbage, some 90 times in a
// million-row import, each time marking all of them. With this goal the
// heap stays, beside SQLite's page cache, well under the 300 MB the
// import's whole process may take (issue 11).
const postingHeap = 128 << 20

// postingGC sets the collector's target growth for the posting of an
// import whose live heap is live bytes: what keeps the heap at
// postingHeap, never less than importGC nor more than Go's default of
// 100. It returns the function that puts importGC back. It changes nothing
// when another import runs (they share the setting, see lowGC) or when a
// lower setting was in force before the import.
func postingGC(live uint64) (restore func()) {
	gc.Lock()
	defer gc.Unlock()
	if gc.users != 1 || gc.saved < importGC || live == 0 {
		return func() {}
	}
	percent := importGC
	if live < postingHeap {
		percent = min(max(int((postingHeap-live)*100/live), importGC), 100)
	}
	debug.SetGCPercent(percent)
	return func() {
		gc.Lock()
		defer gc.Unlock()
		if gc.users == 1 {
			debug.SetGCPercent(importGC)
		}
	}
}

// liveHeap is the Go heap that was live after the last collection.
func liveHeap() uint64 {
	s := []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
	metrics.Read(s)
	if s[0].Value.Kind() != metrics.KindUint64 {
		return 0
	}
	return s[0].Value.Uint64()
}

// readerSize is the size of the file r reads, 0 when r is no file.
func readerSize(r io.Reader) int64 {
	f, ok := r.(*os.File)
	if !ok {
		return 0
	}
	fi, err := f.Stat()
	if err != nil || !fi.Mode().IsRegular() {
		return 0
	}
	return fi.Size()
}

// growOrders makes room for more orders once orders is full, sized from
// the file: the orders read so far took read of its size bytes, so the
// whole file holds about size/read times as many. Appending would instead
// grow the slice a quarter at a time, each time copying it with the old
// copy still alive: at half a million orders that copy, not the orders,
// was the peak of a large import's memory. A file whose rows change shape
// later is grown again by a new estimate, or by append.
func growOrders(orders []Order, read, size int64) []Order {
	n := len(orders)
	if n < cap(orders) || n < 1024 || read <= 0 || size <= read {
		return orders
	}
	want := int64(float64(n)*float64(size)/float64(read)*1.05) + 1024
	// A row takes some bytes: never more orders than size/16.
	want = min(want, size/16)
	if want <= int64(n) {
		return orders
	}
	return slices.Grow(orders, int(want)-n)
}
