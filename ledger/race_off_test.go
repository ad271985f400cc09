//go:build !race

package ledger_test

// raceSteps is 0 without the race detector: the full run.
const raceSteps = 0

// raceEnabled is false without the race detector.
const raceEnabled = false
