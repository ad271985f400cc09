package orders_test

import (
	"strings"
	"testing"
	"unicode/utf16"

	"github.com/payouts/payouts/ledger"
	"github.com/payouts/payouts/ledger/orders"
)

// A UTF-16 export (with or without its byte order mark, either byte order)
// is refused naming the encoding and how to save it as UTF-8, not as a
// file lacking its columns.
func TestUTF16Refused(t *testing.T) {
	text := "Name,Financial Status,Paid at,Currency,Subtotal,Discount Code\n#1,paid,2026-10-07 10:00:00 +0000,EUR,100.00,A1\n"
	encode := func(bigEndian, bom bool) string {
		units := utf16.Encode([]rune(text))
		if bom {
			units = append([]uint16{0xFEFF}, units...)
		}
		var b strings.Builder
		for _, u := range units {
			if bigEndian {
				b.WriteByte(byte(u >> 8))
				b.WriteByte(byte(u))
			} else {
				b.WriteByte(byte(u))
				b.WriteByte(byte(u >> 8))
			}
		}
		return b.String()
	}
	for _, tc := range []struct {
		name     string
		big, bom bool
	}{{"LittleEndianBOM", false, true}, {"BigEndianBOM", true, true}, {"LittleEndianNoBOM", false, false}, {"BigEndianNoBOM", true, false}} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := orders.ParseShopify(strings.NewReader(encode(tc.big, tc.bom)))
			if ledger.ErrorCode(err) != ledger.EINVALID || !strings.Contains(ledger.ErrorMessage(err), "UTF-16") {
				t.Fatalf("err = %v", err)
			}
		})
	}
	if _, err := orders.ParseShopify(strings.NewReader(text)); err != nil {
		t.Fatalf("the same export in UTF-8: %v", err)
	}
}
