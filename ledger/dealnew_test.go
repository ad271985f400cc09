package ledger_test

import (
	"testing"

	"github.com/payouts/payouts/ledger"
)

func TestAddDealWithNew(t *testing.T) {
	s, _ := MustOpen(t)
	taken := MustDeal(t, s, "Ana Silva", "EUR", pct10, "ANA10")
	ana, _ := s.Deal(ctx, taken)
	deal := func(codes ...string) ledger.DealInput {
		return ledger.DealInput{CampaignID: ana.CampaignID, Currency: "EUR", Rule: pct10, Codes: codes, HoldDays: 30}
	}
	tests := []struct {
		name     string
		in       ledger.NewDealInput
		wantCode string // "" = added
		creator  string // the deal's creator when added
		campaign string
	}{
		{"OK new creator", ledger.NewDealInput{Deal: deal("MIA10"),
			Creator: &ledger.CreatorInput{Name: " Mia Chen ", Email: "mia@example.com", PayoutDetails: "IBAN DE89"}},
			"", "Mia Chen", "Campaign of Ana Silva"},
		{"OK new creator and campaign", ledger.NewDealInput{Deal: deal(),
			Creator: &ledger.CreatorInput{Name: "Noa Berg"}, Campaign: &ledger.CampaignInput{Name: "Autumn"}},
			"", "Noa Berg", "Autumn"},
		{"OK new campaign", ledger.NewDealInput{Deal: ledger.DealInput{CreatorID: ana.CreatorID, Currency: "USD", Rule: pct10, HoldDays: 30},
			Campaign: &ledger.CampaignInput{Name: "Winter"}},
			"", "Ana Silva", "Winter"},
		{"ErrCodeTaken leaves no creator", ledger.NewDealInput{Deal: deal("ana10"),
			Creator: &ledger.CreatorInput{Name: "Leo Park"}, Campaign: &ledger.CampaignInput{Name: "Summer"}},
			ledger.ECONFLICT, "", ""},
		{"ErrCreatorExists", ledger.NewDealInput{Deal: deal(), Creator: &ledger.CreatorInput{Name: "ana silva"},
			Campaign: &ledger.CampaignInput{Name: "Spring"}},
			ledger.ECONFLICT, "", ""},
		{"ErrCreatorNameRequired", ledger.NewDealInput{Deal: deal(), Creator: &ledger.CreatorInput{Name: "  "}},
			ledger.EINVALID, "", ""},
		{"ErrBadEmail", ledger.NewDealInput{Deal: deal(), Creator: &ledger.CreatorInput{Name: "Ivy", Email: "ivy"}},
			ledger.EINVALID, "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			creatorsBefore, _ := s.Creators(ctx, "")
			campaignsBefore, _ := s.Campaigns(ctx)
			id, err := s.AddDealWithNew(ctx, tt.in)
			if tt.wantCode != "" {
				wantCode(t, err, tt.wantCode)
				creators, _ := s.Creators(ctx, "")
				campaigns, _ := s.Campaigns(ctx)
				if len(creators) != len(creatorsBefore) || len(campaigns) != len(campaignsBefore) {
					t.Errorf("refused deal left creators %d (was %d), campaigns %d (was %d)",
						len(creators), len(creatorsBefore), len(campaigns), len(campaignsBefore))
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			d, err := s.Deal(ctx, id)
			if err != nil {
				t.Fatal(err)
			}
			if d.CreatorName != tt.creator || d.CampaignName != tt.campaign {
				t.Errorf("deal of %q in %q, want %q in %q", d.CreatorName, d.CampaignName, tt.creator, tt.campaign)
			}
			if tt.in.Creator != nil {
				c, err := s.Creator(ctx, d.CreatorID)
				if err != nil {
					t.Fatal(err)
				}
				if c.Email != tt.in.Creator.Email || c.PayoutDetails != tt.in.Creator.PayoutDetails {
					t.Errorf("creator: got %q %q, want %q %q", c.Email, c.PayoutDetails, tt.in.Creator.Email, tt.in.Creator.PayoutDetails)
				}
			}
		})
	}
	MustCheck(t, s)
}

// A replay of the same operation returns the first deal and adds nothing.
func TestAddDealWithNewReplay(t *testing.T) {
	s, _ := MustOpen(t)
	in := ledger.NewDealInput{OpID: "op-1", Deal: ledger.DealInput{Currency: "EUR", Rule: pct10, HoldDays: 30},
		Creator: &ledger.CreatorInput{Name: "Mia Chen"}, Campaign: &ledger.CampaignInput{Name: "Launch"}}
	first, err := s.AddDealWithNew(ctx, in)
	if err != nil {
		t.Fatal(err)
	}
	again, err := s.AddDealWithNew(ctx, in)
	if err != nil || again != first {
		t.Fatalf("replay: got %d, %v; want %d", again, err, first)
	}
	if cs, _ := s.Creators(ctx, ""); len(cs) != 1 {
		t.Errorf("creators after replay: got %d, want 1", len(cs))
	}
}
