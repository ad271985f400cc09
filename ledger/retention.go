package ledger

import (
	"context"
	"fmt"
	"os"
	"strconv"
	"time"
)

// Retention says how many automatic backups the backups folder keeps: the
// newest backup of each of the last Daily days that have one, of each of
// the last Weekly ISO weeks, and of each of the last Monthly months. A
// backup kept by any rule stays; the newest backup always stays.
type Retention struct {
	Daily, Weekly, Monthly int
}

// DefaultRetention keeps a week of daily backups, a month of weekly ones and
// a year of monthly ones.
var DefaultRetention = Retention{Daily: 7, Weekly: 4, Monthly: 12}

// Settings keys of the retention (whole numbers; unset means the default).
const (
	SettingKeepDaily   = "backup.keep_daily"
	SettingKeepWeekly  = "backup.keep_weekly"
	SettingKeepMonthly = "backup.keep_monthly"
)

// BackupRetention reads the ledger's retention settings.
func (s *Store) BackupRetention(ctx context.Context) (Retention, error) {
	r := DefaultRetention
	for _, f := range []struct {
		key string
		n   *int
	}{{SettingKeepDaily, &r.Daily}, {SettingKeepWeekly, &r.Weekly}, {SettingKeepMonthly, &r.Monthly}} {
		v, err := s.Setting(ctx, f.key)
		if err != nil {
			return r, err
		}
		if v == "" {
			continue
		}
		n, err := strconv.Atoi(v)
		if err != nil || n < 0 {
			return r, Errorf(EINVALID, "the setting %s is %q: it must be a whole number, 0 or more", f.key, v)
		}
		*f.n = n
	}
	return r, nil
}

// SetBackupRetention stores the retention settings.
func (s *Store) SetBackupRetention(ctx context.Context, r Retention) error {
	if r.Daily < 0 || r.Weekly < 0 || r.Monthly < 0 {
		return Errorf(EINVALID, "backups to keep must be 0 or more")
	}
	for key, n := range map[string]int{SettingKeepDaily: r.Daily, SettingKeepWeekly: r.Weekly, SettingKeepMonthly: r.Monthly} {
		if err := s.SetSetting(ctx, key, strconv.Itoa(n)); err != nil {
			return err
		}
	}
	return nil
}

// pruneBackups deletes the backups the retention does not keep.
func (s *Store) pruneBackups(ctx context.Context, now time.Time) error {
	r, err := s.BackupRetention(ctx)
	if err != nil {
		r = DefaultRetention // a bad setting must not stop backups
	}
	list, err := ListBackups(s.path)
	if err != nil {
		return err
	}
	keep := r.Keep(list)
	for _, b := range list {
		if !keep[b.Path] {
			if err := os.Remove(b.Path); err != nil && !os.IsNotExist(err) {
				return Errorf(EUNAVAILABLE, "cannot remove the old backup %s: %v", b.Path, unwrapPathError(err))
			}
		}
	}
	return nil
}

// Keep returns the paths of the backups r keeps among list (newest first).
func (r Retention) Keep(list []Backup) map[string]bool {
	keep := map[string]bool{}
	if len(list) > 0 {
		keep[list[0].Path] = true
	}
	rule := func(n int, bucket func(time.Time) string) {
		seen := map[string]bool{}
		for _, b := range list {
			k := bucket(b.Time)
			if seen[k] {
				continue // an older backup of a bucket already kept
			}
			if len(seen) == n {
				return
			}
			seen[k] = true
			keep[b.Path] = true
		}
	}
	rule(r.Daily, func(t time.Time) string { return t.Format("2006-01-02") })
	rule(r.Weekly, func(t time.Time) string {
		y, w := t.ISOWeek()
		return fmt.Sprintf("%d-W%02d", y, w)
	})
	rule(r.Monthly, func(t time.Time) string { return t.Format("2006-01") })
	return keep
}
