package main

import (
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/spf13/cobra"
)

// TestREADMEListsEveryCommand: the README's command-line section names every
// command a user can run, so a new command cannot ship undocumented.
func TestREADMEListsEveryCommand(t *testing.T) {
	b, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	readme := string(b)
	start := strings.Index(readme, "## The command line")
	if start < 0 {
		t.Fatal(`README has no "## The command line" section`)
	}
	section := readme[start+1:]
	if end := strings.Index(section, "\n## "); end >= 0 {
		section = section[:end]
	}
	var walk func(c *cobra.Command, path string)
	n := 0
	walk = func(c *cobra.Command, path string) {
		if c.Hidden {
			return
		}
		if c.Runnable() {
			n++
			// "payouts deal show" followed by a space, a newline or the end:
			// "payouts deal" alone does not count for "payouts deal show".
			if !regexp.MustCompile(`(?m)^` + regexp.QuoteMeta(path) + `(\s|$)`).MatchString(section) {
				t.Errorf("README's command-line section does not list %q", path)
			}
		}
		for _, sub := range c.Commands() {
			walk(sub, path+" "+sub.Name())
		}
	}
	walk(newRoot(), "payouts")
	if n < 30 {
		t.Errorf("found %d commands; the walk is broken", n)
	}
}
