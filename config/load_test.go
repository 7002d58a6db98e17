package config

import (
	"errors"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// loadErr loads data as dir/config.toml and returns the error text with the
// directory cut, so messages read "config.toml:3: …".
func loadErr(t *testing.T, data string) string {
	t.Helper()
	p := mustWrite(t, data)
	_, err := Load(p, true, env(map[string]string{"HOME": "/home/u"}))
	if err == nil {
		return ""
	}
	return strings.ReplaceAll(err.Error(), filepath.Dir(p)+string(filepath.Separator), "")
}

func TestLoadValidation(t *testing.T) {
	tests := []struct {
		name string
		toml string
		want string
	}{
		{"calendars-empty", "[calendar]\ncalendars = []\n",
			`config.toml:2: calendar.calendars is empty: list at least one calendar id, such as ["primary"]`},
		{"calendars-empty-id", "[calendar]\ncalendars = [\"primary\", \" \"]\n",
			`config.toml:2: calendar.calendars[1] is empty: write a calendar id such as "primary", or remove it`},
		{"calendars-duplicate", "[calendar]\ncalendars = [\"a\", \"a\"]\n",
			`config.toml:2: calendar.calendars lists "a" twice: remove one`},
		{"poll-interval-too-short", "[calendar]\npoll_interval = \"4s\"\n",
			`config.toml:2: calendar.poll_interval is 4s: set it to 5s or more`},
		{"auth-typo", "[calendar]\nauth = \"oath\"\n",
			`config.toml:2: calendar.auth is "oath": use "oauth", "none" (did you mean "oauth"?)`},
		{"auth-unknown", "[calendar]\nauth = \"apikey\"\n",
			`config.toml:2: calendar.auth is "apikey": use "oauth", "none"`},
		{"auth-none-without-endpoint", "[calendar]\nauth = \"none\"\n",
			`config.toml:2: calendar.auth is "none" but calendar.endpoint is empty: Google needs "oauth"; "none" is for a local test server named in endpoint`},
		{"endpoint-not-http", "[calendar]\nendpoint = \"ftp://example.com/\"\n",
			`config.toml:2: calendar.endpoint is "ftp://example.com/": write an http(s) URL without query, such as "http://127.0.0.1:8085/calendar/v3/", or leave it empty for Google`},
		{"endpoint-no-host", "[calendar]\nendpoint = \"http:///calendar/v3/\"\n",
			`config.toml:2: calendar.endpoint is "http:///calendar/v3/": write an http(s) URL without query, such as "http://127.0.0.1:8085/calendar/v3/", or leave it empty for Google`},
		{"endpoint-query", "[calendar]\nendpoint = \"http://h/calendar/v3/?x=1\"\n",
			`config.toml:2: calendar.endpoint is "http://h/calendar/v3/?x=1": write an http(s) URL without query, such as "http://127.0.0.1:8085/calendar/v3/", or leave it empty for Google`},
		{"max-attempts-zero", "[calendar]\nmax_attempts = 0\n",
			`config.toml:2: calendar.max_attempts is 0: set it between 1 and 10`},
		{"max-attempts-eleven", "[calendar]\nmax_attempts = 11\n",
			`config.toml:2: calendar.max_attempts is 11: set it between 1 and 10`},
		{"lookback-zero", "[calendar]\nlookback = \"0s\"\n",
			`config.toml:2: calendar.lookback is 0s: set a positive duration such as "720h"`},
		{"request-timeout-negative", "[calendar]\nrequest_timeout = \"-1s\"\n",
			`config.toml:2: calendar.request_timeout is -1s: set a positive duration such as "30s"`},
		{"credentials-empty", "[calendar]\ncredentials_file = \"\"\n",
			`config.toml:2: calendar.credentials_file is empty: write a path, or delete the line for the default`},
		{"keyword-empty", "[detect]\nkeywords = [\"interview\", \"\"]\n",
			`config.toml:2: detect.keywords[1] is empty: remove it, an empty entry would match every event`},
		{"exclude-keyword-empty", "[detect]\nexclude_keywords = [\"\"]\n",
			`config.toml:2: detect.exclude_keywords[0] is empty: remove it, an empty entry would match every event`},
		{"scheduling-tool-empty", "[detect]\nscheduling_tools = [\"\"]\n",
			`config.toml:2: detect.scheduling_tools[0] is empty: remove it, an empty entry would match every event`},
		{"domain-url", "[detect]\ndomains = [\"https://acme.com\"]\n",
			`config.toml:2: detect.domains[0] is "https://acme.com": write the domain alone, such as "example.com"`},
		{"own-domain-address", "[detect]\nown_domains = [\"me@gmail.com\"]\n",
			`config.toml:2: detect.own_domains[0] is "me@gmail.com": write the domain alone, such as "example.com"`},
		{"exclude-domain-empty", "[detect]\nexclude_domains = [\"\"]\n",
			`config.toml:2: detect.exclude_domains[0] is empty: remove it, an empty entry would match every event`},
		{"block-duration-zero", "[block]\nduration = \"0s\"\n",
			`config.toml:2: block.duration is 0s: set a positive duration such as "30m"`},
		{"block-calendar-empty", "[block]\ncalendar = \"\"\n",
			`config.toml:2: block.calendar is empty: set it to a calendar id such as "primary"`},
		{"block-title-empty", "[block]\ntitle = \"\"\n",
			`config.toml:2: block.title is empty: set it to a title such as "Debrief: {company}"`},
		{"block-title-placeholder", "[block]\ntitle = \"Debrief: {compnay}\"\n",
			`config.toml:2: block.title has the unknown placeholder {compnay}: use {company} or {position}`},
		{"merge-gap-negative", "[block]\nmerge_gap = \"-1m\"\n",
			`config.toml:2: block.merge_gap is -1m: set 0 or a positive duration such as "15m"`},
		{"conflict-typo", "[block]\nconflict = \"shfit\"\n",
			`config.toml:2: block.conflict is "shfit": use "shift", "shorten", "overlap", "skip" (did you mean "shift"?)`},
		{"min-duration-zero", "[block]\nmin_duration = \"0s\"\n",
			`config.toml:2: block.min_duration is 0s: set a positive duration such as "10m"`},
		{"min-duration-over-duration", "[block]\nduration = \"20m\"\nmin_duration = \"25m\"\n",
			`config.toml:3: block.min_duration (25m) is longer than block.duration (20m): lower block.min_duration or raise block.duration`},
		{"duration-under-default-min-duration", "[block]\nduration = \"5m\"\n",
			`config.toml:2: block.min_duration (10m) is longer than block.duration (5m): lower block.min_duration or raise block.duration`},
		{"shift-within-negative", "[block]\nshift_within = \"-1h\"\n",
			`config.toml:2: block.shift_within is -1h: set 0 or a positive duration such as "15m"`},
		{"snooze-zero", "[alerts]\nsnooze = \"0s\"\n",
			`config.toml:2: alerts.snooze is 0s: set a positive duration such as "1h"`},
		{"tick-zero", "[alerts]\ntick = \"0s\"\n",
			`config.toml:2: alerts.tick is 0s: set it above 0 and at most 30s, such as "30s", so a nudge is never late by more`},
		{"tick-too-long", "[alerts]\ntick = \"31s\"\n",
			`config.toml:2: alerts.tick is 31s: set it above 0 and at most 30s, such as "30s", so a nudge is never late by more`},
		{"thank-you-zero", "[alerts]\nthank_you = [\"3h\", \"0s\"]\n",
			`config.toml:2: alerts.thank_you[1] is 0s: each reminder must come after the interview's end, such as "3h"`},
		{"follow-up-time-12h", "[alerts]\nfollow_up_time = \"9am\"\n",
			`config.toml:2: alerts.follow_up_time is "9am": write HH:MM in 24-hour time, such as "09:00"`},
		{"follow-up-time-24", "[alerts]\nfollow_up_time = \"24:00\"\n",
			`config.toml:2: alerts.follow_up_time is "24:00": write HH:MM in 24-hour time, such as "09:00"`},
		{"follow-up-time-one-digit", "[alerts]\nfollow_up_time = \"9:00\"\n",
			`config.toml:2: alerts.follow_up_time is "9:00": write HH:MM in 24-hour time, such as "09:00"`},
		{"briefing-negative", "[alerts]\nbriefing = \"-1h\"\n",
			`config.toml:2: alerts.briefing is -1h: set 0 or a positive duration such as "15m"`},
		{"weekly-review-no-day", "[alerts]\nweekly_review = \"18:00\"\n",
			`config.toml:2: alerts.weekly_review is "18:00": write a day and HH:MM in 24-hour time, such as "Sun 18:00", or "" for none`},
		{"weekly-review-long-day", "[alerts]\nweekly_review = \"Sunday 18:00\"\n",
			`config.toml:2: alerts.weekly_review is "Sunday 18:00": write a day and HH:MM in 24-hour time, such as "Sun 18:00", or "" for none`},
		{"weekly-review-12h", "[alerts]\nweekly_review = \"Sun 6pm\"\n",
			`config.toml:2: alerts.weekly_review is "Sun 6pm": write a day and HH:MM in 24-hour time, such as "Sun 18:00", or "" for none`},
		{"thank-you-within-zero", "[followup]\nthank_you_within = \"0s\"\n",
			`config.toml:2: followup.thank_you_within is 0s: set a positive duration such as "24h"`},
		{"reply-after-days-negative", "[followup]\nreply_after_days = -1\n",
			`config.toml:2: followup.reply_after_days is -1: set 0 or more business days`},
		{"follow-up-days-negative", "[followup]\nfollow_up_days = -2\n",
			`config.toml:2: followup.follow_up_days is -2: set 0 or more business days`},
		{"backend-unknown", "[notify]\nbackend = \"dekstop\"\n",
			`config.toml:2: notify.backend is "dekstop": use "desktop", "command", "log" (did you mean "desktop"?)`},
		{"backend-command-without-command", "[notify]\nbackend = \"command\"\n",
			`config.toml:2: notify.backend is "command" but notify.command has no program: set notify.command to an argv list such as ["notify-send", "{title}", "{body}"]`},
		{"backend-command-empty-program", "[notify]\nbackend = \"command\"\ncommand = [\"\", \"{title}\"]\n",
			`config.toml:3: notify.backend is "command" but notify.command has no program: set notify.command to an argv list such as ["notify-send", "{title}", "{body}"]`},
		{"notify-timeout-zero", "[notify]\ntimeout = \"0s\"\n",
			`config.toml:2: notify.timeout is 0s: set a positive duration such as "5s"`},
		{"notebook-dir-empty", "[notebook]\ndir = \"\"\n",
			`config.toml:2: notebook.dir is empty: write a path, or delete the line for the default`},
		{"state-dir-other-user", "[state]\ndir = \"~bob/state\"\n",
			`config.toml:2: state.dir is "~bob/state": only ~ and ~/ are expanded, write the other user's home in full`},
		{"web-listen-every-network", "[web]\nlisten = \"0.0.0.0:8080\"\n",
			`config.toml:2: web.listen is "0.0.0.0:8080": that would serve every network; use "127.0.0.1:0", or name the one address to serve on`},
		{"web-listen-no-host", "[web]\nlisten = \":8080\"\n",
			`config.toml:2: web.listen is ":8080": that would serve every network; use "127.0.0.1:0", or name the one address to serve on`},
		{"web-listen-host-name", "[web]\nlisten = \"myhost.lan:8080\"\n",
			`config.toml:2: web.listen is "myhost.lan:8080": write an IP address, such as "127.0.0.1:0", not a host name`},
		{"web-listen-no-port", "[web]\nlisten = \"127.0.0.1\"\n",
			`config.toml:2: web.listen is "127.0.0.1": write an address and a port, such as "127.0.0.1:0" (0: any free port)`},
		{"web-listen-port-too-big", "[web]\nlisten = \"127.0.0.1:70000\"\n",
			`config.toml:2: web.listen is "127.0.0.1:70000": the port must be a number from 0 to 65535, such as "127.0.0.1:8765"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := loadErr(t, tt.toml); got != tt.want {
				t.Errorf("Load(%q) error:\n got: %s\nwant: %s", tt.toml, got, tt.want)
			}
		})
	}
}

func TestLoadValidValues(t *testing.T) {
	tests := []struct {
		name string
		toml string
	}{
		{"poll-interval-minimum", "[calendar]\npoll_interval = \"5s\"\n"},
		{"max-attempts-bounds", "[calendar]\nmax_attempts = 10\n"},
		{"auth-none-with-endpoint", "[calendar]\nauth = \"none\"\nendpoint = \"http://127.0.0.1:8085/calendar/v3/\"\n"},
		{"min-duration-equals-duration", "[block]\nduration = \"10m\"\nmin_duration = \"10m\"\n"},
		{"merge-gap-zero", "[block]\nmerge_gap = \"0s\"\n"},
		{"tick-maximum", "[alerts]\ntick = \"30s\"\n"},
		{"thank-you-none", "[alerts]\nthank_you = []\n"},
		{"follow-up-time-last-minute", "[alerts]\nfollow_up_time = \"23:59\"\n"},
		{"briefing-off", "[alerts]\nbriefing = \"0s\"\n"},
		{"weekly-review-off", "[alerts]\nweekly_review = \"\"\n"},
		{"weekly-review-monday-morning", "[alerts]\nweekly_review = \"Mon 08:30\"\n"},
		{"followup-days-zero", "[followup]\nreply_after_days = 0\nfollow_up_days = 0\n"},
		{"backend-command", "[notify]\nbackend = \"command\"\ncommand = [\"notify-send\", \"{title}\", \"{body}\"]\n"},
		{"backend-log-with-command-left", "[notify]\nbackend = \"log\"\ncommand = [\"true\"]\n"},
		{"title-position", "[block]\ntitle = \"Reflect: {position} at {company}\"\n"},
		{"web-listen-fixed-port", "[web]\nlisten = \"127.0.0.1:8765\"\n"},
		{"web-listen-localhost", "[web]\nlisten = \"localhost:0\"\n"},
		{"web-listen-ipv6-loopback", "[web]\nlisten = \"[::1]:0\"\n"},
		{"web-listen-lan-address-explicit", "[web]\nlisten = \"192.168.1.20:8765\"\n"},
		{"web-off", "[web]\nenabled = false\n"},
		{"empty-file", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := loadErr(t, tt.toml); got != "" {
				t.Errorf("Load(%q) = %s, want no error", tt.toml, got)
			}
		})
	}
}

func TestLoadUnknownKeys(t *testing.T) {
	tests := []struct {
		name string
		toml string
		want string
	}{
		{"typo-in-key", "# comment\n\n[block]\nenabled = true\nduraton = \"30m\"\n",
			`config.toml:5: unknown key block.duraton (did you mean block.duration?)`},
		{"swapped-letters", "[calendar]\npoll_intreval = \"1m\"\n",
			`config.toml:2: unknown key calendar.poll_intreval (did you mean calendar.poll_interval?)`},
		{"hyphen-for-underscore", "[calendar]\nmax-attempts = 3\n",
			`config.toml:2: unknown key calendar.max-attempts (did you mean calendar.max_attempts?)`},
		{"upper-case", "[notify]\nBackend = \"log\"\n",
			`config.toml:2: unknown key notify.Backend (keys are case-sensitive: write notify.backend)`},
		{"nothing-close", "[notify]\nsound = true\n",
			`config.toml:2: unknown key notify.sound (the keys of [notify] are backend, command, timeout)`},
		{"key-in-wrong-table", "[block]\npoll_interval = \"1m\"\n",
			`config.toml:2: unknown key block.poll_interval: poll_interval belongs in [calendar], not [block]`},
		{"key-in-two-tables", "[notify]\ndir = \"x\"\n",
			`config.toml:2: unknown key notify.dir: dir belongs in [notebook] or [state], not [notify]`},
		{"key-above-tables", "poll_interval = \"1m\"\n[calendar]\n",
			`config.toml:1: key poll_interval is outside any table: move it below the [calendar] header`},
		{"value-above-tables", "verbose = true\n",
			`config.toml:1: unknown key verbose: every key belongs in a table, and the tables are calendar, detect, block, alerts, followup, notify, notebook, state, sources, web`},
		{"empty-table-typo", "[notfy]\n",
			`config.toml:1: unknown table [notfy] (did you mean [notify]?)`},
		{"table-typo", "[calendar]\n\n[blok]\nduration = \"30m\"\nenabled = true\n",
			`config.toml:3: unknown table [blok] (did you mean [block]?)`},
		{"table-unknown", "[email]\nto = \"me\"\n",
			`config.toml:1: unknown table [email] (the tables are calendar, detect, block, alerts, followup, notify, notebook, state, sources, web)`},
		{"dotted-key", "block.duraton = \"30m\"\n",
			`config.toml:1: unknown key block.duraton (did you mean block.duration?)`},
		{"inline-table", "block = { enabled = true,\n  duraton = \"30m\" }\n",
			`config.toml:2: unknown key block.duraton (did you mean block.duration?)`},
		{"after-multiline-string", "[block]\ntitle = \"\"\"\nDebrief\n[x]\n\"\"\"\nduraton = \"1m\"\n",
			`config.toml:6: unknown key block.duraton (did you mean block.duration?)`},
		{"after-multiline-array", "[detect]\nkeywords = [\n  \"a\", # [x]\n  \"b = c\",\n]\nkeyword = []\n",
			`config.toml:6: unknown key detect.keyword (did you mean detect.keywords?)`},
		{"two-unknown", "[block]\nduraton = \"30m\"\n[alerts]\ntik = \"10s\"\n",
			"config.toml:2: unknown key block.duraton (did you mean block.duration?)\n" +
				"config.toml:4: unknown key alerts.tik (did you mean alerts.tick?)"},
		{"unknown-and-invalid-in-line-order", "[calendar]\nmax_attempts = 0\n[block]\nduraton = \"30m\"\n",
			"config.toml:2: calendar.max_attempts is 0: set it between 1 and 10\n" +
				"config.toml:4: unknown key block.duraton (did you mean block.duration?)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := loadErr(t, tt.toml); got != tt.want {
				t.Errorf("Load(%q) error:\n got: %s\nwant: %s", tt.toml, got, tt.want)
			}
		})
	}
}

func TestLoadDecodeErrors(t *testing.T) {
	tests := []struct {
		name string
		toml string
		want string
	}{
		{"syntax-unclosed-header", "[calendar]\npoll_interval = \"1m\"\n[block\n",
			`config.toml:3:7: expected '.' or ']' to end table name, but got '\n' instead`},
		{"syntax-unclosed-string", "[block]\ntitle = \"Debrief\n",
			`config.toml:2:17: strings cannot contain newlines`},
		{"syntax-duplicate-key", "[block]\nenabled = true\nenabled = false\n",
			`config.toml:3:1: Key 'block.enabled' has already been defined.`},
		{"duration-without-unit", "[block]\nduration = \"30\"\n",
			`config.toml:2:13: block.duration: time: missing unit in duration "30": write a duration in quotes, such as "30m" or "1h30m"`},
		{"duration-as-number", "[block]\nduration = 30\n",
			`config.toml:2:12: block.duration: time: missing unit in duration "30": write a duration in quotes, such as "30m" or "1h30m"`},
		{"duration-list-item", "[alerts]\nthank_you = [\"3h\", \"tomorrow\"]\n",
			`config.toml:2:14: alerts.thank_you: time: invalid duration "tomorrow": write a list of durations in quotes, such as ["3h", "20h"]`},
		{"int-as-string", "[calendar]\nmax_attempts = \"3\"\n",
			`config.toml:2: calendar.max_attempts must be a whole number`},
		{"bool-as-string", "[block]\nenabled = \"yes\"\n",
			`config.toml:2: block.enabled must be true or false`},
		{"list-as-string", "[calendar]\ncalendars = \"primary\"\n",
			`config.toml:2: calendar.calendars must be a list of strings in quotes, such as ["a", "b"]`},
		{"table-as-value", "block = 3\n",
			`config.toml:1: block must be a table: write it as a [block] header followed by its keys`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := loadErr(t, tt.toml); got != tt.want {
				t.Errorf("Load(%q) error:\n got: %s\nwant: %s", tt.toml, got, tt.want)
			}
		})
	}
}

func TestLoadErrorsAreTyped(t *testing.T) {
	p := mustWrite(t, "[block]\nduraton = \"30m\"\n\n[alerts]\ntick = \"1m\"\n")
	_, err := Load(p, true, env(map[string]string{"HOME": "/home/u"}))
	var got []Error
	for _, e := range err.(interface{ Unwrap() []error }).Unwrap() {
		var ce *Error
		if !errors.As(e, &ce) {
			t.Fatalf("error %v is a %T, want *config.Error", e, e)
		}
		c := *ce
		c.Msg = ""
		got = append(got, c)
	}
	want := []Error{
		{File: p, Line: 2, Key: "block.duraton"},
		{File: p, Line: 5, Key: "alerts.tick"},
	}
	if diff := cmp.Diff(got, want); diff != "" {
		t.Errorf("Load errors (-got +want):\n%s", diff)
	}
}

// TestLoadEveryMistakeAtOnce: a file with several mistakes, of every kind
// but syntax, reports all of them in one go, each with its line, in file
// order; a syntax error is reported alone, since nothing after it can be
// read.
func TestLoadEveryMistakeAtOnce(t *testing.T) {
	for _, tc := range []struct {
		name, data string
		want       []string
	}{
		{"types-keys-values", `[calendar]
poll_interval = "1x"
calendarz = ["a"]
[block]
duration = "-5m"
enabled = "yes"
[notify]
backend = "pigeon"
`, []string{
			`config.toml:2:18: calendar.poll_interval: time: unknown unit "x" in duration "1x": write a duration in quotes, such as "30m" or "1h30m"`,
			"config.toml:3: unknown key calendar.calendarz (did you mean calendar.calendars?)",
			`config.toml:5: block.duration is -5m: set a positive duration such as "30m"`,
			"config.toml:6: block.enabled must be true or false",
			`config.toml:8: notify.backend is "pigeon": use "desktop", "command", "log"`,
		}},
		{"two-wrong-types", "[block]\nenabled = 1\nduration = 30\n", []string{
			"config.toml:2: block.enabled must be true or false",
			`config.toml:3:12: block.duration: time: missing unit in duration "30": write a duration in quotes`,
		}},
		{"syntax-alone", "[block]\nenabled = yes\nduration = 30\n", []string{
			"config.toml:2",
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := strings.Split(loadErr(t, tc.data), "\n")
			if len(got) != len(tc.want) {
				t.Fatalf("%d errors, want %d:\n%s", len(got), len(tc.want), strings.Join(got, "\n"))
			}
			for i, w := range tc.want {
				if !strings.Contains(got[i], w) {
					t.Errorf("error %d = %q, want %q", i+1, got[i], w)
				}
			}
		})
	}
}
