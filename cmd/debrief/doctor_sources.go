package main

import (
	"context"
	"fmt"
	"log/slog"
	"strings"
	"time"

	"github.com/debrief-dev/debrief/calendar"
	"github.com/debrief-dev/debrief/config"
	"github.com/debrief-dev/debrief/internal/secret"
)

// sources checks each [[sources]] entry: its secrets and sign-in, then
// one read of each of its calendars, on a temporary state directory.
func (d *doctor) sources(cfg *config.Config) {
	if len(cfg.Sources) == 0 {
		return
	}
	w, done, ok := d.probeWiring(cfg, "sources")
	if !ok {
		return
	}
	defer done()
	quiet := slog.New(slog.DiscardHandler)
	for _, s := range cfg.Sources {
		what := fmt.Sprintf("source %s (%s)", s.Name, s.Kind)
		if !d.sourceSecrets(what, s) {
			d.report(checkSkip, what, "calendars not tried: fix the line above first")
			continue
		}
		cal, err := w.source(d.e.ctx, quiet, s)
		if err != nil {
			d.report(checkFail, what, "%v", err)
			continue
		}
		for _, id := range s.CalendarIDs() {
			_, inner, _ := strings.Cut(id, "/")
			cwhat := fmt.Sprintf("calendar %q", id)
			if cfg.Block.Enabled && id == cfg.Block.Calendar {
				if s.ReadOnly() {
					d.report(checkWarn, cwhat, "block.calendar names it, but an ICS address is read-only: no blocks are written; the nudges still come. For blocks, set block.calendar to a Google or CalDAV calendar")
				} else {
					cwhat += " (blocks are written here)"
				}
			}
			ctx, cancel := context.WithTimeout(d.e.ctx, 2*doctorTimeout)
			start, now := time.Now(), d.e.now()
			var n int
			if s.Kind == config.KindGoogle {
				// Free/busy: one cheap request that needs a poll's rights.
				_, err = cal.Busy(ctx, []string{inner}, now, now.Add(time.Minute))
			} else {
				var evs []*calendar.Event
				evs, err = cal.Sync(ctx, inner, now)
				n = len(evs)
			}
			cancel()
			if err != nil {
				d.report(checkFail, cwhat, "%v", calendarAdvice(err))
				continue
			}
			took := time.Since(start).Round(time.Millisecond)
			switch s.Kind {
			case config.KindGoogle:
				d.report(checkOK, cwhat, "reachable at %s (answered in %s)", endpointName(s.Endpoint), took)
			case config.KindICS:
				d.report(checkOK, cwhat, "read %d events in %s (read-only: no blocks here)", n, took)
			default:
				d.report(checkOK, cwhat, "read %d events in %s", n, took)
			}
		}
	}
}

// sourceSecrets checks what a source needs before it can be read: the
// Google sign-in, the address file, the password.
func (d *doctor) sourceSecrets(what string, s config.Source) bool {
	ok := true
	switch s.Kind {
	case config.KindGoogle:
		if s.Auth == "none" {
			d.report(checkOK, what, "auth is \"none\": no sign-in needed for %s (a local test server)", s.Endpoint)
			return true
		}
		if _, err := calendar.ReadCredentials(s.CredentialsFile); err != nil {
			d.report(checkFail, what, "%v", err)
			ok = false
		}
		if _, err := calendar.ReadToken(s.TokenFile); err != nil {
			d.report(checkFail, what, "%v (for this account: `debrief auth --source %s`)", err, s.Name)
			ok = false
		} else {
			d.report(checkOK, what, "signed in: %s holds a refresh token (mode 0600)", s.TokenFile)
		}
	case config.KindICS, config.KindCalDAV:
		if s.URLFile != "" {
			addr, err := secret.ReadFile(s.URLFile, "url_file")
			if err != nil {
				d.report(checkFail, what, "%v", err)
				return false
			}
			d.report(checkOK, what, "address %s read from %s (mode 0600)", secret.RedactURL(addr), s.URLFile)
		}
		if s.PasswordFile != "" {
			if _, err := secret.ReadFile(s.PasswordFile, "password_file"); err != nil {
				d.report(checkFail, what, "%v", err)
				ok = false
			} else {
				d.report(checkOK, what, "password read from %s (mode 0600)", s.PasswordFile)
			}
		}
	}
	return ok
}
