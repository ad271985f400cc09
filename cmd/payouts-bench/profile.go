package main

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"runtime/metrics"
	"runtime/pprof"
	"strings"
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
	// rssHeap is the heap profile when the process's resident memory was
	// at its largest, rss that memory and rssGo the Go runtime's part of
	// it (the rest is SQLite's, outside the Go heap, and the program).
	rssHeap    []byte
	rss, rssGo uint64
	startHWM   uint64 // the process's peak resident memory before the work
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
	p.startHWM = procStatus("VmHWM:")
	p.done.Add(1)
	go p.watchHeap()
	return p, nil
}

// watchHeap keeps the heap profile of the largest heap seen, looking every
// 100 ms. The profile is of the last collection's live objects, with where
// each was allocated.
func (p *profiler) watchHeap() {
	defer p.done.Done()
	sample := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"},
		{Name: "/memory/classes/total:bytes"}, {Name: "/memory/classes/heap/released:bytes"}}
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
		if rss := procStatus("VmRSS:"); rss > p.rss+p.rss/50 {
			var b bytes.Buffer
			if pprof.Lookup("heap").WriteTo(&b, 0) == nil {
				p.rssHeap, p.rss = b.Bytes(), rss
				p.rssGo = sample[1].Value.Uint64() - sample[2].Value.Uint64()
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
	if err := os.WriteFile(filepath.Join(p.dir, p.name+".heap.pprof"), p.heap, 0o644); err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(p.dir, p.name+".rss.pprof"), p.rssHeap, 0o644); err != nil {
		return err
	}
	progress("%s: profiles in %s: heap objects at most %.0f MB (heap.pprof); resident memory at most %.0f MB, %.0f MB of it the Go runtime's (rss.pprof); peak resident memory before the work %.0f MB, after %.0f MB; heap system memory %.0f MB",
		p.name, p.dir, float64(p.peak)/(1<<20), float64(p.rss)/(1<<20), float64(p.rssGo)/(1<<20),
		float64(p.startHWM)/(1<<20), float64(procStatus("VmHWM:"))/(1<<20), float64(ms.HeapSys)/(1<<20))
	return nil
}

// procStatus reads a memory figure of this process from /proc/self/status
// ("VmRSS:", "VmHWM:"), in bytes; 0 where there is none.
func procStatus(key string) uint64 {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(b), "\n") {
		if rest, ok := strings.CutPrefix(line, key); ok {
			var kb uint64
			fmt.Sscanf(strings.TrimSpace(rest), "%d", &kb)
			return kb * 1024
		}
	}
	return 0
}
