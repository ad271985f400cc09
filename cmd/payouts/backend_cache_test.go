package main_test

import (
	"bufio"
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"strings"
	"testing"
)

// The Makefile runs these tests twice, the second time with
// PAYOUTS_TEST_BACKEND=postgres. go test caches a package's result keyed on
// the environment its tests read; if the backend were read where go test
// does not see it (a package variable, read before the test log starts),
// the second run would replay the first run's result and the CLI would
// never run on PostgreSQL, silently. This runs one test of the package
// twice as the Makefile does and checks the second run skipped it as a
// PostgreSQL run must, not replayed the SQLite pass.
func TestBackendRunIsNotCached(t *testing.T) {
	if testing.Short() {
		t.Skip("runs go test twice")
	}
	const name = "TestMissingLedgerRefused" // SQLite only: skipped on PostgreSQL before any cluster starts
	run := func(backend string) (action string, cached bool) {
		t.Helper()
		cmd := exec.Command("go", "test", "-json", "-run", "^"+name+"$", ".")
		for _, kv := range os.Environ() {
			if !strings.HasPrefix(kv, "PAYOUTS_TEST_BACKEND=") {
				cmd.Env = append(cmd.Env, kv)
			}
		}
		if backend != "" {
			cmd.Env = append(cmd.Env, "PAYOUTS_TEST_BACKEND="+backend)
		}
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		out, err := cmd.Output()
		if err != nil {
			t.Fatalf("go test (backend %q): %v\n%s%s", backend, err, out, stderr.String())
		}
		sc := bufio.NewScanner(bytes.NewReader(out))
		for sc.Scan() {
			var ev struct{ Action, Test, Output string }
			if json.Unmarshal(sc.Bytes(), &ev) != nil {
				continue
			}
			if ev.Test == name && (ev.Action == "pass" || ev.Action == "skip" || ev.Action == "fail") {
				action = ev.Action
			}
			if ev.Test == "" && strings.Contains(ev.Output, "(cached)") {
				cached = true
			}
		}
		if action == "" {
			t.Fatalf("go test (backend %q) did not report %s:\n%s", backend, name, out)
		}
		return action, cached
	}
	if a, _ := run(""); a != "pass" {
		t.Fatalf("%s on SQLite: %s, want pass", name, a)
	}
	if a, cached := run("postgres"); a != "skip" {
		t.Fatalf("%s with PAYOUTS_TEST_BACKEND=postgres: %s (cached %v), want skip: the PostgreSQL run replayed the SQLite run's cached result", name, a, cached)
	}
}
