package main

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"time"
)

// goBench is one line of `go test -bench` output.
type goBench struct {
	name    string
	n       int
	nsPerOp float64
	metrics map[string]float64 // custom metrics (b.ReportMetric), by unit
}

// goTool is the go command that runs this program's builds.
func goTool() string {
	if p, err := exec.LookPath("go"); err == nil {
		return p
	}
	return filepath.Join(runtime.GOROOT(), "bin", "go")
}

// runGoBench compiles pkg's tests into a binary (CGO_ENABLED=0, as every
// package but the app's main tests) and runs the benchmarks matching bench
// in one process, whose peak memory is returned with the parsed lines.
func runGoBench(ctx context.Context, cfg config, pkg, bench, benchtime string, env []string) ([]goBench, int64, time.Duration, error) {
	bin := cfg.path(strings.ReplaceAll(strings.Trim(pkg, "./"), "/", "_") + ".test")
	build := exec.CommandContext(ctx, goTool(), "test", "-c", "-o", bin, pkg)
	build.Env = append(os.Environ(), "CGO_ENABLED=0")
	if out, err := build.CombinedOutput(); err != nil {
		return nil, 0, 0, fmt.Errorf("go test -c %s: %v: %s", pkg, err, strings.TrimSpace(string(out)))
	}
	defer os.Remove(bin)
	cmd := exec.CommandContext(ctx, bin, "-test.run", "^$", "-test.bench", bench, "-test.benchtime", benchtime, "-test.benchmem")
	cmd.Env = append(append(os.Environ(), "LANG=en_US.UTF-8"), env...)
	// The package's own folder, as go test runs it (testdata, relative paths).
	if dir, err := exec.CommandContext(ctx, goTool(), "list", "-f", "{{.Dir}}", pkg).Output(); err == nil {
		cmd.Dir = strings.TrimSpace(string(dir))
	}
	var out strings.Builder
	cmd.Stdout = &out
	cmd.Stderr = os.Stderr
	start := time.Now()
	err := cmd.Run()
	wall := time.Since(start)
	rss := maxRSS(cmd.ProcessState)
	lines := parseGoBench(out.String())
	if err != nil {
		return lines, rss, wall, fmt.Errorf("%s benchmarks: %v: %s", pkg, err, lastLines(out.String(), 5))
	}
	return lines, rss, wall, nil
}

func lastLines(s string, n int) string {
	lines := strings.Split(strings.TrimSpace(s), "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return strings.Join(lines, " | ")
}

// parseGoBench reads "BenchmarkX-2  100  12345 ns/op  3.5 unit ..." lines.
func parseGoBench(out string) []goBench {
	var res []goBench
	sc := bufio.NewScanner(strings.NewReader(out))
	for sc.Scan() {
		f := strings.Fields(sc.Text())
		if len(f) < 4 || !strings.HasPrefix(f[0], "Benchmark") {
			continue
		}
		n, err := strconv.Atoi(f[1])
		if err != nil {
			continue
		}
		b := goBench{name: f[0], n: n, metrics: map[string]float64{}}
		if i := strings.LastIndex(b.name, "-"); i > 0 {
			b.name = b.name[:i]
		}
		for i := 2; i+1 < len(f); i += 2 {
			v, err := strconv.ParseFloat(f[i], 64)
			if err != nil {
				continue
			}
			if f[i+1] == "ns/op" {
				b.nsPerOp = v
			} else {
				b.metrics[f[i+1]] = v
			}
		}
		res = append(res, b)
	}
	return res
}
