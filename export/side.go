package export

import (
	"context"

	"github.com/payouts/payouts/ledger"
)

// sideReads are the reads behind the smaller sheets (Payouts, Balances,
// Creators, Attribution). Each is a pass over the transfers, so they run on a
// connection of their own while Transactions streams: the writer keeps one
// core busy and the reader part of the other, and these fill the rest.
// The snapshot in the filter keeps them consistent with the stream.
type sideReads struct {
	paid     []ledger.PaidRow
	balances []ledger.DealBalance // only when the range has a start; else built from the stream
	opening  []ledger.DealBalance // as of the day before the range's start; none without one
	creators []ledger.CreatorYearPaid
	taxes    []ledger.CreatorTaxRow
	report   []ledger.ReportRow // the Attribution sheet's rows, per deal
	err      error
	done     chan struct{}
}

func startSideReads(ctx context.Context, s *ledger.Store, flt ledger.ExportFilter) *sideReads {
	r := &sideReads{done: make(chan struct{})}
	go func() {
		defer close(r.done)
		rd, err := s.ExportReader(ctx)
		if err != nil {
			r.err = err
			return
		}
		defer rd.Close()
		if r.paid, r.err = rd.PaidRequests(ctx, flt); r.err != nil {
			return
		}
		if flt.From != "" {
			if r.balances, r.err = rd.BalancesAsOf(ctx, flt); r.err != nil {
				return
			}
		}
		if of, ok := flt.OpeningFilter(); ok {
			if r.opening, r.err = rd.BalancesAsOf(ctx, of); r.err != nil {
				return
			}
		}
		if r.creators, r.err = rd.PaidByCreatorYear(ctx, flt); r.err != nil {
			return
		}
		if r.taxes, r.err = rd.CreatorTaxes(ctx); r.err != nil {
			return
		}
		r.report, r.err = rd.Report(ctx, ledger.ReportQuery{By: ledger.ReportByDeal, From: flt.From, To: flt.To,
			CampaignID: flt.CampaignID, UpTo: flt.UpTo})
	}()
	return r
}

// wait returns once the reads are done, with their error.
func (r *sideReads) wait() error {
	<-r.done
	return r.err
}
