package main

import (
	"fmt"
	"log/slog"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/debrief-dev/debrief/notebook"
)

// complSetup is a built debrief on PATH, a config whose notebook holds two
// records, and the completion scripts written out.
type complSetup struct {
	dir, config string
	path        string // PATH with the built debrief first
	ids         []string
}

var (
	complOnce  sync.Once
	complBin   string
	complBuild error
)

func newComplSetup(t *testing.T) *complSetup {
	t.Helper()
	complOnce.Do(func() {
		dir, err := os.MkdirTemp("", "debrief-completion-")
		if err != nil {
			complBuild = err
			return
		}
		complBin = filepath.Join(dir, "debrief")
		if out, err := exec.Command("go", "build", "-o", complBin, ".").CombinedOutput(); err != nil {
			complBuild = fmt.Errorf("go build: %v\n%s", err, out)
		}
	})
	if complBuild != nil {
		t.Fatal(complBuild)
	}
	dir := t.TempDir()
	s := &complSetup{dir: dir, config: filepath.Join(dir, "config.toml")}
	nbDir := filepath.Join(dir, "notebook")
	if err := os.WriteFile(s.config, fmt.Appendf(nil, "[notebook]\ndir = %q\n", nbDir), 0o600); err != nil {
		t.Fatal(err)
	}
	b, err := notebook.Open(slog.New(slog.DiscardHandler), nbDir)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []string{"Acme", "Globex"} {
		r := &notebook.Record{Interview: notebook.Details{Company: c, Date: notebook.Date{Year: 2026, Month: 3, Day: 2}}}
		if err := b.Create(r); err != nil {
			t.Fatal(err)
		}
		s.ids = append(s.ids, r.ID)
	}
	s.path = filepath.Dir(complBin) + string(os.PathListSeparator) + os.Getenv("PATH")
	for _, sh := range []string{"bash", "zsh", "fish"} {
		stdout, stderr, code := runDebrief(t, "completion", sh)
		if code != 0 {
			t.Fatalf("completion %s: exit %d: %s", sh, code, stderr)
		}
		if err := os.WriteFile(filepath.Join(dir, "debrief."+sh), []byte(stdout), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	return s
}

// shell runs script in sh with PATH leading to the built debrief.
func (s *complSetup) shell(t *testing.T, sh string, args ...string) string {
	t.Helper()
	if _, err := exec.LookPath(sh); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("CI should have installed %s: apt-get install %s", sh, sh)
		}
		t.Skipf("%s not installed: apt-get install %s", sh, sh)
	}
	cmd := exec.Command(sh, args...)
	cmd.Env = append(os.Environ(), "PATH="+s.path, "HOME="+s.dir, "XDG_CONFIG_HOME="+s.dir, "XDG_DATA_HOME="+s.dir)
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("%s %q: %v\n%s", sh, args, err, out)
	}
	return string(out)
}

// complCases are command lines (the last word being completed) and words
// the completions must and must not offer; "ID0" stands for the first
// record's id.
var complCases = []struct {
	name     string
	line     string
	want     []string
	dontWant []string
}{
	{"commands", "debrief ", []string{"list", "reflect", "thank-you", "completion", "version"}, []string{"__complete-ids"}},
	{"command-prefix", "debrief li", []string{"list"}, []string{"reflect"}},
	{"flags-of-list", "debrief list --", []string{"--pending", "--json", "--company"}, []string{"--mailto"}},
	{"ids", "debrief --config CFG show ", []string{"ID0", "ID1"}, nil},
	{"ids-config-after", "debrief done ", []string{}, []string{"ID0"}},
	{"done-what", "debrief --config CFG done ID0 ", []string{"thank-you", "follow-up"}, []string{"ID1"}},
	{"outcome-status-after-flag", "debrief --config CFG outcome --on 2026-03-03 ID0 ", []string{"offer", "rejected"}, nil},
	{"mark-verdicts", "debrief mark abc ", []string{"interview", "not-interview", "auto"}, nil},
	{"shells", "debrief completion ", []string{"bash", "zsh", "fish"}, nil},
	{"flag-value-is-not-an-id", "debrief --config CFG list --company ", nil, []string{"ID0"}},
}

func (s *complSetup) expand(words []string) []string {
	out := make([]string, len(words))
	for i, w := range words {
		out[i] = strings.NewReplacer("ID0", s.ids[0], "ID1", s.ids[1]).Replace(w)
	}
	return out
}

func checkCompletions(t *testing.T, s *complSetup, got []string, want, dontWant []string) {
	t.Helper()
	for _, w := range s.expand(want) {
		if !slices.ContainsFunc(got, func(g string) bool { return strings.HasPrefix(w, g) && len(g) >= 4 || g == w }) {
			t.Errorf("completions %q lack %q", got, w)
		}
	}
	for _, w := range s.expand(dontWant) {
		if slices.ContainsFunc(got, func(g string) bool { return g == w || len(g) >= 4 && strings.HasPrefix(w, g) }) {
			t.Errorf("completions %q offer %q", got, w)
		}
	}
}

func TestCompletionBash(t *testing.T) {
	s := newComplSetup(t)
	for _, tc := range complCases {
		t.Run(tc.name, func(t *testing.T) {
			line := strings.ReplaceAll(tc.line, "CFG", s.config)
			line = strings.NewReplacer("ID0", s.ids[0]).Replace(line)
			script := fmt.Sprintf(`source %q
COMP_LINE=%q
read -ra COMP_WORDS <<<"$COMP_LINE"
[[ $COMP_LINE == *" " ]] && COMP_WORDS+=("")
COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
_debrief
printf '%%s\n' "${COMPREPLY[@]}"`, filepath.Join(s.dir, "debrief.bash"), line)
			got := strings.Fields(s.shell(t, "bash", "-c", script))
			checkCompletions(t, s, got, tc.want, tc.dontWant)
		})
	}
}

func TestCompletionFish(t *testing.T) {
	s := newComplSetup(t)
	for _, tc := range complCases {
		t.Run(tc.name, func(t *testing.T) {
			line := strings.ReplaceAll(tc.line, "CFG", s.config)
			line = strings.NewReplacer("ID0", s.ids[0]).Replace(line)
			out := s.shell(t, "fish", "--no-config", "-c", fmt.Sprintf("source %s; complete -C %s", fishQuote(filepath.Join(s.dir, "debrief.fish")), fishQuote(line)))
			var got []string
			for l := range strings.SplitSeq(strings.TrimSpace(out), "\n") {
				if w, _, _ := strings.Cut(l, "\t"); w != "" {
					got = append(got, w)
				}
			}
			checkCompletions(t, s, got, tc.want, tc.dontWant)
		})
	}
}

// TestCompletionZsh runs the zsh function outside zsh's completion system,
// with compadd, _describe and _files replaced by functions that print what
// they were given: it checks the script's reading of the command line.
func TestCompletionZsh(t *testing.T) {
	s := newComplSetup(t)
	for _, tc := range complCases {
		t.Run(tc.name, func(t *testing.T) {
			line := strings.ReplaceAll(tc.line, "CFG", s.config)
			line = strings.NewReplacer("ID0", s.ids[0]).Replace(line)
			script := fmt.Sprintf(`compdef() { :; }
compadd() { [[ $1 == -- ]] && shift; print -l -- "$@"; }
_describe() { local -a items; items=("${(@P)4}"); print -l -- "${items[@]%%%%:*}"; }
_files() { :; }
source %q
words=(${(z)LINE})
[[ $LINE == *" " ]] && words+=("")
CURRENT=${#words}
_debrief`, filepath.Join(s.dir, "debrief.zsh"))
			if _, err := exec.LookPath("zsh"); err != nil {
				if os.Getenv("CI") == "true" {
					t.Fatal("CI should have installed zsh: apt-get install zsh")
				}
				t.Skip("zsh not installed: apt-get install zsh")
			}
			cmd := exec.Command("zsh", "-f", "-c", script)
			cmd.Env = append(os.Environ(), "PATH="+s.path, "LINE="+line, "HOME="+s.dir)
			out, err := cmd.CombinedOutput()
			if err != nil {
				t.Fatalf("zsh: %v\n%s", err, out)
			}
			got := strings.Fields(string(out))
			// zsh filters by the prefix itself; do it here.
			words := strings.Fields(line)
			if !strings.HasSuffix(line, " ") {
				prefix := words[len(words)-1]
				got = slices.DeleteFunc(got, func(g string) bool { return !strings.HasPrefix(g, prefix) })
			}
			checkCompletions(t, s, got, tc.want, tc.dontWant)
		})
	}
}

func fishQuote(s string) string {
	return "'" + strings.ReplaceAll(strings.ReplaceAll(s, `\`, `\\`), "'", `\'`) + "'"
}

func TestCompletionUnknownShell(t *testing.T) {
	_, stderr, code := runDebrief(t, "completion", "powershell")
	if code != 2 || !strings.Contains(stderr, `"powershell" is not a shell debrief knows: use bash, zsh or fish`) {
		t.Errorf("exit %d, stderr %q; want exit 2 naming the shells", code, stderr)
	}
}
