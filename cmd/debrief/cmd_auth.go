package main

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"time"

	"golang.org/x/oauth2"

	"github.com/debrief-dev/debrief/calendar"
	"github.com/debrief-dev/debrief/config"
	"github.com/debrief-dev/debrief/internal/browser"
)

func init() {
	commands["auth"] = command{
		summary: "sign in to Google and save the calendar token",
		run:     cmdAuth,
	}
}

// cmdAuth runs the OAuth desktop flow with the client in
// calendar.credentials_file and saves the token to calendar.token_file;
// with --source NAME, those of that Google source.
func cmdAuth(e *env, args []string) error {
	fs := nbFlags(e, "auth", "debrief auth [--source NAME] [--no-browser]")
	noBrowser := fs.Bool("no-browser", false, "only print the address to open; do not start a browser")
	source := fs.String("source", "", "sign in the Google account of this [[sources]] entry (one token per account)")
	if _, err := nbParse(fs, args, 0, 0); err != nil {
		return err
	}
	cfg, err := e.config()
	if err != nil {
		return err
	}
	mode, endpoint, credsFile, tokenFile, what := cfg.Calendar.Auth, cfg.Calendar.Endpoint, cfg.Calendar.CredentialsFile, cfg.Calendar.TokenFile, "calendar.auth"
	if *source != "" {
		s, err := googleSource(cfg, *source)
		if err != nil {
			return err
		}
		mode, endpoint, credsFile, tokenFile, what = s.Auth, s.Endpoint, s.CredentialsFile, s.TokenFile, fmt.Sprintf("source %s's auth", s.Name)
	} else if len(cfg.Calendar.Calendars) == 0 && len(cfg.Sources) > 0 {
		return usageError{fmt.Errorf("the [calendar] table watches no calendar, so there is no account to sign in without --source: run debrief auth --source NAME with one of your Google sources (%s)", strings.Join(googleNames(cfg), ", "))}
	}
	if mode == "none" {
		fmt.Fprintf(e.stdout, "%s is \"none\": debrief talks to %s without credentials, so there is nothing to authorize.\n", what, endpointName(endpoint))
		return nil
	}
	creds, err := calendar.ReadCredentials(credsFile)
	if err != nil {
		return usageError{err}
	}
	var open func(string) error
	if !*noBrowser && (e.getenv("BROWSER") != "" || e.getenv("DISPLAY") != "" || e.getenv("WAYLAND_DISPLAY") != "") {
		open = func(url string) error { return browser.Open(e.ctx, e.getenv, url) }
	}
	timeout := cfg.Calendar.RequestTimeout.Duration
	if timeout <= 0 {
		timeout = 30 * time.Second
	}
	// The client for the token endpoint; Authorize would otherwise make one.
	ctx := context.WithValue(e.ctx, oauth2.HTTPClient, &http.Client{Timeout: timeout})
	if err := calendar.Authorize(ctx, e.lg, creds, tokenFile, e.stdout, open); err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "Token saved to %s (readable only by you). debrief can now reach your Google Calendar.\n", tokenFile)
	return nil
}

// googleSource returns the Google source name, or a usage error that
// lists the Google sources there are.
func googleSource(cfg *config.Config, name string) (config.Source, error) {
	for _, s := range cfg.Sources {
		if s.Name != name {
			continue
		}
		if s.Kind != config.KindGoogle {
			return s, usageError{fmt.Errorf("source %s is %s: only Google sources sign in", name, map[string]string{
				config.KindICS:    "an ICS address, which needs no sign-in (keep the address in url_file)",
				config.KindCalDAV: "a CalDAV source, which signs in with username and password_file",
			}[s.Kind])}
		}
		return s, nil
	}
	names := googleNames(cfg)
	if len(names) == 0 {
		return config.Source{}, usageError{fmt.Errorf("no [[sources]] entry is named %q, and none is a Google source: add one with kind = \"google\" (see docs/sources.md)", name)}
	}
	return config.Source{}, usageError{fmt.Errorf("no [[sources]] entry is named %q: the Google sources are %s", name, strings.Join(names, ", "))}
}

func googleNames(cfg *config.Config) []string {
	var names []string
	for _, s := range cfg.Sources {
		if s.Kind == config.KindGoogle {
			names = append(names, s.Name)
		}
	}
	return names
}

// endpointName is how a message names the calendar server.
func endpointName(endpoint string) string {
	if endpoint == "" {
		return "Google"
	}
	return endpoint
}
