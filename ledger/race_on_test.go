//go:build race

package ledger_test

// raceSteps is how many steps the random-operations test runs under the race
// detector, where modernc SQLite is some twenty times slower: enough to run
// every kind of operation many times, in minutes rather than an hour.
const raceSteps = 200

// raceEnabled: under the race detector a child test process starts and
// writes an order of magnitude slower, so tests that kill one after a
// random while give it longer.
const raceEnabled = true
