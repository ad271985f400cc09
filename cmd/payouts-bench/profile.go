package main

import (
	"bytes"
	"os"
	"path/filepath"
	"runtime"
	"runtime/metrics"
	"runtime/pprof"
	"sync"
	"time"
)

// profiler writes a child's CPU profile of the work it measures and a heap
// profile taken when the Go heap was at its largest (-profile): where the
// time and the peak memory of a measurement go.
type profiler struct {
	dir, name string
	cpu       *os.File
	stop      chan struct{}
	done      sync.WaitGroup
	heap      []byte // the heap profile at the largest heap seen
	peak      uint64 // that heap, in bytes
}

// startProfile starts profiling the measurement name into dir; with dir
// empty it does nothing (and stop does nothing).
func startProfile(dir, name string) (*profiler, error) {
	p := &profiler{dir: dir, name: name, stop: make(chan struct{})}
	if dir == "" {
		return p, nil
	}
	f, err := os.Create(filepath.Join(dir, name+".cpu.pprof"))
	if err != nil {
		return nil, err
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		f.Close()
		return nil, err
	}
	p.cpu = f
	p.done.Add(1)
	go p.watchHeap()
	return p, nil
}

// watchHeap keeps the heap profile of the largest heap seen, looking every
// 100 ms. The profile is of the last collection's live objects, with where
// each was allocated.
func (p *profiler) watchHeap() {
	defer p.done.Done()
	sample := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
	tick := time.NewTicker(100 * time.Millisecond)
	defer tick.Stop()
	for {
		select {
		case <-p.stop:
			return
		case <-tick.C:
		}
		metrics.Read(sample)
		if v := sample[0].Value.Uint64(); v > p.peak+p.peak/20 {
			var b bytes.Buffer
			if pprof.Lookup("heap").WriteTo(&b, 0) == nil {
				p.heap, p.peak = b.Bytes(), v
			}
		}
	}
}

// finish stops profiling and writes the heap profile, saying where.
func (p *profiler) finish() error {
	if p.cpu == nil {
		return nil
	}
	close(p.stop)
	p.done.Wait()
	pprof.StopCPUProfile()
	if err := p.cpu.Close(); err != nil {
		return err
	}
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	path := filepath.Join(p.dir, p.name+".heap.pprof")
	if err := os.WriteFile(path, p.heap, 0o644); err != nil {
		return err
	}
	progress("%s: profiles in %s (heap objects at most %.0f MB; heap system memory %.0f MB)", p.name, p.dir,
		float64(p.peak)/(1<<20), float64(ms.HeapSys)/(1<<20))
	return nil
}
