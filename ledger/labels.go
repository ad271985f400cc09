package ledger

import (
	"fmt"
	"time"
)

// Messages name a deal or a payout request as people see them on screen
// (creator, campaign, amount), never by an ID the app does not show: "deal
// 25" means nothing to someone who only ever saw names.

// dealLabel names a deal: "Ana Silva's USD deal in Spring Launch". It falls
// back to the ID only when the names cannot be read.
func (tx *Tx) dealLabel(id int64) string {
	var creator, campaign, currency string
	err := tx.queryRow(`SELECT cr.name, ca.name, d.currency FROM deals d
		JOIN creators cr ON cr.id = d.creator_id JOIN campaigns ca ON ca.id = d.campaign_id WHERE d.id = ?`, id).Scan(&creator, &campaign, &currency)
	if err != nil {
		return fmt.Sprintf("deal %d", id)
	}
	return fmt.Sprintf("%s's %s deal in %s", creator, currency, campaign)
}

// requestLabel names a payout request: "the $120.00 payout request of Ana
// Silva's USD deal in Spring Launch".
func (tx *Tx) requestLabel(id int64) string {
	var dealID, amount int64
	var currency string
	if err := tx.queryRow(`SELECT deal_id, amount, currency FROM requests WHERE id = ?`, id).Scan(&dealID, &amount, &currency); err != nil {
		return fmt.Sprintf("payout request %d", id)
	}
	return fmt.Sprintf("the %s payout request of %s", Display(amount, currency), tx.dealLabel(dealID))
}

// requestDone says who put a request in its status and when, for a
// refusal of what can no longer be done to it: "the $120.00 payout request
// of Ana Silva's USD deal in Spring Launch was already paid by bob at
// 14:02". On a shared ledger the request may have been paid or cancelled by
// someone else a moment ago; naming them tells the person not to pay it
// again by other means. Who and when are those of the request's last
// transfer (the payment or the cancellation); without one the message says
// only the status.
func (tx *Tx) requestDone(id int64, status string) string {
	label := tx.requestLabel(id)
	if err := tx.flushTransfers(); err != nil {
		return fmt.Sprintf("%s is already %s", label, status)
	}
	var who string
	var at int64
	if err := tx.queryRow(`SELECT operator, at FROM transfers WHERE request_id = ? ORDER BY id DESC LIMIT 1`, id).Scan(&who, &at); err != nil || who == "" {
		return fmt.Sprintf("%s is already %s", label, status)
	}
	return fmt.Sprintf("%s was already %s by %s %s", label, status, who, tx.when(at))
}

// when says when something recorded at unix milliseconds at happened, in
// local time: "at 14:02" today, "on 2026-11-20 at 14:02" another day.
func (tx *Tx) when(at int64) string {
	t := time.UnixMilli(at).Local()
	if t.Format(DateLayout) == tx.now.Local().Format(DateLayout) {
		return "at " + t.Format("15:04")
	}
	return "on " + t.Format(DateLayout) + " at " + t.Format("15:04")
}
