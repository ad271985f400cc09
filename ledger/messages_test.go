package ledger_test

import (
	"strings"
	"testing"

	"github.com/payouts/payouts/ledger"
)

// A pasted 130 KB email is refused in a short message that names the
// problem, not echoed whole.
func TestLongEmailMessage(t *testing.T) {
	s, _ := MustOpen(t)
	for _, email := range []string{strings.Repeat("x", 130_000), strings.Repeat("x", 130_000) + "@example.com"} {
		_, err := s.AddCreator(ctx, ledger.CreatorInput{Name: "Ana", Email: email})
		wantCode(t, err, ledger.EINVALID)
		if msg := ledger.ErrorMessage(err); len(msg) > 200 || !strings.Contains(msg, "email") {
			t.Fatalf("message of %d bytes: %.120q", len(msg), msg)
		}
	}
}
