package ledger

import (
	"context"
	"database/sql"
	_ "embed"
	"fmt"
	"regexp"
	"sort"
	"strings"
)

// teamSQL is what `payouts team init` applies to a team ledger: the group
// roles, their grants, and the triggers that enforce roles and approvals
// in the database itself.
//
//go:embed team_pg.sql
var teamSQL string

// RoleNone is a connected user in none of the team's roles.
const RoleNone Role = "none"

// pgRoleCase is the role of the connected user on PostgreSQL, one SQL
// expression: the ledger reads its role with it (Store.Role), and team init
// makes it the database's payouts_role(), which the triggers refuse with,
// so the two never disagree. A superuser, or a member of the role that owns
// the tables (who created the ledger), is its owner. The group roles are
// looked up by name, never cast: before team init they do not exist.
const pgRoleCase = `CASE
		WHEN u.rolsuper OR coalesce(pg_has_role(current_user, c.relowner, 'MEMBER'), false) THEN 'owner'
		WHEN EXISTS (SELECT 1 FROM pg_roles g WHERE g.rolname = 'payouts_approver' AND pg_has_role(current_user, g.oid, 'MEMBER')) THEN 'approver'
		WHEN EXISTS (SELECT 1 FROM pg_roles g WHERE g.rolname = 'payouts_clerk' AND pg_has_role(current_user, g.oid, 'MEMBER')) THEN 'clerk'
		WHEN EXISTS (SELECT 1 FROM pg_roles g WHERE g.rolname = 'payouts_viewer' AND pg_has_role(current_user, g.oid, 'MEMBER')) THEN 'viewer'
		ELSE 'none' END
	FROM pg_roles u LEFT JOIN pg_class c ON c.oid = to_regclass('payouts_meta')
	WHERE u.rolname = current_user`

// pgRoleOf reads the connected user's role.
func pgRoleOf(ctx context.Context, q queryRower) (Role, error) {
	var r string
	if err := q.QueryRowContext(ctx, pgRaw+`SELECT `+pgRoleCase).Scan(&r); err != nil {
		return "", err
	}
	return Role(r), nil
}

// teamInit applies the team's roles, grants and triggers in one
// transaction. Run again, it changes nothing.
func teamInit(ctx context.Context, db *sql.DB) error {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	fn := `CREATE OR REPLACE FUNCTION payouts_role() RETURNS text LANGUAGE sql STABLE AS $role$ SELECT ` + pgRoleCase + ` $role$`
	for _, stmt := range []string{pgRaw + fn, pgRaw + teamSQL} {
		if _, err := tx.ExecContext(ctx, stmt); err != nil {
			return err
		}
	}
	return tx.Commit()
}

// memberName is what a person's database role may be called here: what
// needs no thought in a connection URL.
var memberName = regexp.MustCompile(`^[a-z_][a-z0-9_.-]{0,62}$`)

// quoteLiteral quotes a string for statements that take no parameters
// (CREATE ROLE; quoteIdent is copy.go's): as an E-string, which reads the
// same whatever standard_conforming_strings is.
func quoteLiteral(s string) string {
	return `E'` + strings.ReplaceAll(strings.ReplaceAll(s, `\`, `\\`), `'`, `''`) + `'`
}

// addMember makes name a member of the team with role: a new LOGIN role
// (with password, when one is given), or an existing role whose other
// team role is taken away. It returns whether the role was created.
func addMember(ctx context.Context, db *sql.DB, name string, role Role, password string) (bool, error) {
	name = strings.TrimSpace(name)
	if !memberName.MatchString(name) {
		return false, Errorf(EINVALID, "%q cannot be a member's name: use lower-case letters, digits, _ . or -, starting with a letter (it is their database user name)", clip(name, 40))
	}
	if strings.HasPrefix(name, "payouts_") {
		return false, Errorf(EINVALID, "%s is a name of the team's own roles: choose another", name)
	}
	switch role {
	case RoleViewer, RoleClerk, RoleApprover:
	default:
		return false, Errorf(EINVALID, "unknown role %q: use viewer, clerk or approver", role)
	}
	if strings.ContainsRune(password, 0) {
		return false, Errorf(EINVALID, "a password cannot hold a NUL character")
	}
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return false, err
	}
	defer tx.Rollback()
	var groups int
	if err := tx.QueryRowContext(ctx, pgRaw+`SELECT count(*) FROM pg_roles WHERE rolname IN ('payouts_viewer', 'payouts_clerk', 'payouts_approver')`).Scan(&groups); err != nil {
		return false, err
	}
	if groups != 3 {
		return false, Errorf(ENOTFOUND, "this ledger has no team roles yet: run 'payouts team init' first")
	}
	var exists bool
	if err := tx.QueryRowContext(ctx, pgRaw+`SELECT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = `+quoteLiteral(name)+`)`).Scan(&exists); err != nil {
		return false, err
	}
	// The server gets the password's SCRAM verifier, not the password.
	verifier := ""
	if password != "" {
		if verifier, err = scramVerifier(password); err != nil {
			return false, err
		}
	}
	var stmts []string
	switch {
	case !exists:
		st := `CREATE ROLE ` + quoteIdent(name) + ` LOGIN`
		if verifier != "" {
			st += ` PASSWORD ` + quoteLiteral(verifier)
		}
		stmts = append(stmts, st)
	case verifier != "":
		stmts = append(stmts, `ALTER ROLE `+quoteIdent(name)+` PASSWORD `+quoteLiteral(verifier))
	}
	// One role each: the others are taken away, so a clerk made an
	// approver is not also still a clerk, nor an approver made a viewer
	// still an approver.
	for _, g := range []Role{RoleViewer, RoleClerk, RoleApprover} {
		if g != role && exists {
			stmts = append(stmts, `REVOKE payouts_`+string(g)+` FROM `+quoteIdent(name))
		}
	}
	stmts = append(stmts, `GRANT payouts_`+string(role)+` TO `+quoteIdent(name))
	for _, st := range stmts {
		if _, err := tx.ExecContext(ctx, pgRaw+st); err != nil {
			return false, err
		}
	}
	return !exists, tx.Commit()
}

// Member is one person of a team ledger: a database role in one of the
// team's roles.
type Member struct {
	Name  string
	Role  Role
	Login bool // may connect (a group role of one's own may not)
}

// members lists the roles in the team's roles, each with the highest it
// has (directly or through another role).
func members(ctx context.Context, db *sql.DB) ([]Member, error) {
	rows, err := db.QueryContext(ctx, pgRaw+`SELECT m.rolname, m.rolcanlogin,
		pg_has_role(m.oid, 'payouts_approver', 'MEMBER'), pg_has_role(m.oid, 'payouts_clerk', 'MEMBER')
		FROM pg_roles m
		WHERE m.rolname NOT IN ('payouts_viewer', 'payouts_clerk', 'payouts_approver')
		AND EXISTS (SELECT 1 FROM pg_roles g WHERE g.rolname = 'payouts_viewer')
		AND pg_has_role(m.oid, 'payouts_viewer', 'MEMBER') AND NOT m.rolsuper
		ORDER BY m.rolname`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Member
	for rows.Next() {
		var m Member
		var approver, clerk bool
		if err := rows.Scan(&m.Name, &m.Login, &approver, &clerk); err != nil {
			return nil, err
		}
		switch {
		case approver:
			m.Role = RoleApprover
		case clerk:
			m.Role = RoleClerk
		default:
			m.Role = RoleViewer
		}
		out = append(out, m)
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out, rows.Err()
}

// teamError says what a team command needs that the ledger is not: a team
// ledger, and its owner.
func teamError(backend string, role Role, what string) error {
	if backend != BackendPostgres {
		return Errorf(EINVALID, "team roles are a team ledger's (PostgreSQL): this ledger is a file, whose one user may do everything; to %s, move it to PostgreSQL with 'payouts team migrate'", what)
	}
	if role != RoleOwner {
		return Errorf(EPERMISSION, "only the ledger's owner (who created it, or a superuser) may %s", what)
	}
	return nil
}

// teamWrap wraps a PostgreSQL failure of a team command with what it did.
func teamWrap(err error, what string) error {
	if err == nil || ErrorCode(err) != EINTERNAL {
		return err
	}
	return fmt.Errorf("%s: %w", what, err)
}

// TeamInit sets up (again: it is idempotent) the team of a ledger on
// PostgreSQL: the group roles payouts_viewer, payouts_clerk and
// payouts_approver, their grants, and the triggers that hold roles and
// approvals in the database. Only the ledger's owner may.
func (s *Store) TeamInit(ctx context.Context) error {
	role, err := s.RefreshRole(ctx)
	if err != nil {
		return err
	}
	if err := teamError(s.Backend(), role, "set up the team's roles"); err != nil {
		return err
	}
	return teamWrap(teamInit(ctx, s.db), "team init")
}

// AddMember makes name a member of the team with role (viewer, clerk or
// approver): a new database user that may log in, with password when one
// is given, or an existing one whose team role changes to role. It reports
// whether the user was created. Only the ledger's owner may.
func (s *Store) AddMember(ctx context.Context, name string, role Role, password string) (bool, error) {
	have, err := s.RefreshRole(ctx)
	if err != nil {
		return false, err
	}
	if err := teamError(s.Backend(), have, "add members to the team"); err != nil {
		return false, err
	}
	created, err := addMember(ctx, s.db, name, role, password)
	return created, teamWrap(err, "team add "+name)
}

// Members lists the team of a ledger on PostgreSQL: every database user
// in one of its roles, with the highest role each has.
func (s *Store) Members(ctx context.Context) ([]Member, error) {
	if s.Backend() != BackendPostgres {
		return nil, teamError(BackendSQLite, RoleOwner, "list a team")
	}
	ms, err := members(ctx, s.db)
	return ms, teamWrap(err, "team list")
}
