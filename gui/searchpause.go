package gui

import (
	"time"

	"fyne.io/fyne/v2"
)

// defaultSearchDelay is short enough to feel immediate.
const defaultSearchDelay = 120 * time.Millisecond

// searchPause runs a search once typing pauses, for the Deals list and the
// payout queue: a quick typist costs one query, not one per key.
type searchPause struct {
	// searchDelay is how long typing must pause. Zero searches at once.
	searchDelay time.Duration
	afterFunc   func(time.Duration, func()) (stop func() bool) // time.AfterFunc; tests replace it
	stopSearch  func() bool
	searchGen   int // the latest keystroke; older timers do nothing
}

func newSearchPause() searchPause {
	return searchPause{searchDelay: defaultSearchDelay, afterFunc: func(d time.Duration, f func()) func() bool {
		return time.AfterFunc(d, f).Stop
	}}
}

// typed runs search now when there is no delay, else once typing pauses.
// The timer's goroutine hands search back to the UI goroutine with
// fyne.Do; a later key makes an earlier timer's search moot.
func (p *searchPause) typed(search func()) {
	if p.searchDelay <= 0 {
		search()
		return
	}
	p.searchGen++
	gen := p.searchGen
	if p.stopSearch != nil {
		p.stopSearch()
	}
	p.stopSearch = p.afterFunc(p.searchDelay, func() {
		fyne.Do(func() {
			if gen == p.searchGen {
				search()
			}
		})
	})
}
