package ledger

// SetBalancesPath forces BalancesAsOf to compute from the cached balances
// ("cache") or from the transfers ("transfers") until the returned func
// restores the choice. Tests only.
func SetBalancesPath(path string) (restore func()) {
	old := balancesPath
	balancesPath = path
	return func() { balancesPath = old }
}
