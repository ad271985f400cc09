//go:build tools

package main

// Pins modules the build does not import yet, so that `go mod tidy` keeps
// them at the versions known to resolve here: stripe-go v76.25.0 is the
// client Stripe Connect settlement will use (DESIGN.md, ledger/stripe).
// The tools build tag keeps it out of every real build.
import _ "github.com/stripe/stripe-go/v76"
