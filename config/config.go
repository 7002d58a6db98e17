package config

import (
	"strings"
	"time"
)

// Config is the whole configuration file. Every key is documented, with its
// default, in config.example.toml at the top of the repository.
type Config struct {
	Calendar Calendar `toml:"calendar"`
	Detect   Detect   `toml:"detect"`
	Block    Block    `toml:"block"`
	Alerts   Alerts   `toml:"alerts"`
	Followup Followup `toml:"followup"`
	Notify   Notify   `toml:"notify"`
	Notebook Notebook `toml:"notebook"`
	State    State    `toml:"state"`
	Sources  []Source `toml:"sources"`
	Web      Web      `toml:"web"`
}

// Calendar is the [calendar] table: what to watch and how to reach Google.
type Calendar struct {
	Calendars       []string `toml:"calendars"`        // calendar ids to watch
	PollInterval    Duration `toml:"poll_interval"`    // 5s minimum
	Auth            string   `toml:"auth"`             // "oauth" | "none"
	Endpoint        string   `toml:"endpoint"`         // "" means Google; after Load, ends in "/"
	CredentialsFile string   `toml:"credentials_file"` // the Desktop OAuth client JSON
	TokenFile       string   `toml:"token_file"`       // written by `debrief auth`, mode 0600
	Lookback        Duration `toml:"lookback"`         // full sync's timeMin = now - lookback
	RequestTimeout  Duration `toml:"request_timeout"`  // one HTTP request
	MaxAttempts     int      `toml:"max_attempts"`     // tries of one request on 429/5xx/rate-limit 403
}

// Detect is the [detect] table: which events are interviews.
type Detect struct {
	Keywords        []string `toml:"keywords"`         // in title or description, case-insensitive
	ExcludeKeywords []string `toml:"exclude_keywords"` // any of these in the title: never an interview
	Domains         []string `toml:"domains"`          // organizer/attendee domains that mark an interview
	ExcludeDomains  []string `toml:"exclude_domains"`  // organizer domains that never do (your employer)
	SchedulingTools []string `toml:"scheduling_tools"` // invitation signatures: greenhouse, lever, …
	OwnDomains      []string `toml:"own_domains"`      // your own domains, never taken for the company
	Agencies        []string `toml:"agencies"`         // recruiting agencies' domains, never taken for the company
}

// Block is the [block] table: the reflection block written after each interview.
type Block struct {
	Enabled     bool     `toml:"enabled"` // false: no calendar writes at all
	Duration    Duration `toml:"duration"`
	Calendar    string   `toml:"calendar"` // where blocks are written
	Title       string   `toml:"title"`    // {company} and {position} are replaced
	MergeGap    Duration `toml:"merge_gap"`
	Conflict    string   `toml:"conflict"`     // "shift" | "shorten" | "overlap" | "skip"
	MinDuration Duration `toml:"min_duration"` // the shortest block "shorten" leaves
	ShiftWithin Duration `toml:"shift_within"` // how far after the interview "shift" looks
}

// Alerts is the [alerts] table: when the daemon nudges.
type Alerts struct {
	Tick            Duration   `toml:"tick"` // how often deadlines are re-checked, 30s maximum
	Ended           bool       `toml:"ended"`
	ReflectReminder bool       `toml:"reflect_reminder"`
	ThankYou        []Duration `toml:"thank_you"`      // after the interview's end
	FollowUpTime    string     `toml:"follow_up_time"` // "HH:MM" local time on the follow-up date
	Briefing        Duration   `toml:"briefing"`       // before an interview with a known company; 0 disables
	WeeklyReview    string     `toml:"weekly_review"`  // "Sun 18:00": day and HH:MM local time of the weekly review notice; "" disables
	Snooze          Duration   `toml:"snooze"`         // how long "Later" on a nudge puts the reflection reminder off
}

// Followup is the [followup] table: the dates the notebook chases.
type Followup struct {
	ThankYouWithin Duration `toml:"thank_you_within"` // thank-you due this long after the end
	ReplyAfterDays int      `toml:"reply_after_days"` // business days to a reply when none was said
	FollowUpDays   int      `toml:"follow_up_days"`   // business days after the expected reply
}

// Notify is the [notify] table: how notifications are delivered.
type Notify struct {
	Backend string   `toml:"backend"` // "desktop" | "command" | "log"
	Command []string `toml:"command"` // argv; {title} and {body} replaced, no shell
	Timeout Duration `toml:"timeout"` // hard deadline of one delivery
}

// Notebook is the [notebook] table.
type Notebook struct {
	Dir string `toml:"dir"`
}

// State is the [state] table: sync tokens, event cache, alert ledger.
type State struct {
	Dir string `toml:"dir"`
}

// Web is the [web] table: the local web app the daemon serves.
type Web struct {
	Enabled bool   `toml:"enabled"`
	Listen  string `toml:"listen"` // "127.0.0.1:0": loopback, any free port
}

// Duration is a time.Duration written as a string in time.ParseDuration
// syntax ("30m", "1h30m").
type Duration struct{ time.Duration }

// UnmarshalText parses a duration string.
func (d *Duration) UnmarshalText(b []byte) error {
	v, err := time.ParseDuration(string(b))
	if err != nil {
		return err
	}
	d.Duration = v
	return nil
}

// MarshalText writes the duration in time.ParseDuration syntax.
func (d Duration) MarshalText() ([]byte, error) { return []byte(d.String()), nil }

// String writes d as time.Duration does, without trailing zero units: "30m",
// "1h30m", "24h".
func (d Duration) String() string {
	s := d.Duration.String()
	if strings.HasSuffix(s, "m0s") {
		s = s[:len(s)-2]
	}
	if strings.HasSuffix(s, "h0m") {
		s = s[:len(s)-2]
	}
	return s
}
