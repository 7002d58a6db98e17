package config

import (
	"errors"
	"fmt"
	"path/filepath"
	"strings"

	"github.com/BurntSushi/toml"
)

// DefaultPath returns $XDG_CONFIG_HOME/debrief/config.toml, with
// XDG_CONFIG_HOME defaulting to ~/.config. It returns "" when neither
// XDG_CONFIG_HOME (absolute) nor HOME is set.
func DefaultPath(getenv func(string) string) string {
	dir, err := xdgDir(getenv, "XDG_CONFIG_HOME", ".config")
	if err != nil {
		return ""
	}
	return filepath.Join(dir, "debrief", "config.toml")
}

// xdgDir returns the base directory named by the XDG variable name, or
// $HOME/fallback when it is unset. The XDG Base Directory spec says to ignore
// relative values, and so does xdgDir.
func xdgDir(getenv func(string) string, name, fallback string) (string, error) {
	if d := getenv(name); filepath.IsAbs(d) {
		return filepath.Clean(d), nil
	}
	home := getenv("HOME")
	if home == "" {
		return "", fmt.Errorf("neither %s nor HOME is set", name)
	}
	return filepath.Join(home, fallback), nil
}

// expandPath replaces a leading "~" or "~/" of p by home and joins a relative
// result to dir, the directory of the configuration file.
func expandPath(p, home, dir string) (string, error) {
	switch {
	case p == "":
		return "", errors.New("is empty: write a path, or delete the line for the default")
	case p == "~" || strings.HasPrefix(p, "~/"):
		if home == "" {
			return "", fmt.Errorf("is %q but HOME is not set: set HOME or write an absolute path", p)
		}
		p = filepath.Join(home, p[1:])
	case strings.HasPrefix(p, "~"):
		return "", fmt.Errorf("is %q: only ~ and ~/ are expanded, write the other user's home in full", p)
	}
	if !filepath.IsAbs(p) {
		p = filepath.Join(dir, p)
	}
	return filepath.Clean(p), nil
}

// pathSetting is one key that holds a path and its default under XDG.
type pathSetting struct {
	table, key string
	field      func(*Config) *string
	xdgVar     string   // the XDG base directory variable
	fallback   string   // its default below HOME
	elems      []string // the path below that base directory
}

var pathSettings = []pathSetting{
	{"calendar", "credentials_file", func(c *Config) *string { return &c.Calendar.CredentialsFile },
		"XDG_CONFIG_HOME", ".config", []string{"debrief", "credentials.json"}},
	{"calendar", "token_file", func(c *Config) *string { return &c.Calendar.TokenFile },
		"XDG_CONFIG_HOME", ".config", []string{"debrief", "token.json"}},
	{"notebook", "dir", func(c *Config) *string { return &c.Notebook.Dir },
		"XDG_DATA_HOME", ".local/share", []string{"debrief", "notebook"}},
	{"state", "dir", func(c *Config) *string { return &c.State.Dir },
		"XDG_STATE_HOME", ".local/state", []string{"debrief"}},
}

// resolvePaths makes every path of c absolute. A path the file sets has "~"
// expanded and, when relative, is taken from dir, the file's directory. A
// path the file leaves out follows the XDG Base Directory spec.
func resolvePaths(c *Config, md toml.MetaData, dir string, getenv func(string) string, ck *checker) {
	for _, s := range pathSettings {
		p, key := s.field(c), s.table+"."+s.key
		if md.IsDefined(s.table, s.key) {
			v, err := expandPath(*p, getenv("HOME"), dir)
			if err != nil {
				ck.fail(key, "%s %v", key, err)
				ck.reported[key] = true
				continue
			}
			*p = v
			continue
		}
		base, err := xdgDir(getenv, s.xdgVar, s.fallback)
		if err != nil {
			ck.fail(key, "%s has no default because %v: set HOME, or set %s in the file to an absolute path", key, err, key)
			ck.reported[key] = true
			continue
		}
		*p = filepath.Join(append([]string{base}, s.elems...)...)
	}
}
