package ledger_test

import (
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/payouts/payouts/ledger"
)

// Names are stored in NFC and compared with full Unicode case folding:
// "Chloé" typed as NFC or NFD, and "CHLOÉ", are one creator.
func TestNamesFoldUnicode(t *testing.T) {
	s, _ := MustOpen(t)
	nfc, nfd := "Chlo\u00e9 Martin", "Chloe\u0301 Martin"
	id, err := s.AddCreator(ctx, ledger.CreatorInput{Name: nfd})
	if err != nil {
		t.Fatal(err)
	}
	if c, _ := s.Creator(ctx, id); c.Name != nfc {
		t.Fatalf("stored %q, want NFC %q", c.Name, nfc)
	}
	for _, name := range []string{nfc, nfd, "CHLO\u00c9 MARTIN", "chloe\u0301 martin"} {
		_, err := s.AddCreator(ctx, ledger.CreatorInput{Name: name})
		wantCode(t, err, ledger.ECONFLICT)
		c, err := s.CreatorByName(ctx, name)
		if err != nil || c.ID != id {
			t.Fatalf("CreatorByName(%q) = %d, %v; want %d", name, c.ID, err, id)
		}
	}
	// Full folding, not simple: ß folds to ss.
	if _, err := s.AddCreator(ctx, ledger.CreatorInput{Name: "Jo Straße"}); err != nil {
		t.Fatal(err)
	}
	_, err = s.AddCreator(ctx, ledger.CreatorInput{Name: "JO STRASSE"})
	wantCode(t, err, ledger.ECONFLICT)
	// Renaming onto another's name is a conflict too.
	other, _ := s.AddCreator(ctx, ledger.CreatorInput{Name: "Bo"})
	wantCode(t, s.UpdateCreator(ctx, other, ledger.CreatorInput{Name: "CHLO\u00c9 martin"}), ledger.ECONFLICT)
	if err := s.UpdateCreator(ctx, other, ledger.CreatorInput{Name: "BO"}); err != nil {
		t.Fatalf("renaming a creator to its own name in capitals: %v", err)
	}
	// Campaigns alike.
	if _, err := s.AddCampaign(ctx, ledger.CampaignInput{Name: "\u00c9t\u00e9 2026"}); err != nil {
		t.Fatal(err)
	}
	_, err = s.AddCampaign(ctx, ledger.CampaignInput{Name: "e\u0301te\u0301 2026"})
	wantCode(t, err, ledger.ECONFLICT)
	if c, err := s.CampaignByName(ctx, "\u00c9T\u00c9 2026"); err != nil || c.Name != "\u00c9t\u00e9 2026" {
		t.Fatalf("CampaignByName = %+v, %v", c, err)
	}
}

// Control characters, line breaks and invisible characters are refused in
// names: two names that look the same must be the same name.
func TestNamesRefuseInvisible(t *testing.T) {
	s, _ := MustOpen(t)
	for _, name := range []string{"Ana\nSilva", "Ana\r\nSilva", "Ana\tSilva", "Ana\x00", "Ana\u200bSilva", "Ana\u200dSilva",
		"\ufeffAna", "Ana\u2028Silva", "Ana\u2060", "Ana\u00adSilva", "Ana\x7f"} {
		_, err := s.AddCreator(ctx, ledger.CreatorInput{Name: name})
		wantCode(t, err, ledger.EINVALID)
		_, err = s.AddCampaign(ctx, ledger.CampaignInput{Name: name})
		wantCode(t, err, ledger.EINVALID)
	}
	if c, _ := s.Counts(ctx); c.Creators != 0 || c.Campaigns != 0 {
		t.Fatalf("counts = %+v after refusals", c)
	}
}

// A ledger written before names had keys gets them when it is opened, and
// lookups by name fold Unicode case on it too.
func TestMigrateNameKeys(t *testing.T) {
	p := filepath.Join(t.TempDir(), "v3.payouts")
	s, err := ledger.Open(p)
	if err != nil {
		t.Fatal(err)
	}
	id, _ := s.AddCreator(ctx, ledger.CreatorInput{Name: "Chlo\u00e9"})
	s.AddCampaign(ctx, ledger.CampaignInput{Name: "\u00c9t\u00e9"})
	for _, q := range []string{`DROP INDEX creators_name_key`, `ALTER TABLE creators DROP COLUMN name_key`,
		`DROP INDEX campaigns_name_key`, `ALTER TABLE campaigns DROP COLUMN name_key`,
		// A file of that version has none of the later migrations either.
		`ALTER TABLE orders DROP COLUMN status`, `ALTER TABLE orders DROP COLUMN refunded`, `ALTER TABLE orders DROP COLUMN cancelled`, `DROP TABLE outbox_requests`, `DROP TABLE outbox`,
		`DROP TABLE payment_fx`, `DROP TABLE creator_events`, `DROP TABLE creator_tax`,
		`DROP INDEX deals_by_currency`, `DROP INDEX deals_by_commission`, `DROP INDEX deals_by_fees_confirmed`, `DROP INDEX deals_by_bonuses`,
		`DROP INDEX deals_by_paid`, `DROP INDEX deals_by_held`, `DROP INDEX deals_by_owed`, `DROP INDEX deals_by_requested`,
		`DROP INDEX deals_by_remaining`, `DROP INDEX deals_by_scheduled`,
		`DROP TRIGGER requests_reference_one_payment_update`, `DROP TRIGGER requests_reference_one_payment_insert`,
		`DROP INDEX requests_reference`, `ALTER TABLE requests DROP COLUMN payment`,
		`CREATE UNIQUE INDEX requests_reference ON requests(reference) WHERE reference IS NOT NULL`,
		`DROP INDEX requests_by_paid`, `DROP INDEX requests_by_created`,
		`DROP INDEX transfers_posting`, `DROP INDEX transfers_deal_report`, `ALTER TABLE transfers DROP COLUMN posting_date`,
		`CREATE INDEX transfers_deal_report ON transfers(deal_id, kind, date, amount)`, `DROP TABLE periods`,
		fmt.Sprintf(`PRAGMA user_version = %d`, versionBefore(t, "_name_keys.sql"))} {
		if _, err := s.DB().Exec(q); err != nil {
			t.Fatal(err)
		}
	}
	s.Close()
	s, err = ledger.Open(p)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if c, err := s.CreatorByName(ctx, "CHLOE\u0301"); err != nil || c.ID != id {
		t.Fatalf("CreatorByName after migration = %+v, %v", c, err)
	}
	_, err = s.AddCampaign(ctx, ledger.CampaignInput{Name: "\u00e9t\u00e9"})
	wantCode(t, err, ledger.ECONFLICT)
	MustCheck(t, s)
}

// versionBefore is the schema version just before the migration whose file
// name ends in suffix: the version a file written before it has.
func versionBefore(t *testing.T, suffix string) int {
	t.Helper()
	entries, err := os.ReadDir("migrations")
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	sort.Strings(names)
	for i, n := range names {
		if strings.HasSuffix(n, suffix) {
			return i
		}
	}
	t.Fatalf("no migration *%s", suffix)
	return 0
}
