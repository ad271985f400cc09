package orders

import (
	"context"
	"math"
	"os"
	"path/filepath"
	"runtime/debug"
	"sort"
	"strings"

	"github.com/payouts/payouts/ledger"
)

// SourceShopify is the source Shopify orders are imported under: an order
// is the same order, whichever file it comes from, by its Name.
const SourceShopify = "shopify"

// Unattributed is a paid order no deal's discount code matches. It is not
// an error: the founder may add the missing deal and import again.
type Unattributed struct {
	File     string
	Line     int
	OrderID  string
	Code     string // the order's codes as written, comma-separated; "" for none
	Currency string
	Subtotal int64

	index int // position in Attribution.Inputs
}

// Result is what an import read and posted.
type Result struct {
	Source string
	Files  []string
	Rows   int // data rows read
	Orders int // orders read
	// New, Updated, Unchanged, Commission and Revenue per currency, Released
	// and NotPaid are the ledger's figures.
	ledger.ImportResult
	Unattributed []Unattributed
	Rejected     []RowError // rows not imported, by file and line
	Stale        []RowError // rows older than the ledger, not applied
	// Creators is the commission credited per creator and currency, by
	// creator name (ImportResult.Credited with names).
	Creators []CreatorCredit
	// Preview is, for a preview only (PreviewImport), what becomes of each
	// order read, in the order of the files.
	Preview []OrderPreview
	places  []Place // of a preview's orders, until they are placed
}

// CreatorCredit is the commission an import credits to one creator in one
// currency, over their deals.
type CreatorCredit struct {
	CreatorID int64
	Creator   string
	Currency  string
	Amount    int64
	Deals     int // how many of their deals it is credited to
}

// OrderPreview is one order of a preview: where it was read, what it is,
// and what the import would do with it (ledger.OrderOutcome), with the
// names of the deal it earns for.
type OrderPreview struct {
	Place
	OrderID  string
	Code     string // the order's codes, comma-separated
	Currency string
	Base     int64 // what the commission is on
	ledger.OrderOutcome
	Deal ledger.DealName // zero when the order has no deal
}

// ImportShopify reads Shopify orders export files and imports them as one
// operation under the source "shopify". Rows that cannot be read or posted
// are in Result.Rejected; the error is for a file that cannot be read or is
// not an export, or a failed operation, and then nothing is imported.
func ImportShopify(ctx context.Context, s *ledger.Store, opID string, paths ...string) (Result, error) {
	exports, err := parseFiles(paths, func(f *os.File, name string) (*Export, error) { return parseShopify(f, name) })
	if err != nil {
		return Result{Source: SourceShopify}, err
	}
	return Import(ctx, s, opID, SourceShopify, exports...)
}

// ImportCSV reads CSV exports through the mapping saved under mappingName
// and imports them as one operation, under that name as source.
func ImportCSV(ctx context.Context, s *ledger.Store, opID, mappingName string, paths ...string) (Result, error) {
	m, err := LoadMapping(ctx, s, mappingName)
	if err != nil {
		return Result{Source: mappingName}, err
	}
	exports, err := parseFiles(paths, func(f *os.File, name string) (*Export, error) { return parseCSV(f, m, name) })
	if err != nil {
		return Result{Source: mappingName}, err
	}
	return Import(ctx, s, opID, strings.TrimSpace(mappingName), exports...)
}

func parseFiles(paths []string, parse func(*os.File, string) (*Export, error)) ([]*Export, error) {
	if len(paths) == 0 {
		return nil, ledger.Errorf(ledger.EINVALID, "no file to import")
	}
	var out []*Export
	for _, p := range paths {
		f, err := openFile(p)
		if err != nil {
			return nil, err
		}
		x, err := parse(f, filepath.Base(p))
		f.Close()
		if err != nil {
			return nil, err // the parser's messages name the file
		}
		out = append(out, x)
	}
	return out, nil
}

func unwrapPath(err error) error {
	if pe, ok := err.(*os.PathError); ok {
		return pe.Err
	}
	return err
}

// Import attributes the orders of parsed exports to deals by discount code
// and posts them as one ledger operation under source (see
// ledger.Store.ImportOrders: idempotent per source and order ID; a changed
// order posts only the difference; an order already imported keeps its
// deal; an unpaid order earns nothing; a row older than the ledger is
// stale). It consumes the exports' Orders: they are nil afterwards, so
// memory holds one copy of the orders. A new order is attributed to the
// deal of its first code that belongs to one; an order in another currency
// than its deal's is rejected, never converted.
func Import(ctx context.Context, s *ledger.Store, opID, source string, exports ...*Export) (Result, error) {
	defer lowGC()()
	return run(ctx, s, source, exports, func(in []ledger.OrderInput) (ledger.ImportResult, error) {
		return s.ImportOrders(ctx, opID, source, in)
	})
}

// PreviewImport says what Import would do with the exports now, order by
// order (Result.Preview) and per creator (Result.Creators), without
// changing the ledger: the ledger runs the import's own rules and writes
// nothing (ledger.Store.PreviewOrders). Unlike Import it leaves the
// exports' orders in place.
func PreviewImport(ctx context.Context, s *ledger.Store, source string, exports ...*Export) (Result, error) {
	var codes [][]string
	for _, x := range exports {
		for _, o := range x.Orders {
			codes = append(codes, o.Codes)
		}
	}
	kept := make([][]Order, len(exports))
	for i, x := range exports {
		kept[i] = x.Orders
	}
	var inputs []ledger.OrderInput
	res, err := run(ctx, s, source, exports, func(in []ledger.OrderInput) (ledger.ImportResult, error) {
		inputs = in
		return s.PreviewOrders(ctx, source, in)
	})
	for i, x := range exports {
		x.Orders = kept[i]
	}
	if err != nil {
		return res, err
	}
	names, err := s.DealNames(ctx, outcomeDeals(res.Outcomes))
	if err != nil {
		return res, err
	}
	res.Preview = make([]OrderPreview, len(inputs))
	for i, in := range inputs {
		o := res.Outcomes[i]
		res.Preview[i] = OrderPreview{Place: res.places[i], OrderID: in.OrderID, Code: strings.Join(codes[i], ","),
			Currency: in.Currency, Base: in.Base, OrderOutcome: o, Deal: names[o.DealID]}
	}
	res.Outcomes, res.places = nil, nil
	return res, nil
}

// outcomeDeals lists the deals of outcomes, once each.
func outcomeDeals(outcomes []ledger.OrderOutcome) []int64 {
	seen := map[int64]bool{}
	var ids []int64
	for _, o := range outcomes {
		if o.DealID != 0 && !seen[o.DealID] {
			seen[o.DealID] = true
			ids = append(ids, o.DealID)
		}
	}
	return ids
}

// run attributes the orders of exports and has post (an import or its
// preview) work them out, then places what the ledger says by file and
// line.
func run(ctx context.Context, s *ledger.Store, source string, exports []*Export, post func([]ledger.OrderInput) (ledger.ImportResult, error)) (Result, error) {
	res := Result{Source: source}
	codes, err := s.CodeMap(ctx)
	if err != nil {
		return res, err
	}
	a := Attribute(codes, exports...)
	res.Rejected = a.Rejected
	for _, x := range exports {
		res.Files = append(res.Files, x.File)
		res.Rows += x.Rows
		res.Orders += len(x.Orders)
		// The parsed orders now live on as a.Inputs; dropping them here
		// keeps a million-row import from holding both while it posts.
		x.Orders = nil
	}
	if res.Orders >= bigImport {
		// Give the parse's memory back before SQLite's page cache fills
		// with the posting's pages, so the two peaks do not add up.
		debug.FreeOSMemory()
		// What stays live now is what the posting keeps: its garbage may
		// take more room than while the parse's peak was near.
		defer postingGC(liveHeap())()
	}
	ir, err := post(a.Inputs)
	if err != nil {
		return res, err
	}
	place := func(r ledger.OrderRejection) RowError {
		f := a.From[r.Index]
		return RowError{File: f.File, Line: f.Line, OrderID: r.OrderID, Reason: r.Reason}
	}
	for _, r := range ir.Rejected {
		res.Rejected = append(res.Rejected, place(r))
	}
	for _, r := range ir.Stale {
		res.Stale = append(res.Stale, place(r))
	}
	// Both lists are in input order: keep the candidates the ledger did
	// not know either, in place (a large export has a hundred thousand
	// and more: a list grown beside them was the import's last peak of
	// memory).
	kept, j := a.Unattributed[:0], 0
	for _, i := range ir.Unattributed {
		for j < len(a.Unattributed) && a.Unattributed[j].index < i {
			j++
		}
		if j < len(a.Unattributed) && a.Unattributed[j].index == i {
			kept = append(kept, a.Unattributed[j]) // at or before j
		}
	}
	if len(kept) > 0 {
		res.Unattributed = kept
	}
	ir.Rejected, ir.Stale, ir.Unattributed = nil, nil, nil
	res.ImportResult = ir
	if ir.Outcomes != nil {
		res.places = a.From
	}
	sortRejected(res.Rejected)
	sortRejected(res.Stale)
	res.Creators, err = creditsByCreator(ctx, s, ir.Credited)
	return res, err
}

// creditsByCreator sums what an import credited per deal by creator and
// currency, sorted by creator name then currency.
func creditsByCreator(ctx context.Context, s *ledger.Store, credited map[int64]int64) ([]CreatorCredit, error) {
	if len(credited) == 0 {
		return nil, nil
	}
	ids := make([]int64, 0, len(credited))
	for id := range credited {
		ids = append(ids, id)
	}
	names, err := s.DealNames(ctx, ids)
	if err != nil {
		return nil, err
	}
	type key struct {
		creator  int64
		currency string
	}
	sums := map[key]*CreatorCredit{}
	var out []CreatorCredit
	for id, amount := range credited {
		n := names[id]
		k := key{n.CreatorID, n.Currency}
		c, ok := sums[k]
		if !ok {
			c = &CreatorCredit{CreatorID: n.CreatorID, Creator: n.Creator, Currency: n.Currency}
			sums[k] = c
		}
		if (amount > 0 && c.Amount > math.MaxInt64-amount) || (amount < 0 && c.Amount < math.MinInt64-amount) {
			return nil, ledger.Errorf(ledger.EINVALID, "amount too large: the commission credited to %s does not add up in %s", n.Creator, n.Currency)
		}
		c.Amount += amount
		c.Deals++
	}
	for _, c := range sums {
		out = append(out, *c)
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Creator != out[j].Creator {
			return out[i].Creator < out[j].Creator
		}
		if out[i].CreatorID != out[j].CreatorID {
			return out[i].CreatorID < out[j].CreatorID
		}
		return out[i].Currency < out[j].Currency
	})
	return out, nil
}

// Place is where an order was read: file and line of its first row.
type Place struct {
	File string
	Line int
}

// Attribution is what Attribute makes of exports.
type Attribution struct {
	Inputs []ledger.OrderInput // every order, with the deal of its code (0 for none)
	From   []Place             // where each input was read
	// Unattributed are the orders none of whose codes has a deal: the
	// ledger still gives an order it knows the deal that earned it.
	Unattributed []Unattributed
	Rejected     []RowError // the exports' rejections
}

// Attribute gives each order of the exports the deal of its first discount
// code that has one (codes is ledger.Store.CodeMap), or none.
func Attribute(codes map[string]ledger.DealRef, exports ...*Export) Attribution {
	var a Attribution
	// Sized once: grown by append, a million orders' inputs would be
	// copied a few times over, each copy alive beside the last.
	n := 0
	for _, x := range exports {
		n += len(x.Orders)
	}
	a.Inputs, a.From = make([]ledger.OrderInput, 0, n), make([]Place, 0, n)
	for _, x := range exports {
		for _, r := range x.Rejected {
			if r.File == "" {
				r.File = x.File // named after parsing
			}
			a.Rejected = append(a.Rejected, r)
		}
		for i := range x.Orders {
			o := &x.Orders[i]
			ref, ok := attribute(o.Codes, codes)
			if !ok && o.Paid() {
				a.Unattributed = append(a.Unattributed, Unattributed{File: x.File, Line: o.Line, OrderID: o.ID,
					Code: strings.Join(o.Codes, ","), Currency: o.Currency, Subtotal: o.Subtotal, index: len(a.Inputs)})
			}
			a.Inputs = append(a.Inputs, ledger.OrderInput{OrderID: o.ID, DealID: ref.ID, Currency: o.Currency, PaidDate: o.Date,
				Base: o.Base(), Status: o.Status, Refunded: o.Refunded, Cancelled: o.Cancelled})
			a.From = append(a.From, Place{File: x.File, Line: o.Line})
		}
	}
	return a
}

// attribute finds the deal of the first of codes that has one.
func attribute(orderCodes []string, codes map[string]ledger.DealRef) (ledger.DealRef, bool) {
	for _, c := range orderCodes {
		if ref, ok := codes[c]; ok {
			return ref, true
		}
	}
	return ledger.DealRef{}, false
}

// ImportPreset reads CSV exports through a preset (detected from the first
// file's header when name is "") and imports them as one operation, under
// the preset's name as source. currency is the store's currency, for a
// preset whose export has none. It returns the preset used, so the caller
// can say which.
func ImportPreset(ctx context.Context, s *ledger.Store, opID, name, currency string, paths ...string) (Result, Preset, error) {
	var p Preset
	var err error
	if strings.TrimSpace(name) != "" {
		p, err = LookupPreset(name)
	} else if len(paths) > 0 {
		p, err = detectFile(paths[0])
	}
	if err != nil {
		return Result{}, p, err
	}
	m, err := p.WithCurrency(currency)
	if err != nil {
		return Result{Source: p.Name}, p, err
	}
	exports, err := parseFiles(paths, func(f *os.File, name string) (*Export, error) { return parseCSV(f, m, name) })
	if err != nil {
		return Result{Source: p.Name}, p, err
	}
	res, err := Import(ctx, s, opID, p.Name, exports...)
	return res, p, err
}

// detectFile detects the preset of a file from its header.
func detectFile(path string) (Preset, error) {
	f, err := openFile(path)
	if err != nil {
		return Preset{}, err
	}
	defer f.Close()
	t, err := openTable(f, filepath.Base(path))
	if err != nil {
		return Preset{}, err
	}
	h := t.header
	return DetectPreset(h)
}
