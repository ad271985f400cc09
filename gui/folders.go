package gui

import (
	"os"
	"path/filepath"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/storage"
)

// Kinds of file a dialog picks. Each remembers its own folder: the store's
// exports, the accountant's folder and the backups are rarely one place.
const (
	folderImport = "import" // order exports read in
	folderExport = "export" // workbooks, journals, summaries, messages written out
	folderBackup = "backup" // backups restored from
)

// prefFolder is the preference that keeps a kind's last folder.
func prefFolder(kind string) string { return "folder." + kind }

// lastFolder is the folder a file of kind was last picked in, when it
// still exists; else fallback.
func lastFolder(a fyne.App, kind, fallback string) string {
	if dir := a.Preferences().String(prefFolder(kind)); dir != "" {
		if fi, err := os.Stat(dir); err == nil && fi.IsDir() {
			return dir
		}
	}
	return fallback
}

// rememberFolder keeps the folder of path, a file just picked or written,
// for the next dialog of its kind, in this run and the next.
func rememberFolder(a fyne.App, kind, path string) {
	if path == "" {
		return
	}
	if abs, err := filepath.Abs(path); err == nil {
		path = abs
	}
	a.Preferences().SetString(prefFolder(kind), filepath.Dir(path))
}

// startIn opens d in the folder last used for kind, else in fallback.
func startIn(a fyne.App, d *dialog.FileDialog, kind, fallback string) {
	dir := lastFolder(a, kind, fallback)
	if dir == "" {
		return
	}
	if l, err := storage.ListerForURI(storage.NewFileURI(dir)); err == nil {
		d.SetLocation(l)
	}
}
