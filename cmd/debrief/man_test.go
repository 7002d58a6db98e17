package main

import (
	"flag"
	"fmt"
	"go/doc/comment"
	"go/parser"
	"go/token"
	"os"
	"sort"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// manPath is the man page debrief(1), installed by the .deb
// (scripts/release) and kept in step with the commands by TestManPage.
const manPath = "../../man/debrief.1"

// TestManPage checks that man/debrief.1 is what manPage makes from the
// package comment (doc.go) and from every command's usage and flags, the
// ones --help prints. After changing a command: go test ./cmd/debrief
// -run TestManPage -update
func TestManPage(t *testing.T) {
	got := manPage(t)
	if nbUpdateGolden() {
		if err := os.WriteFile(manPath, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(manPath)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(got, string(want)); diff != "" {
		t.Errorf("man/debrief.1 is out of step with doc.go and the commands' --help (-got +want); rewrite it with: go test ./cmd/debrief -run TestManPage -update\n%s", diff)
	}
}

// TestHelpOfEveryCommand checks that every command answers --help with its
// usage on stdout, exit 0, before reading any configuration: the
// completions and the man page are made from that answer.
func TestHelpOfEveryCommand(t *testing.T) {
	for name := range commands {
		stdout, stderr, code := runDebrief(t, "--config", "/nonexistent/config.toml", name, "--help")
		if code != 0 || !strings.HasPrefix(stdout, "usage: debrief "+name) || stderr != "" {
			t.Errorf("%s --help: exit %d, stdout %q, stderr %q; want exit 0 and the usage on stdout", name, code, stdout, stderr)
		}
		if commandFlags(name) == nil {
			t.Errorf("commandFlags(%q) = nil; want its flag set", name)
		}
		help, _, _ := runDebrief(t, "help", name)
		if help != stdout {
			t.Errorf("debrief help %s = %q, want what %s --help prints, %q", name, help, name, stdout)
		}
	}
}

// manPage renders debrief(1) in roff from doc.go's package comment and the
// commands' usage lines and flags.
func manPage(t *testing.T) string {
	t.Helper()
	f, err := parser.ParseFile(token.NewFileSet(), "doc.go", nil, parser.ParseComments|parser.PackageClauseOnly)
	if err != nil {
		t.Fatal(err)
	}
	var p comment.Parser
	d := p.Parse(f.Doc.Text())

	var b strings.Builder
	b.WriteString(".\\\" Made by TestManPage in cmd/debrief from doc.go and the commands' flags; do not edit.\n")
	b.WriteString(".TH DEBRIEF 1 \"\" \"debrief\" \"debrief manual\"\n")
	b.WriteString(".SH NAME\ndebrief \\- after each job interview: a block to reflect, a nudge, a notebook, the follow-ups\n")
	b.WriteString(".SH SYNOPSIS\n.B debrief\n[\\fB\\-\\-config\\fR \\fIPATH\\fR] \\fICOMMAND\\fR [\\fIARGS\\fR]\n")
	b.WriteString(".SH DESCRIPTION\n")
	for _, blk := range d.Content {
		switch blk := blk.(type) {
		case *comment.Paragraph:
			b.WriteString(".PP\n")
			var text strings.Builder
			for _, x := range blk.Text {
				manText(&text, x)
			}
			for _, line := range strings.Split(strings.TrimSpace(text.String()), "\n") {
				b.WriteString(roffLine(line) + "\n")
			}
		case *comment.Code:
			b.WriteString(".PP\n.RS 4\n.nf\n")
			for _, line := range strings.Split(strings.TrimRight(blk.Text, "\n"), "\n") {
				b.WriteString(roffLine(line) + "\n")
			}
			b.WriteString(".fi\n.RE\n")
		case *comment.Heading:
			var text strings.Builder
			for _, x := range blk.Text {
				manText(&text, x)
			}
			fmt.Fprintf(&b, ".SS %s\n", roffLine(text.String()))
		case *comment.List:
			for _, it := range blk.Items {
				var text strings.Builder
				for _, c := range it.Content {
					if para, ok := c.(*comment.Paragraph); ok {
						for _, x := range para.Text {
							manText(&text, x)
						}
					}
				}
				fmt.Fprintf(&b, ".IP \\(bu 2\n%s\n", roffLine(strings.TrimSpace(text.String())))
			}
		}
	}

	b.WriteString(".SH COMMANDS\n")
	names := make([]string, 0, len(commands))
	for n, c := range commands {
		if !c.hidden {
			names = append(names, n)
		}
	}
	sort.Strings(names)
	for _, n := range names {
		fs := commandFlags(n)
		if fs == nil {
			t.Fatalf("command %s does not answer --help", n)
		}
		fmt.Fprintf(&b, ".SS %s\n", n)
		fmt.Fprintf(&b, ".B %s\n.PP\n%s\n", roffLine(strings.TrimPrefix(fs.usage, "")), roffLine(commands[n].summary))
		fs.VisitAll(func(f *flag.Flag) {
			name, usage := flag.UnquoteUsage(f)
			head := "\\fB\\-\\-" + roffLine(f.Name) + "\\fR"
			if name != "" {
				head += " \\fI" + roffLine(name) + "\\fR"
			}
			if f.DefValue != "" && f.DefValue != "false" && f.DefValue != "0" {
				usage += " (default " + f.DefValue + ")"
			}
			fmt.Fprintf(&b, ".TP\n%s\n%s\n", head, roffLine(usage))
		})
	}
	b.WriteString(".SH SEE ALSO\n")
	b.WriteString("\\fBsystemctl\\fR(1); the documentation in docs/ of the source: manual.md, configuration.md, install.md.\n")
	return b.String()
}

// manText writes the plain text of a comment span.
func manText(b *strings.Builder, x comment.Text) {
	switch x := x.(type) {
	case comment.Plain:
		b.WriteString(string(x))
	case comment.Italic:
		b.WriteString(string(x))
	case *comment.Link:
		for _, y := range x.Text {
			manText(b, y)
		}
	case *comment.DocLink:
		for _, y := range x.Text {
			manText(b, y)
		}
	}
}

// roffLine escapes one line of text for roff: backslashes, hyphens of
// flags and options, and a leading dot or quote.
func roffLine(s string) string {
	s = strings.ReplaceAll(s, `\`, `\e`)
	s = strings.ReplaceAll(s, "-", `\-`)
	if strings.HasPrefix(s, ".") || strings.HasPrefix(s, "'") {
		s = `\&` + s
	}
	return s
}
