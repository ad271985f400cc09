package main_test

import (
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"
)

// dealLedger is a small program: Ana with a percent deal (codes ANA10,
// ANA20), a paid request and fees; Ben with a per-order JPY deal and no payout
// details.
func dealLedger(t *testing.T) string {
	t.Helper()
	db := filepath.Join(t.TempDir(), "deals.payouts")
	for _, args := range [][]string{
		{"creator", "add", "Ana Silva", "--email", "ana@example.com", "--handle", "@ana", "--payout-details", "IBAN DE00"},
		{"creator", "add", "Ben"},
		{"campaign", "add", "Spring", "--notes", "launch"},
		{"campaign", "add", "Winter"},
		{"deal", "add", "--creator", "Ana Silva", "--campaign", "Spring", "--currency", "USD", "--percent", "12.5", "--code", "ana10", "--code", "ANA20"},
		{"deal", "add", "--creator", "Ben", "--campaign", "Winter", "--currency", "JPY", "--per-order", "300", "--code", "BEN", "--hold-days", "014"},
		{"fee", "add", "--deal", "1", "--amount", "1000", "--comment", "video", "--confirm"},
		{"fee", "add", "--deal", "1", "--amount", "200", "--comment", "story"},
		{"payout", "request", "--deal", "1", "--amount", "800", "--comment", "November", "--date", "2026-11-20"},
		{"payout", "pay", "1", "--offline", "--reference", "TRX-1", "--date", "2026-11-20"},
		{"payout", "request", "--deal", "1", "--amount", "50"},
	} {
		ok(t, db, args...)
	}
	return db
}

func TestDealListAndShow(t *testing.T) {
	db := dealLedger(t)
	for _, tt := range []struct {
		name string
		args []string
		want string // the exact output, trimmed
	}{
		{"ListCSV", []string{"deal", "list", "--format", "csv"},
			"id,creator,campaign,currency,rule,hold_days,codes,payee,scheduled,held,owed,requested,paid,remaining\n" +
				"1,Ana Silva,Spring,USD,12.5%,30,ANA10 ANA20,ready,200.00,0.00,150.00,50.00,800.00,200.00\n" +
				"2,Ben,Winter,JPY,300 per order,14,BEN,Payout details missing,0,0,0,0,0,0"},
		{"ListByCreator", []string{"deal", "list", "--format", "csv", "--creator", "ben"},
			"id,creator,campaign,currency,rule,hold_days,codes,payee,scheduled,held,owed,requested,paid,remaining\n" +
				"2,Ben,Winter,JPY,300 per order,14,BEN,Payout details missing,0,0,0,0,0,0"},
		{"ListByCampaign", []string{"deal", "list", "--format", "csv", "--campaign", "Spring"},
			"id,creator,campaign,currency,rule,hold_days,codes,payee,scheduled,held,owed,requested,paid,remaining\n" +
				"1,Ana Silva,Spring,USD,12.5%,30,ANA10 ANA20,ready,200.00,0.00,150.00,50.00,800.00,200.00"},
		{"ListBySearch", []string{"deal", "list", "--format", "csv", "--search", "ana2"},
			"id,creator,campaign,currency,rule,hold_days,codes,payee,scheduled,held,owed,requested,paid,remaining\n" +
				"1,Ana Silva,Spring,USD,12.5%,30,ANA10 ANA20,ready,200.00,0.00,150.00,50.00,800.00,200.00"},
		{"ListNone", []string{"deal", "list", "--format", "csv", "--search", "nobody"},
			"id,creator,campaign,currency,rule,hold_days,codes,payee,scheduled,held,owed,requested,paid,remaining"},
		{"Codes", []string{"deal", "codes", "1"}, "ANA10\nANA20"},
		{"CodesZeroPadded", []string{"deal", "codes", "002"}, "BEN"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if got := ok(t, db, tt.args...); got != tt.want {
				t.Errorf("payouts %s:\n%s\nwant:\n%s", strings.Join(tt.args, " "), got, tt.want)
			}
		})
	}

	t.Run("ListTableAndJSON", func(t *testing.T) {
		table := ok(t, db, "deal", "list")
		if lines := strings.Split(table, "\n"); len(lines) != 3 || !strings.HasPrefix(lines[0], "ID") || !strings.Contains(lines[2], "Payout details missing") {
			t.Errorf("table:\n%s", table)
		}
		var js []map[string]string
		if err := json.Unmarshal([]byte(ok(t, db, "deal", "list", "--format", "json")), &js); err != nil || len(js) != 2 || js[0]["owed"] != "150.00" || js[1]["rule"] != "300 per order" {
			t.Errorf("json = %v, %v", js, err)
		}
	})

	t.Run("ShowJSON", func(t *testing.T) {
		out := ok(t, db, "deal", "show", "1", "--format", "json")
		var raw map[string]json.RawMessage
		if err := json.Unmarshal([]byte(out), &raw); err != nil {
			t.Fatalf("%v:\n%s", err, out)
		}
		fields := map[string]string{}
		for k, v := range raw {
			var s string
			if json.Unmarshal(v, &s) == nil {
				fields[k] = s
			}
		}
		for k, want := range map[string]string{"id": "1", "creator": "Ana Silva", "creator_id": "1", "campaign": "Spring", "campaign_id": "1",
			"currency": "USD", "rule": "12.5%", "hold_days": "30", "codes": "ANA10 ANA20", "payee": "ready", "scheduled": "200.00",
			"held": "0.00", "owed": "150.00", "requested": "50.00", "paid": "800.00", "remaining": "200.00", "fees": "1200.00", "bonuses": "0.00"} {
			if fields[k] != want {
				t.Errorf("%s = %q, want %q", k, fields[k], want)
			}
		}
		var lists struct {
			Fees     []map[string]string `json:"fixed_fees"`
			Requests []map[string]string `json:"payout_requests"`
		}
		if err := json.Unmarshal([]byte(out), &lists); err != nil {
			t.Fatal(err)
		}
		if len(lists.Fees) != 2 || lists.Fees[0]["amount"] != "200.00" || lists.Fees[0]["status"] != "scheduled" ||
			lists.Fees[1]["status"] != "confirmed" || lists.Fees[1]["comment"] != "video" {
			t.Errorf("fees = %v", lists.Fees)
		}
		if len(lists.Requests) != 2 || lists.Requests[0]["id"] != "2" || lists.Requests[0]["status"] != "requested" ||
			lists.Requests[1]["reference"] != "TRX-1" || lists.Requests[1]["paid_date"] != "2026-11-20" || lists.Requests[1]["amount"] != "800.00" {
			t.Errorf("requests = %v", lists.Requests)
		}
	})

	t.Run("ShowTable", func(t *testing.T) {
		out := ok(t, db, "deal", "show", "2")
		for _, want := range []string{"creator:", "Ben", "rule:", "300 per order", "hold_days:", "14", "Payout details missing",
			"Fixed fees\n(none)", "Payout requests\n(none)"} {
			if !strings.Contains(out, want) {
				t.Errorf("deal show 2 lacks %q:\n%s", want, out)
			}
		}
	})
}

// TestEditCommands: each edit changes what it names and nothing else; each
// refusal is one line, exit 1, and no change.
func TestEditCommands(t *testing.T) {
	db := dealLedger(t)
	for _, tt := range []struct {
		name  string
		args  []string
		check []string // a command whose output must then be want
		want  string
	}{
		{"CodesSet", []string{"deal", "codes", "1", "--set", "ana30", "--set", "ANA40"}, []string{"deal", "codes", "1"}, "ANA30\nANA40"},
		{"CodesSetComma", []string{"deal", "codes", "1", "--set", "ANA50,ana60"}, []string{"deal", "codes", "1"}, "ANA50\nANA60"},
		{"CodesMovedFromAnotherDealAfterRemoval", []string{"deal", "codes", "2", "--set="}, []string{"deal", "list", "--format", "csv", "--search", "Winter"},
			"id,creator,campaign,currency,rule,hold_days,codes,payee,scheduled,held,owed,requested,paid,remaining\n" +
				"2,Ben,Winter,JPY,300 per order,14,,Payout details missing,0,0,0,0,0,0"},
		{"CodesTakeFreedCode", []string{"deal", "codes", "1", "--set", "BEN"}, []string{"deal", "codes", "1"}, "BEN"},
		{"CodesRemoveAll", []string{"deal", "codes", "1", "--set", ""}, []string{"deal", "codes", "1"}, ""},
		{"EditHoldDays", []string{"deal", "edit", "1", "--hold-days", "045"}, []string{"deal", "list", "--format", "csv", "--creator", "Ana Silva"},
			"id,creator,campaign,currency,rule,hold_days,codes,payee,scheduled,held,owed,requested,paid,remaining\n" +
				"1,Ana Silva,Spring,USD,12.5%,45,,ready,200.00,0.00,150.00,50.00,800.00,200.00"},
		{"EditHoldDaysZero", []string{"deal", "edit", "2", "--hold-days", "0"}, []string{"deal", "list", "--format", "csv", "--creator", "Ben"},
			"id,creator,campaign,currency,rule,hold_days,codes,payee,scheduled,held,owed,requested,paid,remaining\n" +
				"2,Ben,Winter,JPY,300 per order,0,,Payout details missing,0,0,0,0,0,0"},
		{"CampaignRename", []string{"campaign", "edit", "1", "--name", "Spring 2027"}, []string{"campaign", "list", "--format", "csv"},
			"id,name,notes\n1,Spring 2027,launch\n2,Winter,"},
		{"CampaignNotes", []string{"campaign", "edit", "2", "--notes", "cold"}, []string{"campaign", "list", "--format", "csv"},
			"id,name,notes\n1,Spring 2027,launch\n2,Winter,cold"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if out := ok(t, db, tt.args...); out != "" {
				t.Errorf("payouts %s printed %q, want nothing", strings.Join(tt.args, " "), out)
			}
			if got := ok(t, db, tt.check...); got != tt.want {
				t.Errorf("after payouts %s, %s:\n%s\nwant:\n%s", strings.Join(tt.args, " "), strings.Join(tt.check, " "), got, tt.want)
			}
		})
	}
	if out := ok(t, db, "check"); !strings.HasPrefix(out, "ok") {
		t.Errorf("check = %q", out)
	}

	ok(t, db, "deal", "codes", "2", "--set", "BEN2")
	for _, tt := range []struct {
		name string
		args []string
		msg  string
	}{
		{"CodeOfAnotherDeal", []string{"deal", "codes", "1", "--set", "A1", "--set", "ben2"}, "discount code BEN2 already belongs to Ben's JPY deal in Winter"},
		{"CodeWithSpace", []string{"deal", "codes", "1", "--set", "A 1"}, "no spaces or commas"},
		{"CodesUnknownDeal", []string{"deal", "codes", "9", "--set", "X"}, "deal 9 not found"},
		{"CodesBadID", []string{"deal", "codes", "0x1"}, `invalid deal ID "0x1"`},
		{"EditNothing", []string{"deal", "edit", "1"}, "nothing to change"},
		{"EditHoldTooLong", []string{"deal", "edit", "1", "--hold-days", "3651"}, "from 0 to 3650"},
		{"EditHoldNegative", []string{"deal", "edit", "1", "--hold-days", "-1"}, "from 0 to 3650"},
		{"EditHoldHex", []string{"deal", "edit", "1", "--hold-days", "0x10"}, "from 0 to 3650"},
		{"EditUnknownDeal", []string{"deal", "edit", "9", "--hold-days", "5"}, "deal 9 not found"},
		{"AddHoldHex", []string{"deal", "add", "--creator", "Ben", "--campaign", "Spring 2027", "--currency", "EUR", "--percent", "5", "--hold-days", "0x10"}, "from 0 to 3650"},
		{"CampaignNameTaken", []string{"campaign", "edit", "2", "--name", "spring 2027"}, "already exists"},
		{"CampaignNameEmpty", []string{"campaign", "edit", "2", "--name", " "}, "name"},
		{"CampaignUnknown", []string{"campaign", "edit", "9", "--notes", "x"}, "campaign 9 not found"},
		{"ShowUnknownDeal", []string{"deal", "show", "9"}, "deal 9 not found"},
		{"ShowUnknownCreator", []string{"creator", "show", "9"}, "creator 9 not found"},
		{"ShowUnknownCampaign", []string{"campaign", "show", "9"}, "campaign 9 not found"},
		{"ShowCSV", []string{"deal", "show", "1", "--format", "csv"}, "use table or json"},
		{"ListBadFormat", []string{"deal", "list", "--format", "xml"}, "use table, csv or json"},
		{"ListUnknownCreator", []string{"deal", "list", "--creator", "Nobody"}, `no creator named "Nobody"`},
	} {
		t.Run(tt.name, func(t *testing.T) {
			before := ok(t, db, "deal", "list", "--format", "csv")
			camps := ok(t, db, "campaign", "list", "--format", "csv")
			r := payouts(t, db, tt.args...)
			if r.code != 1 || r.stdout != "" || !strings.Contains(r.stderr, tt.msg) || strings.Count(strings.TrimSpace(r.stderr), "\n") != 0 {
				t.Errorf("payouts %s: exit %d, stdout %q, stderr %q; want exit 1 and one line with %q", strings.Join(tt.args, " "), r.code, r.stdout, r.stderr, tt.msg)
			}
			if after := ok(t, db, "deal", "list", "--format", "csv"); after != before {
				t.Errorf("the deals changed:\n%s\n->\n%s", before, after)
			}
			if after := ok(t, db, "campaign", "list", "--format", "csv"); after != camps {
				t.Errorf("the campaigns changed:\n%s\n->\n%s", camps, after)
			}
		})
	}
}

func TestCreatorAndCampaignShow(t *testing.T) {
	db := dealLedger(t)
	ok(t, db, "deal", "add", "--creator", "Ana Silva", "--campaign", "Winter", "--currency", "EUR", "--per-order", "2.50")
	out := ok(t, db, "creator", "show", "1", "--format", "json")
	var c struct {
		ID, Name, Email, Handle, Payee, Paid string
		Details                              string `json:"payout_details"`
		Deals                                []map[string]string
	}
	if err := json.Unmarshal([]byte(out), &c); err != nil {
		t.Fatalf("%v:\n%s", err, out)
	}
	if c.ID != "1" || c.Name != "Ana Silva" || c.Email != "ana@example.com" || c.Handle != "@ana" || c.Details != "IBAN DE00" ||
		c.Payee != "ready" || c.Paid != "0.00 EUR, 800.00 USD" || len(c.Deals) != 2 || c.Deals[0]["id"] != "1" || c.Deals[1]["currency"] != "EUR" {
		t.Errorf("creator show 1 = %+v", c)
	}
	ben := ok(t, db, "creator", "show", "002")
	for _, want := range []string{"name:", "Ben", "payee:", "Payout details missing", "Deals\nID"} {
		if !strings.Contains(ben, want) {
			t.Errorf("creator show 2 lacks %q:\n%s", want, ben)
		}
	}
	camp := ok(t, db, "campaign", "show", "2")
	if lines := strings.Split(camp, "\n"); !strings.Contains(camp, "name:     Winter") || len(lines) != 9 {
		t.Errorf("campaign show 2 (two deals):\n%s", camp)
	}
}

// TestBonusVoid: a bonus is voided once, by its ID, with a reason; the deal
// owes it no more, history keeps both lines, and check passes.
func TestBonusVoid(t *testing.T) {
	db := dealLedger(t) // deal 1 owes 150.00
	if id := ok(t, db, "bonus", "add", "--deal", "1", "--amount", "25.00", "--comment", "oops"); id != "7" {
		t.Fatalf("bonus ID = %s", id)
	}
	ok(t, db, "bonus", "add", "--deal", "1", "--amount", "5")
	for _, tt := range []struct {
		name string
		args []string
		code int
		msg  string
	}{
		{"NotABonus", []string{"bonus", "void", "1"}, 1, "bonus 1 not found"},
		{"Unknown", []string{"bonus", "void", "99"}, 1, "bonus 99 not found"},
		{"BadID", []string{"bonus", "void", "0x7"}, 1, `invalid bonus ID "0x7"`},
		{"OK", []string{"bonus", "void", "007", "--comment", "wrong deal"}, 0, ""},
		{"Twice", []string{"bonus", "void", "7"}, 1, "bonus 7 is already voided"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			r := payouts(t, db, tt.args...)
			if r.code != tt.code || !strings.Contains(r.stderr, tt.msg) || (tt.code == 0) != (r.stderr == "") || r.stdout != "" {
				t.Errorf("payouts %s: exit %d, stdout %q, stderr %q; want exit %d with %q", strings.Join(tt.args, " "), r.code, r.stdout, r.stderr, tt.code, tt.msg)
			}
		})
	}
	csv := ok(t, db, "deal", "list", "--format", "csv", "--creator", "Ana Silva")
	if !strings.HasSuffix(csv, "\n1,Ana Silva,Spring,USD,12.5%,30,ANA10 ANA20,ready,200.00,0.00,155.00,50.00,800.00,205.00") {
		t.Errorf("after the void:\n%s", csv)
	}
	hist := strings.Split(ok(t, db, "history", "--deal", "1", "--format", "csv"), "\n")
	if !strings.HasPrefix(hist[1], "9,") || !strings.Contains(hist[1], ",bonus_voided,25.00,USD,owed,bonus_expense,ops@brand,,,wrong deal,205.00") {
		t.Errorf("history line of the void = %s", hist[1])
	}
	var d struct {
		Bonuses []map[string]string `json:"bonus_payments"`
	}
	if err := json.Unmarshal([]byte(ok(t, db, "deal", "show", "1", "--format", "json")), &d); err != nil {
		t.Fatal(err)
	}
	if len(d.Bonuses) != 2 || d.Bonuses[0]["status"] != "active" || d.Bonuses[1]["id"] != "7" || d.Bonuses[1]["status"] != "voided" || d.Bonuses[1]["comment"] != "oops" {
		t.Errorf("deal show bonuses = %v", d.Bonuses)
	}
	if out := ok(t, db, "check"); !strings.HasPrefix(out, "ok") {
		t.Errorf("check = %q", out)
	}
}
