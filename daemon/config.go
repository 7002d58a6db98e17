package daemon

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/debrief-dev/debrief/notebook"
)

// Conflict policies of Config.Conflict: what to do when the slot after an
// interview is busy.
const (
	ConflictShift   = "shift"   // to the next free slot of full duration within ShiftWithin
	ConflictShorten = "shorten" // to the free part, if at least MinDuration
	ConflictOverlap = "overlap" // place it anyway
	ConflictSkip    = "skip"    // no block
)

// Config is what the daemon needs; cmd/debrief maps config.Config onto it.
// The zero values of durations take the defaults noted, except MergeGap and
// ShiftWithin, for which zero means zero (config.Default has their
// defaults).
type Config struct {
	// Calendars are the calendar ids watched for interviews.
	Calendars []string
	// PollInterval is how often the calendars are synced (default 1m),
	// with ±10 % jitter.
	PollInterval time.Duration
	// Tick is the longest the loop sleeps between passes (default and
	// maximum 30s): deadlines are re-checked on the wall clock at least
	// this often, so a suspend delays a nudge by at most Tick after wake.
	// The loop also wakes at each alert deadline and poll.
	Tick time.Duration
	// TickTimeout bounds one tick's calendar calls (default 2m).
	TickTimeout time.Duration
	// Grace is how long calendar writes and the ledger write in flight
	// when ctx is cancelled may still run (default 5s).
	Grace time.Duration

	// BlockEnabled false: no calendar writes at all; alerts still use the
	// slot the block would have had.
	BlockEnabled  bool
	BlockCalendar string        // where blocks are written (default "primary")
	BlockDuration time.Duration // default 30m
	// BlockTitle: {company} and {position} are replaced (default
	// "Debrief: {company}").
	BlockTitle string
	// MergeGap: interviews that start less than this after the previous
	// ones end share one block; 0: none share, not even back to back.
	MergeGap    time.Duration
	Conflict    string        // ConflictShift (default), …
	MinDuration time.Duration // shortest block ConflictShorten leaves (default 10m)
	// ShiftWithin is how far after the interview ConflictShift looks for
	// a free slot of full duration; 0: the block stays right after the
	// interview or, when that time is busy, is not written (with a note),
	// as with ConflictSkip.
	ShiftWithin time.Duration

	// Ended: nudge when an interview ends. ReflectReminder: again at the
	// block's end while the reflection is empty.
	Ended           bool
	ReflectReminder bool
	// ThankYou are the reminders after the interview's end (3h, 20h)
	// while no thank-you note is recorded as sent.
	ThankYou []time.Duration
	// FollowUpTime is "HH:MM" on the follow-up date, in the interview's
	// time zone (default "09:00").
	FollowUpTime string
	// Briefing is how long before an interview with a company already in
	// the notebook to recall the earlier rounds; 0 disables.
	Briefing time.Duration
	// WeeklyReview is the day and time, in Local, of the weekly review
	// notice: "Sun 18:00"; "" disables it.
	WeeklyReview string
	// Local is the person's time zone: of WeeklyReview and of the weeks
	// the review counts (default time.Local).
	Local *time.Location
	// Policy derives the follow-up dates ([followup]).
	Policy notebook.Policy
	// Snooze is how long "Later" on a nudge puts the reflection reminder
	// off (default 1h).
	Snooze time.Duration

	// Pages gives the addresses of the web app's pages for the
	// notifications' buttons; nil, or "" from it, when the web app is off:
	// then no button opens a page.
	Pages Pages
	// Open opens an address in the person's browser (cmd/debrief sets
	// browser.Open with the daemon's environment); nil: no button opens a
	// page.
	Open func(ctx context.Context, url string) error

	// Rules decide what is an interview.
	Rules Rules
	// StateDir holds ledger.json and overrides.json.
	StateDir string
	// ReadOnly is for a dry run (`debrief plan`): New neither creates nor
	// cleans StateDir (a missing one reads as empty) and only Plan may be
	// called; Run and Once fail. Give it a calendar and a notebook opened
	// read-only too.
	ReadOnly bool

	// Now is the clock (default time.Now); the loop reads it once per tick.
	Now func() time.Time
	// Wake, if not nil, triggers an immediate sync and re-check, e.g. on
	// logind's PrepareForSleep(false), which cmd/debrief watches.
	Wake <-chan struct{}
	// Jitter returns a number in [0,1) for the poll jitter (default
	// math/rand/v2).
	Jitter func() float64
}

// withDefaults fills in zero values and checks the rest.
func (c Config) withDefaults() (Config, error) {
	def := func(d *time.Duration, v time.Duration) {
		if *d <= 0 {
			*d = v
		}
	}
	def(&c.PollInterval, time.Minute)
	def(&c.Tick, 30*time.Second)
	c.Tick = min(c.Tick, 30*time.Second)
	def(&c.TickTimeout, 2*time.Minute)
	def(&c.Grace, 5*time.Second)
	def(&c.BlockDuration, 30*time.Minute)
	def(&c.MinDuration, 10*time.Minute)
	def(&c.Snooze, time.Hour)
	if c.MergeGap < 0 || c.ShiftWithin < 0 {
		return c, fmt.Errorf("block merge gap %v and shift window %v: want 0 or more", c.MergeGap, c.ShiftWithin)
	}
	if c.BlockCalendar == "" {
		c.BlockCalendar = "primary"
	}
	if c.BlockTitle == "" {
		c.BlockTitle = "Debrief: {company}"
	}
	if c.FollowUpTime == "" {
		c.FollowUpTime = "09:00"
	}
	if _, _, err := clockTime(c.FollowUpTime); err != nil {
		return c, err
	}
	if c.WeeklyReview != "" {
		if _, _, _, err := weeklyTime(c.WeeklyReview); err != nil {
			return c, err
		}
	}
	if c.Local == nil {
		c.Local = time.Local
	}
	switch c.Conflict {
	case "":
		c.Conflict = ConflictShift
	case ConflictShift, ConflictShorten, ConflictOverlap, ConflictSkip:
	default:
		return c, fmt.Errorf("block conflict policy %q: want shift, shorten, overlap or skip", c.Conflict)
	}
	if len(c.Calendars) == 0 {
		return c, errors.New("no calendars to watch: set calendar.calendars")
	}
	if c.StateDir == "" {
		return c, errors.New("no state directory: set state.dir")
	}
	if c.Now == nil {
		c.Now = time.Now
	}
	return c, nil
}

// clockTime parses "HH:MM".
func clockTime(s string) (h, m int, err error) {
	t, err := time.Parse("15:04", s)
	if err != nil {
		return 0, 0, fmt.Errorf("follow-up time %q: want HH:MM, e.g. 09:00", s)
	}
	return t.Hour(), t.Minute(), nil
}
