package ledger

// SetBalancesPath forces BalancesAsOf to compute from the cached balances
// ("cache") or from the transfers ("transfers") until the returned func
// restores the choice. Tests only.
func SetBalancesPath(path string) (restore func()) {
	old := balancesPath
	balancesPath = path
	return func() { balancesPath = old }
}

// SetImportChunk makes an import commit every n orders and call after once
// each chunk but the last has committed, until the returned func restores
// them. Tests only.
func SetImportChunk(n int, after func(next int)) (restore func()) {
	oldN, oldAfter := importChunkSize, afterImportChunk
	importChunkSize, afterImportChunk = n, after
	return func() { importChunkSize, afterImportChunk = oldN, oldAfter }
}

// SetAfterCopy makes CopyLedger call plant with the target's transaction
// after copying the rows and before comparing them, until the returned func
// restores it. Tests only: a planted difference the comparison must find.
func SetAfterCopy(plant func(exec func(query string, args ...any) error) error) (restore func()) {
	old := afterCopy
	afterCopy = plant
	return func() { afterCopy = old }
}

// SetCopiedInto makes every COPY into PostgreSQL call seen with its table
// and row count, until the returned func restores it. Tests only.
func SetCopiedInto(seen func(table string, rows int64)) (restore func()) {
	old := copiedInto
	copiedInto = seen
	return func() { copiedInto = old }
}

// SetImportPause makes an import call paused before each pause between its
// chunks, until the returned func restores it.
func SetImportPause(paused func()) (restore func()) {
	old := onImportPause
	onImportPause = paused
	return func() { onImportPause = old }
}
