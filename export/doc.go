// Package export writes what the accountant receives: the workbook (an
// .xlsx with the sheets Summary, Transactions, Payouts, Balances, Creators
// and Attribution, revenue against cost with a chart per currency), the
// accounting-import CSVs (a double-entry journal, as it is or as Xero's
// manual journal and QuickBooks Online's journal entry imports, and paid
// payouts as a bank statement) and a plain-text journal for hledger and
// ledger-cli. Every journal writes the same entries (entries.go), one per
// transfer, on the accounts of the ledger's chart of accounts
// (ledger.Chart: GL code and name per account and currency).
//
// The workbook is written with excelize's stream writer, row by row from
// the ledger's streaming reads, and its zip goes straight to the output:
// a million transfers export in bounded memory. Every date is a date cell
// shown yyyy-mm-dd; every amount is a number with its currency's decimals
// (JPY 0, USD 2, KWD 3); totals are per currency and are spreadsheet
// formulas (SUMIF by currency), so the accountant's spreadsheet computes
// them and amounts of different currencies are never added. Text that a
// spreadsheet would evaluate (it begins with = + - @) is written as a
// text cell marked "quote prefix", which Excel and LibreOffice keep as text
// even when the cell is edited.
//
// The package knows nothing of Fyne: the app version and the progress
// callback come in through Options.
package export
