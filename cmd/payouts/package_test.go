package main_test

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/payouts/payouts/assets"
)

// --version prints the app's name and the version of FyneApp.toml, which
// is how an installed package is checked.
func TestVersionFlag(t *testing.T) {
	db := filepath.Join(t.TempDir(), "none.payouts")
	r := payouts(t, db, "--version")
	if want := assets.Name + " " + assets.Version + "\n"; r.code != 0 || r.stdout != want || r.stderr != "" {
		t.Errorf("--version: exit %d, stdout %q, stderr %q; want exit 0 and %q", r.code, r.stdout, r.stderr, want)
	}
	if _, err := os.Stat(db); err == nil {
		t.Error("--version created a ledger file")
	}
}

// `make package` builds the Linux package with fyne.io/tools' packager; the
// .tar.xz unpacks to a binary that starts and reports its version. It takes
// minutes (a release build), so it runs under PAYOUTS_FULL_TEST only.
func TestMakePackage(t *testing.T) {
	if os.Getenv("PAYOUTS_FULL_TEST") == "" {
		t.Skip("set PAYOUTS_FULL_TEST=1 to build the package")
	}
	root, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	mk := exec.Command("make", "-C", root, "package")
	if out, err := mk.CombinedOutput(); err != nil {
		t.Fatalf("make package: %v\n%s", err, out)
	}
	pkg := filepath.Join(root, "bin", assets.Name+".tar.xz")
	t.Cleanup(func() { os.Remove(pkg) })
	dir := t.TempDir()
	if out, err := exec.Command("tar", "-xJf", pkg, "-C", dir).CombinedOutput(); err != nil {
		t.Fatalf("unpack %s: %v\n%s", pkg, err, out)
	}
	var bin string
	filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() && filepath.Base(filepath.Dir(p)) == "bin" {
			bin = p
		}
		return nil
	})
	if bin == "" {
		t.Fatalf("no binary under usr/local/bin in %s", pkg)
	}
	out, err := exec.Command(bin, "--version").Output()
	if want := assets.Name + " " + assets.Version; err != nil || strings.TrimSpace(string(out)) != want {
		t.Errorf("%s --version: %q, %v; want %q", bin, out, err, want)
	}
}
