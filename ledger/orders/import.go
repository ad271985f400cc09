package orders

import (
	"context"
	"os"
	"path/filepath"
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
	ir, err := s.ImportOrders(ctx, opID, source, a.Inputs)
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
	// not know either.
	j := 0
	for _, i := range ir.Unattributed {
		for j < len(a.Unattributed) && a.Unattributed[j].index < i {
			j++
		}
		if j < len(a.Unattributed) && a.Unattributed[j].index == i {
			res.Unattributed = append(res.Unattributed, a.Unattributed[j])
		}
	}
	ir.Rejected, ir.Stale, ir.Unattributed = nil, nil, nil
	res.ImportResult = ir
	sortRejected(res.Rejected)
	sortRejected(res.Stale)
	return res, nil
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
