package ledger

import (
	"strconv"
	"strings"
	"sync"
)

// The ledger's SQL is written once, in SQLite's dialect. On PostgreSQL each
// statement passes pgSQL on its way to the server (pgConn: every Exec,
// Query and Prepare of the store, whoever calls it), which rewrites what the
// two dialects spell differently and nothing else:
//
//	?  ?N                    $N (an anonymous ? is the largest number so far plus one, as in SQLite)
//	INSERT OR FAIL INTO      INSERT INTO (every failure rolls the operation back anyway)
//	UPDATE OR FAIL           UPDATE (likewise)
//	group_concat(x[, sep])   string_agg(CAST(x AS TEXT), sep or ',')
//	max(a, b, ...)           greatest(a, b, ...) (min: least); max(a) stays the aggregate
//	ifnull(a, b)             coalesce(a, b)
//	char(9, 10)              (chr(9) || chr(10))
//	LIKE                     ILIKE (SQLite's LIKE ignores ASCII case)
//	INTEGER                  BIGINT (SQLite's integers are 64 bits: CAST(... AS INTEGER))
//
// COLLATE NOCASE stays: the PostgreSQL schema defines a collation nocase.
// Text in quotes and comments is copied as it is. A statement is rewritten
// once per process and the result kept (pgStatements).

// pgStatements caches pgSQL's results by statement text.
var pgStatements sync.Map // string -> string

// pgSQL returns query in PostgreSQL's dialect.
func pgSQL(query string) string {
	if strings.HasPrefix(query, pgRaw) {
		return query // written for PostgreSQL
	}
	if v, ok := pgStatements.Load(query); ok {
		return v.(string)
	}
	out := pgCalls(pgWords(query))
	pgStatements.Store(query, out)
	return out
}

// pgWords rewrites placeholders and the words of the table above.
func pgWords(q string) string {
	var b strings.Builder
	b.Grow(len(q) + len(q)/8)
	top := 0   // largest placeholder number so far
	prev := "" // the previous word, upper case
	for i := 0; i < len(q); {
		c := q[i]
		switch {
		case c == '\'' || c == '"':
			j := quoteEnd(q, i)
			b.WriteString(q[i:j])
			i = j
		case c == '-' && i+1 < len(q) && q[i+1] == '-':
			j := strings.IndexByte(q[i:], '\n')
			if j < 0 {
				j = len(q) - i
			}
			b.WriteString(q[i : i+j])
			i += j
		case c == '/' && i+1 < len(q) && q[i+1] == '*':
			j := strings.Index(q[i+2:], "*/")
			end := len(q)
			if j >= 0 {
				end = i + 2 + j + 2
			}
			b.WriteString(q[i:end])
			i = end
		case c == '?':
			j := i + 1
			for j < len(q) && q[j] >= '0' && q[j] <= '9' {
				j++
			}
			n := top + 1
			if j > i+1 {
				n, _ = strconv.Atoi(q[i+1 : j])
			}
			top = max(top, n)
			b.WriteByte('$')
			b.WriteString(strconv.Itoa(n))
			i = j
		case isWordStart(c):
			j := i + 1
			for j < len(q) && isWordByte(q[j]) {
				j++
			}
			word := q[i:j]
			up := strings.ToUpper(word)
			switch up {
			case "LIKE":
				b.WriteString("ILIKE")
			case "INTEGER":
				b.WriteString("BIGINT")
			case "IFNULL":
				b.WriteString("coalesce")
			case "OR":
				// INSERT or UPDATE OR FAIL (ABORT, ROLLBACK): a plain one.
				if prev == "INSERT" || prev == "UPDATE" {
					k := j
					for k < len(q) && isSQLSpace(q[k]) {
						k++
					}
					m := k
					for m < len(q) && isWordByte(q[m]) {
						m++
					}
					switch strings.ToUpper(q[k:m]) {
					case "FAIL", "ABORT", "ROLLBACK":
						i, prev = m, "OR"
						for i < len(q) && isSQLSpace(q[i]) {
							i++
						}
						continue
					}
				}
				b.WriteString(word)
			default:
				b.WriteString(word)
			}
			prev = up
			i = j
		default:
			b.WriteByte(c)
			i++
		}
	}
	return b.String()
}

// pgCalls rewrites the calls of functions PostgreSQL spells differently:
// group_concat, and max and min of several arguments.
func pgCalls(q string) string {
	lower := strings.ToLower(q)
	if !strings.Contains(lower, "group_concat") && !strings.Contains(lower, "max") &&
		!strings.Contains(lower, "min") && !strings.Contains(lower, "char") {
		return q
	}
	var b strings.Builder
	for i := 0; i < len(q); {
		c := q[i]
		switch {
		case c == '\'' || c == '"':
			j := quoteEnd(q, i)
			b.WriteString(q[i:j])
			i = j
		case isWordStart(c):
			j := i + 1
			for j < len(q) && isWordByte(q[j]) {
				j++
			}
			word := strings.ToLower(q[i:j])
			open := j
			for open < len(q) && isSQLSpace(q[open]) {
				open++
			}
			if (word == "group_concat" || word == "max" || word == "min" || word == "char") && open < len(q) && q[open] == '(' {
				args, end := callArgs(q, open)
				if repl, ok := pgCall(word, args); ok {
					b.WriteString(repl)
					i = end
					continue
				}
			}
			b.WriteString(q[i:j])
			i = j
		default:
			b.WriteByte(c)
			i++
		}
	}
	return b.String()
}

// pgCall is the PostgreSQL spelling of a call of fn with args (already
// split at their top-level commas), or false when it stays as it is.
func pgCall(fn string, args []string) (string, bool) {
	for i := range args {
		args[i] = pgCalls(args[i])
	}
	switch fn {
	case "group_concat":
		if len(args) == 0 || len(args) > 2 {
			return "", false
		}
		x := strings.TrimSpace(args[0])
		distinct := ""
		if len(x) > 9 && strings.EqualFold(x[:9], "DISTINCT ") {
			distinct, x = "DISTINCT ", strings.TrimSpace(x[9:])
		}
		sep := "','"
		if len(args) == 2 {
			sep = strings.TrimSpace(args[1])
		}
		return "string_agg(" + distinct + "CAST(" + x + " AS TEXT), " + sep + ")", true
	case "max", "min":
		if len(args) < 2 {
			// The aggregate: its argument may still need rewriting.
			if len(args) == 1 {
				return fn + "(" + args[0] + ")", true
			}
			return "", false
		}
		name := "greatest"
		if fn == "min" {
			name = "least"
		}
		return name + "(" + strings.Join(args, ",") + ")", true
	case "char":
		if len(args) == 0 {
			return "", false
		}
		for i, a := range args {
			args[i] = "chr(" + strings.TrimSpace(a) + ")"
		}
		return "(" + strings.Join(args, " || ") + ")", true
	}
	return "", false
}

// callArgs splits the arguments of the call whose "(" is at q[open] at
// their top-level commas, and returns the index after its ")".
func callArgs(q string, open int) ([]string, int) {
	var args []string
	depth, start := 0, open+1
	for i := open; i < len(q); {
		switch c := q[i]; c {
		case '\'', '"':
			i = quoteEnd(q, i)
			continue
		case '(':
			depth++
		case ')':
			depth--
			if depth == 0 {
				if s := q[start:i]; strings.TrimSpace(s) != "" || len(args) > 0 {
					args = append(args, s)
				}
				return args, i + 1
			}
		case ',':
			if depth == 1 {
				args = append(args, q[start:i])
				start = i + 1
			}
		}
		i++
	}
	return nil, len(q) // unbalanced: left to the server to refuse
}

// quoteEnd returns the index after the quoted text starting at q[i] (a
// doubled quote is part of it).
func quoteEnd(q string, i int) int {
	quote := q[i]
	for j := i + 1; j < len(q); j++ {
		if q[j] == quote {
			if j+1 < len(q) && q[j+1] == quote {
				j++
				continue
			}
			return j + 1
		}
	}
	return len(q)
}

func isWordStart(c byte) bool {
	return c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')
}

func isWordByte(c byte) bool { return isWordStart(c) || (c >= '0' && c <= '9') || c == '$' }

func isSQLSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }
