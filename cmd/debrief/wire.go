package main

// Wiring shared by daemon, plan, demo and doctor: the configuration file's
// tables mapped onto each package's own Config, and the concrete clients
// built from them. Only cmd/debrief knows both sides.

import (
	"context"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"time"

	"github.com/debrief-dev/debrief/calendar"
	"github.com/debrief-dev/debrief/config"
	"github.com/debrief-dev/debrief/daemon"
	"github.com/debrief-dev/debrief/notebook"
	"github.com/debrief-dev/debrief/notify"
	"github.com/debrief-dev/debrief/web"
)

// wiring is the configuration file mapped onto the packages' configs.
// Every key of config.Config ends up in exactly one field here (a test
// walks the keys), so none is silently ignored.
type wiring struct {
	Calendar calendar.Config
	Auth     authConfig
	// Plain: the [calendar] table watches calendars of its own (with
	// [[sources]] it may watch none).
	Plain bool
	// Sources are the [[sources]] entries, paths resolved.
	Sources     []config.Source
	Notify      notify.Config
	NotebookDir string
	Daemon      daemon.Config
	Web         webWiring
}

// webWiring is the [web] table.
type webWiring struct {
	Enabled bool // the daemon serves the app
	Config  web.Config
}

// authConfig is how the calendar's HTTP client authenticates.
type authConfig struct {
	Mode            string // "oauth" or "none"
	CredentialsFile string
	TokenFile       string
	RequestTimeout  time.Duration // also bounds token refreshes
}

// wire maps cfg. The daemon's clock, wake channel and jitter are left for
// the command to set.
func wire(cfg *config.Config) wiring {
	c := cfg.Calendar
	return wiring{
		Calendar: calendar.Config{
			Endpoint:       c.Endpoint,
			Lookback:       c.Lookback.Duration,
			RequestTimeout: c.RequestTimeout.Duration,
			MaxAttempts:    c.MaxAttempts,
			StateDir:       cfg.State.Dir,
		},
		Auth: authConfig{
			Mode:            c.Auth,
			CredentialsFile: c.CredentialsFile,
			TokenFile:       c.TokenFile,
			RequestTimeout:  c.RequestTimeout.Duration,
		},
		Notify: notify.Config{
			Backend: cfg.Notify.Backend,
			Command: cfg.Notify.Command,
			Timeout: cfg.Notify.Timeout.Duration,
		},
		Plain:       len(c.Calendars) > 0,
		Sources:     cfg.Sources,
		NotebookDir: cfg.Notebook.Dir,
		Daemon:      daemonConfig(cfg),
		Web: webWiring{
			Enabled: cfg.Web.Enabled,
			Config:  web.Config{Listen: cfg.Web.Listen, StateDir: cfg.State.Dir},
		},
	}
}

func daemonConfig(cfg *config.Config) daemon.Config {
	d, b, a := cfg.Detect, cfg.Block, cfg.Alerts
	thankYou := make([]time.Duration, len(a.ThankYou))
	for i, t := range a.ThankYou {
		thankYou[i] = t.Duration
	}
	return daemon.Config{
		Calendars:       cfg.Watched(),
		PollInterval:    cfg.Calendar.PollInterval.Duration,
		Tick:            a.Tick.Duration,
		BlockEnabled:    b.Enabled && !cfg.BlocksReadOnly(), // an ICS source takes no blocks
		BlockCalendar:   b.Calendar,
		BlockDuration:   b.Duration.Duration,
		BlockTitle:      b.Title,
		MergeGap:        b.MergeGap.Duration,
		Conflict:        b.Conflict,
		MinDuration:     b.MinDuration.Duration,
		ShiftWithin:     b.ShiftWithin.Duration,
		Ended:           a.Ended,
		ReflectReminder: a.ReflectReminder,
		ThankYou:        thankYou,
		FollowUpTime:    a.FollowUpTime,
		Briefing:        a.Briefing.Duration,
		WeeklyReview:    a.WeeklyReview,
		Snooze:          a.Snooze.Duration,
		Policy:          nbPolicy(cfg.Followup),
		Rules:           rulesOf(d),
		StateDir:        cfg.State.Dir,
	}
}

// rulesOf maps the [detect] table to detection's rules.
func rulesOf(d config.Detect) daemon.Rules {
	return daemon.Rules{
		Keywords:        d.Keywords,
		ExcludeKeywords: d.ExcludeKeywords,
		Domains:         d.Domains,
		ExcludeDomains:  d.ExcludeDomains,
		SchedulingTools: d.SchedulingTools,
		OwnDomains:      d.OwnDomains,
		Agencies:        d.Agencies,
	}
}

// baseHTTPClient is the client every calendar request and token refresh
// goes through: bounded connection set-up and a whole-exchange timeout, so
// a stalled server cannot hold a tick. The calendar adapter adds its own
// per-attempt deadline on top.
func baseHTTPClient(timeout time.Duration) *http.Client {
	if timeout <= 0 {
		timeout = 30 * time.Second
	}
	tr := http.DefaultTransport.(*http.Transport).Clone()
	tr.DialContext = (&net.Dialer{Timeout: 10 * time.Second, KeepAlive: 30 * time.Second}).DialContext
	tr.TLSHandshakeTimeout = 10 * time.Second
	tr.ResponseHeaderTimeout = timeout
	tr.IdleConnTimeout = 90 * time.Second
	tr.MaxIdleConnsPerHost = 4
	return &http.Client{Transport: tr, Timeout: timeout}
}

// httpClient returns the client calendar.New needs: for auth "none" the
// plain base client (local test servers only: config validation refuses
// "none" without an endpoint), for "oauth" calendar.AuthClient, which reads
// the credentials and the token when first needed. ctx bounds token
// refreshes for the client's lifetime.
func (a authConfig) httpClient(ctx context.Context, lg *slog.Logger) *http.Client {
	base := baseHTTPClient(a.RequestTimeout)
	if a.Mode == "none" {
		return base
	}
	return calendar.AuthClient(ctx, lg, a.CredentialsFile, a.TokenFile, base)
}

// parts are the concrete collaborators of the daemon.
type parts struct {
	cal      daemon.Calendar
	notifier *notify.Notifier
	book     *notebook.Book
}

// newParts builds the calendar client, the notifier and the notebook of w.
func newParts(ctx context.Context, lg *slog.Logger, w wiring, getenv func(string) string) (*parts, error) {
	cal, err := w.calendar(ctx, lg)
	if err != nil {
		return nil, err
	}
	n, err := notify.New(lg, w.Notify, getenv)
	if err != nil {
		return nil, usageError{fmt.Errorf("%w (fix [notify] in the config)", err)}
	}
	book, err := notebook.Open(lg, w.NotebookDir)
	if err != nil {
		return nil, err
	}
	return &parts{cal: cal, notifier: n, book: book}, nil
}

// newDaemon builds everything a daemon needs from w.
func newDaemon(ctx context.Context, lg *slog.Logger, w wiring, getenv func(string) string) (*daemon.Daemon, *parts, error) {
	p, err := newParts(ctx, lg, w, getenv)
	if err != nil {
		return nil, nil, err
	}
	d, err := daemon.New(lg, w.Daemon, p.cal, p.notifier, p.book)
	if err != nil {
		return nil, nil, err
	}
	return d, p, nil
}
