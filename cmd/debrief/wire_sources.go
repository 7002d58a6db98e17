package main

// The calendar the daemon consumes: one mux over the [calendar] table's
// Google account and each [[sources]] entry, each built from its kind.

import (
	"context"
	"fmt"
	"log/slog"
	"path/filepath"

	"github.com/debrief-dev/debrief/calendar"
	"github.com/debrief-dev/debrief/calendar/caldav"
	"github.com/debrief-dev/debrief/calendar/ics"
	"github.com/debrief-dev/debrief/calendar/mux"
	"github.com/debrief-dev/debrief/calendar/vevent"
	"github.com/debrief-dev/debrief/config"
)

// calendar builds the mux. Nothing here touches the network: each source
// reads its secrets and signs in when first used, so a daemon starts
// offline and tells the person what is missing.
func (w wiring) calendar(ctx context.Context, lg *slog.Logger) (*mux.Mux, error) {
	var srcs []mux.Source
	if w.Plain {
		c, err := calendar.New(ctx, lg, w.Calendar, w.Auth.httpClient(ctx, lg))
		if err != nil {
			return nil, err
		}
		srcs = append(srcs, mux.Source{Cal: c})
	}
	for _, s := range w.Sources {
		c, err := w.source(ctx, lg.With("source", s.Name), s)
		if err != nil {
			return nil, fmt.Errorf("source %s: %w", s.Name, err)
		}
		srcs = append(srcs, mux.Source{Name: s.Name, Cal: c})
	}
	return mux.New(srcs...)
}

// sourceStateDir is where source name keeps its cache and sync state.
func sourceStateDir(stateDir, name string) string {
	return filepath.Join(stateDir, "sources", name)
}

// source builds one [[sources]] entry's calendar.
func (w wiring) source(ctx context.Context, lg *slog.Logger, s config.Source) (mux.Calendar, error) {
	switch s.Kind {
	case config.KindGoogle:
		cc := w.Calendar
		cc.Endpoint = s.Endpoint
		cc.StateDir = sourceStateDir(w.Calendar.StateDir, s.Name)
		a := authConfig{Mode: s.Auth, CredentialsFile: s.CredentialsFile, TokenFile: s.TokenFile, RequestTimeout: w.Auth.RequestTimeout}
		return calendar.New(ctx, lg, cc, a.httpClient(ctx, lg))
	case config.KindICS:
		return ics.New(lg, ics.Config{
			Name: s.Name, URL: s.URL, URLFile: s.URLFile,
			Settings: w.sourceSettings(s),
			ReadOnly: w.Calendar.ReadOnly,
		}, baseHTTPClient(w.Auth.RequestTimeout))
	case config.KindCalDAV:
		return caldav.New(lg, caldav.Config{
			Name: s.Name, URL: s.URL, URLFile: s.URLFile, Calendars: s.Calendars,
			Username: s.Username, PasswordFile: s.PasswordFile, PasswordCommand: s.PasswordCommand,
			Settings: w.sourceSettings(s),
			ReadOnly: w.Calendar.ReadOnly,
		}, baseHTTPClient(w.Auth.RequestTimeout))
	}
	return nil, fmt.Errorf("kind %q is not built into this version of debrief", s.Kind)
}

// sourceSettings are the settings of an ICS or CalDAV source s: its own
// state directory, the calendar's lookback, the request timeout.
func (w wiring) sourceSettings(s config.Source) vevent.Settings {
	return vevent.Settings{
		StateDir:       sourceStateDir(w.Calendar.StateDir, s.Name),
		Lookback:       w.Calendar.Lookback,
		RequestTimeout: w.Auth.RequestTimeout,
	}
}

// readOnlyBlocks says why no blocks are written when block.calendar is a
// read-only source; "" when it is not.
func readOnlyBlocks(cfg *config.Config) string {
	if !cfg.Block.Enabled || !cfg.BlocksReadOnly() {
		return ""
	}
	return fmt.Sprintf("No blocks: block.calendar %q is an ICS address, which debrief cannot write. The nudges still come. "+
		"For blocks, set block.calendar to a Google or CalDAV calendar (see docs/sources.md).", cfg.Block.Calendar)
}
