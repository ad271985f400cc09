//go:build race

package ledger_test

// raceSteps is how many steps the random-operations test runs under the race
// detector, where modernc SQLite is some twenty times slower: enough to run
// every kind of operation many times, in minutes rather than an hour.
const raceSteps = 200
