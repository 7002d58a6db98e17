package config

import (
	"cmp"
	"fmt"
	"net/url"
	"path"
	"path/filepath"
	"regexp"
	"slices"
	"strings"

	"github.com/BurntSushi/toml"

	"github.com/debrief-dev/debrief/internal/secret"
)

// Kinds of calendar source.
const (
	KindGoogle = "google" // Google Calendar API, one OAuth token per account
	KindICS    = "ics"    // an iCalendar address or file, read-only
	KindCalDAV = "caldav" // a CalDAV server: Fastmail, Nextcloud, iCloud, Radicale…
)

// ICSCalendar is the name of an ICS source's one calendar when its
// calendars key leaves it out: its id is "SOURCE/calendar".
const ICSCalendar = "calendar"

// Source is one [[sources]] entry: a calendar account or address beyond
// the [calendar] table. Its calendars are known to the rest of debrief as
// "NAME/CALENDAR". Secrets (an ICS address, a CalDAV password) belong in
// files only their owner can read: url_file, password_file.
type Source struct {
	Name            string   `toml:"name"`             // shown in plan, doctor and the records; the prefix of its calendar ids
	Kind            string   `toml:"kind"`             // "google" | "ics" | "caldav"
	Calendars       []string `toml:"calendars"`        // google: ids (default ["primary"]); caldav: collection names; ics: one name
	CredentialsFile string   `toml:"credentials_file"` // google: the Desktop OAuth client (default: calendar.credentials_file)
	TokenFile       string   `toml:"token_file"`       // google: written by `debrief auth --source NAME`
	Endpoint        string   `toml:"endpoint"`         // google: "" for Google, else a Calendar v3 base URL (test servers)
	Auth            string   `toml:"auth"`             // google: "oauth" (default) | "none" (test servers)
	URL             string   `toml:"url"`              // ics: the address or a file; caldav: a collection or the account
	URLFile         string   `toml:"url_file"`         // a 0600 file holding url
	Username        string   `toml:"username"`         // caldav
	PasswordFile    string   `toml:"password_file"`    // caldav: a 0600 file holding the password
	PasswordCommand []string `toml:"password_command"` // caldav: argv printing the password, e.g. ["pass", "show", "dav"]
}

// ReadOnly reports whether debrief cannot write blocks to s.
func (s Source) ReadOnly() bool { return s.Kind == KindICS }

// CalendarIDs returns the ids of the calendars s watches, as the daemon,
// the blocks and the records name them: "NAME/CALENDAR". A CalDAV source
// without calendars watches the one collection its url names, called by
// the url's last path segment.
func (s Source) CalendarIDs() []string {
	var names []string
	switch s.Kind {
	case KindGoogle:
		names = s.Calendars
		if len(names) == 0 {
			names = []string{"primary"}
		}
	case KindICS:
		names = []string{ICSCalendar}
		if len(s.Calendars) > 0 {
			names = s.Calendars[:1]
		}
	case KindCalDAV:
		names = s.Calendars
		if len(names) == 0 {
			if n := CollectionName(s.URL); n != "" {
				names = []string{n}
			}
		}
	}
	ids := make([]string, len(names))
	for i, n := range names {
		ids[i] = s.Name + "/" + n
	}
	return ids
}

// CollectionName is the name of the CalDAV collection at address: its last
// path segment, unescaped ("interviews" for …/calendars/me/interviews/).
func CollectionName(address string) string {
	u, err := url.Parse(address)
	if err != nil {
		return ""
	}
	name := path.Base(strings.TrimRight(u.Path, "/"))
	if name == "." || name == "/" {
		return ""
	}
	return name
}

// Watched returns every calendar id debrief watches: those of the
// [calendar] table (unprefixed), then each source's "NAME/CALENDAR".
func (c *Config) Watched() []string {
	ids := slices.Clone(c.Calendar.Calendars)
	for _, s := range c.Sources {
		ids = append(ids, s.CalendarIDs()...)
	}
	return ids
}

// SourceOf returns the source a calendar id belongs to, or nil for an id
// of the [calendar] table (one without a "NAME/" prefix naming a source).
func (c *Config) SourceOf(calendarID string) *Source {
	name, _, ok := strings.Cut(calendarID, "/")
	if !ok {
		return nil
	}
	for i := range c.Sources {
		if c.Sources[i].Name == name {
			return &c.Sources[i]
		}
	}
	return nil
}

// BlocksReadOnly reports whether block.calendar belongs to a source
// debrief cannot write (ICS): then no blocks are written, and the nudges
// still come.
func (c *Config) BlocksReadOnly() bool {
	s := c.SourceOf(c.Block.Calendar)
	return s != nil && s.ReadOnly()
}

// sourceName is what a source's name may be: it goes into calendar ids,
// file names and commands.
var sourceName = regexp.MustCompile(`^[a-z0-9][a-z0-9_-]{0,39}$`)

// sourceDefaults fills in what the file left out of each source, after the
// paths of the [calendar] table are resolved, and decides whether the
// [calendar] table is a source of its own: with [[sources]] it is only when
// the file names its calendars.
func sourceDefaults(c *Config, md toml.MetaData, getenv func(string) string, ck *checker) {
	if len(c.Sources) == 0 {
		return
	}
	if !md.IsDefined("calendar", "calendars") {
		c.Calendar.Calendars = nil
	}
	for i := range c.Sources {
		s := &c.Sources[i]
		if s.Kind != KindGoogle {
			continue
		}
		if s.Auth == "" {
			s.Auth = "oauth"
		}
		if s.CredentialsFile == "" {
			s.CredentialsFile = c.Calendar.CredentialsFile
		}
		if s.TokenFile == "" && sourceName.MatchString(s.Name) {
			if base, err := xdgDir(getenv, "XDG_CONFIG_HOME", ".config"); err == nil {
				s.TokenFile = filepath.Join(base, "debrief", "token-"+s.Name+".json")
			} else {
				ck.failSource(i, "token_file", "%s has no default token_file because %v: set token_file to an absolute path", ck.sourceLabel(i, *s), err)
			}
		}
		s.Endpoint = normalizeEndpoint(s.Endpoint)
	}
	if md.IsDefined("block", "calendar") || len(c.Calendar.Calendars) > 0 {
		return
	}
	// Blocks go to the first source that can take them; with none, to the
	// first source, which says there are no blocks.
	first := ""
	for _, s := range c.Sources {
		ids := s.CalendarIDs()
		if len(ids) == 0 {
			continue
		}
		if first == "" {
			first = ids[0]
		}
		if !s.ReadOnly() {
			c.Block.Calendar = ids[0]
			return
		}
	}
	if first != "" {
		c.Block.Calendar = first
	}
}

// resolveSourcePaths expands "~" and relative paths of the sources' files.
func resolveSourcePaths(c *Config, dir string, getenv func(string) string, ck *checker) {
	for i := range c.Sources {
		s := &c.Sources[i]
		for _, f := range []struct {
			key string
			p   *string
		}{{"credentials_file", &s.CredentialsFile}, {"token_file", &s.TokenFile}, {"url_file", &s.URLFile}, {"password_file", &s.PasswordFile}} {
			if *f.p == "" {
				continue
			}
			v, err := expandPath(*f.p, getenv("HOME"), dir)
			if err != nil {
				ck.failSource(i, f.key, "%s: %s %v", ck.sourceLabel(i, *s), f.key, err)
				continue
			}
			*f.p = v
		}
		// An ICS url may be a file: "~/cal.ics" or a relative path.
		if s.Kind == KindICS && s.URL != "" && !strings.Contains(s.URL, "://") {
			if v, err := expandPath(s.URL, getenv("HOME"), dir); err == nil {
				s.URL = v
			}
		}
	}
}

// sourceLabel names source i in messages: `[[sources]] "work"`, or its
// position when it has no name.
func (ck *checker) sourceLabel(i int, s Source) string {
	if s.Name != "" {
		return fmt.Sprintf("[[sources]] %q", s.Name)
	}
	return fmt.Sprintf("[[sources]] number %d", i+1)
}

// failSource records a mistake in key of source i, at its line when known.
func (ck *checker) failSource(i int, key, format string, args ...any) {
	line := 0
	if i < len(ck.sourceLines) {
		m := ck.sourceLines[i]
		if l, ok := m[key]; ok {
			line = l
		} else {
			line = m[""] // the [[sources]] header
		}
	}
	ck.errs = append(ck.errs, &Error{File: ck.file, Line: line, Key: "sources." + key, Msg: fmt.Sprintf(format, args...)})
}

// sources checks each [[sources]] entry and block.calendar against them.
func (ck *checker) sources(c *Config) {
	seen := map[string]bool{}
	for i, s := range c.Sources {
		label := ck.sourceLabel(i, s)
		switch {
		case s.Name == "":
			ck.failSource(i, "name", `%s has no name: add name = "…", such as "work" (lower-case letters, digits, - and _)`, label)
		case !sourceName.MatchString(s.Name):
			ck.failSource(i, "name", `%s: name %q may hold only lower-case letters, digits, - and _ (at most 40), starting with a letter or digit, such as "work-outlook"`, label, s.Name)
		case seen[s.Name]:
			ck.failSource(i, "name", "%s: another source has the name %q: give each source its own name", label, s.Name)
		}
		seen[s.Name] = true
		switch s.Kind {
		case KindGoogle, KindICS, KindCalDAV:
		case "":
			ck.failSource(i, "kind", `%s has no kind: add kind = "google", "ics" or "caldav"`, label)
			continue
		default:
			msg := fmt.Sprintf(`%s: kind is %q: use "google", "ics" or "caldav"`, label, s.Kind)
			if best, ok := closest(s.Kind, []string{KindGoogle, KindICS, KindCalDAV}); ok {
				msg += fmt.Sprintf(" (did you mean %q?)", best)
			}
			ck.failSource(i, "kind", "%s", msg)
			continue
		}
		ck.sourceCalendars(i, s, label)
		// Keys that belong to other kinds: a mistake, not something to ignore.
		notFor := func(key string, set bool, kinds string) {
			if set {
				ck.failSource(i, key, "%s: %s is for %s sources, not %q: remove it", label, key, kinds, s.Kind)
			}
		}
		if s.Kind != KindGoogle {
			notFor("credentials_file", s.CredentialsFile != "", "google")
			notFor("token_file", s.TokenFile != "", "google")
			notFor("endpoint", s.Endpoint != "", "google")
			notFor("auth", s.Auth != "", "google")
		}
		if s.Kind != KindCalDAV {
			notFor("username", s.Username != "", "caldav")
			notFor("password_file", s.PasswordFile != "", "caldav")
			notFor("password_command", len(s.PasswordCommand) > 0, "caldav")
		}
		switch s.Kind {
		case KindGoogle:
			notFor("url", s.URL != "", "ics and caldav")
			notFor("url_file", s.URLFile != "", "ics and caldav")
			auth := cmp.Or(s.Auth, "oauth")
			if auth != "oauth" && auth != "none" {
				ck.failSource(i, "auth", `%s: auth is %q: use "oauth", or "none" for a local test server named in endpoint`, label, s.Auth)
			}
			if s.Endpoint != "" && !endpointOK(s.Endpoint) {
				ck.failSource(i, "endpoint", `%s: endpoint is %q: write an http(s) URL without query, or leave it out for Google`, label, s.Endpoint)
			}
			if auth == "none" && s.Endpoint == "" {
				ck.failSource(i, "auth", `%s: auth is "none" but endpoint is empty: Google needs "oauth"; "none" is for a local test server named in endpoint`, label)
			}
		case KindICS, KindCalDAV:
			ck.sourceURL(i, s, label)
		}
		if s.Kind == KindCalDAV {
			if s.PasswordFile != "" && len(s.PasswordCommand) > 0 {
				ck.failSource(i, "password_command", "%s: set password_file or password_command, not both", label)
			}
			if len(s.PasswordCommand) > 0 && strings.TrimSpace(s.PasswordCommand[0]) == "" {
				ck.failSource(i, "password_command", `%s: password_command has no program: write an argv list such as ["pass", "show", "fastmail"]`, label)
			}
			if (s.PasswordFile != "" || len(s.PasswordCommand) > 0) && s.Username == "" {
				ck.failSource(i, "username", `%s has a password but no username: add username = "…" (the account's login, often the e-mail address)`, label)
			}
			if s.Username != "" && s.PasswordFile == "" && len(s.PasswordCommand) == 0 {
				ck.failSource(i, "username", `%s has a username but no password: add password_file = "~/.config/debrief/%s.pass" (a file only you can read: chmod 600) or password_command`, label, s.Name)
			}
			if s.URLFile != "" && len(s.Calendars) == 0 {
				ck.failSource(i, "calendars", `%s reads its address from url_file: name the calendars to watch, such as calendars = ["interviews"] (the last segment of the collection's path)`, label)
			}
		}
	}
	ck.blockCalendar(c)
}

func (ck *checker) sourceCalendars(i int, s Source, label string) {
	if s.Kind == KindICS && len(s.Calendars) > 1 {
		ck.failSource(i, "calendars", `%s: an ICS address is one calendar: give calendars one name, or leave it out for %q`, label, ICSCalendar)
	}
	dup := map[string]bool{}
	for j, n := range s.Calendars {
		switch {
		case strings.TrimSpace(n) == "":
			ck.failSource(i, "calendars", "%s: calendars[%d] is empty: write a calendar name, or remove it", label, j)
		case strings.Contains(n, "/"):
			ck.failSource(i, "calendars", `%s: calendars[%d] is %q: write the calendar's own name without "/" (debrief calls it %q)`, label, j, n, s.Name+"/…")
		case dup[n]:
			ck.failSource(i, "calendars", "%s: calendars lists %q twice: remove one", label, n)
		}
		dup[n] = true
	}
}

// sourceURL checks the address of an ICS or CalDAV source without ever
// printing it in full.
func (ck *checker) sourceURL(i int, s Source, label string) {
	switch {
	case s.URL == "" && s.URLFile == "":
		ck.failSource(i, "url", `%s has no address: add url_file = "~/.config/debrief/%s.url" (a file only you can read, holding the address) or url = "https://…"`, label, s.Name)
		return
	case s.URL != "" && s.URLFile != "":
		ck.failSource(i, "url_file", "%s: set url or url_file, not both", label)
		return
	case s.URL == "":
		return // read when the source starts; secret.ReadFile checks its mode
	}
	shown := secret.RedactURL(s.URL)
	u, err := url.Parse(s.URL)
	isFile := s.Kind == KindICS && (filepath.IsAbs(s.URL) || err == nil && u.Scheme == "file")
	if isFile {
		return
	}
	schemes := []string{"http", "https"}
	if s.Kind == KindICS {
		schemes = append(schemes, "webcal", "webcals")
	}
	if err != nil || !slices.Contains(schemes, u.Scheme) || u.Host == "" {
		ck.failSource(i, "url", "%s: url %s is not an address debrief can read: write %s", label, shown, map[string]string{
			KindICS:    `an https:// or webcal:// address, or a file path`,
			KindCalDAV: `the https:// address of the calendar collection or of the account`,
		}[s.Kind])
		return
	}
	if s.Kind == KindCalDAV && len(s.Calendars) == 0 && CollectionName(s.URL) == "" {
		ck.failSource(i, "calendars", `%s: url %s names no collection: add calendars = ["…"] to choose among the account's calendars`, label, shown)
	}
	if s.Kind == KindICS && ck.filePublic {
		ck.failSource(i, "url", "%s: url %s is a secret address, and %s can be read by others: run `chmod 600 %s`, or move the address to url_file (a file only you can read)", label, shown, ck.file, ck.file)
	}
}

// blockCalendar checks that block.calendar names a calendar debrief knows.
func (ck *checker) blockCalendar(c *Config) {
	const key = "block.calendar"
	id := c.Block.Calendar
	if !c.Block.Enabled || strings.TrimSpace(id) == "" {
		return
	}
	if name, _, ok := strings.Cut(id, "/"); ok && c.SourceOf(id) == nil {
		if len(c.Sources) > 0 {
			names := make([]string, 0, len(c.Sources))
			for _, s := range c.Sources {
				names = append(names, s.Name)
			}
			ck.fail(key, `block.calendar is %q but no [[sources]] is named %q: write "SOURCE/CALENDAR" with one of %s, or a calendar id of [calendar]`, id, name, strings.Join(names, ", "))
		}
		return // a Google calendar id of [calendar] may hold "/"
	}
	// Unset in the file, it was only left at "primary" because no source
	// could be read; that mistake is reported already.
	if c.SourceOf(id) == nil && len(c.Calendar.Calendars) == 0 && len(c.Sources) > 0 && (ck.lines == nil || ck.inFile(key)) {
		ck.fail(key, `block.calendar is %q, a calendar of the [calendar] table, which watches nothing once [[sources]] are set: write "SOURCE/CALENDAR", such as %q, or set calendar.calendars`, id, c.Sources[0].Name+"/primary")
	}
}

// entryLines returns, for each [[name]] entry of the document in order, the
// line of each of its keys ("" is the header's line). Like keyLines it
// returns nil when it cannot line its scan up with keys.
func entryLines(data string, keys []toml.Key, name string) []map[string]int {
	found := scanKeys(data)
	if len(found) != len(keys) {
		return nil
	}
	var out []map[string]int
	for i, k := range keys {
		if len(k) == 0 || !samePart(found[i].last, k[len(k)-1]) {
			return nil
		}
		if k[0] != name {
			continue
		}
		if len(k) == 1 {
			out = append(out, map[string]int{"": found[i].line})
			continue
		}
		if len(out) > 0 {
			if _, ok := out[len(out)-1][k[1]]; !ok {
				out[len(out)-1][k[1]] = found[i].line
			}
		}
	}
	return out
}
