package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"slices"
	"sort"
	"strings"
	"text/template"
	"time"

	"github.com/debrief-dev/debrief/notebook"
)

func init() {
	commands["completion"] = command{
		summary: "print shell completions: debrief completion bash|zsh|fish",
		run:     cmdCompletion,
	}
	commands["__complete-ids"] = command{
		summary: "print the record ids for the shell completions",
		run:     cmdCompleteIDs,
		hidden:  true,
	}
}

const completionUsage = "debrief completion bash|zsh|fish"

// cmdCompletion prints the completion script of one shell. The scripts
// know every command with its summary, every flag of each command (read
// from the command's own flag set, as --help prints it), the words a
// command takes (thank-you|follow-up, the outcomes, the verdicts of mark)
// and, where a record id goes, the ids of the notebook, which they ask
// `debrief __complete-ids` for at the moment of completing.
func cmdCompletion(e *env, args []string) error {
	fs := nbFlags(e, "completion", completionUsage)
	pos, err := nbParse(fs, args, 1, 1, "a shell: bash, zsh or fish")
	if err != nil {
		return err
	}
	t, ok := completionScripts[pos[0]]
	if !ok {
		return usagef("completion: %q is not a shell debrief knows: use bash, zsh or fish", pos[0])
	}
	return t.Execute(e.stdout, completionData())
}

// cmdCompleteIDs prints one line per record, newest first: the shortest
// unique id prefix, a tab, and the company and date (fish and zsh show
// them beside the id). It prints nothing, and succeeds, when there is no
// notebook: a completion must not print errors into the command line.
func cmdCompleteIDs(e *env, args []string) error {
	fs := nbFlags(e, "__complete-ids", "debrief __complete-ids")
	if _, err := nbParse(fs, args, 0, 0); err != nil {
		return err
	}
	b, _, err := nbOpen(e)
	if err != nil {
		return nil
	}
	recs, _ := b.List() // the readable ones
	notebook.Sort(recs)
	slices.Reverse(recs)
	short := nbShortIDs(recs)
	for _, r := range recs {
		desc := strings.Join(strings.Fields(notebook.Title(r)+" "+r.Day().String()), " ")
		fmt.Fprintf(e.stdout, "%s\t%s\n", short[r.ID], desc)
	}
	return nil
}

// completionArgs says what goes in each positional argument of the
// commands that take some: "@ids" is a record id, "@commands" a command
// name, else the words allowed.
var completionArgs = map[string][]string{
	"show":       {"@ids"},
	"form":       {"@ids"},
	"brief":      {"@ids"},
	"thank-you":  {"@ids"},
	"reflect":    {"@ids"},
	"open":       {"@ids"},
	"mark":       {"@ids", "interview not-interview auto"},
	"done":       {"@ids", "thank-you follow-up"},
	"outcome":    {"@ids", strings.Join(notebook.Outcomes, " ")},
	"completion": {"bash zsh fish"},
	"help":       {"@commands"},
}

// fileFlags are the flags whose value is a file or directory.
var fileFlags = []string{"config", "file", "out", "chart", "credentials"}

type complFlag struct {
	Name, Usage string
	Value       bool // takes a value
	File        bool // the value is a path
}

type complCommand struct {
	Name, Summary string
	Flags         []complFlag
	// Args is completionArgs[Name].
	Args []string
}

type complData struct {
	Commands []complCommand
}

// commandFlags returns the flag set of command name, as it answers
// --help, or nil for a command that has none.
func commandFlags(name string) *flagSet {
	e := &env{
		ctx: context.Background(), stdin: strings.NewReader(""), stdout: io.Discard, stderr: io.Discard,
		getenv: func(string) string { return "" }, now: time.Now, lg: slog.New(slog.DiscardHandler),
	}
	var h helpError
	if errors.As(commands[name].run(e, []string{"--help"}), &h) {
		return h.fs
	}
	return nil
}

func completionData() complData {
	var d complData
	names := make([]string, 0, len(commands))
	for n, c := range commands {
		if !c.hidden {
			names = append(names, n)
		}
	}
	sort.Strings(names)
	for _, n := range names {
		c := complCommand{Name: n, Summary: commands[n].summary, Args: completionArgs[n]}
		if fs := commandFlags(n); fs != nil {
			fs.VisitAll(func(f *flag.Flag) {
				bf, ok := f.Value.(interface{ IsBoolFlag() bool })
				c.Flags = append(c.Flags, complFlag{
					Name: f.Name, Usage: f.Usage,
					Value: !ok || !bf.IsBoolFlag(),
					File:  slices.Contains(fileFlags, f.Name),
				})
			})
		}
		d.Commands = append(d.Commands, c)
	}
	return d
}

var complFuncs = template.FuncMap{
	// sq quotes s for a shell, in single quotes.
	"sq": func(s string) string { return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'" },
	// oneline keeps a summary short enough for a completion menu.
	"oneline": func(s string) string {
		s = strings.Join(strings.Fields(s), " ")
		if r := []rune(s); len(r) > 70 {
			s = string(r[:69]) + "…"
		}
		return s
	},
	// zq is a zsh _describe entry "name:description", quoted.
	"zq": func(name, desc string) string {
		s := strings.ReplaceAll(name, ":", `\:`) + ":" + desc
		return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
	},
	"valueflags": func(c complCommand) string {
		var out []string
		for _, f := range c.Flags {
			if f.Value {
				out = append(out, "-"+f.Name, "--"+f.Name)
			}
		}
		return strings.Join(out, " ")
	},
	"flagwords": func(c complCommand) string {
		var out []string
		for _, f := range c.Flags {
			out = append(out, "--"+f.Name)
		}
		return strings.Join(append(out, "--help"), " ")
	},
	"commandnames": func(d complData) string {
		var out []string
		for _, c := range d.Commands {
			out = append(out, c.Name)
		}
		return strings.Join(out, " ")
	},
	// scanOf is what the "scan" template needs: the data and the name
	// of the shell's array of words.
	"scanOf": func(d complData, words string) complScanData { return complScanData{d, words} },
	"filecase": func() string {
		var out []string
		for _, f := range fileFlags {
			out = append(out, "-"+f, "--"+f)
		}
		return strings.Join(out, "|")
	},
}

// complScanData is the data of the "scan" template.
type complScanData struct {
	Data  complData
	Words string
}

var completionScripts = map[string]*template.Template{
	"bash": template.Must(template.Must(template.New("bash").Funcs(complFuncs).Parse(bashCompletion)).Parse(complScan)),
	"zsh":  template.Must(template.Must(template.New("zsh").Funcs(complFuncs).Parse(zshCompletion)).Parse(complScan)),
	"fish": template.Must(template.New("fish").Funcs(complFuncs).Parse(fishCompletion)),
}

// The three scripts share one way of reading the command line: the first
// word that is not a flag is the command (--config and its value are
// skipped, and passed on to `debrief __complete-ids`); after it, words
// that are not flags nor a flag's value are its arguments, counted to know
// which one is being completed.

const bashCompletion = `# bash completion for debrief, made by: debrief completion bash
# Install: debrief completion bash > ~/.local/share/bash-completion/completions/debrief
_debrief() {
	local cur=${COMP_WORDS[COMP_CWORD]} prev=${COMP_WORDS[COMP_CWORD-1]}
	local cmd= n=0 i w skip= valueflags=
	local -a cfg=()
	for ((i = 1; i < COMP_CWORD; i++)); do
{{template "scan" (scanOf . "COMP_WORDS")}}
	case $prev in
	{{filecase}}) COMPREPLY=($(compgen -f -- "$cur")); return ;;
	esac
	if [[ -n $skip ]]; then return; fi
	if [[ -z $cmd ]]; then
		COMPREPLY=($(compgen -W "{{commandnames .}} --config --version --help" -- "$cur"))
		return
	fi
	if [[ $cur == -* ]]; then
		case $cmd in
{{- range .Commands}}
		{{.Name}}) COMPREPLY=($(compgen -W "{{flagwords .}}" -- "$cur")) ;;{{end}}
		esac
		return
	fi
	local words=
	case $cmd:$n in
{{- range $c := .Commands}}{{range $i, $a := .Args}}
	{{$c.Name}}:{{$i}}) words={{sq $a}} ;;{{end}}{{end}}
	*) return ;;
	esac
	case $words in
	@ids) words=$(command debrief "${cfg[@]}" __complete-ids 2>/dev/null | cut -f1) ;;
	@commands) words="{{commandnames .}}" ;;
	esac
	COMPREPLY=($(compgen -W "$words" -- "$cur"))
}
complete -F _debrief debrief
`

// complScan is the loop body of the bash and zsh scripts reading the
// words before the cursor (see above), for the words array named Words.
const complScan = `{{define "scan"}}		w=${ {{- .Words}}[i]}
		if [[ -n $skip ]]; then skip=; continue; fi
		case $w in
		--config|-config) cfg=(--config "${ {{- .Words}}[i+1]}"); skip=1; continue ;;
		--config=*|-config=*) cfg=("$w"); continue ;;
		esac
		if [[ -z $cmd ]]; then
			[[ $w == -* ]] && continue
			cmd=$w
			case $cmd in
{{- range .Data.Commands}}{{if valueflags .}}
			{{.Name}}) valueflags=" {{valueflags .}} " ;;{{end}}{{end}}
			esac
			continue
		fi
		case $w in
		*=*) ;;
		-*) [[ $valueflags == *" $w "* ]] && skip=1 ;;
		*) ((n++)) ;;
		esac
	done
{{- end}}`

const zshCompletion = `#compdef debrief
# zsh completion for debrief, made by: debrief completion zsh
# Install: debrief completion zsh > "${fpath[1]}/_debrief", then start a new shell.
_debrief() {
	local cmd= n=0 i w skip= valueflags=
	local -a cfg
	for ((i = 2; i < CURRENT; i++)); do
{{template "scan" (scanOf . "words")}}
	case ${words[CURRENT-1]} in
	{{filecase}}) _files; return ;;
	esac
	if [[ -n $skip ]]; then return; fi
	if [[ -z $cmd ]]; then
		if [[ ${words[CURRENT]} == -* ]]; then
			compadd -- --config --version --help
			return
		fi
		local -a cmds
		cmds=(
{{- range .Commands}}
			{{zq .Name (oneline .Summary)}}{{end}}
		)
		_describe -t commands 'debrief command' cmds
		return
	fi
	if [[ ${words[CURRENT]} == -* ]]; then
		local -a flags
		case $cmd in
{{- range .Commands}}
		{{.Name}}) flags=({{range .Flags}}{{zq (printf "--%s" .Name) (oneline .Usage)}} {{end}}'--help:print the usage') ;;{{end}}
		esac
		_describe -t flags 'flag' flags
		return
	fi
	local a=
	case $cmd:$n in
{{- range $c := .Commands}}{{range $i, $a := .Args}}
	{{$c.Name}}:{{$i}}) a={{sq $a}} ;;{{end}}{{end}}
	*) return ;;
	esac
	case $a in
	@ids)
		local -a ids
		ids=(${(f)"$(command debrief "${cfg[@]}" __complete-ids 2>/dev/null | sed 's/:/\\:/g; s/	/:/')"})
		_describe -t ids 'record' ids
		;;
	@commands) compadd -- {{commandnames .}} ;;
	*) compadd -- ${=a} ;;
	esac
}
if [[ $zsh_eval_context[-1] == loadautofunc ]]; then
	_debrief "$@"
else
	compdef _debrief debrief
fi
`

const fishCompletion = `# fish completion for debrief, made by: debrief completion fish
# Install: debrief completion fish > ~/.config/fish/completions/debrief.fish

# __debrief_state prints the command and how many of its arguments are
# already on the command line, e.g. "done 1".
function __debrief_state
	set -l toks (commandline -opc)
	set -e toks[1]
	set -l cmd
	set -l n 0
	set -l skip 0
	set -l valueflags
	for w in $toks
		if test $skip = 1
			set skip 0
			continue
		end
		switch $w
			case --config -config
				set skip 1
				continue
			case '--config=*' '-config=*'
				continue
		end
		if test -z "$cmd"
			string match -q -- '-*' $w; and continue
			set cmd $w
			switch $cmd
{{- range .Commands}}{{if valueflags .}}
				case {{.Name}}
					set valueflags {{valueflags .}}{{end}}{{end}}
			end
			continue
		end
		switch $w
			case '*=*'
			case '-*'
				contains -- $w $valueflags; and set skip 1
			case '*'
				set n (math $n + 1)
		end
	end
	echo $cmd $n
end

function __debrief_at
	test (__debrief_state) = "$argv[1]"
end

function __debrief_no_command
	set -l s (__debrief_state)
	test "$s" = " 0"; or test "$s" = "0"
end

# __debrief_ids lists the record ids, with the --config of the command line.
function __debrief_ids
	set -l toks (commandline -opc)
	set -l cfg
	for i in (seq (count $toks))
		switch $toks[$i]
			case --config -config
				set cfg --config $toks[(math $i + 1)]
			case '--config=*' '-config=*'
				set cfg $toks[$i]
		end
	end
	command debrief $cfg __complete-ids 2>/dev/null
end

complete -c debrief -f
complete -c debrief -n __debrief_no_command -l config -r -F -d 'the configuration file'
complete -c debrief -n __debrief_no_command -l version -d 'print the version'
{{- range .Commands}}
complete -c debrief -n __debrief_no_command -a {{.Name}} -d {{sq (oneline .Summary)}}
{{- $c := .}}{{range .Flags}}
complete -c debrief -n '__fish_seen_subcommand_from {{$c.Name}}' -l {{.Name}}{{if .Value}} -r{{end}}{{if .File}} -F{{end}} -d {{sq (oneline .Usage)}}{{end}}
{{- range $i, $a := .Args}}
complete -c debrief -n '__debrief_at "{{$c.Name}} {{$i}}"' -a {{if eq $a "@ids"}}'(__debrief_ids)'{{else if eq $a "@commands"}}'{{commandnames $}}'{{else}}{{sq $a}}{{end}}{{end}}
{{- end}}
`
