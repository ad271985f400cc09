package main

import (
	"reflect"
	"strings"
	"testing"
)

func TestParseGoBench(t *testing.T) {
	out := `goos: linux
BenchmarkGUIOpenDeal-2   	      74	  15801234 ns/op	     12000 deals	   2134640 transfers	 1234 B/op	 5 allocs/op
BenchmarkLedgerHistory-2 	    1816	    828779 ns/op
--- FAIL: BenchmarkBroken
PASS`
	got := parseGoBench(out)
	want := []goBench{
		{name: "BenchmarkGUIOpenDeal", n: 74, nsPerOp: 15801234, metrics: map[string]float64{"deals": 12000, "transfers": 2134640, "B/op": 1234, "allocs/op": 5}},
		{name: "BenchmarkLedgerHistory", n: 1816, nsPerOp: 828779, metrics: map[string]float64{}},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got %+v, want %+v", got, want)
	}
}

func TestRunTimes(t *testing.T) {
	out := "Run Time: real 0.153 user 0.023506 sys 0.014621\nok\nRun Time: real 12.000 user 1 sys 2\n"
	if got, want := runTimes(out), []float64{0.153, 12}; !reflect.DeepEqual(got, want) {
		t.Errorf("got %v, want %v", got, want)
	}
}

func TestFormat(t *testing.T) {
	tests := []struct {
		name, got, want string
	}{
		{"Seconds", dur(1.234), "1.23 s"},
		{"Milliseconds", dur(0.0042), "4.20 ms"},
		{"Microseconds", dur(0.000307), "307 µs"},
		{"Count", count(2132630), "2,132,630"},
		{"Slower", slower(2, 1), "2.00× slower"},
		{"Faster", slower(0.5, 10), "20.0× faster"},
		{"NoFloor", slower(1, 0), "—"},
		{"MBOver", mb(400 * 1024), "400 MB (over 300)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.got != tt.want {
				t.Errorf("got %q, want %q", tt.got, tt.want)
			}
		})
	}
}

// TestReportFloorSQL: the floor runs store.Report's own statement with
// every argument written in.
func TestReportFloorSQL(t *testing.T) {
	q, err := reportFloorSQL()
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(q, "?") || !strings.Contains(q, "'2025-11-22'") || !strings.Contains(q, "'2026-11-21'") {
		t.Errorf("floor statement:\n%s", q)
	}
}

func TestCLICPU(t *testing.T) {
	out := "ok\nRun Time: real 10.153 user 1.500000 sys 0.250000\n"
	if got := cliCPU(out); got != 1.75 {
		t.Errorf("got %v, want 1.75", got)
	}
	if got := cliCPU("no timer"); got != 0 {
		t.Errorf("got %v, want 0", got)
	}
}

// TestPageRows: the deep-page benchmarks become one row per list with the
// slowest keyset page against the 10 ms target and the read it replaced as
// its floor; other benchmarks pass through.
func TestPageRows(t *testing.T) {
	bs := parseGoBench(`BenchmarkLedgerDealsPageDeep/creator/desc=false/keyset-2   100  2000000 ns/op
BenchmarkLedgerDealsPageDeep/owed/desc=true/keyset-2   100  12000000 ns/op
BenchmarkLedgerDealsPageDeep/owed/desc=true/offset-2   10  60000000 ns/op
BenchmarkLedgerDealsPageDeep/owed/desc=true/starts-2   10  30000000 ns/op
BenchmarkLedgerCreatorsPageDeep/all/keyset-2   100  3000000 ns/op	0.05 x-Creators-full-read
BenchmarkLedgerCreatorsPageDeep/all/full-2   10  600000000 ns/op
BenchmarkLedgerHistory-2 	    1816	    828779 ns/op`)
	var tb table
	rest := tb.addPageRows(bs, 1024)
	if len(rest) != 1 || rest[0].name != "BenchmarkLedgerHistory" {
		t.Fatalf("rest %+v", rest)
	}
	var got []string
	for _, r := range tb.rows {
		got = append(got, r.ours+" | "+r.floorValue+" | "+r.target)
	}
	want := []string{
		"12.00 ms | 60.00 ms (owed/desc=true) | < 10 ms (issue 11): MISSED",
		"30.00 ms | — | —",
		"3.00 ms | 600.00 ms (all) | < 10 ms (issue 11): met",
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("rows\n%q\nwant\n%q", got, want)
	}
}
