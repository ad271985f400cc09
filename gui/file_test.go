package gui

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/payouts/payouts/ledger"
)

// Back up now writes a checked backup and says where; restoring it brings
// the ledger back to that state in the same window.
func TestBackupAndRestoreInSettings(t *testing.T) {
	s := mustOpen(t)
	ctx := context.Background()
	if _, err := s.AddCreator(ctx, ledger.CreatorInput{Name: "Ana"}); err != nil {
		t.Fatal(err)
	}
	u, _ := newTestUI(t, s)
	u.showScreen(screenSettings)
	u.settings.onBackupNow()
	b := u.settings.lastBackup
	if b == "" || !strings.HasPrefix(b, ledger.BackupDir(s.Path())) {
		t.Fatalf("backup at %q", b)
	}
	if _, err := os.Stat(b); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(u.settings.latest.Text, "manual") {
		t.Fatalf("latest backup label: %q", u.settings.latest.Text)
	}
	if _, err := s.AddCreator(ctx, ledger.CreatorInput{Name: "Bea"}); err != nil {
		t.Fatal(err)
	}
	nu := u.restoreFrom(b)
	defer nu.store.Close()
	nu.stopWatch()
	cs, err := nu.store.Creators(ctx, "")
	if err != nil || len(cs) != 1 || cs[0].Name != "Ana" {
		t.Fatalf("creators after restore: %+v, %v", cs, err)
	}
	if len(nu.dialogs) == 0 {
		t.Fatal("the restore said nothing")
	}
}

// A read-only ledger opens with a banner saying why, and no restore button.
func TestReadOnlyBanner(t *testing.T) {
	p := filepath.Join(t.TempDir(), "ro.payouts")
	s, err := ledger.Open(p)
	if err != nil {
		t.Fatal(err)
	}
	s.Close()
	ro, err := ledger.OpenWith(p, ledger.OpenOptions{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer ro.Close()
	u, _ := newTestUI(t, ro)
	if !u.banner.box.Visible() || !strings.Contains(u.banner.text.Text, "Read-only") || u.banner.restore.Visible() {
		t.Fatalf("banner: visible %v, %q, restore shown %v", u.banner.box.Visible(), u.banner.text.Text, u.banner.restore.Visible())
	}
	w := mustOpen(t)
	wu, _ := newTestUI(t, w)
	if wu.banner.box.Visible() {
		t.Fatalf("a writable ledger shows a banner: %q", wu.banner.text.Text)
	}
}

// A ledger SQLite reports damaged shows the damage banner with the way out.
func TestDamagedBanner(t *testing.T) {
	s := mustOpen(t)
	fillDemo(t, s, 6)
	p := s.Path()
	if _, err := s.BackupNow(context.Background(), "manual"); err != nil {
		t.Fatal(err)
	}
	s.Close()
	b, _ := os.ReadFile(p)
	for i := 5 * 4096; i < 6*4096 && i < len(b); i++ {
		b[i] = 0x5A
	}
	os.WriteFile(p, b, 0o600)
	d, err := ledger.OpenExisting(p)
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	if err := d.CheckFile(context.Background(), false); err == nil {
		t.Fatal("CheckFile found no damage")
	}
	u, _ := newTestUI(t, d)
	if !strings.Contains(u.banner.text.Text, "is damaged") || !strings.Contains(u.banner.text.Text, "backups") || !u.banner.restore.Visible() {
		t.Fatalf("banner %q, restore shown %v", u.banner.text.Text, u.banner.restore.Visible())
	}
}

// Another program's change shows on the Deals screen at the next poll.
func TestPollRefreshesOnOtherWriter(t *testing.T) {
	s := mustOpen(t)
	fillDemo(t, s, 6)
	u, _ := newTestUI(t, s)
	u.showScreen(screenDeals)
	u.poll()
	before := u.deals.totals.Text

	other, err := ledger.Open(s.Path())
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	other.Now = func() time.Time { return testNow }
	deals, _ := other.Deals(context.Background(), ledger.DealQuery{})
	if _, err := other.AddBonus(context.Background(), ledger.BonusInput{DealID: deals[0].ID, Amount: 123456}); err != nil {
		t.Fatal(err)
	}
	if u.deals.totals.Text != before {
		t.Fatal("the screen changed before the poll")
	}
	u.poll()
	if u.deals.totals.Text == before {
		t.Fatalf("totals still %q after another program's bonus and a poll", before)
	}
}

// The Backups card saves the retention as a setting of the ledger, and
// refuses what is not a count.
func TestBackupRetentionSetting(t *testing.T) {
	s := mustOpen(t)
	u, _ := newTestUI(t, s)
	u.showScreen(screenSettings)
	if u.settings.keep[0].Text != "7" || u.settings.keep[1].Text != "4" || u.settings.keep[2].Text != "12" {
		t.Fatalf("defaults shown: %q %q %q", u.settings.keep[0].Text, u.settings.keep[1].Text, u.settings.keep[2].Text)
	}
	u.settings.keep[0].SetText("-1")
	u.settings.onSaveRetention()
	if len(u.dialogs) == 0 {
		t.Fatal("a negative count was accepted")
	}
	u.settings.keep[0].SetText("3")
	u.settings.keep[2].SetText("24")
	u.settings.onSaveRetention()
	r, err := s.BackupRetention(context.Background())
	if err != nil || r != (ledger.Retention{Daily: 3, Weekly: 4, Monthly: 24}) {
		t.Fatalf("retention saved: %+v, %v", r, err)
	}
}
