package config

import (
	"os"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestLoadSourcesErrors(t *testing.T) {
	tests := []struct {
		name string
		toml string
		want string
	}{
		{"kind-typo", "[[sources]]\nname = \"a\"\nkind = \"icss\"\nurl_file = \"/x\"\n",
			`config.toml:3: [[sources]] "a": kind is "icss": use "google", "ics" or "caldav" (did you mean "ics"?)`},
		{"no-name", "[[sources]]\nkind = \"ics\"\nurl_file = \"/x\"\n",
			`config.toml:1: [[sources]] number 1 has no name: add name = "…", such as "work" (lower-case letters, digits, - and _)`},
		{"bad-name", "[[sources]]\nname = \"My Work\"\nkind = \"ics\"\nurl_file = \"/x\"\n",
			`config.toml:2: [[sources]] "My Work": name "My Work" may hold only lower-case letters, digits, - and _ (at most 40), starting with a letter or digit, such as "work-outlook"`},
		{"second-entry-line", "[[sources]]\nname = \"a\"\nkind = \"ics\"\nurl_file = \"/x\"\n\n[[sources]]\nname = \"a\"\nkind = \"ics\"\nurl_file = \"/y\"\n",
			`config.toml:7: [[sources]] "a": another source has the name "a": give each source its own name`},
		{"ics-no-address", "[[sources]]\nname = \"p\"\nkind = \"ics\"\n",
			`config.toml:1: [[sources]] "p" has no address: add url_file = "~/.config/debrief/p.url" (a file only you can read, holding the address) or url = "https://…"`},
		{"ics-bad-url-redacted", "[[sources]]\nname = \"p\"\nkind = \"ics\"\nurl = \"ftp://h/private-s3cret/basic.ics\"\n",
			`config.toml:4: [[sources]] "p": url ftp://h/… is not an address debrief can read: write an https:// or webcal:// address, or a file path`},
		{"ics-with-password", "[[sources]]\nname = \"p\"\nkind = \"ics\"\nurl_file = \"/x\"\npassword_file = \"/pw\"\n",
			`config.toml:5: [[sources]] "p": password_file is for caldav sources, not "ics": remove it`},
		{"caldav-username-no-password", "[[sources]]\nname = \"d\"\nkind = \"caldav\"\nurl = \"https://dav.example.com/cal/me/interviews/\"\nusername = \"me\"\n",
			`config.toml:5: [[sources]] "d" has a username but no password: add password_file = "~/.config/debrief/d.pass" (a file only you can read: chmod 600) or password_command`},
		{"google-with-url", "[[sources]]\nname = \"w\"\nkind = \"google\"\nurl = \"https://x/\"\n",
			`config.toml:4: [[sources]] "w": url is for ics and caldav sources, not "google": remove it`},
		{"block-calendar-unknown-source", "[block]\ncalendar = \"nope/primary\"\n[[sources]]\nname = \"w\"\nkind = \"google\"\n",
			`config.toml:2: block.calendar is "nope/primary" but no [[sources]] is named "nope": write "SOURCE/CALENDAR" with one of w, or a calendar id of [calendar]`},
		{"block-calendar-legacy-off", "[block]\ncalendar = \"primary\"\n[[sources]]\nname = \"w\"\nkind = \"google\"\n",
			`config.toml:2: block.calendar is "primary", a calendar of the [calendar] table, which watches nothing once [[sources]] are set: write "SOURCE/CALENDAR", such as "w/primary", or set calendar.calendars`},
		{"unknown-key", "[[sources]]\nname = \"w\"\nkind = \"google\"\ntokenfile = \"/t\"\n",
			`config.toml:4: unknown key sources.tokenfile (did you mean sources.token_file?)`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := loadErr(t, tt.toml); got != tt.want {
				t.Errorf("Load(%q) error:\n got: %s\nwant: %s", tt.toml, got, tt.want)
			}
		})
	}
}

// TestLoadSourcesSecretInReadableFile: an ICS address written into a
// config file others can read is refused, without showing the address.
func TestLoadSourcesSecretInReadableFile(t *testing.T) {
	p := mustWrite(t, "[[sources]]\nname = \"p\"\nkind = \"ics\"\nurl = \"https://calendar.google.com/calendar/ical/me/private-s3cret/basic.ics\"\n")
	if err := os.Chmod(p, 0o644); err != nil {
		t.Fatal(err)
	}
	_, err := Load(p, true, env(map[string]string{"HOME": "/home/u"}))
	want := p + `:4: [[sources]] "p": url https://calendar.google.com/… is a secret address, and ` + p + ` can be read by others: run ` + "`chmod 600 " + p + "`" + `, or move the address to url_file (a file only you can read)`
	if err == nil || err.Error() != want {
		t.Errorf("Load = %v\nwant %s", err, want)
	}
}

// TestLoadSources: defaults of each kind, the ids the daemon watches, and
// where blocks go.
func TestLoadSources(t *testing.T) {
	tests := []struct {
		name      string
		toml      string
		watched   []string
		block     string
		readOnly  bool
		tokenFile string // of the first source
	}{
		{"ics-only", "[[sources]]\nname = \"personal\"\nkind = \"ics\"\nurl_file = \"~/p.url\"\n",
			[]string{"personal/calendar"}, "personal/calendar", true, ""},
		{"ics-then-google", "[[sources]]\nname = \"personal\"\nkind = \"ics\"\nurl_file = \"~/p.url\"\n[[sources]]\nname = \"work\"\nkind = \"google\"\ncalendars = [\"primary\", \"team@example.com\"]\n",
			[]string{"personal/calendar", "work/primary", "work/team@example.com"}, "work/primary", false, ""},
		{"calendar-table-kept", "[calendar]\ncalendars = [\"primary\"]\n[[sources]]\nname = \"work\"\nkind = \"google\"\n",
			[]string{"primary", "work/primary"}, "primary", false, "/home/u/.config/debrief/token-work.json"},
		{"caldav-collection", "[[sources]]\nname = \"fm\"\nkind = \"caldav\"\nurl = \"https://dav.example.com/dav/calendars/user/me/interviews/\"\n",
			[]string{"fm/interviews"}, "fm/interviews", false, ""},
		{"block-in-source", "[block]\ncalendar = \"fm/interviews\"\n[[sources]]\nname = \"ics\"\nkind = \"ics\"\nurl = \"/home/u/cal.ics\"\n[[sources]]\nname = \"fm\"\nkind = \"caldav\"\nurl = \"https://dav.example.com/me/\"\ncalendars = [\"interviews\", \"work\"]\n",
			[]string{"ics/calendar", "fm/interviews", "fm/work"}, "fm/interviews", false, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg, err := Load(mustWrite(t, tt.toml), true, env(map[string]string{"HOME": "/home/u"}))
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(cfg.Watched(), tt.watched); diff != "" {
				t.Errorf("Watched() (-got +want):\n%s", diff)
			}
			if cfg.Block.Calendar != tt.block {
				t.Errorf("block.calendar = %q, want %q", cfg.Block.Calendar, tt.block)
			}
			if got := cfg.BlocksReadOnly(); got != tt.readOnly {
				t.Errorf("BlocksReadOnly() = %v, want %v", got, tt.readOnly)
			}
			if tt.tokenFile != "" && cfg.Sources[0].TokenFile != tt.tokenFile {
				t.Errorf("token_file = %q, want %q", cfg.Sources[0].TokenFile, tt.tokenFile)
			}
		})
	}
}
