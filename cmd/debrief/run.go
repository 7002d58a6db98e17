package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"sort"
	"strings"
	"time"

	"github.com/debrief-dev/debrief/config"
)

// command is one subcommand of debrief.
type command struct {
	summary string
	run     func(e *env, args []string) error
	// hidden commands serve the shell completions and the man page;
	// the usage does not list them.
	hidden bool
}

// commands is the table of subcommands; each lives in its own cmd_*.go file.
var commands = map[string]command{}

// env is what a command gets from run: the streams, the environment, the
// clock and the configuration path. Commands never read os.* themselves, so
// tests call run directly on a temp dir.
type env struct {
	ctx        context.Context
	stdin      io.Reader
	stdout     io.Writer
	stderr     io.Writer
	getenv     func(string) string
	now        func() time.Time
	lg         *slog.Logger
	configPath string // "" when neither --config nor DEBRIEF_CONFIG was given

	cfg *config.Config // loaded on first use
}

// config loads the configuration once. A missing file at the default path
// yields the defaults; a missing file named explicitly is an error.
func (e *env) config() (*config.Config, error) {
	if e.cfg != nil {
		return e.cfg, nil
	}
	path, explicit := e.configPath, e.configPath != ""
	if !explicit {
		path = config.DefaultPath(e.getenv)
	}
	cfg, err := config.Load(path, explicit, e.getenv)
	if err != nil {
		return nil, usageError{err}
	}
	e.cfg = cfg
	return cfg, nil
}

func run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer, getenv func(string) string) error {
	args, configPath, err := extractConfigFlag(args)
	if err != nil {
		return usageError{err}
	}
	if configPath == "" {
		configPath = getenv("DEBRIEF_CONFIG")
	}
	if len(args) == 0 {
		printUsage(stderr)
		return usagef("no command given: run `debrief help` for the list")
	}
	name, rest := args[0], args[1:]
	switch name {
	case "help", "-h", "-help", "--help":
		if len(rest) > 0 && name == "help" {
			if _, ok := commands[rest[0]]; ok {
				name, rest = rest[0], []string{"--help"}
				break
			}
			return usagef("unknown command %q: run `debrief help` for the list", rest[0])
		}
		printUsage(stdout)
		return nil
	case "--version", "-version":
		name = "version"
	}
	cmd, ok := commands[name]
	if !ok {
		return usagef("unknown command %q: run `debrief help` for the list", name)
	}
	e := &env{
		ctx:        ctx,
		stdin:      stdin,
		stdout:     stdout,
		stderr:     stderr,
		getenv:     getenv,
		now:        time.Now,
		lg:         slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: logLevel(getenv)})),
		configPath: configPath,
	}
	err = cmd.run(e, rest)
	var help helpError
	var fe flagError
	switch {
	case errors.As(err, &help):
		help.fs.printUsage(stdout)
		return nil
	case errors.As(err, &fe):
		fe.fs.printUsage(stderr)
	}
	return err
}

// logLevel reads DEBRIEF_LOG (debug, info, warn, error); default info.
func logLevel(getenv func(string) string) slog.Level {
	var l slog.Level
	if err := l.UnmarshalText([]byte(getenv("DEBRIEF_LOG"))); err != nil {
		return slog.LevelInfo
	}
	return l
}

// extractConfigFlag removes the global --config flag from args wherever it
// appears before a "--", so it is accepted before or after the command name.
func extractConfigFlag(args []string) (rest []string, path string, err error) {
	for i := 0; i < len(args); i++ {
		a := args[i]
		if a == "--" {
			rest = append(rest, args[i:]...)
			break
		}
		switch {
		case a == "--config" || a == "-config":
			if i+1 >= len(args) {
				return nil, "", fmt.Errorf("flag %s needs a path", a)
			}
			path = args[i+1]
			i++
		case strings.HasPrefix(a, "--config="):
			path = strings.TrimPrefix(a, "--config=")
		case strings.HasPrefix(a, "-config="):
			path = strings.TrimPrefix(a, "-config=")
		default:
			rest = append(rest, a)
		}
	}
	return rest, path, nil
}

func printUsage(w io.Writer) {
	fmt.Fprintln(w, "usage: debrief [--config PATH] COMMAND [ARGS]")
	fmt.Fprintln(w)
	fmt.Fprintln(w, "commands:")
	names := make([]string, 0, len(commands))
	for n, c := range commands {
		if !c.hidden {
			names = append(names, n)
		}
	}
	sort.Strings(names)
	for _, n := range names {
		fmt.Fprintf(w, "  %-10s %s\n", n, commands[n].summary)
	}
}
