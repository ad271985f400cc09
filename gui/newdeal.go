package gui

import (
	"fyne.io/fyne/v2/widget"

	"github.com/payouts/payouts/ledger"
)

// Commission rule choices of the new-deal form.
const (
	rulePercentLabel  = "Percent of each order"
	rulePerOrderLabel = "Fixed amount per order"
)

// creatorChoices bounds the creator suggestions: the list narrows as the
// name is typed.
const creatorChoices = 200

// dealForm adds a deal: a creator in a campaign, in one currency, with a
// commission rule, discount codes and a hold window.
type dealForm struct {
	u         *ui
	opID      string
	creator   *widget.SelectEntry
	campaign  *widget.Select
	currency  *widget.Select
	rule      *widget.RadioGroup
	value     *entry
	codes     *entry
	holdDays  *entry
	campaigns []ledger.Campaign
	dlg       *formDialog
}

// newDealForm prepares the form; creatorID or campaignID, when not zero,
// are chosen already.
func newDealForm(u *ui, creatorID, campaignID int64) *dealForm {
	f := &dealForm{u: u, opID: ledger.NewOpID()}
	f.creator = widget.NewSelectEntry(nil)
	f.creator.PlaceHolder = "Type a creator's name"
	f.creator.OnChanged = f.onCreatorTyped
	f.onCreatorTyped("")
	if creatorID != 0 {
		if c, err := u.store.Creator(u.ctx, creatorID); err == nil {
			f.creator.SetText(c.Name)
		}
	}
	var names []string
	if cs, err := u.store.Campaigns(u.ctx); err == nil {
		f.campaigns = cs
		for _, c := range cs {
			names = append(names, c.Name)
		}
	} else {
		u.showError(err)
	}
	f.campaign = widget.NewSelect(names, nil)
	f.campaign.PlaceHolder = "Choose a campaign"
	for _, c := range f.campaigns {
		if c.ID == campaignID {
			f.campaign.SetSelected(c.Name)
		}
	}
	f.currency = widget.NewSelect(ledger.Currencies(), nil)
	f.currency.SetSelected(defaultCurrency(u.app))
	f.value = newEntry("e.g. 12.5")
	f.rule = widget.NewRadioGroup([]string{rulePercentLabel, rulePerOrderLabel}, f.onRuleChanged)
	f.rule.Required = true
	f.rule.SetSelected(rulePercentLabel)
	f.codes = newEntry("e.g. ANA10, ANA-SPRING")
	f.holdDays = newEntry("")
	f.holdDays.SetText(itoa(defaultHoldDays(u.app)))
	f.dlg = newFormDialog(u, "New deal", "Add deal", []*widget.FormItem{
		{Text: "Creator", Widget: f.creator},
		{Text: "Campaign", Widget: f.campaign},
		{Text: "Currency", Widget: f.currency},
		{Text: "Commission", Widget: f.rule},
		{Text: "Rate or amount", Widget: f.value, HintText: "A percent (12.5) or an amount per order in the deal's currency"},
		{Text: "Discount codes", Widget: f.codes, HintText: "Orders using these codes earn this deal's commission"},
		{Text: "Hold days", Widget: f.holdDays, HintText: "Commissions wait out the return window before they are payable"},
	}, nil, f.submit)
	return f
}

func (f *dealForm) show() { f.dlg.show() }

// onCreatorTyped narrows the creator suggestions to what was typed.
func (f *dealForm) onCreatorTyped(text string) {
	cs, err := f.u.store.Creators(f.u.ctx, text)
	if err != nil {
		return
	}
	if len(cs) > creatorChoices {
		cs = cs[:creatorChoices]
	}
	names := make([]string, len(cs))
	for i, c := range cs {
		names[i] = c.Name
	}
	f.creator.SetOptions(names)
}

func (f *dealForm) onRuleChanged(choice string) {
	if f.value == nil {
		return
	}
	if choice == rulePerOrderLabel {
		f.value.SetPlaceHolder("e.g. 5.00")
	} else {
		f.value.SetPlaceHolder("e.g. 12.5")
	}
}

func (f *dealForm) submit() error {
	u := f.u
	name := f.creator.Text
	if name == "" {
		return ledger.Errorf(ledger.EINVALID, "choose a creator (add them in Creators first)")
	}
	c, err := u.store.CreatorByName(u.ctx, name)
	if err != nil {
		return err
	}
	var campaignID int64
	for _, ca := range f.campaigns {
		if ca.Name == f.campaign.Selected {
			campaignID = ca.ID
		}
	}
	if campaignID == 0 {
		return ledger.Errorf(ledger.EINVALID, "choose a campaign (add one in Campaigns first)")
	}
	in := ledger.DealInput{OpID: f.opID, CreatorID: c.ID, CampaignID: campaignID, Currency: f.currency.Selected,
		Codes: splitCodes(f.codes.Text)}
	if f.rule.Selected == rulePerOrderLabel {
		v, err := parseAmount(f.value.Text, f.currency.Selected)
		if err != nil {
			return err
		}
		in.Rule = ledger.Rule{Kind: ledger.RulePerOrder, Value: v}
	} else {
		bp, err := ledger.ParsePercent(f.value.Text)
		if err != nil {
			return err
		}
		in.Rule = ledger.Rule{Kind: ledger.RulePercent, Value: int64(bp)}
	}
	if in.HoldDays, err = parseDays(f.holdDays.Text); err != nil {
		return err
	}
	id, err := u.store.AddDeal(u.ctx, in)
	if err != nil {
		return err
	}
	u.changed()
	if u.current == "" || u.current == screenSettings {
		u.showScreen(screenDeals)
	}
	u.openDeal(id)
	return nil
}
