package config

import (
	"os"
	"strings"
	"testing"
)

// TestReferenceListsEveryKey keeps the configuration reference's table of
// keys (docs/configuration.md) complete: each key must have a row under its
// table's heading row.
func TestReferenceListsEveryKey(t *testing.T) {
	b, err := os.ReadFile("../docs/configuration.md")
	if err != nil {
		t.Fatal(err)
	}
	_, section, ok := strings.Cut(string(b), "\n## Configuration\n")
	if !ok {
		t.Fatal("docs/configuration.md has no \"## Configuration\" section")
	}
	section, _, _ = strings.Cut(section, "\n## ")
	for _, tb := range tables {
		_, rows, ok := strings.Cut(section, "| **`["+tb.name+"]`** |")
		if !ok {
			t.Errorf("docs/configuration.md's table has no row for [%s]", tb.name)
			continue
		}
		if _, next, found := strings.Cut(rows, "| **`["); found {
			rows = rows[:len(rows)-len(next)]
		}
		for _, k := range tb.keys {
			if !strings.Contains(rows, "\n| `"+k+"` |") {
				t.Errorf("docs/configuration.md's table has no row for %s.%s", tb.name, k)
			}
		}
	}
}
