package export

import (
	"context"
	"errors"
	"path/filepath"
	"testing"
	"time"

	"github.com/payouts/payouts/ledger"
	"github.com/payouts/payouts/ledger/demo"
)

func TestEachTransferAhead(t *testing.T) {
	ctx := context.Background()
	s, err := ledger.Open(filepath.Join(t.TempDir(), "l.payouts"))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	s.Now = func() time.Time { return time.Date(2026, 11, 21, 0, 0, 0, 0, time.UTC) }
	if err := demo.Fill(ctx, s, demo.Options{Seed: 3, Creators: 60}); err != nil {
		t.Fatal(err)
	}
	flt, err := s.Snapshot(ctx, ledger.ExportFilter{})
	if err != nil {
		t.Fatal(err)
	}
	var want []int64
	if err := s.EachTransfer(ctx, flt, func(r *ledger.ExportRow) error { want = append(want, r.ID); return nil }); err != nil {
		t.Fatal(err)
	}
	if len(want) <= batchRows+10 {
		t.Fatalf("got %d transfers, want more than a batch", len(want))
	}

	t.Run("SameRowsInOrder", func(t *testing.T) {
		var got []int64
		if err := eachTransferAhead(ctx, s, flt, func(r *ledger.ExportRow) error { got = append(got, r.ID); return nil }); err != nil {
			t.Fatal(err)
		}
		if len(got) != len(want) {
			t.Fatalf("got %d rows, want %d", len(got), len(want))
		}
		for i := range got {
			if got[i] != want[i] {
				t.Fatalf("row %d: got transfer %d, want %d", i, got[i], want[i])
			}
		}
	})
	t.Run("ErrStopsTheReader", func(t *testing.T) {
		stop := errors.New("stop")
		n := 0
		err := eachTransferAhead(ctx, s, flt, func(r *ledger.ExportRow) error {
			n++
			if n == batchRows+5 {
				return stop
			}
			return nil
		})
		if !errors.Is(err, stop) || n != batchRows+5 {
			t.Errorf("got %v after %d rows, want stop after %d", err, n, batchRows+5)
		}
	})
	t.Run("ErrCancelled", func(t *testing.T) {
		cctx, cancel := context.WithCancel(ctx)
		n := 0
		err := eachTransferAhead(cctx, s, flt, func(r *ledger.ExportRow) error {
			if n++; n == 10 {
				cancel()
			}
			return nil
		})
		if !errors.Is(err, context.Canceled) {
			t.Errorf("got %v, want context.Canceled", err)
		}
	})
}
