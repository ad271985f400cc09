package ledger

import "fmt"

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
