package export

import "testing"

func TestLooksNumeric(t *testing.T) {
	for s, want := range map[string]bool{
		"11-21": true, "2026/11": true, "3.4": true, "0012345": true, "12345678901234567890": true, "12E5": true,
		"10:30": true, "1 234": true,
		"1120": false, "#1120": false, "TRX-202611-00001": false, "po_1Abc": false, "0": false, "E5": false,
		"": false, "Ana": false, "-": false,
	} {
		if got := looksNumeric(s); got != want {
			t.Errorf("looksNumeric(%q): got %v, want %v", s, got, want)
		}
	}
}
