package main

import (
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestArchitectureListsEveryPackage keeps docs/ARCHITECTURE.md's package
// table in step with the code: every directory of the module that holds a
// Go package needs a row, every row names a package that exists, and every
// package has a doc.go that says what it must not do.
func TestArchitectureListsEveryPackage(t *testing.T) {
	root := filepath.Join("..", "..")
	doc, err := os.ReadFile(filepath.Join(root, "docs", "ARCHITECTURE.md"))
	if err != nil {
		t.Fatal(err)
	}
	_, table, ok := strings.Cut(string(doc), "\n## Packages\n")
	if !ok {
		t.Fatal(`docs/ARCHITECTURE.md has no "## Packages" section`)
	}
	table, _, _ = strings.Cut(table, "\n## ")
	rows := map[string]bool{}
	for _, line := range strings.Split(table, "\n") {
		if name, ok := strings.CutPrefix(line, "| `"); ok {
			if name, _, ok = strings.Cut(name, "` |"); ok {
				rows[name] = true
			}
		}
	}
	pkgs := map[string]bool{}
	err = filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if n := d.Name(); p != root && (n == "testdata" || strings.HasPrefix(n, ".") || strings.HasPrefix(n, "_")) {
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(p, ".go") {
			return nil
		}
		rel, err := filepath.Rel(root, filepath.Dir(p))
		if err != nil {
			return err
		}
		pkgs[filepath.ToSlash(rel)] = true
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(pkgs) < 10 {
		t.Fatalf("found only %d packages under %s: is the walk wrong?", len(pkgs), root)
	}
	for p := range pkgs {
		if !rows[p] {
			t.Errorf("package %s has no row in docs/ARCHITECTURE.md's table: add one saying what it owns and what it must not do", p)
		}
	}
	for p := range pkgs {
		doc, err := os.ReadFile(filepath.Join(root, filepath.FromSlash(p), "doc.go"))
		switch {
		case err != nil:
			t.Errorf("package %s has no doc.go: write one saying what it owns and what it must not do", p)
		case !strings.Contains(string(doc), "must not"):
			t.Errorf("%s/doc.go does not say what the package must not do (no \"must not\"): add it, as in docs/ARCHITECTURE.md", p)
		}
	}
	for r := range rows {
		if !pkgs[r] {
			t.Errorf("docs/ARCHITECTURE.md has a row for %s, which is not a package: remove or rename it", r)
		}
	}
}
