package ledger

import "context"

// NewDealInput is a deal whose creator, campaign or both are new. They are
// added in the deal's own transaction, so a deal that is refused (a code
// already taken, say) leaves no creator or campaign behind and the form can
// simply be corrected and sent again.
type NewDealInput struct {
	OpID string `json:"-"`
	// Deal is the deal; its CreatorID is ignored when Creator is set and its
	// CampaignID when Campaign is set.
	Deal     DealInput
	Creator  *CreatorInput  `json:",omitempty"`
	Campaign *CampaignInput `json:",omitempty"`
}

// AddDealWithNew adds a deal together with its new creator and/or new
// campaign, as one operation, and returns the deal's ID.
func (s *Store) AddDealWithNew(ctx context.Context, in NewDealInput) (int64, error) {
	if in.Creator != nil {
		if err := in.Creator.Validate(); err != nil {
			return 0, err
		}
	}
	if in.Campaign != nil {
		if err := in.Campaign.Validate(); err != nil {
			return 0, err
		}
	}
	if err := in.Deal.Validate(); err != nil {
		return 0, err
	}
	return s.do(ctx, in.OpID, "deal.add_new", in, func(tx *Tx) (int64, error) {
		d := in.Deal
		var err error
		if in.Creator != nil {
			if d.CreatorID, err = tx.addCreator(*in.Creator); err != nil {
				return 0, err
			}
		}
		if in.Campaign != nil {
			if d.CampaignID, err = tx.addCampaign(*in.Campaign); err != nil {
				return 0, err
			}
		}
		return tx.addDeal(d)
	})
}
