package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"slices"
	"strconv"
	"strings"
	"time"
)

// The floors: the same work done by the sqlite3 CLI (native SQLite, no Go,
// no database/sql), on the same data.

// cliRun is one run of the sqlite3 CLI.
type cliRun struct {
	out   string
	wall  time.Duration
	rssKB int64
	cpu   time.Duration // user + system
}

// sqlite3 runs the CLI on db with script on its standard input; stdout,
// when not nil, receives the output instead of cliRun.out.
func sqlite3(ctx context.Context, db, script string, stdout io.Writer, args ...string) (cliRun, error) {
	cmd := exec.CommandContext(ctx, "sqlite3", append(append([]string{"-bail"}, args...), db)...)
	// The ledger's page cache (ledger.Open: cache_size -65536), so the
	// floor is not slowed by sqlite3's default 2 MB.
	cmd.Stdin = strings.NewReader("PRAGMA cache_size=-65536;\n" + script)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	if stdout != nil {
		cmd.Stdout = stdout
	}
	start := time.Now()
	err := cmd.Run()
	r := cliRun{out: out.String(), wall: time.Since(start), rssKB: maxRSS(cmd.ProcessState), cpu: cpuTime(cmd.ProcessState)}
	if err != nil {
		return r, fmt.Errorf("sqlite3: %v: %s", err, strings.TrimSpace(errb.String()))
	}
	return r, nil
}

// sqlite3Version is the CLI's version, "3.40.1".
func sqlite3Version(ctx context.Context) string {
	out, err := exec.CommandContext(ctx, "sqlite3", "--version").Output()
	if err != nil {
		return "not installed"
	}
	if f := strings.Fields(string(out)); len(f) > 0 {
		return f[0]
	}
	return "?"
}

// runTimes reads the "Run Time: real X" lines .timer prints, in seconds.
func runTimes(out string) []float64 {
	var ts []float64
	for _, line := range strings.Split(out, "\n") {
		if rest, ok := strings.CutPrefix(line, "Run Time: real "); ok {
			if f := strings.Fields(rest); len(f) > 0 {
				if v, err := strconv.ParseFloat(f[0], 64); err == nil {
					ts = append(ts, v)
				}
			}
		}
	}
	return ts
}

// cliCPU is the CPU time (user + system) of the first statement .timer
// timed in out, in seconds.
func cliCPU(out string) float64 {
	for _, line := range strings.Split(out, "\n") {
		if _, rest, ok := strings.Cut(line, "Run Time: real "); ok {
			f := strings.Fields(rest) // X user Y sys Z
			if len(f) >= 5 {
				u, err1 := strconv.ParseFloat(f[2], 64)
				s, err2 := strconv.ParseFloat(f[4], 64)
				if err1 == nil && err2 == nil {
					return u + s
				}
			}
		}
	}
	return 0
}

// cliQueryTime is the fastest of n runs of query in one CLI session, as
// its .timer reports it (the query alone: no process start, no output).
func cliQueryTime(ctx context.Context, db, query string, n int) (float64, cliRun, error) {
	script := ".timer on\n.output /dev/null\n" + strings.Repeat(query+"\n", n)
	r, err := sqlite3(ctx, db, script, nil)
	if err != nil {
		return 0, r, err
	}
	ts := runTimes(r.out)
	if len(ts) == 0 {
		return 0, r, fmt.Errorf("sqlite3 printed no timing: %q", r.out)
	}
	best := ts[0]
	for _, t := range ts {
		best = min(best, t)
	}
	return best, r, nil
}

// cliPerStatement is what one more copy of stmts costs in a CLI session:
// the wall time of a session running them n+1 times less one running them
// once, over n. It measures statements too fast for .timer's milliseconds.
// The best of three sessions each is taken.
func cliPerStatement(ctx context.Context, db, setup, stmts string, n int) (float64, error) {
	best := func(k int) (time.Duration, error) {
		var b time.Duration
		for i := 0; i < 3; i++ {
			r, err := sqlite3(ctx, db, setup+".output /dev/null\n"+strings.Repeat(stmts+"\n", k), nil)
			if err != nil {
				return 0, err
			}
			if i == 0 || r.wall < b {
				b = r.wall
			}
		}
		return b, nil
	}
	one, err := best(1)
	if err != nil {
		return 0, err
	}
	many, err := best(n + 1)
	if err != nil {
		return 0, err
	}
	return max(0, (many-one).Seconds()/float64(n)), nil
}

// floorBuild dumps the transfers and orders of the large ledger to CSV and
// times the CLI loading them (.import, one transaction per table, WAL,
// synchronous=FULL) into a new database with the ledger's own schema and
// indexes. It returns the rows loaded, the run and the new file's size.
func floorBuild(ctx context.Context, cfg config) (rows int64, r cliRun, size int64, err error) {
	src := cfg.path(largeFile)
	for _, table := range []string{"transfers", "orders"} {
		f, err := os.Create(cfg.path(table + ".csv"))
		if err != nil {
			return 0, r, 0, err
		}
		_, err = sqlite3(ctx, src, "SELECT * FROM "+table+" ORDER BY id;\n", f, "-csv")
		f.Close()
		if err != nil {
			return 0, r, 0, err
		}
	}
	schema, err := sqlite3(ctx, src, ".schema\n", nil)
	if err != nil {
		return 0, r, 0, err
	}
	db := cfg.path("floor.db")
	removeLedger(db)
	if _, err := sqlite3(ctx, db, "PRAGMA journal_mode=WAL;\n"+schema.out, nil); err != nil {
		return 0, r, 0, err
	}
	r, err = sqlite3(ctx, db, "PRAGMA synchronous=FULL;\n.import --csv "+cfg.path("transfers.csv")+" transfers\n.import --csv "+cfg.path("orders.csv")+" orders\n", nil)
	if err != nil {
		return 0, r, 0, err
	}
	count, err := sqlite3(ctx, db, "SELECT (SELECT count(*) FROM transfers) + (SELECT count(*) FROM orders);\n", nil)
	if err != nil {
		return 0, r, 0, err
	}
	rows, _ = strconv.ParseInt(strings.TrimSpace(count.out), 10, 64)
	fi, err := os.Stat(db)
	if err != nil {
		return rows, r, 0, err
	}
	for _, table := range []string{"transfers", "orders"} {
		os.Remove(cfg.path(table + ".csv"))
	}
	return rows, r, fi.Size(), nil
}

// commitStmt is one durable one-row transaction of the commit floor.
const commitStmt = "BEGIN IMMEDIATE;\nINSERT INTO t (v) VALUES ('payout');\nCOMMIT;"

// floorCommit is the cost of durable one-row transactions (WAL,
// synchronous=FULL) in a scratch database in the working folder: the mean
// of one, by difference of sessions, and the median and 99th percentile of
// pairs of them (what request + pay commits) from the CLI's .timer, whose
// resolution is a millisecond.
func floorCommit(ctx context.Context, cfg config, pairs int) (mean, p50, p99 float64, err error) {
	db := cfg.path("commit.db")
	removeLedger(db)
	defer removeLedger(db)
	if _, err := sqlite3(ctx, db, "PRAGMA journal_mode=WAL;\nCREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT);\n", nil); err != nil {
		return 0, 0, 0, err
	}
	mean, err = cliPerStatement(ctx, db, "PRAGMA synchronous=FULL;\n", strings.ReplaceAll(commitStmt, "\n", " "), 200)
	if err != nil {
		return 0, 0, 0, err
	}
	r, err := sqlite3(ctx, db, "PRAGMA synchronous=FULL;\n.timer on\n"+strings.Repeat(commitStmt+"\n", 2*pairs), nil)
	if err != nil {
		return mean, 0, 0, err
	}
	ts := runTimes(r.out)
	var sums []float64
	for i := 0; i+6 <= len(ts); i += 6 {
		sums = append(sums, ts[i]+ts[i+1]+ts[i+2]+ts[i+3]+ts[i+4]+ts[i+5])
	}
	if len(sums) == 0 {
		return mean, 0, 0, fmt.Errorf("sqlite3 printed no timing")
	}
	slices.Sort(sums)
	return mean, sums[(len(sums)-1)/2], sums[int(float64(len(sums)-1)*0.99)], nil
}
