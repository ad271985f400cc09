// Command payouts-bench measures Payouts at the scale it must stay fast at
// (10,000 creators, 12,000 deals, a million orders) and prints one table:
// each figure next to its floor (what the same work costs the sqlite3 CLI,
// or a bare excelize writer), the ratio, the target and the peak memory of
// the process that did it. `make bench` runs it.
//
// Each measurement runs in a child process (this program re-executed with
// -child NAME), so its peak resident memory is its own.
package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"time"

	"github.com/payouts/payouts/ledger/demo"
)

// config is what the parent passes to every child.
type config struct {
	Scale float64
	Dir   string
	Rows  int // rows of the Shopify export
	Ops   int // interactive operations timed
	// Only lists the measurements to take, comma-separated (-only); empty
	// takes them all. Measurements of the large ledger build it first.
	Only string
	// Profile is where a child writes its CPU profile (name.cpu.pprof)
	// and its heap profile at the peak of its import (name.heap.pprof), for
	// go tool pprof; empty writes none.
	Profile string
	// PG is the address of the bench's PostgreSQL cluster (its maintenance
	// database), given by the parent to the children of the pg-
	// measurements; PGOrders the orders of the program built there (0 by
	// default: the cached balances read no transfers; -1: as many as the
	// program has).
	PG       string
	PGOrders int
}

// measurements are the names -only takes, in the order of the table.
var measurements = append([]string{"build", "balances", "history", "interactive", "check", "report", "import", "export", "ledger", "gui"}, pgMeasurements...)

// wants reports whether the run takes measurement name.
func (c config) wants(name string) bool {
	if c.Only == "" {
		return true
	}
	for _, n := range strings.Split(c.Only, ",") {
		if strings.TrimSpace(n) == name {
			return true
		}
	}
	return false
}

// wantsLarge reports whether the run takes a measurement of the large
// ledger file (every one but the import and those on PostgreSQL), which
// the build makes.
func (c config) wantsLarge() bool {
	for _, n := range measurements {
		if n != "import" && !slices.Contains(pgMeasurements, n) && c.wants(n) {
			return true
		}
	}
	return false
}

func (c config) large() demo.Large { return demo.DefaultLarge().Scaled(c.Scale) }

func (c config) path(name string) string { return filepath.Join(c.Dir, name) }

// clock is the fixed "now" of the generated program: the same seed and
// clock give the same ledger on every run.
var clock = time.Date(2026, 11, 21, 12, 0, 0, 0, time.UTC)

func main() {
	var cfg config
	var child string
	var keep, noGUI bool
	flag.Float64Var(&cfg.Scale, "scale", 1, "size of the program: 1 is 10,000 creators, 12,000 deals, 1,000,000 orders; 0.05 runs in a minute")
	flag.StringVar(&cfg.Dir, "dir", "", "working folder for the ledgers and files (default: a new temporary folder, removed at the end)")
	flag.IntVar(&cfg.Rows, "rows", 0, "rows of the Shopify export to import (default: 1,000,000 × scale)")
	flag.IntVar(&cfg.Ops, "ops", 1000, "interactive operations (request + pay offline) to time")
	flag.BoolVar(&keep, "keep", false, "keep the working folder")
	flag.BoolVar(&noGUI, "no-gui", false, "skip the GUI benchmarks")
	flag.StringVar(&cfg.Only, "only", "", "take only these measurements, comma-separated: "+strings.Join(measurements, ", ")+" (those of the large ledger build it first)")
	flag.StringVar(&cfg.Profile, "profile", "", "write each child's CPU and heap profiles into this folder (NAME.cpu.pprof, NAME.heap.pprof)")
	flag.StringVar(&cfg.PG, "pg", "", "internal: the PostgreSQL cluster of the pg- measurements")
	flag.IntVar(&cfg.PGOrders, "pg-orders", 0, "orders of the program built on PostgreSQL for pg-balances and pg-interactive (-1: as many as the program has, 2.1 million transfers, a long build)")
	flag.StringVar(&child, "child", "", "internal: run one measurement and print its figures")
	flag.Parse()
	for _, n := range strings.Split(cfg.Only, ",") {
		if n = strings.TrimSpace(n); n != "" && !slices.Contains(measurements, n) {
			fatal(fmt.Errorf("-only: no measurement %q (%s)", n, strings.Join(measurements, ", ")))
		}
	}
	if cfg.Rows <= 0 {
		cfg.Rows = max(1000, int(1_000_000*cfg.Scale))
	}
	ctx := context.Background()

	if child != "" {
		res, err := runMeasurement(ctx, cfg, child)
		if err != nil {
			fmt.Fprintf(os.Stderr, "payouts-bench %s: %v\n", child, err)
			os.Exit(1)
		}
		b, _ := json.Marshal(res)
		fmt.Printf("RESULT %s\n", b)
		return
	}

	if cfg.Dir == "" {
		d, err := os.MkdirTemp("", "payouts-bench-")
		if err != nil {
			fatal(err)
		}
		cfg.Dir = d
		if !keep {
			defer os.RemoveAll(d)
		}
	} else if err := os.MkdirAll(cfg.Dir, 0o755); err != nil {
		fatal(err)
	}
	t := run(ctx, cfg, !noGUI)
	t.print(os.Stdout)
}

func fatal(err error) {
	fmt.Fprintln(os.Stderr, "payouts-bench:", err)
	os.Exit(1)
}

// figures are what a child measured: names to numbers (seconds, counts,
// bytes) or text.
type figures map[string]any

func (f figures) num(k string) float64 {
	v, _ := f[k].(float64)
	return v
}

func (f figures) str(k string) string {
	v, _ := f[k].(string)
	return v
}

// childRun is one child process: its figures and peak memory.
type childRun struct {
	figures
	rssKB int64
	wall  time.Duration
	cpu   time.Duration // user + system of the whole child
	err   error
}

// runChild re-executes this program to run one measurement.
func runChild(ctx context.Context, cfg config, name string) childRun {
	self, err := os.Executable()
	if err != nil {
		return childRun{err: err}
	}
	args := []string{"-child", name, "-scale", fmt.Sprint(cfg.Scale), "-dir", cfg.Dir, "-rows", fmt.Sprint(cfg.Rows), "-ops", fmt.Sprint(cfg.Ops),
		"-profile", cfg.Profile, "-pg", cfg.PG, "-pg-orders", fmt.Sprint(cfg.PGOrders)}
	cmd := exec.CommandContext(ctx, self, args...)
	cmd.Stderr = os.Stderr
	var out strings.Builder
	cmd.Stdout = &out
	progress("%s ...", name)
	start := time.Now()
	err = cmd.Run()
	r := childRun{wall: time.Since(start), rssKB: maxRSS(cmd.ProcessState), cpu: cpuTime(cmd.ProcessState)}
	if err != nil {
		r.err = fmt.Errorf("%s: %v", name, err)
		return r
	}
	for _, line := range strings.Split(out.String(), "\n") {
		if rest, ok := strings.CutPrefix(line, "RESULT "); ok {
			if err := json.Unmarshal([]byte(rest), &r.figures); err != nil {
				r.err = fmt.Errorf("%s: %v", name, err)
			}
			return r
		}
	}
	r.err = fmt.Errorf("%s: no result", name)
	return r
}

// maxRSS is the peak resident memory of a finished process, in KiB (Linux
// reports ru_maxrss in KiB).
func maxRSS(ps *os.ProcessState) int64 {
	if ps == nil {
		return 0
	}
	if ru, ok := ps.SysUsage().(*syscall.Rusage); ok {
		return ru.Maxrss
	}
	return 0
}

// cpuTime is the CPU time (user + system) a finished process used: on a
// busy machine it depends much less than wall time on what else runs.
func cpuTime(ps *os.ProcessState) time.Duration {
	if ps == nil {
		return 0
	}
	return ps.UserTime() + ps.SystemTime()
}

// selfCPU is the CPU time this process has used so far.
func selfCPU() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

func progress(format string, args ...any) {
	fmt.Fprintf(os.Stderr, "%s  "+format+"\n", append([]any{time.Now().Format("15:04:05")}, args...)...)
}
