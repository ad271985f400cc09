package ledger_test

import (
	"bufio"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/payouts/payouts/ledger"
)

// TestCrash kills a writing child process at random moments, reopens the
// ledger, and checks that every operation the child reported as committed is
// there, that nothing is half-written (all invariants hold) and that SQLite
// finds the file intact.
func TestCrash(t *testing.T) {
	if os.Getenv("PAYOUTS_CRASH_CHILD") != "" {
		crashChild()
		return
	}
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "crash.payouts")
	s, err := ledger.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	deal := MustDeal(t, s, "Ana", "USD", pct10)
	s.Close()

	rounds := 8
	if testing.Short() {
		rounds = 3
	}
	rng := rand.New(rand.NewPCG(uint64(time.Now().UnixNano()), 1))
	committed := map[string]bool{}
	for round := 0; round < rounds; round++ {
		cmd := exec.Command(exe, "-test.run=^TestCrash$")
		cmd.Env = append(os.Environ(), "PAYOUTS_CRASH_CHILD="+path, fmt.Sprintf("PAYOUTS_CRASH_DEAL=%d", deal), fmt.Sprintf("PAYOUTS_CRASH_ROUND=%d", round))
		out, err := cmd.StdoutPipe()
		if err != nil {
			t.Fatal(err)
		}
		cmd.Stderr = os.Stderr
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		lines := make(chan string)
		go func() {
			sc := bufio.NewScanner(out)
			for sc.Scan() {
				lines <- sc.Text()
			}
			close(lines)
		}()
		// Let it write for a random while, then kill -9 mid-stream.
		wait := time.Duration(50+rng.IntN(400)) * time.Millisecond
		if raceEnabled {
			wait += 3 * time.Second // the instrumented child takes seconds to open the ledger
		}
		deadline := time.After(wait)
	read:
		for {
			select {
			case l, ok := <-lines:
				if !ok {
					break read
				}
				if op, found := strings.CutPrefix(l, "committed "); found {
					committed[op] = true
				}
			case <-deadline:
				cmd.Process.Signal(syscall.SIGKILL)
				for l := range lines { // what it printed before dying was committed
					if op, found := strings.CutPrefix(l, "committed "); found {
						committed[op] = true
					}
				}
				break read
			}
		}
		cmd.Wait()

		s, err := ledger.Open(path)
		if err != nil {
			t.Fatalf("round %d: reopen after kill: %v", round, err)
		}
		hist, err := s.History(ctx, ledger.HistoryQuery{DealID: deal})
		if err != nil {
			t.Fatal(err)
		}
		found := map[string]bool{}
		for _, h := range hist {
			found[h.Comment] = true
		}
		for op := range committed {
			if !found[op] {
				t.Fatalf("round %d: operation %s was reported committed but is missing after the crash", round, op)
			}
		}
		MustCheck(t, s)
		var ic string
		s.DB().QueryRow(`PRAGMA integrity_check`).Scan(&ic)
		if ic != "ok" {
			t.Fatalf("round %d: integrity_check = %s", round, ic)
		}
		s.Close()
	}
	if len(committed) < rounds {
		t.Fatalf("only %d operations committed over %d rounds: the child barely ran", len(committed), rounds)
	}
	t.Logf("%d committed operations survived %d kills", len(committed), rounds)
}

// crashChild writes operations as fast as it can, announcing each one only
// after its commit returned.
func crashChild() {
	s, err := ledger.Open(os.Getenv("PAYOUTS_CRASH_CHILD"))
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	deal, _ := strconv.ParseInt(os.Getenv("PAYOUTS_CRASH_DEAL"), 10, 64)
	round := os.Getenv("PAYOUTS_CRASH_ROUND")
	w := bufio.NewWriter(os.Stdout)
	for i := 0; ; i++ {
		name := fmt.Sprintf("r%s-op%d", round, i)
		var err error
		switch i % 3 {
		case 0, 1:
			_, err = s.AddBonus(ctx, ledger.BonusInput{DealID: deal, Amount: int64(100 + i), Comment: name})
		case 2:
			var req int64
			req, err = s.RequestPayout(ctx, ledger.RequestInput{DealID: deal, Amount: 50, Comment: name})
			if err == nil {
				fmt.Fprintf(w, "committed %s\n", name)
				w.Flush()
				name += "-paid"
				err = s.PayOffline(ctx, ledger.PayInput{RequestID: req, Reference: name, Comment: name})
			}
		}
		if err != nil {
			fmt.Fprintln(os.Stderr, "child:", err)
			os.Exit(1)
		}
		fmt.Fprintf(w, "committed %s\n", name)
		w.Flush()
	}
}
