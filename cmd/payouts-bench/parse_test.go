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
