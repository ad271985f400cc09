package gui

import (
	"fmt"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
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
	creator   *keySelectEntry
	campaign  *keySelectEntry
	currency  *keySelect
	rule      *keySelect
	value     *entry
	codes     *entry
	holdDays  *entry
	campaigns []ledger.Campaign
	dlg       *formDialog

	// Offers to create a creator or campaign typed that does not exist yet,
	// so a first deal never sends anyone out of the form.
	newCreator     *keyCheck
	creatorEmail   *entry
	creatorPayout  *entry
	newCreatorBox  *fyne.Container
	newCampaign    *keyCheck
	newCampaignBox *fyne.Container

	// onAdded, when set, runs once the deal is added, in place of opening
	// its page: the Import dialog adds a deal for a code and goes on.
	onAdded func(id int64)
}

// newDealForm prepares the form; creatorID or campaignID, when not zero,
// are chosen already.
func newDealForm(u *ui, creatorID, campaignID int64) *dealForm {
	f := &dealForm{u: u, opID: ledger.NewOpID()}
	f.newCreator = newKeyCheck("", nil)
	f.creatorEmail = newEntry("Email (optional)")
	f.creatorPayout = newEntry("Payout details: IBAN or PayPal address (optional)")
	f.newCreatorBox = container.NewVBox(f.newCreator, f.creatorEmail, f.creatorPayout)
	f.newCreatorBox.Hide()
	f.newCampaign = newKeyCheck("", nil)
	f.newCampaignBox = container.NewVBox(f.newCampaign)
	f.newCampaignBox.Hide()

	f.creator = newKeySelectEntry(nil)
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
	f.campaign = newKeySelectEntry(names)
	f.campaign.PlaceHolder = "Choose or type a campaign"
	f.campaign.OnChanged = f.onCampaignTyped
	for _, c := range f.campaigns {
		if c.ID == campaignID {
			f.campaign.SetText(c.Name)
		}
	}
	f.currency = newKeySelect(ledger.Currencies(), nil)
	f.currency.SetSelected(defaultCurrency(u.app))
	f.value = newEntry("e.g. 12.5")
	f.value.Validator = f.checkValue
	// A drop-down rather than radio buttons: Fyne's radio items ignore Esc
	// and Enter, so a form reached by Tab could not be closed from them.
	f.rule = newKeySelect([]string{rulePercentLabel, rulePerOrderLabel}, f.onRuleChanged)
	f.rule.SetSelected(rulePercentLabel)
	f.currency.OnChanged = func(string) { f.onRuleChanged(f.rule.Selected) }
	f.codes = newEntry("e.g. ANA10, ANA-SPRING")
	f.holdDays = newEntry("")
	f.holdDays.SetText(itoa(defaultHoldDays(u.app)))
	f.dlg = newFormDialog(u, "New deal", "Add deal", []*widget.FormItem{
		{Text: "Creator", Widget: container.NewVBox(f.creator, f.newCreatorBox)},
		{Text: "Campaign", Widget: container.NewVBox(f.campaign, f.newCampaignBox)},
		{Text: "Currency", Widget: f.currency},
		{Text: "Commission", Widget: f.rule},
		{Text: "Rate or amount", Widget: f.value, HintText: "A percent (12.5) or an amount per order in the deal's currency"},
		{Text: "Discount codes", Widget: f.codes, HintText: "Orders using these codes earn this deal's commission"},
		{Text: "Hold days", Widget: f.holdDays, HintText: "Commissions wait out the return window before they are payable"},
	}, nil, f.submit)
	// The form reads top down: the creator first, not the first plain entry.
	f.dlg.focus = f.creator
	for _, e := range []*entry{f.creatorEmail, f.creatorPayout} {
		e.onEscape = func() { u.closeTopDialog() }
		e.OnSubmitted = func(string) { f.dlg.onSubmit() }
	}
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
	_, err = f.u.store.CreatorByName(f.u.ctx, text)
	f.offer(f.newCreatorBox, f.newCreator, "creator", text, ledger.ErrorCode(err) == ledger.ENOTFOUND)
}

// onCampaignTyped offers to create a campaign that does not exist yet.
func (f *dealForm) onCampaignTyped(text string) {
	_, ok := f.campaignID(text)
	f.offer(f.newCampaignBox, f.newCampaign, "campaign", text, !ok)
}

// campaignID finds a listed campaign by name, as the ledger compares names.
func (f *dealForm) campaignID(name string) (int64, bool) {
	if strings.TrimSpace(name) == "" {
		return 0, false
	}
	c, err := f.u.store.CampaignByName(f.u.ctx, name)
	return c.ID, err == nil
}

// offer shows box, whose check creates the named kind, when a name is typed
// that matches none; the check starts unticked, so a typo does not add a
// second creator by accident.
func (f *dealForm) offer(box *fyne.Container, check *keyCheck, kind, text string, unknown bool) {
	name := strings.TrimSpace(text)
	if name == "" || !unknown {
		check.SetChecked(false)
		box.Hide()
	} else {
		check.Text = fmt.Sprintf("Create %s '%s'", kind, name)
		check.Refresh()
		box.Show()
	}
	if f.dlg != nil {
		f.dlg.dlg.Resize(fyne.NewSize(480, f.dlg.dlg.MinSize().Height))
	}
}

func (f *dealForm) onRuleChanged(choice string) {
	if f.value == nil {
		return
	}
	if choice == rulePerOrderLabel {
		f.value.SetPlaceHolder(f.u.amountExample(f.currency.Selected))
	} else {
		f.value.SetPlaceHolder("e.g. 12" + string(numberFormat(f.u.app).Decimal) + "5")
	}
	if f.value.Text != "" {
		f.value.Validate() // a rate that was right may be a wrong amount
	}
}

// checkValue checks the rate or amount at each key, as the rule chosen
// reads it, so the form says what is wrong beside the field.
func (f *dealForm) checkValue(text string) error {
	var err error
	if f.rule != nil && f.rule.Selected == rulePerOrderLabel {
		_, err = f.u.parseAmount(text, f.currency.Selected)
	} else {
		_, err = f.u.parsePercent(text)
	}
	if err != nil {
		return errorText(err)
	}
	return nil
}

func (f *dealForm) submit() error {
	u := f.u
	var nd ledger.NewDealInput
	name := strings.TrimSpace(f.creator.Text)
	if name == "" {
		return ledger.Errorf(ledger.EINVALID, "choose a creator or type a new creator's name")
	}
	var creatorID int64
	if c, err := u.store.CreatorByName(u.ctx, name); err == nil {
		creatorID = c.ID
	} else if ledger.ErrorCode(err) != ledger.ENOTFOUND {
		return err
	} else if !f.newCreator.Checked {
		return ledger.Errorf(ledger.EINVALID, "no creator named %q: tick \"Create creator '%s'\" or choose one from the list", name, name)
	} else {
		nd.Creator = &ledger.CreatorInput{Name: name, Email: f.creatorEmail.Text, PayoutDetails: f.creatorPayout.Text}
	}
	campaign := strings.TrimSpace(f.campaign.Text)
	campaignID, ok := f.campaignID(campaign)
	switch {
	case ok:
	case campaign == "":
		return ledger.Errorf(ledger.EINVALID, "choose a campaign or type a new campaign's name")
	case !f.newCampaign.Checked:
		return ledger.Errorf(ledger.EINVALID, "no campaign named %q: tick \"Create campaign '%s'\" or choose one from the list", campaign, campaign)
	default:
		nd.Campaign = &ledger.CampaignInput{Name: campaign}
	}
	in := ledger.DealInput{OpID: f.opID, CreatorID: creatorID, CampaignID: campaignID, Currency: f.currency.Selected,
		Codes: splitCodes(f.codes.Text)}
	if f.rule.Selected == rulePerOrderLabel {
		v, err := u.parseAmount(f.value.Text, f.currency.Selected)
		if err != nil {
			return err
		}
		in.Rule = ledger.Rule{Kind: ledger.RulePerOrder, Value: v}
	} else {
		bp, err := u.parsePercent(f.value.Text)
		if err != nil {
			return err
		}
		in.Rule = ledger.Rule{Kind: ledger.RulePercent, Value: int64(bp)}
	}
	var err error
	if in.HoldDays, err = parseDays(f.holdDays.Text); err != nil {
		return err
	}
	var id int64
	if nd.Creator == nil && nd.Campaign == nil {
		id, err = u.store.AddDeal(u.ctx, in)
	} else {
		nd.OpID, nd.Deal = f.opID, in
		id, err = u.store.AddDealWithNew(u.ctx, nd)
	}
	if err != nil {
		return err
	}
	u.changed()
	if f.onAdded != nil {
		f.onAdded(id)
		return nil
	}
	if u.current == "" || u.current == screenSettings {
		u.showScreen(screenDeals)
	}
	u.openDeal(id)
	return nil
}
