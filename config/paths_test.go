package config

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// paths is what resolution decides for the four path keys.
type paths struct {
	Credentials, Token, Notebook, State string
}

func pathsOf(c *Config) paths {
	return paths{c.Calendar.CredentialsFile, c.Calendar.TokenFile, c.Notebook.Dir, c.State.Dir}
}

func TestLoadPaths(t *testing.T) {
	tests := []struct {
		name string
		toml string // "" for no file at all
		env  map[string]string
		want paths // "CFG" stands for the config file's directory, "PARENT" for its parent
	}{
		{"defaults-under-home", "", map[string]string{"HOME": "/home/u"}, paths{
			"/home/u/.config/debrief/credentials.json",
			"/home/u/.config/debrief/token.json",
			"/home/u/.local/share/debrief/notebook",
			"/home/u/.local/state/debrief",
		}},
		{"defaults-follow-xdg", "[block]\nenabled = false\n", map[string]string{
			"HOME":            "/home/u",
			"XDG_CONFIG_HOME": "/xdg/config",
			"XDG_DATA_HOME":   "/xdg/data/",
			"XDG_STATE_HOME":  "/xdg/state",
		}, paths{
			"/xdg/config/debrief/credentials.json",
			"/xdg/config/debrief/token.json",
			"/xdg/data/debrief/notebook",
			"/xdg/state/debrief",
		}},
		{"relative-xdg-ignored", "", map[string]string{
			"HOME":            "/home/u",
			"XDG_CONFIG_HOME": "rel/config",
			"XDG_DATA_HOME":   "./data",
		}, paths{
			"/home/u/.config/debrief/credentials.json",
			"/home/u/.config/debrief/token.json",
			"/home/u/.local/share/debrief/notebook",
			"/home/u/.local/state/debrief",
		}},
		{"xdg-without-home", "", map[string]string{
			"XDG_CONFIG_HOME": "/c",
			"XDG_DATA_HOME":   "/d",
			"XDG_STATE_HOME":  "/s",
		}, paths{"/c/debrief/credentials.json", "/c/debrief/token.json", "/d/debrief/notebook", "/s/debrief"}},
		{"tilde-in-file", `
[calendar]
credentials_file = "~/secrets/client.json"
token_file = "~/secrets//token.json"
[notebook]
dir = "~"
[state]
dir = "~/state/"
`, map[string]string{"HOME": "/home/u", "XDG_CONFIG_HOME": "/xdg"}, paths{
			"/home/u/secrets/client.json",
			"/home/u/secrets/token.json",
			"/home/u",
			"/home/u/state",
		}},
		{"relative-to-config-dir", `
[calendar]
credentials_file = "client.json"
token_file = "../token.json"
[notebook]
dir = "./notes"
[state]
dir = "/abs/state"
`, map[string]string{"HOME": "/home/u"}, paths{
			"CFG/client.json",
			"PARENT/token.json",
			"CFG/notes",
			"/abs/state",
		}},
		{"file-sets-some", "[notebook]\ndir = \"~/Documents/interviews\"\n", map[string]string{
			"HOME": "/home/u", "XDG_STATE_HOME": "/xdg/state",
		}, paths{
			"/home/u/.config/debrief/credentials.json",
			"/home/u/.config/debrief/token.json",
			"/home/u/Documents/interviews",
			"/xdg/state/debrief",
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			p := filepath.Join(dir, "config.toml")
			if tt.toml != "" {
				if err := os.WriteFile(p, []byte(tt.toml), 0o600); err != nil {
					t.Fatal(err)
				}
			}
			cfg, err := Load(p, tt.toml != "", env(tt.env))
			if err != nil {
				t.Fatalf("Load = %v, want no error", err)
			}
			want := tt.want
			for _, s := range []*string{&want.Credentials, &want.Token, &want.Notebook, &want.State} {
				if rest, ok := strings.CutPrefix(*s, "CFG"); ok {
					*s = filepath.Join(dir, rest)
				} else if rest, ok := strings.CutPrefix(*s, "PARENT"); ok {
					*s = filepath.Join(filepath.Dir(dir), rest)
				}
			}
			if diff := cmp.Diff(pathsOf(cfg), want); diff != "" {
				t.Errorf("paths (-got +want):\n%s", diff)
			}
		})
	}
}

func TestLoadPathErrors(t *testing.T) {
	tests := []struct {
		name string
		toml string
		env  map[string]string
		want string
	}{
		{"no-home-no-xdg", "", map[string]string{}, strings.Join([]string{
			"config.toml: calendar.credentials_file has no default because neither XDG_CONFIG_HOME nor HOME is set: set HOME, or set calendar.credentials_file in the file to an absolute path",
			"config.toml: calendar.token_file has no default because neither XDG_CONFIG_HOME nor HOME is set: set HOME, or set calendar.token_file in the file to an absolute path",
			"config.toml: notebook.dir has no default because neither XDG_DATA_HOME nor HOME is set: set HOME, or set notebook.dir in the file to an absolute path",
			"config.toml: state.dir has no default because neither XDG_STATE_HOME nor HOME is set: set HOME, or set state.dir in the file to an absolute path",
		}, "\n")},
		{"tilde-without-home", "[notebook]\ndir = \"~/notes\"\n", map[string]string{
			"XDG_CONFIG_HOME": "/c", "XDG_STATE_HOME": "/s",
		}, `config.toml:2: notebook.dir is "~/notes" but HOME is not set: set HOME or write an absolute path`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			p := filepath.Join(dir, "config.toml")
			if err := os.WriteFile(p, []byte(tt.toml), 0o600); err != nil {
				t.Fatal(err)
			}
			_, err := Load(p, true, env(tt.env))
			if err == nil {
				t.Fatalf("Load = nil error, want %s", tt.want)
			}
			got := strings.ReplaceAll(err.Error(), dir+"/", "")
			if got != tt.want {
				t.Errorf("Load error:\n got: %s\nwant: %s", got, tt.want)
			}
		})
	}
}

func TestLoadMissingFile(t *testing.T) {
	home := t.TempDir()
	getenv := env(map[string]string{"HOME": home})
	p := filepath.Join(t.TempDir(), "config.toml")

	got, err := Load(p, false, getenv)
	if err != nil {
		t.Fatalf("Load(missing, required=false) = %v, want the defaults", err)
	}
	want := Default()
	want.Calendar.CredentialsFile = filepath.Join(home, ".config/debrief/credentials.json")
	want.Calendar.TokenFile = filepath.Join(home, ".config/debrief/token.json")
	want.Notebook.Dir = filepath.Join(home, ".local/share/debrief/notebook")
	want.State.Dir = filepath.Join(home, ".local/state/debrief")
	if diff := cmp.Diff(got, want); diff != "" {
		t.Errorf("Load(missing) (-got +want):\n%s", diff)
	}

	_, err = Load(p, true, getenv)
	if err == nil || !strings.Contains(err.Error(), p) || !strings.Contains(err.Error(), "create it from config.example.toml") {
		t.Errorf("Load(missing, required=true) = %v, want an error naming %s and config.example.toml", err, p)
	}
}

func TestLoadUnreadable(t *testing.T) {
	dir := t.TempDir() // a directory where a file is expected
	_, err := Load(dir, false, env(map[string]string{"HOME": "/home/u"}))
	if err == nil || !strings.HasPrefix(err.Error(), "read config: ") {
		t.Errorf("Load(a directory) = %v, want a read config error", err)
	}
}

func TestDefaultPath(t *testing.T) {
	tests := []struct {
		name string
		env  map[string]string
		want string
	}{
		{"home", map[string]string{"HOME": "/home/u"}, "/home/u/.config/debrief/config.toml"},
		{"xdg", map[string]string{"HOME": "/home/u", "XDG_CONFIG_HOME": "/x"}, "/x/debrief/config.toml"},
		{"relative-xdg", map[string]string{"HOME": "/home/u", "XDG_CONFIG_HOME": "x"}, "/home/u/.config/debrief/config.toml"},
		{"nothing", map[string]string{}, ""},
	}
	for _, tt := range tests {
		if got := DefaultPath(env(tt.env)); got != tt.want {
			t.Errorf("%s: DefaultPath = %q, want %q", tt.name, got, tt.want)
		}
	}
}

func TestLoadEndpoint(t *testing.T) {
	tests := []struct {
		in, want string
	}{
		{"", ""},
		{"http://127.0.0.1:8085", "http://127.0.0.1:8085/calendar/v3/"},
		{"http://127.0.0.1:8085/", "http://127.0.0.1:8085/calendar/v3/"},
		{"http://127.0.0.1:8085/calendar/v3", "http://127.0.0.1:8085/calendar/v3/"},
		{"http://127.0.0.1:8085/calendar/v3/", "http://127.0.0.1:8085/calendar/v3/"},
		{"https://proxy.example/google/calendar/v3", "https://proxy.example/google/calendar/v3/"},
	}
	for _, tt := range tests {
		p := mustWrite(t, "[calendar]\nendpoint = \""+tt.in+"\"\n")
		cfg, err := Load(p, true, env(map[string]string{"HOME": "/home/u"}))
		if err != nil {
			t.Errorf("Load(endpoint = %q) = %v, want no error", tt.in, err)
			continue
		}
		if got := cfg.Calendar.Endpoint; got != tt.want {
			t.Errorf("Load(endpoint = %q).Calendar.Endpoint = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestValidate(t *testing.T) {
	if err := Default().Validate(); err != nil {
		t.Errorf("Default().Validate() = %v, want nil", err)
	}
	c := Default()
	c.Block.Conflict = "move"
	c.Notify.Timeout = Duration{}
	got := c.Validate()
	want := `block.conflict is "move": use "shift", "shorten", "overlap", "skip"` + "\n" +
		"notify.timeout is 0s: set a positive duration such as \"5s\""
	if got == nil || got.Error() != want {
		t.Errorf("Validate() = %v, want %s", got, want)
	}
}
