package main

import (
	"context"
	"fmt"
	"net/http"
	"time"

	"golang.org/x/oauth2"

	"github.com/debrief-dev/debrief/calendar"
	"github.com/debrief-dev/debrief/internal/browser"
)

func init() {
	commands["auth"] = command{
		summary: "sign in to Google and save the calendar token",
		run:     cmdAuth,
	}
}

// cmdAuth runs the OAuth desktop flow with the client in
// calendar.credentials_file and saves the token to calendar.token_file.
func cmdAuth(e *env, args []string) error {
	fs := nbFlags(e, "auth", "debrief auth [--no-browser]")
	noBrowser := fs.Bool("no-browser", false, "only print the address to open; do not start a browser")
	if _, err := nbParse(fs, args, 0, 0); err != nil {
		return err
	}
	cfg, err := e.config()
	if err != nil {
		return err
	}
	if cfg.Calendar.Auth == "none" {
		fmt.Fprintf(e.stdout, "calendar.auth is \"none\": debrief talks to %s without credentials, so there is nothing to authorize.\n", endpointName(cfg.Calendar.Endpoint))
		return nil
	}
	creds, err := calendar.ReadCredentials(cfg.Calendar.CredentialsFile)
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
	if err := calendar.Authorize(ctx, e.lg, creds, cfg.Calendar.TokenFile, e.stdout, open); err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "Token saved to %s (readable only by you). debrief can now reach your Google Calendar.\n", cfg.Calendar.TokenFile)
	return nil
}

// endpointName is how a message names the calendar server.
func endpointName(endpoint string) string {
	if endpoint == "" {
		return "Google"
	}
	return endpoint
}
