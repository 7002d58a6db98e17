package config

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/BurntSushi/toml"
)

// DefaultPath returns $XDG_CONFIG_HOME/debrief/config.toml, with
// XDG_CONFIG_HOME defaulting to ~/.config.
func DefaultPath(getenv func(string) string) string {
	dir := getenv("XDG_CONFIG_HOME")
	if dir == "" {
		dir = filepath.Join(getenv("HOME"), ".config")
	}
	return filepath.Join(dir, "debrief", "config.toml")
}

// Load reads the file at path over Default. When the file does not exist and
// required is false, Load returns the defaults.
func Load(path string, required bool, getenv func(string) string) (*Config, error) {
	cfg := Default()
	b, err := os.ReadFile(path)
	switch {
	case errors.Is(err, fs.ErrNotExist) && !required:
	case err != nil:
		return nil, fmt.Errorf("read config: %w", err)
	default:
		if _, err := toml.Decode(string(b), cfg); err != nil {
			return nil, fmt.Errorf("%s: %w", path, err)
		}
	}
	return cfg, nil
}
