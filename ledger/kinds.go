package ledger

import (
	"cmp"
	"slices"
)

// flow is one pair of accounts a transfer moves money between.
type flow struct{ From, To string }

// kindRule is one row of kindFlows: how a kind of transfer reads in the
// history, the pairs of accounts it may move money between, and its line
// of a roll-forward.
type kindRule struct {
	label string
	flows []flow
	// roll is the line's place in a roll-forward (RollForwardKinds): what
	// creators earn, then what moves between their accounts, then what
	// leaves for cash.
	roll int
	// rollLabel is how the line reads in the export's roll-forward.
	rollLabel string
}

// kindFlows is the one table of kinds of transfer: which accounts each may
// move money between (post refuses any other pair, and Check reports a
// transfer in the file that breaks it), how it reads, and where it sits in
// a roll-forward. A new kind of transfer is one row here; what it does to a
// deal's figures follows from the table of accounts.
var kindFlows = map[string]kindRule{
	KindCommission:    {label: "Commission", flows: []flow{{AccCommissionExpense, AccHeld}}, roll: 10, rollLabel: "Commission earned, in range"},
	KindFee:           {label: "Fixed fee", flows: []flow{{AccFeeExpense, AccScheduled}}, roll: 20, rollLabel: "Fixed fees agreed, in range"},
	KindFeeConfirmed:  {label: "Fee confirmed", flows: []flow{{AccScheduled, AccOwed}}, roll: 30, rollLabel: "Fixed fees confirmed (scheduled -> owed), in range"},
	KindFeeVoided:     {label: "Fee voided", flows: []flow{{AccScheduled, AccFeeExpense}, {AccOwed, AccFeeExpense}}, roll: 40, rollLabel: "Fixed fees voided, in range"},
	KindBonus:         {label: "Bonus", flows: []flow{{AccBonusExpense, AccOwed}}, roll: 50, rollLabel: "Bonuses, in range"},
	KindBonusVoided:   {label: "Bonus voided", flows: []flow{{AccOwed, AccBonusExpense}}, roll: 60, rollLabel: "Bonuses voided, in range"},
	KindRefund:        {label: "Refund", flows: []flow{{AccHeld, AccCommissionExpense}, {AccOwed, AccCommissionExpense}}, roll: 70, rollLabel: "Refunds and cancellations, in range"},
	KindRelease:       {label: "Hold released", flows: []flow{{AccHeld, AccOwed}}, roll: 80, rollLabel: "Hold released (held -> owed), in range"},
	KindRequest:       {label: "Payout requested", flows: []flow{{AccOwed, AccRequested}}, roll: 90, rollLabel: "Payouts requested (owed -> requested), in range"},
	KindRequestCancel: {label: "Request cancelled", flows: []flow{{AccRequested, AccOwed}}, roll: 100, rollLabel: "Requests cancelled (requested -> owed), in range"},
	KindPaid:          {label: "Paid", flows: []flow{{AccRequested, AccStripeCash}, {AccRequested, AccOfflineCash}}, roll: 110, rollLabel: "Payments, in range"},
	KindPaidReversed:  {label: "Payment reversed", flows: []flow{{AccStripeCash, AccOwed}, {AccOfflineCash, AccOwed}}, roll: 120, rollLabel: "Payments reversed, in range"},
}

// TransferKinds returns every kind of transfer, sorted.
func TransferKinds() []string {
	out := make([]string, 0, len(kindFlows))
	for k := range kindFlows {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}

// RollForwardKinds returns every kind of transfer in the order a
// roll-forward lists their activity (each row's roll; kinds of one place
// by name), so that no activity is left out of a roll-forward.
func RollForwardKinds() []string {
	out := TransferKinds()
	slices.SortStableFunc(out, func(a, b string) int { return cmp.Compare(kindFlows[a].roll, kindFlows[b].roll) })
	return out
}

// RollForwardLabel is how a kind's line reads in a roll-forward:
// "Commission earned, in range".
func RollForwardLabel(kind string) string {
	if k, ok := kindFlows[kind]; ok && k.rollLabel != "" {
		return k.rollLabel
	}
	return KindLabel(kind) + ", in range"
}

// FlowAllowed reports whether a transfer of kind may move money from one
// account to the other.
func FlowAllowed(kind, from, to string) bool {
	for _, f := range kindFlows[kind].flows {
		if f.From == from && f.To == to {
			return true
		}
	}
	return false
}

// KindLabel is how a transfer kind reads in the history.
func KindLabel(kind string) string {
	if k, ok := kindFlows[kind]; ok {
		return k.label
	}
	return kind
}
