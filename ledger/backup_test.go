package ledger_test

import (
	"bufio"
	"database/sql"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/payouts/payouts/ledger"
)

// A backup taken while four writers commit passes integrity_check and holds
// every operation committed before it began.
func TestBackupWhileWriting(t *testing.T) {
	p := filepath.Join(t.TempDir(), "busy.payouts")
	s, err := ledger.Open(p)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	deal := MustDeal(t, s, "Ana", "USD", pct10)

	var mu sync.Mutex
	committed := map[int64]bool{} // transfer IDs of committed bonuses
	stop := make(chan struct{})
	var wg sync.WaitGroup
	var writes atomic.Int64
	for w := 0; w < 4; w++ {
		ws, err := ledger.Open(p) // each writer its own pool, as another program would
		if err != nil {
			t.Fatal(err)
		}
		defer ws.Close()
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				select {
				case <-stop:
					return
				default:
				}
				id, err := ws.AddBonus(ctx, ledger.BonusInput{DealID: deal, Amount: 1})
				if err != nil {
					t.Error(err)
					return
				}
				mu.Lock()
				committed[id] = true
				mu.Unlock()
				writes.Add(1)
			}
		}()
	}
	for writes.Load() < 40 {
		time.Sleep(5 * time.Millisecond)
	}
	mu.Lock()
	before := make([]int64, 0, len(committed))
	for id := range committed {
		before = append(before, id)
	}
	mu.Unlock()
	b, err := s.BackupNow(ctx, "manual")
	close(stop)
	wg.Wait()
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(b.Path, ledger.BackupDir(p)) {
		t.Fatalf("backup at %s, want in %s", b.Path, ledger.BackupDir(p))
	}
	db, err := sql.Open("sqlite", "file:"+b.Path+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var check string
	db.QueryRow(`PRAGMA integrity_check`).Scan(&check)
	if check != "ok" {
		t.Fatalf("integrity_check of the backup: %s", check)
	}
	for _, id := range before {
		var n int
		db.QueryRow(`SELECT count(*) FROM transfers WHERE id = ?`, id).Scan(&n)
		if n != 1 {
			t.Fatalf("transfer %d, committed before the backup began, is not in it", id)
		}
	}
	list, err := ledger.ListBackups(p)
	if err != nil || len(list) != 1 || list[0].Path != b.Path || list[0].Reason != "manual" {
		t.Fatalf("ListBackups = %+v, %v", list, err)
	}
	if _, err := s.Backup(ctx, b.Path); ledger.ErrorCode(err) != ledger.ECONFLICT {
		t.Fatalf("backup over an existing file: %v, want conflict", err)
	}
}

// The retention keeps the newest backup of each of the last 7 days, 4 ISO
// weeks and 12 months, and the newest of all.
func TestRetentionKeep(t *testing.T) {
	day := func(y int, m time.Month, d, h int) ledger.Backup {
		tm := time.Date(y, m, d, h, 0, 0, 0, time.Local)
		return ledger.Backup{Path: tm.Format("2006-01-02T15"), Time: tm}
	}
	var list []ledger.Backup // newest first: two a day for 400 days
	start := time.Date(2026, 12, 1, 0, 0, 0, 0, time.Local)
	for i := 0; i < 400; i++ {
		d := start.AddDate(0, 0, -i)
		list = append(list, day(d.Year(), d.Month(), d.Day(), 18), day(d.Year(), d.Month(), d.Day(), 9))
	}
	for _, tc := range []struct {
		name string
		r    ledger.Retention
		want []string
	}{
		{"OnlyNewest", ledger.Retention{}, []string{"2026-12-01T18"}},
		{"Daily3", ledger.Retention{Daily: 3}, []string{"2026-12-01T18", "2026-11-30T18", "2026-11-29T18"}},
		// ISO weeks: Tue 1 Dec is in week 49; Sun 29 Nov ends week 48.
		{"Weekly2", ledger.Retention{Weekly: 2}, []string{"2026-12-01T18", "2026-11-29T18"}},
		{"Monthly3", ledger.Retention{Monthly: 3}, []string{"2026-12-01T18", "2026-11-30T18", "2026-10-31T18"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			keep := tc.r.Keep(list)
			var got []string
			for _, b := range list {
				if keep[b.Path] {
					got = append(got, b.Path)
				}
			}
			if !reflect.DeepEqual(got, tc.want) {
				t.Fatalf("kept %v, want %v", got, tc.want)
			}
		})
	}
	keep := ledger.DefaultRetention.Keep(list)
	if len(keep) < 7 || len(keep) > 7+4+12 {
		t.Fatalf("default retention kept %d of %d", len(keep), len(list))
	}
}

// BackupNow prunes the folder by the retention, and DailyBackup makes one a
// day.
func TestBackupNowPrunes(t *testing.T) {
	sqliteOnly(t)
	s, c := MustOpen(t)
	MustDeal(t, s, "Ana", "USD", pct10)
	if err := s.SetBackupRetention(ctx, ledger.Retention{Daily: 2}); err != nil {
		t.Fatal(err)
	}
	made := 0
	for i := 0; i < 4; i++ {
		if _, ok, err := s.DailyBackup(ctx); err != nil {
			t.Fatal(err)
		} else if ok {
			made++
		}
		if _, ok, _ := s.DailyBackup(ctx); ok {
			t.Fatal("a second daily backup on one day")
		}
		c.Advance(24 * time.Hour)
	}
	list, _ := ledger.ListBackups(s.Path())
	if made != 4 || len(list) != 2 {
		t.Fatalf("made %d daily backups, %d kept; want 4 and 2", made, len(list))
	}
}

// Restore yields exactly the backup's state even over a ledger whose -wal a
// killed program left behind, keeps the replaced ledger as a backup, and
// refuses while another program has the ledger open.
func TestRestoreAfterKill(t *testing.T) {
	if os.Getenv("PAYOUTS_RESTORE_CHILD") != "" {
		restoreChild()
		return
	}
	p := filepath.Join(t.TempDir(), "restore.payouts")
	s, err := ledger.Open(p)
	if err != nil {
		t.Fatal(err)
	}
	deal := MustDeal(t, s, "Ana", "USD", pct10)
	for i := 0; i < 5; i++ {
		s.AddBonus(ctx, ledger.BonusInput{DealID: deal, Amount: 100})
	}
	b, err := s.BackupNow(ctx, "manual")
	if err != nil {
		t.Fatal(err)
	}
	s.Close()

	// A child writes more and is killed with the ledger open: its -wal stays.
	child, lines := startRestoreChild(t, p, deal)
	var last int64
	for l := range lines {
		if id, ok := strings.CutPrefix(l, "committed "); ok {
			last, _ = strconv.ParseInt(id, 10, 64)
			if last > 40 {
				break
			}
		}
	}
	if _, err := ledger.Restore(ctx, p, b.Path); err == nil || !strings.Contains(ledger.ErrorMessage(err), "another program has") {
		t.Fatalf("restore while another program writes: %v", err)
	}
	child.Process.Signal(syscall.SIGKILL)
	child.Wait()
	if fi, err := os.Stat(p + "-wal"); err != nil || fi.Size() == 0 {
		t.Fatalf("the killed child left no -wal (%v)", err)
	}

	res, err := ledger.Restore(ctx, p, b.Path)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := dumpTables(t, p), dumpTables(t, b.Path); !reflect.DeepEqual(got, want) {
		t.Fatalf("restored ledger differs from the backup:\n got %v\nwant %v", got, want)
	}
	// The replaced ledger, with what the child committed, was kept.
	kept, err := sql.Open("sqlite", "file:"+res.Kept+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	var n int64
	kept.QueryRow(`SELECT count(*) FROM transfers WHERE id = ?`, last).Scan(&n)
	kept.Close()
	if n != 1 {
		t.Fatalf("the kept ledger %s lacks transfer %d the child committed", res.Kept, last)
	}
	s, err = ledger.Open(p)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if b := mustBalances(t, s, deal); b.Owed != 500 {
		t.Fatalf("owed after restore = %d, want 500", b.Owed)
	}
	MustCheck(t, s)
}

func startRestoreChild(t *testing.T, path string, deal int64) (*exec.Cmd, chan string) {
	t.Helper()
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(exe, "-test.run=^TestRestoreAfterKill$")
	cmd.Env = append(os.Environ(), "PAYOUTS_RESTORE_CHILD="+path, fmt.Sprintf("PAYOUTS_RESTORE_DEAL=%d", deal))
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cmd.Process.Kill() })
	lines := make(chan string)
	go func() {
		sc := bufio.NewScanner(out)
		for sc.Scan() {
			lines <- sc.Text()
		}
		close(lines)
	}()
	return cmd, lines
}

// restoreChild adds bonuses forever, printing each committed transfer ID.
func restoreChild() {
	s, err := ledger.Open(os.Getenv("PAYOUTS_RESTORE_CHILD"))
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	deal, _ := strconv.ParseInt(os.Getenv("PAYOUTS_RESTORE_DEAL"), 10, 64)
	for {
		id, err := s.AddBonus(ctx, ledger.BonusInput{DealID: deal, Amount: 7})
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		fmt.Printf("committed %d\n", id)
	}
}

// dumpTables reads every row of every table of the SQLite file at path.
func dumpTables(t *testing.T, path string) map[string][]string {
	t.Helper()
	db, err := sql.Open("sqlite", "file:"+path+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	rows, err := db.Query(`SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name`)
	if err != nil {
		t.Fatal(err)
	}
	var tables []string
	for rows.Next() {
		var n string
		rows.Scan(&n)
		tables = append(tables, n)
	}
	rows.Close()
	out := map[string][]string{}
	for _, tbl := range tables {
		r, err := db.Query(`SELECT * FROM "` + tbl + `" ORDER BY 1`)
		if err != nil {
			t.Fatal(err)
		}
		cols, _ := r.Columns()
		for r.Next() {
			vals := make([]any, len(cols))
			ptrs := make([]any, len(cols))
			for i := range vals {
				ptrs[i] = &vals[i]
			}
			if err := r.Scan(ptrs...); err != nil {
				t.Fatal(err)
			}
			out[tbl] = append(out[tbl], fmt.Sprint(vals...))
		}
		r.Close()
	}
	return out
}
