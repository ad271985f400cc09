// Package pgtest runs throwaway PostgreSQL clusters for tests and
// benchmarks: initdb in a temporary folder, a postmaster listening only on
// 127.0.0.1 on a free port, trust authentication, and a fresh database per
// test (URL). The test cluster is started once per test process, on first
// use, and removed when the process ends (Main); a process killed before
// that takes its postmaster with it (the kernel's parent-death signal) and
// leaves a folder the next start removes.
//
// initdb and postgres refuse to run as root: as root, both run as the
// postgres user (the Debian package makes it), owning the folder.
package pgtest

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // database/sql driver "pgx"
)

// ErrNotInstalled is returned by Start when no PostgreSQL server binaries
// (initdb, postgres) are found.
var ErrNotInstalled = errors.New("PostgreSQL is not installed (no initdb under /usr/lib/postgresql/*/bin or on PATH; .ci/deps test installs it)")

// Superuser is the role initdb creates and every URL connects as.
const Superuser = "postgres"

// dirPrefix names the folders of clusters, so a later start can find the
// ones a killed process left behind.
const dirPrefix = "payouts-pgtest-"

// Options say what kind of cluster to start.
type Options struct {
	// Durable keeps fsync, synchronous_commit and full_page_writes on, as a
	// production server has them: for benchmarks. Tests leave it off: a
	// throwaway cluster need not survive a power cut, and fsync dominates
	// the time of small transactions.
	Durable bool
	// Settings are extra postgres -c settings (name to value).
	Settings map[string]string
}

// Cluster is a running PostgreSQL cluster in a temporary folder.
type Cluster struct {
	Dir     string // the folder: data/, the log, the unix socket
	Port    int    // on 127.0.0.1
	Version string // the server's major version, from the binaries' folder

	bin  string
	cmd  *exec.Cmd
	done chan struct{} // closed when the postmaster exited
	err  error         // its exit status, once done

	mu      sync.Mutex
	admin   *sql.DB // the maintenance database, for CREATE DATABASE
	stopped bool
}

// binDir finds the server binaries: the newest /usr/lib/postgresql/N/bin
// (Debian, Ubuntu), else the folder of an initdb on PATH.
func binDir() (dir, version string, err error) {
	dirs, _ := filepath.Glob("/usr/lib/postgresql/*/bin")
	type cand struct {
		dir string
		n   float64
	}
	var cands []cand
	for _, d := range dirs {
		v := filepath.Base(filepath.Dir(d))
		n, err := strconv.ParseFloat(v, 64)
		if err != nil {
			continue
		}
		if _, err := os.Stat(filepath.Join(d, "initdb")); err != nil {
			continue
		}
		cands = append(cands, cand{d, n})
	}
	if len(cands) > 0 {
		sort.Slice(cands, func(i, j int) bool { return cands[i].n > cands[j].n })
		return cands[0].dir, filepath.Base(filepath.Dir(cands[0].dir)), nil
	}
	if p, err := exec.LookPath("initdb"); err == nil {
		return filepath.Dir(p), "", nil
	}
	return "", "", ErrNotInstalled
}

// Installed reports whether Start can find PostgreSQL.
func Installed() bool {
	_, _, err := binDir()
	return err == nil
}

// Start makes a cluster in a new temporary folder and starts it. The
// caller stops it (Stop), which also removes the folder.
func Start(opts Options) (*Cluster, error) {
	bin, version, err := binDir()
	if err != nil {
		return nil, err
	}
	as, err := serverAccount()
	if err != nil {
		return nil, err
	}
	removeStale()
	dir, err := os.MkdirTemp("", dirPrefix+"*")
	if err != nil {
		return nil, fmt.Errorf("pgtest: %w", err)
	}
	c := &Cluster{Dir: dir, Version: version, bin: bin, done: make(chan struct{})}
	if err := c.start(opts, as); err != nil {
		os.RemoveAll(dir)
		return nil, err
	}
	return c, nil
}

func (c *Cluster) start(opts Options, as account) error {
	// The owner file says which process the cluster belongs to: removeStale
	// leaves a folder alone while that process lives.
	if err := os.WriteFile(filepath.Join(c.Dir, "owner"), []byte(strconv.Itoa(os.Getpid())), 0o644); err != nil {
		return fmt.Errorf("pgtest: %w", err)
	}
	// MkdirTemp made it 0700 for us; the server needs to own it.
	if err := as.chown(c.Dir); err != nil {
		return fmt.Errorf("pgtest: give %s to the postgres user: %w", c.Dir, err)
	}
	data := filepath.Join(c.Dir, "data")
	initdb := exec.Command(filepath.Join(c.bin, "initdb"), "-D", data, "-U", Superuser,
		"--locale=C", "-E", "UTF8", "-A", "trust", "--no-sync", "--no-instructions")
	initdb.SysProcAttr = as.attr(false)
	if out, err := initdb.CombinedOutput(); err != nil {
		return fmt.Errorf("pgtest: initdb: %v: %s", err, lastLines(string(out), 5))
	}
	settings := map[string]string{
		"listen_addresses":        "127.0.0.1",
		"unix_socket_directories": c.Dir,
		"max_connections":         "200",
		"log_min_messages":        "warning",
	}
	if !opts.Durable {
		settings["fsync"] = "off"
		settings["synchronous_commit"] = "off"
		settings["full_page_writes"] = "off"
	}
	for k, v := range opts.Settings {
		settings[k] = v
	}
	// A free port may be taken by someone else before the postmaster binds
	// it; try a few.
	var err error
	for attempt := 0; attempt < 5; attempt++ {
		if err = c.run(data, settings, as); err == nil {
			return nil
		}
		if !strings.Contains(err.Error(), "could not") { // "could not bind", "could not create listen socket"
			break
		}
	}
	return err
}

// run starts the postmaster on a free port and waits until it accepts
// connections.
func (c *Cluster) run(data string, settings map[string]string, as account) error {
	port, err := freePort()
	if err != nil {
		return err
	}
	args := []string{"-D", data, "-p", strconv.Itoa(port)}
	keys := make([]string, 0, len(settings))
	for k := range settings {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		args = append(args, "-c", k+"="+settings[k])
	}
	logPath := filepath.Join(c.Dir, "postgres.log")
	logf, err := os.Create(logPath)
	if err != nil {
		return fmt.Errorf("pgtest: %w", err)
	}
	defer logf.Close()
	cmd := exec.Command(filepath.Join(c.bin, "postgres"), args...)
	cmd.Stdout, cmd.Stderr = logf, logf
	cmd.SysProcAttr = as.attr(true)
	done := make(chan struct{})
	started := make(chan error, 1)
	// The parent-death signal fires when the thread that started the child
	// ends, not the process: start and wait on one locked thread that lives
	// as long as the postmaster.
	go func() {
		lockThread()
		if err := cmd.Start(); err != nil {
			started <- err
			close(done)
			return
		}
		started <- nil
		c.err = cmd.Wait()
		close(done)
	}()
	if err := <-started; err != nil {
		return fmt.Errorf("pgtest: start postgres: %w", err)
	}
	c.cmd, c.done, c.Port = cmd, done, port

	db, err := sql.Open("pgx", c.url("postgres"))
	if err != nil {
		c.kill()
		return fmt.Errorf("pgtest: %w", err)
	}
	deadline := time.Now().Add(60 * time.Second)
	for {
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		err = db.PingContext(ctx)
		cancel()
		if err == nil {
			c.admin = db
			return nil
		}
		select {
		case <-done:
			db.Close()
			log, _ := os.ReadFile(logPath)
			return fmt.Errorf("pgtest: postgres exited (%v): %s", c.err, lastLines(string(log), 5))
		case <-time.After(20 * time.Millisecond):
		}
		if time.Now().After(deadline) {
			db.Close()
			c.kill()
			log, _ := os.ReadFile(logPath)
			return fmt.Errorf("pgtest: postgres did not accept connections within 60 s: %v: %s", err, lastLines(string(log), 5))
		}
	}
}

// url is the superuser's URL of a database of the cluster.
func (c *Cluster) url(db string) string {
	u := url.URL{Scheme: "postgres", User: url.User(Superuser), Host: net.JoinHostPort("127.0.0.1", strconv.Itoa(c.Port)),
		Path: "/" + db, RawQuery: "sslmode=disable"}
	return u.String()
}

// AdminURL is the superuser's URL of the maintenance database, postgres.
func (c *Cluster) AdminURL() string { return c.url("postgres") }

// CreateDatabase makes an empty database and returns the superuser's URL
// of it. name must be a valid unquoted identifier (lower case, digits,
// underscores).
func (c *Cluster) CreateDatabase(ctx context.Context, name string) (string, error) {
	if !validName(name) {
		return "", fmt.Errorf("pgtest: database name %q: use lower-case letters, digits and underscores", name)
	}
	// template0 (not template1): nothing an earlier test added to
	// template1 follows into a fresh database.
	if _, err := c.admin.ExecContext(ctx, "CREATE DATABASE "+name+" TEMPLATE template0"); err != nil {
		return "", fmt.Errorf("pgtest: create database %s: %w", name, err)
	}
	return c.url(name), nil
}

// DropDatabase removes a database, closing whatever connections are left
// to it.
func (c *Cluster) DropDatabase(ctx context.Context, name string) error {
	if !validName(name) {
		return fmt.Errorf("pgtest: database name %q", name)
	}
	if _, err := c.admin.ExecContext(ctx, "DROP DATABASE IF EXISTS "+name+" WITH (FORCE)"); err != nil {
		return fmt.Errorf("pgtest: drop database %s: %w", name, err)
	}
	return nil
}

func validName(s string) bool {
	if s == "" || len(s) > 63 || (s[0] >= '0' && s[0] <= '9') {
		return false
	}
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '_') {
			return false
		}
	}
	return true
}

// Stop shuts the cluster down at once (an immediate shutdown, as pg_ctl
// stop -m immediate: nothing in it is worth a checkpoint) and removes its
// folder. Stopping twice is harmless.
func (c *Cluster) Stop() error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.stopped {
		return nil
	}
	c.stopped = true
	if c.admin != nil {
		c.admin.Close()
	}
	c.kill()
	return os.RemoveAll(c.Dir)
}

// kill sends SIGQUIT (immediate shutdown) and waits for the postmaster,
// then SIGKILL if it lingers.
func (c *Cluster) kill() {
	if c.cmd == nil || c.cmd.Process == nil {
		return
	}
	stopNow(c.cmd.Process)
	select {
	case <-c.done:
	case <-time.After(10 * time.Second):
		c.cmd.Process.Kill()
		<-c.done
	}
}

func freePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, fmt.Errorf("pgtest: find a free port: %w", err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}

// removeStale removes the folders of clusters whose process is gone (a
// test binary killed before it could stop its cluster). Its postmaster
// died with it (parent-death signal); what is left is files. A folder with
// no owner yet is another process's, just made, unless it is old.
func removeStale() {
	dirs, _ := filepath.Glob(filepath.Join(os.TempDir(), dirPrefix+"*"))
	for _, d := range dirs {
		b, err := os.ReadFile(filepath.Join(d, "owner"))
		if err != nil {
			if fi, err := os.Stat(d); err == nil && time.Since(fi.ModTime()) > time.Hour {
				os.RemoveAll(d)
			}
			continue
		}
		pid, err := strconv.Atoi(strings.TrimSpace(string(b)))
		if err != nil || !alive(pid) {
			os.RemoveAll(d)
		}
	}
}

func lastLines(s string, n int) string {
	lines := strings.Split(strings.TrimSpace(s), "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return strings.Join(lines, " | ")
}
