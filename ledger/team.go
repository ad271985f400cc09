package ledger

import (
	"context"
	"fmt"
	"strings"
	"sync/atomic"
)

// Role is what a person may do with a ledger. On an SQLite file the one
// person with the file is its owner; on a team ledger (PostgreSQL) it is
// read from the database roles of whoever connected (see loadRole).
type Role string

// The roles, each allowed what the one before it is allowed and more.
const (
	RoleViewer   Role = "viewer"   // read and export
	RoleClerk    Role = "clerk"    // creators, campaigns, deals, fees, bonuses, imports, requests
	RoleApprover Role = "approver" // confirm fees, pay, reverse, close and reopen periods
	RoleOwner    Role = "owner"    // everything, and the team's own settings (approvals)
)

var roleRank = map[Role]int{RoleViewer: 1, RoleClerk: 2, RoleApprover: 3, RoleOwner: 4}

// Allows reports whether r may do what need is needed for.
func (r Role) Allows(need Role) bool { return roleRank[r] >= roleRank[need] }

// article is "a clerk", "an approver", "the owner": how a refusal names a
// role.
func (r Role) article() string {
	switch r {
	case RoleApprover:
		return "an approver"
	case RoleOwner:
		return "the ledger's owner"
	case RoleNone, "":
		return "with no role"
	}
	return "a " + string(r)
}

// permission is what one kind of operation needs, and how a refusal says
// what was refused ("you may not ...").
type permission struct {
	need Role
	what string
}

// opPermissions is the role every kind of operation needs. It is the one
// place the rule lives: do (every operation) checks it before it opens
// its transaction, so the CLI and the app are refused alike, and a kind
// missing here is refused as an internal error, never let through.
var opPermissions = map[string]permission{
	"creator.add":     {RoleClerk, "add creators"},
	"creator.update":  {RoleClerk, "edit creators"},
	"campaign.add":    {RoleClerk, "add campaigns"},
	"campaign.update": {RoleClerk, "edit campaigns"},
	"deal.add":        {RoleClerk, "add deals"},
	"deal.add_new":    {RoleClerk, "add deals"},
	"deal.edit":       {RoleClerk, "edit deals"},
	"deal.codes":      {RoleClerk, "edit deals"},
	"deal.holddays":   {RoleClerk, "edit deals"},
	"fee.add":         {RoleClerk, "add fixed fees"},
	"fee.void":        {RoleClerk, "void fixed fees"},
	"bonus.add":       {RoleClerk, "add bonuses"},
	"bonus.void":      {RoleClerk, "void bonuses"},
	"orders.import":   {RoleClerk, "import orders"},
	"orders.release":  {RoleClerk, "release held commissions"},
	"payout.request":  {RoleClerk, "request payouts"},
	"payout.cancel":   {RoleClerk, "cancel payout requests"},
	"payee.invite":    {RoleClerk, "invite creators to Stripe"},
	"payee.link":      {RoleClerk, "link deals to Stripe accounts"},
	"payee.unlink":    {RoleClerk, "unlink deals from Stripe accounts"},
	"payee.status":    {RoleClerk, "update Stripe account statuses"},
	"outbox.record":   {RoleClerk, "send messages to creators"},
	"outbox.claim":    {RoleClerk, "send messages to creators"},
	"outbox.mark":     {RoleClerk, "send messages to creators"},
	"chart.map":       {RoleClerk, "map the chart of accounts"},
	"setting.set":     {RoleClerk, "change the ledger's settings"},

	"fee.confirm":            {RoleApprover, "confirm fixed fees"},
	"payout.pay_offline":     {RoleApprover, "pay payout requests"},
	"payout.record_past":     {RoleApprover, "record payments"},
	"payout.stripe_begin":    {RoleApprover, "pay payout requests"},
	"payout.stripe_complete": {RoleApprover, "pay payout requests"},
	"payout.stripe_fail":     {RoleApprover, "pay payout requests"},
	"payout.stripe_clear":    {RoleApprover, "pay payout requests"},
	"payout.reverse":         {RoleApprover, "reverse payments"},
	"period.close":           {RoleApprover, "close periods"},
	"period.reopen":          {RoleApprover, "reopen periods"},
	// A bulk load pays and confirms as the operations do.
	"bulk.load": {RoleApprover, "load programs in bulk"},

	"team.approvals": {RoleOwner, "turn approvals on or off"},
}

// roleState is the role read for a store: loaded once, again on
// RefreshRole.
type roleState struct {
	role atomic.Pointer[Role]
	// load reads the role from the database; nil on SQLite, where the one
	// with the file owns it.
	load func(ctx context.Context) (Role, error)
}

// roleLoader is how the store reads its role: nil on SQLite (the owner);
// on PostgreSQL, from the connected user's database roles.
func (s *Store) roleLoader() func(ctx context.Context) (Role, error) {
	if s.roles.load != nil {
		return s.roles.load
	}
	if s.Backend() == BackendPostgres {
		return func(ctx context.Context) (Role, error) { return pgRoleOf(ctx, s.db) }
	}
	return nil
}

// Role is what the person using this ledger may do: RoleOwner on an SQLite
// file; on a team ledger, the role read (once per Store) from the database
// roles of the connected user. Call RefreshRole after a grant changed.
func (s *Store) Role() Role {
	if p := s.roles.role.Load(); p != nil {
		return *p
	}
	if s.roleLoader() == nil {
		return RoleOwner
	}
	r, err := s.RefreshRole(context.Background())
	if err != nil {
		// Unknown: the least. The database refuses what the role may not
		// do in any case; this only decides what the app offers.
		return RoleViewer
	}
	return r
}

// RefreshRole reads the role again (after `payouts team add` changed a
// grant while the app was open).
func (s *Store) RefreshRole(ctx context.Context) (Role, error) {
	load := s.roleLoader()
	if load == nil {
		return RoleOwner, nil
	}
	r, err := load(ctx)
	if err != nil {
		return "", fmt.Errorf("read the role of %s: %w", s.OperatorName(), err)
	}
	s.roles.role.Store(&r)
	return r, nil
}

// allow refuses an operation of kind the store's role may not do, in one
// line that says who, what and whom to ask.
func (s *Store) allow(ctx context.Context, kind string) error {
	p, ok := opPermissions[kind]
	if !ok {
		return fmt.Errorf("operation %s has no permission in opPermissions", kind)
	}
	role := s.Role()
	if s.roles.role.Load() == nil && s.roleLoader() != nil {
		var err error
		if role, err = s.RefreshRole(ctx); err != nil {
			return err
		}
	}
	if role.Allows(p.need) {
		return nil
	}
	return Errorf(EPERMISSION, "you (%s, %s) may not %s: ask %s", s.OperatorName(), role.article(), p.what, p.need.article())
}

// MayDo reports whether the store's role may run operations of kind
// (opPermissions), and if not why, in the words of the refusal, so the
// app can disable an action with the reason.
func (s *Store) MayDo(ctx context.Context, kind string) (bool, string) {
	if err := s.allow(ctx, kind); err != nil {
		return false, ErrorMessage(err)
	}
	return true, ""
}

// SettingApprovals is the setting that, "on", lets a payout request be paid
// only by someone other than who requested it.
const SettingApprovals = "team.approvals"

// Approvals reports whether approvals are on.
func (s *Store) Approvals(ctx context.Context) (bool, error) {
	v, err := s.Setting(ctx, SettingApprovals)
	return v == "on", err
}

// SetApprovals turns approvals on or off. Only the ledger's owner may: an
// approver who could turn them off could pay their own requests.
func (s *Store) SetApprovals(ctx context.Context, on bool) error {
	v := "off"
	if on {
		v = "on"
	}
	_, err := s.do(ctx, "", "team.approvals", v, func(tx *Tx) (int64, error) {
		return 0, tx.setSetting(SettingApprovals, v)
	})
	return err
}

// PayRule is what decides who may pay which request: the operator, their
// role and whether approvals are on. The queue asks it for each request
// (Refusal); the payment operations refuse with the same words.
type PayRule struct {
	Operator  string
	Role      Role
	Approvals bool
}

// PayRule reads the rule for the person using this store now.
func (s *Store) PayRule(ctx context.Context) (PayRule, error) {
	on, err := s.Approvals(ctx)
	if err != nil {
		return PayRule{}, err
	}
	return PayRule{Operator: operatorOrUnknown(s.OperatorName()), Role: s.Role(), Approvals: on}, nil
}

func operatorOrUnknown(op string) string {
	op = strings.TrimSpace(op)
	if op == "" {
		return "unknown"
	}
	return op
}

// Refusal says why the rule's person may not pay r ("" when they may): not
// an approver, or approvals on and they requested it.
func (p PayRule) Refusal(r *Request) string {
	if !p.Role.Allows(RoleApprover) {
		return fmt.Sprintf("you (%s, %s) may not pay payout requests: ask an approver", p.Operator, p.Role.article())
	}
	if p.Approvals && sameOperator(r.CreatedBy, p.Operator) {
		return "this payout was " + approvalsRefusal(r.CreatedBy)
	}
	return ""
}

// NeedsAnother reports whether r may be paid by an approver, but not by
// this person, because they requested it (approvals on).
func (p PayRule) NeedsAnother(r *Request) bool {
	return p.Approvals && sameOperator(r.CreatedBy, p.Operator)
}

// approvalsRefusal is the tail of every refusal of a payment by its
// requester.
func approvalsRefusal(requester string) string {
	return fmt.Sprintf("requested by %s, and with approvals on someone else must pay it: ask another approver", requester)
}

// sameOperator compares operator names as people type them: "Alice" and
// "alice " are one person.
func sameOperator(a, b string) bool {
	return strings.EqualFold(strings.TrimSpace(a), strings.TrimSpace(b))
}

// approvalsOn reads the approvals setting in the transaction: read with
// the operation's ID (priorOp) unless a setting was written since.
func (tx *Tx) approvalsOn() (bool, error) {
	if tx.approvals != nil {
		return *tx.approvals == "on", nil
	}
	var v string
	err := tx.queryRow(`SELECT coalesce(max(value), '') FROM settings WHERE key = ?`, SettingApprovals).Scan(&v)
	return v == "on", err
}

// checkApproval refuses to pay a request its payer requested, when
// approvals are on: every way of paying (offline, a batch, Stripe) calls it.
// by is who requested it when the caller read it ("": read here).
func (tx *Tx) checkApproval(requestID int64, by string) error {
	on, err := tx.approvalsOn()
	if err != nil || !on {
		return err
	}
	if by == "" {
		if err := tx.queryRow(`SELECT created_by FROM requests WHERE id = ?`, requestID).Scan(&by); err != nil {
			return orNotFound(err, "payout request %d not found", requestID)
		}
	}
	if sameOperator(by, tx.operator) {
		return Errorf(EPERMISSION, "%s was %s", tx.requestLabel(requestID), approvalsRefusal(by))
	}
	return nil
}

// checkPastApproval refuses to record a past payment (requested and paid
// in one operation, by one person) while approvals are on.
func (tx *Tx) checkPastApproval() error {
	on, err := tx.approvalsOn()
	if err != nil || !on {
		return err
	}
	return Errorf(EPERMISSION, "with approvals on, a payout is requested by one person and paid by another: request it, and ask another approver to pay it")
}

// setSetting writes one setting in the transaction.
func (tx *Tx) setSetting(key, value string) error {
	tx.approvals = nil // read again (approvalsOn)
	_, err := tx.exec(`INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value`, key, value)
	return err
}
