package ledger_test

import (
	"testing"

	"github.com/payouts/payouts/ledger"
)

func TestOutbox(t *testing.T) {
	s, _ := MustOpen(t)
	deal := MustDeal(t, s, "Ana", "USD", pct10)
	d, _ := s.Deal(ctx, deal)
	in := ledger.OutboxInput{Kind: ledger.MessageRequest, To: "ana@example.com", ToName: "Ana", Subject: "Payment request",
		CreatorID: d.CreatorID, DealID: deal, Message: []byte("Subject: Payment request\r\n\r\nhi\r\n")}

	t.Run("ErrInvalid", func(t *testing.T) {
		for name, mod := range map[string]func(*ledger.OutboxInput){
			"NoTo":      func(in *ledger.OutboxInput) { in.To = " " },
			"NoSubject": func(in *ledger.OutboxInput) { in.Subject = "" },
			"BadKind":   func(in *ledger.OutboxInput) { in.Kind = "spam" },
			"Empty":     func(in *ledger.OutboxInput) { in.Message = nil },
		} {
			t.Run(name, func(t *testing.T) {
				bad := in
				mod(&bad)
				_, err := s.RecordMessage(ctx, bad)
				wantCode(t, err, ledger.EINVALID)
			})
		}
		bad := in
		bad.DealID = 9999
		_, err := s.RecordMessage(ctx, bad)
		wantCode(t, err, ledger.ENOTFOUND)
		if got, _ := s.Outbox(ctx, ledger.OutboxQuery{}); len(got) != 0 {
			t.Fatalf("rejected messages recorded: %+v", got)
		}
	})

	id, err := s.RecordMessage(ctx, in)
	if err != nil {
		t.Fatal(err)
	}
	// Queued, then claimed: a second claim (another process, a double
	// click) is refused, so the message goes out at most once.
	e, msg, err := s.ClaimMessage(ctx, id, false)
	if err != nil || e.Status != ledger.OutboxSending || string(msg) != string(in.Message) || e.Attempts != 1 {
		t.Fatalf("claim: %+v %q %v", e, msg, err)
	}
	_, _, err = s.ClaimMessage(ctx, id, false)
	wantCode(t, err, ledger.ECONFLICT)
	if err := s.MarkMessage(ctx, id, false, "dial tcp: connection refused\nmore"); err != nil {
		t.Fatal(err)
	}
	// Failed: retry claims it again, then it is sent.
	if _, _, err := s.ClaimMessage(ctx, id, false); err != nil {
		t.Fatal(err)
	}
	if err := s.MarkMessage(ctx, id, true, "250 OK"); err != nil {
		t.Fatal(err)
	}
	_, _, err = s.ClaimMessage(ctx, id, true)
	wantCode(t, err, ledger.ECONFLICT) // sent: never again, even forced
	wantCode(t, s.MarkMessage(ctx, id, false, "x"), ledger.ECONFLICT)

	// An interrupted send (claimed, never marked) needs force.
	id2, _ := s.RecordMessage(ctx, in)
	if _, _, err := s.ClaimMessage(ctx, id2, false); err != nil {
		t.Fatal(err)
	}
	_, _, err = s.ClaimMessage(ctx, id2, false)
	wantCode(t, err, ledger.ECONFLICT)
	if _, _, err := s.ClaimMessage(ctx, id2, true); err != nil {
		t.Fatalf("forced: %v", err)
	}

	list, err := s.Outbox(ctx, ledger.OutboxQuery{CreatorID: d.CreatorID})
	if err != nil || len(list) != 2 || list[0].ID != id2 || list[1].Status != ledger.OutboxSent || list[1].Reply != "250 OK" || list[1].Attempts != 2 || list[1].SentAt.IsZero() {
		t.Fatalf("outbox = %+v, %v", list, err)
	}
	if got, _ := s.Outbox(ctx, ledger.OutboxQuery{CreatorID: d.CreatorID + 1}); len(got) != 0 {
		t.Fatalf("other creator: %+v", got)
	}
	_, _, err = s.OutboxMessage(ctx, 777)
	wantCode(t, err, ledger.ENOTFOUND)
	MustCheck(t, s)
}

// A batch's remittance advice is found by each request it covers.
func TestOutboxRequests(t *testing.T) {
	s, _ := MustOpen(t)
	deal := MustDeal(t, s, "Ana", "USD", pct10)
	d, _ := s.Deal(ctx, deal)
	r1 := mustRequest(t, s, deal, 100)
	r2 := mustRequest(t, s, deal, 200)
	in := ledger.OutboxInput{Kind: ledger.MessageRemittance, To: "a@b.example", Subject: "paid", CreatorID: d.CreatorID, DealID: deal,
		RequestID: r1, Requests: []int64{r2}, Message: []byte("x")}
	bad := in
	bad.Requests = []int64{999}
	_, err := s.RecordMessage(ctx, bad)
	wantCode(t, err, ledger.ENOTFOUND)
	id, err := s.RecordMessage(ctx, in)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range []int64{r1, r2} {
		if got, err := s.Outbox(ctx, ledger.OutboxQuery{RequestID: r, Kind: ledger.MessageRemittance}); err != nil || len(got) != 1 || got[0].ID != id {
			t.Fatalf("request %d: %+v, %v", r, got, err)
		}
	}
	if got, _ := s.Outbox(ctx, ledger.OutboxQuery{RequestID: r1, Kind: ledger.MessageRequest}); len(got) != 0 {
		t.Fatalf("kind filter: %+v", got)
	}
}
