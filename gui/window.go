package gui

import (
	"fyne.io/fyne/v2"
)

// Preferences keeping the main window's size between runs.
const (
	prefWindowWidth  = "window.width"
	prefWindowHeight = "window.height"
)

// defaultWindowSize is the first run's size; minWindowSize is the least a
// saved size is trusted for (a size saved while minimised is not).
var (
	defaultWindowSize = fyne.NewSize(1280, 800)
	minWindowSize     = fyne.NewSize(640, 400)
)

// FitWindow gives the main window the size it had when it was last closed
// (the first time, 1280x800), and saves its size when it closes. Fyne
// offers no window position to read or set: where the window opens is the
// window manager's choice.
func FitWindow(a fyne.App, w fyne.Window) {
	w.Resize(savedWindowSize(a.Preferences()))
	w.SetOnClosed(func() { saveWindowSize(a.Preferences(), w.Canvas().Size()) })
}

func savedWindowSize(p fyne.Preferences) fyne.Size {
	s := fyne.NewSize(float32(p.Float(prefWindowWidth)), float32(p.Float(prefWindowHeight)))
	if s.Width < minWindowSize.Width || s.Height < minWindowSize.Height {
		return defaultWindowSize
	}
	return s
}

func saveWindowSize(p fyne.Preferences, s fyne.Size) {
	if s.Width < minWindowSize.Width || s.Height < minWindowSize.Height {
		return // minimised or not yet laid out: keep the last good size
	}
	p.SetFloat(prefWindowWidth, float64(s.Width))
	p.SetFloat(prefWindowHeight, float64(s.Height))
}
