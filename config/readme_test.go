package config

import (
	"os"
	"strings"
	"testing"
)

// TestREADMEListsEveryKey keeps the README's table of keys complete: each
// key must have a row under its table's heading row.
func TestREADMEListsEveryKey(t *testing.T) {
	b, err := os.ReadFile("../README.md")
	if err != nil {
		t.Fatal(err)
	}
	_, section, ok := strings.Cut(string(b), "\n## Configuration\n")
	if !ok {
		t.Fatal("README.md has no \"## Configuration\" section")
	}
	section, _, _ = strings.Cut(section, "\n## ")
	for _, tb := range tables {
		_, rows, ok := strings.Cut(section, "| **`["+tb.name+"]`** |")
		if !ok {
			t.Errorf("README.md's configuration table has no row for [%s]", tb.name)
			continue
		}
		if _, next, found := strings.Cut(rows, "| **`["); found {
			rows = rows[:len(rows)-len(next)]
		}
		for _, k := range tb.keys {
			if !strings.Contains(rows, "\n| `"+k+"` |") {
				t.Errorf("README.md's configuration table has no row for %s.%s", tb.name, k)
			}
		}
	}
}
