package ledger

import (
	"context"
	"database/sql/driver"
	"fmt"
	"runtime"
	"strings"
	"sync"
)

// integrityParts splits PRAGMA integrity_check into statements that
// together check all it checks, so that they can run on two cores: PRAGMA
// quick_check checks every b-tree page of the file, the free list, pages
// used twice or never, and each row's format, NOT NULL and CHECK
// constraints, everything but whether each index holds exactly its
// table's rows; PRAGMA integrity_check(T) checks T's b-trees, rows and
// that every index of T matches it (SQLite skips the file-wide page
// accounting when a table is named: quick_check does it). Nearly all of
// the time is the index comparison of transfers, one row at a time
// against its six indexes, so that table's check comes first, alone.
func (s *Store) integrityParts(ctx context.Context) ([]string, error) {
	parts := []string{`PRAGMA integrity_check("transfers")`, `PRAGMA quick_check`}
	err := s.each(ctx, "list tables", `SELECT name FROM sqlite_schema WHERE type = 'table' AND name <> 'transfers' ORDER BY name`, func(scan scanFunc) error {
		var name string
		if err := scan(&name); err != nil {
			return err
		}
		parts = append(parts, fmt.Sprintf(`PRAGMA integrity_check("%s")`, strings.ReplaceAll(name, `"`, `""`)))
		return nil
	})
	return parts, err
}

// integrityCacheKiB is the page cache of the connection that checks the
// transfers against their indexes: 128 MiB, the store's is 64. SQLite as
// built here (modernc, SQLITE_ENABLE_MEMORY_MANAGEMENT) keeps one page
// cache for all the connections of the process, so the rules' reads of
// every transfer, beside it, push out the index pages this check comes
// back to deal after deal. On the large ledger (2.1 million transfers) the
// whole check used about 7% less CPU with it, four runs of each on a busy
// machine, for at most 64 MiB more memory while it runs.
const integrityCacheKiB = 131072

// checkFile runs integrityParts and the rules of the ledger (rules) on up
// to as many connections as there are cores, at least two, the largest
// first: on two cores the transfers' index check takes one and the rules
// and the rest of the file the other. The problems come back in the order
// of the parts, SQLite's view of the file first: a damaged file explains
// the rest.
func (s *Store) checkFile(ctx context.Context, rules func(context.Context) ([]string, error)) ([]string, error) {
	parts, err := s.integrityParts(ctx)
	if err != nil {
		return nil, err
	}
	type result struct {
		problems []string
		err      error
	}
	results := make([]result, len(parts)+1) // the rules last
	// The order taken: the transfers' index check, the rules, then the
	// rest of the file.
	order := []int{0, len(parts)}
	for i := 1; i < len(parts); i++ {
		order = append(order, i)
	}
	jobs := make(chan int, len(order))
	for _, i := range order {
		jobs <- i
	}
	close(jobs)
	workers := min(max(2, runtime.GOMAXPROCS(0)), 4)
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range jobs {
				r := &results[i]
				if i == len(parts) {
					r.problems, r.err = rules(ctx)
					continue
				}
				cache := 0
				if i == 0 {
					cache = integrityCacheKiB
				}
				r.problems, r.err = s.integrityPart(ctx, parts[i], cache)
			}
		}()
	}
	wg.Wait()
	var problems []string
	for _, r := range results {
		if r.err != nil {
			return nil, r.err
		}
		problems = append(problems, r.problems...)
	}
	return problems, nil
}

// integrityPart runs one of integrityParts on a connection of its own,
// with a page cache of cacheKiB when not zero, and returns its problems.
func (s *Store) integrityPart(ctx context.Context, pragma string, cacheKiB int) (problems []string, err error) {
	conn, err := s.db.Conn(ctx)
	if err != nil {
		return nil, fmt.Errorf("integrity check: %w", err)
	}
	defer conn.Close()
	if cacheKiB != 0 {
		var was int64
		if err := conn.QueryRowContext(ctx, `PRAGMA cache_size`).Scan(&was); err != nil {
			return nil, fmt.Errorf("integrity check: %w", err)
		}
		// Back to the store's cache size after, or the connection is
		// closed rather than kept with a cache of another size.
		defer func() {
			if _, err := conn.ExecContext(context.WithoutCancel(ctx), fmt.Sprintf(`PRAGMA cache_size = %d`, was)); err != nil {
				conn.Raw(func(any) error { return driver.ErrBadConn })
			}
		}()
		if _, err := conn.ExecContext(ctx, fmt.Sprintf(`PRAGMA cache_size = -%d`, cacheKiB)); err != nil {
			return nil, fmt.Errorf("integrity check: %w", err)
		}
	}
	rows, err := conn.QueryContext(ctx, pragma)
	if err != nil {
		return nil, fmt.Errorf("integrity check: %w", err)
	}
	for rows.Next() {
		var line string
		if err := rows.Scan(&line); err != nil {
			rows.Close()
			return nil, fmt.Errorf("integrity check: %w", err)
		}
		if line != "ok" {
			problems = append(problems, "integrity_check: "+line)
		}
	}
	if err := closeRows(rows); err != nil {
		return nil, fmt.Errorf("integrity check: %w", err)
	}
	return problems, nil
}
