package config

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/BurntSushi/toml"
	"github.com/google/go-cmp/cmp"
)

const examplePath = "../config.example.toml"

// TestExampleMatchesDefault decodes config.example.toml into a zero Config, so
// a key missing from the example shows up as a difference too.
func TestExampleMatchesDefault(t *testing.T) {
	var got Config
	if _, err := toml.DecodeFile(examplePath, &got); err != nil {
		t.Fatalf("decode %s: %v", examplePath, err)
	}
	if diff := cmp.Diff(&got, Default()); diff != "" {
		t.Errorf("config.example.toml differs from Default() (-example +default):\n%s", diff)
	}
}

func TestExampleHasEveryKey(t *testing.T) {
	var c Config
	md, err := toml.DecodeFile(examplePath, &c)
	if err != nil {
		t.Fatalf("decode %s: %v", examplePath, err)
	}
	keys := leafKeys()
	// A tripwire for the reflection walk: adding a key means updating this
	// count, config.example.toml and docs/configuration.md's table together.
	if got, want := len(keys), 54; got != want {
		t.Fatalf("leafKeys() found %d keys, want %d", got, want)
	}
	text, err := os.ReadFile(examplePath)
	if err != nil {
		t.Fatal(err)
	}
	for _, k := range keys {
		table, key, _ := strings.Cut(k, ".")
		if table == "sources" {
			// [[sources]] has no default entry: its keys are shown in
			// commented examples.
			if !strings.Contains(string(text), "# "+key+" = ") {
				t.Errorf("config.example.toml shows no %s in its commented [[sources]] examples: add it", k)
			}
			continue
		}
		if !md.IsDefined(table, key) {
			t.Errorf("config.example.toml does not set %s: add it, commented, with its default", k)
		}
	}
	if u := md.Undecoded(); len(u) > 0 {
		t.Errorf("config.example.toml has keys Config does not know: %v", u)
	}
}

func TestExampleLoads(t *testing.T) {
	home := t.TempDir()
	cfg, err := Load(examplePath, true, env(map[string]string{"HOME": home}))
	if err != nil {
		t.Fatalf("Load(%s) = %v, want no error", examplePath, err)
	}
	if got, want := cfg.Notebook.Dir, filepath.Join(home, ".local/share/debrief/notebook"); got != want {
		t.Errorf("notebook.dir = %q, want %q", got, want)
	}
}

// env returns a getenv over m.
func env(m map[string]string) func(string) string {
	return func(k string) string { return m[k] }
}

// mustWrite writes a config file into a new temp dir and returns its path.
func mustWrite(t *testing.T, data string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "config.toml")
	if err := os.WriteFile(p, []byte(data), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}
