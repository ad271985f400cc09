package export

import (
	"context"

	"github.com/payouts/payouts/ledger"
)

// batchRows is how many transfers travel together from the reader to the
// writer.
const batchRows = 1024

// transferSource streams transfers: a *ledger.Store or a
// *ledger.ExportReader.
type transferSource interface {
	EachTransfer(ctx context.Context, f ledger.ExportFilter, fn func(*ledger.ExportRow) error) error
}

// eachTransferAhead calls fn for every transfer of flt, in order, like
// ledger's EachTransfer, but reads them in a goroutine of its own, a few
// batches ahead: reading SQLite and writing sheet XML then overlap on two
// cores. At most a handful of batches are held at once, so memory stays
// bounded however many transfers there are.
func eachTransferAhead(ctx context.Context, s transferSource, flt ledger.ExportFilter, fn func(*ledger.ExportRow) error) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	full := make(chan []ledger.ExportRow, 4)
	free := make(chan []ledger.ExportRow, 6)
	done := make(chan error, 1)
	go func() {
		defer close(full)
		send := func(b []ledger.ExportRow) error {
			select {
			case full <- b:
				return nil
			case <-ctx.Done():
				return ctx.Err()
			}
		}
		batch := make([]ledger.ExportRow, 0, batchRows)
		err := s.EachTransfer(ctx, flt, func(r *ledger.ExportRow) error {
			batch = append(batch, *r)
			if len(batch) < batchRows {
				return nil
			}
			if err := send(batch); err != nil {
				return err
			}
			select {
			case batch = <-free:
				batch = batch[:0]
			default:
				batch = make([]ledger.ExportRow, 0, batchRows)
			}
			return nil
		})
		if err == nil && len(batch) > 0 {
			err = send(batch)
		}
		done <- err
	}()
	for batch := range full {
		for i := range batch {
			err := fn(&batch[i])
			if err == nil && i == 0 {
				err = ctx.Err() // cancelled while the batch was ready
			}
			if err != nil {
				// Stop the reader and wait for it: it must not outlive
				// this call (the store may be closed next).
				cancel()
				for range full {
				}
				<-done
				return err
			}
		}
		clear(batch) // drop the strings before the batch is reused
		select {
		case free <- batch:
		default:
		}
	}
	if err := <-done; err != nil {
		return err
	}
	// A cancel that came after the reader's last row is still reported:
	// the caller asked to stop.
	return ctx.Err()
}
