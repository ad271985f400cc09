package gui

import (
	"context"
	"fmt"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/payouts/payouts/ledger"
)

// The ledger file seen from the window: a banner when it cannot be changed
// (read-only, or damaged with the way out), the Backups card of Settings,
// and the watch that notices another program changing the ledger.

// banner is the strip above the screens that says why the ledger cannot be
// changed; hidden while it can.
type banner struct {
	u       *ui
	text    *widget.Label
	restore *widget.Button
	box     *fyne.Container
	shown   string
}

func newBanner(u *ui) *banner {
	b := &banner{u: u, shown: "\x00"} // nothing shown yet: the first update decides
	b.text = &widget.Label{Wrapping: fyne.TextWrapWord, Importance: widget.DangerImportance}
	b.restore = &widget.Button{Text: "Restore a backup…", Icon: theme.HistoryIcon(), OnTapped: u.onRestore}
	b.box = container.NewBorder(nil, nil, widget.NewIcon(theme.WarningIcon()), b.restore, b.text)
	b.update()
	return b
}

// update shows the store's state: damaged first (the more urgent), then
// read-only.
func (b *banner) update() {
	msg, restore := "", false
	if err := b.u.store.Damaged(); err != nil {
		msg, restore = capitalize(ledger.ErrorMessage(err)), true
	} else if r := b.u.store.ReadOnly(); r != "" {
		msg = "Read-only: " + r + ". You can look and export; changes are not saved."
	}
	if msg == b.shown {
		return
	}
	b.shown = msg
	b.text.SetText(msg)
	if restore {
		b.restore.Show()
	} else {
		b.restore.Hide()
	}
	if msg == "" {
		b.box.Hide()
	} else {
		b.box.Show()
	}
}

// backupsCard is the Backups card of Settings.
func (s *settingsScreen) backupsCard() fyne.CanvasObject {
	if ledger.IsServerURL(s.u.location) {
		// No folder beside a database on a server: its backups are the
		// server's, and Restore would replace a file.
		return widget.NewCard("Backups", "", &widget.Label{Wrapping: fyne.TextWrapWord, Text: "A team ledger is backed up on its server: " +
			"managed PostgreSQL services keep daily backups, and its administrator can run pg_dump. " +
			"payouts backup --out FILE writes a copy of it as a ledger file."})
	}
	s.latest = &widget.Label{Wrapping: fyne.TextWrapBreak}
	s.updateLatest()
	r, err := s.u.store.BackupRetention(s.u.ctx)
	if err != nil {
		r = ledger.DefaultRetention
	}
	s.keep = [3]*entry{newEntry(""), newEntry(""), newEntry("")}
	for i, n := range []int{r.Daily, r.Weekly, r.Monthly} {
		s.keep[i].SetText(itoa(n))
	}
	s.keepSaved = &widget.Label{Importance: widget.SuccessImportance}
	keep := widget.NewForm(
		&widget.FormItem{Text: "Days", Widget: s.keep[0], HintText: "The newest backup of each of the last days"},
		&widget.FormItem{Text: "Weeks", Widget: s.keep[1], HintText: "... of each of the last weeks"},
		&widget.FormItem{Text: "Months", Widget: s.keep[2], HintText: "... of each of the last months"},
	)
	keep.SubmitText = "Save"
	keep.OnSubmit = s.onSaveRetention
	return widget.NewCard("Backups", "Payouts backs up before every import and update, and daily when it opens, "+
		"into the backups folder beside the ledger, and keeps:",
		container.NewVBox(
			keep, s.keepSaved,
			s.latest,
			container.NewHBox(
				&widget.Button{Text: "Back up now", Icon: theme.DocumentSaveIcon(), OnTapped: s.onBackupNow},
				&widget.Button{Text: "Restore a backup…", Icon: theme.HistoryIcon(), OnTapped: s.u.onRestore},
			),
		))
}

// onSaveRetention stores how many backups the folder keeps (a setting of
// the ledger, so the CLI's backups follow it too).
func (s *settingsScreen) onSaveRetention() {
	var n [3]int
	for i, e := range s.keep {
		v, err := strconv.Atoi(strings.TrimSpace(e.Text))
		if err != nil || v < 0 {
			s.u.showError(ledger.Errorf(ledger.EINVALID, "backups to keep must be whole numbers, 0 or more"))
			return
		}
		n[i] = v
	}
	if err := s.u.store.SetBackupRetention(s.u.ctx, ledger.Retention{Daily: n[0], Weekly: n[1], Monthly: n[2]}); err != nil {
		s.u.showError(err)
		return
	}
	s.keepSaved.SetText("Saved.")
}

func (s *settingsScreen) updateLatest() {
	if s.latest == nil {
		return
	}
	list, err := ledger.ListBackups(s.u.store.Path())
	switch {
	case err != nil:
		s.latest.SetText(capitalize(ledger.ErrorMessage(err)))
	case len(list) == 0:
		s.latest.SetText("No backups yet in " + ledger.BackupDir(s.u.ledgerLocation()))
	default:
		s.latest.SetText(fmt.Sprintf("Latest: %s (%s), %d in %s", list[0].Time.Format("2 Jan 2006 15:04"), list[0].Reason, len(list), ledger.BackupDir(s.u.ledgerLocation())))
	}
}

// onBackupNow writes a checked backup into the backups folder and says
// where it is.
func (s *settingsScreen) onBackupNow() {
	b, err := s.u.store.BackupNow(s.u.ctx, "manual")
	s.u.banner.update()
	if err != nil {
		s.u.showError(err)
		return
	}
	s.updateLatest()
	s.lastBackup = b.Path
	s.u.showDialog(dialog.NewInformation("Backed up", "The ledger was copied and checked:\n"+b.Path, s.u.win))
}

// onRestore lets the user pick a backup (the backups folder first), asks
// for confirmation, and restores it.
func (u *ui) onRestore() {
	d := dialog.NewFileOpen(func(rc fyne.URIReadCloser, err error) {
		if err != nil {
			u.showError(err)
			return
		}
		if rc == nil {
			return
		}
		path := rc.URI().Path()
		rc.Close()
		rememberFolder(u.app, folderBackup, path)
		u.confirmRestore(path)
	}, u.win)
	d.SetFilter(storage.NewExtensionFileFilter([]string{".payouts"}))
	startIn(u.app, d, folderBackup, ledger.BackupDir(u.ledgerLocation()))
	u.showDialog(d)
}

func (u *ui) confirmRestore(path string) {
	msg := fmt.Sprintf("Replace the ledger with the backup %s?\nThe ledger as it is now is kept in the backups folder first.", filepath.Base(path))
	d := dialog.NewConfirm("Restore backup", msg, func(ok bool) {
		if ok {
			u.restoreFrom(path)
		}
	}, u.win)
	d.SetConfirmText("Restore")
	d.SetDismissText("Keep current ledger")
	u.showDialog(d)
}

// restoreFrom closes the ledger, restores the backup over it and opens it
// again; when the restore is refused the ledger is opened again as it was.
// It returns the window's new ui (the old one is done).
func (u *ui) restoreFrom(backup string) *ui {
	path := u.store.Path()
	op := u.store.OperatorName()
	u.stopWatch()
	u.store.Close() // Restore refuses while any connection has the file open
	res, rerr := ledger.Restore(context.Background(), path, backup)
	s, err := ledger.Open(path)
	if err != nil {
		u.showError(err)
		return u
	}
	s.SetOperator(op)
	nu := u.reopen(s)
	if rerr != nil {
		nu.showError(rerr)
		return nu
	}
	msg := "The ledger now holds the backup " + filepath.Base(backup) + "."
	if res.Kept != "" {
		msg += "\nThe ledger as it was is kept at " + res.Kept
	}
	nu.showDialog(dialog.NewInformation("Restored", msg, u.win))
	return nu
}

// reopen puts a new ui over s in the window, in place of u.
func (u *ui) reopen(s *ledger.Store) *ui { return u.reopenAt(s, s.Path()) }

// reopenAt is reopen for a store opened at location.
func (u *ui) reopenAt(s *ledger.Store, location string) *ui {
	nu := newUIAt(u.app, u.win, s, location)
	u.replacedBy = nu
	u.win.SetContent(nu.build())
	nu.startWatch()
	u.app.Lifecycle().SetOnStopped(func() { s.Close() })
	return nu
}

// How often the window asks whether another program changed the ledger.
const watchEvery = time.Second

// startWatch polls the ledger's data version about once a second while the
// window is in the foreground, and refreshes the screen shown when another
// program (the CLI, a second window) committed a change; it also keeps the
// banner in step with damage found by any read.
func (u *ui) startWatch() {
	u.done = make(chan struct{})
	done := u.done
	lc := u.app.Lifecycle()
	lc.SetOnEnteredForeground(func() { u.background.Store(false) })
	lc.SetOnExitedForeground(func() { u.background.Store(true) })
	go func() {
		t := time.NewTicker(watchEvery)
		defer t.Stop()
		for {
			select {
			case <-done:
				return
			case <-t.C:
				if !u.background.Load() {
					fyne.Do(u.poll)
				}
			}
		}
	}()
}

func (u *ui) stopWatch() {
	u.stopped = true
	if u.done != nil {
		close(u.done)
		u.done = nil
	}
}

// poll refreshes what is shown when the ledger changed since the last
// look. The first look only takes the number.
func (u *ui) poll() {
	if u.stopped {
		return // stopped while the tick waited for the UI goroutine
	}
	v, err := u.store.DataVersion(u.ctx)
	u.banner.update()
	if err != nil {
		return // a closed or damaged ledger: the banner and the next operation say so
	}
	// Seen or not is its own flag: on PostgreSQL the version counts
	// notifications from 0, so 0 is a version like any other, and taking it
	// for "not looked yet" missed the first change another person made.
	if u.versionSeen && v != u.seenVersion {
		u.changed()
	}
	u.seenVersion, u.versionSeen = v, true
}
