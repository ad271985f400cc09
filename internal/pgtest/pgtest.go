package pgtest

import (
	"context"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// The test process's shared cluster, started by the first URL.
var (
	sharedMu  sync.Mutex
	shared    *Cluster
	sharedErr error
	dbSeq     atomic.Int64
)

// Shared returns the test process's cluster, starting it on first use.
// Without PostgreSQL the test is skipped, or fails when
// PAYOUTS_FULL_TEST=1 (make test), as every test that needs a tool.
func Shared(t testing.TB) *Cluster {
	t.Helper()
	sharedMu.Lock()
	defer sharedMu.Unlock()
	if shared == nil && sharedErr == nil {
		shared, sharedErr = Start(Options{})
	}
	if sharedErr != nil {
		if sharedErr == ErrNotInstalled && os.Getenv("PAYOUTS_FULL_TEST") != "1" {
			t.Skip("PostgreSQL is not installed (.ci/deps test installs it; PAYOUTS_FULL_TEST=1 makes this a failure)")
		}
		t.Fatal(sharedErr)
	}
	return shared
}

// URL returns the URL of a fresh, empty database on the shared cluster,
// connecting as the superuser; it is dropped when the test ends (after the
// test's own cleanups, registered later, have closed their connections).
func URL(t testing.TB) string {
	t.Helper()
	c := Shared(t)
	name := fmt.Sprintf("t%d_%s", dbSeq.Add(1), dbSuffix(t.Name()))
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	u, err := c.CreateDatabase(ctx, name)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		defer cancel()
		if err := c.DropDatabase(ctx, name); err != nil {
			t.Error(err)
		}
	})
	return u
}

// AdminURL is the superuser's URL of the shared cluster's maintenance
// database (postgres), for what is cluster-wide: roles. Roles outlive a
// test's database: a test that creates some names them uniquely or drops
// them.
func AdminURL(t testing.TB) string {
	t.Helper()
	return Shared(t).AdminURL()
}

// As returns dbURL connecting as another role (the cluster trusts every
// loopback connection, so no password).
func As(dbURL, role string) string {
	u, err := url.Parse(dbURL)
	if err != nil {
		panic(fmt.Sprintf("pgtest.As: %v", err))
	}
	u.User = url.User(role)
	return u.String()
}

// dbSuffix turns a test name into the tail of a database name, so a
// database left by a failed test says whose it was.
func dbSuffix(name string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(name) {
		switch {
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9':
			b.WriteRune(r)
		default:
			b.WriteByte('_')
		}
		if b.Len() >= 40 {
			break
		}
	}
	return b.String()
}

// Main runs a package's tests and then stops the shared cluster, if one
// was started, and removes its folder. Use it in TestMain:
//
//	func TestMain(m *testing.M) { pgtest.Main(m) }
//
// A package whose TestMain does more calls Stop after m.Run instead.
// Without either the postmaster still dies with the test process (Linux),
// and the next start removes its folder.
func Main(m *testing.M) {
	code := m.Run()
	Stop()
	os.Exit(code)
}

// Stop stops the shared cluster, if one was started.
func Stop() {
	sharedMu.Lock()
	defer sharedMu.Unlock()
	if shared != nil {
		shared.Stop()
	}
}

// RequirePassword has the shared cluster, which trusts every loopback
// connection, ask role for its SCRAM-SHA-256 password, as a real server
// does, until the test ends.
func RequirePassword(t testing.TB, role string) {
	t.Helper()
	hba := filepath.Join(Shared(t).Dir, "data", "pg_hba.conf")
	old, err := os.ReadFile(hba)
	if err != nil {
		t.Fatal(err)
	}
	line := "host all " + role + " 127.0.0.1/32 scram-sha-256\n"
	if err := os.WriteFile(hba, append([]byte(line), old...), 0o600); err != nil {
		t.Fatal(err)
	}
	reload := func() {
		if _, err := Shared(t).admin.Exec(`SELECT pg_reload_conf()`); err != nil {
			t.Fatal(err)
		}
		time.Sleep(200 * time.Millisecond) // the postmaster rereads it on SIGHUP
	}
	reload()
	t.Cleanup(func() {
		os.WriteFile(hba, old, 0o600)
		reload()
	})
}
