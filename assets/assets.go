// Package assets holds the app's embedded resources: its icon and the
// metadata of FyneApp.toml. FyneApp.toml at the repository root is the one
// source of the ID, name and version; the constants here repeat it for
// `go build` (which, unlike `fyne package`, does not read it), and a test
// fails when the two disagree.
package assets

import (
	_ "embed"

	"fyne.io/fyne/v2"
)

// Metadata of FyneApp.toml.
const (
	AppID   = "app.payouts.desktop"
	Name    = "Payouts"
	Version = "0.1.0"
)

//go:embed icon.png
var iconPNG []byte

// Icon is the app's icon.
var Icon fyne.Resource = fyne.NewStaticResource("icon.png", iconPNG)
