package ledger

import (
	"context"
	"strconv"
	"strings"
	"time"
)

// Export periods: the ranges a monthly export picks by name.
const (
	PeriodLastMonth = "last-month"
	PeriodThisMonth = "this-month"
	PeriodThisYear  = "this-year"
	PeriodLastYear  = "last-year"
	PeriodClosed    = "closed" // the period closed last
)

// ClosedPeriod is a period of the books closed and not reopened: from the
// day after the close before it (or the first transfer: From "") through
// its close.
type ClosedPeriod struct{ From, Through string }

// ClosedPeriods returns the periods closed and in force, oldest first.
func (s *Store) ClosedPeriods(ctx context.Context) ([]ClosedPeriod, error) {
	ev, err := s.Periods(ctx)
	if err != nil {
		return nil, err
	}
	closes := openCloses(ev)
	out := make([]ClosedPeriod, len(closes))
	for i, c := range closes {
		out[i].Through = c
		if i > 0 {
			out[i].From = dayAfter(closes[i-1])
		}
	}
	return out, nil
}

// ExportPeriod resolves a period's name into an inclusive range of posting
// dates, on the store's today: "last-month", "this-month", "this-year",
// "last-year", a month ("2026-10"), a year ("2026"), or "closed", the
// period closed last. Spaces may stand for the dashes ("last month").
func (s *Store) ExportPeriod(ctx context.Context, name string) (from, to string, err error) {
	n := strings.ReplaceAll(strings.ToLower(strings.TrimSpace(name)), " ", "-")
	today := s.Now().UTC()
	y, m, _ := today.Date()
	month := func(y int, m time.Month) (string, string) {
		first := time.Date(y, m, 1, 0, 0, 0, 0, time.UTC)
		return first.Format(DateLayout), first.AddDate(0, 1, -1).Format(DateLayout)
	}
	year := func(y int) (string, string) {
		return strconv.Itoa(y) + "-01-01", strconv.Itoa(y) + "-12-31"
	}
	switch n {
	case PeriodLastMonth:
		from, to = month(y, m-1) // time.Date normalizes month 0 to December of the year before
	case PeriodThisMonth:
		from, to = month(y, m)
	case PeriodThisYear:
		from, to = year(y)
	case PeriodLastYear:
		from, to = year(y - 1)
	case PeriodClosed:
		ps, err := s.ClosedPeriods(ctx)
		if err != nil {
			return "", "", err
		}
		if len(ps) == 0 {
			return "", "", Errorf(EINVALID, "no period is closed: close one with payouts period close --through DATE")
		}
		p := ps[len(ps)-1]
		return p.From, p.Through, nil
	default:
		if t, err := time.Parse("2006-01", n); err == nil && len(n) == 7 {
			from, to = month(t.Year(), t.Month())
			break
		}
		if t, err := time.Parse("2006", n); err == nil && len(n) == 4 {
			from, to = year(t.Year())
			break
		}
		return "", "", Errorf(EINVALID, "unknown period %q: use last-month, this-month, this-year, last-year, closed, a month (2026-10) or a year (2026)", name)
	}
	return from, to, nil
}
