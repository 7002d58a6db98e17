package config

import (
	"errors"
	"fmt"
	"net"
	"net/netip"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Validate reports every value of c that debrief cannot work with, each as
// an *Error naming the key and the fix, joined with errors.Join; nil when c
// is usable. Load runs the same checks and adds the file and line.
func (c *Config) Validate() error {
	ck := &checker{reported: map[string]bool{}}
	ck.config(c)
	return errors.Join(ck.errs...)
}

// checker collects mistakes, locating each key in the file when it can.
type checker struct {
	file  string
	lines map[string]int // key → line; nil when unknown
	errs  []error

	// reported holds the paths resolvePaths already failed, so the
	// emptiness check does not report them twice.
	reported map[string]bool

	// sourceLines holds the lines of each [[sources]] entry's keys.
	sourceLines []map[string]int
	// filePublic: group or others can read the file (secrets do not
	// belong in it then).
	filePublic bool
}

// fail records a mistake in key; the message names the key and the fix.
func (ck *checker) fail(key, format string, args ...any) {
	ck.errs = append(ck.errs, &Error{File: ck.file, Line: ck.lines[key], Key: key, Msg: fmt.Sprintf(format, args...)})
}

// inFile reports whether the file sets key.
func (ck *checker) inFile(key string) bool {
	_, ok := ck.lines[key]
	return ok
}

func (ck *checker) config(c *Config) {
	ck.calendar(c.Calendar, len(c.Sources) > 0)
	ck.detect(c.Detect)
	ck.block(c.Block)
	ck.alerts(c.Alerts)
	ck.followup(c.Followup)
	ck.notify(c.Notify)
	ck.nonEmpty("notebook.dir", c.Notebook.Dir, "a directory such as \"~/.local/share/debrief/notebook\"")
	ck.nonEmpty("state.dir", c.State.Dir, "a directory such as \"~/.local/state/debrief\"")
	ck.sources(c)
	if _, _, err := WebListen(c.Web.Listen); err != nil {
		ck.fail("web.listen", "%s", err.Error())
	}
}

// WebListen checks web.listen: host:port with a loopback host (127.0.0.1,
// ::1, localhost) or one explicit IP address. An empty or unspecified host
// (0.0.0.0, ::) would serve every network and is refused, as is a host
// name, which could resolve anywhere. It returns the IP to listen on and
// whether it is loopback; the error names web.listen and the fix. The web
// app applies the same rule when it starts.
func WebListen(addr string) (ip string, loopback bool, err error) {
	h, port, err := net.SplitHostPort(addr)
	if err != nil {
		return "", false, fmt.Errorf(`web.listen is %q: write an address and a port, such as "127.0.0.1:0" (0: any free port)`, addr)
	}
	if n, err := strconv.Atoi(port); err != nil || n < 0 || n > 65535 {
		return "", false, fmt.Errorf(`web.listen is %q: the port must be a number from 0 to 65535, such as "127.0.0.1:8765"`, addr)
	}
	if strings.EqualFold(h, "localhost") {
		return "127.0.0.1", true, nil
	}
	a, perr := netip.ParseAddr(h)
	switch {
	case h == "" || perr == nil && a.IsUnspecified():
		return "", false, fmt.Errorf(`web.listen is %q: that would serve every network; use "127.0.0.1:0", or name the one address to serve on`, addr)
	case perr != nil || a.Zone() != "":
		return "", false, fmt.Errorf(`web.listen is %q: write an IP address, such as "127.0.0.1:0", not a host name`, addr)
	}
	a = a.Unmap()
	return a.String(), a.IsLoopback(), nil
}

// calendar checks the [calendar] table; with sources, its calendars may
// be empty (it is then not a source of its own).
func (ck *checker) calendar(c Calendar, sources bool) {
	const key = "calendar.calendars"
	if len(c.Calendars) == 0 && !sources {
		ck.fail(key, `%s is empty: list at least one calendar id, such as ["primary"]`, key)
	}
	seen := map[string]bool{}
	for i, id := range c.Calendars {
		switch {
		case strings.TrimSpace(id) == "":
			ck.fail(key, `%s[%d] is empty: write a calendar id such as "primary", or remove it`, key, i)
		case seen[id]:
			ck.fail(key, "%s lists %q twice: remove one", key, id)
		}
		seen[id] = true
	}
	ck.atLeast("calendar.poll_interval", c.PollInterval, 5*time.Second)
	ck.oneOf("calendar.auth", c.Auth, "oauth", "none")
	if c.Endpoint != "" && !endpointOK(c.Endpoint) {
		ck.fail("calendar.endpoint", `calendar.endpoint is %q: write an http(s) URL without query, such as "http://127.0.0.1:8085/calendar/v3/", or leave it empty for Google`, c.Endpoint)
	}
	if c.Auth == "none" && c.Endpoint == "" {
		ck.fail("calendar.auth", `calendar.auth is "none" but calendar.endpoint is empty: Google needs "oauth"; "none" is for a local test server named in endpoint`)
	}
	ck.nonEmpty("calendar.credentials_file", c.CredentialsFile, "the path of the OAuth client JSON")
	ck.nonEmpty("calendar.token_file", c.TokenFile, "the path where `debrief auth` saves the token")
	ck.positive("calendar.lookback", c.Lookback, "720h")
	ck.positive("calendar.request_timeout", c.RequestTimeout, "30s")
	if c.MaxAttempts < 1 || c.MaxAttempts > 10 {
		ck.fail("calendar.max_attempts", "calendar.max_attempts is %d: set it between 1 and 10", c.MaxAttempts)
	}
}

// endpointOK reports whether s is an http or https URL with a host and no
// query, fragment or user.
func endpointOK(s string) bool {
	u, err := url.Parse(s)
	return err == nil && (u.Scheme == "http" || u.Scheme == "https") && u.Host != "" &&
		u.User == nil && !strings.ContainsAny(s, "?#")
}

// normalizeEndpoint turns a valid endpoint into the service root the Calendar
// client expects: a bare "http://host:port" or "http://host:port/" gains
// "/calendar/v3/"; any other path is kept and made to end in "/" (without it
// the client requests /calendar/calendars/…). Anything else is returned as is
// for validation to report.
func normalizeEndpoint(s string) string {
	if s == "" || !endpointOK(s) {
		return s
	}
	u, _ := url.Parse(s)
	switch {
	case u.Path == "":
		return s + "/calendar/v3/"
	case u.Path == "/":
		return s + "calendar/v3/"
	case !strings.HasSuffix(s, "/"):
		return s + "/"
	}
	return s
}

func (ck *checker) detect(d Detect) {
	ck.entries("detect.keywords", d.Keywords, false)
	ck.entries("detect.exclude_keywords", d.ExcludeKeywords, false)
	ck.entries("detect.domains", d.Domains, true)
	ck.entries("detect.exclude_domains", d.ExcludeDomains, true)
	ck.entries("detect.scheduling_tools", d.SchedulingTools, false)
	ck.entries("detect.own_domains", d.OwnDomains, true)
	ck.entries("detect.agencies", d.Agencies, true)
}

// entries rejects empty strings in a list, which would match every event,
// and, for domain lists, anything that is not a bare domain.
func (ck *checker) entries(key string, list []string, domains bool) {
	for i, s := range list {
		switch {
		case strings.TrimSpace(s) == "":
			ck.fail(key, "%s[%d] is empty: remove it, an empty entry would match every event", key, i)
		case domains && strings.ContainsAny(s, "@/: \t\n"):
			ck.fail(key, `%s[%d] is %q: write the domain alone, such as "example.com"`, key, i, s)
		}
	}
}

// placeholder matches the {name} placeholders of block.title.
var placeholder = regexp.MustCompile(`\{[^{}]*\}`)

func (ck *checker) block(b Block) {
	ck.positive("block.duration", b.Duration, "30m")
	ck.nonEmpty("block.calendar", b.Calendar, `a calendar id such as "primary"`)
	ck.nonEmpty("block.title", b.Title, `a title such as "Debrief: {company}"`)
	for _, p := range placeholder.FindAllString(b.Title, -1) {
		if p != "{company}" && p != "{position}" {
			ck.fail("block.title", "block.title has the unknown placeholder %s: use {company} or {position}", p)
		}
	}
	ck.notNegative("block.merge_gap", b.MergeGap)
	ck.oneOf("block.conflict", b.Conflict, "shift", "shorten", "overlap", "skip")
	ck.positive("block.min_duration", b.MinDuration, "10m")
	if b.Duration.Duration > 0 && b.MinDuration.Duration > b.Duration.Duration {
		key := "block.min_duration"
		if !ck.inFile(key) && ck.inFile("block.duration") {
			key = "block.duration"
		}
		ck.fail(key, "block.min_duration (%s) is longer than block.duration (%s): lower block.min_duration or raise block.duration", b.MinDuration, b.Duration)
	}
	ck.notNegative("block.shift_within", b.ShiftWithin)
}

// clock matches "HH:MM" in 24-hour time.
var clock = regexp.MustCompile(`^([01][0-9]|2[0-3]):[0-5][0-9]$`)

func (ck *checker) alerts(a Alerts) {
	if a.Tick.Duration <= 0 || a.Tick.Duration > 30*time.Second {
		ck.fail("alerts.tick", `alerts.tick is %s: set it above 0 and at most 30s, such as "30s", so a nudge is never late by more`, a.Tick)
	}
	for i, d := range a.ThankYou {
		if d.Duration <= 0 {
			ck.fail("alerts.thank_you", `alerts.thank_you[%d] is %s: each reminder must come after the interview's end, such as "3h"`, i, d)
		}
	}
	if !clock.MatchString(a.FollowUpTime) {
		ck.fail("alerts.follow_up_time", `alerts.follow_up_time is %q: write HH:MM in 24-hour time, such as "09:00"`, a.FollowUpTime)
	}
	ck.notNegative("alerts.briefing", a.Briefing)
	ck.positive("alerts.snooze", a.Snooze, "1h")
	if a.WeeklyReview != "" && !weekClock.MatchString(a.WeeklyReview) {
		ck.fail("alerts.weekly_review", `alerts.weekly_review is %q: write a day and HH:MM in 24-hour time, such as "Sun 18:00", or "" for none`, a.WeeklyReview)
	}
}

// weekClock matches "Sun 18:00": an English three-letter day and HH:MM.
var weekClock = regexp.MustCompile(`^(Mon|Tue|Wed|Thu|Fri|Sat|Sun) ([01][0-9]|2[0-3]):[0-5][0-9]$`)

func (ck *checker) followup(f Followup) {
	ck.positive("followup.thank_you_within", f.ThankYouWithin, "24h")
	if f.ReplyAfterDays < 0 {
		ck.fail("followup.reply_after_days", "followup.reply_after_days is %d: set 0 or more business days", f.ReplyAfterDays)
	}
	if f.FollowUpDays < 0 {
		ck.fail("followup.follow_up_days", "followup.follow_up_days is %d: set 0 or more business days", f.FollowUpDays)
	}
}

func (ck *checker) notify(n Notify) {
	ck.oneOf("notify.backend", n.Backend, "desktop", "command", "log")
	if n.Backend == "command" && (len(n.Command) == 0 || strings.TrimSpace(n.Command[0]) == "") {
		key := "notify.command"
		if !ck.inFile(key) {
			key = "notify.backend"
		}
		ck.fail(key, `notify.backend is "command" but notify.command has no program: set notify.command to an argv list such as ["notify-send", "{title}", "{body}"]`)
	}
	ck.positive("notify.timeout", n.Timeout, "5s")
}

func (ck *checker) positive(key string, d Duration, example string) {
	if d.Duration <= 0 {
		ck.fail(key, "%s is %s: set a positive duration such as %q", key, d, example)
	}
}

func (ck *checker) notNegative(key string, d Duration) {
	if d.Duration < 0 {
		ck.fail(key, `%s is %s: set 0 or a positive duration such as "15m"`, key, d)
	}
}

func (ck *checker) atLeast(key string, d Duration, least time.Duration) {
	if d.Duration < least {
		ck.fail(key, "%s is %s: set it to %s or more", key, d, Duration{least})
	}
}

func (ck *checker) nonEmpty(key, v, what string) {
	if strings.TrimSpace(v) == "" && !ck.reported[key] {
		ck.fail(key, "%s is empty: set it to %s", key, what)
	}
}

// oneOf checks that v is one of allowed, suggesting the closest on a typo.
func (ck *checker) oneOf(key, v string, allowed ...string) {
	if slices.Contains(allowed, v) {
		return
	}
	quoted := make([]string, len(allowed))
	for i, a := range allowed {
		quoted[i] = fmt.Sprintf("%q", a)
	}
	msg := fmt.Sprintf("%s is %q: use %s", key, v, strings.Join(quoted, ", "))
	if best, ok := closest(v, allowed); ok {
		msg += fmt.Sprintf(" (did you mean %q?)", best)
	}
	ck.fail(key, "%s", msg)
}
