package pgtest_test

import (
	"bufio"
	"context"
	"database/sql"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib"

	"github.com/payouts/payouts/internal/pgtest"
)

func TestMain(m *testing.M) {
	if os.Getenv("PGTEST_ORPHAN") == "1" {
		orphan()
		return
	}
	pgtest.Main(m)
}

func open(t *testing.T, url string) *sql.DB {
	t.Helper()
	db, err := sql.Open("pgx", url)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// Two URLs are two databases, each empty, each writable, and what one
// test writes the other does not see.
func TestURLFreshDatabases(t *testing.T) {
	start := time.Now()
	a := pgtest.URL(t)
	t.Logf("first URL (cluster start + create database): %v", time.Since(start))
	start = time.Now()
	b := pgtest.URL(t)
	t.Logf("second URL (create database): %v", time.Since(start))
	if a == b {
		t.Fatalf("two calls gave one URL %s", a)
	}
	for _, u := range []string{a, b} {
		if !strings.HasPrefix(u, "postgres://postgres@127.0.0.1:") {
			t.Errorf("URL %s: want the superuser on loopback", u)
		}
	}
	dbA, dbB := open(t, a), open(t, b)
	var nameA, nameB string
	if err := dbA.QueryRow("SELECT current_database()").Scan(&nameA); err != nil {
		t.Fatal(err)
	}
	if err := dbB.QueryRow("SELECT current_database()").Scan(&nameB); err != nil {
		t.Fatal(err)
	}
	if nameA == nameB {
		t.Fatalf("both URLs reach database %s", nameA)
	}
	for _, db := range []*sql.DB{dbA, dbB} {
		var n int
		if err := db.QueryRow(`SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
			WHERE n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg_toast%'`).Scan(&n); err != nil {
			t.Fatal(err)
		}
		if n != 0 {
			t.Errorf("fresh database has %d relations, want none", n)
		}
	}
	if _, err := dbA.Exec("CREATE TABLE x (id BIGINT PRIMARY KEY); INSERT INTO x VALUES (1)"); err != nil {
		t.Fatal(err)
	}
	var n int
	if err := dbA.QueryRow("SELECT count(*) FROM x").Scan(&n); err != nil || n != 1 {
		t.Fatalf("count in a: %d, %v", n, err)
	}
	if err := dbB.QueryRow("SELECT count(*) FROM x").Scan(&n); err == nil {
		t.Fatal("table made in one database is seen in the other")
	}
	var enc, collate string
	if err := dbA.QueryRow("SELECT pg_encoding_to_char(encoding), datcollate FROM pg_database WHERE datname = current_database()").Scan(&enc, &collate); err != nil {
		t.Fatal(err)
	}
	if enc != "UTF8" || collate != "C" {
		t.Errorf("encoding %s collate %s, want UTF8 and C", enc, collate)
	}
}

// The cluster's settings: loopback only, fsync off for tests, ICU there
// (the schema's nocase collation needs it).
func TestSharedClusterSettings(t *testing.T) {
	db := open(t, pgtest.AdminURL(t))
	want := map[string]string{"listen_addresses": "127.0.0.1", "fsync": "off"}
	for k, v := range want {
		var got string
		if err := db.QueryRow("SELECT current_setting($1)", k).Scan(&got); err != nil {
			t.Fatal(err)
		}
		if got != v {
			t.Errorf("%s = %s, want %s", k, got, v)
		}
	}
	if _, err := db.Exec("CREATE COLLATION pg_temp.ci (provider = icu, locale = 'und-u-ks-level2', deterministic = false)"); err != nil {
		t.Errorf("no ICU: %v", err)
	}
	var super bool
	if err := db.QueryRow("SELECT rolsuper FROM pg_roles WHERE rolname = current_user").Scan(&super); err != nil || !super {
		t.Errorf("admin URL not a superuser: %v %v", super, err)
	}
}

// As connects as another role, with no password (trust on loopback).
func TestAs(t *testing.T) {
	u := pgtest.URL(t)
	admin := open(t, u)
	role := fmt.Sprintf("pgtest_role_%d", os.Getpid())
	if _, err := admin.Exec("CREATE ROLE " + role + " LOGIN"); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { open(t, pgtest.AdminURL(t)).Exec("DROP ROLE IF EXISTS " + role) })
	db := open(t, pgtest.As(u, role))
	var who string
	if err := db.QueryRow("SELECT current_user").Scan(&who); err != nil {
		t.Fatal(err)
	}
	db.Close()
	if who != role {
		t.Fatalf("current_user %s, want %s", who, role)
	}
}

// A durable cluster, for benchmarks: fsync on, its own folder, gone after
// Stop.
func TestStartDurable(t *testing.T) {
	if !pgtest.Installed() {
		pgtest.Shared(t) // skips, or fails under PAYOUTS_FULL_TEST
	}
	start := time.Now()
	c, err := pgtest.Start(pgtest.Options{Durable: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("durable cluster start: %v", time.Since(start))
	defer c.Stop()
	u, err := c.CreateDatabase(context.Background(), "bench")
	if err != nil {
		t.Fatal(err)
	}
	var fsync string
	if err := open(t, u).QueryRow("SHOW fsync").Scan(&fsync); err != nil || fsync != "on" {
		t.Fatalf("fsync %q, %v; want on", fsync, err)
	}
	if err := c.Stop(); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(c.Dir); !os.IsNotExist(err) {
		t.Fatalf("folder %s still there after Stop: %v", c.Dir, err)
	}
}

// orphan is the child of TestKilledProcessLeavesNothing: it starts a
// cluster, says where, and waits to be killed.
func orphan() {
	c, err := pgtest.Start(pgtest.Options{})
	if err != nil {
		fmt.Println("error", err)
		os.Exit(1)
	}
	b, _ := os.ReadFile(filepath.Join(c.Dir, "data", "postmaster.pid"))
	fmt.Println(c.Dir, strings.SplitN(string(b), "\n", 2)[0])
	time.Sleep(time.Minute)
}

// A test process killed outright (SIGKILL, no cleanup) takes its
// postmaster with it, and the next start removes the folder left behind:
// clusters cannot pile up.
func TestKilledProcessLeavesNothing(t *testing.T) {
	if !pgtest.Installed() {
		pgtest.Shared(t)
	}
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), "PGTEST_ORPHAN=1")
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	line, err := bufio.NewReader(out).ReadString('\n')
	if err != nil {
		cmd.Process.Kill()
		t.Fatalf("child: %v", err)
	}
	f := strings.Fields(line)
	if len(f) != 2 || f[0] == "error" {
		cmd.Process.Kill()
		t.Fatalf("child: %s", line)
	}
	dir := f[0]
	pid, err := strconv.Atoi(f[1])
	if err != nil {
		cmd.Process.Kill()
		t.Fatalf("postmaster pid %q", f[1])
	}
	cmd.Process.Signal(syscall.SIGKILL)
	cmd.Wait()
	deadline := time.Now().Add(10 * time.Second)
	for syscall.Kill(pid, 0) == nil {
		if time.Now().After(deadline) {
			syscall.Kill(pid, syscall.SIGKILL)
			t.Fatalf("postmaster %d outlived its killed test process", pid)
		}
		time.Sleep(20 * time.Millisecond)
	}
	if _, err := os.Stat(dir); err != nil {
		t.Fatalf("the killed process's folder %s: %v (want it left, for the next start to remove)", dir, err)
	}
	c, err := pgtest.Start(pgtest.Options{})
	if err != nil {
		t.Fatal(err)
	}
	c.Stop()
	if _, err := os.Stat(dir); !os.IsNotExist(err) {
		t.Fatalf("stale folder %s not removed by the next start: %v", dir, err)
	}
}
