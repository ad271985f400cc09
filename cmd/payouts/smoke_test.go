package main_test

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/payouts/payouts/assets"
)

// minDeviation is the standard deviation (0 to 1) below which a screenshot
// counts as near-uniform: a window that did not render. A rendered Deals
// screen measures above 0.1.
const minDeviation = 0.05

// needTools skips the test when a tool is missing, unless PAYOUTS_FULL_TEST
// asks for every test to run, in which case it fails.
func needTools(t *testing.T, tools ...string) {
	t.Helper()
	for _, tool := range tools {
		if _, err := exec.LookPath(tool); err != nil {
			if os.Getenv("PAYOUTS_FULL_TEST") != "" {
				t.Fatalf("%s is required (PAYOUTS_FULL_TEST is set): %v", tool, err)
			}
			t.Skipf("%s not installed", tool)
		}
	}
}

// freeDisplay returns an X display number no server uses.
func freeDisplay(t *testing.T) int {
	t.Helper()
	for n := 90 + os.Getpid()%50; n < 400; n++ {
		_, lockErr := os.Stat(fmt.Sprintf("/tmp/.X%d-lock", n))
		_, sockErr := os.Stat(fmt.Sprintf("/tmp/.X11-unix/X%d", n))
		if os.IsNotExist(lockErr) && os.IsNotExist(sockErr) {
			return n
		}
	}
	t.Fatal("no free X display")
	return 0
}

// startXvfb starts a virtual X server and waits until it accepts clients.
func startXvfb(t *testing.T) string {
	t.Helper()
	n := freeDisplay(t)
	display := ":" + strconv.Itoa(n)
	w, h := shotSize(t)
	x := exec.Command("Xvfb", display, "-screen", "0", fmt.Sprintf("%dx%dx24", w, h), "-nolisten", "tcp")
	var xerr bytes.Buffer
	x.Stderr = &xerr
	if err := x.Start(); err != nil {
		t.Fatalf("start Xvfb: %v", err)
	}
	t.Cleanup(func() {
		x.Process.Kill()
		x.Wait()
	})
	sock := fmt.Sprintf("/tmp/.X11-unix/X%d", n)
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(100 * time.Millisecond) {
		if _, err := os.Stat(sock); err == nil {
			return display
		}
	}
	t.Fatalf("Xvfb %s did not start: %s", display, xerr.String())
	return ""
}

// shotSize is the size of the screen the smoke tests shoot, and of the
// window on it: PAYOUTS_SHOT_SIZE (WIDTHxHEIGHT; the README's pictures are
// 1920x1080), else 1280x800, the app's first size.
func shotSize(t *testing.T) (int, int) {
	t.Helper()
	v := os.Getenv("PAYOUTS_SHOT_SIZE")
	if v == "" {
		return 1280, 800
	}
	ws, hs, ok := strings.Cut(v, "x")
	w, errW := strconv.Atoi(ws)
	h, errH := strconv.Atoi(hs)
	if !ok || errW != nil || errH != nil || w < 640 || h < 400 {
		t.Fatalf("PAYOUTS_SHOT_SIZE=%q: want WIDTHxHEIGHT, at least 640x400", v)
	}
	return w, h
}

// windowPrefs writes the app's preferences under config so that its window
// opens at the size of the screen, as a window last closed at that size.
func windowPrefs(t *testing.T, config string) {
	t.Helper()
	w, h := shotSize(t)
	dir := filepath.Join(config, "fyne", assets.AppID)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	prefs := fmt.Sprintf(`{"window.width": %d, "window.height": %d}`, w, h)
	if err := os.WriteFile(filepath.Join(dir, "preferences.json"), []byte(prefs), 0o600); err != nil {
		t.Fatal(err)
	}
}

// deviation returns the standard deviation of an image's pixels, 0 to 1.
func deviation(t *testing.T, png string) float64 {
	t.Helper()
	out, err := exec.Command("convert", png, "-format", "%[fx:standard_deviation]", "info:").Output()
	if err != nil {
		t.Fatalf("convert %s: %v", png, err)
	}
	v, err := strconv.ParseFloat(strings.TrimSpace(string(out)), 64)
	if err != nil {
		t.Fatalf("convert %s: %q: %v", png, out, err)
	}
	return v
}

// TestSmokeWindow runs the real binary on a demo ledger under Xvfb, takes a
// screenshot, and fails if the process died or the window did not render.
// PAYOUTS_SMOKE_SHOT, when set, is where the screenshot is copied.
func TestSmokeWindow(t *testing.T) {
	needTools(t, "Xvfb", "import", "convert")
	dir := t.TempDir()
	db := filepath.Join(dir, "demo.payouts")
	if r := payouts(t, db, "demo"); r.code != 0 {
		t.Fatalf("payouts demo: exit %d: %s", r.code, r.stderr)
	}
	shot := shootWindow(t, db)
	if dst := os.Getenv("PAYOUTS_SMOKE_SHOT"); dst != "" {
		if err := copyFile(shot, dst); err != nil {
			t.Fatal(err)
		}
	}
}

// shootWindow starts the real binary on db (with args) under a new Xvfb,
// waits for the window to render, and returns a screenshot of it; it fails
// the test if the process died or the window stayed near-uniform.
func shootWindow(t *testing.T, db string, args ...string) string {
	t.Helper()
	dir := t.TempDir()
	display := startXvfb(t)

	windowPrefs(t, filepath.Join(dir, "config"))
	app := exec.Command(binary, append([]string{"--db", db}, args...)...)
	app.Env = append(os.Environ(), "DISPLAY="+display, "LANG=en_US.UTF-8", "HOME="+dir,
		"XDG_CONFIG_HOME="+filepath.Join(dir, "config"), "XDG_DATA_HOME="+filepath.Join(dir, "data"),
		"XDG_CACHE_HOME="+filepath.Join(dir, "cache"))
	var logs bytes.Buffer
	app.Stdout, app.Stderr = &logs, &logs
	if err := app.Start(); err != nil {
		t.Fatalf("start payouts: %v", err)
	}
	exited := make(chan error, 1)
	go func() { exited <- app.Wait() }()
	defer func() {
		app.Process.Kill()
		<-exited
	}()

	shot := filepath.Join(dir, "shot.png")
	var dev float64
	for try := 0; try < 20; try++ {
		select {
		case err := <-exited:
			exited <- err
			t.Fatalf("payouts exited while starting (%v):\n%s", err, logs.String())
		case <-time.After(time.Second):
		}
		cmd := exec.Command("import", "-window", "root", shot)
		cmd.Env = append(os.Environ(), "DISPLAY="+display)
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("import: %v: %s", err, out)
		}
		if dev = deviation(t, shot); dev >= minDeviation && try >= 2 {
			break
		}
	}
	select {
	case err := <-exited:
		exited <- err
		t.Fatalf("payouts died (%v):\n%s", err, logs.String())
	default:
	}
	t.Logf("screenshot standard deviation %.3f", dev)
	if dev < minDeviation {
		t.Fatalf("the window did not render: screenshot near-uniform (standard deviation %.3f < %.2f); logs:\n%s", dev, minDeviation, logs.String())
	}
	return shot
}

func copyFile(src, dst string) error {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.Create(dst)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}
