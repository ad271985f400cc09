package gui

import (
	"fmt"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"github.com/payouts/payouts/ledger"
)

// creatorPageSize is how many creators one read fetches; creatorPagesKept
// bounds the cache, so 10,000 creators are never all in memory.
const (
	creatorPageSize  = 200
	creatorPagesKept = 8
)

// creatorList is the Creators screen's list, read page by page by keyset
// like the Deals table: it holds the count and a few pages, never every
// creator matching the search.
type creatorList struct {
	u      *ui
	query  ledger.CreatorQuery // the search; After and Limit are set per page
	total  int
	pages  map[int][]ledger.CreatorSummary
	starts map[int]ledger.CreatorCursor // where page p > 0 starts
	recent []int                        // page numbers, least recently read first
	failed bool                         // a read failed: shown once, not once per row
}

// reload counts the creators matching the search and drops cached pages.
func (l *creatorList) reload(search string) {
	l.query = ledger.CreatorQuery{Search: strings.TrimSpace(search)}
	l.pages = map[int][]ledger.CreatorSummary{}
	l.starts = map[int]ledger.CreatorCursor{}
	l.recent, l.failed = nil, false
	n, err := l.u.store.CountCreators(l.u.ctx, l.query)
	if err != nil {
		l.u.showError(err)
		n = 0
	}
	l.total = n
}

// row returns the creator at index i, reading its page when not cached.
func (l *creatorList) row(i int) (*ledger.CreatorSummary, bool) {
	if i < 0 || i >= l.total {
		return nil, false
	}
	p := i / creatorPageSize
	page, ok := l.pages[p]
	if !ok {
		if l.failed {
			return nil, false
		}
		var err error
		if page, err = l.read(p); err != nil {
			l.failed = true
			l.u.showError(err)
			return nil, false
		}
		l.pages[p] = page
		l.recent = append(l.recent, p)
		for len(l.recent) > creatorPagesKept {
			delete(l.pages, l.recent[0])
			l.recent = l.recent[1:]
		}
	}
	k := i - p*creatorPageSize
	if k >= len(page) {
		return nil, false
	}
	return &page[k], true
}

// read reads page p from where it starts; a jump to a page whose start is
// unknown reads every start at once (names and IDs only).
func (l *creatorList) read(p int) ([]ledger.CreatorSummary, error) {
	q := l.query
	q.Limit = creatorPageSize
	if p > 0 {
		c, ok := l.starts[p]
		if !ok {
			all, err := l.u.store.CreatorPageStarts(l.u.ctx, l.query, creatorPageSize)
			if err != nil {
				return nil, err
			}
			for i, c := range all {
				l.starts[i+1] = c
			}
			if c, ok = l.starts[p]; !ok {
				return nil, nil // the list shrank since it was counted
			}
		}
		q.After = &c
	}
	page, err := l.u.store.CreatorList(l.u.ctx, q)
	if err == nil && len(page) == creatorPageSize {
		l.starts[p+1] = q.CursorAfter(&page[len(page)-1])
	}
	return page, err
}

// creatorListHelp says what the amounts under each name are.
const creatorListHelp = "Unpaid = " + colRemaining + ": " + colHeld + " + " + colOwed + " + " + colRequested +
	" over the creator's deals, per currency; currencies are never added together."

// creatorCountText is the line under the list: how many creators it
// shows, or that the search matches none.
func creatorCountText(n int, search string) string {
	switch {
	case n == 0 && search != "":
		return "No creators match \"" + search + "\""
	case n == 0:
		return "No creators yet"
	case n == 1:
		return "1 creator"
	}
	return fmt.Sprintf("%d creators", n)
}

// unpaidText writes what a creator is owed, one amount per currency side
// by side: amounts in different currencies are never added.
func unpaidText(unpaid []ledger.Amount) string {
	if len(unpaid) == 0 {
		return "Nothing unpaid"
	}
	parts := make([]string, len(unpaid))
	for i, a := range unpaid {
		parts[i] = ledger.Display(a.Minor, a.Currency)
	}
	return "Unpaid " + strings.Join(parts, " · ")
}

// creatorRow is one row of the list: the name, the missing-details badge
// and the unpaid amounts under them.
type creatorRow struct {
	name   *widget.Label
	badge  *widget.Label
	unpaid *widget.Label
}

func (s *creatorsScreen) createItem() fyne.CanvasObject {
	r := &creatorRow{
		name:   &widget.Label{Text: "Creator name", Truncation: fyne.TextTruncateEllipsis, TextStyle: fyne.TextStyle{Bold: true}},
		badge:  &widget.Label{Text: "Details missing", Importance: widget.WarningImportance},
		unpaid: &widget.Label{Text: "Unpaid €0.00", Truncation: fyne.TextTruncateEllipsis},
	}
	c := container.NewVBox(container.NewBorder(nil, nil, nil, r.badge, r.name), r.unpaid)
	s.rows[c] = r
	return c
}

func (s *creatorsScreen) updateItem(id widget.ListItemID, o fyne.CanvasObject) {
	r := s.rows[o.(*fyne.Container)]
	c, ok := s.list.row(id)
	if !ok {
		r.name.SetText("")
		r.badge.Hide()
		r.unpaid.SetText("")
		return
	}
	r.name.SetText(c.Name)
	// The badge says why this creator cannot be paid; the full words are
	// on the profile (markerMissing).
	if c.PayeeReady {
		r.badge.Hide()
	} else {
		r.badge.Show()
	}
	r.unpaid.SetText(unpaidText(c.Unpaid))
}
