package gui

import (
	"context"
	"slices"
	"strings"

	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"
	"github.com/payouts/payouts/ledger"
	"github.com/payouts/payouts/ledger/orders"
)

// The mapping step of Import orders: which column of another store's CSV
// holds what.

// buildMapping makes the mapping step: a saved mapping to use, or the
// columns of a new one and its name.
func (f *importFlow) buildMapping() {
	f.mappings, _ = orders.Mappings(context.Background(), f.store)
	names := []string{newMapping}
	for _, p := range orders.Presets {
		names = append(names, presetPrefix+p.Name)
	}
	for _, n := range sortedKeys(f.mappings) {
		names = append(names, n)
	}
	f.cols = map[string]*widget.Select{}
	items := []*widget.FormItem{}
	f.mappingName = widget.NewSelect(names, f.onMappingName)
	f.newName = &widget.Entry{PlaceHolder: "a name for this store, such as woo"}
	items = append(items, widget.NewFormItem("Mapping", f.mappingName), widget.NewFormItem("Name", f.newName))
	for _, fld := range mappingFields {
		sel := widget.NewSelect(nil, func(string) { f.updateEarnings() })
		f.cols[fld.key] = sel
		items = append(items, widget.NewFormItem(fld.label, sel))
	}
	f.fixedCur = widget.NewSelect(ledger.Currencies(), func(string) { f.updateEarnings() })
	f.fixedCur.PlaceHolder = "currency of every order"
	items = append(items, widget.NewFormItem("Fixed currency", f.fixedCur))
	f.mappingBox = container.NewVBox(widget.NewLabel("Which column holds what:"), widget.NewForm(items...))
	f.mappingBox.Hide()
}

// onMappingName fills the columns from a saved mapping.
func (f *importFlow) onMappingName(name string) {
	if !f.quiet {
		f.quiet = true
		defer func() { f.quiet = false; f.updateEarnings() }()
	}
	m, ok := f.mappings[name]
	if p, err := orders.LookupPreset(strings.TrimPrefix(name, presetPrefix)); strings.HasPrefix(name, presetPrefix) && err == nil {
		m, ok = p.Mapping, true
	}
	if !ok {
		f.base = orders.Mapping{}
		f.newName.Enable()
		return
	}
	f.base = m
	f.newName.SetText("")
	f.newName.Disable()
	set := func(key, col string) {
		if col == "" {
			col = noColumn
			if key == "currency" {
				col = fixedCurrency
			}
		}
		if !slices.Contains(f.cols[key].Options, col) {
			col = noColumn // a column this file does not have: shown as missing, not stale
			if key == "currency" {
				col = fixedCurrency
			}
		}
		f.cols[key].SetSelected(col)
	}
	set("order", m.OrderID)
	set("date", m.Date)
	set("code", m.Code)
	set("amount", m.Amount)
	set("currency", m.Currency)
	set("status", m.Status)
	set("refunded", m.Refunded)
	set("total", m.Total)
	if m.FixedCurrency != "" {
		f.fixedCur.SetSelected(m.FixedCurrency)
	}
}

// mapping reads the mapping step: the mapping and the name it is saved
// under (the import's source).
func (f *importFlow) mapping() (string, orders.Mapping, error) {
	col := func(key string) string {
		s := f.cols[key].Selected
		if s == noColumn || s == fixedCurrency {
			return ""
		}
		return s
	}
	m := f.base
	m.PaidStatuses = append([]string(nil), f.base.PaidStatuses...)
	m.NotPaidStatuses = append([]string(nil), f.base.NotPaidStatuses...)
	m.OrderID, m.Date, m.Code, m.Amount = col("order"), col("date"), col("code"), col("amount")
	m.Currency, m.Status, m.Refunded, m.Total = col("currency"), col("status"), col("refunded"), col("total")
	m.FixedCurrency = ""
	if m.Status == "" {
		m.PaidStatuses, m.NotPaidStatuses = nil, nil // no status column: every row is paid
	}
	if m.Currency == "" {
		m.FixedCurrency = f.fixedCur.Selected
	}
	name := f.mappingName.Selected
	if strings.HasPrefix(name, presetPrefix) {
		return strings.TrimPrefix(name, presetPrefix), m, m.Validate()
	}
	if name == newMapping || name == "" {
		name = strings.TrimSpace(f.newName.Text)
		if name == "" {
			return "", m, ledger.Errorf(ledger.EINVALID, "give the mapping a name, so the next import of this store needs none")
		}
	}
	return name, m, m.Validate()
}
