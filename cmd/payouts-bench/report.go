package main

import (
	"context"
	"fmt"
	"strings"

	"github.com/payouts/payouts/ledger"
)

// reportQuery is the report of issue 16's target: per creator, the year up
// to the program's clock.
func reportQuery() ledger.ReportQuery {
	return ledger.ReportQuery{By: ledger.ReportByCreator, From: clock.AddDate(-1, 0, 1).Format(ledger.DateLayout), To: clock.Format(ledger.DateLayout)}
}

// measureReport times store.Report per creator over a year of the large
// program.
func measureReport(ctx context.Context, cfg config) (figures, error) {
	s, err := openLedger(cfg.path(largeFile))
	if err != nil {
		return nil, err
	}
	defer s.Close()
	var n int
	cpu0 := selfCPU()
	times, err := timeIt(5, func() error {
		rows, err := s.Report(ctx, reportQuery())
		n = len(rows)
		return err
	})
	if err != nil {
		return nil, err
	}
	return figures{"rows": float64(n), "p50": pct(times, 0.5), "max": pct(times, 1), "cpu": (selfCPU() - cpu0).Seconds() / float64(len(times))}, nil
}

// reportFloorSQL is the statement of store.Report with its arguments
// written in, for the sqlite3 CLI.
func reportFloorSQL() (string, error) {
	q, args, err := ledger.ReportSQL(reportQuery())
	if err != nil {
		return "", err
	}
	// From the highest number down, so ?1 does not eat the start of ?12.
	for i := len(args); i >= 1; i-- {
		var lit string
		switch v := args[i-1].(type) {
		case string:
			lit = "'" + strings.ReplaceAll(v, "'", "''") + "'"
		case int64:
			lit = fmt.Sprint(v)
		default:
			return "", fmt.Errorf("report floor: argument %d of type %T", i, v)
		}
		q = strings.ReplaceAll(q, fmt.Sprintf("?%d", i), lit)
	}
	return q + ";", nil
}

// addReport runs the report child and its floor and adds their row.
func addReport(ctx context.Context, cfg config, t *table) {
	rep := runChild(ctx, cfg, "report")
	if rep.err != nil {
		t.failed("Report per creator over a year", rep.err)
		return
	}
	fv, ratio, frss := "failed", "—", "—"
	if q, err := reportFloorSQL(); err != nil {
		t.note("report floor: %v", err)
	} else if fl, fr, err := cliQueryTime(ctx, cfg.path(largeFile), q, 3); err != nil {
		t.note("report floor: %v", err)
	} else {
		fv, ratio, frss = dur(fl), slower(rep.num("p50"), fl), mb(fr.rssKB)
	}
	// The first of the runs reads the file into SQLite's page cache: max
	// is that cold run, p50 a warm one (the target's).
	q := reportQuery()
	t.add(row{what: fmt.Sprintf("Report per creator, %s to %s, %s rows (store.Report: GROUP BY per deal over covering indexes)", q.From, q.To, count(rep.num("rows"))),
		ours:  fmt.Sprintf("p50 %s, max (cold) %s; CPU %s per run", dur(rep.num("p50")), dur(rep.num("max")), dur(rep.num("cpu"))),
		floor: "the same statement in the sqlite3 CLI (.timer, best of 3)", floorValue: fv, ratio: ratio,
		target: "< 1 s (issue 16): " + met(rep.num("p50") < 1), rss: mb(rep.rssKB) + " / " + frss + " (sqlite3)"})
}
