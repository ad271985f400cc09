// Package ledger is the domain of Payouts: money, creators, campaigns,
// deals, and the double-entry, append-only ledger of what each deal has
// earned, been asked to pay and been paid, stored in one SQLite file.
//
// # Money
//
// An amount is an int64 count of its currency's minor unit next to an ISO
// 4217 code whose exponent is known (JPY 0, USD 2, KWD 3); no float ever
// holds money. ParseAmount reads decimal text and refuses more decimals than
// the currency has, a sign where none is allowed, and any amount above
// MaxAmount (10^15 minor units); the operations refuse such an amount too,
// and every cached sum (a deal's totals, a brand balance) is checked: SQLite
// would turn an overflowing sum into a REAL, so triggers refuse one that is
// no longer an integer, whichever writer computed it. Percentages
// are basis points. MulDivRound is the one rounding rule (half up, to the
// minor unit). Amounts of different currencies are never added: every
// total is per currency.
//
// Amounts people type go through NumberFormat.ParseAmount instead: "$1,250",
// "1.250,00 €", "1 250,00", with the currency's symbol or code or neither;
// the locale's format settles only what the text does not, and what neither
// settles is refused as ambiguous.
//
// # Accounts and transfers
//
// Every change of money is a transfer of a positive amount between two
// accounts of one currency, and one side is always an account of a deal.
// A deal has four accounts:
//
//	scheduled  fixed fees agreed but not yet confirmed
//	held       commissions still inside the hold (return) window
//	owed       confirmed and payable, not yet requested (negative after a clawback)
//	requested  in the Payouts queue
//
// and the brand has, per currency, commission, fee and bonus expense, and
// Stripe and offline cash. The flows:
//
//	fixed fee agreed             fee expense        -> scheduled
//	fixed fee confirmed          scheduled          -> owed
//	fixed fee voided             scheduled or owed  -> fee expense
//	bonus                        bonus expense      -> owed
//	commission on an order       commission expense -> held
//	hold window passes           held               -> owed
//	order refunded or cancelled  held, then owed    -> commission expense
//	payout requested             owed               -> requested
//	request cancelled            requested          -> owed
//	paid (Stripe or offline)     requested          -> cash of that method
//	payment reversed             cash of that method -> owed
//
// A deal's paid total is what went into cash, net of reversed payments; its
// remaining balance is held + owed + requested. A request above owed is
// refused.
//
// The chart of accounts (chart.go) maps each of these accounts, with
// offline cash split per payment method (bank_cash, paypal_cash,
// other_cash), to a GL account code and name of the brand's books, for
// every currency or one (MapAccounts, kept in the settings table); the
// exports write those codes and names, and defaults apply until mapped.
//
// # Stripe
//
// A payee is a Stripe connected account (payees.go): a creator's default
// account (creators.stripe_account, from an invite), or one linked to a
// deal (an agency's). A deal's open requests go to its account; unlinking
// frees the deal until the next link or invite, and each link and unlink is
// kept with who, when and why. Paying with Stripe is three operations
// around one call (stripepay.go): BeginStripePayment writes the request as
// settling with its destination, idempotency key and transfer_group before
// Stripe is called; CompleteStripePayment records the transfer; and
// FailStripePayment returns the request to the queue, keeping the key when
// the outcome is unknown (then it cannot be paid offline or cancelled until
// reconciled). The calls themselves live in ledger/stripe.
//
// # Tax data and foreign exchange
//
// A creator may have tax data on file (tax.go): legal name, tax ID,
// address, an ISO 3166-1 alpha-2 country and the tax form received (W-9,
// W-8BEN, W-8BEN-E, other) with its date. It is set with the creator's
// details (CreatorInput.Tax) in the same operation, and every field an edit
// changes is appended to creator_events (CreatorEvents), a tax ID only
// masked (MaskTaxID). TaxYearReport sums a calendar year's payments per
// creator and currency by method, processor (PayPal, Stripe) apart from
// direct (bank, other), against a reporting threshold per currency
// (settings tax.threshold.<CUR>, USD 600.00 unless set); a reversed payment
// does not count. A payment in another currency than the home currency
// (setting home_currency) may record what the bank debited in it
// (PayInput.HomeAmount, minor units, table payment_fx, append only); a
// payment of several requests shares it out by amount, and a reversal
// carries its payment's amount back. Check holds both against the
// transfers.
//
// # Outbox
//
// Messages to creators (payment requests, remittance advice, statements;
// written and sent by the messages package) are recorded whole in the
// outbox (outbox.go) before they are sent: RecordMessage writes one queued,
// ClaimMessage marks it sending (refusing one already sent, and one left
// sending by an interrupted run unless forced, since it may have arrived),
// and MarkMessage records sent or failed with the server's reply. A crash
// therefore neither loses a message nor sends it twice unasked. A batch's
// remittance advice is linked to every request it covers (outbox_requests),
// so a replayed payment finds it.
//
// A deal is paid only when its creator has payout details on file (Stripe
// or offline text; whitespace is not details): the refusal reads "Payout
// details missing for ...", whoever asks to pay (ErrPayoutDetailsMissing).
// Every transfer has an effective date; a request or a payment is never
// dated after today (the local date, plus one day of slack for time zones),
// and a payment never before its request's date. RecordPastPayment requests
// and pays in one operation, both dated the day the money left.
//
// # Periods
//
// Every transfer has a document date (date: when it happened), a
// recorded-at time (at: when it was written) and a posting date (the day of
// the books it is in). ClosePeriod closes the books through a day; from
// then on PostingDate, the one rule every writer of transfers calls
// (Tx.postingDate), posts a transfer whose document date is inside the
// closed period on the first open day instead, so a late payment, an order
// of a closed month found in a later import, or a reversal leave the closed
// period as it was. Exports select by posting date. ReopenPeriod undoes the
// latest close, for a reason kept with the operator in the period history
// (periods, append only); Check reports a transfer posted inside a period
// that was closed when it was recorded.
//
// Transfers are never updated, deleted or replaced (INSERT OR REPLACE with
// a taken ID): SQLite triggers refuse it, Check reports a missing trigger, and a
// mistake is corrected by a reversing transfer that points at the one it
// reverses (Reverses). The foreign keys of transfers and orders are checked
// at the commit (DEFERRABLE INITIALLY DEFERRED) and the guards that a batch
// runs refuse with FAIL: no statement of a batch may abort halfway, so
// SQLite keeps no statement journal for it (migration 20), and a refused
// row or key still rolls the whole operation back. The deal row caches its four balances and its
// derived totals (paid, commission, fees, bonuses, revenue). One table of
// accounts (accounts.go) says which of them each account moves, with which
// sign and floor, and one table of kinds (kindFlows) which accounts each
// kind of transfer may move money between. The transaction's journal
// (journal.go) is the only writer of transfers and cached figures, for
// every operation, the order import and the large-program builder alike:
// it checks each transfer against both tables, moves the deal in memory and
// writes transfers, deals and brand balances in the transaction of the
// transfer. In a bulk transaction (an import, the builder) on PostgreSQL it
// writes each batch behind (tx_behind.go): a goroutine sends the batch's
// COPY while the journal works out the next, and every other statement of
// the transaction, and its commit, waits for that write first. Check
// recomputes all of them with the same tables in one read of the transfers
// in the order written (check_pass.go), and also holds every fee, payout
// request and order against the transfers that point at them (status,
// amount, deal), every transfer against kindFlows, the foreign keys of
// transfers and orders as it reads them (PRAGMA foreign_key_check for the
// other tables), and the schema against its guard triggers; a value it
// cannot read is an error of the check, never "no problem". On SQLite the
// file's integrity check runs beside it, split into quick_check and one
// integrity_check per table on connections of their own (check_file.go),
// so two cores share it. Each transfer also stores the deal's remaining
// balance right after it, so a history page is one keyset
// range read.
//
// # Operations
//
// Each exported method that changes the ledger is one operation: one
// SQLite transaction (BEGIN IMMEDIATE, synchronous=FULL), recording the
// operator (Store.OperatorName: Store.Operator, or the name last given to
// SetOperator, which is safe while other goroutines run operations) and the
// time (Store.Now, injectable). Each takes
// an operation ID (an OpID field or argument; empty means a fresh one): the
// same ID with the same input returns the first result without changing
// anything; with a different input it is a conflict. Bad input returns an
// *Error whose message is one line fit to show a person, and leaves the
// ledger unchanged.
//
// One operation departs from one transaction: an order import of more than
// importChunkSize orders (ImportOrders). Written whole, a million-row
// import held the write lock for half a minute and more, and other
// programs' writes (a payment in the app, a CLI command) waited for all of
// it or failed. So it commits every importChunkSize orders in a
// transaction of its own, leaves the lock free between chunks until other
// programs stop writing (importYield; only when another program or Store
// has the ledger open, see yield.go), and records its operation ID with
// the last chunk. What still holds: each chunk is a consistent state (its
// orders, their transfers and every balance they change, which Check
// verifies); orders are idempotent per (source, order ID), so an import
// stopped halfway (a kill, a cancel, a full disk) is completed by running
// it again, with its operation ID or another, the orders already in being
// Unchanged; and the same ID with the same orders never imports twice.
// What does not: a stopped import leaves its first chunks in the ledger,
// and other programs see a large import arrive chunk by chunk. Bad input
// still changes nothing: a bad order is a rejected row, and the one error
// that fails an import whole (totals that would overflow) can only occur
// with amounts the import looks for first (chunkable): such an import is
// written in one transaction.
//
// # People, roles and approvals
//
// Every operation's kind needs a role (team.go, opPermissions): a viewer
// reads and exports; a clerk adds creators, campaigns, deals, fees, bonuses,
// imports and requests; an approver also confirms fees, pays, reverses and
// closes periods; the owner may do everything, and alone turns approvals on
// or off. do checks it before the transaction, so the CLI and the app are
// refused alike, in one line ("you (alice, a clerk) may not pay payout
// requests: ask an approver", EPERMISSION). On an SQLite file the one user
// is the owner (Store.Role); on PostgreSQL the role is read from the
// connected user's membership of payouts_viewer, payouts_clerk and
// payouts_approver (RefreshRole reads it again), which `payouts team init`
// makes together with grants and triggers (team_pg.sql) that refuse the
// same in the database.
//
// With approvals on (setting team.approvals), a request is paid only by
// someone other than who requested it (requests.created_by), whichever way
// it is paid, and RecordPastPayment is refused; PayRule tells the app which
// requests its person may not pay, in the words of the refusal.
//
// # Names
//
// Creator and campaign names are stored in Unicode NFC and compared with
// full Unicode case folding ("Chloé" typed precomposed or with a combining
// accent, and "CHLOÉ", are one creator; "Straße" and "STRASSE" too): each row
// keeps its folded key under a UNIQUE index. Control characters, line breaks
// and invisible (format) characters such as zero-width spaces are refused in
// names.
//
// # The file
//
// A ledger is an SQLite file marked with its own application_id; the schema
// is embedded SQL migrations numbered by user_version. Open refuses a file
// that is not a Payouts ledger, and one written by a newer Payouts, before
// changing anything in it.
//
// On PostgreSQL the schema is migrations_pg: 0016_schema.sql is the whole
// schema at SQLite's version 16 (same tables, columns in the same order,
// indexes and guard triggers raising the same messages, with
// payouts_meta holding the schema_version), and every later SQLite
// migration NNNN gets a twin migrations_pg/NNNN_*.sql that also sets
// schema_version to NNNN. TestPostgresSchemaMatchesSQLite fails when the
// two schemas differ.
//
// # Two backends
//
// A path that starts with postgres:// or postgresql:// opens a team ledger
// in a PostgreSQL database instead (store_pg.go; Store.Backend says which,
// Store.Path shows the URL without its password). Both go through one
// *sql.DB and one code path: the ledger's SQL is written once, in SQLite's
// dialect, and on PostgreSQL every statement passes one rewriter on its way
// to the server (pg_rewrite.go: placeholders, INSERT OR FAIL, group_concat,
// LIKE, scalar max and min), cached per statement text; on SQLite nothing
// is rewritten. New SQL is written to mean the same on both: RETURNING id,
// ON CONFLICT, CASE instead of a boolean used as a number. What differs is
// branched on the backend in the store files: the schema (migrations_pg,
// payouts_meta instead of user_version, applied to an empty database, a
// foreign or newer one refused), file modes, WAL, backups and busy notes
// (none on PostgreSQL: the server keeps its own), the file's integrity
// check, and DataVersion (LISTEN/NOTIFY: every write transaction notifies
// payouts_changes, each store counts what it hears).
//
// On PostgreSQL an operation is a SERIALIZABLE transaction, run again from
// the start when the server refuses it for a concurrent change or a
// deadlock (so an operation never adds to what an earlier run of it left
// outside the transaction); a read that needs one snapshot is REPEATABLE
// READ READ ONLY. The operator recorded is the database role of the
// connection, whatever PAYOUTS_OPERATOR or SetOperator say. The server's
// refusals come back as one-line ledger errors: a guard trigger's text
// (EINVALID), a right the role lacks (EPERMISSION, naming the role), the
// connection lost (EUNAVAILABLE, naming the host).
//
// Each statement on PostgreSQL is a round trip to the server, which on a
// loopback costs more than most statements take in it; an operation reads
// what it needs in as few statements as it can (the operation ID, closed
// period and approvals setting in one), and its last writes, which need no
// answer (the journal's flush, the operations row, the notification, a
// payment's request UPDATE), wait in a queue and go with the COMMIT in one
// pipelined batch (store_pg_batch.go). Any read on the transaction sends
// the queue first, so every statement sees the writes before it; a write
// the server refuses fails the operation whole, as it would alone. After a
// bulk load (the builder, a large import, a ledger moved in) the loaded
// tables' planner statistics are refreshed (ANALYZE).
package ledger
