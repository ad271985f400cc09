// Package locale gives the process a well-formed locale before Fyne reads
// it. Fyne parses the locale in a package init and logs three lines of
// "Error parsing user locale" to stderr when it is C, POSIX or unset, which
// is the usual case in scripts, cron and CI, and would bury the CLI's
// one-line errors. Go initializes packages in import-path order among those
// whose imports are done; this package needs only os and sorts before
// golang.org/x/text, which Fyne's lang package needs, so this init runs first.
package locale

import "os"

func init() {
	for _, env := range []string{"LC_ALL", "LC_MESSAGES", "LANG"} {
		v := os.Getenv(env)
		if v == "" {
			continue
		}
		if v != "C" && v != "POSIX" && v != "C.UTF-8" && v != "C.utf8" {
			return // a real locale: leave it alone
		}
		os.Setenv(env, "en_US.UTF-8")
	}
	if os.Getenv("LANG") == "" {
		os.Setenv("LANG", "en_US.UTF-8")
	}
}
