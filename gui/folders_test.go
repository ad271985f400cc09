package gui

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"fyne.io/fyne/v2/dialog"

	"github.com/payouts/payouts/ledger"
)

// startLocation is the folder a file dialog opens in. Fyne offers no
// getter, so the test reads the field SetLocation writes.
func startLocation(d *dialog.FileDialog) string {
	return strings.Join(stringsIn(reflect.ValueOf(d).Elem().FieldByName("startingLocation"), 0), " ")
}

// stringsIn collects the strings held in v, however deep.
func stringsIn(v reflect.Value, depth int) []string {
	if depth > 6 || !v.IsValid() {
		return nil
	}
	switch v.Kind() {
	case reflect.String:
		return []string{v.String()}
	case reflect.Interface, reflect.Pointer:
		if v.IsNil() {
			return nil
		}
		return stringsIn(v.Elem(), depth+1)
	case reflect.Struct:
		var out []string
		for i := 0; i < v.NumField(); i++ {
			out = append(out, stringsIn(v.Field(i), depth+1)...)
		}
		return out
	}
	return nil
}

// TestFileDialogsRememberFolder: the import, export and backup dialogs
// each open in the folder last used for their kind, also after a restart
// (a new window over the same preferences), and fall back to their old
// defaults before any use or when the folder is gone.
func TestFileDialogsRememberFolder(t *testing.T) {
	s := mustOpen(t)
	fillDemo(t, s, 3)
	u, w := newTestUI(t, s)
	imports, exports, backups := t.TempDir(), t.TempDir(), t.TempDir()

	// Backups: the ledger's backup folder first, then the folder last
	// restored from.
	if err := os.MkdirAll(ledger.BackupDir(ledgerLocation(s)), 0o700); err != nil {
		t.Fatal(err)
	}
	u.onRestore()
	d := u.dialogs[len(u.dialogs)-1].(*dialog.FileDialog)
	if got, want := startLocation(d), ledger.BackupDir(ledgerLocation(s)); !strings.Contains(got, want) {
		t.Fatalf("restore dialog before any use opens in %s, want %s", got, want)
	}
	u.closeTopDialog()
	rememberFolder(u.app, folderBackup, filepath.Join(backups, "payouts-2026-03-01.payouts"))

	// Imports: a file chosen once sets the folder of the next Choose….
	imp := newImportFlow(u.app, w, s, nil)
	imp.Show()
	imp.onBrowse()
	if got := startLocation(imp.browse); strings.Contains(got, imports) {
		t.Fatalf("import dialog opens in %s before any import from there", got)
	}
	rememberFolder(u.app, folderImport, filepath.Join(imports, "orders.csv"))

	// Exports: the default path is in the folder of the last export, and a
	// finished export sets it.
	ex := newExportFlow(u.app, w, s)
	ex.openURL = nil
	ex.Show()
	path := filepath.Join(exports, "book.xlsx")
	ex.path.SetText(path)
	if err := runExport(t, ex); err != nil {
		t.Fatalf("export: %v", err)
	}

	// A restart: a new window over the same preferences.
	u2 := newUI(u.app, w, s)
	w.SetContent(u2.build())
	u2.onRestore()
	d = u2.dialogs[len(u2.dialogs)-1].(*dialog.FileDialog)
	if got := startLocation(d); !strings.Contains(got, backups) {
		t.Fatalf("restore dialog opens in %s, want %s", got, backups)
	}
	u2.closeTopDialog()
	imp = newImportFlow(u.app, w, s, nil)
	imp.Show()
	imp.onBrowse()
	if got := startLocation(imp.browse); !strings.Contains(got, imports) {
		t.Fatalf("import dialog opens in %s, want %s", got, imports)
	}
	ex = newExportFlow(u.app, w, s)
	ex.Show()
	if got := filepath.Dir(ex.path.Text); got != exports {
		t.Fatalf("export path %s, want it in %s", ex.path.Text, exports)
	}
	// Each kind keeps its own folder.
	for kind, want := range map[string]string{folderImport: imports, folderExport: exports, folderBackup: backups} {
		if got := lastFolder(u.app, kind, ""); got != want {
			t.Errorf("%s folder: %s, want %s", kind, got, want)
		}
	}
	// A folder deleted since is not offered.
	os.RemoveAll(backups)
	if got := lastFolder(u.app, folderBackup, "fallback"); got != "fallback" {
		t.Errorf("a deleted folder is offered: %s", got)
	}
}
