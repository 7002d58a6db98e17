package config

import (
	"errors"
	"fmt"
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/BurntSushi/toml"
)

// Load reads the TOML file at path over Default, resolves its paths (see
// below) and validates the result.
//
// When the file does not exist, Load returns the resolved defaults if
// required is false (the default path) and an error saying to create the
// file if required is true (a path given with --config or DEBRIEF_CONFIG).
//
// Paths: "~" and "~/" are replaced by $HOME; a relative path is taken from
// the directory of the file. Paths the file leaves out follow the XDG Base
// Directory spec: credentials_file and token_file in
// $XDG_CONFIG_HOME/debrief (~/.config), notebook.dir in
// $XDG_DATA_HOME/debrief/notebook (~/.local/share), state.dir in
// $XDG_STATE_HOME/debrief (~/.local/state). Every path of the result is
// absolute. calendar.endpoint, when set, ends in "/", with "calendar/v3/"
// added to a URL that has no path.
//
// Errors: every mistake found, each an *Error naming the file, the line and
// the key, joined with errors.Join: syntax errors (with the column), values
// of the wrong type, unknown keys (with the closest known key) and values
// that Validate rejects.
func Load(path string, required bool, getenv func(string) string) (*Config, error) {
	if path == "" {
		if required {
			return nil, errors.New("no configuration path given: pass --config PATH")
		}
		return parse("", nil, "", false, getenv)
	}
	b, err := os.ReadFile(path)
	switch {
	case errors.Is(err, fs.ErrNotExist) && required:
		return nil, fmt.Errorf("config file %s does not exist: create it from config.example.toml, or leave out --config and DEBRIEF_CONFIG to use the defaults", path)
	case errors.Is(err, fs.ErrNotExist):
		b = nil
	case err != nil:
		return nil, fmt.Errorf("read config: %w", err)
	}
	abs, err := filepath.Abs(path)
	if err != nil {
		return nil, fmt.Errorf("resolve config path %s: %w", path, err)
	}
	public := false
	if fi, err := os.Stat(path); err == nil {
		public = fi.Mode().Perm()&0o077 != 0
	}
	return parse(path, b, filepath.Dir(abs), public, getenv)
}

// parse decodes data, the contents of file, over Default; relative paths are
// taken from dir.
// public tells that group or others can read the file.
func parse(file string, data []byte, dir string, public bool, getenv func(string) string) (*Config, error) {
	cfg, md, text, decodeErrs := decodeAll(file, string(data))
	if cfg == nil {
		return nil, errors.Join(decodeErrs...)
	}
	data = []byte(text)
	ck := &checker{file: file, lines: keyLines(string(data), md.Keys()), reported: map[string]bool{},
		sourceLines: entryLines(string(data), md.Keys(), "sources"), filePublic: public}
	ck.errs = unknownKeys(file, slices.Concat(md.Keys(), md.Undecoded()), ck.lines,
		func(k toml.Key) bool { return md.Type(k...) == "Hash" })
	resolvePaths(cfg, md, dir, getenv, ck)
	resolveSourcePaths(cfg, dir, getenv, ck)
	sourceDefaults(cfg, md, getenv, ck)
	cfg.Calendar.Endpoint = normalizeEndpoint(cfg.Calendar.Endpoint)
	ck.config(cfg)
	ck.errs = append(ck.errs, decodeErrs...)
	// In file order; mistakes in defaults (no line) last.
	slices.SortStableFunc(ck.errs, func(a, b error) int { return order(a) - order(b) })
	if len(ck.errs) > 0 {
		return nil, errors.Join(ck.errs...)
	}
	return cfg, nil
}

// decodeAll decodes data over Default, reporting every value of the wrong
// type, not only the first: each one's line is blanked out and the file
// decoded again, so its key keeps its default and the next mistake shows.
// A syntax error ends the search: cfg is nil, and errs holds it with the
// mistakes found before. A blanked line that breaks the syntax (a value
// spread over lines) ends it too, with the mistakes found so far. text is
// data with the wrong values' lines blanked, the text md describes.
func decodeAll(file, data string) (cfg *Config, md toml.MetaData, text string, errs []error) {
	lines := strings.SplitAfter(data, "\n")
	for range 100 {
		cfg = Default()
		var err error
		text = strings.Join(lines, "")
		md, err = toml.Decode(text, cfg)
		if err == nil {
			return cfg, md, text, errs
		}
		// Offsets are in text, whose blanked lines are shorter than data's:
		// line numbers agree, columns only within text.
		de := decodeError(file, text, err)
		var e *Error
		if !errors.As(de, &e) || e.Key == "" || e.Line < 1 || e.Line > len(lines) || strings.TrimSpace(lines[e.Line-1]) == "" {
			if len(errs) > 0 {
				return nil, md, text, errs // a consequence of the blanking, not the person's
			}
			return nil, md, text, []error{de}
		}
		errs = append(errs, de)
		lines[e.Line-1] = "\n"
	}
	return nil, md, text, errs
}

// order is the sort key of an error: its line, or after every line.
func order(err error) int {
	var e *Error
	if errors.As(err, &e) && e.Line > 0 {
		return e.Line
	}
	return math.MaxInt32
}

// mismatch matches the decoder's errors for values of the wrong type.
var mismatch = regexp.MustCompile(`(?s)^toml: (?:line (\d+) )?\(last key ("(?:[^"\\]|\\.)*")\): (.*)$`)

// decodeError turns an error of toml.Decode on data into an *Error.
func decodeError(file, data string, err error) error {
	var pe toml.ParseError
	if errors.As(err, &pe) {
		e := &Error{File: file, Line: pe.Position.Line, Col: pe.Position.Col, Msg: pe.Message}
		if pe.Position.Line > 0 && pe.Position.Start >= 0 && pe.Position.Start <= len(data) {
			// The byte offset is exact where the library's line and column
			// can be one off (an error at a newline is put on the next line).
			e.Line, e.Col = lineCol(data, pe.Position.Start)
		}
		if t, ok := leafTypes[pe.LastKey]; ok && isDurationType(t) {
			// A value the decoder read but Duration.UnmarshalText refused.
			e.Key = pe.LastKey
			e.Msg = fmt.Sprintf("%s: %s: write %s", pe.LastKey, pe.Message, describe(t))
		}
		return e
	}
	m := mismatch.FindStringSubmatch(err.Error())
	if m == nil {
		return &Error{File: file, Msg: strings.TrimPrefix(err.Error(), "toml: ")}
	}
	line, _ := strconv.Atoi(m[1])
	key, uerr := strconv.Unquote(m[2])
	if uerr != nil {
		key = m[2]
	}
	e := &Error{File: file, Line: line, Key: key, Msg: key + ": " + m[3]}
	if t, ok := leafTypes[key]; ok {
		e.Msg = fmt.Sprintf("%s must be %s", key, describe(t))
	} else if strings.Contains(m[3], "expected table") {
		e.Msg = fmt.Sprintf("%s must be a table: write it as a [%s] header followed by its keys", key, key)
	}
	return e
}

// lineCol returns the 1-based line and byte column of offset off in data.
func lineCol(data string, off int) (line, col int) {
	before := data[:off]
	return 1 + strings.Count(before, "\n"), off - strings.LastIndexByte(before, '\n')
}

// leafTypes maps each "table.key" to the Go type it decodes into.
var leafTypes = func() map[string]reflect.Type {
	m := map[string]reflect.Type{}
	for f := range reflect.TypeFor[Config]().Fields() {
		for k := range tableType(f.Type).Fields() {
			m[tagName(f)+"."+tagName(k)] = k.Type
		}
	}
	return m
}()

func isDurationType(t reflect.Type) bool {
	return t == reflect.TypeFor[Duration]() || t == reflect.TypeFor[[]Duration]()
}

// describe says in words how a value of type t is written.
func describe(t reflect.Type) string {
	switch t {
	case reflect.TypeFor[Duration]():
		return `a duration in quotes, such as "30m" or "1h30m"`
	case reflect.TypeFor[[]Duration]():
		return `a list of durations in quotes, such as ["3h", "20h"]`
	case reflect.TypeFor[[]string]():
		return `a list of strings in quotes, such as ["a", "b"]`
	}
	switch t.Kind() {
	case reflect.String:
		return "a string in quotes"
	case reflect.Int:
		return "a whole number"
	case reflect.Bool:
		return "true or false"
	}
	return t.String()
}
