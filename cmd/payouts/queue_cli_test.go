package main_test

import (
	"strings"
	"testing"
	"time"
)

// TestHistoryAndQueueViews: the creator profile's transactions across deals
// and the deal page's requests have commands, with the queue's totals.
func TestHistoryAndQueueViews(t *testing.T) {
	db := dealLedger(t)
	ok(t, db, "deal", "add", "--creator", "Ana Silva", "--campaign", "Winter", "--currency", "EUR", "--per-order", "2.50")
	ok(t, db, "bonus", "add", "--deal", "3", "--amount", "10", "--comment", "winter")
	ok(t, db, "payout", "request", "--deal", "3", "--amount", "4")
	for _, tt := range []struct {
		name string
		args []string
		want string
	}{
		{"CreatorHistory", []string{"history", "--creator", "01", "--limit", "3", "--format", "csv"},
			"id,deal,campaign,date,kind,amount,currency,from,to,operator,method,reference,comment,remaining\n" +
				"8,3,Winter,TODAY,request,4.00,EUR,owed,requested,ops@brand,,,,10.00\n" +
				"7,3,Winter,TODAY,bonus,10.00,EUR,bonus_expense,owed,ops@brand,,,winter,10.00\n" +
				"6,1,Spring,TODAY,request,50.00,USD,owed,requested,ops@brand,,,,200.00"},
		{"DealRequests", []string{"payout", "list", "--deal", "3", "--format", "csv"},
			"id,deal,creator,campaign,currency,amount,status,method,reference,paid_date,payee\n" +
				"3,3,Ana Silva,Winter,EUR,4.00,requested,,,,ready"},
		{"DealRequestsByStatus", []string{"payout", "list", "--deal", "1", "--status", "paid", "--format", "csv"},
			"id,deal,creator,campaign,currency,amount,status,method,reference,paid_date,payee\n" +
				"1,1,Ana Silva,Spring,USD,800.00,paid,bank,TRX-1,2026-11-20,ready"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			got := ok(t, db, tt.args...)
			// The CLI runs on the real clock: these lines are dated today.
			tt.want = strings.ReplaceAll(tt.want, "TODAY", time.Now().Format("2006-01-02"))
			if got != tt.want {
				t.Errorf("payouts %s:\n%s\nwant:\n%s", strings.Join(tt.args, " "), got, tt.want)
			}
		})
	}
	table := ok(t, db, "payout", "list")
	for _, want := range []string{"total", "EUR       4.00    requested", "1 request(s)", "USD       800.00  paid"} {
		if !strings.Contains(table, want) {
			t.Errorf("payout list table lacks %q:\n%s", want, table)
		}
	}
	if lines := strings.Split(ok(t, db, "payout", "list", "--status", "paid"), "\n"); len(lines) != 3 || !strings.HasPrefix(lines[2], "total") {
		t.Errorf("paid list with its one total:\n%s", strings.Join(lines, "\n"))
	}
	for _, tt := range []struct {
		args []string
		msg  string
	}{
		{[]string{"history"}, "give either --deal ID or --creator ID"},
		{[]string{"history", "--deal", "1", "--creator", "1"}, "give either --deal ID or --creator ID"},
		{[]string{"history", "--creator", "9"}, "creator 9 not found"},
		{[]string{"history", "--creator", "0x1"}, `invalid creator ID "0x1"`},
		{[]string{"history", "--deal", "1", "--limit", "0x10"}, `invalid --limit "0x10"`},
		{[]string{"payout", "list", "--deal", "9"}, "deal 9 not found"},
		{[]string{"payout", "list", "--deal", "1_0"}, `invalid deal ID "1_0"`},
	} {
		r := payouts(t, db, tt.args...)
		if r.code != 1 || r.stdout != "" || !strings.Contains(r.stderr, tt.msg) {
			t.Errorf("payouts %s: exit %d, stdout %q, stderr %q; want exit 1 with %q", strings.Join(tt.args, " "), r.code, r.stdout, r.stderr, tt.msg)
		}
	}
}
